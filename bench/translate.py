#!/usr/bin/env python3
"""Writes the checks of a generated corpus for numbat and for Python with pint.

Usage: bench/translate.py DIR

Reads DIR/model.jsonl (written by bench/generate.py: every claim's point
value and unit, every rule's `let`s and assertions as trees, and whether
each assertion holds) and writes the same checks as the tools people use
instead of factlint would run them:

- DIR/numbat/checks.nbt: each claim a `let` with a declared unit (`unit USD`,
  `unit user`, `unit server`: numbat's own currencies need exchange rates
  from the network), each assertion an `assert_eq(a, b, tolerance)` (for
  `~=`) or an `assert(...)`. Numbat stops at the first assertion that fails,
  so an assertion the figures contradict is written negated
  (`assert(!(...))`): the script runs every check and exits 0 exactly when
  each comes out as factlint reports it.
- DIR/pint/checks.py: what an analyst writes by hand with pint: a Quantity
  for each claim, and for each rule one `check(ID, condition)` that records
  the rule when its condition is false; it prints the count of passed and
  failed rules and the id of each failed one.

Both work on point values (the written number: `about 15M` is 15M, `more
than 14B` is 14B), not intervals, and neither reads a quote; the generator's
rules hold, or fail, at the points as they do over the intervals.
"""
import json
import os
import sys

PREC = {"+": 5, "-": 5, "*": 6, "/": 6}


def ident(claim_id):
    """A claim id as a name both languages accept: c12.revenue[2025] -> c12_revenue_2025."""
    out = claim_id.replace(".", "_").replace("[", "_").replace("]", "").replace("-", "_")
    return out


class Printer:
    """Prints expression trees; `lets` maps a rule's let names to globals."""

    def __init__(self, unit, lets):
        self.unit, self.lets = unit, lets

    def num(self, value, unit):
        return self.unit(value, unit)

    def expr(self, e, parent=0, right=False):
        k = e[0]
        if k == "claim":
            return ident(e[1])
        if k == "let":
            return self.lets[e[1]]
        if k == "num":
            return self.num(e[2], e[3])
        if k == "sum":
            return "(" + " + ".join(ident(i) for i in e[2]) + ")"
        if k in PREC:
            p = PREC[k]
            s = f"{self.expr(e[1], p)} {k} {self.expr(e[2], p, True)}"
            return f"({s})" if p < parent or (p == parent and right) else s
        raise ValueError(k)


# -- numbat -------------------------------------------------------------------

NUMBAT_UNITS = {"%": "percent"}


def numbat_unit(value, unit):
    if not unit:
        return value
    names = "/".join(NUMBAT_UNITS.get(u, u) for u in unit.split("/"))
    return f"({value} {names})"


def numbat_tolerance(p, cond):
    _, a, b, tol, relative = cond
    rhs = p.expr(b)
    t = p.expr(tol)
    return (p.expr(a), rhs, f"{t} * abs({rhs})" if relative else t)


def numbat_cond(p, c):
    k = c[0]
    if k == "cmp":
        op = {"==": "=="}.get(c[1], c[1])
        return f"{p.expr(c[2])} {op} {p.expr(c[3])}"
    if k == "approx":
        a, b, t = numbat_tolerance(p, c)
        return f"abs({a} - {b}) <= {t}"
    if k == "in":
        x = p.expr(c[1])
        return f"({p.expr(c[2])} <= {x} && {x} <= {p.expr(c[3])})"
    if k == "and":
        return f"({numbat_cond(p, c[1])}) && ({numbat_cond(p, c[2])})"
    if k == "whole":
        x = f"{p.expr(c[1])} / {c[2]}"
        return f"round({x}) == {x}"
    raise ValueError(k)


def numbat_assert(p, cond, holds):
    if holds and cond[0] == "approx":
        a, b, t = numbat_tolerance(p, cond)
        return f"assert_eq({a}, {b}, {t})"
    if holds:
        return f"assert({numbat_cond(p, cond)})"
    return f"assert(!({numbat_cond(p, cond)}))"


# -- pint ---------------------------------------------------------------------

def pint_unit_name(unit):
    return unit.replace("%", "percent").replace("/", "_per_")


def pint_unit(value, unit):
    if not unit:
        return value
    return f"({value} * {pint_unit_name(unit)})"


def pint_cond(p, c):
    k = c[0]
    if k == "cmp":
        return f"{p.expr(c[2])} {c[1]} {p.expr(c[3])}"
    if k == "approx":
        _, a, b, tol, relative = c
        rhs = p.expr(b)
        t = f"{p.expr(tol)} * abs({rhs})" if relative else p.expr(tol)
        return f"abs({p.expr(a)} - {rhs}) <= {t}"
    if k == "in":
        return f"{p.expr(c[2])} <= {p.expr(c[1])} <= {p.expr(c[3])}"
    if k == "and":
        return f"({pint_cond(p, c[1])}) and ({pint_cond(p, c[2])})"
    if k == "whole":
        return f"whole({p.expr(c[1])}, {c[2]})"
    raise ValueError(k)


PINT_HEAD = '''"""{n_claims} claims and {n_rules} rules checked with pint (bench/translate.py)."""
import pint

ureg = pint.UnitRegistry()
ureg.define("USD = [currency]")
{defines}
Q = ureg.Quantity
{bindings}

failed = []


def check(rule, holds):
    if not holds:
        failed.append(rule)


def whole(x, unit):
    return float(x.m_as(unit)).is_integer()


'''

PINT_TAIL = '''
print(f"pint: {{{n_rules} - len(failed)}} rules passed, {{len(failed)}} failed")
for rule in failed:
    print("FAILED", rule)
'''


def main() -> None:
    out = sys.argv[1]
    lines = (json.loads(line) for line in open(os.path.join(out, "model.jsonl")))
    meta = next(lines)[1]
    os.makedirs(os.path.join(out, "numbat"), exist_ok=True)
    os.makedirs(os.path.join(out, "pint"), exist_ok=True)
    nbt = open(os.path.join(out, "numbat", "checks.nbt"), "w")
    py_claims, py_rules = [], []
    units = set()
    count_units = meta["units"]

    nbt.write(f"# {meta['claims']} claims and {meta['rules']} rules (bench/translate.py).\n")
    nbt.write("unit USD\n" + "".join(f"unit {u}\n" for u in count_units) + "\n")
    for item in lines:
        if item[0] == "claim":
            _, cid, value, unit = item
            name = ident(cid)
            nbt.write(f"let {name} = {numbat_unit(value, unit).strip('()')}\n")
            units.add(unit)
            py_claims.append(f"{name} = {pint_unit(value, unit).strip('()')}\n")
        elif item[0] == "rule":
            _, rid, _fails, lets, asserts = item
            base = ident(rid)
            names = {name: f"{base}__{name}" for name, _ in lets}
            np = Printer(numbat_unit, names)
            pp = Printer(pint_unit, names)
            nbt.write(f"\n# rule {rid}\n")
            for name, e in lets:
                nbt.write(f"let {names[name]} = {np.expr(e)}\n")
                py_rules.append(f"{names[name]} = {pp.expr(e)}\n")
            for cond, holds in asserts:
                nbt.write(numbat_assert(np, cond, holds) + "\n")
            conds = [f"({pint_cond(pp, c)})" for c, _ in asserts]
            py_rules.append(f'check("{rid}", {" and ".join(conds)})\n')
    nbt.close()
    # Units every literal may use, and each compound unit a claim has.
    units |= {"USD", "day", "year", "month", "%"} | set(count_units)
    bindings = []
    for u in sorted(units - {""}):
        parts = [f"ureg.{pint_unit_name(p)}" for p in u.split("/")]
        bindings.append(f"{pint_unit_name(u)} = {' / '.join(parts)}")
    with open(os.path.join(out, "pint", "checks.py"), "w") as py:
        py.write(PINT_HEAD.format(
            n_claims=meta["claims"], n_rules=meta["rules"],
            defines="\n".join(f'ureg.define("{u} = [{u}]")' for u in count_units),
            bindings="\n".join(bindings)))
        py.write("# Claims: point values.\n")
        py.writelines(py_claims)
        py.write("\n# Rules.\n")
        py.writelines(py_rules)
        py.write(PINT_TAIL.format(n_rules=meta["rules"]))


if __name__ == "__main__":
    main()
