/* tests/test_paging.c: known answers for paging and the people a step needs (issue 13,
 * items 3 and 4): re-paging's geometric tail, notifications judged by the period at their
 * own time, page-ahead at the start and at the declaration, escalation chains level by
 * level, k people of a role, any_of sets, optional participants, and that the neutral
 * forms of the new keys leave every result of the built-in plan bit-identical. Plans are
 * written as text and loaded with the real loader; statistical checks use a fixed seed
 * and a tolerance of four standard errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/load.h"
#include "reports/term.h"
#include "sim/trial.h"
#include "tests/fixture.h"

#define SEED UINT64_C(0x9a61e5ca1ab1e001)
#define MIN 60.0
#define HOUR 3600.0

/* Outages start on Monday 2026-01-05 in [10:00, 10:00:01) UTC (business hours) unless a
 * test moves the window. */
#define HEAD(window_start) \
    "plan: {name: paging}\ncalendar: {epoch: 2026-01-05, window: {start: " window_start \
    ", length: 1s}}\n"
#define SCENARIO(service) \
    "scenarios:\n  region:\n    destroys: region\n    per_year: 1\n    duration: never\n" \
    "    service_restored_by: " service "\n"

static int step_of(const struct plan *p, const char *name)
{
    int i = scenario_find_step(&p->scenarios[0], name);
    cr_assert(i >= 0, "no step %s", name);
    return i;
}

static int person_of(const struct plan *p, const char *role, int k)
{
    int r = plan_find_role(p, role);
    cr_assert(r >= 0, "no role %s", role);
    return p->roles[r].first_person + k;
}

struct ev_log {
    int n;
    struct trial_event ev[512];
};

static void log_event(void *user, const struct trial_event *ev)
{
    struct ev_log *l = user;
    if (l->n < 512)
        l->ev[l->n++] = *ev;
}

/* The events of one kind (and of role r, when r >= 0) in order, into out[max]. */
static int events_of(const struct ev_log *l, enum trial_event_kind k, int r,
                     const struct trial_event **out, int max)
{
    int n = 0;
    for (int i = 0; i < l->n; i++)
        if (l->ev[i].kind == k && (r < 0 || l->ev[i].role == r) && n < max)
            out[n++] = &l->ev[i];
    return n;
}

/* ---- re-paging ----------------------------------------------------------------------- */

static const char repage_yaml[] = HEAD("10h")
    "staffing:\n"
    "  roles:\n"
    "    dba:\n"
    "      count: 1\n"
    "      response: {business: 0s}\n"
    "      repage: {every: 5m, attempts: %d, answered: %s}\n"
    SCENARIO("work")
    "    runbook:\n"
    "      work: {needs: [dba], duration: 1m}\n";

/* Notifications every m with a fixed chance q of being noticed and no response delay:
 * the response comes at the first noticed one, so P(response > k m) = (1 - q)^(k + 1)
 * (the first k + 1 all missed), and with `attempts` notifications nobody responds with
 * probability (1 - q)^attempts. */
Test(paging, repage_tail_is_geometric)
{
    const int n = 20000, attempts = 6;
    const double q = 0.4, m = 5 * MIN;
    struct plan *p = fixture_plan_text(repage_yaml, attempts, "40%");
    struct trial_worker *w = trial_worker_new(p, SEED);
    int beyond[6] = {0}, never = 0;
    for (int t = 0; t < n; t++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)t, NULL);
        double resp = r->rto_s - MIN;   /* the step's minute of work */
        if (isinf(r->rto_s)) {
            never++;
        } else {
            cr_assert_eq(fmod(resp, m), 0.0, "a response at %g s is not on a notification", resp);
            cr_assert_lt(resp, attempts * m);
        }
        for (int k = 0; k < attempts; k++)
            beyond[k] += resp > k * m;
    }
    for (int k = 0; k < attempts; k++) {
        double want = pow(1 - q, k + 1), got = (double)beyond[k] / n;
        cr_expect(fabs(got - want) < 4 * sqrt(want * (1 - want) / n),
                  "P(response > %d m) = %g, want %g", k, got, want);
    }
    double want = pow(1 - q, attempts), got = (double)never / n;
    cr_expect(fabs(got - want) < 4 * sqrt(want * (1 - want) / n), "P(never) %g, want %g", got,
              want);
    trial_worker_free(w);
    plan_free(p);
}

/* Each notification is noticed with the probability of the period at its own time, and
 * the response delay is drawn for the period of the page: paged at 06:00 (night, never
 * noticed), re-paged at 10:00 (business, always noticed), the DBA starts at 10:00 plus
 * the night's 7 minutes. */
Test(paging, each_notification_has_its_own_period)
{
    struct plan *p = fixture_plan_text(
        HEAD("6h")
        "staffing:\n"
        "  roles:\n"
        "    dba:\n"
        "      count: 1\n"
        "      response: {business: 1m, night: 7m}\n"
        "      repage: {every: 4h, attempts: 3, answered: {business: 100%%, night: 0%%}}\n"
        SCENARIO("work")
        "    runbook:\n"
        "      work: {needs: [dba], duration: 1m}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct ev_log *log = calloc(1, sizeof *log);
    struct trial_trace tr = {log_event, log};
    for (int t = 0; t < 5; t++) {
        const struct trial_result *r = trial_run(w, 0, (uint64_t)t, t == 0 ? &tr : NULL);
        cr_assert_eq(r->steps[0].staff_wait_s, 4 * HOUR + 7 * MIN);
    }
    const struct trial_event *nt[4];
    cr_assert_eq(events_of(log, TRIAL_EV_NOTIFY, -1, nt, 4), 2);
    cr_assert_eq(nt[0]->attempt, 1);
    cr_assert_eq(nt[0]->flag, 0);
    cr_assert_eq(nt[0]->t_s, 0.0);
    cr_assert_eq(nt[1]->attempt, 2);
    cr_assert_eq(nt[1]->flag, 1);
    cr_assert_eq(nt[1]->t_s, 4 * HOUR);
    cr_assert_eq(nt[1]->value_s, 7 * MIN);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* With every notification noticed, re-paging changes nothing: the response delay keeps
 * its own stream, so each trial's timing is the one without re-paging. */
Test(paging, repage_always_answered_is_no_repage)
{
    const char *yaml = HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    dba:\n"
        "      count: 2\n"
        "      response: {business: {dist: lognormal, median: 10m, p90: 40m}}\n"
        "%s"
        SCENARIO("b")
        "    runbook:\n"
        "      a: {needs: [dba], duration: {dist: exponential, mean: 30m}}\n"
        "      b: {needs: [dba], duration: 20m, after: [a]}\n";
    struct plan *p0 = fixture_plan_text(yaml, "");
    struct plan *p1 = fixture_plan_text(yaml, "      repage: {every: 5m, attempts: 3, answered: 100%}\n");
    struct trial_worker *w0 = trial_worker_new(p0, SEED), *w1 = trial_worker_new(p1, SEED);
    for (int t = 0; t < 200; t++) {
        double a = trial_run(w0, 0, (uint64_t)t, NULL)->rto_s;
        double b = trial_run(w1, 0, (uint64_t)t, NULL)->rto_s;
        cr_assert_eq(a, b, "trial %d: %.17g vs %.17g", t, a, b);
    }
    trial_worker_free(w0);
    trial_worker_free(w1);
    plan_free(p0);
    plan_free(p1);
}

/* Nobody notices any of the three notifications: the role escalates once they have run
 * out (escalate_after defaults to attempts x every = 15 m) and the stand-in, paged then
 * and there at once, takes the step. */
Test(paging, unanswered_pages_escalate_after_the_attempts)
{
    struct plan *p = fixture_plan_text(
        HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    dba:\n"
        "      count: 1\n"
        "      response: {business: 0s}\n"
        "      repage: {every: 5m, attempts: 3, answered: 0%%}\n"
        "      stand_in: backup\n"
        "    backup: {count: 1, response: {business: 0s}}\n"
        SCENARIO("work")
        "    runbook:\n"
        "      work: {needs: [dba], duration: 1m}\n");
    int dba = plan_find_role(p, "dba");
    cr_assert_eq(p->roles[dba].escalate_after_s, 15 * MIN);
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct ev_log *log = calloc(1, sizeof *log);
    struct trial_trace tr = {log_event, log};
    const struct trial_result *r = trial_run(w, 0, 3, &tr);
    cr_assert_eq(r->steps[0].start_s, 15 * MIN);
    cr_assert_eq(r->steps[0].people[0], person_of(p, "backup", 0));
    cr_assert_eq(r->steps[0].n_stand_ins, 1);
    const struct trial_event *nt[8];
    cr_assert_eq(events_of(log, TRIAL_EV_NOTIFY, dba, nt, 8), 3);
    for (int a = 0; a < 3; a++) {
        cr_assert_eq(nt[a]->t_s, a * 5 * MIN);
        cr_assert_eq(nt[a]->attempt, a + 1);
        cr_assert_eq(nt[a]->flag, 0);
    }
    /* The events come in time order. */
    for (int i = 1; i < log->n; i++)
        cr_assert_geq(log->ev[i].t_s, log->ev[i - 1].t_s, "event %d out of order", i);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- page ahead ------------------------------------------------------------------------ */

static const char ahead_yaml[] = HEAD("10h")
    "staffing:\n"
    "  roles:\n"
    "    dba: {count: 1, response: {business: 30m}}\n"
    SCENARIO("work")
    "    declared_by: declare\n"
    "%s"
    "    runbook:\n"
    "      declare: {duration: 10m}\n"
    "      assess:  {duration: 1h, after: [declare]}\n"
    "      work:    {needs: [dba], duration: 20m, after: [assess]}\n";

/* Paged when `work` is ready (70 m), the DBA arrives at 100 m; paged at the declaration
 * (10 m) or at the start, the DBA is there before `work` is ready: no staff wait. */
Test(paging, page_ahead_removes_the_staff_wait)
{
    static const struct {
        const char *page;
        double wait_s, rto_s, page_t;
        enum trial_page_why why;
    } cases[] = {
        {"", 30 * MIN, 120 * MIN, 70 * MIN, TRIAL_PAGE_NEEDED},
        {"    page: {at_declaration: [dba]}\n", 0, 90 * MIN, 10 * MIN, TRIAL_PAGE_AT_DECLARATION},
        {"    page: {at_start: [dba]}\n", 0, 90 * MIN, 0, TRIAL_PAGE_AT_START},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct plan *p = fixture_plan_text(ahead_yaml, cases[c].page);
        struct trial_worker *w = trial_worker_new(p, SEED);
        struct ev_log *log = calloc(1, sizeof *log);
        struct trial_trace tr = {log_event, log};
        const struct trial_result *r = trial_run(w, 0, 0, &tr);
        cr_assert_eq(r->steps[step_of(p, "work")].staff_wait_s, cases[c].wait_s, "case %zu", c);
        cr_assert_eq(r->rto_s, cases[c].rto_s, "case %zu", c);
        const struct trial_event *pg[4];
        cr_assert_eq(events_of(log, TRIAL_EV_PAGE, -1, pg, 4), 1);
        cr_assert_eq(pg[0]->t_s, cases[c].page_t, "case %zu", c);
        cr_assert_eq(pg[0]->why, (int)cases[c].why, "case %zu", c);
        cr_assert_eq(pg[0]->step, cases[c].why == TRIAL_PAGE_AT_START ? -1
                                  : cases[c].why == TRIAL_PAGE_NEEDED ? step_of(p, "work")
                                                                       : step_of(p, "declare"));
        free(log);
        trial_worker_free(w);
        plan_free(p);
    }
}

/* ---- who a step needs -------------------------------------------------------------------- */

/* Two steps each needing two of a three-person role: the first (file order) takes two
 * at once, the second waits for it to end (one person alone is not enough) and then
 * takes the two freed first. */
Test(paging, k_people_of_a_role_serialize)
{
    struct plan *p = fixture_plan_text(
        HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    dba: {count: 3, response: {business: 0s}}\n"
        SCENARIO("b")
        "    runbook:\n"
        "      a: {needs: [{role: dba, count: 2}], duration: 1h}\n"
        "      b: {needs: [{role: dba, count: 2}], duration: 30m}\n");
    int a = step_of(p, "a"), b = step_of(p, "b");
    cr_assert_eq(p->scenarios[0].steps[a].n_needs, 2);
    cr_assert_eq(p->scenarios[0].steps[a].n_required, 2);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->steps[a].start_s, 0.0);
    cr_assert_eq(r->steps[a].n_people, 2);
    cr_assert_eq(r->steps[a].people[0], person_of(p, "dba", 0));
    cr_assert_eq(r->steps[a].people[1], person_of(p, "dba", 1));
    cr_assert_eq(r->steps[b].start_s, HOUR);
    cr_assert_eq(r->steps[b].staff_wait_s, HOUR);
    cr_assert_eq(r->steps[b].release, TRIAL_RELEASE_PERSON);
    cr_assert_eq(r->steps[b].release_step, a);
    cr_assert_eq(r->steps[b].people[0], person_of(p, "dba", 0));
    cr_assert_eq(r->steps[b].people[1], person_of(p, "dba", 1));
    cr_assert_eq(r->rto_s, 90 * MIN);
    trial_worker_free(w);
    plan_free(p);
}

static const char any_yaml[] = HEAD("10h")
    "staffing:\n"
    "  roles:\n"
    "    dba: {count: 1, response: {business: 0s}}\n"
    "    devops: {count: 1, response: {business: %s}}\n"
    SCENARIO("y")
    "    runbook:\n"
    "      x: {needs: [dba], duration: 1h}\n"
    "      y: {needs: [{any_of: [dba, devops]}], duration: 10m}\n";

/* The DBA is busy with x: y takes whichever role of its set is free, in list order, and
 * both roles are paged when y becomes ready. */
Test(paging, any_of_takes_the_free_role)
{
    struct plan *p = fixture_plan_text(any_yaml, "0s");
    int x = step_of(p, "x"), y = step_of(p, "y");
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct ev_log *log = calloc(1, sizeof *log);
    struct trial_trace tr = {log_event, log};
    const struct trial_result *r = trial_run(w, 0, 0, &tr);
    cr_assert_eq(r->steps[x].people[0], person_of(p, "dba", 0));
    cr_assert_eq(r->steps[y].start_s, 0.0);
    cr_assert_eq(r->steps[y].people[0], person_of(p, "devops", 0));
    const struct trial_event *pg[4];
    cr_assert_eq(events_of(log, TRIAL_EV_PAGE, -1, pg, 4), 2);
    free(log);
    trial_worker_free(w);
    plan_free(p);

    /* DevOps takes two hours to respond: y waits for the DBA, free again at 1 h. */
    p = fixture_plan_text(any_yaml, "2h");
    w = trial_worker_new(p, SEED);
    r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->steps[y].start_s, HOUR);
    cr_assert_eq(r->steps[y].people[0], person_of(p, "dba", 0));
    trial_worker_free(w);
    plan_free(p);
}

/* A named role is filled before an any_of set, whatever the list order: with one DBA and
 * one DevOps engineer, [{any_of: [dba, devops]}, dba] starts at once. */
Test(paging, a_named_role_is_filled_before_an_any_of)
{
    struct plan *p = fixture_plan_text(
        HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    dba: {count: 1, response: {business: 0s}}\n"
        "    devops: {count: 1, response: {business: 0s}}\n"
        SCENARIO("y")
        "    runbook:\n"
        "      y: {needs: [{any_of: [dba, devops]}, dba], duration: 10m}\n");
    const struct step *st = &p->scenarios[0].steps[0];
    cr_assert_eq(st->needs[0], plan_find_role(p, "dba"));
    cr_assert_eq(st->any_mask, 2u);
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    cr_assert_eq(r->steps[0].start_s, 0.0);
    cr_assert_eq(r->steps[0].people[0], person_of(p, "dba", 0));
    cr_assert_eq(r->steps[0].people[1], person_of(p, "devops", 0));
    trial_worker_free(w);
    plan_free(p);
}

/* The CTO is optional: the bridge starts with on-call at once (the CTO, paged with it,
 * arrives at 1 h); the review, ready at 2 h 30, finds the CTO free and holds them. */
Test(paging, an_optional_participant_does_not_delay_the_start)
{
    struct plan *p = fixture_plan_text(
        HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    oncall: {count: 1, response: {business: 0s}}\n"
        "    cto: {count: 1, response: {business: 1h}}\n"
        SCENARIO("review")
        "    runbook:\n"
        "      bridge: {needs: [oncall, {role: cto, optional: true}], duration: 30m}\n"
        "      fix:    {needs: [oncall], duration: 2h, after: [bridge]}\n"
        "      review: {needs: [{role: cto, optional: true}], duration: 15m, after: [bridge]}\n"
        "      close:  {needs: [cto], duration: 5m, after: [review]}\n");
    int bridge = step_of(p, "bridge"), review = step_of(p, "review"), close = step_of(p, "close");
    cr_assert_eq(p->scenarios[0].steps[bridge].n_required, 1);
    cr_assert_eq(p->scenarios[0].steps[bridge].n_needs, 2);
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct ev_log *log = calloc(1, sizeof *log);
    struct trial_trace tr = {log_event, log};
    const struct trial_result *r = trial_run(w, 0, 0, &tr);
    cr_assert_eq(r->steps[bridge].start_s, 0.0);
    cr_assert_eq(r->steps[bridge].n_people, 1);
    cr_assert_eq(r->steps[bridge].n_optional, 0);
    /* review is ready at 30 m with the CTO still on the way: it starts without them. */
    cr_assert_eq(r->steps[review].start_s, 30 * MIN);
    cr_assert_eq(r->steps[review].n_people, 0);
    /* close needs the CTO: 1 h. */
    cr_assert_eq(r->steps[close].start_s, HOUR);
    const struct trial_event *j[4];
    cr_assert_eq(events_of(log, TRIAL_EV_OPTIONAL_JOIN, -1, j, 4), 0);
    free(log);
    trial_worker_free(w);
    plan_free(p);

    /* With review after fix (ready at 2 h 30), the CTO is there and joins. */
    p = fixture_plan_text(
        HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    oncall: {count: 1, response: {business: 0s}}\n"
        "    cto: {count: 1, response: {business: 1h}}\n"
        SCENARIO("review")
        "    runbook:\n"
        "      bridge: {needs: [oncall, {role: cto, optional: true}], duration: 30m}\n"
        "      fix:    {needs: [oncall], duration: 2h, after: [bridge]}\n"
        "      review: {needs: [oncall, {role: cto, optional: true}], duration: 15m, after: [fix]}\n");
    review = step_of(p, "review");
    w = trial_worker_new(p, SEED);
    log = calloc(1, sizeof *log);
    tr.user = log;
    r = trial_run(w, 0, 0, &tr);
    cr_assert_eq(r->steps[review].start_s, 150 * MIN);
    cr_assert_eq(r->steps[review].staff_wait_s, 0.0);
    cr_assert_eq(r->steps[review].n_people, 2);
    cr_assert_eq(r->steps[review].n_optional, 1);
    cr_assert_eq(r->steps[review].people[1], person_of(p, "cto", 0));
    cr_assert_eq(r->rto_s, 165 * MIN);
    cr_assert_eq(events_of(log, TRIAL_EV_OPTIONAL_JOIN, -1, j, 4), 1);
    cr_assert_eq(j[0]->person, person_of(p, "cto", 0));
    cr_assert_eq(j[0]->step, review);
    cr_assert_eq(j[0]->t_s, 150 * MIN);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- escalation chains ----------------------------------------------------------------- */

static const char chain_yaml[] = HEAD("10h")
    "staffing:\n"
    "  roles:\n"
    "    lead: {count: 1, response: {business: 10d}, escalate_after: 15m,\n"
    "           stand_in: [s1, s2, s3]}\n"
    "    s1: {count: 1, response: {business: %s}}\n"
    "    s2: {count: 1, response: {business: 10d}}\n"
    "    s3: {count: 1, response: {business: 5m}}\n"
    SCENARIO("work")
    "    runbook:\n"
    "      work: {needs: [lead], duration: 10m}\n";

/* Nobody of the lead, s1 or s2 responds in time: the levels come at 15, 30 and 45 m, each
 * paging its role, and s3 (paged at 45 m, there at 50 m) takes the step at level 3. */
Test(paging, a_chain_of_three_escalates_in_order)
{
    struct plan *p = fixture_plan_text(chain_yaml, "10d");
    int lead = plan_find_role(p, "lead");
    const char *names[3] = {"s1", "s2", "s3"};
    cr_assert_eq(p->roles[lead].n_stand_ins, 3);
    cr_assert_eq(p->roles[lead].stand_in, plan_find_role(p, "s1"));
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct ev_log *log = calloc(1, sizeof *log);
    struct trial_trace tr = {log_event, log};
    const struct trial_result *r = trial_run(w, 0, 0, &tr);
    cr_assert_eq(r->steps[0].start_s, 50 * MIN);
    cr_assert_eq(r->steps[0].people[0], person_of(p, "s3", 0));
    cr_assert_eq(r->rto_s, HOUR);
    const struct trial_event *lv[8], *pg[8], *es[8];
    cr_assert_eq(events_of(log, TRIAL_EV_ESCALATION_LEVEL, lead, lv, 8), 3);
    for (int k = 0; k < 3; k++) {
        int s = plan_find_role(p, names[k]);
        cr_assert_eq(lv[k]->t_s, (k + 1) * 15 * MIN);
        cr_assert_eq(lv[k]->level, k + 1);
        cr_assert_eq(lv[k]->stand_in_role, s);
        cr_assert_eq(events_of(log, TRIAL_EV_PAGE, s, pg, 8), 1);
        cr_assert_eq(pg[0]->t_s, (k + 1) * 15 * MIN);
        cr_assert_eq(pg[0]->stand_in_role, lead);
    }
    cr_assert_eq(events_of(log, TRIAL_EV_ESCALATION, -1, es, 8), 1);
    cr_assert_eq(es[0]->level, 3);
    cr_assert_eq(es[0]->role, lead);
    cr_assert_eq(es[0]->stand_in_role, plan_find_role(p, "s3"));
    free(log);
    trial_worker_free(w);
    plan_free(p);

    /* s1 answers in 5 m: it takes the step at 20 m, and s2 and s3 are never paged. */
    p = fixture_plan_text(chain_yaml, "5m");
    w = trial_worker_new(p, SEED);
    log = calloc(1, sizeof *log);
    tr.user = log;
    r = trial_run(w, 0, 0, &tr);
    cr_assert_eq(r->steps[0].start_s, 20 * MIN);
    cr_assert_eq(r->steps[0].people[0], person_of(p, "s1", 0));
    cr_assert_eq(events_of(log, TRIAL_EV_PAGE, plan_find_role(p, "s2"), pg, 8), 0);
    cr_assert_eq(events_of(log, TRIAL_EV_PAGE, plan_find_role(p, "s3"), pg, 8), 0);
    cr_assert_eq(events_of(log, TRIAL_EV_ESCALATION, -1, es, 8), 1);
    cr_assert_eq(es[0]->level, 1);
    free(log);
    trial_worker_free(w);
    plan_free(p);
}

/* ---- the neutral forms change nothing ---------------------------------------------------- */

/* Re-paging that always reaches everyone at once (one notification, always noticed) and
 * chains written as lists leave every trial of the built-in plan bit-identical: the new
 * code paths draw nothing from other inputs' streams. */
Test(paging, neutral_repage_leaves_the_builtin_plan_unchanged)
{
    struct plan *p = fixture_plan_file(NULL);
    const int n = 300;
    /* The built-in plan re-pages: take its pagers out first (each role's escalation time
     * stays as loaded, so only the notifications differ between the two runs). */
    for (int r = 0; r < p->n_roles; r++)
        p->roles[r].repage.attempts = 0;
    double *before = calloc((size_t)p->n_scenarios * n * 3, sizeof *before);
    struct trial_worker *w = trial_worker_new(p, SEED);
    for (int s = 0; s < p->n_scenarios; s++)
        for (int t = 0; t < n; t++) {
            const struct trial_result *r = trial_run(w, s, (uint64_t)t, NULL);
            double *b = &before[((size_t)s * n + (size_t)t) * 3];
            b[0] = r->rto_s;
            b[1] = r->rpo_s;
            b[2] = r->full_s;
        }
    trial_worker_free(w);
    for (int r = 0; r < p->n_roles; r++)
        p->roles[r].repage = (struct role_repage){.attempts = 1, .every_s = 5 * MIN,
                                                  .answered = {1.0, 1.0, 1.0}};
    w = trial_worker_new(p, SEED);
    for (int s = 0; s < p->n_scenarios; s++)
        for (int t = 0; t < n; t++) {
            const struct trial_result *r = trial_run(w, s, (uint64_t)t, NULL);
            const double *b = &before[((size_t)s * n + (size_t)t) * 3];
            cr_assert(memcmp(&b[0], &r->rto_s, sizeof(double)) == 0, "scenario %d trial %d", s, t);
            cr_assert(memcmp(&b[1], &r->rpo_s, sizeof(double)) == 0, "scenario %d trial %d", s, t);
            cr_assert(memcmp(&b[2], &r->full_s, sizeof(double)) == 0, "scenario %d trial %d", s, t);
        }
    trial_worker_free(w);
    free(before);
    plan_free(p);
}

/* ---- loading ------------------------------------------------------------------------------ */

Test(paging, keys_load_as_written)
{
    struct plan *p = fixture_plan_text(
        HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    dba:\n"
        "      count: 3\n"
        "      response: {business: 5m}\n"
        "      repage: {every: 5m, attempts: 3, answered: {business: 95%%, night: 60%%}}\n"
        "      stand_in: [devops, cto]\n"
        "    devops: {count: 1, response: {business: 5m}, stand_in: cto, escalate_after: 20m}\n"
        "    cto: {count: 1, response: {business: 5m}}\n"
        SCENARIO("work")
        "    declared_by: declare\n"
        "    page: {at_start: [devops], at_declaration: [dba, cto]}\n"
        "    runbook:\n"
        "      declare: {duration: 10m}\n"
        "      work:\n"
        "        needs: [{role: cto, optional: true}, {any_of: [devops, cto]},\n"
        "                {role: dba, count: 2}]\n"
        "        duration: 20m\n"
        "        after: [declare]\n");
    int dba = plan_find_role(p, "dba"), devops = plan_find_role(p, "devops"),
        cto = plan_find_role(p, "cto");
    const struct role *ro = &p->roles[dba];
    cr_assert_eq(ro->repage.attempts, 3);
    cr_assert_eq(ro->repage.every_s, 5 * MIN);
    cr_assert_float_eq(ro->repage.answered[SCHED_BUSINESS], 0.95, 1e-12);
    cr_assert_float_eq(ro->repage.answered[SCHED_NIGHT], 0.60, 1e-12);
    cr_assert_float_eq(ro->repage.answered[SCHED_WEEKEND], 0.95, 1e-12);
    cr_assert_eq(ro->escalate_after_s, 15 * MIN);   /* attempts x every */
    cr_assert_eq(ro->n_stand_ins, 2);
    cr_assert_eq(ro->stand_ins[0], devops);
    cr_assert_eq(ro->stand_ins[1], cto);
    cr_assert_eq(p->roles[devops].n_stand_ins, 1);
    cr_assert_eq(p->roles[devops].repage.attempts, 0);
    cr_assert_eq(p->roles[devops].escalate_after_s, 20 * MIN);
    const struct scenario *sc = &p->scenarios[0];
    cr_assert_eq(sc->page_at_start, UINT64_C(1) << devops);
    cr_assert_eq(sc->page_at_declaration, (UINT64_C(1) << dba) | (UINT64_C(1) << cto));
    /* dba, dba (required, named), the any_of set, then the optional CTO. */
    const struct step *st = &sc->steps[step_of(p, "work")];
    cr_assert_eq(st->n_needs, 4);
    cr_assert_eq(st->n_required, 3);
    cr_assert_eq(st->needs[0], dba);
    cr_assert_eq(st->needs[1], dba);
    cr_assert_eq(st->needs[2], devops);
    cr_assert_eq(st->needs[3], cto);
    cr_assert_eq(st->any_mask, 4u);
    cr_assert_eq(st->any_of[2].n_roles, 2);
    cr_assert_eq(st->any_of[2].roles[1], cto);
    /* As the reports word them (Runbook sheet, pack assumptions). */
    char buf[256];
    cr_assert_str_eq(plan_step_needs_text(p, st, buf, sizeof buf),
                     "dba x2, any of devops | cto, cto (optional)");
    cr_assert_str_eq(plan_step_needs_text(p, &sc->steps[step_of(p, "declare")], buf, sizeof buf),
                     "none (automatic)");
    cr_assert_str_eq(plan_role_chain_text(p, ro, buf, sizeof buf), "devops, then cto");
    cr_assert_str_eq(plan_role_chain_text(p, &p->roles[cto], buf, sizeof buf), "");
    cr_assert_str_eq(plan_step_needs_text(p, st, buf, 8), "dba x2,");
    plan_free(p);
}

/* A person re-paging never reached (no notification noticed) is there for the planned
 * failback window, like the people of roles nobody paged: the failback does not wait
 * for them forever. */
Test(paging, a_person_never_reached_is_there_for_the_failback)
{
    struct plan *p = fixture_plan_text(
        HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    oncall: {count: 1, response: {business: 0s}}\n"
        "    dba:\n"
        "      count: 1\n"
        "      response: {business: 0s}\n"
        "      repage: {every: 5m, attempts: 2, answered: 0%%}\n"
        "scenarios:\n"
        "  region:\n"
        "    destroys: region\n"
        "    per_year: 1\n"
        "    duration: 2h\n"
        "    on_outage_end: continue\n"
        "    service_restored_by: work\n"
        "    failback: {after: 1h, write_rate: 1GB/h, sync_throughput: 100MB/s}\n"
        "    runbook:\n"
        "      ask-dba: {needs: [{role: dba, optional: true}], duration: 1m}\n"
        "      work: {needs: [oncall], duration: 30m}\n"
        "      sync: {reverse_sync: true, phase: failback}\n"
        "      check: {needs: [dba], duration: 15m, phase: failback, after: [sync]}\n");
    struct trial_worker *w = trial_worker_new(p, SEED);
    const struct trial_result *r = trial_run(w, 0, 0, NULL);
    int ask = step_of(p, "ask-dba"), check = step_of(p, "check");
    cr_assert_eq(r->steps[ask].n_people, 0);
    cr_assert_eq(r->service_s, 30 * MIN);
    cr_assert_eq(r->failback_start_s, 3 * HOUR);
    /* 2 h 30 of writes at 1 GB/h copied at 100 MB/s: 25 s. */
    cr_assert_float_eq(r->steps[check].start_s, 3 * HOUR + 25, 1e-6);
    cr_assert_eq(r->steps[check].people[0], person_of(p, "dba", 0));
    cr_assert(isfinite(r->failback_end_s));
    trial_worker_free(w);
    plan_free(p);
}

/* ---- what drsim trace prints ----------------------------------------------------------- */

static void print_event(void *user, const struct trial_event *ev)
{
    void **u = user;
    term_print_event(u[0], u[1], 0, ev);
}

/* Trial `k` of plan text `yaml` as drsim trace prints its events, malloc'd. */
static char *trace_text(const char *yaml, uint64_t k)
{
    struct plan *p = fixture_plan_text("%s", yaml);
    struct trial_worker *w = trial_worker_new(p, SEED);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    void *u[2] = {f, p};
    struct trial_trace tt = {print_event, u};
    trial_run(w, 0, k, &tt);
    fclose(f);
    trial_worker_free(w);
    plan_free(p);
    return buf;
}

#define WANT(out, text) cr_assert(strstr(out, text) != NULL, "want '%s' in:\n%s", text, out)

Test(paging, trace_shows_pages_repages_escalations_and_joins)
{
    char *out = trace_text(
        HEAD("6h")
        "staffing:\n"
        "  roles:\n"
        "    dba:\n"
        "      count: 1\n"
        "      response: {business: 1m, night: 7m}\n"
        "      repage: {every: 4h, attempts: 3, answered: {business: 100%, night: 0%}}\n"
        "    cto: {count: 1, response: {business: 0s}}\n"
        SCENARIO("work")
        "    declared_by: declare\n"
        "    page: {at_declaration: [dba]}\n"
        "    runbook:\n"
        "      declare: {needs: [cto], duration: 10m}\n"
        "      work: {needs: [dba, {role: cto, optional: true}], duration: 1m, after: [declare]}\n",
        0);
    WANT(out, "page dba (night) ahead, at the declaration\n");
    WANT(out, "notification 1 to dba: not noticed\n");
    WANT(out, "re-page 2 to dba: noticed, responds 7m later\n");
    WANT(out, "cto joins step work (optional participant)\n");
    free(out);

    out = trace_text(
        HEAD("10h")
        "staffing:\n"
        "  roles:\n"
        "    lead:\n"
        "      count: 1\n"
        "      response: {business: 0s}\n"
        "      repage: {every: 5m, attempts: 2, answered: 0%}\n"
        "      stand_in: [s1, s2]\n"
        "    s1: {count: 1, response: {business: 10d}}\n"
        "    s2: {count: 1, response: {business: 1m}}\n"
        SCENARIO("work")
        "    runbook:\n"
        "      work: {needs: [lead], duration: 10m}\n",
        0);
    WANT(out, "re-page 2 to lead: not noticed, the last one (no response to this page)\n");
    WANT(out, "escalation level 1 for lead: nobody free, stand-in s1 may take the step\n");
    WANT(out, "escalation level 2 for lead: nobody free, stand-in s2 may take the step\n");
    WANT(out, "page s2 (business) to stand in for lead\n");
    WANT(out, "escalation: s2 stands in for lead on step work (level 2 of its chain)\n");
    free(out);
}
