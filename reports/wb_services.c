/* reports/wb_services.c: the Services sheet of the auditor's workbook (reports/wb_int.h).
 *
 * Issue 11 gives every business service its own recovery in every scenario: the moment
 * everything it needs is back (and, with a capacity model, the moment the platform's
 * capacity reaches the service's MBCO), judged against the service's own targets for that
 * scenario. The sheet is their table: a row per scenario and service, the services of a
 * scenario in priority order (1 first, ties in plan order: the order people restore them
 * in), with the service's priority and criticality, whether it is one of the services
 * whose restoration is the scenario's (the policy's services), its MBCO as a share of
 * capacity ("not stated" when its needs alone decide), then for the RTO and the RPO the
 * target for this scenario, P50, P95, P99, P(meet), its Wilson 95 % interval and the
 * verdict, a formula over the row's cells and the Summary's required confidence (the
 * Summary's policy verdict counts these cells: wb_services_count). The figures are the
 * results' own (sim/mc.h), the ones summary.json writes under scenarios[].services[]. A
 * plan without services has no Services sheet.
 */
#include "reports/wb_int.h"

#include <assert.h>
#include <stdio.h>

enum {
    SV_SCEN = 0, SV_NAME, SV_PRIO, SV_CRIT, SV_DEFINES, SV_MBCO,
    SV_RTO,                     /* first of the RTO's SV_OBJ_COLS columns, then the RPO's */
    SV_OBJ_COLS = 8,            /* target, P50, P95, P99, P(meet), lower, upper, verdict */
    SV_NCOLS = SV_RTO + 2 * SV_OBJ_COLS
};

/* One objective's SV_OBJ_COLS cells from column c. */
static void put_objective(struct sheet *sh, lxw_col_t c, const struct mc_percentiles *pc,
                          const struct mc_objective *o)
{
    const struct fmts *f = &sh->w->f;
    if (o->has_target)
        wb_put_hours(sh, c, o->target_s);
    else
        wb_put_text(sh, c, "none", NULL);
    wb_put_hours(sh, c + 1, pc->p50_s);
    wb_put_hours(sh, c + 2, pc->p95_s);
    wb_put_hours(sh, c + 3, pc->p99_s);
    if (o->has_target) {
        char fm[WB_FORMULA], cP[16], cL[16], conf[64];
        wb_put_num(sh, c + 4, o->p_met, f->pct);
        wb_put_num(sh, c + 5, o->ci_lo, f->pct);
        wb_put_num(sh, c + 6, o->ci_hi, f->pct);
        /* The Compliance rule over the row's cells and the Summary's required confidence. */
        wb_ref(cP, sh->row, c + 4);
        wb_ref(cL, sh->row, c + 5);
        wb_conf_ref(sh->w, conf, sizeof conf);
        snprintf(fm, sizeof fm, "=IF(%s>=%s,\"meets\",IF(%s>=%s,\"at risk\",\"breach\"))", cL,
                 conf, cP, conf);
        wb_put_formula_str(sh, c + 7, fm, wb_verdict_text(o), f->verdict[o->verdict]);
    } else {
        wb_put_text(sh, c + 7, wb_verdict_text(o), f->verdict[o->verdict]);
    }
}

/* The note above the Services table (its length places the rows: wb_services_row). */
static void services_note(const struct wb *w, char *buf, size_t n)
{
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    snprintf(buf, n,
             "A row per scenario and business service, the services of a scenario in "
             "priority order (1 first). A service is restored when everything it needs is "
             "back and, when it states an MBCO (minimum business continuity objective, "
             "ISO 22301), the platform's capacity has reached it; its RPO is the worst data "
             "loss over its stores. Targets are the service's own for the scenario; the "
             "verdict compares the Wilson 95%% interval of P(meet target) with the "
             "required confidence %.4g%% (the Summary's cell: the verdicts are formulas "
             "over it). \"Restores the scenario's service\": the "
             "scenario's service restoration is the moment the last of these services is "
             "restored (policy.objectives.SCENARIO.services, default: the services of the "
             "highest priority). %llu trials per scenario, seed %llu.",
             100.0 * p->confidence, (unsigned long long)r->n_trials,
             (unsigned long long)r->seed);
}

lxw_row_t wb_services_row(const struct wb *w, int s, int service)
{
    char note[2048];
    lxw_row_t row;
    services_note(w, note, sizeof note);
    row = (lxw_row_t)(1 + wb_note_lines(note) + 1);  /* title, note, header */
    for (int k = 0; k <= s && k < w->r->n_scenarios; k++) {
        const struct mc_scenario_result *sr = &w->r->scenarios[k];
        for (int i = plan_next_service(w->p, -1); i >= 0 && i < sr->n_services;
             i = plan_next_service(w->p, i)) {
            if (k == s && i == service)
                return row;
            row++;
        }
    }
    return row;
}

lxw_col_t wb_services_verdict_col(int obj)
{
    return (lxw_col_t)(SV_RTO + (obj + 1) * SV_OBJ_COLS - 1);
}

char *wb_services_count(const struct wb *w, const char *verdict, char *buf, size_t n)
{
    char a[16], b[16];
    if (w->p->n_services == 0) {
        snprintf(buf, n, "0");
        return buf;
    }
    lxw_col_to_name(a, SV_RTO + SV_OBJ_COLS - 1, 1);
    lxw_col_to_name(b, SV_RTO + 2 * SV_OBJ_COLS - 1, 1);
    snprintf(buf, n, "COUNTIF(Services!%s:%s,\"%s\")+COUNTIF(Services!%s:%s,\"%s\")", a, a,
             verdict, b, b, verdict);
    return buf;
}

void wb_services_sheet(struct wb *w)
{
    const struct mc_results *r = w->r;
    const struct plan *p = w->p;
    const struct fmts *f = &w->f;
    static const char *const head[SV_RTO] = {
        "Scenario", "Service", "Priority", "Criticality", "Restores the scenario's service",
        "MBCO (share of capacity)"};
    static const char *const obj[SV_OBJ_COLS] = {
        "target (h)", "P50 (h)", "P95 (h)", "P99 (h)", "P(meet target)",
        "Wilson 95% lower bound", "Wilson 95% upper bound", "verdict"};
    struct sheet sh;
    char h[64], note[2048];

    if (p->n_services == 0 || wb_sheet_open(w, &sh, "Services"))
        return;
    wb_put_note(&sh, f->title, "Business services per scenario");
    services_note(w, note, sizeof note);
    wb_put_note(&sh, f->note_wrap, note);
    sh.head_row = sh.row;
    for (int k = 0; k < SV_RTO; k++)
        wb_head_cell(&sh, (lxw_col_t)k, head[k]);
    for (int k = 0; k < 2 * SV_OBJ_COLS; k++) {
        snprintf(h, sizeof h, "%s %s", k < SV_OBJ_COLS ? "RTO" : "RPO", obj[k % SV_OBJ_COLS]);
        wb_head_cell(&sh, (lxw_col_t)(SV_RTO + k), h);
    }
    wb_next_row(&sh);
    lxw_row_t first = sh.row;
    assert(r->n_scenarios == 0 || first == wb_services_row(w, 0, plan_next_service(p, -1)));
    for (int s = 0; s < r->n_scenarios && wb_ok(w); s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        for (int i = plan_next_service(p, -1); i >= 0 && i < sr->n_services; i = plan_next_service(p, i)) {
            const struct service *sv = &p->services[i];
            const struct mc_service_result *res = &sr->services[i];
            wb_put_text(&sh, SV_SCEN, sc->name, NULL);
            wb_put_text(&sh, SV_NAME, sv->name, NULL);
            wb_put_num(&sh, SV_PRIO, sv->priority, f->count);
            wb_put_text(&sh, SV_CRIT, plan_criticality_name(sv->criticality), NULL);
            wb_put_text(&sh, SV_DEFINES, plan_defines_restoration(sc, i) ? "yes" : "no", NULL);
            if (sv->mbco_capacity > 0)
                wb_put_num(&sh, SV_MBCO, sv->mbco_capacity, f->pct);
            else
                wb_put_text(&sh, SV_MBCO, "not stated", NULL);
            put_objective(&sh, SV_RTO, &res->rto, &res->rto_obj);
            put_objective(&sh, SV_RTO + SV_OBJ_COLS, &res->rpo, &res->rpo_obj);
            wb_next_row(&sh);
        }
    }
    if (sh.row > first) {
        wb_cf_verdicts(&sh, first, sh.row - 1, SV_RTO + SV_OBJ_COLS - 1);
        wb_cf_verdicts(&sh, first, sh.row - 1, SV_RTO + 2 * SV_OBJ_COLS - 1);
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 2);
}
