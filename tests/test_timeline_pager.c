/* tests/test_timeline_pager.c: the pager's side of the typical trial (issue 13, item 7).
 *
 * The results carry the typical trial's pages, notifications, arrivals and escalations
 * (mc_scenario_result.typical_pager) for the timeline chart's pager lanes. They must be
 * the very events the trace of that trial shows, in order; the built-in plan's region
 * scenario pages DevOps when `decide` ends (page.at_declaration), so that page lies at
 * the typical trial's declaration exactly; everyone paged arrives after their page; and
 * the chart names a lane per role paged.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "models/jsonio.h"
#include "models/plan.h"
#include "sim/mc.h"
#include "sim/trial.h"

#define SEED 7
#define TRIALS 3000

struct collected {
    struct trial_event ev[4096];
    int n;
};

static void collect(void *user, const struct trial_event *ev)
{
    struct collected *c = user;
    if (c->n < 4096)
        c->ev[c->n++] = *ev;
}

static int pager_kind(enum trial_event_kind k)
{
    return k == TRIAL_EV_PAGE || k == TRIAL_EV_NOTIFY || k == TRIAL_EV_PERSON_AVAILABLE ||
           k == TRIAL_EV_ESCALATION || k == TRIAL_EV_ESCALATION_LEVEL;
}

Test(timeline_pager, typical_trial_carries_its_trace_pager_events)
{
    struct plan *p = fixture_plan_file(NULL);
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, TRIALS, SEED, 2, NULL, NULL, &r), MC_OK);
    struct trial_worker *w = trial_worker_new(p, SEED);
    struct collected *c = malloc(sizeof *c);
    cr_assert_not_null(c);
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        c->n = 0;
        struct trial_trace tr = {.fn = collect, .user = c};
        trial_run(w, s, sr->median_rto_trial, &tr);
        int k = 0;
        for (int e = 0; e < c->n; e++) {
            if (!pager_kind(c->ev[e].kind))
                continue;
            cr_assert_lt(k, sr->n_typical_pager, "scenario %s", p->scenarios[s].name);
            const struct trial_event *a = &sr->typical_pager[k++], *b = &c->ev[e];
            cr_assert_eq(a->kind, b->kind);
            cr_assert_eq(a->role, b->role);
            cr_assert_eq(a->person, b->person);
            cr_assert(a->t_s == b->t_s, "scenario %s event %d", p->scenarios[s].name, k);
        }
        cr_assert_eq(k, sr->n_typical_pager, "scenario %s", p->scenarios[s].name);
        /* Everyone who arrives was paged first, and no earlier than their role. */
        for (int e = 0; e < sr->n_typical_pager; e++) {
            const struct trial_event *ev = &sr->typical_pager[e];
            if (ev->kind != TRIAL_EV_PERSON_AVAILABLE)
                continue;
            double paged = INFINITY;
            for (int q = 0; q < e; q++)
                if (sr->typical_pager[q].kind == TRIAL_EV_PAGE && sr->typical_pager[q].role == ev->role)
                    paged = fmin(paged, sr->typical_pager[q].t_s);
            cr_assert(ev->t_s >= paged, "%s: %s arrives at %g, paged at %g",
                      p->scenarios[s].name, p->roles[ev->role].name, ev->t_s, paged);
        }
    }
    /* The region scenario pages DevOps at the declaration, not when start-restores is
     * ready (which, when the rule waits for AWS, is later). */
    int s = plan_find_scenario(p, "region"), dev = plan_find_role(p, "devops");
    cr_assert_geq(s, 0);
    const struct mc_scenario_result *sr = &r->scenarios[s];
    int found = 0;
    for (int e = 0; e < sr->n_typical_pager; e++) {
        const struct trial_event *ev = &sr->typical_pager[e];
        if (ev->kind == TRIAL_EV_PAGE && ev->role == dev) {
            found = 1;
            cr_assert_eq(ev->why, TRIAL_PAGE_AT_DECLARATION);
            cr_assert(ev->t_s == sr->typical.declared_s, "paged %g, declared %g", ev->t_s,
                      sr->typical.declared_s);
        }
    }
    cr_assert(found, "DevOps never paged in the typical region trial");
    free(c);
    trial_worker_free(w);
    mc_results_free(r);
    plan_free(p);
}

/* The timeline chart has a lane per role paged, and a legend for the pager's marks. */
Test(timeline_pager, chart_names_a_lane_per_role_paged)
{
    char dir[64], cmd[512], *out = NULL;
    fixture_tmpdir(dir, "timeline-pager");
    snprintf(cmd, sizeof cmd, "run -q -n %d --seed %d --no-workbook -o %s/out", TRIALS, SEED, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s/out/charts/region-timeline.pdf - 2>&1",
             dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    const char *want[] = {"pager: oncall-primary", "pager: incident-lead", "pager: devops",
                          "paged", "arrives"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(strstr(out, want[i]) != NULL, "no \"%s\" in:\n%s", want[i], out);
    free(out);
    fixture_rm_rf(dir);
}

/* The example plan's DBAs work at most 10 h before a 30-minute hand-over; its typical
 * region trial restores for over 10 h, so the results carry the hand-over at exactly 10 h
 * into the restore (the DBA's first step), and the restore's duration is its drawn work
 * plus the 30 minutes. */
Test(timeline_pager, typical_trial_carries_its_hand_overs)
{
    struct plan *p = fixture_plan_file("scenarios/follow-the-sun.yaml");
    struct mc_results *r = NULL;
    cr_assert_eq(mc_run(p, 2000, SEED, 2, NULL, NULL, &r), MC_OK);
    const struct mc_scenario_result *sr = &r->scenarios[0];
    const struct scenario *sc = &p->scenarios[0];
    int restore = scenario_find_step(sc, "restore");
    cr_assert_geq(restore, 0);
    const struct trial_step *ts = &sr->typical.steps[restore];
    cr_assert_gt(ts->duration_s - 30 * 60.0, 10 * 3600.0, "the typical restore is shorter than a shift");
    int n = 0;
    for (int e = 0; e < sr->n_typical_pager; e++) {
        const struct trial_event *ev = &sr->typical_pager[e];
        if (ev->kind != TRIAL_EV_HANDOVER)
            continue;
        n++;
        cr_assert_eq(ev->step, restore);
        cr_assert_float_eq(ev->t_s, ts->start_s + 10 * 3600.0, 1e-6);
        cr_assert_eq(ev->flag, 0);
        cr_assert_eq(ev->value_s, 30 * 60.0);
    }
    cr_assert_eq(n, 1);
    /* The step's duration counts the hand-over: drawn work plus 30 minutes. */
    cr_assert_float_eq(ts->end_s, ts->start_s + ts->duration_s, 1e-6);
    mc_results_free(r);
    plan_free(p);
}

/* The terminal and summary.json say how often each step was handed over, with the same
 * count. */
Test(timeline_pager, run_reports_hand_overs_per_step)
{
    char dir[64], cmd[512], *out = NULL;
    fixture_tmpdir(dir, "handover-report");
    snprintf(cmd, sizeof cmd, "run scenarios/follow-the-sun.yaml -q -n 2000 --seed %d "
             "--no-workbook --no-charts -o %s/out", SEED, dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    char path[128];
    snprintf(path, sizeof path, "%s/out/summary.json", dir);
    struct jsonio_doc *doc = fixture_json(path);
    const struct jsonio_value *steps = fixture_json_at(jsonio_root(doc), "scenarios[0].steps");
    double n = -1;
    for (size_t i = 0; i < jsonio_length(steps); i++) {
        const struct jsonio_value *st = jsonio_at(steps, i);
        if (strcmp(jsonio_get_string(jsonio_member(st, "name")), "restore") == 0)
            n = fixture_json_num(st, "n_handed_over");
    }
    cr_assert_gt(n, 0, "restore never handed over");
    char want[128];
    snprintf(want, sizeof want, "hand-over (shift.max reached): restore in %.1f%% of outages",
             100.0 * n / 2000.0);
    cr_assert(strstr(out, want) != NULL, "no \"%s\" in:\n%s", want, out);
    jsonio_free(doc);
    free(out);
    fixture_rm_rf(dir);
}

/* The pack's staffing table names the people, their own working hours, the rota and the
 * shift limit. */
Test(timeline_pager, pack_staffing_shows_people_rotas_and_shifts, .timeout = 120)
{
    char dir[64], cmd[512], *out = NULL;
    fixture_tmpdir(dir, "staffing-pack");
    snprintf(cmd, sizeof cmd, "run scenarios/follow-the-sun.yaml -q -n 500 --no-workbook -o %s/out",
             dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext -raw %s/out/follow-the-sun-review-pack.pdf - 2>&1", dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    for (char *c = out; *c; c++)    /* table cells wrap: read them as one line */
        if (*c == '\n')
            *c = ' ';
    const char *want[] = {"on call: follow-the-sun", "carlos: Mon-Fri 17:00-01:00",
                          "America/New_York; 6 holidays",
                          "on call: rota passing weekly Mon 09:00 Europe/Berlin",
                          "first jonas", "the rest of the role after 30m",
                          "shift: at most 10h, hand-over 30m, rest 10h"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(strstr(out, want[i]) != NULL, "no \"%s\" in:\n%s", want[i], out);
    free(out);
    fixture_rm_rf(dir);
}
