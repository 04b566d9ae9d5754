package segment

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/warrenbrasil/customerdata/cdp"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func population(n int) []cdp.Profile {
	ps := make([]cdp.Profile, n)
	for i := range ps {
		ps[i] = *profile(fmt.Sprintf("p%04d", i), "cdp_reinvestable_amount", cdp.NumberValue(dec(fmt.Sprintf("%d.50", i))))
	}
	return ps
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	ps := population(1000)
	m := mustCompile(t, Trait("cdp_reinvestable_amount").Gte("900"), testCatalog, Options{})
	var want []string
	for i := 900; i < 1000; i++ {
		want = append(want, fmt.Sprintf("p%04d", i))
	}
	for _, par := range []int{0, 1, 3, 16} {
		t.Run(fmt.Sprintf("parallelism %d", par), func(t *testing.T) {
			t.Parallel()
			// Reverse order in, sorted out.
			rev := slices.Clone(ps)
			slices.Reverse(rev)
			got, err := Evaluate(context.Background(), m, Profiles(rev), EvaluateOptions{Parallelism: par})
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}

func TestEvaluateDuplicatesNilAndEvents(t *testing.T) {
	t.Parallel()
	a, b := profile("a"), profile("b")
	seq := func(yield func(*cdp.Profile) bool) {
		for _, p := range []*cdp.Profile{b, nil, a, b} {
			if !yield(p) {
				return
			}
		}
	}
	m := mustCompile(t, Event("login").Happened(), testCatalog, Options{})
	events := map[string]EventsByName{"b": GroupEvents(eventsAt("login", "2025-01-01T00:00:00Z"))}
	var mu sync.Mutex
	calls := 0
	got, err := Evaluate(context.Background(), m, seq, EvaluateOptions{Parallelism: 2, Events: func(p *cdp.Profile) Events {
		mu.Lock()
		calls++
		mu.Unlock()
		return events[p.ID]
	}})
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, got)
	assert.Equal(t, 3, calls, "nil profile skipped")

	got, err = Evaluate(context.Background(), m, seq, EvaluateOptions{})
	require.NoError(t, err)
	assert.Empty(t, got, "no events view: nobody logged in")
}

func TestEvaluateCancel(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Trait("cdp_reinvestable_amount").Exists(), testCatalog, Options{})
	ps := population(200)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Evaluate(ctx, m, Profiles(ps), EvaluateOptions{Parallelism: 2})
	require.ErrorIs(t, err, context.Canceled)

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var cancelling iter.Seq[*cdp.Profile] = func(yield func(*cdp.Profile) bool) {
		for i := range ps {
			if i == 50 {
				cancel()
			}
			if !yield(&ps[i]) {
				return
			}
		}
	}
	_, err = Evaluate(ctx, m, cancelling, EvaluateOptions{Parallelism: 2})
	require.ErrorIs(t, err, context.Canceled)
}

func TestEvaluateOptions(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Trait("cdp_email").Exists(), testCatalog, Options{})
	_, err := Evaluate(context.Background(), m, Profiles(nil), EvaluateOptions{Parallelism: -1})
	assert.ErrorIs(t, err, ErrOptions)
	_, err = Evaluate(context.Background(), nil, Profiles(nil), EvaluateOptions{})
	assert.ErrorIs(t, err, ErrOptions)
	got, err := Evaluate(context.Background(), m, Profiles(nil), EvaluateOptions{})
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestDiff(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name           string
		previous, curr []string
		want           Delta
	}{
		{"empty", nil, nil, Delta{Entered: []string{}, Exited: []string{}, Stayed: []string{}}},
		{"all new", nil, []string{"b", "a"}, Delta{Entered: []string{"a", "b"}, Exited: []string{}, Stayed: []string{}}},
		{"all gone", []string{"b", "a"}, nil, Delta{Entered: []string{}, Exited: []string{"a", "b"}, Stayed: []string{}}},
		{"mixed, unsorted, duplicates", []string{"d", "a", "c", "a"}, []string{"e", "c", "b", "c", "d"},
			Delta{Entered: []string{"b", "e"}, Exited: []string{"a"}, Stayed: []string{"c", "d"}}},
		{"same", []string{"x", "y"}, []string{"y", "x"}, Delta{Entered: []string{}, Exited: []string{}, Stayed: []string{"x", "y"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			prev, curr := slices.Clone(tc.previous), slices.Clone(tc.curr)
			assert.Equal(t, tc.want, Diff(tc.previous, tc.curr))
			assert.Equal(t, prev, tc.previous, "input not modified")
			assert.Equal(t, curr, tc.curr, "input not modified")
		})
	}
}

// TestMatchConcurrent shares one matcher between goroutines (run with -race).
func TestMatchConcurrent(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, benchSegment(), testCatalog, Options{AsOf: date("2025-02-27")})
	in, out := benchProfiles()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				assert.True(t, m.Match(in, nil))
				assert.False(t, m.Match(out, nil))
			}
		}()
	}
	wg.Wait()
}

func TestMatchDoesNotAllocate(t *testing.T) {
	m := mustCompile(t, benchSegment(), testCatalog, Options{AsOf: date("2025-02-27")})
	in, out := benchProfiles()
	allocs := testing.AllocsPerRun(200, func() {
		if !m.Match(in, nil) || m.Match(out, nil) {
			t.Fatal("wrong result")
		}
	})
	assert.Zero(t, allocs)

	ev := GroupEvents(eventsAt("app_opened", "2025-02-20T10:00:00Z", "2025-02-21T10:00:00Z"))
	ev["app_opened"][0].Properties = map[string]cdp.Value{"os": cdp.StringValue("iOS")}
	em := mustCompile(t, All(
		Event("app_opened").Where(Property("os").IgnoreCase().Eq("ios")).WithinDays(30).AtLeast(1),
		Trait("cdp_tags").IgnoreCase().Contains("VIP"),
		Trait("cdp_email").IgnoreCase().EndsWith("@Warren.com.br"),
	), testCatalog, Options{AsOf: date("2025-02-27")})
	p := profile("p", "cdp_tags", cdp.StringsValue("new", "vip"), "cdp_email", cdp.StringValue("ana@warren.com.br"))
	allocs = testing.AllocsPerRun(200, func() {
		if !em.Match(p, ev) {
			t.Fatal("wrong result")
		}
	})
	assert.Zero(t, allocs)
}
