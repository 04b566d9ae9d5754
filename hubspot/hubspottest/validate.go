package hubspottest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxValueLength is the longest string value HubSpot stores.
const maxValueLength = 65536

// propIssue is one entry of the validation details HubSpot embeds as JSON in
// the message of a VALIDATION_ERROR.
type propIssue struct {
	IsValid bool   `json:"isValid"`
	Message string `json:"message"`
	Error   string `json:"error"`
	Name    string `json:"name"`
}

func issue(name, code, format string, args ...any) propIssue {
	return propIssue{Message: fmt.Sprintf(format, args...), Error: code, Name: name}
}

// checkProps validates property values for a write, in name order.
func (s *Server) checkProps(sch *schema, props map[string]string) []propIssue {
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	slices.Sort(names)
	var issues []propIssue
	for _, name := range names {
		if is, bad := s.checkValue(sch, name, props[name]); bad {
			issues = append(issues, is)
		}
	}
	return issues
}

// checkValue validates one value; "" (clear) is valid for any writable property.
func (s *Server) checkValue(sch *schema, name, v string) (propIssue, bool) {
	p := sch.props[name]
	switch {
	case p == nil:
		return issue(name, "PROPERTY_DOESNT_EXIST", "Property %q does not exist", name), true
	case p.ReadOnlyValue:
		return issue(name, "READ_ONLY_VALUE", "%q is a read only property; its value cannot be set.", name), true
	case v == "":
		return propIssue{}, false
	case len(v) > maxValueLength:
		return issue(name, "INVALID_LENGTH", "Property %q has a value of %d characters, more than the maximum %d", name, len(v), maxValueLength), true
	}
	switch p.Type {
	case "number":
		if !validNumber(v) {
			return issue(name, "INVALID_FLOAT", "%s was not a valid number.", v), true
		}
	case "bool":
		if v != "true" && v != "false" {
			return issue(name, "INVALID_BOOLEAN", "%s was not a valid boolean (true or false).", v), true
		}
	case "date":
		if msg := checkDate(v); msg != "" {
			return issue(name, "INVALID_DATE", "%s", msg), true
		}
	case "datetime":
		if !validDatetime(v) {
			return issue(name, "INVALID_DATETIME", "%s was not a valid datetime (epoch milliseconds or ISO 8601).", v), true
		}
	case "enumeration":
		if name == "hubspot_owner_id" {
			if len(s.ownerIDs) > 0 && !s.ownerIDs[v] {
				return issue(name, "INVALID_OWNER_ID", "%s is not a valid owner id.", v), true
			}
			break
		}
		values := []string{v}
		if p.FieldType == "checkbox" {
			values = strings.Split(v, ";")
		}
		for _, one := range values {
			if !hasOption(p, one) {
				allowed := make([]string, len(p.Options))
				for i, o := range p.Options {
					allowed[i] = o.Value
				}
				return issue(name, "INVALID_OPTION", "%s was not one of the allowed options: [%s]", one, strings.Join(allowed, ", ")), true
			}
		}
	case "string":
		if name == "email" && sch.objectType == "contacts" && !validEmail(v) {
			return issue(name, "INVALID_EMAIL", "Email address %s is invalid", v), true
		}
	}
	return propIssue{}, false
}

func hasOption(p *Property, v string) bool {
	if len(p.Options) == 0 && p.FieldType == "booleancheckbox" {
		return v == "true" || v == "false"
	}
	for _, o := range p.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// validNumber accepts an optional '-', digits, and at most one '.' followed by digits.
func validNumber(v string) bool {
	v = strings.TrimPrefix(v, "-")
	intPart, frac, hasDot := strings.Cut(v, ".")
	if !allDigits(intPart) || intPart == "" {
		return false
	}
	return !hasDot || (frac != "" && allDigits(frac))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkDate accepts YYYY-MM-DD or epoch milliseconds at midnight UTC.
func checkDate(v string) string {
	if allDigits(v) || (strings.HasPrefix(v, "-") && allDigits(v[1:]) && len(v) > 1) {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Sprintf("%s was not a valid date.", v)
		}
		if ms%86400000 != 0 {
			t := time.UnixMilli(ms).UTC()
			return fmt.Sprintf("%s is at %s UTC, not midnight: a date must be midnight UTC.", v, t.Format("15:04:05.000"))
		}
		return ""
	}
	if len(v) != 10 {
		return fmt.Sprintf("%s was not a valid date (YYYY-MM-DD or epoch milliseconds at midnight UTC).", v)
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return fmt.Sprintf("%s was not a valid date (YYYY-MM-DD or epoch milliseconds at midnight UTC).", v)
	}
	return ""
}

// validDatetime accepts epoch milliseconds or RFC 3339.
func validDatetime(v string) bool {
	if allDigits(v) {
		_, err := strconv.ParseInt(v, 10, 64)
		return err == nil
	}
	_, err := time.Parse(time.RFC3339Nano, v)
	return err == nil
}

// validEmail is a plain address check: local@domain.tld, no spaces or brackets.
func validEmail(v string) bool {
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || at == len(v)-1 || strings.ContainsAny(v, " \t\r\n<>()[],;:\\\"") {
		return false
	}
	local, domain := v[:at], v[at+1:]
	if strings.Contains(local, "@") || strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1 && !strings.Contains(domain, "..") && !strings.HasPrefix(domain, "-")
}

// parseTimeValue reads a date or datetime value as epoch milliseconds.
func parseTimeValue(v string) (int64, bool) {
	if allDigits(v) || (strings.HasPrefix(v, "-") && len(v) > 1 && allDigits(v[1:])) {
		ms, err := strconv.ParseInt(v, 10, 64)
		return ms, err == nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t.UnixMilli(), true
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UnixMilli(), true
	}
	return 0, false
}
