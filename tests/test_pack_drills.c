/* tests/test_pack_drills.c: the review pack's drill evidence page (issue 15, defect 7: the
 * pack was the same with or without --drills). With the example drill log as of
 * 2026-12-01 the page lists the overdue test, every corrective action with the past-due
 * ones flagged (open or in progress after their due date), and the optimistic values;
 * without --drills there is no such page. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *at = strstr(s, what); at; at = strstr(at + 1, what))
        n++;
    return n;
}

Test(pack_drills, evidence_page_with_drills_only, .timeout = 120)
{
    char dir[64], cmd[512], *out = NULL;
    fixture_tmpdir(dir, "pack-drills");
    snprintf(cmd, sizeof cmd,
             "run -q -n 2000 --no-workbook --drills scenarios/drills/commcare-drills.yaml "
             "--as-of 2026-12-01 -o %s/with", dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "run -q -n 2000 --no-workbook -o %s/without", dir);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext %s/with/commcare-production-review-pack.pdf - 2>&1", dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "Drill evidence: tests, findings and corrective actions"), "%s", out);
    cr_assert(strstr(out, "test cadence: 6 on time, 1 late, 1 overdue, 2 due"), "%s", out);
    cr_assert(strstr(out, "2026-09-30"), "%s", out);   /* the overdue Q3 test's due date */
    /* Three actions open or in progress past their due date in the example log. */
    cr_assert_eq(count(out, "PAST DUE"), 3, "%s", out);
    cr_assert(strstr(out, "5 of 88 measured values above the model's P95"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext %s/without/commcare-production-review-pack.pdf - 2>&1",
             dir);
    cr_assert_eq(fixture_shell(cmd, &out), 0, "%s", out);
    cr_assert_null(strstr(out, "Drill evidence"), "a pack without --drills has the page");
    free(out);
    fixture_rm_rf(dir);
}
