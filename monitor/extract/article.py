"""RawPage → ExtractedArticle with trafilatura (pure: no I/O).

trafilatura finds the main text and metadata; we add what it misses on
Indonesian sites: the article:published_time meta or a printed byline date
("Jumat, 27 November 2026 10:15 WIB") read in the outlet's time zone, and
paragraphs separated by blank lines as the annotation schema expects.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import lxml.html
import trafilatura

from monitor.errors import Skip
from monitor.extract.dates import find_printed_date, parse_date, parse_iso
from monitor.extract.language import detect_language

_META_DATES = ("article:published_time", "og:article:published_time", "datePublished", "pubdate", "publishdate",
               "dc.date", "dc.date.issued", "content_PublishedDate", "dtk:publishdate")
_BOILER = re.compile(r"^(baca juga|lihat juga|simak juga|baca selengkapnya|artikel terkait|editor|penulis|"
                     r"reporter|sumber|tonton juga|ikuti berita)\b\s*:?", re.I)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def sanitize(text: str) -> str:
    """Drop control characters and unpaired surrogates (they cannot be stored as UTF-8), keep newlines and tabs."""
    return _CONTROL.sub("", text)


def decode_html(body: bytes, declared: str | None) -> str:
    """Decode a page. A body that is valid UTF-8 with non-ASCII bytes is UTF-8 whatever the header says
    (the usual mojibake is UTF-8 pages labelled windows-1252/latin-1); otherwise the declared charset,
    then the page's own <meta charset>, then windows-1252."""
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


def _meta_date(tree: lxml.html.HtmlElement) -> datetime | None:
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or ""
        if key in _META_DATES or key.lower() in _META_DATES:
            dt = parse_iso(el.get("content")) or parse_date(el.get("content") or "")
            if dt:
                return dt
    for el in tree.iter("time"):
        dt = parse_iso(el.get("datetime"))
        if dt:
            return dt
    return None


def clean_text(text: str) -> str:
    """Paragraphs separated by a blank line, boilerplate lines dropped."""
    paras = [p.strip() for p in sanitize(text).replace("\r", "").split("\n")]
    return "\n\n".join(p for p in paras if p and not _BOILER.match(p))


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed's summary or content:encoded)."""
    if "<" not in html:
        return clean_text(html)
    try:
        tree = lxml.html.fromstring(f"<div>{html}</div>")
    except (lxml.etree.ParserError, ValueError):
        return clean_text(re.sub(r"<[^>]+>", " ", html))
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = [b.text_content().strip() for b in tree.iter("p", "li", "h2", "h3", "blockquote")]
    text = "\n".join(b for b in blocks if b) or tree.text_content()
    return clean_text(text)


def extract_article(html: str, url: str, *, fallback_title: str = "", fallback_published: datetime | None = None,
                    tz: str = "Asia/Jakarta", min_chars: int = 200) -> tuple[str, str, str | None, datetime | None]:
    """Main text, title, author and publish time (aware UTC) of one page. Raises Skip("no_text")."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, deduplicate=False)
    text = clean_text(doc.text) if doc is not None and doc.text else ""
    if len(text) < min_chars:
        raise Skip("no_text", f"{len(text)} characters of text at {url}")
    title = (doc.title or fallback_title or "").strip()
    first, _, rest = text.partition("\n\n")
    if title and rest and first.strip().casefold() == title.casefold():
        text = rest
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        tree = None
    published = _meta_date(tree) if tree is not None else None
    if published is None:
        head = tree.text_content() if tree is not None else html
        published = find_printed_date(head, tz, fallback_published)
    if published is None:
        published = fallback_published
    if published is None and doc.date:
        published = parse_iso(doc.date)
    now = datetime.now(timezone.utc)
    if published is not None and published > now + timedelta(days=1):
        published = fallback_published if fallback_published and fallback_published <= now + timedelta(days=1) else None
    return text, title, (doc.author or None), published


def check_language(text: str, accepted: list[str]) -> str:
    """The text's language code; raises Skip('language:xx') when not accepted."""
    lang = detect_language(text)
    if lang is None:
        raise Skip("language:unknown", "could not tell the language")
    if lang not in accepted:
        raise Skip(f"language:{lang}", f"article is in {lang!r}, not one of {accepted}")
    return lang
