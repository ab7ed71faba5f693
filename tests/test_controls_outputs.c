/* tests/test_controls_outputs.c: the controls matrix and the drill evidence as the outputs
 * show them (issue 15, defect 6 and item 2). The built-in plan is run with and without the
 * example drill log as of 2026-12-01; then:
 *
 *   - the terminal's Controls line names the requirements not evidenced, and without
 *     drills says that no test evidence was given;
 *   - the terminal lists every corrective action, a line each with owner, due date and
 *     status, the three past due flagged;
 *   - tests/check_controls.py reads the workbook's Controls sheet and the pack's Controls
 *     matrix page back against summary.json's "controls" array (the same status and
 *     reason everywhere), checks that without drills nothing cites SOC 2 A1.3 as
 *     evidenced (the Compliance sheet's basis included), and the statuses the rules give
 *     for this plan: SOC 2 A1.3, ISO 22301 8.5 and 10.1 and NIST CP-4 "not evidenced"
 *     without drills, "partly" with them (one test overdue, three actions past due).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define DRILLS "scenarios/drills/commcare-drills.yaml"

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *at = strstr(s, what); at; at = strstr(at + 1, what))
        n++;
    return n;
}

static void check(const char *dir, const char *wants)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 tests/check_controls.py %s/commcare-production-dr-review.xlsx "
             "%s/summary.json %s/commcare-production-review-pack.pdf %s 2>&1",
             dir, dir, dir, wants);
    int rc = fixture_shell(cmd, &out);
    cr_assert_eq(rc, 0, "check_controls.py:\n%s", out);
    free(out);
}

Test(controls_outputs, with_and_without_drills, .timeout = 240)
{
    char dir[64], sub[128], cmd[512], *out = NULL;
    fixture_tmpdir(dir, "controls");

    snprintf(sub, sizeof sub, "%s/without", dir);
    snprintf(cmd, sizeof cmd, "run -q -n 2000 --as-of 2026-12-01 -o %s", sub);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "\nControls: 0 evidenced, 10 partly, 5 not evidenced (not evidenced: "
                          "SOC 2 A1.3, ISO 22301 8.5, ISO 22301 9.3, ISO 22301 10.1, NIST SP "
                          "800-53 CP-4); no drill log: no test evidence was given\n"),
              "%s", out);
    free(out);
    check(sub, "--want 'SOC 2 A1.3=not evidenced' --want 'NIST SP 800-53 CP-4=not evidenced' "
               "--want 'ISO 22301 8.5=not evidenced' --want 'ISO 22301 10.1=not evidenced' "
               "--want 'SOC 2 A1.2=partly' --want 'SOC 2 CC9.1=partly'");

    snprintf(sub, sizeof sub, "%s/with", dir);
    snprintf(cmd, sizeof cmd, "run -q -n 2000 --drills " DRILLS " --as-of 2026-12-01 -o %s", sub);
    cr_assert_eq(fixture_drsim(NULL, cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "\nControls: 0 evidenced, 14 partly, 1 not evidenced (not evidenced: "
                          "ISO 22301 9.3)\n"),
              "%s", out);
    /* Every corrective action a line: 7 in the log, 4 done, 3 past due. */
    cr_assert(strstr(out, "Corrective actions: 7, 3 not done, 3 past due as of 2026-12-01"), "%s",
              out);
    cr_assert_eq(count(out, "; from 20"), 7, "%s", out);
    cr_assert_eq(count(out, ", done; from "), 4, "%s", out);
    cr_assert_eq(count(out, "\n    PAST DUE "), 3, "%s", out);
    cr_assert(strstr(out, "    PAST DUE repeat the us-east-2 completeness test (A. Rivera, due "
                          "2026-08-31, open; from 2026-07-21-completeness-use2, AAR-2026-07-21)"),
              "%s", out);
    free(out);
    check(sub, "--want 'SOC 2 A1.3=partly' --want 'NIST SP 800-53 CP-4=partly' "
               "--want 'ISO 22301 8.5=partly' --want 'ISO 22301 10.1=partly' "
               "--want 'ISO 22301 9.3=not evidenced'");
    fixture_rm_rf(dir);
}
