"""model_version names the rule and lexicon data it was made with, so re-analysis can tell old rows from new."""
import shutil

import spacy

import monitor

from monitor.nlp import pipeline


def test_version_changes_with_a_lexicon_file_and_not_with_training_sentences(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(pipeline.RULES_DIR, data)
    before = pipeline.rules_digest(data)
    assert before == pipeline.rules_digest(pipeline.RULES_DIR)  # the same bytes, the same digest

    (data / "stance" / "train.jsonl").write_text('{"text": "Kalimat latihan baru."}\n', encoding="utf-8")
    assert pipeline.rules_digest.__wrapped__(data) == before  # training sentences are not rules

    with (data / "gazetteer.tsv").open("a", encoding="utf-8") as f:
        f.write("Koperasi Sumber Rejeki Makmur\tORG\n")
    after = pipeline.rules_digest.__wrapped__(data)
    assert after != before

    monkeypatch.setattr(pipeline, "rules_digest", lambda data_dir=pipeline.RULES_DIR: after)
    nlp = spacy.blank("id")
    assert pipeline.model_version(nlp).endswith(f"+rules-{monitor.__version__}.{after}")
