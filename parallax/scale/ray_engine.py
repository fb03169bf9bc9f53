"""Per-article annotation and cleaning on Ray Data, with results identical to local runs.

The expensive, independent part of annotation (spaCy parse, entities, quotes, time, quantities
per article) runs in ``map_batches`` on an actor pool, so each worker loads the model once. The
articles go to Ray a chunk of a few thousand at a time, so the driver never holds more. What
needs the whole corpus stays on the driver, exactly as in the local engine: entities linked
across articles and quote speakers named by their canonical entity. Order is preserved, so the
output rows come back in input order. A worker killed mid-run is restarted and its batches run
again (annotation is a pure function of the article), so the run still completes, unchanged; a
batch that kills its worker every time ends the run after ``MAX_ATTEMPTS`` deaths.

Ingest works the same way: reading, the corpus evidence (lines recurring across an outlet's
pages), the unchanged-input check, duplicate linking, the store writes and story placement stay
on the driver; only cleaning each document, with the evidence for it sent along, runs on Ray.

Locally ``ray.init()`` starts a cluster on this machine; ``address="auto"`` joins a running one
(``ray start --head`` on the head node, ``ray start --address HEAD:6379`` on each worker).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, count
from typing import Any

import numpy as np

from parallax.errors import InputError, MissingDependency, ParallaxError
from parallax.ingest.batch import Builder, Job
from parallax.model import Article
from parallax.scale.processes import chunked

BATCH_SIZE = 16
#: Articles per Ray dataset: the driver holds one chunk at a time, and each chunk's actor pool
#: loads the model once per worker (seconds, against minutes of annotation).
CHUNK_SIZE = 2_000
#: Runs of one batch that may end with its worker dead before the run stops: a worker killed
#: once (out of memory, node lost) is survived, an article that crashes the annotator every
#: time (a native crash) is not retried for ever.
MAX_ATTEMPTS = 3


class _Attempts:
    """A Ray actor: how many times each batch (by its first article's index in the stream) has
    started and not finished, and why the run was stopped, if it was.

    Ray Data gives pool actors ``max_restarts=-1`` and ``max_task_retries=-1``, so a worker that
    dies is restarted and its batch run again, without limit. Capping them means passing them as
    ``map_batches(**ray_remote_args)``, which Ray 2.60 warns is deprecated (removed in 2.64), and
    it has no other setting for it (``DataContext``'s ``max_map_retries`` and
    ``actor_task_retry_on_errors`` are about exceptions, ``max_consecutive_actor_init_deaths``
    about deaths while loading). So the annotators count their own runs here, and a batch on
    its run after ``MAX_ATTEMPTS`` deaths stops the run. (A worker that dies before a batch
    reaches it is not counted against the batch.) The reason is kept here for the driver: Ray
    Data hands it the worker's exception as a generic ``UserCodeException``."""

    def __init__(self) -> None:
        self._started: dict[int, int] = {}
        self._stopped: str | None = None

    def start(self, batch: int) -> int:
        self._started[batch] = self._started.get(batch, 0) + 1
        return self._started[batch]

    def finish(self, batch: int) -> None:
        self._started.pop(batch, None)

    def stop(self, reason: str) -> None:
        self._stopped = self._stopped or reason

    def stopped(self) -> str | None:
        return self._stopped


class _Annotator:
    """A Ray actor: loads the spaCy pipeline once, then annotates batches of pickled articles."""

    def __init__(self, attempts: Any, max_attempts: int) -> None:
        from parallax.annotate.nlp import load_nlp

        self._attempts, self._max_attempts = attempts, max_attempts
        load_nlp()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        import ray

        from parallax.annotate.pipeline import annotate_each

        first = int(batch["index"][0])
        articles = [pickle.loads(b) for b in batch["article"]]
        runs = ray.get(self._attempts.start.remote(first))
        if runs > self._max_attempts:
            reason = (
                f"a Ray worker died {runs - 1} times annotating the {len(articles)} articles "
                f"{articles[0].id} … {articles[-1].id}; one of them crashes the annotator"
            )
            ray.get(self._attempts.stop.remote(reason))
            raise RuntimeError(reason)
        done = [pickle.dumps(a) for a in annotate_each(articles)]
        self._attempts.finish.remote(first)
        return {"article": np.array(done, dtype=object)}


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise MissingDependency("the Ray engine", "scale") from None
    return ray


@contextmanager
def cluster(*, address: str | None = None, workers: int | None = None) -> Iterator[tuple[Any, int]]:
    """Ray, with ``(ray, pool size)``: joins the cluster at ``address``, or starts one here with
    ``workers`` CPUs (default: one per CPU) and shuts it down after; Ray Data keeps row order."""
    ray = _ray()
    started_here = not ray.is_initialized()
    if started_here:
        os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")
        os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")  # no "Starting execution" lines on stderr
        logging.getLogger("ray").setLevel(logging.ERROR)
        ray.init(
            address=address,
            num_cpus=None if address else (workers or os.cpu_count()),
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,
        )
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        yield ray, workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    finally:
        if started_here:
            ray.shutdown()


def annotate_each_on_ray(
    articles: Iterable[Article], *, address: str | None = None, workers: int | None = None
) -> Iterator[Article]:
    """``annotate_each`` for every article, on Ray, in input order; ``workers`` actors (default:
    one per CPU). Articles are read ``CHUNK_SIZE`` at a time, so a stream is never held whole."""
    _ray()
    chunks = chunked(articles, CHUNK_SIZE)
    first = next(chunks, None)
    if first is None:
        return
    with cluster(address=address, workers=workers) as (ray, pool):
        attempts = ray.remote(num_cpus=0)(_Attempts).remote()
        start = 0
        for chunk in chain([first], chunks):
            yield from _annotate_chunk(ray, pool, attempts, chunk, start)
            start += len(chunk)


def _annotate_chunk(ray: Any, pool: int, attempts: Any, chunk: list[Article], start: int) -> Iterator[Article]:
    """One dataset: the chunk's articles (numbered from ``start`` in the stream) annotated on an
    actor pool of ``pool`` annotators."""
    data = ray.data.from_items([{"index": i, "article": pickle.dumps(a)} for i, a in zip(count(start), chunk)])
    out = data.map_batches(
        _Annotator,
        fn_constructor_kwargs={"attempts": attempts, "max_attempts": MAX_ATTEMPTS},
        batch_size=BATCH_SIZE,
        compute=ray.data.ActorPoolStrategy(size=pool),
        num_cpus=1,
        batch_format="numpy",
    )
    try:
        for row in out.iter_rows():
            yield pickle.loads(row["article"])
    except Exception:
        reason = ray.get(attempts.stopped.remote())
        if reason is None:
            raise
        raise ParallaxError(reason, hint="leave those articles out and run again") from None


# --- ingest: the per-document cleaning ---------------------------------------------------------


def _clean_batch(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A Ray task: ``build_one`` for each pickled ``(raw, boilerplate_lines, banner_lines)`` job
    (an ``InputError`` comes back as a value, pickled whole)."""
    from parallax.ingest.batch import build_one

    done = [pickle.dumps(build_one(*pickle.loads(job))) for job in batch["job"]]
    return {"result": np.array(done, dtype=object)}


@contextmanager
def cleaning_on_ray(*, address: str | None = None, workers: int | None = None) -> Iterator[Builder]:
    """A ``clean_stream`` builder that cleans each chunk's documents on Ray (tasks, ``workers``
    at a time), results in job order; the cluster lives as long as the ``with`` block.

    Cleaning is a pure function of the document and the corpus evidence sent with it, so a
    batch rerun after a lost worker gives the same articles."""
    with cluster(address=address, workers=workers) as (ray, pool):

        def build(jobs: Sequence[Job]) -> Iterator[Article | InputError]:
            if not jobs:
                return
            # One block per batch, so the batches run side by side (one block would be one task).
            blocks = -(-len(jobs) // BATCH_SIZE)
            data = ray.data.from_items([{"job": pickle.dumps(job)} for job in jobs], override_num_blocks=blocks)
            out = data.map_batches(
                _clean_batch,
                batch_size=BATCH_SIZE,
                compute=ray.data.TaskPoolStrategy(size=pool),
                num_cpus=1,
                batch_format="numpy",
            )
            for row in out.iter_rows():
                yield pickle.loads(row["result"])

        yield build
