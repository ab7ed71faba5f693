/* reports/csvw.h: writing CSV per RFC 4180, for the per-trial export.
 *
 * A field is written as it is unless it holds a comma, a quote, a carriage return or a
 * line feed (or begins with a UTF-8 byte order mark, which a reader would skip at the
 * start of a file); then it is enclosed in quotes and every quote inside it is doubled. Rows
 * end with CRLF, as RFC 4180 section 2 specifies: spreadsheets (the export's first
 * readers) expect it, R, pandas and drsim's own reader (models/csv.h) take it, and a
 * line feed inside a quoted field then cannot be mistaken for the end of a row by a
 * reader that splits lines naively. Fields are written byte for byte: the caller gives
 * UTF-8. Numbers are written with 17 significant digits so they read back to the same
 * double; a NaN is an empty field. A row whose one field is empty is written `""`, since
 * an empty line is a blank line to readers (they skip it), not a row.
 *
 * This is a plain writer on stdio: libcsv (models/csv.h) is only used for reading. A
 * csvw is caller-allocated (csvw_init); errors are sticky: once a write fails, later
 * calls do nothing and csvw_error says so, so the caller checks once at the end.
 * Nothing here guards against spreadsheet formula injection (a field starting with
 * '=', '+', '-' or '@'): the values are the plan's names and simulated numbers.
 */
#ifndef DRSIM_CSVW_H
#define DRSIM_CSVW_H

#include <stddef.h>
#include <stdio.h>

struct csvw {
    FILE *f;          /* borrowed: where the CSV goes */
    int n_fields;     /* fields written in the current row */
    int first_empty;  /* the row's first field was empty and written as nothing */
    int error;        /* 1 once a write failed (sticky) */
};

/* Start writing CSV to f (borrowed; the caller opens and closes it). */
void csvw_init(struct csvw *w, FILE *f);

/* Write one field of len bytes, byte for byte (quoted when csvw_needs_quotes). */
void csvw_field_len(struct csvw *w, const char *s, size_t len);

/* Write one NUL-terminated field; NULL is an empty field. */
void csvw_field(struct csvw *w, const char *s);

/* Write a number with 17 significant digits ("%.17g"); NaN is an empty field. */
void csvw_number(struct csvw *w, double x);

/* End the current row with CRLF. */
void csvw_end_row(struct csvw *w);

/* 1 when any write failed, else 0 (also checks the stream's error flag). */
int csvw_error(const struct csvw *w);

/* Whether a field needs quotes: it holds a comma, a quote, CR or LF, or begins with a
 * byte order mark. */
int csvw_needs_quotes(const char *s, size_t len);

#endif
