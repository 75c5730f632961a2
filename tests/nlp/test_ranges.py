"""A range stays two figures, linked, each with the unit and scale, and range [low, high] in annotate output."""
from monitor.nlp.annotate import to_json
from monitor.nlp.figures import find_figures
from monitor.types import Analysis

TEXT = ("Kebutuhan modal kerja koperasi susu di Boyolali diperkirakan Rp3-5 miliar per tahun. "
        "Margin peternak berkisar 15 sampai 25 persen, sedangkan harga susu segar Rp 7.000 hingga Rp 8.500 per liter.")


def test_each_end_carries_unit_and_scale():
    figs = find_figures(TEXT)
    assert [(f.text, f.unit, f.value) for f in figs[:2]] == [("Rp3", "IDR", 3e9), ("5 miliar", "IDR", 5e9)]
    assert [(f.unit, f.value) for f in figs[2:4]] == [("percent", 15.0), ("percent", 25.0)]
    assert [(f.unit, f.value) for f in figs[4:]] == [("IDR", 7000.0), ("IDR", 8500.0)]


def test_range_ends_are_linked_and_share_the_measure():
    figs = find_figures(TEXT)
    for a, b in ((0, 1), (2, 3), (4, 5)):
        assert figs[a].range_group is not None and figs[a].range_group == figs[b].range_group
        assert (figs[a].range_low, figs[a].range_high) == (figs[b].range_low, figs[b].range_high)
        assert figs[a].subject == figs[b].subject
    assert figs[0].range_group != figs[2].range_group


def test_annotate_output_carries_range():
    figs = tuple(find_figures(TEXT))
    out = to_json({"id": "r1", "text": TEXT}, Analysis(model_version="t", entities=(), figures=figs, quotes=(), topics=()))
    assert [f["range"] for f in out["figures"]] == [[3e9, 5e9]] * 2 + [[15.0, 25.0]] * 2 + [[7000.0, 8500.0]] * 2


def test_ages_in_a_range_are_not_figures():
    assert find_figures("Peserta pelatihan berusia 18 sampai 30 tahun.") == []
