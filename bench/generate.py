#!/usr/bin/env python3
"""Writes a synthetic corpus, shaped like the bundled one, for timing factlint.

Usage: bench/generate.py DIR CLAIMS [RULES] [--seed N] [--drafts N]

Writes, deterministically for the same arguments and seed (default 7):

- DIR/corpus/sources.claims: the count units and 24 sources, Arabic,
  Chinese (simplified and traditional) and English;
- DIR/corpus/part-NNNN.claims: CLAIMS claims, 10,000 a file, in blocks of
  20 per company `cK` (revenue by year and by segment, spend, a daily and a
  yearly cost, a stake, its value and the valuation, users, revenue per
  user, the 5%-of-users / 70%-of-revenue split, growth, servers, and three
  plain keyed figures `cK.v[0..2]`), written in the forms the bundled corpus
  uses (plain, `about`, `more than`; `B`, `M`, `k`, `%`; rates per day, per
  year and per user a year). Each claim cites one to three sources with a
  quote in the source's language that states it the way such articles do:
  Arabic-Indic or ASCII digits with مليار/مليون/ألف, Chinese 亿/億 and 万/萬
  (and 百分之 in characters), English billion/million, `%`, `٪` and
  `في المئة`, qualifiers (نحو, أكثر من, 约, 超过, about, more than ...), and
  periods (يوميًا, 每天, a day; سنويًا, 每年, a year). Every quote grounds
  its claim and the quotes of one claim agree;
- DIR/rules/part-NNNN.rules: RULES rules (default CLAIMS / 10), 10,000 a
  file, from eleven templates over one company's claims: a sum of keyed
  claims against a total (absolute tolerance), revenue under spend, a daily
  cost annualised (`* 365 day`) and a yearly one brought to a day, a
  percentage of a base, revenue per user a year, growth as a ratio, shares
  within ranges, a whole count, and the `sum(path[*])` of plain figures;
  5% of them, chosen by the seed, state a relation the figures contradict,
  so they fail (and only they);
- DIR/drafts/draft-NN.md: N Markdown drafts (default 3, plus one per
  100,000 claims), in English, Arabic and Chinese, citing claims with
  `[figure]{claim=ID}` spans that all agree with their claims;
- DIR/model.jsonl: the same corpus and rules as data, for bench/translate.py
  (one JSON array a line: `["claim", ID, VALUE, UNIT]` with the written
  figure's point value, `["rule", ID, FAILS, LETS, ASSERTS]` with each
  expression as a tree and each assertion's expected truth).

`factlint check` in DIR prints one FAILED line per failing rule and
otherwise only `ok`: `check quotes`, `citations` and `drafts` are ok and
`sources` has no file to read.
"""
import argparse
import json
import os
import random
import sys

PER_FILE = 10_000
BLOCK = 20
FAIL_SHARE = 0.05

# ---------------------------------------------------------------------------
# Sources: (id, outlet, language). Chinese sources are simplified or
# traditional, and their quotes are written in that script.

SOURCES = [
    ("aljumhour", "الجمهور الاخباري", "ar"),
    ("aitnews", "البوابة العربية للأخبار التقنية", "ar"),
    ("hokanews", "hokanews", "ar"),
    ("gulfzooms", "gulfzooms.com", "ar"),
    ("alarabiya", "العربية نت", "ar"),
    ("asharq", "الشرق للأعمال", "ar"),
    ("aleqt", "الاقتصادية", "ar"),
    ("securities_ar", "صحيفة الأوراق المالية، ترجمة عربية", "ar"),
    ("netease", "網易號", "zh-Hant"),
    ("udn", "經濟日報", "zh-Hant"),
    ("ithome_tw", "iThome", "zh-Hant"),
    ("cna", "中央社", "zh-Hant"),
    ("stcn", "证券时报", "zh-Hans"),
    ("caixin", "财新", "zh-Hans"),
    ("36kr", "36氪", "zh-Hans"),
    ("sina", "新浪财经", "zh-Hans"),
    ("yicai", "第一财经", "zh-Hans"),
    ("jiemian", "界面新闻", "zh-Hans"),
    ("forbes", "Forbes", "en"),
    ("reuters", "Reuters", "en"),
    ("ft", "Financial Times", "en"),
    ("bloomberg", "Bloomberg", "en"),
    ("information", "The Information", "en"),
    ("cnbc", "CNBC", "en"),
]
# Source ids may not start with a digit.
SOURCES = [(("s" + i) if i[0].isdigit() else i, o, lang) for i, o, lang in SOURCES]
BY_LANG = {
    "ar": [s for s in SOURCES if s[2] == "ar"],
    "zh": [s for s in SOURCES if s[2].startswith("zh")],
    "en": [s for s in SOURCES if s[2] == "en"],
}
HANT = {s[0] for s in SOURCES if s[2] == "zh-Hant"}

SYLLABLES = "no ver ka li ta mo ra si quo ne lu vi tor za en fa ri cel dro mi".split()

# ---------------------------------------------------------------------------
# Numerals, per language.

AR_DIGITS = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")
ZH_DIGITS = "零一二三四五六七八九"

QUALIFIERS = {
    "ar": {"about": ["نحو ", "بنحو ", "حوالي ", "ما يقارب ", "قرابة "],
           "more than": ["أكثر من ", "تتجاوز ", "ما يزيد على ", "بأكثر من "]},
    "zh": {"about": ["约", "大约", "约为"], "more than": ["超过", "逾"]},
    "zht": {"about": ["約", "大約", "約為"], "more than": ["超過", "逾"]},
    "en": {"about": ["about ", "around ", "roughly ", "some "],
           "more than": ["more than ", "over ", "upwards of "]},
}


def qual(rng, lang, q):
    return rng.choice(QUALIFIERS[lang][q]) if q else ""


def tenths(t):
    """A count of tenths as the decimal it is: 152 -> "15.2"."""
    return f"{t // 10}.{t % 10}"


def strip_zero(s):
    return s[:-2] if s.endswith(".0") else s


def ar_digits(rng, s):
    return s.translate(AR_DIGITS) if rng.random() < 0.3 else s


def zh_number(n):
    """1..99 in Chinese characters."""
    tens, units = divmod(n, 10)
    out = ("" if tens == 1 else ZH_DIGITS[tens]) + "十" if tens else ""
    return out + (ZH_DIGITS[units] if units else "")


class Writer:
    """The quote and draft phrasing of one language (or script)."""

    def __init__(self, rng, lang):
        self.rng, self.lang = rng, lang
        self.zh = lang in ("zh", "zht")
        self.yi = "億" if lang == "zht" else "亿"
        self.wan = "萬" if lang == "zht" else "万"
        self.usd = "美元"

    def q(self, q):
        return qual(self.rng, self.lang, q)

    def billions(self, t, q=None, period=None):
        """A sum of `t` tenths of a billion dollars."""
        rng, s = self.rng, tenths(t)
        if self.zh:
            head = f"{t}{self.yi}{self.usd}" if rng.random() < 0.7 else f"{t} {self.yi}{self.usd}"
            return self.q(q) + head
        if self.lang == "ar":
            whole = strip_zero(s)
            word = "مليارات" if whole.isdigit() and 3 <= int(whole) <= 10 else "مليار"
            tail = {"year": " سنويًا", "day": " يوميًا", None: ""}[period]
            return f"{self.q(q)}{ar_digits(rng, whole)} {word} دولار{tail}"
        tail = {"year": " a year", "day": " a day", None: ""}[period]
        if rng.random() < 0.5:
            return f"{self.q(q)}${strip_zero(s)} billion{tail}"
        return f"{self.q(q)}{strip_zero(s)} billion dollars{tail}"

    def millions(self, m, q=None, period=None):
        """`m` million dollars (a whole number)."""
        rng = self.rng
        if self.zh:
            if m < 100:
                return f"{self.q(q)}{m * 100}{self.wan}{self.usd}"
            return f"{self.q(q)}{strip_zero(f'{m / 100:g}')}{self.yi}{self.usd}"
        if self.lang == "ar":
            tail = {"day": " يوميًا", "year": " سنويًا", None: ""}[period]
            word = "ملايين" if 3 <= m <= 10 else "مليون"
            return f"{self.q(q)}{ar_digits(rng, str(m))} {word} دولار{tail}"
        tail = {"day": " a day", "year": " a year", None: ""}[period]
        return f"{self.q(q)}${m} million{tail}"

    def percent(self, p, q=None):
        rng = self.rng
        if self.zh:
            if not q and rng.random() < 0.3:
                return f"百分之{zh_number(p)}"
            return f"{self.q(q)}{p}%"
        if self.lang == "ar":
            form = rng.random()
            if form < 0.3:
                return f"{self.q(q)}{str(p).translate(AR_DIGITS)}٪"
            if form < 0.5:
                return f"{self.q(q)}{p} في المئة"
            return f"{self.q(q)}{p}%"
        return f"{self.q(q)}{p}%" if rng.random() < 0.7 else f"{self.q(q)}{p} percent"

    def users(self, m, q):
        """`m` million users (a multiple of ten)."""
        if self.zh:
            return f"{self.q(q)}{strip_zero(f'{m / 100:g}')}{self.yi}"
        if self.lang == "ar":
            return f"{self.q(q)}{ar_digits(self.rng, str(m))} مليون مستخدم"
        return f"{self.q(q)}{m} million users"

    def dollars(self, t, q):
        """`t` tenths of a dollar."""
        s = tenths(t)
        if self.zh:
            return f"{self.q(q)}{s}{self.usd}"
        if self.lang == "ar":
            return f"{self.q(q)}{ar_digits(self.rng, s)} دولار"
        return f"{self.q(q)}${s}"

    def servers(self, t):
        """`t` tenths of ten thousand servers (10..99)."""
        if self.zh:
            return f"{tenths(t)} {self.wan}{'臺' if self.lang == 'zht' else '台'}"
        if self.lang == "ar":
            return f"{ar_digits(self.rng, str(t))} ألف خادم"
        return f"{t},000 servers"


# ---------------------------------------------------------------------------
# Quotes: each claim kind in each language, the numeral phrase in `{n}`.

SENTENCES = {
    "revenue[2024]": {
        "ar": "بلغت إيرادات {name} {n} في عام 2024",
        "zh": "{name} 2024 年营收为 {n}",
        "zht": "{name} 2024 年營收為 {n}",
        "en": "{name} reported revenue of {n} for 2024",
    },
    "revenue[2025]": {
        "ar": "تُقدّر إيرادات {name} لعام 2025 {n}",
        "zh": "{name} 预计 2025 年营收{n}",
        "zht": "{name} 預計 2025 年營收{n}",
        "en": "{name} expects revenue of {n} in 2025",
    },
    "segment": {
        "ar": "وحققت وحدة {seg_ar} في {name} إيرادات قدرها {n}",
        "zh": "{name} 的{seg_zh}业务收入为 {n}",
        "zht": "{name} 的{seg_zht}業務收入為 {n}",
        "en": "the {seg_en} business of {name} brought in {n}",
    },
    "spend[2025]": {
        "ar": "وتخطط {name} لإنفاق {n} على مراكز البيانات",
        "zh": "{name} 今年资本开支{n}",
        "zht": "{name} 今年資本開支{n}",
        "en": "{name} plans to spend {n} on data centres this year",
    },
    "daily_cost": {
        "ar": "تنفق {name} {n} على تشغيل نماذجها",
        "zh": "据估计，{name} 每天的运行成本{n}",
        "zht": "據估計，{name} 每天的運行成本{n}",
        "en": "{name} spends {n} running its models",
    },
    "annual_cost": {
        "ar": "أي ما يعادل {n}",
        "zh": "{name} 每年的运营成本{n}",
        "zht": "{name} 每年的運營成本{n}",
        "en": "that comes to {n}",
    },
    "stake": {
        "ar": "رفعت {buyer} حصتها في {name} إلى {n}",
        "zh": "{buyer} 持有 {name} {n}的股份",
        "zht": "{buyer} 持有 {name} {n}的股份",
        "en": "{buyer} holds a {n} stake in {name}",
    },
    "stake_value": {
        "ar": "بقيمة {n}",
        "zh": "这部分股份价值{n}",
        "zht": "這部分股份價值{n}",
        "en": "a stake worth {n}",
    },
    "valuation": {
        "ar": "بتقييم يبلغ {n}",
        "zh": "{name} 的估值 {n}",
        "zht": "{name} 的估值 {n}",
        "en": "{name} is valued at {n}",
    },
    "users": {
        "ar": "ويستخدم منصة {name} {n}",
        "zh": "{name} 的用户数{n}",
        "zht": "{name} 的用戶數{n}",
        "en": "{name} now has {n}",
    },
    "arpu": {
        "ar": "ويبلغ متوسط الإيراد لكل مستخدم {n} سنويًا",
        "zh": "每位用户每年贡献{n}",
        "zht": "每位用戶每年貢獻{n}",
        "en": "each user brings in {n} a year",
    },
    "split": {
        "ar": "يأتي {r} من إيرادات {name} من نسبة {u} فقط من مستخدميها",
        "zh": "{name} {r}的收入来自仅{u}的用户",
        "zht": "{name} {r}的收入來自僅{u}的用戶",
        "en": "{r} of {name}'s revenue comes from just {u} of its users",
    },
    "growth[2025]": {
        "ar": "ونمت إيرادات {name} {n}",
        "zh": "{name} 营收同比增长{n}",
        "zht": "{name} 營收同比增長{n}",
        "en": "{name}'s revenue grew {n}",
    },
    "servers": {
        "ar": "وتعتزم {name} نشر {n} هذا العام",
        "zh": "{name} 今年将部署 {n}服务器",
        "zht": "{name} 今年將部署 {n}伺服器",
        "en": "{name} will deploy {n} this year",
    },
    "v": {
        "ar": "رقم قدره {n}",
        "zh": "金额为 {n}",
        "zht": "金額為 {n}",
        "en": "a figure of {n}",
    },
}

SEGMENTS = {
    "cloud": ("الحوسبة السحابية", "云计算", "雲端運算", "cloud"),
    "ads": ("الإعلانات", "广告", "廣告", "advertising"),
    "devices": ("الأجهزة", "硬件", "硬體", "devices"),
}
BUYERS = ["Microsoft", "SoftBank", "Nvidia", "Oracle", "Amazon"]


def company_name(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


# ---------------------------------------------------------------------------
# Rule expressions as trees, printed for factlint here and for numbat and
# pint by bench/translate.py.
#
#   ["claim", ID]  ["let", NAME]  ["num", WRITTEN, VALUE, UNIT]
#   [OP, A, B] for + - * /    ["sum", PATH, [ID...]]
#   ["cmp", OP, A, B]  ["approx", A, B, TOL, RELATIVE]  ["in", X, LO, HI]
#   ["and", C, D]  ["whole", X, UNIT]

def C(i):
    return ["claim", i]


def L(n):
    return ["let", n]


def N(written, value, unit=""):
    return ["num", written, value, unit]


PREC = {"+": 5, "-": 5, "*": 6, "/": 6}


def fl(e, parent=0, right=False):
    """An expression in factlint's rule syntax."""
    k = e[0]
    if k == "claim":
        return e[1]
    if k == "let":
        return e[1]
    if k == "num":
        return e[1]
    if k == "sum":
        return f"sum({e[1]}[*])"
    if k in PREC:
        p = PREC[k]
        s = f"{fl(e[1], p)} {k} {fl(e[2], p, True)}"
        return f"({s})" if p < parent or (p == parent and right) else s
    if k == "cmp":
        return f"{fl(e[2])} {e[1]} {fl(e[3])}"
    if k == "approx":
        return f"{fl(e[1])} ~= {fl(e[2])} within {fl(e[3])}"
    if k == "in":
        return f"{fl(e[1])} in {fl(e[2])}..{fl(e[3])}"
    if k == "and":
        return f"{fl(e[1])} and {fl(e[2])}"
    if k == "whole":
        return f"whole({fl(e[1])})"
    raise ValueError(k)


# ---------------------------------------------------------------------------


class Company:
    """One company's 20 claims: values, written forms and quotes."""

    def __init__(self, k, rng):
        self.k, self.rng = k, rng
        self.name = company_name(rng)
        self.buyer = rng.choice(BUYERS)
        p = f"c{k}"
        self.p = p
        r24 = rng.randint(100, 2000)  # tenths of a billion
        g = rng.randint(12, 40)
        r25 = round(r24 * (100 + g) / 100)
        self.growth = round((r25 / r24 - 1) * 100)
        cloud = round(r25 * rng.uniform(0.2, 0.4))
        ads = round(r25 * rng.uniform(0.2, 0.4))
        devices = r25 - cloud - ads
        spend = -(-r25 * 16 // 100) + rng.randint(1, max(1, r25 // 10))  # whole billions
        daily = rng.randint(5, 400)  # million a day
        annual = round(daily * 365 / 100)  # tenths of a billion a year
        stake = rng.randint(10, 45)
        valuation = rng.randint(200, 900)
        stake_value = round(stake * valuation / 100)
        users = rng.randint(10, 90) * 10  # millions
        arpu = round(r25 * 1e8 / (users * 1e6) * 10)  # tenths of a dollar
        user_share = rng.randint(2, 20)
        revenue_share = rng.randint(40, 80)
        servers = rng.randint(10, 99)  # tenths of 10k
        v = [rng.randint(2, 900) for _ in range(3)]
        self.v = dict(r24=r24, r25=r25, cloud=cloud, ads=ads, devices=devices, spend=spend,
                      daily=daily, annual=annual, stake=stake, valuation=valuation,
                      stake_value=stake_value, users=users, arpu=arpu, user_share=user_share,
                      revenue_share=revenue_share, servers=servers, vs=v)

    def claims(self):
        """(id, written value, point value, unit, title, phrase(writer) -> quote)."""
        v, p, name = self.v, self.p, self.name
        out = []

        def add(key, written, value, unit, title, kind, phrase, **extra):
            out.append((f"{p}.{key}", written, value, unit, title, kind, phrase, extra))

        add("revenue[2024]", f"{tenths(v['r24'])}B USD", f"{tenths(v['r24'])}e9", "USD",
            f"{name}'s revenue for 2024", "revenue[2024]", lambda w: w.billions(v["r24"]))
        add("revenue[2025]", f"about {tenths(v['r25'])}B USD", f"{tenths(v['r25'])}e9", "USD",
            f"{name}'s expected revenue for 2025", "revenue[2025]",
            lambda w: w.billions(v["r25"], "about"))
        for seg in ("cloud", "ads", "devices"):
            add(f"segment[{seg}]", f"{tenths(v[seg])}B USD", f"{tenths(v[seg])}e9", "USD",
                f"{name}'s 2025 revenue from its {SEGMENTS[seg][3]} business", "segment",
                lambda w, seg=seg: w.billions(v[seg]), seg=seg)
        add("spend[2025]", f"more than {v['spend']}B USD", f"{v['spend']}e9", "USD",
            f"{name}'s planned spending for 2025", "spend[2025]",
            lambda w: w.billions(v["spend"] * 10, "more than"))
        add("daily_cost", f"about {v['daily']}M USD/day", f"{v['daily']}e6", "USD/day",
            f"What {name} spends a day to run its models", "daily_cost",
            lambda w: w.millions(v["daily"], "about", "day"))
        add("annual_cost", f"about {tenths(v['annual'])}B USD/year", f"{tenths(v['annual'])}e9",
            "USD/year", f"{name}'s yearly running cost", "annual_cost",
            lambda w: w.billions(v["annual"], "about", "year"))
        add("stake", f"{v['stake']}%", str(v["stake"]), "%",
            f"{self.buyer}'s stake in {name}", "stake", lambda w: w.percent(v["stake"]))
        add("stake_value", f"about {v['stake_value']}B USD", f"{v['stake_value']}e9", "USD",
            f"Value of {self.buyer}'s stake in {name}", "stake_value",
            lambda w: w.billions(v["stake_value"] * 10, "about"))
        add("valuation", f"{v['valuation']}B USD", f"{v['valuation']}e9", "USD",
            f"{name}'s valuation", "valuation", lambda w: w.billions(v["valuation"] * 10))
        add("users", f"about {v['users']}M user", f"{v['users']}e6", "user",
            f"{name}'s users", "users", lambda w: w.users(v["users"], "about"))
        add("arpu", f"about {tenths(v['arpu'])} USD/user/year", tenths(v["arpu"]),
            "USD/user/year", f"{name}'s yearly revenue per user", "arpu",
            lambda w: w.dollars(v["arpu"], "about"))
        add("user_share[top]", f"{v['user_share']}%", str(v["user_share"]), "%",
            f"Share of {name}'s users in its top-paying group", "split",
            lambda w: (w.percent(v["revenue_share"]), w.percent(v["user_share"])))
        add("revenue_share[top]", f"{v['revenue_share']}%", str(v["revenue_share"]), "%",
            f"Share of {name}'s revenue from its top-paying group", "split",
            lambda w: (w.percent(v["revenue_share"]), w.percent(v["user_share"])))
        add("growth[2025]", f"about {self.growth}%", str(self.growth), "%",
            f"{name}'s revenue growth in 2025", "growth[2025]",
            lambda w: w.percent(self.growth, "about"))
        add("servers", f"{v['servers']}k server", f"{v['servers']}e3", "server",
            f"AI servers {name} will deploy this year", "servers",
            lambda w: w.servers(v["servers"]))
        forms = [(None, ""), ("about", "about "), ("more than", "more than ")]
        for i, n in enumerate(v["vs"]):
            q, written_q = forms[i]
            add(f"v[{i}]", f"{written_q}{n}B USD", f"{n}e9", "USD", None, "v",
                lambda w, n=n, q=q: w.billions(n * 10, q))
        return out

    def quote(self, kind, phrase, writer, extra):
        lang = writer.lang
        template = SENTENCES[kind][lang]
        fields = {"name": self.name, "buyer": self.buyer}
        if kind == "split":
            r, u = phrase(writer)
            return template.format(r=r, u=u, **fields)
        if kind == "segment":
            seg = SEGMENTS[extra["seg"]]
            fields.update(seg_ar=seg[0], seg_zh=seg[1], seg_zht=seg[2], seg_en=seg[3])
        return template.format(n=phrase(writer), **fields)

    # -- rules ---------------------------------------------------------------

    TEMPLATES = ["segments", "under_spend", "annualises", "daily_from_yearly", "stake_prices",
                 "per_user", "growth", "shares", "servers", "plain_sum", "split"]

    def rule(self, template, fails):
        """(title, lets, asserts): asserts are (condition, holds)."""
        p = self.p
        rev, rev24 = C(f"{p}.revenue[2025]"), C(f"{p}.revenue[2024]")
        pct = lambda n: N(f"{n}%", str(n), "%")
        if template == "segments":
            ids = [f"{p}.segment[{s}]" for s in ("cloud", "ads", "devices")]
            tol = N("1B USD", "1e9", "USD")
            if fails:
                return ("Cloud and advertising make up the whole 2025 revenue", [],
                        [(["approx", ["+", C(ids[0]), C(ids[1])], rev, tol, False], False)])
            return ("The three segments add up to the 2025 revenue", [],
                    [(["approx", ["sum", f"{p}.segment", ids], rev, tol, False], True)])
        if template == "under_spend":
            spend = C(f"{p}.spend[2025]")
            if fails:
                return ("2025 revenue covers the year's spending", [],
                        [(["cmp", ">", rev, spend], False)])
            return ("2025 revenue is under the year's spending", [],
                    [(["cmp", "<", rev, spend], True)])
        if template == "annualises":
            daily, annual = C(f"{p}.daily_cost"), C(f"{p}.annual_cost")
            span = N("3 month", "3", "month") if fails else N("365 day", "365", "day")
            title = ("Three months of the daily cost is the yearly cost" if fails
                     else "The daily cost annualises to the yearly cost")
            return (title, [["yearly", ["*", daily, span]]],
                    [(["approx", L("yearly"), ["*", annual, N("1 year", "1", "year")],
                       pct(5), True], not fails)])
        if template == "daily_from_yearly":
            daily, annual = C(f"{p}.daily_cost"), C(f"{p}.annual_cost")
            days = N("30 day", "30", "day") if fails else N("365 day", "365", "day")
            title = ("The yearly cost over 30 days is the daily cost" if fails
                     else "The yearly cost brought to a day is the daily cost")
            return (title, [["per_day", ["/", ["*", annual, N("1 year", "1", "year")], days]]],
                    [(["approx", L("per_day"), daily, pct(5), True], not fails)])
        if template == "stake_prices":
            stake, value, valuation = (C(f"{p}.stake"), C(f"{p}.stake_value"),
                                       C(f"{p}.valuation"))
            if fails:
                return ("The stake is a majority of the company", [],
                        [(["cmp", ">", ["/", value, valuation], pct(50)], False)])
            return ("The stake's share of the valuation is its value", [],
                    [(["approx", ["*", stake, valuation], value, pct(5), True], True)])
        if template == "per_user":
            users, arpu = C(f"{p}.users"), C(f"{p}.arpu")
            lets = [["per_user", ["/", ["/", rev, users], N("1 year", "1", "year")]]]
            if fails:
                return ("Revenue per user is more than twice the stated figure", lets,
                        [(["cmp", ">", L("per_user"), ["*", N("2", "2"), arpu]], False)])
            return ("Revenue over users is the yearly revenue per user", lets,
                    [(["approx", L("per_user"), arpu, pct(10), True], True)])
        if template == "growth":
            growth = C(f"{p}.growth[2025]")
            if fails:
                return ("2025 revenue is more than twice 2024's", [],
                        [(["cmp", ">", rev, ["*", N("2", "2"), rev24]], False)])
            lets = [["ratio", ["/", rev, rev24]]]
            return ("Revenue grew from 2024 to 2025 at the stated rate", lets,
                    [(["cmp", ">", rev, rev24], True),
                     (["approx", ["-", L("ratio"), N("1", "1")], growth, pct(20), True], True)])
        if template == "shares":
            cloud = C(f"{p}.segment[cloud]")
            lo, hi = (pct(50), pct(90)) if fails else (pct(10), pct(60))
            title = ("Cloud is most of the revenue" if fails
                     else "Cloud is a tenth to three fifths of the revenue, the stake a share")
            return (title, [],
                    [(["in", C(f"{p}.stake"), pct(0), pct(100)], True),
                     (["in", ["/", cloud, rev], lo, hi], not fails)])
        if template == "servers":
            servers = C(f"{p}.servers")
            bound = N("100000 server", "100000", "server") if fails else N("1000 server", "1000", "server")
            title = ("More than 100,000 servers, a whole number" if fails
                     else "More than a thousand servers, a whole number")
            return (title, [],
                    [(["and", ["whole", servers, "server"], ["cmp", ">", servers, bound]],
                      not fails)])
        if template == "plain_sum":
            ids = [f"{p}.v[{i}]" for i in range(3)]
            op = "<" if fails else ">"
            return ("The plain figures sum to more than the first" if not fails
                    else "The plain figures sum to less than the first", [],
                    [(["cmp", op, ["sum", f"{p}.v", ids], C(ids[0])], not fails)])
        if template == "split":
            us, rs = C(f"{p}.user_share[top]"), C(f"{p}.revenue_share[top]")
            lets = [["rest_users", ["-", pct(100), us]], ["rest_revenue", ["-", pct(100), rs]]]
            asserts = [
                (["and", ["in", us, pct(0), pct(100)], ["in", rs, pct(0), pct(100)]], True),
                (["cmp", ">", ["/", rs, us], N("1", "1")], True),
                (["cmp", "<", ["/", L("rest_revenue"), L("rest_users")], N("1", "1")], True),
            ]
            if fails:
                asserts[1] = (["cmp", "<", ["/", rs, us], N("1", "1")], False)
                return ("The top group brings less than its share of revenue", lets, asserts)
            return ("The top-users / top-revenue split holds together", lets, asserts)
        raise ValueError(template)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("claims", type=int)
    ap.add_argument("rules", type=int, nargs="?")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--drafts", type=int, default=None,
                    help="Markdown drafts to write (default 3, plus one per 100,000 claims)")
    args = ap.parse_args()
    out, n_claims = args.dir, args.claims
    n_rules = args.rules if args.rules is not None else n_claims // 10
    n_drafts = args.drafts if args.drafts is not None else 3 + n_claims // 100_000
    if n_claims < BLOCK:
        sys.exit(f"generate.py: at least {BLOCK} claims (one company)")
    rng = random.Random(args.seed)
    for d in ("corpus", "rules") + (("drafts",) if n_drafts else ()):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    model = open(os.path.join(out, "model.jsonl"), "w")
    model.write(json.dumps(["meta", {"seed": args.seed, "claims": n_claims, "rules": n_rules,
                                     "units": ["user", "server"]}]) + "\n")

    with open(os.path.join(out, "corpus", "sources.claims"), "w") as fh:
        fh.write("# The sources the synthetic claims cite, and the count units they use.\n\n")
        fh.write("unit user, server\n")
        for sid, outlet, lang in SOURCES:
            fh.write(f'\nsource {sid} {{\n  outlet "{outlet}"\n  language "{lang}"\n}}\n')

    n_companies = n_claims // BLOCK
    companies = []
    writers = {lang: Writer(rng, lang) for lang in ("ar", "zh", "zht", "en")}
    # Claims a draft may cite, with their kind: (id, company, kind, phrase).
    citable = []
    fh = None
    written = 0
    for k in range((n_claims + BLOCK - 1) // BLOCK):
        company = Company(k, rng)
        if k < n_companies:
            companies.append(company)
        for cid, value, point, unit, title, kind, phrase, extra in company.claims():
            if written == n_claims:
                break
            if written % PER_FILE == 0:
                if fh:
                    fh.close()
                fh = open(os.path.join(out, "corpus", f"part-{written // PER_FILE:04}.claims"), "w")
                fh.write(f"# Synthetic claims {written} to "
                         f"{min(written + PER_FILE, n_claims) - 1}.\n")
            written += 1
            model.write(json.dumps(["claim", cid, point, unit], ensure_ascii=False) + "\n")
            n_cites = rng.choices([1, 2, 3], [70, 22, 8])[0]
            langs = rng.sample(["ar", "zh", "en"], n_cites)
            fh.write(f"\nclaim {cid} = {value} {{\n")
            if title and rng.random() < 0.5:
                fh.write(f'  title "{title}"\n')
            for lang in langs:
                sid = rng.choice(BY_LANG[lang])[0]
                w = writers["zht" if sid in HANT else lang]
                fh.write(f'  cite {sid} "{company.quote(kind, phrase, w, extra)}"\n')
            fh.write("}\n")
            if kind not in ("split", "v", "servers") and rng.random() < 0.05:
                citable.append((cid, company, kind, phrase, extra))
    fh.close()

    # Rules: rule r is about company r mod E, from template (r div E + r) mod T,
    # so a company's rules differ until each has every template.
    failing = set(random.Random(args.seed * 7919 + 1).sample(
        range(n_rules), round(n_rules * FAIL_SHARE))) if n_companies else set()
    T = Company.TEMPLATES
    fh = None
    used = {}
    for r in range(n_rules):
        if r % PER_FILE == 0:
            if fh:
                fh.close()
            fh = open(os.path.join(out, "rules", f"part-{r // PER_FILE:04}.rules"), "w")
            fh.write(f"# Synthetic rules {r} to {min(r + PER_FILE, n_rules) - 1}.\n")
        company = companies[r % n_companies]
        template = T[(r // n_companies + r) % len(T)]
        fails = r in failing
        title, lets, asserts = company.rule(template, fails)
        rid = f"{company.p}.{template}"
        used[rid] = used.get(rid, 0) + 1
        if used[rid] > 1:
            rid += f"_{used[rid]}"
        fh.write(f'\nrule {rid} "{title}" {{\n')
        for name, e in lets:
            fh.write(f"  let {name} = {fl(e)}\n")
        for cond, _ in asserts:
            fh.write(f"  assert {fl(cond)}\n")
        fh.write("}\n")
        model.write(json.dumps(["rule", rid, fails, lets, asserts], ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    model.close()

    # Drafts: prose in each language citing the sampled claims.
    intro = {
        "en": ("# What the AI companies spend\n\nA draft for the weekly column. Every figure below "
               "is tied to the claim it comes from.\n"),
        "ar": "# كم تنفق شركات الذكاء الاصطناعي\n\nمسودة لعمود الأسبوع، وكل رقم فيها مرتبط بمصدره.\n",
        "zh": "# 人工智能公司的账本\n\n本周专栏草稿，以下每个数字都注明了出处。\n",
    }
    lead = {
        "en": "According to the filings, {name} comes to",
        "ar": "وبحسب التقارير، فإن {name} تسجل",
        "zh": "据报道，{name} 的数字为",
    }
    per = max(1, len(citable) // max(1, n_drafts)) if citable else 0
    for d in range(n_drafts):
        lang = ["en", "ar", "zh"][d % 3]
        w = writers[lang]
        lines = [intro[lang]]
        chunk = citable[d * per:(d + 1) * per] if per else []
        for i, (cid, company, kind, phrase, extra) in enumerate(chunk):
            lines.append(f"{lead[lang].format(name=company.name)} [{phrase(w)}]{{claim={cid}}}"
                         + ("." if lang != "zh" else "。"))
            if i % 5 == 4:
                lines.append("")
        with open(os.path.join(out, "drafts", f"draft-{d:02}.md"), "w") as dh:
            dh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
