"""Writers for CSV, Parquet, XLSX and JSON: streamed in chunks, byte-stable.

Each writer takes a trends.Table (columns + row stream) and never holds more
than one chunk; files carry no timestamps, so the same store and options give
the same bytes (XLSX zips are rewritten with fixed dates to get there).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime, timezone
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from monitor.export.dictionary import Column
from monitor.export.trends import Table

FORMATS = ("csv", "parquet", "xlsx", "json", "csv-excel")
BOM = "\ufeff".encode("utf-8")  # Excel reads a CSV as UTF-8 only when it starts with this
XLSX_INSTANT = 'yyyy-mm-dd hh:mm:ss "UTC"'  # XLSX cells hold no time zone: the format says which
XLSX_MAX_ROWS = 1_048_575  # one sheet, below the header
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = "2000-01-01T00:00:00Z"

Progress = Callable[[int], None]


def _chunks(rows, size: int) -> Iterator[list[tuple]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def iso_utc(ts: datetime) -> str:
    return ts.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value) -> str:
    """A value as CSV text: ISO dates, shortest round-trip floats, empty for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _json_value(value):
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _converters(columns: list[Column]) -> list[int]:
    """Only date, datetime and bool cells need converting: csv writes str, int, repr(float) and None as ''."""
    return [i for i, c in enumerate(columns) if c.type in ("date", "datetime", "bool")]


def write_csv(table: Table, out: BinaryIO, progress: Progress | None = None, chunk: int = 10_000,
              excel: bool = False) -> int:
    """UTF-8 CSV; each chunk is formatted in memory and written (and encoded) once.

    excel: a byte-order mark and CRLF line ends, so Excel opens it as UTF-8 (no mojibake in "Rp", "–", names).
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if excel else "\n")
    if excel:
        out.write(BOM)
    writer.writerow([c.name for c in table.columns])
    convert = _converters(table.columns)
    memo = {i: (None, "") for i in convert}  # rows of one article share date objects: format each once
    n = 0
    for rows in _chunks(table.rows, chunk):
        if convert:
            rows = [list(row) for row in rows]
            for row in rows:
                for i in convert:
                    value = row[i]
                    last, text = memo[i]
                    if value is not last:
                        text = _text(value)
                        memo[i] = (value, text)
                    row[i] = text
        writer.writerows(rows)
        out.write(buf.getvalue().encode("utf-8"))
        buf.seek(0)
        buf.truncate()
        n += len(rows)
        if progress:
            progress(len(rows))
    out.write(buf.getvalue().encode("utf-8"))
    return n


def write_json(table: Table, out: BinaryIO, progress: Progress | None = None, chunk: int = 10_000) -> int:
    """A JSON array of objects, one object per line."""
    names = [c.name for c in table.columns]
    out.write(b"[")
    n = 0
    for rows in _chunks(table.rows, chunk):
        lines = (("\n" if n == 0 and i == 0 else ",\n")
                 + json.dumps(dict(zip(names, map(_json_value, row))), ensure_ascii=False)
                 for i, row in enumerate(rows))
        out.write("".join(lines).encode("utf-8"))
        n += len(rows)
        if progress:
            progress(len(rows))
    out.write(b"\n]\n")
    return n


def arrow_schema(columns: list[Column]):
    import pyarrow as pa

    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_(),
             "date": pa.date32(), "datetime": pa.timestamp("us", tz="UTC")}
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns])


def write_parquet(table: Table, out: BinaryIO, progress: Progress | None = None, chunk: int = 50_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table.columns)
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for rows in _chunks(table.rows, chunk):
            arrays = [pa.array(list(col), type=f.type) for col, f in zip(zip(*rows), schema)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(rows)
            if progress:
                progress(len(rows))
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def write_csv_excel(table: Table, out: BinaryIO, progress: Progress | None = None) -> int:
    return write_csv(table, out, progress, excel=True)


def _xlsx_value(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _xlsx_cells(ws, columns: list[Column]):  # noqa: ANN001, ANN202
    """Row → cells: instants as date-time cells whose format names UTC, local dates as date cells."""
    from openpyxl.cell import WriteOnlyCell

    kinds = [c.type for c in columns]
    if not any(k in ("datetime", "date") for k in kinds):
        return lambda row: [_xlsx_value(v) for v in row]

    def cells(row):  # noqa: ANN001, ANN202
        out = []
        for kind, value in zip(kinds, row):
            if value is not None and kind in ("datetime", "date"):
                cell = WriteOnlyCell(ws, value=_xlsx_value(value))
                cell.number_format = XLSX_INSTANT if kind == "datetime" else "yyyy-mm-dd"
                out.append(cell)
            else:
                out.append(value)
        return out
    return cells


def write_xlsx(table: Table, out: BinaryIO, progress: Progress | None = None, chunk: int = 10_000) -> int:
    from openpyxl import Workbook

    if table.total is not None and table.total > XLSX_MAX_ROWS:
        raise ValueError(f"{table.total} rows do not fit one XLSX sheet ({XLSX_MAX_ROWS} at most); use csv or parquet")
    wb = Workbook(write_only=True)
    wb.properties.creator = "monitor"
    ws = wb.create_sheet(table.kind)
    ws.append([c.name for c in table.columns])
    cells = _xlsx_cells(ws, table.columns)
    n = 0
    for rows in _chunks(table.rows, chunk):
        if n + len(rows) > XLSX_MAX_ROWS:
            raise ValueError(f"more than {XLSX_MAX_ROWS} rows do not fit one XLSX sheet; use csv or parquet")
        for row in rows:
            ws.append(cells(row))
        n += len(rows)
        if progress:
            progress(len(rows))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        wb.save(path)
        _stable_zip(path, out)
    return n


def _stable_zip(path: Path, out: BinaryIO) -> None:
    """Copy a zip with fixed member dates and document times, so equal data gives equal bytes."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + _FIXED_DOC_TIME.encode(), data)
            member = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, data)


WRITERS = {"csv": write_csv, "parquet": write_parquet, "xlsx": write_xlsx, "json": write_json,
           "csv-excel": write_csv_excel}


def write(table: Table, fmt: str, path: Path | None = None, out: BinaryIO | None = None,
          progress: Progress | None = None) -> int:
    """Write a table to `path` (atomically: a temporary file renamed into place) or to `out`."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if path is None:
        if out is None:
            raise ValueError("give a path or a binary stream")
        return WRITERS[fmt](table, out, progress)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        try:
            n = WRITERS[fmt](table, tmp.file, progress)
        except BaseException:
            Path(tmp.name).unlink(missing_ok=True)
            raise
    os.chmod(tmp.name, 0o644)
    shutil.move(tmp.name, path)
    return n


def format_for(path: Path | None, fmt: str | None) -> str:
    """--format wins; else the file's extension; else csv."""
    if fmt:
        return fmt
    if path is not None and path.suffix.lstrip(".").lower() in FORMATS:
        return path.suffix.lstrip(".").lower()
    return "csv"
