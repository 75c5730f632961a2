"""Saved-search alerts: new hits of each saved search e-mailed to its owner, immediately or daily, once.

Each alert is one batch `(saved search, newest claim id covered)`, claimed in the digest's send log
(subscriber key "alert:<search id>:<upto>") and sent through the digest's SMTP path, so leases, retries
with backoff, Message-ID reuse after a crash and "never twice" are the digest's. The search's alerted_id
moves to `upto` in the transaction that marks the row sent, and the e-mailed claims are recorded by identity
(article, kind, text hash), so a re-analysed article whose claims got new ids is not e-mailed again.
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from monitor import display
from monitor.digest.send import MAX_ATTEMPTS, SendResult, Sender, _claim, backoff, smtp_send
from monitor.search.engine import Hit, SearchEngine
from monitor.search.query import SearchSyntaxError
from monitor.settings import Settings
from monitor.store import saved, sendlog
from monitor.store.db import session_scope
from monitor.store.models import SavedSearch

log = logging.getLogger(__name__)
MAX_HITS = 50  # listed in one e-mail; the rest are a link away


@dataclass(frozen=True)
class _Key:
    key: str  # what digest.send._claim reads of a subscriber


def is_due(search: SavedSearch, now: datetime, tz: str) -> bool:
    """Immediate searches on every pass; daily ones once per local calendar day."""
    if search.frequency != "daily" or search.last_alert_at is None:
        return True
    last = search.last_alert_at if search.last_alert_at.tzinfo else search.last_alert_at.replace(tzinfo=timezone.utc)
    zone = ZoneInfo(tz)
    return last.astimezone(zone).date() < now.astimezone(zone).date()


def alert_message(settings: Settings, search: SavedSearch, email: str, hits: list[Hit], more: bool,
                  message_id: str, now: datetime) -> EmailMessage:
    """A plain-text and HTML e-mail listing the new hits, each linking to its article page."""
    base = settings.base_url.rstrip("/")
    tz = settings.outlet_timezone
    link = f"{base}/saved/{search.id}"
    lines, items = [], []
    for h in hits:
        fig = display.figure(h.value, h.unit, h.unit_word) if h.kind == "figure" else ""
        who = h.speaker or ""
        when = display.day(h.published, tz=tz)
        url = f"{base}/articles/{h.article_id}"
        lines.append(f"- {h.text}\n  {' · '.join(filter(None, (fig, who, h.outlet, when)))}\n  {url}")
        items.append(f"<li><p>{html.escape(h.text)}</p><p style=\"color:#444\">"
                     f"{html.escape(' · '.join(filter(None, (fig, who, h.outlet, when))))} · "
                     f"<a href=\"{html.escape(url)}\">artikel</a></p></li>")
    n = f"{len(hits)}{'+' if more else ''}"
    subject = f"monitor: {n} hasil baru untuk «{search.name}»"
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    msg["From"] = settings.mail_from
    msg["To"] = email
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    search_url = f"{base}/?{urlencode({'q': search.query})}"
    msg.set_content(f"Hasil baru untuk pencarian tersimpan «{search.name}» ({search.query}):\n\n" + "\n".join(lines)
                    + f"\n\nSemua hasil: {search_url}\nKelola pencarian tersimpan: {link}\n")
    msg.add_alternative(
        f"<!doctype html><html lang=\"id\"><body><h1 style=\"font-size:18px\">Hasil baru: {html.escape(search.name)}</h1>"
        f"<p><code>{html.escape(search.query)}</code></p><ol>{''.join(items)}</ol>"
        f"<p><a href=\"{html.escape(search_url)}\">Semua hasil</a> · <a href=\"{html.escape(link)}\">Kelola pencarian "
        f"tersimpan</a></p></body></html>", subtype="html")
    return msg


def send_alert(settings: Settings, engine: Engine, searcher: SearchEngine, search: SavedSearch, email: str,
               now: datetime, sender: Sender | None = None, max_attempts: int = MAX_ATTEMPTS) -> SendResult | None:
    """E-mail the search's hits newer than its alerted_id, at most once; None when there is nothing new."""
    sender = sender or smtp_send
    with session_scope(engine) as s:
        upto = saved.latest_claim_id(s)
    if upto <= search.alerted_id:
        return None
    try:
        page = searcher.search(search.query, per_page=MAX_HITS, after_id=search.alerted_id, now=now)
    except SearchSyntaxError as exc:  # saved before a syntax change: skip it, say why
        log.warning("saved search no longer parses", extra={"search": search.id, "error": str(exc)})
        return None
    hits = [h for h in page.hits if h.id <= upto]
    keys = {h.id: saved.claim_key(h.article_id, h.kind, h.text) for h in hits}
    if hits:  # a re-analysed article's claims come back with new ids: drop the ones e-mailed before
        with session_scope(engine) as s:
            sent = saved.already_sent(s, search.id, list(keys.values()))
        hits = [h for h in hits if keys[h.id] not in sent]
    if not hits:  # new claims, none matching (or all sent before): remember how far we looked
        with session_scope(engine) as s:
            saved.mark_alerted(s, search.id, upto, search.last_alert_at or now)
        return None
    day = now.astimezone(ZoneInfo(settings.outlet_timezone)).date()
    who = _Key(f"alert:{search.id}:{upto}")
    row, result = _claim(engine, settings, who, day, now, False)
    if result is not None:
        if result.status == "already-sent":  # sent, then crashed before the watermark moved
            with session_scope(engine) as s:
                saved.mark_alerted(s, search.id, upto, now)
                saved.record_sent(s, search.id, [keys[h.id] for h in hits], now)
        return result
    attempts = row.attempts + 1
    try:
        sender(settings, alert_message(settings, search, email, hits, page.has_more, row.message_id, now), email)
    except Exception as exc:  # noqa: BLE001  (retried later with backoff; other searches still go out)
        error = str(exc) or type(exc).__name__
        status = "failed" if attempts >= max_attempts else "retry"
        with session_scope(engine) as s:
            sendlog.finish(s, row.id, status=status, attempts=attempts, last_error=error[:2000],
                           next_attempt=None if status == "failed" else now + backoff(attempts))
        log.warning("alert not delivered", extra={"search": search.id, "status": status, "error": error})
        return SendResult(who.key, day, status, attempts, row.message_id, error, attempted=True)
    with session_scope(engine) as s:  # one transaction: the log says sent and the watermark moves
        sendlog.finish(s, row.id, status="sent", attempts=attempts, sent_at=now, last_error=None, next_attempt=None)
        saved.mark_alerted(s, search.id, upto, now)
        saved.record_sent(s, search.id, [keys[h.id] for h in hits], now)
    log.info("alert sent", extra={"search": search.id, "hits": len(hits), "message_id": row.message_id})
    return SendResult(who.key, day, "sent", attempts, row.message_id, attempted=True)


def send_due_alerts(settings: Settings, engine: Engine, now: datetime | None = None,
                    sender: Sender | None = None) -> list[SendResult]:
    """One scheduler cycle (`monitor run`, `monitor alerts send`): every due saved search, each hit once."""
    now = now or datetime.now(timezone.utc)
    searcher = SearchEngine(engine, tz=settings.outlet_timezone, rank_window=settings.search_rank_window)
    with session_scope(engine) as s:
        work = saved.alerting(s)
    results = []
    for search, email in work:
        if not is_due(search, now, settings.outlet_timezone):
            continue
        try:
            result = send_alert(settings, engine, searcher, search, email, now, sender)
        except Exception:  # noqa: BLE001  (one broken search never stops the others)
            log.exception("alert failed", extra={"search": search.id})
            continue
        if result is not None:
            results.append(result)
    return results


__all__ = ["alert_message", "is_due", "send_alert", "send_due_alerts"]
