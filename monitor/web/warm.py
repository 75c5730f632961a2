"""Charts drawn ahead of the visitor.

A chart image is cached per process until the store changes (monitor.store.stamp); the first visitor after a
change waited for it to be drawn again: up to 0.3 s for the biggest organisation on a million claims, most of
a second for a dashboard chart before its counts moved into SQL. `monitor serve` starts a ChartWarmer: a
daemon thread that looks at the store's change marker every `chart_prewarm_interval` seconds and, when it
moved, draws what visitors ask for first (the page module decides what: the dashboard's default charts, the
figures page, the most quoted speakers and organisations) into the same caches the routes read.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from sqlalchemy.engine import Engine

from monitor.store.stamp import change_stamp

log = logging.getLogger("monitor.web.warm")


class ChartWarmer:
    """Redraws the charts `draw(stamp) -> count` names whenever the store's change marker moves."""

    def __init__(self, engine: Engine, draw: Callable[[tuple], int], interval: float = 30.0):
        self.engine, self.draw, self.interval = engine, draw, interval
        self.stamp: tuple | None = None
        self.drawn = 0  # charts drawn since start (for logs and tests)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Draw ahead if the store changed since the last pass; how many charts were drawn (0: nothing changed).
        A failure is logged and tried again at the next change check, never raised into the server."""
        try:
            with self.engine.connect() as conn:
                stamp = change_stamp(conn)
            if stamp == self.stamp:
                return 0
            started = time.perf_counter()
            n = self.draw(stamp)
        except Exception as e:  # noqa: BLE001  (a background helper: the pages still draw on demand)
            log.warning("charts not drawn ahead", extra={"error": f"{type(e).__name__}: {e}"})
            return 0
        self.stamp, self.drawn = stamp, self.drawn + n
        log.info("charts drawn ahead", extra={"charts": n, "seconds": round(time.perf_counter() - started, 2)})
        return n

    def start(self) -> None:
        if self._thread is None and self.interval > 0:
            self._thread = threading.Thread(target=self._loop, name="monitor-chart-warmer", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval)
