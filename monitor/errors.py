"""The ways a stage declines work.

Skip: the item is fine to drop and is counted by reason (not Indonesian, no
text, duplicate). FetchError: something went wrong that may succeed later; it
is retried, and a task that still fails is kept with its error in the
dead_letter table for `monitor replay` (there is no separate quarantine).
"""


class MonitorError(Exception):
    """Base of monitor's own errors: its message is meant for the user."""


class ConfigError(MonitorError):
    """A configuration file is malformed; the message names file, line and field."""


class Skip(MonitorError):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class FetchError(MonitorError):
    """An HTTP fetch failed after retries; `kind` is a short counter name."""

    def __init__(self, kind: str, detail: str = "", status: int | None = None, retry_after: float | None = None):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail
        self.status = status
        self.retry_after = retry_after
