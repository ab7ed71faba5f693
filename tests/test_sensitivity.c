/* tests/test_sensitivity.c: the uncertain inputs of a plan (models/factor.h) and the
 * tornado analysis (analysis/sensitivity.h): which inputs are listed and how aliases group
 * them, scaling keeps the kind and moves every quantile, a scale of 1 reproduces the
 * plan exactly, a closed-form low/high effect, the ranking, spreads, and independence
 * from the thread count. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/factor.h"
#include "models/load.h"
#include "models/vary.h"
#include "reports/draw.h"
#include "reports/sweep_report.h"
#include "reports/workbook.h"
#include "sim/mc.h"
#include "sim/trial.h"
#include "analysis/sensitivity.h"
#include "tests/fixture.h"

#define SEED UINT64_C(20260105)

/* Plan s with n changes (vary.h); the new plan, which the caller frees. */
static struct plan *varied(const struct fixture_src *s, const struct vary_change *ch, int n)
{
    struct vary_result vr;
    enum vary_status st = vary_plan(s->p, s->name, s->text, s->len, ch, n, &vr);
    cr_assert_eq(st, VARY_OK, "%s: %s", vary_strerror(st), vr.err.msg);
    struct plan *q = vr.plan;
    vr.plan = NULL;
    vary_result_fini(&vr);
    return q;
}

static const struct factor *find(const struct factor *f, int n, const char *path)
{
    for (int i = 0; i < n; i++)
        if (strcmp(f[i].path, path) == 0)
            return &f[i];
    return NULL;
}

Test(factor, lists_written_inputs_once)
{
    struct fixture_src s;
    struct factor *f;
    int n;
    fixture_src_load(&s, "scenarios/commcare.yaml");
    cr_assert_eq(factor_list(s.p, &f, &n), 0);
    /* The RDS restore model is one anchor used by ten stores. */
    const struct factor *tp = find(f, n, "stores.pgmain1.restore.throughput");
    cr_assert_not_null(tp);
    cr_assert_eq(tp->n_uses, 10);
    cr_assert_eq(tp->kind, FACTOR_DIST);
    cr_assert_str_eq(tp->unit, "rate");
    cr_assert_null(find(f, n, "stores.pgucr0.restore.throughput"), "listed under its first use");
    /* Failure probabilities are inputs; defaults the plan does not write are not. */
    const struct factor *fp = find(f, n, "stores.pgmain1.backups.daily-copy.failure");
    cr_assert_not_null(fp);
    cr_assert_eq(fp->kind, FACTOR_PROB);
    cr_assert_eq(fp->prob, 0.01);
    /* A failure group's probability is one factor, whatever its number of members. */
    const struct factor *gp = find(f, n, "failure_groups.business-continuity.failure");
    cr_assert_not_null(gp);
    cr_assert_eq(gp->kind, FACTOR_PROB);
    cr_assert_eq(gp->prob, 0.01);
    cr_assert_null(find(f, n, "stores.pgmain1.backups.pitr.failure"));
    cr_assert_null(find(f, n, "stores.pgmain1.backups.pitr.complete"));
    cr_assert_not_null(find(f, n, "stores.pgmain1.backups.pitr.lag"));
    cr_assert_not_null(find(f, n, "scenarios.region.runbook.deploy.duration"));
    cr_assert_not_null(find(f, n, "staffing.roles.devops.response.weekend"));
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            cr_assert(f[i].line != f[j].line || f[i].col != f[j].col, "%s and %s", f[i].path,
                      f[j].path);
    factor_list_free(f, n);
    fixture_src_free(&s);
}

/* A role's night response left out of the plan is its business response: one input. */
Test(factor, fallback_response_is_the_business_one)
{
    struct fixture_src s;
    struct factor *f;
    int n;
    fixture_src_load(&s, "tests/data/sweep-cadence.yaml");
    cr_assert_eq(factor_list(s.p, &f, &n), 0);
    /* throughput, overhead; the completion is a fixed 2h; the outage never ends. */
    cr_assert_eq(n, 4, "complete, restore.throughput, restore.overhead, duration (got %d)", n);
    factor_list_free(f, n);
    fixture_src_free(&s);

    fixture_src_load(&s, "scenarios/tutorial.yaml");
    cr_assert_eq(factor_list(s.p, &f, &n), 0);
    const struct factor *r = find(f, n, "staffing.roles.cto.response.business");
    cr_assert_not_null(r);
    cr_assert_eq(r->n_uses, 1, "cto writes all three periods");
    factor_list_free(f, n);
    fixture_src_free(&s);
}

Test(factor, scaling_moves_every_quantile)
{
    struct fixture_src s;
    struct factor *f;
    int n;
    fixture_src_load(&s, "scenarios/commcare.yaml");
    cr_assert_eq(factor_list(s.p, &f, &n), 0);
    for (int i = 0; i < n; i++) {
        if (f[i].kind != FACTOR_DIST || f[i].dist.kind == DIST_FIXED)
            continue;
        struct vary_change ch = {.how = VARY_SCALE, .path = f[i].path, .k = 1.5};
        struct plan *q = varied(&s, &ch, 1);
        /* Find the scaled copy through a fresh listing. */
        struct factor *g;
        int m;
        cr_assert_eq(factor_list(q, &g, &m), 0);
        cr_assert_eq(m, n);
        cr_assert_eq(g[i].dist.kind, f[i].dist.kind);
        for (double qq = 0.1; qq < 0.95; qq += 0.2) {
            double a = dist_quantile(&f[i].dist, qq), b = dist_quantile(&g[i].dist, qq);
            cr_expect(fabs(b - 1.5 * a) <= 1e-9 * fabs(b), "%s at %.1f: %g vs %g", f[i].path, qq,
                      b, 1.5 * a);
        }
        factor_list_free(g, m);
        plan_free(q);
    }
    factor_list_free(f, n);
    fixture_src_free(&s);
}

/* Every kind of distribution (mu/sigma and median/p95 lognormals, a gamma given by its
 * mean, an empirical list, a fixed value) and a probability scale through the text:
 * every quantile moves by k, the kind stays, and the plan scaled is untouched. */
static void check_every_kind(const char *path)
{
    struct fixture_src s;
    struct factor *f, *g;
    int n, m;
    fixture_src_load(&s, path);
    cr_assert_eq(factor_list(s.p, &f, &n), 0);
    cr_assert_geq(n, 11);
    for (int i = 0; i < n; i++) {
        struct vary_change ch = {.how = VARY_SCALE, .path = f[i].path, .k = 1.5};
        struct plan *q = varied(&s, &ch, 1);
        cr_assert_eq(factor_list(q, &g, &m), 0);
        cr_assert_eq(m, n);
        if (f[i].kind == FACTOR_PROB) {
            cr_expect_float_eq(g[i].prob, 1.5 * f[i].prob, 1e-15, "%s", f[i].path);
        } else {
            cr_assert_eq(g[i].dist.kind, f[i].dist.kind, "%s", f[i].path);
            for (double qq = 0.1; qq < 0.95; qq += 0.2) {
                double x = dist_quantile(&f[i].dist, qq), y = dist_quantile(&g[i].dist, qq);
                if (isinf(x)) {
                    cr_expect(isinf(y), "%s: a duration that never ends stays so", f[i].path);
                    continue;
                }
                cr_expect(fabs(y - 1.5 * x) <= 1e-12 * fabs(y), "%s at %.1f: %.17g vs %.17g",
                          f[i].path, qq, y, 1.5 * x);
            }
        }
        for (int j = 0; j < n; j++)
            if (j != i && f[j].kind == FACTOR_DIST)
                cr_expect_eq(dist_quantile(&g[j].dist, 0.5), dist_quantile(&f[j].dist, 0.5),
                             "%s moved when %s was scaled", f[j].path, f[i].path);
        factor_list_free(g, m);
        plan_free(q);
    }
    factor_list_free(f, n);
    fixture_src_free(&s);
}

Test(factor, every_kind_scales_through_the_text)
{
    check_every_kind("tests/data/vary-scale.yaml");
}

/* An empirical distribution written as a block list, with a comment and a quoted item. */
Test(factor, block_list_scales_item_by_item)
{
    check_every_kind("tests/data/vary-scale-block.yaml");
}

/* Scaling by 1 is the plan itself: the same draws give the same trials. */
Test(factor, scale_one_reproduces_the_plan)
{
    struct fixture_src s;
    struct factor *f;
    struct mc_results *a = NULL, *b = NULL;
    int n;
    fixture_src_load(&s, "scenarios/tutorial.yaml");
    cr_assert_eq(factor_list(s.p, &f, &n), 0);
    struct vary_change *ch = calloc((size_t)n, sizeof *ch);
    cr_assert_not_null(ch);
    for (int i = 0; i < n; i++)
        ch[i] = (struct vary_change){.how = VARY_SCALE, .path = f[i].path, .k = 1.0};
    struct plan *q = varied(&s, ch, n);
    free(ch);
    cr_assert_eq(mc_run(s.p, 5000, SEED, 2, NULL, NULL, &a), MC_OK);
    cr_assert_eq(mc_run(q, 5000, SEED, 2, NULL, NULL, &b), MC_OK);
    struct trial_worker *wa = trial_worker_new(s.p, SEED), *wb = trial_worker_new(q, SEED);
    cr_assert(wa && wb);
    for (int sc = 0; sc < a->n_scenarios; sc++) {
        cr_assert(hist_equal(&a->scenarios[sc].rto_dist, &b->scenarios[sc].rto_dist));
        cr_assert(hist_equal(&a->scenarios[sc].rpo_dist, &b->scenarios[sc].rpo_dist));
        for (uint64_t k = 0; k < 5000; k++) {  /* trial by trial */
            double rto = trial_run(wa, sc, k, NULL)->rto_s, rpo = trial_run(wa, sc, k, NULL)->rpo_s;
            cr_assert_eq(trial_run(wb, sc, k, NULL)->rto_s, rto);
            cr_assert_eq(trial_run(wb, sc, k, NULL)->rpo_s, rpo);
        }
    }
    trial_worker_free(wa);
    trial_worker_free(wb);
    mc_results_free(a);
    mc_results_free(b);
    plan_free(q);
    factor_list_free(f, n);
    fixture_src_free(&s);
}

static struct sensitivity_results *analyse(const struct fixture_src *s, uint64_t trials,
                                           int threads, double spread)
{
    struct sensitivity_options o = {trials, SEED, threads, spread, NULL, NULL};
    struct sensitivity_results *r = NULL;
    enum sweep_status st = sensitivity_run(s->p, s->name, s->text, s->len, &o, &r);
    cr_assert_eq(st, SWEEP_OK, "%s", sweep_strerror(st));
    return r;
}

/* uniform(0, 2h) restores service; moved to P10/P90 (x0.2, x1.8) it is in time within 1h
 * always, and with probability 1/3.6. */
Test(sensitivity, closed_form_low_and_high)
{
    struct fixture_src s;
    const uint64_t n = 20000;
    fixture_src_load(&s, "tests/data/sens-step.yaml");
    struct sensitivity_results *r = analyse(&s, n, 2, 0);
    cr_assert_eq(r->n_factors, 2, "fix and tidy-up");
    cr_assert_eq(r->n_fixed, 1, "report");
    cr_assert_eq(r->n_zero, 1, "the outage that never ends");
    cr_assert_eq(r->n_runs, 5);
    const struct sensitivity_factor *fx = &r->factors[0];
    cr_assert_str_eq(fx->f.path, "scenarios.outage.runbook.fix.duration", "ranked first");
    cr_expect(fabs(fx->k_lo - 0.2) < 1e-12 && fabs(fx->k_hi - 1.8) < 1e-12);
    cr_expect(fabs(fx->typical - 3600) < 1e-9);
    double se_base = sqrt(0.25 / (double)n), p_hi = 1 / 3.6;
    double se_hi = sqrt(p_hi * (1 - p_hi) / (double)n);
    cr_expect(fabs(r->base[0].rto_obj.p_met - 0.5) <= 4 * se_base, "base %.4f",
              r->base[0].rto_obj.p_met);
    cr_expect_eq(fx->lo[0].rto_obj.p_met, 1.0);
    cr_expect(fabs(fx->hi[0].rto_obj.p_met - p_hi) <= 4 * se_hi, "high %.4f",
              fx->hi[0].rto_obj.p_met);
    cr_expect(fabs(fx->swing_p - (1 - fx->hi[0].rto_obj.p_met)) < 1e-15);
    cr_expect_eq(fx->swing_scenario, 0);
    cr_expect_eq(fx->swing_objective, SWEEP_RTO);
    /* The step after service is restored moves nothing the ranking looks at. */
    const struct sensitivity_factor *td = &r->factors[1];
    cr_assert_str_eq(td->f.path, "scenarios.outage.runbook.tidy-up.duration");
    cr_expect_eq(td->swing_p, 0);
    cr_expect_eq(td->swing_rel, 0);
    cr_expect_eq(memcmp(&td->lo[0].rto, &r->base[0].rto, sizeof r->base[0].rto), 0);
    sensitivity_results_free(r);
    fixture_src_free(&s);
}

/* With a spread every input moves, fixed ones included, by the same factors. */
Test(sensitivity, spread_includes_fixed_values)
{
    struct fixture_src s;
    fixture_src_load(&s, "tests/data/sens-step.yaml");
    struct sensitivity_results *r = analyse(&s, 2000, 1, 0.25);
    cr_assert_eq(r->n_factors, 3);
    cr_assert_eq(r->n_fixed, 0);
    for (int i = 0; i < r->n_factors; i++) {
        cr_expect_eq(r->factors[i].k_lo, 0.75);
        cr_expect_eq(r->factors[i].k_hi, 1.25);
    }
    cr_assert_str_eq(r->factors[0].f.path, "scenarios.outage.runbook.fix.duration");
    sensitivity_results_free(r);
    fixture_src_free(&s);
}

/* Longer durations never help: on the tutorial plan each duration's high run meets the
 * RTO at most as often as its low run (within noise, which common random numbers make
 * small), and the ranking is by the probability swing. */
Test(sensitivity, ranking_and_threads, .timeout = 120)
{
    struct fixture_src s;
    fixture_src_load(&s, "scenarios/tutorial.yaml");
    struct sensitivity_results *a = analyse(&s, 4000, 1, 0);
    struct sensitivity_results *b = analyse(&s, 4000, 2, 0);
    cr_assert_eq(a->n_factors, b->n_factors);
    cr_assert_gt(a->n_factors, 10);
    for (int i = 0; i < a->n_factors; i++) {
        const struct sensitivity_factor *x = &a->factors[i], *y = &b->factors[i];
        cr_assert_str_eq(x->f.path, y->f.path);
        cr_assert_eq(memcmp(x->lo, y->lo, (size_t)a->n_scenarios * sizeof *x->lo), 0);
        cr_assert_eq(memcmp(x->hi, y->hi, (size_t)a->n_scenarios * sizeof *x->hi), 0);
        if (i > 0)
            cr_assert_geq(a->factors[i - 1].swing_p, x->swing_p);
    }
    sensitivity_results_free(a);
    sensitivity_results_free(b);
    fixture_src_free(&s);
}

/* One tornado per objective some input moves: the RTO here (the RPO has no store). */
Test(sensitivity, tornado_and_json)
{
    struct fixture_src s;
    char err[512];
    int n_files = 0;
    fixture_src_load(&s, "tests/data/sens-step.yaml");
    struct sensitivity_results *r = analyse(&s, 2000, 2, 0);
    struct draw_meta dm = {"test", "drsim sensitivity", 0};
    char dir[64], path[128];
    fixture_tmpdir(dir, "tornado");
    cr_assert_eq(draw_write_tornado(dir, r, &dm, &n_files, err, sizeof err),
                 DRAW_OK, "%s", err);
    cr_assert_eq(n_files, 3);
    snprintf(path, sizeof path, "%s/tornado-outage-rto.pdf", dir);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fclose(f);
    struct sweep_report_options ro = {0, "test", "drsim sensitivity", 0};
    snprintf(path, sizeof path, "%s/sensitivity.json", dir);
    cr_assert_eq(sweep_report_json_sensitivity(path, r, &ro), 0);
    struct wb_options wo = {"test", "drsim sensitivity", 1, 0, 0, NULL, NULL, WB_PAPER_A4};
    snprintf(path, sizeof path, "%s/book.xlsx", dir);
    cr_assert_eq(wb_write_sensitivity(path, r, &wo, err, sizeof err), WB_OK, "%s", err);
    f = fopen(path, "rb");
    cr_assert_not_null(f);
    fclose(f);
    sensitivity_results_free(r);
    fixture_src_free(&s);
    fixture_rm_rf(dir);
}

/* Every input of the built-in plan moved at once by a factor of 1 (the Sobol method's
 * runs vary them all together) gives back the plan as written: the same trials, bit for
 * bit. A run that changed anything else (an edit landing on a neighbour's text, an alias
 * expanded differently) would move every Sobol run the same way. */
Test(factor, all_inputs_at_once_by_one_leave_the_plan_unchanged, .timeout = 120)
{
    struct fixture_src s;
    struct factor *f;
    int n;
    fixture_src_load(&s, "scenarios/commcare.yaml");
    cr_assert_eq(factor_list(s.p, &f, &n), 0);
    struct vary_change *ch = calloc((size_t)n, sizeof *ch);
    cr_assert_not_null(ch);
    for (int i = 0; i < n; i++)
        ch[i] = (struct vary_change){.how = VARY_SCALE, .path = f[i].path, .k = 1.0};
    struct plan *q = varied(&s, ch, n);
    struct trial_worker *a = trial_worker_new(s.p, SEED), *b = trial_worker_new(q, SEED);
    for (int sc = 0; sc < s.p->n_scenarios; sc++)
        for (uint64_t t = 0; t < 400; t++) {
            struct trial_result ra = *trial_run(a, sc, t, NULL);
            const struct trial_result *rb = trial_run(b, sc, t, NULL);
            cr_assert(ra.rto_s == rb->rto_s && ra.rpo_s == rb->rpo_s && ra.full_s == rb->full_s,
                      "scenario %s trial %llu: RTO %g vs %g, RPO %g vs %g",
                      s.p->scenarios[sc].name, (unsigned long long)t, ra.rto_s, rb->rto_s,
                      ra.rpo_s, rb->rpo_s);
        }
    trial_worker_free(a);
    trial_worker_free(b);
    plan_free(q);
    free(ch);
    factor_list_free(f, n);
    fixture_src_free(&s);
}
