"""One search interface over SQLite FTS5 (default store) and PostgreSQL full-text search.

The parsed query compiles to an FTS5 MATCH string or a tsquery over the same
stemmed tokens; record filters become SQL conditions on search_doc. Hits are
ranked by relevance, then recency, and the same claim carried by several
outlets (same group_key, or feed entries linked as duplicates) is one hit.

FTS5 scores every matching row (~2 µs each), so on SQLite a query matching
more than `rank_window` claims is ranked among its most recently indexed
`rank_window` matches (widened while record filters leave too few); pass
rank_window=None to rank everything. PostgreSQL always ranks everything.
"""
from __future__ import annotations

import html
import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy.engine import Connection, Engine

from monitor.search.query import And, Field, Not, Or, ParsedQuery, RecordFilters, SearchSyntaxError, Term, parse
from monitor.text import highlight, stems, tag, words
from monitor.store import search_index, speakers
from monitor.types import TopicLabel

RANK_WINDOW = 25_000


@dataclass(frozen=True)
class Hit:
    """One claim, with every outlet that carried it."""

    id: int
    kind: str  # quote, figure, title
    text: str
    highlight: tuple[tuple[str, bool], ...]
    article_id: int
    article_title: str
    article_url: str
    outlet: str
    outlets: tuple[str, ...]
    published: datetime  # UTC
    score: float
    speaker: str | None = None  # the speaker record's canonical name (monitor.store.speakers decides)
    speaker_role: str | None = None
    speaker_org: str | None = None
    value: float | None = None
    unit: str | None = None
    unit_word: str | None = None
    subject: str | None = None
    topics: tuple[TopicLabel, ...] = ()
    duplicates: int = 0  # other claim rows folded into this hit
    article_kind: str = "article"  # teaser: only the start of the story was stored (feed text)
    speaker_printed: str | None = None  # the speaker as the article printed it ("Menkop UKM Teten" → "Teten")

    def highlight_html(self) -> str:
        """The text, escaped, with matched words in <mark>."""
        return "".join(f"<mark>{html.escape(s)}</mark>" if m else html.escape(s) for s, m in self.highlight)


@dataclass(frozen=True)
class Facet:
    key: str  # the filter it sets: speaker, org, topic, stance, outlet, kind
    value: str
    count: int


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: tuple[Hit, ...]
    page: int
    per_page: int
    has_more: bool
    took_ms: float
    facets: tuple[Facet, ...] = ()


# --- compiling -----------------------------------------------------------------------------

def _fts_tokens(text: str) -> list[str]:
    return stems(text)


def _fts_phrase(tokens: list[str], prefix: bool = False) -> str:
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def _combine_facets(children: list) -> list:
    """topic: with stance:/assessment: in one AND means one label having both: use the joined tag."""
    topics = [c for c in children if isinstance(c, Field) and c.key == "topic"]
    judged = [c for c in children if isinstance(c, Field) and c.key in ("stance", "assessment")]
    if len(topics) != 1 or not judged:
        return children
    topic = topics[0]
    rest = [c for c in children if c is not topic and c not in judged]
    joined = [Field("_joined", ("zx" if j.key == "stance" else "zy") + j.value + "|" + topic.value, j.pos, prefix=True)
              for j in judged]
    return rest + joined


def _tag_token(f: Field) -> str:
    if f.key == "topic":
        return tag("zt", f.value)
    if f.key == "stance":
        return tag("zs", f.value)
    if f.key == "assessment":
        return tag("za", f.value)
    head, _, topic = f.value.partition("|")  # _joined
    return tag(head, topic)


class _Compiler:
    """AST → backend match expression; raises SearchSyntaxError for what the backend cannot express."""

    def __init__(self, dialect: str, query: str, aliases=None):
        """aliases: speaker filter value → every printed name of the speakers it names (speaker records)."""
        self.pg = dialect == "postgresql"
        self.query = query
        self.aliases = aliases or (lambda value, phrase: [])

    def compile(self, node) -> tuple[str | None, str | None]:
        """(positive expression, expression of rows to exclude when the query is only negative)."""
        children = node.children if isinstance(node, And) else (node,)
        if all(isinstance(c, Not) for c in children) and not self.pg:
            return None, " OR ".join(f"({self.node(c.child)})" for c in children)
        return self.node(node), None

    def node(self, n) -> str:
        if isinstance(n, Term):
            toks = _fts_tokens(n.text)
            if self.pg:
                return self._pg_seq(toks, n.prefix)
            return _fts_phrase(toks, n.prefix) if len(toks) > 1 or not n.prefix else f'"{toks[0]}"*'
        if isinstance(n, Field):
            return self.field(n)
        if isinstance(n, Or):
            for c in n.children:
                if isinstance(c, Not) and not self.pg:
                    raise SearchSyntaxError("NOT needs a positive term beside it inside OR, e.g. (umkm NOT ekspor) OR kur",
                                            c.pos, self.query)
            return (" | " if self.pg else " OR ").join(f"({self.node(c)})" for c in n.children)
        if isinstance(n, And):
            children = _combine_facets(list(n.children))
            pos = [c for c in children if not isinstance(c, Not)]
            neg = [c.child for c in children if isinstance(c, Not)]
            if self.pg:
                return " & ".join([f"({self.node(c)})" for c in pos] + [f"!({self.node(c)})" for c in neg])
            if not pos:
                raise SearchSyntaxError("NOT needs a positive term beside it, e.g. umkm NOT ekspor", children[0].pos,
                                        self.query)
            expr = " AND ".join(f"({self.node(c)})" for c in pos)
            if neg:
                expr = f"({expr}) NOT ({' OR '.join(f'({self.node(c)})' for c in neg)})"
            return expr
        if isinstance(n, Not):
            if self.pg:
                return f"!({self.node(n.child)})"
            raise SearchSyntaxError("NOT needs a positive term beside it, e.g. umkm NOT ekspor", n.pos, self.query)
        raise TypeError(n)

    def field(self, f: Field) -> str:
        if f.key == "speaker" and not f.prefix:
            # the speaker record decides: `speaker:"Teten Masduki"` also matches quotes printed as "Teten"
            names = [n for n in self.aliases(f.value, f.phrase) if _fts_tokens(n)]
            if names:
                own = self._speaker_field(f)
                alts = [self._speaker_field(Field(f.key, n, f.pos, prefix=False, phrase=True)) for n in names]
                return (" | " if self.pg else " OR ").join(f"({e})" for e in dict.fromkeys([own, *alts]))
        return self._speaker_field(f)

    def _speaker_field(self, f: Field) -> str:
        if f.key in ("speaker", "org"):
            toks = _fts_tokens(f.value)
            if self.pg:
                w = "B" if f.key == "speaker" else "C"
                if f.phrase:
                    return self._pg_seq(toks, False, w)
                return " & ".join(f"'{t}':{'*' if f.prefix and i == len(toks) - 1 else ''}{w}" for i, t in enumerate(toks))
            inner = _fts_phrase(toks) if f.phrase else " AND ".join(
                f'"{t}"' + ("*" if f.prefix and i == len(toks) - 1 else "") for i, t in enumerate(toks))
            return f"{f.key} : ({inner})"
        token = _tag_token(f)
        prefix = f.prefix
        if self.pg:
            return f"'{token}':{'*' if prefix else ''}D"
        return f'tags : "{token}"' + ("*" if prefix else "")

    @staticmethod
    def _pg_seq(toks: list[str], prefix: bool, weight: str = "") -> str:
        parts = [f"'{t}':{'*' if prefix and i == len(toks) - 1 else ''}{weight}".rstrip(":") for i, t in enumerate(toks)]
        return " <-> ".join(parts)


def _positive_stems(node, out: set[str], prefixes: list[str]) -> None:
    if isinstance(node, Term):
        toks = stems(node.text)
        if node.prefix and toks:
            prefixes.append(toks[-1])
            toks = toks[:-1]
        out.update(toks)
    elif isinstance(node, (And, Or)):
        for c in node.children:
            _positive_stems(c, out, prefixes)


# --- the engine ------------------------------------------------------------------------------

class SearchEngine:
    """Search claims in the store behind `engine` (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, tz: str = "Asia/Jakarta", rank_window: int | None = RANK_WINDOW,
                 topics: tuple[str, ...] | None = None):
        """rank_window: on SQLite, when a query matches more claims than this, rank only the most recently
        indexed rank_window of them (FTS5 scores every match, ~2 µs each); None ranks everything."""
        self.engine = engine
        self.dialect = engine.dialect.name
        self.tz = tz
        self.rank_window = rank_window
        self.topics = tuple(topics) if topics else None  # the topics in use: topic:bogus is refused, not empty

    def search(self, query: str | ParsedQuery, *, page: int = 1, per_page: int = 20, facets: bool = False,
               now: datetime | None = None, after_id: int = 0) -> SearchPage:
        """after_id: only claims indexed after this search_doc id (what is new for a saved search)."""
        started = time.perf_counter()
        parsed = query if isinstance(query, ParsedQuery) else parse(query, now=now, tz=self.tz, topics=self.topics)
        if after_id:
            parsed.filters.after_id = after_id
        page, per_page = max(1, page), max(1, min(per_page, 200))
        want = page * per_page + 1
        k = max(want * 3, 200 if facets else 60)
        with self.engine.connect() as conn:
            compiler = _Compiler(self.dialect, parsed.text, lambda value, phrase: speakers.matching_names(conn, value, phrase))
            match, exclude = compiler.compile(parsed.expr) if parsed.expr else (None, None)
            names = search_index.outlet_names(conn)
            where, params = self._filters(names, parsed.filters)
            if where is None:
                rows, groups = [], {}
            else:
                while True:
                    rows = self._candidates(conn, match, exclude, where, params, k, parsed.filters.until is None)
                    groups = _group(rows)
                    if len(groups) >= want or len(rows) < k:
                        break
                    k *= 4
            ordered = list(groups.values())
            chosen = ordered[(page - 1) * per_page: page * per_page]
            canon = speakers.speaker_map(conn)
            hits = self._hits(conn, parsed, chosen, names, canon)
            facet_list = self._facets(names, rows, canon) if facets else ()
        return SearchPage(parsed.text, tuple(hits), page, per_page, len(ordered) > page * per_page,
                          round((time.perf_counter() - started) * 1000, 2), tuple(facet_list))

    # candidates ------------------------------------------------------------------------------

    def _filters(self, names: dict[str, str], f: RecordFilters) -> tuple[str | None, dict]:
        """SQL conditions on the index; None when a filter can match nothing (an unknown outlet)."""
        ids = None
        if f.outlets:
            ids = self._outlet_ids(names, f.outlets)
            if not ids:
                return None, {}
        return search_index.filter_sql(f, ids)

    @staticmethod
    def _outlet_ids(names: dict[str, str], wanted: list[str]) -> list[str]:
        keys = [" ".join(words(w)) for w in wanted]
        out = []
        for sid, name in names.items():
            folded = (" ".join(words(sid)), " ".join(words(name)))
            if any(k and (k == folded[0] or k in folded[1]) for k in keys):
                out.append(sid)
        return out

    def _candidates(self, conn: Connection, match: str | None, exclude: str | None, where: str, params: dict,
                    k: int, recent: bool = True) -> list[Any]:
        try:
            return search_index.candidates(conn, match, exclude, where, params, k, self.rank_window if recent else None)
        except search_index.IndexRefused:
            raise SearchSyntaxError("the search index could not run this query; simplify it", 0, match) from None

    # hits --------------------------------------------------------------------------------------

    def _hits(self, conn: Connection, parsed: ParsedQuery, groups: list[list[Any]], names: dict[str, str],
              canon: dict[str, str]) -> list[Hit]:
        """canon: printed speaker → its record's canonical name: a hit shows the speaker, not the spelling."""
        if not groups:
            return []
        match_stems: set[str] = set()
        prefixes: list[str] = []
        if parsed.expr is not None:
            _positive_stems(parsed.expr, match_stems, prefixes)
        keys = sorted({g[0].group_key for g in groups})
        members: dict[str, set[int]] = {}
        copies: dict[str, int] = {}
        arts: dict[int, Any] = {}
        # every article printing one of these claims (each hit's own row is among them)
        for r in search_index.claim_members(conn, keys):
            members.setdefault(r.group_key, set()).add(r.id)
            copies[r.group_key] = copies.get(r.group_key, 0) + 1
            arts[r.id] = r
        art_ids = sorted(arts)
        carried = search_index.carriers(conn, art_ids)
        hits = []
        for g in groups:
            r = g[0]
            art = arts.get(r.article_id)
            first = names.get(r.source_id, r.source_id)
            outlet_ids = set()
            for aid in members.get(r.group_key, {r.article_id}):
                if aid in arts:
                    outlet_ids.add(arts[aid].source_id)
                outlet_ids |= carried.get(aid, set())
            others = sorted({names.get(s, s) for s in outlet_ids} - {first})
            topics = tuple(TopicLabel(t.get("topic", ""), float(t.get("score") or 0), t.get("stance", ""),
                                      t.get("assessment", ""), tuple(t.get("evidence") or ()))
                           for t in json.loads(r.topics or "[]"))
            hits.append(Hit(
                id=r.id, kind=r.kind, text=r.text, highlight=tuple(highlight(r.text, match_stems, tuple(prefixes))),
                article_id=r.article_id, article_title=art.title if art else "", article_url=art.url if art else "",
                outlet=first, outlets=(first, *others), published=datetime.fromtimestamp(r.published, timezone.utc),
                score=round(float(r.score), 4), speaker=canon.get(r.speaker, r.speaker) if r.speaker else r.speaker,
                speaker_printed=r.speaker, speaker_role=r.speaker_role,
                speaker_org=r.speaker_org, value=r.value, unit=r.unit, unit_word=r.unit_word, subject=r.subject,
                topics=topics, duplicates=max(0, copies.get(r.group_key, 1) - 1),
                article_kind=(art.kind if art else None) or "article"))
        return hits

    def _facets(self, names: dict[str, str], rows: list[Any], canon: dict[str, str]) -> list[Facet]:
        """Facet values among the top candidates (cheap, and what the analyst is looking at); speakers by
        their record's canonical name."""
        counts: dict[tuple[str, str], int] = {}

        def add(key: str, value: str | None) -> None:
            if value:
                counts[(key, value)] = counts.get((key, value), 0) + 1

        for r in rows:
            add("speaker", canon.get(r.speaker, r.speaker) if r.speaker else None)
            add("org", r.speaker_org)
            add("outlet", names.get(r.source_id, r.source_id))
            add("kind", r.kind)
            for t in json.loads(r.topics or "[]"):
                add("topic", t.get("topic"))
                add("stance", t.get("stance"))
        ranked = sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
        out, per_key = [], {}
        for (key, value), n in ranked:
            if per_key.get(key, 0) < 8:
                out.append(Facet(key, value, n))
                per_key[key] = per_key.get(key, 0) + 1
        return out


def _group(rows: list[Any]) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {}
    for r in rows:
        groups.setdefault(r.group_key, []).append(r)
    return groups


def hit_json(hit: Hit, tz: str = "Asia/Jakarta") -> dict:
    """A hit as the API and `monitor search --format json` print it."""
    from zoneinfo import ZoneInfo

    return {
        "id": hit.id, "kind": hit.kind, "text": hit.text, "highlight_html": hit.highlight_html(),
        "speaker": hit.speaker, "speaker_printed": hit.speaker_printed, "speaker_role": hit.speaker_role,
        "speaker_org": hit.speaker_org,
        "value": hit.value, "unit": hit.unit, "unit_word": hit.unit_word, "subject": hit.subject,
        "topics": [{"topic": t.topic, "score": t.score, "stance": t.stance, "assessment": t.assessment} for t in hit.topics],
        "article_id": hit.article_id, "article_title": hit.article_title, "article_url": hit.article_url,
        "article_kind": hit.article_kind,
        "outlet": hit.outlet, "outlets": list(hit.outlets), "published": hit.published.isoformat(),
        "published_local": hit.published.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M %Z"),
        "score": hit.score, "duplicates": hit.duplicates,
    }


__all__ = ["Facet", "Hit", "SearchEngine", "SearchPage", "SearchSyntaxError", "hit_json"]
