/* models/load.c: reading a plan file (YAML) into a validated struct plan.
 *
 * libyaml's document API builds a node graph; this file walks it with the plan's
 * schema in hand. Every mapping with fixed keys is read through read_fields, which
 * rejects unknown keys (suggesting the closest known one), duplicate keys (libyaml
 * accepts them silently) and merge keys ('<<', which libyaml does not apply). Every
 * value is converted by one getter per kind of value (text, quantity with unit,
 * distribution, schedule, name of a store, role or step), each reporting at the
 * node's start mark and returning non-zero so the caller stops descending into that
 * subtree while its siblings are still checked: one run reports many errors.
 *
 * Sections are read in the order their cross references need (calendar, stores,
 * staffing, scenarios, policy, services), not in file order; diag_print sorts the
 * messages by position, so the user reads them top to bottom anyway. A section that
 * could not be read at all (not a mapping) switches off the reference checks against
 * it, so one mistake does not cascade into dozens of "unknown store" messages.
 *
 * Before the walk, one pass over the node graph computes how many nodes each node
 * stands for once aliases are expanded (shared nodes counted at every use). An alias
 * bomb, a recursive alias or absurd nesting is rejected there, so the walk itself is
 * bounded by LOAD_MAX_NODES. Even before parsing, deeply nested brackets are refused,
 * because libyaml's scanner takes time quadratic in their depth.
 *
 * On any error the partially built plan is released with plan_free, which is why
 * every array is allocated zeroed and its count set before it is filled.
 *
 * The parsing (load_parse, load_read_file) and the walking machinery (the getters,
 * load_read_fields, load_read_named and the message helpers) are shared with the other
 * files of the loader module, the drill-log reader (load_drills.c) and the in-place
 * editor (load_edit.c), through models/load_int.h; hence their load_ prefix.
 *
 * Every getter notes the scalar it read and what it read it as (load_use()). Once a plan
 * has loaded without errors, a second walk over the document lists those scalars in
 * plan->inputs under every key path that reaches them (aliases expanded, "x-" keys
 * skipped), with the '#' comment the source has for each: libyaml drops comments, so
 * they are found in the text from the nodes' marks (record_inputs).
 */
#include "models/load.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"
#include "models/sha256.h"
#include "models/units.h"

/* Produced by models/builtin_plan.S (scenarios/commcare.yaml, NUL-terminated). */
extern const char plan_builtin_yaml[];
extern const unsigned long plan_builtin_len;

#define BUILTIN_NAME "commcare.yaml (built-in)"  /* file name in messages */
#define BUILTIN_PATH "<built-in>"                /* plan->path, see plan.h */

#define DEFAULT_BUSINESS_HOURS "Mon-Fri 09:00-17:00"

yaml_node_t *load_node_at(const struct ld *L, int id)
{
    return yaml_document_get_node(L->doc, id);
}

struct plan_pos load_pos_of(const yaml_node_t *n)
{
    struct plan_pos pp = {0, 0};
    if (n) {
        pp.line = (int)n->start_mark.line + 1;
        pp.col = (int)n->start_mark.column + 1;
    }
    return pp;
}

static void vreport(struct ld *L, enum diag_severity sev, int line, int col, const char *fmt,
                    va_list ap)
{
    if (sev == DIAG_ERROR)
        L->n_err++;
    diag_vadd(L->d, sev, line, col, fmt, ap);
}

void load_err(struct ld *L, const yaml_node_t *n, const char *fmt, ...)
{
    struct plan_pos pp = load_pos_of(n);
    va_list ap;
    va_start(ap, fmt);
    vreport(L, DIAG_ERROR, pp.line, pp.col, fmt, ap);
    va_end(ap);
}

void load_err_at(struct ld *L, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(L, DIAG_ERROR, line, col, fmt, ap);
    va_end(ap);
}

void load_note(struct ld *L, const yaml_node_t *n, const char *fmt, ...)
{
    struct plan_pos pp = load_pos_of(n);
    va_list ap;
    va_start(ap, fmt);
    vreport(L, DIAG_NOTE, pp.line, pp.col, fmt, ap);
    va_end(ap);
}

char *load_xstrdup(struct ld *L, const char *s)
{
    char *c = strdup(s);
    if (c == NULL)
        L->nomem = 1;
    return c;
}

void *load_xcalloc(struct ld *L, size_t n, size_t size)
{
    void *v = calloc(n ? n : 1, size);
    if (v == NULL)
        L->nomem = 1;
    return v;
}

/* ---- scalars and how they appear in messages -------------------------------------- */

const char *load_sv(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

int load_is_scalar(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE;
}

/* Note that a getter read scalar n as `unit` (a static string), so the value is listed
 * among plan->inputs. The first reading wins: a review date is read as a date and then
 * kept as text, and is a date. */
void load_use(struct ld *L, const yaml_node_t *n, const char *unit)
{
    size_t i;
    if (n == NULL || L->unit == NULL || !load_is_scalar(n))
        return;
    i = (size_t)(n - L->doc->nodes.start);
    if (i < L->n_nodes && L->unit[i] == NULL)
        L->unit[i] = unit;
}

/* YAML's null: an empty plain value ("key:" with nothing after it), "~" or "null". */
int load_is_null(const yaml_node_t *n)
{
    const char *s;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    s = load_sv(n);
    return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* A value as quoted in a message: at most 40 bytes (cut at a character boundary, then
 * "..."), control characters shown as '?', so a message stays one readable line. */
const char *load_show(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s), cut = len, o = 0;
    if (cut > 40) {
        cut = 40;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    for (size_t i = 0; i < cut && o + 4 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (cut < len && o + 4 < n) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

/* What a node is, for "(got ...)": a quoted value, "nothing", "a list", "a mapping". */
const char *load_got(const yaml_node_t *n, char *buf, size_t size)
{
    char b[SHOW];
    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (load_is_null(n))
        return "nothing";
    snprintf(buf, size, "\"%s\"", load_show(load_sv(n), b, sizeof b));
    return buf;
}

/* True once no further diagnostic can be kept: the expensive parts of a message (a
 * suggestion, a caret inside a scalar) are skipped then, so a file with a million
 * mistakes is still rejected quickly. */
int load_diag_full(const struct ld *L)
{
    return L->d->n >= DIAG_MAX;
}

/* " (did you mean 'x'?)" when a candidate is close enough, else "". */
const char *load_did_you_mean(const struct ld *L, const char *word, const char *const *cands,
                                char *buf, size_t n)
{
    char b[SHOW];
    const char *s = load_diag_full(L) ? NULL : diag_suggest(word, cands);
    if (s == NULL)
        return "";
    snprintf(buf, n, " (did you mean '%s'?)", load_show(s, b, sizeof b));
    return buf;
}

/* Join a NULL-terminated list as "a, b, c". */
const char *load_join(const char *const *names, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (const char *const *s = names; *s; s++) {
        int w = snprintf(buf + o, n - o, "%s%s", s == names ? "" : ", ", *s);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
    return buf;
}

/* A scalar with an embedded NUL byte ("\0" in a quoted string) would be silently cut
 * by every C string function after this point. */
int load_scalar_clean(struct ld *L, const char *name, const yaml_node_t *v)
{
    if (strlen(load_sv(v)) != v->data.scalar.length) {
        load_err(L, v, "'%s' contains a NUL character", name);
        return 0;
    }
    return 1;
}

/* Byte offset in the text of 0-based (line, column), columns counted in characters as
 * libyaml counts them; (size_t)-1 when the text has no such place. */
size_t load_text_offset(const struct ld *L, size_t line, size_t col)
{
    size_t off = 0;
    for (size_t l = 0; l < line; l++) {
        const char *nl = memchr(L->text + off, '\n', L->len - off);
        if (nl == NULL)
            return (size_t)-1;
        off = (size_t)(nl - L->text) + 1;
    }
    for (size_t c = 0; c < col; c++) {
        if (off >= L->len || L->text[off] == '\n')
            return (size_t)-1;
        off++;
        while (off < L->len && ((unsigned char)L->text[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

/* The position of byte `where` of a scalar's value, for a caret under one word of it.
 * Exact for one-line plain or quoted scalars whose source spells the value as is;
 * otherwise (escapes, folding, several lines) the scalar's own start. */
struct plan_pos load_pos_in_scalar(const struct ld *L, const yaml_node_t *v, size_t where)
{
    struct plan_pos pp = load_pos_of(v);
    size_t start, skip;
    yaml_scalar_style_t style = v->data.scalar.style;
    const unsigned char *val = v->data.scalar.value;

    if (v->start_mark.line != v->end_mark.line || where > v->data.scalar.length || load_diag_full(L))
        return pp;
    if (style == YAML_PLAIN_SCALAR_STYLE)
        skip = 0;
    else if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        skip = 1;
    else
        return pp;
    start = load_text_offset(L, v->start_mark.line, v->start_mark.column);
    if (start == (size_t)-1 || start + skip + where > L->len ||
        memcmp(L->text + start + skip, val, where) != 0)
        return pp;
    pp.col += (int)skip;
    for (size_t i = 0; i < where; i++)
        if ((val[i] & 0xC0) != 0x80)
            pp.col++;
    return pp;
}

/* ---- mappings ----------------------------------------------------------------------- */

/* A key that can be looked up: a scalar without NUL bytes, and not the merge key.
 * Returns 1 when usable, 0 when not (reported), -1 for a merge key (reported). */
static int key_ok(struct ld *L, const yaml_node_t *k)
{
    char b[SHOW];
    if (!load_is_scalar(k)) {
        load_err(L, k, "a key must be a plain name (got %s)", load_got(k, b, sizeof b));
        return 0;
    }
    if (strcmp(load_sv(k), "<<") == 0 && k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        load_err(L, k, "merge keys ('<<') are not supported: write the keys out "
                  "(an alias can stand for a whole value)");
        return -1;
    }
    if (strlen(load_sv(k)) != k->data.scalar.length) {
        load_err(L, k, "a key cannot contain a NUL character");
        return 0;
    }
    return 1;
}

static void duplicate(struct ld *L, const yaml_node_t *k, const yaml_node_t *first)
{
    char b[SHOW];
    load_err(L, k, "duplicate key '%s'", load_show(load_sv(k), b, sizeof b));
    load_note(L, first, "'%s' first defined here", b);
}

static const char *owner_name(const yaml_node_t *owner)
{
    return owner && load_is_scalar(owner) ? load_sv(owner) : "?";
}

/* Read mapping `map` (the value of key `owner`, NULL at the top level) against the
 * known keys `names`. Unknown keys are errors with a suggestion, or with `hint` when
 * nothing is close; keys starting with "x-" are ignored (a place for anchors and
 * notes). Returns non-zero, after reporting, when map is not a mapping. */
int load_read_fields(struct ld *L, struct fields *f, const char *const *names,
                       const yaml_node_t *owner, const yaml_node_t *map, const char *hint,
                       const char *what_fmt, ...)
{
    va_list ap;
    char b[SHOW], b2[SHOW], b3[SHOW];

    memset(f, 0, sizeof *f);
    f->names = names;
    f->at = owner ? owner : map;
    va_start(ap, what_fmt);
    vsnprintf(f->what, sizeof f->what, what_fmt, ap);
    va_end(ap);
    if (map->type != YAML_MAPPING_NODE) {
        if (owner)
            load_err(L, map, "expected a mapping for '%s' (got %s)",
                load_show(owner_name(owner), b2, sizeof b2), load_got(map, b, sizeof b));
        else
            load_err(L, map, "expected a mapping of sections (%s) (got %s)", L->sections,
                     load_got(map, b, sizeof b));
        return 1;
    }
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = load_node_at(L, pr->key), *v = load_node_at(L, pr->value);
        int i, ok;
        if (k == NULL || v == NULL)
            continue;
        if ((ok = key_ok(L, k)) != 1) {
            f->merged |= ok < 0;
            continue;
        }
        if (strncmp(load_sv(k), "x-", 2) == 0)
            continue;
        for (i = 0; names[i]; i++)
            if (strcmp(names[i], load_sv(k)) == 0)
                break;
        if (names[i] == NULL) {
            const char *s = load_did_you_mean(L, load_sv(k), names, b3, sizeof b3);
            if (*s == '\0' && hint)
                load_err(L, k, "unknown key '%s' (%s)", load_show(load_sv(k), b, sizeof b), hint);
            else
                load_err(L, k, "unknown key '%s'%s", load_show(load_sv(k), b, sizeof b), s);
            continue;
        }
        if (f->key[i]) {
            duplicate(L, k, f->key[i]);
            continue;
        }
        f->key[i] = k;
        f->val[i] = v;
    }
    return 0;
}

static int field_index(const struct fields *f, const char *name)
{
    for (int i = 0; f->names[i]; i++)
        if (strcmp(f->names[i], name) == 0)
            return i;
    return -1;
}

/* The value of a known key, NULL when absent. */
yaml_node_t *load_fval(const struct fields *f, const char *name)
{
    int i = field_index(f, name);
    return i < 0 ? NULL : f->val[i];
}

yaml_node_t *load_fkey(const struct fields *f, const char *name)
{
    int i = field_index(f, name);
    return i < 0 ? NULL : f->key[i];
}

/* The value of a required key; reports it missing at the owning key (unless a merge
 * key, already reported, was probably meant to supply it). */
yaml_node_t *load_freq(struct ld *L, const struct fields *f, const char *name)
{
    yaml_node_t *v = load_fval(f, name);
    if (v == NULL && !f->merged)
        load_err(L, f->at, "%s is missing required key '%s'", f->what, name);
    return v;
}

void load_named_free(struct named *nm)
{
    free(nm->k);
    free(nm->v);
    memset(nm, 0, sizeof *nm);
}

/* Read the entries of mapping `map` (the value of key `owner`). Entries with a bad or
 * duplicate name are reported and left out. Returns non-zero when map is not a
 * mapping (reported) or on out of memory. */
int load_read_named(struct ld *L, const yaml_node_t *owner, const yaml_node_t *map,
                      struct named *nm)
{
    char b[SHOW], b2[SHOW];
    size_t cap;

    memset(nm, 0, sizeof *nm);
    if (map->type != YAML_MAPPING_NODE) {
        load_err(L, map, "expected a mapping for '%s' (got %s)", load_show(owner_name(owner), b2, sizeof b2),
            load_got(map, b, sizeof b));
        return 1;
    }
    cap = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    nm->k = load_xcalloc(L, cap, sizeof *nm->k);
    nm->v = load_xcalloc(L, cap, sizeof *nm->v);
    if (nm->k == NULL || nm->v == NULL) {
        load_named_free(nm);
        return 1;
    }
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = load_node_at(L, pr->key), *v = load_node_at(L, pr->value);
        int dup = 0;
        if (k == NULL || v == NULL || key_ok(L, k) != 1)
            continue;
        if (load_sv(k)[0] == '\0') {
            load_err(L, k, "a name cannot be empty");
            continue;
        }
        if (nm->n >= LOAD_MAX_NAMED) {
            load_err(L, k, "too many entries in '%s' (at most %d)", load_show(owner_name(owner), b, sizeof b),
                LOAD_MAX_NAMED);
            break;
        }
        for (int i = 0; i < nm->n && !dup; i++) {
            if (strcmp(load_sv(nm->k[i]), load_sv(k)) == 0) {
                duplicate(L, k, nm->k[i]);
                dup = 1;
            }
        }
        if (dup)
            continue;
        nm->k[nm->n] = k;
        nm->v[nm->n] = v;
        nm->n++;
    }
    return 0;
}

/* A list, or null (an empty list). Returns non-zero, after reporting, otherwise. */
int load_get_list(struct ld *L, const char *name, const yaml_node_t *v, const char *items,
                    yaml_node_item_t **start, yaml_node_item_t **top)
{
    char b[SHOW];
    *start = *top = NULL;
    if (load_is_null(v))
        return 0;
    if (v->type != YAML_SEQUENCE_NODE) {
        load_err(L, v, "expected a list of %s for '%s' (got %s)", items, name, load_got(v, b, sizeof b));
        return 1;
    }
    *start = v->data.sequence.items.start;
    *top = v->data.sequence.items.top;
    return 0;
}

/* A name in a list or after a key ("restore: shopdb"): a non-empty scalar. */
const char *load_get_name(struct ld *L, const yaml_node_t *v, const char *what)
{
    char b[SHOW];
    load_use(L, v, what);
    if (!load_is_scalar(v) || load_is_null(v)) {
        load_err(L, v, "expected a %s (got %s)", what, load_got(v, b, sizeof b));
        return NULL;
    }
    if (!load_scalar_clean(L, what, v))
        return NULL;
    return load_sv(v);
}

/* ---- values ------------------------------------------------------------------------- */

int load_get_text(struct ld *L, const char *name, const yaml_node_t *v, char **out)
{
    char b[SHOW];
    char *s;
    load_use(L, v, "text");
    if (!load_is_scalar(v)) {
        load_err(L, v, "expected text for '%s' (got %s)", name, load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, name, v))
        return 1;
    s = load_xstrdup(L, load_is_null(v) ? "" : load_sv(v));
    if (s == NULL)
        return 1;
    free(*out);
    *out = s;
    return 0;
}

static const char *qty_what(enum qty q)
{
    switch (q) {
    case Q_DURATION:
        return "a duration such as 20m";
    case Q_FOREVER:
        return "a duration such as 14d, or forever";
    case Q_NEVER:
        return "a duration such as 4h, or never";
    case Q_SIZE:
        return "a size such as 750GB";
    case Q_RATE:
        return "a rate such as 150MB/s";
    case Q_MONEY:
        return "an amount of money such as $1200";
    case Q_PROB:
        return "a probability between 0% and 100%, such as 1% or 0.01";
    case Q_NUMBER:
        return "a number";
    }
    return "a value";
}

/* The unit column of plan->inputs for a quantity of kind q. */
static const char *qty_unit(enum qty q)
{
    switch (q) {
    case Q_DURATION:
    case Q_FOREVER:
    case Q_NEVER:
        return "duration";
    case Q_SIZE:
        return "size";
    case Q_RATE:
        return "rate";
    case Q_MONEY:
        return "money (USD)";
    case Q_PROB:
        return "probability";
    case Q_NUMBER:
        return "number";
    }
    return "value";
}

/* Parse a quantity. Units are required (units.h). A rate must be above zero: a zero
 * throughput would make a restore last forever. */
int load_get_qty(struct ld *L, const char *name, const yaml_node_t *v, enum qty q, double *out)
{
    char b[SHOW];
    const char *s, *why = NULL;
    double x = 0;
    enum units_status st = UNITS_BAD_NUMBER;

    load_use(L, v, qty_unit(q));
    if (!load_is_scalar(v)) {
        load_err(L, v, "'%s' must be %s (got %s)", name, qty_what(q), load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, name, v))
        return 1;
    s = load_sv(v);
    switch (q) {
    case Q_DURATION:
        st = units_parse_duration(s, 0, &x, &why);
        break;
    case Q_FOREVER:
    case Q_NEVER:
        st = units_parse_duration(s, 1, &x, &why);
        break;
    case Q_SIZE:
        st = units_parse_size(s, &x, &why);
        break;
    case Q_RATE:
        st = units_parse_rate(s, &x, &why);
        break;
    case Q_MONEY:
        st = units_parse_money(s, &x, &why);
        break;
    case Q_PROB:
        st = units_parse_fraction(s, &x, &why);
        break;
    case Q_NUMBER:
        st = units_parse_number(s, &x, &why);
        break;
    }
    if (st == UNITS_OK && q == Q_RATE && !(x > 0)) {
        load_err(L, v, "'%s' must be greater than zero (got \"%s\")", name, load_show(s, b, sizeof b));
        return 1;
    }
    if (st == UNITS_OK) {
        *out = x;
        return 0;
    }
    if (st == UNITS_NEGATIVE)
        load_err(L, v, "'%s' must not be negative (got \"%s\")", name, load_show(s, b, sizeof b));
    else
        load_err(L, v, "'%s' must be %s (got %s)", name, qty_what(q), load_got(v, b, sizeof b));
    return 1;
}

/* A quantity that must be above zero (a median, a mean, a scale, a retention). */
int load_get_positive(struct ld *L, const char *name, const yaml_node_t *v, enum qty q,
                        double *out)
{
    char b[SHOW];
    double x;
    if (load_get_qty(L, name, v, q, &x))
        return 1;
    if (!(x > 0)) {
        load_err(L, v, "'%s' must be greater than zero (got \"%s\")", name, load_show(load_sv(v), b, sizeof b));
        return 1;
    }
    *out = x;
    return 0;
}

int load_get_int(struct ld *L, const char *name, const yaml_node_t *v, int min, int max,
                   int *out)
{
    char b[SHOW];
    double x = 0;
    const char *why;
    load_use(L, v, "whole number");
    if (load_is_scalar(v) && !load_scalar_clean(L, name, v))
        return 1;
    if (!load_is_scalar(v) || units_parse_number(load_sv(v), &x, &why) != UNITS_OK || x != floor(x) ||
        x < min) {
        load_err(L, v, "'%s' must be a whole number of at least %d (got %s)", name, min,
            load_got(v, b, sizeof b));
        return 1;
    }
    if (x > max) {
        load_err(L, v, "'%s' must be at most %d (got %s)", name, max, load_got(v, b, sizeof b));
        return 1;
    }
    *out = (int)x;
    return 0;
}

int load_get_bool(struct ld *L, const char *name, const yaml_node_t *v, int *out)
{
    char b[SHOW];
    load_use(L, v, "true/false");
    if (load_is_scalar(v) && strcmp(load_sv(v), "true") == 0) {
        *out = 1;
        return 0;
    }
    if (load_is_scalar(v) && strcmp(load_sv(v), "false") == 0) {
        *out = 0;
        return 0;
    }
    load_err(L, v, "'%s' must be true or false (got %s)", name, load_got(v, b, sizeof b));
    return 1;
}

/* One of a fixed set of words; *out is its index in `names`. */
int load_get_enum(struct ld *L, const char *name, const yaml_node_t *v,
                    const char *const *names, int *out)
{
    char b[SHOW], list[256], b2[SHOW], b3[SHOW];
    load_use(L, v, "choice");
    if (load_is_scalar(v)) {
        for (int i = 0; names[i]; i++) {
            if (strcmp(names[i], load_sv(v)) == 0) {
                *out = i;
                return 0;
            }
        }
    }
    load_join(names, list, sizeof list);
    if (load_is_scalar(v) && !load_is_null(v) && !load_diag_full(L) && diag_suggest(load_sv(v), names))
        load_err(L, v, "'%s' must be one of %s (got \"%s\"; did you mean '%s'?)", name, list,
            load_show(load_sv(v), b, sizeof b), load_show(diag_suggest(load_sv(v), names), b3, sizeof b3));
    else
        load_err(L, v, "'%s' must be one of %s (got %s)", name, list, load_got(v, b2, sizeof b2));
    return 1;
}

static const char *const weekday_names[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
};

/* 0 = Monday; 1970-01-01 (day 0) was a Thursday. */
static int weekday_of(long days)
{
    return (int)(((days % 7) + 7 + 3) % 7);
}

int load_get_date(struct ld *L, const char *name, const yaml_node_t *v, long *out)
{
    char b[SHOW];
    const char *why;
    load_use(L, v, "date");
    if (!load_is_scalar(v) || !load_scalar_clean(L, name, v) ||
        units_parse_date(load_sv(v), out, &why) != UNITS_OK) {
        load_err(L, v, "'%s' must be a date such as 2026-01-05 (got %s)", name, load_got(v, b, sizeof b));
        return 1;
    }
    return 0;
}

int load_get_tz(struct ld *L, const char *name, const yaml_node_t *v, double *out)
{
    char b[SHOW];
    load_use(L, v, "time zone");
    if (!load_is_scalar(v) || !load_scalar_clean(L, name, v) || sched_parse_tz(load_sv(v), out) != 0) {
        load_err(L, v, "'%s' must be a time zone such as UTC, UTC+1 or UTC-05:30 (got %s)", name,
            load_got(v, b, sizeof b));
        return 1;
    }
    return 0;
}

static int get_sched(struct ld *L, const char *name, const yaml_node_t *v, double tz,
                     struct sched *out)
{
    char b[SHOW];
    const char *why = "not a schedule";
    size_t where = 0;
    struct plan_pos pp;
    load_use(L, v, "schedule");
    if (!load_is_scalar(v) || load_is_null(v)) {
        load_err(L, v, "'%s' must be a schedule such as \"daily 02:00\" (got %s)", name,
            load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, name, v))
        return 1;
    if (sched_parse(load_sv(v), tz, out, &why, &where) != 0) {
        pp = load_pos_in_scalar(L, v, where);
        load_err_at(L, pp.line, pp.col, "invalid schedule: %s", why);
        return 1;
    }
    return 0;
}

/* Business hours "DAYS HH:MM-HH:MM" (days as sched_parse_days reads them). On failure
 * returns non-zero with a reason and the byte offset of the offending part. */
static int parse_hours(const char *s, unsigned *mask, double *start, double *end,
                       const char **why, size_t *where)
{
    char days[64], t1[16], t2[16];
    const char *sp, *dash, *e;
    size_t n, lead = 0;

    while (s[lead] == ' ')
        lead++;
    e = s + strlen(s);
    while (e > s + lead && e[-1] == ' ')
        e--;
    sp = NULL;
    for (const char *q = s + lead; q < e; q++)
        if (*q == ' ')
            sp = q;
    *where = lead;
    *why = "business hours look like Mon-Fri 09:00-17:00";
    if (sp == NULL)
        return 1;
    n = (size_t)(sp - (s + lead));
    if (n >= sizeof days)
        return 1;
    memcpy(days, s + lead, n);
    days[n] = '\0';
    if (sched_parse_days(days, mask) != 0 || *mask == 0) {
        /* Point at the first day name that is not one. */
        size_t t = 0;
        while (t < n) {
            size_t e2 = t;
            unsigned m1;
            char one[64];
            while (e2 < n && days[e2] != ',' && days[e2] != '-')
                e2++;
            memcpy(one, days + t, e2 - t);
            one[e2 - t] = '\0';
            if (sched_parse_days(one, &m1) != 0) {
                *where = lead + t;
                break;
            }
            t = e2 + 1;
        }
        *why = "unknown day (days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, as in Mon-Fri or Sat,Sun)";
        return 1;
    }
    while (*sp == ' ')
        sp++;
    *where = (size_t)(sp - s);
    dash = memchr(sp, '-', (size_t)(e - sp));
    if (dash == NULL || (size_t)(dash - sp) >= sizeof t1 || (size_t)(e - dash - 1) >= sizeof t2) {
        *why = "business hours look like Mon-Fri 09:00-17:00";
        return 1;
    }
    memcpy(t1, sp, (size_t)(dash - sp));
    t1[dash - sp] = '\0';
    memcpy(t2, dash + 1, (size_t)(e - dash - 1));
    t2[e - dash - 1] = '\0';
    if (units_parse_clock(t1, start, why) != UNITS_OK) {
        *why = "bad time of day (write HH:MM)";
        return 1;
    }
    *where = (size_t)(dash + 1 - s);
    if (units_parse_clock(t2, end, why) != UNITS_OK) {
        *why = "bad time of day (write HH:MM)";
        return 1;
    }
    if (!(*end > *start)) {
        *why = "business hours must end after they start";
        return 1;
    }
    return 0;
}

static int get_hours(struct ld *L, const char *name, const yaml_node_t *v,
                     struct sched_calendar *c)
{
    char b[SHOW];
    const char *why;
    size_t where;
    unsigned mask = 0;
    double a = 0, z = 0;
    struct plan_pos pp;
    load_use(L, v, "business hours");
    if (!load_is_scalar(v) || load_is_null(v)) {
        load_err(L, v, "'%s' must look like Mon-Fri 09:00-17:00 (got %s)", name, load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, name, v))
        return 1;
    if (parse_hours(load_sv(v), &mask, &a, &z, &why, &where) != 0) {
        pp = load_pos_in_scalar(L, v, where);
        load_err_at(L, pp.line, pp.col, "invalid '%s': %s", name, why);
        return 1;
    }
    c->workdays_mask = mask;
    c->day_start_s = a;
    c->day_end_s = z;
    return 0;
}

/* ---- distributions ------------------------------------------------------------------ */

static const char *const dist_kinds[] = {
    "fixed", "uniform", "triangular", "normal", "lognormal", "gamma", "weibull",
    "exponential", "empirical", NULL
};
static const char *const dk_fixed[] = {"dist", "value", NULL};
static const char *const dk_uniform[] = {"dist", "min", "max", NULL};
static const char *const dk_triangular[] = {"dist", "min", "mode", "max", NULL};
static const char *const dk_normal[] = {"dist", "mean", "sd", NULL};
static const char *const dk_lognormal[] = {"dist", "median", "p90", "p95", "mu", "sigma", NULL};
static const char *const dk_gamma[] = {"dist", "shape", "scale", "mean", NULL};
static const char *const dk_weibull[] = {"dist", "shape", "scale", NULL};
static const char *const dk_exponential[] = {"dist", "mean", NULL};
static const char *const dk_empirical[] = {"dist", "values", NULL};
static const char *const *const dist_keys[] = {
    dk_fixed, dk_uniform, dk_triangular, dk_normal, dk_lognormal, dk_gamma, dk_weibull,
    dk_exponential, dk_empirical
};
static const char *const dist_takes[] = {
    "a fixed distribution takes value",
    "a uniform distribution takes min and max",
    "a triangular distribution takes min, mode and max",
    "a normal distribution takes mean and sd",
    "a lognormal distribution takes median with p90 or p95, or mu and sigma",
    "a gamma distribution takes shape with scale or mean",
    "a weibull distribution takes shape and scale",
    "an exponential distribution takes mean",
    "an empirical distribution takes values"
};

static const char *dist_example(enum qty q)
{
    return q == Q_RATE ? "{dist: uniform, min: 100MB/s, max: 300MB/s}"
                       : "{dist: uniform, min: 10m, max: 30m}";
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The empirical values: a non-empty list of quantities, sorted ascending. */
static int get_values(struct ld *L, const yaml_node_t *v, enum qty q, double **out, size_t *n)
{
    yaml_node_item_t *it, *top;
    double *vals;
    size_t m = 0;
    int bad = 0;

    if (load_get_list(L, "values", v, "values", &it, &top))
        return 1;
    if (it == top) {
        load_err(L, v, "'values' must list at least one value");
        return 1;
    }
    vals = load_xcalloc(L, (size_t)(top - it), sizeof *vals);
    if (vals == NULL)
        return 1;
    for (; it < top; it++) {
        yaml_node_t *x = load_node_at(L, *it);
        if (x == NULL || load_get_qty(L, "values", x, q, &vals[m]))
            bad = 1;
        else
            m++;
    }
    if (bad) {
        free(vals);
        return 1;
    }
    qsort(vals, m, sizeof *vals, cmp_double);
    *out = vals;
    *n = m;
    return 0;
}

/* A distribution of quantities of kind q: the shorthand "20m" (fixed) or a mapping
 * {dist: KIND, ...} with that kind's keys. Relations between parameters are checked
 * here, where their keys can be pointed at; dist_check then guards the rest. *out is
 * written only on success. `owner` is the key whose value v is. */
static int get_dist(struct ld *L, const char *name, const yaml_node_t *owner,
                    const yaml_node_t *v, enum qty q, struct dist *out)
{
    char b[SHOW], b1[SHOW], b2[SHOW], b3[SHOW];
    enum qty pq = (q == Q_NEVER || q == Q_FOREVER) ? Q_DURATION : q;
    const yaml_node_t *kind_node = NULL;
    struct fields f;
    struct dist d;
    yaml_node_t *x, *y, *z;
    double a = 0, c = 0, e = 0;
    double *vals = NULL;
    size_t nvals = 0;
    int kind, bad = 0;
    const char *why;

    memset(&d, 0, sizeof d);
    if (load_is_scalar(v) && !load_is_null(v)) {
        if (load_get_qty(L, name, v, q, &a))
            return 1;
        *out = dist_fixed(a);
        return 0;
    }
    if (v->type != YAML_MAPPING_NODE) {
        load_err(L, v, "'%s' must be %s or a distribution such as %s (got %s)", name, qty_what(q),
            dist_example(q), load_got(v, b, sizeof b));
        return 1;
    }
    /* The kind decides which keys are known, so find it first. */
    for (yaml_node_pair_t *pr = v->data.mapping.pairs.start; pr < v->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = load_node_at(L, pr->key);
        if (k && load_is_scalar(k) && strcmp(load_sv(k), "dist") == 0) {
            kind_node = load_node_at(L, pr->value);
            break;
        }
    }
    if (kind_node == NULL) {
        load_err(L, owner ? owner : v, "distribution '%s' is missing required key 'dist'", name);
        return 1;
    }
    load_use(L, kind_node, "distribution");
    kind = load_is_scalar(kind_node) ? dist_kind_from_name(load_sv(kind_node)) : -1;
    if (kind < 0 || kind > DIST_EMPIRICAL) {
        char list[200];
        if (!load_is_scalar(kind_node) || load_is_null(kind_node))
            load_err(L, kind_node, "'dist' must be one of %s (got %s)",
                load_join(dist_kinds, list, sizeof list), load_got(kind_node, b, sizeof b));
        else if (*load_did_you_mean(L, load_sv(kind_node), dist_kinds, b1, sizeof b1))
            load_err(L, kind_node, "unknown distribution '%s'%s", load_show(load_sv(kind_node), b, sizeof b),
                load_did_you_mean(L, load_sv(kind_node), dist_kinds, b1, sizeof b1));
        else
            load_err(L, kind_node, "unknown distribution '%s' (known: %s)",
                load_show(load_sv(kind_node), b, sizeof b), load_join(dist_kinds, list, sizeof list));
        return 1;
    }
    if (load_read_fields(L, &f, dist_keys[kind], owner, v, dist_takes[kind],
                    "%s distribution '%s'", dist_kinds[kind], name))
        return 1;
    d.kind = (enum dist_kind)kind;
    switch ((enum dist_kind)kind) {
    case DIST_FIXED:
        if (!(x = load_freq(L, &f, "value")) || load_get_qty(L, "value", x, q, &a))
            return 1;
        d = dist_fixed(a);
        break;
    case DIST_UNIFORM:
        x = load_freq(L, &f, "min");
        y = load_freq(L, &f, "max");
        if (!x || !y)
            return 1;
        bad |= load_get_qty(L, "min", x, pq, &a);
        bad |= load_get_qty(L, "max", y, pq, &c);
        if (bad)
            return 1;
        if (!(c > a)) {
            load_err(L, load_fkey(&f, "max"), "'max' (%s) must be greater than 'min' (%s)",
                load_show(load_sv(y), b1, sizeof b1), load_show(load_sv(x), b2, sizeof b2));
            return 1;
        }
        d.p[0] = a;
        d.p[1] = c;
        break;
    case DIST_TRIANGULAR:
        x = load_freq(L, &f, "min");
        y = load_freq(L, &f, "mode");
        z = load_freq(L, &f, "max");
        if (!x || !y || !z)
            return 1;
        bad |= load_get_qty(L, "min", x, pq, &a);
        bad |= load_get_qty(L, "mode", y, pq, &c);
        bad |= load_get_qty(L, "max", z, pq, &e);
        if (bad)
            return 1;
        if (!(e > a)) {
            load_err(L, load_fkey(&f, "max"), "'max' (%s) must be greater than 'min' (%s)",
                load_show(load_sv(z), b1, sizeof b1), load_show(load_sv(x), b2, sizeof b2));
            return 1;
        }
        if (c < a || c > e) {
            load_err(L, load_fkey(&f, "mode"), "'mode' (%s) must lie between 'min' (%s) and 'max' (%s)",
                load_show(load_sv(y), b1, sizeof b1), load_show(load_sv(x), b2, sizeof b2), load_show(load_sv(z), b3, sizeof b3));
            return 1;
        }
        d.p[0] = a;
        d.p[1] = c;
        d.p[2] = e;
        break;
    case DIST_NORMAL:
        x = load_freq(L, &f, "mean");
        y = load_freq(L, &f, "sd");
        if (!x || !y)
            return 1;
        bad |= load_get_qty(L, "mean", x, pq, &a);
        bad |= load_get_positive(L, "sd", y, pq, &c);
        if (bad)
            return 1;
        d.p[0] = a;
        d.p[1] = c;
        break;
    case DIST_LOGNORMAL: {
        yaml_node_t *med = load_fval(&f, "median"), *p90 = load_fval(&f, "p90"), *p95 = load_fval(&f, "p95");
        yaml_node_t *mu = load_fval(&f, "mu"), *sigma = load_fval(&f, "sigma");
        if ((mu || sigma) && (med || p90 || p95)) {
            load_err(L, load_fkey(&f, mu ? "mu" : "sigma"),
                "give either 'median' with 'p90' or 'p95', or 'mu' with 'sigma', not both");
            return 1;
        }
        if (mu || sigma) {
            x = load_freq(L, &f, "mu");
            y = load_freq(L, &f, "sigma");
            if (!x || !y)
                return 1;
            bad |= load_get_qty(L, "mu", x, Q_NUMBER, &a);
            bad |= load_get_positive(L, "sigma", y, Q_NUMBER, &c);
            if (bad)
                return 1;
            d.p[0] = a;
            d.p[1] = c;
            break;
        }
        if (!load_freq(L, &f, "median"))
            return 1;
        if (p90 && p95) {
            load_err(L, load_fkey(&f, "p95"), "give 'p90' or 'p95', not both");
            return 1;
        }
        if (!p90 && !p95) {
            load_err(L, f.at, "lognormal distribution '%s' needs 'p90' or 'p95' with 'median'", name);
            return 1;
        }
        y = p90 ? p90 : p95;
        bad |= load_get_positive(L, "median", med, pq, &a);
        bad |= load_get_qty(L, p90 ? "p90" : "p95", y, pq, &c);
        if (bad)
            return 1;
        if (!(c > a)) {
            load_err(L, load_fkey(&f, p90 ? "p90" : "p95"), "'%s' (%s) must be greater than 'median' (%s)",
                p90 ? "p90" : "p95", load_show(load_sv(y), b1, sizeof b1), load_show(load_sv(med), b2, sizeof b2));
            return 1;
        }
        if (dist_lognormal_from_quantile(a, c, p90 ? 0.9 : 0.95, &d.p[0], &d.p[1]) != 0) {
            load_err(L, v, "invalid lognormal distribution for '%s'", name);
            return 1;
        }
        break;
    }
    case DIST_GAMMA:
    case DIST_WEIBULL:
        x = load_freq(L, &f, "shape");
        y = load_fval(&f, "scale");
        z = kind == DIST_GAMMA ? load_fval(&f, "mean") : NULL;
        if (kind == DIST_GAMMA && y && z) {
            load_err(L, load_fkey(&f, "mean"), "give 'scale' or 'mean', not both");
            return 1;
        }
        if (!y && !z) {
            if (kind == DIST_GAMMA)
                load_err(L, f.at, "gamma distribution '%s' needs 'scale' or 'mean' with 'shape'", name);
            else
                load_freq(L, &f, "scale");
            return 1;
        }
        if (!x)
            return 1;
        bad |= load_get_positive(L, "shape", x, Q_NUMBER, &a);
        bad |= load_get_positive(L, y ? "scale" : "mean", y ? y : z, pq, &c);
        if (bad)
            return 1;
        d.p[0] = a;
        d.p[1] = y ? c : c / a;
        break;
    case DIST_EXPONENTIAL:
        if (!(x = load_freq(L, &f, "mean")) || load_get_positive(L, "mean", x, pq, &a))
            return 1;
        d.p[0] = a;
        break;
    case DIST_EMPIRICAL:
        if (!(x = load_freq(L, &f, "values")) || get_values(L, x, pq, &vals, &nvals))
            return 1;
        d.values = vals;
        d.n_values = nvals;
        break;
    }
    why = dist_check(&d);
    if (why) {
        load_err(L, v, "invalid distribution for '%s': %s", name, why);
        free(vals);
        return 1;
    }
    *out = d;
    return 0;
}

/* A deep copy (empirical values are owned by each distribution that holds them). */
static int dist_copy(struct ld *L, const struct dist *src, struct dist *dst)
{
    *dst = *src;
    if (src->kind == DIST_EMPIRICAL && src->values) {
        double *v = malloc(src->n_values * sizeof *v);
        if (v == NULL) {
            L->nomem = 1;
            dst->values = NULL;
            dst->n_values = 0;
            return 1;
        }
        memcpy(v, src->values, src->n_values * sizeof *v);
        dst->values = v;
    }
    return 0;
}

/* ---- lookups ------------------------------------------------------------------------ */

static int find_store(const struct plan *p, const char *name)
{
    for (int i = 0; i < p->n_stores; i++)
        if (p->stores[i].name && strcmp(p->stores[i].name, name) == 0)
            return i;
    return -1;
}

static int find_role(const struct plan *p, const char *name)
{
    for (int i = 0; i < p->n_roles; i++)
        if (p->roles[i].name && strcmp(p->roles[i].name, name) == 0)
            return i;
    return -1;
}

static int find_scenario(const struct plan *p, const char *name)
{
    for (int i = 0; i < p->n_scenarios; i++)
        if (p->scenarios[i].name && strcmp(p->scenarios[i].name, name) == 0)
            return i;
    return -1;
}

static int find_step(const struct scenario *sc, const char *name)
{
    for (int i = 0; i < sc->n_steps; i++)
        if (sc->steps[i].name && strcmp(sc->steps[i].name, name) == 0)
            return i;
    return -1;
}

/* Step names of a scenario, NULL-terminated, for suggestions. */
static void step_names(const struct scenario *sc, const char *names[PLAN_MAX_STEPS + 1])
{
    int n = 0;
    for (int i = 0; i < sc->n_steps && n < PLAN_MAX_STEPS; i++)
        if (sc->steps[i].name)
            names[n++] = sc->steps[i].name;
    names[n] = NULL;
}

/* A store named by value v; -1 when unknown (reported) or when stores could not be
 * read (not reported: that error is already there). */
static int store_ref(struct ld *L, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(L, v, "store name");
    int i;
    if (name == NULL || !L->have_stores)
        return -1;
    i = find_store(L->p, name);
    if (i < 0)
        load_err(L, v, "unknown store '%s'%s", load_show(name, b, sizeof b),
            load_did_you_mean(L, name, L->store_names, b1, sizeof b1));
    return i;
}

static int role_ref(struct ld *L, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(L, v, "role name");
    int i;
    if (name == NULL || !L->have_roles)
        return -1;
    i = find_role(L->p, name);
    if (i < 0)
        load_err(L, v, "unknown role '%s'%s", load_show(name, b, sizeof b),
            load_did_you_mean(L, name, L->role_names, b1, sizeof b1));
    return i;
}

static int scenario_ref(struct ld *L, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(L, v, "scenario name");
    int i;
    if (name == NULL || !L->have_scenarios)
        return -1;
    i = find_scenario(L->p, name);
    if (i < 0)
        load_err(L, v, "unknown scenario '%s'%s", load_show(name, b, sizeof b),
            load_did_you_mean(L, name, L->scenario_names, b1, sizeof b1));
    return i;
}

/* A step of scenario si named by v; -1 when unknown (reported) or unknowable. */
static int step_ref(struct ld *L, int si, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const char *names[PLAN_MAX_STEPS + 1];
    const char *name = load_get_name(L, v, "step name");
    const struct scenario *sc;
    int i;
    if (name == NULL || si < 0 || !L->runbook_ok || !L->runbook_ok[si])
        return -1;
    sc = &L->p->scenarios[si];
    i = find_step(sc, name);
    if (i < 0) {
        step_names(sc, names);
        load_err(L, v, "unknown step '%s'%s", load_show(name, b, sizeof b),
            load_did_you_mean(L, name, names, b1, sizeof b1));
    }
    return i;
}

/* ---- sections: plan, calendar ------------------------------------------------------- */

static const char *const meta_keys[] = {"name", "version", "organization", "system", "owner", NULL};

/* The plan's name defaults to the file's base name without its extension. */
static void default_name(struct ld *L, const char *path)
{
    L->p->name = load_base_name(L, path);
}

static void load_meta(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct fields f;
    yaml_node_t *x;
    char **out[] = {&p->name, &p->version, &p->organization, &p->system, &p->owner};

    if (v && load_read_fields(L, &f, meta_keys, k, v, NULL, "'plan'") == 0) {
        for (int i = 0; meta_keys[i]; i++)
            if ((x = load_fval(&f, meta_keys[i])))
                load_get_text(L, meta_keys[i], x, out[i]);
    }
    for (int i = 1; meta_keys[i]; i++)
        if (*out[i] == NULL)
            *out[i] = load_xstrdup(L, "");
    if (p->name == NULL)
        default_name(L, p->path);
}

static const char *const calendar_keys[] = {"epoch", "timezone", "window", NULL};
static const char *const window_keys[] = {"start", "length", NULL};

static void load_calendar(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan_calendar *c = &L->p->calendar;
    struct fields f, w;
    yaml_node_t *x;
    char b[16];

    c->window_s = 365.0 * 86400.0;
    if (load_read_fields(L, &f, calendar_keys, k, v, NULL, "'calendar'"))
        return;
    if ((x = load_freq(L, &f, "epoch")) && load_get_date(L, "epoch", x, &c->epoch_days) == 0 &&
        weekday_of(c->epoch_days) != 0)
        load_err(L, x, "'epoch' must be a Monday (%s is a %s)",
            units_format_date(c->epoch_days, b, sizeof b), weekday_names[weekday_of(c->epoch_days)]);
    if ((x = load_fval(&f, "timezone")))
        load_get_tz(L, "timezone", x, &c->tz_offset_s);
    L->tz_s = c->tz_offset_s;
    if ((x = load_fval(&f, "window")) &&
        load_read_fields(L, &w, window_keys, load_fkey(&f, "window"), x, NULL, "'window'") == 0) {
        if ((x = load_fval(&w, "start")))
            load_get_qty(L, "start", x, Q_DURATION, &c->window_start_s);
        if ((x = load_fval(&w, "length")))
            load_get_positive(L, "length", x, Q_DURATION, &c->window_s);
    }
}

/* ---- stores ------------------------------------------------------------------------- */

static const char *const store_keys[] = {
    "kind", "size", "note", "zone_redundancy", "backups", "recovery", "restore",
    "counts_for_rpo", NULL
};
static const char *const zone_keys[] = {"mode", "failover", "lag", NULL};
static const char *const restore_keys[] = {"throughput", "overhead", "parallelism", NULL};
static const char *const rule_keys[] = {
    "schedule", "complete", "lag", "failure", "retention", "location", NULL
};
static const char *const zone_modes[] = {"none", "sync", "async", "cluster", NULL};
static const char *const recoveries[] = {"restore", "rebuild", "unrecoverable", NULL};
static const char *const locations[] = {"in-zone", "in-region", "cross-region", NULL};

static void load_zone(struct ld *L, struct store *st, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;
    int mode = 0;

    if (load_is_scalar(v) && !load_is_null(v)) {
        /* Shorthand for the modes that need no parameters. */
        if (load_get_enum(L, "zone_redundancy", v, zone_modes, &mode))
            return;
        if (mode == STORE_ZONE_SYNC || mode == STORE_ZONE_ASYNC) {
            load_err(L, v, "mode %s needs a failover time: write {mode: %s, failover: 1m%s}",
                zone_modes[mode], zone_modes[mode], mode == STORE_ZONE_ASYNC ? ", lag: 5s" : "");
            return;
        }
        st->zone_mode = (enum store_zone_mode)mode;
        return;
    }
    if (load_read_fields(L, &f, zone_keys, k, v, NULL, "'zone_redundancy' of store '%s'",
                    load_show(st->name, b, sizeof b)))
        return;
    if (!(x = load_freq(L, &f, "mode")) || load_get_enum(L, "mode", x, zone_modes, &mode))
        return;
    st->zone_mode = (enum store_zone_mode)mode;
    if (mode == STORE_ZONE_SYNC || mode == STORE_ZONE_ASYNC) {
        if ((x = load_freq(L, &f, "failover")))
            get_dist(L, "failover", load_fkey(&f, "failover"), x, Q_DURATION, &st->failover);
    } else if (load_fval(&f, "failover")) {
        load_err(L, load_fkey(&f, "failover"),
            "'failover' applies only to mode sync or async (this mode is %s)", zone_modes[mode]);
    }
    if (mode == STORE_ZONE_ASYNC) {
        if ((x = load_freq(L, &f, "lag")))
            get_dist(L, "lag", load_fkey(&f, "lag"), x, Q_DURATION, &st->replica_lag);
    } else if (load_fval(&f, "lag")) {
        load_err(L, load_fkey(&f, "lag"), "'lag' applies only to mode async (this mode is %s)",
            zone_modes[mode]);
    }
}

static void load_rule(struct ld *L, struct backup_rule *r, const yaml_node_t *k,
                      const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;
    int cont = -1, loc;

    if (load_read_fields(L, &f, rule_keys, k, v, NULL, "backup '%s'", load_show(r->name, b, sizeof b)))
        return;
    if ((x = load_freq(L, &f, "schedule")) && get_sched(L, "schedule", x, L->tz_s, &r->schedule) == 0)
        cont = r->schedule.kind == SCHED_CONTINUOUS;
    if ((x = load_fval(&f, "complete"))) {
        if (cont == 1)
            load_err(L, load_fkey(&f, "complete"), "'complete' does not apply to a continuous schedule "
                                         "(its delay is 'lag')");
        else
            get_dist(L, "complete", load_fkey(&f, "complete"), x, Q_DURATION, &r->complete);
    }
    if ((x = load_fval(&f, "lag"))) {
        if (cont == 0)
            load_err(L, load_fkey(&f, "lag"), "'lag' applies only to a continuous schedule "
                                    "(the time a backup takes is 'complete')");
        else
            get_dist(L, "lag", load_fkey(&f, "lag"), x, Q_DURATION, &r->lag);
    }
    if ((x = load_fval(&f, "failure")))
        load_get_qty(L, "failure", x, Q_PROB, &r->failure_prob);
    if ((x = load_fval(&f, "retention")))
        load_get_positive(L, "retention", x, Q_FOREVER, &r->retention_s);
    if ((x = load_freq(L, &f, "location")) && load_get_enum(L, "location", x, locations, &loc) == 0)
        r->location = (enum backup_location)loc;
}

static void load_rules(struct ld *L, struct store *st, const yaml_node_t *k, const yaml_node_t *v)
{
    struct named nm;
    if (load_read_named(L, k, v, &nm))
        return;
    if (nm.n > 0) {
        st->rules = load_xcalloc(L, (size_t)nm.n, sizeof *st->rules);
        if (st->rules == NULL)
            goto out;
        st->n_rules = (size_t)nm.n;
        for (int j = 0; j < nm.n; j++) {
            struct backup_rule *r = &st->rules[j];
            r->complete = dist_fixed(0);
            r->lag = dist_fixed(0);
            r->retention_s = INFINITY;
            r->pos = load_pos_of(nm.k[j]);
            if ((r->name = load_xstrdup(L, load_sv(nm.k[j]))) == NULL)
                goto out;
        }
        for (int j = 0; j < nm.n && !L->nomem; j++)
            load_rule(L, &st->rules[j], nm.k[j], nm.v[j]);
    }
out:
    load_named_free(&nm);
}

static void load_restore(struct ld *L, int i, struct store *st, const yaml_node_t *k,
                         const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;

    if (load_read_fields(L, &f, restore_keys, k, v, NULL, "'restore' of store '%s'",
                    load_show(st->name, b, sizeof b)))
        return;
    if ((x = load_freq(L, &f, "throughput"))) {
        /* Known to exist even if invalid, so restore steps do not report it missing. */
        L->store_restore[i] = 1;
        get_dist(L, "throughput", load_fkey(&f, "throughput"), x, Q_RATE, &st->throughput);
    }
    if ((x = load_fval(&f, "overhead")))
        get_dist(L, "overhead", load_fkey(&f, "overhead"), x, Q_DURATION, &st->overhead);
    if ((x = load_fval(&f, "parallelism")))
        load_get_int(L, "parallelism", x, 1, 1000000, &st->parallelism);
}

static void load_store(struct ld *L, int i, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct store *st = &L->p->stores[i];
    struct fields f;
    yaml_node_t *x;
    int rec = STORE_RECOVER_RESTORE, rec_ok = 1, cfr;

    if (load_read_fields(L, &f, store_keys, k, v, NULL, "store '%s'", load_show(st->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "kind")))
        load_get_text(L, "kind", x, &st->kind);
    if ((x = load_fval(&f, "note")))
        load_get_text(L, "note", x, &st->note);
    if ((x = load_freq(L, &f, "size")))
        load_get_qty(L, "size", x, Q_SIZE, &st->size_bytes);
    if ((x = load_fval(&f, "recovery")))
        rec_ok = load_get_enum(L, "recovery", x, recoveries, &rec) == 0;
    st->recovery = (enum store_recovery)rec;
    if ((x = load_fval(&f, "zone_redundancy")))
        load_zone(L, st, load_fkey(&f, "zone_redundancy"), x);
    if ((x = load_fval(&f, "backups"))) {
        if (rec_ok && st->recovery == STORE_RECOVER_NONE)
            load_err(L, load_fkey(&f, "backups"), "an unrecoverable store has no backups to restore from: "
                                        "remove 'backups' or change 'recovery'");
        else
            load_rules(L, st, load_fkey(&f, "backups"), x);
    }
    if ((x = load_fval(&f, "restore"))) {
        if (rec_ok && st->recovery == STORE_RECOVER_NONE)
            load_err(L, load_fkey(&f, "restore"), "an unrecoverable store has nothing to restore: "
                                        "remove 'restore' or change 'recovery'");
        else
            load_restore(L, i, st, load_fkey(&f, "restore"), x);
    } else if (rec_ok && st->recovery == STORE_RECOVER_RESTORE) {
        load_err(L, k, "store '%s' is missing required key 'restore' (recovery: restore needs a "
                  "restore throughput)", b);
    }
    cfr = st->recovery == STORE_RECOVER_RESTORE;
    if ((x = load_fval(&f, "counts_for_rpo")))
        load_get_bool(L, "counts_for_rpo", x, &cfr);
    st->counts_for_rpo = cfr;
}

static void load_stores(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct named nm;
    int n;

    if (v == NULL) {
        L->have_stores = 1;
        return;
    }
    if (load_read_named(L, k, v, &nm))
        return;
    n = nm.n;
    if (n > PLAN_MAX_STORES) {
        load_err(L, nm.k[PLAN_MAX_STORES], "too many stores: a plan holds at most %d", PLAN_MAX_STORES);
        n = PLAN_MAX_STORES;
    }
    if (n > 0) {
        p->stores = load_xcalloc(L, (size_t)n, sizeof *p->stores);
        if (p->stores == NULL)
            goto out;
        p->n_stores = n;
    }
    for (int i = 0; i < n; i++) {
        struct store *st = &p->stores[i];
        st->pos = load_pos_of(nm.k[i]);
        st->parallelism = 1;
        st->overhead = dist_fixed(0);
        st->counts_for_rpo = 1;
        if ((st->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        L->store_names[i] = st->name;
    }
    L->have_stores = 1;
    for (int i = 0; i < n && !L->nomem; i++)
        load_store(L, i, nm.k[i], nm.v[i]);
out:
    load_named_free(&nm);
}

/* ---- staffing ----------------------------------------------------------------------- */

static const char *const staffing_keys[] = {
    "timezone", "business_hours", "holidays", "roles", NULL
};
static const char *const role_keys[] = {
    "description", "count", "timezone", "business_hours", "response", "escalate_after",
    "stand_in", NULL
};
static const char *const period_keys[] = {"business", "night", "weekend", NULL};

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void load_holidays(struct ld *L, const yaml_node_t *v)
{
    yaml_node_item_t *it, *top;
    long *days;
    size_t n = 0, m = 0;

    if (load_get_list(L, "holidays", v, "dates", &it, &top) || it == top)
        return;
    days = load_xcalloc(L, (size_t)(top - it), sizeof *days);
    if (days == NULL)
        return;
    for (; it < top; it++) {
        yaml_node_t *x = load_node_at(L, *it);
        if (x && load_get_date(L, "holidays", x, &days[n]) == 0)
            n++;
    }
    qsort(days, n, sizeof *days, cmp_long);
    for (size_t i = 0; i < n; i++)
        if (m == 0 || days[m - 1] != days[i])
            days[m++] = days[i];
    L->p->holidays = days;
    L->p->n_holidays = m;
}

static void load_role(struct ld *L, int i, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct role *r = &L->p->roles[i];
    struct fields f, rf;
    yaml_node_t *x;
    int have[SCHED_N_PERIODS] = {0, 0, 0};

    if (load_read_fields(L, &f, role_keys, k, v, NULL, "role '%s'", load_show(r->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "description")))
        load_get_text(L, "description", x, &r->description);
    if ((x = load_freq(L, &f, "count"))) {
        L->count_node[i] = x;
        load_get_int(L, "count", x, 1, 1000000, &r->count);
    }
    if ((x = load_fval(&f, "timezone")))
        load_get_tz(L, "timezone", x, &r->calendar.tz_offset_s);
    if ((x = load_fval(&f, "business_hours")))
        get_hours(L, "business_hours", x, &r->calendar);
    if ((x = load_freq(L, &f, "response")) &&
        load_read_fields(L, &rf, period_keys, load_fkey(&f, "response"), x, NULL, "'response' of role '%s'",
                    b) == 0) {
        for (int q = 0; q < SCHED_N_PERIODS; q++) {
            yaml_node_t *y = q == SCHED_BUSINESS ? load_freq(L, &rf, period_keys[q])
                                                 : load_fval(&rf, period_keys[q]);
            if (y)
                have[q] = get_dist(L, period_keys[q], load_fkey(&rf, period_keys[q]), y, Q_DURATION,
                                   &r->response[q]) == 0;
        }
        /* A period not given falls back to business hours' response. */
        for (int q = 1; q < SCHED_N_PERIODS; q++)
            if (!load_fval(&rf, period_keys[q]) && have[SCHED_BUSINESS])
                dist_copy(L, &r->response[SCHED_BUSINESS], &r->response[q]);
    }
    if ((x = load_fval(&f, "escalate_after")))
        load_get_qty(L, "escalate_after", x, Q_NEVER, &r->escalate_after_s);
    if ((x = load_fval(&f, "stand_in"))) {
        int j = role_ref(L, x);
        if (j == i)
            load_err(L, x, "role '%s' cannot stand in for itself", b);
        else if (j >= 0) {
            r->stand_in = j;
            L->stand_in_node[i] = x;
        }
    }
}

/* Append "name" (or " -> name") to a path being built in buf. */
static void path_add(char *buf, size_t n, const char *name)
{
    char b[SHOW];
    size_t o = strlen(buf);
    if (o + 1 < n)
        snprintf(buf + o, n - o, "%s%s", o ? " -> " : "", load_show(name, b, sizeof b));
}

/* A stand-in chain that comes back to a role would hand a step round in circles. Each
 * loop is reported once, starting from its first role in file order, at that role's
 * stand_in. */
static void check_stand_ins(struct ld *L)
{
    struct plan *p = L->p;
    unsigned char reported[PLAN_MAX_ROLES] = {0};
    char path[4096];

    for (int i = 0; i < p->n_roles; i++) {
        int seen[PLAN_MAX_ROLES], j = i, first;
        for (int q = 0; q < p->n_roles; q++)
            seen[q] = 0;
        while (j >= 0 && !seen[j]) {
            seen[j] = 1;
            j = p->roles[j].stand_in;
        }
        if (j < 0 || reported[j])
            continue;
        first = j;
        for (int q = p->roles[j].stand_in; q != j; q = p->roles[q].stand_in)
            if (q < first)
                first = q;
        path[0] = '\0';
        j = first;
        do {
            reported[j] = 1;
            path_add(path, sizeof path, p->roles[j].name);
            j = p->roles[j].stand_in;
        } while (j != first);
        path_add(path, sizeof path, p->roles[first].name);
        load_err(L, L->stand_in_node[first], "stand_in chain loops: %s", path);
    }
}

static void load_staffing(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct sched_calendar cal;
    struct fields f;
    struct named nm;
    yaml_node_t *x;
    const char *why;
    size_t where;
    int n, people = 0, reported = 0;

    memset(&cal, 0, sizeof cal);
    memset(&nm, 0, sizeof nm);
    cal.tz_offset_s = L->tz_s;
    parse_hours(DEFAULT_BUSINESS_HOURS, &cal.workdays_mask, &cal.day_start_s, &cal.day_end_s, &why,
                &where);
    if (v == NULL) {
        L->have_roles = 1;
        return;
    }
    if (load_read_fields(L, &f, staffing_keys, k, v, NULL, "'staffing'"))
        return;
    if ((x = load_fval(&f, "timezone")))
        load_get_tz(L, "timezone", x, &cal.tz_offset_s);
    if ((x = load_fval(&f, "business_hours")))
        get_hours(L, "business_hours", x, &cal);
    if ((x = load_fval(&f, "holidays")))
        load_holidays(L, x);
    if ((x = load_fval(&f, "roles")) == NULL) {
        L->have_roles = 1;
        return;
    }
    if (load_read_named(L, load_fkey(&f, "roles"), x, &nm))
        return;
    n = nm.n;
    if (n > PLAN_MAX_ROLES) {
        load_err(L, nm.k[PLAN_MAX_ROLES], "too many roles: a plan holds at most %d", PLAN_MAX_ROLES);
        n = PLAN_MAX_ROLES;
    }
    if (n > 0) {
        p->roles = load_xcalloc(L, (size_t)n, sizeof *p->roles);
        if (p->roles == NULL)
            goto out;
        p->n_roles = n;
    }
    for (int i = 0; i < n; i++) {
        struct role *r = &p->roles[i];
        r->pos = load_pos_of(nm.k[i]);
        r->calendar = cal;
        r->escalate_after_s = INFINITY;
        r->stand_in = -1;
        if ((r->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        L->role_names[i] = r->name;
    }
    L->have_roles = 1;
    for (int i = 0; i < n && !L->nomem; i++)
        load_role(L, i, nm.k[i], nm.v[i]);
    check_stand_ins(L);
    for (int i = 0; i < n; i++) {
        p->roles[i].first_person = people;
        people += p->roles[i].count;
        if (people > PLAN_MAX_PEOPLE && !reported) {
            load_err(L, L->count_node[i], "too many people: the role counts add up to more than %d",
                PLAN_MAX_PEOPLE);
            reported = 1;
        }
    }
    p->n_people = people;
out:
    load_named_free(&nm);
}

/* ---- scenarios and runbooks --------------------------------------------------------- */

static const char *const scenario_keys[] = {
    "description", "destroys", "per_year", "duration", "on_outage_end", "commits_at",
    "declared_by", "service_restored_by", "fully_restored_by", "runbook", NULL
};
static const char *const step_keys[] = {
    "description", "duration", "restore", "failover", "needs", "after", "phase", NULL
};
static const char *const scopes[] = {"zone", "region", NULL};
static const char *const end_rules[] = {"restores", "continue", NULL};
static const char *const phases[] = {"recovery", "restoration", NULL};

/* One step's own keys. Its `after` list is only checked for shape here and returned
 * in *after, to be resolved once every step name of the runbook is known. */
static void load_step(struct ld *L, struct step *st, const yaml_node_t *k, const yaml_node_t *v,
                      const yaml_node_t **after)
{
    char b[SHOW], b1[SHOW];
    struct fields f;
    yaml_node_t *x, *xr, *xf;
    yaml_node_item_t *it, *top;
    int phase;

    *after = NULL;
    if (load_read_fields(L, &f, step_keys, k, v, NULL, "step '%s'", load_show(st->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "description")))
        load_get_text(L, "description", x, &st->description);
    xr = load_fval(&f, "restore");
    xf = load_fval(&f, "failover");
    if (xr && xf) {
        load_err(L, load_fkey(&f, "failover"), "a step either restores or fails over a store, not both");
        return;
    }
    if (xr) {
        int s = store_ref(L, xr);
        st->kind = STEP_RESTORE;
        if (s >= 0) {
            const struct store *so = &L->p->stores[s];
            st->store = s;
            if (so->recovery == STORE_RECOVER_NONE)
                load_err(L, xr, "store '%s' is unrecoverable: there is nothing to restore",
                    load_show(so->name, b1, sizeof b1));
            else if (so->recovery == STORE_RECOVER_REBUILD && !L->store_restore[s])
                load_err(L, xr, "store '%s' has no 'restore' section, so its rebuild time is unknown",
                    load_show(so->name, b1, sizeof b1));
        }
    } else if (xf) {
        int s = store_ref(L, xf);
        st->kind = STEP_FAILOVER;
        if (s >= 0) {
            const struct store *so = &L->p->stores[s];
            st->store = s;
            if (so->zone_mode != STORE_ZONE_SYNC && so->zone_mode != STORE_ZONE_ASYNC)
                load_err(L, xf, "store '%s' has no sync or async zone replica to fail over to "
                           "(zone_redundancy: %s)", load_show(so->name, b1, sizeof b1),
                    zone_modes[so->zone_mode]);
        }
    }
    if ((x = load_fval(&f, "duration"))) {
        if (st->kind == STEP_TASK)
            get_dist(L, "duration", load_fkey(&f, "duration"), x, Q_DURATION, &st->duration);
        else
            load_err(L, load_fkey(&f, "duration"), "a %s step takes its time from the store: remove 'duration'",
                st->kind == STEP_RESTORE ? "restore" : "failover");
    } else if (st->kind == STEP_TASK) {
        load_freq(L, &f, "duration");
    }
    if ((x = load_fval(&f, "needs")) && load_get_list(L, "needs", x, "role names", &it, &top) == 0) {
        for (; it < top; it++) {
            yaml_node_t *y = load_node_at(L, *it);
            int r, dup = 0;
            if (y == NULL || (r = role_ref(L, y)) < 0)
                continue;
            for (int q = 0; q < st->n_needs; q++)
                dup |= st->needs[q] == r;
            if (dup) {
                load_err(L, y, "role '%s' is listed twice in 'needs'", load_show(load_sv(y), b1, sizeof b1));
                continue;
            }
            if (st->n_needs == PLAN_MAX_NEEDS) {
                load_err(L, y, "a step needs at most %d roles", PLAN_MAX_NEEDS);
                break;
            }
            st->needs[st->n_needs++] = r;
        }
    }
    if ((x = load_fval(&f, "after")) && load_get_list(L, "after", x, "step names", &it, &top) == 0)
        *after = x;
    if ((x = load_fval(&f, "phase")) && load_get_enum(L, "phase", x, phases, &phase) == 0)
        st->restoration = phase == 1;
}

/* Resolve every step's `after` names to (file-order) indices. */
static void resolve_after(struct ld *L, int si, const yaml_node_t **after)
{
    struct scenario *sc = &L->p->scenarios[si];
    char b[SHOW];

    for (int i = 0; i < sc->n_steps; i++) {
        struct step *st = &sc->steps[i];
        yaml_node_item_t *it, *top;
        uint64_t seen = 0;
        if (after[i] == NULL || load_is_null(after[i]))
            continue;
        it = after[i]->data.sequence.items.start;
        top = after[i]->data.sequence.items.top;
        st->after = load_xcalloc(L, (size_t)(top - it), sizeof *st->after);
        if (st->after == NULL)
            return;
        for (; it < top; it++) {
            yaml_node_t *y = load_node_at(L, *it);
            int j;
            if (y == NULL || (j = step_ref(L, si, y)) < 0)
                continue;
            if (j == i)
                load_err(L, y, "step '%s' cannot come after itself", load_show(st->name, b, sizeof b));
            else if (seen & (UINT64_C(1) << j))
                load_err(L, y, "step '%s' is listed twice in 'after'", load_show(load_sv(y), b, sizeof b));
            else {
                seen |= UINT64_C(1) << j;
                st->after[st->n_after++] = j;
            }
        }
    }
}

/* Depth-first search for a cycle through `after` edges. On finding one, cycle[] holds
 * it in order (each step waits for the next, the last for the first). */
static int dfs_cycle(const struct scenario *sc, int u, unsigned char *color, int *stack, int *sp,
                     int *cycle, int *len)
{
    const struct step *st = &sc->steps[u];
    color[u] = 1;
    stack[(*sp)++] = u;
    for (int a = 0; a < st->n_after; a++) {
        int w = st->after[a];
        if (color[w] == 1) {
            int k = *sp - 1;
            while (k > 0 && stack[k] != w)   /* w is grey, so it is on the stack */
                k--;
            *len = *sp - k;
            memcpy(cycle, stack + k, (size_t)*len * sizeof *cycle);
            return 1;
        }
        if (color[w] == 0 && dfs_cycle(sc, w, color, stack, sp, cycle, len))
            return 1;
    }
    color[u] = 2;
    (*sp)--;
    return 0;
}

/* Report the first cycle found, written from its first step in file order and pointed
 * at that step's `after` entry that leads round the cycle. Returns 1 if there is one. */
static int check_cycle(struct ld *L, int si, const yaml_node_t **after)
{
    const struct scenario *sc = &L->p->scenarios[si];
    unsigned char color[PLAN_MAX_STEPS] = {0};
    int stack[PLAN_MAX_STEPS], cycle[PLAN_MAX_STEPS] = {0}, rot[PLAN_MAX_STEPS] = {0};
    int sp = 0, len = 0;
    int s = 0;
    const yaml_node_t *at, *list;
    char path[4096];

    for (int i = 0; i < sc->n_steps; i++) {
        if (color[i] == 0 && dfs_cycle(sc, i, color, stack, &sp, cycle, &len))
            break;
    }
    if (len == 0)
        return 0;
    for (int i = 1; i < len; i++)
        if (cycle[i] < cycle[s])
            s = i;
    path[0] = '\0';
    for (int i = 0; i < len; i++) {
        rot[i] = cycle[(s + i) % len];
        path_add(path, sizeof path, sc->steps[rot[i]].name);
    }
    path_add(path, sizeof path, sc->steps[rot[0]].name);
    /* Point at the entry naming the next step of the cycle (the step has an `after`
     * list: it waits for the next one). */
    list = at = after[rot[0]];
    for (yaml_node_item_t *it = list ? list->data.sequence.items.start : NULL;
         list && it < list->data.sequence.items.top; it++) {
        yaml_node_t *y = load_node_at(L, *it);
        if (y && load_is_scalar(y) && strcmp(load_sv(y), sc->steps[rot[len > 1 ? 1 : 0]].name) == 0) {
            at = y;
            break;
        }
    }
    load_err(L, at, "runbook has a cycle: %s", path);
    return 1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Store the steps in topological order: repeatedly take the first step in file order
 * whose dependencies are all placed, so a plan already in a good order stays as it is.
 * `after` indices are remapped and sorted. The runbook must be acyclic. */
static int topo_sort(struct ld *L, struct scenario *sc)
{
    int n = sc->n_steps, order[PLAN_MAX_STEPS], newidx[PLAN_MAX_STEPS];
    unsigned char placed[PLAN_MAX_STEPS] = {0};
    struct step *ns;

    for (int k = 0; k < n; k++) {
        int pick = -1;
        for (int i = 0; i < n && pick < 0; i++) {
            int ready = !placed[i];
            for (int a = 0; ready && a < sc->steps[i].n_after; a++)
                ready = placed[sc->steps[i].after[a]];
            if (ready)
                pick = i;
        }
        if (pick < 0)
            return 1; /* cannot happen for an acyclic runbook */
        placed[pick] = 1;
        order[k] = pick;
        newidx[pick] = k;
    }
    ns = load_xcalloc(L, (size_t)n, sizeof *ns);
    if (ns == NULL)
        return 1;
    for (int k = 0; k < n; k++) {
        struct step *st = &ns[k];
        *st = sc->steps[order[k]];
        st->after_mask = 0;
        for (int a = 0; a < st->n_after; a++) {
            st->after[a] = newidx[st->after[a]];
            st->after_mask |= UINT64_C(1) << st->after[a];
        }
        if (st->n_after > 1)
            qsort(st->after, (size_t)st->n_after, sizeof *st->after, cmp_int);
    }
    free(sc->steps);
    sc->steps = ns;
    return 0;
}

/* Returns 1 when the runbook's step names are known (step references can be checked). */
static int load_runbook(struct ld *L, int si, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    const yaml_node_t *after[PLAN_MAX_STEPS] = {NULL};
    struct named nm;
    int ok = 0;

    if (load_read_named(L, k, v, &nm))
        return 0;
    if (nm.n == 0) {
        load_err(L, k, "the runbook of scenario '%s' has no steps", load_show(sc->name, b, sizeof b));
        goto out;
    }
    if (nm.n > PLAN_MAX_STEPS) {
        load_err(L, nm.k[PLAN_MAX_STEPS], "too many steps: a runbook holds at most %d", PLAN_MAX_STEPS);
        goto out;
    }
    sc->steps = load_xcalloc(L, (size_t)nm.n, sizeof *sc->steps);
    if (sc->steps == NULL)
        goto out;
    sc->n_steps = nm.n;
    for (int i = 0; i < nm.n; i++) {
        struct step *st = &sc->steps[i];
        st->pos = load_pos_of(nm.k[i]);
        st->store = -1;
        if ((st->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
    }
    ok = 1;
    L->runbook_ok[si] = 1;
    for (int i = 0; i < nm.n && !L->nomem; i++)
        load_step(L, &sc->steps[i], nm.k[i], nm.v[i], &after[i]);
    if (L->nomem)
        goto out;
    resolve_after(L, si, after);
    if (!L->nomem && !check_cycle(L, si, after))
        topo_sort(L, sc);
out:
    load_named_free(&nm);
    return ok;
}

static void load_scenario(struct ld *L, int si, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    struct fields f;
    yaml_node_t *x;
    int e;

    if (load_read_fields(L, &f, scenario_keys, k, v, NULL, "scenario '%s'", load_show(sc->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "description")))
        load_get_text(L, "description", x, &sc->description);
    if ((x = load_freq(L, &f, "destroys")) && load_get_enum(L, "destroys", x, scopes, &e) == 0)
        sc->scope = (enum outage_scope)e;
    if ((x = load_freq(L, &f, "per_year")) && load_get_qty(L, "per_year", x, Q_NUMBER, &sc->per_year) == 0 &&
        sc->per_year < 0)
        load_err(L, x, "'per_year' must not be negative (got \"%s\")", load_show(load_sv(x), b, sizeof b));
    if ((x = load_freq(L, &f, "duration")))
        get_dist(L, "duration", load_fkey(&f, "duration"), x, Q_NEVER, &sc->duration);
    if ((x = load_fval(&f, "on_outage_end")) && load_get_enum(L, "on_outage_end", x, end_rules, &e) == 0)
        sc->on_outage_end = (enum outage_end_rule)e;
    if ((x = load_freq(L, &f, "runbook")))
        load_runbook(L, si, load_fkey(&f, "runbook"), x);
    if (L->nomem)
        return;
    /* Step references by name: the steps are in their final order now. */
    if ((x = load_freq(L, &f, "service_restored_by")) && (e = step_ref(L, si, x)) >= 0) {
        sc->service_step = e;
        if (sc->steps[e].restoration)
            load_err(L, x, "the step that restores service cannot be in phase restoration");
    }
    if ((x = load_fval(&f, "commits_at")))
        sc->commit_step = step_ref(L, si, x);
    if ((x = load_fval(&f, "declared_by")))
        sc->declare_step = step_ref(L, si, x);
    if ((x = load_fval(&f, "fully_restored_by")))
        sc->full_step = step_ref(L, si, x);
}

static void load_scenarios(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct named nm;

    if (load_read_named(L, k, v, &nm))
        return;
    if (nm.n == 0) {
        load_err(L, k, "'scenarios' must define at least one scenario");
        goto out;
    }
    p->scenarios = load_xcalloc(L, (size_t)nm.n, sizeof *p->scenarios);
    L->scenario_names = load_xcalloc(L, (size_t)nm.n + 1, sizeof *L->scenario_names);
    L->runbook_ok = load_xcalloc(L, (size_t)nm.n, 1);
    if (p->scenarios == NULL || L->scenario_names == NULL || L->runbook_ok == NULL)
        goto out;
    p->n_scenarios = nm.n;
    for (int i = 0; i < nm.n; i++) {
        struct scenario *sc = &p->scenarios[i];
        sc->pos = load_pos_of(nm.k[i]);
        sc->commit_step = sc->declare_step = sc->full_step = sc->service_step = -1;
        sc->rpo_target_s = sc->rto_target_s = INFINITY;
        if ((sc->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        L->scenario_names[i] = sc->name;
    }
    L->have_scenarios = 1;
    for (int i = 0; i < nm.n && !L->nomem; i++)
        load_scenario(L, i, nm.k[i], nm.v[i]);
out:
    load_named_free(&nm);
}

/* ---- policy ------------------------------------------------------------------------- */

static const char *const policy_keys[] = {"confidence", "rto_clock", "objectives", NULL};
static const char *const objective_keys[] = {"rpo", "rto", NULL};
static const char *const rto_clocks[] = {"outage-start", "declaration", NULL};

static void load_policy(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct plan *p = L->p;
    struct fields f, o;
    struct named nm;
    yaml_node_t *x;
    int e;

    p->confidence = 0.95;
    if (v == NULL || load_read_fields(L, &f, policy_keys, k, v, NULL, "'policy'"))
        return;
    if ((x = load_fval(&f, "confidence")) && load_get_qty(L, "confidence", x, Q_PROB, &p->confidence) == 0 &&
        !(p->confidence > 0 && p->confidence < 1))
        load_err(L, x, "'confidence' must be above 0%% and below 100%% (got \"%s\")",
            load_show(load_sv(x), b, sizeof b));
    if ((x = load_fval(&f, "rto_clock")) && load_get_enum(L, "rto_clock", x, rto_clocks, &e) == 0)
        p->rto_clock = (enum rto_clock)e;
    if ((x = load_fval(&f, "objectives")) == NULL || load_read_named(L, load_fkey(&f, "objectives"), x, &nm))
        return;
    for (int i = 0; i < nm.n; i++) {
        int si = scenario_ref(L, nm.k[i]);
        double rpo = 0, rto = 0;
        int bad = 0;
        if (load_read_fields(L, &o, objective_keys, nm.k[i], nm.v[i], NULL, "objective '%s'",
                        load_show(load_sv(nm.k[i]), b, sizeof b)))
            continue;
        x = load_freq(L, &o, "rpo");
        bad |= !x || load_get_qty(L, "rpo", x, Q_DURATION, &rpo);
        x = load_freq(L, &o, "rto");
        bad |= !x || load_get_qty(L, "rto", x, Q_DURATION, &rto);
        if (si < 0 || bad)
            continue;
        p->scenarios[si].has_policy = 1;
        p->scenarios[si].rpo_target_s = rpo;
        p->scenarios[si].rto_target_s = rto;
        if (p->rto_clock == RTO_FROM_DECLARATION && p->scenarios[si].declare_step < 0 &&
            L->runbook_ok[si])
            load_err(L, nm.k[i], "rto_clock: declaration needs 'declared_by' in scenario '%s'", b);
    }
    load_named_free(&nm);
}

/* ---- services ----------------------------------------------------------------------- */

static const char *const service_keys[] = {
    "description", "owner", "criticality", "priority", "timing", "depends_on", "restored_by",
    "impact", "cost_per_hour", "mtd", "rto", "rpo", "wrt", "mbco", "approved_by",
    "review_date", "next_review", NULL
};
static const char *const depends_keys[] = {"stores", NULL};
static const char *const criticalities[] = {"low", "medium", "high", "critical", NULL};
static const char *const impact_levels[] = {"none", "minimal", "moderate", "severe", NULL};
static const char *const impact_keys[] = {
    "financial", "operational", "regulatory", "reputational", "safety", NULL
};

static void load_impact(struct ld *L, struct service *sv_, const yaml_node_t *k,
                        const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    if (load_read_fields(L, &f, impact_keys, k, v, NULL, "'impact' of service '%s'",
                    load_show(sv_->name, b, sizeof b)))
        return;
    for (int c = 0; c < IMPACT_N_CATEGORIES; c++) {
        yaml_node_t *x = load_fval(&f, impact_keys[c]);
        yaml_node_item_t *it, *top;
        int lvl;
        if (x == NULL || load_get_list(L, impact_keys[c], x, "impact levels", &it, &top))
            continue;
        if (top - it != IMPACT_N_BUCKETS) {
            load_err(L, x, "'%s' must list %d impact levels, one per duration bucket (got %d)",
                impact_keys[c], IMPACT_N_BUCKETS, (int)(top - it));
            continue;
        }
        for (int q = 0; it < top; it++, q++) {
            yaml_node_t *y = load_node_at(L, *it);
            if (y && load_get_enum(L, impact_keys[c], y, impact_levels, &lvl) == 0)
                sv_->impact[c][q] = (unsigned char)lvl;
        }
    }
}

static void load_service(struct ld *L, int i, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    struct plan *p = L->p;
    struct service *s = &p->services[i];
    struct fields f, dep;
    struct named nm;
    yaml_node_t *x;
    yaml_node_item_t *it, *top;
    int e;
    long day;
    static const char *const text_keys[] = {
        "description", "owner", "timing", "mbco", "approved_by", NULL
    };
    char **text_out[] = {&s->description, &s->owner, &s->timing, &s->mbco, &s->approved_by};

    if (load_read_fields(L, &f, service_keys, k, v, NULL, "service '%s'", load_show(s->name, b, sizeof b)))
        return;
    for (int t = 0; text_keys[t]; t++)
        if ((x = load_fval(&f, text_keys[t])))
            load_get_text(L, text_keys[t], x, text_out[t]);
    if ((x = load_fval(&f, "review_date")) && load_get_date(L, "review_date", x, &day) == 0)
        load_get_text(L, "review_date", x, &s->review_date);
    if ((x = load_fval(&f, "next_review")) && load_get_date(L, "next_review", x, &day) == 0)
        load_get_text(L, "next_review", x, &s->next_review);
    if ((x = load_freq(L, &f, "criticality")) && load_get_enum(L, "criticality", x, criticalities, &e) == 0)
        s->criticality = (enum criticality)e;
    if ((x = load_fval(&f, "priority")))
        load_get_int(L, "priority", x, 1, 1000000, &s->priority);
    if ((x = load_fval(&f, "depends_on")) &&
        load_read_fields(L, &dep, depends_keys, load_fkey(&f, "depends_on"), x, NULL,
                    "'depends_on' of service '%s'", b) == 0 &&
        (x = load_fval(&dep, "stores")) && load_get_list(L, "stores", x, "store names", &it, &top) == 0 &&
        it < top) {
        uint64_t seen = 0;
        s->stores = load_xcalloc(L, (size_t)(top - it), sizeof *s->stores);
        if (s->stores == NULL)
            return;
        for (; it < top; it++) {
            yaml_node_t *y = load_node_at(L, *it);
            int st;
            if (y == NULL || (st = store_ref(L, y)) < 0)
                continue;
            if (seen & (UINT64_C(1) << st)) {
                load_err(L, y, "store '%s' is listed twice", load_show(load_sv(y), b1, sizeof b1));
                continue;
            }
            seen |= UINT64_C(1) << st;
            s->stores[s->n_stores++] = st;
        }
    }
    if ((x = load_fval(&f, "restored_by")) && load_read_named(L, load_fkey(&f, "restored_by"), x, &nm) == 0) {
        for (int j = 0; j < nm.n; j++) {
            int si = scenario_ref(L, nm.k[j]), step = step_ref(L, si, nm.v[j]);
            if (si >= 0 && step >= 0 && s->restored_by)
                s->restored_by[si] = step;
        }
        load_named_free(&nm);
    }
    if ((x = load_fval(&f, "impact")))
        load_impact(L, s, load_fkey(&f, "impact"), x);
    if ((x = load_fval(&f, "cost_per_hour")))
        load_get_qty(L, "cost_per_hour", x, Q_MONEY, &s->cost_per_hour_usd);
    if ((x = load_fval(&f, "mtd")))
        load_get_qty(L, "mtd", x, Q_FOREVER, &s->mtd_s);
    if ((x = load_fval(&f, "rto")))
        load_get_qty(L, "rto", x, Q_FOREVER, &s->rto_s);
    if ((x = load_fval(&f, "rpo")))
        load_get_qty(L, "rpo", x, Q_FOREVER, &s->rpo_s);
    if ((x = load_fval(&f, "wrt")))
        load_get_qty(L, "wrt", x, Q_DURATION, &s->wrt_s);
}

static void load_services(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct named nm;

    if (v == NULL || load_read_named(L, k, v, &nm))
        return;
    if (nm.n > 0) {
        p->services = load_xcalloc(L, (size_t)nm.n, sizeof *p->services);
        if (p->services == NULL)
            goto out;
        p->n_services = nm.n;
    }
    for (int i = 0; i < nm.n; i++) {
        struct service *s = &p->services[i];
        char **strs[] = {&s->description, &s->owner, &s->timing, &s->mbco, &s->approved_by,
                         &s->review_date, &s->next_review};
        s->pos = load_pos_of(nm.k[i]);
        s->priority = i + 1;
        s->mtd_s = s->rto_s = s->rpo_s = INFINITY;
        if ((s->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        for (size_t t = 0; t < sizeof strs / sizeof strs[0]; t++)
            if ((*strs[t] = load_xstrdup(L, "")) == NULL)
                goto out;
        if (p->n_scenarios > 0) {
            s->restored_by = load_xcalloc(L, (size_t)p->n_scenarios, sizeof *s->restored_by);
            if (s->restored_by == NULL)
                goto out;
            for (int j = 0; j < p->n_scenarios; j++)
                s->restored_by[j] = p->scenarios[j].service_step;
        }
    }
    for (int i = 0; i < nm.n && !L->nomem; i++)
        load_service(L, i, nm.k[i], nm.v[i]);
out:
    load_named_free(&nm);
}

/* ---- inputs as written (plan->inputs) ----------------------------------------------- */

#define COMMENT_MAX_ABOVE 50   /* comment lines looked at above a key */

/* State of the walk that lists every value read (struct plan_input in plan.h). */
struct inw {
    struct ld *L;
    size_t *line_off;          /* byte offset where each line starts; n_lines + 1 entries */
    size_t n_lines;
    char *path;                /* the current key path, NUL-terminated */
    size_t path_len, path_cap;
    const yaml_node_t *keys[LOAD_MAX_DEPTH + 1]; /* the keys enclosing the value, outermost first */
    int depth;
    struct plan_input *in;     /* grown by doubling */
    size_t n, cap;
};

/* Byte range [*a, *z) of 0-based line `line`, without its newline or carriage return. */
static void line_span(const struct inw *w, size_t line, size_t *a, size_t *z)
{
    *a = w->line_off[line];
    *z = w->line_off[line + 1];
    if (*z > *a && w->L->text[*z - 1] == '\n')
        (*z)--;
    if (*z > *a && w->L->text[*z - 1] == '\r')
        (*z)--;
}

/* Byte offset of a 0-based (line, column) mark, columns in characters as libyaml counts
 * them; clamped to the line's end. */
static size_t mark_offset(const struct inw *w, const yaml_mark_t *m, size_t *line)
{
    size_t a, z, off;
    *line = m->line < w->n_lines ? m->line : w->n_lines - 1;
    line_span(w, *line, &a, &z);
    off = a;
    for (size_t c = 0; c < m->column && off < z; c++) {
        off++;
        while (off < z && ((unsigned char)w->L->text[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

/* The '#' comment on `line` at or after byte `from`, skipping quoted scalars that start
 * there (a quote opens one only where a scalar can start: after '{', '[', ',', ':' or
 * '-'), so "a # b" in quotes is not a comment. YAML wants whitespace before a comment's
 * '#'. Returns its text without the '#' marks and surrounding blanks in *s, *n (n > 0),
 * or 0 when the line has none. */
static int line_comment(const struct inw *w, size_t line, size_t from, const char **s, size_t *n)
{
    const char *t = w->L->text;
    size_t a, z, i;
    char quote = 0, sig = 0;

    line_span(w, line, &a, &z);
    for (i = from < a ? a : from; i < z; i++) {
        char c = t[i];
        if (quote == '"') {
            if (c == '\\')
                i++;
            else if (c == '"')
                quote = 0;
            continue;
        }
        if (quote == '\'') {
            if (c == '\'' && i + 1 < z && t[i + 1] == '\'')
                i++;
            else if (c == '\'')
                quote = 0;
            continue;
        }
        if (c == '#' && (i == a || t[i - 1] == ' ' || t[i - 1] == '\t'))
            break;
        if ((c == '"' || c == '\'') && sig && strchr("{[,:-", sig))
            quote = c;
        if (c != ' ' && c != '\t')
            sig = c;
    }
    if (i >= z)
        return 0;
    while (i < z && (t[i] == '#' || t[i] == ' ' || t[i] == '\t'))
        i++;
    while (z > i && (t[z - 1] == ' ' || t[z - 1] == '\t'))
        z--;
    *s = t + i;
    *n = z - i;
    return *n > 0;
}

/* Append n bytes to a growing string *buf of length *len (capacity *cap), separated from
 * what is there by sep. Returns non-zero when out of memory (reported). */
static int text_add(struct inw *w, char **buf, size_t *len, size_t *cap, const char *sep,
                    const char *s, size_t n)
{
    size_t ns = *len && sep ? strlen(sep) : 0;
    if (*len + ns + n + 1 > *cap) {
        size_t c = (*len + ns + n + 1) * 2;
        char *g = realloc(*buf, c);
        if (g == NULL) {
            w->L->nomem = 1;
            return 1;
        }
        *buf = g;
        *cap = c;
    }
    if (ns)
        memcpy(*buf + *len, sep, ns);
    if (n)
        memcpy(*buf + *len + ns, s, n);
    *len += ns + n;
    (*buf)[*len] = '\0';
    return 0;
}

/* The comment lines directly above 0-based line `line` (stopping at a blank or other
 * line), top to bottom, joined with spaces into a malloc'd string; lines of
 * punctuation only (separators such as "# ----") are skipped. NULL when there are none
 * (or out of memory, reported). */
static char *comment_above(struct inw *w, size_t line)
{
    const char *t = w->L->text;
    size_t first = line, len = 0, cap = 0;
    char *out = NULL;

    while (first > 0 && line - first < COMMENT_MAX_ABOVE) {
        size_t a, z;
        line_span(w, first - 1, &a, &z);
        while (a < z && (t[a] == ' ' || t[a] == '\t'))
            a++;
        if (a == z || t[a] != '#')
            break;
        first--;
    }
    for (size_t l = first; l < line; l++) {
        const char *s;
        size_t n, a, z, k;
        int words = 0;
        line_span(w, l, &a, &z);
        if (!line_comment(w, l, a, &s, &n))
            continue;
        for (k = 0; k < n && !words; k++)
            words = (s[k] >= '0' && s[k] <= '9') ||
                    ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') || ((unsigned char)s[k] & 0x80);
        if (words && text_add(w, &out, &len, &cap, " ", s, n)) {
            free(out);
            return NULL;
        }
    }
    return out;
}

/* The comment found after byte `from` on `line`, as a malloc'd string, or NULL. */
static char *comment_after(struct inw *w, size_t line, size_t from)
{
    const char *s;
    size_t n, len = 0, cap = 0;
    char *out = NULL;
    if (line_comment(w, line, from, &s, &n) && text_add(w, &out, &len, &cap, NULL, s, n)) {
        free(out);
        return NULL;
    }
    return out;
}

/* The comment of a key: after it on its line (its value may be an alias or a flow
 * mapping), else the lines directly above it. */
static char *key_comment(struct inw *w, const yaml_node_t *k)
{
    size_t line, off = mark_offset(w, &k->end_mark, &line);
    char *c = comment_after(w, line, off);
    if (c == NULL && !w->L->nomem)
        c = comment_above(w, k->start_mark.line < w->n_lines ? k->start_mark.line : 0);
    return c;
}

/* The comment after a value on the line where it ends (for a block scalar, '|' or '>',
 * the line of its indicator). */
static char *value_comment(struct inw *w, const yaml_node_t *v)
{
    size_t line, off;
    if (v->type == YAML_SCALAR_NODE && (v->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                                        v->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)) {
        off = mark_offset(w, &v->start_mark, &line);
        return comment_after(w, line, off + 1);
    }
    off = mark_offset(w, &v->end_mark, &line);
    return comment_after(w, line, off);
}

/* Record one input: `value` and `comment` are malloc'd and taken over (comment may be
 * NULL for none); the path is the current one. */
static void input_add(struct inw *w, const yaml_node_t *at, char *value, char *comment,
                      const char *unit)
{
    struct plan_input *in;
    char *path = load_xstrdup(w->L, w->path);

    if (comment == NULL && !w->L->nomem) {
        for (int d = w->depth - 1; d >= 0 && comment == NULL && !w->L->nomem; d--)
            comment = key_comment(w, w->keys[d]);
        if (comment == NULL)
            comment = load_xstrdup(w->L, "");
    }
    if (w->n == w->cap && !w->L->nomem) {
        size_t c = w->cap ? w->cap * 2 : 256;
        struct plan_input *g = realloc(w->in, c * sizeof *g);
        if (g == NULL) {
            w->L->nomem = 1;
        } else {
            w->in = g;
            w->cap = c;
        }
    }
    if (w->L->nomem || path == NULL || value == NULL || comment == NULL) {
        w->L->nomem = 1;
        free(path);
        free(value);
        free(comment);
        return;
    }
    in = &w->in[w->n++];
    in->path = path;
    in->value = value;
    in->comment = comment;
    in->unit = unit;
    in->line = (int)at->start_mark.line + 1;
    in->col = (int)at->start_mark.column + 1;
}

static const char *unit_of(const struct inw *w, const yaml_node_t *n)
{
    size_t i = (size_t)(n - w->L->doc->nodes.start);
    return i < w->L->n_nodes ? w->L->unit[i] : NULL;
}

/* A list of plain values: one input, items joined with ", ", the comments after its
 * items joined with "; " (each line once). */
static void input_list(struct inw *w, const yaml_node_t *seq)
{
    const char *unit = NULL;
    char *value = NULL, *comment = NULL;
    size_t vlen = 0, vcap = 0, clen = 0, ccap = 0, last_line = (size_t)-1;

    for (yaml_node_item_t *it = seq->data.sequence.items.start;
         it < seq->data.sequence.items.top && !unit; it++)
        unit = unit_of(w, load_node_at(w->L, *it));
    if (unit == NULL)
        return;
    if (text_add(w, &value, &vlen, &vcap, NULL, "", 0))
        return;
    for (yaml_node_item_t *it = seq->data.sequence.items.start;
         it < seq->data.sequence.items.top && !w->L->nomem; it++) {
        yaml_node_t *x = load_node_at(w->L, *it);
        char *c;
        if (text_add(w, &value, &vlen, &vcap, ", ", load_sv(x), strlen(load_sv(x))))
            break;
        if (x->end_mark.line == last_line)
            continue;
        last_line = x->end_mark.line;
        if ((c = value_comment(w, x)) != NULL) {
            text_add(w, &comment, &clen, &ccap, "; ", c, strlen(c));
            free(c);
        }
    }
    if (w->L->nomem) {
        free(value);
        free(comment);
        return;
    }
    input_add(w, seq, value, comment, unit);
}

/* Extend the path by ".name" (or "name" at the top, or "[i]" for list items). Returns
 * the old length for path_cut, or (size_t)-1 when out of memory. */
static size_t path_push(struct inw *w, const char *sep, const char *name)
{
    size_t old = w->path_len;
    if (text_add(w, &w->path, &w->path_len, &w->path_cap, sep, name, strlen(name)))
        return (size_t)-1;
    return old;
}

static void path_cut(struct inw *w, size_t len)
{
    w->path_len = len;
    w->path[len] = '\0';
}

/* Walk node n (the value at the current path) depth first, in file order. The node
 * graph was checked by check_aliases: no cycles, at most LOAD_MAX_NODES nodes once
 * aliases are expanded, at most LOAD_MAX_DEPTH levels. */
static void walk_inputs(struct inw *w, const yaml_node_t *n)
{
    char idx[32];
    if (n == NULL || w->L->nomem)
        return;
    if (n->type == YAML_SCALAR_NODE) {
        const char *unit = unit_of(w, n);
        if (unit)
            input_add(w, n, load_xstrdup(w->L, load_sv(n)), value_comment(w, n), unit);
        return;
    }
    if (n->type == YAML_SEQUENCE_NODE) {
        int plain = 1;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++)
            plain &= load_node_at(w->L, *it) != NULL && load_is_scalar(load_node_at(w->L, *it));
        if (plain) {
            input_list(w, n);
            return;
        }
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top && !w->L->nomem; it++) {
            size_t old;
            snprintf(idx, sizeof idx, "[%d]", (int)(it - n->data.sequence.items.start));
            if ((old = path_push(w, NULL, idx)) == (size_t)-1)
                return;
            walk_inputs(w, load_node_at(w->L, *it));
            path_cut(w, old);
        }
        return;
    }
    if (n->type != YAML_MAPPING_NODE || w->depth >= LOAD_MAX_DEPTH)
        return;
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
         pr < n->data.mapping.pairs.top && !w->L->nomem; pr++) {
        yaml_node_t *k = load_node_at(w->L, pr->key);
        size_t old;
        if (k == NULL || !load_is_scalar(k) || strncmp(load_sv(k), "x-", 2) == 0)
            continue;
        if ((old = path_push(w, ".", load_sv(k))) == (size_t)-1)
            return;
        w->keys[w->depth++] = k;
        walk_inputs(w, load_node_at(w->L, pr->value));
        w->depth--;
        path_cut(w, old);
    }
}

/* Fill plan->inputs from the loaded document: every scalar a getter read (L->unit),
 * under every path that reaches it. Called once the plan loaded without errors. */
static void record_inputs(struct ld *L, const yaml_node_t *root)
{
    struct inw w;
    size_t lines = 1;

    memset(&w, 0, sizeof w);
    w.L = L;
    for (size_t i = 0; i < L->len; i++)
        lines += L->text[i] == '\n';
    w.line_off = load_xcalloc(L, lines + 1, sizeof *w.line_off);
    if (w.line_off == NULL)
        return;
    w.n_lines = lines;
    for (size_t i = 0, l = 1; i < L->len; i++)
        if (L->text[i] == '\n')
            w.line_off[l++] = i + 1;
    w.line_off[lines] = L->len;
    if (text_add(&w, &w.path, &w.path_len, &w.path_cap, NULL, "", 0) == 0)
        walk_inputs(&w, root);
    L->p->inputs = w.in;
    L->p->n_inputs = (int)w.n;
    free(w.path);
    free(w.line_off);
}

/* ---- costs -------------------------------------------------------------------------- */

static const char *const costs_keys[] = {
    "storage", "transfer", "change_per_day", "incremental", "per_point", "stores", "staffing",
    NULL
};
static const char *const storage_keys[] = {"in-zone", "in-region", "cross-region", NULL};
static const char *const transfer_keys[] = {"cross-region", NULL};
static const char *const store_cost_keys[] = {"change_per_day", NULL};
static const char *const role_cost_keys[] = {"per_person_year", "on_call_month", NULL};

/* The rates of the cost model (models/cost.h); read after stores and staffing, whose
 * names it refers to. */
static void load_costs(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct plan_costs *c = &L->p->costs;
    struct fields f, g;
    struct named nm;
    yaml_node_t *x, *y;

    for (int i = 0; i < PLAN_MAX_STORES; i++)
        c->store_change_per_day[i] = NAN;
    c->incremental = 1;
    if (v == NULL || load_read_fields(L, &f, costs_keys, k, v, NULL, "'costs'"))
        return;
    c->has_costs = 1;
    if ((x = load_fval(&f, "storage")) &&
        load_read_fields(L, &g, storage_keys, load_fkey(&f, "storage"), x, NULL, "'costs.storage'") == 0)
        for (int l = 0; storage_keys[l]; l++)
            if ((y = load_fval(&g, storage_keys[l])))
                load_get_qty(L, storage_keys[l], y, Q_MONEY, &c->storage_gb_month_usd[l]);
    if ((x = load_fval(&f, "transfer")) &&
        load_read_fields(L, &g, transfer_keys, load_fkey(&f, "transfer"), x, NULL, "'costs.transfer'") == 0 &&
        (y = load_fval(&g, "cross-region")))
        load_get_qty(L, "cross-region", y, Q_MONEY, &c->transfer_gb_usd);
    if ((x = load_fval(&f, "change_per_day")))
        load_get_qty(L, "change_per_day", x, Q_PROB, &c->change_per_day);
    if ((x = load_fval(&f, "incremental")))
        load_get_bool(L, "incremental", x, &c->incremental);
    if ((x = load_fval(&f, "per_point")))
        load_get_qty(L, "per_point", x, Q_MONEY, &c->per_point_usd);
    if ((x = load_fval(&f, "stores")) && load_read_named(L, load_fkey(&f, "stores"), x, &nm) == 0) {
        for (int i = 0; i < nm.n && !L->nomem; i++) {
            int si = store_ref(L, nm.k[i]);
            if (load_read_fields(L, &g, store_cost_keys, nm.k[i], nm.v[i],
                            "a store's costs take change_per_day", "costs of store '%s'",
                            load_show(load_sv(nm.k[i]), b, sizeof b)))
                continue;
            if ((y = load_fval(&g, "change_per_day")) && si >= 0)
                load_get_qty(L, "change_per_day", y, Q_PROB, &c->store_change_per_day[si]);
        }
        load_named_free(&nm);
    }
    if ((x = load_fval(&f, "staffing")) && load_read_named(L, load_fkey(&f, "staffing"), x, &nm) == 0) {
        for (int i = 0; i < nm.n && !L->nomem; i++) {
            int ri = role_ref(L, nm.k[i]);
            if (load_read_fields(L, &g, role_cost_keys, nm.k[i], nm.v[i],
                            "a role's costs are per_person_year and on_call_month",
                            "costs of role '%s'", load_show(load_sv(nm.k[i]), b, sizeof b)))
                continue;
            if (ri < 0)
                continue;
            if ((y = load_fval(&g, "per_person_year")))
                load_get_qty(L, "per_person_year", y, Q_MONEY, &c->person_year_usd[ri]);
            if ((y = load_fval(&g, "on_call_month")))
                load_get_qty(L, "on_call_month", y, Q_MONEY, &c->on_call_month_usd[ri]);
        }
        load_named_free(&nm);
    }
}

/* ---- the whole document ------------------------------------------------------------- */

static const char *const root_keys[] = {
    "plan", "calendar", "policy", "stores", "staffing", "scenarios", "services", "costs", NULL
};

static void load_root(struct ld *L, const yaml_node_t *root)
{
    struct fields f;
    if (load_read_fields(L, &f, root_keys, NULL, root, NULL, "the plan"))
        return;
    load_meta(L, load_fkey(&f, "plan"), load_fval(&f, "plan"));
    if (load_fval(&f, "calendar"))
        load_calendar(L, load_fkey(&f, "calendar"), load_fval(&f, "calendar"));
    else
        load_freq(L, &f, "calendar");
    if (L->nomem)
        return;
    load_stores(L, load_fkey(&f, "stores"), load_fval(&f, "stores"));
    if (L->nomem)
        return;
    load_staffing(L, load_fkey(&f, "staffing"), load_fval(&f, "staffing"));
    if (L->nomem)
        return;
    if (load_fval(&f, "scenarios"))
        load_scenarios(L, load_fkey(&f, "scenarios"), load_fval(&f, "scenarios"));
    else
        load_freq(L, &f, "scenarios");
    if (L->nomem)
        return;
    load_policy(L, load_fkey(&f, "policy"), load_fval(&f, "policy"));
    if (L->nomem)
        return;
    load_services(L, load_fkey(&f, "services"), load_fval(&f, "services"));
    if (L->nomem)
        return;
    load_costs(L, load_fkey(&f, "costs"), load_fval(&f, "costs"));
}

/* Expanded size of node id (aliases expanded, shared nodes counted at each use),
 * saturating just above LOAD_MAX_NODES. Rejects recursive aliases (libyaml's document
 * API accepts "&a [*a]", which makes the graph cyclic) and deep nesting. */
static int expand_size(struct ld *L, int id, int depth, unsigned char *state, uint32_t *size)
{
    yaml_node_t *n = load_node_at(L, id);
    uint64_t total = 1;
    size_t i = (size_t)id - 1;

    if (n == NULL)
        return 0;
    if (state[i] == 2)
        return 0;
    if (state[i] == 1) {
        load_err(L, n, "an alias refers to a node that contains it (a recursive alias)");
        return 1;
    }
    if (depth > LOAD_MAX_DEPTH) {
        load_err(L, n, "nesting is deeper than %d levels", LOAD_MAX_DEPTH);
        return 1;
    }
    state[i] = 1;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
            if (expand_size(L, *it, depth + 1, state, size))
                return 1;
            total += size[*it - 1];
            if (total > LOAD_MAX_NODES)
                total = LOAD_MAX_NODES + 1;
        }
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
             pr++) {
            if (expand_size(L, pr->key, depth + 1, state, size) ||
                expand_size(L, pr->value, depth + 1, state, size))
                return 1;
            total += (uint64_t)size[pr->key - 1] + size[pr->value - 1];
            if (total > LOAD_MAX_NODES)
                total = LOAD_MAX_NODES + 1;
        }
    }
    size[i] = (uint32_t)total;
    state[i] = 2;
    return 0;
}

/* libyaml's scanner is quadratic in the depth of flow collections ("[[[[..."): a few
 * hundred kilobytes of brackets take minutes. Absurd depth is rejected before parsing.
 * Brackets inside quoted or plain text are counted too, so the bound is loose: no real
 * plan comes near it, and the schema itself rejects anything past LOAD_MAX_DEPTH. */
static int check_flow_depth(struct ld *L)
{
    int depth = 0, line = 1, col = 1;
    for (size_t i = 0; i < L->len; i++) {
        char c = L->text[i];
        if (c == '[' || c == '{') {
            if (++depth > LOAD_MAX_FLOW_DEPTH) {
                load_err_at(L, line, col, "brackets nest deeper than %d levels", LOAD_MAX_FLOW_DEPTH);
                return 1;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
        if (c == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)c & 0xC0) != 0x80) {
            col++;
        }
    }
    return 0;
}

/* Check the node graph is a tree of bounded size once aliases are expanded. An alias
 * bomb is reported at the innermost node that is still too big: where the aliases
 * multiply. */
static int check_aliases(struct ld *L)
{
    size_t n = (size_t)(L->doc->nodes.top - L->doc->nodes.start);
    unsigned char *state = load_xcalloc(L, n, 1);
    uint32_t *size = load_xcalloc(L, n, sizeof *size);
    int id = 1, rc = 1;

    if (state == NULL || size == NULL)
        goto out;
    if (n > LOAD_MAX_NODES) {
        load_err_at(L, 0, 0, "the %s has more than %d YAML nodes, far more than any real %s",
                    L->kind, LOAD_MAX_NODES, L->kind);
        goto out;
    }
    if (expand_size(L, 1, 0, state, size))
        goto out;
    if (size[0] > LOAD_MAX_NODES) {
        for (;;) {
            yaml_node_t *nd = load_node_at(L, id);
            int next = 0;
            if (nd->type == YAML_SEQUENCE_NODE) {
                for (yaml_node_item_t *it = nd->data.sequence.items.start;
                     it < nd->data.sequence.items.top && !next; it++)
                    if (size[*it - 1] > LOAD_MAX_NODES)
                        next = *it;
            } else if (nd->type == YAML_MAPPING_NODE) {
                for (yaml_node_pair_t *pr = nd->data.mapping.pairs.start;
                     pr < nd->data.mapping.pairs.top && !next; pr++) {
                    if (size[pr->key - 1] > LOAD_MAX_NODES)
                        next = pr->key;
                    else if (size[pr->value - 1] > LOAD_MAX_NODES)
                        next = pr->value;
                }
            }
            if (!next)
                break;
            id = next;
        }
        load_err(L, load_node_at(L, id), "aliases here expand to more than %d nodes (an alias bomb?)",
            LOAD_MAX_NODES);
        goto out;
    }
    rc = 0;
out:
    free(state);
    free(size);
    return rc;
}

/* A libyaml error as a positioned diagnostic (marks are 0-based). */
static void syntax_error(struct ld *L, const yaml_parser_t *ps)
{
    const char *problem = ps->problem ? ps->problem : "cannot parse the file";
    int line, col;
    size_t off;

    if (ps->error == YAML_MEMORY_ERROR) {
        L->nomem = 1;
        return;
    }
    if (ps->error == YAML_READER_ERROR) {
        /* Reader errors (bad UTF-8, control characters) carry a byte offset. */
        line = 1;
        col = 1;
        for (size_t i = 0; i < ps->problem_offset && i < L->len; i++) {
            if (L->text[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)L->text[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        if (ps->problem_value != -1)
            load_err_at(L, line, col, "%s (0x%X)", problem, (unsigned)ps->problem_value);
        else
            load_err_at(L, line, col, "%s", problem);
        return;
    }
    line = (int)ps->problem_mark.line + 1;
    col = (int)ps->problem_mark.column + 1;
    off = load_text_offset(L, ps->problem_mark.line, ps->problem_mark.column);
    if (off != (size_t)-1 && off < L->len && L->text[off] == '\t')
        load_err_at(L, line, col, "tab characters cannot indent YAML: indent with spaces");
    else if (ps->context)
        load_err_at(L, line, col, "syntax error: %s (%s at line %d)", problem, ps->context,
               (int)ps->context_mark.line + 1);
    else
        load_err_at(L, line, col, "syntax error: %s", problem);
}

char *load_base_name(struct ld *L, const char *path)
{
    const char *base = strrchr(path, '/');
    size_t n;
    char *name;
    base = base ? base + 1 : path;
    n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
        n -= 5;
    else if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
        n -= 4;
    name = malloc(n + 1);
    if (name == NULL) {
        L->nomem = 1;
        return NULL;
    }
    memcpy(name, base, n);
    name[n] = '\0';
    return name;
}

void load_begin(struct ld *L, struct diag_list *diags, const char *text, size_t len,
                const char *kind, const char *sections)
{
    memset(L, 0, sizeof *L);
    L->d = diags;
    L->text = text;
    L->len = len;
    L->kind = kind;
    L->sections = sections;
}

enum load_status load_outcome(const struct ld *L, const void *built)
{
    if (L->nomem)
        return LOAD_NOMEM;
    if (L->n_err > 0 || built == NULL)
        return LOAD_INVALID;
    return LOAD_OK;
}

/* Parse the text of L (L->text, L->len, L->kind set) into doc: refuse absurd bracket
 * nesting first, report a syntax error, an empty file or a second document, and check
 * the node graph's size once aliases are expanded. *root is the root node when the
 * document can be walked, NULL when not (reported). Returns 1 when doc holds a document
 * the caller must release with yaml_document_delete, 0 when it holds none. */
int load_parse(struct ld *L, yaml_parser_t *parser, yaml_document_t *doc, yaml_node_t **root)
{
    yaml_document_t extra;

    *root = NULL;
    yaml_parser_set_input_string(parser, (const unsigned char *)L->text, L->len);
    if (check_flow_depth(L))
        return 0;
    if (!yaml_parser_load(parser, doc)) {
        syntax_error(L, parser);
        return 0;
    }
    L->doc = doc;
    if (yaml_document_get_root_node(doc) == NULL || load_is_null(yaml_document_get_root_node(doc))) {
        load_err_at(L, 0, 0, "the %s file is empty", L->kind);
        return 1;
    }
    /* One document per file: a second one would be silently ignored otherwise. */
    if (!yaml_parser_load(parser, &extra)) {
        syntax_error(L, parser);
    } else {
        if (yaml_document_get_root_node(&extra))
            load_err_at(L, (int)extra.start_mark.line + 1, (int)extra.start_mark.column + 1,
                        "a %s file holds one YAML document; a second one starts here", L->kind);
        yaml_document_delete(&extra);
    }
    if (L->nomem || check_aliases(L))
        return 1;
    *root = yaml_document_get_root_node(doc);
    return 1;
}

enum load_status load_plan_text(const char *name, const char *text, size_t len,
                                struct diag_list *diags, struct plan **out)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    int have_doc = 0;
    struct ld L;
    struct plan *p = NULL;
    yaml_node_t *root = NULL;
    enum load_status st;

    *out = NULL;
    load_begin(&L, diags, text, len, "plan", LOAD_PLAN_SECTIONS);
    if (!yaml_parser_initialize(&parser))
        return LOAD_NOMEM;
    have_doc = load_parse(&L, &parser, &doc, &root);
    if (root == NULL || L.nomem)
        goto out;
    L.n_nodes = (size_t)(doc.nodes.top - doc.nodes.start);
    L.unit = load_xcalloc(&L, L.n_nodes, sizeof *L.unit);
    if (L.unit == NULL)
        goto out;
    p = calloc(1, sizeof *p);
    if (p == NULL) {
        L.nomem = 1;
        goto out;
    }
    L.p = p;
    p->confidence = 0.95;
    p->calendar.window_s = 365.0 * 86400.0;
    if ((p->path = load_xstrdup(&L, name)) == NULL)
        goto out;
    sha256(text, len, p->sha256);
    load_root(&L, root);
    if (L.n_err == 0 && !L.nomem)
        record_inputs(&L, root);
    /* Roles borrow the plan's holiday list. */
    for (int i = 0; i < p->n_roles; i++) {
        p->roles[i].calendar.holidays = p->holidays;
        p->roles[i].calendar.n_holidays = p->n_holidays;
    }
out:
    st = load_outcome(&L, p);
    if (st == LOAD_OK)
        *out = p;
    else
        plan_free(p);
    free(L.scenario_names);
    free(L.runbook_ok);
    free(L.unit);
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return st;
}

/* Read a file of at most LOAD_MAX_FILE bytes into a malloc'd NUL-terminated buffer
 * (*text, *len); diags is initialised with the path (and the text once read). Messages
 * name the kind of file ("cannot open the plan file: ..."). Returns LOAD_OK, LOAD_IO,
 * LOAD_INVALID (too large) or LOAD_NOMEM, with *text NULL on failure. */
enum load_status load_read_file(const char *path, const char *kind, struct diag_list *diags,
                                char **text_out, size_t *len_out)
{
    FILE *f = NULL;
    char *text = NULL, *grown;
    size_t len = 0, cap = 0, got_n;
    enum load_status st = LOAD_IO;

    *text_out = NULL;
    *len_out = 0;
    diag_init(diags, path, NULL, 0);
    f = fopen(path, "rb");
    if (f == NULL) {
        diag_add(diags, DIAG_ERROR, 0, 0, "cannot open the %s file: %s", kind, strerror(errno));
        goto out;
    }
    for (;;) {
        if (cap - len < 4096 + 1) {
            cap = cap ? cap * 2 : 16384;
            grown = realloc(text, cap);
            if (grown == NULL) {
                st = LOAD_NOMEM;
                goto out;
            }
            text = grown;
        }
        got_n = fread(text + len, 1, cap - len - 1, f);
        len += got_n;
        if ((long)len > LOAD_MAX_FILE) {
            diag_add(diags, DIAG_ERROR, 0, 0, "the %s file is larger than %ld MB", kind,
                     LOAD_MAX_FILE / (1024 * 1024));
            st = LOAD_INVALID;
            goto out;
        }
        if (got_n == 0)
            break;
    }
    if (ferror(f)) {
        diag_add(diags, DIAG_ERROR, 0, 0, "cannot read the %s file: %s", kind, strerror(errno));
        goto out;
    }
    text[len] = '\0';
    diag_init(diags, path, text, len);
    *text_out = text;
    *len_out = len;
    text = NULL;
    st = LOAD_OK;
out:
    if (f)
        fclose(f);
    free(text);
    return st;
}

enum load_status load_plan_file(const char *path, struct diag_list *diags, char **text_out,
                                struct plan **out)
{
    size_t len = 0;
    enum load_status st;

    *out = NULL;
    st = load_read_file(path, "plan", diags, text_out, &len);
    if (st != LOAD_OK)
        return st;
    return load_plan_text(path, *text_out, len, diags, out);
}

enum load_status load_plan_builtin(struct diag_list *diags, struct plan **out)
{
    size_t len;
    const char *text = load_builtin_text(&len);
    enum load_status st;

    diag_init(diags, BUILTIN_NAME, text, len);
    st = load_plan_text(BUILTIN_NAME, text, len, diags, out);
    if (st == LOAD_OK) {
        char *path = strdup(BUILTIN_PATH);
        if (path == NULL) {
            plan_free(*out);
            *out = NULL;
            return LOAD_NOMEM;
        }
        free((*out)->path);
        (*out)->path = path;
    }
    return st;
}

/* builtin_plan.S measures plan_builtin_len up to its own (8-byte aligned) address, so
 * it can count alignment padding after the text's NUL; the text itself ends at the
 * first NUL. */
const char *load_builtin_text(size_t *len)
{
    if (len)
        *len = strnlen(plan_builtin_yaml, (size_t)plan_builtin_len);
    return plan_builtin_yaml;
}

const char *load_strerror(enum load_status s)
{
    switch (s) {
    case LOAD_OK:
        return "success";
    case LOAD_INVALID:
        return "invalid plan";
    case LOAD_IO:
        return "cannot read the plan file";
    case LOAD_NOMEM:
        return "out of memory";
    }
    return "unknown error";
}
