"""The analyst's pages: article, speaker, organisation, figures, trends dashboard, sign-in and saved searches.

Server-rendered Jinja; every read goes through monitor.store (no SQL here). Labels come from the gettext
catalog "web" in the language chosen by ?lang= (remembered in a cookie), numbers and dates from
monitor.display. Forms carry a CSRF token bound to the session cookie.
"""
from __future__ import annotations

import time
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Form, HTTPException, Query, Request, Response
from fastapi import Path as FPath
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine

from monitor import display
from monitor.export import charts
from monitor.export.measures import default_grouper
from monitor.i18n import catalog
from monitor.search.engine import SearchEngine
from monitor.search.query import SearchSyntaxError
from monitor.settings import Settings
from monitor.store import saved, workspace
from monitor.store.db import session_scope
from monitor.store.stamp import change_stamp
from monitor.store.trends import figure_measures, local_midnight_utc
from monitor.types import ExportQuery
from monitor.web import auth
from monitor.web.marks import evidence_spans, runs

MAX_ID = 2**63 - 1
MAX_MEASURES = 3000  # (subject, unit) pairs grouped for the figures page
LANG_COOKIE = "monitor_lang"
DUPLICATE = {"original": "original", "url": "dup_url", "content": "dup_content", "near": "dup_near"}


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "id"
    return lang if lang in display.LANGS else "id"


def texts(lang: str) -> dict[str, str]:
    return dict(catalog("web", lang))


class MeasureGroups:
    """Measure groups of every stored figure (the one grouper, export.measures), recomputed when figures change."""

    def __init__(self, engine: Engine):
        self.engine, self.stamp, self.groups = engine, None, {}

    def get(self) -> dict[tuple[str, str], dict]:
        stamp = workspace.figure_stamp(self.engine)
        if stamp != self.stamp:
            with self.engine.connect() as conn:
                # the most claimed phrasings (a page shows the top groups; thousands of one-off subjects add nothing)
                measures = figure_measures(conn, ExportQuery(), top=MAX_MEASURES)
            names = default_grouper().fit({(s, u): n for s, u, n in measures})
            groups: dict[tuple[str, str], dict] = {}
            for s, u, n in measures:
                name = names.get((s, u))
                if name:
                    g = groups.setdefault((name, u), {"name": name, "unit": u, "n": 0, "pairs": []})
                    g["n"] += n
                    g["pairs"].append((s, u))
            self.groups, self.stamp = groups, stamp
        return self.groups


def add_pages(app: FastAPI, settings: Settings, engine: Engine, searcher: SearchEngine, templates: Jinja2Templates,
              signer: auth.Signer) -> None:
    from monitor.nlp.stance_topics import load_topics

    tz = settings.outlet_timezone
    measure_groups = MeasureGroups(engine)
    topic_ids = [tp.id for tp in load_topics(settings.topics_file)]  # the dashboard's topic filter
    env = templates.env
    env.globals["display"] = display
    env.globals["speaker_key"] = workspace.speaker_key
    env.filters["day"] = lambda d, lang="id": display.day(d, lang, tz) if d else ""

    def user_of(request: Request):  # noqa: ANN202
        uid = signer.user_id(request.cookies.get(auth.COOKIE))
        if uid is None:
            return None
        with session_scope(engine) as s:
            return saved.user_by_id(s, uid)

    def render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
        lang = lang_of(request)
        user = context.pop("_user", None) or user_of(request)
        cookie = request.cookies.get(auth.COOKIE)
        here = request.url.path + ("?" + request.url.query if request.url.query else "")
        other = "en" if lang == "id" else "id"
        params = dict(request.query_params) | {"lang": other}
        response = templates.TemplateResponse(request, name, {
            "t": texts(lang), "lang": lang, "user": user, "csrf": signer.csrf(cookie), "here": here,
            "lang_url": request.url.path + "?" + urlencode(params), "label": lambda g, c: display.label(g, c, lang),
            "fig": lambda v, u, w=None: display.figure(v, u, w, lang), **context}, status_code=status)
        if request.query_params.get("lang") in display.LANGS:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
        return response

    app.state.render = render

    def need_user(request: Request):  # noqa: ANN202
        user = user_of(request)
        if user is None:
            target = request.url.path + ("?" + request.url.query if request.url.query else "")
            raise _Redirect("/login?" + urlencode({"next": target}))
        return user

    def check_csrf(request: Request, token: str) -> None:
        if not signer.check_csrf(request.cookies.get(auth.COOKIE), token):
            raise HTTPException(403, texts(lang_of(request))["csrf_failed"])

    def wants_page(request: Request) -> bool:
        """A person's browser on a page address (not the API, docs, static files or chart images)."""
        path = request.url.path
        return "text/html" in request.headers.get("accept", "") and not path.startswith(
            ("/api/", "/openapi", "/docs", "/redoc", "/static/")) and not path.endswith((".svg", ".png", ".json"))

    from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        """A page that is not there, or a refused form, is a page to a browser (JSON stays for programs)."""
        if not wants_page(request):
            return await http_exception_handler(request, exc)
        t = texts(lang_of(request))
        heading = t["not_found"] if exc.status_code == 404 else t["error_title"]
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail not in ("Not Found",) else ""
        return render(request, "error.html", {"heading": heading, "detail": detail}, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _bad_address(request: Request, exc: RequestValidationError):  # noqa: ANN202
        if not wants_page(request):
            return await request_validation_exception_handler(request, exc)
        t = texts(lang_of(request))
        detail = "; ".join(f"{e['loc'][-1]}: {e.get('input')!r}" for e in exc.errors() if e.get("loc"))
        return render(request, "error.html", {"heading": t["error_bad_address"], "detail": detail}, 422)

    @app.exception_handler(_Redirect)
    async def _redirect(_request: Request, exc: _Redirect) -> RedirectResponse:
        return RedirectResponse(exc.url, status_code=303)

    # ------------------------------------------------------------------ article

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: int = FPath(ge=1, le=MAX_ID)):
        view = workspace.article_view(engine, article_id)
        if view is None:
            raise HTTPException(404, f"no article {article_id}")
        spans = []
        for e in view.entities:
            spans += [(s, e_, "entity", None) for s, e_ in e["mentions"]]
        for i, q in enumerate(view.quotes):
            spans.append((q["start"], q["end"], "quote", i))
        spans += [(f["start"], f["end"], "figure", None) for f in view.figures]
        evidence = [w for st in view.stance for w in st["evidence"]]
        evidence += [w for q in view.quotes for tl in q["topics"] for w in tl.get("evidence") or ()]
        spans += [(s, e, "evidence", None) for s, e in evidence_spans(view.text, evidence)]
        paragraphs, current = [], []
        for run in runs(view.text, spans):  # paragraphs at blank lines, runs kept whole
            parts = run.text.split("\n\n")
            for j, part in enumerate(parts):
                if j:
                    paragraphs.append(current)
                    current = []
                if part:
                    current.append(type(run)(part, run.marks, run.quote))
        paragraphs.append(current)
        return render(request, "article.html", {"a": view, "paragraphs": [p for p in paragraphs if p],
                                                "dup": DUPLICATE})

    # ------------------------------------------------------------------ speakers and organisations

    def person_page(request: Request, key: str, column: str, page: int = 1):  # noqa: ANN202
        lang = lang_of(request)
        per = workspace.QUOTE_LIMIT
        prof = workspace.profile(engine, workspace.speaker_key(key), column, per, (page - 1) * per)
        canonical = workspace.speaker_key(prof.name or key)  # an alias's address leads to the record's page
        if canonical != key and prof.names:
            raise _Redirect(f"{request.url.path.rsplit('/', 1)[0]}/{canonical}")
        status = 200 if prof.names else 404
        topics = sorted(prof.topics.items(), key=lambda kv: (-kv[1], kv[0]))
        return render(request, "person.html", {
            "p": prof, "column": column, "topics": topics, "page": page, "first": (page - 1) * per + 1,
            "prev_url": f"?page={page - 1}" if page > 1 else None,
            "next_url": f"?page={page + 1}" if prof.total > page * per else None,
            "chart": f"{request.url.path}/chart.svg?lang={lang}",
            "title": prof.name if column == "speaker" and prof.names
            else (prof.orgs.most_common(1)[0][0] if prof.orgs else key)}, status)

    def person_chart(request: Request, key: str, column: str) -> Response:
        lang = lang_of(request)
        with engine.connect() as conn:
            stamp = change_stamp(conn)
        svg = _person_svg(engine, stamp, workspace.speaker_key(key), column, lang, texts(lang)["over_time"])
        return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=300"})

    @app.get("/speakers/{key}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(request: Request, key: str = FPath(max_length=200), page: int = Query(1, ge=1, le=100_000)):
        return person_page(request, key, "speaker", page)

    @app.get("/speakers/{key}/chart.svg", include_in_schema=False)
    def speaker_chart(request: Request, key: str = FPath(max_length=200)):
        return person_chart(request, key, "speaker")

    @app.get("/orgs/{key}", response_class=HTMLResponse, include_in_schema=False)
    def org_page(request: Request, key: str = FPath(max_length=200), page: int = Query(1, ge=1, le=100_000)):
        return person_page(request, key, "speaker_org", page)

    @app.get("/orgs/{key}/chart.svg", include_in_schema=False)
    def org_chart(request: Request, key: str = FPath(max_length=200)):
        return person_chart(request, key, "speaker_org")

    # ------------------------------------------------------------------ figures

    def ranked_groups() -> list[dict]:
        """Measure groups, most claimed first (the figures page's order)."""
        return sorted(measure_groups.get().values(), key=lambda g: (-g["n"], g["name"]))

    @app.get("/figures", response_class=HTMLResponse, include_in_schema=False)
    def figures_page(request: Request, group: Optional[str] = Query(None, max_length=300)):
        groups = ranked_groups()
        shown = [g for g in groups if group is None or g["name"].lower() == group.lower()][:FIGURE_GROUPS_SHOWN]
        for g in shown:
            g["figures"] = workspace.figures_by_measure(engine, g["pairs"], limit=12)
            values = [f.value for f in g["figures"]]
            g["lo"], g["hi"] = (min(values), max(values)) if values else (None, None)
        return render(request, "figures.html", {"groups": shown, "all_groups": groups[:200], "group": group})

    @app.get("/figures/chart.svg", include_in_schema=False)
    def figures_chart(request: Request, group: str = Query(..., max_length=300), unit: str = Query(..., max_length=50)):
        lang = lang_of(request)
        g = measure_groups.get().get((group, unit))
        if g is None:
            raise HTTPException(404, f"no measure group {group!r} in {unit}")
        with engine.connect() as conn:
            stamp = change_stamp(conn)
        return Response(_figure_svg(engine, stamp, tuple(g["pairs"]), group, lang), media_type="image/svg+xml",
                        headers={"Cache-Control": "max-age=300"})

    def draw_ahead(stamp: tuple, people: int = 20) -> int:
        """Draw into the chart caches what visitors ask for first after a change of the store (`stamp`): the
        dashboard's default charts, the figures page's charts and the charts of the most quoted speakers and
        organisations (the ones that take longest to draw). Returns how many were drawn."""
        from monitor.export.web import drawn

        lang, done = "id", 0
        until = dashboard_until()
        since = until - timedelta(days=DASHBOARD_DAYS - 1)
        period = chart_period(since, until)
        # as trends.html asks for them: (kind, topic, by); the route's defaults for the rest (the speakers chart
        # is asked without `by`)
        for kind, topic, by in [("volume", tp, period) for tp in topic_ids] + [("assessment", None, period),
                                                                                ("speakers", None, "day")]:
            drawn(engine, stamp, kind, "svg", topic, None, since, until, by, None, lang, 10)
            done += 1
        for g in ranked_groups()[:FIGURE_GROUPS_SHOWN]:
            _figure_svg(engine, stamp, tuple(g["pairs"]), g["name"], lang)
            done += 1
        title = texts(lang)["over_time"]
        for name, _ in workspace.top_speakers(engine, None, None, None, limit=people):
            _person_svg(engine, stamp, workspace.speaker_key(name), "speaker", lang, title)
            done += 1
        for key, _ in workspace.top_orgs(engine, limit=people):
            _person_svg(engine, stamp, key, "speaker_org", lang, title)
            done += 1
        return done

    app.state.draw_ahead = draw_ahead

    # ------------------------------------------------------------------ trends

    def dashboard_until() -> date:
        """The dashboard's default last day: the WIB day of the newest article (today on an empty store)."""
        last = workspace.newest(engine)
        return last.astimezone(ZoneInfo(tz)).date() if last else date.today()

    @app.get("/trends", response_class=HTMLResponse, include_in_schema=False)
    def trends_page(request: Request, since: Optional[date] = Query(None), until: Optional[date] = Query(None),
                    outlet: Optional[str] = Query(None, max_length=200), topic: Optional[str] = Query(None, max_length=100)):
        until = until or dashboard_until()  # default: the 30 days up to the newest article
        since = since or until - timedelta(days=DASHBOARD_DAYS - 1)
        if since > until:
            since, until = until, since
        outlets = workspace.outlets(engine)
        ids = [i for i, n in outlets if outlet and outlet.lower() in (i.lower(), n.lower())] if outlet else None
        if outlet and not ids:  # a typo, not a request for empty charts (as `monitor export --outlet`)
            raise HTTPException(404, f"no outlet {outlet!r}; outlets: {', '.join(i for i, _n in outlets) or '-'}")
        if topic and topic not in topic_ids:
            raise HTTPException(404, f"no topic {topic!r}; topics: {', '.join(topic_ids)}")
        top = workspace.top_speakers(engine, local_midnight_utc(since), local_midnight_utc(until + timedelta(days=1)),
                                     ids if outlet else None)
        q = {k: v for k, v in {"since": since.isoformat(), "until": until.isoformat(), "outlet": outlet or None,
                               "topic": topic or None, "lang": lang_of(request)}.items() if v}
        return render(request, "trends.html", {
            "since": since, "until": until, "outlet": outlet or "", "topic": topic or "", "outlets": outlets,
            "topics": topic_ids, "top": top, "qs": urlencode(q),
            "by": chart_period(since, until)})

    # ------------------------------------------------------------------ sign-in

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = Query("/saved", max_length=500)):
        return render(request, "login.html", {"next": _local(next), "failed": False})

    @app.post("/login", include_in_schema=False)
    def login(request: Request, email: str = Form(..., max_length=320), password: str = Form(..., max_length=200),
              csrf: str = Form(""), next: str = Form("/saved", max_length=500)):
        check_csrf(request, csrf)
        with session_scope(engine) as s:
            user = saved.user_by_email(s, email)
        if user is None or not auth.check_password(password, user.password_hash):
            time.sleep(0.2)  # slows guessing; the form says only "wrong e-mail or password"
            return render(request, "login.html", {"next": _local(next), "failed": True, "email": email}, 401)
        response = RedirectResponse(_local(next), status_code=303)
        response.set_cookie(auth.COOKIE, signer.session(user.id), max_age=auth.SESSION_DAYS * 86400, httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form("")):
        check_csrf(request, csrf)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(auth.COOKIE)
        return response

    # ------------------------------------------------------------------ saved searches

    @app.get("/saved", response_class=HTMLResponse, include_in_schema=False)
    def saved_list(request: Request, q: str = Query("", max_length=1000)):
        user = need_user(request)
        with session_scope(engine) as s:
            rows = saved.searches_of(s, user.id)
        counts = {}
        for row in rows:
            try:
                page = searcher.search(row.query, per_page=50, after_id=row.seen_id)
                counts[row.id] = f"{len(page.hits)}{'+' if page.has_more else ''}"
            except SearchSyntaxError:
                counts[row.id] = "?"
        return render(request, "saved.html", {"rows": rows, "counts": counts, "q": q, "_user": user})

    @app.post("/saved", include_in_schema=False)
    def saved_create(request: Request, q: str = Form(..., min_length=1, max_length=1000), name: str = Form("", max_length=200),
                     frequency: str = Form("immediate"), csrf: str = Form("")):
        user = need_user(request)
        check_csrf(request, csrf)
        if frequency not in saved.FREQUENCIES:
            raise HTTPException(400, f"frequency is one of {', '.join(saved.FREQUENCIES)}")
        try:
            searcher.search(q, per_page=1)
        except SearchSyntaxError as e:
            raise HTTPException(400, f"invalid query: {e}") from None
        with session_scope(engine) as s:
            row = saved.save_search(s, user.id, name.strip() or q, q, frequency)
        return RedirectResponse(f"/saved/{row.id}", status_code=303)

    @app.get("/saved/{search_id}", response_class=HTMLResponse, include_in_schema=False)
    def saved_show(request: Request, search_id: int = FPath(ge=1, le=MAX_ID)):
        user = need_user(request)
        with session_scope(engine) as s:
            row = saved.search_of(s, user.id, search_id)
            upto = saved.latest_claim_id(s)
        if row is None:
            raise HTTPException(404, f"no saved search {search_id}")
        new = searcher.search(row.query, per_page=50, after_id=row.seen_id)
        earlier = searcher.search(row.query, per_page=20)
        new_ids = {h.id for h in new.hits}
        with session_scope(engine) as s:
            saved.mark_seen(s, row.id, upto)
        return render(request, "saved_one.html", {"row": row, "new": new.hits,
                                                   "earlier": [h for h in earlier.hits if h.id not in new_ids],
                                                   "_user": user})

    @app.post("/saved/{search_id}/delete", include_in_schema=False)
    def saved_delete(request: Request, search_id: int = FPath(ge=1, le=MAX_ID), csrf: str = Form("")):
        user = need_user(request)
        check_csrf(request, csrf)
        with session_scope(engine) as s:
            saved.delete_search(s, user.id, search_id)
        return RedirectResponse("/saved", status_code=303)


@lru_cache(maxsize=256)
def _person_svg(engine: Engine, stamp: tuple, key: str, column: str, lang: str, title: str) -> bytes:
    """A speaker's or organisation's stance chart, kept per process until the store changes (`stamp`, part of
    the key): drawing one over ~100,000 quotes takes most of a second."""
    return charts.render(charts.stance_days_chart(workspace.stance_days(engine, key, column), lang, title), "svg")


FIGURE_POINTS = 1000  # the newest claims of a measure group drawn on the figures page
FIGURE_GROUPS_SHOWN = 12  # measure groups on the figures page, each with its chart
DASHBOARD_DAYS = 30  # the trends dashboard's default window, up to the newest article


def chart_period(since: date, until: date) -> str:
    """The bars of the dashboard's charts: days up to about two months, weeks beyond."""
    return "day" if (until - since).days <= 62 else "week"


@lru_cache(maxsize=256)
def _figure_svg(engine: Engine, stamp: tuple, pairs: tuple, group: str, lang: str) -> bytes:
    """A measure group's chart from the page's own grouping (cached until figures change): the export's
    chart groups every stored subject again, minutes on a million claims."""
    rows = workspace.figures_by_measure(engine, list(pairs), limit=FIGURE_POINTS)[::-1]  # oldest first
    points = [{"measure_group": group, "value": f.value, "unit": f.unit, "outlet": f.outlet, "published_utc": f.when}
              for f in rows]
    return charts.render(charts.figure_points_chart(points, group, lang), "svg")


class _Redirect(Exception):
    def __init__(self, url: str):
        self.url = url


def _local(url: str) -> str:
    """Only same-site paths as sign-in targets (no open redirect)."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/saved"
