"""An article headlined on a problem, taking no side in its headline or lead, is a problem report
(neutral) unless a call to act runs through the body; one official's "perlu" does not make it pro."""
from monitor.nlp.stance import StanceClassifier, Unit, decide, _headline_case
from monitor.nlp.stance_lexicon import read
from monitor.nlp.stance_topics import load_topics

TITLE = "Tabungan Petani Garam di Madura Masih Rendah"
LEAD = ("SUMENEP — Kepemilikan rekening tabungan di kalangan petani garam Sumenep baru 21 persen "
        "menurut survei dinas setempat. Sebagian besar petani menyimpan uang di rumah.")
BODY = ("Kepala Dinas Perindustrian setempat Hasan Basri mengatakan, inklusi keuangan petani garam "
        "dipengaruhi musim panen. \"Bank perlu datang ke tambak saat panen,\" kata Hasan.")
CALLS = ("Ketua kelompok tani garam Sumenep, Marwan, mendesak bank membuka layanan agen di desa pesisir. "
         "\"Kami ingin punya tabungan dan akses kredit sendiri,\" kata Marwan. "
         "Ekonom setempat menilai pemerintah daerah harus mendorong akses keuangan nelayan dan petani garam.")


def fi(text, title, quotes=()):
    units = []
    for q in quotes:
        at = text.index(q)
        units.append(Unit(at, at + len(q), q, text[:at].count("\n\n")))
    result = StanceClassifier(load_topics())(text, units, title=title)
    return next(t for t in result.article if t.topic == "financial_inclusion")


def test_the_headline_reports_a_problem_without_a_side():
    d = decide(read(_headline_case(TITLE)))
    assert (d.stance, d.assessment) == ("neutral", "negative")


def test_one_officials_call_does_not_make_a_problem_report_pro():
    text = f"{LEAD}\n\n{BODY}"
    label = fi(text, TITLE, ["Bank perlu datang ke tambak saat panen,"])
    assert (label.stance, label.assessment) == ("neutral", "negative")


def test_calls_running_through_the_body_still_make_it_pro():
    text = f"{LEAD}\n\n{BODY}\n\n{CALLS}"
    label = fi(text, TITLE, ["Bank perlu datang ke tambak saat panen,",
                             "Kami ingin punya tabungan dan akses kredit sendiri,"])
    assert label.stance == "pro"


def test_a_lead_that_takes_a_side_keeps_its_call():
    lead = ("SUMENEP — Pemerintah Kabupaten Sumenep mendorong bank membuka rekening bagi petani garam, "
            "karena kepemilikan tabungan mereka baru 21 persen.")
    label = fi(f"{lead}\n\n{BODY}", TITLE, ["Bank perlu datang ke tambak saat panen,"])
    assert label.stance == "pro"


def test_without_a_headline_the_vote_is_unchanged():
    label = fi(f"{LEAD}\n\n{BODY}", "", ["Bank perlu datang ke tambak saat panen,"])
    assert label.stance == "pro"
