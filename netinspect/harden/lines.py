"""User lines as the device has them, not only as the configuration prints them.

A configuration prints a user line (``line vty 0 4``, ``user-interface vty 0 4``) only when it has a
non-default setting, yet the device has all of its lines: Comware 7 always has VTY lines 0-63, VRP has
5 VTY lines or ``user-interface maximum-vty N``. A range no section covers is judged with its defaults
(:func:`implicit_sections`). On Comware 7 a line without its own setting takes the one of its
``line class`` (:func:`effective_children`). Global settings that are on by default on the software (VRP5
Telnet and HTTP servers) count as present unless their negation is printed (:func:`root_defaults`). The dialect data (``user_lines`` in data/harden/platforms.yaml)
says which lines exist and where they inherit from.
"""

from __future__ import annotations

import re

from hier_config import HConfig
from hier_config.child import HConfigChild

from netinspect.harden.configtree import UserLine, dialects, empty_tree

Node = HConfig | HConfigChild
_NUMBERS = re.compile(r"^(\d+)(?:\s+(\d+))?\s*$")


def _user_line(dialect: str, header: str) -> UserLine | None:
    for line in dialects()[dialect].user_lines:
        if header == line.header or header.startswith(line.header + " "):
            return line
    return None


def _count(tree: HConfig, line: UserLine) -> int:
    if line.count_from:
        for child in tree.children:
            match = line.count_from.search(child.text)
            if match:
                return int(match.group(1))
    return line.count


def _covered(tree: HConfig, line: UserLine) -> set[int]:
    numbers: set[int] = set()
    for child in tree.children:
        if not child.text.startswith(line.header + " "):
            continue
        match = _NUMBERS.match(child.text[len(line.header) + 1:])
        if match:
            first = int(match.group(1))
            numbers.update(range(first, int(match.group(2) or first) + 1))
    return numbers


def _ranges(missing: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in missing:
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _has_class(tree: HConfig, line: UserLine) -> bool:
    return bool(line.line_class) and any(c.text == line.line_class for c in tree.children)


def implicit_sections(tree: HConfig, dialect: str) -> list[HConfigChild]:
    """Sections (in a scratch tree) for the user lines the device has but the configuration does not print."""
    scratch = empty_tree(dialect)
    out = []
    for line in dialects()[dialect].user_lines:
        if line.only_with_class and not _has_class(tree, line):
            continue
        covered = _covered(tree, line)
        if line.only_with_class and covered:
            continue
        missing = [n for n in range(_count(tree, line)) if n not in covered]
        for first, last in _ranges(missing):
            header = f"{line.header} {first}" if first == last or line.count == 1 else f"{line.header} {first} {last}"
            out.append(scratch.add_child(header))
    return out


def _key(text: str) -> str:
    return text.split()[0] if text.split() else text


def effective_children(node: Node, tree: HConfig, dialect: str) -> list[HConfigChild]:
    """The settings of a section: its own lines, plus (user lines) those of its class it does not set itself."""
    own = list(node.children)
    if isinstance(node, HConfig):
        return own + root_defaults(node, dialect)
    line = _user_line(dialect, node.text)
    if line is None:
        return own
    klass = next((c for c in tree.children if c.text == line.line_class), None) if line.line_class else None
    own_keys = {_key(c.text) for c in own}
    if own_keys & set(line.together):
        own_keys |= set(line.together)
    inherited = [c for c in klass.children if _key(c.text) not in own_keys and _key(c.text) != "user-role"] \
        if klass is not None else []
    return own + inherited + _defaults(tree, dialect, line, own_keys | {_key(c.text) for c in inherited})


def root_defaults(tree: HConfig, dialect: str) -> list[HConfigChild]:
    """Global settings (lines in a scratch tree) the device has by default: neither they nor "undo X" printed."""
    spec = dialects()[dialect]
    texts = {c.text for c in tree.children}
    scratch = None
    out = []
    for default in spec.root_defaults:
        if default.unless and any(default.unless.search(text) for text in texts):
            continue
        for line in default.lines:
            if line in texts or f"{spec.negation}{line}" in texts:
                continue
            scratch = scratch or empty_tree(dialect)
            out.append(scratch.add_child(line))
    return out


def _defaults(tree: HConfig, dialect: str, line: UserLine, keys: set[str]) -> list[HConfigChild]:
    """The settings a line has by default on this software (lines in a scratch tree), those not set."""
    if not line.defaults or not line.defaults_when:
        return []
    if not any(line.defaults_when.search(c.text) for c in tree.children):
        return []
    scratch = empty_tree(dialect)
    return [scratch.add_child(text) for text in line.defaults if _key(text) not in keys]
