/* models/backup.c: the newest usable recovery point of each backup rule, and the
 * data a store loses in an outage.
 *
 * This runs for every store in every trial, so it is written to do as little as
 * possible: points are visited newest first with sched_prev (or by subtracting the
 * interval for a fixed-interval schedule), a point's stream is touched only when its
 * completion is random or its failure probability positive, and the walk stops at the
 * first usable point, once retention is exceeded, or once no older point could beat the
 * best one already found from another rule of the same store. With a fixed completion time
 * L, points newer than t - L cannot be complete, so the walk starts at
 * sched_prev(t - L) instead of stepping over them.
 *
 * Draws are keyed, not sequential: the failure uniform and the completion time of the
 * point scheduled at p come from the stream of identity (store, rule name, p rounded
 * to the second) (models/backup.h), failure first, so whether a point is visited, and
 * in which order, changes nothing about any other point's draws.
 *
 * What stores share (models/backup.h, "shared fate and shared capacity") lives in
 * struct backup_shared, one per worker: a failure group's draw is one more keyed uniform
 * in the walk, kept for the trial once drawn (every member with a point at that instant
 * reads the same one); the copy queues are a small processor-sharing computation over
 * the queued rules' newest instants, run once per trial and only when a walk first
 * reaches one of those instants that it does not pass over for its floor or retention
 * and cannot settle from the point's own draws: a point that failed or was not ready by
 * t is not done whatever the queue does, and one ready earlier than the longest wait
 * the queue can give (every copy it could hold, each alone) is done by t. On the
 * built-in plan that spares the queue in four runs of five. When it does not, all the
 * simulated points' failure and completion draws are taken from their own streams, at
 * once when the engine can compute many streams' first blocks together (first_uniforms,
 * in draw_copies), and kept, so the walk draws nothing again for those points; they bound
 * the wait by the copies that can be in the queue with the point (busy_bound_s), which
 * on the built-in plan leaves the queue to run for one point in seven of those.
 * Rules on one schedule (YAML aliases put one backup plan's rules on many stores) share
 * a schedule class whose sched_prev answers are kept: sched_prev is the expensive call
 * for calendar schedules, and every store of a class asks the same instants. Most walks
 * end at their first point: a store's search with shared state judges it from its own
 * draws (first_usable) and starts the walk only past it or when the queue must say.
 * Without shared state, a simple rule (scheduled, a random completion of one uniform,
 * struct backup_rule_ids) is walked by a path of its own that skips the tests its
 * simplicity settles (simple_latest_above), and a store of one such rule without the
 * search's loop. In a region outage two such stores are answered together
 * (backup_store_loss_pair): both first points' blocks come from one call of the engine's
 * generator (two Philox blocks fill one AVX2 register, which one block leaves half empty),
 * and each walk goes on alone only past its first point.
 *
 * A point's completion time is only ever compared (complete, copied by t?), so a
 * lognormal one, whose draw (a normal quantile and an exponential) costs more than the
 * rest of the point, is first known only as the bounds of its uniform's bucket, one of
 * COMP_BUCKETS of equal probability whose ends' quantiles are computed once per
 * distribution when the plan is loaded (backup_bounds_init: rule->complete_bounds); it is
 * computed, from the same uniform, only when the bounds do not decide a comparison (on
 * the built-in plan, for about one walked point in seventy-five). Likewise the key of a
 * rule's point streams is made once per scenario by the caller (struct backup_rule_ids),
 * not by the walk: this file keeps no state between calls but what struct backup_shared
 * holds.
 *
 * None of this changes a number: the kept answers and draws are the ones asking again
 * would give, and which walk runs the queue, or in which order stores are asked, changes
 * no draw (tests/test_backup.c compares them).
 *
 * The walk is capped at BACKUP_MAX_WALK points. Only a pathological rule reaches
 * the cap (a tiny interval with retention forever and nearly certain failure, say);
 * the rule then counts as having no usable point, the conservative answer.
 */
#include "models/backup.h"
#include "models/backup_int.h"

#include <math.h>
#include <stdlib.h>

#include "models/dist.h"
#include "models/sched.h"

#define BACKUP_MAX_WALK 100000   /* points visited per rule per call, at most */
#define COMP_BUCKETS 256         /* buckets of a lognormal completion's uniform (a power of
                                    two: see comp_of) */

/* Parts of a store's or rule's identity (arbitrary distinct tags). */
#define PART_POINT UINT64_C(0x706f696e74)      /* "point": a scheduled point's draws */
#define PART_LAG UINT64_C(0x6c6167)            /* "lag": a continuous rule's lag */
#define PART_REPLICA UINT64_C(0x7265706c696361) /* "replica": an async replica's lag */

/* prev_memo past its check of the last two instants asked. A monthly schedule's answers
 * are kept as spans (struct backup_sched_memo): from the slot whose span holds t, else
 * asked, widening the span of the slot with the same answer or taking a slot of its own.
 * Any other schedule is asked: its answers change daily or sooner, so those of earlier
 * trials are seldom asked again, and asking costs about what searching them would. */
static __attribute__((noinline)) double prev_memo_span(struct backup_sched_memo *m,
                                                       const struct sched *s,
                                                       long epoch_days, double t)
{
    double p;
    if (s->kind != SCHED_MONTHLY) {
        p = sched_prev_quick(s, epoch_days, t);
        goto out;
    }
    for (int i = 0; i < BACKUP_SCHED_MEMO; i++)
        if (m->lo[i] <= t && t <= m->hi[i]) {
            p = m->out[i];
            goto out;
        }
    p = sched_prev_quick(s, epoch_days, t);
    for (int i = 0; i < BACKUP_SCHED_MEMO; i++)
        if (m->out[i] == p) {
            if (t < m->lo[i])
                m->lo[i] = t;
            else
                m->hi[i] = t;
            goto out;
        }
    m->lo[m->next] = m->hi[m->next] = t;
    m->out[m->next] = p;
    m->next = m->next + 1 < BACKUP_SCHED_MEMO ? m->next + 1 : 0;
out:
    m->last_in[1] = m->last_in[0];
    m->last_out[1] = m->last_out[0];
    m->last_in[0] = t;
    m->last_out[0] = p;
    return p;
}

/* sched_prev(s, epoch_days, t) for a rule of schedule class c of bs, from the class's
 * memo when it holds the answer (the same number: sched_prev is a pure function of the
 * schedule's fields, which a class's rules share, the epoch and t). Stores sharing a
 * schedule ask the same instants one after another (the last two asked are checked
 * here, inline); a monthly schedule's answer costs a few hundred instructions of
 * calendar arithmetic. Without bs (or a class) it asks. */
static inline __attribute__((always_inline)) double
prev_memo(struct backup_shared *bs, int c, const struct sched *s, long epoch_days, double t)
{
    if (bs == NULL || c < 0 || epoch_days != bs->memo_epoch)
        return sched_prev_quick(s, epoch_days, t);
    struct backup_sched_memo *m = &bs->memo[c];
    if (m->last_in[0] == t)
        return m->last_out[0];
    if (m->last_in[1] == t)
        return m->last_out[1];
    return prev_memo_span(m, s, epoch_days, t);
}

/* The point scheduled just before p (p is itself an occurrence). For a fixed
 * interval that is exact arithmetic; calendar schedules are at least a day apart,
 * so stepping back one second and asking again (through the memo) is safe against
 * rounding. */
static double previous_memo(struct backup_shared *bs, int c, const struct sched *s,
                            long epoch_days, double p)
{
    if (s->kind == SCHED_EVERY)
        return p - s->interval_s;
    return prev_memo(bs, c, s, epoch_days, p - 1.0);
}

/* llround(x) for finite x (halves away from zero), without the library call: the walk
 * rounds every instant it draws for. (double)i is x truncated and x - (double)i is exact
 * for |x| < 2^62; beyond that llround decides. */
static inline int64_t round_s(double x)
{
    if (!(fabs(x) < 0x1p62))
        return (int64_t)llround(x);
    int64_t i = (int64_t)x;
    if ((double)i == x) /* a whole second, as a schedule's instants nearly always are */
        return i;
    double f = x - (double)i;
    if (f >= 0.5)
        i++;
    else if (f <= -0.5)
        i--;
    return i;
}

/* group_uniform's draw of a uniform it does not keep yet, kept from now on. */
static __attribute__((noinline)) double group_draw(struct backup_shared *bs, int g, double p,
                                                   struct dist_rng *r)
{
    struct backup_group_memo *m = &bs->group_memo[g];
    int64_t at = round_s(p);
    r->select(r, dist_rng_id(bs->group_ids[g], (uint64_t)at));
    double u = r->uniform(r);
    int i;
    if (m->n < BACKUP_MEMO) {
        i = m->n++;
    } else {
        i = m->next;
        m->next = m->next + 1 < BACKUP_MEMO ? m->next + 1 : 0;
    }
    m->at[i] = p;
    m->u[i] = u;
    return u;
}

/* Failure group g's uniform for the instant p: the first uniform of stream (group
 * identity, p rounded to the second), kept for the trial by p itself (every member with
 * a point at that instant reads it; backup_shared_run forgets them; two instants within
 * the same second read the same stream either way). The members after the first find it
 * kept, inline. */
static inline double group_uniform(struct backup_shared *bs, int g, double p, struct dist_rng *r)
{
    const struct backup_group_memo *m = &bs->group_memo[g];
    for (int i = 0; i < m->n; i++)
        if (m->at[i] == p)
            return m->u[i];
    return group_draw(bs, g, p, r);
}

/* What the walk knows of a point's completion time: it lies in [lo, hi]. A fixed or
 * computed completion has lo == hi; a lognormal one drawn with its bucket bounds
 * (complete_bounds) has the bounds of the bucket its uniform u fell in, and is computed
 * from u (comp_value) only when they do not decide a comparison. */
struct comp {
    double lo, hi;
    double u;       /* the completion's uniform (lo < hi only) */
};

/* The completion drawn from uniform u: the very expression sample_u evaluates, so the
 * number the draw would have given. Out of line: the bounds nearly always decide. */
static __attribute__((noinline)) double comp_value(const struct dist *d, double u)
{
    return dist_sample_u(d, u);
}

/* Whether p + c + add <= t, evaluated as that expression is for the point's completion c
 * (complete is its distribution). Floating-point addition rounds monotonically, so the
 * bounds decide it whenever they agree; otherwise the completion is computed. */
static inline int comp_le(const struct dist *complete, struct comp *c, double p, double add,
                          double t)
{
    if (p + c->hi + add <= t)
        return 1;
    if (!(p + c->lo + add <= t))
        return 0;
    c->lo = c->hi = comp_value(complete, c->u);
    return p + c->lo + add <= t;
}

/* An earlier rule of p than rule i of store s (store by store, in rule order) whose
 * completion is the same lognormal distribution, so has the same bounds; NULL: none. */
static struct backup_rule *earlier_same_lognormal(struct plan *p, int s, size_t i)
{
    const struct dist *d = &p->stores[s].rules[i].complete;
    for (int s2 = 0; s2 <= s; s2++)
        for (size_t i2 = 0; i2 < (s2 < s ? p->stores[s2].n_rules : i); i2++) {
            struct backup_rule *e = &p->stores[s2].rules[i2];
            if (e->complete.kind == DIST_LOGNORMAL && e->complete.p[0] == d->p[0] &&
                e->complete.p[1] == d->p[1])
                return e;
        }
    return NULL;
}

int backup_bounds_init(struct plan *p)
{
    size_t n = 0; /* distinct lognormal completions */
    for (int s = 0; s < p->n_stores; s++)
        for (size_t i = 0; i < p->stores[s].n_rules; i++)
            n += p->stores[s].rules[i].complete.kind == DIST_LOGNORMAL &&
                 !earlier_same_lognormal(p, s, i);
    backup_bounds_fini(p);
    if (n == 0)
        return 0;
    p->complete_bounds = malloc(n * 2 * COMP_BUCKETS * sizeof *p->complete_bounds);
    if (p->complete_bounds == NULL)
        return -1;
    size_t used = 0;
    for (int s = 0; s < p->n_stores; s++)
        for (size_t i = 0; i < p->stores[s].n_rules; i++) {
            struct backup_rule *br = &p->stores[s].rules[i];
            br->complete_bounds = NULL;
            if (br->complete.kind != DIST_LOGNORMAL)
                continue;
            const struct backup_rule *e = earlier_same_lognormal(p, s, i);
            if (e) {
                br->complete_bounds = e->complete_bounds;
                continue;
            }
            /* A distribution dist_lognormal_bounds declines leaves its table to the next. */
            double *b = p->complete_bounds + used * 2 * COMP_BUCKETS;
            if (dist_lognormal_bounds(&br->complete, COMP_BUCKETS, 0, b)) {
                br->complete_bounds = b;
                used++;
            }
        }
    return 0;
}

void backup_bounds_fini(struct plan *p)
{
    for (int s = 0; p->stores && s < p->n_stores; s++)
        for (size_t i = 0; p->stores[s].rules && i < p->stores[s].n_rules; i++)
            p->stores[s].rules[i].complete_bounds = NULL;
    free(p->complete_bounds);
    p->complete_bounds = NULL;
}

/* The key of the streams of the points of the rule whose identity is rule_id (struct
 * backup_rule_ids). */
static inline uint64_t point_key_of(uint64_t rule_id)
{
    return dist_rng_id_key(dist_rng_id(rule_id, PART_POINT));
}

/* A point's draws (point_draw): its failure uniform, and its completion or, when the
 * walk asked for the uniform of a lognormal completion instead, that uniform. */
struct point_draws {
    double u_fail;
    double x;
};

/* The draws of the point of rule `rule` scheduled at p, from the point's own stream (rule
 * identity, "point", p rounded to the second: key is the rule's point_key, struct
 * backup_rule_ids): first the failure uniform, then the completion, which a fixed one
 * does not draw (x is then its value); with want_u, a lognormal completion's uniform
 * instead (complete_bounds). The failure uniform is taken even when the failure
 * probability is 0, so the completion draws never depend on it. Inlined: nearly every
 * walk that gets past its checks draws its first point (in the built-in plan 85 in 100
 * walks draw one point, 5 in 100 two). */
static inline __attribute__((always_inline)) struct point_draws
point_draw(const struct backup_rule *rule, uint64_t key, double p, struct dist_rng *r, int want_u)
{
    const uint64_t sid = dist_rng_id_part(key, (uint64_t)round_s(p));
    if (rule->complete.kind != DIST_GAMMA && r->first_two) {
        /* Both uniforms from one call (a fixed completion leaves the second unread). */
        struct dist_u2 u = r->first_two(r, sid);
        struct point_draws d = {u.u0, rule->complete.p[0]};
        if (rule->complete.kind != DIST_FIXED)
            d.x = want_u ? u.u1 : dist_sample_u(&rule->complete, u.u1);
        return d;
    }
    r->select(r, sid);
    struct point_draws d = {r->uniform(r), rule->complete.p[0]};
    if (rule->complete.kind == DIST_GAMMA) {
        d.x = dist_sample(&rule->complete, r);
    } else if (rule->complete.kind != DIST_FIXED) {
        double u = r->uniform(r);
        d.x = want_u ? u : dist_sample_u(&rule->complete, u);
    }
    return d;
}

/* The completion point_draw gave (x), as struct comp: the bounds of the bucket of its
 * uniform when there are bounds (a lognormal completion, asked with want_u). */
static inline struct comp comp_of(const double *bounds, double x)
{
    if (!bounds)
        return (struct comp){x, x, 0.0};
    /* x * COMP_BUCKETS is exact (a power of two), so x lies in bucket b. */
    int b = (int)(x * COMP_BUCKETS);
    if (b > COMP_BUCKETS - 1)
        b = COMP_BUCKETS - 1;
    return (struct comp){bounds[2 * b], bounds[2 * b + 1], x};
}

static void run_queues(struct backup_shared *bs, struct dist_rng *r);
static void draw_copies(struct backup_shared *bs, struct dist_rng *r);
static double busy_bound_s(const struct backup_shared *bs, int k, double ready);
static void find_instants(struct backup_shared *bs);

/* The failure probability of rule's failure group (0: none, or no bs). */
static inline double group_prob(const struct backup_shared *bs, const struct backup_rule *rule)
{
    return bs && rule->group ? bs->p->groups[rule->group - 1].failure_prob : 0.0;
}

/* The points of a rule from p (its newest point that could be usable: newer than the
 * floor and retained) back, as rule_latest_above describes. Made twice: with shared
 * state out of line (rule_walk), as most rules of a store stop before their first point
 * and their calls then cost only the checks before it; without it (no failure groups, no
 * copy queues) inlined into the store's search, which then has none of their code and
 * whose stores mostly walk their one or two rules. key is the rule's point_key (struct
 * backup_rule_ids). `visited` points newer than p were passed over already (counted
 * against BACKUP_MAX_WALK). */
static inline __attribute__((always_inline)) double
rule_walk_in(const struct backup_rule *rule, long epoch_days, double t, double t_ret,
             struct dist_rng *r, uint64_t key, double floor_p, struct backup_shared *bs, int k,
             double skipped[2], double p, long visited)
{
    const struct sched *s = &rule->schedule;
    const double q = rule->failure_prob, qg = bs ? bs->rule_qg[k] : 0.0;
    const int fixed = rule->complete.kind == DIST_FIXED;
    /* Every point is lost to the group (a trace has said so already). */
    if (qg >= 1.0)
        return -INFINITY;
    /* The queued copies: their time alone, and the newest instants, whose copies the
     * queue finishes; they are run when the walk first reaches such an instant (it is
     * one of sched_prev's answers, as the walk's are). */
    const int queued = bs && rule->copy_region && bs->has_copies;
    const double alone = queued ? bs->copy_alone_s[k] : 0.0;
    const double horizon = queued ? bs->t - BACKUP_COPY_HORIZON_S : INFINITY;
    const int c_sched = bs ? bs->rule_sched[k] : -1;
    const double *cp = queued ? bs->class_point_s + (size_t)c_sched * BACKUP_COPY_POINTS : NULL;
    const double *cd = queued ? bs->copy_done_s + (size_t)k * BACKUP_COPY_POINTS : NULL;
    const double *bounds = rule->complete_bounds;
    for (long i = visited; i < BACKUP_MAX_WALK; i++) {
        struct comp c = {rule->complete.p[0], rule->complete.p[0], 0.0};
        double u_fail = 1.0;
        /* Whether the point was usable by t: its own completion, then (a queued copy) its
         * transfer: from the queue for the newest instants (whose draws the queue
         * already took, from the same streams), alone for older ones. */
        int done_by_t = 0;
        double done = NAN; /* (from the queue) its finishing time */
        int from_queue = 0, drawn = 0, decided = 0, need_queue = queued && p >= horizon;
        if (need_queue && !bs->queues_run && !skipped && bs->settle_by_bound) {
            /* Before the queue has run, the point's own draws (the ones the queue would
             * take) may settle it without the queue: when it failed, when it was not
             * ready by t (no copy of it runs, or alone it would end after t), or when it
             * was ready so early that even the longest wait any queue can give it
             * (copy_bound_s, or when that is not enough, settle_bound_s over this t's
             * instants, or when that is not enough, busy_bound_s over the copies that
             * can share the queue with it, from all their draws) ends by t. Only whether
             * it was done by t is read below; and an instant the queue does not simulate
             * is copied alone. (A trace runs the queue: its reasons read the finishing
             * time of failed points too; so does a plan with few queued rules,
             * bs->settle_by_bound.) */
            int slot = -1; /* the point's in copy_ufail (its draws), once drawn */
            for (int j = 0; bs->copies_drawn && j < BACKUP_COPY_POINTS; j++)
                if (cp[j] == p)
                    slot = k * BACKUP_COPY_POINTS + j;
            if (slot >= 0) {
                u_fail = bs->copy_ufail[slot];
                c = (struct comp){bs->copy_c_s[slot], bs->copy_c_hi[slot], bs->copy_c_u[slot]};
            } else if (q > 0.0 || !fixed) {
                struct point_draws d = point_draw(rule, key, p, r, bounds != NULL);
                u_fail = d.u_fail;
                c = comp_of(bounds, d.x);
            }
            drawn = 1;
            if (u_fail < q || !comp_le(&rule->complete, &c, p, 0.0, t)) {
                decided = 1;
            } else if (comp_le(&rule->complete, &c, p, bs->copy_bound_s[k], t)) {
                done_by_t = 1;
                decided = 1;
            } else {
                if (!bs->instants_found)
                    find_instants(bs);
                int simulated = 0;
                for (int j = 0; j < BACKUP_COPY_POINTS; j++)
                    simulated |= cp[j] == p;
                need_queue = simulated;
                if (simulated && comp_le(&rule->complete, &c, p, bs->settle_bound_s, t)) {
                    done_by_t = 1;
                    decided = 1;
                } else if (simulated) {
                    if (!bs->copies_drawn)
                        draw_copies(bs, r);
                    if (c.lo != c.hi)
                        c.lo = c.hi = comp_value(&rule->complete, c.u);
                    if (p + c.lo + busy_bound_s(bs, k, p + c.lo) <= t) {
                        done_by_t = 1;
                        decided = 1;
                    }
                }
            }
            need_queue = need_queue && !decided;
        }
        if (need_queue) {
            if (!bs->queues_run)
                run_queues(bs, r);
            for (int j = 0; j < BACKUP_COPY_POINTS; j++)
                if (cp[j] == p) {
                    done = cd[j];
                    done_by_t = done <= t;
                    u_fail = bs->copy_ufail[(size_t)k * BACKUP_COPY_POINTS + (size_t)j];
                    c.lo = c.hi = bs->copy_c_s[(size_t)k * BACKUP_COPY_POINTS + (size_t)j];
                    from_queue = 1;
                }
        }
        if (!from_queue && !drawn && (q > 0.0 || !fixed)) {
            struct point_draws d = point_draw(rule, key, p, r, bounds != NULL);
            u_fail = d.u_fail;
            c = comp_of(bounds, d.x);
        }
        if (!from_queue && !decided)
            done_by_t = comp_le(&rule->complete, &c, p, alone, t);
        int group_failed = 0;
        if (qg > 0.0 && done_by_t && u_fail >= q) {
            /* The group's stream for this instant: shared by every member. */
            group_failed = group_uniform(bs, rule->group - 1, p, r) < qg;
        }
        if (done_by_t && u_fail >= q && !group_failed)
            return p;
        /* Why it was passed over, for the trace (newest instant per reason; the walk
         * goes newest first, so the first one seen is kept). */
        if (skipped && group_failed && p > skipped[0])
            skipped[0] = p;
        if (skipped && from_queue && p + c.lo + alone <= t && done > t && p > skipped[1])
            skipped[1] = p;
        p = previous_memo(bs, c_sched, s, epoch_days, p);
        if (!isfinite(p) || p <= floor_p || t_ret - p > rule->retention_s)
            return -INFINITY;
    }
    return -INFINITY;
}

static __attribute__((noinline)) double rule_walk(const struct backup_rule *rule, long epoch_days,
                                                  double t, double t_ret, struct dist_rng *r,
                                                  uint64_t key, double floor_p,
                                                  struct backup_shared *bs, int k,
                                                  double skipped[2], double p,
                                                  long visited)
{
    return rule_walk_in(rule, epoch_days, t, t_ret, r, key, floor_p, bs, k, skipped, p, visited);
}

/* rule_walk without shared state, from the point p before a rule's first point, which
 * first_usable_plain found not usable (so one point is visited already). Out of line: most
 * walks end at their first point. */
static __attribute__((noinline)) double rule_walk_plain(const struct backup_rule *rule,
                                                        long epoch_days, double t, double t_ret,
                                                        struct dist_rng *r, uint64_t key,
                                                        double floor_p, double skipped[2],
                                                        double p)
{
    return rule_walk_in(rule, epoch_days, t, t_ret, r, key, floor_p, NULL, 0, skipped, p, 1);
}

/* Whether a rule's first point p is usable by t without shared state, from its own draws:
 * complete by t and not failed, as rule_walk_in's first step finds it (without shared state
 * nothing else passes a point over, and a walk asked for reasons finds none to give). */
static inline __attribute__((always_inline)) int
first_usable_plain(const struct backup_rule *rule, double t, struct dist_rng *r, uint64_t key,
                   double p)
{
    struct comp c = {rule->complete.p[0], rule->complete.p[0], 0.0};
    double u_fail = 1.0;
    if (rule->failure_prob > 0.0 || rule->complete.kind != DIST_FIXED) {
        struct point_draws d = point_draw(rule, key, p, r, rule->complete_bounds != NULL);
        u_fail = d.u_fail;
        c = comp_of(rule->complete_bounds, d.x);
    }
    return comp_le(&rule->complete, &c, p, 0.0, t) && u_fail >= rule->failure_prob;
}

/* What first_usable found of a rule's first point. */
enum { FIRST_USABLE, FIRST_NOT_USABLE, FIRST_ASK_WALK };

/* Whether the point of rule (global index k in bs) at p, its first that could be usable
 * (first_point), is usable by t, from its own draws alone, as rule_walk's first step (asked
 * no reasons) finds it: usable when complete (and, a queued copy, copied alone, or of a
 * newest instant done by copy_bound_s before the queue has run) and neither it nor its
 * failure group's draw failed; not usable when one of those says no; and FIRST_ASK_WALK
 * when rule_walk must read more (the queue, the bounds over the simulated points): the
 * caller then walks from p, which takes this point's draws again from the same streams.
 * Once a walk has taken the simulated points' draws (draw_copies), a newest instant's are
 * read from there, as rule_walk reads them: in a region outage the walks of the stores
 * after it mostly end at such a point. Most walks end at their first point, and this costs
 * none of the walk's setup. */
static inline __attribute__((always_inline)) int
first_usable(const struct backup_rule *rule, double t, struct dist_rng *r, uint64_t key,
             struct backup_shared *bs, int k, double p)
{
    const double q = rule->failure_prob, qg = bs->rule_qg[k];
    const int queued = rule->copy_region && bs->has_copies;
    const int newest = queued && p >= bs->t - BACKUP_COPY_HORIZON_S;
    if (qg >= 1.0 || (newest && (bs->queues_run || !bs->settle_by_bound)))
        return FIRST_ASK_WALK;
    struct comp c = {rule->complete.p[0], rule->complete.p[0], 0.0};
    double u_fail = 1.0;
    /* A newest instant whose draws the queue's took already (draw_copies): from there, as
     * rule_walk reads them. */
    int slot = -1;
    if (newest && bs->copies_drawn) {
        const double *cp = bs->class_point_s + (size_t)bs->rule_sched[k] * BACKUP_COPY_POINTS;
        for (int j = 0; j < BACKUP_COPY_POINTS; j++)
            if (cp[j] == p)
                slot = k * BACKUP_COPY_POINTS + j;
    }
    if (slot >= 0) {
        u_fail = bs->copy_ufail[slot];
        c = (struct comp){bs->copy_c_s[slot], bs->copy_c_hi[slot], bs->copy_c_u[slot]};
    } else if (q > 0.0 || rule->complete.kind != DIST_FIXED) {
        struct point_draws d = point_draw(rule, key, p, r, rule->complete_bounds != NULL);
        u_fail = d.u_fail;
        c = comp_of(rule->complete_bounds, d.x);
    }
    if (u_fail < q)
        return FIRST_NOT_USABLE;
    if (newest) {
        if (!comp_le(&rule->complete, &c, p, 0.0, t))
            return FIRST_NOT_USABLE;
        if (!comp_le(&rule->complete, &c, p, bs->copy_bound_s[k], t))
            return FIRST_ASK_WALK;
    } else if (!comp_le(&rule->complete, &c, p, queued ? bs->copy_alone_s[k] : 0.0, t)) {
        return FIRST_NOT_USABLE;
    }
    if (qg > 0.0 && group_uniform(bs, rule->group - 1, p, r) < qg)
        return FIRST_NOT_USABLE;
    return FIRST_USABLE;
}

/* Newest usable point of a rule that is newer than `floor`, or -INFINITY if there is
 * none; the rule's copies survive the outage (the caller checks: location_survives). A
 * point is usable when it was done by t (complete, copied) and still retained at t_ret:
 * an outage judges both at its start (t_ret = t); logical damage judges completion at
 * the onset (t) and retention at detection (t_ret > t). floor lets the store-level
 * search skip rules that cannot improve on a point another rule already gave;
 * -INFINITY asks for the rule's own answer. A continuous rule gives p = t - lag when p
 * is still within retention at t_ret (an outage: the lag is within retention; its
 * failure probability does not apply: lag already models shipping delays). With bs, t
 * is bs->t (backup_shared_run). id and key are the rule's (struct backup_rule_ids).
 * Inlined into its callers as far as the rule's newest point that could be usable
 * (rule_walk goes on from there). */
static inline __attribute__((always_inline)) double
rule_latest_above(const struct backup_rule *rule, long epoch_days, double t, double t_ret,
                  struct dist_rng *r, uint64_t id, uint64_t key, double floor_p,
                  struct backup_shared *bs, int k, double skipped[2])
{
    const struct sched *s = &rule->schedule;
    double p;

    if (s->kind == SCHED_CONTINUOUS) {
        double lag = rule->lag.p[0];
        if (rule->lag.kind != DIST_FIXED) {
            r->select(r, dist_rng_id(id, PART_LAG));
            lag = dist_sample(&rule->lag, r);
        }
        p = t - lag;
        if (t_ret - p > rule->retention_s || p <= floor_p)
            return -INFINITY;
        return p;
    }
    if (rule->failure_prob >= 1.0)
        return -INFINITY;
    /* Every point is lost to the group: said without walking them (for a trace here;
     * otherwise, as the answer is the same, only once a walk would begin). */
    if (skipped && group_prob(bs, rule) >= 1.0) {
        skipped[0] = t;
        return -INFINITY;
    }
    int fixed = rule->complete.kind == DIST_FIXED;
    double fixed_l = rule->complete.p[0];
    if (fixed && isinf(fixed_l))
        return -INFINITY;
    /* A point is at or before the newest time it could be at; when that is already no
     * better than the floor (or past retention), the walk would stop at once. A queued
     * copy also waits for its transfer (at least its time alone). */
    int queued = bs && rule->copy_region && bs->has_copies;
    double newest = fixed ? t - fixed_l - (queued ? bs->copy_alone_s[k] : 0.0) : t;
    if (newest <= floor_p || t_ret - newest > rule->retention_s)
        return -INFINITY;
    p = prev_memo(bs, bs ? bs->rule_sched[k] : -1, s, epoch_days, newest);
    if (!isfinite(p) || p <= floor_p || t_ret - p > rule->retention_s)
        return -INFINITY;
    if (bs == NULL) {
        /* Most walks end at their first point: judged here, before the walk's setup. */
        if (first_usable_plain(rule, t, r, key, p))
            return p;
        p = previous_memo(NULL, -1, s, epoch_days, p);
        if (!isfinite(p) || p <= floor_p || t_ret - p > rule->retention_s)
            return -INFINITY;
        return rule_walk_plain(rule, epoch_days, t, t_ret, r, key, floor_p, skipped, p);
    }
    return rule_walk(rule, epoch_days, t, t_ret, r, key, floor_p, bs, k, skipped, p, 0);
}

/* Whether the point of a simple rule (struct backup_rule_ids) at p was usable by t, from
 * its draws u (two uniforms from one block, failure first): it completed by t and did not
 * fail, as rule_walk_in's step finds it without shared state. */
static inline __attribute__((always_inline)) int
simple_usable_u(const struct backup_rule *rule, double t, double p, struct dist_u2 u)
{
    const double *bounds = rule->complete_bounds;
    struct comp c =
        comp_of(bounds, bounds != NULL ? u.u1 : dist_sample_u(&rule->complete, u.u1));
    /* comp_le(p, 0.0, t) without its addend: adding 0 to p + c only turns -0 into +0,
     * which compares the same. */
    if (!(p + c.hi <= t)) {
        if (!(p + c.lo <= t))
            return 0;
        c.lo = comp_value(&rule->complete, c.u);
        if (!(p + c.lo <= t))
            return 0;
    }
    return u.u0 >= rule->failure_prob;
}

/* simple_usable_u with the point's draws from its own stream. */
static inline __attribute__((always_inline)) int
simple_usable(const struct backup_rule *rule, double t, struct dist_rng *r, uint64_t key,
              double p)
{
    const uint64_t sid = dist_rng_id_part(key, (uint64_t)round_s(p));
    struct dist_u2 u;
    if (r->first_two) {
        u = r->first_two(r, sid);
    } else {
        r->select(r, sid);
        u.u0 = r->uniform(r);
        u.u1 = r->uniform(r);
    }
    return simple_usable_u(rule, t, p, u);
}

/* The point scheduled just before p, an occurrence of s (previous_memo without shared
 * state, inline). */
static inline __attribute__((always_inline)) double simple_previous(const struct sched *s,
                                                                    long epoch_days, double p)
{
    return s->kind == SCHED_EVERY ? p - s->interval_s : sched_prev_quick(s, epoch_days, p - 1.0);
}

/* simple_latest_above's walk on from its first point p, which was not usable (so one point
 * is visited already, as rule_walk_plain counts). Out of line: most walks end at their
 * first point. */
static __attribute__((noinline)) double simple_walk(const struct backup_rule *rule,
                                                    long epoch_days, double t,
                                                    struct dist_rng *r, uint64_t key,
                                                    double floor_p, double p)
{
    const struct sched *s = &rule->schedule;
    for (long i = 1; i < BACKUP_MAX_WALK; i++) {
        p = simple_previous(s, epoch_days, p);
        if (!isfinite(p) || p <= floor_p || t - p > rule->retention_s)
            return -INFINITY;
        if (simple_usable(rule, t, r, key, p))
            return p;
    }
    return -INFINITY;
}

/* rule_latest_above in an outage (t_ret = t) without shared state, for a simple rule
 * (struct backup_rule_ids): the same answer without the tests whose outcome its simplicity
 * settles. It is scheduled and fails less than always; its completion is random, so its
 * newest possible point is t itself, which is retained (t - t = 0, its retention is not
 * negative) and, when it is no better than the floor, leaves sched_prev's answer no better
 * either. Its first point is judged inline, and the walk goes on out of line. */
static inline __attribute__((always_inline)) double
simple_latest_above(const struct backup_rule *rule, long epoch_days, double t,
                    struct dist_rng *r, uint64_t key, double floor_p)
{
    const double p = sched_prev_quick(&rule->schedule, epoch_days, t);
    if (!isfinite(p) || p <= floor_p || t - p > rule->retention_s)
        return -INFINITY;
    if (simple_usable(rule, t, r, key, p))
        return p;
    return simple_walk(rule, epoch_days, t, r, key, floor_p, p);
}

double backup_rule_latest(const struct backup_rule *rule, enum outage_scope scope,
                          long epoch_days, double t, struct dist_rng *r, uint64_t id)
{
    if (!location_survives(rule->location, scope))
        return -INFINITY;
    return rule_latest_above(rule, epoch_days, t, t, r, id, point_key_of(id), -INFINITY, NULL,
                             0, NULL);
}

uint64_t backup_rule_id(uint64_t store_id, const struct backup_rule *rule)
{
    return dist_rng_id_name(store_id, rule->name);
}

struct backup_rule_ids backup_rule_ids_of(uint64_t store_id, const struct backup_rule *rule)
{
    uint64_t id = backup_rule_id(store_id, rule);
    const int simple = rule->schedule.kind != SCHED_CONTINUOUS && rule->failure_prob < 1.0 &&
                       rule->retention_s >= 0.0 && rule->complete.kind != DIST_FIXED &&
                       rule->complete.kind != DIST_GAMMA;
    return (struct backup_rule_ids){id, point_key_of(id), simple};
}

/* A new stamp for the first points of (epoch_days, t, t_ret) (struct backup_shared). */
static __attribute__((noinline)) void first_restamp(struct backup_shared *bs, long epoch_days,
                                                    double t, double t_ret)
{
    bs->first_for[0] = (double)epoch_days;
    bs->first_for[1] = t;
    bs->first_for[2] = t_ret;
    bs->first_now++;
}

/* The first point of the rules of w's first class (schedule s) for an outage at t whose
 * retention is judged at t_ret: rule_latest_above's newest point that could be usable,
 * before any floor, or -INFINITY when it has none (retention, no point). A floor passes
 * it over whenever rule_latest_above would: the point is at or before the newest time,
 * so it is no better than a floor that time is not, and its age at t_ret no less. */
static __attribute__((noinline)) void first_point(struct backup_shared *bs,
                                                  const struct backup_rule_pre *w,
                                                  const struct sched *s, long epoch_days,
                                                  double t, double t_ret, uint64_t stamp)
{
    double newest = t - w->off_fixed - w->off_alone, p = -INFINITY;
    if (!(t_ret - newest > w->retention_s)) {
        p = prev_memo(bs, w->sched, s, epoch_days, newest);
        if (!isfinite(p) || t_ret - p > w->retention_s)
            p = -INFINITY;
    }
    bs->first_p[w->first_class] = p;
    bs->first_stamp[w->first_class] = stamp;
}

/* A bound on the first point (first_point) of a rule whose points are all at one time
 * of day (w->by_day): the latest instant of that time of day at or before its newest
 * time, or up to a second after it, as sched_prev's day_start_utc writes it (so the
 * same bits for the same day). Every point at or before the newest time is on that day
 * or an earlier one, so no later than the bound: a bound no better than the store's
 * best so far passes the rule over without sched_prev. The second's margin keeps the
 * day from being one too early when the subtraction and division round. Under logical
 * damage a continuous rule (PITR, minutes behind the onset) usually answers first, and
 * the scheduled rules after it then need no walk back through the calendar. */
#define FIRST_BOUND (UINT64_C(1) << 63) /* in first_stamp: first_p holds day_bound */
static inline double day_bound(const struct backup_rule_pre *w, double t)
{
    double newest = t - w->off_fixed - w->off_alone;
    double d = floor((newest - w->day_offset_s + w->day_tz_s + 1.0) / 86400.0);
    return d * 86400.0 + w->day_offset_s - w->day_tz_s;
}

/* masked_newest's first point of rule k (schedule s) when its first class keeps none for
 * stamp: made (first_point), or, with `bounded` (under damage without deletion, once the
 * store has a point best) for a rule whose points are all at one time of day, its class's
 * day_bound, kept in the point's place (flagged in the stamp) until the point itself is
 * wanted. Not under deletion: the PITR is gone, and a later store wants the exact point
 * anyway (measured: the ransomware trial cost more with it). Returns 1 when that bound
 * passes the rule over (no better than best), 0 when first_p holds the point. Apart from
 * masked_newest's loop so that a rule it passes over reads nothing of the rule but its
 * first class (bs->rule_fc): every store after the first finds its classes' points kept. */
static inline __attribute__((always_inline)) int
first_miss(struct backup_shared *bs, int k, const struct sched *s, int bounded, double best,
           long epoch_days, double t, double t_ret, uint64_t stamp)
{
    const struct backup_rule_pre *w = &bs->pre[k];
    const int fc = w->first_class;
    if (bounded && w->by_day) {
        if (bs->first_stamp[fc] != (stamp | FIRST_BOUND)) {
            bs->first_p[fc] = day_bound(w, t);
            bs->first_stamp[fc] = stamp | FIRST_BOUND;
        }
        if (bs->first_p[fc] <= best)
            return 1;
    }
    first_point(bs, w, s, epoch_days, t, t_ret, stamp);
    return 0;
}

/* store_newest's search with shared state: the newest usable point over the rules of
 * store st (its first rule is k0 in bs) in mask m (bs->rule_masks), above the first points
 * kept for bs->first_now (the caller stamps them for epoch_days, t and t_ret: they stay
 * the same while it searches many stores), *best_i the rule that gave it (left alone when
 * none did). With skipped (a trace) every rule goes through rule_latest_above, which
 * records its reasons there. */
static inline __attribute__((always_inline)) double
masked_newest(const struct store *st, int k0, uint64_t m, long epoch_days, double t,
              double t_ret, int damage, int deleted, struct dist_rng *r,
              const struct backup_rule_ids *rule_ids, struct backup_shared *bs,
              double skipped[2], int *best_i)
{
    const uint64_t stamp = bs->first_now;
    double best = -INFINITY;
    const int *rule_fc = bs->rule_fc + k0;
    for (; m; m &= m - 1) {
        size_t i = (size_t)__builtin_ctzll(m);
        const int fc = rule_fc[i];
        double p;
        if (skipped || fc < 0) {
            p = rule_latest_above(&st->rules[i], epoch_days, t, t_ret, r, rule_ids[i].id,
                                  rule_ids[i].point_key, best, bs, k0 + (int)i, skipped);
        } else {
            /* rule_latest_above's checks, from the first point kept for the rule's first
             * class: a rule whose first point is no better than best is passed over. */
            if (bs->first_stamp[fc] != stamp &&
                first_miss(bs, k0 + (int)i, &st->rules[i].schedule,
                           damage && !deleted && best > -INFINITY, best, epoch_days, t, t_ret,
                           stamp))
                continue;
            p = bs->first_p[fc];
            if (p <= best)
                continue;
            /* Most walks end at their first point: first_usable says so without
             * rule_walk's setup, or that it is not usable, and the walk goes on from
             * the point before it, as rule_walk would. */
            const struct backup_rule *br = &st->rules[i];
            const int first = first_usable(br, t, r, rule_ids[i].point_key, bs, k0 + (int)i, p);
            if (first == FIRST_NOT_USABLE) {
                p = previous_memo(bs, bs->rule_sched[k0 + (int)i], &br->schedule, epoch_days, p);
                if (!isfinite(p) || p <= best || t_ret - p > br->retention_s)
                    continue;
            }
            if (first != FIRST_USABLE)
                p = rule_walk(br, epoch_days, t, t_ret, r, rule_ids[i].point_key, best, bs,
                              k0 + (int)i, NULL, p, first == FIRST_NOT_USABLE);
        }
        if (p > best) {
            best = p;
            *best_i = (int)i;
        }
    }
    return best;
}

/* The newest point over a store's rules, done by t and retained at t_ret (see
 * rule_latest_above), searched with a rising floor so that a rule which cannot beat the
 * best point so far costs no draws; -INFINITY when there is none. With `deleted` the
 * rules that are not immutable lost their points to the adversary: they are skipped,
 * and only when *why is wanted (the trace) are they walked afterwards, above the
 * answer, to say whether one of them would have given a newer point
 * (BACKUP_WHY_DELETED). Every walk draws from the points' own streams, so the extra
 * walks change nothing. *used (when not NULL) gets the index of the rule that gave the
 * point, -1 when none did. Inlined into both callers so that the outage's copy, with
 * t_ret = t and nothing deleted, costs what the walk cost before damage existed; damage
 * (a constant in each copy) turns on the day_bound test, made for the damage walk. A
 * rule's identities come from rule_ids, made from id when it is NULL. */
static inline __attribute__((always_inline)) double
store_newest(const struct store *st, int s, enum outage_scope scope, long epoch_days, double t,
             double t_ret, int damage, int deleted, struct dist_rng *r, uint64_t id,
             const struct backup_rule_ids *rule_ids, struct backup_shared *bs, int *why,
             int *used)
{
    double best = -INFINITY;
    double skipped[2] = {-INFINITY, -INFINITY}; /* newest instant a group failure, a queued
                                                   copy passed over */
    int best_i = -1;
    const unsigned keeps = surviving_locations(scope);
    const int k0 = bs ? bs->rule_first[s] : 0; /* the store's first rule in bs */

    if (bs && bs->rule_masks && rule_ids && (unsigned)scope <= OUTAGE_NONE) {
        if (bs->first_for[0] != (double)epoch_days || bs->first_for[1] != t ||
            bs->first_for[2] != t_ret)
            first_restamp(bs, epoch_days, t, t_ret);
        best = masked_newest(st, k0,
                             bs->rule_masks[(size_t)s * 6 + (size_t)scope * 2 + (deleted != 0)],
                             epoch_days, t, t_ret, damage, deleted, r, rule_ids, bs,
                             why ? skipped : NULL, &best_i);
    } else {
        for (size_t i = 0; i < st->n_rules; i++) {
            /* Copies the outage destroys are skipped. */
            if (!(keeps >> st->rules[i].location & 1u) || (deleted && !st->rules[i].immutable))
                continue;
            struct backup_rule_ids ri =
                rule_ids ? rule_ids[i] : backup_rule_ids_of(id, &st->rules[i]);
            /* An outage's walk without shared state (nothing for a trace to record). */
            double p = bs == NULL && !damage && ri.simple
                           ? simple_latest_above(&st->rules[i], epoch_days, t, r,
                                                 ri.point_key, best)
                           : rule_latest_above(&st->rules[i], epoch_days, t, t_ret, r, ri.id,
                                               ri.point_key, best, bs, k0 + (int)i,
                                               why ? skipped : NULL);
            if (p > best) {
                best = p;
                best_i = (int)i;
            }
        }
    }
    if (used)
        *used = best_i;
    if (!why)
        return best;
    /* A reason counts only when it passed over a point newer than the store's answer
     * (another rule may have given a newer point than the one a group failure cost). */
    if (skipped[0] > best)
        *why |= BACKUP_WHY_GROUP;
    if (skipped[1] > best)
        *why |= BACKUP_WHY_QUEUED;
    for (size_t i = 0; deleted && i < st->n_rules; i++) {
        if (!(keeps >> st->rules[i].location & 1u) || st->rules[i].immutable)
            continue;
        struct backup_rule_ids ri =
            rule_ids ? rule_ids[i] : backup_rule_ids_of(id, &st->rules[i]);
        if (rule_latest_above(&st->rules[i], epoch_days, t, t_ret, r, ri.id, ri.point_key, best,
                              bs, k0 + (int)i, NULL) > best) {
            *why |= BACKUP_WHY_DELETED;
            break;
        }
    }
    return best;
}

/* The loss in an outage from store_newest (t_ret = t, nothing deleted), inlined into
 * backup_store_loss_shared: the engine reads the stores answered without a walk (zone
 * redundancy, rebuilt, no scope) from its own table, so nearly every call walks. (Without
 * shared state, backup_store_loss has the walk's own copy, with none of this one's code.) */
static inline __attribute__((always_inline)) double
outage_loss(const struct store *st, int s, enum outage_scope scope, long epoch_days, double t,
            struct dist_rng *r, uint64_t id, const struct backup_rule_ids *rule_ids,
            struct backup_shared *bs, int *why)
{
    double best =
        store_newest(st, s, scope, epoch_days, t, t, 0, 0, r, id, rule_ids, bs, why, NULL);
    return isfinite(best) ? t - best : INFINITY;
}

/* An asynchronous replica's drawn lag (its own stream). */
static __attribute__((noinline)) double replica_lag(const struct store *st, struct dist_rng *r,
                                                    uint64_t id)
{
    r->select(r, dist_rng_id(id, PART_REPLICA));
    return dist_sample(&st->replica_lag, r);
}

/* Without shared state a walk has no reasons to give (only failure groups and copy queues
 * pass a point over for one), so this is also backup_store_loss_shared's answer without bs,
 * *why 0. The engine calls it directly for every store of a plan without either: the walk
 * is inlined here, one call a store. */
double backup_store_loss(const struct store *st, enum outage_scope scope, long epoch_days,
                         double t, struct dist_rng *r, uint64_t id,
                         const struct backup_rule_ids *rule_ids)
{
    double known;
    /* A region outage of a store restored from its points, the commonest question, walks
     * without backup_store_loss_known's tests (it would answer no other way). */
    if (!(scope == OUTAGE_REGION && st->recovery == STORE_RECOVER_RESTORE) &&
        backup_store_loss_known(st, scope, &known))
        return known;
    if (scope == OUTAGE_ZONE && st->zone_mode == STORE_ZONE_ASYNC)
        return replica_lag(st, r, id);
    double best;
    if (st->n_rules == 1 && rule_ids && rule_ids[0].simple) {
        /* store_newest's search of one simple rule, without its loop (no floor). */
        best = location_survives(st->rules[0].location, scope)
                   ? simple_latest_above(&st->rules[0], epoch_days, t, r, rule_ids[0].point_key,
                                         -INFINITY)
                   : -INFINITY;
    } else {
        best = store_newest(st, 0, scope, epoch_days, t, t, 0, 0, r, id, rule_ids, NULL, NULL,
                            NULL);
    }
    return isfinite(best) ? t - best : INFINITY;
}

/* Whether backup_store_loss answers a region outage of st by simple_latest_above alone
 * (no floor): restored from its points, one simple rule, kept where a region outage
 * leaves it. */
static inline int pair_walks(const struct store *st, const struct backup_rule_ids *ids)
{
    return st->recovery == STORE_RECOVER_RESTORE && st->n_rules == 1 && ids[0].simple &&
           location_survives(st->rules[0].location, OUTAGE_REGION);
}

/* A pair store's loss from its first point p and that point's draws u: simple_latest_above
 * after its first step, as backup_store_loss returns it. */
static inline __attribute__((always_inline)) double
pair_loss(const struct backup_rule *rule, long epoch_days, double t, struct dist_rng *r,
          uint64_t key, double p, struct dist_u2 u)
{
    if (simple_usable_u(rule, t, p, u))
        return t - p;
    const double best = simple_walk(rule, epoch_days, t, r, key, -INFINITY, p);
    return isfinite(best) ? t - best : INFINITY;
}

int backup_store_loss_pair(const struct store *sa, const struct store *sb,
                           enum outage_scope scope, long epoch_days, double t,
                           struct dist_rng *r, backup_first_two_pair_fn *first_two_pair,
                           const struct backup_rule_ids *ids_a,
                           const struct backup_rule_ids *ids_b, double loss[2])
{
    if (scope != OUTAGE_REGION || !pair_walks(sa, ids_a) || !pair_walks(sb, ids_b))
        return 0;
    const struct backup_rule *ra = &sa->rules[0], *rb = &sb->rules[0];
    const double pa = sched_prev_quick(&ra->schedule, epoch_days, t);
    const double pb = sched_prev_quick(&rb->schedule, epoch_days, t);
    /* simple_latest_above's first tests (its floor is -INFINITY, so a finite point passes
     * that one). */
    if (!isfinite(pa) || t - pa > ra->retention_s || !isfinite(pb) || t - pb > rb->retention_s)
        return 0;
    struct dist_u2 u[2];
    first_two_pair(r, dist_rng_id_part(ids_a[0].point_key, (uint64_t)round_s(pa)),
                   dist_rng_id_part(ids_b[0].point_key, (uint64_t)round_s(pb)), u);
    loss[0] = pair_loss(ra, epoch_days, t, r, ids_a[0].point_key, pa, u[0]);
    loss[1] = pair_loss(rb, epoch_days, t, r, ids_b[0].point_key, pb, u[1]);
    return 1;
}

/* Zone redundancy decides a zone outage before any backup is consulted; after that
 * a rebuilt store loses nothing of its own and an unrecoverable one loses
 * everything. An outage that destroys nothing (OUTAGE_NONE: a logical-damage scenario,
 * for the stores it does not damage) loses nothing. Those answers are
 * backup_store_loss_known's (models/backup.h), all but an async zone replica's drawn lag.
 * The walk with shared state is inlined here (outage_loss); without it, the call to
 * backup_store_loss is the last thing done. */
double backup_store_loss_shared(const struct store *st, int s, enum outage_scope scope,
                                long epoch_days, double t, struct dist_rng *r, uint64_t id,
                                const struct backup_rule_ids *rule_ids, struct backup_shared *bs,
                                int *why)
{
    if (why)
        *why = 0;

    double known;
    if (backup_store_loss_known(st, scope, &known))
        return known;
    if (scope == OUTAGE_ZONE && st->zone_mode == STORE_ZONE_ASYNC)
        return replica_lag(st, r, id);
    if (bs)
        return outage_loss(st, s, scope, epoch_days, t, r, id, rule_ids, bs, why);
    return backup_store_loss(st, scope, epoch_days, t, r, id, rule_ids);
}

/* The clean walk is the outage's walk at the onset, with retention judged at detection
 * and, under deletes_backups, the immutable rules only; zone redundancy is not asked
 * (the replicas carry the damage). */
double backup_store_loss_damaged(const struct store *st, int s, enum outage_scope scope,
                                 long epoch_days, const struct backup_damage *dm,
                                 struct dist_rng *r, uint64_t id,
                                 const struct backup_rule_ids *rule_ids, struct backup_shared *bs,
                                 int *why, int *rule_used)
{
    if (why)
        *why = 0;
    if (rule_used)
        *rule_used = -1;
    /* Nothing to walk (bs->damage_fixed also lists the stores with no rule left; a trace
     * walks those still, for its reasons). */
    const int deleted = dm->deletes != DAMAGE_DELETES_NONE;
    if (st->ephemeral || st->recovery != STORE_RECOVER_RESTORE ||
        (bs && !why && (bs->damage_fixed[(size_t)scope * 2 + (size_t)deleted] >> s & 1)))
        return backup_damage_fixed_loss(st);
    double onset = dm->onset_abs_s;
    double best = store_newest(st, s, scope, epoch_days, onset, dm->detect_abs_s, 1, deleted, r,
                               id, rule_ids, bs, why, rule_used);
    return isfinite(best) ? onset - best : INFINITY;
}

void backup_stores_loss_damaged(struct backup_shared *bs, uint64_t stores, enum outage_scope scope,
                                long epoch_days, const struct backup_damage *dm,
                                struct dist_rng *r, const uint64_t *store_ids,
                                const struct backup_rule_ids *rule_ids, double *loss,
                                int *rule_used)
{
    const struct store *stores_of = bs->p->stores;
    const double onset = dm->onset_abs_s;
    const int deleted = dm->deletes != DAMAGE_DELETES_NONE;
    if (!bs->rule_masks || (unsigned)scope > OUTAGE_NONE) {
        for (; stores; stores &= stores - 1) {
            const int s = __builtin_ctzll(stores);
            loss[s] = backup_store_loss_damaged(&stores_of[s], s, scope, epoch_days, dm, r,
                                                store_ids[s], rule_ids + bs->rule_first[s], bs,
                                                NULL, &rule_used[s]);
        }
        return;
    }
    /* backup_store_loss_damaged and store_newest's search, with what all the stores share
     * (the first points' stamp, the mask row, the stores answered without a walk) found
     * once. */
    if (bs->first_for[0] != (double)epoch_days || bs->first_for[1] != onset ||
        bs->first_for[2] != dm->detect_abs_s)
        first_restamp(bs, epoch_days, onset, dm->detect_abs_s);
    const size_t sc = (size_t)scope * 2 + (size_t)deleted;
    const uint64_t fixed = bs->damage_fixed[sc];
    for (; stores; stores &= stores - 1) {
        const int s = __builtin_ctzll(stores);
        const struct store *st = &stores_of[s];
        rule_used[s] = -1;
        if (st->ephemeral || st->recovery != STORE_RECOVER_RESTORE || (fixed >> s & 1)) {
            loss[s] = backup_damage_fixed_loss(st);
            continue;
        }
        const int k0 = bs->rule_first[s];
        double best = masked_newest(st, k0, bs->rule_masks[(size_t)s * 6 + sc], epoch_days, onset,
                                    dm->detect_abs_s, 1, deleted, r, rule_ids + k0, bs, NULL,
                                    &rule_used[s]);
        loss[s] = isfinite(best) ? onset - best : INFINITY;
    }
}

/* ---- the copy queues (struct backup_shared: models/backup_shared.c makes it) ------- */

/* fmin(a, b) for numbers that are not NaN, written so the compiler need not call the
 * library: the same answer (glibc's fmin is minsd: b unless a < b). */
static inline double min_d(double a, double b)
{
    return a < b || isnan(b) ? a : b;
}

/* Processor sharing with a concurrency limit over the jobs of one region, key[0..n)
 * in start order: at most `concurrency` in flight, each moving
 * min(per_copy, bandwidth / in flight) bytes per second; the rest wait in order.
 * Writes each job's finishing time to done[code_slot(code)] when it finishes by t (the
 * slots hold INFINITY before); info[k] is queued rule k's (left_b: what one copy moves);
 * rate_of[1..n] is scratch.
 * The jobs in flight are kept in a short list (left[], active[]: their order does not
 * matter, as every step treats each alike), so a step costs O(concurrency). */
static void run_region(const struct copy_region *cr, const struct copy_key *key, int n, double t,
                       const struct backup_copy_rule *info, double *done, double *left, int *active,
                       double *rate_of)
{
    const int concurrency = cr->concurrency;
    /* Each copy's rate with f in flight (f <= n: there are no more), found once. */
    for (int f = 1; f <= n && f <= concurrency; f++)
        rate_of[f] = min_d(cr->per_copy, cr->bandwidth / f);
    int next = 0;        /* next job not yet admitted (jobs are admitted in order) */
    int in_flight = 0;   /* left[0..in_flight), active[0..in_flight) (their slots):
                            admitted, unfinished */
    double now = n ? key[0].ready_s : t;
    double next_ready = n ? key[0].ready_s : INFINITY; /* key[next]'s; INFINITY: none */

    while (now <= t) {
        while (next_ready <= now && in_flight < concurrency) {
            left[in_flight] = info[(unsigned)key[next].code / BACKUP_COPY_POINTS].left_b;
            active[in_flight++] = code_slot(key[next].code);
            next_ready = ++next < n ? key[next].ready_s : INFINITY;
        }
        if (in_flight == 0) {
            if (next >= n)
                break;
            now = next_ready;
            continue;
        }
        if (in_flight == 1) {
            /* One copy alone, the commonest step: when it ends before the next one
             * arrives, it ends at what the general step below would find. */
            double t_fin = now + left[0] / rate_of[1];
            if (t_fin < (concurrency > 1 ? next_ready : INFINITY) && t_fin <= t) {
                done[active[0]] = t_fin;
                in_flight = 0;
                now = t_fin;
                continue;
            }
        }
        double rate = rate_of[in_flight];
        double min_left = INFINITY;
        for (int i = 0; i < in_flight; i++)
            if (left[i] < min_left)
                min_left = left[i];
        double t_fin = now + min_left / rate;
        double t_arr = in_flight < concurrency ? next_ready : INFINITY;
        double t_next = min_d(t_fin, t_arr);
        if (t_next > t)
            break;
        double moved = rate * (t_next - now);
        for (int i = 0; i < in_flight;) {
            /* The job that set t_fin ends exactly; others within rounding of it too. */
            if (t_next == t_fin && left[i] <= min_left * (1.0 + 1e-12)) {
                done[active[i]] = t_next;
                in_flight--;
                left[i] = left[in_flight];
                active[i] = active[in_flight];
            } else {
                left[i] -= moved;
                i++;
            }
        }
        now = t_next;
    }
}

void backup_shared_run(struct backup_shared *bs, long epoch_days, double t, struct dist_rng *r,
                       const struct backup_rule_ids *rule_ids, const uint64_t *group_ids)
{
    (void)r;
    bs->group_ids = group_ids;
    bs->rule_ids = rule_ids;
    bs->epoch_days = epoch_days;
    bs->t = t;
    bs->queues_run = 0;
    bs->instants_found = 0;
    bs->copies_drawn = 0;
    for (int g = 0; g < bs->p->n_groups; g++)
        bs->group_memo[g].n = bs->group_memo[g].next = 0;
    if (epoch_days != bs->memo_epoch) {
        for (int c = 0; c < bs->n_classes; c++)
            memo_clear(&bs->memo[c]);
        bs->memo_epoch = epoch_days;
    }
}

/* Whether copy job x starts before y within one region: by ready time, then store order
 * (the global rule index follows it), then the older instant first (both in `code`). */
static inline int time_before(const struct copy_key *x, const struct copy_key *y)
{
    return x->ready_s < y->ready_s || (x->ready_s == y->ready_s && x->code < y->code);
}

/* Whether copy job x starts before y: by region, then as time_before. */
static inline int key_before(const struct copy_key *x, const struct copy_key *y)
{
    if (x->region != y->region)
        return x->region < y->region;
    return time_before(x, y);
}

/* Each copy class's newest instants at or before bs->t within the horizon
 * (class_point_s), the instants listed in time order (bs->inst: run_queues makes the
 * jobs in that order, so that they come nearly sorted), and the longest wait in a queue
 * that any of their copies can have (settle_bound_s; see copy_bound_s, here over the
 * copies of these instants only, of every region). */
static __attribute__((noinline)) void find_instants(struct backup_shared *bs)
{
    const long epoch_days = bs->epoch_days;
    const double t = bs->t;
    struct copy_inst *in = bs->inst;
    int n_inst = 0;
    double all = 0.0;
    for (int i = 0; i < bs->n_copy_classes; i++) {
        int c = bs->copy_classes[i];
        const struct sched *sc = bs->class_sched[c];
        double *cp = bs->class_point_s + (size_t)c * BACKUP_COPY_POINTS;
        double pt = prev_memo(bs, c, sc, epoch_days, t);
        for (int j = 0; j < BACKUP_COPY_POINTS; j++) {
            cp[j] = isfinite(pt) && pt >= t - BACKUP_COPY_HORIZON_S ? pt : -INFINITY;
            if (isfinite(cp[j])) {
                int m = n_inst++;
                for (; m > 0 && in[m - 1].pt > cp[j]; m--)
                    in[m] = in[m - 1];
                in[m].pt = cp[j];
                in[m].c = i;
                in[m].j = j;
                all += bs->class_alone_s[c];
            }
            if (j + 1 < BACKUP_COPY_POINTS && isfinite(cp[j]))
                pt = previous_memo(bs, c, sc, epoch_days, pt);
        }
    }
    bs->n_inst = n_inst;
    bs->settle_bound_s = all * (1.0 + 1e-6) + 1.0;
    bs->instants_found = 1;
}

/* Every simulated point's failure uniform and completion, for bs->t: those that draw (a
 * random completion or a positive failure probability) are listed, and drawn in one go
 * (gamma, whose draw takes a variable number of uniforms, one by one); the others'
 * failure uniform is 1 and every fixed completion its value, as in the walk. A lognormal
 * completion is kept as its bucket's bounds and its uniform (struct comp), as the walk
 * draws it; run_queues computes it. Draws are keyed, so taking them in the middle of a
 * walk changes no draw; they are taken together (bs->first_uniforms) when the engine
 * can. */
static __attribute__((noinline)) void draw_copies(struct backup_shared *bs, struct dist_rng *r)
{
    const struct backup_rule_ids *rule_ids = bs->rule_ids;
    const struct backup_copy_rule *info = bs->copy_info;
    int nd = 0;

    bs->copies_drawn = 1;
    if (!bs->instants_found)
        find_instants(bs);
    for (int i = 0; i < bs->n_copy_classes; i++) {
        const double *class_p =
            bs->class_point_s + (size_t)bs->copy_classes[i] * BACKUP_COPY_POINTS;
        for (int j = 0; j < BACKUP_COPY_POINTS; j++) {
            if (!isfinite(class_p[j]))
                continue;
            uint64_t at = (uint64_t)round_s(class_p[j]); /* the instant, to the second */
            for (int e = bs->copy_class_first[i]; e < bs->copy_class_first[i + 1]; e++) {
                int k = bs->copy_rules[e];
                const struct backup_rule *br = info[k].rule;
                int slot = k * BACKUP_COPY_POINTS + j;
                bs->copy_c_s[slot] = bs->copy_c_hi[slot] = br->complete.p[0];
                if (!(br->failure_prob > 0.0 || br->complete.kind != DIST_FIXED)) {
                    bs->copy_ufail[slot] = 1.0;
                    continue;
                }
                /* The point's own stream, in the walk's order: failure, completion;
                 * kept for the walk, which then draws nothing for this point. */
                uint64_t id = dist_rng_id_part(rule_ids[k].point_key, at);
                if (br->complete.kind == DIST_GAMMA) {
                    r->select(r, id);
                    bs->copy_ufail[slot] = r->uniform(r);
                    bs->copy_c_s[slot] = bs->copy_c_hi[slot] = dist_sample(&br->complete, r);
                    continue;
                }
                bs->draw_ids[nd] = id;
                bs->draw_at[nd++] = slot;
            }
        }
    }
    if (bs->first_uniforms) {
        bs->first_uniforms(r, bs->draw_ids, nd, bs->draw_u);
    } else {
        for (int d = 0; d < nd; d++) {
            r->select(r, bs->draw_ids[d]);
            bs->draw_u[d][0] = r->uniform(r);
            bs->draw_u[d][1] = r->uniform(r);
        }
    }
    for (int d = 0; d < nd; d++) {
        unsigned slot = (unsigned)bs->draw_at[d];
        const struct dist *complete = &info[slot / BACKUP_COPY_POINTS].rule->complete;
        bs->copy_ufail[slot] = bs->draw_u[d][0];
        if (complete->kind == DIST_FIXED)
            continue;
        double u = bs->draw_u[d][1];
        const double *bounds = info[slot / BACKUP_COPY_POINTS].rule->complete_bounds;
        struct comp c = comp_of(bounds, bounds ? u : dist_sample_u(complete, u));
        bs->copy_c_s[slot] = c.lo;
        bs->copy_c_hi[slot] = c.hi;
        bs->copy_c_u[slot] = c.u;
    }
}

/* Seconds by which the copy of queued rule k ready at `ready` is done, given the simulated
 * copies' draws (draw_copies): its region's queue is busy from its ready time until it is
 * done, moving at least min(per_copy, bandwidth) bytes per second, so at most the copies
 * that can be in the queue then, each alone: those ready by t and not done before it is
 * ready, which a copy is by its ready time plus copy_bound_s. With the margin of
 * copy_bound_s. */
static double busy_bound_s(const struct backup_shared *bs, int k, double ready)
{
    const int region = bs->copy_info[k].region;
    const double from = ready - bs->copy_bound_s[k], t = bs->t;
    double all = 0.0;
    for (int i = 0; i < bs->n_copy_classes; i++) {
        const double *class_p =
            bs->class_point_s + (size_t)bs->copy_classes[i] * BACKUP_COPY_POINTS;
        for (int j = 0; j < BACKUP_COPY_POINTS; j++) {
            if (!isfinite(class_p[j]))
                continue;
            for (int e = bs->copy_class_first[i]; e < bs->copy_class_first[i + 1]; e++) {
                int k2 = bs->copy_rules[e];
                int slot = k2 * BACKUP_COPY_POINTS + j;
                /* Its ready time lies between the instant plus either bound. */
                if (bs->copy_info[k2].region == region && class_p[j] + bs->copy_c_s[slot] <= t &&
                    class_p[j] + bs->copy_c_hi[slot] >= from)
                    all += bs->copy_alone_s[k2];
            }
        }
    }
    return all * (1.0 + 1e-6) + 1.0;
}

/* The queues for bs->t, run the first time a walk needs them (a zone outage in which
 * every store is kept by its zone redundancy, or answered by an in-region point, never
 * does), from the simulated points' draws (draw_copies, taken here unless a walk took
 * them), their completions computed. */
static __attribute__((noinline)) void run_queues(struct backup_shared *bs, struct dist_rng *r)
{
    const struct plan *p = bs->p;
    const struct backup_copy_rule *info = bs->copy_info;
    double t = bs->t;
    int n = 0;
    struct copy_inst *in = bs->inst;

    bs->queues_run = 1;
    if (!bs->copies_drawn)
        draw_copies(bs, r);
    const int n_inst = bs->n_inst;
    /* The ready copies, instant by instant in time order, each insertion-sorted into
     * start order (key_before) as it is made: arriving nearly in order, most stay put.
     * Every simulated copy is not done until the queue says so. */
    struct copy_key *key = bs->keys + 1; /* key[-1]: the sentinel (backup_shared_new) */
    int one_region = p->n_copy_regions == 1;
    for (int m = 0; m < n_inst; m++) {
        int i = in[m].c, j = in[m].j;
        double pt = in[m].pt;
        for (int e = bs->copy_class_first[i]; e < bs->copy_class_first[i + 1]; e++) {
            int k = bs->copy_rules[e];
            int slot = k * BACKUP_COPY_POINTS + j;
            bs->copy_done_s[slot] = INFINITY;
            if (bs->copy_c_s[slot] != bs->copy_c_hi[slot])
                bs->copy_c_s[slot] = bs->copy_c_hi[slot] =
                    comp_value(&info[k].rule->complete, bs->copy_c_u[slot]);
            double ready = pt + bs->copy_c_s[slot];
            if (!(ready <= t))
                continue;
            struct copy_key x = {ready, info[k].region,
                                 k * BACKUP_COPY_POINTS + (BACKUP_COPY_POINTS - 1 - j)};
            int q = n++;
            if (one_region)
                for (; time_before(&x, &key[q - 1]); q--)
                    key[q] = key[q - 1];
            else
                for (; key_before(&x, &key[q - 1]); q--)
                    key[q] = key[q - 1];
            key[q] = x;
        }
    }
    /* Each region's jobs, in start order, through its queue; done times go to the
     * rules' slots. */
    for (int a = 0, b; a < n; a = b) {
        for (b = one_region ? n : a; b < n && key[b].region == key[a].region; b++)
            ;
        run_region(&p->copy_regions[key[a].region - 1], key + a, b - a, t, info,
                   bs->copy_done_s, bs->job_left, bs->job_active, bs->job_rate);
    }
}
