/* tests/test_load.c: the plan loader and its diagnostics (models/load.c, models/diag.c).
 *
 * Three kinds of test: the tutorial plan loads and every kind of field comes out in
 * base units with the documented defaults; small inline plans pin down defaults,
 * topological order and alias handling; and the bad-plan corpus, tests/bad/NAME.yaml,
 * each next to NAME.expected holding the exact text diag_print must produce. Run from
 * the repository root (as `make test` does), since the corpus is found by path.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/load.h"
#include "models/digest.h"
#include "models/units.h"
#include "tests/fixture.h"

#define BAD_DIR "tests/bad"
#define MIN_BAD_PLANS 35

/* ---- helpers --------------------------------------------------------------------- */

struct loaded {
    struct diag_list d;
    char *text;
    struct plan *p;
    enum load_status st;
};

static void load_file(struct loaded *l, const char *path)
{
    memset(l, 0, sizeof *l);
    l->st = load_plan_file(path, &l->d, &l->text, &l->p);
}

static void load_inline(struct loaded *l, const char *text)
{
    memset(l, 0, sizeof *l);
    diag_init(&l->d, "inline.yaml", text, strlen(text));
    l->st = load_plan_text("inline.yaml", text, strlen(text), &l->d, &l->p);
}

static void unload(struct loaded *l)
{
    plan_free(l->p);
    diag_fini(&l->d);
    free(l->text);
}

/* Fail with the diagnostics shown when a plan that should load does not. */
static void expect_ok(struct loaded *l)
{
    if (l->st != LOAD_OK) {
        char *s = diag_to_string(&l->d);
        cr_assert_fail("plan did not load (%s):\n%s", load_strerror(l->st), s ? s : "");
    }
}

static int step_index(const struct scenario *sc, const char *name)
{
    return scenario_find_step(sc, name);
}

/* a equals b to a relative 1e-9 (values come out of unit conversions and logs). */
#define cr_assert_rel(a, b) cr_assert(close_to((double)(a), (double)(b)), \
                                      "%s = %.17g, expected %.17g", #a, (double)(a), (double)(b))

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fabs(b) + 1e-12;
}

/* The plain-number mu of a lognormal given by its median and p90. */
static double ln_mu(double median)
{
    return log(median);
}

static double ln_sigma(double median, double p90)
{
    return log(p90 / median) / 1.2815515655446004;
}

/* ---- the tutorial plan ------------------------------------------------------------ */

Test(load, tutorial_metadata_and_calendar)
{
    struct loaded l;
    load_file(&l, "scenarios/tutorial.yaml");
    expect_ok(&l);
    cr_assert_str_eq(l.p->path, "scenarios/tutorial.yaml");
    cr_assert_str_eq(l.p->name, "tutorial-shop");
    cr_assert_str_eq(l.p->version, "1.0");
    cr_assert_str_eq(l.p->organization, "Example Shop Ltd");
    cr_assert_str_eq(l.p->owner, "ops@example.com");
    cr_assert_eq(l.p->calendar.epoch_days, units_days_from_civil(2026, 1, 5));
    cr_assert_rel(l.p->calendar.window_s, 365 * 86400.0);
    cr_assert_eq(l.p->calendar.window_start_s, 0.0);
    cr_assert_eq(l.p->calendar.tz_offset_s, 0.0);
    cr_assert_rel(l.p->confidence, 0.95);
    cr_assert_eq(l.p->rto_clock, RTO_FROM_OUTAGE);
    unload(&l);
}

Test(load, tutorial_sha256_is_of_the_file_bytes)
{
    struct loaded l;
    unsigned char want[32];
    load_file(&l, "scenarios/tutorial.yaml");
    expect_ok(&l);
    digest_sha256(l.text, strlen(l.text), want);
    cr_assert_eq(memcmp(want, l.p->sha256, 32), 0);
    unload(&l);
}

Test(load, tutorial_stores_in_base_units)
{
    struct loaded l;
    const struct store *db, *search, *sessions;
    load_file(&l, "scenarios/tutorial.yaml");
    expect_ok(&l);
    cr_assert_eq(l.p->n_stores, 3);
    db = &l.p->stores[plan_find_store(l.p, "shopdb")];
    search = &l.p->stores[plan_find_store(l.p, "search")];
    sessions = &l.p->stores[plan_find_store(l.p, "sessions")];

    cr_assert_str_eq(db->kind, "PostgreSQL 15");
    cr_assert_rel(db->size_bytes, 400e9);
    cr_assert_eq(db->pos.line, 32);
    cr_assert_eq(db->pos.col, 3);
    cr_assert_eq(db->zone_mode, STORE_ZONE_SYNC);
    cr_assert_eq(db->failover.kind, DIST_UNIFORM);
    cr_assert_rel(db->failover.p[0], 60);
    cr_assert_rel(db->failover.p[1], 180);
    cr_assert_eq(db->recovery, STORE_RECOVER_RESTORE);
    cr_assert_eq(db->throughput.kind, DIST_LOGNORMAL);
    cr_assert_rel(db->throughput.p[0], ln_mu(150e6));
    cr_assert_rel(db->throughput.p[1], ln_sigma(150e6, 250e6));
    cr_assert_eq(db->overhead.kind, DIST_FIXED);
    cr_assert_rel(db->overhead.p[0], 1200);
    cr_assert_eq(db->parallelism, 1);
    cr_assert_eq(db->counts_for_rpo, 1);

    cr_assert_eq(db->n_rules, 3);
    cr_assert_str_eq(db->rules[0].name, "wal-archive");
    cr_assert_eq(db->rules[0].schedule.kind, SCHED_CONTINUOUS);
    cr_assert_eq(db->rules[0].lag.kind, DIST_UNIFORM);
    cr_assert_rel(db->rules[0].lag.p[1], 300);
    cr_assert_rel(db->rules[0].retention_s, 7 * 86400.0);
    cr_assert_eq(db->rules[0].location, BACKUP_IN_REGION);
    cr_assert_eq(db->rules[0].failure_prob, 0.0);

    cr_assert_str_eq(db->rules[1].name, "nightly");
    cr_assert_eq(db->rules[1].schedule.kind, SCHED_DAILY);
    cr_assert_rel(db->rules[1].schedule.offset_s, 2 * 3600.0);
    cr_assert_rel(db->rules[1].failure_prob, 0.01);
    cr_assert_rel(db->rules[1].retention_s, 14 * 86400.0);
    cr_assert_eq(db->rules[1].complete.kind, DIST_LOGNORMAL);
    cr_assert_rel(db->rules[1].complete.p[0], ln_mu(2400));
    cr_assert_rel(db->rules[1].complete.p[1], ln_sigma(2400, 5400));

    cr_assert_eq(db->rules[2].schedule.kind, SCHED_DAILY);
    cr_assert_eq(db->rules[2].schedule.dow_mask, 0x3fu);   /* Mon-Sat */
    cr_assert_eq(db->rules[2].location, BACKUP_CROSS_REGION);
    cr_assert_eq(db->rules[2].complete.kind, DIST_TRIANGULAR);
    cr_assert_rel(db->rules[2].complete.p[0], 7200);
    cr_assert_rel(db->rules[2].complete.p[1], 10800);
    cr_assert_rel(db->rules[2].complete.p[2], 21600);

    cr_assert_eq(search->zone_mode, STORE_ZONE_CLUSTER);
    cr_assert_eq(search->recovery, STORE_RECOVER_REBUILD);
    cr_assert_eq(search->throughput.kind, DIST_UNIFORM);
    cr_assert_rel(search->throughput.p[0], 20e6);
    cr_assert_rel(search->throughput.p[1], 60e6);
    cr_assert_eq(search->overhead.kind, DIST_FIXED);   /* the shorthand "10m" */
    cr_assert_rel(search->overhead.p[0], 600);
    cr_assert_eq(search->parallelism, 2);
    cr_assert_eq(search->counts_for_rpo, 1);   /* rebuilt: nothing of its own to lose */
    cr_assert_eq(search->exception.present, 0);
    cr_assert_eq(search->n_rules, 0);

    cr_assert_eq(sessions->recovery, STORE_RECOVER_NONE);
    cr_assert_eq(sessions->zone_mode, STORE_ZONE_NONE);
    cr_assert_rel(sessions->size_bytes, 2e9);
    cr_assert_str_eq(sessions->note, "sessions are lost; customers log in again");
    cr_assert_eq(sessions->counts_for_rpo, 0);
    cr_assert_eq(sessions->cross_region, STORE_XR_NONE);
    cr_assert_eq(sessions->exception.present, 1);
    cr_assert_str_eq(sessions->exception.reason, "sessions are lost; customers log in again");
    cr_assert_str_eq(sessions->exception.approved_by, "Head of Customer Operations");
    cr_assert_str_eq(sessions->exception.review_by, "2028-06-30");
    cr_assert_eq(sessions->exception.review_by_day, 21365); /* 2028-06-30 */
    unload(&l);
}

Test(load, tutorial_staffing)
{
    struct loaded l;
    const struct role *oncall, *cto;
    load_file(&l, "scenarios/tutorial.yaml");
    expect_ok(&l);
    cr_assert_eq(l.p->n_roles, 2);
    cr_assert_eq(l.p->n_people, 3);
    cr_assert_eq(l.p->n_holidays, 3);
    cr_assert_eq(l.p->holidays[0], units_days_from_civil(2026, 12, 25));
    cr_assert_eq(l.p->holidays[2], units_days_from_civil(2027, 1, 1));
    oncall = &l.p->roles[plan_find_role(l.p, "oncall")];
    cto = &l.p->roles[plan_find_role(l.p, "cto")];
    cr_assert_eq(oncall->count, 2);
    cr_assert_eq(oncall->first_person, 0);
    cr_assert_eq(cto->first_person, 2);
    cr_assert_rel(oncall->calendar.tz_offset_s, 3600);
    cr_assert_eq(oncall->calendar.workdays_mask, 0x1fu);
    cr_assert_rel(oncall->calendar.day_start_s, 9 * 3600.0);
    cr_assert_rel(oncall->calendar.day_end_s, 17.5 * 3600.0);
    cr_assert_eq(oncall->calendar.holidays, l.p->holidays);
    cr_assert_eq(oncall->calendar.n_holidays, 3);
    cr_assert_eq(oncall->response[SCHED_NIGHT].kind, DIST_LOGNORMAL);
    cr_assert_rel(oncall->response[SCHED_NIGHT].p[0], ln_mu(900));
    cr_assert(isinf(oncall->escalate_after_s));
    cr_assert_eq(oncall->stand_in, -1);
    cr_assert_str_eq(cto->description, "incident lead; on-call stands in when the CTO does not answer");
    cr_assert_eq(cto->response[SCHED_WEEKEND].kind, DIST_EXPONENTIAL);
    cr_assert_rel(cto->response[SCHED_WEEKEND].p[0], 3600);
    cr_assert_rel(cto->escalate_after_s, 1800);
    cr_assert_eq(cto->stand_in, plan_find_role(l.p, "oncall"));
    unload(&l);
}

Test(load, tutorial_scenarios_and_runbooks)
{
    struct loaded l;
    const struct scenario *zone, *region;
    static const char *const order[] = {
        "detect", "page", "decide", "deploy", "restore-db", "switch-traffic", "reindex"
    };
    load_file(&l, "scenarios/tutorial.yaml");
    expect_ok(&l);
    cr_assert_eq(l.p->n_scenarios, 2);
    zone = &l.p->scenarios[plan_find_scenario(l.p, "zone")];
    region = &l.p->scenarios[plan_find_scenario(l.p, "region")];

    cr_assert_eq(zone->scope, OUTAGE_ZONE);
    cr_assert_rel(zone->per_year, 0.5);
    cr_assert_eq(zone->duration.kind, DIST_LOGNORMAL);
    cr_assert_rel(zone->duration.p[0], ln_mu(3 * 3600.0));
    cr_assert_eq(zone->on_outage_end, OUTAGE_END_RESTORES);
    cr_assert_eq(zone->n_steps, 3);
    cr_assert_eq(zone->service_step, step_index(zone, "verify"));
    cr_assert_eq(zone->ponr_step, -1);
    cr_assert_eq(zone->declare_step, -1);
    cr_assert_eq(zone->full_step, -1);
    cr_assert_eq(zone->has_policy, 1);
    cr_assert_rel(zone->rpo_target_s, 3600);
    cr_assert_rel(zone->rto_target_s, 7200);
    {
        const struct step *fo = &zone->steps[step_index(zone, "failover-db")];
        cr_assert_eq(fo->kind, STEP_FAILOVER);
        cr_assert_eq(fo->store, plan_find_store(l.p, "shopdb"));
        cr_assert_eq(fo->n_needs, 0);
    }

    cr_assert_eq(region->scope, OUTAGE_REGION);
    cr_assert_rel(region->rpo_target_s, 24 * 3600.0);
    cr_assert_rel(region->rto_target_s, 8 * 3600.0);
    cr_assert_eq(region->n_steps, 10);
    for (int i = 0; i < 7; i++)
        cr_assert_str_eq(region->steps[i].name, order[i]);
    cr_assert_eq(region->ponr_step, step_index(region, "switch-traffic"));
    /* The decision, the primary's return, failback and exposure. */
    cr_assert_eq(region->decision_step, step_index(region, "decide"));
    cr_assert_eq(region->has_go_wait, 1);
    cr_assert_eq(region->go_wait.kind, DIST_FIXED);
    cr_assert_rel(region->go_wait.p[0], 2 * 3600.0);
    cr_assert_rel(region->go_loss_under_s, 3600.0);
    cr_assert_eq(region->primary_return.kind, DIST_LOGNORMAL);
    cr_assert_rel(region->primary_return.p[0], ln_mu(30 * 60.0));
    cr_assert_eq(region->exposure_step, step_index(region, "copy-out"));
    cr_assert_eq(region->failback.present, 1);
    cr_assert_rel(region->failback.write_rate, 5e9 / 86400.0);
    cr_assert_rel(region->failback.sync_throughput.p[0], 100e6);
    cr_assert_eq(region->failback.delay.kind, DIST_UNIFORM);
    {
        const struct step *sb = &region->steps[step_index(region, "sync-back")];
        const struct step *cb = &region->steps[step_index(region, "cut-back")];
        cr_assert(sb->failback && sb->reverse_sync && !sb->interrupts_service);
        cr_assert(cb->failback && !cb->reverse_sync && cb->interrupts_service);
        cr_assert(!region->steps[step_index(region, "copy-out")].failback);
    }
    cr_assert_eq(zone->decision_step, -1);
    cr_assert_eq(zone->exposure_step, -1);
    cr_assert_eq(zone->failback.present, 0);
    cr_assert_eq(zone->primary_return.kind, DIST_FIXED);
    cr_assert_eq(zone->primary_return.p[0], 0.0);
    cr_assert_eq(region->declare_step, step_index(region, "decide"));
    cr_assert_eq(region->service_step, step_index(region, "switch-traffic"));
    cr_assert_eq(region->full_step, step_index(region, "reindex"));
    {
        const struct step *sw = &region->steps[5], *re = &region->steps[6], *rd = &region->steps[4];
        cr_assert_eq(sw->n_after, 2);
        cr_assert_eq(sw->after[0], 3);
        cr_assert_eq(sw->after[1], 4);
        cr_assert_eq(sw->after_mask, (1u << 3) | (1u << 4));
        cr_assert_eq(sw->needs[0], plan_find_role(l.p, "oncall"));
        cr_assert_eq(re->kind, STEP_RESTORE);
        cr_assert_eq(re->store, plan_find_store(l.p, "search"));
        cr_assert_eq(re->restoration, 1);
        cr_assert_eq(rd->kind, STEP_RESTORE);
        cr_assert_eq(rd->restoration, 0);
        cr_assert_eq(region->steps[1].duration.kind, DIST_FIXED);
        cr_assert_rel(region->steps[1].duration.p[0], 300);
    }
    /* Every dependency has a smaller index. */
    for (int s = 0; s < l.p->n_scenarios; s++)
        for (int i = 0; i < l.p->scenarios[s].n_steps; i++)
            for (int a = 0; a < l.p->scenarios[s].steps[i].n_after; a++)
                cr_assert_lt(l.p->scenarios[s].steps[i].after[a], i);
    unload(&l);
}

Test(load, tutorial_services)
{
    struct loaded l;
    const struct service *s;
    load_file(&l, "scenarios/tutorial.yaml");
    expect_ok(&l);
    cr_assert_eq(l.p->n_services, 1);
    s = &l.p->services[0];
    cr_assert_str_eq(s->name, "checkout");
    cr_assert_eq(s->criticality, CRIT_CRITICAL);
    cr_assert_eq(s->priority, 1);
    cr_assert_eq(s->n_stores, 1);
    cr_assert_eq(s->stores[0], plan_find_store(l.p, "shopdb"));
    {
        int zi = plan_find_scenario(l.p, "zone"), ri = plan_find_scenario(l.p, "region");
        cr_assert_eq(s->restored_by[zi], l.p->scenarios[zi].service_step);
        cr_assert_eq(s->restored_by[ri], step_index(&l.p->scenarios[ri], "switch-traffic"));
    }
    cr_assert_eq(s->impact[IMPACT_FINANCIAL][BUCKET_LT_1H], IMPACT_MODERATE);
    cr_assert_eq(s->impact[IMPACT_REGULATORY][BUCKET_8_24H], IMPACT_MINIMAL);
    cr_assert_eq(s->impact[IMPACT_SAFETY][BUCKET_GT_1M], IMPACT_NONE);
    cr_assert_rel(s->cost_per_hour_usd, 12000);
    cr_assert_rel(s->mtd_s, 24 * 3600.0);
    cr_assert_rel(s->rto_s, 8 * 3600.0);
    cr_assert_rel(s->rpo_s, 24 * 3600.0);
    cr_assert_rel(s->wrt_s, 2 * 3600.0);
    cr_assert_str_eq(s->review_date, "2026-10-01");
    cr_assert_str_eq(s->approved_by, "COO");
    unload(&l);
}

/* ---- other shipped plans ---------------------------------------------------------- */

Test(load, builtin_plan_loads)
{
    struct diag_list d;
    struct plan *p = NULL;
    size_t len = 0;
    const char *text = load_builtin_text(&len);
    enum load_status st = load_plan_builtin(&d, &p);
    if (st != LOAD_OK) {
        char *s = diag_to_string(&d);
        cr_assert_fail("built-in plan did not load:\n%s", s ? s : "");
    }
    cr_assert_gt(len, 100);
    cr_assert_eq(strlen(text), len);
    cr_assert_str_eq(p->path, "<built-in>");
    cr_assert_gt(p->n_scenarios, 0);
    plan_free(p);
    diag_fini(&d);
}

Test(load, example_plans_load)
{
    static const char *const files[] = {"scenarios/single-db.yaml", "scenarios/warm-standby.yaml"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        struct loaded l;
        FILE *f = fopen(files[i], "r");
        if (f == NULL)
            continue;   /* an example may be renamed; the tutorial is the one required */
        fclose(f);
        load_file(&l, files[i]);
        expect_ok(&l);
        unload(&l);
    }
}

/* ---- defaults, order, aliases (inline plans) --------------------------------------- */

static const char minimal[] =
    "calendar:\n"
    "  epoch: 2026-01-05\n"
    "  timezone: UTC+2\n"
    "stores:\n"
    "  db:\n"
    "    size: 1TB\n"
    "    backups:\n"
    "      nightly: {schedule: daily 01:00, location: in-region}\n"
    "    restore: {throughput: 1GB/s}\n"
    "  index:\n"
    "    size: 10GB\n"
    "    recovery: rebuild\n"
    "    restore: {throughput: 100MB/s}\n"
    "  cache:\n"
    "    size: 1GB\n"
    "    recovery: unrecoverable\n"
    "staffing:\n"
    "  roles:\n"
    "    ops:\n"
    "      count: 3\n"
    "      response:\n"
    "        business: {dist: empirical, values: [10m, 2m, 5m]}\n"
    "        weekend: 1h\n"
    "scenarios:\n"
    "  zone:\n"
    "    destroys: zone\n"
    "    per_year: 1\n"
    "    duration: never\n"
    "    service_restored_by: c\n"
    "    runbook:\n"
    "      c: {duration: 1m, after: [b, x]}\n"
    "      b: {duration: 1m, after: [a]}\n"
    "      x: {duration: 1m}\n"
    "      a: {duration: 1m, needs: [ops]}\n"
    "services:\n"
    "  one: {criticality: low}\n"
    "  two: {criticality: high}\n";

Test(load, defaults)
{
    struct loaded l;
    const struct store *db, *index, *cache;
    const struct role *ops;
    const struct scenario *z;
    load_inline(&l, minimal);
    expect_ok(&l);
    cr_assert_str_eq(l.p->name, "inline");
    cr_assert_str_eq(l.p->version, "");
    cr_assert_rel(l.p->confidence, 0.95);
    cr_assert_eq(l.p->rto_clock, RTO_FROM_OUTAGE);
    cr_assert_rel(l.p->calendar.window_s, 365 * 86400.0);
    cr_assert_rel(l.p->calendar.tz_offset_s, 7200);

    db = &l.p->stores[0];
    index = &l.p->stores[1];
    cache = &l.p->stores[2];
    cr_assert_eq(db->zone_mode, STORE_ZONE_NONE);
    cr_assert_eq(db->recovery, STORE_RECOVER_RESTORE);
    cr_assert_eq(db->parallelism, 1);
    cr_assert_eq(db->overhead.kind, DIST_FIXED);
    cr_assert_eq(db->overhead.p[0], 0.0);
    cr_assert_eq(db->counts_for_rpo, 1);
    /* Every store counts unless a signed exception leaves it out (fail-safe). */
    cr_assert_eq(index->counts_for_rpo, 1);
    cr_assert_eq(cache->counts_for_rpo, 1);
    cr_assert_eq(cache->ephemeral, 0);
    cr_assert_eq(cache->cross_region, STORE_XR_STATED);
    cr_assert_eq(cache->exception.present, 0);
    cr_assert_eq(db->rules[0].failure_prob, 0.0);
    cr_assert(isinf(db->rules[0].retention_s));
    cr_assert_eq(db->rules[0].complete.kind, DIST_FIXED);
    cr_assert_eq(db->rules[0].complete.p[0], 0.0);
    cr_assert_rel(db->rules[0].schedule.tz_offset_s, 7200);   /* the calendar's zone */

    ops = &l.p->roles[0];
    cr_assert_eq(ops->stand_in, -1);
    cr_assert(isinf(ops->escalate_after_s));
    cr_assert_rel(ops->calendar.tz_offset_s, 7200);
    cr_assert_eq(ops->calendar.workdays_mask, 0x1fu);
    cr_assert_rel(ops->calendar.day_start_s, 9 * 3600.0);
    cr_assert_rel(ops->calendar.day_end_s, 17 * 3600.0);
    cr_assert_eq(l.p->n_people, 3);
    /* Empirical values are sorted; night falls back to business (a copy), weekend given. */
    cr_assert_eq(ops->response[SCHED_BUSINESS].kind, DIST_EMPIRICAL);
    cr_assert_eq(ops->response[SCHED_BUSINESS].n_values, 3);
    cr_assert_rel(ops->response[SCHED_BUSINESS].values[0], 120);
    cr_assert_rel(ops->response[SCHED_BUSINESS].values[2], 600);
    cr_assert_eq(ops->response[SCHED_NIGHT].kind, DIST_EMPIRICAL);
    cr_assert_neq(ops->response[SCHED_NIGHT].values, ops->response[SCHED_BUSINESS].values);
    cr_assert_rel(ops->response[SCHED_NIGHT].values[1], 300);
    cr_assert_eq(ops->response[SCHED_WEEKEND].kind, DIST_FIXED);
    cr_assert_rel(ops->response[SCHED_WEEKEND].p[0], 3600);

    z = &l.p->scenarios[0];
    cr_assert_eq(z->on_outage_end, OUTAGE_END_RESTORES);
    cr_assert_eq(z->ponr_step, -1);
    cr_assert_eq(z->declare_step, -1);
    cr_assert_eq(z->full_step, -1);
    cr_assert_eq(z->has_policy, 0);
    cr_assert_eq(z->duration.kind, DIST_FIXED);
    cr_assert(isinf(z->duration.p[0]));

    cr_assert_eq(l.p->services[0].priority, 1);
    cr_assert_eq(l.p->services[1].priority, 2);
    cr_assert(isinf(l.p->services[0].rto_s));
    cr_assert(isinf(l.p->services[0].rpo_s));
    cr_assert(isinf(l.p->services[0].mtd_s));
    cr_assert_eq(l.p->services[0].wrt_s, 0.0);
    cr_assert_eq(l.p->services[0].n_stores, 0);
    cr_assert_eq(l.p->services[0].restored_by[0], z->service_step);
    cr_assert_str_eq(l.p->services[0].owner, "");
    unload(&l);
}

/* File order c, b, x, a with c after [b, x], b after [a]: the first ready step in file
 * order is taken each time, giving x, a, b, c. */
Test(load, runbook_topological_order_is_stable)
{
    struct loaded l;
    const struct scenario *z;
    static const char *const want[] = {"x", "a", "b", "c"};
    load_inline(&l, minimal);
    expect_ok(&l);
    z = &l.p->scenarios[0];
    cr_assert_eq(z->n_steps, 4);
    for (int i = 0; i < 4; i++)
        cr_assert_str_eq(z->steps[i].name, want[i]);
    cr_assert_eq(z->service_step, 3);
    cr_assert_eq(z->steps[3].n_after, 2);
    cr_assert_eq(z->steps[3].after[0], 0);
    cr_assert_eq(z->steps[3].after[1], 2);
    cr_assert_eq(z->steps[3].after_mask, 0x5u);
    cr_assert_eq(z->steps[2].after[0], 1);
    cr_assert_eq(z->steps[1].needs[0], 0);
    cr_assert_eq(z->steps[1].pos.line, 34);   /* positions travel with the steps */
    unload(&l);
}

Test(load, aliases_and_extension_keys)
{
    struct loaded l;
    static const char text[] =
        "x-shared:\n"
        "  resp: &resp {business: 5m, night: 20m}\n"
        "calendar: {epoch: 2026-01-05}\n"
        "staffing:\n"
        "  roles:\n"
        "    a: {count: 1, response: *resp}\n"
        "    b: {count: 2, response: *resp, stand_in: a, escalate_after: 10m}\n"
        "scenarios:\n"
        "  region:\n"
        "    destroys: region\n"
        "    per_year: 0.1\n"
        "    duration: {dist: gamma, shape: 2, mean: 4h}\n"
        "    service_restored_by: s\n"
        "    runbook:\n"
        "      s: {duration: {dist: lognormal, mu: 5, sigma: 0.5}, needs: [a, b]}\n";
    load_inline(&l, text);
    expect_ok(&l);
    cr_assert_eq(l.p->n_roles, 2);
    cr_assert_rel(l.p->roles[1].response[SCHED_NIGHT].p[0], 1200);
    cr_assert_rel(l.p->roles[1].response[SCHED_WEEKEND].p[0], 300);
    cr_assert_eq(l.p->roles[1].first_person, 1);
    cr_assert_eq(l.p->scenarios[0].duration.kind, DIST_GAMMA);
    cr_assert_rel(l.p->scenarios[0].duration.p[0], 2);
    cr_assert_rel(l.p->scenarios[0].duration.p[1], 7200);
    cr_assert_rel(l.p->scenarios[0].steps[0].duration.p[0], 5);
    cr_assert_eq(l.p->scenarios[0].steps[0].n_needs, 2);
    unload(&l);
}

Test(load, missing_file_is_an_io_error)
{
    struct loaded l;
    char *s;
    load_file(&l, "tests/bad/no-such-file.yaml");
    cr_assert_eq(l.st, LOAD_IO);
    cr_assert_null(l.p);
    cr_assert_null(l.text);
    s = diag_to_string(&l.d);
    cr_assert_str_eq(s, "tests/bad/no-such-file.yaml: error: cannot open the plan file: "
                        "No such file or directory\n");
    free(s);
    unload(&l);
}

/* Many errors: DIAG_MAX are kept and printed, the rest counted. */
Test(load, error_limit)
{
    struct loaded l;
    char *text = malloc(100000), *s;
    size_t o = 0;
    int n = DIAG_MAX + 7;
    cr_assert_not_null(text);
    o += (size_t)sprintf(text + o, "calendar: {epoch: 2026-01-05}\nstores:\n");
    for (int i = 0; i < n; i++)
        o += (size_t)sprintf(text + o, "  s%d: {size: %d, recovery: rebuild}\n", i, i + 1);
    o += (size_t)sprintf(text + o, "scenarios:\n  z:\n    destroys: zone\n    per_year: 1\n"
                                   "    duration: 1h\n    service_restored_by: a\n"
                                   "    runbook: {a: {duration: 1m}}\n");
    load_inline(&l, text);
    cr_assert_eq(l.st, LOAD_INVALID);
    cr_assert_eq(l.d.n, DIAG_MAX);
    cr_assert_eq(l.d.n_errors, n);
    cr_assert_eq(l.d.n_dropped, 7);
    s = diag_to_string(&l.d);
    cr_assert_not_null(strstr(s, "\n7 more errors not shown\n"));
    cr_assert_not_null(strstr(s, "inline.yaml:3:14: error: 'size' must be a size such as 750GB "
                                 "(got \"1\")\n"));
    free(s);
    unload(&l);
    free(text);
}

/* ---- diag ------------------------------------------------------------------------- */

Test(diag, suggest)
{
    static const char *const keys[] = {"stores", "staffing", "scenarios", "services", NULL};
    static const char *const short_keys[] = {"mu", "sd", NULL};
    cr_assert_str_eq(diag_suggest("sotres", keys), "stores");
    cr_assert_str_eq(diag_suggest("scenario", keys), "scenarios");
    cr_assert_str_eq(diag_suggest("Staffing", keys), "staffing");
    cr_assert_null(diag_suggest("policy", keys));
    cr_assert_null(diag_suggest("x", short_keys));
    cr_assert_null(diag_suggest("", keys));
}

Test(diag, print_sorted_with_caret)
{
    struct diag_list d;
    static const char text[] = "a: 1\n\tb: x\xc3\xa9z\r\nc: 3";
    char *s;
    diag_init(&d, "f.yaml", text, sizeof text - 1);
    diag_add(&d, DIAG_ERROR, 2, 6, "second %d", 2);
    diag_add(&d, DIAG_NOTE, 1, 0, "whole line");
    diag_add(&d, DIAG_ERROR, 0, 0, "no position");
    diag_add(&d, DIAG_ERROR, 2, 6, "second %d", 2);   /* a repeat is dropped */
    diag_add(&d, DIAG_WARNING, 9, 1, "past the end");
    cr_assert_eq(d.n, 4);
    cr_assert_eq(d.n_errors, 2);
    s = diag_to_string(&d);
    cr_assert_str_eq(s, "f.yaml: error: no position\n"
                        "f.yaml:1: note: whole line\n"
                        "    a: 1\n"
                        "f.yaml:2:6: error: second 2\n"
                        "    \tb: x\xc3\xa9z\n"
                        "    \t    ^\n"
                        "f.yaml:9:1: warning: past the end\n");
    free(s);
    diag_fini(&d);
}

/* ---- the bad-plan corpus ---------------------------------------------------------- */

/* Every tests/bad/NAME.yaml must fail to load with exactly NAME.expected as its
 * printed diagnostics. All files are checked, then the mismatches are reported. */
Test(load, bad_plans)
{
    char *names[512];
    int failed = 0;

    int n = fixture_list(BAD_DIR, ".yaml", names, 512);
    cr_assert_geq(n, MIN_BAD_PLANS, "only %d bad plans", n);
    for (int i = 0; i < n; i++) {
        char path[600], exp_path[600];
        struct loaded l;
        char *want, *have;
        snprintf(path, sizeof path, "%s/%s", BAD_DIR, names[i]);
        snprintf(exp_path, sizeof exp_path, "%s/%.*s.expected", BAD_DIR,
                 (int)(strlen(names[i]) - 5), names[i]);
        want = fixture_slurp(exp_path, NULL);
        load_file(&l, path);
        have = diag_to_string(&l.d);
        if (want == NULL) {
            cr_log_error("%s: missing %s", path, exp_path);
            failed++;
        } else if (l.st != LOAD_INVALID || l.p != NULL) {
            cr_log_error("%s: loaded with status %s", path, load_strerror(l.st));
            failed++;
        } else if (strcmp(want, have) != 0) {
            cr_log_error("%s: diagnostics differ\n--- expected\n%s--- got\n%s", path, want, have);
            failed++;
        }
        free(want);
        free(have);
        unload(&l);
        free(names[i]);
    }
    cr_assert_eq(failed, 0, "%d of %d bad plans did not give their expected diagnostics",
                 failed, n);
}

/* A very long line is quoted as a window around the caret. */
Test(diag, long_line_window)
{
    struct diag_list d;
    char text[400], want[1000], *s;
    memset(text, 'a', 300);
    text[250] = 'X';
    text[300] = '\0';
    diag_init(&d, "f.yaml", text, 300);
    diag_add(&d, DIAG_ERROR, 1, 251, "here");
    s = diag_to_string(&d);
    snprintf(want, sizeof want, "f.yaml:1:251: error: here\n    ...%.*sX%.*s\n    %*s^\n", 80,
             text, 49, text, 83, "");
    cr_assert_str_eq(s, want);
    free(s);
    diag_fini(&d);
}

/* A list without source text (diag_init with NULL) still prints positioned messages,
 * without quoting a line. find_line used to compute NULL + 0 before its NULL check,
 * undefined behaviour that UBSan (-fsanitize=pointer-overflow) reports. */
Test(diag, no_source_text)
{
    struct diag_list d;
    char *s;
    diag_init(&d, "f.yaml", NULL, 0);
    diag_add(&d, DIAG_ERROR, 3, 4, "here");
    diag_add(&d, DIAG_ERROR, 5, 0, "whole line");
    s = diag_to_string(&d);
    cr_assert_str_eq(s, "f.yaml:3:4: error: here\nf.yaml:5: error: whole line\n");
    free(s);
    diag_fini(&d);
}

/* Control characters in a quoted line, in a message and in the file name are written
 * escaped, and the caret stays under its character: escapes before it widen the
 * caret line by their length. */
Test(diag, control_characters_are_escaped)
{
    struct diag_list d;
    static const char text[] = "a: \"\x1b[2J\x07\" \xc2\x9b" "x\x00y: 1\n";
    char *s;
    diag_init(&d, "f\x1b.yaml", text, sizeof text - 1);
    diag_add(&d, DIAG_ERROR, 1, 12, "bad value \"%s\"", "\x1b]0;pwned\x07\rverdict: meets");
    s = diag_to_string(&d);
    cr_assert_str_eq(s, "f\\e.yaml:1:12: error: bad value \"\\e]0;pwned\\x07\\rverdict: meets\"\n"
                        "    a: \"\\e[2J\\x07\" \\u{009B}x\\x00y: 1\n"
                        "                   ^\n");
    free(s);
    diag_fini(&d);
}

/* plan_file_stem follows the chart writer's rule (reports/draw.c): letters, digits,
 * '-', '_' and a '.' after the first byte are kept, every other byte becomes '_', an
 * empty name is "plan", and the stem is cut to the buffer. */
Test(load, file_stem)
{
    char b[PLAN_FILE_STEM_MAX], small[5];
    cr_assert_str_eq(plan_file_stem("zone b", b, sizeof b), "zone_b");
    cr_assert_str_eq(plan_file_stem("Region-2_x.y", b, sizeof b), "Region-2_x.y");
    cr_assert_str_eq(plan_file_stem(".hidden", b, sizeof b), "_hidden");
    cr_assert_str_eq(plan_file_stem("r\xc3\xa9gion", b, sizeof b), "r__gion");
    cr_assert_str_eq(plan_file_stem("a/b\\c:d", b, sizeof b), "a_b_c_d");
    cr_assert_str_eq(plan_file_stem("", b, sizeof b), "plan");
    cr_assert_str_eq(plan_file_stem(NULL, b, sizeof b), "plan");
    cr_assert_str_eq(plan_file_stem("abcdefgh", small, sizeof small), "abcd");
}

/* The limits are inclusive: a plan name of 200 bytes and a scenario name of 120 load;
 * free text keeps tabs and line breaks. */
Test(load, name_limits_and_free_text)
{
    struct loaded l;
    char *text = malloc(4096);
    char name[PLAN_MAX_NAME_BYTES + 1], scen[PLAN_MAX_SCENARIO_NAME_BYTES + 1];
    cr_assert_not_null(text);
    memset(name, 'p', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    memset(scen, 's', sizeof scen - 1);
    scen[sizeof scen - 1] = '\0';
    snprintf(text, 4096,
             "plan: {name: %s}\ncalendar: {epoch: 2026-01-05}\n"
             "scenarios:\n  %s:\n    description: \"two\\tlines\\r\\nof text\"\n"
             "    destroys: zone\n    per_year: 1\n    duration: 4h\n"
             "    service_restored_by: a\n    runbook: {a: {duration: 1m}}\n", name, scen);
    load_inline(&l, text);
    expect_ok(&l);
    cr_assert_str_eq(l.p->name, name);
    cr_assert_str_eq(l.p->scenarios[0].name, scen);
    cr_assert_str_eq(l.p->scenarios[0].description, "two\tlines\r\nof text");
    unload(&l);
    free(text);
}

/* Malformed bytes in a quoted line, a run of continuation bytes included, are escaped
 * and the caret still lines up under the character at the column. */
Test(diag, malformed_bytes_keep_the_caret_aligned)
{
    struct diag_list d;
    static const char text[] = "k: \xc3\x80\x80\x80\x80\x80 \xff x\n";
    char *s, want[200];
    diag_init(&d, "f.yaml", text, sizeof text - 1);
    diag_add(&d, DIAG_ERROR, 1, 8, "here");
    s = diag_to_string(&d);
    snprintf(want, sizeof want, "f.yaml:1:8: error: here\n"
                        "    k: \\xC3\\x80\\x80\\x80\\x80\\x80 \\xFF x\n"
                        "%37s^\n", "");
    cr_assert_str_eq(s, want);
    free(s);
    diag_fini(&d);
}

/* Without 'plan: name' the plan is named after its file, and that name is held to the
 * same rules as a written one: a control character in the file name is refused. */
Test(load, default_name_from_the_file_is_checked)
{
    static const char text[] =
        "calendar: {epoch: 2026-01-05}\n"
        "scenarios:\n  z: {destroys: zone, per_year: 1, duration: 4h,\n"
        "      service_restored_by: a, runbook: {a: {duration: 1m}}}\n";
    struct diag_list d;
    struct plan *p = NULL;
    char *s;
    diag_init(&d, "dir/evil\x1b[2J.yaml", text, sizeof text - 1);
    cr_assert_eq(load_plan_text("dir/evil\x1b[2J.yaml", text, sizeof text - 1, &d, &p),
                 LOAD_INVALID);
    s = diag_to_string(&d);
    cr_assert_str_eq(s, "dir/evil\\e[2J.yaml: error: the plan's name (the file's name, without "
                        "'plan: name') cannot contain U+001B (escape)\n");
    free(s);
    diag_fini(&d);
    diag_init(&d, "dir/good.yaml", text, sizeof text - 1);
    cr_assert_eq(load_plan_text("dir/good.yaml", text, sizeof text - 1, &d, &p), LOAD_OK);
    cr_assert_str_eq(p->name, "good");
    plan_free(p);
    diag_fini(&d);
}
