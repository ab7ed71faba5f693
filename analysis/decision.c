/* analysis/decision.c: the decision curve, a run per wait and what it shows (see
 * decision.h). */
#include "analysis/decision.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/units.h"
#include "models/vary.h"
#include "sim/stats.h"

#define H 3600.0
const double DECISION_GRID_S[DECISION_GRID_N] = {
    0.0, 0.5 * H, 1 * H, 2 * H, 3 * H, 4 * H, 6 * H, 8 * H, 12 * H, 18 * H, 24 * H, 36 * H, 48 * H,
};

const char *decision_strerror(enum decision_status s)
{
    switch (s) {
    case DECISION_OK:
        return "success";
    case DECISION_INVALID:
        return "the decision curve cannot be computed for this plan";
    case DECISION_NOMEM:
        return "out of memory";
    case DECISION_THREAD:
        return "could not create a thread";
    case DECISION_CANCELLED:
        return "cancelled";
    }
    return "unknown status";
}

int decision_scenario_has_wait(const struct scenario *sc)
{
    return sc->decision_step >= 0 && sc->has_go_wait;
}

int decision_count(const struct plan *p)
{
    int n = 0;
    for (int s = 0; s < p->n_scenarios; s++)
        n += decision_scenario_has_wait(&p->scenarios[s]);
    return n;
}

const struct decision_curve *decision_curve_of(const struct decision_results *r, int s)
{
    for (int i = 0; r && i < r->n_curves; i++)
        if (r->curves[i].scenario == s)
            return &r->curves[i];
    return NULL;
}

void decision_results_free(struct decision_results *r)
{
    if (r == NULL)
        return;
    free(r->curves);
    free(r);
}

/* Whether the plan's wait of sc is one fixed, finite value: then it is a point of the
 * curve. */
static int fixed_wait(const struct scenario *sc)
{
    return sc->go_wait.kind == DIST_FIXED && isfinite(sc->go_wait.p[0]);
}

/* ---- one run ---------------------------------------------------------------------------- */

/* Progress over every run: trials of finished runs plus the current one's. */
struct progress {
    mc_progress_fn fn;
    void *user;
    uint64_t before;        /* trials done by earlier runs */
    uint64_t total;         /* trials of all runs */
};

static int run_progress(void *user, uint64_t done, uint64_t total)
{
    struct progress *pg = user;
    (void)total;
    return pg->fn(pg->user, pg->before + done, pg->total);
}

static enum decision_status from_mc(enum mc_status ms)
{
    switch (ms) {
    case MC_OK:
        return DECISION_OK;
    case MC_NOMEM:
        return DECISION_NOMEM;
    case MC_THREAD:
        return DECISION_THREAD;
    case MC_CANCELLED:
        return DECISION_CANCELLED;
    case MC_INVALID:
        break;
    }
    return DECISION_INVALID;
}

/* What the curve keeps of scenario s of run res, at wait wait_s. */
static void keep_point(const struct mc_results *res, int s, double wait_s,
                       struct decision_point *pt)
{
    const struct mc_scenario_result *sr = &res->scenarios[s];
    const struct scenario *sc = &res->plan->scenarios[s];
    memset(pt, 0, sizeof *pt);
    pt->wait_s = wait_s;
    pt->n_trials = sr->n_trials;
    pt->rto_obj = sr->rto_obj;
    pt->rpo_obj = sr->rpo_obj;
    pt->n_failed_over = sr->outcomes[MC_OUTCOME_FAILED_OVER].n;
    pt->failover_share = sr->n_trials ? (double)pt->n_failed_over / (double)sr->n_trials : 0.0;
    stats_wilson(pt->n_failed_over, sr->n_trials, STATS_Z95, &pt->failover_ci_lo,
                 &pt->failover_ci_hi);
    if (sc->has_policy) {
        pt->n_meet_both = sr->n_trials - sr->n_breach;
        pt->p_meet_both = sr->n_trials ? (double)pt->n_meet_both / (double)sr->n_trials : 0.0;
    }
}

/* Run plan q and report it through pg; on success *out holds the results. */
static enum decision_status simulate(const struct plan *q, const struct decision_options *o,
                                     struct progress *pg, struct mc_results **out)
{
    enum mc_status ms =
        mc_run(q, o->n_trials, o->seed, o->threads, pg->fn ? run_progress : NULL, pg, out);
    if (ms != MC_OK) {
        *out = NULL;
        return from_mc(ms);
    }
    pg->before += o->n_trials * (uint64_t)q->n_scenarios;
    return DECISION_OK;
}

/* The key path of scenario sc's wait, as in plan->inputs. */
static void wait_path(const struct scenario *sc, char *buf, size_t n)
{
    snprintf(buf, n, "scenarios.%s.activation.go_when.outage_lasted", sc->name);
}

/* Whether p writes sc's wait as one scalar at its own path (VARY_SET), rather than as a
 * distribution's mapping (VARY_REPLACE of the key). */
static int wait_is_scalar(const struct plan *p, const struct scenario *sc)
{
    char path[PLAN_MAX_SCENARIO_NAME_BYTES + 64];
    wait_path(sc, path, sizeof path);
    for (int i = 0; i < p->n_inputs; i++)
        if (strcmp(p->inputs[i].path, path) == 0)
            return 1;
    return 0;
}

/* The plan with the wait of every scenario marked in `which` set to wait_s. On
 * DECISION_OK *q is the new plan (the caller frees it). */
static enum decision_status plan_at(const struct plan *p, const char *name, const char *text,
                                    size_t len, const int *which, double wait_s,
                                    struct plan **q, char *msg, size_t msglen)
{
    struct vary_change ch[PLAN_MAX_SCENARIOS];
    char paths[PLAN_MAX_SCENARIOS][PLAN_MAX_SCENARIO_NAME_BYTES + 64];
    const char *keys[PLAN_MAX_SCENARIOS][6];
    char value[64];
    struct vary_result vr;
    enum decision_status st = DECISION_OK;
    int n = 0;

    *q = NULL;
    /* Base units with 17 digits: the unit parser reads it back to the same double, so the
     * plan's own fixed wait loads exactly as the plan wrote it. */
    snprintf(value, sizeof value, "%.17gs", wait_s);
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        if (!which[s])
            continue;
        wait_path(sc, paths[n], sizeof paths[n]);
        keys[n][0] = "scenarios";
        keys[n][1] = sc->name;
        keys[n][2] = "activation";
        keys[n][3] = "go_when";
        keys[n][4] = "outage_lasted";
        keys[n][5] = NULL;
        ch[n] = (struct vary_change){.how = wait_is_scalar(p, sc) ? VARY_SET : VARY_REPLACE,
                                     .path = paths[n], .keys = keys[n], .text = value, .tag = s};
        n++;
    }
    enum vary_status vs = vary_plan(p, name, text, len, ch, n, &vr);
    if (vs == VARY_OK) {
        *q = vr.plan;
        vr.plan = NULL;
    } else if (vs == VARY_NOMEM) {
        st = DECISION_NOMEM;
    } else {
        const char *why = vr.has_diags && vr.diags.n > 0 ? vr.diags.items[0].msg : vr.err.msg;
        char w[32];
        if (msg && msglen)
            snprintf(msg, msglen, "the plan with a wait of %s before failing over: %s",
                     units_format_duration(wait_s, w, sizeof w), why);
        st = DECISION_INVALID;
    }
    vary_result_fini(&vr);
    return st;
}

/* ---- the waits -------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The distinct fixed waits to run, ascending: the grid and every plan's own fixed wait.
 * Returns how many (at most DECISION_GRID_N + PLAN_MAX_SCENARIOS). */
static int waits_to_run(const struct plan *p, double *w)
{
    int n = 0, k = 0;
    for (int i = 0; i < DECISION_GRID_N; i++)
        w[n++] = DECISION_GRID_S[i];
    for (int s = 0; s < p->n_scenarios; s++)
        if (decision_scenario_has_wait(&p->scenarios[s]) && fixed_wait(&p->scenarios[s]))
            w[n++] = p->scenarios[s].go_wait.p[0];
    qsort(w, (size_t)n, sizeof *w, cmp_double);
    for (int i = 0; i < n; i++)
        if (k == 0 || w[i] != w[k - 1])
            w[k++] = w[i];
    return k;
}

static int on_grid(double wait_s)
{
    for (int i = 0; i < DECISION_GRID_N; i++)
        if (DECISION_GRID_S[i] == wait_s)
            return 1;
    return 0;
}

enum decision_status decision_run(const struct plan *p, const char *name, const char *text,
                                  size_t len, const struct decision_options *o,
                                  struct decision_results **out, char *msg, size_t msglen)
{
    double waits[DECISION_GRID_N + PLAN_MAX_SCENARIOS];
    int which[PLAN_MAX_SCENARIOS] = {0}, need_plan_run = 0, n_waits;
    struct decision_results *r = NULL;
    struct progress pg = {o ? o->progress : NULL, o ? o->progress_user : NULL, 0, 0};
    struct timespec t0, t1;
    enum decision_status st = DECISION_OK;

    *out = NULL;
    if (msg && msglen)
        msg[0] = '\0';
    if (p == NULL || o == NULL || o->n_trials < 1 || o->n_trials > MC_MAX_TRIALS ||
        o->threads < 1) {
        if (msg && msglen)
            snprintf(msg, msglen, "decision curve: bad trials or threads");
        return DECISION_INVALID;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((r = calloc(1, sizeof *r)) == NULL)
        return DECISION_NOMEM;
    r->plan = p;
    r->n_trials = o->n_trials;
    r->seed = o->seed;
    r->threads = o->threads;
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        if (!decision_scenario_has_wait(sc))
            continue;
        which[s] = 1;
        r->n_curves++;
        need_plan_run |= !fixed_wait(sc);
    }
    if (r->n_curves == 0) {
        *out = r;
        return DECISION_OK;
    }
    if ((r->curves = calloc((size_t)r->n_curves, sizeof *r->curves)) == NULL) {
        free(r);
        return DECISION_NOMEM;
    }
    for (int s = 0, c = 0; s < p->n_scenarios; s++)
        if (which[s]) {
            r->curves[c].scenario = s;
            r->curves[c].plan_point = -1;
            c++;
        }
    n_waits = waits_to_run(p, waits);
    pg.total = o->n_trials * (uint64_t)p->n_scenarios * (uint64_t)(n_waits + need_plan_run);

    /* Every varied plan must load before anything runs. */
    for (int i = 0; i < n_waits; i++) {
        struct plan *q = NULL;
        st = plan_at(p, name, text, len, which, waits[i], &q, msg, msglen);
        plan_free(q);
        if (st != DECISION_OK)
            goto fail;
    }
    for (int i = 0; i < n_waits; i++) {
        struct plan *q = NULL;
        struct mc_results *res = NULL;
        if ((st = plan_at(p, name, text, len, which, waits[i], &q, msg, msglen)) == DECISION_OK)
            st = simulate(q, o, &pg, &res);
        if (st == DECISION_OK) {
            r->n_runs++;
            for (int c = 0; c < r->n_curves; c++) {
                struct decision_curve *cv = &r->curves[c];
                const struct scenario *sc = &p->scenarios[cv->scenario];
                int own = fixed_wait(sc) && sc->go_wait.p[0] == waits[i];
                if (!own && !on_grid(waits[i]))
                    continue; /* another scenario's own wait */
                struct decision_point *pt = &cv->points[cv->n_points];
                keep_point(res, cv->scenario, waits[i], pt);
                pt->is_plan = own;
                if (own) {
                    cv->plan_point = cv->n_points;
                    cv->plan = *pt;
                }
                cv->n_points++;
            }
        }
        mc_results_free(res);
        plan_free(q);
        if (st != DECISION_OK)
            goto fail;
    }
    /* A distributed wait: the plan as written is its own point, at the median. */
    if (need_plan_run) {
        struct mc_results *res = NULL;
        if ((st = simulate(p, o, &pg, &res)) != DECISION_OK)
            goto fail;
        r->n_runs++;
        for (int c = 0; c < r->n_curves; c++) {
            struct decision_curve *cv = &r->curves[c];
            const struct scenario *sc = &p->scenarios[cv->scenario];
            if (fixed_wait(sc))
                continue;
            keep_point(res, cv->scenario, dist_quantile(&sc->go_wait, 0.5), &cv->plan);
            cv->plan.is_plan = 1;
            cv->plan.is_median = sc->go_wait.kind != DIST_FIXED;
        }
        mc_results_free(res);
    }
    for (int c = 0; c < r->n_curves; c++)
        decision_analyze(&r->curves[c], p->confidence);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->elapsed_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    *out = r;
    return DECISION_OK;
fail:
    decision_results_free(r);
    return st;
}

/* ---- findings --------------------------------------------------------------------------- */

/* Append to buf (n bytes, *len used so far) what fmt says. */
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
    va_list ap;
    if (*len >= n)
        return;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *len, n - *len, fmt, ap);
    va_end(ap);
    if (k > 0)
        *len = *len + (size_t)k < n ? *len + (size_t)k : n;
}

/* "a wait of 4h", "failing over at once" (wait 0). */
static const char *wait_words(double wait_s, char *buf, size_t n)
{
    char d[32];
    if (wait_s == 0)
        snprintf(buf, n, "no wait");
    else
        snprintf(buf, n, "a wait of %s", units_format_duration(wait_s, d, sizeof d));
    return buf;
}

static int meets(const struct mc_objective *ob)
{
    return ob->has_target && ob->verdict == MC_VERDICT_MEETS;
}

void decision_analyze(struct decision_curve *c, double confidence)
{
    char a[64], b[64], d[32];
    size_t len = 0;
    const size_t n = sizeof c->finding;

    c->best = c->first_meet_both = c->last_meet_both = c->last_rto_met = c->first_rpo_met = -1;
    c->n_meet_both = 0;
    c->has_policy = c->n_points > 0 && c->points[0].rto_obj.has_target &&
                    c->points[0].rpo_obj.has_target;
    c->finding[0] = '\0';
    for (int i = 0; i < c->n_points; i++) {
        const struct decision_point *pt = &c->points[i];
        int rto = meets(&pt->rto_obj), rpo = meets(&pt->rpo_obj);
        if (rto)
            c->last_rto_met = i;
        if (rpo && c->first_rpo_met < 0)
            c->first_rpo_met = i;
        if (rto && rpo) {
            if (c->first_meet_both < 0)
                c->first_meet_both = i;
            c->last_meet_both = i;
            c->n_meet_both++;
        }
        if (c->has_policy && (c->best < 0 || pt->p_meet_both > c->points[c->best].p_meet_both))
            c->best = i;
    }

    if (!c->has_policy) {
        add(c->finding, n, &len,
            "The scenario has no RTO and RPO targets: the curve shows only how often it fails "
            "over");
        if (c->n_points > 0)
            add(c->finding, n, &len, ", from %.1f%% of outages with %s to %.1f%% with %s.",
                100.0 * c->points[0].failover_share,
                wait_words(c->points[0].wait_s, a, sizeof a),
                100.0 * c->points[c->n_points - 1].failover_share,
                wait_words(c->points[c->n_points - 1].wait_s, b, sizeof b));
        else
            add(c->finding, n, &len, ".");
        if (c->plan.is_plan)
            add(c->finding, n, &len, " The plan's wait (%s%s) fails over in %.1f%%.",
                c->plan.is_median ? "a distribution with median " : "",
                isfinite(c->plan.wait_s) ? units_format_duration(c->plan.wait_s, d, sizeof d)
                                         : "never",
                100.0 * c->plan.failover_share);
        return;
    }
    if (c->n_meet_both == 0) {
        add(c->finding, n, &len,
            "No wait meets both RTO and RPO at the required %.4g%%: ", 100.0 * confidence);
        if (c->last_rto_met >= 0)
            add(c->finding, n, &len, "RTO is met with waits up to %s",
                units_format_duration(c->points[c->last_rto_met].wait_s, d, sizeof d));
        else
            add(c->finding, n, &len, "none meets the RTO");
        if (c->first_rpo_met >= 0)
            add(c->finding, n, &len, ", RPO only with waits from %s on.",
                units_format_duration(c->points[c->first_rpo_met].wait_s, d, sizeof d));
        else
            add(c->finding, n, &len, "%s none meets the RPO.",
                c->last_rto_met >= 0 ? "; but" : ", and");
    } else if (c->n_meet_both == c->last_meet_both - c->first_meet_both + 1) {
        if (c->first_meet_both == c->last_meet_both)
            add(c->finding, n, &len, "Only %s meets both RTO and RPO at the required %.4g%%.",
                wait_words(c->points[c->first_meet_both].wait_s, a, sizeof a),
                100.0 * confidence);
        else
            add(c->finding, n, &len,
                "Waits from %s to %s before failing over meet both RTO and RPO at the "
                "required %.4g%%.",
                units_format_duration(c->points[c->first_meet_both].wait_s, a, sizeof a),
                units_format_duration(c->points[c->last_meet_both].wait_s, b, sizeof b),
                100.0 * confidence);
    } else {
        add(c->finding, n, &len, "Waits that meet both RTO and RPO at the required %.4g%%:",
            100.0 * confidence);
        for (int i = 0, k = 0; i < c->n_points; i++)
            if (meets(&c->points[i].rto_obj) && meets(&c->points[i].rpo_obj))
                add(c->finding, n, &len, "%s %s", k++ ? "," : "",
                    units_format_duration(c->points[i].wait_s, d, sizeof d));
        add(c->finding, n, &len, ".");
    }
    if (c->best >= 0) {
        const struct decision_point *bp = &c->points[c->best];
        add(c->finding, n, &len,
            " The chance of meeting both is highest with %s: %.1f%% (RTO met in %.1f%%, RPO in "
            "%.1f%%; %.1f%% of outages fail over).",
            wait_words(bp->wait_s, a, sizeof a), 100.0 * bp->p_meet_both,
            100.0 * bp->rto_obj.p_met, 100.0 * bp->rpo_obj.p_met, 100.0 * bp->failover_share);
    }
    const struct decision_point *pp = &c->plan;
    if (pp->is_plan) {
        if (!isfinite(pp->wait_s))
            add(c->finding, n, &len,
                " The plan's wait (never: the outage's end alone) gives %.1f%% (RTO %.1f%%, "
                "RPO %.1f%%; %.1f%% fail over).",
                100.0 * pp->p_meet_both, 100.0 * pp->rto_obj.p_met, 100.0 * pp->rpo_obj.p_met,
                100.0 * pp->failover_share);
        else if (pp->is_median)
            add(c->finding, n, &len,
                " The plan's wait (a distribution with median %s) gives %.1f%% (RTO %.1f%%, "
                "RPO %.1f%%; %.1f%% fail over).",
                units_format_duration(pp->wait_s, d, sizeof d), 100.0 * pp->p_meet_both,
                100.0 * pp->rto_obj.p_met, 100.0 * pp->rpo_obj.p_met, 100.0 * pp->failover_share);
        else
            add(c->finding, n, &len,
                " The plan's wait of %s gives %.1f%% (RTO %.1f%%, RPO %.1f%%; %.1f%% fail over).",
                units_format_duration(pp->wait_s, d, sizeof d), 100.0 * pp->p_meet_both,
                100.0 * pp->rto_obj.p_met, 100.0 * pp->rpo_obj.p_met, 100.0 * pp->failover_share);
    }
}
