/* reports/draw_dist.c: the distributions of RTO and RPO, as a CDF and as a histogram.
 *
 * The CDF is read against the policy: the share of outages (vertical) whose value is at
 * most x (horizontal, a log time axis when the values span a wide range), with the
 * target as a vertical line, the required confidence as a horizontal one, and the value
 * reached at that confidence marked in the verdict's colour. The curve is read from the
 * results' histogram (sim/hist.h: bins 0.1 % wide) once per device column, so a
 * million trials cost no more to draw than a thousand. Two
 * kinds of value cannot sit on a log axis and are labelled instead: zero (no data lost:
 * the curve starts above 0 %) and infinity (no usable recovery point: the curve stops
 * below 100 %, with a red dashed segment up to the top).
 *
 * The histogram shows the fixed log bins of the results (20 a decade, sim/mc.h), with
 * the values below one second and the infinite or beyond-range values as separate bars
 * at the sides.
 */
#include <math.h>
#include <stdio.h>

#include "reports/damage.h"
#include "reports/draw_int.h"

/* ---- CDF ---------------------------------------------------------------------------- */

#define MAX_COLS 2048

/* What one CDF shows: the distribution of one objective and its counts. */
struct cdf {
    const struct hist *h;          /* the objective's histogram over all trials */
    const struct mc_objective *ob; /* the objective against the policy */
    uint64_t n, n_inf, n_fin;      /* trials, infinite values, finite values */
    uint64_t n_zero;               /* values equal to 0 */
    double vac;                    /* value at the required confidence (NAN: no target) */
};

/* One objective's summary: "target 3h · met in 65.3% of outages (95% CI 64.6–66.0%)". */
static void objective_line(const struct mc_objective *ob, char *buf, size_t n)
{
    char t[32];
    if (!ob->has_target) {
        snprintf(buf, n, "no target in the policy");
        return;
    }
    snprintf(buf, n, "target %s" MIDDOT "met in %.1f%% of outages (95%% CI %.1f" EN_DASH "%.1f%%)",
             draw_dur(ob->target_s, t, sizeof t), 100.0 * ob->p_met, 100.0 * ob->ci_lo,
             100.0 * ob->ci_hi);
}

/* Title, then the objective's summary with the verdict chip at its end; returns the y
 * below, with room for the target label above the plot. */
static double cdf_heading(cairo_t *cr, const struct chart *ch, const struct box *b, int rpo,
                          const struct mc_objective *ob)
{
    const double fs = ch->fs;
    char title[256], sub[256];
    snprintf(title, sizeof title, "%s: %s, %s %s", rpo ? "RPO" : "RTO",
             rpo ? "data loss" : "downtime", ch->sc->name, damage_events_word(ch->sc));
    objective_line(ob, sub, sizeof sub);
    double y = draw_chart_title(cr, ch, b, title, NULL);
    draw_font(cr, fs * 0.9, F_NORMAL);
    double chip_w = 0;
    if (ob->has_target) {
        draw_font(cr, fs * 0.85, F_BOLD);
        chip_w = draw_text_w(cr, mc_verdict_name(ob->verdict)) + fs * 1.6;
        draw_font(cr, fs * 0.9, F_NORMAL);
    }
    draw_set_col(cr, C_MUTED);
    double sw = draw_fit_at(cr, b->x, y, 0, 0, b->w - chip_w, sub);
    if (ob->has_target)
        draw_chip(cr, b->x + sw + fs * 0.6, y + draw_line_box(cr) / 2, fs * 0.85, ob->verdict,
                  NULL);
    return y + draw_line_box(cr) * 1.1 + fs * 1.5;
}

/* The data range of the time axis: from a low percentile of the positive values to the
 * largest finite value, the target and the achieved percentile. */
static void cdf_range(const struct cdf *d, double *lo, double *hi)
{
    const struct mc_objective *ob = d->ob;
    *lo = 0;
    *hi = 0;
    if (d->n_fin > d->n_zero) {
        *lo = hist_order_stat(d->h, d->n_zero + (d->n_fin - d->n_zero) / 100);
        *hi = d->h->max_finite_s;
    }
    if (ob->has_target) {
        *hi = fmax(*hi, ob->target_s);
        if (*lo > 0 && ob->target_s > 0)
            *lo = fmin(*lo, ob->target_s);
    }
    if (isfinite(d->vac) && d->vac > 0) {
        *hi = fmax(*hi, d->vac);
        if (*lo > 0)
            *lo = fmin(*lo, d->vac);
    }
}

/* The curve, sampled once per device column of plot area a, as a step function. */
static void cdf_curve(cairo_t *cr, double fs, const struct box *a, const struct cdf *d,
                      const struct plot_scale *xs, const struct plot_scale *ys)
{
    double px[MAX_COLS], pp[MAX_COLS], v[MAX_COLS] = {0};
    uint64_t n_le[MAX_COLS];
    int m = (int)fmin(MAX_COLS, fmax(2, a->w));
    if (d->n == 0)
        return;
    for (int i = 0; i < m; i++) {
        px[i] = xs->r0 + (xs->r1 - xs->r0) * (double)i / (double)(m - 1);
        v[i] = i == 0 ? xs->d0 : i == m - 1 ? xs->d1 : plot_scale_invert(xs, px[i]);
        if (i > 0 && v[i] < v[i - 1])
            v[i] = v[i - 1];    /* keep the walk ascending despite rounding */
    }
    hist_count_upto(d->h, v, (size_t)m, n_le);
    for (int i = 0; i < m; i++)
        pp[i] = (double)n_le[i] / (double)d->n;
    cairo_save(cr);
    cairo_rectangle(cr, a->x - 2, a->y - 2, a->w + 4, a->h + 4);
    cairo_clip(cr);
    draw_set_col(cr, C_CURVE);
    cairo_set_line_width(cr, fmax(1.5, fs * 0.16));
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cr, px[0], plot_scale_map(ys, pp[0]));
    for (int i = 1; i < m; i++) {
        if (pp[i] != pp[i - 1])
            cairo_line_to(cr, px[i], plot_scale_map(ys, pp[i - 1]));
        cairo_line_to(cr, px[i], plot_scale_map(ys, pp[i]));
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The values a log axis cannot show: zeros (RPO only: "no data lost in 12% of
 * outages") and infinities (the curve stops below 100 %: "3.1% no usable point"). */
static void cdf_off_axis(cairo_t *cr, double fs, const struct box *a, const struct cdf *d,
                         const struct plot_scale *ys, double conf, int rpo)
{
    char lab[128];
    draw_font(cr, fs * 0.85, F_NORMAL);
    if (d->n_zero > 0 && rpo) {
        snprintf(lab, sizeof lab, "no data lost in %.1f%% of outages",
                 100.0 * draw_share(d->n_zero, d->n));
        double fz = draw_share(d->n_zero, d->n), yz = plot_scale_map(ys, fz);
        if (fz < 0.8)
            draw_text_boxed(cr, a->x + fs * 0.4, yz + fs * 0.3, 0, 0, lab, C_CURVE);
        else /* near the top: below the confidence line, clear of the marker's label */
            draw_text_boxed(cr, a->x + a->w / 2, plot_scale_map(ys, fmin(fz, conf)) + fs * 2.2, 0.5,
                            0, lab, C_CURVE);
    }
    if (d->n_inf > 0) {
        double top = plot_scale_map(ys, 1.0);
        double plateau = plot_scale_map(ys, draw_share(d->n_fin, d->n));
        draw_vline(cr, a->x + a->w - 1.5, top, plateau, C_BREACH, fmax(1.5, fs * 0.16), fs * 0.35);
        snprintf(lab, sizeof lab, "%.1f%% no usable point", 100.0 * draw_share(d->n_inf, d->n));
        draw_font(cr, fs * 0.85, F_BOLD);
        int inside = plateau - top > draw_line_box(cr) * 1.3;
        double yl = inside ? (top + plateau) / 2 : plateau + fs * 0.2;
        draw_text_boxed(cr, a->x + a->w - fs * 0.5, yl, 1, inside ? 0.5 : 0, lab, C_BREACH);
    }
}

/* The value reached at the required confidence (at y = yc): a dot on the confidence line
 * with a drop line to the axis and "P95 = 2h10m", or a dot at the right edge with "P95:
 * no usable point" when that value is infinite. */
static void cdf_achieved(cairo_t *cr, double fs, const struct box *a, const struct cdf *d,
                         const struct plot_scale *xs, double yc, double conf)
{
    char pl[16], lab[128], b2[32];
    draw_pct_label(conf, pl, sizeof pl);
    struct rgb vc = draw_darker(draw_verdict_colour(d->ob->verdict), 0.85);
    draw_font(cr, fs * 0.9, F_BOLD);
    if (isfinite(d->vac)) {
        double xv = plot_scale_clamp(xs, d->vac);
        draw_vline(cr, xv, yc, a->y + a->h, vc, 1.2, fs * 0.2);
        cairo_arc(cr, xv, yc, fs * 0.33, 0, 2 * M_PI);
        draw_set_col(cr, vc);
        cairo_fill(cr);
        snprintf(lab, sizeof lab, "%s = %s", pl, draw_dur(d->vac, b2, sizeof b2));
        double w = draw_text_w(cr, lab);
        int right = xv + fs * 0.6 + w <= a->x + a->w;
        draw_text_boxed(cr, right ? xv + fs * 0.6 : xv - fs * 0.6, yc + fs * 0.35, right ? 0 : 1, 0,
                        lab, vc);
    } else {
        double xv = a->x + a->w;
        cairo_arc(cr, xv, yc, fs * 0.33, 0, 2 * M_PI);
        draw_set_col(cr, vc);
        cairo_fill(cr);
        snprintf(lab, sizeof lab, "%s: no usable point", pl);
        draw_text_boxed(cr, xv - fs * 0.6, yc + fs * 0.35, 1, 0, lab, vc);
    }
}

void draw_chart_cdf(cairo_t *cr, const struct chart *ch, const struct box *b, int rpo)
{
    const struct mc_scenario_result *sr = ch->sr;
    const struct mc_percentiles *pc = rpo ? &sr->rpo : &sr->rto;
    const double fs = ch->fs, conf = ch->p->confidence;
    struct cdf d;
    d.h = rpo ? &sr->rpo_dist : &sr->rto_dist;
    d.ob = rpo ? &sr->rpo_obj : &sr->rto_obj;
    d.n = sr->n_trials;
    d.n_inf = pc->n_infinite;
    d.n_fin = d.n - d.n_inf;
    char lab[128];

    double y = cdf_heading(cr, ch, b, rpo, d.ob);
    d.n_zero = d.h->n_zero;
    d.vac = d.ob->has_target ? d.ob->value_at_confidence_s : NAN;
    double lo, hi;
    cdf_range(&d, &lo, &hi);

    draw_font(cr, fs * 0.85, F_NORMAL);
    double left = draw_text_w(cr, "100%") + fs * 2.4;
    struct box a = {b->x + left, y, b->w - left - fs * 1.2, b->y + b->h - y - fs * 3.2};
    if (a.w < fs * 4 || a.h < fs * 3)
        return;
    int is_log;
    struct plot_scale xs, ys;
    draw_time_scale(&xs, lo, hi, 30.0, a.x, a.x + a.w, &is_log);
    plot_scale_linear(&ys, 0, 1, a.y + a.h, a.y);

    char xtitle[160];
    snprintf(xtitle, sizeof xtitle, "%s%s",
             rpo ? "data lost: age of the newest usable recovery point"
             : ch->sc->rto_clock == RTO_FROM_DECLARATION
                 ? "downtime: declaration to service restored"
             : ch->sc->rto_clock == RTO_FROM_DETECTION
                 ? "downtime: detection of the damage to service restored"
             : ch->sc->damage.present
                 ? "downtime: onset of the damage to service restored"
                 : "downtime: outage start to service restored",
             is_log ? " (log scale)" : "");
    snprintf(lab, sizeof lab, "share of outages with %s " LEQ " x", rpo ? "RPO" : "RTO");
    draw_percent_axis(cr, fs, &a, &ys, 1.0, lab, b->x + fs * 0.7);
    draw_time_axis(cr, fs, &a, &xs, xtitle, a.w);

    cdf_curve(cr, fs, &a, &d, &xs, &ys);
    cdf_off_axis(cr, fs, &a, &d, &ys, conf, rpo);
    /* Required confidence. */
    double yc = plot_scale_map(&ys, conf);
    draw_hline(cr, a.x, a.x + a.w, yc, C_MUTED, 1, fs * 0.3);
    draw_font(cr, fs * 0.8, F_NORMAL);
    snprintf(lab, sizeof lab, "required %.4g%%", 100.0 * conf);
    draw_text_boxed(cr, a.x + fs * 0.4, yc - fs * 0.15, 0, 1, lab, C_MUTED);
    if (d.ob->has_target) {
        draw_target_mark(cr, fs, &a, b, plot_scale_clamp(&xs, d.ob->target_s), d.ob->target_s,
                         fs * 0.85);
        cdf_achieved(cr, fs, &a, &d, &xs, yc, conf);
    }
}

/* ---- histogram ---------------------------------------------------------------------- */

/* One of the separate bars beside the binned ones: left edge x0, width of a slot, the
 * share f of outages, its colours and the label under it. */
static void hist_side_bar(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *ys,
                          double x0, double slot, double f, struct rgb fill, struct rgb ink,
                          const char *under)
{
    char lab[96];
    double yt = plot_scale_map(ys, f);
    cairo_rectangle(cr, x0, yt, slot * 0.6, a->y + a->h - yt);
    draw_set_col(cr, fill);
    cairo_fill(cr);
    draw_set_col(cr, ink);
    draw_text_at(cr, x0 + slot * 0.3, a->y + a->h + fs * 0.4, 0.5, 0, under);
    snprintf(lab, sizeof lab, "%.1f%%", 100 * f);
    draw_text_at(cr, x0 + slot * 0.3, yt - fs * 0.2, 0.5, 1, lab);
}

void draw_chart_hist(cairo_t *cr, const struct chart *ch, const struct box *b, int rpo)
{
    const struct mc_scenario_result *sr = ch->sr;
    const struct mc_hist *h = rpo ? &sr->rpo_hist : &sr->rto_hist;
    const struct mc_percentiles *pc = rpo ? &sr->rpo : &sr->rto;
    const struct mc_objective *ob = rpo ? &sr->rpo_obj : &sr->rto_obj;
    const double fs = ch->fs, n = (double)sr->n_trials;
    const int last = MC_HIST_BINS - 1;
    char title[256];

    snprintf(title, sizeof title, "%s distribution, %s %s",
             rpo ? "RPO (data loss)" : "RTO (downtime)", ch->sc->name, damage_events_word(ch->sc));
    double y = draw_chart_title(cr, ch, b, title, "share of outages per bin (20 bins per decade)");
    y += fs * 1.1;

    int first = -1, end = -1;
    double peak = 0;
    for (int i = 1; i < last; i++)
        if (h->counts[i] > 0) {
            if (first < 0)
                first = i;
            end = i;
        }
    for (int i = 0; i <= last; i++)
        peak = fmax(peak, (double)h->counts[i] / n);
    int has_zero = h->counts[0] > 0, has_top = h->counts[last] > 0;

    draw_font(cr, fs * 0.85, F_NORMAL);
    double left = draw_text_w(cr, "100%") + fs * 2.4;
    double slot = fs * 3.2; /* width of the separate "< 1s" and "none" bars */
    struct box a = {b->x + left + (has_zero ? slot : 0), y,
                    b->w - left - fs * 1.2 - (has_zero ? slot : 0) - (has_top ? slot : 0),
                    b->y + b->h - y - fs * 3.2};
    if (a.w < fs * 4 || a.h < fs * 3)
        return;
    double lo = first >= 0 ? mc_hist_lower_s(first) : 60,
           hi = first >= 0 ? mc_hist_upper_s(end) : 3600;
    if (ob->has_target && ob->target_s > 0) {
        lo = fmin(lo, ob->target_s);
        hi = fmax(hi, ob->target_s);
    }
    int is_log;
    struct plot_scale xs, ys;
    draw_time_scale(&xs, lo, hi, 1.0, a.x, a.x + a.w, &is_log);
    double ymax = peak > 0 ? peak * 1.12 : 1.0;
    plot_scale_linear(&ys, 0, ymax, a.y + a.h, a.y);
    struct box full = {b->x + left, a.y, b->w - left - fs * 1.2, a.h};
    draw_percent_axis(cr, fs, &full, &ys, ymax, "share of outages", b->x + fs * 0.7);
    draw_time_axis(cr, fs, &a, &xs, rpo ? "data lost (log scale)" : "downtime (log scale)", full.w);

    for (int i = 1; i < last; i++) {
        if (h->counts[i] == 0)
            continue;
        double x0 = plot_scale_clamp(&xs, mc_hist_lower_s(i));
        double x1 = plot_scale_clamp(&xs, mc_hist_upper_s(i));
        double yt = plot_scale_map(&ys, (double)h->counts[i] / n);
        cairo_rectangle(cr, x0, yt, fmax(x1 - x0 - 0.5, 0.8), a.y + a.h - yt);
        draw_set_col(cr, C_CURVE);
        cairo_fill(cr);
    }
    draw_font(cr, fs * 0.85, F_NORMAL);
    if (has_zero)
        hist_side_bar(cr, fs, &a, &ys, b->x + left + slot * 0.2, slot, (double)h->counts[0] / n,
                      C_P95, C_INK, rpo ? "0" : "< 1s");
    if (has_top) {
        uint64_t n_inf = pc->n_infinite;
        hist_side_bar(cr, fs, &a, &ys, a.x + a.w + slot * 0.2, slot, (double)h->counts[last] / n,
                      n_inf > 0 ? C_BREACH : C_CURVE, n_inf > 0 ? C_BREACH : C_INK,
                      n_inf == h->counts[last] ? (rpo ? "none" : INFTY)
                                               : "\xe2\x89\xa5"
                                                 "16w");
    }
    if (ob->has_target)
        draw_target_mark(cr, fs, &a, b, plot_scale_clamp(&xs, ob->target_s), ob->target_s,
                         fs * 0.85);
}
