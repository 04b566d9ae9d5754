package syncspec

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
	"github.com/warrenbrasil/customerdata/identity"
	"github.com/warrenbrasil/customerdata/segment"
)

// Options are what checking a spec needs besides the document.
type Options struct {
	// AsOf is the date segment date windows (within_next, within_last)
	// are relative to: today, for a daily job.
	AsOf calendar.Date
	// Location gives events and AsOf their day (nil: UTC); Brazilian jobs
	// pass America/Sao_Paulo.
	Location *time.Location
}

var topFields = []string{"description", "sources", "identity", "traits", "audience", "group", "mappings",
	"contact_key", "mode", "segments_property"}

// Parse decodes and checks a spec. It refuses a bad one with Problems
// naming every problem by its JSON path; it reads no source.
func Parse(data []byte, opts Options) (*Spec, error) {
	d := decoder{&problems{}}
	var syntax any
	if err := json.Unmarshal(data, &syntax); err != nil {
		d.add("", "not valid JSON: %v", err)
		return nil, d.err()
	}
	top := d.object(data, "", topFields...)
	if top == nil {
		return nil, d.err()
	}
	d.str(top["description"], "description")
	s := &Spec{Catalog: segment.Catalog{}}
	catalogOK := d.catalog(top["traits"], s)
	d.sources(top["sources"], s)
	d.identity(top["identity"], s)
	s.audience = d.segment(top["audience"], "audience", s, opts, catalogOK)
	d.group(top["group"], s)
	claims := map[string]string{}
	d.contactKey(top["contact_key"], s, claims)
	d.mappings(top["mappings"], s, claims)
	d.segmentsProperty(top["segments_property"], s, opts, catalogOK, claims)
	d.mode(top["mode"], s)
	if len(s.Mappings) == 0 && s.Segments == nil && top["mappings"] == nil {
		d.add("mappings", "required: at least one trait to write (or a segments_property)")
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// kinds are the trait kinds a source column can hold.
var kinds = map[string]cdp.Kind{"string": cdp.KindString, "number": cdp.KindNumber, "bool": cdp.KindBool,
	"date": cdp.KindDate, "timestamp": cdp.KindTimestamp}

const kindList = "string, number, bool, date, timestamp"

func (d decoder) catalog(raw json.RawMessage, s *Spec) bool {
	before := len(d.list)
	if raw == nil {
		d.add("traits", "required: the trait catalog (name, kind, description)")
		return false
	}
	for i, el := range d.array(raw, "traits") {
		path := index("traits", i)
		f := d.object(el, path, "name", "kind", "description")
		if f == nil {
			continue
		}
		name := d.str(f["name"], join(path, "name"))
		kind, ok := kinds[d.str(f["kind"], join(path, "kind"))]
		if !ok {
			d.add(join(path, "kind"), "%s is not a trait kind (want one of %s)", quote(f["kind"]), kindList)
		}
		switch _, dup := s.Catalog[name]; {
		case !validName(name):
			d.add(join(path, "name"), "%q is not a trait name (want ^[a-z][a-z0-9_]*$)", name)
		case dup:
			d.add(join(path, "name"), "%q is defined twice", name)
		}
		s.Catalog[name] = segment.TraitInfo{Kind: kind, Description: d.str(f["description"], join(path, "description"))}
	}
	return len(d.list) == before
}

func (d decoder) sources(raw json.RawMessage, s *Spec) {
	els := d.array(raw, "sources")
	if len(els) == 0 {
		d.add("sources", "required: at least one source")
	}
	names := map[string]bool{}
	for i, el := range els {
		path, before := index("sources", i), len(d.list)
		f := d.object(el, path, "name", "path", "identifiers", "traits", "observed_at")
		if f == nil {
			continue
		}
		src := Source{Path: d.str(f["path"], join(path, "path")), Name: d.str(f["name"], join(path, "name")),
			ObservedAt:  d.str(f["observed_at"], join(path, "observed_at")),
			Identifiers: map[string]cdp.IdentifierType{}, Traits: map[string]cdp.Kind{}}
		if src.Path == "" {
			d.add(join(path, "path"), "required")
		}
		if src.Name == "" {
			src.Name = filepath.Base(src.Path)
		}
		if names[src.Name] {
			d.add(join(path, "name"), "%q names two sources", src.Name)
		}
		names[src.Name] = true
		used := map[string]string{}
		use := func(col, what, at string) {
			if prev, dup := used[col]; dup {
				d.add(at, "column %q is already %s", col, prev)
			}
			used[col] = what
		}
		ip := join(path, "identifiers")
		cols, ids := d.stringMap(f["identifiers"], ip)
		if len(cols) == 0 {
			d.add(ip, "required: at least one identifier column")
		}
		for _, col := range cols {
			if t := cdp.IdentifierType(ids[col]); !t.Standard() {
				d.add(join(ip, col), "%q is not an identifier type (want one of %s)", ids[col], typeList)
			}
			use(col, "an identifier column", join(ip, col))
			src.Identifiers[col] = cdp.IdentifierType(ids[col])
		}
		tp := join(path, "traits")
		cols, traits := d.stringMap(orEmpty(f["traits"]), tp)
		for _, col := range cols {
			kind, ok := kinds[traits[col]]
			info, known := s.Catalog[col]
			switch {
			case !ok:
				d.add(join(tp, col), "%q is not a trait kind (want one of %s)", traits[col], kindList)
			case !known:
				d.add(join(tp, col), "%q is not in the trait catalog", col)
			case info.Kind == cdp.KindInvalid:
				// The catalog entry is wrong itself; its own problem is reported.
			case info.Kind != kind:
				d.add(join(tp, col), "%q is a %s in the trait catalog, not a %s", col, info.Kind, kind)
			}
			use(col, "a trait column", join(tp, col))
			src.Traits[col] = kind
		}
		if src.ObservedAt != "" {
			use(src.ObservedAt, "the observed_at column", join(path, "observed_at"))
		}
		if _, err := src.schema(); err != nil && len(d.list) == before {
			d.add(path, "%v", err)
		}
		s.Sources = append(s.Sources, src)
	}
}

func (d decoder) identity(raw json.RawMessage, s *Spec) {
	if raw == nil {
		return
	}
	f := d.object(raw, "identity", "limits", "max_identifiers", "blocked", "blocked_patterns")
	if f == nil {
		return
	}
	r := &s.identity
	r.maxIDs = d.integer(f["max_identifiers"], "identity.max_identifiers")
	if f["limits"] != nil {
		r.limits = map[cdp.IdentifierType]int{}
		for t, v := range d.typed(f["limits"], "identity.limits") {
			r.limits[t] = d.integer(v, join("identity.limits", string(t)))
		}
	}
	r.blocked = d.typedLists(f["blocked"], "identity.blocked")
	r.patterns = d.typedLists(f["blocked_patterns"], "identity.blocked_patterns")
	if _, err := identity.New(s.IdentityConfig(nil)); err != nil {
		var ce *identity.ConfigError
		if errors.As(err, &ce) {
			d.add(identityPath(ce.Field), "%s", ce.Reason)
		} else {
			d.add("identity", "%v", err)
		}
	}
}

func (d decoder) segment(raw json.RawMessage, path string, s *Spec, opts Options, compile bool) *segment.Matcher {
	if raw == nil {
		d.add(path, "required: a segment in the segment JSON form")
		return nil
	}
	seg, err := segment.Parse(raw)
	if err == nil && !compile {
		return nil
	}
	if err == nil {
		var m *segment.Matcher
		if m, err = segment.Compile(seg, s.Catalog, segment.Options{AsOf: opts.AsOf, Location: opts.Location}); err == nil {
			return m
		}
	}
	var es segment.Errors
	if !errors.As(err, &es) {
		d.add(path, "%v", err)
		return nil
	}
	for _, e := range es {
		d.add(join(path, e.Path), "%s", e.Msg)
	}
	return nil
}

func (d decoder) group(raw json.RawMessage, s *Spec) {
	if raw == nil {
		d.add("group", "required: the property group {\"name\", \"label\"} the properties go into")
		return
	}
	f := d.object(raw, "group", "name", "label")
	if f == nil {
		return
	}
	s.Group = hubspot.PropertyGroup{Name: d.str(f["name"], "group.name"), Label: d.str(f["label"], "group.label")}
	if !validName(s.Group.Name) {
		d.add("group.name", "%q is not a valid HubSpot group name (want ^[a-z][a-z0-9_]*$)", s.Group.Name)
	}
	if s.Group.Label == "" {
		d.add("group.label", "required: the label HubSpot users see")
	}
}

func (d decoder) mode(raw json.RawMessage, s *Spec) {
	modes := []hubspot.SyncMode{hubspot.SyncUpsert, hubspot.SyncUpdate, hubspot.SyncMirror}
	m := d.str(raw, "mode")
	if m == "" && raw == nil {
		return
	}
	i := slices.IndexFunc(modes, func(x hubspot.SyncMode) bool { return x.String() == m })
	if i < 0 {
		d.add("mode", "%q is not a mode (want upsert, update or mirror)", m)
		return
	}
	s.Mode = modes[i]
}
