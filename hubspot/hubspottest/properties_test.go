package hubspottest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type tProperty struct {
	Name           string           `json:"name"`
	Label          string           `json:"label"`
	Type           string           `json:"type"`
	FieldType      string           `json:"fieldType"`
	GroupName      string           `json:"groupName"`
	Options        []PropertyOption `json:"options"`
	HasUniqueValue bool             `json:"hasUniqueValue"`
	HubspotDefined bool             `json:"hubspotDefined"`
	Modification   struct {
		ReadOnlyValue bool `json:"readOnlyValue"`
	} `json:"modificationMetadata"`
}

func prop(name, typ, field string) map[string]any {
	return map[string]any{"name": name, "label": name, "type": typ, "fieldType": field, "groupName": "contactinformation"}
}

func TestCreateProperty(t *testing.T) {
	tests := []struct {
		name   string
		body   any
		status int
	}{
		{"string text", prop("nickname", "string", "text"), 201},
		{"string textarea", prop("notes", "string", "textarea"), 201},
		{"string phonenumber", prop("mobile", "string", "phonenumber"), 201},
		{"number", prop("amount", "number", "number"), 201},
		{"bool", prop("vip", "bool", "booleancheckbox"), 201},
		{"date", prop("expiry", "date", "date"), 201},
		{"datetime", prop("seen_at", "datetime", "date"), 201},
		{"enumeration select", map[string]any{"name": "tier", "label": "Tier", "type": "enumeration", "fieldType": "select",
			"groupName": "contactinformation", "options": []map[string]any{{"label": "Gold", "value": "gold"}}}, 201},
		{"enumeration without options", prop("tier", "enumeration", "select"), 400},
		{"enumeration with a repeated option", map[string]any{"name": "tier", "label": "Tier", "type": "enumeration", "fieldType": "radio",
			"groupName": "contactinformation", "options": []map[string]any{{"label": "A", "value": "a"}, {"label": "B", "value": "a"}}}, 400},
		{"enumeration with an empty option", map[string]any{"name": "tier", "label": "Tier", "type": "enumeration", "fieldType": "radio",
			"groupName": "contactinformation", "options": []map[string]any{{"label": "A", "value": ""}}}, 400},
		{"number as text", prop("amount", "number", "text"), 400},
		{"date as text", prop("expiry", "date", "text"), 400},
		{"bool as select", prop("vip", "bool", "select"), 400},
		{"json type", prop("blob", "json", "text"), 400},
		{"object_coordinates type", prop("coords", "object_coordinates", "text"), 400},
		{"uppercase name", prop("Amount", "number", "number"), 400},
		{"name with dash", prop("my-amount", "number", "number"), 400},
		{"name starting with digit", prop("1amount", "number", "number"), 400},
		{"existing name", prop("email", "string", "text"), 409},
		{"unknown group", map[string]any{"name": "amount", "label": "A", "type": "number", "fieldType": "number", "groupName": "nope"}, 400},
		{"missing label", map[string]any{"name": "amount", "type": "number", "fieldType": "number", "groupName": "contactinformation"}, 400},
		{"missing type", map[string]any{"name": "amount", "label": "A", "fieldType": "number", "groupName": "contactinformation"}, 400},
		{"missing fieldType", map[string]any{"name": "amount", "label": "A", "type": "number", "groupName": "contactinformation"}, 400},
		{"missing group", map[string]any{"name": "amount", "label": "A", "type": "number", "fieldType": "number"}, 400},
		{"missing name", map[string]any{"label": "A", "type": "number", "fieldType": "number", "groupName": "contactinformation"}, 400},
		{"bad JSON", "{", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			r := do(t, srv, "POST", "/crm/v3/properties/contacts", tc.body)
			require.Equal(t, tc.status, r.status, "body %s", r.raw)
			var e tError
			r.into(t, &e)
			switch tc.status {
			case 409:
				assert.Equal(t, "CONFLICT", e.Category)
			case 400:
				assert.Equal(t, "VALIDATION_ERROR", e.Category)
			}
		})
	}
}

func TestPropertyLifecycle(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", "/crm/v3/properties/contacts/groups", map[string]any{"name": "warren", "label": "Warren", "displayOrder": -1})
	require.Equal(t, http.StatusCreated, r.status, "body %s", r.raw)
	assert.Equal(t, `{"name":"warren","label":"Warren","displayOrder":-1,"archived":false}`, string(r.raw))

	body := map[string]any{"name": "cpf", "label": "CPF", "type": "string", "fieldType": "text", "groupName": "warren", "hasUniqueValue": true}
	r = do(t, srv, "POST", "/crm/v3/properties/contacts", body)
	require.Equal(t, http.StatusCreated, r.status, "body %s", r.raw)
	var got tProperty
	r.into(t, &got)
	assert.Equal(t, tProperty{Name: "cpf", Label: "CPF", Type: "string", FieldType: "text", GroupName: "warren",
		Options: []PropertyOption{}, HasUniqueValue: true}, got)

	r = do(t, srv, "GET", "/crm/v3/properties/contacts/cpf", nil)
	require.Equal(t, http.StatusOK, r.status)
	got = tProperty{}
	r.into(t, &got)
	assert.Equal(t, "cpf", got.Name)

	r = do(t, srv, "GET", "/crm/v3/properties/0-1/hs_object_id", nil)
	require.Equal(t, http.StatusOK, r.status)
	got = tProperty{}
	r.into(t, &got)
	assert.True(t, got.HubspotDefined)
	assert.True(t, got.Modification.ReadOnlyValue)

	r = do(t, srv, "GET", "/crm/v3/properties/contacts/nope", nil)
	assert.Equal(t, http.StatusNotFound, r.status)

	r = do(t, srv, "GET", "/crm/v3/properties/contacts", nil)
	require.Equal(t, http.StatusOK, r.status)
	var list struct {
		Results []tProperty `json:"results"`
	}
	r.into(t, &list)
	names := []string{}
	for _, p := range list.Results {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"email", "firstname", "lastname", "phone", "hubspot_owner_id", "hs_object_id", "createdate", "lastmodifieddate", "cpf"}, names)

	// The new unique property is an upsert key at once.
	r = do(t, srv, "POST", upsertPath, inputs(map[string]any{"id": "52998224725", "idProperty": "cpf", "properties": map[string]string{}}))
	assert.Equal(t, http.StatusOK, r.status, "body %s", r.raw)

	props := srv.Properties("contacts")
	require.Len(t, props, 9)
	last := props[8]
	assert.Equal(t, Property{Name: "cpf", Label: "CPF", Type: "string", FieldType: "text", GroupName: "warren", HasUniqueValue: true,
		CreatedAt: last.CreatedAt, UpdatedAt: last.CreatedAt}, last)
	assert.Equal(t, []PropertyGroup{{Name: "contactinformation", Label: "Contact information", DisplayOrder: -1}, {Name: "warren", Label: "Warren", DisplayOrder: -1}},
		srv.Groups("contacts"))
	assert.Nil(t, srv.Properties("deals"))
	assert.Nil(t, srv.Groups("deals"))
}

func TestGroups(t *testing.T) {
	srv := newServer(t, WithGroups("tasks", PropertyGroup{Name: "seeded", Label: "Seeded"}))
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"create", "POST", "/crm/v3/properties/contacts/groups", map[string]any{"name": "warren", "label": "Warren"}, 201},
		{"create existing", "POST", "/crm/v3/properties/contacts/groups", map[string]any{"name": "warren", "label": "Again"}, 409},
		{"create default existing", "POST", "/crm/v3/properties/contacts/groups", map[string]any{"name": "contactinformation", "label": "X"}, 409},
		{"create bad name", "POST", "/crm/v3/properties/contacts/groups", map[string]any{"name": "Warren", "label": "W"}, 400},
		{"create without label", "POST", "/crm/v3/properties/contacts/groups", map[string]any{"name": "w2"}, 400},
		{"create bad JSON", "POST", "/crm/v3/properties/contacts/groups", "{", 400},
		{"get", "GET", "/crm/v3/properties/contacts/groups/warren", nil, 200},
		{"get seeded", "GET", "/crm/v3/properties/tasks/groups/seeded", nil, 200},
		{"get missing", "GET", "/crm/v3/properties/contacts/groups/nope", nil, 404},
		{"list", "GET", "/crm/v3/properties/contacts/groups", nil, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, tc.method, tc.path, tc.body)
			assert.Equal(t, tc.status, r.status, "body %s", r.raw)
		})
	}
	var list struct {
		Results []PropertyGroup `json:"results"`
	}
	do(t, srv, "GET", "/crm/v3/properties/contacts/groups", nil).into(t, &list)
	assert.Equal(t, []PropertyGroup{{Name: "contactinformation", Label: "Contact information", DisplayOrder: -1}, {Name: "warren", Label: "Warren"}}, list.Results)
}

func TestPropertyBatchCreateAndRead(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", "/crm/v3/properties/contacts/batch/create", inputs(
		prop("amount", "number", "number"),
		prop("email", "string", "text"),
		prop("bad", "number", "text"),
		prop("expiry", "date", "date"),
	))
	require.Equal(t, http.StatusMultiStatus, r.status, "body %s", r.raw)
	var got struct {
		Results []tProperty `json:"results"`
		Errors  []tError    `json:"errors"`
	}
	r.into(t, &got)
	names := []string{}
	for _, p := range got.Results {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"amount", "expiry"}, names)
	assert.Equal(t, []tError{
		{Status: "error", Category: "CONFLICT", Message: "A property named 'email' already exists.", Context: map[string][]string{"name": {"email"}},
			Errors: noDetails, Links: noLinks},
		{Status: "error", Category: "VALIDATION_ERROR", Message: `property "bad": fieldType "text" is not valid for type "number" (valid: [number calculation_equation])`,
			Context: map[string][]string{"name": {"bad"}}, Errors: noDetails, Links: noLinks},
	}, got.Errors)

	r = do(t, srv, "POST", "/crm/v3/properties/contacts/batch/create", inputs(prop("vip", "bool", "booleancheckbox")))
	assert.Equal(t, http.StatusCreated, r.status)
	r = do(t, srv, "POST", "/crm/v3/properties/contacts/batch/create", inputs())
	assert.Equal(t, http.StatusBadRequest, r.status)
	r = do(t, srv, "POST", "/crm/v3/properties/contacts/batch/create", "{")
	assert.Equal(t, http.StatusBadRequest, r.status)

	r = do(t, srv, "POST", "/crm/v3/properties/contacts/batch/read", inputs(map[string]any{"name": "amount"}, map[string]any{"name": "nope"}))
	require.Equal(t, http.StatusMultiStatus, r.status)
	got.Results, got.Errors = nil, nil
	r.into(t, &got)
	require.Len(t, got.Results, 1)
	assert.Equal(t, "amount", got.Results[0].Name)
	assert.Equal(t, []tError{{Status: "error", Category: "OBJECT_NOT_FOUND", Message: "Unable to find properties: [nope]",
		Context: map[string][]string{"name": {"nope"}}, Errors: noDetails, Links: noLinks}}, got.Errors)
	r = do(t, srv, "POST", "/crm/v3/properties/contacts/batch/read", inputs(map[string]any{"name": "amount"}))
	assert.Equal(t, http.StatusOK, r.status)
	r = do(t, srv, "POST", "/crm/v3/properties/contacts/batch/read", "[")
	assert.Equal(t, http.StatusBadRequest, r.status)
}

func TestUniquePropertyLimit(t *testing.T) {
	srv := newServer(t)
	for i := range 11 {
		body := prop("u"+string(rune('a'+i)), "string", "text")
		body["hasUniqueValue"] = true
		r := do(t, srv, "POST", "/crm/v3/properties/contacts", body)
		want := http.StatusCreated
		if i == 10 {
			want = http.StatusBadRequest
		}
		assert.Equal(t, want, r.status, "property %d: %s", i, r.raw)
	}
}
