/* reports/draw_stores.c: data loss per store, for one scenario's outages.
 *
 * A row per store in plan order with three nested bars from zero: the maximum (full
 * height, lightest), P95 and P50 (darkest) of the data the store lost over the trials,
 * on a time axis (log when the values span a wide range), with the scenario's RPO
 * target as a vertical line. A store that had no usable recovery point in some outages
 * has "lost in x% of outages" beside it (a count, "lost in 2 of 100000 outages", below
 * 0.1 %): that data is gone, not late. An infinite P50 or P95 is hatched in red across the
 * plot at its height; an infinite maximum alone only as a red sliver at the right end. Stores that do not count for RPO are named in
 * italic grey; the legend lists only the encodings that occur.
 */
#include <math.h>
#include <stdio.h>

#include "reports/damage.h"
#include "reports/draw_int.h"

static const struct scenario *ch_sc(const struct plan *p, const struct mc_scenario_result *sr)
{
    return &p->scenarios[sr->scenario];
}

/* The note right of store i's bars: "lost in 3.1% of outages" (is_lost set), "rebuilt",
 * "no loss", or nothing. */
static void store_note(const struct plan *p, const struct mc_scenario_result *sr, int i, char *buf,
                       size_t n, int *is_lost)
{
    const struct store *st = &p->stores[i];
    const struct mc_store_result *so = &sr->stores[i];
    *is_lost = 0;
    if (so->n_no_point > 0) {
        *is_lost = 1;
        double f = draw_share(so->n_no_point, sr->n_trials);
        /* A rare loss is counted, never rounded to "0.0%". */
        if (f < 0.001)
            snprintf(buf, n, "lost in %llu of %llu %s", (unsigned long long)so->n_no_point,
                     (unsigned long long)sr->n_trials, damage_events_word(ch_sc(p, sr)));
        else
            snprintf(buf, n, "lost in %.1f%% of %s", 100.0 * f, damage_events_word(ch_sc(p, sr)));
    } else if (st->recovery == STORE_RECOVER_REBUILD) {
        snprintf(buf, n, "rebuilt");
    } else if (so->rpo.max_s == 0) {
        snprintf(buf, n, "no loss");
    } else {
        buf[0] = '\0';
    }
}

void draw_chart_stores(cairo_t *cr, const struct chart *ch, const struct box *b)
{
    const struct plan *p = ch->p;
    const struct mc_scenario_result *sr = ch->sr;
    const double fs = ch->fs;
    const int n = sr->n_stores;
    char title[256];

    snprintf(title, sizeof title, "Data loss per store, %s %s", ch->sc->name,
             damage_events_word(ch->sc));
    double y = draw_chart_title(cr, ch, b, title, NULL);
    int any_inf = 0, any_excluded = 0;
    for (int i = 0; i < n; i++) {
        any_inf |= !isfinite(sr->stores[i].rpo.max_s);
        any_excluded |= !p->stores[i].counts_for_rpo;
    }
    struct legend_item li[6] = {{"P50", C_CURVE, LEGEND_SWATCH},
                                {"P95", C_P95, LEGEND_SWATCH},
                                {"max", C_MAX, LEGEND_SWATCH}};
    int nl = 3;
    if (any_inf)
        li[nl++] = (struct legend_item){"no usable recovery point", C_BREACH, LEGEND_HATCHED};
    if (any_excluded)
        li[nl++] = (struct legend_item){"not counted for RPO", C_MUTED, LEGEND_TEXT};
    if (ch->sc->has_policy)
        li[nl++] = (struct legend_item){"RPO target", C_BREACH, LEGEND_LINE};
    y += draw_legend(cr, fs, b->x, y, b->w, li, nl, 1) + fs * 1.2;
    if (n == 0)
        return;

    const char *names[PLAN_MAX_STORES];
    char notes[PLAN_MAX_STORES][96];
    int lost[PLAN_MAX_STORES];
    for (int i = 0; i < n; i++) {
        names[i] = p->stores[i].name;
        store_note(p, sr, i, notes[i], sizeof notes[i], &lost[i]);
    }
    draw_font(cr, fs * 0.85, F_NORMAL);
    double lw = fmin(plot_max_label_width(names, n, draw_measure, cr), b->w * 0.25);
    draw_font(cr, fs * 0.85, F_BOLD); /* at least the size the notes are drawn in */
    double nw = 0;
    for (int i = 0; i < n; i++)
        nw = fmax(nw, draw_text_w(cr, notes[i]));
    nw = fmin(nw, b->w * 0.3);
    struct box a = {b->x + lw + fs * 0.8, y, b->w - lw - nw - fs * 1.8, b->y + b->h - y - fs * 3.2};
    if (a.w < fs * 4 || a.h < fs * 2)
        return;

    double lo = INFINITY, hi = 0;
    for (int i = 0; i < n; i++) {
        const struct mc_percentiles *pc = &sr->stores[i].rpo;
        double vals[3] = {pc->p50_s, pc->p95_s, pc->max_s};
        for (int k = 0; k < 3; k++)
            if (isfinite(vals[k]) && vals[k] > 0) {
                lo = fmin(lo, vals[k]);
                hi = fmax(hi, vals[k]);
            }
    }
    if (ch->sc->has_policy && ch->sc->rpo_target_s > 0) {
        hi = fmax(hi, ch->sc->rpo_target_s);
        lo = fmin(lo, ch->sc->rpo_target_s);
    }
    int is_log;
    struct plot_scale xs;
    draw_time_scale(&xs, isfinite(lo) ? lo : 0, hi, 30.0, a.x, a.x + a.w, &is_log);
    struct plot_band band[PLAN_MAX_STORES];
    double pitch = plot_bands(n, a.y, a.y + a.h, fs * ch->row_max, 0.72, band);
    a.h = pitch * n;
    for (int i = 1; i < n; i += 2) {
        cairo_rectangle(cr, a.x, band[i].mid - pitch / 2, a.w, pitch);
        draw_set_col(cr, C_BAND);
        cairo_fill(cr);
    }
    draw_time_axis(cr, fs, &a, &xs, is_log ? "data lost (log scale)" : "data lost", a.w + nw);
    double lab_fs = fmin(fs * 0.85, pitch * 0.72);
    for (int i = 0; i < n; i++) {
        const struct store *st = &p->stores[i];
        const struct mc_percentiles *pc = &sr->stores[i].rpo;
        draw_font(cr, lab_fs, st->counts_for_rpo ? F_NORMAL : F_ITALIC);
        draw_set_col(cr, st->counts_for_rpo ? C_INK : C_MUTED);
        draw_fit_at(cr, a.x - fs * 0.5, band[i].mid, 1, 0.5, lw, st->name);
        /* max (full height, light), P95 (60 %), P50 (30 %), each from 0. */
        double vals[3] = {pc->max_s, pc->p95_s, pc->p50_s}, frac[3] = {1.0, 0.62, 0.3};
        struct rgb cols[3] = {C_MAX, C_P95, C_CURVE};
        for (int k = 0; k < 3; k++) {
            if (!(vals[k] > 0))
                continue;
            double hh = band[i].h * frac[k], yy = band[i].mid - hh / 2;
            double x1 = isfinite(vals[k]) ? plot_scale_clamp(&xs, vals[k]) : a.x + a.w;
            if (!isfinite(vals[k])) {
                /* An infinite P95 or P50 (lost in 5 % or 50 % of the outages and more) is
                 * hatched across the plot at its own height; an infinite maximum alone (a
                 * rarer loss) only as a sliver at the right end, so that a store lost once
                 * in 100,000 outages does not look like one lost in most of them. */
                double x0 = k == 0 ? a.x + a.w - fs * 1.2 : a.x;
                draw_hatch_rect(cr, x0, yy, x1 - x0, hh, C_BREACH);
                continue;
            }
            cairo_rectangle(cr, a.x, yy, fmax(x1 - a.x, 1.5), hh);
            draw_set_col(cr, cols[k]);
            cairo_fill(cr);
        }
        if (notes[i][0]) {
            draw_font(cr, lab_fs * 0.95, lost[i] ? F_BOLD : F_NORMAL);
            draw_set_col(cr, lost[i] ? C_BREACH : C_MUTED);
            draw_fit_at(cr, a.x + a.w + fs * 0.6, band[i].mid, 0, 0.5, nw + fs * 0.4, notes[i]);
        }
    }
    if (ch->sc->has_policy)
        draw_target_mark(cr, fs, &a, b, plot_scale_clamp(&xs, ch->sc->rpo_target_s),
                         ch->sc->rpo_target_s, fs * 0.8);
}
