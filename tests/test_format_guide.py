""""Writing scorecards and actuals" (site_src/guide/format.md) lists every key the build accepts.

Each key table of the page (a table whose first heading starts with "Key")
is compared with the keys the loader reads, so a key added to the format
cannot be left out of the page, and the page cannot promise a key the
build refuses.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_scorecards.load.definitions import KPI_KEYS, OBJECTIVE_KEYS, PERSPECTIVE_KEYS, SCORECARD_KEYS
from mkdocs_scorecards.load.kpi_keys import MEASURE_KEYS

PAGE = Path(__file__).resolve().parents[1] / "site_src" / "guide" / "format.md"


def key_tables(text: str) -> list[tuple[str, set[str]]]:
    """(the section heading above, the backticked keys of the first column) of every key table."""
    found, heading = [], ""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("| Key") and number + 1 < len(lines) and lines[number + 1].startswith("|---"):
            keys: set[str] = set()
            for row in lines[number + 2:]:
                if not row.startswith("|"):
                    break
                keys |= set(re.findall(r"`([a-z_]+)`", row.split("|")[1]))
            found.append((f"{heading}: {line.split('|')[1].strip()}", keys))
    return found


def test_every_key_table_lists_the_keys_the_build_reads():
    tables = dict(key_tables(PAGE.read_text(encoding="utf-8")))
    expected = {
        "A scorecard file: Key": SCORECARD_KEYS,
        "Perspectives and themes: Key of a perspective": PERSPECTIVE_KEYS,
        "Objectives: Key": OBJECTIVE_KEYS,
        "KPIs: Key": KPI_KEYS,
        "Measures and calculated KPIs: Key of a measure": MEASURE_KEYS,
    }
    assert set(tables) == set(expected)
    for name, keys in expected.items():
        assert tables[name] == set(keys), f"{name}: the page lists {sorted(tables[name] ^ set(keys))} differently"


def test_the_page_never_recommends_averaging_a_rate():
    text = PAGE.read_text(encoding="utf-8")
    (mean_row,) = [line for line in text.splitlines() if line.startswith("| `mean` |")]
    assert "rate" not in mean_row.lower()
    assert "Never average a rate" in text and "rates-and-running-totals.md" in text


def test_the_options_table_lists_every_option_with_its_default():
    from mkdocs_scorecards.options import OPTION_NAMES, Options

    text = PAGE.read_text(encoding="utf-8")
    table = text.split("## The plugin's options", 1)[1].split("\n## ", 1)[0]
    rows = {match[0]: match[1] for match in re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \|", table, re.M)}
    assert set(rows) == set(OPTION_NAMES)
    for name, shown in rows.items():
        default = getattr(Options(), name)
        if name == "as_of":
            assert shown.strip() == "`latest`"
        elif default in ((), None):
            assert shown.strip() == "none"
        else:
            assert shown.strip() == f"`{str(default).lower() if isinstance(default, bool) else default}`", name
