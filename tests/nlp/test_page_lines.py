"""Lines a page prints around the story: bylines name persons, a photo credit names the outlet and the
photographer, a Title Case "Baca juga:" headline makes no person, and "dolar AS" names no place."""
from tests.nlp.speech_helpers import linked

TEXT = ("BATAM – Ekspor komponen elektronik mencapai 4,1 miliar dolar AS sepanjang tahun ini.\n\n"
        "Foto: Pekerja merakit papan sirkuit di sebuah pabrik di Batam. (Kabar Kepri/Rudi Hartono)\n\n"
        "Baca juga: Galangan Kapal Tanjung Uncang Buka Lowongan Baru\n\n"
        "Penulis: Maya Kusuma | Editor: Fajar Nugraha")


def test_page_lines():
    ents = linked(TEXT, [("BATAM", "LOC"), ("AS", "LOC"), ("Batam", "LOC"), ("Kabar Kepri", "PER"),
                         ("Rudi Hartono", "PER"), ("Galangan Kapal Tanjung Uncang Buka Lowongan", "PER"),
                         ("Fajar Nugraha", "PER")])
    assert ("AS", "LOC") not in ents
    assert ("Kabar Kepri", "ORG") in ents and ("Rudi Hartono", "PER") in ents
    assert not any(text.startswith("Galangan") and label == "PER" for text, label in ents)
    assert ("Maya Kusuma", "PER") in ents and ("Fajar Nugraha", "PER") in ents
