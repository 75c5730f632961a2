"""Charts for reports, the web app and the digest (matplotlib, no pyplot).

Every chart reads the same aggregations as `monitor export`, so a chart and
its table never disagree. Figures are built with the object API (thread-safe
under the web server); text is Indonesian by default, English on request;
output is byte-stable (no dates in the files).
"""
from __future__ import annotations

import io
import threading
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Mapping

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from sqlalchemy.engine import Connection, Engine  # noqa: E402
from sqlmodel import Session  # noqa: E402

from monitor.export.dictionary import ASSESSMENTS, STANCES  # noqa: E402
from monitor.i18n import catalog, languages  # noqa: E402
from monitor.export.trends import ExportQuery, export_table, speaker_totals  # noqa: E402

CHARTS = ("volume", "assessment", "speakers", "figure")
COLORS = {"pro": "#2a9d8f", "contra": "#e76f51", "neutral": "#8d99ae",
          "positive": "#2a9d8f", "negative": "#e76f51"}
LANGUAGES = languages("charts")  # those with a catalog: id, en
_RENDERING = threading.Lock()
SLIDE = (12.8, 7.2)  # inches at 100 dpi: 1280×720, a 16:9 slide


def _t(lang: str) -> Mapping[str, str]:
    """Chart labels in one language (gettext catalog monitor/locale/*/charts.po)."""
    try:
        return catalog("charts", lang)
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; use {' or '.join(languages('charts'))}") from None


def _topic_name(topic: str | None, lang: str) -> str:
    t = _t(lang)
    return t["all"] if not topic else t.get(topic, topic.replace("_", " "))


def _day_label(d: date, by: str, lang: str) -> str:
    month = _t(lang)[f"month_{d.month}"]
    return f"{month} {d.year}" if by == "month" else f"{d.day} {month}"


def _figure(size=SLIDE, small: bool = False) -> Figure:
    fig = Figure(figsize=size, dpi=100, layout="constrained")
    base = 10 if small else 16
    fig._monitor_fontsize = base  # type: ignore[attr-defined]
    return fig


def _style(ax, base: int) -> None:
    ax.title.set_fontsize(base + 4)
    ax.xaxis.label.set_fontsize(base)
    ax.yaxis.label.set_fontsize(base)
    ax.tick_params(labelsize=base - 2)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)


def _ticks(ax, starts: list[date], by: str, lang: str, base: int, max_labels: int = 14) -> None:
    step = max(1, -(-len(starts) // max_labels))
    idx = list(range(0, len(starts), step))
    ax.set_xticks(idx, [_day_label(starts[i], by, lang) for i in idx], fontsize=base - 2,
                  rotation=0 if len(idx) <= 8 else 45, ha="center" if len(idx) <= 8 else "right")


def _nodata(ax, lang: str, base: int) -> None:
    ax.text(0.5, 0.5, _t(lang)["nodata"], transform=ax.transAxes, ha="center", va="center", fontsize=base, alpha=0.6)


def render(fig: Figure, fmt: str = "png") -> bytes:
    """PNG or SVG bytes without creation dates, so equal data gives equal files."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown chart format {fmt!r}; use png or svg")
    buf = io.BytesIO()
    # rc_context sets process-wide parameters: two threads rendering at once (the web server's and its chart
    # warmer's) would restore each other's and make the bytes differ
    with _RENDERING, matplotlib.rc_context({"svg.hashsalt": "monitor", "svg.fonttype": "none"}):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def _by_period(rows, key_index: int, value_index: int, keys) -> tuple[list[date], dict[str, list[int]]]:
    """mentions rows → period starts and one series per stance or assessment."""
    starts: list[date] = []
    series = {k: [] for k in keys}
    pos: dict[date, int] = {}
    for row in rows:
        p = row[0]
        if p not in pos:
            pos[p] = len(starts)
            starts.append(p)
            for k in series:
                series[k].append(0)
        if row[key_index] in series:
            series[row[key_index]][pos[p]] += row[value_index]
    return starts, series


def _bars(ax, heights: list[float], bottoms: list[float], color: str, label: str, width: float = 0.8) -> None:  # noqa: ANN001
    """Vertical bars at x = 0, 1, 2 … as one collection. ax.bar makes a patch per bar and updates the axes
    limits for each: most of the time of a 90-day chart on the web (3 × 90 bars)."""
    h = width / 2
    verts = [((i - h, b), (i - h, b + v), (i + h, b + v), (i + h, b))
             for i, (v, b) in enumerate(zip(heights, bottoms)) if v]
    ax.add_collection(PolyCollection(verts, facecolors=color, edgecolors="none", linewidths=0, label=label),
                      autolim=True)
    ax.autoscale_view()


def _mentions(bind, q: ExportQuery, measure: str):  # noqa: ANN001, ANN202
    """The mentions table, counting only articles when that is what is drawn (the web draws these per request)."""
    return export_table(bind, "mentions", q, articles_only=measure == "articles")


def volume_chart(bind, q: ExportQuery, lang: str = "id", measure: str = "articles",
                 size=SLIDE, small: bool = False) -> Figure:
    """Topic volume by stance over time, stacked bars."""
    t = _t(lang)
    table = _mentions(bind, q, measure)
    value_index = [c.name for c in table.columns].index(measure)
    starts, series = _by_period(table.rows, 4, value_index, STANCES)
    fig = _figure(size, small)
    base = fig._monitor_fontsize
    ax = fig.add_subplot()
    bottom = [0] * len(starts)
    for stance in STANCES:
        _bars(ax, series[stance], bottom, COLORS[stance], t[stance])
        bottom = [b + v for b, v in zip(bottom, series[stance])]
    ax.set_xlim(-0.6, len(starts) - 0.4)
    ax.set_title(t["volume"].format(topic=_topic_name(q.topic, lang)))
    ax.set_xlabel(t[f"period_{q.by}"])
    ax.set_ylabel(t[measure])
    ax.yaxis.get_major_locator().set_params(integer=True)
    _ticks(ax, starts, q.by, lang, base, 8 if small else 14)
    if not any(bottom):
        _nodata(ax, lang, base)
    ax.set_ylim(0, max([*bottom, 1]) * 1.3)  # headroom for the legend row
    ax.legend(fontsize=base - 2, frameon=False, loc="upper left", ncols=3)
    _style(ax, base)
    return fig


def assessment_chart(bind, q: ExportQuery, lang: str = "id", measure: str = "articles") -> Figure:
    """Assessment balance per period: positive up, negative down, the net as a line."""
    t = _t(lang)
    table = _mentions(bind, q, measure)
    value_index = [c.name for c in table.columns].index(measure)
    starts, series = _by_period(table.rows, 5, value_index, ASSESSMENTS)
    fig = _figure()
    base = fig._monitor_fontsize
    ax = fig.add_subplot()
    x = range(len(starts))
    _bars(ax, series["positive"], [0] * len(starts), COLORS["positive"], t["positive"])
    _bars(ax, [-v for v in series["negative"]], [0] * len(starts), COLORS["negative"], t["negative"])
    ax.set_xlim(-0.6, len(starts) - 0.4)
    ax.plot(list(x), [p - n for p, n in zip(series["positive"], series["negative"])], color="#264653",
            marker="o", linewidth=2, label=t["net"])
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.margins(y=0.25)
    ax.set_title(t["assessment"].format(topic=_topic_name(q.topic, lang)))
    ax.set_xlabel(t[f"period_{q.by}"])
    ax.set_ylabel(t[measure])
    _ticks(ax, starts, q.by, lang, base)
    if not any(series["positive"]) and not any(series["negative"]):
        _nodata(ax, lang, base)
    ax.legend(fontsize=base - 2, frameon=False, loc="upper left", ncols=3)
    _style(ax, base)
    return fig


def speakers_chart(bind, q: ExportQuery, lang: str = "id", top: int = 10) -> Figure:
    """Top speakers by number of quotes, split by stance (horizontal stacked bars)."""
    t = _t(lang)
    per = speaker_totals(bind, q, top=top)[::-1]
    fig = _figure()
    base = fig._monitor_fontsize
    ax = fig.add_subplot()
    left = [0] * len(per)
    y = range(len(per))
    for stance in STANCES:
        vals = [p[2][stance] for p in per]
        ax.barh(y, vals, left=left, color=COLORS[stance], label=t[stance])
        left = [a + b for a, b in zip(left, vals)]
    other = [max(0, p[1] - l) for p, l in zip(per, left)]  # quotes without a topic label
    ax.barh(y, other, left=left, color="#d9d9d9", label=t["untagged"])
    ax.set_yticks(list(y), [p[0] for p in per], fontsize=base - 2)
    ax.set_title(t["speakers"].format(topic=f": {_topic_name(q.topic, lang)}" if q.topic else ""))
    ax.set_xlabel(t["quotes"])
    ax.xaxis.get_major_locator().set_params(integer=True)
    if not per:
        _nodata(ax, lang, base)
    ax.legend(fontsize=base - 2, frameon=False, loc="lower right")
    _style(ax, base)
    ax.grid(axis="y", alpha=0)
    ax.grid(axis="x", alpha=0.3)
    return fig


LABELLED = 40  # figure chart: points labelled with value and outlet


def figure_chart(bind, q: ExportQuery, group: str, lang: str = "id", unit: str | None = None) -> Figure:
    """One measure group's claimed values over time, each point labelled with its outlet."""
    t = _t(lang)
    table = export_table(bind, "figures", q, group=group)
    names = [c.name for c in table.columns]
    points = [p for r in table.rows if (p := dict(zip(names, r)))["measure_group"] and (unit is None or p["unit"] == unit)]
    if not points:  # a misspelt group used to draw an empty chart
        known = sorted(set(table.meta["groups"].values()) - {""})
        listed = ", ".join(known[:8]) + (f" (and {len(known) - 8} more)" if len(known) > 8 else "")
        raise ValueError(f"no figures in measure group {group!r}{' in this period' if q.since or q.until else ''}; "
                         + (f"groups with figures: {listed}" if known else "there are no figures")
                         + " (monitor export figures --series lists them)")
    if points and unit is None:  # the most claimed unit of the group
        units = sorted({p["unit"] for p in points}, key=lambda u: (-sum(p["unit"] == u for p in points), u))
        points = [p for p in points if p["unit"] == units[0]]
    return figure_points_chart(points, group, lang, unit)


def figure_points_chart(points: list[dict], group: str, lang: str = "id", unit: str | None = None) -> Figure:
    """A measure group's claims in time order (dicts with measure_group, value, unit, outlet, published_utc)
    as a line of points, the newest LABELLED labelled (figure_chart; the web figures page)."""
    t = _t(lang)
    fig = _figure()
    base = fig._monitor_fontsize
    ax = fig.add_subplot()
    xs = [_wib_naive(p["published_utc"]) for p in points]
    ys = [p["value"] for p in points]
    ax.plot(xs, ys, color="#8d99ae", linewidth=1.5, zorder=1)
    ax.scatter(xs, ys, color="#264653", s=70, zorder=2)
    right = max(xs) - (max(xs) - min(xs)) * 0.2 if xs else None
    for p in points[-LABELLED:]:  # the newest; thousands of labels are unreadable and take minutes to draw
        x = _wib_naive(p["published_utc"])
        # labels near the right edge grow leftwards: they stay inside the axes, so the layout can skip them
        # (measuring 40 labels for the layout took a fifth of the drawing time)
        leftwards = x > right
        label = ax.annotate(f"{_number(p['value'], lang)} · {p['outlet']}", (x, p["value"]), textcoords="offset points",
                            xytext=(-6 if leftwards else 6, 8), ha="right" if leftwards else "left", fontsize=base - 4)
        label.set_in_layout(False)
    shown = points[0]["measure_group"] if points else group
    ax.set_title(t["figure"].format(group=shown))
    ax.set_xlabel(t["date"])
    unit_name = points[0]["unit"] if points else (unit or "")
    ax.set_ylabel(t["value"].format(unit=t.get(unit_name, unit_name)))
    if points:
        from matplotlib.dates import DayLocator, MonthLocator

        span = (max(xs) - min(xs)).days + 1
        ax.xaxis.set_major_locator(DayLocator(interval=-(-span // 10)) if span <= 70 else MonthLocator())
        ax.xaxis.set_major_formatter(_DateLabel(lang, "day" if span <= 70 else "month"))
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: _number(v, lang)))
        lo, hi = min(ys), max(ys)
        pad = (hi - lo) * 0.25 or abs(hi) * 0.05 or 1
        ax.set_ylim(lo - pad, hi + pad)
    else:
        _nodata(ax, lang, base)
    _style(ax, base)
    return fig


def _wib_naive(ts):
    """An instant as naive WIB wall time, so date ticks fall on WIB midnights."""
    from monitor.export.trends import LOCAL_TZ

    return ts.astimezone(LOCAL_TZ).replace(tzinfo=None)


class _DateLabel(matplotlib.ticker.Formatter):
    """Matplotlib date ticks as '6 Mei' or 'Mei 2024' (x holds naive WIB times)."""

    def __init__(self, lang: str, by: str = "day"):
        self.lang, self.by = lang, by

    def __call__(self, x, pos=None):
        from matplotlib.dates import num2date

        return _day_label(num2date(x).date(), self.by, self.lang)


def _number(value: float, lang: str) -> str:
    """61.9 → '61,9' (id) or '61.9' (en); large amounts in words: '38,6 miliar' (monitor.display)."""
    from monitor import display

    return display.amount(value, lang)


@contextmanager
def _connected(bind):
    """An Engine gets a connection closed after drawing; sessions and connections are used as they are."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            yield conn
    else:
        yield bind


def chart(bind, kind: str, q: ExportQuery, lang: str = "id", group: str | None = None, top: int = 10) -> Figure:
    """One chart as a matplotlib Figure; bind is an Engine, Connection or Session."""
    with _connected(bind) as conn:
        return _chart(conn, kind, q, lang, group, top)


def _chart(bind, kind: str, q: ExportQuery, lang: str, group: str | None, top: int) -> Figure:
    if kind == "volume":
        return volume_chart(bind, q, lang)
    if kind == "assessment":
        return assessment_chart(bind, q, lang)
    if kind == "speakers":
        return speakers_chart(bind, q, lang, top=top)
    if kind == "figure":
        if not group:
            raise ValueError("the figure chart needs a measure group (--group)")
        return figure_chart(bind, q, group, lang)
    raise ValueError(f"unknown chart {kind!r}; use one of {', '.join(CHARTS)}")


def topic_trend_png(session_or_engine: Session | Engine | Connection, topic: str, until_date: date,
                    days: int = 14, lang: str = "id") -> bytes:
    """A small PNG of a topic's daily article volume by stance over the last `days` days (for the digest)."""
    q = ExportQuery(since=until_date - timedelta(days=days - 1), until=until_date, by="day", topic=topic)
    with _connected(session_or_engine) as conn:
        return render(volume_chart(conn, q, lang, size=(6.4, 3.0), small=True), "png")


def stance_days_chart(days: list[tuple[date, str, int]], lang: str = "id", title: str = "") -> Figure:
    """Quote stance over time for one speaker or organisation: (WIB day, stance, topic labels) counts as weekly
    (monthly beyond ~200 days) stacked bars per stance (the web speaker and organisation pages)."""
    from monitor.export.trends import next_period, period_start

    t = _t(lang)
    by = "week" if not days or (days[-1][0] - days[0][0]).days <= 200 else "month"  # at most ~30 bars
    counts: dict[date, dict[str, int]] = {}
    for day, stance, n in days:
        if stance in STANCES:
            week = period_start(day, by)
            counts.setdefault(week, {s: 0 for s in STANCES})[stance] += n
    starts = sorted(counts)
    if starts:  # a gap-free grid of periods, so quiet ones show as gaps
        grid, d = [], starts[0]
        while d <= starts[-1]:
            grid.append(d)
            d = next_period(d, by)
        starts = grid
    fig = _figure((9.6, 3.6), small=True)
    base = fig._monitor_fontsize
    ax = fig.add_subplot()
    bottom = [0] * len(starts)
    for stance in STANCES:
        vals = [counts.get(s, {}).get(stance, 0) for s in starts]
        _bars(ax, vals, bottom, COLORS[stance], t[stance])
        bottom = [a + b for a, b in zip(bottom, vals)]
    ax.set_xlim(-0.6, len(starts) - 0.4)
    ax.set_ylim(0, max([*bottom, 1]) * 1.3)  # headroom for the legend
    if starts:
        _ticks(ax, starts, by, lang, base)
    else:
        _nodata(ax, lang, base)
    ax.set_title(title)
    ax.set_ylabel(t["quotes"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=base - 2, frameon=False, loc="upper left")
    _style(ax, base)
    return fig
