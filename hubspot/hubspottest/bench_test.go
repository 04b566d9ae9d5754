package hubspottest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// upsertBody builds a 100-contact upsert whose emails start at offset.
func upsertBody(b *testing.B, offset int) []byte {
	items := make([]map[string]any, 100)
	for i := range items {
		items[i] = map[string]any{"id": fmt.Sprintf("c%d@example.com", offset+i), "idProperty": "email",
			"objectWriteTraceId": fmt.Sprint(i),
			"properties":         map[string]string{"firstname": "Ana", "lastname": "Lima", "phone": "+5511999990000"}}
	}
	data, err := json.Marshal(map[string]any{"inputs": items})
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkUpsert100OverHTTP measures one 100-contact upsert round trip;
// contacts/s = 100 / (ns/op × 1e-9). Half the contacts are new each time.
func BenchmarkUpsert100OverHTTP(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	client := srv.Client()
	bodies := make([][]byte, 0, 64)
	for i := range cap(bodies) {
		bodies = append(bodies, upsertBody(b, i*50))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		req, _ := http.NewRequest("POST", srv.URL+upsertPath, bytes.NewReader(bodies[i%len(bodies)]))
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "contacts/s")
}

// BenchmarkUpsert100Handler measures the handler alone, without HTTP: the
// first 64 iterations create 100 contacts each, later ones update them.
func BenchmarkUpsert100Handler(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	ot := lookupType("contacts")
	bodies := make([][]byte, 0, 64)
	for i := range cap(bodies) {
		bodies = append(bodies, upsertBody(b, i*100))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c := &call{objectType: ot, param: "upsert", body: bodies[i%len(bodies)]}
		srv.mu.Lock()
		rep := srv.handleBatchWrite(c)
		srv.mu.Unlock()
		if rep.status != http.StatusOK {
			b.Fatalf("status %d: %s", rep.status, rep.body)
		}
	}
}
