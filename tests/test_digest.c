/* tests/test_digest.c: the FIPS 180-2 / NIST known-answer vectors through Nettle, and the
 * incremental interface fed in awkward pieces against the one-shot digest. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "models/plan.h"
#include "models/digest.h"

static void check(const void *msg, size_t len, const char *want)
{
    unsigned char d[32];
    char hex[65];
    digest_sha256(msg, len, d);
    digest_hex(d, hex);
    cr_assert_str_eq(hex, want);
}

Test(digest, abc)
{
    check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(digest, empty)
{
    check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(digest, two_blocks_448_bits)
{
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    cr_assert_eq(strlen(m), 56);
    check(m, 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(digest, message_896_bits)
{
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                    "klmnopqrlmnopqrsmnopqrstnopqrstu";
    check(m, strlen(m), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

Test(digest, one_million_a)
{
    const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    char *m = malloc(1000000);
    struct digest_ctx c;
    unsigned char d[32];
    char hex[65];
    cr_assert_not_null(m);
    memset(m, 'a', 1000000);
    check(m, 1000000, want);
    /* The same in uneven pieces (1, 2, ..., 999 bytes, cycling). */
    digest_init(&c);
    for (size_t off = 0, step = 1; off < 1000000; step = step % 999 + 1) {
        size_t n = 1000000 - off < step ? 1000000 - off : step;
        digest_update(&c, m + off, n);
        off += n;
    }
    digest_final(&c, d);
    digest_hex(d, hex);
    cr_assert_str_eq(hex, want);
    free(m);
}

/* Lengths around the padding boundary (55, 56, 63, 64, 65 bytes) split at every
 * position must agree with the one-shot digest. */
Test(digest, incremental_matches_one_shot)
{
    unsigned char msg[130];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 7 + 3);
    for (size_t len = 0; len <= sizeof msg; len++) {
        unsigned char a[32], b[32];
        digest_sha256(msg, len, a);
        for (size_t cut = 0; cut <= len; cut++) {
            struct digest_ctx c;
            digest_init(&c);
            digest_update(&c, msg, cut);
            digest_update(&c, msg + cut, len - cut);
            digest_final(&c, b);
            cr_assert(memcmp(a, b, 32) == 0, "len %zu cut %zu", len, cut);
        }
    }
}

Test(digest, plan_hex)
{
    struct plan *p = calloc(1, sizeof *p);
    char hex[65];
    cr_assert_not_null(p);
    digest_sha256("abc", 3, p->sha256);
    plan_sha256_hex(p, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    plan_free(p);
}
