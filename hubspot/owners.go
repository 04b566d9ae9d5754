package hubspot

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// OwnersService lists owners (scope crm.objects.owners.read).
type OwnersService service

// Owner types.
const (
	OwnerPerson = "PERSON" // a user
	OwnerQueue  = "QUEUE"  // a queue of users
)

// Owner is a HubSpot user (or queue) who can own records. Assign records
// with ID, not UserID.
type Owner struct {
	ID        string `json:"id"`
	Type      string `json:"type"` // OwnerPerson or OwnerQueue
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	UserID    int64  `json:"userId"`
	Archived  bool   `json:"archived,omitempty"`
}

type ownerPage struct {
	Results []Owner `json:"results"`
	Paging  *struct {
		Next *struct {
			After string `json:"after"`
		} `json:"next"`
	} `json:"paging"`
}

// ownersPath is the published path of the owners list, trailing slash
// included.
const ownersPath = "/crm/v3/owners/"

// List returns every owner, following the paging cursor.
func (s *OwnersService) List(ctx context.Context) ([]Owner, error) {
	var all []Owner
	after := ""
	for {
		req, _ := newRequest(http.MethodGet, ownersPath, nil, true)
		q := url.Values{"limit": {strconv.Itoa(100)}}
		if after != "" {
			q.Set("after", after)
		}
		req.query = q
		var page ownerPage
		if _, err := s.client.do(ctx, req, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Results...)
		if page.Paging == nil || page.Paging.Next == nil || page.Paging.Next.After == "" || page.Paging.Next.After == after {
			return all, nil
		}
		after = page.Paging.Next.After
	}
}
