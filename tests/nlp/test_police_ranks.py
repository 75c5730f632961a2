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
