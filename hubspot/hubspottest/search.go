package hubspottest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// Search limits HubSpot enforces.
const (
	maxFilterGroups     = 5
	maxFiltersPerGroup  = 10
	maxFilters          = 25
	maxSearchLimit      = 200
	defaultSearchLimit  = 10
	maxSearchResultsPos = 10000
)

// flexString decodes a JSON string, number or bool as its text.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v.(type) {
	case float64, bool:
		*f = flexString(b)
		return nil
	}
	return fmt.Errorf("expected a string, number or bool, got %s", b)
}

type searchFilter struct {
	PropertyName string       `json:"propertyName"`
	Operator     string       `json:"operator"`
	Value        *flexString  `json:"value"`
	Values       []flexString `json:"values"`
	HighValue    *flexString  `json:"highValue"`
}

type searchRequest struct {
	FilterGroups []struct {
		Filters []searchFilter `json:"filters"`
	} `json:"filterGroups"`
	Sorts      []searchSort `json:"sorts"`
	Query      string       `json:"query"`
	Properties []string     `json:"properties"`
	Limit      flexString   `json:"limit"`
	After      flexString   `json:"after"`
}

// searchSort is one sort criterion. HubSpot documents two forms: the
// published request model lists sorts as strings (a property name; a leading
// '-' sorts descending, as in HubSpot's other v3 sort parameters), and the
// search guide shows {propertyName, direction} objects. Both are accepted.
type searchSort struct {
	PropertyName string `json:"propertyName"`
	Direction    string `json:"direction"`
}

func (so *searchSort) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var name string
		if err := json.Unmarshal(b, &name); err != nil {
			return err
		}
		so.PropertyName, so.Direction = name, "ASCENDING"
		if rest, ok := strings.CutPrefix(name, "-"); ok {
			so.PropertyName, so.Direction = rest, "DESCENDING"
		}
		return nil
	}
	type plain searchSort
	return json.Unmarshal(b, (*plain)(so))
}

// operators maps each operator to whether it needs value, values or highValue.
var operators = map[string]string{
	"EQ": "value", "NEQ": "value", "LT": "value", "LTE": "value", "GT": "value", "GTE": "value",
	"BETWEEN": "value+highValue", "IN": "values", "NOT_IN": "values",
	"HAS_PROPERTY": "", "NOT_HAS_PROPERTY": "",
	"CONTAINS_TOKEN": "value", "NOT_CONTAINS_TOKEN": "value",
}

func (s *Server) handleSearch(c *call) reply {
	var req searchRequest
	if err := decode(c, &req); err != nil {
		return badJSON(c, err)
	}
	bad := func(format string, args ...any) reply {
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf(format, args...), c.corr, nil)
	}
	sch := s.schemas[c.objectType.name]
	if n := len(req.FilterGroups); n > maxFilterGroups {
		return bad("There were %d filter groups, the maximum is %d", n, maxFilterGroups)
	}
	total := 0
	for gi, g := range req.FilterGroups {
		if n := len(g.Filters); n > maxFiltersPerGroup {
			return bad("Filter group %d has %d filters, the maximum is %d", gi, n, maxFiltersPerGroup)
		}
		total += len(g.Filters)
		for fi, f := range g.Filters {
			need, ok := operators[f.Operator]
			switch {
			case !ok:
				return bad("filterGroups[%d].filters[%d]: unknown operator %q", gi, fi, f.Operator)
			case sch.props[f.PropertyName] == nil:
				return bad("filterGroups[%d].filters[%d]: property %q does not exist", gi, fi, f.PropertyName)
			case strings.Contains(need, "value") && need != "values" && f.Value == nil:
				return bad("filterGroups[%d].filters[%d]: operator %s needs a value", gi, fi, f.Operator)
			case strings.Contains(need, "highValue") && f.HighValue == nil:
				return bad("filterGroups[%d].filters[%d]: operator %s needs a highValue", gi, fi, f.Operator)
			case need == "values" && len(f.Values) == 0:
				return bad("filterGroups[%d].filters[%d]: operator %s needs values", gi, fi, f.Operator)
			}
		}
	}
	if total > maxFilters {
		return bad("There were %d filters in all, the maximum is %d", total, maxFilters)
	}
	for _, so := range req.Sorts {
		if sch.props[so.PropertyName] == nil {
			return bad("sort property %q does not exist", so.PropertyName)
		}
	}
	limit, after := defaultSearchLimit, 0
	if req.Limit != "" {
		n, err := strconv.Atoi(string(req.Limit))
		if err != nil || n < 0 || n > maxSearchLimit {
			return bad("limit must be between 0 and %d, got %s", maxSearchLimit, req.Limit)
		}
		limit = n
	}
	if req.After != "" {
		n, err := strconv.Atoi(string(req.After))
		if err != nil || n < 0 {
			return bad("after %q is not a valid paging cursor", req.After)
		}
		after = n
	}
	if after+limit > maxSearchResultsPos {
		return bad("Paging past %d results is not allowed (after %d, limit %d)", maxSearchResultsPos, after, limit)
	}

	st := s.stores[c.objectType.name]
	var matched []*record
	for _, r := range s.candidates(st, &req) {
		if searchMatch(sch, r, &req) {
			matched = append(matched, r)
		}
	}
	if len(req.Sorts) > 0 {
		slices.SortStableFunc(matched, func(a, b *record) int {
			for _, so := range req.Sorts {
				p := sch.props[so.PropertyName]
				av, aok := a.props[p.Name]
				bv, bok := b.props[p.Name]
				var d int
				switch {
				case !aok && !bok:
					continue
				case !aok:
					return 1 // missing values last
				case !bok:
					return -1
				default:
					d, _ = compareValues(p, av, bv)
				}
				if strings.HasPrefix(strings.ToUpper(so.Direction), "DESC") {
					d = -d
				}
				if d != 0 {
					return d
				}
			}
			return 0
		})
	}
	names := req.Properties
	if len(names) == 0 {
		names = defaultReadProperties(c.objectType.name)
	}
	results := []wireObject{}
	for i := after; i < len(matched) && len(results) < limit; i++ {
		results = append(results, toWireObject(matched[i], selectProps(c.objectType, matched[i], names)))
	}
	body := map[string]any{"total": len(matched), "results": results}
	if next := after + len(results); next < len(matched) && len(results) > 0 {
		body["paging"] = paging(strconv.Itoa(next))
	}
	return jsonReply(http.StatusOK, body)
}

// candidates narrows the scan to one record when the only filter group has
// an EQ filter on a unique property; otherwise it is every record.
func (s *Server) candidates(st *store, req *searchRequest) []*record {
	if len(req.FilterGroups) == 1 {
		for _, f := range req.FilterGroups[0].Filters {
			idx := st.unique[f.PropertyName]
			if f.Operator == "EQ" && idx != nil && f.Value != nil {
				if r := idx[normUnique(f.PropertyName, string(*f.Value))]; r != nil {
					return []*record{r}
				}
				return nil
			}
		}
	}
	return st.order
}

func searchMatch(sch *schema, r *record, req *searchRequest) bool {
	if q := strings.ToLower(strings.TrimSpace(req.Query)); q != "" {
		found := false
		for _, v := range r.props {
			if strings.Contains(strings.ToLower(v), q) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if len(req.FilterGroups) == 0 {
		return true
	}
	for _, g := range req.FilterGroups {
		all := true
		for _, f := range g.Filters {
			if !filterMatch(sch.props[f.PropertyName], r, f) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func filterMatch(p *Property, r *record, f searchFilter) bool {
	v, has := r.props[p.Name]
	cmp := func(target *flexString) (int, bool) {
		if !has || target == nil {
			return 0, false
		}
		return compareValues(p, v, string(*target))
	}
	in := func() bool {
		for _, x := range f.Values {
			if d, ok := cmp(&x); ok && d == 0 {
				return true
			}
		}
		return false
	}
	switch f.Operator {
	case "HAS_PROPERTY":
		return has
	case "NOT_HAS_PROPERTY":
		return !has
	case "EQ":
		d, ok := cmp(f.Value)
		return ok && d == 0
	case "NEQ":
		d, ok := cmp(f.Value)
		return !has || (ok && d != 0)
	case "LT":
		d, ok := cmp(f.Value)
		return ok && d < 0
	case "LTE":
		d, ok := cmp(f.Value)
		return ok && d <= 0
	case "GT":
		d, ok := cmp(f.Value)
		return ok && d > 0
	case "GTE":
		d, ok := cmp(f.Value)
		return ok && d >= 0
	case "BETWEEN":
		lo, ok1 := cmp(f.Value)
		hi, ok2 := cmp(f.HighValue)
		return ok1 && ok2 && lo >= 0 && hi <= 0
	case "IN":
		return in()
	case "NOT_IN":
		return !has || !in()
	case "CONTAINS_TOKEN":
		return has && containsToken(v, string(*f.Value))
	case "NOT_CONTAINS_TOKEN":
		return !has || !containsToken(v, string(*f.Value))
	}
	return false
}

// compareValues orders two values of property p: numbers numerically, dates
// and datetimes by instant, everything else case-insensitively. ok is false
// when a value cannot be read as the property's type.
func compareValues(p *Property, a, b string) (int, bool) {
	switch p.Type {
	case "number":
		x, err1 := decimal.NewFromString(a)
		y, err2 := decimal.NewFromString(b)
		if err1 != nil || err2 != nil {
			return 0, false
		}
		return x.Cmp(y), true
	case "date", "datetime":
		x, ok1 := parseTimeValue(a)
		y, ok2 := parseTimeValue(b)
		if !ok1 || !ok2 {
			return 0, false
		}
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b)), true
}

func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// containsToken reports whether the tokens of tok appear, in a row, among the
// tokens of v; '*' in tok is a wildcard within one token.
func containsToken(v, tok string) bool {
	if strings.EqualFold(v, tok) {
		return true
	}
	vt := tokens(v)
	if strings.Contains(tok, "*") {
		pat := strings.ToLower(tok)
		for _, t := range append(vt, strings.ToLower(v)) {
			if wildcard(pat, t) {
				return true
			}
		}
		return false
	}
	tt := tokens(tok)
	if len(tt) == 0 {
		return false
	}
	for i := 0; i+len(tt) <= len(vt); i++ {
		if slices.Equal(vt[i:i+len(tt)], tt) {
			return true
		}
	}
	return false
}

// wildcard matches s against a pattern where '*' stands for any run.
func wildcard(pat, s string) bool {
	parts := strings.Split(pat, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(s, part)
		}
		j := strings.Index(s, part)
		if j < 0 {
			return false
		}
		s = s[j+len(part):]
	}
	return s == ""
}
