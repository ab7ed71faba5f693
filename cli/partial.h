/* cli/partial.h: a shard's partial result on disk (`drsim run --shard I/K`), and reading
 * shards back for `drsim merge`.
 *
 * A shard writes one file, DIR/partial.drsim, in the byte format of sim/wire.h: a magic
 * line, the format version, the drsim version, the plan (its name, its whole text and
 * its SHA-256, so that merge needs no other file and can prove every shard simulated the
 * same plan), the seed, the trial count per scenario, the shard's number I of K and its
 * trial slice, the share of the run (sim/mc_part.h: the partial result and the money's
 * accumulator) and, last, the SHA-256 of all the bytes
 * before it, so that a truncated or altered file is refused rather than merged.
 */
#ifndef DRSIM_PARTIAL_H
#define DRSIM_PARTIAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/mc_part.h"

#define PARTIAL_FILE "partial.drsim"

/* Who made a partial result: what must agree between the shards of one run. */
struct partial_id {
    char *version;          /* drsim version that wrote it, owned */
    char *plan_name;        /* the plan's path as given to run, or CLI_BUILTIN_NAME, owned */
    char *plan_text;        /* the plan file's bytes, NUL-terminated, owned */
    size_t plan_len;        /* bytes in plan_text */
    char plan_sha256[65];   /* hex SHA-256 of plan_text */
    uint64_t seed;
    uint64_t n_trials;      /* per scenario, of the whole run */
    uint64_t shard;         /* I, 1-based */
    uint64_t n_shards;      /* K */
    uint64_t first, count;  /* the trial slice, mc_slice(n_trials, I, K) */
    char *command;          /* the command the shard ran: "run", "sweep", "sensitivity" */
    int n_args;             /* its words but --shard and -o (sweep, sensitivity; none for
                               run, whose merge takes the report options) */
    char **args;            /* [n_args], owned */
};

/* One run of the engine that a shard played its slice of, in the order the command ran
 * them: a run has one, a sweep one per point, a sensitivity analysis one per design
 * point. The shard's share of it (sim/mc_part.h: mc_share_put) is `len` bytes at `offset`
 * in the file. */
struct partial_record {
    uint64_t n_trials;      /* of the whole run of the engine, per scenario */
    uint64_t seed;
    uint64_t offset;        /* of the share in the file */
    size_t len;             /* bytes of the share */
};

/* A shard file read back: its identity and where its records are (each read when it is
 * merged, partial_merge: the file is not held in memory). */
struct partial_file {
    char *path;             /* the file read, owned */
    struct partial_id id;
    uint64_t size;          /* bytes in the file when it was checked */
    size_t n_records;
    struct partial_record *records; /* [n_records], owned */
};

/* The identity of a shard this drsim writes (borrowing every string; nothing to free):
 * the plan's name, text and its SHA-256, the seed, the trial count, shard i of k and its
 * slice, the command and its words (none: n_args 0, args NULL). */
void partial_id_make(struct partial_id *id, const char *plan_name, const char *plan_text,
                     size_t plan_len, uint64_t seed, uint64_t n_trials, uint64_t shard,
                     uint64_t n_shards, const char *command, int n_args, char **args);

/* Append one record (the run's trial count, seed and this shard's share of it) to the
 * temporary stream tmp that partial_write copies from. 0, or -1 (errno set). */
int partial_record_put(FILE *tmp, uint64_t n_trials, uint64_t seed,
                       const struct wire_out *share);

/* Write the shard file to f: id, then the n_rec records appended to the stream records
 * (read from its start), then the count and the checksum. Returns 0, or -1 (errno set,
 * or ENOMEM). */
int partial_write(FILE *f, const struct partial_id *id, FILE *records, uint64_t n_rec);

/* Read path (a shard's output directory, or the file itself) into *out. Returns 0, or -1
 * with a message in err: not a shard file, a newer format, truncated or altered (the
 * checksum), unreadable. Pair with partial_file_fini in both cases. */
int partial_read(const char *path, struct partial_file *out, char *err, size_t errlen);

/* Check that the share of record j of the file is one of plan p (loaded from its id),
 * with sink the run's per-trial sink (its state is merged into sink) and this shard's
 * slice of the record's trials, merging its partial result into *part (made when NULL).
 * 0, -1 not a share of p (message in err), -2 out of memory. */
int partial_merge(const struct partial_file *f, size_t j, const struct plan *p,
                  const struct mc_sink *sink, struct mc_part **part, char *err, size_t errlen);

void partial_file_fini(struct partial_file *f);

/* Parse the argument of --shard ("I/K", 1 <= I <= K) into *i and *k. Returns 0, or -1 with
 * the reason in err (and the byte offset in arg it points at in *at). */
int partial_parse_shard(const char *arg, uint64_t *i, uint64_t *k, char *err, size_t errlen,
                        size_t *at);

#endif
