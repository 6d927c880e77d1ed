"""A site's git history, read once: who last changed each input line, which board reports were
published at which commit, and the commits of each definition file.

Outside a git repository, or without git, the history is empty and says why;
in a shallow clone it holds what was fetched and says from when. Neither is
an error: the site is built, and the build log says once what it cannot show.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import InputError, Problem, did_you_mean
from ..history import NOT_COMMITTED, NOT_FETCHED, Commit, History, Publication, Repository
from ..model import Project
from ..options import Options
from ..periods import read_label
from .git import Git, NoRepository, RepositoryPaths

TAG_PREFIX = "scorecards/"
_UNCOMMITTED = "0" * 40


def read_history(root: Path, project: Project, options: Options) -> History:
    """The history of the inputs of `project`, read from the repository holding `root`.

    InputError when a publication (tag or settings entry) names a scorecard,
    period or commit that does not exist.
    """
    try:
        git = Git.open(root)
    except NoRepository as missing:
        return History(Repository(False, missing.reason))
    head = git.head()
    if head is None:
        return History(Repository(False, "the repository has no commits yet"))
    paths = RepositoryPaths(root, git.toplevel)
    folders = [options.definitions, options.data]
    shallow = git.shallow_commits()
    logged = git.commits([*folders, options.settings_file])   # every input: the settings file too
    commits = {commit.sha: commit for commit, _ in logged}
    touched: dict[str, str] = {}
    for commit, files in logged:
        for file in files:
            touched.setdefault(paths.in_project(file), commit.sha)
    inputs = [item.path for item in project.inputs]
    lines = _blame_all(git, inputs, shallow)
    missing = sorted({sha for found in lines.values() for sha in found if len(sha) == 40} - set(commits))
    commits.update({commit.sha: commit for commit, _ in git.commits([], (*missing, "--no-walk=unsorted"))}
                   if missing else {})
    publications, unreadable = _publications(git, project, options, bool(shallow), commits)
    definition_files = {scorecard.place.file: scorecard.id for scorecard in project.scorecards}
    definition_commits: dict[str, list[str]] = {sid: [] for sid in definition_files.values()}
    for commit, files in logged:
        for file in files:
            sid = definition_files.get(paths.in_project(file))
            if sid is not None:
                definition_commits[sid].append(commit.sha)
    repository = Repository(
        available=True,
        head=head,
        clean=git.is_clean([*folders, options.settings_file]),
        shallow=bool(shallow),
        shallow_since=min((commits[sha].date for sha in shallow if sha in commits), default=""),
        boundary=shallow,
        tags_skipped=git.tags_skipped(),
    )
    return History(
        repository=repository,
        commits=commits,
        lines=lines,
        touched=touched,
        inputs_commit=logged[0][0].sha if logged else None,
        publications=publications,
        unreadable=unreadable,
        definition_commits={sid: tuple(shas) for sid, shas in definition_commits.items()},
    )


def history_at(git: Git, root: Path, commit: str, project: Project, options: Options, history: History) -> History:
    """The history of the inputs as they were at `commit` (`project`, loaded from that commit): the commit
    that last changed each of their lines up to it, for the provenance of an archived board report.

    A file unchanged since `commit` has the lines of today's history; only the
    others are blamed at the commit.
    """
    paths = RepositoryPaths(root, git.toplevel)
    changed = {paths.in_project(name) for name in git.changed_since(
        commit, [paths.in_repository(options.definitions), paths.in_repository(options.data)])}
    files = [item.path for item in project.inputs]
    lines = {file: history.lines[file] for file in files if file not in changed and file in history.lines}
    lines.update(_blame_all(git, [file for file in files if file not in lines], history.repository.boundary,
                            revision=commit))
    commits = dict(history.commits)
    missing = sorted({sha for found in lines.values() for sha in found if len(sha) == 40} - set(commits))
    if missing:
        commits.update({found.sha: found for found, _ in git.commits([], (*missing, "--no-walk=unsorted"))})
    return History(repository=history.repository, commits=commits, lines=lines, inputs_commit=commit)


def _blame_all(git: Git, files: list[str], shallow: frozenset[str], revision: str | None = None
               ) -> dict[str, tuple[str, ...]]:
    """Each file's line commits (in the work tree, or at `revision`); blames run side by side, since each
    is a process of its own."""
    def one(file: str) -> tuple[str, ...]:
        try:
            blamed = git.blame(file, revision)
        except Exception:   # not tracked yet: git has no history for any of its lines  # noqa: BLE001
            return ()
        return tuple(NOT_COMMITTED if line.commit == _UNCOMMITTED else
                     NOT_FETCHED if line.commit in shallow else line.commit for line in blamed)

    with ThreadPoolExecutor(max_workers=4) as pool:
        found = dict(zip(files, pool.map(one, files)))
    for file, blamed in found.items():
        if not blamed and revision is None:   # untracked: every line is not committed yet
            count = _line_count(git.cwd / file)
            found[file] = (NOT_COMMITTED,) * count
    return found


def _line_count(path: Path) -> int:
    try:
        content = path.read_bytes()
    except OSError:
        return 0
    return content.count(b"\n") + (0 if content.endswith(b"\n") or not content else 1)


def _publications(git: Git, project: Project, options: Options, shallow: bool, commits: dict[str, Commit]
                  ) -> tuple[tuple[Publication, ...], tuple[str, ...]]:
    """Every board report published, from tags `scorecards/<sc>/<period>` and the `published` option."""
    problems: list[Problem] = []
    calendars = {scorecard.id: scorecard.calendar for scorecard in project.scorecards}
    declared: list[tuple[str, str, str, str, int | None]] = []   # (sc, period, commit, where, tagged)
    unreadable: list[str] = []
    for name, commit, tagged in git.tags(TAG_PREFIX):
        scorecard, _, period = name.removeprefix(TAG_PREFIX).partition("/")
        declared.append((scorecard, period, commit, f"tag {name}", tagged))
    for scorecard, period, revision in options.published:
        where = f"{options.settings_file}: published {scorecard} {period}"
        commit = git.resolve(revision)
        if commit is None:
            if shallow:
                unreadable.append(f"{scorecard} {period} ({revision})")
            else:
                problems.append(Problem(options.settings_file, 0, 0, f"published: {scorecard} {period} names "
                                        f"'{revision}', which is no commit of this repository",
                                        "give a commit id, a tag or a branch that exists"))
            continue
        declared.append((scorecard, period, commit, where, None))
    chosen: dict[tuple[str, str], tuple[str, str]] = {}
    found = []
    for scorecard, period, commit, where, tagged in declared:
        place = where.partition(":")[0] if where.startswith(options.settings_file) else where
        if scorecard not in calendars:
            problems.append(Problem(place, 0, 0, f"a board report is published for scorecard '{scorecard}', "
                                    "which is not defined", did_you_mean(scorecard, calendars, "scorecard")))
            continue
        label = read_label(period)
        calendar = calendars[scorecard]
        placed = calendar.place(label) if label else None
        if placed is None or calendar.period_of(placed.last) != placed:
            expected = calendar.period_of(placed.last).label if placed else "2026-Q2"
            problems.append(Problem(place, 0, 0, f"'{period}' is not a reporting period of the {calendar.frequency} "
                                    f"scorecard '{scorecard}'", f"name the period as the scorecard does, e.g. {expected}"))
            continue
        key = (scorecard, placed.label)
        if key in chosen and chosen[key][0] != commit:
            problems.append(Problem(place, 0, 0, f"the board report {scorecard} {period} is published twice, at "
                                    f"{chosen[key][0][:7]} ({chosen[key][1]}) and at {commit[:7]}",
                                    "keep the one the board saw"))
            continue
        if key in chosen:
            continue
        chosen[key] = (commit, where)
        found.append((scorecard, placed.label, commit, where, tagged))
    if problems:
        raise InputError(problems)
    missing = sorted({commit for _, _, commit, _, _ in found} - set(commits))
    if missing:
        commits.update({commit.sha: commit for commit, _ in git.commits([], (*missing, "--no-walk=unsorted"))})
    publications = tuple(Publication(scorecard, period, commit, where,
                                     _moment(tagged) if tagged is not None else _moment(commits[commit].commit_time))
                         for scorecard, period, commit, where, tagged in found)
    return tuple(sorted(publications, key=lambda p: (p.scorecard, calendars[p.scorecard].place(
        read_label(p.period)).first))), tuple(unreadable)


def _moment(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def published_date(history: History, environ: Mapping[str, str] = os.environ) -> datetime.datetime | None:
    """The site's published date: SOURCE_DATE_EPOCH, else the latest commit touching the inputs, never the clock.

    None outside git without SOURCE_DATE_EPOCH: the site then shows no date rather than a wrong one.
    """
    given = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        if not given.isdigit():
            raise InputError([Problem("SOURCE_DATE_EPOCH", 0, 0, f"'{given}' is not a number of seconds",
                                      "set it to a whole number of seconds since 1970, e.g. $(git log -1 --format=%ct)")])
        return _moment(int(given))
    if history.inputs_commit is None:
        return None
    return _moment(history.commits[history.inputs_commit].commit_time)
