"""Python's cyclic garbage collector, paused while values are built in bulk."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic collector (where it runs) for the block.

    Parsing builds many small containers and no reference cycles; the collector
    would rescan them all again and again, making large registers super-linear
    to load. Their memory is still freed as usual when they are dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
