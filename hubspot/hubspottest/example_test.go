package hubspottest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/warrenbrasil/customerdata/hubspot/hubspottest"
)

// Upsert one contact by email with plain net/http and read it back from the
// server's state.
func Example() {
	clock := func() time.Time { return time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC) }
	srv := hubspottest.NewServer(hubspottest.WithClock(clock), hubspottest.WithRateLimit(100, 10*time.Second))
	defer srv.Close()

	body := `{"inputs":[{"id":"Ana@Example.com","idProperty":"email","objectWriteTraceId":"t1",
		"properties":{"firstname":"Ana","lastname":"Lima"}}]}`
	req, _ := http.NewRequest("POST", srv.URL+"/crm/v3/objects/contacts/batch/upsert", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	fmt.Println(res.StatusCode, "remaining:", res.Header.Get("X-HubSpot-RateLimit-Remaining"))

	c, _ := srv.Contact("ana@example.com")
	for _, name := range []string{"hs_object_id", "email", "firstname", "lastname", "createdate"} {
		fmt.Printf("%s=%s\n", name, c.Properties[name])
	}
	// Output:
	// 200 remaining: 99
	// hs_object_id=1001
	// email=ana@example.com
	// firstname=Ana
	// lastname=Lima
	// createdate=1772452800000
}

// A 207: inputs that each carry a unique objectWriteTraceId fail one by one.
func Example_partialFailure() {
	srv := hubspottest.NewServer()
	defer srv.Close()

	body := `{"inputs":[
		{"id":"ok@example.com","idProperty":"email","objectWriteTraceId":"t1","properties":{}},
		{"id":"bad@example.com","idProperty":"email","objectWriteTraceId":"t2","properties":{"nope":"1"}}]}`
	req, _ := http.NewRequest("POST", srv.URL+"/crm/v3/objects/contacts/batch/upsert", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	fmt.Println(res.StatusCode, len(srv.Contacts()), "contact stored")
	// Output:
	// 207 1 contact stored
}
