/* reports/outset.h: an output set: the files one command writes into one directory,
 * published together or not at all.
 *
 * A run writes summary.json, a workbook, forty chart files and a review pack. If the
 * run fails, runs out of disk or is killed half-way, the directory must still hold the
 * complete previous set of files, never a mix of old and new, and no temporaries. So
 * writers never write into the directory itself: outset_begin makes a staging directory
 * inside it (DIR/.drsim-stage-PID-XXXXXX, on the same file system, so renames out of it
 * are atomic), every writer writes plainly to the staging path outset_path gives it, and
 * outset_commit publishes the lot:
 *
 *   1. fsync every staged file and compute its SHA-256;
 *   2. write the manifest (by default manifest.json: every file of the set with its size
 *      and SHA-256, the plan's SHA-256, seed, trials, drsim version, command);
 *   3. write the commit journal DIR/.drsim-commit (the files to move in, the files of
 *      the previous set to remove) and fsync DIR: from here on the commit is certain;
 *   4. rename each staged file into place, the manifest last; remove the files of the
 *      previous set (those its manifest lists) that the new set no longer has;
 *   5. fsync the directories, remove the journal and the staging directory.
 *
 * A process killed during step 4 leaves the journal: the next outset_begin on the
 * directory finishes the renames first ("rolls forward"). A process killed before it
 * leaves only its staging directory, which the next outset_begin removes (a staging
 * directory is flock'ed by its live owner, so a concurrent run's is never taken for a
 * stale one). Commits and this recovery hold an flock on DIR, so two runs into one
 * directory publish one after the other. SIGINT and SIGTERM are the caller's to catch
 * (cli/ does, and calls outset_abort).
 *
 * Files get the mode a plain create gives them (0666 less the umask): writers create
 * them with fopen or open(..., 0666), never mkstemp. A set written without a manifest
 * (manifest name NULL) only renames its files into place, removing nothing: that is the
 * single-file atomic write (outset_write_file), e.g. for `calibrate -o FILE`.
 *
 * Errors are a status plus a message kept in the set (SQLite's errmsg style): a failed
 * outset_begin still returns the set, so outset_error can say why, except when out of
 * memory. Names inside a set are plain relative paths ("summary.json",
 * "charts/zone-rto-cdf.png"): no "." or ".." component, no control character, nothing
 * starting with ".drsim-" (reserved for the staging machinery), not the manifest.
 */
#ifndef DRSIM_OUTSET_H
#define DRSIM_OUTSET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct plan;
struct outset;

/* Status of every function returning one; outset_strerror maps it to text. */
enum outset_status {
    OUTSET_OK = 0,         /* success */
    OUTSET_NOMEM,          /* out of memory */
    OUTSET_IO,             /* a file-system call failed (the message names the path) */
    OUTSET_NAME,           /* a name is not a plain relative path, or is reserved */
    OUTSET_STATE,          /* the set was already committed or aborted */
    OUTSET_INCOMPLETE      /* commit failed after its point of no return: the journal and
                              staging directory remain and the next outset_begin on the
                              directory completes the commit */
};

/* What the manifest records besides the files. Strings are borrowed; NULL ones are
 * written as null. */
struct outset_meta {
    const char *version;        /* drsim version */
    const char *command;        /* the command line that reproduces the set */
    const struct plan *plan;    /* the plan (name, file, SHA-256), or NULL */
    int has_run;                /* 1 when seed and trials below mean something */
    uint64_t seed;              /* the run's seed */
    uint64_t trials;            /* trials per scenario (per point for a sweep) */
};

/* The manifest name `drsim run` uses. */
#define OUTSET_MANIFEST "manifest.json"

/* Start a set for directory dir: create dir and its missing parents (mode 0777 less
 * the umask), complete a commit a killed process left half-done (its journal), remove
 * staging directories left by dead processes, and create this set's staging directory.
 * manifest names the manifest file of the set (OUTSET_MANIFEST), or is NULL for a set
 * without one (files are only renamed into place; nothing is removed). Sets *out to the
 * new set, also on failure (then outset_error says why and the set can only be freed),
 * except on OUTSET_NOMEM where *out may be NULL. */
enum outset_status outset_begin(const char *dir, const char *manifest, struct outset **out);

/* The message of the set's last failure ("" when none). Owned by the set. */
const char *outset_error(const struct outset *s);

/* The final directory, as given to outset_begin (for messages: the file `name` of the
 * set will be at outset_dir(s) + "/" + name). Owned by the set. */
const char *outset_dir(const struct outset *s);

/* The staging directory's path (owned by the set): where the set's files are until
 * the commit. A writer's error message naming a staged file can be shown with this
 * prefix replaced by outset_dir. */
const char *outset_stage_dir(const struct outset *s);

/* The staging path of file `name` in *path (owned by the set, valid until outset_free),
 * its parent directories created in the staging directory. The writer creates the file
 * itself (plainly: fopen or open(..., 0666); no temporary, no rename). OUTSET_NAME for
 * a bad or reserved name, OUTSET_IO when a directory cannot be created. */
enum outset_status outset_path(struct outset *s, const char *name, const char **path);

/* The staging path of the directory `name` (e.g. "charts"), created with its parents,
 * for a writer that names its own files inside it. As outset_path otherwise. */
enum outset_status outset_subdir(struct outset *s, const char *name, const char **path);

/* Open the staged file `name` for writing ("w") into *f, for text and JSON. The caller
 * checks its writes and fcloses it before outset_commit (a failed fclose is a failed
 * write). As outset_path otherwise (OUTSET_IO also when the file cannot be created). */
enum outset_status outset_fopen(struct outset *s, const char *name, FILE **f);

/* Publish the set (steps 1 to 5 above); meta is used only when the set has a manifest
 * (it may be NULL otherwise). Every regular file in the staging directory belongs to the
 * set; an empty staged directory publishes nothing. Before the point of no return a
 * failure (OUTSET_IO: a file unreadable, a name in the directory held by a directory or
 * another file system, disk full) leaves the directory as it was and removes the staging
 * directory; after it, OUTSET_INCOMPLETE (see the enum). Either way the set is then
 * finished: only outset_error and outset_free remain. */
enum outset_status outset_commit(struct outset *s, const struct outset_meta *meta);

/* Give up: remove the staging directory and everything in it; the directory keeps its
 * previous set. It renames the staging directory aside first, so a writer still running
 * in another thread fails instead of recreating files: outset_abort may be called from
 * another thread (a signal-watching one) while this set's owner writes, but never at the
 * same time as outset_commit or outset_free (serialize those with a mutex). A no-op on a
 * committed or aborted set. */
void outset_abort(struct outset *s);

/* Abort the set if it is still open, release locks and memory. NULL is a no-op. */
void outset_free(struct outset *s);

/* Write len bytes to path atomically through a set without manifest rooted at path's
 * directory, which must exist (a named output file goes into an existing directory, as
 * with cp or a shell redirection; a missing one fails with ENOENT and creates nothing):
 * afterwards path holds either its old content or data,
 * with the mode a new file gets (0666 less the umask; an existing file's mode is not
 * kept). On failure returns the status and, when msg is not NULL, a malloc'd message in
 * *msg for the caller to free (*msg is NULL on success). */
enum outset_status outset_write_file(const char *path, const void *data, size_t len,
                                     char **msg);

/* Text of a status. */
/* mkdir -p: dir and its missing parents (mode 0777 less the umask). Returns 0, or -1
 * with errno set (ENOTDIR when dir exists and is not a directory; ENOENT for ""). */
int outset_make_dirs(const char *dir);

const char *outset_strerror(enum outset_status st);

#endif
