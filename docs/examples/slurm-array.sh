#!/bin/sh
# A Slurm job array that runs drsim as K shards and merges them (docs/scale-out.md).
#
#   sbatch --array=1-16 docs/examples/slurm-array.sh plan.yaml 100000000
#   (then, once every task has ended:)
#   sbatch --dependency=afterok:JOBID --wrap "drsim merge shards/*/ -o out"
#
# Each array task runs the slice of trials of its index; every task writes only its own
# directory, so tasks need no coordination and a failed task is rerun alone (same index,
# same slice, same numbers). SLURM_ARRAY_TASK_MAX is K when the array is 1-K.
#SBATCH --job-name=drsim-shard
#SBATCH --cpus-per-task=8
#SBATCH --mem=1G
#SBATCH --time=02:00:00
set -eu
plan=${1:?usage: slurm-array.sh PLAN TRIALS [SEED]}
trials=${2:?usage: slurm-array.sh PLAN TRIALS [SEED]}
seed=${3:-1}
i=${SLURM_ARRAY_TASK_ID:?run this with sbatch --array=1-K}
k=${SLURM_ARRAY_TASK_MAX:?run this with sbatch --array=1-K}
exec drsim run "$plan" -n "$trials" --seed "$seed" -j "${SLURM_CPUS_PER_TASK:-1}" -q \
  --shard "$i/$k" -o "shards/$i"
