"""`monitor extract` on pages shaped like each outlet's layout (tests/extract/pages, text invented):
title, time to the second, authors, kind and the first and last paragraph of the body."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from monitor.cli import app

HERE = Path(__file__).parent
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
runner = CliRunner()


def extract(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["extract", *args, "--json"])
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip().startswith("{") else {}


def utc(value: str) -> str:
    from datetime import datetime, timezone

    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc).isoformat()


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_outlet_page(page):
    exp = EXPECTED[page]
    code, out = extract(str(HERE / "pages" / page), "--url", exp["url"])
    assert code == 0, out
    assert out["title"] == exp["title"]
    assert utc(out["published"]) == utc(exp["published"])
    assert out["published"].endswith(("+07:00", "+08:00", "+09:00"))  # shown in the outlet's local time
    if "source" in exp:
        assert out["published_source"] == exp["source"]
    assert out["authors"] == exp["authors"]
    if "editor" in exp:
        assert out["editor"] == exp["editor"]
    assert out["kind"] == exp.get("kind", "article")
    assert out["language"] == "id"
    paras = out["text"].split("\n\n")
    assert paras[0].startswith(exp["first"]), paras[0]
    assert paras[-1].endswith(exp["last"]), paras[-1]
    for must in exp.get("keep", []):
        assert must in out["text"]
    for junk in ("Baca juga", "Baca Juga", "Bagikan", "Copyright", "COPYRIGHT", "Berita Terkait", "BERITA LAINNYA",
                 "Pewarta:", "Editor:", "Gambas"):
        assert junk not in out["text"], junk
