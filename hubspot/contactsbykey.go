package hubspot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ReadByKey reads the contacts whose key property (KeyEmail, or a unique
// property such as a platform user id) holds one of keys, in batches of
// MaxBatchInputs, with the given properties (the key property is always
// read). The result maps each key found to its contact; keys HubSpot does
// not know are absent. E-mail keys match case-insensitively: the map is
// keyed by the lower-case address, and so should keys be.
//
// An error names the batch that failed (by position, never by key) and
// wraps the client's error; the contacts of the batches read before it
// are returned with it.
func (s *ContactsService) ReadByKey(ctx context.Context, keys []string, keyProperty string, properties []string) (map[string]Object, error) {
	if keyProperty == "" {
		return nil, errors.New("hubspot: ReadByKey: no key property")
	}
	props := append([]string{keyProperty}, properties...)
	found := make(map[string]Object, len(keys))
	for start := 0; start < len(keys); start += MaxBatchInputs {
		chunk := keys[start:min(start+MaxBatchInputs, len(keys))]
		objs, err := s.BatchRead(ctx, chunk, keyProperty, props)
		if err != nil {
			return found, fmt.Errorf("reading contacts %d to %d of %d by %s: %w", start+1, start+len(chunk), len(keys), keyProperty, err)
		}
		for _, o := range objs {
			k := o.Properties[keyProperty]
			if keyProperty == KeyEmail {
				k = strings.ToLower(k)
			}
			found[k] = o
		}
	}
	return found, nil
}
