"""Charts render from the seeded store with the expected titles; one PNG is kept in test-artifacts/."""
from __future__ import annotations

import struct
from datetime import date
from pathlib import Path

import pytest

from monitor.export import charts
from monitor.export.trends import ExportQuery

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
Q = ExportQuery(since=date(2024, 5, 1), until=date(2024, 5, 10), topic="umkm_partnership")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind,lang,title", [
    ("volume", "id", "Volume berita kemitraan UMKM menurut sikap"),
    ("volume", "en", "News volume on UMKM partnership by stance"),
    ("assessment", "id", "Penilaian kondisi kemitraan UMKM"),
    ("speakers", "id", "Narasumber teratas: kemitraan UMKM"),
    ("figure", "id", "Klaim angka: kontribusi UMKM terhadap PDB"),
])
def test_chart_svg_has_title_and_labels(store, kind, lang, title):
    q = Q if kind != "figure" else ExportQuery(since=Q.since, until=Q.until)
    svg = charts.render(charts.chart(store, kind, q, lang=lang, group="kontribusi UMKM terhadap PDB"), "svg").decode()
    assert svg.lstrip().startswith("<?xml") and title in svg
    if kind == "volume" and lang == "id":
        assert "Mendukung" in svg and "Tanggal (WIB)" in svg and "6 Mei" in svg
    if kind == "figure":
        assert "61,9 · Kompas" in svg and "60,34 · Detik Finance" in svg


def test_slide_sized_png_saved_as_artifact(store):
    fig = charts.chart(store, "figure", ExportQuery(since=Q.since, until=Q.until), group="kontribusi UMKM terhadap PDB")
    data = charts.render(fig, "png")
    assert _png_size(data) == (1280, 720)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "export_figure_series.png").write_bytes(data)
    (ARTIFACTS / "export_volume.png").write_bytes(charts.render(charts.chart(store, "volume", Q), "png"))


def test_topic_trend_png_for_the_digest(store):
    data = charts.topic_trend_png(store, "umkm_partnership", date(2024, 5, 10), days=14)
    width, height = _png_size(data)
    assert 400 <= width <= 800 and height < width
    assert charts.topic_trend_png(store, "umkm_partnership", date(2024, 5, 10), days=14) == data
    # an empty fortnight still draws (with a 'no data' note), and differs
    assert charts.topic_trend_png(store, "umkm_partnership", date(2023, 1, 14), days=14) != data


def test_chart_bytes_are_stable(store):
    a = charts.render(charts.chart(store, "speakers", Q), "svg")
    b = charts.render(charts.chart(store, "speakers", Q), "svg")
    assert a == b


def test_bad_requests(store):
    with pytest.raises(ValueError):
        charts.chart(store, "pie", Q)
    with pytest.raises(ValueError):
        charts.chart(store, "figure", Q)  # needs a group
    with pytest.raises(ValueError):
        charts.chart(store, "volume", Q, lang="fr")


def test_topic_trend_png_accepts_a_session(store):
    from sqlmodel import Session

    with Session(store) as session:
        from_session = charts.topic_trend_png(session, "financial_inclusion", date(2024, 5, 10))
    assert from_session == charts.topic_trend_png(store, "financial_inclusion", date(2024, 5, 10))
    assert from_session != charts.topic_trend_png(store, "umkm_partnership", date(2024, 5, 10))
