package hubspot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
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

// The batch body encodes values in place; it must agree with EncodeValue
// on every kind, and refuse what EncodeValue refuses.
func TestBatchEncodingAgreesWithEncodeValue(t *testing.T) {
	t.Parallel()
	values := map[string]cdp.Value{
		"zero":      {},
		"string":    cdp.StringValue(`Ana "Lú" <cia>`),
		"number":    cdp.NumberValue(decimal.RequireFromString("-1234.500")),
		"big":       cdp.NumberValue(decimal.New(7, 40)),
		"huge":      cdp.NumberValue(decimal.RequireFromString("123456789012345678901234567890.25")),
		"bool":      cdp.BoolValue(false),
		"date":      cdp.DateValue(calendar.Date{Year: 2026, Month: time.February, Day: 28}),
		"timestamp": cdp.TimestampValue(time.Date(2026, 3, 1, 21, 30, 0, 5e6, time.FixedZone("BRT", -3*3600))),
		"list":      cdp.StringsValue("a", `b"c`),
	}
	c, err := New("t")
	require.NoError(t, err)
	body, _, err := c.upsertInputs("email", []UpsertInput{{ID: "a@x.com", Properties: values}})
	require.NoError(t, err)
	req, err := newRequest("POST", "/x", batchRequest{Inputs: body}, true)
	require.NoError(t, err)
	var decoded batchRequest
	require.NoError(t, json.Unmarshal(req.body, &decoded))
	want := map[string]string{}
	for k, v := range values {
		s, err := EncodeValue(v)
		require.NoError(t, err)
		want[k] = s
	}
	assert.Equal(t, want, decoded.Inputs[0].Properties)

	refused := map[string]cdp.Value{
		"long string": cdp.StringValue(strings.Repeat("x", MaxStringLength+1)),
		"long list":   cdp.StringsValue(strings.Repeat("x", MaxStringLength), "y"),
		"separator":   cdp.StringsValue("a;b"),
		"bad date":    cdp.DateValue(calendar.Date{Year: 2026, Month: 13, Day: 1}),
		"zero time":   cdp.TimestampValue(time.Time{}),
	}
	for name, v := range refused {
		props := Properties{"p": v}
		_, err := c.Contacts.BatchUpsert(context.Background(), "email", []UpsertInput{{ID: "a@x.com", Properties: props}})
		var ve *ValueError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "p", ve.Property, name)
		assert.ErrorAs(t, props.check(), &ve, name)
		_, err = c.Contacts.BatchUpdate(context.Background(), []UpdateInput{{ID: "1", Properties: props}})
		assert.ErrorAs(t, err, &ve, name)
	}
}
