"""An organisation printed in full once and later in a short form ("Koperasi Sarono Makmur" after
"Koperasi Peternak Sapi Perah Sarono Makmur") is one organisation, and a name printed right after the
short form is a person, not more of the organisation's name."""
from tests.nlp.speech_helpers import linked, quotes, speaker_of

TEXT = ("WONOGIRI – Koperasi Produsen Gula Kelapa Tirta Manunggal di Kecamatan Baturetno menandatangani "
        "kontrak dengan sebuah pabrik kecap.\n\n"
        "Ketua Koperasi Tirta Manunggal Sukiman mengaku anggotanya sempat ragu pada awalnya. \"Harga lebih pasti,\" ujarnya.")


def test_short_form_then_name():
    ents = linked(TEXT, [("WONOGIRI", "LOC"), ("Kecamatan Baturetno", "LOC")])
    assert ("Koperasi Produsen Gula Kelapa Tirta Manunggal", "ORG") in ents
    assert ("Sukiman", "PER") in ents
    assert not any(text.endswith("Sukiman") and label == "ORG" for text, label in ents)


def test_short_form_links_to_the_full_name():
    from monitor.nlp.entities import records  # noqa: F401  (the linker sets ._.entity)
    from tests.nlp.speech_helpers import _nlp

    nlp = _nlp()
    doc = nlp.make_doc(TEXT)
    doc = nlp.get_pipe("monitor_entities")(doc)
    short = [e for e in doc.ents if e.text == "Koperasi Tirta Manunggal"]
    assert short and short[0]._.entity == "Koperasi Produsen Gula Kelapa Tirta Manunggal"


def test_speaker_is_the_person():
    ents = [("Koperasi Produsen Gula Kelapa Tirta Manunggal", "ORG"), ("Koperasi Tirta Manunggal", "ORG"),
            ("Sukiman", "PER")]
    assert speaker_of(quotes(TEXT, ents), "anggotanya sempat ragu") == "Sukiman"
    assert speaker_of(quotes(TEXT, ents), "Harga lebih pasti") == "Sukiman"
