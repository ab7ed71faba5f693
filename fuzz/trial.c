/* fuzz/trial.c: fuzz target "trial", the plan loader followed by the trial executor
 * (sim/trial.h).
 *
 * Fuzzing the loader alone stops where the plan is built; this target goes on into the
 * engine: every plan that loads runs TRIALS_PER_SCENARIO trials of each of its
 * scenarios, the first of them traced, so the outage draw, the backup schedules' walk
 * back to a recovery point, the staffing calendar, escalation and the runbook's event
 * loop all see what the loader lets through. The seed is fixed so a finding replays.
 *
 * Besides the sanitizers, three promises are checked: trace events come in time order, a
 * trial's RTO and RPO are numbers (RPO at least 0, INFINITY allowed) (sim/trial.h), and a
 * scenario played without the event queue (sim/trial_serial.c) plays every trial as the
 * event loop does: a second worker with the serial play turned off plays the same trials,
 * and every figure of every step must match. A broken promise aborts with one line
 * naming it.
 */
#include "fuzz/harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim/trial.h"
#include "sim/trial_int.h"

#define TRIALS_PER_SCENARIO 3
#define FUZZ_SEED 20260101u

/* What the trace sink remembers between events of one trial. */
struct trace_check {
    double last_t_s;         /* time of the previous event, seconds since outage start */
    long n_events;           /* events seen */
};

static void fail(const char *why, int scenario, uint64_t trial)
{
    fprintf(stderr, "fuzz trial: %s (scenario %d, trial %llu)\n", why, scenario,
            (unsigned long long)trial);
    abort();
}

/* Trace sink: events must not go back in time. */
static void check_event(void *user, const struct trial_event *ev)
{
    struct trace_check *c = user;
    if (isnan(ev->t_s) || (c->n_events > 0 && ev->t_s < c->last_t_s)) {
        fprintf(stderr, "fuzz trial: event %s at %g s after one at %g s\n",
                trial_event_name(ev->kind), ev->t_s, c->last_t_s);
        abort();
    }
    c->last_t_s = ev->t_s;
    c->n_events++;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Load the input as a plan; when it loads, run a few trials of every scenario. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = harness_text(data, size);
    struct plan *p = harness_load_plan(text, size);
    struct trial_worker *w = NULL, *wg = NULL;

    if (p == NULL)
        goto out;
    w = trial_worker_new(p, FUZZ_SEED);
    wg = trial_worker_new(p, FUZZ_SEED);
    if (w == NULL || wg == NULL)
        fail("trial_worker_new ran out of memory", -1, 0);
    for (int s = 0; s < p->n_scenarios; s++)
        wg->serial[s] = 0;
    for (int s = 0; s < p->n_scenarios; s++) {
        for (uint64_t k = 0; k < TRIALS_PER_SCENARIO; k++) {
            struct trace_check c = {.last_t_s = 0.0, .n_events = 0};
            struct trial_trace trace = {.fn = check_event, .user = &c};
            const struct trial_result *r = trial_run(w, s, k, k == 0 ? &trace : NULL);
            if (isnan(r->rto_s))
                fail("RTO is not a number", s, k);
            if (isnan(r->rpo_s) || r->rpo_s < 0.0)
                fail("RPO is negative or not a number", s, k);
            char why[160];
            if (w->serial[s] && k > 0 && trial_results_differ(r, trial_run(wg, s, k, NULL), why,
                                                              sizeof why)) {
                fprintf(stderr, "fuzz trial: %s\n", why);
                fail("the serial play and the event loop differ", s, k);
            }
        }
    }
out:
    trial_worker_free(wg);
    trial_worker_free(w);
    plan_free(p);
    free(text);
    return 0;
}
