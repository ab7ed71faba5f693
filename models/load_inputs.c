/* models/load_inputs.c: every value a plan gave, as written, with its comment
 * (plan->inputs, for the workbook's Assumptions sheet).
 *
 * Every getter notes the scalar it read and what it read it as (load_use()). Once a plan
 * has loaded without errors, a second walk over the document lists those scalars in
 * plan->inputs under every key path that reaches them (aliases expanded, "x-" keys
 * skipped), with the '#' comment the source has for each: libyaml drops comments, so
 * they are found in the text from the nodes' marks. A comment is the one after the
 * value on its line, else the one after its key, else the comment lines directly above
 * the key (or above an enclosing key).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

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
    enum plan_provenance section; /* the banner of the current top-level section says
                                     "ASSUMPTION throughout" (or UNKNOWN): its values' default */
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

/* The provenance a comment states: the word ASSUMPTION or UNKNOWN in capitals (the plan's
 * convention, docs/plan-format.md "Comments and provenance"), with `throughout` after it
 * when throughout is set (a section's banner); -1 when none. */
static int comment_provenance(const char *c, int throughout)
{
    static const char *const words[2] = {"ASSUMPTION", "UNKNOWN"};
    static const enum plan_provenance kinds[2] = {PROV_ASSUMPTION, PROV_UNKNOWN};
    for (int i = 0; c && i < 2; i++)
        for (const char *at = strstr(c, words[i]); at; at = strstr(at + 1, words[i])) {
            const char *after = at + strlen(words[i]);
            if (!throughout)
                return (int)kinds[i];
            while (*after == ' ')
                after++;
            if (strncmp(after, "throughout", 10) == 0)
                return (int)kinds[i];
        }
    return -1;
}

/* The banner of top-level key k: the comment block above it, across blank lines (and,
 * as comment_above does, separator lines such as "# ----"), as a malloc'd string; NULL
 * when none. */
static char *banner_comment(struct inw *w, const yaml_node_t *k)
{
    size_t line = k->start_mark.line < w->n_lines ? k->start_mark.line : 0;
    const char *t = w->L->text;
    while (line > 0) {
        size_t a, z;
        line_span(w, line - 1, &a, &z);
        while (a < z && (t[a] == ' ' || t[a] == '\t'))
            a++;
        if (a != z)
            break;
        line--;     /* skip blank lines between the banner and the key */
    }
    return line > 0 ? comment_above(w, line) : NULL;
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
    int own = comment_provenance(comment, 0);
    in->provenance = own >= 0 ? (enum plan_provenance)own : w->section;
    in->provenance_inherited = own < 0 && w->section != PROV_FACT;
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
        if (w->depth == 0) {
            char *banner = banner_comment(w, k);
            int v = comment_provenance(banner, 1);
            w->section = v >= 0 ? (enum plan_provenance)v : PROV_FACT;
            free(banner);
        }
        w->keys[w->depth++] = k;
        walk_inputs(w, load_node_at(w->L, pr->value));
        w->depth--;
        path_cut(w, old);
    }
}

/* Fill plan->inputs from the loaded document: every scalar a getter read (L->unit),
 * under every path that reaches it. Called once the plan loaded without errors. */
void load_plan_inputs(struct ld *L, const yaml_node_t *root)
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
