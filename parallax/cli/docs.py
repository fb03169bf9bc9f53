"""Generate the CLI reference (docs/cli.md) from the commands' own ``--help``.

Run ``python -m parallax.cli.docs > docs/cli.md``; a test fails when the checked-in file differs,
so the reference cannot drift from the code.
"""

from __future__ import annotations

import os

import typer
from typer.testing import CliRunner

from parallax.cli.app import app


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def help_text(args: list[str]) -> str:
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    result = CliRunner().invoke(app, [*args, "--help"], env=env, prog_name="parallax")
    return result.output.rstrip()


def render() -> str:
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `make docs` (`python -m parallax.cli.docs`); do not edit by hand.",
        "",
        "```",
        help_text([]),
        "```",
    ]
    for name in command_names():
        parts += ["", f"## parallax {name}", "", "```", help_text([name]), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render(), end="")
