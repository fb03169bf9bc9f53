"""What a rule sees beside its match: the anchor, the tense around the match, and the time
expressions already found before it in the same text (for "the quarter" after "the third quarter")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from parallax.model import TimeExpr


@dataclass(frozen=True, slots=True)
class Context:
    anchor: date | None
    direction: int  # -1 past, 0 unknown, +1 future (from the sentence's tense)
    prior: Sequence[TimeExpr] = field(default=())  # the expressions before this one, in text order


#: How many of the expressions before a rule it may look back through: a text names the time it
#: refers back to shortly before, and a bound keeps long texts linear.
LOOKBACK = 100


def recent(ctx: Context) -> Iterator[TimeExpr]:
    """The expressions before this one, nearest first, at most :data:`LOOKBACK` of them."""
    return reversed(ctx.prior[-LOOKBACK:])


Result = tuple[str, str] | None  # (value, type)
Handler = Callable[[re.Match[str], Context], Result]
