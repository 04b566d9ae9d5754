package hubspottest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func task(contactID string, typeID int, props map[string]string) map[string]any {
	m := map[string]any{"properties": props}
	if contactID != "" {
		m["associations"] = []map[string]any{{
			"to":    map[string]string{"id": contactID},
			"types": []map[string]any{{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": typeID}},
		}}
	}
	return m
}

func TestTasks(t *testing.T) {
	clock := newClock()
	srv := newServer(t, WithClock(clock.now), WithOwners(Owner{ID: "77", Email: "advisor@example.com", FirstName: "Ada", LastName: "Reis", UserID: 9}))
	r := do(t, srv, "POST", upsertPath, inputs(in("a@example.com", "", nil)))
	require.Equal(t, http.StatusOK, r.status)
	const path = "/crm/v3/objects/tasks/batch/create"
	valid := map[string]string{"hs_timestamp": "2026-03-04T12:00:00Z", "hs_task_subject": "Reinvest", "hs_task_status": "NOT_STARTED",
		"hs_task_priority": "HIGH", "hs_task_type": "CALL", "hubspot_owner_id": "77"}

	r = do(t, srv, "POST", path, inputs(task("1001", 204, valid)))
	require.Equal(t, http.StatusCreated, r.status, "body %s", r.raw)
	assert.Equal(t, []Object{{
		ID: "1002",
		Properties: map[string]string{"hs_timestamp": "2026-03-04T12:00:00Z", "hs_task_subject": "Reinvest", "hs_task_status": "NOT_STARTED",
			"hs_task_priority": "HIGH", "hs_task_type": "CALL", "hubspot_owner_id": "77", "hs_object_id": "1002",
			"hs_createdate": t0Millis, "hs_lastmodifieddate": t0Millis},
		CreatedAt: clock.now(), UpdatedAt: clock.now(),
		Associations: []Association{{ToObjectType: "contacts", ToID: "1001", Category: "HUBSPOT_DEFINED", TypeID: 204}},
	}}, srv.Tasks())
	got, ok := srv.Object("0-27", "1002")
	require.True(t, ok)
	assert.Equal(t, srv.Tasks()[0], got)

	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range valid {
			m[a] = b
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name    string
		input   map[string]any
		message string // whole-batch error message; "" when only the code is checked
		code    string
	}{
		{"missing contact", task("999", 204, valid), `Association target contact "999" does not exist`, ""},
		{"wrong association type", task("1001", 1, valid), "Association type HUBSPOT_DEFINED/1 is not valid from task to contact (HUBSPOT_DEFINED/204)", ""},
		{"missing hs_timestamp", task("1001", 204, with("hs_timestamp", "")), "", "REQUIRED_PROPERTY"},
		{"bad status", task("1001", 204, with("hs_task_status", "DONE")), "", "INVALID_OPTION"},
		{"bad priority", task("1001", 204, with("hs_task_priority", "URGENT")), "", "INVALID_OPTION"},
		{"bad type", task("1001", 204, with("hs_task_type", "MEETING")), "", "INVALID_OPTION"},
		{"unknown owner", task("1001", 204, with("hubspot_owner_id", "9")), "", "INVALID_OWNER_ID"},
		{"bad timestamp", task("1001", 204, with("hs_timestamp", "tomorrow")), "", "INVALID_DATETIME"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, "POST", path, inputs(tc.input))
			require.Equal(t, http.StatusBadRequest, r.status, "body %s", r.raw)
			var e tError
			r.into(t, &e)
			if tc.message != "" {
				assert.Equal(t, tc.message, e.Message)
			} else {
				is := issues(t, e.Message)
				require.Len(t, is, 1)
				assert.Equal(t, tc.code, is[0].Error)
			}
			assert.Len(t, srv.Tasks(), 1, "nothing applied")
		})
	}
	t.Run("associations from contacts are refused", func(t *testing.T) {
		r := do(t, srv, "POST", "/crm/v3/objects/contacts", task("1002", 204, map[string]string{"email": "z@example.com"}))
		assert.Equal(t, http.StatusBadRequest, r.status)
	})
	t.Run("association without types", func(t *testing.T) {
		r := do(t, srv, "POST", "/crm/v3/objects/tasks", map[string]any{"properties": valid,
			"associations": []map[string]any{{"to": map[string]string{"id": "1001"}}}})
		assert.Equal(t, http.StatusBadRequest, r.status)
	})
	t.Run("single create", func(t *testing.T) {
		r := do(t, srv, "POST", "/crm/v3/objects/tasks", task("1001", 204, valid))
		require.Equal(t, http.StatusCreated, r.status, "body %s", r.raw)
		assert.Len(t, srv.Tasks(), 2)
	})
	t.Run("upsert of tasks has no unique property", func(t *testing.T) {
		r := do(t, srv, "POST", "/crm/v3/objects/tasks/batch/upsert", inputs(map[string]any{"id": "x", "idProperty": "hs_task_subject"}))
		assert.Equal(t, http.StatusBadRequest, r.status)
	})
}

func TestOwnerUnvalidatedWithoutOwners(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", "/crm/v3/objects/tasks", task("", 0, map[string]string{"hs_timestamp": "1772618400000", "hubspot_owner_id": "123"}))
	assert.Equal(t, http.StatusCreated, r.status, "body %s", r.raw)
}

func TestOwners(t *testing.T) {
	owners := []Owner{{ID: "1", Email: "a@example.com"}, {ID: "2", Email: "b@example.com", Type: OwnerQueue},
		{ID: "3", Email: "c@example.com", FirstName: "C", LastName: "D", UserID: 33, Type: OwnerPerson}}
	srv := newServer(t, WithOwners(owners...), WithClock(newClock().now))
	type page struct {
		Results []struct {
			ID        string `json:"id"`
			Type      string `json:"type"`
			Email     string `json:"email"`
			FirstName string `json:"firstName"`
			LastName  string `json:"lastName"`
			UserID    int    `json:"userId"`
		} `json:"results"`
		Paging *struct {
			Next struct {
				After string `json:"after"`
			} `json:"next"`
		} `json:"paging"`
	}
	r := do(t, srv, "GET", "/crm/v3/owners/?limit=2", nil)
	require.Equal(t, http.StatusOK, r.status)
	var p page
	r.into(t, &p)
	require.Len(t, p.Results, 2)
	assert.Equal(t, []string{OwnerPerson, OwnerQueue}, []string{p.Results[0].Type, p.Results[1].Type}, "an unset type is PERSON")
	require.NotNil(t, p.Paging)
	assert.Equal(t, "2", p.Paging.Next.After)
	r = do(t, srv, "GET", "/crm/v3/owners?limit=2&after="+p.Paging.Next.After, nil)
	p = page{}
	r.into(t, &p)
	require.Len(t, p.Results, 1)
	assert.Nil(t, p.Paging)
	assert.Equal(t, "3", p.Results[0].ID)
	assert.Equal(t, OwnerPerson, p.Results[0].Type)
	assert.Equal(t, "c@example.com", p.Results[0].Email)
	assert.Equal(t, "C", p.Results[0].FirstName)
	assert.Equal(t, "D", p.Results[0].LastName)
	assert.Equal(t, 33, p.Results[0].UserID)
	assert.Equal(t, owners, srv.Owners())

	for _, q := range []string{"limit=0", "limit=501", "limit=x", "after=-1", "after=x"} {
		r := do(t, srv, "GET", "/crm/v3/owners?"+q, nil)
		assert.Equal(t, http.StatusBadRequest, r.status, q)
	}
}
