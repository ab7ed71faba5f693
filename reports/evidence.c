/* reports/evidence.c: drill evidence in the terminal, in summary.json and as the rows of
 * the workbook's Evidence sheet (reports/evidence.h).
 *
 * The analysis itself is models/drill.c's; this file only feeds it the run's sorted
 * per-trial arrays and lays the result out. The JSON member is written through the
 * summary's own writer (models/jsonio.h), so summary.json is still one atomic file.
 */
#include "models/digest.h"
#include "reports/evidence.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "models/text.h"
#include "models/units.h"
#include "models/jsonio.h"
#include "reports/term.h"


#define LABEL_COL 42       /* width of the cadence grid's first column */
#define REGION_COL 26      /* width of a region's column in the cadence grid */

/* ---- analysis ------------------------------------------------------------------------ */

int evidence_analyze(const struct drill_log *log, const struct plan *p,
                     const struct mc_results *r, long as_of_day, struct drill_analysis *out)
{
    struct drill_model *models = NULL;
    int rc;

    if (r != NULL && p->n_scenarios > 0) {
        models = calloc((size_t)p->n_scenarios, sizeof *models);
        if (models == NULL)
            return -1;
        for (int i = 0; i < r->n_scenarios; i++) {
            const struct mc_scenario_result *sr = &r->scenarios[i];
            if (sr->scenario < 0 || sr->scenario >= p->n_scenarios)
                continue;
            models[sr->scenario].rto = &sr->rto_dist;
            models[sr->scenario].rpo = &sr->rpo_dist;
        }
    }
    rc = drill_analyze(log, p, models, as_of_day, out);
    free(models);
    return rc;
}

/* ---- terminal ----------------------------------------------------------------------- */

static const char *date_text(long day, char *buf, size_t n)
{
    return units_format_date(day, buf, n);
}

/* "P78", or with a decimal in the tails ("P99.4", "P0.3"). */
static const char *pct(double q, char *buf, size_t n)
{
    double v = 100.0 * q;
    if (isnan(q))
        return "-";
    if (v <= 0 || v >= 100)
        snprintf(buf, n, "P%.0f", v);
    else if (v > 99 || v < 1)
        snprintf(buf, n, "P%.1f", v);
    else
        snprintf(buf, n, "P%.0f", v);
    return buf;
}

static const char *status_color(enum drill_status s)
{
    switch (s) {
    case DRILL_ON_TIME:
        return TERM_GREEN;
    case DRILL_LATE:
        return TERM_YELLOW;
    case DRILL_OVERDUE:
        return TERM_RED;
    case DRILL_DUE:
        break;
    }
    return "";
}

/* The item for (req, region, label), or NULL when the requirement does not cover the region. */
static const struct drill_cadence_item *find_item(const struct drill_analysis *a, int req,
                                                  int region, const char *label)
{
    for (int i = 0; i < a->n_items; i++) {
        const struct drill_cadence_item *it = &a->items[i];
        if (it->req == req && it->region == region && strcmp(it->label, label) == 0)
            return it;
    }
    return NULL;
}

/* One cell of the grid, padded to REGION_COL visible characters unless it is the last. */
static void print_cell(FILE *out, const struct drill_cadence_item *it, int color, int last)
{
    char text[64], d[16];
    int pad;
    if (it == NULL) {
        fprintf(out, "%-*s", last ? 0 : REGION_COL, "-");
        return;
    }
    switch (it->status) {
    case DRILL_ON_TIME:
        snprintf(text, sizeof text, "on time %s", date_text(it->done_day, d, sizeof d));
        break;
    case DRILL_LATE:
        snprintf(text, sizeof text, "late %s +%ldd", date_text(it->done_day, d, sizeof d),
                 it->days_late);
        break;
    case DRILL_OVERDUE:
        snprintf(text, sizeof text, "OVERDUE due %s", date_text(it->due_day, d, sizeof d));
        break;
    case DRILL_DUE:
        snprintf(text, sizeof text, "due by %s", date_text(it->due_day, d, sizeof d));
        break;
    }
    pad = last ? 0 : REGION_COL - (int)strlen(text);
    if (color && *status_color(it->status))
        fprintf(out, "%s%s%s%*s", status_color(it->status), text, TERM_RESET, pad > 0 ? pad : 0,
                "");
    else
        fprintf(out, "%s%*s", text, pad > 0 ? pad : 0, "");
}

static void print_cadence(FILE *out, const struct drill_log *log, const struct drill_analysis *a,
                          int color)
{
    char d1[16], d2[16];
    char head[64];
    snprintf(head, sizeof head, "Test cadence, %s to %s", date_text(a->since_day, d1, sizeof d1),
             date_text(a->as_of_day, d2, sizeof d2));
    fprintf(out, "\n  %-*s", LABEL_COL - 2, head);
    /* Text from the drill log is escaped (term_put, reports/term.h): it cannot forge a line. */
    for (int g = 0; g < log->n_regions; g++)
        term_put_padded(out, log->regions[g], g + 1 < log->n_regions ? REGION_COL : 0);
    fputc('\n', out);
    if (log->n_reqs == 0)
        fputs("    no test is required (cadence.require is empty)\n", out);
    for (int r = 0; r < log->n_reqs; r++) {
        const struct drill_requirement *rq = &log->reqs[r];
        fprintf(out, "    %s, %s\n", drill_type_name(rq->type), drill_freq_name(rq->every));
        if (rq->n_regions == 0)
            continue;
        for (int i = 0; i < a->n_items; i++) {
            const struct drill_cadence_item *it = &a->items[i];
            if (it->req != r || it->region != rq->regions[0])
                continue;
            fputs("      ", out);
            term_put_padded(out, it->label, LABEL_COL - 6);
            for (int g = 0; g < log->n_regions; g++)
                print_cell(out, find_item(a, r, g, it->label), color, g + 1 == log->n_regions);
            fputc('\n', out);
        }
    }
    for (int i = 0; i < a->n_items; i++) {
        const struct drill_cadence_item *it = &a->items[i];
        const struct drill_requirement *rq = &log->reqs[it->req];
        if (it->status != DRILL_OVERDUE)
            continue;
        fprintf(out, "    %soverdue%s: %s in ", color ? TERM_RED : "", color ? TERM_RESET : "",
                drill_type_name(rq->type));
        term_put(out, log->regions[it->region]);
        fputs(" for ", out);
        term_put(out, it->label);
        fprintf(out, ", due %s (%ld days ago)%s\n", date_text(it->due_day, d1, sizeof d1),
                it->days_late,
                it->failed_exercise >= 0 ? "; a failed test in the period does not count" : "");
    }
    for (int r = 0; r < log->n_reqs; r++) {
        const struct drill_requirement *rq = &log->reqs[r];
        for (int g = 0; g < rq->n_regions; g++) {
            int any = 0;
            for (int i = 0; i < log->n_exercises && !any; i++) {
                const struct drill_exercise *e = &log->exercises[i];
                any = e->region && strcmp(e->region, log->regions[rq->regions[g]]) == 0 &&
                      e->outcome != DRILL_FAILED && drill_exercise_counts_as(e, rq->type);
            }
            if (!any) {
                fprintf(out, "    %smissing%s: no %s on record in ", color ? TERM_RED : "",
                        color ? TERM_RESET : "", drill_type_name(rq->type));
                term_put(out, log->regions[rq->regions[g]]);
                fputc('\n', out);
            }
        }
    }
    fprintf(out, "    %d on time, %d late, %d overdue, %d due", a->n_on_time, a->n_late,
            a->n_overdue, a->n_due);
    if (a->n_future > 0)
        fprintf(out, "; %d exercise%s dated after %s not counted", a->n_future,
                a->n_future == 1 ? "" : "s", date_text(a->as_of_day, d1, sizeof d1));
    fputc('\n', out);
}

static void print_placements(FILE *out, const struct drill_log *log,
                             const struct drill_analysis *a, int color)
{
    int last = -1;
    if (a->n_placements == 0)
        return;
    fprintf(out, "\n  Measured in drills vs the model%*s%10s %10s %10s %10s\n", 14, "",
            "measured", "model P50", "model P95", "percentile");
    for (int i = 0; i < a->n_placements; i++) {
        const struct drill_placement *pm = &a->placements[i];
        const struct drill_exercise *e = &log->exercises[pm->exercise];
        char b[4][32], label[160], what[128], d[16];
        if (pm->exercise != last) {
            fprintf(out, "    %s ", date_text(e->day, d, sizeof d));
            term_put(out, e->name);
            fprintf(out, " (%s%s", drill_type_name(e->type), e->scenario ? ", " : "");
            term_put(out, e->scenario);
            fputs(", ", out);
            term_put(out, e->region ? e->region : "-");
            fprintf(out, ", %s)\n", drill_outcome_name(e->outcome));
            last = pm->exercise;
        }
        /* The label is cut to its column, so the step or store name is escaped first. */
        if (pm->what) {
            text_escape(pm->what, what, sizeof what);
            snprintf(label, sizeof label, "%s %s", drill_measure_name(pm->kind), what);
        } else {
            snprintf(label, sizeof label, "%s", drill_measure_name(pm->kind));
        }
        fprintf(out, "      %-39.39s%10s %10s %10s %10s", label,
                term_duration(pm->measured_s, b[0], sizeof b[0]),
                term_duration(pm->model_p50_s, b[1], sizeof b[1]),
                term_duration(pm->model_p95_s, b[2], sizeof b[2]),
                pct(pm->percentile, b[3], sizeof b[3]));
        if (pm->flag == DRILL_FLAG_OPTIMISTIC)
            fprintf(out, "  %sabove the model's P95: optimistic%s", color ? TERM_RED : "",
                    color ? TERM_RESET : "");
        else if (pm->flag == DRILL_FLAG_CONSERVATIVE)
            fprintf(out, "  %sbelow the model's P5: conservative%s", color ? TERM_YELLOW : "",
                    color ? TERM_RESET : "");
        else if (pm->flag == DRILL_FLAG_NONE)
            fprintf(out, "  not placed: %s", pm->why ? pm->why : "?");
        fputc('\n', out);
    }
    fprintf(out, "    %d of %d measurements placed: %d above the model's P95 (optimistic), "
                 "%d below its P5 (conservative)\n",
            a->n_placed, a->n_placements, a->n_optimistic, a->n_conservative);
}

/* One corrective action: "PAST DUE what (owner, due DATE, status; from EXERCISE, AAR)",
 * the flag column blank when it is not past due. */
static void print_action(FILE *out, const struct drill_log *log, int ei,
                         const struct drill_action *ac, int late, int color)
{
    const struct drill_exercise *e = &log->exercises[ei];
    char d[16];
    fprintf(out, "    %s%s%s ", late && color ? TERM_RED : "", late ? "PAST DUE" : "        ",
            late && color ? TERM_RESET : "");
    term_put(out, ac->action);
    fputs(" (", out);
    term_put(out, ac->owner ? ac->owner : "no owner");
    fprintf(out, ", due %s, %s; from ", date_text(ac->due_day, d, sizeof d),
            drill_action_status_name(ac->status));
    term_put(out, e->name);
    if (e->after_action) {
        fputs(", ", out);
        term_put(out, e->after_action);
    }
    fputs(")\n", out);
}

/* Every corrective action, a line each (by exercise date), past-due ones flagged at the
 * analysis's as-of day. */
static void print_actions(FILE *out, const struct drill_log *log, const struct drill_analysis *a,
                          int color)
{
    struct evidence_action *acts = NULL;
    int past = 0, open = 0, total = 0, n;
    char d[16];
    for (int i = 0; i < log->n_exercises; i++)
        for (int k = 0; k < log->exercises[i].n_actions; k++) {
            const struct drill_action *ac = &log->exercises[i].actions[k];
            total++;
            open += ac->status != DRILL_ACTION_DONE;
            past += evidence_action_past_due(ac, a->as_of_day);
        }
    if (total == 0)
        return;
    fprintf(out, "\n  Corrective actions: %d, %d not done, %d past due as of %s\n", total, open,
            past, date_text(a->as_of_day, d, sizeof d));
    n = evidence_actions_build(log, a->as_of_day, &acts, NULL);
    if (n < 0) {
        /* Out of memory for the order: the log's own order, flags judged the same way. */
        for (int i = 0; i < log->n_exercises; i++)
            for (int k = 0; k < log->exercises[i].n_actions; k++) {
                const struct drill_action *ac = &log->exercises[i].actions[k];
                print_action(out, log, i, ac, evidence_action_past_due(ac, a->as_of_day), color);
            }
        return;
    }
    for (int i = 0; i < n; i++)
        print_action(out, log, acts[i].exercise, acts[i].a, acts[i].past_due, color);
    free(acts);
}

void evidence_print(FILE *out, const struct drill_log *log, const struct plan *p,
                    const struct drill_analysis *a, const struct evidence_options *o)
{
    char d[16];
    int color = o && o->color;
    (void)p;
    fprintf(out, "\n%sDrill evidence%s: ", color ? TERM_BOLD : "", color ? TERM_RESET : "");
    term_put(out, log->path);
    fprintf(out, " (%d exercise%s), as of %s\n", log->n_exercises,
            log->n_exercises == 1 ? "" : "s", date_text(a->as_of_day, d, sizeof d));
    print_cadence(out, log, a, color);
    print_placements(out, log, a, color);
    print_actions(out, log, a, color);
}

/* ---- summary.json ----------------------------------------------------------------------- */

static void json_date(struct jsonio_writer *w, const char *key, long day)
{
    char d[16];
    jsonio_text(w, key, units_format_date(day, d, sizeof d));
}

static void json_cadence(struct jsonio_writer *w, const struct drill_log *log,
                         const struct drill_analysis *a)
{
    jsonio_object(w, "cadence");
    json_date(w, "since", a->since_day);
    jsonio_int(w, "on_time", a->n_on_time);
    jsonio_int(w, "late", a->n_late);
    jsonio_int(w, "overdue", a->n_overdue);
    jsonio_int(w, "due", a->n_due);
    jsonio_int(w, "exercises_after_as_of", a->n_future);
    jsonio_array(w, "requirements");
    for (int r = 0; r < log->n_reqs; r++) {
        const struct drill_requirement *rq = &log->reqs[r];
        jsonio_object(w, NULL);
        jsonio_text(w, "type", drill_type_name(rq->type));
        jsonio_text(w, "every", drill_freq_name(rq->every));
        jsonio_array(w, "regions");
        for (int g = 0; g < rq->n_regions; g++)
            jsonio_text(w, NULL, log->regions[rq->regions[g]]);
        jsonio_end_array(w);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    jsonio_array(w, "items");
    for (int i = 0; i < a->n_items; i++) {
        const struct drill_cadence_item *it = &a->items[i];
        const struct drill_requirement *rq = &log->reqs[it->req];
        jsonio_object(w, NULL);
        jsonio_text(w, "type", drill_type_name(rq->type));
        jsonio_text(w, "every", drill_freq_name(rq->every));
        jsonio_text(w, "region", log->regions[it->region]);
        jsonio_text(w, "period", it->label);
        json_date(w, "start", it->start_day);
        json_date(w, "due", it->due_day);
        jsonio_text(w, "status", drill_status_name(it->status));
        jsonio_text(w, "exercise", it->exercise >= 0 ? log->exercises[it->exercise].name : NULL);
        if (it->exercise >= 0)
            json_date(w, "done", it->done_day);
        else
            jsonio_null(w, "done");
        jsonio_int(w, "days_late", it->days_late);
        jsonio_text(w, "failed_exercise",
                   it->failed_exercise >= 0 ? log->exercises[it->failed_exercise].name : NULL);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
    jsonio_end_object(w);
}

static void json_exercises(struct jsonio_writer *w, const struct drill_log *log, long as_of_day)
{
    jsonio_array(w, "exercises");
    for (int i = 0; i < log->n_exercises; i++) {
        const struct drill_exercise *e = &log->exercises[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "name", e->name);
        json_date(w, "date", e->day);
        jsonio_text(w, "type", drill_type_name(e->type));
        jsonio_text(w, "scenario", e->scenario);
        jsonio_text(w, "region", e->region);
        jsonio_text(w, "start", e->start);
        jsonio_text(w, "end", e->end);
        jsonio_text(w, "outcome", drill_outcome_name(e->outcome));
        jsonio_num(w, "rto_s", e->rto_s);
        jsonio_num(w, "data_loss_s", e->data_loss_s);
        jsonio_text(w, "objectives", e->objectives);
        jsonio_text(w, "success_criteria", e->criteria);
        jsonio_text(w, "after_action", e->after_action);
        jsonio_array(w, "participants");
        for (int k = 0; k < e->n_participants; k++)
            jsonio_text(w, NULL, e->participants[k]);
        jsonio_end_array(w);
        jsonio_array(w, "restores");
        for (int k = 0; k < e->n_restores; k++) {
            const struct drill_restore *r = &e->restores[k];
            jsonio_object(w, NULL);
            jsonio_text(w, "store", r->store);
            jsonio_num(w, "duration_s", r->duration_s);
            jsonio_num(w, "data_loss_s", r->data_loss_s);
            jsonio_text(w, "complete", drill_check_name(r->complete));
            jsonio_end_object(w);
        }
        jsonio_end_array(w);
        jsonio_array(w, "corrective_actions");
        for (int k = 0; k < e->n_actions; k++) {
            const struct drill_action *ac = &e->actions[k];
            jsonio_object(w, NULL);
            jsonio_text(w, "action", ac->action);
            jsonio_text(w, "owner", ac->owner);
            json_date(w, "due", ac->due_day);
            jsonio_text(w, "status", drill_action_status_name(ac->status));
            jsonio_bool(w, "past_due", evidence_action_past_due(ac, as_of_day));
            jsonio_end_object(w);
        }
        jsonio_end_array(w);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
}

static const char *measure_key(enum drill_measure m)
{
    switch (m) {
    case DRILL_M_STEP:
        return "step";
    case DRILL_M_RESTORE:
        return "restore";
    case DRILL_M_RTO:
        return "rto";
    case DRILL_M_DATA_LOSS:
        break;
    }
    return "data_loss";
}

static void json_placements(struct jsonio_writer *w, const struct drill_log *log,
                            const struct drill_analysis *a)
{
    jsonio_int(w, "n_placed", a->n_placed);
    jsonio_int(w, "n_optimistic", a->n_optimistic);
    jsonio_int(w, "n_conservative", a->n_conservative);
    jsonio_array(w, "measurements");
    for (int i = 0; i < a->n_placements; i++) {
        const struct drill_placement *pm = &a->placements[i];
        jsonio_object(w, NULL);
        jsonio_text(w, "exercise", log->exercises[pm->exercise].name);
        jsonio_text(w, "kind", measure_key(pm->kind));
        jsonio_text(w, "scenario", pm->scenario);
        jsonio_text(w, "name", pm->what);
        jsonio_num(w, "measured_s", pm->measured_s);
        jsonio_num(w, "percentile", pm->percentile);
        jsonio_measure(w, "model_p50_s", pm->model_p50_s);
        jsonio_measure(w, "model_p95_s", pm->model_p95_s);
        jsonio_text(w, "flag", pm->flag == DRILL_FLAG_NONE ? NULL : drill_flag_name(pm->flag));
        jsonio_text(w, "not_placed_because", pm->why);
        jsonio_end_object(w);
    }
    jsonio_end_array(w);
}

void evidence_json_write(struct jsonio_writer *w, const struct drill_log *log, const struct plan *p,
                         const struct drill_analysis *a)
{
    char hex[65];
    (void)p;
    digest_hex(log->sha256, hex);
    jsonio_object(w, "drills");
    jsonio_text(w, "file", log->path);
    jsonio_text(w, "sha256", hex);
    jsonio_text(w, "name", log->name);
    jsonio_text(w, "plan", log->plan);
    json_date(w, "as_of", a->as_of_day);
    json_cadence(w, log, a);
    json_exercises(w, log, a->as_of_day);
    json_placements(w, log, a);
    jsonio_end_object(w);
}

/* ---- Evidence sheet rows ------------------------------------------------------------------ */

/* A growing string: "; "-joined parts. */
struct sb {
    char *s;
    size_t len, cap;
    int nomem;
};

static void sb_add(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(struct sb *b, const char *fmt, ...)
{
    va_list ap;
    int w;
    if (b->nomem)
        return;
    for (;;) {
        size_t room = b->cap - b->len;
        va_start(ap, fmt);
        w = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
        va_end(ap);
        if (w < 0) {
            b->nomem = 1;
            return;
        }
        if (b->s && (size_t)w < room) {
            b->len += (size_t)w;
            return;
        }
        {
            size_t c = (b->len + (size_t)w + 1) * 2;
            char *g = realloc(b->s, c);
            if (g == NULL) {
                b->nomem = 1;
                return;
            }
            b->s = g;
            b->cap = c;
        }
    }
}

static void sb_sep(struct sb *b)
{
    if (b->len > 0)
        sb_add(b, "; ");
}

/* The string built, owned by the caller (NULL when empty or out of memory: *nomem set). */
static char *sb_take(struct sb *b, int *nomem)
{
    if (b->nomem) {
        free(b->s);
        *nomem = 1;
        return NULL;
    }
    if (b->len == 0) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

/* The controls an exercise is evidence for: every exercise tests the plan (CP-4); one
 * that restored or checked backups tests them too (A1.2, CP-9(1)). */
static const char *control_of(const struct drill_exercise *e)
{
    if (e->type == DRILL_COMPLETENESS)
        return "SOC 2 A1.2, A1.3; NIST SP 800-53 CP-9(1); ISO 22301 8.5";
    if (drill_exercise_counts_as(e, DRILL_FULL_RESTORE))
        return "SOC 2 A1.2, A1.3; NIST SP 800-53 CP-4, CP-9(1); ISO 22301 8.5";
    return "SOC 2 A1.3; NIST SP 800-53 CP-4; ISO 22301 8.5";
}

static int met(double value, double target)
{
    if (isnan(value) || isnan(target))
        return -1;
    return value <= target;
}

/* The store columns (method, schedule, retention, offsite) from the plan. */
static int store_columns(struct evidence_row *row, const struct store *s)
{
    struct sb method = {0}, sched = {0}, ret = {0};
    int nomem = 0, cross = 0, region = 0;
    char buf[128];

    sb_add(&method, "%s", s->kind ? s->kind : s->name);
    if (s->recovery == STORE_RECOVER_NONE)
        sb_add(&method, ": no backups (unrecoverable)");
    else if (s->recovery == STORE_RECOVER_REBUILD)
        sb_add(&method, ": rebuilt from other stores");
    for (size_t i = 0; i < s->n_rules; i++) {
        const struct backup_rule *r = &s->rules[i];
        sb_add(&method, "%s%s (%s)", i == 0 ? ": " : ", ", r->name, plan_location_name(r->location));
        sb_sep(&sched);
        sb_add(&sched, "%s: %s", r->name, sched_format(&r->schedule, buf, sizeof buf));
        sb_sep(&ret);
        if (isinf(r->retention_s))
            sb_add(&ret, "%s: forever", r->name);
        else
            sb_add(&ret, "%s: %s", r->name, units_format_duration(r->retention_s, buf, sizeof buf));
        cross |= r->location == BACKUP_CROSS_REGION;
        region |= r->location == BACKUP_IN_REGION;
    }
    row->method = sb_take(&method, &nomem);
    row->schedule = sb_take(&sched, &nomem);
    row->retention = sb_take(&ret, &nomem);
    if (s->n_rules > 0) {
        row->offsite = strdup(cross ? "cross-region" : region ? "in-region only" : "in-zone only");
        nomem |= row->offsite == NULL;
    }
    return nomem ? -1 : 0;
}

/* The percentile of a placement of exercise e of kind k for `what` (NULL: any). */
static const struct drill_placement *placement_of(const struct drill_analysis *a, int e,
                                                  enum drill_measure k, const char *what)
{
    for (int i = 0; i < a->n_placements; i++) {
        const struct drill_placement *pm = &a->placements[i];
        if (pm->exercise == e && pm->kind == k &&
            (what == NULL || (pm->what && strcmp(pm->what, what) == 0)))
            return pm;
    }
    return NULL;
}

static int fill_row(struct evidence_row *row, const struct drill_log *log, const struct plan *p,
                    const struct drill_analysis *a, int ei, int ri)
{
    const struct drill_exercise *e = &log->exercises[ei];
    const struct drill_restore *r = ri >= 0 ? &e->restores[ri] : NULL;
    int si = e->scenario ? plan_find_scenario(p, e->scenario) : -1;
    const struct scenario *sc = si >= 0 ? &p->scenarios[si] : NULL;
    const struct drill_placement *pm = NULL;
    struct sb part = {0};
    int nomem = 0;

    memset(row, 0, sizeof *row);
    row->exercise = ei;
    row->restore = ri;
    row->control = control_of(e);
    row->store = r ? r->store : NULL;
    if (r) {
        int s = plan_find_store(p, r->store);
        const struct drill_store_info *info = drill_find_store(log, r->store);
        if (s >= 0 && store_columns(row, &p->stores[s]) != 0)
            nomem = 1;
        row->alerting = info ? info->alerting : NULL;
    }
    row->target_rpo_s = sc && sc->has_policy ? sc->rpo_target_s : NAN;
    row->target_rto_s = sc && sc->has_policy ? sc->rto_target_s : NAN;
    row->data_loss_s = r && !isnan(r->data_loss_s) ? r->data_loss_s : e->data_loss_s;
    row->rpo_met = met(row->data_loss_s, row->target_rpo_s);
    row->test_day = e->day;
    row->type = drill_type_name(e->type);
    row->objectives = e->objectives;
    row->criteria = e->criteria;
    row->start = e->start;
    row->end = e->end;
    row->rto_s = e->rto_s;
    row->rto_met = met(row->rto_s, row->target_rto_s);
    row->restore_s = r ? r->duration_s : NAN;
    row->complete = r ? drill_check_name(r->complete) : NULL;
    row->outcome = drill_outcome_name(e->outcome);
    for (int k = 0; k < e->n_participants; k++) {
        sb_sep(&part);
        sb_add(&part, "%s", e->participants[k]);
    }
    row->participants = sb_take(&part, &nomem);
    row->after_action = e->after_action;
    row->n_actions = e->n_actions;
    if (r && !isnan(r->duration_s)) {
        pm = placement_of(a, ei, DRILL_M_RESTORE, r->store);
        row->percentile_of = "restore time";
    } else if (!isnan(e->rto_s)) {
        pm = placement_of(a, ei, DRILL_M_RTO, NULL);
        row->percentile_of = "RTO";
    }
    row->percentile = pm ? pm->percentile : NAN;
    row->flag = pm ? pm->flag : DRILL_FLAG_NONE;
    if (pm == NULL || isnan(pm->percentile))
        row->percentile_of = NULL;
    return nomem ? -1 : 0;
}

static void row_fini(struct evidence_row *row)
{
    free(row->method);
    free(row->schedule);
    free(row->retention);
    free(row->offsite);
    free(row->participants);
}

/* Rows by test date, then exercise and restore (file order): a total order. */
static int cmp_row(const void *a, const void *b)
{
    const struct evidence_row *x = a, *y = b;
    if (x->test_day != y->test_day)
        return x->test_day < y->test_day ? -1 : 1;
    if (x->exercise != y->exercise)
        return x->exercise < y->exercise ? -1 : 1;
    return (x->restore > y->restore) - (x->restore < y->restore);
}

int evidence_rows_build(const struct drill_log *log, const struct plan *p,
                        const struct drill_analysis *a, struct evidence_rows *out)
{
    int n = 0;
    out->rows = NULL;
    out->n = 0;
    for (int i = 0; i < log->n_exercises; i++)
        n += log->exercises[i].n_restores > 0 ? log->exercises[i].n_restores : 1;
    out->rows = calloc((size_t)(n ? n : 1), sizeof *out->rows);
    if (out->rows == NULL)
        return -1;
    for (int i = 0; i < log->n_exercises; i++) {
        const struct drill_exercise *e = &log->exercises[i];
        for (int k = 0; k < (e->n_restores > 0 ? e->n_restores : 1); k++) {
            int rc = fill_row(&out->rows[out->n], log, p, a, i, e->n_restores > 0 ? k : -1);
            out->n++;
            if (rc != 0) {
                evidence_rows_fini(out);
                return -1;
            }
        }
    }
    qsort(out->rows, (size_t)out->n, sizeof *out->rows, cmp_row);
    return 0;
}

void evidence_rows_fini(struct evidence_rows *rows)
{
    if (rows->rows)
        for (int i = 0; i < rows->n; i++)
            row_fini(&rows->rows[i]);
    free(rows->rows);
    rows->rows = NULL;
    rows->n = 0;
}

/* ---- corrective actions ------------------------------------------------------------------ */

int evidence_action_past_due(const struct drill_action *ac, long as_of_day)
{
    return ac->status != DRILL_ACTION_DONE && ac->due_day < as_of_day;
}

/* By exercise date, then exercise and action (file order): a total order. */
static int cmp_action(const void *a, const void *b, void *log_)
{
    const struct evidence_action *x = a, *y = b;
    const struct drill_log *log = log_;
    long dx = log->exercises[x->exercise].day, dy = log->exercises[y->exercise].day;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    if (x->exercise != y->exercise)
        return x->exercise < y->exercise ? -1 : 1;
    return (x->action > y->action) - (x->action < y->action);
}

int evidence_actions_build(const struct drill_log *log, long as_of_day,
                           struct evidence_action **out, int *n_past_due)
{
    int n = 0, k = 0, past = 0;
    *out = NULL;
    for (int i = 0; i < log->n_exercises; i++)
        n += log->exercises[i].n_actions;
    if (n_past_due)
        *n_past_due = 0;
    if (n == 0)
        return 0;
    *out = calloc((size_t)n, sizeof **out);
    if (*out == NULL)
        return -1;
    for (int i = 0; i < log->n_exercises; i++)
        for (int j = 0; j < log->exercises[i].n_actions; j++) {
            struct evidence_action *ea = &(*out)[k++];
            ea->exercise = i;
            ea->action = j;
            ea->a = &log->exercises[i].actions[j];
            ea->past_due = evidence_action_past_due(ea->a, as_of_day);
            past += ea->past_due;
        }
    /* Insertion sort (a log has tens of actions): qsort has no context argument in C11. */
    for (int i = 1; i < n; i++) {
        struct evidence_action t = (*out)[i];
        int j = i;
        while (j > 0 && cmp_action(&(*out)[j - 1], &t, (void *)log) > 0) {
            (*out)[j] = (*out)[j - 1];
            j--;
        }
        (*out)[j] = t;
    }
    if (n_past_due)
        *n_past_due = past;
    return n;
}
