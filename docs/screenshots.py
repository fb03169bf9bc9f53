"""Screenshots of the web app for README: ``python docs/screenshots.py`` (after ``make demo``).

Serves ``example.db`` (the analysed example corpus) on a free port and photographs the storyline
and article pages with Debian's Chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from parallax.store import Store
from parallax.web import create_app
from parallax.web.local import serving

DOCS = Path(__file__).parent


def main(db: str = "example.db") -> None:
    if not Path(db).exists():
        sys.exit(f"{db} not found: run `make demo` first")
    with Store.open(db) as store:
        line = max(store.storylines(), key=lambda s: (s["n_conflicts"], s["n_articles"]))
        claim = next(c for c in store.storyline(line["id"])["claims"] if c["status"] == "conflict")
    report = claim["reports"][0]
    with serving(create_app(db)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{base}/storylines/{line['id']}")
        page.screenshot(path=str(DOCS / "storyline.png"))
        page.locator("#ledger").scroll_into_view_if_needed()
        page.locator("#ledger").screenshot(path=str(DOCS / "ledger.png"))
        page.goto(f"{base}/articles/{report['article']}?start={report['start']}&end={report['end']}#focus")
        page.screenshot(path=str(DOCS / "article.png"))
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(f"{base}/storylines/{line['id']}")
        phone.screenshot(path=str(DOCS / "storyline-phone.png"))
        browser.close()
    print("screenshots written to", DOCS)


if __name__ == "__main__":
    main(*sys.argv[1:])
