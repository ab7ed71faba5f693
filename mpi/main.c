/* mpi/main.c: drsim-mpi, the drsim command with every run of the engine split across MPI
 * ranks.
 *
 *   mpirun -np K ./drsim-mpi run|sweep|sensitivity|trace [PLAN] [the command's options]
 *
 * Every rank runs the same command on the same arguments. Each run of the engine (sim/
 * mc.h: the run itself, its decision curve and levers, every sweep point, every design
 * point of one-at-a-time or Sobol sensitivity) goes through this file's engine: rank r
 * plays the (r+1)-th of K slices of the trial indices (sim/mc_part.h: mc_slice, the trials
 * `drsim run --shard r+1/K` would play), turns what it accumulated into bytes (a share:
 * its histograms, counts and exact sums, and the per-trial sink's state, e.g. the money
 * at stake); the shares are merged exactly (integer counts, fixed-bin histograms, exact
 * sums) up a binomial tree to rank 0, which broadcasts the total to every rank. So
 * every rank takes the same decisions afterwards (which lever to try next, which trial is
 * the median) and the figures are those of `drsim run` with the same plan, seed and trial
 * count, bit for bit, for any K and any -j (each rank's threads).
 *
 * Rank 0 prints and publishes the outputs; the others print nothing and discard theirs
 * (cli/cli.h, struct cli_process). What needs every trial in one process (--trials-csv,
 * --trials-sheet) is refused. Only this file includes <mpi.h>; the plain drsim has no MPI
 * dependency (`make drsim-mpi` builds this program: docs/scale-out.md).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <mpi.h>

#include "cli/cli.h"
#include "sim/mc_part.h"
#include "sim/wire.h"

struct mpi_engine {
    int rank, size;
};

#define SHARE_TAG 7101 /* the point-to-point messages of the reduction */

/* Rank `from`'s message of a share into a new buffer (*buf, *len). Out of memory here
 * cannot be told to the sender in time: the job is aborted. */
static void recv_share(int from, unsigned char **buf, int *len)
{
    MPI_Status ms;
    MPI_Probe(from, SHARE_TAG, MPI_COMM_WORLD, &ms);
    MPI_Get_count(&ms, MPI_BYTE, len);
    if (!(*buf = malloc(*len > 0 ? (size_t)*len : 1)))
        MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_IO);
    MPI_Recv(*buf, *len, MPI_BYTE, from, SHARE_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

/* This rank's share as bytes in w: its status, and when MC_OK its partial result and the
 * sink's state; a share too big for one message (2 GiB) goes as MC_NOMEM. */
static void share_bytes(struct wire_out *w, enum mc_status st, const struct mc_part *part,
                        const struct mc_sink *sink)
{
    wire_out_init(w);
    mc_share_put(w, st, part, sink);
    if (st == MC_OK && (w->nomem || w->len > INT_MAX)) {
        wire_out_fini(w);
        wire_out_init(w);
        mc_share_put(w, MC_NOMEM, NULL, NULL);
    }
}

/* Merge the share in buf into *part and sink when this rank's status st is still MC_OK;
 * returns the status after it (the share's own failure, or a merge's). */
static enum mc_status take_share(const unsigned char *buf, int len, const struct plan *p,
                                 const struct mc_sink *sink, struct mc_part **part,
                                 enum mc_status st)
{
    struct wire_in in;
    enum mc_status got = MC_OK;
    wire_in_init(&in, buf, (size_t)len);
    if (st != MC_OK)
        return st;
    int d = mc_share_merge(&in, p, sink, part, &got);
    if (d != 0 || (got == MC_OK && in.pos != in.len))
        return d == -2 ? MC_NOMEM : MC_INVALID;
    return got;
}

/* The engine (sim/mc.h, struct mc_engine). Rank r plays slice r + 1 of K; the shares are
 * reduced up a binomial tree to rank 0 (at step s, a rank whose bit s is set sends what
 * it has merged so far to the rank without that bit, which merges it: log2 K steps, at
 * most two shares in memory per rank), and rank 0 broadcasts the total, which every
 * other rank takes in place of its own. Every rank then finishes the same results. */
static enum mc_status mpi_run(void *user, const struct plan *p, uint64_t n_trials,
                              uint64_t seed, int threads, mc_progress_fn progress,
                              void *progress_user, const struct mc_sink *sink,
                              struct mc_results **out)
{
    const struct mpi_engine *m = user;
    *out = NULL;
    /* The same on every rank: no rank goes on to a collective call alone. */
    if (n_trials == 0 || n_trials > MC_MAX_TRIALS || threads < 1 || p->n_scenarios < 1 ||
        (sink && (!sink->put || !sink->merge || !sink->reset)))
        return MC_INVALID;
    uint64_t first, count;
    struct mc_part *mine = NULL;
    mc_slice(n_trials, (uint64_t)m->rank + 1, (uint64_t)m->size, &first, &count);
    enum mc_status st = mc_run_part(p, n_trials, first, count, seed, threads,
                                    m->rank == 0 ? progress : NULL, progress_user, sink, &mine);
    struct wire_out w;
    for (int mask = 1; mask < m->size; mask <<= 1) {
        if (m->rank & mask) {
            share_bytes(&w, st, mine, sink);
            MPI_Send(w.data, (int)w.len, MPI_BYTE, m->rank - mask, SHARE_TAG, MPI_COMM_WORLD);
            wire_out_fini(&w);
            break;
        }
        if (m->rank + mask < m->size) {
            unsigned char *buf;
            int len;
            recv_share(m->rank + mask, &buf, &len);
            st = take_share(buf, len, p, sink, &mine, st);
            free(buf);
        }
    }
    /* Rank 0 holds the whole run: every rank gets it. */
    long long len = 0;
    unsigned char *all = NULL;
    if (m->rank == 0) {
        share_bytes(&w, st, mine, sink);
        len = (long long)w.len;
        all = w.data;
    }
    MPI_Bcast(&len, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    if (m->rank != 0 && !(all = malloc(len > 0 ? (size_t)len : 1)))
        MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_IO);
    MPI_Bcast(all, (int)len, MPI_BYTE, 0, MPI_COMM_WORLD);
    if (m->rank == 0) {
        wire_out_fini(&w);
    } else {
        /* The total replaces what this rank merged on the way. */
        mc_part_free(mine);
        mine = NULL;
        if (sink)
            sink->reset(sink->user);
        st = take_share(all, (int)len, p, sink, &mine, MC_OK);
        free(all);
    }
    if (st == MC_OK)
        st = mc_part_finish(mine, p, seed, threads, out);
    mc_part_free(mine);
    /* Memory can run out on one rank only: then every rank fails, so that none goes on
     * to a collective call alone. */
    int agreed = (int)st;
    MPI_Allreduce(MPI_IN_PLACE, &agreed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (agreed != MC_OK) {
        mc_results_free(*out);
        *out = NULL;
        return (enum mc_status)agreed;
    }
    return MC_OK;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int provided = 0;
    /* Only the main thread calls MPI; the engine's worker threads never do. */
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    struct mpi_engine m;
    MPI_Comm_rank(MPI_COMM_WORLD, &m.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m.size);
    if (m.rank != 0) {
        /* Rank 0 speaks for the run: the others' words would be the same K - 1 times. */
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_IO);
    }
    struct cli_process proc = {m.rank == 0, 1, "drsim-mpi", NULL, NULL, 0, NULL};
    cli_set_process(&proc);
    struct mc_engine eng = {&m, mpi_run};
    mc_set_engine(&eng);
    int rc = cli_main(argc, argv);
    /* Every rank ends the same command the same way (their runs return the same status);
     * rank 0's exit status is the program's. */
    MPI_Finalize();
    return rc;
}
