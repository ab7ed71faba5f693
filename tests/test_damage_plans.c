/* tests/test_damage_plans.c: the logical-damage scenarios of the plans that ship (the
 * built-in plan's ransomware and accidental deletion, scenarios/ransomware.yaml), held
 * to the facts their setups imply (docs/method.md, "Logical damage").
 *
 * The closed forms of the clean-point arithmetic are tested on small plans elsewhere;
 * here the point is that the plans say what their comments say. In the built-in plan
 * only the cross-region copies (the us-east-2 vault, Vault Lock) are immutable, so under
 * ransomware, which deletes every other point at detection, a clean point of pgmain1 can
 * only come from a cross-region rule, and one is kept only while its retention covers
 * the dwell time plus its age at the onset; stores with in-region backups alone never
 * have one. In the accidental deletion nobody deletes anything, and point-in-time
 * recovery (7 days, logs every 5 minutes) loses at most 5 minutes whenever the mistake
 * is found within its retention. In the example plan the database's weekly copy is
 * locked and the bucket's is not: the database has a clean point whenever the dwell
 * time leaves a weekly copy within the lock's 35 days, the bucket never has one. Every
 * check runs on every trial of a fixed seed (no tolerance: these are facts, not rates),
 * and the runs are large enough to reach both sides of each condition; the summaries
 * (sim/mc.c) must count the clean points per rule as the trials give them. Last, the
 * worked example of docs/method.md (tests/data/damage-worked-example.yaml) is checked
 * trial by trial against its closed forms, and its mean and probability within 4
 * standard errors.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "models/plan.h"
#include "sim/mc.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0xda3a6e0000000012)
#define MIN 60.0
#define DAY 86400.0

/* Index of the rule called name in store s, or fail the test. */
static int rule_of(const struct plan *p, int s, const char *name)
{
    for (size_t j = 0; j < p->stores[s].n_rules; j++)
        if (strcmp(p->stores[s].rules[j].name, name) == 0)
            return (int)j;
    cr_assert_fail("store %s has no rule %s", p->stores[s].name, name);
    return -1;
}

/* Index of the store called name, or fail the test. */
static int store_of(const struct plan *p, const char *name)
{
    int s = plan_find_store(p, name);
    cr_assert(s >= 0, "no store %s", name);
    return s;
}

/* Index of the scenario called name, or fail the test. */
static int scenario_of(const struct plan *p, const char *name)
{
    int sc = plan_find_scenario(p, name);
    cr_assert(sc >= 0, "no scenario %s", name);
    return sc;
}

/* ---- the built-in plan ------------------------------------------------------------------ */

Test(damage_plans, builtin_declares_what_its_comments_say)
{
    struct plan *p = fixture_plan_file(NULL);
    int rw = scenario_of(p, "ransomware"), ad = scenario_of(p, "accidental-deletion");
    const struct scenario *r = &p->scenarios[rw], *a = &p->scenarios[ad];

    /* Ransomware: every store, backups deleted at detection, clocked from detection, and
     * no objective (the BCP states none: a finding, not a verdict). */
    cr_assert(r->damage.present);
    cr_assert_eq(r->scope, OUTAGE_NONE);
    cr_assert_eq(r->damage.deletes, DAMAGE_DELETES_AT_DETECTION);
    for (int s = 0; s < p->n_stores; s++)
        cr_assert(plan_store_damaged(r, s), "ransomware spares %s", p->stores[s].name);
    cr_assert_eq(r->rto_clock, RTO_FROM_DETECTION);
    cr_assert_not(r->has_policy);

    /* Accidental deletion: pgmain1 alone, nobody deletes backups, no objective. */
    int pg = store_of(p, "pgmain1");
    cr_assert(a->damage.present);
    cr_assert_eq(a->damage.deletes, DAMAGE_DELETES_NONE);
    cr_assert_eq(a->damage.stores_mask, UINT64_C(1) << pg);
    cr_assert_eq(a->rto_clock, RTO_FROM_DETECTION);
    cr_assert_not(a->has_policy);

    /* Only the us-east-2 vault is locked: a rule is immutable exactly when it copies
     * across regions. */
    int n_immutable = 0;
    for (int s = 0; s < p->n_stores; s++)
        for (size_t j = 0; j < p->stores[s].n_rules; j++) {
            const struct backup_rule *b = &p->stores[s].rules[j];
            cr_assert_eq(b->immutable, b->location == BACKUP_CROSS_REGION, "%s.%s",
                         p->stores[s].name, b->name);
            n_immutable += b->immutable;
        }
    cr_assert_eq(n_immutable, 8 * 4 + 2 + 2); /* 8 RDS stores x 4, couch_a0 2, ES 2 */

    /* The outages are unchanged: no damage, the policy's clock, their objectives. */
    for (int i = 0; i < p->n_scenarios; i++) {
        if (i == rw || i == ad)
            continue;
        cr_assert_not(p->scenarios[i].damage.present);
        cr_assert_eq(p->scenarios[i].rto_clock, p->rto_clock);
        cr_assert(p->scenarios[i].has_policy);
    }
    plan_free(p);
}

Test(damage_plans, builtin_ransomware_clean_points_come_from_the_vault)
{
    struct plan *p = fixture_plan_file(NULL);
    int rw = scenario_of(p, "ransomware");
    int pg = store_of(p, "pgmain1"), sync = store_of(p, "pgsynclog2");
    int es = store_of(p, "elasticsearch"), cache = store_of(p, "redis-cache");
    struct trial_worker *w = trial_worker_new(p, SEED);
    int n_clean = 0, n_none = 0, n_short = 0, n_short_clean = 0, n_long = 0;
    int by_rule[16] = {0};
    cr_assert(p->stores[pg].n_rules <= 16);

    for (uint64_t k = 0; k < 4000; k++) {
        const struct trial_result *t = trial_run(w, rw, k, NULL);
        double d = t->damaged_s, loss = t->store_drawn_loss_s[pg];
        int j = t->clean_rule[pg];
        cr_assert(d > 0 && isfinite(d), "trial %llu: damaged window %g", (unsigned long long)k, d);
        /* The blob bucket and Kafka have nothing to restore: no clean point, ever. */
        cr_assert(t->no_clean);
        cr_assert(isinf(t->rpo_s));
        /* In-region backups only: all deleted at detection. */
        cr_assert_eq(t->clean_rule[sync], -1);
        cr_assert(isinf(t->store_drawn_loss_s[sync]));
        /* Re-indexed or flushed: nothing of their own to lose. */
        cr_assert_eq(t->store_drawn_loss_s[es], 0.0);
        cr_assert_eq(t->store_drawn_loss_s[cache], 0.0);
        if (j < 0) {
            cr_assert(isinf(loss), "trial %llu: no clean rule but loss %g",
                      (unsigned long long)k, loss);
            n_none++;
        } else {
            const struct backup_rule *b = &p->stores[pg].rules[j];
            /* Never an in-region point (deleted), never PITR (deleted, and not a point
             * the damage spares): always one of the vault's copies. */
            cr_assert_eq(b->location, BACKUP_CROSS_REGION, "trial %llu: clean point from %s",
                         (unsigned long long)k, b->name);
            cr_assert(b->immutable);
            /* Completed before the onset, kept at detection: age + dwell <= retention. */
            cr_assert(loss > 0 && loss + d <= b->retention_s + 1e-6,
                      "trial %llu: %s loss %g + dwell %g > retention %g",
                      (unsigned long long)k, b->name, loss, d, b->retention_s);
            n_clean++;
            by_rule[j]++;
        }
        /* Past the longest retention (the quarterly copy's 180 days) nothing is left. */
        if (d > 180 * DAY) {
            cr_assert_lt(j, 0, "trial %llu: clean point after %g days", (unsigned long long)k,
                         d / DAY);
            n_long++;
        }
        if (d <= 30 * DAY) {
            n_short++;
            n_short_clean += j >= 0;
        }
    }
    /* Both sides reached; a dwell time within a month almost always leaves a copy in the
     * vault (weekly copies kept 14 days, monthly 62, quarterly 180; a copy fails ~2 %). */
    cr_assert(n_clean > 0 && n_none > 0 && n_long > 0);
    cr_assert_gt(n_short_clean, 0.97 * n_short, "%d of %d", n_short_clean, n_short);
    cr_assert_gt(by_rule[rule_of(p, pg, "weekly-copy")], 0);
    cr_assert_gt(by_rule[rule_of(p, pg, "quarterly-copy")], 0);
    cr_assert_eq(by_rule[rule_of(p, pg, "pitr")], 0);
    cr_assert_eq(by_rule[rule_of(p, pg, "snapshot")], 0);
    trial_worker_free(w);
    plan_free(p);
}

Test(damage_plans, builtin_accidental_deletion_is_undone_by_pitr)
{
    struct plan *p = fixture_plan_file(NULL);
    int ad = scenario_of(p, "accidental-deletion");
    int pg = store_of(p, "pgmain1"), pitr = rule_of(p, pg, "pitr");
    int sh = store_of(p, "pgshard1");
    struct trial_worker *w = trial_worker_new(p, SEED);
    int n_in = 0, n_out = 0;

    for (uint64_t k = 0; k < 20000; k++) {
        const struct trial_result *t = trial_run(w, ad, k, NULL);
        double d = t->damaged_s, loss = t->store_drawn_loss_s[pg];
        /* Only pgmain1 is damaged: the others lose nothing and have no clean rule. */
        cr_assert_eq(t->store_drawn_loss_s[sh], 0.0);
        cr_assert_eq(t->clean_rule[sh], -1);
        if (t->clean_rule[pg] == pitr || d <= 7 * DAY - 5 * MIN) {
            /* Within PITR's retention: back to the onset minus the log lag (<= 5 min); the
             * point onset - lag must itself be within the 7 days at detection, so a dwell
             * within 5 min of them may or may not reach it. */
            cr_assert(d + loss <= 7 * DAY, "trial %llu: dwell %g s, loss %g",
                      (unsigned long long)k, d, loss);
            cr_assert_eq(t->clean_rule[pg], pitr, "trial %llu: dwell %g s, rule %d",
                         (unsigned long long)k, d, t->clean_rule[pg]);
            cr_assert(loss >= 0 && loss <= 5 * MIN + 1e-9, "trial %llu: loss %g",
                      (unsigned long long)k, loss);
            n_in++;
        } else {
            /* Found too late for PITR: an older copy (the in-region snapshots are gone
             * too, kept 7 days), or nothing. */
            cr_assert_neq(t->clean_rule[pg], pitr);
            cr_assert(loss > 5 * MIN);
            if (t->clean_rule[pg] >= 0)
                cr_assert_eq(p->stores[pg].rules[t->clean_rule[pg]].location,
                             BACKUP_CROSS_REGION);
            n_out++;
        }
        /* The RPO is pgmain1's loss alone: no adversary, no other store touched. */
        cr_assert_eq(t->rpo_s, loss);
    }
    cr_assert(n_in > 0 && n_out > 0, "in %d out %d", n_in, n_out);
    trial_worker_free(w);
    plan_free(p);
}

/* The built-in plan's summary: every ransomware trial lacks a clean point somewhere (the
 * blob bucket, Kafka and the in-region-only databases), pgmain1's clean points are all
 * counted against the vault's four rules, and the accidental deletion's against PITR
 * whenever the dwell time is within its 7 days; the outages have no damage figures. */
Test(damage_plans, builtin_summary_counts_the_vault_rules)
{
    struct plan *p = fixture_plan_file(NULL);
    int rw = scenario_of(p, "ransomware"), ad = scenario_of(p, "accidental-deletion");
    int pg = store_of(p, "pgmain1");
    const uint64_t n = 4000;
    struct mc_results *res = NULL;
    cr_assert_eq(mc_run(p, n, SEED, 2, NULL, NULL, &res), MC_OK);

    const struct mc_scenario_result *r = &res->scenarios[rw];
    cr_assert_eq(r->n_no_clean, n);
    const struct mc_store_result *st = &r->stores[pg];
    cr_assert(st->damaged && st->clean_rule_n);
    uint64_t vault = 0;
    for (size_t j = 0; j < p->stores[pg].n_rules; j++) {
        if (p->stores[pg].rules[j].immutable)
            vault += st->clean_rule_n[j];
        else
            cr_assert_eq(st->clean_rule_n[j], 0, "rule %s", p->stores[pg].rules[j].name);
    }
    cr_assert_eq(vault + st->n_no_point, n);
    cr_assert(st->n_no_point > 0 && st->n_no_point < n / 5, "%llu",
              (unsigned long long)st->n_no_point);

    const struct mc_scenario_result *a = &res->scenarios[ad];
    const struct mc_store_result *sa = &a->stores[pg];
    uint64_t pitr = sa->clean_rule_n[rule_of(p, pg, "pitr")];
    cr_assert_gt(pitr, 0.9 * n);
    cr_assert_lt(a->n_no_clean, n / 100);
    for (int i = 0; i < p->n_stores; i++)
        if (i != pg)
            cr_assert_null(a->stores[i].clean_rule_n);
    for (int i = 0; i < res->n_scenarios; i++)
        if (i != rw && i != ad)
            cr_assert_eq(res->scenarios[i].n_no_clean, 0);
    mc_results_free(res);
    plan_free(p);
}

/* ---- scenarios/ransomware.yaml ------------------------------------------------------- */

Test(damage_plans, example_locked_copy_survives_the_unlocked_does_not)
{
    struct plan *p = fixture_plan_file("scenarios/ransomware.yaml");
    int rw = scenario_of(p, "ransomware");
    int db = store_of(p, "shipdb"), docs = store_of(p, "documents");
    int vault = rule_of(p, db, "weekly-vault");
    double keep = p->stores[db].rules[vault].retention_s; /* 35 days */
    struct trial_worker *w = trial_worker_new(p, SEED);
    int n_db_clean = 0, n_db_none = 0;

    cr_assert(p->stores[db].rules[vault].immutable);
    cr_assert_not(p->stores[docs].rules[rule_of(p, docs, "weekly-copy")].immutable);
    for (uint64_t k = 0; k < 10000; k++) {
        const struct trial_result *t = trial_run(w, rw, k, NULL);
        double d = t->damaged_s, loss = t->store_drawn_loss_s[db];
        /* The bucket's copy sits in the same account, unlocked: deleted, every time. */
        cr_assert_eq(t->clean_rule[docs], -1);
        cr_assert(isinf(t->store_drawn_loss_s[docs]));
        cr_assert(t->no_clean);
        /* A weekly copy is at most 14 days old at the onset (the newest, or the one before
         * when the newest had not completed): within 35 - 14 = 21 days of dwell time the
         * locked vault always holds one; past 35 days none can be left. */
        if (d <= keep - 14 * DAY)
            cr_assert_eq(t->clean_rule[db], vault, "trial %llu: dwell %g d",
                         (unsigned long long)k, d / DAY);
        if (d > keep)
            cr_assert_eq(t->clean_rule[db], -1);
        if (t->clean_rule[db] >= 0) {
            cr_assert_eq(t->clean_rule[db], vault); /* the PITR logs and snapshots are gone */
            cr_assert(loss > 0 && loss <= 14 * DAY && loss + d <= keep + 1e-6);
            n_db_clean++;
        } else {
            cr_assert(isinf(loss));
            n_db_none++;
        }
    }
    cr_assert(n_db_clean > 0 && n_db_none > 0, "clean %d none %d", n_db_clean, n_db_none);
    trial_worker_free(w);
    plan_free(p);
}

Test(damage_plans, example_bad_migration_loses_minutes)
{
    struct plan *p = fixture_plan_file("scenarios/ransomware.yaml");
    int bm = scenario_of(p, "bad-migration");
    int db = store_of(p, "shipdb"), docs = store_of(p, "documents");
    int pitr = rule_of(p, db, "pitr");
    struct trial_worker *w = trial_worker_new(p, SEED);
    int n_in = 0;

    for (uint64_t k = 0; k < 5000; k++) {
        const struct trial_result *t = trial_run(w, bm, k, NULL);
        cr_assert_eq(t->store_drawn_loss_s[docs], 0.0); /* not damaged */
        if (t->damaged_s <= 7 * DAY) {
            cr_assert_eq(t->clean_rule[db], pitr);
            cr_assert(t->store_drawn_loss_s[db] <= 5 * MIN + 1e-9);
            n_in++;
        }
    }
    cr_assert_gt(n_in, 4500); /* lognormal median 6 h, p90 3 d: about 95 % within 7 days */
    trial_worker_free(w);
    plan_free(p);
}

/* The summary over many trials agrees with the trials: the bucket has no clean point in
 * any trial, so the share of trials without one is 1, and every clean point of the
 * database is counted against the locked weekly copy. */
Test(damage_plans, example_summary_counts_the_clean_rules)
{
    struct plan *p = fixture_plan_file("scenarios/ransomware.yaml");
    int rw = scenario_of(p, "ransomware");
    int db = store_of(p, "shipdb"), vault = rule_of(p, db, "weekly-vault");
    struct mc_results *res = NULL;
    cr_assert_eq(mc_run(p, 5000, SEED, 2, NULL, NULL, &res), MC_OK);
    const struct mc_scenario_result *sr = &res->scenarios[rw];
    cr_assert_eq(sr->n_no_clean, 5000);
    cr_assert_eq(sr->no_clean_share, 1.0);
    const struct mc_store_result *st = &sr->stores[db];
    cr_assert(st->damaged);
    cr_assert_not_null(st->clean_rule_n);
    uint64_t total = 0;
    for (size_t j = 0; j < p->stores[db].n_rules; j++) {
        if ((int)j != vault)
            cr_assert_eq(st->clean_rule_n[j], 0);
        total += st->clean_rule_n[j];
    }
    cr_assert_eq(total, st->clean_rule_n[vault]);
    cr_assert(total > 0 && total < 5000);
    /* The damaged window is the dwell time: median 5 days. */
    cr_assert(sr->damaged.p50_s > 4 * DAY && sr->damaged.p50_s < 6 * DAY, "%g",
              sr->damaged.p50_s);
    mc_results_free(res);
    plan_free(p);
}

/* ---- the worked example of docs/method.md ------------------------------------------------ */

/* Age at the onset (seconds since the epoch, a Monday 00:00 UTC) of the newest point of a
 * rule taken every `period` seconds at `phase` past the epoch's multiples of it that had
 * completed (`complete` seconds later) by the onset. */
static double age_at(double onset, double period, double phase, double complete)
{
    double p = floor((onset - phase) / period) * period + phase;
    if (p + complete > onset)
        p -= period;
    return onset - p;
}

Test(damage_plans, worked_example_matches_the_closed_forms)
{
    struct plan *p = fixture_plan_file("tests/data/damage-worked-example.yaml");
    int db = store_of(p, "db"), db2 = store_of(p, "db2"), db3 = store_of(p, "db3");
    int snap2 = rule_of(p, db2, "snapshot"), week2 = rule_of(p, db2, "weekly");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const int n = 20000;
    double sum_d3 = 0;
    int clean_d65 = 0;

    for (int k = 0; k < n; k++) {
        const struct trial_result *t;
        double onset, snap, week;
#define AT(sc)                                                                            \
    do {                                                                                  \
        t = trial_run(w, scenario_of(p, sc), (uint64_t)k, NULL);                          \
        onset = t->start_abs_s - t->damaged_s;                                            \
        snap = age_at(onset, DAY, 2 * 3600.0, 30 * MIN);                                  \
        week = age_at(onset, 7 * DAY, 6 * DAY + 4 * 3600.0, 60 * MIN);                    \
    } while (0)
#define NEAR(a, b) (fabs((a) - (b)) <= 1e-6)

        /* D = 3 days: the day's snapshot (30 min to 24 h 30 min old), PITR's 5 min. */
        AT("d3");
        cr_assert_eq(t->damaged_s, 3 * DAY);
        cr_assert_eq(t->clean_rule[db], 0);
        cr_assert(NEAR(t->store_drawn_loss_s[db], snap), "k %d: %g vs %g", k,
                  t->store_drawn_loss_s[db], snap);
        cr_assert(snap >= 30 * MIN && snap < 24 * 3600.0 + 30 * MIN);
        cr_assert(NEAR(t->store_drawn_loss_s[db2], fmin(snap, week)));
        cr_assert_eq(t->clean_rule[db2], snap < week ? snap2 : week2);
        cr_assert_eq(t->store_drawn_loss_s[db3], 5 * MIN);
        cr_assert_eq(t->rto_s, 3600.0); /* clocked from detection */
        sum_d3 += snap;

        /* D = 6.5 days: the snapshot only when at most R - D = 12 h old. */
        AT("d65");
        if (snap <= 12 * 3600.0) {
            cr_assert(NEAR(t->store_drawn_loss_s[db], snap));
            cr_assert(NEAR(t->store_drawn_loss_s[db2], fmin(snap, week)));
            cr_assert_eq(t->clean_rule[db2], snap < week ? snap2 : week2);
            clean_d65++;
        } else {
            cr_assert(isinf(t->store_drawn_loss_s[db]));
            cr_assert_eq(t->clean_rule[db], -1);
            cr_assert(NEAR(t->store_drawn_loss_s[db2], week));
            cr_assert_eq(t->clean_rule[db2], week2);
        }
        cr_assert_eq(t->store_drawn_loss_s[db3], 5 * MIN); /* 6.5 days <= 7 */

        /* D = 8 days > R: no snapshot and no PITR; the weekly copy (35 days) remains. */
        AT("d8");
        cr_assert(isinf(t->store_drawn_loss_s[db]) && isinf(t->store_drawn_loss_s[db3]));
        cr_assert(NEAR(t->store_drawn_loss_s[db2], week));
        cr_assert_eq(t->clean_rule[db2], week2);

        /* D = 3 days, backups deleted: only the locked weekly copy; RTO from the onset. */
        AT("d3del");
        cr_assert(isinf(t->store_drawn_loss_s[db]) && isinf(t->store_drawn_loss_s[db3]));
        cr_assert(NEAR(t->store_drawn_loss_s[db2], week));
        cr_assert(week >= 60 * MIN && week < 7 * DAY + 60 * MIN);
        cr_assert_eq(t->clean_rule[db2], week2);
        cr_assert(NEAR(t->rto_s, 3 * DAY + 3600.0));
#undef AT
#undef NEAR
    }
    /* The onset is uniform: mean loss 12 h 30 min; P(clean) at 6.5 days = 11.5 / 24. The
     * tolerances are 4 standard errors (24 h / sqrt(12 n); sqrt(p (1 - p) / n)). */
    double se_mean = DAY / sqrt(12.0 * n), pc = 11.5 / 24, se_p = sqrt(pc * (1 - pc) / n);
    cr_assert(fabs(sum_d3 / n - 12.5 * 3600.0) <= 4 * se_mean, "mean %g h", sum_d3 / n / 3600);
    cr_assert(fabs((double)clean_d65 / n - pc) <= 4 * se_p, "P(clean) %g",
              (double)clean_d65 / n);
    trial_worker_free(w);
    plan_free(p);
}
