package hubspottest

import (
	"fmt"
	"slices"
	"time"
)

// maxUniqueProperties is how many properties with hasUniqueValue an object
// type may have besides HubSpot's own.
const maxUniqueProperties = 10

// validFieldTypes lists the fieldTypes each creatable type accepts.
var validFieldTypes = map[string][]string{
	"string":      {"text", "textarea", "html", "phonenumber", "file", "calculation_equation"},
	"number":      {"number", "calculation_equation"},
	"bool":        {"booleancheckbox", "calculation_equation"},
	"enumeration": {"select", "radio", "checkbox", "booleancheckbox", "calculation_equation"},
	"date":        {"date"},
	"datetime":    {"date"},
}

// schema holds the properties and groups of one object type.
type schema struct {
	objectType string
	props      map[string]*Property
	propOrder  []string
	groups     map[string]*PropertyGroup
	groupOrder []string
}

func defaultSchema(objectType string, now time.Time) *schema {
	sch := &schema{objectType: objectType, props: map[string]*Property{}, groups: map[string]*PropertyGroup{}}
	def := func(name, label, typ, field, group string, mod func(*Property)) {
		p := &Property{Name: name, Label: label, Type: typ, FieldType: field, GroupName: group,
			HubSpotDefined: true, FormField: true, DisplayOrder: -1, CreatedAt: now, UpdatedAt: now}
		if mod != nil {
			mod(p)
		}
		sch.props[name] = p
		sch.propOrder = append(sch.propOrder, name)
	}
	readOnly := func(p *Property) { p.ReadOnlyValue, p.FormField = true, false }
	options := func(values ...string) func(*Property) {
		return func(p *Property) {
			for i, v := range values {
				p.Options = append(p.Options, PropertyOption{Label: v, Value: v, DisplayOrder: i})
			}
		}
	}
	switch objectType {
	case "contacts":
		sch.groups["contactinformation"] = &PropertyGroup{Name: "contactinformation", Label: "Contact information", DisplayOrder: -1}
		sch.groupOrder = []string{"contactinformation"}
		g := "contactinformation"
		def("email", "Email", "string", "text", g, func(p *Property) { p.HasUniqueValue = true })
		def("firstname", "First Name", "string", "text", g, nil)
		def("lastname", "Last Name", "string", "text", g, nil)
		def("phone", "Phone Number", "string", "phonenumber", g, nil)
		def("hubspot_owner_id", "Contact owner", "enumeration", "select", g, nil)
		def("hs_object_id", "Record ID", "number", "number", g, readOnly)
		def("createdate", "Create Date", "datetime", "date", g, nil)
		def("lastmodifieddate", "Last Modified Date", "datetime", "date", g, readOnly)
	case "tasks":
		sch.groups["taskinformation"] = &PropertyGroup{Name: "taskinformation", Label: "Task information", DisplayOrder: -1}
		sch.groupOrder = []string{"taskinformation"}
		g := "taskinformation"
		def("hs_timestamp", "Due date", "datetime", "date", g, nil)
		def("hs_task_subject", "Task Title", "string", "text", g, nil)
		def("hs_task_body", "Notes", "string", "html", g, nil)
		def("hs_task_status", "Task Status", "enumeration", "select", g, options("NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED"))
		def("hs_task_priority", "Priority", "enumeration", "select", g, options("LOW", "MEDIUM", "HIGH"))
		def("hs_task_type", "Task Type", "enumeration", "select", g, options("EMAIL", "CALL", "TODO"))
		def("hubspot_owner_id", "Assigned to", "enumeration", "select", g, nil)
		def("hs_object_id", "Record ID", "number", "number", g, readOnly)
		def("hs_createdate", "Create Date", "datetime", "date", g, readOnly)
		def("hs_lastmodifieddate", "Last Modified Date", "datetime", "date", g, readOnly)
	}
	return sch
}

// defaultReadProperties are the properties a read returns when none are asked for.
func defaultReadProperties(objectType string) []string {
	if objectType == "tasks" {
		return []string{"hs_createdate", "hs_lastmodifieddate", "hs_object_id", "hs_task_status", "hs_task_subject", "hs_timestamp"}
	}
	return []string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}
}

func validName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// checkProperty validates a property definition for creation and returns a
// message naming the problem, or "".
func (sch *schema) checkProperty(p Property) string {
	switch {
	case p.Name == "":
		return "property name is required"
	case !validName(p.Name):
		return fmt.Sprintf("property name %q is invalid: it must match ^[a-z][a-z0-9_]*$", p.Name)
	case p.Label == "":
		return fmt.Sprintf("property %q: label is required", p.Name)
	case p.Type == "":
		return fmt.Sprintf("property %q: type is required", p.Name)
	case p.FieldType == "":
		return fmt.Sprintf("property %q: fieldType is required", p.Name)
	case p.GroupName == "":
		return fmt.Sprintf("property %q: groupName is required", p.Name)
	}
	fields, ok := validFieldTypes[p.Type]
	if !ok {
		return fmt.Sprintf("property %q: type %q cannot be created", p.Name, p.Type)
	}
	if !slices.Contains(fields, p.FieldType) {
		return fmt.Sprintf("property %q: fieldType %q is not valid for type %q (valid: %v)", p.Name, p.FieldType, p.Type, fields)
	}
	if sch.groups[p.GroupName] == nil {
		return fmt.Sprintf("property %q: property group %q does not exist", p.Name, p.GroupName)
	}
	seen := map[string]bool{}
	for _, o := range p.Options {
		if o.Value == "" {
			return fmt.Sprintf("property %q: an option has an empty value", p.Name)
		}
		if seen[o.Value] {
			return fmt.Sprintf("property %q: option value %q appears twice", p.Name, o.Value)
		}
		seen[o.Value] = true
	}
	if p.Type == "enumeration" && len(p.Options) == 0 && p.FieldType != "booleancheckbox" && p.FieldType != "calculation_equation" {
		return fmt.Sprintf("property %q: an enumeration needs options", p.Name)
	}
	if p.HasUniqueValue {
		n := 0
		for _, q := range sch.props {
			if q.HasUniqueValue && !q.HubSpotDefined {
				n++
			}
		}
		if n >= maxUniqueProperties {
			return fmt.Sprintf("property %q: at most %d properties may have unique values", p.Name, maxUniqueProperties)
		}
	}
	return ""
}

// addProperty creates a property. It reports conflict=true for an existing name.
func (sch *schema) addProperty(p Property, now time.Time) (conflict bool, msg string) {
	if sch.props[p.Name] != nil {
		return true, fmt.Sprintf("A property named '%s' already exists.", p.Name)
	}
	if msg := sch.checkProperty(p); msg != "" {
		return false, msg
	}
	p = p.clone()
	p.HubSpotDefined, p.ReadOnlyValue = false, false
	p.CreatedAt, p.UpdatedAt = now, now
	sch.props[p.Name] = &p
	sch.propOrder = append(sch.propOrder, p.Name)
	return false, ""
}

// addGroup creates a group, returning a message when it is invalid or exists.
func (sch *schema) addGroup(g PropertyGroup) string {
	switch {
	case !validName(g.Name):
		return fmt.Sprintf("group name %q is invalid: it must match ^[a-z][a-z0-9_]*$", g.Name)
	case g.Label == "":
		return fmt.Sprintf("group %q: label is required", g.Name)
	case sch.groups[g.Name] != nil:
		return fmt.Sprintf("A property group named '%s' already exists.", g.Name)
	}
	g.Archived = false
	sch.groups[g.Name] = &g
	sch.groupOrder = append(sch.groupOrder, g.Name)
	return ""
}
