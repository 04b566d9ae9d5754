package parquetrows

import (
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/warrenbrasil/customerdata/cdp/rows"
)

// valueBatch is how many values a column cursor reads from a page at once.
const valueBatch = 256

// cursor reads one column chunk's values across its pages.
type cursor struct {
	pages parquet.Pages
	vr    parquet.ValueReader
	buf   []parquet.Value
	i, n  int
}

func (c *cursor) reset(p parquet.Pages) {
	c.close()
	c.pages, c.vr, c.i, c.n = p, nil, 0, 0
	if c.buf == nil {
		c.buf = make([]parquet.Value, valueBatch)
	}
}

func (c *cursor) close() {
	if c.pages != nil {
		_ = c.pages.Close()
		c.pages = nil
	}
}

// next returns the next value (a null one for a missing optional value).
func (c *cursor) next() (parquet.Value, error) {
	for c.i == c.n {
		if c.vr == nil {
			page, err := c.pages.ReadPage()
			if err == io.EOF {
				return parquet.Value{}, io.ErrUnexpectedEOF // fewer values than rows
			}
			if err != nil {
				return parquet.Value{}, err
			}
			c.vr = page.Values()
		}
		n, err := c.vr.ReadValues(c.buf)
		c.i, c.n = 0, n
		if err == io.EOF {
			c.vr = nil
		} else if err != nil {
			return parquet.Value{}, err
		}
	}
	v := c.buf[c.i]
	c.i++
	return v, nil
}

// source is one Parquet file to read.
type source struct {
	name string // base name, for errors
	open func() (io.ReaderAt, int64, io.Closer, error)
	plan []column
}

// decoder reads the rows of its sources in order, one row group at a time.
type decoder struct {
	sources []source
	fi      int // index of the current source
	closer  io.Closer
	file    *parquet.File
	rg      int   // next row group of file
	left    int64 // rows left in the current row group
	row     int64 // rows read from the current file
	cursors []cursor
	vals    []parquet.Value
	offs    []int // string offsets into strBuf, two per column
	strBuf  []byte
}

func newDecoder(sources []source, n int) *decoder {
	return &decoder{sources: sources, cursors: make([]cursor, n), vals: make([]parquet.Value, n), offs: make([]int, 2*n)}
}

// Decode reads the next row.
func (d *decoder) Decode(row *rows.Row) error {
	for d.left == 0 {
		if d.file == nil {
			if d.fi == len(d.sources) {
				return io.EOF
			}
			if err := d.openFile(); err != nil {
				return err
			}
			continue
		}
		groups := d.file.RowGroups()
		if d.rg == len(groups) {
			d.closeFile()
			d.fi++
			continue
		}
		rg := groups[d.rg]
		d.rg++
		chunks := rg.ColumnChunks()
		for i, c := range d.sources[d.fi].plan {
			if c.leaf >= 0 {
				d.cursors[i].reset(chunks[c.leaf].Pages())
			}
		}
		d.left = rg.NumRows()
	}
	d.left--
	d.row++
	src := &d.sources[d.fi]
	row.Begin(rows.Pos{Source: src.name, Row: d.row})
	d.strBuf = d.strBuf[:0]
	for i, c := range src.plan {
		if c.leaf < 0 {
			continue
		}
		v, err := d.cursors[i].next()
		if err != nil {
			return &rows.Error{Source: src.name, Row: d.row, Column: row.Schema().Column(i).Name, Err: fmt.Errorf("%w: %v", ErrBadFile, err)}
		}
		d.vals[i] = v
		if c.text && !v.IsNull() {
			d.offs[2*i] = len(d.strBuf)
			d.strBuf = append(d.strBuf, v.ByteArray()...)
			d.offs[2*i+1] = len(d.strBuf)
		}
	}
	var text string
	if len(d.strBuf) > 0 {
		text = string(d.strBuf) // one allocation for every string of the row
	}
	for i, c := range src.plan {
		if c.leaf < 0 || d.vals[i].IsNull() {
			continue
		}
		if c.text {
			row.SetText(i, text[d.offs[2*i]:d.offs[2*i+1]])
		} else {
			c.conv(row, i, d.vals[i])
		}
	}
	return nil
}

func (d *decoder) openFile() error {
	src := &d.sources[d.fi]
	ra, size, closer, err := src.open()
	if err != nil {
		return err
	}
	f, err := openParquet(src.name, ra, size)
	if err != nil {
		if closer != nil {
			_ = closer.Close()
		}
		return err
	}
	d.file, d.closer, d.rg, d.row, d.left = f, closer, 0, 0, 0
	return nil
}

func (d *decoder) closeFile() error {
	for i := range d.cursors {
		d.cursors[i].close()
	}
	d.file = nil
	var err error
	if d.closer != nil {
		err = d.closer.Close()
		d.closer = nil
	}
	return err
}

// Close closes the file being read, if any.
func (d *decoder) Close() error {
	d.fi = len(d.sources)
	d.left = 0
	return d.closeFile()
}

// openParquet opens a Parquet file's footer, naming the file in errors.
func openParquet(name string, r io.ReaderAt, size int64) (*parquet.File, error) {
	f, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, &rows.Error{Source: name, Err: fmt.Errorf("%w: %v", ErrBadFile, err)}
	}
	return f, nil
}

// ErrBadFile: a file is not Parquet, is truncated, or is corrupt.
var ErrBadFile = errors.New("not a readable Parquet file")
