package destination

import (
	"context"
	"slices"
	"sync"
)

var (
	_ Destination[int] = (*Memory[int])(nil)
	_ Destination[int] = (*Func[int])(nil)
)

// Memory is a Destination that keeps what it receives, for tests and dry
// runs: every record is delivered. It is safe for concurrent use.
type Memory[T any] struct {
	max     int
	mu      sync.Mutex
	batches [][]Record[T]
}

// NewMemory returns a Memory destination accepting batches of up to
// maxBatch records. Zero means DefaultBatchSize; a negative maxBatch is
// kept, and New refuses the destination with a *ConfigError.
func NewMemory[T any](maxBatch int) *Memory[T] {
	if maxBatch == 0 {
		maxBatch = DefaultBatchSize
	}
	return &Memory[T]{max: maxBatch}
}

// Send keeps a copy of batch and reports every record delivered. A batch
// larger than MaxBatchSize is rejected whole, as a real service would.
func (m *Memory[T]) Send(_ context.Context, batch []Record[T]) []Result {
	res := make([]Result, len(batch))
	if len(batch) > m.max {
		for i := range res {
			res[i] = Rejected(ErrBatchTooLarge)
		}
		return res
	}
	m.mu.Lock()
	m.batches = append(m.batches, slices.Clone(batch))
	m.mu.Unlock()
	for i := range res {
		res[i] = Delivered()
	}
	return res
}

// MaxBatchSize returns the maximum given to NewMemory.
func (m *Memory[T]) MaxBatchSize() int { return m.max }

// Batches returns a copy of the batches received, in arrival order.
func (m *Memory[T]) Batches() [][]Record[T] {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([][]Record[T], len(m.batches))
	for i, b := range m.batches {
		out[i] = slices.Clone(b)
	}
	return out
}

// Records returns every record received, in arrival order.
func (m *Memory[T]) Records() []Record[T] {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Record[T]
	for _, b := range m.batches {
		out = append(out, b...)
	}
	return out
}

// Func adapts a function to a Destination.
type Func[T any] struct {
	max  int
	send func(ctx context.Context, batch []Record[T]) []Result
}

// NewFunc returns a Destination whose Send calls send and whose
// MaxBatchSize is maxBatch: zero means DefaultBatchSize; a negative
// maxBatch is kept, and New refuses the destination with a *ConfigError.
// send must
// keep the Destination contract (one Result per record, in order) and be
// safe for concurrent use when the pipeline sends in parallel.
func NewFunc[T any](maxBatch int, send func(ctx context.Context, batch []Record[T]) []Result) *Func[T] {
	if maxBatch == 0 {
		maxBatch = DefaultBatchSize
	}
	return &Func[T]{max: maxBatch, send: send}
}

// Send calls the function.
func (f *Func[T]) Send(ctx context.Context, batch []Record[T]) []Result { return f.send(ctx, batch) }

// MaxBatchSize returns the maximum given to NewFunc.
func (f *Func[T]) MaxBatchSize() int { return f.max }
