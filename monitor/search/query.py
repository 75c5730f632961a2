"""The analyst's query language: words, "phrases", AND/OR/NOT, prefix*, filters.

Hand-written recursive descent rather than a grammar library because every
error must say exactly where the query went wrong ("unterminated phrase at
position 12"), in words an analyst understands, never a parser trace.

    rantai pasok org:kadin since:2026-03-01
    "share of PDB" OR "kontribusi terhadap PDB" kind:figure value:>50
    speaker:"Teten Masduki" KUR -bunga

Filters on words of the claim (speaker:, org:, topic:, stance:, assessment:)
may sit anywhere in the boolean expression; filters on the claim's record
(kind:, unit:, value:, outlet:, since:, until:) narrow the whole query and so
belong at its top level.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from monitor.errors import MonitorError
from monitor.types import RecordFilters

TEXT_FILTERS = ("speaker", "org", "topic", "stance", "assessment")
RECORD_FILTERS = ("kind", "unit", "value", "outlet", "since", "until")
FILTERS = TEXT_FILTERS + RECORD_FILTERS

STANCES = {"pro": "pro", "mendukung": "pro", "support": "pro", "contra": "contra", "kontra": "contra",
           "menolak": "contra", "against": "contra", "neutral": "neutral", "netral": "neutral"}
ASSESSMENTS = {"positive": "positive", "positif": "positive", "negative": "negative", "negatif": "negative",
               "neutral": "neutral", "netral": "neutral"}
KINDS = {"quote": "quote", "kutipan": "quote", "figure": "figure", "angka": "figure", "title": "title", "judul": "title"}
UNITS = {"percent": "percent", "persen": "percent", "%": "percent", "idr": "idr", "rupiah": "idr", "rp": "idr",
         "usd": "usd", "dolar": "usd", "dollar": "usd", "count": "count", "other": "other"}


class SearchSyntaxError(MonitorError):
    """A malformed query; `position` is the 0-based character offset of the problem."""

    def __init__(self, message: str, position: int, query: str = ""):
        super().__init__(f"{message} (at position {position})")
        self.message = message
        self.position = position
        self.query = query

    def line(self) -> str:
        """What is wrong and where, on one line (an operator's error: `error: …`, exit 2); the web page
        draws a caret from `position` instead."""
        from monitor import display

        if self.position >= len(self.query):
            return f"{self.message} (at the end of the query)"
        near = " ".join(self.query[self.position:].split())  # no line breaks from the query
        near = near if len(near) <= 20 else near[:20] + "…"
        return f"{self.message} (at character {display.number(self.position + 1, 'en', 0)} of the query: {near!r})"


# --- syntax tree ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    text: str
    pos: int
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class Field:
    """A filter on one indexed column (speaker, org) or on facet tags (topic, stance, assessment)."""

    key: str
    value: str
    pos: int
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class Not:
    child: "Node"
    pos: int


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


Node = Term | Field | Not | And | Or


@dataclass
class ParsedQuery:
    text: str
    expr: Node | None  # None: no word conditions (filters only, or empty)
    filters: RecordFilters


@dataclass(frozen=True)
class _RecordFilter:
    key: str
    value: str
    pos: int


# --- tokens ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD PHRASE FILTER LPAREN RPAREN AND OR NOT MINUS
    pos: int
    text: str = ""
    key: str = ""
    phrase: bool = False


_OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT", "&&": "AND", "||": "OR"}
_STOP = set(' \t\r\n()"')


def _lex(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c == "(":
            toks.append(_Tok("LPAREN", i))
            i += 1
        elif c == ")":
            toks.append(_Tok("RPAREN", i))
            i += 1
        elif c == '"':
            end = q.find('"', i + 1)
            if end < 0:
                raise SearchSyntaxError('unterminated phrase: add the closing "', i, q)
            toks.append(_Tok("PHRASE", i, q[i + 1:end], phrase=True))
            i = end + 1
        elif c == "-" and i + 1 < n and not q[i + 1].isspace() and q[i + 1] not in "-)" and (not toks or i == 0 or q[i - 1].isspace() or q[i - 1] == "("):
            toks.append(_Tok("MINUS", i))
            i += 1
        else:
            j = i
            while j < n and q[j] not in _STOP:
                j += 1
            word = q[i:j]
            m = re.match(r"([A-Za-z]+):", word)
            if m:
                key = m.group(1).lower()
                if key not in FILTERS:
                    hint = difflib.get_close_matches(key, FILTERS, n=1)
                    tip = f"; did you mean {hint[0]}:?" if hint else ""
                    raise SearchSyntaxError(f"unknown filter '{m.group(1)}:'{tip} (filters: {', '.join(f + ':' for f in FILTERS)})", i, q)
                rest = word[m.end():]
                if not rest and j < n and q[j] == '"':
                    end = q.find('"', j + 1)
                    if end < 0:
                        raise SearchSyntaxError('unterminated phrase: add the closing "', j, q)
                    value = q[j + 1:end]
                    if not value.strip():
                        raise SearchSyntaxError(f"empty value after {key}:", j, q)
                    toks.append(_Tok("FILTER", i, value, key=key, phrase=True))
                    i = end + 1
                    continue
                if not rest:
                    raise SearchSyntaxError(f"{key}: needs a value, e.g. {_example(key)}", i + m.end(), q)
                toks.append(_Tok("FILTER", i, rest, key=key))
            elif word in _OPERATORS:
                toks.append(_Tok(_OPERATORS[word], i, word))
            else:
                toks.append(_Tok("WORD", i, word))
            i = j
    return toks


def _example(key: str) -> str:
    return {"speaker": 'speaker:"Teten Masduki"', "org": "org:kadin", "topic": "topic:financial_inclusion",
            "stance": "stance:pro", "assessment": "assessment:negative", "kind": "kind:quote", "unit": "unit:percent",
            "value": "value:>50", "outlet": "outlet:kompas", "since": "since:2026-03-01 or since:7d",
            "until": "until:2026-06-30"}[key]


# --- parser ------------------------------------------------------------------------------------

class _Parser:
    def __init__(self, q: str, toks: list[_Tok]):
        self.q, self.toks, self.i = q, toks, 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def error(self, message: str, pos: int) -> SearchSyntaxError:
        return SearchSyntaxError(message, pos, self.q)

    def parse(self) -> Node | _RecordFilter | None:
        if not self.toks:
            return None
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            if tok.kind == "RPAREN":
                raise self.error("unmatched ')': no '(' opens it", tok.pos)
            raise self.error(f"unexpected {tok.text or tok.kind}", tok.pos)
        return node

    def no_term_before(self, kind: str) -> None:
        """A binary operator may not open the query or a group."""
        tok = self.peek()
        if tok is not None and tok.kind == kind:
            raise self.error(f"{kind} needs a term before it", tok.pos)

    def operator(self, tok: _Tok, name: str) -> None:
        """Consume operator `tok`; a term must follow it (not the end, another binary operator or ')')."""
        self.i += 1
        nxt = self.peek()
        if nxt is None or nxt.kind in ("OR", "AND", "RPAREN"):
            raise self.error(f"{name} needs a term after it", tok.pos)

    def or_expr(self):
        self.no_term_before("OR")
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.operator(tok, "OR")
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self):
        self.no_term_before("AND")
        parts = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                self.operator(tok, "AND")
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self):
        tok = self.peek()
        if tok is not None and tok.kind in ("NOT", "MINUS"):
            self.operator(tok, "NOT" if tok.kind == "NOT" else "-")
            return Not(self.unary(), tok.pos)
        return self.atom()

    def atom(self):
        tok = self.peek()
        if tok is None:
            raise self.error("query ends where a term was expected", len(self.q))
        self.i += 1
        if tok.kind == "LPAREN":
            if (nxt := self.peek()) is not None and nxt.kind == "RPAREN":
                raise self.error("empty parentheses", tok.pos)
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != "RPAREN":
                raise self.error("'(' is never closed: add ')'", tok.pos)
            self.i += 1
            return node
        if tok.kind == "RPAREN":
            raise self.error("unmatched ')': no '(' opens it", tok.pos)
        if tok.kind == "PHRASE":
            if not re.search(r"[^\W_]", tok.text):
                raise self.error("empty phrase", tok.pos)
            return Term(tok.text, tok.pos, phrase=True)
        if tok.kind == "WORD":
            return _word(tok, self.q)
        if tok.kind == "FILTER":
            return _filter(tok, self.q)
        raise self.error(f"unexpected {tok.text}", tok.pos)


def _word(tok: _Tok, q: str) -> Term:
    text, prefix = tok.text, False
    if text.endswith("*"):
        text, prefix = text.rstrip("*"), True
        if not re.search(r"\w", text):
            raise SearchSyntaxError("* must follow the start of a word, e.g. pembiaya*", tok.pos, q)
    if "*" in text:
        raise SearchSyntaxError("* is allowed only at the end of a word", tok.pos + text.index("*"), q)
    if not re.search(r"[^\W_]", text):
        raise SearchSyntaxError(f"'{tok.text}' has no letters or digits to search for", tok.pos, q)
    return Term(text, tok.pos, prefix=prefix)


def _filter(tok: _Tok, q: str):
    key, value = tok.key, tok.text
    vpos = tok.pos + len(key) + 1
    if key in RECORD_FILTERS:
        return _RecordFilter(key, value, tok.pos)
    if key == "stance":
        if value.casefold() not in STANCES:
            raise SearchSyntaxError(f"stance must be pro, contra or neutral, not '{value}'", vpos, q)
        return Field(key, STANCES[value.casefold()], tok.pos)
    if key == "assessment":
        if value.casefold() not in ASSESSMENTS:
            raise SearchSyntaxError(f"assessment must be positive, negative or neutral, not '{value}'", vpos, q)
        return Field(key, ASSESSMENTS[value.casefold()], tok.pos)
    prefix = value.endswith("*") and not tok.phrase
    value = value.rstrip("*") if prefix else value
    if not re.search(r"[^\W_]", value):
        raise SearchSyntaxError(f"{key}: needs letters or digits, e.g. {_example(key)}", vpos, q)
    if key == "topic":
        prefix = True  # topic:umkm finds umkm_partnership
        value = topic_code(value)
    return Field(key, value, tok.pos, prefix=prefix, phrase=tok.phrase)


def _check_topics(node, topics: tuple[str, ...], q: str) -> None:  # noqa: ANN001
    if isinstance(node, Field) and node.key == "topic":
        want = "".join(re.findall(r"[^\W_]+", node.value.casefold()))
        if not any("".join(re.findall(r"[^\W_]+", t.casefold())).startswith(want) for t in topics):
            raise SearchSyntaxError(f"topic must be {', '.join(topics[:-1])} or {topics[-1]} (or their labels, e.g. "
                                    f"topic:inklusi), not '{node.value}'" if len(topics) > 1 else
                                    f"topic must be {topics[0]}, not '{node.value}'", node.pos + len("topic:"), q)
    elif isinstance(node, (And, Or)):
        for c in node.children:
            _check_topics(c, topics, q)
    elif isinstance(node, Not):
        _check_topics(node.child, topics, q)


def topic_code(value: str) -> str:
    """A topic as people name it, in the words the pages show ("inklusi", "kemitraan UMKM", "UMKM
    partnership") → its code (financial_inclusion); the start of a code, or an unknown word, is kept."""
    from monitor.i18n import catalog, languages

    def fold(s: str) -> list[str]:
        return re.findall(r"[^\W_]+", s.casefold())

    want = "".join(fold(value))
    if not want:
        return value
    labels = {(lang, k[len("topic."):]): v for lang in languages("labels")
              for k, v in catalog("labels", lang).items() if k.startswith("topic.")}
    if any("".join(fold(code)).startswith(want) for _lang, code in labels):
        return value
    found = {code for (_lang, code), label in labels.items()
             if "".join(fold(label)).startswith(want) or any(w.startswith(want) for w in fold(label))}
    return found.pop() if len(found) == 1 else value


# --- record filters ------------------------------------------------------------------------

_REL = re.compile(r"^(\d+)(d|h|w|m|y|hari|minggu|bulan|tahun)$")
_NUM = r"-?\d+(?:\.\d{3})*(?:[.,]\d+)?"
_VALUE = re.compile(rf"^(>=|<=|>|<|=)?({_NUM})$")
_RANGE = re.compile(rf"^({_NUM})\.\.({_NUM})$")


def _num(s: str) -> float:
    """Indonesian or English notation: 1.200 and 1.200,5 (dots group thousands), 2,5 and 2.5 (decimals)."""
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", s):
        s = s.replace(".", "")
    return float(s.replace(",", "."))


def _date(value: str, pos: int, q: str, *, end: bool, now: datetime, tz: ZoneInfo) -> datetime:
    try:
        return _date_or_overflow(value, pos, q, end=end, now=now, tz=tz)
    except OverflowError:  # since:99999999d, until:9999-12-31 …
        raise SearchSyntaxError(f"'{value}' is outside the calendar: use a date or span within years 1–9999", pos, q) from None


def _date_or_overflow(value: str, pos: int, q: str, *, end: bool, now: datetime, tz: ZoneInfo) -> datetime:
    v = value.casefold()
    m = _REL.match(v)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        days = {"d": 1, "hari": 1, "w": 7, "minggu": 7, "m": 30, "bulan": 30, "y": 365, "tahun": 365}.get(unit)
        delta = timedelta(hours=n) if unit == "h" else timedelta(days=n * days)
        return now - delta
    local_today = now.astimezone(tz).date()
    if v in ("today", "hariini"):
        d = local_today
    elif v in ("yesterday", "kemarin"):
        d = local_today - timedelta(days=1)
    else:
        try:
            if re.fullmatch(r"\d{4}", v):
                d = date(int(v), 12, 31) if end else date(int(v), 1, 1)
            elif re.fullmatch(r"\d{4}-\d{1,2}", v):
                y, mo = map(int, v.split("-"))
                first = date(y, mo, 1)
                d = (date(y + mo // 12, mo % 12 + 1, 1) - timedelta(days=1)) if end else first
            else:
                d = date.fromisoformat(v)
        except ValueError:
            raise SearchSyntaxError(f"'{value}' is not a date: use YYYY-MM-DD, YYYY-MM, YYYY or a span like 7d, 2w, 3m, 1y",
                                    pos, q) from None
    if end:
        d = d + timedelta(days=1)
    return datetime.combine(d, time(0), tz).astimezone(timezone.utc)


def _apply(f: _RecordFilter, out: RecordFilters, q: str, now: datetime, tz: ZoneInfo) -> None:
    vpos = f.pos + len(f.key) + 1
    if f.key in ("kind", "unit"):
        table = KINDS if f.key == "kind" else UNITS
        for v in f.value.split(","):
            if f.key == "kind" and v.casefold() not in table:
                raise SearchSyntaxError(f"kind must be quote, figure or title, not '{v}'", vpos, q)
            if f.key == "unit" and v.casefold() not in table:
                raise SearchSyntaxError(f"unit must be percent, idr, usd, count or other, not '{v}' "
                                        f"(to find a measure word, search the word itself)", vpos, q)
            (out.kinds if f.key == "kind" else out.units).add(table.get(v.casefold(), v.casefold()))
    elif f.key == "outlet":
        out.outlets.extend(v for v in f.value.split(",") if v)
    elif f.key == "value":
        v = f.value.replace(" ", "")
        if m := _RANGE.match(v):
            out.values += [(">=", _num(m.group(1))), ("<=", _num(m.group(2)))]
        elif m := _VALUE.match(v):
            out.values.append((m.group(1) or "=", _num(m.group(2))))
        else:
            raise SearchSyntaxError(f"value: needs a number with an optional comparison (>50, <=2.5, 10..20), not '{f.value}'", vpos, q)
    elif f.key == "since":
        d = _date(f.value, vpos, q, end=False, now=now, tz=tz)
        out.since = max(out.since, d) if out.since else d
    elif f.key == "until":
        d = _date(f.value, vpos, q, end=not _REL.match(f.value.casefold()), now=now, tz=tz)
        out.until = min(out.until, d) if out.until else d


def _hoist(toks: list[_Tok], q: str) -> list[_RecordFilter]:
    """Take record filters out of the token list: they narrow the whole query wherever they stand.

    `"share of PDB" OR kontribusi kind:figure` means figures matching either
    phrase; only a record filter that is itself an operand of OR or NOT is refused.
    """
    out: list[_RecordFilter] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "FILTER" and t.key in RECORD_FILTERS:
            prev = toks[i - 1].kind if i else None
            nxt = toks[i + 1].kind if i + 1 < len(toks) else None
            if prev in ("NOT", "MINUS"):
                raise SearchSyntaxError(f"{t.key}: cannot be negated; use since:/until:, value:<… or another value instead", t.pos, q)
            if prev == "OR" or nxt == "OR":
                raise SearchSyntaxError(f"{t.key}: narrows the whole query, so it cannot be an operand of OR", t.pos, q)
            if prev == "AND" and nxt in (None, "RPAREN", "AND"):
                del toks[i - 1]
                i -= 1
            elif nxt == "AND":
                del toks[i + 1]
            out.append(_RecordFilter(t.key, t.text, t.pos))
            del toks[i]
            continue
        i += 1
    return out


def _flatten(node):
    if isinstance(node, And):
        out = []
        for c in node.children:
            out.extend(_flatten(c))
        return out
    return [node]


def parse(query: str, *, now: datetime | None = None, tz: str = "Asia/Jakarta",
          topics: tuple[str, ...] | None = None) -> ParsedQuery:
    """Parse a query; raises SearchSyntaxError pointing at the first problem. With `topics` (the codes of
    the topics in use), a topic: value that is none of them, nor the start of one, is refused like
    stance:maybe (it could only find nothing)."""
    now = now or datetime.now(timezone.utc)
    if len(query) > 1000:
        raise SearchSyntaxError("query is longer than 1000 characters", 1000, query)
    filters = RecordFilters()
    toks = _lex(query)
    for f in _hoist(toks, query):
        _apply(f, filters, query, now, ZoneInfo(tz))
    root = _Parser(query, toks).parse()
    if topics is not None:
        _check_topics(root, topics, query)
    kept = _flatten(root) if root is not None else []
    if filters.since and filters.until and filters.since >= filters.until:
        raise SearchSyntaxError("since: is after until:, so nothing can match", query.find("since:"), query)
    expr = None if not kept else kept[0] if len(kept) == 1 else And(tuple(kept))
    return ParsedQuery(query, expr, filters)
