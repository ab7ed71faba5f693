/* sim/mc_part.c: partial results of slices of a run (sim/mc_part.h).
 *
 * A partial result is one accumulator per scenario (sim/mc_acc.h) and the slice it covers.
 * The driver (sim/mc.c) plays the slice into accumulators (mc_run_accs) and finishes
 * accumulators into results (mc_finish_accs); this file adds the slicing, the merging of
 * parts and their byte form.
 *
 * Byte form of an accumulator (sim/wire.h, after a tag and the scenario's name so that a
 * part of another plan is refused early): its shape (steps, stores, services, rules), the
 * trial count, every histogram (sim/hist_wire.h), the counts, the exact sums, the chart
 * bins, the largest RTO and its trial, and the touched pages of representative trials.
 * Reading starts from mc_acc_init for the same scenario of the plan read from the shard, so
 * everything derived from the plan (targets, chart edges, rule offsets) comes from the
 * plan, and is checked against what the bytes say: a histogram whose targets are not the
 * plan's is refused.
 */
#include "sim/mc_part.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/hist_wire.h"
#include "sim/mc_acc.h"

#define ACC_TAG 0x63636131u /* "1acc" little-endian: the start of an accumulator */

struct mc_part {
    const struct plan *p;       /* borrowed */
    uint64_t n_trials;          /* of the whole run, per scenario */
    uint64_t first;             /* smallest trial index covered */
    uint64_t count;             /* trials covered (disjoint slices add up) */
    int n_scenarios;
    struct mc_acc *acc;         /* [n_scenarios] */
};

void mc_slice(uint64_t n, uint64_t i, uint64_t k, uint64_t *first, uint64_t *count)
{
    /* floor(j c / k) without overflow: j (c / k) + floor(j (c % k) / k), and j (c % k) <
     * k^2, which fits as k <= 2^32. */
    uint64_t c = n / MC_CHUNK + (n % MC_CHUNK != 0);
    uint64_t q = c / k, r = c % k;
    uint64_t lo = ((i - 1) * q + (i - 1) * r / k) * MC_CHUNK;
    uint64_t hi = (i * q + i * r / k) * MC_CHUNK;
    if (lo > n)
        lo = n;
    if (hi > n)
        hi = n;
    *first = lo;
    *count = hi - lo;
}

static struct mc_part *part_new(const struct plan *p, uint64_t n_trials)
{
    struct mc_part *part = calloc(1, sizeof *part);
    if (!part)
        return NULL;
    part->p = p;
    part->n_trials = n_trials;
    part->n_scenarios = p->n_scenarios;
    return part;
}

enum mc_status mc_run_part(const struct plan *p, uint64_t n_trials, uint64_t first,
                           uint64_t count, uint64_t seed, int threads, mc_progress_fn progress,
                           void *progress_user, const struct mc_sink *sink,
                           struct mc_part **out)
{
    *out = NULL;
    if (n_trials == 0 || n_trials > MC_MAX_TRIALS || first > n_trials ||
        count > n_trials - first)
        return MC_INVALID;
    struct mc_part *part = part_new(p, n_trials);
    if (!part)
        return MC_NOMEM;
    enum mc_status st = mc_run_accs(p, n_trials, first, count, seed, threads, progress,
                                    progress_user, sink, &part->acc);
    if (st != MC_OK) {
        free(part);
        return st;
    }
    part->first = first;
    part->count = count;
    *out = part;
    return MC_OK;
}

void mc_part_range(const struct mc_part *part, uint64_t *first, uint64_t *count)
{
    *first = part->first;
    *count = part->count;
}

int mc_part_merge(struct mc_part *into, const struct mc_part *from)
{
    if (into->p != from->p || into->n_trials != from->n_trials ||
        into->n_scenarios != from->n_scenarios || from->count > into->n_trials - into->count)
        return -1;
    for (int s = 0; s < into->n_scenarios; s++)
        if (mc_acc_merge(&into->acc[s], &from->acc[s]) != 0)
            return into->acc[s].nomem ? -2 : -1;
    if (from->count && (into->count == 0 || from->first < into->first))
        into->first = from->first;
    into->count += from->count;
    return 0;
}

/* ---- bytes ----------------------------------------------------------------------------- */

/* Read a histogram into *h, which mc_acc_init made with the plan's targets: the bytes must
 * carry the same targets. 0, -1 not this plan's, -2 out of memory. */
static int hist_get_same(struct wire_in *r, struct hist *h)
{
    struct hist got;
    int rc = hist_get(r, &got);
    if (rc == 0 && got.n_targets != h->n_targets)
        rc = -1;
    for (int i = 0; rc == 0 && i < got.n_targets; i++)
        if (memcmp(&got.target_s[i], &h->target_s[i], sizeof(double)) != 0)
            rc = -1;
    hist_fini(h);
    if (rc == 0) {
        *h = got;
    } else {
        hist_fini(&got);
        r->bad = 1;
    }
    return rc;
}

static void acc_put(struct wire_out *w, const struct plan *p, const struct mc_acc *a)
{
    wire_put_u64(w, ACC_TAG);
    wire_put_str(w, p->scenarios[a->scenario].name);
    wire_put_u64(w, (uint64_t)a->n_steps);
    wire_put_u64(w, (uint64_t)a->n_stores);
    wire_put_u64(w, (uint64_t)a->n_services);
    wire_put_u64(w, (uint64_t)a->n_rules);
    wire_put_u64(w, a->n);
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        hist_put(w, &a->rto[o]);
        hist_put(w, &a->rpo[o]);
    }
    hist_put(w, &a->rpo_all);
    hist_put(w, &a->full);
    for (int b = 0; b < MC_HIST_BINS; b++) {
        wire_put_u64(w, a->rto_chart.counts[b]);
        wire_put_u64(w, a->rpo_chart.counts[b]);
    }
    wire_put_u64(w, a->n_abandoned);
    wire_put_u64(w, a->n_rpo_no_point);
    wire_put_u64(w, a->n_breach);
    wire_put_u64(w, a->n_go_wait);
    hist_put_xsum(w, &a->go_wait_s);
    wire_put_u64(w, a->fb_n);
    for (int j = 0; j < MC_FB_N; j++)
        hist_put(w, &a->fb[j]);
    hist_put_xsum(w, &a->p_second_loss);
    hist_put(w, &a->damaged);
    wire_put_u64(w, a->n_no_clean);
    for (int j = 0; j < a->n_rules; j++)
        wire_put_u64(w, a->clean_rule_n[j]);
    wire_put_f64(w, a->rto_max_s);
    wire_put_u64(w, a->rto_max_trial);
    uint64_t n_rep = 0;
    for (int g = 0; g < MC_ACC_REP_PAGES; g++)
        n_rep += a->rep[g] != NULL;
    wire_put_u64(w, n_rep);
    for (int g = 0; g < MC_ACC_REP_PAGES; g++) {
        if (!a->rep[g])
            continue;
        wire_put_u64(w, (uint64_t)g);
        for (int j = 0; j < HIST_PAGE; j++)
            wire_put_u64(w, a->rep[g][j]);
    }
    for (int k = 0; k < a->n_steps; k++) {
        const struct mc_acc_step *st = &a->steps[k];
        wire_put_u64(w, st->n_ran);
        wire_put_u64(w, st->n_on_path);
        wire_put_u64(w, st->n_handed);
        wire_put_u64(w, st->handovers);
        hist_put_xsum(w, &st->duration_s);
        hist_put_xsum(w, &st->staff_wait_s);
        hist_put_xsum(w, &st->contribution_s);
    }
    for (int k = 0; k < a->n_stores; k++) {
        wire_put_u64(w, a->stores[k].n_no_point);
        wire_put_u64(w, a->stores[k].n_loses);
        hist_put(w, &a->stores[k].loss);
    }
    for (int v = 0; v < a->n_services; v++) {
        wire_put_u64(w, a->services[v].n_back);
        hist_put(w, &a->services[v].rto);
        hist_put(w, &a->services[v].rpo);
    }
}

/* Read scenario s's accumulator into a (initialized here). 0, -1, -2 as mc_part_get. */
static int acc_get(struct wire_in *r, const struct plan *p, int s, struct mc_acc *a)
{
    if (mc_acc_init(a, p, s) != 0)
        return -2;
    int nomem = 0;
    if (wire_get_u64(r) != ACC_TAG)
        goto bad;
    char *name = wire_get_str(r, 4096, &nomem);
    int same = name && strcmp(name, p->scenarios[s].name) == 0;
    free(name);
    if (nomem)
        return -2;
    if (!same || wire_get_u64(r) != (uint64_t)a->n_steps ||
        wire_get_u64(r) != (uint64_t)a->n_stores ||
        wire_get_u64(r) != (uint64_t)a->n_services || wire_get_u64(r) != (uint64_t)a->n_rules)
        goto bad;
    a->n = wire_get_u64(r);
    int rc = 0;
    for (int o = 0; o < MC_N_OUTCOMES && rc == 0; o++)
        if ((rc = hist_get_same(r, &a->rto[o])) == 0)
            rc = hist_get_same(r, &a->rpo[o]);
    if (rc == 0)
        rc = hist_get_same(r, &a->rpo_all);
    if (rc == 0)
        rc = hist_get_same(r, &a->full);
    if (rc != 0)
        return rc == -2 ? -2 : -1;
    for (int b = 0; b < MC_HIST_BINS; b++) {
        a->rto_chart.counts[b] = wire_get_u64(r);
        a->rpo_chart.counts[b] = wire_get_u64(r);
    }
    a->n_abandoned = wire_get_u64(r);
    a->n_rpo_no_point = wire_get_u64(r);
    a->n_breach = wire_get_u64(r);
    a->n_go_wait = wire_get_u64(r);
    if (hist_get_xsum(r, &a->go_wait_s) != 0)
        goto bad;
    a->fb_n = wire_get_u64(r);
    for (int j = 0; j < MC_FB_N && rc == 0; j++)
        rc = hist_get_same(r, &a->fb[j]);
    if (rc != 0)
        return rc == -2 ? -2 : -1;
    if (hist_get_xsum(r, &a->p_second_loss) != 0)
        goto bad;
    if ((rc = hist_get_same(r, &a->damaged)) != 0)
        return rc == -2 ? -2 : -1;
    a->n_no_clean = wire_get_u64(r);
    for (int j = 0; j < a->n_rules; j++)
        a->clean_rule_n[j] = wire_get_u64(r);
    a->rto_max_s = wire_get_f64(r);
    a->rto_max_trial = wire_get_u64(r);
    uint64_t n_rep = wire_get_u64(r);
    if (r->bad || n_rep > MC_ACC_REP_PAGES)
        goto bad;
    for (uint64_t k = 0; k < n_rep; k++) {
        uint64_t g = wire_get_u64(r);
        if (r->bad || g >= MC_ACC_REP_PAGES || a->rep[g])
            goto bad;
        a->rep[g] = calloc(HIST_PAGE, sizeof *a->rep[g]);
        if (!a->rep[g])
            return -2;
        for (int j = 0; j < HIST_PAGE; j++) {
            uint64_t v = wire_get_u64(r);
            if (v > UINT32_MAX)
                goto bad;
            a->rep[g][j] = (uint32_t)v;
        }
    }
    for (int k = 0; k < a->n_steps; k++) {
        struct mc_acc_step *st = &a->steps[k];
        st->n_ran = wire_get_u64(r);
        st->n_on_path = wire_get_u64(r);
        st->n_handed = wire_get_u64(r);
        st->handovers = wire_get_u64(r);
        if (hist_get_xsum(r, &st->duration_s) != 0 || hist_get_xsum(r, &st->staff_wait_s) != 0 ||
            hist_get_xsum(r, &st->contribution_s) != 0)
            goto bad;
    }
    for (int k = 0; k < a->n_stores; k++) {
        a->stores[k].n_no_point = wire_get_u64(r);
        a->stores[k].n_loses = wire_get_u64(r);
        if ((rc = hist_get_same(r, &a->stores[k].loss)) != 0)
            return rc == -2 ? -2 : -1;
    }
    for (int v = 0; v < a->n_services; v++) {
        a->services[v].n_back = wire_get_u64(r);
        if ((rc = hist_get_same(r, &a->services[v].rto)) != 0 ||
            (rc = hist_get_same(r, &a->services[v].rpo)) != 0)
            return rc == -2 ? -2 : -1;
    }
    /* The trial count is the RTO histograms' over the outcomes. */
    uint64_t n = 0;
    for (int o = 0; o < MC_N_OUTCOMES; o++)
        n += a->rto[o].n;
    if (r->bad || n != a->n || (isnan(a->rto_max_s)))
        goto bad;
    return 0;
bad:
    r->bad = 1;
    return -1;
}

void mc_part_put(struct wire_out *w, const struct mc_part *part)
{
    wire_put_u64(w, part->n_trials);
    wire_put_u64(w, part->first);
    wire_put_u64(w, part->count);
    wire_put_u64(w, (uint64_t)part->n_scenarios);
    for (int s = 0; s < part->n_scenarios; s++)
        acc_put(w, part->p, &part->acc[s]);
}

int mc_part_get(struct wire_in *r, const struct plan *p, struct mc_part **out)
{
    *out = NULL;
    uint64_t n_trials = wire_get_u64(r), first = wire_get_u64(r), count = wire_get_u64(r);
    uint64_t n_sc = wire_get_u64(r);
    if (r->bad || n_trials == 0 || n_trials > MC_MAX_TRIALS || first > n_trials ||
        count > n_trials - first || n_sc != (uint64_t)p->n_scenarios)
        return -1;
    struct mc_part *part = part_new(p, n_trials);
    if (!part || !(part->acc = calloc((size_t)p->n_scenarios, sizeof *part->acc))) {
        free(part);
        return -2;
    }
    part->first = first;
    part->count = count;
    int rc = 0;
    int s = 0;
    for (; s < p->n_scenarios && rc == 0; s++)
        rc = acc_get(r, p, s, &part->acc[s]);
    for (int t = 0; rc == 0 && t < p->n_scenarios; t++)
        if (part->acc[t].n != count)
            rc = -1;
    if (rc != 0) {
        part->n_scenarios = s; /* the accumulators made so far */
        mc_part_free(part);
        return rc;
    }
    *out = part;
    return 0;
}

enum mc_status mc_part_finish(const struct mc_part *part, const struct plan *p, uint64_t seed,
                              int threads, struct mc_results **out)
{
    *out = NULL;
    if (part->p != p || part->first != 0 || part->count != part->n_trials || threads < 1)
        return MC_INVALID;
    /* The threads a whole run would have used (mc_run_local: no more than its units). */
    uint64_t units = (part->n_trials + MC_CHUNK - 1) / MC_CHUNK * (uint64_t)p->n_scenarios;
    return mc_finish_accs(p, part->n_trials, seed,
                          (uint64_t)threads > units ? (int)units : threads, part->acc, out);
}

enum mc_status mc_part_finish_slice(const struct mc_part *part, const struct plan *p,
                                    uint64_t seed, int threads, struct mc_results **out)
{
    *out = NULL;
    if (part->p != p || part->count == 0 || threads < 1)
        return MC_INVALID;
    return mc_finish_accs(p, part->count, seed, threads, part->acc, out);
}

void mc_part_free(struct mc_part *part)
{
    if (!part)
        return;
    for (int s = 0; part->acc && s < part->n_scenarios; s++)
        mc_acc_fini(&part->acc[s]);
    free(part->acc);
    free(part);
}

/* ---- shares ---------------------------------------------------------------------------- */

#define SHARE_TAG UINT64_C(0x6572616873636d31) /* "1mcshare" */

void mc_share_put(struct wire_out *w, enum mc_status st, const struct mc_part *part,
                  const struct mc_sink *sink)
{
    wire_put_u64(w, SHARE_TAG);
    wire_put_u64(w, (uint64_t)st);
    if (st != MC_OK)
        return;
    mc_part_put(w, part);
    wire_put_u64(w, sink != NULL);
    if (sink)
        sink->put(sink->user, w);
}

int mc_share_merge(struct wire_in *r, const struct plan *p, const struct mc_sink *sink,
                   struct mc_part **part, enum mc_status *st)
{
    uint64_t tag = wire_get_u64(r), status = wire_get_u64(r);
    if (r->bad || tag != SHARE_TAG || status > MC_CANCELLED)
        return -1;
    *st = (enum mc_status)status;
    if (*st != MC_OK)
        return 0;
    struct mc_part *got = NULL;
    int rc = mc_part_get(r, p, &got);
    if (rc != 0)
        return rc;
    uint64_t has_sink = wire_get_u64(r);
    if (r->bad || has_sink != (uint64_t)(sink != NULL)) {
        rc = -1;
    } else if (!*part) {
        *part = got;
        got = NULL;
    } else {
        rc = mc_part_merge(*part, got);
    }
    if (rc == 0 && sink && sink->merge(sink->user, r) != 0)
        rc = -1;
    mc_part_free(got);
    return rc;
}
