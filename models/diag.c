/* models/diag.c: collecting diagnostics about bad input and printing them jq-style.
 *
 * Diagnostics are kept in the caller's diag_list in the order they were reported and
 * printed sorted by position, so a loader can check sections in whatever order its
 * cross references need and the user still reads the file top to bottom. Each message
 * quotes its source line with a caret under the column. Columns are counted in
 * characters, as libyaml counts them, so the caret line copies tabs and turns every
 * other character (a multi-byte UTF-8 sequence included) into one space.
 *
 * Nothing from the file reaches the terminal raw: a quoted line may hold a control
 * character libyaml refused (its diagnostic quotes the very line), and a message may
 * quote a decoded value ("\e" in a double-quoted scalar is an ESC). Both are written
 * with their control characters, noncharacters and malformed bytes made visible
 * (models/text.h), and the caret line counts an escaped character as the columns its
 * escape takes.
 */
#include "models/diag.h"

#include "models/text.h"

#include <stdlib.h>
#include <string.h>

void diag_init(struct diag_list *d, const char *file, const char *text, size_t text_len)
{
    memset(d, 0, sizeof *d);
    d->file = file;
    d->text = text;
    d->text_len = text ? text_len : 0;
}

void diag_fini(struct diag_list *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->items[i].msg);
        d->items[i].msg = NULL;
    }
    d->n = 0;
    d->n_errors = 0;
    d->n_dropped = 0;
}

/* The same problem can be reported twice when aliases make one YAML node appear at two
 * places of the plan; the position is the node's, so the second report is identical
 * and is dropped rather than counted. */
static int is_repeat(const struct diag_list *d, enum diag_severity sev, int line, int col,
                     const char *msg)
{
    for (int i = 0; i < d->n; i++) {
        const struct diag *g = &d->items[i];
        if (g->severity == sev && g->line == line && g->col == col && strcmp(g->msg, msg) == 0)
            return 1;
    }
    return 0;
}

void diag_vadd(struct diag_list *d, enum diag_severity sev, int line, int col,
               const char *fmt, va_list ap)
{
    va_list ap2;
    char *msg;
    int len;

    va_copy(ap2, ap);
    len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (msg == NULL) {
        /* Out of memory: the problem still counts, it just cannot be shown. */
        if (sev == DIAG_ERROR)
            d->n_errors++;
        d->n_dropped++;
        return;
    }
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    if (is_repeat(d, sev, line, col, msg)) {
        free(msg);
        return;
    }
    if (sev == DIAG_ERROR)
        d->n_errors++;
    if (d->n >= DIAG_MAX) {
        d->n_dropped++;
        free(msg);
        return;
    }
    d->items[d->n].severity = sev;
    d->items[d->n].line = line < 0 ? 0 : line;
    d->items[d->n].col = col < 0 ? 0 : col;
    d->items[d->n].msg = msg;
    d->n++;
}

void diag_add(struct diag_list *d, enum diag_severity sev, int line, int col,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, line, col, fmt, ap);
    va_end(ap);
}

static const char *severity_name(enum diag_severity s)
{
    switch (s) {
    case DIAG_ERROR:
        return "error";
    case DIAG_WARNING:
        return "warning";
    case DIAG_NOTE:
        return "note";
    }
    return "error";
}

/* Find 1-based line `line` of the text; returns its start and sets *len (without the
 * newline or a carriage return before it), or NULL when the text has no such line. */
static const char *find_line(const struct diag_list *d, int line, size_t *len)
{
    const char *p, *end, *nl;
    /* Checked before any arithmetic: NULL + 0 is undefined behaviour in C. */
    if (d->text == NULL || line < 1)
        return NULL;
    p = d->text;
    end = d->text + d->text_len;
    for (int l = 1; l < line; l++) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    if (p >= end && line > 1)
        return NULL;
    nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    if (*len > 0 && p[*len - 1] == '\r')
        (*len)--;
    return p;
}

/* Longest part of a source line quoted, in bytes: a minified or generated file can
 * have a line of megabytes, and the caret only needs its surroundings. */
#define DIAG_LINE_SHOWN 160

static int is_cont(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

/* Byte offset in line s of 1-based character column col (len if past the end). */
static size_t col_offset(const char *s, size_t len, int col)
{
    size_t i = 0;
    for (int c = 1; c < col && i < len; c++) {
        i++;
        while (i < len && is_cont((unsigned char)s[i]))
            i++;
    }
    return i;
}

/* The length in bytes of the character at s[i]: a lead byte and the continuation bytes
 * after it, as col_offset counts a column; at most len - i. */
static size_t char_len(const char *s, size_t len, size_t i)
{
    size_t j = i + 1;
    while (j < len && is_cont((unsigned char)s[j]))
        j++;
    return j - i;
}

/* How one character of a quoted line is shown: as it is (a tab, or printable UTF-8),
 * or made visible by text_escape (models/text.h) when it is a control character, a
 * noncharacter, a NUL or a malformed byte, so a file cannot send escape sequences to
 * the terminal through a diagnostic. Writes the shown text to out (when not NULL) and
 * returns the columns it takes: 1, or the length of the escape. */
static size_t show_char(const char *c, size_t n, FILE *out)
{
    char one[8], esc[48];
    if (n > 4) {
        /* A lead byte with more continuation bytes than UTF-8 allows: every byte is
         * malformed. */
        for (size_t i = 0; out && i < n; i++)
            fprintf(out, "\\x%02X", (unsigned char)c[i]);
        return 4 * n;
    }
    if (n == 1 && c[0] == '\t') {
        if (out)
            fputc('\t', out);
        return 1;
    }
    if (n == 1 && c[0] == '\0') {
        snprintf(esc, sizeof esc, "\\x00");
    } else {
        memcpy(one, c, n);
        one[n] = '\0';
        text_escape(one, esc, sizeof esc);
        if (strcmp(esc, one) == 0) {
            if (out)
                fwrite(c, 1, n, out);
            return 1;
        }
    }
    if (out)
        fputs(esc, out);
    return strlen(esc);
}

/* Quote a source line, or a window of DIAG_LINE_SHOWN bytes of it around the caret
 * with "..." where it is cut, then the caret line: one blank (or a tab, where the
 * source has one) per column the shown text takes before the caret's character, then
 * '^'. Characters made visible by show_char take as many blanks as their escape is
 * long, so the caret stays under its character. Past the end of the line it pads with
 * blanks. */
static void print_source(FILE *out, const char *s, size_t len, int col)
{
    size_t at = col > 0 ? col_offset(s, len, col) : 0, from = 0, to = len;
    int past = 0;

    if (len > DIAG_LINE_SHOWN) {
        if (at > DIAG_LINE_SHOWN - DIAG_LINE_SHOWN / 4) {
            from = at - DIAG_LINE_SHOWN / 2;
            while (from > 0 && is_cont((unsigned char)s[from]))
                from--;
        }
        to = from + DIAG_LINE_SHOWN < len ? from + DIAG_LINE_SHOWN : len;
        while (to < len && to > from && is_cont((unsigned char)s[to]))
            to--;
    }
    fprintf(out, "    %s", from > 0 ? "..." : "");
    for (size_t i = from; i < to;) {
        size_t n = char_len(s, to, i);
        show_char(s + i, n, out);
        i += n;
    }
    fprintf(out, "%s\n", to < len ? "..." : "");
    if (col <= 0)
        return;
    fprintf(out, "    %s", from > 0 ? "   " : "");
    /* Characters before the window are not printed, so they take no room; columns past
     * the end of the line are one blank each. */
    for (size_t i = 0; i < from;) {
        i += char_len(s, len, i);
        past--;
    }
    past += col - 1;
    for (size_t i = from; past > 0; past--) {
        if (i < len) {
            size_t n = char_len(s, len, i);
            size_t w = show_char(s + i, n, NULL);
            if (s[i] == '\t')
                fputc('\t', out);
            else
                fprintf(out, "%*s", (int)w, "");
            i += n;
        } else {
            fputc(' ', out);
        }
    }
    fputs("^\n", out);
}

void diag_print(const struct diag_list *d, FILE *out)
{
    int order[DIAG_MAX];
    const char *file = d->file ? d->file : "<input>";

    /* Insertion sort by (line, col): stable, and DIAG_MAX is small. */
    for (int i = 0; i < d->n; i++) {
        int j = i;
        while (j > 0) {
            const struct diag *a = &d->items[order[j - 1]], *b = &d->items[i];
            if (a->line < b->line || (a->line == b->line && a->col <= b->col))
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    for (int k = 0; k < d->n; k++) {
        const struct diag *g = &d->items[order[k]];
        const char *src;
        size_t len = 0;
        /* The file name and the message may quote text from the file (or the command
         * line): both are escaped as they are written. */
        text_fputs(file, out);
        if (g->line > 0 && g->col > 0)
            fprintf(out, ":%d:%d", g->line, g->col);
        else if (g->line > 0)
            fprintf(out, ":%d", g->line);
        fprintf(out, ": %s: ", severity_name(g->severity));
        text_fputs(g->msg, out);
        fputc('\n', out);
        if (g->line <= 0)
            continue;
        src = find_line(d, g->line, &len);
        if (src != NULL)
            print_source(out, src, len, g->col);
    }
    if (d->n_dropped > 0)
        fprintf(out, "%d more error%s not shown\n", d->n_dropped, d->n_dropped == 1 ? "" : "s");
}

char *diag_to_string(const struct diag_list *d)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (f == NULL)
        return NULL;
    diag_print(d, f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Longest word compared; longer ones get no suggestion (they are not typos of keys). */
#define SUGGEST_MAX 64

/* Optimal string alignment distance: Levenshtein plus the transposition of two
 * neighbouring characters, the commonest typo ("sotres" for "stores"). */
static int osa_distance(const char *a, size_t la, const char *b, size_t lb)
{
    int d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

/* Besides the header's bound (distance <= max(2, len/3)), a suggestion must share
 * something with the word: a distance as large as the longer of the two means every
 * character was replaced ("x" is not a typo of "mu"). Ties go to the earlier
 * candidate, so suggestions are stable. */
const char *diag_suggest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    int best_d = 0;
    size_t lw;

    if (word == NULL || candidates == NULL)
        return NULL;
    lw = strlen(word);
    if (lw == 0 || lw > SUGGEST_MAX)
        return NULL;
    for (const char *const *c = candidates; *c; c++) {
        size_t lc = strlen(*c);
        int dist, limit = (int)(lw / 3 > 2 ? lw / 3 : 2);
        size_t longer = lw > lc ? lw : lc;
        if (lc > SUGGEST_MAX)
            continue;
        dist = osa_distance(word, lw, *c, lc);
        if (dist > limit || (size_t)dist >= longer)
            continue;
        if (best == NULL || dist < best_d) {
            best = *c;
            best_d = dist;
        }
    }
    return best;
}
