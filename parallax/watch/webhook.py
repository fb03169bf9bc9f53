"""Tell another system about new conflicts and new storylines: a signed JSON POST, retried.

The body is JSON; ``X-Parallax-Signature: sha256=<hex>`` is the HMAC-SHA256 of the exact body
bytes with the shared secret, so the receiver can check it came from this watch and was not
altered (compare in constant time). A change recorded after a crash may be sent twice: each one
carries a ``key`` that is the same every time it is sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Sequence
from typing import Any

import httpx

from parallax import __version__
from parallax.watch.changes import Change, ChangeKind
from parallax.watch.fetch import USER_AGENT

SIGNATURE_HEADER = "X-Parallax-Signature"
SECRET_ENV = "PARALLAX_WEBHOOK_SECRET"
ATTEMPTS = 4


def notable(changes: Sequence[Change]) -> list[Change]:
    """What a webhook is for: new storylines and facts now in conflict."""
    return [c for c in changes if c.kind == ChangeKind.NEW_STORYLINE or c.is_conflict]


def change_key(change: Change) -> str:
    """The same for the same change however often it is computed (unlike its row id)."""
    spans = ";".join(f"{s.article}:{s.start}:{s.end}" for s in change.spans)
    raw = "\0".join([change.storyline, change.kind.value, change.what, spans])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def payload(round_id: int, changes: Sequence[Change]) -> dict[str, Any]:
    return {
        "parallax": __version__,
        "round": round_id,
        "changes": [
            {"key": change_key(c), "kind": c.kind.value, "storyline": c.storyline, "what": c.what, **c.data()}
            for c in changes
        ],
    }


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send(url: str, secret: str, round_id: int, changes: Sequence[Change], *, backoff: float = 1.0) -> str | None:
    """POST the notable changes; None when delivered (2xx), else the last problem as one line.
    Retried on network errors, 5xx and 429 with exponential back-off."""
    chosen = notable(changes)
    if not chosen:
        return None
    body = json.dumps(payload(round_id, chosen), ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(body, secret),
    }
    problem = "not sent"
    with httpx.Client(timeout=httpx.Timeout(15.0, connect=10.0)) as client:
        for attempt in range(ATTEMPTS):
            try:
                answer = client.post(url, content=body, headers=headers)
                if answer.is_success:
                    return None
                problem = f"HTTP {answer.status_code}"
                if answer.status_code < 500 and answer.status_code != 429:
                    break
            except httpx.HTTPError as e:
                problem = f"{type(e).__name__}: {e}"
            if attempt + 1 < ATTEMPTS:
                time.sleep(backoff * 2**attempt)
    return f"webhook {url}: {problem} ({len(chosen)} changes of round {round_id} not delivered)"
