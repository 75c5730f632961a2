"""Chart routes for the web app: GET /charts/{kind}.png and /charts/{kind}.svg.

The same charts as `monitor chart`, drawn per request from the store. The
app provides the store through app.state: `engine` (preferred) or `settings`
(an engine is then opened once and kept on app.state.engine).
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request, Response
from sqlalchemy.engine import Engine

from monitor.export import charts
from monitor.export.trends import PERIODS, ExportQuery

router = APIRouter()
MEDIA = {"png": "image/png", "svg": "image/svg+xml"}


def _engine(request: Request) -> Engine:
    state = request.app.state
    engine = getattr(state, "engine", None)
    if engine is None:
        settings = getattr(state, "settings", None)
        if settings is None:
            raise HTTPException(500, "the web app has no store (app.state.engine or app.state.settings)")
        from monitor.store.db import open_store

        engine = state.engine = open_store(settings)
    return engine


def _chart(request: Request, kind: str, fmt: str, topic, group, since, until, by, outlet, lang, top) -> Response:
    if kind not in charts.CHARTS:
        raise HTTPException(404, f"unknown chart {kind!r}; charts: {', '.join(charts.CHARTS)}")
    if by not in PERIODS or lang not in charts.LANGUAGES:
        raise HTTPException(400, f"by is one of {', '.join(PERIODS)}; lang is id or en")
    if since and until and since > until:
        raise HTTPException(400, "since is after until")
    try:
        q = ExportQuery(since=since, until=until, by=by, topic=topic, outlet=outlet)
        with _engine(request).connect() as conn:
            data = charts.render(charts.chart(conn, kind, q, lang=lang, group=group, top=top), fmt)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    return Response(data, media_type=MEDIA[fmt], headers={"Cache-Control": "max-age=300"})


def _route(fmt: str):
    def endpoint(
        request: Request,
        kind: str,
        topic: Optional[str] = Query(None, description="Topic id; all topics when absent."),
        group: Optional[str] = Query(None, description="Measure group (figure chart)."),
        since: Optional[date] = Query(None, description="First WIB date, YYYY-MM-DD."),
        until: Optional[date] = Query(None, description="Last WIB date, inclusive."),
        by: str = Query("day", description="day, week or month."),
        outlet: Optional[str] = Query(None, description="Outlet id or name."),
        lang: str = Query("id", description="id or en."),
        top: int = Query(10, ge=1, le=50, description="Speakers in the speakers chart."),
    ) -> Response:
        return _chart(request, kind, fmt, topic, group, since, until, by, outlet, lang, top)

    endpoint.__name__ = f"chart_{fmt}"
    endpoint.__doc__ = f"A chart as {fmt.upper()}: volume, assessment, speakers or figure."
    return endpoint


router.add_api_route("/charts/{kind}.png", _route("png"), methods=["GET"], response_class=Response, tags=["charts"])
router.add_api_route("/charts/{kind}.svg", _route("svg"), methods=["GET"], response_class=Response, tags=["charts"])
