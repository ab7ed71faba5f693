/* sim/verdict.h: the overall verdict of a run, over every objective it checked.
 *
 * mc_run judges each objective on its own (sim/mc.h: meets, at risk, breach). A review
 * board, `--strict` and every report's headline need one answer over all of them, and
 * they must give the same one: this module is the only place that computes it. The
 * objectives are the scenarios' policy targets (RTO and RPO per scenario) and the
 * business services' targets (a service's RTO and RPO, judged in every scenario). The
 * overall verdict is the worst of them (breach > at risk > meets); with no target at all
 * there is nothing to check, which is its own answer and never reads as "meets".
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
};

/* Summarize the verdicts of results r into *out. Never fails. */
void verdict_summarize(const struct mc_results *r, struct verdict_summary *out);

/* One line for the headline: e.g. "policy BREACHED for at least one objective", or
 * "no objectives to check (the plan states no RPO/RTO targets)". Static text. */
const char *verdict_headline(const struct verdict_summary *v);

#endif
