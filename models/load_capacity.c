/* models/load_capacity.c: what stores' backups and restores share: failure groups, the
 * copy capacity toward a destination region and the restore capacity in a recovery
 * region.
 *
 * Both are top-level sections of named entries, read before the stores so that a
 * backup rule can name its group (`failure_group: NAME`) and its destination
 * (`copy_to: NAME`) and have the name checked where it is written. A group or a region
 * is declared once, with its own numbers, rather than repeated on every member rule:
 * a probability written on each member could disagree between members, and a sweep
 * varying it would have to vary every copy at once. The rule keys themselves are read
 * with the rest of a rule in load_stores.c, through the lookups below. The restore
 * capacity is declared the same way and named by a scenario (`restores_in: NAME`), whose
 * restores then queue for its transfer slots and share its bandwidth.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

static const char *const group_keys[] = {"failure", "note", NULL};
static const char *const region_keys[] = {"concurrency", "bandwidth", "per_copy", "note", NULL};
static const char *const restore_region_keys[] = {
    "concurrency", "bandwidth", "per_restore", "note", NULL
};

void load_plan_failure_groups(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct plan *p = L->p;
    struct named nm;
    struct fields f;
    yaml_node_t *x;

    if (v == NULL || load_read_named(L, k, v, &nm))
        return;
    if (nm.n > 0) {
        p->groups = load_xcalloc(L, (size_t)nm.n, sizeof *p->groups);
        if (p->groups == NULL)
            goto out;
        p->n_groups = nm.n;
    }
    for (int i = 0; i < nm.n && !L->nomem; i++) {
        struct failure_group *g = &p->groups[i];
        g->pos = load_pos_of(nm.k[i]);
        if ((g->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        if (load_read_fields(L, &f, group_keys, nm.k[i], nm.v[i], NULL, "failure group '%s'",
                             load_show(g->name, b, sizeof b)))
            continue;
        if ((x = load_freq(L, &f, "failure")))
            load_get_qty(L, "failure", x, Q_PROB, &g->failure_prob);
        if ((x = load_fval(&f, "note")))
            load_get_text(L, "note", x, &g->note);
    }
out:
    load_named_free(&nm);
}

/* One region's shared capacity as written, before it goes into a copy or a restore
 * region (both read the same way: concurrency, bandwidth, a per-transfer cap, note). */
struct capacity_entry {
    char *name, *note;
    struct plan_pos pos;
    int concurrency;
    double bandwidth, per_transfer;
};

/* Read the name mapping at k/v into *out (n entries, owned by the caller, who moves the
 * strings out); `per_key` names the per-transfer cap (default: the bandwidth) and `what`
 * says in diagnostics what capacity this is ("copy", "restore"). Returns the number of
 * entries, 0 on none or error. */
static int read_capacities(struct ld *L, const yaml_node_t *k, const yaml_node_t *v,
                           const char *const *keys, const char *per_key, const char *what,
                           struct capacity_entry **out)
{
    char b[SHOW];
    struct named nm;
    struct fields f;
    yaml_node_t *x;
    int n = 0;

    *out = NULL;
    if (v == NULL || load_read_named(L, k, v, &nm))
        return 0;
    if (nm.n > 0 && (*out = load_xcalloc(L, (size_t)nm.n, sizeof **out)) != NULL)
        n = nm.n;
    for (int i = 0; i < n && !L->nomem; i++) {
        struct capacity_entry *e = &(*out)[i];
        e->pos = load_pos_of(nm.k[i]);
        e->concurrency = 1;
        e->bandwidth = INFINITY;
        e->per_transfer = NAN;
        if ((e->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            break;
        if (load_read_fields(L, &f, keys, nm.k[i], nm.v[i], NULL, "%s capacity of region '%s'",
                             what, load_show(e->name, b, sizeof b)))
            continue;
        if ((x = load_freq(L, &f, "concurrency")))
            load_get_int(L, "concurrency", x, 1, 1000000, &e->concurrency);
        if ((x = load_freq(L, &f, "bandwidth")))
            load_get_positive(L, "bandwidth", x, Q_RATE, &e->bandwidth);
        if ((x = load_fval(&f, per_key)))
            load_get_positive(L, per_key, x, Q_RATE, &e->per_transfer);
        if ((x = load_fval(&f, "note")))
            load_get_text(L, "note", x, &e->note);
        if (isnan(e->per_transfer))
            e->per_transfer = e->bandwidth;
    }
    load_named_free(&nm);
    return n;
}

void load_plan_copy_capacity(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct capacity_entry *e;
    int n = read_capacities(L, k, v, region_keys, "per_copy", "copy", &e);
    if (n > 0 && (p->copy_regions = load_xcalloc(L, (size_t)n, sizeof *p->copy_regions)))
        p->n_copy_regions = n;
    for (int i = 0; i < n; i++) {
        if (p->copy_regions)
            p->copy_regions[i] = (struct copy_region){
                .name = e[i].name, .note = e[i].note, .pos = e[i].pos,
                .concurrency = e[i].concurrency, .bandwidth = e[i].bandwidth,
                .per_copy = e[i].per_transfer};
        else {
            free(e[i].name);
            free(e[i].note);
        }
    }
    free(e);
}

void load_plan_restore_capacity(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct capacity_entry *e;
    int n = read_capacities(L, k, v, restore_region_keys, "per_restore", "restore", &e);
    if (n > 0 && (p->restore_regions = load_xcalloc(L, (size_t)n, sizeof *p->restore_regions)))
        p->n_restore_regions = n;
    for (int i = 0; i < n; i++) {
        if (p->restore_regions)
            p->restore_regions[i] = (struct restore_region){
                .name = e[i].name, .note = e[i].note, .pos = e[i].pos,
                .concurrency = e[i].concurrency, .bandwidth = e[i].bandwidth,
                .per_restore = e[i].per_transfer};
        else {
            free(e[i].name);
            free(e[i].note);
        }
    }
    free(e);
}

/* The names of n entries, NULL-terminated, for suggestions; NULL when out of memory. */
static const char **names_of(struct ld *L, const char *const *first, size_t stride, int n)
{
    const char **names = load_xcalloc(L, (size_t)n + 1, sizeof *names);
    for (int i = 0; names && i < n; i++)
        names[i] = *(const char *const *)((const char *)first + (size_t)i * stride);
    return names;
}

/* Common lookup: 1 + the index of the entry named by v, 0 when unknown (reported). */
static int ref(struct ld *L, const yaml_node_t *v, const char *what, const char *section,
               const char *const *first, size_t stride, int n)
{
    char b[SHOW], b1[SHOW];
    const char *name = load_get_name(L, v, what);
    if (name == NULL)
        return 0;
    for (int i = 0; i < n; i++)
        if (strcmp(*(const char *const *)((const char *)first + (size_t)i * stride), name) == 0)
            return i + 1;
    if (n == 0) {
        load_err(L, v, "unknown %s '%s': the plan has no '%s' section to declare it in", what,
                 load_show(name, b, sizeof b), section);
        return 0;
    }
    const char **names = names_of(L, first, stride, n);
    load_err(L, v, "unknown %s '%s'%s", what, load_show(name, b, sizeof b),
             names ? load_did_you_mean(L, name, names, b1, sizeof b1) : "");
    free(names);
    return 0;
}

int load_group_ref(struct ld *L, const yaml_node_t *v)
{
    const struct plan *p = L->p;
    return ref(L, v, "failure group", "failure_groups",
               p->groups ? (const char *const *)&p->groups[0].name : NULL,
               sizeof p->groups[0], p->groups ? p->n_groups : 0);
}

int load_copy_region_ref(struct ld *L, const yaml_node_t *v)
{
    const struct plan *p = L->p;
    return ref(L, v, "copy region", "copy_capacity",
               p->copy_regions ? (const char *const *)&p->copy_regions[0].name : NULL,
               sizeof p->copy_regions[0], p->copy_regions ? p->n_copy_regions : 0);
}

int load_restore_region_ref(struct ld *L, const yaml_node_t *v)
{
    const struct plan *p = L->p;
    return ref(L, v, "restore region", "restore_capacity",
               p->restore_regions ? (const char *const *)&p->restore_regions[0].name : NULL,
               sizeof p->restore_regions[0], p->restore_regions ? p->n_restore_regions : 0);
}
