"""The local engine on more than one core: a process pool, for ``--workers N`` without Ray.

Ray pays for a scheduler, an object store and a cluster start; on one machine a plain pool of
worker processes does the same per-article work with less of each. Work goes out in chunks and
comes back in input order; only ``2 × workers`` chunks are in flight, so a long stream is never
held in memory at once. Workers are spawned, not forked: the parent may already hold PyTorch and
spaCy state that is unsafe to fork, and each worker loads what it needs once (``initializer``).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from parallax.errors import ParallaxError

T = TypeVar("T")
R = TypeVar("R")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_map(
    work: Callable[[list[T]], list[R]],
    items: Iterable[T],
    *,
    workers: int,
    chunk_size: int,
    initializer: Callable[[], object] | None = None,
) -> Iterator[R]:
    """``work`` (a module-level function: list in, list out, same order) over ``items`` in chunks
    on ``workers`` processes; results are yielded in input order as they become ready.

    A worker that dies (killed, out of memory) ends the run with a ``ParallaxError``: the stages
    that use this keep what they finished (ingest stores article by article), so the run resumes."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer) as pool:
        pending: deque[Future[list[R]]] = deque()
        try:
            for chunk in chunked(items, chunk_size):
                pending.append(pool.submit(work, chunk))
                if len(pending) >= 2 * workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as err:
            raise ParallaxError(
                f"a worker process died: {err}", hint="run again to resume, or with --workers 1"
            ) from None
        finally:
            for future in pending:
                future.cancel()
