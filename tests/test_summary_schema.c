/* tests/test_summary_schema.c: summary.json as a contract (issue 15, item 8 and defect 10).
 *
 * docs/summary.schema.json describes every member drsim writes; every summary.json the
 * suite writes through `drsim run -o DIR` is checked against it by tests/fixture.c, and
 * here every example plan, the built-in plan with and without drills, and the test plans
 * that reach the optional members (damage, failback, decision curve, capacity) are run
 * and checked. The checker must be able to fail: broken files (a renamed member, a
 * mistyped one, an infinity as null, an unknown verdict, an unknown section) are
 * rejected naming the member. Every member of the schema is documented in
 * docs/reports.md. Infinite values are the string "infinity", read back as infinities.
 * The reproducing command is one string in the terminal, summary.json, manifest.json,
 * the workbook and the pack, and running it reproduces the files byte for byte.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "models/jsonio.h"

#define OUT "build/test-schema"
#define CHECK "/usr/bin/python3 tests/check_summary_schema.py"

static void out_dir(void)
{
    mkdir("build", 0777);
    mkdir(OUT, 0777);
}

/* Run `drsim run ARGS -q -o OUT/name` (which fixture_drsim checks against the schema),
 * check it once more explicitly, and return the summary's path (static buffer). */
static const char *run_checked(const char *name, const char *args)
{
    static char path[512];
    char cmd[2048], *out = NULL;
    out_dir();
    snprintf(cmd, sizeof cmd, "run %s -q -o " OUT "/%s", args, name);
    int rc = fixture_drsim(NULL, cmd, &out);
    cr_assert_eq(rc, 0, "drsim %s: exit %d\n%s", cmd, rc, out);
    free(out);
    snprintf(path, sizeof path, OUT "/%s/summary.json", name);
    fixture_check_summary(path);
    return path;
}

Test(schema, every_example_plan_follows_it, .timeout = 240)
{
    char *names[64];
    int n = fixture_list("scenarios", ".yaml", names, 64);
    cr_assert_geq(n, 5, "scenarios/ holds %d plans", n);
    for (int i = 0; i < n; i++) {
        char args[512], name[128];
        snprintf(args, sizeof args, "scenarios/%s -n 400 --no-workbook --no-charts", names[i]);
        snprintf(name, sizeof name, "example-%.*s", (int)strlen(names[i]) - 5, names[i]);
        run_checked(name, args);
        free(names[i]);
    }
}

/* The built-in plan as it is, with the drill log (the "drills" member), and the test
 * plans that reach the members only some plans have. */
Test(schema, builtin_and_optional_members_follow_it, .timeout = 240)
{
    run_checked("builtin", "-n 500 --no-workbook --no-charts");
    const char *p = run_checked("builtin-drills", "-n 500 --no-workbook --no-charts --drills "
                                                  "scenarios/drills/commcare-drills.yaml");
    struct jsonio_doc *doc = fixture_json(p);
    cr_assert_not_null(jsonio_member(jsonio_root(doc), "drills"), "no drills member in %s", p);
    jsonio_free(doc);
    static const char *const plans[] = {
        "damage.yaml", "damage-worked-example.yaml", "decision-region.yaml", "activation.yaml",
        "services-capacity.yaml", "restore-capacity.yaml", "unrecoverable.yaml",
        "unrecoverable-failing-copy.yaml", "no-objectives.yaml", "breach.yaml", "money.yaml"};
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        char args[256], name[128];
        snprintf(args, sizeof args, "tests/data/%s -n 400 --no-workbook --no-charts", plans[i]);
        snprintf(name, sizeof name, "data-%.*s", (int)strlen(plans[i]) - 5, plans[i]);
        run_checked(name, args);
    }
}

/* Mutate a valid summary with Python statement `edit` (d is the document) into
 * OUT/broken.json and return the checker's exit status and messages. */
static int check_broken(const char *valid, const char *edit, char **msgs)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json; d = json.load(open(\"%s\")); %s; "
             "json.dump(d, open(\"" OUT "/broken.json\", \"w\"))' && " CHECK " " OUT
             "/broken.json 2>&1",
             valid, edit);
    return fixture_shell(cmd, msgs);
}

Test(schema, rejects_a_broken_summary, .timeout = 120)
{
    const char *valid = run_checked("valid", "-n 300 --no-workbook --no-charts");
    static const struct {
        const char *edit;   /* Python statement changing d */
        const char *says;   /* a part of the checker's message */
    } cases[] = {
        /* a renamed member */
        {"d[\"scenarios\"][0][\"rto\"][\"p95\"] = d[\"scenarios\"][0][\"rto\"].pop(\"p95_s\")",
         "scenarios[0].rto: 'p95_s' is a required property"},
        /* a mistyped member */
        {"d[\"trials\"] = str(d[\"trials\"])", "trials: '300' is not of type 'integer'"},
        /* an infinity written the old way */
        {"d[\"scenarios\"][1][\"rpo\"][\"max_s\"] = None",
         "scenarios[1].rpo.max_s: None is not valid"},
        /* a verdict no reader knows */
        {"d[\"scenarios\"][0][\"rto_objective\"][\"verdict\"] = \"OK\"",
         "scenarios[0].rto_objective"},
        /* a section the schema does not describe */
        {"d[\"surprise\"] = {}", "'surprise' was unexpected"},
        /* the sections joined later: money, controls, inputs */
        {"d[\"money\"][\"eal_usd\"] = -1", "money.eal_usd: -1 is less than the minimum of 0"},
        {"d[\"money\"][\"scenarios\"][0][\"services\"][0][\"mean_data_usd\"] = None",
         "money.scenarios[0].services[0].mean_data_usd: None is not of type 'number'"},
        {"d[\"controls\"][2][\"status\"] = \"done\"",
         "controls[2].status: 'done' is not one of"},
        {"d[\"controls\"] = []", "controls: [] is too short"},
        {"del d[\"inputs\"]", "'inputs' is a required property"},
        {"d[\"inputs\"][\"plan.name\"] = 3", "inputs.plan.name: 3 is not of type 'string'"},
        /* a required member left out */
        {"del d[\"plan\"][\"sha256\"]", "plan: 'sha256' is a required property"},
        /* a probability out of range */
        {"d[\"scenarios\"][0][\"rto_objective\"][\"p_met\"] = 1.5",
         "scenarios[0].rto_objective.p_met: 1.5 is greater than the maximum of 1"},
    };
    char *msgs = NULL;
    /* The untouched file passes through the same path. */
    int rc = check_broken(valid, "pass", &msgs);
    cr_assert_eq(rc, 0, "an unchanged copy is refused:\n%s", msgs);
    free(msgs);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rc = check_broken(valid, cases[i].edit, &msgs);
        cr_expect_eq(rc, 1, "%s: exit %d, want 1:\n%s", cases[i].edit, rc, msgs);
        cr_expect(strstr(msgs, cases[i].says) != NULL, "%s: the checker says\n%s\nnot '%s'",
                  cases[i].edit, msgs, cases[i].says);
        free(msgs);
    }
}

/* Every member the schema names is documented in docs/reports.md, and the check fails
 * on a section that leaves one out. */
Test(schema, every_member_is_documented)
{
    char *msgs = NULL;
    int rc = fixture_shell(CHECK " --docs docs/reports.md 2>&1", &msgs);
    cr_assert_eq(rc, 0, "%s", msgs);
    free(msgs);
    out_dir();
    FILE *f = fopen(OUT "/short.md", "w");
    cr_assert_not_null(f);
    fputs("# Reports\n\n## summary.json\n\n`drsim_version`, `command`\n\n## Next\n\n"
          "`n_breach`\n", f);
    fclose(f);
    rc = fixture_shell(CHECK " --docs " OUT "/short.md 2>&1", &msgs);
    cr_assert_eq(rc, 1, "%s", msgs);
    cr_assert(strstr(msgs, "does not document member 'n_breach'") != NULL, "%s", msgs);
    cr_assert(strstr(msgs, "member 'command'") == NULL, "%s", msgs);
    free(msgs);
}

/* Infinities are explicit: written as "infinity" / "-infinity", read back exactly, and
 * never confused with null (not defined). */
Test(schema, infinity_round_trips)
{
    struct jsonio_writer w;
    out_dir();
    cr_assert_eq(jsonio_open(&w, OUT "/inf.json"), 0);
    jsonio_measure(&w, "pos", INFINITY);
    jsonio_measure(&w, "neg", -INFINITY);
    jsonio_measure(&w, "nan", NAN);
    jsonio_measure(&w, "x", 1.5);
    jsonio_measure(&w, "whole", 28800);
    cr_assert_eq(jsonio_commit(&w), 0);
    char *text = fixture_slurp(OUT "/inf.json", NULL);
    cr_assert_not_null(text);
    cr_assert_str_eq(text, "{\n  \"pos\": \"infinity\",\n  \"neg\": \"-infinity\",\n"
                           "  \"nan\": null,\n  \"x\": 1.5,\n  \"whole\": 28800\n}\n");
    free(text);
    struct jsonio_doc *doc = fixture_json(OUT "/inf.json");
    const struct jsonio_value *r = jsonio_root(doc);
    double x = 0;
    cr_assert_eq(jsonio_get_measure(jsonio_member(r, "pos"), &x), 0);
    cr_assert(isinf(x) && x > 0);
    cr_assert_eq(jsonio_get_measure(jsonio_member(r, "neg"), &x), 0);
    cr_assert(isinf(x) && x < 0);
    cr_assert_eq(jsonio_get_measure(jsonio_member(r, "nan"), &x), -1);
    cr_assert_eq(jsonio_get_measure(jsonio_member(r, "x"), &x), 0);
    cr_assert_eq(x, 1.5);
    /* jsonio_get_number still refuses the text */
    cr_assert_eq(jsonio_get_number(jsonio_member(r, "pos"), &x), -1);
    jsonio_free(doc);
}

/* In the built-in plan's summary, a percentile set with infinite trials has its maximum
 * as "infinity" (it was null before), and the finite ones are numbers. */
Test(schema, summary_writes_infinity_explicitly, .timeout = 60)
{
    const char *p = run_checked("inf", "-n 2000 --no-workbook --no-charts");
    struct jsonio_doc *doc = fixture_json(p);
    const struct jsonio_value *sc = jsonio_member(jsonio_root(doc), "scenarios");
    int seen = 0;
    for (size_t s = 0; s < jsonio_length(sc); s++) {
        const struct jsonio_value *rpo = jsonio_member(jsonio_at(sc, s), "rpo");
        double n_inf = fixture_json_num(rpo, "n_infinite"), mx = 0;
        const struct jsonio_value *max = jsonio_member(rpo, "max_s");
        cr_assert_neq(jsonio_type(max), JSONIO_NULL, "scenarios[%zu].rpo.max_s is null", s);
        cr_assert_eq(jsonio_get_measure(max, &mx), 0);
        if (n_inf > 0) {
            cr_assert_str_eq(jsonio_get_string(max), "infinity");
            cr_assert(isinf(fixture_json_num(rpo, "max_s")));
            seen++;
        } else {
            cr_assert(isfinite(mx));
        }
    }
    cr_assert_gt(seen, 0, "no scenario of the built-in plan has an infinite RPO");
    jsonio_free(doc);
}

/* ---- the reproducing command ------------------------------------------------------------ */

/* The value of the line starting with `key` in text (up to the newline), or NULL. */
static char *line_after(const char *text, const char *key)
{
    const char *at = strstr(text, key);
    if (!at)
        return NULL;
    at += strlen(key);
    size_t n = strcspn(at, "\n");
    char *v = malloc(n + 1);
    cr_assert_not_null(v);
    memcpy(v, at, n);
    v[n] = '\0';
    return v;
}

/* Collapse each run of white space to one space (the pack wraps the command). */
static void squeeze(char *s)
{
    char *w = s;
    int space = 0;
    for (char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\n' || *r == '\t') {
            space = 1;
            continue;
        }
        if (space && w > s)
            *w++ = ' ';
        space = 0;
        *w++ = *r;
    }
    *w = '\0';
}

#define REPRO_ENV "SOURCE_DATE_EPOCH=1767571200"
#define REPRO_ARGS                                                                         \
    "run scenarios/commcare.yaml -n 400 --seed 3 -j 2 --drills "                           \
    "scenarios/drills/commcare-drills.yaml --as-of 2026-06-30 --no-decision-curve -q -o " OUT \
    "/repro"
#define REPRO_WANT                                                                         \
    "SOURCE_DATE_EPOCH=1767571200 drsim run scenarios/commcare.yaml -n 400 --seed 3 -j 2 " \
    "--drills scenarios/drills/commcare-drills.yaml --as-of 2026-06-30 --no-decision-curve"

Test(reproduce, one_command_in_every_output, .timeout = 180)
{
    char *out = NULL, *s = NULL;
    out_dir();
    int rc = fixture_drsim(REPRO_ENV, REPRO_ARGS, &out);
    cr_assert_eq(rc, 0, "exit %d\n%s", rc, out);
    /* the terminal */
    char *term = line_after(out, "reproduce: ");
    cr_assert_not_null(term, "no reproduce line:\n%s", out);
    cr_assert_str_eq(term, REPRO_WANT);
    free(out);
    /* summary.json and manifest.json */
    static const char *const json[] = {OUT "/repro/summary.json", OUT "/repro/manifest.json"};
    for (int i = 0; i < 2; i++) {
        struct jsonio_doc *doc = fixture_json(json[i]);
        const char *c = jsonio_get_string(jsonio_member(jsonio_root(doc), "command"));
        cr_assert_not_null(c, "%s: no command", json[i]);
        cr_assert_str_eq(c, term, "%s", json[i]);
        jsonio_free(doc);
    }
    /* the workbook's Summary sheet */
    rc = fixture_shell("/usr/bin/python3 -c 'import openpyxl, glob; "
                       "ws = openpyxl.load_workbook(glob.glob(\"" OUT "/repro/*.xlsx\")[0])"
                       "[\"Summary\"]; "
                       "print([ws.cell(r, 3).value for r in range(1, ws.max_row + 1) "
                       "if ws.cell(r, 1).value == \"Reproduce this file\"][0])' 2>/dev/null",
                       &s);
    cr_assert_eq(rc, 0, "%s", s);
    s[strcspn(s, "\n")] = '\0';
    cr_assert_str_eq(s, term, "workbook");
    free(s);
    /* the review pack's first page, wrapped: compared with white space collapsed */
    rc = fixture_shell("pdftotext -f 1 -l 1 " OUT "/repro/*-review-pack.pdf - 2>&1", &s);
    cr_assert_eq(rc, 0, "%s", s);
    char *from = strstr(s, "Reproduce with: ");
    cr_assert_not_null(from, "pack page 1:\n%s", s);
    squeeze(from);
    cr_assert(strncmp(from + strlen("Reproduce with: "), term, strlen(term)) == 0,
              "pack: %s\nwant: %s", from, term);
    free(s);
    free(term);
}

/* Running the command (into another directory) gives the same workbook and pack byte for
 * byte, and the same summary.json but for the elapsed time. A plan path a shell would
 * split is quoted so that the line runs as printed. */
Test(reproduce, the_command_reproduces_the_files, .timeout = 240)
{
    char *out = NULL, cmd[2048];
    out_dir();
    cr_assert_eq(fixture_shell("rm -rf \"" OUT "/it's a plan\"", NULL), 0);
    mkdir(OUT "/it's a plan", 0777);
    cr_assert_eq(fixture_shell("cp scenarios/single-db.yaml \"" OUT "/it's a plan/p q.yaml\"",
                               NULL),
                 0);
    int rc = fixture_drsim(NULL, "run \"" OUT "/it's a plan/p q.yaml\" -n 300 -j 1 -q -o " OUT
                                 "/repro-a", &out);
    cr_assert_eq(rc, 0, "%s", out);
    char *term = line_after(out, "reproduce: ");
    cr_assert_not_null(term, "%s", out);
    free(out);
    cr_assert(strstr(term, " '" OUT "/it'\\''s a plan/p q.yaml' ") != NULL, "%s", term);
    /* the printed line, run by the shell with the binary under test */
    const char *drsim = strstr(term, " drsim run ");
    cr_assert_not_null(drsim);
    snprintf(cmd, sizeof cmd, "%.*s %s%s -q -o " OUT "/repro-b 2>&1", (int)(drsim - term), term,
             fixture_bin(), drsim + strlen(" drsim"));
    rc = fixture_shell(cmd, &out);
    cr_assert_eq(rc, 0, "%s\n%s", cmd, out);
    free(out);
    rc = fixture_shell("cd " OUT " && for f in repro-a/*.xlsx repro-a/*.pdf; do "
                       "cmp \"$f\" \"repro-b/${f#repro-a/}\" || exit 1; done && "
                       "grep -v '\"elapsed_s\"' repro-a/summary.json > a.json && "
                       "grep -v '\"elapsed_s\"' repro-b/summary.json > b.json && "
                       "cmp a.json b.json 2>&1",
                       &out);
    cr_assert_eq(rc, 0, "%s", out);
    free(out);
    free(term);
}

/* sweep.json and sensitivity.json (one-at-a-time and Sobol) follow their own schemas
 * (docs/sweep.schema.json, docs/sensitivity.schema.json; picked by the file's name), and
 * a method no reader knows is refused. */
Test(schema, sweep_and_sensitivity_follow_theirs, .timeout = 240)
{
    static const char *const runs[][2] = {
        {"sweep tests/data/sweep-cadence.yaml --vary 'stores.*.backups.*.schedule=every 1h,"
         "every 6h' -n 200 --no-charts -q -o " OUT "/sweep",
         OUT "/sweep/sweep.json"},
        {"sensitivity scenarios/single-db.yaml -n 200 --no-charts -q -o " OUT "/oat",
         OUT "/oat/sensitivity.json"},
        {"sensitivity scenarios/single-db.yaml --method sobol --samples 16 -n 100 --no-charts "
         "-q -o " OUT "/sobol",
         OUT "/sobol/sensitivity.json"},
    };
    char *out = NULL;
    out_dir();
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        int rc = fixture_drsim(NULL, runs[i][0], &out);
        cr_assert_eq(rc, 0, "%s: exit %d\n%s", runs[i][0], rc, out);
        free(out);
        fixture_check_summary(runs[i][1]);
    }
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json; d = json.load(open(\"" OUT "/sobol/sensitivity.json"
             "\")); d[\"method\"] = \"morris\"; json.dump(d, open(\"" OUT
             "/bad/sensitivity.json\", \"w\"))' && " CHECK " " OUT "/bad/sensitivity.json 2>&1");
    mkdir(OUT "/bad", 0777);
    int rc = fixture_shell(cmd, &out);
    cr_assert_eq(rc, 1, "%s", out);
    cr_assert(strstr(out, "sensitivity.json") != NULL, "%s", out);
    free(out);
}
