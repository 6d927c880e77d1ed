"""The getting-started page works as written.

The test follows site_src/guide/getting-started.md like a new user: it writes
every file the page shows (each fenced block with a title) into an empty
folder, runs the page's commands there, and checks that the site it promises
is built. The commands are read from the page, so the page and this test
cannot drift apart: a command the test does not know fails the test.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path, PurePosixPath

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "site_src" / "guide" / "getting-started.md"

# A fenced block: its fence, info string and body, up to a closing fence of
# the same character and at least the same length.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[`~]*[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
TITLE = re.compile(r"""\btitle=(?:"([^"]*)"|'([^']*)')""")

# Installing the package is the one part of the page the test leaves out: the
# test environment already has mkdocs-scorecards installed (it is what is under
# test), so creating a virtual environment and running pip would only repeat
# that, slowly and with a network.
INSTALL_STEPS = (
    re.compile(r"^python3? -m venv \S+$"),
    re.compile(r"^(source|\.) \S*/activate$"),
    re.compile(r"^(python3? -m )?pip install \S.*$"),
)

# What the page's "What you will see" section says about the example. Keep
# these in step with the page's text.
AS_OF = "2026-Q3"
SCORECARD_STATUS, SCORECARD_SCORE = "amber", 6.41
KPI_STATUS = {"arr": "amber", "churn": "green", "nps": "green", "resolution-days": "green"}
OBJECTIVE_STATUS = {"grow-revenue": "amber", "keep-customers": "green", "fix-issues-fast": "green"}


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced block, in page order."""
    blocks = []
    for match in FENCE.finditer(text):
        indent = match["indent"]
        body = "".join(
            line[len(indent):] if line.startswith(indent) else line
            for line in match["body"].splitlines(keepends=True)
        )
        blocks.append((match["info"].strip(), body))
    return blocks


def files_to_write(blocks) -> dict[str, str]:
    """Title path -> content of every block whose info string has a title."""
    files: dict[str, str] = {}
    for info, body in blocks:
        found = TITLE.search(info)
        if not found:
            continue
        name = found[1] if found[1] is not None else found[2]
        path = PurePosixPath(name)
        assert not path.is_absolute() and ".." not in path.parts, f"title is not a path in the project: {name}"
        assert name not in files, f"the page shows {name} twice"
        files[name] = body
    return files


def commands(blocks) -> list[list[str]]:
    """Every command of the page's bash blocks, split into words."""
    found = []
    for info, body in blocks:
        if info.split()[:1] not in (["bash"], ["sh"], ["shell"], ["console"]):
            continue
        for line in body.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words:
                found.append(words)
    return found


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def scorecards_program() -> list[str]:
    """How to start the `scorecards` command with this interpreter."""
    targets = {ep.value for ep in entry_points(group="console_scripts") if ep.name == "scorecards"}
    assert len(targets) == 1, f"the scorecards command is not installed once: {targets}"
    module, _, function = targets.pop().partition(":")
    return [sys.executable, "-c",
            f"import sys; from {module} import {function} as main; sys.argv[0] = 'scorecards'; sys.exit(main())"]


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, env=child_env(), capture_output=True, text=True,
                          check=False, timeout=600)


def follow(words: list[str], folder: Path) -> str:
    """Carry out one command of the page in `folder`; return what was done."""
    line = shlex.join(words)
    if any(step.match(line) for step in INSTALL_STEPS):
        return "skipped (installed already)"
    if words[0] == "mkdir":
        for name in words[1:]:
            if name != "-p":
                (folder / name).mkdir(parents=True, exist_ok=True)
        return "made folders"
    if words[:2] == ["mkdocs", "serve"]:
        # Never run: `mkdocs serve` keeps serving until stopped, it does not return.
        return "skipped (does not return)"
    if words[0] == "mkdocs":
        argv = [sys.executable, "-m", "mkdocs", *words[1:]]
    elif words[0] == "scorecards":
        argv = [*scorecards_program(), *words[1:]]
    else:
        pytest.fail(f"the getting-started page runs a command this test does not know: {line}")
    result = run(argv, folder)
    assert result.returncode == 0, f"`{line}` failed:\n{result.stdout}{result.stderr}"
    return "ran"


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def followed(page, tmp_path_factory) -> tuple[Path, dict[str, str], list[tuple[list[str], str]]]:
    """An empty folder after everything the page says to write and run."""
    folder = tmp_path_factory.mktemp("getting-started")
    blocks = fenced_blocks(page)
    files = files_to_write(blocks)
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    done = [(words, follow(words, folder)) for words in commands(blocks)]
    return folder, files, done


@pytest.fixture(scope="module")
def definition(followed) -> tuple[str, dict]:
    """The id and content of the one scorecard the page writes."""
    _, files, _ = followed
    found = [name for name in files if re.fullmatch(r"scorecards/[^/]+\.ya?ml", name)]
    assert len(found) == 1, f"expected one scorecard file on the page, found {found}"
    return PurePosixPath(found[0]).stem, yaml.safe_load(files[found[0]])


def test_page_shows_every_file_of_a_site(followed):
    _, files, _ = followed
    assert "mkdocs.yml" in files
    assert "site_src/index.md" in files
    assert any(name.startswith("data/") and name.endswith(".csv") for name in files)


def test_page_installs_builds_and_serves(followed):
    _, _, done = followed
    lines = [shlex.join(words) for words, _ in done]
    assert any(what == "skipped (installed already)" for _, what in done), "the page shows no install step"
    assert "mkdocs build --strict" in lines
    assert "mkdocs serve" in lines
    assert lines.index("mkdocs build --strict") < lines.index("mkdocs serve")


def test_built_site_has_the_pages_the_page_promises(followed, definition):
    folder, _, _ = followed
    scorecard_id, content = definition
    site = folder / "site"
    expected = ["index.html", "scorecards/index.html", f"scorecards/{scorecard_id}/index.html",
                f"scorecards/{scorecard_id}/report/index.html",
                f"scorecards/{scorecard_id}/hypotheses/index.html",
                f"scorecards/{scorecard_id}/map.svg", f"scorecards/{scorecard_id}/scorecard.json"]
    expected += [f"scorecards/{scorecard_id}/{objective['id']}/index.html" for objective in content["objectives"]]
    missing = [name for name in expected if not (site / name).is_file()]
    assert not missing, f"the built site lacks {missing}"


def test_scorecard_json_holds_what_was_written(followed, definition, page):
    folder, _, _ = followed
    scorecard_id, content = definition
    data = json.loads((folder / "site" / "scorecards" / scorecard_id / "scorecard.json").read_text(encoding="utf-8"))
    assert data["id"] == scorecard_id
    assert data["as_of"] == AS_OF and f"**{AS_OF}**" in page
    written = {kpi["id"] for objective in content["objectives"] for kpi in objective["kpis"]}
    published = {kpi["id"] for objective in data["objectives"] for kpi in objective["kpis"]}
    assert published == written
    assert {objective["id"] for objective in data["objectives"]} == {o["id"] for o in content["objectives"]}


def test_scorecard_json_agrees_with_what_the_page_says(followed, definition):
    folder, _, _ = followed
    scorecard_id, _ = definition
    data = json.loads((folder / "site" / "scorecards" / scorecard_id / "scorecard.json").read_text(encoding="utf-8"))
    assert (data["status"], data["score"]) == (SCORECARD_STATUS, SCORECARD_SCORE)
    objectives = {objective["id"]: objective for objective in data["objectives"]}
    assert {key: o["status"] for key, o in objectives.items()} == OBJECTIVE_STATUS
    kpis = {kpi["id"]: kpi for objective in data["objectives"] for kpi in objective["kpis"]}
    assert {key: k["status"] for key, k in kpis.items()} == KPI_STATUS
    # Revenue grew but missed its raised target: the KPI improves, its objective declines.
    assert kpis["arr"]["target"] == 12 and kpis["arr"]["trend"] == "improving"
    assert objectives["grow-revenue"]["trend"] == "declining"
    assert kpis["resolution-days"]["score"] == 8
    (link,) = data["links"]
    assert link["from"].rsplit("/", 1)[-1] == "keep-customers"
    assert link["to"].rsplit("/", 1)[-1] == "grow-revenue"
    assert link["verdict"] == "insufficient-data"


def test_build_data_writes_the_same_scorecard(followed, definition):
    folder, _, done = followed
    scorecard_id, _ = definition
    build_data = [words for words, _ in done if words[:2] == ["scorecards", "build-data"]]
    if not build_data:
        pytest.skip("the page does not show scorecards build-data")
    out = folder / build_data[-1][build_data[-1].index("-o") + 1]
    written = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(out.rglob("*.json"))]
    assert any(isinstance(data, dict) and data.get("id") == scorecard_id and data.get("as_of") == AS_OF
               for data in written), f"no scorecard.json for {scorecard_id} under {out}"


def test_the_error_the_page_shows_is_the_one_the_build_gives(followed, definition, page, tmp_path):
    """Misspelling `drives` as the page describes gives exactly the messages it shows."""
    folder, files, _ = followed
    scorecard_id, _ = definition
    (shown,) = [body for info, body in fenced_blocks(page) if info == "text" and "did you mean" in body]
    wrong, right = re.search(r"drives an unknown objective '([^']+)'; did you mean '([^']+)'", shown).groups()
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken, ignore=shutil.ignore_patterns("site", "computed"))
    definition_file = broken / "scorecards" / f"{scorecard_id}.yml"
    text = definition_file.read_text(encoding="utf-8")
    assert f"drives: [{right}]" in text
    definition_file.write_text(text.replace(f"drives: [{right}]", f"drives: [{wrong}]"), encoding="utf-8")
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], broken)
    assert result.returncode != 0
    output = [line.strip() for line in (result.stdout + result.stderr).splitlines()]
    for line in shown.splitlines():
        assert line.strip() in output, f"the build did not print: {line}\n{result.stdout}{result.stderr}"
    assert not (broken / "site" / "scorecards").exists(), "a site was published from bad input"
