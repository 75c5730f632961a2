"""Entity layer: gazetteer, acronym linking, titles and roles, name coreference, shipped model."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

import monitor.nlp.language  # noqa: F401
from monitor.nlp import entities
from monitor.nlp.entities import load_gazetteer


@pytest.fixture(scope="module")
def rules():
    """Blank pipeline with only monitor_entities: the rules without the statistical model."""
    nlp = spacy.blank("id_news")
    nlp.add_pipe("monitor_entities")
    return nlp


def _with_ents(rules, text, ents):
    """A doc whose doc.ents are set as an NER would, then post-processed by monitor_entities."""
    doc = rules.make_doc(text)
    spans, used = [], set()
    for surface, label in ents:
        start = text.index(surface)
        while any(start < e and s < start + len(surface) for s, e in used):
            start = text.index(surface, start + 1)
        used.add((start, start + len(surface)))
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    return rules.get_pipe("monitor_entities")(doc)


def _by_text(doc):
    return {e.text: e for e in entities.records(doc)}


def test_gazetteer_file_has_institutions_and_places():
    entries = load_gazetteer()
    names = {e.name for e in entries}
    for name in ("Otoritas Jasa Keuangan", "OJK", "Lembaga Penjamin Simpanan", "Badan Pusat Statistik", "Kadin",
                 "HIPMI", "Bank Rakyat Indonesia", "Kementerian Koperasi dan UKM", "Universitas Gadjah Mada",
                 "Jawa Tengah", "Surabaya"):
        assert name in names, name
    assert {e.label for e in entries} == {"PER", "ORG", "LOC"} - {"PER"}


def test_gazetteer_and_acronym_expansion(rules):
    text = ("Otoritas Jasa Keuangan (OJK) dan Lembaga Penjamin Simpanan (LPS) menyiapkan aturan baru. "
            "Menurut OJK, penyaluran kredit di Jawa Tengah tumbuh.")
    ents = _by_text(rules(text))
    assert ents["OJK"].label == "ORG" and ents["OJK"].alias_of == "Otoritas Jasa Keuangan"
    assert len(ents["OJK"].mentions) == 2
    assert ents["Otoritas Jasa Keuangan"].alias_of is None
    assert ents["LPS"].alias_of == "Lembaga Penjamin Simpanan"
    assert ents["Jawa Tengah"].label == "LOC"
    for e in ents.values():
        for s, t in e.mentions:
            assert text[s:t] in (e.text, "OJK")


def test_acronym_after_model_entity_not_in_gazetteer(rules):
    text = "Asosiasi Perajin Batik Pekalongan (APBP) menggandeng bank daerah. APBP mencatat omzet naik."
    doc = _with_ents(rules, text, [("Asosiasi Perajin Batik Pekalongan", "ORG")])
    ents = _by_text(doc)
    assert ents["APBP"].alias_of == "Asosiasi Perajin Batik Pekalongan"
    assert ents["APBP"].label == "ORG"
    assert len(ents["APBP"].mentions) == 2  # the later mention comes from the linked acronym


def test_span_with_acronym_in_parentheses_is_split(rules):
    text = "Koperasi Simpan Pinjam Sejahtera Bersama ( KSPSB ) menyalurkan pinjaman."
    doc = _with_ents(rules, text, [("Koperasi Simpan Pinjam Sejahtera Bersama ( KSPSB )", "ORG")])
    ents = _by_text(doc)
    assert set(ents) == {"Koperasi Simpan Pinjam Sejahtera Bersama", "KSPSB"}
    keep = _with_ents(rules, "PT Pertamina (Persero) menambah mitra.", [("PT Pertamina (Persero)", "ORG")])
    assert [e.text for e in keep.ents] == ["PT Pertamina (Persero)"]


def test_titles_and_degrees_are_not_part_of_the_name(rules):
    text = "Prof. Dr. H. Ahmad Syafii, S.E., M.Si. menilai kredit UMKM masih kecil."
    doc = _with_ents(rules, text, [("Prof. Dr. H. Ahmad Syafii, S.E., M.Si.", "PER")])
    assert [(e.text, e.label_) for e in doc.ents] == [("Ahmad Syafii", "PER")]


def test_role_and_short_name_coreference(rules):
    text = ("Menteri Koperasi dan UKM Teten Masduki meminta bank menambah kredit. "
            "\"Porsinya masih kecil,\" kata Teten di Jakarta.")
    doc = _with_ents(rules, text, [("Teten Masduki", "PER"), ("Teten", "PER")])
    ents = _by_text(doc)
    teten = ents["Teten Masduki"]
    assert teten.role == "Menteri Koperasi dan UKM"
    assert [text[s:e] for s, e in teten.mentions] == ["Teten Masduki", "Teten"]
    assert "Teten" not in ents
    assert all(isinstance(e._.entity, str) for e in doc.ents)


def test_role_with_comma_and_model_title(rules):
    text = "Kepala Ekonom Bank Permata, Josua Pardede mengatakan inflasi terkendali."
    doc = _with_ents(rules, text, [("Bank Permata", "ORG"), ("Josua Pardede", "PER")])
    assert _by_text(doc)["Josua Pardede"].role == "Kepala Ekonom Bank Permata"
    doc = _with_ents(rules, "Presiden Joko Widodo meresmikan pasar.", [("Presiden Joko Widodo", "PER")])
    assert [e.text for e in doc.ents] == ["Joko Widodo"]


def test_ambiguous_short_name_is_not_merged(rules):
    text = "Budi Santoso dan Budi Gunawan hadir. Budi menyebut bunga kredit turun."
    doc = _with_ents(rules, text, [("Budi Santoso", "PER"), ("Budi Gunawan", "PER"), ("Budi", "PER")])
    assert set(_by_text(doc)) == {"Budi Santoso", "Budi Gunawan", "Budi"}


def test_dateline_capitals_join_the_place(rules):
    text = "JAKARTA - Pemerintah menyiapkan insentif. Di Jakarta, pelaku UMKM menyambut baik."
    ents = _by_text(rules(text))
    assert ents["Jakarta"].label == "LOC"
    assert [text[s:e] for s, e in ents["Jakarta"].mentions] == ["JAKARTA", "Jakarta"]


def test_model_entity_wins_over_gazetteer(rules):
    text = "Bank Jawa Barat menyalurkan kredit."
    doc = _with_ents(rules, text, [("Bank Jawa Barat", "ORG")])
    assert [(e.text, e.label_) for e in doc.ents] == [("Bank Jawa Barat", "ORG")]


# --- the shipped pipeline from models/


TEXT = ("JAKARTA - Kementerian Koperasi dan UKM (KemenkopUKM) bersama PT Bank Rakyat Indonesia (Persero) Tbk "
        "menyalurkan kredit usaha rakyat kepada pelaku UMKM di Surabaya dan Makassar. Deputi Bidang Usaha Mikro "
        "Yulius mengatakan penyaluran tahun ini naik. Sementara itu, Direktur Utama BRI Sunarso menilai "
        "permintaan kredit di Jawa Timur masih kuat.")


def test_shipped_model_offsets_slice_to_mentions(nlp):
    assert "ner" in nlp.pipe_names and "monitor_entities" in nlp.pipe_names
    doc = nlp(TEXT)
    recs = entities.records(doc)
    assert recs, "the shipped model finds entities in a news paragraph"
    labels = {e.label for e in recs}
    assert labels <= {"PER", "ORG", "LOC"} and {"LOC", "ORG"} <= labels
    seen = set()
    for e in recs:
        assert e.mentions
        for s, t in e.mentions:
            assert TEXT[s:t] == TEXT[s:t].strip() and TEXT[s:t]
            assert (s, t) not in seen
            seen.add((s, t))
    assert len({(e.text, e.label) for e in recs}) == len(recs)  # one record per entity
    assert any(e.text == "Surabaya" and e.label == "LOC" for e in recs)


def test_pipeline_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model")
    again = spacy.load(tmp_path / "model")
    assert again.pipe_names == nlp.pipe_names
    a, b = nlp(TEXT), again(TEXT)
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [(e.start_char, e.end_char, e.label_) for e in b.ents]


def test_minister_abbreviation_is_role_not_name(rules):
    text = "\"Penyerapan KUR di sini masih lambat,\" ujar Wamenkeu Suharsono di Ternate."
    doc = _with_ents(rules, text, [("Wamenkeu Suharsono", "PER"), ("KUR", "ORG")])
    ents = _by_text(doc)
    assert ents["Suharsono"].role == "Wamenkeu"
    assert "KUR" not in ents  # a credit programme, not an organisation (data/not_entities.txt)
    assert ents["Ternate"].label == "LOC"


def test_person_span_ends_at_dash_and_websites_are_orgs(rules):
    text = "Medan, Lintas Kabar – Hampir 9 ribu pedagang mendaftar, tulis Bisnis.com pekan lalu."
    doc = _with_ents(rules, text, [("Lintas Kabar – Hampir", "PER")])
    ents = _by_text(doc)
    # cut at the dash; and as the dateline's outlet it is an ORG (tests/nlp/test_datelines.py)
    assert ents["Lintas Kabar"].label == "ORG" and "Lintas Kabar – Hampir" not in ents
    assert ents["Bisnis.com"].label == "ORG"
    text = "Pelatihan itu dibuka Bupati Sleman Kustiyah Purnamasari – dan diikuti 300 pelaku UMKM."
    ents = _by_text(_with_ents(rules, text, [("Sleman", "LOC"), ("Kustiyah Purnamasari – dan", "PER")]))
    assert ents["Kustiyah Purnamasari"].label == "PER" and "Kustiyah Purnamasari – dan" not in ents


def test_one_label_per_name_in_an_article(rules):
    text = "Alfamart membuka gerai baru. Produk UMKM dijual di Alfamart dan Alfamart menambah pemasok."
    doc = _with_ents(rules, text, [("Alfamart", "ORG"), ("Alfamart", "LOC"), ("Alfamart", "ORG")])
    assert {e.label_ for e in doc.ents} == {"ORG"}
    doc = _with_ents(rules, "Harga cabai rawit di Jateng mencatat kenaikan.", [("Jateng", "PER")])
    assert [(e.text, e.label_) for e in doc.ents] == [("Jateng", "LOC")]
    # inside an office's printed name the place is part of the organisation (tests/nlp/test_org_forms.py)
    doc = _with_ents(rules, "Dinas Koperasi dan UMKM Jateng mencatat kenaikan.", [("Jateng", "PER")])
    assert [(e.text, e.label_) for e in doc.ents] == [("Dinas Koperasi dan UMKM Jateng", "ORG")]


def test_payment_indicators_and_programmes_are_not_entities(rules):
    text = ("Bank Indonesia menahan tarif MDR untuk pedagang mikro, sementara agen Laku Pandai di desa melayani "
            "pembukaan rekening. Bunga KPR ikut BI-Rate.")
    doc = _with_ents(rules, text, [("Bank Indonesia", "ORG"), ("MDR", "ORG"), ("Laku Pandai", "PER"), ("KPR", "ORG"),
                                   ("BI-Rate", "ORG")])
    ents = _by_text(doc)
    assert ents["Bank Indonesia"].label == "ORG"
    assert not {"MDR", "Laku Pandai", "KPR", "BI-Rate"} & set(ents)


def test_a_name_never_runs_past_a_sentence_or_a_paragraph():
    """What a model printed across a full stop or a blank line is cut there, and a name never ends on
    an opening bracket or a comma."""
    from tests.nlp.speech_helpers import linked

    text = ("Satu cerita datang dari pengrajin asal Jepara, Wulan Sasmita. Petugas desa menerima keluhan warga.\n\n"
            "Keduanya mengajar di Universitas Diponegoro.\n\nDalam sidang itu, saksi dibawa ke Pengadilan Negeri (PN) "
            "Semarang. Rapat digelar di kantor Kemenkop UKM, Jakarta.")
    ents = linked(text, [("Jepara", "LOC"), ("Wulan Sasmita. Petugas desa", "PER"),
                         ("Universitas Diponegoro.\n\nDalam", "ORG"), ("Pengadilan Negeri (", "ORG"),
                         ("kantor Kemenkop UKM,", "LOC")])
    texts = [e for e, _ in ents]
    assert ("Wulan Sasmita", "PER") in ents
    assert ("Universitas Diponegoro", "ORG") in ents
    assert "Pengadilan Negeri" in texts
    assert not any(e.endswith((",", "(")) or "\n" in e or ". " in e for e in texts), ents


def test_an_initial_with_a_full_stop_stays_inside_the_name():
    from tests.nlp.speech_helpers import linked

    text = "Produser Wicaksono R. Hadiwijaya mengatakan, film itu ditonton 90.000 orang."
    assert ("Wicaksono R. Hadiwijaya", "PER") in linked(text, [("Wicaksono R. Hadiwijaya", "PER")])


def test_a_short_title_with_a_full_stop_stays_inside_the_name():
    from tests.nlp.speech_helpers import linked

    text = "Pemilik warung Rosmini Dg. Ngai mengatakan, pembeli kini membayar dengan QRIS."
    assert ("Rosmini Dg. Ngai", "PER") in linked(text, [("Rosmini Dg. Ngai", "PER")])


def test_a_company_abbreviation_keeps_its_full_stop():
    from tests.nlp.speech_helpers import linked

    text = "Saham Garuda Boga Co. dan Sinar Niaga Inc. turun 2 persen, kata analis."
    ents = linked(text, [("Garuda Boga Co.", "ORG"), ("Sinar Niaga Inc.", "ORG")])
    assert [e for e, _ in ents] == ["Garuda Boga Co.", "Sinar Niaga Inc."]
