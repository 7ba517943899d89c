"""Log patterns that stay linear in the length of a log line (issue 24).

A regex like ``fan.*(fail|fault)`` is searched from every ``fan`` of a line, and from each one ``.*``
runs to the end and back: a line of 40,000 characters of ``fan fan fan ...`` (a looping process, a
corrupted buffer) takes minutes. data/checks/log_patterns.yaml therefore writes such a pattern as a
sequence of parts, ``[fan, 'fail|fault']``: each part is searched once, from where the previous one
ended, so a line is read at most once per part. A part must itself hold no unbounded gap (``.*``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sequence_:
    """Parts that must all be found, in this order, without overlapping."""

    parts: tuple[re.Pattern[str], ...]

    def search(self, text: str) -> re.Match[str] | None:
        """The match of the first part, when every later part follows it; else None."""
        first = self.parts[0].search(text)
        if first is None:
            return None
        at = first.end()
        for part in self.parts[1:]:
            found = part.search(text, at)
            if found is None:
                return None
            at = found.end()
        return first


@dataclass(frozen=True)
class LogPattern:
    """Any of several alternatives: a regex, or a sequence of regexes (a list in the data file)."""

    alternatives: tuple[re.Pattern[str] | Sequence_, ...]

    def search(self, text: str) -> re.Match[str] | None:
        for alternative in self.alternatives:
            found = alternative.search(text)
            if found is not None:
                return found
        return None


_GAP = re.compile(r"(?<!\\)\.[*+]")  # `.*` / `.+` (not an escaped dot)


def compile_part(text: str) -> re.Pattern[str]:
    """One regex part, case-insensitive; ValueError when it holds an unbounded gap."""
    if _GAP.search(text):
        raise ValueError(f"log pattern part {text!r} holds '.*': write it as a sequence [before, after]")
    return re.compile(text, re.IGNORECASE)


def compile_pattern(alternatives: Sequence[str | Sequence[str]]) -> LogPattern:
    """A LogPattern from a data-file list: each item a regex, or a list of regexes (a sequence)."""
    compiled: list[re.Pattern[str] | Sequence_] = []
    for item in alternatives:
        if isinstance(item, str):
            compiled.append(compile_part(item))
        else:
            compiled.append(Sequence_(tuple(compile_part(p) for p in item)))
    return LogPattern(tuple(compiled))
