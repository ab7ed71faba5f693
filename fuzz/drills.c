/* fuzz/drills.c: fuzz target "drills", the drill-log loader (models/load.h,
 * load_drills_text) and the analysis of a loaded log (models/drill.h, drill_analyze).
 *
 * Every input is a drill log. It is loaded against the built-in CommCare plan, as
 * `drsim drills` and `drsim calibrate` load a log against the plan they are given, so
 * the scenario, step and store names are checked too; the diagnostics are rendered into
 * memory. A log that loads is analysed as of a fixed date (cadence compliance over every
 * period since the log's `since`, and the placement of every measured value against the
 * plan's models), so that what the loader accepts is also what the analysis can take.
 *
 * The plan is loaded once, in LLVMFuzzerInitialize, and only read afterwards; libFuzzer
 * offers no other place to keep it between inputs, hence the one static pointer.
 */
#include "fuzz/harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "models/diag.h"
#include "models/drill.h"
#include "models/load.h"

/* The date the cadence is judged at: 2026-06-30, a civil day number (days since
 * 1970-01-01). Fixed so that a finding reproduces on any day. */
#define FUZZ_AS_OF_DAY 20634L

static struct plan *fuzz_plan;  /* the built-in plan, loaded once, read-only afterwards */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_plan = harness_builtin_plan("drills");
    return 0;
}

/* Run the analysis of a loaded log: cadence compliance and placements, with no
 * simulation results (RTO and data loss are then not placed). */
static void use_log(const struct drill_log *log)
{
    struct drill_analysis a;

    if (drill_analyze(log, fuzz_plan, NULL, FUZZ_AS_OF_DAY, &a) == 0)
        drill_analysis_fini(&a);
}

/* Load the input as a drill log against the built-in plan and use what loads. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = harness_text(data, size);
    struct diag_list d;
    struct drill_log *log = NULL;
    enum load_status st;

    diag_init(&d, "fuzz-drills.yaml", text, size);
    st = load_drills_text("fuzz-drills.yaml", text, size, fuzz_plan, &d, &log);
    harness_render(&d);
    if ((st == LOAD_OK) != (log != NULL) || (st == LOAD_INVALID && d.n_errors == 0)) {
        fprintf(stderr, "fuzz drills: load_drills_text broke its contract (status %d)\n", st);
        abort();
    }
    if (log != NULL)
        use_log(log);
    drill_log_free(log);
    diag_fini(&d);
    free(text);
    return 0;
}
