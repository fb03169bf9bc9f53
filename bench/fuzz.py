"""Fuzzing the reading and cleaning path: every input ends as a document, an article or one of the
project's own errors, within a time limit.

Each target draws inputs with hypothesis (text of hostile characters and long runs, HTML of deep
and broken markup, JSON lines, feeds and WARC archives built right and then mutated, raw bytes)
and puts them through the code a user's file meets: ``decode``, ``read_inputs`` on a real file,
``build_article`` (the text cleaner or the HTML extractor, then the metadata pass). A finding is
an exception that is not a ``ParallaxError``, an input over its time limit, or a result that
breaks a promise: text that is not valid Unicode (a lone surrogate, NUL), an id with a control
character, an error line that is not one short printable line.

``tests/test_fuzz.py`` runs a few thousand seeded cases in CI; the long run is

    python -m bench.fuzz --minutes 30 [--seed N] [--limit 10]

which cycles through the targets with new seeds until the time is up and prints the number of
cases and every finding (with its seed, so ``--seed`` replays it).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import random
import re
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from parallax.errors import InputError, ParallaxError
from parallax.ingest.build import build_article
from parallax.ingest.readers import read_inputs
from parallax.ingest.readers.decode import decode
from parallax.ingest.readers.ids import MAX_ID
from parallax.ingest.readers.valid import valid_document
from parallax.model import Article, RawDocument

#: Text that no store takes: a lone surrogate or NUL (valid Unicode, but not in PostgreSQL text).
_INVALID = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Characters that have broken parsers and cleaners somewhere: controls, surrogates, separators,
#: combining marks, bidi controls, the BOM, non-characters, astral letters, quotes.
_HOSTILE = (
    "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\xa0\xad\u0300\u0301\u200b\u200d\u200e\u202e\u2028\u2029\ufeff\ufffd"
    "\ufffe\uffff\ud800\udbff\udc00\udfff\U0001f600\U0010ffff\u0130\u00df\ufb01\u2126\u212a"
    "\"'“”‘’«»„…–—|•·»©<>&;#/\\\t\r\n "
)
_WORDS = [
    "the", "council", "said", "on", "Tuesday", "that", "flood", "defences", "would", "be", "rebuilt",
    "Photo:", "By", "Reuters", "AFP", "Updated", "Published", "date", "Related", "Read", "more", "Share",
    "Comments", "Advertisement", "Jan", "12", "2025-03-14", "14:05", "hours", "ago", "©", "(c)", "|", "»",
    "Kyiv", "Zelenskyy", "O'Brien", "“quoted”", "«cité»", "NEAR", "AND", "OR", "*", "http://x.y/z",
]  # fmt: skip
_TAGS = [
    "div", "p", "span", "article", "main", "section", "h1", "h2", "a", "b", "i", "br", "img", "table", "tr",
    "td", "ul", "li", "script", "style", "noscript", "template", "svg", "math", "iframe", "head", "title",
    "meta", "body", "html", "time", "figure", "figcaption", "nav", "footer", "form", "textarea", "select",
]  # fmt: skip


# -- strategies -------------------------------------------------------------------------------
# Each is built once (``cache``): hypothesis spends most of a draw building strategies otherwise.


@cache
def _chars() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_HOSTILE), st.characters(exclude_categories=()))


@cache
def _piece(max_repeat: int) -> st.SearchStrategy[str]:
    """A word, a hostile character, a digit run, or any of those repeated many times (long runs
    are where a backtracking pattern shows)."""
    base = st.one_of(
        st.sampled_from(_WORDS),
        _chars(),
        st.text(_chars(), max_size=12),
        st.integers(0, 10**12).map(str),
        st.sampled_from(["\n", "\n\n", " ", ". ", ", ", ": "]),
    )
    repeated = st.tuples(base, st.integers(1, max_repeat)).map(lambda t: t[0] * t[1])
    return st.one_of(base, base, repeated)


@cache
def texts(max_size: int) -> st.SearchStrategy[str]:
    """Scraped-looking text: lines of words and hostile pieces, some very long."""
    return st.lists(_piece(max(1, max_size // 8)), max_size=200).map(lambda parts: "".join(parts)[:max_size])


@cache
def _charref() -> st.SearchStrategy[str]:
    value = st.one_of(
        st.integers(0, 0x10FFFF + 10), st.sampled_from([0, 0xD800, 0xDFFF, 0x110000, 10**20]), st.integers(0, 2**40)
    )
    return st.tuples(value, st.booleans(), st.booleans()).map(
        lambda t: f"&#{f'x{t[0]:X}' if t[1] else t[0]}{';' if t[2] else ''}"
    )


@cache
def _html_node(depth: int) -> st.SearchStrategy[str]:
    text = st.one_of(texts(200), _charref(), st.sampled_from(["&amp;", "&nbsp;", "&bogus;", "&", "<", ">", "]]>"]))
    if depth <= 0:
        return text
    attrs = st.lists(
        st.tuples(st.sampled_from(["class", "id", "href", "content", "name", "property", "charset", "x"]), texts(40)),
        max_size=3,
    ).map(lambda pairs: "".join(f' {k}="{v}"' for k, v in pairs))
    element = st.tuples(st.sampled_from(_TAGS), attrs, st.lists(_html_node(depth - 1), max_size=4), st.booleans()).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}{'' if t[3] else f'</{t[0]}>'}"
    )
    broken = st.sampled_from(["<!--", "-->", "<!DOCTYPE html>", "<![CDATA[", "</", "<div", "<p class='", "<?xml ?>"])
    return st.one_of(text, element, element, broken)


@cache
def html_pages(max_size: int) -> st.SearchStrategy[str]:
    """Markup: nested, unclosed, with hostile text and character references; sometimes a deep
    wrapper of one tag repeated thousands of times around it."""
    body = st.lists(_html_node(4), max_size=12).map("".join)
    deep = st.tuples(st.sampled_from(_TAGS), st.integers(0, 3000), body).map(
        lambda t: f"<{t[0]}>" * t[1] + t[2] + f"</{t[0]}>" * (t[1] // 2)
    )
    return st.one_of(body, body, deep).map(lambda page: f"<html><body>{page}</body></html>"[:max_size])


@cache
def _json_values() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts(60), st.text(_chars(), max_size=20)
    )
    return st.recursive(
        leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts(8), inner, max_size=4)
    )


@cache
def _row() -> st.SearchStrategy[dict[str, Any]]:
    fields = st.sampled_from(["id", "text", "html", "url", "title", "outlet", "published", "retrieved", "authors"])
    good = st.fixed_dictionaries({"id": texts(20), "text": texts(400)})
    return st.tuples(good, st.dictionaries(fields, st.one_of(_json_values(), texts(200)), max_size=5)).map(
        lambda t: {**t[0], **t[1]}
    )


def _mutate(data: bytes, draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
    """Cut, flip, insert or duplicate bytes (or leave the data as it is)."""
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        kind = draw(st.sampled_from(["cut", "flip", "insert", "repeat", "none"]))
        at = draw(st.integers(0, len(data)))
        if kind == "cut":
            data = data[:at]
        elif kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
        elif kind == "repeat":
            data = data[:at] + data[at : at + 64] * draw(st.integers(2, 50)) + data[at:]
    return data


@st.composite
def jsonl_files(draw: Callable[[st.SearchStrategy[Any]], Any], max_size: int) -> tuple[str, bytes]:
    lines = draw(
        st.lists(
            st.one_of(
                st.tuples(_row(), st.booleans()).map(lambda t: json.dumps(t[0], ensure_ascii=t[1])),
                _json_values().map(json.dumps),
                st.integers(1, 20_000).map(lambda n: "[" * n + "]" * n),
                st.integers(1, 20_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
                texts(100),
            ),
            max_size=8,
        )
    )
    data = "\n".join(lines).encode("utf-8", "surrogatepass")[: max_size * 2]
    suffix = draw(st.sampled_from([".jsonl", ".json", ".ndjson"]))
    return suffix, _mutate(data, draw)


@st.composite
def feed_files(draw: Callable[[st.SearchStrategy[Any]], Any], max_size: int) -> tuple[str, bytes]:
    def field() -> st.SearchStrategy[str]:
        return st.one_of(texts(80), _charref(), st.lists(st.one_of(texts(40), _charref()), max_size=6).map("".join))

    entries = draw(st.lists(st.tuples(field(), field(), field(), field()), max_size=5))
    atom = draw(st.booleans())
    if atom:
        items = "".join(
            f"<entry><title>{t}</title><link href='{link}'/><updated>{when}</updated><content type='html'>{c}</content>"
            "</entry>"
            for t, link, when, c in entries
        )
        doc = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>{items}</feed>"
    else:
        items = "".join(
            f"<item><title>{t}</title><link>{link}</link><pubDate>{when}</pubDate><description>{c}</description></item>"
            for t, link, when, c in entries
        )
        doc = f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{items}</channel></rss>"
    data = doc.encode("utf-8", "surrogatepass")[: max_size * 2]
    return draw(st.sampled_from([".xml", ".rss", ".atom"])), _mutate(data, draw)


@st.composite
def warc_files(draw: Callable[[st.SearchStrategy[Any]], Any], max_size: int) -> tuple[str, bytes]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    compressed = draw(st.booleans())
    buf = io.BytesIO()
    logging.getLogger("warcio").setLevel(logging.ERROR)  # it logs each URL it repairs
    writer = WARCWriter(buf, gzip=compressed)
    for n in range(draw(st.integers(0, 4))):
        page = draw(html_pages(max_size // 4)).encode("utf-8", "surrogatepass")
        ctype = draw(st.sampled_from(["text/html; charset=utf-8", "text/html", "image/png", "text/html; charset=x"]))
        extra = draw(st.sampled_from([[], [("Content-Length", "999999")], [("Content-Encoding", "gzip")]]))
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
        kind = draw(st.sampled_from(["response", "response", "request", "resource", "metadata"]))
        url = draw(st.one_of(st.just("https://example.org/a"), texts(30)))
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>", "WARC-Date": "2025-03-14T08:00:00Z"}
        try:  # the same record on every draw (no fresh uuid or clock), so hypothesis can replay it
            record = writer.create_warc_record(
                url, kind, payload=io.BytesIO(page), http_headers=headers, warc_headers_dict=fixed
            )
            writer.write_record(record)
        except (ValueError, UnicodeError):  # the writer refuses a URL it cannot encode: not our input
            continue
    data = buf.getvalue()
    if draw(st.booleans()):
        data = _mutate(data, draw)
    return (".warc.gz" if compressed else ".warc"), data


@cache
def raw_bytes(max_size: int) -> st.SearchStrategy[bytes]:
    """Bytes as files come: random, text in some encoding, with or without a byte-order mark."""
    encodings = ["utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1252", "latin-1", "shift_jis", "koi8-r"]
    encoded = st.tuples(texts(max_size // 2), st.sampled_from(encodings)).map(
        lambda t: t[0].encode(t[1], errors="replace") if t[1] != "utf-8" else t[0].encode("utf-8", "surrogatepass")
    )
    boms = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
    return st.tuples(boms, st.one_of(st.binary(max_size=max_size), encoded)).map(lambda t: (t[0] + t[1])[:max_size])


# -- checks -----------------------------------------------------------------------------------


class Finding(AssertionError):
    """A promise broken by one input."""


class TooSlow(Finding):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise TooSlow("over the time limit (interrupted)")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail an input that uses more than ``seconds`` of CPU: interrupted by SIGPROF where Python
    code runs, and measured after the fact where a C routine (a regular expression) held on.
    CPU time, not the clock: on a machine shared with other work the clock says more about the
    others than about the input (a wall-clock cap of 20 times the limit still catches a wait)."""
    previous = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    cpu, wall = time.process_time(), time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    used, waited = time.process_time() - cpu, time.monotonic() - wall
    if used > seconds or waited > 20 * seconds:
        raise TooSlow(f"took {used:.1f} s of CPU ({waited:.1f} s), over the {seconds:g} s limit")


def _valid(value: Any, what: str, invalid: re.Pattern[str] = _INVALID) -> None:
    if isinstance(value, str) and invalid.search(value):
        raise Finding(f"{what} holds text the store refuses: {value[:80]!r}")
    if isinstance(value, tuple | list):
        for v in value:
            _valid(v, what, invalid)


def check_document(doc: RawDocument) -> None:
    for name in ("content", "source", "url", "title", "outlet", "published", "retrieved", "authors"):
        _valid(getattr(doc, name), f"document {name}")
    if not doc.id or _CONTROL.search(doc.id) or len(doc.id) > MAX_ID:
        raise Finding(f"bad id {doc.id!r}")


def check_error(error: InputError) -> None:
    line = str(error)
    if "\n" in line or not line.isprintable() or len(line) > 700:
        raise Finding(f"error line not one short printable line: {line[:200]!r}")


def check_article(article: Article) -> None:
    for name in ("body", "title", "outlet", "authors", "agency", "via", "language", "published", "cites"):
        _valid(getattr(article, name), f"article {name}")


def clean(doc: RawDocument) -> None:
    """``build_article`` as ingest runs it: an article or an ``InputError``, nothing else."""
    try:
        check_article(build_article(valid_document(doc)))
    except InputError as error:
        check_error(error)


def read_file(folder: Path, suffix: str, data: bytes, *, then_clean: bool = False) -> None:
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    for item in read_inputs([path]):
        if isinstance(item, InputError):
            check_error(item)
            continue
        check_document(item)
        if then_clean:
            clean(item)


@dataclass
class Target:
    """One way in: a strategy for inputs and the check each input must pass."""

    name: str
    strategy: Callable[[int], st.SearchStrategy[Any]]
    check: Callable[[Any, Path], None]


def _decode(data: bytes, folder: Path) -> None:
    for html in (False, True):
        try:
            _valid(decode(data, "input", html=html), "decoded text", _SURROGATE)
        except InputError as error:
            check_error(error)


TARGETS = [
    Target("decode", raw_bytes, _decode),
    Target("text", texts, lambda text, _: clean(RawDocument(id="t", kind="text", content=text, source="t.txt"))),
    Target("html", html_pages, lambda html, _: clean(RawDocument(id="h", kind="html", content=html, source="h.html"))),
    Target("text-file", raw_bytes, lambda data, folder: read_file(folder, ".txt", data, then_clean=True)),
    Target("jsonl", jsonl_files, lambda f, folder: read_file(folder, f[0], f[1])),
    Target("feed", feed_files, lambda f, folder: read_file(folder, f[0], f[1], then_clean=True)),
    Target("warc", warc_files, lambda f, folder: read_file(folder, f[0], f[1], then_clean=True)),
]


# -- running ----------------------------------------------------------------------------------


@cache
def warm() -> None:
    """Load the line classifier and the language identifier once, before any input is timed: the
    first article pays for them (seconds on a busy machine), which is no input's fault."""
    text = (
        "Council approves flood defence plan for the river town\n\n"
        "The council said on Tuesday that the flood defences along the river would be rebuilt before winter, "
        "at a cost of 12 million pounds, after the worst floods in forty years.\n\n"
        "Residents who were evacuated last month told reporters they welcomed the decision but wanted the "
        "work to start sooner, and the mayor promised a public meeting in the town hall next week.\n"
    )
    build_article(RawDocument(id="warm", kind="text", content=text, source="warm.txt"))
    build_article(RawDocument(id="warm", kind="html", content=f"<html><body><p>{text}</p></body></html>", source="w"))


@dataclass
class Outcome:
    cases: int = 0
    findings: list[str] = field(default_factory=list)


def run_target(target: Target, *, examples: int, seed_value: int, limit: float, max_size: int, shrink: bool) -> Outcome:
    """``examples`` inputs of one target from one seed; a finding is reported shrunk (with
    ``shrink``) with the seed that replays it."""
    warm()
    outcome = Outcome()
    phases = [Phase.generate, Phase.shrink] if shrink else [Phase.generate]
    with tempfile.TemporaryDirectory(prefix="parallax-fuzz-") as tmp:
        folder = Path(tmp)

        @seed(seed_value)
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=phases,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(target.strategy(max_size))
        def case(value: Any) -> None:
            outcome.cases += 1
            try:
                with time_limit(limit):
                    target.check(value, folder)
            except (Finding, ParallaxError):
                raise
            except Exception as error:  # anything else is a crash the input caused
                raise Finding(f"{type(error).__name__}: {error}"[:300]) from error

        try:
            case()
        except Exception as error:
            outcome.findings.append(f"{target.name} (seed {seed_value}): {_describe(error)}")
    return outcome


def _describe(error: BaseException) -> str:
    """What went wrong first, then (cut short) the input hypothesis reports it for."""
    inner = getattr(error, "exceptions", None)  # hypothesis groups a flaky or multiple failure
    causes = [_describe(e) for e in inner] if inner else [f"{type(error).__name__}: {str(error).splitlines()[0]}"]
    example = next((line for line in str(error).splitlines() if "case(" in line), "")
    return "; ".join(causes)[:1000] + (f" [{example[:300]}]" if example and not inner else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="how long to run")
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: random, printed)")
    parser.add_argument("--limit", type=float, default=10.0, help="seconds allowed for one input")
    parser.add_argument("--max-size", type=int, default=60_000, help="largest input, in characters or bytes")
    parser.add_argument("--examples", type=int, default=200, help="inputs per target and seed")
    parser.add_argument("--target", action="append", help="only these targets (default: all)")
    args = parser.parse_args(argv)
    first = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    targets = [t for t in TARGETS if not args.target or t.name in args.target]
    print(f"fuzzing {', '.join(t.name for t in targets)} for {args.minutes:g} min from seed {first}", flush=True)
    end = time.monotonic() + args.minutes * 60
    total, findings, rounds = 0, [], 0
    counts = {t.name: 0 for t in targets}
    while time.monotonic() < end:
        for target in targets:
            if time.monotonic() >= end:
                break
            outcome = run_target(
                target,
                examples=args.examples,
                seed_value=first + rounds,
                limit=args.limit,
                max_size=args.max_size,
                shrink=True,
            )
            total += outcome.cases
            counts[target.name] += outcome.cases
            for finding in outcome.findings:
                print(f"FINDING {finding}", flush=True)
            findings.extend(outcome.findings)
        rounds += 1
        print(f"round {rounds}: {total:,} cases, {len(findings)} findings", flush=True)
    print(f"{total:,} cases ({', '.join(f'{k} {v:,}' for k, v in counts.items())}), {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["TARGETS", "Target", "main", "run_target"]
