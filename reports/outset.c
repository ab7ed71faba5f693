/* reports/outset.c: output sets published atomically (see outset.h for the protocol).
 *
 * Everything inside the output directory is addressed relative to a descriptor on it
 * (openat, renameat, unlinkat), so a commit does not depend on the directory's path
 * staying valid and never follows a symbolic link out of the staging directory. The
 * handed-out staging paths are full paths, since writers (cairo, libxlsxwriter) want a
 * path; outset_abort renames the staging directory aside before removing it so that a
 * writer still running on another thread fails on its next create instead of recreating
 * what is being removed.
 *
 * The commit journal is a text file, one line per item:
 *
 *   drsim-commit 1
 *   stage .drsim-stage-1234-Ab3dEf
 *   new charts/zone-rto-cdf.png       (renamed in, in this order; the manifest last)
 *   old charts/gone-rto-cdf.png       (of the previous set; removed after the renames)
 *   end
 *
 * Names never contain a control character (they are checked), so a line is a name.
 * Rolling forward is idempotent: a name already moved is skipped (its staged copy is
 * gone), a file already removed is skipped, so a roll-forward killed in turn is simply
 * rolled forward again by the next run. Reading the previous set's manifest is in
 * reports/outset_manifest.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/plan.h"
#include "models/digest.h"
#include "models/jsonio.h"
#include "reports/outset.h"
#include "reports/outset_int.h"

#define STAGE_PREFIX ".drsim-stage-"   /* staging directories (and their aside names) */
#define JOURNAL_NAME ".drsim-commit"   /* the commit journal in the output directory */
#define JOURNAL_TMP ".drsim-journal"   /* the journal while written, in the staging dir */
#define RESERVED_PREFIX ".drsim-"      /* no name of a set may start with this */
#define MAX_DEPTH 32                   /* nesting of directories inside a set */

enum set_state { SET_OPEN, SET_COMMITTED, SET_ABORTED, SET_FAILED };

/* A string the set handed out (a staging path): freed with the set. */
struct owned {
    struct owned *next;
    char s[];                   /* NUL-terminated */
};

struct outset {
    char *dir;                  /* the output directory as given */
    char *manifest;             /* the manifest's name, or NULL for a set without one */
    int dirfd;                  /* open on dir; -1 before it exists */
    char *stage_name;           /* staging directory's name inside dir */
    char *aside_name;           /* the name outset_abort renames it to before removing */
    char *stage_path;           /* dir "/" stage_name */
    int stagefd;                /* open on the staging directory, holding its flock */
    atomic_int state;           /* enum set_state */
    char *err;                  /* the last failure's message, or NULL */
    struct owned *strings;      /* paths handed out */
};

/* One file of a set being committed. */
struct entry {
    char *name;                 /* relative to the set's root */
    uint64_t size_bytes;        /* its size */
    char sha256[65];            /* lowercase hex SHA-256 of its content */
};

/* What a commit moves and removes: built by a commit, or read back from a journal. */
struct journal {
    char *stage;                /* the staging directory's name */
    char **add;                 /* names renamed in, in order */
    size_t n_add;
    char **del;                 /* names of the previous set to remove */
    size_t n_del;
};

/* ---- small helpers -------------------------------------------------------------------------- */

static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *str_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Record the message of a failure and return st. A message that cannot be allocated
 * leaves the status's text. */
static enum outset_status fail(struct outset *s, enum outset_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum outset_status fail(struct outset *s, enum outset_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *m = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (m) {
        va_start(ap, fmt);
        vsnprintf(m, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    free(s->err);
    s->err = m;
    return st;
}

static const char *keep(struct outset *s, char *str)
{
    if (!str)
        return NULL;
    size_t n = strlen(str);
    struct owned *o = malloc(sizeof *o + n + 1);
    if (o) {
        memcpy(o->s, str, n + 1);
        o->next = s->strings;
        s->strings = o;
    }
    free(str);
    return o ? o->s : NULL;
}

/* Is name a plain relative path allowed in a set: components neither empty nor "." nor
 * "..", none starting with ".drsim-", no control character, and not the manifest? */
int outset_name_ok(const char *name, const char *manifest)
{
    if (!name || !*name || strlen(name) > 4096)
        return 0;
    if (manifest && strcmp(name, manifest) == 0)
        return 0;
    for (const char *c = name; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return 0;
    const char *p = name;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.') ||
            (n >= strlen(RESERVED_PREFIX) && strncmp(p, RESERVED_PREFIX, strlen(RESERVED_PREFIX)) == 0))
            return 0;
        if (!slash)
            return 1;
        p = slash + 1;
    }
}

int outset_make_dirs(const char *dir)
{
    char *d = strdup(dir);
    struct stat st;
    int rc;
    if (!d)
        return -1;
    if (!*d) {
        free(d);
        errno = ENOENT;
        return -1;
    }
    for (char *c = d + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(d, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            free(d);
            errno = e;
            return -1;
        }
        *c = '/';
    }
    rc = mkdir(d, 0777);
    free(d);
    if (rc != 0 && errno != EEXIST)
        return -1;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* Create the parent directories of name below the directory open on fd (mkdirat, so
 * relative to it). Returns 0, or -1 with errno set (ENOTDIR when a non-directory is in
 * the way). */
static int make_parents_at(int fd, const char *name)
{
    char *d = strdup(name);
    if (!d)
        return -1;
    for (char *c = d; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        struct stat st;
        if (mkdirat(fd, d, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            free(d);
            errno = e;
            return -1;
        }
        if (fstatat(fd, d, &st, 0) != 0 || !S_ISDIR(st.st_mode)) {
            free(d);
            errno = ENOTDIR;
            return -1;
        }
        *c = '/';
    }
    free(d);
    return 0;
}

/* fsync the directory `name` below fd ("." for fd itself). Returns 0 or -1. */
static int sync_dir_at(int fd, const char *name)
{
    int d = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0)
        return -1;
    int rc = fsync(d);
    int e = errno;
    close(d);
    errno = e;
    return rc;
}

/* Remove `name` below pfd and everything in it, never following a symbolic link.
 * Returns 0, or -1 with errno set (ENOENT counts as success). */
static int remove_tree(int pfd, const char *name, int depth)
{
    int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        if (errno == ENOTDIR || errno == ELOOP)
            return unlinkat(pfd, name, 0) == 0 || errno == ENOENT ? 0 : -1;
        return -1;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    /* Entries removed while reading may make readdir skip others: read again until the
     * directory is empty (a few passes at most). */
    for (int pass = 0; pass < 4; pass++) {
        struct dirent *e;
        int removed = 0;
        rewinddir(d);
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            struct stat st;
            if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
            if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
                removed += remove_tree(fd, e->d_name, depth + 1) == 0;
            else
                removed += unlinkat(fd, e->d_name, 0) == 0;
        }
        if (!removed)
            break;
    }
    closedir(d);
    if (unlinkat(pfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        return -1;
    return 0;
}

int outset_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void journal_fini(struct journal *j)
{
    free(j->stage);
    for (size_t i = 0; i < j->n_add; i++)
        free(j->add[i]);
    for (size_t i = 0; i < j->n_del; i++)
        free(j->del[i]);
    free(j->add);
    free(j->del);
    memset(j, 0, sizeof *j);
}

/* Append a copy of name to the list *v of *n. Returns 0 or -1 (out of memory). */
int outset_push_name(char ***v, size_t *n, const char *name)
{
    char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return -1;
    *v = nv;
    if (!(nv[*n] = strdup(name)))
        return -1;
    (*n)++;
    return 0;
}

/* The whole file `name` below fd, NUL-terminated, in *out (malloc'd) with its length.
 * Returns 0, or -1 with errno set (EFBIG above max bytes). */
int outset_slurp_at(int fd, const char *name, size_t max, char **out, size_t *len)
{
    int f = openat(fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    *out = NULL;
    if (f < 0)
        return -1;
    if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        int e = errno;
        close(f);
        errno = S_ISREG(st.st_mode) ? ((size_t)st.st_size > max ? EFBIG : e) : EINVAL;
        return -1;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(f);
        errno = ENOMEM;
        return -1;
    }
    for (;;) {
        ssize_t got = read(f, buf + n, cap - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            close(f);
            errno = e;
            return -1;
        }
        if (got == 0 || (n += (size_t)got) == cap - 1)
            break;
    }
    close(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

/* ---- the journal and rolling forward ------------------------------------------------------ */

/* Write the journal into the staging directory, fsync it, and rename it into the output
 * directory: the point of no return. Returns 0, or -1 with errno set (no journal in the
 * output directory then). */
static int journal_write(struct outset *s, const struct journal *j)
{
    int fd = openat(s->stagefd, JOURNAL_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return -1;
    }
    fprintf(f, "drsim-commit 1\nstage %s\n", j->stage);
    for (size_t i = 0; i < j->n_add; i++)
        fprintf(f, "new %s\n", j->add[i]);
    for (size_t i = 0; i < j->n_del; i++)
        fprintf(f, "old %s\n", j->del[i]);
    fputs("end\n", f);
    int bad = ferror(f) || fflush(f) != 0 || fsync(fd) != 0;
    int e = bad ? (errno ? errno : EIO) : 0;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad && renameat(s->stagefd, JOURNAL_TMP, s->dirfd, JOURNAL_NAME) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlinkat(s->stagefd, JOURNAL_TMP, 0);
        errno = e;
        return -1;
    }
    return 0;
}

/* Parse journal text into *j. Returns 0, or -1 when it is not a complete journal. */
static int journal_parse(char *text, struct journal *j)
{
    memset(j, 0, sizeof *j);
    int line_no = 0, ended = 0;
    for (char *line = text; *line && !ended;) {
        char *nl = strchr(line, '\n');
        if (!nl)
            break;
        *nl = '\0';
        if (line_no == 0) {
            if (strcmp(line, "drsim-commit 1") != 0)
                break;
        } else if (line_no == 1) {
            if (strncmp(line, "stage " STAGE_PREFIX, 6 + strlen(STAGE_PREFIX)) != 0 ||
                strchr(line + 6, '/') || !(j->stage = strdup(line + 6)))
                break;
        } else if (strcmp(line, "end") == 0) {
            ended = 1;
        } else if (strncmp(line, "new ", 4) == 0 && outset_name_ok(line + 4, NULL)) {
            if (outset_push_name(&j->add, &j->n_add, line + 4) != 0)
                break;
        } else if (strncmp(line, "old ", 4) == 0 && outset_name_ok(line + 4, NULL)) {
            if (outset_push_name(&j->del, &j->n_del, line + 4) != 0)
                break;
        } else {
            break;
        }
        line_no++;
        line = nl + 1;
    }
    if (!ended) {
        journal_fini(j);
        return -1;
    }
    return 0;
}

/* The parent of name ("" for a top-level name) into a malloc'd string. */
static char *parent_of(const char *name)
{
    const char *slash = strrchr(name, '/');
    size_t n = slash ? (size_t)(slash - name) : 0;
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, name, n);
        p[n] = '\0';
    }
    return p;
}

/* The directory holding name below dirfd, opened without following a symbolic link at
 * any step (so that removing a previous set's file can never reach outside the output
 * directory through a link); *base gets the last component. Returns the descriptor
 * (dirfd itself, not to be closed, for a top-level name) or -1 with errno set. */
static int open_parent_nofollow(int dirfd, const char *name, const char **base)
{
    int fd = dirfd;
    const char *p = name;
    for (const char *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
        char comp[256];
        size_t n = (size_t)(slash - p);
        if (n >= sizeof comp) {
            errno = ENAMETOOLONG;
            goto bad;
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        int next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd != dirfd)
            close(fd);
        fd = next;
        if (fd < 0)
            return -1;
    }
    *base = p;
    return fd;
bad:
    if (fd != dirfd)
        close(fd);
    return -1;
}

/* unlinkat(dirfd, name, flags) without following a link in name's directories. */
static int unlink_beneath(int dirfd, const char *name, int flags)
{
    const char *base;
    int fd = open_parent_nofollow(dirfd, name, &base);
    if (fd < 0)
        return -1;
    int rc = unlinkat(fd, base, flags);
    int e = errno;
    if (fd != dirfd)
        close(fd);
    errno = e;
    return rc;
}

/* Carry out journal j in the directory open on dirfd, moving from stagefd (-1 when the
 * staging directory is already gone): rename every new name in (skipping those already
 * moved), remove the previous set's names, remove directories those left empty, fsync
 * what changed, then remove the journal and the staging directory. Returns 0, or -1
 * with a message in s. */
static int roll_forward(struct outset *s, int dirfd, int stagefd, const struct journal *j)
{
    char *last_parent = NULL;
    for (size_t i = 0; stagefd >= 0 && i < j->n_add; i++) {
        const char *n = j->add[i];
        if (make_parents_at(dirfd, n) != 0) {
            fail(s, OUTSET_IO, "cannot create the directory of %s/%s: %s", s->dir, n,
                 strerror(errno));
            goto bad;
        }
        if (renameat(stagefd, n, dirfd, n) != 0 && errno != ENOENT) {
            fail(s, OUTSET_IO, "cannot move %s/%s/%s to %s/%s: %s", s->dir, j->stage, n, s->dir,
                 n, strerror(errno));
            goto bad;
        }
    }
    for (size_t i = 0; i < j->n_del; i++)
        if (unlink_beneath(dirfd, j->del[i], 0) != 0 && errno != ENOENT && errno != ENOTDIR &&
            errno != EISDIR && errno != ELOOP) {
            fail(s, OUTSET_IO, "cannot remove %s/%s of the previous set: %s", s->dir, j->del[i],
                 strerror(errno));
            goto bad;
        }
    /* Directories the previous set's files leave empty go too (innermost first; a
     * directory still holding anything stays). */
    for (size_t i = 0; i < j->n_del; i++) {
        char *d = parent_of(j->del[i]);
        while (d && *d && unlink_beneath(dirfd, d, AT_REMOVEDIR) == 0) {
            char *up = parent_of(d);
            free(d);
            d = up;
        }
        free(d);
    }
    /* Make the renames durable: every directory that received a name, then the top. */
    for (size_t i = 0; i < j->n_add; i++) {
        char *p = parent_of(j->add[i]);
        if (p && *p && (!last_parent || strcmp(p, last_parent) != 0)) {
            if (sync_dir_at(dirfd, p) != 0) {
                fail(s, OUTSET_IO, "cannot sync %s/%s: %s", s->dir, p, strerror(errno));
                free(p);
                goto bad;
            }
            free(last_parent);
            last_parent = p;
        } else {
            free(p);
        }
    }
    if (fsync(dirfd) != 0) {
        fail(s, OUTSET_IO, "cannot sync %s: %s", s->dir, strerror(errno));
        goto bad;
    }
    if (unlinkat(dirfd, JOURNAL_NAME, 0) != 0 && errno != ENOENT) {
        fail(s, OUTSET_IO, "cannot remove %s/%s: %s", s->dir, JOURNAL_NAME, strerror(errno));
        goto bad;
    }
    (void)fsync(dirfd);
    (void)remove_tree(dirfd, j->stage, 0);
    free(last_parent);
    return 0;
bad:
    free(last_parent);
    return -1;
}

/* Complete the commit a dead process left in s->dir, if any. Returns 0 (nothing to do,
 * or done), or -1 with a message in s. */
static int recover(struct outset *s)
{
    char *text;
    size_t len;
    struct journal j;
    if (outset_slurp_at(s->dirfd, JOURNAL_NAME, MAX_MANIFEST_BYTES, &text, &len) != 0) {
        if (errno == ENOENT)
            return 0;
        fail(s, OUTSET_INCOMPLETE, "cannot read the commit journal %s/%s: %s", s->dir,
             JOURNAL_NAME, strerror(errno));
        return -1;
    }
    int rc = journal_parse(text, &j);
    free(text);
    if (rc != 0) {
        fail(s, OUTSET_INCOMPLETE,
             "%s/%s is not a commit journal drsim can complete; remove it to go on", s->dir,
             JOURNAL_NAME);
        return -1;
    }
    int stagefd = openat(s->dirfd, j.stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    rc = roll_forward(s, s->dirfd, stagefd, &j);
    if (stagefd >= 0)
        close(stagefd);
    if (rc != 0) {
        char *why = s->err ? strdup(s->err) : NULL;
        fail(s, OUTSET_INCOMPLETE, "cannot complete the commit an earlier run left in %s: %s",
             s->dir, why ? why : "error");
        free(why);
    }
    journal_fini(&j);
    return rc;
}

/* Is the staging directory `name` below dirfd left by a dead process? Its live owner
 * holds an flock on it; where flock is not available, the PID in its name is asked. */
static int stage_is_stale(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return 0; /* gone meanwhile, or not a directory: not a staging directory */
    int stale;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        stale = 1;
    } else if (errno == EWOULDBLOCK) {
        stale = 0;
    } else {
        long pid = strtol(name + strlen(STAGE_PREFIX), NULL, 10);
        stale = pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
    }
    close(fd);
    return stale;
}

/* Remove every stale staging directory in s->dir. Failures are ignored: a directory
 * that cannot be removed now is tried again by the next run. */
static void remove_stale(struct outset *s)
{
    int fd = openat(s->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    char **stale = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, STAGE_PREFIX, strlen(STAGE_PREFIX)) == 0 &&
            stage_is_stale(s->dirfd, e->d_name) && outset_push_name(&stale, &n, e->d_name) != 0)
            break;
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        (void)remove_tree(s->dirfd, stale[i], 0);
        free(stale[i]);
    }
    free(stale);
}

/* ---- the public functions ----------------------------------------------------------------- */

enum outset_status outset_begin(const char *dir, const char *manifest, struct outset **out)
{
    struct outset *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return OUTSET_NOMEM;
    s->dirfd = s->stagefd = -1;
    atomic_init(&s->state, SET_FAILED);
    s->dir = strdup(dir ? dir : "");
    s->manifest = manifest ? strdup(manifest) : NULL;
    if (!s->dir || (manifest && !s->manifest))
        return fail(s, OUTSET_NOMEM, "out of memory");
    if (manifest && (!outset_name_ok(manifest, NULL) || strchr(manifest, '/')))
        return fail(s, OUTSET_NAME, "'%s' cannot name a manifest", manifest);
    if (outset_make_dirs(s->dir) != 0)
        return fail(s, OUTSET_IO, "cannot create output directory '%s': %s", s->dir,
                    strerror(errno));
    s->dirfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->dirfd < 0)
        return fail(s, OUTSET_IO, "cannot open output directory '%s': %s", s->dir,
                    strerror(errno));

    /* Recovery and creating the stage hold the directory's lock, so no other run is
     * committing meanwhile (a lock the file system refuses is done without). */
    (void)flock(s->dirfd, LOCK_EX);
    enum outset_status st = OUTSET_OK;
    if (recover(s) != 0) {
        st = OUTSET_INCOMPLETE;
        goto out;
    }
    remove_stale(s);
    char *path = str_printf("%s/%s%ld-XXXXXX", s->dir, STAGE_PREFIX, (long)getpid());
    if (!path) {
        st = fail(s, OUTSET_NOMEM, "out of memory");
        goto out;
    }
    if (!mkdtemp(path)) {
        st = fail(s, OUTSET_IO, "cannot create a staging directory in '%s': %s", s->dir,
                  strerror(errno));
        free(path);
        goto out;
    }
    s->stage_path = path;
    s->stage_name = strdup(strrchr(path, '/') + 1);
    s->aside_name = s->stage_name ? str_printf("%s-gone", s->stage_name) : NULL;
    s->stagefd = openat(s->dirfd, s->stage_name ? s->stage_name : "",
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (!s->stage_name || !s->aside_name || s->stagefd < 0) {
        st = s->stagefd < 0 && s->stage_name && s->aside_name
                 ? fail(s, OUTSET_IO, "cannot open %s: %s", path, strerror(errno))
                 : fail(s, OUTSET_NOMEM, "out of memory");
        rmdir(path);
        goto out;
    }
    (void)flock(s->stagefd, LOCK_EX | LOCK_NB);
    atomic_store(&s->state, SET_OPEN);
out:
    (void)flock(s->dirfd, LOCK_UN);
    return st;
}

const char *outset_error(const struct outset *s)
{
    return s && s->err ? s->err : "";
}

const char *outset_dir(const struct outset *s)
{
    return s->dir;
}

const char *outset_stage_dir(const struct outset *s)
{
    return s->stage_path ? s->stage_path : s->dir;
}

/* The staging path of name, its parents created; is_dir also creates name itself. The
 * directories are made by path, not relative to the stage's descriptor, so that after
 * outset_abort has renamed the stage aside they fail instead of filling it again. */
static enum outset_status stage_path(struct outset *s, const char *name, int is_dir,
                                     const char **path)
{
    *path = NULL;
    if (atomic_load(&s->state) != SET_OPEN)
        return fail(s, OUTSET_STATE, "the output set of %s is already %s", s->dir,
                    atomic_load(&s->state) == SET_COMMITTED ? "committed" : "closed");
    if (!outset_name_ok(name, s->manifest))
        return fail(s, OUTSET_NAME, "'%s' cannot name a file of an output set", name);
    char *full = str_printf("%s/%s", s->stage_path, name);
    if (!full)
        return fail(s, OUTSET_NOMEM, "out of memory");
    size_t base = strlen(s->stage_path) + 1;
    for (char *c = full + base;; c++) {
        int end = *c == '\0';
        if (*c != '/' && !end)
            continue;
        if (end && !is_dir)
            break;
        char was = *c;
        *c = '\0';
        int rc = mkdir(full, 0777);
        int e = errno;
        *c = was;
        if (rc != 0 && e != EEXIST) {
            free(full);
            return fail(s, OUTSET_IO, "cannot create a directory for %s/%s: %s", s->dir, name,
                        strerror(e));
        }
        if (end)
            break;
    }
    if (!(*path = keep(s, full)))
        return fail(s, OUTSET_NOMEM, "out of memory");
    return OUTSET_OK;
}

enum outset_status outset_path(struct outset *s, const char *name, const char **path)
{
    return stage_path(s, name, 0, path);
}

enum outset_status outset_subdir(struct outset *s, const char *name, const char **path)
{
    return stage_path(s, name, 1, path);
}

enum outset_status outset_fopen(struct outset *s, const char *name, FILE **f)
{
    const char *path;
    enum outset_status st = outset_path(s, name, &path);
    *f = NULL;
    if (st != OUTSET_OK)
        return st;
    if (!(*f = fopen(path, "w")))
        return fail(s, OUTSET_IO, "cannot create %s: %s", path, strerror(errno));
    return OUTSET_OK;
}

/* Hash and fsync every regular file below the directory fd (relative name prefix pre),
 * appending to *v; fsync the directories too. Returns OUTSET_OK or a failure (message
 * in s). */
static enum outset_status scan(struct outset *s, int fd, const char *pre, int depth,
                               struct entry **v, size_t *n)
{
    DIR *d = fdopendir(fd);
    enum outset_status st = OUTSET_OK;
    if (!d) {
        close(fd);
        return fail(s, OUTSET_IO, "cannot read %s/%s: %s", s->stage_path, pre, strerror(errno));
    }
    struct dirent *e;
    while (st == OUTSET_OK && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *rel = *pre ? str_printf("%s/%s", pre, e->d_name) : strdup(e->d_name);
        struct stat sb;
        if (!rel) {
            st = fail(s, OUTSET_NOMEM, "out of memory");
            break;
        }
        if (fstatat(fd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
            st = fail(s, OUTSET_IO, "cannot read %s/%s: %s", s->stage_path, rel, strerror(errno));
        } else if (S_ISDIR(sb.st_mode) && depth < MAX_DEPTH) {
            int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            st = sub < 0 ? fail(s, OUTSET_IO, "cannot read %s/%s: %s", s->stage_path, rel,
                                strerror(errno))
                         : scan(s, sub, rel, depth + 1, v, n);
        } else if (!S_ISREG(sb.st_mode) || !outset_name_ok(rel, s->manifest)) {
            st = fail(s, OUTSET_NAME, "%s/%s cannot be part of an output set", s->stage_path,
                      rel);
        } else {
            struct entry *nv = realloc(*v, (*n + 1) * sizeof *nv);
            int f = openat(fd, e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (nv)
                *v = nv;
            if (!nv || f < 0) {
                st = !nv ? fail(s, OUTSET_NOMEM, "out of memory")
                         : fail(s, OUTSET_IO, "cannot read %s/%s: %s", s->stage_path, rel,
                                strerror(errno));
                if (f >= 0)
                    close(f);
            } else {
                struct digest_ctx c;
                unsigned char buf[65536], dig[DIGEST_SHA256_LEN];
                uint64_t size = 0;
                ssize_t got;
                digest_init(&c);
                while ((got = read(f, buf, sizeof buf)) > 0 || (got < 0 && errno == EINTR))
                    if (got > 0) {
                        digest_update(&c, buf, (size_t)got);
                        size += (uint64_t)got;
                    }
                if (got < 0 || fsync(f) != 0) {
                    st = fail(s, OUTSET_IO, "cannot %s %s/%s: %s", got < 0 ? "read" : "sync",
                              s->stage_path, rel, strerror(errno));
                } else {
                    digest_final(&c, dig);
                    struct entry *en = &(*v)[(*n)++];
                    en->name = rel;
                    en->size_bytes = size;
                    digest_hex(dig, en->sha256);
                    rel = NULL;
                }
                close(f);
            }
        }
        free(rel);
    }
    if (st == OUTSET_OK && fsync(fd) != 0)
        st = fail(s, OUTSET_IO, "cannot sync %s/%s: %s", s->stage_path, pre, strerror(errno));
    closedir(d);
    return st;
}

/* Before the point of no return: every new name can be moved in. Its parent directories
 * are created in the output directory (harmless to the previous set), must be
 * directories on the staging directory's file system, and the name itself must not be
 * a directory. */
static enum outset_status preflight(struct outset *s, const struct journal *j)
{
    struct stat stage_st, st;
    if (fstat(s->stagefd, &stage_st) != 0)
        return fail(s, OUTSET_IO, "cannot read %s: %s", s->stage_path, strerror(errno));
    for (size_t i = 0; i < j->n_add; i++) {
        const char *n = j->add[i];
        char *p = parent_of(n);
        if (!p)
            return fail(s, OUTSET_NOMEM, "out of memory");
        int rc = make_parents_at(s->dirfd, n) == 0 ? fstatat(s->dirfd, *p ? p : ".", &st, 0) : -1;
        int e = errno;
        free(p);
        if (rc != 0)
            return fail(s, OUTSET_IO, "cannot write %s/%s: %s", s->dir, n, strerror(e));
        if (st.st_dev != stage_st.st_dev)
            return fail(s, OUTSET_IO, "cannot write %s/%s: its directory is on another file "
                        "system than %s", s->dir, n, s->stage_path);
        if (fstatat(s->dirfd, n, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
            return fail(s, OUTSET_IO, "cannot write %s/%s: %s", s->dir, n, strerror(EISDIR));
    }
    return OUTSET_OK;
}

/* Write the manifest of entries v[0, n) into the staging directory and fsync it. */
static enum outset_status write_manifest(struct outset *s, const struct outset_meta *m,
                                         const struct entry *v, size_t n)
{
    struct outset_meta none = {NULL, NULL, NULL, 0, 0, 0};
    char *path = str_printf("%s/%s", s->stage_path, s->manifest);
    struct jsonio_writer w;
    if (!m)
        m = &none;
    if (!path)
        return fail(s, OUTSET_NOMEM, "out of memory");
    if (jsonio_open(&w, path) != 0) {
        enum outset_status st = fail(s, OUTSET_IO, "cannot create %s: %s", path, strerror(errno));
        free(path);
        return st;
    }
    jsonio_text(&w, "drsim_version", m->version);
    jsonio_text(&w, "command", m->command);
    if (m->plan) {
        char hex[65];
        plan_sha256_hex(m->plan, hex);
        jsonio_object(&w, "plan");
        jsonio_text(&w, "name", m->plan->name);
        jsonio_text(&w, "file", m->plan->path);
        jsonio_text(&w, "sha256", hex);
        jsonio_end_object(&w);
    } else {
        jsonio_null(&w, "plan");
    }
    if (m->has_run) {
        jsonio_u64(&w, "seed", m->seed);
        jsonio_u64(&w, "trials", m->trials);
    }
    jsonio_array(&w, "files");
    for (size_t i = 0; i < n; i++) {
        jsonio_object(&w, NULL);
        jsonio_text(&w, "path", v[i].name);
        jsonio_u64(&w, "size_bytes", v[i].size_bytes);
        jsonio_text(&w, "sha256", v[i].sha256);
        jsonio_end_object(&w);
    }
    jsonio_end_array(&w);
    enum outset_status st = OUTSET_OK;
    int f = -1;
    if (jsonio_commit(&w) != 0 || (f = openat(s->stagefd, s->manifest, O_RDONLY | O_CLOEXEC)) < 0 ||
        fsync(f) != 0 || fsync(s->stagefd) != 0)
        st = fail(s, OUTSET_IO, "cannot write %s: %s", path, strerror(errno));
    if (f >= 0)
        close(f);
    free(path);
    return st;
}

/* Remove the staging directory of an open set: renamed aside first (see outset_abort). */
static void discard_stage(struct outset *s)
{
    if (renameat(s->dirfd, s->stage_name, s->dirfd, s->aside_name) == 0)
        (void)remove_tree(s->dirfd, s->aside_name, 0);
    else
        (void)remove_tree(s->dirfd, s->stage_name, 0);
}

enum outset_status outset_commit(struct outset *s, const struct outset_meta *meta)
{
    struct entry *v = NULL;
    size_t n = 0;
    char **old = NULL;
    size_t n_old = 0;
    struct journal j = {NULL, NULL, 0, NULL, 0};
    enum outset_status st;

    if (atomic_load(&s->state) != SET_OPEN)
        return fail(s, OUTSET_STATE, "the output set of %s is already %s", s->dir,
                    atomic_load(&s->state) == SET_COMMITTED ? "committed" : "closed");
    (void)flock(s->dirfd, LOCK_EX);
    int fd = openat(s->stagefd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    st = fd < 0 ? fail(s, OUTSET_IO, "cannot read %s: %s", s->stage_path, strerror(errno))
                : scan(s, fd, "", 0, &v, &n);
    if (st != OUTSET_OK)
        goto undo;
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_entry);

    /* The journal: the set's files in name order, the manifest last; then the previous
     * set's files the new one does not have. */
    if (!(j.stage = strdup(s->stage_name)))
        goto nomem;
    for (size_t i = 0; i < n; i++)
        if (outset_push_name(&j.add, &j.n_add, v[i].name) != 0)
            goto nomem;
    if (s->manifest) {
        if (outset_push_name(&j.add, &j.n_add, s->manifest) != 0)
            goto nomem;
        outset_manifest_read(s->dirfd, s->manifest, &old, &n_old);
        for (size_t i = 0; i < n_old; i++) {
            struct entry key = {old[i], 0, ""};
            if (!bsearch(&key, v, n, sizeof *v, cmp_entry) &&
                outset_push_name(&j.del, &j.n_del, old[i]) != 0)
                goto nomem;
        }
    }
    if ((st = preflight(s, &j)) != OUTSET_OK)
        goto undo;
    if (s->manifest && (st = write_manifest(s, meta, v, n)) != OUTSET_OK)
        goto undo;
    if (journal_write(s, &j) != 0) {
        st = fail(s, OUTSET_IO, "cannot write the commit journal in %s: %s", s->dir,
                  strerror(errno));
        goto undo;
    }
    (void)fsync(s->dirfd);

    /* Past the point of no return: what fails from here is completed by the next run. */
    if (roll_forward(s, s->dirfd, s->stagefd, &j) != 0) {
        char *why = s->err ? strdup(s->err) : NULL;
        st = fail(s, OUTSET_INCOMPLETE, "%s (the next run in %s completes the commit)",
                  why ? why : "error", s->dir);
        free(why);
        atomic_store(&s->state, SET_FAILED);
        goto out;
    }
    atomic_store(&s->state, SET_COMMITTED);
    st = OUTSET_OK;
    goto out;
nomem:
    st = fail(s, OUTSET_NOMEM, "out of memory");
undo:
    discard_stage(s);
    atomic_store(&s->state, SET_FAILED);
out:
    (void)flock(s->dirfd, LOCK_UN);
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
    for (size_t i = 0; i < n_old; i++)
        free(old[i]);
    free(old);
    journal_fini(&j);
    return st;
}

void outset_abort(struct outset *s)
{
    int open = SET_OPEN;
    if (s && atomic_compare_exchange_strong(&s->state, &open, SET_ABORTED))
        discard_stage(s);
}

void outset_free(struct outset *s)
{
    if (!s)
        return;
    outset_abort(s);
    if (s->stagefd >= 0)
        close(s->stagefd);
    if (s->dirfd >= 0)
        close(s->dirfd);
    while (s->strings) {
        struct owned *o = s->strings;
        s->strings = o->next;
        free(o);
    }
    free(s->dir);
    free(s->manifest);
    free(s->stage_name);
    free(s->aside_name);
    free(s->stage_path);
    free(s->err);
    free(s);
}

enum outset_status outset_write_file(const char *path, const void *data, size_t len,
                                     char **msg)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? (slash == path ? strdup("/") : parent_of(path)) : strdup(".");
    const char *name = slash ? slash + 1 : path;
    struct outset *s = NULL;
    FILE *f = NULL;
    enum outset_status st;

    if (msg)
        *msg = NULL;
    if (!dir)
        return OUTSET_NOMEM;
    struct stat dst;
    int dir_err = stat(dir, &dst) != 0 ? errno : S_ISDIR(dst.st_mode) ? 0 : ENOTDIR;
    if (dir_err != 0) {
        size_t n = strlen(path) + 128;
        if (msg && (*msg = malloc(n)) != NULL)
            snprintf(*msg, n, "cannot write %s: %s", path, strerror(dir_err));
        free(dir);
        return OUTSET_IO;
    }
    if ((st = outset_begin(dir, NULL, &s)) == OUTSET_OK && (st = outset_fopen(s, name, &f)) == OUTSET_OK) {
        int bad = (len && fwrite(data, 1, len, f) != len) || fflush(f) != 0;
        int e = errno;
        if (fclose(f) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        st = bad ? fail(s, OUTSET_IO, "cannot write %s: %s", path, strerror(e ? e : EIO))
                 : outset_commit(s, NULL);
    }
    if (st != OUTSET_OK && msg)
        *msg = strdup(s ? outset_error(s) : outset_strerror(st));
    outset_free(s);
    free(dir);
    return st;
}

const char *outset_strerror(enum outset_status st)
{
    switch (st) {
    case OUTSET_OK: return "success";
    case OUTSET_NOMEM: return "out of memory";
    case OUTSET_IO: return "I/O error";
    case OUTSET_NAME: return "not a name a file of an output set can have";
    case OUTSET_STATE: return "the output set is already committed or aborted";
    case OUTSET_INCOMPLETE: return "commit incomplete; the next run completes it";
    }
    return "unknown status";
}
