/* reports/json.c: summary.json, through the streaming writer of reports/jsonw.h (no JSON
 * library: the structure is fixed and small). Member names are part of the interface for
 * pipelines: change them only with the docs.
 */
#include <stdio.h>

#include "reports/json.h"
#include "reports/jsonw.h"

void json_write_percentiles(struct jsonw *w, const char *key, const struct mc_percentiles *p,
                            enum json_detail d)
{
    jsonw_object(w, key);
    jsonw_num(w, "p50_s", p->p50_s);
    jsonw_num(w, "p90_s", p->p90_s);
    jsonw_num(w, "p95_s", p->p95_s);
    jsonw_num(w, "p99_s", p->p99_s);
    jsonw_num(w, "max_s", p->max_s);
    jsonw_num(w, "mean_s", p->mean_s);
    if (d == JSON_FULL)
        jsonw_num(w, "mean_finite_s", p->mean_finite_s);
    jsonw_u64(w, "n_infinite", p->n_infinite);
    jsonw_end_object(w);
}

void json_write_objective(struct jsonw *w, const char *key, const struct mc_objective *o,
                          enum json_detail d)
{
    if (!o->has_target) {
        jsonw_null(w, key);
        return;
    }
    jsonw_object(w, key);
    jsonw_num(w, "target_s", o->target_s);
    jsonw_u64(w, "n_met", o->n_met);
    jsonw_u64(w, "n", o->n);
    jsonw_num(w, "p_met", o->p_met);
    jsonw_num(w, "ci95_lo", o->ci_lo);
    jsonw_num(w, "ci95_hi", o->ci_hi);
    jsonw_num(w, "confidence", o->confidence);
    jsonw_num(w, "value_at_confidence_s", o->value_at_confidence_s);
    if (d == JSON_FULL)
        jsonw_num(w, "margin_s", o->margin_s);
    jsonw_text(w, "verdict", mc_verdict_name(o->verdict));
    jsonw_end_object(w);
}

void json_write_head(struct jsonw *w, const struct plan *p, const char *version,
                     const char *command, enum json_detail d)
{
    char hex[65];
    plan_sha256_hex(p, hex);
    jsonw_text(w, "drsim_version", version);
    jsonw_text(w, "command", command);
    jsonw_object(w, "plan");
    jsonw_text(w, "name", p->name);
    if (d == JSON_FULL) {
        jsonw_text(w, "version", p->version);
        jsonw_text(w, "organization", p->organization);
        jsonw_text(w, "system", p->system);
    }
    jsonw_text(w, "file", p->path);
    jsonw_text(w, "sha256", hex);
    jsonw_num(w, "confidence", p->confidence);
    if (d == JSON_FULL)
        jsonw_text(w, "rto_clock",
                   p->rto_clock == RTO_FROM_DECLARATION ? "declaration" : "outage-start");
    jsonw_end_object(w);
}

static void write_scenario(struct jsonw *w, const struct mc_results *r,
                           const struct mc_scenario_result *sr)
{
    const struct plan *p = r->plan;
    const struct scenario *sc = &p->scenarios[sr->scenario];
    jsonw_object(w, NULL);
    jsonw_text(w, "name", sc->name);
    jsonw_text(w, "destroys", plan_scope_name(sc->scope));
    jsonw_num(w, "per_year", sc->per_year);
    jsonw_u64(w, "trials", sr->n_trials);
    json_write_percentiles(w, "rto", &sr->rto, JSON_FULL);
    json_write_percentiles(w, "rpo", &sr->rpo, JSON_FULL);
    json_write_percentiles(w, "full_restoration", &sr->full, JSON_FULL);
    json_write_objective(w, "rto_objective", &sr->rto_obj, JSON_FULL);
    json_write_objective(w, "rpo_objective", &sr->rpo_obj, JSON_FULL);
    jsonw_u64(w, "n_recovered_by_outage_end", sr->n_outage_end);
    jsonw_u64(w, "n_rpo_no_usable_point", sr->n_rpo_no_point);
    jsonw_u64(w, "n_breach", sr->n_breach);
    jsonw_object(w, "annualized");
    jsonw_num(w, "downtime_per_year_s", sr->downtime_per_year_s);
    jsonw_num(w, "data_loss_per_year_s", sr->data_loss_per_year_s);
    /* data_loss_per_year_s is a mean over the outages that left a recovery point; those
     * that did not (infinite RPO) are counted here, so the mean is never read alone. */
    jsonw_num(w, "unrecoverable_share", sr->unrecoverable_share);
    jsonw_num(w, "unrecoverable_per_year", sr->unrecoverable_per_year);
    jsonw_num(w, "p_breach_per_year", sr->p_breach_year);
    jsonw_end_object(w);
    jsonw_u64(w, "median_rto_trial", sr->median_rto_trial);

    jsonw_array(w, "stores");
    for (int i = 0; i < sr->n_stores; i++) {
        const struct mc_store_result *st = &sr->stores[i];
        jsonw_object(w, NULL);
        jsonw_text(w, "name", p->stores[i].name);
        jsonw_bool(w, "counts_for_rpo", p->stores[i].counts_for_rpo);
        jsonw_bool(w, "needs_restore", st->needs_restore);
        jsonw_u64(w, "n_no_usable_point", st->n_no_point);
        json_write_percentiles(w, "rpo", &st->rpo, JSON_FULL);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);

    jsonw_array(w, "steps");
    for (int i = 0; i < sr->n_steps; i++) {
        const struct mc_step_result *st = &sr->steps[i];
        jsonw_object(w, NULL);
        jsonw_text(w, "name", sc->steps[i].name);
        jsonw_u64(w, "n_ran", st->n_ran);
        jsonw_u64(w, "n_on_critical_path", st->n_on_path);
        jsonw_num(w, "critical_path_share", st->path_share);
        jsonw_num(w, "mean_contribution_s", st->mean_contribution_s);
        jsonw_num(w, "mean_duration_s", st->mean_duration_s);
        jsonw_num(w, "mean_staff_wait_s", st->mean_staff_wait_s);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);

    jsonw_array(w, "services");
    for (int i = 0; i < sr->n_services; i++) {
        const struct mc_service_result *sv = &sr->services[i];
        jsonw_object(w, NULL);
        jsonw_text(w, "name", p->services[i].name);
        json_write_percentiles(w, "rto", &sv->rto, JSON_FULL);
        json_write_percentiles(w, "rpo", &sv->rpo, JSON_FULL);
        json_write_objective(w, "rto_objective", &sv->rto_obj, JSON_FULL);
        json_write_objective(w, "rpo_objective", &sv->rpo_obj, JSON_FULL);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_end_object(w);
}

int json_write_summary(const char *path, const struct mc_results *r, const struct json_meta *meta)
{
    return json_write_summary_extra(path, r, meta, NULL, NULL);
}

int json_write_summary_extra(const char *path, const struct mc_results *r,
                             const struct json_meta *meta, json_extra_fn extra, void *user)
{
    const struct plan *p = r->plan;
    struct jsonw w;
    if (jsonw_open(&w, path) != 0)
        return -1;
    json_write_head(&w, p, meta->version, meta->command, JSON_FULL);
    jsonw_u64(&w, "seed", r->seed);
    jsonw_u64(&w, "trials", r->n_trials);
    jsonw_u64(&w, "threads", (unsigned long long)r->threads);
    jsonw_num(&w, "elapsed_s", r->elapsed_s);
    jsonw_array(&w, "scenarios");
    for (int s = 0; s < r->n_scenarios; s++)
        write_scenario(&w, r, &r->scenarios[s]);
    jsonw_end_array(&w);
    if (extra)
        extra(&w, user);
    return jsonw_commit(&w);
}
