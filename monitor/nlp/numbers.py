"""Indonesian number grammar: pure functions, no spaCy.

Indonesian outlets write "1.234.567,89" (dot = thousands, comma = decimal);
some write the English style "1,234,567.89", and many slip into "20.2 persen".
A lone separator followed by exactly three digits is a thousands separator in
the document's style; followed by one or two digits it is a decimal point in
either style. Amounts combine digits or number words ("dua puluh lima") with
scale words (ribu, juta, miliar, triliun and their abbreviations), a currency
before or after, or a percent sign/word. figures.py finds the spans; this
module only says what a printed amount is worth.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# --- digits -----------------------------------------------------------------

DIGITS = r"\d+(?:[.,]\d+)*"
_THOUSANDS_ID = re.compile(r"\d{1,3}(?:\.\d{3}){2,}|\d{1,3}(?:\.\d{3})+,\d+")
_THOUSANDS_EN = re.compile(r"\d{1,3}(?:,\d{3}){2,}|\d{1,3}(?:,\d{3})+\.\d+")


def detect_style(text: str) -> str:
    """'en' when the text shows unambiguous English grouping ("1,234,567" or "1,234.5"), else 'id'."""
    en = len(_THOUSANDS_EN.findall(text))
    if not en:
        return "id"
    return "en" if en > len(_THOUSANDS_ID.findall(text)) else "id"


def parse_digits(text: str, style: str = "id") -> float:
    """Value of a printed digit string: '61,9' → 61.9, '5.022' → 5022, '1,234,567.89' (en) → 1234567.89."""
    s = text.strip()
    if not re.fullmatch(DIGITS, s):
        raise ValueError(f"not a number: {text!r}")
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        return float(s.replace(grp, "").replace(dec, "."))
    sep = "." if dots else "," if commas else None
    if sep is None:
        return float(s)
    if s.count(sep) > 1:
        return float(s.replace(sep, ""))
    head, tail = s.split(sep)
    thousands_sep = "," if style == "en" else "."
    if len(tail) == 3 and sep == thousands_sep:
        return float(head + tail)
    return float(f"{head}.{tail}")


# --- number words ------------------------------------------------------------

ONES = {"nol": 0, "kosong": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
        "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9}
TEENS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
SCALE_WORDS = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12, "trilyun": 1e12,
               "kuadriliun": 1e15}
_SE_SCALE = {"se" + w: v for w, v in SCALE_WORDS.items()}  # seribu, sejuta, semiliar …
FRACTIONS = {"setengah": 0.5, "seperempat": 0.25, "sepertiga": 1 / 3, "seperdua": 0.5}
_MULT = {"puluh": 10, "ratus": 100}
_PER = {"perempat": 4, "pertiga": 3, "perdua": 2}
NUMBER_WORDS = (set(ONES) - {"se"}) | set(TEENS) | set(SCALE_WORDS) | set(_SE_SCALE) | set(FRACTIONS) \
    | set(_MULT) | set(_PER) | {"belas", "koma"}
_STARTERS = (set(ONES) - {"se", "kosong"}) | set(TEENS) | set(_SE_SCALE) | set(FRACTIONS)
_word_alt = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_start_alt = "|".join(sorted(_STARTERS, key=len, reverse=True))
STARTER_LETTERS = "".join(sorted({w[0] for w in _STARTERS}))  # the letters a WORDS match can open with
# a run of number words that begins with a word that can start a number and does not end on "koma"
WORDS = rf"\b(?:{_start_alt})\b(?:[ ](?:{_word_alt})\b)*(?<!koma)"


def parse_words(text: str) -> float:
    """Value of Indonesian number words: 'dua puluh lima' → 25, 'satu setengah juta' → 1.5e6, 'dua koma lima' → 2.5."""
    words = text.lower().split()
    if not words or any(w not in NUMBER_WORDS for w in words):
        raise ValueError(f"not number words: {text!r}")
    total = 0.0  # completed scale groups
    group = 0.0  # current group below the next scale word
    last = 0.0  # the last ones-value, which puluh/belas/ratus multiply
    frac_digits: list[str] | None = None  # after "koma"
    for w in words:
        if frac_digits is not None and w in ONES:
            frac_digits.append(str(ONES[w]))
            continue
        if frac_digits is not None:
            if w not in SCALE_WORDS:
                raise ValueError(f"bad decimal words: {text!r}")
            group += float("0." + "".join(frac_digits)) if frac_digits else 0.0
            frac_digits = None
        if w == "koma":
            frac_digits = []
        elif w in ONES:
            last = ONES[w]
            group += last
        elif w in TEENS:
            last = 0
            group += TEENS[w]
        elif w in _MULT:
            group += last * (_MULT[w] - 1)
            last = 0
        elif w == "belas":
            group += 10
            last = 0
        elif w in _PER:
            group += last / _PER[w] - last
            last = 0
        elif w in FRACTIONS:
            group += FRACTIONS[w]
            last = 0
        elif w in _SE_SCALE:
            total += _SE_SCALE[w]
            group = last = 0
        elif w in SCALE_WORDS:
            total += (group or 1) * SCALE_WORDS[w]
            group = last = 0
    if frac_digits is not None:
        if not frac_digits:
            raise ValueError(f"dangling 'koma': {text!r}")
        group += float("0." + "".join(frac_digits))
    return total + group


# --- amounts ----------------------------------------------------------------

# scale words after a number; "M"/"T" only count after a currency (else metres, tera…)
SCALES = {"ribu": 1e3, "ribuan": 1e3, "rb": 1e3, "juta": 1e6, "jutaan": 1e6, "jt": 1e6, "miliar": 1e9,
          "milyar": 1e9, "miliaran": 1e9, "triliun": 1e12, "trilyun": 1e12, "kuadriliun": 1e15,
          "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
CURRENCY_SCALES = {"M": 1e9, "T": 1e12, "K": 1e3, "Jt": 1e6}

# printed currency → unit; IDR and USD are units of their own, the rest are "other"
CURRENCY_PREFIX = {"rp": "IDR", "rp.": "IDR", "idr": "IDR", "us$": "USD", "usd": "USD", "$": "USD",
                   "s$": "other", "sgd": "other", "rm": "other", "myr": "other", "€": "other", "eur": "other",
                   "¥": "other", "jpy": "other", "cny": "other", "rmb": "other", "£": "other", "a$": "other"}
CURRENCY_SUFFIX = {"rupiah": "IDR", "idr": "IDR", "dolar as": "USD", "dollar as": "USD",
                   "dolar amerika serikat": "USD", "dolar amerika": "USD", "dollar amerika": "USD",
                   "dolar us": "USD", "us dollar": "USD", "usd": "USD", "dolar": "USD", "dollar": "USD",
                   "dolar singapura": "other", "dolar australia": "other", "dolar hong kong": "other",
                   "dolar taiwan": "other", "ringgit": "other", "yen": "other", "euro": "other", "yuan": "other",
                   "won": "other", "baht": "other", "peso": "other", "rupee": "other", "poundsterling": "other",
                   "pound sterling": "other", "riyal": "other", "dirham": "other"}
PERCENT_WORDS = {"%": "%", "persen": "persen", "persennya": "persen", "per sen": "persen", "prosen": "persen",
                 "poin persentase": "poin persentase", "persen poin": "poin persentase",
                 "percentage point": "poin persentase"}
# units of measure ("other"); a number word needs one of these, a currency or percent to be a figure
MEASURES = ("ton", "kilogram", "kg", "kuintal", "gram", "gr", "km", "kilometer", "meter persegi", "meter kubik",
            "meter", "m2", "m²", "m3", "m³", "cm", "mm", "hektare", "hektar", "ha", "liter", "kiloliter", "kl",
            "barel", "bph", "mw", "megawatt", "kw", "kilowatt", "kwh", "mwh", "gwh", "gw", "gigawatt", "watt",
            "teu", "mil", "knot", "derajat celsius", "derajat", "gb", "mb", "tb", "mbps", "gbps", "kalori",
            "kali lipat", "basis poin", "bps", "poin", "mmbtu", "bcf", "mmscfd", "ons", "volt", "kilo liter",
            "kilo", "sentimeter", "milimeter", "kbps", "mega watt", "kilo watt", "giga watt")


for _k, _v in list(CURRENCY_SUFFIX.items()):  # both spellings: dolar / dollar
    if _k.startswith("dolar"):
        CURRENCY_SUFFIX.setdefault("dollar" + _k[5:], _v)
for _place in ("kanada", "selandia baru", "brunei", "new zealand"):
    CURRENCY_SUFFIX.setdefault(f"dolar {_place}", "other")
    CURRENCY_SUFFIX.setdefault(f"dollar {_place}", "other")


def currency_unit(printed: str) -> str | None:
    """Unit for a printed currency sign or word ('Rp' → IDR, 'dolar AS' → USD, 'ringgit' → other)."""
    key = " ".join(printed.lower().split())
    return CURRENCY_PREFIX.get(key) or CURRENCY_SUFFIX.get(key)


@dataclass(frozen=True)
class Amount:
    """A parsed amount: value in base units (rupiah, dollars, percent points, things)."""
    value: float
    unit: str  # percent, IDR, USD, count, other
    unit_word: str | None = None


_CUR_PRE = r"(?:Rp\.?|IDR|US\$|USD|S\$|A\$|SGD|RM|MYR|EUR|JPY|CNY|RMB|\$|€|¥|£)"
_SCALE = r"(?:" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b"
_CUR_SCALE = r"(?:" + "|".join(CURRENCY_SCALES) + r")\b"
_CUR_SUF = "|".join(re.escape(k) for k in sorted(CURRENCY_SUFFIX, key=len, reverse=True))
_PCT = "|".join(re.escape(k) for k in sorted(PERCENT_WORDS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?P<pre>{_CUR_PRE})?\s*(?:(?P<digits>{DIGITS})|(?P<words>{WORDS}))"
    rf"(?P<scale>(?:\s*(?:{_SCALE}|{_CUR_SCALE}))*)\s*(?:(?P<pct>{_PCT})|(?P<suf>{_CUR_SUF})\b)?",
    re.IGNORECASE)


def scale_value(printed: str, allow_currency_scales: bool = True) -> float:
    """Multiplier of a run of scale words: 'juta' → 1e6, 'ribu triliun' → 1e15, 'M' (after Rp) → 1e9."""
    mult = 1.0
    for w in printed.split():
        if allow_currency_scales and w in CURRENCY_SCALES:
            mult *= CURRENCY_SCALES[w]
        elif w.lower() in SCALES:
            mult *= SCALES[w.lower()]
        else:
            raise ValueError(f"not a scale word: {w!r}")
    return mult


def parse_amount(text: str, style: str = "id") -> Amount:
    """Value and unit of a whole printed amount: 'Rp4,9 triliun' → (4.9e12, IDR), '61,9 persen' → (61.9, percent).

    Without a currency or percent the unit is 'count'.
    """
    m = _AMOUNT.fullmatch(text.strip())
    if not m:
        raise ValueError(f"not an amount: {text!r}")
    base = parse_digits(m["digits"], style) if m["digits"] else parse_words(m["words"])
    scale_txt = " ".join(re.findall(rf"{_SCALE}|{_CUR_SCALE}", m["scale"] or "", re.IGNORECASE))
    has_cur = bool(m["pre"] or m["suf"])
    if scale_txt and not has_cur and any(w in CURRENCY_SCALES for w in scale_txt.split()):
        raise ValueError(f"currency scale without currency: {text!r}")
    value = base * (scale_value(scale_txt) if scale_txt else 1.0)
    if m["pct"]:
        return Amount(value, "percent", PERCENT_WORDS[m["pct"].lower()])
    if has_cur:
        printed = m["pre"] or m["suf"]
        return Amount(value, currency_unit(printed) or "other", printed)
    return Amount(value, "count", None)
