"""Indonesian publication dates → aware UTC datetimes.

Outlets print "Senin, 6 Maret 2023 10:15 WIB", "Kamis, 09/03/2023 14:30 WIB",
"Jum'at, 17 Februari 2017 - 13:30 wib", "16 Feb 2016 at 09:10 WIB" or only
"(6/3)" in the dateline. Full dates are read by one regular expression (fast,
and it never invents a year); partial ones go to dateparser with day-first
order, taking the year from the feed item's date. Structured values
("2015-11-05 T10:08:58Z") are read by `parse_stamp`, which says whether a time of
day and a zone were given, because a page's date is only trusted as far as it goes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11, "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_MONTHS = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAYS = r"Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)

# day month year | dd/mm/yyyy | dd-mm-yyyy | yyyy-mm-dd, then an optional time ("| 14:38", ", 13.16",
# "- 13:30", "at 09:10", "pukul 10.15") and zone.
PRINTED_DATE = re.compile(
    rf"(?:\b(?:{_DAYS})\b\s*,?\s*)?"
    rf"(?:(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTHS})\.?,?\s+(?P<y>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})[/-](?P<m2>\d{{1,2}})[/-](?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b"
    rf"(?:\)?\s*(?:[,|\-–—/]\s*)*(?:(?:at|pukul|jam|pk\.?)\s+)?(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?:[:.][0-5]\d)?"
    rf"(?:\s*(?P<tz>WIB|WITA|WIT)\b)?)?",
    re.I)
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s*T?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?"
                  r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?", re.I)


@dataclass(frozen=True)
class Stamp:
    """A date read from a page: `when` in UTC; `has_time` False for a day only (then `when` is local
    midnight); `zone` the zone as written ("Z", "+07:00", "WIB") or None when the value had none."""
    when: datetime
    has_time: bool
    zone: str | None = None
    text: str = ""


def plausible(dt: datetime | None, now: datetime | None = None) -> bool:
    """A publication date between 1990 and tomorrow; anything else is a misreading."""
    if dt is None:
        return False
    now = now or datetime.now(timezone.utc)
    return EARLIEST <= dt <= now + timedelta(days=1)


def _make(y: int, mo: int, d: int, hh: int | None, mm: int | None, tz: str, sec: int = 0) -> datetime | None:
    try:
        local = datetime(y, mo, d, hh or 0, mm or 0, sec, tzinfo=ZoneInfo(tz))
    except (ValueError, KeyError):
        return None
    return local.astimezone(timezone.utc)


def match_stamp(m: re.Match, default_tz: str = "Asia/Jakarta") -> Stamp | None:
    """The Stamp of one PRINTED_DATE match, or None for an impossible date."""
    if m.group("d"):
        y, mo, d = int(m.group("y")), MONTHS[m.group("mon").lower()], int(m.group("d"))
    elif m.group("d2"):
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
    else:
        y, mo, d = int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))
    zone = (m.group("tz") or "").upper() or None
    tz = ZONES.get(zone or "", default_tz)
    has_time = m.group("H") is not None
    when = _make(y, mo, d, int(m.group("H")) if has_time else None, int(m.group("M")) if has_time else None, tz)
    if when is None:
        return None
    return Stamp(when, has_time, zone, m.group(0).strip())


def parse_printed(text: str, default_tz: str = "Asia/Jakarta") -> Stamp | None:
    """The first full printed date in `text` (day, month and year present)."""
    for m in PRINTED_DATE.finditer(text):
        st = match_stamp(m, default_tz)
        if st is not None:
            return st
    return None


def parse_stamp(value: str | None, default_tz: str = "Asia/Jakarta") -> Stamp | None:
    """A structured date ("2016-02-23T16:00:20+07:00", "2015-11-05 T10:08:58Z", "2016-02-23 16:00")
    or, failing that, a printed one. A value without a zone is outlet-local time."""
    if not value:
        return None
    value = value.strip()
    m = _ISO.match(value)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        has_time = m.group(4) is not None
        zone = m.group(7)
        tz = default_tz
        if zone:
            z = zone.upper()
            if z in ("Z", "UTC", "GMT"):
                tz = "UTC"
            else:
                sign = 1 if z[0] == "+" else -1
                digits = z[1:].replace(":", "")
                tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        try:
            zi = ZoneInfo(tz) if isinstance(tz, str) else tz
            local = datetime(y, mo, d, int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0), tzinfo=zi)
        except ValueError:
            return None
        return Stamp(local.astimezone(timezone.utc), has_time, zone, value)
    return parse_printed(value, default_tz)


def parse_date(text: str, default_tz: str = "Asia/Jakarta", base: datetime | None = None) -> datetime | None:
    """Parse one printed date; returns aware UTC or None. Partial dates ("Senin (6/3)") take the year
    from `base`."""
    if not text or len(text) > 200:
        return None
    st = parse_printed(text, default_tz)
    if st is not None:
        return st.when
    text = text.strip()
    tz = default_tz
    m = re.search(r"\b(WIB|WITA|WIT)\b", text)
    if m:
        tz = ZONES[m.group(1)]
        text = (text[:m.start()] + text[m.end():]).strip(" ,|-")
    text = re.sub(r"\bpukul\b", "", text, flags=re.I)
    return _parse(text, tz, base.isoformat() if base else None)


def _settings(tz: str, base: datetime | None) -> dict:
    s = {"DATE_ORDER": "DMY", "TIMEZONE": tz, "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first",
         "TO_TIMEZONE": "UTC"}
    if base is not None:
        s["RELATIVE_BASE"] = base.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return s


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
    """The first plausible full printed date with a time in a text, else the first date without one."""
    day_only = None
    for m in PRINTED_DATE.finditer(text[:20000]):
        st = match_stamp(m, default_tz)
        if st is None or not plausible(st.when):
            continue
        if st.has_time:
            return st.when
        day_only = day_only or st.when
    return day_only


def parse_iso(value: str | None, default_tz: str = "Asia/Jakarta") -> datetime | None:
    st = parse_stamp(value, default_tz)
    return st.when if st else None
