#!/bin/sh
# The sweep benchmark of docs/performance.md ("Sweeps"): a 24-point sweep of the built-in
# plan at 100,000 trials a point (plus the plan's own run: 25 simulations), median wall
# time of 3 runs, with the CPU time of each. Run from the repository root after `make`.
set -eu
drsim=${DRSIM_BIN:-./drsim}
runs=${RUNS:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== drsim sweep --vary 'stores.*.backups.daily-copy.schedule=every 1h..24h/1h' -n 100000"
for i in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$out/time.$i" "$drsim" sweep -q -n 100000 \
        --vary 'stores.*.backups.daily-copy.schedule=every 1h..24h/1h' -o "$out" >/dev/null
    read -r wall user sys <"$out/time.$i"
    echo "run $i: ${wall} s wall, ${user} s user, ${sys} s sys"
    echo "$wall" >>"$out/walls"
done
echo "median wall: $(sort -n "$out/walls" | sed -n "$(( (runs + 1) / 2 ))p") s"
echo "== drsim sensitivity -n 20000 (every input of the built-in plan, low and high)"
/usr/bin/time -f "%e s wall, %U s user, %S s sys" "$drsim" sensitivity -q -n 20000 -o "$out" \
    >/dev/null
