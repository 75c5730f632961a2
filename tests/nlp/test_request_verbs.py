"""A request verb before an object and the verb it asks for reports speech ("meminta pemerintah
menambah …"), as before "agar"; a request for a thing ("meminta maaf", "mendorong … melalui …") does not.
Promises and excuses ("berjanji", "berdalih") report speech too."""
from tests.nlp.speech_helpers import quotes, speaker_of

TEXT = ("Ketua Kelompok Tani Sumber Rejeki Wagiman Prasetyo meminta dinas pertanian menambah kuota pupuk "
        "bersubsidi bagi petani kecil. Wagiman juga mendorong Bank Pembangunan Daerah menurunkan bunga kredit "
        "musiman. Ia berjanji kelompoknya akan mengembalikan pinjaman tepat waktu.\n\n"
        "Direktur pabrik pupuk itu, Hendra Kusnadi, berdalih pasokan gas sedang terganggu sejak bulan lalu. "
        "Hendra meminta maaf kepada petani yang menunggu terlalu lama.\n\n"
        "Bupati Sragen mendorong peningkatan produksi melalui berbagai program pelatihan.")


ENTS = [("Kelompok Tani Sumber Rejeki", "ORG"), ("Wagiman Prasetyo", "PER"), ("Bank Pembangunan Daerah", "ORG"),
        ("Hendra Kusnadi", "PER"), ("Sragen", "LOC")]


def test_request_with_object_and_verb():
    qs = quotes(TEXT, ENTS)
    assert speaker_of(qs, "dinas pertanian menambah kuota pupuk") == "Wagiman Prasetyo"
    assert speaker_of(qs, "Bank Pembangunan Daerah menurunkan bunga") == "Wagiman Prasetyo"


def test_promise_and_excuse():
    qs = quotes(TEXT, ENTS)
    assert speaker_of(qs, "kelompoknya akan mengembalikan pinjaman") == "Wagiman Prasetyo"
    assert speaker_of(qs, "pasokan gas sedang terganggu") == "Hendra Kusnadi"


def test_requests_for_things_are_no_quotes():
    qs = quotes(TEXT, ENTS)
    assert not any("maaf" in q.text or "kepada petani yang menunggu" in q.text for q in qs)
    assert not any("peningkatan produksi" in q.text for q in qs)
