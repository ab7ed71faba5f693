/* reports/damage.c: the words of a logical-damage scenario, shared by every report (see
 * reports/damage.h). Nothing here is recomputed from trials: the figures are those of
 * struct mc_scenario_result (damaged, n_no_clean, the stores' clean_rule_n).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/units.h"
#include "reports/damage.h"

const char *damage_kind_text(const struct scenario *sc, char *buf, size_t n)
{
    if (!sc->damage.present)
        snprintf(buf, n, "%s outage", plan_scope_name(sc->scope));
    else if (sc->scope == OUTAGE_NONE)
        snprintf(buf, n, "logical damage");
    else
        snprintf(buf, n, "logical damage with a %s outage", plan_scope_name(sc->scope));
    return buf;
}

const char *damage_destroys_text(const struct scenario *sc, char *buf, size_t n)
{
    if (!sc->damage.present)
        snprintf(buf, n, "%s", plan_scope_name(sc->scope));
    else if (sc->scope == OUTAGE_NONE)
        snprintf(buf, n, "nothing (logical damage)");
    else
        snprintf(buf, n, "%s (and logical damage)", plan_scope_name(sc->scope));
    return buf;
}

const char *damage_events_word(const struct scenario *sc)
{
    return sc->damage.present ? "incidents" : "outages";
}

const char *damage_kind_name(const struct scenario *sc)
{
    return sc->damage.present ? "damage" : "outage";
}

const char *damage_rto_clock_name(const struct scenario *sc)
{
    switch (sc->rto_clock) {
    case RTO_FROM_DETECTION: return "detection";
    case RTO_FROM_DECLARATION: return "declaration";
    case RTO_FROM_OUTAGE: break;
    }
    return sc->damage.present ? "onset" : "outage-start";
}

const char *damage_rto_clock_text(const struct scenario *sc)
{
    switch (sc->rto_clock) {
    case RTO_FROM_DETECTION: return "detection of the damage";
    case RTO_FROM_DECLARATION: return "declaration of the disaster";
    case RTO_FROM_OUTAGE: break;
    }
    return sc->damage.present ? "onset of the damage" : "outage start";
}

const char *damage_deletes_name(enum damage_deletes d)
{
    switch (d) {
    case DAMAGE_DELETES_AT_ONSET: return "at-onset";
    case DAMAGE_DELETES_AT_DETECTION: return "at-detection";
    case DAMAGE_DELETES_NONE: break;
    }
    return "none";
}

const char *damage_deletes_text(enum damage_deletes d)
{
    switch (d) {
    case DAMAGE_DELETES_AT_ONSET: return "every backup not immutable is deleted at the onset";
    case DAMAGE_DELETES_AT_DETECTION: return "every backup not immutable is deleted at detection";
    case DAMAGE_DELETES_NONE: break;
    }
    return "no backups are deleted";
}

int damage_no_objective_finding(const struct scenario *sc, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    if (!sc->damage.present || sc->has_policy)
        return 0;
    snprintf(buf, n,
             "The BCP sets no recovery objective for %s (logical damage): no verdict; the "
             "distributions below are what it would have to meet.",
             sc->name);
    return 1;
}

uint64_t damage_store_no_clean(const struct plan *p, const struct mc_scenario_result *sr, int s)
{
    const struct store *st = &p->stores[s];
    const struct mc_store_result *res = &sr->stores[s];
    if (!res->damaged || !res->clean_rule_n || st->ephemeral ||
        st->recovery == STORE_RECOVER_REBUILD)
        return 0;
    uint64_t clean = 0;
    for (size_t j = 0; j < st->n_rules; j++)
        clean += res->clean_rule_n[j];
    return clean >= sr->n_trials ? 0 : sr->n_trials - clean;
}

double damage_rule_share(const struct mc_scenario_result *sr, int s, int j)
{
    const struct mc_store_result *res = &sr->stores[s];
    if (!res->damaged || !res->clean_rule_n || sr->n_trials == 0)
        return 0.0;
    return (double)res->clean_rule_n[j] / (double)sr->n_trials;
}

/* A fraction in [0, 1] as a percentage that never reads "0%" or "100%" when it is not. */
static const char *pct(double f, char *buf, size_t n)
{
    if (f > 0.0 && f < 0.001)
        snprintf(buf, n, "<0.1%%");
    else if (f < 1.0 && f > 0.999)
        snprintf(buf, n, ">99.9%%");
    else
        snprintf(buf, n, "%.1f%%", 100.0 * f);
    return buf;
}

/* The clean-point sentence of damaged store s: each rule that supplied one with its share,
 * most often first, then "none" when some trials had no clean point. */
static void store_sentence(const struct plan *p, const struct mc_scenario_result *sr, int s,
                           char *buf, size_t n)
{
    const struct store *st = &p->stores[s];
    int order[64];
    int k = 0;
    for (int j = 0; j < (int)st->n_rules && k < 64; j++)
        if (sr->stores[s].clean_rule_n[j] > 0)
            order[k++] = j;
    for (int i = 1; i < k; i++) { /* most often first; ties in rule order */
        int v = order[i], m = i - 1;
        while (m >= 0 && sr->stores[s].clean_rule_n[order[m]] < sr->stores[s].clean_rule_n[v]) {
            order[m + 1] = order[m];
            m--;
        }
        order[m + 1] = v;
    }
    if (k == 0) {
        snprintf(buf, n, "Store %s: no clean point in any trial: its data is lost for good.",
                 st->name);
        return;
    }
    size_t used = (size_t)snprintf(buf, n, "Store %s: clean point from ", st->name);
    char b[16];
    for (int i = 0; i < k && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s%s in %s", i ? ", " : "",
                                 st->rules[order[i]].name,
                                 st->rules[order[i]].immutable ? " (immutable)"
                                 : st->rules[order[i]].schedule.kind == SCHED_CONTINUOUS
                                     ? " (point-in-time)"
                                     : "",
                                 pct(damage_rule_share(sr, s, order[i]), b, sizeof b));
    uint64_t none = damage_store_no_clean(p, sr, s);
    if (used < n && none > 0)
        snprintf(buf + used, n - used, "; none in %s (its data is lost for good).",
                 pct((double)none / (double)sr->n_trials, b, sizeof b));
    else if (used < n)
        snprintf(buf + used, n - used, ".");
}

int damage_findings(const struct plan *p, const struct mc_scenario_result *sr, char *out,
                    size_t len, int max)
{
    const struct scenario *sc = &p->scenarios[sr->scenario];
    char b[5][32], sh[16];
    int k = 0;
    if (!sc->damage.present || max <= 0)
        return 0;
    snprintf(out + (size_t)k++ * len, len,
             "Damaged window (onset to detection: writes to re-enter or reconcile): P50 %s, "
             "P90 %s, P95 %s, P99 %s, max %s.",
             units_format_duration(sr->damaged.p50_s, b[0], sizeof b[0]),
             units_format_duration(sr->damaged.p90_s, b[1], sizeof b[1]),
             units_format_duration(sr->damaged.p95_s, b[2], sizeof b[2]),
             units_format_duration(sr->damaged.p99_s, b[3], sizeof b[3]),
             units_format_duration(sr->damaged.max_s, b[4], sizeof b[4]));
    if (k < max) {
        if (sr->n_no_clean > 0)
            snprintf(out + (size_t)k++ * len, len,
                     "No clean recovery point at all in %s of trials (%llu of %llu): a damaged "
                     "store's data is lost for good.",
                     pct(sr->no_clean_share, sh, sizeof sh), (unsigned long long)sr->n_no_clean,
                     (unsigned long long)sr->n_trials);
        else
            snprintf(out + (size_t)k++ * len, len,
                     "Every damaged store had a clean recovery point in every trial.");
    }
    if (k < max) {
        /* Which rules could survive the adversary: the immutable ones, by store and rule
         * when there are few, else by rule name once each (plans name the same vault
         * copies alike for every store). */
        char imm[256] = "";
        size_t used = 0;
        int n_imm = 0;
        for (int s = 0; s < p->n_stores; s++)
            for (size_t j = 0; j < p->stores[s].n_rules; j++)
                n_imm += plan_store_damaged(sc, s) && p->stores[s].rules[j].immutable;
        for (int s = 0; s < p->n_stores; s++) {
            if (!plan_store_damaged(sc, s))
                continue;
            for (size_t j = 0; j < p->stores[s].n_rules && used < sizeof imm; j++) {
                const struct backup_rule *ru = &p->stores[s].rules[j];
                if (!ru->immutable)
                    continue;
                if (n_imm <= 3) {
                    used += (size_t)snprintf(imm + used, sizeof imm - used, "%s%s/%s",
                                             used ? ", " : "", p->stores[s].name, ru->name);
                    continue;
                }
                int seen = 0; /* named already, for an earlier store? */
                for (int t = 0; t < s && !seen; t++)
                    for (size_t q = 0; q < p->stores[t].n_rules && !seen; q++)
                        seen = plan_store_damaged(sc, t) && p->stores[t].rules[q].immutable &&
                               strcmp(p->stores[t].rules[q].name, ru->name) == 0;
                for (size_t q = 0; q < j && !seen; q++)
                    seen = p->stores[s].rules[q].immutable &&
                           strcmp(p->stores[s].rules[q].name, ru->name) == 0;
                if (!seen)
                    used += (size_t)snprintf(imm + used, sizeof imm - used, "%s%s",
                                             used ? ", " : "the immutable rules ", ru->name);
            }
        }
        if (sc->damage.deletes == DAMAGE_DELETES_NONE)
            snprintf(out + (size_t)k++ * len, len,
                     "No backups are deleted; RTO is measured from the %s.",
                     damage_rto_clock_text(sc));
        else
            snprintf(out + (size_t)k++ * len, len,
                     "The adversary deletes every backup not immutable at %s: only %s can "
                     "supply a clean point; RTO is measured from the %s.",
                     sc->damage.deletes == DAMAGE_DELETES_AT_ONSET ? "the onset" : "detection",
                     used ? imm : "no rule (none is immutable)", damage_rto_clock_text(sc));
    }
    for (int s = 0; s < p->n_stores && k < max; s++)
        if (sr->stores[s].damaged && sr->stores[s].clean_rule_n && p->stores[s].n_rules > 0)
            store_sentence(p, sr, s, out + (size_t)k++ * len, len);
    return k;
}
