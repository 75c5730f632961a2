"""Places: a bare name beside its full administrative form is one place ("Sleman" of "Kabupaten
Sleman"); a known university printed with its city is the university and the city; a known place the
model took for an organisation after "di" is a place."""
from monitor.nlp.entities import records
from tests.nlp.speech_helpers import _nlp, linked


def _records(text, ner):
    nlp = _nlp()
    doc = nlp.make_doc(text)
    spans, at = [], 0
    for sub, label in ner:
        i = text.index(sub, at)
        spans.append(doc.char_span(i, i + len(sub), label=label))
        at = i + len(sub)
    doc.ents = spans
    return {(e.text, e.label) for e in records(nlp.get_pipe("monitor_entities")(doc))}


def test_bare_place_is_its_full_form():
    text = ("BANTUL – Banjir merendam dua dusun di Kabupaten Bantul, Rabu. BPBD Bantul mencatat 80 rumah "
            "terendam. Warga Bantul diminta waspada.")
    got = _records(text, [("BANTUL", "LOC"), ("Kabupaten Bantul", "LOC"), ("BPBD Bantul", "ORG"), ("Bantul", "LOC")])
    assert ("Kabupaten Bantul", "LOC") in got
    assert ("Bantul", "LOC") not in got and ("BANTUL", "LOC") not in got


def test_university_and_city():
    text = "Dosen Universitas Hasanuddin Makassar, Andi Sumarni, menilai harga beras masih tinggi."
    ents = linked(text, [("Universitas Hasanuddin Makassar", "ORG"), ("Andi Sumarni", "PER")])
    assert ("Universitas Hasanuddin", "ORG") in ents and ("Makassar", "LOC") in ents


def test_regional_office_keeps_its_region():
    text = "Kepala Bank Indonesia Sumatera Utara menyebut inflasi terkendali."
    ents = linked(text, [("Bank Indonesia Sumatera Utara", "ORG")])
    assert ("Bank Indonesia Sumatera Utara", "ORG") in ents


def test_known_place_after_di_is_a_place():
    text = "Pemilik warung di Bekasi, Sri Handayani, mengaku omzetnya naik."
    ents = linked(text, [("Bekasi", "ORG"), ("Sri Handayani", "PER")])
    assert ("Bekasi", "LOC") in ents


def test_known_company_the_model_read_as_a_place_is_a_company():
    text = "Sebanyak 40 gerai Indomaret di Kabupaten Ngawi kini menjual keripik buatan warga."
    ents = linked(text, [("Indomaret", "LOC"), ("Kabupaten Ngawi", "LOC")])
    assert ("Indomaret", "ORG") in ents and ("Kabupaten Ngawi", "LOC") in ents
