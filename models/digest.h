/* models/digest.h: SHA-256 fingerprints, computed by GNU Nettle.
 *
 * The workbook, summary.json and every output set's manifest record the SHA-256 of the
 * plan (and drill log) that was simulated and of every file written, so an auditor can
 * tie results to the exact inputs and check that no output was altered. The hash itself
 * is Nettle's (Debian nettle-dev): this module is the only one that includes it, and
 * gives drsim a one-shot digest, an incremental context and the hex form.
 *
 * The incremental context is caller-allocated (digest_init, any number of digest_update
 * calls, then digest_final) and holds Nettle's state in storage sized here, so callers
 * need not see Nettle's headers; digest.c checks at compile time that it fits. None of
 * the functions allocate or fail.
 */
#ifndef DRSIM_DIGEST_H
#define DRSIM_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define DIGEST_SHA256_LEN 32  /* bytes in a SHA-256 digest */
#define DIGEST_SHA256_HEX 65  /* bytes of its lowercase hex form, with the NUL */

/* An incremental SHA-256 computation. Opaque: only models/digest.c reads it. */
struct digest_ctx {
    union {
        unsigned char bytes[160];   /* Nettle's struct sha256_ctx */
        uint64_t align_u64;
        void *align_ptr;
    } state;
};

/* The digest of len bytes at data (data may be NULL when len is 0). */
void digest_sha256(const void *data, size_t len, unsigned char out[DIGEST_SHA256_LEN]);

void digest_init(struct digest_ctx *c);
void digest_update(struct digest_ctx *c, const void *data, size_t len);
/* Writes the digest of everything absorbed since digest_init; the context must be
 * initialised again before it is reused. */
void digest_final(struct digest_ctx *c, unsigned char out[DIGEST_SHA256_LEN]);

/* 64 lowercase hex digits plus NUL of a 32-byte digest into out. */
void digest_hex(const unsigned char digest[DIGEST_SHA256_LEN], char out[DIGEST_SHA256_HEX]);

#endif
