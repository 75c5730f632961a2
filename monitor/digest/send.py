"""Delivery: SMTP (plain, STARTTLS or SSL), the exactly-once send log, retries that never block others.

Each subscriber's digest for a period is claimed in the send log before it is
built (status "sending" with a lease), and marked "sent" only after the SMTP
server accepted it. A crash in between leaves the claim to lapse, and the next
run sends again with the same Message-ID; a sent digest is never repeated.
The one window that cannot be closed, a crash after the server accepted the
message and before the log is written, resends the same Message-ID, which
mail clients treat as one message. A failure (refused recipient, server down,
a bug while building) is logged, counted and retried later with exponential
backoff; it never stops the other subscribers.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
import time as _time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from typing import Callable

from sqlalchemy.engine import Engine

from monitor.digest.build import build_digest, default_day
from monitor.digest.charts import topic_charts
from monitor.digest.render import build_message, new_message_id
from monitor.digest.subscribers import Subscriber, load_subscribers
from monitor import retry as retry_policy
from monitor.errors import ConfigError
from monitor.settings import Settings
from monitor.store import sendlog
from monitor.store.db import session_scope
from monitor.store.models import SendLog

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # a claim older than this belonged to a crashed sender
MAX_ATTEMPTS = 6  # then the row is marked failed and reported
RETRY_BASE = timedelta(minutes=2)
RETRY_MAX = timedelta(hours=1)
CATCH_UP_DAYS = 2  # unfinished digests of earlier periods are still retried this long


class DeliveryError(Exception):
    """An SMTP delivery failed; permanent when the server answered 5xx."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SendResult:
    subscriber: str
    period: date
    status: str  # sent, already-sent, skipped, retry, failed, busy, waiting
    attempts: int = 0
    message_id: str | None = None
    error: str | None = None
    attempted: bool = False  # this call tried to build and send (not just found the log's state)


Sender = Callable[[Settings, EmailMessage, str], None]


def smtp_send(settings: Settings, msg: EmailMessage, recipient: str, context: ssl.SSLContext | None = None) -> None:
    """Hand one message to the SMTP server; raise DeliveryError on any failure."""
    security = settings.smtp_security.lower()
    timeout = settings.connect_timeout + settings.read_timeout
    try:
        if security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=timeout,
                                                  context=context or ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        with smtp:
            if security == "starttls":
                smtp.starttls(context=context or ssl.create_default_context())
            if settings.smtp_user:
                password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                smtp.login(settings.smtp_user, password)
            smtp.send_message(msg, to_addrs=[recipient])
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()))
        raise DeliveryError(f"recipient refused: {code} {_text(reply)}", permanent=code >= 500) from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}", permanent=exc.smtp_code >= 500) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc or 'connection failed'}") from exc


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def backoff(attempts: int) -> timedelta:
    """When a failed delivery is tried again (stored in the send log): monitor.retry's policy."""
    return timedelta(seconds=retry_policy.delay(attempts, RETRY_BASE.total_seconds(), RETRY_MAX.total_seconds()))


def _claim(engine: Engine, settings: Settings, sub: Subscriber, day: date, now: datetime, force: bool) -> tuple[SendLog | None, SendResult | None]:
    """Take the (subscriber, period) row for this sender, or say why not."""
    with session_scope(engine) as s:
        row = sendlog.find(s, sub.key, day)
        if row is None:
            row = sendlog.create(s, sub.key, day, new_message_id(settings), now, now + LEASE)
            if row is None:  # another sender created it a moment ago
                return None, SendResult(sub.key, day, "busy")
            return row, None
        if row.status == "sent":
            return None, SendResult(sub.key, day, "already-sent", row.attempts, row.message_id)
        if row.status == "skipped":
            return None, SendResult(sub.key, day, "skipped", row.attempts, row.message_id)
        if row.status == "failed" and not force:
            return None, SendResult(sub.key, day, "failed", row.attempts, row.message_id, row.last_error)
        if row.status == "sending" and row.claimed_until and row.claimed_until > now:
            return None, SendResult(sub.key, day, "busy", row.attempts, row.message_id)
        if row.status == "retry" and row.next_attempt and row.next_attempt > now and not force:
            return None, SendResult(sub.key, day, "waiting", row.attempts, row.message_id, row.last_error)
        if not sendlog.take(s, row, now + LEASE):
            return None, SendResult(sub.key, day, "busy", row.attempts, row.message_id)
        return row, None


def _finish(engine: Engine, row: SendLog, **values) -> None:  # noqa: ANN003
    with session_scope(engine) as s:
        sendlog.finish(s, row.id, **values)


def deliver(settings: Settings, engine: Engine, sub: Subscriber, day: date, now: datetime,
            sender: Sender | None = None, force: bool = False, max_attempts: int = MAX_ATTEMPTS,
            chart_cache: dict | None = None) -> SendResult:
    """Build and send one subscriber's digest for one day, at most once. Never raises for delivery problems."""
    sender = sender or smtp_send
    row, result = _claim(engine, settings, sub, day, now, force)
    if result is not None:
        return result
    assert row is not None
    attempts = row.attempts + 1
    try:
        with session_scope(engine) as s:
            digest = build_digest(s, sub, day, settings.base_url, now)
        if digest.empty and not sub.send_empty:
            _finish(engine, row, status="skipped", attempts=row.attempts)
            return SendResult(sub.key, day, "skipped", row.attempts, row.message_id, attempted=True)
        msg = build_message(digest, settings, topic_charts(engine, digest, chart_cache), row.message_id, now)
        sender(settings, msg, sub.email)
    except Exception as exc:  # noqa: BLE001  (reported and retried; the next subscriber still gets theirs)
        error = str(exc) or type(exc).__name__
        gave_up = attempts >= max_attempts
        status = "failed" if gave_up else "retry"
        _finish(engine, row, status=status, attempts=attempts, last_error=error[:2000],
                next_attempt=None if gave_up else now + backoff(attempts))
        log.warning("digest not delivered", extra={"subscriber": sub.key, "period": day.isoformat(), "attempt": attempts,
                                                    "status": status, "error": error})
        return SendResult(sub.key, day, status, attempts, row.message_id, error, attempted=True)
    _finish(engine, row, status="sent", attempts=attempts, sent_at=now, last_error=None, next_attempt=None)
    log.info("digest sent", extra={"subscriber": sub.key, "period": day.isoformat(), "message_id": row.message_id})
    return SendResult(sub.key, day, "sent", attempts, row.message_id, attempted=True)


def due_periods(engine: Engine, sub: Subscriber, now: datetime) -> list[date]:
    """Yesterday once the subscriber's send time has passed, plus unfinished digests of the days before."""
    local = now.astimezone(sub.tz)
    days: list[date] = []
    with session_scope(engine) as s:
        since = default_day(now, sub.timezone) - timedelta(days=CATCH_UP_DAYS)
        days += sendlog.unfinished_periods(s, sub.key, since)
    if local.time() >= sub.send_time:
        days.append(default_day(now, sub.timezone))
    return sorted(set(days))


def send_due_digests(settings: Settings, engine: Engine, now: datetime | None = None,
                     sender: Sender | None = None, max_attempts: int = MAX_ATTEMPTS) -> list[SendResult]:
    """One scheduler cycle (called by `monitor run`): send every digest that is due, each at most once."""
    now = now or datetime.now(timezone.utc)
    if settings.subscribers_file is None:
        return []
    try:
        subscribers = load_subscribers(settings.subscribers_file)
    except ConfigError as exc:
        log.error("digest subscribers not loaded: %s", exc)
        return []
    results = []
    charts: dict = {}
    for sub in subscribers:
        try:
            for day in due_periods(engine, sub, now):
                results.append(deliver(settings, engine, sub, day, now, sender, max_attempts=max_attempts, chart_cache=charts))
        except Exception:  # noqa: BLE001  (e.g. the store briefly locked: this subscriber waits for the next cycle)
            log.exception("digest cycle failed for a subscriber", extra={"subscriber": sub.key})
    return [r for r in results if r.attempted]


def send_now(settings: Settings, engine: Engine, subscribers: list[Subscriber], day: date | None,
             sender: Sender | None = None, rounds: int | None = None, sleep: Callable[[float], None] = _time.sleep,
             on_result: Callable[[SendResult], None] | None = None) -> list[SendResult]:
    """`monitor digest`: send to everyone now; failures are retried in later rounds, after all others were tried."""
    rounds = settings.max_retries if rounds is None else rounds
    pending = list(subscribers)
    final: dict[str, SendResult] = {}
    charts: dict = {}
    for attempt in range(rounds + 1):
        if attempt:
            sleep(retry_policy.delay(attempt, settings.retry_backoff, settings.retry_backoff_max))
        retry: list[Subscriber] = []
        for sub in pending:
            now = datetime.now(timezone.utc)
            result = deliver(settings, engine, sub, day or default_day(now, sub.timezone), now, sender, force=True,
                             chart_cache=charts)
            final[sub.key] = result
            if result.status == "retry":
                retry.append(sub)
            if on_result:
                on_result(result)
        pending = retry
        if not pending:
            break
    return list(final.values())


def write_digests(settings: Settings, engine: Engine, subscribers: list[Subscriber], day: date | None, out_dir,  # noqa: ANN001
                  now: datetime | None = None) -> list:
    """Dry run: write each digest as .eml (what would be sent) and .html (charts inlined as data: URIs)."""
    import base64
    import re
    from pathlib import Path

    from monitor.digest.render import render, unsubscribe_links

    now = now or datetime.now(timezone.utc)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for sub in subscribers:
        d = day or default_day(now, sub.timezone)
        with session_scope(engine) as s:
            digest = build_digest(s, sub, d, settings.base_url, now)
        charts = topic_charts(engine, digest)
        stem = f"digest-{d.isoformat()}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', sub.key)}"
        msg = build_message(digest, settings, charts, new_message_id(settings), now)
        (out / f"{stem}.eml").write_bytes(msg.as_bytes())
        page = render(digest, lambda t: f"data:image/png;base64,{base64.b64encode(charts[t]).decode()}" if t in charts else None,
                      unsubscribe_links(settings, sub.email))
        (out / f"{stem}.html").write_text(page.html, encoding="utf-8")
        written += [out / f"{stem}.eml", out / f"{stem}.html"]
    return written
