/* tests/test_pages.c: the page export (models/pages.h) and `drsim calibrate --pages`.
 *
 * Known answers: ISO 8601 instants with their offsets, and the period a page falls in by
 * its role's calendar (UTC-5 business hours with a holiday, a role in another zone, a
 * page before the plan's epoch). Statistics: response times drawn from a known lognormal
 * with a fixed seed come back within four standard errors of mu and sigma. The
 * calibrated copy replaces just the fitted response values and loads; a period the plan
 * does not write is fitted but not written back. The bad-pages corpus,
 * tests/bad-pages/NAME.csv, must give exactly NAME.expected (read against the built-in
 * plan). The CLI runs $DRSIM_BIN (default ./drsim) from the repository's top directory.
 */
#include <criterion/criterion.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/calibrate.h"
#include "models/pages.h"
#include "models/units.h"
#include "tests/fixture.h"

#define BAD_DIR "tests/bad-pages"
#define MIN_BAD_PAGES 12
#define EXAMPLE "scenarios/pages/commcare-pages.csv"

/* Seconds since 1970 of a UTC civil time. */
static double utc(int y, int mo, int d, int h, int mi, int s)
{
    return (double)units_days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

/* Read inline CSV against p; fail the test with the diagnostics if it does not read. */
static struct pages_log *must_read(const char *text, const struct plan *p)
{
    struct diag_list d;
    struct pages_log *log = NULL;
    enum csv_status st = pages_read_text("inline.csv", text, strlen(text), p, NULL, &d, &log);
    if (st != CSV_OK) {
        char *s = diag_to_string(&d);
        cr_assert_fail("did not read:\n%s", s);
    }
    diag_fini(&d);
    return log;
}

/* ---- times ---------------------------------------------------------------------------- */

Test(pages, iso8601_instants)
{
    double t, want = utc(2026, 3, 9, 13, 5, 0);
    const char *why;
    static const char *const same[] = {"2026-03-09T13:05:00Z", "2026-03-09T08:05:00-05:00",
                                       "2026-03-09 08:05-0500", "2026-03-09t13:05z",
                                       "2026-03-09T14:05:00+01", "2026-03-09T18:35:00+05:30"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        cr_assert_eq(pages_parse_time(same[i], &t, &why), 0, "%s: %s", same[i], why);
        cr_expect_eq(t, want, "%s: %.17g", same[i], t);
    }
    cr_assert_eq(pages_parse_time("2026-03-09T13:05:00.25Z", &t, &why), 0);
    cr_assert_eq(t, want + 0.25);
    cr_assert_eq(pages_parse_time("2024-02-29T00:00:00Z", &t, &why), 0);
    cr_assert_eq(pages_parse_time("1969-12-31T23:59:59Z", &t, &why), 0);
    cr_assert_eq(t, -1.0);

    cr_assert_neq(pages_parse_time("2026-03-09T08:05:00", &t, &why), 0);
    cr_assert_str_eq(why, "has no UTC offset, so the instant is ambiguous: add Z or the offset, "
                          "such as -05:00");
    cr_assert_neq(pages_parse_time("2025-02-29T00:00:00Z", &t, &why), 0);
    cr_assert_str_eq(why, "names no such date");
    cr_assert_neq(pages_parse_time("2026-03-09T13:05:60Z", &t, &why), 0);
    cr_assert_neq(pages_parse_time("2026-03-09T13:05:00+14:30", &t, &why), 0);
    cr_assert_str_eq(why, "has a UTC offset beyond 14 hours");
    cr_assert_neq(pages_parse_time("2026-03-09T13:05:00 UTC", &t, &why), 0);
    cr_assert_neq(pages_parse_time("2026-03-09T13:05:00Zx", &t, &why), 0);
    cr_assert_neq(pages_parse_time("2026-03-09T13:05:00.Z", &t, &why), 0);
    /* A colon in the offset must be followed by its minutes. */
    cr_assert_neq(pages_parse_time("2026-03-09T13:05:00+05:", &t, &why), 0);
    cr_assert_neq(pages_parse_time("2026-03-09T13:05:00+05:3", &t, &why), 0);
    cr_assert_eq(pages_parse_time("2026-03-09T13:05:00+0530", &t, &why), 0);
    cr_assert_neq(pages_parse_time("", &t, &why), 0);
}

/* ---- periods ----------------------------------------------------------------------------- */

/* The built-in plan's staffing: America/New_York (UTC-5, UTC-4 from 8 March to 1 November
 * 2026), Mon-Fri 09:00-17:00, holidays including 2026-05-25 (Memorial Day, a Monday). */
Test(pages, period_of_a_page_by_the_role_calendar)
{
    struct plan *p = fixture_plan_file(NULL);
    static const struct {
        const char *when;
        enum sched_period want;
    } cases[] = {
        {"2026-03-02T14:00:00Z", SCHED_BUSINESS},      /* Monday 09:00 EST */
        {"2026-03-02T13:59:59Z", SCHED_NIGHT},         /* Monday 08:59:59 */
        {"2026-03-02T21:59:59Z", SCHED_BUSINESS},      /* Monday 16:59:59 */
        {"2026-03-02T22:00:00Z", SCHED_NIGHT},         /* Monday 17:00: the end is exclusive */
        {"2026-03-02T04:59:59Z", SCHED_WEEKEND},       /* Sunday 23:59:59 local */
        {"2026-03-02T05:00:00Z", SCHED_NIGHT},         /* Monday 00:00 local */
        {"2026-03-09T13:00:00Z", SCHED_BUSINESS},      /* Monday 09:00 EDT, a day after the change */
        {"2026-03-09T12:59:59Z", SCHED_NIGHT},         /* Monday 08:59:59 EDT */
        {"2026-03-09T20:59:59Z", SCHED_BUSINESS},      /* Monday 16:59:59 EDT */
        {"2026-03-09T21:00:00Z", SCHED_NIGHT},         /* Monday 17:00 EDT */
        {"2026-03-09T03:59:59Z", SCHED_WEEKEND},       /* Sunday 23:59:59 EDT */
        {"2026-03-14T15:00:00Z", SCHED_WEEKEND},       /* Saturday */
        {"2026-05-25T15:00:00Z", SCHED_WEEKEND},       /* a holiday */
        {"2026-05-26T10:00:00-05:00", SCHED_BUSINESS}, /* the day after */
        {"2025-12-01T15:00:00Z", SCHED_BUSINESS},      /* before the epoch: Monday 10:00 */
        {"2026-03-09T10:00:00-04:00", SCHED_BUSINESS}, /* 14:00Z written in another offset */
    };
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "role,triggered,acknowledged\n");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "devops,%s,\n", cases[i].when);
    struct pages_log *log = must_read(text, p);
    cr_assert_eq(log->n_pages, (int)(sizeof cases / sizeof *cases));
    cr_assert_eq(log->n_unacknowledged, log->n_pages);
    for (int i = 0; i < log->n_pages; i++) {
        cr_expect_eq(log->pages[i].period, cases[i].want, "%s: %s, want %s", cases[i].when,
                     sched_period_name(log->pages[i].period), sched_period_name(cases[i].want));
        cr_expect_eq(log->pages[i].line, i + 2);
        cr_expect_eq(log->pages[i].col, 1);
    }
    pages_log_free(log);
    plan_free(p);
}

#define TWO_ZONES                                                             \
    "plan: {name: two-zones}\n"                                               \
    "calendar: {epoch: 2026-01-05}\n"                                         \
    "staffing:\n"                                                             \
    "  timezone: UTC-5\n"                                                     \
    "  roles:\n"                                                              \
    "    us: {count: 1, response: {business: 10m}}\n"                         \
    "    eu:\n"                                                               \
    "      count: 1\n"                                                        \
    "      timezone: UTC+1\n"                                                 \
    "      response: {business: 10m, night: 30m}\n"                           \
    "scenarios:\n"                                                            \
    "  s:\n"                                                                  \
    "    destroys: zone\n"                                                    \
    "    per_year: 1\n"                                                       \
    "    duration: 1h\n"                                                      \
    "    service_restored_by: a\n"                                            \
    "    runbook:\n"                                                          \
    "      a: {duration: 1h, needs: [us, eu]}\n"

/* Each role's own calendar decides: 08:30Z on a Monday is 09:30 in UTC+1 and 03:30 in
 * UTC-5. */
Test(pages, each_role_by_its_own_calendar)
{
    struct plan *p = fixture_plan_text("%s", TWO_ZONES);
    struct pages_log *log = must_read("role,triggered,acknowledged\n"
                                      "eu,2026-03-09T08:30:00Z,2026-03-09T08:40:00Z\n"
                                      "us,2026-03-09T08:30:00Z,2026-03-09T08:40:00Z\n",
                                      p);
    cr_assert_eq(log->pages[0].period, SCHED_BUSINESS);
    cr_assert_eq(log->pages[1].period, SCHED_NIGHT);
    cr_assert_eq(log->pages[0].response_s, 600.0);
    pages_log_free(log);
    plan_free(p);
}

/* A period the plan does not write (us has only `business`) is fitted and shown but not
 * written back; eu's night, which the plan writes, is. */
Test(pages, a_period_the_plan_does_not_write_is_not_written_back)
{
    struct plan *p = fixture_plan_text("%s", TWO_ZONES);
    struct pages_log *log = must_read("role,triggered,acknowledged\n"
                                      "us,2026-03-09T08:30:00Z,2026-03-09T08:40:00Z\n"
                                      "us,2026-03-10T08:30:00Z,2026-03-10T08:50:00Z\n"
                                      "eu,2026-03-09T23:30:00Z,2026-03-09T23:45:00Z\n"
                                      "eu,2026-03-10T23:30:00Z,2026-03-10T23:55:00Z\n",
                                      p);
    struct calibrate_results r;
    cr_assert_eq(calibrate_run(p, NULL, 5, &r), 0);
    cr_assert_eq(calibrate_add_pages(&r, log), 0);
    cr_assert_eq(r.n_steps, 0);
    cr_assert_eq(r.n_responses, 2);
    cr_assert_eq(r.responses[0].role, plan_find_role(p, "us"));
    cr_assert_eq(r.responses[0].period, SCHED_NIGHT);
    cr_assert_eq(r.responses[0].outcome, CALIBRATE_NOT_WRITTEN);
    cr_assert_eq(r.responses[1].role, plan_find_role(p, "eu"));
    cr_assert_eq(r.responses[1].outcome, CALIBRATE_FITTED);
    cr_assert_eq(r.n_responses_fitted, 1);
    cr_assert_str_eq(r.responses[1].yaml, "{dist: empirical, values: [15m, 25m]}");
    calibrate_results_fini(&r);
    pages_log_free(log);
    plan_free(p);
}

/* ---- fitting ------------------------------------------------------------------------------ */

#define FIT_N 400
#define FIT_MU 6.802394763324311   /* ln 900: a median of 15 minutes */
#define FIT_SIGMA 0.6

/* FIT_N devops pages on Tuesdays at 10:00 local (business hours, no holiday), response
 * times from lognormal(FIT_MU, FIT_SIGMA) drawn with a fixed seed and written to the
 * second, as a pager writes them. */
static char *lognormal_pages(void)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    size_t cap = 96 * (FIT_N + 1), n = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    gsl_rng_set(g, 20260309);
    n += (size_t)snprintf(text, cap, "role,triggered,acknowledged\n");
    for (int i = 0; i < FIT_N; i++) {
        time_t t = (time_t)utc(2026, 3, 10, 15, 0, 0) + (time_t)i * 7 * 86400;
        time_t a = t + (time_t)llround(gsl_ran_lognormal(g, FIT_MU, FIT_SIGMA));
        struct tm tt, ta;
        char bt[32], ba[32];
        gmtime_r(&t, &tt);
        gmtime_r(&a, &ta);
        strftime(bt, sizeof bt, "%Y-%m-%dT%H:%M:%SZ", &tt);
        strftime(ba, sizeof ba, "%Y-%m-%dT%H:%M:%SZ", &ta);
        n += (size_t)snprintf(text + n, cap - n, "devops,%s,%s\n", bt, ba);
    }
    gsl_rng_free(g);
    return text;
}

/* The lognormal fit recovers mu and sigma within four standard errors (sigma / sqrt(n)
 * and sigma / sqrt(2 n) for the maximum-likelihood estimates). */
Test(pages, response_fit_recovers_a_known_lognormal, .timeout = 60)
{
    struct plan *p = fixture_plan_file(NULL);
    char *text = lognormal_pages();
    struct pages_log *log = must_read(text, p);
    struct calibrate_results r;
    const struct fit_result *ln;
    cr_assert_eq(log->n_pages, FIT_N);
    cr_assert_eq(calibrate_run(p, NULL, 5, &r), 0);
    cr_assert_eq(calibrate_add_pages(&r, log), 0);
    cr_assert_eq(r.n_responses, 1);
    cr_assert_eq(r.responses[0].period, SCHED_BUSINESS);
    cr_assert_eq(r.responses[0].n, FIT_N);
    ln = &r.responses[0].choice.fits[FIT_LOGNORMAL];
    cr_assert_eq(ln->status, FIT_OK);
    cr_expect(fabs(ln->dist.p[0] - FIT_MU) < 4 * FIT_SIGMA / sqrt(FIT_N), "mu %g", ln->dist.p[0]);
    cr_expect(fabs(ln->dist.p[1] - FIT_SIGMA) < 4 * FIT_SIGMA / sqrt(2.0 * FIT_N), "sigma %g",
              ln->dist.p[1]);
    calibrate_results_fini(&r);
    pages_log_free(log);
    free(text);
    plan_free(p);
}

/* The calibrated copy replaces devops' business response, nothing else, and loads. */
Test(pages, calibrated_copy_replaces_response_values_and_loads, .timeout = 60)
{
    struct fixture_src s;
    struct calibrate_results r;
    struct calibrate_copy c;
    fixture_src_load(&s, "scenarios/commcare.yaml");
    char *text = lognormal_pages();
    struct pages_log *log = must_read(text, s.p);
    cr_assert_eq(calibrate_run(s.p, NULL, 5, &r), 0);
    cr_assert_eq(calibrate_add_pages(&r, log), 0);
    struct calibrate_source src = {.plan_name = "scenarios/commcare.yaml", .version = "test",
                                   .today = 20000, .pages_name = "pages.csv"};
    cr_assert_eq(calibrate_plan(&r, s.text, s.len, &src, &c), CALIBRATE_OK, "%s", c.msg);
    const char *head = "# Calibrated by drsim calibrate (drsim test) on 2024-10-04\n"
                       "# from the page export pages.csv\n";
    cr_assert(strncmp(c.text, head, strlen(head)) == 0, "%.200s", c.text);
    cr_assert(strstr(c.text, "# The response times of these roles and periods were fitted to "
                             "the pages;\n# everything else is as in scenarios/commcare.yaml:\n"
                             "#   devops/business\n"),
              "%.800s", c.text);
    int devops = plan_find_role(s.p, "devops");
    for (int k = 0; k < s.p->n_roles; k++) {
        for (int q = 0; q < SCHED_N_PERIODS; q++) {
            const struct dist *got = &c.vr.plan->roles[k].response[q];
            const struct dist *was = &s.p->roles[k].response[q];
            if (k == devops && q == SCHED_BUSINESS) {
                cr_expect_eq(got->kind, r.responses[0].chosen.kind);
                cr_expect(fabs(dist_quantile(got, 0.5) - dist_quantile(&r.responses[0].chosen,
                                                                       0.5)) <= 1.0);
                cr_expect(fabs(dist_quantile(got, 0.5) - dist_quantile(was, 0.5)) > 1.0);
            } else {
                cr_expect_eq(dist_quantile(got, 0.5), dist_quantile(was, 0.5), "role %d %d", k, q);
            }
        }
    }
    calibrate_copy_fini(&c);
    calibrate_results_fini(&r);
    pages_log_free(log);
    free(text);
    fixture_src_free(&s);
}

/* ---- the bad-pages corpus ---------------------------------------------------------------- */

/* Every tests/bad-pages/NAME.csv must fail to read, against the built-in plan, with
 * exactly NAME.expected as its printed diagnostics. */
static const char *refuse_pages(void *user, const char *path, struct diag_list *d,
                                struct fixture_held *held)
{
    struct pages_log *log = NULL;
    char *text = NULL;
    enum csv_status st = pages_read_file(path, user, NULL, d, &text, &log);
    *held = (struct fixture_held){text, free};
    pages_log_free(log);
    return st == CSV_INVALID && log == NULL ? NULL : csv_status_name(st);
}

Test(pages, bad_pages)
{
    struct plan *p = fixture_plan_file(NULL);
    int n, failed = fixture_bad_corpus(BAD_DIR, ".csv", refuse_pages, p, &n);
    plan_free(p);
    cr_assert_geq(n, MIN_BAD_PAGES, "only %d bad page exports", n);
    cr_assert_eq(failed, 0, "%d of %d bad page exports did not give their expected diagnostics",
                 failed, n);
}

/* The example export reads against the built-in plan. */
Test(pages, example_export)
{
    struct plan *p = fixture_plan_file(NULL);
    struct diag_list d;
    struct pages_log *log = NULL;
    char *text = NULL;
    enum csv_status st = pages_read_file(EXAMPLE, p, NULL, &d, &text, &log);
    char *s = diag_to_string(&d);
    cr_assert_eq(st, CSV_OK, "%s", s);
    free(s);
    diag_fini(&d);
    cr_assert_eq(log->n_pages, 54);
    cr_assert_eq(log->n_unacknowledged, 1);
    cr_assert_str_eq(log->path, EXAMPLE);
    pages_log_free(log);
    free(text);
    plan_free(p);
}

/* ---- the command line -------------------------------------------------------------------- */

Test(pages_cli, calibrate_from_the_example_export, .timeout = 60)
{
    char *out;
    cr_assert_eq(fixture_drsim(NULL, "calibrate --pages " EXAMPLE, &out), 0, "%s", out);
    cr_assert(strstr(out, "Calibrating commcare-production (built-in) from " EXAMPLE
                          " (54 pages)\n"), "%s", out);
    cr_assert(strstr(out, "\n  Response times from " EXAMPLE " (54 pages), each in the period of "
                          "its page by the role's calendar:\n"
                          "    1 page never acknowledged: no response time, not fitted\n"),
              "%s", out);
    cr_assert(strstr(out, "\n  devops / weekend: 4 responses: "), "%s", out);
    cr_assert(strstr(out, "\n  incident-lead / night: 1 response: 17m57s\n"), "%s", out);
    cr_assert(strstr(out, "not calibrated: one response is not a distribution"), "%s", out);
    free(out);
}

Test(pages_cli, calibrate_writes_a_checked_copy_from_both_sources, .timeout = 60)
{
    char dir[64], args[512], *out, *copy, path[128];
    fixture_tmpdir(dir, "pages-cli");
    snprintf(path, sizeof path, "%s/calibrated.yaml", dir);
    snprintf(args, sizeof args,
             "calibrate scenarios/commcare.yaml --pages " EXAMPLE
             " --drills scenarios/drills/commcare-drills.yaml -o %s", path);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_assert(strstr(out, "with the duration of 17 steps and 9 response times calibrated"), "%s",
              out);
    free(out);
    copy = fixture_slurp(path, NULL);
    cr_assert_not_null(copy);
    cr_assert(strstr(copy, "\n# and the page export " EXAMPLE "\n"), "%.600s", copy);
    cr_assert(strstr(copy, "\n# the response times of these roles and periods to the pages:\n"),
              "%.1200s", copy);
    free(copy);
    snprintf(args, sizeof args, "check %s", path);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

Test(pages_cli, column_names_are_configurable, .timeout = 60)
{
    char dir[64], path[128], args[512], *out;
    FILE *f;
    fixture_tmpdir(dir, "pages-cols");
    snprintf(path, sizeof path, "%s/export.csv", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("id,escalation_policy,created_on,acknowledged_on\r\n"
          "1,devops,2026-03-09T14:00:00Z,2026-03-09T14:10:00Z\r\n"
          "2,devops,2026-03-10T14:00:00Z,2026-03-10T14:30:00Z\r\n", f);
    fclose(f);
    snprintf(args, sizeof args,
             "calibrate --pages %s --page-columns "
             "role=escalation_policy,triggered=created_on,acknowledged=acknowledged_on", path);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 0, "%s", out);
    cr_assert(strstr(out, "devops / business: 2 responses: 10m, 30m\n"), "%s", out);
    free(out);
    /* Without the option, the default names are missing, with suggestions where close. */
    snprintf(args, sizeof args, "calibrate --pages %s", path);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 2, "%s", out);
    cr_assert(strstr(out, ":1:1: error: the page export has no column 'acknowledged' (when it "
                          "was acknowledged; --page-columns acknowledged=COLUMN names yours); "
                          "did you mean 'acknowledged_on'?\n"),
              "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

Test(pages_cli, bad_arguments, .timeout = 60)
{
    char *out, *want;
    cr_assert_eq(fixture_drsim(NULL, "calibrate", &out), 2);
    cr_assert(strstr(out, "calibrate needs the drill log or the page export: --drills FILE or "
                          "--pages FILE.csv"), "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "calibrate --pages " EXAMPLE " --page-columns rol=x", &out),
                 2);
    cr_assert_str_eq(out, "drsim: error: --page-columns: unknown key 'rol'; did you mean 'role'?\n"
                          "    --page-columns rol=x\n"
                          "                   ^\n");
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "calibrate --pages " EXAMPLE
                                     " --page-columns role=a,triggered=", &out), 2);
    cr_assert(strstr(out, "a column name is missing after '='"), "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "calibrate --drills scenarios/drills/commcare-drills.yaml"
                                     " --page-columns role=a", &out), 2);
    cr_assert(strstr(out, "--page-columns names the columns of the page export: give it with "
                          "--pages"), "%s", out);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "calibrate --pages " EXAMPLE " -o " EXAMPLE, &out), 2);
    cr_assert(strstr(out, "would overwrite the page export " EXAMPLE), "%s", out);
    free(out);
    /* A bad export: exit 2 with exactly the corpus's diagnostics. */
    cr_assert_eq(fixture_drsim(NULL, "calibrate --pages " BAD_DIR "/unknown-role.csv", &out), 2);
    want = fixture_slurp(BAD_DIR "/unknown-role.expected", NULL);
    cr_assert_str_eq(out, want);
    free(want);
    free(out);
    cr_assert_eq(fixture_drsim(NULL, "calibrate --pages " BAD_DIR "/no-such.csv", &out), 3);
    cr_assert_str_eq(out, BAD_DIR "/no-such.csv: error: cannot open the page export: No such "
                          "file or directory\n");
    free(out);
}

/* Issue 13: with a rota, a page's period is that of the people it reached, each by their
 * own calendar (the best of them: whoever is at work answers first). In the example
 * plan's follow-the-sun DevOps (Berlin 07-15, Los Angeles 06-14, New York 17-01, local
 * time), a page at 03:00 UTC on a Wednesday in January reaches Carlos in New York at
 * 22:00: business hours, although it is night in Berlin, the role's own zone. A Saturday
 * noon page reaches all three at their weekend. The DBAs' weekly rota pages one person:
 * its period is that person's. */
Test(pages, period_by_the_people_a_rota_reaches)
{
    struct plan *p = fixture_plan_file("scenarios/follow-the-sun.yaml");
    struct pages_log *log = must_read("role,triggered,acknowledged\n"
                                      "devops,2026-01-07T03:00:00Z,2026-01-07T03:05:00Z\n"
                                      "devops,2026-01-10T12:00:00Z,2026-01-10T12:30:00Z\n"
                                      "dba,2026-01-07T10:00:00Z,2026-01-07T10:10:00Z\n"
                                      "dba,2026-01-07T20:00:00Z,2026-01-07T20:40:00Z\n",
                                      p);
    cr_assert_eq(log->n_pages, 4);
    cr_assert_eq(log->pages[0].period, SCHED_BUSINESS);
    cr_assert_eq(log->pages[1].period, SCHED_WEEKEND);
    cr_assert_eq(log->pages[2].period, SCHED_BUSINESS);  /* 11:00 in Berlin */
    cr_assert_eq(log->pages[3].period, SCHED_NIGHT);     /* 21:00 in Berlin */
    pages_log_free(log);
    plan_free(p);
}
