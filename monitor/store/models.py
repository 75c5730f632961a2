"""SQLModel tables: the store's schema (changed only through alembic migrations).

Identity keys make every stage idempotent: a feed entry is unique per
(source, entry_key), an article per canonical URL; re-analysis replaces an
article's NLP rows under a new model_version.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint, Text
from sqlmodel import Field, SQLModel


class Source(SQLModel, table=True):
    __tablename__ = "source"
    id: str = Field(primary_key=True)
    name: str
    url: str  # where it is polled now (a permanent redirect updates it)
    config_url: str = ""  # as written in feeds.yaml; editing it there resets url
    tags: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    interval: Optional[int] = None
    fetch_article: bool = True
    # conditional GET state
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    body_hash: Optional[str] = None
    validators_trusted: bool = True
    polls: int = 0
    # health
    last_status: Optional[str] = None
    last_error: Optional[str] = None
    last_attempt: Optional[datetime] = None
    last_success: Optional[datetime] = None
    consecutive_failures: int = 0
    items_seen: int = 0
    last_new_item: Optional[datetime] = None
    # schedule
    current_interval: Optional[int] = None
    interval_reason: Optional[str] = None
    next_poll: Optional[datetime] = None
    active: bool = True


class Entry(SQLModel, table=True):
    """One item of one feed. entry_key is the canonical link, or the GUID when there is none."""

    __tablename__ = "feed_entry"
    __table_args__ = (UniqueConstraint("source_id", "entry_key", name="uq_entry_source_key"),
                      Index("ix_entry_status", "status"))
    id: Optional[int] = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    entry_key: str
    guid: Optional[str] = None
    url: Optional[str] = None
    canonical_url: Optional[str] = Field(default=None, index=True)
    title: str = ""
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    published: Optional[datetime] = None
    first_seen: datetime
    # pending → done | skipped | failed
    status: str = "pending"
    skip_reason: Optional[str] = None
    error: Optional[str] = None
    attempts: int = 0
    article_id: Optional[int] = Field(default=None, foreign_key="article.id", index=True)
    duplicate: Optional[str] = None  # url, content or near: how it was linked to an existing article


class Article(SQLModel, table=True):
    __tablename__ = "article"
    id: Optional[int] = Field(default=None, primary_key=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    url: str
    canonical_url: str = Field(unique=True)
    title: str = ""
    author: Optional[str] = None
    published: Optional[datetime] = Field(default=None, index=True)
    fetched_at: datetime
    text: str = Field(sa_column=Column(Text, nullable=False))
    lang: Optional[str] = None
    content_hash: str = Field(index=True)
    minhash: Optional[bytes] = Field(default=None, sa_column=Column(LargeBinary))
    text_source: str = "page"  # page or feed
    kind: str = Field(default="article", index=True)  # article, photo, video, teaser (only articles are analysed)
    # analysis state
    analysed_at: Optional[datetime] = Field(default=None, index=True)  # the change marker (store.stamp)
    model_version: Optional[str] = None
    analysis_skipped: Optional[str] = None


class EntityRow(SQLModel, table=True):
    __tablename__ = "entity"
    __table_args__ = (Index("ix_entity_text", "label", "text"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    text: str
    label: str
    mentions: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    alias_of: Optional[str] = None
    role: Optional[str] = None
    model_version: str


class QuoteRow(SQLModel, table=True):
    __tablename__ = "quote"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused (migration 0011): caches are stamped with them
    # Migration 0008 adds covering indexes for the web's speaker, organisation and dashboard pages
    # (ix_quote_speaker_cover, ix_quote_org_cover, ix_quote_article_speaker); their form differs per database
    # (PostgreSQL cannot put a json column in a btree key, it INCLUDEs it), so they live only in the migration.
    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    kind: str
    start: int
    end: int
    speaker: Optional[str] = Field(default=None, index=True)
    speaker_role: Optional[str] = None
    speaker_org: Optional[str] = None
    cue: Optional[str] = None
    topics: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    model_version: str


class FigureRow(SQLModel, table=True):
    __tablename__ = "figure"
    __table_args__ = (Index("ix_figure_subject_unit", "subject", "unit"),  # a measure group's figures (web)
                      {"sqlite_autoincrement": True})  # ids never reused (migration 0011)
    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    text: str
    value: float
    unit: str
    start: int
    end: int
    qualifier: Optional[str] = None
    subject: Optional[str] = None
    sentence: Optional[str] = Field(default=None, sa_column=Column(Text))
    speaker: Optional[str] = None
    unit_word: Optional[str] = None
    change_group: Optional[int] = None
    range_group: Optional[int] = None
    previous: Optional[float] = None  # later figure of a stated change: the earlier value (same unit)
    range_low: Optional[float] = None  # both ends of a range: its low and high value
    range_high: Optional[float] = None
    model_version: str


class StanceRow(SQLModel, table=True):
    """Article-level topic label (quote-level labels live in QuoteRow.topics)."""

    __tablename__ = "article_stance"
    __table_args__ = (UniqueConstraint("article_id", "topic", name="uq_stance_article_topic"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    topic: str
    score: float
    stance: str
    assessment: str
    evidence: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    model_version: str


class DeadLetter(SQLModel, table=True):
    """A pipeline task that could not succeed after its retries, kept with its error for `monitor replay`."""

    __tablename__ = "dead_letter"
    id: Optional[int] = Field(default=None, primary_key=True)
    task: str = Field(index=True)
    args: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    error: str = Field(sa_column=Column(Text, nullable=False))
    traceback: Optional[str] = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    created_at: datetime
    replayed_at: Optional[datetime] = None


class SendLog(SQLModel, table=True):
    """The digest send log: one row per subscriber and period, so a digest goes out exactly once.

    A row is claimed (status "sending", with a lease) before the SMTP transaction and marked "sent"
    after it; a run that finds a lapsed claim sends again with the same Message-ID, so a crash never
    loses a digest and a sent one is never repeated."""

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


class User(SQLModel, table=True):
    """An analyst who signs in to the web app (`monitor users add`); owns saved searches."""

    __tablename__ = "app_user"
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(unique=True)  # lower-cased
    password_hash: str  # scrypt, "salt$hash" in hex
    created_at: datetime


class SavedSearch(SQLModel, table=True):
    """A user's saved query. seen_id: the newest claim (search_doc id) shown at the last visit; alerted_id: the
    newest claim already e-mailed. Both only grow, so "new since" and "alert once" are id comparisons."""

    __tablename__ = "saved_search"
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    name: str
    query: str = Field(sa_column=Column(Text, nullable=False))
    frequency: str = "immediate"  # immediate (every scheduler pass) or daily
    created_at: datetime
    seen_id: int = 0
    alerted_id: int = 0
    last_alert_at: Optional[datetime] = None


class AlertSent(SQLModel, table=True):
    """A claim e-mailed by a saved search, keyed by the claim's identity (article, kind, text hash) rather
    than its row id: re-analysis gives claims new ids, and the same claim must not be e-mailed again."""

    __tablename__ = "alert_sent"
    search_id: int = Field(foreign_key="saved_search.id", primary_key=True)
    claim_key: str = Field(primary_key=True)
    sent_at: datetime


class AppSecret(SQLModel, table=True):
    """Secrets generated once and kept with the data (the session-signing key when no API token is set),
    so a restart does not sign everyone out."""

    __tablename__ = "app_secret"
    name: str = Field(primary_key=True)
    value: str
