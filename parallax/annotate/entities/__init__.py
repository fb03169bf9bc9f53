"""Named entities: mentions per article (``find_mentions``) and one entity per referent across a
corpus (``link_entities``)."""

from parallax.annotate.entities.link import link_entities
from parallax.annotate.entities.recognise import find_mentions

__all__ = ["find_mentions", "link_entities"]
