"""Cases of tests/test_prerender.py, each run in a process of its own: a worker is forked only from a
process with one thread, and the test session runs servers and browsers on threads of its own."""

from __future__ import annotations

import os
import sys
import time

from mkdocs_scorecards.render.prerender import Prerenderer


def items(count: int, slow: float = 0.0, fail_in_worker_at: int | None = None):
    parent = os.getpid()

    def item(number: int):
        def render():
            if slow:
                time.sleep(slow)
            if number == fail_in_worker_at and os.getpid() != parent:
                raise RuntimeError("the worker breaks here")
            return {"number": number, "html": "<p>" + "x" * number + "</p>", "pid": os.getpid()}
        return render

    return [item(n) for n in range(count)]


def every_item_comes_back_in_any_order_asked():
    prerenderer = Prerenderer(items(300))
    try:
        assert prerenderer.worker is not None
        asked = list(range(0, 300, 2)) + list(range(299, 0, -2))
        for number in asked:
            result = prerenderer.get(number)
            assert result["number"] == number and result["html"] == "<p>" + "x" * number + "</p>"
    finally:
        prerenderer.close()
    assert prerenderer.worker is None


def the_work_is_shared():
    """With each item taking a while, the build renders some while the worker renders others."""
    prerenderer = Prerenderer(items(40, slow=0.01))
    try:
        pids = {prerenderer.get(number)["pid"] for number in range(40)}
    finally:
        prerenderer.close()
    assert os.getpid() in pids and len(pids) == 2


def a_worker_that_fails_leaves_the_rest_to_the_build():
    prerenderer = Prerenderer(items(50, fail_in_worker_at=10))
    try:
        assert [prerenderer.get(number)["number"] for number in range(50)] == list(range(50))
    finally:
        prerenderer.close()


def a_worker_that_dies_leaves_the_rest_to_the_build():
    prerenderer = Prerenderer(items(200, slow=0.002))
    try:
        assert prerenderer.get(0)["number"] == 0
        os.kill(prerenderer.worker, 9)
        assert [prerenderer.get(number)["number"] for number in range(1, 200)] == list(range(1, 200))
    finally:
        prerenderer.close()


def without_a_worker_items_are_rendered_when_asked():
    prerenderer = Prerenderer(items(5), use_worker=False)
    assert prerenderer.worker is None
    assert [prerenderer.get(n)["pid"] for n in range(5)] == [os.getpid()] * 5


if __name__ == "__main__":
    globals()[sys.argv[1]]()
