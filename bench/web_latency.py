"""The storyline page's latency with a large store (issue target: p95 under 150 ms at 100,000 articles).

    python -m bench.web_latency [--articles 100000] [--requests 300]

Fills a SQLite store with the analysed example corpus plus N synthetic articles (varied sentences
from a small vocabulary, spread over outlets and a year of dates), serves it with uvicorn on
loopback and times sequential requests. The baseline, measured in the same run against the same
server, is a static file (the stylesheet): what any request costs before the page does work.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.shared import REPO

WORDS = [
    "minister",
    "talks",
    "ceasefire",
    "flood",
    "dam",
    "council",
    "vote",
    "budget",
    "strike",
    "port",
    "rail",
    "court",
    "ruling",
    "election",
    "inquiry",
    "police",
    "protest",
    "harbour",
    "storm",
    "aid",
    "convoy",
    "border",
    "shelling",
    "prisoners",
    "exchange",
    "summit",
    "mayor",
    "hospital",
    "school",
    "price",
    "inflation",
    "bank",
    "rate",
    "factory",
    "recall",
    "battery",
    "fire",
    "rescue",
    "missing",
    "toll",
]
OUTLETS = ["Daily Ledger", "Evening Post", "Harbour Times", "North Star", "Civic Wire", "Morning Bell"]


def synthetic_rows(n: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    from parallax.model import Article, RawDocument
    from parallax.store.codec import article_to_row, raw_to_row

    rng = random.Random(seed)
    raws, arts = [], []
    start = date(2024, 1, 1)
    now = datetime.now(UTC)
    for i in range(n):
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
            for _ in range(rng.randint(8, 16))
        ]
        body = "\n\n".join(" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3))
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        day = (start + timedelta(days=rng.randint(0, 365))).isoformat()
        outlet = rng.choice(OUTLETS)
        aid = f"syn-{i:07d}"
        raw = RawDocument(id=aid, kind="text", content=body, source=f"synthetic/{aid}.txt", outlet=outlet)
        raw_row = raw_to_row(raw)
        raw_row["ingested_at"] = now
        raws.append(raw_row)
        arts.append(article_to_row(Article(id=aid, body=body, title=title, outlet=outlet, published=day)))
    return raws, arts


def fill(db: Path, n: int) -> None:
    from sqlalchemy import insert

    from parallax import pipeline
    from parallax.store import Store
    from parallax.store.schema import articles, raw_documents

    with Store.open(str(db)) as store:
        pipeline.analyze([REPO / "examples" / "corpus"], store)
        for offset in range(0, n, 10_000):
            raws, arts = synthetic_rows(min(10_000, n - offset), seed=offset)
            for r, a in zip(raws, arts, strict=True):
                r["id"] = a["id"] = f"{a['id']}-{offset}"
            with store.engine.begin() as c:
                c.execute(insert(raw_documents), raws)
                c.execute(insert(articles), arts)


def timed(client, url: str, n: int) -> list[float]:
    client.get(url).raise_for_status()  # warm
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        r.raise_for_status()
    return out


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    import httpx

    from parallax.store import Store
    from parallax.web import create_app
    from parallax.web.local import serving

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        t = time.perf_counter()
        fill(db, args.articles)
        with Store.open(str(db)) as store:
            total = store.count()
            line = max(store.storylines(), key=lambda s: s["n_articles"])
            article = store.storyline(line["id"])["articles"][0]
        print(f"store: {total:,} articles, filled in {time.perf_counter() - t:.0f} s")

        pages = {
            "static file (baseline)": "/static/style.css",
            "storyline page": f"/storylines/{line['id']}",
            "storyline JSON": f"/api/storylines/{line['id']}",
            "article page": f"/articles/{article}",
            "storyline list": "/",
            "search 'ceasefire border'": "/?q=ceasefire+border",
        }
        with serving(create_app(str(db))) as base, httpx.Client(base_url=base) as client:
            results = {name: timed(client, url, args.requests) for name, url in pages.items()}
    base95 = p(results["static file (baseline)"], 95)
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'p95 / static':>13}")
    for name, values in results.items():
        print(f"{name:28} {p(values, 50):8.1f} {p(values, 95):8.1f} {p(values, 95) / base95:13.1f}")
    verdict = "met" if p(results["storyline page"], 95) < 150 else "NOT met"
    print(f"target p95 < 150 ms for the storyline page at {total:,} articles: {verdict}")


if __name__ == "__main__":
    main()
