/* tests/test_load_damage.c: the loader's reading of logical-damage scenarios (issue 12):
 * the damage section and its defaults, destroys: none, each scenario's RTO clock, and
 * immutable backup rules. The refusals are in the bad-plan corpus (tests/bad/damage-*);
 * the engine's figures are in tests/test_damage.c. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>

#include "models/backup.h"
#include "models/plan.h"
#include "tests/fixture.h"

/* Two stores, a zone outage and a damage scenario; %s is the damage scenario's extra
 * lines, %s the policy's rto_clock line. */
#define DAMAGE_PLAN                                                                        \
    "calendar: {epoch: 2026-01-05}\n"                                                      \
    "policy:\n"                                                                            \
    "  %s\n"                                                                               \
    "  objectives: {zone: {rpo: 1h, rto: 4h}}\n"                                           \
    "stores:\n"                                                                            \
    "  db:\n"                                                                              \
    "    size: 100GB\n"                                                                    \
    "    zone_redundancy: {mode: sync, failover: 1m}\n"                                    \
    "    backups:\n"                                                                       \
    "      pitr: {schedule: continuous, lag: 5m, retention: 7d, location: in-region}\n"    \
    "      vault: {schedule: weekly Sun 03:00, retention: 35d, location: cross-region,\n"  \
    "              immutable: true}\n"                                                     \
    "    restore: {throughput: 100MB/s}\n"                                                 \
    "  files:\n"                                                                           \
    "    size: 10GB\n"                                                                     \
    "    backups: {nightly: {schedule: daily 02:00, retention: 7d, location: in-region}}\n" \
    "    restore: {throughput: 100MB/s}\n"                                                 \
    "staffing:\n"                                                                          \
    "  roles: {oncall: {count: 1, response: {business: 5m}}}\n"                            \
    "scenarios:\n"                                                                         \
    "  zone:\n"                                                                            \
    "    destroys: zone\n"                                                                 \
    "    per_year: 1\n"                                                                    \
    "    duration: 2h\n"                                                                   \
    "    declared_by: fix\n"                                                               \
    "    runbook: {fix: {needs: [oncall], duration: 1h}}\n"                                \
    "    service_restored_by: fix\n"                                                       \
    "  deletion:\n"                                                                        \
    "    per_year: 0.5\n"                                                                  \
    "%s"                                                                                   \
    "    runbook:\n"                                                                       \
    "      triage: {needs: [oncall], duration: 1h}\n"                                      \
    "      restore-db: {restore: db, needs: [oncall], after: [triage]}\n"                  \
    "    service_restored_by: restore-db\n"

Test(load_damage, defaults_every_store_no_deletion_detection_clock)
{
    struct plan *p = fixture_plan_text(DAMAGE_PLAN, "rto_clock: outage-start",
                                       "    damage: {detected_after: 3d}\n");
    const struct scenario *zone = &p->scenarios[0], *del = &p->scenarios[1];
    cr_assert(!zone->damage.present);
    cr_assert_eq(zone->rto_clock, RTO_FROM_OUTAGE);
    cr_assert(del->damage.present);
    cr_assert_eq(del->scope, OUTAGE_NONE);
    cr_assert_eq(del->damage.stores_mask, UINT64_C(3)); /* both stores */
    cr_assert_eq(del->damage.deletes, DAMAGE_DELETES_NONE);
    cr_assert_eq(del->damage.detection.kind, DIST_FIXED);
    cr_assert_eq(del->damage.detection.p[0], 3 * 86400.0);
    cr_assert_eq(del->rto_clock, RTO_FROM_DETECTION);
    cr_assert(isinf(del->duration.p[0]) && del->duration.kind == DIST_FIXED);
    cr_assert(!del->has_policy);
    /* The damaged stores are what the scenario takes away; nothing is destroyed. */
    cr_assert(plan_store_damaged(del, 0) && plan_store_damaged(del, 1));
    cr_assert(plan_store_affected(p, del, 0) && plan_store_affected(p, del, 1));
    cr_assert(!backup_store_needs_restore(&p->stores[0], del->scope));
    cr_assert(!plan_store_damaged(zone, 0));
    /* immutable is read per rule, off by default. */
    cr_assert(!p->stores[0].rules[0].immutable);
    cr_assert(p->stores[0].rules[1].immutable);
    cr_assert(!p->stores[1].rules[0].immutable);
    plan_free(p);
}

Test(load_damage, scope_deletion_and_clocks)
{
    struct plan *p = fixture_plan_text(
        DAMAGE_PLAN, "rto_clock: declaration",
        "    rto_clock: onset\n"
        "    damage:\n"
        "      stores: [files]\n"
        "      detected_after: {dist: uniform, min: 1h, max: 2d}\n"
        "      deletes_backups: at-onset\n"
        "      note: a dropped table\n");
    const struct scenario *zone = &p->scenarios[0], *del = &p->scenarios[1];
    cr_assert_eq(zone->rto_clock, RTO_FROM_DECLARATION); /* the policy's, for an outage */
    cr_assert_eq(del->rto_clock, RTO_FROM_OUTAGE);       /* "onset" */
    cr_assert_eq(del->damage.stores_mask, UINT64_C(2));
    cr_assert(!plan_store_damaged(del, 0) && plan_store_damaged(del, 1));
    cr_assert(!plan_store_affected(p, del, 0));
    cr_assert_eq(del->damage.deletes, DAMAGE_DELETES_AT_ONSET);
    cr_assert_eq(del->damage.detection.kind, DIST_UNIFORM);
    cr_assert_str_eq(del->damage.note, "a dropped table");
    plan_free(p);
}

/* Damage may come with a destroyed region (ransomware that also wipes the
 * infrastructure): the outage's keys apply again and the policy's clock does not. */
Test(load_damage, damage_with_a_destroyed_region)
{
    struct plan *p = fixture_plan_text(DAMAGE_PLAN, "rto_clock: outage-start",
                                       "    destroys: region\n"
                                       "    duration: {dist: lognormal, median: 1d, p90: 4d}\n"
                                       "    damage: {detected_after: 5d, deletes_backups: "
                                       "at-detection}\n");
    const struct scenario *del = &p->scenarios[1];
    cr_assert(del->damage.present);
    cr_assert_eq(del->scope, OUTAGE_REGION);
    cr_assert_eq(del->duration.kind, DIST_LOGNORMAL);
    cr_assert_eq(del->rto_clock, RTO_FROM_DETECTION);
    cr_assert_eq(del->damage.deletes, DAMAGE_DELETES_AT_DETECTION);
    plan_free(p);
}

/* Damage that destroys nothing leaves the platform up: a service whose stores are not
 * damaged needs no step (it is never down), one whose store is damaged needs the
 * service step and the restore of that store, and an explicit restored_by is kept. */
Test(load_damage, services_untouched_by_the_damage_need_nothing)
{
    struct plan *p = fixture_plan_text(
        DAMAGE_PLAN
        "services:\n"
        "  orders: {criticality: high, depends_on: {stores: [db]}}\n"
        "  archive: {criticality: low, depends_on: {stores: [files]}}\n"
        "  reports:\n"
        "    criticality: low\n"
        "    depends_on: {stores: [files]}\n"
        "    restored_by: {deletion: triage}\n",
        "rto_clock: outage-start",
        "    damage: {stores: [db], detected_after: 3d}\n");
    const int del = 1;
    const struct scenario *sc = &p->scenarios[del];
    const int restore = scenario_find_step(sc, "restore-db");
    const int triage = scenario_find_step(sc, "triage");
    cr_assert_eq(p->services[0].need_mask[del], UINT64_C(1) << restore); /* service step */
    cr_assert_eq(p->services[1].need_mask[del], 0);
    cr_assert_eq(p->services[1].restored_by[del], -1);
    cr_assert_eq(p->services[2].need_mask[del], UINT64_C(1) << triage);
    /* In the zone outage every service waits for the service step. */
    cr_assert_eq(p->services[1].need_mask[0], UINT64_C(1) << scenario_find_step(&p->scenarios[0], "fix"));
    plan_free(p);
}
