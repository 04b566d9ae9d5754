package identity

import (
	"math/rand/v2"
	"runtime"
	"strconv"
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
func benchObservations(n int) []Observation {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	obs := make([]Observation, n)
	for i := range obs {
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
		obs[i] = Observation{Source: "src" + strconv.Itoa(i%3), ObservedAt: base.Add(time.Duration(i) * time.Second), Identifiers: ids}
	}
	return obs
}

// BenchmarkStitch measures Add per observation (ns/op = ns per
// observation) on already-normal identifiers, and the live heap per
// identifier after the build.
func BenchmarkStitch(b *testing.B) { benchStitch(b, false) }

// BenchmarkStitchShuffled adds the same observations in a random order and
// includes the rebuild that the first query performs.
func BenchmarkStitchShuffled(b *testing.B) { benchStitch(b, true) }

func benchStitch(b *testing.B, shuffle bool) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	obs := benchObservations(b.N)
	if shuffle {
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(obs), func(i, j int) { obs[i], obs[j] = obs[j], obs[i] })
	}
	g, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range obs {
		if err := g.Add(obs[i]); err != nil {
			b.Fatal(err)
		}
	}
	st := g.Stats() // applies a pending rebuild
	b.StopTimer()
	obs = nil
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(st.Identifiers)/float64(b.N), "ident/obs")
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(st.Identifiers), "heapB/ident")
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/float64(st.Identifiers), "heapInuseB/ident")
	runtime.KeepAlive(obs)
	runtime.KeepAlive(g)
}
