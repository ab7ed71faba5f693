/* reports/wb_compliance.c: the Compliance and BIA sheets (reports/wb_int.h).
 *
 * Compliance is the policy check: rows per (scenario, objective) with the target, the
 * percentiles, the trials meeting the target, P(meet) and its Wilson 95 % interval, the
 * required confidence, the value at that confidence, the margin and the verdict. Each
 * (scenario, objective) takes three rows side by side: all outages, then the trials that
 * failed over, then those recovered in place (the primary returned before the failover
 * passed its point of no return), each with its trials and its share of the outages, so
 * that "RPO met in 60 % of region outages" is never read as "of failovers"; the
 * recovered-in-place row also counts the failovers that had begun and were abandoned.
 * When the plan has exceptions (stores left out of the policy RPO), a row per scenario
 * after the table gives the RPO over all data, so the rows above keep their places; a
 * row per scenario after those gives the full restoration's percentiles (no objective).
 * P(meet), the interval, the share, the margin and the verdict are live formulas over the
 * row's own cells (the share over the all-outages row's trials), each stored with the
 * value drsim computed, so the sheet shows the right thing in readers that do not
 * recalculate and stays right when an auditor edits a count. The Summary's formulas point
 * at these rows, so their position is computed in one place (wb_compliance_row_of) from
 * the same notes the sheet writes above its table.
 *
 * BIA is the business impact analysis in the ready.gov / NIST SP 800-34 / ISO 22301
 * layout: a row per business service with impact ratings per category and duration, the
 * objectives (MTD, RTO, WRT, RPO, MBCO), the checks RTO < MTD and RTO + WRT <= MTD as
 * formulas, dependencies, and per scenario the targets that apply in it, the simulated
 * RTO and RPO at the policy confidence with the gap to those targets, and the service's
 * verdict there (a formula over the Services sheet's verdicts); then the priority, who
 * approved the values and what that approval endorses (the values' provenance, so an
 * approval of illustrative values reads as approved as ASSUMPTION), and the review dates.
 */
#include "reports/wb_int.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/damage.h"
#include "reports/provenance.h"

/* ---- Compliance ---------------------------------------------------------------------- */

#define CO_NOTES 5              /* notes above the Compliance table */

/* The notes above the Compliance table (the basis of its figures). */
static void compliance_notes(const struct wb *w, char notes[CO_NOTES][1536])
{
    const struct plan *p = w->p;
    char policy[768];
    wb_policy_text(p, policy, sizeof policy);
    snprintf(notes[0], sizeof notes[0], "Policy (plan %s version %s, file %s): %s. Each target "
             "must be met with a probability of at least %.4g%% (policy.confidence); RTO is "
             "measured from %s.", p->name, p->version, p->path, policy, 100.0 * p->confidence,
             wb_clock_text(p));
    snprintf(notes[1], sizeof notes[1], "Verdict: meets when the Wilson 95%% lower bound of "
             "P(meet target) is at least the required confidence; at risk when P(meet target) "
             "is, but the lower bound is not; breach otherwise. P(meet), its interval, the "
             "share, the margin and the verdict are formulas over the row's own cells; the "
             "required confidence is the Summary's cell (edit it there and every verdict "
             "recalculates), and the value achieved at it is the row's P50, P90, P95 or P99 "
             "when it is one of those.");
    snprintf(notes[2], sizeof notes[2], "Outcomes: each objective has a row over all outages, "
             "then one over the trials that failed over (service restored by the runbook) and "
             "one over those recovered in place (the outage ended before the failover passed "
             "its point of no return, or before it restored service when the plan names none; "
             "service came back on the primary after its return time and no data was lost). "
             "Share = the outcome's trials / all trials: the failed-over share is how often "
             "the plan fails over. Failovers abandoned: trials recovered in place after the "
             "failover had begun (its people released). The verdict of the policy is the "
             "all-outages row's.");
    snprintf(notes[3], sizeof notes[3], "Statistics: %llu trials per scenario, seed %llu. "
             "Percentiles are PERCENTILE.INC over the row's trials; an infinite value (a store "
             "without a usable recovery point) sorts last and shows as inf. RPO is the data "
             "lost: the age of the newest usable recovery point of the stores that count for "
             "RPO.", (unsigned long long)w->r->n_trials, (unsigned long long)w->r->seed);
    /* SOC 2 A1.3 asks for tested recovery: cited only when the run has drill records (a
     * simulation is not a test; reports/controls.h). */
    if (w->ev)
        snprintf(notes[4], sizeof notes[4], "Basis: NIST SP 800-34 Rev. 1 (RTO and RPO, "
                 "Appendix B); SOC 2 availability criterion A1.2 (recovery infrastructure designed "
                 "to meet objectives), with A1.3 (tested recovery) from the drill records on the "
                 "Evidence sheet; ISO 22301 clause 8.2.2. The Controls sheet gives each "
                 "requirement's status.");
    else
        snprintf(notes[4], sizeof notes[4], "Basis: NIST SP 800-34 Rev. 1 (RTO and RPO, "
                 "Appendix B); SOC 2 availability criterion A1.2 (recovery infrastructure designed "
                 "to meet objectives); ISO 22301 clause 8.2.2. No test evidence was given (no "
                 "drill log): these figures are simulated, and a simulation is not a test, so "
                 "they do not evidence SOC 2 A1.3 (tested recovery). The Controls sheet gives "
                 "each requirement's status.");
}

lxw_row_t wb_compliance_row_of(const struct wb *w, int s, int obj, int which)
{
    char notes[CO_NOTES][1536];
    lxw_row_t head = 1;
    compliance_notes(w, notes);
    for (int i = 0; i < CO_NOTES; i++)
        head += (lxw_row_t)wb_note_lines(notes[i]);
    return head + 1 + (lxw_row_t)(CO_ROWS_PER_OBJ * (2 * s + obj) + which);
}

/* The all-outages row of scenario s's objective (0 = RTO, 1 = RPO): after the title, the
 * notes and the header row. */
lxw_row_t wb_compliance_row(const struct wb *w, int s, int obj)
{
    return wb_compliance_row_of(w, s, obj, CO_ROW_ALL);
}

/* What one Compliance row shows: the trials it is over and their figures. */
struct co_row {
    const char *outcome;            /* "all outages", "failed over", "recovered in place" */
    uint64_t n;                     /* trials of the row */
    double share;                   /* n / all trials */
    const struct mc_percentiles *pc;
    const struct mc_objective *o;
};

/* P(meet) through the verdict of the row being written, as formulas over its own cells
 * (the row's objective o has a target). */
static void compliance_objective(struct sheet *sh, const struct mc_objective *o)
{
    const struct fmts *f = &sh->w->f;
    lxw_row_t row = sh->row;
    char fm[WB_FORMULA], cT[16], cN[16], cM[16], cP[16], cL[16], cC[16], cA[16];
    char conf[64], at[40], p50[16], p90[16], p95[16], p99[16];

    wb_ref(cT, row, CO_TARGET);
    wb_ref(cN, row, CO_N);
    wb_ref(cM, row, CO_MET);
    wb_ref(cP, row, CO_P);
    wb_ref(cL, row, CO_LO);
    wb_ref(cC, row, CO_CONF);
    wb_ref(cA, row, CO_AT);
    wb_put_hours(sh, CO_TARGET, o->target_s);
    wb_put_num(sh, CO_MET, (double)o->n_met, f->count);
    snprintf(fm, sizeof fm, "=%s/%s", cM, cN);
    wb_put_formula_num(sh, CO_P, fm, o->p_met, f->pct);
    /* Wilson score interval, as sim/stats.c computes it (exact 0 and 1 at the ends). */
    snprintf(fm, sizeof fm,
             "=IF(%s=0,0,MAX(0,(%s+" WB_Z95 "^2/(2*%s)-" WB_Z95 "*SQRT(%s*(1-%s)/%s+"
             WB_Z95 "^2/(4*%s^2)))/(1+" WB_Z95 "^2/%s)))",
             cM, cP, cN, cP, cP, cN, cN, cN);
    wb_put_formula_num(sh, CO_LO, fm, o->ci_lo, f->pct);
    snprintf(fm, sizeof fm,
             "=IF(%s=%s,1,MIN(1,(%s+" WB_Z95 "^2/(2*%s)+" WB_Z95 "*SQRT(%s*(1-%s)/%s+"
             WB_Z95 "^2/(4*%s^2)))/(1+" WB_Z95 "^2/%s)))",
             cM, cN, cP, cN, cP, cP, cN, cN, cN);
    wb_put_formula_num(sh, CO_HI, fm, o->ci_hi, f->pct);
    /* The required confidence is the Summary's cell; the value at it is the row's own
     * percentile where the confidence is one the row shows, else drsim's value at the
     * run's confidence (PERCENTILE.INC over the Trials sheet gives any other). */
    snprintf(fm, sizeof fm, "=%s", wb_conf_ref(sh->w, conf, sizeof conf));
    wb_put_formula_num(sh, CO_CONF, fm, o->confidence, f->pct);
    if (isinf(o->value_at_confidence_s))
        snprintf(at, sizeof at, "\"inf\"");
    else
        snprintf(at, sizeof at, "%.17g", o->value_at_confidence_s / 3600.0);
    snprintf(fm, sizeof fm, "=IF(%s=0.5,%s,IF(%s=0.9,%s,IF(%s=0.95,%s,IF(%s=0.99,%s,"
             "IF(%s=%.17g,%s,NA())))))", cC, wb_ref(p50, row, CO_P50), cC,
             wb_ref(p90, row, CO_P90), cC, wb_ref(p95, row, CO_P95), cC,
             wb_ref(p99, row, CO_P99), cC, o->confidence, at);
    wb_put_formula_num(sh, CO_AT, fm, o->value_at_confidence_s / 3600.0, f->hours);
    snprintf(fm, sizeof fm, "=IF(ISNUMBER(%s),%s-%s,\"-inf\")", cA, cT, cA);
    wb_put_formula_num(sh, CO_MARGIN, fm,
                       isinf(o->value_at_confidence_s) ? -INFINITY
                                                    : o->target_s / 3600.0 -
                                                          o->value_at_confidence_s / 3600.0,
                       f->hours);
    snprintf(fm, sizeof fm, "=IF(%s>=%s,\"meets\",IF(%s>=%s,\"at risk\",\"breach\"))",
             cL, cC, cP, cC);
    wb_put_formula_str(sh, CO_VERDICT, fm, wb_verdict_text(o), f->verdict[o->verdict]);
}

/* One row of the table: scenario sr's objective k (0 = RTO, 1 = RPO, 2 = RPO over all
 * data, 3 = full restoration) over the trials of
 * cr; all_row is the row of its all-outages figures (the share's denominator). An
 * outcome without trials shows its trials (0) and share, and no figures. */
static void compliance_row(struct sheet *sh, const struct mc_scenario_result *sr, int k,
                           const struct co_row *cr, lxw_row_t all_row, int which)
{
    const struct wb *w = sh->w;
    const struct scenario *sc = &w->p->scenarios[sr->scenario];
    const struct fmts *f = &w->f;
    char fm[WB_FORMULA], a[16], b[16];

    wb_put_text(sh, CO_SCEN, sc->name, NULL);
    char d[64];
    wb_put_text(sh, CO_SCOPE, damage_destroys_text(sc, d, sizeof d), NULL);
    wb_put_text(sh, CO_OBJ, k == 0 ? "RTO" : k == 1 ? "RPO" : k == 2 ? "RPO over all data"
                                                             : "Full restoration", NULL);
    wb_put_text(sh, CO_OUTCOME, cr->outcome, which == CO_ROW_ALL ? f->bold : NULL);
    wb_put_num(sh, CO_N, (double)cr->n, f->count);
    if (which == CO_ROW_ALL) {
        wb_put_num(sh, CO_SHARE, 1.0, f->pct);
    } else {
        snprintf(fm, sizeof fm, "=%s/%s", wb_ref(a, sh->row, CO_N), wb_ref(b, all_row, CO_N));
        wb_put_formula_num(sh, CO_SHARE, fm, cr->share, f->pct);
    }
    if (which == CO_ROW_IN_PLACE) {
        wb_put_num(sh, CO_ABANDONED, (double)sr->n_abandoned, f->count);
        snprintf(fm, sizeof fm, "=%s/%s", wb_ref(a, sh->row, CO_ABANDONED),
                 wb_ref(b, all_row, CO_N));
        wb_put_formula_num(sh, CO_ABANDONED_SHARE, fm,
                           sr->n_trials ? (double)sr->n_abandoned / (double)sr->n_trials : 0.0,
                           f->pct);
    }
    if (cr->n == 0) {
        wb_put_text(sh, CO_TARGET, sc->has_policy ? "no trials" : "none", NULL);
        wb_put_text(sh, CO_VERDICT, "n/a", NULL);
        wb_next_row(sh);
        return;
    }
    wb_put_hours(sh, CO_P50, cr->pc->p50_s);
    wb_put_hours(sh, CO_P90, cr->pc->p90_s);
    wb_put_hours(sh, CO_P95, cr->pc->p95_s);
    wb_put_hours(sh, CO_P99, cr->pc->p99_s);
    wb_put_hours(sh, CO_MAX, cr->pc->max_s);
    wb_put_num(sh, CO_INF, (double)cr->pc->n_infinite, f->count);
    if (!cr->o->has_target) {
        wb_put_text(sh, CO_TARGET, "none", NULL);
        wb_put_text(sh, CO_VERDICT, "n/a", NULL);
    } else {
        compliance_objective(sh, cr->o);
    }
    wb_next_row(sh);
}

void wb_compliance_sheet(struct wb *w)
{
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    static const char *const head[CO_NCOLS] = {
        "Scenario", "Outage destroys", "Objective", "Outcome", "Target (h)", "P50 (h)",
        "P90 (h)", "P95 (h)", "P99 (h)", "Max (h)", "Trials", "Share of outages",
        "Trials meeting the target", "P(meet target) = met / trials",
        "Wilson 95% lower bound", "Wilson 95% upper bound", "Required confidence",
        "Achieved at the required confidence (h)", "Margin (h) = target - achieved",
        "Verdict", "Trials with no finite value (inf)", "Failovers abandoned (trials)",
        "Failovers abandoned (share of outages)"
    };
    struct sheet sh;
    char notes[CO_NOTES][1536], fm[WB_FORMULA];
    lxw_row_t first;

    if (wb_sheet_open(w, &sh, "Compliance"))
        return;
    wb_put_note(&sh, f->title, "Compliance with the recovery policy");
    compliance_notes(w, notes);
    for (int i = 0; i < CO_NOTES; i++)
        wb_put_note(&sh, f->note, notes[i]);
    sh.head_row = sh.row;
    wb_put_header(&sh, head, CO_NCOLS);
    wb_next_row(&sh);
    first = sh.row;
    assert(first == wb_compliance_row(w, 0, 0));
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct mc_outcome *over = &sr->outcomes[MC_OUTCOME_FAILED_OVER];
        const struct mc_outcome *in = &sr->outcomes[MC_OUTCOME_IN_PLACE];
        for (int k = 0; k < 2; k++) {
            const struct co_row rows[CO_ROWS_PER_OBJ] = {
                {"all outages", sr->n_trials, 1.0, k == 0 ? &sr->rto : &sr->rpo,
                 k == 0 ? &sr->rto_obj : &sr->rpo_obj},
                {"failed over", over->n, over->share, k == 0 ? &over->rto : &over->rpo,
                 k == 0 ? &over->rto_obj : &over->rpo_obj},
                {"recovered in place", in->n, in->share, k == 0 ? &in->rto : &in->rpo,
                 k == 0 ? &in->rto_obj : &in->rpo_obj},
            };
            lxw_row_t all_row = sh.row;
            assert(all_row == wb_compliance_row(w, s, k));
            for (int i = 0; i < CO_ROWS_PER_OBJ; i++)
                compliance_row(&sh, sr, k, &rows[i], all_row, i);
        }
    }
    /* With exceptions, the RPO over all data (every store counted) after the table, so
     * the rows above keep their places (the Exceptions sheet compares the two). */
    for (int s = 0; plan_n_exceptions(w->p) > 0 && s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct co_row all = {"all outages", sr->n_trials, 1.0, &sr->rpo_all,
                                   &sr->rpo_all_obj};
        compliance_row(&sh, sr, 2, &all, sh.row, CO_ROW_ALL);
    }
    /* The full restoration (the whole runbook done, full capacity back) per scenario,
     * last: it has no objective, only its percentiles. */
    for (int s = 0; s < r->n_scenarios; s++) {
        static const struct mc_objective none; /* no target: "none", verdict n/a */
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct co_row full = {"all outages", sr->n_trials, 1.0, &sr->full, &none};
        compliance_row(&sh, sr, 3, &full, sh.row, CO_ROW_ALL);
    }
    if (sh.row > first) {
        char c1[16], c2[16];
        wb_cf_verdicts(&sh, first, sh.row - 1, CO_VERDICT);
        snprintf(fm, sizeof fm, "=AND(ISNUMBER(%s),%s<%s)", wb_ref(c1, first, CO_P),
                 wb_ref(c1, first, CO_P), wb_ref(c2, first, CO_CONF));
        wb_cf_formula(&sh, first, sh.row - 1, CO_P, fm, f->cf_red_font);
        snprintf(fm, sizeof fm, "=OR(ISTEXT(%s),AND(ISNUMBER(%s),%s<0))",
                 wb_ref(c1, first, CO_MARGIN), c1, c1);
        wb_cf_formula(&sh, first, sh.row - 1, CO_MARGIN, fm, f->cf_red_font);
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 4);
}

/* ---- BIA ----------------------------------------------------------------------------- */

/* The value at the policy confidence of a service's RTO or RPO: the objective's when the
 * service states a target; else the percentile the confidence names, if one was kept;
 * else NAN. */
static double at_confidence(const struct mc_percentiles *pc, const struct mc_objective *o,
                            double conf)
{
    if (o->has_target)
        return o->value_at_confidence_s;
    if (fabs(conf - 0.50) < 1e-12)
        return pc->p50_s;
    if (fabs(conf - 0.90) < 1e-12)
        return pc->p90_s;
    if (fabs(conf - 0.95) < 1e-12)
        return pc->p95_s;
    if (fabs(conf - 0.99) < 1e-12)
        return pc->p99_s;
    return NAN;
}

/* A target in hours, or "not set" (the plan gives none). */
static void put_target(struct sheet *sh, lxw_col_t c, double s)
{
    if (isinf(s))
        wb_put_text(sh, c, "not set", sh->w->f.inf);
    else
        wb_put_hours(sh, c, s);
}

/* Columns of the BIA table: six of the process, the impact grid (a column per category
 * and duration bucket), the objectives, the checks, the dependencies, BIA_PER_SCENARIO
 * per scenario (the targets that apply in it, the simulated RTO and RPO, their gaps and
 * the service's verdict) and five of governance (priority, approval, the values'
 * provenance, review dates). */
#define BIA_PER_SCENARIO 7
struct bia_cols {
    lxw_col_t imp, cost, mtd, rto, wrt, rpo, mbco, chk1, chk2, dep, by, sim, gov;
};

static struct bia_cols bia_cols(const struct mc_results *r)
{
    struct bia_cols c;
    c.imp = 6;
    c.cost = (lxw_col_t)(c.imp + IMPACT_N_CATEGORIES * IMPACT_N_BUCKETS);
    c.mtd = c.cost + 1;
    c.rto = c.cost + 2;
    c.wrt = c.cost + 3;
    c.rpo = c.cost + 4;
    c.mbco = c.cost + 5;
    c.chk1 = c.cost + 6;
    c.chk2 = c.cost + 7;
    c.dep = c.cost + 8;
    c.by = c.cost + 9;
    c.sim = c.cost + 10;
    c.gov = (lxw_col_t)(c.sim + BIA_PER_SCENARIO * r->n_scenarios);
    return c;
}

/* The group labels above the header, then the header row (the table's head_row). */
static void bia_header(struct sheet *sh, const struct bia_cols *C, const char *conf)
{
    static const char *const cat_title[IMPACT_N_CATEGORIES] = {
        "Financial", "Operational", "Regulatory, legal, contractual", "Reputational",
        "Health and safety"
    };
    const struct mc_results *r = sh->w->r;
    char buf[512];

    wb_group_cell(sh, 0, "Business process");
    for (int c = 0; c < IMPACT_N_CATEGORIES; c++) {
        snprintf(buf, sizeof buf, "%s impact", cat_title[c]);
        wb_group_cell(sh, (lxw_col_t)(C->imp + c * IMPACT_N_BUCKETS), buf);
    }
    wb_group_cell(sh, C->cost, "Objectives");
    wb_group_cell(sh, C->chk1, "Checks (formulas)");
    wb_group_cell(sh, C->dep, "Dependencies");
    wb_group_scenarios(sh, C->sim, BIA_PER_SCENARIO);
    wb_group_span(sh, C->gov, (lxw_col_t)(C->gov + 4), "Priority and approval");
    wb_next_row(sh);
    sh->head_row = sh->row;
    wb_head_cell(sh, 0, "ID");
    wb_head_cell(sh, 1, "Process (service)");
    wb_head_cell(sh, 2, "Description");
    wb_head_cell(sh, 3, "Owner");
    wb_head_cell(sh, 4, "Criticality");
    wb_head_cell(sh, 5, "Timing (peak periods)");
    for (int c = 0; c < IMPACT_N_CATEGORIES; c++)
        for (int b = 0; b < IMPACT_N_BUCKETS; b++) {
            lxw_col_t col = (lxw_col_t)(C->imp + c * IMPACT_N_BUCKETS + b);
            wb_put_text_opt(sh, col, plan_bucket_name((enum impact_bucket)b), sh->w->f.head_rot,
                            0);
            sh->cap[col] = 3.5;
        }
    wb_head_cell(sh, C->cost, "Financial impact per hour (USD)");
    wb_head_cell(sh, C->mtd, "MTD (h)");
    wb_head_cell(sh, C->rto, "RTO target (h)");
    wb_head_cell(sh, C->wrt, "WRT (h)");
    wb_head_cell(sh, C->rpo, "RPO target (h)");
    wb_head_cell(sh, C->mbco, "MBCO");
    wb_head_cell(sh, C->chk1, "RTO < MTD");
    wb_head_cell(sh, C->chk2, "RTO + WRT <= MTD");
    wb_head_cell(sh, C->dep, "Depends on stores");
    wb_head_cell(sh, C->by, "Restored by step");
    for (int s = 0; s < r->n_scenarios; s++) {
        lxw_col_t c0 = (lxw_col_t)(C->sim + BIA_PER_SCENARIO * s);
        wb_head_cell(sh, c0, "RTO target in the scenario (h)");
        wb_head_cell(sh, c0 + 1, "RPO target in the scenario (h)");
        snprintf(buf, sizeof buf, "RTO at %s (h)", conf);
        wb_head_cell(sh, c0 + 2, buf);
        snprintf(buf, sizeof buf, "RPO at %s (h)", conf);
        wb_head_cell(sh, c0 + 3, buf);
        wb_head_cell(sh, c0 + 4, "RTO gap (h)");
        wb_head_cell(sh, c0 + 5, "RPO gap (h)");
        wb_head_cell(sh, c0 + 6, "Service verdict in the scenario");
    }
    wb_head_cell(sh, C->gov, "Recovery priority");
    wb_head_cell(sh, (lxw_col_t)(C->gov + 1), "Approved by");
    wb_head_cell(sh, (lxw_col_t)(C->gov + 2), "Provenance of the values");
    wb_head_cell(sh, (lxw_col_t)(C->gov + 3), "Review date");
    wb_head_cell(sh, (lxw_col_t)(C->gov + 4), "Next review");
    wb_next_row(sh);
}

/* The checks RTO < MTD and RTO + WRT <= MTD of service sv, as formulas over the row's
 * cells, stored with the values they give for the hours those cells hold. */
static void bia_checks(struct sheet *sh, const struct bia_cols *C, const struct service *sv)
{
    double rto_h = sv->rto_s / 3600.0, mtd_h = sv->mtd_s / 3600.0, wrt_h = sv->wrt_s / 3600.0;
    char fm[WB_FORMULA], cR[16], cM[16], cW[16];

    wb_ref(cR, sh->row, C->rto);
    wb_ref(cM, sh->row, C->mtd);
    wb_ref(cW, sh->row, C->wrt);
    snprintf(fm, sizeof fm, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s<%s,\"OK\",\"FAIL\"),"
             "\"n/a\")", cR, cM, cR, cM);
    wb_put_formula_str(sh, C->chk1, fm,
                       isinf(rto_h) || isinf(mtd_h) ? "n/a" : rto_h < mtd_h ? "OK" : "FAIL",
                       NULL);
    snprintf(fm, sizeof fm, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s),ISNUMBER(%s)),"
             "IF(%s+%s<=%s,\"OK\",\"FAIL\"),\"n/a\")", cR, cM, cW, cR, cW, cM);
    wb_put_formula_str(sh, C->chk2, fm,
                       isinf(rto_h) || isinf(mtd_h) ? "n/a"
                       : rto_h + wrt_h <= mtd_h     ? "OK"
                                                    : "FAIL",
                       NULL);
}

/* The service's verdict in result scenario s, the worse of its RTO's and RPO's, as a
 * formula over the Services sheet's verdict cells (formulas over the Summary's required
 * confidence themselves), stored with the value they give. */
static void bia_verdict(struct sheet *sh, lxw_col_t c, int s, int i)
{
    const struct mc_service_result *res = &sh->w->r->scenarios[s].services[i];
    enum mc_verdict v = res->rto_obj.verdict > res->rpo_obj.verdict ? res->rto_obj.verdict
                                                                    : res->rpo_obj.verdict;
    lxw_row_t row = wb_services_row(sh->w, s, i);
    char fm[WB_FORMULA], a[48], b[48], cell[16];

    lxw_rowcol_to_cell_abs(cell, row, wb_services_verdict_col(0), 1, 1);
    snprintf(a, sizeof a, "Services!%s", cell);
    lxw_rowcol_to_cell_abs(cell, row, wb_services_verdict_col(1), 1, 1);
    snprintf(b, sizeof b, "Services!%s", cell);
    snprintf(fm, sizeof fm, "=IF(OR(%s=\"breach\",%s=\"breach\"),\"breach\",IF(OR(%s=\"at risk\","
             "%s=\"at risk\"),\"at risk\",IF(OR(%s=\"meets\",%s=\"meets\"),\"meets\",\"n/a\")))",
             a, b, a, b, a, b);
    wb_put_formula_str(sh, c, fm, v == MC_VERDICT_NONE ? "n/a" : mc_verdict_name(v),
                       sh->w->f.verdict[v]);
}

/* Service i's targets in each scenario (the ones that apply there: service.rto_target_s[s],
 * rpo_target_s[s], as the Services sheet and the terminal judge it), its simulated RTO
 * and RPO at the policy confidence, their gaps to those targets as formulas ("inf" when
 * the simulated value is, "n/a" without both), and its verdict. */
static void bia_simulated(struct sheet *sh, const struct bia_cols *C, int i)
{
    const struct plan *p = sh->w->p;
    const struct mc_results *r = sh->w->r;
    const struct service *sv = &p->services[i];
    char fm[WB_FORMULA], cS[16], cT[16];

    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_service_result *res = &r->scenarios[s].services[i];
        int ps = r->scenarios[s].scenario;
        lxw_col_t c0 = (lxw_col_t)(C->sim + BIA_PER_SCENARIO * s);
        double sim[2], tgt[2];
        tgt[0] = sv->rto_target_s ? sv->rto_target_s[ps] : sv->rto_s;
        tgt[1] = sv->rpo_target_s ? sv->rpo_target_s[ps] : sv->rpo_s;
        sim[0] = at_confidence(&res->rto, &res->rto_obj, p->confidence);
        sim[1] = at_confidence(&res->rpo, &res->rpo_obj, p->confidence);
        put_target(sh, c0, tgt[0]);
        put_target(sh, c0 + 1, tgt[1]);
        bia_verdict(sh, c0 + 6, s, i);
        for (int k = 0; k < 2; k++) {
            lxw_col_t cs = (lxw_col_t)(c0 + 2 + k), cg = (lxw_col_t)(cs + 2);
            double sh_h = sim[k] / 3600.0, tg_h = tgt[k] / 3600.0;
            if (isnan(sim[k]))
                wb_put_text(sh, cs, "n/a", sh->w->f.inf);
            else
                wb_put_hours(sh, cs, sim[k]);
            wb_ref(cS, sh->row, cs);
            wb_ref(cT, sh->row, (lxw_col_t)(c0 + k));
            snprintf(fm, sizeof fm, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),%s-%s,"
                     "IF(AND(%s=\"inf\",ISNUMBER(%s)),\"inf\",\"n/a\"))",
                     cS, cT, cS, cT, cS, cT);
            if (isfinite(sh_h) && isfinite(tg_h))
                wb_put_formula_num(sh, cg, fm, sh_h - tg_h, sh->w->f.hours);
            else
                wb_put_formula_str(sh, cg, fm, isinf(sh_h) && isfinite(tg_h) ? "inf" : "n/a",
                                   sh->w->f.inf);
        }
    }
}

/* The row of service i. */
static void bia_row(struct sheet *sh, const struct bia_cols *C, int i)
{
    const struct plan *p = sh->w->p;
    const struct fmts *f = &sh->w->f;
    const struct service *sv = &p->services[i];
    char buf[2048];
    size_t o = 0;

    wb_put_num(sh, 0, (double)(i + 1), f->count);
    wb_put_text(sh, 1, sv->name, f->bold);
    wb_put_text(sh, 2, sv->description, f->wrap);
    wb_put_text(sh, 3, sv->owner, f->wrap);
    wb_put_text(sh, 4, plan_criticality_name(sv->criticality), NULL);
    wb_put_text(sh, 5, sv->timing, f->wrap);
    for (int c = 0; c < IMPACT_N_CATEGORIES; c++)
        for (int b = 0; b < IMPACT_N_BUCKETS; b++) {
            lxw_col_t col = (lxw_col_t)(C->imp + c * IMPACT_N_BUCKETS + b);
            wb_put_num(sh, col, (double)sv->impact[c][b], f->center);
        }
    wb_put_num(sh, C->cost, sv->cost_per_hour_usd, f->usd);
    put_target(sh, C->mtd, sv->mtd_s);
    put_target(sh, C->rto, sv->rto_s);
    wb_put_hours(sh, C->wrt, sv->wrt_s);
    put_target(sh, C->rpo, sv->rpo_s);
    wb_put_text(sh, C->mbco, sv->mbco, f->wrap);
    bia_checks(sh, C, sv);
    buf[0] = '\0';
    for (int k = 0; k < sv->n_stores; k++)
        wb_appendf(buf, sizeof buf, &o, "%s%s", k ? ", " : "", p->stores[sv->stores[k]].name);
    wb_put_text(sh, C->dep, buf, f->wrap);
    buf[0] = '\0';
    o = 0;
    for (int s = 0; s < p->n_scenarios && sv->restored_by; s++) {
        int step = sv->restored_by[s];
        wb_appendf(buf, sizeof buf, &o, "%s%s: %s", s ? "; " : "", p->scenarios[s].name,
                   step >= 0 ? p->scenarios[s].steps[step].name : "not down (none of its stores damaged)");
    }
    wb_put_text(sh, C->by, buf, f->wrap);
    bia_simulated(sh, C, i);
    wb_put_num(sh, C->gov, (double)sv->priority, f->count);
    /* What the approval endorses: the values as the plan marks them (reports/provenance.h),
     * so "Approved by" never reads as an endorsement of illustrative values as facts. */
    struct prov_summary pv;
    prov_service(p, i, &pv);
    wb_put_text(sh, (lxw_col_t)(C->gov + 1), prov_approval_text(sv->approved_by, &pv, buf,
                                                                sizeof buf), f->wrap);
    wb_put_text(sh, (lxw_col_t)(C->gov + 2), prov_text(&pv, buf, sizeof buf), f->wrap);
    wb_put_date_text(sh, (lxw_col_t)(C->gov + 3), sv->review_date);
    wb_put_date_text(sh, (lxw_col_t)(C->gov + 4), sv->next_review);
    wb_next_row(sh);
}

/* Colours over rows first..last: impact ratings by level, FAIL and OK checks, and gaps
 * above the target (or infinite) in red. */
static void bia_highlights(struct sheet *sh, const struct bia_cols *C, lxw_row_t first,
                           lxw_row_t last)
{
    const struct fmts *f = &sh->w->f;
    char fm[WB_FORMULA], c1[16];

    for (lxw_col_t c = C->imp; c < C->cost; c++)
        for (int l = IMPACT_MINIMAL; l <= IMPACT_SEVERE; l++)
            wb_cf_equals_num(sh, first, last, c, (double)l, f->cf_impact[l]);
    for (lxw_col_t c = C->chk1; c <= C->chk2; c++) {
        wb_cf_equals(sh, first, last, c, "FAIL", f->cf_fail);
        wb_cf_equals(sh, first, last, c, "OK", f->cf_ok);
    }
    for (int s = 0; s < sh->w->r->n_scenarios; s++) {
        for (int k = 4; k < 6; k++) {
            lxw_col_t c = (lxw_col_t)(C->sim + BIA_PER_SCENARIO * s + k);
            snprintf(fm, sizeof fm, "=OR(%s=\"inf\",AND(ISNUMBER(%s),%s>0))",
                     wb_ref(c1, first, c), c1, c1);
            wb_cf_formula(sh, first, last, c, fm, f->cf_red_font);
        }
        wb_cf_verdicts(sh, first, last, (lxw_col_t)(C->sim + BIA_PER_SCENARIO * s + 6));
    }
}

void wb_bia_sheet(struct wb *w)
{
    const struct plan *p = w->p;
    const struct fmts *f = &w->f;
    const struct bia_cols C = bia_cols(w->r);
    struct sheet sh;
    char conf[16];
    lxw_row_t first;

    if (wb_sheet_open_cols(w, &sh, "BIA", (long)C.gov + 5))
        return;
    sh.cap[1] = 18;
    sh.cap[2] = 28;
    sh.cap[3] = 16;
    sh.cap[5] = 22;
    sh.cap[C.mbco] = 26;
    sh.cap[C.dep] = 24;
    sh.cap[C.by] = 20;
    sh.cap[C.gov + 1] = 24;
    sh.cap[C.gov + 2] = 32;
    snprintf(conf, sizeof conf, "%.4g%%", 100.0 * p->confidence);
    wb_put_note(&sh, f->title, "Business impact analysis");
    wb_put_note(&sh, f->note,
                "Layout: ready.gov Business Impact Analysis worksheet (impacts by duration "
                "bucket); NIST SP 800-34 Rev. 1 Appendix B (MTD, RTO, RPO; the RTO must be "
                "shorter than the MTD); WRT as industry practice (RTO + WRT <= MTD); ISO 22301 "
                "8.2.2 and ISO/TS 22317 (impacts over time, MBCO). Values from the plan's "
                "services section.");
    wb_put_note(&sh, f->note,
                "Impact ratings per category and duration of the interruption: 0 none, 1 "
                "minimal, 2 moderate, 3 severe.");
    wb_put_notef(&sh, f->note, "Simulated columns: a service's RTO is when the step that "
                 "restores it ends (restored_by, else the scenario's service_restored_by) and "
                 "its RPO the largest data loss over the stores it depends on, at the policy "
                 "confidence (%s) over %llu trials per scenario, judged against the service's "
                 "targets in that scenario (objectives.SCENARIO, else its own rto and rpo). "
                 "Gap = simulated - target: positive means the target is missed by that much. "
                 "Service verdict: the worse of its RTO and RPO verdicts on the Services sheet "
                 "(a formula over them).", conf,
                 (unsigned long long)w->r->n_trials);
    wb_put_note(&sh, f->note,
                "Provenance of the values: how the plan marks the service's inputs (fact, "
                "ASSUMPTION, UNKNOWN; the Assumptions sheet lists each). An approval of values "
                "that are not facts approves them as ASSUMPTIONs: \"Approved by\" says so.");
    bia_header(&sh, &C, conf);
    first = sh.row;
    for (int i = 0; i < p->n_services; i++)
        bia_row(&sh, &C, i);
    if (sh.row > first)
        bia_highlights(&sh, &C, first, sh.row - 1);
    wb_sheet_finish(&sh, 1, sh.row - 1, 2);
}
