/* tests/test_damage.c: known answers for logical damage (ransomware, a destructive bug, a
 * dropped table; models/backup.h "logical damage", sim/trial.h, sim/mc.h).
 *
 * Daily backups at a fixed time with a fixed completion c, a fixed dwell time D and
 * retention R: over a random onset the newest point complete by the onset is
 * uniformly c to c + 1 day old, and it is still kept at detection when its age plus D is
 * at most R (older points are older still), so a clean point exists with probability
 * clamp((R - D - c) / 1 day, 0, 1) and the loss given one is uniform on [c, R - D]. With
 * deletes_backups only an immutable rule's points are left: a weekly one gives a loss
 * uniform on [c, c + 7 days). Replicas carry the damage; point-in-time recovery gives its
 * lag while the onset is within its retention at detection. The RTO of a fixed runbook is
 * its length on the detection clock, that plus D on the onset clock. Shares are checked
 * within four standard errors at a fixed seed.
 *
 * Plans are plan text loaded by the real loader.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/backup.h"
#include "sim/mc.h"
#include "sim/stats.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0xda3a9e0000000001)
#define M 60.0
#define H 3600.0
#define D 86400.0
#define N 100000

/* One database (3.6 TB: a restore takes 20 min + 1 h) with a sync zone replica and a
 * cross-region replica, its backups (%s: rule lines), and an ephemeral cache; a region
 * outage for comparison and a logical-damage scenario (%s: its lines) whose runbook is
 * forensics (4 h) then the database's restore: 5 h 20 min. */
static const char plan_yaml[] =
    "plan: {name: damage-test}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "stores:\n"
    "  db:\n"
    "    size: 3.6TB\n"
    "    zone_redundancy: {mode: sync, failover: 1m}\n"
    "    replica: {region: us-east-2, lag: 1s, promote: 10m}\n"
    "    backups:\n"
    "%s"
    "    restore: {throughput: 1GB/s, overhead: 20m}\n"
    "  cache:\n"
    "    size: 1GB\n"
    "    recovery: unrecoverable\n"
    "    ephemeral: true\n"
    "staffing:\n"
    "  roles:\n"
    "    ops: {count: 2, response: {business: 0s, night: 0s, weekend: 0s}}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 0.1\n"
    "    duration: 1d\n"
    "    service_restored_by: restore-db\n"
    "    runbook:\n"
    "      restore-db: {restore: db, needs: [ops]}\n"
    "  ransomware:\n"
    "    per_year: 0.05\n"
    "%s"
    "    service_restored_by: restore-db\n"
    "    runbook:\n"
    "      forensics: {needs: [ops], duration: 4h}\n"
    "      restore-db: {restore: db, needs: [ops], after: [forensics]}\n";

#define RUNBOOK_S (4 * H + 20 * M + 3600.0)

static struct plan *plan_of(const char *rules, const char *damage)
{
    return fixture_plan_text(plan_yaml, rules, damage);
}

static int scenario(const struct plan *p, const char *name)
{
    int s = plan_find_scenario(p, name);
    cr_assert(s >= 0, "%s", name);
    return s;
}

static void assert_share(uint64_t got, uint64_t n, double p, const char *what)
{
    double se = sqrt(p * (1 - p) / (double)n), share = (double)got / (double)n;
    cr_assert(fabs(share - p) <= 4 * se + 1e-12, "%s: %g vs %g (se %g)", what, share, p, se);
}

/* (a) Daily at 01:30, c = 2 h, D = 3 d, R = 3.5 d: a clean point in 10/24 of the trials,
 * the loss then uniform on [2 h, 12 h]; D beyond R: no clean point in any trial. */
Test(damage, daily_clean_point_closed_form)
{
    const double c = 2 * H, dwell = 3 * D, R = 84 * H;
    struct plan *p = plan_of(
        "      daily: {schedule: daily 01:30, complete: 2h, retention: 84h, location: cross-region}\n",
        "    damage: {detected_after: 3d}\n");
    int s = scenario(p, "ransomware");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, N, SEED, 2, NULL, NULL, &r), MC_OK);
    const struct mc_scenario_result *sr = &r->scenarios[s];
    double p_clean = (R - dwell - c) / D;
    assert_share(N - sr->n_no_clean, N, p_clean, "P(clean point)");
    cr_assert_eq(sr->no_clean_share, (double)sr->n_no_clean / N);
    cr_assert_eq(sr->rpo.n_infinite, sr->n_no_clean);
    cr_assert_eq(sr->stores[0].damaged, 1);
    cr_assert_eq(sr->stores[0].needs_restore, 1);
    cr_assert_eq(sr->stores[0].clean_rule_n[0], N - sr->n_no_clean);
    cr_assert_eq(sr->stores[1].damaged, 1);  /* the cache too: nothing to lose */
    cr_assert_eq(sr->stores[1].rpo.max_s, 0.0);
    /* The damaged window is D in every trial. */
    cr_assert_eq(sr->damaged.max_s, dwell);
    cr_assert_eq(sr->damaged.mean_s, dwell);
    cr_assert(fabs(sr->damaged.p50_s - dwell) <= 0.004 * dwell);
    /* Given a clean point, the loss is uniform on [c, R - D]. */
    const double w = R - dwell - c;
    uint64_t n_clean = 0, below_mid = 0, below_q1 = 0;
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    struct trial_worker *tw = trial_worker_new(p, SEED);   /* replays the run's trials */
    cr_assert_not_null(tw);
    for (uint64_t k = 0; k < N; k++) {
        double l = trial_run(tw, s, k, NULL)->rpo_s;
        if (isinf(l))
            continue;
        n_clean++;
        sum += l;
        lo = fmin(lo, l);
        hi = fmax(hi, l);
        below_mid += l <= c + w / 2;
        below_q1 += l <= c + w / 4;
    }
    cr_assert(lo >= c && hi <= R - dwell, "range [%g, %g]", lo, hi);
    cr_assert(fabs(sum / (double)n_clean - (c + w / 2)) <= 4 * w / sqrt(12.0 * (double)n_clean),
              "mean %g", sum / (double)n_clean);
    assert_share(below_mid, n_clean, 0.5, "P(loss <= median | clean)");
    assert_share(below_q1, n_clean, 0.25, "P(loss <= lower quartile | clean)");
    /* The results' exact-sum mean is the replayed trials' mean (to the naive sum's rounding). */
    cr_assert(fabs(sr->rpo.mean_finite_s - sum / (double)n_clean) <= 1e-12 * sum / (double)n_clean);
    cr_assert_eq(sr->rpo_dist.n - sr->rpo_dist.n_inf, n_clean);
    trial_worker_free(tw);
    mc_results_free(r);
    plan_free(p);

    /* Detected after the retention, no immutable copy: no clean point, ever. */
    p = plan_of(
        "      daily: {schedule: daily 01:30, complete: 2h, retention: 84h, location: cross-region}\n",
        "    damage: {detected_after: 4d}\n");
    s = scenario(p, "ransomware");
    cr_assert_eq(mc_run(p, 20000, SEED, 2, NULL, NULL, &r), MC_OK);
    cr_assert_eq(r->scenarios[s].n_no_clean, 20000);
    cr_assert_eq(r->scenarios[s].no_clean_share, 1.0);
    cr_assert_eq(r->scenarios[s].stores[0].clean_rule_n[0], 0);
    cr_assert(isinf(r->scenarios[s].rpo.p50_s));
    mc_results_free(r);
    plan_free(p);
}

/* (b) An adversary deletes the backups it can reach; an immutable weekly copy beside a
 * daily one supplies every clean point, and the loss is uniform on [c, c + 7 d). Without
 * the deletion the daily supplies them all (on Sundays the two coincide: the first rule
 * in order is named). */
Test(damage, deletion_leaves_the_immutable_weekly)
{
    const char *rules =
        "      daily: {schedule: daily 01:30, complete: 2h, retention: 35d, location: cross-region}\n"
        "      weekly: {schedule: weekly Sun 01:30, complete: 2h, retention: 35d,\n"
        "               location: cross-region, immutable: true}\n";
    for (int at_onset = 0; at_onset <= 1; at_onset++) {
        char dmg[128];
        snprintf(dmg, sizeof dmg, "    damage: {detected_after: 2d, deletes_backups: %s}\n",
                 at_onset ? "at-onset" : "at-detection");
        struct plan *p = plan_of(rules, dmg);
        int s = scenario(p, "ransomware");
        struct mc_results *r = NULL;
        cr_assert_eq(mc_run(p, N, SEED, 2, NULL, NULL, &r), MC_OK);
        const struct mc_scenario_result *sr = &r->scenarios[s];
        cr_assert_eq(sr->n_no_clean, 0);
        cr_assert_eq(sr->stores[0].clean_rule_n[0], 0);
        cr_assert_eq(sr->stores[0].clean_rule_n[1], N);
        const double c = 2 * H, w = 7 * D;
        double sum = 0;
        uint64_t below_mid = 0;
        struct trial_worker *tw = trial_worker_new(p, SEED);   /* replays the run's trials */
        cr_assert_not_null(tw);
        for (uint64_t k = 0; k < N; k++) {
            double l = trial_run(tw, s, k, NULL)->rpo_s;
            cr_assert(l >= c && l < c + w, "trial %llu: %g", (unsigned long long)k, l);
            sum += l;
            below_mid += l <= c + w / 2;
        }
        cr_assert(fabs(sum / N - (c + w / 2)) <= 4 * w / sqrt(12.0 * N), "mean %g", sum / N);
        assert_share(below_mid, N, 0.5, "P(loss <= median)");
        trial_worker_free(tw);
        mc_results_free(r);
        plan_free(p);
    }
    struct plan *p = plan_of(rules, "    damage: {detected_after: 2d}\n");
    int s = scenario(p, "ransomware");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 20000, SEED, 2, NULL, NULL, &r), MC_OK);
    cr_assert_eq(r->scenarios[s].stores[0].clean_rule_n[0], 20000);
    cr_assert_eq(r->scenarios[s].stores[0].clean_rule_n[1], 0);
    cr_assert(r->scenarios[s].rpo.max_s < 2 * H + D);
    mc_results_free(r);
    plan_free(p);
}

/* (c) The store's sync zone replica and its cross-region replica never supply a clean
 * point; point-in-time recovery whose retention covers the dwell time gives exactly its
 * lag, and none when the onset has left its retention by detection. */
Test(damage, replicas_never_pitr_within_retention)
{
    struct plan *p = plan_of(
        "      pitr: {schedule: continuous, lag: 5m, retention: 7d, location: in-region}\n",
        "    damage: {detected_after: 2d}\n");
    int s = scenario(p, "ransomware");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (uint64_t k = 0; k < 2000; k++) {
        const struct trial_result *t = trial_run(w, s, k, NULL);
        cr_assert_eq(t->store_loss_s[0], 5 * M);
        cr_assert_eq(t->rpo_s, 5 * M);
        cr_assert_eq(t->clean_rule[0], 0);
        cr_assert_eq(t->clean_rule[1], -1);   /* ephemeral: no point needed */
        cr_assert_eq(t->no_clean, 0);
        cr_assert_eq(t->damaged_s, 2 * D);
    }
    trial_worker_free(w);
    plan_free(p);

    p = plan_of("      pitr: {schedule: continuous, lag: 5m, retention: 1d, location: in-region}\n",
                "    damage: {detected_after: 2d}\n");
    s = scenario(p, "ransomware");
    w = trial_worker_new(p, SEED);
    for (uint64_t k = 0; k < 2000; k++) {
        const struct trial_result *t = trial_run(w, s, k, NULL);
        cr_assert(isinf(t->store_loss_s[0]));
        cr_assert_eq(t->clean_rule[0], -1);
        cr_assert_eq(t->no_clean, 1);
        cr_assert_eq(t->rpo_no_point, 1);
    }
    /* A region outage destroys the in-region logs (and its runbook does not promote the
     * replica): no point there either, and no damaged window. */
    const struct trial_result *t = trial_run(w, scenario(p, "region"), 0, NULL);
    cr_assert(isinf(t->store_loss_s[0]));
    cr_assert(isnan(t->damaged_s));
    trial_worker_free(w);
    plan_free(p);
}

/* (d) The RTO of a fixed runbook: its length on the detection clock (the default), that
 * plus the dwell time on the onset clock. The restore of a damaged store works even
 * though nothing was destroyed. */
Test(damage, rto_clock_detection_and_onset)
{
    const char *rules =
        "      daily: {schedule: daily 01:30, complete: 2h, retention: 35d, location: cross-region}\n";
    const char *clocks[] = {"", "    rto_clock: detection\n", "    rto_clock: onset\n"};
    for (int i = 0; i < 3; i++) {
        char dmg[160];
        snprintf(dmg, sizeof dmg, "    damage: {detected_after: 2d}\n%s", clocks[i]);
        struct plan *p = plan_of(rules, dmg);
        int s = scenario(p, "ransomware");
        const double want = RUNBOOK_S + (i == 2 ? 2 * D : 0.0);
        struct trial_worker *w = trial_worker_new(p, SEED);
        for (uint64_t k = 0; k < 500; k++) {
            const struct trial_result *t = trial_run(w, s, k, NULL);
            cr_assert_eq(t->service_s, RUNBOOK_S);
            cr_assert_eq(t->rto_s, want, "clock %d trial %llu: %g", i, (unsigned long long)k,
                         t->rto_s);
            cr_assert_eq(t->steps[1].duration_s, 20 * M + 3600.0);
            cr_assert_eq(t->outcome, TRIAL_FAILED_OVER);
            cr_assert(isinf(t->outage_s));
        }
        trial_worker_free(w);
        struct mc_results *r = NULL;
        cr_assert_eq(mc_run(p, 5000, SEED, 2, NULL, NULL, &r), MC_OK);
        cr_assert_eq(r->scenarios[s].rto.p50_s, want);
        cr_assert_eq(r->scenarios[s].rto.max_s, want);
        mc_results_free(r);
        plan_free(p);
    }
}

/* The trace: the onset comes first, D before detection, at the onset's calendar time;
 * then the outage start at 0 (detection); the damaged store's loss names its rule and
 * says a newer point was deleted; every other event names no rule. */
struct trace_log {
    int n;
    struct trial_event ev[256];
};

static void log_event(void *user, const struct trial_event *ev)
{
    struct trace_log *l = user;
    if (l->n < 256)
        l->ev[l->n++] = *ev;
}

Test(damage, trace_onset_and_rules)
{
    struct plan *p = plan_of(
        "      daily: {schedule: daily 01:30, complete: 2h, retention: 35d, location: cross-region}\n"
        "      weekly: {schedule: weekly Sun 01:30, complete: 2h, retention: 35d,\n"
        "               location: cross-region, immutable: true}\n",
        "    damage: {detected_after: {dist: uniform, min: 1d, max: 3d},"
        " deletes_backups: at-detection}\n");
    int s = scenario(p, "ransomware");
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct trace_log *l = calloc(1, sizeof *l);
    int n_deleted = 0;
    for (uint64_t k = 0; k < 50; k++) {
        l->n = 0;
        struct trial_trace tr = {log_event, l};
        const struct trial_result *t = trial_run(w, s, k, &tr);
        cr_assert(l->n >= 4);
        cr_assert_eq(l->ev[0].kind, TRIAL_EV_ONSET);
        cr_assert_eq(l->ev[0].t_s, -t->damaged_s);
        cr_assert_eq(l->ev[0].value_s, t->damaged_s);
        cr_assert_eq(l->ev[0].flag, DAMAGE_DELETES_AT_DETECTION);
        cr_assert(t->damaged_s >= D && t->damaged_s <= 3 * D);
        cr_assert(fabs(l->ev[0].t_abs_s + t->damaged_s - t->start_abs_s) <= 1e-6);
        cr_assert_eq(l->ev[1].kind, TRIAL_EV_OUTAGE_START);
        cr_assert_eq(l->ev[1].t_abs_s, t->start_abs_s);
        cr_assert_eq(l->ev[2].kind, TRIAL_EV_STORE_LOSS);
        cr_assert_eq(l->ev[2].store, 0);
        cr_assert_eq(l->ev[2].rule, 1);
        cr_assert(l->ev[2].flag & TRIAL_LOSS_DAMAGED);
        cr_assert_eq(l->ev[2].value_s, t->store_drawn_loss_s[0]);
        n_deleted += (l->ev[2].flag & TRIAL_LOSS_DELETED) != 0;
        cr_assert_eq(l->ev[3].kind, TRIAL_EV_STORE_LOSS);
        cr_assert_eq(l->ev[3].rule, -1);   /* the cache */
        for (int i = 0; i < l->n; i++)
            if (l->ev[i].kind != TRIAL_EV_STORE_LOSS)
                cr_assert_eq(l->ev[i].rule, -1, "event %d", i);
        /* The traced trial is the untraced one. */
        double rto = t->rto_s, rpo = t->rpo_s;
        t = trial_run(w, s, k, NULL);
        cr_assert_eq(t->rto_s, rto);
        cr_assert_eq(t->rpo_s, rpo);
    }
    /* The daily's newer point was deleted in 6 trials in 7 (not on Sundays). */
    cr_assert(n_deleted >= 30 && n_deleted < 50, "%d", n_deleted);
    /* An outage's trace names no rule and has no onset. */
    l->n = 0;
    struct trial_trace tr = {log_event, l};
    (void)trial_run(w, scenario(p, "region"), 3, &tr);
    for (int i = 0; i < l->n; i++) {
        cr_assert_neq(l->ev[i].kind, TRIAL_EV_ONSET);
        cr_assert_eq(l->ev[i].rule, -1);
    }
    free(l);
    trial_worker_free(w);
    plan_free(p);
}

/* (e) Results are identical for one and two threads, and adding a damage scenario leaves
 * the other scenarios' figures bit-identical. */
static void assert_same_scenario(const struct mc_scenario_result *a,
                                 const struct mc_scenario_result *b, uint64_t n)
{
    cr_assert_eq(a->n_trials, n);
    cr_assert(hist_equal(&a->rto_dist, &b->rto_dist));
    cr_assert(hist_equal(&a->rpo_dist, &b->rpo_dist));
    cr_assert(hist_equal(&a->full_dist, &b->full_dist));
    cr_assert_eq(a->median_rto_trial, b->median_rto_trial);
    cr_assert_eq(memcmp(&a->rto, &b->rto, sizeof a->rto), 0);
    cr_assert_eq(memcmp(&a->rpo, &b->rpo, sizeof a->rpo), 0);
    cr_assert_eq(memcmp(&a->damaged, &b->damaged, sizeof a->damaged), 0);
    cr_assert_eq(a->n_no_clean, b->n_no_clean);
    cr_assert_eq(a->no_clean_share, b->no_clean_share);
    for (int k = 0; k < a->n_stores; k++) {
        cr_assert_eq(memcmp(&a->stores[k].rpo, &b->stores[k].rpo, sizeof a->stores[k].rpo), 0);
        cr_assert_eq(a->stores[k].damaged, b->stores[k].damaged);
        cr_assert_eq(!a->stores[k].clean_rule_n, !b->stores[k].clean_rule_n);
    }
}

Test(damage, reproducible_across_threads_and_scenarios)
{
    const char *rules =
        "      daily: {schedule: daily 01:30, complete: {dist: uniform, min: 1h, max: 5h},\n"
        "              failure: 10%, retention: 10d, location: cross-region}\n"
        "      weekly: {schedule: weekly Sun 01:30, complete: 2h, retention: 35d,\n"
        "               location: cross-region, immutable: true}\n";
    struct plan *p = plan_of(rules,
                             "    damage: {detected_after: {dist: lognormal, median: 5d, p90: 30d},"
                             " deletes_backups: at-onset}\n");
    int s = scenario(p, "ransomware");
    const uint64_t n = 3 * MC_CHUNK + 17;
    struct mc_results *r1 = NULL, *r2 = NULL;
    cr_assert_eq(mc_run(p, n, SEED, 1, NULL, NULL, &r1), MC_OK);
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r2), MC_OK);
    for (int i = 0; i < p->n_scenarios; i++)
        assert_same_scenario(&r1->scenarios[i], &r2->scenarios[i], n);
    const struct mc_scenario_result *sr = &r1->scenarios[s];
    cr_assert(sr->n_no_clean > 0 && sr->n_no_clean < n, "%llu",
              (unsigned long long)sr->n_no_clean);
    cr_assert_eq(sr->stores[0].clean_rule_n[0], 0);
    cr_assert_eq(sr->stores[0].clean_rule_n[1], n - sr->n_no_clean);
    cr_assert_eq(memcmp(sr->stores[0].clean_rule_n, r2->scenarios[s].stores[0].clean_rule_n,
                        2 * sizeof(uint64_t)), 0);
    cr_assert(sr->damaged.p50_s > 4 * D && sr->damaged.p50_s < 6 * D, "%g", sr->damaged.p50_s);

    /* The same plan without the damage scenario: the region's figures do not move. */
    struct plan *q = fixture_plan_text(
        "plan: {name: damage-test}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "stores:\n"
        "  db:\n"
        "    size: 3.6TB\n"
        "    zone_redundancy: {mode: sync, failover: 1m}\n"
        "    replica: {region: us-east-2, lag: 1s, promote: 10m}\n"
        "    backups:\n"
        "%s"
        "    restore: {throughput: 1GB/s, overhead: 20m}\n"
        "  cache:\n"
        "    size: 1GB\n"
        "    recovery: unrecoverable\n"
        "    ephemeral: true\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 2, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        "scenarios:\n"
        "  region:\n"
        "    destroys: region\n"
        "    per_year: 0.1\n"
        "    duration: 1d\n"
        "    service_restored_by: restore-db\n"
        "    runbook:\n"
        "      restore-db: {restore: db, needs: [ops]}\n",
        rules);
    struct mc_results *rq = NULL;
    cr_assert_eq(mc_run(q, n, SEED, 2, NULL, NULL, &rq), MC_OK);
    int g = scenario(p, "region");
    assert_same_scenario(&r1->scenarios[g], &rq->scenarios[scenario(q, "region")], n);
    cr_assert_eq(r1->scenarios[g].stores[0].clean_rule_n, NULL);
    cr_assert(isnan(rq->scenarios[0].typical.damaged_s));
    mc_results_free(rq);
    plan_free(q);
    mc_results_free(r1);
    mc_results_free(r2);
    plan_free(p);
}

/* The scope names the damaged stores: another store loses nothing when nothing is
 * destroyed; when the scenario also destroys the region, the outage starts at detection
 * and that store loses what a region outage at detection loses (an hourly copy on the
 * hour: the time since the hour), while the damaged store's clean point is judged at the
 * onset. */
static const char scope_yaml[] =
    "plan: {name: damage-scope}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "stores:\n"
    "  db:\n"
    "    size: 1GB\n"
    "    backups:\n"
    "      daily: {schedule: daily 01:30, complete: 2h, retention: 35d, location: cross-region}\n"
    "    restore: {throughput: 1GB/s}\n"
    "  files:\n"
    "    size: 1GB\n"
    "    backups:\n"
    "      hourly: {schedule: every 1h, location: cross-region}\n"
    "    restore: {throughput: 1GB/s}\n"
    "staffing:\n"
    "  roles:\n"
    "    ops: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
    "scenarios:\n"
    "  bug:\n"
    "    per_year: 1\n"
    "    damage: {stores: [db], detected_after: {dist: uniform, min: 1h, max: 2d}}\n"
    "%s"
    "    service_restored_by: restore-db\n"
    "    runbook:\n"
    "      restore-db: {restore: db, needs: [ops]}\n";

Test(damage, scope_and_a_destroyed_region)
{
    struct plan *p = fixture_plan_text(scope_yaml, "");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 5000, SEED, 2, NULL, NULL, &r), MC_OK);
    const struct mc_scenario_result *sr = &r->scenarios[0];
    cr_assert_eq(sr->stores[0].damaged, 1);
    cr_assert_eq(sr->stores[0].needs_restore, 1);
    cr_assert_eq(sr->stores[0].clean_rule_n[0], 5000);
    cr_assert_eq(sr->stores[1].damaged, 0);
    cr_assert_eq(sr->stores[1].needs_restore, 0);
    cr_assert_eq(sr->stores[1].clean_rule_n, NULL);
    cr_assert_eq(sr->stores[1].rpo.max_s, 0.0);
    cr_assert_eq(sr->stores[1].n_loses, 0);
    cr_assert(sr->stores[0].rpo.p50_s >= 2 * H && sr->stores[0].rpo.max_s <= 26 * H);
    mc_results_free(r);
    plan_free(p);

    p = fixture_plan_text(scope_yaml, "    destroys: region\n    duration: never\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (uint64_t k = 0; k < 1000; k++) {
        const struct trial_result *t = trial_run(w, 0, k, NULL);
        double onset = t->start_abs_s - t->damaged_s;
        cr_assert_eq(t->store_drawn_loss_s[1], fmod(t->start_abs_s, H), "trial %llu",
                     (unsigned long long)k);
        /* Daily at 01:30 done at 03:30: the newest before the onset. */
        double day = onset - 3.5 * H - floor((onset - 3.5 * H) / D) * D;
        cr_assert(fabs(t->store_drawn_loss_s[0] - (day + 2 * H)) <= 1e-6, "trial %llu: %g vs %g",
                  (unsigned long long)k, t->store_drawn_loss_s[0], day + 2 * H);
        cr_assert_eq(t->clean_rule[0], 0);
        cr_assert_eq(t->clean_rule[1], -1);
    }
    trial_worker_free(w);
    plan_free(p);
}

/* Copy queues: files (10 h copy) and db (1 h copy) are copied to one region one at a
 * time, files first (store order), both at 01:30: db's copy is done at 12:30, files' at
 * 11:30. The damaged db is judged with the queue as it stood at the onset, files (not
 * damaged, its region destroyed at detection) with the queue at detection: two days
 * later, when the onset's instants are no longer the newest (judged at detection, db's
 * copy would count as done at 02:30). */
Test(damage, copy_queue_at_the_onset)
{
    struct plan *p = fixture_plan_text(
        "plan: {name: damage-queue}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "copy_capacity:\n"
        "  us-east-2: {concurrency: 1, bandwidth: 1GB/s}\n"
        "stores:\n"
        "  files:\n"
        "    size: 36TB\n"
        "    backups:\n"
        "      daily: {schedule: daily 01:30, retention: 35d, location: cross-region,\n"
        "              copy_to: us-east-2}\n"
        "    restore: {throughput: 1GB/s}\n"
        "  db:\n"
        "    size: 3.6TB\n"
        "    backups:\n"
        "      daily: {schedule: daily 01:30, retention: 35d, location: cross-region,\n"
        "              copy_to: us-east-2}\n"
        "    restore: {throughput: 1GB/s}\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        "scenarios:\n"
        "  ransomware:\n"
        "    per_year: 1\n"
        "    damage: {stores: [db], detected_after: 2d}\n"
        "    destroys: region\n"
        "    duration: never\n"
        "    service_restored_by: restore-db\n"
        "    runbook:\n"
        "      restore-db: {restore: db, needs: [ops]}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (uint64_t k = 0; k < 2000; k++) {
        const struct trial_result *t = trial_run(w, 0, k, NULL);
        double tod = fmod(t->start_abs_s, D);  /* the onset's too: D is whole days */
        double db = tod >= 12.5 * H ? tod - 1.5 * H : tod + 22.5 * H;
        double files = tod >= 11.5 * H ? tod - 1.5 * H : tod + 22.5 * H;
        cr_assert(fabs(t->store_drawn_loss_s[1] - db) <= 1e-6, "trial %llu: db %g vs %g",
                  (unsigned long long)k, t->store_drawn_loss_s[1], db);
        cr_assert(fabs(t->store_drawn_loss_s[0] - files) <= 1e-6, "trial %llu: files %g vs %g",
                  (unsigned long long)k, t->store_drawn_loss_s[0], files);
    }
    trial_worker_free(w);
    plan_free(p);
}

/* Services: one needing the damaged database is restored with the runbook (its RTO on the
 * onset clock: the runbook plus D; its RPO the database's loss); one needing only the
 * store the damage leaves alone is never down: RTO 0 on every clock, RPO 0. */
Test(damage, services_on_the_onset_clock)
{
    char yaml[2048];
    snprintf(yaml, sizeof yaml, "%s%s", scope_yaml,
             "services:\n"
             "  orders: {criticality: high, depends_on: {stores: [db]}}\n"
             "  archive: {criticality: low, depends_on: {stores: [files]}}\n");
    for (int onset_clock = 0; onset_clock <= 1; onset_clock++) {
        struct plan *p = fixture_plan_text(yaml, onset_clock ? "    rto_clock: onset\n" : "");
        struct trial_worker *w = trial_worker_new(p, SEED);
        for (uint64_t k = 0; k < 500; k++) {
            const struct trial_result *t = trial_run(w, 0, k, NULL);
            const double restore = 1.0; /* 1 GB at 1 GB/s */
            cr_assert_eq(t->service_s, restore);
            cr_assert_eq(t->service_rto_s[0], restore + (onset_clock ? t->damaged_s : 0.0));
            cr_assert_eq(t->service_rto_s[0], t->rto_s);
            cr_assert_eq(t->service_rpo_s[0], t->store_loss_s[0]);
            cr_assert(t->service_rpo_s[0] >= 2 * H);
            cr_assert_eq(t->service_back_s[1], 0.0);
            cr_assert_eq(t->service_rto_s[1], 0.0);
            cr_assert_eq(t->service_rpo_s[1], 0.0);
        }
        trial_worker_free(w);
        plan_free(p);
    }
}

/* Damage that also destroys the region, the region back after 1 h, a 4 h runbook: the
 * primary returns with the damage, so no trial is recovered in place (which would lose
 * nothing); the runbook restores the database from its clean point. */
Test(damage, the_primary_returns_with_the_damage)
{
    struct plan *p = fixture_plan_text(
        "plan: {name: damage-return}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "stores:\n"
        "  db:\n"
        "    size: 1GB\n"
        "    backups:\n"
        "      daily: {schedule: daily 01:30, complete: 2h, retention: 35d, location: cross-region}\n"
        "    restore: {throughput: 1GB/s}\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        "scenarios:\n"
        "  ransomware:\n"
        "    per_year: 1\n"
        "    damage: {detected_after: 1d}\n"
        "    destroys: region\n"
        "    duration: 1h\n"
        "    service_restored_by: restore-db\n"
        "    runbook:\n"
        "      forensics: {needs: [ops], duration: 4h}\n"
        "      restore-db: {restore: db, needs: [ops], after: [forensics]}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (uint64_t k = 0; k < 200; k++) {
        const struct trial_result *t = trial_run(w, 0, k, NULL);
        cr_assert_eq(t->in_place, 0);
        cr_assert_eq(t->outcome, TRIAL_FAILED_OVER);
        cr_assert_eq(t->service_s, 4 * H + 1.0);
        cr_assert(t->rpo_s >= 2 * H && t->rpo_s < 26 * H, "%g", t->rpo_s);
    }
    trial_worker_free(w);
    plan_free(p);
}

/* An untraced damage trial records the stores whose loss is known before any draw (those
 * the scope leaves untouched, and the damaged ones backup_store_loss_damaged answers
 * without a walk) at once, ahead of the walks (sim/trial_damage.c); a traced one records
 * every store in order through the walks. Every figure, every store's loss and clean
 * rule, is the same both ways, in every damage scenario of the built-in plan (failure
 * groups and copy queues: the damaged stores without a walk) and of the scope plan above
 * (nothing shared: the untouched store), the latter also with its region destroyed. */
static void noop_event(void *user, const struct trial_event *ev)
{
    (void)user;
    (void)ev;
}

static void assert_traced_losses_alike(struct plan *p)
{
    struct trial_worker *wa = trial_worker_new(p, SEED), *wb = trial_worker_new(p, SEED);
    int n_damage = 0;
    for (int s = 0; s < p->n_scenarios; s++) {
        if (!p->scenarios[s].damage.present)
            continue;
        n_damage++;
        for (uint64_t k = 0; k < 1500; k++) {
            struct trial_trace tr = {noop_event, NULL};
            const struct trial_result *a = trial_run(wa, s, k, &tr);
            const struct trial_result *b = trial_run(wb, s, k, NULL);
            char why[256];
            cr_assert(!trial_results_differ(a, b, why, sizeof why), "scenario %d trial %llu: %s",
                      s, (unsigned long long)k, why);
            for (int i = 0; i < p->n_stores; i++)
                cr_assert_eq(a->clean_rule[i], b->clean_rule[i], "scenario %d trial %llu store %d",
                             s, (unsigned long long)k, i);
        }
    }
    cr_assert(n_damage > 0);
    trial_worker_free(wa);
    trial_worker_free(wb);
}

Test(damage, known_losses_recorded_at_once_are_the_traced_ones)
{
    struct plan *p = fixture_plan_file(NULL);
    assert_traced_losses_alike(p);
    plan_free(p);
    p = fixture_plan_text(scope_yaml, "");
    assert_traced_losses_alike(p);
    plan_free(p);
    p = fixture_plan_text(scope_yaml, "    destroys: region\n    duration: never\n");
    assert_traced_losses_alike(p);
    plan_free(p);
}
