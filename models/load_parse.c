/* models/load_parse.c: reading a file and parsing it with libyaml, with bounds.
 *
 * Everything that happens before the schema walk lives here, shared by the plan
 * loader, the drill-log loader and the in-place editor: reading a file of bounded size,
 * refusing absurd bracket nesting before libyaml sees it (its scanner is quadratic in
 * the depth), turning libyaml's errors into positioned diagnostics (with clearer words
 * for the cases its own message hides: a tab in the indentation, a key longer than
 * libyaml's 1,024-character limit), refusing a second document, and one pass over the
 * node graph that computes how many nodes each node stands for once aliases are
 * expanded. An alias bomb, a recursive alias or absurd nesting is rejected there, so
 * the walk itself is bounded by LOAD_MAX_NODES.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"


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

/* libyaml takes a key only when its ':' comes at most LOAD_MAX_KEY_CHARS characters
 * after the key's start (a "simple key"); past that the ':' is an error of its own,
 * "mapping values are not allowed in this context" (or, inside braces or brackets,
 * "did not find expected ',' or '}'"), which does not say what is wrong. When the
 * error sits on a ':' whose key, started on the same line, is longer than that, sets
 * the key's 1-based column and its length in characters and returns 1.
 *
 * The line is scanned from its start: a key starts at the first character after the
 * indentation and any "- " or "? " indicators, after ": " (a value, which may be a flow
 * collection), and inside braces or brackets after '{', '[' or ','. Quoted scalars are
 * skipped whole, so their ':' and ',' do not count. */
static int long_key(const struct ld *L, size_t off, int *key_col, size_t *key_chars)
{
    const char *t = L->text;
    size_t a = off, start, n = 0;
    int depth = 0, at_start = 1;

    if (off >= L->len || t[off] != ':')
        return 0;
    while (a > 0 && t[a - 1] != '\n')
        a--;
    start = a;
    for (size_t i = a; i < off;) {
        char c = t[i];
        if (at_start && (c == ' ' || c == '\t' ||
                         ((c == '-' || c == '?') && i + 1 < off && t[i + 1] == ' '))) {
            i++;
            continue;
        }
        if (at_start) {
            start = i;
            at_start = 0;
        }
        if ((c == '"' || c == '\'') && i == start) {
            for (i++; i < off && t[i] != c; i++)
                if (c == '"' && t[i] == '\\' && i + 1 < off)
                    i++;
            i++;
            continue;
        }
        if (c == '{' || c == '[') {
            depth++;
            at_start = 1;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        } else if (c == ',' && depth > 0) {
            at_start = 1;
        } else if (c == ':' && i + 1 < off && (t[i + 1] == ' ' || t[i + 1] == '\t')) {
            at_start = 1;
        }
        i++;
    }
    if (at_start)
        return 0;
    for (size_t i = start; i < off; i++)
        n += ((unsigned char)t[i] & 0xC0) != 0x80;
    if (n <= LOAD_MAX_KEY_CHARS)
        return 0;
    *key_chars = n;
    *key_col = 1;
    for (size_t i = a; i < start; i++)
        *key_col += ((unsigned char)t[i] & 0xC0) != 0x80;
    return 1;
}

/* A libyaml error as a positioned diagnostic (marks are 0-based). */
static void syntax_error(struct ld *L, const yaml_parser_t *ps)
{
    const char *problem = ps->problem ? ps->problem : "cannot parse the file";
    int line, col, key_col = 0;
    size_t off, key_chars = 0;

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
    else if (off != (size_t)-1 && long_key(L, off, &key_col, &key_chars))
        load_err_at(L, line, key_col, "a key longer than %d characters (this one has %zu): "
                    "YAML reads at most %d characters from the start of a key to its ':'",
                    LOAD_MAX_KEY_CHARS, key_chars, LOAD_MAX_KEY_CHARS);
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
