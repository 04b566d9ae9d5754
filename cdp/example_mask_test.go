package cdp_test

import (
	"fmt"

	"github.com/warrenbrasil/customerdata/cdp"
)

// A Masker hides personal data in identifiers, record keys and free text;
// the tag after "#" keeps different values apart. Production code gives it
// a secret key (from a secret store, never from source code).
func ExampleMasker() {
	var m cdp.Masker // keyless: fine for tests and examples
	fmt.Println(m.Identifier(cdp.Identifier{Type: cdp.Email, Value: "gabriela.souza12@exemplo.com.br"}))
	fmt.Println(m.Identifier(cdp.Identifier{Type: cdp.Email, Value: "gabriela.barbosa38@exemplo.com.br"}))
	fmt.Println(m.Key("560.726.588-90"), m.Key("56072658890"))
	fmt.Println(m.Text("Email address maria.souza@@exemplo.com.br is invalid"))

	keyed, err := cdp.NewMasker([]byte("a secret of at least 16 bytes"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(keyed.Phone("+55 (11) 99123-4567"))
	// Output:
	// email:g***@exemplo.com.br#c8af
	// email:g***@exemplo.com.br#d0c2
	// ***.***.***-90#e7 ***.***.***-90#e7
	// Email address m***@@exemplo.com.br#1dd8 is invalid
	// ***67#54517b37
}
