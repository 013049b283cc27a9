"""The cyclic garbage collector, paused while soclint builds what a run keeps.

Reading a program and checking it builds many small containers (parsed YAML, Markdown
tokens, schema violations, findings) that live to the end of the run and form almost no
cycles. The collector would rescan all of them again and again as more are made, which
makes a large document super-linear to read and check. Paused, it leaves the garbage to
reference counting, and collects the few cycles once it resumes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
