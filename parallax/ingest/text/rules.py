"""Line rules that hold on any news page, applied over the classifier's scores.

They catch what a per-line score misses: a photo caption reads like prose, a repeated lead is a
good paragraph the second time too, and everything after an "end of article" marker ("Related
articles", "Comments", "Hashtags") belongs to the page, not the article.
"""

from __future__ import annotations

import re

from parallax.ingest.text.lines import _PHOTO, Line, normalise_line

END_MARKERS = frozenset(
    [
        "related related news related articles related stories related content related posts related coverage",
        "    read more read also see also more from more stories more news more on this story you may also like",
        "    you might also like recommended recommended for you most read most popular popular now trending",
        "    hashtags tags topics comments comment leave a comment join the discussion share this article",
        "    share this story share this about the author author box newsletter sign up for our newsletter",
        "    advertisement sponsored content latest news latest stories also read what to read next",
    ]
)
_END = {normalise_line(m) for line in END_MARKERS for m in [line.strip()] if m}
_END |= {
    normalise_line(x)
    for x in (
        "Related news",
        "Related articles",
        "Related stories",
        "Read more",
        "Read also",
        "See also",
        "More from",
        "More stories",
        "You may also like",
        "You might also like",
        "Recommended",
        "Most read",
        "Most popular",
        "Hashtags",
        "Tags",
        "Comments",
        "Leave a comment",
        "Join the discussion",
        "Share this article",
        "Latest news",
        "Also read",
        "What to read next",
        "Trending",
        "Popular",
        "More on this story",
    )
}
_BYLINE = re.compile(r"^(?:by|written by|author|authors|reporting by|words by)\b[:\s]", re.IGNORECASE)
_CHROME = re.compile(
    r"^(?:skip to (?:main )?content|you are here|home|menu|search|advertisement|share|tweet|print|email|pdf"
    r"|up|down|\d+ users? (?:have|has) voted\.?|this audio is created with ai assistance|newsletter|video"
    r"|listen|watch|photos?|gallery|loading\.*|close|subscribe|sign in|log in|register)$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…]['\"”’»)]*$")


def is_caption(line: Line) -> bool:
    return bool(_PHOTO.search(line.text))


def is_byline(line: Line) -> bool:
    return bool(_BYLINE.match(line.text)) and len(line.words) <= 20


def is_chrome(line: Line) -> bool:
    """Page furniture: skip links, share and vote lines, lone section words."""
    return bool(_CHROME.match(line.text.strip(" .:|»")))


def is_end_marker(line: Line) -> bool:
    return len(line.words) <= 6 and normalise_line(line.text) in _END


def is_truncated(line: Line) -> bool:
    """A long paragraph cut off mid-sentence: a teaser of another story."""
    return len(line.words) >= 15 and not _TERMINAL.search(line.text) and not line.text.endswith((":", ";"))
