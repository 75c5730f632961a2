"""The `monitor` command: thin. Parse arguments, build Settings once, call a function."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

try:  # typer ≥ 0.20 carries its own copy of click
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover
    from click.exceptions import UsageError

from monitor import __version__
from monitor.cliutil import fail as _fail, load_settings as _settings


class _Group(TyperGroup):
    """Every command below runs here: an operator's mistake becomes one line and exit code 2 (see mistakes.py)."""

    def invoke(self, ctx):  # noqa: ANN001, ANN201
        try:
            return super().invoke(ctx)
        except UsageError as exc:  # a bad argument or option of a subcommand
            if ctx.params.get("debug"):
                raise
            where = exc.ctx.command_path.split(" ", 1)[1] + ": " if exc.ctx and " " in exc.ctx.command_path else ""
            typer.echo(f"error: {where}{exc.format_message()}", err=True)
            raise typer.Exit(2) from None
        except Exception as exc:
            from monitor.mistakes import explain

            message = None if ctx.params.get("debug") else explain(exc)
            if message is None:
                raise
            typer.echo(f"error: {' '.join(message.split())}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(help="monitor: who said what about UMKM partnership and financial inclusion, from Indonesian news.",
                  no_args_is_help=True, add_completion=False, cls=_Group)
train_app = typer.Typer(help="Train the NLP models shipped in models/.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the NLP models.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"monitor {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error instead of one line."),
) -> None:
    """monitor: who said what about UMKM partnership and financial inclusion, from Indonesian news."""


@app.command()
def annotate(
    input: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                 help="JSONL of articles: id, text, optional title, published, url."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write predictions (JSONL; every field in docs/annotate.md)."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Articles per nlp.pipe batch."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Processes for nlp.pipe."),
) -> None:
    """Annotate articles: entities, quotes, figures and stance, as JSONL."""
    from monitor.nlp.annotate import annotate_file

    from monitor.errors import MonitorError

    settings = _settings()
    _check_utf8(input, "annotate")  # before the model loads
    try:
        stats = annotate_file(settings, input, output, batch_size=batch_size, n_process=n_process)
    except MonitorError as exc:
        _fail(f"annotate: {exc}")
    typer.echo(f"annotated {stats.written} articles, skipped {stats.bad_lines} bad lines -> {output}", err=True)


def _check_utf8(path: Path, command: str) -> None:
    """A file that is not UTF-8 text is the operator's to fix: say which, and where, in one line."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                _fail(f"{command}: {path} is not UTF-8 text (byte {done + exc.start + 1}); save it as UTF-8")
            done += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        _fail(f"{command}: {path} is not UTF-8 text (it ends inside a character); save it as UTF-8")


@train_app.command("ner")
def train_ner_cmd(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Model folder to write (default: models/<ner_model>)."),
    data_dir: Path = typer.Option(Path("../shared/data"), "--data", help="Folder with the public NER corpora."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Override training steps (for quick runs)."),
    include_dev: bool = typer.Option(False, "--include-dev", help="Also train on the dev splits (keeps the last checkpoint)."),
    config: Optional[Path] = typer.Option(None, "--config", help="spaCy training config (default: monitor/nlp/configs/ner.cfg, "
                                          "with e5 features; ner-cnn.cfg beside it trains the faster CNN-only model)."),
    pretrain_epochs: int = typer.Option(0, "--pretrain-epochs", help="Epochs of `spacy pretrain` on the unlabelled text first (0, the default: none; it did not help on dev)."),
    teacher: Optional[Path] = typer.Option(None, "--teacher", help="A trained pipeline folder whose labels on re-cased POSP news sentences are added as silver training data (distilling it into the config's model, e.g. ner-fast.cfg)."),
) -> None:
    """Train the NER pipeline from the public corpora (see models/README.md)."""
    from monitor.nlp.train import train_ner

    settings = _settings()
    from monitor.nlp.train import CONFIG

    if config is not None and not config.is_file():
        _fail(f"train ner: no config file {config}")
    if teacher is not None and not (teacher / "meta.json").is_file():
        _fail(f"train ner: {teacher} is not a trained pipeline folder (no meta.json)")
    train_ner(settings, data_dir=data_dir, output=output, max_steps=max_steps, include_dev=include_dev,
              pretrain_epochs=pretrain_epochs, config=config or CONFIG, teacher=teacher)


@eval_app.command("ner")
def eval_ner_cmd(test_file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                                  help="CoNLL/TSV test file (token<TAB>tag).")) -> None:
    """Micro and type-macro F1 of the NER on a CoNLL/TSV file (same figures as ner_bench.py)."""
    import re

    from monitor.nlp.evaluate import eval_ner

    settings = _settings()
    tag = re.compile(r"\s(?:O|[BIESLU]-[A-Za-z_]+)\s*$")
    with open(test_file, encoding="utf-8", errors="replace") as fh:
        if not any(tag.search(line) for line in fh):
            _fail(f"eval ner: {test_file} has no token<TAB>tag lines (CoNLL/TSV, e.g. 'Jakarta\tB-LOC')")
    result = eval_ner(settings, test_file)
    typer.echo(json.dumps(result, indent=2))


def register_commands(target: typer.Typer) -> None:
    """Copy every service's commands onto the `monitor` command, in help order (explicit: no import side effects)."""
    from monitor.demo import commands as demo_commands
    from monitor.digest import commands as digest_commands
    from monitor.export import commands as export_commands
    from monitor.jobs import extract_commands
    from monitor.jobs import commands as jobs_commands
    from monitor.search import commands as search_commands
    from monitor.speakers import commands as speakers_commands
    from monitor.web import commands as web_commands

    for module in (jobs_commands, extract_commands, demo_commands, search_commands, web_commands, digest_commands,
                   export_commands, speakers_commands):
        target.registered_commands.extend(module.app.registered_commands)
        target.registered_groups.extend(module.app.registered_groups)
    target.add_typer(web_commands.users_app, name="users")
    target.add_typer(digest_commands.alerts_app, name="alerts")


register_commands(app)


def main() -> None:
    """The `monitor` console script. When the command is done the process only exits: the objects
    left are freed by the OS, so they are frozen out of the collector first (gc.freeze). Otherwise
    the interpreter's final collections walk every object spaCy, numpy and the imports made, which
    took 0.17-0.2 s of a one-article `monitor annotate` (about an eighth of its wall time).
    Finalisation itself still runs: atexit handlers, flushing, and objects freed by reference count."""
    import gc

    try:
        app()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
