/* sim/verdict.c: the overall verdict of a run (see sim/verdict.h). */
#include "sim/verdict.h"

#include <stdio.h>
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
    struct verdict_summary all;
    memset(out, 0, sizeof *out);
    memset(&all, 0, sizeof all);
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        count(out, &sr->rto_obj, 0);
        count(out, &sr->rpo_obj, 0);
        count(&all, &sr->rto_obj, 0);
        count(&all, &sr->rpo_all_obj, 0);
        for (int i = 0; i < sr->n_services; i++) {
            count(out, &sr->services[i].rto_obj, 1);
            count(out, &sr->services[i].rpo_obj, 1);
            count(&all, &sr->services[i].rto_obj, 1);
            count(&all, &sr->services[i].rpo_obj, 1);
        }
    }
    for (int i = 0; r->plan && i < r->plan->n_stores; i++) {
        out->n_exceptions += r->plan->stores[i].exception.present;
        out->n_expired += verdict_exception_expired(r, i);
    }
    out->worst_all_data = all.worst;
    out->exceptions_decide = out->n_exceptions > 0 && all.worst > out->worst;
}

int verdict_exception_expired(const struct mc_results *r, int store)
{
    if (!r->has_as_of || r->plan == NULL || store < 0 || store >= r->plan->n_stores)
        return 0;
    const struct store_exception *e = &r->plan->stores[store].exception;
    return e->present && e->review_by_day < r->as_of_day;
}

const char *verdict_exceptions_note(const struct verdict_summary *v, char *buf, size_t n)
{
    size_t k = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (v->exceptions_decide) {
        int w = snprintf(buf, n, " with %d exception%s (over all data an RPO objective %s)",
                         v->n_exceptions, v->n_exceptions == 1 ? "" : "s",
                         v->worst_all_data == MC_VERDICT_BREACH ? "is in breach" : "is at risk");
        k = w < 0 ? 0 : (size_t)w < n ? (size_t)w : n - 1;
    }
    if (v->n_expired > 0 && k < n)
        snprintf(buf + k, n - k, "; %d exception%s past %s review date", v->n_expired,
                 v->n_expired == 1 ? "" : "s", v->n_expired == 1 ? "its" : "their");
    return buf;
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
