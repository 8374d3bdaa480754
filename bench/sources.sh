#!/usr/bin/env bash
# Times the `sources` check when many quotes are missing from one source file
# of about 1 MB (bench/generate_sources.py), for one or more factlint
# binaries side by side in one run, so the figures can be compared as ratios.
#
#   bench/sources.sh [BINARY...]     default: target/release/factlint, built first
#
# Each row is one corpus: ordinary quotes (one word changed), quotes made of
# the file's commonest words, and 2,000-word ones. `same` says whether every
# binary printed the same report. Corpora are written to a temporary
# directory and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --release --locked --quiet
  bins=("$PWD/target/release/factlint")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-10s %7s' corpus quotes
for b in "${bins[@]}"; do printf ' %14s' "$(basename "$(dirname "$b")")/$(basename "$b")"; done
printf ' %5s\n' same
for row in "ordinary 200" "ordinary 2000" "common 2000" "long 2000"; do
  set -- $row
  dir="$work/$1-$2"
  python3 bench/generate_sources.py "$dir" "$2" "$1"
  printf '%-10s %7s' "$1" "$2"
  i=0
  for b in "${bins[@]}"; do
    start=$(date +%s.%N)
    ( cd "$dir" && "$b" check --sources sources corpus > "$work/out.$i" ) || true
    end=$(date +%s.%N)
    printf ' %13.2fs' "$(python3 -c "print($end - $start)")"
    i=$((i + 1))
  done
  same=yes
  for ((j = 1; j < i; j++)); do cmp -s "$work/out.0" "$work/out.$j" || same=no; done
  printf ' %5s\n' "$same"
  rm -rf "$dir"
done
