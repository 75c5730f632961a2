"""The `monitor` command: thin. Parse arguments, build Settings once, call a function."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from monitor.cliutil import fail as _fail, load_settings as _settings

app = typer.Typer(help="monitor: who said what about UMKM partnership and financial inclusion, from Indonesian news.",
                  no_args_is_help=True, add_completion=False)
train_app = typer.Typer(help="Train the NLP models shipped in models/.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the NLP models.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")


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


def register_commands(target: typer.Typer) -> None:
    """Copy every service's commands onto the `monitor` command, in help order (explicit: no import side effects)."""
    from monitor.demo import commands as demo_commands
    from monitor.digest import commands as digest_commands
    from monitor.export import commands as export_commands
    from monitor.jobs import commands as jobs_commands
    from monitor.search import commands as search_commands
    from monitor.web import commands as web_commands

    for module in (jobs_commands, demo_commands, search_commands, web_commands, digest_commands, export_commands):
        target.registered_commands.extend(module.app.registered_commands)


register_commands(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
