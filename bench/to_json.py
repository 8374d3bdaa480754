#!/usr/bin/env python3
"""Rewrites a corpus from bench/generate.py as one JSON claims file.

Usage: bench/to_json.py DIR [--escape] [--value-first]

Reads DIR/corpus/*.claims (the generator's forms only: `unit` lines, sources
with an outlet, claims with a title and `cite`s), writes the same items to
DIR/corpus/all.json and removes the .claims files. With --escape every
string but the values (which must be written plainly) starts with a \\uXXXX
escape and has its spaces and punctuation escaped, so no string can be found
by searching for its plain text. With --value-first the keys of claims and
citations come in another order than the schema's (value before id, quote
before source), as a pipeline may write them.
"""
import glob
import json
import os
import re
import sys

CLAIM = re.compile(r"^claim (\S+) = (.*) \{$")
CITE = re.compile(r'^  cite (\S+) "(.*)"$')
OUTLET = re.compile(r'^  outlet "(.*)"$')
TITLE = re.compile(r'^  title "(.*)"$')
UNIT = re.compile(r"^unit (.*)$")


def escaped(s: str) -> str:
    """`s` as a JSON string whose first character and every character that
    is not a letter or digit are written as \\uXXXX."""
    out = []
    for i, c in enumerate(s):
        if i == 0 or not c.isalnum():
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def main() -> None:
    out, escape = sys.argv[1], "--escape" in sys.argv[2:]
    value_first = "--value-first" in sys.argv[2:]
    string = escaped if escape else lambda s: json.dumps(s, ensure_ascii=False)
    units, sources, claims = [], [], []
    paths = sorted(glob.glob(os.path.join(out, "corpus", "*.claims")))
    for path in paths:
        with open(path) as fh:
            for line in fh:
                line = line.rstrip("\n")
                if m := UNIT.match(line):
                    units.extend(u.strip() for u in m.group(1).split(","))
                elif line.startswith("source "):
                    sources.append({"id": line.split()[1]})
                elif m := OUTLET.match(line):
                    sources[-1]["outlet"] = m.group(1)
                elif m := CLAIM.match(line):
                    claims.append({"id": m.group(1), "value": m.group(2), "citations": []})
                elif m := TITLE.match(line):
                    claims[-1]["title"] = m.group(1)
                elif m := CITE.match(line):
                    claims[-1]["citations"].append((m.group(1), m.group(2)))
    with open(os.path.join(out, "corpus", "all.json"), "w") as fh:
        fh.write('{\n  "units": [' + ", ".join(string(u) for u in units) + '],\n  "sources": [\n')
        fh.write(",\n".join(
            f'    {{"id": {string(s["id"])}, "outlet": {string(s["outlet"])}}}' for s in sources
        ))
        fh.write('\n  ],\n  "claims": [\n')
        rows = []
        for c in claims:
            cites = ", ".join(
                f'{{"quote": {string(q)}, "source": {string(s)}}}'
                if value_first
                else f'{{"source": {string(s)}, "quote": {string(q)}}}'
                for s, q in c["citations"]
            )
            members = [
                f'"id": {string(c["id"])}',
                f'"value": {json.dumps(c["value"], ensure_ascii=False)}',
            ]
            if "title" in c:
                members.append(f'"title": {string(c["title"])}')
            members.append(f'"citations": [{cites}]')
            if value_first:
                members.reverse()
            rows.append("    {" + ", ".join(members) + "}")
        fh.write(",\n".join(rows))
        fh.write("\n  ]\n}\n")
    for path in paths:
        os.remove(path)


if __name__ == "__main__":
    main()
