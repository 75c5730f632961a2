"""Build or load the Indonesian pipeline, and analyse texts with nlp.pipe.

The pipeline is: the trained NER (Settings.models_dir / ner_model; a missing or unreadable
model stops with ModelUnavailable), then our
components in this order: monitor_entities (gazetteer, acronyms, titles,
coreference), monitor_figures, monitor_quotes (needs entities for speakers),
monitor_stance (needs quotes). Loaded once per process (cached on the path).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from monitor.errors import MonitorError
from monitor.settings import Settings
from monitor.types import Analysis

COMPONENTS = ("monitor_entities", "monitor_figures", "monitor_quotes", "monitor_stance")


class ModelUnavailable(MonitorError):
    """The configured NER model is missing or cannot be read: analysis must not go on without it."""


def model_path(settings: Settings) -> Path:
    return Path(settings.models_dir) / settings.ner_model


@lru_cache(maxsize=4)
def _load(path: str, topics_file: str | None, stance_model: str | None = None) -> Language:
    import monitor.nlp.language  # noqa: F401  (registers id_news)

    # a silent gazetteer-only fallback once cost 0.26 entity F1 unnoticed: stop instead
    if not (Path(path) / "config.cfg").is_file():
        raise ModelUnavailable(f"NER model not found: {path} (set MONITOR_MODELS_DIR / MONITOR_NER_MODEL, "
                               "or reinstall monitor: the model ships inside the package)")
    try:
        nlp = spacy.load(path)
    except MonitorError:
        raise
    except Exception as exc:  # whatever a damaged folder makes spaCy/thinc/srsly raise
        raise ModelUnavailable(f"NER model {path} cannot be read ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0] if str(exc) else 'no detail'})") from exc
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            config = {"topics_file": topics_file, "transformers_model": stance_model} if name == "monitor_stance" else {}
            nlp.add_pipe(name, config=config)
    _current_abbreviations(nlp)
    return nlp


def _current_abbreviations(nlp: Language) -> None:
    """A saved pipeline keeps the tokenizer exceptions of its training day; the abbreviations file
    (data/tokenizer_abbreviations.txt, part of rules_digest) is read again so an abbreviation added
    there ("Moh.", "Muh.") is one token without retraining."""
    rules = nlp.tokenizer.rules or {}
    for word, attrs in nlp.Defaults.tokenizer_exceptions.items():
        if word not in rules:
            nlp.tokenizer.add_special_case(word, attrs)


def load_pipeline(settings: Settings) -> Language:
    from monitor.nlp.e5 import features

    features.set_threads(settings.nlp_threads)
    features.set_engine(settings.e5_engine)
    features.set_cache_dir(settings.cache_dir)
    path = model_path(settings)
    topics = str(settings.topics_file) if settings.topics_file else None
    stance_model = str(settings.transformers_model) if settings.transformers_model else None
    nlp = _load(str(path), topics, stance_model)
    embed = nlp.config["components"].get("tok2vec", {}).get("model", {}).get("embed", {})
    if str(embed.get("@architectures", "")).startswith("monitor.E5HashEmbed"):
        features.engine()  # a missing engine or wrong weights: one clear error now, not one per article
    return nlp


RULES_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=4)
def rules_digest(data_dir: Path = RULES_DIR) -> str:
    """A short hash of the rule and lexicon files the components read (gazetteer, lexicons, abbreviations;
    not the stance training sentences), so re-analysis can tell rows made under other rules."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*") if p.is_file() and p.suffix in (".tsv", ".txt", ".yaml", ".yml")):
        h.update(path.relative_to(data_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:10]


def model_version(nlp: Language) -> str:
    version = (f"{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '0')}+rules-{__import__('monitor').__version__}"
               f".{rules_digest()}")
    if "monitor_stance" in nlp.pipe_names:
        version += "+stance-" + str(getattr(nlp.get_pipe("monitor_stance"), "version", "lexicon"))
    return version


def analyse_texts(nlp: Language, texts: Iterable[str | tuple[str, str]], batch_size: int = 16,
                  n_process: int = 1) -> Iterator[Analysis]:
    """Analyses of texts; an item may be (text, headline): stance weighs the headline most."""
    from monitor.nlp.doc_text import remember_text
    from monitor.nlp.stance import TITLE_KEY
    from monitor.nlp.to_records import doc_to_analysis

    def docs():
        for item in texts:
            text, title = item if isinstance(item, tuple) else (item, "")
            doc = nlp.make_doc(text)
            remember_text(doc, text)
            if title:
                doc.user_data[TITLE_KEY] = title
            yield doc

    version = model_version(nlp)
    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        yield doc_to_analysis(doc, version)
