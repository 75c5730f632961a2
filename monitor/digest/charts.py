"""Trend charts for the digest: the export module's chart, or a small local one when that is unavailable."""
from __future__ import annotations

import io
import logging

from sqlalchemy.engine import Engine

from monitor.digest.build import Digest, TopicCount

log = logging.getLogger(__name__)


def fallback_png(topic: TopicCount, label: str) -> bytes:
    """A 14-day bar chart of articles per day, drawn from the digest's own counts."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.9, 1.5), dpi=100)
    ax = fig.add_subplot()
    days = [d for d, _n in topic.daily]
    values = [n for _d, n in topic.daily]
    colours = ["#9ec5e8"] * (len(values) - 1) + ["#0b3b60"]
    ax.bar(range(len(values)), values, color=colours, width=0.7)
    ax.set_xticks(range(len(values)), [d.strftime("%d/%m") for d in days], fontsize=7, color="#667085")
    ax.tick_params(axis="y", labelsize=7, colors="#667085")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout(pad=0.4)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def topic_charts(engine: Engine | None, digest: Digest, cache: dict | None = None) -> dict[str, bytes]:
    """One PNG per subscribed topic; a failing chart never stops the digest.

    `cache` (one per scheduler cycle) shares the store-wide charts between subscribers of the same day.
    """
    from monitor.digest.render import strings

    lang = digest.subscriber.language
    out: dict[str, bytes] = {}
    if digest.empty:  # the short "nothing new" mail carries no charts
        return out
    for t in digest.topics:
        label = f"{strings(lang)[t.topic]} · {strings(lang)['trend']}"
        png = None
        if engine is not None:
            try:
                from monitor.export.charts import topic_trend_png
            except ImportError:
                topic_trend_png = None
            if topic_trend_png is not None:
                key = (t.topic, digest.period.day, lang)
                try:
                    png = cache.get(key) if cache is not None else None
                    if png is None:
                        png = topic_trend_png(engine, t.topic, digest.period.day, days=14, lang=lang)
                        if cache is not None:
                            cache[key] = png
                except Exception:  # noqa: BLE001  (a chart is decoration; the digest still goes out)
                    log.warning("topic chart failed, using the digest's own", exc_info=True, extra={"topic": t.topic})
        try:
            out[t.topic] = png or fallback_png(t, label)
        except Exception:  # noqa: BLE001
            log.warning("fallback chart failed", exc_info=True, extra={"topic": t.topic})
    return out
