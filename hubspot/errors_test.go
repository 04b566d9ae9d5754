package hubspot

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func response(status int, body string, header http.Header) *http.Response {
	rec := httptest.NewRecorder()
	for k, v := range header {
		rec.Header()[k] = v
	}
	rec.WriteHeader(status)
	_, _ = io.WriteString(rec, body)
	return rec.Result()
}

const validationBody = `{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Email address bad@ is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"},{\"isValid\":false,\"message\":\"Property \\\"x\\\" does not exist\",\"error\":\"PROPERTY_DOESNT_EXIST\",\"name\":\"x\"}]","correlationId":"corr-400","category":"VALIDATION_ERROR"}`

func TestCheckResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		body     string
		header   http.Header
		want     error
		sentinel []error
		notIs    []error
	}{
		{
			name: "200", status: 200, body: `{}`, want: nil,
		},
		{
			name: "204", status: 204, want: nil,
		},
		{
			name: "400 with embedded validation details", status: 400, body: validationBody,
			want: &Error{Status: 400, Category: "VALIDATION_ERROR", CorrelationID: "corr-400",
				Message: `Property values were not valid: [{"isValid":false,"message":"Email address bad@ is invalid","error":"INVALID_EMAIL","name":"email"},{"isValid":false,"message":"Property \"x\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"x"}]`,
				Details: []ValidationDetail{
					{Message: "Email address bad@ is invalid", Error: "INVALID_EMAIL", Name: "email"},
					{Message: `Property "x" does not exist`, Error: "PROPERTY_DOESNT_EXIST", Name: "x"},
				}},
			notIs: []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited},
		},
		{
			name: "401", status: 401,
			body:     `{"status":"error","message":"Authentication credentials not found.","correlationId":"c401","category":"INVALID_AUTHENTICATION"}`,
			want:     &Error{Status: 401, Category: "INVALID_AUTHENTICATION", Message: "Authentication credentials not found.", CorrelationID: "c401"},
			sentinel: []error{ErrUnauthorized}, notIs: []error{ErrForbidden},
		},
		{
			name: "403 with missing scopes", status: 403,
			body: `{"status":"error","message":"This app hasn't been granted all required scopes","correlationId":"c403","category":"MISSING_SCOPES","subCategory":"SCOPES","context":{"missingScopes":["crm.objects.contacts.write"]},"errors":[{"message":"missing scope","code":"MISSING_SCOPE"}]}`,
			want: &Error{Status: 403, Category: "MISSING_SCOPES", SubCategory: "SCOPES", CorrelationID: "c403",
				Message: "This app hasn't been granted all required scopes",
				Context: map[string][]string{"missingScopes": {"crm.objects.contacts.write"}},
				Errors:  []ErrorDetail{{Message: "missing scope", Code: "MISSING_SCOPE"}}},
			sentinel: []error{ErrForbidden},
		},
		{
			name: "404", status: 404, body: `{"status":"error","message":"Object not found.","category":"OBJECT_NOT_FOUND"}`,
			want:     &Error{Status: 404, Category: "OBJECT_NOT_FOUND", Message: "Object not found."},
			sentinel: []error{ErrNotFound},
		},
		{
			name: "409", status: 409, body: `{"status":"error","message":"Contact already exists. Existing ID: 1","category":"CONFLICT","subCategory":{"code":"DUP"}}`,
			want:     &Error{Status: 409, Category: "CONFLICT", SubCategory: `{"code":"DUP"}`, Message: "Contact already exists. Existing ID: 1"},
			sentinel: []error{ErrConflict},
		},
		{
			name: "423", status: 423, body: `{"status":"error","message":"locked","category":"LOCKED"}`,
			want: &Error{Status: 423, Category: "LOCKED", Message: "locked"},
		},
		{
			name: "429 ten-secondly", status: 429,
			body: `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"c429","policyName":"TEN_SECONDLY_ROLLING","groupName":"publicapi"}`,
			want: &RateLimitError{Policy: TenSecondly, Err: &Error{Status: 429, Category: "RATE_LIMIT", CorrelationID: "c429",
				Message: "You have reached your ten_secondly_rolling limit."}},
			sentinel: []error{ErrRateLimited}, notIs: []error{ErrDailyLimit},
		},
		{
			name: "429 secondly with retry-after", status: 429, header: http.Header{"Retry-After": {"2"}},
			body: `{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","policyName":"SECONDLY"}`,
			want: &RateLimitError{Policy: Secondly, RetryAfter: 2 * time.Second, Err: &Error{Status: 429, Category: "RATE_LIMIT",
				Message: "You have reached your secondly limit."}},
			sentinel: []error{ErrRateLimited}, notIs: []error{ErrDailyLimit},
		},
		{
			name: "429 secondly without policy name", status: 429,
			body: `{"status":"error","message":"You have reached your secondly limit."}`,
			want: &RateLimitError{Policy: Secondly, Err: &Error{Status: 429, Message: "You have reached your secondly limit."}},
		},
		{
			name: "429 daily", status: 429,
			body: `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY"}`,
			want: &RateLimitError{Policy: Daily, Err: &Error{Status: 429, Category: "RATE_LIMIT",
				Message: "You have reached your daily limit."}},
			sentinel: []error{ErrRateLimited, ErrDailyLimit},
		},
		{
			name: "500 not JSON", status: 500, body: "<html>oops</html>",
			want: &Error{Status: 500, Message: "<html>oops</html>"},
		},
		{
			name: "502 empty body with correlation header", status: 502, header: http.Header{"X-Hubspot-Correlation-Id": {"hdr"}},
			want: &Error{Status: 502, Message: "Bad Gateway", CorrelationID: "hdr"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp := response(tc.status, tc.body, tc.header)
			err := CheckResponse(resp)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			assert.Equal(t, tc.want, err)
			for _, s := range tc.sentinel {
				assert.ErrorIs(t, err, s)
			}
			for _, s := range tc.notIs {
				assert.NotErrorIs(t, err, s)
			}
			var ae *Error
			assert.ErrorAs(t, err, &ae, "every API error unwraps to *Error")
			rest, _ := io.ReadAll(resp.Body)
			assert.Equal(t, tc.body, string(rest), "the body is put back")
		})
	}
}

func TestCheckResponseLimitsBody(t *testing.T) {
	t.Parallel()
	huge := `{"message":"` + strings.Repeat("x", 3<<20) + `"}`
	resp := response(500, huge, nil)
	err := CheckResponse(resp)
	var ae *Error
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 500, ae.Status)
	assert.LessOrEqual(t, len(ae.Message), 512, "an undecodable truncated body yields a short message")
}

func TestErrorReasonAndText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err    interface{ Reason() string }
		reason string
		text   string
	}{
		{&Error{Status: 400, Category: "VALIDATION_ERROR", Details: []ValidationDetail{{Error: "INVALID_EMAIL"}}}, "INVALID_EMAIL", "hubspot: 400 VALIDATION_ERROR"},
		{&Error{Status: 403, Category: "MISSING_SCOPES", SubCategory: "S", Message: "m", CorrelationID: "c"}, "S", "hubspot: 403 MISSING_SCOPES/S: m (correlation id c)"},
		{&Error{Status: 409, Category: "CONFLICT"}, "CONFLICT", "hubspot: 409 CONFLICT"},
		{&Error{Status: 502}, "HTTP_502", "hubspot: 502"},
		{&RateLimitError{Policy: Daily, Local: true, RetryAfter: time.Second, Err: &Error{Message: "m"}}, "RATE_LIMIT_DAILY", "hubspot: rate limited (DAILY) locally, retry after 1s: m"},
		{&ValueError{Property: "p", Problem: "bad"}, "INVALID_VALUE", `hubspot: invalid value for property "p": bad`},
		{&ValueError{Problem: "bad"}, "INVALID_VALUE", `hubspot: invalid value: bad`},
		{&SchemaError{ObjectType: "contacts", Mismatches: []Mismatch{{"a", "number", "number", "string", "text"}}}, "SCHEMA_MISMATCH", "hubspot: 1 contacts property has the wrong type: a wants number/number, is string/text"},
		{&InputError{Err: ErrNoResult}, "NO_RESULT", ErrNoResult.Error()},
		{&InputError{Err: errors.New("x")}, "INPUT_FAILED", "x"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.reason, tc.err.Reason(), "%#v", tc.err)
		assert.Equal(t, tc.text, tc.err.(error).Error())
	}
	assert.Equal(t, []string{"s"}, (&Error{Context: map[string][]string{"missingScopes": {"s"}}}).MissingScopes())
	assert.Nil(t, (&RateLimitError{}).Unwrap())
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{"0", 0},
		{"-1", 0},
		{"99999999", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, parseRetryAfter(tc.in, now), tc.in)
	}
}
