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
    w->clean_rule_set = 1;
    /* The damaged stores backup_store_loss_damaged would answer without a walk: not when
     * tracing, whose reasons walk the deleted rules too. */
    const int deleted = sc->damage.deletes != DAMAGE_DELETES_NONE;
    const uint64_t fixed =
        w->bs && !w->tr ? w->bs->damage_fixed[(size_t)sc->scope * 2 + (size_t)deleted] : 0;
    for (int s = 0; s < p->n_stores; s++) {
        int why = 0;
        double loss = damage_loss(w, sc, ids, epoch, s, fixed, &why);
        trial_record_loss(w, sc, s, &p->stores[s], loss, why, promoted_mask);
    }
}
