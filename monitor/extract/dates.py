"""Indonesian publication dates → aware UTC datetimes.

Outlets print "Senin, 6 Maret 2023 10:15 WIB", "Kamis, 09/03/2023 14:30 WIB"
or only "(6/3)" in the dateline; dateparser reads them with day-first order
and the outlet's time zone (WITA/WIT recognised), and a partial date takes its
year from the feed item's date.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

_MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Ags|Sep|Okt|Nov|Des"
_DAYS = "Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu"
_TZ = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
PRINTED_DATE = re.compile(
    rf"(?:(?:{_DAYS}),?\s*)?(?:\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    rf"(?:[,\s|-]+(?:pukul\s+)?\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?)?(?:\s*(?:WIB|WITA|WIT))?",
    re.I)


def _settings(tz: str, base: datetime | None) -> dict:
    s = {"DATE_ORDER": "DMY", "TIMEZONE": tz, "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first",
         "TO_TIMEZONE": "UTC"}
    if base is not None:
        s["RELATIVE_BASE"] = base.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return s


def parse_date(text: str, default_tz: str = "Asia/Jakarta", base: datetime | None = None) -> datetime | None:
    """Parse one printed date; returns aware UTC or None."""
    if not text or len(text) > 200:
        return None
    text = text.strip()
    tz = default_tz
    m = re.search(r"\b(WIB|WITA|WIT)\b", text)
    if m:
        tz = _TZ[m.group(1)]
        text = (text[:m.start()] + text[m.end():]).strip(" ,|-")
    text = re.sub(r"\bpukul\b", "", text, flags=re.I)
    parsed = _parse(text, tz, base.isoformat() if base else None)
    return parsed


@lru_cache(maxsize=4096)
def _parse(text: str, tz: str, base_iso: str | None) -> datetime | None:
    base = datetime.fromisoformat(base_iso) if base_iso else None
    try:
        dt = dateparser.parse(text, languages=["id", "en"], settings=_settings(tz, base))
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo(tz))
    return dt.astimezone(timezone.utc)


def find_printed_date(text: str, default_tz: str = "Asia/Jakarta", base: datetime | None = None) -> datetime | None:
    """The first full printed date in a page's text (byline dates come first)."""
    for m in PRINTED_DATE.finditer(text[:20000]):
        dt = parse_date(m.group(0), default_tz, base)
        if dt is not None:
            return dt
    return None


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo("Asia/Jakarta"))
    return dt.astimezone(timezone.utc)
