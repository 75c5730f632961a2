"""An organisation's name is not cut where a word of it looks like a person's or a place's: the NER often
closes "PT Karet Melawi | Lestari" or "Universitas Nusa | Lontar" early and calls the rest a person; groups
("Kelompok Tani Ngudi Makmur") are organisations; a person after a titled organisation stays a person."""
from monitor.nlp.entities import agent_noun
from tests.nlp.speech_helpers import linked, quotes, speaker_of


def test_a_company_name_ending_after_a_place_word_is_whole():
    text = ("SINTANG - Perusahaan karet PT Karet Melawi Lestari di Kabupaten Sintang, Kalimantan Barat, membeli getah "
            "dari 800 petani. Pabriknya berdiri di tepi Sungai Melawi.")
    ents = linked(text, [("SINTANG", "LOC"), ("PT Karet Melawi", "ORG"), ("Lestari", "PER"),
                         ("Kabupaten Sintang", "LOC"), ("Kalimantan Barat", "LOC"), ("Sungai Melawi", "LOC")])
    assert ("PT Karet Melawi Lestari", "ORG") in ents
    assert not any(label == "PER" for _, label in ents)


def test_the_name_ends_where_the_sentence_goes_on_without_a_title_before_it():
    text = "TEMBILAHAN - PT Sagu Indragiri Perkasa menampung sagu basah dari 240 petani di Kabupaten Indragiri Hilir."
    ents = linked(text, [("TEMBILAHAN", "LOC"), ("PT Sagu Indragiri", "ORG"), ("Perkasa", "PER"),
                         ("Kabupaten Indragiri Hilir", "LOC")])
    assert ("PT Sagu Indragiri Perkasa", "ORG") in ents and ("Perkasa", "PER") not in ents


def test_a_description_after_a_comma_closes_the_name():
    text = "MAJENE - PT Kopra Sendana Prima, pengolah kelapa di Kabupaten Majene, menggandeng 120 petani."
    ents = linked(text, [("MAJENE", "LOC"), ("PT Kopra Sendana", "ORG"), ("Prima", "PER"), ("Kabupaten Majene", "LOC")])
    assert ("PT Kopra Sendana Prima", "ORG") in ents


def test_a_university_before_its_acronym_and_the_person_after_it():
    text = ("Pengamat ekonomi Universitas Nusa Lontar (Unlon) Markus Bere menilai penyaluran KUR masih lambat. "
            "\"Syaratnya terlalu berat bagi nelayan,\" katanya.")
    ner = [("Universitas Nusa", "ORG"), ("Lontar", "PER"), ("Unlon", "ORG")]  # the model missed the person
    ents = linked(text, ner)
    assert ("Universitas Nusa Lontar", "ORG") in ents and ("Markus Bere", "PER") in ents
    assert ("Lontar", "PER") not in ents
    said = quotes(text, ents)  # the quote layer reads the linked entities
    assert speaker_of(said, "penyaluran KUR") == speaker_of(said, "Syaratnya") == "Markus Bere"
    assert said[0].speaker_org.startswith("Universitas Nusa Lontar")


def test_a_farmers_group_is_an_organisation_and_its_chair_a_person():
    text = ("BANTUL - Ketua Kelompok Tani Ngudi Makmur di Kecamatan Sewon, Sumarno, mengatakan kelompoknya menjual "
            "gabah ke Bulog.")
    ents = linked(text, [("BANTUL", "LOC"), ("Ngudi Makmur", "PER"), ("Kecamatan Sewon", "LOC"), ("Sumarno", "PER"),
                         ("Bulog", "ORG")])
    assert ("Kelompok Tani Ngudi Makmur", "ORG") in ents and ("Sumarno", "PER") in ents
    assert ("Ngudi Makmur", "PER") not in ents


def test_a_craft_group_after_a_title_is_no_person():
    text = "Bank menyalurkan kredit kepada anggota Kelompok Perajin Tenun Sari Kembang di Kabupaten Sikka."
    ents = linked(text, [("Sari Kembang", "LOC"), ("Kabupaten Sikka", "LOC")])
    assert ("Kelompok Perajin Tenun Sari Kembang", "ORG") in ents
    assert not any(label == "PER" for _, label in ents)


def test_a_person_after_a_titled_company_stays_a_person():
    text = "Manajer Pengadaan PT Mitra Rotan Jaya Budi Hartono mengatakan pasokan rotan naik 20 persen."
    ents = linked(text, [("PT Mitra Rotan Jaya", "ORG"), ("Budi Hartono", "PER")])
    assert ("PT Mitra Rotan Jaya", "ORG") in ents and ("Budi Hartono", "PER") in ents


def test_a_word_the_article_prints_alone_is_a_persons_name():
    text = ("Kepala Bagian Kemitraan PT Sawit Arut Andi Wiyono mengatakan kontrak diperpanjang. Menurut Andi Wiyono, "
            "harga TBS naik.")
    ents = linked(text, [("PT Sawit Arut", "ORG"), ("Andi Wiyono", "PER"), ("Andi Wiyono", "PER")])
    assert ("Andi Wiyono", "PER") in ents and ("PT Sawit Arut", "ORG") in ents


def test_trade_nouns_are_common_words_and_names_are_not():
    assert all(agent_noun(w) for w in ("Perajin", "Penenun", "Peternak", "Pedagang", "Penyadap"))
    assert not any(agent_noun(w) for w in ("Permana", "Pratama", "Perdana", "Pertiwi", "Pesona"))


def test_an_association_or_office_keeps_the_place_that_ends_its_name():
    text = "Ketua Asosiasi Pengusaha Katering Tarakan, Halimah Sanusi, mengatakan pembayaran molor dua bulan."
    ents = linked(text, [("Asosiasi Pengusaha Katering", "ORG"), ("Tarakan", "LOC"), ("Halimah Sanusi", "PER")])
    assert ("Asosiasi Pengusaha Katering Tarakan", "ORG") in ents and ("Halimah Sanusi", "PER") in ents
    assert ("Tarakan", "LOC") not in ents


def test_a_banks_place_stays_its_branch():
    text = "Pemimpin Cabang Bank Kalsel Martapura, Rusdiansyah, mengatakan kredit tumbuh 12 persen."
    ents = linked(text, [("Bank Kalsel", "ORG"), ("Martapura", "LOC"), ("Rusdiansyah", "PER")])
    assert ("Bank Kalsel", "ORG") in ents and ("Martapura", "LOC") in ents


def test_a_full_name_printed_before_gives_its_words_back_to_the_company():
    text = ("KARAWANG - PT Karya Presisi Citarum, produsen komponen kendaraan, menggandeng 60 bengkel. Direktur Rantai "
            "Pasok PT Karya Presisi Citarum Fuad Basalamah mengatakan pesanan dipindahkan ke bengkel lokal.")
    ents = linked(text, [("KARAWANG", "LOC"), ("PT Karya", "ORG"), ("Presisi Citarum", "PER"), ("PT Karya", "ORG"),
                         ("Presisi Citarum Fuad Basalamah", "PER")])
    assert ("PT Karya Presisi Citarum", "ORG") in ents and ("Fuad Basalamah", "PER") in ents
    assert not any(label == "PER" and "Citarum" in name for name, label in ents)


def test_a_legal_form_closes_the_name_before_a_person():
    text = ("\"Pasokan karet kami dari petani lokal,\" kata Direktur PT Ban Sriwijaya Tbk Yosua Kristanto, di Palembang, "
            "Selasa.")
    ents = linked(text, [("PT Ban Sriwijaya Tbk", "ORG"), ("Yosua Kristanto", "PER"), ("Palembang", "LOC")])
    assert ("PT Ban Sriwijaya Tbk", "ORG") in ents and ("Yosua Kristanto", "PER") in ents


def test_a_place_after_the_comma_is_no_description():
    text = "Pemilik CV Mebel Jati Sumarno Hadi, di Jepara, mengatakan pesanan naik."
    ents = linked(text, [("CV Mebel Jati", "ORG"), ("Sumarno Hadi", "PER"), ("Jepara", "LOC")])
    assert ("Sumarno Hadi", "PER") in ents
