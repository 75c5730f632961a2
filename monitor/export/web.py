"""Chart routes for the web app: GET /charts/{kind}.png and /charts/{kind}.svg.

The same charts as `monitor chart`, drawn from the store. The app provides the
store through app.state: `engine` (preferred) or `settings` (an engine is then
opened once and kept on app.state.engine). Drawing one takes 0.5–1 s on a store
of a million claims, so the image bytes are kept per process, keyed by the
request and the store's change marker (monitor.store.stamp): a chart is drawn
again only after the store changed.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request, Response
from sqlalchemy.engine import Engine

from monitor.export import charts
from monitor.export.trends import PERIODS, ExportQuery
from monitor.store.stamp import change_stamp

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
    engine = _engine(request)
    try:
        with engine.connect() as conn:
            stamp = change_stamp(conn)
        data = drawn(engine, stamp, kind, fmt, topic, group, since, until, by, outlet, lang, top)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    return Response(data, media_type=MEDIA[fmt], headers={"Cache-Control": "max-age=300"})


@lru_cache(maxsize=256)
def drawn(engine: Engine, stamp: tuple, kind: str, fmt: str, topic, group, since, until, by, outlet, lang,  # noqa: ANN001
          top) -> bytes:
    """A chart's bytes; `stamp` (the store's change marker) is only part of the key: a newer store is a miss."""
    q = ExportQuery(since=since, until=until, by=by, topic=topic, outlet=outlet)
    with engine.connect() as conn:
        return charts.render(charts.chart(conn, kind, q, lang=lang, group=group, top=top), fmt)


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
