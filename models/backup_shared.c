/* models/backup_shared.c: the shared state of the backup model's walks (struct
 * backup_shared, models/backup.h "shared fate and shared capacity"), made once per worker:
 * each rule's global index, store and schedule class, the copy classes and their regions,
 * the per-rule records and surviving-rule masks the store search reads, the memos of
 * schedule answers and failure-group draws, and the scratch the copy queues run in
 * (models/backup.c). Nothing here runs per trial: backup_shared_run, the walks and the
 * queues are in models/backup.c.
 */
#include "models/backup_int.h"

#include <math.h>
#include <stdlib.h>

#include "models/dist.h"

struct backup_shared *backup_shared_new(const struct plan *p)
{
    struct backup_shared *bs = calloc(1, sizeof *bs);
    int n = 0, n_copy = 0;
    if (bs == NULL)
        return NULL;
    bs->p = p;
    bs->rule_first = calloc((size_t)(p->n_stores ? p->n_stores : 1), sizeof *bs->rule_first);
    for (int s = 0; bs->rule_first && s < p->n_stores; s++) {
        bs->rule_first[s] = n;
        n += (int)p->stores[s].n_rules;
        for (size_t i = 0; i < p->stores[s].n_rules; i++)
            n_copy += p->stores[s].rules[i].copy_region != 0;
    }
    bs->n_rules = n;
    bs->has_copies = n_copy > 0;
    /* A queue of a few copies costs about what the draws of the points settled without it
     * would; then it is run, and its times stay in copy_done_s for every walk. */
    bs->settle_by_bound = n_copy >= BACKUP_SETTLE_MIN_RULES;
    size_t m = (size_t)(n ? n : 1);
    size_t ng = (size_t)(p->n_groups ? p->n_groups : 1);
    bs->copy_done_s = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->copy_done_s);
    bs->copy_alone_s = calloc(m, sizeof *bs->copy_alone_s);
    bs->copy_bound_s = calloc(m, sizeof *bs->copy_bound_s);
    bs->class_alone_s = calloc(m, sizeof *bs->class_alone_s);
    bs->job_left = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->job_left);
    bs->job_rate = calloc(m * BACKUP_COPY_POINTS + 1, sizeof *bs->job_rate);
    bs->job_active = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->job_active);
    bs->copy_ufail = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->copy_ufail);
    bs->rule_sched = calloc(m, sizeof *bs->rule_sched);
    bs->class_sched = calloc(m, sizeof *bs->class_sched);
    bs->memo = calloc(m, sizeof *bs->memo);
    bs->copy_classes = calloc(m, sizeof *bs->copy_classes);
    bs->class_point_s = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->class_point_s);
    bs->copy_c_s = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->copy_c_s);
    bs->copy_c_hi = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->copy_c_hi);
    bs->copy_c_u = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->copy_c_u);
    bs->rule_qg = calloc(m, sizeof *bs->rule_qg);
    bs->pre = calloc(m, sizeof *bs->pre);
    bs->rule_fc = calloc(m, sizeof *bs->rule_fc);
    bs->group_memo = calloc(ng, sizeof *bs->group_memo);
    bs->draw_ids = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->draw_ids);
    bs->draw_at = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->draw_at);
    bs->draw_u = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->draw_u);
    bs->keys = calloc(m * BACKUP_COPY_POINTS + 1, sizeof *bs->keys);
    bs->rules = calloc(m, sizeof *bs->rules);
    bs->rule_store = calloc(m, sizeof *bs->rule_store);
    bs->copy_rules = calloc(m, sizeof *bs->copy_rules);
    bs->copy_class_first = calloc(m + 1, sizeof *bs->copy_class_first);
    bs->inst = calloc(m * BACKUP_COPY_POINTS, sizeof *bs->inst);
    bs->copy_info = calloc(m, sizeof *bs->copy_info);
    bs->first_p = calloc(m, sizeof *bs->first_p);
    bs->first_stamp = calloc(m, sizeof *bs->first_stamp);
    if (!bs->first_p || !bs->first_stamp ||
        !bs->rule_first || !bs->copy_done_s || !bs->copy_alone_s || !bs->copy_bound_s ||
        !bs->class_alone_s ||
        !bs->job_left || !bs->job_rate || !bs->job_active || !bs->copy_ufail || !bs->copy_c_s ||
        !bs->copy_c_hi || !bs->copy_c_u ||
        !bs->rule_qg || !bs->pre || !bs->rule_fc ||
        !bs->rule_sched || !bs->class_sched || !bs->memo || !bs->copy_classes ||
        !bs->class_point_s || !bs->group_memo || 
        !bs->draw_ids || !bs->draw_at || !bs->draw_u || !bs->keys || !bs->rules ||
        !bs->rule_store || !bs->copy_rules || !bs->copy_class_first || !bs->inst ||
        !bs->copy_info) {
        backup_shared_free(bs);
        return NULL;
    }
    for (int s = 0; s < p->n_stores; s++)
        for (size_t i = 0; i < p->stores[s].n_rules; i++) {
            const struct backup_rule *br = &p->stores[s].rules[i];
            int k = bs->rule_first[s] + (int)i;
            bs->rules[k] = br;
            bs->rule_store[k] = s;
            bs->rule_qg[k] = br->group ? p->groups[br->group - 1].failure_prob : 0.0;
            /* Rules on one schedule (YAML aliases, one backup plan's rules on several
             * stores) share a class: its instants are found once. */
            int c = 0;
            while (c < bs->n_classes && !same_sched(bs->class_sched[c], &br->schedule))
                c++;
            if (c == bs->n_classes)
                bs->class_sched[bs->n_classes++] = &br->schedule;
            bs->rule_sched[k] = c;
            if (br->copy_region) {
                int seen = 0;
                for (int j = 0; j < bs->n_copy_classes; j++)
                    seen |= bs->copy_classes[j] == c;
                if (!seen)
                    bs->copy_classes[bs->n_copy_classes++] = c;
            }
            if (br->copy_region) {
                const struct copy_region *cr = &p->copy_regions[br->copy_region - 1];
                double rate = fmin(cr->per_copy, cr->bandwidth);
                bs->copy_alone_s[k] = br->copy_fraction * p->stores[s].size_bytes / rate;
            }
        }
    for (int c = 0; c < bs->n_classes; c++)
        memo_clear(&bs->memo[c]);
    /* Each copy class's queued rules, in store order. */
    int e = 0;
    for (int i = 0; i < bs->n_copy_classes; i++) {
        bs->copy_class_first[i] = e;
        for (int k = 0; k < n; k++)
            if (bs->rules[k]->copy_region && bs->rule_sched[k] == bs->copy_classes[i]) {
                const struct backup_rule *br = bs->rules[k];
                bs->copy_info[k] = (struct backup_copy_rule){
                    .rule = br,
                    .left_b = br->copy_fraction * p->stores[bs->rule_store[k]].size_bytes,
                    .region = br->copy_region};
                bs->copy_rules[e++] = k;
            }
    }
    bs->copy_class_first[bs->n_copy_classes] = e;
    /* Each queued rule's bound on the wait in its region's queue (copy_bound_s): every
     * copy the queue could hold, at the rate of one alone; with a margin (a millionth,
     * and a second) far beyond what the queue's rounding over its few hundred steps can
     * add to a finishing time. */
    for (int k = 0; k < n; k++) {
        if (!bs->rules[k]->copy_region)
            continue;
        double all = 0.0;
        for (int k2 = 0; k2 < n; k2++)
            if (bs->rules[k2]->copy_region == bs->rules[k]->copy_region)
                all += BACKUP_COPY_POINTS * bs->copy_alone_s[k2];
        bs->copy_bound_s[k] = all * (1.0 + 1e-6) + 1.0;
        bs->class_alone_s[bs->rule_sched[k]] += bs->copy_alone_s[k];
    }
    for (int k = 0; k < n; k++) {
        const struct backup_rule *br = bs->rules[k];
        int fixed = br->complete.kind == DIST_FIXED;
        bs->pre[k] = (struct backup_rule_pre){
            .off_fixed = fixed ? br->complete.p[0] : 0.0,
            .off_alone = fixed && br->copy_region && bs->has_copies ? bs->copy_alone_s[k] : 0.0,
            .retention_s = br->retention_s,
            .sched = bs->rule_sched[k],
            .continuous = br->schedule.kind == SCHED_CONTINUOUS,
            .by_day = (br->schedule.kind == SCHED_DAILY || br->schedule.kind == SCHED_WEEKLY ||
                       br->schedule.kind == SCHED_MONTHLY) &&
                      br->schedule.tz == NULL,
            .day_offset_s = br->schedule.offset_s,
            .day_tz_s = br->schedule.tz_offset_s};
        const struct backup_rule_pre *w = &bs->pre[k];
        int f = 0;
        while (f < k && !(bs->pre[f].off_fixed == w->off_fixed &&
                          bs->pre[f].off_alone == w->off_alone &&
                          bs->pre[f].retention_s == w->retention_s &&
                          bs->pre[f].sched == w->sched && bs->pre[f].continuous == w->continuous))
            f++;
        bs->pre[k].first_class = f < k ? bs->pre[f].first_class : k;
        bs->rule_fc[k] = w->continuous ? -1 : bs->pre[k].first_class;
    }
    /* Stamp 0 is no outage's (first_restamp counts from 1). */
    bs->first_for[0] = bs->first_for[1] = bs->first_for[2] = NAN;
    /* Each store's rules that a walk asks in each scope, with and without deletion (the
     * walks find them with a bit scan instead of reading every rule's location), when every
     * store has few enough rules for a mask. */
    int few = 1;
    for (int s = 0; s < p->n_stores; s++)
        few &= p->stores[s].n_rules <= 64;
    if (few && p->n_stores > 0) {
        bs->rule_masks = calloc((size_t)p->n_stores * 6, sizeof *bs->rule_masks);
        if (bs->rule_masks == NULL) {
            backup_shared_free(bs);
            return NULL;
        }
        for (int s = 0; s < p->n_stores; s++)
            for (int sc = OUTAGE_ZONE; sc <= OUTAGE_NONE; sc++)
                for (int del = 0; del < 2; del++)
                    for (size_t i = 0; i < p->stores[s].n_rules; i++) {
                        const struct backup_rule *br = &p->stores[s].rules[i];
                        /* A rule whose every point fails never answers (and says
                         * nothing to a trace): left out. */
                        if (location_survives(br->location, (enum outage_scope)sc) &&
                            (!del || br->immutable) &&
                            !(br->schedule.kind != SCHED_CONTINUOUS && br->failure_prob >= 1.0))
                            bs->rule_masks[(size_t)s * 6 + (size_t)sc * 2 + (size_t)del] |=
                                UINT64_C(1) << i;
                    }
        /* The damaged stores whose answer is known before any draw: a ransomware scenario
         * that deletes backups leaves half the built-in plan's stores with nothing to walk,
         * and its caller then need not ask (backup_damage_fixed_loss). */
        for (int s = 0; p->n_stores <= 64 && s < p->n_stores; s++) {
            const struct store *st = &p->stores[s];
            const int known = st->ephemeral || st->recovery != STORE_RECOVER_RESTORE;
            for (int j = 0; j < 6; j++)
                if (known || bs->rule_masks[(size_t)s * 6 + (size_t)j] == 0)
                    bs->damage_fixed[j] |= UINT64_C(1) << s;
        }
    }
    /* Before the copy jobs' keys, one that every job starts after (key_before): the
     * insertion sort stops there without counting. */
    bs->keys[0] = (struct copy_key){-INFINITY, 0, -1};
    return bs;
}

void backup_shared_free(struct backup_shared *bs)
{
    if (bs == NULL)
        return;
    free(bs->rule_first);
    free(bs->copy_done_s);
    free(bs->copy_alone_s);
    free(bs->copy_bound_s);
    free(bs->class_alone_s);
    free(bs->job_left);
    free(bs->job_rate);
    free(bs->job_active);
    free(bs->copy_ufail);
    free(bs->copy_c_s);
    free(bs->copy_c_hi);
    free(bs->copy_c_u);
    free(bs->rule_qg);
    free(bs->pre);
    free(bs->rule_fc);
    free(bs->rule_sched);
    free(bs->class_sched);
    free(bs->memo);
    free(bs->copy_classes);
    free(bs->class_point_s);
    free(bs->group_memo);
    free(bs->draw_ids);
    free(bs->draw_at);
    free(bs->draw_u);
    free(bs->keys);
    free(bs->rules);
    free(bs->rule_store);
    free(bs->copy_rules);
    free(bs->copy_class_first);
    free(bs->inst);
    free(bs->copy_info);
    free(bs->first_p);
    free(bs->first_stamp);
    free(bs->rule_masks);
    free(bs);
}

uint64_t backup_group_id(uint64_t base, const struct failure_group *g)
{
    return dist_rng_id_name(base, g->name);
}
