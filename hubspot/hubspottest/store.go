package hubspottest

import (
	"strings"
	"time"
)

// record is one stored object.
type record struct {
	id                   string
	props                map[string]string
	createdAt, updatedAt time.Time
	assoc                []Association
}

func (r *record) object() Object {
	return Object{ID: r.id, Properties: r.props, CreatedAt: r.createdAt, UpdatedAt: r.updatedAt, Associations: r.assoc}.clone()
}

// store holds the records of one object type, indexed by id and by the
// normalised value of each unique property, so no write scans all records.
type store struct {
	ot     *objectType
	byID   map[string]*record
	order  []*record
	unique map[string]map[string]*record
}

func newStore(ot objectType) *store {
	st := &store{ot: lookupType(ot.name), byID: map[string]*record{}, unique: map[string]map[string]*record{}}
	if ot.name == "contacts" {
		st.unique["email"] = map[string]*record{}
	}
	return st
}

// normUnique normalises a unique value: email addresses are case-insensitive.
func normUnique(prop, v string) string {
	if prop == "email" {
		return strings.ToLower(v)
	}
	return v
}

// find looks a record up by id ("" or hs_object_id idProperty) or by a unique property.
func (st *store) find(idProperty, id string) *record {
	if idProperty == "" || idProperty == "hs_object_id" {
		return st.byID[id]
	}
	return st.unique[idProperty][normUnique(idProperty, id)]
}

// set writes one value, keeping the unique indexes current; "" clears.
// Contact email addresses are stored in lower case, as HubSpot does.
func (st *store) set(r *record, name, v string) {
	if name == "email" && st.ot.name == "contacts" {
		v = strings.ToLower(v)
	}
	if idx := st.unique[name]; idx != nil {
		if old, ok := r.props[name]; ok && idx[normUnique(name, old)] == r {
			delete(idx, normUnique(name, old))
		}
		if v != "" {
			idx[normUnique(name, v)] = r
		}
	}
	if v == "" {
		delete(r.props, name)
		return
	}
	r.props[name] = v
}
