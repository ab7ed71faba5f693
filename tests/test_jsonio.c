/* tests/test_jsonio.c: the JSON writer's exact bytes, doubles that read back as
 * themselves, the writer's refusals, the reader's accessors, and the bad-JSON corpus
 * (tests/bad-json/NAME.json next to the exact diagnostics NAME.expected). */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/jsonio.h"
#include "tests/fixture.h"

static char dir[64];

static void init(void)
{
    fixture_tmpdir(dir, "jsonio");
}

static void fini(void)
{
    fixture_rm_rf(dir);
}

static char *path_in(const char *name)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

TestSuite(jsonio, .init = init, .fini = fini);

/* The layout every drsim document has: two spaces a level, one member a line, member
 * order as written, integers and integer-valued doubles without a fraction, other
 * doubles with 17 significant digits, null for what JSON cannot hold. */
Test(jsonio, writes_the_documented_layout)
{
    struct jsonio_writer w;
    cr_assert_eq(jsonio_open(&w, path_in("a.json")), 0);
    jsonio_text(&w, "zeta", "first");
    jsonio_int(&w, "alpha", -3);
    jsonio_u64(&w, "seed", 9223372036854775807ull);
    jsonio_object(&w, "numbers");
    jsonio_num(&w, "whole", 28800.0);
    jsonio_num(&w, "tenth", 0.1);
    jsonio_num(&w, "big", 1e300);
    jsonio_num(&w, "negzero", -0.0);
    jsonio_num(&w, "inf", INFINITY);
    jsonio_num(&w, "nan", NAN);
    jsonio_end_object(&w);
    jsonio_array(&w, "list");
    jsonio_bool(&w, NULL, 1);
    jsonio_null(&w, NULL);
    jsonio_object(&w, NULL);
    jsonio_end_object(&w);
    jsonio_array(&w, NULL);
    jsonio_end_array(&w);
    jsonio_text(&w, NULL, NULL);
    jsonio_end_array(&w);
    jsonio_text(&w, "escapes", "tab\there \"q\" back\\ nl\n bell\a caf\xc3\xa9");
    cr_assert_eq(jsonio_commit(&w), 0, "%s", strerror(errno));
    char *got = fixture_slurp(path_in("a.json"), NULL);
    cr_assert_not_null(got);
    cr_assert_str_eq(got, "{\n"
                          "  \"zeta\": \"first\",\n"
                          "  \"alpha\": -3,\n"
                          "  \"seed\": 9223372036854775807,\n"
                          "  \"numbers\": {\n"
                          "    \"whole\": 28800,\n"
                          "    \"tenth\": 0.10000000000000001,\n"
                          "    \"big\": 1.0000000000000001e300,\n"
                          "    \"negzero\": -0.0,\n"
                          "    \"inf\": null,\n"
                          "    \"nan\": null\n"
                          "  },\n"
                          "  \"list\": [\n"
                          "    true,\n"
                          "    null,\n"
                          "    {},\n"
                          "    [],\n"
                          "    null\n"
                          "  ],\n"
                          "  \"escapes\": \"tab\\there \\\"q\\\" back\\\\ nl\\n bell\\u0007 "
                          "caf\xc3\xa9\"\n"
                          "}\n");
    free(got);
}

/* Every double reads back as the same bits: 2,000 values across the exponent range,
 * written and read through the module. */
Test(jsonio, doubles_round_trip)
{
    enum { N = 2000 };
    double v[N];
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double m = (double)(x >> 11) / 9007199254740992.0;     /* [0, 1) */
        v[i] = (i % 2 ? -1 : 1) * m * pow(10.0, (double)(i % 40) * 15 - 300);
    }
    v[0] = 4503599627370497.0;      /* an integer near 2^52: written as an integer */
    v[1] = 9007199254740994.0;      /* above 2^53: written as a real */
    v[2] = 5e-324;                  /* the smallest subnormal */
    v[3] = 1.7976931348623157e308;  /* the largest double */
    struct jsonio_writer w;
    cr_assert_eq(jsonio_open(&w, path_in("d.json")), 0);
    jsonio_array(&w, "v");
    for (int i = 0; i < N; i++)
        jsonio_num(&w, NULL, v[i]);
    jsonio_end_array(&w);
    cr_assert_eq(jsonio_commit(&w), 0);

    struct jsonio_doc *doc = fixture_json(path_in("d.json"));
    const struct jsonio_value *arr = jsonio_member(jsonio_root(doc), "v");
    cr_assert_eq(jsonio_length(arr), N);
    for (int i = 0; i < N; i++) {
        double r;
        cr_assert_eq(jsonio_get_number(jsonio_at(arr, (size_t)i), &r), 0);
        cr_assert(memcmp(&r, &v[i], sizeof r) == 0, "v[%d] = %.17g read back as %.17g", i, v[i],
                  r);
    }
    cr_assert_eq(jsonio_type(jsonio_at(arr, 0)), JSONIO_INTEGER);
    cr_assert_eq(jsonio_type(jsonio_at(arr, 1)), JSONIO_REAL);
    jsonio_free(doc);
}

/* Text that is not UTF-8 (a file name can be anything) is written with U+FFFD in place
 * of each bad byte, keys too, so the file stays JSON. */
Test(jsonio, invalid_utf8_is_repaired)
{
    struct jsonio_writer w;
    cr_assert_eq(jsonio_open(&w, path_in("u.json")), 0);
    jsonio_text(&w, "file", "plan-\xff\xfe.yaml");
    jsonio_text(&w, "k\xc3", "v");
    cr_assert_eq(jsonio_commit(&w), 0);
    struct jsonio_doc *doc = fixture_json(path_in("u.json"));
    cr_assert_str_eq(jsonio_get_string(jsonio_member(jsonio_root(doc), "file")),
                     "plan-\xef\xbf\xbd\xef\xbf\xbd.yaml");
    cr_assert_str_eq(jsonio_get_string(jsonio_member(jsonio_root(doc), "k\xef\xbf\xbd")), "v");
    jsonio_free(doc);
}

/* A key written twice or a container left open is a caller's bug that the writer
 * refuses to hide: commit fails with EINVAL and leaves no file. */
Test(jsonio, writer_refuses_a_repeated_key_and_an_open_container)
{
    struct jsonio_writer w;
    cr_assert_eq(jsonio_open(&w, path_in("dup.json")), 0);
    jsonio_int(&w, "n", 1);
    jsonio_object(&w, "o");
    jsonio_int(&w, "x", 1);
    jsonio_int(&w, "x", 2);
    jsonio_end_object(&w);
    errno = 0;
    cr_assert_eq(jsonio_commit(&w), -1);
    cr_assert_eq(errno, EINVAL);
    cr_assert_eq(access(path_in("dup.json"), F_OK), -1);

    cr_assert_eq(jsonio_open(&w, path_in("open.json")), 0);
    jsonio_array(&w, "a");
    cr_assert_eq(jsonio_commit(&w), -1);
    cr_assert_eq(errno, EINVAL);
    cr_assert_eq(access(path_in("open.json"), F_OK), -1);

    /* abort writes nothing */
    cr_assert_eq(jsonio_open(&w, path_in("ab.json")), 0);
    jsonio_int(&w, "n", 1);
    jsonio_abort(&w);
    cr_assert_eq(access(path_in("ab.json"), F_OK), -1);
}

/* A path that cannot be created: commit fails with the system's errno. */
Test(jsonio, writer_reports_the_create_error)
{
    struct jsonio_writer w;
    cr_assert_eq(jsonio_open(&w, path_in("no/such/dir.json")), 0);
    jsonio_int(&w, "n", 1);
    cr_assert_eq(jsonio_commit(&w), -1);
    cr_assert_eq(errno, ENOENT);
}

/* The reader's accessors: types, members in document order, elements, and NULL
 * handles answering "absent" all the way down a chain. */
Test(jsonio, reader_accessors)
{
    const char *text = "{\"b\": [1, 2.5, \"s\", true, null, {\"x\": -7}], \"a\": false}";
    struct diag_list d;
    struct jsonio_doc *doc;
    diag_init(&d, "t.json", text, strlen(text));
    cr_assert_eq(jsonio_load(text, strlen(text), &d, &doc), JSONIO_OK);
    const struct jsonio_value *root = jsonio_root(doc), *b = jsonio_member(root, "b"), *v;
    void *it = NULL;
    cr_assert_str_eq(jsonio_next_member(root, &it, &v), "b");
    cr_assert_eq(v, b);
    cr_assert_str_eq(jsonio_next_member(root, &it, &v), "a");
    cr_assert_null(jsonio_next_member(root, &it, &v));
    cr_assert_eq(jsonio_length(b), 6);
    long long i;
    double x;
    int flag;
    cr_assert_eq(jsonio_get_integer(jsonio_at(b, 0), &i), 0);
    cr_assert_eq(i, 1);
    cr_assert_eq(jsonio_get_integer(jsonio_at(b, 1), &i), -1, "2.5 is not an integer");
    cr_assert_eq(jsonio_get_number(jsonio_at(b, 1), &x), 0);
    cr_assert_eq(x, 2.5);
    cr_assert_eq(jsonio_get_number(jsonio_at(b, 0), &x), 0, "an integer is a number");
    cr_assert_str_eq(jsonio_get_string(jsonio_at(b, 2)), "s");
    cr_assert_eq(jsonio_get_bool(jsonio_at(b, 3), &flag), 0);
    cr_assert_eq(flag, 1);
    cr_assert_eq(jsonio_type(jsonio_at(b, 4)), JSONIO_NULL);
    cr_assert_eq(fixture_json_num(root, "b[5].x"), -7);
    cr_assert_eq(jsonio_get_bool(jsonio_member(root, "a"), &flag), 0);
    cr_assert_eq(flag, 0);
    /* absent all the way down */
    cr_assert_null(jsonio_at(b, 6));
    cr_assert_null(jsonio_member(jsonio_member(root, "nope"), "x"));
    cr_assert_eq(jsonio_type(jsonio_at(jsonio_member(root, "a"), 0)), JSONIO_ABSENT);
    cr_assert_null(jsonio_get_string(NULL));
    cr_assert_eq(jsonio_get_number(NULL, &x), -1);
    cr_assert_eq(jsonio_length(root), 0, "an object has no elements");
    cr_assert_str_eq(jsonio_type_name(jsonio_type(b)), "an array");
    jsonio_free(doc);
    diag_fini(&d);
}

/* Files that cannot be read: the status says why, errno is kept, nothing is parsed. */
Test(jsonio, unreadable_files)
{
    struct diag_list d;
    struct jsonio_doc *doc;
    cr_assert_eq(jsonio_load_file(path_in("missing.json"), 1024, &d, &doc), JSONIO_IO);
    cr_assert_eq(errno, ENOENT);
    cr_assert_null(jsonio_root(doc));
    jsonio_free(doc);
    diag_fini(&d);

    cr_assert_eq(jsonio_load_file(dir, 1024, &d, &doc), JSONIO_IO);
    cr_assert_eq(errno, EISDIR);
    jsonio_free(doc);
    diag_fini(&d);

    FILE *f = fopen(path_in("big.json"), "w");
    cr_assert_not_null(f);
    fputs("{\"a\": \"", f);
    for (int i = 0; i < 2000; i++)
        fputc('x', f);
    fputs("\"}\n", f);
    fclose(f);
    cr_assert_eq(jsonio_load_file(path_in("big.json"), 1000, &d, &doc), JSONIO_TOO_BIG);
    jsonio_free(doc);
    diag_fini(&d);
    cr_assert_eq(jsonio_load_file(path_in("big.json"), 4096, &d, &doc), JSONIO_OK);
    cr_assert_eq(strlen(jsonio_get_string(jsonio_member(jsonio_root(doc), "a"))), 2000);
    jsonio_free(doc);
    diag_fini(&d);
}

static void release_doc(void *doc)
{
    jsonio_free(doc);
}

static const char *refuse_json(void *user, const char *path, struct diag_list *d,
                               struct fixture_held *held)
{
    struct jsonio_doc *doc;
    (void)user;
    enum jsonio_status st = jsonio_load_file(path, (size_t)1 << 20, d, &doc);
    *held = (struct fixture_held){doc, release_doc};
    return st == JSONIO_BAD ? NULL : "not refused as bad JSON";
}

/* Every file of tests/bad-json is refused with exactly its .expected diagnostics. */
Test(jsonio, bad_json_corpus)
{
    int n, failed = fixture_bad_corpus("tests/bad-json", ".json", refuse_json, NULL, &n);
    cr_assert_geq(n, 15, "the corpus is missing");
    cr_assert_eq(failed, 0, "%d of %d bad JSON files did not give their expected diagnostics",
                 failed, n);
}
