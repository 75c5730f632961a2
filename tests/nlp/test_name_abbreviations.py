"""Abbreviated given names ("Moh.", "Muh.", "Abd."): one token, the start of the person's name, never the
end of a sentence or of the organisation printed before the name; written for the project."""
from __future__ import annotations

from monitor.nlp.pipeline import analyse_texts
from monitor.nlp.quote_text import sentences
from tests.nlp.speech_helpers import linked

TEXT = ("MAKASSAR - Kepala Bidang Pembiayaan Dinas Koperasi dan UKM Provinsi Sulawesi Selatan Muh. Rizal Tandiarrang "
        "mengatakan penyaluran KUR untuk nelayan naik tahun ini. Menurut Rizal, bank daerah masih perlu jemput bola.")


def test_the_loaded_pipeline_keeps_the_abbreviation_whole(nlp):
    doc = nlp.make_doc("Ketua koperasi Moh. Ilham dan Abd. Rahman hadir.")
    words = [t.text for t in doc]
    assert "Moh." in words and "Abd." in words and "Moh" not in words


def test_the_abbreviation_does_not_end_a_sentence():
    text = "Pengamat Universitas Hasanuddin Mhd. Amir Lubis menilai bunga kredit masih tinggi. Ia meminta OJK turun tangan."
    spans = sentences(text)
    assert len(spans) == 2 and text[spans[0][0]:spans[0][1]].endswith("tinggi.")


def test_the_organisation_gives_the_abbreviation_back_to_the_person():
    ents = linked("Dosen Universitas Tadulako Moh. Arifin Lamadi hadir.",
                  [("Universitas Tadulako Moh.", "ORG"), ("Arifin Lamadi", "PER")])
    assert ("Universitas Tadulako", "ORG") in ents and ("Moh. Arifin Lamadi", "PER") in ents


def test_the_speaker_keeps_the_abbreviation_role_and_office(nlp):
    (analysis,) = analyse_texts(nlp, [TEXT])
    people = {e.text for e in analysis.entities if e.label == "PER"}
    assert "Muh. Rizal Tandiarrang" in people
    first = analysis.quotes[0]
    assert first.speaker == "Muh. Rizal Tandiarrang"
    assert first.speaker_role and first.speaker_role.startswith("Kepala Bidang Pembiayaan")
    assert first.speaker_org == "Dinas Koperasi dan UKM Provinsi Sulawesi Selatan"
