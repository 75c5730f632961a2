"""A stated change links before and after: the later value carries previous, and it is never a range."""
from monitor.nlp.annotate import to_json
from monitor.nlp.figures import find_figures
from monitor.types import Analysis


def pairs(text):
    return [(f.value, f.previous) for f in find_figures(text)]


def test_naik_dari_menjadi():
    assert pairs("Omzet toko daring itu naik dari Rp 40 juta menjadi sekitar Rp 115 juta per bulan.") == \
        [(40e6, None), (115e6, 40e6)]


def test_turun_dari_ke():
    assert pairs("Rasio kredit macet koperasi turun dari 5,2 persen ke 3,1 persen.") == [(5.2, None), (3.1, 5.2)]


def test_later_value_printed_first():
    # "X, turun dari Y": Y is the earlier value
    assert pairs("Harga gabah kering panen Rp 5.900 per kilogram, turun dari Rp 6.300 pekan lalu.") == \
        [(5900.0, 6300.0), (6300.0, None)]
    assert pairs("Jumlah pengaduan nasabah tercatat 1.420 kasus pada kuartal III, naik dari 980 kasus pada kuartal "
                 "sebelumnya.") == [(1420.0, 980.0), (980.0, None)]


def test_a_change_is_not_a_range_and_measures_one_thing():
    figs = find_figures("Plafon pinjaman naik dari Rp 10 juta menjadi Rp 25 juta.")
    assert all(f.range_group is None for f in figs)
    assert figs[0].change_group == figs[1].change_group is not None
    assert figs[0].subject == figs[1].subject


def test_annotate_output_carries_previous_on_the_later_figure():
    text = "Omzet toko daring itu naik dari Rp 40 juta menjadi Rp 115 juta per bulan."
    out = to_json({"id": "c1", "text": text}, Analysis(model_version="t", entities=(), figures=tuple(find_figures(text)),
                                                       quotes=(), topics=()))
    assert ["previous" in f for f in out["figures"]] == [False, True]
    assert out["figures"][1]["previous"] == 40e6


def test_measure_is_a_noun_phrase():
    for text in ("Omzetnya, kata dia, mencapai Rp 12 juta sebulan.",
                 "Bayu memperkirakan porsi pembiayaan produktif bisa mencapai 35 persen."):
        subject = find_figures(text)[0].subject or ""
        assert not any(w in subject.split() for w in ("kata", "dia", "memperkirakan", "bisa")), subject
    assert find_figures("Bayu memperkirakan porsi pembiayaan produktif bisa mencapai 35 persen.")[0].subject == \
        "porsi pembiayaan produktif"
