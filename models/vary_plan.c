/* models/vary_plan.c: the one way to vary a plan (see vary.h, "one way to vary a plan").
 *
 * Changes are resolved against plan->inputs, the loader's record of every value it read
 * with its key path and position: a VARY_SET or VARY_SCALE change becomes byte edits at
 * the places its values are written (each place once, so a value shared through a YAML
 * alias is written once and changes for every key that uses it). The edits are spliced
 * into a copy of the text; VARY_REPLACE changes then go through the loader's own editor
 * (models/load.h, load_edit_text), which finds a key's whole value, block mappings
 * included; and the result is loaded again. The plan and its text are only read.
 *
 * Scaled quantities are written in base units with 17 significant digits ("5400s",
 * "3.1457e+08B/s"), which the unit parser reads back to the same double, so scaling
 * by 1 gives back the plan bit for bit.
 */
#include "models/vary.h"
#include "models/vary_int.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load.h"
#include "models/units.h"

#define MAX_KEYS 64            /* keys of a VARY_REPLACE path */

/* One replacement of bytes [off, off + len) of the text. */
struct edit {
    size_t off, len;
    char *value;               /* owned: the new text */
    int quote;                 /* 1: written as a double-quoted scalar; 0: as it is */
    int tag;                   /* the change's tag */
};

struct edits {
    struct edit *e;
    int n, cap;
};

static enum vary_status refuse(struct vary_result *r, int change, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum vary_status refuse(struct vary_result *r, int change, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err.msg, sizeof r->err.msg, fmt, ap);
    va_end(ap);
    r->err.at = (size_t)change;
    return VARY_BAD;
}

/* Bytes of value written as a YAML double-quoted scalar. */
static size_t quoted_len(const char *v)
{
    size_t n = 2;
    for (const unsigned char *c = (const unsigned char *)v; *c; c++)
        n += (*c == '"' || *c == '\\') ? 2 : *c < 0x20 ? 4 : 1;
    return n;
}

static char *put_quoted(char *o, const char *v)
{
    static const char hex[] = "0123456789abcdef";
    *o++ = '"';
    for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
        if (*c == '"' || *c == '\\') {
            *o++ = '\\';
            *o++ = (char)*c;
        } else if (*c < 0x20) {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[*c >> 4];
            *o++ = hex[*c & 15];
        } else {
            *o++ = (char)*c;
        }
    }
    *o++ = '"';
    return o;
}

static size_t edit_len(const struct edit *e)
{
    return e->quote ? quoted_len(e->value) : strlen(e->value);
}

/* Add an edit of `len` bytes at `off`, taking ownership of value. A place already edited
 * must get the same text (a value shared through an alias, reached by two changes).
 * Returns 0, 1 when it would get another text, -1 when out of memory. */
static int edits_add(struct edits *es, size_t off, size_t len, char *value, int quote, int tag)
{
    for (int i = 0; i < es->n; i++) {
        if (es->e[i].off == off) {
            int same = es->e[i].quote == quote && strcmp(es->e[i].value, value) == 0;
            free(value);
            return same ? 0 : 1;
        }
    }
    if (es->n == es->cap) {
        int c = es->cap ? 2 * es->cap : 16;
        struct edit *g = realloc(es->e, (size_t)c * sizeof *g);
        if (g == NULL) {
            free(value);
            return -1;
        }
        es->e = g;
        es->cap = c;
    }
    es->e[es->n++] = (struct edit){off, len, value, quote, tag};
    return 0;
}

static void edits_fini(struct edits *es)
{
    for (int i = 0; i < es->n; i++)
        free(es->e[i].value);
    free(es->e);
}

/* ---- VARY_SET --------------------------------------------------------------------------- */

/* Edit input in's place s to v (taken over); refused when the place already gets another
 * text from an earlier change. */
static enum vary_status add_input_edit(struct edits *es, const struct plan_input *in,
                                       const struct vary_site *s, char *v, int ci, int tag,
                                       struct vary_result *r)
{
    int rc = edits_add(es, s->off, s->len, v, 1, tag);
    if (rc < 0)
        return VARY_NOMEM;
    if (rc > 0)
        return refuse(r, ci, "%s (line %d) is changed twice, to different values", in->path,
                      in->line);
    return VARY_OK;
}

static enum vary_status add_set(const struct plan *p, const char *text, size_t len,
                                const struct vary_change *c, int ci, struct edits *es,
                                struct vary_result *r)
{
    int found = 0;
    for (int i = 0; i < p->n_inputs; i++) {
        const struct plan_input *in = &p->inputs[i];
        struct vary_site s;
        const char *why;
        char *v;
        enum vary_status st;
        if (strcmp(in->path, c->path) != 0)
            continue;
        found = 1;
        if ((why = vary_locate(text, len, in, &s)) != NULL)
            return refuse(r, ci, "cannot change %s (line %d): %s", in->path, in->line, why);
        if ((v = strdup(c->text)) == NULL)
            return VARY_NOMEM;
        if ((st = add_input_edit(es, in, &s, v, ci, c->tag, r)) != VARY_OK)
            return st;
    }
    if (!found)
        return refuse(r, ci, "the plan does not write '%s'", c->path);
    return VARY_OK;
}

/* ---- VARY_SCALE ------------------------------------------------------------------------- */

/* One quantity of `unit` written as `value`, moved by k into buf. Returns 1 when written,
 * 0 when the quantity stays as it is (a shape, a distribution's name, an infinite
 * duration), -1 when it cannot be scaled (*why says why). */
static int scale_one(const char *unit, const char *key, const char *value, double k, char *buf,
                     size_t n, const char **why)
{
    double x;
    *why = "it is not a quantity a factor can scale";
    if (strcmp(key, "dist") == 0 || strcmp(key, "shape") == 0 || strcmp(key, "sigma") == 0)
        return 0;
    if (strcmp(unit, "number") == 0) {
        if (strcmp(key, "mu") != 0 || units_parse_number(value, &x, why) != UNITS_OK)
            return -1;
        snprintf(buf, n, "%.17g", x + log(k));
    } else if (strcmp(unit, "probability") == 0) {
        if (units_parse_fraction(value, &x, why) != UNITS_OK)
            return -1;
        snprintf(buf, n, "%.17g", fmin(1.0, x * k));
    } else if (strcmp(unit, "duration") == 0) {
        if (units_parse_duration(value, 1, &x, why) != UNITS_OK)
            return -1;
        if (!isfinite(x))
            return 0;
        snprintf(buf, n, "%.17gs", x * k);
    } else if (strcmp(unit, "rate") == 0) {
        if (units_parse_rate(value, &x, why) != UNITS_OK)
            return -1;
        snprintf(buf, n, "%.17gB/s", x * k);
    } else {
        return -1;
    }
    return 1;
}

/* The extent [*s, *e) of the plain or quoted scalar at o (blanks skipped), which ends at
 * the end of its line or a comment, and in a flow list (flow = 1) at ',' or ']' too;
 * trailing blanks excluded. 0 when there is none on the line. */
static int item_at(const char *text, size_t len, size_t o, int flow, size_t *s, size_t *e)
{
    size_t i;
    while (o < len && (text[o] == ' ' || text[o] == '\t'))
        o++;
    if (o >= len || strchr("\n\r#[]{},", text[o]))
        return 0;
    *s = o;
    if (text[o] == '"' || text[o] == '\'') {
        for (i = o + 1; i < len && text[i] != text[o] && text[i] != '\n'; i++)
            if (text[o] == '"' && text[i] == '\\')
                i++;
        if (i >= len || text[i] != text[o])
            return 0;
        *e = i + 1;
        return 1;
    }
    for (i = o; i < len && text[i] != '\n' && !(text[i] == '#' && text[i - 1] == ' ') &&
                !(flow && (text[i] == ',' || text[i] == ']'));
         i++)
        ;
    while (i > o && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\r'))
        i--;
    *e = i;
    return 1;
}

/* The offset of the next block item ("- " at column col, 1-based) from the line that
 * starts at line_start, past blank and comment lines; (size_t)-1 when the list ends. */
static size_t next_block_item(const char *text, size_t len, size_t line_start, int col)
{
    while (line_start < len) {
        size_t o = line_start;
        while (o < len && text[o] == ' ')
            o++;
        if (o < len && text[o] == '-' && o - line_start == (size_t)(col - 1))
            return o;
        if (o < len && text[o] != '\n' && text[o] != '\r' && text[o] != '#')
            return (size_t)-1;
        while (o < len && text[o] != '\n')
            o++;
        line_start = o + 1;
    }
    return (size_t)-1;
}

/* Each item of a list of quantities (input `in`: its items joined with ", "), written as
 * a flow list on one line ([10m, 20m]) or as a block list (- 10m, one a line), moved by k.
 * Returns 0, 1 when it cannot be (*why), -1 when out of memory. */
static int add_list(const char *text, size_t len, const struct plan_input *in, double k,
                    int tag, struct edits *es, const char **why)
{
    size_t o = vary_offset_of(text, len, in->line, in->col);
    int block = o < len && text[o] == '-', rc = 0, first = 1;
    char *items = strdup(in->value), *save = NULL;
    if (items == NULL)
        return -1;
    *why = "it is a list written neither as [a, b, ...] on one line nor as one item a line";
    if (!block && (o >= len || text[o] != '['))
        rc = 1;
    for (char *it = strtok_r(items, ",", &save); it && rc == 0; it = strtok_r(NULL, ",", &save)) {
        char b[64], *v;
        size_t s, e;
        if (block && !first)
            o = next_block_item(text, len, o, in->col);
        if (o == (size_t)-1 || o >= len || text[o] != (block ? '-' : first ? '[' : ',') ||
            !item_at(text, len, o + 1, !block, &s, &e)) {
            rc = 1;
            break;
        }
        first = 0;
        while (*it == ' ')
            it++;
        if (scale_one(in->unit, "values", it, k, b, sizeof b, why) < 0) {
            rc = 1;
            break;
        }
        if ((v = strdup(b)) == NULL || edits_add(es, s, e - s, v, 1, tag) < 0) {
            rc = -1;
            break;
        }
        /* On to the ',' of a flow list, or the start of the next line of a block. */
        for (o = e; o < len && text[o] != '\n' && !(!block && (text[o] == ',' || text[o] == ']'));)
            o++;
        if (block)
            o++;
    }
    free(items);
    return rc;
}

/* Every parameter of the distribution (or the probability) written for c->path. */
static enum vary_status add_scale(const struct plan *p, const char *text, size_t len,
                                  const struct vary_change *c, int ci, struct edits *es,
                                  struct vary_result *r)
{
    size_t pl = strlen(c->path);
    int found = 0;
    if (!(c->k > 0) || !isfinite(c->k))
        return refuse(r, ci, "cannot scale %s by %g: a factor must be above 0", c->path, c->k);
    for (int i = 0; i < p->n_inputs; i++) {
        const struct plan_input *in = &p->inputs[i];
        const char *key, *why = NULL;
        struct vary_site s;
        char buf[64], *v;
        enum vary_status st;
        int rc;
        if (strncmp(in->path, c->path, pl) != 0 || (in->path[pl] != '\0' && in->path[pl] != '.'))
            continue;
        key = in->path[pl] ? in->path + pl + 1 : "";
        if (strchr(key, '.'))
            continue;
        found = 1;
        if (strcmp(key, "values") == 0) {
            if ((rc = add_list(text, len, in, c->k, c->tag, es, &why)) < 0)
                return VARY_NOMEM;
            if (rc > 0)
                return refuse(r, ci, "cannot scale %s (line %d): %s", in->path, in->line, why);
            continue;
        }
        rc = scale_one(in->unit, key, in->value, c->k, buf, sizeof buf, &why);
        if (rc == 0)
            continue;
        v = NULL;
        if (rc > 0 && (why = vary_locate(text, len, in, &s)) == NULL && (v = strdup(buf)) == NULL)
            return VARY_NOMEM;
        if (v == NULL)
            return refuse(r, ci, "cannot scale %s (line %d): %s", in->path, in->line, why);
        if ((st = add_input_edit(es, in, &s, v, ci, c->tag, r)) != VARY_OK)
            return st;
    }
    if (!found)
        return refuse(r, ci, "the plan does not write '%s'", c->path);
    return VARY_OK;
}

/* ---- splicing and replacing --------------------------------------------------------------- */

static int cmp_edit(const void *x, const void *y)
{
    const struct edit *a = x, *b = y;
    return (a->off > b->off) - (a->off < b->off);
}

/* The text with every edit made, into r->text; spans recorded. Returns -1 when out of
 * memory. */
static int splice(const char *text, size_t len, struct edits *es, struct vary_result *r)
{
    size_t total = len, from = 0;
    char *o;
    if (es->n > 1) /* qsort must not be given the NULL array of no edits */
        qsort(es->e, (size_t)es->n, sizeof *es->e, cmp_edit);
    for (int i = 0; i < es->n; i++) {
        /* Distinct places of distinct values never overlap. */
        assert(i == 0 || es->e[i].off >= es->e[i - 1].off + es->e[i - 1].len);
        total = total - es->e[i].len + edit_len(&es->e[i]) + (es->e[i].len == 0);
    }
    r->text = malloc(total + 1);
    if (r->text == NULL)
        return -1;
    o = r->text;
    for (int i = 0; i < es->n; i++) {
        const struct edit *e = &es->e[i];
        memcpy(o, text + from, e->off - from);
        o += e->off - from;
        if (e->len == 0)
            *o++ = ' ';  /* "key:" with nothing after it needs a blank before the value */
        if (r->n_spans < VARY_MAX_SPANS)
            r->spans[r->n_spans++] = (struct vary_span){(size_t)(o - r->text), edit_len(e), e->tag};
        if (e->quote) {
            o = put_quoted(o, e->value);
        } else {
            memcpy(o, e->value, strlen(e->value));
            o += strlen(e->value);
        }
        from = e->off + e->len;
    }
    memcpy(o, text + from, len - from);
    o += len - from;
    *o = '\0';
    r->len = (size_t)(o - r->text);
    return 0;
}

/* A VARY_REPLACE path as keys: c->keys, or c->path split at its dots into *copy. */
static int replace_keys(const struct vary_change *c, char **copy, const char **keys)
{
    int n = 0;
    *copy = NULL;
    if (c->keys) {
        for (; c->keys[n] && n < MAX_KEYS - 1; n++)
            keys[n] = c->keys[n];
        keys[n] = NULL;
        return 0;
    }
    if ((*copy = strdup(c->path)) == NULL)
        return -1;
    for (char *s = *copy; s && n < MAX_KEYS - 1;) {
        keys[n++] = s;
        s = strchr(s, '.');
        if (s)
            *s++ = '\0';
    }
    keys[n] = NULL;
    return 0;
}

/* Make the n_rep VARY_REPLACE changes in r->text through the loader's editor. */
static enum vary_status replace(const char *name, const struct vary_change *changes, int n,
                                int n_rep, struct vary_result *r)
{
    struct load_edit *le = calloc((size_t)n_rep, sizeof *le);
    const char **keys = calloc((size_t)n_rep * MAX_KEYS, sizeof *keys);
    char **copies = calloc((size_t)n_rep, sizeof *copies);
    enum vary_status st = VARY_NOMEM;
    char *t = NULL;
    size_t tn = 0;
    int k = 0;

    if (le == NULL || keys == NULL || copies == NULL)
        goto out;
    for (int i = 0; i < n; i++) {
        if (changes[i].how != VARY_REPLACE)
            continue;
        if (replace_keys(&changes[i], &copies[k], &keys[k * MAX_KEYS]) != 0)
            goto out;
        le[k].path = &keys[k * MAX_KEYS];
        le[k].text = changes[i].text;
        k++;
    }
    diag_init(&r->diags, name, r->text, r->len);
    r->has_diags = 1;
    switch (load_edit_text(r->text, r->len, le, n_rep, &r->diags, &t, &tn)) {
    case LOAD_OK:
        diag_fini(&r->diags);
        r->has_diags = 0;
        free(r->text);
        r->text = t;
        r->len = tn;
        r->n_spans = 0;  /* offsets moved: spans are for VARY_SET and VARY_SCALE alone */
        st = VARY_OK;
        break;
    case LOAD_NOMEM:
        break;
    default:
        /* A value the editor cannot replace in place does not fit: VARY_BAD, with the
         * editor's positioned diagnostics on the text before replacing. */
        snprintf(r->err.msg, sizeof r->err.msg, "a value cannot be replaced in place");
        st = VARY_BAD;
        break;
    }
out:
    for (int i = 0; copies && i < n_rep; i++)
        free(copies[i]);
    free(copies);
    free(keys);
    free(le);
    return st;
}

enum vary_status vary_plan(const struct plan *p, const char *name, const char *text, size_t len,
                           const struct vary_change *changes, int n, struct vary_result *out)
{
    struct edits es = {NULL, 0, 0};
    enum vary_status st = VARY_OK;
    int n_rep = 0;

    memset(out, 0, sizeof *out);
    for (int i = 0; i < n && st == VARY_OK; i++) {
        const struct vary_change *c = &changes[i];
        if (c->how == VARY_SET)
            st = add_set(p, text, len, c, i, &es, out);
        else if (c->how == VARY_SCALE)
            st = add_scale(p, text, len, c, i, &es, out);
        else
            n_rep++;
    }
    if (st != VARY_OK)
        goto out;
    if (splice(text, len, &es, out) != 0) {
        st = VARY_NOMEM;
        goto out;
    }
    if (n_rep > 0 && (st = replace(name, changes, n, n_rep, out)) != VARY_OK)
        goto out;
    diag_init(&out->diags, name, out->text, out->len);
    out->has_diags = 1;
    switch (load_plan_text(name, out->text, out->len, &out->diags, &out->plan)) {
    case LOAD_OK:
        st = VARY_OK;
        break;
    case LOAD_NOMEM:
        st = VARY_NOMEM;
        break;
    default:
        st = VARY_INVALID;
        break;
    }
out:
    edits_fini(&es);
    return st;
}

void vary_result_fini(struct vary_result *r)
{
    if (r == NULL)
        return;
    plan_free(r->plan);
    if (r->has_diags)
        diag_fini(&r->diags);
    free(r->text);
    memset(r, 0, sizeof *r);
}
