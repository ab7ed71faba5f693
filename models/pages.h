/* models/pages.h: the pager's export of past pages, read against a plan, for fitting
 * each role's response times (`drsim calibrate --pages`, analysis/calibrate.h).
 *
 * The export is a CSV file (models/csv.h) with a header row and one row per page. Three
 * columns are read, by name (other columns are ignored, so a pager's full export can be
 * given as it is); the names default to `role`, `triggered` and `acknowledged` and can
 * be set (struct pages_columns):
 *   role          the plan role (or the escalation policy named like the role) paged;
 *   triggered     when the page was sent;
 *   acknowledged  when someone acknowledged it; empty when nobody did (such a page is
 *                 counted but has no response time).
 *
 * Times are ISO 8601 (RFC 3339) instants with a UTC offset: 2026-03-09T13:05:00Z,
 * 2026-03-09T08:05:00-05:00, 2026-03-09 08:05-0500; 'T' or a blank between date and
 * time, seconds optional with any fraction, offset Z or +HH:MM, +HHMM or +HH (at most
 * 14 h). A time without an offset is refused as ambiguous: the same wall-clock time is
 * a different instant in every zone, and which period a page falls in depends on it.
 *
 * Each page's response time is acknowledged - triggered, and its period (business,
 * night, weekend) is that of the triggered instant by the role's calendar, through
 * sched_period_at as the engine decides the period of a page. Errors are positioned at
 * the field (file:line:col, with the line and a caret) and collected up to the
 * diagnostics' limit: an unparseable or ambiguous time, an acknowledgement before (or
 * at the very instant of) the page, an empty role, a role the plan does not have (with
 * the closest role suggested), a missing column (with the closest header suggested),
 * and an export with a header but no pages.
 */
#ifndef DRSIM_PAGES_H
#define DRSIM_PAGES_H

#include <stddef.h>

#include "models/csv.h"
#include "models/diag.h"
#include "models/plan.h"
#include "models/sched.h"

/* The header names of the three columns read. */
struct pages_columns {
    const char *role;          /* default "role" */
    const char *triggered;     /* default "triggered" */
    const char *acknowledged;  /* default "acknowledged" */
};

#define PAGES_DEFAULT_COLUMNS ((struct pages_columns){"role", "triggered", "acknowledged"})

struct page {
    int role;                  /* index in the plan's roles */
    double triggered_unix_s;   /* seconds since 1970-01-01 00:00 UTC */
    double response_s;         /* acknowledged - triggered, seconds (> 0); NAN: never acknowledged */
    enum sched_period period;  /* of the triggered instant: the best period among the people the
                                  page reached (plan_on_call_at), each by their own calendar;
                                  the role's calendar's when they share it */
    int line, col;             /* 1-based position of the row's role field */
};

struct pages_log {
    char *path;                /* the name it was read under (owned) */
    unsigned char sha256[32];  /* SHA-256 of the file's bytes */
    struct page *pages;        /* [n_pages] in file order (owned) */
    int n_pages;
    int n_unacknowledged;      /* pages with no acknowledged time */
};

/* Read a page export of len bytes named `name` against plan p (borrowed, only read
 * during the call), with the column names cols (NULL: the defaults). diags is
 * initialised here (as csv_read_text does); release it with diag_fini whatever the
 * status. On CSV_OK *out holds a new log (pages_log_free); else *out is NULL. */
enum csv_status pages_read_text(const char *name, const char *text, size_t len,
                                const struct plan *p, const struct pages_columns *cols,
                                struct diag_list *diags, struct pages_log **out);

/* Read the file at path and pages_read_text it; its bytes are kept by the caller through
 * *text_out (malloc'd, NUL-terminated; NULL when unreadable) because the diagnostics
 * quote them. */
enum csv_status pages_read_file(const char *path, const struct plan *p,
                                const struct pages_columns *cols, struct diag_list *diags,
                                char **text_out, struct pages_log **out);

void pages_log_free(struct pages_log *log);

/* Parse an ISO 8601 instant with a UTC offset (grammar above) into seconds since
 * 1970-01-01 UTC. Returns 0, or -1 with *why a static reason that reads after the
 * value's name ("has no UTC offset, so the instant is ambiguous: ..."). */
int pages_parse_time(const char *s, double *unix_s, const char **why);

/* The response times, seconds, of the acknowledged pages of role `role` in period
 * `period`, in file order, into *out (malloc'd; the caller frees it, also when 0 are
 * found). Returns how many, or -1 when out of memory. */
int pages_response_samples(const struct pages_log *log, int role, enum sched_period period,
                           double **out);

#endif
