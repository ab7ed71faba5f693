#!/bin/sh
# drsim against a SimPy model of the same recovery process (bench/simpy/small.py), one
# core each: the median of 3 runs of each, in trials per CPU second, and their ratio
# (issue 14 asks for 100 times the SimPy model's rate).
set -eu
py=/usr/bin/python3
simpy=$(for seed in 1 2 3; do
    $py bench/simpy/small.py 20000 $seed | sed -n 's/.* \([0-9]*\) trials per CPU second$/\1/p'
done | sort -n | sed -n 2p)
$py bench/simpy/small.py 20000 1 | sed -n 2p
drsim=$(build/bench/bench_trials bench/small.yaml 1000000 1 3 |
    sed -n 's/^  median \([0-9]*\) trials per CPU second$/\1/p')
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "SimPy model (bench/simpy/small.py, median of 3 x 20,000 trials): $simpy trials per CPU second"
echo "drsim (bench/small.yaml, median of 3 x 1,000,000 trials): $drsim trials per CPU second"
echo "drsim / SimPy: $(awk -v a="$drsim" -v b="$simpy" 'BEGIN { printf "%.0f", a / b }') (issue 14: 100 or more)"
