/* models/load_levers.c: the levers section: the changes the organisation could make,
 * each a plan value (by key path, as `drsim sweep --vary` names it) and the values it
 * could take instead, with what each costs (models/plan.h, struct plan_lever).
 *
 * Reading happens in two passes. The first (load_plan_levers, with the other sections)
 * checks the shape: names, keys, money, text. The second (load_plan_levers_check) runs
 * once the plan's inputs are known, because a lever's path means "the value the plan
 * writes at this path": it hands each lever to the same parser a sweep's --vary uses
 * (vary_axis_parse), so a path the plan does not write gets the sweep's explanation
 * (with its suggestion) and a candidate of the wrong kind the sweep's, both pointed at
 * the place in the plan file rather than in a command line. A candidate that parses but
 * that the loader would refuse in place (a schedule of "every 0h") is caught when the
 * search first loads it (analysis/levers.c), as a sweep catches it.
 *
 * Costs are money (never negative): `one_off` paid once, `per_year` every year, both
 * beyond the plan as written. What depends on the plan's own value (a candidate equal to
 * it must not be priced: the plan's value is always an option at no cost) is checked by
 * the search, not here: a varied plan (vary_plan) carries the same levers section with a
 * different value in place, and must load.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"
#include "models/vary.h"

static const char *const lever_keys[] = {"path", "candidates", "owner", "description", NULL};
static const char *const candidate_keys[] = {"value", "one_off", "per_year", NULL};

#define LEVER_MAX_CANDIDATES 32 /* values of one lever: the search multiplies them */
#define LEVER_ARG_MAX 8192      /* bytes of a lever's --vary argument */

int plan_lever_arg(const struct plan_lever *lv, char *buf, size_t n, size_t *offs)
{
    size_t at = 0;
    int len = snprintf(buf, n, "%s=", lv->path);
    if (len < 0 || (size_t)len >= n)
        return -1;
    at = (size_t)len;
    for (int i = 0; i < lv->n_candidates || (i == 1 && lv->n_candidates == 1); i++) {
        const char *v = lv->candidates[i < lv->n_candidates ? i : 0].value;
        if (offs && i < lv->n_candidates)
            offs[i] = at + (i > 0);
        len = snprintf(buf + at, n - at, "%s%s", i > 0 ? "|" : "", v);
        if (len < 0 || (size_t)len >= n - at)
            return -1;
        at += (size_t)len;
    }
    return (int)at;
}

static void load_candidate(struct ld *L, struct plan_lever_candidate *c, const yaml_node_t *v,
                           const char *lever, int i)
{
    struct fields f;
    yaml_node_t *x;
    c->pos = load_pos_of(v);
    if (load_read_fields(L, &f, candidate_keys, NULL, v, NULL, "candidate %d of lever '%s'",
                         i + 1, lever))
        return;
    if ((x = load_freq(L, &f, "value"))) {
        c->pos = load_pos_of(x);
        if (load_get_name_text(L, "value", x, &c->value) == 0 && strchr(c->value, '|')) {
            load_err(L, x, "a candidate is one value; '|' separates values in a sweep and "
                           "cannot be part of one");
        }
    }
    if ((x = load_fval(&f, "one_off")))
        load_get_qty(L, "one_off", x, Q_MONEY, &c->one_off_usd);
    if ((x = load_fval(&f, "per_year")))
        load_get_qty(L, "per_year", x, Q_MONEY, &c->per_year_usd);
}

static void load_lever(struct ld *L, struct plan_lever *lv, const yaml_node_t *k,
                       const yaml_node_t *v)
{
    struct fields f;
    yaml_node_t *x;
    yaml_node_item_t *it, *top;
    lv->pos = load_pos_of(k);
    if ((lv->name = load_xstrdup(L, load_sv(k))) == NULL)
        return;
    if (load_read_fields(L, &f, lever_keys, k, v, NULL, "lever '%s'", lv->name))
        return;
    if ((x = load_freq(L, &f, "path")))
        load_get_name_text(L, "path", x, &lv->path);
    if ((x = load_fval(&f, "owner")))
        load_get_name_text(L, "owner", x, &lv->owner);
    if ((x = load_fval(&f, "description")))
        load_get_text(L, "description", x, &lv->description);
    if ((lv->owner == NULL && (lv->owner = load_xstrdup(L, "")) == NULL) ||
        (lv->description == NULL && (lv->description = load_xstrdup(L, "")) == NULL))
        return;
    if (!(x = load_freq(L, &f, "candidates")) ||
        load_get_list(L, "candidates", x, "mappings {value, one_off, per_year}", &it, &top))
        return;
    if (it == top) {
        load_err(L, x, "lever '%s' has no candidates: list the values it could take, each "
                       "{value: V, one_off: $N, per_year: $N}", lv->name);
        return;
    }
    if (top - it > LEVER_MAX_CANDIDATES) {
        load_err(L, x, "lever '%s' has %d candidates; at most %d (the search tries every "
                       "combination of every lever)", lv->name, (int)(top - it),
                 LEVER_MAX_CANDIDATES);
        return;
    }
    lv->candidates = load_xcalloc(L, (size_t)(top - it), sizeof *lv->candidates);
    if (lv->candidates == NULL)
        return;
    for (int i = 0; it < top; it++, i++) {
        const yaml_node_t *y = load_node_at(L, *it);
        lv->n_candidates++;
        if (y)
            load_candidate(L, &lv->candidates[i], y, lv->name, i);
    }
}

void load_plan_levers(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct named nm = {0, NULL, NULL};
    struct plan *p = L->p;
    if (v == NULL || load_is_null(v))
        return;
    if (load_read_named(L, k, v, &nm))
        return;
    if (nm.n > 0 && (p->levers = load_xcalloc(L, (size_t)nm.n, sizeof *p->levers)) != NULL) {
        for (int i = 0; i < nm.n && !L->nomem; i++) {
            p->n_levers++;
            load_lever(L, &p->levers[i], nm.k[i], nm.v[i]);
        }
    }
    load_named_free(&nm);
}

/* The value node of each candidate of the lever at key node lk (its mapping lv_node),
 * into out[max]; NULL where the file has none. */
static void candidate_nodes(struct ld *L, const yaml_node_t *lv_node, const yaml_node_t **out,
                            int max)
{
    for (int i = 0; i < max; i++)
        out[i] = NULL;
    if (lv_node == NULL || lv_node->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *pr = lv_node->data.mapping.pairs.start;
         pr < lv_node->data.mapping.pairs.top; pr++) {
        const yaml_node_t *key = load_node_at(L, pr->key), *val = load_node_at(L, pr->value);
        if (!key || !load_is_scalar(key) || strcmp(load_sv(key), "candidates") != 0 || !val ||
            val->type != YAML_SEQUENCE_NODE)
            continue;
        int i = 0;
        for (yaml_node_item_t *it = val->data.sequence.items.start;
             it < val->data.sequence.items.top && i < max; it++, i++) {
            const yaml_node_t *c = load_node_at(L, *it);
            if (!c || c->type != YAML_MAPPING_NODE)
                continue;
            for (yaml_node_pair_t *q = c->data.mapping.pairs.start; q < c->data.mapping.pairs.top;
                 q++) {
                const yaml_node_t *ck = load_node_at(L, q->key);
                if (ck && load_is_scalar(ck) && strcmp(load_sv(ck), "value") == 0)
                    out[i] = load_node_at(L, q->value);
            }
        }
    }
}

/* The value node of key `name` in mapping m, or NULL. */
static const yaml_node_t *value_of(struct ld *L, const yaml_node_t *m, const char *name)
{
    if (m == NULL || m->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
         pr++) {
        const yaml_node_t *key = load_node_at(L, pr->key);
        if (key && load_is_scalar(key) && strcmp(load_sv(key), name) == 0)
            return load_node_at(L, pr->value);
    }
    return NULL;
}

/* Report vary's error e about lever lv (its argument's path at path_node, candidate i's
 * value at cnodes[i], starting at offs[i] in the argument). */
static void report_vary(struct ld *L, const struct plan_lever *lv, const struct vary_error *e,
                        const yaml_node_t *path_node, const yaml_node_t *const *cnodes,
                        const size_t *offs, size_t path_len)
{
    const yaml_node_t *at = path_node;
    size_t where = e->at;
    if (e->at > path_len) {
        int i = 0;
        while (i + 1 < lv->n_candidates && e->at >= offs[i + 1])
            i++;
        at = cnodes[i];
        where = e->at - offs[i];
        if (at == NULL)
            at = path_node;
    }
    if (at == NULL) {
        load_err_at(L, lv->pos.line, lv->pos.col, "lever '%s': %s", lv->name, e->msg);
        return;
    }
    struct plan_pos pos = load_pos_in_scalar(L, at, where);
    load_err_at(L, pos.line, pos.col, "lever '%s': %s", lv->name, e->msg);
}

/* Whether candidate value node v reads as a value of `unit` (the kind of the lever's
 * path, as plan_input.unit names it): the loader's own getter reports it when not. Kinds
 * that depend on where they are written (choices, names) and the words "forever" and
 * "never" are left to the load of the varied plan (analysis/levers.c). Returns 0 when
 * fine or not checked here. */
static int check_kind(struct ld *L, const yaml_node_t *v, const char *unit)
{
    static const struct {
        const char *unit;
        enum qty q;
    } map[] = {{"duration", Q_DURATION}, {"size", Q_SIZE},         {"rate", Q_RATE},
               {"probability", Q_PROB},  {"money (USD)", Q_MONEY}, {"number", Q_NUMBER},
               {"whole number", Q_NUMBER}};
    double x;
    if (v == NULL || !load_is_scalar(v))
        return 0;
    if (strcmp(unit, "schedule") == 0) {
        struct sched sc;
        memset(&sc, 0, sizeof sc);
        return load_get_sched(L, "value", v, L->tz_s, L->tz_zone, &sc);
    }
    if (strcmp(load_sv(v), "forever") == 0 || strcmp(load_sv(v), "never") == 0)
        return 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(unit, map[i].unit) == 0)
            return load_get_qty(L, "value", v, map[i].q, &x);
    return 0;
}

void load_plan_levers_check(struct ld *L, const yaml_node_t *root)
{
    struct plan *p = L->p;
    const yaml_node_t *levers = value_of(L, root, "levers");
    char *arg = NULL;
    struct vary_axis *done = NULL; /* the levers read so far, for overlaps */
    int n_done = 0;
    if (p->n_levers == 0 || levers == NULL || levers->type != YAML_MAPPING_NODE)
        return;
    if ((arg = malloc(LEVER_ARG_MAX)) == NULL ||
        (done = calloc((size_t)p->n_levers, sizeof *done)) == NULL) {
        free(arg);
        L->nomem = 1;
        return;
    }
    for (int li = 0; li < p->n_levers && !L->nomem; li++) {
        const struct plan_lever *lv = &p->levers[li];
        const yaml_node_t *lv_node = value_of(L, levers, lv->name);
        const yaml_node_t *path_node = value_of(L, lv_node, "path");
        const yaml_node_t *cnodes[LEVER_MAX_CANDIDATES];
        size_t offs[LEVER_MAX_CANDIDATES];
        struct vary_axis ax;
        struct vary_error e;
        candidate_nodes(L, lv_node, cnodes, LEVER_MAX_CANDIDATES);
        if (plan_lever_arg(lv, arg, LEVER_ARG_MAX, offs) < 0) {
            load_err(L, path_node, "lever '%s': its candidates are too long (more than %d "
                                   "bytes together)", lv->name, LEVER_ARG_MAX);
            continue;
        }
        enum vary_status vs = vary_axis_parse(&ax, p, L->text, L->len, arg, &e);
        if (vs == VARY_NOMEM) {
            L->nomem = 1;
            break;
        }
        if (vs != VARY_OK) {
            report_vary(L, lv, &e, path_node, cnodes, offs, strlen(lv->path));
            continue;
        }
        int n_bad = 0;
        for (int i = 0; i < lv->n_candidates; i++)
            n_bad += check_kind(L, cnodes[i], ax.unit) != 0;
        if (n_bad) {
            vary_axis_fini(&ax);
            continue;
        }
        /* One value per candidate (a range word would expand into many). */
        int n_expect = lv->n_candidates == 1 ? 2 : lv->n_candidates;
        if (ax.n_values != n_expect) {
            int i = 0;
            while (i < lv->n_candidates && ax.value_literal[i])
                i++;
            load_err(L, cnodes[i < lv->n_candidates ? i : 0] ? cnodes[i < lv->n_candidates ? i : 0]
                                                             : path_node,
                     "lever '%s': a candidate is one value, not a range (list each value "
                     "with its cost)", lv->name);
            vary_axis_fini(&ax);
            continue;
        }
        for (int i = 0; i < lv->n_candidates; i++) {
            for (int j = 0; j < i; j++) {
                if (strcmp(ax.values[i], ax.values[j]) == 0 ||
                    (strcmp(ax.unit, "schedule") != 0 && isfinite(ax.x[i]) &&
                     ax.x[i] == ax.x[j])) {
                    load_err(L, cnodes[i] ? cnodes[i] : path_node,
                             "lever '%s': candidate %d is the same value as candidate %d",
                             lv->name, i + 1, j + 1);
                    break;
                }
            }
        }
        for (int m = 0; m < n_done; m++) {
            if (vary_axes_overlap(&done[m], &ax, &e)) {
                load_err(L, path_node, "lever '%s' changes the value another lever changes "
                                       "('%.*s'): one lever per value, with all its candidates",
                         lv->name, (int)done[m].path_len, done[m].arg);
                break;
            }
        }
        done[n_done++] = ax;
    }
    for (int m = 0; m < n_done; m++)
        vary_axis_fini(&done[m]);
    free(done);
    free(arg);
}
