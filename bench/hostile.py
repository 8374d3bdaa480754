#!/usr/bin/env python3
"""Writes pairs of projects for bench/hostile.sh: each pair holds the same
amount of work, laid out the ordinary way and the way a hostile pull request
would lay it out. A linear tool takes about as long on both.

Usage: bench/hostile.py DIR [SCALE]

DIR/PAIR/plain and DIR/PAIR/hostile are projects (corpus/, rules/, drafts/,
sources/); SCALE (default 1) multiplies every count. Deterministic.
"""
import json
import os
import random
import sys


def write(root: str, files: dict) -> None:
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    os.makedirs(os.path.join(root, "rules"), exist_ok=True)


def article(words: int, rng: random.Random) -> str:
    """About `words` words of prose with figures, as a source file."""
    vocab = ["the", "company", "spent", "billion", "dollars", "on", "servers",
             "revenue", "grew", "analysts", "said", "year", "users", "paid",
             "million", "a", "day", "in", "of", "its", "model", "training"]
    out = []
    for i in range(words):
        out.append(str(rng.randint(1, 999)) if i % 9 == 0 else rng.choice(vocab))
        if i % 17 == 16:
            out[-1] += "."
    return " ".join(out) + "\n"


def main() -> None:
    out = sys.argv[1]
    scale = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(11)
    claim = "claim sora.annual_loss = 5.4B USD\n"

    # Draft findings: one per line, or all on one line.
    n = 10_000 * scale
    span = "x [$4.5 billion]{claim=sora.annual_loss} y"
    write(os.path.join(out, "draft-findings", "plain"), {
        "corpus/a.claims": claim,
        "drafts/d.md": "# t\n\n" + "\n".join([span] * n) + "\n",
    })
    write(os.path.join(out, "draft-findings", "hostile"), {
        "corpus/a.claims": claim,
        "drafts/d.md": "# t\n\n" + " ".join([span] * n) + "\n",
    })

    # Claims as .claims, or as one-line .json with escaped strings.
    n = 100_000 * scale
    source = 'source s {\n  outlet "synthetic"\n}\n'
    lines = [source]
    claims = []
    for i in range(n):
        v = rng.randint(1, 900)
        lines.append(f'claim c{i}.v = {v}B USD {{\n  cite s "a figure of {v} billion"\n}}\n')
        claims.append({"citations": [{"quote": f"a figure of {v} billion", "source": "s"}],
                       "value": f"{v}B USD", "id": f"c{i}.v"})
    write(os.path.join(out, "json-claims", "plain"), {"corpus/a.claims": "".join(lines)})
    doc = {"claims": claims, "sources": [{"id": "s", "outlet": "synthetic"}]}
    write(os.path.join(out, "json-claims", "hostile"),
          {"corpus/a.json": json.dumps(doc, ensure_ascii=True).replace("/", "\\/")
           .replace("a figure", "\\u0061 figure")})

    # Quotes checked against a 1 MB source: found, or all missing.
    n = 2_000 * scale
    text = article(170_000, rng)
    words = text.split()
    found, missing = [source.replace("}", '  file "sources/a.txt"\n}')], [source.replace("}", '  file "sources/a.txt"\n}')]
    for i in range(n):
        at = rng.randrange(len(words) - 12)
        quote = " ".join(words[at:at + 12])
        found.append(f'claim q{i} = 1B USD {{\n  cite s "{quote}"\n}}\n')
        changed = quote.replace(" ", " zz ", 1)
        missing.append(f'claim q{i} = 1B USD {{\n  cite s "{changed}"\n}}\n')
    write(os.path.join(out, "missing-quotes", "plain"),
          {"sources/a.txt": text, "corpus/a.claims": "".join(found)})
    write(os.path.join(out, "missing-quotes", "hostile"),
          {"sources/a.txt": text, "corpus/a.claims": "".join(missing)})


if __name__ == "__main__":
    main()
