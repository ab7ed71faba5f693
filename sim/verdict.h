/* sim/verdict.h: the overall verdict of a run, over every objective it checked.
 *
 * mc_run judges each objective on its own (sim/mc.h: meets, at risk, breach). A review
 * board, `--strict` and every report's headline need one answer over all of them, and
 * they must give the same one: this module is the only place that computes it. The
 * objectives are the scenarios' policy targets (RTO and RPO per scenario) and the
 * business services' targets (a service's RTO and RPO, judged in every scenario). The
 * overall verdict is the worst of them (breach > at risk > meets); with no target at all
 * there is nothing to check, which is its own answer and never reads as "meets".
 *
 * Exceptions (stores a plan leaves out of the policy RPO, each signed: models/plan.h) are
 * judged here too. The same verdict is taken a second time with every scenario RPO read
 * over all data (mc_scenario_result.rpo_all_obj); where that one is worse, the exceptions
 * make the difference and every report says "meets with N exceptions" (or "at risk with
 * N exceptions"), never a bare "meets". An exception past its review date (as of the
 * results' as_of_day) is expired: `run --strict` fails on it and reports flag it.
 */
#ifndef DRSIM_VERDICT_H
#define DRSIM_VERDICT_H

#include "sim/mc.h"

struct verdict_summary {
    enum mc_verdict worst;      /* over every objective counted below; MC_VERDICT_NONE when
                                   there is none (nothing to check) */
    int n_scenario_objectives;  /* scenario RTO/RPO objectives with a target */
    int n_service_objectives;   /* service RTO/RPO objectives with a target, per scenario */
    int n_meets, n_at_risk, n_breach; /* over both kinds */
    enum mc_verdict worst_scenarios; /* over the scenario objectives only */
    enum mc_verdict worst_services;  /* over the service objectives only */
    int n_exceptions;           /* stores the plan leaves out of the policy RPO (signed) */
    int n_expired;              /* of those, past their review date (0 without as_of_day) */
    enum mc_verdict worst_all_data; /* `worst` with each scenario RPO judged over all data */
    int exceptions_decide;      /* worst_all_data is worse than worst: the exceptions make
                                   the difference */
};

/* Summarize the verdicts of results r into *out. Never fails. */
void verdict_summarize(const struct mc_results *r, struct verdict_summary *out);

/* One line for the headline: e.g. "policy BREACHED for at least one objective", or
 * "no objectives to check (the plan states no RPO/RTO targets)". Static text. */
const char *verdict_headline(const struct verdict_summary *v);

/* What the exceptions change, to follow the headline: "" when nothing; " with 2 exceptions
 * (over all data an RPO objective is in breach)" where they make the difference; and
 * "; 1 exception past its review date" when one has expired. Written into buf (n bytes,
 * always terminated); returns buf. */
const char *verdict_exceptions_note(const struct verdict_summary *v, char *buf, size_t n);

/* 1 when store `store` of r's plan has an exception whose review date is before r's
 * as_of_day (r->has_as_of set), else 0. */
int verdict_exception_expired(const struct mc_results *r, int store);

#endif
