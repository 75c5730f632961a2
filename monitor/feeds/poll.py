"""Poll one feed: conditional GET, parse with feedparser, return its entries.

Pure of storage: takes the feed's stored HTTP state, returns a PollResult the
job stores in one transaction. Validator honesty: every Nth poll is made
unconditionally; if the server sends the validators it sent before but the
body changed, its ETag/Last-Modified are not trusted any more and the body
hash decides instead.
"""
from __future__ import annotations

import calendar
import hashlib
import logging
import re
from urllib.parse import urljoin
from datetime import datetime, timedelta, timezone

import feedparser

from monitor.errors import FetchError
from monitor.extract.article import html_to_text
from monitor.http import Fetcher
from monitor.types import FeedEntry, FeedState, PollResult  # noqa: F401  (FeedState: callers build it from here)

log = logging.getLogger(__name__)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.S | re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_BENIGN = {"CharacterEncodingOverride", "NonXMLContentType"}


def strip_dtd(body: bytes) -> bytes:
    """Remove DOCTYPE declarations (with internal subsets) so no entity is ever expanded or fetched."""
    head = body[:65536]
    if b"<!DOCTYPE" not in head.upper() and not _ENTITY_DECL.search(head):
        return body
    return _DOCTYPE.sub(b"", head) + body[65536:]


def _when(parsed) -> datetime | None:  # noqa: ANN001
    if not parsed:
        return None
    try:
        dt = datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
    except (OverflowError, ValueError, TypeError):
        return None
    if dt > datetime.now(timezone.utc) + timedelta(days=1):
        return None  # a date in the future is not trusted
    return dt


def parse_feed(body: bytes, source_id: str, url: str, content_type: str | None = None) -> tuple[list[FeedEntry], str | None, str | None]:
    """Entries of a feed document, its bozo message (if any) and title. Raises FetchError('not_a_feed')."""
    headers = {"content-type": content_type} if content_type else {}
    # Relative links are resolved below for the few fields we use, not by feedparser in every element.
    parsed = feedparser.parse(strip_dtd(body), response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # A missing or overridden content type is not a broken feed.
    bozo = str(exc) if exc is not None and type(exc).__name__ not in _BENIGN else None
    if not parsed.entries:
        if not parsed.get("version") or bozo:
            raise FetchError("not_a_feed", f"{url}: no feed entries ({bozo or 'not RSS/Atom'})")
    entries = []
    for e in parsed.entries:
        link = urljoin(url, e["link"]) if e.get("link") else None
        guid = e.get("id") or None
        content = ""
        if e.get("content"):
            content = max((c.get("value", "") for c in e.content), key=len)
        summary_html = content if len(content) > len(e.get("summary", "")) else e.get("summary", "")
        entries.append(FeedEntry(source_id=source_id, url=link, guid=guid, title=(e.get("title") or "").strip(),
                                 summary=html_to_text(summary_html or ""),
                                 published=_when(e.get("published_parsed") or e.get("updated_parsed"))))
    return entries, bozo, parsed.feed.get("title")


async def poll_feed(fetcher: Fetcher, source_id: str, state: FeedState, validator_check_every: int = 12) -> PollResult:
    unconditional = not state.validators_trusted or (validator_check_every > 0 and state.polls > 0
                                                     and state.polls % validator_check_every == 0)
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"}
    if not unconditional:
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
    try:
        resp = await fetcher.get(state.url, headers)
    except FetchError as exc:
        return PollResult(status="error", error_kind=exc.kind, error=str(exc), http_status=exc.status,
                          retry_after=exc.retry_after, etag=state.etag, last_modified=state.last_modified,
                          body_hash=state.body_hash, validators_trusted=state.validators_trusted)
    keep = dict(etag=state.etag, last_modified=state.last_modified, body_hash=state.body_hash,
                validators_trusted=state.validators_trusted, new_url=resp.permanent_url, http_status=resp.status)
    if resp.status == 304:
        return PollResult(status="not_modified", **keep)
    if resp.status >= 400:
        return PollResult(status="error", error_kind=f"http_{resp.status}", error=f"HTTP {resp.status}", **keep)
    body_hash = hashlib.sha256(resp.body).hexdigest()
    etag, last_modified = resp.headers.get("etag"), resp.headers.get("last-modified")
    trusted = state.validators_trusted
    same_validators = (etag or last_modified) and etag == state.etag and last_modified == state.last_modified
    if unconditional and trusted and same_validators and state.body_hash and body_hash != state.body_hash:
        log.warning("feed validators unchanged although content changed; ignoring them from now on",
                    extra={"feed": source_id, "etag": etag})
        trusted = False
    keep.update(etag=etag, last_modified=last_modified, body_hash=body_hash, validators_trusted=trusted)
    if state.body_hash == body_hash:
        return PollResult(status="not_modified", **keep)
    try:
        entries, bozo, title = parse_feed(resp.body, source_id, resp.final_url, resp.headers.get("content-type"))
    except FetchError as exc:
        keep["body_hash"] = state.body_hash
        return PollResult(status="error", error_kind=exc.kind, error=str(exc), **keep)
    if bozo:
        log.warning("feed is not well-formed but has usable entries", extra={"feed": source_id, "bozo": bozo[:200]})
    return PollResult(status="ok", entries=entries, bozo=bozo, feed_title=title, **keep)
