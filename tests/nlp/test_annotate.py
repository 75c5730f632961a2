"""`monitor annotate`: schema of ANNOTATION.md, exact offsets, bad lines reported and skipped."""
from __future__ import annotations

import json

import pytest

from monitor.nlp.annotate import annotate_file

ARTICLES = [
    {"id": "a-1", "title": "Kredit UMKM tumbuh", "published": "2024-05-02", "url": "https://contoh.id/a-1",
     "text": ("JAKARTA - Otoritas Jasa Keuangan (OJK) mencatat penyaluran kredit UMKM per Maret 2024 tumbuh "
              "8,2 persen menjadi Rp1.400 triliun.\n\nKepala Eksekutif Pengawas Perbankan OJK Dian Ediana Rae "
              "mengatakan bank perlu memperluas akses pembiayaan bagi usaha mikro di Jawa Tengah. \"Porsi kredit "
              "UMKM masih di bawah 20 persen,\" kata Dian di Jakarta, Kamis (2/5).")},
    {"id": 7, "text": ("SURABAYA - Kamar Dagang dan Industri Indonesia (Kadin) Jawa Timur menggandeng PT Bank Mandiri "
                       "untuk kemitraan rantai pasok. Ketua Kadin Jatim Adik Dwi Putranto menyebut 5.022 UMKM ikut.")},
]


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_annotate_writes_schema_with_exact_offsets(settings, tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(src, [json.dumps(a, ensure_ascii=False) for a in ARTICLES])
    stats = annotate_file(settings, src, out, batch_size=2, progress=False)
    assert (stats.written, stats.bad_lines) == (2, 0)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a-1", "7"]
    assert rows[0]["title"] == "Kredit UMKM tumbuh" and rows[0]["published"] == "2024-05-02"
    for row in rows:
        text = row["text"]
        assert set(row) >= {"id", "text", "entities", "quotes", "figures", "stance", "model_version"}
        assert set(row["stance"]) == {"umkm_partnership", "financial_inclusion"}
        for topic in row["stance"].values():
            assert topic is None or {"stance", "assessment"} <= set(topic)
        assert row["entities"]
        for ent in row["entities"]:
            assert ent["label"] in ("PER", "ORG", "LOC") and ent["mentions"]
            for s, e in ent["mentions"]:
                assert 0 <= s < e <= len(text)
                surface = text[s:e]
                assert surface == surface.strip()
                assert (surface.casefold() in ent["text"].casefold() or ent["alias_of"]
                        or set(surface.split()) & set(ent["text"].split())), (surface, ent)
        for q in row["quotes"]:
            assert {"speaker", "speaker_org", "quote", "kind", "cue", "start", "end", "stance"} <= set(q)
            assert 0 <= q["start"] <= q["end"] <= len(text)
        for f in row["figures"]:
            assert {"text", "value", "unit", "subject", "qualifier", "start", "end"} <= set(f)
            assert text[f["start"]:f["end"]] == f["text"]
    first = {e["text"]: e for e in rows[0]["entities"]}
    assert first.get("OJK", {}).get("alias_of") == "Otoritas Jasa Keuangan"
    assert len(first["OJK"]["mentions"]) == 2


def test_bad_lines_are_reported_and_skipped(settings, tmp_path, caplog):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(src, ["{not json", json.dumps({"text": "Tanpa id di Bandung."}), json.dumps({"id": "x"}),
                 json.dumps(ARTICLES[1], ensure_ascii=False), "", json.dumps(["list"]),
                 json.dumps({"id": "t", "text": 5})])
    stats = annotate_file(settings, src, out, progress=False)
    assert stats.written == 1 and stats.bad_lines == 5
    assert [e.split(":")[0] for e in stats.errors] == ["line 1", "line 2", "line 3", "line 6", "line 7"]
    assert "line 1" in caplog.text
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["7"]


@pytest.mark.slow
def test_cli_annotate_one_article(tmp_path):
    """The real command, as ner_bench.py runs it."""
    import subprocess
    import sys
    import time

    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(src, [json.dumps(ARTICLES[0], ensure_ascii=False)])
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", "from monitor.cli import main; main()", "annotate", str(src),
                          "-o", str(out)], capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - t0
    assert res.returncode == 0, res.stderr
    assert "annotated 1 articles" in res.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "a-1"
    print(f"annotate one article: {wall:.2f} s wall")


CONLL = """Gubernur\tO
Bank\tB-ORGANIZATION
Indonesia\tI-ORGANIZATION
Perry\tB-PERSON
Warjiyo\tI-PERSON
berbicara\tO
di\tO
Surabaya\tB-LOCATION
.\tO

Kredit\tO
UMKM\tO
di\tO
Jawa\tB-LOCATION
Tengah\tI-LOCATION
naik\tO
,\tO
kata\tO
Ganjar\tB-PERSON
.\tO
"""


def test_eval_ner_matches_annotate_output(settings, tmp_path):
    """`monitor eval ner` scores exactly the mentions `monitor annotate` writes for the same sentences."""
    from monitor.nlp.evaluate import score, eval_ner
    from monitor.nlp.train import read_conll, spans

    test_file = tmp_path / "test.tsv"
    test_file.write_text(CONLL, encoding="utf-8")
    result = eval_ner(settings, test_file)
    sents = read_conll(test_file)
    assert result["sentences"] == 2 and result["words"] == sum(len(t) for t, _ in sents)
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    gold = []
    with open(src, "w", encoding="utf-8") as fh:
        for i, (toks, tags) in enumerate(sents):
            text, ents = spans(toks, tags)
            gold.append(set(ents))
            fh.write(json.dumps({"id": str(i), "text": text}) + "\n")
    annotate_file(settings, src, out, progress=False)
    pred = [{(s, e, ent["label"]) for ent in json.loads(line)["entities"] for s, e in ent["mentions"]}
            for line in out.read_text(encoding="utf-8").splitlines()]
    assert score(gold, pred)["micro"] == result["micro"]
    assert 0.0 < result["micro"]["f1"] <= 1.0


def test_score_micro_and_type_macro():
    from monitor.nlp.evaluate import score

    gold = [{(0, 5, "PER"), (10, 15, "ORG")}, {(0, 3, "LOC")}]
    pred = [{(0, 5, "PER"), (10, 14, "ORG")}, {(0, 3, "LOC"), (5, 9, "LOC")}]
    r = score(gold, pred)
    assert r["micro"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}
    assert r["per_label"] == {"PER": 1.0, "ORG": 0.0, "LOC": 0.6667}
    assert r["type_macro_f1"] == round((1.0 + 0.0 + 2 / 3) / 3, 4)


@pytest.mark.slow
def test_several_processes_give_the_same_output_as_one(settings, tmp_path):
    """--n-process forks after this process has already run the encoder (OpenMP threads exist)."""
    src = tmp_path / "in.jsonl"
    _write(src, [json.dumps(a, ensure_ascii=False) for a in ARTICLES * 3])
    annotate_file(settings, src, tmp_path / "one.jsonl", batch_size=1, progress=False)
    stats = annotate_file(settings, src, tmp_path / "two.jsonl", batch_size=1, n_process=2, progress=False)
    assert stats.written == 6
    assert (tmp_path / "two.jsonl").read_text(encoding="utf-8") == (tmp_path / "one.jsonl").read_text(encoding="utf-8")
