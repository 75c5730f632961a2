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


def test_described_person_with_an_age_is_the_subject():
    from tests.nlp.speech_helpers import quotes, speaker_of

    text = ("Di Pasar Kranggan, pedagang telur Suryani Br Tarigan (51) mengeluhkan harga pakan yang terus naik. "
            "\"Untung kami habis untuk pakan,\" keluhnya.\n\n"
            "Ketua Paguyuban Pedagang Pasar Kranggan Haji Slamet Widodo menilai, pasokan telur masih cukup.")
    ents = [("Pasar Kranggan", "LOC"), ("Suryani Br Tarigan", "PER"), ("Paguyuban Pedagang Pasar Kranggan", "ORG"),
            ("Slamet Widodo", "PER")]
    qs = quotes(text, ents)
    assert speaker_of(qs, "harga pakan yang terus naik") == "Suryani Br Tarigan"
    q = next(q for q in qs if "Untung kami" in q.text)
    assert (q.speaker, q.cue) == ("Suryani Br Tarigan", "keluhnya")
    assert speaker_of(qs, "pasokan telur masih cukup") == "Slamet Widodo"
