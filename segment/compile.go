package segment

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

// Options are the inputs a segment needs besides the profile. The package
// never reads the clock: the caller supplies the as-of date and instant.
type Options struct {
	// AsOf is the date date windows (within_next, within_last) are relative
	// to. Required when the segment has a date window.
	AsOf calendar.Date
	// AsOfTime is the instant event windows (within_days) end at. When zero
	// and AsOf is set, it is the end of the AsOf day in Location (midnight
	// starting the next day).
	AsOfTime time.Time
	// Location gives events their civil date for event from/to windows and
	// derives AsOfTime from AsOf. Nil means UTC; Brazilian jobs pass
	// America/Sao_Paulo (calendar.SaoPaulo).
	Location *time.Location
	// Calendars are the business-day calendars a document may name in
	// business_days, by lower-case name. Nil means "anbima"
	// (calendar.ANBIMA) and "b3" (calendar.B3). A calendar given through the
	// Go builder (WithinBusinessDays) is used as given.
	Calendars map[string]BusinessCalendar
}

// Matcher is a compiled segment. It is immutable and safe for concurrent use
// by any number of goroutines; Match does not allocate.
type Matcher struct {
	root *node
	seg  Segment
}

type nodeKind uint8

const (
	nAll nodeKind = iota
	nAny
	nNot
	nTrait
	nEvent
)

type node struct {
	kind  nodeKind
	fns   []traitFunc // all / any whose kids are all specialised trait conditions: their closures
	kids  []node      // stored inline: fewer pointer hops while matching
	trait traitTest
	event *eventTest
	seg   Segment // the condition, rendered by Explain
}

type traitTest struct {
	name string
	kind cdp.Kind
	test valueTest
	fn   traitFunc // test specialised to its operator and operand; nil: use test
}

// valueTest is one comparison compiled for one kind of value.
type valueTest struct {
	op   Op
	kind cdp.Kind
	ci   bool
	str  []string            // string operands
	set  map[string]struct{} // in / not_in over many strings, case-sensitive
	num  []number            // number operands (between: from, to)
	lo   int                 // date operand or lower bound, as a dayKey
	hi   int                 // date upper bound (between, windows), as a dayKey
	days []int               // date operands of in / not_in, as dayKeys
	ts   []time.Time         // timestamp operands (between: from, to)
	b    bool                // bool operand
}

type eventTest struct {
	name    string
	where   []propTest
	atLeast int
	atMost  int
	hasMost bool
	window  eventWindow
	after   time.Time // within_days: Time > after
	until   time.Time // within_days: Time <= until
	loDay   int       // dates: dayKey of the civil day >= loDay
	hiDay   int       // dates: dayKey of the civil day <= hiDay
	loc     *time.Location
}

type eventWindow uint8

const (
	windowNone eventWindow = iota
	windowSince
	windowDates
)

type propTest struct {
	name   string
	op     Op
	byKind [cdp.KindStrings + 1]*valueTest // nil: the operand does not fit that kind
}

// Compile type-checks seg against cat and prepares it for matching. It
// reports every problem at once as Errors, with the JSON path of each bad
// element (the same paths Parse uses). A segment built with the Go builder is
// checked the same way as a parsed one.
func Compile(seg Segment, cat Catalog, opts Options) (*Matcher, error) {
	c := &compiler{cat: cat, opts: opts}
	if c.opts.Location == nil {
		c.opts.Location = time.UTC
	}
	if c.opts.Calendars == nil {
		c.opts.Calendars = defaultCalendars()
	}
	if c.opts.AsOfTime.IsZero() && !opts.AsOf.IsZero() {
		c.opts.AsOfTime = opts.AsOf.AddDays(1).Time(c.opts.Location)
	}
	if !opts.AsOf.IsZero() && !opts.AsOf.IsValid() {
		c.errs.add("", ErrOptions, "Options.AsOf "+opts.AsOf.String()+" is not a valid date")
	}
	root := c.segment(seg, "", 1)
	if err := c.errs.err(); err != nil {
		return nil, err
	}
	return &Matcher{root: root, seg: seg}, nil
}

type compiler struct {
	cat     Catalog
	opts    Options
	errs    errList
	nodes   int
	tooMany bool
}

func (c *compiler) segment(s Segment, path string, depth int) *node {
	c.nodes++
	if c.nodes > MaxNodes {
		if !c.tooMany {
			c.tooMany = true
			c.errs.add("", ErrLimit, "segment has more than "+itoa(MaxNodes)+" conditions")
		}
		return nil
	}
	if depth > MaxDepth {
		c.errs.add(path, ErrLimit, "conditions are nested deeper than "+itoa(MaxDepth)+" levels")
		return nil
	}
	var forms []string
	if s.All != nil {
		forms = append(forms, "all")
	}
	if s.Any != nil {
		forms = append(forms, "any")
	}
	if s.Not != nil {
		forms = append(forms, "not")
	}
	if s.Trait != nil {
		forms = append(forms, "trait")
	}
	if s.Event != nil {
		forms = append(forms, "event")
	}
	switch len(forms) {
	case 0:
		c.errs.add(path, ErrInvalid, `condition needs one of "all", "any", "not", "trait" or "event"`)
		return nil
	case 1:
	default:
		c.errs.add(path, ErrInvalid, "condition has both "+strconv.Quote(forms[0])+" and "+strconv.Quote(forms[1]))
		return nil
	}
	switch {
	case s.All != nil, s.Any != nil:
		n := &node{kind: nAll}
		list, key := s.All, "all"
		if s.Any != nil {
			n.kind, list, key = nAny, s.Any, "any"
		}
		if len(list) == 0 {
			c.errs.add(joinPath(path, key), ErrInvalid, "needs at least one condition")
		}
		for i, k := range list {
			n.kids = append(n.kids, deref(c.segment(k, indexPath(joinPath(path, key), i), depth+1)))
			if c.tooMany {
				break
			}
		}
		n.fns = traitFuncs(n.kids)
		return n
	case s.Not != nil:
		return &node{kind: nNot, kids: []node{deref(c.segment(*s.Not, joinPath(path, "not"), depth+1))}}
	case s.Trait != nil:
		n := &node{kind: nTrait, seg: s}
		if t := c.trait(s.Trait, path); t != nil {
			n.trait = *t
		}
		return n
	}
	e := c.event(s.Event, path)
	return &node{kind: nEvent, event: e, seg: s}
}

// deref returns *n, or the zero node when compiling failed (the result is
// then discarded).
func deref(n *node) node {
	if n == nil {
		return node{}
	}
	return *n
}

// opApplies reports whether op can be used on a value of kind k.
func opApplies(k cdp.Kind, op Op) bool {
	switch op {
	case OpExists, OpMissing:
		return true
	}
	switch k {
	case cdp.KindString:
		switch op {
		case OpEq, OpNe, OpIn, OpNotIn, OpContains, OpStartsWith, OpEndsWith:
			return true
		}
	case cdp.KindNumber:
		switch op {
		case OpEq, OpNe, OpGt, OpGte, OpLt, OpLte, OpBetween, OpIn, OpNotIn:
			return true
		}
	case cdp.KindBool:
		return op == OpEq || op == OpNe
	case cdp.KindDate:
		switch op {
		case OpEq, OpNe, OpGt, OpGte, OpLt, OpLte, OpBetween, OpIn, OpNotIn, OpWithinNext, OpWithinLast:
			return true
		}
	case cdp.KindTimestamp:
		switch op {
		case OpEq, OpNe, OpGt, OpGte, OpLt, OpLte, OpBetween:
			return true
		}
	case cdp.KindStrings:
		return op == OpContains || op == OpIn || op == OpNotIn
	}
	return false
}

// parsed is one operand parsed as a kind.
type parsed struct {
	s   string
	num decimal.Decimal
	day int
	ts  time.Time
	b   bool
}

// parseAs parses text as a value of kind k; the message says why it is not.
func parseAs(k cdp.Kind, text string) (parsed, string) {
	switch k {
	case cdp.KindNumber:
		d, err := decimal.NewFromString(text)
		if err != nil || strings.TrimSpace(text) != text {
			return parsed{}, strconv.Quote(text) + " is not a number"
		}
		return parsed{num: d}, ""
	case cdp.KindBool:
		switch text {
		case "true":
			return parsed{b: true}, ""
		case "false":
			return parsed{}, ""
		}
		return parsed{}, strconv.Quote(text) + " is not a bool (want true or false)"
	case cdp.KindDate:
		d, err := calendar.ParseDate(text)
		if err != nil {
			return parsed{}, strconv.Quote(text) + " is not a date (want YYYY-MM-DD)"
		}
		return parsed{day: dayKey(d)}, ""
	case cdp.KindTimestamp:
		t, err := time.Parse(time.RFC3339Nano, text)
		if err != nil {
			return parsed{}, strconv.Quote(text) + " is not a timestamp (want RFC 3339, like 2025-01-02T15:04:05Z)"
		}
		return parsed{ts: t}, ""
	}
	return parsed{s: text}, ""
}

// compileValue builds the comparison of op over kind k. report receives each
// operand problem (field path suffix, message); it may be nil.
func compileValue(k cdp.Kind, op Op, value string, values []string, from, to string, ci bool,
	report func(field, msg string)) (*valueTest, bool) {
	t := &valueTest{op: op, kind: k, ci: ci && (k == cdp.KindString || k == cdp.KindStrings)}
	ok := true
	add := func(field, text string) {
		p, msg := parseAs(k, text)
		if msg != "" {
			ok = false
			if report != nil {
				report(field, msg)
			}
			return
		}
		switch k {
		case cdp.KindString, cdp.KindStrings:
			t.str = append(t.str, p.s)
		case cdp.KindNumber:
			t.num = append(t.num, newNumber(p.num))
		case cdp.KindBool:
			t.b = p.b
		case cdp.KindDate:
			t.days = append(t.days, p.day)
		case cdp.KindTimestamp:
			t.ts = append(t.ts, p.ts)
		}
	}
	switch op.operand() {
	case operandValue:
		add("value", value)
	case operandValues:
		for i, v := range values {
			add("values["+itoa(i)+"]", v)
		}
	case operandRange:
		add("from", from)
		add("to", to)
	}
	if !ok {
		return nil, false
	}
	switch k {
	case cdp.KindDate:
		if len(t.days) > 0 {
			t.lo = t.days[0]
			t.hi = t.days[len(t.days)-1]
		}
	case cdp.KindString:
		if (op == OpIn || op == OpNotIn) && !t.ci && len(t.str) > 8 {
			t.set = make(map[string]struct{}, len(t.str))
			for _, s := range t.str {
				t.set[s] = struct{}{}
			}
		}
	}
	if op == OpBetween {
		var bad bool
		switch k {
		case cdp.KindNumber:
			bad = compareNum(t.num[0].d, &t.num[1]) > 0
		case cdp.KindDate:
			bad = t.lo > t.hi
		case cdp.KindTimestamp:
			bad = t.ts[0].After(t.ts[1])
		}
		if bad {
			if report != nil {
				report("", "from "+strconv.Quote(from)+" is after to "+strconv.Quote(to))
			}
			return nil, false
		}
	}
	return t, true
}

func (c *compiler) trait(tc *TraitCondition, path string) *traitTest {
	namePath := joinPath(path, "trait")
	if tc.err != nil {
		c.errs.add(joinPath(path, "value"), ErrType, tc.err.Error())
	}
	if strings.TrimSpace(tc.Name) == "" {
		c.errs.add(namePath, ErrInvalid, "must not be empty")
		return nil
	}
	if !tc.Op.valid() {
		c.errs.add(joinPath(path, "op"), ErrInvalid, "unknown operator "+strconv.Quote(string(tc.Op))+" (want one of "+opList()+")")
		return nil
	}
	info, ok := c.cat[tc.Name]
	if !ok {
		c.errs.add(namePath, ErrUnknownTrait, "unknown trait "+strconv.Quote(tc.Name))
		return nil
	}
	if !opApplies(info.Kind, tc.Op) {
		c.errs.add(joinPath(path, "op"), ErrType, "operator "+strconv.Quote(string(tc.Op))+" does not apply to "+info.Kind.String()+" trait "+strconv.Quote(tc.Name))
		return nil
	}
	if tc.CaseInsensitive && info.Kind != cdp.KindString && info.Kind != cdp.KindStrings {
		c.errs.add(joinPath(path, "case_insensitive"), ErrType, "does not apply to "+info.Kind.String()+" trait "+strconv.Quote(tc.Name))
	}
	if (tc.Op == OpIn || tc.Op == OpNotIn) && len(tc.Values) == 0 {
		c.errs.add(joinPath(path, "values"), ErrInvalid, "needs at least one value")
		return nil
	}
	t := &traitTest{name: tc.Name, kind: info.Kind}
	if tc.Op.operand() == operandDays {
		w, ok := c.window(tc, path)
		if !ok {
			return nil
		}
		t.test = w
		t.fn = specialise(t.name, &t.test)
		return t
	}
	vt, ok := compileValue(info.Kind, tc.Op, tc.Value, tc.Values, tc.From, tc.To, tc.CaseInsensitive,
		func(field, msg string) {
			if field == "" {
				c.errs.add(path, ErrInvalid, msg)
				return
			}
			c.errs.add(joinPath(path, field), ErrType, msg)
		})
	if !ok {
		return nil
	}
	t.test = *vt
	t.fn = specialise(t.name, &t.test)
	return t
}

const (
	minDay = -1 << 40
	maxDay = 1 << 40
)

var propertyKinds = [...]cdp.Kind{cdp.KindString, cdp.KindNumber, cdp.KindBool, cdp.KindDate, cdp.KindTimestamp, cdp.KindStrings}
