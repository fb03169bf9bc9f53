"""Reports of one storyline for people: Markdown for notes, a self-contained HTML page a journalist
can send, CSV of the fact ledger for spreadsheets, and JSON (the dossier's storyline object).

All renderers take the dossier's storyline record and the articles it names; the HTML escapes every
byte that came from an article and loads nothing from elsewhere.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

FORMATS = ("md", "html", "json", "csv")
STATUS_MARK = {"agreed": "agree", "compatible": "hedge", "conflict": "conflict", "single-source": "single"}


def _outlet(articles: Mapping[str, Mapping[str, Any]], aid: str) -> str:
    a = articles.get(aid) or {}
    return a.get("outlet") or aid


def _cites(articles: Mapping[str, Mapping[str, Any]], ids: Sequence[str]) -> str:
    return ", ".join(sorted({_outlet(articles, i) for i in ids}))


def render_json(storyline: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    return (
        json.dumps(
            {"storyline": storyline, "articles": [articles[i] for i in storyline["articles"] if i in articles]},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def render_csv(storyline: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    """The fact ledger, one row per fact, one column per article (its value or mark)."""
    ids = list(storyline["articles"])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["claim", "status", "independent_sources", "text", *[f"{_outlet(articles, i)} ({i})" for i in ids]])
    for claim in storyline["claims"]:
        by_article = {r["article"]: r for r in claim["reports"]}
        cells = []
        for i in ids:
            if i in by_article:
                cells.append(by_article[i].get("value") or "reports")
            elif i in claim.get("omitted_by", []):
                cells.append("omits")
            else:
                cells.append("")
        writer.writerow([claim["id"], claim["status"], claim["independent_sources"], claim["text"], *cells])
    return out.getvalue()


def render_markdown(storyline: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    lines = [f"# {storyline['title']}", ""]
    lines.append(
        f"{len(storyline['articles'])} articles from "
        f"{len({_outlet(articles, i) for i in storyline['articles']})} outlets."
    )
    if storyline["summary"]:
        lines += ["", "## Summary", ""]
        for s in storyline["summary"]:
            lines.append(f"- {s['text']} *({s['status']}; {_cites(articles, s['cites'])})*")
    if storyline["timeline"]:
        lines += ["", "## Timeline", ""]
        for t in storyline["timeline"]:
            srcs = _cites(articles, [s["article"] for s in t["sources"]])
            lines.append(f"- **{t['date']}** — {t['text']} *({srcs}; date {t.get('provenance', 'stated')})*")
    if storyline["claims"]:
        lines += [
            "",
            "## Fact ledger",
            "",
            "| fact | status | sources | reported by | omitted by |",
            "|---|---|---|---|---|",
        ]
        for c in storyline["claims"]:
            text = c["text"].replace("|", "\\|").replace("\n", " ")
            lines.append(
                f"| {text} | {c['status']} | {c['independent_sources']} | "
                f"{_cites(articles, [r['article'] for r in c['reports']])} | "
                f"{_cites(articles, c.get('omitted_by', []))} |"
            )
    if storyline["quote_groups"]:
        lines += ["", "## One statement, several renderings", ""]
        for g in storyline["quote_groups"]:
            lines.append(f"**{g['speaker']}**")
            lines.extend(f"- {_outlet(articles, q['article'])}: “{q['text']}”" for q in g["quotes"])
            lines.append("")
    if storyline["framing"]:
        lines += ["", "## Framing", ""]
        for f in storyline["framing"]:
            forms = "; ".join(f"“{form}”: {_cites(articles, ids)}" for form, ids in f["forms"].items())
            lines.append(f"- {f['referent']}: {forms}")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
color:#1d2329}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d8dde3}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #d8dde3;padding:.3rem .5rem;
vertical-align:top}th{background:#f3f5f7;text-align:left}.agree{background:#e3f4e6}.hedge{background:#fff5d6}
.conflict{background:#fde2e1}.single{background:#eef1f5}.omits{color:#8a939c;font-style:italic}
.status{font-size:.8rem;color:#4d5862}blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid #c9d1d9}
del{background:#fde2e1}ins{background:#e3f4e6;text-decoration:none}.meta{color:#4d5862;font-size:.9rem}
@media (max-width:40rem){body{font-size:15px}td,th{padding:.2rem}}
"""


def render_html(storyline: Mapping[str, Any], articles: Mapping[str, Mapping[str, Any]]) -> str:
    e = html.escape
    ids = list(storyline["articles"])
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width,initial-scale=1'>",
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{e(storyline['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(storyline['title'])}</h1>",
        f"<p class=meta>{len(ids)} articles from {len({_outlet(articles, i) for i in ids})} outlets</p>",
    ]
    if storyline["summary"]:
        parts.append("<h2>Summary</h2><ul>")
        for s in storyline["summary"]:
            parts.append(
                f"<li>{e(s['text'])} <span class=status>({e(s['status'])}; "
                f"{e(_cites(articles, s['cites']))})</span></li>"
            )
        parts.append("</ul>")
    if storyline["timeline"]:
        parts.append("<h2>Timeline</h2><table><tr><th>date</th><th>development</th><th>sources</th></tr>")
        for t in storyline["timeline"]:
            parts.append(
                f"<tr><td>{e(t['date'])}</td><td>{e(t['text'])}</td><td>"
                f"{e(_cites(articles, [s['article'] for s in t['sources']]))} "
                f"<span class=status>({e(t.get('provenance', 'stated'))})</span></td></tr>"
            )
        parts.append("</table>")
    if storyline["claims"]:
        parts.append("<h2>Fact ledger</h2><table><tr><th>fact</th><th>status</th>")
        parts += [f"<th>{e(_outlet(articles, i))}</th>" for i in ids]
        parts.append("</tr>")
        for c in storyline["claims"]:
            by_article = {r["article"]: r for r in c["reports"]}
            parts.append(
                f"<tr><td>{e(c['text'])}</td><td>{e(c['status'])} "
                f"<span class=status>({c['independent_sources']} src)</span></td>"
            )
            for i in ids:
                if i in by_article:
                    parts.append(f"<td class={STATUS_MARK[c['status']]}>{e(by_article[i].get('value') or '✓')}</td>")
                elif i in c.get("omitted_by", []):
                    parts.append("<td class=omits>omits</td>")
                else:
                    parts.append("<td></td>")
            parts.append("</tr>")
        parts.append("</table>")
    if storyline["quote_groups"]:
        parts.append("<h2>One statement, several renderings</h2>")
        for g in storyline["quote_groups"]:
            parts.append(f"<h3>{e(g['speaker'] or '')}</h3>")
            parts += [
                f"<blockquote>{e(q['text'])} <span class=status>— {e(_outlet(articles, q['article']))}"
                "</span></blockquote>"
                for q in g["quotes"]
            ]
            for d in g.get("diffs", []):
                rendered = []
                for op in d["ops"]:
                    if op["op"] == "equal":
                        rendered.append(e(op["a"]))
                    else:
                        if op["a"]:
                            rendered.append(f"<del>{e(op['a'])}</del>")
                        if op["b"]:
                            rendered.append(f"<ins>{e(op['b'])}</ins>")
                parts.append(f"<p class=meta>{' '.join(rendered)}</p>")
    if storyline["framing"]:
        parts.append("<h2>Framing</h2><table><tr><th>referent</th><th>forms</th></tr>")
        for f in storyline["framing"]:
            forms = "; ".join(f"“{e(form)}”: {e(_cites(articles, a))}" for form, a in f["forms"].items())
            parts.append(f"<tr><td>{e(f['referent'])}</td><td>{forms}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Sources</h2><ul>")
    for i in ids:
        a = articles.get(i) or {}
        parts.append(
            f"<li>{e(a.get('outlet') or '?')}: {e(a.get('title') or i)} "
            f"<span class=status>({e(a.get('published') or 'undated')}"
            f"{'; copy of ' + e(a['duplicate_of']) if a.get('duplicate_of') else ''})</span></li>"
        )
    parts.append("</ul></body></html>\n")
    return "".join(parts)


RENDERERS = {"md": render_markdown, "html": render_html, "json": render_json, "csv": render_csv}


def render(storyline: Mapping[str, Any], articles: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """Render a storyline of a dossier in one of ``FORMATS``."""
    by_id = {a["id"]: a for a in articles}
    return RENDERERS[fmt](storyline, by_id)
