"""Numbers, dates and codes as people read them: Indonesian style, one module for every surface."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from monitor import display


@pytest.mark.parametrize("value,unit,word,shown", [
    (38.6e9, "IDR", "Rp", "Rp 38,6 miliar"),
    (4.5e9, "idr", None, "Rp 4,5 miliar"),          # search hits carry lower-case unit codes
    (9.8e12, "IDR", "rupiah", "Rp 9,8 triliun"),
    (21.4e12, "IDR", "Rp", "Rp 21,4 triliun"),
    (750_000, "IDR", "Rp", "Rp 750.000"),
    (13_940, "IDR", "Rp", "Rp 13.940"),
    (310e6, "USD", "US$", "US$ 310 juta"),
    (61.9, "percent", "persen", "61,9 persen"),
    (0.4, "percent", "persen", "0,4 persen"),
    (3.5, "percent", "poin persentase", "3,5 poin persentase"),  # a difference of percentages
    (1240, "count", "rumah", "1.240 rumah"),
    (63.8e6, "count", "unit usaha", "63,8 juta unit usaha"),
    (12, "count", None, "12"),
    (20, "other", "ton", "20 ton"),
    (5e6, "other", "euro", "5 juta euro"),
])
def test_figures(value, unit, word, shown):
    assert display.figure(value, unit, word) == shown


def test_no_scientific_notation_for_any_magnitude():
    for exponent in range(0, 16):
        for unit in ("IDR", "USD", "count", "percent"):
            assert "e+" not in display.figure(1.5 * 10 ** exponent, unit).lower()


def test_dates_and_times():
    assert display.day(date(2026, 12, 5)) == "5 Des 2026"
    assert display.day(date(2026, 5, 17)) == "17 Mei 2026"
    late = datetime(2026, 12, 4, 18, 30, tzinfo=timezone.utc)  # 01.30 the next day in Jakarta
    assert display.day(late, tz="Asia/Jakarta") == "5 Des 2026"
    assert display.moment(late) == "5 Des 2026 01.30 WIB"
    assert display.moment(late, "Asia/Makassar") == "5 Des 2026 02.30 WITA"
    assert display.moment(late, lang="en") == "5 Dec 2026 01:30 WIB"


def test_codes_as_words():
    assert [display.label("stance", s) for s in ("pro", "contra", "neutral")] == ["mendukung", "menentang", "netral"]
    assert display.label("kind", "figure") == "angka" and display.label("kind", "quote") == "kutipan"
    assert display.label("topic", "umkm_partnership") == "kemitraan UMKM"
    assert display.label("topic", "ketahanan_pangan") == "ketahanan pangan"  # a topic from a custom file
    assert display.label("stance", "contra", "en") == "against"
    assert display.percent(61.9, "en") == "61.9 percent"


def test_headings_and_clock_times():
    assert display.long_day(date(2026, 12, 5)) == "Sabtu, 5 Desember 2026"  # no leading zero
    assert display.long_day(date(2026, 12, 5), "en") == "Saturday, 5 December 2026"
    assert display.clock(datetime(2026, 12, 5, 1, 40, tzinfo=timezone.utc)) == "08.40"


def test_code_labels_come_from_the_gettext_catalogs():
    """Codes shown as words are translations in monitor/locale/*/labels.po, the same keys in every language."""
    from monitor import display
    from monitor.i18n import catalog

    ids, ens = catalog("labels", "id"), catalog("labels", "en")
    assert set(ids) == set(ens) and "stance.contra" in ids
    assert display.label("stance", "contra") == ids["stance.contra"] == "menentang"
    assert display.label("stance", "contra", "en") == ens["stance.contra"] == "against"
    assert display.label("unit", "count") == ""  # deliberately empty: a bare count has no unit word
    assert display.label("topic", "new_topic_code") == "new topic code"  # unknown codes read as words


@pytest.mark.parametrize("role,org,shown", [
    ("Ketua Kadin Jawa Barat", "Kadin Jawa Barat", None),          # the role names it: not said twice
    ("Sekretaris Perusahaan PT Sinar Tani Tbk", "pt sinar tani tbk", None),
    ("Menkop UKM", "Kementerian Koperasi dan UKM", "Kementerian Koperasi dan UKM"),
    (None, "Koperasi Nelayan Sibolga", "Koperasi Nelayan Sibolga"),
    ("Ekonom", None, None),
])
def test_organisation_only_where_the_role_does_not_name_it(role, org, shown):
    assert display.org_beyond_role(role, org) == shown


def test_an_organisation_quoted_as_itself_is_named_once():
    assert display.org_beyond_role(None, "Kementerian Koperasi dan UKM", "Kementerian Koperasi dan UKM") is None
    assert display.org_beyond_role(None, "Kementerian Koperasi dan UKM", "Rina Hapsari") == "Kementerian Koperasi dan UKM"


def test_digest_names_the_organisation_once():
    from monitor.digest.render import _env

    env = _env()
    line = env.from_string("{{ q.role }}{% if q.organisation|beyond_role(q.role, q.speaker) %} ({{ q.organisation }}){% endif %}")
    assert line.render(q={"role": "Ketua Kadin Jawa Barat", "organisation": "Kadin Jawa Barat", "speaker": "Dedi"}) \
        == "Ketua Kadin Jawa Barat"
    assert line.render(q={"role": "", "organisation": "OJK", "speaker": "OJK"}) == ""
    assert line.render(q={"role": "Menkop UKM", "organisation": "Kementerian Koperasi dan UKM", "speaker": "Teten"}) \
        == "Menkop UKM (Kementerian Koperasi dan UKM)"


def test_shorten_cuts_at_a_word_and_says_so():
    assert display.shorten("Koperasi nelayan menyalurkan pinjaman", 100) == "Koperasi nelayan menyalurkan pinjaman"
    assert display.shorten("Koperasi nelayan menyalurkan pinjaman", 20) == "Koperasi nelayan…"
    assert display.shorten("Harga gabah naik, petani senang", 19) == "Harga gabah naik…"
    assert display.counts({"language:en": 1, "empty": 2}) == "empty 2, language:en 1"
