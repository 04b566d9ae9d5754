package destination

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeadLettersOneShapeAndCounted runs every way of giving up on a record
// into one NDJSON sink and checks that every line has the same fields and
// payload shape, and that Report.Letters and Stats.Letters count the file
// line for line.
func TestDeadLettersOneShapeAndCounted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		respond := func(ctx context.Context, batch []Record[payload]) []Result {
			res := make([]Result, len(batch))
			for i, r := range batch {
				switch r.Key {
				case "hang": // in flight until Close gives up
					<-ctx.Done()
					res[i] = Retryable(ctx.Err(), 0)
				case "ok":
					res[i] = Delivered()
				case "invalid":
					res[i] = Rejected(reasonErr("INVALID_EMAIL"))
				case "plain":
					res[i] = Rejected(errors.New("no"))
				case "flaky":
					res[i] = Retryable(errTemp, 0)
				case "later":
					res[i] = Retryable(errTemp, time.Hour) // beyond the budget
				default: // "slow": waits for a retry when Close gives up
					res[i] = Retryable(errTemp, 2*time.Minute)
				}
			}
			return res
		}
		var file bytes.Buffer
		p, err := New(NewFunc(10, respond), Config[payload]{DeadLetters: NewNDJSONSink(&file), MaxAttempts: 2,
			BackoffBase: time.Millisecond, FlushInterval: 10 * time.Millisecond, jitter: noJitter})
		require.NoError(t, err)
		ctx := context.Background()
		for _, k := range []string{"ok", "invalid", "plain", "flaky", "later", "slow"} {
			require.NoError(t, p.Enqueue(ctx, Record[payload]{Key: k, Payload: payload{Name: k, Total: "1.00"}}))
		}
		time.Sleep(time.Second) // all sent; "slow" waits for its retry
		require.NoError(t, p.Enqueue(ctx, Record[payload]{Key: "hang", Payload: payload{Name: "hang", Total: "1.00"}}))
		time.Sleep(time.Second) // in flight
		// Waits behind the record in flight: never sent, no error.
		require.NoError(t, p.Enqueue(ctx, Record[payload]{Key: "hang", Payload: payload{Name: "hang v2", Total: "2.00"}}))
		synctest.Wait()
		closeCtx, cancel := context.WithCancel(ctx)
		cancel()
		r, err := p.Close(closeCtx)
		require.ErrorIs(t, err, context.Canceled)

		want := map[string]int{"INVALID_EMAIL": 1, ReasonRejected: 1, ReasonRetriesExhausted: 1,
			ReasonBudgetExhausted: 1, ReasonPending: 3}
		assert.Equal(t, want, r.Letters)
		assert.Equal(t, want, p.Stats().Letters)
		assert.Equal(t, r.DeadLettered+r.Pending, sum(r.Letters), "every letter counted once")

		byReason := map[string]int{}
		fields := map[string]int{}
		noError := 0
		for line := range strings.Lines(file.String()) {
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(line), &m), line)
			fields[strings.Join(slices.Sorted(maps.Keys(m)), ",")]++
			var l struct {
				Reason string `json:"reason"`
			}
			require.NoError(t, json.Unmarshal([]byte(line), &l), line)
			var pl map[string]any
			require.NoError(t, json.Unmarshal(m["payload"], &pl), line)
			assert.Equal(t, []string{"name", "total"}, slices.Sorted(maps.Keys(pl)), "payload shape of %s", l.Reason)
			byReason[l.Reason]++
			if string(m["last_error"]) == `""` {
				noError++
			}
		}
		assert.Equal(t, want, byReason, "the file matches the counts line for line")
		assert.Equal(t, map[string]int{"attempts,key,last_error,payload,reason,time": 7}, fields, "one shape for every reason")
		assert.Equal(t, 1, noError, "the record never sent has an empty last_error, not a missing one")
	})
}

func TestLettersCountOnlyWhatTheSinkAccepted(t *testing.T) {
	dest := newScript(10, func(Record[string], int) Result { return Rejected(errors.New("no")) })
	p, err := New[string](dest, Config[string]{DeadLetters: failingSink{errors.New("disk full")}})
	require.NoError(t, err)
	enqueueAll(t, p, rec("a", "1"), rec("b", "1"))
	r, err := p.Close(context.Background())
	require.ErrorIs(t, err, ErrDeadLetterSink)
	assert.Nil(t, r.Letters, "nothing reached the sink")
	assert.Equal(t, 2, r.SinkFailures)
	assert.Len(t, r.DeadLetters, 2, "kept in the report instead")
	assert.Equal(t, 2, p.Stats().SinkFailures)
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
