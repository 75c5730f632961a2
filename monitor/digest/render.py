"""Digest → e-mail: Jinja HTML (tables, inline CSS, no scripts) and plain text in one MIME message.

Structure: multipart/alternative [text/plain, multipart/related [text/html,
image/png…]]; the charts are referenced from the HTML by Content-ID so mail
clients show them without fetching anything. HTML is autoescaped: quote text
comes from the web and is never trusted.
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses
from functools import lru_cache
from typing import Callable, Mapping

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from monitor import display
from monitor.digest.build import Digest
from monitor.i18n import catalog
from monitor.settings import Settings

SPARK = "▁▂▃▄▅▆▇█"

STANCE_COLOURS = {"pro": "#1a7f37", "contra": "#b42318", "neutral": "#667085"}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def strings(lang: str) -> Mapping[str, str]:
    """The digest's UI strings in the reader's language (gettext catalog monitor/locale/*/digest.po);
    Indonesian for a language without a catalog."""
    try:
        return catalog("digest", lang)
    except KeyError:
        return catalog("digest", "id")


_t = strings


def fmt_day(d: date, lang: str, fmt: str = "full") -> str:
    """'Sabtu, 5 Desember 2026' (full) or '5 Des 2026' (medium), as everywhere else (monitor.display)."""
    if fmt == "full":
        return display.long_day(d, lang)
    return display.day(d, lang) if fmt == "medium" else format_date(d, format=fmt, locale=lang)


def fmt_num(x: float, lang: str, digits: int = 1) -> str:
    return display.number(x, lang, digits)


def fmt_change(change: float | None, lang: str) -> str:
    """'+40 persen' / '−25 persen' in the reader's style, '' without a baseline."""
    if change is None:
        return ""
    return f"{'+' if change >= 0 else '−'}{display.percent(round(abs(change) * 100), lang)}"


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[min(len(SPARK) - 1, round(v / top * (len(SPARK) - 1)))] for v in values)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("monitor.digest", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = fmt_num
    env.filters["change"] = fmt_change
    env.filters["day"] = fmt_day
    env.globals["colours"] = STANCE_COLOURS
    env.filters["beyond_role"] = lambda org, role, speaker=None: display.org_beyond_role(role, org, speaker)
    return env


def _local(dt: datetime | None, tz, lang: str = "id") -> str:  # noqa: ANN001
    return display.clock(dt, tz, lang) if dt else ""


def _context(digest: Digest) -> dict:
    lang = digest.subscriber.language
    tz = digest.subscriber.tz
    s = _t(lang)
    names = [s["lc_" + t] for t in digest.subscriber.topics]
    topics = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {s['and']} {names[-1]}"
    return {"d": digest, "s": s, "lang": lang, "tz_name": digest.subscriber.timezone, "intro": s["intro"].format(topics=topics),
            "day": fmt_day(digest.period.day, lang), "short_day": fmt_day(digest.period.day, lang, "medium"),
            "hhmm": lambda dt: _local(dt, tz, lang), "spark": lambda t: sparkline([n for _d, n in t.daily]),
            "pct": lambda x: display.percent(round((x or 0) * 100), lang)}


def subject_line(digest: Digest) -> str:
    s = _t(digest.subscriber.language)
    day = fmt_day(digest.period.day, digest.subscriber.language, "medium")
    if digest.empty:
        return f"monitor · {day}: {s['subject_empty']}"
    head = s["subject"].format(n=digest.article_count, q=sum(t.quotes for t in digest.topics))
    if digest.quotes and digest.quotes[0].speaker:
        q = digest.quotes[0]
        words = q.text.split()
        snippet = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        return f"monitor · {day}: {head} · {q.speaker}: “{snippet}”"
    return f"monitor · {day}: {head}"


def render(digest: Digest, image_src: Callable[[str], str | None], unsubscribe: tuple[str, str]) -> Rendered:
    """Subject, plain text and HTML. image_src(topic) gives the chart's src (cid: or data:), or None for no chart."""
    ctx = _context(digest) | {"unsubscribe_mailto": unsubscribe[0], "unsubscribe_url": unsubscribe[1]}
    html = _env().get_template("digest.html").render(ctx | {"image_src": image_src})
    text = _env().get_template("digest.txt").render(ctx)
    return Rendered(subject=subject_line(digest), text=text, html=html)


def _domain(mail_from: str) -> str:
    addr = getaddresses([mail_from])[0][1]
    return addr.rpartition("@")[2] or "localhost"


def new_message_id(settings: Settings) -> str:
    """Random and short enough not to be folded (some clients mishandle a folded Message-ID)."""
    return f"<digest.{uuid.uuid4().hex}@{_domain(settings.mail_from)}>"


def chart_cid(topic: str, message_id: str) -> str:
    """A Content-ID unique to this message and topic (without angle brackets), short enough not to be folded."""
    local, _, domain = message_id.strip().strip("<>").partition("@")
    return f"{topic}.{hashlib.sha1(local.encode()).hexdigest()[:16]}@{domain or 'localhost'}"


def unsubscribe_links(settings: Settings, email: str) -> tuple[str, str]:
    mailto = settings.unsubscribe_mailto
    if "?" not in mailto:
        mailto += "?subject=unsubscribe"
    return mailto, settings.unsubscribe_url


def build_message(digest: Digest, settings: Settings, charts: dict[str, bytes], message_id: str,
                  now: datetime | None = None) -> EmailMessage:
    """The complete MIME message, ready for SMTP."""
    now = now or datetime.now(timezone.utc)
    sub = digest.subscriber
    cids = {topic: chart_cid(topic, message_id) for topic in charts}
    links = unsubscribe_links(settings, sub.email)
    r = render(digest, lambda topic: f"cid:{cids[topic]}" if topic in cids else None, links)

    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = r.subject
    msg["From"] = settings.mail_from
    msg["To"] = Address(display_name=sub.name, addr_spec=sub.email) if sub.name else sub.email
    msg["Date"] = format_datetime(now.astimezone(timezone.utc))
    msg["Message-ID"] = message_id
    msg["List-Unsubscribe"] = f"<{links[0]}>, <{links[1]}>"
    msg["List-Id"] = f"monitor digest <digest.{_domain(settings.mail_from)}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(r.text, charset="utf-8", cte="quoted-printable")
    msg.add_alternative(r.html, subtype="html", charset="utf-8", cte="quoted-printable")
    html_part = msg.get_payload()[1]
    for topic, png in charts.items():
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{cids[topic]}>",
                              filename=f"{topic}.png", disposition="inline")
    msg["Content-Language"] = sub.language  # after set_content, which drops Content-* headers
    return msg
