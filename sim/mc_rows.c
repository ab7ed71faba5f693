/* sim/mc_rows.c: per-trial records on disk (sim/mc_rows.h). */
#include "sim/mc_rows.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct mc_rows {
    FILE *f;                 /* tmpfile(): unlinked, removed when closed */
    int fd;
    uint64_t n;              /* trials per scenario */
    int n_scenarios;
    atomic_int failed;       /* a write failed */
};

struct rows_chunk {
    struct mc_rows *rows;
    int scenario;
};

struct mc_rows *mc_rows_new(uint64_t n_trials, int n_scenarios)
{
    struct mc_rows *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->f = tmpfile();
    if (!r->f) {
        free(r);
        return NULL;
    }
    r->fd = fileno(r->f);
    r->n = n_trials;
    r->n_scenarios = n_scenarios;
    atomic_init(&r->failed, 0);
    return r;
}

static void *rows_begin(void *user, uint64_t seq, int scenario, uint64_t first, uint64_t n)
{
    (void)seq, (void)first, (void)n;
    struct rows_chunk *c = malloc(sizeof *c);
    if (!c) {
        atomic_store(&((struct mc_rows *)user)->failed, 1);
        return NULL;
    }
    c->rows = user;
    c->scenario = scenario;
    return c;
}

/* Each record goes to its own place: pwrite from any thread, in any order. */
static void rows_trial(void *chunk, const struct trial_result *t)
{
    struct rows_chunk *c = chunk;
    /* Zeroed whole first: the record goes to the file as bytes, its padding too. */
    struct mc_row row;
    memset(&row, 0, sizeof row);
    row.start_abs_s = t->start_abs_s;
    row.outage_s = t->outage_s;
    row.rto_s = t->rto_s;
    row.rpo_s = t->rpo_s;
    row.full_s = t->full_s;
    row.in_place = (unsigned char)t->in_place;
    row.abandoned = (unsigned char)t->abandoned;
    row.rpo_no_point = (unsigned char)t->rpo_no_point;
    off_t at = (off_t)(((uint64_t)c->scenario * c->rows->n + t->trial) * sizeof row);
    if (pwrite(c->rows->fd, &row, sizeof row, at) != (ssize_t)sizeof row)
        atomic_store(&c->rows->failed, 1);
}

static int rows_end(void *user, void *chunk)
{
    free(chunk);
    return atomic_load(&((struct mc_rows *)user)->failed);
}

void mc_rows_sink(struct mc_rows *rows, struct mc_sink *out)
{
    out->user = rows;
    out->chunk_begin = rows_begin;
    out->trial = rows_trial;
    out->chunk_end = rows_end;
    out->put = NULL; /* a row per trial in one file: it cannot be split */
    out->merge = NULL;
    out->reset = NULL;
    out->figures_only = 0; /* a row reads the outage's length, which figures-only workers
                              may leave unwritten */
}

int mc_rows_get(const struct mc_rows *rows, int s, uint64_t k, struct mc_row *row)
{
    off_t at = (off_t)(((uint64_t)s * rows->n + k) * sizeof *row);
    ssize_t got = pread(rows->fd, row, sizeof *row, at);
    if (got != (ssize_t)sizeof *row) {
        if (got >= 0)
            errno = EIO;
        return -1;
    }
    return 0;
}

int mc_rows_failed(const struct mc_rows *rows)
{
    return atomic_load((atomic_int *)&rows->failed);
}

void mc_rows_free(struct mc_rows *rows)
{
    if (!rows)
        return;
    fclose(rows->f);
    free(rows);
}
