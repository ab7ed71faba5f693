/* models/load_scenarios.c: the scenarios section (outages and their runbooks) and the
 * policy section (objectives per scenario).
 *
 * A runbook is a mapping of steps. Every step's name is known before any step is
 * read, so `after` lists can be checked against them; they are resolved in a second
 * pass, then searched for a cycle (reported once, written from its first step in file
 * order), and finally the steps are stored in a stable topological order: the engine
 * relies on a step's dependencies having smaller indices. A scenario's references to
 * its own steps (service_restored_by, declared_by, ...) are resolved after the sort.
 *
 * Scenario names become parts of file names (a chart is SCENARIO-rto-cdf.png), so a
 * name is bounded in length and two names that map to the same file name are refused
 * here, before a run would overwrite one scenario's charts with another's.
 *
 * The policy is read after the scenarios and the services it names.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

/* ---- scenarios and runbooks --------------------------------------------------------- */

static const char *const scenario_keys[] = {
    "description", "destroys", "per_year", "duration", "on_outage_end", "primary_return",
    "activation", "point_of_no_return", "commits_at", "declared_by", "service_restored_by",
    "fully_restored_by", "exposure_until", "failback", "runbook", "capacity_left",
    "restores_in", "damage", "rto_clock", "page", NULL
};
static const char *const page_keys[] = {"at_start", "at_declaration", NULL};
static const char *const damage_keys[] = {"stores", "detected_after", "deletes_backups", "note",
                                          NULL};
static const char *const deletes[] = {"none", "at-onset", "at-detection", NULL};
/* rto_clock values in the order of enum rto_clock ("onset" is outage-start's name in a
 * damage scenario). */
static const char *const rto_clocks[] = {"outage-start", "declaration", "detection", "onset",
                                         NULL};
static const char *const failback_keys[] = {"after", "write_rate", "sync_throughput", NULL};
static const char *const activation_keys[] = {"decided_by", "go_when", NULL};
static const char *const go_keys[] = {"outage_lasted", "data_loss_under", NULL};
static const char *const step_keys[] = {
    "description", "duration", "restore", "failover", "needs", "after", "phase", "reverse_sync",
    "interrupts_service", "capacity",
    "recreate", "promote", "throughput", "overhead", "parallelism", /* how stores come back */
    NULL
};
/* The keys naming the store a step brings back, and what a step does with it. */
static const char *const store_verbs[][2] = {
    {"restore", "restores"}, {"failover", "fails over"}, {"recreate", "recreates"},
    {"promote", "promotes"}
};
static const char *const scopes[] = {"zone", "region", "none", NULL};
static const char *const end_rules[] = {"restores", "continue", NULL};
static const char *const phases[] = {"recovery", "restoration", "failback", NULL};

/* A recreate step (recreate 1) or a promote step (0): the store it names, which must be
 * ephemeral (recreated empty) or have a replica (promoted). */
static void load_step_store_kind(struct ld *L, struct step *st, const struct fields *f,
                                 int recreate)
{
    char b[SHOW];
    const char *key = recreate ? "recreate" : "promote";
    const yaml_node_t *x = load_fval(f, key);
    int s = load_store_ref(L, x);
    st->kind = recreate ? STEP_RECREATE : STEP_PROMOTE;
    if (s < 0)
        return;
    const struct store *so = &L->p->stores[s];
    st->store = s;
    if (recreate && !so->ephemeral)
        load_err(L, x, "store '%s' is not ephemeral: it has data to lose, and a recreate step "
                 "brings a store back empty; write 'restore: %s' (or mark the store "
                 "'ephemeral: true' if it truly holds nothing)", load_show(so->name, b, sizeof b),
                 so->name);
    else if (!recreate && !so->replica.present)
        load_err(L, x, "store '%s' has no cross-region replica to promote: give it "
                 "replica: {region: ..., lag: ..., promote: ...}",
                 load_show(so->name, b, sizeof b));
}

/* A restore step's own throughput, overhead and parallelism, replacing the store's
 * restore model for this step only (restoring elsewhere at other rates). */
static void load_step_restore_own(struct ld *L, struct step *st, const struct fields *f)
{
    static const char *const own[] = {"throughput", "overhead", "parallelism"};
    yaml_node_t *x;
    for (int q = 0; q < 3; q++) {
        if ((x = load_fval(f, own[q])) == NULL)
            continue;
        if (st->kind != STEP_RESTORE) {
            load_err(L, load_fkey(f, own[q]), "'%s' applies only to a restore step (it replaces "
                     "the store's restore.%s for that step)", own[q], own[q]);
            continue;
        }
        if (st->own == NULL && (st->own = load_xcalloc(L, 1, sizeof *st->own)) == NULL)
            return;
        int rc = q == 0 ? load_get_dist(L, own[q], load_fkey(f, own[q]), x, Q_RATE,
                                        &st->own->throughput)
                 : q == 1 ? load_get_dist(L, own[q], load_fkey(f, own[q]), x, Q_DURATION,
                                          &st->own->overhead)
                          : load_get_int(L, own[q], x, 1, 1000000, &st->own->parallelism);
        if (rc == 0)
            st->restore_own |= 1 << q;
    }
}

/* One entry of a step's needs, as read (struct step orders the entries). */
struct need_entry {
    int roles[PLAN_MAX_ANY_OF]; /* one role, or an any_of set in preference order */
    int n_roles;
    int any_of;                 /* written as any_of */
    int count;                  /* people of it */
    int optional;
    const yaml_node_t *at;      /* where a limit error points */
};

/* An any_of set: role names, none twice, at most PLAN_MAX_ANY_OF. Non-zero when bad. */
static int load_any_of(struct ld *L, const yaml_node_t *v, struct need_entry *e)
{
    char b[SHOW];
    yaml_node_item_t *it, *top;
    int bad = 0;
    if (load_get_list(L, "any_of", v, "role names", &it, &top))
        return 1;
    if (it == top) {
        load_err(L, v, "'any_of' lists no role: give the roles any one of which will do");
        return 1;
    }
    for (; it < top; it++) {
        const yaml_node_t *y = load_node_at(L, *it);
        int r, dup = 0;
        if (y == NULL || (r = load_role_ref(L, y)) < 0) {
            bad = 1;
            continue;
        }
        for (int q = 0; q < e->n_roles; q++)
            dup |= e->roles[q] == r;
        if (dup) {
            load_err(L, y, "role '%s' is listed twice in 'any_of'", load_show(load_sv(y), b, sizeof b));
            bad = 1;
            continue;
        }
        if (e->n_roles == PLAN_MAX_ANY_OF) {
            load_err(L, y, "'any_of' holds at most %d roles", PLAN_MAX_ANY_OF);
            return 1;
        }
        e->roles[e->n_roles++] = r;
    }
    return bad || e->n_roles == 0;
}

/* One item of `needs`: a role name, or {role: R | any_of: [R, ...], count: k, optional:
 * true}. Non-zero when bad (reported). */
static int load_need(struct ld *L, const yaml_node_t *y, struct need_entry *e)
{
    static const char *const need_keys[] = {"role", "any_of", "count", "optional", NULL};
    struct fields f;
    yaml_node_t *x, *xr, *xa;
    int r;

    memset(e, 0, sizeof *e);
    e->count = 1;
    e->at = y;
    if (y->type != YAML_MAPPING_NODE) {
        if ((r = load_role_ref(L, y)) < 0)
            return 1;
        e->roles[e->n_roles++] = r;
        return 0;
    }
    if (load_read_fields(L, &f, need_keys, NULL, y, NULL, "an entry of 'needs'"))
        return 1;
    xr = load_fval(&f, "role");
    xa = load_fval(&f, "any_of");
    if (xr && xa) {
        load_err(L, load_fkey(&f, "any_of"), "an entry of 'needs' names either one 'role' or "
                 "'any_of' several, not both");
        return 1;
    }
    if (!xr && !xa) {
        load_err(L, y, "an entry of 'needs' needs a 'role' (or 'any_of' with a list of roles)");
        return 1;
    }
    int bad = 0;
    if (xr) {
        if ((r = load_role_ref(L, xr)) < 0)
            bad = 1;
        else
            e->roles[e->n_roles++] = r;
    } else {
        e->any_of = 1;
        bad |= load_any_of(L, xa, e);
    }
    if ((x = load_fval(&f, "count"))) {
        bad |= load_get_int(L, "count", x, 1, PLAN_MAX_NEEDS, &e->count) != 0;
        e->at = x;
    }
    if ((x = load_fval(&f, "optional")))
        bad |= load_get_bool(L, "optional", x, &e->optional) != 0;
    return bad;
}

/* A step's needs [needs]: role names and entries with a count, an any_of set or
 * optional: true. Stored one entry per person, in the order struct step gives: the
 * required single-role entries, the required any_of ones, then the optional ones, each
 * in list order (the engine fills them in that order, so a person of a named role is
 * never taken by an any_of entry that could have used another). A role named twice (by
 * name or by `role`) is refused: its count says how many. A count beyond the role's
 * people can never be met without stand-ins, so it is refused when the role has none;
 * so is a count above one of a role whose on_call rota pages one person and never the
 * rest (others_after never). */
static void load_needs(struct ld *L, struct step *st, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    yaml_node_item_t *it, *top;
    struct need_entry e[PLAN_MAX_NEEDS];
    int n = 0, people = 0, over = 0;

    if (load_get_list(L, "needs", v, "role names", &it, &top))
        return;
    for (; it < top; it++) {
        const yaml_node_t *y = load_node_at(L, *it);
        struct need_entry one;
        int dup = 0;
        if (y == NULL || load_need(L, y, &one))
            continue;
        for (int q = 0; q < n && !one.any_of; q++)
            dup |= !e[q].any_of && e[q].roles[0] == one.roles[0] && e[q].optional == one.optional;
        if (dup) {
            load_err(L, y->type == YAML_MAPPING_NODE ? one.at : y,
                     "role '%s' is listed twice in 'needs'%s",
                     load_show(L->p->roles[one.roles[0]].name, b, sizeof b),
                     y->type == YAML_MAPPING_NODE ? "" : " (give its 'count' instead)");
            continue;
        }
        if (people + one.count > PLAN_MAX_NEEDS) {
            if (!over)
                load_err(L, one.at, "a step holds at most %d people at once (its needs with "
                         "their counts)", PLAN_MAX_NEEDS);
            over = 1;
            continue;
        }
        const struct role *ro = &L->p->roles[one.roles[0]];
        if (!one.any_of && !one.optional && ro->count >= 1 && one.count > ro->count &&
            ro->n_stand_ins == 0)
            load_err(L, one.at, "the step needs %d people of role '%s', which has %d and no "
                     "stand_in: it could never start", one.count,
                     load_show(ro->name, b, sizeof b), ro->count);
        else if (!one.any_of && !one.optional && one.count > 1 && ro->n_stand_ins == 0 &&
                 ro->on_call.kind != ON_CALL_ALL && !isfinite(ro->on_call.others_after_s))
            load_err(L, one.at, "step '%s' needs %d people of role '%s', but its on_call rota "
                     "%s and never the others: set on_call.others_after",
                     load_show(st->name, b1, sizeof b1), one.count,
                     load_show(ro->name, b, sizeof b),
                     ro->on_call.kind == ON_CALL_ROTATION ? "pages one person at a time"
                                                          : "may page one person");
        people += one.count;
        e[n++] = one;
    }
    /* Required single roles, required any_of sets, then the optional entries. */
    for (int pass = 0; pass < 3; pass++) {
        for (int q = 0; q < n; q++) {
            int want = e[q].optional ? 2 : e[q].any_of ? 1 : 0;
            if (want != pass)
                continue;
            for (int c = 0; c < e[q].count; c++) {
                int k = st->n_needs++;
                st->needs[k] = e[q].roles[0];
                if (e[q].any_of || e[q].n_roles > 1) {
                    if (st->any_of == NULL &&
                        (st->any_of = load_xcalloc(L, PLAN_MAX_NEEDS, sizeof *st->any_of)) == NULL)
                        return;
                    memcpy(st->any_of[k].roles, e[q].roles, sizeof e[q].roles);
                    st->any_of[k].n_roles = e[q].n_roles;
                    st->any_mask |= 1u << k;
                }
            }
        }
        if (pass < 2)
            st->n_required = st->n_needs;
    }
}

/* One step's own keys. Its `after` list is only checked for shape here and returned
 * in *after, to be resolved once every step name of the runbook is known. */
static void load_step(struct ld *L, struct step *st, const yaml_node_t *k, const yaml_node_t *v,
                      const yaml_node_t **after)
{
    char b[SHOW], b1[SHOW];
    struct fields f;
    yaml_node_t *x, *xr, *xf;
    yaml_node_item_t *it, *top;
    int phase;

    *after = NULL;
    if (load_read_fields(L, &f, step_keys, k, v, NULL, "step '%s'", load_show(st->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "description")))
        load_get_text(L, "description", x, &st->description);
    /* At most one of restore, failover, recreate and promote (reported at the second). */
    int first = -1;
    for (int q = 0; q < 4; q++) {
        if (!load_fval(&f, store_verbs[q][0]))
            continue;
        if (first < 0) {
            first = q;
            continue;
        }
        load_err(L, load_fkey(&f, store_verbs[q][0]), "a step either %s or %s a store, not both",
                 store_verbs[first][1], store_verbs[q][1]);
        return;
    }
    xr = load_fval(&f, "restore");
    xf = load_fval(&f, "failover");
    if (xr) {
        int s = load_store_ref(L, xr);
        st->kind = STEP_RESTORE;
        if (s >= 0) {
            const struct store *so = &L->p->stores[s];
            st->store = s;
            if (so->recovery == STORE_RECOVER_NONE)
                load_err(L, xr, "store '%s' is unrecoverable: there is nothing to restore",
                    load_show(so->name, b1, sizeof b1));
            else if (so->recovery == STORE_RECOVER_REBUILD && !L->store_restore[s])
                load_err(L, xr, "store '%s' has no 'restore' section, so its rebuild time is unknown",
                    load_show(so->name, b1, sizeof b1));
            else if (!L->store_restore[s] && so->replica.present)
                load_err(L, xr, "store '%s' has no 'restore' section, so its restore time is "
                         "unknown: promote its replica with 'promote: %s', or give it a "
                         "'restore' section", load_show(so->name, b1, sizeof b1), so->name);
        }
    } else if (xf) {
        int s = load_store_ref(L, xf);
        st->kind = STEP_FAILOVER;
        if (s >= 0) {
            const struct store *so = &L->p->stores[s];
            st->store = s;
            if (so->zone_mode != STORE_ZONE_SYNC && so->zone_mode != STORE_ZONE_ASYNC)
                load_err(L, xf, "store '%s' has no sync or async zone replica to fail over to "
                           "(zone_redundancy: %s)", load_show(so->name, b1, sizeof b1),
                    plan_zone_mode_name(so->zone_mode));
        }
    } else if (first >= 2) {
        load_step_store_kind(L, st, &f, first == 2);
    }
    load_step_restore_own(L, st, &f);
    int sync = 0;
    if ((x = load_fval(&f, "reverse_sync")) && load_is_scalar(x) && strcmp(load_sv(x), "true") == 0)
        sync = 1;   /* checked below; its duration comes from the data to copy */
    if ((x = load_fval(&f, "duration"))) {
        if (st->kind == STEP_TASK || st->kind == STEP_RECREATE)
            load_get_dist(L, "duration", load_fkey(&f, "duration"), x, Q_DURATION, &st->duration);
        else
            load_err(L, load_fkey(&f, "duration"), "a %s step takes its time from the store%s: "
                     "remove 'duration'", store_verbs[st->kind - 1][0],
                     st->kind == STEP_PROMOTE ? "'s replica (replica.promote)" : "");
    } else if ((st->kind == STEP_TASK && !sync) || st->kind == STEP_RECREATE) {
        load_freq(L, &f, "duration");
    }
    if ((x = load_fval(&f, "needs")))
        load_needs(L, st, x);
    if ((x = load_fval(&f, "after")) && load_get_list(L, "after", x, "step names", &it, &top) == 0)
        *after = x;
    if ((x = load_fval(&f, "phase")) && load_get_enum(L, "phase", x, phases, &phase) == 0) {
        st->restoration = phase == 1;
        st->failback = phase == 2;
    }
    if ((x = load_fval(&f, "reverse_sync")) && load_get_bool(L, "reverse_sync", x, &st->reverse_sync) == 0 &&
        st->reverse_sync) {
        if (!st->failback)
            load_err(L, load_fkey(&f, "reverse_sync"), "only a step in phase failback copies data back "
                     "to the primary: add 'phase: failback'");
        else if (st->kind != STEP_TASK || load_fval(&f, "duration"))
            load_err(L, load_fkey(&f, "reverse_sync"), "a reverse_sync step takes its time from the data "
                     "written in the secondary and the failback's sync_throughput: remove '%s'",
                     st->kind == STEP_TASK ? "duration" : store_verbs[st->kind - 1][0]);
    }
    if ((x = load_fval(&f, "interrupts_service")) &&
        load_get_bool(L, "interrupts_service", x, &st->interrupts_service) == 0 &&
        st->interrupts_service && !st->failback)
        load_err(L, load_fkey(&f, "interrupts_service"), "only a failback step interrupts service "
                 "again (the cut-back window): add 'phase: failback'");
    double c;
    if ((x = load_fval(&f, "capacity")) && load_get_qty(L, "capacity", x, Q_PROB, &c) == 0) {
        if (st->failback)
            load_err(L, x, "a failback step cannot restore capacity: failback returns to the "
                     "primary after service and full restoration in the secondary; give the "
                     "capacity to the step of the recovery or restoration that restores it");
        else if (c > 0)
            st->capacity = c;
        else
            load_err(L, x, "a step's 'capacity' is the share of full capacity the platform has "
                     "once it has ended: above 0%% (got \"%s\")", load_show(load_sv(x), b1, sizeof b1));
    }
}

/* Resolve every step's `after` names to (file-order) indices. */
static void resolve_after(struct ld *L, int si, const yaml_node_t **after)
{
    struct scenario *sc = &L->p->scenarios[si];
    char b[SHOW], b1[SHOW];

    for (int i = 0; i < sc->n_steps; i++) {
        struct step *st = &sc->steps[i];
        yaml_node_item_t *it, *top;
        uint64_t seen = 0;
        if (after[i] == NULL || load_is_null(after[i]))
            continue;
        it = after[i]->data.sequence.items.start;
        top = after[i]->data.sequence.items.top;
        st->after = load_xcalloc(L, (size_t)(top - it), sizeof *st->after);
        if (st->after == NULL)
            return;
        for (; it < top; it++) {
            yaml_node_t *y = load_node_at(L, *it);
            int j;
            if (y == NULL || (j = load_step_ref(L, si, y)) < 0)
                continue;
            if (j == i)
                load_err(L, y, "step '%s' cannot come after itself", load_show(st->name, b, sizeof b));
            else if (seen & (UINT64_C(1) << j))
                load_err(L, y, "step '%s' is listed twice in 'after'", load_show(load_sv(y), b, sizeof b));
            else if (st->failback && !sc->steps[j].failback)
                load_err(L, y, "failback step '%s' cannot wait for '%s', which is not a failback "
                         "step: the failback's start releases the first failback steps",
                         load_show(st->name, b, sizeof b), load_show(sc->steps[j].name, b1, sizeof b1));
            else if (!st->failback && sc->steps[j].failback)
                load_err(L, y, "step '%s' cannot wait for failback step '%s': a failback runs "
                         "after recovery, and only after a failover",
                         load_show(st->name, b, sizeof b), load_show(sc->steps[j].name, b1, sizeof b1));
            else {
                seen |= UINT64_C(1) << j;
                st->after[st->n_after++] = j;
            }
        }
    }
}

/* Depth-first search for a cycle through `after` edges. On finding one, cycle[] holds
 * it in order (each step waits for the next, the last for the first). */
static int dfs_cycle(const struct scenario *sc, int u, unsigned char *color, int *stack, int *sp,
                     int *cycle, int *len)
{
    const struct step *st = &sc->steps[u];
    color[u] = 1;
    stack[(*sp)++] = u;
    for (int a = 0; a < st->n_after; a++) {
        int w = st->after[a];
        if (color[w] == 1) {
            int k = *sp - 1;
            while (k > 0 && stack[k] != w)   /* w is grey, so it is on the stack */
                k--;
            *len = *sp - k;
            memcpy(cycle, stack + k, (size_t)*len * sizeof *cycle);
            return 1;
        }
        if (color[w] == 0 && dfs_cycle(sc, w, color, stack, sp, cycle, len))
            return 1;
    }
    color[u] = 2;
    (*sp)--;
    return 0;
}

/* Report the first cycle found, written from its first step in file order and pointed
 * at that step's `after` entry that leads round the cycle. Returns 1 if there is one. */
static int check_cycle(struct ld *L, int si, const yaml_node_t **after)
{
    const struct scenario *sc = &L->p->scenarios[si];
    unsigned char color[PLAN_MAX_STEPS] = {0};
    int stack[PLAN_MAX_STEPS], cycle[PLAN_MAX_STEPS] = {0}, rot[PLAN_MAX_STEPS] = {0};
    int sp = 0, len = 0;
    int s = 0;
    const yaml_node_t *at, *list;
    char path[4096];

    for (int i = 0; i < sc->n_steps; i++) {
        if (color[i] == 0 && dfs_cycle(sc, i, color, stack, &sp, cycle, &len))
            break;
    }
    if (len == 0)
        return 0;
    for (int i = 1; i < len; i++)
        if (cycle[i] < cycle[s])
            s = i;
    path[0] = '\0';
    for (int i = 0; i < len; i++) {
        rot[i] = cycle[(s + i) % len];
        load_path_add(path, sizeof path, sc->steps[rot[i]].name);
    }
    load_path_add(path, sizeof path, sc->steps[rot[0]].name);
    /* Point at the entry naming the next step of the cycle (the step has an `after`
     * list: it waits for the next one). */
    list = at = after[rot[0]];
    for (yaml_node_item_t *it = list ? list->data.sequence.items.start : NULL;
         list && it < list->data.sequence.items.top; it++) {
        yaml_node_t *y = load_node_at(L, *it);
        if (y && load_is_scalar(y) && strcmp(load_sv(y), sc->steps[rot[len > 1 ? 1 : 0]].name) == 0) {
            at = y;
            break;
        }
    }
    load_err(L, at, "runbook has a cycle: %s", path);
    return 1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Store the steps in topological order: repeatedly take the first step in file order
 * whose dependencies are all placed, so a plan already in a good order stays as it is.
 * `after` indices are remapped and sorted. The runbook must be acyclic. */
static int topo_sort(struct ld *L, struct scenario *sc)
{
    int n = sc->n_steps, order[PLAN_MAX_STEPS], newidx[PLAN_MAX_STEPS];
    unsigned char placed[PLAN_MAX_STEPS] = {0};
    struct step *ns;

    for (int k = 0; k < n; k++) {
        int pick = -1;
        for (int i = 0; i < n && pick < 0; i++) {
            int ready = !placed[i];
            for (int a = 0; ready && a < sc->steps[i].n_after; a++)
                ready = placed[sc->steps[i].after[a]];
            if (ready)
                pick = i;
        }
        if (pick < 0)
            return 1; /* cannot happen for an acyclic runbook */
        placed[pick] = 1;
        order[k] = pick;
        newidx[pick] = k;
    }
    ns = load_xcalloc(L, (size_t)n, sizeof *ns);
    if (ns == NULL)
        return 1;
    for (int k = 0; k < n; k++) {
        struct step *st = &ns[k];
        *st = sc->steps[order[k]];
        st->after_mask = 0;
        for (int a = 0; a < st->n_after; a++) {
            st->after[a] = newidx[st->after[a]];
            st->after_mask |= UINT64_C(1) << st->after[a];
        }
        if (st->n_after > 1)
            qsort(st->after, (size_t)st->n_after, sizeof *st->after, cmp_int);
    }
    free(sc->steps);
    sc->steps = ns;
    return 0;
}

/* Returns 1 when the runbook's step names are known (step references can be checked). */
static int load_runbook(struct ld *L, int si, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    const yaml_node_t *after[PLAN_MAX_STEPS] = {NULL};
    struct named nm;
    int ok = 0;

    if (load_read_named(L, k, v, &nm))
        return 0;
    if (nm.n == 0) {
        load_err(L, k, "the runbook of scenario '%s' has no steps", load_show(sc->name, b, sizeof b));
        goto out;
    }
    if (nm.n > PLAN_MAX_STEPS) {
        load_err(L, nm.k[PLAN_MAX_STEPS], "too many steps: a runbook holds at most %d", PLAN_MAX_STEPS);
        goto out;
    }
    sc->steps = load_xcalloc(L, (size_t)nm.n, sizeof *sc->steps);
    if (sc->steps == NULL)
        goto out;
    sc->n_steps = nm.n;
    for (int i = 0; i < nm.n; i++) {
        struct step *st = &sc->steps[i];
        st->pos = load_pos_of(nm.k[i]);
        st->store = -1;
        st->capacity = NAN;
        if ((st->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
    }
    ok = 1;
    L->runbook_ok[si] = 1;
    for (int i = 0; i < nm.n && !L->nomem; i++)
        load_step(L, &sc->steps[i], nm.k[i], nm.v[i], &after[i]);
    if (L->nomem)
        goto out;
    resolve_after(L, si, after);
    if (!L->nomem && !check_cycle(L, si, after))
        topo_sort(L, sc);
out:
    load_named_free(&nm);
    return ok;
}

/* activation: {decided_by: STEP, go_when: {outage_lasted: DIST, data_loss_under: DUR}}.
 * Read after the runbook (the steps are in their final order). */
static void load_activation(struct ld *L, int si, const yaml_node_t *k, const yaml_node_t *v)
{
    struct scenario *sc = &L->p->scenarios[si];
    struct fields f, g;
    yaml_node_t *x;

    if (load_read_fields(L, &f, activation_keys, k, v, NULL, "'activation'"))
        return;
    if ((x = load_freq(L, &f, "decided_by")) && (sc->decision_step = load_step_ref(L, si, x)) >= 0 &&
        (sc->steps[sc->decision_step].restoration || sc->steps[sc->decision_step].failback))
        load_err(L, x, "the decision to fail over cannot be a step in phase %s",
                 sc->steps[sc->decision_step].restoration ? "restoration" : "failback");
    if ((x = load_fval(&f, "go_when")) == NULL ||
        load_read_fields(L, &g, go_keys, load_fkey(&f, "go_when"), x, NULL, "'go_when'"))
        return;
    /* An empty mapping (a mapping of unknown keys was reported key by key). */
    if (x->type == YAML_MAPPING_NODE && x->data.mapping.pairs.start == x->data.mapping.pairs.top) {
        load_err(L, load_fkey(&f, "go_when"), "'go_when' needs a condition: outage_lasted, "
                 "data_loss_under or both (either one makes the go)");
        return;
    }
    if ((x = load_fval(&g, "outage_lasted")) &&
        load_get_dist(L, "outage_lasted", load_fkey(&g, "outage_lasted"), x, Q_NEVER,
                      &sc->go_wait) == 0)
        sc->has_go_wait = 1;
    if ((x = load_fval(&g, "data_loss_under")))
        load_get_qty(L, "data_loss_under", x, Q_DURATION, &sc->go_loss_under_s);
}

/* failback: {after: DIST, write_rate: RATE, sync_throughput: DIST}, and the failback
 * steps of the runbook: one needs the other. Failback steps wait only for other failback
 * steps (the failback's start releases them). */
static void load_failback(struct ld *L, int si, const struct fields *sf)
{
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    struct failback *fb = &sc->failback;
    const yaml_node_t *k = load_fkey(sf, "failback"), *v = load_fval(sf, "failback");
    int n_fb = 0, n_sync = 0;
    struct fields f;
    yaml_node_t *x;

    for (int i = 0; i < sc->n_steps; i++) {
        const struct step *st = &sc->steps[i];
        n_fb += st->failback;
        n_sync += st->reverse_sync;
        if (i == sc->service_step && st->failback)
            load_err(L, load_fval(sf, "service_restored_by"), "the step that restores service "
                     "cannot be a failback step");
        if (i == sc->full_step && st->failback)
            load_err(L, load_fval(sf, "fully_restored_by"), "full restoration cannot be a "
                     "failback step (the failback comes after it)");
        if (i == sc->ponr_step && st->failback)
            load_err(L, load_fval(sf, "point_of_no_return"), "the point of no return of the "
                     "failover cannot be a failback step");
    }
    if (!v) {
        if (n_fb > 0)
            load_err(L, load_fkey(sf, "runbook"), "the runbook has failback steps but scenario '%s' "
                     "has no 'failback' section (when it starts, how much data to copy back)",
                     load_show(sc->name, b, sizeof b));
        return;
    }
    if (load_read_fields(L, &f, failback_keys, k, v, NULL, "'failback'"))
        return;
    fb->present = 1;
    if ((x = load_freq(L, &f, "after")))
        load_get_dist(L, "after", load_fkey(&f, "after"), x, Q_DURATION, &fb->delay);
    if ((x = load_freq(L, &f, "write_rate")))
        load_get_qty(L, "write_rate", x, Q_RATE, &fb->write_rate);
    if ((x = load_freq(L, &f, "sync_throughput")))
        load_get_dist(L, "sync_throughput", load_fkey(&f, "sync_throughput"), x, Q_RATE,
                      &fb->sync_throughput);
    if (n_fb == 0)
        load_err(L, k, "'failback' needs failback steps in the runbook (steps with 'phase: "
                 "failback')");
    else if (n_sync != 1)
        load_err(L, k, "the failback needs exactly one step with 'reverse_sync: true' (it has %d)",
                 n_sync);
}

/* Whether d can draw INFINITY (a fixed `never`, or an empirical list holding it). */
static int dist_can_be_infinite(const struct dist *d)
{
    if (d->kind == DIST_FIXED)
        return isinf(d->p[0]);
    if (d->kind == DIST_EMPIRICAL)
        return d->n_values > 0 && isinf(d->values[d->n_values - 1]);
    return 0;
}

/* The references that give the decision its meaning, checked once every step and the
 * activation are known (docs/method.md, section 5): with a decision step, the step that
 * restores service and the point of no return belong to the failover (they wait on the
 * decision), else no abandonment or no go could apply to them; a rule that can refuse to
 * go needs the primary to come back by itself; the exposure ends with a restoration step
 * (it starts when service is restored in the secondary). */
static void check_failover_refs(struct ld *L, int si, const struct fields *f)
{
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    if (sc->decision_step >= 0 && !sc->steps[sc->decision_step].restoration &&
        !sc->steps[sc->decision_step].failback) {   /* else reported already */
        uint64_t mask = UINT64_C(1) << sc->decision_step;
        for (int j = sc->decision_step + 1; j < sc->n_steps; j++)
            if (sc->steps[j].after_mask & mask)
                mask |= UINT64_C(1) << j;
        if (sc->service_step >= 0 && !(mask & (UINT64_C(1) << sc->service_step)))
            load_err(L, load_fval(f, "service_restored_by"), "step '%s' restores service but "
                     "does not wait for the decision (%s): with 'activation', service is restored "
                     "by the failover, a step after the decision",
                     load_show(sc->steps[sc->service_step].name, b, sizeof b),
                     sc->steps[sc->decision_step].name);
        if (sc->ponr_step >= 0 && !(mask & (UINT64_C(1) << sc->ponr_step)))
            load_err(L, load_fval(f, "point_of_no_return"), "the point of no return must be a "
                     "step of the failover, after the decision (%s): before it, nothing has "
                     "been decided", sc->steps[sc->decision_step].name);
        const int may_never_go = !sc->has_go_wait ? !isnan(sc->go_loss_under_s)
                                                  : dist_can_be_infinite(&sc->go_wait);
        if (may_never_go && (sc->on_outage_end == OUTAGE_END_CONTINUE ||
                             dist_can_be_infinite(&sc->duration)))
            load_err(L, load_fkey(f, "activation"), "the go rule can decide never to fail over "
                     "(wait for the provider), but %s: give 'go_when' an 'outage_lasted' that "
                     "ends", sc->on_outage_end == OUTAGE_END_CONTINUE
                                 ? "'on_outage_end: continue' ignores the provider's return"
                                 : "the outage may never end ('duration' can be never)");
    }
    if (sc->exposure_step >= 0 && !sc->steps[sc->exposure_step].restoration)
        load_err(L, load_fval(f, "exposure_until"), "the step that re-creates a cross-region "
                 "copy runs after service is restored in the secondary: it must be in phase "
                 "restoration");
}

/* The capacity model (docs/method.md, "Capacity and the MBCO"): a scenario has one when it
 * states capacity_left or a step states a capacity; capacity_left is then 0 when not
 * stated, and some step must bring capacity back to 100 %, or full restoration would
 * never come. */
static void check_capacity(struct ld *L, int si, const struct fields *f)
{
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    int any = 0, full = 0;
    for (int i = 0; i < sc->n_steps; i++) {
        any |= !isnan(sc->steps[i].capacity);
        full |= sc->steps[i].capacity >= 1.0;
    }
    if (!any && isnan(sc->capacity_left))
        return;
    if (isnan(sc->capacity_left))
        sc->capacity_left = 0.0;
    if (!full)
        load_err(L, load_fkey(f, "capacity_left") ? load_fkey(f, "capacity_left")
                                                  : load_fkey(f, "runbook"),
                 "scenario '%s' has a capacity model but no step brings capacity back to 100%%: "
                 "give the step that restores full capacity 'capacity: 100%%'",
                 load_show(sc->name, b, sizeof b));
}

/* damage: {stores: [...], detected_after: DIST, deletes_backups: WHEN, note: TEXT}: a
 * logical-damage scenario (docs/method.md, "Logical damage"). */
static void load_damage(struct ld *L, int si, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    struct scenario_damage *dm = &sc->damage;
    struct fields f;
    yaml_node_t *x;
    yaml_node_item_t *it, *top;
    int e;

    dm->present = 1;
    dm->pos = load_pos_of(k);
    dm->stores_mask = plan_first_bits(L->p->n_stores);
    dm->detection = dist_fixed(0);
    if (load_read_fields(L, &f, damage_keys, k, v, NULL, "'damage' of scenario '%s'",
                         load_show(sc->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "stores")) &&
        load_get_list(L, "stores", x, "store names", &it, &top) == 0) {
        if (it == top)
            load_err(L, load_fkey(&f, "stores"), "'stores' lists the stores the damage reaches: "
                     "name at least one, or leave the key out when it reaches every store");
        else
            dm->stores_mask = 0;
        for (; it < top; it++) {
            yaml_node_t *y = load_node_at(L, *it);
            int st;
            if (y == NULL || (st = load_store_ref(L, y)) < 0)
                continue;
            if (dm->stores_mask >> st & 1)
                load_err(L, y, "store '%s' is listed twice", load_show(load_sv(y), b, sizeof b));
            dm->stores_mask |= UINT64_C(1) << st;
        }
    }
    if ((x = load_freq(L, &f, "detected_after")))
        load_get_dist(L, "detected_after", load_fkey(&f, "detected_after"), x, Q_DURATION,
                      &dm->detection);
    if ((x = load_fval(&f, "deletes_backups")) &&
        load_get_enum(L, "deletes_backups", x, deletes, &e) == 0)
        dm->deletes = (enum damage_deletes)e;
    if ((x = load_fval(&f, "note")))
        load_get_text(L, "note", x, &dm->note);
}

/* What a logical-damage scenario refuses: with nothing destroyed no outage ends by itself
 * (so no duration, no return of the primary, no failback), and a replica or a zone
 * standby carries the damage, so failing over or promoting a damaged store brings the
 * damage back. */
static void check_damage(struct ld *L, int si, const struct fields *f)
{
    char b[SHOW], b1[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    static const char *const outage_only[] = {"duration", "primary_return", "on_outage_end",
                                              "failback", "exposure_until", NULL};
    if (sc->scope == OUTAGE_NONE) {
        for (int i = 0; outage_only[i]; i++)
            if (load_fkey(f, outage_only[i]))
                load_err(L, load_fkey(f, outage_only[i]), "'%s' does not apply to scenario '%s': "
                         "it destroys nothing, so no outage ends by itself (recovery is the "
                         "runbook); give 'destroys: zone' or 'region' if the damage also takes "
                         "the infrastructure", outage_only[i], load_show(sc->name, b, sizeof b));
        if (sc->has_go_wait)
            load_err(L, load_fkey(f, "activation"), "'go_when.outage_lasted' waits for the "
                     "provider to fix an outage, but scenario '%s' destroys nothing",
                     load_show(sc->name, b, sizeof b));
    }
    if (sc->damage.present && sc->scope != OUTAGE_NONE && load_fkey(f, "on_outage_end"))
        load_err(L, load_fkey(f, "on_outage_end"), "'on_outage_end' does not apply to logical "
                 "damage: the primary returns with the damage, so the runbook always runs to "
                 "the end");
    if (!sc->damage.present || !L->runbook_ok[si])
        return;
    for (int i = 0; i < sc->n_steps; i++) {
        const struct step *st = &sc->steps[i];
        if ((st->kind == STEP_FAILOVER || st->kind == STEP_PROMOTE) &&
            plan_store_damaged(sc, st->store))
            load_err_at(L, st->pos.line, st->pos.col, "step '%s' %s store '%s', which scenario "
                        "'%s' damages: a %s copies the damage within its lag; restore it from a "
                        "clean recovery point instead ('restore: %s')",
                        load_show(st->name, b, sizeof b), store_verbs[st->kind - 1][1],
                        load_show(L->p->stores[st->store].name, b1, sizeof b1), sc->name,
                        st->kind == STEP_PROMOTE ? "cross-region replica" : "zone standby",
                        L->p->stores[st->store].name);
    }
}

/* Roles paged ahead [page]: at_start (at time 0) and at_declaration (when the
 * declared_by step ends, which the scenario must name), each a list of role names; a role
 * is listed once in all. Called once declared_by is resolved. */
static void load_page_ahead(struct ld *L, int si, const yaml_node_t *k, const yaml_node_t *v)
{
    _Static_assert(PLAN_MAX_ROLES <= 64, "page masks hold one bit per role");
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    struct fields f;
    yaml_node_t *x;
    yaml_node_item_t *it, *top;
    uint64_t *mask[2] = {&sc->page_at_start, &sc->page_at_declaration};

    if (load_read_fields(L, &f, page_keys, k, v, NULL, "'page' of scenario '%s'",
                         load_show(sc->name, b, sizeof b)))
        return;
    for (int q = 0; q < 2; q++) {
        if ((x = load_fval(&f, page_keys[q])) == NULL ||
            load_get_list(L, page_keys[q], x, "role names", &it, &top))
            continue;
        if (q == 1 && sc->declare_step < 0 && L->runbook_ok[si]) {
            load_err(L, load_fkey(&f, page_keys[q]), "'page.at_declaration' needs "
                     "'declared_by' (the step whose end declares the disaster)");
            continue;
        }
        for (; it < top; it++) {
            const yaml_node_t *y = load_node_at(L, *it);
            int r;
            if (y == NULL || (r = load_role_ref(L, y)) < 0)
                continue;
            const uint64_t bit = UINT64_C(1) << r;
            if ((sc->page_at_start | sc->page_at_declaration) & bit)
                load_err(L, y, "role '%s' is already paged %s", load_show(load_sv(y), b, sizeof b),
                         sc->page_at_start & bit ? "at the start" : "at the declaration");
            else
                *mask[q] |= bit;
        }
    }
}

static void load_scenario(struct ld *L, int si, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct scenario *sc = &L->p->scenarios[si];
    struct fields f;
    yaml_node_t *x;
    int e;

    if (load_read_fields(L, &f, scenario_keys, k, v, NULL, "scenario '%s'", load_show(sc->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "description")))
        load_get_text(L, "description", x, &sc->description);
    if ((x = load_fval(&f, "damage"))) {
        load_damage(L, si, load_fkey(&f, "damage"), x);
        sc->scope = OUTAGE_NONE;
        sc->rto_clock = RTO_FROM_DETECTION;
    }
    /* An outage must say what it destroys; logical damage destroys nothing unless told. */
    x = sc->damage.present ? load_fval(&f, "destroys") : load_freq(L, &f, "destroys");
    if (x && load_get_enum(L, "destroys", x, scopes, &e) == 0) {
        sc->scope = (enum outage_scope)e;
        if (sc->scope == OUTAGE_NONE && !sc->damage.present)
            load_err(L, x, "'destroys: none' is for logical damage: give scenario '%s' a "
                     "'damage' section, or say what the outage destroys (zone or region)",
                     load_show(sc->name, b, sizeof b));
    }
    if ((x = load_fval(&f, "rto_clock")) && load_get_enum(L, "rto_clock", x, rto_clocks, &e) == 0) {
        const int damage_clock = e == RTO_FROM_DETECTION || e == 3;
        if (damage_clock && !sc->damage.present)
            load_err(L, x, "rto_clock '%s' applies to logical damage (a 'damage' section); an "
                     "outage's clock is outage-start or declaration", rto_clocks[e]);
        else if (e == RTO_FROM_OUTAGE && sc->damage.present)
            load_err(L, x, "scenario '%s' is logical damage: its RTO clock starts at the "
                     "'onset', at 'detection' or at 'declaration'",
                     load_show(sc->name, b, sizeof b));
        else {
            sc->rto_clock = e == 3 ? RTO_FROM_OUTAGE : (enum rto_clock)e;
            L->rto_clock_set[si] = 1;
        }
    }
    if ((x = load_freq(L, &f, "per_year")) && load_get_qty(L, "per_year", x, Q_NUMBER, &sc->per_year) == 0 &&
        sc->per_year < 0)
        load_err(L, x, "'per_year' must not be negative (got \"%s\")", load_show(load_sv(x), b, sizeof b));
    if (sc->scope == OUTAGE_NONE)
        sc->duration = dist_fixed(INFINITY); /* check_damage refuses a duration */
    else if ((x = load_freq(L, &f, "duration")))
        load_get_dist(L, "duration", load_fkey(&f, "duration"), x, Q_NEVER, &sc->duration);
    if ((x = load_fval(&f, "on_outage_end")) && load_get_enum(L, "on_outage_end", x, end_rules, &e) == 0)
        sc->on_outage_end = (enum outage_end_rule)e;
    if ((x = load_fval(&f, "restores_in")))
        sc->restore_region = load_restore_region_ref(L, x);
    if ((x = load_freq(L, &f, "runbook")))
        load_runbook(L, si, load_fkey(&f, "runbook"), x);
    if (L->nomem)
        return;
    /* Step references by name: the steps are in their final order now. */
    if ((x = load_freq(L, &f, "service_restored_by")) && (e = load_step_ref(L, si, x)) >= 0) {
        sc->service_step = e;
        if (sc->steps[e].restoration)
            load_err(L, x, "the step that restores service cannot be in phase restoration");
    }
    if ((x = load_fval(&f, "commits_at")))
        load_err(L, load_fkey(&f, "commits_at"), "'commits_at' was replaced by "
                 "'point_of_no_return': the step from whose start the failover completes even "
                 "if the primary returns (before it, the failover is abandoned)");
    if ((x = load_fval(&f, "point_of_no_return")))
        sc->ponr_step = load_step_ref(L, si, x);
    if ((x = load_fval(&f, "primary_return")))
        load_get_dist(L, "primary_return", load_fkey(&f, "primary_return"), x, Q_DURATION,
                      &sc->primary_return);
    if ((x = load_fval(&f, "activation")))
        load_activation(L, si, load_fkey(&f, "activation"), x);
    if ((x = load_fval(&f, "exposure_until")))
        sc->exposure_step = load_step_ref(L, si, x);
    if ((x = load_fval(&f, "declared_by")))
        sc->declare_step = load_step_ref(L, si, x);
    if ((x = load_fval(&f, "fully_restored_by")))
        sc->full_step = load_step_ref(L, si, x);
    if ((x = load_fval(&f, "page")))
        load_page_ahead(L, si, load_fkey(&f, "page"), x);
    if (L->rto_clock_set[si] && sc->rto_clock == RTO_FROM_DECLARATION && sc->declare_step < 0 &&
        L->runbook_ok[si])
        load_err(L, load_fval(&f, "rto_clock"), "rto_clock: declaration needs 'declared_by' "
                 "(the step whose end declares the disaster)");
    if ((x = load_fval(&f, "capacity_left")) && load_get_qty(L, "capacity_left", x, Q_PROB, &sc->capacity_left) == 0 &&
        sc->capacity_left >= 1.0) {
        load_err(L, x, "'capacity_left' is the share of full capacity the outage leaves: below "
                 "100%% (got \"%s\"); leave it out when the outage leaves no degraded service",
                 load_show(load_sv(x), b, sizeof b));
        sc->capacity_left = NAN;
    }
    if (L->runbook_ok[si])
        check_capacity(L, si, &f);
    if (L->runbook_ok[si]) {
        load_failback(L, si, &f);
        check_failover_refs(L, si, &f);
    }
    check_damage(L, si, &f);
}

/* Scenario names become parts of file names: each must fit (PLAN_MAX_SCENARIO_NAME_BYTES)
 * and no two may map to the same file stem (plan_file_stem, the chart writer's rule),
 * or a run would write one scenario's charts over another's. Reported at the later
 * name of a colliding pair. */
static void check_scenario_names(struct ld *L, const struct named *nm, int n)
{
    char b[SHOW], b1[SHOW], b2[SHOW];
    char (*stem)[PLAN_FILE_STEM_MAX] = load_xcalloc(L, (size_t)n, sizeof *stem);
    if (stem == NULL)
        return;
    for (int i = 0; i < n; i++) {
        const char *name = load_sv(nm->k[i]);
        size_t len = strlen(name);
        if (len > PLAN_MAX_SCENARIO_NAME_BYTES) {
            load_err(L, nm->k[i], "a scenario name is at most %d bytes, as it becomes part of "
                     "chart file names such as NAME-critical-path.pdf (this one is %zu)",
                     PLAN_MAX_SCENARIO_NAME_BYTES, len);
            continue;
        }
        plan_file_stem(name, stem[i], sizeof stem[i]);
        for (int j = 0; j < i; j++) {
            if (strcmp(stem[i], stem[j]) == 0) {
                load_err(L, nm->k[i], "scenario '%s' writes the same chart files as scenario "
                         "'%s' (both become '%s')", load_show(name, b, sizeof b),
                         load_show(load_sv(nm->k[j]), b1, sizeof b1),
                         load_show(stem[i], b2, sizeof b2));
                break;
            }
        }
    }
    free(stem);
}

void load_plan_scenarios(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct named nm;
    int n;

    if (load_read_named(L, k, v, &nm))
        return;
    if (nm.n == 0) {
        load_err(L, k, "'scenarios' must define at least one scenario");
        goto out;
    }
    n = nm.n;
    if (n > PLAN_MAX_SCENARIOS) {
        load_err(L, nm.k[PLAN_MAX_SCENARIOS], "too many scenarios: a plan holds at most %d "
                 "(the workbook gives every scenario columns of its own)", PLAN_MAX_SCENARIOS);
        n = PLAN_MAX_SCENARIOS;
    }
    check_scenario_names(L, &nm, n);
    p->scenarios = load_xcalloc(L, (size_t)n, sizeof *p->scenarios);
    L->scenario_names = load_xcalloc(L, (size_t)n + 1, sizeof *L->scenario_names);
    L->runbook_ok = load_xcalloc(L, (size_t)n, 1);
    L->rto_clock_set = load_xcalloc(L, (size_t)n, 1);
    if (p->scenarios == NULL || L->scenario_names == NULL || L->runbook_ok == NULL ||
        L->rto_clock_set == NULL)
        goto out;
    p->n_scenarios = n;
    for (int i = 0; i < n; i++) {
        struct scenario *sc = &p->scenarios[i];
        sc->pos = load_pos_of(nm.k[i]);
        sc->ponr_step = sc->decision_step = sc->declare_step = sc->full_step = -1;
        sc->exposure_step = -1;
        sc->service_step = -1;
        sc->go_loss_under_s = NAN;
        sc->capacity_left = NAN;
        sc->primary_return = (struct dist){.kind = DIST_FIXED};
        sc->rpo_target_s = sc->rto_target_s = INFINITY;
        if ((sc->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        L->scenario_names[i] = sc->name;
    }
    L->have_scenarios = 1;
    for (int i = 0; i < n && !L->nomem; i++)
        load_scenario(L, i, nm.k[i], nm.v[i]);
out:
    load_named_free(&nm);
}

/* ---- policy ------------------------------------------------------------------------- */

static const char *const policy_keys[] = {"confidence", "rto_clock", "objectives", NULL};
static const char *const objective_keys[] = {"rpo", "rto", "services", NULL};

/* A service named by v: its index, or -1 (reported, with a suggestion). */
static int service_ref(struct ld *L, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    const struct plan *p = L->p;
    const char *name = load_get_name(L, v, "service name");
    const char **names;
    if (name == NULL)
        return -1;
    for (int i = 0; i < p->n_services; i++)
        if (strcmp(p->services[i].name, name) == 0)
            return i;
    if ((names = load_xcalloc(L, (size_t)p->n_services + 1, sizeof *names)) == NULL)
        return -1;
    for (int i = 0; i < p->n_services; i++)
        names[i] = p->services[i].name;
    load_err(L, v, "unknown service '%s'%s", load_show(name, b, sizeof b),
             p->n_services > 0 ? load_did_you_mean(L, name, names, b1, sizeof b1)
                               : " (the plan has no 'services' section)");
    free(names);
    return -1;
}

/* policy.objectives.SCENARIO.services: the services whose restoration is the scenario's
 * restoration, in place of the default (load_services.c). */
static void load_policy_services(struct ld *L, int si, const yaml_node_t *v)
{
    char b[SHOW];
    yaml_node_item_t *it, *top;
    int *list, n = 0;
    if (load_get_list(L, "services", v, "service names", &it, &top))
        return;
    if (it == top) {
        load_err(L, v, "'services' names no service: list the services whose restoration "
                 "restores the scenario, or leave it out (the default is the services of the "
                 "highest priority)");
        return;
    }
    if ((list = load_xcalloc(L, (size_t)(top - it), sizeof *list)) == NULL)
        return;
    for (; it < top; it++) {
        yaml_node_t *y = load_node_at(L, *it);
        int sv, dup = 0;
        if (y == NULL || (sv = service_ref(L, y)) < 0)
            continue;
        for (int q = 0; q < n; q++)
            dup |= list[q] == sv;
        if (dup)
            load_err(L, y, "service '%s' is listed twice", load_show(load_sv(y), b, sizeof b));
        else
            list[n++] = sv;
    }
    if (si < 0 || n == 0) {
        free(list);
        return;
    }
    free(L->p->scenarios[si].policy_services);
    L->p->scenarios[si].policy_services = list;
    L->p->scenarios[si].n_policy_services = n;
}

/* The plan-wide clock: an outage's start or the declaration (damage scenarios have their
 * own default, detection). */
static const char *const policy_rto_clocks[] = {"outage-start", "declaration", NULL};

static void read_policy(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct plan *p = L->p;
    struct fields f, o;
    struct named nm;
    yaml_node_t *x;
    int e;

    p->confidence = 0.95;
    if (v == NULL || load_read_fields(L, &f, policy_keys, k, v, NULL, "'policy'"))
        return;
    if ((x = load_fval(&f, "confidence")) && load_get_qty(L, "confidence", x, Q_PROB, &p->confidence) == 0 &&
        !(p->confidence > 0 && p->confidence < 1))
        load_err(L, x, "'confidence' must be above 0%% and below 100%% (got \"%s\")",
            load_show(load_sv(x), b, sizeof b));
    if ((x = load_fval(&f, "rto_clock")) &&
        load_get_enum(L, "rto_clock", x, policy_rto_clocks, &e) == 0)
        p->rto_clock = (enum rto_clock)e;
    if ((x = load_fval(&f, "objectives")) == NULL || load_read_named(L, load_fkey(&f, "objectives"), x, &nm))
        return;
    for (int i = 0; i < nm.n; i++) {
        int si = load_scenario_ref(L, nm.k[i]);
        double rpo = 0, rto = 0;
        int bad = 0;
        if (load_read_fields(L, &o, objective_keys, nm.k[i], nm.v[i], NULL, "objective '%s'",
                        load_show(load_sv(nm.k[i]), b, sizeof b)))
            continue;
        if ((x = load_fval(&o, "services")))
            load_policy_services(L, si, x);
        x = load_freq(L, &o, "rpo");
        bad |= !x || load_get_qty(L, "rpo", x, Q_DURATION, &rpo);
        x = load_freq(L, &o, "rto");
        bad |= !x || load_get_qty(L, "rto", x, Q_DURATION, &rto);
        if (si < 0 || bad)
            continue;
        p->scenarios[si].has_policy = 1;
        p->scenarios[si].rpo_target_s = rpo;
        p->scenarios[si].rto_target_s = rto;
        if (p->rto_clock == RTO_FROM_DECLARATION && p->scenarios[si].declare_step < 0 &&
            L->runbook_ok[si] && !L->rto_clock_set[si] && !p->scenarios[si].damage.present)
            load_err(L, nm.k[i], "rto_clock: declaration needs 'declared_by' in scenario '%s'", b);
    }
    load_named_free(&nm);
}

/* With a decision step, service is restored by the failover (check_failover_refs): every
 * policy service of the scenario must need a step that waits for the decision, or its
 * restoration would not be the failover's and the primary's return could not abandon
 * it. Reported at the service's name. */
static void check_policy_services(struct ld *L)
{
    char b[SHOW], b1[SHOW];
    const struct plan *p = L->p;
    for (int si = 0; si < p->n_scenarios && L->runbook_ok; si++) {
        const struct scenario *sc = &p->scenarios[si];
        if (!L->runbook_ok[si] || sc->decision_step < 0 || sc->steps[sc->decision_step].restoration ||
            sc->steps[sc->decision_step].failback)
            continue;
        uint64_t mask = UINT64_C(1) << sc->decision_step;
        for (int j = sc->decision_step + 1; j < sc->n_steps; j++)
            if (sc->steps[j].after_mask & mask)
                mask |= UINT64_C(1) << j;
        for (int k = 0; k < sc->n_policy_services; k++) {
            const struct service *sv = &p->services[sc->policy_services[k]];
            if (sv->need_mask && !(sv->need_mask[si] & mask))
                load_err_at(L, sv->pos.line, sv->pos.col, "service '%s' restores service in "
                            "scenario '%s' (a policy service), but nothing it needs waits for "
                            "the decision (%s): with 'activation', service is restored by the "
                            "failover; give it a step after the decision in 'restored_by'",
                            load_show(sv->name, b, sizeof b), load_show(sc->name, b1, sizeof b1),
                            sc->steps[sc->decision_step].name);
        }
    }
}

void load_plan_policy(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    read_policy(L, k, v);
    /* Each scenario's clock: its own, else the policy's for an outage (detection for
     * logical damage, set when its 'damage' was read). */
    for (int si = 0; si < L->p->n_scenarios && L->rto_clock_set; si++)
        if (!L->rto_clock_set[si] && !L->p->scenarios[si].damage.present)
            L->p->scenarios[si].rto_clock = L->p->rto_clock;
    /* A service's flat rto/rpo are its targets in logical damage only when the BCP sets
     * that scenario an objective: without one the scenario has no verdict, and neither do
     * its services, unless a service states objectives.SCENARIO itself. */
    for (int si = 0; si < L->p->n_scenarios; si++) {
        const struct scenario *sc = &L->p->scenarios[si];
        if (!sc->damage.present)
            continue;
        for (int i = 0; i < L->p->n_services; i++) {
            struct service *sv = &L->p->services[i];
            if (!sv->rto_target_s || !sv->rpo_target_s)
                continue;
            if (isnan(sv->rto_target_s[si]))
                sv->rto_target_s[si] = sc->has_policy ? sv->rto_s : INFINITY;
            if (isnan(sv->rpo_target_s[si]))
                sv->rpo_target_s[si] = sc->has_policy ? sv->rpo_s : INFINITY;
        }
    }
    if (!L->nomem)
        check_policy_services(L);
}
