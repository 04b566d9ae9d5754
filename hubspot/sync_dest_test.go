package hubspot

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/destination"
)

func TestSyncDestOutcome(t *testing.T) {
	t.Parallel()
	perInput := func(category, sub string) error { return &Error{Status: 207, Category: category, SubCategory: sub} }
	whole := func(status int, category string) error { return &Error{Status: status, Category: category} }
	tests := []struct {
		name   string
		action string
		in     destination.Result
		want   string // status[:reason]
		gone   bool
	}{
		{"delivered", "upsert", destination.Delivered(), "delivered", false},
		{"retryable kept", "upsert", destination.Retryable(whole(503, ""), 0), "retryable:HTTP_503", false},
		{"clear of a missing contact", "clear", destination.Rejected(perInput("OBJECT_NOT_FOUND", "")), "delivered", true},
		{"clear on a whole-call 404 is not trusted", "clear", destination.Rejected(whole(404, "OBJECT_NOT_FOUND")), "rejected:" + ReasonNotFound, false},
		{"update of a missing contact", "update", destination.Rejected(perInput("OBJECT_NOT_FOUND", "")), "rejected:" + ReasonNotFound, false},
		{"conflict in a 207, subcategory ignored", "upsert", destination.Rejected(perInput("CONFLICT", "OBJECT_ALREADY_EXISTS")), "rejected:CONFLICT", false},
		{"409 without a body", "update", destination.Rejected(whole(409, "")), "rejected:CONFLICT", false},
		{"other rejection kept", "upsert", destination.Rejected(&Error{Status: 207, Category: "VALIDATION_ERROR",
			Details: []ValidationDetail{{Error: "INVALID_EMAIL"}}}), "rejected:INVALID_EMAIL", false},
		{"local refusal kept", "upsert", destination.Rejected(&ValueError{Problem: "x"}), "rejected:INVALID_VALUE", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := &syncDest{created: map[string]bool{}, gone: map[string]bool{}}
			rec := destination.Record[SyncPayload]{Key: "k", Payload: SyncPayload{Action: tc.action}}
			got := d.outcome(rec, tc.in)
			assert.Equal(t, []string{tc.want}, statuses([]destination.Result{got}))
			if got.Err != nil && tc.in.Err != nil {
				assert.ErrorIs(t, got.Err, tc.in.Err, "HubSpot's error stays reachable")
			}
			_, gone := d.settled("k")
			assert.Equal(t, tc.gone, gone)
		})
	}
}

func TestContactsDestinationUpdateOnly(t *testing.T) {
	t.Parallel()
	srv, c := newFake(t)
	ctx := context.Background()
	_, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{{ID: "ana@x.com"}})
	require.NoError(t, err)
	var updated []string
	d, err := NewContactsDestination(c, "email", UpdateOnly(), OnUpserted(func(key, _ string, created bool) {
		assert.False(t, created)
		updated = append(updated, key)
	}))
	require.NoError(t, err)
	res := d.Send(ctx, []destination.Record[Properties]{
		rec("ana@x.com", Properties{"firstname": strVal("Ana")}),
		rec("nobody@x.com", Properties{"firstname": strVal("No")}),
	})
	assert.Equal(t, []string{"delivered", "rejected:OBJECT_NOT_FOUND"}, statuses(res))
	assert.True(t, errors.Is(res[1].Err, ErrNotFound))
	assert.Equal(t, []string{"ana@x.com"}, updated)
	ana, _ := srv.Contact("ana@x.com")
	assert.Equal(t, "Ana", ana.Properties["firstname"])
	assert.Len(t, srv.Contacts(), 1, "nothing created")
	last := srv.Requests()[len(srv.Requests())-1]
	assert.Equal(t, "/crm/v3/objects/contacts/batch/update", last.Path)
	assert.Contains(t, string(last.Body), `"idProperty":"email"`)
}
