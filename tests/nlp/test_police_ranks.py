"""Police offices are organisations and a rank between the office and the name belongs to neither."""
from tests.nlp.speech_helpers import linked

TEXT = ("MAKASSAR – Puluhan nasabah melapor ke Kepolisian Daerah Sulawesi Selatan pekan ini.\n\n"
        "Kepala Bidang Humas Polda Sulawesi Selatan Komisaris Besar Andi Rachman membenarkan laporan itu. "
        "\"Kami sudah memeriksa lima saksi,\" kata Andi.")


def test_police_office_is_an_org_and_the_rank_is_dropped():
    ents = linked(TEXT, [("MAKASSAR", "LOC"), ("Kepolisian Daerah Sulawesi Selatan", "LOC"), ("Polda", "ORG"),
                         ("Andi Rachman", "PER"), ("Andi", "PER")])
    assert ("Kepolisian Daerah Sulawesi Selatan", "ORG") in ents
    assert ("Polda Sulawesi Selatan", "ORG") in ents
    assert not any("Komisaris" in text for text, _ in ents)
    assert ("Andi Rachman", "PER") in ents


def test_rank_with_polisi_is_not_part_of_the_speaker():
    from tests.nlp.speech_helpers import quotes, speaker_of

    text = ("Direktur Lalu Lintas Polda Jawa Barat Komisaris Besar Polisi Bambang Irawan menjelaskan, jalur "
            "alternatif disiapkan bila antrean memanjang.")
    assert speaker_of(quotes(text, [("Polda Jawa Barat", "ORG"), ("Bambang Irawan", "PER")]),
                      "jalur alternatif") == "Bambang Irawan"


def test_abbreviated_rank_after_the_office_belongs_to_neither():
    from tests.nlp.speech_helpers import quotes

    text = ("Kasat Reskrim Polres Klaten AKP Dimas Prasetyo mengatakan, penipuan kredit daring itu merugikan "
            "27 pedagang pasar.\n\n"
            "\"Kami sudah menerima sembilan laporan,\" kata Kapolsek Ceper, Iptu Joko Susilo, di Klaten, Senin (3/6).")
    qs = quotes(text, [("Polres Klaten", "ORG"), ("Dimas Prasetyo", "PER"), ("Ceper", "LOC"),
                       ("Joko Susilo", "PER"), ("Klaten", "LOC")])
    first = next(q for q in qs if "27 pedagang" in q.text)
    assert (first.speaker, first.speaker_role, first.speaker_org) == (
        "Dimas Prasetyo", "Kasat Reskrim Polres Klaten", "Polres Klaten")
    second = next(q for q in qs if "sembilan laporan" in q.text)
    assert (second.speaker, second.speaker_role) == ("Joko Susilo", "Kapolsek Ceper")


def test_rank_the_model_kept_in_the_name_is_dropped():
    from tests.nlp.speech_helpers import quotes, speaker_of

    text = "\"Pelaku masih kami cari,\" ujar Kapolres Wonogiri AKBP Hendra Gunawan, Rabu (5/6)."
    assert speaker_of(quotes(text, [("Polres Wonogiri", "ORG"), ("AKBP Hendra Gunawan", "PER")]),
                      "masih kami cari") == "Hendra Gunawan"


def test_city_police_and_regional_offices_by_short_form_are_organisations():
    """"Polresta" is a city's Polres and "Dishub"/"BPBD" a regional office's short form: each heads an
    organisation with its place, as "Polres" and "Dinas" do."""
    text = ("Kasat Lantas Polresta Ambon AKP Yosias Pattinama mengatakan arus kendaraan naik. Kepala Dishub "
            "Kota Ambon Frans Latuheru menambahkan, Kepala Pelaksana BPBD Maluku Rudy Tahapary siaga.")
    ents = linked(text, [("Polresta", "ORG"), ("Ambon AKP Yosias Pattinama", "PER"), ("Kota Ambon", "LOC"),
                         ("Frans Latuheru", "PER"), ("BPBD", "ORG"), ("Maluku", "LOC"), ("Rudy Tahapary", "PER")])
    assert ("Polresta Ambon", "ORG") in ents
    assert ("Dishub Kota Ambon", "ORG") in ents and ("BPBD Maluku", "ORG") in ents
    assert ("Frans Latuheru", "PER") in ents and ("Rudy Tahapary", "PER") in ents
