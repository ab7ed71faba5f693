/* sim/mc_acc.c: one scenario's accumulator (adding trials, merging, summarizing); see
 * sim/mc_acc.h. */
#include "sim/mc_acc.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/backup.h"
#include "sim/stats.h"

#define YEAR_S (365.25 * 86400.0) /* a Julian year: per_year rates are per such year */

/* The target of service v in scenario s (its RTO or RPO target). */
static double service_target(const struct service *svc, int s, int is_rpo)
{
    const double *t = is_rpo ? svc->rpo_target_s : svc->rto_target_s;
    return t ? t[s] : is_rpo ? svc->rpo_s : svc->rto_s;
}

/* hist_init with one target when t is finite, none otherwise. */
static void hist_init_target(struct hist *h, double t)
{
    hist_init(h, &t, isfinite(t) ? 1 : 0);
}

/* The chart bin of x: the first bin whose upper edge is above x (the last takes the rest,
 * infinite values included), as mc_hist_bin, by bisection on the edges. */
static int chart_bin_search(const struct mc_acc *a, double x)
{
    int lo = 0, hi = MC_HIST_BINS - 1;  /* the answer is in [lo, hi] */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (x < a->chart_upper_s[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Fill a->chart_first: the bin of each sixteenth's lower end (an exact double). */
static void chart_first_init(struct mc_acc *a)
{
    _Static_assert(MC_HIST_PER_DECADE <= 37, "a chart bin must be wider than a sixteenth");
    assert(MC_HIST_MIN_S == 1.0 && MC_HIST_MAX_S < ldexp(1.0, MC_ACC_CHART_OCTAVES));
    assert(a->chart_upper_s[0] == 1.0 &&
           a->chart_upper_s[MC_HIST_BINS - 2] < ldexp(1.0, MC_ACC_CHART_OCTAVES) &&
           a->chart_upper_s[MC_HIST_BINS - 1] == INFINITY);
    for (int e = 0; e < MC_ACC_CHART_OCTAVES; e++)
        for (int m = 0; m < 16; m++)
            a->chart_first[e * 16 + m] =
                (unsigned char)chart_bin_search(a, ldexp(1.0 + m / 16.0, e));
}

/* The same bin as chart_bin_search. In [1 s, 2^24 s) the sixteenth of a power of two
 * holding x (its exponent and top four mantissa bits) starts in bin b = chart_first[...];
 * a sixteenth (a ratio of at most 1.0625) is narrower than a chart bin (a ratio of
 * 10^(1 / MC_HIST_PER_DECADE) = 1.12), so x is in b or, past b's upper edge, in b + 1.
 * Outside that range x is below 1 s, the first bin's upper edge (0, as RPOs of 0 are,
 * and negative values), or 2^24 s or more, above every finite edge (as are infinite
 * values, and NaN to the bisection, whose comparisons all fail): the first bin or the
 * last, with one comparison. */
static inline int chart_bin(const struct mc_acc *a, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    unsigned k = (unsigned)(bits >> 48) - (1023u << 4); /* exponent and top 4 bits, from 2^0 */
    if (k >= MC_ACC_CHART_OCTAVES * 16u)
        return x < a->chart_upper_s[0] ? 0 : MC_HIST_BINS - 1;
    /* The last bin's upper edge is INFINITY (mc_hist_upper_s), above x here: b + 1 is
     * never past it. */
    int b = a->chart_first[k];
    return x >= a->chart_upper_s[b] ? b + 1 : b;
}

int mc_acc_init(struct mc_acc *a, const struct plan *p, int s)
{
    const struct scenario *sc = &p->scenarios[s];
    memset(a, 0, sizeof *a);
    a->scenario = s;
    a->n_steps = sc->n_steps;
    a->n_stores = p->n_stores;
    a->n_services = p->n_services;
    double rto_t = sc->has_policy ? sc->rto_target_s : INFINITY;
    double rpo_t = sc->has_policy ? sc->rpo_target_s : INFINITY;
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        hist_init_target(&a->rto[o], rto_t);
        hist_init_target(&a->rpo[o], rpo_t);
    }
    hist_init_target(&a->rpo_all, rpo_t);
    a->rpo_all_is_rpo = 1;
    for (int k = 0; k < p->n_stores; k++)
        a->rpo_all_is_rpo &= p->stores[k].counts_for_rpo != 0;
    hist_init(&a->full, NULL, 0);
    for (int j = 0; j < MC_FB_N; j++)
        hist_init(&a->fb[j], NULL, 0);
    hist_init(&a->damaged, NULL, 0);
    a->rto_max_s = -INFINITY;
    a->breach_rto_s = sc->has_policy ? sc->rto_target_s : NAN;   /* nothing is above NAN */
    a->breach_rpo_s = sc->has_policy ? sc->rpo_target_s : NAN;
    for (int b = 0; b < MC_HIST_BINS; b++)
        a->chart_upper_s[b] = mc_hist_upper_s(b);
    chart_first_init(a);
    for (int k = 0, n = 0; k < p->n_stores; k++) {
        a->rule_first[k] = n;
        n += (int)p->stores[k].n_rules;
        if (sc->damage.present)
            a->n_rules = n;
    }
    a->steps = calloc((size_t)a->n_steps + 1, sizeof *a->steps);
    a->stores = calloc((size_t)a->n_stores + 1, sizeof *a->stores);
    a->services = calloc((size_t)a->n_services + 1, sizeof *a->services);
    a->clean_rule_n = calloc((size_t)a->n_rules + 1, sizeof *a->clean_rule_n);
    if (!a->steps || !a->stores || !a->services || !a->clean_rule_n) {
        a->nomem = 1;
        return -1;
    }
    for (int k = 0; k < a->n_stores; k++)
        hist_init(&a->stores[k].loss, NULL, 0);
    for (int v = 0; v < a->n_services; v++) {
        hist_init_target(&a->services[v].rto, service_target(&p->services[v], s, 0));
        hist_init_target(&a->services[v].rpo, service_target(&p->services[v], s, 1));
    }
    return 0;
}

void mc_acc_fini(struct mc_acc *a)
{
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        hist_fini(&a->rto[o]);
        hist_fini(&a->rpo[o]);
    }
    hist_fini(&a->rpo_all);
    hist_fini(&a->full);
    for (int j = 0; j < MC_FB_N; j++)
        hist_fini(&a->fb[j]);
    hist_fini(&a->damaged);
    for (int k = 0; a->stores && k < a->n_stores; k++)
        hist_fini(&a->stores[k].loss);
    for (int v = 0; a->services && v < a->n_services; v++) {
        hist_fini(&a->services[v].rto);
        hist_fini(&a->services[v].rpo);
    }
    for (int i = 0; i < MC_ACC_REP_PAGES; i++)
        free(a->rep[i]);
    free(a->steps);
    free(a->stores);
    free(a->services);
    free(a->clean_rule_n);
    memset(a, 0, sizeof *a);
}


static void add(struct mc_acc *a, struct hist *h, double x)
{
    if (hist_add(h, x) != 0)
        a->nomem = 1;
}

/* Allocate the page of representative indices for RTO bin `bin`; 0, or -1 out of
 * memory (a->nomem set). */
static int rep_page(struct mc_acc *a, unsigned bin)
{
    uint32_t **pg = &a->rep[bin / HIST_PAGE];
    *pg = calloc(HIST_PAGE, sizeof **pg);
    if (*pg == NULL) {
        a->nomem = 1;
        return -1;
    }
    return 0;
}

/* Remember trial index k for RTO bin `bin` if it is the smallest so far. */
static inline void rep_note(struct mc_acc *a, unsigned bin, uint64_t k)
{
    if (__builtin_expect(a->rep[bin / HIST_PAGE] == NULL, 0) && rep_page(a, bin) != 0)
        return;
    /* One comparison: an empty slot (0) less 1 wraps to UINT32_MAX, above every trial
     * index (below UINT32_MAX: a run has fewer than 2^32 trials). */
    uint32_t *slot = &a->rep[bin / HIST_PAGE][bin % HIST_PAGE];
    if ((uint32_t)(*slot - 1u) > k)
        *slot = (uint32_t)(k + 1);
}

/* Slots of a batch (struct mc_acc_batch): the accumulator's histograms in this order. */
enum {
    SLOT_RTO = 0,                          /* + outcome */
    SLOT_RPO = SLOT_RTO + MC_N_OUTCOMES,   /* + outcome */
    SLOT_RPO_ALL = SLOT_RPO + MC_N_OUTCOMES,
    SLOT_FULL,
    SLOT_FB,                               /* + failback figure */
    SLOT_DAMAGED = SLOT_FB + MC_FB_N,
    SLOT_STORES                            /* + store; then 2 per service: RTO, RPO */
};

static int n_slots(int n_stores, int n_services)
{
    return SLOT_STORES + n_stores + 2 * n_services;
}

/* The histogram of slot j. */
static struct hist *slot_hist(struct mc_acc *a, int j)
{
    if (j < SLOT_RPO)
        return &a->rto[j - SLOT_RTO];
    if (j < SLOT_RPO_ALL)
        return &a->rpo[j - SLOT_RPO];
    if (j == SLOT_RPO_ALL)
        return &a->rpo_all;
    if (j == SLOT_FULL)
        return &a->full;
    if (j < SLOT_DAMAGED)
        return &a->fb[j - SLOT_FB];
    if (j == SLOT_DAMAGED)
        return &a->damaged;
    if (j < SLOT_STORES + a->n_stores)
        return &a->stores[j - SLOT_STORES].loss;
    j -= SLOT_STORES + a->n_stores;
    return j % 2 ? &a->services[j / 2].rpo : &a->services[j / 2].rto;
}

/* How many values slot j was put (put or put_nz) in the trials b holds, of which those
 * of a put_nz slot not held were zeros (n: values held; n_outcome: the trials of each
 * outcome). */
static size_t slot_puts(const struct mc_acc *a, const struct mc_acc_batch *b, int j, size_t n,
                        const size_t *n_outcome)
{
    if (j >= SLOT_RPO && j < SLOT_RPO_ALL)
        return n_outcome[j - SLOT_RPO];
    if (j == SLOT_RPO_ALL)
        return a->rpo_all_is_rpo ? 0 : b->n_trials;
    if (j >= SLOT_STORES && j < SLOT_STORES + a->n_stores)
        return b->n_trials;
    if (j >= SLOT_STORES + a->n_stores && (j - SLOT_STORES - a->n_stores) % 2 == 1)
        return b->n_trials;    /* a service's RPO */
    return n;                  /* put: every value held */
}

/* Where b must stop next, with n_trials held: full, or HIST_SUM_CARRY_EVERY trials since
 * its steps' sums were last folded (steps_fold). */
static size_t next_stop(const struct mc_acc_batch *b)
{
    size_t fold = b->n_trials + HIST_SUM_CARRY_EVERY;
    return fold < b->cap ? fold : b->cap;
}

int mc_acc_batch_init(struct mc_acc_batch *b, const struct plan *p, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->cap = cap;
    b->stop = next_stop(b);
    b->n_slots = n_slots(p->n_stores, p->n_services);
    b->end = calloc((size_t)b->n_slots, sizeof *b->end);
    for (int s = 0; s < p->n_scenarios; s++)
        if (p->scenarios[s].n_steps > b->n_steps)
            b->n_steps = p->scenarios[s].n_steps;
    b->steps = calloc((size_t)b->n_steps + 1, sizeof *b->steps);
    /* Slots one cache line more than cap apart: at a power-of-two stride the slots' write
     * positions would share cache sets and evict one another. */
    b->stride = cap + 8;
    b->v = malloc((size_t)b->n_slots * b->stride * sizeof *b->v);
    if (!b->end || !b->v || !b->steps)
        return -1;
    for (int j = 0; j < b->n_slots; j++)
        b->end[j] = b->v + (size_t)j * b->stride;
    return 0;
}

void mc_acc_batch_fini(struct mc_acc_batch *b)
{
    free(b->end);
    free(b->v);
    free(b->steps);
    memset(b, 0, sizeof *b);
}

/* Value x for histogram h, slot `slot`: counted now without a batch, else held in b. */
static inline __attribute__((always_inline)) void put(struct mc_acc *a, struct mc_acc_batch *b,
                                                      int slot, struct hist *h, double x)
{
    if (b)
        *b->end[slot]++ = x;
    else
        add(a, h, x);
}

/* The same for a slot of RPOs or losses, mostly zeros in many plans: b holds x only when
 * it is above 0 and mc_acc_flush counts the rest as zeros at once (slot_puts). x is
 * written always and kept or not by where the end moves, which costs no branch. */
static inline __attribute__((always_inline)) void put_nz(struct mc_acc *a,
                                                         struct mc_acc_batch *b, int slot,
                                                         struct hist *h, double x)
{
    if (b) {
        double *e = b->end[slot];
        *e = x;
        b->end[slot] = e + (x > 0.0);
    } else {
        add(a, h, x);
    }
}

/* step_add's values outside the regular range, into a's sum at once, counted: in the
 * step's runs for a duration, in its runs on the path for a contribution (steps_fold counts
 * the values of the regular range). */
static void step_add_slow(struct mc_acc *a, const struct trial_result *tr,
                          const struct trial_step *ts, int which, double x)
{
    struct mc_acc_step *st = &a->steps[ts - tr->steps];
    st->n_ran += which == 0;
    st->n_on_path += which == 2;
    hist_xsum_add(which == 0 ? &st->duration_s
                  : which == 1 ? &st->staff_wait_s
                               : &st->contribution_s,
                  x);
}

/* Add *px (>= 0, finite) to sum `which` (0 duration, 1 staff wait, 2 contribution) of step
 * ts of trial tr: a value of the regular range into bs, the step's part of the batch,
 * with one add (the batch folds it into a's at least every HIST_SUM_CARRY_EVERY trials);
 * anything else into a's sum (step_add_slow). The slow path finds the step from ts, so
 * that the pass over the steps carries no index or pointer of a's steps. The value is read
 * as its bits straight from the trial's step (one load, not a load and a move). */
static inline __attribute__((always_inline)) void step_add(struct mc_acc *a,
                                                           const struct trial_result *tr,
                                                           const struct trial_step *ts,
                                                           struct mc_acc_batch_step *bs,
                                                           int which, const double *px)
{
    uint64_t bits;
    memcpy(&bits, px, sizeof bits);
    unsigned r = (unsigned)(bits >> 52) - (unsigned)(1023 + HIST_EMIN);
    if (__builtin_expect(r < HIST_XSUM_OCTAVES, 1))
        hist_xsum_octs_add(&bs->oct[which], r, bits);
    else
        step_add_slow(a, tr, ts, which, *px);
}

/* Fold the batch's sums of every step of a into a's, each fold of a sum counted as one
 * add of it, and count the step's runs and runs on the path from them: a step that ran
 * added its duration, one on the path its contribution (those outside the regular range
 * were counted by step_add_slow). Often enough that no sum by power of two passes 2^64:
 * at most HIST_SUM_CARRY_EVERY trials, one value each, between two folds. */
static void steps_fold(struct mc_acc *a, struct mc_acc_batch *b)
{
    for (int i = 0; i < a->n_steps; i++) {
        struct mc_acc_batch_step *bs = &b->steps[i];
        struct hist_xsum *s[MC_ACC_STEP_SUMS] = {&a->steps[i].duration_s,
                                                 &a->steps[i].staff_wait_s,
                                                 &a->steps[i].contribution_s};
        uint64_t n[MC_ACC_STEP_SUMS];
        for (int w = 0; w < MC_ACC_STEP_SUMS; w++) {
            n[w] = hist_xsum_fold(s[w], &bs->oct[w]);
            if (++s[w]->adds == HIST_SUM_CARRY_EVERY)
                hist_xsum_carry(s[w]);
        }
        a->steps[i].n_ran += n[0];
        a->steps[i].n_on_path += n[2];
    }
}

/* Add step ts's duration, staff wait and contribution (each when it has one) to bs, its
 * part of the batch; on_path: the step's bit in the trial's critical mask, which says
 * whether it is on the path (trial_critical_path sets a step's on_path and its bit
 * together). A step on the path ran (the path follows what released each start back
 * from the step that restored service), so the bit, in a register, answers both the
 * test of the start and that of on_path for two thirds of a small plan's steps. */
static inline __attribute__((always_inline)) void step_sums(struct mc_acc *a,
                                                            const struct trial_result *r,
                                                            const struct trial_step *ts,
                                                            struct mc_acc_batch_step *bs,
                                                            const int on_path)
{
    uint64_t wait_bits;
    memcpy(&wait_bits, &ts->staff_wait_s, sizeof wait_bits);
    /* Each case its own code, so that the bit is tested once. */
    if (on_path) {
        step_add(a, r, ts, bs, 0, &ts->duration_s);    /* counts the run too */
        if (wait_bits != 0)    /* mostly +0: nothing to add */
            step_add(a, r, ts, bs, 1, &ts->staff_wait_s);
        step_add(a, r, ts, bs, 2, &ts->contribution_s);   /* and the run on the path */
    } else if (!isnan(ts->start_s)) {    /* else never started (a cancelled step may have) */
        step_add(a, r, ts, bs, 0, &ts->duration_s);
        if (wait_bits != 0)
            step_add(a, r, ts, bs, 1, &ts->staff_wait_s);
    }
}

/* What add_trial reads of an accumulator, its batch and its scenario that no trial
 * changes, read once for a run of trials (mc_acc_play) into a local copy: read from a
 * itself, each would be read again after every store into a's counters, since an int
 * field may be changed by a store of a uint32 (a step's count by power of two). */
struct acc_fixed {
    const struct scenario *sc;
    int n_steps, n_stores, n_services; /* a's */
    int rpo_all_is_rpo;                /* a's */
    int fb;                            /* the scenario keeps failback or exposure figures */
    int damage;                        /* the scenario has logical damage */
    int go;                            /* it has a decision step: a trial's critical path
                                          may wait for the go (path_go_wait_s) */
    int shifts;                        /* some role of the plan may have a shift, so a
                                          trial may have hand-overs (acc_fixed: 1; a run of
                                          trials looks) */
    uint64_t damaged;                  /* its damaged stores: bit k for store k */
    struct mc_acc_step *steps;         /* a's */
    struct mc_acc_batch_step *bsteps;  /* the batch's; NULL without one */
    double breach_rto_s, breach_rpo_s; /* a's */
};

static inline __attribute__((always_inline)) struct acc_fixed
acc_fixed(const struct mc_acc *a, const struct plan *p, const struct mc_acc_batch *b)
{
    const struct scenario *sc = &p->scenarios[a->scenario];
    const uint64_t damaged = sc->damage.stores_mask & plan_first_bits(a->n_stores);
    return (struct acc_fixed){.sc = sc, .n_steps = a->n_steps, .n_stores = a->n_stores,
                              .n_services = a->n_services, .rpo_all_is_rpo = a->rpo_all_is_rpo,
                              .fb = sc->failback.present || sc->exposure_step >= 0,
                              .damage = sc->damage.present, .go = sc->decision_step >= 0,
                              .shifts = 1,
                              .damaged = sc->damage.present ? damaged : 0, .steps = a->steps,
                              .bsteps = b ? b->steps : NULL, .breach_rto_s = a->breach_rto_s,
                              .breach_rpo_s = a->breach_rpo_s};
}

/* add_trial's part that depends on the trial's outcome o (a constant where inlined: a
 * trial branches once on it): its RTO and RPO (rto_s, rpo_s) by outcome, its abandonment,
 * the stores' losses and the services' RPOs, the failback figures. */
static inline __attribute__((always_inline)) void add_outcome(struct mc_acc *a,
                                                              const struct acc_fixed *f,
                                                              struct mc_acc_batch *b,
                                                              const struct trial_result *r,
                                                              double rto_s, double rpo_s,
                                                              const int o)
{
    put(a, b, SLOT_RTO + o, &a->rto[o], rto_s);
    put_nz(a, b, SLOT_RPO + o, &a->rpo[o], rpo_s);
    if (o == MC_OUTCOME_IN_PLACE)   /* only a trial in place is abandoned (trial_outcome) */
        a->n_abandoned += r->abandoned != 0;
    const int n_stores = f->n_stores;
    struct mc_acc_store *const stores = a->stores;
    /* In place, every store's effective loss and so every service's RPO is 0
     * (trial_outcome): batched, their slots hold only values above 0 and mc_acc_flush
     * counts the rest, so the trial has nothing to put there. */
    const int lost = !b || o != MC_OUTCOME_IN_PLACE;
    if (!b) {
        /* The effective losses as the batched add reads them: 0 in place, else the drawn
         * ones, which every worker writes (a figures-only one leaves store_loss_s). */
        for (int i = 0; i < n_stores; i++) {
            double l = o == MC_OUTCOME_IN_PLACE ? 0.0 : r->store_drawn_loss_s[i];
            put_nz(a, b, SLOT_STORES + i, &stores[i].loss, l);
            stores[i].n_loses += l > 0.0;
            stores[i].n_no_point += isinf(l) != 0;
        }
    } else if (lost) {
        /* put_nz with a branch instead of its moving end: in many scenarios a store loses
         * nothing in every trial (zone redundancy, the stores a logical damage leaves
         * alone, rebuilt stores) or loses in nearly every one, so the branch goes the same
         * way trial after trial, and a store without a loss costs a load and a compare
         * (mc_acc_flush counts the losses and infinite losses from what the slots held). */
        double **const ends = b->end + SLOT_STORES;
        /* Failed over, the effective losses are the drawn ones (trial_outcome, which a
         * figures-only worker, mc_acc_play's, does not copy). */
        const double *const loss = r->store_drawn_loss_s;
        for (int i = 0; i < n_stores; i++) {
            /* Compared as bits: a drawn loss is never NaN here (only a deferred one in
             * place is), and of the others exactly those above 0 have bits above 0 as a
             * signed integer (-0 and negative values are below). */
            int64_t bits;
            memcpy(&bits, &loss[i], sizeof bits);
            if (bits > 0)
                memcpy(ends[i]++, &bits, sizeof bits);
        }
    }
    const double *const svc_rpo = r->service_rpo_s;
    for (int v = 0, j = SLOT_STORES + n_stores + 1; lost && v < f->n_services; v++, j += 2)
        put_nz(a, b, j, &a->services[v].rpo, svc_rpo[v]);
    if (o == MC_OUTCOME_FAILED_OVER && f->fb) {
        const double v[MC_FB_N] = {r->failback_downtime_s, r->failback_at_risk_s,
                                   r->failback_end_s, r->exposure_s};
        a->fb_n++;
        for (int j = 0; j < MC_FB_N; j++)
            if (!isnan(v[j]))   /* NaN: not modelled (no failback: only the exposure is) */
                put(a, b, SLOT_FB + j, &a->fb[j], v[j]);
        hist_xsum_add(&a->p_second_loss, isfinite(r->exposure_s)
                                             ? -expm1(-f->sc->per_year * r->exposure_s / YEAR_S)
                                             : 1.0);
    }
}

/* Add trial k: its histogram values counted now (b NULL) or held in b (the two public
 * adds are this function with b constant, so they send the same values to the same
 * histograms). The caller counts it in a->n. */
static inline __attribute__((always_inline)) void add_trial(struct mc_acc *a,
                                                            const struct acc_fixed *f,
                                                            struct mc_acc_batch *b, uint64_t k,
                                                            const struct trial_result *r)
{
    /* Counted now, the histograms' counters first, as hints (hist_prefetch): their loads
     * then overlap each other and the work below instead of following one another. */
    if (!b) {
        const int o = r->in_place ? MC_OUTCOME_IN_PLACE : MC_OUTCOME_FAILED_OVER;
        hist_prefetch(&a->rto[o], r->rto_s);
        hist_prefetch(&a->rpo[o], r->rpo_s);
        hist_prefetch(&a->full, r->full_s);
        for (int i = 0; i < f->n_stores; i++)
            hist_prefetch(&a->stores[i].loss, r->store_loss_s[i]);
        for (int v = 0; v < f->n_services; v++) {
            hist_prefetch(&a->services[v].rto, r->service_rto_s[v]);
            hist_prefetch(&a->services[v].rpo, r->service_rpo_s[v]);
        }
        /* The representative index too. Batched it is not hinted: a unit's RTOs fall in
         * a few of its pages (1 kB each), which stay in the cache, and the hint cost
         * about 10 instructions a trial. */
        const unsigned bin = (unsigned)hist_bin_fast(r->rto_s);
        if (a->rep[bin / HIST_PAGE] != NULL)
            __builtin_prefetch(&a->rep[bin / HIST_PAGE][bin % HIST_PAGE], 1);
    }
    /* The steps' sums, which touch no histogram, while those loads are on their way. */
    const int n_steps = f->n_steps;
    struct mc_acc_step *const steps = f->steps;
    if (b) {
        struct mc_acc_batch_step *const bsteps = f->bsteps;
        /* Two steps a round, then the odd one: a fifth of the built-in plan's steps never
         * start, and for those the loop's own count and test are most of what they cost.
         * (GCC's unroll pragma peels the odd step first, with more moves around the loop.) */
        const struct trial_step *ts = r->steps;
        struct mc_acc_batch_step *bs = bsteps;
        const struct trial_step *const pairs_end = ts + (n_steps & ~1);
        uint64_t path = r->critical_mask;   /* the next two steps' bits at its bottom */
        for (; ts != pairs_end; ts += 2, bs += 2, path >>= 2) {
            step_sums(a, r, ts, bs, path & 1);
            step_sums(a, r, ts + 1, bs + 1, (path & 2) != 0);
        }
        if (n_steps & 1)
            step_sums(a, r, ts, bs, path & 1);
    } else {
        for (int i = 0; i < n_steps; i++) {
            const struct trial_step *ts = &r->steps[i];
            struct mc_acc_step *st = &steps[i];
            if (isnan(ts->start_s))
                continue;
            st->n_ran++;
            hist_xsum_add(&st->duration_s, ts->duration_s);
            uint64_t wait_bits;
            memcpy(&wait_bits, &ts->staff_wait_s, sizeof wait_bits);
            if (wait_bits != 0)
                hist_xsum_add(&st->staff_wait_s, ts->staff_wait_s);
            if (ts->on_path) {
                st->n_on_path++;
                hist_xsum_add(&st->contribution_s, ts->contribution_s);
            }
        }
    }
    if (f->shifts && r->n_handovers > 0) {   /* the trial's are its steps' */
        for (int i = 0; i < n_steps; i++) {
            const struct trial_step *ts = &r->steps[i];
            if (!isnan(ts->start_s) && ts->n_handovers > 0) {
                steps[i].n_handed++;
                steps[i].handovers += (uint64_t)ts->n_handovers;
            }
        }
    }
    /* The trial's RTO and RPO in locals: a value's store into the batch might otherwise
     * be taken to change them (or a's extremes and thresholds), and each read again. */
    const double rto_s = r->rto_s, rpo_s = r->rpo_s;
    if (r->in_place)
        add_outcome(a, f, b, r, rto_s, rpo_s, MC_OUTCOME_IN_PLACE);
    else
        add_outcome(a, f, b, r, rto_s, rpo_s, MC_OUTCOME_FAILED_OVER);
    if (!f->rpo_all_is_rpo)
        put_nz(a, b, SLOT_RPO_ALL, &a->rpo_all, r->rpo_all_s);
    else
        assert(memcmp(&r->rpo_all_s, &r->rpo_s, sizeof r->rpo_s) == 0);
    put(a, b, SLOT_FULL, &a->full, r->full_s);
    a->rto_chart.counts[chart_bin(a, rto_s)]++;
    a->rpo_chart.counts[chart_bin(a, rpo_s)]++;
    rep_note(a, (unsigned)hist_bin_fast(rto_s), k);
    if (rto_s >= a->rto_max_s && (rto_s > a->rto_max_s || k < a->rto_max_trial)) {
        a->rto_max_s = rto_s;
        a->rto_max_trial = k;
    }
    if (!b) {
        a->n_rpo_no_point += r->rpo_no_point != 0;
        a->n_breach += (rto_s > f->breach_rto_s) | (rpo_s > f->breach_rpo_s);
    } else if (rpo_s > f->breach_rpo_s && !(rto_s > f->breach_rto_s)) {
        /* Batched, mc_acc_flush counts the trials without a usable point for the RPO
         * and those whose RTO breaches from the histograms; here only a trial that
         * breaches by its RPO alone is counted, which is rare (one comparison a trial). */
        a->n_breach++;
    }
    if (f->go && r->path_go_wait_s > 0) {
        a->n_go_wait++;
        hist_xsum_add(&a->go_wait_s, r->path_go_wait_s);
    }
    const double *const svc_rto = r->service_rto_s, *const svc_back = r->service_back_s;
    for (int v = 0, j = SLOT_STORES + f->n_stores; v < f->n_services; v++, j += 2) {
        put(a, b, j, &a->services[v].rto, svc_rto[v]);
        a->services[v].n_back += isfinite(svc_back[v]) != 0;
    }
    if (f->damage) {
        put(a, b, SLOT_DAMAGED, &a->damaged, r->damaged_s);
        a->n_no_clean += r->no_clean != 0;
        /* Only a damaged store has a rule that gave its clean point: batched, only they
         * are looked at (an accidental deletion damages one store of many). */
        for (uint64_t m = b ? f->damaged : plan_first_bits(f->n_stores); m; m &= m - 1) {
            const int i = __builtin_ctzll(m);
            if (r->clean_rule[i] >= 0)
                a->clean_rule_n[a->rule_first[i] + r->clean_rule[i]]++;
        }
    }
}

void mc_acc_add(struct mc_acc *a, const struct plan *p, uint64_t k,
                const struct trial_result *r)
{
    const struct acc_fixed f = acc_fixed(a, p, NULL);
    a->n++;
    add_trial(a, &f, NULL, k, r);
}

/* Make room in b for a trial: at its stop, flush it when full, else fold its steps'
 * sums. */
static inline __attribute__((always_inline)) void batch_room(struct mc_acc *a,
                                                             struct mc_acc_batch *b)
{
    if (b->n_trials == b->stop) {   /* one test for both */
        if (b->n_trials == b->cap) {
            mc_acc_flush(a, b);
        } else {
            steps_fold(a, b);
            b->stop = next_stop(b);
        }
    }
}

void mc_acc_add_batched(struct mc_acc *a, const struct plan *p, struct mc_acc_batch *b,
                        uint64_t k, const struct trial_result *r)
{
    assert(b->n_slots == n_slots(a->n_stores, a->n_services));
    const struct acc_fixed f = acc_fixed(a, p, b);
    batch_room(a, b);
    a->n++;
    add_trial(a, &f, b, k, r);
    b->n_trials++;
}

/* mc_acc_play's loop, inline so that a plain scenario's (see mc_acc_play) has f's facts as
 * constants. */
static inline __attribute__((always_inline)) void play(struct mc_acc *a,
                                                       const struct acc_fixed *f,
                                                       struct mc_acc_batch *b,
                                                       struct trial_worker *w, uint64_t lo,
                                                       uint64_t hi, const struct mc_sink *sink,
                                                       void *chunk)
{
    const int s = a->scenario;
    /* The trials up to b's next stop in a run, counted in b and a once a run: nothing
     * before the stop reads the counts. */
    for (uint64_t k = lo; k < hi;) {
        batch_room(a, b);
        const uint64_t room = b->stop - b->n_trials;
        const uint64_t end = hi - k < room ? hi : k + room;
        b->n_trials += end - k;
        a->n += end - k;
        for (; k < end; k++) {
            const struct trial_result *r = trial_run(w, s, k, NULL);
            if (chunk)
                sink->trial(chunk, r);
            add_trial(a, f, b, k, r);
        }
    }
}

void mc_acc_play(struct mc_acc *a, const struct plan *p, struct mc_acc_batch *b,
                 struct trial_worker *w, uint64_t lo, uint64_t hi, const struct mc_sink *sink,
                 void *chunk)
{
    assert(b->n_slots == n_slots(a->n_stores, a->n_services));
    struct acc_fixed f = acc_fixed(a, p, b);
    f.shifts = 0;
    for (int i = 0; i < p->n_roles; i++)
        f.shifts |= p->roles[i].shift.max_s > 0.0 && p->roles[i].shift.max_s < INFINITY;
    /* A plain scenario (no services, failback or exposure figures, or logical damage, its
     * RPO over all data its RPO) played without a sink, as bench/small.yaml's is: its
     * loop of its own has none of their tests (about 24 instructions a trial). */
    if (!chunk && f.n_services == 0 && !f.fb && !f.damage && f.rpo_all_is_rpo && !f.go &&
        !f.shifts) {
        struct acc_fixed plain = f;
        plain.n_services = 0;
        plain.fb = 0;
        plain.damage = 0;
        plain.rpo_all_is_rpo = 1;
        plain.go = 0;
        plain.shifts = 0;
        play(a, &plain, b, w, lo, hi, NULL, NULL);
    } else {
        play(a, &f, b, w, lo, hi, sink, chunk);
    }
    mc_acc_flush(a, b);
}

/* Pages of histogram counters (2 kB each) beyond which mc_acc_flush hints counters
 * ahead: the histograms of a unit then span more than a core's second-level cache (512 kB
 * on the standard machine) keeps for them. Hints cost about 12 instructions a value; below
 * this the counters are found in the cache anyway (bench/small.yaml's units span 170 to
 * 194 pages: without hints they took the same time, 0.998 over 60 pairs, for 0.9 % fewer
 * instructions), above it they pay (the built-in plan's region and damage units span 547
 * to 873 pages: without hints the plan took 1.020 the time over 60 pairs). */
#define FLUSH_HINT_PAGES 256

void mc_acc_flush(struct mc_acc *a, struct mc_acc_batch *b)
{
    int pages = 0;
    for (int j = 0; j < b->n_slots; j++)
        if (b->end[j] != b->v + (size_t)j * b->stride)
            pages += hist_pages(slot_hist(a, j));
    const int hint = pages > FLUSH_HINT_PAGES;
    /* The RTO slots take every trial of their outcome: so many values each RPO slot
     * was put. */
    size_t n_outcome[MC_N_OUTCOMES];
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        const int j = SLOT_RTO + o;
        n_outcome[o] = (size_t)(b->end[j] - (b->v + (size_t)j * b->stride));
    }
    for (int j = 0; j < b->n_slots; j++) {
        double *start = b->v + (size_t)j * b->stride;
        size_t n = (size_t)(b->end[j] - start);
        struct hist *h = slot_hist(a, j);
        size_t n_put = slot_puts(a, b, j, n, n_outcome);
        hist_add_zeros(h, n_put - n);
        if (j >= SLOT_STORES && j < SLOT_STORES + a->n_stores) {
            /* The store lost data in the trials whose loss the slot held (above 0);
             * its infinite losses are what its histogram counts as infinite. */
            struct mc_acc_store *st = &a->stores[j - SLOT_STORES];
            st->n_loses += n;
            st->n_no_point -= h->n_inf;
            if (n && hist_add_many(h, start, n, hint))
                a->nomem = 1;
            st->n_no_point += h->n_inf;
        } else if (j < SLOT_RPO_ALL && j >= SLOT_RPO) {
            /* A trial's RPO is infinite when a store counting for it had no usable point
             * (trial_outcome's rpo_no_point), which add_trial leaves to the flush to count. */
            const uint64_t n_inf = h->n_inf;
            if (n && hist_add_many(h, start, n, hint))
                a->nomem = 1;
            a->n_rpo_no_point += h->n_inf - n_inf;
        } else if (j < SLOT_RPO) {
            /* The trials whose RTO is above the target breach (add_trial counted those
             * that breach by their RPO alone): those the histogram did not count at or
             * below its target, which is the policy's (mc_acc_init; without a finite
             * one no RTO breaches). */
            assert(h->n_targets == 0 ? !(a->breach_rto_s < INFINITY)
                                     : h->target_s[0] == a->breach_rto_s);
            const uint64_t le = h->n_targets ? h->n_le[0] : 0;
            if (n && hist_add_many(h, start, n, hint))
                a->nomem = 1;
            if (h->n_targets)
                a->n_breach += n - (h->n_le[0] - le);
        } else if (n && hist_add_many(h, start, n, hint)) {
            a->nomem = 1;
        }
        b->end[j] = start;
    }
    steps_fold(a, b);
    b->n_trials = 0;
    b->stop = next_stop(b);
}

static int merge(struct mc_acc *into, struct hist *h, const struct hist *from)
{
    if (hist_merge(h, from) != 0) {
        into->nomem = 1;
        return -1;
    }
    return 0;
}

int mc_acc_merge(struct mc_acc *into, const struct mc_acc *from)
{
    assert(into != from);
    if (into->scenario != from->scenario || into->n_steps != from->n_steps ||
        into->n_stores != from->n_stores || into->n_services != from->n_services ||
        into->n_rules != from->n_rules)
        return -1;
    int rc = 0;
    into->n += from->n;
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        rc |= merge(into, &into->rto[o], &from->rto[o]);
        rc |= merge(into, &into->rpo[o], &from->rpo[o]);
    }
    rc |= merge(into, &into->rpo_all, &from->rpo_all);
    rc |= merge(into, &into->full, &from->full);
    for (int b = 0; b < MC_HIST_BINS; b++) {
        into->rto_chart.counts[b] += from->rto_chart.counts[b];
        into->rpo_chart.counts[b] += from->rpo_chart.counts[b];
    }
    for (int pg = 0; pg < MC_ACC_REP_PAGES; pg++) {
        if (from->rep[pg] == NULL)
            continue;
        for (int j = 0; j < HIST_PAGE; j++)
            if (from->rep[pg][j])
                rep_note(into, pg * HIST_PAGE + j, from->rep[pg][j] - 1u);
    }
    if (from->rto_max_s > into->rto_max_s ||
        (from->rto_max_s == into->rto_max_s && from->rto_max_trial < into->rto_max_trial)) {
        into->rto_max_s = from->rto_max_s;
        into->rto_max_trial = from->rto_max_trial;
    }
    into->n_abandoned += from->n_abandoned;
    into->n_rpo_no_point += from->n_rpo_no_point;
    into->n_breach += from->n_breach;
    into->n_go_wait += from->n_go_wait;
    hist_xsum_merge(&into->go_wait_s, &from->go_wait_s);
    for (int i = 0; i < into->n_steps; i++) {
        struct mc_acc_step *t = &into->steps[i];
        const struct mc_acc_step *f = &from->steps[i];
        t->n_ran += f->n_ran;
        t->n_on_path += f->n_on_path;
        t->n_handed += f->n_handed;
        t->handovers += f->handovers;
        hist_xsum_merge(&t->duration_s, &f->duration_s);
        hist_xsum_merge(&t->staff_wait_s, &f->staff_wait_s);
        hist_xsum_merge(&t->contribution_s, &f->contribution_s);
    }
    for (int i = 0; i < into->n_stores; i++) {
        into->stores[i].n_no_point += from->stores[i].n_no_point;
        into->stores[i].n_loses += from->stores[i].n_loses;
        rc |= merge(into, &into->stores[i].loss, &from->stores[i].loss);
    }
    for (int v = 0; v < into->n_services; v++) {
        into->services[v].n_back += from->services[v].n_back;
        rc |= merge(into, &into->services[v].rto, &from->services[v].rto);
        rc |= merge(into, &into->services[v].rpo, &from->services[v].rpo);
    }
    into->fb_n += from->fb_n;
    for (int j = 0; j < MC_FB_N; j++)
        rc |= merge(into, &into->fb[j], &from->fb[j]);
    hist_xsum_merge(&into->p_second_loss, &from->p_second_loss);
    rc |= merge(into, &into->damaged, &from->damaged);
    into->n_no_clean += from->n_no_clean;
    for (int j = 0; j < into->n_rules; j++)
        into->clean_rule_n[j] += from->clean_rule_n[j];
    into->nomem |= from->nomem;
    return rc || into->nomem ? -1 : 0;
}

uint64_t mc_acc_rep_trial(const struct mc_acc *a, uint64_t rank)
{
    /* The bin of rank `rank` in the two outcomes together: locate it in each outcome's
     * histogram by walking the bins of both (counts add bin by bin). */
    uint64_t below = 0;
    for (int b = 0; b < HIST_N_BINS; b++) {
        if (b >= HIST_BIN_FIRST && b < HIST_BIN_OVER && (b - HIST_BIN_FIRST) % HIST_PAGE == 0) {
            /* A page of bins that ends below the rank is passed whole. */
            const int pg = (b - HIST_BIN_FIRST) / HIST_PAGE;
            uint64_t c = hist_page_count(&a->rto[0], pg) + hist_page_count(&a->rto[1], pg);
            if (rank >= below + c) {
                below += c;
                b += HIST_PAGE - 1;
                continue;
            }
        }
        uint64_t c = hist_bin_count(&a->rto[0], b) + hist_bin_count(&a->rto[1], b);
        if (rank < below + c) {
            const uint32_t *pg = a->rep[b / HIST_PAGE];
            return pg && pg[b % HIST_PAGE] ? pg[b % HIST_PAGE] - 1u : 0;
        }
        below += c;
    }
    return 0;
}

/* ---- summaries ------------------------------------------------------------------------- */

static void objective(struct mc_objective *o, const struct hist *h, double confidence)
{
    memset(o, 0, sizeof *o);
    if (h->n_targets < 1 || h->n == 0)
        return;
    o->has_target = 1;
    o->target_s = h->target_s[0];
    o->n_met = hist_n_le(h, 0);
    o->n = h->n;
    o->p_met = (double)o->n_met / (double)o->n;
    stats_wilson(o->n_met, o->n, STATS_Z95, &o->ci_lo, &o->ci_hi);
    o->confidence = confidence;
    o->value_at_confidence_s = hist_percentile(h, confidence);
    o->margin_s = isinf(o->value_at_confidence_s) ? -INFINITY
                                                   : o->target_s - o->value_at_confidence_s;
    if (o->ci_lo >= confidence)
        o->verdict = MC_VERDICT_MEETS;
    else if (o->p_met >= confidence)
        o->verdict = MC_VERDICT_AT_RISK;
    else
        o->verdict = MC_VERDICT_BREACH;
}

static void percentiles(struct mc_percentiles *pc, const struct hist *h)
{
    memset(pc, 0, sizeof *pc);
    if (h->n == 0)
        return;
    pc->p50_s = hist_percentile(h, 0.50);
    pc->p90_s = hist_percentile(h, 0.90);
    pc->p95_s = hist_percentile(h, 0.95);
    pc->p99_s = hist_percentile(h, 0.99);
    pc->max_s = h->max_s;
    pc->n_infinite = h->n_inf;
    pc->mean_finite_s = hist_mean_finite(h);
    pc->mean_s = hist_mean(h);
}

/* *out (empty, the same targets) becomes the merge of the two outcome histograms. */
static int both(struct hist *out, const struct hist *by_outcome)
{
    hist_init(out, by_outcome[0].target_s, by_outcome[0].n_targets);
    for (int o = 0; o < MC_N_OUTCOMES; o++)
        if (hist_merge(out, &by_outcome[o]) != 0)
            return -1;
    return 0;
}

int mc_acc_summarize(const struct mc_acc *a, const struct plan *p,
                     struct mc_scenario_result *sr)
{
    const struct scenario *sc = &p->scenarios[a->scenario];
    const double conf = p->confidence;
    const uint64_t n = a->n;
    if (a->nomem)
        return -1;
    if (both(&sr->rto_dist, a->rto) != 0 || both(&sr->rpo_dist, a->rpo) != 0)
        return -1;
    hist_init(&sr->rpo_all_dist, a->rpo_all.target_s, a->rpo_all.n_targets);
    hist_init(&sr->full_dist, NULL, 0);
    /* The same values, and so the same figures, as a->rpo_all would have counted. */
    if (hist_merge(&sr->rpo_all_dist, a->rpo_all_is_rpo ? &sr->rpo_dist : &a->rpo_all) != 0 ||
        hist_merge(&sr->full_dist, &a->full) != 0)
        return -1;
    percentiles(&sr->rto, &sr->rto_dist);
    percentiles(&sr->rpo, &sr->rpo_dist);
    percentiles(&sr->full, &sr->full_dist);
    percentiles(&sr->rpo_all, &sr->rpo_all_dist);
    memset(sr->outcomes, 0, sizeof sr->outcomes);
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        struct mc_outcome *oc = &sr->outcomes[o];
        oc->n = a->rto[o].n;
        oc->share = n ? (double)oc->n / (double)n : 0.0;
        percentiles(&oc->rto, &a->rto[o]);
        percentiles(&oc->rpo, &a->rpo[o]);
        if (sc->has_policy) {
            objective(&oc->rto_obj, &a->rto[o], conf);
            objective(&oc->rpo_obj, &a->rpo[o], conf);
        }
    }
    memset(&sr->rto_obj, 0, sizeof sr->rto_obj);
    memset(&sr->rpo_obj, 0, sizeof sr->rpo_obj);
    memset(&sr->rpo_all_obj, 0, sizeof sr->rpo_all_obj);
    if (sc->has_policy) {
        objective(&sr->rto_obj, &sr->rto_dist, conf);
        objective(&sr->rpo_obj, &sr->rpo_dist, conf);
        objective(&sr->rpo_all_obj, &sr->rpo_all_dist, conf);
    }
    sr->n_in_place = sr->outcomes[MC_OUTCOME_IN_PLACE].n;
    sr->n_abandoned = a->n_abandoned;
    sr->n_rpo_no_point = a->n_rpo_no_point;
    sr->n_breach = a->n_breach;
    sr->rto_hist = a->rto_chart;
    sr->rpo_hist = a->rpo_chart;
    sr->downtime_per_year_s = sc->per_year > 0.0 ? sc->per_year * sr->rto.mean_s : 0.0;
    sr->data_loss_per_year_s = sc->per_year * sr->rpo.mean_finite_s;
    sr->unrecoverable_share = (double)sr->rpo.n_infinite / (double)n;
    sr->unrecoverable_per_year = sc->per_year * sr->unrecoverable_share;
    sr->p_breach_year = sc->has_policy
                            ? 1.0 - exp(-sc->per_year * (double)sr->n_breach / (double)n)
                            : 0.0;
    sr->median_rto_trial = mc_acc_rep_trial(a, (n - 1) / 2);
    uint64_t k95 = (uint64_t)ceil(0.95 * (double)n);
    sr->p95_rto_trial = mc_acc_rep_trial(a, k95 > 0 ? k95 - 1 : 0);
    sr->max_rto_trial = a->rto_max_trial;

    for (int i = 0; i < a->n_steps; i++) {
        const struct mc_acc_step *t = &a->steps[i];
        struct mc_step_result *st = &sr->steps[i];
        st->n_ran = t->n_ran;
        st->n_on_path = t->n_on_path;
        st->mean_duration_s = t->n_ran ? hist_xsum_value(&t->duration_s) / (double)t->n_ran
                                       : 0.0;
        st->mean_staff_wait_s =
            t->n_ran ? hist_xsum_value(&t->staff_wait_s) / (double)t->n_ran : 0.0;
        st->mean_contribution_s =
            t->n_on_path ? hist_xsum_value(&t->contribution_s) / (double)t->n_on_path : 0.0;
        st->path_share = (double)t->n_on_path / (double)n;
        st->n_handed_over = t->n_handed;
        st->mean_handovers = t->n_ran ? (double)t->handovers / (double)t->n_ran : 0.0;
    }

    struct mc_failback *fb = &sr->failback;
    struct mc_percentiles *fpc[MC_FB_N] = {&fb->downtime, &fb->at_risk, &fb->outside,
                                           &fb->exposure};
    memset(fb, 0, sizeof *fb);
    fb->has_failback = sc->failback.present;
    fb->has_exposure = sc->failback.present || sc->exposure_step >= 0;
    if (fb->has_exposure) {
        fb->n = a->fb_n;
        fb->p_second_loss = fb->n ? hist_xsum_value(&a->p_second_loss) / (double)fb->n : 0.0;
        for (int j = 0; j < MC_FB_N; j++)
            percentiles(fpc[j], &a->fb[j]);
    }

    memset(&sr->damaged, 0, sizeof sr->damaged);
    sr->n_no_clean = a->n_no_clean;
    sr->no_clean_share = (double)sr->n_no_clean / (double)n;
    if (sc->damage.present)
        percentiles(&sr->damaged, &a->damaged);
    sr->n_go_wait_on_path = a->n_go_wait;
    sr->mean_go_wait_s = a->n_go_wait ? hist_xsum_value(&a->go_wait_s) / (double)a->n_go_wait
                                      : 0.0;

    for (int k = 0; k < a->n_stores; k++) {
        struct mc_store_result *so = &sr->stores[k];
        percentiles(&so->rpo, &a->stores[k].loss);
        so->n_no_point = a->stores[k].n_no_point;
        so->n_loses = a->stores[k].n_loses;
        so->loss_share = (double)so->n_loses / (double)n;
        so->damaged = plan_store_damaged(sc, k);
        so->needs_restore = backup_store_needs_restore(&p->stores[k], sc->scope) ||
                            so->damaged;
        if (so->damaged) {
            size_t nr = p->stores[k].n_rules;
            so->clean_rule_n = calloc(nr ? nr : 1, sizeof *so->clean_rule_n);
            if (so->clean_rule_n == NULL)
                return -1;
            for (size_t j = 0; j < nr; j++)
                so->clean_rule_n[j] = a->clean_rule_n[a->rule_first[k] + (int)j];
        }
    }
    for (int v = 0; v < a->n_services; v++) {
        const struct mc_acc_service *t = &a->services[v];
        struct mc_service_result *so = &sr->services[v];
        so->n_back = t->n_back;
        so->back_share = (double)t->n_back / (double)n;
        percentiles(&so->rto, &t->rto);
        percentiles(&so->rpo, &t->rpo);
        /* Without a target hist_init_target registered none: has_target stays 0. */
        objective(&so->rto_obj, &t->rto, conf);
        objective(&so->rpo_obj, &t->rpo, conf);
    }
    return 0;
}

size_t mc_acc_bytes(const struct mc_acc *a)
{
    size_t b = sizeof *a;
    for (int o = 0; o < MC_N_OUTCOMES; o++)
        b += hist_bytes(&a->rto[o]) + hist_bytes(&a->rpo[o]) - 2 * sizeof(struct hist);
    b += hist_bytes(&a->rpo_all) + hist_bytes(&a->full) + hist_bytes(&a->damaged) -
         3 * sizeof(struct hist);
    for (int j = 0; j < MC_FB_N; j++)
        b += hist_bytes(&a->fb[j]) - sizeof(struct hist);
    b += (size_t)a->n_steps * sizeof *a->steps + (size_t)a->n_rules * sizeof(uint64_t);
    for (int k = 0; k < a->n_stores; k++)
        b += hist_bytes(&a->stores[k].loss);
    for (int v = 0; v < a->n_services; v++)
        b += hist_bytes(&a->services[v].rto) + hist_bytes(&a->services[v].rpo);
    for (int i = 0; i < MC_ACC_REP_PAGES; i++)
        if (a->rep[i])
            b += HIST_PAGE * sizeof(uint32_t);
    return b;
}
