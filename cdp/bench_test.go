package cdp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func benchProfiles() (Profile, Profile) {
	g := newGen(7)
	a, b := Profile{ID: "p1"}, Profile{ID: "p2"}
	for i := range 20 {
		name := fmt.Sprintf("trait_%02d", i)
		a.Set(name, g.trait())
		b.Set(name, g.trait())
	}
	for i := range 3 {
		a.Identifiers = append(a.Identifiers, Identifier{Type: Email, Value: fmt.Sprintf("a%d@x.io", i)})
		b.Identifiers = append(b.Identifiers, Identifier{Type: Email, Value: fmt.Sprintf("a%d@x.io", i+1)})
	}
	return a, b
}

func BenchmarkMerge(b *testing.B) {
	x, y := benchProfiles()
	prio := []string{"crm", "app"}
	b.ReportAllocs()
	for b.Loop() {
		_ = Merge(x, y, prio)
	}
}

func BenchmarkMergeTrait(b *testing.B) {
	x := Trait{Value: num("10.50"), ObservedAt: t0, Source: "crm"}
	y := Trait{Value: num("10.5"), ObservedAt: t0, Source: "app"}
	prio := []string{"core", "crm", "app"}
	b.ReportAllocs()
	for b.Loop() {
		_ = MergeTrait(x, y, prio)
	}
}

func BenchmarkCompareNumber(b *testing.B) {
	x, y := num("1234.50"), num("1234.5")
	b.ReportAllocs()
	for b.Loop() {
		_ = Compare(x, y)
	}
}

func BenchmarkValueMarshalJSON(b *testing.B) {
	v := num("1234567.89")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = v.MarshalJSON()
	}
}

func BenchmarkValueUnmarshalJSON(b *testing.B) {
	in := []byte(`{"kind":"number","value":"1234567.89"}`)
	b.ReportAllocs()
	for b.Loop() {
		var v Value
		_ = v.UnmarshalJSON(in)
	}
}

var benchEvents = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	for i := range 1000 {
		e := wantEvent(fmt.Sprintf("e%d", i))
		e.Properties = map[string]Value{"amount": num("1500.00"), "product": StringValue("CDB")}
		b, _ := json.Marshal(e)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
})

// BenchmarkDecodeEvents decodes 1000 NDJSON events per iteration.
func BenchmarkDecodeEvents(b *testing.B) {
	data := benchEvents()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		dec, err := NewEventDecoder(bytes.NewReader(data), DecodeConfig{})
		if err != nil {
			b.Fatal(err)
		}
		for range dec.All() {
			n++
		}
		if n != 1000 {
			b.Fatalf("decoded %d events", n)
		}
	}
}

func BenchmarkIdentifierMasked(b *testing.B) {
	id := Identifier{Type: Email, Value: strings.Repeat("a", 20) + "@example.com"}
	b.ReportAllocs()
	for b.Loop() {
		_ = id.Masked()
	}
}
