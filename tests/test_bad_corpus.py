"""A corpus of bad inputs, each with the exact messages it must produce (FORMAT section 9).

Every case is a small project: the base project in tests/bad_inputs/_base/
with the case's own files laid over it. A case is either a folder
tests/bad_inputs/<case>/ holding the files that differ from the base (and
`deleted.txt`, paths of base files to remove, if any) plus `expected.txt`,
or, for inputs that are binary, hostile or large, a generator below that
writes its files into the copy. Either way the loader must raise InputError
whose messages, sorted by file and line, are exactly the expected lines.

To look at what a changed loader says, run with SCORECARDS_WRITE_EXPECTED=1:
the folder cases' expected.txt files are rewritten (then read the diff).
"""

from __future__ import annotations

import os
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
from mkdocs_scorecards.errors import BuildFailure, InputError
from mkdocs_scorecards.load import load_project
from mkdocs_scorecards.load.yamlnodes import MAX_YAML_BYTES

CORPUS = Path(__file__).parent / "bad_inputs"
BASE = CORPUS / "_base"
FOLDER_CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
CASE_FILES = ("expected.txt", "deleted.txt")

# The rows of the base project's CSV files that stay readable when enterprise.yml cannot be read.
ENTERPRISE_UNREADABLE = [
    f"data/actuals.csv:{line}: rows for KPI '{kpi}' (from this line on) were not read, because the KPI is not "
    "known; it may be defined in scorecards/enterprise.yml, which has errors to fix first"
    for line, kpi in ((2, "revenue"), (5, "nps"), (6, "days-to-value"))
] + [
    "data/finance/nrr.csv:1: this file has the columns of a KPI's own source file, but no KPI names it in "
    "`source:`; it may be the source of a KPI defined in scorecards/enterprise.yml, which has errors to fix "
    "first; otherwise add `source: finance/nrr.csv` to its KPI, or add a `kpi` column (long form)",
]
ENTERPRISE = "scorecards/enterprise.yml"
ACTUALS = "data/actuals.csv"
NUMBER_HINT = "write digits such as 101.5 (or 101,5 in a file separated by ';'), or leave it empty"


def base_text(path: str) -> str:
    return (BASE / path).read_text(encoding="utf-8")


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{previous}" for _ in range(9)) + "]")
    return base_text(ENTERPRISE) + "\n".join(lines) + "\n"


def too_large() -> str:
    return base_text(ENTERPRISE) + "description: |\n" + ("  " + "x" * 98 + "\n") * 50_000


def many_values() -> str:
    """Under the size limit, over the limit of values: one objective with a long list of drives."""
    return base_text(ENTERPRISE).replace("    drives: [grow-revenue]\n",
                                         "    drives: [" + ",".join(["x"] * 120_000) + "]\n")


def long_drives_chain() -> str:
    """3,000 objectives, each driving the next, and the last the first: a cycle no recursion can follow."""
    count = 3000
    objectives = "".join(f"  - id: o{n}\n    title: O{n}\n    perspective: internal\n    drives: [o{(n + 1) % count}]\n"
                         for n in range(count))
    return "title: Chain\nobjectives:\n" + objectives


def cp1252_csv() -> bytes:
    return base_text(ACTUALS).replace("revenue,2026-02,32,,", "revenue,2026-02,32,,Café").encode("cp1252") \
        .replace(b"nps,2026-Q1,42,,", b"nps,2026-Q1,4\x812,,")


def utf16_csv_with_error() -> bytes:
    text = base_text(ACTUALS).replace(",", "\t").replace("deals\t2026-02\t11", "deals\t2026-02\televen")
    return text.replace("\n", "\r\n").encode("utf-16")


# name -> (files to write over the base copy, exact expected messages)
GENERATED: dict[str, tuple[dict[str, bytes | str], list[str]]] = {
    "yaml-not-utf8": (
        {ENTERPRISE: base_text(ENTERPRISE).replace("owner: Board", "owner: Direção").encode("cp1252")},
        ["scorecards/enterprise.yml:2:12: the file is not UTF-8 text: byte 0xE7 cannot be read; it looks like "
         "Windows-1252 (ANSI); save the file with the encoding UTF-8", *ENTERPRISE_UNREADABLE]),
    "yaml-control-character": (
        {ENTERPRISE: base_text(ENTERPRISE).replace("owner: Board", "owner: Bo\x00ard")},
        ["scorecards/enterprise.yml:2:10: the file contains the control character U+0000; remove it (it cannot "
         "be typed; it usually comes from a copy and paste)", *ENTERPRISE_UNREADABLE]),
    "yaml-billion-laughs": (
        {ENTERPRISE: billion_laughs()},
        ["scorecards/enterprise.yml:53:8: the YAML alias *a is not allowed (the file uses 81 aliases); write the "
         "value out in full; anchors (&) and aliases (*) are not supported", *ENTERPRISE_UNREADABLE]),
    "yaml-recursive-alias": (
        {ENTERPRISE: base_text(ENTERPRISE).replace("    theme: retention\n", "    theme: &loop [*loop]\n")},
        ["scorecards/enterprise.yml:10:19: the YAML alias *loop is not allowed; write the value out in full; "
         "anchors (&) and aliases (*) are not supported", *ENTERPRISE_UNREADABLE]),
    "yaml-deep-flow-nesting": (
        {ENTERPRISE: base_text(ENTERPRISE) + "description: " + "[" * 10_000 + "]" * 10_000 + "\n"},
        ["scorecards/enterprise.yml:52:77: the YAML is nested more than 64 levels deep; a scorecard needs about "
         "7 levels; check the indentation and brackets", *ENTERPRISE_UNREADABLE]),
    "yaml-deep-block-nesting": (
        {ENTERPRISE: base_text(ENTERPRISE) + "description:\n"
         + "".join(" " * level + "-\n" for level in range(1, 3000))},
        ["scorecards/enterprise.yml:116:65: the YAML is nested more than 64 levels deep; a scorecard needs "
         "about 7 levels; check the indentation and brackets", *ENTERPRISE_UNREADABLE]),
    "yaml-too-large": (
        {ENTERPRISE: too_large()},
        [f"scorecards/enterprise.yml:1: the file is {len(too_large()):,} bytes, over the "
         f"limit of {MAX_YAML_BYTES:,} for a scorecard; split it into several scorecards (a parent and its "
         "departments)", *ENTERPRISE_UNREADABLE]),
    "yaml-too-many-values": (
        {ENTERPRISE: many_values()},
        ["scorecards/enterprise.yml:29:199874: the file holds more than 100,000 YAML values; split it into "
         "several scorecards; a scorecard this large cannot be read by people either", *ENTERPRISE_UNREADABLE]),
    "yaml-long-drives-cycle": (
        {"scorecards/chain.yml": long_drives_chain()},
        ["scorecards/chain.yml:6: the drives arrows form a cycle: "
         + " -> ".join([f"o{n}" for n in range(3000)] + ["o0"])
         + "; a strategy map runs from cause to effect; remove one of these arrows"]),
    "yaml-utf16-without-byte-order-mark": (
        {ENTERPRISE: base_text(ENTERPRISE).encode("utf-16-le")},
        ["scorecards/enterprise.yml:1: the file looks like UTF-16 text without a byte order mark; save it with "
         "the encoding UTF-8", *ENTERPRISE_UNREADABLE]),
    "csv-utf16-without-byte-order-mark": (
        {ACTUALS: base_text(ACTUALS).replace(",", "\t").encode("utf-16-le")},
        ["data/actuals.csv:1: the file looks like UTF-16 text without a byte order mark; save it again as CSV "
         "UTF-8, or as Unicode text (UTF-16 with a byte order mark)"]),
    "csv-nul-byte": (
        {ACTUALS: base_text(ACTUALS).replace("nps,2026-Q1,42", "nps,2026-Q1,4\x002").encode()},
        ["data/actuals.csv:5: the file contains a NUL byte; save it again as CSV UTF-8 (a NUL byte is never part "
         "of a CSV file)"]),
    "csv-not-windows-1252": (
        {ACTUALS: cp1252_csv()},
        ["data/actuals.csv:3: the file is neither UTF-8 nor Windows-1252 text; save it again as CSV UTF-8"]),
    "csv-bom-but-not-utf8": (
        {ACTUALS: b"\xef\xbb\xbf" + base_text(ACTUALS).replace("32,,", "32,,Caf\xe9").encode("cp1252")},
        ["data/actuals.csv:3: the file starts with a UTF-8 mark but is not UTF-8 text; save it again as CSV UTF-8"]),
    "csv-utf16-broken": (
        {ACTUALS: b"\xff\xfe" + "kpi,period,actual\n".encode("utf-16-le") + b"\x00\xd8"},
        ["data/actuals.csv:1: the file says it is UTF-16 but cannot be read as such; save it again as CSV UTF-8"]),
    "csv-utf16-tab-crlf-row-error": (
        {ACTUALS: utf16_csv_with_error()},
        [f"data/actuals.csv:8: actual 'eleven' is not a number; {NUMBER_HINT}"]),
    "csv-crlf-ragged-multiline-note": (
        {ACTUALS: base_text(ACTUALS).replace("revenue,2026-02,32,,", 'revenue,2026-02,32,,"restated\nafter audit"')
         .replace("nps,2026-Q1,42,,", "nps,2026-Q1,42").replace("\n", "\r\n").encode()},
        ["data/actuals.csv:6: this row has 3 fields but the header has 5; check for a missing or extra "
         "delimiter, or quote values that contain one"]),
    "csv-huge-field": (
        {ACTUALS: base_text(ACTUALS) + 'deals,2026-03,1,,"' + "x" * 200_000 + '"\n'},
        ["data/actuals.csv:9: a field is longer than 131,072 characters, so the rest of the file was not read; "
         "check for a quote that is never closed"]),
}


def make_project(tmp_path: Path, case: str = "") -> Path:
    """A copy of the base project with the case laid over it (just the base without a case)."""
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    if not case:
        return root
    if case in GENERATED:
        for path, content in GENERATED[case][0].items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="")
        return root
    folder = CORPUS / case
    for source in folder.rglob("*"):
        if source.is_file() and source.relative_to(folder).as_posix() not in CASE_FILES:
            target = root / source.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    deleted = folder / "deleted.txt"
    if deleted.exists():
        for relative in deleted.read_text(encoding="utf-8").split():
            target = root / relative
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    return root


def report_order(lines: list[str]) -> list[str]:
    """Lines in the order InputError sorts its problems: by file, line, column, then text."""
    def key(line: str):
        place, _, text = line.partition(": ")
        file, _, numbers = place.partition(":")
        line_number, _, column = numbers.partition(":")
        return file, int(line_number or 0), int(column or 0), text
    return sorted(lines, key=key)


def messages(root: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_project(root)
    return [str(problem) for problem in caught.value.problems]


def test_the_base_project_loads(tmp_path):
    project = load_project(BASE)
    assert project.actuals.rows.read == 10
    assert project.actuals.rows.placed == 10


def test_the_corpus_is_large_enough():
    assert len(FOLDER_CASES) + len(GENERATED) >= 60


@pytest.mark.parametrize("case", FOLDER_CASES)
def test_folder_case(case, tmp_path):
    expected_file = CORPUS / case / "expected.txt"
    found = messages(make_project(tmp_path, case))
    if os.environ.get("SCORECARDS_WRITE_EXPECTED"):
        expected_file.write_text("\n".join(found) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert found == expected


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_case(case, tmp_path):
    root = make_project(tmp_path, case)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        found = messages(root)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == report_order(GENERATED[case][1])
    # Hostile files are refused quickly and in bounded memory (well under the
    # hundreds of megabytes a billion laughs or a full parse would take).
    assert elapsed < 5, elapsed
    assert peak < 120_000_000, peak


def test_every_message_names_a_file_and_line_and_says_how_to_fix_it():
    for case in FOLDER_CASES:
        for line in (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines():
            place, _, rest = line.partition(": ")
            assert place.split(":")[1].isdigit(), line
            assert "; " in rest, line


def test_messages_are_sorted_by_file_and_line():
    for case in FOLDER_CASES:
        lines = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines == report_order(lines), case


def test_words_yaml_cannot_build_are_read_as_text(tmp_path):
    """`=` and `<<` are YAML 1.1 value and merge tags; PyYAML cannot build them, so they stay text."""
    root = make_project(tmp_path)
    (root / ENTERPRISE).write_text(base_text(ENTERPRISE).replace("owner: Board", "owner: =")
                                   .replace("    title: Grow revenue", "    title: <<"), encoding="utf-8")
    project = load_project(root)
    enterprise = project.scorecard("enterprise")
    assert enterprise.owner == "="
    assert enterprise.objectives[0].title == "<<"


def test_utf16_definitions_with_a_byte_order_mark_are_read(tmp_path):
    root = make_project(tmp_path)
    (root / ENTERPRISE).write_bytes(base_text(ENTERPRISE).encode("utf-16"))
    assert load_project(root).scorecard("enterprise").title == "Enterprise"


def test_hidden_and_lock_files_are_passed_over(tmp_path):
    root = make_project(tmp_path)
    (root / "data" / "~$actuals.csv").write_bytes(b"\x0bowner\x00")
    (root / "data" / ".backup.csv").write_text("garbage\n", encoding="utf-8")
    (root / "scorecards" / ".#enterprise.yml").write_text("garbage: [\n", encoding="utf-8")
    assert load_project(root).actuals.rows.read == 10


def test_a_file_the_system_refuses_to_read_is_a_build_failure_not_an_input_error(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    refused = root / "data" / "finance" / "nrr.csv"
    read_bytes = Path.read_bytes

    def guarded(path: Path) -> bytes:
        if path == refused:
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    with pytest.raises(BuildFailure) as caught:
        load_project(root)
    assert not isinstance(caught.value, InputError)
    assert str(caught.value) == ("data/finance/nrr.csv: the file cannot be read: Permission denied; check that it "
                                 "exists and that its permissions let you read it")


YAML_BUDGET_CASES = ("yaml-deep-flow-nesting", "yaml-deep-block-nesting", "yaml-billion-laughs", "yaml-too-many-values")


@pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])
@pytest.mark.parametrize("case", YAML_BUDGET_CASES)
def test_yaml_budget_gives_our_message_with_either_loader(case, loader, tmp_path, monkeypatch):
    """libyaml has a nesting limit of its own; whichever parser PyYAML was built with, ours fires first."""
    import yaml
    from mkdocs_scorecards.load import yamlnodes

    if not hasattr(yaml, loader):
        pytest.skip(f"this PyYAML was built without {loader}")
    monkeypatch.setattr(yamlnodes, "_LOADER", getattr(yaml, loader))
    assert messages(make_project(tmp_path, case)) == report_order(GENERATED[case][1])
