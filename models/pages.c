/* models/pages.c: reading a pager's export of pages against a plan (see pages.h).
 *
 * The CSV layer (models/csv.h) gives rows of positioned fields; this file finds the
 * three columns, parses each row's times and role and puts every problem at its field.
 * A row with any error is not kept, and reading goes on with the next row, so one run
 * reports every bad row up to the diagnostics' limit.
 */
#include "models/pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/digest.h"
#include "models/units.h"

#define KIND "page export"

/* The period of a page of role ro at t (seconds since the epoch): the best (business, then
 * night, then weekend) among the people the page reached, each by their own calendar, as
 * the engine pages them (plan_on_call_at): the first to answer is usually the one at work.
 * A role whose people share its calendar and have no rota gets its calendar's period. */
static enum sched_period page_period(const struct plan *p, const struct role *ro, double t)
{
    enum sched_period best = sched_period_at(&ro->calendar, p->calendar.epoch_days, t);
    if (p->people == NULL)
        return best;
    uint64_t on = plan_on_call_at(p, ro, t);
    int any = 0;
    for (int j = 0; j < ro->count && j < 64; j++) {
        if (!(on >> j & 1))
            continue;
        enum sched_period q = sched_period_at(&p->people[ro->first_person + j].calendar,
                                              p->calendar.epoch_days, t);
        if (!any || q < best)
            best = q;
        any = 1;
    }
    return best;
}

/* Read exactly n digits at *s into *v, advancing *s; -1 when they are not there. */
static int digits(const char **s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return -1;
        x = x * 10 + (c - '0');
    }
    *s += n;
    *v = x;
    return 0;
}

static int month_length(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

int pages_parse_time(const char *s, double *unix_s, const char **why)
{
    int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 1;
    double frac = 0.0;

    *why = "must be an ISO 8601 time with a UTC offset, such as 2026-03-09T13:05:00Z or "
           "2026-03-09T08:05:00-05:00";
    if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' ||
        digits(&s, 2, &d))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > month_length(y, mo)) {
        *why = "names no such date";
        return -1;
    }
    if (*s != 'T' && *s != 't' && *s != ' ') {
        if (*s == '\0')
            *why = "has a date but no time of day: a page is an instant, such as "
                   "2026-03-09T13:05:00Z";
        return -1;
    }
    s++;
    if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
        return -1;
    if (*s == ':') {
        s++;
        if (digits(&s, 2, &sec))
            return -1;
        if (*s == '.' || *s == ',') {
            double scale = 0.1;
            s++;
            if (*s < '0' || *s > '9')
                return -1;
            for (; *s >= '0' && *s <= '9'; s++, scale /= 10)
                frac += (*s - '0') * scale;
        }
    }
    if (h > 23 || mi > 59 || sec > 59) {
        *why = "names no such time of day (hours 00-23, minutes and seconds 00-59)";
        return -1;
    }
    if (*s == '\0') {
        *why = "has no UTC offset, so the instant is ambiguous: add Z or the offset, such as "
               "-05:00";
        return -1;
    }
    if (*s == 'Z' || *s == 'z') {
        s++;
    } else if (*s == '+' || *s == '-') {
        sign = *s++ == '-' ? -1 : 1;
        if (digits(&s, 2, &oh))
            return -1;
        /* +HH, +HHMM or +HH:MM: a colon must be followed by the minutes. */
        if (*s == ':') {
            s++;
            if (digits(&s, 2, &om))
                return -1;
        } else if (*s != '\0' && digits(&s, 2, &om)) {
            return -1;
        }
        if (oh > 14 || om > 59 || (oh == 14 && om > 0)) {
            *why = "has a UTC offset beyond 14 hours";
            return -1;
        }
    } else {
        *why = "has no UTC offset (Z, or such as -05:00) after the time";
        return -1;
    }
    if (*s != '\0')
        return -1;
    *unix_s = (double)units_days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 +
              sec + frac - sign * (oh * 3600.0 + om * 60.0);
    return 0;
}

/* Role names of the plan, NULL-terminated, for suggestions. */
static void role_names(const struct plan *p, const char **names)
{
    int i;
    for (i = 0; i < p->n_roles && i < PLAN_MAX_ROLES; i++)
        names[i] = p->roles[i].name;
    names[i] = NULL;
}

/* Parse one time field; an error is reported at it. 0 or -1. */
static int read_time(struct diag_list *d, const struct csv_field *f, const char *col,
                     double *t)
{
    const char *why;
    if (f->len == 0) {
        diag_add(d, DIAG_ERROR, f->line, f->col, "'%s' is empty: every page has the time it was "
                 "sent", col);
        return -1;
    }
    if (pages_parse_time(f->text, t, &why) == 0)
        return 0;
    diag_add(d, DIAG_ERROR, f->line, f->col, "'%s' %s (got \"%s\")", col, why, f->text);
    return -1;
}

/* Read one row into *pg; every problem is reported. 0 when the page is good. */
static int read_row(const struct csv_row *row, const struct plan *p,
                    const struct pages_columns *c, const int idx[3], struct diag_list *d,
                    struct page *pg)
{
    const struct csv_field *fr = &row->fields[idx[0]], *ft = &row->fields[idx[1]],
                           *fa = &row->fields[idx[2]];
    const char *names[PLAN_MAX_ROLES + 1];
    double trig = 0.0, ack = 0.0;
    int bad = 0;

    pg->line = fr->line;
    pg->col = fr->col;
    pg->role = -1;
    if (fr->len == 0) {
        diag_add(d, DIAG_ERROR, fr->line, fr->col,
                 "'%s' is empty: every page names the role paged", c->role);
        bad = 1;
    } else if ((pg->role = plan_find_role(p, fr->text)) < 0) {
        const char *near;
        role_names(p, names);
        near = diag_suggest(fr->text, names);
        if (near)
            diag_add(d, DIAG_ERROR, fr->line, fr->col,
                     "'%s' is not a role of the plan; did you mean '%s'?", fr->text, near);
        else
            diag_add(d, DIAG_ERROR, fr->line, fr->col,
                     "'%s' is not a role of the plan (its staffing.roles)", fr->text);
        bad = 1;
    }
    if (read_time(d, ft, c->triggered, &trig) != 0)
        bad = 1;
    pg->response_s = NAN;
    if (fa->len > 0) {
        if (pages_parse_time(fa->text, &ack, &(const char *){NULL}) != 0) {
            read_time(d, fa, c->acknowledged, &ack);
            bad = 1;
        } else if (!bad && ack <= trig) {
            char b[32];
            if (ack == trig)
                diag_add(d, DIAG_ERROR, fa->line, fa->col,
                         "'%s' is the very instant of '%s': an automatic acknowledgement is "
                         "not a person responding (leave it empty or remove the row)",
                         c->acknowledged, c->triggered);
            else
                diag_add(d, DIAG_ERROR, fa->line, fa->col, "'%s' is %s before '%s'",
                         c->acknowledged, units_format_duration(trig - ack, b, sizeof b),
                         c->triggered);
            bad = 1;
        } else {
            pg->response_s = ack - trig;
        }
    }
    if (bad)
        return -1;
    pg->triggered_unix_s = trig;
    pg->period = page_period(p, &p->roles[pg->role],
                             trig - (double)p->calendar.epoch_days * 86400.0);
    return 0;
}

enum csv_status pages_read_text(const char *name, const char *text, size_t len,
                                const struct plan *p, const struct pages_columns *cols,
                                struct diag_list *diags, struct pages_log **out)
{
    struct pages_columns c = cols ? *cols : PAGES_DEFAULT_COLUMNS;
    struct csv_table *t = NULL;
    struct pages_log *log = NULL;
    enum csv_status st;
    int idx[3];

    *out = NULL;
    st = csv_read_text(name, KIND, text, len, diags, &t);
    if (st != CSV_OK)
        return st;
    /* The CLI's option is named in the message: an export's own column names are the
     * usual reason for a missing column. */
    idx[0] = csv_require_column(t, KIND, c.role,
                                "the role paged; --page-columns role=COLUMN names yours", diags);
    idx[1] = csv_require_column(t, KIND, c.triggered,
                                "when the page was sent; --page-columns triggered=COLUMN names "
                                "yours", diags);
    idx[2] = csv_require_column(t, KIND, c.acknowledged,
                                "when it was acknowledged; --page-columns acknowledged=COLUMN "
                                "names yours", diags);
    st = CSV_INVALID;
    if (idx[0] < 0 || idx[1] < 0 || idx[2] < 0)
        goto out;
    if (t->n_rows == 0) {
        diag_add(diags, DIAG_ERROR, t->header.line, 0,
                 "the %s has a header but no pages: one row per page follows it", KIND);
        goto out;
    }
    st = CSV_NOMEM;
    log = calloc(1, sizeof *log);
    if (log == NULL || (log->path = strdup(name)) == NULL ||
        (log->pages = calloc((size_t)t->n_rows, sizeof *log->pages)) == NULL)
        goto out;
    digest_sha256(text, len, log->sha256);
    for (int i = 0; i < t->n_rows; i++) {
        struct page *pg = &log->pages[log->n_pages];
        if (read_row(&t->rows[i], p, &c, idx, diags, pg) != 0)
            continue;
        log->n_unacknowledged += isnan(pg->response_s);
        log->n_pages++;
    }
    st = diags->n_errors > 0 ? CSV_INVALID : CSV_OK;
    if (st == CSV_OK) {
        *out = log;
        log = NULL;
    }
out:
    pages_log_free(log);
    csv_table_free(t);
    return st;
}

enum csv_status pages_read_file(const char *path, const struct plan *p,
                                const struct pages_columns *cols, struct diag_list *diags,
                                char **text_out, struct pages_log **out)
{
    size_t len;
    enum csv_status st = csv_read_bytes(path, KIND, diags, text_out, &len);

    *out = NULL;
    if (st != CSV_OK)
        return st;
    diag_fini(diags);
    return pages_read_text(path, *text_out, len, p, cols, diags, out);
}

void pages_log_free(struct pages_log *log)
{
    if (log == NULL)
        return;
    free(log->path);
    free(log->pages);
    free(log);
}

int pages_response_samples(const struct pages_log *log, int role, enum sched_period period,
                           double **out)
{
    int n = 0;
    *out = malloc((size_t)(log->n_pages ? log->n_pages : 1) * sizeof **out);
    if (*out == NULL)
        return -1;
    for (int i = 0; i < log->n_pages; i++) {
        const struct page *pg = &log->pages[i];
        if (pg->role == role && pg->period == period && !isnan(pg->response_s))
            (*out)[n++] = pg->response_s;
    }
    return n;
}
