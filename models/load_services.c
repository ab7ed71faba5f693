/* models/load_services.c: the services section (the business impact analysis) and the
 * costs section.
 *
 * Services are read last but for costs: they name stores, scenarios and the steps of
 * those scenarios' runbooks. A service restored by no step of its own in a scenario
 * defaults to the scenario's service_restored_by step. The cost model's rates refer to
 * stores and roles by name.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

/* ---- services ----------------------------------------------------------------------- */

static const char *const service_keys[] = {
    "description", "owner", "criticality", "priority", "timing", "depends_on", "restored_by",
    "impact", "cost_per_hour", "mtd", "rto", "rpo", "wrt", "mbco", "approved_by",
    "review_date", "next_review", NULL
};
static const char *const depends_keys[] = {"stores", NULL};
static const char *const criticalities[] = {"low", "medium", "high", "critical", NULL};
static const char *const impact_levels[] = {"none", "minimal", "moderate", "severe", NULL};
static const char *const impact_keys[] = {
    "financial", "operational", "regulatory", "reputational", "safety", NULL
};

static void load_impact(struct ld *L, struct service *sv_, const yaml_node_t *k,
                        const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    if (load_read_fields(L, &f, impact_keys, k, v, NULL, "'impact' of service '%s'",
                    load_show(sv_->name, b, sizeof b)))
        return;
    for (int c = 0; c < IMPACT_N_CATEGORIES; c++) {
        yaml_node_t *x = load_fval(&f, impact_keys[c]);
        yaml_node_item_t *it, *top;
        int lvl;
        if (x == NULL || load_get_list(L, impact_keys[c], x, "impact levels", &it, &top))
            continue;
        if (top - it != IMPACT_N_BUCKETS) {
            load_err(L, x, "'%s' must list %d impact levels, one per duration bucket (got %d)",
                impact_keys[c], IMPACT_N_BUCKETS, (int)(top - it));
            continue;
        }
        for (int q = 0; it < top; it++, q++) {
            yaml_node_t *y = load_node_at(L, *it);
            if (y && load_get_enum(L, impact_keys[c], y, impact_levels, &lvl) == 0)
                sv_->impact[c][q] = (unsigned char)lvl;
        }
    }
}

static void load_service(struct ld *L, int i, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW], b1[SHOW];
    struct plan *p = L->p;
    struct service *s = &p->services[i];
    struct fields f, dep;
    struct named nm;
    yaml_node_t *x;
    yaml_node_item_t *it, *top;
    int e;
    long day;
    static const char *const text_keys[] = {
        "description", "owner", "timing", "mbco", "approved_by", NULL
    };
    char **text_out[] = {&s->description, &s->owner, &s->timing, &s->mbco, &s->approved_by};

    if (load_read_fields(L, &f, service_keys, k, v, NULL, "service '%s'", load_show(s->name, b, sizeof b)))
        return;
    for (int t = 0; text_keys[t]; t++)
        if ((x = load_fval(&f, text_keys[t])))
            load_get_text(L, text_keys[t], x, text_out[t]);
    if ((x = load_fval(&f, "review_date")) && load_get_date(L, "review_date", x, &day) == 0)
        load_get_text(L, "review_date", x, &s->review_date);
    if ((x = load_fval(&f, "next_review")) && load_get_date(L, "next_review", x, &day) == 0)
        load_get_text(L, "next_review", x, &s->next_review);
    if ((x = load_freq(L, &f, "criticality")) && load_get_enum(L, "criticality", x, criticalities, &e) == 0)
        s->criticality = (enum criticality)e;
    if ((x = load_fval(&f, "priority")))
        load_get_int(L, "priority", x, 1, 1000000, &s->priority);
    if ((x = load_fval(&f, "depends_on")) &&
        load_read_fields(L, &dep, depends_keys, load_fkey(&f, "depends_on"), x, NULL,
                    "'depends_on' of service '%s'", b) == 0 &&
        (x = load_fval(&dep, "stores")) && load_get_list(L, "stores", x, "store names", &it, &top) == 0 &&
        it < top) {
        uint64_t seen = 0;
        s->stores = load_xcalloc(L, (size_t)(top - it), sizeof *s->stores);
        if (s->stores == NULL)
            return;
        for (; it < top; it++) {
            yaml_node_t *y = load_node_at(L, *it);
            int st;
            if (y == NULL || (st = load_store_ref(L, y)) < 0)
                continue;
            if (seen & (UINT64_C(1) << st)) {
                load_err(L, y, "store '%s' is listed twice", load_show(load_sv(y), b1, sizeof b1));
                continue;
            }
            seen |= UINT64_C(1) << st;
            s->stores[s->n_stores++] = st;
        }
    }
    if ((x = load_fval(&f, "restored_by")) && load_read_named(L, load_fkey(&f, "restored_by"), x, &nm) == 0) {
        for (int j = 0; j < nm.n; j++) {
            int si = load_scenario_ref(L, nm.k[j]), step = load_step_ref(L, si, nm.v[j]);
            if (si >= 0 && step >= 0 && s->restored_by)
                s->restored_by[si] = step;
        }
        load_named_free(&nm);
    }
    if ((x = load_fval(&f, "impact")))
        load_impact(L, s, load_fkey(&f, "impact"), x);
    if ((x = load_fval(&f, "cost_per_hour")))
        load_get_qty(L, "cost_per_hour", x, Q_MONEY, &s->cost_per_hour_usd);
    if ((x = load_fval(&f, "mtd")))
        load_get_qty(L, "mtd", x, Q_FOREVER, &s->mtd_s);
    if ((x = load_fval(&f, "rto")))
        load_get_qty(L, "rto", x, Q_FOREVER, &s->rto_s);
    if ((x = load_fval(&f, "rpo")))
        load_get_qty(L, "rpo", x, Q_FOREVER, &s->rpo_s);
    if ((x = load_fval(&f, "wrt")))
        load_get_qty(L, "wrt", x, Q_DURATION, &s->wrt_s);
}

void load_plan_services(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct named nm;

    if (v == NULL || load_read_named(L, k, v, &nm))
        return;
    if (nm.n > 0) {
        p->services = load_xcalloc(L, (size_t)nm.n, sizeof *p->services);
        if (p->services == NULL)
            goto out;
        p->n_services = nm.n;
    }
    for (int i = 0; i < nm.n; i++) {
        struct service *s = &p->services[i];
        char **strs[] = {&s->description, &s->owner, &s->timing, &s->mbco, &s->approved_by,
                         &s->review_date, &s->next_review};
        s->pos = load_pos_of(nm.k[i]);
        s->priority = i + 1;
        s->mtd_s = s->rto_s = s->rpo_s = INFINITY;
        if ((s->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        for (size_t t = 0; t < sizeof strs / sizeof strs[0]; t++)
            if ((*strs[t] = load_xstrdup(L, "")) == NULL)
                goto out;
        if (p->n_scenarios > 0) {
            s->restored_by = load_xcalloc(L, (size_t)p->n_scenarios, sizeof *s->restored_by);
            if (s->restored_by == NULL)
                goto out;
            for (int j = 0; j < p->n_scenarios; j++)
                s->restored_by[j] = p->scenarios[j].service_step;
        }
    }
    for (int i = 0; i < nm.n && !L->nomem; i++)
        load_service(L, i, nm.k[i], nm.v[i]);
out:
    load_named_free(&nm);
}

/* ---- costs -------------------------------------------------------------------------- */

static const char *const costs_keys[] = {
    "storage", "transfer", "change_per_day", "incremental", "per_point", "stores", "staffing",
    NULL
};
static const char *const storage_keys[] = {"in-zone", "in-region", "cross-region", NULL};
static const char *const transfer_keys[] = {"cross-region", NULL};
static const char *const store_cost_keys[] = {"change_per_day", NULL};
static const char *const role_cost_keys[] = {"per_person_year", "on_call_month", NULL};

/* The rates of the cost model (models/cost.h); read after stores and staffing, whose
 * names it refers to. */
void load_plan_costs(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct plan_costs *c = &L->p->costs;
    struct fields f, g;
    struct named nm;
    yaml_node_t *x, *y;

    for (int i = 0; i < PLAN_MAX_STORES; i++)
        c->store_change_per_day[i] = NAN;
    c->incremental = 1;
    if (v == NULL || load_read_fields(L, &f, costs_keys, k, v, NULL, "'costs'"))
        return;
    c->has_costs = 1;
    if ((x = load_fval(&f, "storage")) &&
        load_read_fields(L, &g, storage_keys, load_fkey(&f, "storage"), x, NULL, "'costs.storage'") == 0)
        for (int l = 0; storage_keys[l]; l++)
            if ((y = load_fval(&g, storage_keys[l])))
                load_get_qty(L, storage_keys[l], y, Q_MONEY, &c->storage_gb_month_usd[l]);
    if ((x = load_fval(&f, "transfer")) &&
        load_read_fields(L, &g, transfer_keys, load_fkey(&f, "transfer"), x, NULL, "'costs.transfer'") == 0 &&
        (y = load_fval(&g, "cross-region")))
        load_get_qty(L, "cross-region", y, Q_MONEY, &c->transfer_gb_usd);
    if ((x = load_fval(&f, "change_per_day")))
        load_get_qty(L, "change_per_day", x, Q_PROB, &c->change_per_day);
    if ((x = load_fval(&f, "incremental")))
        load_get_bool(L, "incremental", x, &c->incremental);
    if ((x = load_fval(&f, "per_point")))
        load_get_qty(L, "per_point", x, Q_MONEY, &c->per_point_usd);
    if ((x = load_fval(&f, "stores")) && load_read_named(L, load_fkey(&f, "stores"), x, &nm) == 0) {
        for (int i = 0; i < nm.n && !L->nomem; i++) {
            int si = load_store_ref(L, nm.k[i]);
            if (load_read_fields(L, &g, store_cost_keys, nm.k[i], nm.v[i],
                            "a store's costs take change_per_day", "costs of store '%s'",
                            load_show(load_sv(nm.k[i]), b, sizeof b)))
                continue;
            if ((y = load_fval(&g, "change_per_day")) && si >= 0)
                load_get_qty(L, "change_per_day", y, Q_PROB, &c->store_change_per_day[si]);
        }
        load_named_free(&nm);
    }
    if ((x = load_fval(&f, "staffing")) && load_read_named(L, load_fkey(&f, "staffing"), x, &nm) == 0) {
        for (int i = 0; i < nm.n && !L->nomem; i++) {
            int ri = load_role_ref(L, nm.k[i]);
            if (load_read_fields(L, &g, role_cost_keys, nm.k[i], nm.v[i],
                            "a role's costs are per_person_year and on_call_month",
                            "costs of role '%s'", load_show(load_sv(nm.k[i]), b, sizeof b)))
                continue;
            if (ri < 0)
                continue;
            if ((y = load_fval(&g, "per_person_year")))
                load_get_qty(L, "per_person_year", y, Q_MONEY, &c->person_year_usd[ri]);
            if ((y = load_fval(&g, "on_call_month")))
                load_get_qty(L, "on_call_month", y, Q_MONEY, &c->on_call_month_usd[ri]);
        }
        load_named_free(&nm);
    }
}

