/* tests/test_load_drills.c: the loader module's drill-log reader and in-place editor
 * (models/load_drills.c, models/load_edit.c).
 *
 * The example log loads against the built-in plan with every field in base units and the
 * defaults filled in, and its analysis gives the cadence its header promises; small inline
 * logs pin down the defaults; the bad-drill corpus, tests/bad-drills/NAME.yaml, must give
 * exactly NAME.expected (read with the built-in plan); and the editor replaces values in
 * place, keeping every other byte, replacing an alias rather than its anchor, and refusing
 * what it cannot edit safely. Run from the repository root (the corpus is found by path).
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/drill.h"
#include "models/load.h"
#include "models/units.h"
#include "tests/fixture.h"

#define BAD_DIR "tests/bad-drills"
#define MIN_BAD_DRILLS 10
#define EXAMPLE "scenarios/drills/commcare-drills.yaml"

static long day(const char *ymd)
{
    long d;
    const char *why;
    cr_assert_eq(units_parse_date(ymd, &d, &why), UNITS_OK);
    return d;
}

/* Load inline drill text against plan p (may be NULL); the status is returned, the log
 * (or NULL) in *out and the diagnostics as text in *msgs (malloc'd). */
static enum load_status load_inline(const char *text, const struct plan *p,
                                    struct drill_log **out, char **msgs)
{
    struct diag_list d;
    enum load_status st;
    diag_init(&d, "inline.yaml", text, strlen(text));
    st = load_drills_text("inline.yaml", text, strlen(text), p, &d, out);
    *msgs = diag_to_string(&d);
    diag_fini(&d);
    return st;
}

static const struct drill_exercise *find_exercise(const struct drill_log *log, const char *name)
{
    for (int i = 0; i < log->n_exercises; i++)
        if (strcmp(log->exercises[i].name, name) == 0)
            return &log->exercises[i];
    cr_assert_fail("no exercise %s", name);
    return NULL;
}

/* ---- the example -------------------------------------------------------------------- */

Test(load_drills, example_log)
{
    struct plan *p = fixture_plan_file(NULL);
    struct diag_list d;
    struct drill_log *log = NULL;
    char *text = NULL;
    const struct drill_exercise *e;
    enum load_status st = load_drills_file(EXAMPLE, p, &d, &text, &log);
    if (st != LOAD_OK) {
        char *s = diag_to_string(&d);
        cr_assert_fail("%s did not load:\n%s", EXAMPLE, s);
    }
    diag_fini(&d);
    cr_assert_str_eq(log->path, EXAMPLE);
    cr_assert_str_eq(log->name, "commcare-drills-2026");
    cr_assert_str_eq(log->plan, "commcare-production");
    cr_assert_eq(log->since_day, day("2026-01-01"));
    cr_assert_eq(log->n_regions, 2);
    cr_assert_eq(log->n_cadence_regions, 2);
    cr_assert_str_eq(log->regions[1], "us-east-2");
    cr_assert_eq(log->n_reqs, 2);
    cr_assert_eq(log->reqs[0].type, DRILL_COMPLETENESS);
    cr_assert_eq(log->reqs[0].every, DRILL_FREQ_QUARTERLY);
    cr_assert_eq(log->reqs[0].n_regions, 2);
    cr_assert_eq(log->reqs[1].type, DRILL_FULL_RESTORE);
    cr_assert_eq(log->reqs[1].every, DRILL_FREQ_ANNUAL);
    cr_assert_not_null(drill_find_store(log, "pgmain1"));
    cr_assert_null(drill_find_store(log, "pgucr0"));

    e = find_exercise(log, "2026-05-19-region-failover");
    cr_assert_eq(e->day, day("2026-05-19"));
    cr_assert_eq(e->type, DRILL_FULL_SCALE);
    cr_assert_str_eq(e->scenario, "region");
    cr_assert_str_eq(e->region, "us-east-2");
    cr_assert_str_eq(e->start, "2026-05-19 13:00 UTC");
    cr_assert_eq(e->n_participants, 5);
    cr_assert_eq(e->n_steps, 9);
    cr_assert_str_eq(e->steps[5].step, "deploy");
    cr_assert_eq(e->steps[5].duration_s, 4 * 3600 + 5 * 60);
    cr_assert_eq(e->n_restores, 6);
    cr_assert_str_eq(e->restores[0].store, "pgmain1");
    cr_assert_eq(e->restores[0].duration_s, 3 * 3600 + 10 * 60);
    cr_assert_eq(e->restores[0].data_loss_s, 14 * 3600);
    cr_assert_eq(e->restores[0].complete, DRILL_CHECK_PASSED);
    cr_assert_eq(e->restores[5].complete, DRILL_CHECK_NONE);
    cr_assert(isnan(e->restores[1].data_loss_s));
    cr_assert_eq(e->rto_s, 9 * 3600 + 20 * 60);
    cr_assert_eq(e->outcome, DRILL_PARTIAL);
    cr_assert_eq(e->n_actions, 2);
    cr_assert_eq(e->actions[1].due_day, day("2026-10-31"));
    cr_assert_eq(e->actions[1].status, DRILL_ACTION_OPEN);
    cr_assert_eq(e->actions[0].status, DRILL_ACTION_DONE);
    e = find_exercise(log, "2026-09-22-tabletop-zone");
    cr_assert(isnan(e->rto_s));
    cr_assert_eq(e->n_steps, 0);

    /* What the file's header promises, as of 2026-11-23. */
    {
        struct drill_analysis a;
        cr_assert_eq(drill_analyze(log, p, NULL, day("2026-11-23"), &a), 0);
        cr_assert_eq(a.n_on_time, 6);
        cr_assert_eq(a.n_late, 1);
        cr_assert_eq(a.n_overdue, 1);
        cr_assert_eq(a.n_due, 2);
        for (int i = 0; i < a.n_items; i++) {
            const struct drill_cadence_item *it = &a.items[i];
            if (it->status == DRILL_OVERDUE) {
                cr_assert_str_eq(it->label, "2026-Q3");
                cr_assert_str_eq(log->regions[it->region], "us-east-2");
                cr_assert_eq(it->due_day, day("2026-09-30"));
                cr_assert_geq(it->failed_exercise, 0);
            }
            if (it->status == DRILL_LATE)
                cr_assert_eq(it->days_late, 8);
        }
        drill_analysis_fini(&a);
    }
    drill_log_free(log);
    free(text);
    plan_free(p);
}

/* ---- defaults --------------------------------------------------------------------------- */

Test(load_drills, defaults)
{
    static const char text[] =
        "exercises:\n"
        "  a: {date: 2026-02-01, type: completeness-test, region: r2, outcome: passed}\n"
        "  b: {date: 2026-02-02, type: tabletop, outcome: passed}\n"
        "  c: {date: 2026-02-03, type: full-restore, region: r1, outcome: failed,\n"
        "      restores: {db: 2h}}\n";
    struct drill_log *log;
    char *msgs;
    cr_assert_eq(load_inline(text, NULL, &log, &msgs), LOAD_OK, "%s", msgs);
    free(msgs);
    cr_assert_str_eq(log->name, "inline");
    cr_assert_null(log->plan);
    cr_assert_eq(log->since_day, DRILL_SINCE_DEFAULT);
    /* Regions as exercises name them, in order; no cadence list. */
    cr_assert_eq(log->n_regions, 2);
    cr_assert_str_eq(log->regions[0], "r2");
    cr_assert_eq(log->n_cadence_regions, 0);
    /* The BCP's cadence: completeness quarterly and full restore yearly, everywhere. */
    cr_assert_eq(log->n_reqs, 2);
    cr_assert_eq(log->reqs[0].type, DRILL_COMPLETENESS);
    cr_assert_eq(log->reqs[0].every, DRILL_FREQ_QUARTERLY);
    cr_assert_eq(log->reqs[0].n_regions, 2);
    cr_assert_eq(log->reqs[1].every, DRILL_FREQ_ANNUAL);
    cr_assert_null(log->exercises[1].region);
    cr_assert_eq(log->exercises[2].restores[0].duration_s, 7200);
    cr_assert_eq(log->exercises[2].restores[0].complete, DRILL_CHECK_NONE);
    /* Without a plan, the store is not checked. */
    cr_assert_str_eq(log->exercises[2].restores[0].store, "db");
    drill_log_free(log);
}

Test(load_drills, cadence_overrides)
{
    static const char text[] =
        "cadence:\n"
        "  regions: [east, west]\n"
        "  require:\n"
        "    full-restore: none\n"
        "    full-scale: {every: annually, regions: [west]}\n"
        "    completeness-test: monthly\n";
    struct drill_log *log;
    char *msgs;
    cr_assert_eq(load_inline(text, NULL, &log, &msgs), LOAD_OK, "%s", msgs);
    free(msgs);
    cr_assert_eq(log->n_reqs, 2);
    cr_assert_eq(log->reqs[0].type, DRILL_FULL_SCALE);
    cr_assert_eq(log->reqs[0].n_regions, 1);
    cr_assert_eq(log->reqs[0].regions[0], 1);
    cr_assert_eq(log->reqs[1].type, DRILL_COMPLETENESS);
    cr_assert_eq(log->reqs[1].every, DRILL_FREQ_MONTHLY);
    cr_assert_eq(log->reqs[1].n_regions, 2);
    cr_assert_eq(log->n_exercises, 0);
    drill_log_free(log);
}

Test(load_drills, names_checked_only_with_a_plan)
{
    static const char text[] =
        "exercises:\n"
        "  x: {date: 2026-02-01, type: functional, scenario: nowhere, region: r,\n"
        "      steps: {a: 5m}, outcome: passed}\n";
    struct plan *p = fixture_plan_file(NULL);
    struct drill_log *log;
    char *msgs;
    cr_assert_eq(load_inline(text, NULL, &log, &msgs), LOAD_OK);
    free(msgs);
    cr_assert_str_eq(log->exercises[0].steps[0].step, "a");
    drill_log_free(log);
    cr_assert_eq(load_inline(text, p, &log, &msgs), LOAD_INVALID);
    cr_assert_null(log);
    cr_assert_str_eq(msgs, "inline.yaml:2:53: error: unknown scenario 'nowhere'\n"
                           "      x: {date: 2026-02-01, type: functional, scenario: nowhere, region: r,\n"
                           "                                                        ^\n");
    free(msgs);
    plan_free(p);
}

Test(load_drills, missing_file_is_an_io_error)
{
    struct diag_list d;
    struct drill_log *log;
    char *text, *s;
    cr_assert_eq(load_drills_file("tests/bad-drills/no-such-file.yaml", NULL, &d, &text, &log),
                 LOAD_IO);
    s = diag_to_string(&d);
    cr_assert_str_eq(s, "tests/bad-drills/no-such-file.yaml: error: cannot open the drill log "
                        "file: No such file or directory\n");
    free(s);
    diag_fini(&d);
    cr_assert_null(text);
    cr_assert_null(log);
}

/* ---- the bad-drill corpus ------------------------------------------------------------------ */

/* Every tests/bad-drills/NAME.yaml must fail to load, with the built-in plan, with exactly
 * NAME.expected as its printed diagnostics. */
static const char *refuse_drills(void *user, const char *path, struct diag_list *d,
                                 struct fixture_held *held)
{
    struct drill_log *log = NULL;
    char *text = NULL;
    enum load_status st = load_drills_file(path, user, d, &text, &log);
    *held = (struct fixture_held){text, free};
    drill_log_free(log);
    return st == LOAD_INVALID && log == NULL ? NULL : load_strerror(st);
}

Test(load_drills, bad_drills)
{
    struct plan *p = fixture_plan_file(NULL);
    int n, failed = fixture_bad_corpus(BAD_DIR, ".yaml", refuse_drills, p, &n);
    plan_free(p);
    cr_assert_geq(n, MIN_BAD_DRILLS, "only %d bad drill logs", n);
    cr_assert_eq(failed, 0, "%d of %d bad drill logs did not give their expected diagnostics",
                 failed, n);
}

/* ---- editing in place ------------------------------------------------------------------------ */

static const char edit_plan[] =
    "# a plan\n"
    "x-anchors:\n"
    "  slow: &slow {dist: lognormal, median: 2h, p90: 6h}  # shared\n"
    "scenarios:\n"
    "  zone:\n"
    "    runbook:\n"
    "      a: {duration: 20m, after: []}   # keep me\n"
    "      b:\n"
    "        duration:\n"
    "          dist: uniform   # block\n"
    "          min: 10m\n"
    "          max: 30m\n"
    "\n"
    "        # a comment between\n"
    "        after: [a]\n"
    "      c: {duration: *slow}\n"
    "      d: {duration: &own {dist: fixed, value: 5m}}\n"
    "      e: {duration: \"45m\"}\n";

/* Apply edits (path strings "a.b.c" with their replacement) and return the result or the
 * diagnostics, as the status says. */
static enum load_status edit(const char *const *paths, const char *const *with, int n,
                             char **out)
{
    struct diag_list d;
    struct load_edit edits[8];
    const char *split[8][8];
    char store[8][256];
    size_t len;
    enum load_status st;

    for (int i = 0; i < n; i++) {
        int k = 0;
        snprintf(store[i], sizeof store[i], "%s", paths[i]);
        for (char *t = strtok(store[i], "."); t && k < 7; t = strtok(NULL, "."))
            split[i][k++] = t;
        split[i][k] = NULL;
        edits[i].path = split[i];
        edits[i].text = with[i];
    }
    diag_init(&d, "edit.yaml", edit_plan, strlen(edit_plan));
    st = load_edit_text(edit_plan, strlen(edit_plan), edits, n, &d, out, &len);
    if (st == LOAD_OK) {
        cr_assert_eq(len, strlen(*out));
    } else {
        cr_assert_null(*out);
        *out = diag_to_string(&d);
    }
    diag_fini(&d);
    return st;
}

Test(load_edit, replaces_values_in_place)
{
    const char *paths[] = {"scenarios.zone.runbook.a.duration", "scenarios.zone.runbook.b.duration",
                           "scenarios.zone.runbook.c.duration", "scenarios.zone.runbook.e.duration"};
    const char *with[] = {"25m", "{dist: weibull, shape: 2, scale: 20m}", "1h", "50m"};
    char *out;
    cr_assert_eq(edit(paths, with, 4, &out), LOAD_OK, "%s", out);
    cr_assert_str_eq(out,
                     "# a plan\n"
                     "x-anchors:\n"
                     "  slow: &slow {dist: lognormal, median: 2h, p90: 6h}  # shared\n"
                     "scenarios:\n"
                     "  zone:\n"
                     "    runbook:\n"
                     "      a: {duration: 25m, after: []}   # keep me\n"
                     "      b:\n"
                     "        duration:\n"
                     "          {dist: weibull, shape: 2, scale: 20m}\n"
                     "\n"
                     "        # a comment between\n"
                     "        after: [a]\n"
                     "      c: {duration: 1h}\n"
                     "      d: {duration: &own {dist: fixed, value: 5m}}\n"
                     "      e: {duration: 50m}\n");
    free(out);
}

Test(load_edit, refuses_what_it_cannot_edit_safely)
{
    const char *anchored[] = {"scenarios.zone.runbook.d.duration"};
    const char *missing[] = {"scenarios.zone.runbook.f.duration"};
    const char *nested[] = {"scenarios.zone.runbook.b", "scenarios.zone.runbook.b.duration"};
    const char *with[] = {"1h", "2h"};
    char *out;

    cr_assert_eq(edit(anchored, with, 1, &out), LOAD_INVALID);
    cr_assert_str_eq(out, "edit.yaml:17:21: error: cannot edit 'scenarios.zone.runbook.d.duration': "
                          "its value carries the anchor '&own', which other values may share; "
                          "edit it by hand\n"
                          "          d: {duration: &own {dist: fixed, value: 5m}}\n"
                          "                        ^\n");
    free(out);
    cr_assert_eq(edit(missing, with, 1, &out), LOAD_INVALID);
    cr_assert_str_eq(out, "edit.yaml:6:5: error: cannot edit 'scenarios.zone.runbook.f': "
                          "there is no such key\n"
                          "        runbook:\n"
                          "        ^\n");
    free(out);
    cr_assert_eq(edit(nested, with, 2, &out), LOAD_INVALID);
    cr_assert(strstr(out, "one holds the other") != NULL, "%s", out);
    free(out);
}

Test(load_edit, no_edits_copies_the_text)
{
    char *out;
    cr_assert_eq(edit(NULL, NULL, 0, &out), LOAD_OK);
    cr_assert_str_eq(out, edit_plan);
    free(out);
}
