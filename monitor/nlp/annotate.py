"""`monitor annotate`: JSONL articles in, predictions in the ANNOTATION.md schema out.

Every quality measurement runs through this, so it writes everything the
Analysis holds (entities with exact mention offsets, quotes, figures,
stance) and never stops on a bad line: it reports it and goes on.
"""
from __future__ import annotations

import json
import logging
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from monitor.errors import MonitorError
from monitor.settings import Settings
from monitor.types import Analysis, TopicLabel

log = logging.getLogger(__name__)
TOPICS = ("umkm_partnership", "financial_inclusion")


@dataclass
class AnnotateStats:
    written: int = 0
    bad_lines: int = 0
    errors: list[str] = field(default_factory=list)  # "line N: why"


def _stance(labels: tuple[TopicLabel, ...], topics: tuple[str, ...] = TOPICS) -> dict:
    by_topic = {t.topic: t for t in labels}
    return {name: ({"stance": by_topic[name].stance, "assessment": by_topic[name].assessment,
                    "score": round(by_topic[name].score, 4), "evidence": list(by_topic[name].evidence)}
                   if name in by_topic else None) for name in topics}


def to_json(article: dict, analysis: Analysis) -> dict:
    """One output line: the input's fields plus the Analysis in the ANNOTATION.md schema."""
    quotes = []
    for q in analysis.quotes:
        stance = {k: v for k, v in _stance(q.topics, tuple(t.topic for t in q.topics)).items() if v}
        quotes.append({"speaker": q.speaker, "speaker_role": q.speaker_role, "speaker_org": q.speaker_org,
                       "quote": q.text, "kind": q.kind, "cue": q.cue, "start": q.start, "end": q.end,
                       "stance": stance or None})
    return {
        "id": article["id"],
        **{k: article.get(k) for k in ("url", "outlet", "title", "published") if k in article},
        "text": article["text"],
        "entities": [{"text": e.text, "label": e.label, "mentions": [list(m) for m in e.mentions],
                      "alias_of": e.alias_of, "role": e.role} for e in analysis.entities],
        "quotes": quotes,
        "figures": [{"text": f.text, "value": f.value, "unit": f.unit, "subject": f.subject,
                     "qualifier": f.qualifier, "start": f.start, "end": f.end, "unit_word": f.unit_word,
                     "speaker": f.speaker, "change_group": f.change_group, "range_group": f.range_group,
                     **({"range": [f.range_low, f.range_high]} if f.range_low is not None else {}),
                     **({"previous": f.previous} if f.previous is not None else {})}
                    for f in analysis.figures],
        "stance": _stance(analysis.topics),
        "model_version": analysis.model_version,
        **({"skipped": analysis.skipped} if analysis.skipped else {}),
    }


def read_articles(path: Path, stats: AnnotateStats) -> Iterator[dict]:
    """Valid articles of a JSONL file; bad lines are counted, logged with their number, and skipped."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                why = f"not JSON ({exc.msg})"
            else:
                if not isinstance(obj, dict):
                    why = "not a JSON object"
                elif obj.get("id") in (None, ""):
                    why = "no id"
                elif not isinstance(obj.get("text"), str):
                    why = "no text"
                else:
                    obj["id"] = str(obj["id"])
                    yield obj
                    continue
            stats.bad_lines += 1
            stats.errors.append(f"line {n}: {why}")
            log.warning("%s line %d skipped: %s", path, n, why)


def annotate_file(settings: Settings, input: Path, output: Path, batch_size: int = 16,
                  n_process: int = 1, progress: bool = True) -> AnnotateStats:
    """Annotate every valid article of `input` into `output` (JSONL), streaming with nlp.pipe."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.console import Console

    from monitor.nlp.pipeline import analyse_texts, load_pipeline

    if batch_size < 1 or n_process < 1:
        raise MonitorError(f"batch size and process count must be at least 1 (got {batch_size}, {n_process})")
    if not Path(input).is_file():
        raise MonitorError(f"no such file: {input}")  # before the model loads, which takes seconds
    stats = AnnotateStats()
    from monitor.nlp.e5.features import for_processes

    settings = for_processes(settings, n_process)  # each process encodes with its share of the cores
    nlp = load_pipeline(settings)
    total = sum(1 for line in open(input, encoding="utf-8") if line.strip())
    pending: deque[dict] = deque()

    def texts() -> Iterator[tuple[str, str]]:
        for art in read_articles(Path(input), stats):
            pending.append(art)
            yield art["text"], str(art.get("title") or "")

    console = Console(file=sys.stderr)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8") as out, Progress(
            TextColumn("annotating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, disable=not progress, transient=False) as bar:
        task = bar.add_task("annotate", total=total)
        for analysis in analyse_texts(nlp, texts(), batch_size=batch_size, n_process=n_process):
            art = pending.popleft()
            out.write(json.dumps(to_json(art, analysis), ensure_ascii=False) + "\n")
            stats.written += 1
            bar.update(task, completed=stats.written + stats.bad_lines)
        bar.update(task, completed=total)
    return stats
