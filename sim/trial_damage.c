/* sim/trial_damage.c: the data loss of the stores in a logical-damage scenario, drawn by
 * sim/trial.c's draw_inputs (see sim/trial_int.h). Kept apart from the event loop: outage
 * scenarios never come here. */
#include "sim/trial_int.h"

#include <math.h>

#include "models/backup.h"

/* Store s's loss (trial_damage_losses), *why as backup_store_loss_shared's when tracing. */
static inline __attribute__((always_inline)) double
damage_loss(struct trial_worker *w, const struct scenario *sc, const struct input_ids *ids,
            long epoch, int s, uint64_t fixed, int *why)
{
    const struct store *st = &w->p->stores[s];
    /* plan_store_damaged, inline: the scenario has damage and s < PLAN_MAX_STORES = 64. */
    const int damaged = sc->damage.stores_mask >> s & 1;
    const double at = damaged ? w->onset : w->t0;
    w->res.clean_rule[s] = -1;
    if (w->bs && w->bs->t != at)
        backup_shared_run(w->bs, epoch, at, &w->rng.base, ids->rule, ids->group);
    if (!damaged) {
        /* A store the scope leaves untouched (w->spared; an accidental deletion destroys
         * nothing and damages one store of many) loses nothing without a call. */
        if (w->spared[w->sc] >> s & 1)
            return 0.0;
        return backup_store_loss_shared(st, s, sc->scope, epoch, w->t0, &w->rng.base,
                                        ids->store[s], ids->rule + w->rule_first[s], w->bs,
                                        w->tr ? why : NULL);
    }
    const struct backup_damage dm = {.onset_abs_s = w->onset, .detect_abs_s = w->t0,
                                     .deletes = sc->damage.deletes};
    double loss = fixed >> s & 1
                      ? backup_damage_fixed_loss(st)
                      : backup_store_loss_damaged(st, s, sc->scope, epoch, &dm, &w->rng.base,
                                                  ids->store[s], ids->rule + w->rule_first[s],
                                                  w->bs, w->tr ? why : NULL,
                                                  &w->res.clean_rule[s]);
    if (isinf(loss) && !st->ephemeral && st->recovery != STORE_RECOVER_REBUILD)
        w->res.no_clean = 1;
    return loss;
}

void trial_damage_losses(struct trial_worker *w, const struct scenario *sc, uint64_t promoted_mask)
{
    const struct plan *p = w->p;
    const struct input_ids *ids = w->sc_ids;
    const long epoch = p->calendar.epoch_days;
    const uint64_t all = plan_first_bits(p->n_stores);
    w->clean_rule_set = 1;
    /* The damaged stores backup_store_loss_damaged would answer without a walk: not when
     * tracing, whose reasons walk the deleted rules too. */
    const int deleted = sc->damage.deletes != DAMAGE_DELETES_NONE;
    const uint64_t fixed =
        w->bs && !w->tr ? w->bs->damage_fixed[(size_t)sc->scope * 2 + (size_t)deleted] : 0;
    /* The stores whose loss is known before any draw: those fixed ones, and the ones the
     * scope leaves untouched (nothing destroyed; an accidental deletion damages one store
     * of many), unless a promoted replica's lag replaces the loss. Their losses are 0 or,
     * for a fixed one with data to restore (neither ephemeral nor rebuilt), INFINITY: no
     * clean point. They are recorded first and at once, with what trial_record_loss would
     * do with such losses: a 0 raises neither largest loss (both start at 0 and no loss is
     * negative), and an INFINITY takes each to INFINITY whatever the order. They draw
     * nothing, so the walks' draws are the same. Not when tracing, whose log lists every
     * store's loss in store order. */
    const uint64_t damaged = sc->damage.stores_mask & all;
    uint64_t walked = all;
    if (!w->tr) {
        const uint64_t known =
            ((damaged & fixed) | (~damaged & w->spared[w->sc])) & all & ~promoted_mask;
        uint64_t lost = 0; /* the known stores that lose everything */
        for (uint64_t m = known; m; m &= m - 1) {
            const int s = __builtin_ctzll(m);
            double loss = 0.0;
            if (damaged >> s & 1) {
                loss = backup_damage_fixed_loss(&p->stores[s]);
                lost |= (uint64_t)(loss != 0.0) << s;
            }
            w->res.clean_rule[s] = -1;
            w->res.store_drawn_loss_s[s] = loss;
        }
        if (lost) {
            w->res.no_clean = 1;
            w->drawn_rpo_all_s = INFINITY;
            if (lost & w->rpo_stores)
                w->res.failover_loss_s = INFINITY;
        }
        walked = all & ~known;
    }
    /* The damaged stores that are walked, in one call (not when tracing: their reasons). */
    const uint64_t batch = w->bs && !w->tr ? walked & damaged : 0;
    if (batch) {
        double loss[PLAN_MAX_STORES];
        const struct backup_damage dm = {.onset_abs_s = w->onset, .detect_abs_s = w->t0,
                                         .deletes = sc->damage.deletes};
        if (w->bs->t != w->onset)
            backup_shared_run(w->bs, epoch, w->onset, &w->rng.base, ids->rule, ids->group);
        backup_stores_loss_damaged(w->bs, batch, sc->scope, epoch, &dm, &w->rng.base, ids->store,
                                   ids->rule, loss, w->res.clean_rule);
        for (uint64_t m = batch; m; m &= m - 1) {
            const int s = __builtin_ctzll(m);
            const struct store *st = &p->stores[s];
            if (isinf(loss[s]) && !st->ephemeral && st->recovery != STORE_RECOVER_REBUILD)
                w->res.no_clean = 1;
            trial_record_loss(w, sc, s, st, loss[s], 0, promoted_mask);
        }
        walked &= ~batch;
    }
    for (uint64_t m = walked; m; m &= m - 1) {
        const int s = __builtin_ctzll(m);
        int why = 0;
        double loss = damage_loss(w, sc, ids, epoch, s, fixed, &why);
        trial_record_loss(w, sc, s, &p->stores[s], loss, why, promoted_mask);
    }
}
