"""Where the per-article work runs: this process, N local processes, or a Ray cluster.

The choice is made once, as an ``Engine``, and handed to the stages: cleaning (ingest) and
annotation are the per-article parts; everything that needs the whole corpus (duplicate linking,
the store, entity linking, stories, cross-checking) stays in the calling process, so every engine
gives the same result. Process pools and Ray are imported only when chosen (Ray needs the
``scale`` extra).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from parallax.annotate.pipeline import PerArticle
    from parallax.ingest.batch import Builder

EngineKind = Literal["local", "ray"]
ENGINES: tuple[EngineKind, ...] = ("local", "ray")


@dataclass(frozen=True, slots=True)
class Engine:
    """``kind`` local (``workers`` > 1: that many processes here) or ray (``address`` of a running
    cluster, else one started here with ``workers`` CPUs)."""

    kind: EngineKind = "local"
    workers: int | None = None
    address: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise ValueError(f"unknown engine {self.kind!r}; use local or ray")

    def annotator(self) -> PerArticle:
        """The per-article annotation stages on this engine."""
        if self.kind == "ray":
            from parallax.scale.ray_engine import annotate_each_on_ray

            return lambda articles: annotate_each_on_ray(articles, address=self.address, workers=self.workers)
        if self.workers and self.workers > 1:
            from parallax.scale.processes import annotate_in_processes

            return lambda articles: annotate_in_processes(articles, self.workers or 1)
        from parallax.annotate.pipeline import annotate_each

        return annotate_each

    def cleaner(self) -> AbstractContextManager[Builder | None]:
        """A ``clean_stream`` builder for this engine (None: clean in this process)."""
        if self.kind == "ray":
            from parallax.scale.ray_engine import cleaning_on_ray

            return cleaning_on_ray(address=self.address, workers=self.workers)
        if self.workers and self.workers > 1:
            from parallax.scale.processes import cleaning_in_processes

            return cleaning_in_processes(self.workers)
        return nullcontext(None)


LOCAL = Engine()
