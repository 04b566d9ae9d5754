package main

import (
	"bufio"
	"os"
	"path/filepath"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/warrenbrasil/customerdata/calendar"
)

// rowsPerGroup bounds the rows the Parquet writers buffer: each file gets
// row groups of at most this many rows.
const rowsPerGroup = 64 << 10

// positionRow is a positions.parquet row.
type positionRow struct {
	PositionID   string  `parquet:"position_id"`
	UserID       *string `parquet:"user_id,optional"`
	CPF          *string `parquet:"cpf,optional"`
	ProductName  string  `parquet:"product_name"`
	ProductType  string  `parquet:"product_type"`
	MaturityDate int32   `parquet:"maturity_date,date"`   // days since 1970-01-01
	Amount       int64   `parquet:"amount,decimal(2:18)"` // cents: DECIMAL(18,2)
}

// identityRow is an identities.parquet row: one observation.
type identityRow struct {
	Source     string  `parquet:"source"`
	ObservedAt int64   `parquet:"observed_at,timestamp(millisecond:utc)"`
	UserID     *string `parquet:"user_id,optional"`
	Email      *string `parquet:"email,optional"`
	CPF        *string `parquet:"cpf,optional"`
	Phone      *string `parquet:"phone,optional"`
}

// parquetSink writes positions.parquet and identities.parquet.
type parquetSink struct {
	files []*os.File
	bufs  []*bufio.Writer
	pos   *parquet.GenericWriter[positionRow]
	obs   *parquet.GenericWriter[identityRow]
}

func newParquetSink(dir string) (*parquetSink, error) {
	s := &parquetSink{}
	open := func(name string) (*bufio.Writer, error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		s.files = append(s.files, f)
		w := bufio.NewWriter(f)
		s.bufs = append(s.bufs, w)
		return w, nil
	}
	pw, err := open("positions.parquet")
	if err != nil {
		return nil, err
	}
	ow, err := open("identities.parquet")
	if err != nil {
		s.files[0].Close()
		return nil, err
	}
	s.pos = parquet.NewGenericWriter[positionRow](pw, parquet.MaxRowsPerRowGroup(rowsPerGroup))
	s.obs = parquet.NewGenericWriter[identityRow](ow, parquet.MaxRowsPerRowGroup(rowsPerGroup))
	return s, nil
}

// opt returns nil for an empty string.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// epochDays returns d as days since 1970-01-01.
func epochDays(d calendar.Date) int32 {
	return int32(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (s *parquetSink) observation(o observation) error {
	_, err := s.obs.Write([]identityRow{{Source: o.source, ObservedAt: o.at.UnixMilli(),
		UserID: opt(o.userID), Email: opt(o.email), CPF: opt(o.cpf), Phone: opt(o.phone)}})
	return err
}

func (s *parquetSink) position(p position) error {
	_, err := s.pos.Write([]positionRow{{PositionID: p.id, UserID: opt(p.userID), CPF: opt(p.cpf),
		ProductName: p.productName, ProductType: p.productType, MaturityDate: epochDays(p.maturity),
		Amount: int64(p.whole)*100 + int64(p.cents)}})
	return err
}

func (s *parquetSink) close() error {
	err := s.pos.Close()
	if oerr := s.obs.Close(); err == nil {
		err = oerr
	}
	for i, f := range s.files {
		if ferr := s.bufs[i].Flush(); err == nil {
			err = ferr
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
