/* reports/damage.h: the words every report uses for a logical-damage scenario.
 *
 * A logical-damage scenario (scenario.damage.present: ransomware, a destructive bug, a
 * dropped table) is shown like an outage, plus what only it has: the damaged window
 * (onset to detection), the share of trials with no clean recovery point at all, which
 * backup rule supplied each damaged store's clean point, whether the adversary deletes
 * backups, and the clock its RTO runs on. The terminal, summary.json, the workbook and
 * the review pack all print these through the functions here, so that the four say the
 * same thing in the same words.
 *
 * When such a scenario has no policy objective (has_policy 0), there is no verdict for it
 * anywhere: the reports state that as a finding (damage_no_objective_finding) and still
 * show the distributions.
 */
#ifndef DRSIM_REPORTS_DAMAGE_H
#define DRSIM_REPORTS_DAMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "models/plan.h"
#include "sim/mc.h"

/* What the scenario is, for the parenthesis after its name: "region outage", "zone
 * outage", "logical damage", "logical damage with a region outage". Returns buf. */
const char *damage_kind_text(const struct scenario *sc, char *buf, size_t n);

/* What the scenario destroys, for a "Destroys" column: "zone", "region" for an outage;
 * "nothing (logical damage)", "region (and logical damage)" for a damage scenario. */
const char *damage_destroys_text(const struct scenario *sc, char *buf, size_t n);

/* What one trial of the scenario is called in a chart's title: "outages", or "incidents"
 * for logical damage ("Data loss per store, ransomware incidents"). */
const char *damage_events_word(const struct scenario *sc);

/* "damage" for a logical-damage scenario, "outage" otherwise (summary.json's "kind"). */
const char *damage_kind_name(const struct scenario *sc);

/* The scenario's RTO clock as the plan writes it: "detection", "onset", "declaration",
 * "outage-start" (a damage scenario's RTO_FROM_OUTAGE is its onset). */
const char *damage_rto_clock_name(const struct scenario *sc);

/* The same in words for a sentence: "detection of the damage", "onset of the damage",
 * "declaration of the disaster", "outage start". */
const char *damage_rto_clock_text(const struct scenario *sc);

/* deletes_backups as the plan writes it: "none", "at-onset", "at-detection". */
const char *damage_deletes_name(enum damage_deletes d);

/* What the adversary does to the backups, in words: "no backups are deleted", "every
 * backup not immutable is deleted at the onset", "... at detection". */
const char *damage_deletes_text(enum damage_deletes d);

/* Whether scenario sc is logical damage with no policy objective, and if so the finding
 * in buf (n bytes): "The BCP sets no recovery objective for NAME (logical damage): no
 * verdict; the distributions below are what it would have to meet." Returns 1 when it
 * applies (buf written), 0 otherwise (buf empty). */
int damage_no_objective_finding(const struct scenario *sc, char *buf, size_t n);

/* Trials of sr in which damaged store s had no clean point although it has data to
 * restore: the trials not accounted for by any rule (0 for an ephemeral or rebuilt store,
 * for a store not damaged, or when the results carry no per-rule counts). */
uint64_t damage_store_no_clean(const struct plan *p, const struct mc_scenario_result *sr, int s);

/* Share of sr's trials in which rule j of store s supplied the damaged store's clean
 * point (0 when the store is not damaged). */
double damage_rule_share(const struct mc_scenario_result *sr, int s, int j);

/* The damage scenario's findings in words, one sentence each, for the terminal and the
 * pack: the damaged window, the no-clean share, the rule that most often supplied each
 * damaged store's clean point, what the adversary deletes. Writes up to max sentences of
 * len bytes each into out; returns how many (0 for an outage). */
int damage_findings(const struct plan *p, const struct mc_scenario_result *sr, char *out,
                    size_t len, int max);

#endif
