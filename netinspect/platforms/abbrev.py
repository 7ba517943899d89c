"""Expand abbreviated commands (`dis int b`, `sh run`) the way the device CLI does.

Each typed word must be a prefix of the keyword at its position (case-insensitive). A typed word that
equals a keyword beats a longer keyword it is also a prefix of, as on the device. Words after a complete
command that match no deeper keyword are arguments and are kept as typed
(`dis int GigabitEthernet0/0/1` -> `display interface GigabitEthernet0/0/1`).

>>> expand("dis int b", ["display interface", "display interface brief", "dir"])
'display interface brief'
>>> expand("dis d", ["display device", "display diagnostic-information"])  # ambiguous: kept
'dis d'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terminal: bool = False


@dataclass(frozen=True)
class _Match:
    keywords: tuple[str, ...]
    args: tuple[str, ...]
    exact: tuple[bool, ...]

    def rank(self) -> tuple[int, tuple[bool, ...]]:
        """Higher is better: fewer free arguments, then exact keywords earlier."""
        return (-len(self.args), self.exact)


@lru_cache(maxsize=32)
def _trie(vocabulary: tuple[str, ...]) -> _Node:
    root = _Node()
    for command in vocabulary:
        node = root
        for word in command.lower().split():
            node = node.children.setdefault(word, _Node())
        node.terminal = True
    return root


def _matches(node: _Node, words: Sequence[str], done: tuple[str, ...], exact: tuple[bool, ...]) -> list[_Match]:
    """Every way `words` resolves from `node` (depth-first; the vocabulary is small)."""
    if not words:
        return [_Match(done, (), exact)] if node.terminal else []
    typed = words[0].lower()
    found: list[_Match] = []
    for keyword, child in node.children.items():
        if keyword.startswith(typed):
            found += _matches(child, words[1:], (*done, keyword), (*exact, keyword == typed))
    if not found and node.terminal:
        found.append(_Match(done, tuple(words), exact))
    return found


def expand(typed: str, vocabulary: Sequence[str]) -> str:
    """The full command for `typed`, or `typed` (whitespace collapsed) when unknown or ambiguous."""
    words = typed.split()
    if not words:
        return ""
    candidates = _matches(_trie(tuple(vocabulary)), words, (), ())
    if not candidates:
        return " ".join(words)
    candidates.sort(key=_Match.rank, reverse=True)
    if len(candidates) > 1 and candidates[0].rank() == candidates[1].rank():
        return " ".join(words)
    best = candidates[0]
    return " ".join((*best.keywords, *best.args))


def first_words(vocabulary: Sequence[str]) -> frozenset[str]:
    """First keyword of every command: what a typed command may start with."""
    return frozenset(c.split()[0].lower() for c in vocabulary if c.split())
