"""Reports of one storyline for people: Markdown for notes, a self-contained HTML page a journalist
can send, CSV of the fact ledger for spreadsheets, and JSON (the dossier's storyline object).

All renderers take a ``Storyline`` and its ``Article``s; each article is cited by its outlet
(``Article.outlet_label``), each report of a fact by its ``Mark``. The HTML escapes every byte that
came from an article and loads nothing from elsewhere.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Mapping, Sequence

from parallax.export.dossier import article_to_json, storyline_to_json
from parallax.export.ledger import ledger
from parallax.model import Article, Mark, Storyline

FORMATS = ("md", "html", "json", "csv")


def _outlet(articles: Mapping[str, Article], aid: str) -> str:
    a = articles.get(aid)
    return a.outlet_label if a is not None else aid


def _cites(articles: Mapping[str, Article], ids: Sequence[str]) -> str:
    return ", ".join(sorted({_outlet(articles, i) for i in ids}))


def render_json(storyline: Storyline, articles: Mapping[str, Article]) -> str:
    members = [article_to_json(articles[i]) for i in storyline.articles if i in articles]
    return (
        json.dumps({"storyline": storyline_to_json(storyline), "articles": members}, ensure_ascii=False, indent=2)
        + "\n"
    )


def render_csv(storyline: Storyline, articles: Mapping[str, Article]) -> str:
    """The fact ledger, one row per fact, one column per article: its value, or its mark's word."""
    ids = list(storyline.articles)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["claim", "status", "independent_sources", "text", *[f"{_outlet(articles, i)} ({i})" for i in ids]])
    for claim in storyline.claims:
        by_article = {r.article: r for r in claim.reports}
        cells = []
        for i in ids:
            if i in by_article:
                report = by_article[i]
                cells.append(
                    f"{claim.mark(report).value}: {report.value}" if report.value else claim.mark(report).value
                )
            elif i in claim.omitted_by:
                cells.append(Mark.OMITTED.value)
            else:
                cells.append("")
        writer.writerow([claim.id, claim.status.value, claim.independent_sources, claim.text, *cells])
    return out.getvalue()


def render_markdown(storyline: Storyline, articles: Mapping[str, Article]) -> str:
    ids = storyline.articles
    lines = [f"# {storyline.title}", ""]
    lines.append(f"{len(ids)} articles from {len({_outlet(articles, i) for i in ids})} outlets.")
    if not storyline.analysed:
        lines += ["", "Not yet cross-checked: run `parallax analyze`."]
    if storyline.summary:
        lines += ["", "## Summary", ""]
        for s in storyline.summary:
            lines.append(f"- {s.text} *({s.status.label}; {_cites(articles, s.cites)})*")
    if storyline.timeline:
        lines += ["", "## Timeline", ""]
        for t in storyline.timeline:
            srcs = _cites(articles, [s.article for s in t.sources])
            lines.append(f"- **{t.date}** — {t.text} *({srcs}; date {t.provenance})*")
    table = ledger(storyline, articles)
    if table.shared:
        lines += [
            "",
            "## Fact ledger",
            "",
            "| fact | status | sources | reported by | omitted by |",
            "|---|---|---|---|---|",
        ]
        for row in table.shared:
            c = row.claim
            reported = "; ".join(
                f"{outlet} {cell.mark.symbol}{' ' + cell.report.value if cell.report and cell.report.value else ''}"
                for outlet, cell in zip(table.outlets, row.cells, strict=True)
                if cell is not None and cell.mark is not Mark.OMITTED
            )
            lines.append(
                f"| {_cell(c.text)} | {c.status.label} | {c.independent_sources} | {_cell(reported)} | "
                f"{_cites(articles, c.omitted_by)} |"
            )
    for outlet, claims in table.only.items():
        lines += ["", f"### Only {outlet} reported", ""]
        lines.extend(f"- {c.text}" + (f" ({c.reports[0].value})" if c.reports[0].value else "") for c in claims)
    if storyline.quote_groups:
        lines += ["", "## One statement, several renderings", ""]
        for g in storyline.quote_groups:
            lines.append(f"**{g.speaker or 'unknown speaker'}**")
            lines.extend(f"- {_outlet(articles, q.article)}: “{q.text}”" for q in g.quotes)
            lines.append("")
    if storyline.framing:
        lines += ["", "## Framing", ""]
        for f in storyline.framing:
            forms = "; ".join(f"“{form}”: {_cites(articles, ids)}" for form, ids in f.forms.items())
            lines.append(f"- {f.referent}: {forms}")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
color:#1d2329}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d8dde3}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #d8dde3;padding:.3rem .5rem;
vertical-align:top}th{background:#f3f5f7;text-align:left}.agree{background:#e3f4e6}.hedge{background:#fff5d6}
.conflict{background:#fde2e1}.update{background:#e2ecfd}.single{background:#eef1f5}
.omitted{color:#8a939c;font-style:italic}
.status{font-size:.8rem;color:#4d5862}blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid #c9d1d9}
del{background:#fde2e1}ins{background:#e3f4e6;text-decoration:none}.meta{color:#4d5862;font-size:.9rem}
@media (max-width:40rem){body{font-size:15px}td,th{padding:.2rem}}
"""


def render_html(storyline: Storyline, articles: Mapping[str, Article]) -> str:
    e = html.escape
    ids = storyline.articles
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width,initial-scale=1'>",
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{e(storyline.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(storyline.title)}</h1>",
        f"<p class=meta>{len(ids)} articles from {len({_outlet(articles, i) for i in ids})} outlets</p>",
    ]
    if not storyline.analysed:
        parts.append("<p class=meta>Not yet cross-checked: run <code>parallax analyze</code>.</p>")
    if storyline.summary:
        parts.append("<h2>Summary</h2><ul>")
        for s in storyline.summary:
            parts.append(
                f"<li>{e(s.text)} <span class=status>({e(s.status.label)}; {e(_cites(articles, s.cites))})</span></li>"
            )
        parts.append("</ul>")
    if storyline.timeline:
        parts.append("<h2>Timeline</h2><table><tr><th>date</th><th>development</th><th>sources</th></tr>")
        for t in storyline.timeline:
            parts.append(
                f"<tr><td>{e(t.date)}</td><td>{e(t.text)}</td><td>"
                f"{e(_cites(articles, [s.article for s in t.sources]))} "
                f"<span class=status>({e(t.provenance)})</span></td></tr>"
            )
        parts.append("</table>")
    table = ledger(storyline, articles)
    if table.shared:
        parts.append("<h2>Fact ledger</h2><table><tr><th>fact</th><th>status</th>")
        parts += [f"<th>{e(outlet)}</th>" for outlet in table.outlets]
        parts.append("</tr>")
        for row in table.shared:
            c = row.claim
            parts.append(
                f"<tr><td>{e(c.text)}</td><td>{e(c.status.label)} "
                f"<span class=status>({c.independent_sources} src)</span></td>"
            )
            for cell in row.cells:
                if cell is None:
                    parts.append("<td></td>")
                    continue
                shown = cell.report.value if cell.report is not None and cell.report.value else cell.mark.symbol
                parts.append(f"<td class={cell.mark.css} title='{e(cell.mark.meaning)}'>{e(shown)}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    if table.only:
        parts.append("<h2>Reported by one outlet only</h2>")
        for outlet, claims in table.only.items():
            parts.append(f"<h3>Only {e(outlet)} reported</h3><ul>")
            parts += [
                f"<li>{e(c.text)}"
                + (f" <span class=status>({e(c.reports[0].value)})</span>" if c.reports[0].value else "")
                + "</li>"
                for c in claims
            ]
            parts.append("</ul>")
    if storyline.quote_groups:
        parts.append("<h2>One statement, several renderings</h2>")
        for g in storyline.quote_groups:
            parts.append(f"<h3>{e(g.speaker or 'unknown speaker')}</h3>")
            parts += [
                f"<blockquote>{e(q.text)} <span class=status>— {e(_outlet(articles, q.article))}</span></blockquote>"
                for q in g.quotes
            ]
            for d in g.diffs:
                rendered = []
                for op in d.ops:
                    if op.op == "equal":
                        rendered.append(e(op.a))
                    else:
                        if op.a:
                            rendered.append(f"<del>{e(op.a)}</del>")
                        if op.b:
                            rendered.append(f"<ins>{e(op.b)}</ins>")
                parts.append(f"<p class=meta>{' '.join(rendered)}</p>")
    if storyline.framing:
        parts.append("<h2>Framing</h2><table><tr><th>referent</th><th>forms</th></tr>")
        for f in storyline.framing:
            forms = "; ".join(f"“{e(form)}”: {e(_cites(articles, a))}" for form, a in f.forms.items())
            parts.append(f"<tr><td>{e(f.referent)}</td><td>{forms}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Sources</h2><ul>")
    for i in ids:
        a = articles.get(i)
        if a is None:
            parts.append(f"<li>{e(i)}</li>")
            continue
        parts.append(
            f"<li>{e(a.outlet_label)}: {e(a.title or i)} "
            f"<span class=status>({e(a.published or 'undated')}"
            f"{'; copy of ' + e(a.duplicate_of) if a.duplicate_of else ''})</span></li>"
        )
    parts.append("</ul></body></html>\n")
    return "".join(parts)


RENDERERS = {"md": render_markdown, "html": render_html, "json": render_json, "csv": render_csv}


def render(storyline: Storyline, articles: Sequence[Article], fmt: str) -> str:
    """Render a storyline in one of ``FORMATS``."""
    return RENDERERS[fmt](storyline, {a.id: a for a in articles})
