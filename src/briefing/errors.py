"""Errors a user can fix, and where in their files they come from.

Everything a user can mend (a typo in a spec, a brief too long for one page, an output path that
cannot be written) is a `BriefingError`. The CLI prints its lines and exits with its status; any
other exception is a bug in `briefing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXIT_INVALID_INPUT = 2
EXIT_FAILURE = 1

_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def printable(text: str) -> str:
    """`text` safe to print on one terminal line: control characters, line and paragraph
    separators and bidirectional overrides shown as escapes (`\\n`, `\\x1b`, `\\u202e`), so
    a file name, key or value from a hostile file can neither forge a second message line,
    nor move the cursor, nor reorder what the reader sees."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return printable(f"{self.file}:{self.line}:{self.column}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located in its file and named by key path."""

    location: Location
    key_path: str
    message: str

    def __str__(self) -> str:
        prefix = f"{self.location}: "
        text = f"{self.key_path}: {self.message}" if self.key_path else self.message
        return printable(prefix + text)


class BriefingError(Exception):
    """Base class for every error a user can fix. `lines()` is what the CLI prints."""

    exit_status = EXIT_INVALID_INPUT

    def lines(self) -> list[str]:
        return [printable(line) for line in str(self).split("\n")]


class SpecError(BriefingError):
    """A spec (or any YAML input) is invalid; carries every problem found, sorted by position."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.location, p.key_path))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class LayoutError(BriefingError):
    """The content cannot be laid out as asked (e.g. too long for one page at the type floor)."""


class OutputError(BriefingError):
    """The PDF cannot be written where asked."""

    exit_status = EXIT_FAILURE
