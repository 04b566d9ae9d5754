package hubspottest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const upsertPath = "/crm/v3/objects/contacts/batch/upsert"

func TestBatchUpsertCreatesThenUpdates(t *testing.T) {
	clock := newClock()
	srv := newServer(t, WithClock(clock.now))

	r := do(t, srv, "POST", upsertPath, inputs(in("ana@example.com", "t1", map[string]string{"firstname": "Ana"})))
	require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
	var got tBatch
	r.into(t, &got)
	assert.Equal(t, tBatch{
		Status: "COMPLETE",
		Results: []tObject{{
			ID: "1001",
			Properties: map[string]string{"createdate": t0Millis, "email": "ana@example.com", "firstname": "Ana",
				"hs_object_id": "1001", "lastmodifieddate": t0Millis},
			CreatedAt: t0Stamp, UpdatedAt: t0Stamp, New: ptr(true), ObjectWriteTraceID: "t1",
		}},
		RequestedAt: t0Stamp, StartedAt: t0Stamp, CompletedAt: t0Stamp,
	}, got)

	clock.advance(time.Second)
	r = do(t, srv, "POST", upsertPath, inputs(in("ANA@Example.com", "t2", map[string]string{"lastname": "Lima", "firstname": ""})))
	require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
	got = tBatch{}
	r.into(t, &got)
	require.Len(t, got.Results, 1)
	assert.Equal(t, tObject{
		ID: "1001",
		Properties: map[string]string{"createdate": t0Millis, "email": "ana@example.com", "lastname": "Lima",
			"hs_object_id": "1001", "lastmodifieddate": "1772452801000"},
		CreatedAt: t0Stamp, UpdatedAt: "2026-03-02T12:00:01.000Z", New: ptr(false), ObjectWriteTraceID: "t2",
	}, got.Results[0])

	c, ok := srv.Contact("Ana@EXAMPLE.com")
	require.True(t, ok)
	assert.Equal(t, Object{
		ID: "1001",
		Properties: map[string]string{"createdate": t0Millis, "email": "ana@example.com", "lastname": "Lima",
			"hs_object_id": "1001", "lastmodifieddate": "1772452801000"},
		CreatedAt: clock.t.Add(-time.Second), UpdatedAt: clock.t,
	}, c)
	assert.Len(t, srv.Contacts(), 1)
}

func TestBatchUpsertByUniqueProperty(t *testing.T) {
	srv := newServer(t, WithContactProperty(Property{Name: "cpf", Label: "CPF", Type: "string", FieldType: "text",
		GroupName: "contactinformation", HasUniqueValue: true}))
	body := inputs(map[string]any{"id": "12345678909", "idProperty": "cpf", "properties": map[string]string{"firstname": "Bia"}})
	r := do(t, srv, "POST", upsertPath, body)
	require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
	r = do(t, srv, "POST", upsertPath, inputs(map[string]any{"id": "12345678909", "idProperty": "cpf",
		"properties": map[string]string{"email": "bia@example.com"}}))
	require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
	var got tBatch
	r.into(t, &got)
	require.Len(t, got.Results, 1)
	assert.Equal(t, false, *got.Results[0].New)
	contacts := srv.Contacts()
	require.Len(t, contacts, 1)
	assert.Equal(t, "bia@example.com", contacts[0].Properties["email"])
	assert.Equal(t, "Bia", contacts[0].Properties["firstname"])
	assert.Equal(t, "12345678909", contacts[0].Properties["cpf"])
}

func TestBatchWriteRefusals(t *testing.T) {
	many := func(n int) map[string]any {
		items := make([]map[string]any, n)
		for i := range items {
			items[i] = in(fmt.Sprintf("c%d@example.com", i), fmt.Sprintf("t%d", i), nil)
		}
		return inputs(items...)
	}
	tests := []struct {
		name     string
		path     string
		body     any
		status   int
		category string
		message  string
	}{
		{"101 inputs", upsertPath, many(101), 400, "VALIDATION_ERROR", "Batch input limit exceeded: 101 inputs, the maximum is 100"},
		{"no inputs", upsertPath, inputs(), 400, "VALIDATION_ERROR", "inputs must not be empty"},
		{"duplicate id", upsertPath, inputs(in("a@example.com", "t1", nil), in("b@example.com", "t2", nil), in("a@example.com", "t3", nil)),
			400, "VALIDATION_ERROR", "Duplicate IDs found in batch input: [a@example.com]. IDs must be unique"},
		{"duplicate email differing in case", upsertPath, inputs(in("a@example.com", "t1", nil), in("A@Example.COM", "t2", nil)),
			400, "VALIDATION_ERROR", "Duplicate IDs found in batch input: [A@Example.COM]. IDs must be unique"},
		{"duplicate record id in update", "/crm/v3/objects/contacts/batch/update",
			inputs(map[string]any{"id": "1", "properties": map[string]string{}}, map[string]any{"id": "1", "properties": map[string]string{}}),
			400, "VALIDATION_ERROR", "Duplicate IDs found in batch input: [1]. IDs must be unique"},
		{"non-unique idProperty", upsertPath, inputs(map[string]any{"id": "Ana", "idProperty": "firstname"}),
			400, "VALIDATION_ERROR", "Cannot use non-unique 0-1 property firstname as idProperty"},
		{"hs_object_id as upsert idProperty", upsertPath, inputs(map[string]any{"id": "1", "idProperty": "hs_object_id"}),
			400, "VALIDATION_ERROR", "Cannot use non-unique 0-1 property hs_object_id as idProperty"},
		{"missing idProperty", upsertPath, inputs(map[string]any{"id": "a@example.com"}),
			400, "VALIDATION_ERROR", "Cannot use non-unique 0-1 property hs_object_id as idProperty"},
		{"malformed JSON", upsertPath, `{"inputs": [`, 400, "VALIDATION_ERROR", "Invalid input JSON on line 1: unexpected end of JSON input"},
		{"empty body", upsertPath, "", 400, "VALIDATION_ERROR", "Invalid input JSON on line 1: empty request body"},
		{"number as property value", upsertPath, `{"inputs":[{"id":"a@example.com","idProperty":"email","properties":{"firstname":5}}]}`,
			400, "VALIDATION_ERROR", "Invalid input JSON on line 1: json: cannot unmarshal number into Go struct field objectInput.inputs.properties of type string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			r := do(t, srv, "POST", tc.path, tc.body)
			var got tError
			r.into(t, &got)
			assert.Equal(t, tc.status, r.status)
			assert.Equal(t, tError{Status: "error", Category: tc.category, Message: tc.message, Errors: noDetails, Links: noLinks, Correlation: got.Correlation}, got)
			assert.NotEmpty(t, got.Correlation)
			assert.Empty(t, srv.Contacts(), "nothing applied")
		})
	}
	t.Run("100 inputs accepted", func(t *testing.T) {
		srv := newServer(t)
		r := do(t, srv, "POST", upsertPath, many(100))
		assert.Equal(t, http.StatusOK, r.status)
		assert.Len(t, srv.Contacts(), 100)
	})
}

func TestUnknownPropertyBody(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", upsertPath, inputs(in("a@example.com", "", map[string]string{"x": "1"})))
	assert.Equal(t, http.StatusBadRequest, r.status)
	var got tError
	r.into(t, &got)
	assert.Equal(t, tError{
		Status:      "error",
		Category:    "VALIDATION_ERROR",
		Message:     `Property values were not valid: [{"isValid":false,"message":"Property \"x\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"x"}]`,
		Errors:      []tDetail{{Message: `Property "x" does not exist`, Code: "PROPERTY_DOESNT_EXIST", Context: map[string][]string{"propertyName": {"x"}}}},
		Links:       noLinks,
		Correlation: got.Correlation,
	}, got)
	assert.Empty(t, srv.Contacts())
}

// valueSchema seeds one custom property per value type.
func valueSchema() Option {
	g := "contactinformation"
	return WithProperties("contacts",
		Property{Name: "amount", Label: "Amount", Type: "number", FieldType: "number", GroupName: g},
		Property{Name: "expiry", Label: "Expiry", Type: "date", FieldType: "date", GroupName: g},
		Property{Name: "seen_at", Label: "Seen at", Type: "datetime", FieldType: "date", GroupName: g},
		Property{Name: "vip", Label: "VIP", Type: "bool", FieldType: "booleancheckbox", GroupName: g},
		Property{Name: "tier", Label: "Tier", Type: "enumeration", FieldType: "select", GroupName: g,
			Options: []PropertyOption{{Label: "Gold", Value: "gold"}, {Label: "Silver", Value: "silver"}}},
		Property{Name: "tags", Label: "Tags", Type: "enumeration", FieldType: "checkbox", GroupName: g,
			Options: []PropertyOption{{Label: "A", Value: "a"}, {Label: "B", Value: "b"}}},
	)
}

func TestValueValidation(t *testing.T) {
	srv := newServer(t, valueSchema())
	tests := []struct {
		prop, value string
		code        string // "" = accepted
		message     string // checked when not ""
	}{
		{"amount", "1234.56", "", ""},
		{"amount", "-10", "", ""},
		{"amount", "0", "", ""},
		{"amount", "1e5", "INVALID_FLOAT", "1e5 was not a valid number."},
		{"amount", "1.2.3", "INVALID_FLOAT", ""},
		{"amount", "1,5", "INVALID_FLOAT", ""},
		{"amount", "abc", "INVALID_FLOAT", ""},
		{"amount", "-", "INVALID_FLOAT", ""},
		{"amount", "1.", "INVALID_FLOAT", ""},
		{"expiry", "2026-03-04", "", ""},
		{"expiry", "1772582400000", "", ""},
		{"expiry", "1772618400000", "INVALID_DATE", "1772618400000 is at 10:00:00.000 UTC, not midnight: a date must be midnight UTC."},
		{"expiry", "2026-02-30", "INVALID_DATE", ""},
		{"expiry", "04/03/2026", "INVALID_DATE", ""},
		{"expiry", "2026-03-04T00:00:00Z", "INVALID_DATE", ""},
		{"seen_at", "1772618400000", "", ""},
		{"seen_at", "2026-03-04T10:00:00Z", "", ""},
		{"seen_at", "2026-03-04T10:00:00.123-03:00", "", ""},
		{"seen_at", "yesterday", "INVALID_DATETIME", ""},
		{"vip", "true", "", ""},
		{"vip", "false", "", ""},
		{"vip", "yes", "INVALID_BOOLEAN", ""},
		{"vip", "TRUE", "INVALID_BOOLEAN", ""},
		{"tier", "gold", "", ""},
		{"tier", "Gold", "INVALID_OPTION", "Gold was not one of the allowed options: [gold, silver]"},
		{"tags", "a;b", "", ""},
		{"tags", "a;z", "INVALID_OPTION", ""},
		{"firstname", strings.Repeat("x", 65536), "", ""},
		{"firstname", strings.Repeat("x", 65537), "INVALID_LENGTH", ""},
		{"hs_object_id", "5", "READ_ONLY_VALUE", `"hs_object_id" is a read only property; its value cannot be set.`},
		{"lastmodifieddate", "1772618400000", "READ_ONLY_VALUE", ""},
		{"nope", "1", "PROPERTY_DOESNT_EXIST", `Property "nope" does not exist`},
	}
	for _, prop := range []string{"amount", "expiry", "seen_at", "vip", "tier", "tags", "firstname"} {
		tests = append(tests, struct{ prop, value, code, message string }{prop, "", "", ""})
	}
	for i, tc := range tests {
		name := fmt.Sprintf("%s=%.20q", tc.prop, tc.value)
		t.Run(name, func(t *testing.T) {
			email := fmt.Sprintf("v%d@example.com", i)
			r := do(t, srv, "POST", upsertPath, inputs(in(email, "", map[string]string{tc.prop: tc.value})))
			if tc.code == "" {
				require.Equal(t, http.StatusOK, r.status, "body %.300s", r.raw)
				c, ok := srv.Contact(email)
				require.True(t, ok)
				v, set := c.Properties[tc.prop]
				assert.Equal(t, tc.value != "", set)
				assert.Equal(t, tc.value, v)
				return
			}
			require.Equal(t, http.StatusBadRequest, r.status, "body %.300s", r.raw)
			var got tError
			r.into(t, &got)
			is := issues(t, got.Message)
			require.Len(t, is, 1)
			assert.Equal(t, tc.prop, is[0].Name)
			assert.Equal(t, tc.code, is[0].Error)
			assert.False(t, is[0].IsValid)
			if tc.message != "" {
				assert.Equal(t, tc.message, is[0].Message)
			}
			_, ok := srv.Contact(email)
			assert.False(t, ok, "nothing applied")
		})
	}
}

func TestContactEmailValidation(t *testing.T) {
	tests := []struct {
		email string
		valid bool
	}{
		{"ana@example.com", true},
		{"ana.lima+tag@mail.example.com.br", true},
		{"not-an-email", false},
		{"ana@example", false},
		{"ana@@example.com", false},
		{"@example.com", false},
		{"ana@", false},
		{"ana lima@example.com", false},
		{"ana@example..com", false},
		{"Ana <ana@example.com>", false},
	}
	srv := newServer(t)
	for _, tc := range tests {
		t.Run(tc.email, func(t *testing.T) {
			r := do(t, srv, "POST", "/crm/v3/objects/contacts/batch/create",
				inputs(map[string]any{"properties": map[string]string{"email": tc.email}}))
			if tc.valid {
				assert.Equal(t, http.StatusCreated, r.status, "body %s", r.raw)
				return
			}
			require.Equal(t, http.StatusBadRequest, r.status, "body %s", r.raw)
			var got tError
			r.into(t, &got)
			assert.Equal(t, []tIssue{{Message: "Email address " + tc.email + " is invalid", Error: "INVALID_EMAIL", Name: "email"}},
				issues(t, got.Message))
		})
	}
}

func TestBatch207MapsErrorsByTraceID(t *testing.T) {
	srv := newServer(t)
	body := inputs(
		in("ok@example.com", "t1", map[string]string{"firstname": "Ok"}),
		in("bad1@example.com", "t2", map[string]string{"x": "1"}),
		in("not-an-email", "t3", nil),
		in("bad2@example.com", "t4", map[string]string{"x": "2"}),
		in("ok2@example.com", "t5", nil),
	)
	r := do(t, srv, "POST", upsertPath, body)
	require.Equal(t, http.StatusMultiStatus, r.status, "body %s", r.raw)
	var got tBatch
	r.into(t, &got)
	traces := []string{}
	for _, res := range got.Results {
		traces = append(traces, res.ObjectWriteTraceID)
	}
	assert.Equal(t, []string{"t1", "t5"}, traces)
	assert.Equal(t, 2, got.NumErrors)
	assert.Equal(t, []tError{
		{Status: "error", Category: "VALIDATION_ERROR",
			Message: `Property values were not valid: [{"isValid":false,"message":"Property \"x\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"x"}]`,
			Context: map[string][]string{"objectWriteTraceId": {"t2", "t4"}},
			Errors:  []tDetail{{Message: `Property "x" does not exist`, Code: "PROPERTY_DOESNT_EXIST", Context: map[string][]string{"propertyName": {"x"}}}},
			Links:   noLinks},
		{Status: "error", Category: "VALIDATION_ERROR",
			Message: `Property values were not valid: [{"isValid":false,"message":"Email address not-an-email is invalid","error":"INVALID_EMAIL","name":"email"}]`,
			Context: map[string][]string{"objectWriteTraceId": {"t3"}},
			Errors:  []tDetail{{Message: "Email address not-an-email is invalid", Code: "INVALID_EMAIL", Context: map[string][]string{"propertyName": {"email"}}}},
			Links:   noLinks},
	}, got.Errors)
	emails := []string{}
	for _, c := range srv.Contacts() {
		emails = append(emails, c.Properties["email"])
	}
	assert.Equal(t, []string{"ok@example.com", "ok2@example.com"}, emails)
}

func TestBatchWithoutUniqueTraceIDsIsAllOrNothing(t *testing.T) {
	tests := []struct {
		name   string
		traces [3]string
	}{
		{"no trace ids", [3]string{"", "", ""}},
		{"some trace ids", [3]string{"t1", "", "t3"}},
		{"repeated trace id", [3]string{"t1", "t1", "t3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			r := do(t, srv, "POST", upsertPath, inputs(
				in("a@example.com", tc.traces[0], nil),
				in("b@example.com", tc.traces[1], map[string]string{"x": "1"}),
				in("c@example.com", tc.traces[2], nil),
			))
			assert.Equal(t, http.StatusBadRequest, r.status)
			var got tError
			r.into(t, &got)
			assert.Equal(t, []tIssue{{Message: `Property "x" does not exist`, Error: "PROPERTY_DOESNT_EXIST", Name: "x"}}, issues(t, got.Message))
			assert.Empty(t, srv.Contacts())
		})
	}
}

func TestBatchCreateConflict(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", "/crm/v3/objects/contacts/batch/create", inputs(map[string]any{"properties": map[string]string{"email": "a@example.com"}}))
	require.Equal(t, http.StatusCreated, r.status, "body %s", r.raw)
	var created tBatch
	r.into(t, &created)
	require.Len(t, created.Results, 1)
	assert.Nil(t, created.Results[0].New, "create results carry no new flag")

	t.Run("existing email is 409 for the whole batch", func(t *testing.T) {
		r := do(t, srv, "POST", "/crm/v3/objects/contacts/batch/create", inputs(
			map[string]any{"properties": map[string]string{"email": "new@example.com"}},
			map[string]any{"properties": map[string]string{"email": "A@example.com"}}))
		assert.Equal(t, http.StatusConflict, r.status)
		var got tError
		r.into(t, &got)
		assert.Equal(t, tError{Status: "error", Category: "CONFLICT", Message: "Contact already exists. Existing ID: 1001", Errors: noDetails, Links: noLinks, Correlation: got.Correlation}, got)
		assert.Len(t, srv.Contacts(), 1)
	})
	t.Run("same email twice in a create batch", func(t *testing.T) {
		r := do(t, srv, "POST", "/crm/v3/objects/contacts/batch/create", inputs(
			map[string]any{"properties": map[string]string{"email": "x@example.com"}, "objectWriteTraceId": "a"},
			map[string]any{"properties": map[string]string{"email": "x@example.com"}, "objectWriteTraceId": "b"}))
		assert.Equal(t, http.StatusMultiStatus, r.status)
		var got tBatch
		r.into(t, &got)
		require.Len(t, got.Errors, 1)
		assert.Equal(t, "CONFLICT", got.Errors[0].Category)
		assert.Equal(t, map[string][]string{"objectWriteTraceId": {"b"}}, got.Errors[0].Context)
		assert.Len(t, srv.Contacts(), 2)
	})
}

func TestBatchUpdate(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", upsertPath, inputs(in("a@example.com", "", nil), in("b@example.com", "", nil)))
	require.Equal(t, http.StatusOK, r.status)
	const path = "/crm/v3/objects/contacts/batch/update"

	r = do(t, srv, "POST", path, inputs(map[string]any{"id": "1001", "properties": map[string]string{"firstname": "A"}}))
	require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
	var got tBatch
	r.into(t, &got)
	require.Len(t, got.Results, 1)
	assert.Nil(t, got.Results[0].New)
	c, _ := srv.Contact("a@example.com")
	assert.Equal(t, "A", c.Properties["firstname"])

	t.Run("by unique idProperty", func(t *testing.T) {
		r := do(t, srv, "POST", path, inputs(map[string]any{"id": "b@example.com", "idProperty": "email", "properties": map[string]string{"firstname": "B"}}))
		require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
		c, _ := srv.Contact("b@example.com")
		assert.Equal(t, "B", c.Properties["firstname"])
	})
	t.Run("missing id without trace ids is 404", func(t *testing.T) {
		r := do(t, srv, "POST", path, inputs(
			map[string]any{"id": "1001", "properties": map[string]string{"firstname": "Z"}},
			map[string]any{"id": "999", "properties": map[string]string{"firstname": "Z"}}))
		assert.Equal(t, http.StatusNotFound, r.status)
		var got tError
		r.into(t, &got)
		assert.Equal(t, "OBJECT_NOT_FOUND", got.Category)
		c, _ := srv.Contact("a@example.com")
		assert.Equal(t, "A", c.Properties["firstname"], "nothing applied")
	})
	t.Run("missing id with trace ids is a 207 item", func(t *testing.T) {
		r := do(t, srv, "POST", path, inputs(
			map[string]any{"id": "1001", "properties": map[string]string{"firstname": "Y"}, "objectWriteTraceId": "u1"},
			map[string]any{"id": "999", "properties": map[string]string{"firstname": "Y"}, "objectWriteTraceId": "u2"}))
		require.Equal(t, http.StatusMultiStatus, r.status)
		var got tBatch
		r.into(t, &got)
		require.Len(t, got.Errors, 1)
		assert.Equal(t, "OBJECT_NOT_FOUND", got.Errors[0].Category)
		assert.Equal(t, map[string][]string{"objectWriteTraceId": {"u2"}}, got.Errors[0].Context)
		c, _ := srv.Contact("a@example.com")
		assert.Equal(t, "Y", c.Properties["firstname"])
	})
	t.Run("unique value held by another contact", func(t *testing.T) {
		r := do(t, srv, "POST", path, inputs(map[string]any{"id": "1001", "properties": map[string]string{"email": "b@example.com"}}))
		assert.Equal(t, http.StatusConflict, r.status)
		c, _ := srv.Contact("a@example.com")
		assert.Equal(t, "1001", c.ID)
	})
	t.Run("changing the email re-indexes the contact", func(t *testing.T) {
		r := do(t, srv, "POST", path, inputs(map[string]any{"id": "1001", "properties": map[string]string{"email": "a2@example.com"}}))
		require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
		_, old := srv.Contact("a@example.com")
		c, ok := srv.Contact("a2@example.com")
		assert.False(t, old)
		assert.True(t, ok)
		assert.Equal(t, "1001", c.ID)
	})
}

func TestBatchRead(t *testing.T) {
	srv := newServer(t, WithClock(newClock().now))
	r := do(t, srv, "POST", upsertPath, inputs(in("a@example.com", "", map[string]string{"firstname": "A"})))
	require.Equal(t, http.StatusOK, r.status)
	const path = "/crm/v3/objects/contacts/batch/read"
	t.Run("by id with properties", func(t *testing.T) {
		r := do(t, srv, "POST", path, map[string]any{"inputs": []map[string]string{{"id": "1001"}}, "properties": []string{"firstname", "phone"}})
		require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
		var got struct {
			Results []struct {
				ID         string             `json:"id"`
				Properties map[string]*string `json:"properties"`
			} `json:"results"`
		}
		r.into(t, &got)
		require.Len(t, got.Results, 1)
		assert.Equal(t, map[string]*string{"firstname": ptr("A"), "phone": nil, "hs_object_id": ptr("1001"),
			"createdate": ptr(t0Millis), "lastmodifieddate": ptr(t0Millis)}, got.Results[0].Properties)
	})
	t.Run("by email with a missing one", func(t *testing.T) {
		r := do(t, srv, "POST", path, map[string]any{"idProperty": "email",
			"inputs": []map[string]string{{"id": "A@example.com"}, {"id": "zz@example.com"}}})
		require.Equal(t, http.StatusMultiStatus, r.status, "body %s", r.raw)
		var got tBatch
		r.into(t, &got)
		require.Len(t, got.Results, 1)
		assert.Equal(t, map[string]string{"createdate": t0Millis, "email": "a@example.com", "firstname": "A", "hs_object_id": "1001",
			"lastmodifieddate": t0Millis, "lastname": ""}, got.Results[0].Properties)
		assert.Equal(t, []tError{{Status: "error", Category: "OBJECT_NOT_FOUND",
			Message: "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.",
			Context: map[string][]string{"ids": {"zz@example.com"}}, Errors: noDetails, Links: noLinks}}, got.Errors)
	})
	t.Run("history batches are limited to 50", func(t *testing.T) {
		ids := make([]map[string]string, 51)
		for i := range ids {
			ids[i] = map[string]string{"id": fmt.Sprint(i)}
		}
		r := do(t, srv, "POST", path, map[string]any{"inputs": ids, "propertiesWithHistory": []string{"firstname"}})
		assert.Equal(t, http.StatusBadRequest, r.status)
	})
}

func TestGetAndCreateSingleObject(t *testing.T) {
	srv := newServer(t, WithClock(newClock().now))
	r := do(t, srv, "POST", "/crm/v3/objects/0-1", map[string]any{"properties": map[string]string{"email": "a@example.com", "firstname": "A"}})
	require.Equal(t, http.StatusCreated, r.status, "body %s", r.raw)
	var created tObject
	r.into(t, &created)
	assert.Equal(t, "1001", created.ID)

	tests := []struct {
		name   string
		path   string
		status int
		props  map[string]string
	}{
		{"default properties", "/crm/v3/objects/contacts/1001", 200, map[string]string{"createdate": t0Millis, "email": "a@example.com",
			"firstname": "A", "hs_object_id": "1001", "lastmodifieddate": t0Millis, "lastname": ""}},
		{"chosen properties", "/crm/v3/objects/contacts/1001?properties=firstname,phone", 200, map[string]string{"firstname": "A",
			"phone": "", "hs_object_id": "1001", "createdate": t0Millis, "lastmodifieddate": t0Millis}},
		{"by email", "/crm/v3/objects/contacts/a@example.com?idProperty=email&properties=email", 200, map[string]string{"email": "a@example.com",
			"hs_object_id": "1001", "createdate": t0Millis, "lastmodifieddate": t0Millis}},
		{"missing", "/crm/v3/objects/contacts/42", 404, nil},
		{"non-unique idProperty", "/crm/v3/objects/contacts/A?idProperty=firstname", 400, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, "GET", tc.path, nil)
			require.Equal(t, tc.status, r.status, "body %s", r.raw)
			if tc.props == nil {
				return
			}
			var got tObject
			r.into(t, &got)
			assert.Equal(t, tObject{ID: "1001", Properties: tc.props, CreatedAt: t0Stamp, UpdatedAt: t0Stamp}, got)
		})
	}
	t.Run("single create refuses an existing email", func(t *testing.T) {
		r := do(t, srv, "POST", "/crm/v3/objects/contacts", map[string]any{"properties": map[string]string{"email": "a@example.com"}})
		assert.Equal(t, http.StatusConflict, r.status)
	})
	t.Run("single create refuses bad JSON", func(t *testing.T) {
		r := do(t, srv, "POST", "/crm/v3/objects/contacts", "[")
		assert.Equal(t, http.StatusBadRequest, r.status)
	})
}
