/* reports/wb_summary.c: the Summary sheet of the auditor's workbook (reports/wb_int.h).
 *
 * The first sheet an auditor sees, and the one that opens: the run's metadata as an
 * "item | source | value" table (organization, system, plan and version, the plan file
 * and its SHA-256, the policy, the run date, drsim and libxlsxwriter versions, seed,
 * trials, threads, the outage window, and the command that reproduces the file byte for
 * byte), then the verdict of every (scenario, objective) as formulas that read the
 * Compliance sheet's cells (wb_compliance_row says where they are) and the policy's
 * verdict, a formula counting those verdicts and the Services sheet's, then the
 * annualized figures per scenario as formulas over their inputs (written at the row's
 * right) with how often the plan fails over and how often a failover is abandoned
 * (formulas over the Compliance sheet's outcome rows), and last the RTO and RPO CDF images
 * of every scenario when the caller gives a renderer (wb_options.chart_png). The
 * "Required confidence" cell is the one every verdict formula of the workbook reads
 * (wb_conf_ref): an auditor who edits it sees every verdict recalculate.
 */
#include "reports/wb_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/units.h"
#include "reports/damage.h"
#include "sim/verdict.h"

/* ---- Summary ------------------------------------------------------------------------- */

/* One "item | source | value" row of the Summary's metadata table. The value comes last
 * and does not widen its column: long values (the SHA-256, the command) run on into the
 * empty cells to their right. */
static void meta_row(struct sheet *sh, const char *item, const char *value, const char *source)
{
    wb_put_text(sh, 0, item, sh->w->f.bold);
    wb_put_text(sh, 1, source, sh->w->f.note_wrap);
    wb_put_text_opt(sh, 2, value, NULL, 0);
    wb_next_row(sh);
}

static void meta_num(struct sheet *sh, const char *item, double v, lxw_format *f,
                     const char *source)
{
    wb_put_text(sh, 0, item, sh->w->f.bold);
    wb_put_text(sh, 1, source, sh->w->f.note_wrap);
    wb_put_num(sh, 2, v, f);
    wb_next_row(sh);
}

/* The RTO and RPO CDF images of every scenario, from the caller's renderer. */
static void summary_images(struct wb *w, struct sheet *sh)
{
    static const char *const what[2] = {"RTO", "RPO"};
    const int width_px = 640, height_px = 400;

    for (int s = 0; s < w->r->n_scenarios && wb_ok(w); s++) {
        const struct scenario *sc = &w->p->scenarios[w->r->scenarios[s].scenario];
        wb_put_notef(sh, w->f.section, "%s %s: cumulative distribution of RTO and RPO",
                     sc->name, sc->damage.present ? "(logical damage)" : "outage");
        for (int k = 0; k < 2 && wb_ok(w); k++) {
            unsigned char *png = NULL;
            size_t len = 0;
            char desc[160];
            lxw_image_options io;
            lxw_error e;
            int quiet, sys_errno;
            if (w->n_png >= (int)(sizeof w->png / sizeof w->png[0]) ||
                w->o->chart_png(w->o->chart_png_user, w->r, s, k, width_px, height_px, &png,
                                &len) != 0 || png == NULL)
                continue;
            w->png[w->n_png++] = png;   /* kept until the workbook is closed */
            memset(&io, 0, sizeof io);
            io.x_offset = k * (width_px + 16);
            io.y_offset = 4;
            snprintf(desc, sizeof desc, "%s: cumulative distribution of %s over %llu trials",
                     sc->name, what[k], (unsigned long long)w->r->n_trials);
            io.description = desc;
            /* libxlsxwriter copies the image to a temporary file: it can fail and print. */
            quiet = wb_quiet_begin();
            errno = 0;
            e = worksheet_insert_image_buffer_opt(sh->ws, sh->row, 0, png, len, &io);
            sys_errno = errno;
            wb_quiet_end(quiet);
            wb_check_sheet_io(sh, "chart image", e, sys_errno);
            wb_sheet_drawing(sh, 0, io.x_offset + width_px);
        }
        sh->row += (lxw_row_t)(height_px / 20 + 2);
    }
}

const char *wb_conf_ref(const struct wb *w, char *buf, size_t n)
{
    char cell[32];
    if (w->conf_row == 0) {
        snprintf(buf, n, "%.17g", w->p->confidence);
        return buf;
    }
    lxw_rowcol_to_cell_abs(cell, w->conf_row, 2, 1, 1);
    snprintf(buf, n, "Summary!%s", cell);
    return buf;
}

/* The title, then the run's metadata as an "Item | Source | Value" table. */
static void summary_meta(struct sheet *sh)
{
    static const char *const meta_head[] = {"Item", "Source", "Value"};
    const struct wb *w = sh->w;
    const struct plan *p = w->p;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    char hex[65], buf[2048], a[32], b[32];

    plan_sha256_hex(p, hex);
    wb_put_notef(sh, f->title, "Disaster recovery review: %s", p->name);
    wb_put_notef(sh, f->subtitle, "%s%s%s", p->organization,
                 *p->organization && *p->system ? " - " : "", p->system);
    wb_put_note(sh, f->note,
                "Written by drsim from the plan file and the Monte Carlo run below. Each sheet "
                "says where its figures come from; the Assumptions sheet lists every input as "
                "simulated.");
    wb_next_row(sh);
    sh->head_row = sh->row;
    wb_put_header(sh, meta_head, 3);
    wb_next_row(sh);
    meta_row(sh, "Organization", p->organization, "plan.organization");
    meta_row(sh, "System", p->system, "plan.system");
    meta_row(sh, "Plan", p->name, "plan.name");
    meta_row(sh, "Plan version", p->version, "plan.version");
    meta_row(sh, "Plan owner", p->owner, "plan.owner");
    meta_row(sh, "Plan file", p->path, "the file simulated");
    meta_row(sh, "Plan file SHA-256", hex, "sha256sum of the file");
    wb_policy_text(p, buf, sizeof buf);
    meta_row(sh, "Policy checked", buf, "policy.objectives");
    sh->w->conf_row = sh->row;  /* every verdict's formula reads this cell (wb_conf_ref) */
    meta_num(sh, "Required confidence", p->confidence, f->l_pct,
             "policy.confidence (edit it: every verdict recalculates)");
    meta_row(sh, "RTO measured from", wb_clock_text(p), "policy.rto_clock");
    meta_num(sh, "Run date (UTC)", (double)w->o->date_s / 86400.0 + WB_EXCEL_EPOCH_DAYS,
             f->l_datetime, "SOURCE_DATE_EPOCH, else the clock");
    meta_row(sh, "drsim version", w->o->version, "drsim --version");
    meta_row(sh, "libxlsxwriter version", LXW_VERSION, "the library writing this file");
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->seed);
    meta_row(sh, "Seed", buf, "--seed (same seed, same numbers)");
    meta_num(sh, "Trials per scenario", (double)r->n_trials, f->l_count, "-n");
    meta_num(sh, "Threads", (double)r->threads, f->l_count, "-j (results do not depend on it)");
    snprintf(buf, sizeof buf, "%s plus %s (outage starts drawn uniformly over it)",
             units_format_date(p->calendar.epoch_days +
                                   (long)floor(p->calendar.window_start_s / 86400.0), a, sizeof a),
             wb_fmt_duration(p->calendar.window_s, b, sizeof b));
    meta_row(sh, "Outage window", buf, "calendar.epoch, calendar.window");
    /* The one reproducing command of the run (cli/reproduce.h), the same string as in
     * summary.json, the pack, manifest.json and the terminal. */
    meta_row(sh, "Reproduce this file", w->o->command ? w->o->command : "drsim run",
             "the run that wrote this file and every other output of it");
    wb_next_row(sh);
}

/* A formula giving text, stored with its value, that runs on into the empty cells to its
 * right like a long value (it widens no column). */
static void put_formula_text(struct sheet *sh, lxw_col_t c, const char *formula, const char *v)
{
    if (wb_ok(sh->w))
        wb_check(sh, c, worksheet_write_formula_str(sh->ws, sh->row, c, formula, NULL, v));
}

/* The verdict of every (scenario, objective) as formulas over the Compliance sheet's
 * cells, then the policy's verdict: the worst of them. */
static void summary_verdicts(struct sheet *sh)
{
    static const char *const verdict_head[] = {
        "Scenario", "Objective", "Target (h)", "Achieved at the required confidence (h)",
        "P(meet target)", "Verdict", "Trials"
    };
    const struct wb *w = sh->w;
    const struct mc_results *r = w->r;
    const struct fmts *f = &w->f;
    struct verdict_summary vs;
    verdict_summarize(r, &vs); /* scenarios' and services' objectives, as --strict judges */
    enum mc_verdict worst = vs.worst;
    char fm[WB_FORMULA], a[32];
    lxw_row_t v0;

    wb_put_note(sh, f->section, "Verdicts (from the Compliance sheet)");
    wb_put_header(sh, verdict_head, 7);
    wb_next_row(sh);
    v0 = sh->row;
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &w->p->scenarios[sr->scenario];
        const struct mc_objective *o[2] = {&sr->rto_obj, &sr->rpo_obj};
        for (int k = 0; k < 2; k++) {
            lxw_row_t cr = wb_compliance_row(w, s, k);
            wb_put_text(sh, 0, sc->name, NULL);
            wb_put_text(sh, 1, k == 0 ? "RTO" : "RPO", NULL);
            if (o[k]->has_target) {
                snprintf(fm, sizeof fm, "=Compliance!%s", wb_ref(a, cr, CO_TARGET));
                wb_put_formula_num(sh, 2, fm, o[k]->target_s / 3600.0, f->hours);
                snprintf(fm, sizeof fm, "=Compliance!%s", wb_ref(a, cr, CO_AT));
                wb_put_formula_num(sh, 3, fm, o[k]->value_at_confidence_s / 3600.0, f->hours);
                snprintf(fm, sizeof fm, "=Compliance!%s", wb_ref(a, cr, CO_P));
                wb_put_formula_num(sh, 4, fm, o[k]->p_met, f->pct);
                snprintf(fm, sizeof fm, "=Compliance!%s", wb_ref(a, cr, CO_VERDICT));
                wb_put_formula_str(sh, 5, fm, wb_verdict_text(o[k]), f->verdict[o[k]->verdict]);
            } else {
                wb_put_text(sh, 2, "none", NULL);
                wb_put_text(sh, 5, "n/a", NULL);
            }
            wb_put_num(sh, 6, (double)sr->n_trials, f->count);
            wb_next_row(sh);
        }
    }
    wb_cf_verdicts(sh, v0, sh->row - 1, 5);
    wb_put_text(sh, 0, "Policy verdict", f->bold);
    if (worst == MC_VERDICT_NONE) {
        wb_put_text(sh, 1, "n/a", f->verdict[worst]);
        wb_put_text_opt(sh, 2, "the plan states no objective", NULL, 0);
    } else {
        /* The worst of the verdicts above and of the services' (Services sheet), as
         * formulas counting them: a changed confidence changes these too. */
        char sb[64], sa[64], vb[160], va[160], r0[16], r1[16], fm2[2 * WB_FORMULA];
        const char *dec = "\"decided by a business service's objective (BIA sheet); the "
                          "scenarios' objectives above do better\"";
        wb_ref(r0, v0, 5);
        wb_ref(r1, sh->row - 1, 5);
        snprintf(sb, sizeof sb, "COUNTIF(%s:%s,\"breach\")", r0, r1);
        snprintf(sa, sizeof sa, "COUNTIF(%s:%s,\"at risk\")", r0, r1);
        wb_services_count(w, "breach", vb, sizeof vb);
        wb_services_count(w, "at risk", va, sizeof va);
        snprintf(fm, sizeof fm, "=IF(%s+%s>0,\"BREACHED\",IF(%s+%s>0,\"at risk\",\"met\"))", sb,
                 vb, sa, va);
        wb_put_formula_str(sh, 1, fm, worst == MC_VERDICT_MEETS ? "met"
                           : worst == MC_VERDICT_AT_RISK ? "at risk" : "BREACHED",
                           f->verdict[worst]);
        snprintf(fm2, sizeof fm2, "=IF(%s+%s>0,IF(%s=0,%s,\"at least one objective is in "
                 "breach\"),IF(%s+%s>0,IF(%s=0,%s,\"no breach, but an objective is met only "
                 "by its estimate\"),\"every objective meets its target\"))", sb, vb, sb, dec,
                 sa, va, sa, dec);
        put_formula_text(sh, 2, fm2, worst == MC_VERDICT_MEETS ? "every objective meets its target"
                           : vs.worst_services > vs.worst_scenarios
                               ? "decided by a business service's objective (BIA sheet); the "
                                 "scenarios' objectives above do better"
                           : worst == MC_VERDICT_AT_RISK
                               ? "no breach, but an objective is met only by its estimate"
                               : "at least one objective is in breach");
    }
    if (vs.exceptions_decide || vs.n_expired > 0) {
        /* sim/verdict.h: "meets with N exceptions" where they make the difference. */
        char note[160];
        wb_next_row(sh);
        wb_put_text(sh, 0, "Exceptions", f->bold);
        wb_put_textf(sh, 1, f->verdict[vs.exceptions_decide ? vs.worst_all_data : worst],
                     "%s with %d exception%s", worst == MC_VERDICT_MEETS ? "met"
                     : worst == MC_VERDICT_AT_RISK ? "at risk" : "BREACHED", vs.n_exceptions,
                     vs.n_exceptions == 1 ? "" : "s");
        wb_put_text_opt(sh, 2, verdict_exceptions_note(&vs, note, sizeof note) + 1, NULL, 0);
    }
    wb_next_row(sh);
    wb_next_row(sh);
}

/* The annualized figures and shares of trials, a row per scenario. The mean data loss
 * is over the outages that keep a usable recovery point (a finite loss); the outages that
 * lose their data (a store counting for RPO with no usable point: an infinite RPO) stand
 * beside it as their own figure, a share and a number a year, so that a plan losing its
 * data in most outages never reads as "0 h of data loss a year". */
static void summary_per_scenario(struct sheet *sh)
{
    static const char *const scen_head[] = {
        "Scenario", "Destroys", "Outages per year", "Downtime per year (h)",
        "Data loss per year, outages keeping a recovery point (h)",
        "Outages losing their data (no usable recovery point)",
        "Outages losing their data, per year", "P(a breach in a year)",
        "Fails over (share of outages)", "Failovers abandoned (share of outages)",
        "Median-RTO trial", "RTO measured from", "Finding", "Mean downtime per outage (h)",
        "Mean data loss, outages keeping a recovery point (h)", "Share of outages in breach"
    };
    const struct mc_results *r = sh->w->r;
    const struct fmts *f = &sh->w->f;
    char fm[WB_FORMULA], a[16];

    wb_put_note(sh, f->section, "Per scenario");
    wb_put_note(sh, f->note,
                "Per year: the plan's outage frequency times the mean downtime, and times the "
                "mean data loss of the outages that keep a usable recovery point. Outages losing "
                "their data: the share of trials in which a store counting for RPO had no usable "
                "recovery point (its data is lost, not delayed; the mean data loss leaves these "
                "out), and the outage frequency times that share. P(a breach in a year) = 1 - "
                "exp(-outages per year x share of trials in breach). Fails over: the share of "
                "trials in which the failover restored service; in the others the outage ended "
                "before the failover passed its point of no return and service came back on "
                "the primary (recovered in place; the Compliance sheet gives the objectives per "
                "outcome). Failovers abandoned: recovered in place after the failover had "
                "begun. Both are formulas over the Compliance sheet. Median-RTO trial: replay "
                "it with drsim trace --scenario NAME --trial K. RTO measured from: the "
                "scenario's RTO clock (a logical-damage scenario's default is the detection "
                "of the damage; its figures are on the Logical damage sheet). Finding: a "
                "logical-damage scenario the BCP sets no objective for has no verdict. The "
                "annual figures and the share of outages losing their data are formulas over "
                "the outages per year, the inputs in the last three columns (the means over "
                "the scenario's trials, and the share of trials with RTO or RPO above its "
                "target) and the Compliance sheet's RPO row.");
    wb_put_header(sh, scen_head, 16);
    wb_next_row(sh);
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &sh->w->p->scenarios[sr->scenario];
        wb_put_text(sh, 0, sc->name, NULL);
        char d[64], fnd[512];
        wb_put_text(sh, 1, damage_destroys_text(sc, d, sizeof d), NULL);
        /* Each annual figure is a formula over the outages a year (column C), the
         * inputs at the right of the row and the Compliance sheet's RPO row. */
        char cC[16], cM[16], cL[16], cB[16], cF[16], i1[16], i2[16];
        lxw_row_t rpo_row = wb_compliance_row(sh->w, s, 1);
        wb_ref(cC, sh->row, 2);
        wb_ref(cM, sh->row, 13);
        wb_ref(cL, sh->row, 14);
        wb_ref(cB, sh->row, 15);
        wb_ref(cF, sh->row, 5);
        wb_put_num(sh, 2, sc->per_year, f->num);
        snprintf(fm, sizeof fm, "=IF(%s>0,%s*%s,0)", cC, cC, cM);
        wb_put_formula_num(sh, 3, fm, sr->downtime_per_year_s / 3600.0, f->hours);
        snprintf(fm, sizeof fm, "=%s*%s", cC, cL);
        wb_put_formula_num(sh, 4, fm, sr->data_loss_per_year_s / 3600.0, f->hours);
        snprintf(fm, sizeof fm, "=Compliance!%s/Compliance!%s", wb_ref(i1, rpo_row, CO_INF),
                 wb_ref(i2, rpo_row, CO_N));
        wb_put_formula_num(sh, 5, fm, sr->unrecoverable_share, f->pct);
        snprintf(fm, sizeof fm, "=%s*%s", cC, cF);
        wb_put_formula_num(sh, 6, fm, sr->unrecoverable_per_year, f->num);
        if (sc->has_policy) {
            snprintf(fm, sizeof fm, "=1-EXP(-%s*%s)", cC, cB);
            wb_put_formula_num(sh, 7, fm, sr->p_breach_year, f->pct);
        } else {
            wb_put_num(sh, 7, sr->p_breach_year, f->pct);
        }
        wb_put_hours(sh, 13, sr->rto.mean_s);
        wb_put_hours(sh, 14, sr->rpo.mean_finite_s);
        wb_put_num(sh, 15, sr->n_trials ? (double)sr->n_breach / (double)sr->n_trials : 0.0,
                   f->pct);
        snprintf(fm, sizeof fm, "=Compliance!%s",
                 wb_ref(a, wb_compliance_row_of(sh->w, s, 0, CO_ROW_FAILED_OVER), CO_SHARE));
        wb_put_formula_num(sh, 8, fm, sr->outcomes[MC_OUTCOME_FAILED_OVER].share, f->pct);
        snprintf(fm, sizeof fm, "=Compliance!%s",
                 wb_ref(a, wb_compliance_row_of(sh->w, s, 0, CO_ROW_IN_PLACE),
                        CO_ABANDONED_SHARE));
        wb_put_formula_num(sh, 9, fm,
                           sr->n_trials ? (double)sr->n_abandoned / (double)sr->n_trials : 0.0,
                           f->pct);
        wb_put_num(sh, 10, (double)sr->median_rto_trial, f->num);
        wb_put_text(sh, 11, damage_rto_clock_name(sc), NULL);
        if (damage_no_objective_finding(sc, fnd, sizeof fnd))
            wb_put_text(sh, 12, fnd, f->wrap);
        wb_next_row(sh);
    }
    wb_next_row(sh);
}

void wb_summary_sheet(struct wb *w)
{
    struct sheet sh;

    if (wb_sheet_open(w, &sh, "Summary"))
        return;
    sh.cap[0] = 30;
    sh.cap[1] = 36;
    summary_meta(&sh);
    summary_verdicts(&sh);
    summary_per_scenario(&sh);
    if (w->o->chart_png)
        summary_images(w, &sh);
    wb_sheet_finish(&sh, 0, 0, 0);
    worksheet_activate(sh.ws);
}
