package hubspot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// Mirrors a daily set of contacts keyed by the platform user id into an
// in-memory HubSpot: unchanged contacts are skipped, contacts that left the
// set are cleared, and an empty input is refused before anything is sent.
func ExampleContactSync() {
	srv := hubspottest.NewServer()
	defer srv.Close()
	c, err := hubspot.New(srv.Token, hubspot.WithBaseURL(srv.URL), hubspot.WithLimits(hubspot.Unlimited()))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	state := destination.NewMemoryStore() // a job keeps it in a file (see examples/internal/jobkit), saved after each run
	sync, err := hubspot.NewContactSync(c, hubspot.SyncConfig{
		Group: hubspot.PropertyGroup{Name: "cdp_investments", Label: "Investments (CDP)"},
		Properties: []hubspot.Property{
			{Name: "cdp_reinvestable_amount", Label: "Reinvestable amount", Type: "number", FieldType: "number"},
		},
		Key:      "platform_user_id",
		KeyLabel: "Platform user id",
		Mode:     hubspot.SyncMirror,
		State:    state,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	amount := func(s string) hubspot.Properties {
		return hubspot.Properties{"cdp_reinvestable_amount": cdp.NumberValue(decimal.RequireFromString(s))}
	}

	monday := []hubspot.SyncRecord{
		{Key: "u-1", Email: "ana@example.com", Properties: amount("15000.50"), Ref: map[string]string{"person_id": "p-1"}},
		{Key: "u-2", Email: "bia@example.com", Properties: amount("800")},
		{Email: "nokey@example.com", Properties: amount("1"), Ref: map[string]string{"person_id": "p-3"}},
	}
	rep, err := sync.Run(ctx, slices.Values(monday))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("monday: created %d, dead letters %v\n", rep.Created, rep.Letters)

	tuesday := monday[:1] // Bia's positions were paid out
	plan, err := sync.Plan(ctx, slices.Values(tuesday))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, pc := range plan.Contacts {
		fmt.Printf("plan: %s %s\n", pc.Key, pc.Action)
	}
	rep, err = sync.Run(ctx, slices.Values(tuesday))
	if err != nil {
		fmt.Println(err)
		return
	}
	bia, _ := srv.Contact("bia@example.com")
	fmt.Printf("tuesday: unchanged %d, cleared %v, Bia's amount %q\n", rep.Unchanged, rep.ClearedKeys, bia.Properties["cdp_reinvestable_amount"])

	_, err = sync.Run(ctx, slices.Values([]hubspot.SyncRecord{})) // a truncated export
	var mce *hubspot.MassClearError
	if errors.As(err, &mce) {
		fmt.Printf("wednesday refused: would clear %d of %d\n", mce.Clears, mce.Known)
	}
	// Output:
	// monday: created 2, dead letters map[no_key:1]
	// plan: u-1 unchanged
	// plan: u-2 clear
	// tuesday: unchanged 1, cleared [u-2], Bia's amount ""
	// wednesday refused: would clear 1 of 1
}
