package jobkit

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

func TestChooseTarget(t *testing.T) {
	const token = "pat-na1-secret"
	cases := []struct {
		name             string
		env              map[string]string
		fake, dry, named bool
		want             Target
		refused          bool
	}{
		{name: "demo", want: Target{Fake: true, Demo: true}},
		{name: "named input without token", named: true, refused: true},
		{name: "named input, dry run", named: true, dry: true, want: Target{}},
		{name: "named input, fake", named: true, fake: true, want: Target{Fake: true}},
		{name: "token", named: true, env: map[string]string{"HUBSPOT_ACCESS_TOKEN": token}, want: Target{Token: token}},
		{name: "sample with a token", env: map[string]string{"HUBSPOT_ACCESS_TOKEN": token}, refused: true},
		{name: "fake with a token", fake: true, named: true, env: map[string]string{"HUBSPOT_ACCESS_TOKEN": token}, refused: true},
		{name: "base URL without token", named: true, dry: true, env: map[string]string{"HUBSPOT_BASE_URL": "http://x"}, refused: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ChooseTarget(func(k string) string { return tc.env[k] }, tc.fake, tc.dry, tc.named)
			if tc.refused {
				require.Error(t, err)
				assert.NotContains(t, err.Error(), token)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestIdentityKey(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	_, _, err := IdentityKey(env(""), true)
	assert.Error(t, err, "required and missing")
	_, _, err = IdentityKey(env("short-secret"), false)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "short-secret")
	key, m, err := IdentityKey(env("0123456789abcdef"), true)
	require.NoError(t, err)
	assert.Equal(t, []byte("0123456789abcdef"), key)
	assert.True(t, m.Keyed())
	key, m, err = IdentityKey(env(""), false)
	require.NoError(t, err)
	assert.Nil(t, key)
	assert.False(t, m.Keyed())
}

func TestClientCounterAndTokenCheck(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	counter := &CallCounter{}
	c, fake, err := HubSpotClient(Target{Token: srv.Token, BaseURL: srv.URL}, hubspot.Unlimited(), nil, counter, nil)
	require.NoError(t, err)
	assert.Nil(t, fake)
	require.NoError(t, CheckToken(context.Background(), c, 5e9))
	assert.Equal(t, [2]int64{1, 0}, [2]int64{counter.Calls(), counter.RateLimited()})

	bad, _, err := HubSpotClient(Target{Token: "wrong", BaseURL: srv.URL}, hubspot.Unlimited(), nil, http.DefaultTransport, nil)
	require.NoError(t, err)
	err = CheckToken(context.Background(), bad, 5e9)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "401")

	c, fake, err = HubSpotClient(Target{Fake: true}, hubspot.Limits{}, nil, nil, nil)
	require.NoError(t, err)
	require.NotNil(t, fake)
	defer fake.Close()
	assert.NoError(t, CheckToken(context.Background(), c, 5e9))
}

func TestSmallHelpers(t *testing.T) {
	assert.Equal(t, []Format{FormatCSV, FormatNDJSON, FormatParquet, FormatNDJSON},
		[]Format{FormatOfName("a.csv"), FormatOfName("a.NDJSON"), FormatOfName("x/a.parquet"), FormatOfName("a.jsonl")})
	assert.Equal(t, filepath.Join("specs", "a.csv"), Beside(filepath.Join("specs", "spec.json"), "a.csv"))
	assert.Equal(t, "/data/a.csv", Beside("specs/spec.json", "/data/a.csv"))
	assert.Equal(t, "ok", Status(ExitOK, nil, nil))
	assert.Equal(t, "failed: boom", Status(ExitRejected, nil, errors.New("boom")))
	assert.Equal(t, " — DRY RUN, nothing written", Target{Fake: true}.Banner(true))
	var b bytes.Buffer
	s := NewSummary(&b)
	s.Row("persons", "%d", 7)
	s.Row("audience members", "%d", 5)
	require.NoError(t, s.Flush())
	assert.Equal(t, "  persons           7\n  audience members  5\n", b.String())
	err := MassClearRefusal(&hubspot.MassClearError{Clears: 9, Known: 10, MaxPercent: 80})
	assert.ErrorIs(t, err, hubspot.ErrMassClear)
	assert.Contains(t, err.Error(), "-allow-mass-clear")
}
