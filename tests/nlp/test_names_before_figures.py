"""A name never runs into a figure printed after it: in a comparison the NER may read a country and its
share as one organisation ("Korea Selatan 62 persen"); the name ends before the number and takes the
gazetteer's label when it is a known place."""
from tests.nlp.speech_helpers import linked

TEXT = ("JAKARTA — Porsi kredit UMKM di Indonesia baru 19 persen dari total kredit perbankan. Angka itu jauh di "
        "bawah Korea Selatan 62 persen dan Thailand 51 persen, kata peneliti Lembaga Kajian Ekonomi Nusantara "
        "Rahmawati Siregar.")


def test_a_country_and_its_share_read_as_one_name_ends_before_the_number():
    ents = linked(TEXT, [("JAKARTA", "LOC"), ("Indonesia", "LOC"), ("Korea Selatan 62 persen", "ORG"),
                         ("Thailand 51 persen", "ORG"), ("Lembaga Kajian Ekonomi Nusantara", "ORG"),
                         ("Rahmawati Siregar", "PER")])
    assert ("Korea Selatan", "LOC") in ents and ("Thailand", "LOC") in ents
    assert not any(ch.isdigit() for text, _ in ents for ch in text)


def test_numbers_that_belong_to_a_name_stay():
    """A number without a measure after it is part of the name ("SMA Negeri 3", "Pasar 16 Ilir")."""
    text = "PALEMBANG — Pedagang Pasar 16 Ilir dan guru SMA Negeri 3 Palembang ikut pelatihan keuangan."
    ents = linked(text, [("PALEMBANG", "LOC"), ("Pasar 16 Ilir", "LOC"), ("SMA Negeri 3 Palembang", "ORG")])
    assert ("Pasar 16 Ilir", "LOC") in ents and ("SMA Negeri 3 Palembang", "ORG") in ents
