#!/usr/bin/env bash
# Times `factlint check` on synthetic corpora of several sizes, side by side in
# one run, so the figures can be compared as ratios.
#
#   bench/run.sh [SIZE...]     sizes are claim counts; rules are a tenth of claims
#
# Builds the release binary first. Corpora are written to a temporary
# directory (bench/generate.py) and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)

cargo build --release --locked --quiet
bin="$PWD/target/release/factlint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-10s %-8s %10s %10s %12s\n' claims rules seconds "us/claim" peak_rss_mb
base=""
for n in "${sizes[@]}"; do
  rules=$((n / 10))
  python3 bench/generate.py "$work/$n" "$n" "$rules"
  start=$(date +%s.%N)
  ( cd "$work/$n" && /usr/bin/time -f '%M' -o "$work/rss" "$bin" check > "$work/out" ) || true
  end=$(date +%s.%N)
  secs=$(python3 -c "print($end - $start)")
  rss=$(( $(cat "$work/rss") / 1024 ))
  per=$(python3 -c "print($secs * 1e6 / $n)")
  printf '%-10s %-8s %10.2f %10.2f %12s\n' "$n" "$rules" "$secs" "$per" "$rss"
  tail -n 1 "$work/out" | sed 's/^/           /'
  rm -rf "${work:?}/$n"
done
