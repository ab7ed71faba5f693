/* tests/test_assume_rank.c: the ASSUMPTIONs that most move a verdict (`drsim run
 * --sensitivity FILE`; issue 15, item 3; reports/assume_rank.h).
 *
 * A plan where one ASSUMPTION clearly dominates: service is restored by `page` (an
 * ASSUMPTION, uniform(0, 2m)) then `fix` (an ASSUMPTION, uniform(0, 2h)) against a 1 h RTO;
 * `check` (a fact: its comment is its source) runs beside `fix` and cannot move the RTO.
 * The sensitivity analysis moves each median to its own P10 and P90 (scale 0.2 and 1.8):
 * fix low is uniform(0, 24m), so page + fix <= 26m and every trial meets (P = 1, meets)
 * where the plan as written breaches (P = 59/120, about 0.49); fix high is
 * uniform(0, 3h36m): P = 59/216 (page's mean 1 m taken off the hour). So fix ranks first,
 * an ASSUMPTION moving one verdict; page second, moving none; check, a fact, not at all.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "models/jsonio.h"

#define PLAN(fix_max)                                                                      \
    "plan:\n"                                                                              \
    "  name: assume-step\n"                                                                \
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
    "      page:\n"                                                                        \
    "        # ASSUMPTION: nobody has timed the page\n"                                    \
    "        duration: {dist: uniform, min: 0s, max: 2m}\n"                                \
    "      fix:\n"                                                                         \
    "        # ASSUMPTION: a guess, never drilled\n"                                       \
    "        duration: {dist: uniform, min: 0s, max: " fix_max "}\n"                       \
    "        after: [page]\n"                                                              \
    "      check:\n"                                                                       \
    "        # measured in the 2026 drill\n"                                               \
    "        duration: {dist: uniform, min: 0s, max: 10m}\n"                               \
    "        after: [page]\n"

#define TRIALS 4000

/* dir/a.yaml analysed into dir/s. */
static void setup(const char *dir)
{
    char path[128], cmd[512], *out = NULL;
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(PLAN("2h"), f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "sensitivity %s -q -n %d -o %s/s --no-charts", path, TRIALS, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
}

static const char *str_at(const struct jsonio_value *v, const char *where)
{
    const char *s = jsonio_get_string(fixture_json_at(v, where));
    cr_assert_not_null(s, "%s is not a string", where);
    return s;
}

Test(assume_rank, one_assumption_dominates, .timeout = 180)
{
    char dir[64], cmd[512], path[128], *out = NULL;
    fixture_tmpdir(dir, "assume");
    setup(dir);
    snprintf(cmd, sizeof cmd, "run %s/a.yaml -q -n %d -o %s/o --sensitivity %s/s", dir, TRIALS,
             dir, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "assumptions that most move a verdict\n"), "%s", out);
    cr_assert(strstr(out, "2 of 3 inputs varied are ASSUMPTION or UNKNOWN"), "%s", out);
    cr_assert(strstr(out, "   1  scenarios.outage.runbook.fix.duration [ASSUMPTION]  median 12m "
                          ".. 1h48m (as written 1h); moves 1 verdict\n"
                          "        outage RTO: 100.0% meets .. "), "%s", out);
    cr_assert(strstr(out, "   2  scenarios.outage.runbook.page.duration [ASSUMPTION]"), "%s", out);
    cr_assert_null(strstr(out, "check.duration"), "a fact is listed: %s", out);
    free(out);

    snprintf(path, sizeof path, "%s/o/summary.json", dir);
    struct jsonio_doc *d = fixture_json(path);
    snprintf(path, sizeof path, "%s/s/sensitivity.json", dir);
    struct jsonio_doc *ds = fixture_json(path);
    const struct jsonio_value *a =
        fixture_json_at(jsonio_root(d), "assumptions_that_move_verdicts");
    cr_assert_not_null(a);
    cr_assert_eq(fixture_json_num(a, "n_inputs_varied"), 3);
    cr_assert_eq(fixture_json_num(a, "n_assumption_or_unknown"), 2);
    cr_assert_eq(jsonio_length(jsonio_member(a, "ranked")), 2);
    cr_assert_str_eq(str_at(a, "ranked[0].path"), "scenarios.outage.runbook.fix.duration");
    cr_assert_str_eq(str_at(a, "ranked[0].provenance"), "ASSUMPTION");
    cr_assert_eq(fixture_json_num(a, "ranked[0].n_verdicts_moved"), 1);
    cr_assert_eq(fixture_json_num(a, "ranked[0].sensitivity_rank"), 1);
    cr_assert_str_eq(str_at(a, "ranked[0].moves[0].objective"), "rto");
    cr_assert_eq(fixture_json_num(a, "ranked[0].moves[0].p_met_low"), 1.0);
    cr_assert_str_eq(str_at(a, "ranked[0].moves[0].verdict_low"), "meets");
    cr_assert_str_eq(str_at(a, "ranked[0].moves[0].verdict_as_written"), "breach");
    cr_assert_str_eq(str_at(a, "ranked[0].moves[0].verdict_high"), "breach");
    double se = sqrt(0.25 / TRIALS);
    double base = fixture_json_num(a, "ranked[0].moves[0].p_met_as_written");
    cr_assert_eq(base, fixture_json_num(jsonio_root(ds), "plan_as_written[0].rto_objective.p_met"));
    cr_assert_lt(fabs(base - 59.0 / 120.0), 4 * se, "as written %g", base);
    double hi = fixture_json_num(a, "ranked[0].moves[0].p_met_high");
    cr_assert_lt(fabs(hi - 59.0 / 216.0), 4 * se, "high %g", hi);
    cr_assert_float_eq(fixture_json_num(a, "ranked[0].swing_p_met"), 1.0 - hi, 1e-15);
    cr_assert_str_eq(str_at(a, "ranked[1].path"), "scenarios.outage.runbook.page.duration");
    cr_assert_eq(fixture_json_num(a, "ranked[1].n_verdicts_moved"), 0);
    jsonio_free(d);
    jsonio_free(ds);

    /* The workbook's sheet, before Assumptions, says the same (openpyxl). */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -W ignore -c 'import openpyxl\n"
             "wb = openpyxl.load_workbook(\"%s/o/assume-step-dr-review.xlsx\")\n"
             "n = wb.sheetnames\n"
             "print(n.index(\"Assumptions ranked\") + 1 == n.index(\"Assumptions\"))\n"
             "rows = [r for r in wb[\"Assumptions ranked\"].iter_rows(values_only=True)"
             " if isinstance(r[0], int)]\n"
             "for r in rows: print(r[0], r[1], r[2], r[7], r[9], r[10], r[14], r[15], r[16])\n"
             "print(rows[0][11] == 1, abs(rows[0][13] - %.17g) < 1e-12)\n'",
             dir, hi);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_assert_str_eq(out, "True\n"
                          "1 scenarios.outage.runbook.fix.duration ASSUMPTION 1 outage RTO meets "
                          "breach breach\n"
                          "2 scenarios.outage.runbook.page.duration ASSUMPTION 0 outage RTO "
                          "breach breach breach\n"
                          "True True\n");
    free(out);

    /* The pack's page, after the cover and the decisions for the board. */
    snprintf(cmd, sizeof cmd, "%s/o/assume-step-review-pack.pdf", dir);
    out = fixture_pdf_page(cmd, "The assumptions that most move");
    cr_assert(strncmp(out, "The assumptions that most move a verdict\n", 41) == 0, "%s", out);
    cr_assert(strstr(out, "1 of them moves a verdict"), "%s", out);
    cr_assert(strstr(out, "1. scenarios.outage.runbook.fix.duration [ASSUMPTION]"), "%s", out);
    cr_assert(strstr(out, "outage RTO: 100.0% meets .. "), "%s", out);
    cr_assert(strstr(out, "2. scenarios.outage.runbook.page.duration"), "%s", out);
    cr_assert_null(strstr(out, "check.duration"), "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* Refused, exit 2: a missing file, another command's JSON, another plan file. */
Test(assume_rank, refusals, .timeout = 120)
{
    char dir[64], cmd[1024], *out = NULL;
    fixture_tmpdir(dir, "assume-refuse");
    setup(dir);
    snprintf(cmd, sizeof cmd, "%s/b.yaml", dir);
    FILE *f = fopen(cmd, "w");
    cr_assert_not_null(f);
    fputs(PLAN("3h"), f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "run %s/a.yaml -q -n 100 -o %s/o1 --no-charts --no-workbook", dir,
             dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    static const struct {
        const char *plan, *file, *expect;
    } cases[] = {
        {"a", "nothere", "cannot read"},
        {"a", "o1/summary.json", "is not the output of `drsim sensitivity`"},
        {"b", "s", "analysed another plan file"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(cmd, sizeof cmd, "run %s/%s.yaml -q -n 100 -o %s/o2 --sensitivity %s/%s", dir,
                 cases[i].plan, dir, dir, cases[i].file);
        cr_assert_eq(fixture_drsim(NULL, cmd, &out), 2, "case %zu: %s", i, out);
        cr_assert(strstr(out, cases[i].expect), "case %zu: %s", i, out);
        free(out);
    }
    snprintf(cmd, sizeof cmd, "test -e %s/o2", dir);
    cr_assert_neq(fixture_shell(cmd, NULL), 0, "a refused run wrote outputs");
    fixture_rm_rf(dir);
}
