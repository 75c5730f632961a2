"""A person introduced as the source of a view, without a clause of their own ("Hal senada disampaikan
peneliti … X.", "Pandangan serupa datang dari pengamat … Y."), is whom the next pronoun means, not the
previous speaker."""
from tests.nlp.speech_helpers import quotes, speaker_of

TEXT = ("JAKARTA — Kepala Ekonom Bank Sentosa Arif Budiman mengatakan, bunga KUR perlu turun. \"Pedagang butuh "
        "modal murah,\" ujar Arif.\n\nHal senada disampaikan peneliti Lembaga Kajian Ekonomi Rakyat Dewi Anggraini. "
        "Menurut dia, banyak pedagang pasar belum tersentuh bank.\n\nPandangan serupa datang dari pengamat "
        "Universitas Airlangga Sutrisno Hadi. \"Pasar rakyat harus ikut masuk ke QRIS,\" ujarnya.")
ENTS = [("Bank Sentosa", "ORG"), ("Arif Budiman", "PER"), ("Arif", "PER"), ("Lembaga Kajian Ekonomi Rakyat", "ORG"),
        ("Dewi Anggraini", "PER"), ("Universitas Airlangga", "ORG"), ("Sutrisno Hadi", "PER")]


def test_the_introduced_person_takes_the_next_pronoun():
    qs = quotes(TEXT, ENTS)
    assert speaker_of(qs, "Pedagang butuh modal murah") == "Arif Budiman"
    assert speaker_of(qs, "belum tersentuh bank") == "Dewi Anggraini"
    assert speaker_of(qs, "harus ikut masuk ke QRIS") == "Sutrisno Hadi"


def test_the_role_keeps_its_printed_case():
    qs = quotes(TEXT, ENTS)
    [dewi] = [q for q in qs if "belum tersentuh" in q.text]
    assert dewi.speaker_role and dewi.speaker_role.startswith("peneliti")
