"""Title + organisation + name runs are split into role, organisation and person."""
from monitor.nlp.name_runs import split
from tests.nlp.speech_helpers import linked, quotes, speaker_of

TEXT = ("SEMARANG – Kepala BPBD Kendal Yusuf Hidayatullah mengatakan, 320 rumah terendam sejak Jumat malam. "
        "\"Kami dirikan dua dapur umum,\" kata Yusuf.\n\n"
        "Ekonom Universitas Negeri Semarang Ratih Kusumawardani menilai bantuan modal bagi pedagang korban banjir "
        "harus cair pekan ini. \"Jangan sampai mereka berutang ke rentenir,\" ujar Ratih.\n\n"
        "Direktur Utama PT Bank Perkreditan Rakyat Arta Mulia Tbk Gunawan Sasmita menyebut, bank menunda cicilan "
        "debitur yang terdampak selama tiga bulan.")


def test_split_finds_the_name_from_a_later_short_mention():
    words = "Kepala BPBD Kendal Yusuf Hidayatullah".split()
    run = split(words, TEXT, frozenset({"kendal"}), at=TEXT.index("Kepala BPBD"))
    assert words[run.org_start:run.name_start] == ["BPBD", "Kendal"]
    assert words[run.name_start:] == ["Yusuf", "Hidayatullah"]


def test_university_name_words_stay_with_the_university():
    words = "Ekonom Universitas Negeri Semarang Ratih Kusumawardani".split()
    run = split(words, TEXT, frozenset(), at=TEXT.index("Ekonom"))
    assert " ".join(words[run.org_start:run.name_start]) == "Universitas Negeri Semarang"
    assert " ".join(words[run.name_start:]) == "Ratih Kusumawardani"


def test_legal_form_closes_the_company_name():
    words = "Direktur Utama PT Bank Perkreditan Rakyat Arta Mulia Tbk Gunawan Sasmita".split()
    run = split(words, TEXT, frozenset())
    assert " ".join(words[run.org_start:run.name_start]) == "PT Bank Perkreditan Rakyat Arta Mulia Tbk"
    assert " ".join(words[run.name_start:]) == "Gunawan Sasmita"


def test_speakers_of_runs():
    qs = quotes(TEXT)
    assert speaker_of(qs, "320 rumah terendam") == "Yusuf Hidayatullah"
    assert speaker_of(qs, "dua dapur umum") == "Yusuf Hidayatullah"
    assert speaker_of(qs, "rentenir") == "Ratih Kusumawardani"
    q = next(q for q in qs if "menunda cicilan" in q.text)
    assert (q.speaker, q.speaker_org) == ("Gunawan Sasmita", "PT Bank Perkreditan Rakyat Arta Mulia Tbk")


def test_entities_from_a_glued_ner_span():
    # the model printed the place and the person as one PER span
    ents = linked(TEXT, [("Kendal Yusuf Hidayatullah", "PER"), ("Yusuf", "PER")])
    assert ("Yusuf Hidayatullah", "PER") in ents
    assert ("BPBD Kendal", "ORG") in ents
    assert not any(t.startswith("Kendal Yusuf") for t, _ in ents)


def test_a_company_is_never_a_person():
    text = "Produk itu dipasok PT Sari Rasa Lestari ke 40 gerai."
    assert linked(text, [("PT Sari Rasa Lestari", "PER")]) == [("PT Sari Rasa Lestari", "ORG")]


def test_organisation_that_swallowed_the_name():
    text = ("Manajer Pemasaran PT Kopi Tani Makmur Andreas Wijaya mengatakan, 45 kelompok tani kini menjadi pemasok "
            "tetap. Menurut Andreas, PT Kopi Tani Makmur membeli kopi petani dengan harga kontrak.")
    ents = linked(text, [("PT Kopi Tani Makmur Andreas Wijaya", "ORG"), ("Andreas", "PER"), ("PT Kopi Tani Makmur", "ORG")])
    assert ("Andreas Wijaya", "PER") in ents and ("PT Kopi Tani Makmur", "ORG") in ents


def test_a_mayors_title_opens_no_organisation():
    """"Wali Kota" is the mayor's title: the region word after "Wali" is part of the role, not an
    organisation, so "Kota Malang" never becomes an ORG."""
    text = "Wali Kota Malang Hendra Saputra meresmikan sentra kerajinan rotan di Kecamatan Blimbing, Selasa."
    words = "Wali Kota Malang Hendra Saputra".split()
    run = split(words, text, frozenset({"malang"}), at=0)
    assert run.org_start == run.name_start  # no organisation
    assert " ".join(words[run.name_start:]) == "Hendra Saputra"
    # while "Pemerintah Kota Malang" is one
    words = "Kepala Bagian Humas Pemerintah Kota Malang Rina Agustin".split()
    run = split(words, text, frozenset({"malang"}))
    assert "Kota" in words[run.org_start:run.name_start]
