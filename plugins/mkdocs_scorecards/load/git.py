"""Running git: fixed arguments, never a shell, output read as bytes and parsed here.

Every question the audit trail asks of a repository is one method below,
so that the arguments git is called with can be read in one place. Paths
handed to git are always given after `--`, so that a file named like an
option stays a file name.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..history import Commit

# git's own settings that would change its output are pinned: no pager, no
# colour, paths unquoted, dates and messages as stored.
_FIXED = ("-c", "core.quotepath=off", "-c", "color.ui=never", "-c", "log.showSignature=false")
_RECORD = "\x01"   # marks the start of a commit in `git log` output read here
_FIELD = "\x1f"


class NoRepository(Exception):
    """The project is not in a git repository, or git cannot be run; `reason` says which, for the log."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class BlamedLine:
    """Who last changed one line: a commit id, and whether git saw it as a boundary."""

    commit: str
    boundary: bool


class Git:
    """One repository, asked from the project folder `cwd`."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.toplevel = Path(self._text("rev-parse", "--show-toplevel").strip())

    @classmethod
    def open(cls, cwd: Path) -> Git:
        """The repository holding `cwd`; NoRepository when there is none or git is missing."""
        try:
            return cls(cwd)
        except FileNotFoundError:
            raise NoRepository("git is not installed") from None
        except subprocess.CalledProcessError:
            raise NoRepository("the project is not in a git repository") from None

    def run(self, *args: str, input_bytes: bytes | None = None, check: bool = True) -> bytes:
        environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")
                       or key in ("GIT_CONFIG_NOSYSTEM",)}
        environment.update(LC_ALL="C", TZ="UTC", GIT_TERMINAL_PROMPT="0")
        done = subprocess.run(["git", *_FIXED, *args], cwd=self.cwd, input=input_bytes, capture_output=True,
                              env=environment, check=False)
        if check and done.returncode != 0:
            raise subprocess.CalledProcessError(done.returncode, ["git", *args], done.stdout, done.stderr)
        return done.stdout

    def _text(self, *args: str, check: bool = True) -> str:
        return self.run(*args, check=check).decode("utf-8", "replace")

    # --- the state of the repository ------------------------------------------------

    def head(self) -> str | None:
        found = self._text("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).strip()
        return found or None

    def shallow_commits(self) -> frozenset[str]:
        """Commits whose parents were not fetched (empty for a full clone)."""
        path = Path(self._text("rev-parse", "--git-path", "shallow").strip())
        path = path if path.is_absolute() else self.cwd / path
        try:
            return frozenset(path.read_text(encoding="ascii").split())
        except OSError:
            return frozenset()

    def tags_skipped(self) -> bool:
        """Whether a remote is set not to fetch tags (`git clone --no-tags` sets `remote.<name>.tagopt`)."""
        found = self._text("config", "--get-regexp", r"^remote\..*\.tagopt$", check=False)
        return any(line.split(" ", 1)[-1].strip() == "--no-tags" for line in found.splitlines())

    def is_clean(self, paths: list[str]) -> bool:
        """No change, staged or not, and no untracked file below these paths."""
        return not self.run("status", "--porcelain", "--untracked-files=all", "--", *paths).strip()

    def resolve(self, revision: str) -> str | None:
        """The commit a revision names (a tag, a branch, a commit id); None when it names none."""
        if revision.startswith("-"):
            return None
        found = self._text("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
                           check=False).strip()
        return found or None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return subprocess.run(["git", *_FIXED, "merge-base", "--is-ancestor", older, newer], cwd=self.cwd,
                              capture_output=True, check=False).returncode == 0

    # --- commits ------------------------------------------------------------------------

    def commits(self, paths: list[str], revisions: tuple[str, ...] = ("HEAD",)) -> list[tuple[Commit, tuple[str, ...]]]:
        """Commits touching `paths`, newest first, each with the files it touched (relative to the toplevel)."""
        if self.head() is None:
            return []
        format_ = _RECORD + _FIELD.join(("%H", "%aI", "%ct", "%an", "%s"))
        args = ["log", "-z", f"--format={format_}", "--name-only", "--no-renames", *revisions]
        found = []
        for record in self._text(*args, "--", *paths).split(_RECORD)[1:]:
            head, _, names = record.partition("\0")
            sha, author_date, commit_time, author, subject = head.split(_FIELD, 4)
            files = tuple(name.strip("\n") for name in names.split("\0") if name.strip("\n"))
            found.append((Commit(sha, datetime.datetime.fromisoformat(author_date), int(commit_time), author,
                                 subject), files))
        return found

    def tags(self, prefix: str) -> list[tuple[str, str, int | None]]:
        """(tag name, commit, tagger time or None for a lightweight tag) of every tag below refs/tags/<prefix>."""
        format_ = _FIELD.join(("%(refname)", "%(objectname)", "%(*objectname)", "%(taggerdate:unix)"))
        found = []
        for line in self._text("for-each-ref", f"--format={format_}", f"refs/tags/{prefix}").splitlines():
            ref, obj, peeled, tagged = line.split(_FIELD)
            found.append((ref.removeprefix("refs/tags/"), peeled or obj, int(tagged) if tagged else None))
        return found

    # --- file contents --------------------------------------------------------------------

    def blame(self, path: str, revision: str | None = None) -> list[BlamedLine]:
        """Who last changed each line of a file as it is in the work tree (or at `revision`), in line order."""
        output = self.run("blame", "--porcelain", "--root", *([revision] if revision else []), "--", path)
        lines: list[BlamedLine] = []
        boundary: dict[str, bool] = {}
        current = ""
        for raw in output.split(b"\n"):
            if raw.startswith(b"\t"):
                lines.append(BlamedLine(current, boundary.get(current, False)))
                continue
            head = raw.split(b" ", 1)[0]
            if len(head) == 40 and b" " in raw and all(c in b"0123456789abcdef" for c in head):
                current = head.decode("ascii")
            elif raw == b"boundary":
                boundary[current] = True
        return lines

    def changed_since(self, commit: str, paths: list[str]) -> set[str]:
        """Files below `paths` that differ between `commit` and the work tree (relative to the toplevel)."""
        output = self.run("diff", "--name-only", "-z", "--no-renames", commit, "--", *paths)
        return {name.decode("utf-8", "surrogateescape") for name in output.split(b"\0") if name}

    def files_at(self, commit: str, folders: list[str]) -> dict[str, bytes]:
        """Every regular file below `folders` (paths relative to the toplevel) as it was at a commit."""
        listing = self.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", *folders)
        blobs = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, sha = meta.split(b" ")
            if kind == b"blob" and mode in (b"100644", b"100755"):
                blobs.append((path.decode("utf-8", "surrogateescape"), sha.decode("ascii")))
        contents = self.objects([sha for _, sha in blobs])
        return {path: contents[sha] for path, sha in blobs}

    def objects(self, names: list[str]) -> dict[str, bytes | None]:
        """The contents of many objects (`sha` or `rev:path`) read by one `git cat-file --batch`."""
        if not names:
            return {}
        output = self.run("cat-file", "--batch", input_bytes="".join(f"{name}\n" for name in names).encode())
        found: dict[str, bytes | None] = {}
        position = 0
        for name in names:
            end = output.index(b"\n", position)
            header = output[position:end].split(b" ")
            position = end + 1
            if len(header) != 3:   # "<name> missing"
                found[name] = None
                continue
            size = int(header[2])
            found[name] = output[position:position + size]
            position += size + 1
        return found

    def last_commit_keeping(self, line: int, path: str, since: str) -> str | None:
        """The last commit after `since` in which line `line` of `path` as it was at `since` still stood."""
        output = self._text("blame", "--porcelain", "--reverse", f"-L{line},{line}", f"{since}..HEAD", "--", path,
                            check=False)
        head = output.split(" ", 1)[0]
        return head if len(head) == 40 else None

    def next_commit_touching(self, after: str, path: str) -> str | None:
        """The first commit after `after`, on the way to HEAD, that touched `path`."""
        found = self._text("log", "--format=%H", "--reverse", "--ancestry-path", f"{after}..HEAD", "--", path,
                           check=False).split()
        return found[0] if found else None


class RepositoryPaths:
    """Between paths as the project names them and as git names them (relative to the toplevel)."""

    def __init__(self, root: Path, toplevel: Path):
        self.root = root.resolve()
        self.toplevel = toplevel.resolve()

    def in_project(self, in_repository: str) -> str:
        return Path(os.path.relpath(self.toplevel / in_repository, self.root)).as_posix()

    def in_repository(self, in_project: str) -> str:
        return Path(os.path.relpath((self.root / in_project).resolve(), self.toplevel)).as_posix()

    @property
    def project(self) -> str:
        """The project folder relative to the toplevel ('.' when they are the same)."""
        return Path(os.path.relpath(self.root, self.toplevel)).as_posix()
