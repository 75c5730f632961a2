"""Measure groups: paraphrased subjects meet, different measures stay apart, pins and renames apply."""
from __future__ import annotations

from monitor.export.measures import GroupConfig, MeasureGrouper, load_groups, load_lexicon, normalise


def _grouper(**config) -> MeasureGrouper:
    return MeasureGrouper(load_lexicon(), GroupConfig(**config))


def test_normalise_expands_acronyms_stems_and_drops_function_words():
    lex = load_lexicon()
    assert normalise("sumbangan UMKM pada PDB", lex) == normalise("kontribusi UMKM terhadap produk domestik bruto", lex)
    assert normalise("penyaluran KUR", lex) == normalise("realisasi penyaluran kredit usaha rakyat", lex)
    assert "terhadap" not in normalise("kontribusi UMKM terhadap PDB", lex).split()


def test_paraphrases_share_a_group_named_after_the_commonest_phrasing():
    subjects = {("kontribusi UMKM terhadap PDB", "percent"): 3,
                ("sumbangan UMKM pada PDB", "percent"): 1,
                ("kontribusi usaha mikro, kecil, dan menengah (UMKM) terhadap produk domestik bruto nasional",
                 "percent"): 1,
                ("porsi kredit UMKM", "percent"): 2,
                ("proporsi kredit bagi UMKM", "percent"): 1}
    groups = _grouper().fit(subjects)
    assert {groups[k] for k in list(subjects)[:3]} == {"kontribusi UMKM terhadap PDB"}
    assert groups[("porsi kredit UMKM", "percent")] == groups[("proporsi kredit bagi UMKM", "percent")] \
        == "porsi kredit UMKM"


def test_different_measures_and_units_stay_apart():
    subjects = {("kontribusi UMKM terhadap PDB", "percent"): 2,
                ("kontribusi UMKM terhadap ekspor nasional", "percent"): 2,
                ("indeks inklusi keuangan", "percent"): 1,
                ("indeks literasi keuangan", "percent"): 1,
                ("penyaluran KUR", "IDR"): 1,
                ("penyaluran KUR", "count"): 1,
                ("", "percent"): 4}
    groups = _grouper().fit(subjects)
    assert len({groups[k] for k in list(subjects)[:4]}) == 4
    assert groups[("penyaluran KUR", "IDR")] == groups[("penyaluran KUR", "count")] == "penyaluran KUR"
    assert groups[("", "percent")] == ""


def test_threshold_controls_fuzzy_merging():
    subjects = {("jumlah UMKM", "count"): 3, ("jumlah UMKM di Indonesia", "count"): 1}
    assert len(set(_grouper(threshold=80).fit(subjects).values())) == 1
    assert len(set(_grouper(threshold=99).fit(subjects).values())) == 2


def test_pins_and_renames_from_yaml(tmp_path):
    path = tmp_path / "groups.yaml"
    path.write_text(
        "threshold: 85\n"
        "groups:\n"
        "  - name: Nilai transaksi QRIS\n"
        "    unit: IDR\n"
        "    subjects: [transaksi QRIS, nilai transaksi quick response code indonesian standard]\n"
        "rename:\n"
        "  jumlah pelaku umkm: Jumlah UMKM (unit usaha)\n", encoding="utf-8")
    config = load_groups(path)
    grouper = MeasureGrouper(load_lexicon(), config)
    subjects = {("nilai transaksi QRIS", "IDR"): 5, ("transaksi pembayaran QRIS", "IDR"): 1,
                ("jumlah pelaku UMKM", "count"): 2, ("nilai transaksi QRIS", "count"): 1}
    groups = grouper.fit(subjects)
    assert groups[("nilai transaksi QRIS", "IDR")] == "Nilai transaksi QRIS"
    assert groups[("jumlah pelaku UMKM", "count")] == "Jumlah UMKM (unit usaha)"
    # the pin is for IDR only
    assert groups[("nilai transaksi QRIS", "count")] == "nilai transaksi QRIS"


def test_packaged_pins_load():
    config = load_groups()
    assert any(g.name == "kontribusi UMKM terhadap PDB" for g in config.groups)
    assert 0 < config.threshold <= 100


def test_grouping_is_deterministic_whatever_the_input_order():
    subjects = [(("sumbangan UMKM pada PDB", "percent"), 1), (("kontribusi UMKM ke PDB", "percent"), 1),
                (("jumlah UMKM", "count"), 1), (("banyaknya pelaku UMKM", "count"), 1)]
    a = _grouper().fit(dict(subjects))
    b = _grouper().fit(dict(reversed(subjects)))
    assert a == b


def test_numbers_in_subjects_keep_measures_apart_but_years_do_not():
    subjects = {("penerima KUR klaster 3", "count"): 2, ("penerima KUR klaster 4", "count"): 1,
                ("kontribusi UMKM terhadap PDB 2023", "percent"): 1, ("kontribusi UMKM terhadap PDB 2024", "percent"): 1}
    groups = _grouper().fit(subjects)
    assert groups[("penerima KUR klaster 3", "count")] != groups[("penerima KUR klaster 4", "count")]
    assert groups[("kontribusi UMKM terhadap PDB 2023", "percent")] == \
        groups[("kontribusi UMKM terhadap PDB 2024", "percent")]
