/* reports/findings.c: the findings of a run, each with its evidence, recommendation,
 * owner and decision (see findings.h). Sentences are built from the results and the
 * plan only; the lever answers come from r->levers (analysis/levers.h) when the run
 * searched them.
 */
#include "reports/findings.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/levers.h"
#include "models/jsonio.h"
#include "models/text.h"
#include "models/units.h"
#include "reports/damage.h"
#include "sim/verdict.h"

const char *finding_severity_name(enum finding_severity s)
{
    switch (s) {
    case FINDING_KEY_RISK:
        return "key risk";
    case FINDING_BREACH:
        return "breach";
    case FINDING_AT_RISK:
        return "at risk";
    case FINDING_DECISION:
        return "decision";
    }
    return "?";
}

char *findings_money(double usd, char *buf, size_t n)
{
    char digits[64], out[96];
    int neg = usd < 0;
    long long v = llround(fabs(usd));
    int len = snprintf(digits, sizeof digits, "%lld", v), o = 0;
    if (neg)
        out[o++] = '-';
    out[o++] = '$';
    for (int i = 0; i < len; i++) {
        out[o++] = digits[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            out[o++] = ',';
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
    return buf;
}

/* Append to buf (n bytes) at *at. */
static void add(char *buf, size_t n, size_t *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t n, size_t *at, const char *fmt, ...)
{
    va_list ap;
    if (*at >= n)
        return;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *at, n - *at, fmt, ap);
    va_end(ap);
    if (w > 0)
        *at += (size_t)w < n - *at ? (size_t)w : n - *at - 1;
}

/* The owners of the services in mask-like selection `pick` (distinct, joined). Returns
 * how many. */
static int service_owners(const struct plan *p, const int *pick, char *buf, size_t n)
{
    size_t at = 0;
    int k = 0;
    buf[0] = '\0';
    for (int i = 0; i < p->n_services; i++) {
        const char *o = p->services[i].owner;
        int dup = 0;
        if (!pick[i] || o == NULL || o[0] == '\0')
            continue;
        for (int j = 0; j < i && !dup; j++)
            dup = pick[j] && p->services[j].owner && strcmp(p->services[j].owner, o) == 0;
        if (dup)
            continue;
        add(buf, n, &at, "%s%s", k ? ", " : "", o);
        k++;
    }
    return k;
}

/* The owner of a finding: the owners of the services picked, else the plan's owner,
 * else "unassigned". */
static void set_owner(const struct plan *p, const int *pick, struct finding *f)
{
    char b[FINDING_OWNER - 24]; /* room left for " (service owners)" */
    int k = pick ? service_owners(p, pick, b, sizeof b) : 0;
    f->owner_assigned = 1;
    if (k > 0)
        snprintf(f->owner, sizeof f->owner, "%s (service owner%s)", b, k > 1 ? "s" : "");
    else if (p->owner && p->owner[0])
        snprintf(f->owner, sizeof f->owner, "%s (plan owner)", p->owner);
    else {
        snprintf(f->owner, sizeof f->owner, "unassigned");
        f->owner_assigned = 0;
    }
}

/* The lever answer for goal g of r->levers, appended to the recommendation and the
 * decision; returns 1 when a combination meets it. */
static int lever_answer(const struct mc_results *r, const struct levers_goal *g,
                        struct finding *f, size_t *rat, size_t *dat, const char *what)
{
    const struct levers_results *lr = r->levers;
    char combo[512], m1[32], m2[32], m3[32], m4[32];
    if (g->combo < 0) {
        if (lr->bound_hit)
            add(f->recommendation, sizeof f->recommendation, rat, "%s"
                "The lever search stopped at its bound (%d combinations simulated, cheapest "
                "first) before one met %s: search further (drsim run --levers --levers-max N).",
                *rat ? " " : "", lr->n_evaluated, what);
        else
            add(f->recommendation, sizeof f->recommendation, rat,
                "%sNo combination of the plan's %d levers meets %s (all %d simulated): the "
                "changes declared are not enough.", *rat ? " " : "", lr->n_levers, what,
                lr->n_evaluated);
        return 0;
    }
    const struct levers_combo *c = &lr->combos[g->combo];
    levers_combo_text(lr, g->combo, combo, sizeof combo);
    findings_money(c->annual_usd, m1, sizeof m1);
    findings_money(c->one_off_usd, m2, sizeof m2);
    findings_money(c->per_year_usd, m3, sizeof m3);
    findings_money(c->model_year_usd, m4, sizeof m4);
    add(f->recommendation, sizeof f->recommendation, rat,
        "%sCheapest combination of the plan's levers that meets %s: %s, %s a year (%s once "
        "spread over %.0f years, plus %s a year%s%s%s), P(meet) %.1f%% (95%% CI %.1f-%.1f%%) "
        "over %llu trials.", *rat ? " " : "", what, combo, m1, m2, LEVERS_AMORTIZE_YEARS, m3,
        lr->has_model ? ", plus " : "", lr->has_model ? m4 : "",
        lr->has_model ? " a year of storage, transfer and people by the cost model" : "", 100.0 * g->met.p_met,
        100.0 * g->met.ci_lo, 100.0 * g->met.ci_hi, (unsigned long long)g->met.n);
    add(f->decision, sizeof f->decision, dat, "approve %s at %s a year", combo, m1);
    /* Who decides each lever, when the plan says. */
    for (int l = 0; l < lr->n_levers; l++)
        if (c->option[l] > 0 && r->plan->levers[l].owner[0])
            add(f->decision, sizeof f->decision, dat, " (%s: %s)", r->plan->levers[l].name,
                r->plan->levers[l].owner);
    return 1;
}

static void objective_finding(const struct mc_results *r, int s, enum sweep_objective o,
                              struct finding *f, int *pick)
{
    const struct plan *p = r->plan;
    const struct mc_scenario_result *sr = &r->scenarios[s];
    const struct scenario *sc = &p->scenarios[sr->scenario];
    const struct mc_objective *ob = o == SWEEP_RTO ? &sr->rto_obj : &sr->rpo_obj;
    const char *word = o == SWEEP_RTO ? "RTO" : "RPO";
    char tgt[32], at[32], mg[32], what[160];
    size_t rat = 0, dat = 0, eat = 0, wat = 0;

    f->kind = FINDING_OBJECTIVE;
    f->severity = ob->verdict == MC_VERDICT_BREACH ? FINDING_BREACH : FINDING_AT_RISK;
    f->scenario = s;
    f->objective = o;
    f->store = -1;
    f->goal = -1;
    units_format_duration(ob->target_s, tgt, sizeof tgt);
    units_format_duration_vs(ob->value_at_confidence_s, ob->target_s, at, sizeof at);
    if (isfinite(ob->margin_s))
        units_format_duration(-ob->margin_s, mg, sizeof mg);
    else
        snprintf(mg, sizeof mg, "inf");
    snprintf(what, sizeof what, "the %s %s of %s", sc->name, word, tgt);
    add(f->what, sizeof f->what, &wat,
        "%s %s %s: met in %.1f%% of %s (95%% CI %.1f-%.1f%%) where %.0f%% is required; at "
        "%.0f%% the %s is %s against %s",
        sc->name, word, ob->verdict == MC_VERDICT_BREACH ? "breached" : "at risk",
        100.0 * ob->p_met, damage_events_word(sc), 100.0 * ob->ci_lo, 100.0 * ob->ci_hi,
        100.0 * ob->confidence, 100.0 * ob->confidence, word, at, tgt);
    if (ob->margin_s < 0)
        add(f->what, sizeof f->what, &wat, " (short by %s)", mg);
    add(f->what, sizeof f->what, &wat, ".");
    if (o == SWEEP_RPO && sr->n_rpo_no_point > 0)
        add(f->what, sizeof f->what, &wat, " In %.1f%% of %s a store that counts has no usable "
            "recovery point.", 100.0 * (double)sr->n_rpo_no_point / (double)sr->n_trials,
            damage_events_word(sc));
    add(f->evidence, sizeof f->evidence, &eat,
        "Compliance sheet, %s %s over all outages (P(meet), 95%% CI, value at %.0f%%, margin, "
        "verdict); summary.json scenarios[\"%s\"].%s; pack page \"Scenario %s\"",
        sc->name, word, 100.0 * ob->confidence, sc->name, o == SWEEP_RTO ? "rto" : "rpo",
        sc->name);
    if (o == SWEEP_RPO && sr->n_rpo_no_point > 0)
        add(f->evidence, sizeof f->evidence, &eat, "; Data stores sheet (which stores lose data)");
    add(f->evidence, sizeof f->evidence, &eat, ".");

    if (o == SWEEP_RTO)
        add(f->recommendation, sizeof f->recommendation, &rat,
            "Shorten the recovery's critical path in %s (the pack's critical-path chart and the "
            "Runbook sheet show which steps hold it up), or add people where steps wait for "
            "them.", sc->name);
    else if (sr->n_rpo_no_point > 0)
        add(f->recommendation, sizeof f->recommendation, &rat,
            "Give every store that counts a recovery point that survives %s (a copy outside "
            "what the scenario loses), or leave a store out of the policy RPO with a signed "
            "exception.", sc->name);
    else
        add(f->recommendation, sizeof f->recommendation, &rat,
            "Take or copy recovery points more often (or keep them longer) so that a usable "
            "point is newer than %s.", tgt);

    const struct levers_goal *g = r->levers ? levers_goal_of(r->levers, s, o) : NULL;
    int met = 0;
    if (g) {
        f->goal = (int)(g - r->levers->goals);
        met = lever_answer(r, g, f, &rat, &dat, what);
        if (met)
            add(f->decision, sizeof f->decision, &dat, "; or ");
    } else if (p->n_levers > 0) {
        add(f->recommendation, sizeof f->recommendation, &rat,
            " The plan declares %d lever%s: drsim run --levers finds the cheapest combination "
            "that meets it.", p->n_levers, p->n_levers == 1 ? "" : "s");
    }
    if (!met)
        add(f->decision, sizeof f->decision, &dat, "fund a change that meets %s at %.0f%%, or ",
            what, 100.0 * ob->confidence);
    add(f->decision, sizeof f->decision, &dat,
        "accept the %s formally (a risk acceptance signed by the owner, with a review date), "
        "or change the target.", ob->verdict == MC_VERDICT_BREACH ? "breach" : "risk");

    for (int i = 0; i < p->n_services; i++)
        pick[i] = plan_defines_restoration(sc, i);
    set_owner(p, pick, f);
}

static void protection_finding(const struct mc_results *r, int st, struct finding *f, int *pick)
{
    const struct plan *p = r->plan;
    const struct store *so = &p->stores[st];
    size_t wat = 0;
    f->kind = FINDING_PROTECTION_UNKNOWN;
    f->severity = FINDING_KEY_RISK;
    f->scenario = -1;
    f->store = st;
    f->goal = -1;
    add(f->what, sizeof f->what, &wat, "Nobody has confirmed that %s has a copy outside its "
        "region, so it counts as unprotected: it loses data in", so->name);
    for (int s = 0; s < r->n_scenarios; s++)
        add(f->what, sizeof f->what, &wat, "%s %.1f%% of %s %s", s ? "," : "",
            100.0 * r->scenarios[s].stores[st].loss_share,
            p->scenarios[r->scenarios[s].scenario].name,
            damage_events_word(&p->scenarios[r->scenarios[s].scenario]));
    add(f->what, sizeof f->what, &wat, ".");
    snprintf(f->evidence, sizeof f->evidence,
             "Exceptions sheet, stores whose cross-region protection is unknown; Data stores "
             "sheet, row %s; plan: stores.%s.cross_region is unknown (line %d).", so->name,
             so->name, so->pos.line);
    snprintf(f->recommendation, sizeof f->recommendation,
             "Find out whether %s is replicated outside the region. If it is, write its "
             "cross-region backups in the plan; if not, add a copy or write cross_region: none "
             "and leave it out of the RPO with a signed exception.", so->name);
    snprintf(f->decision, sizeof f->decision,
             "assign someone to confirm the protection of %s by a date, and fund a cross-region "
             "copy if there is none (or accept its loss in a region outage, signed).", so->name);
    for (int i = 0; i < p->n_services; i++) {
        pick[i] = 0;
        for (int k = 0; k < p->services[i].n_stores; k++)
            pick[i] |= p->services[i].stores[k] == st;
    }
    set_owner(p, pick, f);
}

static void policy_finding(const struct mc_results *r, const struct levers_goal *g,
                           struct finding *f)
{
    size_t rat = 0, dat = 0;
    f->kind = FINDING_POLICY;
    f->severity = FINDING_DECISION;
    f->scenario = -1;
    f->store = -1;
    f->goal = (int)(g - r->levers->goals);
    snprintf(f->what, sizeof f->what, "The plan as written does not meet every objective at "
             "%.0f%%; the plan declares %d lever%s, and the search simulated %d of their %d "
             "combinations, cheapest first.", 100.0 * r->plan->confidence,
             r->levers->n_levers, r->levers->n_levers == 1 ? "" : "s", r->levers->n_evaluated,
             r->levers->n_combos);
    snprintf(f->evidence, sizeof f->evidence, "Registers sheet, levers table; summary.json "
             "levers; %llu screening trials per scenario, confirmed at %llu (seed %llu).",
             (unsigned long long)r->levers->n_trials,
             (unsigned long long)r->levers->confirm_trials, (unsigned long long)r->levers->seed);
    if (lever_answer(r, g, f, &rat, &dat, "every objective") == 0)
        add(f->decision, sizeof f->decision, &dat, "decide which objectives to fund beyond the "
            "declared levers, and which to accept or re-target.");
    else
        add(f->decision, sizeof f->decision, &dat, " to meet every objective.");
    set_owner(r->plan, NULL, f);
}

static void exception_finding(const struct mc_results *r, int st, struct finding *f)
{
    const struct store *so = &r->plan->stores[st];
    char day[16];
    f->kind = FINDING_EXCEPTION_EXPIRED;
    f->severity = FINDING_BREACH;
    f->scenario = -1;
    f->store = st;
    f->goal = -1;
    units_format_date(so->exception.review_by_day, day, sizeof day);
    snprintf(f->what, sizeof f->what, "The exception leaving %s out of the policy RPO was due "
             "for review on %s and has not been reviewed.", so->name, day);
    snprintf(f->evidence, sizeof f->evidence, "Exceptions sheet, row %s (review by, expired).",
             so->name);
    snprintf(f->recommendation, sizeof f->recommendation, "Review the exception: renew it "
             "with a new review date, or count %s in the RPO again.", so->name);
    snprintf(f->decision, sizeof f->decision, "renew or withdraw the exception of %s.",
             so->name);
    snprintf(f->owner, sizeof f->owner, "%s (approved the exception)", so->exception.approved_by);
    f->owner_assigned = 1;
}

static void draft_finding(const struct mc_results *r, const char *why, struct finding *f)
{
    const struct plan *p = r->plan;
    f->kind = FINDING_DRAFT;
    f->severity = FINDING_BREACH;
    f->scenario = -1;
    f->store = -1;
    f->goal = -1;
    snprintf(f->what, sizeof f->what, "The plan is a DRAFT: %s.", why);
    snprintf(f->evidence, sizeof f->evidence, "Summary sheet and every page footer (DRAFT); "
             "summary.json plan.governance.");
    snprintf(f->recommendation, sizeof f->recommendation, "Review the plan and record the "
             "approval of version %s under governance.approvals.",
             p->version && p->version[0] ? p->version : "(give plan.version)");
    snprintf(f->decision, sizeof f->decision, "approve this version of the plan, or say what "
             "must change first.");
    set_owner(p, NULL, f);
}

int findings_build(const struct mc_results *r, struct findings *out)
{
    const struct plan *p = r->plan;
    int cap = p->n_stores * 2 + r->n_scenarios * 2 + 2, n = 0;
    int *pick = calloc((size_t)(p->n_services ? p->n_services : 1), sizeof *pick);
    char why[256];
    out->items = calloc((size_t)cap, sizeof *out->items);
    out->n = 0;
    if (out->items == NULL || pick == NULL) {
        free(pick);
        free(out->items);
        out->items = NULL;
        return -1;
    }
    for (int st = 0; st < p->n_stores; st++)
        if (p->stores[st].cross_region == STORE_XR_UNKNOWN)
            protection_finding(r, st, &out->items[n++], pick);
    for (int pass = MC_VERDICT_BREACH; pass >= MC_VERDICT_AT_RISK; pass--) {
        for (int s = 0; s < r->n_scenarios; s++) {
            for (int o = SWEEP_RTO; o <= SWEEP_RPO; o++) {
                const struct mc_objective *ob =
                    o == SWEEP_RTO ? &r->scenarios[s].rto_obj : &r->scenarios[s].rpo_obj;
                if (ob->has_target && (int)ob->verdict == pass)
                    objective_finding(r, s, (enum sweep_objective)o, &out->items[n++], pick);
            }
        }
    }
    const struct levers_goal *pg = r->levers ? levers_goal_of(r->levers, -1, SWEEP_RTO) : NULL;
    if (pg)
        policy_finding(r, pg, &out->items[n++]);
    for (int st = 0; st < p->n_stores; st++)
        if (r->has_as_of && verdict_exception_expired(r, st))
            exception_finding(r, st, &out->items[n++]);
    if (plan_draft_reason(p, why, sizeof why))
        draft_finding(r, why, &out->items[n++]);
    out->n = n;
    free(pick);
    return 0;
}

void findings_fini(struct findings *f)
{
    if (f == NULL)
        return;
    free(f->items);
    f->items = NULL;
    f->n = 0;
}

void findings_print(FILE *out, const struct mc_results *r)
{
    struct findings fs;
    if (findings_build(r, &fs) != 0 || fs.n == 0) {
        findings_fini(&fs);
        return;
    }
    /* Names in the sentences come from the plan file: escaped (models/text.h). */
    fprintf(out, "\nfindings for the board (%d):\n", fs.n);
    for (int i = 0; i < fs.n; i++) {
        const struct finding *f = &fs.items[i];
        fprintf(out, "  %d. [%s] ", i + 1, finding_severity_name(f->severity));
        text_fputs(f->what, out);
        fputs("\n     recommendation: ", out);
        text_fputs(f->recommendation, out);
        fputs("\n     owner: ", out);
        text_fputs(f->owner, out);
        fprintf(out, "%s\n     decision: ", f->owner_assigned ? "" : " (the plan names nobody)");
        text_fputs(f->decision, out);
        fputc('\n', out);
    }
    findings_fini(&fs);
}

/* ---- summary.json ----------------------------------------------------------------------- */

/* A combination of r->levers as an object: the value of each lever it changes, its costs. */
static void json_combo(struct jsonio_writer *w, const char *key, const struct levers_results *lr,
                       int c)
{
    const struct levers_combo *cb = &lr->combos[c];
    char text[512];
    jsonio_object(w, key);
    jsonio_text(w, "text", levers_combo_text(lr, c, text, sizeof text));
    jsonio_object(w, "values");
    for (int l = 0; l < lr->n_levers; l++)
        if (cb->option[l] > 0)
            jsonio_text(w, lr->plan->levers[l].name, levers_value_of(lr, l, cb->option[l]));
    jsonio_end_object(w);
    jsonio_num(w, "annual_usd", cb->annual_usd);
    jsonio_num(w, "one_off_usd", cb->one_off_usd);
    jsonio_num(w, "per_year_usd", cb->per_year_usd);
    jsonio_num(w, "cost_model_year_usd", cb->model_year_usd);
    jsonio_end_object(w);
}

static void json_goal_answer(struct jsonio_writer *w, const struct levers_results *lr,
                             const struct levers_goal *g)
{
    if (g->combo < 0) {
        jsonio_null(w, "combination");
        return;
    }
    json_combo(w, "combination", lr, g->combo);
    jsonio_num(w, "p_met", g->met.p_met);
    jsonio_num(w, "ci_lo", g->met.ci_lo);
    jsonio_num(w, "ci_hi", g->met.ci_hi);
    jsonio_u64(w, "trials", g->met.n);
    jsonio_text(w, "verdict", mc_verdict_name(g->met.verdict));
}

static const char *const kind_names[] = {"protection_unknown", "objective", "policy",
                                         "exception_expired", "draft"};

void findings_json(struct jsonio_writer *w, const struct mc_results *r)
{
    const struct plan *p = r->plan;
    const struct levers_results *lr = r->levers;
    struct findings fs;
    if (findings_build(r, &fs) != 0)
        fs.n = 0;
    jsonio_array(w, "findings");
    for (int i = 0; i < fs.n; i++) {
        const struct finding *f = &fs.items[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "kind", kind_names[f->kind]);
        jsonio_text(w, "severity", finding_severity_name(f->severity));
        if (f->scenario >= 0)
            jsonio_text(w, "scenario", p->scenarios[r->scenarios[f->scenario].scenario].name);
        else
            jsonio_null(w, "scenario");
        if (f->kind == FINDING_OBJECTIVE)
            jsonio_text(w, "objective", f->objective == SWEEP_RTO ? "rto" : "rpo");
        else
            jsonio_null(w, "objective");
        if (f->store >= 0)
            jsonio_text(w, "store", p->stores[f->store].name);
        else
            jsonio_null(w, "store");
        jsonio_text(w, "what", f->what);
        jsonio_text(w, "evidence", f->evidence);
        jsonio_text(w, "recommendation", f->recommendation);
        jsonio_text(w, "owner", f->owner);
        jsonio_bool(w, "owner_assigned", f->owner_assigned);
        jsonio_text(w, "decision", f->decision);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    findings_fini(&fs);

    if (p->n_levers == 0) {
        jsonio_null(w, "levers");
        return;
    }
    jsonio_object(w, "levers");
    jsonio_array(w, "declared");
    for (int l = 0; l < p->n_levers; l++) {
        const struct plan_lever *lv = &p->levers[l];
        jsonio_object(w, NULL);
        jsonio_text(w, "name", lv->name);
        jsonio_text(w, "path", lv->path);
        jsonio_text(w, "owner", lv->owner);
        jsonio_array(w, "candidates");
        for (int k = 0; k < lv->n_candidates; k++) {
            jsonio_object(w, NULL);
            jsonio_text(w, "value", lv->candidates[k].value);
            jsonio_num(w, "one_off_usd", lv->candidates[k].one_off_usd);
            jsonio_num(w, "per_year_usd", lv->candidates[k].per_year_usd);
            jsonio_end_object(w);
        }
        jsonio_end_array(w);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    jsonio_bool(w, "searched", lr != NULL);
    jsonio_num(w, "amortize_years", LEVERS_AMORTIZE_YEARS);
    if (lr) {
        jsonio_bool(w, "cost_model", lr->has_model);
        jsonio_u64(w, "screening_trials", lr->n_trials);
        jsonio_u64(w, "confirm_trials", lr->confirm_trials);
        jsonio_int(w, "combinations", lr->n_combos);
        jsonio_int(w, "evaluated", lr->n_evaluated);
        jsonio_int(w, "max_evaluations", lr->max_evals);
        jsonio_bool(w, "bound_hit", lr->bound_hit);
        jsonio_array(w, "goals");
        for (int g = 0; g < lr->n_goals; g++) {
            const struct levers_goal *gl = &lr->goals[g];
            jsonio_object(w, NULL);
            if (gl->scenario >= 0) {
                jsonio_text(w, "scenario", p->scenarios[r->scenarios[gl->scenario].scenario].name);
                jsonio_text(w, "objective", gl->objective == SWEEP_RTO ? "rto" : "rpo");
                jsonio_num(w, "plan_p_met", gl->base.p_met);
            } else {
                jsonio_null(w, "scenario");
                jsonio_text(w, "objective", "all");
            }
            json_goal_answer(w, lr, gl);
            jsonio_int(w, "rejected_at_confirmation", gl->n_rejected);
            jsonio_end_object(w);
        }
        jsonio_end_array(w);
    }
    jsonio_end_object(w);
}
