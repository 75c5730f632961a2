"""Words that open a sentence or a section never join the name that follows them."""
from tests.nlp.speech_helpers import linked, quotes

TEXT = ("Bagi Wartini Susanti, perajin anyaman pandan di Tasikmalaya, pesanan dari hotel adalah penyelamat. "
        "\"Sebulan bisa 300 tas,\" kata Wartini.\n\n"
        "Cerita Bonifasius Lado lain lagi. Peternak babi di Ende itu mengaku belum pernah mendapat kredit. "
        "\"Bank selalu minta sertifikat tanah,\" ujar Bonifasius.")


def test_sentence_initial_word_is_not_part_of_the_speaker():
    by_text = {q.text: q.speaker for q in quotes(TEXT)}
    assert by_text["Sebulan bisa 300 tas,"] == "Wartini Susanti"
    assert by_text["Bank selalu minta sertifikat tanah,"] == "Bonifasius Lado"


def test_sentence_initial_word_is_not_part_of_the_person_entity():
    ents = linked(TEXT, [("Susanti", "PER"), ("Tasikmalaya", "LOC"), ("Wartini", "PER"),
                         ("Bonifasius Lado", "PER"), ("Ende", "LOC"), ("Bonifasius", "PER")])
    people = {t for t, lab in ents if lab == "PER"}
    assert "Wartini Susanti" in people
    assert not any(p.startswith(("Bagi", "Cerita")) for p in people)
