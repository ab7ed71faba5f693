#!/bin/sh
# make test-mpi: ./drsim-mpi on 1, 2, 3 and 5 ranks gives the figures of ./drsim run: the
# summary.json of each, but for how the run was made (threads, elapsed time, the command
# with its -j), byte for byte; with 1 and 2 threads per rank; with the decision curve
# (its runs are split across the ranks too); then a sweep and a one-at-a-time
# sensitivity split across ranks against drsim's; and one whole output set written by
# rank 0 alone. Open MPI refuses to run as root without --allow-run-as-root, and 3 ranks
# on a 2-core machine need --oversubscribe.
set -eu
d=$(mktemp -d /tmp/drsim-mpi-XXXXXX)
trap 'rm -rf "$d"' EXIT
mpirun="mpirun --allow-run-as-root --oversubscribe"
export SOURCE_DATE_EPOCH=1800000000
figures() { grep -v -E '^  "(threads|elapsed_s|command)":' "$1"; }
fail=0
same() { # what, file of drsim, file of drsim-mpi
  if ! figures "$3" | cmp -s - "$2"; then
    echo "test-mpi: $1: differs from drsim:"; figures "$3" | diff "$2" - | head -20; fail=1
  else
    echo "test-mpi: $1: the figures of drsim"
  fi
}
for plan in bench/small.yaml builtin; do
  p=$plan; [ "$plan" = builtin ] && p=""
  ./drsim run $p -n 9007 --seed 3 -j 2 -q --no-charts --no-workbook -o "$d/whole" >/dev/null
  figures "$d/whole/summary.json" >"$d/whole.txt"
  for np in 1 2 3; do
    for j in 1 2; do
      $mpirun -np $np ./drsim-mpi run $p -n 9007 --seed 3 -j $j -q --no-charts \
        --no-workbook -o "$d/mpi-$np-$j" >"$d/log" 2>&1 || {
        echo "test-mpi: $plan on $np ranks, -j $j failed:"; cat "$d/log"; fail=1; continue; }
      same "run $plan on $np ranks, -j $j" "$d/whole.txt" "$d/mpi-$np-$j/summary.json"
    done
  done
done
# Five ranks: a reduction tree three levels deep, with a rank that only sends.
./drsim run bench/small.yaml -n 30000 --seed 3 -q --no-charts --no-workbook -o "$d/w5" >/dev/null
figures "$d/w5/summary.json" >"$d/w5.txt"
$mpirun -np 5 ./drsim-mpi run bench/small.yaml -n 30000 --seed 3 -j 1 -q --no-charts \
  --no-workbook -o "$d/m5" >"$d/log" 2>&1 || { echo "test-mpi: 5 ranks failed:"; cat "$d/log"; fail=1; }
[ -s "$d/m5/summary.json" ] && same "run bench/small.yaml on 5 ranks" "$d/w5.txt" "$d/m5/summary.json"
# A sweep and a sensitivity analysis: every point's trials split across the ranks.
./drsim sweep bench/small.yaml --vary stores.db.backups.nightly.failure=1%,10% -n 5000 -q \
  -o "$d/sw" >/dev/null
figures "$d/sw/sweep.json" >"$d/sw.txt"
$mpirun -np 3 ./drsim-mpi sweep bench/small.yaml --vary stores.db.backups.nightly.failure=1%,10% \
  -n 5000 -q -o "$d/sw3" >"$d/log" 2>&1 || { echo "test-mpi: sweep failed:"; cat "$d/log"; fail=1; }
[ -s "$d/sw3/sweep.json" ] && same "sweep on 3 ranks" "$d/sw.txt" "$d/sw3/sweep.json"
./drsim sensitivity bench/small.yaml -n 3000 -q -o "$d/se" >/dev/null
figures "$d/se/sensitivity.json" >"$d/se.txt"
$mpirun -np 2 ./drsim-mpi sensitivity bench/small.yaml -n 3000 -q -o "$d/se2" >"$d/log" 2>&1 || {
  echo "test-mpi: sensitivity failed:"; cat "$d/log"; fail=1; }
[ -s "$d/se2/sensitivity.json" ] && same "sensitivity on 2 ranks" "$d/se.txt" "$d/se2/sensitivity.json"
# Every output is written by rank 0 alone: one manifest, one set, nothing left behind.
$mpirun -np 2 ./drsim-mpi run -n 2000 -q -o "$d/full" >"$d/full.log"
for f in summary.json manifest.json commcare-production-dr-review.xlsx \
         commcare-production-review-pack.pdf; do
  [ -s "$d/full/$f" ] || { echo "test-mpi: $f missing from a 2-rank run"; fail=1; }
done
if ls -a "$d" | grep -q '^\.drsim-stage'; then echo "test-mpi: a staging directory was left"; fail=1; fi
[ "$(grep -c '^wrote .*summary.json' "$d/full.log")" = 1 ] || {
  echo "test-mpi: the 2-rank run did not print its outputs once:"; cat "$d/full.log"; fail=1; }
# What needs every trial in one process is refused, by every rank alike.
if $mpirun -np 2 ./drsim-mpi run -n 100 -q --trials-csv "$d/t.csv" -o "$d/x" >"$d/log" 2>&1; then
  echo "test-mpi: --trials-csv was not refused"; fail=1
elif ! grep -q -- '--trials-csv under drsim-mpi: a row per trial needs every trial' "$d/log"; then
  echo "test-mpi: --trials-csv refused without the reason:"; cat "$d/log"; fail=1
fi
# Shards are not split again: merge and a sweep shard are refused on every rank.
for args in "merge $d/full" "sweep bench/small.yaml --vary stores.db.backups.nightly.failure=1%,2% --shard 1/2"; do
  # shellcheck disable=SC2086
  if $mpirun -np 2 ./drsim-mpi $args -q -o "$d/y" >"$d/log" 2>&1; then
    echo "test-mpi: drsim-mpi $args was not refused"; fail=1
  elif ! grep -q 'under drsim-mpi' "$d/log"; then
    echo "test-mpi: drsim-mpi $args refused without the reason:"; cat "$d/log"; fail=1
  fi
done
[ $fail = 0 ] && echo "test-mpi: all passed"
exit $fail
