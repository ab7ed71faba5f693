/* tests/test_calibrate.c: calibration (analysis/calibrate.h): what is fitted, shown or
 * left alone, the calibrated plan made through vary_plan, and `drsim calibrate -o`
 * refusing to write over any of its inputs (the plan or the drill log, by inode).
 *
 * CLI tests run $DRSIM_BIN (default ./drsim) from the repository's top directory. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/calibrate.h"
#include "models/diag.h"
#include "models/load.h"
#include "tests/fixture.h"

#define DRILLS "scenarios/drills/commcare-drills.yaml"

static struct drill_log *load_log(const struct plan *p, char **text)
{
    struct diag_list d;
    struct drill_log *log = NULL;
    size_t n;
    *text = fixture_slurp(DRILLS, &n);
    cr_assert_not_null(*text);
    diag_init(&d, DRILLS, *text, n);
    cr_assert_eq(load_drills_text(DRILLS, *text, n, p, &d, &log), LOAD_OK);
    diag_fini(&d);
    return log;
}

/* Store steps are shown, one observation leaves the plan alone, and every fitted step
 * of the calibrated plan holds its fit while the plan itself is untouched. */
Test(calibrate, outcomes_and_the_calibrated_plan, .timeout = 60)
{
    struct fixture_src s;
    struct calibrate_results r;
    struct calibrate_copy c;
    char *text;
    fixture_src_load(&s, "scenarios/commcare.yaml");
    struct drill_log *log = load_log(s.p, &text);
    cr_assert_eq(calibrate_run(s.p, log, 5, &r), 0);
    int n_store = 0, n_fitted = 0;
    for (int i = 0; i < r.n_steps; i++) {
        const struct calibrate_step *st = &r.steps[i];
        enum step_kind k = s.p->scenarios[st->scenario].steps[st->step].kind;
        cr_assert_eq(st->outcome == CALIBRATE_STORE_STEP, k != STEP_TASK);
        if (st->n < 2 && k == STEP_TASK)
            cr_assert_eq(st->outcome, CALIBRATE_ONE_VALUE);
        n_store += st->outcome == CALIBRATE_STORE_STEP;
        n_fitted += st->outcome == CALIBRATE_FITTED;
    }
    cr_assert_eq(n_fitted, r.n_fitted);
    cr_assert_eq(r.n_fitted, 17);
    cr_assert_gt(r.n_restores, 0);

    struct calibrate_source src = {"scenarios/commcare.yaml", DRILLS, "test", 20000, NULL};
    cr_assert_eq(calibrate_plan(&r, s.text, s.len, &src, &c), CALIBRATE_OK, "%s", c.msg);
    cr_assert(strncmp(c.text, "# Calibrated by drsim calibrate (drsim test) on 2024-10-04\n", 58) == 0,
              "%.80s", c.text);
    for (int i = 0; i < r.n_steps; i++) {
        const struct calibrate_step *st = &r.steps[i];
        const struct dist *got = &c.vr.plan->scenarios[st->scenario].steps[st->step].duration;
        const struct dist *was = &s.p->scenarios[st->scenario].steps[st->step].duration;
        if (st->outcome == CALIBRATE_FITTED)
            cr_expect_eq(got->kind, st->chosen.kind);
        else
            cr_expect_eq(dist_quantile(got, 0.5), dist_quantile(was, 0.5));
    }
    calibrate_copy_fini(&c);
    calibrate_results_fini(&r);
    drill_log_free(log);
    free(text);
    fixture_src_free(&s);
}

/* `-o` naming the drill log (by its own name, another spelling, or a link) is refused
 * with exit 2 and the log is left as it was; so is the plan through a hard link. */
Test(calibrate_cli, output_must_not_be_an_input, .timeout = 60)
{
    char dir[64], log[128], other[160], link_[128], plan[128], plan_link[128], args[1024], *out;
    char *before = fixture_slurp(DRILLS, NULL), *after;
    fixture_tmpdir(dir, "calibrate");
    snprintf(log, sizeof log, "%s/drills.yaml", dir);
    snprintf(other, sizeof other, "%s/../%s/drills.yaml", dir, strrchr(dir, '/') + 1);
    snprintf(link_, sizeof link_, "%s/link.yaml", dir);
    snprintf(plan, sizeof plan, "%s/plan.yaml", dir);
    snprintf(plan_link, sizeof plan_link, "%s/plan-too.yaml", dir);
    snprintf(args, sizeof args, "cp " DRILLS " %s && ln -s drills.yaml %s && "
             "cp scenarios/commcare.yaml %s && ln %s %s", log, link_, plan, plan, plan_link);
    cr_assert_eq(fixture_shell(args, NULL), 0);

    const char *outs[] = {log, other, link_};
    for (int i = 0; i < 3; i++) {
        snprintf(args, sizeof args, "calibrate --drills %s -o %s", log, outs[i]);
        cr_assert_eq(fixture_drsim(NULL, args, &out), 2, "%s", out);
        char want[400];
        snprintf(want, sizeof want, "drsim: error: -o %s would overwrite the drill log %s: write the "
                 "calibrated copy elsewhere", outs[i], log);
        cr_assert(strstr(out, want), "%s", out);
        cr_assert_null(strstr(out, "Calibrating"), "refused before anything ran: %s", out);
        free(out);
        after = fixture_slurp(log, NULL);
        cr_assert_str_eq(after, before, "the drill log changed");
        free(after);
    }
    snprintf(args, sizeof args, "calibrate %s --drills %s -o %s", plan, log, plan_link);
    cr_assert_eq(fixture_drsim(NULL, args, &out), 2, "%s", out);
    cr_assert(strstr(out, "would overwrite the plan itself"), "%s", out);
    free(out);
    free(before);
    fixture_rm_rf(dir);
}
