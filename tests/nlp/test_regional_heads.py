"""Regional heads printed as "<role> <jurisdiction> <Name>" ("Bupati Kapuas Stefanus Ringo"): the region
(monitor/nlp/data/regions.txt) or, after "Camat"/"Lurah"/"Kepala Desa", one capitalised word belongs to the
role, the words after it are the person; the entity linker and the quote speakers agree. Region words are
no places anywhere else ("Bima Arya" stays a name). All people here are invented."""
import pytest

from monitor.nlp.name_runs import region_at, regions, split
from tests.nlp.speech_helpers import linked, quotes


def _parts(run_text: str, text: str = "") -> tuple[str, str, str]:
    words = run_text.split()
    run = split(words, text or run_text + " mengatakan, harga beras stabil.")
    return (" ".join(words[:run.org_start]), " ".join(words[run.org_start:run.name_start]),
            " ".join(words[run.name_start:]))


def _speaker(text: str, fragment: str, ner=()):
    """The speaker of the quote holding fragment, given the NER's spans (after the entity linker, as in the
    pipeline)."""
    qs = quotes(text, linked(text, list(ner)) if ner else [])
    hits = [q for q in qs if fragment in q.text]
    assert hits, [q.text for q in qs]
    return hits[0].speaker, hits[0].speaker_role, hits[0].speaker_org


def test_the_region_list_holds_provinces_and_regencies():
    names, longest = regions()
    for name in ("kapuas", "kapuas hulu", "tangerang selatan", "lombok timur", "kalimantan barat", "kotabaru",
                 "kota baru", "papua barat daya", "hulu sungai utara", "pangkajene dan kepulauan"):
        assert tuple(name.split()) in names, name
    assert longest >= 4
    assert len(names) > 500


@pytest.mark.parametrize("run_text, role, org, name", [
    ("Bupati Kapuas Stefanus Ringo", "Bupati Kapuas", "", "Stefanus Ringo"),
    ("Wakil Bupati Lombok Timur Edwin Hadiwijaya", "Wakil Bupati Lombok Timur", "", "Edwin Hadiwijaya"),
    ("Wabup Kapuas Hulu Yohanes Lintang", "Wabup Kapuas Hulu", "", "Yohanes Lintang"),
    ("Pj Bupati Bima Arif Rahmanto", "Pj Bupati Bima", "", "Arif Rahmanto"),
    ("Penjabat Bupati Landak Markus Sihombing", "Penjabat Bupati Landak", "", "Markus Sihombing"),
    ("Wali Kota Tangerang Selatan Benyamin Sujatmo", "Wali Kota Tangerang Selatan", "", "Benyamin Sujatmo"),
    ("Walikota Palangka Raya Fairid Naparin Sopian", "Walikota Palangka Raya", "", "Fairid Naparin Sopian"),
    ("Wakil Wali Kota Pangkalpinang Hamdan Santosa", "Wakil Wali Kota Pangkalpinang", "", "Hamdan Santosa"),
    ("Gubernur Kalimantan Barat Ria Norsanto", "Gubernur Kalimantan Barat", "", "Ria Norsanto"),
    ("Wakil Gubernur Papua Barat Daya Elias Mambrasar", "Wakil Gubernur Papua Barat Daya", "", "Elias Mambrasar"),
    ("Wagub Kaltim Seno Aji Prakoso", "Wagub Kaltim", "", "Seno Aji Prakoso"),
    ("Bupati Kutai Kartanegara Edi Damar Saputra", "Bupati Kutai Kartanegara", "", "Edi Damar Saputra"),
    ("Bupati Hulu Sungai Utara Sahrani Fauzan", "Bupati Hulu Sungai Utara", "", "Sahrani Fauzan"),
    ("Bupati Kudus Hartono Wibisono", "Bupati Kudus", "", "Hartono Wibisono"),
    ("Kapolres Kapuas Hulu Rudi Hartanto", "Kapolres Kapuas Hulu", "", "Rudi Hartanto"),
    ("Kapolda Metro Jaya Karyadi Sumarto", "Kapolda Metro Jaya", "", "Karyadi Sumarto"),
    ("Kajari Sintang Yosef Manurung", "Kajari Sintang", "", "Yosef Manurung"),
    ("Sekda Kapuas Usis Sangkai", "Sekda Kapuas", "", "Usis Sangkai"),
    ("Ketua DPRD Kapuas Hulu Sulaiman Hadi", "Ketua", "DPRD Kapuas Hulu", "Sulaiman Hadi"),
    ("Kepala BPBD Kotawaringin Timur Agus Tirta", "Kepala", "BPBD Kotawaringin Timur", "Agus Tirta"),
])
def test_regional_head_runs(run_text, role, org, name):
    assert _parts(run_text) == (role, org, name)


@pytest.mark.parametrize("run_text, role, name", [
    ("Camat Cilandak Agus Prasetyo", "Camat Cilandak", "Agus Prasetyo"),
    ("Lurah Kebayoran Lama Siti Aminah", "Lurah Kebayoran Lama", "Siti Aminah"),
    ("Kades Sukamulya Dedi Kurniawan", "Kades Sukamulya", "Dedi Kurniawan"),
    # two words after Camat are the name: no jurisdiction is cut off
    ("Camat Sutrisno Wibowo", "Camat", "Sutrisno Wibowo"),
    # a known given name right after the role opens the name
    ("Camat Agus Budi Santoso", "Camat", "Agus Budi Santoso"),
])
def test_district_and_village_heads(run_text, role, name):
    r, o, n = _parts(run_text)
    assert (r, n) == (role, name) and not o


def test_region_words_are_names_elsewhere():
    # not after a regional title: "Bima", "Kudus", "Bone" are anyone's names
    assert region_at("Direktur Bima Arya Wicaksana".split(), 1) == 0
    assert region_at("Ketua Koperasi Bone Santoso Putra".split(), 2) == 0
    assert _parts("Direktur Utama PT Sinar Kapuas Tbk Bima Arya Wicaksana")[2] == "Bima Arya Wicaksana"
    assert _parts("Ketua Koperasi Tani Makmur Bima Arya Wicaksana",
                  "Ketua Koperasi Tani Makmur Bima Arya Wicaksana mengatakan, ekspor naik. "
                  "Menurut Bima, permintaan dari Jepang kuat.")[2] == "Bima Arya Wicaksana"
    # the mayor's region is "Bogor": the name after it keeps its "Bima"
    assert _parts("Wali Kota Bogor Bima Arya") == ("Wali Kota Bogor", "", "Bima Arya")
    # a one-word region that is also a given name needs two name words after it
    assert region_at("Wali Kota Bima Arya".split(), 2) == 0
    assert region_at("Wali Kota Bima Arya Wicaksana".split(), 2) == 1
    assert _parts("Bupati Bima Indah Dharmawati")[2] == "Indah Dharmawati"
    text = "Pengusaha muda Bima Arya Wicaksana mengatakan, pesanan kopi dari Kapuas naik dua kali lipat."
    assert ("Bima Arya Wicaksana", "PER") in linked(text, [("Bima Arya Wicaksana", "PER"), ("Kapuas", "LOC")])
    assert _speaker(text, "pesanan kopi")[0] == "Bima Arya Wicaksana"


BUPATI = ("KUALA KAPUAS – Bupati Kapuas Stefanus Ringo mengatakan penyaluran KUR di daerahnya naik 14 persen "
          "tahun ini. \"Petani karet paling banyak mengajukan,\" kata Stefanus.")
CAMAT = ("JAKARTA – Camat Cilandak Agus Prasetyo mengatakan penyaluran KUR bagi pedagang pasar naik. "
         "Sebanyak 120 pedagang sudah menerima kredit, ujarnya.")


def test_entities_of_a_regent_glued_by_the_model():
    ents = linked(BUPATI, [("KUALA KAPUAS", "LOC"), ("Kapuas Stefanus Ringo", "PER"), ("Stefanus", "PER")])
    assert ("Stefanus Ringo", "PER") in ents
    assert ("Kapuas", "LOC") in ents
    assert not any(t.startswith("Kapuas Stefanus") for t, _ in ents)


def test_entities_of_a_regent_read_right_by_the_model():
    ents = linked(BUPATI, [("KUALA KAPUAS", "LOC"), ("Stefanus Ringo", "PER"), ("Stefanus", "PER")])
    assert ("Stefanus Ringo", "PER") in ents and ("Kapuas", "LOC") in ents


def test_entities_of_a_district_head():
    ents = linked(CAMAT, [("JAKARTA", "LOC"), ("Cilandak Agus Prasetyo", "PER")])
    assert ("Agus Prasetyo", "PER") in ents and ("Cilandak", "LOC") in ents


def test_entities_of_a_regional_council():
    text = "Ketua DPRD Kapuas Hulu Sulaiman Hadi mengatakan anggaran pelatihan UMKM ditambah."
    ents = linked(text, [("DPRD", "ORG"), ("Kapuas Hulu Sulaiman Hadi", "PER")])
    assert ("DPRD Kapuas Hulu", "ORG") in ents and ("Sulaiman Hadi", "PER") in ents


@pytest.mark.parametrize("ents", [(), [("Stefanus Ringo", "PER")], [("Kapuas Stefanus Ringo", "PER")]])
def test_quote_speakers_of_a_regent(ents):
    assert _speaker(BUPATI, "penyaluran KUR", ents)[:2] == ("Stefanus Ringo", "Bupati Kapuas")
    assert _speaker(BUPATI, "Petani karet", ents)[0] == "Stefanus Ringo"


@pytest.mark.parametrize("ents", [(), [("Agus Prasetyo", "PER")], [("Cilandak Agus Prasetyo", "PER")]])
def test_quote_speakers_of_a_district_head(ents):
    assert _speaker(CAMAT, "pedagang pasar", ents)[:2] == ("Agus Prasetyo", "Camat Cilandak")
    assert _speaker(CAMAT, "120 pedagang", ents)[0] == "Agus Prasetyo"


def test_quote_speaker_after_a_mid_sentence_title():
    text = ("Pasar murah itu dibuka Wakil Bupati Lombok Timur Edwin Hadiwijaya. Menurut Wakil Bupati Kapuas Hulu "
            "Yohanes Lintang, harga cabai mulai turun sejak pekan lalu.")
    assert _speaker(text, "harga cabai")[:2] == ("Yohanes Lintang", "Wakil Bupati Kapuas Hulu")


def test_quote_speaker_of_a_police_chief_with_a_rank():
    text = "Kapolres Kapuas Hulu AKBP Rudi Hartanto mengatakan, pengamanan pasar ditambah menjelang Natal."
    assert _speaker(text, "pengamanan pasar")[0] == "Rudi Hartanto"


def test_an_unlisted_place_after_an_office_title_is_the_office_s():
    """A jurisdiction no list knows ("Kajari Lhokmane") is the office's when the article prints it elsewhere as
    the end of an organisation's name ("Kejari Lhokmane"); the person starts after it."""
    text = ("Kajari Lhokmane Teuku Rahmadi menyebutkan, berkas kasus kredit fiktif koperasi itu sudah diterima. Kasus "
            "itu sebelumnya ditangani Kejari Lhokmane.")
    ner = [("Lhokmane Teuku Rahmadi", "PER"), ("Kejari Lhokmane", "ORG")]
    assert ("Teuku Rahmadi", "PER") in linked(text, ner)
    assert _speaker(text, "berkas kasus", ner)[:2] == ("Teuku Rahmadi", "Kajari Lhokmane")


def test_a_given_name_that_ends_an_organisation_is_still_a_name():
    text = ("Kasus itu ditangani Kejaksaan Agung. Direktur Agung Wibisono Hartanto mengatakan, koperasi itu sudah "
            "diaudit.")
    ner = [("Kejaksaan Agung", "ORG"), ("Agung Wibisono Hartanto", "PER")]
    assert ("Agung Wibisono Hartanto", "PER") in linked(text, ner)
