/* reports/draw_assume.c: the review pack's "main assumptions" pages.
 *
 * The inputs as simulated, so that a reviewer can check what every figure of the pack
 * follows from: the policy and the outage window, then per scenario its outages, targets,
 * how the failover is activated (the decision and its go rule), the point of no return
 * and the primary's return, and its runbook (a table of steps: work time, people, what
 * each waits for), the staffing (response times by period, escalation, business hours)
 * and the stores with their backups. Stores defined alike (YAML anchors) are described once. The text is flowed:
 * a table that reaches the foot of a page continues on a new "(continued)" page with its
 * header row repeated, and a heading is never left alone at the bottom of a page. Cells
 * are built in the pack's scratch buffers (CELL_LEN bytes each, truncated when full).
 */
#include <cairo-pdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "models/dist.h"
#include "models/sched.h"
#include "models/tz.h"
#include "models/units.h"
#include "reports/damage.h"
#include "reports/draw_int.h"

/* ---- text and tables flowed over pages ---------------------------------------------- */

/* A column of a table. */
struct tcol {
    const char *head; /* header text */
    double frac;      /* share of the table width */
};

/* Where the flowed text has got to. */
struct flow {
    cairo_t *cr;
    struct pack *pk;
    char (*cells)[CELL_LEN];    /* MAX_COLS_T cells of the row being built, then two scratch */
    const char *cp[MAX_COLS_T]; /* the same cells as strings, for flow_row */
    double y;                   /* next free y */
    const struct tcol *cols;    /* the current table, repeated after a page break */
    int nc;
};

#define FLOW_X MARGIN
#define FLOW_W (PAGE_W - 2 * MARGIN)
#define FLOW_BOTTOM (FOOT_Y - 16)
#define BODY 9.0
#define BODY_LH 11.6

static void flow_header_row(struct flow *f);

static void flow_page(struct flow *f)
{
    draw_page_end(f->cr, f->pk);
    f->y = draw_page_header(f->cr, "Main assumptions (continued)", NULL, 0);
    if (f->cols)
        flow_header_row(f);
}

static void flow_need(struct flow *f, double h)
{
    if (f->y + h > FLOW_BOTTOM)
        flow_page(f);
}

static void flow_heading(struct flow *f, const char *text)
{
    f->cols = NULL;
    flow_need(f, 130); /* keep the heading with its text and the table's first rows */
    f->y += 6;
    draw_font(f->cr, 12.5, F_BOLD);
    draw_set_col(f->cr, C_INK);
    draw_fit_at(f->cr, FLOW_X, f->y, 0, 0, FLOW_W, text);
    f->y += 19;
}

static void flow_text(struct flow *f, const char *text)
{
    draw_font(f->cr, BODY + 0.5, F_NORMAL);
    double h = draw_para(f->cr, FLOW_X, 0, FLOW_W, BODY_LH + 1, INFINITY, text, 0);
    flow_need(f, fmin(h, FLOW_BOTTOM - 120));
    draw_set_col(f->cr, C_INK);
    f->y = draw_para(f->cr, FLOW_X, f->y, FLOW_W, BODY_LH + 1, FLOW_BOTTOM, text, 1) + 5;
}

/* One table cell: its first line in bold when `lead` (the row's name), the rest in the
 * body font. Returns the y below it; draws only when `draw`. */
static double cell(cairo_t *cr, double x, double y, double w, const char *text, int bold, int lead,
                   int draw)
{
    const char *nl = lead ? strchr(text, '\n') : NULL;
    draw_font(cr, BODY, bold || lead ? F_BOLD : F_NORMAL);
    if (!nl)
        return draw_para(cr, x, y, w, BODY_LH, INFINITY, text, draw);
    char first[256];
    size_t len = (size_t)(nl - text) < sizeof first - 1 ? (size_t)(nl - text) : sizeof first - 1;
    memcpy(first, text, len);
    first[len] = '\0';
    y = draw_para(cr, x, y, w, BODY_LH, INFINITY, first, draw);
    draw_font(cr, BODY, F_NORMAL);
    return draw_para(cr, x, y, w, BODY_LH, INFINITY, nl + 1, draw);
}

static double row_height(cairo_t *cr, const struct tcol *cols, int nc, const char *const *cells,
                         int header)
{
    double h = 0;
    for (int i = 0; i < nc; i++) {
        double w = cols[i].frac * FLOW_W - 8;
        h = fmax(h, cell(cr, 0, 0, w, cells[i] ? cells[i] : "", header, !header && i == 0, 0));
    }
    return h + 6;
}

static void table_row(struct flow *f, const struct tcol *cols, int nc, const char *const *cells,
                      int header)
{
    cairo_t *cr = f->cr;
    double h = row_height(cr, cols, nc, cells, header);
    if (header) {
        cairo_rectangle(cr, FLOW_X, f->y, FLOW_W, h);
        draw_set_col(cr, C_BAND);
        cairo_fill(cr);
    }
    double x = FLOW_X;
    for (int i = 0; i < nc; i++) {
        double w = cols[i].frac * FLOW_W;
        draw_set_col(cr, header ? C_MUTED : C_INK);
        cell(cr, x + 4, f->y + 3, w - 8, cells[i] ? cells[i] : "", header, !header && i == 0, 1);
        x += w;
    }
    f->y += h;
    draw_hline(cr, FLOW_X, FLOW_X + FLOW_W, f->y, C_GRID, 0.6, 0);
}

static void flow_header_row(struct flow *f)
{
    const char *heads[MAX_COLS_T];
    for (int i = 0; i < f->nc; i++)
        heads[i] = f->cols[i].head;
    table_row(f, f->cols, f->nc, heads, 1);
}

static void flow_table(struct flow *f, const struct tcol *cols, int nc)
{
    f->cols = cols;
    f->nc = nc;
    flow_need(f, 60);
    flow_header_row(f);
}

static void flow_row(struct flow *f, const char *const *cells)
{
    double h = row_height(f->cr, f->cols, f->nc, cells, 0);
    if (f->y + h > FLOW_BOTTOM)
        flow_page(f);
    table_row(f, f->cols, f->nc, cells, 0);
}

/* A time zone: its IANA name, or the fixed offset ("UTC", "UTC-05:00"). */
static char *tz_text(const struct tz *zone, double off_s, char *buf, size_t n)
{
    if (zone) {
        snprintf(buf, n, "%s", tz_name(zone));
        return buf;
    }
    if (off_s == 0) {
        snprintf(buf, n, "UTC");
        return buf;
    }
    long m = lround(fabs(off_s) / 60);
    snprintf(buf, n, "UTC%c%02ld:%02ld", off_s < 0 ? '-' : '+', m / 60, m % 60);
    return buf;
}

static char *days_text(unsigned mask, char *buf, size_t n)
{
    static const char *const dn[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    size_t len = 0;
    buf[0] = '\0';
    for (int d = 0; d < 7;) {
        if (!(mask & (1u << d))) {
            d++;
            continue;
        }
        int e = d;
        while (e + 1 < 7 && (mask & (1u << (e + 1))))
            e++;
        int w = e == d ? snprintf(buf + len, n - len, "%s%s", len ? "," : "", dn[d])
                       : snprintf(buf + len, n - len, "%s%s-%s", len ? "," : "", dn[d], dn[e]);
        if (w < 0 || (size_t)w >= n - len)
            break;
        len += (size_t)w;
        d = e + 1;
    }
    if (len == 0)
        snprintf(buf, n, "none");
    return buf;
}

static char *clock_text(double s, char *buf, size_t n)
{
    long m = lround(s / 60);
    snprintf(buf, n, "%02ld:%02ld", m / 60, m % 60);
    return buf;
}

/* Append formatted text to cell (CELL_LEN bytes), truncating when full. */
static void cat(char *cell, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cat(char *cell, const char *fmt, ...)
{
    size_t len = strlen(cell);
    if (len + 1 >= CELL_LEN)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cell + len, CELL_LEN - len, fmt, ap);
    va_end(ap);
}

static void step_work_text(const struct plan *p, const struct step *st, char *cell)
{
    char d1[160], d2[160], sz[48];
    switch (st->kind) {
    case STEP_TASK:
    case STEP_RECREATE:
        if (st->kind != STEP_TASK)
            cat(cell, "recreate %s: ", p->stores[st->store].name);
        cat(cell, "%s", dist_describe(&st->duration, units_format_duration, d1, sizeof d1));
        break;
    case STEP_PROMOTE: {
        const struct store *so = &p->stores[st->store];
        cat(cell, "promote %s's replica in %s: %s (data loss: its lag, %s)", so->name,
            so->replica.region,
            dist_describe(&so->replica.promote, units_format_duration, d1, sizeof d1),
            dist_describe(&so->replica.lag, units_format_duration, d2, sizeof d2));
        break;
    }
    case STEP_FAILOVER: {
        const struct store *so = &p->stores[st->store];
        cat(cell, "failover of %s: %s", so->name,
            dist_describe(&so->failover, units_format_duration, d1, sizeof d1));
        break;
    }
    case STEP_RESTORE: {
        const struct store *so = &p->stores[st->store];
        units_format_size(so->size_bytes, sz, sizeof sz);
        if (so->recovery == STORE_RECOVER_NONE)
            cat(cell, "%s is unrecoverable: overhead %s only", so->name,
                dist_describe(&so->overhead, units_format_duration, d2, sizeof d2));
        else
            cat(cell, "%s %s (%s): throughput %s per stream " TIMES " %d, overhead %s%s",
                so->recovery == STORE_RECOVER_REBUILD ? "rebuild" : "restore", so->name, sz,
                dist_describe(st->restore_own & STEP_OWN_THROUGHPUT ? &st->own->throughput
                                                                    : &so->throughput,
                              draw_fmt_rate, d1, sizeof d1),
                st->restore_own & STEP_OWN_PARALLELISM ? st->own->parallelism : so->parallelism,
                dist_describe(st->restore_own & STEP_OWN_OVERHEAD ? &st->own->overhead : &so->overhead,
                              units_format_duration, d2, sizeof d2),
                st->restore_own ? " (this step's own)" : "");
        break;
    }
    }
}

/* The "size, redundancy, recovery" and "backups" cells of store i (appended to c1, c2). */
static void store_texts(const struct plan *p, int i, char *c1, char *c2)
{
    const struct store *so = &p->stores[i];
    char a[160], b[160], c[64];
    units_format_size(so->size_bytes, c, sizeof c);
    cat(c1, "%s; zone redundancy: %s", c, plan_zone_mode_name(so->zone_mode));
    if (so->zone_mode == STORE_ZONE_ASYNC)
        cat(c1, ", lag %s", dist_describe(&so->replica_lag, units_format_duration, a, sizeof a));
    if (so->zone_mode == STORE_ZONE_SYNC || so->zone_mode == STORE_ZONE_ASYNC)
        cat(c1, ", failover %s", dist_describe(&so->failover, units_format_duration, a, sizeof a));
    if (so->recovery == STORE_RECOVER_NONE)
        cat(c1, "\nrecovery: unrecoverable");
    else if (!so->has_restore && so->replica.present)
        cat(c1, "\nrecovery: promoted from its replica only");
    else
        cat(c1, "\n%s: %s per stream " TIMES " %d, overhead %s", plan_recovery_name(so->recovery),
            dist_describe(&so->throughput, draw_fmt_rate, a, sizeof a), so->parallelism,
            dist_describe(&so->overhead, units_format_duration, b, sizeof b));
    if (so->replica.present)
        cat(c1, "\nreplica in %s: lag %s, promotion %s", so->replica.region,
            dist_describe(&so->replica.lag, units_format_duration, a, sizeof a),
            dist_describe(&so->replica.promote, units_format_duration, b, sizeof b));
    if (so->note)
        cat(c1, "\nnote: %s", so->note);
    for (size_t k = 0; k < so->n_rules; k++) {
        const struct backup_rule *ru = &so->rules[k];
        char sched[128];
        sched_format(&ru->schedule, sched, sizeof sched);
        cat(c2, "%s%s: %s", k ? "\n" : "", ru->name, sched);
        if (ru->schedule.kind == SCHED_CONTINUOUS)
            cat(c2, ", lag %s", dist_describe(&ru->lag, units_format_duration, a, sizeof a));
        else if (!(ru->complete.kind == DIST_FIXED && ru->complete.p[0] == 0))
            cat(c2, ", usable after %s",
                dist_describe(&ru->complete, units_format_duration, a, sizeof a));
        if (ru->failure_prob > 0)
            cat(c2, ", fails %.3g%%", 100.0 * ru->failure_prob);
        if (isfinite(ru->retention_s))
            cat(c2, ", kept %s", draw_dur(ru->retention_s, a, sizeof a));
        cat(c2, ", %s", plan_location_name(ru->location));
        if (ru->immutable)
            cat(c2, ", immutable (cannot be deleted)");
    }
    if (so->n_rules == 0)
        cat(c2, "none");
}

/* Empty the cells of the row being built. */
static void clear_cells(struct flow *f)
{
    memset(f->cells, 0, MAX_COLS_T * sizeof f->cells[0]);
}

/* The policy, the outage window and the run, as one paragraph. */
static void assume_policy(struct flow *f)
{
    const struct mc_results *r = f->pk->r;
    const struct plan *p = r->plan;
    char a[160], c[64], epoch[16];
    int damage = 0;
    for (int s = 0; s < p->n_scenarios; s++)
        damage |= p->scenarios[s].damage.present;
    units_format_date(p->calendar.epoch_days, epoch, sizeof epoch);
    clear_cells(f);
    cat(f->cells[0],
        "Policy: each objective must be met with probability %.4g%%; RTO is measured from the "
        "%s%s. "
        "Outages start uniformly over %s from %s (the calendar epoch, %s); %llu trials per "
        "scenario, "
        "seed %llu.",
        100.0 * p->confidence,
        p->rto_clock == RTO_FROM_DECLARATION ? "declaration of the disaster" : "outage start",
        damage ? " (outages; a logical-damage scenario's clock is given with it)" : "",
        draw_dur(p->calendar.window_s, a, sizeof a), epoch,
        tz_text(p->calendar.tz, p->calendar.tz_offset_s, c, sizeof c), (unsigned long long)r->n_trials,
        (unsigned long long)r->seed);
    flow_text(f, f->cells[0]);
}

/* How the failover of scenario sc is activated (appended to cell): the decision step and
 * its go rule (at once; once the outage has lasted a time; when failing over loses less
 * than some data; never, waiting for the provider, when no condition can hold). */
static void assume_activation(char *cell, const struct scenario *sc)
{
    char b[160], c[64];
    const int has_loss = !isnan(sc->go_loss_under_s);
    if (sc->decision_step < 0) {
        cat(cell, " Activation: none named (activation.decided_by): the runbook runs from the "
            "outage start.");
        return;
    }
    cat(cell, " Activation: the decision to fail over is made by %s; the steps after it wait "
        "for the go", sc->steps[sc->decision_step].name);
    if (!sc->has_go_wait && !has_loss) {
        cat(cell, ", given at the decision.");
        return;
    }
    cat(cell, ", given ");
    if (sc->has_go_wait && sc->go_wait.kind == DIST_FIXED)
        cat(cell, "once the outage has lasted %s (the wait for the provider)",
            draw_dur(sc->go_wait.p[0], b, sizeof b));
    else if (sc->has_go_wait)
        cat(cell, "once the outage has lasted the wait for the provider (%s, drawn per outage)",
            dist_describe(&sc->go_wait, units_format_duration, b, sizeof b));
    if (sc->has_go_wait && has_loss)
        cat(cell, ", or ");
    if (has_loss)
        cat(cell, "at the decision when failing over loses less than %s of data (the age of the "
            "newest usable recovery point in the target region)",
            draw_dur(sc->go_loss_under_s, c, sizeof c));
    if (!sc->has_go_wait)
        cat(cell, "; otherwise never: recovery waits for the provider");
    cat(cell, ".");
}

/* A logical-damage scenario as one paragraph: what it damages, the dwell time, what the
 * adversary deletes, the RTO clock, the targets or the finding that there are none. */
static void assume_damage_text(struct flow *f, const struct plan *p, const struct scenario *sc)
{
    char *cell = f->cells[0];
    char b[160], c[64], d[64];
    int n = 0;
    cat(cell, "%.3g events a year of logical damage to ", sc->per_year);
    for (int s = 0; s < p->n_stores; s++)
        if (plan_store_damaged(sc, s))
            cat(cell, "%s%s", n++ ? ", " : "", p->stores[s].name);
    cat(cell, ": the onset falls uniformly over the window and is detected after %s (the "
        "dwell time); %s.",
        dist_describe(&sc->damage.detection, units_format_duration, b, sizeof b),
        damage_deletes_text(sc->damage.deletes));
    if (sc->scope != OUTAGE_NONE)
        cat(cell, " The %s is also destroyed, at detection.", plan_scope_name(sc->scope));
    cat(cell, " RTO is measured from the %s.", damage_rto_clock_text(sc));
    if (sc->has_policy)
        cat(cell, " Targets: RTO %s, RPO %s.", draw_dur(sc->rto_target_s, c, sizeof c),
            draw_dur(sc->rpo_target_s, d, sizeof d));
    else if (damage_no_objective_finding(sc, b, sizeof b))
        cat(cell, " %s", b);
    if (sc->damage.note)
        cat(cell, " Note: %s", sc->damage.note);
    cat(cell, " Service is restored by %s.", sc->steps[sc->service_step].name);
    flow_text(f, cell);
}

/* A scenario's outages, targets, how the failover is decided and how recovery ends when
 * the outage ends first, as one paragraph. */
static void assume_scenario_text(struct flow *f, const struct scenario *sc)
{
    char *cell = f->cells[0];
    char b[160], c[64], d[64];
    clear_cells(f);
    if (sc->damage.present && sc->scope == OUTAGE_NONE) {
        assume_damage_text(f, f->pk->r->plan, sc);
        return;
    }
    cat(cell, "%.3g outages a year; each lasts %s.", sc->per_year,
        isinf(sc->duration.p[0]) && sc->duration.kind == DIST_FIXED
            ? "until recovered"
            : dist_describe(&sc->duration, units_format_duration, b, sizeof b));
    if (sc->has_policy)
        cat(cell, " Targets: RTO %s, RPO %s.", draw_dur(sc->rto_target_s, c, sizeof c),
            draw_dur(sc->rpo_target_s, d, sizeof d));
    assume_activation(cell, sc);
    if (sc->on_outage_end == OUTAGE_END_RESTORES) {
        if (sc->ponr_step >= 0)
            cat(cell, " Point of no return: %s (once it has started, the failover completes). "
                "When the outage ends before it starts, the failover is abandoned",
                sc->steps[sc->ponr_step].name);
        else
            cat(cell, " No point of no return: when the outage ends before the failover "
                "restores service, it is abandoned");
        cat(cell, " (its people are released) and service comes back on the primary");
        if (sc->primary_return.kind == DIST_FIXED && sc->primary_return.p[0] == 0)
            cat(cell, " at the provider's fix");
        else if (sc->primary_return.kind == DIST_FIXED)
            cat(cell, " %s after the provider's fix (its return time)",
                draw_dur(sc->primary_return.p[0], b, sizeof b));
        else
            cat(cell, " after the provider's fix plus its return time (%s)",
                dist_describe(&sc->primary_return, units_format_duration, b, sizeof b));
        cat(cell, ", with no data lost: recovered in place.");
    } else {
        cat(cell, " Failover runs to the end even if the outage ends.");
    }
    cat(cell, " Service is restored by %s", sc->steps[sc->service_step].name);
    if (sc->full_step >= 0)
        cat(cell, ", full capacity by %s", sc->steps[sc->full_step].name);
    if (sc->declare_step >= 0)
        cat(cell, "; the disaster is declared by %s", sc->steps[sc->declare_step].name);
    cat(cell, ".");
    flow_text(f, cell);
}

/* Each scenario: a heading, its paragraph and its runbook as a table. */
static void assume_runbooks(struct flow *f)
{
    const struct mc_results *r = f->pk->r;
    const struct plan *p = r->plan;
    char(*cells)[CELL_LEN] = f->cells;
    char a[160];
    static const struct tcol rb_cols[] = {
        {"Step", 0.22}, {"Work time", 0.42}, {"People", 0.15}, {"After", 0.21}};
    for (int s = 0; s < r->n_scenarios; s++) {
        const struct scenario *sc = &p->scenarios[r->scenarios[s].scenario];
        char kind[64];
        snprintf(a, sizeof a, "Scenario %s (%s)", sc->name, damage_kind_text(sc, kind, sizeof kind));
        flow_heading(f, a);
        assume_scenario_text(f, sc);
        flow_table(f, rb_cols, 4);
        for (int i = 0; i < sc->n_steps; i++) {
            const struct step *st = &sc->steps[i];
            clear_cells(f);
            cat(cells[0], "%s", st->name);
            if (st->restoration)
                cat(cells[0], " (restoration phase)");
            step_work_text(p, st, cells[1]);
            if (st->description)
                cat(cells[1], "\n%s", st->description);
            char who[512];
            cat(cells[2], "%s", plan_step_needs_text(p, st, who, sizeof who));
            for (int k = 0; k < st->n_after; k++)
                cat(cells[3], "%s%s", k ? ", " : "", sc->steps[st->after[k]].name);
            if (st->n_after == 0)
                cat(cells[3], sc->damage.present ? "detection" : "outage start");
            flow_row(f, f->cp);
        }
    }
}

/* Whether two calendars classify every instant alike (the same zone, days, hours and
 * holiday list). */
static int same_calendar(const struct sched_calendar *x, const struct sched_calendar *y)
{
    return x->tz == y->tz && x->tz_offset_s == y->tz_offset_s &&
           x->workdays_mask == y->workdays_mask && x->day_start_s == y->day_start_s &&
           x->day_end_s == y->day_end_s && x->holidays == y->holidays &&
           x->n_holidays == y->n_holidays;
}

/* A calendar's working hours into cell: "Mon-Fri 09:00-17:00 America/New_York; 6
 * holidays", on a line of its own after `who: ` when who is given (a person's own). */
static void assume_hours(const struct sched_calendar *c, const char *who, char *cell)
{
    char a[64], b[64], h0[32], h1[32];
    if (who)
        cat(cell, "\n%s: ", who);
    cat(cell, "%s %s-%s %s", days_text(c->workdays_mask, a, sizeof a),
        clock_text(c->day_start_s, h0, sizeof h0), clock_text(c->day_end_s, h1, sizeof h1),
        tz_text(c->tz, c->tz_offset_s, b, sizeof b));
    if (c->n_holidays > 0)
        cat(cell, "; %zu holidays", c->n_holidays);
}

/* A role's on-call rota and shift limit, appended to its escalation cell. */
static void assume_rota(const struct plan *p, const struct role *ro, char *cell)
{
    char a[64], b[64], c[128];
    const struct role_on_call *oc = &ro->on_call;
    if (oc->kind == ON_CALL_FOLLOW_THE_SUN) {
        cat(cell, "\non call: follow-the-sun (whoever is at work; everyone when nobody is)");
    } else if (oc->kind == ON_CALL_ROTATION) {
        cat(cell, "\non call: rota passing %s", sched_format(&oc->changes, b, sizeof b));
        if (oc->turn_length > 1)
            cat(cell, " (every %d changes)", oc->turn_length);
        plan_person_name(p, ro->first_person + oc->first, c, sizeof c);
        cat(cell, ", first %s", c);
    }
    if (oc->kind != ON_CALL_ALL)
        cat(cell, "; the rest of the role %s", isfinite(oc->others_after_s)
                                         ? (snprintf(a, sizeof a, "after %s",
                                                     draw_dur(oc->others_after_s, b, sizeof b)),
                                            a)
                                         : "never paged");
    if (isfinite(ro->shift.max_s) && ro->shift.max_s > 0) {
        cat(cell, "\nshift: at most %s, hand-over %s", draw_dur(ro->shift.max_s, a, sizeof a),
            draw_dur(ro->shift.hand_over_s, b, sizeof b));
        if (ro->shift.rest_s > 0)
            cat(cell, ", rest %s", draw_dur(ro->shift.rest_s, c, sizeof c));
    }
}

/* The roles: people, response times by period, escalation and business hours. */
static void assume_staffing(struct flow *f)
{
    const struct plan *p = f->pk->r->plan;
    char(*cells)[CELL_LEN] = f->cells;
    char a[160];
    static const struct tcol role_cols[] = {{"Role", 0.17},
                                            {"People", 0.08},
                                            {"Response time from page to work", 0.33},
                                            {"Escalation, on call, shifts", 0.20},
                                            {"Working hours (the role's, then own)", 0.22}};
    flow_heading(f, "Staffing");
    flow_table(f, role_cols, 5);
    for (int i = 0; i < p->n_roles; i++) {
        const struct role *ro = &p->roles[i];
        clear_cells(f);
        cat(cells[0], "%s", ro->name);
        if (ro->description)
            cat(cells[0], "\n%s", ro->description);
        cat(cells[1], "%d", ro->count);
        for (int j = 0; j < ro->count && p->people; j++)
            if (p->people[ro->first_person + j].name)
                cat(cells[1], "%s%s", j ? ", " : "\n", p->people[ro->first_person + j].name);
        for (int k = 0; k < SCHED_N_PERIODS; k++)
            cat(cells[2], "%s%s: %s", k ? "\n" : "", sched_period_name((enum sched_period)k),
                dist_describe(&ro->response[k], units_format_duration, a, sizeof a));
        if (isfinite(ro->escalate_after_s) && ro->stand_in >= 0) {
            char chain[512];
            cat(cells[3], "every %s: %s", draw_dur(ro->escalate_after_s, a, sizeof a),
                plan_role_chain_text(p, ro, chain, sizeof chain));
        }
        else
            cat(cells[3], "none");
        assume_rota(p, ro, cells[3]);
        assume_hours(&ro->calendar, NULL, cells[4]);
        for (int j = 0; j < ro->count && p->people; j++) {
            const struct person *pe = &p->people[ro->first_person + j];
            if (!same_calendar(&pe->calendar, &ro->calendar))
            {
                plan_person_name(p, ro->first_person + j, a, sizeof a);
                assume_hours(&pe->calendar, a, cells[4]);
            }
        }
        flow_row(f, f->cp);
    }
}

/* The stores: size, redundancy and recovery, then their backups. */
static void assume_stores(struct flow *f)
{
    const struct plan *p = f->pk->r->plan;
    char(*cells)[CELL_LEN] = f->cells;
    static const struct tcol store_cols[] = {
        {"Store", 0.17}, {"Size, redundancy, recovery", 0.36}, {"Backups (recovery points)", 0.47}};
    flow_heading(f, "Data stores and backups");
    flow_table(f, store_cols, 3);
    for (int i = 0; i < p->n_stores; i++) {
        const struct store *so = &p->stores[i];
        clear_cells(f);
        cat(cells[0], "%s", so->name);
        if (so->kind)
            cat(cells[0], "\n%s", so->kind);
        if (!so->counts_for_rpo)
            cat(cells[0], "\nnot counted for RPO: exception approved by %s, review by %s",
                so->exception.approved_by, so->exception.review_by);
        if (so->ephemeral)
            cat(cells[0], "\nephemeral: no data to lose");
        if (so->cross_region == STORE_XR_UNKNOWN)
            cat(cells[0], "\ncross-region protection unknown: modelled as none");
        store_texts(p, i, cells[1], cells[2]);
        /* Stores defined alike (YAML anchors) are described once. */
        char *prev1 = cells[MAX_COLS_T], *prev2 = cells[MAX_COLS_T + 1];
        for (int j = 0; j < i; j++) {
            prev1[0] = prev2[0] = '\0';
            store_texts(p, j, prev1, prev2);
            if (strcmp(prev1, cells[1]) == 0 && strcmp(prev2, cells[2]) == 0) {
                cells[1][0] = cells[2][0] = '\0';
                cat(cells[1], "as %s", p->stores[j].name);
                cat(cells[2], "as %s", p->stores[j].name);
                break;
            }
        }
        flow_row(f, f->cp);
    }
}

void draw_pack_assumptions(cairo_t *cr, struct pack *pk)
{
    struct flow f = {cr, pk, pk->cells, {NULL}, 0, NULL, 0};
    for (int i = 0; i < MAX_COLS_T; i++)
        f.cp[i] = pk->cells[i];
    draw_outline(pk, CAIRO_PDF_OUTLINE_ROOT, "Main assumptions");
    f.y =
        draw_page_header(cr, "Main assumptions",
                         "the inputs as simulated; every figure in this pack follows from them", 0);
    assume_policy(&f);
    assume_runbooks(&f);
    assume_staffing(&f);
    assume_stores(&f);
    draw_page_end(cr, pk);
}
