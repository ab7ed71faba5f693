/* tests/test_restore_capacity.c: how stores come back (sim/trial.h): restores sharing the
 * restore capacity of the recovery region, replica promotion, per-step restore overrides
 * and recreate steps. Plans are plan text loaded by the real loader.
 *
 * The known answers, with fixed distributions: two restores through a region with
 * concurrency 1 end one after the other (the second after the sum of both times); two in
 * flight sharing the bandwidth equally each take twice as long as alone; per_restore caps
 * a transfer even when bandwidth is left over; a third restore joining mid-way slows the
 * first two from then on (hand-computed end times; the total work is conserved); a
 * promote step loses exactly the replica's lag and takes exactly the promotion time, and
 * the decision to fail over sees that loss; a step's own throughput, overhead and
 * parallelism change that step and nothing else. And reproducibility: the same seed gives
 * the same numbers, and one thread or two give identical results.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mc.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0x5e57013ec0a9ac17)
#define MIN 60.0
#define HOUR 3600.0

/* Three stores of 360 GB (1 h alone at 100 MB/s), a restore capacity section (%s), the
 * stores' extra lines (a, b, c: %s %s %s), the scenario's lines (%s) and its runbook (%s).
 * Three operators answer at once, so people never hold a restore back. */
static const char plan_yaml[] =
    "plan: {name: restore-test}\n"
    "calendar: {epoch: 2026-01-05}\n"
    "%s"
    "stores:\n"
    "  a:\n"
    "    size: 360GB\n"
    "    backups: {daily: {schedule: daily 02:00, location: cross-region}}\n"
    "    restore: {throughput: 100MB/s}\n"
    "%s"
    "  b:\n"
    "    size: 360GB\n"
    "    backups: {daily: {schedule: daily 02:00, location: cross-region}}\n"
    "    restore: {throughput: 100MB/s}\n"
    "%s"
    "  c:\n"
    "    size: 360GB\n"
    "    backups: {daily: {schedule: daily 02:00, location: cross-region}}\n"
    "    restore: {throughput: 100MB/s, overhead: 30m}\n"
    "%s"
    "staffing:\n"
    "  roles:\n"
    "    ops: {count: 3, response: {business: 0s, night: 0s, weekend: 0s}}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: never\n"
    "    service_restored_by: done\n"
    "%s"
    "    runbook:\n"
    "%s";

static const char two_restores[] =
    "      restore-a: {restore: a, needs: [ops]}\n"
    "      restore-b: {restore: b, needs: [ops]}\n"
    "      done: {duration: 0s, after: [restore-a, restore-b]}\n";

static const char three_restores[] =
    "      restore-a: {restore: a, needs: [ops]}\n"
    "      restore-b: {restore: b, needs: [ops]}\n"
    "      restore-c: {restore: c, needs: [ops]}\n"
    "      done: {duration: 0s, after: [restore-a, restore-b, restore-c]}\n";

static struct plan *plan_of(const char *capacity, const char *lines, const char *runbook)
{
    return fixture_plan_text(plan_yaml, capacity, "", "", "", lines, runbook);
}

/* Trial 0 of the only scenario, which must fail over. */
static const struct trial_result *one_trial(struct trial_worker *w)
{
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->outcome, TRIAL_FAILED_OVER);
    return r;
}

#define ASSERT_NEAR(x, y) cr_assert(fabs((x) - (y)) <= 1e-6 * fmax(1.0, fabs(y)), \
                                    "%s = %.9g, expected %.9g", #x, (double)(x), (double)(y))

Test(restore_capacity, concurrency_one_runs_restores_one_after_the_other)
{
    struct plan *p = plan_of("restore_capacity:\n  us-east-2: {concurrency: 1, bandwidth: 1GB/s}\n",
                             "    restores_in: us-east-2\n", two_restores);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = one_trial(w);
    ASSERT_NEAR(r->steps[0].end_s, HOUR);
    ASSERT_NEAR(r->steps[1].end_s, 2 * HOUR);
    /* Both started at once (people were there); the second waited for the slot. */
    cr_assert_eq(r->steps[1].start_s, 0.0);
    ASSERT_NEAR(r->steps[1].duration_s, 2 * HOUR);
    ASSERT_NEAR(r->rto_s, 2 * HOUR);
    trial_worker_free(w);
    plan_free(p);
}

Test(restore_capacity, two_in_flight_sharing_bandwidth_each_take_twice_as_long)
{
    struct plan *p = plan_of("restore_capacity:\n  us-east-2: {concurrency: 2, bandwidth: 100MB/s}\n",
                             "    restores_in: us-east-2\n", two_restores);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = one_trial(w);
    ASSERT_NEAR(r->steps[0].end_s, 2 * HOUR);
    ASSERT_NEAR(r->steps[1].end_s, 2 * HOUR);
    ASSERT_NEAR(r->steps[0].duration_s, 2 * HOUR);
    trial_worker_free(w);
    plan_free(p);
}

Test(restore_capacity, per_restore_caps_a_transfer_with_bandwidth_to_spare)
{
    struct plan *p = plan_of("restore_capacity:\n"
                             "  us-east-2: {concurrency: 4, bandwidth: 10GB/s, per_restore: 50MB/s}\n",
                             "    restores_in: us-east-2\n", two_restores);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = one_trial(w);
    ASSERT_NEAR(r->steps[0].end_s, 2 * HOUR);
    ASSERT_NEAR(r->steps[1].end_s, 2 * HOUR);
    trial_worker_free(w);
    plan_free(p);
}

/* a and b share 100 MB/s (50 each) from 0; c's overhead ends at 30 min and it joins:
 * by then a and b have 270 GB left each, and three share 100 MB/s (33.3 each), so a and
 * b end at 30 min + 270 GB / 33.3 MB/s = 30 min + 2 h 15 min = 2 h 45 min; c has moved
 * 270 GB by then, and alone at 100 MB/s ends its last 90 GB 15 min later, at 3 h: the
 * 1,080 GB took 3 h at 100 MB/s, no capacity lost. */
Test(restore_capacity, a_third_restore_joining_mid_way)
{
    struct plan *p = plan_of("restore_capacity:\n  us-east-2: {concurrency: 3, bandwidth: 100MB/s}\n",
                             "    restores_in: us-east-2\n", three_restores);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = one_trial(w);
    ASSERT_NEAR(r->steps[0].end_s, 2.75 * HOUR);
    ASSERT_NEAR(r->steps[1].end_s, 2.75 * HOUR);
    ASSERT_NEAR(r->steps[2].end_s, 3 * HOUR);
    ASSERT_NEAR(r->steps[2].duration_s, 3 * HOUR);
    ASSERT_NEAR(r->rto_s, 3 * HOUR);
    trial_worker_free(w);
    plan_free(p);
}

/* With concurrency 2, c (overhead 30 min) waits FIFO for a slot: a and b share from 0
 * and end at 2 h; c transfers alone from 2 h and ends at 3 h. */
Test(restore_capacity, a_restore_that_finds_every_slot_taken_waits_its_turn)
{
    struct plan *p = plan_of("restore_capacity:\n  us-east-2: {concurrency: 2, bandwidth: 100MB/s}\n",
                             "    restores_in: us-east-2\n", three_restores);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = one_trial(w);
    ASSERT_NEAR(r->steps[0].end_s, 2 * HOUR);
    ASSERT_NEAR(r->steps[1].end_s, 2 * HOUR);
    ASSERT_NEAR(r->steps[2].end_s, 3 * HOUR);
    trial_worker_free(w);
    plan_free(p);
}

/* Declared but not used by the scenario, restore capacity changes nothing: the trials
 * are bit-identical to the plan without it. */
Test(restore_capacity, without_restores_in_nothing_changes)
{
    const char *rb = "      restore-a: {restore: a, needs: [ops]}\n"
                     "      restore-b: {restore: b, needs: [ops]}\n"
                     "      done: {duration: 0s, after: [restore-a, restore-b]}\n";
    struct plan *p0 = plan_of("", "", rb);
    struct plan *p1 = plan_of("restore_capacity:\n  us-east-2: {concurrency: 1, bandwidth: 1MB/s}\n",
                              "", rb);
    struct trial_worker *w0 = trial_worker_new(p0, SEED), *w1 = trial_worker_new(p1, SEED);
    for (int k = 0; k < 50; k++) {
        const struct trial_result *r0 = trial_run(w0, 0, (uint64_t)k, NULL);
        double rto = r0->rto_s, end1 = r0->steps[1].end_s;
        const struct trial_result *r1 = trial_run(w1, 0, (uint64_t)k, NULL);
        cr_assert_eq(r1->rto_s, rto);
        cr_assert_eq(r1->steps[1].end_s, end1);
        cr_assert_eq(end1, HOUR, "alone, each restore takes its own hour");
    }
    trial_worker_free(w0);
    trial_worker_free(w1);
    plan_free(p0);
    plan_free(p1);
}

/* A restore step's own throughput, overhead and parallelism apply to it alone: the
 * other restore of the same plan keeps its draws (random throughput, same streams). */
Test(restore_capacity, a_steps_own_restore_model_changes_only_that_step)
{
    /* b restores at a random throughput (its step's own) in both plans. */
    const char *rb0 = "      restore-a: {restore: a, needs: [ops]}\n"
                      "      restore-b: {restore: b, needs: [ops], throughput: {dist: lognormal, "
                      "median: 100MB/s, p90: 200MB/s}}\n"
                      "      done: {duration: 0s, after: [restore-a, restore-b]}\n";
    const char *rb1 = "      restore-a: {restore: a, needs: [ops], throughput: 200MB/s, "
                      "overhead: 10m, parallelism: 2}\n"
                      "      restore-b: {restore: b, needs: [ops], throughput: {dist: lognormal, "
                      "median: 100MB/s, p90: 200MB/s}}\n"
                      "      done: {duration: 0s, after: [restore-a, restore-b]}\n";
    struct plan *p0 = plan_of("", "", rb0);
    struct plan *p1 = plan_of("", "", rb1);
    cr_assert_eq(p1->scenarios[0].steps[0].restore_own,
                 STEP_OWN_THROUGHPUT | STEP_OWN_OVERHEAD | STEP_OWN_PARALLELISM);
    cr_assert_eq(p0->scenarios[0].steps[0].restore_own, 0);
    struct trial_worker *w0 = trial_worker_new(p0, SEED), *w1 = trial_worker_new(p1, SEED);
    int differ = 0;
    for (int k = 0; k < 50; k++) {
        const struct trial_result *r0 = trial_run(w0, 0, (uint64_t)k, NULL);
        double a0 = r0->steps[0].duration_s, b0 = r0->steps[1].duration_s;
        const struct trial_result *r1 = trial_run(w1, 0, (uint64_t)k, NULL);
        cr_assert_eq(a0, HOUR);
        /* 10 min + 360 GB / (2 x 200 MB/s) = 10 min + 15 min. */
        ASSERT_NEAR(r1->steps[0].duration_s, 25 * MIN);
        cr_assert_eq(r1->steps[1].duration_s, b0, "trial %d: b's draw moved", k);
        differ += b0 != HOUR;
    }
    cr_assert_gt(differ, 40, "b's throughput is random");
    trial_worker_free(w0);
    trial_worker_free(w1);
    plan_free(p0);
    plan_free(p1);
}

/* The replica of a: lag 5 min, promotion 20 min. */
static const char replica_a[] =
    "    replica: {region: us-east-2, lag: 5m, promote: 20m, note: read replica}\n";

Test(restore_capacity, promoting_a_replica_loses_its_lag_and_takes_its_promotion_time)
{
    struct plan *p = fixture_plan_text(plan_yaml, "", replica_a, "", "", "",
                                       "      decide: {needs: [ops], duration: 5m}\n"
                                       "      promote-a: {promote: a, needs: [ops], after: [decide]}\n"
                                       "      done: {duration: 0s, after: [promote-a]}\n");
    cr_assert_eq(p->scenarios[0].steps[1].kind, STEP_PROMOTE);
    cr_assert_eq(p->stores[0].replica.present, 1);
    cr_assert_str_eq(p->stores[0].replica.region, "us-east-2");
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int k = 0; k < 100; k++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->store_loss_s[0], 5 * MIN);
        cr_assert_eq(r->steps[1].duration_s, 20 * MIN);
        cr_assert_eq(r->steps[1].end_s, 25 * MIN);
        /* b and c still lose up to a day (their daily copies): the RPO is theirs. */
        cr_assert_geq(r->rpo_s, 5 * MIN);
    }
    trial_worker_free(w);
    plan_free(p);
}

/* A plan whose only counting data is the promoted store: the decision sees the lag. */
Test(restore_capacity, the_decision_sees_the_promoted_loss)
{
    static const char yaml[] =
        "plan: {name: promote-test}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "stores:\n"
        "  db:\n"
        "    size: 100GB\n"
        "    backups: {daily: {schedule: daily 02:00, location: cross-region}}\n"
        "    restore: {throughput: 100MB/s}\n"
        "    replica: {region: us-east-2, lag: %s, promote: 20m}\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        "scenarios:\n"
        "  region:\n"
        "    destroys: region\n"
        "    per_year: 1\n"
        "    duration: 30h\n"
        "    service_restored_by: done\n"
        "    activation:\n"
        "      decided_by: decide\n"
        "      go_when: {data_loss_under: 10m, outage_lasted: 24h}\n"
        "    runbook:\n"
        "      decide: {needs: [ops], duration: 5m}\n"
        "      %s: {%s: db, needs: [ops], after: [decide]}\n"
        "      done: {duration: 0s, after: [%s]}\n";
    struct plan *pp = fixture_plan_text(yaml, "5m", "promote-db", "promote", "promote-db");
    struct plan *pr = fixture_plan_text(yaml, "5m", "restore-db", "restore", "restore-db");
    struct trial_worker *wp = trial_worker_new(pp, SEED), *wr = trial_worker_new(pr, SEED);
    int restore_waits = 0;
    for (int k = 0; k < 200; k++) {
        const struct trial_result *r = trial_run(wp, 0, (uint64_t)k, NULL);
        cr_assert_eq(r->failover_loss_s, 5 * MIN);
        cr_assert_eq(r->rpo_s, 5 * MIN);
        cr_assert_eq(r->go, TRIAL_GO_LOSS);
        cr_assert_eq(r->rto_s, 25 * MIN);
        r = trial_run(wr, 0, (uint64_t)k, NULL);
        cr_assert_neq(r->failover_loss_s, 5 * MIN);
        restore_waits += r->go != TRIAL_GO_LOSS;
    }
    /* Restoring from daily copies loses under 10 min in under 1 % of outages. */
    cr_assert_gt(restore_waits, 190);
    trial_worker_free(wp);
    trial_worker_free(wr);
    plan_free(pp);
    plan_free(pr);
}

/* The store-loss event says the loss is the replica's lag. */
static void on_event(void *user, const struct trial_event *ev)
{
    int *flags = user;
    if (ev->kind == TRIAL_EV_STORE_LOSS)
        flags[ev->store] = ev->flag;
}

Test(restore_capacity, the_trace_flags_a_replica_loss)
{
    struct plan *p = fixture_plan_text(plan_yaml, "", replica_a, "", "", "",
                                       "      promote-a: {promote: a, needs: [ops]}\n"
                                       "      restore-b: {restore: b, needs: [ops]}\n"
                                       "      done: {duration: 0s, after: [promote-a, restore-b]}\n");
    int flags[3] = {-1, -1, -1};
    struct trial_trace tr = {on_event, flags};
    struct trial_worker *w = trial_worker_new(p, SEED);
    trial_run(w, 0, 3, &tr);
    cr_assert(flags[0] & TRIAL_LOSS_REPLICA);
    cr_assert_eq(flags[1] & TRIAL_LOSS_REPLICA, 0);
    trial_worker_free(w);
    plan_free(p);
}

/* A zone outage keeps the zone rules: promoting there does not make the loss the lag. */
Test(restore_capacity, a_zone_outage_keeps_the_zone_rules)
{
    static const char yaml[] =
        "plan: {name: promote-zone}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "stores:\n"
        "  db:\n"
        "    size: 100GB\n"
        "    zone_redundancy: {mode: sync, failover: 1m}\n"
        "    backups: {daily: {schedule: daily 02:00, location: cross-region}}\n"
        "    restore: {throughput: 100MB/s}\n"
        "    replica: {region: us-east-2, lag: 5m, promote: 20m}\n"
        "  cache: {size: 1GB, recovery: unrecoverable, ephemeral: true}\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        "scenarios:\n"
        "  zone:\n"
        "    destroys: zone\n"
        "    per_year: 1\n"
        "    duration: never\n"
        "    service_restored_by: done\n"
        "    runbook:\n"
        "      promote-db: {promote: db, needs: [ops]}\n"
        "      recreate-cache: {recreate: cache, needs: [ops], duration: 7m}\n"
        "      done: {duration: 0s, after: [promote-db, recreate-cache]}\n";
    struct plan *p = fixture_plan_text("%s", yaml);
    cr_assert_eq(p->scenarios[0].steps[1].kind, STEP_RECREATE);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->store_loss_s[0], 0.0, "a sync zone replica loses nothing");
    cr_assert_eq(r->store_loss_s[1], 0.0, "an ephemeral store has no data to lose");
    cr_assert_eq(r->steps[0].duration_s, 20 * MIN);
    cr_assert_eq(r->steps[1].duration_s, 7 * MIN);
    cr_assert_eq(r->rto_s, 27 * MIN, "one person: promote, then recreate");
    trial_worker_free(w);
    plan_free(p);
}

/* A failover abandoned while restores wait and transfer leaves nothing behind: the next
 * trial on the same worker is the one a fresh worker gives. */
Test(restore_capacity, an_abandoned_failover_leaves_the_queue_clean)
{
    static const char lines[] = "    restores_in: us-east-2\n";
    char yaml[4096];
    snprintf(yaml, sizeof yaml, "%s", plan_yaml);
    /* The outage ends by itself at 1 h 30 min, in the middle of the transfers. */
    char *d = strstr(yaml, "duration: never");
    cr_assert_not_null(d);
    memcpy(d, "duration: 90m  ", 15);
    struct plan *p = fixture_plan_text(yaml, "restore_capacity:\n  us-east-2: {concurrency: 1, bandwidth: 1GB/s}\n",
                                       "", "", "", lines, three_restores);
    struct trial_worker *w = trial_worker_new(p, SEED), *fresh = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->outcome, TRIAL_IN_PLACE);
    ASSERT_NEAR(r->rto_s, 1.5 * HOUR);
    for (int k = 1; k < 20; k++) {
        r = trial_run(w, 0, (uint64_t)k, NULL);
        double rto = r->rto_s, end0 = r->steps[0].end_s;
        const struct trial_result *f = trial_run(fresh, 0, (uint64_t)k, NULL);
        cr_assert_eq(f->rto_s, rto);
        cr_assert(f->steps[0].end_s == end0 || (isnan(f->steps[0].end_s) && isnan(end0)));
    }
    trial_worker_free(w);
    trial_worker_free(fresh);
    plan_free(p);
}

/* The same seed gives the same numbers, and one thread or two give identical results. */
Test(restore_capacity, deterministic_across_runs_and_threads)
{
    struct plan *p = fixture_plan_text(
        plan_yaml, "restore_capacity:\n  us-east-2: {concurrency: 2, bandwidth: 150MB/s}\n",
        replica_a, "", "", "    restores_in: us-east-2\n",
        "      restore-a: {restore: a, needs: [ops], throughput: {dist: lognormal, "
        "median: 80MB/s, p90: 200MB/s}}\n"
        "      restore-b: {restore: b, needs: [ops], throughput: {dist: uniform, min: 50MB/s, "
        "max: 300MB/s}}\n"
        "      restore-c: {restore: c, needs: [ops], overhead: {dist: uniform, min: 1m, max: 2h}}\n"
        "      done: {duration: 0s, after: [restore-a, restore-b, restore-c]}\n");
    struct mc_results *r1 = NULL, *r2 = NULL, *r3 = NULL;
    const uint64_t n = 2 * MC_CHUNK + 17;
    cr_assert_eq(mc_run(p, n, SEED, 1, NULL, NULL, &r1), MC_OK);
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &r2), MC_OK);
    cr_assert_eq(mc_run(p, n, SEED, 1, NULL, NULL, &r3), MC_OK);
    const struct mc_scenario_result *x = &r1->scenarios[0], *y = &r2->scenarios[0],
                                    *z = &r3->scenarios[0];
    cr_assert(hist_equal(&x->rto_dist, &y->rto_dist));
    cr_assert(hist_equal(&x->rto_dist, &z->rto_dist));
    cr_assert(hist_equal(&x->rpo_dist, &y->rpo_dist));
    cr_assert_eq(memcmp(&x->rto, &y->rto, sizeof x->rto), 0);
    cr_assert_eq(memcmp(x->steps, y->steps, (size_t)x->n_steps * sizeof *x->steps), 0);
    /* The capacity binds: the RTO is at least the 1,080 GB over 150 MB/s (2 h); the
     * histogram's minimum is the exact smallest RTO. */
    cr_assert_geq(x->rto_dist.min_s, 7200.0 - 1e-6);
    mc_results_free(r1);
    mc_results_free(r2);
    mc_results_free(r3);
    plan_free(p);
}

/* The new keys are paths a sweep can vary: the restore region's concurrency (concurrency
 * 1 runs the 720 GB restores one after the other: 1 h, then 2 h alone = 3 h; 2 or more
 * share the 200 MB/s: both end at 2 h) and the replica's lag (its P95 is the RPO). */
Test(restore_capacity, sweeps_vary_the_new_keys)
{
    char *out = NULL, dir[64], args[512];
    fixture_tmpdir(dir, "restore-sweep");
    int rc = fixture_drsim(NULL, "check --list paths tests/data/restore-capacity.yaml", &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert_not_null(strstr(out, "restore_capacity.us-east-2.concurrency\n"), "%s", out);
    cr_assert_not_null(strstr(out, "stores.db.replica.lag.max\n"), "%s", out);
    cr_assert_not_null(strstr(out, "scenarios.region.runbook.restore-files.throughput\n"), "%s", out);
    free(out);
    snprintf(args, sizeof args, "sweep tests/data/restore-capacity.yaml -n 500 -j 1 -q --no-charts "
             "-o %s/out --vary restore_capacity.us-east-2.concurrency=1,2,4", dir);
    rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert_not_null(strstr(out, "  1                 3h   100.0%"), "%s", out);
    cr_assert_not_null(strstr(out, "  2        *        2h   100.0%"), "%s", out);
    cr_assert_not_null(strstr(out, "  4                 2h   100.0%"), "%s", out);
    free(out);
    snprintf(args, sizeof args, "sweep tests/data/restore-capacity.yaml -n 500 -j 1 -q --no-charts "
             "-o %s/out --vary stores.db.replica.lag.max=1m,30m", dir);
    rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert_not_null(strstr(out, "  1m                2h   100.0%  99.2-100.0%   meets        56.9s"),
                       "%s", out);
    cr_assert_not_null(strstr(out, "  30m               2h   100.0%  99.2-100.0%   meets       28m28s"),
                       "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* The trace says where a loss and a restore's time came from. */
Test(restore_capacity, the_trace_tells_the_lag_and_the_shared_time)
{
    char *out = NULL;
    int rc = fixture_drsim(NULL, "trace tests/data/restore-capacity.yaml --scenario region "
                                 "--trial 3", &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert_not_null(strstr(out, "store db: its replica in us-east-2 is promoted, 2.3s behind "
                                   "(the replication lag)\n"), "%s", out);
    cr_assert_not_null(strstr(out, "step restore-files starts (1h of work"), "%s", out);
    cr_assert_not_null(strstr(out, "step restore-files ends (it took 2h, sharing the restore "
                                   "capacity of us-east-2)\n"), "%s", out);
    free(out);
}

/* Drills that time a promote step are compared with the replica's promotion time (not a
 * restore model), and a recreate step is calibrated like a task (its own duration). */
Test(restore_capacity, drills_place_and_calibrate_promote_and_recreate_steps)
{
    char *out = NULL, dir[64], args[512];
    fixture_tmpdir(dir, "restore-drills");
    snprintf(args, sizeof args, "calibrate tests/data/restore-capacity.yaml --drills "
             "tests/data/restore-capacity-drills.yaml -o %s/cal.yaml", dir);
    int rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert_not_null(strstr(out, "not fitted: a promote step takes its time from store 'db' "
                                   "(replica.promote)\n"), "%s", out);
    cr_assert_not_null(strstr(out, "region / recreate-cache: 2 observations: 4m, 6m\n"), "%s", out);
    cr_assert_not_null(strstr(out, "with the duration of 1 step calibrated"), "%s", out);
    free(out);
    snprintf(args, sizeof args, "run tests/data/restore-capacity.yaml --drills "
             "tests/data/restore-capacity-drills.yaml -n 2000 -j 1 -q --no-charts "
             "--no-workbook -o %s/out", dir);
    rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert_not_null(strstr(out, "step promote-db                               18m        15m"
                                   "        15m       P100"), "%s", out);
    cr_assert_not_null(strstr(out, "4 of 4 measurements placed"), "%s", out);
    free(out);
    fixture_rm_rf(dir);
}

/* A step's own throughput draws from the same stream as the store's would: written on
 * the step, the store's own distribution gives bit-identical durations. */
Test(restore_capacity, a_steps_own_model_keeps_the_stream)
{
    char yaml[4096];
    snprintf(yaml, sizeof yaml, "%s", plan_yaml);
    char *b = strstr(yaml, "  b:\n");
    cr_assert_not_null(b);
    char *r = strstr(b, "    restore: {throughput: 100MB/s}\n");
    cr_assert_not_null(r);
    const char *lognormal = "    restore: {throughput: {dist: lognormal, median: 90MB/s, p90: 300MB/s}, "
                            "overhead: {dist: uniform, min: 1m, max: 9m}}\n";
    char rest[4096];
    snprintf(rest, sizeof rest, "%s", r + strlen("    restore: {throughput: 100MB/s}\n"));
    snprintf(r, sizeof yaml - (size_t)(r - yaml), "%s%s", lognormal, rest);
    struct plan *p0 = fixture_plan_text(yaml, "", "", "", "", "",
                                        "      restore-b: {restore: b, needs: [ops]}\n"
                                        "      done: {duration: 0s, after: [restore-b]}\n");
    struct plan *p1 = fixture_plan_text(yaml, "", "", "", "", "",
                                        "      restore-b: {restore: b, needs: [ops], throughput: "
                                        "{dist: lognormal, median: 90MB/s, p90: 300MB/s}, overhead: "
                                        "{dist: uniform, min: 1m, max: 9m}, parallelism: 1}\n"
                                        "      done: {duration: 0s, after: [restore-b]}\n");
    struct trial_worker *w0 = trial_worker_new(p0, SEED), *w1 = trial_worker_new(p1, SEED);
    for (int k = 0; k < 100; k++) {
        double d0 = trial_run(w0, 0, (uint64_t)k, NULL)->steps[0].duration_s;
        double d1 = trial_run(w1, 0, (uint64_t)k, NULL)->steps[0].duration_s;
        cr_assert_eq(d0, d1, "trial %d: %.17g vs %.17g", k, d0, d1);
    }
    trial_worker_free(w0);
    trial_worker_free(w1);
    plan_free(p0);
    plan_free(p1);
}

/* Transfers that reach the queue at the same instant are served in step order, not in
 * the order their events were scheduled: b's overhead (10 min, scheduled at 0) and a's
 * arrival (its person answers after 10 min, no overhead) meet at 10 min; a goes first. */
Test(restore_capacity, ties_in_the_queue_go_by_step_order)
{
    char yaml[4096];
    const char *ops = "    ops: {count: 3, response: {business: 0s, night: 0s, weekend: 0s}}\n";
    snprintf(yaml, sizeof yaml, "%s", plan_yaml);
    char *o = strstr(yaml, ops);
    cr_assert_not_null(o);
    char rest[4096];
    snprintf(rest, sizeof rest, "%s", o + strlen(ops));
    snprintf(o, sizeof yaml - (size_t)(o - yaml), "%s%s%s", ops,
             "    late: {count: 1, response: {business: 10m, night: 10m, weekend: 10m}}\n", rest);
    struct plan *p = fixture_plan_text(
        yaml, "restore_capacity:\n  us-east-2: {concurrency: 1, bandwidth: 1GB/s}\n", "", "", "",
        "    restores_in: us-east-2\n",
        "      restore-a: {restore: a, needs: [late]}\n"
        "      restore-b: {restore: b, needs: [ops], overhead: 10m}\n"
        "      done: {duration: 0s, after: [restore-a, restore-b]}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = one_trial(w);
    ASSERT_NEAR(r->steps[0].start_s, 10 * MIN);
    ASSERT_NEAR(r->steps[0].end_s, 70 * MIN);
    ASSERT_NEAR(r->steps[1].end_s, 130 * MIN);
    trial_worker_free(w);
    plan_free(p);
}

/* Ample capacity (more slots than restores, bandwidth to spare) gives every restore its
 * time alone, whatever the draws. */
Test(restore_capacity, ample_capacity_gives_each_restore_its_time_alone)
{
    const char *rb = "      restore-a: {restore: a, needs: [ops], throughput: {dist: lognormal, "
                     "median: 80MB/s, p90: 200MB/s}, overhead: {dist: uniform, min: 1m, max: 1h}}\n"
                     "      restore-b: {restore: b, needs: [ops], throughput: {dist: uniform, "
                     "min: 50MB/s, max: 300MB/s}}\n"
                     "      done: {duration: 0s, after: [restore-a, restore-b]}\n";
    struct plan *p0 = plan_of("", "", rb);
    struct plan *p1 = plan_of("restore_capacity:\n  us-east-2: {concurrency: 8, bandwidth: 1TB/s}\n",
                              "    restores_in: us-east-2\n", rb);
    struct trial_worker *w0 = trial_worker_new(p0, SEED), *w1 = trial_worker_new(p1, SEED);
    for (int k = 0; k < 100; k++) {
        const struct trial_result *r0 = trial_run(w0, 0, (uint64_t)k, NULL);
        double a = r0->steps[0].end_s, b = r0->steps[1].end_s;
        const struct trial_result *r1 = trial_run(w1, 0, (uint64_t)k, NULL);
        ASSERT_NEAR(r1->steps[0].end_s, a);
        ASSERT_NEAR(r1->steps[1].end_s, b);
    }
    trial_worker_free(w0);
    trial_worker_free(w1);
    plan_free(p0);
    plan_free(p1);
}

/* A store brought back only by promoting its replica needs no restore section (no fake
 * restore model): a replicated bucket with no backups loses the lag when promoted, and
 * everything (no usable point) when it is not. */
Test(restore_capacity, a_replica_only_store_needs_no_restore_section)
{
    static const char yaml[] =
        "plan: {name: replica-only}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "stores:\n"
        "  bucket:\n"
        "    size: 5TB\n"
        "    replica: {region: us-east-2, lag: 15m, promote: 2m}\n"
        "staffing:\n"
        "  roles:\n"
        "    ops: {count: 1, response: {business: 0s, night: 0s, weekend: 0s}}\n"
        "scenarios:\n"
        "  region:\n"
        "    destroys: region\n"
        "    per_year: 1\n"
        "    duration: never\n"
        "    service_restored_by: done\n"
        "    runbook:\n"
        "%s"
        "      done: {duration: 1m, needs: [ops]%s}\n";
    struct plan *p = fixture_plan_text(yaml, "      promote-bucket: {promote: bucket, needs: [ops]}\n",
                                       ", after: [promote-bucket]");
    cr_assert_eq(p->stores[0].has_restore, 0);
    struct plan *q = fixture_plan_text(yaml, "", "");
    struct trial_worker *w = trial_worker_new(p, SEED), *v = trial_worker_new(q, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->rpo_s, 15 * MIN);
    cr_assert_eq(r->rto_s, 3 * MIN);
    r = trial_run(v, 0, 0, NULL);
    cr_assert(isinf(r->rpo_s), "not promoted, the bucket has no recovery point");
    trial_worker_free(w);
    trial_worker_free(v);
    plan_free(p);
    plan_free(q);
}

/* A restore that moves nothing (its throughput drawn as 0) takes forever, as it would
 * alone, but takes no transfer slot: with concurrency 1 the other restore still ends at
 * 1 h (it used to wait behind the stuck one for ever). */
Test(restore_capacity, a_restore_that_moves_nothing_takes_no_slot)
{
    struct plan *p = plan_of("restore_capacity:\n  us-east-2: {concurrency: 1, bandwidth: 1GB/s}\n",
                             "    restores_in: us-east-2\n", two_restores);
    p->stores[0].throughput = (struct dist){.kind = DIST_FIXED, .p = {0.0}};
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = one_trial(w);
    cr_assert(r->steps[0].state != TRIAL_STEP_DONE || isinf(r->steps[0].end_s), "state %d end %g", (int)r->steps[0].state, r->steps[0].end_s);
    ASSERT_NEAR(r->steps[1].end_s, HOUR);
    cr_assert(isinf(r->rto_s));
    trial_worker_free(w);
    plan_free(p);
}
