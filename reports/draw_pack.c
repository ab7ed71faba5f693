/* reports/draw_pack.c: the review pack, a PDF for a BCP review meeting.
 *
 * 16:9 landscape pages of PAGE_W x PAGE_H points, meant to be projected: a cover with
 * the plan, the run (seed, trials, date, version, the command that reproduces it) and
 * a verdict table of scenarios by objective; the exceptions register when the plan has
 * exceptions or stores of unknown protection; the business services when the plan has
 * services (draw_pack_services.c); then three pages per scenario (findings next to the
 * two CDFs; the typical trial's timeline next to the critical path; data loss per store
 * next to the two histograms), a fourth with the capacity chart when the scenario has a
 * capacity model, the logical-damage page for a damage scenario (draw_pack_damage.c), the
 * decision page when it has a decision curve; then the main assumptions
 * (draw_assume.c). Every page has a footer naming the plan's hash, the seed and the
 * trials, so a page printed on its own still says where it comes from; the PDF carries
 * an outline (bookmarks) by scenario.
 *
 * The findings are sentences computed from the results, the same figures the terminal
 * and the workbook show: each objective against its target, how often the plan fails
 * over and how often it recovers in place (the outage ended before the failover passed
 * its point of no return; abandoned failovers among them), what dominates the critical
 * path, the longest wait for people, stores without a usable recovery point, and the
 * yearly figures, where data lost for good (no usable recovery point) is its own figure
 * next to the finite expected loss. Below the outcome finding, when trials ended both
 * ways, a small table gives the objectives per outcome side by side with all outages:
 * trials, share, P(meet) tinted by its verdict, and the value at the required confidence.
 */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/units.h"
#include "reports/damage.h"
#include "reports/draw_int.h"
#include "sim/verdict.h"

/* ---- findings ----------------------------------------------------------------------- */

#define MAX_FINDINGS 10
#define FINDING_LEN 768

/* "RPO met in 59.5% of outages (95% CI 59.2–59.8%); the required 95% is not reached:
 * at P95 the data loss is 1d21h against 1d." */
static void objective_finding(char *buf, size_t n, const char *what, const char *quantity,
                              const struct mc_objective *ob, const struct mc_percentiles *pc,
                              double conf)
{
    char pl[16], t[32], v[32], m[32], at[160];
    draw_pct_label(conf, pl, sizeof pl);
    if (!ob->has_target) {
        snprintf(buf, n, "%s: no target in the policy; P50 %s, P95 %s.", what,
                 draw_dur(pc->p50_s, t, sizeof t), draw_dur(pc->p95_s, v, sizeof v));
        return;
    }
    double vac = ob->value_at_confidence_s;
    if (isfinite(vac))
        snprintf(at, sizeof at, "at %s the %s is %s against %s", pl, quantity,
                 draw_dur_vs(vac, ob->target_s, v, sizeof v), draw_dur(ob->target_s, t, sizeof t));
    else
        snprintf(at, sizeof at, "at %s there is no usable recovery point (the %s is unbounded)", pl,
                 quantity);
    int len = snprintf(buf, n, "%s met in %.1f%% of outages (95%% CI %.1f" EN_DASH "%.1f%%)", what,
                       100.0 * ob->p_met, 100.0 * ob->ci_lo, 100.0 * ob->ci_hi);
    if (len < 0 || (size_t)len >= n)
        return;
    switch (ob->verdict) {
    case MC_VERDICT_MEETS:
        snprintf(buf + len, n - (size_t)len, ": meets the required %.4g%%; %s (margin %s).",
                 100.0 * conf, at, draw_dur(ob->margin_s, m, sizeof m));
        break;
    case MC_VERDICT_AT_RISK:
        snprintf(buf + len, n - (size_t)len,
                 ": at risk: the estimate reaches the required %.4g%% but the lower bound of its"
                 " interval does not; %s.",
                 100.0 * conf, at);
        break;
    default:
        snprintf(buf + len, n - (size_t)len, "; the required %.4g%% is not reached: %s.",
                 100.0 * conf, at);
        break;
    }
}

/* "Per year (2 outages): expected downtime 5h10m, expected data loss 1h02m where a
 * recovery point was usable; unrecoverable data loss (no usable recovery point) in 3.1%
 * of outages, 0.062 a year; probability of at least one breach 9.52%." The finite mean
 * of the data lost leaves out the outages in which a store counting for RPO had no
 * usable point: their share is its own figure, never folded into the mean (a mean of
 * 0s would read as "no loss"). */
static void per_year_finding(char *buf, size_t n, const struct scenario *sc,
                             const struct mc_scenario_result *sr)
{
    char b0[32], b1[32];
    int len =
        snprintf(buf, n, "Per year (%.3g outage%s): expected downtime %s, ", sc->per_year,
                 sc->per_year == 1 ? "" : "s", draw_dur(sr->downtime_per_year_s, b0, sizeof b0));
    if (len < 0 || (size_t)len >= n)
        return;
    if (sr->unrecoverable_share > 0)
        len += snprintf(buf + len, n - (size_t)len,
                        "expected data loss %s where a recovery point was usable; "
                        "unrecoverable data loss (no usable recovery point) in %.3g%% of "
                        "outages, %.3g a year",
                        draw_dur(sr->data_loss_per_year_s, b1, sizeof b1),
                        100.0 * sr->unrecoverable_share, sr->unrecoverable_per_year);
    else
        len += snprintf(buf + len, n - (size_t)len,
                        "expected data loss %s; no unrecoverable data loss",
                        draw_dur(sr->data_loss_per_year_s, b1, sizeof b1));
    if (len < 0 || (size_t)len >= n)
        return;
    if (sc->has_policy)
        snprintf(buf + len, n - (size_t)len, "; probability of at least one breach %.2f%%.",
                 100.0 * sr->p_breach_year);
    else
        snprintf(buf + len, n - (size_t)len, ".");
}

/* What "before the point of no return" means for scenario sc, for the findings: "its
 * point of no return (cutover)", or "service was restored" when it names none. */
static void ponr_text(const struct scenario *sc, char *buf, size_t n)
{
    if (sc->ponr_step >= 0)
        snprintf(buf, n, "the failover passed its point of no return (%s)",
                 sc->steps[sc->ponr_step].name);
    else
        snprintf(buf, n, "the failover restored service (the plan names no point of no return)");
}

/* How often the plan fails over, how often it recovers in place and why, and how often
 * a failover that had begun was abandoned: "Fails over in 51.5% of outages. Recovered in
 * place in 48.5%: the outage ended before the failover passed its point of no return
 * (remove-zone) and service came back on the primary, with no data lost; the failover
 * had begun and was abandoned in 48.5% of outages." */
static void outcome_finding(char *buf, size_t n, const struct scenario *sc,
                            const struct mc_scenario_result *sr)
{
    const struct mc_outcome *over = &sr->outcomes[MC_OUTCOME_FAILED_OVER];
    const struct mc_outcome *in = &sr->outcomes[MC_OUTCOME_IN_PLACE];
    char before[160];
    if (sc->damage.present && sc->scope == OUTAGE_NONE) {
        snprintf(buf, n, "Nothing fails over: the infrastructure stays up and the runbook "
                 "restores the damaged stores from their clean points (the logical-damage "
                 "page gives them).");
        return;
    }
    ponr_text(sc, before, sizeof before);
    if (in->n == 0) {
        if (sc->on_outage_end == OUTAGE_END_CONTINUE)
            snprintf(buf, n, "Fails over in every outage: the failover runs to the end even "
                     "when the outage ends.");
        else
            snprintf(buf, n, "Fails over in every outage: none ended before %s.", before);
        return;
    }
    int len;
    if (over->n == 0)
        len = snprintf(buf, n, "Never fails over: every outage ended before %s "
                       "and service came back on the primary, with no data lost", before);
    else
        len = snprintf(buf, n, "Fails over in %.1f%% of outages. Recovered in place in %.1f%%: "
                       "the outage ended before %s and service came back on the primary, "
                       "with no data lost", 100.0 * over->share, 100.0 * in->share, before);
    if (len < 0 || (size_t)len >= n)
        return;
    if (sr->n_abandoned == 0)
        snprintf(buf + len, n - (size_t)len, "; no failover was abandoned.");
    else if (sr->n_abandoned == in->n)
        snprintf(buf + len, n - (size_t)len,
                 "; in each of these the failover had begun and was abandoned.");
    else
        snprintf(buf + len, n - (size_t)len,
                 "; the failover had begun and was abandoned in %.1f%% of outages.",
                 100.0 * draw_share(sr->n_abandoned, sr->n_trials));
}

/* The findings of scenario s, computed from the results; returns how many, and in
 * *outcome_at the index of the outcome finding (the table of outcomes goes below it). */
static int scenario_findings(const struct mc_results *r, int s, char out[][FINDING_LEN],
                             int *outcome_at)
{
    const struct plan *p = r->plan;
    const struct mc_scenario_result *sr = &r->scenarios[s];
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char b[4][32];
    int k = 0;

    objective_finding(out[k++], FINDING_LEN, "RTO", "downtime", &sr->rto_obj, &sr->rto,
                      p->confidence);
    objective_finding(out[k++], FINDING_LEN, "RPO", "data loss", &sr->rpo_obj, &sr->rpo,
                      p->confidence);
    if (plan_n_exceptions(p) > 0) {
        /* The policy RPO leaves the excepted stores out: the same over all data. */
        char what[64];
        snprintf(what, sizeof what, "Over all data (%d exception%s counted), the RPO",
                 plan_n_exceptions(p), plan_n_exceptions(p) == 1 ? "" : "s");
        objective_finding(out[k++], FINDING_LEN, what, "data loss", &sr->rpo_all_obj,
                          &sr->rpo_all, p->confidence);
    }
    *outcome_at = k;
    outcome_finding(out[k++], FINDING_LEN, sc, sr);

    /* What dominates the critical path: the largest expected contributions. */
    int order[PLAN_MAX_STEPS], n = 0;
    for (int i = 0; i < sr->n_steps; i++)
        if (sr->steps[i].n_on_path > 0)
            order[n++] = i;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            const struct mc_step_result *x = &sr->steps[order[j]], *y = &sr->steps[order[j - 1]];
            if (x->path_share * x->mean_contribution_s <= y->path_share * y->mean_contribution_s)
                break;
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    if (n > 0) {
        int len = snprintf(out[k], FINDING_LEN, "Most time on the critical path goes to");
        for (int i = 0; i < n && i < 3 && len < FINDING_LEN; i++) {
            const struct mc_step_result *st = &sr->steps[order[i]];
            len += snprintf(out[k] + len, FINDING_LEN - (size_t)len,
                            "%s %s (%s when on it, in %.0f%% of outages)",
                            i == 0                         ? ":"
                            : i == 2 || (i == 1 && n == 2) ? " and"
                                                           : ",",
                            sc->steps[order[i]].name,
                            draw_dur(st->mean_contribution_s, b[0], sizeof b[0]),
                            100.0 * st->path_share);
        }
        if (len < FINDING_LEN)
            snprintf(out[k] + len, FINDING_LEN - (size_t)len, ".");
        k++;
    }
    /* Waiting for the go after the decision: an item of the path of its own. */
    if (sr->n_go_wait_on_path > 0 && sc->decision_step >= 0)
        snprintf(out[k++], FINDING_LEN,
                 "Waiting for the go after %s (the activation rule) is on the critical path in "
                 "%.0f%% of outages, %s on average.",
                 sc->steps[sc->decision_step].name,
                 100.0 * draw_share(sr->n_go_wait_on_path, sr->n_trials),
                 draw_dur(sr->mean_go_wait_s, b[0], sizeof b[0]));

    /* Waiting for people. */
    int wmax = -1;
    for (int i = 0; i < sr->n_steps; i++)
        if (sr->steps[i].n_ran > 0 &&
            (wmax < 0 || sr->steps[i].mean_staff_wait_s > sr->steps[wmax].mean_staff_wait_s))
            wmax = i;
    if (wmax >= 0 && sr->steps[wmax].mean_staff_wait_s >= 60)
        snprintf(out[k++], FINDING_LEN, "The longest wait for people is before %s: %s on average.",
                 sc->steps[wmax].name,
                 draw_dur(sr->steps[wmax].mean_staff_wait_s, b[0], sizeof b[0]));

    /* Stores without a usable recovery point: those counted for RPO first, then the
     * others, each with the share of outages in which it had none. */
    int len = 0, lost[2] = {0, 0};
    for (int pass = 0; pass < 2; pass++) {
        int shown = 0;
        for (int i = 0; i < sr->n_stores; i++) {
            const struct mc_store_result *so = &sr->stores[i];
            if (so->n_no_point == 0 || p->stores[i].counts_for_rpo != (pass == 0))
                continue;
            lost[pass]++;
            if (shown >= 8 || len >= FINDING_LEN)
                continue;
            const char *lead = pass == 0 ? "No usable recovery point for a store counted for RPO:"
                               : lost[0] ? " Excepted from the policy RPO, also without one:"
                                         : "Without a usable recovery point (excepted from the "
                                           "policy RPO):";
            len += snprintf(out[k] + len, FINDING_LEN - (size_t)len, "%s %s %.1f%%",
                            shown == 0 ? lead : ",", p->stores[i].name,
                            100.0 * draw_share(so->n_no_point, sr->n_trials));
            shown++;
        }
        if (lost[pass] > shown && len < FINDING_LEN)
            len += snprintf(out[k] + len, FINDING_LEN - (size_t)len, " and %d more",
                            lost[pass] - shown);
        if (lost[pass] > 0 && len < FINDING_LEN)
            len += snprintf(out[k] + len, FINDING_LEN - (size_t)len, " of outages.");
    }
    if (lost[0] + lost[1] == 0)
        snprintf(out[k], FINDING_LEN,
                 "Every store had a usable recovery point in every outage that needed one.");
    k++;

    per_year_finding(out[k++], FINDING_LEN, sc, sr);
    return k;
}

/* ---- the objectives per outcome ----------------------------------------------------- */

/* The table of outcomes at (x, y), w wide: a row each for all outages, the failovers and
 * the recoveries in place, with trials, share, and per objective P(meet target) on a tint
 * of its verdict's colour and the value at the required confidence; a caption below.
 * Draws only when `draw`; returns the y below. */
static double outcome_table(cairo_t *cr, const struct mc_scenario_result *sr, double conf,
                            double x, double y, double w, int draw)
{
    static const double frac[7] = {0.27, 0.11, 0.12, 0.12, 0.13, 0.12, 0.13};
    const struct mc_outcome *over = &sr->outcomes[MC_OUTCOME_FAILED_OVER];
    const struct mc_outcome *in = &sr->outcomes[MC_OUTCOME_IN_PLACE];
    const char *label[3] = {"all outages", "failed over", "recovered in place"};
    const uint64_t n[3] = {sr->n_trials, over->n, in->n};
    const double share[3] = {1.0, over->share, in->share};
    const struct mc_objective *obj[3][2] = {{&sr->rto_obj, &sr->rpo_obj},
                                            {&over->rto_obj, &over->rpo_obj},
                                            {&in->rto_obj, &in->rpo_obj}};
    char pl[16], head[7][32], cellv[7][48];
    const double rh = 13.0, fs = 8.5;
    double cx[8];
    cx[0] = x;
    for (int c = 0; c < 7; c++)
        cx[c + 1] = cx[c] + frac[c] * w;
    draw_pct_label(conf, pl, sizeof pl);
    snprintf(head[0], sizeof head[0], "outcome");
    snprintf(head[1], sizeof head[1], "trials");
    snprintf(head[2], sizeof head[2], "share");
    snprintf(head[3], sizeof head[3], "met");
    snprintf(head[4], sizeof head[4], "at %s", pl);
    snprintf(head[5], sizeof head[5], "met");
    snprintf(head[6], sizeof head[6], "at %s", pl);
    if (draw) {
        draw_font(cr, fs - 0.5, F_BOLD);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, (cx[3] + cx[5]) / 2, y + rh / 2, 0.5, 0.5, cx[5] - cx[3], "RTO (downtime)");
        draw_fit_at(cr, (cx[5] + cx[7]) / 2, y + rh / 2, 0.5, 0.5, cx[7] - cx[5],
                    "RPO (data loss)");
        draw_hline(cr, cx[3] + 4, cx[5] - 4, y + rh - 1, C_GRID, 0.8, 0);
        draw_hline(cr, cx[5] + 4, cx[7] - 4, y + rh - 1, C_GRID, 0.8, 0);
    }
    y += rh;
    if (draw) {
        draw_font(cr, fs - 0.5, F_BOLD);
        draw_set_col(cr, C_MUTED);
        for (int c = 0; c < 7; c++)
            draw_fit_at(cr, c == 0 ? cx[c] : cx[c + 1] - 3, y + rh / 2, c == 0 ? 0 : 1, 0.5,
                        frac[c] * w - 4, head[c]);
        draw_hline(cr, x, x + w, y + rh, C_GRID, 0.8, 0);
    }
    y += rh + 1;
    for (int i = 0; i < 3; i++) {
        snprintf(cellv[0], sizeof cellv[0], "%s", label[i]);
        snprintf(cellv[1], sizeof cellv[1], "%llu", (unsigned long long)n[i]);
        snprintf(cellv[2], sizeof cellv[2], "%.1f%%", 100.0 * share[i]);
        for (int k = 0; k < 2; k++) {
            const struct mc_objective *o = obj[i][k];
            if (o->has_target) {
                snprintf(cellv[3 + 2 * k], sizeof cellv[0], "%.1f%%", 100.0 * o->p_met);
                draw_dur_vs(o->value_at_confidence_s, o->target_s, cellv[4 + 2 * k],
                            sizeof cellv[0]);
            } else {
                snprintf(cellv[3 + 2 * k], sizeof cellv[0], "no target");
                snprintf(cellv[4 + 2 * k], sizeof cellv[0], "-");
            }
        }
        if (draw) {
            if (i == 0) {
                cairo_rectangle(cr, x, y, w, rh);
                draw_set_col(cr, C_BAND);
                cairo_fill(cr);
            }
            for (int k = 0; k < 2; k++)
                if (obj[i][k]->has_target) {
                    cairo_rectangle(cr, cx[3 + 2 * k] + 2, y + 1.5, cx[4 + 2 * k] - cx[3 + 2 * k] - 2,
                                    rh - 3);
                    draw_set_cola(cr, draw_verdict_colour(obj[i][k]->verdict), 0.35);
                    cairo_fill(cr);
                }
            for (int c = 0; c < 7; c++) {
                draw_font(cr, fs, i == 0 && c == 0 ? F_BOLD : F_NORMAL);
                draw_set_col(cr, C_INK);
                draw_fit_at(cr, c == 0 ? cx[c] + 2 : cx[c + 1] - 3, y + rh / 2, c == 0 ? 0 : 1,
                            0.5, frac[c] * w - 4, cellv[c]);
            }
        }
        y += rh;
    }
    if (draw)
        draw_hline(cr, x, x + w, y, C_GRID, 0.8, 0);
    y += 3;
    char cap[256];
    snprintf(cap, sizeof cap,
             "met: P(meet target) over the row's trials, tinted by its verdict at the required "
             "%.4g%%; %s: the value %.4g%% of them do not exceed.",
             100.0 * conf, pl, 100.0 * conf);
    draw_font(cr, 7.5, F_ITALIC);
    draw_set_col(cr, C_MUTED);
    return draw_para(cr, x, y, w, 9.5, INFINITY, cap, draw);
}

/* ---- review pack ------------------------------------------------------------------------- */

void draw_page_end(cairo_t *cr, struct pack *pk)
{
    const struct plan *p = pk->r->plan;
    char hex[65], foot[512], num[16];
    plan_sha256_hex(p, hex);
    snprintf(foot, sizeof foot,
             "drsim %s" MIDDOT "%s" MIDDOT "plan sha256 %.12s" MIDDOT "seed %llu" MIDDOT
             "%llu trial%s per scenario" MIDDOT "run %s",
             pk->meta && pk->meta->version ? pk->meta->version : "", p->name ? p->name : "", hex,
             (unsigned long long)pk->r->seed, (unsigned long long)pk->r->n_trials,
             pk->r->n_trials == 1 ? "" : "s", pk->date);
    draw_hline(cr, MARGIN, PAGE_W - MARGIN, FOOT_Y - 8, C_GRID, 0.8, 0);
    draw_font(cr, 8, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    snprintf(num, sizeof num, "%d", pk->page + 1);
    double nw = draw_text_w(cr, num);
    draw_text_at(cr, PAGE_W - MARGIN, FOOT_Y, 1, 0.5, num);
    /* A plan no approval names is marked DRAFT, with the reason, on every page. */
    char why[256], mark[320];
    double x0 = MARGIN;
    if (plan_draft_reason(p, why, sizeof why)) {
        snprintf(mark, sizeof mark, "DRAFT (%s)", why);
        draw_font(cr, 8, F_BOLD);
        draw_set_col(cr, C_BREACH);
        x0 += draw_text_at(cr, MARGIN, FOOT_Y, 0, 0.5, mark) + 10;
        draw_font(cr, 8, F_NORMAL);
        draw_set_col(cr, C_MUTED);
    }
    draw_fit_at(cr, x0, FOOT_Y, 0, 0.5, PAGE_W - MARGIN - x0 - nw - 20, foot);
    cairo_show_page(cr);
    pk->page++;
}

int draw_outline(struct pack *pk, int parent, const char *text)
{
    char link[32];
    snprintf(link, sizeof link, "page=%d", pk->page + 1);
    return cairo_pdf_surface_add_outline(pk->surf, parent, text, link, 0);
}

double draw_page_header(cairo_t *cr, const char *title, const char *sub, double right_reserve)
{
    draw_paint_white(cr, PAGE_W, PAGE_H);
    draw_font(cr, 17, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_fit_at(cr, MARGIN, 22, 0, 0, PAGE_W - 2 * MARGIN - right_reserve, title);
    double y = 22 + draw_line_box(cr);
    if (sub && *sub) {
        draw_font(cr, 10, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, MARGIN, y + 1, 0, 0, PAGE_W - 2 * MARGIN - right_reserve, sub);
        y += draw_line_box(cr) + 1;
    }
    draw_hline(cr, MARGIN, PAGE_W - MARGIN, y + 5, C_GRID, 0.8, 0);
    return y + 12;
}

static void date_text(long long t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, n, "%Y-%m-%d %H:%M UTC", &tm) == 0)
        snprintf(buf, n, "%lld", t);
}

static void cover_field(cairo_t *cr, double x, double y, double w, const char *key, const char *val,
                        double vsize)
{
    draw_font(cr, 9, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    draw_text_at(cr, x, y, 0, 0, key);
    draw_font(cr, vsize, F_NORMAL);
    draw_set_col(cr, C_INK);
    draw_fit_at(cr, x + 100, y - (vsize - 9) * 0.8, 0, 0, w - 100, val && *val ? val : "-");
}

/* One verdict cell of the cover's table. */
static void verdict_cell(cairo_t *cr, double x, double y, double w, double h,
                         const struct mc_objective *ob, double conf, const char *none)
{
    char line[160], pl[16], a[32], t[32];
    cairo_rectangle(cr, x + 2, y + 2, w - 4, h - 4);
    draw_set_col(cr, draw_verdict_colour(ob->verdict));
    cairo_fill(cr);
    draw_set_col(cr, C_INK);
    if (!ob->has_target) {
        draw_font(cr, 11, F_ITALIC);
        draw_fit_at(cr, x + 10, y + h / 2, 0, 0.5, w - 20, none);
        return;
    }
    draw_font(cr, 13, F_BOLD);
    draw_text_at(cr, x + 10, y + h * 0.3, 0, 0.5, mc_verdict_name(ob->verdict));
    snprintf(line, sizeof line, "%s %s vs target %s" MIDDOT "met in %.1f%%",
             draw_pct_label(conf, pl, sizeof pl),
             draw_dur_vs(ob->value_at_confidence_s, ob->target_s, a, sizeof a),
             draw_dur(ob->target_s, t, sizeof t), 100.0 * ob->p_met);
    draw_font(cr, 9.5, F_NORMAL);
    draw_fit_at(cr, x + 10, y + h * 0.7, 0, 0.5, w - 20, line);
}

static void pack_cover(cairo_t *cr, struct pack *pk)
{
    const struct mc_results *r = pk->r;
    const struct plan *p = r->plan;
    char buf[512], hex[65];
    draw_paint_white(cr, PAGE_W, PAGE_H);
    cairo_rectangle(cr, 0, 0, PAGE_W, 8);
    draw_set_col(cr, C_CURVE);
    cairo_fill(cr);
    draw_font(cr, 28, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, MARGIN, 30, 0, 0, "Disaster recovery review");
    draw_font(cr, 18, F_NORMAL);
    if (p->version)
        snprintf(buf, sizeof buf, "%s (version %s)", p->name ? p->name : "plan", p->version);
    else
        snprintf(buf, sizeof buf, "%s", p->name ? p->name : "plan");
    draw_fit_at(cr, MARGIN, 68, 0, 0, PAGE_W - 2 * MARGIN, buf);

    double y = 108, colw = (PAGE_W - 2 * MARGIN) * 0.6, x2 = MARGIN + colw + 24;
    double colw2 = PAGE_W - MARGIN - x2;
    plan_sha256_hex(p, hex);
    cover_field(cr, MARGIN, y, colw, "Organization", p->organization, 11);
    cover_field(cr, MARGIN, y + 18, colw, "System", p->system, 11);
    cover_field(cr, MARGIN, y + 36, colw, "Owner", p->owner, 11);
    cover_field(cr, MARGIN, y + 54, colw, "Plan file", p->path, 11);
    cover_field(cr, MARGIN, y + 72, colw, "Plan SHA-256", hex, 8.5);
    cover_field(cr, x2, y, colw2, "Date of the run", pk->date, 11);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->seed);
    cover_field(cr, x2, y + 18, colw2, "Seed", buf, 11);
    snprintf(buf, sizeof buf, "%llu per scenario", (unsigned long long)r->n_trials);
    cover_field(cr, x2, y + 36, colw2, "Trials", buf, 11);
    cover_field(cr, x2, y + 54, colw2, "drsim version", pk->meta ? pk->meta->version : NULL, 11);
    snprintf(buf, sizeof buf, "%.4g%%, RTO from %s", 100.0 * p->confidence,
             p->rto_clock == RTO_FROM_DECLARATION ? "declaration" : "outage start");
    cover_field(cr, x2, y + 72, colw2, "Confidence", buf, 11);

    /* Verdict table: scenario x objective. */
    y = 215;
    double tw = PAGE_W - 2 * MARGIN, c0 = tw * 0.34, c1 = (tw - c0) / 2;
    int ns = r->n_scenarios;
    double avail = PAGE_H - 100 - y - 24;
    double rh = fmin(50, fmax(26, avail / (ns > 0 ? ns : 1)));
    draw_font(cr, 10, F_BOLD);
    draw_set_col(cr, C_MUTED);
    draw_text_at(cr, MARGIN + 4, y, 0, 0, "Scenario");
    draw_text_at(cr, MARGIN + c0 + 10, y, 0, 0, "RTO (downtime)");
    draw_text_at(cr, MARGIN + c0 + c1 + 10, y, 0, 0, "RPO (data loss)");
    y += 18;
    int shown = 0;
    for (int s = 0; s < ns; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        const struct scenario *sc = &p->scenarios[sr->scenario];
        if (y + rh > PAGE_H - 100)
            continue; /* more scenarios than fit: the overall line below still counts them */
        shown++;
        draw_hline(cr, MARGIN, MARGIN + tw, y, C_GRID, 0.8, 0);
        draw_font(cr, 12, F_BOLD);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, MARGIN + 4, y + rh * 0.3, 0, 0.5, c0 - 8, sc->name);
        char kind[64];
        if (sc->damage.present)
            snprintf(buf, sizeof buf, "%s%s%s, %.3g a year", sc->description ? sc->description : "",
                     sc->description ? MIDDOT : "", damage_kind_text(sc, kind, sizeof kind),
                     sc->per_year);
        else
            snprintf(buf, sizeof buf, "%s%s%.3g outages a year",
                     sc->description ? sc->description : "", sc->description ? MIDDOT : "",
                     sc->per_year);
        draw_font(cr, 9, F_NORMAL);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, MARGIN + 4, y + rh * 0.7, 0, 0.5, c0 - 8, buf);
        /* A damage scenario the BCP sets no objective for: no verdict, said so. */
        const char *none = sc->damage.present && !sc->has_policy
                               ? "no objective in the BCP: no verdict"
                               : "no target";
        verdict_cell(cr, MARGIN + c0, y, c1, rh, &sr->rto_obj, p->confidence, none);
        verdict_cell(cr, MARGIN + c0 + c1, y, c1, rh, &sr->rpo_obj, p->confidence, none);
        y += rh;
    }
    draw_hline(cr, MARGIN, MARGIN + tw, y, C_GRID, 0.8, 0);
    y += 14;
    if (shown < ns) {
        draw_font(cr, 9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        snprintf(buf, sizeof buf, "%d more scenarios on the following pages", ns - shown);
        draw_text_at(cr, MARGIN, y, 0, 0, buf);
        y += 14;
    }
    /* Without a single target there is nothing to meet: say so, never "meets". */
    struct verdict_summary vs;
    verdict_summarize(r, &vs); /* scenarios' and services' objectives, as --strict judges */
    enum mc_verdict overall = vs.worst;
    double cw = draw_chip(cr, MARGIN, y + 9, 12, overall, NULL);
    draw_font(cr, 12, F_BOLD);
    draw_set_col(cr, C_INK);
    char exnote[160];
    const char *line =
        overall == MC_VERDICT_BREACH
            ? (vs.worst_services > vs.worst_scenarios
                   ? "Policy breached for a business service's objective."
                   : "Policy breached for at least one objective.")
        : overall == MC_VERDICT_AT_RISK
            ? "Policy met on estimate, but at risk for at least one objective."
        : overall == MC_VERDICT_MEETS
            ? "Every objective meets policy at the required confidence."
            : "The policy states no objective: there is nothing to check.";
    if (vs.exceptions_decide || vs.n_expired > 0) {
        /* sim/verdict.h: never a bare "meets" where signed exceptions make it. */
        snprintf(buf, sizeof buf, "%.*s%s.", (int)strlen(line) - 1, line,
                 verdict_exceptions_note(&vs, exnote, sizeof exnote));
        line = buf;
    }
    draw_fit_at(cr, MARGIN + cw + 10, y + 9, 0, 0.5, PAGE_W - 2 * MARGIN - cw - 10, line);
    y += 30;
    draw_font(cr, 8.5, F_NORMAL);
    draw_set_col(cr, C_MUTED);
    snprintf(
        buf, sizeof buf,
        "meets: the lower bound of the 95%% interval of P(met) is at least the required %.4g%%."
        "  at risk: the estimate reaches it, the lower bound does not."
        "  breach: the estimate is below it.  %s = the value that %.4g%% of simulated "
        "outages do not exceed (the rest take longer or lose more).",
        100.0 * p->confidence, draw_pct_label(p->confidence, hex, sizeof hex),
        100.0 * p->confidence);
    draw_para(cr, MARGIN, y, PAGE_W - 2 * MARGIN, 11, PAGE_H - 30, buf, 1);
    if (pk->meta && pk->meta->command) {
        /* The whole reproducing command, wrapped (never cut: it must be the very string
         * of summary.json and the workbook), its last line just above the footer. */
        size_t n = strlen(pk->meta->command) + 32;
        char *t = malloc(n);
        if (t) {
            snprintf(t, n, "Reproduce with: %s", pk->meta->command);
            draw_font(cr, 8.5, F_NORMAL);
            double h = draw_para(cr, MARGIN, 0, PAGE_W - 2 * MARGIN, 10.5, PAGE_H, t, 0);
            draw_para(cr, MARGIN, PAGE_H - 34 - h, PAGE_W - 2 * MARGIN, 10.5, PAGE_H - 30, t, 1);
            free(t);
        }
    }
}

/* Title and verdict chips of a scenario page; returns the y below. */
static double scenario_header(cairo_t *cr, struct pack *pk, int s, const char *what)
{
    const struct plan *p = pk->r->plan;
    const struct mc_scenario_result *sr = &pk->r->scenarios[s];
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char title[512], sub[512], a[32], b[32], kind[64];
    snprintf(title, sizeof title, "Scenario %s%s%s", sc->name, sc->description ? ": " : "",
             sc->description ? sc->description : "");
    damage_kind_text(sc, kind, sizeof kind);
    if (sc->has_policy)
        snprintf(sub, sizeof sub,
                 "%s" MIDDOT "%s, %.3g a year" MIDDOT
                 "policy: RTO %s, RPO %s at %.4g%% confidence",
                 what, kind, sc->per_year,
                 draw_dur(sc->rto_target_s, a, sizeof a), draw_dur(sc->rpo_target_s, b, sizeof b),
                 100.0 * p->confidence);
    else
        snprintf(sub, sizeof sub, "%s" MIDDOT "%s, %.3g a year" MIDDOT "%s", what, kind,
                 sc->per_year,
                 sc->damage.present ? "no objective in the BCP: no verdict"
                                    : "no policy objectives");
    double y = draw_page_header(cr, title, sub, 230);
    double x = PAGE_W - MARGIN;
    const struct mc_objective *obs[2] = {&sr->rpo_obj, &sr->rto_obj};
    const char *names[2] = {"RPO", "RTO"};
    for (int k = 0; k < 2; k++) {
        char lab[48];
        snprintf(lab, sizeof lab, "%s %s", names[k], mc_verdict_name(obs[k]->verdict));
        draw_font(cr, 11, F_BOLD);
        double w = draw_text_w(cr, lab) + 11;
        x -= w;
        draw_chip(cr, x, 32, 11, obs[k]->verdict, lab);
        x -= 8;
    }
    return y;
}

/* Whether no trial of the scenario loses data: every RPO is 0 (its CDF and histogram
 * would be empty), and whether no store loses data in any trial (its chart would be). */
static int rpo_all_zero(const struct mc_scenario_result *sr)
{
    return sr->rpo.max_s == 0.0 && sr->rpo.n_infinite == 0;
}

static int stores_lose_nothing(const struct mc_results *r, const struct mc_scenario_result *sr)
{
    for (int i = 0; i < r->plan->n_stores; i++)
        if (sr->stores[i].n_loses > 0 || sr->stores[i].n_no_point > 0)
            return 0;
    return 1;
}

/* One line in place of a chart with nothing to show, at the top of box b; returns the
 * height it took. */
static double empty_chart_line(cairo_t *cr, const struct box *b, const char *text)
{
    draw_font(cr, 10.5, F_ITALIC);
    draw_set_col(cr, C_MUTED);
    draw_fit_at(cr, b->x, b->y + 8, 0, 0.5, b->w, text);
    return 18;
}

static void pack_scenario(cairo_t *cr, struct pack *pk, int s, int parent)
{
    struct chart ch;
    char fnd[MAX_FINDINGS][FINDING_LEN];
    double fs = 9.5;
    draw_chart_init(&ch, pk->r, s, fs);
    ch.row_max = 3.4; /* a slide has room: small runbooks get thicker rows */

    /* Page A: findings and the two CDFs. */
    draw_outline(pk, parent, "Outcomes: RTO and RPO");
    double y = scenario_header(cr, pk, s, "outcomes");
    draw_font(cr, 12.5, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, MARGIN, y + 4, 0, 0, "Findings");
    double fy = y + 24, colw = 350;
    int outcome_at = -1;
    int nf = scenario_findings(pk->r, s, fnd, &outcome_at);
    const int split = ch.sr->outcomes[MC_OUTCOME_FAILED_OVER].n > 0 &&
                      ch.sr->outcomes[MC_OUTCOME_IN_PLACE].n > 0;
    /* A damage scenario without an objective: the finding leads, in bold. */
    char lead[FINDING_LEN];
    if (damage_no_objective_finding(&pk->r->plan->scenarios[ch.sr->scenario], lead, sizeof lead)) {
        draw_set_col(cr, C_BREACH);
        cairo_rectangle(cr, MARGIN, fy + 3, 4, 8);
        cairo_fill(cr);
        draw_font(cr, 9.5, F_BOLD);
        draw_set_col(cr, C_INK);
        fy = draw_para(cr, MARGIN + 10, fy, colw - 10, 12.4, FOOT_Y - 14, lead, 1) + 5;
    }
    for (int i = 0; i < nf && fy < FOOT_Y - 30; i++) {
        draw_font(cr, 9.5, F_NORMAL);
        draw_set_col(cr, i < 2 ? draw_verdict_colour(i == 0 ? ch.sr->rto_obj.verdict
                                                            : ch.sr->rpo_obj.verdict)
                               : C_MUTED);
        cairo_rectangle(cr, MARGIN, fy + 3, 4, 8);
        cairo_fill(cr);
        draw_set_col(cr, C_INK);
        fy = draw_para(cr, MARGIN + 10, fy, colw - 10, 12.4, FOOT_Y - 14, fnd[i], 1) + 5;
        /* The objectives per outcome, below the sentence that introduces them. */
        if (i == outcome_at && split)
            fy = outcome_table(cr, ch.sr, pk->r->plan->confidence, MARGIN + 10, fy,
                               colw - 10, 1) + 6;
    }
    /* A scenario in which no trial loses data has a line instead of an empty RPO chart,
     * and the RTO chart takes the room. */
    const int no_loss = rpo_all_zero(ch.sr);
    char none[256];
    snprintf(none, sizeof none, "RPO (data loss): 0 s in every one of the %llu %s: no chart "
             "to draw.", (unsigned long long)ch.sr->n_trials, damage_events_word(ch.sc));
    /* The full restoration's percentiles in a line above the charts. */
    char full[320], fb[4][32];
    snprintf(full, sizeof full,
             "Full restoration (whole runbook, full capacity): P50 %s, P90 %s, P95 %s, "
             "P99 %s", draw_dur(ch.sr->full.p50_s, fb[0], sizeof fb[0]),
             draw_dur(ch.sr->full.p90_s, fb[1], sizeof fb[1]),
             draw_dur(ch.sr->full.p95_s, fb[2], sizeof fb[2]),
             draw_dur(ch.sr->full.p99_s, fb[3], sizeof fb[3]));
    double rx = MARGIN + colw + 20, rw = PAGE_W - MARGIN - rx;
    struct box fl = {rx, y, rw, 18};
    y += empty_chart_line(cr, &fl, full);
    double rh = (FOOT_Y - 16 - y) / 2;
    struct box b1 = {rx, y, rw, rh - 4}, b2 = {rx, y + rh + 4, rw, rh - 4};
    if (no_loss) {
        struct box line = {rx, y, rw, 18};
        b1.y = y + empty_chart_line(cr, &line, none);
        b1.h = FOOT_Y - 16 - b1.y;
    }
    draw_render_chart(cr, &ch, DRAW_RTO_CDF, &b1);
    if (!no_loss)
        draw_render_chart(cr, &ch, DRAW_RPO_CDF, &b2);
    draw_page_end(cr, pk);

    /* Page B: the typical trial's timeline and the critical path. */
    draw_outline(pk, parent, "Timeline and critical path");
    y = scenario_header(cr, pk, s, "where the time goes");
    double lw = (PAGE_W - 2 * MARGIN) * 0.6;
    struct box tb = {MARGIN, y, lw, FOOT_Y - 14 - y};
    struct box cb = {MARGIN + lw + 24, y, PAGE_W - 2 * MARGIN - lw - 24, FOOT_Y - 14 - y};
    draw_render_chart(cr, &ch, DRAW_TIMELINE, &tb);
    draw_render_chart(cr, &ch, DRAW_CRITICAL_PATH, &cb);
    draw_page_end(cr, pk);

    /* Page C: data loss per store and the two histograms. */
    draw_outline(pk, parent, "Data loss per store, distributions");
    y = scenario_header(cr, pk, s, "data loss and distributions");
    lw = (PAGE_W - 2 * MARGIN) * 0.52;
    struct box sb = {MARGIN, y, lw, FOOT_Y - 14 - y};
    double hx = MARGIN + lw + 24, hw = PAGE_W - MARGIN - hx, hh = (FOOT_Y - 14 - y) / 2;
    struct box h1 = {hx, y, hw, hh - 4}, h2 = {hx, y + hh + 4, hw, hh - 4};
    if (stores_lose_nothing(pk->r, ch.sr)) {
        char line[256];
        snprintf(line, sizeof line, "Data loss per store: no store loses data in any of the "
                 "%llu %s.", (unsigned long long)ch.sr->n_trials, damage_events_word(ch.sc));
        empty_chart_line(cr, &sb, line);
    } else {
        draw_render_chart(cr, &ch, DRAW_STORE_RPO, &sb);
    }
    if (no_loss) {
        struct box line = {hx, y, hw, 18};
        h1.y = y + empty_chart_line(cr, &line, none);
        h1.h = FOOT_Y - 14 - h1.y;
    }
    draw_render_chart(cr, &ch, DRAW_RTO_HIST, &h1);
    if (!no_loss)
        draw_render_chart(cr, &ch, DRAW_RPO_HIST, &h2);
    draw_page_end(cr, pk);
}

/* The decision page of scenario s, when it has a decision curve (analysis/decision.h):
 * what the curve shows in words (computed there) and a table of its points beside the
 * chart. */
static void pack_decision(cairo_t *cr, struct pack *pk, int s, int parent)
{
    const struct decision_curve *c =
        decision_curve_of(pk->dc, pk->r->scenarios[s].scenario);
    char buf[128], a[32];
    if (c == NULL)
        return;
    draw_outline(pk, parent, "The decision to fail over");
    double y = scenario_header(cr, pk, s, "the decision to fail over");
    const double colw = 300, lh = 12.6;
    draw_font(cr, 12.5, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, MARGIN, y + 4, 0, 0, "What the curve shows");
    draw_font(cr, 10, F_NORMAL);
    double fy = draw_para(cr, MARGIN, y + 26, colw, 13.2, FOOT_Y - 14 - lh * 4, c->finding, 1) + 8;
    /* The points: wait, P(meet RTO), P(meet RPO), share failing over. */
    static const char *const head[4] = {"wait", "RTO met", "RPO met", "fails over"};
    const double cx[4] = {MARGIN, MARGIN + 95, MARGIN + 165, MARGIN + 235};
    draw_font(cr, 8.5, F_BOLD);
    draw_set_col(cr, C_MUTED);
    for (int k = 0; k < 4; k++)
        draw_text_at(cr, cx[k] + (k ? 60 : 0), fy, k ? 1 : 0, 0, head[k]);
    fy += lh;
    for (int i = -1; i < c->n_points && fy < FOOT_Y - 14 - lh; i++) {
        const struct decision_point *pt = i < 0 ? &c->plan : &c->points[i];
        if (i < 0 && c->plan_point >= 0)
            continue; /* a fixed plan wait is a row of the curve, in bold */
        draw_font(cr, 8.5, pt->is_plan ? F_BOLD : F_NORMAL);
        draw_set_col(cr, C_INK);
        /* Hours, as on the chart's axis, when the wait is a whole number of them. */
        if (!isfinite(pt->wait_s))
            snprintf(a, sizeof a, "never");
        else if (fmod(pt->wait_s, 3600.0) == 0)
            snprintf(a, sizeof a, "%.0fh", pt->wait_s / 3600.0);
        else
            draw_dur(pt->wait_s, a, sizeof a);
        snprintf(buf, sizeof buf, "%s%s", pt->is_median ? "plan, median " : i < 0 ? "plan, " : "",
                 a);
        draw_fit_at(cr, cx[0], fy, 0, 0, 90, buf);
        for (int k = 0; k < 2; k++) {
            const struct mc_objective *ob = k == 0 ? &pt->rto_obj : &pt->rpo_obj;
            if (ob->has_target)
                snprintf(buf, sizeof buf, "%.1f%%", 100.0 * ob->p_met);
            else
                snprintf(buf, sizeof buf, "-");
            draw_set_col(cr, ob->has_target ? draw_darker(draw_verdict_colour(ob->verdict), 0.75)
                                            : C_MUTED);
            draw_text_at(cr, cx[k + 1] + 60, fy, 1, 0, buf);
        }
        draw_set_col(cr, C_INK);
        snprintf(buf, sizeof buf, "%.1f%%", 100.0 * pt->failover_share);
        draw_text_at(cr, cx[3] + 60, fy, 1, 0, buf);
        fy += lh;
    }
    double rx = MARGIN + colw + 20;
    struct box b = {rx, y, PAGE_W - MARGIN - rx, FOOT_Y - 14 - y};
    draw_chart_decision(cr, pk->dc, c, 9.5, &b);
    draw_page_end(cr, pk);
}

/* The exceptions register: each store left out of the policy RPO with who signed it, its
 * review date (flagged when past) and how often it loses data; the RPO as the policy reads
 * it and over all data per scenario; then stores whose cross-region protection is
 * unknown, the largest finding. Only when the plan has exceptions or such stores. */
static void pack_exceptions(cairo_t *cr, struct pack *pk)
{
    const struct mc_results *r = pk->r;
    const struct plan *p = r->plan;
    char buf[1024], day[16], sh[64];
    int n_unknown = 0;
    for (int i = 0; i < p->n_stores; i++)
        n_unknown += p->stores[i].cross_region == STORE_XR_UNKNOWN;
    if (plan_n_exceptions(p) == 0 && n_unknown == 0)
        return;
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Exceptions register");
    snprintf(buf, sizeof buf, "stores left out of the policy RPO, each signed" MIDDOT
             "review dates as of %s", r->has_as_of ? units_format_date(r->as_of_day, day,
                                                                       sizeof day)
                                                   : "(not judged)");
    double y = draw_page_header(cr, "Exceptions register", buf, 0);
    const double w = PAGE_W - 2 * MARGIN, lh = 12.4, ymax = FOOT_Y - 14;
    if (n_unknown > 0) {
        draw_font(cr, 12, F_BOLD);
        draw_set_col(cr, draw_verdict_colour(MC_VERDICT_BREACH));
        draw_text_at(cr, MARGIN, y + 4, 0, 0, "Largest finding: protection unknown");
        y += 22;
        for (int i = 0; i < p->n_stores && y < ymax; i++) {
            if (p->stores[i].cross_region != STORE_XR_UNKNOWN)
                continue;
            int len = snprintf(buf, sizeof buf, "%s: nobody has confirmed a copy outside the "
                               "region, so it counts as unprotected; it loses data in",
                               p->stores[i].name);
            for (int s = 0; s < r->n_scenarios && len > 0 && (size_t)len < sizeof buf; s++)
                len += snprintf(buf + len, sizeof buf - (size_t)len, "%s %.1f%% of %s %s",
                                s ? "," : "", 100.0 * r->scenarios[s].stores[i].loss_share,
                                p->scenarios[r->scenarios[s].scenario].name,
                                damage_events_word(&p->scenarios[r->scenarios[s].scenario]));
            if (len > 0 && (size_t)len < sizeof buf)
                snprintf(buf + len, sizeof buf - (size_t)len, ". Confirm its replication.");
            draw_font(cr, 10, F_NORMAL);
            draw_set_col(cr, C_INK);
            y = draw_para(cr, MARGIN, y, w, lh, ymax, buf, 1) + 6;
        }
        y += 6;
    }
    draw_font(cr, 12, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, MARGIN, y + 4, 0, 0, "Exceptions");
    y += 22;
    if (plan_n_exceptions(p) == 0) {
        draw_font(cr, 10, F_NORMAL);
        y = draw_para(cr, MARGIN, y, w, lh, ymax,
                      "No exceptions: every store counts for the policy RPO.", 1) + 6;
    }
    for (int i = 0; i < p->n_stores && y < ymax; i++) {
        const struct store_exception *e = &p->stores[i].exception;
        if (!e->present)
            continue;
        int expired = verdict_exception_expired(r, i);
        draw_font(cr, 10, F_BOLD);
        draw_set_col(cr, expired ? draw_verdict_colour(MC_VERDICT_BREACH) : C_INK);
        snprintf(buf, sizeof buf, "%s" MIDDOT "approved by %s" MIDDOT "review by %s%s",
                 p->stores[i].name, e->approved_by,
                 units_format_date(e->review_by_day, day, sizeof day),
                 expired ? " (EXPIRED: past its review date; run --strict fails)" : "");
        y = draw_para(cr, MARGIN, y, w, lh, ymax, buf, 1);
        draw_font(cr, 10, F_NORMAL);
        draw_set_col(cr, C_INK);
        int len = snprintf(buf, sizeof buf, "Reason: %s. Loses data in", e->reason);
        for (int s = 0; s < r->n_scenarios && len > 0 && (size_t)len < sizeof buf; s++)
            len += snprintf(buf + len, sizeof buf - (size_t)len, "%s %.1f%% of %s %s",
                            s ? "," : "", 100.0 * r->scenarios[s].stores[i].loss_share,
                            p->scenarios[r->scenarios[s].scenario].name,
                            damage_events_word(&p->scenarios[r->scenarios[s].scenario]));
        if (len > 0 && (size_t)len < sizeof buf)
            snprintf(buf + len, sizeof buf - (size_t)len, ".");
        y = draw_para(cr, MARGIN, y, w, lh, ymax, buf, 1) + 8;
    }
    /* The RPO twice per scenario with a policy. */
    for (int s = 0; s < r->n_scenarios && y < ymax; s++) {
        const struct mc_scenario_result *sr = &r->scenarios[s];
        if (!sr->rpo_obj.has_target)
            continue;
        snprintf(sh, sizeof sh, "%s", sr->rpo_all_obj.verdict > sr->rpo_obj.verdict
                                          ? ": the exceptions make the difference" : "");
        snprintf(buf, sizeof buf, "%s: RPO met in %.1f%% of outages as the policy reads it (%s), "
                 "%.1f%% over all data (%s)%s.", p->scenarios[sr->scenario].name,
                 100.0 * sr->rpo_obj.p_met, mc_verdict_name(sr->rpo_obj.verdict),
                 100.0 * sr->rpo_all_obj.p_met, mc_verdict_name(sr->rpo_all_obj.verdict), sh);
        draw_font(cr, 10, F_NORMAL);
        draw_set_col(cr, C_INK);
        y = draw_para(cr, MARGIN, y, w, lh, ymax, buf, 1) + 4;
    }
    draw_page_end(cr, pk);
}

static void render_pack(cairo_surface_t *surf, cairo_t *cr, void *user)
{
    struct pack *pk = user;
    const struct plan *p = pk->r->plan;
    char buf[512];
    pk->surf = surf;
    snprintf(buf, sizeof buf, "Disaster recovery review: %s", p->name ? p->name : "plan");
    draw_pdf_metadata(surf, buf, pk->meta);
    if (p->organization)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, p->organization);
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Cover and verdicts");
    pack_cover(cr, pk);
    draw_page_end(cr, pk);
    draw_pack_decisions(cr, pk);
    draw_pack_trend(cr, pk);
    draw_pack_assume(cr, pk);
    pack_exceptions(cr, pk);
    draw_pack_controls(cr, pk);
    draw_pack_drills(cr, pk);
    draw_pack_money(cr, pk);
    draw_pack_services(cr, pk);
    for (int s = 0; s < pk->r->n_scenarios; s++) {
        snprintf(buf, sizeof buf, "Scenario %s", p->scenarios[pk->r->scenarios[s].scenario].name);
        int id = draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, buf);
        pack_scenario(cr, pk, s, id);
        draw_pack_damage(cr, pk, s, id);
        draw_pack_capacity(cr, pk, s, id);
        pack_decision(cr, pk, s, id);
    }
    draw_pack_assumptions(cr, pk);
}

enum draw_status draw_write_review_pack(const char *path, const struct mc_results *r,
                                        const struct draw_meta *meta, int *n_pages, char *err,
                                        size_t errlen)
{
    return draw_write_review_pack_decision(path, r, NULL, meta, n_pages, err, errlen);
}

enum draw_status draw_write_review_pack_decision(const char *path, const struct mc_results *r,
                                                 const struct decision_results *dc,
                                                 const struct draw_meta *meta, int *n_pages,
                                                 char *err, size_t errlen)
{
    return draw_write_review_pack_evidence(path, r, dc, meta, NULL, NULL, n_pages, err, errlen);
}

enum draw_status draw_write_review_pack_evidence(const char *path, const struct mc_results *r,
                                                 const struct decision_results *dc,
                                                 const struct draw_meta *meta,
                                                 const struct drill_log *log,
                                                 const struct drill_analysis *analysis,
                                                 int *n_pages, char *err, size_t errlen)
{
    return draw_write_review_pack_review(path, r, dc, meta, log, analysis, NULL, n_pages, err,
                                         errlen);
}

enum draw_status draw_write_review_pack_review(const char *path, const struct mc_results *r,
                                               const struct decision_results *dc,
                                               const struct draw_meta *meta,
                                               const struct drill_log *log,
                                               const struct drill_analysis *analysis,
                                               const struct draw_review *rv, int *n_pages,
                                               char *err, size_t errlen)
{
    if (n_pages)
        *n_pages = 0;
    if (!path || !r) {
        draw_set_err(err, errlen, "draw_write_review_pack: %s%s", "no path or results", NULL);
        return DRAW_INVALID;
    }
    char(*cells)[CELL_LEN] = calloc(MAX_COLS_T + 2, CELL_LEN);
    if (!cells) {
        draw_set_err(err, errlen, "out of memory writing %s%s", path, NULL);
        return DRAW_NOMEM;
    }
    struct pack pk = {r, meta, cells, NULL, 0, "", dc, analysis ? log : NULL, analysis,
                      rv ? rv->trend : NULL, rv ? rv->assume : NULL};
    date_text(meta ? meta->date_s : 0, pk.date, sizeof pk.date);
    enum draw_status ds =
        draw_write_doc(path, DRAW_FMT_PDF, PAGE_W, PAGE_H, render_pack, &pk, err, errlen);
    if (ds == DRAW_OK && n_pages)
        *n_pages = pk.page;
    free(cells);
    return ds;
}
