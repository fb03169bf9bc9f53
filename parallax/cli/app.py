"""The ``parallax`` command: a thin skin over ``parallax.pipeline`` and the store.

Every command parses its options, makes one library call and formats the result. Errors are turned
into one line on stderr in one place (``run``). Exit status: 0 all good, 1 some inputs failed (the
rest were processed), 2 bad usage, 3 the command could not run at all (store, dependency).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from parallax import pipeline
from parallax.errors import InputError, ParallaxError, printable
from parallax.export.dossier import article_to_json, dossier_from_json, dossier_to_json
from parallax.export.files import atomic_writer, require_parquet, write_json, write_jsonl, write_parquet
from parallax.model import Article, Dossier, Status
from parallax.scale import ENGINES, Engine
from parallax.store import Store
from parallax.version import __version__

EXIT_OK, EXIT_INPUTS_FAILED, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3

app = typer.Typer(
    name="parallax",
    help="Read a developing news story across outlets: clean articles, stories, who said what, "
    "cross-checked facts, timelines and cited summaries.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console()
err = Console(stderr=True)

T = TypeVar("T")

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL or SQLite file path. Default: $PARALLAX_DB, else ./parallax.db."),
]
Paths = Annotated[
    list[str],
    typer.Argument(help="Files, folders (recursive), or http(s) URLs: .txt .html .jsonl .json feeds .warc"),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
EngineOption = Annotated[str, typer.Option(help="local, or ray: the per-article work on a Ray cluster (same result).")]
AddressOption = Annotated[
    str | None, typer.Option(help="With --engine ray: a running cluster ('auto'); default: start one here.")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        help="Worker processes for the per-article work: local engine default 1 (this process), "
        "ray default one per CPU.",
        min=1,
    ),
]


def make_engine(kind: str, workers: int | None, address: str | None) -> Engine:
    """The ``--engine``/``--workers``/``--address`` options as an ``Engine``; a bad name is a usage error."""
    if kind not in ENGINES:
        err.print(f"error: unknown engine {kind!r}; use {' or '.join(ENGINES)}", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    return Engine(kind, workers, address)  # type: ignore[arg-type]


def run(action: Callable[[], T]) -> T:
    """Run a command body; a ``ParallaxError`` becomes one clear line and exit status 3."""
    try:
        return action()
    except ParallaxError as e:
        # escaped: the message is text, not markup (a hint's "parallax-news[scale]" must survive)
        err.print(f"[red]error[/red]: {escape(str(e))}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(EXIT_FATAL) from None


def report_input_error(e: InputError) -> None:
    err.print(f"[yellow]skipped[/yellow] {escape(str(e))}", highlight=False, markup=True, soft_wrap=True)


@contextmanager
def progress_bar(label: str) -> Iterator[pipeline.Progress]:
    """A Rich progress display on stderr; yields the callback the pipeline calls per input."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None, last="")

        def tick(outcome: str, source: str) -> None:
            bar.update(task, advance=1, last=f"{outcome}: {Path(source).name[:40]}")

        yield tick


def print_ingest_summary(report: pipeline.IngestReport) -> None:
    for e in report.errors:
        report_input_error(e)
    c = report.counts
    err.print(
        f"{c['inserted']} new, {c['updated']} updated, {c['unchanged']} unchanged, {c['failed']} failed",
        highlight=False,
    )


@app.command()
def ingest(
    paths: Paths,
    db: DbOption = None,
    stories: Annotated[
        bool,
        typer.Option(
            "--stories/--no-stories",
            help="Place new articles into events and storylines online, without re-clustering "
            "(needs the stories extra; skipped with a note when it is not installed).",
        ),
    ] = True,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
) -> None:
    """Read, clean and store articles, and place the new ones into events and storylines. Re-ingesting
    the same input changes nothing. With --engine ray the cleaning runs on Ray; duplicates, the
    store and stories stay here."""
    from parallax.errors import MissingDependency

    chosen = make_engine(engine, workers, address)

    def body() -> tuple[pipeline.IngestReport, bool]:
        with Store.open(db) as store:
            with progress_bar("ingesting") as tick:
                report = pipeline.ingest(paths, store, progress=tick, engine=chosen, stories=False)
            if not stories:
                return report, False
            try:
                report.placed = len(pipeline.place(store, report.article_ids))
            except MissingDependency as e:
                err.print(f"stories skipped: {e}", highlight=False)
                return report, False
            return report, True

    report, placed = run(body)
    print_ingest_summary(report)
    if placed:
        err.print(f"{report.placed} storylines received articles", highlight=False)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_INPUTS_FAILED)


@app.command()
def articles(
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    as_json: JsonFlag = False,
) -> None:
    """List stored articles, newest first."""

    def body() -> list[Any]:
        with Store.open(db) as store:
            return store.articles(outlet=outlet, limit=limit)

    rows = run(body)
    if as_json:
        out.print_json(json.dumps([article_to_json(a, annotations=False) for a in rows], ensure_ascii=False))
        return
    table = Table("id", "published", "outlet", "title", "copy of", show_lines=False)
    for a in rows:
        table.add_row(a.id, a.published or "—", a.outlet or "—", (a.title or "")[:70], a.duplicate_of or "")
    out.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="An article id (see `parallax articles`).")],
    db: DbOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Show one stored article: metadata, then the clean body."""

    def body() -> Any:
        with Store.open(db) as store:
            return store.article(article_id)

    article = run(body)
    if article is None:
        err.print(f"error: no article with id {article_id!r}", highlight=False)
        raise typer.Exit(EXIT_INPUTS_FAILED)
    record = article_to_json(article, annotations=False)
    if as_json:
        out.print_json(json.dumps(record, ensure_ascii=False))
        return
    out.print(f"[bold]{article.title or '(no title)'}[/bold]", highlight=False)
    for key in (
        "id",
        "outlet",
        "agency",
        "via",
        "authors",
        "published",
        "language",
        "cites",
        "url",
        "source",
        "duplicate_of",
    ):
        value = record.get(key)
        if value:
            out.print(
                f"[dim]{key:>12}[/dim]  {', '.join(value) if isinstance(value, list) else value}", highlight=False
            )
    out.print()
    out.print(article.body, highlight=False, markup=False)


@app.command()
def clean(
    paths: Paths,
    output: Annotated[Path, typer.Option("-o", "--output", help="JSONL file to write.")],
) -> None:
    """Clean inputs without a database: one JSONL row per article (id, title, body, outlet, authors,
    published, cites, language)."""
    errors: list[InputError] = []

    def rows() -> Iterator[dict[str, Any]]:
        with progress_bar("cleaning") as tick:
            for item in pipeline.clean(paths):
                if isinstance(item, InputError):
                    errors.append(item)
                    tick("failed", item.source)
                else:
                    tick("cleaned", item.source or item.id)
                    yield article_to_json(item, annotations=False)

    n = run(lambda: write_jsonl(output, rows()))
    finish(f"{n} articles written to {output}", errors)


@app.command()
def analyze(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders or URLs to ingest and analyse as one set. Without any: analyse the "
            "stored articles no analysis covers yet, storyline by storyline (as `parallax ingest` "
            "placed them)."
        ),
    ] = None,
    db: DbOption = None,
    json_path: Annotated[Path, typer.Option("--json", help="Where to write the dossier (JSON).")] = Path(
        "dossier.json"
    ),
) -> None:
    """Run the whole pipeline and write the dossier; the analysis is also kept in the store."""

    def body() -> tuple[Dossier, pipeline.IngestReport]:
        with Store.open(db) as store, progress_bar("analysing") as tick:
            dossier, report = pipeline.analyze(paths or (), store, progress=tick)
        write_json(json_path, dossier_to_json(dossier))
        return dossier, report

    dossier, report = run(body)
    if paths:
        print_ingest_summary(report)
    elif not dossier.storylines:
        err.print("nothing new to analyse: every storyline placed by `parallax ingest` is analysed")
    if dossier.storylines:
        print_storylines(dossier)
    err.print(
        f"dossier of {len(dossier.articles)} articles and {len(dossier.storylines)} storylines written to {json_path}",
        highlight=False,
    )
    raise typer.Exit(EXIT_OK if report.ok else EXIT_INPUTS_FAILED)


def print_storylines(dossier: Dossier) -> None:
    """One row per storyline: what it is and how much of it the outlets agree on."""
    label = {a.id: a.outlet_label for a in dossier.articles}
    table = Table(box=None, header_style="bold")
    table.add_column("storyline", no_wrap=True)
    table.add_column("title", ratio=1)
    for name in ("articles", "outlets", "events", "facts", "conflicts"):
        table.add_column(name, justify="right", no_wrap=True)
    for s in dossier.storylines:
        table.add_row(
            s.id,
            s.title or "",
            str(len(s.articles)),
            str(len({label.get(a, a) for a in s.articles})),
            str(len(s.events)),
            str(len(s.claims)),
            str(s.count(Status.CONFLICT)),
        )
    out.print(table)


AsIsFlag = Annotated[
    bool,
    typer.Option(
        "--as-is",
        help="Take each input's text as the body, untouched (no cleaning), so offsets "
        "match labelled data; a JSONL `published` field is the publication date.",
    ),
]


@app.command()
def annotate(
    paths: Paths,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="JSONL file to write; a .parquet suffix writes Parquet instead.")
    ],
    untouched: AsIsFlag = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
    workers: WorkersOption = None,
) -> None:
    """Entities, quotes with speakers, time expressions and quantities: one JSONL row per article,
    with character offsets into its body. With -o out.parquet, one Parquet row per article; the
    nested fields (entities, quotes, timex, quantities, published_inferred) are JSON text columns.

    Streamed: the corpus is never held in memory; annotated articles wait in a temporary file
    beside the output while entities are linked across all of them."""
    from parallax.export.dossier import ARTICLE_COLUMNS

    chosen = make_engine(engine, workers, address)
    parquet = output.suffix.lower() == ".parquet"

    def body() -> tuple[int, list[InputError]]:
        if parquet:
            require_parquet()  # before the long part, not after it
        errors: list[InputError] = []
        with progress_bar("annotating") as tick:

            def articles() -> Iterator[Article]:
                for article in pipeline.iter_load(paths, untouched=untouched, errors=errors):
                    tick("read", article.source or article.id)  # read a batch ahead of the annotators
                    yield article

            # Streamed end to end; the annotated articles wait for entity linking in a temporary
            # file beside the output (the disk that takes the output takes them; /tmp may be in RAM).
            records = pipeline.annotate_records(articles(), engine=chosen, spool_dir=output.parent)
            n = write_parquet(output, records, ARTICLE_COLUMNS) if parquet else write_jsonl(output, records)
        return n, errors

    n, errors = run(body)
    finish(f"{n} articles annotated into {output}", errors)


@app.command()
def stories(
    paths: Paths,
    output: Annotated[Path, typer.Option("-o", "--output", help="JSONL file to write.")],
    untouched: AsIsFlag = False,
) -> None:
    """Group articles into events and storylines: one JSONL row {id, event, storyline} per article."""

    def body() -> tuple[int, list[InputError]]:
        articles, errors = pipeline.load(paths, untouched=untouched)
        return write_jsonl(output, pipeline.story_records(articles)), errors

    n, errors = run(body)
    finish(f"{n} articles grouped into {output}", errors)


@app.command()
def report(
    storyline: Annotated[
        str | None, typer.Argument(metavar="[STORYLINE]", help="Storyline id; default: the largest.")
    ] = None,
    dossier: Annotated[
        Path | None,
        typer.Option("--from", help="A dossier written by `parallax analyze --json`; default: the store (--db)."),
    ] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("-f", "--format", help="md, html, json or csv (the fact ledger).")] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write; default: stdout.")] = None,
) -> None:
    """Render one storyline as a report: Markdown, self-contained HTML, JSON or CSV.

    The storyline comes from the store that `parallax analyze` filled, or from a dossier file."""
    from parallax.export.report import FORMATS, render

    if fmt not in FORMATS:
        err.print(f"error: unknown format {fmt!r}; use one of {', '.join(FORMATS)}", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    if dossier is None:

        def from_store() -> Dossier:
            with Store.open(db) as store:
                return store.dossier(None if storyline is None else [storyline])

        data, where = run(from_store), "the store"
    else:
        try:
            data, where = dossier_from_json(json.loads(dossier.read_text(encoding="utf-8"))), str(dossier)
        except (OSError, ValueError, RecursionError, TypeError, KeyError, AttributeError) as e:
            # a file given with --from may be any JSON: unreadable, or shaped unlike a dossier
            problem = printable(f"{type(e).__name__}: {e}")
            err.print(
                f"error: {dossier} is not a dossier of `parallax analyze` ({problem})", highlight=False, soft_wrap=True
            )
            raise typer.Exit(EXIT_FATAL) from None
    lines = data.storylines
    chosen = data.storyline(storyline) if storyline else (lines[0] if lines else None)
    if chosen is None:
        known = ", ".join(s.id for s in lines) or "none"
        err.print(f"error: no storyline {storyline!r} in {where} (storylines: {known})", highlight=False)
        raise typer.Exit(EXIT_INPUTS_FAILED)
    text = render(chosen, data.articles, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        with atomic_writer(output) as fh:
            fh.write(text)
        err.print(f"{fmt} report of storyline {chosen.id} written to {output}", highlight=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app: storylines, articles and entities, with a JSON API under /api (docs at /docs).

    Read-only unless PARALLAX_TOKEN is set: then articles can be added through the upload form and
    POST /api/articles with that token."""
    from parallax.web import create_app

    web = run(lambda: create_app(db))
    import uvicorn

    err.print(f"serving {Store.describe(db)} on http://{host}:{port}/  (Ctrl+C stops)", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def watch(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="RSS/Atom feed URLs, sitemap URLs, folders (new files), or a file listing sources one per "
            "line with settings (every=10m pages=auto|always|never limit=N kind=feed|sitemap|folder)."
        ),
    ] = None,
    db: DbOption = None,
    every: Annotated[str, typer.Option(help="How often each source is polled (30s, 10m, 2h) unless it says.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="One round over every source, then exit (for cron).")] = False,
    status: Annotated[bool, typer.Option("--status", help="Print the last round and each source's state.")] = False,
    webhook: Annotated[
        str | None, typer.Option(help="POST new conflicts and new storylines here as signed JSON.")
    ] = None,
    webhook_secret: Annotated[
        str | None,
        typer.Option(help="Shared secret of the webhook's HMAC-SHA256 signature. Default: $PARALLAX_WEBHOOK_SECRET."),
    ] = None,
    delay: Annotated[
        float, typer.Option(help="Seconds between two requests to one host (robots.txt may ask more).")
    ] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a host before giving up on a request.")] = 20.0,
) -> None:
    """Follow sources: each round fetches what is new (politely: conditional GET, robots.txt, a rate
    limit per host), ingests and places it, re-analyses the storylines that received articles and
    records what changed (see `parallax changes`). Runs until stopped; state lives in the store."""
    import os
    import threading

    from parallax.watch import RoundReport, WatchOptions, WatchState, open_watch, parse_duration

    if status:
        health = run(lambda: _with_store(db, lambda store: WatchState(store).health()))
        print_watch_status(health)
        return
    if not sources:
        err.print("error: give sources to watch (or --status)", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    secret = webhook_secret or os.environ.get("PARALLAX_WEBHOOK_SECRET")
    if webhook and not secret:
        err.print("error: --webhook needs --webhook-secret or $PARALLAX_WEBHOOK_SECRET", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    try:
        seconds = parse_duration(every)
    except ValueError as e:
        err.print(f"error: --every: {e}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    options = WatchOptions(every=seconds, delay=delay, timeout=timeout, webhook=webhook, webhook_secret=secret)
    failed = False

    def on_round(report: RoundReport) -> None:
        nonlocal failed
        failed = failed or bool(report.errors)
        print_round(report)

    def body() -> None:
        with Store.open(db) as store:
            watcher, problems = open_watch(store, sources, options)
            for e in problems:
                report_input_error(e)
            if not watcher.sources:
                raise typer.Exit(EXIT_USAGE)
            try:
                if once:
                    on_round(watcher.round())
                else:
                    err.print(f"watching {len(watcher.sources)} sources into {Store.describe(db)} (Ctrl+C stops)")
                    watcher.run(threading.Event(), on_round)
            finally:
                watcher.close()

    run(body)
    raise typer.Exit(EXIT_INPUTS_FAILED if failed else EXIT_OK)


def _with_store(db: str | None, action: Callable[[Store], T]) -> T:
    with Store.open(db) as store:
        return action(store)


def print_round(report: Any) -> None:
    """One line per round, then one line per problem."""
    c = report.counts
    sources = f"{c['sources']} sources"
    extra = [f"{c['failed_sources']} failed"] if c["failed_sources"] else []
    extra += [f"{c['not_modified']} not modified"] if c["not_modified"] else []
    extra += [f"{c['skipped_sources']} backing off"] if c["skipped_sources"] else []
    err.print(
        f"[bold]round {report.round}[/bold]  {sources}{' (' + ', '.join(extra) + ')' if extra else ''}  "
        f"{c['inserted']} new, {c['updated']} updated, {c['failed']} failed  "
        f"{c['analysed']} storylines analysed  {c['changes']} changes  {report.seconds:.1f} s",
        highlight=False,
    )
    for line in [*report.notes, *report.errors]:
        err.print(f"  [yellow]![/yellow] {escape(line)}", highlight=False, soft_wrap=True)


def print_watch_status(health: dict[str, Any]) -> None:
    last = health["last_round"]
    if last is None:
        out.print("no round yet")
    else:
        out.print(
            f"last round {last['id']} ({last['status']}) started {last['started_at']}, "
            f"finished {last['finished_at'] or '—'}: {json.dumps(last['counts'])}",
            highlight=False,
        )
    table = Table("source", "kind", "failures", "last ok", "next due", "last error", box=None)
    for s in health["sources"]:
        table.add_row(
            s["location"], s["kind"], str(s["failures"]), s["last_ok_at"] or "—", s["next_due_at"] or "—",
            s["last_error"] or "",
        )  # fmt: skip
    out.print(table)
    out.print(f"queue: {health['queue_length']} ({json.dumps(health['queue'])})", highlight=False)


@app.command()
def changes(
    storyline: Annotated[
        str | None, typer.Argument(metavar="[STORYLINE]", help="A storyline id; default: every storyline.")
    ] = None,
    db: DbOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only changes recorded since: a date, an ISO time, or an age (2h, 3d).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 200,
    as_json: JsonFlag = False,
) -> None:
    """What `parallax watch` recorded as changed, newest first: new articles and outlets, new facts,
    status changes (agreed → conflict), moved figures, new quotes."""
    from datetime import UTC, datetime, timedelta

    from parallax.watch import parse_duration, recorded_changes

    when = None
    if since:
        try:
            when = datetime.now(UTC) - timedelta(seconds=parse_duration(since))
        except ValueError:
            try:
                when = datetime.fromisoformat(since)
            except ValueError:
                err.print(f"error: --since {since!r} is not a date, a time or an age like 2h", highlight=False)
                raise typer.Exit(EXIT_USAGE) from None
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
    rows = run(lambda: _with_store(db, lambda store: recorded_changes(store, storyline, since=when, limit=limit)))
    if as_json:
        records = [
            {"id": i, "at": at.isoformat(), "round": c.round, "storyline": c.storyline, "kind": c.kind.value,
             "what": c.what, **c.data()}
            for i, at, c in rows
        ]  # fmt: skip
        out.print_json(json.dumps(records, ensure_ascii=False))
        return
    table = Table("when", "round", "storyline", "kind", "what", box=None, header_style="bold")
    for _, at, c in rows:
        table.add_row(at.strftime("%Y-%m-%d %H:%M"), str(c.round), c.storyline, c.kind.value, c.what)
    out.print(table)


def finish(message: str, errors: list[InputError]) -> None:
    """Report per-input problems and a one-line result; exit 1 when some inputs failed."""
    for e in errors:
        report_input_error(e)
    err.print(f"{message}, {len(errors)} failed", highlight=False)
    raise typer.Exit(EXIT_OK if not errors else EXIT_INPUTS_FAILED)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"parallax {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Parallax command line."""


def main() -> None:
    """Console-script entry point."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        err.print("interrupted: finished articles are stored; run the same command again to go on")
        sys.exit(130)
