package hubspot

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// newFake starts an in-memory HubSpot and a client for it that never sleeps
// for real on retries.
func newFake(t testing.TB, opts ...hubspottest.Option) (*hubspottest.Server, *Client) {
	t.Helper()
	srv := hubspottest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c, err := New(srv.Token, WithBaseURL(srv.URL), WithLimits(Unlimited()),
		WithRetry(Retry{MaxAttempts: 6, BaseBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}))
	require.NoError(t, err)
	return srv, c
}

func cdpGroup() PropertyGroup { return PropertyGroup{Name: "cdp", Label: "Customer data"} }

func expiryDefs() []Property {
	return []Property{
		{Name: "cdp_expiring_amount", Label: "Expiring amount", Type: "number", FieldType: "number"},
		{Name: "cdp_expiry_date", Label: "Expiry date", Type: "date", FieldType: "date"},
		{Name: "cdp_vip", Label: "VIP", Type: "bool", FieldType: "booleancheckbox",
			Options: []PropertyOption{{Label: "Yes", Value: "true"}, {Label: "No", Value: "false"}}},
	}
}

func TestEnsureSchemaCreatesWhatIsMissing(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	res, err := c.Properties.EnsureSchema(ctx, "contacts", cdpGroup(), expiryDefs())
	require.NoError(t, err)
	assert.Equal(t, SchemaResult{GroupCreated: true, Created: []string{"cdp_expiring_amount", "cdp_expiry_date", "cdp_vip"}}, res)

	// Idempotent: a second run changes nothing.
	res, err = c.Properties.EnsureSchema(ctx, "contacts", cdpGroup(), expiryDefs())
	require.NoError(t, err)
	assert.Equal(t, SchemaResult{Existing: []string{"cdp_expiring_amount", "cdp_expiry_date", "cdp_vip"}}, res)

	got := map[string]string{}
	for _, p := range srv.Properties("contacts") {
		got[p.Name] = p.Type + "/" + p.FieldType + "/" + p.GroupName
	}
	assert.Equal(t, "number/number/cdp", got["cdp_expiring_amount"])
	assert.Equal(t, "date/date/cdp", got["cdp_expiry_date"])

	p, err := c.Properties.Get(ctx, "contacts", "cdp_expiry_date")
	require.NoError(t, err)
	assert.Equal(t, "date", p.Type)
	g, err := c.Properties.GetGroup(ctx, "contacts", "cdp")
	require.NoError(t, err)
	assert.Equal(t, "Customer data", g.Label)
	_, err = c.Properties.Get(ctx, "contacts", "nope")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = c.Properties.CreateGroup(ctx, "contacts", cdpGroup())
	assert.ErrorIs(t, err, ErrConflict)
	_, err = c.Properties.Create(ctx, "contacts", expiryDefs()[0].withGroup("cdp"))
	assert.ErrorIs(t, err, ErrConflict)
}

func (p Property) withGroup(g string) Property { p.GroupName = g; return p }

func TestEnsureSchemaReportsEveryMismatchAndWritesNothing(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t,
		hubspottest.WithContactProperty(hubspottest.Property{Name: "cdp_expiring_amount", Label: "x", Type: "string", FieldType: "text", GroupName: "contactinformation"}),
		hubspottest.WithContactProperty(hubspottest.Property{Name: "cdp_expiry_date", Label: "x", Type: "datetime", FieldType: "date", GroupName: "contactinformation"}),
	)
	before := len(srv.Properties("contacts"))
	_, err := c.Properties.EnsureSchema(context.Background(), "contacts", cdpGroup(), expiryDefs())
	var se *SchemaError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, &SchemaError{ObjectType: "contacts", Mismatches: []Mismatch{
		{Name: "cdp_expiring_amount", WantType: "number", WantFieldType: "number", GotType: "string", GotFieldType: "text"},
		{Name: "cdp_expiry_date", WantType: "date", WantFieldType: "date", GotType: "datetime", GotFieldType: "date"},
	}}, se)
	assert.Len(t, srv.Properties("contacts"), before, "nothing created")
	for _, g := range srv.Groups("contacts") {
		assert.NotEqual(t, "cdp", g.Name, "group not created either")
	}
}

func TestEnsureSchemaValidatesDefinitions(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	tests := map[string]Property{
		"bad name":      {Name: "Bad-Name", Label: "l", Type: "string", FieldType: "text"},
		"bad pair":      {Name: "a", Label: "l", Type: "number", FieldType: "text"},
		"internal type": {Name: "a", Label: "l", Type: "json", FieldType: "text"},
		"no label":      {Name: "a", Type: "string", FieldType: "text"},
		"no group":      {Name: "a", Label: "l", Type: "string", FieldType: "text"},
		"defined twice": {Name: "dup", Label: "l", Type: "string", FieldType: "text"},
	}
	for name, def := range tests {
		defs := []Property{def}
		group := cdpGroup()
		if name == "no group" {
			group = PropertyGroup{}
		}
		if name == "defined twice" {
			defs = append(defs, def)
		}
		_, err := c.Properties.EnsureSchema(context.Background(), "contacts", group, defs)
		var ve *ValueError
		assert.ErrorAs(t, err, &ve, name)
	}
	_, err := c.Properties.CreateGroup(context.Background(), "contacts", PropertyGroup{Name: "X"})
	var ve *ValueError
	assert.ErrorAs(t, err, &ve)
}

func TestPropertiesBatchCreatePartial(t *testing.T) {
	t.Parallel()
	_, c := newFake(t)
	ctx := context.Background()
	_, err := c.Properties.CreateGroup(ctx, "contacts", cdpGroup())
	require.NoError(t, err)
	_, err = c.Properties.Create(ctx, "contacts", Property{Name: "cdp_a", Label: "a", Type: "string", FieldType: "text", GroupName: "cdp"})
	require.NoError(t, err)
	got, err := c.Properties.BatchCreate(ctx, "contacts", []Property{
		{Name: "cdp_a", Label: "a", Type: "string", FieldType: "text", GroupName: "cdp"},
		{Name: "cdp_b", Label: "b", Type: "number", FieldType: "number", GroupName: "cdp"},
	})
	require.Len(t, got, 1)
	assert.Equal(t, "cdp_b", got[0].Name)
	var ae *Error
	require.ErrorAs(t, err, &ae)
	assert.ErrorIs(t, err, ErrConflict)
	list, err := c.Properties.List(ctx, "contacts")
	require.NoError(t, err)
	names := map[string]bool{}
	for _, p := range list {
		names[p.Name] = true
	}
	assert.True(t, names["cdp_a"] && names["cdp_b"] && names["email"])
}

func TestContactsAgainstFake(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	_, err := c.Properties.EnsureSchema(ctx, "contacts", cdpGroup(), expiryDefs())
	require.NoError(t, err)
	expiry := calendar.Date{Year: 2026, Month: time.December, Day: 1}

	out, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{
		{ID: "ana@x.com", Properties: Properties{"firstname": cdp.StringValue("Ana"),
			"cdp_expiring_amount": cdp.NumberValue(decimal.RequireFromString("15000.50")),
			"cdp_expiry_date":     cdp.DateValue(expiry), "cdp_vip": cdp.BoolValue(true)}},
		{ID: "not-an-email", Properties: Properties{"firstname": cdp.StringValue("Bad")}},
		{ID: "caio@x.com", Properties: Properties{"nonexistent": cdp.StringValue("x")}},
	})
	require.NoError(t, err)
	require.Len(t, out, 3)
	require.NoError(t, out[0].Err)
	assert.True(t, out[0].Created)
	assert.NotEmpty(t, out[0].ID)
	var ae *Error
	require.ErrorAs(t, out[1].Err, &ae)
	assert.Equal(t, "INVALID_EMAIL", ae.Reason())
	require.ErrorAs(t, out[2].Err, &ae)
	assert.Equal(t, "PROPERTY_DOESNT_EXIST", ae.Reason())

	stored, ok := srv.Contact("ana@x.com")
	require.True(t, ok)
	assert.Equal(t, "15000.50", stored.Properties["cdp_expiring_amount"])
	assert.Equal(t, "2026-12-01", stored.Properties["cdp_expiry_date"])
	assert.Equal(t, "true", stored.Properties["cdp_vip"])
	_, ok = srv.Contact("caio@x.com")
	assert.False(t, ok, "an input with an unknown property is not applied")

	// Upsert again: updated, same id.
	again, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{{ID: "ANA@x.com", Properties: Properties{"cdp_vip": cdp.Value{}}}})
	require.NoError(t, err)
	assert.Equal(t, []UpsertResult{{ID: out[0].ID, Created: false, Properties: again[0].Properties}}, again)
	stored, _ = srv.Contact("ana@x.com")
	assert.NotContains(t, stored.Properties, "cdp_vip", "the zero Value cleared it")

	upd, err := c.Contacts.BatchUpdate(ctx, []UpdateInput{{ID: out[0].ID, Properties: Properties{"lastname": cdp.StringValue("Silva")}}})
	require.NoError(t, err)
	require.Len(t, upd, 1)
	assert.NoError(t, upd[0].Err)
	assert.Equal(t, out[0].ID, upd[0].ID)

	read, err := c.Contacts.BatchRead(ctx, []string{"ana@x.com"}, "email", []string{"lastname"})
	require.NoError(t, err)
	require.Len(t, read, 1)
	assert.Equal(t, "Silva", read[0].Properties["lastname"])

	got, err := c.Contacts.Get(ctx, out[0].ID, "", []string{"firstname"})
	require.NoError(t, err)
	assert.Equal(t, "Ana", got.Properties["firstname"])
	_, err = c.Contacts.Get(ctx, "999999", "", nil)
	assert.ErrorIs(t, err, ErrNotFound)

	page, err := c.Contacts.Search(ctx, SearchRequest{FilterGroups: []FilterGroup{{Filters: []Filter{
		{PropertyName: "cdp_expiring_amount", Operator: OpGT, Value: "1000"}}}}, Properties: []string{"email"}})
	require.NoError(t, err)
	require.Len(t, page.Results, 1)
	assert.Equal(t, out[0].ID, page.Results[0].ID)
}

func TestUnauthorizedAgainstFake(t *testing.T) {
	t.Parallel()
	srv := hubspottest.NewServer()
	t.Cleanup(srv.Close)
	c, err := New("pat-na1-wrong-token", WithBaseURL(srv.URL), WithLimits(Unlimited()))
	require.NoError(t, err)
	_, err = c.Contacts.BatchUpsert(context.Background(), "email", []UpsertInput{{ID: "a@x.com"}})
	require.ErrorIs(t, err, ErrUnauthorized)
	var ae *Error
	require.ErrorAs(t, err, &ae)
	assert.NotEmpty(t, ae.CorrelationID)
	assert.NotContains(t, err.Error(), "pat-na1-wrong-token")
	assert.Len(t, srv.Requests(), 1, "a 401 is not retried")
}

func TestTasksAgainstFake(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, hubspottest.WithOwners(hubspottest.Owner{ID: "77", Email: "advisor@warren.com", FirstName: "Ada", LastName: "Lovelace", UserID: 5}))
	ctx := context.Background()
	up, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{{ID: "ana@x.com"}})
	require.NoError(t, err)
	due := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	res, err := c.Tasks.BatchCreate(ctx, []TaskInput{
		{Subject: "Call Ana", Body: "Reinvest", Due: due, Priority: PriorityHigh, Type: TaskCall, OwnerID: "77", ContactID: up[0].ID},
		{Subject: "Bad owner", Due: due, OwnerID: "123", ContactID: up[0].ID},
	})
	require.NoError(t, err)
	require.Len(t, res, 2)
	require.NoError(t, res[0].Err)
	var ae *Error
	require.ErrorAs(t, res[1].Err, &ae)
	tasks := srv.Tasks()
	require.Len(t, tasks, 1)
	task := tasks[0]
	assert.Equal(t, res[0].ID, task.ID)
	assert.Equal(t, "Call Ana", task.Properties["hs_task_subject"])
	assert.Equal(t, "HIGH", task.Properties["hs_task_priority"])
	assert.Equal(t, "CALL", task.Properties["hs_task_type"])
	assert.Equal(t, "NOT_STARTED", task.Properties["hs_task_status"])
	assert.Equal(t, "77", task.Properties["hubspot_owner_id"])
	assert.Equal(t, []hubspottest.Association{{ToObjectType: "contacts", ToID: up[0].ID, Category: "HUBSPOT_DEFINED", TypeID: 204}}, task.Associations)

	got, err := c.Tasks.Get(ctx, res[0].ID, []string{"hs_task_subject"})
	require.NoError(t, err)
	assert.Equal(t, "Call Ana", got.Properties["hs_task_subject"])
	page, err := c.Tasks.Search(ctx, SearchRequest{FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "hs_task_subject", Operator: OpEQ, Value: "Call Ana"}}}}})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)

	_, err = c.Tasks.BatchCreate(ctx, []TaskInput{{Subject: "no due"}})
	var ve *ValueError
	assert.ErrorAs(t, err, &ve)

	owners, err := c.Owners.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Owner{{ID: "77", Type: OwnerPerson, Email: "advisor@warren.com", FirstName: "Ada", LastName: "Lovelace", UserID: 5}}, owners)
}

func TestEventsAgainstFake(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	e := Event{Name: "pe123_position_expiring", Key: "expiry:pos-1:2026-12-01", Email: "ana@x.com", OccurredAt: at,
		Properties: Properties{"amount": cdp.NumberValue(decimal.RequireFromString("100.10"))}}
	require.NoError(t, c.Events.Send(ctx, e))
	require.NoError(t, c.Events.Send(ctx, e), "a resend is accepted")
	other := e
	other.Key = "expiry:pos-2:2026-12-01"
	require.NoError(t, c.Events.SendBatch(ctx, []Event{e, other}))
	require.NoError(t, c.Events.SendBatch(ctx, nil))

	events := srv.Events()
	require.Len(t, events, 2, "the same key is stored once")
	assert.Equal(t, hubspottest.Event{EventName: "pe123_position_expiring", UUID: EventUUID(e.Key), Email: "ana@x.com",
		OccurredAt: at, Properties: map[string]string{"amount": "100.10"}}, events[0])
	assert.Equal(t, EventUUID(other.Key), events[1].UUID)

	for name, bad := range map[string]Event{
		"no name":   {Key: "k", Email: "a@x.com"},
		"no key":    {Name: "n", Email: "a@x.com"},
		"no target": {Name: "n", Key: "k"},
	} {
		var ve *ValueError
		assert.ErrorAs(t, c.Events.Send(ctx, bad), &ve, name)
		assert.ErrorAs(t, c.Events.SendBatch(ctx, []Event{bad}), &ve, name)
	}
	assert.ErrorIs(t, c.Events.SendBatch(ctx, make([]Event, MaxEventBatch+1)), ErrTooManyInputs)
}

func TestEventUUID(t *testing.T) {
	t.Parallel()
	a := EventUUID("order-1")
	assert.Equal(t, a, EventUUID("order-1"), "deterministic")
	assert.NotEqual(t, a, EventUUID("order-2"))
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, a)
}

func TestOwnersPaging(t *testing.T) {
	t.Parallel()
	owners := make([]hubspottest.Owner, 130)
	for i := range owners {
		owners[i] = hubspottest.Owner{ID: fmt.Sprint(i + 1), Email: fmt.Sprintf("o%d@warren.com", i)}
	}
	_, c := newFake(t, hubspottest.WithOwners(owners...))
	got, err := c.Owners.List(context.Background())
	require.NoError(t, err)
	require.Len(t, got, 130)
	assert.Equal(t, "130", got[129].ID)
}

func TestRateHeadersFromFake(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t, hubspottest.WithRateLimit(50, time.Second), hubspottest.WithDailyLimit(1000))
	_, err := c.Properties.List(context.Background(), "contacts")
	require.NoError(t, err)
	r := c.Rate()
	r.Observed = time.Time{}
	assert.Equal(t, Rate{Max: 50, Remaining: 49, Interval: time.Second, Daily: 1000, DailyRemaining: 999}, r)
	assert.Zero(t, srv.Count429())
}
