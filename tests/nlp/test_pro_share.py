"""An article is pro only when its pro cues weigh at least stance.PRO_SHARE of the units that take no
side: a single call to act at the end of a long data report leaves the report neutral, while the same
call in a short article, or calls running through the report, make it pro. Text written for this test."""
from monitor.nlp import stance
from monitor.nlp.stance import StanceClassifier, _vote, Decision
from monitor.nlp.stance_topics import load_topics

TITLE = "Penyaluran Kredit Usaha Rakyat di Jawa Tengah Capai Rp 21 Triliun"
REPORT = [
    "SEMARANG - Penyaluran kredit usaha rakyat (KUR) di Jawa Tengah hingga Oktober mencapai Rp 21 triliun.",
    "Dana itu mengalir ke 412.000 debitur usaha mikro dan kecil di 35 kabupaten dan kota.",
    "Sektor perdagangan menyerap porsi KUR terbesar, disusul pertanian dan industri pengolahan.",
    "Rata-rata plafon KUR per debitur tercatat Rp 51 juta, sedikit di atas tahun lalu.",
    "Kabupaten Brebes dan Kabupaten Grobogan menjadi penyerap KUR terbanyak di luar kota besar.",
    "Bank penyalur terbesar masih bank milik negara, dengan porsi sekitar tiga perempat dari total KUR.",
    "Data penyaluran KUR itu dihimpun dari laporan bulanan bank penyalur kepada kantor wilayah.",
    "Jumlah debitur KUR baru tahun ini tercatat 96.000 orang, sebagian besar pedagang pasar.",
]
CALL = "Pemerintah daerah perlu mendorong bank memperluas KUR ke desa-desa terpencil."


def article(paragraphs: list[str]):
    text = "\n\n".join(paragraphs)
    result = StanceClassifier(load_topics())(text, [], title=TITLE)
    return next(t for t in result.article if t.topic == "financial_inclusion")


def test_one_call_in_a_long_data_report_leaves_it_neutral():
    assert article(REPORT + [CALL]).stance == "neutral"


def test_the_same_call_in_a_short_article_makes_it_pro():
    assert article(REPORT[:2] + [CALL]).stance == "pro"


def test_calls_running_through_the_report_make_it_pro():
    calls = [CALL, "Bank penyalur harus memperluas KUR bagi petani dan nelayan agar akses pembiayaan merata.",
             "Kami akan terus mendorong penyaluran KUR ke sektor produksi, kata Kepala OJK Jawa Tengah."]
    assert article(REPORT[:4] + calls[:1] + REPORT[4:] + calls[1:]).stance == "pro"


def test_the_share_is_read_from_the_neutral_weight():
    pro, flat = Decision("pro", "neutral"), Decision("neutral", "neutral")
    units = [(pro, 1.0)] + [(flat, 1.0)] * 9
    assert _vote(units, []).stance == "pro"  # 1.0 >= 0.1 * 9
    assert _vote(units + [(flat, 2.0)], []).stance == "neutral"  # 1.0 < 0.1 * 11
    assert stance.PRO_SHARE == 0.1
