/* models/load_edit.c: replacing values of a YAML file in place, keeping the rest of its
 * text byte for byte (comments, key order, layout, anchors).
 *
 * The file is parsed with the loader's machinery (models/load_int.h) to find where each
 * value lies: from its node's start mark to the end of its last character. A scalar or a
 * flow collection ends at its own end mark; a block collection's end mark is where the
 * next token starts (past trailing comments and blank lines), so its end is taken as the
 * furthest end of its children instead, which leaves those comments in place.
 *
 * Two cases need care. A value written as an alias (`duration: *slow`) is the anchored
 * node itself in libyaml's document, which lies elsewhere; the alias token after the key
 * is replaced instead, so the anchor and its other users are untouched. A value that
 * carries an anchor (`duration: &slow {...}`) may be shared by other keys: replacing it
 * would change them too, or leave their aliases dangling, so it is refused with a
 * positioned error.
 */
#include <stdlib.h>
#include <string.h>

#include "models/load.h"
#include "models/load_int.h"

/* One located edit: replace bytes [start, end) of the text with `with`. */
struct span {
    size_t start, end;
    const char *with;
    int edit;                    /* index in the caller's edits, for messages */
};

static size_t offset_of(const struct ld *L, const yaml_mark_t *m)
{
    size_t off = load_text_offset(L, m->line, m->column);
    return off == (size_t)-1 ? L->len : off;
}

/* Where the text of node n ends (see above); (size_t)-1 when it holds an alias, whose
 * node lies elsewhere in the text. */
static size_t content_end(const struct ld *L, const yaml_node_t *n, size_t start)
{
    size_t end = offset_of(L, &n->end_mark), e;
    if (offset_of(L, &n->start_mark) < start)
        return (size_t)-1;
    if (n->type == YAML_MAPPING_NODE && n->data.mapping.style != YAML_FLOW_MAPPING_STYLE) {
        end = start;
        for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
             pr++) {
            yaml_node_t *k = load_node_at(L, pr->key), *v = load_node_at(L, pr->value);
            if (k == NULL || v == NULL)
                continue;
            if ((e = content_end(L, k, start)) == (size_t)-1)
                return e;
            end = e > end ? e : end;
            if ((e = content_end(L, v, start)) == (size_t)-1)
                return e;
            end = e > end ? e : end;
        }
    } else if (n->type == YAML_SEQUENCE_NODE &&
               n->data.sequence.style != YAML_FLOW_SEQUENCE_STYLE) {
        end = start;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
            yaml_node_t *x = load_node_at(L, *it);
            if (x == NULL)
                continue;
            if ((e = content_end(L, x, start)) == (size_t)-1)
                return e;
            end = e > end ? e : end;
        }
    }
    return end;
}

/* "a.b.c" for messages. */
static void path_text(const char *const *path, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; path[i]; i++) {
        int w = snprintf(buf + o, n - o, "%s%s", i ? "." : "", path[i]);
        if (w < 0 || (size_t)w >= n - o)
            return;
        o += (size_t)w;
    }
}

/* The value at `path` and the key holding it; reports and returns non-zero when absent. */
static int find_value(struct ld *L, yaml_node_t *root, const char *const *path,
                      yaml_node_t **key, yaml_node_t **value)
{
    yaml_node_t *n = root, *k = NULL;
    char where[512];
    for (int i = 0; path[i]; i++) {
        yaml_node_t *next = NULL;
        if (n->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
                 pr < n->data.mapping.pairs.top && next == NULL; pr++) {
                yaml_node_t *kk = load_node_at(L, pr->key);
                if (kk && load_is_scalar(kk) && strcmp(load_sv(kk), path[i]) == 0) {
                    k = kk;
                    next = load_node_at(L, pr->value);
                }
            }
        }
        if (next == NULL) {
            const char *sub[64];
            int j;
            for (j = 0; j <= i && j < 63; j++)
                sub[j] = path[j];
            sub[j] = NULL;
            path_text(sub, where, sizeof where);
            load_err(L, k ? k : n, "cannot edit '%s': there is no such key", where);
            return 1;
        }
        n = next;
    }
    if (k == NULL) {
        load_err(L, root, "cannot edit the whole document");
        return 1;
    }
    *key = k;
    *value = n;
    return 0;
}

/* The span of the value at edit e's path. Returns non-zero (reported) when it cannot be
 * replaced safely. */
static int locate(struct ld *L, yaml_node_t *root, const struct load_edit *e, struct span *sp)
{
    yaml_node_t *k, *v;
    char where[512];
    size_t key_end, start, i;
    const char *t = L->text;

    if (find_value(L, root, e->path, &k, &v))
        return 1;
    path_text(e->path, where, sizeof where);
    key_end = offset_of(L, &k->end_mark);
    start = offset_of(L, &v->start_mark);
    if (start < key_end) {
        /* An alias: its node is the anchored one, defined earlier. Replace the alias token
         * itself, which follows the key's ':' on the same line. */
        i = key_end;
        while (i < L->len && (t[i] == ' ' || t[i] == '\t'))
            i++;
        if (i < L->len && t[i] == ':')
            i++;
        while (i < L->len && (t[i] == ' ' || t[i] == '\t'))
            i++;
        if (i >= L->len || t[i] != '*') {
            load_err(L, k, "cannot edit '%s': its value is an alias not written after its key",
                     where);
            return 1;
        }
        sp->start = i;
        for (i++; i < L->len && !strchr(" \t\r\n,]}#", t[i]); i++)
            ;
        sp->end = i;
        return 0;
    }
    if (start < L->len && t[start] == '&') {
        char b[SHOW];
        size_t a = start + 1, z = a;
        while (z < L->len && !strchr(" \t\r\n,]}{[#", t[z]) && z - a < SHOW - 1)
            z++;
        memcpy(b, t + a, z - a);
        b[z - a] = '\0';
        load_err(L, v, "cannot edit '%s': its value carries the anchor '&%s', which other values "
                       "may share; edit it by hand", where, b);
        return 1;
    }
    if (v->type == YAML_SCALAR_NODE && (v->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                                        v->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)) {
        load_err(L, v, "cannot edit '%s': write its value on one line", where);
        return 1;
    }
    sp->start = start;
    sp->end = content_end(L, v, start);
    if (sp->end == (size_t)-1) {
        load_err(L, v, "cannot edit '%s': its value contains an alias; edit it by hand", where);
        return 1;
    }
    return 0;
}

static int cmp_span(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

enum load_status load_edit_text(const char *text, size_t len, const struct load_edit *edits,
                                int n_edits, struct diag_list *diags, char **out,
                                size_t *out_len)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    struct ld L;
    yaml_node_t *root = NULL;
    struct span *sp = NULL;
    char *buf = NULL;
    size_t total, o = 0, from = 0;
    int have_doc;
    enum load_status st;

    *out = NULL;
    *out_len = 0;
    load_begin(&L, diags, text, len, "plan", LOAD_PLAN_SECTIONS);
    if (!yaml_parser_initialize(&parser))
        return LOAD_NOMEM;
    have_doc = load_parse(&L, &parser, &doc, &root);
    if (root == NULL || L.nomem || L.n_err > 0)
        goto out;
    sp = load_xcalloc(&L, (size_t)(n_edits > 0 ? n_edits : 1), sizeof *sp);
    if (sp == NULL)
        goto out;
    for (int i = 0; i < n_edits; i++) {
        sp[i].with = edits[i].text;
        sp[i].edit = i;
        if (locate(&L, root, &edits[i], &sp[i]))
            sp[i].with = NULL;
    }
    if (L.n_err > 0)
        goto out;
    qsort(sp, (size_t)n_edits, sizeof *sp, cmp_span);
    total = len;
    for (int i = 0; i < n_edits; i++) {
        if (i > 0 && sp[i].start < sp[i - 1].end) {
            char a[512], b[512];
            path_text(edits[sp[i - 1].edit].path, a, sizeof a);
            path_text(edits[sp[i].edit].path, b, sizeof b);
            load_err_at(&L, 0, 0, "cannot edit both '%s' and '%s': one holds the other", a, b);
            goto out;
        }
        total = total - (sp[i].end - sp[i].start) + strlen(sp[i].with);
    }
    buf = malloc(total + 1);
    if (buf == NULL) {
        L.nomem = 1;
        goto out;
    }
    for (int i = 0; i < n_edits; i++) {
        size_t w = strlen(sp[i].with);
        memcpy(buf + o, text + from, sp[i].start - from);
        o += sp[i].start - from;
        memcpy(buf + o, sp[i].with, w);
        o += w;
        from = sp[i].end;
    }
    memcpy(buf + o, text + from, len - from);
    o += len - from;
    buf[o] = '\0';
out:
    st = L.nomem ? LOAD_NOMEM : L.n_err > 0 ? LOAD_INVALID : LOAD_OK;
    if (st == LOAD_OK && buf == NULL)
        st = root == NULL ? LOAD_INVALID : LOAD_NOMEM;
    if (st == LOAD_OK) {
        *out = buf;
        *out_len = o;
    } else {
        free(buf);
    }
    free(sp);
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return st;
}
