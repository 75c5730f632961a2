"""A company's legal form after its name ("(Persero) Tbk", "(Perseroda)") belongs to the name, however
the model cut it."""
from tests.nlp.speech_helpers import linked

TEXT = ("Direktur Keuangan PT Pupuk Andalan Nusantara (Persero) Tbk Hendri Wijaya mengatakan, penjualan naik. "
        "PT BPR Mitra Tani Sejahtera (Perseroda) mencatat laba yang lebih tinggi.")


def test_persero_and_tbk_join_the_company():
    ents = linked(TEXT, [("PT Pupuk Andalan Nusantara (Persero)", "ORG"), ("Tbk", "ORG"), ("Hendri Wijaya", "PER"),
                         ("PT BPR Mitra Tani Sejahtera", "ORG"), ("Perseroda", "ORG")])
    assert ("PT Pupuk Andalan Nusantara (Persero) Tbk", "ORG") in ents
    assert ("PT BPR Mitra Tani Sejahtera (Perseroda)", "ORG") in ents
    assert ("Tbk", "ORG") not in ents and ("Perseroda", "ORG") not in ents
    assert ("Hendri Wijaya", "PER") in ents
