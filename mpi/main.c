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
 * at stake), and every rank receives every share (MPI_Allgatherv) and merges them
 * exactly (integer counts, fixed-bin histograms, exact sums) into the same results. So
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

/* Every rank's bytes to every rank, in rank order: *all gets them one after the other,
 * lens[r] rank r's length (both allocated here). Returns 0 on every rank, or -1 on every
 * rank when the shares exceed what one MPI call carries (2 GiB in all) or memory ran
 * out on some rank. */
static int allgather(const struct mpi_engine *m, const struct wire_out *w, unsigned char **all,
                     int **lens)
{
    long long mine = w->nomem || w->len > INT_MAX ? -1 : (long long)w->len;
    long long *l64 = malloc((size_t)m->size * sizeof *l64);
    int *l = malloc((size_t)m->size * sizeof *l);
    int *off = malloc((size_t)m->size * sizeof *off);
    int ok = l64 && l && off;
    /* Every rank learns whether every rank has its buffers, then every length. */
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    unsigned char *buf = NULL;
    if (ok) {
        MPI_Allgather(&mine, 1, MPI_LONG_LONG, l64, 1, MPI_LONG_LONG, MPI_COMM_WORLD);
        long long total = 0;
        for (int r = 0; r < m->size && ok; r++) {
            if (l64[r] < 0 || total + l64[r] > INT_MAX) {
                ok = 0;
            } else {
                l[r] = (int)l64[r];
                off[r] = (int)total;
                total += l64[r];
            }
        }
        /* The lengths are the same everywhere, so ok is too; only the allocation differs. */
        if (ok)
            ok = (buf = malloc(total ? (size_t)total : 1)) != NULL;
        MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    }
    if (ok)
        MPI_Allgatherv(w->data, (int)mine, MPI_BYTE, buf, l, off, MPI_BYTE, MPI_COMM_WORLD);
    free(l64);
    free(off);
    if (!ok) {
        free(l);
        free(buf);
        return -1;
    }
    *all = buf;
    *lens = l;
    return 0;
}

/* The engine (sim/mc.h, struct mc_engine): this rank's slice, every share to every rank,
 * the merge in rank order and the same results on every rank. */
static enum mc_status mpi_run(void *user, const struct plan *p, uint64_t n_trials,
                              uint64_t seed, int threads, mc_progress_fn progress,
                              void *progress_user, const struct mc_sink *sink,
                              struct mc_results **out)
{
    const struct mpi_engine *m = user;
    *out = NULL;
    /* The same on every rank: no rank goes on to a collective call alone. */
    if (n_trials == 0 || n_trials > MC_MAX_TRIALS || threads < 1 || p->n_scenarios < 1 ||
        (sink && (!sink->put || !sink->merge)))
        return MC_INVALID;
    uint64_t first, count;
    struct mc_part *mine = NULL;
    mc_slice(n_trials, (uint64_t)m->rank + 1, (uint64_t)m->size, &first, &count);
    enum mc_status st = mc_run_part(p, n_trials, first, count, seed, threads,
                                    m->rank == 0 ? progress : NULL, progress_user, sink, &mine);
    struct wire_out w;
    wire_out_init(&w);
    mc_share_put(&w, st, mine, sink);
    unsigned char *all = NULL;
    int *lens = NULL;
    int g = allgather(m, &w, &all, &lens);
    wire_out_fini(&w);
    if (g != 0) {
        mc_part_free(mine);
        return MC_NOMEM;
    }
    /* The other ranks' shares merged into this one's (the sink already holds this rank's
     * trials): every rank reads every status, so all of them return the same one. */
    enum mc_status worst = MC_OK;
    size_t at = 0;
    for (int r = 0; r < m->size; r++) {
        struct wire_in in;
        wire_in_init(&in, all + at, (size_t)lens[r]);
        at += (size_t)lens[r];
        enum mc_status sr = MC_OK;
        if (r == m->rank) {
            sr = st;
        } else if (worst == MC_OK) {
            struct mc_part *into = mine;
            int d = mc_share_merge(&in, p, sink, &into, &sr);
            mine = into;
            if (d != 0 || in.pos != in.len)
                sr = d == -2 ? MC_NOMEM : MC_INVALID;
        } else {
            /* Only the status is read once some rank failed. */
            (void)wire_get_u64(&in);
            uint64_t v = wire_get_u64(&in);
            sr = in.bad || v > MC_CANCELLED ? MC_INVALID : (enum mc_status)v;
        }
        if (worst == MC_OK && sr != MC_OK)
            worst = sr;
    }
    free(all);
    free(lens);
    if (worst == MC_OK)
        worst = mc_part_finish(mine, p, seed, threads, out);
    mc_part_free(mine);
    /* Memory can run out on one rank only: then every rank fails, so that none goes on
     * to a collective call alone. */
    int agreed = (int)worst;
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
