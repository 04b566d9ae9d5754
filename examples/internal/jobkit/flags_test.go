package jobkit

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/hubspot"
)

func parseFlags(t *testing.T, args ...string) (*Flags, error) {
	t.Helper()
	var f Flags
	fs := flag.NewFlagSet("job", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f.Register(fs, "dl.ndjson")
	f.RegisterContactKey(fs)
	f.RegisterPartitions(fs)
	if err := fs.Parse(args); err != nil {
		return &f, err
	}
	return &f, f.Check(func(string) string { return "" }, false)
}

func TestFlagsCheck(t *testing.T) {
	cases := []struct {
		args []string
		want string // "" = accepted
	}{
		{nil, ""},
		{[]string{"-max-clear", "0"}, "-max-clear 0: want a percent from 1 to 100"},
		{[]string{"-timeout", "-1s"}, "-timeout -1s: want a positive duration"},
		{[]string{"-requests-per-10s", "-1"}, "-requests-per-10s -1"},
		{[]string{"-contact-key", "User Id"}, `-contact-key "User Id": want email or a HubSpot property name`},
		{[]string{"-tier", "platinum"}, "-tier:"},
		{[]string{"-partition", "3/3"}, `-partition "3/3": want I/N`},
	}
	for _, tc := range cases {
		_, err := parseFlags(t, tc.args...)
		if tc.want == "" {
			assert.NoError(t, err, "%v", tc.args)
			continue
		}
		require.Error(t, err, "%v", tc.args)
		assert.Contains(t, err.Error(), tc.want)
	}
	f, err := parseFlags(t, "-tier", hubspot.TierProfessional, "-requests-per-10s", "90", "-partition", "1/3")
	require.NoError(t, err)
	assert.Equal(t, Partition{I: 1, N: 3}, f.Partition)
	assert.Equal(t, 30, f.Limits.PerInterval, "90 per 10 s, shared by 3 partitions")
	assert.Equal(t, Target{Fake: true, Demo: true}, f.Target)
	assert.False(t, f.Writes())
}

func TestAsOf(t *testing.T) {
	sample := calendar.MustParseDate("2026-02-13")
	// 02:30 UTC on 1 March is still 28 February in São Paulo (UTC-3).
	now := func() time.Time { return time.Date(2026, time.March, 1, 2, 30, 0, 0, time.UTC) }
	cases := []struct {
		value     string
		useSample bool
		want      string
	}{
		{"2026-02-20", true, "2026-02-20"},
		{"", true, "2026-02-13"},
		{"", false, "2026-02-28"},
	}
	for _, tc := range cases {
		got, loc, err := AsOf(tc.value, tc.useSample, sample, now)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got.String())
		assert.Equal(t, "America/Sao_Paulo", loc.String())
	}
	_, _, err := AsOf("20/02/2026", false, sample, now)
	assert.ErrorContains(t, err, "-as-of:")
}

func TestCheckEventName(t *testing.T) {
	assert.NoError(t, CheckEventName("-events", "pe123_cdp_expiry"))
	for _, bad := range []string{"Expiry Detected", "pe_x", "123_x", "pe1_X"} {
		assert.ErrorContains(t, CheckEventName("-events", bad), "pe<portal id>_<name>", bad)
	}
}
