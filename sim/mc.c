/* sim/mc.c: the Monte Carlo driver: trials on worker threads, then the summaries. */
#include "sim/mc.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/mc_acc.h"
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

/* ---- the run's shared state ------------------------------------------------------------ */

struct run {
    const struct plan *p;
    uint64_t first;             /* the first trial index played (a slice: sim/mc_part.h) */
    uint64_t n;                 /* trials per scenario played: first .. first + n - 1 */
    uint64_t n_chunks;          /* per scenario */
    uint64_t n_units;           /* n_chunks * n_scenarios */
    atomic_uint_fast64_t next_unit;
    atomic_uint_fast64_t done;  /* trials done, all scenarios */
    atomic_int stop;            /* set to make workers stop taking units */
    atomic_int sink_failed;     /* a chunk_end of the sink asked to stop */
    const struct mc_sink *sink; /* per-trial sink, or NULL */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int n_running;              /* worker threads still running */
};

struct worker {
    struct run *run;
    struct trial_worker *tw;
    struct mc_acc *acc;         /* [n_scenarios]: what this worker's trials add up to */
    struct mc_acc_batch batch;  /* the histogram values of the unit being played */
};

static void run_unit(struct worker *wk, uint64_t u)
{
    struct run *run = wk->run;
    const struct plan *p = run->p;
    int s = (int)(u / run->n_chunks);
    uint64_t c = u % run->n_chunks;
    uint64_t lo = run->first + c * MC_CHUNK, end = run->first + run->n;
    uint64_t hi = lo + MC_CHUNK < end ? lo + MC_CHUNK : end;
    struct mc_acc *acc = &wk->acc[s];
    /* The sink costs nothing per trial without one: a test of this local. */
    void *ck = run->sink ? run->sink->chunk_begin(run->sink->user, u, s, lo, hi - lo) : NULL;

    /* The unit's trials, added and flushed: nothing waits once a unit ends. */
    mc_acc_play(acc, p, &wk->batch, wk->tw, lo, hi, run->sink, ck);
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

const char *mc_outcome_name(enum mc_outcome_kind o)
{
    return o == MC_OUTCOME_IN_PLACE ? "recovered_in_place" : "failed_over";
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

/* Summarize scenario s from its merged accumulator acc (moved into the results: acc is
 * left empty) and replay its representative trials on tw, so that reports can draw their
 * timelines without running the engine themselves. */
static enum mc_status summarize(const struct plan *p, struct trial_worker *tw, int s,
                                struct mc_acc *acc, struct mc_scenario_result *sr)
{
    if (acc->nomem || mc_acc_summarize(acc, p, sr) != 0)
        return MC_NOMEM;
    sr->acc = malloc(sizeof *sr->acc);
    if (sr->acc == NULL)
        return MC_NOMEM;
    *sr->acc = *acc;    /* the results own its storage now */
    memset(acc, 0, sizeof *acc);
    sr->typical = *trial_run(tw, s, sr->median_rto_trial, NULL);
    sr->typical.service_rto_s = NULL;
    sr->typical.service_rpo_s = NULL;
    sr->typical.service_back_s = NULL;
    if (pager_replay(tw, s, sr) != 0)
        return MC_NOMEM;
    sr->p95 = *trial_run(tw, s, sr->p95_rto_trial, NULL);
    sr->p95.service_rto_s = NULL;
    sr->p95.service_rpo_s = NULL;
    sr->p95.service_back_s = NULL;
    return MC_OK;
}

uint64_t mc_rto_trial_at(const struct mc_scenario_result *sr, uint64_t rank)
{
    return mc_acc_rep_trial(sr->acc, rank);
}

/* ---- allocation ------------------------------------------------------------------------ */

void mc_results_free(struct mc_results *r)
{
    if (r == NULL)
        return;
    for (int s = 0; s < r->n_scenarios; s++) {
        struct mc_scenario_result *sr = &r->scenarios[s];
        hist_fini(&sr->rto_dist);
        hist_fini(&sr->rpo_dist);
        hist_fini(&sr->rpo_all_dist);
        hist_fini(&sr->full_dist);
        if (sr->acc)
            mc_acc_fini(sr->acc);
        free(sr->acc);
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
        hist_init(&sr->rto_dist, NULL, 0);
        hist_init(&sr->rpo_dist, NULL, 0);
        hist_init(&sr->rpo_all_dist, NULL, 0);
        hist_init(&sr->full_dist, NULL, 0);
        sr->stores = calloc((size_t)p->n_stores + 1, sizeof *sr->stores);
        sr->steps = calloc((size_t)sr->n_steps + 1, sizeof *sr->steps);
        sr->services = calloc((size_t)p->n_services + 1, sizeof *sr->services);
        if (!sr->stores || !sr->steps || !sr->services) {
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
            for (int s = 0; wks[w].acc && s < run->p->n_scenarios; s++)
                mc_acc_fini(&wks[w].acc[s]);
            free(wks[w].acc);
            mc_acc_batch_fini(&wks[w].batch);
        }
    free(wks);
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

enum mc_status mc_run_accs(const struct plan *p, uint64_t n_trials, uint64_t first,
                           uint64_t count, uint64_t seed, int threads, mc_progress_fn progress,
                           void *progress_user, const struct mc_sink *sink,
                           struct mc_acc **accs)
{
    *accs = NULL;
    if (n_trials == 0 || n_trials > MC_MAX_TRIALS || threads < 1 || p->n_scenarios < 1 ||
        first > n_trials || count > n_trials - first)
        return MC_INVALID;
    enum mc_status status = MC_OK;
    struct run run;
    memset(&run, 0, sizeof run);
    run.p = p;
    run.first = first;
    run.n = count;
    run.n_chunks = (count + MC_CHUNK - 1) / MC_CHUNK;
    run.n_units = run.n_chunks * (uint64_t)p->n_scenarios;
    atomic_init(&run.next_unit, 0);
    atomic_init(&run.done, 0);
    atomic_init(&run.stop, 0);
    atomic_init(&run.sink_failed, 0);
    run.sink = sink;
    if ((uint64_t)threads > run.n_units)
        threads = run.n_units ? (int)run.n_units : 1;
    struct worker *wks = NULL;
    int n_workers = threads;

    wks = calloc((size_t)n_workers, sizeof *wks);
    if (!wks) {
        status = MC_NOMEM;
        goto out;
    }
    for (int w = 0; w < n_workers; w++) {
        wks[w].run = &run;
        wks[w].tw = trial_worker_new(p, seed);
        if (wks[w].tw)
            trial_worker_defer_losses(wks[w].tw);   /* nothing here reads an in-place loss */
        if (wks[w].tw && (!sink || sink->figures_only))
            trial_worker_figures_only(wks[w].tw);   /* nor, but the figures, anything else */
        wks[w].acc = calloc((size_t)p->n_scenarios, sizeof *wks[w].acc);
        if (!wks[w].tw || !wks[w].acc ||
            mc_acc_batch_init(&wks[w].batch, p, count < MC_CHUNK ? count : MC_CHUNK) != 0) {
            status = MC_NOMEM;
            goto out;
        }
        for (int s = 0; s < p->n_scenarios; s++)
            if (mc_acc_init(&wks[w].acc[s], p, s) != 0) {
                status = MC_NOMEM;
                goto out;
            }
    }

    uint64_t total = count * (uint64_t)p->n_scenarios;
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
    /* Every worker's accumulators into the first worker's (exact: the order does not
     * matter), which the caller then owns. */
    for (int sc = 0; sc < p->n_scenarios && status == MC_OK; sc++)
        for (int w = 1; w < n_workers; w++)
            if (mc_acc_merge(&wks[0].acc[sc], &wks[w].acc[sc]) != 0) {
                status = MC_NOMEM;
                break;
            }
    if (status == MC_OK) {
        *accs = wks[0].acc;
        wks[0].acc = NULL;
    }

out:
    run_fini(&run, wks, n_workers);
    return status;
}

enum mc_status mc_finish_accs(const struct plan *p, uint64_t n_trials, uint64_t seed,
                              int threads, const struct mc_acc *accs,
                              struct mc_results **out)
{
    *out = NULL;
    struct mc_results *res = results_new(p, n_trials);
    struct trial_worker *tw = trial_worker_new(p, seed);
    enum mc_status status = res && tw ? MC_OK : MC_NOMEM;
    if (res) {
        res->seed = seed;
        res->threads = threads;
    }
    for (int s = 0; s < p->n_scenarios && status == MC_OK; s++) {
        struct mc_acc acc;
        if (accs[s].n != n_trials) {
            status = MC_INVALID;
            break;
        }
        /* A copy (mc_acc_merge into an empty one is exact), moved into the results. */
        if (mc_acc_init(&acc, p, s) != 0 || mc_acc_merge(&acc, &accs[s]) != 0)
            status = MC_NOMEM;
        else
            status = summarize(p, tw, s, &acc, &res->scenarios[s]);
        mc_acc_fini(&acc);
    }
    trial_worker_free(tw);
    if (status != MC_OK) {
        mc_results_free(res);
        return status;
    }
    *out = res;
    return MC_OK;
}

/* The process's engine (sim/mc.h, mc_set_engine): set once before any run, then only
 * read. */
static const struct mc_engine *process_engine;

void mc_set_engine(const struct mc_engine *e)
{
    process_engine = e;
}

enum mc_status mc_run_sink(const struct plan *p, uint64_t n_trials, uint64_t seed,
                           int threads, mc_progress_fn progress, void *progress_user,
                           const struct mc_sink *sink, struct mc_results **out)
{
    const struct mc_engine *e = process_engine;
    if (e) {
        double t_begin = now_s();
        enum mc_status st =
            e->run(e->user, p, n_trials, seed, threads, progress, progress_user, sink, out);
        if (st == MC_OK)
            (*out)->elapsed_s = now_s() - t_begin;
        return st;
    }
    return mc_run_local(p, n_trials, seed, threads, progress, progress_user, sink, out);
}

enum mc_status mc_run_local(const struct plan *p, uint64_t n_trials, uint64_t seed,
                            int threads, mc_progress_fn progress, void *progress_user,
                            const struct mc_sink *sink, struct mc_results **out)
{
    *out = NULL;
    double t_begin = now_s();
    struct mc_acc *accs = NULL;
    enum mc_status status = mc_run_accs(p, n_trials, 0, n_trials, seed, threads, progress,
                                        progress_user, sink, &accs);
    if (status == MC_OK) {
        uint64_t units = (n_trials + MC_CHUNK - 1) / MC_CHUNK * (uint64_t)p->n_scenarios;
        status = mc_finish_accs(p, n_trials, seed,
                                (uint64_t)threads > units ? (int)units : threads, accs, out);
    }
    for (int s = 0; accs && s < p->n_scenarios; s++)
        mc_acc_fini(&accs[s]);
    free(accs);
    if (status == MC_OK)
        (*out)->elapsed_s = now_s() - t_begin;
    return status;
}
