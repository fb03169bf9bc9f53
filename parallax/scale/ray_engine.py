"""Per-article annotation on Ray Data: one model load per worker, results identical to local runs.

The expensive, independent part of annotation (spaCy parse, entities, quotes, time, quantities
per article) runs in ``map_batches`` on an actor pool, so each worker loads the model once. What
needs the whole corpus stays on the driver, exactly as in the local engine: entities linked
across articles and quote speakers named by their canonical entity. Order is preserved, so the
output rows come back in input order. A worker killed mid-run is restarted and its batches run
again (annotation is a pure function of the article), so the run still completes, unchanged.

Locally ``ray.init()`` starts a cluster on this machine; ``address="auto"`` joins a running one
(``ray start --head`` on the head node, ``ray start --address HEAD:6379`` on each worker).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Sequence
from typing import Any

import numpy as np

from parallax.errors import MissingDependency
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


def annotate_each_on_ray(
    articles: Sequence[Article], *, address: str | None = None, workers: int | None = None
) -> list[Article]:
    """``annotate_each`` for every article, on Ray; ``workers`` actors (default: one per CPU)."""
    ray = _ray()
    if not articles:
        return []
    started_here = not ray.is_initialized()
    if started_here:
        os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")
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
        pool = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
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
    finally:
        if started_here:
            ray.shutdown()


def annotate_on_ray(
    articles: Sequence[Article], *, address: str | None = None, workers: int | None = None
) -> tuple[list[Article], list[Entity]]:
    """The annotate stage with its per-article part on Ray and its corpus part here."""
    from parallax.annotate.entities import link_entities
    from parallax.annotate.pipeline import name_speakers

    annotated = annotate_each_on_ray(articles, address=address, workers=workers)
    linked, entities = link_entities(annotated)
    return [name_speakers(a) for a in linked], entities
