"""The local engine on more than one core: a process pool, for ``--workers N`` without Ray.

Ray pays for a scheduler, an object store and a cluster start; on one machine a plain pool of
worker processes does the same per-article work with less of each. Work goes out in chunks and
comes back in input order; only ``2 × workers`` chunks are in flight, so a long stream is never
held in memory at once. Workers are spawned, not forked: the parent may already hold PyTorch and
spaCy state that is unsafe to fork, and each worker loads what it needs once (``initializer``).
A pool lives for a ``with`` block, so a stage that maps many chunks starts its workers once.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from parallax.errors import InputError, ParallaxError

if TYPE_CHECKING:
    from parallax.ingest.batch import Builder, Job
    from parallax.model import Article

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


class WorkerPool:
    """``workers`` spawned processes for the length of a ``with`` block."""

    def __init__(self, workers: int, *, initializer: Callable[[], object] | None = None) -> None:
        self.workers = workers
        context = multiprocessing.get_context("spawn")
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def map(self, work: Callable[[list[T]], list[R]], items: Iterable[T], *, chunk_size: int) -> Iterator[R]:
        """``work`` (a module-level function: list in, list out, same order) over ``items`` in
        chunks; results are yielded in input order as they become ready.

        A worker that dies (killed, out of memory) ends the run with a ``ParallaxError``: the
        stages that use this keep what they finished (ingest stores article by article), so the
        run resumes."""
        pending: deque[Future[list[R]]] = deque()
        try:
            for chunk in chunked(items, chunk_size):
                pending.append(self._executor.submit(work, chunk))
                if len(pending) >= 2 * self.workers:
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


def _annotate_chunk(articles: list[Article]) -> list[Article]:
    """One worker process's share of the annotation (module level, so a spawned process can import it)."""
    from parallax.annotate.pipeline import annotate_each

    return list(annotate_each(articles))


def annotate_in_processes(articles: Iterable[Article], workers: int) -> Iterator[Article]:
    """``annotate_each`` on ``workers`` spawned processes, each loading the model once; in order."""
    from parallax.annotate.nlp import load_nlp
    from parallax.annotate.pipeline import BATCH_SIZE

    with WorkerPool(workers, initializer=load_nlp) as pool:
        yield from pool.map(_annotate_chunk, articles, chunk_size=BATCH_SIZE)


def _clean_chunk(jobs: list[Job]) -> list[Article | InputError]:
    """``build_one`` for each job: one worker process's share of a chunk."""
    from parallax.ingest.batch import build_one

    return [build_one(*job) for job in jobs]


@contextmanager
def cleaning_in_processes(workers: int) -> Iterator[Builder]:
    """A ``clean_stream`` builder that cleans each chunk's documents on ``workers`` local
    processes; the pool lives as long as the ``with`` block (as ``cleaning_on_ray``'s cluster)."""
    with WorkerPool(workers) as pool:

        def build(jobs: Sequence[Job]) -> Iterator[Article | InputError]:
            return pool.map(_clean_chunk, jobs, chunk_size=16)

        yield build
