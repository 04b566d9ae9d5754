package hubspottest

import (
	"net/http"
	"strconv"
)

// wireOwner is PublicOwner: id, type, createdAt, updatedAt and archived are
// required; the names, email and user ids are optional.
type wireOwner struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	UserID    int    `json:"userId"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	Archived  bool   `json:"archived"`
}

// handleOwners lists owners, paged by limit (default 100, at most 500) and after.
func (s *Server) handleOwners(c *call) reply {
	limit, start := 100, 0
	if v := c.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", "limit must be between 1 and 500, got "+strconv.Quote(v), c.corr, nil)
		}
		limit = n
	}
	if v := c.query.Get("after"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errorReply(http.StatusBadRequest, "VALIDATION_ERROR", "after "+strconv.Quote(v)+" is not a valid paging cursor", c.corr, nil)
		}
		start = n
	}
	results := []wireOwner{}
	for i := start; i < len(s.owners) && len(results) < limit; i++ {
		o := s.owners[i]
		typ := o.Type
		if typ == "" {
			typ = OwnerPerson
		}
		results = append(results, wireOwner{ID: o.ID, Type: typ, Email: o.Email, FirstName: o.FirstName, LastName: o.LastName,
			UserID: o.UserID, CreatedAt: stamp(c.now), UpdatedAt: stamp(c.now)})
	}
	body := map[string]any{"results": results}
	if next := start + len(results); next < len(s.owners) {
		body["paging"] = paging(strconv.Itoa(next))
	}
	return jsonReply(http.StatusOK, body)
}

// paging is HubSpot's paging object pointing at the next page.
func paging(after string) map[string]any {
	return map[string]any{"next": map[string]string{"after": after, "link": "?after=" + after}}
}
