/* sim/wire.h: a portable byte format for partial results that travel between processes.
 *
 * Shards of a run (`drsim run --shard I/K`) write their partial results to a file, and
 * MPI ranks send theirs to rank 0; both are merged exactly into the results of the whole
 * run (sim/mc.h). They travel as bytes in one format, written and read here: unsigned
 * integers as 8 bytes little-endian, doubles as the 8 bytes of their IEEE-754 bit pattern
 * little-endian (so INFINITY, -0 and every other value round-trip bit for bit, on any
 * machine), strings as a length and their bytes. A writer grows one buffer; a reader walks
 * a buffer it does not own and refuses to read past its end: a truncated or corrupted
 * partial result is an error the caller reports, never a read out of bounds.
 */
#ifndef DRSIM_WIRE_H
#define DRSIM_WIRE_H

#include <stddef.h>
#include <stdint.h>

struct wire_out {
    unsigned char *data;       /* the bytes written so far, owned */
    size_t len;                /* bytes used */
    size_t cap;                /* bytes allocated */
    int nomem;                 /* an allocation failed: every later put is a no-op (sticky) */
};

struct wire_in {
    const unsigned char *data; /* borrowed */
    size_t len;                /* bytes in data */
    size_t pos;                /* next byte to read */
    int bad;                   /* a read ran past the end or met an impossible value (sticky) */
};

/* An empty writer (allocates nothing). */
void wire_out_init(struct wire_out *w);
/* Free what w holds; w is then empty. */
void wire_out_fini(struct wire_out *w);

void wire_put_u64(struct wire_out *w, uint64_t v);
void wire_put_f64(struct wire_out *w, double v);
/* len bytes of raw data. */
void wire_put_bytes(struct wire_out *w, const void *p, size_t len);
/* A NUL-terminated string (NULL is written as the empty string). */
void wire_put_str(struct wire_out *w, const char *s);

/* A reader over data[0 .. len - 1] (borrowed). */
void wire_in_init(struct wire_in *r, const void *data, size_t len);

/* Each get returns the value read, or 0 (and sets r->bad) past the end. */
uint64_t wire_get_u64(struct wire_in *r);
double wire_get_f64(struct wire_in *r);
/* A pointer to the next len bytes inside the buffer (NULL and bad past the end). */
const void *wire_get_bytes(struct wire_in *r, size_t len);
/* A string read into a new allocation (NULL and bad past the end, or out of memory:
 * *nomem set). Strings longer than max_len are refused as bad. */
char *wire_get_str(struct wire_in *r, size_t max_len, int *nomem);

#endif
