/* cli/cmd_run_shard.c: `drsim run --shard I/K`: play one slice of a run's trials and
 * write its partial result for `drsim merge`.
 *
 * A batch scheduler (a Slurm array, a Kubernetes indexed Job) runs K copies of the same
 * command, each with its own I. Shard I plays the I-th of K slices of the trial indices of
 * every scenario (sim/mc_part.h: mc_slice, cut at whole units of MC_CHUNK trials), with
 * the run's per-trial money accumulator, and writes DIR/partial.drsim (cli/partial.h):
 * the plan's text and hash, the seed, the trial count, I of K, and its share of the run
 * (histograms, counts, exact sums, the money's state), published with DIR/manifest.json
 * as one output set. Nothing else is simulated or reported here: the decision curve, the
 * levers and every report are `drsim merge`'s, which needs every shard.
 */
#include <stdio.h>
#include <string.h>

#include "analysis/money.h"
#include "cli/cli.h"
#include "cli/partial.h"
#include "reports/outset.h"
#include "sim/mc_part.h"

int cli_run_shard(const struct cli_plan *cp, const struct cli_run_opts *ro, uint64_t shard,
                  uint64_t n_shards, const char *command)
{
    struct partial_id id;
    partial_id_make(&id, cp->name, cp->src, cp->len, ro->seed, ro->trials, shard, n_shards,
                    "run", 0, NULL);

    struct cli_outputs outs;
    int rc = cli_outputs_begin(&outs, ro->outdir, OUTSET_MANIFEST);
    if (rc != 0)
        return rc;
    struct cli_progress pg;
    cli_progress_init(&pg, ro->quiet);
    struct mc_sink sink = {0};
    struct money_acc *macc = money_acc_new(cp->plan, ro->trials);
    struct mc_part *part = NULL;
    if (macc)
        money_acc_sink(macc, &sink);
    enum mc_status ms = macc ? mc_run_part(cp->plan, ro->trials, id.first, id.count, ro->seed,
                                           (int)ro->threads, cli_progress_show, &pg, &sink,
                                           &part)
                             : MC_NOMEM;
    if (ms == MC_CANCELLED && money_acc_nomem(macc))
        ms = MC_NOMEM;
    struct wire_out w;
    wire_out_init(&w);
    if (ms == MC_OK)
        mc_share_put(&w, ms, part, &sink);
    mc_part_free(part);
    money_acc_free(macc);
    if (ms != MC_OK) {
        cli_error("simulation failed: %s", mc_strerror(ms));
        rc = CLI_EXIT_IO;
        goto out;
    }
    const char *staged = cli_outputs_path(&outs, PARTIAL_FILE, 0);
    if (!staged) {
        rc = CLI_EXIT_IO;
        goto out;
    }
    FILE *f = fopen(staged, "wb");
    FILE *records = tmpfile();
    int bad = !f || !records || partial_record_put(records, ro->trials, ro->seed, &w) != 0 ||
              partial_write(f, &id, records, 1) != 0;
    if (records)
        fclose(records);
    if (f && fclose(f) != 0)
        bad = 1;
    if (bad) {
        cli_error("cannot write %s/%s: %s", ro->outdir, PARTIAL_FILE,
                  w.nomem ? "out of memory" : "write failed (disk full?)");
        rc = CLI_EXIT_IO;
        goto out;
    }
    struct outset_meta om = {DRSIM_VERSION, command, cp->plan, 1, ro->seed, ro->trials};
    if ((rc = cli_outputs_commit(&outs, &om)) != 0)
        goto out;
    if (id.count > 0)
        printf("shard %llu/%llu of %s: trials %llu to %llu of %llu per scenario, seed %llu\n",
               (unsigned long long)shard, (unsigned long long)n_shards, cp->name,
               (unsigned long long)id.first, (unsigned long long)(id.first + id.count - 1),
               (unsigned long long)ro->trials, (unsigned long long)ro->seed);
    else
        printf("shard %llu/%llu of %s: no trials (%llu trials per scenario make fewer units "
               "of %d trials than there are shards), seed %llu\n",
               (unsigned long long)shard, (unsigned long long)n_shards, cp->name,
               (unsigned long long)ro->trials, MC_CHUNK, (unsigned long long)ro->seed);
    printf("wrote %s/%s (merge every shard with drsim merge)\n", ro->outdir, PARTIAL_FILE);
out:
    wire_out_fini(&w);
    cli_outputs_end(&outs);
    return rc;
}
