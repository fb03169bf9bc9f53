"""Planted conflicts: does the fact ledger flag a changed number, and how often does it cry wolf?

    python -m bench.crosscheck [--plants 40] [--skip-dev]

Three measures, each next to a simple baseline in the same run:

1. ``crosscheck-dev.jsonl`` (shared/bench, README section 5) analysed from its input fields and
   scored by ``score.py crosscheck``: recall of the six planted pairs, conflicts in control events.
2. Own plants, in the same events and in the example corpus: inside one event, a number two
   articles give alike (same value and unit, sentences sharing two content words besides it) is
   changed in one of them the way the dev set's were (+7 for a count below 20, else ×1.5), every
   occurrence in that article alike; the storyline is analysed again. A plant is found when a
   conflict fact has a report on the changed number and one on the kept one. At most one plant per
   event at a time; each round runs all events with a plant.
3. Control conflicts: conflicts of the untouched analysis, printed for reading by hand.

The baseline reads two figures of two articles of one event as a conflict when their units match,
their values differ (by at most a factor of two) and their sentences are alike (TF-IDF cosine ≥
0.35): the topic-similarity rule the ledger replaced.

Embeddings are memoised by text within the run (the model is deterministic per text batch up to
rounding), so the rounds re-embed only changed sentences.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bench.shared import REPO, dev_set, read_jsonl, shared_dir, write_inputs

BASELINE_MIN = 0.35


@dataclass(frozen=True)
class Plant:
    """One planted conflict: ``changed`` got ``after`` where it said ``before`` (spans in its new
    body); ``kept`` still says ``before`` at ``kept_span``."""

    changed: str
    kept: str
    before: str
    after: str
    spans: tuple[tuple[int, int], ...]
    kept_span: tuple[int, int]
    event: str


def _changed_value(text: str) -> str | None:
    """The dev set's change of a number written in digits: +7 below 20, else ×1.5, same format."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        return None
    digits = m.group()
    value = float(digits.replace(",", ""))
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    new = value + 7 if value < 20 and value == int(value) else value * 1.5
    formatted = f"{new:,.{decimals}f}" if "," in digits else f"{new:.{decimals}f}"
    return text[: m.start()] + formatted + text[m.end() :]


def _sentence_terms(article, start: int) -> set[str]:
    from parallax.annotate.sentences import sentence_at
    from parallax.language.terms import terms

    span = sentence_at(article, start)
    return set(terms(span.of(article.body))) if span is not None else set()


def _not_a_figure(article, q) -> bool:
    """Numbers the dev set does not plant in either: part of a name ("Amendment 64", "COVID-19"), an
    ordinal ("the 5th Circuit": the ledger reads no figure there), an age ("Cowan, 43,"), a phrase in
    quotation marks ("the '47 percent'"), a figure bounded after it ("800 or more troops": a larger
    one does not contradict it)."""
    before, after = article.body[max(0, q.start - 20) : q.start], article.body[q.end : q.end + 12]
    return bool(
        re.search(r"[A-Z][\w.]*\s$|\w-$", before)
        or (before.endswith(", ") and after.startswith(","))
        or re.search(r"[\"“']$", before)
        or re.search(r"\d(?:st|nd|rd|th)\b", q.text + after[:2])
        or re.search(r"\s(?:or|and)\s+(?:more|fewer|less|so|over|above)\b", q.text + after)
    )


def plant_candidates(articles: Sequence, event_of: dict[str, str]) -> list[tuple[str, object, object, object]]:
    """(event, article to change, its quantity, the other article) for numbers two articles of one
    event give alike: same value and unit in digits, sentences sharing two content words."""
    from parallax.compare.values import AT_LEAST, AT_MOST

    out = []
    by_id = {a.id: a for a in articles}
    ids = sorted(by_id)
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            if event_of.get(x) is None or event_of.get(x) != event_of.get(y):
                continue
            a, b = by_id[x], by_id[y]
            for qa in a.quantities:
                if (
                    _not_a_figure(a, qa)
                    or not re.search(r"\d", qa.text)
                    or qa.low is not None
                    or (qa.hedge or "") in AT_LEAST | AT_MOST
                ):
                    continue
                for qb in b.quantities:
                    if qb.value != qa.value or qb.unit != qa.unit or not re.search(r"\d", qb.text):
                        continue
                    if (qb.hedge or "") in AT_LEAST | AT_MOST or qb.low is not None or _not_a_figure(b, qb):
                        continue
                    if len(_sentence_terms(a, qa.start) & _sentence_terms(b, qb.start)) >= 2:
                        out.append((event_of[x], b, qb, a, qa))
    return out


def plant(choice, annotate) -> tuple[object, Plant] | None:
    """Change ``choice``'s number in its article; the re-annotated article and the plant."""
    event, article, q, other, qo = choice
    number = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
    if number is None:
        return None
    before = number.group()
    after = _changed_value(before)
    if after is None or after == before:
        return None
    pattern = re.compile(rf"(?<![\d,.]){re.escape(before)}(?![\d]|[.,]\d)")
    body, spans, shift = article.body, [], 0
    for m in pattern.finditer(article.body):
        start = m.start() + shift
        spans.append((start, start + len(after)))
        shift += len(after) - len(before)
    body = pattern.sub(after, article.body)
    changed = next(iter(annotate([_unannotated(replace(article, body=body))])))
    return changed, Plant(article.id, other.id, before, after, tuple(spans), (qo.start, qo.end), event)


def _unannotated(article):
    from parallax.model import InferredDate

    return replace(
        article,
        mentions=(),
        quotes=(),
        timex=(),
        quantities=(),
        sentences=(),
        published_inferred=InferredDate(),
    )


def conflicts_of(storylines: Iterable) -> list:
    return [c for s in storylines for c in s.claims if c.status.value == "conflict"]


def found(plant_: Plant, claims: Iterable) -> bool:
    def touches(report, spans) -> bool:
        return any(report.start < e and s < report.end for s, e in spans)

    for c in claims:
        if c.status.value != "conflict":
            continue
        if any(r.article == plant_.changed and touches(r, plant_.spans) for r in c.reports) and any(
            r.article == plant_.kept and touches(r, [plant_.kept_span]) for r in c.reports
        ):
            return True
    return False


def baseline_pairs(articles: Sequence, event_of: dict[str, str]) -> list[tuple[tuple[str, int, int], ...]]:
    """The baseline's conflicts: ((article, start, end), (article, start, end)) figure pairs."""
    from parallax.annotate.sentences import sentence_at
    from parallax.language.terms import tfidf_matrix

    items = []
    for a in articles:
        for q in a.quantities:
            span = sentence_at(a, q.start)
            if q.value and span is not None:
                items.append((a.id, q, span.of(a.body)))
    if not items:
        return []
    lex = tfidf_matrix([t for _, _, t in items])
    out = []
    for i, (x, qx, _) in enumerate(items):
        for j in range(i + 1, len(items)):
            y, qy, _ = items[j]
            if x == y or event_of.get(x) is None or event_of.get(x) != event_of.get(y) or qx.unit != qy.unit:
                continue
            if qx.value == qy.value or max(qx.value, qy.value) > 2 * min(qx.value, qy.value):
                continue
            if float(lex[i] @ lex[j]) >= BASELINE_MIN:
                out.append(((x, qx.start, qx.end), (y, qy.start, qy.end)))
    return out


def baseline_found(plant_: Plant, pairs) -> bool:
    def on(item, article, spans) -> bool:
        return item[0] == article and any(item[1] < e and s < item[2] for s, e in spans)

    for p, q in pairs:
        for u, v in ((p, q), (q, p)):
            if on(u, plant_.changed, plant_.spans) and on(v, plant_.kept, [plant_.kept_span]):
                return True
    return False


class Corpus:
    """Articles annotated once, grouped once; storylines analysed with memoised embeddings."""

    def __init__(
        self, name: str, articles: Sequence, events: dict[str, str] | None = None, *, given_stories: bool = False
    ) -> None:
        """``given_stories``: each of the ``events`` is a storyline of its own (the stories stage is not
        run), for sets of many small stories where the ledger alone is measured."""
        from parallax import analysis
        from parallax.annotate.pipeline import annotate_each
        from parallax.model import Event, Storyline

        self.name = name
        self.annotate = annotate_each
        self.annotated = {a.id: a for a in annotate_each(articles)}
        if given_stories and events:
            members: dict[str, list[str]] = {}
            for a in articles:
                if a.id in events:
                    members.setdefault(events[a.id], []).append(a.id)
            self.storylines = [
                Storyline(e, e, tuple(ids), (Event(e, e, tuple(ids)),)) for e, ids in sorted(members.items())
            ]
        else:
            self.storylines = analysis.group_stories(list(articles))
        own = {aid: e.id for s in self.storylines for e in s.events for aid in e.articles}
        self.events = events or own
        from parallax.compare.embedding import Embedder

        self.embed = Embedder()  # for the run, so that the rounds re-embed only changed sentences

    def analyse(self, changed: dict[str, object] | None = None, only: set[str] | None = None) -> list:
        """The storylines' fact ledgers (those holding an article of ``only``), with ``changed``
        articles in place of the originals."""
        from parallax.annotate.pipeline import link
        from parallax.compare.claims import fact_ledger
        from parallax.timeline.infer import infer_published

        changed = changed or {}
        out = []
        for s in self.storylines:
            if only is not None and not only & set(s.articles):
                continue
            arts = [changed.get(i, self.annotated[i]) for i in s.articles]
            linked, _ = link(arts)
            event_of = {aid: e.id for e in s.events for aid in e.articles}
            linked = [replace(a, published_inferred=infer_published(a, linked, event_of)) for a in linked]
            out.append((s, fact_ledger(linked, self.embed, event_of=event_of), linked))
        return out


def _around(article, span: tuple[int, int]) -> str:
    from parallax.annotate.sentences import sentence_at

    found_ = sentence_at(article, span[0])
    return " ".join((found_.of(article.body) if found_ else article.body[span[0] : span[1]]).split())


def own_plants(corpus: Corpus, limit: int, skip_events: set[str], seed: int = 7) -> dict:
    """Plant in rounds (one per event per round) and count plants found, by the ledger and by the
    baseline; conflicts elsewhere in planted storylines are counted too."""
    rng = random.Random(seed)
    candidates = [
        c for c in plant_candidates(list(corpus.annotated.values()), corpus.events) if c[0] not in skip_events
    ]
    rng.shuffle(candidates)
    seen_numbers: set[tuple[str, str]] = set()
    queue: dict[str, list] = {}
    for c in candidates:
        key = (c[1].id, c[2].text)
        if key not in seen_numbers:
            seen_numbers.add(key)
            queue.setdefault(c[0], []).append(c)
    plants, hits, base_hits, missed = 0, 0, 0, []
    while plants < limit and any(queue.values()):
        changed: dict[str, object] = {}
        round_plants: list[Plant] = []
        for event in sorted(queue):
            if not queue[event] or plants + len(round_plants) >= limit:
                continue
            made = plant(queue[event].pop(), corpus.annotate)
            if made is not None:
                changed[made[0].id] = made[0]
                round_plants.append(made[1])
        results = corpus.analyse(changed, only=set(changed))
        claims = [c for _, cs, _ in results for c in cs]
        arts = [a for _, _, linked in results for a in linked]
        base = baseline_pairs(arts, corpus.events)
        for p in round_plants:
            plants += 1
            if found(p, claims):
                hits += 1
            else:
                missed.append(
                    f"{p.changed} (kept in {p.kept}): {p.before} -> {p.after} | "
                    f"{_around(changed[p.changed], p.spans[0])} | "
                    f"{_around(corpus.annotated[p.kept], p.kept_span)}"
                )
            base_hits += baseline_found(p, base)
    return {"plants": plants, "found": hits, "baseline_found": base_hits, "missed": missed}


def dev_rows() -> list[dict]:
    return list(read_jsonl(dev_set("crosscheck-dev.jsonl")))


def score_dev(workdir: Path) -> dict:
    """``parallax analyze`` of the dev set's input fields, scored by score.py; with the baseline's
    recall and control conflicts from the same annotations."""
    from parallax import pipeline
    from parallax.analysis import analyze_articles
    from parallax.export.dossier import dossier_to_json

    rows = dev_rows()
    inputs = workdir / "crosscheck-input.jsonl"
    write_inputs(rows, inputs)
    articles, _ = pipeline.load([inputs])
    dossier = analyze_articles(articles)
    path = workdir / "dossier.json"
    path.write_text(json.dumps(dossier_to_json(dossier)))
    out = subprocess.run(
        [
            sys.executable,
            str(shared_dir() / "bench" / "score.py"),
            "crosscheck",
            str(dev_set("crosscheck-dev.jsonl")),
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(out.stdout)
    result["conflicts"] = [
        [(r.article, r.value, " ".join(r.text.split())[:160]) for r in c.reports]
        for c in conflicts_of(dossier.storylines)
    ]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plants", type=int, default=40, help="own plants per corpus (at most)")
    parser.add_argument("--skip-dev", action="store_true", help="only the own plants")
    parser.add_argument(
        "--corpora",
        default="dev,example",
        help="where to plant: dev (crosscheck-dev), example (the example corpus), neus (the NeuS dev leads, "
        "clustering-neus-dev.jsonl: 307 stories of 3 outlets, each story its own storyline)",
    )
    args = parser.parse_args()

    from parallax import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_dev:
            r = score_dev(Path(tmp))
            print(
                f"crosscheck-dev (score.py): planted recall {r['planted_recall']:.2f} ({r['planted_hits']}/"
                f"{r['n_planted']}), pair status {r['planted_pair_status']}, control conflicts "
                f"{r['control_conflicts']} ({r['control_conflicts_per_10_triplets']} per 10 events), other "
                f"conflicts in planted events {r['planted_other_conflicts']}, "
                f"across events {r['cross_triplet_conflicts']}"
            )
            for c in r["conflicts"]:
                print("  conflict:", c)

        rows = dev_rows()
        gold_event = {r["id"]: r["gold_cluster"] for r in rows}
        planted_events = {r["gold_cluster"] for r in rows if r.get("planted")}
        dev_path = Path(tmp) / "dev-input.jsonl"
        write_inputs(rows, dev_path)
        dev_articles, _ = pipeline.load([dev_path])
        example, _ = pipeline.load([REPO / "examples" / "corpus"])
        wanted = set(args.corpora.split(","))
        corpora = []
        if "dev" in wanted:
            corpora.append(Corpus("crosscheck-dev", dev_articles, gold_event))
        if "example" in wanted:
            corpora.append(Corpus("example corpus", example))
        if "neus" in wanted:
            neus = list(read_jsonl(dev_set("clustering-neus-dev.jsonl")))
            neus_path = Path(tmp) / "neus-input.jsonl"
            neus_path.write_text("".join(json.dumps({k: r[k] for k in ("id", "title", "text")}) + "\n" for r in neus))
            neus_articles, _ = pipeline.load([neus_path])
            story = {r["id"]: r["gold_cluster"] for r in neus}
            corpora.append(Corpus("NeuS dev leads", neus_articles, story, given_stories=True))
        for corpus in corpora:
            untouched = corpus.analyse()
            arts = [a for _, _, linked in untouched for a in linked]
            control = [
                c
                for _, claims, _ in untouched
                for c in claims
                if c.status.value == "conflict" and not {corpus.events.get(a) for a in c.articles} & planted_events
            ]
            base = baseline_pairs(arts, corpus.events)
            base_control = [p for p in base if corpus.events.get(p[0][0]) not in planted_events]
            events = len(set(corpus.events.values()) - planted_events)
            print(
                f"{corpus.name}: control conflicts {len(control)} in {events} events "
                f"({10 * len(control) / max(1, events):.2f} per 10); baseline {len(base_control)} "
                f"({10 * len(base_control) / max(1, events):.2f} per 10)"
            )
            for c in control:
                print("  control conflict:", [(r.article, r.value) for r in c.reports], "|", c.text[:140])
            r = own_plants(corpus, args.plants, planted_events)
            n = max(1, r["plants"])
            print(
                f"{corpus.name} own plants: recall {r['found'] / n:.2f} ({r['found']}/{r['plants']}); "
                f"baseline {r['baseline_found'] / n:.2f} ({r['baseline_found']}/{r['plants']})"
            )
            for m in r["missed"]:
                print("  missed:", m)


if __name__ == "__main__":
    main()
