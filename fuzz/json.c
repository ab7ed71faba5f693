/* fuzz/json.c: fuzz target "json", the JSON reader and writer (models/jsonio.h).
 *
 * Every input is read as a JSON document, as drsim reads a previous manifest (and, in
 * time, shards and previous reviews); the diagnostics of a document that does not read
 * are rendered into memory, so the caret placement under Jansson's positions is fuzzed
 * too. A document that reads is walked whole through the accessors and written back
 * with the writer (into a file under /tmp named by the process), read again and written
 * again: the two files must be byte-identical (a finding otherwise), so that what the
 * reader accepts the writer can write and the reader read back, numbers bit for bit.
 */
#include "fuzz/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/diag.h"
#include "models/jsonio.h"

/* A running hash of a walk: types, keys, strings and the bits of numbers. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

/* Copy value v into the writer under key (NULL in an array), hashing what it wrote. */
static uint64_t copy(struct jsonio_writer *w, const char *key, const struct jsonio_value *v,
                     uint64_t h)
{
    enum jsonio_type t = jsonio_type(v);
    h = mix(h, &t, sizeof t);
    switch (t) {
    case JSONIO_OBJECT: {
        void *it = NULL;
        const struct jsonio_value *m;
        const char *k;
        jsonio_object(w, key);
        while ((k = jsonio_next_member(v, &it, &m)) != NULL) {
            h = mix(h, k, strlen(k) + 1);
            h = copy(w, k, m, h);
        }
        jsonio_end_object(w);
        break;
    }
    case JSONIO_ARRAY:
        jsonio_array(w, key);
        for (size_t i = 0; i < jsonio_length(v); i++)
            h = copy(w, NULL, jsonio_at(v, i), h);
        jsonio_end_array(w);
        break;
    case JSONIO_STRING: {
        const char *s = jsonio_get_string(v);
        h = mix(h, s, strlen(s) + 1);
        jsonio_text(w, key, s);
        break;
    }
    case JSONIO_INTEGER: {
        long long x = 0;
        jsonio_get_integer(v, &x);
        h = mix(h, &x, sizeof x);
        jsonio_int(w, key, (long)x);
        break;
    }
    case JSONIO_REAL: {
        double x = 0;
        jsonio_get_number(v, &x);
        h = mix(h, &x, sizeof x);
        jsonio_num(w, key, x);
        break;
    }
    case JSONIO_BOOL: {
        int b = 0;
        jsonio_get_bool(v, &b);
        h = mix(h, &b, sizeof b);
        jsonio_bool(w, key, b);
        break;
    }
    case JSONIO_NULL:
    case JSONIO_ABSENT:
        jsonio_null(w, key);
        break;
    }
    return h;
}

/* The nesting depth of v (1 for a scalar). */
static int depth(const struct jsonio_value *v)
{
    int d = 0;
    if (jsonio_type(v) == JSONIO_OBJECT) {
        void *it = NULL;
        const struct jsonio_value *m;
        while (jsonio_next_member(v, &it, &m) != NULL) {
            int x = depth(m);
            d = x > d ? x : d;
        }
    } else {
        for (size_t i = 0; i < jsonio_length(v); i++) {
            int x = depth(jsonio_at(v, i));
            d = x > d ? x : d;
        }
    }
    return d + 1;
}

/* Write doc's root under "v" of a new document at path; returns 0 or -1. */
static int write_copy(const struct jsonio_doc *doc, const char *path)
{
    struct jsonio_writer w;
    if (jsonio_open(&w, path) != 0)
        return -1;
    copy(&w, "v", jsonio_root(doc), 0);
    return jsonio_commit(&w);
}

static struct jsonio_doc *read_back(const char *path)
{
    struct diag_list d;
    struct jsonio_doc *doc = NULL;
    enum jsonio_status st = jsonio_load_file(path, (size_t)1 << 26, &d, &doc);
    diag_fini(&d);
    if (st != JSONIO_OK) {
        fprintf(stderr, "fuzz json: the writer wrote what the reader refuses (%d)\n", (int)st);
        abort();
    }
    return doc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag_list d;
    struct jsonio_doc *doc = NULL;
    diag_init(&d, "fuzz.json", (const char *)data, size);
    enum jsonio_status st = jsonio_load((const char *)data, size, &d, &doc);
    free(diag_to_string(&d));
    diag_fini(&d);
    if (st != JSONIO_OK)
        return 0;
    /* The writer's nesting is bounded by drsim's own documents: deeper input is only
     * read. */
    if (depth(jsonio_root(doc)) >= JSONIO_MAX_DEPTH - 1) {
        jsonio_free(doc);
        return 0;
    }
    /* write(read(x)) must read back and write the same bytes again. */
    char a[64], b[64];
    snprintf(a, sizeof a, "/tmp/drsim-fuzz-json-%ld-a.json", (long)getpid());
    snprintf(b, sizeof b, "/tmp/drsim-fuzz-json-%ld-b.json", (long)getpid());
    if (write_copy(doc, a) != 0) {
        fprintf(stderr, "fuzz json: the writer failed on a document the reader read\n");
        abort();
    }
    jsonio_free(doc);
    struct jsonio_doc *again = read_back(a);
    const struct jsonio_value *inner = jsonio_member(jsonio_root(again), "v");
    struct jsonio_writer w;
    if (jsonio_open(&w, b) != 0)
        abort();
    copy(&w, "v", inner, 0);
    if (jsonio_commit(&w) != 0)
        abort();
    jsonio_free(again);
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    if (!fa || !fb)
        abort();
    int ca, cb;
    do {
        ca = fgetc(fa);
        cb = fgetc(fb);
        if (ca != cb) {
            fprintf(stderr, "fuzz json: writing what was read back changed the bytes\n");
            abort();
        }
    } while (ca != EOF);
    fclose(fa);
    fclose(fb);
    unlink(a);
    unlink(b);
    return 0;
}
