"""Regenerate the settings table in README.md from monitor.settings (run after adding a setting)."""
from pathlib import Path

from monitor.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def table() -> str:
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, f in Settings.model_fields.items():
        d = f.default if f.default_factory is None else f.default_factory()
        if name == "models_dir":
            d = "models/ (in the checkout)"
        rows.append(f"| `MONITOR_{name.upper()}` | `{'' if d is None else d}` | {f.description} |")
    return "\n".join(rows)


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    head, rest = text.split("<!-- settings-table -->\n", 1)
    _, tail = rest.split("\n<!-- /settings-table -->", 1)
    README.write_text(head + "<!-- settings-table -->\n" + table() + "\n<!-- /settings-table -->" + tail, encoding="utf-8")
