/* reports/jsonw.c: the streaming JSON writer (see jsonw.h). Every string goes through
 * one escaping function; structure is tracked with a depth and a "first member" flag. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/jsonw.h"

static void put_indent(struct jsonw *w)
{
    fputc('\n', w->f);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->f);
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        default:
            if (*c < 0x20)
                fprintf(f, "\\u%04x", *c);
            else
                fputc(*c, f);
        }
    }
    fputc('"', f);
}

/* Start a member "key": in an object, or an element of an array when key is NULL. */
static void put_key(struct jsonw *w, const char *key)
{
    if (!w->first)
        fputc(',', w->f);
    w->first = 0;
    put_indent(w);
    if (key) {
        put_string(w->f, key);
        fputs(": ", w->f);
    }
}

static void release(struct jsonw *w)
{
    free(w->path);
    w->path = NULL;
    w->f = NULL;
}

int jsonw_open(struct jsonw *w, const char *path)
{
    memset(w, 0, sizeof *w);
    w->path = strdup(path);
    if (!w->path) {
        errno = ENOMEM;
        return -1;
    }
    w->f = fopen(path, "w");
    if (!w->f) {
        int e = errno;
        release(w);
        errno = e;
        return -1;
    }
    fputc('{', w->f);
    w->depth = 1;
    w->first = 1;
    return 0;
}

int jsonw_commit(struct jsonw *w)
{
    fputs("\n}\n", w->f);
    int bad = ferror(w->f);
    int e = bad ? EIO : 0;
    if (fflush(w->f) != 0) {
        bad = 1;
        e = errno;
    }
    if (fclose(w->f) != 0 && !bad) {
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

void jsonw_abort(struct jsonw *w)
{
    if (w->f) {
        fclose(w->f);
        unlink(w->path);
    }
    release(w);
}

static void open_container(struct jsonw *w, const char *key, char brace)
{
    put_key(w, key);
    fputc(brace, w->f);
    w->depth++;
    w->first = 1;
}

static void close_container(struct jsonw *w, char brace)
{
    w->depth--;
    if (!w->first)
        put_indent(w);
    fputc(brace, w->f);
    w->first = 0;
}

void jsonw_object(struct jsonw *w, const char *key) { open_container(w, key, '{'); }
void jsonw_array(struct jsonw *w, const char *key) { open_container(w, key, '['); }
void jsonw_end_object(struct jsonw *w) { close_container(w, '}'); }
void jsonw_end_array(struct jsonw *w) { close_container(w, ']'); }

void jsonw_num(struct jsonw *w, const char *key, double v)
{
    put_key(w, key);
    if (isfinite(v))
        fprintf(w->f, "%.17g", v);
    else
        fputs("null", w->f);
}

void jsonw_u64(struct jsonw *w, const char *key, unsigned long long v)
{
    put_key(w, key);
    fprintf(w->f, "%llu", v);
}

void jsonw_int(struct jsonw *w, const char *key, long v)
{
    put_key(w, key);
    fprintf(w->f, "%ld", v);
}

void jsonw_text(struct jsonw *w, const char *key, const char *s)
{
    put_key(w, key);
    if (s)
        put_string(w->f, s);
    else
        fputs("null", w->f);
}

void jsonw_bool(struct jsonw *w, const char *key, int b)
{
    put_key(w, key);
    fputs(b ? "true" : "false", w->f);
}

void jsonw_null(struct jsonw *w, const char *key)
{
    put_key(w, key);
    fputs("null", w->f);
}
