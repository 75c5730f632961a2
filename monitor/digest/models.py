"""The digest send log: one row per subscriber and period, so a digest goes out exactly once.

A row is written (status "pending") before the SMTP transaction and marked
"sent" after it; a run that finds "pending" or a lapsed "sending" claim sends
again with the same Message-ID, so a crash never loses a digest and a sent one
is never repeated.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class SendLog(SQLModel, table=True):
    __tablename__ = "digest_send_log"
    __table_args__ = (UniqueConstraint("subscriber", "period", name="uq_sendlog_subscriber_period"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    subscriber: str = Field(index=True)  # lower-cased address
    period: date  # the subscriber's local calendar day the digest covers
    # pending → sending → sent | retry → … | failed (gave up) | skipped (empty day, subscriber opted out)
    status: str = Field(default="pending", index=True)
    message_id: str
    attempts: int = 0
    created_at: datetime
    claimed_until: Optional[datetime] = None  # a sender's lease; lapsed leases may be taken over
    next_attempt: Optional[datetime] = None
    sent_at: Optional[datetime] = None
    last_error: Optional[str] = Field(default=None, sa_column=Column(Text))
