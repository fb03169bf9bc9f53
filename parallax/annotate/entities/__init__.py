"""Named entities: mentions per article (``find_mentions``) and one entity per referent across a
corpus (``link_entities`` for a list, ``learn_links`` for a corpus read in passes)."""

from parallax.annotate.entities.link import Links, learn_links, link_entities
from parallax.annotate.entities.recognise import find_mentions

__all__ = ["Links", "find_mentions", "learn_links", "link_entities"]
