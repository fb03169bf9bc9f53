"""spaCy's attribute ruler (coarse POS, morphology and a few exceptions from fine-grained tags),
giving the same token attributes at a fraction of the cost.

spaCy's ``AttributeRuler`` runs its general ``Matcher`` over every token for all of its rules
(179 in ``en_core_web_sm``: the tag map, then word and dependency exceptions); that was about a
sixth of the whole spaCy pipeline's time here. Its rules are plain token patterns (exact values,
``IN``, ``NOT_IN``, ``REGEX``), so each one is indexed by one exact value it requires (a tag, a
lowercase form, a dependency label) and each token is tested only against the rules that can
match it; a rule with no exact value (a lone ``REGEX``) is tested at every token. The rules are
read from the loaded model's own ruler, never written out here, and applied in the ruler's order,
later rules winning, as spaCy does; ``tests/test_attributes.py`` checks token-for-token equality
on real text. A model whose patterns use anything else (operators, other attributes) keeps
spaCy's ruler (``compile_rules`` returns None).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

#: Token features the patterns may test, in the order of ``Features``.
FEATURES = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: Features a rule can be indexed by (an exact value or a list of them), most selective first.
_INDEXABLE = ("LOWER", "DEP", "TAG", "IS_SPACE")

Features = tuple[str, str, str, bool]
Test = Callable[[Features], bool]


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of one ruler entry: per token, the tests; where the entry's attributes go."""

    order: int  # the entry's position in the ruler: later entries overwrite earlier ones
    length: int  # tokens in the pattern
    checks: tuple[tuple[int, Test], ...]  # (token offset in the pattern, test)
    target: int  # the token given the attributes, from the start (counted from the end if negative)
    attrs: dict[int, int]  # attribute id → value, as spaCy normalised them

    def matches_at(self, feats: list[Features], start: int) -> bool:
        if start < 0 or start + self.length > len(feats):
            return False
        return all(test(feats[start + k]) for k, test in self.checks)


def _test(feature: int, spec: Any) -> Test | None:
    if isinstance(spec, (str, bool)):
        return lambda f: f[feature] == spec
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op == "IN":
            values = frozenset(arg)
            return lambda f: f[feature] in values
        if op == "NOT_IN":
            values = frozenset(arg)
            return lambda f: f[feature] not in values
        if op == "REGEX" and isinstance(arg, str):
            pattern = re.compile(arg)
            return lambda f: bool(pattern.search(f[feature]))
    return None


def _keys(token: dict[str, Any]) -> list[tuple[int, Any]] | None:
    """The exact values that a token pattern requires of one feature (the rule's index keys)."""
    for name in _INDEXABLE:
        spec = token.get(name)
        if isinstance(spec, (str, bool)):
            return [(FEATURES.index(name), spec)]
        if isinstance(spec, dict) and set(spec) == {"IN"}:
            return [(FEATURES.index(name), v) for v in spec["IN"]]
    return None


class AttributeIndex:
    """The ruler's rules, indexed; ``__call__`` is the spaCy component."""

    def __init__(
        self, index: dict[tuple[int, Any], list[tuple[Rule, int]]], scan: list[Rule], columns: list[int]
    ) -> None:
        self.index = index  # (feature, value) → the rules requiring it, with that token's position
        self.scan = [(rule, 0) for rule in scan]  # rules without an exact value, tried everywhere
        self.columns = columns  # the attribute ids any rule sets
        self.column_of = {attr: j for j, attr in enumerate(columns)}

    def matches(self, feats: list[Features]) -> list[tuple[int, int, Rule]]:
        """``(order, start, rule)`` of every match, in the order the ruler applies them."""
        found = []
        index, scan = self.index, self.scan
        for i, f in enumerate(feats):
            for key in ((0, f[0]), (1, f[1]), (2, f[2]), (3, f[3])):
                for rule, at in index.get(key, ()):
                    if rule.matches_at(feats, i - at):
                        found.append((rule.order, i - at, rule))
            for rule, at in scan:
                if rule.matches_at(feats, i - at):
                    found.append((rule.order, i - at, rule))
        found.sort(key=lambda m: (m[0], m[1]))
        return found

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        raw = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        feats = [(strings[int(t)], strings[int(lo)], strings[int(d)], bool(s)) for t, lo, d, s in raw]
        values = doc.to_array(self.columns)
        for _, start, rule in self.matches(feats):
            at = start + rule.target if rule.target >= 0 else start + rule.length + rule.target
            for attr, value in rule.attrs.items():
                values[at, self.column_of[attr]] = value
        doc.from_array(self.columns, values)
        return doc


def compile_rules(ruler: AttributeRuler) -> AttributeIndex | None:
    """The ruler's rules as an ``AttributeIndex``; None when a pattern needs spaCy's matcher."""
    scan: list[Rule] = []
    index: dict[tuple[int, Any], list[tuple[Rule, int]]] = defaultdict(list)
    columns: list[int] = []
    for order, entry in enumerate(ruler.patterns):
        attrs = ruler.attrs[order]
        if not all(isinstance(k, int) and isinstance(v, int) for k, v in attrs.items()):
            return None
        columns.extend(k for k in attrs if k not in columns)
        for pattern in entry["patterns"]:
            checks: list[tuple[int, Test]] = []
            for k, token in enumerate(pattern):
                if not set(token) <= set(FEATURES):
                    return None
                for name, spec in token.items():
                    test = _test(FEATURES.index(name), spec)
                    if test is None:
                        return None
                    checks.append((k, test))
            rule = Rule(order, len(pattern), tuple(checks), ruler.indices[order], attrs)
            anchored = next(((at, keys) for at, token in enumerate(pattern) if (keys := _keys(token))), None)
            if anchored is None:
                scan.append(rule)
                continue
            at, keys = anchored
            for key in keys:
                index[key].append((rule, at))
    return AttributeIndex(dict(index), scan, columns)


def make_attribute_index(nlp: Any, name: str, patterns: list) -> AttributeIndex:
    """spaCy factory ``parallax_attributes``: the index of an attribute ruler with these patterns."""
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(nlp.vocab, name)
    ruler.add_patterns(patterns)
    compiled = compile_rules(ruler)
    if compiled is None:
        raise ValueError("these attribute ruler patterns need spaCy's matcher")
    return compiled


def use_attribute_index(nlp: Any) -> bool:
    """Replace the pipeline's ``attribute_ruler`` by its index when every pattern allows it."""
    from spacy.language import Language

    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if compile_rules(ruler) is None:
        return False
    if "parallax_attributes" not in Language.factories:
        Language.factory("parallax_attributes", func=make_attribute_index)
    nlp.add_pipe("parallax_attributes", after="attribute_ruler", config={"patterns": ruler.patterns})
    nlp.remove_pipe("attribute_ruler")
    return True
