package hubspot

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBatchRequestJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	req := batchRequest{Inputs: []batchInput{
		{ID: "a@x.com", IDProperty: "email", TraceID: "t-0", Properties: map[string]string{
			"z": "last", "a": `quote " backslash \ tab	 nl
 cr` + "\r", "html": "<b>&</b>", "ctl": "\x00\x1f\b\f", "utf8": "ação €", "bad": "\xff\xfe", "sep": "\u2028\u2029"}},
		{Properties: map[string]string{}, TraceID: "t-1", Associations: []association{{To: associationTo{ID: "9"},
			Types: []associationType{{Category: "HUBSPOT_DEFINED", TypeID: 204}}}}},
	}}
	want, err := json.Marshal(req)
	require.NoError(t, err)
	got, err := req.appendJSON(nil)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
	assert.True(t, json.Valid(got))
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `"\`, "\x00", "\xff", "<>&", "\u2028", "ação", "\b\f\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
