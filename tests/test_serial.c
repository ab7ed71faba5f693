/* The serial play of runbooks whose people work one step at a time (sim/trial_serial.c):
 * which scenarios take it, and every trial of theirs played exactly as the event loop
 * plays it. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "models/plan.h"
#include "sim/trial.h"
#include "sim/trial_int.h"
#include "tests/fixture.h"

#define SEED 20261204ULL

/* What the serial play covered in the trials compared; undrawn: trials it played through
 * in which a page left a person's arrival undrawn (trial_page_serial: no sooner than the
 * role's first person's). */
struct cover {
    int trials, in_place, stand_ins, staff_waits, never_started, undrawn;
};

/* Whether the trial w last played serially left an arrival undrawn: a person after the
 * first of a role paged without re-paging (whose arrivals are never INFINITY otherwise,
 * their delays being finite) has INFINITY, the first a finite time. */
static int left_undrawn(const struct trial_worker *w)
{
    for (int r = 0; r < w->p->n_roles; r++) {
        const struct role *ro = &w->p->roles[r];
        if (!(w->paged_mask >> r & 1) || ro->repage.attempts > 0 ||
            !isfinite(w->person_due_t[ro->first_person]))
            continue;
        for (int j = 1; j < ro->count; j++)
            if (w->person_due_t[ro->first_person + j] == INFINITY)
                return 1;
    }
    return 0;
}

/* Trials k0 .. k0+n-1 of scenario s on worker ws (serial) and wg (event loop) play alike:
 * every figure of the result and of every step, bit for bit (trial_results_differ). */
static void plays_alike_from(struct trial_worker *ws, struct trial_worker *wg, int s,
                             uint64_t k0, int n, struct cover *c, const char *what)
{
    for (uint64_t k = k0; k < k0 + (uint64_t)n; k++) {
        const struct trial_result *a = trial_run(ws, s, k, NULL);
        c->undrawn += left_undrawn(ws);
        const struct trial_result *b = trial_run(wg, s, k, NULL);
        char why[160];
        cr_assert(!trial_results_differ(a, b, why, sizeof why), "%s: trial %d: %s", what, (int)k,
                  why);
        for (int i = 0; i < a->n_steps; i++) {
            const struct trial_step *x = &a->steps[i];
            c->stand_ins += x->n_stand_ins;
            c->staff_waits += x->state == TRIAL_STEP_DONE && x->release == TRIAL_RELEASE_STAFF;
            c->never_started += x->state == TRIAL_STEP_READY;
        }
        c->trials++;
        c->in_place += a->in_place;
    }
}

/* Trials 0 .. n-1 of scenario s, as plays_alike_from. */
static void plays_alike(struct trial_worker *ws, struct trial_worker *wg, int s, int n,
                        struct cover *c, const char *what)
{
    plays_alike_from(ws, wg, s, 0, n, c, what);
}

/* A worker that plays serially whatever it can, and one that plays everything on the
 * event loop; returns how many scenarios the first plays serially. A third worker plays
 * serially without the scenario's table of single dependencies (w->one_dep says "several"
 * for every step), so that the serial play's own search for the latest dependency, which
 * the table spares most steps, is held to the event loop as well. */
static int compare_plan(struct plan *p, int n, struct cover *c, const char *what)
{
    struct trial_worker *ws = trial_worker_new(p, SEED), *wg = trial_worker_new(p, SEED);
    struct trial_worker *wn = trial_worker_new(p, SEED);
    cr_assert_not_null(ws);
    cr_assert_not_null(wg);
    cr_assert_not_null(wn);
    int serial = 0;
    for (int s = 0; s < p->n_scenarios; s++) {
        serial += ws->serial[s];
        wg->serial[s] = 0;
        for (int i = 0; i < PLAN_MAX_STEPS; i++)
            wn->one_dep[(size_t)s * PLAN_MAX_STEPS + (size_t)i] = -2;
    }
    struct cover untabled = {0};
    for (int s = 0; s < p->n_scenarios; s++)
        if (ws->serial[s]) {
            plays_alike(ws, wg, s, n, c, what);
            plays_alike(wn, wg, s, n, &untabled, what);
        }
    trial_worker_free(ws);
    trial_worker_free(wg);
    trial_worker_free(wn);
    return serial;
}

#define HEAD "plan: {name: test}\ncalendar: {epoch: 2026-01-05}\n"

/* A chain of staffed steps with what makes the dispatch's answer delicate: the lead's
 * stand-in chain of two levels (dba, then on-call), a dba who answers at once when noticed
 * (an arrival at the very instant of the page: not free in the dispatch that paged them)
 * and whose pager may never be noticed (a step that never starts), two on-call people, a
 * second step for the lead after its chain has escalated, a zero-length step, steps
 * without people beside the chain, and short outages that end before the point of no
 * return (recovered in place). */
static const char chain_yaml[] = HEAD
    "staffing:\n"
    "  business_hours: Mon-Fri 09:00-17:00\n"
    "  roles:\n"
    "    oncall: {count: 2, response: {business: {dist: lognormal, median: 10m, p90: 40m}, "
    "night: {dist: lognormal, median: 25m, p90: 1h30m}, weekend: {dist: uniform, min: 0s, "
    "max: 1h}}}\n"
    "    dba:\n"
    "      count: 1\n"
    "      response: {business: 0s, night: 0s, weekend: 0s}\n"
    "      repage: {every: 10m, attempts: 2, answered: {business: 70%%, night: 40%%, "
    "weekend: 50%%}}\n"
    "    lead: {count: 1, response: {business: {dist: lognormal, median: 20m, p90: 2h}}, "
    "escalate_after: %s, stand_in: [dba, oncall]}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: {dist: lognormal, median: 2h, p90: 12h}\n"
    "    on_outage_end: restores\n"
    "    point_of_no_return: decide\n"
    "    service_restored_by: verify\n"
    "    runbook:\n"
    "      detect: {duration: {dist: uniform, min: 1m, max: 10m}}\n"
    "      page: {needs: [oncall], duration: {dist: uniform, min: 1m, max: 5m}, after: [detect]}\n"
    "      decide: {needs: [lead], duration: {dist: lognormal, median: 15m, p90: 45m}, "
    "after: [page]}\n"
    "      prepare: {duration: {dist: uniform, min: 30m, max: 2h}, after: [page]}\n"
    "      fix: {needs: [dba], duration: {dist: uniform, min: 10m, max: 40m}, after: [decide]}\n"
    "      note: {needs: [oncall], duration: 0s, after: [fix]}\n"
    "      verify: {needs: [oncall], duration: 15m, after: [note, prepare]}\n"
    "      sign-off: {needs: [lead], duration: 5m, after: [verify]}\n"
    "      tidy: {duration: {dist: uniform, min: 0s, max: 1h}, after: [sign-off]}\n";

Test(serial, chain_plays_as_the_event_loop)
{
    /* 20 m: the first level often comes while the lead is away; 0 s: both levels at the
     * page itself. */
    static const char *const after[] = {"20m", "0s", "1h"};
    struct cover c = {0};
    for (size_t e = 0; e < sizeof after / sizeof after[0]; e++) {
        struct plan *p = fixture_plan_text(chain_yaml, after[e]);
        cr_assert_eq(compare_plan(p, 4000, &c, after[e]), 1, "escalate_after %s", after[e]);
        plan_free(p);
    }
    cr_assert_gt(c.in_place, 100, "recovered in place: %d", c.in_place);
    cr_assert_gt(c.stand_ins, 100, "stand-ins: %d", c.stand_ins);
    cr_assert_gt(c.staff_waits, 1000, "starts released by staff: %d", c.staff_waits);
    cr_assert_gt(c.never_started, 10, "steps that never started: %d", c.never_started);
    cr_assert_gt(c.undrawn, 1000, "arrivals left undrawn: %d", c.undrawn);
}

/* A page leaves undrawn the arrivals of the people after a role's first when none of them
 * can come sooner (trial_page_serial): here three people of a lognormal response, its
 * sigma wide or barely above the least that allows it (1e-4; 0.6 s over an hour at the
 * 90th percentile is 1.3e-4, 0.3 s 6.5e-5, which draws every arrival), whose arrivals
 * then often coincide to the second or to the last place, for a chain of steps that each
 * take the first person free, and the leads (fixed delays: every arrival drawn) standing
 * in for them after 30 minutes. */
static const char undrawn_yaml[] = HEAD
    "staffing:\n"
    "  business_hours: Mon-Fri 09:00-17:00\n"
    "  roles:\n"
    "    ops: {count: 3, response: {business: {dist: lognormal, median: 1h, p90: %s}, "
    "night: {dist: lognormal, median: 20m, p90: %s}}, escalate_after: 30m, stand_in: lead}\n"
    "    lead: {count: 2, response: {business: 30m, night: 1h}}\n"
    "scenarios:\n"
    "  region:\n"
    "    destroys: region\n"
    "    per_year: 1\n"
    "    duration: {dist: lognormal, median: 2h, p90: 12h}\n"
    "    on_outage_end: restores\n"
    "    point_of_no_return: b\n"
    "    service_restored_by: e\n"
    "    runbook:\n"
    "      a: {duration: {dist: uniform, min: 1m, max: 10m}}\n"
    "      b: {needs: [ops], duration: {dist: uniform, min: 0s, max: 5m}, after: [a]}\n"
    "      c: {needs: [lead], duration: 15m, after: [b]}\n"
    "      d: {needs: [ops], duration: {dist: uniform, min: 0s, max: 1h}, after: [c]}\n"
    "      e: {needs: [ops], duration: 0s, after: [d]}\n";

Test(serial, undrawn_arrivals_play_as_the_event_loop)
{
    static const char *const p90[][2] = {
        {"4h", "2h"}, {"1h0.6s", "20m0.2s"}, {"1h0.3s", "20m0.1s"}};
    struct cover c = {0};
    int undrawn[3];
    for (int k = 0; k < 3; k++) {
        struct plan *p = fixture_plan_text(undrawn_yaml, p90[k][0], p90[k][1]);
        const int before = c.undrawn;
        cr_assert_eq(compare_plan(p, 3000, &c, p90[k][0]), 1, "p90 %s", p90[k][0]);
        undrawn[k] = c.undrawn - before;
        plan_free(p);
    }
    /* Undrawn about one trial in three (the first person's uniform the least of three)
     * unless sigma is below 1e-4. */
    cr_assert_gt(undrawn[0], 800, "arrivals left undrawn, wide: %d", undrawn[0]);
    cr_assert_gt(undrawn[1], 800, "arrivals left undrawn, narrow: %d", undrawn[1]);
    cr_assert_eq(undrawn[2], 0, "arrivals left undrawn, sigma below 1e-4: %d", undrawn[2]);
    cr_assert_gt(c.stand_ins, 100, "stand-ins: %d", c.stand_ins);
}

/* Policy services: service is restored at the end of the last step they need (a scenario
 * with a capacity model has a step that changes capacity, which the serial play leaves to
 * the event loop). In "tie", a and d (which takes no time after a), both of which web
 * needs, end last at the same instant in every trial: d, queued later, restored service on
 * the event loop, so those trials go back to it. */
static const char services_yaml[] = HEAD
    "staffing:\n"
    "  roles:\n"
    "    ops: {count: 2, response: {business: {dist: uniform, min: 1m, max: 30m}}}\n"
    "scenarios:\n"
    "  %s:\n"
    "    destroys: zone\n"
    "    per_year: 1\n"
    "    duration: {dist: lognormal, median: 1h, p90: 4h}\n"
    "    on_outage_end: restores\n"
    "    service_restored_by: c\n"
    "    runbook:\n"
    "      a: {duration: %s}\n"
    "      b: {needs: [ops], duration: 10m}\n"
    "      c: {needs: [ops], duration: %s, after: [b]}\n"
    "      d: {duration: %s, after: [a]}\n"
    "services:\n"
    "  web: {criticality: critical, priority: 1, rto: 1h, rpo: 1d, restored_by: {%s: [a, c, d]}, "
    "mbco: {capacity: 60%%}}\n"
    "  api: {criticality: high, priority: 2, rto: 2h, rpo: 1d, restored_by: {%s: [d]}}\n";

Test(serial, policy_services_play_as_the_event_loop)
{
    static const char *const cases[][4] = {
        {"drawn", "{dist: uniform, min: 10m, max: 2h}", "{dist: uniform, min: 5m, max: 15m}",
         "{dist: uniform, min: 0s, max: 1h}"},
        {"tie", "1h", "{dist: uniform, min: 5m, max: 15m}", "0s"}};
    struct cover c = {0};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct plan *p = fixture_plan_text(services_yaml, cases[k][0], cases[k][1], cases[k][2],
                                           cases[k][3], cases[k][0], cases[k][0]);
        cr_assert_gt(p->scenarios[0].n_policy_services, 0);
        cr_assert_eq(compare_plan(p, 3000, &c, cases[k][0]), 1, "%s", cases[k][0]);
        plan_free(p);
    }
    cr_assert_gt(c.in_place, 100, "recovered in place: %d", c.in_place);
}

/* Every eligible scenario of the project's plans plays alike; the benchmark's small plan
 * is eligible, and so are the plans the tests play most. */
Test(serial, project_plans_play_as_the_event_loop)
{
    static const char *const plans[] = {
        "bench/small.yaml",
        "scenarios/ransomware.yaml",
        "scenarios/single-db.yaml",
        "scenarios/tutorial.yaml",
        "scenarios/warm-standby.yaml",
        "tests/data/bia-rto-over-mtd.yaml",
        "tests/data/money.yaml",
        "tests/data/services-capacity.yaml",
        "tests/data/breach.yaml",
        "tests/data/damage.yaml",
        "tests/data/damage-worked-example.yaml",
        "tests/data/levers-steps.yaml",
        "tests/data/sens-step.yaml",
        "tests/data/sweep-cadence.yaml",
        "tests/data/tz-two-continents.yaml",
        "tests/data/unrecoverable.yaml",
        "tests/data/unrecoverable-failing-copy.yaml",
    };
    struct cover c = {0};
    for (size_t f = 0; f < sizeof plans / sizeof plans[0]; f++) {
        struct plan *p = fixture_plan_file(plans[f]);
        cr_assert_gt(compare_plan(p, 3000, &c, plans[f]), 0, "%s: nothing serial", plans[f]);
        plan_free(p);
    }
    cr_assert_gt(c.in_place, 0);
    cr_assert_gt(c.stand_ins, 0);
}

/* Trials 0 .. n-1 of every scenario of p on a worker told that only the run's
 * figures are read (trial_worker_figures_only) and on one not told, both deferring losses
 * as the Monte Carlo run's workers do: every figure alike, the outage's duration and the
 * primary's return either the same bits or NAN (in a trial that failed over), the steps'
 * people, n_people, n_optional, n_stand_ins and release, the contribution of a step off
 * the path and the effective store losses of a trial that failed over aside; *in_place, *known,
 * *unknown count the trials recovered in place, those that failed over with the duration
 * computed anyway (a comparison its bucket did not settle) and those without. */
static void lazy_outage_plays_alike(struct plan *p, int n, int *in_place, int *known,
                                    int *unknown, const char *what)
{
    struct trial_worker *wl = trial_worker_new(p, SEED), *we = trial_worker_new(p, SEED);
    cr_assert_not_null(wl);
    cr_assert_not_null(we);
    trial_worker_defer_losses(wl);
    trial_worker_defer_losses(we);
    trial_worker_figures_only(wl);
    for (int s = 0; s < p->n_scenarios; s++) {
        cr_assert_eq(wl->outage_lazy[s] != NULL,
                     wl->serial[s] && p->scenarios[s].duration.kind == DIST_LOGNORMAL,
                     "%s scenario %d", what, s);
        for (uint64_t k = 0; k < (uint64_t)n; k++) {
            struct trial_result a = *trial_run(wl, s, k, NULL);
            const struct trial_result *b = trial_run(we, s, k, NULL);
            if (isnan(a.outage_s)) {
                cr_assert(!a.in_place && isnan(a.primary_back_s), "%s: trial %d", what, (int)k);
                a.outage_s = b->outage_s;
                a.primary_back_s = b->primary_back_s;
                *unknown += 1;
            } else {
                *in_place += a.in_place;
                *known += !a.in_place;
            }
            for (int i = 0; i < a.n_steps; i++) {
                struct trial_step *x = &a.steps[i];
                const struct trial_step *y = &b->steps[i];
                memcpy(x->people, y->people, sizeof x->people);
                x->n_people = y->n_people;
                x->n_optional = y->n_optional;
                x->n_stand_ins = y->n_stand_ins;
                x->release = y->release;
                if (!x->on_path)
                    x->contribution_s = y->contribution_s;
                /* Unwritten by the serial play, whose readers take it from release_step
                 * (the contributions on the path, compared, and the in-place states). */
                if (wl->serial[s])
                    x->ready_s = y->ready_s;
            }
            if (!a.in_place)    /* uncopied: the drawn losses, compared, are the figures' */
                memcpy(a.store_loss_s, b->store_loss_s, sizeof a.store_loss_s);
            char why[160];
            cr_assert(!trial_results_differ(&a, b, why, sizeof why), "%s: trial %d: %s", what,
                      (int)k, why);
        }
    }
    trial_worker_free(wl);
    trial_worker_free(we);
}

/* A worker told that only the run's figures are read (trial_worker_figures_only) plays
 * every figure as one not told, and the outage's duration known by its uniform's bucket
 * is what the draw gives: each bucket's bounds hold every duration drawn from a uniform in
 * it (at its edges, a step inside them, the smallest and largest uniforms a stream gives,
 * and at random). The plan of its own has the point of no return start 30 minutes in, the
 * outage's median, so that the buckets on either side of it (whose bounds are widened
 * across it) leave its comparison to the exact duration. */
Test(serial, figures_only_plays_as_drawn)
{
    static const char *const plans[] = {"bench/small.yaml", "scenarios/single-db.yaml",
                                        "scenarios/tutorial.yaml", "tests/data/damage.yaml",
                                        "scenarios/commcare.yaml",
                                        "tests/data/decision-region.yaml"};
    int in_place = 0, known = 0, unknown = 0;
    for (size_t f = 0; f < sizeof plans / sizeof plans[0]; f++) {
        struct plan *p = fixture_plan_file(plans[f]);
        lazy_outage_plays_alike(p, 3000, &in_place, &known, &unknown, plans[f]);
        plan_free(p);
    }
    cr_assert_gt(in_place, 100, "recovered in place: %d", in_place);
    cr_assert_gt(unknown, 1000, "failed over, duration not computed: %d", unknown);
    struct plan *p = fixture_plan_text(
        HEAD "staffing:\n  roles:\n    ops: {count: 1, response: {business: 0s}}\n"
             "scenarios:\n  region:\n    destroys: region\n    per_year: 1\n"
             "    duration: {dist: lognormal, median: 30m, p90: 2h}\n"
             "    on_outage_end: restores\n    point_of_no_return: b\n"
             "    service_restored_by: c\n    runbook:\n"
             "      a: {duration: 30m}\n"
             "      b: {needs: [ops], duration: {dist: uniform, min: 0s, max: 1h}, after: [a]}\n"
             "      c: {duration: 10m, after: [b]}\n");
    in_place = known = unknown = 0;
    lazy_outage_plays_alike(p, 20000, &in_place, &known, &unknown, "ponr at the median");
    cr_assert_gt(in_place, 5000, "recovered in place: %d", in_place);
    cr_assert_gt(known, 20, "failed over, duration computed: %d", known);
    cr_assert_gt(unknown, 5000, "failed over, duration not computed: %d", unknown);

    struct trial_worker *w = trial_worker_new(p, SEED);
    cr_assert_not_null(w);
    trial_worker_figures_only(w);
    const double *bounds = w->outage_lazy[0];
    cr_assert_not_null(bounds);
    const struct dist *d = &p->scenarios[0].duration;
    uint64_t g = 42;
    for (int k = 0; k < 200000; k++) {
        double u;
        if (k < 6 * OUTAGE_BUCKETS) {
            const int b = k / 6, j = k % 6;
            const double edge = (double)b / OUTAGE_BUCKETS;
            const double at[6] = {edge, nextafter(edge, 1.0), nextafter(edge, 0.0),
                                  edge + 0x1p-30, 0x1p-54, 0x1.fffffffffffffp-1};
            u = at[j];
            if (!(u > 0.0 && u < 1.0))
                continue;
        } else {
            g = g * 6364136223846793005ULL + 1442695040888963407ULL;
            u = rng_uniform_odd((int64_t)(g >> 10 | 1));
        }
        const int b = (int)(u * OUTAGE_BUCKETS);
        const double x = dist_sample_u(d, u);
        cr_assert(bounds[2 * b] <= x && x <= bounds[2 * b + 1], "u %a: %a not in [%a, %a]", u,
                  x, bounds[2 * b], bounds[2 * b + 1]);
    }
    trial_worker_free(w);
    plan_free(p);
}

/* What the serial play does not cover stays on the event loop: people who compete (two
 * staffed steps that do not wait on each other), a step needing two people, a decision
 * step, a failback, restore capacity, shifts. */
Test(serial, competing_people_take_the_event_loop)
{
    struct plan *p = fixture_plan_text(
        HEAD "staffing:\n  roles:\n    ops: {count: 1, response: {business: 5m}}\n"
             "scenarios:\n  region:\n    destroys: region\n    per_year: 1\n"
             "    duration: never\n    service_restored_by: c\n    runbook:\n"
             "      a: {needs: [ops], duration: 10m}\n"
             "      b: {needs: [ops], duration: 10m}\n"
             "      c: {duration: 1m, after: [a, b]}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    cr_assert_eq(w->serial[0], 0);
    trial_worker_free(w);
    plan_free(p);
    static const char *const general[] = {"scenarios/commcare.yaml",
                                          "scenarios/follow-the-sun.yaml",
                                          "tests/data/activation.yaml",
                                          "tests/data/decision-region.yaml",
                                          "tests/data/restore-capacity.yaml"};
    for (size_t f = 0; f < sizeof general / sizeof general[0]; f++) {
        p = fixture_plan_file(general[f]);
        w = trial_worker_new(p, SEED);
        for (int s = 0; s < p->n_scenarios; s++)
            cr_assert_eq(w->serial[s], 0, "%s scenario %d", general[f], s);
        trial_worker_free(w);
        plan_free(p);
    }
}

/* ---- random runbooks -------------------------------------------------------------------- */

/* A small deterministic generator for the plans below (not the engine's streams). */
static uint64_t gen_next(uint64_t *s)
{
    *s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return *s >> 33;
}

static int gen_pick(uint64_t *s, int n)
{
    return (int)(gen_next(s) % (uint64_t)n);
}

/* Append printf-style text to buf (of size cap, at *len). */
static void put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, cap - *len, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0 && (size_t)n < cap - *len, "plan text too long");
    *len += (size_t)n;
}

/* Step i's dependencies, written as ", after: [...]" when it has any: `chain` (the
 * staffed step before it, or -1) and each earlier step with probability 1/3 (drawn even
 * when `keep` is 0, which writes none: the plan's later draws stay as they were). */
static void put_after(char *buf, size_t cap, size_t *len, uint64_t *s, int i, int chain,
                      int keep)
{
    int deps[16], n_deps = 0;
    if (chain >= 0 && keep)
        deps[n_deps++] = chain;
    for (int j = 0; j < i; j++)
        if (gen_pick(s, 3) == 0 && !(n_deps > 0 && deps[0] == j) && keep)
            deps[n_deps++] = j;
    if (n_deps > 0) {
        put(buf, cap, len, ", after: [");
        for (int d = 0; d < n_deps; d++)
            put(buf, cap, len, "%ss%d", d ? ", " : "", deps[d]);
        put(buf, cap, len, "]");
    }
}

/* A duration distribution, zero-length ones (which make instants coincide) among them. */
static const char *gen_duration(uint64_t *s)
{
    static const char *const d[] = {
        "0s", "10m", "{dist: uniform, min: 1m, max: 30m}", "{dist: uniform, min: 0s, max: 2h}",
        "{dist: lognormal, median: 20m, p90: 1h}", "{dist: lognormal, median: 5m, p90: 3h}",
        "{dist: triangular, min: 5m, mode: 10m, max: 1h}"};
    return d[gen_pick(s, (int)(sizeof d / sizeof d[0]))];
}

/* Plan number k: up to three roles (one to three people each, responses by calendar
 * period, some re-paged with pages nobody may notice, some with a stand-in chain of one or
 * two later roles after 0 s to 40 m), and a runbook whose staffed steps form a chain (each
 * waits on the one before) while the steps without people wait on any earlier steps; the
 * outage may end before the point of no return; half of them have policy services. */
static struct plan *random_chain_plan(uint64_t k)
{
    uint64_t s = k * UINT64_C(0x9e3779b97f4a7c15) + 1;
    static char buf[8192];
    size_t len = 0;
    const size_t cap = sizeof buf;
    put(buf, cap, &len, HEAD "staffing:\n  business_hours: Mon-Fri 09:00-17:00\n  roles:\n");
    const int n_roles = 1 + gen_pick(&s, 3);
    for (int r = 0; r < n_roles; r++) {
        put(buf, cap, &len, "    r%d:\n      count: %d\n", r, 1 + gen_pick(&s, 3));
        put(buf, cap, &len, "      response: {business: %s, night: %s, weekend: %s}\n",
            gen_duration(&s), gen_duration(&s), gen_duration(&s));
        if (gen_pick(&s, 3) == 0)
            put(buf, cap, &len,
                "      repage: {every: %dm, attempts: %d, answered: {business: %d%%, night: "
                "%d%%, weekend: %d%%}}\n",
                1 + gen_pick(&s, 10), 1 + gen_pick(&s, 3), 30 + gen_pick(&s, 70),
                30 + gen_pick(&s, 70), 30 + gen_pick(&s, 70));
        /* Stand-ins from later roles only: a chain must not loop. */
        if (r + 1 < n_roles && gen_pick(&s, 3) > 0) {
            static const char *const after[] = {"0s", "5m", "20m", "40m"};
            int a = r + 1 + gen_pick(&s, n_roles - 1 - r);
            int b = a + 1;
            if (b < n_roles && gen_pick(&s, 2) == 0)
                put(buf, cap, &len, "      escalate_after: %s\n      stand_in: [r%d, r%d]\n",
                    after[gen_pick(&s, 4)], a, b);
            else
                put(buf, cap, &len, "      escalate_after: %s\n      stand_in: r%d\n",
                    after[gen_pick(&s, 4)], a);
        }
    }
    const int n_steps = 3 + gen_pick(&s, 8);
    int staffed[16], n_staffed = 0;
    char kinds[16];
    for (int i = 0; i < n_steps; i++)
        kinds[i] = (char)(i == 0 || gen_pick(&s, 3) > 0);   /* 1: staffed */
    kinds[n_steps - 1] = 1;
    static const char *const end[] = {"restores", "continue"};
    put(buf, cap, &len,
        "scenarios:\n  outage:\n    destroys: region\n    per_year: 1\n"
        "    duration: %s\n    on_outage_end: %s\n    service_restored_by: s%d\n",
        gen_pick(&s, 4) == 0 ? "never" : gen_duration(&s), end[gen_pick(&s, 4) == 0],
        n_steps - 1);
    int ponr = gen_pick(&s, n_steps + 1) - 1;   /* -1: none */
    if (ponr >= 0)
        put(buf, cap, &len, "    point_of_no_return: s%d\n", ponr);
    put(buf, cap, &len, "    runbook:\n");
    for (int i = 0; i < n_steps; i++) {
        put(buf, cap, &len, "      s%d: {duration: %s", i, gen_duration(&s));
        if (kinds[i])
            put(buf, cap, &len, ", needs: [r%d]", gen_pick(&s, n_roles));
        put_after(buf, cap, &len, &s, i, kinds[i] && n_staffed > 0 ? staffed[n_staffed - 1] : -1,
                  1);
        put(buf, cap, &len, "}\n");
        if (kinds[i])
            staffed[n_staffed++] = i;
    }
    /* Policy services, half the time: each needs a few steps (their last ends tie when
     * zero-length steps end together). */
    const int n_services = gen_pick(&s, 2) ? 1 + gen_pick(&s, 2) : 0;
    if (n_services > 0)
        put(buf, cap, &len, "services:\n");
    for (int v = 0; v < n_services; v++) {
        put(buf, cap, &len,
            "  v%d: {criticality: critical, priority: %d, rto: 4h, rpo: 1d, "
            "restored_by: {outage: [s%d",
            v, v + 1, n_steps - 1);
        for (int i = 0; i < n_steps - 1; i++)
            if (gen_pick(&s, 3) == 0)
                put(buf, cap, &len, ", s%d", i);
        put(buf, cap, &len, "]}}\n");
    }
    return fixture_plan_text("%s", buf);
}

Test(serial, random_runbooks_play_as_the_event_loop)
{
    struct cover c = {0};
    for (uint64_t k = 0; k < 600; k++) {
        struct plan *p = random_chain_plan(k);
        char what[32];
        snprintf(what, sizeof what, "random plan %d", (int)k);
        cr_assert_eq(compare_plan(p, 300, &c, what), 1, "%s is not serial", what);
        plan_free(p);
    }
    cr_assert_gt(c.in_place, 1000, "recovered in place: %d", c.in_place);
    cr_assert_gt(c.stand_ins, 1000, "stand-ins: %d", c.stand_ins);
    cr_assert_gt(c.staff_waits, 10000, "starts released by staff: %d", c.staff_waits);
    cr_assert_gt(c.never_started, 100, "steps that never started: %d", c.never_started);
}

/* ---- mixed scenarios on one worker, more scenario keys --------------------------------- */

/* A duration for mixed_plan: gen_duration's (style 0), or values that make instants
 * coincide more often: fixed values and a short uniform (1), fixed values only (2). */
static const char *mixed_duration(uint64_t *s, int style)
{
    static const char *const ties[] = {"0s", "5m", "10m", "20m", "0s",
                                       "{dist: uniform, min: 0s, max: 10m}"};
    if (style == 0)
        return gen_duration(s);
    return ties[gen_pick(s, style == 1 ? 6 : 5)];
}

/* Plan number k: up to four roles as random_chain_plan's (re-paging with or without its
 * own escalate_after, escalation never, and in every other group of three plans the chains
 * pointing at earlier roles of the file), holidays, and two or three scenarios: the second
 * (sc1) has two staffed steps that do not wait on each other (the event loop's), the others
 * chains as random_chain_plan's with declared_by (rto_clock: declaration or not),
 * fully_restored_by, primary_return, and an exposure_until step in phase restoration after
 * the chain, each some of the time; services that need steps of every scenario. */
static struct plan *mixed_plan(uint64_t k)
{
    uint64_t s = k * UINT64_C(0x2545f4914f6cdd1d) + 7;
    const int style = (int)(k % 3), rev = (int)(k / 3 % 2);
    static char buf[16384];
    size_t len = 0;
    const size_t cap = sizeof buf;
    put(buf, cap, &len, HEAD "staffing:\n  business_hours: Mon-Fri 09:00-17:00\n"
                             "  holidays: [2026-01-06, 2026-02-10, 2026-03-03]\n  roles:\n");
    const int n_roles = 1 + gen_pick(&s, 4);
#define ROLE_NAME(x) (rev ? n_roles - 1 - (x) : (x))
    for (int r = 0; r < n_roles; r++) {
        put(buf, cap, &len, "    r%d:\n      count: %d\n", ROLE_NAME(r), 1 + gen_pick(&s, 3));
        put(buf, cap, &len, "      response: {business: %s, night: %s, weekend: %s}\n",
            mixed_duration(&s, style), mixed_duration(&s, style), mixed_duration(&s, style));
        const int repage = gen_pick(&s, 3) == 0;
        if (repage)
            put(buf, cap, &len,
                "      repage: {every: %dm, attempts: %d, answered: {business: %d%%, night: "
                "%d%%, weekend: %d%%}}\n",
                1 + gen_pick(&s, 10), 1 + gen_pick(&s, 3), 10 + gen_pick(&s, 90),
                10 + gen_pick(&s, 90), 10 + gen_pick(&s, 90));
        if (r + 1 < n_roles && gen_pick(&s, 4) > 0) {
            static const char *const after[] = {"0s", "1m", "5m", "10m", "20m", "40m", "never"};
            const int a = r + 1 + gen_pick(&s, n_roles - 1 - r), b = a + 1;
            const char *ea = after[gen_pick(&s, 7)];
            if (!(repage && gen_pick(&s, 2)))   /* else attempts x every */
                put(buf, cap, &len, "      escalate_after: %s\n", ea);
            if (b < n_roles && gen_pick(&s, 2) == 0)
                put(buf, cap, &len, "      stand_in: [r%d, r%d]\n", ROLE_NAME(a), ROLE_NAME(b));
            else
                put(buf, cap, &len, "      stand_in: r%d\n", ROLE_NAME(a));
        }
    }
#undef ROLE_NAME
    put(buf, cap, &len, "scenarios:\n");
    const int n_sc = 2 + gen_pick(&s, 2);
    int n_steps_of[3];
    for (int sc = 0; sc < n_sc; sc++) {
        const int compete = sc == 1;
        const int n_steps = 3 + gen_pick(&s, 8);
        n_steps_of[sc] = n_steps;
        int staffed[16], n_staffed = 0;
        char kinds[16];
        for (int i = 0; i < n_steps; i++)
            kinds[i] = (char)(i == 0 || gen_pick(&s, 3) > 0);
        kinds[n_steps - 1] = 1;
        if (compete)
            kinds[1] = 1;
        static const char *const end[] = {"restores", "continue"};
        put(buf, cap, &len,
            "  sc%d:\n    destroys: region\n    per_year: 1\n"
            "    duration: %s\n    on_outage_end: %s\n    service_restored_by: s%d\n",
            sc, gen_pick(&s, 5) == 0 ? "never" : mixed_duration(&s, style),
            end[gen_pick(&s, 4) == 0], n_steps - 1);
        if (gen_pick(&s, 2))
            put(buf, cap, &len, "    primary_return: %s\n", mixed_duration(&s, style));
        if (gen_pick(&s, 2)) {
            put(buf, cap, &len, "    declared_by: s%d\n", gen_pick(&s, n_steps));
            if (gen_pick(&s, 2))
                put(buf, cap, &len, "    rto_clock: declaration\n");
        }
        if (gen_pick(&s, 2))
            put(buf, cap, &len, "    fully_restored_by: s%d\n", gen_pick(&s, n_steps));
        const int exposure = gen_pick(&s, 2);
        if (exposure)
            put(buf, cap, &len, "    exposure_until: ex\n");
        const int ponr = gen_pick(&s, n_steps + 1) - 1;
        if (ponr >= 0)
            put(buf, cap, &len, "    point_of_no_return: s%d\n", ponr);
        put(buf, cap, &len, "    runbook:\n");
        for (int i = 0; i < n_steps; i++) {
            put(buf, cap, &len, "      s%d: {duration: %s", i, mixed_duration(&s, style));
            if (kinds[i])
                put(buf, cap, &len, ", needs: [r%d]", gen_pick(&s, n_roles));
            /* In sc1, s1 waits on nothing: it and s0 compete. */
            put_after(buf, cap, &len, &s, i,
                      kinds[i] && n_staffed > 0 ? staffed[n_staffed - 1] : -1,
                      !(compete && i == 1));
            put(buf, cap, &len, "}\n");
            if (kinds[i])
                staffed[n_staffed++] = i;
        }
        if (exposure)
            put(buf, cap, &len, "      ex: {phase: restoration, duration: %s, after: [s%d]%s}\n",
                mixed_duration(&s, style), n_steps - 1, gen_pick(&s, 2) ? ", needs: [r0]" : "");
    }
    const int n_services = gen_pick(&s, 3);
    if (n_services > 0)
        put(buf, cap, &len, "services:\n");
    for (int v = 0; v < n_services; v++) {
        put(buf, cap, &len, "  v%d: {criticality: critical, priority: %d, rto: 4h, rpo: 1d, ", v,
            v + 1);
        if (gen_pick(&s, 2))
            put(buf, cap, &len, "mbco: {capacity: %d%%}, ", 10 + 10 * gen_pick(&s, 9));
        put(buf, cap, &len, "restored_by: {");
        for (int sc = 0; sc < n_sc; sc++) {
            put(buf, cap, &len, "%ssc%d: [s%d", sc ? ", " : "", sc, n_steps_of[sc] - 1);
            for (int i = 0; i < n_steps_of[sc] - 1; i++)
                if (gen_pick(&s, 3) == 0)
                    put(buf, cap, &len, ", s%d", i);
            put(buf, cap, &len, "]");
        }
        put(buf, cap, &len, "}}\n");
    }
    return fixture_plan_text("%s", buf);
}

/* The scenarios of one plan take turns on the same workers, trial by trial, one of them
 * always on the event loop: a trial played serially leaves nothing a trial of another
 * scenario reads (and the reverse), whichever way each was played. */
Test(serial, scenarios_taking_turns_play_as_the_event_loop)
{
    struct cover c = {0};
    int n_serial = 0;
    for (uint64_t k = 0; k < 600; k++) {
        struct plan *p = mixed_plan(k);
        char what[32];
        snprintf(what, sizeof what, "mixed plan %d", (int)k);
        struct trial_worker *ws = trial_worker_new(p, SEED), *wg = trial_worker_new(p, SEED);
        cr_assert_not_null(ws);
        cr_assert_not_null(wg);
        cr_assert_eq(ws->serial[1], 0, "%s: sc1 is serial", what);
        for (int sc = 0; sc < p->n_scenarios; sc++) {
            n_serial += ws->serial[sc];
            wg->serial[sc] = 0;
        }
        for (uint64_t t = 0; t < 100; t++)
            for (int sc = 0; sc < p->n_scenarios; sc++)
                plays_alike_from(ws, wg, sc, t, 1, &c, what);
        trial_worker_free(ws);
        trial_worker_free(wg);
        plan_free(p);
    }
    cr_assert_gt(n_serial, 700, "serial scenarios: %d", n_serial);
    cr_assert_gt(c.in_place, 10000, "recovered in place: %d", c.in_place);
    cr_assert_gt(c.stand_ins, 10000, "stand-ins: %d", c.stand_ins);
    cr_assert_gt(c.never_started, 1000, "steps that never started: %d", c.never_started);
}
