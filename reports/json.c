/* reports/json.c: summary.json, through the streaming writer of models/jsonio.h (no JSON
 * library: the structure is fixed and small). Member names are part of the interface for
 * pipelines: change them only with docs/summary.schema.json and docs/reports.md (the
 * suite checks every summary.json it writes against the schema). Every figure goes
 * through jsonio_measure, so an infinite one reads "infinity", never null.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/json.h"
#include "reports/findings.h"
#include "analysis/decision.h"
#include "models/jsonio.h"
#include "models/units.h"
#include "reports/controls.h"
#include "reports/damage.h"
#include "reports/money_report.h"
#include "sim/verdict.h"

void json_write_percentiles(struct jsonio_writer *w, const char *key, const struct mc_percentiles *p,
                            enum json_detail d)
{
    jsonio_object(w, key);
    jsonio_measure(w, "p50_s", p->p50_s);
    jsonio_measure(w, "p90_s", p->p90_s);
    jsonio_measure(w, "p95_s", p->p95_s);
    jsonio_measure(w, "p99_s", p->p99_s);
    jsonio_measure(w, "max_s", p->max_s);
    jsonio_measure(w, "mean_s", p->mean_s);
    if (d == JSON_FULL)
        jsonio_measure(w, "mean_finite_s", p->mean_finite_s);
    jsonio_u64(w, "n_infinite", p->n_infinite);
    jsonio_end_object(w);
}

void json_write_objective(struct jsonio_writer *w, const char *key, const struct mc_objective *o,
                          enum json_detail d)
{
    if (!o->has_target) {
        jsonio_null(w, key);
        return;
    }
    jsonio_object(w, key);
    jsonio_measure(w, "target_s", o->target_s);
    jsonio_u64(w, "n_met", o->n_met);
    jsonio_u64(w, "n", o->n);
    jsonio_measure(w, "p_met", o->p_met);
    jsonio_measure(w, "ci95_lo", o->ci_lo);
    jsonio_measure(w, "ci95_hi", o->ci_hi);
    jsonio_measure(w, "confidence", o->confidence);
    jsonio_measure(w, "value_at_confidence_s", o->value_at_confidence_s);
    if (d == JSON_FULL)
        jsonio_measure(w, "margin_s", o->margin_s);
    jsonio_text(w, "verdict", mc_verdict_name(o->verdict));
    jsonio_end_object(w);
}

void json_write_outcomes(struct jsonio_writer *w, const struct mc_outcome *outcomes,
                         uint64_t n_abandoned, enum json_detail d)
{
    jsonio_object(w, "outcomes");
    for (int o = 0; o < MC_N_OUTCOMES; o++) {
        const struct mc_outcome *oc = &outcomes[o];
        jsonio_object(w, mc_outcome_name((enum mc_outcome_kind)o));
        jsonio_u64(w, "n", oc->n);
        jsonio_measure(w, "share", oc->share);
        if (o == MC_OUTCOME_IN_PLACE)
            jsonio_u64(w, "n_abandoned", n_abandoned);
        if (d == JSON_FULL) {
            /* No trial ended this way: no percentiles (0 would read as "instant"). */
            if (oc->n == 0) {
                jsonio_null(w, "rto");
                jsonio_null(w, "rpo");
            } else {
                json_write_percentiles(w, "rto", &oc->rto, JSON_FULL);
                json_write_percentiles(w, "rpo", &oc->rpo, JSON_FULL);
            }
        }
        json_write_objective(w, "rto_objective", &oc->rto_obj, d);
        json_write_objective(w, "rpo_objective", &oc->rpo_obj, d);
        jsonio_end_object(w);
    }
    jsonio_end_object(w);
}

/* plan.governance: whether the plan is a draft and why, its scope, the limitations it
 * states and those drsim adds, the approvals (version history) and the review cycle. */
static void write_governance(struct jsonio_writer *w, const struct plan *p)
{
    const struct plan_governance *g = &p->governance;
    char why[256], date[32];
    const char *draft = plan_draft_reason(p, why, sizeof why);
    const char *lim[32];
    char bufs[32][256];
    int n_lim = plan_auto_limitations(p, lim, 32, bufs);
    jsonio_object(w, "governance");
    jsonio_bool(w, "draft", draft != NULL);
    if (draft)
        jsonio_text(w, "draft_reason", draft);
    else
        jsonio_null(w, "draft_reason");
    jsonio_text(w, "scope", g->scope ? g->scope : "");
    jsonio_array(w, "limitations");
    for (int i = 0; i < g->n_limitations; i++)
        jsonio_text(w, NULL, g->limitations[i]);
    jsonio_end_array(w);
    jsonio_array(w, "limitations_drsim");
    for (int i = 0; i < n_lim; i++)
        jsonio_text(w, NULL, lim[i]);
    jsonio_end_array(w);
    jsonio_array(w, "approvals");
    for (int i = 0; i < g->n_approvals; i++) {
        const struct plan_approval *a = &g->approvals[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "version", a->version);
        jsonio_text(w, "by", a->by);
        jsonio_text(w, "role", a->role);
        jsonio_text(w, "date", units_format_date(a->date, date, sizeof date));
        jsonio_text(w, "note", a->note);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    jsonio_object(w, "review");
    if (isnan(g->review_every_s))
        jsonio_null(w, "every_s");
    else
        jsonio_measure(w, "every_s", g->review_every_s);
    if (g->review_last == LONG_MIN) {
        jsonio_null(w, "last");
        jsonio_null(w, "next");
    } else {
        jsonio_text(w, "last", units_format_date(g->review_last, date, sizeof date));
        if (isnan(g->review_every_s))
            jsonio_null(w, "next");
        else
            jsonio_text(w, "next",
                        units_format_date(g->review_last + (long)floor(g->review_every_s / 86400.0),
                                          date, sizeof date));
    }
    jsonio_end_object(w);
    jsonio_end_object(w);
}

void json_write_head(struct jsonio_writer *w, const struct plan *p, const char *version,
                     const char *command, enum json_detail d)
{
    char hex[65];
    plan_sha256_hex(p, hex);
    jsonio_text(w, "drsim_version", version);
    jsonio_text(w, "command", command);
    jsonio_object(w, "plan");
    jsonio_text(w, "name", p->name);
    if (d == JSON_FULL) {
        jsonio_text(w, "version", p->version);
        jsonio_text(w, "organization", p->organization);
        jsonio_text(w, "system", p->system);
    }
    jsonio_text(w, "file", p->path);
    jsonio_text(w, "sha256", hex);
    jsonio_measure(w, "confidence", p->confidence);
    if (d == JSON_FULL)
        jsonio_text(w, "rto_clock",
                   p->rto_clock == RTO_FROM_DECLARATION ? "declaration" : "outage-start");
    if (d == JSON_FULL)
        write_governance(w, p);
    jsonio_end_object(w);
}

/* scenarios[].decision_curve (analysis/decision.h): a point per wait, the curve's fixed
 * waits ascending, then the plan as written when its wait is not one of them (a
 * distribution, at its median with wait_is_median; `never`, wait_s null). Nothing when
 * the scenario has no curve. */
static void write_decision_curve(struct jsonio_writer *w, const struct decision_curve *c)
{
    if (c == NULL)
        return;
    jsonio_array(w, "decision_curve");
    for (int i = 0; i <= c->n_points; i++) {
        const struct decision_point *pt = i < c->n_points ? &c->points[i] : &c->plan;
        if (i == c->n_points && c->plan_point >= 0)
            break; /* the plan's wait is a point of the curve */
        jsonio_object(w, NULL);
        jsonio_measure(w, "wait_s", pt->wait_s);
        jsonio_bool(w, "plan", pt->is_plan);
        jsonio_bool(w, "wait_is_median", pt->is_median);
        jsonio_u64(w, "trials", pt->n_trials);
        const struct mc_objective *obs[2] = {&pt->rto_obj, &pt->rpo_obj};
        static const char *const k[2][5] = {
            {"p_meet_rto", "rto_ci95_lo", "rto_ci95_hi", "rto_verdict", "n_meet_rto"},
            {"p_meet_rpo", "rpo_ci95_lo", "rpo_ci95_hi", "rpo_verdict", "n_meet_rpo"}};
        for (int o = 0; o < 2; o++) {
            if (!obs[o]->has_target) {
                for (int j = 0; j < 5; j++)
                    jsonio_null(w, k[o][j]);
                continue;
            }
            jsonio_measure(w, k[o][0], obs[o]->p_met);
            jsonio_measure(w, k[o][1], obs[o]->ci_lo);
            jsonio_measure(w, k[o][2], obs[o]->ci_hi);
            jsonio_text(w, k[o][3], mc_verdict_name(obs[o]->verdict));
            jsonio_u64(w, k[o][4], obs[o]->n_met);
        }
        if (c->has_policy)
            jsonio_measure(w, "p_meet_both", pt->p_meet_both);
        else
            jsonio_null(w, "p_meet_both");
        jsonio_u64(w, "n_failed_over", pt->n_failed_over);
        jsonio_measure(w, "failover_share", pt->failover_share);
        jsonio_measure(w, "failover_ci95_lo", pt->failover_ci_lo);
        jsonio_measure(w, "failover_ci95_hi", pt->failover_ci_hi);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
}

/* exceptions: the register of stores left out of the policy RPO, each with its signature,
 * whether it is past its review date (as of exceptions_as_of; false when not judged) and
 * per scenario the share of outages in which the store loses data. */
static void write_exceptions(struct jsonio_writer *w, const struct mc_results *r)
{
    const struct plan *p = r->plan;
    char day[16];
    if (r->has_as_of)
        jsonio_text(w, "exceptions_as_of", units_format_date(r->as_of_day, day, sizeof day));
    else
        jsonio_null(w, "exceptions_as_of");
    jsonio_array(w, "exceptions");
    for (int i = 0; i < p->n_stores; i++) {
        const struct store_exception *e = &p->stores[i].exception;
        if (!e->present)
            continue;
        jsonio_object(w, NULL);
        jsonio_text(w, "store", p->stores[i].name);
        jsonio_text(w, "reason", e->reason);
        jsonio_text(w, "approved_by", e->approved_by);
        jsonio_text(w, "review_by", units_format_date(e->review_by_day, day, sizeof day));
        jsonio_bool(w, "expired", verdict_exception_expired(r, i));
        jsonio_object(w, "loses_data_share");
        for (int s = 0; s < r->n_scenarios; s++)
            jsonio_measure(w, p->scenarios[r->scenarios[s].scenario].name,
                       r->scenarios[s].stores[i].loss_share);
        jsonio_end_object(w);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
}

/* scenarios[].damage: what a logical-damage scenario damages, what the adversary does,
 * the dwell time as the plan draws it, and the two figures of its own (the damaged window
 * over the trials, the share of trials without any clean point); null for an outage. */
static void write_damage(struct jsonio_writer *w, const struct plan *p,
                         const struct mc_scenario_result *sr)
{
    const struct scenario *sc = &p->scenarios[sr->scenario];
    const struct dist *d = &sc->damage.detection;
    char text[160];
    if (!sc->damage.present) {
        jsonio_null(w, "damage");
        return;
    }
    jsonio_object(w, "damage");
    jsonio_array(w, "stores");
    for (int s = 0; s < p->n_stores; s++)
        if (plan_store_damaged(sc, s))
            jsonio_text(w, NULL, p->stores[s].name);
    jsonio_end_array(w);
    jsonio_text(w, "deletes_backups", damage_deletes_name(sc->damage.deletes));
    jsonio_text(w, "note", sc->damage.note);
    jsonio_object(w, "detected_after");
    jsonio_text(w, "dist", dist_kind_name(d->kind));
    jsonio_text(w, "description", dist_describe(d, units_format_duration, text, sizeof text));
    jsonio_measure(w, "median_s", dist_quantile(d, 0.5));
    jsonio_measure(w, "p90_s", dist_quantile(d, 0.9));
    jsonio_measure(w, "mean_s", dist_mean(d));
    jsonio_end_object(w);
    json_write_percentiles(w, "damaged_window", &sr->damaged, JSON_FULL);
    jsonio_u64(w, "n_no_clean", sr->n_no_clean);
    jsonio_measure(w, "no_clean_share", sr->no_clean_share);
    jsonio_end_object(w);
}

/* A store's clean points in a damage scenario: per rule the share of trials in which it
 * supplied the damaged store's clean point, and "none" for the trials without any; null
 * when the scenario does not damage the store, or it has no data of its own to restore
 * (ephemeral, rebuilt from other stores). */
static void write_clean_points(struct jsonio_writer *w, const struct plan *p,
                               const struct mc_scenario_result *sr, int s)
{
    const struct store *st = &p->stores[s];
    if (!sr->stores[s].damaged || !sr->stores[s].clean_rule_n || st->ephemeral ||
        st->recovery == STORE_RECOVER_REBUILD) {
        jsonio_null(w, "clean_points");
        return;
    }
    jsonio_object(w, "clean_points");
    for (size_t j = 0; j < st->n_rules; j++)
        jsonio_measure(w, st->rules[j].name, damage_rule_share(sr, s, (int)j));
    jsonio_measure(w, "none", sr->n_trials ? (double)damage_store_no_clean(p, sr, s) /
                                             (double)sr->n_trials
                                       : 0.0);
    jsonio_end_object(w);
}

/* scenarios[].findings: sentences the reports state about the scenario as findings, each
 * with an id a pipeline can match ("no_objective": a damage scenario the BCP sets no
 * objective for, reported without a verdict). */
static void write_findings(struct jsonio_writer *w, const struct scenario *sc)
{
    char f[512];
    jsonio_array(w, "findings");
    if (damage_no_objective_finding(sc, f, sizeof f)) {
        jsonio_object(w, NULL);
        jsonio_text(w, "id", "no_objective");
        jsonio_text(w, "text", f);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
}

static void write_scenario(struct jsonio_writer *w, const struct mc_results *r,
                           const struct mc_scenario_result *sr, const struct decision_results *dc)
{
    const struct plan *p = r->plan;
    const struct scenario *sc = &p->scenarios[sr->scenario];
    jsonio_object(w, NULL);
    jsonio_text(w, "name", sc->name);
    jsonio_text(w, "kind", damage_kind_name(sc));
    jsonio_text(w, "destroys", plan_scope_name(sc->scope));
    jsonio_measure(w, "per_year", sc->per_year);
    jsonio_text(w, "rto_clock", damage_rto_clock_name(sc));
    jsonio_bool(w, "has_objective", sc->has_policy);
    write_findings(w, sc);
    write_damage(w, p, sr);
    jsonio_u64(w, "trials", sr->n_trials);
    json_write_percentiles(w, "rto", &sr->rto, JSON_FULL);
    json_write_percentiles(w, "rpo", &sr->rpo, JSON_FULL);
    json_write_percentiles(w, "full_restoration", &sr->full, JSON_FULL);
    json_write_objective(w, "rto_objective", &sr->rto_obj, JSON_FULL);
    json_write_objective(w, "rpo_objective", &sr->rpo_obj, JSON_FULL);
    /* The RPO over all data: every store counted, the plan's exceptions included. */
    jsonio_object(w, "rpo_all_data");
    json_write_percentiles(w, "percentiles", &sr->rpo_all, JSON_FULL);
    json_write_objective(w, "objective", &sr->rpo_all_obj, JSON_FULL);
    jsonio_end_object(w);
    /* The same objectives over the trials that ended each way: the n add up to trials. */
    json_write_outcomes(w, sr->outcomes, sr->n_abandoned, JSON_FULL);
    if (sr->failback.has_exposure) {
        /* Over the failed-over trials only. */
        const struct mc_failback *fb = &sr->failback;
        jsonio_object(w, "failback");
        jsonio_bool(w, "modelled", fb->has_failback);
        jsonio_u64(w, "n", fb->n);
        if (fb->has_failback) {
            json_write_percentiles(w, "downtime", &fb->downtime, JSON_FULL);
            json_write_percentiles(w, "data_at_risk", &fb->at_risk, JSON_FULL);
            json_write_percentiles(w, "time_outside_primary", &fb->outside, JSON_FULL);
        }
        json_write_percentiles(w, "exposure_window", &fb->exposure, JSON_FULL);
        jsonio_measure(w, "p_second_outage_in_window", fb->p_second_loss);
        jsonio_end_object(w);
    }
    if (sc->decision_step >= 0) {
        /* Waiting for the go after the decision, as an item of the critical path. */
        jsonio_object(w, "go_wait_on_critical_path");
        jsonio_u64(w, "n", sr->n_go_wait_on_path);
        jsonio_measure(w, "share", (double)sr->n_go_wait_on_path / (double)sr->n_trials);
        jsonio_measure(w, "mean_s", sr->mean_go_wait_s);
        jsonio_end_object(w);
    }
    jsonio_u64(w, "n_rpo_no_usable_point", sr->n_rpo_no_point);
    jsonio_u64(w, "n_breach", sr->n_breach);
    jsonio_object(w, "annualized");
    jsonio_measure(w, "downtime_per_year_s", sr->downtime_per_year_s);
    jsonio_measure(w, "data_loss_per_year_s", sr->data_loss_per_year_s);
    /* data_loss_per_year_s is a mean over the outages that left a recovery point; those
     * that did not (infinite RPO) are counted here, so the mean is never read alone. */
    jsonio_measure(w, "unrecoverable_share", sr->unrecoverable_share);
    jsonio_measure(w, "unrecoverable_per_year", sr->unrecoverable_per_year);
    jsonio_measure(w, "p_breach_per_year", sr->p_breach_year);
    jsonio_end_object(w);
    jsonio_u64(w, "median_rto_trial", sr->median_rto_trial);
    jsonio_u64(w, "p95_rto_trial", sr->p95_rto_trial);
    /* The capacity model: the share of capacity the outage leaves (null without one). */
    if (isnan(sc->capacity_left))
        jsonio_null(w, "capacity_left");
    else
        jsonio_measure(w, "capacity_left", sc->capacity_left);

    jsonio_array(w, "stores");
    for (int i = 0; i < sr->n_stores; i++) {
        const struct mc_store_result *st = &sr->stores[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "name", p->stores[i].name);
        jsonio_bool(w, "counts_for_rpo", p->stores[i].counts_for_rpo);
        jsonio_bool(w, "needs_restore", st->needs_restore);
        jsonio_u64(w, "n_no_usable_point", st->n_no_point);
        jsonio_bool(w, "excepted", p->stores[i].exception.present);
        jsonio_bool(w, "ephemeral", p->stores[i].ephemeral);
        jsonio_text(w, "cross_region", plan_cross_region_name(p->stores[i].cross_region));
        jsonio_u64(w, "n_loses_data", st->n_loses);
        jsonio_measure(w, "loses_data_share", st->loss_share);
        json_write_percentiles(w, "rpo", &st->rpo, JSON_FULL);
        jsonio_bool(w, "damaged", st->damaged);
        write_clean_points(w, p, sr, i);
        /* The store's backup rules, with what decides whether they survive an adversary. */
        jsonio_array(w, "rules");
        for (size_t j = 0; j < p->stores[i].n_rules; j++) {
            const struct backup_rule *ru = &p->stores[i].rules[j];
            jsonio_object(w, NULL);
            jsonio_text(w, "name", ru->name);
            jsonio_bool(w, "immutable", ru->immutable);
            jsonio_bool(w, "continuous", ru->schedule.kind == SCHED_CONTINUOUS);
            jsonio_text(w, "location", plan_location_name(ru->location));
            jsonio_measure(w, "retention_s", ru->retention_s);
            jsonio_end_object(w);
        }
        jsonio_end_array(w);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);

    jsonio_array(w, "steps");
    for (int i = 0; i < sr->n_steps; i++) {
        const struct mc_step_result *st = &sr->steps[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "name", sc->steps[i].name);
        jsonio_u64(w, "n_ran", st->n_ran);
        jsonio_u64(w, "n_on_critical_path", st->n_on_path);
        jsonio_measure(w, "critical_path_share", st->path_share);
        jsonio_measure(w, "mean_contribution_s", st->mean_contribution_s);
        jsonio_measure(w, "mean_duration_s", st->mean_duration_s);
        jsonio_measure(w, "mean_staff_wait_s", st->mean_staff_wait_s);
        jsonio_u64(w, "n_handed_over", st->n_handed_over);
        jsonio_measure(w, "mean_handovers", st->mean_handovers);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);

    /* The business services, in plan order: their figures in this scenario against the
     * service's own targets for it, whether the service is one of those whose restoration
     * is the scenario's (the policy's services), and its MBCO (null when not stated). */
    jsonio_array(w, "services");
    for (int i = 0; i < sr->n_services; i++) {
        const struct mc_service_result *sv = &sr->services[i];
        const struct service *ps = &p->services[i];
        int defines = 0;
        for (int k = 0; k < sc->n_policy_services && sc->policy_services; k++)
            defines |= sc->policy_services[k] == i;
        jsonio_object(w, NULL);
        jsonio_text(w, "name", ps->name);
        jsonio_int(w, "priority", ps->priority);
        jsonio_text(w, "criticality", plan_criticality_name(ps->criticality));
        jsonio_bool(w, "defines_restoration", defines);
        if (ps->mbco_capacity > 0)
            jsonio_measure(w, "mbco_capacity", ps->mbco_capacity);
        else
            jsonio_null(w, "mbco_capacity");
        json_write_percentiles(w, "rto", &sv->rto, JSON_FULL);
        json_write_percentiles(w, "rpo", &sv->rpo, JSON_FULL);
        json_write_objective(w, "rto_objective", &sv->rto_obj, JSON_FULL);
        json_write_objective(w, "rpo_objective", &sv->rpo_obj, JSON_FULL);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    write_decision_curve(w, decision_curve_of(dc, sr->scenario));
    jsonio_end_object(w);
}

/* inputs: every value the plan states, key path -> the value as written (plan->inputs,
 * as the Assumptions sheet lists them), so that a later run can say which inputs changed
 * between two versions of the plan (`drsim run --compare`, reports/trend.h). A path the
 * loader lists twice (it never should) keeps its first value. */
void json_write_inputs(struct jsonio_writer *w, const struct plan *p)
{
    jsonio_object(w, "inputs");
    for (int i = 0; i < p->n_inputs; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(p->inputs[j].path, p->inputs[i].path) == 0;
        if (!seen)
            jsonio_text(w, p->inputs[i].path, p->inputs[i].value);
    }
    jsonio_end_object(w);
}

int json_write_summary(const char *path, const struct mc_results *r, const struct json_meta *meta)
{
    return json_write_summary_extra(path, r, meta, NULL, NULL);
}

int json_write_summary_extra(const char *path, const struct mc_results *r,
                             const struct json_meta *meta, json_extra_fn extra, void *user)
{
    return json_write_summary_decision(path, r, meta, NULL, extra, user);
}

int json_write_summary_decision(const char *path, const struct mc_results *r,
                                const struct json_meta *meta, const struct decision_results *dc,
                                json_extra_fn extra, void *user)
{
    return json_write_summary_run(path, r, meta, dc, NULL, NULL, extra, user);
}

int json_write_summary_run(const char *path, const struct mc_results *r,
                           const struct json_meta *meta, const struct decision_results *dc,
                           const struct drill_log *log, const struct drill_analysis *analysis,
                           json_extra_fn extra, void *user)
{
    const struct plan *p = r->plan;
    struct jsonio_writer w;
    if (jsonio_open(&w, path) != 0)
        return -1;
    json_write_head(&w, p, meta->version, meta->command, JSON_FULL);
    jsonio_u64(&w, "seed", r->seed);
    jsonio_u64(&w, "trials", r->n_trials);
    jsonio_u64(&w, "threads", (unsigned long long)r->threads);
    jsonio_measure(&w, "elapsed_s", r->elapsed_s);
    jsonio_array(&w, "scenarios");
    for (int s = 0; s < r->n_scenarios; s++)
        write_scenario(&w, r, &r->scenarios[s], dc);
    jsonio_end_array(&w);
    write_exceptions(&w, r);
    if (r->money)
        money_report_json(&w, r->money);
    {
        struct controls c;  /* the controls matrix, as the workbook and the pack show it */
        controls_evaluate(r, log, analysis, &c);
        controls_json_write(&w, &c);
    }
    json_write_inputs(&w, p);
    findings_json(&w, r); /* reports/findings.h: "findings" and "levers" */
    if (extra)
        extra(&w, user);
    return jsonio_commit(&w);
}
