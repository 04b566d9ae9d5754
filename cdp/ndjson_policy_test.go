package cdp

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badLines returns n lines that are not JSON objects.
func badLines(n int) string { return strings.Repeat("x\n", n) }

func lineNumbers(t *testing.T, err error) []int {
	t.Helper()
	var des *DecodeErrors
	require.ErrorAs(t, err, &des)
	out := make([]int, len(des.List))
	for i, le := range des.List {
		out[i] = le.Line
	}
	return out
}

func seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestDecoderKeepsFirstErrors(t *testing.T) {
	t.Parallel()
	// 10,000 bad lines, one line too long in the middle, good events around.
	long := ev(strings.Repeat("y", DefaultMaxLineBytes))
	in := ev("first") + "\n" + badLines(5000) + long + "\n" + ev("middle") + "\n" + badLines(4999) + ev("last") + "\n"
	dec, err := NewEventDecoder(strings.NewReader(in), DecodeConfig{})
	require.NoError(t, err)
	var ids []string
	for e := range dec.All() {
		ids = append(ids, e.ID)
	}
	assert.Equal(t, []string{"first", "middle", "last"}, ids, "reading goes on after bad and too long lines")
	assert.Equal(t, 10_000, dec.BadLines())

	err = dec.Err()
	var des *DecodeErrors
	require.ErrorAs(t, err, &des)
	assert.Equal(t, seq(2, 51), lineNumbers(t, err), "the first 50 bad lines, in input order")
	assert.Equal(t, 9_950, des.More)
	msgs := strings.Split(err.Error(), "\n")
	require.Len(t, msgs, 51)
	assert.Equal(t, "cdp: line 2: invalid JSON: want a JSON object on each line", msgs[0])
	assert.Equal(t, "and 9,950 more bad lines", msgs[50])
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestDecoderTooLongLineIsBad(t *testing.T) {
	t.Parallel()
	in := ev(strings.Repeat("y", DefaultMaxLineBytes)) + "\n" + ev("e1") + "\n"
	events, err := ReadEvents(strings.NewReader(in))
	assert.Equal(t, []Event{wantEvent("e1")}, events)
	assert.Equal(t, []int{1}, lineNumbers(t, err))
	assert.ErrorIs(t, err, ErrLineTooLong)
	assert.EqualError(t, err, "cdp: line 1: invalid input: line too long")
}

func TestDecodeErrorsMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		bad       int
		maxErrors int
		want      string
	}{
		{"one", 1, 3, "cdp: line 1: invalid JSON: want a JSON object on each line"},
		{"all kept", 2, 3, "cdp: line 1: invalid JSON: want a JSON object on each line\n" +
			"cdp: line 2: invalid JSON: want a JSON object on each line"},
		{"one more", 3, 2, "cdp: line 1: invalid JSON: want a JSON object on each line\n" +
			"cdp: line 2: invalid JSON: want a JSON object on each line\nand 1 more bad line"},
		{"thousands", 1_235, 1, "cdp: line 1: invalid JSON: want a JSON object on each line\nand 1,234 more bad lines"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadEvents(strings.NewReader(badLines(tc.bad)), DecodeConfig{MaxErrors: tc.maxErrors})
			assert.EqualError(t, err, tc.want)
		})
	}
}

func TestDecoderReadErrorKeptPastTheCap(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(badLines(60)), iotest.ErrReader(boom))
	_, err := ReadEvents(r, DecodeConfig{MaxErrors: 5})
	require.ErrorIs(t, err, boom)
	var des *DecodeErrors
	require.ErrorAs(t, err, &des)
	assert.Equal(t, append(seq(1, 5), 61), lineNumbers(t, err))
	assert.Equal(t, 55, des.More)
}

func TestDecoderStopAtFirstErrorKeepsOne(t *testing.T) {
	t.Parallel()
	dec, err := NewProfileDecoder(strings.NewReader(badLines(10)), DecodeConfig{StopAtFirstError: true, MaxErrors: 3})
	require.NoError(t, err)
	for range dec.All() {
		t.Fatal("no line is good")
	}
	assert.Equal(t, []int{1}, lineNumbers(t, dec.Err()))
	assert.Equal(t, 1, dec.BadLines())
	assert.Equal(t, 1, dec.Line())
}

func TestDecodeConfigRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   []DecodeConfig
		field string
	}{
		{"negative MaxLineBytes", []DecodeConfig{{MaxLineBytes: -1}}, "MaxLineBytes"},
		{"negative MaxErrors", []DecodeConfig{{MaxErrors: -5}}, "MaxErrors"},
		{"two configs", []DecodeConfig{{}, {StopAtFirstError: true}}, "DecodeConfig"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			events, err := ReadEvents(strings.NewReader(ev("e1")), tc.cfg...)
			assert.Nil(t, events)
			require.ErrorIs(t, err, ErrInvalidConfig)
			assert.NotErrorIs(t, err, ErrInvalid)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.field, ce.Field)
			assert.Contains(t, err.Error(), tc.field)

			_, err = ReadProfiles(strings.NewReader("{}"), tc.cfg...)
			assert.ErrorAs(t, err, &ce)
			if len(tc.cfg) == 1 {
				dec, err := NewEventDecoder(strings.NewReader(ev("e1")), tc.cfg[0])
				assert.Nil(t, dec)
				assert.ErrorIs(t, err, ErrInvalidConfig)
			}
		})
	}
	_, err := NewEventDecoder(nil, DecodeConfig{})
	assert.ErrorIs(t, err, ErrInvalidConfig, "nil reader")
}

func TestGroupThousands(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 7, 999, 1_000, 9_950, 12_345, 999_999, 1_000_000, 1_234_567_890, -1_234} {
		want := strconv.Itoa(n)
		got := groupThousands(n)
		assert.Equal(t, want, strings.ReplaceAll(got, ",", ""), "%d", n)
		digits := strings.TrimPrefix(got, "-")
		for i, g := range strings.Split(digits, ",") {
			if i == 0 {
				assert.True(t, len(g) >= 1 && len(g) <= 3, "%d: first group %q", n, g)
			} else {
				assert.Len(t, g, 3, "%d: group %q", n, g)
			}
		}
	}
	assert.Equal(t, "9,950", groupThousands(9_950))
	assert.Equal(t, "-1,234,567", groupThousands(-1_234_567))
}

// BenchmarkDecodeBadLines decodes 10,000 bad lines per iteration: the
// memory a bad file costs.
func BenchmarkDecodeBadLines(b *testing.B) {
	data := []byte(badLines(10_000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		_, err := ReadEvents(bytes.NewReader(data))
		var des *DecodeErrors
		if !errors.As(err, &des) || len(des.List)+des.More != 10_000 {
			b.Fatalf("got %v", err)
		}
	}
}
