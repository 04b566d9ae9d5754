package destination_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/warrenbrasil/customerdata/destination"
)

// Contact is what these examples deliver.
type Contact struct {
	Email string `json:"email"`
	Name  string `json:"name"`
}

func record(c Contact) destination.Record[Contact] {
	fp, err := destination.Fingerprint(c)
	if err != nil {
		panic(err) // a Contact always encodes
	}
	return destination.Record[Contact]{Key: c.Email, Payload: c, Fingerprint: fp}
}

// A pipeline batches records for a destination, coalescing records with
// the same Key (the last write wins); Close sends what is left and reports.
func ExampleNew() {
	ctx := context.Background()
	dest := destination.NewMemory[Contact](3)
	p, err := destination.New(dest, destination.Config[Contact]{Parallelism: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range []Contact{
		{"ana@example.com", "Ana"}, {"bia@example.com", "Bia"},
		{"ana@example.com", "Ana Maria"}, // an update to Ana before her batch left
		{"caio@example.com", "Caio"}, {"duda@example.com", "Duda"},
	} {
		if err := p.Enqueue(ctx, record(c)); err != nil {
			fmt.Println(err)
			return
		}
	}
	r, err := p.Close(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, b := range dest.Batches() {
		var names []string
		for _, rec := range b {
			names = append(names, rec.Payload.Name)
		}
		fmt.Printf("batch %d: %s\n", i+1, strings.Join(names, ", "))
	}
	fmt.Printf("enqueued %d, delivered %d, dead-lettered %d, skipped %d, coalesced %d, pending %d\n",
		r.Enqueued, r.Delivered, r.DeadLettered, r.Skipped, r.Coalesced, r.Pending)
	// Output:
	// batch 1: Ana Maria, Bia, Caio
	// batch 2: Duda
	// enqueued 5, delivered 4, dead-lettered 0, skipped 0, coalesced 1, pending 0
}

// invalidEmail is a per-record error with a reason code for dead letters.
type invalidEmail struct{ email string }

func (e invalidEmail) Error() string  { return "invalid email address" }
func (e invalidEmail) Reason() string { return "INVALID_EMAIL" }

// A destination rejects one record: only that record is dead-lettered, with
// the reason its error carries; the rest of the batch is delivered.
func ExampleDeadLetterSink() {
	ctx := context.Background()
	dest := destination.NewFunc(100, func(_ context.Context, batch []destination.Record[Contact]) []destination.Result {
		res := make([]destination.Result, len(batch))
		for i, r := range batch {
			if !strings.Contains(r.Key, "@") {
				res[i] = destination.Rejected(invalidEmail{r.Key})
				continue
			}
			res[i] = destination.Delivered()
		}
		return res
	})
	sink := destination.NewMemorySink()
	p, err := destination.New(dest, destination.Config[Contact]{DeadLetters: sink})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range []Contact{{"ana@example.com", "Ana"}, {"not-an-email", "Bia"}} {
		if err := p.Enqueue(ctx, record(c)); err != nil {
			fmt.Println(err)
			return
		}
	}
	r, err := p.Close(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range sink.Letters() {
		fmt.Printf("dead letter: %s %s after %d attempt(s): %s\n", l.Key, l.Reason, l.Attempts, l.LastError)
	}
	fmt.Printf("delivered %d, rejected %d, dead-lettered %d\n", r.Delivered, r.Rejected, r.DeadLettered)
	// Output:
	// dead letter: not-an-email INVALID_EMAIL after 1 attempt(s): invalid email address
	// delivered 1, rejected 1, dead-lettered 1
}

// With a StateStore, a second run sends only what changed, and lists the
// customers it no longer has.
func ExampleStateStore() {
	ctx := context.Background()
	store := destination.NewMemoryStore()
	run := func(contacts ...Contact) destination.Report {
		p, err := destination.New(destination.NewMemory[Contact](100), destination.Config[Contact]{State: store})
		if err != nil {
			panic(err)
		}
		for _, c := range contacts {
			if err := p.Enqueue(ctx, record(c)); err != nil {
				panic(err)
			}
		}
		r, err := p.Close(ctx)
		if err != nil {
			panic(err)
		}
		gone, err := p.Unseen(ctx)
		if err != nil {
			panic(err)
		}
		fmt.Printf("delivered %d, skipped %d, gone %v\n", r.Delivered, r.Skipped, gone)
		return r
	}
	run(Contact{"ana@example.com", "Ana"}, Contact{"bia@example.com", "Bia"}, Contact{"caio@example.com", "Caio"})
	run(Contact{"ana@example.com", "Ana"}, Contact{"bia@example.com", "Beatriz"})
	// Output:
	// delivered 3, skipped 0, gone []
	// delivered 1, skipped 1, gone [caio@example.com]
}

// DryRun writes the plan instead of sending it.
func ExampleNewDryRun() {
	ctx := context.Background()
	dest := destination.NewDryRun[Contact](os.Stdout, destination.DryRunTable, 100)
	p, err := destination.New(dest, destination.Config[Contact]{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range []Contact{{"ana@example.com", "Ana"}, {"bia@example.com", "Bia"}} {
		if err := p.Enqueue(ctx, destination.Record[Contact]{Key: c.Email, Payload: c}); err != nil {
			fmt.Println(err)
			return
		}
	}
	if _, err := p.Close(ctx); err != nil {
		fmt.Println(err)
	}
	// Output:
	// BATCH  KEY              FINGERPRINT  PAYLOAD
	// 1      ana@example.com  -            {"email":"ana@example.com","name":"Ana"}
	// 1      bia@example.com  -            {"email":"bia@example.com","name":"Bia"}
}

// Config mistakes are reported by field.
func ExampleConfigError() {
	_, err := destination.New(destination.NewMemory[Contact](100), destination.Config[Contact]{BatchSize: -5})
	var ce *destination.ConfigError
	if errors.As(err, &ce) {
		fmt.Println(ce.Field, "-", ce.Reason)
	}
	// Output:
	// BatchSize - -5 is negative
}
