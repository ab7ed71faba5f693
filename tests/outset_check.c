/* tests/outset_check.c: the helpers of tests/outset_check.h (no tests of its own). */
#include "tests/outset_check.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "models/digest.h"
#include "tests/fixture.h"

static int newest_ok(const struct stat *f, const struct stat *m)
{
    return f->st_ctim.tv_sec < m->st_ctim.tv_sec ||
           (f->st_ctim.tv_sec == m->st_ctim.tv_sec && f->st_ctim.tv_nsec <= m->st_ctim.tv_nsec);
}

/* Count the regular files below dir (relative prefix pre), failing on a ".drsim-" name
 * unless allow_stage and it is a staging directory at the top. */
static int count_files(const char *dir, const char *pre, int allow_stage)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s%s", dir, *pre ? "/" : "", pre);
    DIR *d = opendir(path);
    cr_assert_not_null(d, "cannot open %s", path);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strncmp(e->d_name, ".drsim-", 7) == 0) {
            cr_assert(allow_stage && !*pre && strncmp(e->d_name, ".drsim-stage-", 13) == 0,
                      "%s/%s is left in the output directory", path, e->d_name);
            continue;
        }
        char rel[4096], full[8192];
        struct stat st;
        snprintf(rel, sizeof rel, "%s%s%s", pre, *pre ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", dir, rel);
        cr_assert_eq(lstat(full, &st), 0, "%s", full);
        if (S_ISDIR(st.st_mode))
            n += count_files(dir, rel, allow_stage);
        else
            n++;
    }
    closedir(d);
    return n;
}

int oc_check_set(const char *dir, int allow_stage)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    struct jsonio_doc *m = fixture_json(path);
    struct stat ms;
    cr_assert_eq(stat(path, &ms), 0);
    cr_expect_eq(ms.st_mode & 07777, 0644, "%s: mode %o", path, (unsigned)(ms.st_mode & 07777));
    const struct jsonio_value *files = jsonio_member(jsonio_root(m), "files");
    cr_assert_eq(jsonio_type(files), JSONIO_ARRAY, "%s has no files", path);
    int n = 0;
    for (size_t i = 0; i < jsonio_length(files); i++) {
        const struct jsonio_value *e = jsonio_at(files, i);
        const char *name = jsonio_get_string(jsonio_member(e, "path"));
        const char *hex = jsonio_get_string(jsonio_member(e, "sha256"));
        long long size = -1;
        cr_assert(name && hex && jsonio_get_integer(jsonio_member(e, "size_bytes"), &size) == 0,
                  "%s: files[%zu] lacks path, size_bytes or sha256", path, i);
        char full[4096];
        size_t len;
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", dir, name);
        char *data = fixture_slurp(full, &len);
        cr_assert_not_null(data, "%s is listed in the manifest but missing", full);
        unsigned char dig[32];
        char got[65];
        digest_sha256(data, len, dig);
        digest_hex(dig, got);
        cr_expect_str_eq(got, hex, "%s: SHA-256 differs from the manifest's", full);
        cr_expect_eq((long long)len, size, "%s: size", full);
        cr_assert_eq(stat(full, &st), 0);
        cr_expect_eq(st.st_mode & 07777, 0644, "%s: mode %o", full,
                     (unsigned)(st.st_mode & 07777));
        cr_expect(newest_ok(&st, &ms), "%s changed after the manifest", full);
        free(data);
        n++;
    }
    jsonio_free(m);
    cr_expect_eq(count_files(dir, "", allow_stage), n + 1,
                 "%s holds files the manifest does not list", dir);
    return n;
}

int oc_has_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)) != NULL)
        found |= strncmp(e->d_name, ".drsim-", 7) == 0;
    closedir(d);
    return found;
}

int oc_staged_path(const char *dir, const char *name, char *buf, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    if (!d)
        return 0;
    while (!found && (e = readdir(d)) != NULL)
        if (strncmp(e->d_name, ".drsim-stage-", 13) == 0 && !strstr(e->d_name, "-gone")) {
            snprintf(buf, n, "%s/%s/%s", dir, e->d_name, name);
            found = 1;
        }
    closedir(d);
    return found;
}

pid_t oc_spawn(const char *args, long fsize_limit)
{
    char *copy = strdup(args), *argv[64];
    int argc = 0;
    cr_assert_not_null(copy);
    argv[argc++] = (char *)fixture_bin();
    for (char *t = strtok(copy, " "); t && argc < 63; t = strtok(NULL, " "))
        argv[argc++] = t;
    argv[argc] = NULL;
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (fsize_limit > 0) {
            struct rlimit rl = {(rlim_t)fsize_limit, (rlim_t)fsize_limit};
            signal(SIGXFSZ, SIG_IGN);
            setrlimit(RLIMIT_FSIZE, &rl);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    free(copy);
    return pid;
}

int oc_wait(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

void oc_wait_stage(const char *dir)
{
    char path[512];
    for (int i = 0; i < 30000 && !oc_staged_path(dir, "", path, sizeof path); i++)
        oc_sleep_ms(2);
    cr_assert(oc_staged_path(dir, "", path, sizeof path), "no staging directory in %s", dir);
}

void oc_sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}
