"""ia, dia, -nya and role references ("Menteri itu", "Kepala BPS") mean the last person named."""
from tests.nlp.speech_helpers import quotes, speaker_of

TEXT = ("JAKARTA – Menteri Perdagangan Larasati Wibisono mengatakan, ekspor kopi olahan UMKM naik tajam. "
        "Menteri itu menyebut, pembeli dari Korea Selatan mulai memesan langsung.\n\n"
        "Kepala BPS Heru Santoso menjelaskan data ekspor itu dihimpun dari dokumen kepabeanan. "
        "Kepala BPS juga mengatakan, angka November akan dirilis pekan depan.\n\n"
        "Sementara itu, Direktur PT Kopi Nusa Andalas Ferry Gunadi membantah tudingan dumping. "
        "Dia menyatakan, harga jual perusahaannya sama dengan harga pasar dunia. "
        "\"Kami bersaing dengan mutu,\" ujar Ferry.")


def test_role_reference_resolves_to_the_person_with_that_role():
    qs = quotes(TEXT)
    assert speaker_of(qs, "pembeli dari Korea Selatan") == "Larasati Wibisono"
    assert speaker_of(qs, "angka November") == "Heru Santoso"


def test_pronoun_after_a_sentence_without_reported_speech():
    # "membantah tudingan dumping" reports no clause but makes Ferry Gunadi whom "Dia" means
    qs = quotes(TEXT)
    assert speaker_of(qs, "harga jual perusahaannya") == "Ferry Gunadi"
    assert speaker_of(qs, "Kami bersaing dengan mutu") == "Ferry Gunadi"


def test_a_person_introduced_by_a_description_or_ialah_is_whom_a_pronoun_means():
    """A known person introduced without a clause of their own — by a lower-case description ("anggota Komisi VI
    DPR Hatta Massarappi mempertanyakan …") or after "ialah" — is whom the next pronoun or "… itu" means, not the
    previous speaker."""
    from tests.nlp.speech_helpers import quotes, speaker_of

    text = ("\"Semua paket di bawah Rp14 miliar dibuka untuk UMKM,\" kata Bartolomeus Sanggalang dalam rapat.\n\n"
            "Namun, anggota Komisi VI DPR Hendrik Massora mempertanyakan komposisi vendor tersebut. Menurut legislator "
            "asal Sulawesi Barat itu, sebagian besar nilai belanja dinikmati usaha menengah. \"Usaha mikro kebagian "
            "remah-remah,\" ujarnya.\n\nSalah satu yang terdampak ialah Hj. Arbaiyah, pemilik usaha katering. Ia mengaku "
            "terpaksa merumahkan 14 juru masak.")
    qs = quotes(text, [("Bartolomeus Sanggalang", "PER"), ("Komisi VI DPR", "ORG"), ("Hendrik Massora", "PER"),
                       ("Sulawesi Barat", "LOC"), ("Arbaiyah", "PER")])
    assert speaker_of(qs, "usaha menengah") == "Hendrik Massora"
    assert speaker_of(qs, "kebagian remah-remah") == "Hendrik Massora"
    assert speaker_of(qs, "merumahkan 14 juru masak") == "Arbaiyah"
    assert next(q for q in qs if "usaha menengah" in q.text).speaker_role == "anggota Komisi VI DPR"


def test_titles_and_degrees_around_an_appositive_name():
    from tests.nlp.speech_helpers import quotes, speaker_of

    text = ("\"Turis jarang pegang uang tunai,\" kata Tumirah, pedagang bakpia.\n\nPengamat ekonomi Universitas "
            "Gadjah Mada, Dr. Hesti Sundawa, M.Si, menilai capaian itu menggembirakan.")
    qs = quotes(text, [("Tumirah", "PER"), ("Universitas Gadjah Mada", "ORG"), ("Hesti Sundawa", "PER")])
    q = next(q for q in qs if "menggembirakan" in q.text)
    assert (q.speaker, q.speaker_role) == ("Hesti Sundawa", "Pengamat ekonomi Universitas Gadjah Mada")
