"""Files of the e5 cache written whole or not at all: a temporary file in the same folder, flushed to disk,
then renamed over the target, so a reader (another worker, the next start) never sees half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Callable


def write_atomic(target: Path, write: Callable[[IO], None], binary: bool = False) -> None:
    """Create target's folder, write it through `write(file)` and rename it into place; an OSError (read-only
    folder, full disk) leaves nothing behind and reaches the caller, which decides what to do without a cache."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
