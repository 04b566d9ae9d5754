package hubspottest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type tSearch struct {
	Total   int       `json:"total"`
	Results []tObject `json:"results"`
	Paging  *struct {
		Next struct {
			After string `json:"after"`
		} `json:"next"`
	} `json:"paging"`
}

func f(prop, op string, value any) map[string]any {
	m := map[string]any{"propertyName": prop, "operator": op}
	if value != nil {
		m["value"] = value
	}
	return m
}

func groups(gs ...[]map[string]any) []map[string]any {
	out := make([]map[string]any, len(gs))
	for i, g := range gs {
		out[i] = map[string]any{"filters": g}
	}
	return out
}

func searchServer(t *testing.T) *Server {
	srv := newServer(t, valueSchema())
	people := []struct{ email, first, amount, expiry, tier string }{
		{"ana@example.com", "Ana Maria", "100", "2026-03-04", "gold"},
		{"bruno@example.com", "Bruno", "250.5", "2026-03-10", "silver"},
		{"carla@example.com", "Carla", "-3", "", "gold"},
		{"davi@example.com", "Davi", "", "2026-02-01", ""},
		{"eva@example.com", "Eva", "1000", "2026-03-04", "silver"},
	}
	items := make([]map[string]any, len(people))
	for i, p := range people {
		items[i] = in(p.email, "", map[string]string{"firstname": p.first, "amount": p.amount, "expiry": p.expiry, "tier": p.tier})
	}
	r := do(t, srv, "POST", upsertPath, inputs(items...))
	require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
	return srv
}

func emailsOf(res []tObject) []string {
	out := []string{}
	for _, o := range res {
		out = append(out, o.Properties["email"])
	}
	return out
}

func TestSearchOperators(t *testing.T) {
	srv := searchServer(t)
	tests := []struct {
		name   string
		groups []map[string]any
		query  string
		want   []string
	}{
		{"no filters", nil, "", []string{"ana@example.com", "bruno@example.com", "carla@example.com", "davi@example.com", "eva@example.com"}},
		{"EQ unique, case-insensitive", groups([]map[string]any{f("email", "EQ", "ANA@example.com")}), "", []string{"ana@example.com"}},
		{"EQ unique, missing", groups([]map[string]any{f("email", "EQ", "zz@example.com")}), "", []string{}},
		{"EQ string", groups([]map[string]any{f("firstname", "EQ", "bruno")}), "", []string{"bruno@example.com"}},
		{"EQ number given as JSON number", groups([]map[string]any{f("amount", "EQ", 250.5)}), "", []string{"bruno@example.com"}},
		{"NEQ includes unset", groups([]map[string]any{f("tier", "NEQ", "gold")}), "", []string{"bruno@example.com", "davi@example.com", "eva@example.com"}},
		{"LT number", groups([]map[string]any{f("amount", "LT", "100")}), "", []string{"carla@example.com"}},
		{"LTE number", groups([]map[string]any{f("amount", "LTE", "100")}), "", []string{"ana@example.com", "carla@example.com"}},
		{"GT number is numeric not lexical", groups([]map[string]any{f("amount", "GT", "99")}), "", []string{"ana@example.com", "bruno@example.com", "eva@example.com"}},
		{"GTE date", groups([]map[string]any{f("expiry", "GTE", "2026-03-04")}), "", []string{"ana@example.com", "bruno@example.com", "eva@example.com"}},
		{"BETWEEN dates as ms", groups([]map[string]any{{"propertyName": "expiry", "operator": "BETWEEN", "value": "1772582400000", "highValue": "2026-03-05"}}),
			"", []string{"ana@example.com", "eva@example.com"}},
		{"IN", groups([]map[string]any{{"propertyName": "tier", "operator": "IN", "values": []string{"silver", "platinum"}}}), "",
			[]string{"bruno@example.com", "eva@example.com"}},
		{"NOT_IN", groups([]map[string]any{{"propertyName": "tier", "operator": "NOT_IN", "values": []string{"silver"}}}), "",
			[]string{"ana@example.com", "carla@example.com", "davi@example.com"}},
		{"HAS_PROPERTY", groups([]map[string]any{f("amount", "HAS_PROPERTY", nil)}), "",
			[]string{"ana@example.com", "bruno@example.com", "carla@example.com", "eva@example.com"}},
		{"NOT_HAS_PROPERTY", groups([]map[string]any{f("expiry", "NOT_HAS_PROPERTY", nil)}), "", []string{"carla@example.com"}},
		{"CONTAINS_TOKEN word", groups([]map[string]any{f("firstname", "CONTAINS_TOKEN", "maria")}), "", []string{"ana@example.com"}},
		{"CONTAINS_TOKEN wildcard", groups([]map[string]any{f("email", "CONTAINS_TOKEN", "*@example.com")}), "",
			[]string{"ana@example.com", "bruno@example.com", "carla@example.com", "davi@example.com", "eva@example.com"}},
		{"CONTAINS_TOKEN prefix wildcard", groups([]map[string]any{f("firstname", "CONTAINS_TOKEN", "br*")}), "", []string{"bruno@example.com"}},
		{"CONTAINS_TOKEN no match", groups([]map[string]any{f("firstname", "CONTAINS_TOKEN", "mar")}), "", []string{}},
		{"NOT_CONTAINS_TOKEN", groups([]map[string]any{f("firstname", "NOT_CONTAINS_TOKEN", "ana")}), "",
			[]string{"bruno@example.com", "carla@example.com", "davi@example.com", "eva@example.com"}},
		{"AND within a group", groups([]map[string]any{f("tier", "EQ", "gold"), f("amount", "GT", "0")}), "", []string{"ana@example.com"}},
		{"OR across groups", groups([]map[string]any{f("firstname", "EQ", "Davi")}, []map[string]any{f("amount", "GTE", "1000")}), "",
			[]string{"davi@example.com", "eva@example.com"}},
		{"query", nil, "carl", []string{"carla@example.com"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{"filterGroups": tc.groups, "query": tc.query,
				"properties": []string{"email"}, "limit": 100})
			require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
			var got tSearch
			r.into(t, &got)
			assert.Equal(t, tc.want, emailsOf(got.Results))
			assert.Equal(t, len(tc.want), got.Total)
			assert.Nil(t, got.Paging)
		})
	}
}

func TestSearchPagingAndSorts(t *testing.T) {
	srv := searchServer(t)
	var all []string
	after := ""
	for page := 0; ; page++ {
		require.Less(t, page, 5, "paging does not end")
		body := map[string]any{"limit": 2, "properties": []string{"email"},
			"sorts": []map[string]string{{"propertyName": "amount", "direction": "DESCENDING"}}}
		if after != "" {
			body["after"] = after
		}
		r := do(t, srv, "POST", "/crm/v3/objects/0-1/search", body)
		require.Equal(t, http.StatusOK, r.status, "body %s", r.raw)
		var got tSearch
		r.into(t, &got)
		assert.Equal(t, 5, got.Total)
		all = append(all, emailsOf(got.Results)...)
		if got.Paging == nil {
			break
		}
		after = got.Paging.Next.After
	}
	// Missing values sort last whatever the direction.
	assert.Equal(t, []string{"eva@example.com", "bruno@example.com", "ana@example.com", "carla@example.com", "davi@example.com"}, all)

	r := do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{"sorts": []map[string]string{
		{"propertyName": "tier", "direction": "ASCENDING"}, {"propertyName": "firstname", "direction": "DESCENDING"}}, "properties": []string{"email"}})
	var got tSearch
	r.into(t, &got)
	assert.Equal(t, []string{"carla@example.com", "ana@example.com", "eva@example.com", "bruno@example.com", "davi@example.com"}, emailsOf(got.Results))

	// The string form of the published request model: a name sorts
	// ascending, a leading '-' descending; both forms may be mixed.
	sortTests := []struct {
		name  string
		sorts []any
	}{
		{"strings", []any{"tier", "-firstname"}},
		{"mixed", []any{"tier", map[string]string{"propertyName": "firstname", "direction": "DESCENDING"}}},
	}
	for _, tc := range sortTests {
		r := do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{"sorts": tc.sorts, "properties": []string{"email"}})
		require.Equal(t, http.StatusOK, r.status, "%s: body %s", tc.name, r.raw)
		got = tSearch{}
		r.into(t, &got)
		assert.Equal(t, []string{"carla@example.com", "ana@example.com", "eva@example.com", "bruno@example.com", "davi@example.com"},
			emailsOf(got.Results), tc.name)
	}
	r = do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{"sorts": []any{"-nope"}})
	assert.Equal(t, http.StatusBadRequest, r.status, "unknown property in the string form")
	r = do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{"sorts": []any{5}})
	assert.Equal(t, http.StatusBadRequest, r.status, "a sort that is neither a string nor an object")

	r = do(t, srv, "POST", "/crm/v3/objects/contacts/search", map[string]any{"limit": 1})
	got = tSearch{}
	r.into(t, &got)
	require.Len(t, got.Results, 1)
	assert.Equal(t, []string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}, keys(got.Results[0].Properties),
		"default properties")
}

func keys(m map[string]string) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func TestSearchLimits(t *testing.T) {
	srv := newServer(t)
	filters := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = f("firstname", "EQ", fmt.Sprint(i))
		}
		return out
	}
	tests := []struct {
		name   string
		body   any
		status int
	}{
		{"5 groups", map[string]any{"filterGroups": groups(filters(1), filters(1), filters(1), filters(1), filters(1))}, 200},
		{"6 groups", map[string]any{"filterGroups": groups(filters(1), filters(1), filters(1), filters(1), filters(1), filters(1))}, 400},
		{"10 filters in a group", map[string]any{"filterGroups": groups(filters(10))}, 200},
		{"11 filters in a group", map[string]any{"filterGroups": groups(filters(11))}, 400},
		{"25 filters in all", map[string]any{"filterGroups": groups(filters(10), filters(10), filters(5))}, 200},
		{"26 filters in all", map[string]any{"filterGroups": groups(filters(10), filters(10), filters(6))}, 400},
		{"limit 200", map[string]any{"limit": 200}, 200},
		{"limit 201", map[string]any{"limit": 201}, 400},
		{"limit as string", map[string]any{"limit": "5"}, 200},
		{"bad limit", map[string]any{"limit": "x"}, 400},
		{"paging to 10000", map[string]any{"after": "9800", "limit": 200}, 200},
		{"paging past 10000", map[string]any{"after": 9900, "limit": 101}, 400},
		{"bad after", map[string]any{"after": "abc"}, 400},
		{"unknown operator", map[string]any{"filterGroups": groups([]map[string]any{f("firstname", "LIKE", "a")})}, 400},
		{"unknown property", map[string]any{"filterGroups": groups([]map[string]any{f("nope", "EQ", "a")})}, 400},
		{"missing value", map[string]any{"filterGroups": groups([]map[string]any{f("firstname", "EQ", nil)})}, 400},
		{"missing highValue", map[string]any{"filterGroups": groups([]map[string]any{f("firstname", "BETWEEN", "a")})}, 400},
		{"missing values", map[string]any{"filterGroups": groups([]map[string]any{f("firstname", "IN", nil)})}, 400},
		{"object value", map[string]any{"filterGroups": groups([]map[string]any{f("firstname", "EQ", map[string]any{})})}, 400},
		{"unknown sort property", map[string]any{"sorts": []map[string]string{{"propertyName": "nope"}}}, 400},
		{"bad JSON", "{", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, "POST", "/crm/v3/objects/contacts/search", tc.body)
			assert.Equal(t, tc.status, r.status, "body %s", r.raw)
		})
	}
}

func TestContainsTokenAndWildcard(t *testing.T) {
	tests := []struct {
		value, token string
		want         bool
	}{
		{"Reinvest [task-abc123] now", "task-abc123", true},
		{"Reinvest [task-abc123] now", "task-abc12", false},
		{"exact Value", "EXACT value", true},
		{"ana@example.com", "ana", true},
		{"ana@example.com", "*.com", true},
		{"ana@example.com", "a*e*m", true},
		{"ana@example.com", "x*", false},
		{"ana", "a*b", false},
		{"anything", "--", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, containsToken(tc.value, tc.token), "%q in %q", tc.token, tc.value)
	}
}
