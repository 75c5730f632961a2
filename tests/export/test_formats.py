"""Every format read back (pandas, pyarrow, openpyxl) equals the CSV; same inputs, same bytes."""
from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from monitor.export import formats
from monitor.export.dictionary import KINDS
from monitor.export.trends import ExportQuery, export_table

Q = ExportQuery(since=date(2024, 5, 6), until=date(2024, 5, 9))


def _write(store, kind, fmt, path):
    formats.write(export_table(store, kind, Q), fmt, path=path)
    return path.read_bytes()


def _csv_frame(path, columns) -> pd.DataFrame:
    """The CSV as strings (the reference every other format is compared with)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _as_csv_text(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """A typed frame rendered the way the CSV writes values."""
    out = {}
    for c in columns:
        col = frame[c.name]
        if c.type == "datetime":
            out[c.name] = [("" if pd.isna(v) else pd.Timestamp(v).tz_localize("UTC" if pd.Timestamp(v).tzinfo is None
                                                                              else None).strftime("%Y-%m-%dT%H:%M:%SZ"))
                           for v in col]
        elif c.type == "date":
            out[c.name] = ["" if pd.isna(v) else pd.Timestamp(v).date().isoformat() for v in col]
        elif c.type == "float":
            out[c.name] = ["" if pd.isna(v) else repr(float(v)) for v in col]
        elif c.type == "int":
            out[c.name] = ["" if pd.isna(v) else str(int(v)) for v in col]
        else:
            out[c.name] = ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in col]
    return pd.DataFrame(out, columns=[c.name for c in columns])


@pytest.mark.parametrize("kind", [*KINDS, "series"])
def test_formats_read_back_equal_to_csv(store, tmp_path, kind):
    columns = export_table(store, kind, Q).columns
    _write(store, kind, "csv", tmp_path / "x.csv")
    reference = _csv_frame(tmp_path / "x.csv", columns)
    assert list(reference.columns) == [c.name for c in columns] and len(reference) > 0

    _write(store, kind, "parquet", tmp_path / "x.parquet")
    arrow = pq.read_table(tmp_path / "x.parquet")
    assert [f.name for f in arrow.schema] == [c.name for c in columns]
    pd.testing.assert_frame_equal(_as_csv_text(arrow.to_pandas(), columns), reference)

    _write(store, kind, "json", tmp_path / "x.json")
    records = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    pd.testing.assert_frame_equal(_as_csv_text(pd.DataFrame(records, columns=[c.name for c in columns]), columns),
                                  reference)

    _write(store, kind, "xlsx", tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx", read_only=True).active
    values = list(sheet.values)
    assert list(values[0]) == [c.name for c in columns]
    pd.testing.assert_frame_equal(_as_csv_text(pd.DataFrame(values[1:], columns=values[0], dtype=object), columns),
                                  reference)


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_same_inputs_same_bytes(store, tmp_path, fmt):
    first = _write(store, "figures", fmt, tmp_path / f"a.{fmt}")
    second = _write(store, "figures", fmt, tmp_path / f"b.{fmt}")
    assert first == second and len(first) > 100


def test_csv_shape_and_iso_dates(store, tmp_path):
    _write(store, "quotes", "csv", tmp_path / "q.csv")
    lines = (tmp_path / "q.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("quote_id,article_id,published_utc,date_wib,outlet")
    assert lines[1].startswith("1,1,2024-05-06T02:00:00Z,2024-05-06,Kompas,")


def test_progress_and_stream(store):
    seen = []
    buf = io.BytesIO()
    n = formats.write(export_table(store, "mentions", Q), "csv", out=buf, progress=seen.append)
    assert n == sum(seen) == 72
    assert buf.getvalue().count(b"\n") == 73


def test_format_from_extension():
    from pathlib import Path

    assert formats.format_for(Path("a.parquet"), None) == "parquet"
    assert formats.format_for(Path("a.txt"), None) == "csv"
    assert formats.format_for(Path("a.csv"), "json") == "json"


def test_xlsx_refuses_more_rows_than_a_sheet_holds(tmp_path):
    from monitor.export.dictionary import columns
    from monitor.export.trends import Table

    too_many = Table("quotes", columns("quotes"), iter(()), total=formats.XLSX_MAX_ROWS + 1)
    with pytest.raises(ValueError, match="csv or parquet"):
        formats.write(too_many, "xlsx", path=tmp_path / "big.xlsx")
    assert not (tmp_path / "big.xlsx").exists() and not list(tmp_path.iterdir())


def test_csv_for_excel_has_a_bom_and_crlf_and_the_same_cells(store, tmp_path):
    plain = _write(store, "quotes", "csv", tmp_path / "q.csv")
    excel = _write(store, "quotes", "csv-excel", tmp_path / "q-excel.csv")
    assert excel.startswith(b"\xef\xbb\xbf") and not plain.startswith(b"\xef\xbb\xbf")
    assert excel[3:].count(b"\r\n") >= plain.count(b"\n")  # every record ends in CRLF
    columns = export_table(store, "quotes", Q).columns
    assert pd.read_csv(tmp_path / "q-excel.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig").equals(
        _csv_frame(tmp_path / "q.csv", columns))


@pytest.mark.parametrize("kind", [*KINDS, "series"])
def test_parquet_and_xlsx_keep_instants_and_dates_typed(store, tmp_path, kind):
    import pyarrow as pa

    columns = export_table(store, kind, Q).columns
    instants = [c.name for c in columns if c.type == "datetime"]
    days = [c.name for c in columns if c.type == "date"]
    assert instants or days
    _write(store, kind, "parquet", tmp_path / "x.parquet")
    schema = pq.read_schema(tmp_path / "x.parquet")
    for name in instants:
        assert schema.field(name).type == pa.timestamp("us", tz="UTC"), name
    for name in days:
        assert schema.field(name).type == pa.date32(), name
    _write(store, kind, "xlsx", tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2, max_row=3):
        for name in instants + days:
            cell = row[header.index(name)]
            if cell.value is None:
                continue
            assert cell.is_date, (name, cell.value)
            assert ("UTC" in cell.number_format) == (name in instants), (name, cell.number_format)
