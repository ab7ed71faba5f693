/* fuzz/plan.c: fuzz target "plan", the plan loader (models/load.h).
 *
 * Every input is a plan file: it is loaded with load_plan_text, its diagnostics are
 * rendered (quoted source line and caret), and a plan that loads is freed (plan_free
 * walks everything the loader built, so a half-built or shared pointer shows up here).
 * Seeds: the plans in scenarios/ and tests/bad/ (fuzz/run.sh copies them in).
 */
#include "fuzz/harness.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Load the input as a plan and free what loaded. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = harness_text(data, size);
    plan_free(harness_load_plan(text, size));
    free(text);
    return 0;
}
