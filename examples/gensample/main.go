// Command gensample writes synthetic input for examples/reinvestment: a
// positions CSV and an identity-observations NDJSON file of any size, with
// valid CPFs, e-mails and phones, maturities spread around the as-of date,
// and the same mix of cases as the embedded sample (customers known only by
// CPF in the positions, customers without an e-mail). The output depends
// only on the flags, so runs are repeatable.
//
//	go run ./examples/gensample -persons 30000 -positions 100000 -dir /tmp/big
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
	flag.Parse()
	if err := generate(*persons, *positions, *dir, *asOf, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(2)
	}
}

func generate(persons, positions int, dir, asOfText string, seed uint64) error {
	if persons < 1 || positions < 1 {
		return fmt.Errorf("-persons and -positions must be at least 1")
	}
	asOf, err := calendar.ParseDate(asOfText)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed+1))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
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

	obsFile, err := os.Create(filepath.Join(dir, "identities.ndjson"))
	if err != nil {
		return err
	}
	defer obsFile.Close()
	ow := bufio.NewWriter(obsFile)
	enc := json.NewEncoder(ow)
	base := time.Date(asOf.Year, asOf.Month, asOf.Day, 12, 0, 0, 0, time.UTC).AddDate(0, -2, 0)
	for i, p := range ps {
		at := base.Add(time.Duration(i) * time.Second)
		ids := map[string]string{"user_id": p.userID, "cpf": p.cpf}
		if i%50 != 49 { // one in fifty has no e-mail
			ids["email"] = p.email
		}
		if i%3 == 0 {
			ids["phone"] = p.phone
		}
		if err := enc.Encode(map[string]any{"source": "platform", "observed_at": at.Format(time.RFC3339), "identifiers": ids}); err != nil {
			return err
		}
	}
	if err := ow.Flush(); err != nil {
		return err
	}

	posFile, err := os.Create(filepath.Join(dir, "positions.csv"))
	if err != nil {
		return err
	}
	defer posFile.Close()
	pw := bufio.NewWriter(posFile)
	fmt.Fprintln(pw, "position_id,user_id,cpf,product_name,product_type,maturity_date,amount")
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
		fmt.Fprintf(pw, "P%08d,%s,%s,%s,%s,%s,%d.%02d\n", i+1, userID, cpfCol, prod[0], prod[1], maturity, 100+rng.IntN(500000), rng.IntN(100))
	}
	return pw.Flush()
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
