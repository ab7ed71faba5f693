/* models/load_rota.c: who works when: named calendars, people, on_call rotas and shifts.
 *
 * A working calendar is a time zone, working hours and holidays. The staffing section
 * gives the defaults; `calendars` names calendars a country or team shares (unset keys
 * from the defaults, holidays their own list or else the staffing section's); a role
 * takes a named calendar (`calendar: NAME`) or its own time zone and working hours over
 * the defaults, and each named person takes a named calendar or their own keys over
 * their role's calendar (holidays: their own list, else the role's). A named calendar
 * excludes the keys it gives, so a plan never reads one calendar with a stray override
 * it did not mean. `business_hours` and `working_hours` are one key under two names.
 *
 * Every sched_calendar's holidays pointer is set as the calendar is built: the lists are
 * owned by the plan (staffing.holidays), a named calendar or a person, all allocated
 * once and never moved, so copies of a calendar borrow them safely.
 *
 * People are numbered role by role (role.first_person) once every role's head count is
 * known, so a role's `people` list and its `on_call` rota (whose `first` names one of
 * them) are read after the numbering, by load_staff.c calling load_role_people and
 * load_role_on_call. A rota's turn passes at a daily or weekly local time, every whole
 * number of days or weeks (plan_on_call_at counts turns); follow-the-sun has no turns.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

static const char *const calendar_keys[] = {
    "timezone", "business_hours", "working_hours", "holidays", NULL
};
static const char *const person_keys[] = {
    "name", "calendar", "timezone", "business_hours", "working_hours", "holidays", NULL
};
static const char *const on_call_keys[] = {
    "rotation", "changes", "timezone", "every", "first", "others_after", NULL
};
#define WEEK_MIN (7 * 1440) /* minutes in a week */

static const char *const rotations[] = {"daily", "weekly", "follow-the-sun", NULL};
static const char *const shift_keys[] = {"max", "hand_over", "rest", NULL};

#define DAY_S  86400.0
#define WEEK_S (7.0 * DAY_S)

/* ---- calendars ---------------------------------------------------------------------- */

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int load_get_holidays(struct ld *L, const yaml_node_t *v, long **out, size_t *n_out)
{
    yaml_node_item_t *it, *top;
    long *days;
    size_t n = 0, m = 0;
    int bad = 0;

    if (load_get_list(L, "holidays", v, "dates", &it, &top))
        return 1;
    if (it == top)
        return 0;
    days = load_xcalloc(L, (size_t)(top - it), sizeof *days);
    if (days == NULL)
        return 1;
    for (; it < top; it++) {
        yaml_node_t *x = load_node_at(L, *it);
        if (x && load_get_date(L, "holidays", x, &days[n]) == 0)
            n++;
        else
            bad = 1;
    }
    qsort(days, n, sizeof *days, cmp_long);
    for (size_t i = 0; i < n; i++)
        if (m == 0 || days[m - 1] != days[i])
            days[m++] = days[i];
    *out = days;
    *n_out = m;
    return bad;
}

/* The named calendar v names: its index, or -1 when unknown (reported) or when the
 * calendars could not be read (not reported again). */
static int calendar_ref(struct ld *L, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const struct plan *p = L->p;
    const char *name = load_get_name(L, v, "calendar name");
    if (name == NULL || L->calendars_bad)
        return -1;
    for (int j = 0; j < p->n_calendars; j++)
        if (p->calendars[j].name && strcmp(p->calendars[j].name, name) == 0)
            return j;
    if (p->n_calendars == 0)
        load_err(L, v, "unknown calendar '%s': the plan names no calendars (give it under "
                 "staffing.calendars with its timezone, working_hours and holidays)",
                 load_show(name, b, sizeof b));
    else
        load_err(L, v, "unknown calendar '%s'%s", load_show(name, b, sizeof b),
                 load_did_you_mean(L, name, L->calendar_names, b1, sizeof b1));
    return -1;
}

void load_calendar_keys(struct ld *L, const struct fields *f, int named,
                        struct sched_calendar *cal, long **hol, size_t *n_hol)
{
    static const char *const own[] = {
        "timezone", "business_hours", "working_hours", "holidays", NULL
    };
    const yaml_node_t *xc = named ? load_fval(f, "calendar") : NULL;
    yaml_node_t *x, *xb, *xw;

    if (xc) {
        int bad = 0, j;
        for (int q = 0; own[q]; q++)
            if (load_fkey(f, own[q])) {
                load_err(L, load_fkey(f, own[q]), "'%s' cannot be given with 'calendar': the "
                         "named calendar gives the time zone, working hours and holidays "
                         "(give its own keys instead of 'calendar', or change the calendar)",
                         own[q]);
                bad = 1;
            }
        if ((j = calendar_ref(L, xc)) >= 0 && !bad)
            *cal = L->p->calendars[j].calendar;
        return;
    }
    if ((x = load_fval(f, "timezone")))
        load_get_tz(L, "timezone", x, &cal->tz_offset_s, &cal->tz);
    xb = load_fval(f, "business_hours");
    xw = load_fval(f, "working_hours");
    if (xb && xw)
        load_err(L, load_fkey(f, "working_hours"), "'working_hours' is another name for "
                 "'business_hours': give one of them");
    else if (xb || xw)
        load_get_hours(L, xb ? "business_hours" : "working_hours", xb ? xb : xw, cal);
    if (hol && (x = load_fval(f, "holidays"))) {
        load_get_holidays(L, x, hol, n_hol);
        cal->holidays = *hol;
        cal->n_holidays = *n_hol;
    }
}

void load_staff_calendars(struct ld *L, const yaml_node_t *k, const yaml_node_t *v,
                          const struct sched_calendar *def)
{
    char b[SHOW];
    struct plan *p = L->p;
    struct named nm;
    struct fields f;
    int n;

    if (load_read_named(L, k, v, &nm)) {
        L->calendars_bad = 1;
        return;
    }
    n = nm.n;
    if (n > PLAN_MAX_CALENDARS) {
        load_err(L, nm.k[PLAN_MAX_CALENDARS], "too many calendars: a plan holds at most %d",
                 PLAN_MAX_CALENDARS);
        n = PLAN_MAX_CALENDARS;
    }
    if (n > 0) {
        if ((p->calendars = load_xcalloc(L, (size_t)n, sizeof *p->calendars)) == NULL)
            goto out;
        p->n_calendars = n;
    }
    for (int i = 0; i < n; i++) {
        struct team_calendar *tc = &p->calendars[i];
        tc->pos = load_pos_of(nm.k[i]);
        tc->calendar = *def;
        if ((tc->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        L->calendar_names[i] = tc->name;
    }
    for (int i = 0; i < n; i++) {
        struct team_calendar *tc = &p->calendars[i];
        if (load_read_fields(L, &f, calendar_keys, nm.k[i], nm.v[i], NULL, "calendar '%s'",
                             load_show(tc->name, b, sizeof b)) == 0)
            load_calendar_keys(L, &f, 0, &tc->calendar, &tc->holidays, &tc->n_holidays);
    }
out:
    load_named_free(&nm);
}

/* ---- people ------------------------------------------------------------------------- */

void load_role_people(struct ld *L, int i)
{
    char b[SHOW], b1[SHOW];
    struct plan *p = L->p;
    const struct role *r = &p->roles[i];
    struct person *pe;
    yaml_node_item_t *it, *top;
    const yaml_node_t *v = L->people_node[i];

    if (p->people == NULL)
        return;
    pe = &p->people[r->first_person];
    for (int j = 0; j < r->count; j++) {
        pe[j].role = i;
        pe[j].pos = r->pos;
        pe[j].calendar = r->calendar;
    }
    if (v == NULL || load_get_list(L, "people", v, "people", &it, &top) ||
        top - it != r->count)
        return;
    load_show(r->name, b, sizeof b);
    for (int j = 0; j < r->count; j++) {
        const yaml_node_t *y = load_node_at(L, it[j]), *at = y;
        const char *name = NULL;
        struct fields f;
        int dup = 0;
        if (y == NULL)
            continue;
        pe[j].pos = load_pos_of(y);
        if (y->type == YAML_MAPPING_NODE) {
            if (load_read_fields(L, &f, person_keys, NULL, y, NULL, "person %d of role '%s'",
                                 j + 1, b))
                continue;
            if ((at = load_freq(L, &f, "name")))
                name = load_get_name(L, at, "person name");
            load_calendar_keys(L, &f, 1, &pe[j].calendar, &pe[j].holidays,
                               &pe[j].n_holidays);
        } else if (load_is_scalar(y)) {
            name = load_get_name(L, y, "person name");
        } else {
            load_err(L, y, "a person of 'people' is a name, or {name: NAME, calendar: NAME} "
                     "(got %s)", load_got(y, b1, sizeof b1));
        }
        if (name == NULL)
            continue;
        if (name[0] == '#') {
            load_err(L, at, "a person's name cannot start with '#' (on_call.first: '#k' "
                     "names the k-th person of a counted role)");
            continue;
        }
        for (int q = 0; q < j; q++)
            dup |= pe[q].name && strcmp(pe[q].name, name) == 0;
        if (dup) {
            load_err(L, at, "person '%s' is listed twice in role '%s'",
                     load_show(name, b1, sizeof b1), b);
            continue;
        }
        if ((pe[j].name = load_xstrdup(L, name)) == NULL)
            return;
    }
}

/* ---- on_call ------------------------------------------------------------------------ */

/* The instants a rota's turn passes [changes]: "DAY HH:MM" (weekly) or "HH:MM" (daily),
 * local time in (tz, zone). */
static int get_changes(struct ld *L, const yaml_node_t *v, int weekly, double tz,
                       const struct tz *zone, struct sched *out)
{
    char b[SHOW], text[128];
    const char *s, *why = "", *want = weekly ? "a day and a time of day such as Mon 09:00"
                                             : "a time of day such as 09:00";
    const char *verb = weekly ? "weekly " : "daily ";
    size_t where = 0;
    int words = 0;

    load_use(L, v, "schedule");
    if (!load_is_scalar(v) || load_is_null(v)) {
        load_err(L, v, "'changes' of a %s rota must be %s (got %s)", weekly ? "weekly" : "daily",
                 want, load_got(v, b, sizeof b));
        return 1;
    }
    if (!load_scalar_clean(L, "changes", v))
        return 1;
    s = load_sv(v);
    for (const char *q = s; *q; q++)
        words += *q != ' ' && (q == s || q[-1] == ' ');
    if (weekly && words == 1) {
        load_err(L, v, "a weekly rota changes on one day of the week: write the day and the "
                 "time, such as 'changes: Mon 09:00' (got \"%s\")", load_show(s, b, sizeof b));
        return 1;
    }
    if (words != (weekly ? 2 : 1) || strlen(s) + strlen(verb) >= sizeof text) {
        load_err(L, v, "'changes' of a %s rota must be %s (got \"%s\")",
                 weekly ? "weekly" : "daily", want, load_show(s, b, sizeof b));
        return 1;
    }
    snprintf(text, sizeof text, "%s%s", verb, s);
    if (sched_parse_in(text, tz, zone, out, &why, &where) != 0 ||
        out->kind != (weekly ? SCHED_WEEKLY : SCHED_DAILY)) {
        size_t at = where >= strlen(verb) ? where - strlen(verb) : 0;
        struct plan_pos pp = load_pos_in_scalar(L, v, at);
        load_err_at(L, pp.line, pp.col, "invalid 'changes': %s (a %s rota changes at %s)", why,
                    weekly ? "weekly" : "daily", want);
        return 1;
    }
    return 0;
}

/* The person on call first [first]: a person's name, or "#k" for the k-th person. */
static int get_first(struct ld *L, const struct role *r, const yaml_node_t *v, int *out)
{
    char b[SHOW], b1[SHOW], b2[SHOW];
    const struct plan *p = L->p;
    const char *names[PLAN_MAX_ROTA + 1];
    const char *s = load_get_name(L, v, "person name");
    int n = 0;

    if (s == NULL || p->people == NULL)
        return 1;
    load_show(r->name, b1, sizeof b1);
    if (s[0] == '#') {
        char *end;
        long k = strtol(s + 1, &end, 10);
        if (end == s + 1 || *end != '\0' || k < 1 || k > r->count) {
            load_err(L, v, "'first' names one of the role's people, '#1' to '#%d' for role "
                     "'%s' (got \"%s\")", r->count, b1, load_show(s, b, sizeof b));
            return 1;
        }
        *out = (int)k - 1;
        return 0;
    }
    for (int j = 0; j < r->count && j < PLAN_MAX_ROTA; j++) {
        const char *name = p->people[r->first_person + j].name;
        if (name && strcmp(name, s) == 0) {
            *out = j;
            return 0;
        }
        if (name)
            names[n++] = name;
    }
    names[n] = NULL;
    if (L->people_node[r - p->roles] == NULL)
        load_err(L, v, "role '%s' counts its people (count: %d) without names: name the first "
                 "one as '#k', '#1' to '#%d' (got \"%s\")", b1, r->count, r->count,
                 load_show(s, b, sizeof b));
    else
        load_err(L, v, "unknown person '%s' in role '%s'%s", load_show(s, b, sizeof b), b1,
                 load_did_you_mean(L, s, names, b2, sizeof b2));
    return 1;
}

/* "Mon 18:00-19:00" for minutes [m0, m1) of the week (Monday 00:00 UTC = 0; m1 may pass
 * the week's end), the day of m1 named only when it is another. */
static void week_span(int m0, int m1, char *buf, size_t n)
{
    static const char *const dow[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    m0 = ((m0 % WEEK_MIN) + WEEK_MIN) % WEEK_MIN;
    m1 = ((m1 % WEEK_MIN) + WEEK_MIN) % WEEK_MIN;
    if (m1 / 1440 == m0 / 1440 && m1 > m0)
        snprintf(buf, n, "%s %02d:%02d-%02d:%02d", dow[m0 / 1440], m0 / 60 % 24, m0 % 60,
                 m1 / 60 % 24, m1 % 60);
    else
        snprintf(buf, n, "%s %02d:%02d-%s %02d:%02d", dow[m0 / 1440], m0 / 60 % 24, m0 % 60,
                 dow[m1 / 1440], m1 / 60 % 24, m1 % 60);
}

/* A follow-the-sun rota hands the pager from one person's working hours to the next:
 * over a standard week (every zone at its standard offset, holidays aside, so daylight
 * saving's few weeks of drift do not count), the minutes nobody works outside the longest
 * such stretch (the weekend) are a gap, and minutes two people work are an overlap. Each
 * is refused once, at the rotation's value, with the first such stretch in UTC. */
static int check_follow_the_sun(struct ld *L, const struct role *r, const yaml_node_t *at)
{
    const struct plan *p = L->p;
    unsigned char *n_on = calloc(WEEK_MIN, 1);
    int *who = malloc(WEEK_MIN * sizeof *who);
    char b[SHOW], w[48], w1[48], n0[SHOW], n1[SHOW];
    int bad = 0;
    if (n_on == NULL || who == NULL) {
        free(n_on);
        free(who);
        L->nomem = 1;
        return 1;
    }
    for (int j = 0; j < r->count && j < PLAN_MAX_ROTA; j++) {
        struct sched_calendar c = p->people[r->first_person + j].calendar;
        c.tz = NULL;       /* tz_offset_s is the zone's standard offset */
        c.n_holidays = 0;
        for (int m = 0; m < WEEK_MIN; m++)
            if (sched_period_at(&c, p->calendar.epoch_days, m * 60.0) == SCHED_BUSINESS) {
                if (n_on[m]++ == 0)
                    who[m] = j;
                else if (!bad) {
                    int e = m;
                    while (e + 1 < WEEK_MIN && sched_period_at(&c, p->calendar.epoch_days,
                                                               (e + 1) * 60.0) == SCHED_BUSINESS &&
                           n_on[e + 1] > 0)
                        e++;
                    week_span(m, e + 1, w, sizeof w);
                    plan_person_name(p, r->first_person + who[m], n0, sizeof n0);
                    plan_person_name(p, r->first_person + j, n1, sizeof n1);
                    load_err(L, at, "the follow-the-sun rota of role '%s' overlaps: %s and %s "
                             "both work %s UTC (in standard time): a page would reach both; "
                             "make their working hours meet end to start",
                             load_show(r->name, b, sizeof b), n0, n1, w);
                    bad = 1;
                }
            }
    }
    /* The longest circular stretch nobody works is the weekend; any other is a gap. */
    int best = 0, best_at = -1;
    for (int m = 0; m < WEEK_MIN; m++) {
        if (n_on[m] || !n_on[(m + WEEK_MIN - 1) % WEEK_MIN])
            continue;       /* not the first minute of an uncovered stretch */
        int len = 0;
        while (len < WEEK_MIN && !n_on[(m + len) % WEEK_MIN])
            len++;
        if (len > best) {
            best = len;
            best_at = m;
        }
    }
    for (int m = 0; m < WEEK_MIN && best_at >= 0 && !bad; m++) {
        if (n_on[m] || !n_on[(m + WEEK_MIN - 1) % WEEK_MIN] || m == best_at)
            continue;
        int len = 0;
        while (!n_on[(m + len) % WEEK_MIN])
            len++;
        week_span(m, m + len, w, sizeof w);
        week_span(best_at, best_at + best, w1, sizeof w1);
        load_err(L, at, "the follow-the-sun rota of role '%s' has a gap: nobody works %s UTC "
                 "(in standard time) outside the weekend (%s): a page then reaches everyone "
                 "off hours; make the working hours meet end to start",
                 load_show(r->name, b, sizeof b), w, w1);
        bad = 1;
    }
    free(n_on);
    free(who);
    return bad;
}

void load_role_on_call(struct ld *L, int i)
{
    static const char *const not_sun[] = {"changes", "timezone", "every", "first", NULL};
    char b[SHOW], b1[SHOW];
    struct role *r = &L->p->roles[i];
    struct role_on_call oc;
    struct fields f;
    yaml_node_t *x, *k = L->on_call_key[i], *v = L->on_call_node[i];
    int bad = 0, kind = -1;

    if (v == NULL)
        return;
    load_show(r->name, b, sizeof b);
    if (load_read_fields(L, &f, on_call_keys, k, v, NULL, "'on_call' of role '%s'", b))
        return;
    memset(&oc, 0, sizeof oc);
    oc.turn_length = 1;
    oc.others_after_s = INFINITY;
    if ((x = load_freq(L, &f, "rotation")) == NULL ||
        load_get_enum(L, "rotation", x, rotations, &kind))
        bad = 1;
    if (r->count > PLAN_MAX_ROTA) {
        load_err(L, k, "role '%s' has %d people, and an on_call rota holds at most %d", b,
                 r->count, PLAN_MAX_ROTA);
        bad = 1;
    }
    if (kind == 2) {
        oc.kind = ON_CALL_FOLLOW_THE_SUN;
        for (int q = 0; not_sun[q]; q++)
            if (load_fkey(&f, not_sun[q])) {
                load_err(L, load_fkey(&f, not_sun[q]), "'%s' does not apply to a follow-the-sun "
                         "rota, which pages the people in their working hours (each by their "
                         "own calendar)", not_sun[q]);
                bad = 1;
            }
        if (!bad && L->p->people)
            bad |= check_follow_the_sun(L, r, load_fval(&f, "rotation"));
    } else if (kind >= 0) {
        const int weekly = kind == 1;
        double tz = r->calendar.tz_offset_s, every;
        const struct tz *zone = r->calendar.tz;
        oc.kind = ON_CALL_ROTATION;
        if ((x = load_fval(&f, "timezone")))
            bad |= load_get_tz(L, "timezone", x, &tz, &zone) != 0;
        if ((x = load_fval(&f, "changes")) == NULL) {
            load_err(L, load_fkey(&f, "rotation"), "a %s rota needs 'changes': %s, such as "
                     "'changes: %s'", weekly ? "weekly" : "daily",
                     weekly ? "the day and time its turn passes" : "the time its turn passes",
                     weekly ? "Mon 09:00" : "09:00");
            bad = 1;
        } else if (!bad) {
            bad |= get_changes(L, x, weekly, tz, zone, &oc.changes) != 0;
        }
        if ((x = load_fval(&f, "every"))) {
            double base = weekly ? WEEK_S : DAY_S;
            if (load_get_positive(L, "every", x, Q_DURATION, &every)) {
                bad = 1;
            } else if (fmod(every, base) != 0) {
                load_err(L, x, "'every' of a %s rota must be whole %s, such as %s (got \"%s\")",
                         weekly ? "weekly" : "daily", weekly ? "weeks" : "days",
                         weekly ? "1w or 2w" : "1d or 3d", load_show(load_sv(x), b1, sizeof b1));
                bad = 1;
            } else {
                oc.turn_length = (int)(every / base);
            }
        }
        if ((x = load_fval(&f, "first")))
            bad |= get_first(L, r, x, &oc.first) != 0;
    }
    if ((x = load_fval(&f, "others_after")))
        bad |= load_get_qty(L, "others_after", x, Q_NEVER, &oc.others_after_s) != 0;
    if (!bad)
        r->on_call = oc;
}

/* ---- shift -------------------------------------------------------------------------- */

void load_role_shift(struct ld *L, struct role *r, const yaml_node_t *k, const yaml_node_t *v,
                     const char *who)
{
    char b[SHOW];
    struct fields f;
    struct role_shift sh = {INFINITY, 0.0, 0.0};
    yaml_node_t *x;
    int bad = 0;

    if (load_read_fields(L, &f, shift_keys, k, v, NULL, "'shift' of role '%s'", who))
        return;
    if ((x = load_freq(L, &f, "max")) == NULL || load_get_qty(L, "max", x, Q_DURATION, &sh.max_s)) {
        bad = 1;
    } else if (!(sh.max_s > 0)) {
        load_err(L, x, "a shift's 'max' must be greater than zero: it is the working time "
                 "before a hand-over (got \"%s\")", load_show(load_sv(x), b, sizeof b));
        bad = 1;
    }
    if ((x = load_fval(&f, "hand_over")))
        bad |= load_get_qty(L, "hand_over", x, Q_DURATION, &sh.hand_over_s) != 0;
    if ((x = load_fval(&f, "rest")))
        bad |= load_get_qty(L, "rest", x, Q_DURATION, &sh.rest_s) != 0;
    if (!bad)
        r->shift = sh;
}
