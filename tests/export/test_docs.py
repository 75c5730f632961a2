"""docs/exports.md is the data dictionary the code writes: they cannot drift apart."""
from pathlib import Path

from monitor.export import dictionary

DOC = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


def test_docs_match_the_dictionary():
    assert DOC.read_text(encoding="utf-8") == dictionary.markdown(), \
        "regenerate: python -c 'from monitor.export import dictionary; print(dictionary.markdown(), end=\"\")' > docs/exports.md"


def test_every_column_documented_with_a_known_type():
    for kind in dictionary.KINDS:
        for column in dictionary.COLUMNS[kind]:
            assert column.type in dictionary.TYPES and column.description
            assert f"`{column.name}`" in dictionary.markdown()
