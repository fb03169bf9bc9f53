"""Words that introduce what someone said, wrote or thought, in every inflection.

The pipeline runs without spaCy's lemmatizer (it costs time and the quote finder is its only
user), so each verb's forms are spelled out here from its base form.
"""

from __future__ import annotations

#: Verbs of saying, writing, thinking and finding, in their base form.
SPEECH_BASES = (  # noqa: SIM905 (a word list reads best as words)
    "accuse acknowledge add admit agree allege announce answer argue ask assert assure believe blast "
    "boast brag call charge claim complain conclude concede confirm contend continue counter criticize "
    "declare decry deny describe emphasise emphasize estimate exclaim expect explain fear find hope "
    "indicate insist joke lament maintain mention mock note observe pledge point post praise predict "
    "proclaim promise quip recall recount remark reply report respond reveal say scream shout show "
    "signal slam state stress suggest tell testify think tweet urge vow warn wonder write yell"
).split()

#: Past and -ing forms that the spelling rules below do not give.
IRREGULAR = {
    "say": ("said", "saying"),
    "tell": ("told", "telling"),
    "think": ("thought", "thinking"),
    "find": ("found", "finding"),
    "write": ("wrote", "written", "writing"),
    "admit": ("admitted", "admitting"),
    "quip": ("quipped", "quipping"),
    "signal": ("signaled", "signalled", "signaling", "signalling"),
}


def forms(base: str) -> set[str]:
    """``base`` with its third-person, past and -ing forms ("reply" → replies, replied, replying)."""
    consonant_y = base.endswith("y") and base[-2] not in "aeiou"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        third = base + "es"
    else:
        third = base[:-1] + "ies" if consonant_y else base + "s"
    if base in IRREGULAR:
        return {base, third, *IRREGULAR[base]}
    past = base + "d" if base.endswith("e") else base[:-1] + "ied" if consonant_y else base + "ed"
    ing = base[:-1] + "ing" if base.endswith("e") and not base.endswith("ee") else base + "ing"
    return {base, third, past, ing}


SPEECH_VERBS = frozenset(f for base in SPEECH_BASES for f in forms(base))
#: Verbs that introduce a direct quote ('"...," she continued') but whose complement is no
#: reported speech ("continued to rise", "joked about").
DIRECT_ONLY = frozenset(
    f for base in ("continue", "exclaim", "joke", "quip", "scream", "shout", "yell") for f in forms(base)
)
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "him", "her", "them"])
