/* reports/controls.h: the controls matrix, what a run evidences of each audit requirement.
 *
 * An auditor reads a disaster-recovery review against a short list of requirements: SOC 2
 * A1.2, A1.3, CC7.5, CC9.1; ISO 22301 clauses 8.3, 8.4, 8.5, 9.3, 10.1; NIST SP 800-53
 * CP-2, CP-4, CP-6, CP-7, CP-9, CP-10. For each, this module says what the requirement
 * asks (shared/reference/bia-and-audit.md where it states it, else the standard's own
 * title), where drsim's outputs hold the evidence (a workbook sheet and its columns, a
 * page of the review pack) and whether that evidence is there: evidenced, partly, or
 * not evidenced, with the reason in words.
 *
 * The decision is made in two steps, so that it can be tested exactly:
 *
 *   - controls_gather reads the plan, the run's results and the drill evidence (may be
 *     absent) into a few counts (struct controls_facts): how many stores hold data and
 *     how many of them are backed up and copied out of the region, which policy
 *     objectives the simulation meets at the required confidence, whether the plan is
 *     approved and reviewed within its cycle, which tests are overdue and which
 *     corrective actions are past due as of the run's as-of day;
 *   - controls_decide applies the rules (one small function per requirement, listed in a
 *     table in controls.c) to those counts. The rules are the documented ones
 *     (docs/reports.md, "Controls"); the principal one: a simulation is not a test, so
 *     SOC 2 A1.3, NIST CP-4 and ISO 22301 8.5 and 10.1 read "not evidenced" without drill
 *     records.
 *
 * The workbook's Controls sheet, the pack's Controls matrix page, the terminal's one line
 * and summary.json's "controls" array all call controls_evaluate, so they agree. Nothing
 * here prints except controls_print_line, to the stream it is given; nothing allocates.
 */
#ifndef DRSIM_CONTROLS_H
#define DRSIM_CONTROLS_H

#include <stdio.h>

#include "models/drill.h"
#include "sim/mc.h"

enum control_status {
    CONTROL_NOT_EVIDENCED = 0, /* "not evidenced": the outputs hold nothing for it */
    CONTROL_PARTLY,            /* "partly": some of what it asks, the reason says what lacks */
    CONTROL_EVIDENCED          /* "evidenced": what it asks is in the outputs */
};

/* "evidenced", "partly", "not evidenced". */
const char *control_status_name(enum control_status s);

enum { CONTROLS_N = 15 };       /* requirements in the matrix */

/* What the rules read: counts from the plan, the run and the drill log. A count that
 * does not apply is 0. */
struct controls_facts {
    /* the run's objectives (scenarios with a policy) */
    int n_scenarios;            /* scenarios simulated */
    int n_policy;               /* of them, with a policy (RTO and RPO targets) */
    int n_rto_meets;            /* policy scenarios whose RTO verdict is "meets" */
    int n_rpo_meets;            /* policy scenarios whose RPO verdict is "meets" */
    int n_region;               /* outage scenarios that destroy the region */
    int n_region_policy;        /* of them, with a policy */
    int n_region_rto_meets;     /* of those, RTO "meets" */
    int n_region_rpo_meets;     /* of those, RPO "meets" */
    int n_damage;               /* logical-damage scenarios (ransomware, deletion) */
    int n_damage_policy;        /* of them, with a policy */
    int n_damage_meets;         /* of those, RTO and RPO "meets" */
    int n_damage_drilled;       /* damage scenarios some passed exercise names */
    int n_runbook;              /* scenarios with runbook steps */
    int n_activation;           /* of them, with activation criteria (decided_by or
                                   declared_by) */
    int n_roles;                /* roles in the plan's staffing */
    /* the business impact analysis */
    int n_services;             /* business services (the BIA's rows) */
    int n_services_complete;    /* of them, with an owner, a finite MTD, RTO and RPO and an
                                   approval (approved_by) */
    int n_bia_assumed;          /* values under services the plan marks ASSUMPTION or UNKNOWN
                                   (struct plan_input provenance): not approved impact data */
    /* data stores */
    int n_data_stores;          /* stores with data of their own (not ephemeral, not rebuilt) */
    int n_backed_up;            /* of them, with a backup rule or a replica (not
                                   unrecoverable) */
    int n_offsite;              /* of them, with a copy outside the primary region (a
                                   cross-region rule or a replica in another region) */
    int n_xr_unknown;           /* stores whose cross-region protection is unknown */
    int n_retention_gaps;       /* backup rules whose retention is shorter than their
                                   longest gap between points (none retained at times) */
    /* governance */
    int approved;               /* an approval names the plan's version (not a DRAFT) */
    int has_review_cycle;       /* governance.review.every given */
    int reviewed;               /* governance.review.last given */
    int review_overdue;         /* last review + cycle < as-of day */
    int has_as_of;              /* the run has an as-of day (mc_results.has_as_of) or drills */
    long as_of_day;             /* civil day judged at: mc_results.as_of_day (else the
                                   drill analysis's, else 0: nothing is then overdue) */
    /* drill evidence (has_drills 0: no drill log was given) */
    int has_drills;
    int n_exercises;            /* exercises on or before the as-of day */
    int n_recent;               /* of them not failed, within the 365 days up to it */
    int n_restore_checked;      /* restores in recent exercises whose completeness check
                                   passed */
    int n_overdue;              /* cadence items overdue */
    int n_without_aar;          /* exercises without an after-action report */
    int n_issues;               /* exercises failed or passed with issues, plus measured
                                   values the model found optimistic */
    int n_actions;              /* corrective actions recorded */
    int n_actions_past_due;     /* of them not done and due before the as-of day */
};

/* One row of the matrix. The texts are static or live in the row. */
struct control_row {
    const char *id;             /* "SOC 2 A1.3", "ISO 22301 9.3", "NIST SP 800-53 CP-4" */
    const char *framework;      /* "SOC 2", "ISO 22301", "NIST SP 800-53" */
    const char *title;          /* short title of the requirement */
    const char *requires;       /* what it asks, in words */
    const char *source;         /* where that wording comes from */
    const char *workbook;       /* sheets (and their columns) that hold the evidence */
    const char *pack;           /* pages of the review pack that show it */
    enum control_status status;
    char reason[320];           /* why this status, from the facts */
};

struct controls {
    struct control_row rows[CONTROLS_N]; /* in the order listed above */
    int n_status[3];            /* rows per enum control_status */
    struct controls_facts facts;/* what the rows were decided from */
};

/* The facts of plan p (r->plan), run r, and, when given, drill log `log` with its
 * analysis a (both NULL without --drills). Past-due actions are judged at r's as-of day
 * when r has one (mc_results.as_of_day), else at the analysis's. */
void controls_gather(const struct mc_results *r, const struct drill_log *log,
                     const struct drill_analysis *a, struct controls_facts *f);

/* Apply the rules to facts f into *out (rows, counts, and a copy of f). Pure. */
void controls_decide(const struct controls_facts *f, struct controls *out);

/* controls_gather, then controls_decide. */
void controls_evaluate(const struct mc_results *r, const struct drill_log *log,
                       const struct drill_analysis *a, struct controls *out);

/* The row of requirement id ("CP-4" or "NIST SP 800-53 CP-4"), NULL when none. */
const struct control_row *controls_find(const struct controls *c, const char *id);

/* One line for the terminal: "Controls: 4 evidenced, 6 partly, 5 not evidenced (not
 * evidenced: SOC 2 A1.3, ...); the workbook's Controls sheet has the reasons". */
void controls_print_line(FILE *out, const struct controls *c, int color);

/* Write the member "controls" of summary.json into w (an open object): an array of
 * {id, framework, title, requires, source, status, reason, workbook, pack}. */
struct jsonio_writer;
void controls_json_write(struct jsonio_writer *w, const struct controls *c);

#endif
