package destination

import (
	"math/rand/v2"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// backoff returns the wait before the retry that follows attempt (1 for
// the first send): a random duration in [0, min(max, base·2^(attempt-1))]
// (exponential backoff with full jitter), or after if that is longer: a
// server's Retry-After wins over the cap.
func backoff(attempt int, after, base, maxWait time.Duration, jitter func(time.Duration) time.Duration) time.Duration {
	ceil := maxWait
	if shift := attempt - 1; shift < 62 {
		if c := base << shift; c>>shift == base && c > 0 && c < maxWait {
			ceil = c
		}
	}
	wait := min(max(jitter(ceil), 0), ceil)
	return max(wait, after)
}

// fullJitter returns a uniformly random duration in [0, d].
func fullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// maskKey hides most of a key for logs: keys are often e-mail addresses or
// tax ids. It masks as cdp.Masker.Key does, keyless: "maria@example.com" →
// "m***@example.com#" and a tag that keeps different keys apart.
func maskKey(k string) string { return cdp.Masker{}.Key(k) }
