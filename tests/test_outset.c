/* tests/test_outset.c: output sets (reports/outset.h): a committed set is exactly what
 * its manifest lists, with the SHA-256 of each file and plain 0644 modes; a new set
 * replaces the previous one whole (its files gone, the user's own files kept); an abort,
 * a failing commit, a process killed before or during a commit leave the previous set
 * whole and, after the next outset_begin, no temporaries. The kills of `drsim run`
 * itself are in tests/test_cli.c.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "models/digest.h"
#include "reports/outset.h"
#include "tests/fixture.h"
#include "tests/outset_check.h"

static void init(void)
{
    umask(022);
}

/* Write text to the staged file name of s. */
static void put(struct outset *s, const char *name, const char *text)
{
    FILE *f;
    cr_assert_eq(outset_fopen(s, name, &f), OUTSET_OK, "%s: %s", name, outset_error(s));
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static struct outset *begin(const char *dir)
{
    struct outset *s = NULL;
    enum outset_status st = outset_begin(dir, OUTSET_MANIFEST, &s);
    cr_assert_eq(st, OUTSET_OK, "%s", outset_error(s));
    return s;
}

static void commit(struct outset *s)
{
    struct outset_meta m = {"9.9.9", "test", NULL, 1, 42, 1000};
    cr_assert_eq(outset_commit(s, &m), OUTSET_OK, "%s", outset_error(s));
    outset_free(s);
}

/* A set of n files f0000.txt ... with content tagged by `tag`, committed into dir. */
static void commit_many(const char *dir, int n, const char *tag)
{
    struct outset *s = begin(dir);
    for (int i = 0; i < n; i++) {
        char name[64], text[64];
        snprintf(name, sizeof name, "d%d/f%04d.txt", i % 4, i);
        snprintf(text, sizeof text, "%s %d\n", tag, i);
        put(s, name, text);
    }
    commit(s);
}

static char *read_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fixture_slurp(path, NULL);
}

Test(outset, commit_publishes_every_file_with_its_hash, .init = init)
{
    char dir[64], path[128];
    fixture_tmpdir(dir, "outset");
    snprintf(path, sizeof path, "%s/new/deeper", dir);
    struct outset *s = begin(path);
    const char *p, *sub;
    put(s, "summary.json", "{}\n");
    put(s, "charts/zone.svg", "<svg/>\n");
    cr_assert_eq(outset_subdir(s, "charts/more", &sub), OUTSET_OK);
    char file[512];
    snprintf(file, sizeof file, "%s/x.png", sub);
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fputs("png", f);
    fclose(f);
    cr_assert_eq(outset_path(s, "book.xlsx", &p), OUTSET_OK);
    cr_assert(strstr(p, "/.drsim-stage-") != NULL, "%s", p);
    f = fopen(p, "w");
    fputs("xlsx", f);
    fclose(f);
    /* Nothing is in the directory before the commit. */
    snprintf(file, sizeof file, "%s/summary.json", path);
    cr_assert_eq(access(file, F_OK), -1);
    commit(s);
    cr_assert_eq(oc_check_set(path, 0), 4);
    char *m = read_file(path, "manifest.json");
    cr_assert(strstr(m, "\"seed\": 42") && strstr(m, "\"trials\": 1000") &&
              strstr(m, "\"drsim_version\": \"9.9.9\"") && strstr(m, "\"plan\": null"), "%s", m);
    /* In name order. */
    const char *a = strstr(m, "book.xlsx"), *b = strstr(m, "charts/more/x.png"),
               *c = strstr(m, "charts/zone.svg"), *d = strstr(m, "summary.json");
    cr_assert(a && b && c && d && a < b && b < c && c < d, "%s", m);
    free(m);
    fixture_rm_rf(dir);
}

Test(outset, new_set_replaces_the_previous_one_whole, .init = init)
{
    char dir[64];
    fixture_tmpdir(dir, "outset");
    struct outset *s = begin(dir);
    put(s, "a.txt", "old a\n");
    put(s, "charts/x.png", "old x\n");
    put(s, "charts/deep/y.png", "old y\n");
    commit(s);
    /* A file of the user's, not in any manifest, is never touched. */
    char path[128];
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("mine\n", f);
    fclose(f);

    s = begin(dir);
    put(s, "a.txt", "new a\n");
    put(s, "b.txt", "new b\n");
    commit(s);
    char *a = read_file(dir, "a.txt"), *n = read_file(dir, "notes.txt");
    cr_assert_str_eq(a, "new a\n");
    cr_assert_str_eq(n, "mine\n");
    free(a);
    free(n);
    snprintf(path, sizeof path, "%s/charts", dir);
    cr_assert_eq(access(path, F_OK), -1, "the previous set's charts/ is still there");
    cr_assert_not(oc_has_temporaries(dir));
    /* notes.txt is the one file the manifest does not list. */
    unlink(strcat(strcpy(path, dir), "/notes.txt"));
    cr_assert_eq(oc_check_set(dir, 0), 2);
    fixture_rm_rf(dir);
}

Test(outset, abort_keeps_the_previous_set, .init = init)
{
    char dir[64];
    fixture_tmpdir(dir, "outset");
    commit_many(dir, 5, "old");
    char *before = read_file(dir, "manifest.json");
    struct outset *s = begin(dir);
    put(s, "d0/f0000.txt", "new\n");
    put(s, "other.txt", "new\n");
    outset_abort(s);
    const char *p;
    cr_assert_eq(outset_path(s, "late.txt", &p), OUTSET_STATE);
    cr_assert_eq(outset_commit(s, NULL), OUTSET_STATE);
    outset_free(s);
    char *after = read_file(dir, "manifest.json");
    cr_assert_str_eq(before, after);
    cr_assert_eq(oc_check_set(dir, 0), 5);
    /* outset_free without a commit aborts too. */
    s = begin(dir);
    put(s, "x.txt", "x\n");
    outset_free(s);
    cr_assert_eq(oc_check_set(dir, 0), 5);
    free(before);
    free(after);
    fixture_rm_rf(dir);
}

/* A commit that cannot complete (a directory holds one of the names) fails before its
 * point of no return: the previous set is whole, the staging directory gone. */
Test(outset, failing_commit_keeps_the_previous_set, .init = init)
{
    char dir[64], path[128];
    fixture_tmpdir(dir, "outset");
    commit_many(dir, 6, "old");
    char *before = read_file(dir, "manifest.json");
    snprintf(path, sizeof path, "%s/blocker/inside", dir);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", path);
    cr_assert_eq(system(cmd), 0);
    struct outset *s = begin(dir);
    put(s, "d0/f0000.txt", "new\n");
    put(s, "blocker", "a file where a directory is\n");
    struct outset_meta m = {"1", "t", NULL, 0, 0, 0};
    cr_assert_eq(outset_commit(s, &m), OUTSET_IO);
    cr_assert(strstr(outset_error(s), "/blocker: Is a directory") != NULL, "%s",
              outset_error(s));
    outset_free(s);
    char *after = read_file(dir, "manifest.json");
    cr_assert_str_eq(before, after);
    rmdir(path);
    snprintf(path, sizeof path, "%s/blocker", dir);
    rmdir(path);
    cr_assert_eq(oc_check_set(dir, 0), 6);
    free(before);
    free(after);
    fixture_rm_rf(dir);
}

Test(outset, names_must_be_plain_relative_paths, .init = init)
{
    char dir[64];
    fixture_tmpdir(dir, "outset");
    struct outset *s = begin(dir);
    const char *bad[] = {"", "/etc/passwd", "../x", "a/../b", "a//b", "a/", "./a", ".drsim-x",
                         "c/.drsim-stage-1", "manifest.json", "a\nb", "tab\there", "del\x7f"};
    const char *p;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_eq(outset_path(s, bad[i], &p), OUTSET_NAME, "'%s' accepted", bad[i]);
    const char *good[] = {"a", "charts/b.png", ".hidden", "x/manifest.json", "..x", "é.txt"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        cr_expect_eq(outset_path(s, good[i], &p), OUTSET_OK, "'%s': %s", good[i],
                     outset_error(s));
    outset_free(s);
    cr_assert_not(oc_has_temporaries(dir));
    /* An empty directory name is refused, not read past. */
    cr_assert_eq(outset_begin("", OUTSET_MANIFEST, &s), OUTSET_IO);
    cr_assert(strstr(outset_error(s), "cannot create output directory ''") != NULL, "%s",
              outset_error(s));
    outset_free(s);
    fixture_rm_rf(dir);
}

/* A process that dies before its commit leaves its staging directory; the next
 * outset_begin removes it, but never the staging directory of a live set. */
Test(outset, begin_removes_stale_staging_but_not_a_live_one, .init = init)
{
    char dir[64], path[256];
    fixture_tmpdir(dir, "outset");
    commit_many(dir, 3, "old");
    pid_t pid = fork();
    if (pid == 0) {
        struct outset *s = NULL;
        FILE *f;
        if (outset_begin(dir, OUTSET_MANIFEST, &s) != OUTSET_OK ||
            outset_fopen(s, "half.txt", &f) != OUTSET_OK)
            _exit(1);
        fputs("half", f);
        fflush(f);
        _exit(0); /* as if killed: no commit, no cleanup */
    }
    cr_assert_eq(oc_wait(pid), 0);
    cr_assert(oc_staged_path(dir, "half.txt", path, sizeof path));
    cr_assert_eq(access(path, F_OK), 0);
    struct outset *live = begin(dir);        /* removes the dead one */
    cr_assert_eq(access(path, F_OK), -1, "%s was not removed", path);
    put(live, "live.txt", "live\n");
    const char *staged;
    cr_assert_eq(outset_path(live, "live.txt", &staged), OUTSET_OK);
    struct outset *other = begin(dir);       /* must not remove the live one */
    cr_assert_eq(access(staged, F_OK), 0, "a live staging directory was removed");
    outset_free(other);
    commit(live);
    cr_assert_not(oc_has_temporaries(dir));
    cr_assert_eq(oc_check_set(dir, 0), 1);
    fixture_rm_rf(dir);
}

/* A commit journal left by a process killed during the renames is carried out by the
 * next outset_begin: the new set is completed. The state is built by hand as the journal
 * format in reports/outset.c describes: two of three files already moved. */
Test(outset, begin_rolls_an_interrupted_commit_forward, .init = init)
{
    char dir[64], cmd[1024];
    fixture_tmpdir(dir, "outset");
    struct outset *s = begin(dir);
    put(s, "keep.txt", "old keep\n");
    put(s, "gone/old.txt", "old only\n");
    commit(s);
    /* The staged new set and its manifest, as a real commit writes them. */
    char stage[128];
    snprintf(stage, sizeof stage, "%s/.drsim-stage-999999-abcdef", dir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/sub && printf 'new keep\\n' > %s/keep.txt && "
             "printf 'new b\\n' > %s/sub/b.txt && printf 'new c\\n' > %s/c.txt",
             stage, dir, stage, stage);
    cr_assert_eq(system(cmd), 0);
    /* keep.txt already moved; sub/b.txt, c.txt and the manifest not yet. */
    FILE *m = fopen(strcat(strcpy(cmd, stage), "/manifest.json"), "w");
    fprintf(m, "{\n  \"files\": [\n");
    const char *names[] = {"c.txt", "keep.txt", "sub/b.txt"};
    const char *texts[] = {"new c\n", "new keep\n", "new b\n"};
    for (int i = 0; i < 3; i++) {
        unsigned char dig[32];
        char hex[65];
        digest_sha256(texts[i], strlen(texts[i]), dig);
        digest_hex(dig, hex);
        fprintf(m, "    {\"path\": \"%s\", \"size_bytes\": %zu, \"sha256\": \"%s\"}%s\n", names[i],
                strlen(texts[i]), hex, i < 2 ? "," : "");
    }
    fprintf(m, "  ]\n}\n");
    fclose(m);
    FILE *j = fopen(strcat(strcpy(cmd, dir), "/.drsim-commit"), "w");
    fprintf(j, "drsim-commit 1\nstage .drsim-stage-999999-abcdef\nnew c.txt\nnew keep.txt\n"
               "new sub/b.txt\nnew manifest.json\nold gone/old.txt\nend\n");
    fclose(j);

    s = begin(dir);
    outset_free(s);
    cr_assert_not(oc_has_temporaries(dir));
    cr_assert_eq(oc_check_set(dir, 0), 3);
    snprintf(cmd, sizeof cmd, "%s/gone", dir);
    cr_assert_eq(access(cmd, F_OK), -1, "the previous set's gone/ is still there");
    fixture_rm_rf(dir);
}

/* A journal that is not complete is refused, not guessed at: begin fails and says so,
 * and the directory is left alone. */
Test(outset, begin_refuses_a_damaged_journal, .init = init)
{
    char dir[64], path[128];
    fixture_tmpdir(dir, "outset");
    snprintf(path, sizeof path, "%s/.drsim-commit", dir);
    FILE *j = fopen(path, "w");
    fprintf(j, "drsim-commit 1\nstage .drsim-stage-1-abcdef\nnew a.txt\n");
    fclose(j);
    struct outset *s = NULL;
    cr_assert_eq(outset_begin(dir, OUTSET_MANIFEST, &s), OUTSET_INCOMPLETE);
    cr_assert(strstr(outset_error(s), "is not a commit journal") != NULL, "%s", outset_error(s));
    outset_free(s);
    cr_assert_eq(access(path, F_OK), 0);
    fixture_rm_rf(dir);
}

/* Kill a process at many moments of a commit of 600 files over a previous set of 600:
 * whatever the moment, once the next outset_begin has run the directory holds exactly
 * one whole set, the old or the new, and no temporaries. */
Test(outset, killed_commit_leaves_one_whole_set, .init = init, .timeout = 120)
{
    char dir[64];
    fixture_tmpdir(dir, "outset");
    /* How long a commit takes here, to spread the kills over it. */
    struct timespec t0, t1;
    commit_many(dir, 600, "old");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    commit_many(dir, 600, "old");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long span_us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    int n_new = 0, n_old = 0, n_journal = 0;
    for (int k = 0; k < 12; k++) {
        char *before = read_file(dir, "manifest.json");
        pid_t pid = fork();
        if (pid == 0) {
            char tag[32];
            snprintf(tag, sizeof tag, "new%d", k);
            commit_many(dir, 600, tag);
            _exit(0);
        }
        long delay_us = span_us * (k + 1) / 12;
        struct timespec d = {delay_us / 1000000L, (delay_us % 1000000L) * 1000L};
        nanosleep(&d, NULL);
        kill(pid, SIGKILL);
        oc_wait(pid);
        char jpath[128];
        snprintf(jpath, sizeof jpath, "%s/.drsim-commit", dir);
        n_journal += access(jpath, F_OK) == 0;
        outset_free(begin(dir));
        cr_assert_not(oc_has_temporaries(dir));
        cr_assert_eq(oc_check_set(dir, 0), 600);
        char *after = read_file(dir, "manifest.json");
        if (strcmp(before, after) == 0)
            n_old++;
        else
            n_new++;
        free(before);
        free(after);
    }
    cr_log_info("killed commits: %d left the old set, %d the new one, %d via the journal",
                n_old, n_new, n_journal);
    fixture_rm_rf(dir);
}

Test(outset, write_file_is_atomic_and_plain, .init = init)
{
    char dir[64], path[128];
    fixture_tmpdir(dir, "outset");
    snprintf(path, sizeof path, "%s/plan.yaml", dir);
    char *msg = (char *)"unset";
    cr_assert_eq(outset_write_file(path, "one\n", 4, &msg), OUTSET_OK, "%s", msg);
    cr_assert_null(msg);
    cr_assert_eq(outset_write_file(path, "two\n", 4, NULL), OUTSET_OK);
    char *t = fixture_slurp(path, NULL);
    cr_assert_str_eq(t, "two\n");
    free(t);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0644, "mode %o", (unsigned)(st.st_mode & 07777));
    /* No manifest for a single file, and nothing else in the directory. */
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    cr_assert_eq(access(path, F_OK), -1);
    cr_assert_not(oc_has_temporaries(dir));
    /* A failure names the file and leaves the old content. */
    snprintf(path, sizeof path, "%s/sub", dir);
    cr_assert_eq(mkdir(path, 0777), 0);
    cr_assert_eq(outset_write_file(path, "x", 1, &msg), OUTSET_IO);
    cr_assert(msg && strstr(msg, "/sub: Is a directory"), "%s", msg ? msg : "(null)");
    free(msg);
    cr_assert_not(oc_has_temporaries(dir));
    /* A missing directory is not made up on the way: nothing is created. */
    snprintf(path, sizeof path, "%s/missing/plan.yaml", dir);
    cr_assert_eq(outset_write_file(path, "x", 1, &msg), OUTSET_IO);
    cr_assert(msg && strstr(msg, "/missing/plan.yaml: No such file or directory"), "%s",
              msg ? msg : "(null)");
    free(msg);
    snprintf(path, sizeof path, "%s/missing", dir);
    cr_assert_eq(access(path, F_OK), -1);
    fixture_rm_rf(dir);
}

/* A previous manifest is only trusted to name files inside the directory: names with
 * "..", absolute ones, and names reached through a symbolic link are not removed. */
Test(outset, previous_manifest_cannot_reach_outside, .init = init)
{
    char dir[64], outside[64], path[256], cmd[2048];
    fixture_tmpdir(dir, "outset");
    fixture_tmpdir(outside, "outset-outside");
    snprintf(cmd, sizeof cmd,
             "echo keep > %s/secret.txt && echo keep > %s/abs.txt && ln -s %s %s/link && "
             "printf '{\"files\": [{\"path\": \"link/secret.txt\"}, {\"path\": \"../%s/secret.txt\"},"
             " {\"path\": \"%s/abs.txt\"}, {\"path\": \"old.txt\"}]}' > %s/manifest.json && "
             "echo old > %s/old.txt",
             outside, outside, outside, dir, strrchr(outside, '/') + 1, outside, dir, dir);
    cr_assert_eq(system(cmd), 0);
    struct outset *s = begin(dir);
    put(s, "new.txt", "new\n");
    commit(s);
    snprintf(path, sizeof path, "%s/secret.txt", outside);
    cr_assert_eq(access(path, F_OK), 0, "a file outside the directory was removed");
    snprintf(path, sizeof path, "%s/abs.txt", outside);
    cr_assert_eq(access(path, F_OK), 0, "a file outside the directory was removed");
    snprintf(path, sizeof path, "%s/old.txt", dir);
    cr_assert_eq(access(path, F_OK), -1, "the previous set's old.txt is still there");
    fixture_rm_rf(dir);
    fixture_rm_rf(outside);
}

/* The previous manifest is read as JSON (escapes decoded); one that is not valid JSON
 * names nothing, so nothing is removed. */
Test(outset, previous_manifest_is_read_strictly, .init = init)
{
    char dir[64], path[256], cmd[1024];
    fixture_tmpdir(dir, "outset");
    snprintf(cmd, sizeof cmd,
             "echo x > '%s/caf\xc3\xa9.txt' && echo x > '%s/\xf0\x9f\x93\x88.txt' && "
             "printf '{\"seed\": 1, \"plan\": {\"files\": [{\"path\": \"nested.txt\"}]}, "
             "\"files\": [{\"size_bytes\": 2, \"path\": \"caf\\\\u00e9.txt\"}, "
             "{\"path\": \"\\\\ud83d\\\\udcc8.txt\", \"x\": [true, null, -1.5e3]}]}' "
             "> %s/manifest.json && echo x > %s/nested.txt",
             dir, dir, dir, dir);
    cr_assert_eq(system(cmd), 0);
    struct outset *s = begin(dir);
    put(s, "new.txt", "new\n");
    commit(s);
    snprintf(path, sizeof path, "%s/caf\xc3\xa9.txt", dir);
    cr_assert_eq(access(path, F_OK), -1, "caf\\u00e9.txt was not removed");
    snprintf(path, sizeof path, "%s/\xf0\x9f\x93\x88.txt", dir);
    cr_assert_eq(access(path, F_OK), -1, "the surrogate-pair name was not removed");
    snprintf(path, sizeof path, "%s/nested.txt", dir);
    cr_assert_eq(access(path, F_OK), 0, "a \"files\" member not at the top was followed");

    /* Not JSON (a missing bracket): nothing is removed. */
    snprintf(cmd, sizeof cmd,
             "echo x > %s/old.txt && printf '{\"files\": [{\"path\": \"old.txt\"}' > "
             "%s/manifest.json",
             dir, dir);
    cr_assert_eq(system(cmd), 0);
    s = begin(dir);
    put(s, "new.txt", "new\n");
    commit(s);
    snprintf(path, sizeof path, "%s/old.txt", dir);
    cr_assert_eq(access(path, F_OK), 0, "a file named by a broken manifest was removed");
    fixture_rm_rf(dir);
}
