/* reports/findings.h: what the run found, as a board reads it: each finding with its
 * evidence, a recommendation, an owner and the decision it asks for.
 *
 * A finding is not a figure restated: it says what is wrong (with the figures that show
 * it), where an auditor checks it (the sheet and row, the figure), what to do about it,
 * who owns it (from the plan: the owners of the services it touches, else the plan's
 * owner, else "unassigned", written as such so the gap is visible) and what the board is
 * asked to decide. When the plan declares levers and the run searched them (`run
 * --levers`, analysis/levers.h), the recommendation names the cheapest combination that
 * meets the objective, with its cost and P(meet); when the plan declares levers and the
 * run did not search them, it says how to.
 *
 * The findings, in the order a board takes them (findings_build):
 *   1. key risks: stores whose protection against losing the region nobody has confirmed
 *      (`cross_region: unknown`: counted as unprotected);
 *   2. each objective with a target that the run does not meet (breach first, then at
 *      risk), scenario order, RTO before RPO;
 *   3. the cheapest combination of levers that meets every objective (a searched plan);
 *   4. exceptions past their review date;
 *   5. a DRAFT plan (no approval names its version).
 * Every output (terminal, summary.json, the workbook's Registers sheet, the pack's
 * "Decisions for the board" page) prints these same findings, computed once here.
 */
#ifndef DRSIM_FINDINGS_H
#define DRSIM_FINDINGS_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/sweep.h"
#include "sim/mc.h"

#define FINDING_TEXT 1024
#define FINDING_OWNER 256

enum finding_kind {
    FINDING_PROTECTION_UNKNOWN = 0, /* store: cross_region unknown */
    FINDING_OBJECTIVE,              /* scenario, objective: not met */
    FINDING_POLICY,                 /* the cheapest combination meeting every objective */
    FINDING_EXCEPTION_EXPIRED,      /* store: its exception's review date passed */
    FINDING_DRAFT                   /* the plan is a DRAFT */
};

enum finding_severity {
    FINDING_KEY_RISK = 0,   /* a risk nobody has measured */
    FINDING_BREACH,         /* an objective breached, or a governance failure */
    FINDING_AT_RISK,        /* an objective not proven at the required confidence */
    FINDING_DECISION        /* a decision offered (the lever combination for the policy) */
};

struct finding {
    enum finding_kind kind;
    enum finding_severity severity;
    int scenario;           /* result scenario index, or -1 */
    enum sweep_objective objective; /* FINDING_OBJECTIVE */
    int store;              /* store index, or -1 */
    char what[FINDING_TEXT];           /* what is wrong, with its figures */
    char evidence[FINDING_TEXT];       /* where to check it */
    char recommendation[FINDING_TEXT]; /* what to do */
    char owner[FINDING_OWNER];         /* who owns it; "unassigned" when the plan names nobody */
    int owner_assigned;                /* 0 when owner is "unassigned" */
    char decision[FINDING_TEXT];       /* what the board is asked to decide */
    int goal;               /* index into r->levers->goals of its lever answer, or -1 */
};

struct findings {
    struct finding *items;  /* [n] in the order above */
    int n;
};

/* The findings of run r (with r->levers when the run searched the plan's levers) into
 * *out (findings_fini it). Returns 0, or -1 when out of memory. */
int findings_build(const struct mc_results *r, struct findings *out);
void findings_fini(struct findings *f);

/* "key risk", "breach", "at risk", "decision". */
const char *finding_severity_name(enum finding_severity s);

/* An amount of US dollars as "$1,234" (whole dollars). Into buf; returns buf. */
char *findings_money(double usd, char *buf, size_t n);

/* The terminal's findings block: a heading and, per finding, its severity and what, the
 * recommendation, the owner and the decision, indented. */
void findings_print(FILE *out, const struct mc_results *r);

/* summary.json's top-level "findings" (every finding, as above) and "levers" (null when
 * the plan declares none; else the levers declared and, after a search, its answer per
 * goal) into the object being written (docs/reports.md, "summary.json"). */
struct jsonio_writer;
void findings_json(struct jsonio_writer *w, const struct mc_results *r);

#endif
