// Package hubspottest is an in-memory HubSpot CRM for tests and dry runs.
//
// NewServer starts an HTTP server (net/http/httptest) that speaks HubSpot's
// wire format: the same paths, JSON bodies where every property value is a
// string, the batch envelope, error bodies with correlation ids, rate-limit
// headers and 429 bodies. A client
// under test points its base URL at Server.URL and authenticates with
// Server.Token. The server never imports the client package.
//
//	srv := hubspottest.NewServer(hubspottest.WithRateLimit(10, 100*time.Millisecond))
//	defer srv.Close()
//	// ... run the client against srv.URL with srv.Token ...
//	contacts := srv.Contacts()
//
// Invalid options make NewServer panic with a message naming the option, as
// test helpers do.
//
// # Endpoints
//
//   - POST /crm/v3/objects/{contacts|tasks}/batch/{upsert,update,create,read}
//   - POST /crm/v3/objects/{type} (create), GET /crm/v3/objects/{type}/{id}
//   - POST /crm/v3/objects/{type}/search
//   - GET/POST /crm/v3/properties/{type}, GET /crm/v3/properties/{type}/{name},
//     POST /crm/v3/properties/{type}/batch/{create,read}
//   - GET/POST /crm/v3/properties/{type}/groups, GET .../groups/{name}
//   - GET /crm/v3/owners/ (also without the trailing slash)
//   - POST /events/v3/send and /events/v3/send/batch (204)
//
// {type} is contacts, tasks, 0-1 or 0-27. The date-versioned families
// (/crm/objects/2026-03/..., /crm/properties/2026-03/..., /events/2026-03/...)
// are served the same way. Anything else is a 404 with a HubSpot-shaped body.
//
// # Response shapes
//
// Responses carry every field HubSpot's published API reference marks as
// required (https://developers.hubspot.com/docs/api-reference), so a client
// that validates responses against the published models accepts them:
//
//   - Objects: id, properties, createdAt, updatedAt, archived; upsert results
//     add new. Batch envelopes: status, results, startedAt, completedAt (plus
//     requestedAt and links; errors and numErrors on a 207).
//   - Batch error items (StandardError): status, category, message, context,
//     links and errors, the last three possibly empty ({} or []).
//   - Error bodies (Error): status, category, message and correlationId, plus
//     links and errors, empty when there is nothing to say.
//   - Owners (PublicOwner): id, type (PERSON or QUEUE), createdAt, updatedAt,
//     archived, plus email, firstName, lastName and userId.
//   - Properties: name, label, type, fieldType, description, groupName and
//     options (each option with label, value and hidden); groups: name,
//     label, displayOrder, archived.
//
// The 429 body is the exception, as it is at HubSpot: rate limiting answers
// status, message, errorType ("RATE_LIMIT"), correlationId, policyName and
// groupName, with no category, links or errors. A client must read both
// shapes.
//
// Requests are accepted in the published forms too: a search's sorts may be
// a list of property names (the form of the published request model;
// "-name" sorts descending) or of {propertyName, direction} objects (the form
// of HubSpot's search guide).
//
// # Rules enforced
//
//   - Batches of more than 100 inputs, or none, are refused with 400; the same
//     id twice in an upsert or update batch is refused with 400. Bodies over
//     32 MiB are refused with 413.
//   - Every property must exist (else PROPERTY_DOESNT_EXIST) and be writable
//     (else READ_ONLY_VALUE); values are checked per type: number (optional
//     '-', digits, at most one '.', no exponent), date (YYYY-MM-DD or epoch ms at
//     midnight UTC), datetime (epoch ms or RFC 3339), bool ("true"/"false"),
//     enumeration (an option value; ';'-joined for checkbox), the contact email
//     (INVALID_EMAIL), strings up to 65,536 characters. "" always clears.
//     Details are embedded as JSON in the message, as HubSpot does:
//     "Property values were not valid: [{...}]".
//   - When every input of a write batch carries a distinct objectWriteTraceId,
//     invalid inputs are reported in a 207 whose errors[] list their trace ids
//     in context.objectWriteTraceId (inputs with the same message share one
//     error item), and the valid inputs are applied. Otherwise the first failing
//     input fails the whole batch (400, 404 or 409) and nothing is applied.
//   - Contacts are upserted by email (case-insensitive, stored in lower case)
//     or by any property created with hasUniqueValue; results carry new=true
//     when created. The input's id is written to the idProperty, overriding a
//     different value of that property in the input's properties. A unique
//     value already held by another record is a 409 CONFLICT ("Contact already
//     exists. Existing ID: ..."), or a CONFLICT item of a 207 in trace mode:
//     so is an e-mail given to a contact written by another unique property
//     (a platform user id, say) when another contact has it, and a value two
//     inputs of one batch claim. Nothing is overwritten. hs_object_id cannot
//     be an upsert idProperty. batch/update finds contacts by record id or,
//     with an idProperty, by email or a unique property; a missing contact
//     is OBJECT_NOT_FOUND and nothing is created.
//   - Properties: name ^[a-z][a-z0-9_]*$, required label/type/fieldType/
//     groupName, a type/fieldType pair HubSpot allows, an existing group,
//     options for enumerations, at most 10 custom unique properties; an existing
//     name is 409. Groups: an existing name is 409. In properties/batch/create
//     each failing input is an error item of a 207 (context.name), the others
//     are created.
//   - Tasks need hs_timestamp; inline associations must point at an existing
//     contact with HUBSPOT_DEFINED type 204. When owners are configured,
//     hubspot_owner_id must name one of them (INVALID_OWNER_ID).
//   - Search: at most 5 filter groups, 10 filters per group, 25 filters in all,
//     limit at most 200, paging by paging.next.after up to 10,000 results;
//     operators EQ NEQ LT LTE GT GTE BETWEEN IN NOT_IN HAS_PROPERTY
//     NOT_HAS_PROPERTY CONTAINS_TOKEN NOT_CONTAINS_TOKEN. Search responses carry
//     no rate-limit headers.
//   - Events need eventName and one of email, objectId or utk; a uuid already
//     seen for the same eventName is accepted (204) and not stored again.
//   - A missing or wrong bearer token is a 401 INVALID_AUTHENTICATION; such
//     requests are logged but never delayed, rate limited nor faulted, and
//     carry no rate-limit headers. The token never appears in a body.
//
// # Rate limits
//
// WithRateLimit sets a rolling window: a non-search request is admitted when
// fewer than max requests were admitted in the preceding interval
// (TEN_SECONDLY_ROLLING). WithSearchLimit is a rolling one-second window for
// search (SECONDLY); WithDailyLimit counts every request per UTC day of the
// server clock (DAILY). Only admitted requests use budget: a 429 does not. Every
// non-search answer carries X-HubSpot-RateLimit-Max, -Remaining and
// -Interval-Milliseconds when a rate limit is set, and -Daily and
// -Daily-Remaining when a daily limit is set. Refused requests get a 429 with
// errorType RATE_LIMIT and the policyName; no Retry-After header is sent.
// WithClock drives the windows, so limit tests need not sleep.
//
// # Faults
//
// WithFaults injects faults per authorized request from one PCG generator
// seeded by Faults.Seed and drawn under the server's mutex, so a sequential
// client sees the same faults on every run: 500/502/503/504 without applying,
// 429 TEN_SECONDLY_ROLLING without applying, a connection reset (hijacked and
// closed with SO_LINGER 0) without applying, or apply-then-fail (the request
// is applied, then answered 500 or reset). WithLatency delays each request and
// gives up, applying nothing, when the request context is canceled. The
// request log records what was done to each request (Request.Fault).
// SetFaults changes the configuration of a running server (and reseeds), so a
// test can set its schema up before turning faults on. Faults are drawn after
// the rate limiter admitted the request, so a faulted request uses budget.
//
// # State
//
// Contacts, Contact, Object, Tasks, Events, Requests, Count429, Properties,
// Groups and Owners return deep copies and are safe to call while requests
// are served. All state sits under one mutex; contacts are indexed by id and
// by each unique property value, so a write costs O(inputs), not O(contacts).
//
// # Simplifications
//
// Only contacts and tasks exist (with a small set of HubSpot's default
// properties plus any seeded or created ones). Search is consistent at once
// (HubSpot's index lags by seconds), scans all records except for an EQ on a
// unique property, and its query matches any property by substring. Archiving,
// property history, merges, PATCH/DELETE, associations other than task →
// contact 204, event definitions and the 2021 event value limits are not
// modelled. Error messages follow HubSpot's shape and wording where known;
// 502/503/504 carry a JSON body, not an HTML page. Ids are decimal counters
// and correlation ids counter-based UUID-looking strings.
package hubspottest
