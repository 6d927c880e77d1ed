"""The audit trail from a real git history: provenance, archive, restatements, change history, manifest,
`scorecards diff`, shallow and missing history, and page dates.

Every test uses the small site of `history_repo` (its story and hand-worked
numbers are in that module's docstring), never this repository's history.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import site_digests
from history_repo import RESTATED, build_story, git

Q1_TAG = "scorecards/company/2026-Q1"


def build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` with the environment given, and no SOURCE_DATE_EPOCH unless given."""
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    environment.update(NO_MKDOCS_2_WARNING="1", **env)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=project,
                          env=environment, capture_output=True, text=True, check=False)


def text_of(page: Path) -> str:
    """A page's article as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    content = page.read_text(encoding="utf-8")
    found = re.search(r"<article.*?</article>", content, re.S)
    body = re.sub(r"<svg.*?</svg>", " ", found.group(0) if found else content, flags=re.S).replace("<wbr>", "")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def prose(page: Path) -> str:
    """A page's article as it reads: `text_of` without the spaces left where inline tags ended."""
    return re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\(\s+", "(", text_of(page)))


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", *args], cwd=project,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    repo = tmp_path_factory.mktemp("story") / "repo"
    shas = build_story(repo)
    return repo, shas


@pytest.fixture(scope="module")
def site(story, tmp_path_factory):
    repo, _ = story
    out = tmp_path_factory.mktemp("story-site") / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stdout + done.stderr
    return out, done.stderr


def company_json(site: Path) -> dict:
    return json.loads((site / "scorecards/company/scorecard.json").read_text(encoding="utf-8"))


def kpi(document: dict, kpi_id: str) -> dict:
    return next(k for o in document["objectives"] for k in o["kpis"] if k["id"] == kpi_id)


def period(kpi_doc: dict, label: str) -> dict:
    return next(entry for entry in kpi_doc["series"] if entry["period"] == label)


# --- 1. provenance -------------------------------------------------------------------------------

def test_every_value_names_its_file_line_and_the_commit_that_last_changed_it(site, story):
    _, shas = story
    q1 = period(kpi(company_json(site[0]), "revenue"), "2026-Q1")
    # January and March as committed with the Q1 actuals; February as restated.
    assert q1["sources"] == [
        {"file": "data/actuals.csv", "line": 2, "commit": shas["q1"], "author_date": "2026-04-03T10:00:00+02:00"},
        {"file": "data/actuals.csv", "line": 3, "commit": shas["restate"], "author_date": "2026-07-10T16:45:00+00:00"},
        {"file": "data/actuals.csv", "line": 4, "commit": shas["q1"], "author_date": "2026-04-03T10:00:00+02:00"},
    ]
    # `target: 300` is line 15 of the definition, unchanged since the first commit.
    assert q1["target_origin"] == {"file": "scorecards/company.yml", "line": 15, "commit": shas["define"],
                                   "author_date": "2026-01-05T09:00:00+00:00"}
    assert q1["restated"] is True
    assert period(kpi(company_json(site[0]), "revenue"), "2026-Q2")["restated"] is False


def test_a_changed_target_names_the_commit_that_changed_it(site, story):
    _, shas = story
    churn = kpi(company_json(site[0]), "churn")
    assert churn["target_origin"] == {"file": "scorecards/company.yml", "line": 26, "commit": shas["tighten"],
                                      "author_date": "2026-07-15T11:00:00+00:00"}


def test_the_objective_pages_data_table_shows_the_last_change_and_flags_the_restatement(site, story):
    _, shas = story
    page = (site[0] / "scorecards/company/grow/index.html").read_text(encoding="utf-8")
    row = next(r for r in page.split("<tr>") if r.startswith('<th scope="row">2026-Q1'))
    assert f"last changed 2026-07-10 in {shas['restate'][:7]}" in row
    assert f'2026-02: data/actuals.csv:3, {shas["restate"][:7]} 2026-07-10 &#34;Restate February revenue after ' \
           "the audit&#34;" in row
    assert 'href="../restatements/#restated-2026-Q1-revenue"' in row
    row = next(r for r in page.split("<tr>") if r.startswith('<th scope="row">2026-Q2'))
    assert f"last changed 2026-07-02 in {shas['q2'][:7]}" in row and "restatements" not in row


# --- 4. what the board saw -----------------------------------------------------------------------

def test_the_archive_keeps_the_quarter_as_published_and_the_current_pages_show_the_restated_one(site, story):
    out = site[0]
    archived = text_of(out / "scorecards/company/archive/2026-Q1/index.html")
    # As published: revenue 100 + 110 + 95 = 305 against 300, green; score (7.22 + 8.33) / 2 = 7.78.
    assert "Board report 2026-Q1: Company" in archived
    assert "Green 7.78 of 10 2026-Q1, to 2026-03-31 · published 2026-04-06" in archived
    # each objective of a perspective with its status word
    assert "Financial Green 7.22 of 10 Green Grow revenue Customer Green 8.33 of 10 Green Keep customers" in archived
    published = json.loads((out / "scorecards/company/archive/2026-Q1/scorecard.json").read_text(encoding="utf-8"))
    was = period(kpi(published, "revenue"), "2026-Q1")
    assert (published["as_of"], published["status"], published["score"]) == ("2026-Q1", "green", 7.78)
    assert (was["actual"], was["status"], was["score"]) == (305.0, "green", 7.22)
    assert period(kpi(published, "churn"), "2026-Q1")["actual"] == 1.9
    assert f"as published 2026-04-06 (tag {Q1_TAG}, inputs at commit {story[1]['q1'][:7]}" in archived
    assert "Today this period scores 4.35 (Amber)" in archived
    # Today: February restated to 80, so Q1 is 275 (amber, 3.89); churn's target is now 1.8 (amber, 4.81).
    q1 = period(kpi(company_json(out), "revenue"), "2026-Q1")
    assert (q1["actual"], q1["status"], q1["score"]) == (275.0, "amber", 3.89)
    # The current overview is published as of the last commit to the inputs (2026-07-15), the archive as tagged.
    assert "As of 2026-Q2 (quarterly) · published 2026-07-15" in text_of(out / "scorecards/company/index.html")
    current = text_of(out / "scorecards/company/grow/index.html")
    assert "2026-Q1 275 300 Amber 3.89" in current


def test_the_archive_index_lists_each_published_report(site, story):
    index = text_of(site[0] / "scorecards/company/archive/index.html")
    assert f"2026-Q1 2026-04-06 {story[1]['q1'][:7]} Green 7.78 Amber 2" in index


# --- 5. restatements -----------------------------------------------------------------------------

def test_the_restatements_page_lists_the_restated_month_and_the_changed_target(site, story):
    _, shas = story
    page = text_of(site[0] / "scorecards/company/restatements/index.html")
    assert "Board report 2026-Q1, published 2026-04-06" in page
    assert "As published: Green 7.78. Today: Amber 4.35." in page
    assert (f"Revenue value changed, 2026-02: 110 → 80 305 → 275 Green → Amber {shas['restate'][:7]} 2026-07-10 "
            f"Restate February revenue after the audit data/actuals.csv:3 restated after audit") in page
    assert (f"Churn target changed: 2 → 1.8 1.9 → 1.9 Green → Amber {shas['tighten'][:7]} 2026-07-15 "
            "Tighten the churn target scorecards/company.yml:26") in page
    assert f"(1 commit: {shas['tighten'][:7]} 2026-07-15 Tighten the churn target): KPI churn: target 2 → 1.8" in page


def test_a_value_removed_after_publication_names_the_commit_that_removed_it(tmp_path):
    repo = tmp_path / "repo"
    build_story(repo, steps=4)
    from history_repo import HEADER, Q1, Q2, commit
    removed = commit(repo, "Withdraw March revenue", "2026-07-20T09:00:00+00:00",
                     {"data/actuals.csv": HEADER + "".join(Q1[:2] + Q2[:3] + Q1[3:] + Q2[3:])})
    out = tmp_path / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stderr
    page = text_of(out / "scorecards/company/restatements/index.html")
    # Q1 revenue was 305 (green); without March's 95 it is 210: d = -90/30 = -3, score 0, red.
    assert (f"Revenue value removed, 2026-03: 95 → – 305 → 210 Green → Red {removed[:7]} 2026-07-20 "
            "Withdraw March revenue data/actuals.csv:4") in page


# --- 7. change history ----------------------------------------------------------------------------

def test_the_change_history_lists_every_commit_to_the_definition(site, story):
    _, shas = story
    page = text_of(site[0] / "scorecards/company/changes/index.html")
    assert (f"2026-07-15 {shas['tighten'][:7]} Ada Auditor Tighten the churn target KPI churn: target 2 → 1.8 "
            f"2026-01-05 {shas['define'][:7]} Ada Auditor Define the company scorecard created") in page


def test_generated_pages_are_dated_by_their_inputs_for_the_revision_date_plugin(story, tmp_path):
    pytest.importorskip("mkdocs_git_revision_date_localized_plugin")
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(story[0]), str(repo)], check=True)
    settings = repo / "mkdocs.yml"
    settings.write_text(settings.read_text() + "  - git-revision-date-localized:\n      type: iso_date\n")
    out = tmp_path / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stderr

    def dated(page: str) -> str:
        found = re.search(r'git-revision-date-localized-plugin-iso_date"[^>]*>([0-9-]+)<',
                          (out / page).read_text(encoding="utf-8"))
        return found.group(1) if found else ""

    # The last commit to the company scorecard's inputs is the churn target (2026-07-15), not today;
    # the archived report is dated by its publication commit. Every generated page is dated so: the index
    # and the cascade (every scorecard's inputs), the overview, report, hypotheses, objectives, archive,
    # restatements and change history.
    assert dated("scorecards/company/grow/index.html") == "2026-07-15"
    assert dated("scorecards/company/restatements/index.html") == "2026-07-15"
    assert dated("scorecards/company/archive/2026-Q1/index.html") == "2026-04-03"
    pages = sorted(page.relative_to(out).as_posix() for page in (out / "scorecards").rglob("index.html"))
    assert {"scorecards/index.html", "scorecards/cascade/index.html", "scorecards/company/hypotheses/index.html",
            "scorecards/company/archive/index.html", "scorecards/company/changes/index.html",
            "scorecards/company/report/index.html", "scorecards/company/keep/index.html"} < set(pages)
    assert len(pages) == 11
    assert {page: dated(page) for page in pages} == {
        page: "2026-04-03" if "/archive/2026-Q1/" in page else "2026-07-15" for page in pages}


def test_every_generated_page_is_dated_by_the_commits_of_its_own_inputs(story):
    """page_dates names each generated page's inputs itself (no page is left to the fallback, the latest commit
    of the whole site): a page added to the site without a date would show another plugin's clock."""
    from mkdocs_scorecards.options import read_options
    from mkdocs_scorecards.page_dates import page_commits
    from mkdocs_scorecards.render.pages import GeneratedPage
    from mkdocs_scorecards.render.urls import Urls
    from mkdocs_scorecards.site import evaluate_site, generated_files, renderer
    options = read_options({"definitions": "scorecards", "data": "data"})
    result = evaluate_site(story[0], options, history=True)
    for directory_urls in (True, False):
        files = generated_files(renderer(result, options, directory_urls))
        pages = {path for path, content in files.items() if isinstance(content, GeneratedPage)}
        dated = page_commits(result, Urls(options.output, directory_urls))
        assert sorted(pages - set(dated)) == []
        assert dated["scorecards/cascade/index.md"][0].sha == story[1]["tighten"]
        assert dated["scorecards/company/archive/2026-Q1/index.md"][0].sha == story[1]["q1"]
        assert {commits[1].sha for commits in dated.values()} == {story[1]["define"]}   # created


# --- 2. manifest ------------------------------------------------------------------------------------

def test_the_manifest_names_the_version_commit_and_state_of_the_inputs(site, story):
    from mkdocs_scorecards import __version__
    _, shas = story
    manifest = json.loads((site[0] / "scorecards/manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"] == {"name": "mkdocs-scorecards", "version": __version__}
    assert manifest["published"] == "2026-07-15T11:00:00+00:00"
    assert manifest["repository"] == {"available": True, "reason": None, "head": shas["tighten"], "clean": True,
                                      "shallow": False}
    assert manifest["inputs_commit"]["sha"] == shas["tighten"]
    # The settings file is an input (it holds as_of and published), with its last commit like the others.
    assert [(i["file"], i["commit"]) for i in manifest["inputs"]] == [("data/actuals.csv", shas["restate"]),
                                                                      ("mkdocs.yml", shas["define"]),
                                                                      ("scorecards/company.yml", shas["tighten"])]
    inputs = {i["file"]: i["sha256"] for i in company_json(site[0])["inputs"]}
    assert {i["file"]: i["sha256"] for i in manifest["inputs"]} == inputs
    assert manifest["scorecards"][0]["published"] == [
        {"period": "2026-Q1", "commit": shas["q1"], "declared": f"tag {Q1_TAG}", "date": "2026-04-06",
         "archive": "scorecards/company/archive/2026-Q1/"}]


def test_a_commit_to_the_settings_file_is_a_commit_to_the_inputs(story, tmp_path):
    """mkdocs.yml holds as_of and published: a commit that only sets `as_of` is the inputs' latest commit,
    and the file is listed with its sha256 and that commit in the manifest and in scorecard.json."""
    import hashlib

    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(story[0]), str(repo)], check=True)
    settings = repo / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "      as_of: 2026-Q1\n", encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "Report as of 2026-Q1", date="2026-07-20T09:00:00+00:00")
    sha = git(repo, "rev-parse", "HEAD")
    out = tmp_path / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = json.loads((out / "scorecards/manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs_commit"]["sha"] == sha and manifest["published"] == "2026-07-20T09:00:00+00:00"
    listed = {i["file"]: i for i in manifest["inputs"]}
    digest = hashlib.sha256(settings.read_bytes()).hexdigest()
    assert listed["mkdocs.yml"] == {"file": "mkdocs.yml", "sha256": digest, "commit": sha}
    document = company_json(out)
    assert {"file": "mkdocs.yml", "sha256": digest} in document["inputs"] and document["as_of"] == "2026-Q1"


def test_an_uncommitted_change_makes_the_work_tree_unclean(story, tmp_path):
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(story[0]), str(repo)], check=True)
    with (repo / "data/actuals.csv").open("a", encoding="utf-8") as csv:
        csv.write("revenue,2026-07,90,,\n")
    out = tmp_path / "site"
    assert build(repo, out).returncode == 0
    manifest = json.loads((out / "scorecards/manifest.json").read_text(encoding="utf-8"))
    assert manifest["repository"]["clean"] is False
    july = period(kpi(company_json(out), "revenue"), "2026-Q3")
    assert july["sources"] == [{"file": "data/actuals.csv", "line": 14, "commit": None, "author_date": None}]


# --- 3. reproducible ---------------------------------------------------------------------------------

def test_two_clones_built_apart_in_other_environments_are_byte_identical(story, tmp_path):
    sites = []
    for name, env in (("a", {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"}),
                      ("b", {"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8",
                             "PYTHONHASHSEED": "4242"})):
        repo = tmp_path / name / "somewhere" / "project"
        subprocess.run(["git", "clone", "--quiet", str(story[0]), str(repo)], check=True)
        settings = repo / "mkdocs.yml"
        settings.write_text("site_url: https://example.org/\n" + settings.read_text())
        out = tmp_path / name / "out"
        done = build(repo, out, **env)
        assert done.returncode == 0, done.stderr
        sites.append(out)
    first, second = site_digests(sites[0]), site_digests(sites[1])
    assert first.keys() == second.keys()
    assert sorted(path for path in first if first[path] != second[path]) == []
    # The sitemap's dates come from the commits, never the clock: the last commit to the inputs, and for
    # the archived report its publication commit.
    sitemap = (sites[0] / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2026-07-15", "2026-04-03"}
    assert "<loc>https://example.org/scorecards/company/archive/2026-Q1/</loc>\n         <lastmod>2026-04-03" in sitemap


def test_source_date_epoch_sets_the_published_date(story, tmp_path):
    out = tmp_path / "site"
    assert build(story[0], out, SOURCE_DATE_EPOCH="1790000000").returncode == 0
    manifest = json.loads((out / "scorecards/manifest.json").read_text(encoding="utf-8"))
    assert manifest["published"] == "2026-09-21T14:13:20+00:00"


# --- shallow and missing history --------------------------------------------------------------------

def test_a_shallow_clone_builds_and_says_once_what_it_cannot_show(story, tmp_path):
    repo = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{story[0]}", str(repo)], check=True)
    out = tmp_path / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("shallow clone") == 1
    assert "fetch-depth: 0" in done.stderr
    revenue = kpi(company_json(out), "revenue")
    # Every line was last changed before the one commit fetched: no commit can be named.
    assert {s["commit"] for e in revenue["series"] for s in e["sources"]} == {None}
    changes = text_of(out / "scorecards/company/changes/index.html")
    assert "shallow clone" in changes


def test_outside_git_the_build_works_and_says_once_why_there_is_no_history(story, tmp_path):
    project = tmp_path / "plain"
    shutil.copytree(story[0], project, ignore=shutil.ignore_patterns(".git"))
    out = tmp_path / "site"
    done = build(project, out, GIT_CEILING_DIRECTORIES=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("no git history") == 1
    q1 = period(kpi(company_json(out), "revenue"), "2026-Q1")
    assert q1["sources"][1] == {"file": "data/actuals.csv", "line": 3, "commit": None, "author_date": None}
    manifest = json.loads((out / "scorecards/manifest.json").read_text(encoding="utf-8"))
    assert manifest["repository"]["available"] is False and manifest["published"] is None


# --- publications declared in the settings, and wrong ones -----------------------------------------------

def test_a_publication_can_be_declared_in_the_settings(story, tmp_path):
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-tags", str(story[0]), str(repo)], check=True)
    settings = repo / "mkdocs.yml"
    settings.write_text(settings.read_text() + f"      published:\n        company:\n          2026-Q1: \"{story[1]['q1'][:10]}\"\n")
    out = tmp_path / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stderr
    archived = text_of(out / "scorecards/company/archive/2026-Q1/index.html")
    assert "Green 7.78 of 10 2026-Q1" in archived
    assert "(mkdocs.yml: published company 2026-Q1" in archived


def test_a_tag_naming_no_reporting_period_is_an_error(story, tmp_path):
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(story[0]), str(repo)], check=True)
    git(repo, "tag", "scorecards/company/2026-05")
    git(repo, "tag", "scorecards/compnay/2026-Q2")
    done = build(repo, tmp_path / "site")
    assert done.returncode != 0
    assert ("tag scorecards/company/2026-05: '2026-05' is not a reporting period of the quarterly scorecard "
            "'company'; name the period as the scorecard does, e.g. 2026-Q2") in done.stderr
    assert "a board report is published for scorecard 'compnay', which is not defined" in done.stderr
    assert "did you mean 'company'" in done.stderr


# --- 6. scorecards diff ---------------------------------------------------------------------------------

def test_diff_between_publication_and_restatement_as_text(story):
    repo, shas = story
    done = cli(repo, "diff", Q1_TAG, shas["restate"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:4] == [
        f"scorecards diff {Q1_TAG} ({shas['q1'][:7]}) -> {shas['restate'][:7]}", "", "Data (7)",
        "  company/churn 2026-04: added 2.1 (data/actuals.csv:11)"]
    assert '  company/revenue 2026-02: 110 → 80 (data/actuals.csv:3) "restated after audit"' in done.stdout
    # Revenue's Q1 falls from 305 to 275: 7.22 (green) to 3.89 (amber).
    assert "  company 2026-Q1: KPI Revenue: green → amber (7.22 → 3.89)" in done.stdout
    assert "  company 2026-Q1: KPI Churn" not in done.stdout   # its target had not changed yet
    assert "Definitions" not in done.stdout


def test_diff_of_a_target_change_as_markdown(story):
    repo, shas = story
    done = cli(repo, "diff", shas["restate"], shas["tighten"], "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"### Scorecard changes: `{shas['restate'][:7]}` → `{shas['tighten'][:7]}`\n\n"
        "1 definition change(s), 0 value(s) added, changed or removed, 7 status change(s).\n\n"
        "**Definitions**\n\n| Scorecard | Change |\n|---|---|\n| company | KPI churn: target 2 → 1.8 |\n\n"
        "**Statuses that change**\n\n| Scorecard | Period | Level | Title | Before | After |\n"
        "|---|---|---|---|---|---|\n"
        # Q1 churn 1.9: against 2 (tolerance 0.2) d = 0.5, 8.33; against 1.8 (0.18) d = -0.56, 4.81.
        "| company | 2026-Q1 | perspective | Customer | Green 8.33 | Amber 4.81 |\n"
        "| company | 2026-Q1 | objective | Keep customers | Green 8.33 | Amber 4.81 |\n"
        "| company | 2026-Q1 | KPI | Churn | Green 8.33 | Amber 4.81 |\n"
        # Q2 churn 2.1: against 2, d = -0.5, 5.00; against 1.8, d = -1.67, 1.11. Revenue 320 scores 8.89,
        # so the scorecard goes from (8.89 + 5.00) / 2 = 6.94 to (8.89 + 1.11) / 2 = 5.00.
        "| company | 2026-Q2 | scorecard | Company | Green 6.94 | Amber 5.00 |\n"
        "| company | 2026-Q2 | perspective | Customer | Amber 5.00 | Red 1.11 |\n"
        "| company | 2026-Q2 | objective | Keep customers | Amber 5.00 | Red 1.11 |\n"
        "| company | 2026-Q2 | KPI | Churn | Amber 5.00 | Red 1.11 |\n")


def test_diff_against_the_work_tree_and_of_an_unknown_revision(story, tmp_path):
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(story[0]), str(repo)], check=True)
    (repo / "data/actuals.csv").write_text((repo / "data/actuals.csv").read_text().replace(RESTATED,
                                                                                          "revenue,2026-02,90,,\n"))
    done = cli(repo, "diff", "HEAD")
    assert done.returncode == 0, done.stderr
    assert "  company/revenue 2026-02: 80 → 90 (data/actuals.csv:3)" in done.stdout
    assert done.stdout.startswith(f"scorecards diff HEAD ({story[1]['tighten'][:7]}) -> work tree")
    missing = cli(repo, "diff", "no-such-branch")
    assert missing.returncode == 1
    assert "'no-such-branch' is no commit of this repository" in missing.stdout + missing.stderr


# --- for machines and for the pages -------------------------------------------------------------------

def test_scorecard_json_with_commits_is_valid_against_its_schema(site):
    from importlib import resources

    from jsonschema import Draft202012Validator
    schema = json.loads(resources.files("mkdocs_scorecards").joinpath("schemas/scorecard-json.schema.json")
                        .read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(company_json(site[0]))] == []


def test_the_published_date_is_given_to_every_page_as_data(story, monkeypatch):
    from mkdocs_scorecards.options import read_options
    from mkdocs_scorecards.site import evaluate_site, renderer
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    options = read_options({"definitions": "scorecards", "data": "data"})
    result = evaluate_site(story[0], options, history=True)
    # The last commit touching the inputs: "Tighten the churn target", 2026-07-15.
    assert renderer(result, options).published == datetime.date(2026, 7, 15)
    assert renderer(evaluate_site(story[0], options), options).published is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert renderer(evaluate_site(story[0], options, history=True), options).published == datetime.date(2026, 9, 21)


def test_validate_reports_a_wrong_publication_as_the_build_does(story, tmp_path):
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(story[0]), str(repo)], check=True)
    assert cli(repo, "validate").returncode == 0
    git(repo, "tag", "scorecards/company/2026-05")
    done = cli(repo, "validate", "--format", "github")
    assert done.returncode == 1
    assert done.stdout == ("::error file=tag scorecards/company/2026-05::'2026-05' is not a reporting period of "
                           "the quarterly scorecard 'company'; name the period as the scorecard does, e.g. 2026-Q2\n")


REWORKED = """\
title: Company
owner: Board
frequency: quarterly
objectives:
  - id: grow
    title: Grow revenue
    perspective: financial
    owner: CEO
    drives: []
    kpis:
      - id: revenue
        title: Revenue
        better: higher
        aggregate: sum
        target: {2026-Q1: 300, 2026-Q2: 330}
        tolerance: 5%
  - id: keep
    title: Keep customers
    perspective: customer
    weight: 2
    drives: []
    kpis:
      - id: churn
        title: Churn
        unit: "%"
        better: lower
        aggregate: mean
        target: 1.8
  - id: serve
    title: Serve customers well
    perspective: internal
    drives: [keep]
    kpis:
      - id: nps
        title: Net promoter score
        better: in-range
        target: [30, 50]
"""


def test_diff_lists_every_kind_of_definition_change_and_the_statuses_that_follow(story, tmp_path):
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(story[0]), str(repo)], check=True)
    (repo / "scorecards/company.yml").write_text(REWORKED, encoding="utf-8")
    done = cli(repo, "diff", "HEAD")
    assert done.returncode == 0, done.stderr
    definitions = done.stdout.split("\n\n")[1].splitlines()
    assert definitions == [
        "Definitions (8)",
        "  company: objective grow: owner CFO → CEO",
        "  company: objective keep: weight 1 → 2",
        "  company: arrow keep -> grow removed",
        "  company: objective serve added: Serve customers well",
        "  company: arrow serve -> keep added",
        "  company: KPI revenue: target 300 → {2026-Q1: 300, 2026-Q2: 330}",
        "  company: KPI revenue: tolerance 10% → 5%",
        "  company: KPI nps added: Net promoter score",
    ]
    # Q1 revenue 275 against 300 with a tolerance of 15 now: d = -25/15, score 1.11, red (was 3.89, amber);
    # the scorecard (1.11 + 4.81) / 2 = 2.96 (nps has no data, so the internal perspective has no score).
    assert "  company 2026-Q1: scorecard Company: amber → red (4.35 → 2.96)" in done.stdout
    assert "  company 2026-Q1: KPI Revenue: amber → red (3.89 → 1.11)" in done.stdout
    # Q2 revenue 320 against 330 now, tolerance 16.5: d = -10/16.5, score 4.65, amber (was 8.89, green).
    assert "  company 2026-Q2: KPI Revenue: green → amber (8.89 → 4.65)" in done.stdout


def test_a_shallow_clone_without_a_publications_commit_says_so_instead_of_failing(story, tmp_path):
    repo = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{story[0]}", str(repo)], check=True)
    q1 = story[1]["q1"]
    settings = repo / "mkdocs.yml"
    settings.write_text(settings.read_text() + f"      published:\n        company:\n          2026-Q1: \"{q1}\"\n")
    out = tmp_path / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stderr
    assert f"board reports whose commits are missing are not archived: company 2026-Q1 ({q1})" in done.stderr
    assert not (out / "scorecards/company/archive/2026-Q1").exists()
    archive = text_of(out / "scorecards/company/archive/index.html")
    assert "has been published yet" not in archive
    assert f"These board reports are published, but their commits are not in the clone: company 2026-Q1 ({q1})." \
        in archive


# --- what a partial clone shows -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shallow_site(story, tmp_path_factory):
    """A shallow clone (`git clone --depth 1`, as CI checks out by default) of the story after step 5: the one
    commit fetched restates February revenue and touches only the CSV; the 2026-Q1 tag is not fetched."""
    root = tmp_path_factory.mktemp("shallow-story")
    full = root / "full"
    shas = build_story(full, steps=5)
    repo = root / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{full}", str(repo)], check=True)
    assert git(repo, "tag") == ""
    out = root / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stderr
    return out, shas, done.stderr


def test_a_shallow_clone_does_not_say_no_report_was_published(shallow_site):
    out = shallow_site[0]
    for page in ("archive", "restatements"):
        text = prose(out / f"scorecards/company/{page}/index.html")
        assert "has been published yet" not in text and "nothing can have been restated" not in text, page
        assert "git tag -a" not in text, page                   # no push to tag the report again
        assert ("Part of the history was not fetched. This site was built from a shallow clone, whose history "
                "starts at 2026-07-10; tags that mark board reports published before then were not fetched with "
                "it.") in text, page
        assert ("build from a full clone with its tags: fetch-depth: 0 for actions/checkout in GitHub Actions, "
                "GIT_DEPTH: 0 in GitLab CI, or git fetch --unshallow --tags in an existing clone.") in text, page
        assert ("No board report of this scorecard is in this clone, but reports that were published may be "
                "missing, since its tags or history were not all fetched (see the note above): fetch them rather "
                "than tag again.") in text, page
    assert "and board reports whose tags were not fetched are not archived" in shallow_site[2]


def test_a_shallow_clones_first_commit_is_where_the_change_history_starts_not_a_change(shallow_site):
    out, shas, _ = shallow_site
    text = prose(out / "scorecards/company/changes/index.html")
    # The one commit fetched touched only the CSV, but git lists it for every file: it is the boundary.
    assert (f"2026-07-10 {shas['restate'][:7]} Ada Auditor Restate February revenue after the audit history starts "
            "here: the clone was fetched from this commit on, without its parents, so whether it changed the "
            "definition, and what came before, cannot be told") in text
    assert "no change to what is evaluated" not in text and "created" not in text.split("What changed", 1)[1]


def test_a_full_history_still_says_when_nothing_was_published(story, tmp_path):
    repo = tmp_path / "repo"
    build_story(repo, steps=2)
    out = tmp_path / "site"
    assert build(repo, out).returncode == 0
    archive = prose(out / "scorecards/company/archive/index.html")
    assert ("No board report of this scorecard has been published yet: no tag scorecards/company/<period> and no "
            "published setting names one.") in archive
    assert 'git tag -a scorecards/company/2026-Q1 -m "Board report"' in archive
    assert "Part of the history" not in archive and "Tags were not fetched" not in archive
    assert "No board report of this scorecard has been published yet, so nothing can have been restated." in \
        prose(out / "scorecards/company/restatements/index.html")


def test_a_clone_without_tags_says_its_tags_were_not_fetched(story, tmp_path):
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-tags", str(story[0]), str(repo)], check=True)
    out = tmp_path / "site"
    done = build(repo, out)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("tags not fetched") == 1 and "git fetch --tags" in done.stderr
    for page in ("archive", "restatements"):
        text = prose(out / f"scorecards/company/{page}/index.html")
        assert "Tags were not fetched. This clone was made without tags (git clone --no-tags" in text, page
        assert "Fetch the tags (git fetch --tags) and build again." in text, page
        assert "has been published yet" not in text, page


def source_notes(page: Path) -> list[str]:
    """The provenance lines of the source column of an objective page's data tables (each row's commits
    open from a disclosure; its summary is the line the reader sees)."""
    return [html.unescape(found) for found in
            re.findall(r'<details class="sc-prov"><summary>([^<]*)</summary>', page.read_text(encoding="utf-8"))]


def test_a_shallow_clones_objective_page_says_once_why_no_commit_is_shown(shallow_site):
    out, shas, _ = shallow_site
    notes = source_notes(out / "scorecards/company/grow/index.html")
    # Revenue's table, newest first: 2026-Q2's rows are older than the clone, then 2026-Q1 holds the
    # restated February (line 3), changed in the one commit fetched... which is the boundary: no commit.
    assert notes == ["No commit is shown for lines unchanged since 2026-07-10, where the shallow clone this site was "
                     "built from starts. Build from the whole history (fetch-depth: 0) to show them."]


def test_outside_git_the_objective_page_says_once_why_no_commit_is_shown(story, tmp_path):
    project = tmp_path / "plain"
    shutil.copytree(story[0], project, ignore=shutil.ignore_patterns(".git"))
    out = tmp_path / "site"
    assert build(project, out, GIT_CEILING_DIRECTORIES=str(tmp_path)).returncode == 0
    for objective in ("grow", "keep"):
        assert source_notes(out / f"scorecards/company/{objective}/index.html") == [
            "No commit is shown for these numbers: the site was built without git history (the project is not "
            "in a git repository). Build it inside a clone of the site's repository to show them."]
    assert "No git history. This site was built outside a git repository" in prose(
        out / "scorecards/company/changes/index.html")


def test_the_archived_json_names_the_commits_as_they_stood_at_publication(site, story):
    _, shas = story
    published = json.loads((site[0] / "scorecards/company/archive/2026-Q1/scorecard.json").read_text(encoding="utf-8"))
    q1 = period(kpi(published, "revenue"), "2026-Q1")
    # February as published (110, line 3): from the Q1 actuals, not the restatement made since.
    assert q1["sources"] == [
        {"file": "data/actuals.csv", "line": line, "commit": shas["q1"], "author_date": "2026-04-03T10:00:00+02:00"}
        for line in (2, 3, 4)]
    assert q1["target_origin"] == {"file": "scorecards/company.yml", "line": 15, "commit": shas["define"],
                                   "author_date": "2026-01-05T09:00:00+00:00"}
    commits = {s["commit"] for o in published["objectives"] for k in o["kpis"] for e in k["series"] for s in e["sources"]}
    assert commits == {shas["q1"]}
    from importlib import resources

    from jsonschema import Draft202012Validator
    schema = json.loads(resources.files("mkdocs_scorecards").joinpath("schemas/scorecard-json.schema.json")
                        .read_text(encoding="utf-8"))
    assert [e.message for e in Draft202012Validator(schema).iter_errors(published)] == []


def test_every_generated_page_has_breadcrumbs_back_to_the_scorecards(site):
    out = site[0]
    pages = sorted((out / "scorecards").rglob("index.html"))
    assert len(pages) == 11
    trails = {}
    for page in pages:
        content = page.read_text(encoding="utf-8")
        found = re.findall(r'<nav class="sc-crumbs" aria-label="Breadcrumb">(.*?)</nav>', content, re.S)
        assert len(found) == 1, page
        trails[page.relative_to(out).as_posix()] = " › ".join(
            html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", found[0]))
    assert trails["scorecards/cascade/index.html"] == "Scorecards › Cascade of objectives"
    assert trails["scorecards/company/hypotheses/index.html"] == "Scorecards › Company › Strategy map evidence"
    assert trails["scorecards/company/restatements/index.html"] == "Scorecards › Company › Restatements"
    assert trails["scorecards/company/changes/index.html"] == "Scorecards › Company › Change history"
    assert trails["scorecards/company/archive/index.html"] == "Scorecards › Company › Published board reports"
    assert trails["scorecards/company/archive/2026-Q1/index.html"] == \
        "Scorecards › Company › Published board reports › 2026-Q1"
    archived = (out / "scorecards/company/archive/2026-Q1/index.html").read_text(encoding="utf-8")
    assert '<li><a href="../">Published board reports</a></li>' in archived
    assert '<li><a href="../../../">Scorecards</a></li>' in archived
