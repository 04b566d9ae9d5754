package cdp

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
)

// numberRE finds the CPF-like and phone-like numbers of a text, in order
// of preference at one position (the groups tell which alternative
// matched):
//
//  1. a CPF: 11 digits, bare or as ddd.ddd.ddd-dd;
//  2. an international number: "+", then 8 or more digits with spaces,
//     dots, hyphens or parentheses between them;
//  3. a Brazilian number with an area code: "(11) 99123-4567",
//     "11 9123 4567", "011 99123 4567", "(11) 99123-456";
//  4. a local number: "99123-4567", "3456-7890";
//  5. nine digits starting with 9 (a mobile number without area code);
//  6. any other run of ten or more digits.
//
// \b keeps digits glued to letters (hexadecimal ids, "v2") out.
var numberRE = regexp.MustCompile(`(\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b)` +
	`|(\+\d[\d .()-]{6,22}\d\b)` +
	`|((?:\(0?\d{2}\)|\b0?\d{2})[ .-]?\d{4,5}[ .-]?\d{3,4}\b)` +
	`|(\b\d{4,5}-\d{4}\b)` +
	`|(\b9\d{8}\b)` +
	`|(\b\d{10,}\b)`)

// Text returns s with every e-mail-like, CPF-like and phone-like substring
// masked, so that free text (an error message a server echoes back, say)
// can be logged:
//
//	"Email address maria.souza@@exemplo.com.br is invalid"
//	→ "Email address m***@@exemplo.com.br#1dd8 is invalid"
//
// E-mail-like is a run of address characters, one or more "@" and a
// domain; CPF-like is 11 digits, with or without the dots and hyphen;
// phone-like is a number written as a phone (with "+", an area code, or
// as 9XXXX-XXXX), 9 digits starting with 9, or any run of 10 or more
// digits. Each is masked as Email, CPF or Phone would mask it. Text errs
// on the side of masking: a long number that is not personal data (a
// timestamp in milliseconds, a large record id) is masked too; a number
// glued to letters ("id12345678901") is not recognised.
func (m Masker) Text(s string) string {
	if !strings.ContainsAny(s, "@0123456789") {
		return s
	}
	var b strings.Builder
	last := 0
	for _, sp := range emailSpans(s) {
		m.numbers(&b, s[last:sp[0]])
		b.WriteString(m.email(s[sp[0]:sp[1]], s[sp[1]:sp[2]], s[sp[2]:sp[3]]))
		last = sp[3]
	}
	m.numbers(&b, s[last:])
	return b.String()
}

// numbers writes s to b with its CPF-like and phone-like numbers masked.
func (m Masker) numbers(b *strings.Builder, s string) {
	last := 0
	for _, ix := range numberRE.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(s[last:ix[0]])
		v := s[ix[0]:ix[1]]
		if ix[2] >= 0 { // the CPF alternative
			b.WriteString(m.CPF(v))
		} else {
			b.WriteString(m.Phone(v))
		}
		last = ix[1]
	}
	b.WriteString(s[last:])
}

// emailSpans returns the e-mail-like substrings of s, in order, each as
// {start of local part, start of the "@" run, start of domain, end}.
func emailSpans(s string) [][4]int {
	var spans [][4]int
	floor := 0
	for i := 0; i < len(s); {
		if s[i] != '@' {
			i++
			continue
		}
		ls := i
		for ls > floor && isLocalByte(s[ls-1]) {
			ls--
		}
		for ls < i && s[ls] == '.' {
			ls++
		}
		j := i
		for j < len(s) && s[j] == '@' {
			j++
		}
		de := j
		for de < len(s) && isDomainByte(s[de]) {
			de++
		}
		for de > j && (s[de-1] == '.' || s[de-1] == '-') {
			de-- // sentence punctuation, not the domain
		}
		if ls < i {
			spans = append(spans, [4]int{ls, i, j, de})
			floor = de
		}
		i = max(j, de)
	}
	return spans
}

// isLocalByte reports whether c may be part of an e-mail local part as
// Text recognises it: letters, digits, ". _ % + -" and any non-ASCII byte.
func isLocalByte(c byte) bool {
	return isDomainByte(c) || c == '_' || c == '%' || c == '+'
}

// isDomainByte reports whether c may be part of a domain: letters,
// digits, ". -" and any non-ASCII byte (internationalised names).
func isDomainByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '-' || c >= 0x80
}

// ReplaceAttr masks personal data in a log record's string and error
// attributes with Text; use it as slog.HandlerOptions.ReplaceAttr (it
// keeps the record's time, level and message as they are):
//
//	h := slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: m.ReplaceAttr})
//
// Values that log themselves (slog.LogValuer, such as Identifier) are
// resolved first, so they are masked by their own rules and left alone.
func (m Masker) ReplaceAttr(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && (a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey) {
		return a
	}
	a.Value = m.logValue(a.Value.Resolve())
	return a
}

// logValue masks a resolved string or error value; others are returned
// as they are.
func (m Masker) logValue(v slog.Value) slog.Value {
	switch v.Kind() {
	case slog.KindString:
		return slog.StringValue(m.Text(v.String()))
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.StringValue(m.Text(err.Error()))
		}
	}
	return v
}

// Handler wraps h so that every record's message and string or error
// attributes are masked with Text before h sees them: a logger that cannot
// leak an e-mail address, CPF or phone number by mistake.
func (m Masker) Handler(h slog.Handler) slog.Handler { return &maskHandler{m: m, h: h} }

type maskHandler struct {
	m Masker
	h slog.Handler
}

func (h *maskHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h *maskHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.m.Text(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.m.attr(a))
		return true
	})
	return h.h.Handle(ctx, out)
}

func (h *maskHandler) WithAttrs(as []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(as))
	for i, a := range as {
		masked[i] = h.m.attr(a)
	}
	return &maskHandler{m: h.m, h: h.h.WithAttrs(masked)}
}

func (h *maskHandler) WithGroup(name string) slog.Handler {
	return &maskHandler{m: h.m, h: h.h.WithGroup(name)}
}

// attr masks a, descending into groups.
func (m Masker) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		as := v.Group()
		out := make([]slog.Attr, len(as))
		for i, g := range as {
			out[i] = m.attr(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	}
	return slog.Attr{Key: a.Key, Value: m.logValue(v)}
}
