"""Where an organisation's name starts and ends in running news text: "UMKM" before it is the sector of the
speaker's title, and a dash between spaces parts a dateline's outlet from the story."""
from tests.nlp.speech_helpers import linked


def test_the_sector_of_a_title_is_no_part_of_the_organisation():
    text = ("Deputi Bidang UMKM Kemenko Perekonomian Siti Aminah mengatakan, kredit usaha rakyat tumbuh. Wakil Ketua "
            "Umum Bidang UMKM dan Kemitraan Kadin Andi Rahman menambahkan, pabrik perlu membeli dari pemasok lokal.")
    ents = linked(text, [("UMKM Kemenko Perekonomian", "ORG"), ("Siti Aminah", "PER"),
                         ("UMKM dan Kemitraan Kadin", "ORG"), ("Andi Rahman", "PER")])
    assert ents == [("Kemenko Perekonomian", "ORG"), ("Siti Aminah", "PER"), ("Kadin", "ORG"), ("Andi Rahman", "PER")]
    text = "Pengelola UMKM Center Jawa Barat membuka kelas ekspor bagi perajin."
    assert ("UMKM Center Jawa Barat", "ORG") in linked(text, [("UMKM Center Jawa Barat", "ORG")])


def test_a_dash_between_spaces_ends_the_outlet():
    text = "Maumere, CNBC Indonesia - PT Kopra Sikka Lestari, pengolah kelapa, menambah petani mitra di Sikka."
    ents = linked(text, [("Maumere", "LOC"), ("CNBC Indonesia - PT Kopra Sikka Lestari", "ORG"), ("Sikka", "LOC")])
    assert ("CNBC Indonesia", "ORG") in ents
    assert not any(" - " in e for e, _ in ents)
    text = "Toraja Utara - Petani kopi di Kabupaten Toraja Utara menjual biji ke eksportir."
    ents = linked(text, [("Toraja Utara - Petani", "LOC"), ("Kabupaten Toraja Utara", "LOC")])
    assert ents[0] == ("Toraja Utara", "LOC")
    text = "Jalan Trans-Sulawesi di Kabupaten Poso rusak."
    assert ("Trans-Sulawesi", "LOC") in linked(text, [("Trans-Sulawesi", "LOC"), ("Kabupaten Poso", "LOC")])


def test_a_branch_with_its_place_is_one_organisation():
    text = ("MAUMERE – Pemimpin BRI Cabang Maumere Yohanes Bala mengatakan, KUR bagi petani mete naik. PT ASDP "
            "Indonesia Ferry (Persero) Cabang Kupang menambah kapal. Kepala Cabang Dompu Rina Sari hadir.")
    ents = linked(text, [("MAUMERE", "LOC"), ("BRI", "ORG"), ("Cabang Maumere", "LOC"), ("Yohanes Bala", "PER"),
                         ("PT ASDP Indonesia Ferry (Persero)", "ORG"), ("Kupang", "LOC"), ("Dompu", "LOC"),
                         ("Rina Sari", "PER")])
    assert ents == [("MAUMERE", "LOC"), ("BRI Cabang Maumere", "ORG"), ("Yohanes Bala", "PER"),
                    ("PT ASDP Indonesia Ferry (Persero) Cabang Kupang", "ORG"), ("Dompu", "LOC"), ("Rina Sari", "PER")]
