/* models/sha256.h: SHA-256 (FIPS 180-4), for the plan file's fingerprint.
 *
 * The workbook and the JSON summary record the SHA-256 of the plan file that was
 * simulated, so an auditor can tie results to the exact input. This is a small,
 * dependency-free implementation written from the standard: a one-shot function and
 * an incremental context (caller-allocated: sha256_init, any number of
 * sha256_update calls, then sha256_final). None of them allocate or fail.
 */
#ifndef DRSIM_SHA256_H
#define DRSIM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32  /* bytes in a digest */

struct sha256_ctx {
    uint32_t h[8];            /* intermediate hash value H(i) */
    uint64_t n_bytes;         /* message bytes absorbed so far */
    unsigned char block[64];  /* pending partial block */
    size_t n_block;           /* bytes pending in block, 0..63 */
};

/* The digest of len bytes at data (data may be NULL when len is 0). */
void sha256(const void *data, size_t len, unsigned char out[32]);

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Pads, writes the digest and leaves the context to be re-initialised before reuse. */
void sha256_final(struct sha256_ctx *c, unsigned char out[32]);

/* 64 lowercase hex digits plus NUL of a 32-byte digest into out[65]. */
void sha256_hex(const unsigned char digest[32], char out[65]);

#endif
