package destination

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"text/tabwriter"
)

var _ Destination[int] = (*DryRun[int])(nil)

// DryRunFormat is how DryRun writes its plan.
type DryRunFormat uint8

const (
	// DryRunNDJSON writes one JSON object per record:
	// {"batch":1,"key":"…","fingerprint":"…","payload":…}.
	DryRunNDJSON DryRunFormat = iota
	// DryRunTable writes an aligned text table with the columns BATCH, KEY,
	// FINGERPRINT and PAYLOAD (as JSON), one table per batch.
	DryRunTable
)

// DryRun is a Destination that writes what would be sent to an io.Writer
// instead of sending it, and reports every record delivered. It is safe for
// concurrent use; batches are numbered from 1 in the order they are
// written.
type DryRun[T any] struct {
	w      io.Writer
	format DryRunFormat
	max    int
	mu     sync.Mutex
	n      int
	buf    bytes.Buffer
}

// NewDryRun returns a DryRun writing to w in format, accepting batches of up
// to maxBatch records. Zero means DefaultBatchSize; a negative maxBatch is
// kept, and New refuses the destination with a *ConfigError.
func NewDryRun[T any](w io.Writer, format DryRunFormat, maxBatch int) *DryRun[T] {
	if maxBatch == 0 {
		maxBatch = DefaultBatchSize
	}
	return &DryRun[T]{w: w, format: format, max: maxBatch}
}

// MaxBatchSize returns the maximum given to NewDryRun.
func (d *DryRun[T]) MaxBatchSize() int { return d.max }

// dryRunLine is one NDJSON line of the plan.
type dryRunLine[T any] struct {
	Batch       int    `json:"batch"`
	Key         string `json:"key"`
	Fingerprint string `json:"fingerprint,omitempty"`
	Payload     T      `json:"payload"`
}

// Send writes batch. A record whose payload cannot be encoded as JSON is
// Rejected; a failed write makes the whole batch Retryable.
func (d *DryRun[T]) Send(_ context.Context, batch []Record[T]) []Result {
	res := make([]Result, len(batch))
	d.mu.Lock()
	defer d.mu.Unlock()
	d.n++
	d.buf.Reset()
	var tw *tabwriter.Writer
	if d.format == DryRunTable {
		tw = tabwriter.NewWriter(&d.buf, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "BATCH\tKEY\tFINGERPRINT\tPAYLOAD")
	}
	for i, rec := range batch {
		var line []byte
		var err error
		if tw != nil {
			line, err = json.Marshal(rec.Payload)
		} else {
			line, err = json.Marshal(dryRunLine[T]{Batch: d.n, Key: rec.Key, Fingerprint: rec.Fingerprint, Payload: rec.Payload})
		}
		if err != nil {
			res[i] = Rejected(fmt.Errorf("destination: dry run: encoding payload of key %q: %w", rec.Key, err))
			continue
		}
		if tw != nil {
			fp := rec.Fingerprint
			if fp == "" {
				fp = "-"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", d.n, rec.Key, fp, line)
		} else {
			d.buf.Write(line)
			d.buf.WriteByte('\n')
		}
		res[i] = Delivered()
	}
	if tw != nil {
		tw.Flush()
	}
	if _, err := d.w.Write(d.buf.Bytes()); err != nil {
		err = fmt.Errorf("destination: dry run: writing plan: %w", err)
		for i := range res {
			if res[i].Status == StatusDelivered {
				res[i] = Retryable(err, 0)
			}
		}
	}
	return res
}
