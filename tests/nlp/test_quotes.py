"""Quotes and speakers on Indonesian wire-copy style articles written for these tests."""
from __future__ import annotations

import time

import pytest
import spacy
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from spacy.tokens import Doc

import monitor.nlp.language  # noqa: F401  (registers id_news)
from monitor.nlp import quotes
from monitor.nlp.quotes import extract
from monitor.types import Quote

ARTICLE_KOPERASI = """JAKARTA, KOMPAS.com - Menteri Koperasi dan UKM Teten Masduki mengatakan, pemerintah akan memperluas akses pembiayaan bagi pelaku usaha mikro di daerah.

"Kami ingin pelaku UMKM tidak lagi bergantung pada rentenir," kata Teten di Jakarta, Selasa (12/3/2024). "Karena itu, penyaluran KUR harus lebih cepat dan tepat sasaran."

Ia menambahkan, program "Bangga Buatan Indonesia" juga terus didorong agar produk lokal masuk ke pasar modern.

Menurutnya, kolaborasi dengan perbankan menjadi kunci untuk memperluas inklusi keuangan.

Sementara itu, Kepala Ekonom PT Bank Central Asia Tbk (BCA) Dimas Prasetyo menilai permintaan kredit UMKM masih akan tumbuh tahun ini.

"Permintaan kredit masih kuat, terutama dari sektor perdagangan dan jasa. Kami melihat risikonya masih terjaga.

"Tapi bank tetap harus berhati-hati dalam menyalurkan kredit kepada debitur baru," ujarnya.

Penyaluran kredit UMKM pada kuartal pertama masih tumbuh, kata Dimas.

Kementerian Koperasi dan UKM (KemenKopUKM) mengungkapkan, jumlah koperasi aktif terus bertambah setiap tahun.

Dari total penyaluran tersebut, kata dia, sebagian besar disalurkan untuk sektor produksi.

Deputi Komisioner OJK Kartika Ayu Lestari menyebutkan bahwa peningkatan literasi didorong oleh edukasi yang masif.

“Literasi keuangan harus diikuti dengan perlindungan konsumen yang kuat,” tegas Tika, sapaan akrab Kartika.

Pengamat ekonomi dari Universitas Indonesia, Yudha Pramana, berpendapat pemerintah perlu memperbaiki data penerima subsidi bunga.
"""

ARTICLE_QRIS = """SURABAYA, Antara - Bank Indonesia (BI) Perwakilan Jawa Timur mendorong pelaku usaha mikro memakai pembayaran digital.

Kepala Kantor Perwakilan BI Jawa Timur Erwin Hasiholan Siregar mengatakan: "Transaksi QRIS di Jawa Timur tumbuh dua kali lipat dibandingkan tahun lalu."

«Kami menargetkan satu juta merchant baru hingga akhir tahun,» ujar Erwin dalam temu media di Surabaya, Kamis.

„Pedagang pasar tradisional menjadi sasaran utama perluasan,“ lanjutnya.

‘Kami tidak ingin pedagang kecil terbebani,’ kata dia.

Di tempat terpisah, Ketua Asosiasi Pedagang Pasar Seluruh Indonesia (APPSI) Sumarsono menilai sosialisasi di pasar tradisional belum merata. "Banyak pedagang yang belum paham cara mencairkan dana dari QRIS. Mereka masih takut uangnya hilang.

"Pemerintah daerah perlu turun langsung ke pasar, jangan hanya mengandalkan spanduk. Kalau perlu, buka posko pendampingan di setiap pasar, tegasnya.

Sementara itu, sejumlah pedagang menyebut istilah "cashless" masih asing bagi mereka.

Suwarni, pedagang sayur di Pasar Wonokromo, mengaku sudah memakai QRIS sejak tahun lalu. "Pembeli muda lebih suka bayar pakai ponsel," katanya.

Penggunaan QRIS di kalangan pedagang kecil masih perlu didorong, kata Erwin.
"""


def find(qs: list[Quote], fragment: str) -> Quote:
    hits = [q for q in qs if fragment in q.text]
    assert len(hits) == 1, (fragment, [q.text for q in qs])
    return hits[0]


@pytest.fixture(scope="module")
def koperasi() -> list[Quote]:
    return extract(ARTICLE_KOPERASI)


@pytest.fixture(scope="module")
def qris() -> list[Quote]:
    return extract(ARTICLE_QRIS)


def test_offsets_point_at_the_quote_text(koperasi, qris):
    for text, qs in ((ARTICLE_KOPERASI, koperasi), (ARTICLE_QRIS, qris)):
        assert qs == sorted(qs, key=lambda q: q.start)
        for q in qs:
            assert text[q.start:q.end] == q.text
            assert q.text == q.text.strip()
            assert q.text[0] not in "\"“”«»„‘’'"
            assert q.text[-1] not in "\"“”«»„‘’'"


def test_role_and_name_before_reporting_verb(koperasi):
    q = find(koperasi, "pemerintah akan memperluas akses")
    assert (q.kind, q.speaker, q.speaker_role, q.cue) == ("indirect", "Teten Masduki", "Menteri Koperasi dan UKM", "mengatakan")
    assert q.text.startswith("pemerintah") and q.text.endswith("di daerah")


def test_split_quote_shares_attribution_and_short_name_resolves(koperasi):
    a = find(koperasi, "tidak lagi bergantung pada rentenir")
    b = find(koperasi, "Karena itu, penyaluran KUR")
    assert a.kind == b.kind == "direct"
    assert a.speaker == b.speaker == "Teten Masduki"
    assert a.cue == "kata"


def test_scare_quote_is_not_a_quote_but_its_sentence_is_reported(koperasi):
    assert not any(q.text == "Bangga Buatan Indonesia" for q in koperasi)
    q = find(koperasi, "juga terus didorong agar produk lokal")
    assert (q.kind, q.speaker, q.cue) == ("indirect", "Teten Masduki", "menambahkan")


def test_menurutnya_refers_to_last_speaker(koperasi):
    q = find(koperasi, "kolaborasi dengan perbankan")
    assert (q.speaker, q.cue) == ("Teten Masduki", "menurutnya")


def test_multi_paragraph_quote_gives_one_item_per_paragraph(koperasi):
    a = find(koperasi, "Permintaan kredit masih kuat")
    b = find(koperasi, "Tapi bank tetap harus berhati-hati")
    assert a.speaker == b.speaker == "Dimas Prasetyo"
    assert a.speaker_org == "PT Bank Central Asia Tbk"
    assert "\n" not in a.text and a.end < b.start


def test_clause_then_kata_name(koperasi):
    q = find(koperasi, "Penyaluran kredit UMKM pada kuartal pertama")
    assert (q.kind, q.speaker, q.cue) == ("indirect", "Dimas Prasetyo", "kata")
    assert q.text.endswith("masih tumbuh")


def test_organisation_as_speaker_and_pronoun_skips_organisations(koperasi):
    q = find(koperasi, "jumlah koperasi aktif")
    assert (q.speaker, q.cue) == ("Kementerian Koperasi dan UKM", "mengungkapkan")
    q = find(koperasi, "sebagian besar disalurkan")
    assert q.text.startswith("sebagian besar")  # the part before ", kata dia," is not the reported clause
    assert q.speaker == "Dimas Prasetyo"


def test_bahwa_is_dropped_and_nickname_resolves(koperasi):
    q = find(koperasi, "peningkatan literasi didorong")
    assert q.text.startswith("peningkatan") and q.speaker == "Kartika Ayu Lestari"
    assert q.speaker_role == "Deputi Komisioner OJK"
    q = find(koperasi, "perlindungan konsumen yang kuat")
    assert (q.speaker, q.cue) == ("Kartika Ayu Lestari", "tegas")


def test_role_appositive_before_name(koperasi):
    q = find(koperasi, "memperbaiki data penerima subsidi")
    assert q.speaker == "Yudha Pramana"
    assert q.speaker_org == "Universitas Indonesia"


def test_every_quote_mark_style(qris):
    for fragment, cue in (("tumbuh dua kali lipat", "mengatakan"), ("satu juta merchant baru", "ujar"),
                          ("sasaran utama perluasan", "lanjutnya"), ("pedagang kecil terbebani", "kata")):
        q = find(qris, fragment)
        assert (q.kind, q.speaker, q.cue) == ("direct", "Erwin Hasiholan Siregar", cue)


def test_unclosed_quote_at_paragraph_end_with_trailing_cue(qris):
    a = find(qris, "Mereka masih takut uangnya hilang")
    b = find(qris, "buka posko pendampingan")
    assert a.speaker == b.speaker == "Sumarsono"
    assert b.cue == "tegasnya"
    assert b.text.endswith("di setiap pasar") and "tegasnya" not in b.text


def test_scare_quoted_term_in_plain_sentence(qris):
    # the scare-quoted word is no direct quote; the sentence is reported speech of unnamed traders
    assert not any(q.kind == "direct" and "cashless" in q.text for q in qris)
    reported = [q for q in qris if "cashless" in q.text]
    assert [(q.kind, q.speaker) for q in reported] == [("indirect", "pedagang")]


def test_appositive_description_and_katanya_switches_speaker(qris):
    q = find(qris, "Pembeli muda lebih suka")
    assert q.speaker == "Suwarni"
    q = find(qris, "Penggunaan QRIS di kalangan pedagang kecil")
    assert (q.speaker, q.speaker_role) == ("Erwin Hasiholan Siregar", "Kepala Kantor Perwakilan BI Jawa Timur")


def test_no_quotes_in_plain_report():
    text = ("BANDUNG - Harga beras medium di sejumlah pasar di Bandung naik dalam sepekan terakhir. "
            "Kenaikan terjadi setelah pasokan dari sentra produksi berkurang.\n\n"
            "Pemerintah daerah menyiapkan operasi pasar untuk menahan harga.")
    assert extract(text) == []


ARTICLE_KUR = """Kabarbisnis.com, Jakarta Menteri Keuangan Ratih Kusumawardani menyatakan defisit anggaran tetap terkendali meski belanja subsidi bunga KUR meningkat.

"Kita tetap menjaga disiplin fiskal. Tidak ada pelebaran defisit untuk tahun ini." Hal itu disampaikan Ratih dalam konferensi pers APBN KiTa di Jakarta, Senin (8/4/2024).

Menurut Ratih, realisasi subsidi bunga KUR hingga Maret mencapai Rp9,8 triliun.

"Apakah ini cukup? Tentu belum, karena permintaan dari pelaku usaha masih tinggi," ucap Ratih.

Direktur Utama PT Bank Rakyat Indonesia (Persero) Tbk Bambang Setiawan pun mengatakan penyaluran KUR perseroan tumbuh dua digit.

"Kami fokus ke segmen ultra mikro yang selama ini belum tersentuh bank", imbuh Bambang.

Dia menjelaskan, BRI telah membuka lebih dari 600 ribu agen BRILink di seluruh Indonesia.

Prof. Dr. Anton Wibisono, Guru Besar Fakultas Ekonomi dan Bisnis Universitas Indonesia, mengingatkan perbankan agar tidak hanya mengejar target penyaluran.

"Kalau kreditnya macet, yang rugi pelaku usaha juga. Jangan sampai KUR jadi 'jebakan utang' bagi usaha kecil," kata Anton kepada wartawan.

Ketua Umum Asosiasi UMKM Indonesia (Akumindo) Yusuf Harahap mengungkapkan hal senada. Menurut dia, pendampingan usaha sama pentingnya dengan kredit.

"Pelaku usaha butuh mentor, bukan hanya modal," tegas Yusuf saat dihubungi, Selasa.

Badan Pusat Statistik (BPS) mencatat jumlah usaha mikro yang mengakses kredit perbankan baru sekitar 20 persen.

Kata Yusuf, "Angka itu harus kita naikkan bersama."

Teten Masduki menjelaskan:

"UMKM yang naik kelas harus diukur dari omzet, bukan hanya dari jumlah pinjaman."

Demikian disampaikan Teten dalam rapat kerja bersama Komisi VI DPR.
"""

ARTICLE_TRAPS = """YOGYAKARTA - Pemerintah menyebut program ini sebagai prioritas. Sebanyak 20 persen pelaku usaha menilai biaya logistik masih tinggi.

Inflasi Juni mencatat angka terendah dalam tiga tahun terakhir. Indeks Harga Konsumen (IHK) naik tipis dibanding bulan sebelumnya.

Aplikasi "SAPA UMKM" dan gerakan "Belanja di Warung Tetangga" diluncurkan bersamaan dengan film "Habibie & Ainun" yang diputar ulang.

Warga menyebut kawasan itu sebagai "kampung kreatif".

Kepala Dinas Koperasi dan UKM DIY Endang Purwaningsiwi menyebut UMKM sebagai "tulang punggung perekonomian daerah yang harus terus dijaga bersama".

Survei Katadata Insight Center (KIC) mencatat 60 persen pelaku usaha sudah berjualan secara daring.

Menurut data Kementerian Perdagangan, ekspor produk kerajinan naik 12 persen.

Dalam kata sambutannya, Gubernur menyinggung pentingnya kemitraan.

"Ini bukan sekadar angka. Ini soal nasib jutaan keluarga," kata Siwi.

"Kami butuh dukungan," tambah dia. "Terutama untuk pemasaran ke luar negeri."

Lebih lanjut, Siwi mengatakan pelatihan ekspor akan digelar bulan depan.

Sebelumnya, Presiden Joko Santoso menegaskan bahwa koperasi desa harus menjadi motor ekonomi. "Koperasi harus dikelola secara profesional," tegas Joko dalam sidang kabinet. Ia juga meminta para menteri untuk turun ke desa.
"""


@pytest.fixture(scope="module")
def kur() -> list[Quote]:
    return extract(ARTICLE_KUR)


@pytest.fixture(scope="module")
def traps() -> list[Quote]:
    return extract(ARTICLE_TRAPS)


def test_online_dateline_is_not_part_of_the_role(kur):
    q = find(kur, "defisit anggaran tetap terkendali")
    assert (q.speaker, q.speaker_role, q.cue) == ("Ratih Kusumawardani", "Menteri Keuangan", "menyatakan")


def test_hal_itu_disampaikan_attributes_the_quote_before(kur):
    q = find(kur, "menjaga disiplin fiskal")
    assert (q.kind, q.speaker, q.cue) == ("direct", "Ratih Kusumawardani", "disampaikan")


def test_question_inside_quote_and_comma_outside_marks(kur):
    assert find(kur, "Apakah ini cukup?").cue == "ucap"
    q = find(kur, "segmen ultra mikro")
    assert (q.speaker, q.cue) == ("Bambang Setiawan", "imbuh")
    assert q.speaker_org == "PT Bank Rakyat Indonesia (Persero) Tbk"  # the legal form as printed


def test_dia_menjelaskan_and_academic_titles(kur):
    assert find(kur, "agen BRILink").speaker == "Bambang Setiawan"
    q = find(kur, "tidak hanya mengejar target")
    assert (q.speaker, q.cue) == ("Anton Wibisono", "mengingatkan")
    assert q.speaker_role.startswith("Guru Besar")
    assert find(kur, "jebakan utang").speaker == "Anton Wibisono"  # nested single quotes stay inside


def test_hal_senada_introduces_the_next_pronoun(kur):
    q = find(kur, "pendampingan usaha sama pentingnya")
    assert (q.speaker, q.cue) == ("Yusuf Harahap", "menurut")


def test_organisation_records_and_kata_x_before_quote(kur):
    q = find(kur, "mengakses kredit perbankan")
    assert (q.speaker, q.kind) == ("Badan Pusat Statistik", "indirect")
    q = find(kur, "Angka itu harus kita naikkan")
    assert (q.speaker, q.cue) == ("Yusuf Harahap", "kata")


def test_attribution_in_previous_paragraph_with_colon(kur):
    q = find(kur, "diukur dari omzet")
    assert q.speaker == "Teten Masduki"


def test_titles_and_scare_quotes_are_not_quotes(traps):
    texts = " | ".join(q.text for q in traps)
    for word in ("SAPA UMKM", "Warung Tetangga", "Habibie", "kampung kreatif"):
        assert word not in texts
    # generic subjects and statistics are not speakers
    assert not any(q.speaker in ("Pemerintah", "Juni", "Konsumen") for q in traps)
    assert not any("biaya logistik" in q.text for q in traps)


def test_partial_quote_after_reporting_verb(traps):
    q = find(traps, "tulang punggung perekonomian daerah")
    assert (q.kind, q.speaker, q.cue) == ("direct", "Endang Purwaningsiwi", "menyebut")


def test_nickname_and_lebih_lanjut(traps):
    for fragment in ("bukan sekadar angka", "Kami butuh dukungan", "pemasaran ke luar negeri", "pelatihan ekspor"):
        assert find(traps, fragment).speaker == "Endang Purwaningsiwi"
    assert not any(q.text.startswith("Siwi mengatakan") for q in traps)


def test_statement_then_quote_in_one_paragraph(traps):
    a = find(traps, "koperasi desa harus menjadi motor")
    b = find(traps, "dikelola secara profesional")
    assert a.speaker == b.speaker == "Joko Santoso" and a.speaker_role == "Presiden"


ARTICLE_NELAYAN = """MAKASSAR - Tanggapan berbeda datang dari Ekonom Universitas Hasanuddin Marsuki Lagaligo. Menurut dia, bunga KUR masih terlalu tinggi bagi nelayan.

Gubernur Sulawesi Selatan Andi Baso Mappatunru, dalam keterangan tertulisnya, Minggu (7/7), mengatakan pemprov akan menambah anggaran penjaminan kredit.

Kepala OJK Sulselbar Darmawansyah mengatakan kepada wartawan di Makassar, Senin (8/7), penyaluran kredit ke sektor perikanan naik tipis.

"Nelayan kecil sering tidak punya agunan. Itu masalah utamanya," ujarnya.

Sementara menurut Ketua Himpunan Nelayan Tradisional Indonesia (HNTI) Sulsel, Baharuddin Lolo, nelayan butuh skema cicilan musiman.

"Kalau musim paceklik, kami tidak bisa bayar," kata Baharuddin.
"""


@pytest.fixture(scope="module")
def nelayan() -> list[Quote]:
    return extract(ARTICLE_NELAYAN)


def test_first_pronoun_means_the_person_just_introduced(nelayan):
    q = find(nelayan, "bunga KUR masih terlalu tinggi")
    assert (q.speaker, q.speaker_org) == ("Marsuki Lagaligo", "Universitas Hasanuddin")


def test_adverbials_between_speaker_verb_and_clause(nelayan):
    q = find(nelayan, "menambah anggaran penjaminan")
    assert (q.speaker, q.speaker_role) == ("Andi Baso Mappatunru", "Gubernur Sulawesi Selatan")
    q = find(nelayan, "sektor perikanan naik tipis")
    assert q.text.startswith("penyaluran kredit")  # not "kepada wartawan di Makassar, …"
    assert (q.speaker, q.speaker_org) == ("Darmawansyah", "OJK Sulselbar")
    assert find(nelayan, "tidak punya agunan").speaker == "Darmawansyah"


def test_sementara_menurut_role_comma_name(nelayan):
    q = find(nelayan, "skema cicilan musiman")
    assert (q.speaker, q.cue) == ("Baharuddin Lolo", "menurut")
    assert find(nelayan, "musim paceklik").speaker == "Baharuddin Lolo"


ARTICLE_TANI = """BANDUNG - Kemitraan usaha besar dengan UMKM harus diperluas ke sektor pertanian. Hal itu dikatakan Kepala Dinas Koperasi dan Usaha Kecil Jawa Barat Kusmana Hartadji di Bandung, Rabu.

Kusmana meminta agar perusahaan besar membeli hasil panen petani dengan harga yang wajar.

Ia juga mendorong perbankan menyalurkan kredit ke koperasi tani.

Pemerintah provinsi mencatat ada 1.200 koperasi tani aktif.
"""


def test_hal_itu_dikatakan_reports_the_sentence_before():
    qs = extract(ARTICLE_TANI)
    q = find(qs, "Kemitraan usaha besar dengan UMKM")
    assert q.text.startswith("Kemitraan")  # dateline dropped
    assert (q.kind, q.speaker, q.cue) == ("indirect", "Kusmana Hartadji", "dikatakan")


def test_request_verb_counts_before_agar_or_an_object_and_its_verb():
    qs = extract(ARTICLE_TANI)
    q = find(qs, "membeli hasil panen petani")
    assert q.text.startswith("agar") and (q.speaker, q.cue) == ("Kusmana Hartadji", "meminta")
    # "mendorong perbankan menyalurkan …" asks the banks to act: reported speech, as devset3 and devset5
    # annotate it ("meminta OJK membatasi …", "mendorong pemerintah memperluas …"); see test_request_verbs.py
    q = find(qs, "menyalurkan kredit ke koperasi tani")
    assert (q.speaker, q.cue) == ("Kusmana Hartadji", "mendorong")
    assert not any("1.200 koperasi" in q.text for q in qs)  # "Pemerintah provinsi" is no named speaker


def test_quote_glued_to_previous_sentence_and_cue():
    text = ("Penjualan naik tajam dibanding tahun lalu.\"Kami siap memenuhi permintaan pasar,\"kata Direktur Utama "
            "PT Maju Jaya Sentosa Rudi Hartono.")
    (q,) = extract(text)
    assert (q.text, q.speaker, q.speaker_org) == ("Kami siap memenuhi permintaan pasar,", "Rudi Hartono", "PT Maju Jaya Sentosa")


@pytest.mark.parametrize("text, clause, speaker", [
    ("Harga cabai rawit terus naik sejak awal pekan, kata Budi, pedagang di Pasar Minggu.",
     "Harga cabai rawit terus naik sejak awal pekan", "Budi"),
    ("Penjualan turun drastis, kata Budi Santoso, Jumat (22/8), di Jakarta.", "Penjualan turun drastis", "Budi Santoso"),
    ("Nantinya, lanjut Budi Santoso, koperasi akan mengelola gudang bersama.",
     "koperasi akan mengelola gudang bersama", "Budi Santoso"),
])
def test_cue_inside_the_sentence(text, clause, speaker):
    (q,) = extract(text)
    assert (q.text, q.speaker, q.kind) == (clause, speaker, "indirect")


def test_unclosed_quote_ends_at_its_cue_inside_the_paragraph():
    text = ("\"Kami siap membantu pelaku usaha, kata Teten Masduki di Jakarta. Program ini akan berlanjut tahun depan.\n\n"
            "Teten Masduki hadir bersama pengurus koperasi. \"Angka itu naik tajam dari tahun lalu, jelasnya.")
    a, b = extract(text)
    assert (a.text, a.speaker, a.cue) == ("Kami siap membantu pelaku usaha", "Teten Masduki", "kata")
    assert (b.text, b.speaker, b.cue) == ("Angka itu naik tajam dari tahun lalu", "Teten Masduki", "jelasnya")


ARTICLE_KREDIT = """Jakarta - Bank Indonesia (BI) mencatat uang beredar dalam arti luas tumbuh 6,5 persen pada April.

"Pertumbuhan M2 terutama didorong oleh penyaluran kredit," tulis BI dalam keterangan resminya, Senin (5/5/2025).

Ekonom Senior INDEF Wahyu Prasetya menilai pertumbuhan kredit UMKM masih tertinggal dibanding korporasi. "Bank lebih nyaman menyalurkan ke korporasi besar," kata Wahyu kepada detikFinance.

Dalam kesempatan yang sama, Direktur Center of Economic and Law Studies (Celios) Bima Saputra mengatakan, pemerintah perlu memperluas penjaminan kredit.

"Tanpa penjaminan, bank tidak mau ambil risiko," ujar Bima, Senin.

Kepala Departemen Pengembangan UMKM BI, Nurul Fitriani, menyatakan pihaknya terus memperluas program pendampingan. Menurut Nurul, sebanyak 1.500 UMKM binaan sudah menembus pasar ekspor.

"Kami ingin lebih banyak lagi," kata Nurul. Dia menambahkan, BI juga menggelar pameran Karya Kreatif Indonesia setiap tahun.

Pak Darto, perajin batik di Pekalongan, mengaku omzetnya naik setelah ikut pameran. "Alhamdulillah, pesanan dari luar kota bertambah," tuturnya.
"""


@pytest.fixture(scope="module")
def kredit() -> list[Quote]:
    return extract(ARTICLE_KREDIT)


def test_organisation_acronym_after_cue_resolves_to_its_name(kredit):
    q = find(kredit, "Pertumbuhan M2 terutama")
    assert (q.speaker, q.cue) == ("Bank Indonesia", "tulis")


def test_english_organisation_name_in_role(kredit):
    q = find(kredit, "memperluas penjaminan kredit")
    assert (q.speaker, q.speaker_org) == ("Bima Saputra", "Center of Economic and Law Studies")
    assert find(kredit, "Tanpa penjaminan").speaker == "Bima Saputra"


def test_name_before_full_stop_does_not_swallow_next_sentence(kredit):
    q = find(kredit, "Kami ingin lebih banyak lagi")
    assert (q.speaker, q.cue) == ("Nurul Fitriani", "kata")
    q = find(kredit, "pameran Karya Kreatif Indonesia")
    assert (q.speaker, q.cue) == ("Nurul Fitriani", "menambahkan")


def test_honorific_and_tuturnya(kredit):
    q = find(kredit, "pesanan dari luar kota")
    assert (q.speaker, q.cue) == ("Darto", "tuturnya")


_PIECES = ["Teten Masduki", "mengatakan,", "kata dia.", "ujarnya.", "\"", "“", "”", "‘", "’", "'", "«", "»", ",", ".", "\n\n",
           "Menurut Budi,", "UMKM", "harga cabai naik", "Kepala Dinas Koperasi", "(BPS)", "Ia menambahkan", "program",
           "kata", "Rp5 triliun", "Hal itu disampaikan", "Jakarta -", ":", "lanjut dia,", "agar", "meminta"]


@hyp_settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_text_gives_consistent_records(pieces):
    text = " ".join(pieces)
    qs = extract(text)
    assert qs == sorted(qs, key=lambda q: (q.start, q.end))
    for a, b in zip(qs, qs[1:]):
        assert a.end <= b.start
    for q in qs:
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text
        assert q.kind in ("direct", "indirect")


@pytest.mark.parametrize("text", [
    "Teten Masduki mengatakan kepada wartawan di Jakarta bahwa koperasi desa akan segera dibentuk.",
    "Teten Masduki mengatakan di Jakarta, Senin, koperasi desa akan segera dibentuk.",
    "Teten Masduki, dalam keterangan tertulisnya, Minggu (7/7), mengatakan koperasi desa akan segera dibentuk.",
    "Menteri Koperasi dan UKM Teten Masduki pun mengatakan: koperasi desa akan segera dibentuk.",
    "Sementara Teten Masduki mengatakan koperasi desa akan segera dibentuk.",
])
def test_adverbials_around_the_verb_stay_out_of_the_clause(text):
    (q,) = extract(text)
    assert (q.text, q.speaker, q.cue) == ("koperasi desa akan segera dibentuk", "Teten Masduki", "mengatakan")


def test_company_acronym_after_atau_and_menurutnya_lagi():
    text = ("JAKARTA - PT Bank Sentosa Nusantara (Persero) Tbk. atau BSN menyiapkan kredit untuk UMKM eksportir.\n\n"
            "Direktur Bisnis UMKM BSN Ratna Dewi Lestari menyampaikan perseroan melihat peluang besar di pasar halal.\n\n"
            "Menurutnya lagi, pendampingan menjadi kunci agar UMKM memenuhi standar mutu negara tujuan.\n\n"
            "BSN mencatat, hingga Mei penyaluran kredit UMKM perseroan tumbuh dua digit.")
    qs = extract(text)
    assert find(qs, "pendampingan menjadi kunci").speaker == "Ratna Dewi Lestari"
    q = find(qs, "penyaluran kredit UMKM perseroan tumbuh")
    assert q.speaker == "PT Bank Sentosa Nusantara (Persero) Tbk"


ARTICLE_PIUTANG = """JAKARTA, KOMPAS.com - Rencana pemerintah menghapus piutang macet UMKM disambut beragam tanggapan.

Wakil Ketua Komisi VI DPR, Martinus Halawa, menyebut kebijakan itu sebagai "angin segar bagi jutaan pelaku usaha kecil yang terjerat utang lama".

"Banyak nasabah yang sebenarnya mau bayar, tapi usahanya hancur saat pandemi. Mereka perlu kesempatan kedua," kata Martinus di Kompleks Parlemen, Senayan, Jakarta, Senin (24/6/2024).

Namun, ia mengingatkan agar penghapusan tidak menimbulkan moral hazard.

Ekonom Institute for Development of Economics and Finance (Indef) Tauhid Ramdani punya pandangan lain. Dia khawatir kebijakan itu justru membuat bank makin enggan menyalurkan kredit ke usaha mikro.

"Bank akan berpikir, nanti juga dihapus. Akibatnya mereka memperketat syarat...

"...dan yang paling dirugikan justru pelaku usaha yang baru mau mulai," ujarnya.

Dalam keterangan resmi, Kementerian Koperasi dan UKM menyatakan penghapusan hanya berlaku untuk kredit program yang macet sebelum 2020.

Deputi Bidang Usaha Mikro KemenKopUKM Yulia Pranoto menjelaskan, verifikasi debitur dilakukan berlapis. "Tidak semua otomatis dihapus," ucap Yulia."""


def test_partial_quote_pronoun_after_connector_and_ellipsis_continuation():
    qs = extract(ARTICLE_PIUTANG)
    assert not any(q.text == "kebijakan itu sebagai" for q in qs)  # lead-in of the partial quote
    assert find(qs, "angin segar bagi jutaan").speaker == "Martinus Halawa"
    q = find(qs, "tidak menimbulkan moral hazard")
    assert (q.speaker, q.cue) == ("Martinus Halawa", "mengingatkan")
    a = find(qs, "Akibatnya mereka memperketat syarat")
    b = find(qs, "yang paling dirugikan justru")
    assert b.text.startswith("...dan")
    assert a.speaker == b.speaker == "Tauhid Ramdani" and b.cue == "ujarnya"
    assert find(qs, "macet sebelum 2020").speaker == "Kementerian Koperasi dan UKM"
    assert not any("khawatir" in q.text for q in qs)


def test_begitu_kata_and_lebih_lanjut_dikatakan():
    text = ("Menteri Koperasi Budi Santoso meninjau pasar yang terbakar.\n\n"
            "\"Kami akan bantu pedagang yang terdampak kebakaran.\"\n\n"
            "Begitu kata Budi di lokasi.\n\n"
            "Lebih lanjut dikatakan, bantuan modal akan cair pekan depan.")
    a, b = extract(text)
    assert (a.kind, a.speaker, a.speaker_role, a.cue) == ("direct", "Budi Santoso", "Menteri Koperasi", "kata")
    assert (b.text, b.speaker, b.cue) == ("bantuan modal akan cair pekan depan", "Budi Santoso", "dikatakan")


ARTICLE_NO_SPEECH = """JAKARTA - Laporan Bank Dunia menyebut pertumbuhan ekonomi Indonesia akan melambat tahun depan.

"Bangga Buatan Indonesia" kembali digaungkan dalam pameran di Jakarta Convention Center.

Tagar #BeliLokal menjadi trending di media sosial setelah sejumlah artis mengunggah produk UMKM.

Film "Gadis Kretek" ikut mendongkrak penjualan kretek tangan di Kudus.

Survei Bank Indonesia menunjukkan keyakinan konsumen masih optimistis.

"UMKM Naik Kelas" menjadi tema peringatan Hari UMKM Nasional tahun ini.

Para pedagang menyebutnya "pasar tumpah" karena lapak meluber hingga ke jalan raya.
"""


def test_titles_slogans_and_reports_are_not_quotes():
    assert extract(ARTICLE_NO_SPEECH) == []


ARTICLE_TELUR = """Jakarta - Harga telur ayam ras di tingkat peternak anjlok hingga di bawah biaya produksi.

Ketua Umum Presidium Peternak Layer Nasional Ki Musbar Mesdi bilang, harga di kandang kini hanya Rp19.000 per kilogram. "Padahal biaya pokok produksi kami sudah Rp23.000," tuturnya kepada detikcom, Minggu (7/7/2024).

Dia bilang banyak peternak kecil terpaksa mengurangi populasi ayam petelur.

Kondisi ini, sebut dia, diperparah mahalnya harga jagung pakan.

Kementerian Pertanian melalui Direktorat Jenderal Peternakan dan Kesehatan Hewan menyatakan tengah menyiapkan penyerapan telur untuk program bantuan pangan.

Dirjen Peternakan dan Kesehatan Hewan Agung Suganda: "Kami akan serap telur dari peternak rakyat lebih dulu."

Harga diharapkan pulih dalam dua pekan, menurut Agung.

Ia pun menilai perlu ada harga acuan yang lebih adil bagi peternak."""


def test_bilang_sebut_dia_colon_quote_and_office_nouns():
    qs = extract(ARTICLE_TELUR)
    assert [q.speaker for q in qs] == ["Ki Musbar Mesdi"] * 4 + ["Kementerian Pertanian"] + ["Agung Suganda"] * 3
    assert find(qs, "hanya Rp19.000 per kilogram").cue == "bilang"
    assert find(qs, "diperparah mahalnya harga jagung").cue == "sebut"
    q = find(qs, "serap telur dari peternak")
    assert (q.kind, q.speaker_role) == ("direct", "Dirjen Peternakan dan Kesehatan Hewan")
    assert find(qs, "Harga diharapkan pulih").cue == "menurut"


# ---- quotation marks and sentences

def test_marks_mixed_styles_apostrophes_and_unclosed():
    from monitor.nlp.quote_text import direct_segments

    par = "Wamen Aminuddin Ma’ruf hadir. \"Kami siap membantu,” ujarnya. ‘Itu penting,’ katanya. «Belum selesai"
    segs = [par[cs:ce] for _, cs, ce, _ in direct_segments(par)]
    assert segs == ["Kami siap membantu,", "Itu penting,", "Belum selesai"]
    assert direct_segments(par)[-1][3] is None  # unclosed at the paragraph end


def test_sentences_keep_abbreviations_and_decimals():
    from monitor.nlp.quote_text import sentences

    par = "PT. Bank Maju Tbk. mencatat laba Rp1.5 triliun. Dr. Rina Susanti menilai hasil itu baik. Laba naik."
    got = [par[a:b] for a, b in sentences(par)]
    assert got == ["PT. Bank Maju Tbk. mencatat laba Rp1.5 triliun.", "Dr. Rina Susanti menilai hasil itu baik.", "Laba naik."]


# ---- the spaCy component

@pytest.fixture(scope="module")
def quotes_nlp():
    nlp = spacy.blank("id_news")
    nlp.add_pipe("monitor_quotes")
    return nlp


def test_component_spans_and_records(quotes_nlp, koperasi):
    doc = quotes_nlp(ARTICLE_KOPERASI)
    spans = doc.spans["quotes"]
    assert len(spans) == len(koperasi)
    assert quotes.records(doc) == koperasi
    for span, q in zip(spans, koperasi):
        assert span.start_char <= q.start and q.end <= span.end_char
        assert span.label_ == q.kind


def test_records_survive_doc_bytes(quotes_nlp, koperasi):
    doc = quotes_nlp(ARTICLE_KOPERASI)
    restored = Doc(quotes_nlp.vocab).from_bytes(doc.to_bytes())
    assert quotes.records(restored) == koperasi


def test_records_survive_docbin_without_user_data(quotes_nlp, koperasi):
    from spacy.tokens import DocBin

    data = DocBin(attrs=["ORTH"], store_user_data=False, docs=[quotes_nlp(ARTICLE_KOPERASI)]).to_bytes()
    (restored,) = DocBin().from_bytes(data).get_docs(quotes_nlp.vocab)
    assert len(restored.spans["quotes"]) == len(koperasi)
    assert quotes.records(restored) == koperasi


def test_pipeline_survives_to_disk(quotes_nlp, tmp_path, qris):
    quotes_nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert "monitor_quotes" in loaded.pipe_names
    assert quotes.records(loaded(ARTICLE_QRIS)) == qris


def test_rules_are_much_faster_than_the_ner():
    """The NER (0.2.0, e5 encoder) runs at about 1-2k words/s (bench/README.md); quotes must cost a small
    part of that (CPU time, not wall): at 30k words/s they add a few percent."""
    texts = [ARTICLE_KOPERASI, ARTICLE_QRIS, ARTICLE_KUR, ARTICLE_TRAPS, ARTICLE_NELAYAN, ARTICLE_KREDIT] * 10
    words = sum(len(t.split()) for t in texts)
    extract(texts[0])
    t = time.process_time()
    for text in texts:
        extract(text)
    rate = words / max(time.process_time() - t, 1e-9)
    assert rate > 30_000, f"{rate:.0f} words/s"


def test_with_the_trained_ner(nlp):
    """With doc.ents from the NER the speakers stay the same as from word shapes alone."""
    keep = {"tok2vec", "ner", "monitor_quotes"}
    with nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in keep]):
        doc = nlp(ARTICLE_KUR)
    got = {(q.text, q.speaker) for q in quotes.records(doc)}
    assert got == {(q.text, q.speaker) for q in extract(ARTICLE_KUR)}


def test_brackets_holding_only_punctuation_after_a_name_do_not_stop_the_article():
    # a stray "( - )" once raised IndexError in the acronym scan and lost the whole article's quotes
    text = ("Ketua Koperasi Maju Bersama Sugeng Riyadi ( - ) mengatakan koperasinya akan menambah seratus anggota "
            "baru tahun ini. \"Kami ingin petani di desa ikut menabung,\" kata Sugeng.")
    got = extract(text, [("Sugeng Riyadi", "PER"), ("Koperasi Maju Bersama", "ORG")])
    assert [(q.kind, q.speaker, q.speaker_role) for q in got] == [
        ("indirect", "Sugeng Riyadi", "Ketua Koperasi Maju Bersama"), ("direct", "Sugeng Riyadi", "Ketua Koperasi Maju Bersama")]
    assert text[got[1].start:got[1].end].startswith("Kami ingin petani")


def test_reported_speech_right_after_a_quote_that_closed_its_sentence():
    """'"… sendiri." Ia juga menjelaskan, …' in one paragraph: the indirect quote after the closed quote is found
    (it was read as part of the quote's sentence), and a lead-in after an unclosed sentence is not."""
    text = ("Pelatih usaha Andi Kurniadi memberi saran bagi pedagang pasar. \"Catat semua pengeluaran,\" tutur Andi. "
            "\"Mulai dari modal belanja harian.\" Ia juga menjelaskan, pembukuan sederhana membuat pengajuan KUR lebih "
            "mudah disetujui bank.")
    qs = extract(text, [("Andi Kurniadi", "PER"), ("Andi", "PER")])
    ind = [q for q in qs if q.kind == "indirect"]
    assert [(q.speaker, q.text) for q in ind] == [
        ("Andi Kurniadi", "pembukuan sederhana membuat pengajuan KUR lebih mudah disetujui bank")]
    assert len([q for q in qs if q.kind == "direct"]) == 2
