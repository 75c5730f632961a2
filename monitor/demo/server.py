"""A loopback HTTP server for the bundled sample feeds and article pages.

An article page is pages/<outlet>/<slug>.yaml (its own fields and body) rendered into
templates/<outlet>.html, so each outlet's page chrome is written once.

Templates are rendered per request with `base` (this server's URL) and
`at(hhmm, fmt, slug)`: the article's day, counted back `days_ago` (expected.yaml)
from the demo day, the previous calendar day in WIB. So the samples always
span the 21 days before today: the newest fall in the default digest period
and trends and the 7-day comparison have history. ETags make re-runs cheap (304).
"""
from __future__ import annotations

import hashlib
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from monitor import yamlfile
from monitor.types import FeedSource

SAMPLES = Path(__file__).resolve().parent / "samples"
WIB = ZoneInfo("Asia/Jakarta")
_HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def demo_day(now: datetime | None = None) -> datetime:
    """Midnight WIB of the previous calendar day."""
    now = (now or datetime.now(WIB)).astimezone(WIB)
    return (now - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def article_days(root: Path = SAMPLES) -> dict[str, int]:
    """slug → how many days before the demo day the article appeared (expected.yaml's days_ago)."""
    facts = yamlfile.load((root / "expected.yaml").read_text(encoding="utf-8"))
    return {a["slug"]: int(a.get("days_ago", 0)) for a in facts.get("articles", [])}


def article_titles(root: Path = SAMPLES) -> dict[str, str]:
    """slug → headline, so a page's related and popular lists name other articles without repeating them."""
    facts = yamlfile.load((root / "expected.yaml").read_text(encoding="utf-8"))
    return {a["slug"]: a["title"] for a in facts.get("articles", []) if "title" in a}


def make_at(day: datetime, days: dict[str, int] | None = None):
    """at(hhmm, fmt, slug=None): that clock time on the demo day, or on the day of article `slug`."""
    def at(hhmm: str, fmt: str = "iso", slug: str | None = None) -> str:
        h, m = (int(x) for x in hhmm.split(":"))
        back = (days or {}).get(slug, 0) if slug else 0
        # calendar days in WIB (no DST), so subtracting whole days keeps the clock time
        t = (day - timedelta(days=back)).replace(hour=h, minute=m)
        if fmt == "rfc822":
            return t.strftime("%a, %d %b %Y %H:%M:%S +0700")
        if fmt == "id":
            return f"{_HARI[t.weekday()]}, {t.day} {_BULAN[t.month - 1]} {t.year} {t:%H:%M} WIB"
        if fmt == "dm":
            return f"{t.day}/{t.month}"
        return t.isoformat()
    return at


class SampleSite:
    def __init__(self, root: Path = SAMPLES, day: datetime | None = None):
        self.root = root
        self.day = day or demo_day()
        self.days = article_days(root) if (root / "expected.yaml").is_file() else {}
        self.titles = article_titles(root) if (root / "expected.yaml").is_file() else {}
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root)), autoescape=False,
                                      undefined=jinja2.StrictUndefined)

    def render(self, path: str, base: str) -> bytes | None:
        rel = path.lstrip("/").split("?")[0]
        if rel.startswith("feeds/") or rel.startswith("pages/"):
            pass
        elif rel.endswith(".xml"):
            rel = "feeds/" + rel
        else:
            rel = "pages/" + rel
        if rel.startswith("pages/"):
            return self.render_article(rel.removeprefix("pages/").removesuffix(".html"), base)
        file = (self.root / rel).resolve()
        if not str(file).startswith(str(self.root.resolve())) or not file.is_file():
            return None
        return self.env.get_template(rel).render(base=base, at=make_at(self.day, self.days)).encode("utf-8")

    def render_article(self, slug: str, base: str) -> bytes | None:
        """pages/<outlet>/<slug>.yaml (the article's own fields and body) in templates/<outlet>.html.

        One template per outlet keeps each outlet's page chrome in one place; the page's dates are its
        article's day, and `titles` names the articles its related and popular lists link to.
        """
        file = (self.root / "pages" / (slug + ".yaml")).resolve()
        if not file.is_relative_to((self.root / "pages").resolve()) or not file.is_file() or slug.count("/") != 1:
            return None
        outlet, name = slug.split("/")
        fields = yamlfile.load(file.read_text(encoding="utf-8"))
        fields.update(slug=name, body=self.env.from_string(fields["body"]))
        day = self.day - timedelta(days=self.days.get(slug, 0))
        page = self.env.get_template(f"templates/{outlet}.html")
        return page.render(base=base, at=make_at(day), titles=self.titles, **fields).encode("utf-8")

    def pages(self) -> list[str]:
        """Served paths of the article pages, e.g. `wartaniaga/<slug>.html`."""
        root = self.root / "pages"
        return [p.relative_to(root).with_suffix(".html").as_posix() for p in sorted(root.glob("*/*.yaml"))]

    def feeds(self, base: str) -> list[FeedSource]:
        items = yamlfile.load((self.root / "demo_feeds.yaml").read_text(encoding="utf-8"))
        if isinstance(items, dict):
            items = items.get("feeds", [])
        return [FeedSource(id=f["id"], name=f["name"], url=base + f["path"], tags=tuple(f.get("tags", [])),
                           fetch_article=f.get("fetch_article", True)) for f in items]


def _handler(site: SampleSite):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            else:
                body = site.render(self.path, base)
                if body is None:
                    self.send_error(404)
                    return
                ctype = "application/xml; charset=utf-8" if self.path.split("?")[0].endswith(".xml") else "text/html; charset=utf-8"
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)
    return Handler


class DemoServer:
    """`with DemoServer() as srv:` serves the samples on 127.0.0.1:<free port>."""

    def __init__(self, site: SampleSite | None = None, host: str = "127.0.0.1", port: int = 0):
        self.site = site or SampleSite()
        self.httpd = ThreadingHTTPServer((host, port), _handler(self.site))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @classmethod
    def on_port(cls, port: int) -> "DemoServer":
        """The given port if free, else any free one (then re-runs see new URLs; content dedupe still holds)."""
        try:
            return cls(port=port)
        except OSError:
            return cls(port=0)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def feeds(self) -> list[FeedSource]:
        return self.site.feeds(self.base)

    def __enter__(self) -> "DemoServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
