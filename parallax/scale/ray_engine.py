"""Per-article annotation and cleaning on Ray Data, with results identical to local runs.

The expensive, independent part of annotation (spaCy parse, entities, quotes, time, quantities
per article) runs in ``map_batches`` on an actor pool, so each worker loads the model once. What
needs the whole corpus stays on the driver, exactly as in the local engine: entities linked
across articles and quote speakers named by their canonical entity. Order is preserved, so the
output rows come back in input order. A worker killed mid-run is restarted and its batches run
again (annotation is a pure function of the article), so the run still completes, unchanged.

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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from parallax.errors import InputError, MissingDependency
from parallax.ingest.batch import Builder, Job
from parallax.model import Article, Entity

BATCH_SIZE = 16


class _Annotator:
    """A Ray actor: loads the spaCy pipeline once, then annotates batches of pickled articles."""

    def __init__(self) -> None:
        from parallax.annotate.nlp import load_nlp

        load_nlp()

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from parallax.annotate.pipeline import annotate_each

        articles = [pickle.loads(b) for b in batch["article"]]
        done = [pickle.dumps(a) for a in annotate_each(articles)]
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
    articles: Sequence[Article], *, address: str | None = None, workers: int | None = None
) -> list[Article]:
    """``annotate_each`` for every article, on Ray; ``workers`` actors (default: one per CPU)."""
    _ray()
    if not articles:
        return []
    with cluster(address=address, workers=workers) as (ray, pool):
        data = ray.data.from_items([{"article": pickle.dumps(a)} for a in articles])
        # No fault-tolerance options needed: Ray Data gives pool actors max_restarts=-1 and
        # max_task_retries=-1, so a worker that dies (killed, OOM, node lost) is restarted and the
        # batch it was running is run again, and nothing is lost. (Passing them explicitly, as
        # extra ray_remote_args, warns in Ray 2.60: removed in 2.64.) tests/test_ray.py kills a worker
        # mid-run to hold Ray to it. The other side of it: a batch that kills its worker every
        # time (say, a native crash on one article) is retried for ever instead of failing.
        out = data.map_batches(
            _Annotator,
            batch_size=BATCH_SIZE,
            compute=ray.data.ActorPoolStrategy(size=pool),
            num_cpus=1,
            batch_format="numpy",
        )
        return [pickle.loads(row["article"]) for row in out.iter_rows()]


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


def annotate_on_ray(
    articles: Sequence[Article], *, address: str | None = None, workers: int | None = None
) -> tuple[list[Article], list[Entity]]:
    """The annotate stage with its per-article part on Ray and its corpus part here."""
    from parallax.annotate.entities import link_entities
    from parallax.annotate.pipeline import name_speakers

    annotated = annotate_each_on_ray(articles, address=address, workers=workers)
    linked, entities = link_entities(annotated)
    return [name_speakers(a) for a in linked], entities
