"""The transformers backend end to end on tiny models built here (no downloads).

Runs in the environment with the `transformers` extra (.venv-hf in CI);
skipped where transformers is not installed.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.transformers

WORDS = ("[PAD] [UNK] [CLS] [SEP] [MASK] teks ini mendukung menentang melaporkan kemitraan umkm usaha besar "
         "kur kredit pembiayaan akses masih rendah belum maksimal naik meningkat . , -").split()
ARTICLE = (
    "JAKARTA - Pemerintah mendorong perbankan memperluas penyaluran kredit usaha rakyat (KUR) bagi UMKM. "
    "Namun akses pembiayaan bagi pelaku usaha mikro di desa masih rendah.\n\n"
    "\"Penyaluran KUR tahun ini harus lebih merata,\" kata Direktur bank itu di Jakarta.\n\n"
    "Menurut dia, bank akan membuka layanan KUR di 200 desa."
)
QUOTE = "Penyaluran KUR tahun ini harus lebih merata,"


def _tiny_model(path, id2label: dict[int, str], bias_label: int | None = None):
    """A 1-layer BERT classifier with a 30-word vocabulary, saved like any local model."""
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    path.mkdir()
    (path / "vocab.txt").write_text("\n".join(WORDS), encoding="utf-8")
    transformers.BertTokenizer(str(path / "vocab.txt")).save_pretrained(path)
    config = transformers.BertConfig(vocab_size=len(WORDS), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=128,
                                     num_labels=len(id2label), id2label=id2label,
                                     label2id={v: k for k, v in id2label.items()})
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    if bias_label is not None:  # make one label win whatever the input, so the mapping can be checked
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.fill_(-5.0)
            model.classifier.bias[bias_label] = 5.0
    model.save_pretrained(path)
    return path


@pytest.fixture
def nli_dir(tmp_path):
    pytest.importorskip("transformers")
    return _tiny_model(tmp_path / "tiny-nli", {0: "entailment", 1: "neutral", 2: "contradiction"})


def _spacy_with(model_dir):
    import spacy

    import monitor.nlp.language  # noqa: F401

    nlp = spacy.blank("id_news")
    nlp.add_pipe("monitor_stance", config={"transformers_model": str(model_dir)})
    doc = nlp.make_doc(ARTICLE)
    start = ARTICLE.index(QUOTE)
    doc.spans["quotes"] = [doc.char_span(start, start + len(QUOTE), alignment_mode="expand")]
    return nlp, nlp.get_pipe("monitor_stance")(doc)


def test_nli_backend_fills_topic_labels_end_to_end(nli_dir):
    from monitor.nlp import stance

    _, doc = _spacy_with(nli_dir)
    (label,) = stance.records(doc)
    assert label.topic == "financial_inclusion"  # topics still come from topics.yaml
    assert label.stance in {"pro", "contra", "neutral"}
    assert label.assessment in {"positive", "negative", "neutral"}
    assert all(e in ARTICLE for e in label.evidence)
    ((q,),) = stance.quote_records(doc)
    assert q.topic == "financial_inclusion" and q.evidence == (QUOTE,)


def test_nli_backend_is_deterministic(nli_dir):
    from monitor.nlp.hf import NLIBackend
    from monitor.nlp.stance_topics import load_topics

    topic = next(t for t in load_topics() if t.id == "financial_inclusion")
    backend = NLIBackend(nli_dir)
    texts = ["Penyaluran KUR masih rendah.", "Akses pembiayaan UMKM naik."]
    assert backend.decide(texts, topic) == backend.decide(texts, topic)
    assert backend.decide([], topic) == []


def test_fine_tuned_classifier_labels_map_to_stance_and_assessment(tmp_path):
    pytest.importorskip("transformers")
    from monitor.nlp import stance

    labels = {i: f"{s}/{a}" for i, (s, a) in enumerate(
        (s, a) for s in ("pro", "contra", "neutral") for a in ("positive", "negative", "neutral"))}
    contra_negative = next(i for i, l in labels.items() if l == "contra/negative")
    model_dir = _tiny_model(tmp_path / "tiny-clf", labels, bias_label=contra_negative)
    _, doc = _spacy_with(model_dir)
    (label,) = stance.records(doc)
    assert (label.stance, label.assessment) == ("contra", "negative")
    assert [(q.stance, q.assessment) for q in stance.quote_records(doc)[0]] == [("contra", "negative")]


def test_model_without_usable_labels_is_refused(tmp_path):
    pytest.importorskip("transformers")
    from monitor.nlp.hf import NLIBackend

    model_dir = _tiny_model(tmp_path / "tiny-bad", {0: "LABEL_0", 1: "LABEL_1"})
    with pytest.raises(ValueError, match="neither NLI"):
        NLIBackend(model_dir)
    with pytest.raises(FileNotFoundError):
        NLIBackend(tmp_path / "missing")


def test_sentence_scoring_with_the_backend(nli_dir):
    from monitor.nlp.hf import NLIBackend
    from monitor.nlp.stance_eval import load_sentences, score_sentences

    res = score_sentences(load_sentences("dev")[:10], backend=NLIBackend(nli_dir))
    assert 0.0 <= res["stance_macro_f1"] <= 1.0 and res["labelled"] > 0
