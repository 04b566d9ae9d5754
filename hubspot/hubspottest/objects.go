package hubspottest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxBatchInputs is HubSpot's batch size limit.
const maxBatchInputs = 100

// contactTaskAssociation is the HUBSPOT_DEFINED association type task → contact.
const contactTaskAssociation = 204

// wire types of object requests and responses.
type (
	assocInput struct {
		To struct {
			ID string `json:"id"`
		} `json:"to"`
		Types []struct {
			AssociationCategory string `json:"associationCategory"`
			AssociationTypeID   int    `json:"associationTypeId"`
		} `json:"types"`
	}

	objectInput struct {
		ID           string            `json:"id"`
		IDProperty   string            `json:"idProperty"`
		Properties   map[string]string `json:"properties"`
		Associations []assocInput      `json:"associations"`
		TraceID      string            `json:"objectWriteTraceId"`
	}

	wireObject struct {
		ID         string `json:"id"`
		Properties any    `json:"properties"`
		CreatedAt  string `json:"createdAt"`
		UpdatedAt  string `json:"updatedAt"`
		Archived   bool   `json:"archived"`
		New        *bool  `json:"new,omitempty"`
		TraceID    string `json:"objectWriteTraceId,omitempty"`
	}
)

func toWireObject(r *record, props any) wireObject {
	if props == nil {
		props = r.props
	}
	return wireObject{ID: r.id, Properties: props, CreatedAt: stamp(r.createdAt), UpdatedAt: stamp(r.updatedAt)}
}

// selectProps returns the requested properties (null when unset), plus the
// id and timestamps HubSpot always includes.
func selectProps(ot *objectType, r *record, names []string) map[string]*string {
	out := make(map[string]*string, len(names)+3)
	for _, n := range append(names, "hs_object_id", ot.created, ot.modified) {
		if v, ok := r.props[n]; ok {
			out[n] = &v
		} else {
			out[n] = nil
		}
	}
	return out
}

// inputErr is the failure of one input: an HTTP status for the whole-batch
// answer and the error item for a 207.
type inputErr struct {
	status int
	item   batchError
}

func validationErr(issues []propIssue) *inputErr {
	details := make([]errorDetail, len(issues))
	for i, is := range issues {
		details[i] = errorDetail{Message: is.Message, Code: is.Error, Context: map[string][]string{"propertyName": {is.Name}}}
	}
	return &inputErr{status: http.StatusBadRequest, item: newBatchError("VALIDATION_ERROR",
		"Property values were not valid: "+string(marshal(issues)), nil, details)}
}

func simpleErr(status int, format string, args ...any) *inputErr {
	return &inputErr{status: status, item: newBatchError(categoryFor(status), fmt.Sprintf(format, args...), nil, nil)}
}

// writeOp is the plan for one input of a write.
type writeOp struct {
	traceID string
	rec     *record // existing record, nil to create
	props   map[string]string
	assoc   []Association
	err     *inputErr
}

// planner validates inputs against the current state and the batch so far.
type planner struct {
	s      *Server
	st     *store
	sch    *schema
	claims map[string]int // unique property value claimed by an input of the batch
}

func (s *Server) newPlanner(ot *objectType) *planner {
	return &planner{s: s, st: s.stores[ot.name], sch: s.schemas[ot.name], claims: map[string]int{}}
}

// plan validates one input for op ("create", "update" or "upsert").
func (p *planner) plan(i int, op string, in objectInput) writeOp {
	w := writeOp{traceID: in.TraceID, props: in.Properties}
	if w.props == nil {
		w.props = map[string]string{}
	}
	switch op {
	case "upsert":
		if in.ID == "" {
			w.err = simpleErr(http.StatusBadRequest, "Input %d has no id", i)
			return w
		}
		w.props = cloneWith(w.props, in.IDProperty, in.ID)
		w.rec = p.st.find(in.IDProperty, in.ID)
	case "update":
		w.rec = p.st.find(in.IDProperty, in.ID)
		if w.rec == nil {
			w.err = simpleErr(http.StatusNotFound, "Object not found. objectId are usually numeric. %s %q does not exist.", p.st.ot.singular, in.ID)
			return w
		}
	}
	if issues := p.s.checkProps(p.sch, w.props); len(issues) > 0 {
		w.err = validationErr(issues)
		return w
	}
	if w.rec == nil && p.st.ot.name == "tasks" && w.props["hs_timestamp"] == "" {
		w.err = validationErr([]propIssue{issue("hs_timestamp", "REQUIRED_PROPERTY", "Property %q is required", "hs_timestamp")})
		return w
	}
	if w.err = p.checkUnique(i, w.rec, w.props); w.err != nil {
		return w
	}
	w.assoc, w.err = p.checkAssociations(in.Associations)
	return w
}

func cloneWith(m map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

// checkUnique refuses a value of a unique property held by another record or
// claimed by another input of the batch.
func (p *planner) checkUnique(i int, self *record, props map[string]string) *inputErr {
	names := make([]string, 0, 1)
	for name := range p.st.unique {
		if props[name] != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		n := normUnique(name, props[name])
		if holder := p.st.unique[name][n]; holder != nil && holder != self {
			if name == "email" {
				return simpleErr(http.StatusConflict, "Contact already exists. Existing ID: %s", holder.id)
			}
			return simpleErr(http.StatusConflict, "A %s with %s %q already exists. Existing ID: %s", strings.ToLower(p.st.ot.singular), name, props[name], holder.id)
		}
		key := name + "\x00" + n
		if j, ok := p.claims[key]; ok && j != i {
			return simpleErr(http.StatusConflict, "Input %d sets %s %q, already set by input %d of the batch", i, name, props[name], j)
		}
		p.claims[key] = i
	}
	return nil
}

// checkAssociations accepts task → contact associations of type 204.
func (p *planner) checkAssociations(in []assocInput) ([]Association, *inputErr) {
	var out []Association
	for _, a := range in {
		if p.st.ot.name != "tasks" {
			return nil, simpleErr(http.StatusBadRequest, "Associations from %s are not supported", p.st.ot.name)
		}
		if p.s.stores["contacts"].byID[a.To.ID] == nil {
			return nil, simpleErr(http.StatusBadRequest, "Association target contact %q does not exist", a.To.ID)
		}
		if len(a.Types) == 0 {
			return nil, simpleErr(http.StatusBadRequest, "Association to contact %q has no types", a.To.ID)
		}
		for _, t := range a.Types {
			if t.AssociationCategory != "HUBSPOT_DEFINED" || t.AssociationTypeID != contactTaskAssociation {
				return nil, simpleErr(http.StatusBadRequest, "Association type %s/%d is not valid from task to contact (HUBSPOT_DEFINED/%d)",
					t.AssociationCategory, t.AssociationTypeID, contactTaskAssociation)
			}
			out = append(out, Association{ToObjectType: "contacts", ToID: a.To.ID, Category: t.AssociationCategory, TypeID: t.AssociationTypeID})
		}
	}
	return out, nil
}

// apply carries out a validated op and returns the record and whether it is new.
func (s *Server) apply(st *store, w *writeOp, now time.Time) (*record, bool) {
	r, created := w.rec, false
	if r == nil {
		s.nextID++
		r = &record{id: strconv.FormatUint(s.nextID, 10), props: make(map[string]string, len(w.props)+3), createdAt: now}
		st.byID[r.id] = r
		st.order = append(st.order, r)
		r.props["hs_object_id"] = r.id
		r.props[st.ot.created] = millis(now)
		created = true
	}
	for k, v := range w.props {
		st.set(r, k, v)
	}
	r.updatedAt = now
	r.props[st.ot.modified] = millis(now)
	r.assoc = append(r.assoc, w.assoc...)
	return r, created
}

func checkBatchSize(c *call, n int) (reply, bool) {
	switch {
	case n == 0:
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", "inputs must not be empty", c.corr, nil), false
	case n > maxBatchInputs:
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Batch input limit exceeded: %d inputs, the maximum is %d", n, maxBatchInputs), c.corr, nil), false
	}
	return reply{}, true
}

// checkIDProperty refuses an idProperty that is not a unique property.
func (s *Server) checkIDProperty(c *call, name string, upsert bool) (reply, bool) {
	if !upsert && (name == "" || name == "hs_object_id") {
		return reply{}, true
	}
	if s.stores[c.objectType.name].unique[name] == nil {
		if name == "" {
			name = "hs_object_id"
		}
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Cannot use non-unique %s property %s as idProperty", c.objectType.id, name), c.corr, nil), false
	}
	return reply{}, true
}

func (s *Server) handleBatchWrite(c *call) reply {
	var req struct {
		Inputs []objectInput `json:"inputs"`
	}
	if err := decode(c, &req); err != nil {
		return badJSON(c, err)
	}
	if rep, ok := checkBatchSize(c, len(req.Inputs)); !ok {
		return rep
	}
	op := c.param
	st := s.stores[c.objectType.name]
	if op != "create" {
		seen := make(map[string]bool, len(req.Inputs))
		var dups []string
		for _, in := range req.Inputs {
			if rep, ok := s.checkIDProperty(c, in.IDProperty, op == "upsert"); !ok {
				return rep
			}
			key := in.IDProperty + "\x00" + normUnique(in.IDProperty, in.ID)
			if seen[key] {
				dups = append(dups, in.ID)
			}
			seen[key] = true
		}
		if len(dups) > 0 {
			return errorReply(http.StatusBadRequest, "VALIDATION_ERROR",
				"Duplicate IDs found in batch input: ["+strings.Join(dups, ", ")+"]. IDs must be unique", c.corr, nil)
		}
	}
	p := s.newPlanner(c.objectType)
	ops := make([]writeOp, len(req.Inputs))
	traces := make(map[string]bool, len(req.Inputs))
	failed := -1
	for i, in := range req.Inputs {
		ops[i] = p.plan(i, op, in)
		if ops[i].err != nil && failed < 0 {
			failed = i
		}
		if in.TraceID != "" {
			traces[in.TraceID] = true
		}
	}
	traceMode := len(traces) == len(req.Inputs)
	if failed >= 0 && !traceMode {
		e := ops[failed].err
		return jsonReply(e.status, newErrorBody(e.item.Category, e.item.Message, c.corr, nil, e.item.Errors))
	}
	results := make([]wireObject, 0, len(ops))
	var errs []batchError
	byMessage := map[string]int{}
	for i := range ops {
		w := &ops[i]
		if w.err != nil {
			if j, ok := byMessage[w.err.item.Message]; ok {
				errs[j].Context["objectWriteTraceId"] = append(errs[j].Context["objectWriteTraceId"], w.traceID)
				continue
			}
			item := w.err.item
			item.Context = map[string][]string{"objectWriteTraceId": {w.traceID}}
			byMessage[item.Message] = len(errs)
			errs = append(errs, item)
			continue
		}
		r, created := s.apply(st, w, c.now)
		wo := toWireObject(r, nil)
		wo.TraceID = w.traceID
		if op == "upsert" {
			wo.New = &created
		}
		results = append(results, wo)
	}
	okStatus := http.StatusOK
	if op == "create" {
		okStatus = http.StatusCreated
	}
	return batchReply(c, okStatus, results, errs)
}

func (s *Server) handleCreate(c *call) reply {
	var in objectInput
	if err := decode(c, &in); err != nil {
		return badJSON(c, err)
	}
	in.ID, in.IDProperty, in.TraceID = "", "", ""
	w := s.newPlanner(c.objectType).plan(0, "create", in)
	if w.err != nil {
		return jsonReply(w.err.status, newErrorBody(w.err.item.Category, w.err.item.Message, c.corr, nil, w.err.item.Errors))
	}
	r, _ := s.apply(s.stores[c.objectType.name], &w, c.now)
	return jsonReply(http.StatusCreated, toWireObject(r, nil))
}

// requestedProps reads ?properties=a,b&properties=c.
func requestedProps(c *call) []string {
	var out []string
	for _, v := range c.query["properties"] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (s *Server) handleGet(c *call) reply {
	idProp := c.query.Get("idProperty")
	if rep, ok := s.checkIDProperty(c, idProp, false); !ok {
		return rep
	}
	r := s.stores[c.objectType.name].find(idProp, c.param)
	if r == nil {
		return errorReply(http.StatusNotFound, "OBJECT_NOT_FOUND",
			fmt.Sprintf("%s %q not found", c.objectType.singular, c.param), c.corr, nil)
	}
	names := requestedProps(c)
	if len(names) == 0 {
		names = defaultReadProperties(c.objectType.name)
	}
	return jsonReply(http.StatusOK, toWireObject(r, selectProps(c.objectType, r, names)))
}

func (s *Server) handleBatchRead(c *call) reply {
	var req struct {
		Inputs []struct {
			ID string `json:"id"`
		} `json:"inputs"`
		Properties            []string `json:"properties"`
		PropertiesWithHistory []string `json:"propertiesWithHistory"`
		IDProperty            string   `json:"idProperty"`
	}
	if err := decode(c, &req); err != nil {
		return badJSON(c, err)
	}
	if rep, ok := checkBatchSize(c, len(req.Inputs)); !ok {
		return rep
	}
	if len(req.PropertiesWithHistory) > 0 && len(req.Inputs) > 50 {
		return errorReply(http.StatusBadRequest, "VALIDATION_ERROR",
			fmt.Sprintf("Batch input limit for property histories is 50, got %d", len(req.Inputs)), c.corr, nil)
	}
	if rep, ok := s.checkIDProperty(c, req.IDProperty, false); !ok {
		return rep
	}
	names := req.Properties
	if len(names) == 0 {
		names = defaultReadProperties(c.objectType.name)
	}
	st := s.stores[c.objectType.name]
	results := make([]wireObject, 0, len(req.Inputs))
	var missing []string
	for _, in := range req.Inputs {
		r := st.find(req.IDProperty, in.ID)
		if r == nil || c.query.Get("archived") == "true" {
			missing = append(missing, in.ID)
			continue
		}
		results = append(results, toWireObject(r, selectProps(c.objectType, r, names)))
	}
	var errs []batchError
	if len(missing) > 0 {
		errs = []batchError{newBatchError("OBJECT_NOT_FOUND",
			fmt.Sprintf("Could not get some %s objects, they may be deleted or not exist. Check that ids are valid.", c.objectType.singular),
			map[string][]string{"ids": missing}, nil)}
	}
	return batchReply(c, http.StatusOK, results, errs)
}
