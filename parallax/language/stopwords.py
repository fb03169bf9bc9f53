"""English function words: the one list every stage that ignores them uses.

Fact alignment and storyline similarity weigh the words that carry meaning; framing looks for the
content words outlets chose; the line classifier measures how much of a line is ordinary prose.
``SPEECH_WORDS`` are the verbs of attribution, which say who spoke rather than what happened.
"""

from __future__ import annotations

# fmt: off
STOP_WORDS = frozenset((
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
    "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may",
    "me", "might", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
    "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
    "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "you", "your",
))
# fmt: on

SPEECH_WORDS = frozenset(("said", "says", "say", "told", "added", "according"))
