#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) with cargo-fuzz on the
# nightly toolchain, seeded from the test cases. Prints each target's
# execution count; a crash leaves its input under fuzz/artifacts/TARGET/ and
# fails the script. Turn every crash into a regression case in tests/cases/.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(claims json rules numerals drafts check)

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal

# Seeds: the case files, the bundled corpus and rules, and the example article.
seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  case $target in
    claims) find ../tests/cases ../corpus -name '*.claims' -exec cp {} "$dir/" \; ;;
    json) find ../tests/cases -name '*.json' -exec cp {} "$dir/" \; ;;
    rules) find ../tests/cases ../rules -name '*.rules' -exec cp {} "$dir/" \; ;;
    numerals)
      cp ../docs/examples/article.txt "$dir/"
      find ../tests/cases -name '*.txt' -exec cp {} "$dir/" \;
      find ../corpus -name '*.claims' -exec cp {} "$dir/" \; ;;
    drafts)
      find ../tests/cases/drafts -name '*.md' -exec cp {} "$dir/" \;
      cp ../README.md ../docs/language.md "$dir/" ;;
    check)
      local i=0
      for rules in ../rules/*.rules ../tests/cases/eval/*.rules; do
        i=$((i + 1))
        { cat ../tests/cases/eval/shared/*.claims 2>/dev/null || true; printf '\0'; cat "$rules"; } > "$dir/seed$i"
      done ;;
  esac
}

status=0
for target in "${targets[@]}"; do
  seed "$target"
  log=$(mktemp)
  if cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 > "$log" 2>&1; then
    result=ok
  else
    result=CRASHED
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  printf '%-10s %-8s %12s executions in %ss\n' "$target" "$result" "$runs" "$seconds"
  if [ "$result" = CRASHED ]; then
    tail -n 40 "$log"
  fi
  rm -f "$log"
done
exit $status
