package destination

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryDestination(t *testing.T) {
	m := NewMemory[string](2)
	assert.Equal(t, 2, m.MaxBatchSize())
	assert.Equal(t, DefaultBatchSize, NewMemory[string](0).MaxBatchSize())
	batch := []Record[string]{rec("a", "1"), rec("b", "2")}
	assert.Equal(t, []Result{Delivered(), Delivered()}, m.Send(context.Background(), batch))
	batch[0].Payload = "changed" // Memory keeps its own copy
	assert.Equal(t, []Result{Rejected(ErrBatchTooLarge), Rejected(ErrBatchTooLarge), Rejected(ErrBatchTooLarge)},
		m.Send(context.Background(), []Record[string]{rec("c", "1"), rec("d", "1"), rec("e", "1")}))
	assert.Equal(t, [][]Record[string]{{rec("a", "1"), rec("b", "2")}}, m.Batches())
	assert.Equal(t, []Record[string]{rec("a", "1"), rec("b", "2")}, m.Records())
}

func TestFuncDestination(t *testing.T) {
	f := NewFunc(3, func(_ context.Context, batch []Record[int]) []Result {
		out := make([]Result, len(batch))
		for i, r := range batch {
			out[i] = Delivered()
			if r.Payload < 0 {
				out[i] = Rejected(errors.New("negative"))
			}
		}
		return out
	})
	assert.Equal(t, 3, f.MaxBatchSize())
	assert.Equal(t, DefaultBatchSize, NewFunc[int](0, nil).MaxBatchSize())
	got := f.Send(context.Background(), []Record[int]{{Key: "a", Payload: 1}, {Key: "b", Payload: -1}})
	assert.Equal(t, []Status{StatusDelivered, StatusRejected}, []Status{got[0].Status, got[1].Status})
}

type payload struct {
	Name  string `json:"name"`
	Total string `json:"total"`
}

func TestDryRunNDJSON(t *testing.T) {
	var buf bytes.Buffer
	d := NewDryRun[payload](&buf, DryRunNDJSON, 2)
	assert.Equal(t, 2, d.MaxBatchSize())
	res := d.Send(context.Background(), []Record[payload]{
		{Key: "ana@x.com", Payload: payload{"Ana", "10.50"}, Fingerprint: "f1"},
		{Key: "bia@x.com", Payload: payload{"Bia", "7"}},
	})
	assert.Equal(t, []Result{Delivered(), Delivered()}, res)
	d.Send(context.Background(), []Record[payload]{{Key: "caio@x.com", Payload: payload{"Caio", "0"}}})
	assert.Equal(t, `{"batch":1,"key":"ana@x.com","fingerprint":"f1","payload":{"name":"Ana","total":"10.50"}}
{"batch":1,"key":"bia@x.com","payload":{"name":"Bia","total":"7"}}
{"batch":2,"key":"caio@x.com","payload":{"name":"Caio","total":"0"}}
`, buf.String())
}

func TestDryRunTable(t *testing.T) {
	var buf bytes.Buffer
	d := NewDryRun[payload](&buf, DryRunTable, 0)
	assert.Equal(t, DefaultBatchSize, d.MaxBatchSize())
	d.Send(context.Background(), []Record[payload]{
		{Key: "ana@x.com", Payload: payload{"Ana", "10.50"}, Fingerprint: "f1"},
		{Key: "bia@x.com", Payload: payload{"Bia", "7"}},
	})
	assert.Equal(t, `BATCH  KEY        FINGERPRINT  PAYLOAD
1      ana@x.com  f1           {"name":"Ana","total":"10.50"}
1      bia@x.com  -            {"name":"Bia","total":"7"}
`, buf.String())
}

func TestDryRunErrors(t *testing.T) {
	for _, format := range []DryRunFormat{DryRunNDJSON, DryRunTable} {
		var buf bytes.Buffer
		d := NewDryRun[any](&buf, format, 10)
		res := d.Send(context.Background(), []Record[any]{{Key: "a", Payload: 1}, {Key: "bad", Payload: func() {}}})
		assert.Equal(t, StatusDelivered, res[0].Status, "format %d", format)
		assert.Equal(t, StatusRejected, res[1].Status, "format %d", format)
		assert.Contains(t, res[1].Err.Error(), `key "bad"`)

		res = NewDryRun[any](brokenWriter{}, format, 10).Send(context.Background(), []Record[any]{{Key: "a", Payload: 1}})
		assert.Equal(t, StatusRetryable, res[0].Status, "a failed write is retryable")
		require.ErrorIs(t, res[0].Err, errBroken)
	}
}

func TestDryRunInPipeline(t *testing.T) {
	var buf bytes.Buffer
	p, err := New[int](NewDryRun[int](&buf, DryRunNDJSON, 10), Config[int]{})
	require.NoError(t, err)
	require.NoError(t, p.Enqueue(context.Background(), Record[int]{Key: "a", Payload: 1}))
	_, err = p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, `{"batch":1,"key":"a","payload":1}`+"\n", buf.String())
}

func fixed(max int, r Result) Destination[string] {
	return NewFunc(max, func(_ context.Context, b []Record[string]) []Result {
		out := make([]Result, len(b))
		for i := range out {
			out[i] = r
		}
		return out
	})
}

func TestFanOut(t *testing.T) {
	errA, errB := errors.New("a"), errors.New("b")
	ok := fixed(10, Delivered())
	retryA := fixed(10, Retryable(errA, time.Second))
	retryB := fixed(5, Retryable(errB, 2*time.Second))
	rejA := fixed(10, Rejected(errA))
	rejB := fixed(10, Rejected(errB))
	broken := NewFunc(10, func(context.Context, []Record[string]) []Result { return nil })
	tests := []struct {
		name  string
		dests []Destination[string]
		want  Result
	}{
		{"all delivered", []Destination[string]{ok, ok}, Delivered()},
		{"one retryable", []Destination[string]{ok, retryA}, Retryable(errA, time.Second)},
		{"two retryable keep the longest wait", []Destination[string]{retryA, ok, retryB}, Retryable(errors.Join(errA, errB), 2*time.Second)},
		{"rejected beats retryable", []Destination[string]{retryA, rejB}, Rejected(errB)},
		{"rejected first beats later retryable", []Destination[string]{rejB, retryA}, Rejected(errB)},
		{"two rejected", []Destination[string]{rejA, rejB}, Rejected(errors.Join(errA, errB))},
		{"broken contract is retryable", []Destination[string]{ok, broken}, Retryable(ErrResultCount, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := NewFanOut(tc.dests...)
			require.NoError(t, err)
			got := f.Send(context.Background(), []Record[string]{rec("k", "v")})
			require.Len(t, got, 1)
			assert.Equal(t, tc.want.Status, got[0].Status)
			assert.Equal(t, tc.want.After, got[0].After)
			if tc.want.Err != nil {
				assert.Equal(t, tc.want.Err.Error(), got[0].Err.Error())
			} else {
				assert.NoError(t, got[0].Err)
			}
		})
	}
}

func TestFanOutDeliversToEvery(t *testing.T) {
	a, b := NewMemory[string](3), NewMemory[string](2)
	f, err := NewFanOut[string](a, b)
	require.NoError(t, err)
	assert.Equal(t, 2, f.MaxBatchSize(), "the smallest maximum")
	p, err := New[string](f, Config[string]{Parallelism: 1})
	require.NoError(t, err)
	enqueueAll(t, p, rec("x", "1"), rec("y", "1"), rec("z", "1"))
	r, err := p.Close(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 3, r.Delivered)
	want := []Record[string]{rec("x", "1"), rec("y", "1"), rec("z", "1")}
	assert.Equal(t, want, a.Records())
	assert.Equal(t, want, b.Records())
}

func TestNewFanOutErrors(t *testing.T) {
	_, err := NewFanOut[string]()
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, &ConfigError{Field: "Destination", Reason: "FanOut needs at least one destination"}, ce)
	_, err = NewFanOut[string](NewMemory[string](1), nil)
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, &ConfigError{Field: "Destination", Reason: "destination 1 of FanOut is nil"}, ce)
	require.ErrorIs(t, err, ErrInvalidConfig)
}

func TestFingerprint(t *testing.T) {
	a, err := Fingerprint(map[string]any{"b": 1, "a": "x"})
	require.NoError(t, err)
	b, err := Fingerprint(map[string]any{"a": "x", "b": 1})
	require.NoError(t, err)
	assert.Equal(t, a, b, "map order does not matter")
	// sha256 of `{"a":"x","b":1}`, computed with sha256sum
	assert.Equal(t, "cdab067e9f3beb32d1252cfd63e492592fecbf591b0d08cadb24bb17f3864246", a)
	c, err := Fingerprint(map[string]any{"a": "y", "b": 1})
	require.NoError(t, err)
	assert.NotEqual(t, a, c)
	_, err = Fingerprint(func() {})
	require.Error(t, err)
}
