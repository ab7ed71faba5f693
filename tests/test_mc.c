/* tests/test_mc.c: the Monte Carlo driver: determinism across threads, replay of one
 * trial, objectives and verdicts, annualized figures, and the plan files. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load.h"
#include "sim/mc.h"
#include "sim/stats.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(20260105)

#define MIN 60.0
#define HOUR 3600.0

static void expect_same(const struct mc_results *a, const struct mc_results *b)
{
    cr_assert_eq(a->n_scenarios, b->n_scenarios);
    for (int s = 0; s < a->n_scenarios; s++) {
        const struct mc_scenario_result *x = &a->scenarios[s], *y = &b->scenarios[s];
        cr_assert(hist_equal(&x->rto_dist, &y->rto_dist));
        cr_assert(hist_equal(&x->rpo_dist, &y->rpo_dist));
        cr_assert(hist_equal(&x->rpo_all_dist, &y->rpo_all_dist));
        cr_assert(hist_equal(&x->full_dist, &y->full_dist));
        cr_assert_eq(memcmp(&x->rto, &y->rto, sizeof x->rto), 0);
        cr_assert_eq(memcmp(&x->rpo, &y->rpo, sizeof x->rpo), 0);
        cr_assert_eq(memcmp(&x->full, &y->full, sizeof x->full), 0);
        cr_assert_eq(memcmp(&x->rpo_all, &y->rpo_all, sizeof x->rpo_all), 0);
        cr_assert_eq(memcmp(&x->rto_obj, &y->rto_obj, sizeof x->rto_obj), 0);
        cr_assert_eq(memcmp(&x->rpo_obj, &y->rpo_obj, sizeof x->rpo_obj), 0);
        cr_assert_eq(memcmp(&x->rpo_all_obj, &y->rpo_all_obj, sizeof x->rpo_all_obj), 0);
        cr_assert_eq(memcmp(x->outcomes, y->outcomes, sizeof x->outcomes), 0);
        cr_assert_eq(memcmp(&x->failback, &y->failback, sizeof x->failback), 0);
        cr_assert_eq(memcmp(&x->rto_hist, &y->rto_hist, sizeof x->rto_hist), 0);
        cr_assert_eq(memcmp(&x->rpo_hist, &y->rpo_hist, sizeof x->rpo_hist), 0);
        cr_assert_eq(memcmp(x->steps, y->steps, (size_t)x->n_steps * sizeof *x->steps), 0);
        cr_assert_eq(memcmp(x->stores, y->stores, (size_t)x->n_stores * sizeof *x->stores), 0);
        cr_assert_eq(
            memcmp(x->services, y->services, (size_t)x->n_services * sizeof *x->services), 0);
        cr_assert_eq(x->median_rto_trial, y->median_rto_trial);
        cr_assert_eq(x->p95_rto_trial, y->p95_rto_trial);
        cr_assert_eq(x->max_rto_trial, y->max_rto_trial);
        cr_assert_eq(x->downtime_per_year_s, y->downtime_per_year_s);
        cr_assert_eq(x->data_loss_per_year_s, y->data_loss_per_year_s);
        cr_assert_eq(x->unrecoverable_per_year, y->unrecoverable_per_year);
        cr_assert_eq(x->mean_go_wait_s, y->mean_go_wait_s);
        cr_assert_eq(x->p_breach_year, y->p_breach_year);
    }
}

/* Replay trials 0 .. n-1 of scenario s with the run's seed (what the run computed). */
static void replay(const struct plan *p, int s, uint64_t n, double *rto, double *rpo,
                   uint64_t *n_in_place)
{
    struct trial_worker *w = trial_worker_new(p, SEED);
    cr_assert_not_null(w);
    *n_in_place = 0;
    for (uint64_t k = 0; k < n; k++) {
        const struct trial_result *t = trial_run(w, s, k, NULL);
        rto[k] = t->rto_s;
        rpo[k] = t->rpo_s;
        *n_in_place += t->in_place != 0;
        if (t->in_place)
            cr_assert_eq(t->rpo_s, 0.0);
    }
    trial_worker_free(w);
}

/* got is within the histogram's resolution of the exact value e (equal when e is 0 or
 * infinite). */
static void assert_within_res(double got, double e, const char *what)
{
    if (e == 0.0 || isinf(e))
        cr_assert_eq(got, e, "%s: %.17g vs %.17g", what, got, e);
    else
        cr_assert(fabs(got - e) <= HIST_REL_RES * fabs(e), "%s: %.17g vs %.17g", what, got, e);
}

Test(mc, identical_results_for_any_thread_count)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct mc_results *r1 = NULL, *r2 = NULL, *r3 = NULL;
    /* 3 chunks and a partial one, so threads really interleave. */
    const uint64_t n = 3 * MC_CHUNK + 123;
    cr_assert_eq(mc_run(p, n, SEED, 1, NULL, NULL, &r1), MC_OK);
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r2), MC_OK);
    cr_assert_eq(mc_run(p, n, SEED, 3, NULL, NULL, &r3), MC_OK);
    expect_same(r1, r2);
    expect_same(r1, r3);
    cr_assert_eq(r2->threads, 2);
    mc_results_free(r1);
    mc_results_free(r2);
    mc_results_free(r3);
    plan_free(p);
}

Test(mc, a_trial_replayed_alone_matches_the_run)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct mc_results *r = NULL;
    const uint64_t n = 10000;
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r), MC_OK);
    struct trial_worker *w = trial_worker_new(p, SEED);
    double *v = malloc(n * sizeof *v);
    cr_assert_not_null(v);
    for (int s = 0; s < 2; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        /* Every trial replayed alone, in trial order on one worker, adds up to exactly
         * the run's histograms (two threads, chunks in any order). */
        struct hist h_rto, h_full;
        hist_init(&h_rto, sr->rto_dist.target_s, sr->rto_dist.n_targets);
        hist_init(&h_full, NULL, 0);
        for (uint64_t k = 0; k < n; k++) {
            const struct trial_result *t = trial_run(w, s, k, NULL);
            cr_assert_eq(hist_add(&h_rto, t->rto_s), 0);
            cr_assert_eq(hist_add(&h_full, t->full_s), 0);
            v[k] = t->rto_s;
        }
        cr_assert(hist_equal(&h_rto, &sr->rto_dist));
        cr_assert(hist_equal(&h_full, &sr->full_dist));
        /* The median trial: the first whose RTO is in the bin of the exact lower median. */
        uint64_t first = UINT64_MAX;
        cr_assert_eq(stats_sort(v, n), 0);
        int bin = hist_bin_of(v[(n - 1) / 2]);
        for (uint64_t k = 0; k < n && first == UINT64_MAX; k++)
            if (hist_bin_of(trial_run(w, s, k, NULL)->rto_s) == bin)
                first = k;
        cr_assert_eq(sr->median_rto_trial, first);
        const struct trial_result *t = trial_run(w, s, sr->median_rto_trial, NULL);
        assert_within_res(t->rto_s, v[(n - 1) / 2], "median trial's RTO");
        cr_assert_eq(trial_run(w, s, sr->max_rto_trial, NULL)->rto_s, v[n - 1]);
        /* The typical trial the results carry is that trial, step by step. */
        t = trial_run(w, s, sr->median_rto_trial, NULL);
        cr_assert_eq(sr->typical.trial, sr->median_rto_trial);
        cr_assert_eq(sr->typical.rto_s, t->rto_s);
        cr_assert_eq(sr->typical.n_steps, t->n_steps);
        cr_assert_eq(sr->typical.critical_mask, t->critical_mask);
        for (int i = 0; i < t->n_steps; i++) {
            const struct trial_step *a = &sr->typical.steps[i], *b = &t->steps[i];
            /* Bit patterns, so that NAN (never started) compares equal to itself. */
            cr_assert_eq(memcmp(&a->start_s, &b->start_s, sizeof a->start_s), 0);
            cr_assert_eq(memcmp(&a->end_s, &b->end_s, sizeof a->end_s), 0);
            cr_assert_eq(a->duration_s, b->duration_s);
            cr_assert_eq(a->state, b->state);
            cr_assert_eq(a->on_path, b->on_path);
        }
        cr_assert_null(sr->typical.service_rto_s);
        /* Different seeds give different runs. */
        struct trial_worker *w2 = trial_worker_new(p, SEED + 1);
        double other = trial_run(w2, s, 5, NULL)->rto_s;
        cr_assert_neq(other, trial_run(w, s, 5, NULL)->rto_s);
        trial_worker_free(w2);
        hist_fini(&h_rto);
        hist_fini(&h_full);
    }
    free(v);
    trial_worker_free(w);
    mc_results_free(r);
    plan_free(p);
}

Test(mc, summaries_agree_with_the_replayed_trials)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct mc_results *r = NULL;
    const uint64_t n = 20000;
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r), MC_OK);
    double *v = malloc(n * sizeof *v), *rpo = malloc(n * sizeof *rpo);
    cr_assert(v && rpo);
    for (int s = 0; s < 2; s++) {
        const struct scenario *sc = &p->scenarios[s];
        const struct mc_scenario_result *sr = &r->scenarios[s];
        uint64_t end = 0, met = 0, hist = 0, svc_rto = 0, svc_rpo = 0;
        replay(p, s, n, v, rpo, &end);
        for (uint64_t k = 0; k < n; k++) {
            met += v[k] <= sc->rto_target_s;
            svc_rto += v[k] <= 8 * HOUR;
            svc_rpo += rpo[k] <= 24 * HOUR;
        }
        stats_sort(v, n);
        assert_within_res(sr->rto.p95_s, stats_percentile_sorted(v, n, 0.95), "RTO P95");
        cr_assert_eq(sr->rto.max_s, v[n - 1]);
        for (int b = 0; b < MC_HIST_BINS; b++)
            hist += sr->rto_hist.counts[b];
        cr_assert_eq(hist, n);
        cr_assert_eq(sr->rto_obj.n_met, met);   /* exact, whatever the bins */
        cr_assert_eq(sr->n_in_place, end);
        cr_assert(end > 0 && end < n);
        /* Verdict rule. */
        const struct mc_objective *o = &sr->rto_obj;
        enum mc_verdict want = o->ci_lo >= p->confidence ? MC_VERDICT_MEETS
                               : o->p_met >= p->confidence ? MC_VERDICT_AT_RISK
                                                           : MC_VERDICT_BREACH;
        cr_assert_eq(o->verdict, want);
        cr_assert(o->ci_lo <= o->p_met && o->p_met <= o->ci_hi);
        cr_assert_eq(o->margin_s, o->target_s - o->value_at_confidence_s);
        assert_within_res(o->value_at_confidence_s,
                          stats_percentile_sorted(v, n, p->confidence), "RTO at confidence");
        /* Steps: the service step is on every failover trial's path. */
        cr_assert_eq(sr->steps[sc->service_step].n_on_path, n - end);
        cr_assert_eq(sr->steps[0].n_ran, n);
        /* The only counting store is the scenario's RPO: its histogram's percentiles
         * agree within the resolution, counts and the maximum exactly. */
        stats_sort(rpo, n);
        assert_within_res(sr->stores[0].rpo.p90_s, stats_percentile_sorted(rpo, n, 0.9),
                          "store RPO P90");
        cr_assert_eq(sr->stores[0].rpo.max_s, rpo[n - 1]);
        cr_assert_eq(sr->stores[plan_find_store(p, "sessions")].n_no_point, n - end);
        /* checkout depends on shopdb only and is restored by the service step. */
        cr_assert_eq(sr->services[0].rto_obj.n_met, svc_rto);
        cr_assert_eq(sr->services[0].rpo_obj.n_met, svc_rpo);
        cr_assert_eq(sr->services[0].rto.max_s, sr->rto.max_s);
    }
    free(v);
    free(rpo);
    mc_results_free(r);
    plan_free(p);
}

static const char fixed_yaml[] =
    "plan: {name: fixed}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "policy:\n"
    "  objectives:\n"
    "    region: {rpo: 0s, rto: %s}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 2\n"
    "    duration: never\n"
    "    service_restored_by: b\n"
    "    runbook:\n"
    "      a: {duration: %s}\n"
    "      b: {duration: 40m, after: [a]}\n";

Test(mc, fixed_plan_objectives_and_annual_figures)
{
    struct plan *p = fixture_plan_text(fixed_yaml, "2h", "20m");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 1000, SEED, 1, NULL, NULL, &r), MC_OK);
    const struct mc_scenario_result *sr = &r->scenarios[0];
    cr_assert_eq(sr->rto.p50_s, HOUR);
    cr_assert_eq(sr->rto.p99_s, HOUR);
    cr_assert_eq(sr->rto.mean_s, HOUR);
    cr_assert_eq(sr->rto_obj.n_met, 1000u);
    cr_assert_eq(sr->rto_obj.verdict, MC_VERDICT_MEETS);
    cr_assert_eq(sr->rto_obj.margin_s, HOUR);
    cr_assert_eq(sr->rpo_obj.verdict, MC_VERDICT_MEETS); /* no stores: nothing lost */
    cr_assert_eq(sr->downtime_per_year_s, 2 * HOUR);
    cr_assert_eq(sr->p_breach_year, 0.0);
    cr_assert_eq(sr->steps[0].mean_contribution_s, 20 * MIN);
    cr_assert_eq(sr->steps[1].path_share, 1.0);
    cr_assert_eq(sr->rto_hist.counts[mc_hist_bin(HOUR)], 1000u);
    int b = mc_hist_bin(HOUR);
    cr_assert(mc_hist_lower_s(b) <= HOUR && HOUR < mc_hist_upper_s(b));
    mc_results_free(r);
    plan_free(p);

    p = fixture_plan_text(fixed_yaml, "30m", "20m");
    cr_assert_eq(mc_run(p, 1000, SEED, 1, NULL, NULL, &r), MC_OK);
    sr = &r->scenarios[0];
    cr_assert_eq(sr->rto_obj.verdict, MC_VERDICT_BREACH);
    cr_assert_eq(sr->rto_obj.margin_s, -30 * MIN);
    cr_assert_eq(sr->n_breach, 1000u);
    cr_assert(fabs(sr->p_breach_year - (1 - exp(-2.0))) < 1e-15);
    mc_results_free(r);
    plan_free(p);
}

Test(mc, at_risk_when_the_interval_straddles_the_confidence)
{
    /* With the target at the 951st smallest RTO of 1000 trials, P = 0.951 >= 0.95 but the
     * Wilson lower bound (about 0.937) is below: at risk, whatever the draws. */
    const char *uniform = "{dist: uniform, min: 0s, max: 100m}";
    struct plan *p = fixture_plan_text(fixed_yaml, "2h", uniform);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 1000, SEED, 1, NULL, NULL, &r), MC_OK);
    char target[64];
    double v[1000];
    uint64_t n_in_place;
    double rpo[1000];
    replay(p, 0, 1000, v, rpo, &n_in_place);
    stats_sort(v, 1000);
    snprintf(target, sizeof target, "%.6fs", v[950]);
    mc_results_free(r);
    plan_free(p);
    p = fixture_plan_text(fixed_yaml, target, uniform);
    cr_assert_eq(mc_run(p, 1000, SEED, 1, NULL, NULL, &r), MC_OK);
    const struct mc_objective *o = &r->scenarios[0].rto_obj;
    cr_assert_eq(o->n_met, 951u, "target %s met %llu", target, (unsigned long long)o->n_met);
    cr_assert_eq(o->verdict, MC_VERDICT_AT_RISK, "p %g lo %g", o->p_met, o->ci_lo);
    cr_assert(o->margin_s > 0.0); /* the P95 is below the target */
    mc_results_free(r);
    plan_free(p);
}

struct prog {
    int calls;
    uint64_t last_done, total;
    int cancel_after;
};

static int on_progress(void *user, uint64_t done, uint64_t total)
{
    struct prog *g = user;
    g->calls++;
    cr_assert(done >= g->last_done);
    g->last_done = done;
    g->total = total;
    return g->cancel_after > 0 && g->calls >= g->cancel_after;
}

Test(mc, progress_cancel_and_bad_arguments)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct mc_results *r = NULL;
    struct prog g = {0, 0, 0, 0};
    cr_assert_eq(mc_run(p, 2 * MC_CHUNK, SEED, 1, on_progress, &g, &r), MC_OK);
    cr_assert_eq(g.last_done, 4u * MC_CHUNK);
    cr_assert_eq(g.total, 4u * MC_CHUNK);
    mc_results_free(r);
    struct prog c = {0, 0, 0, 1};
    cr_assert_eq(mc_run(p, 4 * MC_CHUNK, SEED, 1, on_progress, &c, &r), MC_CANCELLED);
    cr_assert_null(r);
    cr_assert_eq(mc_run(p, 0, SEED, 1, NULL, NULL, &r), MC_INVALID);
    cr_assert_eq(mc_run(p, 10, SEED, 0, NULL, NULL, &r), MC_INVALID);
    cr_assert_null(r);
    /* More threads than work. */
    cr_assert_eq(mc_run(p, 10, SEED, 8, NULL, NULL, &r), MC_OK);
    cr_assert_eq(r->scenarios[1].n_trials, 10u);
    mc_results_free(r);
    mc_results_free(NULL);
    cr_assert_str_eq(mc_verdict_name(MC_VERDICT_AT_RISK), "at risk");
    cr_assert_str_eq(mc_strerror(MC_NOMEM), "out of memory");
    plan_free(p);
}

/* ---- plan files through the loader ------------------------------------------------------- */

Test(mc, tutorial_plan_runs_and_replays)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 20000, SEED, 2, NULL, NULL, &r), MC_OK);
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        cr_assert(sr->rto.p50_s > 0 && isfinite(sr->rto.p99_s));
        cr_assert(sr->n_in_place > 0);
        for (uint64_t k = 0; k < 20000; k += 997) {
            const struct trial_result *t = trial_run(w, s, k, NULL);
            cr_assert(t->rto_s >= sr->rto_dist.min_s && t->rto_s <= sr->rto_dist.max_s);
            cr_assert(t->rpo_s >= sr->rpo_dist.min_s && t->rpo_s <= sr->rpo_dist.max_s);
            if (!t->in_place && p->rto_clock == RTO_FROM_OUTAGE) {
                double sum = t->path_go_wait_s; /* waiting for the go: its own item */
                for (int i = 0; i < t->n_steps; i++)
                    sum += t->steps[i].on_path ? t->steps[i].contribution_s : 0.0;
                cr_assert(fabs(sum - t->rto_s) <= 1e-9 * t->rto_s);
            }
        }
    }
    /* The zone scenario fails the database over (sync replica): no data lost. */
    int z = plan_find_scenario(p, "zone");
    cr_assert_eq(r->scenarios[z].rpo.max_s, 0.0);
    trial_worker_free(w);
    mc_results_free(r);
    plan_free(p);
}

/* A known answer written as a plan file: a daily backup completing after 1 h gives an
 * RPO uniform on [1 h, 25 h]; a 2 h restore after a fixed 10 m detection gives RTO 2h10m. */
static const char known_yaml[] =
    "plan:\n"
    "  name: known\n"
    "calendar:\n"
    "  epoch: 2026-01-05\n"
    "policy:\n"
    "  objectives:\n"
    "    region: {rpo: 24h, rto: 3h}\n"
    "stores:\n"
    "  db:\n"
    "    size: 720GB\n"
    "    zone_redundancy: {mode: none}\n"
    "    backups:\n"
    "      daily:\n"
    "        schedule: daily 00:00\n"
    "        complete: 1h\n"
    "        location: cross-region\n"
    "    recovery: restore\n"
    "    restore:\n"
    "      throughput: 100MB/s\n"
    "      overhead: 0s\n"
    "      parallelism: 1\n"
    "staffing:\n"
    "  roles:\n"
    "    oncall:\n"
    "      count: 1\n"
    "      response: {business: 0s, night: 0s, weekend: 0s}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 0.1\n"
    "    duration: never\n"
    "    service_restored_by: restore-db\n"
    "    runbook:\n"
    "      detect:\n"
    "        duration: 10m\n"
    "      restore-db:\n"
    "        restore: db\n"
    "        needs: [oncall]\n"
    "        after: [detect]\n";

Test(mc, known_answers_from_a_plan_text)
{
    struct diag_list d;
    struct plan *p = NULL;
    diag_init(&d, "known.yaml", known_yaml, sizeof known_yaml - 1);
    enum load_status st = load_plan_text("known.yaml", known_yaml, sizeof known_yaml - 1, &d, &p);
    if (st != LOAD_OK)
        diag_print(&d, stderr);
    diag_fini(&d);
    cr_assert_eq(st, LOAD_OK);
    struct mc_results *r = NULL;
    const uint64_t n = 20000;
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r), MC_OK);
    const struct mc_scenario_result *sr = &r->scenarios[0];
    cr_assert_eq(sr->rto.p50_s, 10 * MIN + 7200.0);
    cr_assert_eq(sr->rto.max_s, 10 * MIN + 7200.0);
    double se = 24 * HOUR / sqrt(12.0 * n);
    cr_assert(fabs(sr->rpo.mean_s - 13 * HOUR) < 4 * se, "mean %g", sr->rpo.mean_s);
    cr_assert(sr->rpo.max_s <= 25 * HOUR && sr->rpo_dist.min_s >= HOUR);
    /* P(RPO <= 24 h) = 23/24. */
    double pm = 23.0 / 24.0;
    cr_assert(fabs(sr->rpo_obj.p_met - pm) < 4 * sqrt(pm * (1 - pm) / n), "%g", sr->rpo_obj.p_met);
    cr_assert(fabs(sr->data_loss_per_year_s - 0.1 * sr->rpo.mean_finite_s) < 1e-9);
    mc_results_free(r);
    plan_free(p);
}
