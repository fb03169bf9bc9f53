"""The fuzz suite, bounded for CI: a few thousand seeded inputs through every reader, ``decode``
and both cleaners; none may raise anything but the project's own errors, run over its time limit
or put text into an article that the store cannot keep (``bench/fuzz.py`` says what is checked;
``python -m bench.fuzz --minutes 30`` is the long run)."""

from __future__ import annotations

import pytest

from bench.fuzz import TARGETS, run_target

#: Inputs per target, and the seed they are drawn from: the same cases on every run.
EXAMPLES = {"decode": 800, "text": 400, "html": 350, "text-file": 300, "jsonl": 300, "feed": 250, "warc": 250}
SEED = 19
#: Seconds for one input: the largest input here cleans in well under a second.
LIMIT = 5.0
MAX_SIZE = 8_000


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_no_input_breaks_a_promise(target) -> None:
    outcome = run_target(
        target, examples=EXAMPLES[target.name], seed_value=SEED, limit=LIMIT, max_size=MAX_SIZE, shrink=True
    )
    assert not outcome.findings, "\n".join(outcome.findings)
    assert outcome.cases >= EXAMPLES[target.name] * 0.9  # hypothesis drew (about) as many as asked
