"""The second report of a speaker in a paragraph: a pronoun after a connector ("Namun ia mengakui …"), a
person called by a description that ends in "itu" ("Pria asal Kuala Kapuas itu menilai …", "Menurut pria
yang … itu, …"), and a request whose object takes a passive verb ("meminta rencana itu ditunda")."""
from tests.nlp.speech_helpers import quotes, speaker_of

ENTS = [("KPw BI Maluku", "ORG"), ("Rina Hapsari", "PER"), ("Cilegon", "LOC"), ("Darmaji Sukarta", "PER"),
        ("Hotel Sungai Biru", "ORG"), ("Markus Djaga", "PER"), ("Kuala Kapuas", "LOC")]


def test_a_pronoun_after_a_connector_without_a_comma():
    text = ("Kepala KPw BI Maluku Rina Hapsari menilai pembayaran digital membantu usaha kecil. Namun ia mengakui "
            "masih banyak pedagang di pasar yang belum memasang QRIS.")
    qs = quotes(text, ENTS[:2])
    assert speaker_of(qs, "belum memasang QRIS") == "Rina Hapsari"
    assert [q.cue for q in qs] == ["menilai", "mengakui"]


def test_menurut_a_description_that_points_back():
    text = ("Pemilik bengkel las di Cilegon, Darmaji Sukarta, mengaku tiga kali gagal menjadi rekanan. Menurut pria "
            "yang mempekerjakan sembilan tukang las itu, syarat tersebut mustahil dipenuhi pengusaha baru.")
    assert speaker_of(quotes(text, ENTS[2:4]), "mustahil dipenuhi") == "Darmaji Sukarta"


def test_a_described_subject_that_points_back():
    text = ("Manajer Hotel Sungai Biru, Markus Djaga, hadir di pameran. Pria asal Kuala Kapuas itu menilai produk "
            "perajin lokal menjadi daya tarik tamu hotel.")
    assert speaker_of(quotes(text, ENTS[4:]), "daya tarik tamu hotel") == "Markus Djaga"


def test_a_company_called_by_itu_is_not_a_person_reference():
    text = ("Ekonom Segara Mahesa hadir. Perusahaan tersebut menilai harga beli sudah adil bagi petani.")
    qs = quotes(text, [("Segara Mahesa", "PER")])
    assert all(q.speaker != "Segara Mahesa" for q in qs if "harga beli" in q.text)


def test_a_request_whose_object_takes_a_passive_verb():
    text = ("Ekonom Universitas Indonesia Segara Mahesa meminta rencana kuota wajib tersebut ditunda sampai sistem "
            "pemantauan terintegrasi.")
    qs = quotes(text, [("Universitas Indonesia", "ORG"), ("Segara Mahesa", "PER")])
    assert speaker_of(qs, "rencana kuota wajib tersebut ditunda") == "Segara Mahesa"


def test_an_unnamed_speaker_whose_place_follows_a_comma():
    text = ("Harga cabai anjlok pekan ini. Seorang petani cabai di Kecamatan Beber, Kabupaten Cirebon, mengaku sekitar "
            "30 persen tanamannya busuk. Seorang istri PMI di Kecamatan Kalidawir mengaku lebih suka menabung.")
    qs = quotes(text, [("Kecamatan Beber", "LOC"), ("Kabupaten Cirebon", "LOC"), ("Kecamatan Kalidawir", "LOC")])
    assert speaker_of(qs, "tanamannya busuk") == "petani cabai"
    assert speaker_of(qs, "lebih suka menabung") == "istri PMI"


def test_a_regional_form_of_address_is_no_part_of_the_name():
    text = "Di pasar itu, Mpok Rohanah mengaku sudah ditawari kredit oleh bank tempat rekeningnya terdaftar."
    assert speaker_of(quotes(text, [("Mpok Rohanah", "PER")]), "ditawari kredit") == "Rohanah"


def test_a_named_person_with_an_age_after_the_description_is_named():
    text = ("Salah satu pemasok, Tugimin (52), pemilik bengkel cor logam di Kecamatan Talang, Kabupaten Tegal, "
            "mengaku omzetnya naik dua kali lipat.")
    qs = quotes(text, [("Tugimin", "PER"), ("Kecamatan Talang", "LOC"), ("Kabupaten Tegal", "LOC")])
    assert speaker_of(qs, "omzetnya naik") == "Tugimin"
