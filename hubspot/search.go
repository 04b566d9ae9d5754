package hubspot

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// Search limits HubSpot enforces (since 2024-08-26).
const (
	MaxFilterGroups     = 5   // filter groups per search
	MaxFiltersPerGroup  = 10  // filters per group
	MaxFilters          = 25  // filters in all
	MaxSearchLimit      = 200 // results per page
	DefaultSearchLimit  = 100 // results per page when Limit is zero
	maxSearchFilterSize = 100 // values per IN / NOT_IN filter
)

// Search operators.
const (
	OpEQ             = "EQ"
	OpNEQ            = "NEQ"
	OpLT             = "LT"
	OpLTE            = "LTE"
	OpGT             = "GT"
	OpGTE            = "GTE"
	OpBetween        = "BETWEEN"
	OpIn             = "IN"
	OpNotIn          = "NOT_IN"
	OpHasProperty    = "HAS_PROPERTY"
	OpNotHasProperty = "NOT_HAS_PROPERTY"
	OpContainsToken  = "CONTAINS_TOKEN"
)

// Filter is one condition: Value for most operators, Values for IN and
// NOT_IN, Value and HighValue for BETWEEN.
type Filter struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"`
	Value        string   `json:"value,omitempty"`
	Values       []string `json:"values,omitempty"`
	HighValue    string   `json:"highValue,omitempty"`
}

// FilterGroup is filters that must all hold (AND); groups are OR-ed.
type FilterGroup struct {
	Filters []Filter `json:"filters"`
}

// Sort orders search results.
type Sort struct {
	PropertyName string `json:"propertyName"`
	Direction    string `json:"direction"` // ASCENDING or DESCENDING
}

// SearchRequest is a CRM search. Search is eventually consistent: a record
// written a few seconds ago may be missing.
type SearchRequest struct {
	FilterGroups []FilterGroup `json:"filterGroups,omitempty"`
	Sorts        []Sort        `json:"sorts,omitempty"`
	Query        string        `json:"query,omitempty"`
	Properties   []string      `json:"properties,omitempty"`
	Limit        int           `json:"limit,omitempty"` // ≤ MaxSearchLimit; zero: DefaultSearchLimit
	After        string        `json:"after,omitempty"` // the paging cursor of the previous page
}

// SearchPage is one page of search results. After is the cursor of the next
// page, empty on the last one.
type SearchPage struct {
	Total   int
	Results []Object
	After   string
}

// searchBody is the wire form of a SearchRequest: the published request
// model (PublicObjectSearchRequest) requires filterGroups, sorts,
// properties, limit and after, so they are always sent ([] when empty, after
// "0" for the first page, as in HubSpot's examples). Sorts are sent in the
// {propertyName, direction} form of HubSpot's search guide.
type searchBody struct {
	FilterGroups []FilterGroup `json:"filterGroups"`
	Sorts        []Sort        `json:"sorts"`
	Query        string        `json:"query,omitempty"`
	Properties   []string      `json:"properties"`
	Limit        int           `json:"limit"`
	After        string        `json:"after"`
}

func (r SearchRequest) body() searchBody {
	b := searchBody(r)
	if b.FilterGroups == nil {
		b.FilterGroups = []FilterGroup{}
	}
	for i, g := range b.FilterGroups {
		if g.Filters == nil {
			b.FilterGroups = append([]FilterGroup(nil), b.FilterGroups...)
			b.FilterGroups[i].Filters = []Filter{}
		}
	}
	if b.Sorts == nil {
		b.Sorts = []Sort{}
	}
	if b.Properties == nil {
		b.Properties = []string{}
	}
	if b.Limit == 0 {
		b.Limit = DefaultSearchLimit
	}
	if b.After == "" {
		b.After = "0"
	}
	return b
}

type searchResponse struct {
	Total   int      `json:"total"`
	Results []Object `json:"results"`
	Paging  *struct {
		Next *struct {
			After string `json:"after"`
		} `json:"next"`
	} `json:"paging"`
}

func (r SearchRequest) validate() error {
	if len(r.FilterGroups) > MaxFilterGroups {
		return &ValueError{Property: "filterGroups", Problem: fmt.Sprintf("%d groups, more than %d", len(r.FilterGroups), MaxFilterGroups)}
	}
	total := 0
	for i, g := range r.FilterGroups {
		if len(g.Filters) > MaxFiltersPerGroup {
			return &ValueError{Property: "filterGroups", Problem: fmt.Sprintf("group %d has %d filters, more than %d", i, len(g.Filters), MaxFiltersPerGroup)}
		}
		total += len(g.Filters)
		for j, f := range g.Filters {
			if f.PropertyName == "" || f.Operator == "" {
				return &ValueError{Property: "filterGroups", Problem: fmt.Sprintf("group %d filter %d lacks a property or an operator", i, j)}
			}
		}
	}
	if total > MaxFilters {
		return &ValueError{Property: "filterGroups", Problem: fmt.Sprintf("%d filters, more than %d", total, MaxFilters)}
	}
	if r.Limit < 0 || r.Limit > MaxSearchLimit {
		return &ValueError{Property: "limit", Problem: fmt.Sprintf("%d, want 0..%d", r.Limit, MaxSearchLimit)}
	}
	return nil
}

// searchObjects runs one search page under the search limiter. Searches are
// reads, so they are retried.
func (c *Client) searchObjects(ctx context.Context, objectType string, sr SearchRequest) (SearchPage, error) {
	if err := sr.validate(); err != nil {
		return SearchPage{}, err
	}
	req, err := newRequest(http.MethodPost, "/crm/v3/objects/"+url.PathEscape(objectType)+"/search", sr.body(), true)
	if err != nil {
		return SearchPage{}, err
	}
	req.search = true
	var resp searchResponse
	if _, err := c.do(ctx, req, &resp); err != nil {
		return SearchPage{}, err
	}
	page := SearchPage{Total: resp.Total, Results: resp.Results}
	if resp.Paging != nil && resp.Paging.Next != nil {
		page.After = resp.Paging.Next.After
	}
	return page, nil
}

// searchAll iterates every result of sr, page by page; it stops at the
// first error, which it yields.
func (c *Client) searchAll(ctx context.Context, objectType string, sr SearchRequest) iter.Seq2[Object, error] {
	return func(yield func(Object, error) bool) {
		for {
			page, err := c.searchObjects(ctx, objectType, sr)
			if err != nil {
				yield(Object{}, err)
				return
			}
			for _, o := range page.Results {
				if !yield(o, nil) {
					return
				}
			}
			if page.After == "" || page.After == sr.After {
				return
			}
			sr.After = page.After
		}
	}
}

// SearchAll iterates every contact matching req, following the paging
// cursor; an error is yielded once and ends the iteration.
func (s *ContactsService) SearchAll(ctx context.Context, req SearchRequest) iter.Seq2[Object, error] {
	return s.client.searchAll(ctx, "contacts", req)
}
