package cdp_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/cdp"
)

// Two sources describe the same customer; Merge keeps the newest
// observation of each trait and breaks ties by source priority.
func ExampleMerge() {
	at := time.Date(2025, 6, 23, 12, 0, 0, 0, time.UTC)
	crm := cdp.Profile{ID: "c-2", Identifiers: []cdp.Identifier{{Type: cdp.Email, Value: "ana@example.com"}}}
	crm.Set("city", cdp.Trait{Value: cdp.StringValue("Rio de Janeiro"), ObservedAt: at, Source: "crm"})
	crm.Set("segment", cdp.Trait{Value: cdp.StringValue("private"), ObservedAt: at, Source: "crm"})

	core := cdp.Profile{ID: "c-1", Identifiers: []cdp.Identifier{{Type: cdp.CPF, Value: "12345678909"}}}
	core.Set("city", cdp.Trait{Value: cdp.StringValue("São Paulo"), ObservedAt: at.Add(time.Hour), Source: "core"})
	core.Set("segment", cdp.Trait{Value: cdp.StringValue("retail"), ObservedAt: at, Source: "core"})
	core.Set("reinvestable", cdp.Trait{Value: cdp.NumberValue(decimal.RequireFromString("15000.10")), ObservedAt: at, Source: "core"})

	merged := cdp.Merge(crm, core, []string{"crm", "core"})

	fmt.Println("id:", merged.ID)
	fmt.Println("identifiers:", merged.Identifiers)
	for _, name := range merged.TraitNames() {
		t := merged.Traits[name]
		fmt.Printf("%s = %s (from %s)\n", name, t.Value, t.Source)
	}
	// Output:
	// id: c-1
	// identifiers: [cpf:12345678909 email:ana@example.com]
	// city = São Paulo (from core)
	// reinvestable = 15000.10 (from core)
	// segment = private (from crm)
}

// A Value's JSON keeps its kind and its exact text.
func ExampleValue_MarshalJSON() {
	v := cdp.NumberValue(decimal.RequireFromString("0.10"))
	b, _ := json.Marshal(v)
	fmt.Println(string(b))

	var back cdp.Value
	_ = json.Unmarshal(b, &back)
	fmt.Println(back, back.Kind(), back.Equal(v))

	err := json.Unmarshal([]byte(`{"kind":"number","value":"abc"}`), &back)
	fmt.Println(err)
	// Output:
	// {"kind":"number","value":"0.10"}
	// 0.10 number true
	// cdp: invalid number "abc": want a decimal number such as 12.50
}

// ParseValue reads typed values from text such as CSV cells.
func ExampleParseValue() {
	kind, _ := cdp.ParseKind("date")
	v, err := cdp.ParseValue(kind, "2025-03-04")
	fmt.Println(v, err)
	_, err = cdp.ParseValue(kind, "04/03/2025")
	fmt.Println(err)
	// Output:
	// 2025-03-04 <nil>
	// cdp: invalid date "04/03/2025": want YYYY-MM-DD, a real calendar day
}

// The decoder reports each bad line with its number and goes on.
func ExampleNewEventDecoder() {
	input := `{"name":"position_expiring","time":"2025-06-23T09:00:00-03:00","identifiers":[{"type":"cpf","value":"12345678909"}],"properties":{"amount":{"kind":"number","value":"1500.00"}}}

{"name":"login","time":"2025-06-23T09:00:00-03:00","identifiers":[]}
{"name":"login","time":"yesterday","identifiers":[{"type":"email","value":"a@b.c"}]}
`
	dec, err := cdp.NewEventDecoder(strings.NewReader(input), cdp.DecodeConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for ev := range dec.All() {
		fmt.Println(dec.Line(), ev.Name, ev.Properties["amount"])
	}
	var lineErrs *cdp.DecodeErrors
	if errors.As(dec.Err(), &lineErrs) {
		for _, le := range lineErrs.List {
			fmt.Println(le)
		}
	}
	// Output:
	// 1 position_expiring 1500.00
	// cdp: line 3: field identifiers: at least one identifier is required
	// cdp: line 4: field time: want RFC 3339 such as 2025-06-23T12:00:00Z, got "yesterday"
}

// Profiles write as one JSON object per line.
func ExampleWriteProfiles() {
	p := cdp.Profile{ID: "c-1", Identifiers: []cdp.Identifier{{Type: cdp.Email, Value: "ana@example.com"}}}
	p.Set("vip", cdp.Trait{Value: cdp.BoolValue(true), ObservedAt: time.Date(2025, 6, 23, 12, 0, 0, 0, time.UTC), Source: "crm"})
	if err := cdp.WriteProfiles(os.Stdout, slices.Values([]cdp.Profile{p})); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"id":"c-1","identifiers":[{"type":"email","value":"ana@example.com"}],"traits":{"vip":{"value":{"kind":"bool","value":true},"observed_at":"2025-06-23T12:00:00Z","source":"crm"}}}
}

// Identifiers and profiles mask personal data when logged.
func ExampleIdentifier_Masked() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{} // stable output
			}
			return a
		},
	}))
	email := cdp.Identifier{Type: cdp.Email, Value: "ana.souza@example.com"}
	cpf := cdp.Identifier{Type: cdp.CPF, Value: "12345674725"}
	fmt.Println(email.Masked())
	logger.Info("matched", "id", cpf, "profile", cdp.Profile{ID: "c-1", Identifiers: []cdp.Identifier{email, cpf}})
	// Output:
	// email:a***@example.com#48cf
	// level=INFO msg=matched id=cpf:***.***.***-25#d4 profile.id=c-1 profile.identifiers="[email:a***@example.com#48cf cpf:***.***.***-25#d4]" profile.traits=[]
}
