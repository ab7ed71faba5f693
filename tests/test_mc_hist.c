/* tests/test_mc_hist.c: the Monte Carlo results in bounded memory (sim/mc_acc.h): the
 * percentiles of a run against exact sorting of its replayed trials for every kind of
 * distribution and for point masses, P(meet) as an exact count, merging, and memory that
 * does not grow with the number of trials. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/hist.h"
#include "sim/mc.h"
#include "sim/mc_acc.h"
#include "sim/stats.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(1414)

/* One scenario: step a draws the distribution under test, b is fixed; the RPO target is
 * 0 s (no stores: every RPO is exactly 0, a point mass), the RTO target 2 h. */
static const char one_yaml[] =
    "plan: {name: kinds}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "policy:\n"
    "  objectives:\n"
    "    region: {rpo: 0s, rto: 2h}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: never\n"
    "    service_restored_by: b\n"
    "    runbook:\n"
    "      a: {duration: %s}\n"
    "      b: {duration: 10m, after: [a]}\n";

static void assert_within_res(double got, double e, const char *what)
{
    if (e == 0.0 || isinf(e))
        cr_assert_eq(got, e, "%s: %.17g vs %.17g", what, got, e);
    else
        cr_assert(fabs(got - e) <= HIST_REL_RES * fabs(e), "%s: %.17g vs %.17g", what, got, e);
}

/* Run n trials of a plan whose step a draws `dist`, replay them, and compare. */
static void check_kind(const char *dist, uint64_t n)
{
    struct plan *p = fixture_plan_text(one_yaml, dist);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r), MC_OK, "%s", dist);
    const struct mc_scenario_result *sr = &r->scenarios[0];
    double *v = malloc(n * sizeof *v);
    struct trial_worker *w = trial_worker_new(p, SEED);
    cr_assert(v && w);
    uint64_t met = 0, rpo_zero = 0;
    for (uint64_t k = 0; k < n; k++) {
        const struct trial_result *t = trial_run(w, 0, k, NULL);
        v[k] = t->rto_s;
        met += t->rto_s <= 2 * 3600.0;
        rpo_zero += t->rpo_s == 0.0;
    }
    cr_assert_eq(stats_sort(v, n), 0);
    const double q[] = {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        char what[96];
        snprintf(what, sizeof what, "%s at %g", dist, q[i]);
        assert_within_res(hist_percentile(&sr->rto_dist, q[i]), stats_percentile_sorted(v, n, q[i]),
                          what);
    }
    assert_within_res(sr->rto.p50_s, stats_percentile_sorted(v, n, 0.5), dist);
    assert_within_res(sr->rto.p99_s, stats_percentile_sorted(v, n, 0.99), dist);
    cr_assert_eq(sr->rto.max_s, v[n - 1], "%s", dist);
    cr_assert_eq(sr->rto_dist.min_s, v[0], "%s", dist);
    /* The mean is the exact sum rounded once, divided by n. */
    double sum = 0;
    for (uint64_t k = 0; k < n; k++)
        sum += v[k];
    cr_assert(fabs(sr->rto.mean_s - sum / (double)n) <= 1e-12 * sum / (double)n, "%s", dist);
    /* P(meet): an exact count, and the interval from it. */
    cr_assert_eq(sr->rto_obj.n_met, met, "%s", dist);
    cr_assert_eq(sr->rto_obj.p_met, (double)met / (double)n);
    double lo, hi;
    stats_wilson(met, n, STATS_Z95, &lo, &hi);
    cr_assert_eq(sr->rto_obj.ci_lo, lo);
    cr_assert_eq(sr->rto_obj.ci_hi, hi);
    assert_within_res(sr->rto_obj.value_at_confidence_s,
                      stats_percentile_sorted(v, n, p->confidence), dist);
    /* The RPO is a point mass at 0: every figure exactly 0, the target met by all. */
    cr_assert_eq(rpo_zero, n);
    cr_assert_eq(sr->rpo.p50_s, 0.0);
    cr_assert_eq(sr->rpo.p99_s, 0.0);
    cr_assert_eq(sr->rpo.max_s, 0.0);
    cr_assert_eq(sr->rpo_obj.n_met, n);
    cr_assert_eq(sr->rpo_obj.value_at_confidence_s, 0.0);
    free(v);
    trial_worker_free(w);
    mc_results_free(r);
    plan_free(p);
}

Test(mc_hist, percentiles_of_every_kind_within_the_resolution, .timeout = 240)
{
    static const char *const kinds[] = {
        "20m",                                              /* fixed: a point mass */
        "{dist: uniform, min: 10m, max: 2h}",
        "{dist: triangular, min: 10m, mode: 30m, max: 3h}",
        "{dist: normal, mean: 1h, sd: 40m}",               /* truncated at 0 */
        "{dist: lognormal, median: 40m, p90: 3h}",
        "{dist: gamma, shape: 2, mean: 1h}",
        "{dist: weibull, shape: 0.7, scale: 1h}",
        "{dist: exponential, mean: 50m}",
        "{dist: empirical, values: [10m, 25m, 25m, 1h, 4h]}", /* atoms */
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        check_kind(kinds[i], 100000);
}

/* Merging accumulators of disjoint trials gives, bit for bit, the accumulator of all of
 * them, in either order: what threads, MPI ranks and shards rely on. */
Test(mc_hist, merge_of_parts_equals_the_whole)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct mc_acc *whole = calloc(3, sizeof *whole), *a = whole + 1, *b = whole + 2;
    cr_assert(w && whole);
    const int s = 1;
    cr_assert_eq(mc_acc_init(whole, p, s), 0);
    cr_assert_eq(mc_acc_init(a, p, s), 0);
    cr_assert_eq(mc_acc_init(b, p, s), 0);
    for (uint64_t k = 0; k < 6000; k++) {
        const struct trial_result *t = trial_run(w, s, k, NULL);
        mc_acc_add(whole, p, k, t);
        mc_acc_add(k % 3 == 1 ? a : b, p, k, t);
    }
    cr_assert_eq(mc_acc_merge(b, a), 0);
    cr_assert_eq(b->n, whole->n);
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        cr_assert(hist_equal(&b->rto[o], &whole->rto[o]));
        cr_assert(hist_equal(&b->rpo[o], &whole->rpo[o]));
    }
    cr_assert(hist_equal(&b->full, &whole->full));
    for (int i = 0; i < whole->n_steps; i++) {
        cr_assert_eq(b->steps[i].n_on_path, whole->steps[i].n_on_path);
        cr_assert_eq(hist_xsum_value(&b->steps[i].duration_s),
                     hist_xsum_value(&whole->steps[i].duration_s));
    }
    for (uint64_t rank = 0; rank < 6000; rank += 599)
        cr_assert_eq(mc_acc_rep_trial(b, rank), mc_acc_rep_trial(whole, rank));
    cr_assert_eq(b->rto_max_trial, whole->rto_max_trial);
    cr_assert_eq(memcmp(&b->rto_chart, &whole->rto_chart, sizeof b->rto_chart), 0);
    /* Another scenario's accumulator does not merge. */
    struct mc_acc *other = calloc(1, sizeof *other);
    cr_assert_not_null(other);
    cr_assert_eq(mc_acc_init(other, p, 0), 0);
    cr_assert_eq(mc_acc_merge(b, other), -1);
    mc_acc_fini(other);
    free(other);
    for (int i = 0; i < 3; i++)
        mc_acc_fini(&whole[i]);
    free(whole);
    trial_worker_free(w);
    plan_free(p);
}

/* 1 when two accumulators of the same scenario hold the same: every histogram, count,
 * exact sum, chart bin and representative index. */
static int acc_same(const struct mc_acc *a, const struct mc_acc *b)
{
    int same = a->n == b->n && a->n_abandoned == b->n_abandoned &&
               a->n_rpo_no_point == b->n_rpo_no_point && a->n_breach == b->n_breach &&
               a->n_go_wait == b->n_go_wait && a->fb_n == b->fb_n &&
               a->n_no_clean == b->n_no_clean && a->rto_max_trial == b->rto_max_trial &&
               memcmp(&a->rto_max_s, &b->rto_max_s, sizeof a->rto_max_s) == 0 &&
               hist_equal(&a->rpo_all, &b->rpo_all) && hist_equal(&a->full, &b->full) &&
               hist_equal(&a->damaged, &b->damaged) &&
               hist_xsum_value(&a->go_wait_s) == hist_xsum_value(&b->go_wait_s) &&
               hist_xsum_value(&a->p_second_loss) == hist_xsum_value(&b->p_second_loss) &&
               memcmp(&a->rto_chart, &b->rto_chart, sizeof a->rto_chart) == 0 &&
               memcmp(&a->rpo_chart, &b->rpo_chart, sizeof a->rpo_chart) == 0;
    for (int o = 0; o < MC_N_OUTCOMES; o++)
        same &= hist_equal(&a->rto[o], &b->rto[o]) && hist_equal(&a->rpo[o], &b->rpo[o]);
    for (int j = 0; j < MC_FB_N; j++)
        same &= hist_equal(&a->fb[j], &b->fb[j]);
    for (int i = 0; i < a->n_steps; i++) {
        const struct mc_acc_step *x = &a->steps[i], *y = &b->steps[i];
        same &= x->n_ran == y->n_ran && x->n_on_path == y->n_on_path &&
                x->n_handed == y->n_handed && x->handovers == y->handovers &&
                hist_xsum_value(&x->duration_s) == hist_xsum_value(&y->duration_s) &&
                hist_xsum_value(&x->staff_wait_s) == hist_xsum_value(&y->staff_wait_s) &&
                hist_xsum_value(&x->contribution_s) == hist_xsum_value(&y->contribution_s);
    }
    for (int k = 0; k < a->n_stores; k++)
        same &= a->stores[k].n_no_point == b->stores[k].n_no_point &&
                a->stores[k].n_loses == b->stores[k].n_loses &&
                hist_equal(&a->stores[k].loss, &b->stores[k].loss);
    for (int v = 0; v < a->n_services; v++)
        same &= a->services[v].n_back == b->services[v].n_back &&
                hist_equal(&a->services[v].rto, &b->services[v].rto) &&
                hist_equal(&a->services[v].rpo, &b->services[v].rpo);
    for (int j = 0; j < a->n_rules; j++)
        same &= a->clean_rule_n[j] == b->clean_rule_n[j];
    for (int pg = 0; pg < MC_ACC_REP_PAGES; pg++)
        for (int j = 0; j < HIST_PAGE; j++)
            same &= (a->rep[pg] ? a->rep[pg][j] : 0) == (b->rep[pg] ? b->rep[pg][j] : 0);
    return same;
}

/* mc_acc_rep_trial by a walk over every bin of the two outcomes' RTO histograms. */
static uint64_t rep_trial_by_bins(const struct mc_acc *a, uint64_t rank)
{
    uint64_t below = 0;
    for (int b = 0; b < HIST_N_BINS; b++) {
        uint64_t c = hist_bin_count(&a->rto[0], b) + hist_bin_count(&a->rto[1], b);
        if (rank < below + c) {
            const uint32_t *pg = a->rep[b / HIST_PAGE];
            return pg && pg[b % HIST_PAGE] ? pg[b % HIST_PAGE] - 1u : 0;
        }
        below += c;
    }
    return 0;
}

/* Trials added through a batch (values held, then counted histogram by histogram when
 * the batch fills and when it is flushed) give the accumulator mc_acc_add gives, in every
 * scenario of plans with many stores and services, failback, exposure, logical damage
 * and shift hand-overs. A batch smaller than the trials fills and empties itself on the
 * way; one larger holds them all, past twice the count at which the batch folds the
 * steps' sums by power of two into theirs. The batch holds no zero losses (it counts
 * them): stores that lose data in some trials and not in others, and infinite losses,
 * are among those compared. A batch is put no losses or services' RPOs of a trial in
 * place, which trial_outcome leaves all 0: trials in place are among those compared, and
 * their zeros are held to that. A step's runs and runs on the path are counted from its
 * sums by power of two, and as they come for values outside their range: steps that ran
 * for no time (decision-region's decision) are among those compared. Batched, a store's
 * loss is held behind a branch, and a damage scenario's clean rules are read for its
 * damaged stores only: the built-in plan has stores that never lose data in a scenario
 * (zone redundancy) and a damage scenario that damages one store of many. */
#define N_BATCHED (2 * HIST_SUM_CARRY_EVERY + 100)
Test(mc_hist, batched_adds_equal_direct_adds, .timeout = 120)
{
    static const char *const plans[] = {"scenarios/commcare.yaml", "scenarios/ransomware.yaml",
                                        "scenarios/follow-the-sun.yaml",
                                        "tests/data/decision-region.yaml", NULL};
    int saw_fb = 0, saw_damage = 0, saw_services = 0, saw_zeros = 0, saw_no_point = 0;
    int saw_handovers = 0, saw_in_place = 0, saw_no_time = 0, saw_some_damaged = 0;
    for (size_t f = 0; f < sizeof plans / sizeof plans[0]; f++) {
        struct plan *p = fixture_plan_file(plans[f]);   /* NULL: the built-in plan */
        struct trial_worker *w = trial_worker_new(p, SEED);
        struct mc_acc *direct = calloc(2, sizeof *direct), *batched = direct + 1;
        struct mc_acc_batch b;
        cr_assert(w && direct);
        cr_assert_eq(mc_acc_batch_init(&b, p, f == 0 ? 700 : N_BATCHED), 0);
        for (int s = 0; s < p->n_scenarios; s++) {
            cr_assert_eq(mc_acc_init(direct, p, s), 0);
            cr_assert_eq(mc_acc_init(batched, p, s), 0);
            for (uint64_t k = 0; k < N_BATCHED; k++) {
                const struct trial_result *t = trial_run(w, s, k, NULL);
                mc_acc_add(direct, p, k, t);
                mc_acc_add_batched(batched, p, &b, k, t);
                if (t->in_place) {
                    saw_in_place = 1;
                    for (int i = 0; i < p->n_stores; i++)
                        cr_assert_eq(t->store_loss_s[i], 0.0);
                    for (int v = 0; v < p->n_services; v++)
                        cr_assert_eq(t->service_rpo_s[v], 0.0);
                }
                for (int i = 0; i < t->n_steps; i++)
                    saw_no_time |= !isnan(t->steps[i].start_s) && t->steps[i].duration_s == 0.0;
            }
            cr_assert_eq(batched->n, N_BATCHED);   /* what was counted before the flush */
            mc_acc_flush(batched, &b);
            cr_assert_eq(b.n_trials, 0);
            cr_assert(acc_same(direct, batched), "%s, scenario %d",
                      plans[f] ? plans[f] : "built-in", s);
            saw_fb |= direct->fb_n > 0;
            saw_damage |= direct->damaged.n > 0;
            saw_services |= direct->n_services > 0;
            for (uint64_t rank = 0; rank < direct->n; rank += 97)
                cr_assert_eq(mc_acc_rep_trial(direct, rank), rep_trial_by_bins(direct, rank));
            for (int k = 0; k < direct->n_stores; k++) {
                const struct mc_acc_store *st = &direct->stores[k];
                saw_zeros |= st->loss.n_zero > 0 && st->n_loses > 0;
                saw_no_point |= st->n_no_point > 0;
            }
            for (int i = 0; i < direct->n_steps; i++)
                saw_handovers |= direct->steps[i].n_handed > 0;
            uint64_t clean = 0;
            for (int j = 0; j < direct->n_rules; j++)
                clean += direct->clean_rule_n[j];
            const uint64_t all = plan_first_bits(p->n_stores);
            saw_some_damaged |= clean > 0 && (p->scenarios[s].damage.stores_mask & all) != all;
            /* The comparison sees one trial more. */
            mc_acc_add(direct, p, N_BATCHED, trial_run(w, s, N_BATCHED, NULL));
            cr_assert(!acc_same(direct, batched));
            mc_acc_fini(direct);
            mc_acc_fini(batched);
        }
        mc_acc_batch_fini(&b);
        free(direct);
        trial_worker_free(w);
        plan_free(p);
    }
    cr_assert(saw_fb && saw_damage && saw_services && saw_zeros && saw_no_point &&
              saw_handovers && saw_in_place && saw_some_damaged);
    cr_assert(saw_no_time, "no step ran for no time");
}

/* A run's worker (trial_worker_defer_losses and trial_worker_figures_only) leaves a
 * failed-over trial's store_loss_s uncopied: the batched adds and trial_services read its
 * losses where they were drawn. Its batched accumulator is the one mc_acc_add gives from
 * the full results of a worker not told, and so is every service's RPO, trial by trial,
 * in every scenario of plans with outages (serial and not), logical damage, services and
 * stores that lose nothing. */
Test(mc_hist, figures_only_losses_equal_full_results, .timeout = 120)
{
    static const char *const plans[] = {"bench/small.yaml", "scenarios/commcare.yaml",
                                        "scenarios/ransomware.yaml", NULL};
    int saw_failed_over = 0, saw_services = 0;
    for (size_t f = 0; f < sizeof plans / sizeof plans[0]; f++) {
        struct plan *p = fixture_plan_file(plans[f]);   /* NULL: the built-in plan */
        struct trial_worker *wf = trial_worker_new(p, SEED), *we = trial_worker_new(p, SEED);
        struct mc_acc *direct = calloc(2, sizeof *direct), *batched = direct + 1;
        struct mc_acc_batch b;
        cr_assert(wf && we && direct);
        trial_worker_defer_losses(wf);
        trial_worker_defer_losses(we);
        trial_worker_figures_only(wf);
        cr_assert_eq(mc_acc_batch_init(&b, p, 700), 0);
        for (int s = 0; s < p->n_scenarios; s++) {
            cr_assert_eq(mc_acc_init(direct, p, s), 0);
            cr_assert_eq(mc_acc_init(batched, p, s), 0);
            for (uint64_t k = 0; k < 2000; k++) {
                const struct trial_result *tf = trial_run(wf, s, k, NULL);
                mc_acc_add_batched(batched, p, &b, k, tf);
                const struct trial_result *te = trial_run(we, s, k, NULL);
                mc_acc_add(direct, p, k, te);
                saw_failed_over |= !te->in_place;
                for (int v = 0; v < p->n_services; v++) {
                    saw_services = 1;
                    cr_assert_eq(memcmp(&tf->service_rpo_s[v], &te->service_rpo_s[v],
                                        sizeof te->service_rpo_s[v]),
                                 0, "%s: scenario %d trial %d service %d",
                                 plans[f] ? plans[f] : "built-in", s, (int)k, v);
                }
            }
            mc_acc_flush(batched, &b);
            cr_assert(acc_same(direct, batched), "%s, scenario %d",
                      plans[f] ? plans[f] : "built-in", s);
            mc_acc_fini(direct);
            mc_acc_fini(batched);
        }
        mc_acc_batch_fini(&b);
        free(direct);
        trial_worker_free(wf);
        trial_worker_free(we);
        plan_free(p);
    }
    cr_assert(saw_failed_over && saw_services);
}

/* A sink's trial callback for played_trials_equal_direct_adds: counts the trials. */
static void count_trial(void *chunk, const struct trial_result *r)
{
    (void)r;
    ++*(uint64_t *)chunk;
}

/* mc_acc_play plays a scenario without services, failback or exposure figures, logical
 * damage, a decision step or shifts, whose RPO over all data is its RPO (bench/small.yaml),
 * and no sink, through a loop of its own that holds those facts as constants, and plays
 * the trials up to the batch's next stop in a run; batched, the trials that breach by
 * their RTO are counted when flushed. Played in units as the driver plays them, through a
 * batch smaller than a unit (it fills and empties on the way) and one larger (its steps'
 * sums are folded in the middle of a unit), with and without a sink, every scenario of
 * such plans and of plans that have the rest gives the accumulator mc_acc_add gives from
 * the trials of a worker not told (full results), breaches included. */
Test(mc_hist, played_trials_equal_direct_adds, .timeout = 120)
{
    static const char *const plans[] = {"bench/small.yaml", "scenarios/tutorial.yaml",
                                        "scenarios/ransomware.yaml", NULL};
    const uint64_t n = 5000, unit = 2500;
    int saw_plain = 0, saw_other = 0, saw_breach = 0;
    for (size_t f = 0; f < 2 * (sizeof plans / sizeof plans[0]); f++) {
        const size_t cap = f % 2 ? 700 : unit + HIST_SUM_CARRY_EVERY;
        const char *const plan = plans[f / 2];
        struct plan *p = fixture_plan_file(plan);   /* NULL: the built-in plan */
        struct trial_worker *wf = trial_worker_new(p, SEED), *we = trial_worker_new(p, SEED);
        struct mc_acc *acc = calloc(3, sizeof *acc);
        struct mc_acc *direct = acc, *played = acc + 1, *sunk = acc + 2;
        struct mc_acc_batch b;
        cr_assert(wf && we && acc);
        trial_worker_defer_losses(wf);
        trial_worker_figures_only(wf);
        cr_assert_eq(mc_acc_batch_init(&b, p, cap), 0);
        for (int s = 0; s < p->n_scenarios; s++) {
            const struct scenario *sc = &p->scenarios[s];
            cr_assert_eq(mc_acc_init(direct, p, s), 0);
            cr_assert_eq(mc_acc_init(played, p, s), 0);
            cr_assert_eq(mc_acc_init(sunk, p, s), 0);
            int shifts = 0;
            for (int i = 0; i < p->n_roles; i++)
                shifts |= isfinite(p->roles[i].shift.max_s) && p->roles[i].shift.max_s > 0.0;
            if (p->n_services == 0 && !sc->failback.present && sc->exposure_step < 0 &&
                !sc->damage.present && direct->rpo_all_is_rpo && sc->decision_step < 0 &&
                !shifts)
                saw_plain = 1;
            else
                saw_other = 1;
            for (uint64_t k = 0; k < n; k++)
                mc_acc_add(direct, p, k, trial_run(we, s, k, NULL));
            uint64_t n_sunk = 0;
            const struct mc_sink sink = {.trial = count_trial};
            for (uint64_t lo = 0; lo < n; lo += unit) {
                mc_acc_play(played, p, &b, wf, lo, lo + unit, NULL, NULL);
                mc_acc_play(sunk, p, &b, wf, lo, lo + unit, &sink, &n_sunk);
            }
            cr_assert_eq(n_sunk, n);
            saw_breach |= direct->n_breach > 0;
            cr_assert(acc_same(direct, played), "%s, scenario %d, batch of %zu",
                      plan ? plan : "built-in", s, cap);
            cr_assert(acc_same(direct, sunk), "%s, scenario %d, batch of %zu, with a sink",
                      plan ? plan : "built-in", s, cap);
            for (int j = 0; j < 3; j++)
                mc_acc_fini(&acc[j]);
        }
        mc_acc_batch_fini(&b);
        free(acc);
        trial_worker_free(wf);
        trial_worker_free(we);
        plan_free(p);
    }
    cr_assert(saw_plain && saw_other && saw_breach);
}

/* The batched add finds the steps on the critical path from the trial's mask, and takes a
 * step on it to have started: on workers told and not told that only the figures are
 * read, over plans played serially and on the event loop (a decision step, shifts,
 * services, failback, logical damage), each step's bit in critical_mask is its on_path,
 * and a step on the path has a start. */
Test(mc_hist, critical_mask_is_the_steps_on_the_path, .timeout = 120)
{
    static const char *const plans[] = {"bench/small.yaml", "scenarios/tutorial.yaml",
                                        "scenarios/ransomware.yaml",
                                        "scenarios/follow-the-sun.yaml",
                                        "scenarios/commcare.yaml", NULL};
    uint64_t on_path = 0;
    for (size_t f = 0; f < sizeof plans / sizeof plans[0]; f++) {
        struct plan *p = fixture_plan_file(plans[f]);   /* NULL: the built-in plan */
        for (int figures_only = 0; figures_only < 2; figures_only++) {
            struct trial_worker *w = trial_worker_new(p, SEED);
            cr_assert(w);
            if (figures_only) {
                trial_worker_defer_losses(w);
                trial_worker_figures_only(w);
            }
            for (int s = 0; s < p->n_scenarios; s++) {
                for (uint64_t k = 0; k < 2000; k++) {
                    const struct trial_result *r = trial_run(w, s, k, NULL);
                    for (int i = 0; i < r->n_steps; i++) {
                        const struct trial_step *ts = &r->steps[i];
                        cr_assert_eq(ts->on_path != 0, (r->critical_mask >> i & 1) != 0,
                                     "%s, scenario %d, trial %llu, step %d",
                                     plans[f] ? plans[f] : "built-in", s,
                                     (unsigned long long)k, i);
                        cr_assert(!ts->on_path || !isnan(ts->start_s));
                        on_path += ts->on_path != 0;
                    }
                }
            }
            trial_worker_free(w);
        }
        plan_free(p);
    }
    cr_assert_gt(on_path, 0);
}

/* The RPO over all data is summarized from the trials' rpo_all_s: counted in its own
 * histogram when some store does not count for the RPO (tutorial, commcare), and when every
 * store does (ransomware, the bench plan, the built-in plan's four scenarios), read from
 * the RPO by outcome, which the accumulator then keeps alone. Both are held to a histogram
 * of every replayed trial's rpo_all_s, and so is the claim that lets the second not count
 * it: each trial's RPO over all data is its RPO, bit for bit. */
Test(mc_hist, rpo_all_summarized_from_the_trials, .timeout = 120)
{
    static const char *const plans[] = {"scenarios/tutorial.yaml", "scenarios/commcare.yaml",
                                        "scenarios/ransomware.yaml", "bench/small.yaml", NULL};
    const uint64_t n = 3000;
    int saw[2] = {0, 0};
    uint64_t n_pos = 0;
    for (size_t f = 0; f < sizeof plans / sizeof plans[0]; f++) {
        struct plan *p = fixture_plan_file(plans[f]);   /* NULL: the built-in plan */
        struct mc_results *r = NULL;
        cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r), MC_OK);
        struct trial_worker *w = trial_worker_new(p, SEED);
        cr_assert_not_null(w);
        for (int s = 0; s < p->n_scenarios; s++) {
            const struct mc_scenario_result *sr = &r->scenarios[s];
            const struct mc_acc *a = sr->acc;
            int every = 1;
            for (int k = 0; k < p->n_stores; k++)
                every &= p->stores[k].counts_for_rpo != 0;
            cr_assert_eq(a->rpo_all_is_rpo, every, "%s", plans[f] ? plans[f] : "built-in");
            saw[every] = 1;
            struct hist h;
            double t = p->scenarios[s].rpo_target_s;
            hist_init(&h, &t, p->scenarios[s].has_policy ? 1 : 0);
            for (uint64_t k = 0; k < n; k++) {
                const struct trial_result *tr = trial_run(w, s, k, NULL);
                cr_assert_eq(hist_add(&h, tr->rpo_all_s), 0);
                n_pos += tr->rpo_all_s > 0.0;
                if (every)
                    cr_assert_eq(memcmp(&tr->rpo_all_s, &tr->rpo_s, sizeof tr->rpo_s), 0,
                                 "trial %llu: %.17g vs %.17g", (unsigned long long)k,
                                 tr->rpo_all_s, tr->rpo_s);
            }
            cr_assert(hist_equal(&h, &sr->rpo_all_dist), "%s, scenario %d",
                      plans[f] ? plans[f] : "built-in", s);
            cr_assert_eq(a->rpo_all.n, every ? 0 : n);
            hist_fini(&h);
        }
        trial_worker_free(w);
        mc_results_free(r);
        plan_free(p);
    }
    cr_assert(saw[0] && saw[1] && n_pos > 0);
}

/* The accumulator's chart bins (a look-up by the value's exponent and top mantissa bits,
 * then one comparison) are mc_hist_bin's, at and beside every chart edge and every
 * boundary of the look-up, and outside its range. */
Test(mc_hist, chart_bins_are_mc_hist_bin)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct mc_acc *a = calloc(1, sizeof *a);
    cr_assert(w && a);
    cr_assert_eq(mc_acc_init(a, p, 1), 0);
    struct trial_result t = *trial_run(w, 1, 0, NULL);
    double xs[4 * (MC_HIST_BINS + 24 * 16) + 8];
    int n = 0;
    for (int b = 0; b < MC_HIST_BINS - 1; b++) {
        double e = mc_hist_upper_s(b);
        xs[n++] = e;
        xs[n++] = nextafter(e, 0.0);
        xs[n++] = nextafter(e, INFINITY);
    }
    for (int e = 0; e < 24; e++)
        for (int m = 0; m < 16; m++) {
            double x = ldexp(1.0 + m / 16.0, e);
            xs[n++] = x;
            xs[n++] = nextafter(x, 0.0);
            xs[n++] = x * 1.03;
        }
    const double extra[] = {0.0, -0.0, 0x1p-1074, 0x1p-1022, 1e-9, 0.5,
                            1e7, ldexp(1.0, 24), 1e12, INFINITY};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        xs[n++] = extra[i];
    for (int i = 0; i < n; i++) {
        struct mc_hist before = a->rto_chart, before_rpo = a->rpo_chart;
        t.rto_s = xs[i];
        t.rpo_s = xs[n - 1 - i];
        mc_acc_add(a, p, (uint64_t)i, &t);
        int b = mc_hist_bin(xs[i]), c = mc_hist_bin(xs[n - 1 - i]);
        cr_assert_eq(a->rto_chart.counts[b], before.counts[b] + 1, "x = %.17g", xs[i]);
        cr_assert_eq(a->rpo_chart.counts[c], before_rpo.counts[c] + 1, "x = %.17g",
                     xs[n - 1 - i]);
    }
    mc_acc_fini(a);
    free(a);
    trial_worker_free(w);
    plan_free(p);
}

/* The results' size does not grow with the trials: 10x more trials leave the
 * accumulators within a few pages of their size (new pages only where a tail reaches
 * a bin range not seen yet), far below what per-trial arrays would take. */
Test(mc_hist, results_memory_does_not_grow_with_trials, .timeout = 120)
{
    struct plan *p = fixture_plan_file("scenarios/tutorial.yaml");
    size_t bytes[2] = {0, 0};
    const uint64_t ns[2] = {20000, 200000};
    for (int i = 0; i < 2; i++) {
        struct mc_results *r = NULL;
        cr_assert_eq(mc_run(p, ns[i], SEED, 2, NULL, NULL, &r), MC_OK);
        for (int s = 0; s < r->n_scenarios; s++) {
            const struct mc_scenario_result *sr = &r->scenarios[s];
            bytes[i] += mc_acc_bytes(sr->acc) + hist_bytes(&sr->rto_dist) +
                        hist_bytes(&sr->rpo_dist) + hist_bytes(&sr->rpo_all_dist) +
                        hist_bytes(&sr->full_dist);
        }
        mc_results_free(r);
    }
    /* Per-trial arrays took 81 bytes a trial and scenario: 32 MB at 200000 x 2. */
    cr_assert(bytes[1] < 8u << 20, "%zu bytes at %llu trials", bytes[1],
              (unsigned long long)ns[1]);
    cr_assert(bytes[1] < bytes[0] + bytes[0] / 4, "%zu bytes at %llu trials, %zu at %llu",
              bytes[1], (unsigned long long)ns[1], bytes[0], (unsigned long long)ns[0]);
    plan_free(p);
}
