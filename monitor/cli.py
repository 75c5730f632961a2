"""The `monitor` command: thin. Parse arguments, build Settings once, call a function."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from monitor.settings import Settings

app = typer.Typer(help="monitor: who said what about UMKM partnership and financial inclusion, from Indonesian news.",
                  no_args_is_help=True, add_completion=False)
train_app = typer.Typer(help="Train the NLP models shipped in models/.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the NLP models.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")


def _settings() -> Settings:
    from monitor.logs import setup_logging

    settings = Settings()
    setup_logging(settings)
    return settings


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def annotate(
    input: Path = typer.Argument(..., help="JSONL of articles: id, text, optional title, published, url."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write predictions (JSONL, ANNOTATION.md schema)."),
    batch_size: int = typer.Option(16, "--batch-size", help="Articles per nlp.pipe batch."),
    n_process: int = typer.Option(1, "--n-process", help="Processes for nlp.pipe."),
) -> None:
    """Annotate articles: entities, quotes, figures and stance, as JSONL."""
    from monitor.nlp.annotate import annotate_file

    from monitor.errors import MonitorError

    settings = _settings()
    try:
        stats = annotate_file(settings, input, output, batch_size=batch_size, n_process=n_process)
    except MonitorError as exc:
        _fail(f"annotate: {exc}")
    typer.echo(f"annotated {stats.written} articles, skipped {stats.bad_lines} bad lines -> {output}", err=True)


@train_app.command("ner")
def train_ner_cmd(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Model folder to write (default: models/<ner_model>)."),
    data_dir: Path = typer.Option(Path("../shared/data"), "--data", help="Folder with the public NER corpora."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Override training steps (for quick runs)."),
    include_dev: bool = typer.Option(False, "--include-dev", help="Also train on the dev splits (keeps the last checkpoint)."),
    config: Optional[Path] = typer.Option(None, "--config", help="spaCy training config (default: monitor/nlp/configs/ner.cfg, "
                                          "with e5 features; ner-cnn.cfg beside it trains the faster CNN-only model)."),
    pretrain_epochs: int = typer.Option(0, "--pretrain-epochs", help="Epochs of `spacy pretrain` on the unlabelled text first (0, the default: none; it did not help on dev)."),
) -> None:
    """Train the NER pipeline from the public corpora (see models/README.md)."""
    from monitor.nlp.train import train_ner

    settings = _settings()
    from monitor.nlp.train import CONFIG

    if config is not None and not config.is_file():
        _fail(f"train ner: no config file {config}")
    train_ner(settings, data_dir=data_dir, output=output, max_steps=max_steps, include_dev=include_dev,
              pretrain_epochs=pretrain_epochs, config=config or CONFIG)


@eval_app.command("ner")
def eval_ner_cmd(test_file: Path = typer.Argument(..., help="CoNLL/TSV test file (token<TAB>tag).")) -> None:
    """Micro and type-macro F1 of the NER on a CoNLL/TSV file (same figures as ner_bench.py)."""
    from monitor.nlp.evaluate import eval_ner

    settings = _settings()
    result = eval_ner(settings, test_file)
    typer.echo(json.dumps(result, indent=2))


def main() -> None:
    from monitor import commands  # noqa: F401  (registers the ingestion/service commands)
    from monitor.errors import MonitorError

    try:
        app()
    except MonitorError as exc:  # its message is for the user (e.g. no NER model): one line, no traceback
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
