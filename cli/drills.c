/* cli/drills.c: what `drsim run --drills` and `drsim calibrate` share: the as-of date,
 * the evidence report of a run, and writing a file atomically. (Loading a drill log is
 * in cli/common.c, beside plan loading.) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "models/diag.h"
#include "models/load.h"
#include "models/units.h"
#include "reports/evidence.h"

long cli_today(void)
{
    long long s = cli_now();
    return (long)(s / 86400 - (s % 86400 < 0));
}

int cli_parse_date(const char *opt, const char *arg, long *day)
{
    const char *why;
    if (arg == NULL || units_parse_date(arg, day, &why) != UNITS_OK) {
        cli_error("%s takes a date such as 2026-11-23 (got \"%s\")", opt, arg ? arg : "");
        return -1;
    }
    return 0;
}

int cli_drills_report(const struct cli_drills *cd, const struct plan *p,
                      const struct mc_results *r, long as_of_day, int color,
                      struct cli_evidence *ev)
{
    struct evidence_options eo = {color};
    memset(ev, 0, sizeof *ev);
    ev->drills = cd;
    ev->analysis = calloc(1, sizeof *ev->analysis);
    ev->rows = calloc(1, sizeof *ev->rows);
    if (ev->analysis == NULL || ev->rows == NULL)
        goto fail;
    if (evidence_analyze(cd->log, p, r, as_of_day, ev->analysis) != 0) {
        free(ev->analysis);
        ev->analysis = NULL;
        goto fail;
    }
    evidence_print(stdout, cd->log, p, ev->analysis, &eo);
    if (evidence_rows_build(cd->log, p, ev->analysis, ev->rows) != 0)
        goto fail;
    ev->plan = p;
    return 0;
fail:
    cli_evidence_fini(ev);
    return -1;
}

void cli_evidence_fini(struct cli_evidence *ev)
{
    if (ev->analysis) {
        drill_analysis_fini(ev->analysis);
        free(ev->analysis);
    }
    if (ev->rows) {
        evidence_rows_fini(ev->rows);
        free(ev->rows);
    }
    ev->analysis = NULL;
    ev->rows = NULL;
}

void cli_evidence_json(struct jsonio_writer *w, void *user)
{
    const struct cli_evidence *ev = user;
    evidence_json_write(w, ev->drills->log, ev->plan, ev->analysis);
}
