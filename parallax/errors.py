"""One error hierarchy for the whole library.

Every error names what failed (a file, a line, a URL) and, where there is one, what to do next.
The CLI turns any ``ParallaxError`` into one line on stderr and a non-zero exit status; batch
stages collect ``InputError``s per input and go on with the rest.
"""

from __future__ import annotations

#: An error line names its input and says what is wrong in at most this many characters each.
MAX_LINE_PART = 240


def printable(text: str, limit: int = MAX_LINE_PART) -> str:
    """``text`` fit for one line of a terminal: control, format, separator and unpaired surrogate
    characters escaped (a newline in a file name shows as ``\\n``), at most ``limit`` characters.

    Error messages quote what they could not read (a library's message may carry a kilobyte of
    the file's bytes); the line must stay one short line whatever the input held."""
    out: list[str] = []
    size = 0
    for ch in text[: limit + 1]:
        piece = ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape", "backslashreplace").decode()
        out.append(piece)
        size += len(piece)
        if size > limit:
            break
    line = "".join(out)
    return line if len(line) <= limit and len(text) <= limit else line[: limit - 1] + "…"


class ParallaxError(Exception):
    """Root of every error Parallax raises on purpose."""

    code: str = "parallax"
    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{msg} ({self.hint})" if self.hint else msg


class InputError(ParallaxError):
    """One input (file, JSONL line, feed entry, URL) could not be read; the batch goes on.

    ``source`` is the path or URL, ``line`` the 1-based line of a JSONL row or ``None``. The
    message shows both through ``printable``: one short line whatever the input held.
    """

    code = "input"

    def __init__(self, source: str, message: str, *, line: int | None = None, hint: str | None = None):
        self.source = source
        self.line = line
        self.detail = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{printable(where)}: {printable(message)}", hint=hint)

    def __reduce__(self) -> tuple:
        # Pickled whole (worker processes send these back); Exception's default keeps only args.
        keywords = {"line": self.line, "hint": self.__dict__.get("hint")}
        return _rebuild, (type(self), (self.source, self.detail), keywords)


class FetchError(InputError):
    """A URL could not be fetched. ``transient`` says whether trying again may help."""

    code = "fetch"

    def __init__(self, url: str, message: str, *, transient: bool, hint: str | None = None):
        self.transient = transient
        super().__init__(url, message, hint=hint)

    def __reduce__(self) -> tuple:
        keywords = {"transient": self.transient, "hint": self.__dict__.get("hint")}
        return _rebuild, (type(self), (self.source, self.detail), keywords)


def _rebuild(cls: type[InputError], args: tuple, kwargs: dict) -> InputError:
    return cls(*args, **kwargs)


class StoreError(ParallaxError):
    """The database could not be opened, migrated, read or written."""

    code = "store"


class MissingDependency(ParallaxError):
    """An optional dependency is not installed; the message gives the exact install line."""

    code = "dependency"

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(
            f"{what} needs an optional dependency that is not installed",
            hint=f'pip install "parallax-news[{extra}]"',
        )
