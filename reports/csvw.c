/* reports/csvw.c: the RFC 4180 writer (see csvw.h). */
#include "reports/csvw.h"

#include <math.h>
#include <string.h>

void csvw_init(struct csvw *w, FILE *f)
{
    w->f = f;
    w->n_fields = 0;
    w->first_empty = 0;
    w->error = 0;
}

int csvw_needs_quotes(const char *s, size_t len)
{
    /* A byte order mark at the start of a file is skipped by readers (ours included), so
     * a field beginning with one is quoted wherever it is. */
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return 1;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return 1;
    return 0;
}

/* The separator before every field but a row's first. */
static void separate(struct csvw *w)
{
    if (w->n_fields++ > 0 && putc(',', w->f) == EOF)
        w->error = 1;
}

void csvw_field_len(struct csvw *w, const char *s, size_t len)
{
    if (w->error)
        return;
    separate(w);
    if (w->n_fields == 1)
        w->first_empty = len == 0;
    if (!csvw_needs_quotes(s, len)) {
        if (len > 0 && fwrite(s, 1, len, w->f) != len)
            w->error = 1;
        return;
    }
    if (putc('"', w->f) == EOF)
        w->error = 1;
    for (size_t i = 0; i < len && !w->error; i++) {
        /* A quote is doubled: the first of the pair is written here. */
        if ((s[i] == '"' && putc('"', w->f) == EOF) || putc((unsigned char)s[i], w->f) == EOF)
            w->error = 1;
    }
    if (putc('"', w->f) == EOF)
        w->error = 1;
}

void csvw_field(struct csvw *w, const char *s)
{
    csvw_field_len(w, s ? s : "", s ? strlen(s) : 0);
}

void csvw_number(struct csvw *w, double x)
{
    char b[40];
    if (isnan(x)) {
        csvw_field_len(w, "", 0);
        return;
    }
    snprintf(b, sizeof b, "%.17g", x);
    csvw_field(w, b);
}

void csvw_end_row(struct csvw *w)
{
    if (w->error)
        return;
    if (w->n_fields == 1 && w->first_empty && fputs("\"\"", w->f) == EOF)
        w->error = 1;
    if (fputs("\r\n", w->f) == EOF)
        w->error = 1;
    w->n_fields = 0;
}

int csvw_error(const struct csvw *w)
{
    return w->error || ferror(w->f);
}
