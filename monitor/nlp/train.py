"""Train the shipped NER (PER/ORG/LOC) from the public Indonesian corpora.

Reads NER-UI and NER-UGM (IndoLEM fold 1) and NERGrit (IndoNLU) from a data
folder, maps their labels to PER/ORG/LOC, drops every training or dev sentence
that also occurs in a test split we report on (case- and punctuation-
insensitive), re-tokenises each sentence with our own tokenizer (so training
sees exactly what `monitor annotate` sees), and runs `spacy train` on the
committed config. The best checkpoint is saved with the monitor_entities
component appended, named and versioned after Settings.ner_model.
"""
from __future__ import annotations

import csv
import json
import logging
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from monitor.settings import Settings

log = logging.getLogger(__name__)
CONFIG = Path(__file__).parent / "configs" / "ner.cfg"
LABEL_MAP = {"PERSON": "PER", "PER": "PER", "PPL": "PER",
             "ORGANISATION": "ORG", "ORGANIZATION": "ORG", "ORG": "ORG",
             "PLACE": "LOC", "LOCATION": "LOC", "LOC": "LOC", "PLC": "LOC"}


@dataclass(frozen=True)
class CorpusSplit:
    name: str
    train: str
    dev: str
    test: str


CORPORA = (
    CorpusSplit("nerui", "indolem-nerui/train.01.tsv", "indolem-nerui/dev.01.tsv", "indolem-nerui/test.01.tsv"),
    CorpusSplit("nerugm", "indolem-nerugm/train.01.tsv", "indolem-nerugm/dev.01.tsv", "indolem-nerugm/test.01.tsv"),
    CorpusSplit("nergrit", "indonlu-nergrit/train_preprocess.txt", "indonlu-nergrit/valid_preprocess.txt",
                "indonlu-nergrit/test_preprocess.txt"),
)
# Not used: idner-news-2k (a re-annotation of NER-UGM's sentences, so training on it leaks NER-UGM test)
# and NERP (lower-cased, no ORG type: its ORG names are tagged O).


Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> list[Sentence]:
    """token<TAB>tag or space-separated columns with the tag last; blank line between sentences."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.rstrip("\r\n")
        if not line.strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if len(parts) < 2 or not parts[-1].strip():
            continue
        toks.append(parts[0])
        tags.append(parts[-1].strip())
    if toks:
        sents.append((toks, tags))
    return sents


def sentence_key(tokens: list[str]) -> str:
    """Case- and punctuation-insensitive identity of a sentence, for de-duplication."""
    return re.sub(r"[\W_]+", "", " ".join(tokens).lower())


def held_out_keys(data_dir: Path) -> set[str]:
    """Keys of every sentence of the test splits we report on: no training, dev or unlabelled text may hold one."""
    return {sentence_key(t) for c in CORPORA for t, _ in read_conll(data_dir / c.test)}


def spans(tokens: list[str], tags: list[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """Text (tokens joined by single spaces, as ner_bench writes it) and mapped entity char spans."""
    offsets, pos = [], 0
    for t in tokens:
        offsets.append((pos, pos + len(t)))
        pos += len(t) + 1
    out, cur = [], None
    for i, tag in enumerate(tags + ["O"]):
        kind, _, typ = tag.partition("-")
        if cur and (kind in ("B", "O") or (kind == "I" and typ != cur[2])):
            out.append(tuple(cur))
            cur = None
        if kind == "B" or (kind == "I" and cur is None):
            cur = [offsets[i][0], offsets[i][1], typ]
        elif kind == "I" and cur:
            cur[1] = offsets[i][1]
    mapped = [(s, e, LABEL_MAP[t.upper()]) for s, e, t in out if t.upper() in LABEL_MAP]
    return " ".join(tokens), mapped


def to_docbin(nlp, sents: list[Sentence], path: Path) -> int:
    """Write sentences as a DocBin; returns the number of entity spans that did not align with our tokens."""
    from spacy.tokens import DocBin

    db, misaligned = DocBin(store_user_data=False), 0
    for toks, tags in sents:
        text, ents = spans(toks, tags)
        doc = nlp.make_doc(text)
        keep = []
        for s, e, lab in ents:
            span = doc.char_span(s, e, label=lab, alignment_mode="contract")
            if span is None or (span.start_char, span.end_char) != (s, e):
                misaligned += 1
            if span is not None and len(span):
                keep.append(span)
        doc.ents = keep
        db.add(doc)
    db.to_disk(path)
    return misaligned


def prepare(data_dir: Path, out_dir: Path, include_dev: bool = False) -> dict:
    """Build train.spacy / dev.spacy (and per-corpus dev files) under out_dir; returns counts.

    include_dev: also train on the dev splits (for a final model once the step count is chosen on dev)."""
    import spacy

    import monitor.nlp.language  # noqa: F401

    nlp = spacy.blank("id_news")
    out_dir.mkdir(parents=True, exist_ok=True)
    test_keys = held_out_keys(data_dir)
    stats: dict = {}
    train_all: list[Sentence] = []
    dev_all: list[Sentence] = []
    for c in CORPORA:
        seen: set[str] = set()
        kept: dict[str, list[Sentence]] = {"train": [], "dev": []}
        for split in ("train", "dev"):
            for toks, tags in read_conll(data_dir / getattr(c, split)):
                key = sentence_key(toks)
                if key in test_keys or (split == "train" and key in seen):
                    continue
                seen.add(key)
                kept[split].append((toks, tags))
        stats[c.name] = {"train": len(kept["train"]), "dev": len(kept["dev"])}
        train_all += kept["train"]
        dev_all += kept["dev"]
        to_docbin(nlp, kept["dev"], out_dir / f"dev-{c.name}.spacy")
    stats["misaligned_train"] = to_docbin(nlp, train_all + (dev_all if include_dev else []), out_dir / "train.spacy")
    stats["dev_in_train"] = include_dev
    stats["misaligned_dev"] = to_docbin(nlp, dev_all, out_dir / "dev.spacy")
    return stats


# Unlabelled Indonesian text for the static vectors (their test splits are never read).
UNLABELLED_CONLL = ("indonlu-nerp/train_preprocess.txt", "indonlu-nerp/valid_preprocess.txt")
UNLABELLED_TSV = ("indonlu-smsa/train_preprocess.tsv", "indonlu-smsa/valid_preprocess.tsv")
UNLABELLED_CSV = ("nusax-senti-indonesian/train.csv", "nusax-senti-indonesian/valid.csv")


def unlabelled_text(data_dir: Path, out_file: Path) -> int:
    """Lower-cased, tokenised sentences from the train/dev splits of every corpus, minus test sentences."""
    import spacy

    import monitor.nlp.language  # noqa: F401

    nlp = spacy.blank("id_news")
    lines = [" ".join(t.lower_ for t in nlp.make_doc(x) if not t.is_space) for x in _unlabelled(data_dir)]
    out_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sum(len(x.split()) for x in lines)


def pretraining_text(data_dir: Path, out_file: Path) -> int:
    """The same sentences, cased, as JSONL for `spacy pretrain` (case is what tells names apart)."""
    texts = _unlabelled(data_dir)
    out_file.write_text("".join(json.dumps({"text": x}, ensure_ascii=False) + "\n" for x in texts), encoding="utf-8")
    return len(texts)


def _unlabelled(data_dir: Path) -> list[str]:
    test_keys = held_out_keys(data_dir)
    texts: list[str] = []
    for c in CORPORA:
        texts += [" ".join(t) for split in (c.train, c.dev) for t, _ in read_conll(data_dir / split)]
    texts += [" ".join(t) for f in UNLABELLED_CONLL if (data_dir / f).exists() for t, _ in read_conll(data_dir / f)]
    for f in UNLABELLED_TSV:
        if (data_dir / f).exists():
            texts += [line.rsplit("\t", 1)[0] for line in (data_dir / f).read_text(encoding="utf-8").splitlines()]
    for f in UNLABELLED_CSV:
        if (data_dir / f).exists():
            with open(data_dir / f, encoding="utf-8") as fh:
                texts += [row["text"] for row in csv.DictReader(fh)]
    return [x for x in texts if sentence_key(x.split()) not in test_keys]


# News sentences without entity labels, for silver data (distillation): POSP is lower-cased, so it is
# re-cased first (recase); its test split is left out like every corpus's.
SILVER_CONLL = ("indonlu-posp/train_preprocess.txt", "indonlu-posp/valid_preprocess.txt")


def case_forms(data_dir: Path) -> dict[str, str]:
    """lower-cased word -> its most frequent cased form inside sentences of the cased NER train/dev
    splits (sentence-initial words left out: their capital says nothing)."""
    from collections import Counter, defaultdict

    forms: dict[str, Counter] = defaultdict(Counter)
    for c in CORPORA:
        for split in (c.train, c.dev):
            for toks, _ in read_conll(data_dir / split):
                for tok in toks[1:]:
                    forms[tok.lower()][tok] += 1
    out = {}
    for low, cnt in forms.items():
        best, n = cnt.most_common(1)[0]
        out[low] = best if n >= 0.8 * sum(cnt.values()) else low  # a word seen both ways stays as written
    return out


def recase(tokens: list[str], tags: list[str], forms: dict[str, str]) -> list[str]:
    """A lower-cased POS-tagged sentence as news prints it: the cased form seen in cased text, proper
    nouns (NNP) with a capital where no form was seen, and a capital at the start of each sentence."""
    out, start = [], True
    for tok, tag in zip(tokens, tags):
        seen = forms.get(tok.lower())
        word = seen if seen and seen != seen.lower() else tok
        if tag.endswith("NNP") and word == word.lower():
            word = word[:1].upper() + word[1:]
        if start and word[:1].isalpha():
            word = word[:1].upper() + word[1:]
        start = tok in (".", "!", "?") or (start and not tok[:1].isalnum())
        out.append(word)
    return out


def silver_docs(data_dir: Path, teacher: Path, out_file: Path, batch_size: int = 64) -> int:
    """Sentences of SILVER_CONLL, re-cased, minus any test sentence, labelled by the teacher
    pipeline's statistical NER (its monitor_entities rules left out: the student learns the model), as
    a DocBin. Returns the number of sentences."""
    import spacy
    from spacy.tokens import DocBin

    import monitor.nlp.language  # noqa: F401

    test_keys = held_out_keys(data_dir)
    forms = case_forms(data_dir)
    texts = [" ".join(recase(toks, tags, forms)) for f in SILVER_CONLL if (data_dir / f).exists()
             for toks, tags in read_conll(data_dir / f) if len(toks) >= 4 and sentence_key(toks) not in test_keys]
    nlp = spacy.load(teacher, exclude=["monitor_entities"])
    db = DocBin(store_user_data=False)
    for doc in nlp.pipe(texts, batch_size=batch_size):
        db.add(doc)
    db.to_disk(out_file)
    return len(texts)


def add_docs(into: Path, extra: Path) -> int:
    """Append the docs of DocBin `extra` to DocBin `into`; returns how many were added."""
    from spacy.tokens import DocBin

    merged, more = DocBin().from_disk(into), DocBin().from_disk(extra)
    merged.merge(more)
    merged.to_disk(into)
    return len(more)


def train_vectors(data_dir: Path, work: Path, dim: int = 100, bucket: int = 50000, epoch: int = 10) -> Path:
    """floret (subword) vectors from the unlabelled text, as a spaCy vectors folder keyed on LOWER."""
    import floret  # training-only dependency
    import spacy
    from spacy.training.initialize import convert_vectors

    words = unlabelled_text(data_dir, work / "unlabelled.txt")
    log.info("vectors: %d words of unlabelled text", words)
    model = floret.train_unsupervised(str(work / "unlabelled.txt"), model="cbow", mode="floret", hashCount=2,
                                      bucket=bucket, minn=3, maxn=5, minCount=2, dim=dim, epoch=epoch,
                                      thread=1, verbose=0)
    model.save_floret_vectors(str(work / "vectors.floret"))
    nlp = spacy.blank("id_news")
    convert_vectors(nlp, work / "vectors.floret", truncate=0, prune=-1, name="id_monitor_floret",
                    mode="floret", attr="LOWER")
    nlp.to_disk(work / "vectors")
    return work / "vectors"


def pretrain_tok2vec(config: Path, data_dir: Path, work: Path, opts: dict, epochs: int) -> Path:
    """`spacy pretrain` (characters objective) on the cased unlabelled text; returns the weights file."""
    from spacy.training.pretrain import pretrain
    from spacy.util import load_config

    n = pretraining_text(data_dir, work / "raw.jsonl")
    log.info("pretraining: %d sentences, %d epochs", n, epochs)
    cfg = load_config(config, overrides={**opts, "paths.raw_text": str(work / "raw.jsonl"),
                                         "pretraining.max_epochs": epochs}, interpolate=False).interpolate()
    (work / "pretrain").mkdir(parents=True, exist_ok=True)
    pretrain(cfg, work / "pretrain", silent=True)
    return work / "pretrain" / f"model{epochs - 1}.bin"


def train_ner(settings: Settings, data_dir: Path, output: Path | None = None, max_steps: int | None = None,
              config: Path = CONFIG, work_dir: Path | None = None, overrides: dict | None = None,
              include_dev: bool = False, pretrain_epochs: int = 0, teacher: Path | None = None) -> Path:
    """Prepare the corpora, train with `config`, save the best model with monitor_entities to `output`.

    With include_dev the dev splits are trained on too, so the last checkpoint (at max_steps) is kept.
    pretrain_epochs > 0 first pretrains tok2vec on the unlabelled text (off by default: it did not
    help on dev, see models/README.md). teacher: a trained pipeline whose labels on re-cased news
    sentences (silver_docs) are added to the training data (distillation into a cheaper student)."""
    from spacy.cli.train import train as spacy_train

    output = Path(output or Path(settings.models_dir) / settings.ner_model)
    work = Path(work_dir or tempfile.mkdtemp(prefix="monitor-ner-"))
    work.mkdir(parents=True, exist_ok=True)
    stats = prepare(Path(data_dir), work, include_dev=include_dev)
    if teacher is not None:
        silver_docs(Path(data_dir), Path(teacher), work / "silver.spacy")
        stats["silver"] = add_docs(work / "train.spacy", work / "silver.spacy")
    log.info("training data: %s", stats)
    opts = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
            "paths.vectors": str(train_vectors(Path(data_dir), work))}
    if max_steps is not None:
        opts["training.max_steps"] = max_steps
    opts.update(overrides or {})
    if pretrain_epochs > 0:
        opts["paths.init_tok2vec"] = str(pretrain_tok2vec(config, Path(data_dir), work, opts, pretrain_epochs))
    from monitor.nlp.e5 import features

    features.CACHE = features.StateCache(max_words=600_000)  # each sentence's e5 states once, not per epoch (≤0.9 GB)
    try:
        spacy_train(config, work / "out", overrides=opts)
    finally:
        features.CACHE = features.StateCache()
    package_model(settings, work / "out" / ("model-last" if include_dev else "model-best"), output, stats)
    (work / "stats.json").write_text(json.dumps(stats, indent=2))
    if work_dir is None:  # our own temporary folder: corpora, vectors and checkpoints are not needed now
        shutil.rmtree(work, ignore_errors=True)
    return output


def package_model(settings: Settings, model_dir: Path, output: Path, stats: dict | None = None) -> Path:
    """Name and version a trained checkpoint after Settings.ner_model, append monitor_entities, save."""
    import spacy

    import monitor.nlp.entities  # noqa: F401  (registers monitor_entities)

    nlp = spacy.load(model_dir)
    for key in ("train", "dev", "vectors", "init_tok2vec", "raw_text"):  # machine-specific paths out of the shipped config
        nlp.config["paths"][key] = None
    # named after the output folder when it reads name-version (`-o models/id_x-1.0`), else after the setting
    label = output.name if re.fullmatch(r"[\w.]+-\d+(\.\d+)*", output.name) else settings.ner_model
    name, _, version = label.rpartition("-")
    nlp.meta.update({"name": name, "version": version, "lang": "id_news",
                     "description": "Indonesian news NER (PER/ORG/LOC) with gazetteer, acronym and name linking",
                     "license": "research use; see models/README.md", "monitor_training_data": stats or {}})
    if "monitor_entities" not in nlp.pipe_names:
        nlp.add_pipe("monitor_entities")
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    return output
