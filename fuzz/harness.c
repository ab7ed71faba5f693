/* fuzz/harness.c: the helpers every fuzz target shares (fuzz/harness.h). */
#include "fuzz/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/diag.h"
#include "models/load.h"

/* Say why the harness stops, in one line, and crash so libFuzzer keeps the input. */
static void harness_fail(const char *why)
{
    fprintf(stderr, "fuzz harness: %s\n", why);
    abort();
}

char *harness_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        harness_fail("out of memory copying the input");
    if (size > 0)
        memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

void harness_render(const struct diag_list *diags)
{
    free(diag_to_string(diags));
}

struct plan *harness_load_plan(const char *text, size_t len)
{
    struct diag_list d;
    struct plan *p = NULL;
    enum load_status st;

    diag_init(&d, "fuzz.yaml", text, len);
    st = load_plan_text("fuzz.yaml", text, len, &d, &p);
    harness_render(&d);
    if (st != LOAD_OK && p != NULL)
        harness_fail("load_plan_text returned a plan with a failing status");
    if (st == LOAD_OK && p == NULL)
        harness_fail("load_plan_text returned LOAD_OK without a plan");
    if (st == LOAD_INVALID && d.n_errors == 0)
        harness_fail("load_plan_text returned LOAD_INVALID without an error diagnostic");
    if (st == LOAD_OK && d.n_errors != 0)
        harness_fail("load_plan_text returned LOAD_OK with an error diagnostic");
    diag_fini(&d);
    return p;
}

struct plan *harness_builtin_plan(const char *target)
{
    struct diag_list d;
    struct plan *p = NULL;
    size_t len;
    const char *text = load_builtin_text(&len);
    diag_init(&d, "<built-in>", text, len);
    if (load_plan_builtin(&d, &p) != LOAD_OK) {
        fprintf(stderr, "fuzz %s: the built-in plan does not load\n", target);
        abort();
    }
    diag_fini(&d);
    return p;
}
