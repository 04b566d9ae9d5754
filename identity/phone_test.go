package identity

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/warrenbrasil/customerdata/cdp"
)

// TestLegacyMobileRule checks that an eight-digit mobile number is never
// made a nine-digit one unless Config.RepairLegacyMobile says so.
func TestLegacyMobileRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       string
		repair   bool
		want     string // "" when dropped
		dropped  Reason
		landline bool
	}{
		{name: "5-3 legacy, default", in: "(11) 99123-456", dropped: ReasonLegacyMobile},
		{name: "5-3 legacy, repaired", in: "(11) 99123-456", repair: true, want: "+5511999123456"},
		{name: "4-4 legacy, default", in: "(11) 8123-4567", dropped: ReasonLegacyMobile},
		{name: "4-4 legacy, repaired", in: "(11) 8123-4567", repair: true, want: "+5511981234567"},
		{name: "e164 legacy, default", in: "+55 21 7123 4567", dropped: ReasonLegacyMobile},
		{name: "e164 legacy, repaired", in: "+55 21 7123 4567", repair: true, want: "+5521971234567"},
		{name: "landline, default", in: "(11) 3123-4567", want: "+551131234567"},
		{name: "landline, repair on", in: "(11) 3123-4567", repair: true, want: "+551131234567"},
		{name: "mobile, default", in: "(11) 99123-4567", want: "+5511991234567"},
		{name: "mobile, repair on", in: "(11) 99123-4567", repair: true, want: "+5511991234567"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := newGraph(t, Config{RepairLegacyMobile: tc.repair}, obsAt(0, "crm", uid("u-1"), phone(tc.in)))
			got, err := g.Normalize(phone(tc.in))
			if tc.want == "" {
				require.ErrorIs(t, err, ErrInvalid)
				var ie *InvalidError
				require.ErrorAs(t, err, &ie)
				assert.Equal(t, tc.dropped, ie.Reason)
				assert.Equal(t, map[cdp.IdentifierType]map[Reason]int{cdp.Phone: {tc.dropped: 1}}, g.Stats().Dropped)
				_, ok := g.Resolve(phone(tc.in))
				assert.False(t, ok, "a dropped number resolves to nobody")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, phone(tc.want), got)
			assert.Empty(t, g.Stats().Dropped)
			assert.Equal(t, resolve(t, g, uid("u-1")), resolve(t, g, phone(tc.want)))
		})
	}
}

// TestLegacyMobileCountedWhenRead checks that reading observations counts
// a legacy mobile number as dropped, both in ReadObservations (default
// rules) and in Graph.ReadNDJSON (the graph's rules).
func TestLegacyMobileCountedWhenRead(t *testing.T) {
	t.Parallel()
	const in = `{"source":"crm","observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"u-1","phone":"(11) 99123-456"}}` + "\n"
	st, err := ReadObservations(strings.NewReader(in), func(Observation) error { return nil })
	require.NoError(t, err)
	want := map[cdp.IdentifierType]map[Reason]int{cdp.Phone: {ReasonLegacyMobile: 1}}
	assert.Equal(t, want, st.Dropped)

	g := newGraph(t, Config{})
	st, err = g.ReadNDJSON(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, want, st.Dropped)

	g = newGraph(t, Config{RepairLegacyMobile: true})
	st, err = g.ReadNDJSON(strings.NewReader(in))
	require.NoError(t, err)
	assert.Empty(t, st.Dropped)
	assert.Equal(t, resolve(t, g, uid("u-1")), resolve(t, g, phone("+5511999123456")))
}
