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

from monitor.text import READ_ALSO

INLINE = {"a", "b", "strong", "i", "em", "u", "span", "font", "small", "sup", "sub", "abbr", "cite", "q", "mark",
          "time", "label", "s", "del", "ins", "code", "big"}
_CONTAINERS = ("div", "article", "section", "main", "td", "span")
# Generic boilerplate blocks, by words of their class or id (outlets' own selectors come from outlets.yaml).
BOILER_WORDS = ("bacajuga", "baca_juga", "baca-juga", "read-also", "readalso", "related", "terkait", "share", "social",
                "sosmed", "breadcrumb", "tags", "tag-list", "komentar", "comment", "newsletter", "banner", "advert",
                "populer", "popular", "rekomendasi", "lainnya", "copyright", "sidebar", "box_right", "widget")
BOILER_TAGS = {"aside", "nav", "footer", "form", "iframe", "noscript"}
# Photo credits and captions are not the story of an article, but they are the text of a photo page.
CAPTION_TAGS = {"figcaption", "figure"}
_LINE_DROP = re.compile(
    rf"^\s*(?:{READ_ALSO}"
    r"|\[gambas:.*|advertisement|scroll to (?:continue|resume).*|load more.*|iklan"
    r"|(?:pewarta|penulis|editor|reporter|redaktur|penyunting|sumber|foto|photo|video|fotografer|ilustrasi)\s*:.{0,80}"
    r"|.{0,40}(?:copyright|hak cipta|all rights reserved|©).{0,80}"
    r"|\(?[a-z]{2,6}/[a-z]{2,6}\)?|-{3,}|_{3,}|\*{3,}"
    r"|home\s*>.*|tags?\s*:.*|topik\s*:.*"
    r")\s*$", re.I)
_BULLET = re.compile(r"^\s*(?:[-–•*·]|\d{1,2}[.)]|[a-z][.)])\s+\w")
_STAMPED = re.compile(r"^\W*(?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu)\s*,?\s*)?\d{1,2}[/ .-]\w{1,9}[/ .-]\d{2,4}"
                      r"[,\s|-]*\d{1,2}[:.]\d{2}", re.I)  # "Kamis, 05/11/2015 09:25 WIB Judul lain": a list item


_WS = re.compile(r"[ \t\r\n\f\v]+")


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
    """Remove the blocks the XPaths select (outlet rules), whatever they hold."""
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


def prune_generic(root: lxml.html.HtmlElement, captions: bool) -> None:
    """One pass over the tree: collapse source line wraps, and remove boilerplate blocks found by tag or
    by words of their class or id, except a block that holds the article whatever its class says."""
    tags = BOILER_TAGS if captions else BOILER_TAGS | CAPTION_TAGS
    words = BOILER_WORDS if captions else BOILER_WORDS + ("caption",)
    doomed = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("pre", "textarea", "script", "style"):
            continue
        if el.text and "\n" in el.text:
            el.text = _WS.sub(" ", el.text)
        if el.tail and "\n" in el.tail:
            el.tail = _WS.sub(" ", el.tail)
        if tag in ("html", "body", "article", ""):
            continue
        if tag in tags:
            doomed.append(el)
            continue
        cls, ident = el.get("class"), el.get("id")
        if cls or ident:
            names = f"{cls or ''} {ident or ''}".lower()
            if any(w in names for w in words) or " ads " in f" {names} ":
                doomed.append(el)
    for el in doomed:
        if el.getparent() is not None and not (el.tag not in tags and _holds_article(el)):
            el.drop_tree()


def clean_lines(text: str, title: str = "", dates: tuple[str, ...] = ()) -> str:
    """Paragraphs separated by a blank line; a line goes only when its whole shape is boilerplate."""
    out: list[str] = []
    tnorm = re.sub(r"\W+", " ", title).strip().lower()
    for line in text.replace("\r", "").split("\n"):
        line = re.sub(r"[ \t\xa0]+", " ", line).strip()
        if not line or _LINE_DROP.match(line) or not re.search(r"\w", line):
            continue
        low = re.sub(r"\W+", " ", line).strip().lower()
        if tnorm and low == tnorm:
            continue
        if len(line) < 80 and not re.search(r"[.!?\"”]$", line) and any(d and d.lower() in line.lower() for d in dates):
            continue  # the byline or date line printed above the text
        out.append(line)
    # Lines above the first and below the last paragraph of prose are bylines, date lines, related
    # lists and labels ("Load More...", "(FHM)"), not the story: the story is the prose and what lies between.
    return "\n\n".join(_main_block(out))


def _main_block(lines: list[str], gap: int = 4, share: float = 0.25) -> list[str]:
    """The story's lines: blocks of prose split where 4+ non-prose lines (a list of headlines, a
    footer) come between; the block with most prose, with its neighbours while they hold at least a
    quarter as much prose (an article goes on after its own bullet list; a footer paragraph does not)."""
    flags = [is_prose(l) for l in lines]
    if not any(flags):
        return lines
    blocks: list[list[int]] = []
    run = 0
    for i, f in enumerate(flags):
        if f:
            if not blocks or run >= gap:
                blocks.append([i, i])
            blocks[-1][1] = i
            run = 0
        elif not (_BULLET.match(lines[i]) and not _STAMPED.match(lines[i])):  # its own bullet list does not split an article
            run += 1
    weight = [sum(len(lines[i].split()) for i in range(a, b + 1) if flags[i]) for a, b in blocks]
    k = max(range(len(blocks)), key=weight.__getitem__)
    lo = hi = k
    while lo > 0 and weight[lo - 1] >= share * weight[k]:
        lo -= 1
    while hi < len(blocks) - 1 and weight[hi + 1] >= share * weight[k]:
        hi += 1
    return lines[blocks[lo][0]:blocks[hi][1] + 1]


def is_prose(line: str) -> bool:
    """A paragraph of the story: a sentence of 8+ words, or 20+ words, and not a dated headline."""
    words = len(line.split())
    if _STAMPED.match(line) or len(re.findall(r"\s[·|•»]\s", line)) >= 3:
        return False  # a dated headline, a menu
    return words >= 20 or (words >= 8 and bool(re.search(r"[.!?\"”’)]$", line)))


def gallery_captions(tree: lxml.html.HtmlElement) -> list[str]:
    """The captions of a photo gallery, in order, each once (a gallery's text is its captions)."""
    out: list[str] = []
    for el in tree.xpath('//figcaption|//*[contains(@class,"caption")][not(.//figcaption)]'):
        t = _WS.sub(" ", el.text_content()).strip()
        if len(t.split()) >= 5 and t not in out and not any(t in o for o in out):
            out.append(t)
    return out


def extract_body(tree: lxml.html.HtmlElement, url: str, prune_xpaths: list[str], title: str = "",
                 dates: tuple[str, ...] = (), favor: str = "balanced", captions: bool = False) -> str:
    """Main text of a page tree (the tree is changed); `captions` keeps them (photo pages)."""
    prune_generic(tree, captions)
    prune(tree, prune_xpaths, guard=False)
    wrap_loose_text(tree)
    text = trafilatura.extract(tree, url=url, include_comments=False, include_tables=False, deduplicate=False,
                               favor_precision=favor == "precision", favor_recall=favor == "recall",
                               with_metadata=False) or ""
    return clean_lines(text, title, dates)
