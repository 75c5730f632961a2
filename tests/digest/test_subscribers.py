"""The subscribers file: defaults, YAML quirks, and errors that name the file, line and field."""
from __future__ import annotations

from datetime import time

import pytest

from monitor.digest.subscribers import TOPICS, load_subscribers
from monitor.errors import ConfigError


def _write(tmp_path, text: str):  # noqa: ANN001, ANN202
    path = tmp_path / "subscribers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_and_options(tmp_path):
    subs = load_subscribers(_write(tmp_path, """\
subscribers:
  - email: Analis@Contoh.co.id
  - email: redaksi@contoh.id
    name: Redaksi Ekonomi
    topics: [financial_inclusion]
    outlets: [Kompas, Antara]
    speakers: [Teten Masduki]
    organisations: [OJK]
    language: en
    send_time: 07:30
    timezone: Asia/Makassar
    send_empty: false
"""))
    first, second = subs
    assert first.key == "analis@contoh.co.id" and first.topics == TOPICS and first.language == "id"
    assert first.send_time == time(6, 0) and first.timezone == "Asia/Jakarta" and first.send_empty
    assert second.topics == ("financial_inclusion",) and second.outlets == ("Kompas", "Antara")
    assert second.send_time == time(7, 30)  # unquoted 07:30 (YAML 1.1 sexagesimal) still means half past seven
    assert second.timezone == "Asia/Makassar" and not second.send_empty and second.language == "en"


def test_a_bare_list_and_an_empty_file(tmp_path):
    assert [s.email for s in load_subscribers(_write(tmp_path, "- email: a@contoh.id\n"))] == ["a@contoh.id"]
    assert load_subscribers(_write(tmp_path, "subscribers:\n")) == []


@pytest.mark.parametrize("text, expected", [
    ("subscribers:\n  - email: a@contoh.id\n  - email: bukan-alamat\n", r"subscribers\.yaml:3: email: .*not an e-mail address"),
    ("subscribers:\n  - email: a@contoh.id\n    topics: [umkm, financial_inclusion]\n", r":2: topics: .*unknown topic"),
    ("subscribers:\n  - email: a@contoh.id\n    timezone: Asia/Bandung\n", r":2: timezone: .*unknown time zone"),
    ("subscribers:\n  - email: a@contoh.id\n    langauge: en\n", r":2: langauge: Extra inputs"),
    ("subscribers:\n  - email: a@contoh.id\n  - email: A@contoh.id\n", r":3: email: .*listed twice"),
    ("subscribers:\n  - email: a@contoh.id\n    send_time: pagi\n", r":2: send_time"),
    ("subscriber:\n  - email: a@contoh.id\n", r"unknown top-level key"),
    ("subscribers:\n  - email: [a\n", r"subscribers\.yaml:\d+: not valid YAML"),
])
def test_errors_point_at_line_and_field(tmp_path, text, expected):
    with pytest.raises(ConfigError, match=expected):
        load_subscribers(_write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_subscribers(tmp_path / "nope.yaml")


def test_the_shipped_example_loads():
    from pathlib import Path

    import monitor.digest

    subs = load_subscribers(Path(monitor.digest.__file__).parent / "subscribers.example.yaml")
    assert [s.language for s in subs] == ["id", "en"] and subs[1].organisations == ("OJK", "Bank Indonesia")
