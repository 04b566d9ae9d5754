package hubspot

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorTextMasksEchoedPersonalData checks that the text of HubSpot
// errors masks the e-mail addresses, CPFs and phone numbers HubSpot quotes
// back, while the Message field keeps them for the caller.
func TestErrorTextMasksEchoedPersonalData(t *testing.T) {
	t.Parallel()
	const msg = "Email address maria.souza@@exemplo.com.br is invalid; cpf 560.726.588-90, phone +55 (11) 99123-4567"
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"error", &Error{Status: 400, Category: "VALIDATION_ERROR", Message: msg, CorrelationID: "c-1"},
			"hubspot: 400 VALIDATION_ERROR: Email address m***@@exemplo.com.br#1dd8 is invalid; cpf ***.***.***-90#e7, phone ***67#65 (correlation id c-1)"},
		{"rate limit", &RateLimitError{Policy: TenSecondly, Err: &Error{Message: msg}},
			"hubspot: rate limited (TEN_SECONDLY_ROLLING): Email address m***@@exemplo.com.br#1dd8 is invalid; cpf ***.***.***-90#e7, phone ***67#65"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, tc.err.Error())
		})
	}
}

func TestCheckResponseErrorTextIsMasked(t *testing.T) {
	t.Parallel()
	body := `{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Email address ana.lima@exemplo.com.br is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]","category":"VALIDATION_ERROR"}`
	err := CheckResponse(&http.Response{StatusCode: 400, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))})
	var ae *Error
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, ae.Message, "ana.lima@exemplo.com.br", "the field keeps HubSpot's text")
	assert.Equal(t, []ValidationDetail{{Message: "Email address ana.lima@exemplo.com.br is invalid", Error: "INVALID_EMAIL", Name: "email"}}, ae.Details)
	assert.NotContains(t, err.Error(), "ana.lima")
	assert.Contains(t, err.Error(), "Email address a***@exemplo.com.br#")
}
