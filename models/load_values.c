/* models/load_values.c: the getters for one value each: text, names, quantities with
 * units, whole numbers, true/false, one of a set of words, dates, time zones, backup
 * schedules and business hours.
 *
 * Each getter takes the key's name (for the message), the value's node and where to
 * put the result. It notes what it read the scalar as (load_use, for plan->inputs),
 * converts it with the parsers of models/units.h and models/sched.h, and on bad input
 * reports at the node's start mark (or, for a schedule or business hours, under the
 * offending word inside the scalar) and returns non-zero, leaving the result alone.
 * The caller carries on with the next key, so one run reports every bad value.
 *
 * Quantities are bounded where the simulation needs them to be: a duration is at most
 * LOAD_MAX_DURATION_S (100 years), because simulated time is a double of seconds since
 * the epoch and the backward walk over recovery points must still move by a
 * microsecond at the end of the window, and dates must print as dates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"
#include "models/text.h"
#include "models/tz.h"
#include "models/units.h"

/* ---- values ------------------------------------------------------------------------- */

/* Text kept by the plan or log: free text (is_text, tab and line breaks allowed) or a
 * name given as a value (the plan's name). */
static int get_text(struct ld *L, const char *name, const yaml_node_t *v, char **out,
                    int is_text)
{
    char b[SHOW];
    char *s;
    load_use(L, v, "text");
    if (!load_is_scalar(v)) {
        load_err(L, v, "expected text for '%s' (got %s)", name, load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, name, v) || !load_text_clean(L, name, v, is_text))
        return 1;
    s = load_xstrdup(L, load_is_null(v) ? "" : load_sv(v));
    if (s == NULL)
        return 1;
    free(*out);
    *out = s;
    return 0;
}

int load_get_text(struct ld *L, const char *name, const yaml_node_t *v, char **out)
{
    return get_text(L, name, v, out, 1);
}

int load_get_name_text(struct ld *L, const char *name, const yaml_node_t *v, char **out)
{
    return get_text(L, name, v, out, 0);
}

const char *load_qty_what(enum qty q)
{
    switch (q) {
    case Q_DURATION:
        return "a duration such as 20m";
    case Q_FOREVER:
        return "a duration such as 14d, or forever";
    case Q_NEVER:
        return "a duration such as 4h, or never";
    case Q_SIZE:
        return "a size such as 750GB";
    case Q_RATE:
        return "a rate such as 150MB/s";
    case Q_MONEY:
        return "an amount of money such as $1200";
    case Q_PROB:
        return "a probability between 0% and 100%, such as 1% or 0.01";
    case Q_NUMBER:
        return "a number";
    }
    return "a value";
}

/* The unit column of plan->inputs for a quantity of kind q. */
static const char *qty_unit(enum qty q)
{
    switch (q) {
    case Q_DURATION:
    case Q_FOREVER:
    case Q_NEVER:
        return "duration";
    case Q_SIZE:
        return "size";
    case Q_RATE:
        return "rate";
    case Q_MONEY:
        return "money (USD)";
    case Q_PROB:
        return "probability";
    case Q_NUMBER:
        return "number";
    }
    return "value";
}

/* Parse a quantity. Units are required (units.h). A rate must be above zero: a zero
 * throughput would make a restore last forever. */
int load_get_qty(struct ld *L, const char *name, const yaml_node_t *v, enum qty q, double *out)
{
    char b[SHOW];
    const char *s, *why = NULL;
    double x = 0;
    enum units_status st = UNITS_BAD_NUMBER;

    load_use(L, v, qty_unit(q));
    if (!load_is_scalar(v)) {
        load_err(L, v, "'%s' must be %s (got %s)", name, load_qty_what(q), load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, name, v))
        return 1;
    s = load_sv(v);
    switch (q) {
    case Q_DURATION:
        st = units_parse_duration(s, 0, &x, &why);
        break;
    case Q_FOREVER:
    case Q_NEVER:
        st = units_parse_duration(s, 1, &x, &why);
        break;
    case Q_SIZE:
        st = units_parse_size(s, &x, &why);
        break;
    case Q_RATE:
        st = units_parse_rate(s, &x, &why);
        break;
    case Q_MONEY:
        st = units_parse_money(s, &x, &why);
        break;
    case Q_PROB:
        st = units_parse_fraction(s, &x, &why);
        break;
    case Q_NUMBER:
        st = units_parse_number(s, &x, &why);
        break;
    }
    if (st == UNITS_OK && (q == Q_DURATION || q == Q_FOREVER || q == Q_NEVER) &&
        isfinite(x) && x > LOAD_MAX_DURATION_S) {
        load_err(L, v, "'%s' must be at most 100 years (got \"%s\")", name,
                 load_show(s, b, sizeof b));
        return 1;
    }
    if (st == UNITS_OK && q == Q_RATE && !(x > 0)) {
        load_err(L, v, "'%s' must be greater than zero (got \"%s\")", name, load_show(s, b, sizeof b));
        return 1;
    }
    if (st == UNITS_OK) {
        *out = x;
        return 0;
    }
    if (st == UNITS_NEGATIVE)
        load_err(L, v, "'%s' must not be negative (got \"%s\")", name, load_show(s, b, sizeof b));
    else
        load_err(L, v, "'%s' must be %s (got %s)", name, load_qty_what(q), load_got(v, b, sizeof b));
    return 1;
}

/* A quantity that must be above zero (a median, a mean, a scale, a retention). */
int load_get_positive(struct ld *L, const char *name, const yaml_node_t *v, enum qty q,
                        double *out)
{
    char b[SHOW];
    double x;
    if (load_get_qty(L, name, v, q, &x))
        return 1;
    if (!(x > 0)) {
        load_err(L, v, "'%s' must be greater than zero (got \"%s\")", name, load_show(load_sv(v), b, sizeof b));
        return 1;
    }
    *out = x;
    return 0;
}

int load_get_int(struct ld *L, const char *name, const yaml_node_t *v, int min, int max,
                   int *out)
{
    char b[SHOW];
    double x = 0;
    const char *why;
    load_use(L, v, "whole number");
    if (load_is_scalar(v) && !load_scalar_clean(L, name, v))
        return 1;
    if (!load_is_scalar(v) || units_parse_number(load_sv(v), &x, &why) != UNITS_OK || x != floor(x) ||
        x < min) {
        load_err(L, v, "'%s' must be a whole number of at least %d (got %s)", name, min,
            load_got(v, b, sizeof b));
        return 1;
    }
    if (x > max) {
        load_err(L, v, "'%s' must be at most %d (got %s)", name, max, load_got(v, b, sizeof b));
        return 1;
    }
    *out = (int)x;
    return 0;
}

int load_get_bool(struct ld *L, const char *name, const yaml_node_t *v, int *out)
{
    char b[SHOW];
    load_use(L, v, "true/false");
    if (load_is_scalar(v) && strcmp(load_sv(v), "true") == 0) {
        *out = 1;
        return 0;
    }
    if (load_is_scalar(v) && strcmp(load_sv(v), "false") == 0) {
        *out = 0;
        return 0;
    }
    load_err(L, v, "'%s' must be true or false (got %s)", name, load_got(v, b, sizeof b));
    return 1;
}

/* One of a fixed set of words; *out is its index in `names`. */
int load_get_enum(struct ld *L, const char *name, const yaml_node_t *v,
                    const char *const *names, int *out)
{
    char b[SHOW], list[256], b2[SHOW], b3[SHOW];
    load_use(L, v, "choice");
    if (load_is_scalar(v)) {
        for (int i = 0; names[i]; i++) {
            if (strcmp(names[i], load_sv(v)) == 0) {
                *out = i;
                return 0;
            }
        }
    }
    load_join(names, list, sizeof list);
    if (load_is_scalar(v) && !load_is_null(v) && !load_diag_full(L) && diag_suggest(load_sv(v), names))
        load_err(L, v, "'%s' must be one of %s (got \"%s\"; did you mean '%s'?)", name, list,
            load_show(load_sv(v), b, sizeof b), load_show(diag_suggest(load_sv(v), names), b3, sizeof b3));
    else
        load_err(L, v, "'%s' must be one of %s (got %s)", name, list, load_got(v, b2, sizeof b2));
    return 1;
}

int load_get_date(struct ld *L, const char *name, const yaml_node_t *v, long *out)
{
    char b[SHOW];
    const char *why;
    load_use(L, v, "date");
    if (!load_is_scalar(v) || !load_scalar_clean(L, name, v) ||
        units_parse_date(load_sv(v), out, &why) != UNITS_OK) {
        load_err(L, v, "'%s' must be a date such as 2026-01-05 (got %s)", name, load_got(v, b, sizeof b));
        return 1;
    }
    return 0;
}

/* The plan's table for IANA zone `zname`, read from the database on first use (each
 * zone once per plan, whoever names it). Its horizon is the plan's window plus two
 * years (the calendar is read before anything names a zone); later instants are still
 * exact (models/tz.h). */
static enum tz_status plan_zone(struct ld *L, const char *zname, const struct tz **out,
                                const char **why)
{
    struct plan *p = L->p;
    const struct plan_calendar *c = &p->calendar;
    double until = (double)c->epoch_days * 86400.0 + c->window_start_s + c->window_s +
                   2 * 366 * 86400.0;
    struct tz *z, **grown;
    enum tz_status st;

    for (int i = 0; i < p->n_zones; i++)
        if (strcmp(tz_name(p->zones[i]), zname) == 0) {
            *out = p->zones[i];
            return TZ_OK;
        }
    if ((st = tz_load(tz_database_dir(), zname, until, &z, why)) != TZ_OK)
        return st;
    grown = realloc(p->zones, (size_t)(p->n_zones + 1) * sizeof *grown);
    if (grown == NULL) {
        tz_free(z);
        return TZ_NOMEM;
    }
    p->zones = grown;
    p->zones[p->n_zones++] = z;
    *out = z;
    return TZ_OK;
}

int load_get_tz(struct ld *L, const char *name, const yaml_node_t *v, double *out,
                const struct tz **zone)
{
    char b[SHOW], sugg[TZ_MAX_NAME + 1];
    const char *why = "", *s, *dir = tz_database_dir();
    const struct tz *z = NULL;
    enum tz_status st;

    load_use(L, v, "time zone");
    if (!load_is_scalar(v) || load_is_null(v) || !load_scalar_clean(L, name, v)) {
        load_err(L, v, "'%s' must be a time zone such as UTC, UTC-05:00 or America/New_York "
                 "(got %s)", name, load_got(v, b, sizeof b));
        return 1;
    }
    s = load_sv(v);
    if (sched_parse_tz(s, out) == 0) {
        *zone = NULL;
        return 0;
    }
    if (L->p == NULL)
        st = TZ_UNKNOWN;
    else
        st = plan_zone(L, s, &z, &why);
    switch (st) {
    case TZ_OK:
        *zone = z;
        *out = tz_std_offset(z);
        return 0;
    case TZ_NOMEM:
        L->nomem = 1;
        return 1;
    case TZ_NO_DATABASE:
        load_err(L, v, "'%s' must be a time zone such as UTC or UTC-05:00 (got \"%s\"): names "
                 "such as America/New_York need the IANA time-zone database, which is not "
                 "installed (nothing in %s): install the tzdata package (apt-get install "
                 "tzdata) or set %s to a zoneinfo directory", name, load_show(s, b, sizeof b),
                 dir, TZ_DIR_ENV);
        return 1;
    case TZ_BAD_FILE:
        load_err(L, v, "'%s': time zone \"%s\" cannot be used (%s/%s): %s", name,
                 load_show(s, b, sizeof b), dir, s, why);
        return 1;
    case TZ_UNKNOWN:
        break;
    }
    if (!load_diag_full(L) && tz_suggest(dir, s, sugg, sizeof sugg) != NULL) {
        char b2[SHOW];
        load_err(L, v, "'%s' must be a time zone such as UTC, UTC-05:00 or America/New_York "
                 "(got \"%s\"; did you mean '%s'?)", name, load_show(s, b, sizeof b),
                 load_show(sugg, b2, sizeof b2));
    } else {
        load_err(L, v, "'%s' must be a time zone such as UTC, UTC-05:00 or America/New_York "
                 "(got \"%s\", which is neither an offset nor a zone of the time-zone "
                 "database)", name, load_show(s, b, sizeof b));
    }
    return 1;
}

int load_get_sched(struct ld *L, const char *name, const yaml_node_t *v, double tz,
                     const struct tz *zone, struct sched *out)
{
    char b[SHOW];
    const char *why = "not a schedule";
    size_t where = 0;
    struct plan_pos pp;
    load_use(L, v, "schedule");
    if (!load_is_scalar(v) || load_is_null(v)) {
        load_err(L, v, "'%s' must be a schedule such as \"daily 02:00\" (got %s)", name,
            load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, name, v))
        return 1;
    if (sched_parse_in(load_sv(v), tz, zone, out, &why, &where) != 0) {
        pp = load_pos_in_scalar(L, v, where);
        load_err_at(L, pp.line, pp.col, "invalid schedule: %s", why);
        return 1;
    }
    return 0;
}

/* Business hours "DAYS HH:MM-HH:MM" (days as sched_parse_days reads them). Hours that end
 * before they start cross midnight and belong to the day they start on (sched_period_at);
 * hours that end when they start are a shift of zero length and refused. On failure
 * returns non-zero with a reason and the byte offset of the offending part. */
int load_parse_hours(const char *s, unsigned *mask, double *start, double *end,
                       const char **why, size_t *where)
{
    char days[64], t1[16], t2[16];
    const char *sp, *dash, *e;
    size_t n, lead = 0;

    while (s[lead] == ' ')
        lead++;
    e = s + strlen(s);
    while (e > s + lead && e[-1] == ' ')
        e--;
    sp = NULL;
    for (const char *q = s + lead; q < e; q++)
        if (*q == ' ')
            sp = q;
    *where = lead;
    *why = "business hours look like Mon-Fri 09:00-17:00";
    if (sp == NULL)
        return 1;
    n = (size_t)(sp - (s + lead));
    if (n >= sizeof days)
        return 1;
    memcpy(days, s + lead, n);
    days[n] = '\0';
    if (sched_parse_days(days, mask) != 0 || *mask == 0) {
        /* Point at the first day name that is not one. */
        size_t t = 0;
        while (t < n) {
            size_t e2 = t;
            unsigned m1;
            char one[64];
            while (e2 < n && days[e2] != ',' && days[e2] != '-')
                e2++;
            memcpy(one, days + t, e2 - t);
            one[e2 - t] = '\0';
            if (sched_parse_days(one, &m1) != 0) {
                *where = lead + t;
                break;
            }
            t = e2 + 1;
        }
        *why = "unknown day (days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, as in Mon-Fri or Sat,Sun)";
        return 1;
    }
    while (*sp == ' ')
        sp++;
    *where = (size_t)(sp - s);
    dash = memchr(sp, '-', (size_t)(e - sp));
    if (dash == NULL || (size_t)(dash - sp) >= sizeof t1 || (size_t)(e - dash - 1) >= sizeof t2) {
        *why = "business hours look like Mon-Fri 09:00-17:00";
        return 1;
    }
    memcpy(t1, sp, (size_t)(dash - sp));
    t1[dash - sp] = '\0';
    memcpy(t2, dash + 1, (size_t)(e - dash - 1));
    t2[e - dash - 1] = '\0';
    if (units_parse_clock(t1, start, why) != UNITS_OK) {
        *why = "bad time of day (write HH:MM)";
        return 1;
    }
    *where = (size_t)(dash + 1 - s);
    if (units_parse_clock(t2, end, why) != UNITS_OK) {
        *why = "bad time of day (write HH:MM)";
        return 1;
    }
    if (*end == *start) {
        *why = "a shift of zero length: the hours must end at another time than they start "
               "(hours that end before they start cross midnight, as in Fri 22:00-06:00)";
        return 1;
    }
    return 0;
}

int load_get_hours(struct ld *L, const char *name, const yaml_node_t *v,
                     struct sched_calendar *c)
{
    char b[SHOW];
    const char *why;
    size_t where;
    unsigned mask = 0;
    double a = 0, z = 0;
    struct plan_pos pp;
    load_use(L, v, "business hours");
    if (!load_is_scalar(v) || load_is_null(v)) {
        load_err(L, v, "'%s' must look like Mon-Fri 09:00-17:00 (got %s)", name, load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, name, v))
        return 1;
    if (load_parse_hours(load_sv(v), &mask, &a, &z, &why, &where) != 0) {
        pp = load_pos_in_scalar(L, v, where);
        load_err_at(L, pp.line, pp.col, "invalid '%s': %s", name, why);
        return 1;
    }
    c->workdays_mask = mask;
    c->day_start_s = a;
    c->day_end_s = z;
    return 0;
}
