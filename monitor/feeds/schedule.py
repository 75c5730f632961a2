"""Adaptive polling: busy feeds are polled more often, quiet and failing ones back off.

The reason string is stored with the interval so `monitor feeds` can say why.
"""
from __future__ import annotations


def next_interval(current: int | None, base: int, new_items: int, failures: int, settings_min: int,
                  settings_max: int, retry_after: float | None = None) -> tuple[int, str]:
    current = current or base
    if failures:
        interval = min(settings_max, base * 2 ** min(failures, 16))
        reason = f"backing off after {failures} failure{'s' if failures > 1 else ''}"
        if retry_after and retry_after > interval:
            interval, reason = int(retry_after), f"server asked to retry after {int(retry_after)} s"
        return max(settings_min, interval), reason
    if new_items >= 5:
        return max(settings_min, int(current / 2)), f"busy: {new_items} new items last poll"
    if new_items >= 1:
        return max(settings_min, min(current, base)), f"steady: {new_items} new item{'s' if new_items > 1 else ''} last poll"
    return min(settings_max, max(base, int(current * 1.5))), "quiet: nothing new last poll"
