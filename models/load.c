/* models/load.c: reading a plan file (YAML) into a validated struct plan.
 *
 * This file holds the plan loader's entry points and the order of its work; the
 * schema's sections are read by the other files of the loader module, which share
 * their internals through models/load_int.h:
 *
 *   load_parse.c      reading the file, parsing it with libyaml, bounds on aliases
 *   load_yaml.c       walking the node graph; positions, messages, mappings
 *   load_values.c     one getter per kind of value (text, quantities, dates, schedules)
 *   load_dist.c       distributions
 *   load_stores.c     stores, backups, restores
 *   load_staff.c      staffing: holidays, roles, stand-ins
 *   load_rota.c       staffing: named calendars, people, on_call rotas, shifts
 *   load_scenarios.c  scenarios, runbooks and the policy
 *   load_services.c   services (BIA) and costs
 *   load_inputs.c     every value as written, with its comment (plan->inputs)
 *
 * Sections are read in the order their cross references need (plan, calendar, stores,
 * staffing, scenarios, services, policy, costs), not in file order; diag_print sorts
 * the messages by position, so the user reads them top to bottom anyway. A section
 * that could not be read at all (not a mapping) switches off the reference checks
 * against it, so one mistake does not cascade into dozens of "unknown store" messages.
 * The references by name (a store, a role, a scenario, a step of a scenario's
 * runbook) are resolved here, with a "did you mean" when a name is unknown.
 *
 * On any error the partially built plan is released with plan_free, which is why
 * every array is allocated zeroed and its count set before it is filled.
 */
#include "models/load.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"
#include "models/digest.h"
#include "models/text.h"
#include "models/units.h"

/* Produced by models/builtin_plan.S (scenarios/commcare.yaml, NUL-terminated). */
extern const char plan_builtin_yaml[];
extern const unsigned long plan_builtin_len;

#define BUILTIN_NAME "commcare.yaml (built-in)"  /* file name in messages */
#define BUILTIN_PATH "<built-in>"                /* plan->path, see plan.h */

static const char *const weekday_names[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
};

/* 0 = Monday; 1970-01-01 (day 0) was a Thursday. */
static int weekday_of(long days)
{
    return (int)(((days % 7) + 7 + 3) % 7);
}

/* ---- lookups ------------------------------------------------------------------------ */

/* Step names of a scenario, NULL-terminated, for suggestions. */
static void step_names(const struct scenario *sc, const char *names[PLAN_MAX_STEPS + 1])
{
    int n = 0;
    for (int i = 0; i < sc->n_steps && n < PLAN_MAX_STEPS; i++)
        if (sc->steps[i].name)
            names[n++] = sc->steps[i].name;
    names[n] = NULL;
}

/* A store named by value v; -1 when unknown (reported) or when stores could not be
 * read (not reported: that error is already there). */
int load_store_ref(struct ld *L, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(L, v, "store name");
    int i;
    if (name == NULL || !L->have_stores)
        return -1;
    i = plan_find_store(L->p, name);
    if (i < 0)
        load_err(L, v, "unknown store '%s'%s", load_show(name, b, sizeof b),
            load_did_you_mean(L, name, L->store_names, b1, sizeof b1));
    return i;
}

int load_role_ref(struct ld *L, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(L, v, "role name");
    int i;
    if (name == NULL || !L->have_roles)
        return -1;
    i = plan_find_role(L->p, name);
    if (i < 0)
        load_err(L, v, "unknown role '%s'%s", load_show(name, b, sizeof b),
            load_did_you_mean(L, name, L->role_names, b1, sizeof b1));
    return i;
}

int load_scenario_ref(struct ld *L, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(L, v, "scenario name");
    int i;
    if (name == NULL || !L->have_scenarios)
        return -1;
    i = plan_find_scenario(L->p, name);
    if (i < 0)
        load_err(L, v, "unknown scenario '%s'%s", load_show(name, b, sizeof b),
            load_did_you_mean(L, name, L->scenario_names, b1, sizeof b1));
    return i;
}

/* A step of scenario si named by v; -1 when unknown (reported) or unknowable. */
int load_step_ref(struct ld *L, int si, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const char *names[PLAN_MAX_STEPS + 1];
    const char *name = load_get_name(L, v, "step name");
    const struct scenario *sc;
    int i;
    if (name == NULL || si < 0 || !L->runbook_ok || !L->runbook_ok[si])
        return -1;
    sc = &L->p->scenarios[si];
    i = scenario_find_step(sc, name);
    if (i < 0) {
        step_names(sc, names);
        load_err(L, v, "unknown step '%s'%s", load_show(name, b, sizeof b),
            load_did_you_mean(L, name, names, b1, sizeof b1));
    }
    return i;
}

/* ---- sections: plan, calendar ------------------------------------------------------- */

static const char *const meta_keys[] = {"name", "version", "organization", "system", "owner", NULL};

/* The plan's name defaults to the file's base name without its extension. */
static void default_name(struct ld *L, const char *path)
{
    L->p->name = load_base_name(L, path);
}

static void load_meta(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct fields f;
    yaml_node_t *x;
    char **out[] = {&p->name, &p->version, &p->organization, &p->system, &p->owner};
    char d[48];
    uint32_t cp = 0;

    if (v && load_read_fields(L, &f, meta_keys, k, v, NULL, "'plan'") == 0) {
        for (int i = 0; meta_keys[i]; i++)
            if ((x = load_fval(&f, meta_keys[i])) && i == 0)
                load_get_name_text(L, meta_keys[i], x, out[i]);
            else if (x)
                load_get_text(L, meta_keys[i], x, out[i]);
    }
    for (int i = 1; meta_keys[i]; i++)
        if (*out[i] == NULL)
            *out[i] = load_xstrdup(L, "");
    if (p->name == NULL) {
        default_name(L, p->path);
        x = NULL;
    } else {
        x = v ? load_fval(&f, "name") : NULL;
    }
    if (x == NULL && p->name && text_find_forbidden(p->name, 0, &cp) >= 0)
        load_err_at(L, 0, 0, "the plan's name (the file's name, without 'plan: name') cannot "
                    "contain %s", text_describe(cp, d, sizeof d));
    else if (p->name && strlen(p->name) > PLAN_MAX_NAME_BYTES) {
        struct plan_pos pp = load_pos_of(x);
        load_err_at(L, pp.line, pp.col, "the plan's name%s is at most %d bytes, as it becomes "
                    "part of output file names such as NAME-dr-review.xlsx (this one is %zu)",
                    x ? "" : " (the file's name, without 'plan: name')", PLAN_MAX_NAME_BYTES,
                    strlen(p->name));
    }
}

static const char *const calendar_keys[] = {"epoch", "timezone", "window", NULL};
static const char *const window_keys[] = {"start", "length", NULL};

static void load_calendar(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan_calendar *c = &L->p->calendar;
    struct fields f, w;
    yaml_node_t *x;
    char b[16];

    c->window_s = 365.0 * 86400.0;
    if (load_read_fields(L, &f, calendar_keys, k, v, NULL, "'calendar'"))
        return;
    if ((x = load_freq(L, &f, "epoch")) && load_get_date(L, "epoch", x, &c->epoch_days) == 0 &&
        weekday_of(c->epoch_days) != 0)
        load_err(L, x, "'epoch' must be a Monday (%s is a %s)",
            units_format_date(c->epoch_days, b, sizeof b), weekday_names[weekday_of(c->epoch_days)]);
    if ((x = load_fval(&f, "window")) &&
        load_read_fields(L, &w, window_keys, load_fkey(&f, "window"), x, NULL, "'window'") == 0) {
        if ((x = load_fval(&w, "start")))
            load_get_qty(L, "start", x, Q_DURATION, &c->window_start_s);
        if ((x = load_fval(&w, "length")))
            load_get_positive(L, "length", x, Q_DURATION, &c->window_s);
    }
    /* After the window: an IANA zone's table is built to cover it. */
    if ((x = load_fval(&f, "timezone")))
        load_get_tz(L, "timezone", x, &c->tz_offset_s, &c->tz);
    L->tz_s = c->tz_offset_s;
    L->tz_zone = c->tz;
}

/* ---- the whole document ------------------------------------------------------------- */

static const char *const root_keys[] = {
    "plan", "calendar", "policy", "stores", "staffing", "scenarios", "services", "costs",
    "failure_groups", "copy_capacity", "restore_capacity", "governance", "levers", NULL
};

static void load_root(struct ld *L, const yaml_node_t *root)
{
    struct fields f;
    if (load_read_fields(L, &f, root_keys, NULL, root, NULL, "the plan"))
        return;
    load_meta(L, load_fkey(&f, "plan"), load_fval(&f, "plan"));
    if (load_fval(&f, "calendar"))
        load_calendar(L, load_fkey(&f, "calendar"), load_fval(&f, "calendar"));
    else
        load_freq(L, &f, "calendar");
    if (L->nomem)
        return;
    load_plan_failure_groups(L, load_fkey(&f, "failure_groups"), load_fval(&f, "failure_groups"));
    load_plan_copy_capacity(L, load_fkey(&f, "copy_capacity"), load_fval(&f, "copy_capacity"));
    load_plan_restore_capacity(L, load_fkey(&f, "restore_capacity"),
                               load_fval(&f, "restore_capacity"));
    if (L->nomem)
        return;
    load_plan_stores(L, load_fkey(&f, "stores"), load_fval(&f, "stores"));
    if (L->nomem)
        return;
    load_plan_staffing(L, load_fkey(&f, "staffing"), load_fval(&f, "staffing"));
    if (L->nomem)
        return;
    if (load_fval(&f, "scenarios"))
        load_plan_scenarios(L, load_fkey(&f, "scenarios"), load_fval(&f, "scenarios"));
    else
        load_freq(L, &f, "scenarios");
    if (L->nomem)
        return;
    load_plan_services(L, load_fkey(&f, "services"), load_fval(&f, "services"));
    if (L->nomem)
        return;
    load_plan_policy(L, load_fkey(&f, "policy"), load_fval(&f, "policy"));
    if (L->nomem)
        return;
    load_plan_costs(L, load_fkey(&f, "costs"), load_fval(&f, "costs"));
    if (L->nomem)
        return;
    load_plan_governance(L, load_fkey(&f, "governance"), load_fval(&f, "governance"));
    if (!L->nomem)
        load_plan_levers(L, load_fkey(&f, "levers"), load_fval(&f, "levers"));
}

enum load_status load_plan_text(const char *name, const char *text, size_t len,
                                struct diag_list *diags, struct plan **out)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    int have_doc = 0;
    struct ld L;
    struct plan *p = NULL;
    yaml_node_t *root = NULL;
    enum load_status st;

    *out = NULL;
    load_begin(&L, diags, text, len, "plan", LOAD_PLAN_SECTIONS);
    if (!yaml_parser_initialize(&parser))
        return LOAD_NOMEM;
    have_doc = load_parse(&L, &parser, &doc, &root);
    if (root == NULL || L.nomem)
        goto out;
    L.n_nodes = (size_t)(doc.nodes.top - doc.nodes.start);
    L.unit = load_xcalloc(&L, L.n_nodes, sizeof *L.unit);
    if (L.unit == NULL)
        goto out;
    p = calloc(1, sizeof *p);
    if (p == NULL) {
        L.nomem = 1;
        goto out;
    }
    L.p = p;
    p->confidence = 0.95;
    p->calendar.window_s = 365.0 * 86400.0;
    if ((p->path = load_xstrdup(&L, name)) == NULL)
        goto out;
    digest_sha256(text, len, p->sha256);
    load_root(&L, root);
    if (L.n_err == 0 && !L.nomem)
        load_plan_inputs(&L, root);
    if (L.n_err == 0 && !L.nomem)
        load_plan_levers_check(&L, root);
    /* Calendars borrow their holiday lists as they are built, and the staffing section
     * numbers the plan's people (load_staff.c, load_rota.c). */
out:
    st = load_outcome(&L, p);
    if (st == LOAD_OK)
        *out = p;
    else
        plan_free(p);
    free(L.scenario_names);
    free(L.runbook_ok);
    free(L.rto_clock_set);
    free(L.unit);
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return st;
}


enum load_status load_plan_file(const char *path, struct diag_list *diags, char **text_out,
                                struct plan **out)
{
    size_t len = 0;
    enum load_status st;

    *out = NULL;
    st = load_read_file(path, "plan", diags, text_out, &len);
    if (st != LOAD_OK)
        return st;
    return load_plan_text(path, *text_out, len, diags, out);
}

enum load_status load_plan_builtin(struct diag_list *diags, struct plan **out)
{
    size_t len;
    const char *text = load_builtin_text(&len);
    enum load_status st;

    diag_init(diags, BUILTIN_NAME, text, len);
    st = load_plan_text(BUILTIN_NAME, text, len, diags, out);
    if (st == LOAD_OK) {
        char *path = strdup(BUILTIN_PATH);
        if (path == NULL) {
            plan_free(*out);
            *out = NULL;
            return LOAD_NOMEM;
        }
        free((*out)->path);
        (*out)->path = path;
    }
    return st;
}

/* builtin_plan.S measures plan_builtin_len up to its own (8-byte aligned) address, so
 * it can count alignment padding after the text's NUL; the text itself ends at the
 * first NUL. */
const char *load_builtin_text(size_t *len)
{
    if (len)
        *len = strnlen(plan_builtin_yaml, (size_t)plan_builtin_len);
    return plan_builtin_yaml;
}

const char *load_strerror(enum load_status s)
{
    switch (s) {
    case LOAD_OK:
        return "success";
    case LOAD_INVALID:
        return "invalid plan";
    case LOAD_IO:
        return "cannot read the plan file";
    case LOAD_NOMEM:
        return "out of memory";
    }
    return "unknown error";
}
