/* models/load_staff.c: the staffing section: the team's calendar, holidays and roles.
 *
 * The section's time zone and business hours are defaults that each role may
 * override; holidays are shared by every role (the plan owns the list, each role's
 * calendar borrows it once loading is done). A role's response time is a distribution
 * per period (business hours, nights, weekends); a period left out takes the business
 * hours' one. Stand-ins are resolved once all roles are known, and a chain of stand-ins
 * that loops is reported once, from its first role in file order. People are counted
 * by role (the engine numbers them role by role), at most PLAN_MAX_PEOPLE in all.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

#define DEFAULT_BUSINESS_HOURS "Mon-Fri 09:00-17:00"

/* ---- staffing ----------------------------------------------------------------------- */

static const char *const staffing_keys[] = {
    "timezone", "business_hours", "holidays", "roles", NULL
};
static const char *const role_keys[] = {
    "description", "count", "timezone", "business_hours", "response", "escalate_after",
    "stand_in", NULL
};
static const char *const period_keys[] = {"business", "night", "weekend", NULL};

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void load_holidays(struct ld *L, const yaml_node_t *v)
{
    yaml_node_item_t *it, *top;
    long *days;
    size_t n = 0, m = 0;

    if (load_get_list(L, "holidays", v, "dates", &it, &top) || it == top)
        return;
    days = load_xcalloc(L, (size_t)(top - it), sizeof *days);
    if (days == NULL)
        return;
    for (; it < top; it++) {
        yaml_node_t *x = load_node_at(L, *it);
        if (x && load_get_date(L, "holidays", x, &days[n]) == 0)
            n++;
    }
    qsort(days, n, sizeof *days, cmp_long);
    for (size_t i = 0; i < n; i++)
        if (m == 0 || days[m - 1] != days[i])
            days[m++] = days[i];
    L->p->holidays = days;
    L->p->n_holidays = m;
}

static void load_role(struct ld *L, int i, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct role *r = &L->p->roles[i];
    struct fields f, rf;
    yaml_node_t *x;
    int have[SCHED_N_PERIODS] = {0, 0, 0};

    if (load_read_fields(L, &f, role_keys, k, v, NULL, "role '%s'", load_show(r->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "description")))
        load_get_text(L, "description", x, &r->description);
    if ((x = load_freq(L, &f, "count"))) {
        L->count_node[i] = x;
        load_get_int(L, "count", x, 1, 1000000, &r->count);
    }
    if ((x = load_fval(&f, "timezone")))
        load_get_tz(L, "timezone", x, &r->calendar.tz_offset_s, &r->calendar.tz);
    if ((x = load_fval(&f, "business_hours")))
        load_get_hours(L, "business_hours", x, &r->calendar);
    if ((x = load_freq(L, &f, "response")) &&
        load_read_fields(L, &rf, period_keys, load_fkey(&f, "response"), x, NULL, "'response' of role '%s'",
                    b) == 0) {
        for (int q = 0; q < SCHED_N_PERIODS; q++) {
            yaml_node_t *y = q == SCHED_BUSINESS ? load_freq(L, &rf, period_keys[q])
                                                 : load_fval(&rf, period_keys[q]);
            if (y)
                have[q] = load_get_dist(L, period_keys[q], load_fkey(&rf, period_keys[q]), y, Q_DURATION,
                                   &r->response[q]) == 0;
        }
        /* A period not given falls back to business hours' response. */
        for (int q = 1; q < SCHED_N_PERIODS; q++)
            if (!load_fval(&rf, period_keys[q]) && have[SCHED_BUSINESS])
                load_dist_copy(L, &r->response[SCHED_BUSINESS], &r->response[q]);
    }
    if ((x = load_fval(&f, "escalate_after")))
        load_get_qty(L, "escalate_after", x, Q_NEVER, &r->escalate_after_s);
    if ((x = load_fval(&f, "stand_in"))) {
        int j = load_role_ref(L, x);
        if (j == i)
            load_err(L, x, "role '%s' cannot stand in for itself", b);
        else if (j >= 0) {
            r->stand_in = j;
            L->stand_in_node[i] = x;
        }
    }
}

/* A stand-in chain that comes back to a role would hand a step round in circles. Each
 * loop is reported once, starting from its first role in file order, at that role's
 * stand_in. */
static void check_stand_ins(struct ld *L)
{
    struct plan *p = L->p;
    unsigned char reported[PLAN_MAX_ROLES] = {0};
    char path[4096];

    for (int i = 0; i < p->n_roles; i++) {
        int seen[PLAN_MAX_ROLES], j = i, first;
        for (int q = 0; q < p->n_roles; q++)
            seen[q] = 0;
        while (j >= 0 && !seen[j]) {
            seen[j] = 1;
            j = p->roles[j].stand_in;
        }
        if (j < 0 || reported[j])
            continue;
        first = j;
        for (int q = p->roles[j].stand_in; q != j; q = p->roles[q].stand_in)
            if (q < first)
                first = q;
        path[0] = '\0';
        j = first;
        do {
            reported[j] = 1;
            load_path_add(path, sizeof path, p->roles[j].name);
            j = p->roles[j].stand_in;
        } while (j != first);
        load_path_add(path, sizeof path, p->roles[first].name);
        load_err(L, L->stand_in_node[first], "stand_in chain loops: %s", path);
    }
}

void load_plan_staffing(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct sched_calendar cal;
    struct fields f;
    struct named nm;
    yaml_node_t *x;
    const char *why;
    size_t where;
    int n, people = 0, reported = 0;

    memset(&cal, 0, sizeof cal);
    memset(&nm, 0, sizeof nm);
    cal.tz_offset_s = L->tz_s;
    cal.tz = L->tz_zone;
    load_parse_hours(DEFAULT_BUSINESS_HOURS, &cal.workdays_mask, &cal.day_start_s, &cal.day_end_s, &why,
                &where);
    if (v == NULL) {
        L->have_roles = 1;
        return;
    }
    if (load_read_fields(L, &f, staffing_keys, k, v, NULL, "'staffing'"))
        return;
    if ((x = load_fval(&f, "timezone")))
        load_get_tz(L, "timezone", x, &cal.tz_offset_s, &cal.tz);
    if ((x = load_fval(&f, "business_hours")))
        load_get_hours(L, "business_hours", x, &cal);
    if ((x = load_fval(&f, "holidays")))
        load_holidays(L, x);
    if ((x = load_fval(&f, "roles")) == NULL) {
        L->have_roles = 1;
        return;
    }
    if (load_read_named(L, load_fkey(&f, "roles"), x, &nm))
        return;
    n = nm.n;
    if (n > PLAN_MAX_ROLES) {
        load_err(L, nm.k[PLAN_MAX_ROLES], "too many roles: a plan holds at most %d", PLAN_MAX_ROLES);
        n = PLAN_MAX_ROLES;
    }
    if (n > 0) {
        p->roles = load_xcalloc(L, (size_t)n, sizeof *p->roles);
        if (p->roles == NULL)
            goto out;
        p->n_roles = n;
    }
    for (int i = 0; i < n; i++) {
        struct role *r = &p->roles[i];
        r->pos = load_pos_of(nm.k[i]);
        r->calendar = cal;
        r->escalate_after_s = INFINITY;
        r->stand_in = -1;
        if ((r->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        L->role_names[i] = r->name;
    }
    L->have_roles = 1;
    for (int i = 0; i < n && !L->nomem; i++)
        load_role(L, i, nm.k[i], nm.v[i]);
    check_stand_ins(L);
    for (int i = 0; i < n; i++) {
        p->roles[i].first_person = people;
        people += p->roles[i].count;
        if (people > PLAN_MAX_PEOPLE && !reported) {
            load_err(L, L->count_node[i], "too many people: the role counts add up to more than %d",
                PLAN_MAX_PEOPLE);
            reported = 1;
        }
    }
    p->n_people = people;
out:
    load_named_free(&nm);
}

