"""Given names that are also dictionary words ("Galih", "Citra", "Sekar", "Rudi", "Wijaya") open a person's
name after an organisation instead of being read as the organisation's last word, and an organisation the
model closed one word late ("LPEM FEB UI Citra | Anggraini Lubis") gives the given name back to the person.
Words companies take (Jaya, Sentosa, Prima) still end an organisation. All people here are invented."""
import pytest

from monitor.nlp.name_runs import common_word, split
from tests.nlp.speech_helpers import linked, quotes


@pytest.mark.parametrize("word", ["Galih", "Citra", "Sekar", "Rudi", "Wijaya", "Muhammad", "Siti", "Maria"])
def test_given_names_are_not_ordinary_words(word):
    assert not common_word(word)


@pytest.mark.parametrize("run_text, org, name", [
    ("Peneliti Indef Galih Ramadhan Putra", "Indef", "Galih Ramadhan Putra"),
    ("Peneliti LPEM FEB UI Citra Anggraini Lubis", "LPEM FEB UI", "Citra Anggraini Lubis"),
    ("Analis Celios Sekar Widyaningrum", "Celios", "Sekar Widyaningrum"),
])
def test_a_given_name_after_an_organisation_opens_the_name(run_text, org, name):
    words = run_text.split()
    run = split(words, run_text + " menilai bunga pinjaman daring terlalu tinggi.")
    assert " ".join(words[run.org_start:run.name_start]) == org
    assert " ".join(words[run.name_start:]) == name


TEXT = ("JAKARTA - Peneliti LPEM FEB UI Citra Anggraini Lubis mengatakan banyak UMKM belum siap memasok "
        "industri besar. Analis Bank Sentosa Sekar Widyaningrum menilai penyaluran KUR akan melambat.")


def test_an_organisation_closed_one_word_late_gives_the_given_name_back():
    ents = linked(TEXT, [("LPEM FEB UI Citra", "ORG"), ("Anggraini Lubis", "PER"),
                         ("Bank Sentosa", "ORG"), ("Sekar Widyaningrum", "PER")])
    assert ("LPEM FEB UI", "ORG") in ents and ("Citra Anggraini Lubis", "PER") in ents
    assert ("Bank Sentosa", "ORG") in ents and ("Sekar Widyaningrum", "PER") in ents
    speakers = {q.speaker for q in quotes(TEXT, ents)}
    assert speakers == {"Citra Anggraini Lubis", "Sekar Widyaningrum"}


def test_a_company_word_that_is_also_a_given_name_stays_with_the_company():
    text = "Direktur PT Karya Sentosa Budi Hartono mengatakan pesanan dari pemasok kecil naik."
    ents = linked(text, [("PT Karya Sentosa", "ORG"), ("Budi Hartono", "PER")])
    assert ("PT Karya Sentosa", "ORG") in ents and ("Budi Hartono", "PER") in ents
