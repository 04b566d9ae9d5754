package destination

import (
	"context"
	"errors"
	"strconv"
	"sync"
)

var _ Destination[int] = (*FanOut[int])(nil)

// FanOut is a Destination that sends every batch to several destinations at
// once. A record is Delivered only when every destination delivered it,
// Rejected when any rejected it, and otherwise Retryable (waiting for the
// longest After): a retry sends it again to every destination, so they
// should be idempotent for a Key (an upsert is).
type FanOut[T any] struct {
	dests []Destination[T]
	max   int
}

// NewFanOut returns a FanOut over dests; its MaxBatchSize is the smallest of
// theirs. It needs at least one destination and no nil one: otherwise it
// returns a *ConfigError.
func NewFanOut[T any](dests ...Destination[T]) (*FanOut[T], error) {
	if len(dests) == 0 {
		return nil, &ConfigError{Field: "Destination", Reason: "FanOut needs at least one destination"}
	}
	m := 0
	for i, d := range dests {
		if d == nil {
			return nil, &ConfigError{Field: "Destination", Reason: "destination " + strconv.Itoa(i) + " of FanOut is nil"}
		}
		if n := d.MaxBatchSize(); m == 0 || n < m {
			m = n
		}
	}
	return &FanOut[T]{dests: append([]Destination[T](nil), dests...), max: m}, nil
}

// MaxBatchSize returns the smallest MaxBatchSize of the destinations.
func (f *FanOut[T]) MaxBatchSize() int { return f.max }

// Send sends batch to every destination concurrently and combines the
// results per record. A destination that breaks the contract (a wrong
// number of results) makes the batch Retryable with ErrResultCount.
func (f *FanOut[T]) Send(ctx context.Context, batch []Record[T]) []Result {
	all := make([][]Result, len(f.dests))
	var wg sync.WaitGroup
	for i, d := range f.dests {
		wg.Go(func() { all[i] = d.Send(ctx, batch) })
	}
	wg.Wait()
	out := make([]Result, len(batch))
	for i := range out {
		out[i] = Delivered()
	}
	for _, res := range all {
		if len(res) != len(batch) {
			res = make([]Result, len(batch))
			for i := range res {
				res[i] = Retryable(ErrResultCount, 0)
			}
		}
		for i, r := range res {
			out[i] = combine(out[i], r)
		}
	}
	return out
}

// combine merges the result of one more destination into acc: rejected
// beats retryable beats delivered.
func combine(acc, r Result) Result {
	switch {
	case r.Status == StatusDelivered:
		return acc
	case acc.Status == StatusDelivered:
		return r
	case acc.Status == StatusRejected && r.Status == StatusRejected:
		return Rejected(errors.Join(acc.Err, r.Err))
	case acc.Status == StatusRejected:
		return acc
	case r.Status == StatusRejected:
		return r
	default:
		return Retryable(errors.Join(acc.Err, r.Err), max(acc.After, r.After))
	}
}
