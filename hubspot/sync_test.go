package hubspot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

const (
	propAmount = "cdp_amount"
	propNext   = "cdp_next_date"
)

func syncGroup() PropertyGroup {
	return PropertyGroup{Name: "cdp_investments", Label: "Investments (CDP)"}
}

func syncDefs() []Property {
	return []Property{
		{Name: propAmount, Label: "Amount", Type: "number", FieldType: "number"},
		{Name: propNext, Label: "Next date", Type: "date", FieldType: "date"},
	}
}

func syncConfig(mode SyncMode, state destination.StateStore) SyncConfig {
	return SyncConfig{Group: syncGroup(), Properties: syncDefs(), Mode: mode, State: state,
		BackoffBase: time.Millisecond, BackoffMax: 4 * time.Millisecond}
}

// contact is a record with the managed properties set from amount.
func contact(key, amount string) SyncRecord {
	return SyncRecord{Key: key, Properties: Properties{
		propAmount: cdp.NumberValue(decimal.RequireFromString(amount)),
		propNext:   cdp.DateValue(calendar.Date{Year: 2026, Month: time.March, Day: 2}),
	}, Ref: map[string]string{"person_id": "p-" + key}}
}

// counts is the part of a SyncReport the tests compare whole.
type counts struct {
	Records, Clears, Created, Updated, Unchanged, Cleared, Gone, DeadLettered, Pending int
	Letters                                                                            map[string]int
	Delivered, ClearedKeys                                                             []string
}

func countsOf(t *testing.T, r SyncReport) counts {
	t.Helper()
	assert.Equal(t, r.Records+r.Clears, r.Created+r.Updated+r.Unchanged+r.Cleared+r.DeadLettered+r.Pending,
		"every record and clear ends in one outcome: %+v", r)
	return counts{r.Records, r.Clears, r.Created, r.Updated, r.Unchanged, r.Cleared, r.Gone, r.DeadLettered, r.Pending,
		r.Letters, r.Delivered, r.ClearedKeys}
}

func newSync(t *testing.T, c *Client, cfg SyncConfig) *ContactSync {
	t.Helper()
	s, err := NewContactSync(c, cfg)
	require.NoError(t, err)
	return s
}

func run(t *testing.T, s *ContactSync, recs ...SyncRecord) SyncReport {
	t.Helper()
	rep, err := s.Run(context.Background(), slices.Values(recs))
	require.NoError(t, err)
	return rep
}

// managed returns the managed properties of the contact found by key
// (nil when it does not exist), with the e-mail.
func managed(srv *hubspottest.Server, email string) map[string]string {
	c, ok := srv.Contact(email)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, k := range []string{propAmount, propNext, "firstname"} {
		if v, ok := c.Properties[k]; ok {
			out[k] = v
		}
	}
	return out
}

func stateKeys(t *testing.T, st destination.StateStore) []string {
	t.Helper()
	var keys []string
	for k, err := range st.Keys(context.Background()) {
		require.NoError(t, err)
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestContactSyncUpsertSkipsUnchanged(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	_, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{{ID: "old@x.com", Properties: Properties{"firstname": strVal("Otto")}}})
	require.NoError(t, err)
	store := destination.NewMemoryStore()
	s := newSync(t, c, syncConfig(SyncUpsert, store))

	rep := run(t, s, contact("Ana@X.com ", "10.50"), contact("old@x.com", "20"))
	assert.Equal(t, counts{Records: 2, Created: 1, Updated: 1, Delivered: []string{"ana@x.com", "old@x.com"}}, countsOf(t, rep))
	assert.Equal(t, map[string]string{propAmount: "10.50", propNext: "2026-03-02"}, managed(srv, "ana@x.com"))
	assert.Equal(t, map[string]string{propAmount: "20", propNext: "2026-03-02", "firstname": "Otto"}, managed(srv, "old@x.com"))
	assert.Equal(t, []string{"ana@x.com", "old@x.com"}, stateKeys(t, store))
	assert.Equal(t, "cdp_investments", srv.Groups("contacts")[1].Name, "group ensured")

	rep = run(t, s, contact("ana@x.com", "10.50"), contact("old@x.com", "21"), contact("new@x.com", "5"))
	assert.Equal(t, counts{Records: 3, Created: 1, Updated: 1, Unchanged: 1, Delivered: []string{"new@x.com", "old@x.com"}}, countsOf(t, rep))
	assert.Equal(t, map[string]string{propAmount: "21", propNext: "2026-03-02", "firstname": "Otto"}, managed(srv, "old@x.com"))
	assert.Len(t, srv.Contacts(), 3)
}

func TestContactSyncMirrorClearsOnlyWhoLeft(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	_, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{
		{ID: "cid@x.com", Properties: Properties{"firstname": strVal("Cid")}},
		{ID: "outsider@x.com", Properties: Properties{"firstname": strVal("Out")}},
	})
	require.NoError(t, err)
	store := destination.NewMemoryStore()
	s := newSync(t, c, syncConfig(SyncMirror, store))

	rep := run(t, s, contact("ana@x.com", "1"), contact("bia@x.com", "2"), contact("cid@x.com", "3"))
	assert.Equal(t, counts{Records: 3, Created: 2, Updated: 1, Delivered: []string{"ana@x.com", "bia@x.com", "cid@x.com"}}, countsOf(t, rep))

	// Cid left the set: the managed properties are cleared, firstname stays;
	// the outsider, unknown to the state, is untouched.
	rep = run(t, s, contact("ana@x.com", "1"), contact("bia@x.com", "2"))
	assert.Equal(t, counts{Records: 2, Clears: 1, Unchanged: 2, Cleared: 1, ClearedKeys: []string{"cid@x.com"}}, countsOf(t, rep))
	assert.Equal(t, map[string]string{"firstname": "Cid"}, managed(srv, "cid@x.com"))
	assert.Equal(t, map[string]string{"firstname": "Out"}, managed(srv, "outsider@x.com"))
	assert.Equal(t, []string{"ana@x.com", "bia@x.com"}, stateKeys(t, store), "a cleared contact is forgotten")

	// Forgotten, Cid is not cleared again; a key whose contact was deleted
	// in HubSpot meanwhile is gone: forgotten without a write.
	require.NoError(t, store.Put(ctx, "deleted@x.com", "fp"))
	rep = run(t, s, contact("ana@x.com", "1"), contact("bia@x.com", "2"))
	assert.Equal(t, counts{Records: 2, Clears: 1, Unchanged: 2, Cleared: 1, Gone: 1, ClearedKeys: []string{"deleted@x.com"}}, countsOf(t, rep))
	assert.Equal(t, []string{"ana@x.com", "bia@x.com"}, stateKeys(t, store))
	_, exists := srv.Contact("deleted@x.com")
	assert.False(t, exists, "a clear never creates a contact")
}

func TestContactSyncMassClearGuard(t *testing.T) {
	t.Parallel()
	keys := make([]string, 10)
	for i := range keys {
		keys[i] = fmt.Sprintf("c%02d@x.com", i)
	}
	tests := []struct {
		name     string
		keep     int
		maxPct   int
		allow    bool
		refusal  *MassClearError
		wantGone int
	}{
		{name: "90% refused", keep: 1, refusal: &MassClearError{Clears: 9, Known: 10, MaxPercent: 80}},
		{name: "80% allowed", keep: 2, wantGone: 8},
		{name: "90% allowed by AllowMassClear", keep: 1, allow: true, wantGone: 9},
		{name: "empty input refused", keep: 0, refusal: &MassClearError{Clears: 10, Known: 10, MaxPercent: 80}},
		{name: "60% over a 50% limit", keep: 4, maxPct: 50, refusal: &MassClearError{Clears: 6, Known: 10, MaxPercent: 50}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := newFake(t)
			store := destination.NewMemoryStore()
			for _, k := range keys {
				require.NoError(t, store.Put(context.Background(), k, "fp"))
			}
			sink := destination.NewMemorySink()
			cfg := syncConfig(SyncMirror, store)
			cfg.MaxClearPercent, cfg.AllowMassClear, cfg.DeadLetters = tc.maxPct, tc.allow, sink
			s := newSync(t, c, cfg)
			var recs []SyncRecord
			for _, k := range keys[:tc.keep] {
				recs = append(recs, contact(k, "1"))
			}
			plan, err := s.Plan(context.Background(), slices.Values(recs))
			require.NoError(t, err)
			rep, err := s.Run(context.Background(), slices.Values(recs))
			if tc.refusal == nil {
				require.NoError(t, err)
				assert.NoError(t, plan.Guard)
				assert.Equal(t, tc.wantGone, rep.Gone)
				assert.Equal(t, keys[:tc.keep], stateKeys(t, store))
				return
			}
			var mce *MassClearError
			require.ErrorAs(t, err, &mce)
			assert.Equal(t, tc.refusal, mce)
			assert.ErrorIs(t, err, ErrMassClear)
			assert.Equal(t, tc.refusal, plan.Guard, "the plan tells the same verdict")
			assert.Empty(t, srv.Requests(), "nothing is sent, not even the schema")
			assert.Zero(t, sink.Len())
			assert.Equal(t, keys, stateKeys(t, store))
		})
	}
}

func TestContactSyncUserIDKey(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	store := destination.NewMemoryStore()
	cfg := syncConfig(SyncUpsert, store)
	cfg.Key, cfg.KeyLabel = "platform_user_id", "Platform user id"
	s := newSync(t, c, cfg)
	withEmail := func(r SyncRecord, email string) SyncRecord { r.Email = email; return r }

	rep := run(t, s, withEmail(contact("u1", "1"), "Ana@x.com"), withEmail(contact("u2", "2"), "bia@x.com"),
		contact("u3", "3"), withEmail(contact(" ", "4"), "zed@x.com"))
	assert.Equal(t, counts{Records: 4, Created: 3, DeadLettered: 1, Letters: map[string]int{ReasonNoKey: 1},
		Delivered: []string{"u1", "u2", "u3"}}, countsOf(t, rep))
	props := srv.Properties("contacts")
	i := slices.IndexFunc(props, func(p hubspottest.Property) bool { return p.Name == "platform_user_id" })
	require.GreaterOrEqual(t, i, 0, "key property created")
	assert.True(t, props[i].HasUniqueValue)
	assert.Equal(t, []string{"u1", "u2", "u3"}, stateKeys(t, store))
	ana, ok := srv.Contact("ana@x.com")
	require.True(t, ok)
	assert.Equal(t, "u1", ana.Properties["platform_user_id"])

	// u1 changes address and stays the same contact; u3 claims Bia's
	// address: a conflict, dead-lettered with HubSpot's category, and
	// nothing is overwritten.
	rep = run(t, s, withEmail(contact("u1", "1"), "ana.new@x.com"), withEmail(contact("u2", "2"), "bia@x.com"),
		withEmail(contact("u3", "3"), "bia@x.com"), contact("x9", "9"), contact("X9", "9"))
	assert.Equal(t, counts{Records: 5, Updated: 1, Unchanged: 1, DeadLettered: 3, Letters: map[string]int{"CONFLICT": 1, ReasonDuplicateKey: 2},
		Delivered: []string{"u1"}}, countsOf(t, rep))
	moved, ok := srv.Contact("ana.new@x.com")
	require.True(t, ok)
	assert.Equal(t, ana.ID, moved.ID)
	bia, _ := srv.Contact("bia@x.com")
	assert.Equal(t, "u2", bia.Properties["platform_user_id"])
	i = slices.IndexFunc(rep.DeadLetters, func(dl destination.DeadLetter) bool { return dl.Reason == "CONFLICT" })
	require.GreaterOrEqual(t, i, 0)
	dl := rep.DeadLetters[i]
	assert.Equal(t, "u3", dl.Key)
	assert.Equal(t, SyncPayload{Action: "upsert", Properties: withProp(contact("u3", "3").Properties, KeyEmail, strVal("bia@x.com")),
		Ref: map[string]string{"person_id": "p-u3"}}, dl.Payload)
	assert.NotContains(t, dl.LastError, "bia@x.com")
	assert.Len(t, srv.Contacts(), 3)
}

// withProp returns a copy of p with name set to v.
func withProp(p Properties, name string, v cdp.Value) Properties {
	out := Properties{name: v}
	for k, val := range p {
		out[k] = val
	}
	return out
}

func TestContactSyncKeyPropertyMustBeUnique(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, hubspottest.WithContactProperty(hubspottest.Property{Name: "platform_user_id", Label: "User",
		Type: "string", FieldType: "text", GroupName: "cdp_investments"}))
	cfg := syncConfig(SyncUpsert, nil)
	cfg.Key, cfg.KeyLabel = "platform_user_id", "Platform user id"
	s := newSync(t, c, cfg)
	_, err := s.Run(context.Background(), slices.Values([]SyncRecord{contact("u1", "1")}))
	require.ErrorIs(t, err, ErrKeyNotUnique)
	for _, r := range srv.Requests() {
		assert.NotContains(t, r.Path, "/objects/", "no contact is written")
	}
}

func TestContactSyncUpdateMode(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	_, err := c.Contacts.BatchUpsert(context.Background(), "email", []UpsertInput{{ID: "ana@x.com"}})
	require.NoError(t, err)
	s := newSync(t, c, syncConfig(SyncUpdate, destination.NewMemoryStore()))
	rep := run(t, s, contact("ana@x.com", "1"), contact("nobody@x.com", "2"))
	assert.Equal(t, counts{Records: 2, Updated: 1, DeadLettered: 1, Letters: map[string]int{ReasonNotFound: 1},
		Delivered: []string{"ana@x.com"}}, countsOf(t, rep))
	_, exists := srv.Contact("nobody@x.com")
	assert.False(t, exists, "update mode never creates")
	require.Len(t, rep.DeadLetters, 1)
	assert.Equal(t, "update", rep.DeadLetters[0].Payload.(SyncPayload).Action)
}

func TestContactSyncRefusesBadRecords(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	store := destination.NewMemoryStore()
	s := newSync(t, c, syncConfig(SyncMirror, store))
	run(t, s, contact("ana@x.com", "1"), contact("bia@x.com", "2"), contact("cid@x.com", "3"))

	reserved := contact("dan@x.com", "4")
	reserved.Properties[KeyEmail] = strVal("dan@x.com")
	mismatch := contact("eva@x.com", "5")
	mismatch.Email = "other@x.com"
	recs := []SyncRecord{
		contact("ana@x.com", "1"), // unchanged
		contact("BIA@x.com", "9"), // duplicate of the next
		contact("bia@x.com", "8"), //
		contact("", "1"),          // no key
		reserved, mismatch,        // refused
		contact("fay@x.com", "6"), // new
	}
	plan, err := s.Plan(context.Background(), slices.Values(recs))
	require.NoError(t, err)
	type line struct {
		Key    string
		Action SyncAction
		Reason string
	}
	var got []line
	for _, pc := range plan.Contacts {
		got = append(got, line{pc.Key, pc.Action, pc.Reason})
	}
	assert.Equal(t, []line{
		{"ana@x.com", ActionUnchanged, ""},
		{"bia@x.com", ActionDeadLetter, ReasonDuplicateKey},
		{"bia@x.com", ActionDeadLetter, ReasonDuplicateKey},
		{"", ActionDeadLetter, ReasonNoKey},
		{"dan@x.com", ActionDeadLetter, ReasonReservedProperty},
		{"eva@x.com", ActionDeadLetter, ReasonEmailMismatch},
		{"fay@x.com", ActionUpsert, ""},
		{"cid@x.com", ActionClear, ""},
	}, got)
	assert.Equal(t, 3, plan.Known)
	assert.NoError(t, plan.Guard)
	requests := len(srv.Requests())

	rep := run(t, s, recs...)
	assert.Equal(t, counts{Records: 7, Clears: 1, Created: 1, Unchanged: 1, Cleared: 1, DeadLettered: 5,
		Letters:   map[string]int{ReasonDuplicateKey: 2, ReasonNoKey: 1, ReasonReservedProperty: 1, ReasonEmailMismatch: 1},
		Delivered: []string{"fay@x.com"}, ClearedKeys: []string{"cid@x.com"}}, countsOf(t, rep))
	assert.Equal(t, map[string]string{propAmount: "2", propNext: "2026-03-02"}, managed(srv, "bia@x.com"),
		"an ambiguous key is neither written nor cleared")
	assert.Greater(t, len(srv.Requests()), requests)
	for _, dl := range rep.DeadLetters {
		assert.NotContains(t, dl.LastError, "@", "letter %s: no address in the error text", dl.Reason)
	}
}

func TestContactSyncPlanSendsNothing(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	store := destination.NewMemoryStore()
	s := newSync(t, c, syncConfig(SyncUpsert, store))
	first := contact("ana@x.com", "1")
	run(t, s, first)
	before := len(srv.Requests())

	plan, err := s.Plan(context.Background(), slices.Values([]SyncRecord{first, contact("bia@x.com", "2")}))
	require.NoError(t, err)
	assert.Equal(t, SyncPlan{Mode: SyncUpsert, Contacts: []PlannedContact{
		{Key: "ana@x.com", Action: ActionUnchanged, Properties: first.Properties, Ref: first.Ref},
		{Key: "bia@x.com", Action: ActionUpsert, Properties: contact("bia@x.com", "2").Properties, Ref: map[string]string{"person_id": "p-bia@x.com"}},
	}}, plan)
	assert.Equal(t, 1, plan.Count(ActionUpsert))
	assert.Len(t, srv.Requests(), before)
	assert.Equal(t, []string{"ana@x.com"}, stateKeys(t, store))
}

// failingStore fails every Get.
type failingStore struct{ *destination.MemoryStore }

var errStoreDown = errors.New("store down")

func (*failingStore) Get(context.Context, string) (string, bool, error) {
	return "", false, errStoreDown
}

func TestContactSyncStoreFailure(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	s := newSync(t, c, syncConfig(SyncUpsert, &failingStore{destination.NewMemoryStore()}))
	_, err := s.Plan(context.Background(), slices.Values([]SyncRecord{contact("ana@x.com", "1")}))
	require.ErrorIs(t, err, errStoreDown)

	// Run sends a record whose state is unknown, and reports the store.
	rep, err := s.Run(context.Background(), slices.Values([]SyncRecord{contact("ana@x.com", "1")}))
	require.ErrorIs(t, err, destination.ErrStateStore)
	assert.Equal(t, 1, rep.Created)
	assert.Equal(t, 1, rep.StateErrors)
}

func TestNewContactSyncConfig(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	store := destination.NewMemoryStore()
	ok := syncConfig(SyncUpsert, nil)
	tests := []struct {
		name  string
		edit  func(*SyncConfig)
		field string
	}{
		{"unknown mode", func(s *SyncConfig) { s.Mode = 7 }, "Mode"},
		{"max clear over 100", func(s *SyncConfig) { s.MaxClearPercent = 101 }, "MaxClearPercent"},
		{"negative max clear", func(s *SyncConfig) { s.MaxClearPercent = -1 }, "MaxClearPercent"},
		{"mirror without state", func(s *SyncConfig) { s.Mode = SyncMirror }, "State"},
		{"mirror without properties", func(s *SyncConfig) { s.Mode, s.State, s.Properties = SyncMirror, store, nil }, "Properties"},
		{"bad key name", func(s *SyncConfig) { s.Key, s.KeyLabel = "User-Id", "User" }, "Key"},
		{"record id as key", func(s *SyncConfig) { s.Key, s.KeyLabel = "hs_object_id", "Id" }, "Key"},
		{"custom key without label", func(s *SyncConfig) { s.Key = "platform_user_id" }, "KeyLabel"},
		{"properties without group", func(s *SyncConfig) { s.Group = PropertyGroup{} }, "Group"},
		{"group without label", func(s *SyncConfig) { s.Group.Label = "" }, "Group"},
		{"invalid property", func(s *SyncConfig) {
			s.Properties = []Property{{Name: "x", Label: "X", Type: "json", FieldType: "text"}}
		}, "Properties"},
		{"email managed", func(s *SyncConfig) {
			s.Properties = []Property{{Name: "email", Label: "E", Type: "string", FieldType: "text"}}
		}, "Properties"},
		{"property twice", func(s *SyncConfig) { s.Properties = append(syncDefs(), syncDefs()[0]) }, "Properties"},
		{"negative batch size", func(s *SyncConfig) { s.BatchSize = -1 }, "BatchSize"},
		{"negative grace", func(s *SyncConfig) { s.Grace = -time.Second }, "Grace"},
		{"backoff max below base", func(s *SyncConfig) { s.BackoffBase, s.BackoffMax = time.Second, 0 }, ""},
		{"backoff max below default base", func(s *SyncConfig) { s.BackoffBase, s.BackoffMax = 0, time.Millisecond }, "BackoffMax"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			cfg.Properties = syncDefs()
			tc.edit(&cfg)
			s, err := NewContactSync(c, cfg)
			if tc.field == "" {
				require.NoError(t, err)
				assert.NotNil(t, s)
				return
			}
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.field, ce.Field, "error %v", err)
			assert.Nil(t, s)
		})
	}
	_, err := NewContactSync(nil, ok)
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "Client", ce.Field)

	s, err := NewContactSync(c, SyncConfig{})
	require.NoError(t, err, "the zero config upserts by e-mail")
	assert.Equal(t, []any{SyncUpsert, KeyEmail, []string(nil)}, []any{s.Mode(), s.Key(), s.Managed()})
	assert.Equal(t, []any{DefaultMaxClearPercent, DefaultSyncGrace}, []any{s.cfg.MaxClearPercent, s.cfg.Grace})
	assert.True(t, strings.HasPrefix(SyncMirror.String(), "mirror"))
}

func TestCheckClearsMatchesRun(t *testing.T) {
	ctx := context.Background()
	state := destination.NewMemoryStore()
	for _, k := range []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"} {
		require.NoError(t, state.Put(ctx, k, "fp"))
	}
	srv := hubspottest.NewServer()
	defer srv.Close()
	c, err := New(srv.Token, WithBaseURL(srv.URL), WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	s, err := NewContactSync(c, SyncConfig{Mode: SyncMirror, State: state, MaxClearPercent: 60,
		Group: PropertyGroup{Name: "cdp", Label: "CDP"}, Properties: []Property{{Name: "cdp_x", Label: "X", Type: "string", FieldType: "text"}}})
	require.NoError(t, err)
	cases := []struct {
		name    string
		keys    []string
		refused bool
	}{
		{"three of five clear (60%)", []string{"A@example.com", "b@example.com"}, false},
		{"four of five clear (80%)", []string{"a@example.com"}, true},
		{"all clear", nil, true},
	}
	for _, tc := range cases {
		err := s.CheckClears(ctx, slices.Values(tc.keys))
		var mc *MassClearError
		assert.Equal(t, tc.refused, errors.As(err, &mc), tc.name)
		var records []SyncRecord
		for _, k := range tc.keys {
			records = append(records, SyncRecord{Key: k})
		}
		plan, err := s.Plan(ctx, slices.Values(records))
		require.NoError(t, err)
		assert.Equal(t, tc.refused, plan.Guard != nil, "%s: Plan agrees", tc.name)
	}
	assert.Empty(t, srv.Requests(), "the guard reads the state only")
}
