"""A short neutral title for an event or storyline, from the articles' own words: the title whose
words the group's other titles share most (the medoid), so no outlet's framing is invented."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from parallax.stories.features import StoryInput

_WORD = re.compile(r"[\w'’-]+")


def event_title(docs: Sequence[StoryInput]) -> str:
    titles = [d.title.strip() for d in docs if d.title and d.title.strip()]
    if not titles:
        first = next((d.text.strip().split("\n", 1)[0] for d in docs if d.text.strip()), "")
        words = first.split()
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    bags = [Counter(w.lower() for w in _WORD.findall(t)) for t in titles]
    total: Counter[str] = Counter()
    for bag in bags:
        total.update(set(bag))

    def centrality(i: int) -> float:
        bag = bags[i]
        shared = sum(total[w] - 1 for w in bag)
        return shared / (1 + len(bag) ** 0.5)

    return titles[max(range(len(titles)), key=lambda i: (centrality(i), -len(titles[i])))]
