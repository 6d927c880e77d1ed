"""The typed record of a site's git history that the audit trail reads.

`load.history` fills it from git (or leaves it empty, with the reason, when
there is no repository or only a shallow clone); compute and render read
it and never run git themselves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# What a line's commit is when it is no commit: written but not committed yet,
# or changed before the history that was fetched (a shallow clone).
NOT_COMMITTED = "not-committed"
NOT_FETCHED = "not-fetched"


@dataclass(frozen=True)
class Commit:
    sha: str
    author_date: datetime.datetime   # as recorded, with the author's UTC offset
    commit_time: int                 # committer time, seconds since the epoch
    author: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def date(self) -> str:
        """The author date as YYYY-MM-DD, as the author's clock read it (never the reader's time zone)."""
        return self.author_date.date().isoformat()


@dataclass(frozen=True)
class Publication:
    """A board report the organisation published: a scorecard's period, at a commit.

    `declared` says where: `tag scorecards/<sc>/<period>` or the settings file.
    `published_at` is the tag's date for an annotated tag, else the commit's.
    """

    scorecard: str
    period: str
    commit: str
    declared: str
    published_at: datetime.datetime

    @property
    def date(self) -> str:
        return self.published_at.date().isoformat()


@dataclass(frozen=True)
class Repository:
    """What git could tell: nothing (with the reason), or the head, cleanliness and depth of the clone.

    `boundary` holds the commits of a shallow clone whose parents were not
    fetched: git shows each as adding every file, so what it changed cannot
    be told. `tags_skipped` says the clone was told not to fetch tags
    (`git clone --no-tags`), so published board reports may be missing.
    """

    available: bool
    reason: str = ""                 # why there is no history, for the build log
    head: str | None = None
    clean: bool | None = None        # no uncommitted change to the inputs or the settings file
    shallow: bool = False
    shallow_since: str = ""          # date of the oldest commit fetched, in a shallow clone
    boundary: frozenset[str] = frozenset()
    tags_skipped: bool = False

    @property
    def partial(self) -> bool:
        """Whether commits or tags the site shows may not have been fetched."""
        return self.shallow or self.tags_skipped


@dataclass(frozen=True, eq=False)
class History:
    """Everything the audit trail knows from git about one site's inputs.

    `lines` holds, per input file (as the project names it), the commit that
    last changed each line, in line order: a commit id, NOT_COMMITTED or
    NOT_FETCHED. `touched` maps each input file to the latest commit touching
    it; `definition_commits` each scorecard to the commits of its definition
    file, newest first. `unreadable` lists publications whose commits the
    clone does not have.
    """

    repository: Repository
    commits: dict[str, Commit] = field(default_factory=dict)
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    touched: dict[str, str] = field(default_factory=dict)
    inputs_commit: str | None = None
    publications: tuple[Publication, ...] = ()
    unreadable: tuple[str, ...] = ()
    definition_commits: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def line_commit(self, file: str, line: int) -> str:
        """The commit that last changed a line ('' when the file was not blamed: no git)."""
        found = self.lines.get(file)
        if found is None or not 0 < line <= len(found):
            return ""
        return found[line - 1]

    def commit(self, sha: str) -> Commit | None:
        return self.commits.get(sha)

    def latest_commit(self, files) -> Commit | None:
        """The latest commit touching any of `files` (None when none of them is committed)."""
        found = [self.commits[sha] for file in files if (sha := self.touched.get(file)) in self.commits]
        return max(found, key=lambda commit: commit.commit_time, default=None)


NO_HISTORY = History(Repository(False, "the history was not read"))
