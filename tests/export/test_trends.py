"""Aggregations on the seeded store (tests/export/conftest.py) against hand-counted answers."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from monitor.export.trends import ExportQuery, export_table, periods

MAY = dict(since=date(2024, 5, 6), until=date(2024, 5, 9))


def _dicts(table) -> list[dict]:
    names = [c.name for c in table.columns]
    return [dict(zip(names, row)) for row in table.rows]


def _nonzero(rows, *counts):
    return [r for r in rows if any(r[c] for c in counts)]


def test_mentions_by_day_known_counts(store):
    rows = _dicts(export_table(store, "mentions", ExportQuery(**MAY)))
    # 4 days × 2 topics × 3 stances × 3 assessments, zeros included
    assert len(rows) == 4 * 2 * 9
    got = {(r["period_start"], r["topic"], r["stance"], r["assessment"]): (r["articles"], r["quotes"], r["outlets"],
                                                                           r["speakers"])
           for r in _nonzero(rows, "articles", "quotes")}
    assert got == {
        # article 1 is carried by Kompas and (as a near-duplicate) by Detik
        (date(2024, 5, 6), "umkm_partnership", "pro", "negative"): (1, 2, 2, 1),
        # 20:00 UTC on 6 May is 7 May in WIB
        (date(2024, 5, 7), "financial_inclusion", "pro", "positive"): (1, 1, 1, 1),
        (date(2024, 5, 9), "umkm_partnership", "neutral", "neutral"): (1, 0, 1, 0),
        (date(2024, 5, 9), "umkm_partnership", "contra", "negative"): (0, 1, 0, 1),
        (date(2024, 5, 9), "financial_inclusion", "neutral", "neutral"): (0, 1, 0, 1),
    }


def test_empty_day_is_zero_rows_not_a_gap(store):
    rows = _dicts(export_table(store, "mentions", ExportQuery(**MAY)))
    may8 = [r for r in rows if r["period_start"] == date(2024, 5, 8)]
    assert len(may8) == 18
    assert all(r["articles"] == r["quotes"] == r["outlets"] == r["speakers"] == 0 for r in may8)
    assert sorted({r["period_start"] for r in rows}) == periods(MAY["since"], MAY["until"], "day")


def test_period_columns_are_wib_days_with_utc_instant(store):
    rows = _dicts(export_table(store, "mentions", ExportQuery(**MAY)))
    first = rows[0]
    assert first["period_start"] == first["period_end"] == date(2024, 5, 6)
    assert first["period_start_utc"] == datetime(2024, 5, 5, 17, 0, tzinfo=timezone.utc)


def test_mentions_by_week_and_month(store):
    week = _dicts(export_table(store, "mentions", ExportQuery(by="week", **MAY)))
    assert {(r["period_start"], r["period_end"]) for r in week} == {(date(2024, 5, 6), date(2024, 5, 12))}
    pro_neg = [r for r in week if (r["topic"], r["stance"], r["assessment"]) == ("umkm_partnership", "pro", "negative")]
    assert [(r["articles"], r["quotes"], r["outlets"], r["speakers"]) for r in pro_neg] == [(1, 2, 2, 1)]
    month = _dicts(export_table(store, "mentions", ExportQuery(since=date(2024, 4, 1), until=date(2024, 5, 31),
                                                                by="month")))
    april = [r for r in month if r["period_start"] == date(2024, 4, 1) and r["articles"]]
    assert [(r["topic"], r["stance"], r["assessment"]) for r in april] == [("umkm_partnership", "neutral", "positive")]
    assert {r["period_end"] for r in month} == {date(2024, 4, 30), date(2024, 5, 31)}


def test_default_range_spans_stored_articles(store):
    rows = _dicts(export_table(store, "mentions", ExportQuery(by="day")))
    days = sorted({r["period_start"] for r in rows})
    assert days[0] == date(2024, 4, 20) and days[-1] == date(2024, 5, 9) and len(days) == 20


def test_outlet_filter_counts_syndicated_copies(store):
    rows = _dicts(export_table(store, "mentions", ExportQuery(outlet="Detik Finance", **MAY)))
    hit = {(r["period_start"], r["topic"]) for r in _nonzero(rows, "articles", "quotes")}
    # detik published article 2 and carried article 1; it did not carry article 3
    assert hit == {(date(2024, 5, 6), "umkm_partnership"), (date(2024, 5, 7), "financial_inclusion")}


def test_topic_filter(store):
    rows = _dicts(export_table(store, "mentions", ExportQuery(topic="financial_inclusion", **MAY)))
    assert {r["topic"] for r in rows} == {"financial_inclusion"}
    assert sum(r["quotes"] for r in rows) == 2


def test_entities_mentions_and_speaker_stance(store):
    rows = _dicts(export_table(store, "entities", ExportQuery(**MAY)))
    by = {(r["period_start"], r["entity"]): r for r in rows}
    # the acronym KemenkopUKM folds into its expansion
    kemenkop = by[(date(2024, 5, 6), "Kementerian Koperasi dan UKM")]
    assert (kemenkop["mentions"], kemenkop["articles"]) == (2, 1)
    teten6, teten9 = by[(date(2024, 5, 6), "Teten Masduki")], by[(date(2024, 5, 9), "Teten Masduki")]
    assert (teten6["mentions"], teten6["quotes"], teten6["quotes_pro"]) == (2, 2, 2)
    assert (teten9["quotes"], teten9["quotes_contra"], teten9["quotes_neutral"], teten9["quotes_pro"]) == (1, 1, 1, 0)
    assert by[(date(2024, 5, 8), "Teten Masduki")]["mentions"] == 0  # zero-filled


def test_speakers(store):
    table = export_table(store, "speakers", ExportQuery(**MAY))
    rows = {r["speaker"]: r for r in _dicts(table)}
    assert set(rows) == {"Teten Masduki", "Friderica Widyasari Dewi"}
    teten = rows["Teten Masduki"]
    assert (teten["role"], teten["organisation"]) == ("Menteri Koperasi dan UKM", "Kementerian Koperasi dan UKM")
    assert (teten["quotes"], teten["articles"], teten["outlets"]) == (3, 2, 2)
    assert (teten["quotes_umkm_partnership_pro"], teten["quotes_umkm_partnership_contra"],
            teten["quotes_financial_inclusion_neutral"]) == (2, 1, 1)
    assert teten["first_seen_wib"] == date(2024, 5, 6) and teten["last_seen_wib"] == date(2024, 5, 9)
    assert rows["Friderica Widyasari Dewi"]["first_seen_wib"] == date(2024, 5, 7)


def test_figures_series_and_groups(store):
    rows = _dicts(export_table(store, "figures", ExportQuery(**MAY)))
    assert len(rows) == 6
    pdb = [r for r in rows if r["measure_group"] == "kontribusi UMKM terhadap PDB"]
    # three phrasings, one group, in time order, each pointing at the claim before
    assert [r["value"] for r in pdb] == [61.9, 60.34, 61.07]
    assert [r["previous_value"] for r in pdb] == [None, 61.9, 60.34]
    assert [r["outlet"] for r in pdb] == ["Kompas", "Detik Finance", "Antara"]
    assert {(r["group_claims"], r["group_values"], r["group_min"], r["group_max"]) for r in pdb} == {(3, 3, 60.34, 61.9)}
    kur = next(r for r in rows if r["unit"] == "IDR")
    assert (kur["value"], kur["measure_group"], kur["article_url"]) == (4.9e12, "penyaluran KUR",
                                                                       "https://antara.example/berita/3")


def test_quotes_full_table(store):
    rows = _dicts(export_table(store, "quotes", ExportQuery(**MAY)))
    assert [r["quote_id"] for r in rows] == [1, 2, 3, 4, 5]
    mixed = rows[3]
    assert mixed["topics"] == "umkm_partnership:contra/negative; financial_inclusion:neutral/neutral"
    assert mixed["date_wib"] == date(2024, 5, 9) and mixed["outlet"] == "Antara"
    assert rows[4]["speaker"] is None and rows[4]["topics"] == ""


def test_unknown_kind_and_period(store):
    with pytest.raises(ValueError):
        export_table(store, "tweets", ExportQuery())
    with pytest.raises(ValueError):
        list(export_table(store, "mentions", ExportQuery(by="year", **MAY)).rows)


def test_figure_series_shows_how_a_claimed_number_moves(store):
    rows = {r["measure_group"]: r for r in _dicts(export_table(store, "series", ExportQuery(**MAY)))}
    pdb = rows["kontribusi UMKM terhadap PDB"]
    assert pdb["series"] == ("61,9 (Kompas, 2024-05-06) → 60,34 (Detik Finance, 2024-05-07) → "
                             "61,07 (Antara, 2024-05-09)")
    assert (pdb["claims"], pdb["values"], pdb["outlets"], pdb["first_value"], pdb["last_value"]) == \
        (3, 3, 3, 61.9, 61.07)
    assert rows["penyaluran KUR"]["series"] == "4.900.000.000.000 (Antara, 2024-05-09)"


@pytest.mark.parametrize("extra", [{}, {"outlet": "Detik Finance"}, {"outlet": "kompas"}, {"topic": "umkm_partnership"},
                                   {"by": "week"}])
def test_articles_only_counts_equal_the_full_counts(store, extra):
    """The charts' articles-only counting (no quote labels read) gives the same articles as the full export."""
    q = ExportQuery(**(MAY | extra))
    full = _dicts(export_table(store, "mentions", q))
    light = _dicts(export_table(store, "mentions", q, articles_only=True))
    key = ("period_start", "topic", "stance", "assessment")
    assert [tuple(r[k] for k in key) + (r["articles"],) for r in light] == \
        [tuple(r[k] for k in key) + (r["articles"],) for r in full]
    assert any(r["articles"] for r in full) and not any(r["quotes"] or r["speakers"] for r in light)


def test_most_claimed_measures_chosen_in_sql(store):
    """figure_measures(top=n): the n most claimed (subject, unit), ties by subject and unit, as sorting them all."""
    from monitor.store.trends import figure_measures

    with store.connect() as conn:
        every = figure_measures(conn, ExportQuery())
        assert len(every) > 3
        for n in (1, 3, len(every) + 5):
            assert figure_measures(conn, ExportQuery(), top=n) == sorted(every, key=lambda m: (-m[2], m[0], m[1]))[:n]


def _from_export(store, q) -> dict:
    """What the speakers chart used to read: the speakers export, its stance columns summed over topics."""
    table = export_table(store, "speakers", q)
    out = {}
    for r in _dicts(table):
        per = {s: sum(v for k, v in r.items() if k.startswith("quotes_") and k.endswith("_" + s))
               for s in ("pro", "contra", "neutral")}
        out[r["speaker"]] = (r["quotes"], per)
    return out


@pytest.mark.parametrize("q", [ExportQuery(**MAY), ExportQuery(**MAY, topic="umkm_partnership"),
                               ExportQuery(**MAY, topic="financial_inclusion"), ExportQuery(outlet="detik", by="week"),
                               ExportQuery(since=date(2023, 1, 1), until=date(2023, 1, 31))])
def test_speaker_totals_counted_in_sql_equal_the_speakers_export(store, q):
    from monitor.export.trends import speaker_totals

    got = {name: (n, by) for name, n, by in speaker_totals(store, q)}
    assert got == _from_export(store, q)
    if q == ExportQuery(**MAY):  # a quote with two topic labels counts once as a quote, once per label
        assert got["Teten Masduki"] == (3, {"pro": 2, "contra": 1, "neutral": 1})


@pytest.mark.parametrize("top", [1, 2, 5])
def test_speaker_totals_of_the_top_speakers_read_only_their_labels_and_agree(store, top):
    from monitor.export.trends import speaker_totals

    q = ExportQuery(**MAY, topic="umkm_partnership")
    full = sorted(speaker_totals(store, q), key=lambda r: (-r[1], r[0]))
    assert speaker_totals(store, q, top=top) == full[:top]
