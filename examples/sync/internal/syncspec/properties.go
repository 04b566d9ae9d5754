package syncspec

import (
	"encoding/json"
	"errors"
	"slices"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// propertyTypes are the HubSpot types each trait kind may be written as;
// the first is the default, with its default field type.
var propertyTypes = map[cdp.Kind][]string{
	cdp.KindString:    {"string"},
	cdp.KindNumber:    {"number"},
	cdp.KindBool:      {"bool", "enumeration"},
	cdp.KindDate:      {"date"},
	cdp.KindTimestamp: {"datetime"},
}

var defaultFieldType = map[string]string{"string": "text", "number": "number", "bool": "booleancheckbox",
	"enumeration": "booleancheckbox", "date": "date", "datetime": "date"}

// claim records that path writes property name, refusing a name two places
// write.
func (d decoder) claim(claims map[string]string, name, path string) {
	if prev, dup := claims[name]; dup {
		d.add(path, "%q is also written by %s", name, prev)
		return
	}
	claims[name] = path
}

func (d decoder) contactKey(raw json.RawMessage, s *Spec, claims map[string]string) {
	s.KeyProperty, s.KeyIdentifier = hubspot.KeyEmail, cdp.Email
	claims[hubspot.KeyEmail] = "contact_key (e-mail)"
	switch {
	case raw == nil:
		return
	case isKind(raw, '"'):
		if v := d.str(raw, "contact_key"); v != hubspot.KeyEmail {
			d.add("contact_key", "%q: want \"email\" or {\"property\", \"label\", \"identifier\"}", v)
		}
		return
	}
	f := d.object(raw, "contact_key", "property", "label", "identifier")
	if f == nil {
		return
	}
	prop := d.str(f["property"], "contact_key.property")
	label := d.str(f["label"], "contact_key.label")
	t := cdp.IdentifierType(d.str(f["identifier"], "contact_key.identifier"))
	switch {
	case prop == hubspot.KeyEmail:
		if t != "" && t != cdp.Email {
			d.add("contact_key.identifier", "%q cannot feed the e-mail key (want email)", t)
		}
		return
	case !validName(prop) || prop == "hs_object_id":
		d.add("contact_key.property", "%q is not a valid key property (want email or a name matching ^[a-z][a-z0-9_]*$)", prop)
	}
	if label == "" {
		d.add("contact_key.label", "required with a custom key property: the label HubSpot users see")
	}
	if !t.Standard() {
		d.add("contact_key.identifier", "%q is not an identifier type (want the one that feeds the key, one of %s)", t, typeList)
	}
	s.KeyProperty, s.KeyLabel, s.KeyIdentifier = prop, label, t
	d.claim(claims, prop, "contact_key.property")
}

func (d decoder) mappings(raw json.RawMessage, s *Spec, claims map[string]string) {
	if raw == nil {
		return
	}
	fed := map[string]bool{}
	for _, src := range s.Sources {
		for t := range src.Traits {
			fed[t] = true
		}
	}
	for i, el := range d.array(raw, "mappings") {
		path := index("mappings", i)
		f := d.object(el, path, "trait", "property", "label", "description", "type", "field_type", "group")
		if f == nil {
			continue
		}
		trait := d.str(f["trait"], join(path, "trait"))
		p := hubspot.Property{Name: d.str(f["property"], join(path, "property")), Label: d.str(f["label"], join(path, "label")),
			Description: d.str(f["description"], join(path, "description")), Type: d.str(f["type"], join(path, "type")),
			FieldType: d.str(f["field_type"], join(path, "field_type")), GroupName: d.str(f["group"], join(path, "group"))}
		info, known := s.Catalog[trait]
		switch {
		case !known:
			d.add(join(path, "trait"), "%q is not in the trait catalog", trait)
		case !fed[trait]:
			d.add(join(path, "trait"), "%q comes from no source (no source lists it in its traits)", trait)
		}
		d.property(&p, path, "property")
		if p.GroupName == "" {
			p.GroupName = s.Group.Name
		} else if !validName(p.GroupName) {
			d.add(join(path, "group"), "%q is not a valid HubSpot group name (want ^[a-z][a-z0-9_]*$)", p.GroupName)
		}
		if known {
			d.propertyType(&p, info.Kind, path)
		}
		d.claim(claims, p.Name, join(path, "property"))
		s.Mappings = append(s.Mappings, Mapping{Trait: trait, Property: p})
	}
}

// property checks the name and the label of p.
func (d decoder) property(p *hubspot.Property, path, nameField string) {
	if !validName(p.Name) {
		d.add(join(path, nameField), "%q is not a valid HubSpot property name (want ^[a-z][a-z0-9_]*$)", p.Name)
	}
	if p.Label == "" {
		d.add(join(path, "label"), "required: the label HubSpot users see")
	}
}

// propertyType fills in and checks p's type and field type against the
// trait's kind.
func (d decoder) propertyType(p *hubspot.Property, kind cdp.Kind, path string) {
	types := propertyTypes[kind]
	if len(types) == 0 {
		return // the catalog's kind is refused already
	}
	if p.Type == "" {
		p.Type = types[0]
	}
	if !slices.Contains(types, p.Type) {
		d.add(join(path, "type"), "%q does not fit the trait's kind %s (want %s)", p.Type, kind, joinQuoted(types))
		return
	}
	if p.FieldType == "" {
		p.FieldType = defaultFieldType[p.Type]
	}
	probe := *p
	probe.Name, probe.Label, probe.GroupName = "probe", "probe", "probe"
	var ve *hubspot.ValueError
	if err := probe.Validate(); errors.As(err, &ve) {
		d.add(join(path, "field_type"), "%s", ve.Problem)
	}
}

func (d decoder) segmentsProperty(raw json.RawMessage, s *Spec, opts Options, compile bool, claims map[string]string) {
	if raw == nil {
		return
	}
	const path = "segments_property"
	f := d.object(raw, path, "property", "label", "description", "group", "segments")
	if f == nil {
		return
	}
	sp := &SegmentsProperty{Property: hubspot.Property{Name: d.str(f["property"], join(path, "property")),
		Label: d.str(f["label"], join(path, "label")), Description: d.str(f["description"], join(path, "description")),
		Type: "enumeration", FieldType: "checkbox", GroupName: d.str(f["group"], join(path, "group"))}}
	d.property(&sp.Property, path, "property")
	if sp.Property.GroupName == "" {
		sp.Property.GroupName = s.Group.Name
	}
	d.claim(claims, sp.Property.Name, join(path, "property"))
	els := d.array(f["segments"], join(path, "segments"))
	if len(els) == 0 {
		d.add(join(path, "segments"), "required: at least one named segment")
	}
	for i, el := range els {
		sPath := index(join(path, "segments"), i)
		g := d.object(el, sPath, "name", "label", "description", "segment")
		if g == nil {
			continue
		}
		name, label := d.str(g["name"], join(sPath, "name")), d.str(g["label"], join(sPath, "label"))
		switch {
		case !validName(name):
			d.add(join(sPath, "name"), "%q is not a segment name (want ^[a-z][a-z0-9_]*$)", name)
		case slices.Contains(sp.Names, name):
			d.add(join(sPath, "name"), "%q names two segments", name)
		}
		if label == "" {
			d.add(join(sPath, "label"), "required: the option label HubSpot users see")
		}
		sp.Names = append(sp.Names, name)
		sp.Property.Options = append(sp.Property.Options, hubspot.PropertyOption{Label: label, Value: name, DisplayOrder: i,
			Description: d.str(g["description"], join(sPath, "description"))})
		sp.matchers = append(sp.matchers, d.segment(g["segment"], join(sPath, "segment"), s, opts, compile))
	}
	s.Segments = sp
}
