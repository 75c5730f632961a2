"""Users and their saved searches: the rows behind sign-in, "new since your last visit" and e-mail alerts.

The watermarks are search_doc ids (a new claim gets an id never issued before, migration 0011; a claim that a
re-analysis leaves unchanged keeps its id), so "new" is `id > seen_id` and an alert
covers `alerted_id < id <= upto`; advancing alerted_id happens in the same transaction that marks the
alert's send-log row sent, so a hit is e-mailed once.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timezone

from sqlalchemy import delete, func, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from monitor.store.models import AlertSent, AppSecret, SavedSearch, User


FREQUENCIES = ("immediate", "daily")


def add_user(session: Session, email: str, password_hash: str) -> User | None:
    """A new user; None when the address is taken."""
    user = User(email=email.strip().lower(), password_hash=password_hash, created_at=datetime.now(timezone.utc))
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    return user


def set_password(session: Session, email: str, password_hash: str) -> bool:
    return session.execute(update(User).where(User.email == email.strip().lower())
                           .values(password_hash=password_hash)).rowcount == 1


def user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.email)))


def latest_claim_id(session: Session) -> int:
    """The newest claim in the search index (0 when empty)."""
    return int(session.execute(text("SELECT MAX(id) FROM search_doc")).scalar() or 0)


def save_search(session: Session, user_id: int, name: str, query: str, frequency: str) -> SavedSearch:
    """A saved search; hits already stored count as seen and alerted (an alert is for what comes next)."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"frequency is one of {', '.join(FREQUENCIES)}")
    now_id = latest_claim_id(session)
    row = SavedSearch(user_id=user_id, name=name, query=query, frequency=frequency,
                      created_at=datetime.now(timezone.utc), seen_id=now_id, alerted_id=now_id)
    session.add(row)
    session.flush()
    return row


def searches_of(session: Session, user_id: int) -> list[SavedSearch]:
    return list(session.exec(select(SavedSearch).where(SavedSearch.user_id == user_id).order_by(SavedSearch.id)))


def search_of(session: Session, user_id: int, search_id: int) -> SavedSearch | None:
    row = session.get(SavedSearch, search_id)
    return row if row is not None and row.user_id == user_id else None


def delete_search(session: Session, user_id: int, search_id: int) -> bool:
    row = search_of(session, user_id, search_id)
    if row is None:
        return False
    session.execute(delete(AlertSent).where(AlertSent.search_id == search_id))
    session.delete(row)
    return True


def mark_seen(session: Session, search_id: int, upto: int) -> None:
    """The user looked at the search's hits up to claim `upto` (never moves back)."""
    session.execute(update(SavedSearch).where(SavedSearch.id == search_id, SavedSearch.seen_id < upto)
                    .values(seen_id=upto))


def alerting(session: Session) -> list[tuple[SavedSearch, str]]:
    """Every saved search with its owner's address (the alert run's work list)."""
    return [(s, email) for s, email in session.exec(select(SavedSearch, User.email)
                                                    .join(User, User.id == SavedSearch.user_id)
                                                    .order_by(SavedSearch.id))]


def mark_alerted(session: Session, search_id: int, upto: int, when: datetime) -> None:
    """Claims up to `upto` were e-mailed (call in the transaction that marks the send-log row sent)."""
    session.execute(update(SavedSearch).where(SavedSearch.id == search_id,
                                              func.coalesce(SavedSearch.alerted_id, 0) < upto)
                    .values(alerted_id=upto, last_alert_at=when))


def claim_key(article_id: int, kind: str, text_: str) -> str:
    """A claim's identity across re-analysis (row ids change, article, kind and words do not)."""
    words = " ".join(text_.split()).casefold()
    return f"{article_id}:{kind}:" + hashlib.sha256(words.encode()).hexdigest()[:24]


def already_sent(session: Session, search_id: int, keys: list[str]) -> set[str]:
    """Which of these claim keys this saved search has e-mailed before."""
    if not keys:
        return set()
    rows = session.exec(select(AlertSent.claim_key).where(AlertSent.search_id == search_id,
                                                          AlertSent.claim_key.in_(keys)))
    return set(rows)


def record_sent(session: Session, search_id: int, keys: list[str], when: datetime) -> None:
    """Remember e-mailed claims (call in the transaction that marks the send-log row sent)."""
    known = already_sent(session, search_id, keys)
    session.add_all([AlertSent(search_id=search_id, claim_key=k, sent_at=when)
                     for k in dict.fromkeys(keys) if k not in known])
    session.flush()


def stored_secret(session: Session, name: str) -> str:
    """A random secret generated on first use and kept in the database (same value after a restart)."""
    row = session.get(AppSecret, name)
    if row is not None:
        return row.value
    session.add(AppSecret(name=name, value=secrets.token_hex(32)))
    try:
        session.flush()
    except IntegrityError:  # another process created it first: use theirs
        session.rollback()
    return session.get(AppSecret, name).value
