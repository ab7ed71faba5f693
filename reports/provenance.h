/* reports/provenance.h: where a group of the plan's values comes from, in words
 * (reports/provenance.c).
 *
 * The plan marks each input fact, ASSUMPTION or UNKNOWN (struct plan_input, inherited
 * from its section's banner). A report that shows a group of values together with an
 * approval (the BIA's "Approved by" next to a service's impacts and targets) must say
 * what was approved: an approval of illustrative values endorses them as ASSUMPTIONs, not
 * as facts. These helpers count a group's inputs by provenance and say so in one line,
 * the same words in the workbook's BIA sheet and the review pack's services page.
 */
#ifndef DRSIM_PROVENANCE_H
#define DRSIM_PROVENANCE_H

#include <stddef.h>

#include "models/plan.h"

#define PROV_KINDS 3            /* fact, ASSUMPTION, UNKNOWN (enum plan_provenance) */

/* The provenance of the inputs under one key path prefix ("services.web."). */
struct prov_summary {
    int n[PROV_KINDS];          /* inputs by provenance (enum plan_provenance) */
    int n_total;                /* inputs under the prefix */
    char fields[PROV_KINDS][512]; /* the keys right under the prefix ("impact, rto") holding
                                   inputs of that provenance, in file order, each once */
};

/* Count the inputs of plan p whose key path starts with `prefix` into *out. */
void prov_summarize(const struct plan *p, const char *prefix, struct prov_summary *out);

/* The same for service i's BIA values (every input under "services.NAME."). */
void prov_service(const struct plan *p, int service, struct prov_summary *out);

/* The provenance in one line: "fact (all 21 values)", "ASSUMPTION (all 23 values)", or
 * "ASSUMPTION 8 of 21: cost_per_hour, mtd; UNKNOWN 1 of 21: wrt; the rest fact"; "no
 * values" when there are none. Returns buf. */
char *prov_text(const struct prov_summary *s, char *buf, size_t n);

/* What an approval `by` endorses, given the provenance of the values approved: `by`
 * itself when every value is a fact; else "by (approved as ASSUMPTION: not measured)"
 * when no value is a fact, or "by (includes 8 ASSUMPTION, 1 UNKNOWN values)". "" when
 * by is empty. Returns buf. */
char *prov_approval_text(const char *by, const struct prov_summary *s, char *buf, size_t n);

#endif
