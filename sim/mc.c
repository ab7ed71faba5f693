/* sim/mc.c: the Monte Carlo driver: trials on worker threads, then the summaries. */
#include "sim/mc.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "models/backup.h"
#include "sim/stats.h"
#include "sim/trial.h"

/* ---- chart histogram ------------------------------------------------------------------- */

double mc_hist_lower_s(int i)
{
    if (i <= 0)
        return 0.0;
    return MC_HIST_MIN_S * pow(10.0, (double)(i - 1) / MC_HIST_PER_DECADE);
}

double mc_hist_upper_s(int i)
{
    if (i >= MC_HIST_BINS - 1)
        return INFINITY;
    return MC_HIST_MIN_S * pow(10.0, (double)i / MC_HIST_PER_DECADE);
}

int mc_hist_bin(double x_s)
{
    if (!(x_s >= MC_HIST_MIN_S))
        return 0;
    if (x_s >= MC_HIST_MAX_S)
        return MC_HIST_BINS - 1;
    int i = 1 + (int)floor(log10(x_s / MC_HIST_MIN_S) * MC_HIST_PER_DECADE);
    /* Keep the bin consistent with the published edges despite rounding in log10. */
    if (i > 1 && x_s < mc_hist_lower_s(i))
        i--;
    else if (i < MC_HIST_BINS - 2 && x_s >= mc_hist_upper_s(i))
        i++;
    return i;
}

const char *mc_strerror(enum mc_status s)
{
    switch (s) {
    case MC_OK: return "success";
    case MC_INVALID: return "invalid arguments (trials must be 1..4294967295, threads >= 1, "
                            "and the plan must have a scenario)";
    case MC_NOMEM: return "out of memory";
    case MC_THREAD: return "could not create a thread";
    case MC_CANCELLED: return "cancelled";
    }
    return "unknown status";
}

const char *mc_verdict_name(enum mc_verdict v)
{
    switch (v) {
    case MC_VERDICT_MEETS: return "meets";
    case MC_VERDICT_AT_RISK: return "at risk";
    case MC_VERDICT_BREACH: return "breach";
    case MC_VERDICT_NONE: break;
    }
    return "n/a";
}

/* ---- big arrays ------------------------------------------------------------------------ */

#define HUGE_PAGE ((size_t)2 << 20)

/* Per-trial arrays are large (8 MB per million trials) and touched once, so the cost of
 * faulting their pages in is a visible part of a run; on Linux, transparent huge pages
 * (when set to "madvise") cut it. Elsewhere this is plain malloc. Free with free(). */
static void *big_alloc(size_t bytes)
{
#ifdef MADV_HUGEPAGE
    if (bytes >= 2 * HUGE_PAGE) {
        void *p = NULL;
        if (posix_memalign(&p, HUGE_PAGE, bytes) != 0)
            return NULL;
        (void)madvise(p, bytes / HUGE_PAGE * HUGE_PAGE, MADV_HUGEPAGE); /* advice only */
        return p;
    }
#endif
    return malloc(bytes ? bytes : 1);
}

/* ---- the run's shared state ------------------------------------------------------------ */

/* Totals of the per-step, per-store and per-service figures, kept per (scenario, chunk)
 * and combined in chunk order when the run is summarized, so that floating-point sums
 * come out the same for any thread count. */
struct step_totals {
    uint64_t n_ran;         /* trials in which the step started */
    uint64_t n_on_path;     /* trials in which it was on the critical path */
    double duration_s;      /* sum of its drawn work time over the n_ran trials */
    double staff_wait_s;    /* sum of its staff wait over the n_ran trials */
    double contribution_s;  /* sum of its path contribution over the n_on_path trials */
    uint64_t n_handed;      /* trials in which it was handed over at least once (shifts) */
    uint64_t handovers;     /* its hand-overs over all trials */
};

struct store_totals {
    uint64_t n_no_point;    /* trials in which it had no usable point (infinite loss) */
    uint64_t n_loses;       /* trials in which it lost data (loss > 0, infinite included) */
    double finite_loss_s;   /* sum of its finite effective losses */
};

struct service_totals {
    uint64_t n_rto_met;     /* trials with the service's RTO within its target */
    uint64_t n_rpo_met;     /* trials with its RPO within its target */
    double finite_rto_s;    /* sum of its finite RTOs */
    double finite_rpo_s;    /* sum of its finite RPOs */
    uint64_t n_back;        /* trials in which it was restored (a finite moment) */
};

struct decision_totals {
    uint64_t n_on_path;     /* trials whose critical path waited for the go */
    double wait_s;          /* sum of those waits */
};

struct damage_totals {
    uint64_t n_no_clean;    /* trials in which a damaged store with data had no clean point */
    double finite_damaged_s; /* sum of the finite damaged windows */
};

struct failback_totals {
    uint64_t n;             /* failed-over trials */
    double finite_s[MC_FB_N]; /* sums of the finite values of each figure */
    double p_second_loss;   /* sum of 1 - exp(-per_year * window / year) */
};

/* One scenario's totals: chunk c's are steps[c * n_steps ...], stores[c * n_stores ...],
 * services[c * n_services ...], failback[c], damage[c] and (logical damage)
 * clean_rule_n[c * n_rules ...]. Once combined, a struct of one chunk's size. */
struct scenario_totals {
    int n_steps, n_stores, n_services;
    int n_rules;            /* rules over all stores when the scenario is logical damage, else 0 */
    struct step_totals *steps;
    struct store_totals *stores;
    struct service_totals *services;
    struct failback_totals *failback;
    struct decision_totals *decision;
    struct damage_totals *damage;
    uint64_t *clean_rule_n; /* [n_rules] per chunk: trials in which the rule (global index,
                               store by store) supplied a damaged store's clean point */
};

#define YEAR_S (365.25 * 86400.0) /* a Julian year: per_year rates are per such year */

struct run {
    const struct plan *p;
    uint64_t n;                 /* trials per scenario */
    uint64_t n_chunks;          /* per scenario */
    uint64_t n_units;           /* n_chunks * n_scenarios */
    atomic_uint_fast64_t next_unit;
    atomic_uint_fast64_t done;  /* trials done, all scenarios */
    atomic_int stop;            /* set to make workers stop taking units */
    atomic_int sink_failed;     /* a chunk_end of the sink asked to stop */
    const struct mc_sink *sink; /* per-trial sink, or NULL */
    struct mc_results *res;
    struct scenario_totals *tot; /* [n_scenarios], each n_chunks chunks long */
    size_t n_fh;                /* fine histograms per worker: per scenario, stores + 2 services +
                                   MC_FB_N + the damaged window */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int n_running;              /* worker threads still running */
};

struct worker {
    struct run *run;
    struct trial_worker *tw;
    struct stats_fhist *fh;     /* [n_fh] */
    int rule_first[PLAN_MAX_STORES]; /* global index of store s's first rule */
};

/* Fine histograms per scenario: each store, each service's RTO and RPO, the MC_FB_N
 * failback figures, then the damaged window (FH_DAMAGED). */
static size_t fh_index(const struct plan *p, int s, int k)
{
    return (size_t)s * (size_t)(p->n_stores + 2 * p->n_services + MC_FB_N + 1) + (size_t)k;
}

/* The damaged window's fine histogram within scenario s's (fh_index(p, s, FH_DAMAGED(p))). */
#define FH_DAMAGED(p) ((p)->n_stores + 2 * (p)->n_services + MC_FB_N)

static void run_unit(struct worker *wk, uint64_t u)
{
    struct run *run = wk->run;
    const struct plan *p = run->p;
    int s = (int)(u / run->n_chunks);
    uint64_t c = u % run->n_chunks;
    uint64_t lo = c * MC_CHUNK, hi = lo + MC_CHUNK < run->n ? lo + MC_CHUNK : run->n;
    const struct scenario *sc = &p->scenarios[s];
    struct mc_scenario_result *sr = &run->res->scenarios[s];
    const struct scenario_totals *T = &run->tot[s];
    struct step_totals *steps = T->steps + c * (uint64_t)T->n_steps;
    struct store_totals *stores = T->stores + c * (uint64_t)T->n_stores;
    struct service_totals *services = T->services + c * (uint64_t)T->n_services;
    struct stats_fhist *fh = wk->fh + fh_index(p, s, 0);
    /* The sink costs nothing per trial without one: a test of this local. */
    void *ck = run->sink ? run->sink->chunk_begin(run->sink->user, u, s, lo, hi - lo) : NULL;

    for (uint64_t k = lo; k < hi; k++) {
        const struct trial_result *r = trial_run(wk->tw, s, k, NULL);
        if (ck)
            run->sink->trial(ck, r);
        sr->rto_s[k] = r->rto_s;
        sr->rpo_s[k] = r->rpo_s;
        sr->rpo_all_s[k] = r->rpo_all_s;
        sr->full_s[k] = r->full_s;
        sr->start_abs_s[k] = r->start_abs_s;
        sr->outage_s[k] = r->outage_s;
        unsigned char f = 0;
        if (r->in_place)
            f |= MC_FLAG_IN_PLACE;
        if (r->abandoned)
            f |= MC_FLAG_ABANDONED;
        if (r->rpo_no_point)
            f |= MC_FLAG_NO_POINT;
        if (sc->has_policy && (r->rto_s > sc->rto_target_s || r->rpo_s > sc->rpo_target_s))
            f |= MC_FLAG_BREACH;
        sr->flags[k] = f;
        if (r->path_go_wait_s > 0) {
            T->decision[c].n_on_path++;
            T->decision[c].wait_s += r->path_go_wait_s;
        }
        for (int i = 0; i < T->n_steps; i++) {
            const struct trial_step *ts = &r->steps[i];
            if (isnan(ts->start_s))
                continue;   /* never started (a cancelled step may have) */
            steps[i].n_ran++;
            steps[i].duration_s += ts->duration_s;
            steps[i].staff_wait_s += ts->staff_wait_s;
            steps[i].n_handed += ts->n_handovers > 0;
            steps[i].handovers += (uint64_t)ts->n_handovers;
            if (ts->on_path) {
                steps[i].n_on_path++;
                steps[i].contribution_s += ts->contribution_s;
            }
        }
        for (int st = 0; st < T->n_stores; st++) {
            double l = r->store_loss_s[st];
            stats_fhist_add(&fh[st], l);
            stores[st].n_loses += l > 0.0;
            if (isinf(l))
                stores[st].n_no_point++;
            else
                stores[st].finite_loss_s += l;
        }
        for (int v = 0; v < T->n_services; v++) {
            const struct service *svc = &p->services[v];
            double rto = r->service_rto_s[v], rpo = r->service_rpo_s[v];
            stats_fhist_add(&fh[T->n_stores + 2 * v], rto);
            stats_fhist_add(&fh[T->n_stores + 2 * v + 1], rpo);
            services[v].n_rto_met += rto <= (svc->rto_target_s ? svc->rto_target_s[s] : svc->rto_s);
            services[v].n_rpo_met += rpo <= (svc->rpo_target_s ? svc->rpo_target_s[s] : svc->rpo_s);
            services[v].n_back += isfinite(r->service_back_s[v]);
            if (!isinf(rto))
                services[v].finite_rto_s += rto;
            if (!isinf(rpo))
                services[v].finite_rpo_s += rpo;
        }
        if (!r->in_place && (sc->failback.present || sc->exposure_step >= 0)) {
            struct failback_totals *fb = &T->failback[c];
            const double v[MC_FB_N] = {r->failback_downtime_s, r->failback_at_risk_s,
                                       r->failback_end_s, r->exposure_s};
            struct stats_fhist *h = fh + T->n_stores + 2 * T->n_services;
            fb->n++;
            for (int j = 0; j < MC_FB_N; j++) {
                if (isnan(v[j]))
                    continue;   /* not modelled (no failback: only the exposure is) */
                stats_fhist_add(&h[j], v[j]);
                if (isfinite(v[j]))
                    fb->finite_s[j] += v[j];
            }
            fb->p_second_loss += isfinite(r->exposure_s)
                                     ? -expm1(-sc->per_year * r->exposure_s / YEAR_S)
                                     : 1.0;
        }
        if (sc->damage.present) {
            struct damage_totals *dt = &T->damage[c];
            uint64_t *rules = T->clean_rule_n + c * (uint64_t)T->n_rules;
            stats_fhist_add(&fh[FH_DAMAGED(p)], r->damaged_s);
            if (isfinite(r->damaged_s))
                dt->finite_damaged_s += r->damaged_s;
            dt->n_no_clean += r->no_clean != 0;
            for (int st = 0; st < T->n_stores; st++)
                if (r->clean_rule[st] >= 0)
                    rules[wk->rule_first[st] + r->clean_rule[st]]++;
        }
    }
    if (ck && run->sink->chunk_end(run->sink->user, ck) != 0) {
        atomic_store(&run->sink_failed, 1);
        atomic_store(&run->stop, 1);
    }
    atomic_fetch_add(&run->done, hi - lo);
}

/* Take units until none is left (or the run is stopped). */
static void work(struct worker *wk)
{
    struct run *run = wk->run;
    for (;;) {
        if (atomic_load(&run->stop))
            break;
        uint64_t u = atomic_fetch_add(&run->next_unit, 1);
        if (u >= run->n_units)
            break;
        run_unit(wk, u);
    }
}

static void *thread_main(void *arg)
{
    struct worker *wk = arg;
    work(wk);
    struct run *run = wk->run;
    pthread_mutex_lock(&run->lock);
    run->n_running--;
    pthread_cond_signal(&run->cond);
    pthread_mutex_unlock(&run->lock);
    return NULL;
}

/* ---- summaries ------------------------------------------------------------------------- */

static void objective(struct mc_objective *o, double target, uint64_t n_met, uint64_t n,
                      double confidence, double value_at_conf)
{
    memset(o, 0, sizeof *o);
    if (!isfinite(target))
        return;
    o->has_target = 1;
    o->target_s = target;
    o->n_met = n_met;
    o->n = n;
    o->p_met = n ? (double)n_met / (double)n : 0.0;
    stats_wilson(n_met, n, STATS_Z95, &o->ci_lo, &o->ci_hi);
    o->confidence = confidence;
    o->value_at_confidence_s = value_at_conf;
    o->margin_s = isinf(value_at_conf) ? -INFINITY : target - value_at_conf;
    if (o->ci_lo >= confidence)
        o->verdict = MC_VERDICT_MEETS;
    else if (o->p_met >= confidence)
        o->verdict = MC_VERDICT_AT_RISK;
    else
        o->verdict = MC_VERDICT_BREACH;
}

static void percentiles_sorted(struct mc_percentiles *pc, const double *sorted, uint64_t n)
{
    pc->p50_s = stats_percentile_sorted(sorted, n, 0.50);
    pc->p90_s = stats_percentile_sorted(sorted, n, 0.90);
    pc->p95_s = stats_percentile_sorted(sorted, n, 0.95);
    pc->p99_s = stats_percentile_sorted(sorted, n, 0.99);
    pc->max_s = sorted[n - 1];
    uint64_t n_inf = 0, n_fin = 0;
    double sum = 0.0;
    for (uint64_t k = n; k-- > 0 && isinf(sorted[k]);)
        n_inf++;
    pc->n_infinite = n_inf;
    /* Sums run over the sorted values: the same order for any thread count. */
    for (uint64_t k = 0; k < n - n_inf; k++, n_fin++)
        sum += sorted[k];
    pc->mean_finite_s = n_fin ? sum / (double)n_fin : 0.0;
    pc->mean_s = n_inf ? INFINITY : sum / (double)n;
}

static void percentiles_fhist(struct mc_percentiles *pc, const struct stats_fhist *h,
                              double sum_finite)
{
    pc->p50_s = stats_fhist_percentile(h, 0.50);
    pc->p90_s = stats_fhist_percentile(h, 0.90);
    pc->p95_s = stats_fhist_percentile(h, 0.95);
    pc->p99_s = stats_fhist_percentile(h, 0.99);
    pc->max_s = h->max;
    pc->n_infinite = stats_fhist_n_infinite(h);
    uint64_t n_fin = h->n - pc->n_infinite;
    pc->mean_finite_s = n_fin ? sum_finite / (double)n_fin : 0.0;
    pc->mean_s = pc->n_infinite ? INFINITY : (h->n ? sum_finite / (double)h->n : 0.0);
}

/* Chart histogram of sorted values: one walk with a moving bin, no logarithms. */
static void hist_sorted(struct mc_hist *h, const double *sorted, uint64_t n,
                        const double *upper)
{
    memset(h, 0, sizeof *h);
    int b = 0;
    for (uint64_t k = 0; k < n; k++) {
        while (b < MC_HIST_BINS - 1 && !(sorted[k] < upper[b]))
            b++;
        h->counts[b]++;
    }
}

static void totals_free(struct scenario_totals *t)
{
    free(t->steps);
    free(t->stores);
    free(t->services);
    free(t->failback);
    free(t->decision);
    free(t->damage);
    free(t->clean_rule_n);
}

/* Room for n_chunks chunks of scenario s's totals, zeroed; non-zero when out of memory
 * (what was allocated is then in t, for totals_free). */
static int totals_alloc(struct scenario_totals *t, const struct plan *p, int s,
                        uint64_t n_chunks)
{
    t->n_steps = p->scenarios[s].n_steps;
    t->n_stores = p->n_stores;
    t->n_services = p->n_services;
    t->steps = calloc(n_chunks * (uint64_t)t->n_steps + 1, sizeof *t->steps);
    t->stores = calloc(n_chunks * (uint64_t)t->n_stores + 1, sizeof *t->stores);
    t->services = calloc(n_chunks * (uint64_t)t->n_services + 1, sizeof *t->services);
    t->failback = calloc(n_chunks, sizeof *t->failback);
    t->decision = calloc(n_chunks, sizeof *t->decision);
    t->damage = calloc(n_chunks, sizeof *t->damage);
    t->n_rules = 0;
    for (int k = 0; p->scenarios[s].damage.present && k < p->n_stores; k++)
        t->n_rules += (int)p->stores[k].n_rules;
    t->clean_rule_n = calloc(n_chunks * (uint64_t)t->n_rules + 1, sizeof *t->clean_rule_n);
    return !t->steps || !t->stores || !t->services || !t->failback || !t->decision ||
           !t->damage || !t->clean_rule_n;
}

/* Scenario s's totals over all chunks, added in chunk order, into out (one chunk's size;
 * release with totals_free). Non-zero when out of memory. */
static int combine(const struct run *run, int s, struct scenario_totals *out)
{
    const struct scenario_totals *T = &run->tot[s];
    if (totals_alloc(out, run->p, s, 1) != 0) {
        totals_free(out);
        return 1;
    }
    for (uint64_t c = 0; c < run->n_chunks; c++) {
        for (int i = 0; i < T->n_steps; i++) {
            const struct step_totals *a = &T->steps[c * (uint64_t)T->n_steps + (uint64_t)i];
            struct step_totals *t = &out->steps[i];
            t->n_ran += a->n_ran;
            t->n_on_path += a->n_on_path;
            t->duration_s += a->duration_s;
            t->staff_wait_s += a->staff_wait_s;
            t->contribution_s += a->contribution_s;
            t->n_handed += a->n_handed;
            t->handovers += a->handovers;
        }
        for (int i = 0; i < T->n_stores; i++) {
            const struct store_totals *a = &T->stores[c * (uint64_t)T->n_stores + (uint64_t)i];
            out->stores[i].n_no_point += a->n_no_point;
            out->stores[i].n_loses += a->n_loses;
            out->stores[i].finite_loss_s += a->finite_loss_s;
        }
        for (int v = 0; v < T->n_services; v++) {
            const struct service_totals *a =
                &T->services[c * (uint64_t)T->n_services + (uint64_t)v];
            struct service_totals *t = &out->services[v];
            t->n_rto_met += a->n_rto_met;
            t->n_rpo_met += a->n_rpo_met;
            t->finite_rto_s += a->finite_rto_s;
            t->finite_rpo_s += a->finite_rpo_s;
            t->n_back += a->n_back;
        }
        out->decision->n_on_path += T->decision[c].n_on_path;
        out->decision->wait_s += T->decision[c].wait_s;
        const struct failback_totals *a = &T->failback[c];
        out->failback->n += a->n;
        for (int j = 0; j < MC_FB_N; j++)
            out->failback->finite_s[j] += a->finite_s[j];
        out->failback->p_second_loss += a->p_second_loss;
        out->damage->n_no_clean += T->damage[c].n_no_clean;
        out->damage->finite_damaged_s += T->damage[c].finite_damaged_s;
        for (int k = 0; k < T->n_rules; k++)
            out->clean_rule_n[k] += T->clean_rule_n[c * (uint64_t)T->n_rules + (uint64_t)k];
    }
    return 0;
}

/* The failback figures of scenario s from the merged histograms and combined totals. */
static void failback_summary(struct mc_failback *fb, const struct scenario *sc,
                             const struct scenario_totals *tot, struct stats_fhist *fh,
                             const struct worker *wks, int n_workers, const struct plan *p,
                             int s)
{
    struct mc_percentiles *pc[MC_FB_N] = {&fb->downtime, &fb->at_risk, &fb->outside,
                                          &fb->exposure};
    memset(fb, 0, sizeof *fb);
    fb->has_failback = sc->failback.present;
    fb->has_exposure = sc->failback.present || sc->exposure_step >= 0;
    if (!fb->has_exposure)
        return;
    fb->n = tot->failback->n;
    fb->p_second_loss = fb->n ? tot->failback->p_second_loss / (double)fb->n : 0.0;
    for (int j = 0; j < MC_FB_N; j++) {
        stats_fhist_init(fh);
        for (int w = 0; w < n_workers; w++)
            stats_fhist_merge(fh, &wks[w].fh[fh_index(p, s, tot->n_stores + 2 * tot->n_services + j)]);
        if (fh->n > 0)
            percentiles_fhist(pc[j], fh, tot->failback->finite_s[j]);
    }
}

const char *mc_outcome_name(enum mc_outcome_kind o)
{
    return o == MC_OUTCOME_IN_PLACE ? "recovered_in_place" : "failed_over";
}

/* x sorts before y in stats_sort's order (-0 before +0; no NaN here). */
static int sorts_before(double x, double y)
{
    return x < y || (x == y && signbit(x) && !signbit(y));
}

/* Sort the RTO (which 0) or RPO (which 1) values of scenario result sr into its sorted
 * array, by way of the two outcomes: each outcome's values are gathered (in trial order)
 * and sorted on their own, then the two sorted runs are merged, so the whole costs about
 * what one sort of all values did. The figures of each outcome come from its run. in and
 * sorted are scratch of n_trials doubles each. */
static void sort_by_outcome(struct mc_scenario_result *sr, const struct scenario *sc,
                            double confidence, int which, double *in, double *sorted,
                            uint64_t *work)
{
    const uint64_t n = sr->n_trials;
    const double *v = which == 0 ? sr->rto_s : sr->rpo_s;
    double *out = which == 0 ? sr->rto_sorted_s : sr->rpo_sorted_s;
    uint64_t m = 0;
    for (uint64_t k = 0; k < n; k++)
        m += (sr->flags[k] & MC_FLAG_IN_PLACE) != 0;
    for (uint64_t k = 0, a = 0, b = m; k < n; k++) {
        if (sr->flags[k] & MC_FLAG_IN_PLACE)
            in[a++] = v[k];
        else
            in[b++] = v[k];
    }
    if (m > 0)
        stats_sort_into(in, sorted, m, work);
    if (n > m)
        stats_sort_into(in + m, sorted + m, n - m, work);
    for (uint64_t i = 0, a = 0, b = m; i < n; i++)
        out[i] = b == n || (a < m && !sorts_before(sorted[b], sorted[a])) ? sorted[a++]
                                                                          : sorted[b++];
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        struct mc_outcome *oc = &sr->outcomes[o];
        const double *seg = o == MC_OUTCOME_IN_PLACE ? sorted : sorted + m;
        uint64_t len = o == MC_OUTCOME_IN_PLACE ? m : n - m;
        oc->n = len;
        oc->share = (double)len / (double)n;
        if (len == 0)
            continue;
        double target = which == 0 ? sc->rto_target_s : sc->rpo_target_s;
        uint64_t met = 0;
        for (uint64_t k = 0; k < len; k++)
            met += seg[k] <= target;
        percentiles_sorted(which == 0 ? &oc->rto : &oc->rpo, seg, len);
        if (sc->has_policy)
            objective(which == 0 ? &oc->rto_obj : &oc->rpo_obj, target, met, len, confidence,
                      stats_percentile_sorted(seg, len, confidence));
    }
}

/* The pager's side of a replayed trial, collected from its trace. */
struct pager_log {
    struct trial_event *ev;
    int n, cap, nomem;
};

static void log_pager(void *user, const struct trial_event *ev)
{
    struct pager_log *lg = user;
    switch (ev->kind) {
    case TRIAL_EV_PAGE:
    case TRIAL_EV_NOTIFY:
    case TRIAL_EV_PERSON_AVAILABLE:
    case TRIAL_EV_ESCALATION:
    case TRIAL_EV_ESCALATION_LEVEL:
    case TRIAL_EV_HANDOVER:
        break;
    default:
        return;
    }
    if (lg->n == lg->cap) {
        int cap = lg->cap ? 2 * lg->cap : 64;
        struct trial_event *e = lg->nomem ? NULL : realloc(lg->ev, (size_t)cap * sizeof *e);
        if (e == NULL) {
            lg->nomem = 1;
            return;
        }
        lg->ev = e;
        lg->cap = cap;
    }
    lg->ev[lg->n++] = *ev;
}

/* Replay the typical trial of scenario s once more, traced, and keep its pager events for
 * the timeline chart (the untraced replay gave the figures; a trace never changes them).
 * Returns non-zero when out of memory. */
static int pager_replay(struct trial_worker *tw, int s, struct mc_scenario_result *sr)
{
    struct pager_log lg = {0};
    struct trial_trace tr = {.fn = log_pager, .user = &lg};
    trial_run(tw, s, sr->median_rto_trial, &tr);
    if (lg.nomem) {
        free(lg.ev);
        return 1;
    }
    sr->typical_pager = lg.ev;
    sr->n_typical_pager = lg.n;
    return 0;
}

static enum mc_status summarize(struct run *run, struct worker *wks, int n_workers)
{
    const struct plan *p = run->p;
    uint64_t n = run->n;
    double upper[MC_HIST_BINS];
    for (int b = 0; b < MC_HIST_BINS; b++)
        upper[b] = mc_hist_upper_s(b);
    struct stats_fhist *fh = malloc(sizeof *fh);
    uint64_t *work = big_alloc(STATS_SORT_WORK(n) * sizeof *work);
    double *tmp = big_alloc(2 * n * sizeof *tmp); /* an outcome's values, then sorted */
    if (fh == NULL || work == NULL || tmp == NULL) {
        free(fh);
        free(work);
        free(tmp);
        return MC_NOMEM;
    }
    int nomem = 0;
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        struct mc_scenario_result *sr = &run->res->scenarios[s];

        memset(sr->outcomes, 0, sizeof sr->outcomes);
        sort_by_outcome(sr, sc, p->confidence, 0, tmp, tmp + n, work);
        sort_by_outcome(sr, sc, p->confidence, 1, tmp, tmp + n, work);
        stats_sort_into(sr->full_s, sr->full_sorted_s, n, work);
        percentiles_sorted(&sr->rto, sr->rto_sorted_s, n);
        percentiles_sorted(&sr->rpo, sr->rpo_sorted_s, n);
        percentiles_sorted(&sr->full, sr->full_sorted_s, n);
        stats_sort_into(sr->rpo_all_s, sr->rpo_all_sorted_s, n, work);
        percentiles_sorted(&sr->rpo_all, sr->rpo_all_sorted_s, n);

        uint64_t rto_met = 0, rpo_met = 0, rpo_all_met = 0;
        sr->n_in_place = sr->n_abandoned = sr->n_rpo_no_point = sr->n_breach = 0;
        for (uint64_t k = 0; k < n; k++) {
            rto_met += sr->rto_s[k] <= sc->rto_target_s;
            rpo_met += sr->rpo_s[k] <= sc->rpo_target_s;
            rpo_all_met += sr->rpo_all_s[k] <= sc->rpo_target_s;
            sr->n_in_place += (sr->flags[k] & MC_FLAG_IN_PLACE) != 0;
            sr->n_abandoned += (sr->flags[k] & MC_FLAG_ABANDONED) != 0;
            sr->n_rpo_no_point += (sr->flags[k] & MC_FLAG_NO_POINT) != 0;
            sr->n_breach += (sr->flags[k] & MC_FLAG_BREACH) != 0;
        }
        hist_sorted(&sr->rto_hist, sr->rto_sorted_s, n, upper);
        hist_sorted(&sr->rpo_hist, sr->rpo_sorted_s, n, upper);
        if (sc->has_policy) {
            objective(&sr->rto_obj, sc->rto_target_s, rto_met, n, p->confidence,
                      stats_percentile_sorted(sr->rto_sorted_s, n, p->confidence));
            objective(&sr->rpo_obj, sc->rpo_target_s, rpo_met, n, p->confidence,
                      stats_percentile_sorted(sr->rpo_sorted_s, n, p->confidence));
            objective(&sr->rpo_all_obj, sc->rpo_target_s, rpo_all_met, n, p->confidence,
                      stats_percentile_sorted(sr->rpo_all_sorted_s, n, p->confidence));
        } else {
            memset(&sr->rto_obj, 0, sizeof sr->rto_obj);
            memset(&sr->rpo_obj, 0, sizeof sr->rpo_obj);
            memset(&sr->rpo_all_obj, 0, sizeof sr->rpo_all_obj);
        }
        sr->downtime_per_year_s = sc->per_year > 0.0 ? sc->per_year * sr->rto.mean_s : 0.0;
        sr->data_loss_per_year_s = sc->per_year * sr->rpo.mean_finite_s;
        sr->unrecoverable_share = (double)sr->rpo.n_infinite / (double)n;
        sr->unrecoverable_per_year = sc->per_year * sr->unrecoverable_share;
        sr->p_breach_year = sc->has_policy
                                ? 1.0 - exp(-sc->per_year * (double)sr->n_breach / (double)n)
                                : 0.0;
        double med = sr->rto_sorted_s[(n - 1) / 2];
        sr->median_rto_trial = 0;
        for (uint64_t k = 0; k < n; k++)
            if (sr->rto_s[k] == med) {
                sr->median_rto_trial = k;
                break;
            }
        /* The engine replays the representative trial so that reports can draw its
         * timeline without running the engine themselves. */
        sr->typical = *trial_run(wks[0].tw, s, sr->median_rto_trial, NULL);
        sr->typical.service_rto_s = NULL;
        sr->typical.service_rpo_s = NULL;
        sr->typical.service_back_s = NULL;
        nomem |= pager_replay(wks[0].tw, s, sr) != 0;
        uint64_t k95 = (uint64_t)ceil(0.95 * (double)n);
        double v95 = sr->rto_sorted_s[k95 > 0 ? k95 - 1 : 0];
        sr->p95_rto_trial = 0;
        for (uint64_t k = 0; k < n; k++)
            if (sr->rto_s[k] == v95) {
                sr->p95_rto_trial = k;
                break;
            }
        sr->p95 = *trial_run(wks[0].tw, s, sr->p95_rto_trial, NULL);
        sr->p95.service_rto_s = NULL;
        sr->p95.service_rpo_s = NULL;
        sr->p95.service_back_s = NULL;

        struct scenario_totals tot;
        if (combine(run, s, &tot) != 0) {
            free(fh);
            free(work);
            free(tmp);
            return MC_NOMEM;
        }
        for (int i = 0; i < tot.n_steps; i++) {
            const struct step_totals *t = &tot.steps[i];
            struct mc_step_result *st = &sr->steps[i];
            st->n_ran = t->n_ran;
            st->n_on_path = t->n_on_path;
            st->mean_duration_s = t->n_ran ? t->duration_s / (double)t->n_ran : 0.0;
            st->mean_staff_wait_s = t->n_ran ? t->staff_wait_s / (double)t->n_ran : 0.0;
            st->mean_contribution_s = t->n_on_path ? t->contribution_s / (double)t->n_on_path
                                                   : 0.0;
            st->path_share = (double)t->n_on_path / (double)n;
            st->n_handed_over = t->n_handed;
            st->mean_handovers = t->n_ran ? (double)t->handovers / (double)t->n_ran : 0.0;
        }
        failback_summary(&sr->failback, sc, &tot, fh, wks, n_workers, p, s);
        memset(&sr->damaged, 0, sizeof sr->damaged);
        sr->n_no_clean = tot.damage->n_no_clean;
        sr->no_clean_share = (double)sr->n_no_clean / (double)n;
        if (sc->damage.present) {
            stats_fhist_init(fh);
            for (int w = 0; w < n_workers; w++)
                stats_fhist_merge(fh, &wks[w].fh[fh_index(p, s, FH_DAMAGED(p))]);
            percentiles_fhist(&sr->damaged, fh, tot.damage->finite_damaged_s);
        }
        sr->n_go_wait_on_path = tot.decision->n_on_path;
        sr->mean_go_wait_s = tot.decision->n_on_path
                                 ? tot.decision->wait_s / (double)tot.decision->n_on_path
                                 : 0.0;
        for (int k = 0; k < tot.n_stores + 2 * tot.n_services; k++) {
            stats_fhist_init(fh);
            for (int w = 0; w < n_workers; w++)
                stats_fhist_merge(fh, &wks[w].fh[fh_index(p, s, k)]);
            if (k < tot.n_stores) {
                struct mc_store_result *so = &sr->stores[k];
                percentiles_fhist(&so->rpo, fh, tot.stores[k].finite_loss_s);
                /* Loss is infinite only where failover happened without a usable point. */
                so->n_no_point = tot.stores[k].n_no_point;
                so->n_loses = tot.stores[k].n_loses;
                so->loss_share = (double)so->n_loses / (double)n;
                so->damaged = plan_store_damaged(sc, k);
                so->needs_restore = backup_store_needs_restore(&p->stores[k], sc->scope) ||
                                    so->damaged;
                if (so->damaged) {
                    size_t nr = p->stores[k].n_rules;
                    so->clean_rule_n = calloc(nr ? nr : 1, sizeof *so->clean_rule_n);
                    if (so->clean_rule_n == NULL) {
                        totals_free(&tot);
                        free(fh);
                        free(work);
                        free(tmp);
                        return MC_NOMEM;
                    }
                    for (size_t j = 0; j < nr; j++)
                        so->clean_rule_n[j] = tot.clean_rule_n[wks[0].rule_first[k] + (int)j];
                }
            } else {
                int v = (k - tot.n_stores) / 2, is_rpo = (k - tot.n_stores) % 2;
                const struct service *svc = &p->services[v];
                const struct service_totals *t = &tot.services[v];
                struct mc_service_result *so = &sr->services[v];
                const double *targets = is_rpo ? svc->rpo_target_s : svc->rto_target_s;
                double target = targets ? targets[s] : is_rpo ? svc->rpo_s : svc->rto_s;
                so->n_back = t->n_back;
                so->back_share = (double)t->n_back / (double)n;
                percentiles_fhist(is_rpo ? &so->rpo : &so->rto, fh,
                                  is_rpo ? t->finite_rpo_s : t->finite_rto_s);
                objective(is_rpo ? &so->rpo_obj : &so->rto_obj, target,
                          is_rpo ? t->n_rpo_met : t->n_rto_met, n, p->confidence,
                          stats_fhist_percentile(fh, p->confidence));
            }
        }
        totals_free(&tot);
    }
    free(fh);
    free(work);
    free(tmp);
    return nomem ? MC_NOMEM : MC_OK;
}

/* ---- allocation ------------------------------------------------------------------------ */

void mc_results_free(struct mc_results *r)
{
    if (r == NULL)
        return;
    for (int s = 0; s < r->n_scenarios; s++) {
        struct mc_scenario_result *sr = &r->scenarios[s];
        free(sr->rto_s);
        free(sr->rpo_s);
        free(sr->rpo_all_s);
        free(sr->rpo_all_sorted_s);
        free(sr->full_s);
        free(sr->start_abs_s);
        free(sr->outage_s);
        free(sr->flags);
        free(sr->rto_sorted_s);
        free(sr->rpo_sorted_s);
        free(sr->full_sorted_s);
        for (int k = 0; sr->stores && k < sr->n_stores; k++)
            free(sr->stores[k].clean_rule_n);
        free(sr->stores);
        free(sr->steps);
        free(sr->services);
        free(sr->typical_pager);
    }
    free(r->scenarios);
    free(r);
}

static struct mc_results *results_new(const struct plan *p, uint64_t n)
{
    struct mc_results *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->plan = p;
    r->n_trials = n;
    r->scenarios = calloc((size_t)p->n_scenarios, sizeof *r->scenarios);
    if (r->scenarios == NULL) {
        free(r);
        return NULL;
    }
    r->n_scenarios = p->n_scenarios;
    for (int s = 0; s < p->n_scenarios; s++) {
        struct mc_scenario_result *sr = &r->scenarios[s];
        sr->scenario = s;
        sr->n_trials = n;
        sr->n_stores = p->n_stores;
        sr->n_steps = p->scenarios[s].n_steps;
        sr->n_services = p->n_services;
        sr->rto_s = big_alloc(n * sizeof(double));
        sr->rpo_s = big_alloc(n * sizeof(double));
        sr->rpo_all_s = big_alloc(n * sizeof(double));
        sr->rpo_all_sorted_s = big_alloc(n * sizeof(double));
        sr->full_s = big_alloc(n * sizeof(double));
        sr->start_abs_s = big_alloc(n * sizeof(double));
        sr->outage_s = big_alloc(n * sizeof(double));
        sr->flags = big_alloc(n);
        sr->rto_sorted_s = big_alloc(n * sizeof(double));
        sr->rpo_sorted_s = big_alloc(n * sizeof(double));
        sr->full_sorted_s = big_alloc(n * sizeof(double));
        sr->stores = calloc((size_t)p->n_stores + 1, sizeof *sr->stores);
        sr->steps = calloc((size_t)sr->n_steps + 1, sizeof *sr->steps);
        sr->services = calloc((size_t)p->n_services + 1, sizeof *sr->services);
        if (!sr->rto_s || !sr->rpo_s || !sr->rpo_all_s || !sr->rpo_all_sorted_s || !sr->full_s || !sr->start_abs_s || !sr->outage_s ||
            !sr->flags || !sr->rto_sorted_s || !sr->rpo_sorted_s || !sr->full_sorted_s ||
            !sr->stores || !sr->steps || !sr->services) {
            mc_results_free(r);
            return NULL;
        }
    }
    return r;
}

static void run_fini(struct run *run, struct worker *wks, int n_workers)
{
    if (wks != NULL)
        for (int w = 0; w < n_workers; w++) {
            trial_worker_free(wks[w].tw);
            free(wks[w].fh);
        }
    free(wks);
    if (run->tot != NULL)
        for (int s = 0; s < run->p->n_scenarios; s++)
            totals_free(&run->tot[s]);
    free(run->tot);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum mc_status mc_run(const struct plan *p, uint64_t n_trials, uint64_t seed, int threads,
                      mc_progress_fn progress, void *progress_user, struct mc_results **out)
{
    return mc_run_sink(p, n_trials, seed, threads, progress, progress_user, NULL, out);
}

enum mc_status mc_run_sink(const struct plan *p, uint64_t n_trials, uint64_t seed,
                           int threads, mc_progress_fn progress, void *progress_user,
                           const struct mc_sink *sink, struct mc_results **out)
{
    *out = NULL;
    if (n_trials == 0 || n_trials > MC_MAX_TRIALS || threads < 1 || p->n_scenarios < 1)
        return MC_INVALID;
    double t_begin = now_s();
    enum mc_status status = MC_OK;
    struct run run;
    memset(&run, 0, sizeof run);
    run.p = p;
    run.n = n_trials;
    run.n_chunks = (n_trials + MC_CHUNK - 1) / MC_CHUNK;
    run.n_units = run.n_chunks * (uint64_t)p->n_scenarios;
    atomic_init(&run.next_unit, 0);
    atomic_init(&run.done, 0);
    atomic_init(&run.stop, 0);
    atomic_init(&run.sink_failed, 0);
    run.sink = sink;
    run.n_fh = fh_index(p, p->n_scenarios, 0);
    if ((uint64_t)threads > run.n_units)
        threads = (int)run.n_units;
    struct worker *wks = NULL;
    int n_workers = threads;

    run.res = results_new(p, n_trials);
    run.tot = calloc((size_t)p->n_scenarios, sizeof *run.tot);
    wks = calloc((size_t)n_workers, sizeof *wks);
    if (!run.res || !run.tot || !wks) {
        status = MC_NOMEM;
        goto out;
    }
    run.res->seed = seed;
    run.res->threads = threads;
    for (int s = 0; s < p->n_scenarios; s++)
        if (totals_alloc(&run.tot[s], p, s, run.n_chunks) != 0) {
            status = MC_NOMEM;
            goto out;
        }
    for (int w = 0; w < n_workers; w++) {
        wks[w].run = &run;
        for (int k = 0, n = 0; k < p->n_stores; k++) {
            wks[w].rule_first[k] = n;
            n += (int)p->stores[k].n_rules;
        }
        wks[w].tw = trial_worker_new(p, seed);
        wks[w].fh = malloc((run.n_fh + 1) * sizeof *wks[w].fh);
        if (!wks[w].tw || !wks[w].fh) {
            status = MC_NOMEM;
            goto out;
        }
        for (size_t k = 0; k < run.n_fh; k++)
            stats_fhist_init(&wks[w].fh[k]);
    }

    uint64_t total = n_trials * (uint64_t)p->n_scenarios;
    if (n_workers == 1) {
        /* On the calling thread, one unit at a time so progress can be reported. */
        for (uint64_t u = 0; u < run.n_units; u++) {
            run_unit(&wks[0], u);
            if (atomic_load(&run.sink_failed)) {
                status = MC_CANCELLED;
                goto out;
            }
            if (progress && progress(progress_user, atomic_load(&run.done), total)) {
                status = MC_CANCELLED;
                goto out;
            }
        }
    } else {
        pthread_t *tids = calloc((size_t)n_workers, sizeof *tids);
        if (tids == NULL) {
            status = MC_NOMEM;
            goto out;
        }
        pthread_mutex_init(&run.lock, NULL);
        pthread_cond_init(&run.cond, NULL);
        int started = 0;
        for (; started < n_workers; started++) {
            pthread_mutex_lock(&run.lock);
            run.n_running++;
            pthread_mutex_unlock(&run.lock);
            if (pthread_create(&tids[started], NULL, thread_main, &wks[started]) != 0) {
                pthread_mutex_lock(&run.lock);
                run.n_running--;
                pthread_mutex_unlock(&run.lock);
                atomic_store(&run.stop, 1);
                status = MC_THREAD;
                break;
            }
        }
        /* Report progress every 100 ms until every worker has finished. */
        pthread_mutex_lock(&run.lock);
        while (run.n_running > 0) {
            struct timespec dl;
            clock_gettime(CLOCK_REALTIME, &dl);
            dl.tv_nsec += 100000000L;
            if (dl.tv_nsec >= 1000000000L) {
                dl.tv_sec++;
                dl.tv_nsec -= 1000000000L;
            }
            int rc = pthread_cond_timedwait(&run.cond, &run.lock, &dl);
            if (rc == ETIMEDOUT && progress && status == MC_OK) {
                uint64_t d = atomic_load(&run.done);
                pthread_mutex_unlock(&run.lock);
                if (progress(progress_user, d, total)) {
                    atomic_store(&run.stop, 1);
                    status = MC_CANCELLED;
                }
                pthread_mutex_lock(&run.lock);
            }
        }
        pthread_mutex_unlock(&run.lock);
        for (int t = 0; t < started; t++)
            pthread_join(tids[t], NULL);
        free(tids);
        pthread_mutex_destroy(&run.lock);
        pthread_cond_destroy(&run.cond);
        if (status == MC_OK && atomic_load(&run.sink_failed))
            status = MC_CANCELLED;
        if (status != MC_OK)
            goto out;
        if (progress && progress(progress_user, atomic_load(&run.done), total)) {
            status = MC_CANCELLED;
            goto out;
        }
    }
    status = summarize(&run, wks, n_workers);

out:
    run_fini(&run, wks, n_workers);
    if (status != MC_OK) {
        mc_results_free(run.res);
        return status;
    }
    run.res->elapsed_s = now_s() - t_begin;
    *out = run.res;
    return MC_OK;
}
