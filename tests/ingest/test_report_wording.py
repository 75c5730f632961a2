"""The operator's pass summary counts in English: one of a thing is singular."""
from __future__ import annotations

from collections import Counter

from monitor.jobs import commands
from monitor.jobs.run import RunReport


def _printed(report: RunReport, capsys) -> str:
    commands._print_report(report)
    return " ".join(capsys.readouterr().err.split())


def test_one_of_each_is_singular(capsys):
    out = _printed(RunReport(feeds_polled=1, new_entries=1, articles_stored=1, duplicates=Counter({"url": 1}),
                             analysed=1), capsys)
    assert "polled 1 feed (0 unchanged)" in out and "1 new entry," in out
    assert "1 article stored" in out and "1 duplicate linked (url 1)" in out
    assert "articles" not in out and "entries" not in out and "feeds" not in out


def test_several_and_none_are_plural(capsys):
    out = _printed(RunReport(feeds_polled=3, new_entries=0, articles_stored=2), capsys)
    assert "polled 3 feeds" in out and "0 new entries" in out and "2 articles stored" in out
    assert "0 duplicates linked" in out
