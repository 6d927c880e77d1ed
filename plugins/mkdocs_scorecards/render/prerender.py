"""Rendering on a second core: a forked worker renders pending pages and files while MkDocs does its own work.

A build spends about as long rendering the generated pages, CSV and JSON as
MkDocs spends on everything else, and MkDocs uses one core. So, where the
platform forks, a worker process is forked once everything is evaluated; it
renders the items in the order MkDocs will ask for them and sends each result
back through a pipe, which a thread of the build reads. When MkDocs asks for
an item the worker has not taken yet, the build renders that item itself and
marks it, so that the worker passes it over: the two share the work and
neither waits long for the other. The worker stays at most `AHEAD_BYTES` of results
ahead of the build, so that results waiting to be written do not pile up.

The result does not depend on who rendered what: an item is rendered by the
same code from the same evaluation either way (the worker is a fork: it sees
exactly the parent's objects), so the site is byte-identical. Anything that
goes wrong in the worker (an exception, the worker dying) makes the build
render the remaining items itself; a rendering error is raised by the build's
own rendering, as it would be without a worker.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import struct
import threading
import time
from collections.abc import Callable, Sequence

AHEAD_BYTES = 32 << 20                   # results the worker may have sent that the build has not used yet ...
_UNIT = 64 << 10                         # ... counted in units of this many bytes (a small file takes one)
_ROOM = AHEAD_BYTES // _UNIT
PIPE_BYTES = 1 << 20                     # the pipe's size where the system lets it be set (Linux' default limit)
_OPEN, _TAKEN = 0, 1                     # each item's mark, shared by the build and the worker
# Item index (-1: the worker is done), length of the pickled result, units of room it holds until used.
_HEADER = struct.Struct("<iII")


class Prerenderer:
    """Renders `items` (callables taking no argument) on a second core; `get(i)` is item i's result."""

    def __init__(self, items: Sequence[Callable[[], object]], use_worker: bool = True):
        self.items = items
        self.worker: int | None = None
        self._results: dict[int, object] = {}     # sent by the worker, not yet asked for
        self._held: dict[int, int] = {}           # and the units of room each holds
        self._mine: dict[int, object] = {}        # rendered here ahead of being asked for
        self._cursor = 0
        self._arrived = threading.Condition()
        self._receiving = False
        if use_worker and len(items) > 1 and can_fork():
            self._start()

    # --- the worker -------------------------------------------------------------------------

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self._marks = multiprocessing.RawArray("b", len(self.items))
        self._lock = context.Lock()
        self._room = context.Semaphore(_ROOM)
        read, write = os.pipe()
        _widen(write)
        # Objects that exist now are left out of the worker's garbage collections: a collection touches
        # every object it tracks, and each page of memory touched is copied into the worker.
        gc.freeze()
        pid = os.fork()
        if pid != 0:
            gc.unfreeze()
        if pid == 0:
            os.close(read)
            code = 0
            try:
                self._work(write)
            except BaseException:                 # the build renders what is left itself
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        self.worker = pid
        self._receiving = True
        self._reader = threading.Thread(target=self._receive_all, args=(os.fdopen(read, "rb"),), daemon=True)
        self._reader.start()

    def _take(self, index: int) -> bool:
        with self._lock:
            if self._marks[index] != _OPEN:
                return False
            self._marks[index] = _TAKEN
            return True

    def _work(self, write: int) -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        with os.fdopen(write, "wb") as pipe:
            for index, item in enumerate(self.items):
                if not self._take(index):
                    continue
                data = pickle.dumps(item(), protocol=pickle.HIGHEST_PROTOCOL)
                held = self._make_room(min(1 + len(data) // _UNIT, _ROOM))
                pipe.write(_HEADER.pack(index, len(data), held) + data)
                pipe.flush()
            pipe.write(_HEADER.pack(-1, 0, 0))

    def _make_room(self, units: int) -> int:
        """Wait until the build has used enough of what was sent, and return the units taken; never a
        deadlock: past two seconds, send anyway with what was taken."""
        deadline = time.monotonic() + 2
        for taken in range(units):
            if not self._room.acquire(timeout=max(0.0, deadline - time.monotonic())):
                return taken
        return units

    # --- the build ----------------------------------------------------------------------------

    def _receive_all(self, pipe) -> None:
        try:
            with pipe:
                while True:
                    header = pipe.read(_HEADER.size)
                    if len(header) < _HEADER.size:
                        return
                    index, length, held = _HEADER.unpack(header)
                    if index < 0:
                        return
                    data = pipe.read(length)
                    if len(data) < length:
                        return
                    result = pickle.loads(data)
                    with self._arrived:
                        self._results[index] = result
                        self._held[index] = held
                        self._arrived.notify_all()
        finally:
            with self._arrived:
                self._receiving = False
                self._arrived.notify_all()

    def get(self, index: int):
        """Item `index`'s result: the worker's, or rendered here if the worker has not taken it.

        Rather than wait while the worker renders the item asked for, the build
        renders the next item nobody has taken, which MkDocs will ask for soon.
        """
        if index in self._mine:
            return self._mine.pop(index)
        if self.worker is None or self._take(index):
            return self.items[index]()
        while True:
            with self._arrived:
                if index in self._results:
                    result = self._results.pop(index)
                    break
                if not self._receiving:               # the worker stopped before sending it
                    return self.items[index]()
            ahead = self._take_ahead(index + 1)
            if ahead is not None:
                self._mine[ahead] = self.items[ahead]()
                continue
            with self._arrived:
                while index not in self._results and self._receiving:
                    self._arrived.wait()
        for _ in range(self._held.pop(index)):
            self._room.release()
        return result

    def _take_ahead(self, start: int) -> int | None:
        """The first item from `start` on that nobody has taken, taken; None when there is none."""
        self._cursor = max(self._cursor, start)
        while self._cursor < len(self.items):
            candidate = self._cursor
            self._cursor += 1
            if self._take(candidate):
                return candidate
        return None

    def close(self) -> None:
        """Stop the worker, if it is still there; items not fetched are simply not rendered."""
        if self.worker is None:
            return
        try:
            os.kill(self.worker, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.worker, 0)
        self.worker = None
        self._reader.join(timeout=5)
        self._results.clear()
        self._held.clear()
        self._mine.clear()


def _widen(pipe: int) -> None:
    """Let the pipe hold several pages (Linux), so that the worker goes on rendering instead of waiting until
    the build, busy with MkDocs, has read the last one; elsewhere the pipe keeps its size."""
    try:
        import fcntl
        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def can_fork() -> bool:
    """Whether a worker can be forked safely: the platform forks, and this process runs one thread (a fork
    copies only the thread that calls it, with whatever locks the others held)."""
    return (hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)
