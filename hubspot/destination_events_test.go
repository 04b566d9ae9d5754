package hubspot

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/destination"
	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

func TestEventsDestinationSendsOncePerKey(t *testing.T) {
	srv := hubspottest.NewServer()
	defer srv.Close()
	c, err := New(srv.Token, WithBaseURL(srv.URL), WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	d, err := NewEventsDestination(c)
	require.NoError(t, err)
	at := time.Date(2026, 2, 13, 12, 0, 0, 0, time.UTC)
	events := []Event{
		{Name: "pe1_cdp_expiry", Key: "expiry:P1:2026-02-13", Email: "ana@exemplo.com.br", OccurredAt: at, Properties: Properties{"product": strVal("CDB")}},
		{Name: "pe1_cdp_expiry", Key: "expiry:P2:2026-02-13", Email: "ana@exemplo.com.br", OccurredAt: at},
		{Name: "pe1_cdp_expiry", Key: "", Email: "ana@exemplo.com.br"}, // no key: rejected alone
	}
	run := func() destination.Report {
		p, err := destination.New[Event](d, destination.Config[Event]{})
		require.NoError(t, err)
		for _, e := range events {
			require.NoError(t, p.Enqueue(context.Background(), destination.Record[Event]{Key: e.Key + "|" + e.Email, Payload: e}))
		}
		rep, err := p.Close(context.Background())
		require.NoError(t, err)
		return rep
	}
	first := run()
	assert.Equal(t, []int{2, 1}, []int{first.Delivered, first.DeadLettered})
	second := run() // a rerun sends the same uuids: HubSpot counts them once
	assert.Equal(t, []int{2, 1}, []int{second.Delivered, second.DeadLettered})
	got := srv.Events()
	require.Len(t, got, 2)
	assert.Equal(t, EventUUID("expiry:P1:2026-02-13"), got[0].UUID)
	assert.Equal(t, "CDB", got[0].Properties["product"])
	assert.Equal(t, int64(4), d.Sent())

	_, err = NewEventsDestination(nil)
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "Client", ce.Field)
}
