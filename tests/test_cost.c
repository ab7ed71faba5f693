/* tests/test_cost.c: the monthly cost of a configuration (models/cost.h), as known
 * answers worked out by hand from the model in cost.h. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/cost.h"
#include "models/load.h"
#include "tests/fixture.h"

/* One 100GB store with the given backup rules, one role of 2 people. */
static struct plan *store_with(const char *rules)
{
    return fixture_plan_text("calendar: {epoch: 2026-01-05}\n"
                             "stores:\n"
                             "  db:\n"
                             "    size: 100GB\n"
                             "    backups:\n"
                             "%s"
                             "    restore: {throughput: 100MB/s}\n"
                             "staffing:\n"
                             "  roles:\n"
                             "    oncall: {count: 2, response: {business: 5m}}\n"
                             "scenarios:\n"
                             "  zone:\n"
                             "    destroys: zone\n"
                             "    per_year: 1\n"
                             "    duration: 1h\n"
                             "    service_restored_by: fix\n"
                             "    runbook: {fix: {duration: 10m}}\n",
                             rules);
}

static void rates(struct plan_costs *c)
{
    memset(c, 0, sizeof *c);
    c->has_costs = 1;
    c->storage_gb_month_usd[BACKUP_IN_ZONE] = 0.10;
    c->storage_gb_month_usd[BACKUP_IN_REGION] = 0.05;
    c->storage_gb_month_usd[BACKUP_CROSS_REGION] = 0.04;
    c->transfer_gb_usd = 0.02;
    c->change_per_day = 0.02;
    c->incremental = 1;
    for (int i = 0; i < PLAN_MAX_STORES; i++)
        c->store_change_per_day[i] = NAN;
}

#define NEAR(a, b) (fabs((a) - (double)(b)) <= 1e-9 * fmax(1.0, fabs((double)(b))))

Test(cost, points_per_year)
{
    struct plan *p = store_with("      a: {schedule: every 6h, location: in-region}\n"
                                "      b: {schedule: daily 02:00, location: in-region}\n"
                                "      c: {schedule: weekly Sun 13:00, location: in-region}\n"
                                "      d: {schedule: daily 13:00 Mon-Sat, location: in-region}\n"
                                "      e: {schedule: monthly first-sun 13:00, location: in-region}\n"
                                "      f: {schedule: continuous, location: in-region}\n");
    const struct store *st = &p->stores[0];
    cr_expect_eq(cost_points_per_year(p, &st->rules[0]), 1460);
    cr_expect_eq(cost_points_per_year(p, &st->rules[1]), 365);
    cr_expect_eq(cost_points_per_year(p, &st->rules[2]), 52, "Sundays in the year from a Monday");
    cr_expect_eq(cost_points_per_year(p, &st->rules[3]), 365 - 52);
    cr_expect_eq(cost_points_per_year(p, &st->rules[4]), 12);
    cr_expect_eq(cost_points_per_year(p, &st->rules[5]), 0);
    plan_free(p);
}

/* Every 6h kept 2d, cross-region, 2%/day: 8 points, the oldest full (100GB) and 7 of
 * 0.5GB: 103.5GB at $0.04; 1460/12 copies a month of 0.5GB at $0.02. */
Test(cost, incremental_points)
{
    struct plan *p =
        store_with("      off: {schedule: every 6h, retention: 2d, location: cross-region}\n");
    struct plan_costs c;
    struct cost_month m;
    rates(&c);
    cr_assert_eq(cost_monthly(p, &c, &m), 1);
    cr_expect(NEAR(m.stored_gb[BACKUP_CROSS_REGION], 103.5), "%.17g", m.stored_gb[2]);
    cr_expect(NEAR(m.storage_usd, 103.5 * 0.04));
    cr_expect(NEAR(m.transfer_gb, 1460.0 / 12 * 0.5));
    cr_expect(NEAR(m.transfer_usd, 1460.0 / 12 * 0.5 * 0.02));
    cr_expect(NEAR(m.points, 1460.0 / 12));
    cr_expect_eq(m.staffing_usd, 0);
    cr_expect(NEAR(m.total_usd, m.storage_usd + m.transfer_usd));

    /* Full copies: 8 x 100GB; each copy moves 100GB. */
    c.incremental = 0;
    cost_monthly(p, &c, &m);
    cr_expect(NEAR(m.stored_gb[BACKUP_CROSS_REGION], 800));
    cr_expect(NEAR(m.transfer_gb, 1460.0 / 12 * 100));
    /* A store's own change rate wins over the default. */
    c.incremental = 1;
    c.store_change_per_day[0] = 0.04;
    cost_monthly(p, &c, &m);
    cr_expect(NEAR(m.stored_gb[BACKUP_CROSS_REGION], 100 + 7 * 1.0));
    plan_free(p);
}

/* Retention shorter than the gap keeps a point part of the time; forever keeps a year. */
Test(cost, retention_edges_and_logs)
{
    struct plan *p = store_with(
        "      short: {schedule: daily 02:00, retention: 12h, location: in-zone}\n"
        "      long: {schedule: weekly Sun 13:00, location: in-region}\n"
        "      logs: {schedule: continuous, lag: 1m, retention: 7d, location: cross-region}\n");
    struct plan_costs c;
    struct cost_month m;
    rates(&c);
    c.per_point_usd = 0.5;
    cost_monthly(p, &c, &m);
    cr_expect(NEAR(m.stored_gb[BACKUP_IN_ZONE], 0.5 * 100), "half a point on average");
    /* 52 points a year, gap 365/52 d, change capped at the whole store: 52 full points. */
    double gap = 365.0 / 52, inc = 100 * fmin(1.0, 0.02 * gap);
    cr_expect(NEAR(m.stored_gb[BACKUP_IN_REGION], 100 + 51 * inc));
    /* Logs: 7 days of 2 GB a day kept, a month of them moved. */
    cr_expect(NEAR(m.stored_gb[BACKUP_CROSS_REGION], 14));
    cr_expect(NEAR(m.transfer_gb, 2 * 365.0 / 12));
    cr_expect(NEAR(m.points_usd, (365 + 52) / 12.0 * 0.5));
    plan_free(p);
}

Test(cost, staffing_and_no_model)
{
    struct plan *p = store_with("      a: {schedule: daily 02:00, location: in-region}\n");
    struct plan_costs c;
    struct cost_month m;
    rates(&c);
    c.person_year_usd[0] = 120000;
    c.on_call_month_usd[0] = 500;
    cost_monthly(p, &c, &m);
    cr_expect(NEAR(m.staffing_usd, 2 * (10000 + 500.0)));
    c.has_costs = 0;
    cr_expect_eq(cost_monthly(p, &c, &m), 0);
    cr_expect_eq(m.total_usd, 0);
    cr_expect_eq(cost_monthly(p, NULL, &m), 0);
    plan_free(p);
}

/* The costs section as the loader reads it, defaults included. */
Test(cost, loaded_from_the_plan)
{
    struct plan *p = fixture_plan_text("calendar: {epoch: 2026-01-05}\n"
                                       "stores:\n"
                                       "  db:\n"
                                       "    size: 100GB\n"
                                       "    backups:\n"
                                       "      off: {schedule: every 6h, retention: 2d, location: cross-region}\n"
                                       "    restore: {throughput: 100MB/s}\n"
                                       "  logs:\n"
                                       "    size: 10GB\n"
                                       "    restore: {throughput: 100MB/s}\n"
                                       "staffing:\n"
                                       "  roles:\n"
                                       "    oncall: {count: 2, response: {business: 5m}}\n"
                                       "    dba: {count: 1, response: {business: 5m}}\n"
                                       "scenarios:\n"
                                       "  zone:\n"
                                       "    destroys: zone\n"
                                       "    per_year: 1\n"
                                       "    duration: 1h\n"
                                       "    service_restored_by: fix\n"
                                       "    runbook: {fix: {duration: 10m}}\n"
                                       "costs:\n"
                                       "  storage: {cross-region: $0.04}\n"
                                       "  transfer: {cross-region: $0.02}\n"
                                       "  change_per_day: 2%%\n"
                                       "  stores: {logs: {change_per_day: 50%%}}\n"
                                       "  staffing: {dba: {per_person_year: $120000, on_call_month: $500}}\n");
    const struct plan_costs *c = &p->costs;
    cr_assert_eq(c->has_costs, 1);
    cr_expect_eq(c->storage_gb_month_usd[BACKUP_CROSS_REGION], 0.04);
    cr_expect_eq(c->storage_gb_month_usd[BACKUP_IN_REGION], 0);
    cr_expect_eq(c->transfer_gb_usd, 0.02);
    cr_expect_eq(c->change_per_day, 0.02);
    cr_expect(isnan(c->store_change_per_day[0]));
    cr_expect_eq(c->store_change_per_day[1], 0.5);
    cr_expect_eq(c->incremental, 1, "the default");
    cr_expect_eq(c->person_year_usd[1], 120000);
    cr_expect_eq(c->on_call_month_usd[1], 500);
    cr_expect_eq(c->person_year_usd[0], 0);
    struct cost_month m;
    cr_assert_eq(cost_monthly(p, &p->costs, &m), 1);
    cr_expect(NEAR(m.total_usd, 103.5 * 0.04 + 1460.0 / 12 * 0.5 * 0.02 + 10000 + 500));
    /* Cost rates are plan inputs too, so a sweep can vary them. */
    int found = 0;
    for (int i = 0; i < p->n_inputs; i++)
        found |= strcmp(p->inputs[i].path, "costs.storage.cross-region") == 0 &&
                 strcmp(p->inputs[i].unit, "money (USD)") == 0;
    cr_expect(found);
    plan_free(p);

    /* Without the section there is no cost model. */
    p = store_with("      a: {schedule: daily 02:00, location: in-region}\n");
    cr_expect_eq(p->costs.has_costs, 0);
    cr_expect_eq(cost_monthly(p, &p->costs, &m), 0);
    plan_free(p);
}
