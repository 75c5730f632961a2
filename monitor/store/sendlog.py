"""The digest send log's reads and writes: each (subscriber, period) row is claimed by one sender at a time.
The rules (when to retry, when to give up) are monitor.digest.send's; these only touch the rows."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from monitor.store.models import SendLog


def find(session: Session, subscriber: str, period: date) -> SendLog | None:
    return session.exec(select(SendLog).where(SendLog.subscriber == subscriber, SendLog.period == period)).first()


def create(session: Session, subscriber: str, period: date, message_id: str, now: datetime,
           lease_until: datetime) -> SendLog | None:
    """A new row, already claimed; None when another sender created it first (the session is rolled back)."""
    row = SendLog(subscriber=subscriber, period=period, status="sending", message_id=message_id, created_at=now,
                  claimed_until=lease_until)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    return row


def take(session: Session, row: SendLog, lease_until: datetime) -> bool:
    """Claim an existing row; optimistic, so only one sender turns this exact state into a claim."""
    taken = session.execute(update(SendLog).where(SendLog.id == row.id, SendLog.status == row.status,
                                                  SendLog.attempts == row.attempts)
                            .values(status="sending", claimed_until=lease_until)).rowcount
    if taken != 1:
        return False
    row.status, row.claimed_until = "sending", lease_until
    return True


def finish(session: Session, row_id: int, **values) -> None:  # noqa: ANN003
    """Record the outcome of a claimed send and release the claim."""
    session.execute(update(SendLog).where(SendLog.id == row_id, SendLog.status == "sending")
                    .values(claimed_until=None, **values))


def unfinished_periods(session: Session, subscriber: str, since: date) -> list[date]:
    """Periods since `since` whose digest is still being sent or waits for a retry."""
    return [r.period for r in session.exec(select(SendLog).where(SendLog.subscriber == subscriber,
                                                                SendLog.period >= since,
                                                                SendLog.status.in_(("sending", "retry")))).all()]
