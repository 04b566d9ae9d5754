package identity

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warrenbrasil/customerdata/cdp"
)

// cpfFor returns a valid CPF built from the 9-digit base n.
func cpfFor(n int) string {
	var d [11]byte
	for i := 8; i >= 0; i-- {
		d[i] = byte(n % 10)
		n /= 10
	}
	same := true
	for i := 1; i < 9; i++ {
		same = same && d[i] == d[0]
	}
	if same {
		d[8] = (d[8] + 1) % 10
	}
	d[9] = cpfDigit(d[:9])
	d[10] = cpfDigit(d[:10])
	for i := range d {
		d[i] += '0'
	}
	return string(d[:])
}

// phoneFor returns a valid Brazilian mobile number in E.164.
func phoneFor(n int) string {
	s := strconv.Itoa(10000000 + n%90000000)
	return "+55119" + s
}

// benchObservations builds n observations over about 3n distinct,
// already-normal identifiers: person p is seen twice, once as {user_id,
// email, anonymous_id} and once as {email, cpf, phone, anonymous_id}; one
// person in a hundred shares the previous person's e-mail (a family
// address), which the cpf limit refuses or allows depending on who is seen
// first. Times increase with i.
func benchObservations(n int) []Observation { return benchObservationsFrom(0, n) }

// benchObservationsFrom returns observations first to first+n-1 of the
// sequence benchObservations describes.
func benchObservationsFrom(first, n int) []Observation {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	obs := make([]Observation, n)
	for k := range obs {
		i := first + k
		p := i / 2
		ps := strconv.Itoa(p)
		email := "person" + ps + "@mail.com.br"
		var ids []cdp.Identifier
		if i%2 == 0 {
			ids = []cdp.Identifier{
				{Type: cdp.UserID, Value: "user-" + ps},
				{Type: cdp.Email, Value: email},
				{Type: cdp.AnonymousID, Value: "dev-a-" + ps},
			}
		} else {
			if p%100 == 99 {
				email = "person" + strconv.Itoa(p-1) + "@mail.com.br"
			}
			ids = []cdp.Identifier{
				{Type: cdp.Email, Value: email},
				{Type: cdp.CPF, Value: cpfFor(p)},
				{Type: cdp.Phone, Value: phoneFor(p)},
				{Type: cdp.AnonymousID, Value: "dev-b-" + ps},
			}
		}
		obs[k] = Observation{Source: "src" + strconv.Itoa(i%3), ObservedAt: base.Add(time.Duration(i) * time.Second), Identifiers: ids}
	}
	return obs
}

// BenchmarkStitch measures Add per observation (ns/op = ns per
// observation) on already-normal identifiers, and the live heap per
// identifier after the build. Observations are generated in batches of
// 10,000 with the timer stopped, as a job streaming NDJSON would read them,
// so the live heap is the graph's.
func BenchmarkStitch(b *testing.B) {
	const batch = 10000
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	g, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var cpu time.Duration
	b.ResetTimer()
	for first := 0; first < b.N; first += batch {
		b.StopTimer()
		obs := benchObservationsFrom(first, min(batch, b.N-first))
		b.StartTimer()
		cpu0 := cpuTime()
		for i := range obs {
			if err := g.Add(obs[i]); err != nil {
				b.Fatal(err)
			}
		}
		cpu += cpuTime() - cpu0
	}
	cpu0 := cpuTime()
	g.Stats() // applies the observations Add queued
	cpu += cpuTime() - cpu0
	b.StopTimer()
	reportHeap(b, g, &before, cpu)
}

// BenchmarkStitchShuffled adds the same observations in a random order
// (generated up front, so their heap is live during the build) and
// includes the rebuild that the first query performs.
func BenchmarkStitchShuffled(b *testing.B) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	obs := benchObservations(b.N)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(obs), func(i, j int) { obs[i], obs[j] = obs[j], obs[i] })
	g, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := range obs {
		if err := g.Add(obs[i]); err != nil {
			b.Fatal(err)
		}
	}
	g.Stats() // applies the pending rebuild
	b.StopTimer()
	cpu := cpuTime() - cpu0
	obs = nil
	runtime.KeepAlive(obs)
	reportHeap(b, g, &before, cpu)
}

// reportHeap reports CPU time per observation (every thread, the garbage
// collector's too: a figure the machine's other load does not inflate the
// way it inflates wall-clock ns/op), identifiers per observation and the
// live heap per identifier after a GC.
func reportHeap(b *testing.B, g *Graph, before *runtime.MemStats, cpu time.Duration) {
	st := g.Stats()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/obs")
	b.ReportMetric(float64(st.Identifiers)/float64(b.N), "ident/obs")
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(st.Identifiers), "heapB/ident")
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/float64(st.Identifiers), "heapInuseB/ident")
	runtime.KeepAlive(g)
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkStitchNormalizing adds observations written the way sources
// write them (capitals, punctuation, national phone formats), so every new
// identifier goes through its normaliser.
func BenchmarkStitchNormalizing(b *testing.B) {
	obs := benchObservations(b.N)
	for i := range obs {
		for j, id := range obs[i].Identifiers {
			switch id.Type {
			case cdp.Email:
				id.Value = " Person" + id.Value[len("person"):]
			case cdp.CPF:
				v := id.Value
				id.Value = v[:3] + "." + v[3:6] + "." + v[6:9] + "-" + v[9:]
			case cdp.Phone:
				v := id.Value[3:] // DDD + subscriber
				id.Value = "(" + v[:2] + ") " + v[2:7] + "-" + v[7:]
			}
			obs[i].Identifiers[j] = id
		}
	}
	g, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := range obs {
		if err := g.Add(obs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/obs")
	if d := g.Stats().Dropped; len(d) != 0 {
		b.Fatalf("dropped %v", d)
	}
}

// benchGraph builds a graph over 300,000 identifiers and returns it with
// its identifiers in random order. Their values are copied into one buffer
// in that order, as a caller's freshly parsed input would be, so that
// reading them is not what a benchmark measures.
func benchGraph(b *testing.B) (*Graph, []cdp.Identifier) { return benchGraphWith(b, Config{}) }

// benchGraphWith is benchGraph under cfg.
func benchGraphWith(b *testing.B, cfg Config) (*Graph, []cdp.Identifier) {
	b.Helper()
	obs := benchObservations(100000)
	g, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	var ids []cdp.Identifier
	for _, o := range obs {
		if err := g.Add(o); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, o.Identifiers...)
	}
	rand.New(rand.NewPCG(4, 4)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	var buf strings.Builder
	for _, id := range ids {
		buf.WriteString(id.Value)
	}
	all, off := buf.String(), 0
	for i := range ids {
		n := len(ids[i].Value)
		ids[i].Value = all[off : off+n]
		off += n
	}
	return g, ids
}

// BenchmarkResolve resolves already-normal identifiers of a graph of
// 300,000. The cost depends on how many distinct identifiers are in use,
// because a lookup reads five places in memory (table slot, identifier,
// its value, its person's root, the cached person ID): working-set=64 and
// =1024 resolve that many identifiers over and over, as a job resolving the
// identifiers of the records at hand does, so the lines they touch stay in
// the processor's caches; random resolves all 300,000 in random order, and
// is bound by memory latency.
func BenchmarkResolve(b *testing.B) {
	g, ids := benchGraph(b)
	for _, n := range []int{64, 1024} {
		b.Run("working-set="+strconv.Itoa(n), func(b *testing.B) {
			hot := ids[:n]
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, ok := g.Resolve(hot[i&(n-1)]); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
	b.Run("random", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, ok := g.Resolve(ids[i%len(ids)]); !ok {
				b.Fatal("not found")
			}
		}
	})
}

// BenchmarkResolveKeyed is BenchmarkResolve/random on a graph with a
// Config.Key: person IDs are cached per root, so a keyed hash is paid once
// per person, not per lookup.
func BenchmarkResolveKeyed(b *testing.B) {
	g, ids := benchGraphWith(b, Config{Key: []byte("a benchmark key of 32 bytes.....")})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, ok := g.Resolve(ids[i%len(ids)]); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkPersonID measures formatting one canonical person ID, unkeyed
// (SHA-256) and keyed (HMAC-SHA-256 with the hasher's reused state): the
// cost Persons and Person pay per person, and Resolve per new root.
func BenchmarkPersonID(b *testing.B) {
	for _, tc := range []struct {
		name string
		key  []byte
	}{{"unkeyed", nil}, {"keyed", []byte("a benchmark key of 32 bytes.....")}} {
		b.Run(tc.name, func(b *testing.B) {
			h := newIDHasher(tc.key)
			v := []byte("52998224725")
			b.ReportAllocs()
			for b.Loop() {
				_ = formatID("c_", h.hash(cdp.CPF, v))
			}
		})
	}
}

// BenchmarkResolveNormalizing resolves e-mails written with capitals.
func BenchmarkResolveNormalizing(b *testing.B) {
	g, _ := benchGraph(b)
	ids := make([]cdp.Identifier, 1000)
	for i := range ids {
		ids[i] = cdp.Identifier{Type: cdp.Email, Value: " Person" + strconv.Itoa(i*37) + "@Mail.com.br"}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, ok := g.Resolve(ids[i%len(ids)]); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	cases := []struct {
		name string
		fn   func(string) (string, error)
		in   string
	}{
		{"email/normal", NormalizeEmail, "ana.silva@warren.com.br"},
		{"email/capitals", NormalizeEmail, " Ana.Silva@Warren.com.br "},
		{"cpf/normal", NormalizeCPF, "52998224725"},
		{"cpf/punctuated", NormalizeCPF, "529.982.247-25"},
		{"phone/normal", NormalizePhone, "+5511912345678"},
		{"phone/national", NormalizePhone, "(11) 91234-5678"},
		{"id", NormalizeID, " u-123 "},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.fn(c.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSnapshot saves and loads a graph: small is 10,000 observations
// (30,000 identifiers, 5,000 persons), large 333,334 observations (about
// 1,000,000 identifiers, 167,000 persons). Both have refused links (one
// person in a hundred shares an e-mail). Load uses the saving graph's
// config, the usual case, where the saved arena and log are kept as they
// are and the table of values is filled while the log is stitched.
func BenchmarkSnapshot(b *testing.B) {
	for _, size := range []struct {
		name string
		obs  int
	}{{"small", 10000}, {"large", 333334}} {
		b.Run(size.name, func(b *testing.B) { benchSnapshot(b, size.obs) })
	}
}

func benchSnapshot(b *testing.B, n int) {
	g, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range benchObservations(n) {
		if err := g.Add(o); err != nil {
			b.Fatal(err)
		}
	}
	var snap bytes.Buffer
	if err := g.Save(&snap); err != nil {
		b.Fatal(err)
	}
	idents := float64(g.Stats().Identifiers)
	b.Run("save", func(b *testing.B) {
		var buf bytes.Buffer
		buf.Grow(snap.Len())
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := g.Save(&buf); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/idents, "ns/ident")
	})
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Load(bytes.NewReader(snap.Bytes()), Config{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed())/float64(b.N)/idents, "ns/ident")
	})
}
