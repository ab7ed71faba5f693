#!/bin/sh
# The benchmarks of docs/performance.md: median of 5 runs each. The single-thread runs
# say whether the targets are met (trials per CPU second against 2.8 M for the
# small plan, 500 k for the built-in one); they do not fail the run.
# BENCH_LONG=1 adds the long one: the built-in plan at 1e8 trials per scenario on 2 threads
# (4e8 trials: at about 540,000 trials/s per core, about six minutes and a quarter), with its peak memory.
set -eu
b=build/bench/bench_trials
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== small plan (bench/small.yaml), 1 thread"
$b bench/small.yaml 1000000 1 5 2800000
echo "== built-in CommCare plan, 1 thread"
$b builtin 300000 1 5 500000
echo "== built-in CommCare plan, 1,000,000 trials per scenario, 2 threads"
$b builtin 1000000 2 5
echo "== 24-point sweep of the built-in plan, 100,000 trials a point"
bench/sweep.sh | grep -v '^machine'
if [ "${BENCH_LONG:-0}" = 1 ]; then
    echo "== built-in CommCare plan, 100,000,000 trials per scenario, 2 threads (peak RSS at the end)"
    $b builtin 100000000 2 1
fi
