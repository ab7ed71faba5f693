/* tests/test_drill_cli.c: `drsim run --drills` and `drsim calibrate` as a user runs them:
 * exit codes, the evidence in the terminal and in summary.json, the as-of date, and the
 * calibrated copy of a plan (written atomically, passes check, leaves the plan alone).
 *
 * The binary under test is $DRSIM_BIN (default ./drsim); tests run from the repository's
 * top directory.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/units.h"
#include "tests/fixture.h"

#define DRILLS "scenarios/drills/commcare-drills.yaml"
#define QUICK "-n 2000 -q --no-charts --no-workbook"

Test(cli_drills, run_reports_cadence_and_percentiles, .timeout = 120)
{
    char dir[64], args[512], path[128], *out, *json;
    fixture_tmpdir(dir, "drills");
    snprintf(args, sizeof args, "run " QUICK " --drills " DRILLS " --as-of 2026-11-23 -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_assert(strstr(out, "Drill evidence: " DRILLS " (15 exercises), as of 2026-11-23"), "%s", out);
    cr_assert(strstr(out, "late 2026-04-08 +8d"), "%s", out);
    cr_assert(strstr(out, "OVERDUE due 2026-09-30"), "%s", out);
    cr_assert(strstr(out, "overdue: completeness-test in us-east-2 for 2026-Q3, due 2026-09-30 "
                          "(54 days ago)"), "%s", out);
    cr_assert(strstr(out, "missing: no full-restore on record in us-east-1"), "%s", out);
    cr_assert(strstr(out, "6 on time, 1 late, 1 overdue, 2 due"), "%s", out);
    cr_assert(strstr(out, "above the model's P95: optimistic"), "%s", out);
    cr_assert(strstr(out, "PAST DUE"), "%s", out);
    snprintf(path, sizeof path, "%s/summary.json", dir);
    json = fixture_slurp(path, NULL);
    cr_assert_not_null(json);
    cr_assert(strstr(json, "\n  \"drills\": {\n    \"file\": \"" DRILLS "\""), "%s", json);
    cr_assert(strstr(json, "\"as_of\": \"2026-11-23\""));
    cr_assert(strstr(json, "\"overdue\": 1,"));
    cr_assert(strstr(json, "\"status\": \"overdue\""));
    cr_assert(strstr(json, "\"flag\": \"optimistic\""));
    cr_assert(strstr(json, "\"kind\": \"rto\""));
    free(json);
    free(out);
    fixture_rm_rf(dir);
}

Test(cli_drills, as_of_defaults_to_source_date_epoch, .timeout = 120)
{
    char dir[64], args[512], env[64], *out;
    long long s = (long long)units_days_from_civil(2027, 2, 1) * 86400 + 3600;
    fixture_tmpdir(dir, "drills");
    snprintf(env, sizeof env, "SOURCE_DATE_EPOCH=%lld", s);
    snprintf(args, sizeof args, "run " QUICK " --drills " DRILLS " -o %s", dir);
    cr_assert_eq(fixture_drsim(env, args, &out), 0, "%s", out);
    cr_assert(strstr(out, "as of 2027-02-01"), "%s", out);
    /* 2026-Q4 has ended in us-east-2 without a test, and so has the year in us-east-1. */
    cr_assert(strstr(out, "overdue: full-restore in us-east-1 for 2026, due 2026-12-31"), "%s",
              out);
    free(out);
    fixture_rm_rf(dir);
}

Test(cli_drills, bad_input)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL,
                               "run " QUICK " --drills tests/bad-drills/unknown-step.yaml -o /tmp",
                               &out),
                 2);
    cr_assert(strstr(out, "tests/bad-drills/unknown-step.yaml:9:7: error: unknown step 'deplyo' "
                          "in scenario 'region' (did you mean 'deploy'?)"), "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "run " QUICK " --drills no-such-file.yaml", &out), 3);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "run " QUICK " --drills " DRILLS " --as-of 2026-02-30", &out),
                 2);
    cr_assert(strstr(out, "--as-of takes a date such as 2026-11-23 (got \"2026-02-30\")"), "%s",
              out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "calibrate", &out), 2);
    cr_assert(strstr(out, "calibrate needs the drill log"), "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "calibrate --drills " DRILLS " --min-points 1", &out), 2);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "calibrate scenarios/commcare.yaml --drills " DRILLS
                                     " -o scenarios/commcare.yaml", &out), 2);
    cr_assert(strstr(out, "would overwrite the plan itself"), "%s", out);
    free(out);
    cr_assert_eq(
        fixture_drsim(NULL, "calibrate --drills " DRILLS " -o /nonexistent-dir/x.yaml", &out), 3);
    free(out);
}

Test(cli_drills, calibrate_writes_a_checked_copy, .timeout = 60)
{
    char dir[64], args[512], path[128], *out, *before, *after, *copy;
    fixture_tmpdir(dir, "drills");
    snprintf(path, sizeof path, "%s/calibrated.yaml", dir);
    before = fixture_slurp("scenarios/commcare.yaml", NULL);
    snprintf(args, sizeof args, "calibrate scenarios/commcare.yaml --drills " DRILLS " -o %s", path);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_assert(strstr(out, "zone / scale-up: 5 observations: 55m, 1h20m, 1h05m, 48m, 1h02m"), "%s",
              out);
    cr_assert(strstr(out, "<- lowest AIC"), "%s", out);
    cr_assert(strstr(out, "region / deploy: 2 observations"), "%s", out);
    cr_assert(strstr(out, "Restores measured per store"), "%s", out);
    cr_assert(strstr(out, "wrote "), "%s", out);
    free(out);
    after = fixture_slurp("scenarios/commcare.yaml", NULL);
    cr_assert_str_eq(before, after, "the plan itself changed");
    copy = fixture_slurp(path, NULL);
    cr_assert_not_null(copy);
    cr_assert(strncmp(copy, "# Calibrated by drsim calibrate", 31) == 0);
    /* Comments survive; the zone scale-up step now has a fitted lognormal. */
    cr_assert(strstr(copy, "# ASSUMPTION: AZ-level incidents about once in two years"));
    cr_assert(strstr(copy, "duration: {dist: lognormal, median: 1h01m06s, p90: 1h16m03s}"), "%s",
              copy);
    cr_assert(strstr(copy, "duration: {dist: empirical, values: [4h05m, 5h10m]}"), "%s", copy);
    snprintf(args, sizeof args, "check %s", path);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    /* No temporary file is left next to it. */
    {
        char cmd[600], buf[32] = "";
        FILE *f;
        snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
        f = popen(cmd, "r");
        cr_assert_not_null(f);
        cr_assert_not_null(fgets(buf, sizeof buf, f));
        pclose(f);
        cr_assert_eq(atoi(buf), 1);
    }
    free(before);
    free(after);
    free(copy);
    fixture_rm_rf(dir);
}

/* The workbook's Evidence and Test cadence sheets, read back with openpyxl against the
 * summary.json of the same run (tests/check_evidence.py). */
Test(cli_drills, workbook_evidence_sheets, .timeout = 180)
{
    char dir[64], args[512], cmd[1024], *out;
    int st;
    fixture_tmpdir(dir, "drills");
    snprintf(args, sizeof args, "run -n 2000 -q --no-charts --drills " DRILLS
             " --as-of 2026-11-23 -o %s", dir);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/check_evidence.py "
             "%s/commcare-production-dr-review.xlsx %s/summary.json 2>&1", dir, dir);
    {
        FILE *f = popen(cmd, "r");
        char buf[8192];
        size_t n;
        cr_assert_not_null(f);
        n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        st = pclose(f);
        cr_assert_eq(WIFEXITED(st) ? WEXITSTATUS(st) : 128, 0, "check_evidence.py:\n%s", buf);
    }
    fixture_rm_rf(dir);
}
