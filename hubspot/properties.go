package hubspot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// PropertiesService manages properties and property groups.
type PropertiesService service

// PropertyOption is one option of an enumeration (or boolean) property.
// Label, Value and Hidden are required by HubSpot's option model, so hidden
// is always sent.
type PropertyOption struct {
	Label        string `json:"label"`
	Value        string `json:"value"`
	DisplayOrder int    `json:"displayOrder,omitempty"`
	Hidden       bool   `json:"hidden"`
	Description  string `json:"description,omitempty"`
}

// Property is a property definition. Name, Label, Type, FieldType and
// GroupName are required to create one; HasUniqueValue can be set only at
// creation. The fields after HasUniqueValue are read-only.
type Property struct {
	Name           string           `json:"name"`
	Label          string           `json:"label"`
	Type           string           `json:"type"`      // string, number, bool, enumeration, date, datetime
	FieldType      string           `json:"fieldType"` // text, number, booleancheckbox, select, date...
	GroupName      string           `json:"groupName"`
	Description    string           `json:"description,omitempty"`
	Options        []PropertyOption `json:"options,omitempty"`
	DisplayOrder   int              `json:"displayOrder,omitempty"`
	Hidden         bool             `json:"hidden,omitempty"`
	FormField      bool             `json:"formField,omitempty"`
	HasUniqueValue bool             `json:"hasUniqueValue,omitempty"`

	HubSpotDefined bool      `json:"hubspotDefined,omitempty"`
	Archived       bool      `json:"archived,omitempty"`
	CreatedAt      time.Time `json:"createdAt,omitzero"`
	UpdatedAt      time.Time `json:"updatedAt,omitzero"`
}

// PropertyGroup is a named group of properties: the catalogue section
// business users browse in HubSpot.
type PropertyGroup struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	DisplayOrder int    `json:"displayOrder,omitempty"` // -1: last
	Archived     bool   `json:"archived,omitempty"`
}

// validFieldTypes are the type/fieldType pairs that may be created.
var validFieldTypes = map[string][]string{
	"string":      {"text", "textarea", "html", "phonenumber", "file", "calculation_equation"},
	"number":      {"number", "calculation_equation"},
	"bool":        {"booleancheckbox", "calculation_equation"},
	"enumeration": {"select", "radio", "checkbox", "booleancheckbox", "calculation_equation"},
	"date":        {"date"},
	"datetime":    {"date"},
}

// Validate checks what HubSpot checks at creation: a name matching
// ^[a-z][a-z0-9_]*$, a label, a group, and a creatable type/fieldType pair.
func (p Property) Validate() error {
	if !validName(p.Name) {
		return &ValueError{Property: p.Name, Problem: "name must match ^[a-z][a-z0-9_]*$"}
	}
	if p.Label == "" {
		return &ValueError{Property: p.Name, Problem: "empty label"}
	}
	if p.GroupName == "" {
		return &ValueError{Property: p.Name, Problem: "empty groupName"}
	}
	fts, ok := validFieldTypes[p.Type]
	if !ok {
		return &ValueError{Property: p.Name, Problem: fmt.Sprintf("type %q cannot be created", p.Type)}
	}
	for _, ft := range fts {
		if ft == p.FieldType {
			return nil
		}
	}
	return &ValueError{Property: p.Name, Problem: fmt.Sprintf("fieldType %q is not valid for type %q (want one of %v)", p.FieldType, p.Type, fts)}
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_') {
			return false
		}
	}
	return true
}

func propertiesPath(objectType string) string {
	return "/crm/v3/properties/" + url.PathEscape(objectType)
}

type propertyList struct {
	Results []Property `json:"results"`
}

// List returns every property of objectType ("contacts", "tasks", "0-1"...).
func (s *PropertiesService) List(ctx context.Context, objectType string) ([]Property, error) {
	req, _ := newRequest(http.MethodGet, propertiesPath(objectType), nil, true)
	var out propertyList
	if _, err := s.client.do(ctx, req, &out); err != nil {
		return nil, err
	}
	return out.Results, nil
}

// Get returns one property; a missing one is ErrNotFound.
func (s *PropertiesService) Get(ctx context.Context, objectType, name string) (Property, error) {
	if name == "" {
		return Property{}, &ValueError{Property: "name", Problem: "empty"}
	}
	req, _ := newRequest(http.MethodGet, propertiesPath(objectType)+"/"+url.PathEscape(name), nil, true)
	var p Property
	_, err := s.client.do(ctx, req, &p)
	return p, err
}

// Create creates a property after checking it with Validate. An existing
// name is ErrConflict. Creates are retried: HubSpot refuses a second
// property of the same name, so a retry cannot duplicate one.
func (s *PropertiesService) Create(ctx context.Context, objectType string, p Property) (Property, error) {
	if err := p.Validate(); err != nil {
		return Property{}, err
	}
	req, err := newRequest(http.MethodPost, propertiesPath(objectType), p, true)
	if err != nil {
		return Property{}, err
	}
	var out Property
	_, err = s.client.do(ctx, req, &out)
	return out, err
}

// BatchCreate creates up to MaxBatchInputs properties in one call, after
// checking each with Validate. It returns the properties created; when some
// inputs failed (a 207), it also returns an error joining one *Error per
// failure (each names its property in Context["name"]).
func (s *PropertiesService) BatchCreate(ctx context.Context, objectType string, props []Property) ([]Property, error) {
	if err := checkBatch(len(props)); err != nil {
		return nil, err
	}
	for _, p := range props {
		if err := p.Validate(); err != nil {
			return nil, err
		}
	}
	req, err := newRequest(http.MethodPost, propertiesPath(objectType)+"/batch/create", struct {
		Inputs []Property `json:"inputs"`
	}{props}, true)
	if err != nil {
		return nil, err
	}
	var out struct {
		Results []Property   `json:"results"`
		Errors  []batchError `json:"errors"`
	}
	status, err := s.client.do(ctx, req, &out)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, e := range out.Errors {
		errs = append(errs, &Error{Status: status, Category: e.Category, SubCategory: rawString(e.SubCategory),
			Message: e.Message, Context: e.Context, Errors: e.Errors, Details: parseDetails(e.Message)})
	}
	return out.Results, errors.Join(errs...)
}

// GetGroup returns one property group; a missing one is ErrNotFound.
func (s *PropertiesService) GetGroup(ctx context.Context, objectType, name string) (PropertyGroup, error) {
	if name == "" {
		return PropertyGroup{}, &ValueError{Property: "group", Problem: "empty name"}
	}
	req, _ := newRequest(http.MethodGet, propertiesPath(objectType)+"/groups/"+url.PathEscape(name), nil, true)
	var g PropertyGroup
	_, err := s.client.do(ctx, req, &g)
	return g, err
}

// CreateGroup creates a property group; an existing one is ErrConflict.
func (s *PropertiesService) CreateGroup(ctx context.Context, objectType string, g PropertyGroup) (PropertyGroup, error) {
	if !validName(g.Name) {
		return PropertyGroup{}, &ValueError{Property: "group", Problem: fmt.Sprintf("name %q must match ^[a-z][a-z0-9_]*$", g.Name)}
	}
	if g.Label == "" {
		return PropertyGroup{}, &ValueError{Property: "group", Problem: "empty label"}
	}
	req, err := newRequest(http.MethodPost, propertiesPath(objectType)+"/groups", g, true)
	if err != nil {
		return PropertyGroup{}, err
	}
	var out PropertyGroup
	_, err = s.client.do(ctx, req, &out)
	return out, err
}
