/* models/load_drills.c: reading a drill log (YAML, docs/drills.md) into a struct drill_log.
 *
 * The drill loader shares the plan loader's machinery (models/load_int.h): the same
 * parsing with its bounds on aliases and nesting, the same getters for every kind of
 * value (quantities with units, dates, names, one of a set of words), the same fixed-key
 * and name mappings with their unknown-key suggestions and duplicate detection, and so
 * the same positioned diagnostics, many in one run.
 *
 * Sections are read in the order their references need: `drills` (and, with a plan, its
 * name check), `cadence` (its region list is what exercise regions are checked against),
 * `stores`, then `exercises`. When a plan is given, scenario, step and store names are
 * checked against it with "did you mean" suggestions; a scenario that is unknown switches
 * off the checks of its steps, so one typo gives one message. Defaults (the BCP's test
 * cadence, the regions exercises name) are filled in once everything has been read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load.h"
#include "models/load_int.h"
#include "models/digest.h"
#include "models/units.h"

#define DRILL_MAX_REGIONS 64       /* regions one log may name */

/* ---- keys and words ------------------------------------------------------------------ */

static const char *const root_keys[] = {"drills", "cadence", "stores", "exercises", NULL};
static const char *const meta_keys[] = {"name", "plan", "owner", NULL};
static const char *const cadence_keys[] = {"since", "regions", "require", NULL};
static const char *const require_keys[] = {"every", "regions", NULL};
static const char *const store_keys[] = {"alerting", NULL};
static const char *const exercise_keys[] = {
    "date", "type", "scenario", "region", "start", "end", "participants", "objectives",
    "success_criteria", "steps", "restores", "rto", "data_loss", "outcome", "after_action",
    "corrective_actions", "note", NULL
};
static const char *const restore_keys[] = {"duration", "data_loss", "complete", "note", NULL};
static const char *const action_keys[] = {"action", "owner", "due", "status", NULL};

/* In enum order (models/drill.h). */
static const char *const type_names[] = {
    "tabletop", "functional", "full-scale", "completeness-test", "full-restore", NULL
};
static const char *const freq_names[] = {
    "none", "monthly", "quarterly", "semiannually", "annually", NULL
};
static const char *const outcome_names[] = {"passed", "passed-with-issues", "failed", NULL};
static const char *const check_names[] = {"not-checked", "passed", "failed", NULL};
static const char *const action_names[] = {"open", "in-progress", "done", NULL};

/* ---- state ------------------------------------------------------------------------------ */

struct dl {
    struct ld *L;
    struct drill_log *log;
    const struct plan *plan;       /* may be NULL: names are then not checked */
    int have_region_list;          /* cadence.regions was read: exercise regions must be in it */
    const char *region_names[DRILL_MAX_REGIONS + 1]; /* NULL-terminated, for suggestions */
    const char **store_names;      /* the plan's, NULL-terminated, for suggestions */
    const char **scenario_names;
    unsigned char req_regions[DRILL_N_TYPES]; /* cadence.require listed the type's own regions */
};

/* The index of region `name`, adding it when allowed (no cadence.regions list, or while
 * reading that list); -1 when unknown (reported at v) or on overflow/out of memory. */
static int region_ref(struct dl *D, const yaml_node_t *v, int adding)
{
    struct ld *L = D->L;
    struct drill_log *log = D->log;
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(L, v, "region name");
    int i;
    char **grown;

    if (name == NULL)
        return -1;
    i = drill_find_region(log, name);
    if (i >= 0 || (D->have_region_list && !adding)) {
        if (i < 0)
            load_err(L, v, "unknown region '%s'%s", load_show(name, b, sizeof b),
                     load_did_you_mean(L, name, D->region_names, b1, sizeof b1));
        return i;
    }
    if (log->n_regions >= DRILL_MAX_REGIONS) {
        load_err(L, v, "too many regions (at most %d)", DRILL_MAX_REGIONS);
        return -1;
    }
    grown = realloc(log->regions, (size_t)(log->n_regions + 1) * sizeof *grown);
    if (grown == NULL) {
        L->nomem = 1;
        return -1;
    }
    log->regions = grown;
    if ((log->regions[log->n_regions] = load_xstrdup(L, name)) == NULL)
        return -1;
    D->region_names[log->n_regions] = log->regions[log->n_regions];
    D->region_names[log->n_regions + 1] = NULL;
    return log->n_regions++;
}

/* A name the plan must know, with a suggestion when it does not; returns the name (a
 * value of the document) or NULL. Without a plan every non-empty name is accepted. */
static const char *plan_ref(struct dl *D, const yaml_node_t *v, const char *what,
                            const char *const *names, int (*find)(const struct plan *, const char *))
{
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(D->L, v, what);
    if (name == NULL || D->plan == NULL)
        return name;
    if (find(D->plan, name) < 0) {
        load_err(D->L, v, "unknown %s '%s'%s", what, load_show(name, b, sizeof b),
                 load_did_you_mean(D->L, name, names, b1, sizeof b1));
        return NULL;
    }
    return name;
}

static int find_scenario(const struct plan *p, const char *name)
{
    return plan_find_scenario(p, name);
}

static int find_store(const struct plan *p, const char *name)
{
    return plan_find_store(p, name);
}

/* ---- sections ------------------------------------------------------------------------------ */

static void default_name(struct dl *D, const char *path)
{
    D->log->name = load_base_name(D->L, path);
}

static void load_meta(struct dl *D, const yaml_node_t *k, const yaml_node_t *v)
{
    struct ld *L = D->L;
    struct drill_log *log = D->log;
    char b[SHOW], b1[SHOW];
    struct fields f;
    yaml_node_t *x;

    if (v && load_read_fields(L, &f, meta_keys, k, v, NULL, "'drills'") == 0) {
        if ((x = load_fval(&f, "name")))
            load_get_name_text(L, "name", x, &log->name);
        if ((x = load_fval(&f, "owner")))
            load_get_text(L, "owner", x, &log->owner);
        if ((x = load_fval(&f, "plan")) && load_get_name_text(L, "plan", x, &log->plan) == 0 &&
            D->plan && D->plan->name && strcmp(log->plan, D->plan->name) != 0)
            load_err(L, x, "this drill log is for plan '%s', not for '%s' (the plan loaded)",
                     load_show(log->plan, b, sizeof b), load_show(D->plan->name, b1, sizeof b1));
    }
    if (log->name == NULL)
        default_name(D, log->path);
}

/* One entry of cadence.require: `TYPE: FREQ` or `TYPE: {every: FREQ, regions: [...]}`. */
static void load_requirement(struct dl *D, enum drill_type type, const yaml_node_t *k,
                             const yaml_node_t *v)
{
    struct ld *L = D->L;
    struct drill_log *log = D->log;
    struct drill_requirement *r = NULL;
    const yaml_node_t *every = v, *regions = NULL;
    struct fields f;
    int freq;

    for (int i = 0; i < log->n_reqs; i++)
        if (log->reqs[i].type == type)
            r = &log->reqs[i];
    if (r == NULL)
        return; /* cannot happen: every type has a default entry */
    r->pos = load_pos_of(k);
    if (v->type == YAML_MAPPING_NODE) {
        if (load_read_fields(L, &f, require_keys, k, v, NULL, "requirement '%s'",
                             type_names[type]))
            return;
        if ((every = load_freq(L, &f, "every")) == NULL)
            return;
        regions = load_fval(&f, "regions");
    }
    if (load_get_enum(L, every == v ? type_names[type] : "every", every, freq_names, &freq))
        return;
    r->every = (enum drill_freq)freq;
    if (regions) {
        yaml_node_item_t *it, *top;
        if (load_get_list(L, "regions", regions, "region names", &it, &top))
            return;
        free(r->regions);
        r->regions = load_xcalloc(L, (size_t)(top - it), sizeof *r->regions);
        r->n_regions = 0;
        if (r->regions == NULL)
            return;
        for (; it < top; it++) {
            yaml_node_t *y = load_node_at(L, *it);
            int g, dup = 0;
            if (y == NULL || (g = region_ref(D, y, 0)) < 0)
                continue;
            for (int q = 0; q < r->n_regions; q++)
                dup |= r->regions[q] == g;
            if (dup) {
                char b[SHOW];
                load_err(L, y, "region '%s' is listed twice in 'regions'",
                         load_show(load_sv(y), b, sizeof b));
                continue;
            }
            r->regions[r->n_regions++] = g;
        }
        D->req_regions[type] = 1;
    }
}

static void load_cadence(struct dl *D, const yaml_node_t *k, const yaml_node_t *v)
{
    struct ld *L = D->L;
    struct drill_log *log = D->log;
    struct fields f, rq;
    yaml_node_t *x;

    if (load_read_fields(L, &f, cadence_keys, k, v, NULL, "'cadence'"))
        return;
    if ((x = load_fval(&f, "since")))
        load_get_date(L, "since", x, &log->since_day);
    if ((x = load_fval(&f, "regions"))) {
        yaml_node_item_t *it, *top;
        if (load_get_list(L, "regions", x, "region names", &it, &top) == 0) {
            for (; it < top; it++) {
                yaml_node_t *y = load_node_at(L, *it);
                char b[SHOW];
                if (y == NULL || load_get_name(L, y, "region name") == NULL)
                    continue;
                if (drill_find_region(log, load_sv(y)) >= 0) {
                    load_err(L, y, "region '%s' is listed twice in 'regions'",
                             load_show(load_sv(y), b, sizeof b));
                    continue;
                }
                region_ref(D, y, 1);
            }
            log->n_cadence_regions = log->n_regions;
            D->have_region_list = 1;
        }
    }
    if ((x = load_fval(&f, "require")) &&
        load_read_fields(L, &rq, type_names, load_fkey(&f, "require"), x,
                         "the keys are test types: tabletop, functional, full-scale, "
                         "completeness-test, full-restore", "'require'") == 0) {
        for (int t = 0; t < DRILL_N_TYPES; t++)
            if (rq.val[t])
                load_requirement(D, (enum drill_type)t, rq.key[t], rq.val[t]);
    }
}

static void load_stores(struct dl *D, const yaml_node_t *k, const yaml_node_t *v)
{
    struct ld *L = D->L;
    struct drill_log *log = D->log;
    struct named nm;

    if (load_read_named(L, k, v, &nm))
        return;
    log->stores = load_xcalloc(L, (size_t)nm.n, sizeof *log->stores);
    if (log->stores == NULL)
        goto out;
    for (int i = 0; i < nm.n && !L->nomem; i++) {
        struct drill_store_info *s = &log->stores[log->n_stores];
        struct fields f;
        yaml_node_t *x;
        char b[SHOW];
        if (plan_ref(D, nm.k[i], "store", D->store_names, find_store) == NULL)
            continue;
        s->pos = load_pos_of(nm.k[i]);
        if ((s->store = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            break;
        log->n_stores++;
        if (load_read_fields(L, &f, store_keys, nm.k[i], nm.v[i], NULL, "store '%s'",
                             load_show(s->store, b, sizeof b)))
            continue;
        if ((x = load_fval(&f, "alerting")))
            load_get_text(L, "alerting", x, &s->alerting);
    }
out:
    load_named_free(&nm);
}

/* ---- one exercise ------------------------------------------------------------------------- */

/* "YYYY-MM-DD HH:MM" with an optional time zone after it, to seconds since 1970 UTC.
 * Returns 0, or non-zero when it is not one. */
static int parse_datetime(const char *s, double *out_s)
{
    char tok[3][32];
    const char *why;
    int n = 0;
    long day;
    double sec, tz = 0;

    while (*s) {
        size_t len;
        while (*s == ' ')
            s++;
        if (*s == '\0')
            break;
        len = strcspn(s, " ");
        if (n == 3 || len >= sizeof tok[0])
            return 1;
        memcpy(tok[n], s, len);
        tok[n++][len] = '\0';
        s += len;
    }
    if (n < 2 || units_parse_date(tok[0], &day, &why) != UNITS_OK ||
        units_parse_clock(tok[1], &sec, &why) != UNITS_OK || sec >= 86400)
        return 1;
    if (n == 3 && sched_parse_tz(tok[2], &tz) != 0)
        return 1;
    *out_s = (double)day * 86400.0 + sec - tz;
    return 0;
}

/* A date and time kept as written, checked; *at_s receives it in seconds since 1970. */
static int get_datetime(struct ld *L, const char *name, const yaml_node_t *v, char **out,
                        double *at_s)
{
    char b[SHOW];
    load_use(L, v, "date and time");
    if (!load_is_scalar(v) || load_is_null(v) || !load_scalar_clean(L, name, v) ||
        parse_datetime(load_sv(v), at_s) != 0) {
        load_err(L, v, "'%s' must be a date and time such as 2026-02-10 14:00 UTC (got %s)",
                 name, load_got(v, b, sizeof b));
        return 1;
    }
    return load_get_text(L, name, v, out);
}

static void load_steps(struct dl *D, struct drill_exercise *e, const yaml_node_t *k,
                       const yaml_node_t *v, int scenario)
{
    struct ld *L = D->L;
    struct named nm;
    const struct scenario *sc = D->plan && scenario >= 0 ? &D->plan->scenarios[scenario] : NULL;
    const char *names[PLAN_MAX_STEPS + 1];
    char b[SHOW], b1[SHOW], b2[SHOW];

    if (load_read_named(L, k, v, &nm))
        return;
    if (sc) {
        int n = 0;
        for (int i = 0; i < sc->n_steps; i++)
            names[n++] = sc->steps[i].name;
        names[n] = NULL;
    }
    e->steps = load_xcalloc(L, (size_t)nm.n, sizeof *e->steps);
    if (e->steps == NULL)
        goto out;
    for (int i = 0; i < nm.n && !L->nomem; i++) {
        struct drill_step_time *t = &e->steps[e->n_steps];
        const char *name = load_sv(nm.k[i]);
        if (sc && scenario_find_step(sc, name) < 0) {
            load_err(L, nm.k[i], "unknown step '%s' in scenario '%s'%s",
                     load_show(name, b, sizeof b), load_show(sc->name, b1, sizeof b1),
                     load_did_you_mean(L, name, names, b2, sizeof b2));
            continue;
        }
        if (load_get_positive(L, name, nm.v[i], Q_DURATION, &t->duration_s))
            continue;
        t->pos = load_pos_of(nm.v[i]);
        if ((t->step = load_xstrdup(L, name)) == NULL)
            break;
        e->n_steps++;
    }
out:
    load_named_free(&nm);
}

static void load_restores(struct dl *D, struct drill_exercise *e, const yaml_node_t *k,
                          const yaml_node_t *v)
{
    struct ld *L = D->L;
    struct named nm;
    char b[SHOW];

    if (load_read_named(L, k, v, &nm))
        return;
    e->restores = load_xcalloc(L, (size_t)nm.n, sizeof *e->restores);
    if (e->restores == NULL)
        goto out;
    for (int i = 0; i < nm.n && !L->nomem; i++) {
        struct drill_restore *r = &e->restores[e->n_restores];
        const yaml_node_t *x = nm.v[i];
        struct fields f;
        yaml_node_t *y;
        int c;
        if (plan_ref(D, nm.k[i], "store", D->store_names, find_store) == NULL)
            continue;
        r->duration_s = NAN;
        r->data_loss_s = NAN;
        r->pos = load_pos_of(nm.k[i]);
        if (load_is_scalar(x)) {
            /* The shorthand: just the restore time. */
            load_get_positive(L, load_sv(nm.k[i]), x, Q_DURATION, &r->duration_s);
        } else if (load_read_fields(L, &f, restore_keys, nm.k[i], x, NULL, "restore of '%s'",
                                    load_show(load_sv(nm.k[i]), b, sizeof b)) == 0) {
            if ((y = load_fval(&f, "duration")))
                load_get_positive(L, "duration", y, Q_DURATION, &r->duration_s);
            if ((y = load_fval(&f, "data_loss")))
                load_get_qty(L, "data_loss", y, Q_DURATION, &r->data_loss_s);
            if ((y = load_fval(&f, "complete")) &&
                load_get_enum(L, "complete", y, check_names, &c) == 0)
                r->complete = (enum drill_check)c;
            if ((y = load_fval(&f, "note")))
                load_get_text(L, "note", y, &r->note);
        }
        if ((r->store = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            break;
        e->n_restores++;
    }
out:
    load_named_free(&nm);
}

static void load_actions(struct dl *D, struct drill_exercise *e, const yaml_node_t *v)
{
    struct ld *L = D->L;
    yaml_node_item_t *it, *top;

    if (load_get_list(L, "corrective_actions", v, "corrective actions", &it, &top) || it == top)
        return;
    e->actions = load_xcalloc(L, (size_t)(top - it), sizeof *e->actions);
    if (e->actions == NULL)
        return;
    for (int i = 0; it < top && !L->nomem; it++, i++) {
        yaml_node_t *x = load_node_at(L, *it), *y;
        struct drill_action *a = &e->actions[e->n_actions];
        struct fields f;
        int st;
        if (x == NULL || load_read_fields(L, &f, action_keys, x, x, NULL,
                                          "corrective action %d", i + 1))
            continue;
        e->n_actions++;
        a->pos = load_pos_of(x);
        if ((y = load_freq(L, &f, "action")))
            load_get_text(L, "action", y, &a->action);
        if ((y = load_freq(L, &f, "owner")))
            load_get_text(L, "owner", y, &a->owner);
        if ((y = load_freq(L, &f, "due")))
            load_get_date(L, "due", y, &a->due_day);
        if ((y = load_fval(&f, "status")) && load_get_enum(L, "status", y, action_names, &st) == 0)
            a->status = (enum drill_action_status)st;
    }
}

static void load_exercise(struct dl *D, struct drill_exercise *e, const yaml_node_t *k,
                          const yaml_node_t *v)
{
    struct ld *L = D->L;
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;
    int t, scenario = -1;
    double start_s = NAN, end_s = NAN;

    if (load_read_fields(L, &f, exercise_keys, k, v, NULL, "exercise '%s'",
                         load_show(e->name, b, sizeof b)))
        return;
    if ((x = load_freq(L, &f, "date")))
        load_get_date(L, "date", x, &e->day);
    if ((x = load_freq(L, &f, "type")) && load_get_enum(L, "type", x, type_names, &t) == 0)
        e->type = (enum drill_type)t;
    if ((x = load_freq(L, &f, "outcome")) && load_get_enum(L, "outcome", x, outcome_names, &t) == 0)
        e->outcome = (enum drill_outcome)t;
    if ((x = load_fval(&f, "scenario")) &&
        plan_ref(D, x, "scenario", D->scenario_names, find_scenario) != NULL) {
        if ((e->scenario = load_xstrdup(L, load_sv(x))) == NULL)
            return;
        scenario = D->plan ? plan_find_scenario(D->plan, e->scenario) : -1;
    }
    if ((x = load_fval(&f, "region"))) {
        int g = region_ref(D, x, 0);
        if (g >= 0 && (e->region = load_xstrdup(L, D->log->regions[g])) == NULL)
            return;
    } else if (load_fval(&f, "type") && (e->type == DRILL_COMPLETENESS ||
                                         e->type == DRILL_FULL_RESTORE)) {
        load_freq(L, &f, "region");
    }
    if ((x = load_fval(&f, "start")))
        get_datetime(L, "start", x, &e->start, &start_s);
    if ((x = load_fval(&f, "end")) && get_datetime(L, "end", x, &e->end, &end_s) == 0 &&
        !isnan(start_s) && end_s < start_s)
        load_err(L, load_fkey(&f, "end"), "'end' (%s) is before 'start' (%s)", e->end, e->start);
    if ((x = load_fval(&f, "participants"))) {
        yaml_node_item_t *it, *top;
        if (load_get_list(L, "participants", x, "names", &it, &top) == 0 && it < top) {
            e->participants = load_xcalloc(L, (size_t)(top - it), sizeof *e->participants);
            for (; e->participants && it < top && !L->nomem; it++) {
                yaml_node_t *y = load_node_at(L, *it);
                if (y && load_get_name(L, y, "participant") != NULL &&
                    (e->participants[e->n_participants] = load_xstrdup(L, load_sv(y))) != NULL)
                    e->n_participants++;
            }
        }
    }
    if ((x = load_fval(&f, "objectives")))
        load_get_text(L, "objectives", x, &e->objectives);
    if ((x = load_fval(&f, "success_criteria")))
        load_get_text(L, "success_criteria", x, &e->criteria);
    if ((x = load_fval(&f, "steps"))) {
        if (load_fval(&f, "scenario") == NULL)
            load_err(L, load_fkey(&f, "steps"), "measured 'steps' need the exercise's 'scenario' "
                                                "(the runbook they belong to)");
        else if (e->scenario != NULL)
            load_steps(D, e, load_fkey(&f, "steps"), x, scenario);
    }
    if ((x = load_fval(&f, "restores")))
        load_restores(D, e, load_fkey(&f, "restores"), x);
    if ((x = load_fval(&f, "rto")))
        load_get_positive(L, "rto", x, Q_DURATION, &e->rto_s);
    if ((x = load_fval(&f, "data_loss")))
        load_get_qty(L, "data_loss", x, Q_DURATION, &e->data_loss_s);
    if ((x = load_fval(&f, "after_action")))
        load_get_text(L, "after_action", x, &e->after_action);
    if ((x = load_fval(&f, "corrective_actions")))
        load_actions(D, e, x);
    if ((x = load_fval(&f, "note")))
        load_get_text(L, "note", x, &e->note);
}

static void load_exercises(struct dl *D, const yaml_node_t *k, const yaml_node_t *v)
{
    struct ld *L = D->L;
    struct drill_log *log = D->log;
    struct named nm;

    if (load_read_named(L, k, v, &nm))
        return;
    log->exercises = load_xcalloc(L, (size_t)nm.n, sizeof *log->exercises);
    if (log->exercises == NULL)
        goto out;
    log->n_exercises = nm.n;
    for (int i = 0; i < nm.n; i++) {
        struct drill_exercise *e = &log->exercises[i];
        e->pos = load_pos_of(nm.k[i]);
        e->rto_s = NAN;
        e->data_loss_s = NAN;
        if ((e->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
    }
    for (int i = 0; i < nm.n && !L->nomem; i++)
        load_exercise(D, &log->exercises[i], nm.k[i], nm.v[i]);
out:
    load_named_free(&nm);
}

/* ---- defaults ------------------------------------------------------------------------------- */

/* The BCP's cadence before the file's `require` is applied: a completeness test every
 * quarter and a full restore every year; the other types are not required. */
static int default_requirements(struct dl *D)
{
    struct drill_log *log = D->log;
    log->reqs = load_xcalloc(D->L, DRILL_N_TYPES, sizeof *log->reqs);
    if (log->reqs == NULL)
        return 1;
    log->n_reqs = DRILL_N_TYPES;
    for (int t = 0; t < DRILL_N_TYPES; t++) {
        log->reqs[t].type = (enum drill_type)t;
        log->reqs[t].every = t == DRILL_COMPLETENESS ? DRILL_FREQ_QUARTERLY
                             : t == DRILL_FULL_RESTORE ? DRILL_FREQ_ANNUAL
                                                       : DRILL_FREQ_NONE;
    }
    return 0;
}

/* Drop the types not required and give the others every region unless they listed
 * their own. */
static void finish_requirements(struct dl *D)
{
    struct drill_log *log = D->log;
    int n = 0;
    for (int t = 0; t < log->n_reqs; t++) {
        struct drill_requirement r = log->reqs[t];
        if (!D->req_regions[r.type]) {
            free(r.regions);
            r.regions = load_xcalloc(D->L, (size_t)(log->n_regions ? log->n_regions : 1),
                                     sizeof *r.regions);
            r.n_regions = 0;
            for (int g = 0; r.regions && g < log->n_regions; g++)
                r.regions[r.n_regions++] = g;
        }
        if (r.every == DRILL_FREQ_NONE) {
            free(r.regions);
            continue;
        }
        log->reqs[n++] = r;
    }
    log->n_reqs = n;
}

/* ---- the whole document ---------------------------------------------------------------------- */

static void load_root(struct dl *D, const yaml_node_t *root)
{
    struct ld *L = D->L;
    struct fields f;
    if (load_read_fields(L, &f, root_keys, NULL, root, NULL, "the drill log"))
        return;
    load_meta(D, load_fkey(&f, "drills"), load_fval(&f, "drills"));
    if (L->nomem || default_requirements(D))
        return;
    if (load_fval(&f, "cadence"))
        load_cadence(D, load_fkey(&f, "cadence"), load_fval(&f, "cadence"));
    if (load_fval(&f, "stores") && !L->nomem)
        load_stores(D, load_fkey(&f, "stores"), load_fval(&f, "stores"));
    if (load_fval(&f, "exercises") && !L->nomem)
        load_exercises(D, load_fkey(&f, "exercises"), load_fval(&f, "exercises"));
    if (!L->nomem)
        finish_requirements(D);
}

/* NULL-terminated name lists of the plan, for suggestions. */
static int plan_names(struct dl *D)
{
    const struct plan *p = D->plan;
    if (p == NULL)
        return 0;
    D->store_names = calloc((size_t)p->n_stores + 1, sizeof *D->store_names);
    D->scenario_names = calloc((size_t)p->n_scenarios + 1, sizeof *D->scenario_names);
    if (D->store_names == NULL || D->scenario_names == NULL)
        return 1;
    for (int i = 0; i < p->n_stores; i++)
        D->store_names[i] = p->stores[i].name;
    for (int i = 0; i < p->n_scenarios; i++)
        D->scenario_names[i] = p->scenarios[i].name;
    return 0;
}

enum load_status load_drills_text(const char *name, const char *text, size_t len,
                                  const struct plan *plan, struct diag_list *diags,
                                  struct drill_log **out)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    struct ld L;
    struct dl D;
    yaml_node_t *root = NULL;
    int have_doc;
    enum load_status st;

    *out = NULL;
    load_begin(&L, diags, text, len, "drill log", "drills, cadence, stores, exercises");
    memset(&D, 0, sizeof D);
    D.L = &L;
    D.plan = plan;
    if (!yaml_parser_initialize(&parser))
        return LOAD_NOMEM;
    have_doc = load_parse(&L, &parser, &doc, &root);
    if (root == NULL || L.nomem)
        goto out;
    D.log = calloc(1, sizeof *D.log);
    if (D.log == NULL || plan_names(&D) != 0) {
        L.nomem = 1;
        goto out;
    }
    D.log->since_day = DRILL_SINCE_DEFAULT;
    if ((D.log->path = load_xstrdup(&L, name)) == NULL)
        goto out;
    digest_sha256(text, len, D.log->sha256);
    load_root(&D, root);
out:
    st = load_outcome(&L, D.log);
    if (st == LOAD_OK)
        *out = D.log;
    else
        drill_log_free(D.log);
    free(D.store_names);
    free(D.scenario_names);
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return st;
}

enum load_status load_drills_file(const char *path, const struct plan *plan,
                                  struct diag_list *diags, char **text_out, struct drill_log **out)
{
    size_t len = 0;
    enum load_status st;

    *out = NULL;
    *text_out = NULL;
    st = load_read_file(path, "drill log", diags, text_out, &len);
    if (st != LOAD_OK)
        return st;
    return load_drills_text(path, *text_out, len, plan, diags, out);
}
