package hubspottest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// wireProperty is a property definition as sent and received.
type wireProperty struct {
	Name                 string           `json:"name"`
	Label                string           `json:"label"`
	Type                 string           `json:"type"`
	FieldType            string           `json:"fieldType"`
	Description          string           `json:"description"`
	GroupName            string           `json:"groupName"`
	Options              []PropertyOption `json:"options"`
	DisplayOrder         int              `json:"displayOrder"`
	HasUniqueValue       bool             `json:"hasUniqueValue"`
	Hidden               bool             `json:"hidden"`
	FormField            bool             `json:"formField"`
	Calculated           bool             `json:"calculated"`
	ExternalOptions      bool             `json:"externalOptions"`
	HubspotDefined       bool             `json:"hubspotDefined"`
	NumberDisplayHint    string           `json:"numberDisplayHint,omitempty"`
	DataSensitivity      string           `json:"dataSensitivity,omitempty"`
	ModificationMetadata *modMetadata     `json:"modificationMetadata,omitempty"`
	CreatedAt            string           `json:"createdAt,omitempty"`
	UpdatedAt            string           `json:"updatedAt,omitempty"`
	Archived             bool             `json:"archived"`
}

type modMetadata struct {
	Archivable         bool `json:"archivable"`
	ReadOnlyDefinition bool `json:"readOnlyDefinition"`
	ReadOnlyValue      bool `json:"readOnlyValue"`
}

func toWireProperty(p *Property) wireProperty {
	w := wireProperty{Name: p.Name, Label: p.Label, Type: p.Type, FieldType: p.FieldType, Description: p.Description,
		GroupName: p.GroupName, Options: slices.Clone(p.Options), DisplayOrder: p.DisplayOrder, HasUniqueValue: p.HasUniqueValue,
		Hidden: p.Hidden, FormField: p.FormField, HubspotDefined: p.HubSpotDefined, NumberDisplayHint: p.NumberDisplayHint,
		DataSensitivity: p.DataSensitivity, CreatedAt: stamp(p.CreatedAt), UpdatedAt: stamp(p.UpdatedAt),
		ModificationMetadata: &modMetadata{Archivable: !p.HubSpotDefined, ReadOnlyDefinition: p.HubSpotDefined, ReadOnlyValue: p.ReadOnlyValue}}
	if w.Options == nil {
		w.Options = []PropertyOption{}
	}
	return w
}

func fromWireProperty(w wireProperty) Property {
	return Property{Name: w.Name, Label: w.Label, Type: w.Type, FieldType: w.FieldType, Description: w.Description,
		GroupName: w.GroupName, Options: w.Options, DisplayOrder: w.DisplayOrder, HasUniqueValue: w.HasUniqueValue,
		Hidden: w.Hidden, FormField: w.FormField, NumberDisplayHint: w.NumberDisplayHint, DataSensitivity: w.DataSensitivity}
}

func (s *Server) handleListProperties(c *call) reply {
	sch := s.schemas[c.objectType.name]
	out := make([]wireProperty, 0, len(sch.propOrder))
	for _, name := range sch.propOrder {
		out = append(out, toWireProperty(sch.props[name]))
	}
	return jsonReply(http.StatusOK, map[string]any{"results": out})
}

func (s *Server) handleGetProperty(c *call) reply {
	p := s.schemas[c.objectType.name].props[c.param]
	if p == nil {
		return errorReply(http.StatusNotFound, "OBJECT_NOT_FOUND",
			fmt.Sprintf("Unable to find property %s for object type %s", c.param, c.objectType.id), c.corr, nil)
	}
	return jsonReply(http.StatusOK, toWireProperty(p))
}

// createProperty validates and stores one property; on failure it returns
// the status and message of the error.
func (s *Server) createProperty(ot *objectType, w wireProperty, now time.Time) (*Property, int, string) {
	sch := s.schemas[ot.name]
	conflict, msg := sch.addProperty(fromWireProperty(w), now)
	switch {
	case conflict:
		return nil, http.StatusConflict, msg
	case msg != "":
		return nil, http.StatusBadRequest, msg
	}
	p := sch.props[w.Name]
	if p.HasUniqueValue {
		s.stores[ot.name].unique[p.Name] = map[string]*record{}
	}
	return p, 0, ""
}

func (s *Server) handleCreateProperty(c *call) reply {
	var w wireProperty
	if err := decode(c, &w); err != nil {
		return badJSON(c, err)
	}
	p, status, msg := s.createProperty(c.objectType, w, c.now)
	if p == nil {
		return errorReply(status, categoryFor(status), msg, c.corr, nil)
	}
	return jsonReply(http.StatusCreated, toWireProperty(p))
}

func categoryFor(status int) string {
	switch status {
	case http.StatusConflict:
		return "CONFLICT"
	case http.StatusNotFound:
		return "OBJECT_NOT_FOUND"
	default:
		return "VALIDATION_ERROR"
	}
}

func (s *Server) handleBatchCreateProperties(c *call) reply {
	var req struct {
		Inputs []wireProperty `json:"inputs"`
	}
	if err := decode(c, &req); err != nil {
		return badJSON(c, err)
	}
	if rep, ok := checkBatchSize(c, len(req.Inputs)); !ok {
		return rep
	}
	results := []wireProperty{}
	var errs []batchError
	for _, w := range req.Inputs {
		p, status, msg := s.createProperty(c.objectType, w, c.now)
		if p == nil {
			errs = append(errs, newBatchError(categoryFor(status), msg, map[string][]string{"name": {w.Name}}, nil))
			continue
		}
		results = append(results, toWireProperty(p))
	}
	return batchReply(c, http.StatusCreated, results, errs)
}

func (s *Server) handleBatchReadProperties(c *call) reply {
	var req struct {
		Inputs []struct {
			Name string `json:"name"`
		} `json:"inputs"`
	}
	if err := decode(c, &req); err != nil {
		return badJSON(c, err)
	}
	if rep, ok := checkBatchSize(c, len(req.Inputs)); !ok {
		return rep
	}
	sch := s.schemas[c.objectType.name]
	results := []wireProperty{}
	var missing []string
	for _, in := range req.Inputs {
		if p := sch.props[in.Name]; p != nil {
			results = append(results, toWireProperty(p))
		} else {
			missing = append(missing, in.Name)
		}
	}
	var errs []batchError
	if len(missing) > 0 {
		errs = []batchError{newBatchError("OBJECT_NOT_FOUND", "Unable to find properties: ["+strings.Join(missing, ", ")+"]",
			map[string][]string{"name": missing}, nil)}
	}
	return batchReply(c, http.StatusOK, results, errs)
}

func (s *Server) handleListGroups(c *call) reply {
	sch := s.schemas[c.objectType.name]
	out := make([]PropertyGroup, 0, len(sch.groupOrder))
	for _, name := range sch.groupOrder {
		out = append(out, *sch.groups[name])
	}
	return jsonReply(http.StatusOK, map[string]any{"results": out})
}

func (s *Server) handleGetGroup(c *call) reply {
	g := s.schemas[c.objectType.name].groups[c.param]
	if g == nil {
		return errorReply(http.StatusNotFound, "OBJECT_NOT_FOUND",
			fmt.Sprintf("Unable to find property group %s for object type %s", c.param, c.objectType.id), c.corr, nil)
	}
	return jsonReply(http.StatusOK, *g)
}

func (s *Server) handleCreateGroup(c *call) reply {
	var g PropertyGroup
	if err := decode(c, &g); err != nil {
		return badJSON(c, err)
	}
	sch := s.schemas[c.objectType.name]
	if sch.groups[g.Name] != nil {
		return errorReply(http.StatusConflict, "CONFLICT",
			fmt.Sprintf("A property group named '%s' already exists.", g.Name), c.corr, nil)
	}
	if msg := sch.addGroup(g); msg != "" {
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", msg, c.corr, nil)
	}
	return jsonReply(http.StatusCreated, *sch.groups[g.Name])
}
