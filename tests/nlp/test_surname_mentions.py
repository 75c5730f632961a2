"""A person later called by a surname or a middle name keeps the full name the article printed first."""
from tests.nlp.speech_helpers import linked, quotes, speaker_of

APPOSITIVE = ("Seorang nelayan di Muara Angke, Jaya Simanjuntak, menuturkan hasil tangkapan turun separuh "
              "sejak cuaca buruk. Simanjuntak berharap pemerintah memberi bantuan solar.")

COMPANY_RUN = ("Manajer Operasional PT Pelabuhan Sungai Musi Palembang Rahmat Hidayat Lubis memperkirakan arus "
               "barang naik pekan depan. \"Kami menambah dua kapal tunda,\" kata Hidayat.")


def test_a_later_surname_does_not_cut_the_first_name():
    ents = linked(APPOSITIVE, [("Muara Angke", "LOC"), ("Jaya Simanjuntak", "PER")])
    assert ("Jaya Simanjuntak", "PER") in ents
    assert ("Simanjuntak", "PER") not in ents


def test_a_place_closes_the_company_before_a_name_called_by_its_middle_word():
    ents = linked(COMPANY_RUN, [("PT Pelabuhan Sungai Musi Palembang Rahmat Hidayat Lubis", "ORG"),
                                ("Hidayat", "PER")])
    assert ("Rahmat Hidayat Lubis", "PER") in ents
    assert ("PT Pelabuhan Sungai Musi Palembang", "ORG") in ents


def test_speakers_keep_the_full_name():
    ents = [("Muara Angke", "LOC"), ("Jaya Simanjuntak", "PER")]
    assert speaker_of(quotes(APPOSITIVE, ents), "hasil tangkapan") == "Jaya Simanjuntak"
    ents = [("PT Pelabuhan Sungai Musi Palembang", "ORG"), ("Rahmat Hidayat Lubis", "PER")]
    assert speaker_of(quotes(COMPANY_RUN, ents), "dua kapal tunda") == "Rahmat Hidayat Lubis"
