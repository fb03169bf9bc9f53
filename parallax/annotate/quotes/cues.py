"""Words that introduce what someone said, wrote, thought, wanted or stood for, in every inflection.

An attribution is more than a quote: "the senator called for a ban", "Clinton wants to raise
taxes", "the union endorsed Sanders" report a position of the subject as much as "she said that
...". The verbs are grouped by the complement that carries what is attributed:

- a clause ("said that ...", "wants to ...", "seemed to ..."): ``CLAUSE_VERBS``;
- a noun phrase ("endorsed Sanders", "criticized the plan", "announced a run"): ``OBJECT_VERBS``;
- a prepositional object ("called for a ban", "talked about taxes", "accused him of lying"):
  ``PREP_CUES``, the verb with the prepositions that introduce what it reports.

The pipeline runs without spaCy's lemmatizer (it costs time and the quote finder is its only
user), so each verb's forms are spelled out here from its base form.
"""

from __future__ import annotations

#: Verbs of saying, writing, thinking and finding, in their base form.
SPEECH_BASES = (  # noqa: SIM905 (a word list reads best as words)
    "accuse acknowledge add admit agree allege announce answer argue ask assert assure bark believe blast "
    "boast brag call charge cite claim complain conclude concede confirm contend continue counter criticize "
    "declare decry deny describe emphasise emphasize estimate exclaim expect explain fear find hope "
    "indicate insist joke lament maintain mention mock note observe pledge point post praise predict "
    "proclaim promise quip react recall recount reference remark reply report respond retort reveal say scream "
    "shout show signal slam snap state stress suggest tell testify think tweet urge vow warn wonder write yell"
).split()

#: Verbs of knowing, deciding and intending whose clause or infinitive is the subject's position
#: ("knows that ...", "refused to ...", "seems to agree").
STANCE_CLAUSE_BASES = (  # noqa: SIM905
    "appear assume aim caution decide decline demand determine doubt feel guarantee hear imply intend "
    "know learn like notice offer order plan prefer propose realize recognize recommend refuse regret "
    "reiterate remind rule seek seem speculate suspect swear threaten understand want wish worry"
).split()

#: Verbs whose direct object is what the subject states, wants or stands for ("endorsed Sanders",
#: "unveiled a tax plan", "expressed concern").
OBJECT_BASES = (  # noqa: SIM905
    "accuse acknowledge address admit announce applaud attack back blame blast champion cite condemn "
    "criticize decry defend demand denounce deny deride describe discuss dismiss dispute endorse "
    "emphasize embrace express fault favor hail highlight issue lambaste mention mock note offer "
    "oppose pledge post praise predict promise propose publish question rebuke recommend reiterate "
    "reject release repeat request reveal ridicule say scold see seek show slam stress support "
    "threaten tout tweet unveil voice vow want welcome write"
).split()

#: Verbs with the prepositions that introduce what they report ("called for", "spoke about").
PREP_BASES: dict[str, tuple[str, ...]] = {
    "accuse": ("of",),
    "advocate": ("for",),
    "agree": ("with", "on"),
    "allude": ("to",),
    "apologize": ("for",),
    "argue": ("for", "against"),
    "ask": ("for", "about"),
    "blame": ("for",),
    "boast": ("about", "of"),
    "brag": ("about",),
    "call": ("for",),
    "characterize": ("as",),
    "comment": ("on",),
    "complain": ("about", "of"),
    "criticize": ("for",),
    "describe": ("as",),
    "disagree": ("with", "on"),
    "elaborate": ("on",),
    "fault": ("for",),
    "focus": ("on",),
    "hope": ("for",),
    "insist": ("on",),
    "joke": ("about",),
    "lash": ("at",),
    "object": ("to",),
    "plead": ("for",),
    "point": ("to",),
    "portray": ("as",),
    "praise": ("for",),
    "press": ("for",),
    "push": ("for",),
    "rail": ("against",),
    "refer": ("to",),
    "regard": ("as",),
    "reply": ("to",),
    "respond": ("to",),
    "see": ("as",),
    "speak": ("about", "of", "against"),
    "speculate": ("about", "on"),
    "talk": ("about", "of"),
    "testify": ("about",),
    "thank": ("for",),
    "think": ("about", "of"),
    "view": ("as",),
    "vote": ("for", "against"),
    "warn": ("about", "of", "against"),
    "worry": ("about",),
    "write": ("about", "of"),
}

#: Past and -ing forms that the spelling rules below do not give.
IRREGULAR = {
    "say": ("said", "saying"),
    "tell": ("told", "telling"),
    "think": ("thought", "thinking"),
    "find": ("found", "finding"),
    "write": ("wrote", "written", "writing"),
    "see": ("saw", "seen", "seeing"),
    "know": ("knew", "known", "knowing"),
    "feel": ("felt", "feeling"),
    "seek": ("sought", "seeking"),
    "hear": ("heard", "hearing"),
    "swear": ("swore", "sworn", "swearing"),
    "understand": ("understood", "understanding"),
    "speak": ("spoke", "spoken", "speaking"),
    "signal": ("signaled", "signalled", "signaling", "signalling"),
}

#: One-syllable (or end-stressed) bases that double their last consonant ("planned", "admitting").
DOUBLING = frozenset(["admit", "plan", "quip", "refer", "prefer", "regret", "slam", "snap"])


def forms(base: str) -> set[str]:
    """``base`` with its third-person, past and -ing forms ("reply" → replies, replied, replying)."""
    consonant_y = base.endswith("y") and base[-2] not in "aeiou"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        third = base + "es"
    else:
        third = base[:-1] + "ies" if consonant_y else base + "s"
    if base in IRREGULAR:
        return {base, third, *IRREGULAR[base]}
    if base in DOUBLING:
        return {base, third, base + base[-1] + "ed", base + base[-1] + "ing"}
    past = base + "d" if base.endswith("e") else base[:-1] + "ied" if consonant_y else base + "ed"
    ing = base[:-1] + "ing" if base.endswith("e") and not base.endswith("ee") else base + "ing"
    return {base, third, past, ing}


def _all_forms(bases: list[str] | tuple[str, ...]) -> frozenset[str]:
    return frozenset(f for base in bases for f in forms(base))


SPEECH_VERBS = _all_forms(SPEECH_BASES)
#: Every verb whose clausal complement is reported ("said that", "wants to").
CLAUSE_VERBS = SPEECH_VERBS | _all_forms(STANCE_CLAUSE_BASES)
OBJECT_VERBS = _all_forms(OBJECT_BASES)
#: Verbs of naming, which report their object only with its name ("called the plan a mistake").
NAMING_VERBS = _all_forms(("brand", "call", "deem", "dub", "label", "term"))
#: Each inflected verb with the prepositions that introduce what it reports.
PREP_CUES: dict[str, frozenset[str]] = {f: frozenset(preps) for base, preps in PREP_BASES.items() for f in forms(base)}
#: Verbs that introduce a direct quote ('"...," she continued') but whose complement is no
#: reported speech ("continued to rise", "joked about").
DIRECT_ONLY = _all_forms(("continue", "exclaim", "quip", "scream", "shout", "yell"))
#: Verbs whose subject is not who holds the view: "Christie appeared to end his bid" is the
#: writer's reading of Christie, not something Christie said.
SOURCELESS = _all_forms(("appear", "seem"))
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "him", "her", "them"])
