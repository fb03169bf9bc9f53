"""Stories: every article gets an event (one happening) and a storyline (a developing story).

One engine (``engine.StoryEngine``) does both, for a batch and for a store that grows an article at
a time: the same articles give the same events and storylines, with the same ids, whatever the
order or the batches they arrive in. ``cluster`` is a fresh engine given all the documents.
"""

from __future__ import annotations

from parallax.stories.engine import StoryEngine, cluster
from parallax.stories.features import Assignment, StoryInput
from parallax.stories.titles import event_title

__all__ = ["Assignment", "StoryEngine", "StoryInput", "cluster", "event_title"]
