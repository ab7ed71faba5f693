/* models/cost.c: the monthly cost of a plan's configuration (model in cost.h). */
#include "models/cost.h"

#include <math.h>
#include <string.h>

#include "models/sched.h"

#define YEAR_S (365.0 * 86400.0)   /* the calendar year points are counted over */
#define MONTH_DAYS (365.0 / 12.0)  /* days in a month */
#define MAX_WALK 1000000           /* points counted one by one before giving up */

double cost_points_per_year(const struct plan *p, const struct backup_rule *r)
{
    const struct sched *s = &r->schedule;
    double t = -1e-6, n = 0;
    if (s->kind == SCHED_CONTINUOUS)
        return 0.0;
    if (s->kind == SCHED_EVERY)
        return s->interval_s > 0 ? YEAR_S / s->interval_s : 0.0;
    /* Calendar schedules take at most a few hundred points a year: count them. */
    while (n < MAX_WALK) {
        t = sched_next(s, p->calendar.epoch_days, t);
        if (!(t < YEAR_S))
            break;
        n++;
    }
    return n;
}

int cost_monthly(const struct plan *p, const struct plan_costs *c, struct cost_month *out)
{
    memset(out, 0, sizeof *out);
    if (c == NULL || !c->has_costs)
        return 0;
    for (int i = 0; i < p->n_stores; i++) {
        const struct store *st = &p->stores[i];
        double size_gb = st->size_bytes / 1e9;
        double change = i < PLAN_MAX_STORES && !isnan(c->store_change_per_day[i])
                            ? c->store_change_per_day[i]
                            : c->change_per_day;
        for (size_t k = 0; k < st->n_rules; k++) {
            const struct backup_rule *r = &st->rules[k];
            int loc = (int)r->location;
            double keep_days = isinf(r->retention_s) ? 365.0 : r->retention_s / 86400.0;
            double stored, moved = 0;
            if (r->schedule.kind == SCHED_CONTINUOUS) {
                /* Log shipping keeps every change for the retention period. */
                stored = size_gb * change * keep_days;
                moved = size_gb * change * MONTH_DAYS;
            } else {
                double per_year = cost_points_per_year(p, r);
                if (!(per_year > 0))
                    continue;
                double gap_days = 365.0 / per_year;
                double kept = isinf(r->retention_s) ? per_year : keep_days / gap_days;
                double each = c->incremental ? size_gb * fmin(1.0, change * gap_days) : size_gb;
                stored = kept >= 1.0 ? size_gb + (kept - 1.0) * each : kept * size_gb;
                moved = per_year / 12.0 * each;
                out->points += per_year / 12.0;
                out->points_usd += per_year / 12.0 * c->per_point_usd;
            }
            out->stored_gb[loc] += stored;
            out->storage_usd += stored * c->storage_gb_month_usd[loc];
            if (r->location == BACKUP_CROSS_REGION) {
                out->transfer_gb += moved;
                out->transfer_usd += moved * c->transfer_gb_usd;
            }
        }
    }
    for (int i = 0; i < p->n_roles && i < PLAN_MAX_ROLES; i++)
        out->staffing_usd += p->roles[i].count *
                             (c->person_year_usd[i] / 12.0 + c->on_call_month_usd[i]);
    out->total_usd = out->storage_usd + out->transfer_usd + out->points_usd + out->staffing_usd;
    return 1;
}
