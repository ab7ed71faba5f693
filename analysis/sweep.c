/* analysis/sweep.c: running a sweep point by point, and its findings (see sweep.h). */
#include "analysis/sweep.h"
#include "analysis/sweep_int.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


const char *sweep_strerror(enum sweep_status s)
{
    switch (s) {
    case SWEEP_OK:
        return "success";
    case SWEEP_INVALID:
        return "a sweep point is not a valid plan";
    case SWEEP_TOO_MANY:
        return "a sweep takes one or two --vary options and at most 10000 points";
    case SWEEP_NOMEM:
        return "out of memory";
    case SWEEP_THREAD:
        return "could not create a thread";
    case SWEEP_CANCELLED:
        return "cancelled";
    }
    return "unknown status";
}

void sweep_summarize(const struct mc_results *r, struct sweep_summary *out)
{
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        struct sweep_summary *o = &out[s];
        o->rto = sr->rto;
        o->rpo = sr->rpo;
        o->rto_obj = sr->rto_obj;
        o->rpo_obj = sr->rpo_obj;
        o->n_trials = sr->n_trials;
        o->n_in_place = sr->n_in_place;
        o->n_abandoned = sr->n_abandoned;
        memcpy(o->outcomes, sr->outcomes, sizeof o->outcomes);
        o->n_rpo_no_point = sr->n_rpo_no_point;
        o->n_breach = sr->n_breach;
        o->p_breach_year = sr->p_breach_year;
        o->downtime_per_year_s = sr->downtime_per_year_s;
        o->data_loss_per_year_s = sr->data_loss_per_year_s;
    }
}

const struct mc_objective *sweep_objective_of(const struct sweep_summary *s,
                                              enum sweep_objective o)
{
    return o == SWEEP_RTO ? &s->rto_obj : &s->rpo_obj;
}

int sweep_meets_policy(const struct sweep_summary *sums, int n_scenarios)
{
    int n_targets = 0;
    for (int s = 0; s < n_scenarios; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            const struct mc_objective *ob = sweep_objective_of(&sums[s], (enum sweep_objective)o);
            if (!ob->has_target)
                continue;
            n_targets++;
            if (ob->verdict != MC_VERDICT_MEETS)
                return 0;
        }
    }
    return n_targets > 0;
}

void sweep_failure_fini(struct sweep_failure *f)
{
    if (f == NULL)
        return;
    if (f->has_diags)
        diag_fini(&f->diags);
    free(f->text);
    memset(f, 0, sizeof *f);
    f->point = -1;
}

static void point_fini(struct sweep_point *pt)
{
    free(pt->sc);
    pt->sc = NULL;
}

void sweep_results_free(struct sweep_results *r)
{
    if (r == NULL)
        return;
    if (r->base_point < 0)
        point_fini(&r->base);
    for (int i = 0; i < r->n_points; i++)
        point_fini(&r->points[i]);
    free(r->points);
    free(r->recs);
    free(r->moves);
    free(r);
}

/* Value indices of grid point i (axis 0 outermost). */
static void grid_values(const struct vary_axis *axes, int n_axes, int i, int *idx)
{
    for (int a = n_axes - 1; a >= 0; a--) {
        idx[a] = i % axes[a].n_values;
        i /= axes[a].n_values;
    }
}

static int run_progress(void *user, uint64_t done, uint64_t total)
{
    struct sweep_progress *sp = user;
    (void)total;
    return sp->fn(sp->user, sp->before + done, sp->total);
}

static enum sweep_status from_mc(enum mc_status ms)
{
    switch (ms) {
    case MC_OK:
        return SWEEP_OK;
    case MC_NOMEM:
        return SWEEP_NOMEM;
    case MC_THREAD:
        return SWEEP_THREAD;
    case MC_CANCELLED:
        return SWEEP_CANCELLED;
    case MC_INVALID:
        break;
    }
    return SWEEP_TOO_MANY;
}

enum sweep_status sweep_simulate(const struct plan *q, uint64_t n_trials, uint64_t seed,
                                 int threads, struct sweep_progress *sp,
                                 struct mc_results **out)
{
    enum mc_status ms = mc_run(q, n_trials, seed, threads, sp->fn ? run_progress : NULL, sp, out);
    if (ms != MC_OK) {
        *out = NULL;
        return from_mc(ms);
    }
    sp->before += n_trials * (uint64_t)(*out)->n_scenarios;
    return SWEEP_OK;
}

/* The cost rates of a loaded plan (its costs section). */
static const struct plan_costs *rates_of(const struct plan *q)
{
    return &q->costs;
}

/* Simulate plan q and summarize it into pt. */
static enum sweep_status run_point(const struct plan *q, const struct sweep_options *o,
                                   struct sweep_progress *sp, struct sweep_point *pt)
{
    struct mc_results *res = NULL;
    enum sweep_status st = sweep_simulate(q, o->n_trials, o->seed, o->threads, sp, &res);
    if (st != SWEEP_OK)
        return st;
    pt->sc = calloc((size_t)res->n_scenarios, sizeof *pt->sc);
    if (pt->sc == NULL) {
        mc_results_free(res);
        return SWEEP_NOMEM;
    }
    sweep_summarize(res, pt->sc);
    pt->meets_policy = sweep_meets_policy(pt->sc, res->n_scenarios);
    pt->has_cost = cost_monthly(q, rates_of(q), &pt->cost);
    mc_results_free(res);
    return SWEEP_OK;
}

/* Point i's plan (vary.h: every path of every axis set to the point's value); on
 * failure, the first one is recorded in fail. */
static enum sweep_status load_point(const struct plan *p, const char *name, const char *text,
                                    size_t len, const struct vary_axis *axes, int n_axes, int i,
                                    struct plan **out, struct sweep_failure *fail)
{
    int idx[SWEEP_MAX_AXES], n = 0, cap = 0;
    struct vary_change *ch;
    struct vary_result vr;
    enum vary_status vs;

    *out = NULL;
    grid_values(axes, n_axes, i, idx);
    for (int a = 0; a < n_axes; a++)
        cap += axes[a].n_paths;
    ch = calloc((size_t)(cap ? cap : 1), sizeof *ch);
    if (ch == NULL)
        return SWEEP_NOMEM;
    for (int a = 0; a < n_axes; a++)
        for (int k = 0; k < axes[a].n_paths; k++)
            ch[n++] = (struct vary_change){.how = VARY_SET, .path = axes[a].paths[k],
                                           .text = axes[a].values[idx[a]], .tag = a};
    vs = vary_plan(p, name, text, len, ch, n, &vr);
    free(ch);
    if (vs == VARY_OK) {
        *out = vr.plan;
        vr.plan = NULL;
        vary_result_fini(&vr);
        return SWEEP_OK;
    }
    if (vs == VARY_NOMEM) {
        vary_result_fini(&vr);
        return SWEEP_NOMEM;
    }
    if (fail && fail->point < 0) {
        fail->point = i;
        memcpy(fail->value, idx, sizeof idx);
        if (!vr.has_diags) {
            /* The axes were parsed against this text, so every path is written: a change
             * that does not fit is reported without a position. */
            diag_init(&vr.diags, name, NULL, 0);
            vr.has_diags = 1;
            diag_add(&vr.diags, DIAG_ERROR, 0, 0, "%s", vr.err.msg);
        }
        fail->text = vr.text;
        fail->len = vr.len;
        fail->diags = vr.diags;
        fail->has_diags = 1;
        memcpy(fail->spans, vr.spans, sizeof vr.spans);
        fail->n_spans = vr.n_spans;
        vr.text = NULL;
        vr.has_diags = 0;
    }
    vary_result_fini(&vr);
    if (fail)
        fail->n_bad++;
    return SWEEP_INVALID;
}

enum sweep_status sweep_run(const struct plan *p, const char *name, const char *text, size_t len,
                            const struct vary_axis *axes, int n_axes,
                            const struct sweep_options *o, struct sweep_results **out,
                            struct sweep_failure *fail)
{
    struct sweep_results *r = NULL;
    struct sweep_progress sp = {o->progress, o->progress_user, 0, 0};
    struct timespec t0, t1;
    enum sweep_status st = SWEEP_OK;
    long n_points = 1;
    int n_bad = 0;

    *out = NULL;
    if (fail) {
        memset(fail, 0, sizeof *fail);
        fail->point = -1;
    }
    if (n_axes < 1 || n_axes > SWEEP_MAX_AXES)
        return SWEEP_TOO_MANY;
    for (int a = 1; a < n_axes; a++) {
        struct vary_error e;
        (void)e;
        assert(!vary_axes_overlap(&axes[0], &axes[a], &e) && "axes vary the same value");
    }
    for (int a = 0; a < n_axes; a++) {
        n_points *= axes[a].n_values;
        if (n_points > SWEEP_MAX_POINTS)
            return SWEEP_TOO_MANY;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);

    /* Every point must load before anything runs. */
    for (int i = 0; i < (int)n_points; i++) {
        struct plan *q = NULL;
        st = load_point(p, name, text, len, axes, n_axes, i, &q, fail);
        plan_free(q);
        if (st == SWEEP_NOMEM)
            return st;
        n_bad += st == SWEEP_INVALID;
    }
    if (n_bad)
        return SWEEP_INVALID;

    r = calloc(1, sizeof *r);
    if (r == NULL)
        return SWEEP_NOMEM;
    r->plan = p;
    r->axes = axes;
    r->n_axes = n_axes;
    r->n_trials = o->n_trials;
    r->seed = o->seed;
    r->threads = o->threads;
    r->n_scenarios = p->n_scenarios;
    r->base_point = 0;
    for (int a = 0; a < n_axes; a++)
        r->base_point = axes[a].plan_index < 0 ? -1
                        : r->base_point < 0    ? -1
                                               : r->base_point * axes[a].n_values + axes[a].plan_index;
    r->points = calloc((size_t)n_points, sizeof *r->points);
    if (r->points == NULL) {
        free(r);
        return SWEEP_NOMEM;
    }
    r->n_points = (int)n_points;
    for (int a = 0; a < SWEEP_MAX_AXES; a++)
        r->base.value[a] = -1;
    sp.total = o->n_trials * (uint64_t)p->n_scenarios * (uint64_t)(n_points + (r->base_point < 0));

    /* The plan as written first, unless a point is the same plan. */
    if (r->base_point < 0 && (st = run_point(p, o, &sp, &r->base)) != SWEEP_OK)
        goto fail;
    for (int i = 0; i < r->n_points; i++) {
        struct sweep_point *pt = &r->points[i];
        struct plan *q = NULL;
        for (int a = 0; a < SWEEP_MAX_AXES; a++)
            pt->value[a] = -1;
        grid_values(axes, n_axes, i, pt->value);
        st = load_point(p, name, text, len, axes, n_axes, i, &q, NULL);
        if (st == SWEEP_OK)
            st = run_point(q, o, &sp, pt);
        plan_free(q);
        if (st != SWEEP_OK)
            goto fail;
    }
    if (r->base_point >= 0) {
        r->base = r->points[r->base_point];
        for (int a = 0; a < SWEEP_MAX_AXES; a++)
            r->base.value[a] = -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->elapsed_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (sweep_analyze(r) != 0) {
        st = SWEEP_NOMEM;
        goto fail;
    }
    *out = r;
    return SWEEP_OK;
fail:
    sweep_results_free(r);
    return st;
}

/* ---- findings ------------------------------------------------------------------------ */

/* How far point i is from the plan as written: per axis, the distance of its value from
 * the plan's as a share of the axis's range (when values are numbers), else 0 for the
 * plan's own value and 1 for any other. */
static double distance_from_plan(const struct sweep_results *r, int i)
{
    double d = 0;
    for (int a = 0; a < r->n_axes; a++) {
        const struct vary_axis *ax = &r->axes[a];
        int v = r->points[i].value[a];
        double lo = INFINITY, hi = -INFINITY;
        int numeric = isfinite(ax->plan_x);
        for (int k = 0; k < ax->n_values && numeric; k++) {
            numeric = isfinite(ax->x[k]);
            lo = fmin(lo, ax->x[k]);
            hi = fmax(hi, ax->x[k]);
        }
        lo = fmin(lo, ax->plan_x);
        hi = fmax(hi, ax->plan_x);
        if (numeric && hi > lo)
            d += fabs(ax->x[v] - ax->plan_x) / (hi - lo);
        else
            d += v == ax->plan_index ? 0.0 : 1.0;
    }
    return d;
}

/* The point recommended for objective (s, o): see struct sweep_rec. */
static void recommend(const struct sweep_results *r, int s, enum sweep_objective o,
                      struct sweep_rec *rec)
{
    int best = -1, meets = 0;
    for (int i = 0; i < r->n_points; i++) {
        const struct sweep_point *pt = &r->points[i];
        const struct mc_objective *ob = sweep_objective_of(&pt->sc[s], o);
        int m = ob->verdict == MC_VERDICT_MEETS;
        if (best < 0 || (m && !meets)) {
            best = i;
            meets = m;
            continue;
        }
        if (m != meets)
            continue;
        const struct sweep_point *bp = &r->points[best];
        const struct mc_objective *bo = sweep_objective_of(&bp->sc[s], o);
        if (meets && pt->has_cost && bp->has_cost) {
            if (pt->cost.total_usd < bp->cost.total_usd)
                best = i;
        } else if (meets) {
            if (distance_from_plan(r, i) < distance_from_plan(r, best))
                best = i;
        } else if (ob->p_met > bo->p_met ||
                   (ob->p_met == bo->p_met &&
                    distance_from_plan(r, i) < distance_from_plan(r, best))) {
            best = i;
        }
    }
    rec->scenario = s;
    rec->objective = o;
    rec->point = best;
    rec->meets = meets;
    rec->unaffected = !sweep_objective_moves(r, s, o);
}

struct xi {
    double x;
    int i;
};

static int cmp_xi(const void *a, const void *b)
{
    const struct xi *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

int sweep_objective_moves(const struct sweep_results *r, int s, enum sweep_objective o)
{
    return r->moves != NULL && r->moves[2 * s + (int)o];
}

/* Which objectives move, and the one that moves most (struct sweep_curve). Returns -1
 * when out of memory. */
static int find_curves(struct sweep_results *r)
{
    free(r->moves);
    r->moves = calloc((size_t)(2 * r->n_scenarios + 1), sizeof *r->moves);
    if (r->moves == NULL)
        return -1;
    r->steepest.scenario = -1;
    r->steepest.objective = SWEEP_RTO;
    r->steepest.range = 0;
    for (int s = 0; s < r->n_scenarios; s++) {
        for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
            double lo = INFINITY, hi = -INFINITY;
            int has_target = r->n_points > 0;
            for (int i = 0; i < r->n_points && has_target; i++) {
                const struct mc_objective *ob =
                    sweep_objective_of(&r->points[i].sc[s], (enum sweep_objective)o);
                has_target = ob->has_target;
                lo = fmin(lo, ob->p_met);
                hi = fmax(hi, ob->p_met);
                if (ob->n_met != sweep_objective_of(&r->points[0].sc[s],
                                                    (enum sweep_objective)o)->n_met)
                    r->moves[2 * s + o] = 1;
            }
            if (!has_target) {
                r->moves[2 * s + o] = 0;
                continue;
            }
            if (r->steepest.scenario < 0 || hi - lo > r->steepest.range) {
                r->steepest.scenario = s;
                r->steepest.objective = (enum sweep_objective)o;
                r->steepest.range = hi - lo;
            }
        }
    }
    return 0;
}

/* The knee of a one-axis sweep: on the curve of the objective that moves most (against
 * the value), the point farthest from the chord between the curve's ends once both
 * coordinates are scaled to [0, 1] (the "Kneedle" rule). */
static int find_knee(struct sweep_results *r)
{
    const struct vary_axis *ax = &r->axes[0];
    struct xi *pts;
    int numeric = 1, s = r->steepest.scenario;
    enum sweep_objective o = r->steepest.objective;

    r->knee.point = r->knee.lo_point = r->knee.hi_point = -1;
    if (r->n_axes != 1 || r->n_points < 3 || s < 0 || r->steepest.range <= 1e-12)
        return 0;
    r->knee.scenario = s;
    r->knee.objective = o;
    pts = malloc((size_t)r->n_points * sizeof *pts);
    if (pts == NULL)
        return -1;
    for (int i = 0; i < r->n_points; i++)
        numeric &= isfinite(ax->x[i]);
    for (int i = 0; i < r->n_points; i++) {
        pts[i].x = numeric ? ax->x[i] : (double)i;
        pts[i].i = i;
    }
    qsort(pts, (size_t)r->n_points, sizeof *pts, cmp_xi);
    r->knee.lo_point = pts[0].i;
    r->knee.hi_point = pts[r->n_points - 1].i;
    double x0 = pts[0].x, x1 = pts[r->n_points - 1].x;
    double y_lo = INFINITY, y_hi = -INFINITY;
    for (int i = 0; i < r->n_points; i++) {
        double y = sweep_objective_of(&r->points[i].sc[s], o)->p_met;
        y_lo = fmin(y_lo, y);
        y_hi = fmax(y_hi, y);
    }
    double best = 1e-9;
    if (x1 > x0) {
        double ya = (sweep_objective_of(&r->points[pts[0].i].sc[s], o)->p_met - y_lo) /
                    (y_hi - y_lo);
        double yb = (sweep_objective_of(&r->points[pts[r->n_points - 1].i].sc[s], o)->p_met -
                     y_lo) / (y_hi - y_lo);
        for (int k = 1; k + 1 < r->n_points; k++) {
            double x = (pts[k].x - x0) / (x1 - x0);
            double y = sweep_objective_of(&r->points[pts[k].i].sc[s], o)->p_met;
            y = (y - y_lo) / (y_hi - y_lo);
            /* Distance from the chord (0, ya)-(1, yb), up to a constant factor. */
            double d = fabs((yb - ya) * x - y + ya);
            if (d > best) {
                best = d;
                r->knee.point = pts[k].i;
            }
        }
    }
    free(pts);
    return 0;
}

int sweep_analyze(struct sweep_results *r)
{
    r->cheapest = -1;
    r->n_meeting = 0;
    for (int i = 0; i < r->n_points; i++) {
        const struct sweep_point *pt = &r->points[i];
        if (!pt->meets_policy)
            continue;
        r->n_meeting++;
        if (pt->has_cost &&
            (r->cheapest < 0 || pt->cost.total_usd < r->points[r->cheapest].cost.total_usd))
            r->cheapest = i;
    }
    free(r->recs);
    r->recs = NULL;
    r->n_recs = 0;
    if (find_curves(r) != 0)
        return -1;
    if (r->n_points > 0) {
        r->recs = calloc((size_t)r->n_scenarios * 2, sizeof *r->recs);
        if (r->recs == NULL)
            return -1;
        for (int s = 0; s < r->n_scenarios; s++) {
            for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
                const struct mc_objective *bo =
                    sweep_objective_of(&r->base.sc[s], (enum sweep_objective)o);
                if (!bo->has_target || bo->verdict == MC_VERDICT_MEETS)
                    continue;
                recommend(r, s, (enum sweep_objective)o, &r->recs[r->n_recs++]);
            }
        }
    }
    return find_knee(r);
}
