/* reports/draw_capacity.c: the platform's capacity over time in two trials of a scenario.
 *
 * Issue 11's degraded service: a scenario with a capacity model (capacity_left, or steps
 * that restore a share of capacity; models/plan.h) serves at part of its capacity once
 * service is back, and steps raise it to full capacity later. The chart draws the
 * capacity (a share of full capacity, vertical) against the time since the outage started
 * (horizontal, linear) as a step function for two trials the results carry: the typical
 * one (the median RTO, as on the timeline) and the P95 one (a bad but not worst outage).
 * Capacity is 0 until the platform serves again, then what sim/trial.h's
 * trial_capacity_at gives: the largest of the capacity the outage leaves and the
 * capacity of every capacity step ended by then (1 once the primary serves again in a
 * trial recovered in place). The platform serves again when the scenario's
 * service_restored_by step ends (or the primary returns, in a trial recovered in place),
 * and at the latest at the scenario's service restoration (trial_result.service_s): with
 * services and MBCOs, the scenario's restoration is the moment its policy's services are
 * back at their MBCO, which may be well after the platform serves at a degraded
 * capacity, and the degraded stretch before it is what the chart is for. A dot on each
 * curve marks the trial's service restoration. Horizontal lines mark full capacity
 * (100 %) and the MBCO of each service whose restoration is the scenario's (the policy's
 * services, when they state one): where a curve crosses an MBCO line is when that service
 * counts as restored.
 * A vertical line marks the RTO target, from the typical trial's RTO origin (the outage
 * start, or its declaration under rto_clock: declaration). A scenario without a capacity
 * model has no capacity chart (draw_chart_applies); drawn anyway (a PNG in memory), it
 * says so.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reports/damage.h"
#include "reports/draw_int.h"

int draw_capacity_steps(const struct scenario *sc, const struct trial_result *tr, double *t_s,
                        double *cap, int max)
{
    double cand[PLAN_MAX_STEPS + 2];
    int n = 0, nc = 0;
    if (max < 1)
        return 0;
    t_s[n] = 0;
    cap[n++] = 0;
    /* When the platform serves again: the service step's end, the primary's return in a
     * trial recovered in place, at the latest the scenario's service restoration. */
    double up = tr->service_s;
    if (sc->service_step >= 0 && sc->service_step < tr->n_steps &&
        tr->steps[sc->service_step].state == TRIAL_STEP_DONE &&
        tr->steps[sc->service_step].end_s < up)
        up = tr->steps[sc->service_step].end_s;
    if (tr->in_place && tr->primary_back_s < up)
        up = tr->primary_back_s;
    if (!(up >= 0) || !isfinite(up))
        return n;   /* never served again: no capacity at all */
    /* The moments capacity can change: then, the end of each capacity step after it, and
     * the primary's return in a trial recovered in place. */
    cand[nc++] = up;
    for (int i = 0; i < sc->n_steps && i < tr->n_steps; i++) {
        const struct trial_step *ts = &tr->steps[i];
        if (!isnan(sc->steps[i].capacity) && ts->state == TRIAL_STEP_DONE &&
            ts->end_s > up && isfinite(ts->end_s))
            cand[nc++] = ts->end_s;
    }
    if (tr->in_place && isfinite(tr->primary_back_s) && tr->primary_back_s > up)
        cand[nc++] = tr->primary_back_s;
    for (int i = 1; i < nc; i++)   /* insertion sort: few candidates */
        for (int j = i; j > 0 && cand[j] < cand[j - 1]; j--) {
            double x = cand[j];
            cand[j] = cand[j - 1];
            cand[j - 1] = x;
        }
    for (int i = 0; i < nc; i++) {
        double v = trial_capacity_at(sc, tr, cand[i]);
        if (cand[i] == t_s[n - 1]) {
            cap[n - 1] = v;          /* service at the outage start: no zero segment */
        } else if (v != cap[n - 1] && n < max) {
            t_s[n] = cand[i];
            cap[n++] = v;
        }
    }
    return n;
}

int draw_chart_applies(const struct mc_results *r, int s, enum draw_chart c)
{
    if (!r || s < 0 || s >= r->n_scenarios || !draw_chart_name(c))
        return 0;
    if (c == DRAW_CAPACITY)
        return !isnan(r->plan->scenarios[r->scenarios[s].scenario].capacity_left);
    return 1;
}

/* One trial's capacity as a step line over plot area a, to the right edge. */
static void capacity_line(cairo_t *cr, const struct box *a, const struct plot_scale *xs,
                          const struct plot_scale *ys, const double *t_s, const double *cap,
                          int n, struct rgb colour, double lw, double alpha)
{
    cairo_save(cr);
    cairo_rectangle(cr, a->x - lw, a->y - lw, a->w + 2 * lw, a->h + 2 * lw);
    cairo_clip(cr);
    cairo_move_to(cr, plot_scale_clamp(xs, t_s[0]), plot_scale_map(ys, cap[0]));
    for (int i = 1; i < n; i++) {
        double x = plot_scale_clamp(xs, t_s[i]);
        cairo_line_to(cr, x, plot_scale_map(ys, cap[i - 1]));
        cairo_line_to(cr, x, plot_scale_map(ys, cap[i]));
    }
    cairo_line_to(cr, a->x + a->w, plot_scale_map(ys, cap[n - 1]));
    draw_set_cola(cr, colour, alpha);
    cairo_set_line_width(cr, lw);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The MBCO lines of the policy's services that state one: a dashed line per distinct
 * share, labelled "MBCO 60%: checkout, web" at the left of the plot. */
static void mbco_lines(cairo_t *cr, double fs, const struct box *a, const struct plot_scale *ys,
                       const struct plan *p, const struct scenario *sc)
{
    for (int k = 0; k < sc->n_policy_services && sc->policy_services; k++) {
        double m = p->services[sc->policy_services[k]].mbco_capacity;
        int seen = 0;
        for (int j = 0; j < k; j++)
            seen |= p->services[sc->policy_services[j]].mbco_capacity == m;
        if (!(m > 0) || seen)
            continue;
        char lab[512];
        size_t len = (size_t)snprintf(lab, sizeof lab, "MBCO %.4g%%:", 100.0 * m);
        for (int j = k, first = 1; j < sc->n_policy_services && len < sizeof lab; j++) {
            const struct service *sv = &p->services[sc->policy_services[j]];
            if (sv->mbco_capacity != m)
                continue;
            len += (size_t)snprintf(lab + len, sizeof lab - len, "%s %s", first ? "" : ",",
                                    sv->name);
            first = 0;
        }
        double y = plot_scale_map(ys, m);
        draw_hline(cr, a->x, a->x + a->w, y, C_MUTED, 1.2, fs * 0.35);
        draw_font(cr, fs * 0.8, F_NORMAL);
        draw_text_boxed(cr, a->x + fs * 0.4, y - fs * 0.15, 0, 1, lab, C_MUTED);
    }
}

void draw_chart_capacity(cairo_t *cr, const struct chart *ch, const struct box *b)
{
    const struct scenario *sc = ch->sc;
    const struct mc_scenario_result *sr = ch->sr;
    const double fs = ch->fs;
    char title[256], lab[2][160], d[2][32];

    snprintf(title, sizeof title, "Capacity over time, %s %s", sc->name, damage_events_word(sc));
    double y = draw_chart_title(cr, ch, b, title,
                                "the platform's capacity as a share of full capacity, from the "
                                "outage start: 0 until the platform serves again");
    if (isnan(sc->capacity_left)) {
        draw_font(cr, fs, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_para(cr, b->x, y + fs, b->w, draw_line_box(cr), b->y + b->h,
                  "No capacity model: the scenario states no capacity_left and no step that "
                  "restores capacity, so service is all or nothing.", 1);
        return;
    }
    double t[2][PLAN_MAX_STEPS + 3], c[2][PLAN_MAX_STEPS + 3];
    const struct trial_result *tr[2] = {&sr->typical, &sr->p95};
    int n[2];
    double hi = 0;
    for (int k = 0; k < 2; k++) {
        n[k] = draw_capacity_steps(sc, tr[k], t[k], c[k], PLAN_MAX_STEPS + 3);
        hi = fmax(hi, t[k][n[k] - 1]);
    }
    /* The RTO target from the typical trial's RTO origin (outage start or declaration). */
    double origin = isfinite(tr[0]->service_s) && isfinite(tr[0]->rto_s)
                        ? tr[0]->service_s - tr[0]->rto_s : 0;
    double target_at = sc->has_policy ? origin + sc->rto_target_s : NAN;
    if (isfinite(target_at))
        hi = fmax(hi, target_at);
    hi = hi > 0 ? hi * 1.12 : 3600;

    snprintf(lab[0], sizeof lab[0], "typical trial (#%llu, median RTO %s)",
             (unsigned long long)sr->median_rto_trial, draw_dur(tr[0]->rto_s, d[0], sizeof d[0]));
    snprintf(lab[1], sizeof lab[1], "P95 trial (#%llu, RTO %s)",
             (unsigned long long)sr->p95_rto_trial, draw_dur(tr[1]->rto_s, d[1], sizeof d[1]));
    struct legend_item li[5] = {{lab[0], C_CURVE, LEGEND_SWATCH}, {lab[1], C_RISK, LEGEND_SWATCH},
                                {"\xe2\x97\x8f the scenario's service restored", C_INK,
                                 LEGEND_TEXT}};
    int nl = 3;
    int any_mbco = 0;
    for (int k = 0; k < sc->n_policy_services && sc->policy_services; k++)
        any_mbco |= ch->p->services[sc->policy_services[k]].mbco_capacity > 0;
    if (any_mbco)
        li[nl++] = (struct legend_item){"MBCO of a service restoring the scenario's service",
                                        C_MUTED, LEGEND_LINE};
    if (isfinite(target_at))
        li[nl++] = (struct legend_item){"RTO target", C_BREACH, LEGEND_LINE};
    y += draw_legend(cr, fs, b->x, y + fs * 0.3, b->w, li, nl, 1) + fs * 1.6;

    draw_font(cr, fs * 0.85, F_NORMAL);
    double left = draw_text_w(cr, "100%") + fs * 2.4;
    struct box a = {b->x + left, y, b->w - left - fs * 1.2, b->y + b->h - y - fs * 3.2};
    if (a.w < fs * 4 || a.h < fs * 3)
        return;
    int is_log;
    struct plot_scale xs, ys;
    draw_time_scale(&xs, 0, hi, 1e300, a.x, a.x + a.w, &is_log);
    plot_scale_linear(&ys, 0, 1.08, a.y + a.h, a.y);
    struct box pa = {a.x, plot_scale_map(&ys, 1.0), a.w, a.y + a.h - plot_scale_map(&ys, 1.0)};
    draw_percent_axis(cr, fs, &pa, &ys, 1.0, "capacity (share of full)", b->x + fs * 0.7);
    draw_time_axis(cr, fs, &a, &xs, "time since the outage started", a.w);

    /* Full capacity. */
    double y1 = plot_scale_map(&ys, 1.0);
    draw_hline(cr, a.x, a.x + a.w, y1, C_INK, 1.2, 0);
    draw_font(cr, fs * 0.8, F_NORMAL);
    draw_text_boxed(cr, a.x + a.w - fs * 0.4, y1 - fs * 0.15, 1, 1, "full capacity 100%", C_INK);
    mbco_lines(cr, fs, &a, &ys, ch->p, sc);
    /* The P95 trial under the typical one, wider and lighter, so both show where they
     * coincide. */
    capacity_line(cr, &a, &xs, &ys, t[1], c[1], n[1], C_RISK, fmax(3.0, fs * 0.42), 0.75);
    capacity_line(cr, &a, &xs, &ys, t[0], c[0], n[0], C_CURVE, fmax(1.5, fs * 0.16), 1.0);
    /* Each trial's service restoration on its curve. */
    for (int k = 1; k >= 0; k--) {
        double ts = tr[k]->service_s;
        if (!isfinite(ts) || ts > hi)
            continue;
        double cy = plot_scale_map(&ys, trial_capacity_at(sc, tr[k], ts));
        cairo_arc(cr, plot_scale_clamp(&xs, ts), cy, fs * (k ? 0.45 : 0.3), 0, 2 * M_PI);
        draw_set_col(cr, k ? C_RISK : C_CURVE);
        cairo_fill(cr);
    }
    if (isfinite(target_at))
        draw_target_mark(cr, fs, &a, b, plot_scale_clamp(&xs, target_at), sc->rto_target_s,
                         fs * 0.85);
}
