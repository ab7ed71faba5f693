/* tests/test_trend.c: `drsim run --compare PREV` (issue 15, item 6; reports/trend.h).
 *
 * Known answers from two versions of one plan that differ in one input: a step of
 * uniform(0, 1h) work restores service against a 1 h RTO, so every trial meets it
 * (P = 1, verdict meets); version 2 makes it uniform(0, 2h), P = 1/2 (breach). The
 * comparison must list exactly that input with its two values, the verdict change
 * meets -> breach, a change of P(meet) equal to the two summaries' difference and beyond
 * noise, with the standard error the pooled formula gives from the two runs' counts; the
 * RPO (never missed) unchanged and within noise. Then the refusals (exit 2), and the same
 * figures read back from the workbook's Trend sheet (openpyxl) and the pack (pdftotext).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "models/jsonio.h"

#define PLAN_V(max)                                                                        \
    "plan:\n"                                                                              \
    "  name: trend-step\n"                                                                 \
    "calendar:\n"                                                                          \
    "  epoch: 2026-01-05\n"                                                                \
    "policy:\n"                                                                            \
    "  objectives:\n"                                                                      \
    "    outage: {rpo: 1d, rto: 1h}\n"                                                     \
    "scenarios:\n"                                                                         \
    "  outage:\n"                                                                          \
    "    destroys: zone\n"                                                                 \
    "    per_year: 1\n"                                                                    \
    "    duration: never\n"                                                                \
    "    on_outage_end: continue\n"                                                        \
    "    service_restored_by: fix\n"                                                       \
    "    runbook:\n"                                                                       \
    "      fix:\n"                                                                         \
    "        duration: {dist: uniform, min: 0s, max: " max "}\n"

#define TRIALS 4000

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

/* dir/v1.yaml and dir/v2.yaml, and v1 run into dir/o1. */
static void setup_versions(const char *dir)
{
    char path[128], cmd[512], *out = NULL;
    snprintf(path, sizeof path, "%s/v1.yaml", dir);
    write_file(path, PLAN_V("1h"));
    snprintf(path, sizeof path, "%s/v2.yaml", dir);
    write_file(path, PLAN_V("2h"));
    snprintf(cmd, sizeof cmd, "run %s/v1.yaml -q -n %d -o %s/o1", dir, TRIALS, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
}

/* Run version 2 against `prev` (with extra options); returns the exit status, the output
 * in *out. */
static int run_v2(const char *dir, const char *prev, const char *options, char **out)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "run %s/v2.yaml -q -n %d -o %s/o2 --compare %s %s", dir, TRIALS,
             dir, prev, options);
    return fixture_drsim(NULL, cmd, out);
}

static const char *str_at(const struct jsonio_value *v, const char *where)
{
    const char *s = jsonio_get_string(fixture_json_at(v, where));
    cr_assert_not_null(s, "%s is not a string", where);
    return s;
}

static int bool_at(const struct jsonio_value *v, const char *where)
{
    int b = -1;
    cr_assert_eq(jsonio_get_bool(fixture_json_at(v, where), &b), 0, "%s is not a bool", where);
    return b;
}

Test(trend, one_changed_input_known_answers, .timeout = 120)
{
    char dir[64], path[128], prev[128], *out = NULL;
    fixture_tmpdir(dir, "trend");
    setup_versions(dir);
    snprintf(prev, sizeof prev, "%s/o1", dir);
    cr_assert_eq(run_v2(dir, prev, "--no-charts --no-workbook", &out), 0, "%s", out);
    cr_assert(strstr(out, "since the last review"), "%s", out);
    cr_assert(strstr(out, "  inputs changed: 1\n"
                          "    scenarios.outage.runbook.fix.duration.max: 1h -> 2h\n"), "%s", out);
    cr_assert(strstr(out, "meets -> breach"), "%s", out);
    cr_assert(strstr(out, "meets (unchanged)"), "%s", out);
    cr_assert(strstr(out, "same seed and trial count"), "%s", out);
    free(out);

    snprintf(path, sizeof path, "%s/o1/summary.json", dir);
    struct jsonio_doc *d1 = fixture_json(path);
    snprintf(path, sizeof path, "%s/o2/summary.json", dir);
    struct jsonio_doc *d2 = fixture_json(path);
    const struct jsonio_value *r1 = jsonio_root(d1), *r2 = jsonio_root(d2);
    /* The inputs summary.json now carries, read back. */
    const struct jsonio_value *in1 = jsonio_member(r1, "inputs");
    cr_assert_str_eq(jsonio_get_string(jsonio_member(in1, "scenarios.outage.runbook.fix.duration.max")),
                     "1h");
    cr_assert_str_eq(jsonio_get_string(jsonio_member(in1, "plan.name")), "trend-step");

    const struct jsonio_value *c = jsonio_member(r2, "compare");
    cr_assert_not_null(c);
    cr_assert_eq(jsonio_length(jsonio_member(c, "inputs_changed")), 1);
    cr_assert_str_eq(str_at(c, "inputs_changed[0].path"), "scenarios.outage.runbook.fix.duration.max");
    cr_assert_str_eq(str_at(c, "inputs_changed[0].previous"), "1h");
    cr_assert_str_eq(str_at(c, "inputs_changed[0].current"), "2h");
    cr_assert(bool_at(c, "same_seed"));
    cr_assert(bool_at(c, "same_trials"));
    cr_assert_not(bool_at(c, "same_plan_file"));
    cr_assert_eq(fixture_json_num(c, "n_verdict_changes"), 1);
    cr_assert_eq(fixture_json_num(c, "n_beyond_noise"), 1);

    /* RTO: P = 1 before (every draw <= 1h), 1/2 now within 4 standard errors. */
    cr_assert_str_eq(str_at(c, "objectives[0].scenario"), "outage");
    cr_assert_str_eq(str_at(c, "objectives[0].objective"), "rto");
    cr_assert_str_eq(str_at(c, "objectives[0].previous.verdict"), "meets");
    cr_assert_str_eq(str_at(c, "objectives[0].current.verdict"), "breach");
    cr_assert(bool_at(c, "objectives[0].verdict_changed"));
    double p0 = fixture_json_num(c, "objectives[0].previous.p_met");
    double p1 = fixture_json_num(c, "objectives[0].current.p_met");
    cr_assert_eq(p0, 1.0);
    cr_assert_eq(p0, fixture_json_num(r1, "scenarios[0].rto_objective.p_met"));
    cr_assert_eq(p1, fixture_json_num(r2, "scenarios[0].rto_objective.p_met"));
    cr_assert_lt(fabs(p1 - 0.5), 4 * sqrt(0.25 / TRIALS), "P(meet) now %g", p1);
    cr_assert_eq(fixture_json_num(c, "objectives[0].change_p_met"), p1 - p0);
    /* The standard error from the counts, pooled. */
    double m0 = fixture_json_num(c, "objectives[0].previous.n_met");
    double n0 = fixture_json_num(c, "objectives[0].previous.n");
    double m1 = fixture_json_num(c, "objectives[0].current.n_met");
    double n1 = fixture_json_num(c, "objectives[0].current.n");
    cr_assert_eq(m0, TRIALS);
    cr_assert_eq(n1, TRIALS);
    double pp = (m0 + m1) / (n0 + n1), se = sqrt(pp * (1 - pp) * (1 / n0 + 1 / n1));
    cr_assert_float_eq(fixture_json_num(c, "objectives[0].se"), se, 1e-15);
    cr_assert(bool_at(c, "objectives[0].beyond_noise"));
    cr_assert_eq(fixture_json_num(c, "objectives[0].previous.value_at_confidence_s"),
                 fixture_json_num(r1, "scenarios[0].rto_objective.value_at_confidence_s"));
    /* RPO: never missed, unchanged. */
    cr_assert_str_eq(str_at(c, "objectives[1].objective"), "rpo");
    cr_assert_eq(fixture_json_num(c, "objectives[1].change_p_met"), 0.0);
    cr_assert_not(bool_at(c, "objectives[1].beyond_noise"));
    cr_assert_not(bool_at(c, "objectives[1].verdict_changed"));
    jsonio_free(d1);
    jsonio_free(d2);
    fixture_rm_rf(dir);
}

/* The same plan against itself, same seed: nothing changes; another seed and trial count
 * is compared and said. PREV as the summary.json itself. */
Test(trend, same_plan_and_other_seed, .timeout = 120)
{
    char dir[64], cmd[512], *out = NULL;
    fixture_tmpdir(dir, "trend-same");
    setup_versions(dir);
    snprintf(cmd, sizeof cmd, "run %s/v1.yaml -q -n %d -o %s/o3 --no-charts --no-workbook "
             "--compare %s/o1/summary.json", dir, TRIALS, dir, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "same seed and trial count; the same plan file"), "%s", out);
    cr_assert(strstr(out, "  inputs changed: 0\n"), "%s", out);
    cr_assert(strstr(out, "+0.0 pp, within noise"), "%s", out);
    cr_assert_null(strstr(out, "meets -> "), "%s", out);
    cr_assert_null(strstr(out, "breach -> "), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "run %s/v1.yaml -q -n 1000 --seed 7 -o %s/o4 --no-charts "
             "--no-workbook --compare %s/o1", dir, dir, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "4000 trials, seed 1; now: plan version (none)"), "%s", out);
    cr_assert(strstr(out, "1000 trials, seed 7; another seed and trial count"), "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* Each refusal: exit 2, a message naming PREV and why; nothing written. */
Test(trend, refusals, .timeout = 120)
{
    char dir[64], prev[192], cmd[1024], *out = NULL;
    fixture_tmpdir(dir, "trend-refuse");
    setup_versions(dir);
    static const struct {
        const char *file;       /* PREV's content written by the shell, or NULL: missing */
        const char *expect;
    } cases[] = {
        {NULL, "cannot read"},
        {"echo 'not json' >", "is not JSON, so not a drsim summary"},
        {"echo '{\"a\": 1}' >", "is not a drsim summary (it lacks \"drsim_version\")"},
        {"sed 's/ drsim run / drsim sensitivity /' O1 >",
         "is not the summary of a `drsim run`"},
        {"sed 's/\"name\": \"trend-step\"/\"name\": \"other\"/' O1 >",
         "is a review of plan 'other', not of 'trend-step'"},
        {"sed 's/\"drsim_version\": \"0.1.0\"/\"drsim_version\": \"0.2.0\"/' O1 >",
         "was written by drsim 0.2.0"},
        {"sed 's/\"drsim_version\": \"0.1.0\"/\"drsim_version\": \"9.1.0\"/' O1 >",
         "was written by drsim 9.1.0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(prev, sizeof prev, "%s/prev%zu.json", dir, i);
        if (cases[i].file) {
            char o1[128], script[512];
            snprintf(o1, sizeof o1, "%s/o1/summary.json", dir);
            snprintf(script, sizeof script, "%s", cases[i].file);
            char *at = strstr(script, "O1");
            if (at)
                snprintf(cmd, sizeof cmd, "%.*s%s%s %s", (int)(at - script), script, o1, at + 2,
                         prev);
            else
                snprintf(cmd, sizeof cmd, "%s %s", script, prev);
            cr_assert_eq(fixture_shell(cmd, NULL), 0, "%s", cmd);
        }
        snprintf(cmd, sizeof cmd, "%s/o2", dir);
        fixture_rm_rf(cmd);
        cr_assert_eq(run_v2(dir, prev, "--no-charts", &out), 2, "case %zu: %s", i, out);
        cr_assert(strstr(out, cases[i].expect), "case %zu: %s", i, out);
        cr_assert(strstr(out, prev), "case %zu names PREV: %s", i, out);
        free(out);
        snprintf(cmd, sizeof cmd, "test -e %s/o2/summary.json", dir);
        cr_assert_neq(fixture_shell(cmd, NULL), 0, "case %zu wrote outputs", i);
    }
    fixture_rm_rf(dir);
}

/* A summary written before drsim recorded inputs is compared, its input changes said to
 * be unknown. */
Test(trend, summary_without_inputs, .timeout = 120)
{
    char dir[64], cmd[512], prev[128], *out = NULL;
    fixture_tmpdir(dir, "trend-old");
    setup_versions(dir);
    snprintf(prev, sizeof prev, "%s/old.json", dir);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json,sys; d=json.load(open(\"%s/o1/summary.json\")); "
             "del d[\"inputs\"]; json.dump(d, open(\"%s\", \"w\"))'", dir, prev);
    cr_assert_eq(fixture_shell(cmd, NULL), 0);
    cr_assert_eq(run_v2(dir, prev, "--no-charts --no-workbook", &out), 0, "%s", out);
    cr_assert(strstr(out, "inputs changed: unknown (the previous summary does not list its "
                          "inputs)"), "%s", out);
    cr_assert(strstr(out, "meets -> breach"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s/o2/summary.json", dir);
    struct jsonio_doc *d = fixture_json(cmd);
    cr_assert_eq(jsonio_type(fixture_json_at(jsonio_root(d), "compare.inputs_changed")),
                 JSONIO_NULL);
    jsonio_free(d);
    fixture_rm_rf(dir);
}

/* The Trend sheet (openpyxl) and the pack page (pdftotext) say what summary.json says. */
Test(trend, sheet_and_pack_read_back, .timeout = 180)
{
    char dir[64], prev[128], cmd[4096], *out = NULL;
    fixture_tmpdir(dir, "trend-files");
    setup_versions(dir);
    snprintf(prev, sizeof prev, "%s/o1", dir);
    cr_assert_eq(run_v2(dir, prev, "", &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -W ignore -c 'import openpyxl, json\n"
             "wb = openpyxl.load_workbook(\"%s/o2/trend-step-dr-review.xlsx\")\n"
             "f = openpyxl.load_workbook(\"%s/o2/trend-step-dr-review.xlsx\", data_only=False)\n"
             "print(wb.sheetnames.index(\"Trend\") == wb.sheetnames.index(\"Compliance\") + 1)\n"
             "ws = wb[\"Trend\"]\n"
             "rows = [r for r in ws.iter_rows(values_only=True)]\n"
             "h = [r for r in rows if r[0] == \"Scenario\"][0]\n"
             "rto = [r for r in rows if r[0] == \"outage\" and r[1] == \"RTO\"][0]\n"
             "c = dict(zip(h, rto))\n"
             "d = json.load(open(\"%s/o2/summary.json\"))[\"compare\"][\"objectives\"][0]\n"
             "print(c[\"Trials meeting before\"] == d[\"previous\"][\"n_met\"],"
             " c[\"Trials meeting now\"] == d[\"current\"][\"n_met\"],"
             " c[\"Verdict before\"], c[\"Verdict now\"], c[\"Verdict before -> now\"],"
             " c[\"Change of P(meet)\"].startswith(\"=\"),"
             " c[\"Change beyond noise?\"].startswith(\"=IF(\"))\n"
             "ch = [r for r in rows if r[0] == \"scenarios.outage.runbook.fix.duration.max\"]\n"
             "print(len(ch), ch[0][1], ch[0][2])\n"
             "v = openpyxl.load_workbook(\"%s/o2/trend-step-dr-review.xlsx\", data_only=True)\n"
             "vr = [r for r in v[\"Trend\"].iter_rows(values_only=True) if r[0] == \"outage\"]\n"
             "import math\n"
             "for r in vr:\n"
             "    x = dict(zip(h, r))\n"
             "    m0, n0 = x[\"Trials meeting before\"], x[\"Trials before\"]\n"
             "    m1, n1 = x[\"Trials meeting now\"], x[\"Trials now\"]\n"
             "    p = (m0 + m1) / (n0 + n1)\n"
             "    se = math.sqrt(p * (1 - p) * (1 / n0 + 1 / n1))\n"
             "    d = m1 / n1 - m0 / n0\n"
             "    noise = \"beyond noise\" if se > 0 and abs(d) > 1.96 * se else \"within noise\"\n"
             "    print(r[1], abs(x[\"Standard error of the change\"] - se) < 1e-12,"
             " abs(x[\"Change of P(meet)\"] - d) < 1e-12, x[\"Change beyond noise?\"] == noise,"
             " x[\"P(meet) now\"] == m1 / n1)\n"
             "'",
             dir, dir, dir, dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_assert_str_eq(out, "True\nTrue True meets breach meets -> breach True True\n1 1h 2h\n"
                          "RTO True True True True\nRPO True True True True\n");
    free(out);
    snprintf(cmd, sizeof cmd, "%s/o2/trend-step-review-pack.pdf", dir);
    out = fixture_pdf_page(cmd, "Since the last review");
    cr_assert(strncmp(out, "Since the last review\n", 22) == 0, "page 2: %s", out);
    cr_assert(strstr(out, "1 of 2 verdicts changed"), "%s", out);
    cr_assert(strstr(out, "1 plan inputs changed"), "%s", out);
    cr_assert(strstr(out, "meets -> breach"), "%s", out);
    cr_assert(strstr(out, "beyond noise"), "%s", out);
    cr_assert(strstr(out, "100.0% (99.9-100.0%)"), "%s", out);
    char *line = strstr(out, "scenarios.outage.runbook.fix.duration.max");
    cr_assert_not_null(line, "%s", out);
    char *eol = strchr(line, '\n');
    cr_assert_not_null(eol);
    *eol = '\0';
    cr_assert(strstr(line, " 1h ") && strstr(line, " 2h"), "%s", line);
    free(out);
    fixture_rm_rf(dir);
}

/* The built-in plan with one edited value shared through a YAML alias: the cross-region
 * daily copy's retention (2d) is written once and used by eight stores, so the edit shows
 * under each of their paths, and nothing else changed. */
Test(trend, built_in_plan_alias_edit, .timeout = 180)
{
    char dir[64], cmd[1024], *out = NULL;
    fixture_tmpdir(dir, "trend-builtin");
    snprintf(cmd, sizeof cmd, "%s example | sed '0,/retention: 2d/s//retention: 9d/' > %s/cc.yaml",
             fixture_bin(), dir);
    cr_assert_eq(fixture_shell(cmd, NULL), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, "run -q -n 300 --no-decision-curve --no-charts --no-workbook -o %s/o1",
             dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "run %s/cc.yaml -q -n 300 --no-decision-curve --no-charts "
             "--no-workbook -o %s/o2 --compare %s/o1", dir, dir, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "  inputs changed: 8\n"), "%s", out);
    int n = 0;
    for (const char *s = out; (s = strstr(s, ".backups.daily-copy.retention: 2d -> 9d\n")); s++)
        n++;
    cr_assert_eq(n, 8, "%s", out);
    cr_assert(strstr(out, "    stores.pgmain1.backups.daily-copy.retention: 2d -> 9d\n"), "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* More objectives than the pack's page holds: the rows that do not fit are counted, and
 * the shown and the counted make all twenty of ten scenarios. */
Test(trend, pack_page_overflow_is_counted, .timeout = 180)
{
    char dir[64], path[128], cmd[1024], *out = NULL;
    fixture_tmpdir(dir, "trend-many");
    snprintf(path, sizeof path, "%s/m.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("plan:\n  name: many\ncalendar:\n  epoch: 2026-01-05\npolicy:\n  objectives:\n", f);
    for (int s = 0; s < 10; s++)
        fprintf(f, "    s%d: {rpo: 1d, rto: 1h}\n", s);
    fputs("scenarios:\n", f);
    for (int s = 0; s < 10; s++)
        fprintf(f, "  s%d:\n    destroys: zone\n    per_year: 1\n    duration: never\n"
                   "    on_outage_end: continue\n    service_restored_by: fix\n    runbook:\n"
                   "      fix:\n        duration: {dist: uniform, min: 0s, max: 2h}\n", s);
    fclose(f);
    snprintf(cmd, sizeof cmd, "run %s -q -n 200 --no-workbook -o %s/o1", path, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "run %s -q -n 200 --no-workbook -o %s/o2 --compare %s/o1", path,
             dir, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s/o2/many-review-pack.pdf - | awk 'BEGIN "
             "{ RS = \"\\f\" } /^Since the last review/ { printf \"%%s\", $0; exit }' "
             ">%s/trend.txt; grep -Ec '^s[0-9] +R[TP]O ' %s/trend.txt; sed -n \"s/.*\\.\\.\\. "
             "and \\([0-9]*\\) more: the workbook's Trend sheet.*/\\1/p\" %s/trend.txt",
             dir, dir, dir, dir);
    fixture_shell(cmd, &out);
    int shown = -1, more = -1;
    cr_assert_eq(sscanf(out, "%d %d", &shown, &more), 2, "%s", out);
    cr_assert_gt(shown, 4, "%s", out);
    cr_assert_gt(more, 1, "%s", out);
    cr_assert_eq(shown + more, 20, "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* Infinite durations survive the round trip: the built-in plan's region RPO at the
 * required confidence is infinite (half the region outages leave no usable recovery
 * point), and a previous summary writes it, and compare writes it back, as "infinity"
 * (jsonio_measure), never null; a previous target written as "infinity" is read as one
 * (jsonio_get_measure), not as a missing number, so the change of target is said. */
Test(trend, infinite_values_compare, .timeout = 180)
{
    char dir[64], cmd[1024], path[128], *out = NULL;
    fixture_tmpdir(dir, "trend-inf");
    snprintf(cmd, sizeof cmd, "run -q -n 300 --no-decision-curve --no-charts --no-workbook "
             "-o %s/o1", dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    /* A copy whose zone RTO target is infinite (hand-edited: no run writes one). */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json; d = json.load(open(\"%s/o1/summary.json\")); "
             "z = [s for s in d[\"scenarios\"] if s[\"name\"] == \"zone\"][0]; "
             "z[\"rto_objective\"][\"target_s\"] = \"infinity\"; "
             "json.dump(d, open(\"%s/prev.json\", \"w\"))'", dir, dir);
    cr_assert_eq(fixture_shell(cmd, NULL), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, "run -q -n 300 --no-decision-curve --no-charts --no-workbook "
             "-o %s/o2 --compare %s/prev.json", dir, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "since the last review"), "%s", out);
    free(out);

    snprintf(path, sizeof path, "%s/o1/summary.json", dir);
    struct jsonio_doc *d1 = fixture_json(path);
    snprintf(path, sizeof path, "%s/o2/summary.json", dir);
    struct jsonio_doc *d2 = fixture_json(path);
    const struct jsonio_value *c = jsonio_member(jsonio_root(d2), "compare");
    cr_assert_not_null(c);
    int zone_rto = -1, region_rpo = -1;
    for (size_t i = 0; i < jsonio_length(jsonio_member(c, "objectives")); i++) {
        char at[64];
        snprintf(at, sizeof at, "objectives[%zu].scenario", i);
        const char *sc = str_at(c, at);
        snprintf(at, sizeof at, "objectives[%zu].objective", i);
        const char *ob = str_at(c, at);
        if (strcmp(sc, "zone") == 0 && strcmp(ob, "rto") == 0)
            zone_rto = (int)i;
        if (strcmp(sc, "region") == 0 && strcmp(ob, "rpo") == 0)
            region_rpo = (int)i;
    }
    cr_assert_geq(zone_rto, 0);
    cr_assert_geq(region_rpo, 0);
    char at[96];
    /* The region RPO: infinite in the previous summary, before and now in compare. */
    cr_assert_str_eq(jsonio_get_string(fixture_json_at(jsonio_root(d1),
                                                       "scenarios[1].rpo_objective."
                                                       "value_at_confidence_s")), "infinity");
    const char *side[] = {"previous", "current"};
    for (int k = 0; k < 2; k++) {
        snprintf(at, sizeof at, "objectives[%d].%s.value_at_confidence_s", region_rpo, side[k]);
        cr_assert_str_eq(str_at(c, at), "infinity", "%s", at);
        snprintf(at, sizeof at, "objectives[%d].%s.value_at_confidence_infinite", region_rpo,
                 side[k]);
        cr_assert(bool_at(c, at), "%s", at);
    }
    snprintf(at, sizeof at, "objectives[%d].verdict_changed", region_rpo);
    cr_assert_not(bool_at(c, at));
    snprintf(at, sizeof at, "objectives[%d].target_changed", region_rpo);
    cr_assert_not(bool_at(c, at));
    snprintf(at, sizeof at, "objectives[%d].change_p_met", region_rpo);
    cr_assert_eq(fixture_json_num(c, at), 0.0);
    /* The zone RTO: the previous target read as infinite, the current one 3h. */
    snprintf(at, sizeof at, "objectives[%d].previous.target_s", zone_rto);
    cr_assert_str_eq(str_at(c, at), "infinity");
    snprintf(at, sizeof at, "objectives[%d].current.target_s", zone_rto);
    cr_assert_eq(fixture_json_num(c, at), 10800.0);
    snprintf(at, sizeof at, "objectives[%d].target_changed", zone_rto);
    cr_assert(bool_at(c, at));
    jsonio_free(d1);
    jsonio_free(d2);
    fixture_rm_rf(dir);
}
