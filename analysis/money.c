/* analysis/money.c: expected annual loss and the loss exceedance curve (see money.h):
 * pricing each simulated outage, the per-outage accumulator (an mc_sink), and the
 * compound Poisson years. */
#include "analysis/money.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sim/hist_wire.h"
#include "sim/rng.h"
#include "sim/stats.h"

const char *money_strerror(enum money_status st)
{
    switch (st) {
    case MONEY_OK: return "success";
    case MONEY_NOMEM: return "out of memory";
    case MONEY_INVALID: return "invalid arguments";
    }
    return "unknown status";
}

/* ---- one outage ------------------------------------------------------------------------- */

int money_prices_downtime(const struct service *sv)
{
    return isfinite(sv->cost_per_hour_usd) && sv->cost_per_hour_usd > 0;
}

int money_prices_data(const struct service *sv)
{
    return !isnan(sv->data_loss_cost_per_hour_usd) || !isnan(sv->data_lost_for_good_usd);
}

double money_outage_loss(const struct plan *p, const struct trial_result *r,
                         struct money_outage *out)
{
    double total = 0;
    for (int i = 0; i < p->n_services; i++) {
        const struct service *sv = &p->services[i];
        struct money_outage *o = &out[i];
        double back = r->service_back_s ? r->service_back_s[i] : 0;
        double rpo = r->service_rpo_s ? r->service_rpo_s[i] : 0;
        memset(o, 0, sizeof *o);
        /* Downtime: until the service is back, then its work recovery time; a service
         * the outage never took down (back at 0) has no work to recover. */
        if (isinf(back)) {
            o->never_back = money_prices_downtime(sv);
        } else if (back > 0 && money_prices_downtime(sv)) {
            o->downtime_usd = sv->cost_per_hour_usd * (back + sv->wrt_s) / 3600.0;
        }
        /* Data: hours of writes lost, or lost for good (no usable recovery point). */
        if (isinf(rpo)) {
            if (!isnan(sv->data_lost_for_good_usd))
                o->data_usd = sv->data_lost_for_good_usd;
            else
                o->lost_unpriced = !isnan(sv->data_loss_cost_per_hour_usd);
        } else if (rpo > 0 && !isnan(sv->data_loss_cost_per_hour_usd)) {
            o->data_usd = sv->data_loss_cost_per_hour_usd * rpo / 3600.0;
        }
        total += o->downtime_usd + o->data_usd;
    }
    return total;
}

/* ---- the accumulator ------------------------------------------------------------------- */

/* Per scenario: the per-outage losses, and per service the sums of the units' sums (a
 * histogram only for its exact, order-free sum) and the unpriced counts. */
struct acc_scenario {
    struct hist loss;         /* per-outage priced loss, dollars */
    struct hist *down;        /* [n_services] each unit's downtime dollars, one value a unit */
    struct hist *data;        /* [n_services] each unit's data dollars */
    uint64_t *never;          /* [n_services] trials never back (priced downtime) */
    uint64_t *lost;           /* [n_services] trials with data lost for good, unpriced */
};

struct money_acc {
    const struct plan *p;     /* borrowed */
    uint64_t n_trials;        /* per scenario */
    struct acc_scenario *sc;  /* [n_scenarios] */
    pthread_mutex_t mu;       /* guards sc and nomem at the end of a unit */
    int nomem;                /* an allocation failed (sticky) */
};

/* One unit being played. */
struct acc_chunk {
    struct money_acc *a;
    int scenario;
    struct hist loss;
    double *down, *data;      /* [n_services] sums over the unit's trials, in trial order */
    uint64_t *never, *lost;   /* [n_services] */
    struct money_outage *o;   /* [n_services] scratch */
};

static void acc_chunk_free(struct acc_chunk *c)
{
    if (!c)
        return;
    hist_fini(&c->loss);
    free(c->down);
    free(c->data);
    free(c->never);
    free(c->lost);
    free(c->o);
    free(c);
}

static void *acc_begin(void *user, uint64_t seq, int scenario, uint64_t first_trial,
                       uint64_t n_trials)
{
    struct money_acc *a = user;
    size_t n = (size_t)a->p->n_services + 1;
    (void)seq;
    (void)first_trial;
    (void)n_trials;
    struct acc_chunk *c = calloc(1, sizeof *c);
    if (c) {
        c->a = a;
        c->scenario = scenario;
        hist_init(&c->loss, NULL, 0);
        c->down = calloc(n, sizeof *c->down);
        c->data = calloc(n, sizeof *c->data);
        c->never = calloc(n, sizeof *c->never);
        c->lost = calloc(n, sizeof *c->lost);
        c->o = calloc(n, sizeof *c->o);
    }
    if (!c || !c->down || !c->data || !c->never || !c->lost || !c->o) {
        acc_chunk_free(c);
        pthread_mutex_lock(&a->mu);
        a->nomem = 1;
        pthread_mutex_unlock(&a->mu);
        return NULL;
    }
    return c;
}

static void acc_trial(void *chunk, const struct trial_result *r)
{
    struct acc_chunk *c = chunk;
    const struct plan *p = c->a->p;
    double loss = money_outage_loss(p, r, c->o);
    hist_add(&c->loss, loss);
    for (int i = 0; i < p->n_services; i++) {
        c->down[i] += c->o[i].downtime_usd;
        c->data[i] += c->o[i].data_usd;
        c->never[i] += (uint64_t)c->o[i].never_back;
        c->lost[i] += (uint64_t)c->o[i].lost_unpriced;
    }
}

/* Merge the unit into its scenario: histograms merge exactly and the counts are integers,
 * so the order in which units end does not matter. */
static int acc_end(void *user, void *chunk)
{
    struct money_acc *a = user;
    struct acc_chunk *c = chunk;
    struct acc_scenario *s = &a->sc[c->scenario];
    int bad = c->loss.nomem;
    pthread_mutex_lock(&a->mu);
    if (hist_merge(&s->loss, &c->loss) != 0)
        bad = 1;
    for (int i = 0; i < a->p->n_services; i++) {
        if (hist_add(&s->down[i], c->down[i]) != 0 || hist_add(&s->data[i], c->data[i]) != 0)
            bad = 1;
        s->never[i] += c->never[i];
        s->lost[i] += c->lost[i];
    }
    if (bad)
        a->nomem = 1;
    bad = a->nomem;
    pthread_mutex_unlock(&a->mu);
    acc_chunk_free(c);
    return bad;
}

struct money_acc *money_acc_new(const struct plan *p, uint64_t n_trials)
{
    if (!p || n_trials == 0 || p->n_scenarios < 1)
        return NULL;
    struct money_acc *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->p = p;
    a->n_trials = n_trials;
    pthread_mutex_init(&a->mu, NULL);
    size_t n = (size_t)p->n_services + 1;
    if (!(a->sc = calloc((size_t)p->n_scenarios, sizeof *a->sc)))
        goto fail;
    for (int s = 0; s < p->n_scenarios; s++) {
        struct acc_scenario *sc = &a->sc[s];
        hist_init(&sc->loss, NULL, 0);
        sc->down = calloc(n, sizeof *sc->down);
        sc->data = calloc(n, sizeof *sc->data);
        sc->never = calloc(n, sizeof *sc->never);
        sc->lost = calloc(n, sizeof *sc->lost);
        if (!sc->down || !sc->data || !sc->never || !sc->lost)
            goto fail;
        for (int i = 0; i < p->n_services; i++) {
            hist_init(&sc->down[i], NULL, 0);
            hist_init(&sc->data[i], NULL, 0);
        }
    }
    return a;
fail:
    money_acc_free(a);
    return NULL;
}

/* The accumulator as bytes (sim/wire.h), for a run split across processes: per scenario
 * its loss histogram, and per service the two histograms of unit sums and the two counts.
 * The units are the same however the run is cut (sim/mc_part.h, mc_slice), so the merged
 * state is the whole run's, bit for bit. */
#define MONEY_WIRE_TAG UINT64_C(0x636361796e6f6d31) /* "1moneyacc" */

static void acc_put(void *user, struct wire_out *w)
{
    const struct money_acc *a = user;
    wire_put_u64(w, MONEY_WIRE_TAG);
    wire_put_u64(w, (uint64_t)a->p->n_scenarios);
    wire_put_u64(w, (uint64_t)a->p->n_services);
    wire_put_u64(w, (uint64_t)a->nomem);
    for (int s = 0; s < a->p->n_scenarios; s++) {
        const struct acc_scenario *sc = &a->sc[s];
        hist_put(w, &sc->loss);
        for (int i = 0; i < a->p->n_services; i++) {
            hist_put(w, &sc->down[i]);
            hist_put(w, &sc->data[i]);
            wire_put_u64(w, sc->never[i]);
            wire_put_u64(w, sc->lost[i]);
        }
    }
}

/* Read one histogram and merge it into h: 0, -1 bad bytes, -2 out of memory. */
static int hist_get_merge(struct wire_in *r, struct hist *h)
{
    struct hist got;
    int rc = hist_get(r, &got);
    if (rc == 0 && hist_merge(h, &got) != 0)
        rc = h->nomem ? -2 : -1;
    hist_fini(&got);
    return rc;
}

static int acc_merge(void *user, struct wire_in *r)
{
    struct money_acc *a = user;
    if (wire_get_u64(r) != MONEY_WIRE_TAG || wire_get_u64(r) != (uint64_t)a->p->n_scenarios ||
        wire_get_u64(r) != (uint64_t)a->p->n_services)
        return -1;
    uint64_t nomem = wire_get_u64(r);
    if (r->bad || nomem > 1)
        return -1;
    int rc = 0;
    pthread_mutex_lock(&a->mu);
    a->nomem |= (int)nomem;
    for (int s = 0; s < a->p->n_scenarios && rc == 0; s++) {
        struct acc_scenario *sc = &a->sc[s];
        rc = hist_get_merge(r, &sc->loss);
        for (int i = 0; i < a->p->n_services && rc == 0; i++) {
            if ((rc = hist_get_merge(r, &sc->down[i])) == 0)
                rc = hist_get_merge(r, &sc->data[i]);
            sc->never[i] += wire_get_u64(r);
            sc->lost[i] += wire_get_u64(r);
        }
    }
    if (rc == 0 && r->bad)
        rc = -1;
    if (rc == -2)
        a->nomem = 1;
    pthread_mutex_unlock(&a->mu);
    return rc;
}

/* Empty every scenario's state (the histograms keep no target: hist_init again). */
static void acc_reset(void *user)
{
    struct money_acc *a = user;
    pthread_mutex_lock(&a->mu);
    for (int s = 0; s < a->p->n_scenarios; s++) {
        struct acc_scenario *sc = &a->sc[s];
        hist_fini(&sc->loss);
        hist_init(&sc->loss, NULL, 0);
        for (int i = 0; i < a->p->n_services; i++) {
            hist_fini(&sc->down[i]);
            hist_init(&sc->down[i], NULL, 0);
            hist_fini(&sc->data[i]);
            hist_init(&sc->data[i], NULL, 0);
            sc->never[i] = 0;
            sc->lost[i] = 0;
        }
    }
    a->nomem = 0;
    pthread_mutex_unlock(&a->mu);
}

void money_acc_sink(struct money_acc *a, struct mc_sink *sink)
{
    sink->user = a;
    sink->chunk_begin = acc_begin;
    sink->trial = acc_trial;
    sink->chunk_end = acc_end;
    sink->put = acc_put;
    sink->merge = acc_merge;
    sink->reset = acc_reset;
    sink->figures_only = 1;   /* money_outage_loss reads each service's return and RPO */
}

int money_acc_nomem(const struct money_acc *a)
{
    return a->nomem;
}

void money_acc_free(struct money_acc *a)
{
    if (!a)
        return;
    for (int s = 0; a->sc && s < a->p->n_scenarios; s++) {
        struct acc_scenario *sc = &a->sc[s];
        hist_fini(&sc->loss);
        for (int i = 0; i < a->p->n_services; i++) {
            if (sc->down)
                hist_fini(&sc->down[i]);
            if (sc->data)
                hist_fini(&sc->data[i]);
        }
        free(sc->down);
        free(sc->data);
        free(sc->never);
        free(sc->lost);
    }
    free(a->sc);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

/* ---- years ---------------------------------------------------------------------------- */

/* A source's inverse CDF: the non-empty bins of its histogram with the number of losses
 * up to and including each, and the value that stands for the bin: the middle of the bin
 * narrowed to the exact smallest and largest loss (so a constant loss is exact). */
struct sampler {
    size_t n;                 /* non-empty bins */
    uint64_t *cum;            /* [n] losses in this bin and all before it */
    double *val;              /* [n] dollars */
    uint64_t total;           /* losses in the histogram */
};

static int sampler_init(struct sampler *s, const struct hist *h)
{
    memset(s, 0, sizeof *s);
    if (!h || h->n == 0)
        return 0;
    size_t cap = 64;
    s->cum = malloc(cap * sizeof *s->cum);
    s->val = malloc(cap * sizeof *s->val);
    if (!s->cum || !s->val)
        return -1;
    uint64_t below = 0;
    for (int b = 0; b < HIST_N_BINS; b++) {
        uint64_t c = hist_bin_count(h, b);
        if (c == 0)
            continue;
        double lo, hi;
        hist_bin_bounds(b, &lo, &hi);
        if (lo < h->min_s)
            lo = h->min_s;
        if (hi > h->max_finite_s)
            hi = h->max_finite_s;
        if (s->n == cap) {
            cap *= 2;
            uint64_t *nc = realloc(s->cum, cap * sizeof *nc);
            if (!nc)
                return -1;
            s->cum = nc;
            double *nv = realloc(s->val, cap * sizeof *nv);
            if (!nv)
                return -1;
            s->val = nv;
        }
        below += c;
        s->cum[s->n] = below;
        s->val[s->n] = b == HIST_BIN_ZERO ? 0.0 : b == HIST_BIN_INF ? INFINITY : 0.5 * (lo + hi);
        s->n++;
    }
    s->total = below;
    return 0;
}

static void sampler_fini(struct sampler *s)
{
    free(s->cum);
    free(s->val);
}

/* The loss of rank floor(u n): the first bin holding more than that many losses. */
static double sampler_draw(const struct sampler *s, double u)
{
    if (s->n == 0)
        return 0.0;
    uint64_t k = (uint64_t)(u * (double)s->total);
    if (k >= s->total)
        k = s->total - 1;
    size_t lo = 0, hi = s->n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->cum[mid] > k)
            hi = mid;
        else
            lo = mid + 1;
    }
    return s->val[lo];
}

/* N ~ Poisson(lambda) by inversion of uniforms; a large rate is cut into parts of at
 * most 500 (each with its own uniform) so that e^-lambda does not underflow. */
static uint64_t poisson_draw(struct rng_stream *r, double lambda)
{
    uint64_t n = 0;
    while (lambda > 0) {
        double part = lambda > 500 ? 500 : lambda;
        lambda -= part;
        double u = rng_uniform(r), pk = exp(-part), cdf = pk;
        uint64_t k = 0;
        while (u > cdf && pk > 0) {
            k++;
            pk *= part / (double)k;
            cdf += pk;
        }
        n += k;
    }
    return n;
}

double money_poisson_tail(double lambda, uint64_t k)
{
    /* 1 - P(N <= k), the terms added from the largest down for accuracy. */
    double pk = exp(-lambda), cdf = 0;
    double *t = malloc((size_t)(k + 1) * sizeof *t);
    if (!t)
        return NAN;
    for (uint64_t j = 0; j <= k; j++) {
        t[j] = pk;
        pk *= lambda / (double)(j + 1);
    }
    for (uint64_t j = k + 1; j-- > 0;)
        cdf += t[j];
    free(t);
    return cdf >= 1 ? 0 : 1 - cdf;
}

/* Years whose loss exceeds x in the sorted year losses. */
static uint64_t count_over(const double *sorted, uint64_t n, double x)
{
    uint64_t lo = 0, hi = n;        /* first index with value > x */
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return n - lo;
}

/* The round amounts of the table (1, 2, 5 x 10^k dollars) from a tenth of the 1-in-10
 * year loss (or of the 1-in-100, or of the largest) up to the first amount no year
 * exceeds. */
static void lec_table(struct money_years *y, const double *sorted)
{
    double base = y->y10_usd > 0 ? y->y10_usd : y->y100_usd > 0 ? y->y100_usd : y->max_usd;
    y->n_lec = 0;
    if (!(base > 0))
        return;
    double d = pow(10.0, floor(log10(base / 10)));
    if (d < 1)
        d = 1;
    static const double steps[3] = {1, 2, 5};
    for (int i = 0; y->n_lec < MONEY_MAX_LEC; i++) {
        double x = steps[i % 3] * d * pow(10.0, i / 3);
        struct money_lec_point *pt = &y->lec[y->n_lec++];
        pt->amount_usd = x;
        pt->n_over = count_over(sorted, y->n_years, x);
        pt->p_over = (double)pt->n_over / (double)y->n_years;
        pt->se = sqrt(pt->p_over * (1 - pt->p_over) / (double)y->n_years);
        if (pt->n_over == 0)
            break;
    }
    /* Leading amounts every positive year exceeds say the same thing: keep the last. */
    int k = 0;
    while (k + 1 < y->n_lec && y->lec[k + 1].n_over == y->lec[k].n_over)
        k++;
    if (k > 0) {
        memmove(y->lec, y->lec + k, (size_t)(y->n_lec - k) * sizeof *y->lec);
        y->n_lec -= k;
    }
}

/* The drawn curve: points at exceedance probabilities spaced evenly on a log scale from
 * the share of years with a loss down to one year in n, each at the loss that rank
 * gives, with its exact exceedance. */
static void lec_curve(struct money_years *y, const double *sorted)
{
    uint64_t n = y->n_years, pos = count_over(sorted, n, 0);
    y->n_curve = 0;
    if (pos == 0)
        return;
    double top = (double)pos, ratio = 1.0 / top;
    double prev = -1;
    for (int j = 0; j < MONEY_CURVE_POINTS; j++) {
        double want = top * pow(ratio, (double)j / (MONEY_CURVE_POINTS - 1)); /* years over */
        uint64_t k = (uint64_t)llround(want);
        if (k < 1)
            k = 1;
        double x = sorted[n - k];           /* exceeded by fewer than k years */
        if (x == prev)
            continue;
        prev = x;
        struct money_curve_point *c = &y->curve[y->n_curve++];
        c->amount_usd = x;
        c->p_over = (double)count_over(sorted, n, x) / (double)n;
    }
}

enum money_status money_years_run(const struct money_source *src, int n, uint64_t n_years,
                                  uint64_t seed, struct money_years *out)
{
    enum money_status st = MONEY_NOMEM;
    struct sampler *sm = NULL;
    double *year = NULL;
    struct rng_stream r;

    memset(out, 0, sizeof *out);
    if (!src || n < 1 || n_years < 2 || n_years > UINT32_MAX)
        return MONEY_INVALID;
    for (int i = 0; i < n; i++)
        if (!(src[i].per_year >= 0) || !isfinite(src[i].per_year))
            return MONEY_INVALID;
    out->n_years = n_years;
    out->seed = seed;
    out->n_sources = n;
    out->src_eal_usd = calloc((size_t)n, sizeof *out->src_eal_usd);
    out->src_closed_usd = calloc((size_t)n, sizeof *out->src_closed_usd);
    out->src_mean_usd = calloc((size_t)n, sizeof *out->src_mean_usd);
    sm = calloc((size_t)n, sizeof *sm);
    year = malloc(n_years * sizeof *year);
    if (!out->src_eal_usd || !out->src_closed_usd || !out->src_mean_usd || !sm || !year)
        goto out;
    for (int i = 0; i < n; i++) {
        if (sampler_init(&sm[i], src[i].loss) != 0)
            goto out;
        double mean = src[i].loss && src[i].loss->n ? hist_mean_finite(src[i].loss) : 0;
        out->src_mean_usd[i] = mean;
        out->src_closed_usd[i] = src[i].per_year * mean;
        out->eal_closed_usd += out->src_closed_usd[i];
    }

    rng_init(&r, seed);
    double sum = 0;
    uint64_t n_any = 0;
    for (uint64_t y = 0; y < n_years; y++) {
        rng_trial(&r, (uint32_t)y);
        rng_select(&r, MONEY_RNG_ID);
        double total = 0;
        for (int i = 0; i < n; i++) {
            uint64_t k = poisson_draw(&r, src[i].per_year);
            double part = 0;
            for (uint64_t j = 0; j < k; j++)
                part += sampler_draw(&sm[i], rng_uniform(&r));
            out->src_eal_usd[i] += part;
            total += part;
        }
        year[y] = total;
        sum += total;
        n_any += total > 0;
    }
    double mean = sum / (double)n_years, ss = 0;
    for (uint64_t y = 0; y < n_years; y++)
        ss += (year[y] - mean) * (year[y] - mean);
    out->eal_usd = mean;
    out->eal_se_usd = sqrt(ss / (double)(n_years - 1) / (double)n_years);
    for (int i = 0; i < n; i++)
        out->src_eal_usd[i] /= (double)n_years;
    out->agrees = fabs(out->eal_usd - out->eal_closed_usd) <=
                  4 * out->eal_se_usd + 0.0005 * out->eal_closed_usd;
    out->p_any = (double)n_any / (double)n_years;

    if (stats_sort(year, n_years) != 0)
        goto out;
    out->y10_usd = stats_percentile_sorted(year, n_years, 0.9);
    out->y100_usd = stats_percentile_sorted(year, n_years, 0.99);
    out->max_usd = year[n_years - 1];
    lec_table(out, year);
    lec_curve(out, year);
    st = MONEY_OK;
out:
    for (int i = 0; sm && i < n; i++)
        sampler_fini(&sm[i]);
    free(sm);
    free(year);
    if (st != MONEY_OK)
        money_years_fini(out);
    return st;
}

void money_years_fini(struct money_years *y)
{
    free(y->src_eal_usd);
    free(y->src_closed_usd);
    free(y->src_mean_usd);
    y->src_eal_usd = y->src_closed_usd = y->src_mean_usd = NULL;
}

/* ---- results ---------------------------------------------------------------------------- */

enum money_status money_results_make(const struct money_acc *a, uint64_t n_years,
                                     uint64_t seed, struct money_results **out)
{
    const struct plan *p = a->p;
    struct money_source *src = NULL;
    enum money_status st = MONEY_NOMEM;
    struct money_results *m = calloc(1, sizeof *m);

    *out = NULL;
    if (!m)
        return MONEY_NOMEM;
    if (a->nomem)
        goto out;
    m->plan = p;
    m->n_scenarios = p->n_scenarios;
    m->n_services = p->n_services;
    m->scenarios = calloc((size_t)p->n_scenarios, sizeof *m->scenarios);
    src = calloc((size_t)p->n_scenarios, sizeof *src);
    if (!m->scenarios || !src)
        goto out;
    for (int s = 0; s < p->n_scenarios; s++) {
        src[s].per_year = p->scenarios[s].per_year;
        src[s].loss = &a->sc[s].loss;
    }
    if ((st = money_years_run(src, p->n_scenarios, n_years, seed, &m->years)) != MONEY_OK)
        goto out;
    st = MONEY_NOMEM;
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct acc_scenario *as = &a->sc[s];
        struct money_scenario *ms = &m->scenarios[s];
        const struct hist *h = &as->loss;
        ms->scenario = s;
        ms->per_year = p->scenarios[s].per_year;
        ms->n_outages = h->n;
        ms->mean_usd = m->years.src_mean_usd[s];
        ms->p50_usd = h->n ? hist_percentile(h, 0.5) : 0;
        ms->p95_usd = h->n ? hist_percentile(h, 0.95) : 0;
        ms->max_usd = h->n ? h->max_finite_s : 0;
        ms->eal_closed_usd = m->years.src_closed_usd[s];
        ms->eal_usd = m->years.src_eal_usd[s];
        ms->share = m->years.eal_closed_usd > 0 ? ms->eal_closed_usd / m->years.eal_closed_usd
                                                : 0;
        if (p->n_services && !(ms->services = calloc((size_t)p->n_services,
                                                      sizeof *ms->services)))
            goto out;
        for (int i = 0; i < p->n_services; i++) {
            struct money_service *sv = &ms->services[i];
            double nt = h->n ? (double)h->n : 1;
            sv->mean_downtime_usd = hist_sum_finite(&as->down[i]) / nt;
            sv->mean_data_usd = hist_sum_finite(&as->data[i]) / nt;
            sv->n_never_back = as->never[i];
            sv->n_lost_unpriced = as->lost[i];
            if (sv->n_never_back || sv->n_lost_unpriced)
                m->n_unbounded++;
        }
    }
    for (int i = 0; i < p->n_services; i++)
        if (!money_prices_downtime(&p->services[i]) && !money_prices_data(&p->services[i]))
            m->n_unpriced++;
    st = MONEY_OK;
out:
    free(src);
    if (st != MONEY_OK) {
        money_results_free(m);
        m = NULL;
    }
    *out = m;
    return st;
}

void money_results_free(struct money_results *m)
{
    if (!m)
        return;
    for (int s = 0; m->scenarios && s < m->n_scenarios; s++)
        free(m->scenarios[s].services);
    free(m->scenarios);
    money_years_fini(&m->years);
    free(m);
}
