package hubspottest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

var fuzzMethods = []string{"GET", "POST", "PUT", "DELETE"}

// FuzzServeHTTP feeds arbitrary requests to the handler: it never panics,
// answers a known status, and any body is valid JSON.
func FuzzServeHTTP(f *testing.F) {
	f.Add(uint8(1), "/crm/v3/objects/contacts/batch/upsert", []byte(`{"inputs":[{"id":"a@example.com","idProperty":"email","properties":{"firstname":"A"}}]}`))
	f.Add(uint8(1), "/crm/v3/objects/tasks/batch/create", []byte(`{"inputs":[{"properties":{"hs_timestamp":"1"},"associations":[{"to":{"id":"1001"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":204}]}]}]}`))
	f.Add(uint8(1), "/crm/v3/objects/contacts/search", []byte(`{"filterGroups":[{"filters":[{"propertyName":"email","operator":"CONTAINS_TOKEN","value":"a*"}]}],"limit":5,"after":"1"}`))
	f.Add(uint8(1), "/crm/v3/properties/contacts", []byte(`{"name":"x","label":"X","type":"enumeration","fieldType":"select","groupName":"contactinformation","options":[{"label":"a","value":"a"}]}`))
	f.Add(uint8(1), "/crm/v3/properties/contacts/groups", []byte(`{"name":"g","label":"G"}`))
	f.Add(uint8(1), "/events/v3/send/batch", []byte(`{"inputs":[{"eventName":"e","email":"a@b.c","uuid":"1","properties":{"n":1}}]}`))
	f.Add(uint8(0), "/crm/v3/objects/contacts/1001?properties=email", []byte(nil))
	f.Add(uint8(0), "/crm/v3/owners?limit=1&after=0", []byte(nil))
	f.Fuzz(func(t *testing.T, m uint8, path string, body []byte) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t#") {
			return
		}
		if _, err := url.ParseRequestURI("http://hubspot.test" + path); err != nil {
			return // not a request a client could send
		}
		s := build([]Option{WithOwners(Owner{ID: "1"})})
		s.Token = DefaultToken
		// Two passes: the second sees the state the first wrote.
		for range 2 {
			req := httptest.NewRequest(fuzzMethods[int(m)%len(fuzzMethods)], "http://hubspot.test"+path, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+DefaultToken)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			switch rec.Code {
			case 200, 201, 204, 207, 400, 404, 405, 409:
			default:
				t.Fatalf("%s %s: unexpected status %d: %s", req.Method, path, rec.Code, rec.Body.Bytes())
			}
			if rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s %s: invalid JSON body %q", req.Method, path, rec.Body.Bytes())
			}
			if (rec.Code == http.StatusNoContent) != (rec.Body.Len() == 0) {
				t.Fatalf("%s %s: status %d with body %q", req.Method, path, rec.Code, rec.Body.Bytes())
			}
		}
	})
}

// FuzzValues checks the value validators against independent parsers.
func FuzzValues(f *testing.F) {
	for _, v := range []string{"1", "-1.5", "1e5", "2026-03-04", "1772582400000", "1772618400000", "2026-03-04T10:00:00Z", "a@b.co", "", "-", "."} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if validNumber(v) {
			if _, err := decimal.NewFromString(v); err != nil {
				t.Fatalf("validNumber(%q) but decimal refuses it: %v", v, err)
			}
			if strings.ContainsAny(v, "eE+") {
				t.Fatalf("validNumber(%q) accepts an exponent or sign", v)
			}
		}
		if checkDate(v) == "" {
			ms, ok := parseTimeValue(v)
			if !ok || ms%86400000 != 0 {
				t.Fatalf("checkDate(%q) accepts a value that is not a midnight: %d %v", v, ms, ok)
			}
		}
		if validDatetime(v) {
			if _, ok := parseTimeValue(v); !ok {
				t.Fatalf("validDatetime(%q) but parseTimeValue refuses it", v)
			}
		}
		if validEmail(v) && (strings.Count(v, "@") != 1 || strings.ContainsAny(v, " <>")) {
			t.Fatalf("validEmail(%q) accepts a malformed address", v)
		}
		_ = containsToken(v, v)
		_ = wildcard("*"+v+"*", v)
	})
}
