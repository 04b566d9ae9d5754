package hubspottest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userIDProperty is a custom unique contact property holding a platform
// user id, the other way to key contacts besides the e-mail.
var userIDProperty = Property{Name: "platform_user_id", Label: "Platform user id", Type: "string", FieldType: "text",
	GroupName: "cdp", HasUniqueValue: true}

// byUser builds one write input keyed by the user id.
func byUser(id, trace string, props map[string]string) map[string]any {
	return map[string]any{"id": id, "idProperty": userIDProperty.Name, "properties": props, "objectWriteTraceId": trace}
}

func TestWritesByUniqueUserID(t *testing.T) {
	srv := newServer(t, WithContactProperty(userIDProperty))
	r := do(t, srv, "POST", upsertPath, inputs(
		byUser("u1", "t1", map[string]string{"email": "ana@example.com"}),
		byUser("u2", "t2", map[string]string{"email": "bia@example.com"})))
	require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
	ana, ok := srv.Contact("ana@example.com")
	require.True(t, ok)
	assert.Equal(t, "u1", ana.Properties[userIDProperty.Name])

	tests := []struct {
		name     string
		path     string
		inputs   []map[string]any
		status   int
		category string   // of the single error item
		traces   []string // the error item names
		emails   map[string]string
	}{
		{
			name: "upsert giving a contact another contact's e-mail is a conflict; the other input applies",
			path: upsertPath,
			inputs: []map[string]any{
				byUser("u3", "t3", map[string]string{"email": "ana@example.com"}),
				byUser("u1", "t4", map[string]string{"email": "ana2@example.com"}),
			},
			status: http.StatusMultiStatus, category: "CONFLICT", traces: []string{"t3"},
			emails: map[string]string{"u1": "ana2@example.com", "u2": "bia@example.com"},
		},
		{
			name: "two inputs of a batch claiming one e-mail: the second conflicts",
			path: upsertPath,
			inputs: []map[string]any{
				byUser("u5", "t5", map[string]string{"email": "new@example.com"}),
				byUser("u6", "t6", map[string]string{"email": "NEW@example.com"}),
			},
			status: http.StatusMultiStatus, category: "CONFLICT", traces: []string{"t6"},
			emails: map[string]string{"u1": "ana2@example.com", "u2": "bia@example.com", "u5": "new@example.com"},
		},
		{
			name: "update by the user id: a missing contact is an item of a 207, nothing created",
			path: "/crm/v3/objects/contacts/batch/update",
			inputs: []map[string]any{
				byUser("u2", "t7", map[string]string{"firstname": "Bia"}),
				byUser("u9", "t8", map[string]string{"firstname": "Nobody"}),
			},
			status: http.StatusMultiStatus, category: "OBJECT_NOT_FOUND", traces: []string{"t8"},
			emails: map[string]string{"u1": "ana2@example.com", "u2": "bia@example.com", "u5": "new@example.com"},
		},
		{
			name:   "update by the user id giving another contact's e-mail is a conflict",
			path:   "/crm/v3/objects/contacts/batch/update",
			inputs: []map[string]any{byUser("u2", "t9", map[string]string{"email": "new@example.com"})},
			status: http.StatusMultiStatus, category: "CONFLICT", traces: []string{"t9"},
			emails: map[string]string{"u1": "ana2@example.com", "u2": "bia@example.com", "u5": "new@example.com"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, "POST", tc.path, inputs(tc.inputs...))
			require.Equal(t, tc.status, r.status, "body %s", r.raw)
			var got tBatch
			r.into(t, &got)
			require.Len(t, got.Errors, 1)
			assert.Equal(t, []any{tc.category, map[string][]string{"objectWriteTraceId": tc.traces}},
				[]any{got.Errors[0].Category, got.Errors[0].Context})
			emails := map[string]string{}
			for _, c := range srv.Contacts() {
				emails[c.Properties[userIDProperty.Name]] = c.Properties["email"]
			}
			assert.Equal(t, tc.emails, emails)
		})
	}
}
