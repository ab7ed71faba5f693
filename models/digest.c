/* models/digest.c: SHA-256 through GNU Nettle (see digest.h). */
#include "models/digest.h"

#include <stdalign.h>

#include <nettle/sha2.h>

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((struct digest_ctx *)0)->state),
               "struct digest_ctx too small for Nettle's sha256_ctx");
_Static_assert(alignof(struct sha256_ctx) <= alignof(struct digest_ctx),
               "struct digest_ctx not aligned for Nettle's sha256_ctx");

static struct sha256_ctx *nettle_ctx(struct digest_ctx *c)
{
    return (struct sha256_ctx *)(void *)c->state.bytes;
}

void digest_init(struct digest_ctx *c)
{
    sha256_init(nettle_ctx(c));
}

void digest_update(struct digest_ctx *c, const void *data, size_t len)
{
    /* Nettle reads nothing for a zero length, but a NULL pointer is still undefined
     * behaviour to pass to its memcpy: skip the call. */
    if (len > 0)
        sha256_update(nettle_ctx(c), len, data);
}

void digest_final(struct digest_ctx *c, unsigned char out[DIGEST_SHA256_LEN])
{
    sha256_digest(nettle_ctx(c), DIGEST_SHA256_LEN, out);
}

void digest_sha256(const void *data, size_t len, unsigned char out[DIGEST_SHA256_LEN])
{
    struct digest_ctx c;
    digest_init(&c);
    digest_update(&c, data, len);
    digest_final(&c, out);
}

void digest_hex(const unsigned char digest[DIGEST_SHA256_LEN], char out[DIGEST_SHA256_HEX])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < DIGEST_SHA256_LEN; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[2 * DIGEST_SHA256_LEN] = '\0';
}
