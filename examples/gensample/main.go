// Command gensample writes synthetic input for examples/reinvestment: a
// positions CSV and an identity-observations NDJSON file of any size, with
// valid CPFs, e-mails and phones, maturities spread around the as-of date,
// and the same mix of cases as the embedded sample (customers known only by
// CPF in the positions, customers without an e-mail). The output depends
// only on the flags, so runs are repeatable.
//
// With -format parquet it writes the same data as Parquet instead
// (positions.parquet, identities.parquet), and with -format all both:
// positions with maturity_date DATE and amount DECIMAL(18,2) (user_id and
// cpf nullable), identities one row per observation with source,
// observed_at TIMESTAMP(MILLIS, UTC) and a nullable string column per
// identifier type (user_id, email, cpf, phone).
//
//	go run ./examples/gensample -persons 30000 -positions 100000 -dir /tmp/big
//	go run ./examples/gensample -format all -dir /tmp/big
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/warrenbrasil/customerdata/calendar"
)

func main() {
	persons := flag.Int("persons", 30000, "number of persons")
	positions := flag.Int("positions", 100000, "number of positions")
	dir := flag.String("dir", ".", "output `directory` for positions.csv and identities.ndjson")
	asOf := flag.String("as-of", "2026-02-13", "the as-of `date` maturities are spread around")
	seed := flag.Uint64("seed", 1, "random seed")
	format := flag.String("format", "csv", "output `format`: csv (positions.csv, identities.ndjson), parquet (positions.parquet, identities.parquet) or all")
	flag.Parse()
	if err := generate(*persons, *positions, *dir, *asOf, *seed, *format); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(2)
	}
}

// observation is one identity observation; an empty identifier is absent.
type observation struct {
	source                    string
	at                        time.Time
	userID, email, cpf, phone string
}

// position is one positions row; the amount is whole.cents.
type position struct {
	id, userID, cpf, productName, productType string
	maturity                                  calendar.Date
	whole, cents                              int
}

// sink writes generated rows in one format.
type sink interface {
	observation(o observation) error
	position(p position) error
	close() error
}

func generate(persons, positions int, dir, asOfText string, seed uint64, format string) error {
	if persons < 1 || positions < 1 {
		return fmt.Errorf("-persons and -positions must be at least 1")
	}
	asOf, err := calendar.ParseDate(asOfText)
	if err != nil {
		return err
	}
	if format != "csv" && format != "parquet" && format != "all" {
		return fmt.Errorf("-format %q: want csv, parquet or all", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var sinks []sink
	if format != "parquet" {
		s, err := newTextSink(dir)
		if err != nil {
			return err
		}
		sinks = append(sinks, s)
	}
	if format != "csv" {
		s, err := newParquetSink(dir)
		if err != nil {
			return err
		}
		sinks = append(sinks, s)
	}
	err = emit(persons, positions, asOf, seed, sinks)
	for _, s := range sinks {
		if cerr := s.close(); err == nil {
			err = cerr
		}
	}
	return err
}

// emit generates the rows, the same for every sink.
func emit(persons, positions int, asOf calendar.Date, seed uint64, sinks []sink) error {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	type person struct{ userID, cpf, email, phone string }
	ps := make([]person, persons)
	for i := range ps {
		ps[i] = person{
			userID: fmt.Sprintf("u-%07d", i+1),
			cpf:    cpf(uint64(100000000 + i*7919%800000000)),
			email:  fmt.Sprintf("cliente%07d@exemplo.com.br", i+1),
			phone:  fmt.Sprintf("(%02d) 9%04d-%04d", 11+i%80, rng.IntN(10000), rng.IntN(10000)),
		}
	}
	base := time.Date(asOf.Year, asOf.Month, asOf.Day, 12, 0, 0, 0, time.UTC).AddDate(0, -2, 0)
	for i, p := range ps {
		o := observation{source: "platform", at: base.Add(time.Duration(i) * time.Second), userID: p.userID, cpf: p.cpf}
		if i%50 != 49 { // one in fifty has no e-mail
			o.email = p.email
		}
		if i%3 == 0 {
			o.phone = p.phone
		}
		for _, s := range sinks {
			if err := s.observation(o); err != nil {
				return err
			}
		}
	}
	products := [...][2]string{{"CDB Banco Alfa", "CDB"}, {"LCI Banco Beta", "LCI"}, {"LCA Banco Gama", "LCA"},
		{"Tesouro Prefixado 2026", "TESOURO"}, {"CRI Imobiliário Delta", "CRI"}, {"Debênture Energia Sul", "DEBENTURE"}}
	for i := range positions {
		p := ps[i%persons]
		userID, cpfCol := p.userID, ""
		switch i % 4 {
		case 1:
			cpfCol = p.cpf
		case 2:
			userID, cpfCol = "", p.cpf // known only by CPF in this system
		}
		prod := products[rng.IntN(len(products))]
		maturity := asOf.AddDays(rng.IntN(60) - 10)
		whole := 100 + rng.IntN(500000)
		cents := rng.IntN(100)
		row := position{id: fmt.Sprintf("P%08d", i+1), userID: userID, cpf: cpfCol, productName: prod[0], productType: prod[1],
			maturity: maturity, whole: whole, cents: cents}
		for _, s := range sinks {
			if err := s.position(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// textSink writes positions.csv and identities.ndjson.
type textSink struct {
	obsFile, posFile *os.File
	ow, pw           *bufio.Writer
	enc              *json.Encoder
}

func newTextSink(dir string) (*textSink, error) {
	obsFile, err := os.Create(filepath.Join(dir, "identities.ndjson"))
	if err != nil {
		return nil, err
	}
	posFile, err := os.Create(filepath.Join(dir, "positions.csv"))
	if err != nil {
		obsFile.Close()
		return nil, err
	}
	s := &textSink{obsFile: obsFile, posFile: posFile, ow: bufio.NewWriter(obsFile), pw: bufio.NewWriter(posFile)}
	s.enc = json.NewEncoder(s.ow)
	fmt.Fprintln(s.pw, "position_id,user_id,cpf,product_name,product_type,maturity_date,amount")
	return s, nil
}

func (s *textSink) observation(o observation) error {
	ids := map[string]string{"user_id": o.userID, "cpf": o.cpf}
	if o.email != "" {
		ids["email"] = o.email
	}
	if o.phone != "" {
		ids["phone"] = o.phone
	}
	return s.enc.Encode(map[string]any{"source": o.source, "observed_at": o.at.Format(time.RFC3339), "identifiers": ids})
}

func (s *textSink) position(p position) error {
	_, err := fmt.Fprintf(s.pw, "%s,%s,%s,%s,%s,%s,%d.%02d\n", p.id, p.userID, p.cpf, p.productName, p.productType, p.maturity, p.whole, p.cents)
	return err
}

func (s *textSink) close() error {
	err := s.ow.Flush()
	if perr := s.pw.Flush(); err == nil {
		err = perr
	}
	for _, f := range []*os.File{s.obsFile, s.posFile} {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// cpf formats a 9-digit base with its two check digits.
func cpf(base uint64) string {
	var d [11]int
	for i := 8; i >= 0; i-- {
		d[i] = int(base % 10)
		base /= 10
	}
	for k := 9; k <= 10; k++ {
		sum := 0
		for i := 0; i < k; i++ {
			sum += d[i] * (k + 1 - i)
		}
		r := sum * 10 % 11
		if r == 10 {
			r = 0
		}
		d[k] = r
	}
	return fmt.Sprintf("%d%d%d.%d%d%d.%d%d%d-%d%d", d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10])
}
