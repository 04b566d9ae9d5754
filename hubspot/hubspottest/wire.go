package hubspottest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Rate-limit policy names, as HubSpot sends them in 429 bodies.
const (
	policyTenSecondly = "TEN_SECONDLY_ROLLING"
	policySecondly    = "SECONDLY"
	policyDaily       = "DAILY"
)

// errorBody is HubSpot's generic error model (Error in the published API
// reference): category, correlationId and message are required; links and
// errors are always sent too, empty when there is nothing to say, so a client
// validating against the batch error model (StandardError) accepts it as well.
type errorBody struct {
	Status        string              `json:"status"`
	Message       string              `json:"message"`
	CorrelationID string              `json:"correlationId"`
	Category      string              `json:"category"`
	SubCategory   string              `json:"subCategory,omitempty"`
	Context       map[string][]string `json:"context,omitempty"`
	Errors        []errorDetail       `json:"errors"`
	Links         map[string]string   `json:"links"`
}

// rateLimitBody is the body of a 429. HubSpot answers rate limiting with its
// own shape (errorType, policyName, groupName) instead of the generic error
// model: there is no category, links or errors. It is kept as HubSpot sends
// it so that clients are tested against the real thing.
type rateLimitBody struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	ErrorType     string `json:"errorType"`
	CorrelationID string `json:"correlationId"`
	PolicyName    string `json:"policyName"`
	GroupName     string `json:"groupName"`
}

// errorDetail is a nested error item (ErrorDetail: message is required).
type errorDetail struct {
	Message string              `json:"message"`
	Code    string              `json:"code,omitempty"`
	In      string              `json:"in,omitempty"`
	Context map[string][]string `json:"context,omitempty"`
}

// marshal encodes v as JSON without HTML escaping. Values are built by the
// package, so an encoding failure is a bug.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("hubspottest: encoding response: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func jsonReply(status int, v any) reply {
	return reply{status: status, body: marshal(v)}
}

func errorReply(status int, category, message, corr string, ctx map[string][]string) reply {
	return jsonReply(status, newErrorBody(category, message, corr, ctx, nil))
}

// newErrorBody builds an error body with empty, not absent, links and errors.
func newErrorBody(category, message, corr string, ctx map[string][]string, details []errorDetail) errorBody {
	if details == nil {
		details = []errorDetail{}
	}
	return errorBody{Status: "error", Message: message, CorrelationID: corr, Category: category, Context: ctx,
		Errors: details, Links: map[string]string{}}
}

func rateLimitReply(policy, corr string) reply {
	msg := map[string]string{
		policyTenSecondly: "You have reached your ten_secondly_rolling limit.",
		policySecondly:    "You have reached your secondly limit.",
		policyDaily:       "You have reached your daily limit.",
	}[policy]
	return jsonReply(http.StatusTooManyRequests, rateLimitBody{
		Status: "error", Message: msg, ErrorType: "RATE_LIMIT", CorrelationID: corr,
		PolicyName: policy, GroupName: "publicapi:private-app:hubspottest",
	})
}

// badJSON answers a body that is not the JSON the endpoint expects.
func badJSON(c *call, err error) reply {
	return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON on line 1: "+err.Error(), c.corr, nil)
}

// decode parses a JSON request body into v.
func decode(c *call, v any) error {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return errEmptyBody
	}
	return json.Unmarshal(c.body, v)
}

type wireError string

func (e wireError) Error() string { return string(e) }

const errEmptyBody = wireError("empty request body")

// stamp formats a time the way HubSpot does: UTC with milliseconds.
func stamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// millis formats a time as epoch milliseconds, the form of createdate values.
func millis(t time.Time) string {
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// batchResponse is HubSpot's batch envelope.
type batchResponse struct {
	Status      string            `json:"status"`
	Results     any               `json:"results"`
	NumErrors   int               `json:"numErrors,omitempty"`
	Errors      []batchError      `json:"errors,omitempty"`
	RequestedAt string            `json:"requestedAt"`
	StartedAt   string            `json:"startedAt"`
	CompletedAt string            `json:"completedAt"`
	Links       map[string]string `json:"links"`
}

// batchError is one error item of a 207 batch response (StandardError in
// the published reference): status, category, message, context, links and
// errors are all required, the last three possibly empty.
type batchError struct {
	Status      string              `json:"status"`
	Category    string              `json:"category"`
	SubCategory string              `json:"subCategory,omitempty"`
	Message     string              `json:"message"`
	Context     map[string][]string `json:"context"`
	Errors      []errorDetail       `json:"errors"`
	Links       map[string]string   `json:"links"`
}

// newBatchError builds an error item with every required field present.
func newBatchError(category, message string, ctx map[string][]string, details []errorDetail) batchError {
	if ctx == nil {
		ctx = map[string][]string{}
	}
	if details == nil {
		details = []errorDetail{}
	}
	return batchError{Status: "error", Category: category, Message: message, Context: ctx, Errors: details, Links: map[string]string{}}
}

// batchReply wraps results and errors in the envelope: okStatus when there is
// no error, 207 otherwise.
func batchReply(c *call, okStatus int, results any, errs []batchError) reply {
	b := batchResponse{Status: "COMPLETE", Results: results, Errors: errs, NumErrors: len(errs),
		RequestedAt: stamp(c.now), StartedAt: stamp(c.now), CompletedAt: stamp(c.now), Links: map[string]string{}}
	status := okStatus
	if len(errs) > 0 {
		status = http.StatusMultiStatus
	}
	return jsonReply(status, b)
}
