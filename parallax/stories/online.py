"""The name ``parallax.pipeline.assign_stories`` imports; the online path is the story engine."""

from parallax.stories.engine import StoryEngine as OnlineClusterer

__all__ = ["OnlineClusterer"]
