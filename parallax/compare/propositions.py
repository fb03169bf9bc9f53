"""What a sentence asserts without the attribution around it.

"The mayor added that the bridge could reopen in May" asserts "the bridge could reopen in May": who
said it is not what was said, so facts compare their propositions across outlets, and a figure's
measure is read in the clause that carries it.
"""

from __future__ import annotations

import re

_QUOTES = "\"'“”‘’«»„"
_SAY = (
    r"(?:(?:has|had|have|also|later|further|then|again|\w+ly)\s+)*"
    r"(?:said|says|added|adds|noted|notes|stated|states|stressed|stresses|announced|announces|explained|explains"
    r"|emphasi[sz]ed|argued|insisted|claimed|warned|declared|underlined|remarked|reiterated|affirmed|told)"
)
#: Who: a pronoun, or up to five words of a name or title ("Russian President Vladimir Putin"),
#: perhaps after whose office it is ("Orlmark's deputy foreign minister Pavel Siret").
_WHO = (
    r"(?:he|she|they|we|it|i|the\s+\w+(?:\s+\w+)?"
    r"|(?:[A-Z][\w.-]*['’]s\s+(?:[a-z-]+\s+){0,3})?[A-Z][\w.’'-]*(?:\s+[A-Z(][\w.’')-]*){0,4})"
)
_WHEN = (
    r"(?:\s+(?:on\s+)?(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)"
    r"|\s+on\s+[A-Z][a-z]+\s+\d{1,2})?"
)
_HEARERS = r"(?:\s+(?i:reporters|journalists|the\s+press|\w+\s+media|a\s+news\s+conference))?"
_LEAD_ATTRIBUTION = re.compile(
    rf"^(?:(?i:on)\s+[A-Z][a-z]+\s+\d{{1,2}},\s+)?{_WHO}\s+{_SAY}{_HEARERS}{_WHEN},?\s+(?:that\s+)?(?=\S+\s+\S+\s+\S+)"
)
_TAIL_ATTRIBUTION = re.compile(
    rf"[,\s{_QUOTES}]+(?:{_WHO}\s+{_SAY}|{_SAY}\s+{_WHO}){_HEARERS}{_WHEN}"
    r"(?:,\s+(?:without|before|after|as|when|while|in\s+a|at\s+a)\s[^.;]*)?"  # how or when it was said
    rf"[\s.{_QUOTES}]*$"
    r"|,?\s+according\s+to\s+[^.;]{1,120}[.\s]*$"
)
_LEAD_ACCORDING = re.compile(r"^according\s+to\s+[^,]{1,80},\s+")
_LEAD_JOINT = re.compile(r"^(?:although|though|but|while|whereas|and|overall|in\s+general)\b,?\s+", re.I)


def proposition(text: str) -> str:
    """``text`` without the attribution around it: "The mayor added that the bridge could reopen in
    May" → "the bridge could reopen in May"; "'We are ready,' he said." → "We are ready".
    The words of the claim are kept; only the frame naming its source goes."""
    core = text.strip()
    for _ in range(2):  # a lead and a tail can both frame one clause
        before = core
        core = _TAIL_ATTRIBUTION.sub("", core)
        core = _LEAD_ACCORDING.sub("", core)
        core = _LEAD_ATTRIBUTION.sub("", core)
        core = _LEAD_JOINT.sub("", core.strip(_QUOTES + " ,;:–—"))
        if core == before:
            break
    core = core.strip(_QUOTES + " ,.;:–—")
    return core if len(core.split()) >= 3 else text.strip()
