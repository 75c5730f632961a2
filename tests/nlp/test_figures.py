"""Figures component: what counts as a figure, its value and unit, groups, and serialisation."""
from __future__ import annotations

from collections import Counter

import pytest
import spacy
from hypothesis import given, settings as hsettings, strategies as st
from spacy.tokens import Doc, DocBin

from monitor.nlp import figures
from monitor.nlp.figures import find_figures

ARTICLE = """JAKARTA, KOMPAS — Penyaluran Kredit Usaha Rakyat (KUR) hingga akhir September 2024 mencapai Rp 187,5 triliun atau 66,2 persen dari target tahun ini sebesar Rp 280 triliun. Dana itu disalurkan kepada 3.476.120 debitur di seluruh Indonesia.

Deputi Bidang Koordinasi Ekonomi Kemenko Perekonomian mengatakan, porsi sektor produksi naik dari 55 persen menjadi 57,3 persen dalam dua tahun terakhir. "Bunga KUR tetap 6 persen per tahun, dengan plafon Rp1-2 miliar untuk KUR kecil," ujarnya di Jakarta, Senin (7/10/2024).

Menurut dia, sekitar 22 sampai 30 persen UMKM belum tersentuh pembiayaan formal. Rasio kredit bermasalah (NPL) juga turun 0,3 poin persentase menjadi 2,1 persen.

Sementara itu, ekspor kopi olahan tumbuh lima persen dan mencapai 1,2 juta ton senilai US$ 3,4 miliar. Pemerintah juga menyiapkan insentif satu juta rupiah bagi setiap koperasi. Sebanyak 1.250 koperasi dan 480 pelaku usaha ikut pelatihan selama tiga hari di Bandung, Jawa Barat, pada 6-8 Maret 2024."""

ARTICLE_FIGURES = [("IDR", 187.5e12), ("percent", 66.2), ("IDR", 280e12), ("count", 3476120), ("percent", 55),
                   ("percent", 57.3), ("percent", 6), ("IDR", 1e9), ("IDR", 2e9), ("percent", 22), ("percent", 30),
                   ("percent", 0.3), ("percent", 2.1), ("percent", 5), ("other", 1.2e6), ("USD", 3.4e9),
                   ("IDR", 1e6), ("count", 1250), ("count", 480)]

# a second wire-style article: counts without nouns, "-an", percent ranges, word fractions without a unit
ARTICLE2 = """SURABAYA, KOMPAS.com - Transaksi QRIS di Jawa Timur sepanjang semester I-2024 tumbuh 226,54 persen (yoy) dengan nominal Rp 8,9 triliun. Jumlah merchant tercatat 4,2 juta, sebanyak 92 persen di antaranya pelaku UMKM.

"Target kami tahun ini 5 juta merchant," kata Kepala Perwakilan BI Jatim, Kamis (18/7/2024). Ia menyebut, dari 38 kabupaten/kota, baru 12 yang capaian QRIS-nya di atas rata-rata.

Adapun pinjaman daring yang disalurkan ke UMKM mencapai Rp 20,3 triliun atau naik 18 persen dibanding tahun sebelumnya. Tingkat wanprestasi di atas 90 hari (TWP90) berada di kisaran 2,8%-3,1%.

Dalam acara itu hadir 1.200-an pelaku usaha, termasuk 300 pelaku usaha mikro dari 15 kabupaten. Setiap peserta mendapat pelatihan selama 2 x 24 jam dan modal awal senilai Rp 2,5 juta per orang. Pemerintah menargetkan 1 juta wirausaha baru hingga 2045.

OJK mencatat indeks literasi keuangan 2024 sebesar 65,43 persen, sementara indeks inklusi keuangan mencapai 75,02 persen. Artinya, masih ada sekitar 10 persen masyarakat yang memakai produk keuangan tanpa memahaminya. Survei dilakukan terhadap 10.800 responden di 34 provinsi pada Januari-Februari 2024.

Ekspor UMKM ditargetkan naik menjadi 17 persen pada 2024 dari 15,7 persen pada 2023. Nilai ekspor produk kerajinan mencapai USD 1,2 miliar, sedangkan produk perikanan sebesar US$ 850 juta.

Sekitar tiga perempat pelaku UMKM belum memiliki NIB. Pemerintah memberikan kuota 2 juta NIB gratis, setara seperempat dari kebutuhan. Bunga KUR turun setengah persen menjadi 6 persen."""

ARTICLE2_FIGURES = [("percent", 226.54), ("IDR", 8.9e12), ("count", 4.2e6), ("percent", 92), ("count", 5e6),
                    ("count", 38), ("count", 12), ("IDR", 20.3e12), ("percent", 18), ("percent", 2.8),
                    ("percent", 3.1), ("count", 1200), ("count", 300), ("count", 15), ("IDR", 2.5e6), ("count", 1e6),
                    ("percent", 65.43), ("percent", 75.02), ("percent", 10), ("count", 10800), ("count", 34),
                    ("percent", 17), ("percent", 15.7), ("USD", 1.2e9), ("USD", 8.5e8), ("count", 2e6),
                    ("percent", 0.5), ("percent", 6)]


def found(text: str) -> list[tuple[str, float]]:
    return [(f.unit, f.value) for f in find_figures(text)]


def as_counter(pairs) -> Counter:
    """Multiset of (unit, value), as score.py matches figures."""
    return Counter((u, round(float(v), 6)) for u, v in pairs)


@pytest.fixture(scope="module")
def fig_nlp():
    import monitor.nlp.language  # noqa: F401  (registers id_news)

    nlp = spacy.blank("id_news")
    nlp.add_pipe("monitor_figures")
    return nlp


def test_article_figures_exactly(fig_nlp):
    doc = fig_nlp(ARTICLE)
    recs = figures.records(doc)
    assert as_counter((f.unit, f.value) for f in recs) == as_counter(ARTICLE_FIGURES)
    for f in recs:
        assert ARTICLE[f.start:f.end] == f.text
        assert f.text in f.sentence and f.subject
    by_text = {f.text: f for f in recs}
    assert by_text["3.476.120 debitur"].unit_word == "debitur"
    assert by_text["480 pelaku usaha"].unit_word == "pelaku usaha"
    assert by_text["22"].qualifier == "sekitar" and by_text["30 persen"].qualifier is None
    assert by_text["Rp1"].range_group == by_text["2 miliar"].range_group is not None
    assert by_text["22"].range_group == by_text["30 persen"].range_group is not None
    assert by_text["55 persen"].change_group == by_text["57,3 persen"].change_group is not None
    assert by_text["0,3 poin persentase"].change_group is None
    assert by_text["66,2 persen"].subject != by_text["Rp 280 triliun"].subject
    assert "porsi sektor produksi" in by_text["55 persen"].subject
    assert [s.label_ for s in doc.spans["figures"]] == [f.unit for f in recs]


@pytest.mark.parametrize("text", [
    "Rapat digelar pada 6 Maret 2023 pukul 10.00 WIB di lantai 3 Gedung Smesco, Jakarta.",
    "Acara berlangsung Senin (6/3) hingga Rabu, 8 Maret 2023, mulai pukul 08.30-12.00 WITA.",
    "Aturan itu tertuang dalam UU Nomor 20 Tahun 2008 dan PP 7/2021 serta Pasal 5 ayat (2).",
    "Ketentuan lain diatur dalam POJK 12/POJK.03/2021 dan Permenkop No. 2 Tahun 2022.",
    "Ia telah memimpin koperasi itu selama 12 tahun, sejak berusia 42 tahun, atau sekitar tujuh hari sekali rapat.",
    "Informasi lebih lanjut dapat menghubungi call center 1500-123 atau nomor 0812-3456-7890.",
    "Kantor dinas dapat dihubungi di (021) 5551234 setiap hari kerja, sejak 12-03-2024 atau 2024-03-12.",
    "Peringkat Indonesia naik ke posisi 5, sedangkan Vietnam berada di urutan ke-3.",
    "Program Industri 4.0 dan jaringan 5G mulai diterapkan di SMA 3 Bandung sejak pandemi Covid-19 hingga H-7 Lebaran.",
    "Sembilan UMKM dan dua agenda utama dibahas dalam pertemuan kedua tersebut. Tim terdiri atas lima orang.",
    "Syaratnya:\n\n1. Memiliki izin usaha.\n\n2. Memiliki rekening bank.",
    "Pada 2022 dan 2023, program tersebut dijalankan di tiga provinsi, dari 2018 hingga 2020 hanya di Jawa.",
    "Masa inkubasi usaha berlangsung 2 - 6 bulan, sedangkan pendampingan digelar pekan ke 3.",
    "Budi (42), pedagang di Pasar Baru, mengaku sudah berjualan sejak 1990-an di Blok A nomor 12.",
    "Aplikasi versi 2.1.3 dirilis pada kuartal 3 dengan resolusi layar 1080 x 720.",
    "Tim tuan rumah menang 2-1 setelah sebelumnya unggul 21-19, 21-17 di gim pertama.",
    "Penghargaan diberikan untuk masa kerja 8, 16, 24, sampai 32 tahun, sejak 1367 kampus itu berdiri.",
    "Kantor cabang pindah ke kode pos 57663 pada menit 45 rapat, di SMA Negeri 12 Jakarta.",
])
def test_not_figures(text):
    assert found(text) == []


@pytest.mark.parametrize("text,expected", [
    ("Jumlah peserta mencapai 2.500 orang, naik 12 persen dibandingkan 2023.", [("count", 2500), ("percent", 12)]),
    ("Harga cabai Rp 100 ribu, padahal kemarin masih 80 ribu.", [("IDR", 1e5), ("IDR", 8e4)]),
    ("Gula dijual Rp 15.000/kg di pasar tradisional.", [("IDR", 15000)]),
    ("Ekspor mencapai 12,345,678 ton atau naik 3.5 persen, dengan nilai 1,250.5 juta dolar AS.",
     [("other", 12345678), ("percent", 3.5), ("USD", 1.2505e9)]),
    ("Ke-15 perusahaan itu bermitra dengan 300 UMKM.", [("count", 15), ("count", 300)]),
    ("Pertumbuhan diperkirakan antara 5 dan 7 persen.", [("percent", 5), ("percent", 7)]),
    ("Bunga masing-masing 5, 10, dan 15 persen.", [("percent", 5), ("percent", 10), ("percent", 15)]),
    ("Bagiannya berturut-turut sebesar 31.4 persen dan 8.6 persen.", [("percent", 31.4), ("percent", 8.6)]),
    ("Sasarannya 39-40 juta pengusaha super kecil.", [("count", 39e6), ("count", 40e6)]),
    ("Dari 48 juta petani gurem, baru 11 juta yang punya rekening.", [("count", 48e6), ("count", 11e6)]),
    ("Skema pertama Rp 3,18 triliun, skema kedua sebanyak 1,9 triliun.", [("IDR", 3.18e12), ("IDR", 1.9e12)]),
    ("Serapannya Rp 41,36 triliun (72,4%) dari anggaran, dan 63 persennya untuk pertanian.",
     [("IDR", 41.36e12), ("percent", 72.4), ("percent", 63)]),
    ("Ongkos kirimnya dulu cuma sekitar Rp 15 ribuan per paket.", [("IDR", 15000)]),
    ("Kredit macet ditekan sampai 0% tahun ini.", [("percent", 0)]),
    ("Sebanyak 356 rangkaian merupakan kereta reguler dan 50 lainnya tambahan.", [("count", 356), ("count", 50)]),
    ("Di Kabupaten Malang 191.144, disusul Kota Batu 16.274 merchant.", [("count", 191144), ("count", 16274)]),
    ("Targetnya dua puluh lima persen, atau setengah persen lebih tinggi.", [("percent", 25), ("percent", 0.5)]),
    ("Nilai ekspor naik dua kali lipat menjadi 40 juta ringgit.", [("other", 2), ("other", 4e7)]),
    ("Omzetnya kini Rp5 M per tahun, naik dari Rp 2,5 M.", [("IDR", 5e9), ("IDR", 2.5e9)]),
    ("Harga naik dari Rp 12 ribu menjadi 15 ribu per kilogram.", [("IDR", 12000), ("IDR", 15000)]),
    ("Pinjamannya berkisar Rp3 juta hingga Rp15 juta per anggota.", [("IDR", 3e6), ("IDR", 1.5e7)]),
    ("Sebanyak 2000 peserta hadir dalam acara tersebut.", [("count", 2000)]),
    ("Produksi beras mencapai 31,5 juta ton dari lahan 10,2 juta hektare.", [("other", 31.5e6), ("other", 10.2e6)]),
    ("Investasi itu senilai 500 juta dolar Amerika Serikat atau sekitar Rp 7,8 triliun.", [("USD", 5e8), ("IDR", 7.8e12)]),
    ("IHSG melemah 1,2% atau 85,3 poin ke level 7.432,1, dengan 3 poin penting dibahas.",
     [("percent", 1.2), ("other", 85.3), ("count", 7432.1), ("count", 3)]),
    ("Landasan pacu sepanjang 2.500 m dan jaringan berkecepatan 256 kbps.", [("other", 2500), ("other", 256)]),
    ("Harga naik 21% hingga 22,6 miliar yen, sedangkan pengguna mencapai 100 juta, dan 60 persen aktif.",
     [("percent", 21), ("other", 22.6e9), ("count", 1e8), ("percent", 60)]),
    ("Perusahaan itu memiliki sekitar 2,000 pekerja dan menjual $1,000 per unit.", [("count", 2000), ("USD", 1000)]),
    ("Ia dibayar hingga Rp40-50 juta perbulan, sedangkan TPT turun 0,41 persen poin.",
     [("IDR", 4e7), ("IDR", 5e7), ("percent", 0.41)]),
    ("Hadir 1.200-an pelaku usaha sejak era 80-an dan tahun 1990-an, serta 500-an UMKM.",
     [("count", 1200), ("count", 500)]),
    ("Jumlah merchant tercatat 4,2 juta, sebanyak 92 persen di antaranya UMKM; dari 38 kabupaten baru 12 yang aktif.",
     [("count", 4.2e6), ("percent", 92), ("count", 38), ("count", 12)]),
    ("Bunga sebesar 5% (lima persen), denda 10 (sepuluh) persen, hibah Rp 5.000.000 (lima juta rupiah).",
     [("percent", 5), ("percent", 10), ("IDR", 5e6)]),
    ("Serapannya Rp 41,36 triliun (72,4%) dari anggaran, dibagi ke 7 (tujuh) desa.",
     [("IDR", 41.36e12), ("percent", 72.4), ("count", 7)]),
    ("Rupiah bisa melemah ke 19 ribu per dolar AS, sementara pengguna QRIS di Jawa 12 juta orang.",
     [("IDR", 19000), ("count", 12e6)]),
    ("Setiap hari 500 orang datang ke gerai, sedangkan pada pekan 3, antrean berkurang.", [("count", 500)]),
    ("Porsinya di Singapura 90 persen, Malaysia (60-70 persen) dan Thailand 25 - 30 persen.",
     [("percent", 90), ("percent", 60), ("percent", 70), ("percent", 25), ("percent", 30)]),
])


def test_figures(text, expected):
    assert as_counter(found(text)) == as_counter(expected)


def test_second_article_exactly():
    assert as_counter(found(ARTICLE2)) == as_counter(ARTICLE2_FIGURES)


def test_change_in_either_order():
    figs = find_figures("Ekspor UMKM ditargetkan naik menjadi 17 persen pada 2024 dari 15,7 persen pada 2023. "
                        "Harga turun dari Rp 12.000 pada Mei menjadi Rp 10.000.")
    assert [f.value for f in figs] == [17, 15.7, 12000, 10000]
    groups = [f.change_group for f in figs]
    assert None not in groups and groups[0] == groups[1] != groups[2] == groups[3]


def test_list_members_share_unit_and_subject():
    figs = find_figures("Sebanyak 5, 10 dan 15 UMKM binaan ikut pameran di Surabaya.")
    assert [(f.unit, f.value, f.unit_word) for f in figs] == [("count", 5, "UMKM"), ("count", 10, "UMKM"),
                                                              ("count", 15, "UMKM")]
    assert len({f.subject for f in figs}) == 1 and "UMKM" in figs[0].subject


def test_qualifiers():
    figs = find_figures("Provinsi itu mendata lebih dari 2,7 juta unit usaha dan hampir Rp 5 triliun kredit, "
                        "dengan setidaknya 120 koperasi.")
    assert [f.qualifier for f in figs] == ["lebih dari", "hampir", "setidaknya"]
    assert figs[0].unit_word == "unit usaha" and figs[0].text == "2,7 juta unit usaha"


# property: an amount printed in any supported form inside a sentence is found once, with its value and unit
FORMS = [("Rp{n}{s}", "IDR"), ("Rp {n}{s}", "IDR"), ("Rp. {n}{s}", "IDR"), ("{n}{s} rupiah", "IDR"),
         ("US$ {n}{s}", "USD"), ("USD {n}{s}", "USD"), ("{n}{s} dolar AS", "USD"), ("{n} persen", "percent"),
         ("{n}%", "percent"), ("{n}{s} unit usaha", "count"), ("{n}{s} ton", "other")]
SCALES = [("", 1), (" ribu", 1e3), (" juta", 1e6), (" miliar", 1e9), (" triliun", 1e12)]


@given(whole=st.integers(min_value=1, max_value=999_999), frac=st.one_of(st.just(""), st.from_regex(r"\A[0-9]{1,2}\Z")),
       form=st.sampled_from(FORMS), scale=st.sampled_from(SCALES), qual=st.sampled_from(["", "sekitar ", "lebih dari "]))
@hsettings(max_examples=200, deadline=None)
def test_amount_in_sentence_roundtrip(whole, frac, form, scale, qual):
    pattern, unit = form
    digits = f"{whole:,}".replace(",", ".") + (f",{frac}" if frac else "")
    printed = pattern.format(n=digits, s=scale[0])
    text = f"Menurut data kementerian, nilainya mencapai {qual}{printed} pada tahun lalu."
    figs = find_figures(text)
    value = float(f"{whole}.{frac}" if frac else whole) * (1 if unit == "percent" else scale[1])
    assert len(figs) == 1, (text, figs)
    assert figs[0].unit == unit and figs[0].value == pytest.approx(value, rel=1e-9), text
    assert figs[0].text == printed and text[figs[0].start:figs[0].end] == printed
    assert figs[0].qualifier == (qual.strip() or None)


_PIECES = st.sampled_from(["Rp", "Rp.", " ", "5", "12", ".", ",", "000", "juta", "persen", "%", "-", "hingga", "dari",
                           "menjadi", "lima", "puluh", "(", ")", "/", "2024", "Maret", "tahun", "UMKM", "ke-",
                           "\n", "US$", "dolar AS", "sekitar", "x", ":", "WIB", "ribuan", "0812"])


@given(parts=st.lists(_PIECES, max_size=40))
@hsettings(max_examples=300, deadline=None)
def test_never_fails_and_offsets_hold(parts):
    text = "".join(parts)
    figs = find_figures(text)
    assert all(0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text for f in figs)
    assert all(a.end <= b.start for a, b in zip(figs, figs[1:]))
    assert all(f.unit in {"percent", "IDR", "USD", "count", "other"} and f.value >= 0 for f in figs)


# --- spaCy component: spans, records, and serialisation -----------------------

def _rows(doc: Doc) -> list[tuple]:
    return [(f.text, f.value, f.unit, f.start, f.end, f.qualifier, f.subject, f.range_group, f.change_group)
            for f in figures.records(doc)]


def test_doc_bytes_roundtrip(fig_nlp):
    doc = fig_nlp(ARTICLE)
    back = Doc(fig_nlp.vocab).from_bytes(doc.to_bytes())
    assert _rows(back) == _rows(doc) and len(_rows(doc)) == len(ARTICLE_FIGURES)
    assert [(s.start_char, s.end_char, s.label_) for s in back.spans["figures"]] == \
        [(s.start_char, s.end_char, s.label_) for s in doc.spans["figures"]]
    bin_ = DocBin(store_user_data=True, docs=[doc])
    (again,) = list(DocBin().from_bytes(bin_.to_bytes()).get_docs(fig_nlp.vocab))
    assert _rows(again) == _rows(doc)


def test_pipeline_disk_roundtrip(fig_nlp, tmp_path):
    fig_nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert "monitor_figures" in loaded.pipe_names
    assert _rows(loaded(ARTICLE)) == _rows(fig_nlp(ARTICLE))
    assert "doc.spans" in loaded.get_pipe_meta("monitor_figures").assigns


def test_pipe_in_batches(fig_nlp):
    texts = [ARTICLE, "Tidak ada angka di sini.", "Harga naik 5 persen."]
    counts = [len(figures.records(d)) for d in fig_nlp.pipe(texts, batch_size=2)]
    assert counts == [len(ARTICLE_FIGURES), 0, 1]


def test_shipped_pipeline_has_figures(nlp):
    from monitor.nlp.to_records import doc_to_analysis

    analysis = doc_to_analysis(nlp("Penjualan naik 12,5 persen menjadi Rp 3,2 triliun."), "test")
    assert [(f.unit, f.value) for f in analysis.figures] == [("percent", 12.5), ("IDR", 3.2e12)]


def test_unit_word_never_swallows_the_next_figure():
    """Found by the fuzz test: a count's unit word ran over a currency figure ("5 Rp5")."""
    figs = find_figures("Ada 5 Rp5 juta di kas koperasi.")
    assert [(f.text, f.unit) for f in figs] == [("5", "count"), ("Rp5 juta", "IDR")]
