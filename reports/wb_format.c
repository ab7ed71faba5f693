/* reports/wb_format.c: how the workbook looks (reports/wb_int.h).
 *
 * Cell formats are made once per workbook (wb_make_formats) and compared by pointer
 * elsewhere: the cell helpers in wb_cell.c know a cell's width and height from its
 * format. Numbers are stored in the units shown (hours, minutes, days, fractions) with a
 * number format naming the unit, so an auditor's own formulas work on them; every format
 * aligns text to the top of its cell, so a row that grows for wrapped text still reads
 * along its first line. Colours are Okabe-Ito, as the charts use.
 *
 * Also here: conditional formats (one column at a time, because of a libxlsxwriter bug
 * with text rules over several columns), the defaults of every native chart (a bold
 * title, shares on the y axis, solid series and dashed markers), and the text the sheets
 * share: durations and rates as the plan writes them, verdicts and the policy in one line.
 */
#include "reports/wb_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "models/units.h"
#include "reports/wb_print.h"

/* ---- formats ------------------------------------------------------------------------- */

/* Every format aligns its text to the top of the cell: rows grow for wrapped text, and
 * the other cells of such a row should start on its first line. */
static lxw_format *new_format(struct wb *w)
{
    lxw_format *f = workbook_add_format(w->book);
    if (f == NULL)
        wb_fail(w, WB_NOMEM, "creating cell formats");
    else
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static lxw_format *num_format(struct wb *w, const char *num)
{
    lxw_format *f = new_format(w);
    if (f)
        format_set_num_format(f, num);
    return f;
}

static lxw_format *fill_format(struct wb *w, lxw_color_t bg, lxw_color_t fg, int bold)
{
    lxw_format *f = new_format(w);
    if (f) {
        format_set_bg_color(f, bg);
        format_set_font_color(f, fg);
        if (bold)
            format_set_bold(f);
    }
    return f;
}

void wb_make_formats(struct wb *w)
{
    struct fmts *f = &w->f;
    if ((f->title = new_format(w))) {
        format_set_bold(f->title);
        format_set_font_size(f->title, 14);
    }
    if ((f->subtitle = new_format(w))) {
        format_set_italic(f->subtitle);
        format_set_font_color(f->subtitle, 0x404040);
    }
    if ((f->note = new_format(w)))
        format_set_font_color(f->note, 0x404040);
    if ((f->note_wrap = new_format(w))) {
        format_set_font_color(f->note_wrap, 0x404040);
        format_set_text_wrap(f->note_wrap);
        format_set_align(f->note_wrap, LXW_ALIGN_VERTICAL_TOP);
    }
    if ((f->head_rot = new_format(w))) {
        format_set_bold(f->head_rot);
        format_set_bg_color(f->head_rot, COLOR_HEAD);
        format_set_rotation(f->head_rot, 90);
        format_set_align(f->head_rot, LXW_ALIGN_CENTER);
        format_set_align(f->head_rot, LXW_ALIGN_VERTICAL_BOTTOM);
        format_set_bottom(f->head_rot, LXW_BORDER_THIN);
    }
    if ((f->center = new_format(w)))
        format_set_align(f->center, LXW_ALIGN_CENTER);
    f->top = new_format(w);
    if ((f->head = new_format(w))) {
        format_set_bold(f->head);
        format_set_bg_color(f->head, COLOR_HEAD);
        format_set_text_wrap(f->head);
        format_set_align(f->head, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(f->head, LXW_BORDER_THIN);
    }
    if ((f->group = new_format(w))) {
        format_set_bold(f->group);
        format_set_bg_color(f->group, COLOR_GROUP);
    }
    if ((f->group_wrap = new_format(w))) {
        format_set_bold(f->group_wrap);
        format_set_bg_color(f->group_wrap, COLOR_GROUP);
        format_set_text_wrap(f->group_wrap);
        format_set_align(f->group_wrap, LXW_ALIGN_VERTICAL_TOP);
        format_set_left(f->group_wrap, LXW_BORDER_THIN);
        format_set_left_color(f->group_wrap, 0xFFFFFF);
    }
    if ((f->section = new_format(w))) {
        format_set_bold(f->section);
        format_set_font_size(f->section, 12);
        format_set_font_color(f->section, COLOR_BLUE);
    }
    if ((f->wrap = new_format(w))) {
        format_set_text_wrap(f->wrap);
        format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
    }
    if ((f->bold = new_format(w)))
        format_set_bold(f->bold);
    f->hours = num_format(w, "0.00 \"h\"");
    f->hours4 = num_format(w, "0.00## \"h\"");
    f->minutes = num_format(w, "0.0 \"min\"");
    f->pct = num_format(w, "0.0%");
    f->count = num_format(w, "#,##0");
    f->num = num_format(w, "General");
    f->gb = num_format(w, "#,##0.0 \"GB\"");
    f->days = num_format(w, "0.0 \"d\"");
    f->usd = num_format(w, "\"$\"#,##0");
    f->date = num_format(w, "yyyy-mm-dd");
    f->datetime = num_format(w, "yyyy-mm-dd hh:mm");
    if ((f->l_pct = num_format(w, "0.0%")))
        format_set_align(f->l_pct, LXW_ALIGN_LEFT);
    if ((f->l_count = num_format(w, "#,##0")))
        format_set_align(f->l_count, LXW_ALIGN_LEFT);
    if ((f->l_datetime = num_format(w, "yyyy-mm-dd hh:mm:ss \"UTC\"")))
        format_set_align(f->l_datetime, LXW_ALIGN_LEFT);
    if ((f->inf = new_format(w)))
        format_set_align(f->inf, LXW_ALIGN_RIGHT);
    f->verdict[MC_VERDICT_NONE] = new_format(w);
    f->verdict[MC_VERDICT_MEETS] = fill_format(w, COLOR_MEETS, LXW_COLOR_WHITE, 1);
    f->verdict[MC_VERDICT_AT_RISK] = fill_format(w, COLOR_AT_RISK, LXW_COLOR_BLACK, 1);
    f->verdict[MC_VERDICT_BREACH] = fill_format(w, COLOR_BREACH, LXW_COLOR_WHITE, 1);
    f->cf_verdict[MC_VERDICT_NONE] = NULL;
    f->cf_verdict[MC_VERDICT_MEETS] = fill_format(w, COLOR_MEETS, LXW_COLOR_WHITE, 1);
    f->cf_verdict[MC_VERDICT_AT_RISK] = fill_format(w, COLOR_AT_RISK, LXW_COLOR_BLACK, 1);
    f->cf_verdict[MC_VERDICT_BREACH] = fill_format(w, COLOR_BREACH, LXW_COLOR_WHITE, 1);
    f->cf_fail = fill_format(w, COLOR_BREACH, LXW_COLOR_WHITE, 1);
    f->cf_ok = fill_format(w, 0xD5EFE6, LXW_COLOR_BLACK, 0);
    if ((f->cf_red_font = new_format(w))) {
        format_set_font_color(f->cf_red_font, COLOR_BREACH);
        format_set_bold(f->cf_red_font);
    }
    f->cf_impact[IMPACT_NONE] = NULL;
    f->cf_impact[IMPACT_MINIMAL] = fill_format(w, 0xFFF4CC, LXW_COLOR_BLACK, 0);
    f->cf_impact[IMPACT_MODERATE] = fill_format(w, 0xFAD7A0, LXW_COLOR_BLACK, 0);
    f->cf_impact[IMPACT_SEVERE] = fill_format(w, 0xF1A386, LXW_COLOR_BLACK, 0);
    f->flag = fill_format(w, COLOR_BREACH, LXW_COLOR_WHITE, 1);
}

/* Conditional formats: "cell equals text" rules, one column at a time (libxlsxwriter
 * issue #395: a text rule over several columns tests the wrong cell). */
void wb_cf_equals(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c, const char *text,
                  lxw_format *f)
{
    char quoted[128];
    lxw_conditional_format cf;
    if (!wb_ok(sh->w) || r1 < r0 || f == NULL)
        return;
    memset(&cf, 0, sizeof cf);
    snprintf(quoted, sizeof quoted, "\"%s\"", text);
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    cf.value_string = quoted;
    cf.format = f;
    wb_check_sheet(sh, "conditional format",
                   worksheet_conditional_format_range(sh->ws, r0, c, r1, c, &cf));
}

/* A formula rule over one column, written for its first row (r0) as Excel wants. */
void wb_cf_formula(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c,
                   const char *formula, lxw_format *f)
{
    lxw_conditional_format cf;
    if (!wb_ok(sh->w) || r1 < r0 || f == NULL)
        return;
    memset(&cf, 0, sizeof cf);
    cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
    cf.value_string = (char *)formula;
    cf.format = f;
    wb_check_sheet(sh, "conditional format",
                   worksheet_conditional_format_range(sh->ws, r0, c, r1, c, &cf));
}

/* A "cell equals number" rule over one column. */
void wb_cf_equals_num(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c, double v,
                      lxw_format *f)
{
    lxw_conditional_format cf;
    if (!wb_ok(sh->w) || r1 < r0 || f == NULL)
        return;
    memset(&cf, 0, sizeof cf);
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
    cf.value = v;
    cf.format = f;
    wb_check_sheet(sh, "conditional format",
                   worksheet_conditional_format_range(sh->ws, r0, c, r1, c, &cf));
}

void wb_cf_verdicts(struct sheet *sh, lxw_row_t r0, lxw_row_t r1, lxw_col_t c)
{
    for (int v = MC_VERDICT_MEETS; v <= MC_VERDICT_BREACH; v++)
        wb_cf_equals(sh, r0, r1, c, mc_verdict_name((enum mc_verdict)v), sh->w->f.cf_verdict[v]);
}

/* ---- text ---------------------------------------------------------------------------- */

/* Append to buf (n bytes) at *o, cutting what does not fit. */
void wb_appendf(char *buf, size_t n, size_t *o, const char *fmt, ...)
{
    va_list ap;
    int k;
    if (*o + 1 >= n)
        return;
    va_start(ap, fmt);
    k = vsnprintf(buf + *o, n - *o, fmt, ap);
    va_end(ap);
    if (k > 0)
        *o += (size_t)k < n - *o ? (size_t)k : n - *o - 1;
}

char *wb_fmt_duration(double s, char *buf, size_t n)
{
    return units_format_duration(s, buf, n);
}

/* A rate such as "1.0 GB/s". Values are rounded to 9 significant digits first, so a
 * quantile that lands a hair below a round number (exp(ln 1e9)) prints as that number. */
char *wb_fmt_rate(double bps, char *buf, size_t n)
{
    char b[48];
    if (bps > 0 && isfinite(bps)) {
        double mag = pow(10.0, floor(log10(bps)) - 8.0);
        bps = round(bps / mag) * mag;
    }
    snprintf(buf, n, "%s/s", units_format_size(bps, b, sizeof b));
    return buf;
}

const char *wb_verdict_text(const struct mc_objective *o)
{
    return o->has_target ? mc_verdict_name(o->verdict) : "n/a";
}

/* The policy in one line: "zone: RPO 6h, RTO 3h; region: RPO 1d, RTO 12h". */
void wb_policy_text(const struct plan *p, char *buf, size_t n)
{
    size_t o = 0;
    char a[32], b[32];
    buf[0] = '\0';
    for (int s = 0; s < p->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[s];
        if (sc->has_policy)
            wb_appendf(buf, n, &o, "%s%s: RPO %s, RTO %s", o ? "; " : "", sc->name,
                       wb_fmt_duration(sc->rpo_target_s, a, sizeof a),
                       wb_fmt_duration(sc->rto_target_s, b, sizeof b));
        else
            wb_appendf(buf, n, &o, "%s%s: no objective", o ? "; " : "", sc->name);
    }
}

const char *wb_clock_text(const struct plan *p)
{
    return p->rto_clock == RTO_FROM_DECLARATION
               ? "declaration (the end of each scenario's declared_by step)"
               : "outage start";
}

/* ---- native charts ------------------------------------------------------------------- */

/* The text of a native chart at WB_PRINT_BODY_PT (Excel's default is 10 pt): a chart
 * prints at its sheet's scale, which may be as small as WB_PRINT_MIN_SCALE, and its axis
 * labels and legend must still print at 8 points or more (reports/wb_print.h). */
void wb_chart_fonts(lxw_chart *ch)
{
    lxw_chart_font f;
    if (ch == NULL)
        return;
    memset(&f, 0, sizeof f);
    f.size = WB_PRINT_BODY_PT;
    chart_axis_set_num_font(ch->x_axis, &f);
    chart_axis_set_num_font(ch->y_axis, &f);
    chart_axis_set_name_font(ch->x_axis, &f);
    chart_axis_set_name_font(ch->y_axis, &f);
    chart_legend_set_font(ch, &f);
}

lxw_chart *wb_chart_new(struct wb *w, uint8_t type, const char *title, const char *x_name,
                        const char *y_name)
{
    lxw_chart_font tf;
    lxw_chart *ch = workbook_add_chart(w->book, type);
    if (ch == NULL) {
        wb_fail(w, WB_NOMEM, "adding a chart");
        return NULL;
    }
    memset(&tf, 0, sizeof tf);
    tf.size = 11;
    tf.bold = LXW_TRUE;
    chart_title_set_name(ch, title);
    chart_title_set_name_font(ch, &tf);
    chart_axis_set_name(ch->x_axis, x_name);
    chart_axis_set_name(ch->y_axis, y_name);
    chart_axis_set_num_format(ch->y_axis, "0%");
    chart_axis_set_min(ch->y_axis, 0);
    wb_chart_fonts(ch);
    return ch;
}

lxw_chart_series *wb_chart_series(struct sheet *sh, lxw_chart *ch, const char *name,
                                  lxw_row_t r0, lxw_row_t r1, lxw_col_t cx, lxw_col_t cy,
                                  lxw_color_t color, int dashed)
{
    lxw_chart_series *se;
    lxw_chart_line line;
    lxw_chart_fill fill;
    if (ch == NULL || !wb_ok(sh->w))
        return NULL;
    se = chart_add_series(ch, NULL, NULL);
    if (se == NULL) {
        wb_fail(sh->w, WB_NOMEM, "adding a chart series");
        return NULL;
    }
    chart_series_set_categories(se, sh->name, r0, cx, r1, cx);
    chart_series_set_values(se, sh->name, r0, cy, r1, cy);
    chart_series_set_name(se, name);
    memset(&line, 0, sizeof line);
    line.color = color;
    line.width = dashed ? 1.25 : 1.75;
    line.dash_type = dashed ? LXW_CHART_LINE_DASH_DASH : LXW_CHART_LINE_DASH_SOLID;
    chart_series_set_line(se, &line);
    if (!dashed) {
        memset(&fill, 0, sizeof fill);
        fill.color = color;
        chart_series_set_fill(se, &fill);
    }
    return se;
}

/* ---- numbers of the analysis workbooks ----------------------------------------------- */

/* How a swept value (or an input) is shown as a number: durations and schedules (their
 * mean interval) in hours, sizes in GB, rates in MB/s, probabilities as percentages,
 * money in dollars; *scale converts base units, *unit names the unit for headers. Returns
 * the cell format, or NULL when the kind is not a number (a choice, a time zone). */
lxw_format *wb_value_format(struct wb *w, const char *kind, double *scale, const char **unit)
{
    const struct fmts *f = &w->f;
    *scale = 1;
    *unit = "";
    if (strcmp(kind, "duration") == 0 || strcmp(kind, "schedule") == 0) {
        *scale = 1 / 3600.0;
        *unit = "h";
        return f->hours;
    }
    if (strcmp(kind, "size") == 0) {
        *scale = 1e-9;
        *unit = "GB";
        return f->gb;
    }
    if (strcmp(kind, "rate") == 0) {
        *scale = 1e-6;
        *unit = "MB/s";
        return f->num;
    }
    if (strcmp(kind, "probability") == 0)
        return f->pct;
    if (strcmp(kind, "money (USD)") == 0) {
        *unit = "$";
        return f->usd;
    }
    if (strcmp(kind, "number") == 0 || strcmp(kind, "whole number") == 0)
        return f->num;
    return NULL;
}

const char *wb_obj_word(enum sweep_objective o)
{
    return o == SWEEP_RTO ? "RTO" : "RPO";
}
