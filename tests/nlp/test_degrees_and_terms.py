"""Degrees printed after a name ("MSi", "S.E., M.M.") and a term of office ("periode 2021-2025") are
neither part of the name nor of the role."""
from tests.nlp.speech_helpers import linked, quotes

TEXT = ("Dosen Fakultas Ekonomi Universitas Jember Dr Ir Lestari Handayani MSi mengatakan, literasi keuangan "
        "pedagang pasar masih rendah.\n\n"
        "Ekonom senior Bayu Anggara, S.E., M.M. menilai bunga pinjaman daring terlalu tinggi bagi warung kecil.\n\n"
        "Ketua Umum Asosiasi Pemasok Pasar Modern periode 2021-2025 Yohanes Sitompul mengatakan, kemitraan dengan "
        "pemasok lokal terus diperluas.")
NER = [("Fakultas Ekonomi Universitas Jember", "ORG"), ("Lestari Handayani MSi", "PER"),
       ("Bayu Anggara", "PER"), ("Asosiasi Pemasok Pasar Modern", "ORG"), ("Yohanes Sitompul", "PER")]


def test_degree_after_a_name_is_not_the_name():
    q = next(q for q in quotes(TEXT, NER) if "literasi keuangan" in q.text)
    assert (q.speaker, q.speaker_org) == ("Lestari Handayani", "Fakultas Ekonomi Universitas Jember")
    assert "MSi" not in (q.speaker_role or "")


def test_dotted_degrees_after_a_comma():
    q = next(q for q in quotes(TEXT, NER) if "bunga pinjaman" in q.text)
    assert q.speaker == "Bayu Anggara"


def test_term_of_office_is_not_part_of_the_role_or_the_organisation():
    q = next(q for q in quotes(TEXT, NER) if "pemasok lokal" in q.text)
    assert (q.speaker, q.speaker_role, q.speaker_org) == (
        "Yohanes Sitompul", "Ketua Umum Asosiasi Pemasok Pasar Modern", "Asosiasi Pemasok Pasar Modern")


def test_person_entity_ends_before_the_degree():
    assert ("Lestari Handayani", "PER") in linked(TEXT, NER)


def test_an_acronym_after_a_role_is_not_a_degree():
    text = "Ketua SE Budi Laksono mengatakan, iuran anggota naik. Ketua SE itu juga meminta pelatihan."
    from monitor.nlp.quote_speakers import strip_degrees
    assert strip_degrees("Ketua SE") == "Ketua SE"
    assert strip_degrees("Budi Laksono SE") == "Budi Laksono"
    assert quotes(text, [("Budi Laksono", "PER")])[0].speaker == "Budi Laksono"


def test_the_titled_person_is_the_speaker_when_the_office_reads_as_a_name():
    text = ("Staf Medis Rumah Sakit Kariadi Semarang dr Ratih Kusumawardani SpPD mengatakan, pasien diabetes "
            "dari kalangan pedagang naik.")
    q = quotes(text, [("Rumah Sakit Kariadi Semarang", "PER"), ("Ratih Kusumawardani SpPD", "PER")])[0]
    assert q.speaker == "Ratih Kusumawardani"


def test_term_of_office_inside_an_introduced_subject():
    text = ("Menanggapi kondisi itu, Ketua Umum Himpunan Peritel Nusantara masa bakti 2022-2026 Yohanes Sitompul, "
            "mengatakan, kemitraan dengan pemasok lokal terus diperluas.")
    q = quotes(text, [("Himpunan Peritel Nusantara", "ORG"), ("Yohanes Sitompul", "PER")])[0]
    assert (q.speaker, q.speaker_org) == ("Yohanes Sitompul", "Himpunan Peritel Nusantara")
