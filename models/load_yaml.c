/* models/load_yaml.c: the loader's walk over libyaml's node graph, and its messages.
 *
 * libyaml's document API hands the loader a graph of nodes (scalars, sequences,
 * mappings) with a start mark each. Every file of the loader walks that graph with the
 * same small vocabulary, kept here: the position of a node, errors and notes reported
 * at it (counted in struct ld, collected in the caller's diag_list), a scalar's value
 * and whether it is YAML's null, and how a value is quoted in a message (load_show cuts
 * it at 40 bytes and makes every control character visible, so a message stays one
 * readable line and a file cannot write escape sequences to a terminal through it).
 *
 * Mappings come in two shapes. A mapping with a fixed set of keys (a store, a step, a
 * distribution) is read by load_read_fields, which rejects unknown keys with the
 * closest known one as a suggestion, duplicate keys (libyaml accepts them silently)
 * and merge keys ('<<', which libyaml does not apply), and ignores "x-" keys. A
 * mapping whose keys are names the plan chooses (stores, steps, scenarios) is read by
 * load_read_named, which keeps the entries in file order and refuses empty, duplicate
 * and unprintable names: a name ends up in terminal output, file names and the XML
 * inside the workbook, so it may not hold control characters or noncharacters
 * (models/text.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"
#include "models/text.h"

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

/* A value as quoted in a message: at most 40 bytes of it (cut at a character
 * boundary, then "..."), with control characters, noncharacters and malformed bytes
 * made visible as text_escape writes them ("\e", "\x07"), so a message stays one
 * readable line and cannot carry an escape sequence to a terminal. */
const char *load_show(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s), o = 0, i = 0;
    int cut = 0;
    while (i < len && !cut) {
        char one[8], esc[48];
        size_t k = 1, w;
        while (i + k < len && k < 4 && ((unsigned char)s[i + k] & 0xC0) == 0x80)
            k++;
        memcpy(one, s + i, k);
        one[k] = '\0';
        w = text_escape(one, esc, sizeof esc);
        if (i + k > 40 || o + w + 4 >= n) {
            cut = 1;
            break;
        }
        memcpy(buf + o, esc, w);
        o += w;
        i += k;
    }
    if (cut && o + 4 <= n) {
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

/* Append "name" (or " -> name") to a path being built in buf. */
void load_path_add(char *buf, size_t n, const char *name)
{
    char b[SHOW];
    size_t o = strlen(buf);
    if (o + 1 < n)
        snprintf(buf + o, n - o, "%s%s", o ? " -> " : "", load_show(name, b, sizeof b));
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

/* Whether scalar v holds no character that text must not carry (models/text.h): a
 * control character, a noncharacter, a malformed byte; tab, line feed and carriage
 * return are allowed in free text (is_text) but not in a name. Reported, under the
 * character when the source spells the value as it is, as "a name cannot contain
 * U+001B (escape)" or "'description' cannot contain U+0007 (bell)" (key `name`). */
int load_text_clean(struct ld *L, const char *name, const yaml_node_t *v, int is_text)
{
    char d[48];
    uint32_t cp = 0;
    long at = text_find_forbidden(load_sv(v), is_text, &cp);
    struct plan_pos pp;
    if (at < 0)
        return 1;
    pp = load_pos_in_scalar(L, v, (size_t)at);
    text_describe(cp, d, sizeof d);
    if (name == NULL || !is_text)
        load_err_at(L, pp.line, pp.col, "a name cannot contain %s", d);
    else
        load_err_at(L, pp.line, pp.col, "'%s' cannot contain %s", name, d);
    return 0;
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
        if (!load_text_clean(L, NULL, k, 0))
            continue;
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
    if (!load_scalar_clean(L, what, v) || !load_text_clean(L, NULL, v, 0))
        return NULL;
    return load_sv(v);
}
