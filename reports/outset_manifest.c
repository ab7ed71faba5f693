/* reports/outset_manifest.c: reading the previous set's manifest (see outset.h): the
 * "path" of each element of its "files" array, which a commit removes when the new set
 * no longer has them. A small JSON reader, strict about syntax: a manifest it cannot
 * read names nothing, so a damaged or foreign manifest.json makes a commit remove
 * nothing rather than guess.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reports/outset_int.h"

/* A cursor over JSON text. Only what a manifest needs is read: an error anywhere makes
 * the whole manifest unreadable, and a commit then removes nothing of the previous set. */
struct jr {
    const char *p, *end;        /* next byte; end of text */
};

static void jr_ws(struct jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int jr_eat(struct jr *r, char c)
{
    jr_ws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return 1;
    }
    return 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int jr_u4(struct jr *r, unsigned *u)
{
    if (r->end - r->p < 4)
        return -1;
    *u = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(r->p[i]);
        if (h < 0)
            return -1;
        *u = *u * 16 + (unsigned)h;
    }
    r->p += 4;
    return 0;
}

/* A string, decoded to UTF-8 into *out (malloc'd) or skipped when out is NULL. A \u0000
 * escape is refused (a name never holds NUL). Returns 0 or -1. */
static int jr_string(struct jr *r, char **out)
{
    if (!jr_eat(r, '"'))
        return -1;
    /* The decoded text is never longer than the escaped one. */
    const char *q = r->p;
    while (q < r->end && *q != '"')
        q += *q == '\\' ? 2 : 1;
    if (q >= r->end)
        return -1;
    char *buf = out ? malloc((size_t)(q - r->p) + 1) : NULL, *w = buf;
    if (out && !buf)
        return -1;
    while (*r->p != '"') {
        unsigned c = (unsigned char)*r->p++;
        if (c == '\\') {
            char e = *r->p++;
            const char *simple = strchr("\"\\/bfnrt", e);
            if (e && simple) {
                c = (unsigned char)"\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
            } else if (e == 'u') {
                unsigned lo;
                if (jr_u4(r, &c) != 0)
                    goto bad;
                if (c >= 0xD800 && c < 0xDC00) {
                    if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
                        goto bad;
                    r->p += 2;
                    if (jr_u4(r, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
                        goto bad;
                    c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                } else if ((c >= 0xDC00 && c < 0xE000) || c == 0) {
                    goto bad;
                }
            } else {
                goto bad;
            }
        }
        if (!w)
            continue;
        if (c < 0x80) {
            *w++ = (char)c;
        } else if (c < 0x800) {
            *w++ = (char)(0xC0 | (c >> 6));
            *w++ = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *w++ = (char)(0xE0 | (c >> 12));
            *w++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *w++ = (char)(0x80 | (c & 0x3F));
        } else {
            *w++ = (char)(0xF0 | (c >> 18));
            *w++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *w++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *w++ = (char)(0x80 | (c & 0x3F));
        }
    }
    r->p++;
    if (out) {
        *w = '\0';
        *out = buf;
    }
    return 0;
bad:
    free(buf);
    return -1;
}

/* Skip one value of any kind. Returns 0 or -1. */
static int jr_skip(struct jr *r, int depth)
{
    jr_ws(r);
    if (r->p >= r->end || depth > 64)
        return -1;
    char c = *r->p;
    if (c == '"')
        return jr_string(r, NULL);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        r->p++;
        if (jr_eat(r, close))
            return 0;
        do {
            if (c == '{' && (jr_string(r, NULL) != 0 || !jr_eat(r, ':')))
                return -1;
            if (jr_skip(r, depth + 1) != 0)
                return -1;
        } while (jr_eat(r, ','));
        return jr_eat(r, close) ? 0 : -1;
    }
    const char *start = r->p;
    while (r->p < r->end && strchr("+-.0123456789eEtrufalsn", *r->p) && *r->p)
        r->p++;
    return r->p > start ? 0 : -1;
}

/* The elements of "files": objects whose "path" member is pushed onto *names. */
static int jr_files(struct jr *r, char ***names, size_t *n)
{
    if (!jr_eat(r, '['))
        return -1;
    if (jr_eat(r, ']'))
        return 0;
    do {
        if (!jr_eat(r, '{'))
            return -1;
        if (jr_eat(r, '}'))
            continue;
        do {
            char *key = NULL;
            if (jr_string(r, &key) != 0 || !jr_eat(r, ':')) {
                free(key);
                return -1;
            }
            int is_path = strcmp(key, "path") == 0;
            free(key);
            jr_ws(r);
            if (is_path && r->p < r->end && *r->p == '"') {
                char *v = NULL;
                if (jr_string(r, &v) != 0)
                    return -1;
                int rc = outset_push_name(names, n, v);
                free(v);
                if (rc != 0)
                    return -1;
            } else if (jr_skip(r, 2) != 0) {
                return -1;
            }
        } while (jr_eat(r, ','));
        if (!jr_eat(r, '}'))
            return -1;
    } while (jr_eat(r, ','));
    return jr_eat(r, ']') ? 0 : -1;
}

/* The file names the previous manifest `name` below dirfd lists, into *names (sorted,
 * only acceptable names). A missing, oversized or unreadable manifest lists nothing. */
void outset_manifest_read(int dirfd, const char *name, char ***names, size_t *n)
{
    char *text;
    size_t len;
    *names = NULL;
    *n = 0;
    if (outset_slurp_at(dirfd, name, MAX_MANIFEST_BYTES, &text, &len) != 0)
        return;
    struct jr r = {text, text + len};
    int ok = jr_eat(&r, '{');
    if (ok && !jr_eat(&r, '}')) {
        do {
            char *key = NULL;
            if (jr_string(&r, &key) != 0 || !jr_eat(&r, ':')) {
                free(key);
                ok = 0;
                break;
            }
            int files = strcmp(key, "files") == 0;
            free(key);
            if ((files ? jr_files(&r, names, n) : jr_skip(&r, 1)) != 0) {
                ok = 0;
                break;
            }
        } while (jr_eat(&r, ','));
        ok = ok && jr_eat(&r, '}');
    }
    free(text);
    /* Keep only names a set could have written; anything else is not ours to remove. */
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (ok && outset_name_ok((*names)[i], name))
            (*names)[k++] = (*names)[i];
        else
            free((*names)[i]);
    }
    *n = k;
    if (k == 0) {
        free(*names);
        *names = NULL;
    }
    if (*n > 1)
        qsort(*names, *n, sizeof **names, outset_cmp_str);
}

