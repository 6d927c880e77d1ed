"""The audit trail of a site, end to end: read the git history (load), evaluate each published
board report from the inputs at its commit, and compare it with today (compute).

Both front doors call these functions: the MkDocs plugin (`audit_site`) and
`scorecards diff` (`diff_revisions`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .compute.audit import AuditTrail, DefinitionRevision, PublishedReport, RestatementKind, restatements
from .compute.diff import ProjectDiff, diff_projects, diff_scorecards
from .compute.results import ProjectResult
from .compute.scorecard import evaluate_project
from .compute.status import status_from_score
from .errors import InputError, Problem, Problems
from .history import History, Publication
from .load.definitions import load_definition
from .load.git import Git, NoRepository, RepositoryPaths
from .load.history import history_at, published_date, read_history
from .load.project import load_project
from .load.snapshot import load_at_commit
from .load.yamlnodes import decode_yaml
from .model import Project
from .options import Options
from .periods import read_label

WORK_TREE = "work tree"


def audit_site(root: Path, options: Options, project: Project, result: ProjectResult) -> ProjectResult:
    """The evaluation with its audit trail attached (`result.audit`); InputError for a bad publication."""
    history = read_history(root, project, options)
    trail = AuditTrail(history, published_date(history), page_commits=_page_commits(history, project, result))
    if history.repository.available:
        git = Git.open(root)
        trail = dataclasses.replace(trail, reports=_reports(git, root, options, project, result, history),
                                    revisions=_revisions(git, root, project, history))
    return dataclasses.replace(result, audit=trail)


def check_publications(root: Path, options: Options, project: Project, result: ProjectResult | None = None) -> None:
    """InputError for every published board report the build could not archive (bad tag, setting or inputs).

    `scorecards validate` runs it, so that a pull request fails where the build would; `result` is the
    project evaluated as the build evaluates it, when the caller has it already.
    """
    history = read_history(root, project, options)
    if history.repository.available and history.publications:
        result = result if result is not None else evaluate_project(project, options.as_of)
        _reports(Git.open(root), root, options, project, result, history, provenance=False)


def _page_commits(history: History, project: Project, result: ProjectResult) -> dict:
    """The latest commit to each scorecard's own inputs: its definition, the CSV files holding its
    values and its commentary; '' for the whole site."""
    files: dict[str, set[str]] = {s.id: {s.place.file} for s in project.scorecards}
    for placed in result.placement:
        files[placed.scorecard].add(placed.file)
    for note in project.commentary:
        files[note.scorecard].add(note.place.file)
    found = {sid: history.latest_commit(names) for sid, names in files.items()}
    found[""] = history.latest_commit(item.path for item in project.inputs)
    return found


def _reports(git: Git, root: Path, options: Options, project: Project, result: ProjectResult, history: History,
             provenance: bool = True) -> tuple[PublishedReport, ...]:
    """Each published board report evaluated from the inputs at its commit, with (given `provenance`) the
    commit that last changed each of their lines by then, and what was restated since."""
    loaded: dict[str, Project] = {}
    then_history: dict[str, History] = {}
    notes = _notes(project)
    reports = []
    problems: list[Problem] = []
    for publication in history.publications:
        try:
            then = loaded.get(publication.commit) or load_at_commit(git, publication.commit, root, options)
        except InputError as error:
            problems.append(_unloadable(publication, error))
            continue
        loaded[publication.commit] = then
        if provenance and publication.commit not in then_history:
            then_history[publication.commit] = history_at(git, root, publication.commit, then, options, history)
        evaluated = evaluate_project(then, read_label(publication.period))
        # Provenance as it stood when the report was published: each line's last commit up to then.
        if provenance:
            evaluated = dataclasses.replace(evaluated, audit=AuditTrail(then_history[publication.commit],
                                                                        publication.published_at))
        if publication.scorecard not in {s.id for s in then.scorecards}:
            problems.append(Problem(_where(publication), 0, 0, f"scorecard '{publication.scorecard}' is not defined "
                                    f"at commit {publication.commit[:7]}", "publish a commit that defines it"))
            continue
        published = evaluated.scorecard(publication.scorecard)
        now = result.scorecard(publication.scorecard)
        found = restatements(publication, published, now, history, notes)
        found = tuple(_with_remover(git, publication, item, history) for item in found)
        definition = project.scorecard(publication.scorecard)
        since = [commit for commit, _ in git.commits([definition.place.file], (f"{publication.commit}..HEAD",))]
        reports.append(PublishedReport(
            publication=publication,
            result=published,
            project=evaluated,
            now_score=now.history.get(published.as_of),
            now_status=status_from_score(now.history.get(published.as_of)),
            restatements=found,
            definition_changes=tuple(diff_scorecards(then.scorecard(publication.scorecard), definition,
                                                     publication.scorecard)),
            definition_commits=tuple(since),
        ))
    if problems:
        raise InputError(problems)
    return tuple(reports)


def _where(publication: Publication) -> str:
    return publication.declared.partition(":")[0]


def _unloadable(publication: Publication, error: InputError) -> Problem:
    first = error.problems[0]
    return Problem(_where(publication), 0, 0, f"the board report {publication.scorecard} {publication.period} cannot "
                   f"be archived: the inputs at commit {publication.commit[:7]} have {len(error.problems)} "
                   f"problem(s), the first: {first}", "publish the commit the board report was built from")


def _notes(project: Project) -> dict[tuple[str, int], str]:
    table = project.actuals.table
    with_note = table[table["note"].fillna("") != ""]
    return {(str(f), int(n)): str(note) for f, n, note in zip(with_note["file"], with_note["line"], with_note["note"])}


def _with_remover(git: Git, publication: Publication, item, history: History):
    """A removed value with the commit that removed it: the one after the last that still had its line."""
    if item.kind != RestatementKind.VALUE_REMOVED or item.origin is None:
        return item
    paths = RepositoryPaths(git.cwd, git.toplevel)
    path = paths.in_repository(item.origin.place.file)
    kept = git.last_commit_keeping(item.origin.place.line, path, publication.commit)
    remover = git.next_commit_touching(kept, path) if kept else None
    return dataclasses.replace(item, removed_by=history.commit(remover) if remover else None)


def _revisions(git: Git, root: Path, project: Project, history: History) -> dict[str, tuple[DefinitionRevision, ...]]:
    """Each scorecard's definition file through its commits, with what each commit changed."""
    paths = RepositoryPaths(root, git.toplevel)
    wanted = []
    for scorecard in project.scorecards:
        path = paths.in_repository(scorecard.place.file)
        for sha in history.definition_commits.get(scorecard.id, ()):
            wanted.append(f"{sha}:{path}")
    contents = git.objects(wanted)
    found = {}
    for scorecard in project.scorecards:
        path = paths.in_repository(scorecard.place.file)
        shas = history.definition_commits.get(scorecard.id, ())
        versions = [_definition(scorecard.id, scorecard.place.file, contents.get(f"{sha}:{path}")) for sha in shas]
        revisions = []
        for index, sha in enumerate(shas):
            current = versions[index]
            earlier = versions[index + 1] if index + 1 < len(shas) else None
            created = index + 1 == len(shas) and not history.repository.shallow
            if sha in history.repository.boundary:   # a shallow clone's history starts here: not a change
                revisions.append(DefinitionRevision(history.commits[sha], (), readable=current is not False,
                                                    boundary=True))
                continue
            if current is False or earlier is False:
                revisions.append(DefinitionRevision(history.commits[sha], (), readable=current is not False,
                                                    created=created))
                continue
            changes = () if created or earlier is None else tuple(diff_scorecards(earlier, current, scorecard.id))
            revisions.append(DefinitionRevision(history.commits[sha], changes, True, created))
        found[scorecard.id] = tuple(revisions)
    return found


def _definition(sid: str, file: str, content: bytes | None):
    """A scorecard as one version of its file defines it; None when deleted, False when it had problems."""
    if content is None:
        return None
    problems = Problems()
    text = decode_yaml(content, file, problems)
    scorecard = load_definition(sid, file, text, problems) if text is not None else None
    return False if problems or scorecard is None else scorecard


# --- scorecards diff -------------------------------------------------------------------------

def diff_revisions(root: Path, options: Options, old: str, new: str | None) -> tuple[ProjectDiff, str, str]:
    """What changed from revision `old` to `new` (None: the work tree), with the commits they name.

    InputError when either revision's inputs have problems (each problem's file
    prefixed with the revision) or a revision names no commit.
    """
    try:
        git = Git.open(root)
    except NoRepository as missing:
        raise InputError([Problem("scorecards diff", 0, 0, f"it needs the git history, but {missing.reason}",
                                  "run it inside a clone of the site's repository")]) from None
    projects, names = [], []
    for revision in (old, new):
        if revision is None:
            projects.append(_load(lambda: load_project(root, options.definitions, options.data), WORK_TREE))
            names.append(WORK_TREE)
            continue
        commit = git.resolve(revision)
        if commit is None:
            hint = "fetch the whole history (git fetch --unshallow, or fetch-depth: 0)" if git.shallow_commits() \
                else "give a commit id, a tag or a branch that exists"
            raise InputError([Problem("scorecards diff", 0, 0, f"'{revision}' is no commit of this repository", hint)])
        projects.append(_load(lambda c=commit: load_at_commit(git, c, root, options), revision))
        names.append(f"{revision} ({commit[:7]})" if not commit.startswith(revision) else commit[:7])
    results = [evaluate_project(project, options.as_of) for project in projects]
    return diff_projects(projects[0], projects[1], results[0], results[1]), names[0], names[1]


def _load(load, revision: str) -> Project:
    try:
        return load()
    except InputError as error:
        raise InputError([dataclasses.replace(p, file=f"{revision}: {p.file}") for p in error.problems],
                         error.rows) from None
