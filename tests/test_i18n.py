"""UI strings come from the gettext catalogs in monitor/locale, complete in every language."""
import pytest

from monitor.i18n import LOCALE_DIR, catalog, languages


@pytest.mark.parametrize("domain", ["digest", "charts"])
def test_every_language_has_every_message(domain):
    langs = languages(domain)
    assert {"id", "en"} <= set(langs)
    ids = {lang: set(catalog(domain, lang)) for lang in langs}
    assert all(v == ids["id"] for v in ids.values()), {k: v ^ ids["id"] for k, v in ids.items()}
    untranslated = [(lang, k) for lang in langs for k, v in catalog(domain, lang).items() if not v and not k.startswith("a_")]
    assert not untranslated


def test_catalogs_are_what_the_code_shows():
    from monitor.digest.render import strings
    from monitor.export.charts import _day_label, _t
    from datetime import date

    assert strings("id")["top_quotes"] == "Kutipan utama" and strings("en")["top_quotes"] == "Top quotes"
    assert strings("id")["a_neutral"] == ""  # deliberately empty stays empty (gettext would show the msgid)
    assert strings("jv") is strings("id")  # no Javanese catalog: the digest falls back to Indonesian
    assert _day_label(date(2026, 12, 5), "day", "id") == "5 Des" and _day_label(date(2026, 8, 1), "month", "en") == "Aug 2026"
    assert _t("id")["period_week"] == "Minggu (WIB)"
    with pytest.raises(ValueError, match="use en or id"):
        _t("fr")


def test_catalogs_are_plain_po_files():
    from babel.messages.pofile import read_po

    for path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        with path.open("rb") as f:
            cat = read_po(f)
        assert len(cat) > 10, path


def test_charts_name_stances_and_assessments_with_the_words_the_pages_use():
    """The English legend said "Pro"/"Contra" (the codes) while every page says "in favour"/"against"."""
    from monitor.i18n import catalog, languages

    for lang in languages("charts"):
        charts, labels = catalog("charts", lang), catalog("labels", lang)
        for group, codes in (("stance", ("pro", "contra", "neutral")), ("assessment", ("positive", "negative"))):
            for code in codes:
                assert charts[code].casefold() == labels[f"{group}.{code}"].casefold(), (lang, code)
