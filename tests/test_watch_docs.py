"""docs/watch.md says what the code does: its `--help` blocks are the commands' own, its webhook
receiver accepts the watch's signatures and refuses others, and its table of change kinds is
the list of kinds."""

from __future__ import annotations

import json
import re

from bench.shared import REPO
from parallax.cli.docs import help_text
from parallax.watch import ChangeKind, SpanRef
from parallax.watch.changes import Change
from parallax.watch.webhook import payload, sign

GUIDE = REPO / "docs" / "watch.md"


def _blocks(marker: str) -> dict[str, str]:
    text = GUIDE.read_text(encoding="utf-8")
    found = re.findall(rf"<!-- {marker}: (\S+) -->\n```\w*\n(.*?)\n```", text, flags=re.S)
    return dict(found)


def test_help_blocks_are_the_commands_own() -> None:
    blocks = _blocks("help")
    assert set(blocks) == {"watch", "changes"}
    for name, shown in blocks.items():
        assert shown == help_text([name]), f"docs/watch.md: the `parallax {name} --help` block is stale"


def test_the_webhook_receiver_example_checks_real_signatures() -> None:
    namespace: dict = {}
    exec(_blocks("check")["webhook"], namespace)  # the guide's own example
    verified = namespace["verified"]
    change = Change(ChangeKind.NEW_FACT, "s1", 3, "new fact (conflict): 29 dead", ("a1",), (SpanRef("a1", 0, 9),),
                    after="conflict")  # fmt: skip
    body = json.dumps(payload(3, [change]), sort_keys=True).encode("utf-8")
    assert verified(body, sign(body, "shared"), "shared")
    assert not verified(body, sign(body, "other"), "shared")
    assert not verified(body.replace(b"29", b"39"), sign(body, "shared"), "shared")


def test_the_table_of_change_kinds_is_the_list_of_kinds() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    table = text[text.index("| kind | when |") :].split("\n\n", 1)[0]
    assert set(re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.M)) == {k.value for k in ChangeKind}
