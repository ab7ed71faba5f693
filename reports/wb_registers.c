/* reports/wb_registers.c: the Registers sheet of the auditor's workbook (reports/wb_int.h).
 *
 * The registers a review board keeps, in one sheet:
 *   - the levers the plan declares (each a plan value and the values it could take, with
 *     their costs) and, after `drsim run --levers`, what the search did (combinations,
 *     simulated, the bound, trials);
 *   - the service exceptions: every business service's objective (from the Services
 *     sheet, "recovery per business service") that does not meet its target in a
 *     scenario, with its owner and the Services cell that shows the verdict;
 *   - corrective actions: the Evidence sheet keeps them (one row each, with the drill
 *     log); this sheet points at it rather than copying them;
 *   - the findings register (the sheet's table, written last so it can be filtered):
 *     each finding of reports/findings.h with its evidence (the Compliance cell for an
 *     objective), the recommendation, the owner ("unassigned" in the breach colour when
 *     the plan names nobody), the decision asked of the board and, where the levers were
 *     searched, the cheapest combination with its cost a year, one-off cost and P(meet).
 * The sheet is written for every run: "no findings" is a statement, not a missing sheet.
 */
#include "reports/wb_int.h"

#include <stdio.h>
#include <string.h>

#include "analysis/levers.h"
#include "reports/findings.h"

enum {
    RG_N = 0, RG_SEV, RG_WHAT, RG_EVIDENCE, RG_REC, RG_OWNER, RG_DECISION, RG_COMBO, RG_ANNUAL,
    RG_ONE_OFF, RG_P, RG_LO, RG_HI, RG_NCOLS
};

static void rg_levers(struct sheet *sh)
{
    const struct wb *w = sh->w;
    const struct plan *p = w->p;
    const struct levers_results *lr = w->r->levers;
    const struct fmts *f = &w->f;
    wb_put_note(sh, f->section, "Levers: changes the organisation could make (plan: levers)");
    if (p->n_levers == 0) {
        wb_put_note(sh, f->note_wrap, "The plan declares no levers, so drsim cannot price a "
                                      "fix: add a levers section (docs/plan-format.md).");
        return;
    }
    if (lr)
        wb_put_notef(sh, f->note_wrap,
                     "Searched (drsim run --levers): %d combinations priced, %d simulated "
                     "cheapest first with %llu trials per scenario, winners confirmed with "
                     "%llu (seed %llu)%s. Cost a year = per year + one-off / %.0f%s.",
                     lr->n_combos, lr->n_evaluated, (unsigned long long)lr->n_trials,
                     (unsigned long long)lr->confirm_trials, (unsigned long long)lr->seed,
                     lr->bound_hit ? "; the bound stopped the search with goals open" : "",
                     LEVERS_AMORTIZE_YEARS,
                     lr->has_model ? " + the cost model's change in storage, transfer and "
                                     "people" : "");
    else
        wb_put_note(sh, f->note_wrap, "Not searched in this run: drsim run --levers finds the "
                                      "cheapest combination that meets each objective.");
    static const char *const head[] = {"Lever", "Plan path", "Owner", "Plan's value",
                                       "Candidate", "One-off (USD)", "Per year (USD)"};
    for (int k = 0; k < 7; k++)
        wb_head_cell(sh, (lxw_col_t)k, head[k]);
    wb_next_row(sh);
    for (int l = 0; l < p->n_levers && wb_ok(sh->w); l++) {
        const struct plan_lever *lv = &p->levers[l];
        for (int k = 0; k < lv->n_candidates; k++) {
            wb_put_text(sh, 0, lv->name, NULL);
            wb_put_text(sh, 1, lv->path, NULL);
            wb_put_text(sh, 2, lv->owner[0] ? lv->owner : "unassigned", NULL);
            wb_put_text(sh, 3, lr ? lr->plan_value[l] : "", NULL);
            wb_put_text(sh, 4, lv->candidates[k].value, NULL);
            wb_put_num(sh, 5, lv->candidates[k].one_off_usd, f->usd);
            wb_put_num(sh, 6, lv->candidates[k].per_year_usd, f->usd);
            wb_next_row(sh);
        }
    }
}

/* Each business service's objective not met in a scenario. */
static void rg_services(struct sheet *sh)
{
    const struct wb *w = sh->w;
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    int n = 0;
    wb_next_row(sh);
    wb_put_note(sh, f->section, "Service exceptions: business services not meeting their "
                                "targets (Services sheet, recovery per business service)");
    if (p->n_services == 0) {
        wb_put_note(sh, f->note_wrap, "The plan has no business services.");
        return;
    }
    static const char *const head[] = {"Service", "Scenario", "Objective", "Target (h)",
                                       "P(meet)", "Verdict", "Owner", "Evidence"};
    for (int s = 0; s < r->n_scenarios; s++) {
        for (int i = 0; i < r->scenarios[s].n_services; i++) {
            for (int o = 0; o < 2; o++) {
                const struct mc_service_result *sv = &r->scenarios[s].services[i];
                const struct mc_objective *ob = o == 0 ? &sv->rto_obj : &sv->rpo_obj;
                char ref[16];
                if (!ob->has_target || ob->verdict == MC_VERDICT_MEETS)
                    continue;
                if (n++ == 0) {
                    for (int k = 0; k < 8; k++)
                        wb_head_cell(sh, (lxw_col_t)k, head[k]);
                    wb_next_row(sh);
                }
                wb_put_text(sh, 0, p->services[i].name, NULL);
                wb_put_text(sh, 1, p->scenarios[r->scenarios[s].scenario].name, NULL);
                wb_put_text(sh, 2, o == 0 ? "RTO" : "RPO", NULL);
                wb_put_hours(sh, 3, ob->target_s);
                wb_put_num(sh, 4, ob->p_met, f->pct);
                wb_put_text(sh, 5, mc_verdict_name(ob->verdict), f->verdict[ob->verdict]);
                wb_put_text(sh, 6, p->services[i].owner && p->services[i].owner[0]
                                       ? p->services[i].owner : "unassigned", NULL);
                wb_put_textf(sh, 7, NULL, "Services!%s",
                             wb_ref(ref, wb_services_row(w, s, i), wb_services_verdict_col(o)));
                wb_next_row(sh);
            }
        }
    }
    if (n == 0)
        wb_put_note(sh, f->note_wrap, "None: every service meets its targets in every scenario.");
}

void wb_registers_sheet(struct wb *w)
{
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    struct sheet sh;
    struct findings fs;

    if (wb_sheet_open_cols(w, &sh, "Registers", RG_NCOLS))
        return;
    if (findings_build(r, &fs) != 0) {
        wb_fail(w, WB_NOMEM, "out of memory building the findings");
        return;
    }
    wb_put_note(&sh, f->title, "Registers: findings, levers, service exceptions");
    wb_put_note(&sh, f->note_wrap,
                "Each finding says what is wrong and where to check it, what to do, who owns "
                "it (from the plan: the owners of the services concerned, else the plan's "
                "owner, else unassigned) and what the board is asked to decide. The same "
                "findings are in the terminal, summary.json (findings) and the review pack's "
                "Decisions page.");
    if (w->ev)
        wb_put_note(&sh, f->note_wrap, "Corrective actions from drills: the Evidence sheet, one "
                                       "row each with owner, due date, status and past-due flag.");
    else
        wb_put_note(&sh, f->note_wrap, "Corrective actions from drills: none in this run (no "
                                       "drill log; drsim run --drills FILE adds them to the "
                                       "Evidence sheet).");
    wb_next_row(&sh);
    rg_levers(&sh);
    rg_services(&sh);
    wb_next_row(&sh);
    wb_put_note(&sh, f->section, fs.n == 0 ? "Findings register: no findings" : "Findings register");
    sh.cap[RG_WHAT] = sh.cap[RG_EVIDENCE] = sh.cap[RG_REC] = sh.cap[RG_DECISION] = 50;
    sh.cap[RG_COMBO] = sh.cap[RG_OWNER] = 30;
    sh.head_row = sh.row;
    static const char *const head[] = {"#", "Severity", "Finding", "Evidence", "Recommendation",
                                       "Owner", "Decision asked of the board",
                                       "Cheapest lever combination", "Cost a year (USD)",
                                       "One-off (USD)", "P(meet)", "95% CI low", "95% CI high"};
    for (int k = 0; k < RG_NCOLS; k++)
        wb_head_cell(&sh, (lxw_col_t)k, head[k]);
    wb_next_row(&sh);
    for (int i = 0; i < fs.n && wb_ok(w); i++) {
        const struct finding *fd = &fs.items[i];
        char ev[FINDING_TEXT + 64], ref[16], combo[512];
        wb_put_num(&sh, RG_N, i + 1, f->count);
        wb_put_text(&sh, RG_SEV, finding_severity_name(fd->severity),
                    fd->severity == FINDING_AT_RISK ? f->verdict[MC_VERDICT_AT_RISK]
                    : fd->severity == FINDING_DECISION ? NULL
                                                       : f->verdict[MC_VERDICT_BREACH]);
        wb_put_text(&sh, RG_WHAT, fd->what, f->wrap);
        if (fd->kind == FINDING_OBJECTIVE)
            snprintf(ev, sizeof ev, "Compliance!%s (verdict). %s",
                     wb_ref(ref, wb_compliance_row(w, fd->scenario, (int)fd->objective),
                            CO_VERDICT), fd->evidence);
        else
            snprintf(ev, sizeof ev, "%s", fd->evidence);
        wb_put_text(&sh, RG_EVIDENCE, ev, f->wrap);
        wb_put_text(&sh, RG_REC, fd->recommendation, f->wrap);
        wb_put_text(&sh, RG_OWNER, fd->owner,
                    fd->owner_assigned ? f->wrap : f->verdict[MC_VERDICT_BREACH]);
        wb_put_text(&sh, RG_DECISION, fd->decision, f->wrap);
        if (fd->goal >= 0 && r->levers) {
            const struct levers_goal *g = &r->levers->goals[fd->goal];
            if (g->combo >= 0) {
                const struct levers_combo *c = &r->levers->combos[g->combo];
                wb_put_text(&sh, RG_COMBO, levers_combo_text(r->levers, g->combo, combo,
                                                             sizeof combo), f->wrap);
                wb_put_num(&sh, RG_ANNUAL, c->annual_usd, f->usd);
                wb_put_num(&sh, RG_ONE_OFF, c->one_off_usd, f->usd);
                wb_put_num(&sh, RG_P, g->met.p_met, f->pct);
                wb_put_num(&sh, RG_LO, g->met.ci_lo, f->pct);
                wb_put_num(&sh, RG_HI, g->met.ci_hi, f->pct);
            } else {
                wb_put_text(&sh, RG_COMBO, r->levers->bound_hit ? "none found within the bound"
                                                                : "none meets it", f->wrap);
            }
        }
        wb_next_row(&sh);
    }
    findings_fini(&fs);
    wb_sheet_finish(&sh, 1, sh.row - 1, 2);
}
