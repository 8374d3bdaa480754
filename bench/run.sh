#!/usr/bin/env bash
# Times `factlint check` on synthetic corpora of several sizes, side by side in
# one run, so the figures can be compared as ratios.
#
#   bench/run.sh [SIZE...]     sizes are claim counts; rules are a tenth of claims
#
# Builds the release binary first, unless FACTLINT_BIN names a binary to time.
# With BASELINE_BIN set to another factlint binary (say, a build of main), each
# corpus is checked by both, one after the other, and both rows are printed
# (`base` and `this`), so a change is measured under the same conditions.
# RUNS=N runs each build N times (taking turns to go first) and prints the
# median wall time, CPU time (user + system) and peak memory.
# Corpora are written to a temporary directory (bench/generate.py) and removed
# afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)

if [ -n "${FACTLINT_BIN:-}" ]; then
  bin="$FACTLINT_BIN"
else
  cargo build --release --locked --quiet
  bin="${CARGO_TARGET_DIR:-$PWD/target}/release/factlint"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_once BINARY CLAIMS OUT: one timed run; appends "wall cpu rss_mb" to OUT.
run_once() {
  local binary=$1 n=$2 record=$3
  ( cd "$work/$n" && /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$binary" check > "$work/out" ) || true
  # GNU time puts "Command exited with non-zero status N" before the
  # figures, and the generated rules fail by design (exit 1).
  read -r wall user sys rss < <(tail -n 1 "$work/time")
  echo "$wall $(python3 -c "print($user + $sys)") $(( rss / 1024 ))" >> "$record"
}

# row LABEL CLAIMS RULES RECORD: the median of each column of RECORD.
row() {
  local label=$1 n=$2 rules=$3 record=$4
  python3 - "$label" "$n" "$rules" "$record" <<'PY'
import statistics, sys
label, n, rules, path = sys.argv[1:]
rows = [list(map(float, l.split())) for l in open(path) if l.strip()]
wall, cpu, rss = (statistics.median(c) for c in zip(*rows))
print(f"{label:<6} {n:<10} {rules:<8} {wall:10.2f} {cpu:10.2f} {wall * 1e6 / int(n):10.2f} {int(rss):12d}")
PY
}

runs=${RUNS:-1}
printf '%-6s %-10s %-8s %10s %10s %10s %12s\n' build claims rules seconds cpu_s "us/claim" peak_rss_mb
for n in "${sizes[@]}"; do
  rules=$((n / 10))
  python3 bench/generate.py "$work/$n" "$n" "$rules"
  : > "$work/this.rec"
  : > "$work/base.rec"
  # With a baseline, the two builds take turns, each going first in every
  # other round, so neither gains from the page cache or a quieter moment.
  for ((r = 0; r < runs; r++)); do
    if [ -n "${BASELINE_BIN:-}" ] && ((r % 2 == 0)); then
      run_once "$BASELINE_BIN" "$n" "$work/base.rec"
      cp "$work/out" "$work/out.base"
    fi
    run_once "$bin" "$n" "$work/this.rec"
    if [ -n "${BASELINE_BIN:-}" ] && ((r % 2 == 1)); then
      cp "$work/out" "$work/out.this"
      run_once "$BASELINE_BIN" "$n" "$work/base.rec"
      cp "$work/out" "$work/out.base"
      cp "$work/out.this" "$work/out"
    fi
  done
  [ -z "${BASELINE_BIN:-}" ] || row base "$n" "$rules" "$work/base.rec"
  row this "$n" "$rules" "$work/this.rec"
  tail -n 1 "$work/out" | sed 's/^/           /'
  if [ -n "${BASELINE_BIN:-}" ] && ! cmp -s "$work/out" "$work/out.base"; then
    echo "           (the two builds' reports differ)"
  fi
  rm -rf "${work:?}/$n"
done
