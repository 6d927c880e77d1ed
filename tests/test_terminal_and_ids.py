"""Text from inputs cannot steer a terminal, and an id cannot smuggle a newline into a path."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import REPO
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.load import load_project


def _copy(tmp_path):
    for name in ("scorecards", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


def test_control_characters_in_messages_are_shown_not_obeyed(tmp_path):
    root = _copy(tmp_path)
    with open(root / "data" / "enterprise.csv", "a", encoding="utf-8") as csv:
        csv.write("nr\x1b[2Jr,2026-09,1,,\n")
    done = subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", "validate", str(root)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "\x1b" not in done.stdout + done.stderr
    assert "unknown KPI or measure 'nr\\x1b[2Jr'" in done.stdout


def test_an_id_with_a_trailing_newline_is_not_a_slug(tmp_path):
    root = _copy(tmp_path)
    definition = root / "scorecards" / "enterprise.yml"
    text = definition.read_text()
    definition.write_text(text.replace("  - id: enable-partners\n", '  - id: "enable-partners\\n"\n', 1))
    try:
        load_project(root)
    except InputError as error:
        messages = [str(p) for p in error.problems]
    else:
        raise AssertionError("a newline in an id was accepted")
    assert any("is not a valid id" in m and m.startswith("scorecards/enterprise.yml:") for m in messages), messages
