/* tests/test_controls.c: the controls matrix (reports/controls.c), issue 15 item 2.
 *
 * Known answers in two layers. The rules first: from a set of facts under which every
 * requirement is evidenced, each case changes one or two facts and the fifteen statuses
 * must be exactly the ones the rules (docs/reports.md, "Controls") give, as a string of
 * letters in the matrix's order (E evidenced, P partly, N not evidenced). Then the
 * gathering: the built-in plan, simulated, with and without the example drill log as of
 * 2026-12-01, gives the facts counted by hand from scenarios/commcare.yaml and
 * scenarios/drills/commcare-drills.yaml, and so the statuses. The workbook's Controls
 * sheet and the pack page are read back in tests/test_controls_outputs.c.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/load.h"
#include "models/units.h"
#include "reports/controls.h"
#include "reports/evidence.h"
#include "tests/fixture.h"

/* The matrix's order: A1.2 A1.3 CC7.5 CC9.1 8.3 8.4 8.5 9.3 10.1 CP-2 CP-4 CP-6 CP-7 CP-9
 * CP-10. */
static const char *const ids[CONTROLS_N] = {
    "A1.2", "A1.3", "CC7.5", "CC9.1", "8.3", "8.4", "8.5", "9.3", "10.1",
    "CP-2", "CP-4", "CP-6", "CP-7", "CP-9", "CP-10"};

/* Facts under which every rule says "evidenced". */
static struct controls_facts all_good(void)
{
    struct controls_facts f;
    memset(&f, 0, sizeof f);
    f.n_scenarios = 4;
    f.n_policy = 4;
    f.n_rto_meets = 4;
    f.n_rpo_meets = 4;
    f.n_region = 1;
    f.n_region_policy = 1;
    f.n_region_rto_meets = 1;
    f.n_region_rpo_meets = 1;
    f.n_damage = 1;
    f.n_damage_policy = 1;
    f.n_damage_meets = 1;
    f.n_damage_drilled = 1;
    f.n_runbook = 4;
    f.n_activation = 4;
    f.n_roles = 3;
    f.n_services = 2;
    f.n_services_complete = 2;
    f.n_data_stores = 3;
    f.n_backed_up = 3;
    f.n_offsite = 3;
    f.approved = 1;
    f.has_review_cycle = 1;
    f.reviewed = 1;
    f.has_as_of = 1;
    f.as_of_day = 20788;
    f.has_drills = 1;
    f.n_exercises = 5;
    f.n_recent = 4;
    f.n_restore_checked = 2;
    f.n_actions = 2;
    return f;
}

static void statuses(const struct controls *c, char out[CONTROLS_N + 1])
{
    static const char letter[3] = {'N', 'P', 'E'};
    for (int i = 0; i < CONTROLS_N; i++)
        out[i] = letter[c->rows[i].status];
    out[CONTROLS_N] = '\0';
}

static void expect(const struct controls_facts *f, const char *want, const char *what)
{
    struct controls c;
    char got[CONTROLS_N + 1];
    controls_decide(f, &c);
    statuses(&c, got);
    cr_expect_str_eq(got, want, "%s: got %s, want %s", what, got, want);
    int n = 0;
    for (int s = 0; s < 3; s++)
        n += c.n_status[s];
    cr_expect_eq(n, CONTROLS_N);
}

Test(controls, order_and_ids)
{
    struct controls_facts f = all_good();
    struct controls c;
    controls_decide(&f, &c);
    for (int i = 0; i < CONTROLS_N; i++) {
        cr_assert_eq(controls_find(&c, ids[i]), &c.rows[i], "%s", ids[i]);
        cr_assert(c.rows[i].requires && *c.rows[i].requires);
        cr_assert(c.rows[i].source && *c.rows[i].source);
        cr_assert(c.rows[i].workbook && *c.rows[i].workbook);
        cr_assert(c.rows[i].reason[0]);
    }
    cr_assert_eq(controls_find(&c, "NIST SP 800-53 CP-4"), &c.rows[10]);
    cr_assert_null(controls_find(&c, "CP-3"));
    cr_assert_null(controls_find(&c, "P-4"));
    cr_assert_str_eq(control_status_name(CONTROL_PARTLY), "partly");
    cr_assert_str_eq(control_status_name(CONTROL_NOT_EVIDENCED), "not evidenced");
}

/* The rules, one fact at a time. Order: A1.2 A1.3 CC7.5 CC9.1 8.3 8.4 8.5 9.3 10.1 CP-2
 * CP-4 CP-6 CP-7 CP-9 CP-10. */
Test(controls, rules_known_answers)
{
    struct controls_facts f;

    f = all_good();
    expect(&f, "EEEEEEEEEEEEEEE", "all good");

    /* A simulation is not a test: no drill log, no tested recovery. */
    f = all_good();
    f.has_drills = 0;
    f.n_exercises = f.n_recent = f.n_restore_checked = f.n_actions = 0;
    expect(&f, "PNEEEENENENEEEE", "no drills");

    f = all_good();
    f.n_overdue = 1;
    expect(&f, "EPEEEEPEEEPEEEE", "a test overdue");

    f = all_good();
    f.n_actions_past_due = 1;
    expect(&f, "EPEEEEEEPEPEEEE", "an action past due");

    f = all_good();
    f.n_recent = 0;     /* tests on record, none passed in the last year */
    f.n_restore_checked = 0;
    expect(&f, "PNEEEENEEENEEEE", "no recent test");

    f = all_good();
    f.n_restore_checked = 0;
    expect(&f, "PPEEEEEEEEEEEEE", "no restore checked");

    f = all_good();
    f.n_without_aar = 2;
    expect(&f, "EEEEEEPEEEEEEEE", "no after-action report");

    f = all_good();
    f.n_actions = 0;
    f.n_issues = 3;
    expect(&f, "EEEEEEEEPEEEEEE", "issues without actions");
    f.n_issues = 0;
    expect(&f, "EEEEEEEEEEEEEEE", "no issues, no actions");

    f = all_good();
    f.n_offsite = 0;
    expect(&f, "PEEEEEEEEEENEEE", "nothing offsite");
    f.n_offsite = 2;
    expect(&f, "PEEEEEEEEEEPEEE", "one store not offsite");

    f = all_good();
    f.n_backed_up = f.n_offsite = 0;
    expect(&f, "NEEEEEEEEEENENE", "no backups");

    f = all_good();
    f.n_retention_gaps = 1;
    expect(&f, "EEEEEEEEEEEEEPE", "retention gap");
    f.n_retention_gaps = 0;
    f.n_xr_unknown = 1;
    expect(&f, "EEEEEEEEEEEEEPE", "cross-region unknown");

    f = all_good();
    f.n_region = f.n_region_policy = f.n_region_rto_meets = f.n_region_rpo_meets = 0;
    expect(&f, "EEEEEEEEEEEPNEE", "no region scenario");

    f = all_good();
    f.n_region_rto_meets = 0;
    f.n_rto_meets = 3;
    expect(&f, "EEEEPEEEEEEEPEP", "region RTO breached");

    f = all_good();
    f.n_region_rpo_meets = 0;
    f.n_rpo_meets = 3;
    expect(&f, "PEEEPEEEEEEPEEE", "region RPO breached");

    f = all_good();
    f.n_damage = f.n_damage_policy = f.n_damage_meets = f.n_damage_drilled = 0;
    expect(&f, "EENEEEEEEEEEEEE", "no damage scenario");
    f = all_good();
    f.n_damage_drilled = 0;
    expect(&f, "EEPEEEEEEEEEEEE", "damage not drilled");

    f = all_good();
    f.n_services = f.n_services_complete = 0;
    expect(&f, "EEENEEEEEPEEEEE", "no BIA");
    f = all_good();
    f.n_services_complete = 1;
    expect(&f, "EEEPEEEEEEEEEEE", "BIA incomplete");
    f = all_good();
    f.n_bia_assumed = 5;
    expect(&f, "EEEPEEEEEEEEEEE", "BIA values assumed");

    f = all_good();
    f.n_activation = 2;
    expect(&f, "EEEEEPEEEEEEEEE", "activation missing");
    f.n_runbook = f.n_activation = 0;
    expect(&f, "EEEEENEEEEEEEEE", "no runbook");

    f = all_good();
    f.approved = 0;
    expect(&f, "EEEEEEEPEPEEEEE", "DRAFT");
    f.reviewed = 0;
    expect(&f, "EEEEEEENEPEEEEE", "DRAFT, never reviewed");
    f = all_good();
    f.review_overdue = 1;
    expect(&f, "EEEEEEEPEEEEEEE", "review overdue");
    f.review_overdue = 0;
    f.has_review_cycle = 0;
    expect(&f, "EEEEEEEPEEEEEEE", "no review cycle");

    f = all_good();
    f.n_policy = f.n_rto_meets = f.n_rpo_meets = 0;
    f.n_region_policy = f.n_region_rto_meets = f.n_region_rpo_meets = 0;
    f.n_damage_policy = f.n_damage_meets = 0;
    expect(&f, "EEPPNEEEENEPPEN", "no objectives");
}

Test(controls, no_drills_says_no_test_evidence)
{
    struct controls_facts f = all_good();
    struct controls c;
    f.has_drills = 0;
    controls_decide(&f, &c);
    cr_assert(strstr(controls_find(&c, "A1.3")->reason, "no test evidence was given"));
    cr_assert(strstr(controls_find(&c, "CP-4")->reason, "a simulation is not a test"));
    cr_assert(strstr(controls_find(&c, "A1.3")->workbook, "none: no drill log"));
    cr_assert(strstr(controls_find(&c, "A1.3")->pack, "none: no drill log"));
    f.has_drills = 1;
    controls_decide(&f, &c);
    cr_assert_str_eq(controls_find(&c, "A1.3")->pack, "Drill evidence");
}

/* The built-in plan, counted by hand: 16 stores, of which 13 hold data of their own
 * (3 ephemeral or rebuilt); 11 of those are backed up (2 have neither rules nor a replica
 * or are unrecoverable), 9 copied cross-region; 18 rules (the daily and monthly
 * cross-region copies of 9 stores) keep their copies shorter than the gap between them;
 * blobdb's cross-region protection is unknown. 4 scenarios: zone and region outages with
 * a policy, two logical-damage scenarios without one. No approvals: DRAFT. */
Test(controls, builtin_plan_with_and_without_drills, .timeout = 120)
{
    struct plan *p = fixture_plan_file(NULL);
    struct mc_results *r = NULL;
    struct controls c;
    struct controls_facts f;
    char got[CONTROLS_N + 1];
    long as_of;
    const char *why;

    cr_assert_eq(mc_run(p, 2000, 1, 2, NULL, NULL, &r), MC_OK);
    cr_assert_eq(units_parse_date("2026-12-01", &as_of, &why), UNITS_OK);
    r->has_as_of = 1;
    r->as_of_day = as_of;

    controls_gather(r, NULL, NULL, &f);
    cr_assert_eq(f.n_data_stores, 13);
    cr_assert_eq(f.n_backed_up, 11);
    cr_assert_eq(f.n_offsite, 9);
    cr_assert_eq(f.n_retention_gaps, 18);
    cr_assert_eq(f.n_xr_unknown, 1);
    cr_assert_eq(f.n_scenarios, 4);
    cr_assert_eq(f.n_policy, 2);
    cr_assert_eq(f.n_region, 1);
    cr_assert_eq(f.n_damage, 2);
    cr_assert_eq(f.n_damage_policy, 0);
    cr_assert_eq(f.n_services, 4);
    cr_assert_eq(f.n_services_complete, 4);
    /* The plan's services section says "ASSUMPTION throughout": its BIA is illustrative,
     * so CC9.1 is only partly evidenced although every service is filled in. */
    cr_assert_gt(f.n_bia_assumed, 0);
    cr_assert_eq(f.approved, 0);
    cr_assert_eq(f.reviewed, 0);
    cr_assert_eq(f.has_drills, 0);
    cr_assert_eq(f.as_of_day, as_of);
    /* The simulated verdicts at seed 1: both outages breach their RTO, the zone meets its
     * RPO and the region does not (as the Compliance sheet says). */
    cr_assert_eq(f.n_rto_meets, 0);
    cr_assert_eq(f.n_rpo_meets, 1);
    cr_assert_eq(f.n_region_rpo_meets, 0);
    controls_evaluate(r, NULL, NULL, &c);
    statuses(&c, got);
    cr_assert_str_eq(got, "PNPPPPNNNPNPPPP");

    /* The example drill log as of 2026-12-01: one test overdue (us-east-2's Q3
     * completeness test), 7 corrective actions of which 3 are past due. */
    struct diag_list d;
    char *text = NULL;
    struct drill_log *log = NULL;
    struct drill_analysis a;
    enum load_status st =
        load_drills_file("scenarios/drills/commcare-drills.yaml", p, &d, &text, &log);
    if (st != LOAD_OK)
        diag_print(&d, stderr);
    diag_fini(&d);
    cr_assert_eq(st, LOAD_OK);
    cr_assert_eq(evidence_analyze(log, p, r, as_of, &a), 0);
    controls_gather(r, log, &a, &f);
    cr_assert_eq(f.has_drills, 1);
    cr_assert_eq(f.n_overdue, 1);
    cr_assert_eq(f.n_actions, 7);
    cr_assert_eq(f.n_actions_past_due, 3);
    cr_assert_gt(f.n_recent, 0);
    cr_assert_gt(f.n_restore_checked, 0);
    controls_evaluate(r, log, &a, &c);
    statuses(&c, got);
    cr_assert_str_eq(got, "PPPPPPPNPPPPPPP");

    /* Judged 400 days later (the analysis left as it was), the same log's tests are stale:
     * none passed in the year up to then. The 3 actions not done stay past due. */
    r->as_of_day = as_of + 400;
    controls_gather(r, log, &a, &f);
    cr_assert_eq(f.n_actions_past_due, 3);
    cr_assert_eq(f.n_recent, 0);
    controls_decide(&f, &c);
    cr_assert_eq(controls_find(&c, "A1.3")->status, CONTROL_NOT_EVIDENCED);
    cr_assert_eq(controls_find(&c, "CP-4")->status, CONTROL_NOT_EVIDENCED);

    drill_analysis_fini(&a);
    drill_log_free(log);
    free(text);
    mc_results_free(r);
    plan_free(p);
}

/* A small plan, its statuses counted from the rules by hand: one store without backups,
 * one zone scenario with a one-step runbook and no activation step, no staffing, no
 * services, no objectives, an approved version reviewed on 2026-08-14 with a yearly
 * cycle. Only ISO 22301 9.3 is evidenced, and only while the review is within its cycle
 * and the version is approved; 8.4 is partly (a runbook without activation or roles). */
#define SMALL                                                                              \
    "calendar:\n"                                                                          \
    "  epoch: 2026-01-05\n"                                                                \
    "stores:\n"                                                                            \
    "  db:\n"                                                                              \
    "    size: 100GB\n"                                                                    \
    "    restore:\n"                                                                       \
    "      throughput: 100MB/s\n"                                                          \
    "scenarios:\n"                                                                         \
    "  zone:\n"                                                                            \
    "    destroys: zone\n"                                                                 \
    "    per_year: 1\n"                                                                    \
    "    duration: 4h\n"                                                                   \
    "    service_restored_by: fix\n"                                                       \
    "    runbook:\n"                                                                       \
    "      fix:\n"                                                                         \
    "        duration: 1h\n"                                                               \
    "governance:\n"                                                                        \
    "  approvals:\n"                                                                       \
    "    - {version: \"3\", by: Ben Okafor, date: 2026-08-14}\n"                           \
    "  review: {every: 365d, last: 2026-08-14}\n"

static void small_plan(const char *version, const char *as_of, const char *want)
{
    struct plan *p = fixture_plan_text("plan: {name: g, version: \"%s\"}\n" SMALL, version);
    struct mc_results *r = NULL;
    struct controls c;
    char got[CONTROLS_N + 1];
    const char *why;
    cr_assert_eq(mc_run(p, 200, 1, 1, NULL, NULL, &r), MC_OK);
    r->has_as_of = 1;
    cr_assert_eq(units_parse_date(as_of, &r->as_of_day, &why), UNITS_OK);
    controls_evaluate(r, NULL, NULL, &c);
    statuses(&c, got);
    cr_expect_str_eq(got, want, "version %s as of %s", version, as_of);
    cr_expect_eq(c.facts.n_data_stores, 1);
    cr_expect_eq(c.facts.n_backed_up, 0);
    cr_expect_eq(c.facts.n_runbook, 1);
    cr_expect_eq(c.facts.n_activation, 0);
    mc_results_free(r);
    plan_free(p);
}

Test(controls, small_plan_governance)
{
    small_plan("3", "2026-12-01", "NNNNNPNENNNNNNN");
    small_plan("3", "2027-09-01", "NNNNNPNPNNNNNNN"); /* the review is overdue */
    small_plan("4", "2026-12-01", "NNNNNPNPNNNNNNN"); /* version 4 is not approved: DRAFT */
}
