"""The article's whole text: trafilatura on a page first made legible to it (pure: no I/O).

Indonesian outlets often put the lead paragraph ("Jakarta, Kompas.com - …")
directly in the article container or between <br> tags, not in a <p>, and
trafilatura drops such loose text. So loose inline runs are wrapped in <p>
before extraction, boilerplate blocks (share bars, "Baca juga" boxes, related
lists, tags) are pruned by selector, and the lines left over are cleaned by
rules that look at a whole line's shape, never at its first word alone.
"""
from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

INLINE = {"a", "b", "strong", "i", "em", "u", "span", "font", "small", "sup", "sub", "abbr", "cite", "q", "mark",
          "time", "label", "s", "del", "ins", "code", "big"}
_CONTAINERS = ("div", "article", "section", "main", "td", "span")
# Generic boilerplate blocks, by class or id words (outlets' own extra selectors come from outlets.yaml).
GENERIC_PRUNE = [
    '//*[contains(concat(" ", normalize-space(@class), " "), " baca-juga ") or contains(@class,"bacajuga")'
    ' or contains(@class,"baca_juga") or contains(@class,"read-also") or contains(@class,"readalso")'
    ' or contains(@class,"related") or contains(@id,"related") or contains(@class,"terkait")'
    ' or contains(@class,"share") or contains(@class,"social") or contains(@class,"sosmed")'
    ' or contains(@class,"breadcrumb") or contains(@class,"tags") or contains(@class,"tag-list")'
    ' or contains(@class,"komentar") or contains(@class,"comment") or contains(@id,"comment")'
    ' or contains(@class,"newsletter") or contains(@class,"banner") or contains(@class,"ads ")'
    ' or contains(@class,"advert") or contains(@class,"populer") or contains(@class,"popular")'
    ' or contains(@class,"terpopuler") or contains(@class,"rekomendasi") or contains(@class,"lainnya")'
    ' or contains(@class,"caption") or contains(@class,"copyright")][not(self::body or self::html or self::article)]',
    "//figcaption|//figure|//aside|//nav|//footer|//form|//iframe|//noscript",
]
_LINE_DROP = re.compile(
    r"^\s*(?:\[?\s*(?:baca|lihat|simak|tonton|saksikan)\s+(?:juga|pula|video|selengkapnya|berita)\b.*"
    r"|\[gambas:.*|advertisement|scroll to (?:continue|resume).*|load more.*|iklan"
    r"|(?:artikel|berita)\s+(?:terkait|lainnya|selanjutnya)\b.*"
    r"|(?:pewarta|penulis|editor|reporter|redaktur|penyunting|sumber|foto|photo|video|fotografer|ilustrasi)\s*:.{0,80}"
    r"|.{0,40}(?:copyright|hak cipta|all rights reserved|©).{0,80}"
    r"|\(?[a-z]{2,6}/[a-z]{2,6}\)?|-{3,}|_{3,}|\*{3,}"
    r"|home\s*>.*|tags?\s*:.*|topik\s*:.*"
    r")\s*$", re.I)
_TRAILING_CREDIT = re.compile(r"^\(\s*[a-z]{2,6}(?:\s*/\s*[a-z]{2,6})*\s*\)$", re.I)


def wrap_loose_text(root: lxml.html.HtmlElement, min_chars: int = 40) -> None:
    """Put text that sits directly in a container (between <br>s or beside <p>s) into <p> elements,
    so the extractor sees it as the paragraph it is."""
    for el in list(root.iter(*_CONTAINERS)):
        children = list(el)
        if el.tag == "span" and not any(isinstance(c.tag, str) and c.tag in ("p", "div", "br") for c in children):
            continue
        loose = len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in children)
        if loose < min_chars:
            continue
        out: list = []
        cur = el.makeelement("p", {})

        def flush():  # noqa: ANN202
            nonlocal cur
            if cur.text_content().strip():
                out.append(cur)
            else:
                out.extend(list(cur))
            cur = el.makeelement("p", {})

        cur.text = el.text
        el.text = None
        for c in children:
            tail, c.tail = c.tail, None
            el.remove(c)
            tag = c.tag.lower() if isinstance(c.tag, str) else None
            if tag == "br":
                flush()
            elif tag in INLINE:
                cur.append(c)
            else:
                flush()
                out.append(c)
            if tail:
                if len(cur):
                    cur[-1].tail = (cur[-1].tail or "") + tail
                else:
                    cur.text = (cur.text or "") + tail
        flush()
        for x in out:
            el.append(x)


def _holds_article(el: lxml.html.HtmlElement) -> bool:
    """A block with several long paragraphs is the article (or holds it), whatever its class says."""
    long = [p for p in el.iter("p") if len(p.text_content()) > 150]
    return len(long) >= 3


def prune(root: lxml.html.HtmlElement, xpaths: list[str], guard: bool = True) -> None:
    for xp in xpaths:
        try:
            found = root.xpath(xp)
        except etree.XPathError:
            continue
        for el in found:
            if isinstance(el, lxml.html.HtmlElement) and el.getparent() is not None:
                if guard and _holds_article(el):
                    continue
                el.drop_tree()


def clean_lines(text: str, title: str = "", dates: tuple[str, ...] = ()) -> str:
    """Paragraphs separated by a blank line; a line goes only when its whole shape is boilerplate."""
    out: list[str] = []
    tnorm = re.sub(r"\W+", " ", title).strip().lower()
    for line in text.replace("\r", "").split("\n"):
        line = re.sub(r"[ \t\xa0]+", " ", line).strip()
        if not line or _LINE_DROP.match(line):
            continue
        low = re.sub(r"\W+", " ", line).strip().lower()
        if tnorm and low == tnorm:
            continue
        if len(line) < 80 and not re.search(r"[.!?\"”]$", line) and any(d and d.lower() in line.lower() for d in dates):
            continue  # the byline or date line printed above the text
        out.append(line)
    # a trailing line that is a single short link-like label ("Load More...", "(FHM)") is not prose
    while out and (_TRAILING_CREDIT.match(out[-1]) or (len(out[-1].split()) <= 3 and not out[-1].endswith((".", "”", '"')))):
        out.pop()
    return "\n\n".join(out)


def extract_body(tree: lxml.html.HtmlElement, url: str, prune_xpaths: list[str], title: str = "",
                 dates: tuple[str, ...] = (), favor: str = "balanced") -> str:
    """Main text of a page tree (the tree is changed)."""
    prune(tree, GENERIC_PRUNE)
    prune(tree, prune_xpaths, guard=False)
    wrap_loose_text(tree)
    text = trafilatura.extract(tree, url=url, include_comments=False, include_tables=False, deduplicate=False,
                               favor_precision=favor == "precision", favor_recall=favor == "recall",
                               with_metadata=False) or ""
    return clean_lines(text, title, dates)
