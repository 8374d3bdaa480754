#!/usr/bin/env python3
"""Writes a synthetic corpus for timing `factlint check` at scale.

Usage: bench/generate.py DIR CLAIMS [RULES]

DIR/corpus/part-NNN.claims holds CLAIMS claims in files of 10,000, written
in the forms the bundled corpus uses (plain, about, more than, ranges,
per-day rates, keyed ids); DIR/rules/part-NNN.rules holds RULES rules
(default CLAIMS / 10) that relate them. Deterministic: the same arguments
write the same files.
"""
import os
import random
import sys


def main() -> None:
    out, claims = sys.argv[1], int(sys.argv[2])
    rules = int(sys.argv[3]) if len(sys.argv) > 3 else claims // 10
    rng = random.Random(7)
    os.makedirs(os.path.join(out, "corpus"), exist_ok=True)
    os.makedirs(os.path.join(out, "rules"), exist_ok=True)
    per_file = 10_000
    forms = [
        lambda v: f"{v}B USD",
        lambda v: f"about {v}B USD",
        lambda v: f"more than {v}B USD",
        lambda v: f"{v}B..{v + 1}B USD",
        lambda v: f"~{v}.5B USD",
    ]
    for f in range(0, claims, per_file):
        with open(os.path.join(out, "corpus", f"part-{f // per_file:04}.claims"), "w") as fh:
            if f == 0:
                fh.write('source s {\n  outlet "synthetic"\n}\n\n')
            for i in range(f, min(f + per_file, claims)):
                v = rng.randint(1, 900)
                fh.write(f"claim c{i // 100}.v[{i % 100}] = {forms[i % len(forms)](v)} {{\n")
                fh.write(f'  cite s "a figure of {v} billion"\n}}\n')
    for f in range(0, rules, per_file):
        with open(os.path.join(out, "rules", f"part-{f // per_file:04}.rules"), "w") as fh:
            for r in range(f, min(f + per_file, rules)):
                a, b = rng.randrange(claims), rng.randrange(claims)
                ca, cb = f"c{a // 100}.v[{a % 100}]", f"c{b // 100}.v[{b % 100}]"
                kind = r % 4
                fh.write(f'rule r{r} "synthetic rule {r}" {{\n')
                if kind == 0:
                    fh.write(f"  assert {ca} < {cb} + 1000B USD\n")
                elif kind == 1:
                    fh.write(f"  let total = {ca} + {cb}\n  assert total > 0.5B USD and total < 2000B USD\n")
                elif kind == 2:
                    fh.write(f"  assert {ca} * 2 ~= {ca} + {ca} within 1%\n")
                else:
                    fh.write(f"  assert sum(c{a // 100}.v[*]) > {ca}\n")
                fh.write("}\n")


if __name__ == "__main__":
    main()
