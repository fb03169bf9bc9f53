"""The web app in a real browser: Debian's Chromium driven by Playwright, against a real server."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.model import Article, RawDocument
from parallax.store import Store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")

HOSTILE_BODY = (
    "<script>window.pwned = 1</script>\n\n"
    '<img src=x onerror="window.pwned = 1">\n\n'
    '<a href="javascript:window.pwned=1">open</a>\n\n'
    + ("A long paragraph of an oversized page that keeps going. " * 40 + "\n\n")
    * 2200
)


@pytest.fixture(scope="module")
def server(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from parallax.web import create_app
    from parallax.web.local import serving

    db = tmp_path_factory.mktemp("browser") / "web.db"
    shutil.copy(example_db, db)
    with Store.open(str(db)) as store:
        raw = RawDocument(id="hostile", kind="text", content=HOSTILE_BODY, source="hostile.txt", url="javascript:x()")
        store.save(raw, Article(id="hostile", title="<b onmouseover=alert(1)>Hostile</b>", body=HOSTILE_BODY))
    with serving(create_app(str(db), token="")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture()
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def test_ledger_cell_opens_the_article_at_its_span(server: str, page) -> None:
    page.goto(server + "/")
    page.get_by_role("link", name="Aid convoys reach Belmir as flood toll rises to 44").click()
    page.wait_for_selector("#ledger")
    cell = page.locator("table.matrix td.cell.conflict a").first
    href = cell.get_attribute("href")
    cell.click()
    page.wait_for_url("**/articles/**")
    assert "start=" in page.url and page.url.endswith("#focus")
    focus = page.locator("#focus")
    assert focus.is_visible()
    start = int(href.split("start=")[1].split("&")[0])
    end = int(href.split("end=")[1].split("#")[0])
    api = page.request.get(server + href.split("?")[0].replace("/articles/", "/api/articles/")).json()
    span_text = api["body"][start:end]
    shown = page.evaluate("[...document.querySelectorAll('.focus')].map(e => e.textContent).join('')")
    assert shown == span_text
    assert page.evaluate("document.activeElement.id") == "focus"  # keyboard focus follows


def test_search_finds_an_article(server: str, page) -> None:
    page.goto(server + "/")
    page.fill("#q", "battery recall")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.results li a")
    titles = page.locator("ol.results li a").all_inner_texts()
    assert any("Halvorsen" in t or "recall" in t.lower() for t in titles)
    page.locator("ol.results li a").first.click()
    assert "/articles/" in page.url


def test_hostile_article_renders_inert_and_stays_responsive(server: str, page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(server + "/articles/hostile")
    loaded = time.perf_counter() - started
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.dialogs == [] and errors == []
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("img").count() == 0 and page.locator("a[href^='javascript:']").count() == 0
    assert "<script>window.pwned = 1</script>" in page.locator(".body").inner_text()
    assert page.locator("h1").inner_text() == "<b onmouseover=alert(1)>Hostile</b>"
    page.locator("h1").hover()
    t0 = time.perf_counter()
    assert page.evaluate("1 + 1") == 2
    assert time.perf_counter() - t0 < 2
    assert page.evaluate("window.scrollTo(0, 100000), window.scrollY") > 0  # still scrolls
    assert loaded < 30
    assert page.dialogs == []


def test_phone_width_has_no_page_overflow(server: str, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.goto(server + "/")
    href = pg.locator("table.list a").first.get_attribute("href")
    for path in ("/", href):
        pg.goto(server + path)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    context.close()


def test_keyboard_reaches_the_ledger(server: str, page) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    href = page.locator("table.list a").first.get_attribute("href")
    page.goto(server + href)
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('table.matrix')"):
            break
    else:
        pytest.fail("no ledger cell is reachable by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/**")
