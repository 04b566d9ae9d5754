package hubspot

import (
	"context"
	"fmt"
	"testing"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// BenchmarkContactSyncRun runs a sync of 20,000 new contacts against the
// in-process HubSpot (no rate limit) per operation, with the default queue
// (DefaultSyncQueueSize) and with the pipeline's own default. Records are
// built anew on each pass, as a caller streaming them would.
func BenchmarkContactSyncRun(b *testing.B) {
	const n = 20000
	for _, queue := range []int{0, destination.DefaultQueueSize} {
		b.Run(fmt.Sprintf("queue=%d", queue), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				srv := hubspottest.NewServer(hubspottest.WithoutRequestLog())
				c, err := New(srv.Token, WithBaseURL(srv.URL), WithLimits(Unlimited()))
				if err != nil {
					b.Fatal(err)
				}
				cfg := syncConfig(SyncUpsert, destination.NewMemoryStore())
				cfg.QueueSize = queue
				s, err := NewContactSync(c, cfg)
				if err != nil {
					b.Fatal(err)
				}
				records := func(yield func(SyncRecord) bool) {
					for i := range n {
						if !yield(contact(fmt.Sprintf("c%05d@x.com", i), fmt.Sprint(i+1))) {
							return
						}
					}
				}
				b.StartTimer()
				rep, err := s.Run(context.Background(), records)
				b.StopTimer()
				if err != nil || rep.Created != n {
					b.Fatalf("created %d of %d: %v", rep.Created, n, err)
				}
				srv.Close()
				b.StartTimer()
			}
		})
	}
}
