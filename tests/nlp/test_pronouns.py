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
