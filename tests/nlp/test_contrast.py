"""Contrast (namun, tetapi, meski, padahal) and sentence ends bound the clause a cue is read in."""
from monitor.nlp.stance import decide
from monitor.nlp.stance_lexicon import read


def kinds(text):
    return {c.text.lower(): c.kind for c in read(text).cues}


def test_meski_keeps_the_good_and_the_bad_clause_apart():
    k = kinds("Meski omzet pemasok kecil bertambah, pembayaran dari pabrik masih molor.")
    assert k["bertambah"] == "positive"
    assert k["molor"] == "negative"
    assert decide(read("Meski omzet pemasok kecil bertambah, pembayaran dari pabrik masih molor.")).assessment == "neutral"


def test_a_negator_does_not_reach_across_tetapi():
    # "tidak" belongs to the first clause; "meningkat" after "tetapi" stays progress
    k = kinds("Bunga pinjaman tidak turun, tetapi jumlah nasabah usaha mikro meningkat.")
    assert k["meningkat"] == "positive"


def test_a_goal_word_in_the_previous_sentence_does_not_make_progress_a_goal():
    # "untuk" (a goal) ends with its sentence: the growth reported next is a state, not a call
    d = decide(read("Kami meminjam untuk modal. Kini omzet naik."))
    assert d.stance == "neutral"
    assert d.assessment == "positive"
    assert decide(read("Kami meminjam ke koperasi agar omzet warung naik.")).stance == "pro"


def test_padahal_marks_a_gap_not_progress():
    d = decide(read("Porsi kredit sektor produksi baru 38 persen, padahal targetnya 55 persen."))
    assert d.assessment == "negative"
