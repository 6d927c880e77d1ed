"""A site's inputs as they were at a commit, read from git into a temporary folder and loaded.

The folder has the repository's layout, so that the project's own paths
(`data/...`, and `../shared/...` outside the project) read as they do in
the work tree, and messages and sources name the same files.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath

from ..model import Project
from ..options import Options
from .git import Git, RepositoryPaths
from .project import load_project


def load_at_commit(git: Git, commit: str, root: Path, options: Options) -> Project:
    """The project as loaded from the inputs at `commit`; InputError when they had problems then."""
    paths = RepositoryPaths(root, git.toplevel)
    folders = [paths.in_repository(options.definitions), paths.in_repository(options.data)]
    files = git.files_at(commit, folders)
    with tempfile.TemporaryDirectory(prefix="scorecards-at-") as folder:
        top = Path(folder)
        for name, content in files.items():
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:   # git never stores such paths; never follow one
                continue
            target = top.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        project_root = top.joinpath(*PurePosixPath(paths.project).parts) if paths.project != "." else top
        project_root.mkdir(parents=True, exist_ok=True)
        return load_project(project_root, options.definitions, options.data)
