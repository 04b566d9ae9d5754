package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/parquet-go/parquet-go"
)

// header is the CSV header and the order of the columns.
var header = []string{"date", "is_business_day", "holiday_name", "business_day_number", "next_business_day"}

// parquetRow is the Parquet schema: dates are days since 1970-01-01 with the
// DATE logical type.
type parquetRow struct {
	Date              int32  `parquet:"date,date"`
	IsBusinessDay     bool   `parquet:"is_business_day"`
	HolidayName       string `parquet:"holiday_name"`
	BusinessDayNumber int32  `parquet:"business_day_number"`
	NextBusinessDay   int32  `parquet:"next_business_day,date"`
}

// write writes the table cfg asks for to cfg.out, or to stdout when it is
// empty. A file left incomplete by an error is removed.
func write(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	w := stdout
	if cfg.out != "" {
		f, cerr := os.Create(cfg.out)
		if cerr != nil {
			return cerr
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(cfg.out)
			}
		}()
		w = f
	}
	if cfg.format == "parquet" {
		return writeParquet(ctx, cfg, w)
	}
	return writeCSV(ctx, cfg, w)
}

func writeCSV(ctx context.Context, cfg config, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	err := table(ctx, cfg.cal, cfg.from, cfg.to, func(rows []row) error {
		for _, r := range rows {
			rec[0] = r.Date.String()
			rec[1] = strconv.FormatBool(r.IsBusinessDay)
			rec[2] = r.HolidayName
			rec[3] = strconv.Itoa(r.BusinessDayNumber)
			rec[4] = r.NextBusinessDay.String()
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return bw.Flush()
}

func writeParquet(ctx context.Context, cfg config, w io.Writer) error {
	pw := parquet.NewGenericWriter[parquetRow](w, parquet.Compression(&parquet.Snappy))
	var buf []parquetRow
	err := table(ctx, cfg.cal, cfg.from, cfg.to, func(rows []row) error {
		buf = buf[:0]
		for _, r := range rows {
			buf = append(buf, parquetRow{
				Date:              int32(r.Date.DaysSinceEpoch()),
				IsBusinessDay:     r.IsBusinessDay,
				HolidayName:       r.HolidayName,
				BusinessDayNumber: int32(r.BusinessDayNumber),
				NextBusinessDay:   int32(r.NextBusinessDay.DaysSinceEpoch()),
			})
		}
		_, err := pw.Write(buf)
		return err
	})
	if err != nil {
		return errors.Join(err, pw.Close())
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("writing Parquet: %w", err)
	}
	return nil
}
