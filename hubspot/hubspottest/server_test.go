package hubspottest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuthentication(t *testing.T) {
	clock := newClock()
	srv := newServer(t, WithToken("pat-na1-secret"), WithClock(clock.now), WithRateLimit(1, time.Hour),
		WithFaults(Faults{ServerError: 1}))
	assert.Equal(t, "pat-na1-secret", srv.Token)
	tests := []struct {
		name, token, message string
	}{
		{"missing", "", "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"},
		{"wrong", "pat-na1-other", "The access token provided is invalid or has expired."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for range 3 { // never rate limited nor faulted
				r := doToken(t, srv, tc.token, "POST", upsertPath, inputs(in("a@example.com", "", nil)))
				require.Equal(t, http.StatusUnauthorized, r.status)
				var e tError
				r.into(t, &e)
				assert.Equal(t, tError{Status: "error", Category: "INVALID_AUTHENTICATION", Message: tc.message, Errors: noDetails, Links: noLinks, Correlation: e.Correlation}, e)
				assert.NotContains(t, string(r.raw), "secret")
				assert.Equal(t, [5]string{}, rateHeaders(r.header))
			}
		})
	}
	assert.Empty(t, srv.Contacts())
	reqs := srv.Requests()
	require.Len(t, reqs, 6)
	assert.Equal(t, Request{Method: "POST", Path: upsertPath, Status: 401, Time: clock.now(),
		Body: []byte(`{"inputs":[{"id":"a@example.com","idProperty":"email","properties":null}]}`), CorrelationID: "00000000-0000-4000-8000-000000000001"}, reqs[0])
}

func TestRouting(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		method, path string
		status       int
		message      string
	}{
		{"GET", "/crm/v3/objects/deals/1", 404, "Unable to infer object type from: deals"},
		{"GET", "/crm/v3/nothing", 404, "resource not found"},
		{"GET", "/", 404, "resource not found"},
		{"POST", "/crm/v3/objects/contacts/batch/archive", 404, "resource not found"},
		{"POST", "/crm/v3/properties/contacts/batch/archive", 404, "resource not found"},
		{"DELETE", "/crm/v3/objects/contacts/1", 405, "method DELETE not allowed"},
		{"GET", "/crm/v3/objects/contacts/batch/upsert", 405, "method GET not allowed"},
		{"PUT", "/crm/v3/properties/contacts", 405, "method PUT not allowed"},
		{"GET", "/crm/objects/2026-03/contacts/1", 404, `CONTACT "1" not found`},
		{"GET", "/crm/properties/2026-03/0-27/hs_timestamp", 200, ""},
		{"GET", "/crm/v3/properties/tasks/groups", 200, ""},
		{"GET", "/crm/v3/owners", 200, ""},
		{"GET", "/events/v3/send", 405, "method GET not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := do(t, srv, tc.method, tc.path, nil)
			require.Equal(t, tc.status, r.status, "body %s", r.raw)
			if tc.message != "" {
				var e tError
				r.into(t, &e)
				assert.Equal(t, tc.message, e.Message)
				assert.Equal(t, "error", e.Status)
			}
		})
	}
	reqs := srv.Requests()
	require.Len(t, reqs, len(tests), "every request is recorded")
	for i, tc := range tests {
		assert.Equal(t, [3]any{tc.method, tc.path, tc.status}, [3]any{reqs[i].Method, reqs[i].Path, reqs[i].Status})
	}
	r := do(t, srv, "POST", "/events/2026-03/send", map[string]any{"eventName": "pe1_x", "email": "a@example.com"})
	assert.Equal(t, http.StatusNoContent, r.status)
}

func TestOptionsPanic(t *testing.T) {
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"empty token", WithToken(""), "hubspottest: WithToken: empty token"},
		{"negative rate", WithRateLimit(-1, time.Second), "hubspottest: WithRateLimit: max must be >= 0, got -1"},
		{"zero interval", WithRateLimit(10, 0), "hubspottest: WithRateLimit: interval must be > 0, got 0s"},
		{"negative daily", WithDailyLimit(-5), "hubspottest: WithDailyLimit: n must be >= 0, got -5"},
		{"negative search", WithSearchLimit(-1), "hubspottest: WithSearchLimit: perSecond must be >= 0, got -1"},
		{"fault above 1", WithFaults(Faults{Reset: 1.5}), "hubspottest: WithFaults: Reset must be in [0, 1], got 1.5"},
		{"negative fault", WithFaults(Faults{ServerError: -0.1}), "hubspottest: WithFaults: ServerError must be in [0, 1], got -0.1"},
		{"faults sum above 1", WithFaults(Faults{ServerError: 0.6, ApplyThenFail: 0.6}), "hubspottest: WithFaults: probabilities sum to 1.2, more than 1"},
		{"negative latency", WithLatency(-time.Second), "hubspottest: WithLatency: d must be >= 0, got -1s"},
		{"owner without id", WithOwners(Owner{Email: "a@example.com"}), `hubspottest: WithOwners: owner 0 has an empty ID`},
		{"owner of unknown type", WithOwners(Owner{ID: "7", Type: "TEAM"}), `hubspottest: WithOwners: owner "7" has type "TEAM", want PERSON or QUEUE`},
		{"duplicate owner", WithOwners(Owner{ID: "1"}, Owner{ID: "1"}), `hubspottest: WithOwners: duplicate owner ID "1"`},
		{"nil clock", WithClock(nil), "hubspottest: WithClock: nil clock"},
		{"nil option", nil, "hubspottest: nil Option"},
		{"unknown object type", WithProperties("deals", Property{}), `hubspottest: WithProperties: unknown object type "deals"`},
		{"unknown group type", WithGroups("deals", PropertyGroup{}), `hubspottest: WithGroups: unknown object type "deals"`},
		{"bad group", WithGroups("contacts", PropertyGroup{Name: "Bad", Label: "B"}), `hubspottest: WithGroups("contacts"): group name "Bad" is invalid: it must match ^[a-z][a-z0-9_]*$`},
		{"bad property", WithContactProperty(Property{Name: "amount", Label: "A", Type: "number", FieldType: "text", GroupName: "contactinformation"}),
			`hubspottest: WithProperties("contacts"): property "amount": fieldType "text" is not valid for type "number" (valid: [number calculation_equation])`},
		{"existing property", WithContactProperty(Property{Name: "email", Label: "E", Type: "string", FieldType: "text", GroupName: "contactinformation"}),
			`hubspottest: WithProperties("contacts"): A property named 'email' already exists.`},
		{"property in a bad new group", WithContactProperty(Property{Name: "amount", Label: "A", Type: "number", FieldType: "number", GroupName: "Bad"}),
			`hubspottest: WithProperties("contacts"): group name "Bad" is invalid: it must match ^[a-z][a-z0-9_]*$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tc.want, func() { NewServer(tc.opt).Close() })
		})
	}
}

func TestPropertySeedCreatesGroup(t *testing.T) {
	srv := newServer(t, WithProperties("0-27", Property{Name: "marker", Label: "Marker", Type: "string", FieldType: "text", GroupName: "warren", HasUniqueValue: true}))
	assert.Equal(t, []PropertyGroup{{Name: "taskinformation", Label: "Task information", DisplayOrder: -1}, {Name: "warren", Label: "warren"}}, srv.Groups("tasks"))
	props := srv.Properties("tasks")
	assert.Equal(t, "marker", props[len(props)-1].Name)
}

func TestCloseTwice(t *testing.T) {
	srv := NewServer()
	srv.Close()
	assert.NotPanics(t, srv.Close)
}

func TestStateReadersReturnCopies(t *testing.T) {
	srv := newServer(t)
	r := do(t, srv, "POST", upsertPath, inputs(in("a@example.com", "", map[string]string{"firstname": "A"})))
	require.Equal(t, http.StatusOK, r.status)
	c := srv.Contacts()[0]
	c.Properties["firstname"] = "changed"
	reqs := srv.Requests()
	reqs[0].Body[0] = 'X'
	p := srv.Properties("contacts")
	p[0].Name = "changed"
	again, ok := srv.Contact("a@example.com")
	require.True(t, ok)
	assert.Equal(t, "A", again.Properties["firstname"])
	assert.True(t, strings.HasPrefix(string(srv.Requests()[0].Body), "{"))
	assert.Equal(t, "email", srv.Properties("contacts")[0].Name)
	_, ok = srv.Contact("nobody@example.com")
	assert.False(t, ok)
	_, ok = srv.Object("deals", "1")
	assert.False(t, ok)
	_, ok = srv.Object("contacts", "999")
	assert.False(t, ok)
}

func TestBodyTooLarge(t *testing.T) {
	s := build(nil)
	req := httptest.NewRequest("POST", "http://hubspot.test"+upsertPath, bytes.NewReader(make([]byte, maxBody+1)))
	req.Header.Set("Authorization", "Bearer "+s.Token)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	reqs := s.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.StatusRequestEntityTooLarge, reqs[0].Status)
}
