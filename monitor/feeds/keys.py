"""A feed entry's identity within its feed, and the feed_entry rows a poll adds."""
from __future__ import annotations

import hashlib
from datetime import datetime

from monitor.extract.dedupe import canonical_url, clean_link
from monitor.types import FeedEntry


def entry_key(e: FeedEntry) -> str:
    """A feed entry's identity within its feed: the canonical link, else GUID plus title
    (feeds that reuse GUIDs daily would otherwise hide new items)."""
    if e.url:
        return canonical_url(e.url)
    basis = f"{e.guid or ''}|{e.title}|{e.summary[:200]}"
    return "nolink:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


def entry_rows(source_id: str, entries: list[FeedEntry], now: datetime) -> list[dict]:
    """The new feed_entry rows of one poll, one per identity (the first of repeated items wins)."""
    rows: dict[str, dict] = {}
    for e in entries:
        key = entry_key(e)
        rows.setdefault(key, dict(source_id=source_id, entry_key=key, guid=e.guid, url=clean_link(e.url) if e.url else None,
                                  canonical_url=canonical_url(e.url) if e.url else None, title=e.title[:1000],
                                  summary=e.summary, published=e.published, first_seen=now, status="pending",
                                  attempts=0))
    return list(rows.values())
