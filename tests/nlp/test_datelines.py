"""The opening dateline names the city and the outlet: the outlet is an ORG and the city a LOC,
whatever the model made of them (outlet names often sound like places: "Warta Priangan")."""
from tests.nlp.speech_helpers import linked


def test_city_then_outlet_read_as_a_place():
    text = "BANDUNG, Kabar Parahyangan – Nilai transaksi QRIS di pasar Kosambi naik dua kali lipat."
    ents = linked(text, [("BANDUNG", "LOC"), ("Kabar Parahyangan", "LOC"), ("Kosambi", "LOC")])
    assert ("Kabar Parahyangan", "ORG") in ents and ("BANDUNG", "LOC") in ents


def test_outlet_the_model_missed():
    text = "SURABAYA, Niaga Timur – Penyaluran kredit usaha rakyat di Jawa Timur naik 12 persen."
    ents = linked(text, [("SURABAYA", "LOC"), ("Jawa Timur", "LOC")])
    assert ("Niaga Timur", "ORG") in ents


def test_website_outlet_in_capitals_before_the_city():
    text = "WARTADESA.ID, Jakarta – Koperasi simpan pinjam di 40 desa kini melayani pembayaran digital."
    ents = linked(text, [("Jakarta", "LOC")])
    assert ("WARTADESA.ID", "ORG") in ents and ("Jakarta", "LOC") in ents


def test_outlet_alone_as_a_website():
    text = "PASARKITA.COM - Pedagang sayur di Malang mulai menerima pembayaran QRIS."
    assert ("PASARKITA.COM", "ORG") in linked(text, [("Malang", "LOC")])


def test_agency_in_parentheses_is_no_acronym_of_the_city():
    text = "Jakarta (KANTORBERITA) - Bank Indonesia mencatat transaksi QRIS tumbuh 30 persen."
    ents = linked(text, [("Jakarta", "LOC"), ("KANTORBERITA", "LOC"), ("Bank Indonesia", "ORG")])
    assert ("KANTORBERITA", "ORG") in ents and ("Jakarta", "LOC") in ents


def test_an_ordinary_opening_clause_before_a_dash_is_no_dateline():
    text = "Pemerintah – melalui Kementerian Koperasi – menambah plafon KUR tahun ini."
    ents = linked(text, [("Kementerian Koperasi", "ORG")])
    assert ents == [("Kementerian Koperasi", "ORG")]


def test_a_city_alone_stays_a_place():
    text = "JAKARTA - Menteri Keuangan menyebut inflasi bulan lalu terkendali."
    assert linked(text, [("JAKARTA", "LOC")]) == [("JAKARTA", "LOC")]


def test_an_unknown_name_alone_keeps_the_models_reading():
    # city or outlet? "KARANGSARI –" could be either: nothing overrides the model
    text = "KARANGSARI – Harga gabah kering panen di tingkat petani turun."
    assert linked(text, [("KARANGSARI", "LOC")]) == [("KARANGSARI", "LOC")]
    assert linked(text, []) == []


def test_a_name_with_a_dash_inside_is_no_dateline():
    text = "Chairman Samsung , Lee Kun - Hee mengumumkan pengunduran dirinya."
    ents = linked(text, [("Samsung", "ORG"), ("Lee Kun - Hee", "PER")])
    assert ("Samsung", "ORG") in ents and ("Lee Kun - Hee", "PER") in ents
