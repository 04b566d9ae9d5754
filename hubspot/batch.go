package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxBatchInputs is the most inputs HubSpot accepts in one batch call.
const MaxBatchInputs = 100

// ErrTooManyInputs is returned, before sending, for a batch of more than
// MaxBatchInputs inputs.
var ErrTooManyInputs = errors.New("hubspot: more than 100 inputs in one batch")

// ErrDuplicateInput is returned, before sending, for a batch naming the same
// record twice.
var ErrDuplicateInput = errors.New("hubspot: the same id twice in one batch")

// ErrNoResult is the per-input error when a 2xx batch response reports
// neither a result nor an error for the input (HubSpot's silent no-op).
var ErrNoResult = errors.New("hubspot: batch response has no result for the input")

// Object is a CRM record as HubSpot returns it. Every property value is a
// string.
type Object struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
	CreatedAt  time.Time         `json:"createdAt"`
	UpdatedAt  time.Time         `json:"updatedAt"`
	Archived   bool              `json:"archived,omitempty"`
}

// WriteResult is the outcome of one input of a batch write, in input order.
type WriteResult struct {
	// ID is the record id HubSpot assigned or found; empty when Err is set.
	ID string
	// Created is true when an upsert created the record (false: updated).
	Created bool
	// Properties are the record's property values as HubSpot returned them.
	Properties map[string]string
	// Err is the input's failure: an *Error (Reason gives HubSpot's code) or
	// ErrNoResult. Nil when the input was applied.
	Err error
}

// UpsertResult is the outcome of one BatchUpsert input.
type UpsertResult = WriteResult

type association struct {
	To    associationTo     `json:"to"`
	Types []associationType `json:"types"`
}

type associationTo struct {
	ID string `json:"id"`
}

type associationType struct {
	Category string `json:"associationCategory"`
	TypeID   int    `json:"associationTypeId"`
}

type batchInput struct {
	ID           string            `json:"id,omitempty"`
	IDProperty   string            `json:"idProperty,omitempty"`
	Properties   map[string]string `json:"properties"`
	Values       Properties        `json:"-"` // encoded in place of Properties when non-nil
	TraceID      string            `json:"objectWriteTraceId,omitempty"`
	Associations []association     `json:"associations,omitzero"` // nil: absent; empty: []
}

type batchRequest struct {
	Inputs []batchInput `json:"inputs"`
}

type batchResult struct {
	Object
	New     *bool  `json:"new,omitempty"`
	TraceID string `json:"objectWriteTraceId,omitempty"`
}

type batchError struct {
	Status      string              `json:"status"`
	Category    string              `json:"category"`
	SubCategory json.RawMessage     `json:"subCategory"`
	Message     string              `json:"message"`
	Context     map[string][]string `json:"context"`
	Errors      []ErrorDetail       `json:"errors"`
	ID          string              `json:"id"`
}

type batchResponse struct {
	Status    string        `json:"status"`
	Results   []batchResult `json:"results"`
	Errors    []batchError  `json:"errors"`
	NumErrors int           `json:"numErrors"`
}

// traceIDs returns n trace ids unique within the call (and, in practice,
// across calls of the process).
func (c *Client) traceIDs(n int) []string {
	var pb [32]byte
	prefix := strconv.AppendUint(pb[:0], c.nonce, 36)
	prefix = append(prefix, '-')
	prefix = strconv.AppendUint(prefix, c.seq.Add(1), 36)
	prefix = append(prefix, '-')
	// One backing string for all ids: one allocation per call.
	buf := make([]byte, 0, n*(len(prefix)+4))
	ends := make([]int, n)
	for i := range n {
		buf = append(buf, prefix...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		ends[i] = len(buf)
	}
	all := string(buf)
	ids := make([]string, n)
	start := 0
	for i, end := range ends {
		ids[i] = all[start:end]
		start = end
	}
	return ids
}

// mapBatch maps a batch response back to inputs by trace id, falling back
// to match(result) for results without a trace id. status is the HTTP
// status of the response.
func mapBatch(resp *batchResponse, status int, traceIDs []string, match func(batchResult) int) []WriteResult {
	out := make([]WriteResult, len(traceIDs))
	done := make([]bool, len(traceIDs))
	byTrace := make(map[string]int, len(traceIDs))
	for i, t := range traceIDs {
		byTrace[t] = i
	}
	for _, e := range resp.Errors {
		ae := &Error{
			Status:      status,
			Category:    e.Category,
			SubCategory: rawString(e.SubCategory),
			Message:     e.Message,
			Context:     e.Context,
			Errors:      e.Errors,
			Details:     parseDetails(e.Message),
		}
		for _, t := range e.Context["objectWriteTraceId"] {
			if i, ok := byTrace[t]; ok && !done[i] {
				out[i].Err = ae
				done[i] = true
			}
		}
	}
	for _, r := range resp.Results {
		i, ok := byTrace[r.TraceID]
		if !ok || r.TraceID == "" {
			i = -1
			if match != nil {
				i = match(r)
			}
		}
		if i < 0 || i >= len(out) || done[i] {
			continue
		}
		out[i] = WriteResult{ID: r.ID, Properties: r.Properties, Created: r.New != nil && *r.New}
		done[i] = true
	}
	for i := range out {
		if !done[i] {
			out[i].Err = ErrNoResult
		}
	}
	return out
}

// matchByProperty returns a matcher locating a result by the value of prop
// (compared case-insensitively, as HubSpot lowercases e-mail addresses).
func matchByProperty(prop string, ids []string) func(batchResult) int {
	idx := make(map[string]int, len(ids))
	for i, id := range ids {
		idx[strings.ToLower(id)] = i
	}
	return func(r batchResult) int {
		v, ok := r.Properties[prop]
		if !ok && prop == "hs_object_id" {
			v, ok = r.ID, true
		}
		if !ok {
			return -1
		}
		if i, ok := idx[strings.ToLower(v)]; ok {
			return i
		}
		return -1
	}
}

func checkBatch(n int) error {
	if n > MaxBatchInputs {
		return fmt.Errorf("%w: %d", ErrTooManyInputs, n)
	}
	return nil
}

// batchWrite posts inputs (already carrying their trace ids) to path and
// maps the answer back per input.
func (c *Client) batchWrite(ctx context.Context, path string, inputs []batchInput, idempotent bool, match func(batchResult) int) ([]WriteResult, error) {
	traces := make([]string, len(inputs))
	for i := range inputs {
		traces[i] = inputs[i].TraceID
	}
	req, err := newRequest(http.MethodPost, path, batchRequest{Inputs: inputs}, idempotent)
	if err != nil {
		return nil, err
	}
	var resp batchResponse
	status, err := c.do(ctx, req, &resp)
	if err != nil {
		return nil, err
	}
	return mapBatch(&resp, status, traces, match), nil
}
