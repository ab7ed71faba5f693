/* models/load_staff.c: the staffing section: the team's calendar, holidays and roles.
 *
 * The section's time zone and business hours are defaults that each role may
 * override; holidays are shared by every role (the plan owns the list, each role's
 * calendar borrows it once loading is done). A role's response time is a distribution
 * per period (business hours, nights, weekends); a period left out takes the business
 * hours' one. A role's pager may re-notify its people (repage: every, attempts, the chance
 * a notification is noticed by period) and escalate along a chain of stand-in roles
 * (stand_in: one role or a list). Stand-ins are resolved once all roles are known, and a
 * loop through the stand-in relation (role -> any role of its chain) is reported once per
 * loop, written from its first role in file order. People are counted by role (the
 * engine numbers them role by role), at most PLAN_MAX_PEOPLE in all: a role gives a
 * `count` of unnamed people or a list of named `people`. Calendars, people, on_call
 * rotas and shifts are read by load_rota.c; this file decides the order: named calendars
 * before roles, and a role's people and rota once every role's head count is known.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

#define DEFAULT_BUSINESS_HOURS "Mon-Fri 09:00-17:00"

/* ---- staffing ----------------------------------------------------------------------- */

static const char *const staffing_keys[] = {
    "timezone", "business_hours", "working_hours", "holidays", "calendars", "roles", NULL
};
static const char *const role_keys[] = {
    "description", "count", "people", "calendar", "timezone", "business_hours",
    "working_hours", "response", "escalate_after", "stand_in", "repage", "on_call", "shift",
    NULL
};
static const char *const period_keys[] = {"business", "night", "weekend", NULL};
static const char *const repage_keys[] = {"every", "attempts", "answered", NULL};

/* The role's pager [repage]: every (a duration above zero), attempts (1 to
 * PLAN_MAX_ATTEMPTS) and answered (one probability, or one per period with the missing
 * periods taking business hours'), all three required. Left at attempts 0 on any error. */
static void load_repage(struct ld *L, struct role *r, const yaml_node_t *k, const yaml_node_t *v,
                        const char *who)
{
    struct fields f, af;
    yaml_node_t *x, *ev, *at, *an;
    struct role_repage rp = {0};
    int bad = 0;

    if (load_read_fields(L, &f, repage_keys, k, v, NULL, "'repage' of role '%s'", who))
        return;
    ev = load_freq(L, &f, "every");
    at = load_freq(L, &f, "attempts");
    an = load_freq(L, &f, "answered");
    if (ev == NULL || load_get_positive(L, "every", ev, Q_DURATION, &rp.every_s))
        bad = 1;
    if (at == NULL || load_get_int(L, "attempts", at, 1, PLAN_MAX_ATTEMPTS, &rp.attempts))
        bad = 1;
    if (an == NULL) {
        bad = 1;
    } else if (an->type != YAML_MAPPING_NODE) {
        bad |= load_get_qty(L, "answered", an, Q_PROB, &rp.answered[SCHED_BUSINESS]) != 0;
        rp.answered[SCHED_NIGHT] = rp.answered[SCHED_WEEKEND] = rp.answered[SCHED_BUSINESS];
    } else if (load_read_fields(L, &af, period_keys, load_fkey(&f, "answered"), an, NULL,
                                "'answered' of role '%s'", who) == 0) {
        for (int q = 0; q < SCHED_N_PERIODS; q++) {
            x = q == SCHED_BUSINESS ? load_freq(L, &af, period_keys[q])
                                    : load_fval(&af, period_keys[q]);
            if (x)
                bad |= load_get_qty(L, period_keys[q], x, Q_PROB, &rp.answered[q]) != 0;
            else if (q == SCHED_BUSINESS)
                bad = 1;
            else
                rp.answered[q] = rp.answered[SCHED_BUSINESS];
        }
    } else {
        bad = 1;
    }
    if (!bad)
        r->repage = rp;
}

/* The escalation chain [stand_in]: one role name or a list of them, in escalation order;
 * the role itself and a role listed twice are refused. Loops through other roles' chains
 * are found later (check_stand_ins). */
static void load_stand_ins(struct ld *L, int i, const yaml_node_t *v, const char *who)
{
    char b1[SHOW];
    struct role *r = &L->p->roles[i];
    yaml_node_item_t *it = NULL, *top = NULL;
    size_t n = 1;   /* a single name */

    if (v->type == YAML_SEQUENCE_NODE) {
        load_get_list(L, "stand_in", v, "role names", &it, &top);
        n = (size_t)(top - it);
        if (n == 0) {
            load_err(L, v, "'stand_in' lists no role: give a role name or a list of them");
            return;
        }
    }
    for (size_t q = 0; q < n; q++) {
        const yaml_node_t *y = it ? load_node_at(L, it[q]) : v;
        int j, dup = 0;
        if (y == NULL || (j = load_role_ref(L, y)) < 0)
            continue;
        if (j == i) {
            load_err(L, y, "role '%s' cannot stand in for itself", who);
            continue;
        }
        for (int c = 0; c < r->n_stand_ins; c++)
            dup |= r->stand_ins[c] == j;
        if (dup) {
            load_err(L, y, "role '%s' is listed twice in the 'stand_in' chain of role '%s'",
                     load_show(load_sv(y), b1, sizeof b1), who);
            continue;
        }
        r->stand_ins[r->n_stand_ins++] = j;
    }
    r->stand_in = r->n_stand_ins > 0 ? r->stand_ins[0] : -1;
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
    if ((x = load_fval(&f, "people")) && load_fval(&f, "count")) {
        load_err(L, load_fkey(&f, "people"), "role '%s' gives both 'count' and 'people': give "
                 "'people' (the named people) or 'count' (that many people, unnamed)", b);
    } else if (x) {
        yaml_node_item_t *it, *top;
        if (load_get_list(L, "people", x, "people", &it, &top) == 0) {
            if (it == top) {
                load_err(L, x, "'people' of role '%s' lists nobody: name the role's people, "
                         "or give its 'count'", b);
            } else {
                L->count_node[i] = L->people_node[i] = x;
                r->count = (int)(top - it);
            }
        }
    } else if ((x = load_freq(L, &f, "count"))) {
        L->count_node[i] = x;
        load_get_int(L, "count", x, 1, 1000000, &r->count);
    }
    load_calendar_keys(L, &f, 1, &r->calendar, NULL, NULL);
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
    if ((x = load_fval(&f, "repage")))
        load_repage(L, r, load_fkey(&f, "repage"), x, b);
    /* With re-paging, the role escalates once its notifications have run out, unless the
     * plan says when. */
    if ((x = load_fval(&f, "escalate_after")))
        load_get_qty(L, "escalate_after", x, Q_NEVER, &r->escalate_after_s);
    else if (r->repage.attempts > 0)
        r->escalate_after_s = r->repage.attempts * r->repage.every_s;
    if ((x = load_fval(&f, "stand_in"))) {
        L->stand_in_node[i] = x;
        load_stand_ins(L, i, x, b);
    }
    if ((x = load_fval(&f, "on_call"))) {
        L->on_call_key[i] = load_fkey(&f, "on_call");
        L->on_call_node[i] = x;
    }
    if ((x = load_fval(&f, "shift")))
        load_role_shift(L, r, load_fkey(&f, "shift"), x, b);
}

/* The item of role i's stand_in value (a name or a list of names) that names role j,
 * where a loop through that link is reported. */
static const yaml_node_t *stand_in_item(const struct ld *L, int i, int j)
{
    const yaml_node_t *v = L->stand_in_node[i];
    if (v == NULL || v->type != YAML_SEQUENCE_NODE)
        return v;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        const yaml_node_t *y = load_node_at(L, *it);
        if (y && load_is_scalar(y) && strcmp(load_sv(y), L->p->roles[j].name) == 0)
            return y;
    }
    return v;
}

/* Depth-first search from role i through the stand-in links (a role to every role of its
 * chain); state 1 = on the current path (stack[0..depth)), 2 = done. A link back to a
 * role on the path closes a loop: it is reported from its first role in file order, at
 * that role's link to the next one. */
static void stand_in_dfs(struct ld *L, int i, unsigned char *state, int *stack, int depth)
{
    const struct plan *p = L->p;
    char path[4096];
    state[i] = 1;
    stack[depth++] = i;
    for (int c = 0; c < p->roles[i].n_stand_ins; c++) {
        int j = p->roles[i].stand_ins[c];
        if (state[j] == 2)
            continue;
        if (state[j] == 0) {
            stand_in_dfs(L, j, state, stack, depth);
            continue;
        }
        int from = depth - 1, first;
        while (stack[from] != j)
            from--;
        first = from;
        for (int q = from; q < depth; q++)
            if (stack[q] < stack[first])
                first = q;
        path[0] = '\0';
        int len = depth - from;
        for (int q = 0; q <= len; q++)
            load_path_add(path, sizeof path, p->roles[stack[from + (first - from + q) % len]].name);
        int next = stack[from + (first - from + 1) % len];
        load_err(L, stand_in_item(L, stack[first], next), "stand_in chain loops: %s", path);
    }
    state[i] = 2;
}

/* A loop of stand-ins would hand a step round in circles: each is reported once. */
static void check_stand_ins(struct ld *L)
{
    unsigned char state[PLAN_MAX_ROLES] = {0};
    int stack[PLAN_MAX_ROLES];
    for (int i = 0; i < L->p->n_roles; i++)
        if (state[i] == 0)
            stand_in_dfs(L, i, state, stack, 0);
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
    load_calendar_keys(L, &f, 0, &cal, &p->holidays, &p->n_holidays);
    if ((x = load_fval(&f, "calendars")))
        load_staff_calendars(L, load_fkey(&f, "calendars"), x, &cal);
    if (L->nomem)
        goto out;
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
        r->on_call.turn_length = 1;
        r->on_call.others_after_s = INFINITY;
        r->shift.max_s = INFINITY;
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
    /* People are numbered: each role's people, then its rota (which names them). */
    if (people > 0 && !reported && (p->people = load_xcalloc(L, (size_t)people,
                                                             sizeof *p->people)) == NULL)
        goto out;
    for (int i = 0; i < n && !L->nomem; i++) {
        load_role_people(L, i);
        load_role_on_call(L, i);
    }
out:
    load_named_free(&nm);
}

