package segment

import (
	"io"
	"strconv"
	"strings"

	"github.com/warrenbrasil/customerdata/calendar"
)

// Parse reads a segment from its JSON form (see the package documentation).
// It reports every problem it finds at once, as Errors, each with the JSON
// path of the bad element. Documents larger than MaxDocumentSize, nested
// deeper than MaxDepth or holding more than MaxNodes conditions are refused.
//
// Parse checks the document's structure only; trait names, kinds and values
// are checked against a Catalog by Compile.
func Parse(data []byte) (Segment, error) {
	root, perr := decodeTree(data)
	if perr != nil {
		return Segment{}, Errors{perr}
	}
	p := &parser{}
	seg := p.condition(root, "", 1)
	if err := p.errs.err(); err != nil {
		return Segment{}, err
	}
	return seg, nil
}

// Decode reads a segment's JSON form from r, as Parse does. It reads at most
// MaxDocumentSize+1 bytes.
func Decode(r io.Reader) (Segment, error) {
	data, err := readDocument(r)
	if err != nil {
		return Segment{}, err
	}
	return Parse(data)
}

// UnmarshalJSON parses the JSON form into s, as Parse does.
func (s *Segment) UnmarshalJSON(data []byte) error {
	seg, err := Parse(data)
	if err != nil {
		return err
	}
	*s = seg
	return nil
}

type parser struct {
	errs    errList
	nodes   int
	tooMany bool
}

var formKeys = [...]string{"all", "any", "not", "trait", "event"}

func (p *parser) count() bool {
	p.nodes++
	if p.nodes > MaxNodes {
		if !p.tooMany {
			p.tooMany = true
			p.errs.add("", ErrLimit, "segment has more than "+itoa(MaxNodes)+" conditions")
		}
		return false
	}
	return true
}

func wantKind(v *jval, k jkind) string {
	return "want " + article(k) + ", got " + v.kind.String()
}

func article(k jkind) string {
	switch k {
	case jArray, jObject:
		return "an " + k.String()
	}
	return "a " + k.String()
}

func (p *parser) condition(v *jval, path string, depth int) Segment {
	if !p.count() {
		return Segment{}
	}
	if v.kind != jObject {
		p.errs.add(path, ErrInvalid, wantKind(v, jObject))
		return Segment{}
	}
	if depth > MaxDepth {
		p.errs.add(path, ErrLimit, "conditions are nested deeper than "+itoa(MaxDepth)+" levels")
		return Segment{}
	}
	if dup := duplicateKey(v); dup != "" {
		p.errs.add(path, ErrInvalid, "duplicate field "+strconv.Quote(dup))
		return Segment{}
	}
	var forms []string
	for _, f := range v.obj {
		for _, k := range formKeys {
			if f.key == k {
				forms = append(forms, k)
			}
		}
	}
	switch len(forms) {
	case 0:
		p.errs.add(path, ErrInvalid, `condition needs one of "all", "any", "not", "trait" or "event"`)
		return Segment{}
	case 1:
	default:
		p.errs.add(path, ErrInvalid, "condition has both "+strconv.Quote(forms[0])+" and "+strconv.Quote(forms[1]))
		return Segment{}
	}
	switch forms[0] {
	case "all", "any":
		p.onlyFields(v, path, forms[0])
		list := p.conditions(field(v, forms[0]), joinPath(path, forms[0]), depth)
		if forms[0] == "all" {
			return Segment{All: list}
		}
		return Segment{Any: list}
	case "not":
		p.onlyFields(v, path, "not")
		inner := p.condition(field(v, "not"), joinPath(path, "not"), depth+1)
		return Segment{Not: &inner}
	case "trait":
		return Segment{Trait: p.trait(v, path)}
	}
	return Segment{Event: p.event(v, path)}
}

func (p *parser) conditions(v *jval, path string, depth int) []Segment {
	if v.kind != jArray {
		p.errs.add(path, ErrInvalid, wantKind(v, jArray))
		return nil
	}
	if len(v.arr) == 0 {
		p.errs.add(path, ErrInvalid, "needs at least one condition")
		return nil
	}
	out := make([]Segment, 0, len(v.arr))
	for i, e := range v.arr {
		if p.tooMany {
			break
		}
		out = append(out, p.condition(e, indexPath(path, i), depth+1))
	}
	return out
}

func duplicateKey(v *jval) string {
	for i := range v.obj {
		for j := 0; j < i; j++ {
			if v.obj[i].key == v.obj[j].key {
				return v.obj[i].key
			}
		}
	}
	return ""
}

func field(v *jval, key string) *jval {
	for _, f := range v.obj {
		if f.key == key {
			return f.val
		}
	}
	return nil
}

// onlyFields reports every field of v not in allowed.
func (p *parser) onlyFields(v *jval, path string, allowed ...string) {
	for _, f := range v.obj {
		ok := false
		for _, a := range allowed {
			if f.key == a {
				ok = true
				break
			}
		}
		if !ok {
			p.errs.add(path, ErrInvalid, "unknown field "+strconv.Quote(f.key))
		}
	}
}

func (p *parser) str(v *jval, path string) (string, bool) {
	if v.kind != jString {
		p.errs.add(path, ErrInvalid, wantKind(v, jString))
		return "", false
	}
	return v.s, true
}

func (p *parser) name(v *jval, path string) string {
	s, ok := p.str(v, path)
	if ok && strings.TrimSpace(s) == "" {
		p.errs.add(path, ErrInvalid, "must not be empty")
	}
	return s
}

func (p *parser) boolean(v *jval, path string) bool {
	if v.kind != jBool {
		p.errs.add(path, ErrInvalid, wantKind(v, jBool))
		return false
	}
	return v.b
}

// whole parses a whole number in [min, max].
func (p *parser) whole(v *jval, path string, min, max int) int {
	if v.kind != jNumber {
		p.errs.add(path, ErrInvalid, wantKind(v, jNumber))
		return 0
	}
	n, err := strconv.Atoi(v.s)
	if err != nil || n < min || n > max {
		p.errs.add(path, ErrInvalid, "want a whole number from "+itoa(min)+" to "+itoa(max)+", got "+v.s)
		return 0
	}
	return n
}

// scalar reads an operand: a string, a number (kept as written) or a bool.
func (p *parser) scalar(v *jval, path string) string {
	switch v.kind {
	case jString, jNumber:
		return v.s
	case jBool:
		return strconv.FormatBool(v.b)
	}
	p.errs.add(path, ErrInvalid, "want a string, number or bool, got "+v.kind.String())
	return ""
}

func (p *parser) date(v *jval, path string) string {
	s, ok := p.str(v, path)
	if !ok {
		return ""
	}
	if _, err := calendar.ParseDate(s); err != nil {
		p.errs.add(path, ErrInvalid, strconv.Quote(s)+" is not a date (want YYYY-MM-DD)")
	}
	return s
}

// MaxWindowDays is the longest date or event window, in days (about 100
// years).
const MaxWindowDays = 36600

// operands is the parsed operand fields shared by traits and properties.
type operands struct {
	op       Op
	value    string
	values   []string
	from, to string
	ci       bool
}

// comparison parses op, value, values, from, to and case_insensitive, and
// checks that the operands present are the ones op takes. windows says
// whether within_next/within_last are allowed (traits) or not (properties).
func (p *parser) comparison(v *jval, path string, windows bool) operands {
	var o operands
	opv := field(v, "op")
	if opv == nil {
		p.errs.add(joinPath(path, "op"), ErrInvalid, "required")
		return o
	}
	s, ok := p.str(opv, joinPath(path, "op"))
	if !ok {
		return o
	}
	o.op = Op(s)
	if !o.op.valid() {
		p.errs.add(joinPath(path, "op"), ErrInvalid, "unknown operator "+strconv.Quote(s)+" (want one of "+opList()+")")
		return o
	}
	if !windows && o.op.operand() == operandDays {
		p.errs.add(joinPath(path, "op"), ErrInvalid, "operator "+strconv.Quote(s)+" does not apply to event properties")
		return o
	}
	want := map[string]bool{}
	switch o.op.operand() {
	case operandValue:
		want["value"] = true
	case operandValues:
		want["values"] = true
	case operandRange:
		want["from"], want["to"] = true, true
	case operandDays:
		want["days"] = true
	}
	for _, k := range [...]string{"value", "values", "from", "to", "days"} {
		fv := field(v, k)
		fp := joinPath(path, k)
		switch {
		case fv == nil && want[k]:
			p.errs.add(fp, ErrInvalid, "required with operator "+strconv.Quote(s))
		case fv != nil && !want[k]:
			p.errs.add(fp, ErrInvalid, "not allowed with operator "+strconv.Quote(s))
		case fv == nil:
		case k == "value":
			o.value = p.scalar(fv, fp)
		case k == "from":
			o.from = p.scalar(fv, fp)
		case k == "to":
			o.to = p.scalar(fv, fp)
		case k == "values":
			o.values = p.valueList(fv, fp)
		}
	}
	if fv := field(v, "case_insensitive"); fv != nil {
		fp := joinPath(path, "case_insensitive")
		switch o.op.operand() {
		case operandNone, operandDays:
			p.errs.add(fp, ErrInvalid, "not allowed with operator "+strconv.Quote(s))
		default:
			o.ci = p.boolean(fv, fp)
		}
	}
	return o
}

func (p *parser) valueList(v *jval, path string) []string {
	if v.kind != jArray {
		p.errs.add(path, ErrInvalid, wantKind(v, jArray))
		return nil
	}
	if len(v.arr) == 0 {
		p.errs.add(path, ErrInvalid, "needs at least one value")
		return nil
	}
	out := make([]string, 0, len(v.arr))
	for i, e := range v.arr {
		out = append(out, p.scalar(e, indexPath(path, i)))
	}
	return out
}

func opList() string {
	var b strings.Builder
	for i, o := range allOps {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(o))
	}
	return b.String()
}

func (p *parser) trait(v *jval, path string) *TraitCondition {
	p.onlyFields(v, path, "trait", "op", "value", "values", "from", "to", "days", "business_days", "case_insensitive")
	c := &TraitCondition{Name: p.name(field(v, "trait"), joinPath(path, "trait"))}
	o := p.comparison(v, path, true)
	c.Op, c.Value, c.Values, c.From, c.To, c.CaseInsensitive = o.op, o.value, o.values, o.from, o.to, o.ci
	if fv := field(v, "days"); fv != nil && o.op.operand() == operandDays {
		c.Days = p.whole(fv, joinPath(path, "days"), 0, MaxWindowDays)
	}
	if fv := field(v, "business_days"); fv != nil {
		fp := joinPath(path, "business_days")
		if o.op.operand() != operandDays {
			if o.op.valid() {
				p.errs.add(fp, ErrInvalid, "not allowed with operator "+strconv.Quote(string(o.op)))
			}
		} else {
			c.Calendar = p.name(fv, fp)
		}
	}
	return c
}

func (p *parser) event(v *jval, path string) *EventCondition {
	p.onlyFields(v, path, "event", "where", "at_least", "at_most", "within_days", "from", "to")
	c := &EventCondition{Name: p.name(field(v, "event"), joinPath(path, "event"))}
	if fv := field(v, "where"); fv != nil {
		wp := joinPath(path, "where")
		if fv.kind != jArray {
			p.errs.add(wp, ErrInvalid, wantKind(fv, jArray))
		} else {
			for i, e := range fv.arr {
				if p.tooMany || !p.count() {
					break
				}
				c.Where = append(c.Where, p.property(e, indexPath(wp, i)))
			}
		}
	}
	if fv := field(v, "at_least"); fv != nil {
		n := p.whole(fv, joinPath(path, "at_least"), 0, 1_000_000_000)
		c.AtLeast = &n
	}
	if fv := field(v, "at_most"); fv != nil {
		n := p.whole(fv, joinPath(path, "at_most"), 0, 1_000_000_000)
		c.AtMost = &n
	}
	if c.AtLeast != nil && c.AtMost != nil && *c.AtLeast > *c.AtMost {
		p.errs.add(path, ErrInvalid, "at_least "+itoa(*c.AtLeast)+" is greater than at_most "+itoa(*c.AtMost))
	}
	if fv := field(v, "within_days"); fv != nil {
		c.WithinDays = p.whole(fv, joinPath(path, "within_days"), 1, MaxWindowDays)
	}
	for _, k := range [...]string{"from", "to"} {
		fv := field(v, k)
		if fv == nil {
			continue
		}
		fp := joinPath(path, k)
		if field(v, "within_days") != nil {
			p.errs.add(fp, ErrInvalid, `not allowed with "within_days"`)
			continue
		}
		if k == "from" {
			c.From = p.date(fv, fp)
		} else {
			c.To = p.date(fv, fp)
		}
	}
	if c.From != "" && c.To != "" && c.From > c.To {
		p.errs.add(path, ErrInvalid, "from "+c.From+" is after to "+c.To)
	}
	return c
}

func (p *parser) property(v *jval, path string) PropertyCondition {
	if v.kind != jObject {
		p.errs.add(path, ErrInvalid, wantKind(v, jObject))
		return PropertyCondition{}
	}
	if dup := duplicateKey(v); dup != "" {
		p.errs.add(path, ErrInvalid, "duplicate field "+strconv.Quote(dup))
		return PropertyCondition{}
	}
	p.onlyFields(v, path, "property", "op", "value", "values", "from", "to", "case_insensitive")
	var c PropertyCondition
	if fv := field(v, "property"); fv != nil {
		c.Property = p.name(fv, joinPath(path, "property"))
	} else {
		p.errs.add(joinPath(path, "property"), ErrInvalid, "required")
	}
	o := p.comparison(v, path, false)
	c.Op, c.Value, c.Values, c.From, c.To, c.CaseInsensitive = o.op, o.value, o.values, o.from, o.to, o.ci
	return c
}
