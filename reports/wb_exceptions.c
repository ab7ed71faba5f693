/* reports/wb_exceptions.c: the Exceptions sheet of the auditor's workbook (reports/wb_int.h).
 *
 * A store the plan leaves out of the policy RPO is an exception someone signed
 * (models/plan.h, struct store_exception). The sheet is their register: a row per
 * exception with its reason, who approved it, its review date and whether that date has
 * passed (as of the run's as-of day), then per scenario the share of outages in which the
 * store loses data (its loss above zero, or no usable recovery point). Above the register
 * (the sheet's table, written last), per scenario with a policy, the RPO objective twice: as the policy reads it (with the
 * exceptions) and over all data (every store counted), with whether the exceptions make
 * the difference; then the stores whose cross-region protection the plan states as
 * unknown, which count as unprotected. The sheet is written for every run, so that "no
 * exceptions" is a statement and not a missing sheet.
 */
#include "reports/wb_int.h"

#include <stdio.h>

#include "models/units.h"
#include "sim/verdict.h"

enum { EX_STORE = 0, EX_REASON, EX_APPROVED, EX_REVIEW, EX_EXPIRED, EX_SHARES };

/* The policy and all-data RPO objectives of every scenario with a policy. */
static void ex_objectives(struct sheet *sh)
{
    static const char *const head[] = {
        "Scenario", "RPO target (h)", "Policy RPO: P(meet)", "Policy RPO verdict",
        "All-data RPO: P(meet)", "All-data RPO verdict", "Exceptions make the difference"
    };
    const struct wb *w = sh->w;
    const struct fmts *f = &w->f;
    const struct mc_results *r = w->r;

    wb_put_note(sh, f->section, "The RPO as the policy reads it, and over all data");
    for (int k = 0; k < 7; k++)
        wb_head_cell(sh, (lxw_col_t)k, head[k]);
    wb_next_row(sh);
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct mc_objective *po = &sr->rpo_obj, *ao = &sr->rpo_all_obj;
        if (!po->has_target)
            continue;
        wb_put_text(sh, 0, w->p->scenarios[sr->scenario].name, NULL);
        wb_put_hours(sh, 1, po->target_s);
        wb_put_num(sh, 2, po->p_met, f->pct);
        wb_put_text(sh, 3, wb_verdict_text(po), f->verdict[po->verdict]);
        wb_put_num(sh, 4, ao->p_met, f->pct);
        wb_put_text(sh, 5, wb_verdict_text(ao), f->verdict[ao->verdict]);
        wb_put_text(sh, 6, ao->verdict > po->verdict ? "yes" : "no", NULL);
        wb_next_row(sh);
    }
}

/* Stores whose cross-region protection is unknown: counted as unprotected. */
static void ex_unknown(struct sheet *sh)
{
    const struct wb *w = sh->w;
    const struct mc_results *r = w->r;
    int n = 0;
    for (int i = 0; i < w->p->n_stores; i++) {
        if (w->p->stores[i].cross_region != STORE_XR_UNKNOWN)
            continue;
        if (n++ == 0) {
            wb_next_row(sh);
            wb_put_note(sh, w->f.section, "Largest finding: cross-region protection unknown "
                                          "(counted as unprotected until the plan states it)");
            wb_head_cell(sh, 0, "Store");
            for (int s = 0; s < r->n_scenarios; s++) {
                char h[200];
                snprintf(h, sizeof h, "Loses data: %s outages",
                         w->p->scenarios[r->scenarios[s].scenario].name);
                wb_head_cell(sh, (lxw_col_t)(1 + s), h);
            }
            wb_next_row(sh);
        }
        wb_put_text(sh, 0, w->p->stores[i].name, NULL);
        for (int s = 0; s < r->n_scenarios; s++)
            wb_put_num(sh, (lxw_col_t)(1 + s), r->scenarios[s].stores[i].loss_share, w->f.pct);
        wb_next_row(sh);
    }
}

void wb_exceptions_sheet(struct wb *w)
{
    const struct mc_results *r = w->r;
    const struct plan *p = w->p;
    const struct fmts *f = &w->f;
    struct sheet sh;
    struct verdict_summary vs;
    char day[16], note[160];

    if (wb_sheet_open_cols(w, &sh, "Exceptions", (long)EX_SHARES + r->n_scenarios))
        return;
    verdict_summarize(r, &vs);
    wb_put_note(&sh, f->title, "Exceptions register");
    wb_put_notef(&sh, f->note_wrap,
                 "A store left out of the policy RPO (counts_for_rpo: false) is an exception "
                 "someone signed: its reason, who approved it and when it is reviewed. The "
                 "RPO is reported twice: as the policy reads it, with these exceptions, and "
                 "over all data, every store counted. The share of outages in which a store "
                 "loses data counts its loss above zero or no usable recovery point. Review "
                 "dates are judged as of %s; an expired exception fails drsim run --strict.",
                 r->has_as_of ? units_format_date(r->as_of_day, day, sizeof day)
                              : "no date (not judged)");
    wb_put_notef(&sh, f->note_wrap, "%d exception%s; overall verdict: %s%s", vs.n_exceptions,
                 vs.n_exceptions == 1 ? "" : "s", verdict_headline(&vs),
                 verdict_exceptions_note(&vs, note, sizeof note));
    /* The register is the sheet's table, written last: a constant-memory workbook cannot
     * filter rows it has already flushed. */
    ex_objectives(&sh);
    ex_unknown(&sh);
    wb_next_row(&sh);
    wb_put_note(&sh, f->section, vs.n_exceptions == 0
                                     ? "Register: no exceptions, every store counts for the "
                                       "policy RPO"
                                     : "Register");
    sh.head_row = sh.row;
    wb_head_cell(&sh, EX_STORE, "Store");
    wb_head_cell(&sh, EX_REASON, "Reason");
    wb_head_cell(&sh, EX_APPROVED, "Approved by");
    wb_head_cell(&sh, EX_REVIEW, "Review by");
    wb_head_cell(&sh, EX_EXPIRED, "Expired");
    for (int s = 0; s < r->n_scenarios; s++) {
        char h[200];
        snprintf(h, sizeof h, "Loses data: %s outages", p->scenarios[r->scenarios[s].scenario].name);
        wb_head_cell(&sh, (lxw_col_t)(EX_SHARES + s), h);
    }
    wb_next_row(&sh);
    for (int i = 0; i < p->n_stores && wb_ok(w); i++) {
        const struct store_exception *e = &p->stores[i].exception;
        if (!e->present)
            continue;
        int expired = verdict_exception_expired(r, i);
        wb_put_text(&sh, EX_STORE, p->stores[i].name, NULL);
        wb_put_text(&sh, EX_REASON, e->reason, f->wrap);
        wb_put_text(&sh, EX_APPROVED, e->approved_by, NULL);
        wb_put_day(&sh, EX_REVIEW, e->review_by_day);
        wb_put_text(&sh, EX_EXPIRED, expired ? "EXPIRED" : "no",
                    expired ? f->verdict[MC_VERDICT_BREACH] : NULL);
        for (int s = 0; s < r->n_scenarios; s++)
            wb_put_num(&sh, (lxw_col_t)(EX_SHARES + s), r->scenarios[s].stores[i].loss_share,
                       f->pct);
        wb_next_row(&sh);
    }
    wb_sheet_finish(&sh, 1, sh.row - 1, 1);
}
