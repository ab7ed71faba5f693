/* models/drill.c: the drill log's analyses: test-cadence compliance, and where each
 * measured duration falls in the model's distribution of it (models/drill.h).
 *
 * Cadence: periods are calendar periods (months, quarters, halves, years) of civil days,
 * so "quarterly" means Jan-Mar, Apr-Jun, ... and a test is due by the last day of its
 * period. Each (requirement, region, period) from the period holding `since` up to the
 * one holding the as-of date gets one status, and each test counts for one period only
 * (see judge); exercises are few (tens), so every choice scans them all.
 *
 * Placement: a task or failover step is placed with the distribution's own CDF. A restore
 * lasts O + c / T, where O is the overhead, T the throughput of one stream and c the size
 * over the parallelism; for a given overhead o the restore lasts at most t exactly when
 * T >= c / (t - o), so P(restore <= t) is the mean over O of P(T >= c / (t - O)). When O is
 * fixed or empirical that mean is exact; otherwise it is taken over DRILL_RESTORE_NODES
 * equally weighted quantiles of O (the midpoint rule in probability), whose error is
 * below one part in a few thousand because the integrand is monotone and bounded.
 */
#include "models/drill.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/units.h"
#include "sim/hist.h"

#define FLAG_HIGH 0.95   /* above this percentile a measurement flags the model as optimistic */
#define FLAG_LOW 0.05    /* below this, as conservative */

/* ---- the log ---------------------------------------------------------------------- */

static void free_exercise(struct drill_exercise *e)
{
    free(e->name);
    free(e->scenario);
    free(e->region);
    free(e->start);
    free(e->end);
    if (e->participants) {
        for (int i = 0; i < e->n_participants; i++)
            free(e->participants[i]);
        free(e->participants);
    }
    free(e->objectives);
    free(e->criteria);
    if (e->steps) {
        for (int i = 0; i < e->n_steps; i++)
            free(e->steps[i].step);
        free(e->steps);
    }
    if (e->restores) {
        for (int i = 0; i < e->n_restores; i++) {
            free(e->restores[i].store);
            free(e->restores[i].note);
        }
        free(e->restores);
    }
    free(e->after_action);
    if (e->actions) {
        for (int i = 0; i < e->n_actions; i++) {
            free(e->actions[i].action);
            free(e->actions[i].owner);
        }
        free(e->actions);
    }
    free(e->note);
}

/* Counts are trusted only where their array exists, so a log the loader abandoned
 * half-way is released as safely as a complete one. */
void drill_log_free(struct drill_log *log)
{
    if (log == NULL)
        return;
    free(log->path);
    free(log->name);
    free(log->plan);
    free(log->owner);
    if (log->regions) {
        for (int i = 0; i < log->n_regions; i++)
            free(log->regions[i]);
        free(log->regions);
    }
    if (log->reqs) {
        for (int i = 0; i < log->n_reqs; i++)
            free(log->reqs[i].regions);
        free(log->reqs);
    }
    if (log->stores) {
        for (int i = 0; i < log->n_stores; i++) {
            free(log->stores[i].store);
            free(log->stores[i].alerting);
        }
        free(log->stores);
    }
    if (log->exercises) {
        for (int i = 0; i < log->n_exercises; i++)
            free_exercise(&log->exercises[i]);
        free(log->exercises);
    }
    free(log);
}

const char *drill_type_name(enum drill_type t)
{
    switch (t) {
    case DRILL_TABLETOP:
        return "tabletop";
    case DRILL_FUNCTIONAL:
        return "functional";
    case DRILL_FULL_SCALE:
        return "full-scale";
    case DRILL_COMPLETENESS:
        return "completeness-test";
    case DRILL_FULL_RESTORE:
        return "full-restore";
    case DRILL_N_TYPES:
        break;
    }
    return "?";
}

const char *drill_outcome_name(enum drill_outcome o)
{
    switch (o) {
    case DRILL_PASSED:
        return "passed";
    case DRILL_PARTIAL:
        return "passed-with-issues";
    case DRILL_FAILED:
        return "failed";
    }
    return "?";
}

const char *drill_check_name(enum drill_check c)
{
    switch (c) {
    case DRILL_CHECK_NONE:
        return "not-checked";
    case DRILL_CHECK_PASSED:
        return "passed";
    case DRILL_CHECK_FAILED:
        return "failed";
    }
    return "?";
}

const char *drill_action_status_name(enum drill_action_status s)
{
    switch (s) {
    case DRILL_ACTION_OPEN:
        return "open";
    case DRILL_ACTION_IN_PROGRESS:
        return "in-progress";
    case DRILL_ACTION_DONE:
        return "done";
    }
    return "?";
}

const char *drill_freq_name(enum drill_freq f)
{
    switch (f) {
    case DRILL_FREQ_NONE:
        return "none";
    case DRILL_FREQ_MONTHLY:
        return "monthly";
    case DRILL_FREQ_QUARTERLY:
        return "quarterly";
    case DRILL_FREQ_SEMIANNUAL:
        return "semiannually";
    case DRILL_FREQ_ANNUAL:
        return "annually";
    }
    return "?";
}

int drill_type_satisfies(enum drill_type done, enum drill_type required)
{
    switch (required) {
    case DRILL_TABLETOP:
        return done == DRILL_TABLETOP || done == DRILL_FUNCTIONAL || done == DRILL_FULL_SCALE;
    case DRILL_FUNCTIONAL:
        return done == DRILL_FUNCTIONAL || done == DRILL_FULL_SCALE;
    case DRILL_FULL_SCALE:
        return done == DRILL_FULL_SCALE;
    case DRILL_COMPLETENESS:
        return done == DRILL_COMPLETENESS || done == DRILL_FULL_RESTORE;
    case DRILL_FULL_RESTORE:
        return done == DRILL_FULL_RESTORE;
    case DRILL_N_TYPES:
        break;
    }
    return 0;
}

int drill_exercise_counts_as(const struct drill_exercise *e, enum drill_type required)
{
    if (drill_type_satisfies(e->type, required))
        return 1;
    if ((required == DRILL_FULL_RESTORE || required == DRILL_COMPLETENESS) &&
        (e->type == DRILL_FUNCTIONAL || e->type == DRILL_FULL_SCALE)) {
        for (int i = 0; i < e->n_restores; i++)
            if (!isnan(e->restores[i].duration_s))
                return 1;
    }
    return 0;
}

int drill_find_region(const struct drill_log *log, const char *name)
{
    for (int i = 0; i < log->n_regions; i++)
        if (strcmp(log->regions[i], name) == 0)
            return i;
    return -1;
}

const struct drill_store_info *drill_find_store(const struct drill_log *log, const char *store)
{
    for (int i = 0; i < log->n_stores; i++)
        if (strcmp(log->stores[i].store, store) == 0)
            return &log->stores[i];
    return NULL;
}

/* ---- cadence ------------------------------------------------------------------------ */

long drill_cadence_since(const struct drill_log *log, long as_of_day)
{
    int y, m, d;
    if (log->since_day != DRILL_SINCE_DEFAULT)
        return log->since_day;
    units_civil_from_days(as_of_day, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    return units_days_from_civil(y - 1, m, d);
}

static int months_per_period(enum drill_freq f)
{
    switch (f) {
    case DRILL_FREQ_MONTHLY:
        return 1;
    case DRILL_FREQ_QUARTERLY:
        return 3;
    case DRILL_FREQ_SEMIANNUAL:
        return 6;
    case DRILL_FREQ_ANNUAL:
    case DRILL_FREQ_NONE:
        break;
    }
    return 12;
}

void drill_period_of(enum drill_freq f, long day, long *start_day, long *end_day,
                     char label[24])
{
    int y, m, d, len = months_per_period(f);
    int first, next_m, next_y;

    units_civil_from_days(day, &y, &m, &d);
    first = (m - 1) / len * len + 1;          /* first month of the period */
    next_m = first + len;
    next_y = y;
    if (next_m > 12) {
        next_m -= 12;
        next_y++;
    }
    *start_day = units_days_from_civil(y, first, 1);
    *end_day = units_days_from_civil(next_y, next_m, 1) - 1;
    switch (len) {
    case 1:
        snprintf(label, 24, "%04d-%02d", y, first);
        break;
    case 3:
        snprintf(label, 24, "%04d-Q%d", y, (first - 1) / 3 + 1);
        break;
    case 6:
        snprintf(label, 24, "%04d-H%d", y, (first - 1) / 6 + 1);
        break;
    default:
        snprintf(label, 24, "%04d", y);
        break;
    }
}

/* Whether exercise e counts for requirement r in region `region` (a name): the right
 * type, place and outcome. Failed tests never count; exercises after the as-of date are
 * not yet evidence. */
static int qualifies(const struct drill_exercise *e, const struct drill_requirement *r,
                     const char *region, long as_of_day)
{
    return e->day <= as_of_day && e->outcome != DRILL_FAILED &&
           drill_exercise_counts_as(e, r->type) && e->region != NULL &&
           strcmp(e->region, region) == 0;
}

/* The qualifying exercise not yet used (used[i] == 0) dated in [from, to], the latest
 * when `latest`, else the earliest; -1 when none. Ties go to file order. */
static int pick(const struct drill_log *log, const struct drill_requirement *r,
                const char *region, long as_of_day, long from, long to,
                const unsigned char *used, int latest)
{
    int best = -1;
    for (int i = 0; i < log->n_exercises; i++) {
        const struct drill_exercise *e = &log->exercises[i];
        if (used[i] || e->day < from || e->day > to || !qualifies(e, r, region, as_of_day))
            continue;
        if (best < 0 || (latest ? e->day > log->exercises[best].day
                                : e->day < log->exercises[best].day))
            best = i;
    }
    return best;
}

/* A failed test of the requirement's type in the period, or -1. */
static int failed_between(const struct drill_log *log, const struct drill_requirement *r,
                          const char *region, long from, long to)
{
    for (int i = 0; i < log->n_exercises; i++) {
        const struct drill_exercise *e = &log->exercises[i];
        if (e->day >= from && e->day <= to && e->outcome == DRILL_FAILED &&
            drill_exercise_counts_as(e, r->type) && e->region && strcmp(e->region, region) == 0)
            return i;
    }
    return -1;
}

static void assign(const struct drill_log *log, struct drill_cadence_item *it, int e,
                   enum drill_status st, unsigned char *used)
{
    it->status = st;
    it->exercise = e;
    it->done_day = log->exercises[e].day;
    used[e] = 1;
}

/* Judge the periods it[0..n) of one requirement in one region, oldest first. A test counts
 * for one period only:
 *   1. every period that has ended takes the latest qualifying test within it (on time);
 *   2. every ended period still without one takes, oldest period first, the earliest
 *      test left over after its due date (late), or is overdue;
 *   3. the current period takes the latest test left within it (on time), else is due.
 * So a make-up test done early in a quarter counts for the quarter it makes up, and the
 * current quarter still needs its own; a quarter never made up stays overdue. */
static void judge(const struct drill_log *log, long as_of_day, struct drill_cadence_item *it,
                  int n, unsigned char *used)
{
    const struct drill_requirement *r = &log->reqs[it[0].req];
    const char *region = log->regions[it[0].region];
    int e;

    memset(used, 0, (size_t)(log->n_exercises ? log->n_exercises : 1));
    for (int i = 0; i < n; i++) {
        it[i].exercise = -1;
        it[i].done_day = 0;
        it[i].days_late = 0;
        it[i].status = it[i].due_day < as_of_day ? DRILL_OVERDUE : DRILL_DUE;
        it[i].failed_exercise = failed_between(log, r, region, it[i].start_day, it[i].due_day);
    }
    for (int i = 0; i < n; i++)
        if (it[i].due_day < as_of_day &&
            (e = pick(log, r, region, as_of_day, it[i].start_day, it[i].due_day, used, 1)) >= 0)
            assign(log, &it[i], e, DRILL_ON_TIME, used);
    for (int i = 0; i < n; i++) {
        if (it[i].status != DRILL_OVERDUE)
            continue;
        e = pick(log, r, region, as_of_day, it[i].due_day + 1, as_of_day, used, 0);
        if (e >= 0)
            assign(log, &it[i], e, DRILL_LATE, used);
        it[i].days_late = (e >= 0 ? it[i].done_day : as_of_day) - it[i].due_day;
    }
    for (int i = 0; i < n; i++)
        if (it[i].status == DRILL_DUE &&
            (e = pick(log, r, region, as_of_day, it[i].start_day, it[i].due_day, used, 1)) >= 0)
            assign(log, &it[i], e, DRILL_ON_TIME, used);
}

static int check_cadence(const struct drill_log *log, long as_of_day, struct drill_analysis *a)
{
    size_t cap = 0;
    unsigned char *used = malloc((size_t)(log->n_exercises ? log->n_exercises : 1));
    if (used == NULL)
        return -1;
    a->since_day = drill_cadence_since(log, as_of_day);
    for (int r = 0; r < log->n_reqs; r++) {
        const struct drill_requirement *rq = &log->reqs[r];
        for (int g = 0; g < rq->n_regions; g++) {
            int first = a->n_items;
            long start, end;
            char label[24];
            drill_period_of(rq->every, a->since_day, &start, &end, label);
            while (start <= as_of_day) {
                struct drill_cadence_item *it;
                if ((size_t)a->n_items == cap) {
                    size_t c = cap ? cap * 2 : 32;
                    struct drill_cadence_item *g2 = realloc(a->items, c * sizeof *g2);
                    if (g2 == NULL) {
                        free(used);
                        return -1;
                    }
                    a->items = g2;
                    cap = c;
                }
                it = &a->items[a->n_items++];
                memset(it, 0, sizeof *it);
                it->req = r;
                it->region = rq->regions[g];
                it->start_day = start;
                it->due_day = end;
                memcpy(it->label, label, sizeof it->label);
                drill_period_of(rq->every, end + 1, &start, &end, label);
            }
            if (a->n_items > first)
                judge(log, as_of_day, &a->items[first], a->n_items - first, used);
        }
    }
    free(used);
    for (int i = 0; i < a->n_items; i++) {
        switch (a->items[i].status) {
        case DRILL_ON_TIME:
            a->n_on_time++;
            break;
        case DRILL_LATE:
            a->n_late++;
            break;
        case DRILL_OVERDUE:
            a->n_overdue++;
            break;
        case DRILL_DUE:
            a->n_due++;
            break;
        }
    }
    for (int i = 0; i < log->n_exercises; i++)
        a->n_future += log->exercises[i].day > as_of_day;
    return 0;
}

/* ---- percentiles -------------------------------------------------------------------- */

double drill_dist_percentile(const struct dist *d, double x)
{
    if (isnan(x))
        return NAN;
    if (d->kind == DIST_FIXED)
        return x < d->p[0] ? 0.0 : x > d->p[0] ? 1.0 : 0.5;
    if (d->kind == DIST_EMPIRICAL)
        return drill_sample_percentile(d->values, d->n_values, x);
    return dist_cdf(d, x);
}

/* Number of sorted values < x (strict) or <= x, by binary search. */
static size_t count_below(const double *v, size_t n, double x, int inclusive)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x || (inclusive && v[mid] == x))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

double drill_sample_percentile(const double *sorted, size_t n, double x)
{
    if (n == 0 || isnan(x))
        return NAN;
    size_t lt = count_below(sorted, n, x, 0), le = count_below(sorted, n, x, 1);
    return ((double)lt + 0.5 * (double)(le - lt)) / (double)n;
}

double drill_sample_quantile(const double *sorted, size_t n, double q)
{
    double h, lo, hi;
    size_t i;
    if (n == 0 || isnan(q))
        return NAN;
    if (q <= 0)
        return sorted[0];
    if (q >= 1)
        return sorted[n - 1];
    h = (double)(n - 1) * q;
    i = (size_t)floor(h);
    if (i >= n - 1)
        return sorted[n - 1];
    lo = sorted[i];
    hi = sorted[i + 1];
    if (h == (double)i)
        return lo;
    if (isinf(hi) || isinf(lo))
        return INFINITY;
    return lo + (h - (double)i) * (hi - lo);
}

/* ---- the restore-time model --------------------------------------------------------- */

int drill_restore_model_init(struct drill_restore_model *m, const struct store *s)
{
    const struct dist *o = &s->overhead;
    memset(m, 0, sizeof *m);
    m->store = s;
    if (o->kind == DIST_FIXED) {
        m->fixed_overhead_s = o->p[0];
        return 0;
    }
    m->n_nodes = o->kind == DIST_EMPIRICAL ? o->n_values : DRILL_RESTORE_NODES;
    m->nodes = malloc(m->n_nodes * sizeof *m->nodes);
    if (m->nodes == NULL)
        return -1;
    for (size_t i = 0; i < m->n_nodes; i++)
        m->nodes[i] = o->kind == DIST_EMPIRICAL
                          ? o->values[i]
                          : dist_quantile(o, ((double)i + 0.5) / (double)m->n_nodes);
    return 0;
}

void drill_restore_model_fini(struct drill_restore_model *m)
{
    free(m->nodes);
    m->nodes = NULL;
    m->n_nodes = 0;
}

/* Mid-percentile of a restore of t_s given overhead o: the copy takes c / T, which is
 * below t - o when T > c / (t - o), equal to it when T = c / (t - o). */
static double restore_mid_given(const struct store *s, double c, double o, double t_s)
{
    if (c <= 0)
        return t_s < o ? 0.0 : t_s > o ? 1.0 : 0.5;
    if (!(t_s > o))
        return 0.0;
    if (isinf(t_s))
        return 1.0;
    return 1.0 - drill_dist_percentile(&s->throughput, c / (t_s - o));
}

double drill_restore_percentile(const struct drill_restore_model *m, double t_s)
{
    const struct store *s = m->store;
    int par = s->parallelism > 1 ? s->parallelism : 1;
    double c = s->recovery == STORE_RECOVER_NONE ? 0.0 : s->size_bytes / par;
    double sum = 0;

    if (isnan(t_s))
        return NAN;
    if (m->nodes == NULL)
        return restore_mid_given(s, c, m->fixed_overhead_s, t_s);
    for (size_t i = 0; i < m->n_nodes; i++)
        sum += restore_mid_given(s, c, m->nodes[i], t_s);
    return sum / (double)m->n_nodes;
}

double drill_restore_quantile(const struct drill_restore_model *m, double q)
{
    double lo = 0, hi = 1;
    if (!(q > 0 && q < 1))
        return NAN;
    while (drill_restore_percentile(m, hi) < q) {
        lo = hi;
        hi *= 2;
        if (hi > 1e12)
            return INFINITY;
    }
    while (hi - lo > 1e-6 * hi) {
        double mid = 0.5 * (lo + hi);
        if (drill_restore_percentile(m, mid) < q)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* ---- placement ----------------------------------------------------------------------- */

struct placer {
    const struct drill_log *log;
    const struct plan *p;
    const struct drill_model *models;
    struct drill_analysis *a;
    size_t cap;
    struct drill_restore_model restore[PLAN_MAX_STORES]; /* built on first use */
    unsigned char have_restore[PLAN_MAX_STORES];
};

static struct drill_placement *new_placement(struct placer *pl, int exercise,
                                             enum drill_measure kind, const char *what,
                                             double measured_s)
{
    struct drill_analysis *a = pl->a;
    struct drill_placement *pm;
    if ((size_t)a->n_placements == pl->cap) {
        size_t c = pl->cap ? pl->cap * 2 : 32;
        struct drill_placement *g = realloc(a->placements, c * sizeof *g);
        if (g == NULL)
            return NULL;
        a->placements = g;
        pl->cap = c;
    }
    pm = &a->placements[a->n_placements++];
    memset(pm, 0, sizeof *pm);
    pm->exercise = exercise;
    pm->kind = kind;
    pm->scenario = pl->log->exercises[exercise].scenario;
    pm->what = what;
    pm->step = -1;
    pm->store = -1;
    pm->measured_s = measured_s;
    pm->percentile = NAN;
    pm->model_p50_s = NAN;
    pm->model_p95_s = NAN;
    return pm;
}

static void set_flag(struct drill_analysis *a, struct drill_placement *pm)
{
    if (isnan(pm->percentile)) {
        pm->flag = DRILL_FLAG_NONE;
        return;
    }
    a->n_placed++;
    if (pm->percentile > FLAG_HIGH) {
        pm->flag = DRILL_FLAG_OPTIMISTIC;
        a->n_optimistic++;
    } else if (pm->percentile < FLAG_LOW) {
        pm->flag = DRILL_FLAG_CONSERVATIVE;
        a->n_conservative++;
    } else {
        pm->flag = DRILL_FLAG_WITHIN;
    }
}

static const struct drill_restore_model *restore_model(struct placer *pl, int store)
{
    if (!pl->have_restore[store]) {
        if (drill_restore_model_init(&pl->restore[store], &pl->p->stores[store]) != 0)
            return NULL;
        pl->have_restore[store] = 1;
    }
    return &pl->restore[store];
}

/* Place against a distribution. */
static void place_dist(struct drill_placement *pm, const struct dist *d)
{
    pm->percentile = drill_dist_percentile(d, pm->measured_s);
    pm->model_p50_s = dist_quantile(d, 0.5);
    pm->model_p95_s = dist_quantile(d, 0.95);
}

/* Place against a store's restore model; -1 when out of memory. */
static int place_restore(struct placer *pl, struct drill_placement *pm, int store)
{
    const struct drill_restore_model *m = restore_model(pl, store);
    if (m == NULL)
        return -1;
    pm->store = store;
    if (pl->p->stores[store].recovery == STORE_RECOVER_NONE) {
        pm->why = "the store is unrecoverable in the plan";
        return 0;
    }
    pm->percentile = drill_restore_percentile(m, pm->measured_s);
    pm->model_p50_s = drill_restore_quantile(m, 0.5);
    pm->model_p95_s = drill_restore_quantile(m, 0.95);
    return 0;
}

/* Place a measurement within a simulated distribution (its histogram): its
 * mid-distribution share to the histogram's resolution (hist_mid_share), and the model's
 * P50 and P95 (hist_percentile, within HIST_REL_RES). */
static void place_sample(struct drill_placement *pm, const struct hist *h)
{
    if (h == NULL || h->n == 0) {
        pm->why = "no simulation results";
        return;
    }
    pm->percentile = hist_mid_share(h, pm->measured_s);
    pm->model_p50_s = hist_percentile(h, 0.5);
    pm->model_p95_s = hist_percentile(h, 0.95);
}

static int place_exercise(struct placer *pl, int ei)
{
    const struct drill_exercise *e = &pl->log->exercises[ei];
    const struct plan *p = pl->p;
    int si = e->scenario ? plan_find_scenario(p, e->scenario) : -1;
    const struct scenario *sc = si >= 0 ? &p->scenarios[si] : NULL;
    struct drill_placement *pm;

    for (int i = 0; i < e->n_steps; i++) {
        const struct drill_step_time *t = &e->steps[i];
        int k;
        if ((pm = new_placement(pl, ei, DRILL_M_STEP, t->step, t->duration_s)) == NULL)
            return -1;
        if (e->scenario == NULL) {
            pm->why = "the exercise names no scenario";
        } else if (sc == NULL) {
            pm->why = "the plan has no such scenario";
        } else if ((k = scenario_find_step(sc, t->step)) < 0) {
            pm->why = "the scenario has no such step";
        } else {
            const struct step *st = &sc->steps[k];
            pm->step = k;
            if (st->kind == STEP_TASK || st->kind == STEP_RECREATE) {
                place_dist(pm, &st->duration);
            } else if (st->kind == STEP_FAILOVER) {
                pm->store = st->store;
                place_dist(pm, &p->stores[st->store].failover);
            } else if (st->kind == STEP_PROMOTE) {
                pm->store = st->store;
                place_dist(pm, &p->stores[st->store].replica.promote);
            } else if (place_restore(pl, pm, st->store) != 0) {
                return -1;
            }
        }
        set_flag(pl->a, pm);
    }
    for (int i = 0; i < e->n_restores; i++) {
        const struct drill_restore *r = &e->restores[i];
        int s;
        if (isnan(r->duration_s))
            continue;
        if ((pm = new_placement(pl, ei, DRILL_M_RESTORE, r->store, r->duration_s)) == NULL)
            return -1;
        if ((s = plan_find_store(p, r->store)) < 0)
            pm->why = "the plan has no such store";
        else if (place_restore(pl, pm, s) != 0)
            return -1;
        set_flag(pl->a, pm);
    }
    if (!isnan(e->rto_s) || !isnan(e->data_loss_s)) {
        for (int m = 0; m < 2; m++) {
            double v = m == 0 ? e->rto_s : e->data_loss_s;
            if (isnan(v))
                continue;
            pm = new_placement(pl, ei, m == 0 ? DRILL_M_RTO : DRILL_M_DATA_LOSS, NULL, v);
            if (pm == NULL)
                return -1;
            if (e->scenario == NULL)
                pm->why = "the exercise names no scenario";
            else if (sc == NULL)
                pm->why = "the plan has no such scenario";
            else if (pl->models == NULL)
                pm->why = "no simulation results";
            else if (m == 0)
                place_sample(pm, pl->models[si].rto);
            else
                place_sample(pm, pl->models[si].rpo);
            set_flag(pl->a, pm);
        }
    }
    return 0;
}

int drill_analyze(const struct drill_log *log, const struct plan *p,
                  const struct drill_model *models, long as_of_day, struct drill_analysis *out)
{
    struct placer *pl = NULL;
    int rc = -1;

    memset(out, 0, sizeof *out);
    out->as_of_day = as_of_day;
    if (check_cadence(log, as_of_day, out) != 0)
        goto out;
    pl = calloc(1, sizeof *pl);
    if (pl == NULL)
        goto out;
    pl->log = log;
    pl->p = p;
    pl->models = models;
    pl->a = out;
    for (int i = 0; i < log->n_exercises; i++)
        if (place_exercise(pl, i) != 0)
            goto out;
    rc = 0;
out:
    if (pl) {
        for (int s = 0; s < PLAN_MAX_STORES; s++)
            if (pl->have_restore[s])
                drill_restore_model_fini(&pl->restore[s]);
        free(pl);
    }
    if (rc != 0)
        drill_analysis_fini(out);
    return rc;
}

void drill_analysis_fini(struct drill_analysis *a)
{
    free(a->items);
    free(a->placements);
    a->items = NULL;
    a->placements = NULL;
    a->n_items = 0;
    a->n_placements = 0;
}

const char *drill_status_name(enum drill_status s)
{
    switch (s) {
    case DRILL_ON_TIME:
        return "on time";
    case DRILL_LATE:
        return "late";
    case DRILL_OVERDUE:
        return "overdue";
    case DRILL_DUE:
        return "due";
    }
    return "?";
}

const char *drill_flag_name(enum drill_flag f)
{
    switch (f) {
    case DRILL_FLAG_NONE:
        return "not placed";
    case DRILL_FLAG_WITHIN:
        return "within";
    case DRILL_FLAG_OPTIMISTIC:
        return "optimistic";
    case DRILL_FLAG_CONSERVATIVE:
        return "conservative";
    }
    return "?";
}

const char *drill_measure_name(enum drill_measure m)
{
    switch (m) {
    case DRILL_M_STEP:
        return "step";
    case DRILL_M_RESTORE:
        return "restore";
    case DRILL_M_RTO:
        return "RTO";
    case DRILL_M_DATA_LOSS:
        return "data loss";
    }
    return "?";
}

/* ---- observations for calibration ------------------------------------------------------ */

/* Append v to a growing array; -1 when out of memory. */
static int push_value(double **v, size_t *n, double x)
{
    double *g = realloc(*v, (*n + 1) * sizeof *g);
    if (g == NULL)
        return -1;
    g[(*n)++] = x;
    *v = g;
    return 0;
}

int drill_step_samples(const struct drill_log *log, const struct plan *p,
                       struct drill_samples **out)
{
    struct drill_samples *g = NULL, cur = {0, 0, NULL, 0, 0};
    int n = 0;

    *out = NULL;
    for (int si = 0; si < p->n_scenarios; si++) {
        const struct scenario *sc = &p->scenarios[si];
        for (int k = 0; k < sc->n_steps; k++) {
            struct drill_samples *grown;
            cur.scenario = si;
            cur.step = k;
            for (int i = 0; i < log->n_exercises; i++) {
                const struct drill_exercise *e = &log->exercises[i];
                if (e->scenario == NULL || strcmp(e->scenario, sc->name) != 0)
                    continue;
                for (int j = 0; j < e->n_steps; j++) {
                    if (strcmp(e->steps[j].step, sc->steps[k].name) != 0)
                        continue;
                    if (push_value(&cur.values_s, &cur.n, e->steps[j].duration_s) != 0)
                        goto nomem;
                    cur.n_exercises++;
                }
            }
            if (cur.n == 0)
                continue;
            grown = realloc(g, (size_t)(n + 1) * sizeof *grown);
            if (grown == NULL)
                goto nomem;
            g = grown;
            g[n++] = cur;
            cur.values_s = NULL;
            cur.n = 0;
            cur.n_exercises = 0;
        }
    }
    *out = g;
    return n;
nomem:
    free(cur.values_s);
    drill_samples_free(g, n);
    return -1;
}

void drill_samples_free(struct drill_samples *s, int n)
{
    if (s == NULL)
        return;
    for (int i = 0; i < n; i++)
        free(s[i].values_s);
    free(s);
}

int drill_restore_samples(const struct drill_log *log, const char *store, double **out)
{
    double *v = NULL;
    size_t n = 0;
    *out = NULL;
    for (int i = 0; i < log->n_exercises; i++) {
        const struct drill_exercise *e = &log->exercises[i];
        for (int j = 0; j < e->n_restores; j++) {
            if (isnan(e->restores[j].duration_s) || strcmp(e->restores[j].store, store) != 0)
                continue;
            if (push_value(&v, &n, e->restores[j].duration_s) != 0) {
                free(v);
                return -1;
            }
        }
    }
    *out = v;
    return (int)n;
}
