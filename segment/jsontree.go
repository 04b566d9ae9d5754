package segment

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// Limits of the JSON form. A document over any of them is refused with an
// error wrapping ErrLimit before it can cost more than a bounded amount of
// memory and stack.
const (
	// MaxDocumentSize is the largest JSON document Parse and Decode accept.
	MaxDocumentSize = 1 << 20
	// MaxDepth is how deep conditions may nest (all/any/not levels), both in
	// documents and in segments given to Compile.
	MaxDepth = 32
	// MaxNodes is the largest number of conditions (combinators, trait,
	// event and property conditions) in one segment.
	MaxNodes = 10000
)

// maxJSONDepth bounds raw JSON nesting: each condition level costs at most an
// object and an array, plus a few levels for where/values.
const maxJSONDepth = 2*MaxDepth + 8

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

var jkindNames = [...]string{"null", "bool", "number", "string", "array", "object"}

func (k jkind) String() string { return jkindNames[k] }

// jval is a parsed JSON value that keeps object fields in document order and
// keeps numbers as their text, so nothing is lost or reordered.
type jval struct {
	kind jkind
	s    string // string value or number text
	b    bool
	arr  []*jval
	obj  []jfield
}

type jfield struct {
	key string
	val *jval
}

// readDocument reads at most MaxDocumentSize bytes from r.
func readDocument(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

// decodeTree parses data into a jval tree, refusing documents deeper than
// maxJSONDepth and trailing data after the value.
func decodeTree(data []byte) (*jval, *PathError) {
	if len(data) > MaxDocumentSize {
		return nil, &PathError{Msg: "document is larger than " + itoa(MaxDocumentSize) + " bytes", Err: ErrLimit}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, perr := decodeValue(dec, 0)
	if perr != nil {
		if perr.Err == ErrSyntax {
			return nil, locateSyntaxError(data, perr)
		}
		return nil, perr
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return nil, &PathError{Msg: "unexpected data after the end of the document at offset " + itoa(int(end)), Err: ErrSyntax}
	}
	return v, nil
}

// locateSyntaxError re-reads a malformed document with json.Unmarshal, whose
// SyntaxError offset is exact, and reports the line and column of the bad
// byte.
func locateSyntaxError(data []byte, fallback *PathError) *PathError {
	err := json.Unmarshal(data, new(json.RawMessage))
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return fallback
	}
	if se.Offset >= int64(len(data)) && strings.HasPrefix(se.Error(), "unexpected end") {
		return &PathError{Msg: "malformed JSON: unexpected end of document", Err: ErrSyntax}
	}
	line, col := 1, 1
	for _, c := range data[:max(se.Offset-1, 0)] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &PathError{Msg: "malformed JSON at line " + itoa(line) + ", column " + itoa(col) + ": " + se.Error(), Err: ErrSyntax}
}

func syntaxError(dec *json.Decoder, err error) *PathError {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &PathError{Msg: "malformed JSON: unexpected end of document", Err: ErrSyntax}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &PathError{Msg: "malformed JSON at offset " + itoa(int(se.Offset)) + ": " + se.Error(), Err: ErrSyntax}
	}
	return &PathError{Msg: "malformed JSON at offset " + itoa(int(dec.InputOffset())) + ": " + err.Error(), Err: ErrSyntax}
}

func decodeValue(dec *json.Decoder, depth int) (*jval, *PathError) {
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(dec, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxJSONDepth {
			return nil, &PathError{Msg: "document is nested deeper than " + itoa(maxJSONDepth) + " levels", Err: ErrLimit}
		}
		if t == '[' {
			v := &jval{kind: jArray}
			for dec.More() {
				e, perr := decodeValue(dec, depth+1)
				if perr != nil {
					return nil, perr
				}
				v.arr = append(v.arr, e)
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntaxError(dec, err)
			}
			return v, nil
		}
		// '{' (a closing delimiter cannot come first: the decoder refuses it)
		v := &jval{kind: jObject}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, syntaxError(dec, err)
			}
			key, _ := kt.(string)
			e, perr := decodeValue(dec, depth+1)
			if perr != nil {
				return nil, perr
			}
			v.obj = append(v.obj, jfield{key: key, val: e})
		}
		if _, err := dec.Token(); err != nil {
			return nil, syntaxError(dec, err)
		}
		return v, nil
	case string:
		return &jval{kind: jString, s: t}, nil
	case json.Number:
		return &jval{kind: jNumber, s: string(t)}, nil
	case bool:
		return &jval{kind: jBool, b: t}, nil
	}
	return &jval{kind: jNull}, nil
}
