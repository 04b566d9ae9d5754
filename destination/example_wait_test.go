package destination_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/warrenbrasil/customerdata/destination"
)

// busyError is a retryable error with a server's wait hint and a reason
// code, as an HTTP destination would return for a 429 with Retry-After.
type busyError struct{ wait time.Duration }

func (e busyError) Error() string           { return "busy, retry after " + e.wait.String() }
func (e busyError) WaitHint() time.Duration { return e.wait }
func (e busyError) Reason() string          { return "RATE_LIMIT" }

// OnWait tells a progress line what the pipeline waits for; the server's
// wait hint carried by the error is honoured.
func ExampleConfig_onWait() {
	ctx := context.Background()
	var calls atomic.Int64
	dest := destination.NewFunc(10, func(_ context.Context, batch []destination.Record[Contact]) []destination.Result {
		res := make([]destination.Result, len(batch))
		for i := range res {
			res[i] = destination.Delivered()
			if calls.Add(1) == 1 { // the first send is refused
				res[i] = destination.Retryable(busyError{20 * time.Millisecond}, 0)
			}
		}
		return res
	})
	p, err := destination.New(dest, destination.Config[Contact]{
		BackoffBase: time.Millisecond, BackoffMax: time.Millisecond,
		OnWait: func(w destination.WaitInfo) {
			fmt.Printf("waiting %v for %d record(s): %s, hinted %t, after attempt %d\n", w.Wait, w.Records, w.Reason, w.Hinted, w.Attempt)
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := p.Enqueue(ctx, record(Contact{"ana@example.com", "Ana"})); err != nil {
		fmt.Println(err)
		return
	}
	r, err := p.Close(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("delivered %d after %d retry\n", r.Delivered, r.Retried)
	// Output:
	// waiting 20ms for 1 record(s): RATE_LIMIT, hinted true, after attempt 1
	// delivered 1 after 1 retry
}
