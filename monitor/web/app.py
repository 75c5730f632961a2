"""The web app: search page at /, JSON API under /api, charts router from monitor.export.

Server-rendered Jinja with autoescaping (a quote containing <script> shows as
text); a few lines of JavaScript only improve what already works without it.
With an api_token set, every route needs it (Bearer header, or ?token= once,
which sets a cookie for the browser).
"""
from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as FPath
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel, Field

from monitor import display
from monitor.web.docs import add_docs
from monitor.search.engine import SearchEngine, hit_json
from monitor.search.query import SearchSyntaxError
from monitor.settings import Settings
from monitor.store.articles import article_detail
from monitor.web import auth
from monitor.web.pages import add_pages, lang_of, texts
from monitor.web.warm import ChartWarmer

HERE = Path(__file__).resolve().parent
MAX_ID = 2**63 - 1  # the largest row id SQLite and PostgreSQL (bigint) can hold


def loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class TopicOut(BaseModel):
    topic: str
    score: float
    stance: str
    assessment: str


class HitOut(BaseModel):
    id: int
    kind: str
    text: str
    highlight_html: str
    speaker: str | None = Field(description="The speaker record's canonical name (merges and splits applied).")
    speaker_printed: str | None = Field(None, description="The speaker as the article printed it.")
    speaker_role: str | None
    speaker_org: str | None
    value: float | None
    unit: str | None
    unit_word: str | None
    subject: str | None
    topics: list[TopicOut]
    article_id: int
    article_title: str
    article_kind: str = "article"
    article_url: str
    outlet: str
    outlets: list[str]
    published: str
    published_local: str
    score: float
    duplicates: int


class FacetOut(BaseModel):
    key: str
    value: str
    count: int


class SearchOut(BaseModel):
    query: str
    page: int
    per_page: int
    has_more: bool
    took_ms: float
    results: list[HitOut]
    facets: list[FacetOut] = []


class ErrorOut(BaseModel):
    detail: str
    position: int


def session_secret(engine) -> str:  # noqa: ANN001
    """The signing key without an API token: generated once, kept in the database (sessions survive restarts)."""
    from monitor.store import saved
    from monitor.store.db import session_scope

    with session_scope(engine) as s:
        return saved.stored_secret(s, "session-signing-key")


def create_app(settings: Settings) -> FastAPI:
    from monitor.export.web import router as charts_router
    from monitor.store.db import open_store

    engine = open_store(settings)
    from monitor.nlp.stance_topics import load_topics

    searcher = SearchEngine(engine, tz=settings.outlet_timezone, rank_window=settings.search_rank_window,
                            topics=tuple(t.id for t in load_topics(settings.topics_file)))
    tz = ZoneInfo(settings.outlet_timezone)
    token = settings.api_token.get_secret_value() if settings.api_token else None

    app = FastAPI(title="monitor", summary="Who said what about UMKM partnership and financial inclusion.",
                  version="0.1.0", docs_url=None, redoc_url=None)
    add_docs(app)  # /docs from a PyPI package's assets: works offline
    app.state.settings = settings
    app.state.engine = engine
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["local"] = lambda d, lang="id": display.moment(d, tz, lang)
    templates.env.filters["figure"] = lambda hit, lang="id": display.figure(hit.value, hit.unit, hit.unit_word, lang)
    templates.env.globals["label"] = display.label
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(charts_router)

    signer = auth.Signer(token or session_secret(engine))
    add_pages(app, settings, engine, searcher, templates, signer)
    app.state.warmer = ChartWarmer(engine, app.state.draw_ahead, settings.chart_prewarm_interval)  # started by serve

    if token:
        @app.middleware("http")
        async def _auth(request: Request, call_next):  # noqa: ANN001, ANN202
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() \
                or request.cookies.get("monitor_token") or request.query_params.get("token") or ""
            signed_in = signer.user_id(request.cookies.get(auth.COOKIE)) is not None
            open_path = request.url.path in ("/login",) or request.url.path.startswith("/static/")
            if not (open_path or signed_in or secrets.compare_digest(given.encode(), token.encode())):
                if request.method == "GET" and not request.url.path.startswith(("/api/", "/charts/", "/docs", "/openapi")):
                    # a person at a page: the sign-in form, then back here
                    target = request.url.path + ("?" + request.url.query if request.url.query else "")
                    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
                return JSONResponse({"detail": "missing or wrong API token"}, status_code=401,
                                    headers={"WWW-Authenticate": "Bearer"})
            response = await call_next(request)
            if request.query_params.get("token"):
                response.set_cookie("monitor_token", token, httponly=True, samesite="strict")
            return response

    @app.get("/api/search", response_model=SearchOut, responses={400: {"model": ErrorOut, "description": "Query syntax error"}},
             summary="Search claims")
    def api_search(q: str = Query("", description='Query: words, "phrases", AND/OR/NOT, prefix*, filters such as speaker:, org:, topic:, stance:, kind:, value:>50, since:7d.', max_length=1000),
                   page: int = Query(1, ge=1, le=1000), per_page: int = Query(20, ge=1, le=100),
                   facets: bool = Query(False, description="Also count speakers, organisations, topics, stances, outlets and kinds among the top results.")):
        try:
            result = searcher.search(q, page=page, per_page=per_page, facets=facets)
        except SearchSyntaxError as e:
            return JSONResponse({"detail": str(e), "position": e.position}, status_code=400)
        return {"query": q, "page": page, "per_page": per_page, "has_more": result.has_more, "took_ms": result.took_ms,
                "results": [hit_json(h, settings.outlet_timezone) for h in result.hits],
                "facets": [{"key": f.key, "value": f.value, "count": f.count} for f in result.facets]}

    @app.get("/api/articles/{article_id}", summary="One article with its entities, quotes, figures and stance")
    def api_article(article_id: int = FPath(ge=1, le=MAX_ID)) -> dict:
        data = article_detail(engine, article_id)
        if data is None:
            raise HTTPException(404, f"no article {article_id}")
        return data

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request, q: str = Query("", max_length=1000), page: int = Query(1, ge=1, le=1000)):
        error, result = None, None
        try:
            result = searcher.search(q, page=page, per_page=20, facets=True)
        except SearchSyntaxError as e:
            error = e
        return app.state.render(request, "index.html", {
            "q": q, "page": page, "result": result, "error": error, "facets": _facet_groups(result, q, lang_of(request)),
            "dates": [(texts(lang_of(request))[label], _add(q, "since", span)) for label, span in
                      (("d7", "7d"), ("d30", "30d"), ("d90", "90d"), ("y1", "1y"))],
            "prev_url": "?" + urlencode({"q": q, "page": page - 1}) if page > 1 else None,
            "next_url": "?" + urlencode({"q": q, "page": page + 1}) if result and result.has_more else None,
            "mark": lambda hit: Markup(hit.highlight_html()),
        }, 400 if error else 200)

    return app


def _add(q: str, key: str, value: str) -> str:
    """The page URL with one more filter added to the query."""
    v = f'"{value}"' if any(c.isspace() or c in '():' for c in value) else value
    return "?" + urlencode({"q": f"{q} {key}:{v}".strip()})


def _facet_groups(result, q: str, lang: str = "id") -> list[tuple[str, list[tuple[str, int, str]]]]:  # noqa: ANN001
    if result is None:
        return []
    t = texts(lang)
    labels = {"speaker": t["speaker"], "org": t["organisation"], "topic": t["topic"], "stance": t["stance"],
              "outlet": t["outlet"], "kind": t["kinds"]}
    groups: dict[str, list] = {}
    for f in result.facets:
        shown = display.label(f.key, f.value, lang) if f.key in ("topic", "stance", "kind") else f.value  # codes as words
        groups.setdefault(f.key, []).append((shown, f.count, _add(q, f.key, f.value)))
    return [(labels[k], groups[k]) for k in labels if k in groups]
