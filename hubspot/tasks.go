package hubspot

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"time"
)

// TasksService creates and searches tasks (object type "tasks", 0-27).
type TasksService service

// TaskToContact is the association type id of a task to a contact.
const TaskToContact = 204

// Task status, priority and type values.
const (
	TaskNotStarted = "NOT_STARTED"
	TaskInProgress = "IN_PROGRESS"
	TaskWaiting    = "WAITING"
	TaskCompleted  = "COMPLETED"

	PriorityLow    = "LOW"
	PriorityMedium = "MEDIUM"
	PriorityHigh   = "HIGH"

	TaskEmail = "EMAIL"
	TaskCall  = "CALL"
	TaskTodo  = "TODO"
)

// TaskInput is one task to create.
type TaskInput struct {
	Subject   string    // hs_task_subject
	Body      string    // hs_task_body
	Due       time.Time // hs_timestamp; required
	Status    string    // hs_task_status; empty: NOT_STARTED
	Priority  string    // hs_task_priority: LOW, MEDIUM, HIGH; empty: unset
	Type      string    // hs_task_type: EMAIL, CALL, TODO; empty: unset
	OwnerID   string    // hubspot_owner_id: an owner id (not a user id)
	ContactID string    // associate with this contact record id (type 204); empty: none
	// Properties are extra property values (a custom marker, say); they
	// override the fields above.
	Properties map[string]string
}

func (t TaskInput) properties() (map[string]string, error) {
	if t.Due.IsZero() {
		return nil, &ValueError{Property: "hs_timestamp", Problem: "a task needs a due time"}
	}
	p := map[string]string{"hs_timestamp": FormatTimestamp(t.Due)}
	set := func(k, v string) {
		if v != "" {
			p[k] = v
		}
	}
	set("hs_task_subject", t.Subject)
	set("hs_task_body", t.Body)
	set("hs_task_status", t.Status)
	if t.Status == "" {
		p["hs_task_status"] = TaskNotStarted
	}
	set("hs_task_priority", t.Priority)
	set("hs_task_type", t.Type)
	set("hubspot_owner_id", t.OwnerID)
	maps.Copy(p, t.Properties)
	for k, v := range p {
		if err := checkLength(v); err != nil {
			err.(*ValueError).Property = k
			return nil, err
		}
	}
	return p, nil
}

// BatchCreate creates up to MaxBatchInputs tasks, each associated inline
// with its contact, and returns one result per input in input order (a 207
// maps failures per input through objectWriteTraceId).
//
// Creates are not idempotent: BatchCreate never retries after a server
// error or a network failure that may have been applied (it does retry 429
// and 423, which were not). Such a failure is returned as is and the outcome
// is unknown; TasksDestination resolves it by looking for a marker.
func (s *TasksService) BatchCreate(ctx context.Context, tasks []TaskInput) ([]WriteResult, error) {
	if err := checkBatch(len(tasks)); err != nil {
		return nil, err
	}
	traces := s.client.traceIDs(len(tasks))
	body := make([]batchInput, len(tasks))
	for i, t := range tasks {
		props, err := t.properties()
		if err != nil {
			return nil, fmt.Errorf("task %d: %w", i, err)
		}
		// associations is required by the create model: [] when none.
		body[i] = batchInput{Properties: props, TraceID: traces[i], Associations: []association{}}
		if t.ContactID != "" {
			body[i].Associations = []association{{
				To:    associationTo{ID: t.ContactID},
				Types: []associationType{{Category: "HUBSPOT_DEFINED", TypeID: TaskToContact}},
			}}
		}
	}
	return s.client.batchWrite(ctx, "/crm/v3/objects/tasks/batch/create", body, false, nil)
}

// Get reads one task by record id with the given properties.
func (s *TasksService) Get(ctx context.Context, id string, properties []string) (Object, error) {
	return s.client.getObject(ctx, "tasks", id, "", properties)
}

// Search runs a task search, one page.
func (s *TasksService) Search(ctx context.Context, req SearchRequest) (SearchPage, error) {
	return s.client.searchObjects(ctx, "tasks", req)
}

// SearchAll iterates every task matching req, following the paging cursor.
func (s *TasksService) SearchAll(ctx context.Context, req SearchRequest) iter.Seq2[Object, error] {
	return s.client.searchAll(ctx, "tasks", req)
}
