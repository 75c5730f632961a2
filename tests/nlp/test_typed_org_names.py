"""A cooperative or bank printed with the acronym of its type before its name ("Koperasi Simpan Pinjam
(KSP) Mitra Usaha Tani") is one organisation; an organisation's own acronym before a region ("Badan
Pusat Statistik (BPS) Riau") is not."""
from tests.nlp.speech_helpers import linked

TEXT = ("PADANG — Ratusan anggota Koperasi Simpan Pinjam (KSP) Mitra Usaha Tani mendatangi kantor koperasi. "
        "Ketua Koperasi Unit Desa (KUD) Bukit Sari Makmur Syafrizal Tanjung mengatakan, simpanan anggota aman. "
        "Badan Pusat Statistik (BPS) Sumatera Barat mencatat inflasi melandai.")


def test_typed_names():
    ents = linked(TEXT, [("PADANG", "LOC"), ("Koperasi Simpan Pinjam", "ORG"), ("KSP", "ORG"),
                         ("Mitra Usaha Tani mendatangi", "ORG"), ("Koperasi Unit Desa", "ORG"), ("KUD", "ORG"),
                         ("Syafrizal Tanjung", "PER"), ("Badan Pusat Statistik", "ORG"), ("BPS", "ORG"),
                         ("Sumatera Barat", "LOC")])
    assert ("Koperasi Simpan Pinjam (KSP) Mitra Usaha Tani", "ORG") in ents
    assert ("Koperasi Unit Desa (KUD) Bukit Sari Makmur", "ORG") in ents
    assert ("Syafrizal Tanjung", "PER") in ents
    assert ("Badan Pusat Statistik", "ORG") in ents and ("BPS", "ORG") in ents and ("Sumatera Barat", "LOC") in ents


def test_model_org_cut_at_dan_takes_the_whole_printed_name():
    text = ("Ketua Himpunan Pengusaha Kopi dan Kakao Indonesia (Hipkaki) Jawa Timur Bambang Saputra menilai ekspor "
            "membaik. Menurut Bambang, pesanan naik.")
    ents = linked(text, [("Himpunan Pengusaha Kopi", "ORG"), ("Jawa Timur", "LOC"), ("Bambang Saputra", "PER"),
                         ("Bambang", "PER")])
    assert ("Himpunan Pengusaha Kopi dan Kakao Indonesia", "ORG") in ents
    assert ("Bambang Saputra", "PER") in ents
