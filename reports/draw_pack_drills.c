/* reports/draw_pack_drills.c: the review pack's drill evidence page (`drsim run --drills`).
 *
 * ISO 22301 9.3 makes the results of exercises and the status of corrective actions
 * inputs to the management review, so the pack carries them, not only the terminal: the
 * cadence's standing (on time, late, overdue, due), each test that is overdue or late,
 * the measured values the model found optimistic (above its P95: the plan promises more
 * than the drill showed), and every corrective action with its owner, due date and
 * status, past-due ones in vermillion. One page; a table that does not fit says how many
 * rows the workbook's Evidence sheets hold beyond it. Nothing here analyses: the
 * analysis is the one the terminal and the workbook print (models/drill.h).
 */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "models/drill.h"
#include "models/units.h"
#include "reports/evidence.h"
#include "reports/draw_int.h"

#define ROW 13.0 /* table row pitch, points */

static const char *day_text(long day, char *buf, size_t n)
{
    return units_format_date(day, buf, n);
}

/* A table heading and its column heads at y; returns the y of the first row. */
static double table_head(cairo_t *cr, double x, double y, const char *title, const double *cx,
                         const char *const *head, int n)
{
    draw_font(cr, 11, F_BOLD);
    draw_set_col(cr, C_INK);
    draw_text_at(cr, x, y + 6, 0, 0.5, title);
    y += 18;
    draw_font(cr, 8.5, F_BOLD);
    draw_set_col(cr, C_MUTED);
    for (int k = 0; k < n; k++)
        draw_fit_at(cr, cx[k] + 2, y + ROW / 2, 0, 0.5, cx[k + 1] - cx[k] - 4, head[k]);
    draw_hline(cr, cx[0], cx[n], y + ROW, C_GRID, 0.8, 0);
    return y + ROW + 2;
}

/* "... and 4 more: the workbook's Evidence sheets" at y. */
static void more_rows(cairo_t *cr, double x, double y, int more, const char *where)
{
    char buf[128];
    snprintf(buf, sizeof buf, "... and %d more: the workbook's %s", more, where);
    draw_font(cr, 8.5, F_ITALIC);
    draw_set_col(cr, C_MUTED);
    draw_text_at(cr, x + 2, y + ROW / 2, 0, 0.5, buf);
}

/* Tests that are overdue, late or due, worst first (overdue, then late, then due). */
static double cadence_table(cairo_t *cr, const struct drill_log *log,
                            const struct drill_analysis *a, double x, double w, double y,
                            double y_max)
{
    static const char *const head[6] = {"test", "region", "period", "due by", "status",
                                        "days late"};
    const double frac[6] = {0.32, 0.14, 0.11, 0.15, 0.14, 0.14};
    double cx[7];
    char d[16], buf[32];
    cx[0] = x;
    for (int k = 0; k < 6; k++)
        cx[k + 1] = cx[k] + frac[k] * w;
    y = table_head(cr, x, y, "Tests not done on time", cx, head, 6);
    static const enum drill_status order[3] = {DRILL_OVERDUE, DRILL_LATE, DRILL_DUE};
    int shown = 0, total = a->n_overdue + a->n_late + a->n_due;
    if (total == 0) {
        draw_font(cr, 9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, x + 2, y + ROW / 2, 0, 0.5, "every required test was done on time");
        return y + ROW + 8;
    }
    for (int q = 0; q < 3; q++)
        for (int i = 0; i < a->n_items; i++) {
            const struct drill_cadence_item *it = &a->items[i];
            if (it->status != order[q])
                continue;
            if (y + 2 * ROW > y_max) {
                more_rows(cr, x, y, total - shown, "Test cadence sheet");
                return y + ROW + 8;
            }
            const struct drill_requirement *rq = &log->reqs[it->req];
            int bad = it->status == DRILL_OVERDUE;
            draw_font(cr, 8.5, bad ? F_BOLD : F_NORMAL);
            draw_set_col(cr, bad ? C_BREACH : C_INK);
            snprintf(buf, sizeof buf, "%s, %s", drill_type_name(rq->type), drill_freq_name(rq->every));
            draw_fit_at(cr, cx[0] + 2, y + ROW / 2, 0, 0.5, cx[1] - cx[0] - 4, buf);
            draw_fit_at(cr, cx[1] + 2, y + ROW / 2, 0, 0.5, cx[2] - cx[1] - 4,
                        log->regions[it->region]);
            draw_fit_at(cr, cx[2] + 2, y + ROW / 2, 0, 0.5, cx[3] - cx[2] - 4, it->label);
            draw_fit_at(cr, cx[3] + 2, y + ROW / 2, 0, 0.5, cx[4] - cx[3] - 4,
                        day_text(it->due_day, d, sizeof d));
            draw_fit_at(cr, cx[4] + 2, y + ROW / 2, 0, 0.5, cx[5] - cx[4] - 4,
                        drill_status_name(it->status));
            if (it->status != DRILL_DUE) {
                snprintf(buf, sizeof buf, "%ld", it->days_late);
                draw_text_at(cr, cx[6] - 2, y + ROW / 2, 1, 0.5, buf);
            }
            y += ROW;
            shown++;
        }
    return y + 8;
}

/* Measured values above the model's P95: the plan promises more than the drill showed. */
static double optimistic_table(cairo_t *cr, const struct drill_log *log,
                               const struct drill_analysis *a, double x, double w, double y,
                               double y_max)
{
    static const char *const head[5] = {"exercise", "measured", "what", "drill", "model P95"};
    const double frac[5] = {0.30, 0.14, 0.26, 0.15, 0.15};
    double cx[6];
    char m[32], p95[32], what[160];
    cx[0] = x;
    for (int k = 0; k < 5; k++)
        cx[k + 1] = cx[k] + frac[k] * w;
    y = table_head(cr, x, y, "Assumptions the drills found optimistic (above the model's P95)", cx,
                   head, 5);
    if (a->n_optimistic == 0) {
        draw_font(cr, 9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, x + 2, y + ROW / 2, 0, 0.5, "none: no measured value above the model's P95");
        return y + ROW + 8;
    }
    int shown = 0;
    for (int i = 0; i < a->n_placements; i++) {
        const struct drill_placement *pl = &a->placements[i];
        if (pl->flag != DRILL_FLAG_OPTIMISTIC)
            continue;
        if (y + 2 * ROW > y_max) {
            more_rows(cr, x, y, a->n_optimistic - shown, "Evidence sheet");
            return y + ROW + 8;
        }
        snprintf(what, sizeof what, "%s%s%s", pl->what ? pl->what : "",
                 pl->what && pl->scenario ? " in " : "",
                 pl->what ? (pl->scenario ? pl->scenario : "") : (pl->scenario ? pl->scenario : ""));
        draw_font(cr, 8.5, F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, cx[0] + 2, y + ROW / 2, 0, 0.5, cx[1] - cx[0] - 4,
                    log->exercises[pl->exercise].name);
        draw_fit_at(cr, cx[1] + 2, y + ROW / 2, 0, 0.5, cx[2] - cx[1] - 4,
                    drill_measure_name(pl->kind));
        draw_fit_at(cr, cx[2] + 2, y + ROW / 2, 0, 0.5, cx[3] - cx[2] - 4, what);
        draw_font(cr, 8.5, F_BOLD);
        draw_set_col(cr, C_BREACH);
        draw_text_at(cr, cx[4] - 2, y + ROW / 2, 1, 0.5, draw_dur(pl->measured_s, m, sizeof m));
        draw_font(cr, 8.5, F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_text_at(cr, cx[5] - 2, y + ROW / 2, 1, 0.5, draw_dur(pl->model_p95_s, p95, sizeof p95));
        y += ROW;
        shown++;
    }
    return y + 8;
}

/* Every corrective action, one row each, by the date of the exercise that raised it (the
 * order of the workbook's Corrective actions table); past due (not done, due before the
 * as-of day: evidence_action_past_due) flagged. */
static void actions_table(cairo_t *cr, const struct drill_log *log, long as_of, double x,
                          double w, double y, double y_max)
{
    static const char *const head[5] = {"corrective action", "owner", "due", "status", ""};
    const double frac[5] = {0.46, 0.18, 0.13, 0.11, 0.12};
    double cx[6];
    char d[16];
    struct evidence_action *acts = NULL;
    int total, shown = 0;
    cx[0] = x;
    for (int k = 0; k < 5; k++)
        cx[k + 1] = cx[k] + frac[k] * w;
    total = evidence_actions_build(log, as_of, &acts, NULL);
    y = table_head(cr, x, y, "Corrective actions from the drills", cx, head, 5);
    if (total <= 0) {
        draw_font(cr, 9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, x + 2, y + ROW / 2, 0, 0.5,
                     total == 0 ? "the drill log records none" : "out of memory");
        return;
    }
    for (int i = 0; i < total; i++) {
        const struct drill_action *ac = acts[i].a;
        if (y + 2 * ROW > y_max) {
            more_rows(cr, x, y, total - shown, "Evidence sheet");
            break;
        }
        draw_font(cr, 8.5, F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, cx[0] + 2, y + ROW / 2, 0, 0.5, cx[1] - cx[0] - 4, ac->action);
        draw_fit_at(cr, cx[1] + 2, y + ROW / 2, 0, 0.5, cx[2] - cx[1] - 4, ac->owner);
        draw_fit_at(cr, cx[2] + 2, y + ROW / 2, 0, 0.5, cx[3] - cx[2] - 4,
                    day_text(ac->due_day, d, sizeof d));
        draw_fit_at(cr, cx[3] + 2, y + ROW / 2, 0, 0.5, cx[4] - cx[3] - 4,
                    drill_action_status_name(ac->status));
        if (acts[i].past_due) {
            draw_font(cr, 8.5, F_BOLD);
            draw_set_col(cr, C_BREACH);
            draw_fit_at(cr, cx[4] + 2, y + ROW / 2, 0, 0.5, cx[5] - cx[4] - 4, "PAST DUE");
        }
        y += ROW;
        shown++;
    }
    free(acts);
}

void draw_pack_drills(cairo_t *cr, struct pack *pk)
{
    const struct drill_log *log = pk->drills;
    const struct drill_analysis *a = pk->drill_analysis;
    char sub[512], d[16];
    if (log == NULL || a == NULL)
        return;
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Drill evidence");
    snprintf(sub, sizeof sub,
             "%d exercise%s in %s" MIDDOT "as of %s" MIDDOT "test cadence: %d on time, %d late, "
             "%d overdue, %d due" MIDDOT "%d of %d measured values above the model's P95",
             log->n_exercises, log->n_exercises == 1 ? "" : "s", log->path,
             day_text(a->as_of_day, d, sizeof d), a->n_on_time, a->n_late, a->n_overdue, a->n_due,
             a->n_optimistic, a->n_placed);
    double y = draw_page_header(cr, "Drill evidence: tests, findings and corrective actions", sub, 0);
    const double gap = 24, colw = (PAGE_W - 2 * MARGIN - gap) / 2;
    const double y_max = FOOT_Y - 14;
    double ly = cadence_table(cr, log, a, MARGIN, colw, y, y_max);
    (void)ly;
    double ry = optimistic_table(cr, log, a, MARGIN + colw + gap, colw, y, (y + y_max) / 2);
    actions_table(cr, log, a->as_of_day, MARGIN + colw + gap, colw, fmax(ry, (y + y_max) / 2),
                  y_max);
    draw_page_end(cr, pk);
}
