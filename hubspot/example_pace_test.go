package hubspot_test

import (
	"fmt"
	"time"

	"github.com/warrenbrasil/customerdata/hubspot"
)

// A job takes its tier from configuration and shares the budgets with two
// other processes of the same app; it runs under a pipeline that retries,
// so the client makes one attempt per call, and it reports its waits.
func ExampleLimitsForTier() {
	limits, err := hubspot.LimitsForTier("Professional")
	if err != nil {
		fmt.Println(err)
		return
	}
	mine, err := limits.Divide(3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("tier: %d per %s, %d a day, %d searches/s\n", limits.PerInterval, limits.Interval, limits.Daily, limits.SearchPerSecond)
	fmt.Printf("share: %d per %s, %d a day, %d searches/s\n", mine.PerInterval, mine.Interval, mine.Daily, mine.SearchPerSecond)

	c, err := hubspot.New("pat-na1-example",
		hubspot.WithLimits(mine),
		hubspot.WithDailyReset(time.FixedZone("BRT", -3*60*60)),
		hubspot.WithRetry(hubspot.NoRetry()),
		hubspot.WithWaitObserver(func(w hubspot.Wait) {
			if w.Kind != hubspot.WaitPacing {
				fmt.Println(w) // a progress line
			}
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pacing to", c.Pacing().PerInterval, "per", c.Pacing().Interval)

	_, err = hubspot.LimitsForTier("gold")
	fmt.Println(err)
	// Output:
	// tier: 190 per 10s, 625000 a day, 5 searches/s
	// share: 63 per 10s, 208333 a day, 1 searches/s
	// pacing to 63 per 10s
	// hubspot: invalid tier: unknown tier "gold"; want one of free, starter, professional, enterprise, limit-increase, unlimited
}

func ExampleWait_String() {
	w := hubspot.Wait{Kind: hubspot.WaitRetry, Delay: 8 * time.Second, Attempt: 3, MaxAttempts: 5,
		Method: "POST", Path: "/crm/v3/objects/contacts/batch/upsert", Reason: "HubSpot not answering (timeout)"}
	fmt.Println(w)
	// Output:
	// waiting 8s for attempt 3 of 5 of POST /crm/v3/objects/contacts/batch/upsert after: HubSpot not answering (timeout)
}
