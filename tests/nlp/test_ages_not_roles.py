"""Ages printed next to a name ("(58)", "47 tahun") are neither roles nor figures."""
from monitor.nlp.figures import find_figures
from tests.nlp.speech_helpers import quotes

TEXT = ("Suwandi, (61), penjual tempe di Pasar Gede, mengatakan harga kedelai naik 12 persen bulan ini. "
        "\"Untung saya makin tipis,\" ujarnya.\n\n"
        "Rahayu Pertiwi, 39 tahun, pemilik katering rumahan, menyebut pesanan turun sejak Oktober.")


def test_age_in_brackets_is_not_a_role():
    q = next(q for q in quotes(TEXT) if "kedelai" in q.text)
    assert q.speaker == "Suwandi"
    assert q.speaker_role is None or "61" not in q.speaker_role


def test_age_in_years_is_not_a_role():
    q = next(q for q in quotes(TEXT) if "pesanan turun" in q.text)
    assert q.speaker == "Rahayu Pertiwi"
    assert q.speaker_role is None or "tahun" not in q.speaker_role


def test_ages_are_not_figures():
    assert [(f.unit, f.value) for f in find_figures(TEXT)] == [("percent", 12.0)]
