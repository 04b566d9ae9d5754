package hubspottest

import (
	"net/http"
	"strconv"
	"time"
)

// limiter enforces the rolling per-interval limit, the SECONDLY search limit
// and the daily quota. It counts admitted requests only: a request answered
// 429 by the limiter does not use up budget. s.mu guards it.
type limiter struct {
	max      int
	interval time.Duration
	window   []time.Time // admission times of non-search requests in the interval

	search       int
	searchWindow []time.Time

	daily     int
	day       time.Time // UTC midnight of the day being counted
	usedDaily int
}

// rateState is what the rate-limit headers report after a request.
type rateState struct {
	max, remaining     int
	interval           time.Duration
	daily, dailyRemain int
}

func (st rateState) setHeaders(h http.Header) {
	if st.max > 0 {
		h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(st.max))
		h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(st.remaining))
		h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.FormatInt(st.interval.Milliseconds(), 10))
	}
	if st.daily > 0 {
		h.Set("X-HubSpot-RateLimit-Daily", strconv.Itoa(st.daily))
		h.Set("X-HubSpot-RateLimit-Daily-Remaining", strconv.Itoa(st.dailyRemain))
	}
}

// prune drops the times at or before now-d from the front of w.
func prune(w []time.Time, now time.Time, d time.Duration) []time.Time {
	cut := now.Add(-d)
	i := 0
	for i < len(w) && !w[i].After(cut) {
		i++
	}
	if i == len(w) {
		return w[:0]
	}
	return w[i:]
}

// admit counts a request at now and reports the resulting state, or the name
// of the policy that refuses it.
func (l *limiter) admit(now time.Time, search bool) (rateState, string) {
	st := rateState{max: l.max, interval: l.interval, daily: l.daily}
	if l.daily > 0 {
		day := now.UTC().Truncate(24 * time.Hour)
		if !day.Equal(l.day) {
			l.day, l.usedDaily = day, 0
		}
	}
	if l.max > 0 {
		l.window = prune(l.window, now, l.interval)
	}
	st.remaining = max(l.max-len(l.window), 0)
	st.dailyRemain = max(l.daily-l.usedDaily, 0)
	if l.daily > 0 && l.usedDaily >= l.daily {
		return st, policyDaily
	}
	if search {
		if l.search > 0 {
			l.searchWindow = prune(l.searchWindow, now, time.Second)
			if len(l.searchWindow) >= l.search {
				return st, policySecondly
			}
			l.searchWindow = append(l.searchWindow, now)
		}
	} else if l.max > 0 {
		if len(l.window) >= l.max {
			return st, policyTenSecondly
		}
		l.window = append(l.window, now)
		st.remaining--
	}
	if l.daily > 0 {
		l.usedDaily++
		st.dailyRemain--
	}
	return st, ""
}
