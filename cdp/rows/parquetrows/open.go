package parquetrows

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/warrenbrasil/customerdata/cdp/rows"
)

// ErrNoParts: a folder holds no part files.
var ErrNoParts = errors.New("no Parquet part files")

// Open returns a Reader of the Parquet data at name in fsys: a .parquet
// file, or a folder of part files as Spark's df.write.parquet leaves it
// (see Parts). Columns are found by name; every file's column types are
// checked against the schema before any row is read, so a wrong type or a
// missing column fails Open with an *rows.Error (or *rows.Errors) naming
// the file and the column. Files are read one at a time, by row groups;
// rows are numbered from 1 in each file. Close the Reader when done.
//
// Files opened from fsys must implement io.ReaderAt (os.DirFS and
// fstest.MapFS files do). Options: rows.MaxErrors, rows.FoldCase.
func Open(fsys fs.FS, name string, s *rows.Schema, opts ...rows.Option) (*rows.Reader, error) {
	if fsys == nil || s == nil {
		return nil, errors.New("parquetrows: Open needs a file system and a schema")
	}
	cfg, err := rows.NewConfig(opts...)
	if err != nil {
		return nil, err
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	files := []string{name}
	if st.IsDir() {
		if files, err = Parts(fsys, name); err != nil {
			return nil, err
		}
	}
	sources := make([]source, len(files))
	for i, f := range files {
		sources[i] = source{name: path.Base(f), open: fsOpener(fsys, f)}
		if sources[i].plan, err = planFile(sources[i], s, cfg); err != nil {
			return nil, err
		}
	}
	return rows.NewReader(s, newDecoder(sources, s.Len()), rows.MaxErrors(cfg.MaxErrors))
}

// NewReader returns a Reader of one Parquet file of size bytes read
// through r; name identifies it in errors. See Open.
func NewReader(r io.ReaderAt, size int64, name string, s *rows.Schema, opts ...rows.Option) (*rows.Reader, error) {
	if r == nil || s == nil {
		return nil, errors.New("parquetrows: NewReader needs a reader and a schema")
	}
	cfg, err := rows.NewConfig(opts...)
	if err != nil {
		return nil, err
	}
	src := source{name: name, open: func() (io.ReaderAt, int64, io.Closer, error) { return r, size, nil, nil }}
	if src.plan, err = planFile(src, s, cfg); err != nil {
		return nil, err
	}
	return rows.NewReader(s, newDecoder([]source{src}, s.Len()), rows.MaxErrors(cfg.MaxErrors))
}

// planFile opens a file's footer and maps the schema to its columns.
func planFile(src source, s *rows.Schema, cfg rows.Config) ([]column, error) {
	ra, size, closer, err := src.open()
	if err != nil {
		return nil, err
	}
	if closer != nil {
		defer closer.Close()
	}
	f, err := openParquet(src.name, ra, size)
	if err != nil {
		return nil, err
	}
	return plan(src.name, f.Schema(), s, cfg.FoldCase)
}

// fsOpener opens name in fsys as an io.ReaderAt.
func fsOpener(fsys fs.FS, name string) func() (io.ReaderAt, int64, io.Closer, error) {
	return func() (io.ReaderAt, int64, io.Closer, error) {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, 0, nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, err
		}
		ra, ok := f.(io.ReaderAt)
		if !ok {
			f.Close()
			return nil, 0, nil, fmt.Errorf("parquetrows: %s: the file system's files do not support ReadAt", path.Base(name))
		}
		return ra, st.Size(), f, nil
	}
}

// Parts returns the part files of a folder written by Spark (or any
// writer of partitioned output), sorted by name: the files whose names
// end in ".parquet", skipping names that start with '_' (_SUCCESS,
// _committed_*, _started_*, _metadata) or '.' (checksums such as
// .part-0.parquet.crc, hidden files). A sub-folder (as partitionBy
// writes) is an error, as is a folder with no part file (ErrNoParts).
func Parts(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, "_") || strings.HasPrefix(n, ".") {
			continue
		}
		if e.IsDir() {
			return nil, fmt.Errorf("parquetrows: %s: sub-folder %s: partitioned folders are not supported; read each partition", path.Base(dir), n)
		}
		if strings.HasSuffix(n, ".parquet") {
			out = append(out, path.Join(dir, n))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("parquetrows: %s: %w", path.Base(dir), ErrNoParts)
	}
	sort.Strings(out)
	return out, nil
}
