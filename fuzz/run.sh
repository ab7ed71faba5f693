#!/bin/sh
# Run every fuzz target (make fuzz): fuzz/run.sh BUILD_DIR SECONDS
#
# For each target, in turn:
#   1. copy its seeds into BUILD_DIR/corpus-TARGET (kept between runs, so what one run
#      finds seeds the next; `make clean` drops it): plans from scenarios/ and tests/bad/
#      for "plan" and "trial", drill logs from scenarios/drills/ and tests/bad-drills/
#      for "drills", page exports (*.csv) from scenarios/pages/ and tests/bad-pages/ for
#      "pages", JSON (*.json) from tests/bad-json/ and tests/data/json/ for "json";
#   2. replay the saved reproducers fuzz/regressions/TARGET-* once each;
#   3. fuzz for SECONDS seconds with the target's dictionary (YAML; CSV for "pages",
#      JSON for "json"), failing an input that runs longer than FUZZ_TIMEOUT seconds
#      (default 10) or grows the process over FUZZ_RSS_MB (default 2048). SECONDS 0 only runs the corpus once (no mutation).
# Each target's output goes to BUILD_DIR/TARGET.log; one line per target is printed
# (runs, coverage, executions per second). Any crash, sanitizer report, leak or timeout
# prints the end of the log (the stack) and where libFuzzer saved the input, and makes
# the script exit 1 after the other targets have run.
set -eu
cd "$(dirname "$0")/.."
build=$1
seconds=$2
case "$seconds" in
  ''|*[!0-9]*) echo "fuzz/run.sh: FUZZ_SECONDS must be a whole number of seconds (got '$seconds')" >&2; exit 2 ;;
esac
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
targets=${FUZZ_TARGETS:-plan drills trial pages json}

# Readable stacks: the symbolizer the llvm package installs, when present.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer >/dev/null 2>&1; then
  ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer)
  export ASAN_SYMBOLIZER_PATH
fi
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export UBSAN_OPTIONS

# seed_dirs TARGET: the directories whose *.yaml (or, for pages, *.csv) files seed the
# target; dict TARGET: its libFuzzer dictionary.
seed_dirs() {
  case "$1" in
    drills) echo "scenarios/drills tests/bad-drills" ;;
    pages) echo "scenarios/pages tests/bad-pages" ;;
    json) echo "tests/bad-json tests/data/json" ;;
    *) echo "scenarios tests/bad" ;;
  esac
}
dict() {
  case "$1" in
    pages) echo "fuzz/csv.dict" ;;
    json) echo "fuzz/json.dict" ;;
    *) echo "fuzz/yaml.dict" ;;
  esac
}

failed=""
mkdir -p "$build/artifacts"
for t in $targets; do
  bin=$build/fuzz-$t
  corpus=$build/corpus-$t
  log=$build/$t.log
  mkdir -p "$corpus"
  for d in $(seed_dirs "$t"); do
    for f in "$d"/*.yaml "$d"/*.csv "$d"/*.json; do
      [ -f "$f" ] && cp "$f" "$corpus/seed-$(echo "$d" | tr / -)-$(basename "$f")"
    done
  done
  : > "$log"
  regressions=$(ls fuzz/regressions/"$t"-* 2>/dev/null || true)
  if [ -n "$regressions" ]; then
    # shellcheck disable=SC2086
    if ! "$bin" -timeout="$timeout" -rss_limit_mb="$rss" $regressions >>"$log" 2>&1; then
      echo "  FUZZ   $t: a saved reproducer in fuzz/regressions/ fails again:" >&2
      tail -n 60 "$log" >&2
      failed="$failed $t"
      continue
    fi
  fi
  if [ "$seconds" -gt 0 ]; then length="-max_total_time=$seconds"; else length="-runs=0"; fi
  if "$bin" "$length" -timeout="$timeout" -rss_limit_mb="$rss" \
       -dict="$(dict "$t")" -artifact_prefix="$build/artifacts/$t-" -print_final_stats=1 \
       "$corpus" >>"$log" 2>&1; then
    stats=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -n 1 |
            sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+/\1 runs  /; s/ lim: [0-9]+//; s/ rss: [0-9]+Mb//')
    if [ "$seconds" -gt 0 ]; then what="$seconds s"; else what="corpus"; fi
    printf '  FUZZ   %-6s %s: %s\n' "$t" "$what" "$stats"
  else
    echo "  FUZZ   $t: FAILED (log: $log); the end of it:" >&2
    tail -n 60 "$log" >&2
    failed="$failed $t"
  fi
done
if [ -n "$failed" ]; then
  echo "make fuzz: failed:$failed (save a reproducer as fuzz/regressions/TARGET-NAME)" >&2
  exit 1
fi
