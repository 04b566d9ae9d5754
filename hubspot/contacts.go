package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ContactsService reads and writes contacts (object type "contacts", 0-1).
type ContactsService service

// UpsertInput is one contact to create or update: ID is the value of the
// unique id property (an e-mail address for idProperty "email").
type UpsertInput struct {
	ID         string
	Properties Properties
}

// UpdateInput is one contact to update by record id.
type UpdateInput struct {
	ID         string // the HubSpot record id (hs_object_id)
	Properties Properties
}

// BatchUpsert creates or updates up to MaxBatchInputs contacts identified by
// idProperty ("email" or a property created with HasUniqueValue). Every
// input is sent with a unique objectWriteTraceId, so one invalid input fails
// alone (207); the results come back in input order, each with the record
// id, whether it was created, or its own error. A 2xx reporting nothing for
// an input gives that input ErrNoResult.
//
// It fails as a whole, before sending, for more than MaxBatchInputs inputs
// (ErrTooManyInputs), an empty or repeated id (ErrDuplicateInput), or a
// value EncodeValue refuses (*ValueError); and after sending for a whole-call
// failure (an *Error, *RateLimitError, *TransportError). Upserts by a unique
// property are idempotent, so server errors and network failures are
// retried.
func (s *ContactsService) BatchUpsert(ctx context.Context, idProperty string, inputs []UpsertInput) ([]UpsertResult, error) {
	body, ids, err := s.client.upsertInputs(idProperty, inputs)
	if err != nil {
		return nil, err
	}
	return s.client.batchWrite(ctx, "/crm/v3/objects/contacts/batch/upsert", body, true, matchByProperty(idProperty, ids))
}

func (c *Client) upsertInputs(idProperty string, inputs []UpsertInput) ([]batchInput, []string, error) {
	if idProperty == "" {
		return nil, nil, &ValueError{Problem: "empty idProperty"}
	}
	if err := checkBatch(len(inputs)); err != nil {
		return nil, nil, err
	}
	traces := c.traceIDs(len(inputs))
	seen := make(map[string]struct{}, len(inputs))
	body := make([]batchInput, len(inputs))
	ids := make([]string, len(inputs))
	for i, in := range inputs {
		if in.ID == "" {
			return nil, nil, &ValueError{Property: idProperty, Problem: fmt.Sprintf("input %d has an empty id", i)}
		}
		k := strings.ToLower(in.ID)
		if _, dup := seen[k]; dup {
			return nil, nil, fmt.Errorf("%w: input %d repeats an earlier id", ErrDuplicateInput, i)
		}
		seen[k] = struct{}{}
		body[i] = batchInput{ID: in.ID, IDProperty: idProperty, Values: nonNil(in.Properties), TraceID: traces[i]}
		ids[i] = in.ID
	}
	return body, ids, nil
}

// BatchUpdate updates up to MaxBatchInputs contacts by record id, with the
// same per-input mapping as BatchUpsert (Created is always false). Updates
// by id are idempotent and retried.
func (s *ContactsService) BatchUpdate(ctx context.Context, inputs []UpdateInput) ([]WriteResult, error) {
	return s.client.batchUpdate(ctx, "contacts", inputs)
}

func (c *Client) batchUpdate(ctx context.Context, objectType string, inputs []UpdateInput) ([]WriteResult, error) {
	if err := checkBatch(len(inputs)); err != nil {
		return nil, err
	}
	traces := c.traceIDs(len(inputs))
	seen := make(map[string]struct{}, len(inputs))
	body := make([]batchInput, len(inputs))
	ids := make([]string, len(inputs))
	for i, in := range inputs {
		if in.ID == "" {
			return nil, &ValueError{Property: "id", Problem: fmt.Sprintf("input %d has an empty record id", i)}
		}
		if _, dup := seen[in.ID]; dup {
			return nil, fmt.Errorf("%w: input %d repeats record id %s", ErrDuplicateInput, i, in.ID)
		}
		seen[in.ID] = struct{}{}
		body[i] = batchInput{ID: in.ID, Values: nonNil(in.Properties), TraceID: traces[i]}
		ids[i] = in.ID
	}
	return c.batchWrite(ctx, "/crm/v3/objects/"+url.PathEscape(objectType)+"/batch/update", body, true, matchByProperty("hs_object_id", ids))
}

type readInput struct {
	ID string `json:"id"`
}

// batchReadRequest is BatchReadInputSimplePublicObjectId: inputs,
// properties and propertiesWithHistory are required (sent as [] when empty).
type batchReadRequest struct {
	Inputs                []readInput `json:"inputs"`
	Properties            []string    `json:"properties"`
	PropertiesWithHistory []string    `json:"propertiesWithHistory"`
	IDProperty            string      `json:"idProperty,omitempty"`
}

// BatchRead reads up to MaxBatchInputs contacts by record id (idProperty "")
// or by a unique property such as "email", returning the given properties.
// Contacts not found are absent from the result, which follows HubSpot's
// order.
func (s *ContactsService) BatchRead(ctx context.Context, ids []string, idProperty string, properties []string) ([]Object, error) {
	return s.client.batchRead(ctx, "contacts", ids, idProperty, properties)
}

func (c *Client) batchRead(ctx context.Context, objectType string, ids []string, idProperty string, properties []string) ([]Object, error) {
	if err := checkBatch(len(ids)); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	in := make([]readInput, len(ids))
	for i, id := range ids {
		in[i] = readInput{ID: id}
	}
	if properties == nil {
		properties = []string{}
	}
	req, err := newRequest(http.MethodPost, "/crm/v3/objects/"+url.PathEscape(objectType)+"/batch/read",
		batchReadRequest{Inputs: in, Properties: properties, PropertiesWithHistory: []string{}, IDProperty: idProperty}, true)
	if err != nil {
		return nil, err
	}
	req.query = url.Values{"archived": {"false"}}
	var resp batchResponse
	if _, err := c.do(ctx, req, &resp); err != nil {
		return nil, err
	}
	out := make([]Object, len(resp.Results))
	for i, r := range resp.Results {
		out[i] = r.Object
	}
	return out, nil
}

// Get reads one contact by record id (idProperty "") or by a unique
// property, with the given properties. A missing contact is ErrNotFound.
func (s *ContactsService) Get(ctx context.Context, id, idProperty string, properties []string) (Object, error) {
	return s.client.getObject(ctx, "contacts", id, idProperty, properties)
}

func (c *Client) getObject(ctx context.Context, objectType, id, idProperty string, properties []string) (Object, error) {
	if id == "" {
		return Object{}, &ValueError{Property: "id", Problem: "empty"}
	}
	req, _ := newRequest(http.MethodGet, "/crm/v3/objects/"+url.PathEscape(objectType)+"/"+url.PathEscape(id), nil, true)
	q := url.Values{}
	if idProperty != "" {
		q.Set("idProperty", idProperty)
	}
	if len(properties) > 0 {
		q.Set("properties", strings.Join(properties, ","))
	}
	if len(q) > 0 {
		req.query = q
	}
	var o Object
	_, err := c.do(ctx, req, &o)
	return o, err
}

// Search runs a contact search (see SearchRequest), one page.
func (s *ContactsService) Search(ctx context.Context, req SearchRequest) (SearchPage, error) {
	return s.client.searchObjects(ctx, "contacts", req)
}

// nonNil returns p, or an empty Properties for nil, so that the body says
// "properties":{}.
func nonNil(p Properties) Properties {
	if p == nil {
		return Properties{}
	}
	return p
}
