"""A short name the model read as a place or an organisation is a person where the sentence says so:
set off by commas before a reporting verb, or followed by an age in brackets."""
from tests.nlp.speech_helpers import linked

TEXT = ("Penjual bakso di Sukoharjo, Wartini, menuturkan omzetnya turun sejak harga daging naik. "
        "Seorang korban, Kartini (57), mengaku rumahnya rusak berat. Warga Solo, Jakarta, dan Bekasi datang.")


def test_appositive_before_a_reporting_verb_and_aged_names_are_persons():
    ents = linked(TEXT, [("Sukoharjo", "LOC"), ("Wartini", "LOC"), ("Kartini", "ORG"), ("Solo", "LOC"),
                         ("Jakarta", "LOC"), ("Bekasi", "LOC")])
    assert ("Wartini", "PER") in ents
    assert ("Kartini", "PER") in ents
    assert ("Sukoharjo", "LOC") in ents and ("Jakarta", "LOC") in ents and ("Solo", "LOC") in ents
