package identity_test

import (
	"fmt"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/identity"
)

// Stitch observations read from NDJSON, then ask who is who and why.
func Example() {
	const observations = `{"source":"platform","observed_at":"2026-11-20T10:00:00Z","identifiers":{"user_id":"u-1","email":"Ana@Warren.com.br"}}
{"source":"core","observed_at":"2026-11-20T11:00:00Z","identifiers":{"cpf":"529.982.247-25","email":"ana@warren.com.br","phone":"(11) 91234-5678"}}
{"source":"platform","observed_at":"2026-11-20T12:00:00Z","identifiers":{"user_id":"u-2","email":"ana@warren.com.br"}}
{"source":"web","observed_at":"2026-11-20T13:00:00Z","identifiers":{"user_id":"u-2","email":"test@test.com","cpf":"111.111.111-11"}}`

	g, err := identity.New(identity.Config{}) // the default rules
	if err != nil {
		fmt.Println(err)
		return
	}
	st, err := g.ReadNDJSON(strings.NewReader(observations))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("bad lines:", st.BadLines, "dropped:", st.Dropped)

	for p := range g.Persons() {
		fmt.Println("person", p.ID)
		for _, s := range p.Identifiers {
			fmt.Printf("  %-28s last seen %s by %v\n", s.Identifier, s.LastSeen.Format("15:04"), s.Sources)
		}
	}

	id, _ := g.Resolve(cdp.Identifier{Type: cdp.Phone, Value: "+55 11 91234-5678"})
	fmt.Println("phone belongs to", id)
	fmt.Print(g.Explain(
		cdp.Identifier{Type: cdp.UserID, Value: "u-1"},
		cdp.Identifier{Type: cdp.UserID, Value: "u-2"},
	))
	// Output:
	// bad lines: 0 dropped: map[cpf:map[repeated_digits:1] email:map[blocked:1]]
	// person u_180a321c1f0c01d4
	//   user_id:u-2                  last seen 13:00 by [platform web]
	// person u_a8ae9346b4f3e606
	//   user_id:u-1                  last seen 10:00 by [platform]
	//   cpf:52998224725              last seen 11:00 by [core]
	//   email:ana@warren.com.br      last seen 12:00 by [core platform]
	//   phone:+5511912345678         last seen 11:00 by [core]
	// phone belongs to u_a8ae9346b4f3e606
	// user_id:u-1 (u_a8ae9346b4f3e606) and user_id:u-2 (u_180a321c1f0c01d4) are different persons; refused links:
	//   user_id:u-2 -- email:ana@warren.com.br: refused by type_limit (user_id), seen together by "platform" at 2026-11-20T12:00:00Z
}
