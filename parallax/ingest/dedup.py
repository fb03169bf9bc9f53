"""Duplicates: exact copies by content hash, near copies (syndicated wire text with light edits)
by MinHash locality-sensitive hashing, so independent sources can be counted later.

LSH keeps the cost per article flat as a corpus grows: a new article is compared only with the few
earlier ones that share a band of its signature, never with all of them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from parallax.model import Article

SHINGLE_WORDS = 5
#: datasketch's hashing scheme, fixed so stored signatures stay comparable across versions.
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_body(body: str) -> str:
    """Case, accents-insensitive spacing, quote and dash styles folded: what a copy keeps."""
    text = unicodedata.normalize("NFKC", body).lower()
    text = re.sub(r"[\u2018\u2019\u201a\u201b`]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u00ab\u00bb]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split())


def content_hash(body: str) -> str:
    """sha256 of the normalised body: equal for exact copies up to spacing and typography."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


def shingles(body: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(normalise_body(body))
    if len(words) <= k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


class NearDuplicates:
    """An LSH index of MinHash signatures; ``add`` returns the original a new text copies, if any."""

    def __init__(self, threshold: float = 0.5, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._order: dict[str, int] = {}
        self._signatures: dict[str, MinHash] = {}
        self._root: dict[str, str] = {}
        self._exact: dict[bytes, str] = {}

    def minhash(self, body: str) -> MinHash:
        m = MinHash(num_perm=self.num_perm, scheme=SCHEME)
        m.update_batch(list(shingles(body)))
        return m

    def signature(self, body: str) -> bytes:
        return self.minhash(body).hashvalues.astype(np.uint64).tobytes()

    def add(self, article_id: str, body: str | None = None, *, signature: bytes | None = None) -> str | None:
        if article_id in self._order:
            return self._root.get(article_id)
        if signature is not None:
            m = MinHash(num_perm=self.num_perm, hashvalues=np.frombuffer(signature, dtype=np.uint64), scheme=SCHEME)
        else:
            m = self.minhash(body or "")
        self._order[article_id] = len(self._order)
        key = m.hashvalues.tobytes()
        if key in self._exact:  # the same text again: no index lookup at all
            self._root[article_id] = self._exact[key]
            return self._exact[key]
        candidates = [c for c in self._lsh.query(m) if m.jaccard(self._signatures[c]) >= self.threshold]
        if candidates:
            original = min(candidates, key=self._order.__getitem__)
            self._root[article_id] = original
            return original
        # Only originals are indexed: copies point to them, so 10,000 reprints of one wire story
        # leave one entry, and each lookup stays as cheap as the first.
        self._exact[key] = article_id
        self._signatures[article_id] = m
        self._lsh.insert(article_id, m)
        return None


def link_duplicates(articles: Sequence[Article]) -> dict[str, str]:
    """Article id → id of the original it copies (exactly or nearly), in the given order."""
    by_hash: dict[str, str] = {}
    near = NearDuplicates()
    links: dict[str, str] = {}
    for a in articles:
        h = content_hash(a.body)
        original = by_hash.setdefault(h, a.id)
        near_original = near.add(a.id, a.body)
        if original != a.id:
            links[a.id] = original
        elif near_original:
            links[a.id] = near_original
    return links
