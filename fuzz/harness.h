/* fuzz/harness.h: what the libFuzzer harnesses (make fuzz) share.
 *
 * Each harness is one fuzz target: libFuzzer calls LLVMFuzzerTestOneInput with bytes it
 * mutates, and a crash, a sanitizer report (ASan, UBSan), a leak or a slow input is a
 * finding. The harnesses drive drsim only through the public headers (models/load.h,
 * models/drill.h, sim/trial.h, models/plan.h), never through a module's internals, so
 * they keep working while the loader and the engine are reorganised behind them.
 *
 * A harness writes no file and prints nothing: diagnostics are rendered into memory
 * (diag_to_string) so that the code quoting source lines and carets is fuzzed too, then
 * thrown away. Everything a harness allocates it frees before returning, because a leak
 * is a finding.
 */
#ifndef DRSIM_FUZZ_HARNESS_H
#define DRSIM_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "models/plan.h"

/* libFuzzer's entry points (declared here because no libFuzzer header is installed). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A malloc'd copy of the input's size bytes followed by a NUL, as load_plan_file hands
 * a file's bytes to the loader; the input may itself contain NUL bytes. Aborts when out
 * of memory (a harness has no one to report to). Free with free(). */
char *harness_text(const uint8_t *data, size_t size);

/* Load text (len bytes, NUL-terminated) as a plan named "fuzz.yaml", render the
 * diagnostics into memory and drop them. Returns the plan (free with plan_free), or NULL
 * when it does not load. Aborts when the loader breaks its own contract: a plan with a
 * status other than LOAD_OK, LOAD_OK without a plan or with an error diagnostic, or
 * LOAD_INVALID without one. */
struct plan *harness_load_plan(const char *text, size_t len);

/* Render diags into memory and free the string: a finding if it crashes or leaks. */
struct diag_list;
void harness_render(const struct diag_list *diags);

/* The built-in CommCare plan, loaded once by a target's LLVMFuzzerInitialize (the plan
 * that `drsim calibrate` and `drsim run --drills` default to); aborts, naming the target,
 * when it does not load. The caller keeps it for the process's life. */
struct plan *harness_builtin_plan(const char *target);

#endif
