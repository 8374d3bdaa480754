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

# time_one LABEL BINARY CLAIMS RULES: one timed run, one row.
time_one() {
  local label=$1 binary=$2 n=$3 rules=$4
  local start end secs rss per
  start=$(date +%s.%N)
  ( cd "$work/$n" && /usr/bin/time -f '%M' -o "$work/rss" "$binary" check > "$work/out" ) || true
  end=$(date +%s.%N)
  secs=$(python3 -c "print($end - $start)")
  rss=$(( $(cat "$work/rss") / 1024 ))
  per=$(python3 -c "print($secs * 1e6 / $n)")
  printf '%-6s %-10s %-8s %10.2f %10.2f %12s\n' "$label" "$n" "$rules" "$secs" "$per" "$rss"
}

printf '%-6s %-10s %-8s %10s %10s %12s\n' build claims rules seconds "us/claim" peak_rss_mb
for n in "${sizes[@]}"; do
  rules=$((n / 10))
  python3 bench/generate.py "$work/$n" "$n" "$rules"
  if [ -n "${BASELINE_BIN:-}" ]; then
    time_one base "$BASELINE_BIN" "$n" "$rules"
    cp "$work/out" "$work/out.base"
  fi
  time_one this "$bin" "$n" "$rules"
  tail -n 1 "$work/out" | sed 's/^/           /'
  if [ -n "${BASELINE_BIN:-}" ] && ! cmp -s "$work/out" "$work/out.base"; then
    echo "           (the two builds' reports differ)"
  fi
  rm -rf "${work:?}/$n"
done
