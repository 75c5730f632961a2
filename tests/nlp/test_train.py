"""`monitor train ner` end to end on a tiny corpus written here (no ../shared needed):
corpus reading and label mapping, test-sentence removal, floret vectors, `spacy pretrain`,
`spacy train` on the committed config, and packaging with monitor_entities."""
from __future__ import annotations

import logging
import random

import pytest

pytestmark = pytest.mark.slow

PEOPLE = ["Siti Rahayu", "Bambang Wijaya", "Dewi Lestari", "Agus Salim", "Rina Marlina", "Joko Susilo"]
ORGS = ["Bank Rakyat Indonesia", "Kementerian Koperasi", "Koperasi Maju Bersama", "Kadin", "OJK", "Universitas Padjadjaran"]
PLACES = ["Bandung", "Surabaya", "Makassar", "Medan", "Jawa Barat", "Denpasar"]
TEMPLATES = [
    ("{p} dari {o} meninjau pasar di {l} .", "PER ORG LOC"),
    ("Warga {l} menyambut {p} yang datang bersama {o} .", "LOC PER ORG"),
    ("{o} menyalurkan kredit usaha bagi pedagang di {l} , kata {p} .", "ORG LOC PER"),
]
TAGS = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}


def _sentence(rng: random.Random) -> list[tuple[str, str]]:
    tpl, _ = rng.choice(TEMPLATES)
    fill = {"p": rng.choice(PEOPLE), "o": rng.choice(ORGS), "l": rng.choice(PLACES)}
    label = {"p": "PER", "o": "ORG", "l": "LOC"}
    out: list[tuple[str, str]] = []
    for word in tpl.split():
        if word.startswith("{"):
            key = word[1]
            for i, tok in enumerate(fill[key].split()):
                out.append((tok, ("B-" if i == 0 else "I-") + TAGS[label[key]]))
        else:
            out.append((word, "O"))
    return out


def _write(path, sents, sep="\t") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join("\n".join(f"{t}{sep}{g}" for t, g in s) for s in sents) + "\n", encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path):
    rng = random.Random(7)
    root = tmp_path / "data"
    for corpus, files in (("indolem-nerui", ("train.01.tsv", "dev.01.tsv", "test.01.tsv")),
                          ("indolem-nerugm", ("train.01.tsv", "dev.01.tsv", "test.01.tsv")),
                          ("indonlu-nergrit", ("train_preprocess.txt", "valid_preprocess.txt", "test_preprocess.txt"))):
        train = [_sentence(rng) for _ in range(40)]
        test = [_sentence(rng) for _ in range(5)]
        leaked = [(t.upper(), g) for t, g in test[0]]  # a test sentence again, in capitals: must be removed
        _write(root / corpus / files[0], train + [leaked])
        _write(root / corpus / files[1], [_sentence(rng) for _ in range(6)])
        _write(root / corpus / files[2], test)
    return root


@pytest.mark.parametrize("pretrain_epochs,config,embed", [(0, "ner.cfg", "monitor.E5HashEmbed.v1"),
                                                          (1, "ner.cfg", "monitor.E5HashEmbed.v1"),
                                                          (0, "ner-cnn.cfg", "spacy.MultiHashEmbed.v2")])
def test_train_ner_end_to_end(data_dir, tmp_path, settings, pretrain_epochs, config, embed, caplog):
    pytest.importorskip("floret")
    import spacy

    import monitor.nlp.language  # noqa: F401

    from monitor.nlp.train import prepare, train_ner

    from spacy.tokens import DocBin

    from monitor.nlp.train import CORPORA, read_conll

    stats = prepare(data_dir, tmp_path / "prep")
    assert stats["misaligned_train"] == 0 and all(stats[c.name]["train"] <= 40 for c in CORPORA)
    test = {" ".join(t).lower() for c in CORPORA for t, _ in read_conll(data_dir / c.test)}
    train = [d.text.lower() for d in DocBin().from_disk(tmp_path / "prep" / "train.spacy").get_docs(spacy.blank("id_news").vocab)]
    assert len(train) >= 100 and not test & set(train)  # the capitalised copies of test sentences were removed

    work = tmp_path / "work"
    caplog.set_level(logging.INFO, logger="spacy")
    from monitor.nlp.train import CONFIG

    out = train_ner(settings, data_dir, output=tmp_path / "id_uji_ner-0.0.1", max_steps=30, work_dir=work,
                    pretrain_epochs=pretrain_epochs, config=CONFIG.parent / config)
    assert (work / "pretrain" / "model0.bin").exists() == bool(pretrain_epochs)  # tok2vec pretrained when asked …
    # … and the weights really initialise training (an empty [pretraining] block would ignore them silently)
    assert ("Loaded pretrained weights" in caplog.text) == bool(pretrain_epochs)
    assert (work / "vectors").is_dir()  # floret vectors trained
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner", "monitor_entities"]
    assert nlp.meta["name"] == "id_uji_ner" and nlp.meta["version"] == "0.0.1"  # after the output folder
    assert nlp.config["components"]["tok2vec"]["model"]["embed"]["@architectures"] == embed
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC"}
    assert all(nlp.config["paths"][k] is None for k in ("train", "dev", "vectors", "init_tok2vec", "raw_text"))
    doc = nlp("Siti Rahayu dari Kadin meninjau pasar di Bandung .")
    assert all(e.label_ in ("PER", "ORG", "LOC") for e in doc.ents)  # 30 steps: runs, not accuracy


def test_train_command_refuses_a_missing_config(tmp_path):
    from typer.testing import CliRunner

    from monitor.cli import app

    result = CliRunner().invoke(app, ["train", "ner", "--data", str(tmp_path), "--config", str(tmp_path / "nope.cfg")])
    assert result.exit_code == 2
    assert "no config file" in result.output


def test_recase_gives_news_capitals_to_a_lower_cased_tagged_sentence():
    from monitor.nlp.train import recase

    forms = {"ojk": "OJK", "bank": "Bank", "umkm": "UMKM", "kredit": "kredit"}
    toks = "ketua ojk jawa barat rina marlina menyebut kredit umkm naik . ia optimistis .".split()
    tags = ["B-NNO", "B-NNP", "B-NNP", "B-NNP", "B-NNP", "B-NNP", "B-VBT", "B-NNO", "B-NNP", "B-VBI", "B-SYM",
            "B-PRN", "B-ADJ", "B-SYM"]
    assert " ".join(recase(toks, tags, forms)) == \
        "Ketua OJK Jawa Barat Rina Marlina menyebut kredit UMKM naik . Ia optimistis ."
    # a common noun keeps its lower case unless cased text always capitalises it
    assert recase(["bank", "itu"], ["B-NNO", "B-ART"], forms) == ["Bank", "itu"]
    assert recase(["x", "bank"], ["B-NNO", "B-NNO"], {}) == ["X", "bank"]


def test_train_with_a_teacher_adds_its_labels_on_news_sentences(data_dir, tmp_path, settings):
    """Distillation: a teacher pipeline labels re-cased POSP sentences (test sentences left out) and
    those silver sentences join the student's training data; the student uses the kept e5 layers."""
    pytest.importorskip("floret")
    import spacy
    from spacy.tokens import DocBin

    import monitor.nlp.language  # noqa: F401
    from monitor.nlp.train import CONFIG, CORPORA, read_conll, sentence_key, train_ner

    rng = random.Random(3)
    posp = [[(t.lower(), "B-NNP" if g != "O" else "B-NNO") for t, g in _sentence(rng)] for _ in range(30)]
    test_sentence = read_conll(data_dir / CORPORA[0].test)[0][0]
    posp.append([(t.lower(), "B-NNO") for t in test_sentence])  # a test sentence: never silver
    _write(data_dir / "indonlu-posp" / "train_preprocess.txt", posp)
    test_keys = {sentence_key(t) for c in CORPORA for t, _ in read_conll(data_dir / c.test)}
    expected = sum(sentence_key([t for t, _ in s]) not in test_keys for s in posp)
    assert expected < len(posp)
    teacher = train_ner(settings, data_dir, output=tmp_path / "id_guru_ner-0.0.1", max_steps=30,
                        config=CONFIG.parent / "ner-cnn.cfg")
    work = tmp_path / "student-work"
    out = train_ner(settings, data_dir, output=tmp_path / "id_murid_ner-0.0.1", max_steps=20, work_dir=work,
                    config=CONFIG.parent / "ner-fast.cfg", teacher=teacher)
    vocab = spacy.blank("id_news").vocab
    silver = list(DocBin().from_disk(work / "silver.spacy").get_docs(vocab))
    assert len(silver) == expected and all(d.text[0].isupper() for d in silver)
    assert " ".join(test_sentence).lower() not in {d.text.lower() for d in silver}
    train = list(DocBin().from_disk(work / "train.spacy").get_docs(vocab))
    assert [d.text for d in train[-expected:]] == [d.text for d in silver]
    nlp = spacy.load(out)
    embed = nlp.config["components"]["tok2vec"]["model"]["embed"]
    assert embed["@architectures"] == "monitor.E5HashEmbed.v2" and list(embed["e5_keep"]) == [0, 1, 2]
    assert nlp.meta["monitor_training_data"]["silver"] == expected


def test_train_command_refuses_a_teacher_that_is_no_pipeline(tmp_path):
    from typer.testing import CliRunner

    from monitor.cli import app

    result = CliRunner().invoke(app, ["train", "ner", "--data", str(tmp_path), "--teacher", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a trained pipeline folder" in result.output
