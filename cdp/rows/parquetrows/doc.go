// Package parquetrows reads Parquet files into the typed rows of package
// rows, so a job reads Parquet, CSV and NDJSON with one loop and one
// error policy. It is a separate package so that importing cdp or
// cdp/rows does not pull in a Parquet library.
//
// # Inputs
//
// Open reads one .parquet file or a folder of part files (Spark's
// df.write.parquet output: part-*.parquet, with _SUCCESS, _committed_*,
// _started_* and dot files ignored), sorted by name. NewReader reads one
// file from an io.ReaderAt.
//
// # Types
//
// Columns are matched by name (top-level, not repeated). Each schema Kind
// accepts these Parquet types; any other is an error naming the file and
// the column before a row is read:
//
//	String     BYTE_ARRAY annotated STRING (UTF8) or ENUM, or not annotated
//	Decimal    DECIMAL(p,s) on INT32, INT64, FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY,
//	           read exactly (never through float64); plain INT32/INT64; STRING text
//	Int        INT32 or INT64, signed or unsigned (an unsigned value over the
//	           int64 range is a bad row)
//	Bool       BOOLEAN
//	Date       DATE (INT32 days since 1970-01-01); STRING text YYYY-MM-DD
//	Timestamp  TIMESTAMP(MILLIS|MICROS|NANOS) on INT64, adjusted to UTC or not
//	           (a local timestamp is read as if its wall clock were UTC);
//	           Spark's legacy INT96; STRING text in RFC 3339
//
// FLOAT and DOUBLE are refused for Decimal columns: they cannot hold money
// exactly. Strings are trimmed and checked like text input (valid UTF-8,
// MaxLen). A null in an optional (nullable) column leaves the value unset;
// in a column the schema requires, it is an ErrRequired row error.
//
// # Errors and memory
//
// Errors name the file (its base name), the row (counted from 1 in each
// file) and the column. A file that is not Parquet or is truncated is an
// error wrapping ErrBadFile. Files are read one at a time, each row group
// column by column a page at a time, so memory is bounded by a row group,
// not by the file.
package parquetrows
