#!/usr/bin/env bash
# Times `factlint check` (full report) on pairs of projects that hold the same
# work laid out the ordinary way and a hostile way (bench/hostile.py), side by
# side in one run. A ratio near 1 means the hostile layout costs no more.
#
#   bench/hostile.sh [SCALE] [BINARY]
#
# SCALE multiplies every count (default 1). BINARY defaults to this tree's
# release build, which is built first; pass another build to compare.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
bin=${2:-}
if [[ -z "$bin" ]]; then
  cargo build --release --locked --quiet
  bin="$PWD/target/release/factlint"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/hostile.py "$work" "$scale"

seconds() {
  local start end
  start=$(date +%s.%N)
  ( cd "$1" && "$bin" check --color never > /dev/null ) || true
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.2f}')"
}

printf '%-16s %10s %10s %8s\n' pair plain hostile ratio
for pair in draft-findings json-claims missing-quotes; do
  plain=$(seconds "$work/$pair/plain")
  hostile=$(seconds "$work/$pair/hostile")
  ratio=$(python3 -c "print(f'{$hostile / max($plain, 0.01):.1f}')")
  printf '%-16s %10s %10s %8s\n' "$pair" "$plain" "$hostile" "$ratio"
done
