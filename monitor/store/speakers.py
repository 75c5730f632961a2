"""One speaker across articles: records built from the stored quotes, corrected by hand.

Speaker records are derived, not stored: every listing groups the quote rows' speaker names
(so a re-analysis that rewrites the quotes is picked up at once), then applies the analyst's
corrections, which are stored (table speaker_correction) by name and so survive re-analysis:
- automatic grouping: a name whose words are all inside exactly one longer name of the store
  ("Teten" → "Teten Masduki") joins it; unnamed speakers ("pedagang") are never grouped;
- `merge A B`: B's group joins A's (A's name stays canonical);
- `split B`: B leaves whatever group it was put in and stands alone.
A record carries its canonical name, aliases, counts and the roles and organisations printed
with it, each with the first and last date it was seen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Optional

from sqlmodel import Field, Session, SQLModel, select

from monitor.store.models import Article, QuoteRow


class SpeakerCorrection(SQLModel, table=True):
    """An analyst's correction of the speaker grouping, replayed in order on every listing."""

    __tablename__ = "speaker_correction"
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str  # merge or split
    name: str  # merge: the name that stays canonical; split: the name that leaves its group
    other: Optional[str] = None  # merge: the name whose group joins
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))


@dataclass
class RoleSeen:
    role: str | None
    org: str | None
    first_seen: date | None
    last_seen: date | None


@dataclass
class SpeakerRecord:
    name: str
    aliases: list[str] = field(default_factory=list)
    quotes: int = 0
    articles: int = 0
    roles: list[RoleSeen] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"name": self.name, "aliases": self.aliases, "quotes": self.quotes, "articles": self.articles,
                "roles": [{"role": r.role, "org": r.org,
                           "first_seen": r.first_seen.isoformat() if r.first_seen else None,
                           "last_seen": r.last_seen.isoformat() if r.last_seen else None} for r in self.roles]}


class UnknownSpeaker(ValueError):
    """A correction names a speaker the store has never seen."""


def _words(name: str) -> frozenset[str]:
    return frozenset(name.casefold().split())


def _named(name: str) -> bool:
    """A person's or organisation's name (capitalised), not an unnamed speaker ("pedagang kelontong")."""
    return any(w[:1].isupper() for w in name.split())


def _auto_groups(names: dict[str, int]) -> dict[str, str]:
    """name → canonical: a name inside exactly one longer name joins it."""
    canon = {n: n for n in names}
    longer = sorted((n for n in names if _named(n)), key=lambda n: (-len(n.split()), -names[n], n))
    for n in names:
        if not _named(n):
            continue
        hosts = [m for m in longer if len(m.split()) > len(n.split()) and _words(n) < _words(m)]
        tops = {h for h in hosts if not any(_words(h) < _words(o) for o in hosts)}
        if len(tops) == 1:
            canon[n] = tops.pop()
    return canon


def _apply(canon: dict[str, str], corrections: list[SpeakerCorrection]) -> dict[str, str]:
    canon = dict(canon)
    for c in corrections:
        if c.kind == "merge" and c.name in canon and c.other in canon:
            target, moving = canon[c.name], canon[c.other]
            if target == moving:
                continue
            for n, g in canon.items():
                if g == moving:
                    canon[n] = target
        elif c.kind == "split" and c.name in canon:
            old = canon[c.name]
            canon[c.name] = c.name
            if old == c.name:  # the canonical name leaves: the rest of its group keeps the longest alias
                rest = [n for n, g in canon.items() if g == c.name and n != c.name]
                if rest:
                    head = max(rest, key=lambda n: (len(n.split()), n))
                    for n in rest:
                        canon[n] = head
    return canon


def _rows(session: Session) -> list[tuple]:
    q = (select(QuoteRow.speaker, QuoteRow.speaker_role, QuoteRow.speaker_org, QuoteRow.article_id,
                Article.published, Article.fetched_at)
         .join(Article, Article.id == QuoteRow.article_id)
         .where(QuoteRow.speaker.is_not(None)))
    return list(session.exec(q).all())


def grouping(session: Session) -> dict[str, str]:
    """name → canonical name, after automatic grouping and the stored corrections."""
    names: dict[str, int] = {}
    for r in _rows(session):
        names[r[0]] = names.get(r[0], 0) + 1
    corrections = list(session.exec(select(SpeakerCorrection).order_by(SpeakerCorrection.id)).all())
    return _apply(_auto_groups(names), corrections)


def speaker_records(session: Session) -> list[SpeakerRecord]:
    """Every speaker, most quoted first."""
    rows = _rows(session)
    canon = grouping(session)
    recs: dict[str, SpeakerRecord] = {}
    arts: dict[str, set[int]] = {}
    roles: dict[tuple[str, str | None, str | None], list[date]] = {}
    for name, role, org, article_id, published, fetched in rows:
        key = canon.get(name, name)
        rec = recs.setdefault(key, SpeakerRecord(key))
        rec.quotes += 1
        if name != key and name not in rec.aliases:
            rec.aliases.append(name)
        arts.setdefault(key, set()).add(article_id)
        seen = (published or fetched).date() if (published or fetched) else None
        days = roles.setdefault((key, role, org), [])
        if seen:
            days.append(seen)
    for key, rec in recs.items():
        rec.articles = len(arts[key])
        rec.aliases.sort()
        rec.roles = [RoleSeen(r, o, min(d) if d else None, max(d) if d else None)
                     for (k, r, o), d in roles.items() if k == key and (r or o)]
        rec.roles.sort(key=lambda x: (x.first_seen or date.min, x.role or ""))
    return sorted(recs.values(), key=lambda r: (-r.quotes, r.name))


def _known(session: Session, name: str) -> None:
    if session.exec(select(QuoteRow.id).where(QuoteRow.speaker == name).limit(1)).first() is None:
        raise UnknownSpeaker(f"no quote has the speaker {name!r} (names are matched exactly; see `monitor speakers`)")


def merge(session: Session, keep: str, other: str) -> None:
    """Record that `other` is the same speaker as `keep` (kept across re-analysis)."""
    _known(session, keep)
    _known(session, other)
    session.add(SpeakerCorrection(kind="merge", name=keep, other=other))


def split(session: Session, name: str) -> None:
    """Record that `name` is a speaker of its own, whatever it was grouped with."""
    _known(session, name)
    session.add(SpeakerCorrection(kind="split", name=name))
