"""How numbers, dates and codes are shown to people: Indonesian style by default (Babel, locale "id").

"Rp 38,6 miliar", "61,9 persen", "1.240 rumah", "5 Des 2026", "5 Des 2026 14.30 WIB", and the stored
codes (pro, contra, quote, umkm_partnership …) as words. Every surface a person reads (CLI, web page,
digest, demo, charts) formats through here, so they agree; JSON, CSV and API output keep the raw
values and codes, which programs read.
"""
from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

from monitor.i18n import catalog

LANGS = ("id", "en")

CURRENCY = {"idr": "Rp", "usd": "US$"}


def _lang(lang: str) -> str:
    return lang if lang in LANGS else "id"


def label(group: str, code: str | None, lang: str = "id") -> str:
    """A stored code as a word: label('stance', 'contra') → 'menentang'; unknown codes read as words."""
    if not code:
        return ""
    words = catalog("labels", _lang(lang))  # monitor/locale/<lang>/LC_MESSAGES/labels.po
    key = f"{group}.{code}"
    return words[key] if key in words else code.replace("_", " ")


def org_beyond_role(role: str | None, org: str | None, speaker: str | None = None) -> str | None:
    """The speaker's organisation when neither the role nor the speaker already names it: "Ketua Kadin Jawa
    Barat" needs no "(Kadin Jawa Barat)" after it, an organisation quoted as itself is not named twice;
    "Menkop UKM" keeps "(Kementerian Koperasi dan UKM)"."""
    if not org or (role and org.casefold() in role.casefold()) or (speaker and org.casefold() == speaker.casefold()):
        return None
    return org


def quote(text: str) -> str:
    """A quote as shown between quotation marks: '…kecil,' kata Teten leaves its comma to the reporting
    sentence ("…kecil"), as the digest always did."""
    return text.strip().rstrip(",;:").rstrip()


def shorten(text: str, width: int) -> str:
    """At most `width` characters, cut at a word and marked with "…" when something was left out."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return head.rstrip(" ,;:-–—") + "…"


def counts(by: dict[str, int]) -> str:
    """'language:en 1, empty 2' (a count per reason), '' for none."""
    return ", ".join(f"{k} {number(v, digits=0)}" for k, v in sorted(by.items()))


def number(x: float, lang: str = "id", digits: int = 1) -> str:
    """'61,9', '1.240' (at most `digits` decimals)."""
    return format_decimal(round(x, digits), locale=_lang(lang))


def amount(x: float, lang: str = "id") -> str:
    """A magnitude people read at a glance: '1.240', '64,2 juta', '38,6 miliar', '9,8 triliun'."""
    if abs(x) < 1e6:
        return number(x, lang, 2 if abs(x) < 100 else 1)
    return format_compact_decimal(x, format_type="long", locale=_lang(lang), fraction_digits=2)


def percent(x: float, lang: str = "id", points: bool = False) -> str:
    """'61,9 persen' (x in percent, as figures store it); points: '3,5 poin persentase', a difference."""
    if points:
        return f"{number(x, lang, 2)} {'poin persentase' if _lang(lang) == 'id' else 'percentage points'}"
    return f"{number(x, lang, 2)} {'persen' if _lang(lang) == 'id' else 'percent'}"


def money(x: float, currency: str, lang: str = "id") -> str:
    """'Rp 38,6 miliar', 'US$ 310 juta'; other currencies after the amount ('5 juta euro')."""
    sign = CURRENCY.get(currency.lower())
    return f"{sign} {amount(x, lang)}" if sign else f"{amount(x, lang)} {currency}"


def figure(value: float | None, unit: str | None, unit_word: str | None = None, lang: str = "id") -> str:
    """A claimed figure from its value and unit: 'Rp 4,5 miliar', '18 persen', '1.240 rumah', '20 ton'."""
    if value is None:
        return ""
    u = (unit or "").lower()
    if u == "percent":
        return percent(value, lang, points="poin" in (unit_word or "").lower() or "point" in (unit_word or "").lower())
    if u in CURRENCY:
        return money(value, u, lang)
    if u == "other" and unit_word and any(unit_word.lower() == w for w in _currencies()):
        return money(value, unit_word, lang)
    return " ".join(filter(None, (amount(value, lang), unit_word or label("unit", u, lang))))


def _currencies() -> set[str]:
    from monitor.nlp.numbers import CURRENCY_SUFFIX

    return set(CURRENCY_SUFFIX)


def day(d: date | datetime, lang: str = "id", tz: str | tzinfo | None = None) -> str:
    """'5 Des 2026' (a datetime is first put in `tz`)."""
    if isinstance(d, datetime) and tz is not None:
        d = d.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    return format_date(d, "d MMM y", locale=_lang(lang))


def long_day(d: date, lang: str = "id") -> str:
    """'Sabtu, 5 Desember 2026' (headings)."""
    return format_date(d, "EEEE, d MMMM y", locale=_lang(lang))


def clock(dt: datetime, tz: str | tzinfo = "Asia/Jakarta", lang: str = "id") -> str:
    """'14.30' (Indonesian writes a dot between hours and minutes), '14:30' in English."""
    local = dt.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    return local.strftime("%H.%M" if _lang(lang) == "id" else "%H:%M")


def moment(dt: datetime, tz: str | tzinfo = "Asia/Jakarta", lang: str = "id") -> str:
    """'5 Des 2026 14.30 WIB': the local day and clock time with the zone's abbreviation."""
    local = dt.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    return f"{day(local, lang)} {clock(local, local.tzinfo, lang)} {local.strftime('%Z')}".strip()
