/* sim/verdict.c: the overall verdict of a run (see sim/verdict.h). */
#include "sim/verdict.h"

#include <string.h>

static void count(struct verdict_summary *v, const struct mc_objective *o, int is_service)
{
    if (!o->has_target)
        return;
    if (is_service) {
        v->n_service_objectives++;
        if (o->verdict > v->worst_services)
            v->worst_services = o->verdict;
    } else {
        v->n_scenario_objectives++;
        if (o->verdict > v->worst_scenarios)
            v->worst_scenarios = o->verdict;
    }
    v->n_meets += o->verdict == MC_VERDICT_MEETS;
    v->n_at_risk += o->verdict == MC_VERDICT_AT_RISK;
    v->n_breach += o->verdict == MC_VERDICT_BREACH;
    if (o->verdict > v->worst)
        v->worst = o->verdict;
}

void verdict_summarize(const struct mc_results *r, struct verdict_summary *out)
{
    memset(out, 0, sizeof *out);
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        count(out, &sr->rto_obj, 0);
        count(out, &sr->rpo_obj, 0);
        for (int i = 0; i < sr->n_services; i++) {
            count(out, &sr->services[i].rto_obj, 1);
            count(out, &sr->services[i].rpo_obj, 1);
        }
    }
}

const char *verdict_headline(const struct verdict_summary *v)
{
    switch (v->worst) {
    case MC_VERDICT_BREACH:
        return "policy BREACHED for at least one objective";
    case MC_VERDICT_AT_RISK:
        return "policy met on estimate, but at risk for at least one objective";
    case MC_VERDICT_MEETS:
        return "every objective meets policy at the required confidence";
    case MC_VERDICT_NONE:
        break;
    }
    return "no objectives to check (the plan states no RPO/RTO targets)";
}
