"""Page metadata: JSON-LD, meta tags, the headline and the byline (pure: no I/O).

Structured data is read first because outlets fill it from their CMS; what is
printed near the <h1> comes next, because that is what a reader sees. Nothing
is read from script, style, nav, header or footer text: site headers print
"today", scripts hold URLs full of digits, and footers list other stories.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html

from monitor.extract.dates import _DAYS, _MONTHS, PRINTED_DATE, Stamp, match_stamp, parse_stamp, plausible

HIDDEN = {"script", "style", "noscript", "nav", "header", "footer", "head", "template", "svg", "iframe", "form",
          "select", "button", "aside"}
_DATE_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
              "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "content_publisheddate",
              "dtk:publishdate", "parsely-pub-date", "sailthru.date", "date")
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "webpage", "photograph", "imagegallery", "videoobject", "mediagallery"}
LABEL = re.compile(r"^\s*(?:oleh|by|pewarta|penulis|reporter|reporters|wartawan|jurnalis|kontributor|author|editor|"
                   r"redaktur|penyunting|laporan)\b\s*[:\-–]?\s*", re.I)
_LABEL_END = re.compile(r"\s*[,\-–|]?\s*\b(?:jurnalis|reporter|wartawan|kontributor|penulis|pewarta|editor)\s*$", re.I)
_NOT_NAME = re.compile(r"(;|@|\d|https?:|www\.|\.com|\.id\b|\bpt\b|\bcv\b|\bmedia\b|\bcyber\b|\bredaksi\b|\btim\b|"
                       r"\bnews\b|\bonline\b|\bdesign\b|\bdevelopment\b|\badmin\b|\bwebmaster\b|\bstaff\b|\bdigital\b|"
                       r"\bfacebook\b|\btwitter\b|\binstagram\b|\byoutube\b|\btiktok\b|\bwhatsapp\b|\bline\b|\bcredits?\b|"
                       r"\bdok\b|\bfoto\b|\bphoto\b|\bgetty\b|\breuters\b|\bafp\b|\bap\b|\bwire\b|\bshutterstock\b|"
                       r"\bistock\b|\bilustrasi\b|\bsumber\b|\bhumas\b|\bistimewa\b|\bdokumentasi\b|\bberita\b)",
                       re.I)


@dataclass
class PageMeta:
    title: str = ""
    title_source: str = ""
    site_name: str = ""
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    structured: list[tuple[str, Stamp]] = field(default_factory=list)  # (json-ld|meta|time, stamp)
    byline: Stamp | None = None
    byline_near: bool = False  # printed right under the headline
    implausible: list[Stamp] = field(default_factory=list)  # dates before 1990 or in the future
    jsonld_types: set[str] = field(default_factory=set)
    og_type: str = ""
    h1: lxml.html.HtmlElement | None = None


def _walk_jsonld(obj, out: list[dict]) -> None:  # noqa: ANN001
    if isinstance(obj, list):
        for o in obj:
            _walk_jsonld(o, out)
    elif isinstance(obj, dict):
        out.append(obj)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(obj.get(key), (list, dict)):
                _walk_jsonld(obj[key], out)


def jsonld_objects(tree: lxml.html.HtmlElement) -> list[dict]:
    out: list[dict] = []
    for el in tree.iter("script"):
        if (el.get("type") or "").lower().strip() != "application/ld+json" or not el.text:
            continue
        try:
            _walk_jsonld(json.loads(el.text.strip().rstrip(";"), strict=False), out)
        except ValueError:
            continue
    return out


def _types(obj: dict) -> set[str]:
    t = obj.get("@type") or []
    return {x.lower() for x in ([t] if isinstance(t, str) else t) if isinstance(x, str)}


def _names(value) -> list[tuple[str, bool]]:  # noqa: ANN001
    """(name, is_person) pairs of a JSON-LD author/publisher value."""
    out = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, str):
            out.append((v, True))
        elif isinstance(v, dict) and isinstance(v.get("name"), str):
            out.append((v["name"], "organization" not in _types(v) and "newsmediaorganization" not in _types(v)))
    return out


def visible_text(el: lxml.html.HtmlElement) -> str:
    """Text of an element without its hidden parts (scripts, nav, header …)."""
    parts: list[str] = []

    def walk(e):  # noqa: ANN001
        if isinstance(e.tag, str) and e.tag.lower() in HIDDEN:
            return
        if isinstance(e.tag, str) and e.text:
            parts.append(e.text)
        for c in e:
            walk(c)
            if c.tail:
                parts.append(c.tail)

    walk(el)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def _hidden(el: lxml.html.HtmlElement) -> bool:
    for a in el.iterancestors():
        if isinstance(a.tag, str) and a.tag.lower() in HIDDEN:
            return True
    return False


def norm_space(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\xa0", " ")).strip()


def host_words(url: str) -> set[str]:
    host = (urlsplit(url).hostname or "").lower()
    return {p for p in host.split(".") if p not in ("www", "m", "com", "co", "id", "net", "org", "or", "go", "amp") and len(p) > 2}


def strip_affixes(title: str, site_names: list[str], hosts: set[str]) -> str:
    """Drop " - Kompas.com Regional", " | Republika Online", "KapanLagi.com: " and the like: any
    separated part that names the site."""
    title = norm_space(title)
    site = [s.lower() for s in site_names if s]

    def is_site(part: str) -> bool:
        p = part.lower().strip(" .:")
        if not p:
            return True
        if any(s and (s in p or p in s) for s in site):
            return True
        words = re.findall(r"[a-z0-9]+", p)
        return any(h in p.replace(" ", "") for h in hosts) and len(words) <= 4

    changed = True
    while changed:
        changed = False
        m = re.match(r"^\s*([\w.\- ]{2,40}?(?:\.com|\.co\.id|\.id|\.net)?)\s*[:|\-–—»]\s+(.+)$", title)
        if m and is_site(m.group(1)) and len(m.group(2)) > 10:
            title, changed = m.group(2), True
            continue
        m = re.match(r"^(.+?)\s+[|\-–—:»•·]\s+([^|\-–—»•·]{2,60})$", title) or re.match(r"^(.+?)\s*[|»•]\s*([^|»•]{2,60})$", title)
        if m and is_site(m.group(2)) and len(m.group(1)) > 10:
            title, changed = m.group(1).strip(), True
    return title


def _find_h1(tree: lxml.html.HtmlElement, candidates: list[str]) -> lxml.html.HtmlElement | None:
    """The headline element: the h1 (or h2/h3) whose text is the title the page declares (JSON-LD
    headline, og:title, <title>, affixes removed); else the first visible h1 that is not the site's name."""
    cands = [norm_space(c).lower() for c in candidates if c]
    best, best_score = None, 0.0
    fallback = None  # position only (the byline is looked for near it), never the title
    for tag in ("h1", "h2", "h3"):
        for el in tree.iter(tag):
            t = norm_space(el.text_content()).lower()
            if len(t) < 8:
                continue
            score = 0.0
            for c in cands:
                if t == c:
                    score = max(score, 3.0 if tag == "h1" else 2.5)
                elif (t in c or c in t) and min(len(t), len(c)) >= 0.6 * max(len(t), len(c)):
                    score = max(score, (2.0 if tag == "h1" else 1.0) * min(len(t), len(c)) / max(len(t), len(c)))
            if score > best_score:
                best, best_score = el, score
            if tag == "h1" and fallback is None and not _hidden(el) and not any(t in c for c in cands):
                fallback = el
    return best if best is not None else fallback


def read_meta(tree: lxml.html.HtmlElement, url: str, default_tz: str, site_names: tuple[str, ...] = ()) -> PageMeta:
    pm = PageMeta()
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower().strip()
        if key and el.get("content") and key not in metas:
            metas[key] = el.get("content").strip()
    pm.og_type = metas.get("og:type", "").lower()
    headline = ""
    ld_authors: list[tuple[str, bool]] = []
    publishers: list[str] = []
    for obj in jsonld_objects(tree):
        types = _types(obj)
        pm.jsonld_types |= types
        if types & _ARTICLE_TYPES or "datePublished" in obj:
            if isinstance(obj.get("headline"), str) and not headline:
                headline = obj["headline"]
            st = parse_stamp(obj.get("datePublished") if isinstance(obj.get("datePublished"), str) else None, default_tz)
            if st and plausible(st.when):
                pm.structured.append(("json-ld", st))
            elif st:
                pm.implausible.append(st)
            if obj.get("author"):
                ld_authors += _names(obj["author"])
        if obj.get("publisher"):
            publishers += [n for n, _ in _names(obj["publisher"])]
        if types & {"organization", "newsmediaorganization", "website"} and isinstance(obj.get("name"), str):
            publishers.append(obj["name"])
    for key in _DATE_KEYS:
        st = parse_stamp(metas.get(key), default_tz)
        if st and plausible(st.when):
            pm.structured.append(("meta", st))
            break
        if st:
            pm.implausible.append(st)
    for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]|//time[@datetime]'):
        st = parse_stamp(el.get("datetime") or el.get("content") or el.text_content(), default_tz)
        if st and plausible(st.when):
            pm.structured.append(("meta", st))
            break
    pm.site_name = metas.get("og:site_name", "") or metas.get("application-name", "")
    names = [pm.site_name, *publishers, *site_names]
    hosts = host_words(url)
    title_el = tree.find(".//title")
    page_title = norm_space(title_el.text_content()) if title_el is not None else ""
    og = metas.get("og:title") or metas.get("twitter:title") or ""
    h1 = _find_h1(tree, [x for c in (headline, og, page_title) if c for x in (c, strip_affixes(c, names, hosts))])
    pm.h1 = h1
    h1_text = norm_space(h1.text_content()) if h1 is not None else ""
    declared = [c for c in (headline, og, page_title) if c]
    matched = h1_text and any(h1_text.lower() in c.lower() or c.lower() in h1_text.lower() for c in declared)
    # The headline as printed when it is the declared title; a lone <h1> may be the site's logo.
    h1_title = h1_text if matched or not declared else ""
    for source, cand in (("h1", h1_title), ("json-ld", headline), ("og:title", og), ("title", page_title)):
        cand = strip_affixes(cand, names, hosts) if cand else ""
        if len(cand) >= 8:
            pm.title, pm.title_source = cand, source
            break
    pm.byline, pm.byline_near = _byline_date(tree, h1, default_tz)
    pm.authors, pm.editor = _authors(tree, h1, metas, ld_authors, names, hosts)
    return pm


def _article_header(e: lxml.html.HtmlElement, h1: lxml.html.HtmlElement | None) -> bool:
    """An article's own <header> (headline and byline), unlike the site's."""
    if e.tag.lower() != "header":
        return False
    if h1 is not None and any(a is e for a in h1.iterancestors()):
        return True
    return any(isinstance(a.tag, str) and a.tag.lower() == "article" for a in e.iterancestors())


def _text_runs(tree: lxml.html.HtmlElement, h1: lxml.html.HtmlElement | None) -> tuple[str, int]:
    """The page's visible text in document order and the offset where the headline starts."""
    parts: list[str] = []
    pos = [0, -1]

    def add(s: str | None) -> None:
        if s and s.strip():
            parts.append(s)
            pos[0] += len(s) + 1

    def walk(e):  # noqa: ANN001
        if not isinstance(e.tag, str) or e.tag.lower() in HIDDEN and not _article_header(e, h1):
            return
        if e is h1:
            pos[1] = pos[0]
        add(e.text)
        for c in e:
            walk(c)
            add(c.tail)

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    return " ".join(parts), pos[1]


def _byline_date(tree: lxml.html.HtmlElement, h1: lxml.html.HtmlElement | None,
                 default_tz: str) -> tuple[Stamp | None, bool]:
    """The printed date nearest the headline (one with a time of day first, after the headline first),
    and whether it sits right under the headline, where bylines are."""
    text, at = _text_runs(tree, h1)
    best: tuple[float, Stamp] | None = None
    for m in PRINTED_DATE.finditer(text):
        st = match_stamp(m, default_tz)
        if st is None or not plausible(st.when):
            continue
        if at >= 0:
            dist = m.start() - at
            cost = dist if dist >= 0 else 3 * -dist  # a date above the headline is usually the site's "today"
        else:
            cost = m.start()
        if not st.has_time:
            cost += 100000
        if _UPDATED.search(text[max(0, m.start() - 30):m.start()]):
            cost += 50000  # "Diperbarui 5 Des 2026 15:00": the update, not the publication
        if best is None or cost < best[0]:
            best = (cost, st)
    if best is None:
        return None, False
    return best[1], at >= 0 and best[0] <= BYLINE_REACH


def clean_name(name: str) -> str:
    name = norm_space(_LABEL_END.sub("", LABEL.sub("", norm_space(name))))
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "Ahmad (ant)"
    name = name.strip(" ,.-–|:")
    if name.isupper() and len(name) > 3:  # "NABILLA TASHANDRA" printed in capitals
        name = name.title()
    return name


_CALENDAR_WORD = re.compile(rf"(?:{_DAYS}|{_MONTHS})\.?", re.I)


def _is_person(name: str, publishers: list[str], hosts: set[str]) -> bool:
    low = name.lower()
    if not (3 <= len(name) <= 60) or _NOT_NAME.search(name) or len(name.split()) > 5:
        return False
    if _CALENDAR_WORD.fullmatch(name):  # "Kamis" of "Kamis, 26 November 2026" in a byline: the date, not a writer
        return False
    if any(p and (p.lower() in low or low in p.lower()) for p in publishers):
        return False
    if any(h in low.replace(" ", "") for h in hosts):
        return False
    return any(c.isupper() for c in name)


_WRITER_LABEL = r"pewarta|penulis|reporter|rep|wartawan|jurnalis|kontributor|oleh|by|penulis berita|laporan wartawan [\w.]+"
_EDITOR_LABEL = r"editor|redaktur|red|penyunting|editing"
_LABELLED = re.compile(rf"^\s*(?:({_EDITOR_LABEL})|({_WRITER_LABEL}))\b\s*[:\-–]?\s*(.*)$", re.I)
_BYLINE_CLASS = re.compile(r"author|penulis|reporter|byline|editor|writer|credit|pewarta", re.I)
_LABEL_WORD = re.compile(rf"\b(?:{_EDITOR_LABEL}|{_WRITER_LABEL})\b", re.I)
BYLINE_REACH = 600  # characters of page text from the headline's start within which a byline sits
_UPDATED = re.compile(r"diperbarui|diperbaharui|update|diubah|modified", re.I)
_PICTURE = re.compile(r"photo|foto|caption|image|img|gambar|pic", re.I)
_LABEL_START = re.compile(rf"^\s*(?:{_EDITOR_LABEL}|{_WRITER_LABEL})\s*:", re.I)


def _segments(el: lxml.html.HtmlElement) -> list[str]:
    """An element's text cut at every tag boundary and at " / ", " - ", "|": a byline's parts."""
    parts: list[str] = []

    def walk(e):  # noqa: ANN001
        if isinstance(e.tag, str) and e.tag.lower() in ("script", "style"):
            return
        parts.append(e.text or "")
        for c in e:
            parts.append("|")
            walk(c)
            parts.append("|")
            parts.append(c.tail or "")

    walk(el)
    text = norm_space("".join(parts))
    return [p.strip(" ,;.") for p in re.split(r"\s*(?:\||/|\s[-–—]\s|•)\s*", text) if p.strip(" ,;.")]


def _split_names(s: str) -> list[str]:
    return [clean_name(p) for p in re.split(r"\s*(?:,|&|\band\b|\bdan\b)\s*", s) if clean_name(p)]


def _authors(tree, h1, metas, ld_authors, publishers, hosts) -> tuple[list[str], str | None]:  # noqa: ANN001
    """Writers as a list of names; the editor apart; publishers and site names never."""
    found: list[str] = []
    editor: str | None = None
    blocks = []
    for el in tree.iter("p", "div", "span", "small", "strong", "b", "a", "li", "td"):
        if el.get("itemprop") == "author" or el.get("rel") == "author" \
                or _BYLINE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            blocks.append(el)
            continue
        first = el.text if el.text and el.text.strip() else (el[0].text if len(el) and el[0].text else "")
        if first and _LABEL_START.match(first):
            blocks.append(el)
    seen: set = set()
    for el in blocks:
        if el in seen or _hidden(el) or len(el.text_content()) > 200 or _PICTURE.search(el.get("class") or "") \
                or el.find(".//img") is not None:
            continue  # photo credits name the photographer, not the writer
        if "credit" in (el.get("class") or "") and not _LABEL_WORD.search(el.text_content()):
            continue  # a credits list without roles says nothing of who wrote
        seen.add(el)
        pending = None
        for seg in _segments(el):
            m = _LABELLED.match(seg)
            if m:
                rest = m.group(3).strip()
                if m.group(1):
                    editor = editor or (clean_name(rest) if rest else None)
                    pending = None if rest else "editor"
                else:
                    pending = None if rest else "writer"
                    if rest:
                        found += [n for n in _split_names(rest) if _is_person(n, publishers, hosts)]
                continue
            if pending == "editor":
                editor = editor or (clean_name(seg) if _is_person(clean_name(seg), publishers, hosts) else None)
            else:
                found += [n for n in _split_names(seg) if _is_person(n, publishers, hosts)]
            pending = None
    for name, person in ld_authors:
        if person:
            found += [n for n in _split_names(name) if _is_person(n, publishers, hosts)]
    if not found and metas.get("author"):
        found = [n for n in _split_names(metas["author"]) if _is_person(n, publishers, hosts)]
    out: list[str] = []
    for n in found:
        if n != editor and n not in out and not any(n != o and n in o for o in found):
            out.append(n)
    return out[:6], editor
