"""The query language: what parses into what, and where malformed queries are pointed at."""
from datetime import datetime, timezone

import pytest

from monitor.search.query import And, Field, Not, Or, SearchSyntaxError, Term, parse

NOW = datetime(2026, 4, 1, 5, 0, tzinfo=timezone.utc)


def test_words_phrases_and_filters():
    p = parse('speaker:"Teten Masduki" KUR -bunga org:kadin', now=NOW)
    assert p.expr == And((Field("speaker", "Teten Masduki", 0, phrase=True), Term("KUR", 24),
                          Not(Term("bunga", 29), 28), Field("org", "kadin", 35)))
    assert p.filters.empty()


def test_precedence_and_record_filters_apply_to_whole_query():
    p = parse('"porsi kredit" OR kontribusi kind:figure value:>50 value:<=70.5', now=NOW)
    assert p.expr == Or((Term("porsi kredit", 0, phrase=True), Term("kontribusi", 18)))
    assert p.filters.kinds == {"figure"}
    assert p.filters.values == [(">", 50.0), ("<=", 70.5)]


def test_explicit_operators_and_groups():
    p = parse("(umkm OR ukm) AND NOT ekspor pembiaya*", now=NOW)
    assert p.expr == And((Or((Term("umkm", 1), Term("ukm", 9))), Not(Term("ekspor", 22), 18), Term("pembiaya", 29, prefix=True)))


def test_dates_are_wib_days_and_relative_spans():
    p = parse("since:2026-03-01 until:2026-03-31", now=NOW)
    assert p.filters.since == datetime(2026, 2, 28, 17, 0, tzinfo=timezone.utc)  # 00:00 WIB
    assert p.filters.until == datetime(2026, 3, 31, 17, 0, tzinfo=timezone.utc)  # end of 31 March WIB
    assert parse("since:7d", now=NOW).filters.since == datetime(2026, 3, 25, 5, 0, tzinfo=timezone.utc)
    assert parse("until:2026-02", now=NOW).filters.until == datetime(2026, 2, 28, 17, 0, tzinfo=timezone.utc)


def test_aliases_normalise_values():
    p = parse("stance:kontra assessment:positif kind:kutipan unit:persen outlet:kompas,tempo", now=NOW)
    assert p.expr == And((Field("stance", "contra", 0), Field("assessment", "positive", 14)))
    assert p.filters.kinds == {"quote"} and p.filters.units == {"percent"}
    assert p.filters.outlets == ["kompas", "tempo"]


def test_empty_query_is_no_condition():
    p = parse("   ", now=NOW)
    assert p.expr is None and p.filters.empty()


@pytest.mark.parametrize("query, position, words", [
    ('rantai "pasok', 7, "unterminated phrase"),
    ("spekaer:teten", 0, "did you mean speaker:"),
    ("(umkm OR kur", 0, "never closed"),
    ("umkm)", 4, "unmatched ')'"),
    ("umkm OR", 5, "OR needs a term after it"),
    ("OR umkm", 0, "OR needs a term before it"),
    ("umkm AND", 5, "AND needs a term after it"),
    ("kur NOT", 4, "NOT needs a term after it"),
    ("stance:mungkin", 7, "stance must be pro, contra or neutral"),
    ("kind:berita", 5, "kind must be quote, figure or title"),
    ("value:banyak", 6, "value: needs a number"),
    ("since:2026-13-01", 6, "is not a date"),
    ("umkm OR since:7d", 8, "cannot be an operand of OR"),
    ("NOT outlet:kompas", 4, "cannot be negated"),
    ("speaker:", 8, "needs a value"),
    ("kre*dit", 3, "only at the end of a word"),
    ("()", 0, "empty parentheses"),
    ('umkm ""', 5, "empty phrase"),
    ("since:2026-05-01 until:2026-04-01", 0, "nothing can match"),
])
def test_malformed_queries_point_at_the_problem(query, position, words):
    with pytest.raises(SearchSyntaxError) as err:
        parse(query, now=NOW)
    assert err.value.position == position
    assert words in err.value.message
    assert f"(at position {position})" in str(err.value)
    line = err.value.line()
    assert "\n" not in line and line.startswith(err.value.message)
    assert (f"at character {position + 1} of the query: {query[position:position + 3]!r}"[:-1] in line
            if position < len(query) else line.endswith("(at the end of the query)"))


@pytest.mark.parametrize("text, expected", [("value:1.200", [("=", 1200.0)]), ("value:>2,5", [(">", 2.5)]),
                                            ("value:>=2.5", [(">=", 2.5)]), ("value:1.200,5", [("=", 1200.5)]),
                                            ("value:10..1.500", [(">=", 10.0), ("<=", 1500.0)])])
def test_values_in_indonesian_or_english_notation(text, expected):
    assert parse(text, now=NOW).filters.values == expected


@pytest.mark.parametrize("typed, code", [
    ("topic:inklusi", "financial_inclusion"), ('topic:"inklusi keuangan"', "financial_inclusion"),
    ("topic:kemitraan", "umkm_partnership"), ('topic:"kemitraan UMKM"', "umkm_partnership"),
    ("topic:partnership", "umkm_partnership"),  # the English label
    ("topic:umkm", "umkm"), ("topic:financial_inclusion", "financial_inclusion"),  # codes and their starts stay
    ("topic:cuaca", "cuaca"),  # an unknown word stays (a topics file may define more)
])
def test_a_topic_by_the_words_the_pages_show(typed, code):
    """People type the label they read ("inklusi keuangan"), as stance:mendukung and kind:kutipan already work."""
    assert parse(typed, now=NOW).expr.value == code


@pytest.mark.parametrize("query, at", [("topic:cuaca", 6), ("kur -topic:olahraga", 11), ("(topic:bogus OR kur)", 7)])
def test_a_topic_that_is_not_in_use_is_refused_like_an_unknown_stance(query, at):
    topics = ("umkm_partnership", "financial_inclusion")
    with pytest.raises(SearchSyntaxError) as e:
        parse(query, now=NOW, topics=topics)
    assert e.value.position == at and "topic must be umkm_partnership or financial_inclusion" in e.value.message
    for fine in ("topic:umkm", "topic:inklusi", "topic:financial_inclusion", 'topic:"kemitraan UMKM"'):
        parse(fine, now=NOW, topics=topics)
    assert parse("topic:cuaca", now=NOW).expr.value == "cuaca"  # without the list (a library caller): kept
