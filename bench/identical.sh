#!/usr/bin/env bash
# Shows that two builds of factlint print the same thing on every input the
# project has, in every output format: a refactor must not change any output.
#
#   BASELINE_BIN=/path/to/old/factlint [FACTLINT_BIN=/path/to/new/factlint] bench/identical.sh
#
# BASELINE_BIN is required (say, a build of main). FACTLINT_BIN defaults to
# ${CARGO_TARGET_DIR:-target}/release/factlint, built first with
# `cargo build --release --locked --quiet` when FACTLINT_BIN is unset.
# SEEDS_DIR (default ../shared/seeds) is where the seed articles are.
#
# Each command is run by both binaries, in the same directory (so paths in the
# output match) and with argv[0] set to `factlint` (clap prints it), and their
# stdout, stderr and exit code are compared. The commands:
#   - in the repository root: `check`, `check --sources SEEDS_DIR`,
#     `check -k coreweave`, each in the nine --output-format values;
#   - every case file in tests/cases/<stage>/, in a temporary project as the
#     test suite builds it (tests/cases.rs, tests/hostile.rs): the stage's
#     shared/ files plus the case file in corpus/ (.claims, .json), rules/
#     (.rules) or drafts/ (.md, with a factlint.toml setting `drafts`);
#     hostile cases with the base claims of tests/hostile.rs; the stage's other
#     directories (sources/fixtures) copied to the project root; the three
#     files of tests/cases/formats as one project (tests/formats.rs); cases with
#     a `# case: strict` line once more with --strict. Nine formats each.
#     (`# case: passage-search-budget N` has no command-line equivalent: those
#     cases run with the default budget.)
#   - the baseline cycle on a copy of the bundled corpus plus one failing rule:
#     `--write-baseline` (the written files are compared too), `--baseline` in
#     full and json, and `--baseline` again once the failing rule is gone;
#   - `extract docs/examples/article.txt`: table, --format json, --claims.
# `full` runs with `--color never` (every check run does).
#
# Everything must be byte-identical, with ONE allowed difference: in the json
# format, the objects of the top-level `outcomes` array of the new build may
# carry extra fields. A json stdout that is not byte-identical is compared
# after normalising both sides (python3): each element of `outcomes` keeps
# only `id`, `verdict` and `location`, and both are re-serialised with sorted
# keys; the text outside the `outcomes` member must still match exactly.
#
# Prints `DIFF <input> <format>: <stream>` and the first differing lines for
# each comparison that differs, then a summary; exits 0 when all are
# identical, 1 otherwise (2 on a usage error).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ -z "${BASELINE_BIN:-}" ]; then
  echo "usage: BASELINE_BIN=/path/to/old/factlint [FACTLINT_BIN=/path/to/new/factlint] $0" >&2
  exit 2
fi
if [ -n "${FACTLINT_BIN:-}" ]; then
  new_bin=$FACTLINT_BIN
else
  cargo build --release --locked --quiet
  new_bin="${CARGO_TARGET_DIR:-target}/release/factlint"
fi

# abs BIN: BIN as an absolute path (a bare name is looked up in PATH).
abs() {
  local p=$1
  case "$p" in
    */*) ;;
    *) p=$(command -v -- "$p") || { echo "not found: $1" >&2; exit 2; } ;;
  esac
  [ -f "$p" ] && [ -x "$p" ] || { echo "not an executable: $1" >&2; exit 2; }
  printf '%s/%s\n' "$(cd "$(dirname "$p")" && pwd)" "$(basename "$p")"
}
old=$(abs "$BASELINE_BIN")
new=$(abs "$new_bin")
seeds=${SEEDS_DIR:-../shared/seeds}

work=$(mktemp -d "${TMPDIR:-/tmp}/factlint-identical.XXXXXX")
trap 'rm -rf "$work"' EXIT

formats=(full concise json json-lines junit sarif github gitlab rdjson)
runs=0     # comparisons made
same=0     # comparisons that matched
inputs=0   # inputs run in all nine formats
others=0   # other comparisons (baseline cycle, extract)

# The json comparison: exit 0 when the two documents match but for extra
# fields in the new build's outcomes, else print the first differences, exit 1.
cat >"$work/json_same.py" <<'PY'
import difflib, json, sys

KEEP = ("id", "verdict", "location")

def outcomes_span(lines):
    """Lines [i, j) of the top-level `outcomes` member in serde_json's pretty
    output (members at two spaces' indent, strings on one line)."""
    for i, line in enumerate(lines):
        if line.startswith(b'  "outcomes": ['):
            if line.rstrip(b"\r\n,").endswith(b"[]"):
                return i, i + 1
            for j in range(i + 1, len(lines)):
                if lines[j].startswith(b"  ]"):
                    return i, j
    return None

def normalised(doc):
    if isinstance(doc, dict) and isinstance(doc.get("outcomes"), list):
        doc = dict(doc)
        doc["outcomes"] = [
            {k: o[k] for k in KEEP if k in o} if isinstance(o, dict) else o
            for o in doc["outcomes"]
        ]
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=True)

def show(a, b):
    diff = difflib.unified_diff(a, b, "baseline", "new", n=0, lineterm="")
    for n, line in enumerate(diff):
        if n >= 12:
            break
        print("    " + line)

old_bytes, new_bytes = (open(p, "rb").read() for p in sys.argv[1:3])
try:
    old_doc, new_doc = json.loads(old_bytes), json.loads(new_bytes)
except ValueError as e:
    print(f"    not both JSON ({e}); raw difference:")
    show(old_bytes.decode("utf-8", "replace").splitlines(),
         new_bytes.decode("utf-8", "replace").splitlines())
    sys.exit(1)
ok = True
a, b = normalised(old_doc), normalised(new_doc)
if a != b:
    ok = False
    print("    normalised documents differ:")
    show(a.splitlines(), b.splitlines())
old_lines, new_lines = old_bytes.splitlines(True), new_bytes.splitlines(True)
spans = outcomes_span(old_lines), outcomes_span(new_lines)
if None in spans:
    if spans != (None, None):
        ok = False
        print("    `outcomes` is not laid out alike in both")
    elif old_bytes != new_bytes:
        ok = False
        print("    documents without `outcomes` differ")
else:
    (i, j), (k, l) = spans
    rest_old = old_lines[:i] + old_lines[j:]
    rest_new = new_lines[:k] + new_lines[l:]
    if rest_old != rest_new:
        ok = False
        print("    the text outside `outcomes` differs:")
        show([x.decode("utf-8", "replace").rstrip("\n") for x in rest_old],
             [x.decode("utf-8", "replace").rstrip("\n") for x in rest_new])
sys.exit(0 if ok else 1)
PY

# run_one BIN PREFIX DIR ARGS...: runs BIN ARGS in DIR; PREFIX.out, .err, .rc.
run_one() {
  local bin=$1 prefix=$2 dir=$3 rc=0
  shift 3
  (cd "$dir" && unset NO_COLOR && exec -a factlint "$bin" "$@") \
    >"$prefix.out" 2>"$prefix.err" </dev/null || rc=$?
  printf '%s\n' "$rc" >"$prefix.rc"
}

# show_diff A B: the first differing lines of two files.
show_diff() {
  { diff -a "$1" "$2" || true; } | head -n 10 | sed 's/^/    /'
}

# compare INPUT FORMAT [EXTRA_FILE_NAME]: compares $work/a.* with $work/b.*
# (and $work/a.EXTRA with $work/b.EXTRA); counts the run.
compare() {
  local input=$1 format=$2 extra=${3:-} ok=1 stream
  runs=$((runs + 1))
  for stream in rc err out ${extra:+"$extra"}; do
    if cmp -s "$work/a.$stream" "$work/b.$stream"; then
      continue
    fi
    if [ "$stream" = out ] && [ "$format" = json ]; then
      local report
      if report=$(python3 "$work/json_same.py" "$work/a.out" "$work/b.out"); then
        continue
      fi
      ok=0
      echo "DIFF $input $format: stdout"
      printf '%s\n' "$report"
      continue
    fi
    ok=0
    case "$stream" in
      rc) echo "DIFF $input $format: exit code" ;;
      err) echo "DIFF $input $format: stderr" ;;
      out) echo "DIFF $input $format: stdout" ;;
      *) echo "DIFF $input $format: written $stream file" ;;
    esac
    show_diff "$work/a.$stream" "$work/b.$stream"
  done
  if [ "$ok" = 1 ]; then
    same=$((same + 1))
  fi
}

# pair INPUT FORMAT DIR ARGS...: runs ARGS with both binaries in DIR, compares.
pair() {
  local input=$1 format=$2 dir=$3
  shift 3
  run_one "$old" "$work/a" "$dir" "$@"
  run_one "$new" "$work/b" "$dir" "$@"
  compare "$input" "$format"
}

# every_format INPUT DIR CHECK_ARGS...: `check CHECK_ARGS` in the nine formats.
every_format() {
  local input=$1 dir=$2 format
  shift 2
  inputs=$((inputs + 1))
  for format in "${formats[@]}"; do
    pair "$input" "$format" "$dir" check --color never --output-format "$format" "$@"
  done
}

# 1. The bundled corpus, in the repository root.
every_format "corpus" "$root"
if [ -d "$seeds" ]; then
  every_format "corpus --sources $seeds" "$root" --sources "$seeds"
else
  echo "note: $seeds not found; the run with --sources is skipped" >&2
fi
every_format "corpus -k coreweave" "$root" -k coreweave

# 2. Every case of tests/cases, each in a fresh project at the same path.
proj="$work/project"
base_claims='source s {
  outlet "fixture"
}
claim a = 1B USD {
  cite s "1 billion dollars"
}
claim b = 2B USD {
  cite s "2 billion dollars"
}
'

# place FILE: the project directory a file goes to, by its extension.
place() {
  case "$1" in
    *.rules) echo rules ;;
    *.md | *.markdown) echo drafts ;;
    *) echo corpus ;;
  esac
}

# new_project STAGE_DIR: an empty project with the stage's shared files
# (under <dir>/shared/) and its other directories (at the root).
new_project() {
  local stage_dir=$1 sub file
  rm -rf "$proj"
  mkdir -p "$proj/corpus" "$proj/rules"
  for sub in "$stage_dir"/*/; do
    [ -d "$sub" ] || continue
    sub=${sub%/}
    if [ "$(basename "$sub")" = shared ]; then
      for file in "$sub"/*; do
        [ -f "$file" ] || continue
        add_file "$file" shared
      done
    else
      cp -R "$sub" "$proj/"
    fi
  done
}

# add_file FILE [SUBDIR]: copies a case file into its place in the project.
add_file() {
  local file=$1 subdir=${2:-} dest
  dest="$proj/$(place "$file")${subdir:+/$subdir}"
  mkdir -p "$dest"
  cp "$file" "$dest/"
  if [ "$(place "$file")" = drafts ] && [ ! -f "$proj/factlint.toml" ]; then
    printf 'drafts = ["drafts"]\n' >"$proj/factlint.toml"
  fi
}

for stage_dir in "$root"/tests/cases/*/; do
  stage_dir=${stage_dir%/}
  stage=$(basename "$stage_dir")
  cases=()
  for file in "$stage_dir"/*; do
    [ -f "$file" ] && cases+=("$file")
  done
  [ ${#cases[@]} -gt 0 ] || continue
  if [ "$stage" = formats ]; then
    # tests/formats.rs checks the stage's files together, as one corpus.
    new_project "$stage_dir"
    for file in "${cases[@]}"; do
      add_file "$file"
    done
    every_format "cases/formats/*" "$proj"
    continue
  fi
  for file in "${cases[@]}"; do
    name=$(basename "$file")
    new_project "$stage_dir"
    if [ "$stage" = hostile ]; then
      printf '%s' "$base_claims" >"$proj/corpus/base.claims"
    fi
    add_file "$file"
    every_format "cases/$stage/$name" "$proj"
    if grep -aqE '^[[:space:]]*# case: strict[[:space:]]*$' "$file"; then
      every_format "cases/$stage/$name --strict" "$proj" --strict
    fi
  done
done

# 3. The baseline cycle: the bundled corpus plus one failing rule.
bl="$work/baseline"
mkdir -p "$bl"
cp -R "$root/corpus" "$root/rules" "$bl/"
if [ -f "$root/factlint.toml" ]; then
  cp "$root/factlint.toml" "$bl/"
fi
cat >"$bl/rules/zz_identical.rules" <<'RULES'
rule identical.failing "Sora's yearly loss is under 5B USD (it is not)" {
  assert sora.annual_loss < 5B USD
}
RULES
rm -f "$bl/baseline.json"
run_one "$old" "$work/a" "$bl" check --color never --write-baseline baseline.json
if [ -f "$bl/baseline.json" ]; then mv "$bl/baseline.json" "$work/a.baseline"; else : >"$work/a.baseline"; fi
run_one "$new" "$work/b" "$bl" check --color never --write-baseline baseline.json
if [ -f "$bl/baseline.json" ]; then mv "$bl/baseline.json" "$work/b.baseline"; else : >"$work/b.baseline"; fi
# The binaries' written files stay apart: each reads back its own.
cp "$work/a.baseline" "$work/baseline.old"
cp "$work/b.baseline" "$work/baseline.new"
compare "baseline-cycle --write-baseline" full baseline
others=$((others + 1))

# baseline_pair INPUT FORMAT: `check --baseline`, each binary with its own file.
baseline_pair() {
  local input=$1 format=$2
  cp "$work/baseline.old" "$bl/baseline.json"
  run_one "$old" "$work/a" "$bl" check --color never --output-format "$format" --baseline baseline.json
  cp "$work/baseline.new" "$bl/baseline.json"
  run_one "$new" "$work/b" "$bl" check --color never --output-format "$format" --baseline baseline.json
  compare "$input" "$format"
  others=$((others + 1))
}
for format in full json; do
  baseline_pair "baseline-cycle --baseline" "$format"
done
# The failing rule fixed: its baseline entries are gone.
rm "$bl/rules/zz_identical.rules"
for format in full json; do
  baseline_pair "baseline-cycle --baseline (rule fixed)" "$format"
done

# 4. extract on the example article.
article=docs/examples/article.txt
pair "extract $article" table "$root" extract "$article"
pair "extract $article" json "$root" extract --format json "$article"
pair "extract $article --claims" table "$root" extract --claims "$article"
others=$((others + 3))

echo "identical: $same of $runs runs (${#formats[@]} formats x $inputs inputs + $others other runs)"
[ "$same" = "$runs" ]
