package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
)

func threeInputs() []UpsertInput {
	return []UpsertInput{
		{ID: "a@x.com", Properties: Properties{"firstname": cdp.StringValue("Ana")}},
		{ID: "bad@", Properties: Properties{"firstname": cdp.StringValue("Bad")}},
		{ID: "c@x.com", Properties: Properties{"firstname": cdp.StringValue("Caio"), "vip": cdp.BoolValue(true)}},
	}
}

func TestBatchUpsertRequestBody(t *testing.T) {
	t.Parallel()
	h := setup(t)
	var got batchRequest
	h.mux.HandleFunc("POST /crm/v3/objects/contacts/batch/upsert", func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		readJSON(t, r, &got)
		writeJSON(w, 200, `{"status":"COMPLETE","results":[]}`)
	})
	_, err := h.client.Contacts.BatchUpsert(context.Background(), "email", threeInputs())
	require.NoError(t, err)
	require.Len(t, got.Inputs, 3)
	traces := map[string]bool{}
	for i := range got.Inputs {
		assert.NotEmpty(t, got.Inputs[i].TraceID)
		traces[got.Inputs[i].TraceID] = true
		got.Inputs[i].TraceID = ""
	}
	assert.Len(t, traces, 3, "every input has a unique objectWriteTraceId")
	assert.Equal(t, []batchInput{
		{ID: "a@x.com", IDProperty: "email", Properties: map[string]string{"firstname": "Ana"}},
		{ID: "bad@", IDProperty: "email", Properties: map[string]string{"firstname": "Bad"}},
		{ID: "c@x.com", IDProperty: "email", Properties: map[string]string{"firstname": "Caio", "vip": "true"}},
	}, got.Inputs)
}

// upsertHandler answers with the body built by answer from the decoded
// request.
func upsertHandler(t *testing.T, status int, answer func(req batchRequest) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req batchRequest
		readJSON(t, r, &req)
		writeJSON(w, status, answer(req))
	}
}

func TestBatchUpsertMapping(t *testing.T) {
	t.Parallel()
	invalidEmail := `Property values were not valid: [{\"isValid\":false,\"message\":\"Email address bad@ is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]`
	tests := []struct {
		name   string
		status int
		answer func(req batchRequest) string
		want   []UpsertResult
	}{
		{
			name: "200 results with trace ids, out of order", status: 200,
			answer: func(req batchRequest) string {
				return fmt.Sprintf(`{"status":"COMPLETE","results":[
					{"id":"3","new":false,"objectWriteTraceId":%q,"properties":{"email":"c@x.com"}},
					{"id":"1","new":true,"objectWriteTraceId":%q,"properties":{"email":"a@x.com"}},
					{"id":"2","new":true,"objectWriteTraceId":%q,"properties":{"email":"bad@"}}]}`,
					req.Inputs[2].TraceID, req.Inputs[0].TraceID, req.Inputs[1].TraceID)
			},
			want: []UpsertResult{
				{ID: "1", Created: true, Properties: map[string]string{"email": "a@x.com"}},
				{ID: "2", Created: true, Properties: map[string]string{"email": "bad@"}},
				{ID: "3", Properties: map[string]string{"email": "c@x.com"}},
			},
		},
		{
			name: "200 results matched by email without trace ids", status: 200,
			answer: func(batchRequest) string {
				return `{"status":"COMPLETE","results":[
					{"id":"3","new":true,"properties":{"email":"C@X.COM"}},
					{"id":"1","new":false,"properties":{"email":"a@x.com"}},
					{"id":"2","properties":{"email":"bad@"}}]}`
			},
			want: []UpsertResult{
				{ID: "1", Properties: map[string]string{"email": "a@x.com"}},
				{ID: "2", Properties: map[string]string{"email": "bad@"}},
				{ID: "3", Created: true, Properties: map[string]string{"email": "C@X.COM"}},
			},
		},
		{
			name: "207 partial", status: 207,
			answer: func(req batchRequest) string {
				return fmt.Sprintf(`{"status":"COMPLETE","numErrors":1,
					"results":[{"id":"1","new":true,"objectWriteTraceId":%q,"properties":{"email":"a@x.com"}},
					           {"id":"3","new":false,"objectWriteTraceId":%q,"properties":{"email":"c@x.com"}}],
					"errors":[{"status":"error","category":"VALIDATION_ERROR","message":"%s","context":{"objectWriteTraceId":[%q]}}]}`,
					req.Inputs[0].TraceID, req.Inputs[2].TraceID, invalidEmail, req.Inputs[1].TraceID)
			},
			want: []UpsertResult{
				{ID: "1", Created: true, Properties: map[string]string{"email": "a@x.com"}},
				{Err: &Error{Status: 207, Category: "VALIDATION_ERROR",
					Message: strings.ReplaceAll(invalidEmail, `\"`, `"`),
					Context: map[string][]string{"objectWriteTraceId": {"TRACE1"}},
					Details: []ValidationDetail{{Message: "Email address bad@ is invalid", Error: "INVALID_EMAIL", Name: "email"}}}},
				{ID: "3", Properties: map[string]string{"email": "c@x.com"}},
			},
		},
		{
			name: "empty 2xx fails every input", status: 200,
			answer: func(batchRequest) string { return `{"status":"COMPLETE","results":[],"errors":[]}` },
			want:   []UpsertResult{{Err: ErrNoResult}, {Err: ErrNoResult}, {Err: ErrNoResult}},
		},
		{
			name: "no body at all", status: 200,
			answer: func(batchRequest) string { return `` },
			want:   []UpsertResult{{Err: ErrNoResult}, {Err: ErrNoResult}, {Err: ErrNoResult}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := setup(t)
			var traces []string
			h.mux.HandleFunc("POST /crm/v3/objects/contacts/batch/upsert", upsertHandler(t, tc.status, func(req batchRequest) string {
				for _, in := range req.Inputs {
					traces = append(traces, in.TraceID)
				}
				return tc.answer(req)
			}))
			got, err := h.client.Contacts.BatchUpsert(context.Background(), "email", threeInputs())
			require.NoError(t, err)
			// The trace id in a per-input error is random: pin it for the comparison.
			for _, r := range got {
				if ae, ok := r.Err.(*Error); ok {
					require.Equal(t, []string{traces[1]}, ae.Context["objectWriteTraceId"])
					ae.Context["objectWriteTraceId"] = []string{"TRACE1"}
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestBatchUpsertWholeCallErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		is     error
	}{
		{"400", 400, validationBody, nil},
		{"401", 401, `{"status":"error","category":"INVALID_AUTHENTICATION","message":"no"}`, ErrUnauthorized},
		{"403", 403, `{"status":"error","category":"MISSING_SCOPES","message":"no","context":{"missingScopes":["crm.objects.contacts.write"]}}`, ErrForbidden},
		{"409", 409, `{"status":"error","category":"CONFLICT","message":"exists"}`, ErrConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := setup(t)
			calls := 0
			h.mux.HandleFunc("POST /crm/v3/objects/contacts/batch/upsert", func(w http.ResponseWriter, r *http.Request) {
				calls++
				writeJSON(w, tc.status, tc.body)
			})
			got, err := h.client.Contacts.BatchUpsert(context.Background(), "email", threeInputs())
			assert.Nil(t, got)
			var ae *Error
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.Status)
			if tc.is != nil {
				assert.ErrorIs(t, err, tc.is)
			}
			assert.Equal(t, 1, calls, "never retried")
		})
	}
}

func TestBatchUpsertRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	h := setup(t) // the catch-all fails the test on any request
	many := make([]UpsertInput, 101)
	for i := range many {
		many[i] = UpsertInput{ID: fmt.Sprintf("c%d@x.com", i)}
	}
	_, err := h.client.Contacts.BatchUpsert(context.Background(), "email", many)
	assert.ErrorIs(t, err, ErrTooManyInputs)

	_, err = h.client.Contacts.BatchUpsert(context.Background(), "email", []UpsertInput{{ID: "a@x.com"}, {ID: "A@x.com"}})
	assert.ErrorIs(t, err, ErrDuplicateInput)

	_, err = h.client.Contacts.BatchUpsert(context.Background(), "email", []UpsertInput{{ID: ""}})
	var ve *ValueError
	assert.ErrorAs(t, err, &ve)

	_, err = h.client.Contacts.BatchUpsert(context.Background(), "", []UpsertInput{{ID: "a"}})
	assert.ErrorAs(t, err, &ve)

	_, err = h.client.Contacts.BatchUpsert(context.Background(), "email", []UpsertInput{{ID: "a@x.com",
		Properties: Properties{"bio": cdp.StringValue(strings.Repeat("x", MaxStringLength+1))}}})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "bio", ve.Property)

	_, err = h.client.Contacts.BatchUpdate(context.Background(), []UpdateInput{{ID: "1"}, {ID: "1"}})
	assert.ErrorIs(t, err, ErrDuplicateInput)
	_, err = h.client.Contacts.BatchUpdate(context.Background(), []UpdateInput{{ID: ""}})
	assert.ErrorAs(t, err, &ve)
	_, err = h.client.Contacts.BatchRead(context.Background(), make([]string, 101), "", nil)
	assert.ErrorIs(t, err, ErrTooManyInputs)
}

func TestBatchUpdateAndRead(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.mux.HandleFunc("POST /crm/v3/objects/contacts/batch/update", upsertHandler(t, 200, func(req batchRequest) string {
		assert.Equal(t, "", req.Inputs[0].IDProperty, "update by record id sends no idProperty")
		assert.Equal(t, map[string]string{"phone": ""}, req.Inputs[0].Properties)
		return `{"status":"COMPLETE","results":[{"id":"42","properties":{"phone":""}}]}`
	}))
	h.mux.HandleFunc("POST /crm/v3/objects/contacts/batch/read", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "false", r.URL.Query().Get("archived"))
		var req batchReadRequest
		readJSON(t, r, &req)
		assert.Equal(t, batchReadRequest{Inputs: []readInput{{"a@x.com"}, {"nobody@x.com"}}, IDProperty: "email", Properties: []string{"firstname"},
			PropertiesWithHistory: []string{}}, req)
		writeJSON(w, 207, `{"status":"COMPLETE","results":[{"id":"42","properties":{"firstname":"Ana"}}],"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"not found","context":{"ids":["nobody@x.com"]}}]}`)
	})
	ctx := context.Background()
	up, err := h.client.Contacts.BatchUpdate(ctx, []UpdateInput{{ID: "42", Properties: Properties{"phone": cdp.Value{}}}})
	require.NoError(t, err)
	assert.Equal(t, []WriteResult{{ID: "42", Properties: map[string]string{"phone": ""}}}, up)

	got, err := h.client.Contacts.BatchRead(ctx, []string{"a@x.com", "nobody@x.com"}, "email", []string{"firstname"})
	require.NoError(t, err)
	assert.Equal(t, []Object{{ID: "42", Properties: map[string]string{"firstname": "Ana"}}}, got)

	none, err := h.client.Contacts.BatchRead(ctx, nil, "", nil)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestSearchValidatesAndPages(t *testing.T) {
	t.Parallel()
	h := setup(t)
	var afters []string
	h.mux.HandleFunc("POST /crm/v3/objects/contacts/search", func(w http.ResponseWriter, r *http.Request) {
		var req SearchRequest
		readJSON(t, r, &req)
		afters = append(afters, req.After)
		assert.Equal(t, DefaultSearchLimit, req.Limit)
		if req.After == "0" {
			writeJSON(w, 200, `{"total":3,"results":[{"id":"1"},{"id":"2"}],"paging":{"next":{"after":"2"}}}`)
			return
		}
		writeJSON(w, 200, `{"total":3,"results":[{"id":"3"}]}`)
	})
	req := SearchRequest{FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "email", Operator: OpHasProperty}}}}}
	var ids []string
	for o, err := range h.client.Contacts.SearchAll(context.Background(), req) {
		require.NoError(t, err)
		ids = append(ids, o.ID)
	}
	assert.Equal(t, []string{"1", "2", "3"}, ids)
	assert.Equal(t, []string{"0", "2"}, afters, "the first page is after 0")

	f := Filter{PropertyName: "p", Operator: OpEQ, Value: "v"}
	bad := []SearchRequest{
		{FilterGroups: make([]FilterGroup, 6)},
		{FilterGroups: []FilterGroup{{Filters: make([]Filter, 11)}}},
		{FilterGroups: []FilterGroup{{Filters: repeat(f, 10)}, {Filters: repeat(f, 10)}, {Filters: repeat(f, 6)}}},
		{FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "p"}}}}},
		{Limit: 201},
		{Limit: -1},
	}
	for i, sr := range bad {
		_, err := h.client.Contacts.Search(context.Background(), sr)
		var ve *ValueError
		assert.ErrorAs(t, err, &ve, "case %d", i)
	}
}

func repeat(f Filter, n int) []Filter {
	out := make([]Filter, n)
	for i := range out {
		out[i] = f
	}
	return out
}

func TestObjectJSON(t *testing.T) {
	t.Parallel()
	var o Object
	require.NoError(t, json.Unmarshal([]byte(`{"id":"1","properties":{"a":"b"},"createdAt":"2026-01-02T03:04:05.678Z","archived":true}`), &o))
	assert.Equal(t, "2026-01-02T03:04:05.678Z", FormatTimestamp(o.CreatedAt))
	assert.True(t, o.Archived)
}

func TestTraceIDsUnique(t *testing.T) {
	t.Parallel()
	c, err := New("t")
	require.NoError(t, err)
	seen := map[string]bool{}
	for range 3 {
		for _, id := range c.traceIDs(120) {
			assert.False(t, seen[id], id)
			seen[id] = true
		}
	}
	assert.Len(t, seen, 360)
}
