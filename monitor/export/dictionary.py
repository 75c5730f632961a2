"""Data dictionaries: the columns of every export, in order, with type and meaning.

One source for `monitor export --describe`, docs/exports.md and the writers'
column types, so the documentation cannot drift from the files.
"""
from __future__ import annotations

from dataclasses import dataclass

from monitor.types import ASSESSMENTS, STANCES  # noqa: F401  (the columns follow the record types)

KINDS = ("mentions", "entities", "speakers", "figures", "quotes")
TYPES = ("int", "float", "str", "bool", "date", "datetime")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES; date = ISO local date (WIB), datetime = ISO UTC
    description: str


_PERIOD = [
    Column("period_start", "date", "First day of the period (local date in WIB, Asia/Jakarta); weeks start on Monday."),
    Column("period_end", "date", "Last day of the period (WIB), inclusive."),
    Column("period_start_utc", "datetime", "The instant the period starts (00:00 WIB), in UTC."),
]
_DATED = [
    Column("published_utc", "datetime", "When the article was published (the fetch time when the page gave no date), UTC."),
    Column("date_wib", "date", "The same instant as a local date in WIB (Asia/Jakarta)."),
]

MENTIONS = _PERIOD + [
    Column("topic", "str", "Topic id (umkm_partnership, financial_inclusion, …)."),
    Column("stance", "str", "pro, contra or neutral: position toward advancing the topic."),
    Column("assessment", "str", "positive, negative or neutral: how the current state of the topic is judged."),
    Column("articles", "int", "Articles whose article-level label is this topic/stance/assessment."),
    Column("quotes", "int", "Quotes whose own (quote-level) label is this topic/stance/assessment."),
    Column("outlets", "int", "Distinct outlets carrying the counted articles, syndicated copies included."),
    Column("speakers", "int", "Distinct speakers of the counted quotes (speaker records: a short name or a merged "
                              "name counts with its speaker)."),
]

ENTITIES = _PERIOD + [
    Column("entity", "str", "Canonical name: the acronym's expansion when known, else the fullest form in the article."),
    Column("label", "str", "PER, ORG or LOC."),
    Column("mentions", "int", "Mentions in the period's articles (short forms and acronyms included)."),
    Column("articles", "int", "Articles mentioning the entity."),
    Column("quotes", "int", "Quotes with the entity as speaker, by speaker record: every quote of the speaker the "
                            "entity's name belongs to, whatever name it was printed under (merges and splits applied; "
                            "`monitor speakers`), so two names of one person show the same counts."),
    Column("quotes_pro", "int", "Of those, quotes labelled pro for some topic."),
    Column("quotes_contra", "int", "Quotes labelled contra for some topic."),
    Column("quotes_neutral", "int", "Quotes labelled neutral for some topic."),
]

SPEAKERS = [
    Column("speaker", "str", "The speaker record's canonical name (every printed name of one speaker counts "
                             "together, merges and splits applied; `monitor speakers`)."),
    Column("role", "str", "Most frequent role printed with the speaker (Menteri Koperasi dan UKM, Direktur Utama, …)."),
    Column("organisation", "str", "Most frequent organisation the speaker speaks for."),
    Column("quotes", "int", "Quotes attributed to the speaker."),
    Column("articles", "int", "Articles quoting the speaker."),
    Column("outlets", "int", "Distinct outlets of those articles (first-seen copy)."),
    Column("first_seen_utc", "datetime", "Date of the earliest article quoting the speaker, UTC."),
    Column("first_seen_wib", "date", "The same as a WIB date."),
    Column("last_seen_utc", "datetime", "Date of the latest article quoting the speaker, UTC."),
    Column("last_seen_wib", "date", "The same as a WIB date."),
]
SPEAKER_TOPIC_PATTERN = Column("quotes_<topic>_<stance>", "int",
                               "Quotes labelled with that topic and stance; one column per topic present × pro/contra/neutral.")

FIGURES = [
    Column("figure_id", "int", "Row id of the figure in the store."),
    Column("article_id", "int", "Row id of the article."),
    *_DATED,
    Column("measure_group", "str", "What the number measures, grouped across phrasings (see measure groups); empty without a subject."),
    Column("value", "float", "The number in its unit (61,9 persen → 61.9; Rp4,9 triliun → 4900000000000)."),
    Column("unit", "str", "percent, IDR, USD, count or other."),
    Column("unit_word", "str", "The printed unit (unit usaha, ton, …)."),
    Column("qualifier", "str", "sekitar, lebih dari, hampir, … as printed."),
    Column("text", "str", "The printed span (\"61,9 persen\")."),
    Column("subject", "str", "The article's phrase for what the number measures."),
    Column("speaker", "str", "Who claimed it, when the figure sits in a quote."),
    Column("outlet", "str", "Outlet of the article (first-seen copy)."),
    Column("article_url", "str", "URL of the article."),
    Column("previous_value", "float", "The group's previous claim (same unit) in time order: how the number moves."),
    Column("group_claims", "int", "Claims in this measure group and unit within the export."),
    Column("group_values", "int", "Distinct values claimed in the group; above 1 means sources disagree or the number moved."),
    Column("group_min", "float", "Smallest value claimed in the group."),
    Column("group_max", "float", "Largest value claimed in the group."),
]

QUOTES = [
    Column("quote_id", "int", "Row id of the quote in the store."),
    Column("article_id", "int", "Row id of the article."),
    *_DATED,
    Column("outlet", "str", "Outlet of the article (first-seen copy)."),
    Column("article_url", "str", "URL of the article."),
    Column("article_title", "str", "Title of the article."),
    Column("speaker", "str", "Speaker's fullest name."),
    Column("speaker_role", "str", "Role printed with the speaker."),
    Column("speaker_org", "str", "Organisation the speaker speaks for."),
    Column("kind", "str", "direct (inside quotation marks) or indirect (reported speech)."),
    Column("cue", "str", "Reporting word as printed, lower-case (kata, ujar, menurut, …)."),
    Column("text", "str", "The quoted or reported words."),
    Column("start", "int", "Character offset of the quote in the article text."),
    Column("end", "int", "End offset (exclusive)."),
    Column("topics", "str", "Topic labels as topic:stance/assessment, separated by \"; \"."),
    Column("topics_json", "str", "The same labels with scores and evidence, as JSON."),
    Column("model_version", "str", "Version of the NLP pipeline that produced the row."),
    Column("speaker_canonical", "str", "The speaker record's canonical name (short names and merges joined; "
                                       "`monitor speakers`): the column to group quotes by speaker."),
]

SERIES = [
    Column("measure_group", "str", "The measure group (see figures)."),
    Column("unit", "str", "Unit of the claims."),
    Column("claims", "int", "Claims in the group."),
    Column("values", "int", "Distinct values claimed; above 1 means the number moved or sources disagree."),
    Column("outlets", "int", "Distinct outlets making the claims."),
    Column("min", "float", "Smallest value claimed."),
    Column("max", "float", "Largest value claimed."),
    Column("first_value", "float", "The earliest claim."),
    Column("last_value", "float", "The latest claim."),
    Column("first_date_wib", "date", "Date of the earliest claim (WIB)."),
    Column("last_date_wib", "date", "Date of the latest claim (WIB)."),
    Column("series", "str", "The claims in time order, as value (outlet, WIB date) joined by \" → \"; "
                            "at most the latest 50."),
]

COLUMNS: dict[str, list[Column]] = {"mentions": MENTIONS, "entities": ENTITIES, "speakers": SPEAKERS,
                                     "figures": FIGURES, "quotes": QUOTES, "series": SERIES}

SUMMARIES = {
    "mentions": "Per period × topic × stance × assessment. Every period of the range appears for every "
                "topic and label, with zeros where nothing was published.",
    "entities": "Per period × entity. Every period of the range appears for every entity of the export, zero-filled.",
    "speakers": "One row per speaker over the whole range.",
    "figures": "Every claimed figure, in time order, with its measure group and how the group's claims spread.",
    "quotes": "Every quote with all its attributes, in time order.",
    "series": "`monitor export figures --series`: one row per measure group and unit, how its claimed number "
              "moved over time and where sources disagree (\"61,9 (Kompas, 2024-05-06) → 60,34 (Detik Finance, "
              "2024-05-07) → …\").",
}


def columns(kind: str, topics: list[str] | None = None) -> list[Column]:
    """Columns of an export; `speakers` gains one column per topic × stance."""
    cols = list(COLUMNS[kind])
    if kind == "speakers":
        cols += [Column(f"quotes_{t}_{s}", "int", f"Quotes labelled {t}, stance {s}.")
                 for t in sorted(topics or []) for s in STANCES]
    return cols


def describe(kind: str) -> str:
    """Plain-text dictionary of one export (for `monitor export --describe`)."""
    cols = list(COLUMNS[kind]) + ([SPEAKER_TOPIC_PATTERN] if kind == "speakers" else [])
    width = max(len(c.name) for c in cols)
    lines = [f"{kind}: {SUMMARIES[kind]}", ""]
    lines += [f"  {c.name:<{width}}  {c.type:<8}  {c.description}" for c in cols]
    return "\n".join(lines)


def markdown() -> str:
    """The data dictionary section of the documentation (docs/exports.md is this text)."""
    out = [_DOC_HEAD]
    for kind in (*KINDS, "series"):
        title = "figures --series" if kind == "series" else kind
        out.append(f"\n### `{title}`\n\n{SUMMARIES[kind]}\n\n| column | type | meaning |\n|---|---|---|")
        cols = list(COLUMNS[kind]) + ([SPEAKER_TOPIC_PATTERN] if kind == "speakers" else [])
        out += [f"| `{c.name}` | {c.type} | {c.description.replace('|', '/')} |" for c in cols]
    out.append(_DOC_TAIL)
    return "\n".join(out) + "\n"


_DOC_HEAD = """# Exports and charts

Analysts take monitor's data into Excel, pandas, R or Power BI with `monitor export`, and into
reports with `monitor chart`.

```
monitor export KIND [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--by day|week|month]
                    [--topic T] [--outlet O] [--format csv|parquet|xlsx|json|csv-excel] [-o PATH]
monitor export figures --series [--groups FILE] [--threshold 85] …
monitor export --describe KIND
monitor chart KIND [--topic T] [--group G] [--since D] [--until D] [--by day|week|month] [--lang id|en] -o FILE.png|svg
```

KIND is one of `mentions`, `entities`, `speakers`, `figures`, `quotes`. Without `-o` the table goes to
standard output (csv, csv-excel and json only).

Conventions, for every export:

- `--since` and `--until` are local dates in WIB (Asia/Jakarta), both inclusive; an article's date is
  its publication time (the fetch time when the page printed none). Periods are WIB calendar days,
  ISO weeks starting on Monday, or calendar months.
- Dates are ISO 8601: `*_utc` columns are instants in UTC (`2024-05-06T03:00:00Z`), `*_wib` and
  `period_*` columns are local dates in WIB (`2024-05-06`). Parquet stores them typed, as
  `timestamp[us, tz=UTC]` and `date32`; XLSX as date-time cells in UTC whose number format says so
  (`2024-05-06 03:00:00 UTC`; a cell holds no time zone) and date cells; CSV and JSON as the ISO strings.
- Periods with no data appear as rows of zeros, not gaps.
- The same store and options give the same bytes (rows are sorted, files carry no timestamps).
- `--topic` keeps articles that touch the topic (article- or quote-level label); `--outlet` keeps
  articles carried by that outlet (source id or name), syndicated copies included.
- Large exports stream in chunks with a progress bar; memory stays bounded.
- CSV is UTF-8 with a header row, comma-separated, empty cells for missing values. `csv-excel` is the
  same CSV with a UTF-8 byte-order mark and CRLF line ends, so Excel opens it without mojibake (where
  Excel's list separator is `;`, import it with Data → From Text/CSV, or export xlsx). JSON is an array of
  objects. XLSX holds at most 1,048,575 rows per sheet (larger exports are refused: use csv or parquet).

## Measure groups

Figures about the same thing are grouped even when phrased differently ("sumbangan UMKM pada PDB",
"kontribusi UMKM terhadap produk domestik bruto"). Each subject is normalised: lower-cased, acronyms
expanded (PDB → produk domestik bruto, UMKM → usaha mikro kecil dan menengah), words reduced to their
stem (Sastrawi), synonyms mapped (sumbangan → kontribusi), function words dropped. Normalised subjects
with the same unit share a group, named after its most frequent printed subject, when their rapidfuzz
`token_sort_ratio` reaches the threshold (85 by default) or the words of one (three or more) all stand
in the other and make up most of it (a subject that dragged in words of its sentence, "… Yulius
mengatakan kontribusi UMKM terhadap PDB saat"); numbers other than years must match ("klaster 3" and
"klaster 4" stay apart), and so must words naming the kind of quantity ("target" and "realisasi", a
ratio and a growth rate are different measures). Years do not split a group, so a measure's claims
over the years form one series. `--threshold` overrides the threshold. The daily digest groups figures
with the same grouper (`MeasureGrouper.same` is the one decision), and flags a disagreement only
between different values of one measure for the same period (the years its subject names) from
different outlets, never between the two ends of a range or the before and after of a change. The acronyms, synonyms and function words live in
`monitor/export/data/lexicon.yaml`. Groups can be pinned or renamed in a YAML file
(`--groups FILE`; the packaged default is `monitor/export/data/measure_groups.yaml`):

```yaml
threshold: 85            # optional
groups:                  # pinned groups: these phrasings (and fuzzy matches) get this name
  - name: kontribusi UMKM terhadap PDB
    unit: percent        # optional
    subjects: [kontribusi UMKM terhadap PDB, sumbangan UMKM pada PDB]
rename:                  # rename an automatic group (its printed name → the name you want)
  jumlah umkm: jumlah UMKM
```

## Charts

`monitor chart volume` (topic volume by stance over time, stacked), `assessment` (assessment balance
per period), `speakers` (top speakers by quotes, by stance), `figure` (a measure group's claimed values
over time, labelled with their outlets). Titles, axes and legends are in Indonesian; `--lang en` gives
English. Files are 1280×720 (a 16:9 slide). The web app serves the same charts at `/charts/{kind}.png`
and `/charts/{kind}.svg` with the query parameters `topic`, `group`, `since`, `until`, `by`, `outlet`,
`lang`, `top`. The digest embeds `monitor.export.charts.topic_trend_png(engine, topic, until_date)`, a
small PNG of a topic's daily volume by stance over the last 14 days.

## Data dictionary
"""

_DOC_TAIL = """
`monitor export --describe KIND` prints the same table in the terminal."""
