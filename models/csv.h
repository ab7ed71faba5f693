/* models/csv.h: reading a CSV file (RFC 4180) into rows of fields, each field with its
 * position, so that whatever reads the values can point at them in its diagnostics.
 *
 * This is the one module that includes <csv.h> (libcsv). libcsv parses; it does not say
 * where a field starts or where a parse error happened, so the text is fed to it one
 * byte at a time while this module counts lines and columns: a field's position is that
 * of the first byte fed after the previous field or row ended (the opening quote of a
 * quoted field), and a parse error is at the byte libcsv refused.
 *
 * The dialect is strict RFC 4180 (libcsv's CSV_STRICT | CSV_STRICT_FINI, and no space
 * trimming, since RFC 4180 says spaces are part of a field):
 *   - fields are separated by ',' and rows end with CRLF or LF (a CR alone is refused:
 *     it would end a row without ending a line, and positions count lines by LF);
 *   - a field holding a comma, a quote, CR or LF is quoted, and a quote inside it is
 *     doubled; a quoted field may span lines;
 *   - a quote inside an unquoted field, text after a closing quote, and a quoted field
 *     still open at the end of the file are errors;
 *   - the first row is the header, naming the columns (non-empty, no two alike); every
 *     other row has exactly as many fields as the header;
 *   - a UTF-8 byte order mark at the start is skipped; the text must be UTF-8 without
 *     NUL bytes; blank lines between rows are skipped (libcsv reports no empty row);
 *   - a file holds at most CSV_MAX_FILE bytes and a row at most CSV_MAX_FIELDS fields.
 *
 * Positions are 1-based lines and columns, columns counted in characters as the plan
 * loader counts them (so the caret of models/diag.h lands under the field; for ASCII text
 * a column is a byte column), on the text after the byte order mark; each field also
 * keeps its byte offset in that text. Errors go to a
 * models/diag.h list, jq-style, with the source line and a caret; a parse error stops
 * the reading (nothing after it can be trusted), a row of the wrong width does not (up to
 * the list's limit, every such row is reported).
 *
 * libcsv owns the names csv_init, csv_parse, csv_fini, csv_free, csv_error,
 * csv_strerror, csv_write*, csv_get_* and csv_set_* and the CSV_* option and error
 * macros; this module's names (csv_read_*, csv_table_*, csv_column, csv_status_name,
 * CSV_MAX_*, enum csv_status) are chosen not to collide with them.
 */
#ifndef DRSIM_CSV_H
#define DRSIM_CSV_H

#include <stddef.h>

#include "models/diag.h"

#define CSV_MAX_FILE   (16L * 1024 * 1024) /* bytes of a CSV file (a year of pages is far less) */
#define CSV_MAX_FIELDS 256                  /* fields in one row */

enum csv_status {
    CSV_OK = 0,        /* *out holds a table */
    CSV_INVALID,       /* bad input: diagnostics are in the diag_list */
    CSV_IO,            /* the file could not be read: message in the diag_list */
    CSV_NOMEM          /* out of memory */
};

struct csv_field {
    const char *text;  /* the value, NUL-terminated, quotes removed (points into the table) */
    size_t len;        /* bytes of text (a field cannot hold NUL, so also strlen) */
    int line;          /* 1-based line of the field's first character (its opening quote) */
    int col;           /* 1-based column of it, in characters (diag.h's carets count them) */
    size_t off;        /* byte offset of it in the text, after a byte order mark */
    int quoted;        /* 1 when written in quotes */
};

struct csv_row {
    struct csv_field *fields; /* [n_fields] (points into the table) */
    int n_fields;
    int line;          /* 1-based line the row starts on */
    int end_line;      /* position of what ends the row (its line end, or the end of */
    int end_col;       /* the file), where a missing field is reported */
};

struct csv_table {
    struct csv_row header;    /* the first row: the column names */
    struct csv_row *rows;     /* [n_rows] the rows after the header, in file order */
    int n_rows;
    /* The table owns its memory through these; the fields above point into them. */
    char *pool;               /* every field's text, NUL-terminated one after another */
    struct csv_field *all;    /* every field, header first */
};

/* Read CSV text of len bytes (it may hold NUL bytes, which are refused) named `name` in
 * messages. This initialises diags itself (diag_init with name and the text after a byte
 * order mark, so quoted lines are shown without it); release it with diag_fini whatever
 * the status. `kind` names the file in messages ("page export"). On CSV_OK *out holds a
 * new table (free with csv_table_free); otherwise *out is NULL. text is borrowed and must
 * outlive the printing of diags. */
enum csv_status csv_read_text(const char *name, const char *kind, const char *text,
                              size_t len, struct diag_list *diags, struct csv_table **out);

/* Read the file at path (at most CSV_MAX_FILE bytes, else an error saying so) and
 * csv_read_text it. The bytes are kept by the caller through *text_out (malloc'd,
 * NUL-terminated, free with free(); NULL when the file could not be read) because the
 * diagnostics quote them; diags is initialised by this function. */
enum csv_status csv_read_file(const char *path, const char *kind, struct diag_list *diags,
                              char **text_out, struct csv_table **out);

/* Only the reading of csv_read_file: the file's bytes into *text_out (malloc'd, with a
 * NUL after them; NULL on failure) and their count into *len_out; diags is initialised
 * (without text) and holds the error when the status is not CSV_OK. For readers of a
 * particular CSV file (models/pages.h) that call csv_read_text themselves. */
enum csv_status csv_read_bytes(const char *path, const char *kind, struct diag_list *diags,
                               char **text_out, size_t *len_out);

/* Release a table; csv_table_free(NULL) is a no-op. */
void csv_table_free(struct csv_table *t);

/* The index of the header column named `name` (exact, case-sensitive), or -1. */
int csv_column(const struct csv_table *t, const char *name);

/* csv_column, reporting a missing column as an error in diags at the header's first
 * field: "the page export has no column 'acknowledged' (did you mean 'acknowledged_at'?)"
 * with the closest header name suggested (diag_suggest), and `what` (may be NULL) saying
 * what the column is for. Returns the index or -1. */
int csv_require_column(const struct csv_table *t, const char *kind, const char *name,
                       const char *what, struct diag_list *diags);

/* A short text for a status (not libcsv's csv_strerror, which maps libcsv's codes). */
const char *csv_status_name(enum csv_status s);

#endif
