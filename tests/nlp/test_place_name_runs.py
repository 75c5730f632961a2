"""Title + office + place + name runs where the model read the place and the name as one place
("Kabupaten Magelang Yuniar Prasetyo", LOC), or left the office untagged: the office is an ORG, the
place a LOC, the name a PER, where the article calls the person alone elsewhere."""
from tests.nlp.speech_helpers import linked

DINAS = ("Kepala Dinas Pariwisata Kabupaten Magelang Yuniar Prasetyo menyebut, kunjungan ke candi naik "
         "menjelang libur sekolah. Yuniar berharap jalan desa segera diperbaiki.")
STATION = ("Prakirawan Stasiun Klimatologi Karangploso Malang Dewi Ratnasari memperkirakan hujan lebat turun "
           "pekan ini. Menurut Dewi, angin kencang juga mungkin terjadi.")
HAJI = ("Ketua Gabungan Pengusaha Batik (GPB) Pekalongan Raya Haji Muhammad Zaini menilai, pasar ekspor "
        "mulai pulih. Menurut Zaini, pesanan dari Jepang naik.")
ROLE_WORD = ("Kepala Pelaksana Badan Penanggulangan Bencana Daerah (BPBD) Kabupaten Pati Sunarto Hadi "
             "mengatakan, 400 rumah terendam. \"Kami dirikan dapur umum,\" ujar Sunarto.")


def test_office_place_and_name_from_one_model_place():
    ents = linked(DINAS, [("Kabupaten Magelang Yuniar Prasetyo", "LOC"), ("Yuniar", "PER")])
    assert ("Dinas Pariwisata Kabupaten Magelang", "ORG") in ents
    assert ("Yuniar Prasetyo", "PER") in ents
    assert not any("Yuniar" in text and label == "LOC" for text, label in ents)


def test_place_then_name_after_an_untagged_office():
    ents = linked(STATION, [("Karangploso Malang Dewi Ratnasari", "LOC"), ("Dewi", "PER")])
    assert ("Dewi Ratnasari", "PER") in ents
    assert ("Karangploso Malang", "LOC") in ents


def test_haji_is_a_title_not_a_name_or_a_place():
    ents = linked(HAJI, [("Gabungan Pengusaha Batik", "ORG"), ("Pekalongan Raya Haji Muhammad Zaini", "LOC"),
                         ("Zaini", "PER")])
    assert ("Muhammad Zaini", "PER") in ents
    assert not any("Haji" in text for text, _ in ents)


def test_role_words_before_an_office_head():
    ents = linked(ROLE_WORD, [("BPBD", "ORG"), ("Kabupaten Pati", "LOC"), ("Sunarto Hadi", "PER"), ("Sunarto", "PER")])
    assert ("Badan Penanggulangan Bencana Daerah", "ORG") in ents
    assert ("Sunarto Hadi", "PER") in ents


def test_office_ending_in_a_city_then_a_two_word_name():
    text = "Ketua Asosiasi Nelayan Tradisional Banyuwangi Karsono Wibowo mengakui hasil tangkapan membaik."
    ents = linked(text, [("Asosiasi Nelayan Tradisional", "ORG"), ("Banyuwangi Karsono Wibowo", "LOC")])
    assert ("Karsono Wibowo", "PER") in ents
    # the city ends the association's printed name (as annotators list "Asosiasi … Balikpapan", "Dinas … Kota X")
    assert ("Asosiasi Nelayan Tradisional Banyuwangi", "ORG") in ents
