package identity

import (
	"strings"

	"github.com/warrenbrasil/customerdata/cdp"
)

// maxMasked bounds the length of a value before masking, so a huge bad
// input does not make a huge error message.
const maxMasked = 64

// mask hides most of a personal value (e-mail, CPF, phone) the way cdp's
// Identifier.Masked does, so it can appear in errors and logs.
func mask(t cdp.IdentifierType, v string) string {
	if len(v) > maxMasked {
		v = v[:maxMasked]
	}
	return strings.TrimPrefix(cdp.Identifier{Type: t, Value: v}.Masked(), string(t)+":")
}
