/* sim/wire.c: the byte format of partial results (sim/wire.h).
 *
 * Integers are assembled byte by byte rather than copied, so the format is little-endian
 * whatever the machine's order; a double is written as its bit pattern (memcpy into a
 * uint64_t, the one portable way to see it). The writer doubles its buffer as it grows; a
 * failed allocation makes it sticky-failed, so callers check once at the end.
 */
#include "sim/wire.h"

#include <stdlib.h>
#include <string.h>

void wire_out_init(struct wire_out *w)
{
    w->data = NULL;
    w->len = w->cap = 0;
    w->nomem = 0;
}

void wire_out_fini(struct wire_out *w)
{
    free(w->data);
    wire_out_init(w);
}

/* Room for n more bytes; 0, or -1 (and nomem) when it cannot be made. */
static int reserve(struct wire_out *w, size_t n)
{
    if (w->nomem)
        return -1;
    if (n <= w->cap - w->len)
        return 0;
    size_t cap = w->cap ? w->cap : 256;
    while (cap - w->len < n) {
        if (cap > SIZE_MAX / 2) {
            w->nomem = 1;
            return -1;
        }
        cap *= 2;
    }
    unsigned char *d = realloc(w->data, cap);
    if (!d) {
        w->nomem = 1;
        return -1;
    }
    w->data = d;
    w->cap = cap;
    return 0;
}

void wire_put_u64(struct wire_out *w, uint64_t v)
{
    if (reserve(w, 8) != 0)
        return;
    for (int i = 0; i < 8; i++)
        w->data[w->len++] = (unsigned char)(v >> (8 * i));
}

void wire_put_f64(struct wire_out *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    wire_put_u64(w, bits);
}

void wire_put_bytes(struct wire_out *w, const void *p, size_t len)
{
    if (len == 0 || reserve(w, len) != 0)
        return;
    memcpy(w->data + w->len, p, len);
    w->len += len;
}

void wire_put_str(struct wire_out *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    wire_put_u64(w, (uint64_t)n);
    wire_put_bytes(w, s, n);
}

void wire_in_init(struct wire_in *r, const void *data, size_t len)
{
    r->data = data;
    r->len = data ? len : 0;
    r->pos = 0;
    r->bad = 0;
}

uint64_t wire_get_u64(struct wire_in *r)
{
    if (r->bad || r->len - r->pos < 8) {
        r->bad = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)r->data[r->pos++] << (8 * i);
    return v;
}

double wire_get_f64(struct wire_in *r)
{
    uint64_t bits = wire_get_u64(r);
    double v;
    memcpy(&v, &bits, sizeof v);
    return r->bad ? 0.0 : v;
}

const void *wire_get_bytes(struct wire_in *r, size_t len)
{
    if (r->bad || r->len - r->pos < len) {
        r->bad = 1;
        return NULL;
    }
    const void *p = r->data + r->pos;
    r->pos += len;
    return p;
}

char *wire_get_str(struct wire_in *r, size_t max_len, int *nomem)
{
    uint64_t n = wire_get_u64(r);
    if (r->bad || n > max_len || n > r->len - r->pos) {
        r->bad = 1;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        if (nomem)
            *nomem = 1;
        return NULL;
    }
    memcpy(s, r->data + r->pos, (size_t)n);
    s[n] = '\0';
    r->pos += (size_t)n;
    return s;
}
