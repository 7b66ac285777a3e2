"""Waiting on events, not on clocks: the one place the tests bound how long they wait.

A test must pass on a loaded machine (2 cores, load 10+), so no test asserts a time. Where a call
could hang for ever (a pipe opened for reading, an alias bomb expanded), the test waits for it to
finish within a generous limit and fails only if it never does. ``YIBAO_TEST_PATIENCE`` multiplies
every limit (say 3 on a very slow machine).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: Multiplies every limit below (a slow or very busy machine may set it higher).
PATIENCE = float(os.environ.get("YIBAO_TEST_PATIENCE") or 1)
#: What a call that must not hang is given before the test calls it hung.
HANG = 300 * PATIENCE


def finishes(call: Callable[[], T], limit: float = HANG) -> T:
    """``call()``'s value, or a failed test if it has not returned within ``limit`` seconds (it hangs).

    The call runs in a daemon thread so that a hang fails this test instead of stopping the run."""
    box: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as e:  # re-raised in the test's own thread
            box["error"] = e
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    if not done.wait(limit):
        raise AssertionError(f"still running after {limit:.0f} s: it hangs")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def wait_for(condition: Callable[[], object], limit: float, every: float = 0.5) -> bool:
    """Poll ``condition`` until it holds or ``limit`` seconds pass; its last answer as a bool."""
    deadline = time.monotonic() + limit * PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())
