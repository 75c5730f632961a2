"""Build or load the Indonesian pipeline, and analyse texts with nlp.pipe.

The pipeline is: the trained NER from models/ (if present), then our
components in this order: monitor_entities (gazetteer, acronyms, titles,
coreference), monitor_figures, monitor_quotes (needs entities for speakers),
monitor_stance (needs quotes). Loaded once per process (cached on the path).
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from monitor.settings import Settings
from monitor.types import Analysis

log = logging.getLogger(__name__)
COMPONENTS = ("monitor_entities", "monitor_figures", "monitor_quotes", "monitor_stance")


def model_path(settings: Settings) -> Path:
    return Path(settings.models_dir) / settings.ner_model


@lru_cache(maxsize=4)
def _load(path: str | None, topics_file: str | None, stance_model: str | None = None) -> Language:
    import monitor.nlp.language  # noqa: F401  (registers id_news)

    if path and Path(path).exists():
        nlp = spacy.load(path)
    else:
        if path:
            log.warning("NER model %s not found; entities come from the gazetteer only", path)
        nlp = spacy.blank("id_news")
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            config = {"topics_file": topics_file, "transformers_model": stance_model} if name == "monitor_stance" else {}
            nlp.add_pipe(name, config=config)
    return nlp


def load_pipeline(settings: Settings) -> Language:
    from monitor.nlp.e5 import features

    if settings.nlp_threads:
        features.set_threads(settings.nlp_threads)
    path = model_path(settings)
    topics = str(settings.topics_file) if settings.topics_file else None
    stance_model = str(settings.transformers_model) if settings.transformers_model else None
    nlp = _load(str(path), topics, stance_model)
    embed = nlp.config["components"].get("tok2vec", {}).get("model", {}).get("embed", {})
    if str(embed.get("@architectures", "")).startswith("monitor.E5HashEmbed"):
        features.engine()  # a missing engine or wrong weights: one clear error now, not one per article
    return nlp


def model_version(nlp: Language) -> str:
    version = f"{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '0')}+rules-{__import__('monitor').__version__}"
    if "monitor_stance" in nlp.pipe_names:
        version += "+stance-" + str(getattr(nlp.get_pipe("monitor_stance"), "version", "lexicon"))
    return version


def analyse_texts(nlp: Language, texts: Iterable[str | tuple[str, str]], batch_size: int = 16,
                  n_process: int = 1) -> Iterator[Analysis]:
    """Analyses of texts; an item may be (text, headline): stance weighs the headline most."""
    from monitor.nlp.stance import TITLE_KEY
    from monitor.nlp.to_records import doc_to_analysis

    def docs():
        for item in texts:
            text, title = item if isinstance(item, tuple) else (item, "")
            doc = nlp.make_doc(text)
            if title:
                doc.user_data[TITLE_KEY] = title
            yield doc

    version = model_version(nlp)
    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        yield doc_to_analysis(doc, version)
