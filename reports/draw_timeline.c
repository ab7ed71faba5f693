/* reports/draw_timeline.c: where the time of a recovery goes, for one trial and over all.
 *
 * The timeline is a Gantt chart of the typical trial: the one at the median RTO, as the
 * engine ran it (the results carry it; reports never run the engine again). A row per
 * runbook step, in runbook order: the wait for people hatched from when the step was
 * ready to when it started, the work as a bar coloured by the step's first role, an ink
 * outline when the step was on the critical path, who did it to the right of the bar.
 * Restoration-phase rows (after service is back) are tinted. Under the steps, a lane per
 * role the trial paged (in the order of the first pages) shows the pager's side: each
 * page, each later notification (noticed or not), each person's arrival, and a stand-in
 * taking a step; a hand-over (shift.max reached) is a white bar across its step's bar. The RTO target, service restored and the end of the outage are vertical
 * lines drawn under the bars, their labels spread so that none overlaps
 * (plot_spread_labels). When the typical trial was
 * recovered in place (the outage ended before the failover passed its point of no
 * return, and the primary served again after its return time), the subtitle says so and
 * whether a failover had begun and was abandoned; its cancelled steps stop at the
 * outage end.
 *
 * The critical-path chart sums over every trial: for each step that was ever on the
 * critical path (and the wait for the go after the decision, an item of the path of its
 * own), the time it adds to the RTO per outage: the share of outages in which it was on
 * the path times the mean time it added there (draw_critical_bars). The bars are sorted
 * by that, largest first, so the main lever comes first; the label gives the time and
 * its two factors. Ranking by the share alone put every serial step level (each is on
 * the path of every outage that fails over) and the step that adds most time ninth. The
 * bars add up to the mean RTO over all outages counting the in-place ones as none, as
 * the terminal's and the pack's "most time goes to" do. Steps never on the path are
 * listed under the chart. Outages recovered in place have no critical path (the
 * primary's return, not a step, ended them): the subtitle gives their share.
 */
#include <math.h>
#include <stdio.h>

#include "models/units.h"
#include "reports/damage.h"
#include "reports/draw_int.h"

/* A vertical line of the timeline with its label. */
struct vmark {
    double x;         /* device position */
    const char *text; /* label above the plot */
    struct rgb colour;
    double dash; /* 0 = solid */
};

/* A share for a bar label: "73%", "0.4%" below one percent. */
static char *share_text(double f, char *buf, size_t n)
{
    snprintf(buf, n, f > 0 && f < 0.0095 ? "%.1f%%" : "%.0f%%", 100.0 * f);
    return buf;
}

/* "Tue 2026-03-10 14:05 UTC" for seconds since the plan's epoch. */
static void abs_time(const struct plan *p, double t_abs_s, char *buf, size_t n)
{
    static const char *const dow[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (!isfinite(t_abs_s)) {
        snprintf(buf, n, "never");
        return;
    }
    double day_f = floor(t_abs_s / 86400.0);
    long day = (long)day_f;
    int secs = (int)(t_abs_s - day_f * 86400.0);
    char date[16];
    units_format_date(p->calendar.epoch_days + day, date, sizeof date);
    snprintf(buf, n, "%s %s %02d:%02d UTC", dow[((day % 7) + 7) % 7], date, secs / 3600,
             (secs / 60) % 60);
}

static struct rgb role_colour(int role)
{
    return role < 0 ? C_AUTO : role_palette[role % N_ROLE_COLOURS];
}

/* A step's colour: its first role's, grey for steps without people. */
static struct rgb step_colour(const struct step *st)
{
    return role_colour(st->n_needs > 0 ? st->needs[0] : -1);
}

/* ---- recovery timeline (Gantt) ------------------------------------------------------ */

/* Title and the trial's summary line; returns the y below. */
static double timeline_heading(cairo_t *cr, const struct chart *ch, const struct box *b,
                               const char *title)
{
    const struct trial_result *tr = ch->tr;
    const struct scenario *sc = ch->sc;
    char sub[512], b1[32], b2[32], b3[32], when[48], before[128];
    abs_time(ch->p, tr->start_abs_s, when, sizeof when);
    if (sc->ponr_step >= 0)
        snprintf(before, sizeof before, "before the point of no return (%s)",
                 sc->steps[sc->ponr_step].name);
    else
        snprintf(before, sizeof before, "before the failover restored service");
    if (tr->in_place)
        snprintf(sub, sizeof sub,
                 "trial %llu (median RTO): outage from %s ended after %s, %s: %s, recovered in "
                 "place, the primary serving again %s later" MIDDOT "RTO %s" MIDDOT "no data lost",
                 (unsigned long long)tr->trial, when, draw_dur(tr->outage_s, b1, sizeof b1),
                 tr->abandoned ? before : "before the go to fail over",
                 tr->abandoned ? "failover abandoned" : "no failover",
                 draw_dur(tr->primary_back_s - tr->outage_s, b3, sizeof b3),
                 draw_dur(tr->rto_s, b2, sizeof b2));
    else
        snprintf(sub, sizeof sub,
                 "trial %llu (median RTO): outage from %s" MIDDOT "RTO %s" MIDDOT "RPO %s" MIDDOT
                 "full restoration %s",
                 (unsigned long long)tr->trial, when, draw_dur(tr->rto_s, b1, sizeof b1),
                 draw_dur(tr->rpo_s, b2, sizeof b2), draw_dur(tr->full_s, b3, sizeof b3));
    return draw_chart_title(cr, ch, b, title, sub);
}

/* The legend: the roles this runbook uses or the trial paged (lane_role[0..n_lanes)),
 * then the encodings. Returns the count. */
static int timeline_legend(const struct chart *ch, struct legend_item *li, const int *lane_role,
                           int n_lanes)
{
    const struct plan *p = ch->p;
    const struct scenario *sc = ch->sc;
    int nl = 0, used[PLAN_MAX_ROLES + 1] = {0};
    for (int i = 0; i < sc->n_steps; i++)
        used[sc->steps[i].n_needs > 0 ? sc->steps[i].needs[0] : PLAN_MAX_ROLES] = 1;
    for (int l = 0; l < n_lanes; l++)
        used[lane_role[l]] = 1;
    for (int r = 0; r < p->n_roles && r < PLAN_MAX_ROLES; r++)
        if (used[r])
            li[nl++] = (struct legend_item){p->roles[r].name, role_colour(r), LEGEND_SWATCH};
    if (used[PLAN_MAX_ROLES])
        li[nl++] = (struct legend_item){"no people (automatic)", C_AUTO, LEGEND_SWATCH};
    li[nl++] = (struct legend_item){"waiting for people", C_MUTED, LEGEND_HATCHED};
    li[nl++] = (struct legend_item){"on the critical path", C_INK, LEGEND_OUTLINE};
    int any_restoration = 0;
    for (int i = 0; i < sc->n_steps; i++)
        any_restoration |= sc->steps[i].restoration;
    if (any_restoration)
        li[nl++] = (struct legend_item){"restoration phase (after service is back)", C_RESTORATION,
                                        LEGEND_TINT};
    return nl;
}

/* The vertical lines (the RTO target at x_target, service restored, the outage end)
 * over plot area a, under the bars so that no line crosses a label, and their labels
 * above the plot, spread within box b. */
static void timeline_marks(cairo_t *cr, const struct chart *ch, const struct box *b,
                           const struct box *a, const struct plot_scale *xs, double x_target)
{
    const struct trial_result *tr = ch->tr;
    const double fs = ch->fs;
    struct vmark vm[3];
    int nv = 0;
    char t_lab[64], s_lab[64], o_lab[64], b1[32], b2[32], b3[32];
    if (isfinite(x_target)) {
        snprintf(t_lab, sizeof t_lab, "RTO target %s",
                 draw_dur(ch->sc->rto_target_s, b1, sizeof b1));
        vm[nv++] = (struct vmark){plot_scale_clamp(xs, x_target), t_lab, C_BREACH, fs * 0.45};
    }
    if (isfinite(tr->service_s)) {
        snprintf(s_lab, sizeof s_lab, "service restored%s %s",
                 tr->in_place ? " on the primary" : "", draw_dur(tr->service_s, b2, sizeof b2));
        vm[nv++] = (struct vmark){plot_scale_clamp(xs, tr->service_s), s_lab, C_INK, 0};
    }
    /* In place, the outage end is where the failover stopped; it is only a line of its
     * own when the primary took time to return. */
    if (isfinite(tr->outage_s) && tr->outage_s <= xs->d1 &&
        (!tr->in_place || tr->primary_back_s > tr->outage_s)) {
        snprintf(o_lab, sizeof o_lab, "outage ended %s", draw_dur(tr->outage_s, b3, sizeof b3));
        vm[nv++] = (struct vmark){plot_scale_clamp(xs, tr->outage_s), o_lab, C_MUTED, fs * 0.15};
    }
    for (int i = 1; i < nv; i++) /* sort by position for spreading */
        for (int j = i; j > 0 && vm[j].x < vm[j - 1].x; j--) {
            struct vmark t = vm[j];
            vm[j] = vm[j - 1];
            vm[j - 1] = t;
        }
    double cx[3], cw[3];
    draw_font(cr, fs * 0.8, F_BOLD);
    for (int i = 0; i < nv; i++) {
        cx[i] = vm[i].x;
        cw[i] = draw_text_w(cr, vm[i].text);
        draw_vline(cr, vm[i].x, a->y, a->y + a->h, vm[i].colour, fmax(1.2, fs * 0.11), vm[i].dash);
    }
    plot_spread_labels(cx, cw, nv, b->x, b->x + b->w, fs * 0.6);
    for (int i = 0; i < nv; i++) {
        draw_set_col(cr, vm[i].colour);
        draw_text_at(cr, cx[i], a->y - fs * 0.3, 0.5, 1, vm[i].text);
    }
}

/* Who did step ts ("Ana, Ben (stand-in)"), right of its bar ending at x_end when there
 * is room before the right edge of plot area a. */
static void timeline_who(cairo_t *cr, const struct chart *ch, const struct box *a,
                         const struct trial_step *ts, double x_end, double mid, double lab_fs)
{
    const double fs = ch->fs;
    char who[256] = "";
    size_t used_b = 0;
    for (int k = 0; k < ts->n_people && used_b + 1 < sizeof who; k++) {
        char one[96];
        plan_person_name(ch->p, ts->people[k], one, sizeof one);
        int wr = snprintf(who + used_b, sizeof who - used_b, "%s%s", k ? ", " : "", one);
        if (wr < 0)
            break;
        used_b += (size_t)wr;
        if (used_b >= sizeof who)
            used_b = sizeof who - 1;
    }
    if (ts->n_stand_ins > 0)
        snprintf(who + used_b, sizeof who - used_b, " (stand-in)");
    draw_font(cr, lab_fs * 0.85, F_NORMAL);
    double room = a->x + a->w - (x_end + fs * 0.35);
    char fitted[256];
    if (room > fs * 3 && plot_fit_label(who, room, draw_measure, cr, fitted, sizeof fitted) >= 0)
        draw_text_boxed(cr, x_end + fs * 0.35, mid, 0, 0.5, fitted, C_MUTED);
}

/* The row of step i: its name left of plot area a (lw wide), the wait hatched, the
 * work as a bar (outlined when on the critical path); t_stop is when recovery stopped,
 * the end of steps still waiting or running then. */
static void timeline_row(cairo_t *cr, const struct chart *ch, const struct box *a, int i,
                         const struct plot_band *band, const struct plot_scale *xs, double lw,
                         double lab_fs, double t_stop)
{
    const struct step *st = &ch->sc->steps[i];
    const struct trial_step *ts = &ch->tr->steps[i];
    const double fs = ch->fs;
    struct rgb c = step_colour(st);
    draw_font(cr, lab_fs, st->restoration ? F_ITALIC : F_NORMAL);
    draw_set_col(cr, C_INK);
    draw_fit_at(cr, a->x - fs * 0.5, band->mid, 1, 0.5, lw, st->name);
    if (ts->state == TRIAL_STEP_PENDING) {
        draw_font(cr, lab_fs * 0.9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, a->x + fs * 0.4, band->mid, 0, 0.5, "not reached");
        return;
    }
    /* A step the abandonment cancelled stops at the outage end, when it was cancelled. */
    const int cancelled = ts->state == TRIAL_STEP_CANCELLED, started = !isnan(ts->start_s);
    const double stop = cancelled ? ch->tr->outage_s : t_stop;
    const int waiting = ts->state == TRIAL_STEP_READY || (cancelled && !started);
    double start = waiting ? stop : ts->start_s;
    double end = ts->state == TRIAL_STEP_DONE ? ts->end_s : stop;
    double xr = plot_scale_clamp(xs, ts->ready_s), xst = plot_scale_clamp(xs, start),
           xe = plot_scale_clamp(xs, end);
    if (xst > xr + 0.5)
        draw_hatch_rect(cr, xr, band->y, xst - xr, band->h, c);
    if (waiting)
        return;
    double w = fmax(xe - xst, 1.5);
    cairo_rectangle(cr, xst, band->y, w, band->h);
    draw_set_col(cr, c);
    cairo_fill_preserve(cr);
    if (ts->on_path) {
        draw_set_col(cr, C_INK);
        cairo_set_line_width(cr, fmax(1.5, fs * 0.14));
    } else {
        draw_set_col(cr, draw_darker(c, 0.7));
        cairo_set_line_width(cr, 0.6);
    }
    cairo_stroke(cr);
    if (ts->state == TRIAL_STEP_RUNNING || cancelled) {
        draw_font(cr, lab_fs * 0.9, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_text_at(cr, xe + fs * 0.3, band->mid, 0, 0.5, cancelled ? "cancelled" : "stopped");
        return;
    }
    /* The decision step: the wait from the decision to the go (the activation rule
     * waiting for the provider) follows its bar, hatched and labelled. */
    const struct trial_result *tr = ch->tr;
    if (i == ch->sc->decision_step && tr->go_s > ts->end_s) {
        double go = fmin(tr->go_s, fmax(t_stop, ts->end_s));
        double xg = plot_scale_clamp(xs, go);
        char lab[64], d[32];
        if (xg > xst + w + 0.5)
            draw_hatch_rect(cr, xst + w, band->y, xg - (xst + w), band->h, C_MUTED);
        if (isfinite(tr->go_s))
            snprintf(lab, sizeof lab, "go after %s", draw_dur(tr->go_s - ts->end_s, d, sizeof d));
        else
            snprintf(lab, sizeof lab, "no go: waiting for the provider");
        draw_font(cr, lab_fs * 0.85, F_ITALIC);
        draw_text_boxed(cr, fmax(xg, xst + w) + fs * 0.35, band->mid, 0, 0.5, lab, C_MUTED);
        return;
    }
    if (ts->n_people > 0)
        timeline_who(cr, ch, a, ts, xst + w, band->mid, lab_fs);
}

/* ---- pager lanes --------------------------------------------------------------------- */

/* The roles paged in the typical trial, in the order of their first page: a lane each. */
static int pager_lanes(const struct chart *ch, int *lane_role)
{
    const struct mc_scenario_result *sr = ch->sr;
    int n = 0;
    unsigned char seen[PLAN_MAX_ROLES] = {0};
    for (int e = 0; sr && e < sr->n_typical_pager; e++) {
        const struct trial_event *ev = &sr->typical_pager[e];
        if (ev->kind == TRIAL_EV_PAGE && ev->role >= 0 && ev->role < PLAN_MAX_ROLES &&
            !seen[ev->role]) {
            seen[ev->role] = 1;
            lane_role[n++] = ev->role;
        }
    }
    return n;
}

/* Which pager events the trial has, as legend bits (1 << enum draw_mark). */
static unsigned pager_kinds(const struct chart *ch)
{
    const struct mc_scenario_result *sr = ch->sr;
    unsigned k = 0;
    for (int e = 0; sr && e < sr->n_typical_pager; e++) {
        const struct trial_event *ev = &sr->typical_pager[e];
        switch (ev->kind) {
        case TRIAL_EV_PAGE:
            k |= 1u << MARK_PAGE;
            break;
        case TRIAL_EV_NOTIFY:
            k |= 1u << (ev->flag ? MARK_NOTIFY : MARK_MISSED);
            break;
        case TRIAL_EV_PERSON_AVAILABLE:
            k |= 1u << MARK_ARRIVE;
            break;
        case TRIAL_EV_ESCALATION:
            k |= 1u << MARK_ESCALATE;
            break;
        case TRIAL_EV_HANDOVER:
            if (!(ev->flag & TRIAL_HANDOVER_NOBODY))
                k |= 1u << MARK_HANDOVER;
            break;
        default:
            break;
        }
    }
    return k;
}

/* The hand-overs of the typical trial (shift.max reached), each a white bar with an ink
 * edge on its step's row (row[r] is the step of band r) where the next person took over. */
static void timeline_handovers(cairo_t *cr, const struct chart *ch, const int *row, int n_rows,
                               const struct plot_band *band, const struct plot_scale *xs)
{
    const struct mc_scenario_result *sr = ch->sr;
    for (int e = 0; sr && e < sr->n_typical_pager; e++) {
        const struct trial_event *ev = &sr->typical_pager[e];
        if (ev->kind != TRIAL_EV_HANDOVER || (ev->flag & TRIAL_HANDOVER_NOBODY) ||
            !(ev->t_s >= xs->d0 && ev->t_s <= xs->d1))
            continue;
        for (int r = 0; r < n_rows; r++)
            if (row[r] == ev->step)
                draw_marker(cr, MARK_HANDOVER, plot_scale_clamp(xs, ev->t_s), band[r].mid,
                            band[r].h * 0.9, C_WHITE);
    }
}

/* Lane `role` of the pager: its label left of plot area a, then the role's events of the
 * typical trial up to the end of the axis: pages, notifications (noticed or not), each
 * person's arrival, and a stand-in taking one of its steps (in the stand-in's colour). */
static void pager_lane(cairo_t *cr, const struct chart *ch, const struct box *a, int role,
                       const struct plot_band *band, const struct plot_scale *xs, double lw,
                       double lab_fs)
{
    const struct mc_scenario_result *sr = ch->sr;
    const double fs = ch->fs, s = fmin(band->h * 0.9, fs * 0.8);
    char lab[160];
    snprintf(lab, sizeof lab, "pager: %s", ch->p->roles[role].name);
    draw_font(cr, lab_fs * 0.9, F_ITALIC);
    draw_set_col(cr, C_MUTED);
    draw_fit_at(cr, a->x - fs * 0.5, band->mid, 1, 0.5, lw, lab);
    draw_hline(cr, a->x, a->x + a->w, band->mid, C_GRID, 0.5, 0);
    for (int e = 0; e < sr->n_typical_pager; e++) {
        const struct trial_event *ev = &sr->typical_pager[e];
        if (ev->role != role || !(ev->t_s >= xs->d0 && ev->t_s <= xs->d1))
            continue;
        double x = plot_scale_clamp(xs, ev->t_s);
        switch (ev->kind) {
        case TRIAL_EV_PAGE:
            draw_marker(cr, MARK_PAGE, x, band->mid, s, role_colour(role));
            break;
        case TRIAL_EV_NOTIFY:
            if (ev->attempt > 1)    /* the first is the page itself */
                draw_marker(cr, ev->flag ? MARK_NOTIFY : MARK_MISSED, x, band->mid, s, C_INK);
            break;
        case TRIAL_EV_PERSON_AVAILABLE:
            draw_marker(cr, MARK_ARRIVE, x, band->mid, s, role_colour(role));
            break;
        case TRIAL_EV_ESCALATION:
            draw_marker(cr, MARK_ESCALATE, x, band->mid, s, role_colour(ev->stand_in_role));
            break;
        default:
            break;
        }
    }
}

void draw_chart_timeline(cairo_t *cr, const struct chart *ch, const struct box *b)
{
    const struct scenario *sc = ch->sc;
    const struct trial_result *tr = ch->tr;
    const double fs = ch->fs;
    char title[256];

    snprintf(title, sizeof title, "Recovery timeline of a typical %s %s", sc->name,
             sc->damage.present ? "incident" : "outage");
    if (!tr) {
        draw_chart_title(cr, ch, b, title, "no trial to show");
        return;
    }
    double y = timeline_heading(cr, ch, b, title);

    /* When recovery stopped: in place, at the primary's return, else at the last step's
     * end. */
    double t_stop = tr->in_place ? tr->service_s : fmax(tr->service_s, tr->full_s);
    double hi = isfinite(t_stop) ? t_stop : 0;
    /* The rows: every step but the failback's, which runs days later as a planned change
     * (its figures are in the findings and summary.json, not on this time axis). */
    int row[PLAN_MAX_STEPS], n_rows = 0;
    for (int i = 0; i < tr->n_steps; i++) {
        if (sc->steps[i].failback)
            continue;
        row[n_rows++] = i;
        if (isfinite(tr->steps[i].end_s))
            hi = fmax(hi, tr->steps[i].end_s);
    }
    double x_target = NAN;
    if (sc->has_policy) {
        x_target = sc->rto_target_s;
        /* The target on the trial's clock: from the declaration, or (a damage scenario
         * measured from its onset) the damaged window earlier than detection, time 0. */
        if (sc->rto_clock == RTO_FROM_DECLARATION && isfinite(tr->declared_s))
            x_target += tr->declared_s;
        else if (sc->damage.present && sc->rto_clock == RTO_FROM_OUTAGE &&
                 isfinite(tr->damaged_s))
            x_target -= tr->damaged_s;
        hi = fmax(hi, x_target);
    }
    if (!(hi > 0))
        hi = 60;

    int lane_role[PLAN_MAX_ROLES];
    const int n_lanes = pager_lanes(ch, lane_role);
    struct legend_item li[PLAN_MAX_ROLES + 12];
    int nl = timeline_legend(ch, li, lane_role, n_lanes);
    static const char *const mark_text[] = {
        "paged", "notified again, noticed", "notified again, not noticed", "arrives",
        "a stand-in takes the step (escalation)", "hand-over"};
    const unsigned kinds = pager_kinds(ch);
    for (int m = MARK_PAGE; m <= MARK_HANDOVER; m++)
        if (kinds >> m & 1)
            li[nl++] = (struct legend_item){mark_text[m], C_MUTED,
                                            (enum legend_kind)(LEGEND_MARK_PAGE + m)};
    double leg_h = draw_legend(cr, fs, b->x, 0, b->w, li, nl, 0);

    /* Left margin from the longest step name, capped at 30 % of the width. */
    draw_font(cr, fs * 0.85, F_NORMAL);
    const char *names[PLAN_MAX_STEPS + PLAN_MAX_ROLES];
    char lane_names[PLAN_MAX_ROLES][160];
    for (int r = 0; r < n_rows; r++)
        names[r] = sc->steps[row[r]].name;
    for (int l = 0; l < n_lanes; l++) {
        snprintf(lane_names[l], sizeof lane_names[l], "pager: %s", ch->p->roles[lane_role[l]].name);
        names[n_rows + l] = lane_names[l];
    }
    double lw = fmin(plot_max_label_width(names, n_rows + n_lanes, draw_measure, cr), b->w * 0.3);
    y += fs * 1.5; /* room for the labels of the vertical lines */
    struct box a = {b->x + lw + fs * 0.8, y, b->w - lw - fs * 1.6,
                    b->y + b->h - y - fs * 3.4 - leg_h};
    if (a.w < fs * 4 || a.h < fs * 2)
        return;
    int is_log;
    struct plot_scale xs;
    draw_time_scale(&xs, 0, hi, INFINITY, a.x, a.x + a.w, &is_log);
    struct plot_band band[PLAN_MAX_STEPS + PLAN_MAX_ROLES];
    double pitch = plot_bands(n_rows + n_lanes, a.y, a.y + a.h, fs * ch->row_max, 0.62, band);
    a.h = pitch * (n_rows + n_lanes);
    double lab_fs = fmin(fs * 0.85, pitch * 0.72);

    /* Row backgrounds, then the axis grid on top of them. */
    for (int r = 0; r < n_rows; r++) {
        const struct step *st = &sc->steps[row[r]];
        if (st->restoration || r % 2 == 1) {
            cairo_rectangle(cr, a.x, band[r].mid - pitch / 2, a.w, pitch);
            draw_set_col(cr, st->restoration ? C_RESTORATION : C_BAND);
            cairo_fill(cr);
        }
    }
    draw_time_axis(cr, fs, &a, &xs, "time since the outage started", a.w);
    timeline_marks(cr, ch, b, &a, &xs, x_target);
    for (int r = 0; r < n_rows; r++)
        timeline_row(cr, ch, &a, row[r], &band[r], &xs, lw, lab_fs, t_stop);
    timeline_handovers(cr, ch, row, n_rows, band, &xs);
    if (n_lanes > 0)
        draw_hline(cr, a.x - lw - fs * 0.5, a.x + a.w, band[n_rows].mid - pitch / 2, C_MUTED, 0.6, 0);
    for (int l = 0; l < n_lanes; l++)
        pager_lane(cr, ch, &a, lane_role[l], &band[n_rows + l], &xs, lw, lab_fs);

    draw_legend(cr, fs, b->x, a.y + a.h + fs * 3.2, b->w, li, nl, 1);
}

/* ---- critical path ------------------------------------------------------------------ */

/* The bars in chart order: every step ever on the critical path (and the wait for the go,
 * when some path waited for it), by the time it adds per outage, largest first; ties in
 * runbook order, the wait last. */
int draw_critical_bars(const struct mc_scenario_result *sr, struct draw_path_bar *bars)
{
    int n = 0;
    for (int i = 0; i < sr->n_steps && n < PLAN_MAX_STEPS; i++) {
        const struct mc_step_result *st = &sr->steps[i];
        if (st->n_on_path == 0)
            continue;
        bars[n].step = i;
        bars[n].share = st->path_share;
        bars[n].when_on_s = st->mean_contribution_s;
        bars[n].per_outage_s = st->path_share * st->mean_contribution_s;
        n++;
    }
    if (sr->n_go_wait_on_path > 0 && sr->n_trials > 0 && n < PLAN_MAX_STEPS + 1) {
        bars[n].step = -1;
        bars[n].share = (double)sr->n_go_wait_on_path / (double)sr->n_trials;
        bars[n].when_on_s = sr->mean_go_wait_s;
        bars[n].per_outage_s = bars[n].share * sr->mean_go_wait_s;
        n++;
    }
    for (int i = 1; i < n; i++) /* insertion sort: stable, so ties keep runbook order */
        for (int j = i; j > 0 && bars[j].per_outage_s > bars[j - 1].per_outage_s; j--) {
            struct draw_path_bar t = bars[j];
            bars[j] = bars[j - 1];
            bars[j - 1] = t;
        }
    return n;
}

void draw_chart_critical(cairo_t *cr, const struct chart *ch, const struct box *b)
{
    const struct mc_scenario_result *sr = ch->sr;
    const struct scenario *sc = ch->sc;
    const double fs = ch->fs;
    char title[256], sub[512], lab[128], b1[32], b2[32];
    struct draw_path_bar bar[PLAN_MAX_STEPS + 1];
    int n = draw_critical_bars(sr, bar);
    snprintf(title, sizeof title, "Critical path, %s %s", sc->name, damage_events_word(sc));
    int len = snprintf(sub, sizeof sub,
                       "time added to the RTO per outage: share on the path " TIMES
                       " time there");
    if (sr->n_in_place > 0 && len > 0 && (size_t)len < sizeof sub)
        snprintf(sub + len, sizeof sub - (size_t)len,
                 "; in place (%.1f%%): no path",
                 100.0 * draw_share(sr->n_in_place, sr->n_trials));
    double y = draw_chart_title(cr, ch, b, title, sub) + fs * 0.4;
    if (n == 0) {
        draw_font(cr, fs, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        draw_fit_at(cr, b->x + b->w / 2, y + fs * 2, 0.5, 0, b->w,
                    "no step was on the critical path: every outage was recovered in place");
        return;
    }
    const char *names[PLAN_MAX_STEPS + 1];
    char vals[PLAN_MAX_STEPS + 1][192];
    const char *vp[PLAN_MAX_STEPS + 1];
    double hi = 0;
    for (int i = 0; i < n; i++) {
        names[i] = bar[i].step >= 0 ? sc->steps[bar[i].step].name : "waiting for the go";
        share_text(bar[i].share, lab, sizeof lab);
        snprintf(vals[i], sizeof vals[i], "%s" MIDDOT "%s " TIMES " %s",
                 draw_dur(bar[i].per_outage_s, b1, sizeof b1), lab,
                 draw_dur(bar[i].when_on_s, b2, sizeof b2));
        vp[i] = vals[i];
        hi = fmax(hi, bar[i].per_outage_s);
    }
    draw_font(cr, fs * 0.85, F_NORMAL);
    double lw = fmin(plot_max_label_width(names, n, draw_measure, cr), b->w * 0.32);
    double vw = plot_max_label_width(vp, n, draw_measure, cr) + fs * 0.6;
    int n_never = 0;
    for (int i = 0; i < sr->n_steps; i++)
        n_never += sr->steps[i].n_on_path == 0;
    double note_h = n_never > 0 ? fs * 2.4 : 0;
    struct box a = {b->x + lw + fs * 0.8, y, b->w - lw - fs * 1.2 - vw,
                    b->y + b->h - y - fs * 3.2 - note_h};
    if (a.w < fs * 3) {
        vw = 0;
        a.w = b->w - lw - fs * 1.2;
    }
    if (a.h < fs * 2)
        return;
    struct plot_band band[PLAN_MAX_STEPS + 1];
    double pitch = plot_bands(n, a.y, a.y + a.h, fs * ch->row_max * 0.92, 0.66, band);
    a.h = pitch * n;
    struct plot_scale xs;
    plot_scale_linear(&xs, 0, hi > 0 ? hi : 1, a.x, a.x + a.w);
    draw_time_axis(cr, fs, &a, &xs, "time added to the RTO per outage", b->w - lw);
    double lab_fs = fmin(fs * 0.85, pitch * 0.72);
    for (int k = 0; k < n; k++) {
        const struct step *sp = bar[k].step >= 0 ? &sc->steps[bar[k].step] : NULL;
        struct rgb c = sp ? step_colour(sp) : C_MUTED;
        draw_font(cr, lab_fs, sp && sp->restoration ? F_ITALIC : F_NORMAL);
        draw_set_col(cr, C_INK);
        draw_fit_at(cr, a.x - fs * 0.5, band[k].mid, 1, 0.5, lw, names[k]);
        double x1 = plot_scale_map(&xs, bar[k].per_outage_s);
        cairo_rectangle(cr, a.x, band[k].y, fmax(x1 - a.x, 1), band[k].h);
        draw_set_col(cr, c);
        cairo_fill_preserve(cr);
        draw_set_col(cr, draw_darker(c, 0.7));
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
        if (vw > 0) {
            draw_font(cr, lab_fs * 0.95, F_NORMAL);
            draw_set_col(cr, C_INK);
            draw_text_at(cr, x1 + fs * 0.35, band[k].mid, 0, 0.5, vals[k]);
        }
    }
    if (n_never > 0) {
        char never[1024];
        int nl = snprintf(never, sizeof never, "never on the critical path:");
        int first = 1;
        for (int i = 0; i < sr->n_steps && nl > 0 && nl < (int)sizeof never; i++)
            if (sr->steps[i].n_on_path == 0) {
                nl += snprintf(never + nl, sizeof never - (size_t)nl, "%s %s", first ? "" : ",",
                               sc->steps[i].name);
                first = 0;
            }
        draw_font(cr, fs * 0.8, F_ITALIC);
        draw_set_col(cr, C_MUTED);
        double lh = draw_line_box(cr);
        double yn = a.y + a.h + fs * 3.1;
        draw_para(cr, b->x, yn, b->w, lh, yn + 2 * lh, never, 1);
    }
}
