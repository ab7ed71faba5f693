/* models/load_stores.c: the stores section: data stores, their zone redundancy,
 * backup rules and restore model.
 *
 * Stores are read first among the sections that name things, because steps, services
 * and costs refer to them by name. Every store gets its name, position and defaults
 * before any of them is read, so a store's errors do not hide the others' names from
 * the reference checks. A store's recovery decides which of its keys make sense: an
 * unrecoverable store has neither backups nor a restore section, a restore store must
 * have one (its throughput is what a restore step takes its time from). Which stores
 * have a restore throughput is noted in L->store_restore for the runbook's checks.
 *
 * Every store counts for the policy RPO unless the plan leaves it out with
 * `counts_for_rpo: false`, and that needs a signed `exception` (reason, approved_by,
 * review_by): an exclusion nobody signed is refused. A store with no data to lose says
 * `ephemeral: true` instead, and one whose copy outside the region nobody can vouch for
 * says `cross_region: unknown`, which is modelled as no copy (docs/method.md).
 *
 * A store with a cross-region replica (`replica`: a database read replica, a replicated
 * bucket) can be brought back by a `promote` step instead of a restore; the replica's
 * lag is then its data loss in a region outage.
 *
 * Once every store is read, the rules' lognormal completions get the bucket bounds the
 * backup walk compares them with (backup_bounds_init): made once with the plan, not in
 * every trial.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/backup.h"
#include "models/load_int.h"

/* ---- stores ------------------------------------------------------------------------- */

static const char *const store_keys[] = {
    "kind", "size", "note", "zone_redundancy", "backups", "recovery", "restore",
    "counts_for_rpo", "exception", "ephemeral", "cross_region", "replica", NULL
};
static const char *const replica_keys[] = {"region", "lag", "promote", "note", NULL};
static const char *const exception_keys[] = {"reason", "approved_by", "review_by", NULL};
static const char *const cross_regions[] = {"stated", "none", "unknown", NULL};
static const char *const zone_keys[] = {"mode", "failover", "lag", NULL};
static const char *const restore_keys[] = {"throughput", "overhead", "parallelism", NULL};
static const char *const rule_keys[] = {
    "schedule", "complete", "lag", "failure", "retention", "location", "failure_group", "copy_to",
    "copy_fraction", "immutable", NULL
};
static const char *const zone_modes[] = {"none", "sync", "async", "cluster", NULL};
static const char *const recoveries[] = {"restore", "rebuild", "unrecoverable", NULL};
static const char *const locations[] = {"in-zone", "in-region", "cross-region", NULL};

static void load_zone(struct ld *L, struct store *st, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;
    int mode = 0;

    if (load_is_scalar(v) && !load_is_null(v)) {
        /* Shorthand for the modes that need no parameters. */
        if (load_get_enum(L, "zone_redundancy", v, zone_modes, &mode))
            return;
        if (mode == STORE_ZONE_SYNC || mode == STORE_ZONE_ASYNC) {
            load_err(L, v, "mode %s needs a failover time: write {mode: %s, failover: 1m%s}",
                zone_modes[mode], zone_modes[mode], mode == STORE_ZONE_ASYNC ? ", lag: 5s" : "");
            return;
        }
        st->zone_mode = (enum store_zone_mode)mode;
        return;
    }
    if (load_read_fields(L, &f, zone_keys, k, v, NULL, "'zone_redundancy' of store '%s'",
                    load_show(st->name, b, sizeof b)))
        return;
    if (!(x = load_freq(L, &f, "mode")) || load_get_enum(L, "mode", x, zone_modes, &mode))
        return;
    st->zone_mode = (enum store_zone_mode)mode;
    if (mode == STORE_ZONE_SYNC || mode == STORE_ZONE_ASYNC) {
        if ((x = load_freq(L, &f, "failover")))
            load_get_dist(L, "failover", load_fkey(&f, "failover"), x, Q_DURATION, &st->failover);
    } else if (load_fval(&f, "failover")) {
        load_err(L, load_fkey(&f, "failover"),
            "'failover' applies only to mode sync or async (this mode is %s)", zone_modes[mode]);
    }
    if (mode == STORE_ZONE_ASYNC) {
        if ((x = load_freq(L, &f, "lag")))
            load_get_dist(L, "lag", load_fkey(&f, "lag"), x, Q_DURATION, &st->replica_lag);
    } else if (load_fval(&f, "lag")) {
        load_err(L, load_fkey(&f, "lag"), "'lag' applies only to mode async (this mode is %s)",
            zone_modes[mode]);
    }
}

static void load_rule(struct ld *L, struct backup_rule *r, const yaml_node_t *k,
                      const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;
    int cont = -1, loc;

    if (load_read_fields(L, &f, rule_keys, k, v, NULL, "backup '%s'", load_show(r->name, b, sizeof b)))
        return;
    if ((x = load_freq(L, &f, "schedule")) && load_get_sched(L, "schedule", x, L->tz_s, L->tz_zone, &r->schedule) == 0)
        cont = r->schedule.kind == SCHED_CONTINUOUS;
    if ((x = load_fval(&f, "complete"))) {
        if (cont == 1)
            load_err(L, load_fkey(&f, "complete"), "'complete' does not apply to a continuous schedule "
                                         "(its delay is 'lag')");
        else
            load_get_dist(L, "complete", load_fkey(&f, "complete"), x, Q_DURATION, &r->complete);
    }
    if ((x = load_fval(&f, "lag"))) {
        if (cont == 0)
            load_err(L, load_fkey(&f, "lag"), "'lag' applies only to a continuous schedule "
                                    "(the time a backup takes is 'complete')");
        else
            load_get_dist(L, "lag", load_fkey(&f, "lag"), x, Q_DURATION, &r->lag);
    }
    if ((x = load_fval(&f, "failure")))
        load_get_qty(L, "failure", x, Q_PROB, &r->failure_prob);
    if ((x = load_fval(&f, "retention")))
        load_get_positive(L, "retention", x, Q_FOREVER, &r->retention_s);
    if ((x = load_freq(L, &f, "location")) && load_get_enum(L, "location", x, locations, &loc) == 0)
        r->location = (enum backup_location)loc;
    else
        loc = -1;
    /* Shared failure and capacity (models/load_capacity.c): a continuous rule has no
     * scheduled instants to fail or copy, and only a cross-region copy crosses to a
     * destination region. */
    if ((x = load_fval(&f, "failure_group"))) {
        if (cont == 1)
            load_err(L, load_fkey(&f, "failure_group"), "'failure_group' does not apply to a "
                     "continuous schedule (it has no scheduled points to fail)");
        else
            r->group = load_group_ref(L, x);
    }
    if ((x = load_fval(&f, "copy_to"))) {
        if (cont == 1)
            load_err(L, load_fkey(&f, "copy_to"), "'copy_to' does not apply to a continuous "
                     "schedule (its delay is 'lag')");
        else if (loc >= 0 && loc != BACKUP_CROSS_REGION)
            load_err(L, load_fkey(&f, "copy_to"), "'copy_to' applies only to location "
                     "cross-region (this rule's is %s)", locations[loc]);
        else
            r->copy_region = load_copy_region_ref(L, x);
    }
    if ((x = load_fval(&f, "copy_fraction"))) {
        if (!load_fval(&f, "copy_to"))
            load_err(L, load_fkey(&f, "copy_fraction"), "'copy_fraction' applies only with "
                     "'copy_to' (it is the share of the store's size one copy moves)");
        else if (load_get_qty(L, "copy_fraction", x, Q_PROB, &r->copy_fraction) == 0 &&
                 r->copy_fraction <= 0.0)
            load_err(L, x, "'copy_fraction' must be greater than zero (got \"%s\")", load_sv(x));
    }
    /* A lock holds recovery points (snapshots, copies in a vault or bucket); the logs behind
     * point-in-time recovery live with the database and go with whoever controls it. */
    if ((x = load_fval(&f, "immutable")) && load_get_bool(L, "immutable", x, &r->immutable) == 0 &&
        r->immutable && cont == 1) {
        load_err(L, x, "'immutable' does not apply to a continuous schedule: the logs behind "
                 "point-in-time recovery live with the database and cannot be locked; lock a "
                 "scheduled copy instead (a vault lock or object lock on snapshots)");
        r->immutable = 0;
    }
}

static void load_rules(struct ld *L, struct store *st, const yaml_node_t *k, const yaml_node_t *v)
{
    struct named nm;
    if (load_read_named(L, k, v, &nm))
        return;
    if (nm.n > 0) {
        st->rules = load_xcalloc(L, (size_t)nm.n, sizeof *st->rules);
        if (st->rules == NULL)
            goto out;
        st->n_rules = (size_t)nm.n;
        for (int j = 0; j < nm.n; j++) {
            struct backup_rule *r = &st->rules[j];
            r->complete = dist_fixed(0);
            r->lag = dist_fixed(0);
            r->retention_s = INFINITY;
            r->copy_fraction = 1.0;
            r->pos = load_pos_of(nm.k[j]);
            if ((r->name = load_xstrdup(L, load_sv(nm.k[j]))) == NULL)
                goto out;
        }
        for (int j = 0; j < nm.n && !L->nomem; j++)
            load_rule(L, &st->rules[j], nm.k[j], nm.v[j]);
    }
out:
    load_named_free(&nm);
}

static void load_restore(struct ld *L, int i, struct store *st, const yaml_node_t *k,
                         const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;

    if (load_read_fields(L, &f, restore_keys, k, v, NULL, "'restore' of store '%s'",
                    load_show(st->name, b, sizeof b)))
        return;
    if ((x = load_freq(L, &f, "throughput"))) {
        /* Known to exist even if invalid, so restore steps do not report it missing. */
        L->store_restore[i] = 1;
        st->has_restore = 1;
        load_get_dist(L, "throughput", load_fkey(&f, "throughput"), x, Q_RATE, &st->throughput);
    }
    if ((x = load_fval(&f, "overhead")))
        load_get_dist(L, "overhead", load_fkey(&f, "overhead"), x, Q_DURATION, &st->overhead);
    if ((x = load_fval(&f, "parallelism")))
        load_get_int(L, "parallelism", x, 1, 1000000, &st->parallelism);
}

/* replica: {region: NAME, lag: DIST, promote: DIST, note: TEXT}. */
static void load_replica(struct ld *L, struct store *st, const yaml_node_t *k,
                         const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;

    st->replica.pos = load_pos_of(k);
    if (load_read_fields(L, &f, replica_keys, k, v, NULL, "'replica' of store '%s'",
                         load_show(st->name, b, sizeof b)))
        return;
    st->replica.present = 1;
    if ((x = load_freq(L, &f, "region")))
        load_get_name_text(L, "region", x, &st->replica.region);
    if ((x = load_freq(L, &f, "lag")))
        load_get_dist(L, "lag", load_fkey(&f, "lag"), x, Q_DURATION, &st->replica.lag);
    if ((x = load_freq(L, &f, "promote")))
        load_get_dist(L, "promote", load_fkey(&f, "promote"), x, Q_DURATION,
                      &st->replica.promote);
    if ((x = load_fval(&f, "note")))
        load_get_text(L, "note", x, &st->replica.note);
}

/* One text of an exception: required, and it must say something (an exception is a
 * decision someone can be asked about). */
static void exception_text(struct ld *L, const struct fields *f, const char *name, char **out)
{
    yaml_node_t *x = load_freq(L, f, name);
    if (x == NULL || load_get_text(L, name, x, out) != 0)
        return;
    if ((*out)[strspn(*out, " \t\r\n")] == '\0')
        load_err(L, x, "'%s' of an exception must not be empty: an exception says why, who "
                 "accepted it and when it is reviewed", name);
}

/* The signed exception of a store left out of the RPO [exception]. */
static void load_exception(struct ld *L, struct store *st, const yaml_node_t *k,
                           const yaml_node_t *v)
{
    char b[SHOW];
    struct fields f;
    yaml_node_t *x;

    st->exception.present = 1;
    st->exception.pos = load_pos_of(k);
    if (load_read_fields(L, &f, exception_keys, k, v, NULL, "'exception' of store '%s'",
                         load_show(st->name, b, sizeof b)))
        return;
    exception_text(L, &f, "reason", &st->exception.reason);
    exception_text(L, &f, "approved_by", &st->exception.approved_by);
    if ((x = load_freq(L, &f, "review_by")) &&
        load_get_date(L, "review_by", x, &st->exception.review_by_day) == 0)
        load_get_text(L, "review_by", x, &st->exception.review_by);
}

/* What the store says about its data: ephemeral, its cross-region protection, whether it
 * counts for the RPO and, when it does not, the exception that someone signed. */
static void load_store_rpo(struct ld *L, struct store *st, const struct fields *f)
{
    char b[SHOW], b2[SHOW];
    yaml_node_t *x;
    int cfr = 1, eph = 0, xr = STORE_XR_STATED;

    if ((x = load_fval(f, "ephemeral")))
        load_get_bool(L, "ephemeral", x, &eph);
    st->ephemeral = eph;
    if ((x = load_fval(f, "cross_region")) &&
        load_get_enum(L, "cross_region", x, cross_regions, &xr) == 0) {
        st->cross_region = (enum store_cross_region)xr;
        for (size_t j = 0; xr != STORE_XR_STATED && j < st->n_rules; j++)
            if (st->rules[j].location == BACKUP_CROSS_REGION)
                load_err_at(L, st->rules[j].pos.line, st->rules[j].pos.col,
                            "backup '%s' is a cross-region copy, but store '%s' says "
                            "cross_region: %s: remove one of them",
                            load_show(st->rules[j].name, b, sizeof b),
                            load_show(st->name, b2, sizeof b2), cross_regions[xr]);
    }
    if ((x = load_fval(f, "counts_for_rpo")))
        load_get_bool(L, "counts_for_rpo", x, &cfr);
    st->counts_for_rpo = cfr;
    if (!cfr && eph) {
        load_err(L, x, "store '%s' is ephemeral (no data to lose), so nothing is left out of the "
                 "RPO: remove 'counts_for_rpo'", load_show(st->name, b, sizeof b));
        return;
    }
    if ((x = load_fval(f, "exception"))) {
        if (cfr)
            load_err(L, load_fkey(f, "exception"), "an exception applies only to a store left "
                     "out of the RPO: add counts_for_rpo: false, or remove 'exception'");
        else
            load_exception(L, st, load_fkey(f, "exception"), x);
    } else if (!cfr) {
        load_err(L, load_fval(f, "counts_for_rpo"),
                 "store '%s' is left out of the RPO without a signed exception: add "
                 "exception: {reason: ..., approved_by: ..., review_by: YYYY-MM-DD}",
                 load_show(st->name, b, sizeof b));
    }
}

static void load_store(struct ld *L, int i, const yaml_node_t *k, const yaml_node_t *v)
{
    char b[SHOW];
    struct store *st = &L->p->stores[i];
    struct fields f;
    yaml_node_t *x;
    int rec = STORE_RECOVER_RESTORE, rec_ok = 1;

    if (load_read_fields(L, &f, store_keys, k, v, NULL, "store '%s'", load_show(st->name, b, sizeof b)))
        return;
    if ((x = load_fval(&f, "kind")))
        load_get_text(L, "kind", x, &st->kind);
    if ((x = load_fval(&f, "note")))
        load_get_text(L, "note", x, &st->note);
    if ((x = load_freq(L, &f, "size")))
        load_get_qty(L, "size", x, Q_SIZE, &st->size_bytes);
    if ((x = load_fval(&f, "recovery")))
        rec_ok = load_get_enum(L, "recovery", x, recoveries, &rec) == 0;
    st->recovery = (enum store_recovery)rec;
    if ((x = load_fval(&f, "zone_redundancy")))
        load_zone(L, st, load_fkey(&f, "zone_redundancy"), x);
    if ((x = load_fval(&f, "backups"))) {
        if (rec_ok && st->recovery == STORE_RECOVER_NONE)
            load_err(L, load_fkey(&f, "backups"), "an unrecoverable store has no backups to restore from: "
                                        "remove 'backups' or change 'recovery'");
        else
            load_rules(L, st, load_fkey(&f, "backups"), x);
    }
    if ((x = load_fval(&f, "restore"))) {
        if (rec_ok && st->recovery == STORE_RECOVER_NONE)
            load_err(L, load_fkey(&f, "restore"), "an unrecoverable store has nothing to restore: "
                                        "remove 'restore' or change 'recovery'");
        else
            load_restore(L, i, st, load_fkey(&f, "restore"), x);
    } else if (rec_ok && st->recovery == STORE_RECOVER_RESTORE && !load_fval(&f, "replica")) {
        /* A store with a replica may be brought back only by promoting it. */
        load_err(L, k, "store '%s' is missing required key 'restore' (recovery: restore needs a "
                  "restore throughput)", b);
    }
    load_store_rpo(L, st, &f);
    if ((x = load_fval(&f, "replica"))) {
        if (st->ephemeral)
            load_err(L, load_fkey(&f, "replica"), "store '%s' is ephemeral (no data to lose): "
                     "a replica has nothing to keep; recreate it with a 'recreate' step",
                     load_show(st->name, b, sizeof b));
        else
            load_replica(L, st, load_fkey(&f, "replica"), x);
    }
}

void load_plan_stores(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan *p = L->p;
    struct named nm;
    int n;

    if (v == NULL) {
        L->have_stores = 1;
        return;
    }
    if (load_read_named(L, k, v, &nm))
        return;
    n = nm.n;
    if (n > PLAN_MAX_STORES) {
        load_err(L, nm.k[PLAN_MAX_STORES], "too many stores: a plan holds at most %d", PLAN_MAX_STORES);
        n = PLAN_MAX_STORES;
    }
    if (n > 0) {
        p->stores = load_xcalloc(L, (size_t)n, sizeof *p->stores);
        if (p->stores == NULL)
            goto out;
        p->n_stores = n;
    }
    for (int i = 0; i < n; i++) {
        struct store *st = &p->stores[i];
        st->pos = load_pos_of(nm.k[i]);
        st->parallelism = 1;
        st->overhead = dist_fixed(0);
        st->counts_for_rpo = 1;
        if ((st->name = load_xstrdup(L, load_sv(nm.k[i]))) == NULL)
            goto out;
        L->store_names[i] = st->name;
    }
    L->have_stores = 1;
    for (int i = 0; i < n && !L->nomem; i++)
        load_store(L, i, nm.k[i], nm.v[i]);
    if (!L->nomem && backup_bounds_init(p) != 0)
        L->nomem = 1;
out:
    load_named_free(&nm);
}

