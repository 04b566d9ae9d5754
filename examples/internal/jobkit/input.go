package jobkit

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp/rows"
	"github.com/warrenbrasil/customerdata/cdp/rows/parquetrows"
)

// Format is the format of a row input.
type Format string

// The formats OpenRows reads.
const (
	FormatCSV     Format = "csv"
	FormatNDJSON  Format = "ndjson"
	FormatParquet Format = "parquet"
)

// FormatOf tells the format of path by its name: a folder (Spark's
// df.write.parquet output) or a .parquet file is Parquet, .ndjson, .jsonl
// and .json are NDJSON, anything else is CSV.
func FormatOf(path string) (Format, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		return FormatParquet, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".parquet":
		return FormatParquet, nil
	case ".ndjson", ".jsonl", ".json":
		return FormatNDJSON, nil
	}
	return FormatCSV, nil
}

// Rows is a rows.Reader over a file; Close closes both.
type Rows struct {
	*rows.Reader
	file io.Closer
}

// Close stops the reader and closes its file.
func (r *Rows) Close() error {
	err := r.Reader.Close()
	if r.file != nil {
		if cerr := r.file.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// OpenRows opens the row input at path (a CSV, NDJSON or Parquet file, or
// a folder of Parquet part files) against schema s. Close it when done.
func OpenRows(path string, s *rows.Schema, opts ...rows.Option) (*Rows, error) {
	format, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	if format == FormatParquet {
		dir, name := filepath.Split(filepath.Clean(path))
		if dir == "" {
			dir = "."
		}
		r, err := parquetrows.Open(os.DirFS(dir), name, s, opts...)
		if err != nil {
			return nil, err
		}
		return &Rows{Reader: r}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := newTextRows(f, filepath.Base(path), format, s, opts...)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Rows{Reader: r, file: f}, nil
}

// BytesRows reads rows of the given format from data in memory (an
// embedded sample); name identifies it in errors.
func BytesRows(data []byte, name string, format Format, s *rows.Schema, opts ...rows.Option) (*Rows, error) {
	var (
		r   *rows.Reader
		err error
	)
	if format == FormatParquet {
		r, err = parquetrows.NewReader(bytes.NewReader(data), int64(len(data)), name, s, opts...)
	} else {
		r, err = newTextRows(bytes.NewReader(data), name, format, s, opts...)
	}
	if err != nil {
		return nil, err
	}
	return &Rows{Reader: r}, nil
}

func newTextRows(in io.Reader, name string, format Format, s *rows.Schema, opts ...rows.Option) (*rows.Reader, error) {
	switch format {
	case FormatCSV:
		return rows.NewCSV(in, name, s, opts...)
	case FormatNDJSON:
		return rows.NewNDJSON(in, name, s, opts...)
	}
	return nil, fmt.Errorf("%s: unknown format %q", name, format)
}

// OpenInput opens the row input at path against s, or the embedded CSV
// sample when path is "". It returns the input's name for messages, which
// also prefixes the error.
func OpenInput(path string, sample []byte, s *rows.Schema) (*Rows, string, error) {
	name, r, err := path, (*Rows)(nil), error(nil)
	if path == "" {
		name = "(embedded sample)"
		r, err = BytesRows(sample, "sample.csv", FormatCSV, s)
	} else {
		r, err = OpenRows(path, s)
	}
	if err != nil {
		return nil, name, fmt.Errorf("%s: %w", name, err)
	}
	return r, name, nil
}
