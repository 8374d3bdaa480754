#!/usr/bin/env python3
"""Writes a corpus whose quotes are missing from one large source file, for
timing the `sources` check (the closest-passage search) at scale.

Usage: bench/generate_sources.py DIR QUOTES [KIND] [WORDS]

DIR/sources/article.txt holds about WORDS words (default 170,000, about
1 MB) of English-like text: pseudo-words drawn from a Zipf distribution
over 5,000, the commonest ones the real English function words, with a
figure in billions now and then. DIR/corpus/claims.claims holds QUOTES
claims citing it, each with a quote that does not occur in the file:

  ordinary     a stretch of 12 words of the file with one word replaced by
               the claim's figure, as a mistyped quote is
  common       60 words drawn from the file's 60 commonest, then
               the figure: every quote shares words with half the file
  long         as `common` with 1,990 words (with the figure, about the
               longest quote aligned word by word)

Run `factlint check --sources sources corpus` in DIR. Deterministic:
the same arguments write the same files.
"""
import os
import random
import sys

FUNCTION_WORDS = (
    "the of and to a in is that for it as was with be by on not he this are or "
    "his from at which but have an they you were her she there been one all "
    "we their has would when if so no will more can its who out up said"
).split()


def main() -> None:
    out, quotes = sys.argv[1], int(sys.argv[2])
    kind = sys.argv[3] if len(sys.argv) > 3 else "ordinary"
    total = int(sys.argv[4]) if len(sys.argv) > 4 else 170_000
    rng = random.Random(11)
    vocab = FUNCTION_WORDS + [
        "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
        for _ in range(5_000 - len(FUNCTION_WORDS))
    ]
    weights = [1 / (r + 1) for r in range(len(vocab))]
    words = rng.choices(vocab, weights, k=total)
    for i in range(0, total, 97):
        words[i] = f"{rng.randint(1, 900)}.{rng.randint(1, 9)} billion"
    os.makedirs(os.path.join(out, "sources"), exist_ok=True)
    os.makedirs(os.path.join(out, "corpus"), exist_ok=True)
    with open(os.path.join(out, "sources", "article.txt"), "w") as fh:
        for i in range(0, total, 16):
            fh.write(" ".join(words[i : i + 16]) + (".\n" if i % 160 == 144 else "\n"))
    with open(os.path.join(out, "corpus", "claims.claims"), "w") as fh:
        fh.write('source article {\n  outlet "synthetic"\n  file "article.txt"\n}\n\n')
        for q in range(quotes):
            v = rng.randint(1, 900)
            figure = f"{v} billion"
            if kind == "ordinary":
                at = rng.randrange(total - 12)
                quote = words[at : at + 12]
                quote[rng.randrange(12)] = figure
            elif kind in ("common", "long"):
                length = 60 if kind == "common" else 1_990
                quote = [rng.choice(vocab[:60]) for _ in range(length)] + [figure]
            else:
                sys.exit(f"unknown kind {kind}")
            fh.write(f"claim q{q} = {v}B USD {{\n  cite article \"{' '.join(quote)}\"\n}}\n")


if __name__ == "__main__":
    main()
