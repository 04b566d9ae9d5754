package cdp

import (
	"bytes"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoLocals are the local parts of the e-mail addresses (at
// exemplo.com.br) of the repository's sample data.
var demoLocals = []string{"ana.barbosa26", "ana", "antigo.rafael.souza21", "bruno.barbosa41", "bruno.souza15", "bruno", "carla.ferreira4", "carla", "diego.ferreira19", "diego.souza45", "diego", "eduarda.barbosa8", "eduarda.ferreira34", "eduarda", "familia.oliveira", "felipe.barbosa23", "felipe.ferreira49", "felipe", "gabriela.barbosa38", "gabriela.souza12", "henrique.ferreira1", "henrique.souza27", "isabela.ferreira16", "isabela.souza42", "joao.barbosa5", "joao.ferreira31", "karina.barbosa20", "karina.ferreira46", "lucas.barbosa35", "lucas.souza9", "mariana.barbosa50", "mariana.souza24", "nicolas.souza39", "olivia.barbosa2", "olivia.ferreira28", "pedro.barbosa17", "pedro.ferreira43", "quesia.barbosa32", "quesia.souza6", "rafael.barbosa47", "rafael.souza21", "sofia.ferreira10", "sofia.souza36", "tiago.ferreira25", "ursula.barbosa14", "ursula.ferreira40", "vitor.barbosa29", "vitor.souza3", "wagner.barbosa44", "wagner.souza18", "xenia.ferreira7", "xenia.souza33", "yuri.ferreira22", "yuri.souza48", "zilda.barbosa11", "zilda.ferreira37"}

var testKey = []byte("0123456789abcdef0123456789abcdef")

func keyed(t *testing.T, key []byte) Masker {
	t.Helper()
	m, err := NewMasker(key)
	require.NoError(t, err)
	return m
}

func TestMaskerDemoEmailsDoNotCollide(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]Masker{"keyless": {}, "keyed": keyed(t, testKey)} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			seen := map[string]string{}
			for _, local := range demoLocals {
				email := local + "@exemplo.com.br"
				got := m.Email(email)
				assert.NotContains(t, got, local, email)
				if prev, dup := seen[got]; dup {
					t.Errorf("%s and %s both mask as %s", prev, email, got)
				}
				seen[got] = email
			}
			assert.Len(t, seen, len(demoLocals))
		})
	}
}

func TestMaskerTagLength(t *testing.T) {
	t.Parallel()
	tag := regexp.MustCompile(`#([0-9a-f]+)$`)
	k := keyed(t, testKey)
	tests := []struct {
		name          string
		mask          func(Masker, string) string
		value         string
		keyless, with int // hex digits
	}{
		{"email", Masker.Email, "maria@exemplo.com.br", 4, 8},
		{"cpf", Masker.CPF, "52998224725", 2, 8},
		{"phone", Masker.Phone, "+5511991234567", 2, 8},
		{"id", Masker.ID, "u-1030", 4, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := []int{len(tag.FindStringSubmatch(tc.mask(Masker{}, tc.value))[1]), len(tag.FindStringSubmatch(tc.mask(k, tc.value))[1])}
			assert.Equal(t, []int{tc.keyless, tc.with}, got)
		})
	}
}

func TestMaskerKeyed(t *testing.T) {
	t.Parallel()
	key := append([]byte(nil), testKey...)
	a := keyed(t, key)
	b := keyed(t, []byte("another key of 16+ bytes"))
	want := a.CPF("52998224725")
	key[0] ^= 0xff // NewMasker copied the key
	assert.True(t, a.Keyed())
	assert.False(t, Masker{}.Keyed())
	assert.Equal(t, want, a.CPF("529.982.247-25"), "stable for one key, whatever the punctuation")
	assert.NotEqual(t, want, b.CPF("52998224725"), "differs between keys")
	assert.NotEqual(t, want, Masker{}.CPF("52998224725"), "differs from keyless")
	assert.Equal(t, "***.***.***-25", want[:len(want)-9], "same visible part as keyless")
}

func TestNewMaskerShortKey(t *testing.T) {
	t.Parallel()
	for _, key := range [][]byte{nil, {}, []byte("fifteen bytes!!")} {
		m, err := NewMasker(key)
		require.ErrorIs(t, err, ErrShortKey, "%q", key)
		assert.False(t, m.Keyed())
	}
}

func TestMaskerValue(t *testing.T) {
	t.Parallel()
	m := Masker{}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"email", m.Email("Maria@Exemplo.com.br"), "m***@exemplo.com.br#588d"},
		{"email lower", m.Email("maria@exemplo.com.br"), "m***@exemplo.com.br#588d"},
		{"email doubled at", m.Email("maria@@exemplo.com.br"), "m***@@exemplo.com.br#588d"},
		{"cpf punctuated", m.CPF("529.982.247-25"), "***.***.***-25#20"},
		{"cpf bare", m.CPF("52998224725"), "***.***.***-25#20"},
		{"cpf short", m.CPF("4725"), "***#7a"},
		{"phone e164", m.Phone("+5511991234567"), "***67#65"},
		{"phone national", m.Phone("(11) 99123-4567"), "***67#65"},
		{"phone trunk", m.Phone("011 99123 4567"), "***67#65"},
		{"id short", m.ID("u-1030"), "***#621e"},
		{"id long", m.ID("0b7c4e1a-1234"), "0b***#2207"},
		{"key email", m.Key("maria@exemplo.com.br"), "m***@exemplo.com.br#588d"},
		{"key cpf", m.Key("529.982.247-25"), "***.***.***-25#20"},
		{"key phone", m.Key("+5511991234567"), "***67#65"},
		{"key id", m.Key("u-1030"), "***#621e"},
		{"value", m.Value(Phone, "+5511991234567"), "***67#65"},
		{"identifier", m.Identifier(Identifier{CPF, "52998224725"}), "cpf:***.***.***-25#20"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.got, tc.name)
	}
	assert.Equal(t, []string{"email:m***@exemplo.com.br#588d", "cpf:***.***.***-25#20"},
		m.Identifiers([]Identifier{{Email, "maria@exemplo.com.br"}, {CPF, "52998224725"}}))
}

func TestMaskerText(t *testing.T) {
	t.Parallel()
	m := Masker{}
	tests := []struct{ name, in, want string }{
		{"hubspot message", "Email address maria.souza@@exemplo.com.br is invalid",
			"Email address m***@@exemplo.com.br#1dd8 is invalid"},
		{"two e-mails", "gabriela.souza12@exemplo.com.br, gabriela.barbosa38@exemplo.com.br.",
			m.Email("gabriela.souza12@exemplo.com.br") + ", " + m.Email("gabriela.barbosa38@exemplo.com.br") + "."},
		{"embedded json", `[{"isValid":false,"message":"Email address ana@x.com is invalid"}]`,
			`[{"isValid":false,"message":"Email address ` + m.Email("ana@x.com") + ` is invalid"}]`},
		{"cpf punctuated", "cpf 560.726.588-90 refused", "cpf ***.***.***-90#e7 refused"},
		{"cpf bare", "cpf=56072658890;", "cpf=***.***.***-90#e7;"},
		{"phone e164", "call +5511991234567 now", "call ***67#65 now"},
		{"phone spaced", "call +55 (11) 99123-4567 now", "call ***67#65 now"},
		{"phone national", "(11) 99123-4567", "***67#65"},
		{"phone legacy", "(11) 99123-456", "***56#79"},
		{"phone local", "tel 3456-7890", "tel ***90#20"},
		{"phone nine digits", "991234567", "***67#29"},
		{"long number", "ts 1700000000000", "ts ***00#fa"},
		{"date and time", "at 2026-11-20T10:00:00Z", "at 2026-11-20T10:00:00Z"},
		{"amount", "R$ 1.234.567,89", "R$ 1.234.567,89"},
		{"short id", "portal 12345678, contact 1001", "portal 12345678, contact 1001"},
		{"glued to letters", "v12345678901", "v12345678901"},
		{"not an address", "@handle and a@ and @", "@handle and " + m.Email("a@") + " and @"},
		{"nothing", "plain text", "plain text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, m.Text(tc.in))
		})
	}
}

// TestMaskerNeverShowsFullValue masks personal values alone and inside
// text, with and without a key, and checks no output holds the value or
// more than two of its digits in a row.
func TestMaskerNeverShowsFullValue(t *testing.T) {
	t.Parallel()
	values := []string{
		"maria.souza@exemplo.com.br", "560.726.588-90", "56072658890", "+55 (11) 99123-4567",
		"11991234567", "(11) 99123-456", "+5511991234567",
	}
	threeDigits := regexp.MustCompile(`\d{3}`)
	for _, m := range []Masker{{}, keyed(t, testKey)} {
		for _, v := range values {
			for _, out := range []string{m.Key(v), m.Text(v), m.Text("x " + v + " y"), m.Phone(v)} {
				assert.NotContains(t, out, v)
				assert.NotContains(t, out, "souza")
				tagless := strings.Split(out, "#")[0]
				assert.False(t, threeDigits.MatchString(tagless), "%q shows %q", v, out)
			}
		}
	}
}

func TestMaskerHandler(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	m := Masker{}
	log := slog.New(m.Handler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})))
	log = log.With("who", "ana@x.com")
	log.WithGroup("g").Info("sent to +5511991234567", "err", errors.New("cpf 56072658890 refused"),
		"n", 3, "id", Identifier{Email, "bo@x.io"}, slog.Group("in", "phone", "(11) 99123-4567"))
	assert.JSONEq(t, `{"level":"INFO","msg":"sent to ***67#65","who":"a***@x.com#f6ac","g":{"err":"cpf ***.***.***-90#e7 refused","n":3,"id":"email:b***@x.io#3f04","in":{"phone":"***67#65"}}}`, buf.String())

	buf.Reset()
	log = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(g []string, a slog.Attr) slog.Attr {
		return m.ReplaceAttr(g, dropTime(g, a))
	}}))
	log.Info("msg kept", "e", "ana@x.com")
	assert.JSONEq(t, `{"level":"INFO","msg":"msg kept","e":"a***@x.com#f6ac"}`, buf.String())
}
