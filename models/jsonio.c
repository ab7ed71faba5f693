/* models/jsonio.c: JSON in and out through Jansson (see jsonio.h). The writer keeps the
 * stack of open containers; the reader keeps the parsed tree beside a copy of the text
 * its diagnostics quote. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "models/jsonio.h"
#include "models/text.h"

/* ---- writing ------------------------------------------------------------------------ */

int jsonio_open(struct jsonio_writer *w, const char *path)
{
    memset(w, 0, sizeof *w);
    w->path = strdup(path);
    json_t *top = json_object();
    if (!w->path || !top) {
        free(w->path);
        json_decref(top);
        w->path = NULL;
        errno = ENOMEM;
        return -1;
    }
    w->stack[0] = top;
    w->depth = 1;
    return 0;
}

static void release(struct jsonio_writer *w)
{
    if (w->depth > 0)
        json_decref(w->stack[0]);
    free(w->path);
    memset(w, 0, sizeof *w);
}

void jsonio_abort(struct jsonio_writer *w)
{
    release(w);
}

/* A Jansson string of s, made well-formed UTF-8 first if it is not. NULL when out of
 * memory. */
static json_t *make_string(const char *s)
{
    json_t *v = json_string(s);
    if (v)
        return v;
    char *fixed = text_utf8_repair(s);
    if (fixed)
        v = json_string(fixed);
    free(fixed);
    return v;
}

/* Add v (a new reference, possibly NULL when it could not be made) to the innermost
 * open container, as member `key` of an object or the next element of an array. Returns
 * v when it was added, NULL otherwise (w->failed then set). */
static json_t *add(struct jsonio_writer *w, const char *key, json_t *v)
{
    assert(w->depth > 0);
    json_t *parent = w->stack[w->depth - 1];
    int rc = -1, e = ENOMEM;
    if (!v) {
        /* fall through: failed */
    } else if (json_is_array(parent)) {
        assert(key == NULL);
        rc = json_array_append(parent, v);
    } else {
        assert(key != NULL);
        json_t *k = NULL;
        if (json_object_get(parent, key)) {
            /* The same key twice is a bug of the caller: refuse to hide it. */
            e = EINVAL;
        } else if (json_object_set(parent, key, v) == 0) {
            rc = 0;
        } else if ((k = make_string(key)) != NULL) {
            /* A key that is not well-formed UTF-8: store it repaired. */
            rc = json_object_get(parent, json_string_value(k))
                     ? -1
                     : json_object_set(parent, json_string_value(k), v);
        }
        json_decref(k);
    }
    json_decref(v);
    if (rc != 0) {
        if (!w->failed)
            w->failed = e;
        return NULL;
    }
    return v;
}

static void open_container(struct jsonio_writer *w, const char *key, json_t *c)
{
    assert(w->depth < JSONIO_MAX_DEPTH);
    json_t *added = add(w, key, c);
    /* A container that could not be added is still pushed (as NULL) so that its end
     * call stays balanced; members added to it are dropped. */
    w->stack[w->depth++] = added;
}

static void close_container(struct jsonio_writer *w)
{
    assert(w->depth > 1);
    w->depth--;
}

/* The innermost container could not be made: members go nowhere. */
static int dropping(const struct jsonio_writer *w)
{
    return w->stack[w->depth - 1] == NULL;
}

static void put(struct jsonio_writer *w, const char *key, json_t *v)
{
    if (dropping(w)) {
        json_decref(v);
        return;
    }
    add(w, key, v);
}

void jsonio_object(struct jsonio_writer *w, const char *key)
{
    if (dropping(w)) {
        w->stack[w->depth++] = NULL;
        return;
    }
    open_container(w, key, json_object());
}

void jsonio_array(struct jsonio_writer *w, const char *key)
{
    if (dropping(w)) {
        w->stack[w->depth++] = NULL;
        return;
    }
    open_container(w, key, json_array());
}

void jsonio_end_object(struct jsonio_writer *w)
{
    assert(w->stack[w->depth - 1] == NULL || json_is_object((json_t *)w->stack[w->depth - 1]));
    close_container(w);
}

void jsonio_end_array(struct jsonio_writer *w)
{
    assert(w->stack[w->depth - 1] == NULL || json_is_array((json_t *)w->stack[w->depth - 1]));
    close_container(w);
}

void jsonio_num(struct jsonio_writer *w, const char *key, double v)
{
    /* json_real refuses NaN and infinities (JSON has no way to write them): null. A
     * double with an integer value up to 2^53 (each such integer is exactly one double)
     * is written as an integer, 28800 rather than Jansson's 28800.0: the same value, and
     * the bytes drsim wrote before it used Jansson. Negative zero stays a real (-0.0). */
    json_t *j;
    if (!isfinite(v))
        j = json_null();
    else if (v == floor(v) && fabs(v) <= 9007199254740992.0 && !(v == 0 && signbit(v)))
        j = json_integer((json_int_t)v);
    else
        j = json_real(v);
    put(w, key, j);
}

void jsonio_measure(struct jsonio_writer *w, const char *key, double v)
{
    if (isinf(v))
        jsonio_text(w, key, v > 0 ? JSONIO_INFINITY : JSONIO_MINUS_INFINITY);
    else
        jsonio_num(w, key, v); /* NaN: null */
}

void jsonio_u64(struct jsonio_writer *w, const char *key, unsigned long long v)
{
    assert(v <= (unsigned long long)INT64_MAX);
    put(w, key, json_integer((json_int_t)v));
}

void jsonio_int(struct jsonio_writer *w, const char *key, long v)
{
    put(w, key, json_integer((json_int_t)v));
}

void jsonio_text(struct jsonio_writer *w, const char *key, const char *s)
{
    put(w, key, s ? make_string(s) : json_null());
}

void jsonio_bool(struct jsonio_writer *w, const char *key, int b)
{
    put(w, key, json_boolean(b));
}

void jsonio_null(struct jsonio_writer *w, const char *key)
{
    put(w, key, json_null());
}

int jsonio_commit(struct jsonio_writer *w)
{
    int e = 0;
    if (w->depth != 1)
        e = EINVAL;         /* a container left open: a bug of the caller */
    else if (w->failed)
        e = w->failed;
    if (e) {
        release(w);
        errno = e;
        return -1;
    }
    FILE *f = fopen(w->path, "w");
    if (!f) {
        e = errno;
        release(w);
        errno = e;
        return -1;
    }
    /* JSON_REAL_PRECISION(17): every double reads back as itself. Member order is the
     * order of insertion (Jansson keeps it). */
    int bad = json_dumpf(w->stack[0], f, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) != 0;
    if (bad)
        e = errno ? errno : EIO;
    if (!bad && (fputc('\n', f) == EOF || fflush(f) != 0 || ferror(f))) {
        bad = 1;
        e = errno ? errno : EIO;
    }
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad)
        unlink(w->path);
    release(w);
    if (bad) {
        errno = e ? e : EIO;
        return -1;
    }
    return 0;
}

/* ---- reading ------------------------------------------------------------------------ */

struct jsonio_doc {
    json_t *root;           /* the parsed value; NULL when there is none */
    char *text;             /* the file's text (jsonio_load_file), quoted by diagnostics */
    size_t len;             /* its length in bytes */
};

/* Jansson's handle is the value: the opaque type is only a name for json_t. */
static const json_t *J(const struct jsonio_value *v)
{
    return (const json_t *)(const void *)v;
}

static const struct jsonio_value *V(const json_t *j)
{
    return (const struct jsonio_value *)(const void *)j;
}

/* The byte offset of the start of the token Jansson's message names ("... near 'TOK'"),
 * which ends at byte `end`; `end` itself when there is no token (end of file). */
static size_t token_start(const char *text, size_t len, const char *msg, size_t end)
{
    const char *near = strstr(msg, "near '");
    if (!near || end > len)
        return end;
    near += strlen("near '");
    size_t n = strlen(near);
    if (n == 0 || near[n - 1] != '\'')
        return end;
    n--;
    /* Jansson's position counts the bytes it read, which is one past the token when it
     * had to look at the next byte to end the token: try both. */
    for (size_t back = 0; back <= 1 && back <= end; back++) {
        size_t stop = end - back;
        if (n <= stop && memcmp(text + stop - n, near, n) == 0)
            return stop - n;
    }
    return end;
}

/* JSON's whitespace (RFC 8259): not NUL, which strchr would also find. */
static int json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Jansson's message in drsim's terms where it names a Jansson flag or is terse; the
 * "near '...'" part is kept. Writes into buf and returns it. */
static const char *user_message(const char *msg, char *buf, size_t len)
{
    static const struct {
        const char *jansson, *ours;
    } table[] = {
        {"\\u0000 is not allowed without JSON_ALLOW_NUL",
         "\\u0000 (the NUL character) is not allowed in a string"},
        {"too big integer", "integer too large (at most 9223372036854775807)"},
        {"duplicate object key", "a member name repeated in one object"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        size_t n = strlen(table[i].jansson);
        if (strncmp(msg, table[i].jansson, n) == 0) {
            snprintf(buf, len, "%s%s", table[i].ours, msg + n);
            return buf;
        }
    }
    return msg;
}

enum jsonio_status jsonio_load(const char *text, size_t len, struct diag_list *d,
                               struct jsonio_doc **doc)
{
    json_error_t err;
    *doc = NULL;
    size_t ws = 0;
    while (ws < len && json_space(text[ws]))
        ws++;
    if (ws == len) {
        diag_add(d, DIAG_ERROR, 0, 0, "the file is empty (expected a JSON object)");
        return JSONIO_BAD;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        /* Jansson reads a NUL as the end of the text: say what it is, where it is. */
        size_t at = (size_t)(nul - text), bol = at;
        while (bol > 0 && text[bol - 1] != '\n')
            bol--;
        int line = 1;
        for (size_t i = 0; i < bol; i++)
            line += text[i] == '\n';
        diag_add(d, DIAG_ERROR, line, (int)(at - bol) + 1,
                 "a NUL byte: JSON text cannot hold one (is this a JSON file?)");
        return JSONIO_BAD;
    }
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        if (json_error_code(&err) == json_error_out_of_memory)
            return JSONIO_NOMEM;
        /* Jansson gives the line, and the column and byte offset of the end of the token
         * it stopped at; the caret goes under the token's start, counted in bytes on its
         * line as the plan loader's carets are. At the end of the file it goes just
         * after the last thing written, on that line. */
        size_t end = err.position > 0 ? (size_t)err.position : 0;
        size_t start = token_start(text, len, err.text, end);
        if (start >= len) {
            start = len;
            while (start > 0 && json_space(text[start - 1]))
                start--;
        }
        size_t bol = start;
        while (bol > 0 && text[bol - 1] != '\n')
            bol--;
        int line = 1;
        for (size_t i = 0; i < bol; i++)
            line += text[i] == '\n';
        char buf[JSON_ERROR_TEXT_LENGTH + 64];
        diag_add(d, DIAG_ERROR, line, (int)(start - bol) + 1, "%s",
                 user_message(err.text, buf, sizeof buf));
        return JSONIO_BAD;
    }
    if (!(*doc = calloc(1, sizeof **doc))) {
        json_decref(root);
        return JSONIO_NOMEM;
    }
    (*doc)->root = root;
    return JSONIO_OK;
}

/* Read the whole file at path into a malloc'd buffer (NUL-terminated). */
static enum jsonio_status read_all(const char *path, size_t max_bytes, char **text, size_t *len)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    enum jsonio_status rc = JSONIO_IO;
    size_t cap = 0, n = 0;
    char *buf = NULL;
    if (fd < 0)
        return JSONIO_IO;
    if (fstat(fd, &st) != 0)
        goto out;
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        goto out;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (n > max_bytes) {
                rc = JSONIO_TOO_BIG;
                goto out;
            }
            size_t ncap = cap ? 2 * cap : 65536;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                rc = JSONIO_NOMEM;
                goto out;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            goto out;
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > max_bytes) {
        rc = JSONIO_TOO_BIG;
        goto out;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    buf = NULL;
    rc = JSONIO_OK;
out:
    if (rc == JSONIO_IO) {
        int e = errno;
        close(fd);
        errno = e;
    } else {
        close(fd);
    }
    free(buf);
    return rc;
}

enum jsonio_status jsonio_load_file(const char *path, size_t max_bytes, struct diag_list *d,
                                    struct jsonio_doc **doc)
{
    struct jsonio_doc *dd = calloc(1, sizeof *dd);
    *doc = dd;
    diag_init(d, path, NULL, 0);
    if (!dd)
        return JSONIO_NOMEM;
    enum jsonio_status rc = read_all(path, max_bytes, &dd->text, &dd->len);
    if (rc != JSONIO_OK)
        return rc;
    diag_init(d, path, dd->text, dd->len);
    struct jsonio_doc *parsed;
    rc = jsonio_load(dd->text, dd->len, d, &parsed);
    if (rc == JSONIO_OK) {
        dd->root = parsed->root;
        free(parsed);
    }
    return rc;
}

void jsonio_free(struct jsonio_doc *doc)
{
    if (!doc)
        return;
    json_decref(doc->root);
    free(doc->text);
    free(doc);
}

const struct jsonio_value *jsonio_root(const struct jsonio_doc *doc)
{
    return doc ? V(doc->root) : NULL;
}

enum jsonio_type jsonio_type(const struct jsonio_value *v)
{
    if (!v)
        return JSONIO_ABSENT;
    switch (json_typeof(J(v))) {
    case JSON_OBJECT: return JSONIO_OBJECT;
    case JSON_ARRAY: return JSONIO_ARRAY;
    case JSON_STRING: return JSONIO_STRING;
    case JSON_INTEGER: return JSONIO_INTEGER;
    case JSON_REAL: return JSONIO_REAL;
    case JSON_TRUE:
    case JSON_FALSE: return JSONIO_BOOL;
    case JSON_NULL: return JSONIO_NULL;
    }
    return JSONIO_ABSENT;
}

const char *jsonio_type_name(enum jsonio_type t)
{
    switch (t) {
    case JSONIO_ABSENT: return "absent";
    case JSONIO_NULL: return "null";
    case JSONIO_BOOL: return "a boolean";
    case JSONIO_INTEGER: return "an integer";
    case JSONIO_REAL: return "a number";
    case JSONIO_STRING: return "a string";
    case JSONIO_ARRAY: return "an array";
    case JSONIO_OBJECT: return "an object";
    }
    return "?";
}

const struct jsonio_value *jsonio_member(const struct jsonio_value *v, const char *key)
{
    return v && json_is_object(J(v)) ? V(json_object_get(J(v), key)) : NULL;
}

const char *jsonio_next_member(const struct jsonio_value *v, void **iter,
                               const struct jsonio_value **value)
{
    if (!v || !json_is_object(J(v)))
        return NULL;
    /* Jansson's iterator API takes a non-const object; it does not modify it. */
    json_t *o = (json_t *)(void *)v;
    void *it = *iter ? json_object_iter_next(o, *iter) : json_object_iter(o);
    *iter = it;
    if (!it)
        return NULL;
    *value = V(json_object_iter_value(it));
    return json_object_iter_key(it);
}

size_t jsonio_length(const struct jsonio_value *v)
{
    return v && json_is_array(J(v)) ? json_array_size(J(v)) : 0;
}

const struct jsonio_value *jsonio_at(const struct jsonio_value *v, size_t i)
{
    return v && json_is_array(J(v)) ? V(json_array_get(J(v), i)) : NULL;
}

const char *jsonio_get_string(const struct jsonio_value *v)
{
    return v && json_is_string(J(v)) ? json_string_value(J(v)) : NULL;
}

int jsonio_get_number(const struct jsonio_value *v, double *out)
{
    if (!v || !json_is_number(J(v)))
        return -1;
    *out = json_number_value(J(v));
    return 0;
}

int jsonio_get_measure(const struct jsonio_value *v, double *out)
{
    const char *t = jsonio_get_string(v);
    if (t && strcmp(t, JSONIO_INFINITY) == 0) {
        *out = INFINITY;
        return 0;
    }
    if (t && strcmp(t, JSONIO_MINUS_INFINITY) == 0) {
        *out = -INFINITY;
        return 0;
    }
    return jsonio_get_number(v, out);
}

int jsonio_get_integer(const struct jsonio_value *v, long long *out)
{
    if (!v || !json_is_integer(J(v)))
        return -1;
    *out = (long long)json_integer_value(J(v));
    return 0;
}

int jsonio_get_bool(const struct jsonio_value *v, int *out)
{
    if (!v || !json_is_boolean(J(v)))
        return -1;
    *out = json_is_true(J(v));
    return 0;
}
