/* models/csv.c: CSV through libcsv, with the position of every field (see csv.h).
 *
 * The text is checked and fed to libcsv one character at a time (one byte, or the bytes
 * of one UTF-8 sequence), so that when libcsv calls back at the end of a field or a row,
 * or refuses a byte, the reader knows exactly where that happened. The reader keeps
 * three facts of its own beside libcsv's state: where the next field will start (the
 * first byte fed after a field or row ended, except the line ends libcsv skips between
 * rows), whether the current field opened with a quote, and how many quotes it has seen
 * (an odd count means the reader is inside the quotes). That is enough to refuse a lone
 * CR outside quotes and to word libcsv's one strict "parse error" as what the user did
 * wrong.
 *
 * Fields are collected in flat arrays (their text one after another in a pool, each
 * with an offset) and turned into the table's pointers only at the end, since the pool
 * moves while it grows.
 */
#include "models/csv.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field as collected: its text is pool[off, off + len) followed by a NUL. */
struct fpos {
    size_t off, len;
    int line, col, quoted;
    size_t at;                 /* byte offset of the field's first character in the text */
};

/* A row as collected: fields first .. first + n - 1 of the field array. */
struct rpos {
    size_t first;
    int n;
    int line, end_line, end_col;
};

struct reader {
    const char *kind;          /* "page export", for messages */
    struct diag_list *d;
    int line, col;             /* position of the character being fed */
    int pending;               /* 1: the next character fed starts a field */
    int start_line, start_col; /* where the current field started */
    size_t start_at;           /* and its byte offset */
    int quoted;                /* the current field opened with a quote */
    size_t quotes;             /* quotes seen in the current field, the opening one included */
    size_t row_first;          /* first field of the current row */
    int row_n;                 /* fields of the current row so far */
    int stop;                  /* an error ended the reading */
    int nomem;
    struct fpos *f;            /* [nf] every field */
    size_t nf, capf;
    char *pool;                /* [pool_len] every field's text with its NUL */
    size_t pool_len, pool_cap;
    struct rpos *r;            /* [nr] every row, the header first */
    size_t nr, capr;
};

/* Grow *p (of *cap elements of size sz) to hold need; 0 or -1 when out of memory. */
static int grow(void **p, size_t *cap, size_t need, size_t sz)
{
    size_t c = *cap ? *cap : 64;
    void *q;
    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    q = realloc(*p, c * sz);
    if (q == NULL)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* libcsv's end-of-field callback: keep the field with the position it started at. */
static void on_field(void *s, size_t n, void *data)
{
    struct reader *r = data;
    struct fpos *fp;

    r->pending = 1;
    if (r->stop || r->nomem)
        return;
    if (r->row_n >= CSV_MAX_FIELDS) {
        diag_add(r->d, DIAG_ERROR, r->start_line, r->start_col,
                 "a row holds at most %d fields; this is field %d", CSV_MAX_FIELDS, r->row_n + 1);
        r->stop = 1;
        return;
    }
    if (grow((void **)&r->f, &r->capf, r->nf + 1, sizeof *r->f) != 0 ||
        grow((void **)&r->pool, &r->pool_cap, r->pool_len + n + 1, 1) != 0) {
        r->nomem = 1;
        return;
    }
    fp = &r->f[r->nf++];
    fp->off = r->pool_len;
    fp->len = n;
    fp->line = r->start_line;
    fp->col = r->start_col;
    fp->quoted = r->quoted;
    fp->at = r->start_at;
    if (n > 0)
        memcpy(r->pool + r->pool_len, s, n);
    r->pool[r->pool_len + n] = '\0';
    r->pool_len += n + 1;
    r->row_n++;
}

/* libcsv's end-of-row callback: the row ends at the character being fed (its line
 * end), or at the end of the file when called from csv_fini. */
static void on_row(int c, void *data)
{
    struct reader *r = data;
    struct rpos *rp;

    (void)c;
    r->pending = 1;
    if (r->stop || r->nomem)
        return;
    if (grow((void **)&r->r, &r->capr, r->nr + 1, sizeof *r->r) != 0) {
        r->nomem = 1;
        return;
    }
    rp = &r->r[r->nr++];
    rp->first = r->row_first;
    rp->n = r->row_n;
    rp->line = r->row_n > 0 ? r->f[r->row_first].line : r->line;
    rp->end_line = r->line;
    rp->end_col = r->col;
    r->row_first = r->nf;
    r->row_n = 0;
}

/* The length of the well-formed UTF-8 sequence at s[0, n), or 0 when it is not one
 * (overlong forms, surrogates and code points past U+10FFFF are not). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t k;
    unsigned cp;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        k = 2;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        k = 3;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        k = 4;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (k > n)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return k;
}

/* Say why libcsv refused the character c at the reader's position. Strict libcsv has
 * one parse error; what caused it follows from whether the field opened with a quote. */
static void parse_error(struct reader *r, struct csv_parser *p, unsigned char c)
{
    if (csv_error(p) != CSV_EPARSE) {
        r->nomem = 1;
        return;
    }
    if (!r->quoted)
        diag_add(r->d, DIAG_ERROR, r->line, r->col,
                 "a quote inside an unquoted field: write the whole field in quotes and "
                 "double the quote (\"a \"\"b\"\" c\")");
    else if (c == '"')
        diag_add(r->d, DIAG_ERROR, r->line, r->col,
                 "a quote inside a quoted field must be doubled (\"\")");
    else
        diag_add(r->d, DIAG_ERROR, r->line, r->col,
                 "text after the closing quote of a quoted field: a field ends at its "
                 "closing quote, and a quote inside it is doubled (\"\")");
    r->stop = 1;
}

/* Feed text[0, len) to libcsv, one character at a time. */
static void feed(struct reader *r, struct csv_parser *p, const char *text, size_t len)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i = 0;

    while (i < len && !r->stop && !r->nomem) {
        unsigned char c = t[i];
        size_t k = 1;
        int inside = r->quoted && !r->pending && r->quotes % 2 == 1;
        if (c == '\0') {
            diag_add(r->d, DIAG_ERROR, r->line, r->col,
                     "a NUL byte: a %s is text (UTF-8)", r->kind);
            r->stop = 1;
            break;
        }
        if (c >= 0x80 && (k = utf8_len(t + i, len - i)) == 0) {
            diag_add(r->d, DIAG_ERROR, r->line, r->col,
                     "not UTF-8 (byte 0x%02X): save the %s as UTF-8", c, r->kind);
            r->stop = 1;
            break;
        }
        if (c == '\r' && !inside && (i + 1 >= len || t[i + 1] != '\n')) {
            diag_add(r->d, DIAG_ERROR, r->line, r->col,
                     "a carriage return without a line feed: rows end with CRLF or LF");
            r->stop = 1;
            break;
        }
        /* The line ends between rows are skipped by libcsv and start no field. */
        if (r->pending && !(r->row_n == 0 && (c == '\r' || c == '\n'))) {
            r->pending = 0;
            r->start_line = r->line;
            r->start_col = r->col;
            r->start_at = i;
            r->quoted = c == '"';
            r->quotes = 0;
        }
        if (c == '"')
            r->quotes++;
        if (csv_parse(p, t + i, k, on_field, on_row, r) != k) {
            parse_error(r, p, c);
            break;
        }
        if (c == '\n') {
            r->line++;
            r->col = 1;
        } else {
            r->col++;
        }
        i += k;
    }
}

/* The header's names: none empty, none twice. */
static void check_header(struct reader *r, const struct rpos *h)
{
    for (int i = 0; i < h->n; i++) {
        const struct fpos *a = &r->f[h->first + (size_t)i];
        const char *name = r->pool + a->off;
        if (a->len == 0) {
            diag_add(r->d, DIAG_ERROR, a->line, a->col,
                     "column %d of the header has no name: the first row names the columns",
                     i + 1);
            continue;
        }
        for (int j = 0; j < i; j++) {
            const struct fpos *b = &r->f[h->first + (size_t)j];
            if (strcmp(r->pool + b->off, name) == 0) {
                diag_add(r->d, DIAG_ERROR, a->line, a->col,
                         "column '%s' is named twice in the header (columns %d and %d)", name,
                         j + 1, i + 1);
                break;
            }
        }
    }
}

/* Every row has as many fields as the header. */
static void check_widths(struct reader *r)
{
    const struct rpos *h = &r->r[0];
    for (size_t i = 1; i < r->nr; i++) {
        const struct rpos *w = &r->r[i];
        if (w->n > h->n) {
            const struct fpos *x = &r->f[w->first + (size_t)h->n];
            diag_add(r->d, DIAG_ERROR, x->line, x->col,
                     "this row has %d fields but the header names %d columns: the first one "
                     "too many starts here",
                     w->n, h->n);
        } else if (w->n < h->n) {
            diag_add(r->d, DIAG_ERROR, w->end_line, w->end_col,
                     "this row has %d field%s but the header names %d columns: no value for "
                     "'%s'",
                     w->n, w->n == 1 ? "" : "s", h->n, r->pool + r->f[h->first + (size_t)w->n].off);
        }
    }
}

/* Turn the collected arrays into a table (taking them over). NULL when out of memory. */
static struct csv_table *make_table(struct reader *r)
{
    struct csv_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->rows = calloc(r->nr, sizeof *t->rows);
    if (t->rows == NULL) {
        free(t);
        return NULL;
    }
    t->all = calloc(r->nf ? r->nf : 1, sizeof *t->all);
    if (t->all == NULL) {
        free(t->rows);
        free(t);
        return NULL;
    }
    t->pool = r->pool;
    r->pool = NULL;
    for (size_t i = 0; i < r->nf; i++)
        t->all[i] = (struct csv_field){t->pool + r->f[i].off, r->f[i].len, r->f[i].line,
                                       r->f[i].col, r->f[i].at, r->f[i].quoted};
    for (size_t i = 0; i < r->nr; i++) {
        struct csv_row *row = i == 0 ? &t->header : &t->rows[i - 1];
        row->fields = t->all + r->r[i].first;
        row->n_fields = r->r[i].n;
        row->line = r->r[i].line;
        row->end_line = r->r[i].end_line;
        row->end_col = r->r[i].end_col;
    }
    t->n_rows = (int)r->nr - 1;
    return t;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

enum csv_status csv_read_text(const char *name, const char *kind, const char *text,
                              size_t len, struct diag_list *diags, struct csv_table **out)
{
    struct reader r;
    struct csv_parser p;
    enum csv_status st = CSV_INVALID;

    *out = NULL;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    diag_init(diags, name, text, len);
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.d = diags;
    r.line = 1;
    r.col = 1;
    r.pending = 1;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return CSV_NOMEM;
    /* RFC 4180: spaces are part of a field; libcsv would trim them by default. */
    csv_set_space_func(&p, no_space);
    feed(&r, &p, text, len);
    if (!r.stop && !r.nomem && csv_fini(&p, on_field, on_row, &r) != 0) {
        /* CSV_STRICT_FINI: the last field opened a quote and never closed it. */
        diag_add(diags, DIAG_ERROR, r.start_line, r.start_col,
                 "this quoted field is never closed: a quote is missing before the end of "
                 "the file");
        r.stop = 1;
    }
    csv_free(&p);
    if (r.nomem) {
        st = CSV_NOMEM;
        goto out;
    }
    if (r.stop)
        goto out;
    if (r.nr == 0) {
        diag_add(diags, DIAG_ERROR, 0, 0,
                 "the %s is empty: it starts with a header row naming its columns", kind);
        goto out;
    }
    check_header(&r, &r.r[0]);
    check_widths(&r);
    if (diags->n_errors > 0)
        goto out;
    *out = make_table(&r);
    st = *out ? CSV_OK : CSV_NOMEM;
out:
    free(r.f);
    free(r.pool);
    free(r.r);
    return st;
}

enum csv_status csv_read_bytes(const char *path, const char *kind, struct diag_list *diags,
                               char **text_out, size_t *len_out)
{
    FILE *f;
    char *text = NULL, *grown;
    size_t len = 0, cap = 0, got;
    enum csv_status st = CSV_IO;

    *text_out = NULL;
    *len_out = 0;
    diag_init(diags, path, NULL, 0);
    f = fopen(path, "rb");
    if (f == NULL) {
        diag_add(diags, DIAG_ERROR, 0, 0, "cannot open the %s: %s", kind, strerror(errno));
        return CSV_IO;
    }
    for (;;) {
        if (cap - len < 4096 + 1) {
            cap = cap ? cap * 2 : 16384;
            grown = realloc(text, cap);
            if (grown == NULL) {
                st = CSV_NOMEM;
                goto out;
            }
            text = grown;
        }
        got = fread(text + len, 1, cap - len - 1, f);
        len += got;
        if ((long)len > CSV_MAX_FILE) {
            diag_add(diags, DIAG_ERROR, 0, 0,
                     "the %s is larger than %ld MB: export a shorter period", kind,
                     CSV_MAX_FILE / (1024 * 1024));
            st = CSV_INVALID;
            goto out;
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        diag_add(diags, DIAG_ERROR, 0, 0, "cannot read the %s: %s", kind, strerror(errno));
        goto out;
    }
    text[len] = '\0';
    *text_out = text;
    *len_out = len;
    text = NULL;
    st = CSV_OK;
out:
    fclose(f);
    free(text);
    return st;
}

enum csv_status csv_read_file(const char *path, const char *kind, struct diag_list *diags,
                              char **text_out, struct csv_table **out)
{
    size_t len;
    enum csv_status st = csv_read_bytes(path, kind, diags, text_out, &len);

    *out = NULL;
    if (st != CSV_OK)
        return st;
    diag_fini(diags);
    return csv_read_text(path, kind, *text_out, len, diags, out);
}

void csv_table_free(struct csv_table *t)
{
    if (t == NULL)
        return;
    free(t->pool);
    free(t->all);
    free(t->rows);
    free(t);
}

int csv_column(const struct csv_table *t, const char *name)
{
    for (int i = 0; i < t->header.n_fields; i++)
        if (strcmp(t->header.fields[i].text, name) == 0)
            return i;
    return -1;
}

int csv_require_column(const struct csv_table *t, const char *kind, const char *name,
                       const char *what, struct diag_list *diags)
{
    const char *names[CSV_MAX_FIELDS + 1];
    const char *near;
    int i = csv_column(t, name);
    if (i >= 0)
        return i;
    for (i = 0; i < t->header.n_fields; i++)
        names[i] = t->header.fields[i].text;
    names[i] = NULL;
    near = diag_suggest(name, names);
    if (near)
        diag_add(diags, DIAG_ERROR, t->header.line, 1,
                 "the %s has no column '%s'%s%s%s; did you mean '%s'?", kind, name,
                 what ? " (" : "", what ? what : "", what ? ")" : "", near);
    else
        diag_add(diags, DIAG_ERROR, t->header.line, 1, "the %s has no column '%s'%s%s%s", kind,
                 name, what ? " (" : "", what ? what : "", what ? ")" : "");
    return -1;
}

const char *csv_status_name(enum csv_status s)
{
    switch (s) {
    case CSV_OK:
        return "ok";
    case CSV_INVALID:
        return "invalid input";
    case CSV_IO:
        return "cannot read the file";
    case CSV_NOMEM:
        return "out of memory";
    }
    return "unknown status";
}
