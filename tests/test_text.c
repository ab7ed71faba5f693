/* tests/test_text.c: forbidden characters in text from files, and terminal escaping. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/text.h"

Test(text, clean_text_passes)
{
    cr_assert_eq(text_find_forbidden("region-east_1 \xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0, NULL), -1);
    cr_assert_eq(text_find_forbidden("", 0, NULL), -1);
    cr_assert_eq(text_find_forbidden("a\tb\nc\r", 1, NULL), -1);
}

Test(text, controls_and_noncharacters_are_found)
{
    uint32_t cp = 0;
    cr_assert_eq(text_find_forbidden("ab\x1b]0;x\x07", 0, &cp), 2);
    cr_assert_eq(cp, 0x1B);
    cr_assert_eq(text_find_forbidden("a\tb", 0, &cp), 1);
    cr_assert_eq(cp, '\t');
    cr_assert_eq(text_find_forbidden("x\x01", 1, &cp), 1); /* allowed whitespace only */
    cr_assert_eq(text_find_forbidden("ok\xef\xbf\xbe", 0, &cp), 2); /* U+FFFE */
    cr_assert_eq(cp, 0xFFFE);
    cr_assert_eq(text_find_forbidden("\xef\xbf\xbf", 0, &cp), 0);   /* U+FFFF */
    cr_assert_eq(text_find_forbidden("\xef\xb7\x90", 0, &cp), 0);   /* U+FDD0 */
    cr_assert_eq(cp, 0xFDD0);
    cr_assert_eq(text_find_forbidden("\xf0\x9f\xbf\xbe", 0, &cp), 0); /* U+1FFFE */
    cr_assert_eq(text_find_forbidden("\xc2\x85", 0, &cp), 0);       /* U+0085, C1 */
    cr_assert_eq(cp, 0x85);
    cr_assert_eq(text_find_forbidden("\x7f", 0, &cp), 0);
    /* Malformed: stray continuation, truncated sequence, overlong, surrogate. */
    cr_assert_eq(text_find_forbidden("a\x80", 0, &cp), 1);
    cr_assert_eq(cp, 0x80);
    cr_assert_eq(text_find_forbidden("\xe2\x82", 0, NULL), 0);
    cr_assert_eq(text_find_forbidden("\xc0\xaf", 0, NULL), 0);
    cr_assert_eq(text_find_forbidden("\xed\xa0\x80", 0, NULL), 0);
}

Test(text, describe)
{
    char b[64];
    cr_assert_str_eq(text_describe(0x1B, b, sizeof b), "U+001B (escape)");
    cr_assert_str_eq(text_describe(0xFFFE, b, sizeof b), "U+FFFE (a noncharacter)");
    cr_assert_str_eq(text_describe(0x9B, b, sizeof b), "U+009B (a C1 control character)");
}

Test(text, escape_makes_everything_visible)
{
    char out[128];
    size_t n = text_escape("ok\x1b]0;pwned\x07\r\nverdict: meets", out, sizeof out);
    cr_assert_str_eq(out, "ok\\e]0;pwned\\x07\\r\\nverdict: meets");
    cr_assert_eq(n, strlen(out));
    text_escape("\xc3\xa9\xef\xbf\xbe\xc2\x9b\x80", out, sizeof out);
    cr_assert_str_eq(out, "\xc3\xa9\\u{FFFE}\\u{009B}\\x80");
    /* Truncation: like snprintf, the return value is the full length. */
    char small[6];
    n = text_escape("abc\x1b" "def", small, sizeof small);
    cr_assert_eq(n, 8);
    cr_assert_str_eq(small, "abc\\e");
}

Test(text, fputs_escapes)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    cr_assert_eq(text_fputs("name\x1b[2J", f), 0);
    fclose(f);
    cr_assert_str_eq(buf, "name\\e[2J");
    free(buf);
}

Test(text, trim_partial_keeps_text_well_formed)
{
    char a[] = "caf\xc3\xa9";            /* complete: unchanged */
    cr_assert_str_eq(text_trim_partial(a), "caf\xc3\xa9");
    char b[] = "caf\xc3";                 /* a 2-byte sequence cut after its lead */
    cr_assert_str_eq(text_trim_partial(b), "caf");
    char c[] = "x\xe2\x82";               /* a 3-byte sequence cut after two bytes */
    cr_assert_str_eq(text_trim_partial(c), "x");
    char d[] = "\xf0\x9f\x98";            /* a 4-byte sequence cut after three */
    cr_assert_str_eq(text_trim_partial(d), "");
    char e[] = "plain";
    cr_assert_str_eq(text_trim_partial(e), "plain");
    char f[] = "";
    cr_assert_str_eq(text_trim_partial(f), "");
    /* Every cut of a long multibyte name is well-formed. */
    char name[121];
    for (int i = 0; i < 60; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2);
    name[120] = '\0';
    for (size_t n = 1; n <= sizeof name; n++) {
        char buf[121];
        snprintf(buf, n, "%s", name);
        cr_assert_eq(text_find_forbidden(text_trim_partial(buf), 0, NULL), -1, "cut at %zu", n);
    }
}
