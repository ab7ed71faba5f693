/* tests/outset_check.h: what the tests of output sets share (tests/test_outset.c for
 * reports/outset.h, tests/test_cli.c for `drsim run`): checking that a directory holds
 * exactly the set its manifest describes, and running drsim in a child process that a
 * test can signal. Every helper fails the current Criterion test on an error.
 */
#ifndef DRSIM_TESTS_OUTSET_CHECK_H
#define DRSIM_TESTS_OUTSET_CHECK_H

#include <sys/types.h>

/* Check that dir holds exactly the set dir/manifest.json lists: every file listed exists
 * with the listed size and SHA-256 and mode 0644 (the test runs under umask 022), no
 * other file is there except manifest.json itself, and manifest.json is the newest file
 * (changed last). With allow_stage, staging directories (.drsim-stage-*) are tolerated
 * (what a killed run leaves); otherwise no name starting with ".drsim-" may be there.
 * Returns the number of files listed. */
int oc_check_set(const char *dir, int allow_stage);

/* Does dir hold any name starting with ".drsim-" (at its top level)? */
int oc_has_temporaries(const char *dir);

/* The path of a file `name` inside the (first) staging directory of dir, into buf; 0 when
 * dir has no staging directory. */
int oc_staged_path(const char *dir, const char *name, char *buf, size_t n);

/* Start $DRSIM_BIN with the space-separated args in a child, its output to /dev/null;
 * when fsize_limit > 0 the child's files are limited to that many bytes (RLIMIT_FSIZE,
 * SIGXFSZ ignored: a write past it fails with EFBIG, as on a full disk). */
pid_t oc_spawn(const char *args, long fsize_limit);

/* Wait for child pid; returns its exit status, or minus the signal that killed it (so
 * that exit(130) and death by SIGINT differ). */
int oc_wait(pid_t pid);

/* Wait (up to a minute) until dir has a staging directory: the run's signal guard is
 * then in place. */
void oc_wait_stage(const char *dir);

/* Sleep for ms milliseconds. */
void oc_sleep_ms(long ms);

#endif
