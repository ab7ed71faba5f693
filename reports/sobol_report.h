/* reports/sobol_report.h: a global sensitivity analysis (analysis/sobol.h) for people and
 * pipelines: the terminal's table of Sobol indices per output, and DIR/sensitivity.json
 * with "method": "sobol" (every index with its bootstrap interval; null where an output
 * has no variance to split). The workbook sheet and the chart are in reports/wb_sobol.c
 * and reports/draw_sobol.c. */
#ifndef DRSIM_SOBOL_REPORT_H
#define DRSIM_SOBOL_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/sobol.h"
#include "reports/sweep_report.h"

/* An output's name, e.g. "region RTO P(meet 12h)" or "zone RPO P95"; returns buf. */
char *sobol_output_label(const struct sobol_results *r, const struct sobol_output *o, char *buf,
                         size_t n);

/* Print every output's indices, inputs in rank order (o->top of them, 0 = all). */
void sobol_report_print(FILE *out, const struct sobol_results *r,
                        const struct sweep_report_options *o);

/* Write DIR/sensitivity.json (path given). Returns 0, or -1 with errno set. */
int sobol_report_json(const char *path, const struct sobol_results *r,
                      const struct sweep_report_options *o);

#endif
