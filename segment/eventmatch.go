package segment

import (
	"strconv"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
)

func (c *compiler) event(ec *EventCondition, path string) *eventTest {
	if strings.TrimSpace(ec.Name) == "" {
		c.errs.add(joinPath(path, "event"), ErrInvalid, "must not be empty")
	}
	e := &eventTest{name: ec.Name, atLeast: 1, loc: c.opts.Location}
	if ec.AtLeast != nil {
		e.atLeast = *ec.AtLeast
		if e.atLeast < 0 {
			c.errs.add(joinPath(path, "at_least"), ErrInvalid, "want a whole number from 0 to 1000000000, got "+itoa(e.atLeast))
		}
	} else if ec.AtMost != nil {
		e.atLeast = 0
	}
	if ec.AtMost != nil {
		e.atMost, e.hasMost = *ec.AtMost, true
		if e.atMost < 0 {
			c.errs.add(joinPath(path, "at_most"), ErrInvalid, "want a whole number from 0 to 1000000000, got "+itoa(e.atMost))
		} else if e.atLeast > e.atMost {
			c.errs.add(path, ErrInvalid, "at_least "+itoa(e.atLeast)+" is greater than at_most "+itoa(e.atMost))
		}
	}
	switch {
	case ec.WithinDays != 0 && (ec.From != "" || ec.To != ""):
		c.errs.add(joinPath(path, "from"), ErrInvalid, `not allowed with "within_days"`)
	case ec.WithinDays != 0:
		if ec.WithinDays < 1 || ec.WithinDays > MaxWindowDays {
			c.errs.add(joinPath(path, "within_days"), ErrInvalid, "want a whole number from 1 to "+itoa(MaxWindowDays)+", got "+itoa(ec.WithinDays))
		}
		if c.opts.AsOfTime.IsZero() {
			c.errs.add(joinPath(path, "within_days"), ErrOptions, "needs an as-of instant (Options.AsOfTime or Options.AsOf)")
		}
		e.window = windowSince
		e.until = c.opts.AsOfTime
		e.after = c.opts.AsOfTime.Add(-time.Duration(ec.WithinDays) * 24 * time.Hour)
	case ec.From != "" || ec.To != "":
		e.window = windowDates
		e.loDay, e.hiDay = minDay, maxDay
		for _, f := range [...]struct {
			key, text string
			dst       *int
		}{{"from", ec.From, &e.loDay}, {"to", ec.To, &e.hiDay}} {
			if f.text == "" {
				continue
			}
			d, err := calendar.ParseDate(f.text)
			if err != nil {
				c.errs.add(joinPath(path, f.key), ErrInvalid, strconv.Quote(f.text)+" is not a date (want YYYY-MM-DD)")
				continue
			}
			*f.dst = dayKey(d)
		}
		if e.loDay > e.hiDay {
			c.errs.add(path, ErrInvalid, "from "+ec.From+" is after to "+ec.To)
		}
	}
	for i, w := range ec.Where {
		if c.nodes++; c.nodes > MaxNodes {
			if !c.tooMany {
				c.tooMany = true
				c.errs.add("", ErrLimit, "segment has more than "+itoa(MaxNodes)+" conditions")
			}
			break
		}
		e.where = append(e.where, c.property(w, indexPath(joinPath(path, "where"), i)))
	}
	return e
}

func (c *compiler) property(w PropertyCondition, path string) propTest {
	p := propTest{name: w.Property, op: w.Op}
	if w.err != nil {
		c.errs.add(joinPath(path, "value"), ErrType, w.err.Error())
	}
	if strings.TrimSpace(w.Property) == "" {
		c.errs.add(joinPath(path, "property"), ErrInvalid, "must not be empty")
	}
	if !w.Op.valid() {
		c.errs.add(joinPath(path, "op"), ErrInvalid, "unknown operator "+strconv.Quote(string(w.Op))+" (want one of "+opList()+")")
		return p
	}
	if w.Op.operand() == operandDays {
		c.errs.add(joinPath(path, "op"), ErrInvalid, "operator "+strconv.Quote(string(w.Op))+" does not apply to event properties")
		return p
	}
	if (w.Op == OpIn || w.Op == OpNotIn) && len(w.Values) == 0 {
		c.errs.add(joinPath(path, "values"), ErrInvalid, "needs at least one value")
		return p
	}
	if w.Op.operand() == operandNone {
		return p
	}
	fits := false
	for _, k := range propertyKinds {
		if !opApplies(k, w.Op) {
			continue
		}
		if vt, ok := compileValue(k, w.Op, w.Value, w.Values, w.From, w.To, w.CaseInsensitive, nil); ok {
			p.byKind[k] = vt
			fits = true
		}
	}
	if !fits {
		c.errs.add(path, ErrType, "operands of operator "+strconv.Quote(string(w.Op))+" fit no property kind")
	}
	return p
}

// holds reports whether the count of matching events is within the bounds.
// Without an upper bound it stops counting once the lower bound is reached.
func (e *eventTest) holds(ev Events) bool {
	n := e.count(ev, !e.hasMost)
	return n >= e.atLeast && (!e.hasMost || n <= e.atMost)
}

// count counts the events that fall in the window and satisfy every where
// condition; with early set it stops at atLeast.
func (e *eventTest) count(ev Events, early bool) int {
	if ev == nil {
		return 0
	}
	n := 0
	events := ev.Events(e.name)
	for i := range events {
		if e.counts(&events[i]) {
			n++
			if early && n >= e.atLeast {
				return n
			}
		}
	}
	return n
}

func (e *eventTest) counts(x *cdp.Event) bool {
	switch e.window {
	case windowSince:
		if !x.Time.After(e.after) || x.Time.After(e.until) {
			return false
		}
	case windowDates:
		day := calendarDay(x.Time, e.loc)
		if day < e.loDay || day > e.hiDay {
			return false
		}
	}
	for i := range e.where {
		w := &e.where[i]
		v, ok := x.Properties[w.name]
		if ok && v.IsZero() {
			ok = false
		}
		switch w.op {
		case OpExists:
			if !ok {
				return false
			}
			continue
		case OpMissing:
			if ok {
				return false
			}
			continue
		}
		if !ok {
			return false
		}
		k := int(v.Kind())
		if k >= len(w.byKind) || w.byKind[k] == nil || !w.byKind[k].eval(&v) {
			return false
		}
	}
	return true
}

// calendarDay returns the civil day of t in loc, as a dayKey.
func calendarDay(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return dayKey(calendar.Date{Year: y, Month: m, Day: d})
}
