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

from sqlalchemy import func
from sqlalchemy.engine import Connection
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


def _tidy(name: str) -> int:
    """How well a spelling is printed (single spaces, words capitalised but not shouted): ties go to the tidiest."""
    ws = name.split()
    return (name == " ".join(ws)) + sum(w[:1].isupper() and not (len(w) > 1 and w.isupper()) for w in ws)


def _auto_groups(names: dict[str, int]) -> dict[str, str]:
    """name → canonical: spellings of the same words ("Teten Masduki", "TETEN  masduki") are one name, shown
    in its most frequent spelling; a name inside exactly one longer name joins it."""
    spellings: dict[frozenset[str], list[str]] = {}
    for n in names:
        spellings.setdefault(_words(n), []).append(n)
    head = {w: ns[0] if len(ns) == 1 else min(ns, key=lambda n: (-names[n], -_tidy(n), n)) for w, ns in spellings.items()}
    named = [w for w in spellings if w and _named(head[w])]
    by_word: dict[str, set[frozenset[str]]] = {}  # word → the names holding it: hosts come from the rarest word
    for w in named:
        for x in w:
            by_word.setdefault(x, set()).add(w)
    target = {w: w for w in spellings}
    for w in named:
        rarest = min(w, key=lambda x: len(by_word[x]))
        hosts = [m for m in by_word[rarest] if w < m]
        tops = {h for h in hosts if not any(h < o for o in hosts)}
        if len(tops) == 1:
            target[w] = tops.pop()
    return {n: head[target[_words(n)]] for n in names}


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


def _grouping(conn) -> dict[str, str]:
    names = dict(conn.execute(select(QuoteRow.speaker, func.count()).where(QuoteRow.speaker.is_not(None))
                              .group_by(QuoteRow.speaker)).all())
    corrections = list(conn.execute(select(SpeakerCorrection.kind, SpeakerCorrection.name, SpeakerCorrection.other)
                                    .order_by(SpeakerCorrection.id)).all())
    return _apply(_auto_groups(names), corrections)


def grouping(session: Session) -> dict[str, str]:
    """name → canonical name, after automatic grouping and the stored corrections."""
    return _grouping(session)


# ------------------------------------------------------------------ the one decision, for every reader

_CANON: dict[str, tuple[tuple, dict[str, str], dict[str, list[str]]]] = {}


def _canon(conn: Connection) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(name → canonical, canonical → every name), kept per process and rebuilt when quotes or corrections
    change (their newest ids: re-analysis re-inserts quotes, corrections are only added)."""
    stamp = (conn.execute(select(func.max(QuoteRow.id))).scalar(),
             conn.execute(select(func.max(SpeakerCorrection.id))).scalar())
    key = str(conn.engine.url)
    cached = _CANON.get(key)
    if cached is None or cached[0] != stamp:
        canon = _grouping(conn)
        members: dict[str, list[str]] = {}
        for n, c in canon.items():
            members.setdefault(c, []).append(n)
        cached = _CANON[key] = (stamp, canon, {c: sorted(v) for c, v in members.items()})
    return cached[1], cached[2]


def speaker_of(conn: Connection, name: str | None) -> str | None:
    """THE speaker of a quote whose printed speaker is `name`: its record's canonical name (merges and
    splits applied). Search facets, exports, charts, the digest and the web pages all ask this."""
    if not name:
        return name
    return _canon(conn)[0].get(name, name)


def speaker_map(conn: Connection) -> dict[str, str]:
    """Every printed speaker name → its canonical name (for readers that map many rows at once)."""
    return _canon(conn)[0]


def names_of(conn: Connection, canonical: str) -> list[str]:
    """Every printed name of the speaker whose canonical name is `canonical` (itself included)."""
    canon, members = _canon(conn)
    return list(members.get(canonical, [canonical] if canonical in canon else []))


def members(conn: Connection, canonicals: set[str]) -> list[str]:
    """Every printed name of these speakers (canonical names), sorted."""
    members_of = _canon(conn)[1]
    return sorted(n for c in canonicals for n in members_of.get(c, ()))


def matching_names(conn: Connection, wanted: str, phrase: bool = False) -> list[str]:
    """Every printed name of every speaker one of whose names holds `wanted`'s words (folded; with phrase,
    in that order, side by side): `speaker:"Teten Masduki"` also finds quotes printed as "Teten"."""
    w = wanted.casefold().split()
    if not w:
        return []

    def holds(name: str) -> bool:
        ws = name.casefold().split()
        if not phrase:
            return set(w) <= set(ws)
        return any(ws[i:i + len(w)] == w for i in range(len(ws) - len(w) + 1))

    canon, members = _canon(conn)
    hit = {c for n, c in canon.items() if holds(n)}
    return sorted({n for c in hit for n in members.get(c, ())})


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
