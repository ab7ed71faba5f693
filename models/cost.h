/* models/cost.h: what a DR configuration costs a month, from the plan's `costs:` rates.
 *
 * The cost of a configuration is the storage its recovery points occupy, the data its
 * cross-region copies move, a charge per recovery point taken (copy jobs, requests) and
 * the people on call. All of it follows from the plan: a rule's schedule and retention
 * give how many points it keeps, the store's size and daily change rate how big they
 * are, and the rule's location which price applies. So a sweep that changes a backup
 * cadence, a retention or a head count changes the cost by exactly what the rates say.
 *
 * The storage model (docs/method.md, "Cost"): a rule taking a point every g days (its
 * mean gap over the calendar's first year) and keeping each for R days keeps N = R / g
 * points on average (a year's worth when kept forever). With incremental points (the
 * default, as EBS and RDS snapshots and their cross-region copies are) the oldest
 * retained point holds the whole store and each later one what changed in its gap:
 * size x min(1, change_per_day x g); so stored = size x (1 + (N - 1) min(1, c g)) for
 * N >= 1, N x size below. Without increments every point is a full copy. A continuous
 * rule (log shipping) keeps R days of changes: size x c x R. A cross-region rule moves,
 * each month, every point's increment (continuous: a month of changes). Staffing costs
 * count x (per_person_year / 12 + on_call_month) per role. Gigabytes are decimal
 * (10^9 bytes), months are 1/12 of a year.
 */
#ifndef DRSIM_COST_H
#define DRSIM_COST_H

#include "models/plan.h"

/* Monthly cost of a configuration, US dollars. */
struct cost_month {
    double storage_usd;     /* recovery points kept */
    double transfer_usd;    /* data copied to another region */
    double points_usd;      /* per-point charges */
    double staffing_usd;    /* people: salaries share and on-call stipends */
    double total_usd;       /* the sum */
    double stored_gb[3];    /* GB kept on average, by enum backup_location */
    double transfer_gb;     /* GB copied across regions */
    double points;          /* recovery points taken (all rules) */
};

/* Recovery points a non-continuous rule takes in the calendar's first year (counted
 * from the epoch with the schedule's own calendar arithmetic). */
double cost_points_per_year(const struct plan *p, const struct backup_rule *r);

/* The monthly cost of plan p at rates c (normally the plan's own costs section) into
 * *out. Returns 1 when there is a cost model (c->has_costs), else 0 with *out zeroed. */
int cost_monthly(const struct plan *p, const struct plan_costs *c, struct cost_month *out);

#endif
