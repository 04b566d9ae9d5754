package segment

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

// testCatalog is the catalog most tests compile against.
var testCatalog = Catalog{
	"cdp_reinvestable_amount": {Kind: cdp.KindNumber, Description: "amount that can be reinvested"},
	"cdp_balance":             {Kind: cdp.KindNumber, Description: "account balance"},
	"cdp_next_expiry_date":    {Kind: cdp.KindDate, Description: "next maturity"},
	"cdp_segment":             {Kind: cdp.KindString, Description: "customer segment"},
	"cdp_email":               {Kind: cdp.KindString, Description: "e-mail"},
	"cdp_email_opt_out":       {Kind: cdp.KindBool, Description: "opted out of e-mail"},
	"cdp_tags":                {Kind: cdp.KindStrings, Description: "tags"},
	"cdp_last_login_at":       {Kind: cdp.KindTimestamp, Description: "last login"},
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func date(s string) calendar.Date { return calendar.MustParseDate(s) }

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// profile builds a profile from name/value pairs.
func profile(id string, kv ...any) *cdp.Profile {
	p := &cdp.Profile{ID: id}
	for i := 0; i < len(kv); i += 2 {
		p.Set(kv[i].(string), cdp.Trait{Value: kv[i+1].(cdp.Value)})
	}
	return p
}

func mustCompile(t testing.TB, seg Segment, cat Catalog, opts Options) *Matcher {
	t.Helper()
	m, err := Compile(seg, cat, opts)
	require.NoError(t, err, "compile %s", seg)
	return m
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
