"""Lines a page prints around the story: bylines name persons, a photo credit names the outlet and the
photographer, a Title Case "Baca juga:" headline makes no person, and "dolar AS" names no place."""
from tests.nlp.speech_helpers import linked

TEXT = ("BATAM – Ekspor komponen elektronik mencapai 4,1 miliar dolar AS sepanjang tahun ini.\n\n"
        "Foto: Pekerja merakit papan sirkuit di sebuah pabrik di Batam. (Kabar Kepri/Rudi Hartono)\n\n"
        "Baca juga: Galangan Kapal Tanjung Uncang Buka Lowongan Baru\n\n"
        "Penulis: Maya Kusuma | Editor: Fajar Nugraha")


def test_page_lines():
    ents = linked(TEXT, [("BATAM", "LOC"), ("AS", "LOC"), ("Batam", "LOC"), ("Kabar Kepri", "PER"),
                         ("Rudi Hartono", "PER"), ("Galangan Kapal Tanjung Uncang Buka Lowongan", "PER"),
                         ("Fajar Nugraha", "PER")])
    assert ("AS", "LOC") not in ents
    assert ("Kabar Kepri", "ORG") in ents and ("Rudi Hartono", "PER") in ents
    assert not any(text.startswith("Galangan") and label == "PER" for text, label in ents)
    assert ("Maya Kusuma", "PER") in ents and ("Fajar Nugraha", "PER") in ents


def test_a_read_also_headline_names_no_entity_the_story_does_not():
    """Another story's Title Case headline ("Baca juga:", "Simak juga", "Berita terkait") gives no place or
    organisation of its own; a name the story prints elsewhere stays."""
    text = ("SEMARANG – Penjualan batik tulis perajin di Kabupaten Pekalongan naik menjelang akhir tahun.\n\n"
            "Baca juga: Pasar Terapung Lok Baintan Siap Digelar Pekan Depan\n\n"
            "Simak juga: Harga Cabai di Pekalongan Turun\n\n"
            "Ketua Koperasi Batik Jlamprang Sutini mengatakan pesanan datang dari Jakarta.")
    ents = linked(text, [("SEMARANG", "LOC"), ("Kabupaten Pekalongan", "LOC"),
                         ("Pasar Terapung Lok Baintan Siap Digelar", "LOC"), ("Pekalongan", "LOC"),
                         ("Koperasi Batik Jlamprang", "ORG"), ("Sutini", "PER"), ("Jakarta", "LOC")])
    assert not any(e.startswith("Pasar Terapung") for e, _ in ents)
    assert ("Pekalongan", "LOC") in ents  # printed in the story too ("Kabupaten Pekalongan")
    assert ("Koperasi Batik Jlamprang", "ORG") in ents and ("Jakarta", "LOC") in ents


def test_a_read_also_headline_gives_no_figure():
    from monitor.nlp.figures import find_figures

    text = ("Jakarta – Penyaluran KUR di Jawa Tengah naik 12 persen menjadi Rp9,4 triliun.\n\n"
            "Baca Juga: OJK Blokir 1.200 Entitas Pinjol Ilegal Sepanjang 2026\n\n"
            "BERITA TERKAIT: Transaksi QRIS Tembus Rp38,6 Miliar Sehari\n\n"
            "Bank menargetkan 40.000 debitur baru.")
    assert [f.text for f in find_figures(text)] == ["12 persen", "Rp9,4 triliun", "40.000 debitur"]


def test_the_extractor_and_the_readers_share_one_read_also_pattern():
    from monitor.extract.article import clean_text
    from monitor.text import read_also_lines

    lines = ["Baca juga: Harga Beras Naik", "[Baca Juga: Ekspor Kopi Turun]", "Lihat juga: Video Banjir",
             "Artikel terkait: KUR Petani"]
    text = "\n".join(["Petani membaca juga laporan harga."] + lines)
    assert [text[a:b] for a, b in read_also_lines(text)] == lines
    assert clean_text(text) == "Petani membaca juga laporan harga."
