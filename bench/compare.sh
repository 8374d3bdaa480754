#!/usr/bin/env bash
# Times `factlint check` against what people use instead, on the same
# generated corpora (issue 13), and prints the table README.md shows.
#
#   bench/compare.sh [SIZE...]    claim counts (default 10000 100000 1000000);
#                                 rules are a tenth of the claims
#
# For each size, bench/generate.py writes a corpus (quotes in Arabic, Chinese
# and English, rules of which 5% fail, a few drafts) and bench/translate.py
# writes the same rules as a numbat file and as a Python script with pint.
# Then, RUNS times (default 3), each taking its turn in every round:
#
#   floor     cat FILES | wc -l over the files factlint reads: reading them
#   factlint  factlint check (the release build, or FACTLINT_BIN): every rule
#             over intervals, every quote read and held to its claim,
#             citations, drafts
#   pint      python3 checks.py: a pint Quantity per claim, each rule checked
#             at the claims' point values
#   numbat    numbat checks.nbt: a `let` per claim with a declared unit, an
#             `assert_eq` or `assert` per assertion, at point values
#
# and prints, per size and tool, the median wall time, CPU time (user +
# system) and peak memory (/usr/bin/time), and the wall time over factlint's
# and over the floor's. numbat is run at most NUMBAT_LIMIT seconds (default
# 600): at a size where its times at the smaller sizes say it would take
# longer (scaled with the square of the size from one size, with the power of the size the
# last two show from more), it is not run; a run cut at the limit is reported
# as not finished and not repeated, nor run at the larger sizes. Each tool's outcome is checked:
# factlint and pint must fail exactly the rules the generator made to fail,
# and numbat's script (whose failing assertions are written negated) must
# run to its end.
#
# numbat is installed with `cargo install --locked numbat-cli` when missing;
# pint into a virtual environment in the temporary directory, unless
# python3 (or PINT_PYTHON) already imports it. Everything is written to a
# temporary directory and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
mapfile -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -n)
runs=${RUNS:-3}
limit=${NUMBAT_LIMIT:-600}

if [ -n "${FACTLINT_BIN:-}" ]; then
  bin=$(realpath "$FACTLINT_BIN")
else
  cargo build --release --locked --quiet
  bin="${CARGO_TARGET_DIR:-$PWD/target}/release/factlint"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v numbat > /dev/null; then
  echo "installing numbat-cli (cargo install)..." >&2
  cargo install --locked --quiet numbat-cli
fi
numbat=$(command -v numbat)
py=${PINT_PYTHON:-python3}
if ! "$py" -c 'import pint' 2> /dev/null; then
  echo "installing pint into $work/venv..." >&2
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet pint
  py="$work/venv/bin/python"
fi

# time_once TOOL DIR COMMAND...: one timed run in DIR; appends
# "wall cpu rss_mb status" to $work/TOOL.rec and keeps the output. CPU time
# and peak memory are /usr/bin/time's; the wall time is taken around it to
# the millisecond, since the floor takes less than /usr/bin/time's 10 ms at
# the smallest size.
time_once() {
  local tool=$1 dir=$2 status=0 t0 t1
  shift 2
  t0=$(date +%s%N)
  (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$work/$tool.out" 2> "$work/$tool.err") || status=$?
  t1=$(date +%s%N)
  # GNU time puts "Command exited with non-zero status N" before the figures.
  read -r _ user sys rss < <(tail -n 1 "$work/time")
  echo "$(python3 -c "print(($t1 - $t0) / 1e9, round($user + $sys, 2))") $((rss / 1024)) $status" >> "$work/$tool.rec"
}

# median TOOL: "wall cpu rss" medians of TOOL's runs.
median() {
  python3 - "$work/$1.rec" << 'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
wall, cpu, rss = (statistics.median(float(r[i]) for r in rows) for i in range(3))
print(f"{wall:.3f} {cpu:.2f} {rss:.0f}")
PY
}

host="$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "# bench/compare.sh on $(date +%F), $host, RUNS=$runs" >&2
rows=()
numbat_times=""
numbat_gave_up=""
for n in "${sizes[@]}"; do
  rules=$((n / 10))
  dir="$work/$n"
  python3 bench/generate.py "$dir" "$n" "$rules"
  python3 bench/translate.py "$dir"
  intended=$(grep -c '^\["rule", "[^"]*", true' "$dir/model.jsonl" || true)
  files=$(cd "$dir" && ls corpus/*.claims rules/*.rules drafts/*.md | tr '\n' ' ')
  for tool in floor factlint pint numbat; do : > "$work/$tool.rec"; done
  # numbat: run unless its rate at the last size says it would pass the limit.
  run_numbat=yes
  numbat_note=""
  if [ -n "$numbat_gave_up" ]; then
    run_numbat=no
    numbat_note="not run: $numbat_gave_up at a smaller size"
  elif [ -n "$numbat_times" ]; then
    # From one size, time scaled with the square of the size (numbat's
    # growth: scaled linearly, 10k's 7.5 s let a 100k run go to the limit);
    # from two or more, with the power of the size that the last two show.
    # shellcheck disable=SC2086
    estimate=$(python3 - $numbat_times "$n" << 'PY'
import math, sys
*pts, n = sys.argv[1:]
pts = [(float(pts[i]), float(pts[i + 1])) for i in range(0, len(pts), 2)]
(n2, t2) = pts[-1]
k = math.log(t2 / pts[-2][1]) / math.log(n2 / pts[-2][0]) if len(pts) > 1 else 2
print(round(t2 * (float(n) / n2) ** k))
PY
)
    if [ "$estimate" -gt "$limit" ]; then
      run_numbat=no
      numbat_note="not run: about ${estimate} s, extrapolated from the smaller sizes"
    fi
  fi
  for ((r = 0; r < runs; r++)); do
    # shellcheck disable=SC2086
    time_once floor "$dir" sh -c "cat $files | wc -l"
    time_once factlint "$dir" "$bin" check
    time_once pint "$dir" "$py" pint/checks.py
    if [ "$run_numbat" = yes ]; then
      time_once numbat "$dir" timeout "$limit" "$numbat" numbat/checks.nbt
      if [ "$(tail -n 1 "$work/numbat.rec" | cut -d' ' -f4)" = 124 ]; then
        run_numbat=no
        numbat_note="did not finish in $((limit / 60)) min"
        numbat_gave_up=$numbat_note
      fi
    fi
  done

  # Each tool's outcome.
  summary=$(tail -n 1 "$work/factlint.out")
  failed=$(sed -n 's/.* \([0-9]*\) failed;.*/\1/p' <<< "$summary")
  [ "$failed" = "$intended" ] || echo "warning: factlint failed $failed rules, the generator made $intended fail: $summary" >&2
  pint_failed=$(sed -n 's/^pint: .* \([0-9]*\) failed$/\1/p' "$work/pint.out" | head -n 1)
  [ "$pint_failed" = "$intended" ] || echo "warning: pint failed ${pint_failed:-?} rules, not $intended" >&2
  if [ -z "$numbat_note" ] && [ "$(tail -n 1 "$work/numbat.rec" | cut -d' ' -f4)" != 0 ]; then
    numbat_note="exited with $(tail -n 1 "$work/numbat.rec" | cut -d' ' -f4): $(head -c 300 "$work/numbat.err" | tr '\n' ' ')"
  fi
  echo "$n claims, $rules rules ($intended made to fail): factlint: $summary; pint: $(head -n 1 "$work/pint.out")${numbat_note:+; numbat: $numbat_note}" >&2

  read -r fl_wall _ _ < <(median factlint)
  read -r floor_wall _ _ < <(median floor)
  for tool in floor factlint pint numbat; do
    if [ ! -s "$work/$tool.rec" ] || { [ "$tool" = numbat ] && [ -n "$numbat_note" ]; }; then
      rows+=("| $n | $tool | – | – | – | – | – | ${numbat_note} |")
      continue
    fi
    read -r wall cpu rss < <(median "$tool")
    ratio=$(python3 -c "print(f'{$wall / $fl_wall:.2f}')")
    over_floor=$(python3 -c "print(f'{$wall / $floor_wall:.0f}')")
    rows+=("| $n | $tool | $wall s | $cpu s | $rss MB | $ratio | $over_floor | |")
    if [ "$tool" = numbat ]; then
      numbat_times="$numbat_times $n $wall"
    fi
  done
  rm -rf "$dir"
done

echo "| claims | tool | wall time | CPU time | peak memory | wall / factlint | wall / floor | note |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
