"""A page → ExtractedArticle: title, authors, time, kind and text (pure: no I/O).

The stage's one entry point, used by the pipeline and by `monitor extract`,
so what a user checks on one page is what the pipeline stores. Metadata is
read from the untouched page first (meta.py), then the body (body.py); the
time is decided by `decide_time`, which says which rule won and why.
"""
from __future__ import annotations

import html as htmllib
import logging
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from monitor.errors import Skip
from monitor.extract.body import _LINE_DROP, clean_lines, extract_body, gallery_captions
from monitor.extract.dates import Stamp, plausible
from monitor.extract.language import detect_language
from monitor.extract.meta import PageMeta, read_meta
from monitor.extract.outlets import OutletRules
from monitor.types import ExtractedArticle

log = logging.getLogger(__name__)
FEED_GAP = timedelta(hours=36)  # a page time this far from the feed's is a misreading
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|\d|$)")
_PHOTO_PATH = re.compile(r"(?:^|[/.])[a-z]*(?:foto|photos?|galeri|gallery|galleries|infografis|in-picture|potret)[a-z]*(?:[/.]|-|$)", re.I)
_VIDEO_PATH = re.compile(r"(?:^|[/.])(?:video|videos|tv|vidio|20detik)(?:[/.]|-|$)", re.I)
_PHOTO_TITLE = re.compile(r"^(?:foto|galeri|in picture|potret|infografis)\s*:", re.I)
_VIDEO_TITLE = re.compile(r"^(?:video|vidio)\s*:", re.I)


def sanitize(text: str) -> str:
    """Drop control characters and unpaired surrogates (they cannot be stored as UTF-8), keep newlines and tabs."""
    return _CONTROL.sub("", text)


def decode_html(body: bytes, declared: str | None) -> str:
    """Decode a page. A body that is valid UTF-8 with non-ASCII bytes is UTF-8 whatever the header says
    (the usual mojibake is UTF-8 pages labelled windows-1252/latin-1); otherwise the declared charset,
    then the page's own <meta charset>, then windows-1252. Raises Skip for an empty or binary body."""
    if not body.strip():
        raise Skip("empty", "the page is empty")
    head = body[:2048]
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")):
        raise Skip("binary", "the page is not text (binary content)")
    try:
        text = body.decode("utf-8")
        if declared is None or declared.lower().replace("-", "") in ("utf8", "latin1", "iso88591", "windows1252", "cp1252", "ascii", "usascii"):
            return text
    except UnicodeDecodeError:
        pass
    meta = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", body[:4096], re.I)
    for enc in (declared, meta.group(1).decode("ascii") if meta else None, "utf-8"):
        if not enc:
            continue
        try:
            return body.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace")


def clean_text(text: str) -> str:
    """Paragraphs separated by a blank line; a line goes only when its whole shape is boilerplate
    ("Baca juga: …", "Editor: Nama"), never for its first word ("Sumber itu menambahkan, …" stays)."""
    paras = [re.sub(r"[ \t\xa0]+", " ", p).strip() for p in sanitize(text).replace("\r", "").split("\n")]
    return "\n\n".join(p for p in paras if p and not _LINE_DROP.match(p))


def html_to_text(html: str) -> str:
    """Plain text of a feed's summary or content:encoded: entities decoded, related-headline lists cut."""
    if "<" not in html:
        return clean_text(htmllib.unescape(html))
    try:
        tree = lxml.html.fromstring(f"<div>{html}</div>")
    except (etree.ParserError, ValueError):
        return clean_text(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))
    for el in tree.xpath('//script|//style|//*[contains(@class,"baca-juga") or contains(@class,"related")]'):
        el.drop_tree()
    for lst in tree.xpath("//ul|//ol"):  # a list whose every item is one link: related headlines
        items = lst.findall("li")
        if items and all(len(li.xpath(".//a")) == 1 and li.xpath("normalize-space(.)") == li.xpath("normalize-space(.//a)")
                         for li in items):
            lst.drop_tree()
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = [b.text_content().strip() for b in tree.iter("p", "li", "h2", "h3", "blockquote")]
    text = "\n".join(b for b in blocks if b) or tree.text_content()
    if re.search(r"&(?:[a-z]{2,8}|#\d{2,5});", text):  # entities escaped twice ("&amp;nbsp;")
        text = htmllib.unescape(text)
    return clean_text(text)


def is_teaser(text: str) -> bool:
    """A feed text that is only the start of the story: short and cut off with an ellipsis."""
    t = text.strip()
    return len(t) < 600 and t.endswith(("...", "…", "[...]", "[…]"))


def parse_page(html: str) -> lxml.html.HtmlElement:
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        return lxml.html.document_fromstring(sanitize(html))
    except (etree.ParserError, ValueError) as exc:
        raise Skip("no_text", f"not an HTML page ({exc})") from None


def _url_day(url: str, tz: str) -> Stamp | None:
    m = _URL_DATE.search(urlsplit(url).path)
    if not m:
        return None
    try:
        day = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=ZoneInfo(tz))
    except ValueError:
        return None
    return Stamp(day.astimezone(ZoneInfo("UTC")), False, None, m.group(0))


def decide_time(pm: PageMeta, url: str, tz: str, feed_published: datetime | None) -> tuple[datetime | None, str | None, str]:
    """(time in UTC, the rule that decided it, a note saying why). Structured data first, then the byline
    printed near the headline; a "Z" value that is the byline's clock time is read as local time."""
    timed = [(src, st) for src, st in pm.structured if st.has_time]
    s_src, s = timed[0] if timed else (None, None)
    b = pm.byline if pm.byline and pm.byline.has_time else None
    page: Stamp | None = None
    src, note = None, ""
    if s and b:
        diff = (s.when - b.when).total_seconds()
        offset = b.when.astimezone(ZoneInfo(tz)).utcoffset().total_seconds()
        utc_label = (s.zone or "").upper() in ("Z", "UTC", "GMT", "+00:00", "+0000")
        if abs(diff) <= 60:
            page, src, note = s, s_src, "structured date agrees with the byline"
        elif abs(abs(diff) - offset) <= 60:
            page, src, note = b, "byline", f"{s_src} time is the byline's local clock time under a wrong zone label"
        elif s.zone and not utc_label and not pm.byline_near:
            page, src, note = s, s_src, f"{s_src} time with an explicit offset preferred to a date far from the headline"
        elif s.zone and not utc_label:
            page, src, note = b, "byline", f"byline under the headline preferred to a disagreeing {s_src} time"
        else:
            page, src, note = b, "byline", f"{s_src} time without a trustworthy zone disagrees with the byline"
    elif s:
        page, src, note = s, s_src, f"{s_src} datePublished"
    elif b:
        page, src, note = b, "byline", "printed byline near the headline"
    else:
        day = next((st for _, st in pm.structured), None) or pm.byline
        if day is not None:
            page, src, note = day, "meta" if pm.structured else "byline", "a date without a time of day"
        else:
            page = _url_day(url, tz)
            src, note = ("url", "the date in the URL") if page else (None, "")
    if feed_published is not None:
        if page is None:
            return feed_published, "feed", "no date on the page"
        if not page.has_time:
            return feed_published, "feed", f"page date ({src}) has no time of day"
        if abs(page.when - feed_published) > FEED_GAP:
            return feed_published, "feed", f"page date ({src}) is more than 36 h from the feed's"
    if page is None:
        return None, None, "no date found"
    return page.when, src, note


def _media_hint(url: str, title: str, pm: PageMeta) -> str | None:
    """'photo' or 'video' when the URL (host or path), the title or the page's own type says so."""
    parts = urlsplit(url)
    where = f"{parts.hostname or ''}{parts.path}"
    if pm.og_type.startswith("video") or _VIDEO_PATH.search(where) or _VIDEO_TITLE.match(title) \
            or ("videoobject" in pm.jsonld_types and not pm.jsonld_types & {"newsarticle", "article"}):
        return "video"
    if _PHOTO_PATH.search(where) or _PHOTO_TITLE.match(title) or pm.jsonld_types & {"imagegallery", "mediagallery"}:
        return "photo"
    return None


def _kind(hint: str | None, words: int) -> str:
    """A photo or video page is one with little prose; a long story under /foto/ is still an article."""
    return hint if hint and words < 300 else "article"


def _is_listing(text: str, pm: PageMeta) -> bool:
    """Headlines and teasers, no story: most lines are short and do not end a sentence."""
    lines = [l for l in text.split("\n\n") if l.strip()]
    if len(lines) < 5 or pm.byline is not None and pm.byline.has_time:
        return False
    prose = [l for l in lines if len(l.split()) >= 15 and re.search(r"[.!?\"”]$", l)]
    return len(prose) < 0.3 * len(lines) and sum(len(l.split()) for l in prose) < 150


def extract_page(html: str, url: str, *, tz: str = "Asia/Jakarta", rules: OutletRules = OutletRules(),
                 fallback_title: str = "", feed_published: datetime | None = None,
                 min_chars: int = 200) -> ExtractedArticle:
    """Title, authors, time, kind and main text of one page. Raises Skip (no_text, listing, bad_date)."""
    tz = rules.timezone or tz
    tree = parse_page(html)
    pm = read_meta(tree, url, tz, rules.site_names)
    title = pm.title or fallback_title.strip()
    dates = tuple(st.text for st in [pm.byline] + [s for _, s in pm.structured] if st is not None and st.text)
    hint = _media_hint(url, title, pm)
    captions = gallery_captions(tree) if hint == "photo" else []
    text = extract_body(tree, url, list(rules.prune), title, dates, captions=hint is not None)
    if len(captions) >= 2 and sum(len(c) for c in captions) > 0.3 * len(text):
        text = clean_lines("\n".join(captions), title, dates)
    words = len(text.split())
    kind = _kind(hint, words)
    if kind == "article" and len(text) < min_chars or not text.strip():
        raise Skip("no_text", f"{len(text)} characters of text at {url}")
    if kind == "article" and _is_listing(text, pm):
        raise Skip("listing", f"{url} is a list of headlines, not an article")
    published, source, note = decide_time(pm, url, tz, feed_published)
    if published is None and pm.implausible:
        raise Skip("bad_date", f"impossible publication date {pm.implausible[0].text!r} at {url}")
    if published is not None and not plausible(published):
        if feed_published is None or not plausible(feed_published):
            raise Skip("bad_date", f"impossible publication date {published.isoformat()} at {url}")
        published, source, note = feed_published, "feed", "page date impossible"
    log.debug("publication time chosen", extra={"url": url, "source": source, "why": note})
    return ExtractedArticle(url=url, title=title, text=text, authors=tuple(pm.authors), editor=pm.editor,
                            published=published, published_source=source, timezone=tz, kind=kind, time_note=note)


def extract_article(html: str, url: str, *, fallback_title: str = "", fallback_published: datetime | None = None,
                    tz: str = "Asia/Jakarta", min_chars: int = 200,
                    rules: OutletRules = OutletRules()) -> tuple[str, str, str | None, datetime | None]:
    """(text, title, authors joined, published): the pipeline's older view of extract_page."""
    a = extract_page(html, url, tz=tz, rules=rules, fallback_title=fallback_title,
                     feed_published=fallback_published, min_chars=min_chars)
    return a.text, a.title, ", ".join(a.authors) or None, a.published


def check_language(text: str, accepted: list[str], fallback: str | None = None) -> str:
    """The text's language code (`fallback`, the feed's, when the text is too short to tell);
    raises Skip('language:xx') when not accepted."""
    lang = detect_language(text) or fallback
    if lang is None:
        raise Skip("language:unknown", "could not tell the language")
    if lang not in accepted:
        raise Skip(f"language:{lang}", f"article is in {lang!r}, not one of {accepted}")
    return lang
