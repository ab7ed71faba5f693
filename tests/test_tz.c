/* tests/test_tz.c: the TZif reader (models/tz.h) against known dates of daylight saving,
 * against the C library's own reading of the same database, and IANA zones in plans.
 *
 * Known answers: the EU changes clocks at 01:00 UTC on the last Sundays of March and
 * October (2026: 29 March and 25 October); the US at 02:00 local on the second Sunday of
 * March and the first Sunday of November (2026: 8 March, 1 November); India has kept
 * +05:30 since 1945. These tests need Debian's tzdata (.ci/install-deps installs it).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/load.h"
#include "models/plan.h"
#include "models/tz.h"
#include "models/units.h"
#include "tests/fixture.h"

#define DB "/usr/share/zoneinfo"
#define H 3600.0
#define D 86400.0

/* Unix seconds of a UTC date and time. */
static double utc(int y, int m, int d, double hours)
{
    return (double)units_days_from_civil(y, m, d) * D + hours * H;
}

static struct tz *load_zone(const char *name, int until_year)
{
    struct tz *z = NULL;
    const char *why = NULL;
    enum tz_status st = tz_load(DB, name, utc(until_year, 1, 1, 0), &z, &why);
    cr_assert_eq(st, TZ_OK, "%s: %s (%s)", name, tz_strerror(st), why ? why : "");
    return z;
}

Test(tz, berlin_2026_changes_on_29_march_and_25_october)
{
    struct tz *z = load_zone("Europe/Berlin", 2030);
    double t = tz_next_change(z, utc(2026, 1, 1, 0));
    cr_assert_eq(t, utc(2026, 3, 29, 1));
    cr_assert_eq(tz_offset_at(z, t - 1), 3600);
    cr_assert_eq(tz_offset_at(z, t), 7200);
    t = tz_next_change(z, t);
    cr_assert_eq(t, utc(2026, 10, 25, 1));
    cr_assert_eq(tz_offset_at(z, t - 1), 7200);
    cr_assert_eq(tz_offset_at(z, t), 3600);
    cr_assert_eq(tz_std_offset(z), 3600);
    cr_assert_str_eq(tz_name(z), "Europe/Berlin");
    tz_free(z);
}

Test(tz, kolkata_is_a_fixed_0530)
{
    struct tz *z = load_zone("Asia/Kolkata", 2030);
    const double when[] = {utc(1990, 6, 1, 0), utc(2026, 1, 1, 0), utc(2026, 7, 1, 12),
                           utc(2100, 3, 30, 0), utc(2500, 10, 1, 0)};
    for (size_t i = 0; i < sizeof when / sizeof when[0]; i++)
        cr_assert_eq(tz_offset_at(z, when[i]), 19800);
    cr_assert(isinf(tz_next_change(z, utc(2000, 1, 1, 0))));
    cr_assert_eq(tz_std_offset(z), 19800);
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 5, 5, 9)), utc(2026, 5, 5, 9) - 19800);
    tz_free(z);
}

Test(tz, new_york_2026_and_far_past_the_table)
{
    struct tz *near = load_zone("America/New_York", 2027);
    struct tz *far = load_zone("America/New_York", 2400);
    /* 2026: 8 March 07:00 UTC (02:00 EST) and 1 November 06:00 UTC (02:00 EDT). */
    cr_assert_eq(tz_next_change(near, utc(2026, 1, 1, 0)), utc(2026, 3, 8, 7));
    cr_assert_eq(tz_next_change(near, utc(2026, 3, 9, 0)), utc(2026, 11, 1, 6));
    /* In 2300 (past near's table, inside far's): 1 March 2300 is a Thursday, so the
     * second Sunday is 11 March; 1 November is a Thursday, so the first Sunday is 4
     * November. */
    cr_assert_eq(tz_next_change(near, utc(2300, 1, 1, 0)), utc(2300, 3, 11, 7));
    cr_assert_eq(tz_next_change(far, utc(2300, 1, 1, 0)), utc(2300, 3, 11, 7));
    cr_assert_eq(tz_next_change(near, utc(2300, 3, 12, 0)), utc(2300, 11, 4, 6));
    cr_assert_eq(tz_offset_at(near, utc(2300, 7, 1, 0)), -14400);
    cr_assert_eq(tz_offset_at(near, utc(2300, 1, 15, 0)), -18000);
    /* The rule evaluated past the table agrees with the table, hour by hour for a year
     * and then at every change up to 2399. */
    for (double t = utc(2031, 1, 1, 0); t < utc(2032, 1, 1, 0); t += H) {
        cr_assert_eq(tz_offset_at(near, t), tz_offset_at(far, t));
        cr_assert_eq(tz_utc_of_local(near, t), tz_utc_of_local(far, t));
    }
    for (double t = utc(2030, 1, 1, 0); t < utc(2399, 1, 1, 0);) {
        double a = tz_next_change(near, t), b = tz_next_change(far, t);
        cr_assert_eq(a, b, "after %.0f: %.0f vs %.0f", t, a, b);
        cr_assert_eq(tz_offset_at(near, a), tz_offset_at(far, a));
        t = a;
    }
    tz_free(near);
    tz_free(far);
}

/* Local to UTC where the clock skips an hour (8 March 2026, 02:00 -> 03:00 EDT) and
 * where it repeats one (1 November 2026, 02:00 EDT -> 01:00 EST). */
Test(tz, gap_and_fold)
{
    struct tz *z = load_zone("America/New_York", 2030);
    /* Before the gap: EST. In it: the instant of the change. After: EDT. */
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 3, 8, 1.5)), utc(2026, 3, 8, 6.5));
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 3, 8, 2)), utc(2026, 3, 8, 7));
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 3, 8, 2.5)), utc(2026, 3, 8, 7));
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 3, 8, 3)), utc(2026, 3, 8, 7));
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 3, 8, 3.5)), utc(2026, 3, 8, 7.5));
    /* The fold: 01:00-02:00 local happens twice; the first (EDT) is taken. */
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 11, 1, 0.5)), utc(2026, 11, 1, 4.5));
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 11, 1, 1.5)), utc(2026, 11, 1, 5.5));
    cr_assert_eq(tz_utc_of_local(z, utc(2026, 11, 1, 2)), utc(2026, 11, 1, 7));
    tz_free(z);
}

Test(tz, names_that_are_not_zones)
{
    struct tz *z = NULL;
    const char *why = NULL;
    char buf[TZ_MAX_NAME + 1];
    cr_assert_eq(tz_load(DB, "America/New_Yrok", 0, &z, &why), TZ_UNKNOWN);
    cr_assert_str_eq(tz_suggest(DB, "America/New_Yrok", buf, sizeof buf), "America/New_York");
    cr_assert_str_eq(tz_suggest(DB, "europe/berlin", buf, sizeof buf), "Europe/Berlin");
    cr_assert_null(tz_suggest(DB, "Mars/Olympus_Mons", buf, sizeof buf));
    /* Paths out of the database, lists and directories are not zones. */
    cr_assert_eq(tz_load(DB, "../../etc/passwd", 0, &z, &why), TZ_UNKNOWN);
    cr_assert_eq(tz_load(DB, "/etc/passwd", 0, &z, &why), TZ_UNKNOWN);
    cr_assert_eq(tz_load(DB, "zone.tab", 0, &z, &why), TZ_UNKNOWN);
    cr_assert_eq(tz_load(DB, "America", 0, &z, &why), TZ_UNKNOWN);
    cr_assert_eq(tz_load(DB, "", 0, &z, &why), TZ_UNKNOWN);
    /* Leap-second files count TAI-like seconds, not UTC. */
    cr_assert_eq(tz_load(DB, "right/UTC", 0, &z, &why), TZ_BAD_FILE);
    cr_assert(strstr(why, "leap seconds") != NULL, "%s", why);
    /* A directory without a database. */
    cr_assert_eq(tz_load("tests", "America/New_York", 0, &z, &why), TZ_NO_DATABASE);
    cr_assert_eq(tz_database_present("tests"), 0);
    cr_assert_eq(tz_database_present(DB), 1);
}

/* A file cut short or with a corrupt footer is refused, not half read. */
Test(tz, damaged_files_are_refused)
{
    char dir[] = "/tmp/drsim-tz-XXXXXX", path[256];
    size_t len;
    char *b = fixture_slurp(DB "/Europe/Berlin", &len), *p;
    FILE *f;
    struct tz *z = NULL;
    const char *why = NULL;
    cr_assert_not_null(b);
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/zone.tab", dir);
    f = fopen(path, "w");
    fputs("# a list, so the directory counts as a database\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/Cut", dir);
    f = fopen(path, "wb");
    fwrite(b, 1, len / 2, f);
    fclose(f);
    cr_assert_eq(tz_load(dir, "Cut", 0, &z, &why), TZ_BAD_FILE);
    p = NULL;
    for (size_t i = len - 40; i + 9 <= len && p == NULL; i++)
        if (memcmp(b + i, "CET-1CEST", 9) == 0)
            p = b + i;
    cr_assert_not_null(p);
    p[9] = ';';  /* "CET-1CEST;M3.5.0...": not a POSIX TZ string */
    snprintf(path, sizeof path, "%s/Footer", dir);
    f = fopen(path, "wb");
    fwrite(b, 1, len, f);
    fclose(f);
    cr_assert_eq(tz_load(dir, "Footer", 0, &z, &why), TZ_BAD_FILE);
    cr_assert(strstr(why, "footer") != NULL, "%s", why);
    const char *made[] = {"zone.tab", "Cut", "Footer"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, made[i]);
        remove(path);
    }
    remove(dir);
    free(b);
}

/* Every zone and link of the database loads, and the C library (an independent
 * reader of the same files) gives the same offset at a few hundred instants from 1900
 * to 2200 per zone; local to UTC never goes back. */
Test(tz, every_zone_agrees_with_the_c_library, .timeout = 120)
{
    FILE *f = fopen(DB "/tzdata.zi", "r");
    char line[1024];
    int zones = 0;
    unsigned long long seed = 12345;
    cr_assert_not_null(f);
    while (fgets(line, sizeof line, f)) {
        char name[256];
        struct tz *z;
        double prev = -INFINITY;
        if (!((line[0] == 'Z' && sscanf(line, "Z %255s", name) == 1) ||
              (line[0] == 'L' && sscanf(line, "L %*s %255s", name) == 1)))
            continue;
        z = load_zone(name, 2060);
        setenv("TZ", name, 1);
        tzset();
        for (int k = 0; k < 300; k++) {
            double t;
            time_t tt;
            struct tm tm;
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            t = floor(utc(1900, 1, 1, 0) + (double)(seed >> 11) / 9007199254740992.0 *
                                               (utc(2200, 1, 1, 0) - utc(1900, 1, 1, 0)));
            tt = (time_t)t;
            cr_assert_not_null(localtime_r(&tt, &tm));
            cr_assert_eq(tz_offset_at(z, t), (double)tm.tm_gmtoff, "%s at %.0f", name, t);
        }
        for (double l = utc(2020, 1, 1, 0); l < utc(2030, 1, 1, 0); l += 6 * H + 17) {
            double u = tz_utc_of_local(z, l);
            cr_assert_geq(u, prev, "%s at local %.0f", name, l);
            prev = u;
        }
        tz_free(z);
        zones++;
    }
    fclose(f);
    cr_assert_gt(zones, 400);
}

/* Whether tz_offset_at and the plain binary search give the same offset at t. */
static void same_as_search(const struct tz *z, const char *name, double t)
{
    double a = tz_offset_at(z, t), b = tz_offset_by_search(z, t);
    cr_assert(a == b || (isnan(a) && isnan(b)), "%s at %.17g: %.0f vs %.0f", name, t, a, b);
}

/* tz_offset_at's index gives the binary search's answer for every zone: on both sides of
 * every change from 1960 to past the table's end (one second and one ulp away), on both
 * sides of every power-of-two multiple of 2^14..2^26 s in 1969..2100 (wherever the
 * index's bucket boundaries fall), at random instants, and at -0, 0, NaN and the
 * infinities. */
Test(tz, offset_index_agrees_with_the_search, .timeout = 120)
{
    FILE *f = fopen(DB "/tzdata.zi", "r");
    char line[1024];
    int zones = 0;
    unsigned long long seed = 777;
    cr_assert_not_null(f);
    while (fgets(line, sizeof line, f)) {
        char name[256];
        struct tz *z;
        if (!((line[0] == 'Z' && sscanf(line, "Z %255s", name) == 1) ||
              (line[0] == 'L' && sscanf(line, "L %*s %255s", name) == 1)))
            continue;
        z = load_zone(name, 2040);
        for (double t = utc(1960, 1, 1, 0); t < utc(2045, 1, 1, 0);) {
            t = tz_next_change(z, t);
            if (isinf(t))
                break;
            same_as_search(z, name, t);
            same_as_search(z, name, t - 1);
            same_as_search(z, name, nextafter(t, -INFINITY));
            same_as_search(z, name, nextafter(t, INFINITY));
        }
        for (int k = 14; k <= 26; k++) {
            double w = ldexp(1.0, k);
            for (double t = floor(utc(1969, 1, 1, 0) / w) * w; t < utc(2100, 1, 1, 0);
                 t += w * (k < 20 ? 97 : 1)) {
                same_as_search(z, name, t);
                same_as_search(z, name, nextafter(t, -INFINITY));
            }
        }
        for (int k = 0; k < 2000; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            same_as_search(z, name, utc(1900, 1, 1, 0) + (double)(seed >> 11) /
                                        9007199254740992.0 *
                                        (utc(2200, 1, 1, 0) - utc(1900, 1, 1, 0)));
        }
        same_as_search(z, name, -0.0);
        same_as_search(z, name, 0.0);
        same_as_search(z, name, 5e-324);
        same_as_search(z, name, NAN);
        same_as_search(z, name, -INFINITY);
        tz_free(z);
        zones++;
    }
    fclose(f);
    cr_assert_gt(zones, 400);
}

/* ---- IANA zones in plans ---------------------------------------------------------- */

static const char zoned_plan[] =
    "calendar:\n"
    "  epoch: 2026-01-05\n"
    "  timezone: Europe/Berlin\n"
    "stores:\n"
    "  db:\n"
    "    size: 100GB\n"
    "    backups:\n"
    "      nightly: {schedule: daily 02:30, location: cross-region}\n"
    "      pinned: {schedule: daily 02:30 UTC+1, location: cross-region}\n"
    "    restore:\n"
    "      throughput: 100MB/s\n"
    "staffing:\n"
    "  timezone: America/New_York\n"
    "  roles:\n"
    "    oncall: {count: 1, response: {business: 5m}}\n"
    "    india: {count: 1, timezone: Asia/Kolkata, response: {business: 5m}}\n"
    "    berlin: {count: 1, timezone: Europe/Berlin, response: {business: 5m}}\n"
    "    fixed: {count: 1, timezone: UTC+1, response: {business: 5m}}\n"
    "scenarios:\n"
    "  zone:\n"
    "    destroys: zone\n"
    "    per_year: 1\n"
    "    duration: 4h\n"
    "    service_restored_by: fix\n"
    "    runbook:\n"
    "      fix: {needs: [oncall], duration: 1h}\n";

Test(tz, plans_name_zones_once_each)
{
    struct plan *p = fixture_plan_text("%s", zoned_plan);
    const struct role *r = p->roles;
    const struct backup_rule *ru = p->stores[0].rules;
    cr_assert_eq(p->n_zones, 3);   /* Berlin, New York, Kolkata: Berlin read once */
    cr_assert_str_eq(tz_name(p->calendar.tz), "Europe/Berlin");
    cr_assert_eq(p->calendar.tz_offset_s, 3600);
    cr_assert_str_eq(tz_name(r[0].calendar.tz), "America/New_York");
    cr_assert_eq(r[0].calendar.tz_offset_s, -18000);
    cr_assert_str_eq(tz_name(r[1].calendar.tz), "Asia/Kolkata");
    cr_assert_eq(r[2].calendar.tz, p->calendar.tz);
    cr_assert_null(r[3].calendar.tz);
    cr_assert_eq(r[3].calendar.tz_offset_s, 3600);
    /* Schedules follow the calendar's zone unless they name a fixed one. */
    cr_assert_eq(ru[0].schedule.tz, p->calendar.tz);
    cr_assert_null(ru[1].schedule.tz);
    cr_assert_eq(ru[1].schedule.tz_offset_s, 3600);
    plan_free(p);
}

Test(tz, drsim_check_accepts_iana_zones)
{
    char *out;
    int rc = fixture_drsim(NULL, "check tests/data/tz-two-continents.yaml", &out);
    cr_assert_eq(rc, 0, "exit %d: %s", rc, out);
    cr_assert(strstr(out, ": ok: plan") != NULL, "%s", out);
    free(out);
}

Test(tz, drsim_check_suggests_the_zone_meant)
{
    char *out;
    int rc = fixture_drsim(NULL, "check tests/bad/unknown-timezone-name.yaml", &out);
    cr_assert_eq(rc, 2, "exit %d: %s", rc, out);
    cr_assert(strstr(out, "(got \"America/New_Yrok\"; did you mean 'America/New_York'?)") != NULL,
              "%s", out);
    free(out);
}

/* Without a database (DRSIM_ZONEINFO names a directory that holds none), an IANA name is
 * refused with the exact message of tests/bad-tz/no-database.expected, and the CLI says
 * the same; fixed offsets in the same plan are fine. */
Test(tz, missing_database_says_to_install_tzdata)
{
    struct diag_list d;
    struct plan *p = NULL;
    char *text = NULL, *have, *want, *out;
    enum load_status st;
    int rc;

    cr_assert_eq(setenv(TZ_DIR_ENV, "tests/bad-tz", 1), 0);
    st = load_plan_file("tests/bad-tz/no-database.yaml", &d, &text, &p);
    cr_assert_eq(st, LOAD_INVALID);
    cr_assert_null(p);
    have = diag_to_string(&d);
    want = fixture_slurp("tests/bad-tz/no-database.expected", NULL);
    cr_assert_not_null(want);
    cr_assert_str_eq(have, want);
    rc = fixture_drsim("DRSIM_ZONEINFO=tests/bad-tz", "check tests/bad-tz/no-database.yaml", &out);
    cr_assert_eq(rc, 2, "exit %d: %s", rc, out);
    cr_assert(strstr(out, "install the tzdata package") != NULL, "%s", out);
    free(out);
    free(have);
    free(want);
    free(text);
    diag_fini(&d);
}

/* The reports name a zone as the plan wrote it: the pack's assumptions say
 * "Europe/Berlin", not its standard offset, and the workbook's schedules carry the zone. */
Test(tz, reports_name_the_zone, .timeout = 120)
{
    char *out = NULL, dir[64], args[512];
    fixture_tmpdir(dir, "tz-reports");
    snprintf(args, sizeof args, "run tests/data/tz-two-continents.yaml -n 200 -q "
             "--no-decision-curve -o %s/out", dir);
    int rc = fixture_drsim(NULL, args, &out);
    cr_assert_eq(rc, 0, "%s", out);
    free(out);
    snprintf(args, sizeof args, "pdftotext -enc UTF-8 %s/out/*-review-pack.pdf - 2>&1", dir);
    rc = fixture_shell(args, &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert(strstr(out, "Europe/Berlin"), "no zone name in the pack");
    cr_assert(strstr(out, "Asia/Kolkata"), "no zone name in the pack");
    free(out);
    fixture_rm_rf(dir);
}
