package syncspec_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/examples/sync/internal/syncspec"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// A spec with one CSV source: the customers with at least 1,000 invested get
// their total on the contact; one of them has no e-mail to be found by.
func ExampleSpec_Build() {
	spec, err := syncspec.Parse([]byte(`{
	  "sources": [{"path": "clientes.csv", "identifiers": {"user_id": "user_id", "email": "email"},
	               "traits": {"total": "number"}}],
	  "traits": [{"name": "total", "kind": "number", "description": "Total investido"}],
	  "audience": {"trait": "total", "op": "gte", "value": "1000"},
	  "group": {"name": "cdp", "label": "CDP"},
	  "mappings": [{"trait": "total", "property": "cdp_total", "label": "Total investido"}]
	}`), syncspec.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	const data = "user_id,email,total\nu-1,ana@exemplo.com.br,2500.50\nu-2,bia@exemplo.com.br,10\nu-3,,7000\n"
	open := func(_ context.Context, src syncspec.Source, s *rows.Schema) (syncspec.Rows, error) {
		return rows.NewCSV(strings.NewReader(data), src.Path, s)
	}
	res, err := spec.Build(context.Background(), nil, open)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("rows %v, persons %d, members %d\n", res.Rows, res.Persons, res.Members)
	for _, r := range res.Records {
		v, _ := hubspot.EncodeValue(r.Properties["cdp_total"])
		fmt.Printf("key %q: cdp_total %s\n", r.Key, v)
	}
	// Output:
	// rows [3], persons 3, members 2
	// key "": cdp_total 7000
	// key "ana@exemplo.com.br": cdp_total 2500.50
}

// A bad spec is refused with every problem named by its JSON path.
func ExampleParse() {
	_, err := syncspec.Parse([]byte(`{
	  "sources": [{"path": "a.csv", "identifiers": {"id": "userid"}}],
	  "traits": [{"name": "total", "kind": "float"}],
	  "audience": {"trait": "total", "op": "gte", "value": "1000"},
	  "group": {"name": "cdp", "label": "CDP"},
	  "mappings": [{"trait": "total", "property": "Saldo", "label": "Saldo"}],
	  "mode": "sync"
	}`), syncspec.Options{})
	fmt.Println(err)
	// Output:
	// traits[0].kind: "float" is not a trait kind (want one of string, number, bool, date, timestamp)
	// sources[0].identifiers.id: "userid" is not an identifier type (want one of user_id, email, cpf, phone, hubspot_id, anonymous_id)
	// mappings[0].trait: "total" comes from no source (no source lists it in its traits)
	// mappings[0].property: "Saldo" is not a valid HubSpot property name (want ^[a-z][a-z0-9_]*$)
	// mode: "sync" is not a mode (want upsert, update or mirror)
}
