// Package rows reads typed rows from CSV and NDJSON inputs against a
// Schema, with errors that name the input, the line and the column.
// Parquet files are read by the sub-package parquetrows into the same
// Reader, so a job handles every format with one loop.
//
// # Schema and rows
//
// A Schema lists columns: a name, a Kind (String, Decimal, Int, Bool,
// Date, Timestamp), whether it is required, a maximum length in runes for
// strings, and whether it holds personal data (PII). A Row gives typed
// access by column index: Row.Decimal(i) returns an exact decimal.Decimal,
// Row.Date(i) a calendar.Date, Row.Time(i) a time.Time in UTC.
//
// # Input checks
//
// Every value is trimmed; an empty required value is an error. Text must
// be valid UTF-8 (a bad byte is never turned into U+FFFD) and a string no
// longer than its column's MaxLen. A UTF-8 byte-order mark is skipped; a
// UTF-16 file, a CSV header separated by ';' or tabs, and a column name
// that differs from the schema only in case are refused with a hint that
// says so (see the Comma and FoldCase options). Decimals use '.' only: a
// decimal comma ("1.234,56") is an error with a hint. Messages never quote
// values of PII columns.
//
// # Errors
//
// A bad row does not stop the reading: Reader.Next skips it and records
// one *Error per problem (source, line or row, column, cause wrapping a
// sentinel such as ErrInvalid or ErrRequired). Reader.Err returns them as
// an *Errors with the first MaxErrors (default 50) and the count of the
// rest ("and 70 more errors"). A header that cannot be used fails the
// constructor.
//
// # Memory
//
// Readers stream: memory is bounded by one record (CSV), one line (NDJSON,
// at most MaxLineBytes, 1 MiB by default) or one row group (Parquet), not
// by the input. Reader.Next checks its context every 1,024 records.
package rows
