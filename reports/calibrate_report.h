/* reports/calibrate_report.h: what `drsim calibrate` prints: per measured step the
 * observations, the plan's assumption, every family's fit with its standard errors,
 * log-likelihood, AIC and Kolmogorov-Smirnov statistic, and the distribution chosen;
 * then the restores measured per store beside the store's model; then, from a page export,
 * each role's response times per period beside the plan's response distribution, fitted
 * and shown in the same way. It reads the results
 * of analysis/calibrate.h and decides nothing. */
#ifndef DRSIM_CALIBRATE_REPORT_H
#define DRSIM_CALIBRATE_REPORT_H

#include <stdio.h>

#include "analysis/calibrate.h"

/* Print r to out. plan_label names the plan ("scenarios/x.yaml", "built-in"),
 * drills_name the drill log and pages_name the page export, as the user gave them (each
 * used only when r has that source). */
void calibrate_report_print(FILE *out, const struct calibrate_results *r, const char *plan_label,
                            const char *drills_name, const char *pages_name);

#endif
