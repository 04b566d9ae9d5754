package hubspot

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// The conformance tests hold the client and hubspottest to HubSpot's
// published API reference, as transcribed in testdata/operations.json:
// every request the client sends carries the fields the published request
// models require, every answer hubspottest gives carries the fields the
// published response models guarantee, and the client uses no path the
// table does not list. A drift on either side fails TestConformance.

func TestConformanceTableIsSound(t *testing.T) {
	t.Parallel()
	c := loadConformance(t)
	modelRef := regexp.MustCompile(`@([A-Za-z]+)$`)
	refs := func(specs []string) {
		for _, s := range specs {
			if m := modelRef.FindStringSubmatch(s); m != nil {
				assert.Contains(t, c.Models, m[1], "spec %q", s)
			}
		}
	}
	for name, m := range c.Models {
		assert.True(t, strings.HasPrefix(m.Doc, "https://developers.hubspot.com/docs/"), "model %s doc %q", name, m.Doc)
		assert.NotEmpty(t, m.Required, "model %s", name)
		refs(m.Required)
	}
	seen := map[string]bool{}
	for _, op := range c.Operations {
		key := op.Method + " " + op.Path
		assert.False(t, seen[key], "%s listed twice", key)
		seen[key] = true
		assert.True(t, strings.HasPrefix(op.Doc, "https://developers.hubspot.com/docs/"), "%s doc %q", op.Name, op.Doc)
		assert.True(t, strings.HasPrefix(op.Path, "/"), "%s path %q", op.Name, op.Path)
		assert.NotEmpty(t, op.Responses, "%s", op.Name)
		for status, specs := range op.Responses {
			code, err := strconv.Atoi(status)
			assert.NoError(t, err, "%s status %q", op.Name, status)
			assert.True(t, code >= 200 && code < 300, "%s lists non-2xx %s", op.Name, status)
			assert.Equal(t, code == http.StatusNoContent, specs == nil, "%s: only a 204 has no body", op.Name)
			refs(specs)
		}
		refs(op.Request)
		assert.Equal(t, op.Method == http.MethodGet, op.Request == nil, "%s: only GETs have no body", op.Name)
	}
	assert.Equal(t, []string{"429", "other"}, sortedKeys(c.Errors))
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// conformanceRun drives every client operation against hubspottest, through
// a recording transport, and returns what went over the wire. It reaches
// every status the table lists (200, 201, 204 and each 207) and some error
// answers (404, 409).
func conformanceRun(t *testing.T) []exchange {
	t.Helper()
	owners := make([]hubspottest.Owner, 101) // two pages of 100
	for i := range owners {
		owners[i] = hubspottest.Owner{ID: strconv.Itoa(i + 1), Email: fmt.Sprintf("owner%d@example.com", i+1)}
	}
	owners[1].Type = hubspottest.OwnerQueue
	srv := hubspottest.NewServer(hubspottest.WithOwners(owners...))
	t.Cleanup(srv.Close)
	rec := &recorder{next: srv.Client().Transport}
	c, err := New(srv.Token, WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Transport: rec, Timeout: 10 * time.Second}),
		WithLimits(Unlimited()))
	require.NoError(t, err)
	ctx := context.Background()

	// Schema: list, group 404 then create, property create with options.
	defs := []Property{
		{Name: "cdp_amount", Label: "Amount", Type: "number", FieldType: "number"},
		{Name: "cdp_tier", Label: "Tier", Type: "enumeration", FieldType: "select",
			Options: []PropertyOption{{Label: "Gold", Value: "gold"}, {Label: "Old", Value: "old", Hidden: true}}},
	}
	_, err = c.Properties.EnsureSchema(ctx, "contacts", PropertyGroup{Name: "cdp", Label: "Customer data"}, defs)
	require.NoError(t, err)
	_, err = c.Properties.Get(ctx, "contacts", "cdp_tier")
	require.NoError(t, err)
	_, err = c.Properties.GetGroup(ctx, "contacts", "cdp")
	require.NoError(t, err)
	_, err = c.Properties.CreateGroup(ctx, "contacts", PropertyGroup{Name: "cdp", Label: "Again"})
	require.ErrorIs(t, err, ErrConflict)
	_, err = c.Properties.BatchCreate(ctx, "contacts", []Property{{Name: "cdp_flag", Label: "Flag", Type: "bool", FieldType: "booleancheckbox", GroupName: "cdp",
		Options: []PropertyOption{{Label: "Yes", Value: "true"}, {Label: "No", Value: "false"}}}})
	require.NoError(t, err)
	_, err = c.Properties.BatchCreate(ctx, "contacts", []Property{{Name: "cdp_note", Label: "Note", Type: "string", FieldType: "text", GroupName: "cdp"},
		{Name: "email", Label: "Email", Type: "string", FieldType: "text", GroupName: "cdp"}})
	require.ErrorIs(t, err, ErrConflict, "207: email exists")

	// Contacts: upsert, update, read, get, search, each with a 207 where it has one.
	up, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{
		{ID: "ana@example.com", Properties: Properties{"firstname": cdp.StringValue("Ana"), "cdp_amount": cdp.NumberValue(decimal.RequireFromString("10.5"))}},
		{ID: "bia@example.com", Properties: Properties{"cdp_tier": cdp.StringValue("gold")}},
		{ID: "caio@example.com"},
	})
	require.NoError(t, err)
	require.Len(t, up, 3)
	res, err := c.Contacts.BatchUpsert(ctx, "email", []UpsertInput{
		{ID: "dora@example.com"}, {ID: "eva@example.com", Properties: Properties{"nope": cdp.StringValue("x")}},
	})
	require.NoError(t, err)
	require.Error(t, res[1].Err, "207: unknown property")
	_, err = c.Contacts.BatchUpdate(ctx, []UpdateInput{{ID: up[0].ID, Properties: Properties{"lastname": cdp.StringValue("Lima")}}})
	require.NoError(t, err)
	upd, err := c.Contacts.BatchUpdate(ctx, []UpdateInput{{ID: up[1].ID}, {ID: "999999"}})
	require.NoError(t, err)
	require.Error(t, upd[1].Err, "207: unknown record")
	_, err = c.Contacts.BatchRead(ctx, []string{up[0].ID, up[1].ID}, "", []string{"firstname"})
	require.NoError(t, err)
	_, err = c.Contacts.BatchRead(ctx, []string{"ana@example.com", "zz@example.com"}, "email", nil)
	require.NoError(t, err, "207: one missing")
	_, err = c.Contacts.Get(ctx, up[0].ID, "", []string{"firstname"})
	require.NoError(t, err)
	_, err = c.Contacts.Get(ctx, "424242", "", nil)
	require.ErrorIs(t, err, ErrNotFound)
	n := 0
	for _, err := range c.Contacts.SearchAll(ctx, SearchRequest{Limit: 2, Sorts: []Sort{{PropertyName: "email", Direction: "ASCENDING"}},
		FilterGroups: []FilterGroup{{Filters: []Filter{{PropertyName: "email", Operator: OpHasProperty}}}}}) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 4, n)

	// Tasks: create with and without a contact, a 207, get and search.
	due := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	tasks, err := c.Tasks.BatchCreate(ctx, []TaskInput{{Subject: "Call Ana", Due: due, ContactID: up[0].ID, OwnerID: "1"}, {Subject: "Review", Due: due}})
	require.NoError(t, err)
	require.NoError(t, tasks[0].Err)
	tasks2, err := c.Tasks.BatchCreate(ctx, []TaskInput{{Subject: "Ok", Due: due}, {Subject: "Bad owner", Due: due, OwnerID: "nope"}})
	require.NoError(t, err)
	require.Error(t, tasks2[1].Err, "207: unknown owner")
	_, err = c.Tasks.Get(ctx, tasks[0].ID, []string{"hs_task_subject"})
	require.NoError(t, err)
	_, err = c.Tasks.Search(ctx, SearchRequest{Query: "Call"})
	require.NoError(t, err)

	// Owners (two pages) and events.
	got, err := c.Owners.List(ctx)
	require.NoError(t, err)
	require.Len(t, got, 101)
	assert.Equal(t, []string{OwnerPerson, OwnerQueue}, []string{got[0].Type, got[1].Type})
	require.NoError(t, c.Events.Send(ctx, Event{Name: "pe1_login", Key: "k1", Email: "ana@example.com"}))
	require.NoError(t, c.Events.SendBatch(ctx, []Event{{Name: "pe1_login", Key: "k2", ObjectID: up[0].ID,
		Properties: Properties{"channel": cdp.StringValue("app")}}}))
	return rec.exchanges()
}

func TestConformance(t *testing.T) {
	t.Parallel()
	c := loadConformance(t)
	exchanges := conformanceRun(t)
	require.NotEmpty(t, exchanges)
	seen := map[string]bool{} // "name status"
	for i, ex := range exchanges {
		op := c.match(ex.Method, ex.Path)
		if !assert.NotNil(t, op, "exchange %d: %s %s is not in the table", i, ex.Method, ex.Path) {
			continue
		}
		where := fmt.Sprintf("exchange %d %s %s (%s)", i, ex.Method, ex.Path, op.Name)
		req := decodeBody(t, ex.Request)
		if op.Request == nil {
			assert.Nil(t, req, "%s: a body where none is expected", where)
		} else {
			problems, _ := c.check(op.Request, req)
			assert.Empty(t, problems, "%s: request %s", where, ex.Request)
		}
		seen[op.Name+" "+strconv.Itoa(ex.Status)] = true
		assert.Empty(t, responseProblems(t, c, op, ex), "%s: response %d %s", where, ex.Status, ex.Response)
	}
	var missing []string
	for _, op := range c.Operations {
		for status := range op.Responses {
			if !seen[op.Name+" "+status] {
				missing = append(missing, op.Name+" "+status)
			}
		}
	}
	assert.Empty(t, missing, "table entries the run did not exercise")
	assert.True(t, seen["groups.get 404"] && seen["objects.get 404"] && seen["groups.create 409"], "error answers exercised: %v", seen)
}

// responseProblems checks an answer against its operation, or against the
// error models for a non-2xx status.
func responseProblems(t testing.TB, c *conformance, op *confOperation, ex exchange) []string {
	body := decodeBody(t, ex.Response)
	if ex.Status >= 300 {
		specs := c.Errors["other"]
		if ex.Status == http.StatusTooManyRequests {
			specs = c.Errors["429"]
		}
		problems, _ := c.check(specs, body)
		return problems
	}
	specs, ok := op.Responses[strconv.Itoa(ex.Status)]
	switch {
	case !ok:
		return []string{fmt.Sprintf("status %d is not listed", ex.Status)}
	case specs == nil && body != nil:
		return []string{"a body where none is expected"}
	}
	problems, _ := c.check(specs, body)
	return problems
}

// TestConformanceCatchesDrift removes, one at a time, every required field
// the run produced (in requests and in responses) and checks that the
// checker names it: a client or hubspottest that stops sending a field fails
// TestConformance.
func TestConformanceCatchesDrift(t *testing.T) {
	t.Parallel()
	c := loadConformance(t)
	indexes := regexp.MustCompile(`\[\d+\]`)
	mutated := map[string]bool{} // op side status field, indexes erased
	covered := map[string]bool{} // op side
	for _, ex := range conformanceRun(t) {
		op := c.match(ex.Method, ex.Path)
		require.NotNil(t, op)
		sides := []struct {
			side  string
			specs []string
			body  any
		}{{"request", op.Request, decodeBody(t, ex.Request)}}
		if specs, ok := op.Responses[strconv.Itoa(ex.Status)]; ok {
			sides = append(sides, struct {
				side  string
				specs []string
				body  any
			}{"response " + strconv.Itoa(ex.Status), specs, decodeBody(t, ex.Response)})
		}
		for _, s := range sides {
			problems, hits := c.check(s.specs, s.body)
			require.Empty(t, problems)
			for _, h := range hits {
				key := op.Name + " " + s.side + " " + indexes.ReplaceAllString(h.loc, "[]")
				if mutated[key] {
					continue
				}
				mutated[key] = true
				covered[op.Name+" "+strings.Fields(s.side)[0]] = true
				got, _ := c.check(s.specs, without(t, s.body, h.keys))
				assert.Contains(t, got, h.loc+": missing", "%s: removing %s", op.Name, h.loc)
			}
		}
	}
	for _, op := range c.Operations {
		if op.Request != nil {
			assert.True(t, covered[op.Name+" request"], "%s: no request field was mutated", op.Name)
		}
		if !hasOnly204(op) {
			assert.True(t, covered[op.Name+" response"], "%s: no response field was mutated", op.Name)
		}
	}
	t.Logf("%d distinct required fields removed one at a time", len(mutated))
}

func hasOnly204(op confOperation) bool {
	_, ok := op.Responses["204"]
	return ok && len(op.Responses) == 1
}

// TestConformanceReportsKnownDrifts shows the checker refusing the drifts
// HubSpot's published models rule out, on hand-written bodies.
func TestConformanceReportsKnownDrifts(t *testing.T) {
	t.Parallel()
	c := loadConformance(t)
	op := func(method, path string) *confOperation {
		o := c.match(method, path)
		require.NotNil(t, o, "%s %s", method, path)
		return o
	}
	batchRead := op("POST", "/crm/v3/objects/contacts/batch/read")
	owners := op("GET", "/crm/v3/owners/")
	upsert := op("POST", "/crm/v3/objects/contacts/batch/upsert")
	createProp := op("POST", "/crm/v3/properties/contacts")
	tasks := op("POST", "/crm/v3/objects/tasks/batch/create")
	tests := []struct {
		name  string
		specs []string
		body  string
		want  []string
	}{
		{"batch read without propertiesWithHistory", batchRead.Request,
			`{"inputs":[{"id":"1"}],"properties":[]}`, []string{"propertiesWithHistory: missing"}},
		{"batch read complete", batchRead.Request,
			`{"inputs":[{"id":"1"}],"properties":[],"propertiesWithHistory":[]}`, nil},
		{"option without hidden", createProp.Request,
			`{"name":"t","label":"T","type":"enumeration","fieldType":"select","groupName":"g","options":[{"label":"A","value":"a"}]}`,
			[]string{"options[0].hidden: missing"}},
		{"task create without associations", tasks.Request,
			`{"inputs":[{"properties":{"hs_timestamp":"1"}}]}`, []string{"inputs[0].associations: missing"}},
		{"owner without type", owners.Responses["200"],
			`{"results":[{"id":"1","createdAt":"x","updatedAt":"x","archived":false}]}`, []string{"results[0].type: missing"}},
		{"207 error item without links and errors", upsert.Responses["207"],
			`{"status":"COMPLETE","startedAt":"x","completedAt":"x","results":[],"errors":[{"status":"error","category":"VALIDATION_ERROR","message":"m","context":{}}]}`,
			[]string{"errors[0].links: missing", "errors[0].errors: missing"}},
		{"upsert result without new", upsert.Responses["200"],
			`{"status":"COMPLETE","startedAt":"x","completedAt":"x","results":[{"id":"1","properties":{},"createdAt":"x","updatedAt":"x","archived":false}]}`,
			[]string{"results[0].new: missing"}},
		{"null counts as missing", c.Errors["other"], `{"category":null,"correlationId":"c","message":"m"}`, []string{"category: missing"}},
		{"429 body is not an Error", c.Errors["other"],
			`{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"c","policyName":"SECONDLY"}`,
			[]string{"category: missing"}},
		{"429 body is a RateLimitError", c.Errors["429"],
			`{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"c","policyName":"SECONDLY"}`, nil},
		{"wrong shape", batchRead.Request, `{"inputs":{"id":"1"},"properties":[],"propertiesWithHistory":[]}`, []string{"inputs: not an array"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := c.check(tc.specs, decodeBody(t, []byte(tc.body)))
			assert.Equal(t, tc.want, got)
		})
	}
	assert.Nil(t, c.match("GET", "/crm/v3/owners"), "the owners list is published with a trailing slash")
	assert.Nil(t, c.match("POST", "/crm/v3/objects/contacts/batch/archive"), "an unlisted operation")
	assert.Equal(t, "objects.search", c.match("POST", "/crm/v3/objects/tasks/search").Name)
	assert.Equal(t, "groups.create", c.match("POST", "/crm/v3/properties/contacts/groups").Name)
}

// TestConformanceErrorBodies holds hubspottest's error answers to the
// published error model, plus the links and errors it always sends, and its
// 429 to HubSpot's rate-limit body, which differs from the error model.
func TestConformanceErrorBodies(t *testing.T) {
	t.Parallel()
	c := loadConformance(t)
	srv := hubspottest.NewServer(hubspottest.WithRateLimit(2, time.Hour))
	t.Cleanup(srv.Close)
	send := func(token, method, path, body string) exchange {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := &recorder{next: srv.Client().Transport}
		resp, err := rec.RoundTrip(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		return rec.exchanges()[0]
	}
	tests := []struct {
		name   string
		ex     exchange
		status int
	}{
		{"401 without a token", send("", "GET", "/crm/v3/properties/contacts", ""), http.StatusUnauthorized},
		{"400 bad JSON", send(srv.Token, "POST", "/crm/v3/objects/contacts/batch/upsert", "{"), http.StatusBadRequest},
		{"404 unknown path", send(srv.Token, "GET", "/crm/v3/nowhere", ""), http.StatusNotFound},
		{"429 over the rate limit", send(srv.Token, "GET", "/crm/v3/properties/contacts", ""), http.StatusTooManyRequests},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.status, tc.ex.Status, "body %s", tc.ex.Response)
			body := decodeBody(t, tc.ex.Response)
			specs := c.Errors["other"]
			if tc.status == http.StatusTooManyRequests {
				specs = c.Errors["429"]
			}
			problems, _ := c.check(specs, body)
			assert.Empty(t, problems)
			obj := body.(map[string]any)
			if tc.status == http.StatusTooManyRequests {
				assert.NotContains(t, obj, "category", "the 429 body keeps HubSpot's own shape")
				assert.Equal(t, "RATE_LIMIT", obj["errorType"])
				return
			}
			assert.Equal(t, map[string]any{}, obj["links"], "links is always sent")
			assert.Equal(t, []any{}, obj["errors"], "errors is always sent")
		})
	}
}
