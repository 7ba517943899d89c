"""Configurations as trees (hier_config), the dialect of a configuration, and applying CLI scripts to a tree.

hier_config 3.x has drivers for Huawei VRP, HP Comware 5 and Cisco IOS. Where it falls short here:

* Comware 7 (and 5) configurations separate sections with ``#`` and nest `` #`` inside sections; the
  Comware 5 driver keeps them and fails with DuplicateChildError. We drop comment lines first.
* Multi-line banners (``header motd %`` ... ``%`` on Comware, ``header login information "..."`` on VRP)
  are not understood by the VRP/Comware drivers; we fold them into one line (``banner``/``header`` + text).
* Comware 5 and 7 share hier_config's driver and our OS id; their syntax differs (``user-interface vty``
  vs ``line vty``, ``password cipher`` vs ``password hash``), so :func:`dialect_of` tells them apart.

Applying a script (:func:`apply_script`) simulates the CLI at text level: entering and leaving views,
``undo``/``no`` removing lines, single-value commands replacing their old value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import yaml
from hier_config import HConfig, Platform, get_hconfig
from hier_config.child import HConfigChild
from hier_config.constructors import get_hconfig_driver
from hier_config.platforms.driver_base import HConfigDriverBase

from netinspect.core.paths import DATA_DIR

DIALECTS = ("vrp", "comware5", "comware7", "ios")
_DRIVERS = {"vrp": Platform.HUAWEI_VRP, "comware5": Platform.HP_COMWARE5, "comware7": Platform.HP_COMWARE5,
            "ios": Platform.CISCO_IOS}
_NOISE = re.compile(r"^\s*(?:[#!].*|return|end|Building configuration.*|Current configuration\s*:.*|"
                    r"<[^>]+>\s*display .*|\S+#\s*show .*|\[[^\]]+\]\s*display .*)\s*$")
_CISCO_BANNER = re.compile(r"^banner\s+(\S+)\s+(\^C|[^\w\s])(.*)$")
_HEADER = re.compile(r"^\s*header\s+(login|motd|shell|incoming|legal)(\s+information)?\s+([^\w\s])(.*)$")


@dataclass(frozen=True)
class UserLine:
    """A kind of user line the device always has (VTY, console), printed or not, and where it inherits from."""

    header: str  # "line vty", "user-interface vty"
    count: int  # lines numbered 0..count-1
    count_from: re.Pattern[str] | None = None  # a root line whose group 1 sets the count
    line_class: str | None = None  # "line class vty": settings the lines take when they set none
    together: tuple[str, ...] = ()  # settings inherited only as a group
    only_with_class: bool = False  # the line exists only when its class is printed
    defaults: tuple[str, ...] = ()  # settings the line has when the configuration prints none
    defaults_when: re.Pattern[str] | None = None  # ... on the software that a root line matching this runs


@dataclass(frozen=True)
class RootDefault:
    """Global settings a device has when its configuration prints neither them nor their negation."""

    lines: tuple[str, ...]
    unless: re.Pattern[str] | None = None  # ... except on the software that a root line matching this runs


@dataclass(frozen=True)
class DialectSpec:
    """CLI behaviour of one dialect, from data/harden/platforms.yaml."""

    name: str
    os: tuple[str, ...]
    comment: str
    negation: str
    enter: tuple[str, ...]
    leave: tuple[str, ...]
    exit_section: tuple[str, ...]
    save: tuple[str, ...]
    backup: tuple[str, ...]
    verify_backup: str
    safety_net: str | None
    sections: tuple[re.Pattern[str], ...]
    subsections: tuple[re.Pattern[str], ...]
    undo_aliases: tuple[tuple[re.Pattern[str], str], ...]
    stored_as: tuple[tuple[re.Pattern[str], str], ...]
    default_on: tuple[str, ...]
    implicit_on: tuple[str, ...]
    single_value: tuple[re.Pattern[str], ...]
    user_lines: tuple[UserLine, ...] = ()
    root_defaults: tuple[RootDefault, ...] = ()


def _user_line(d: dict) -> UserLine:
    pattern = d.get("count_from")
    return UserLine(header=d["header"], count=int(d["count"]), count_from=re.compile(pattern) if pattern else None,
                    line_class=d.get("class"), together=tuple(d.get("together", [])),
                    only_with_class=bool(d.get("only_with_class")), defaults=tuple(d.get("defaults", [])),
                    defaults_when=re.compile(d["defaults_when"]) if d.get("defaults_when") else None)


@cache
def dialects() -> dict[str, DialectSpec]:
    data = yaml.safe_load((DATA_DIR / "harden" / "platforms.yaml").read_text(encoding="utf-8"))["dialects"]
    return {name: DialectSpec(
        name=name, os=tuple(d["os"]), comment=d["comment"], negation=d["negation"], enter=tuple(d["enter"]),
        leave=tuple(d["leave"]), exit_section=tuple(d["exit_section"]), save=tuple(d["save"]),
        backup=tuple(d["backup"]), verify_backup=d["verify_backup"], safety_net=d.get("safety_net"),
        sections=tuple(re.compile(p) for p in d["sections"]),
        subsections=tuple(re.compile(p) for p in d.get("subsections", [])),
        undo_aliases=tuple((re.compile(a["undo"]), a["removes"]) for a in d.get("undo_aliases", [])),
        stored_as=tuple((re.compile(a["match"]), a["replace"]) for a in d.get("stored_as", [])),
        default_on=tuple(d.get("default_on", [])),
        implicit_on=tuple(d.get("implicit_on", [])),
        single_value=tuple(re.compile(p) for p in d.get("single_value", [])),
        user_lines=tuple(_user_line(u) for u in d.get("user_lines", [])),
        root_defaults=tuple(RootDefault(tuple(r["lines"]), re.compile(r["unless"]) if r.get("unless") else None)
                            for r in d.get("root_defaults", [])),
    ) for name, d in data.items()}


def dialect_of(os_id: str | None, text: str) -> str | None:
    """The syntax family of a configuration: vrp | comware5 | comware7 | ios (None: not ours)."""
    if os_id in ("huawei_vrp", "huawei_vrp8"):
        return "vrp"
    if os_id in ("cisco_ios", "cisco_iosxe"):
        return "ios"
    if os_id != "h3c_comware":
        return None
    version = re.search(r"^\s*version (\d+)\.\d+", text, re.M)
    if version:
        return "comware7" if int(version.group(1)) >= 7 else "comware5"
    # Comware 7 syntax: user lines and roles; and, in configuration fragments (H3C's examples print no
    # version), the Comware 7 spellings of DHCP snooping, spanning tree and loop detection (Comware 5 prints
    # `dhcp-snooping`, `stp enable`, `loopback-detection enable`)
    if re.search(r"^line (?:vty|aux|con)|password hash |^\s*user-role |class manage|"
                 r"^\s*(?:dhcp snooping enable|stp global enable|loopback-detection global enable)(?:\s|$)",
                 text, re.M):
        return "comware7"
    return "comware5"


def _fold_banners(lines: list[str]) -> list[str]:
    """Multi-line banners become one line: ``banner login TEXT`` / ``header motd TEXT``."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _CISCO_BANNER.match(line) or _HEADER.match(line)
        if not match:
            out.append(line)
            i += 1
            continue
        if match.re is _CISCO_BANNER:
            head, delim, rest = f"banner {match.group(1)}", match.group(2), match.group(3)
        else:
            head = f"header {match.group(1)}{match.group(2) or ''}"
            delim, rest = match.group(3), match.group(4)
        body = [rest]
        if delim not in rest:
            i += 1
            while i < len(lines) and delim not in lines[i]:
                body.append(lines[i])
                i += 1
            if i < len(lines):
                body.append(lines[i])
        text = " ".join(part.strip() for part in body).replace(delim, " ").strip()
        out.append(f"{head} {' '.join(text.split())}".rstrip())
        i += 1
    return out


def _dedent_global_blocks(lines: list[str]) -> list[str]:
    """VRP/Comware print global commands indented by one space in a ``#``-separated block; put them at the root.

    A block whose first line starts in column 0 is a section (header and indented children) and is kept.
    """
    out: list[str] = []
    shift = 0
    block_start = True
    for line in lines:
        if line.strip() == "#" and not line.startswith(" "):
            block_start, shift = True, 0
            out.append(line)
            continue
        if block_start and line.strip():
            shift = len(line) - len(line.lstrip())
            block_start = False
        indent = len(line) - len(line.lstrip())
        out.append(line[min(shift, indent):])
    return out


_VRP_SOFTWARE = re.compile(r"^(?:!Software Version (\S+)|\s*\[(V\d{3}R\d{3}\w*)\]\s*)$")


def clean_text(text: str) -> str:
    """Configuration text without comments, separators, prompts and trailers; banners folded.

    VRP's ``!Software Version V...`` header (``[V200R003C00]`` on older AR routers) is kept as a root line
    ``software version V...``: what a user line has by default depends on the software (see
    data/harden/platforms.yaml user_lines and root_defaults).
    """
    lines = [_VRP_SOFTWARE.sub(lambda m: f"software version {m.group(1) or m.group(2)}", ln.rstrip())
             for ln in text.replace("\r", "").splitlines()]
    if any(ln.strip() == "#" for ln in lines):
        lines = _dedent_global_blocks(lines)
    lines = _fold_banners(lines)
    return "\n".join(ln for ln in lines if ln.strip() and not _NOISE.match(ln))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def merge_duplicates(lines: list[str]) -> list[str]:
    """Lines with repeated siblings merged: a line printed twice counts once, a section printed twice is one.

    Real configurations repeat lines (``dns server`` x3, an interface printed twice); hier_config refuses
    duplicate siblings, which would cost the whole configuration instead of nothing.
    """
    root: dict[str, tuple[str, dict]] = {}  # line with its inner spaces collapsed -> (first text, children)
    stack: list[tuple[int, dict[str, tuple[str, dict]]]] = [(-1, root)]
    for line in lines:
        depth = _indent(line)
        while stack[-1][0] >= depth:
            stack.pop()
        # hier_config compares lines with their inner spaces collapsed: `description  a` repeats `description a`
        _, children = stack[-1][1].setdefault(" ".join(line.split()), (line.strip(), {}))
        stack.append((depth, children))

    def emit(node: dict[str, tuple[str, dict]], depth: int) -> list[str]:
        out: list[str] = []
        for text, children in node.values():
            out.append(" " * depth + text)
            out += emit(children, depth + 1)
        return out

    return emit(root, 0)


def parse_config(text: str, dialect: str) -> HConfig:
    """The configuration as a hier_config tree (folded banners added after hier_config's own banner logic)."""
    lines = merge_duplicates(clean_text(text).splitlines())
    banners = [ln for ln in lines if ln.startswith("banner ")]
    tree = get_hconfig(_driver(dialect), "\n".join(ln for ln in lines if not ln.startswith("banner ")))
    for line in banners:
        tree.add_child(line, return_if_present=True)
    return tree


def empty_tree(dialect: str) -> HConfig:
    return get_hconfig(_driver(dialect), "")


@cache
def _driver(dialect: str) -> HConfigDriverBase:
    """hier_config's driver of a dialect, made once per process (its rules are only read, never changed)."""
    return get_hconfig_driver(_DRIVERS[dialect])


def walk(node: HConfig | HConfigChild, depth: int = 0) -> Iterator[tuple[HConfigChild, int]]:
    for child in node.children:
        yield child, depth
        yield from walk(child, depth + 1)


def path_text(child: HConfigChild) -> str:
    """``parent > child`` path of a line, for evidence."""
    return " > ".join(c.text for c in child.lineage())


def tree_lines(tree: HConfig) -> list[str]:
    """Comparable form of a tree: every line with its path, order-insensitive between siblings."""
    return sorted(path_text(child) for child, _ in walk(tree))


def _empty_user_line(child: HConfigChild, spec: DialectSpec) -> bool:
    """A user-line section without settings (``line vty 5 63``): the same as no section, all defaults."""
    return (not child.children and child.parent is child.root
            and any(child.text.startswith(u.header + " ") for u in spec.user_lines))


def normalized_lines(tree: HConfig, dialect: str) -> list[str]:
    """:func:`tree_lines` without lines that only restate a default (IOS ``cdp run``, an empty user line)."""
    spec = dialects()[dialect]
    implicit = set(spec.implicit_on)
    return sorted(path_text(child) for child, _ in walk(tree)
                  if path_text(child) not in implicit and not _empty_user_line(child, spec))


def redacted_lines(tree: HConfig, dialect: str) -> list[str]:
    """:func:`normalized_lines` with every line's secrets redacted: trees compared without their secrets."""
    from netinspect.core.redact import redact_line

    spec = dialects()[dialect]
    implicit = set(spec.implicit_on)
    return sorted(" > ".join(redact_line(c.text) for c in child.lineage())
                  for child, _ in walk(tree) if child.text not in implicit and not _empty_user_line(child, spec))


def to_text(tree: HConfig) -> str:
    return "\n".join(" " * depth + child.text for child, depth in walk(tree))


# --- applying a CLI script -------------------------------------------------------------------------

def _is_section(spec: DialectSpec, line: str, depth: int) -> bool:
    patterns = spec.sections if depth == 0 else spec.subsections
    return any(p.search(line) for p in patterns)


def _remove(node: HConfig | HConfigChild, target: str) -> bool:
    """Remove children equal to `target` or starting with `target` + space (CLI undo semantics)."""
    hits = [c for c in node.children if c.text == target or c.text.startswith(target + " ")]
    for child in hits:
        child.delete()
    return bool(hits)


def _same_slot(pattern: re.Pattern[str], new: str, old: str) -> bool:
    """Whether `old` holds the value `new` sets (a named group `key` must then be equal too)."""
    m_new, m_old = pattern.search(new), pattern.search(old)
    if not m_new or not m_old:
        return False
    return "key" not in pattern.groupindex or m_new.group("key") == m_old.group("key")


def _set(spec: DialectSpec, node: HConfig | HConfigChild, line: str) -> None:
    for pattern, replace in spec.stored_as:
        if pattern.search(line):
            line = pattern.sub(replace, line)
    for pattern in spec.single_value:
        for child in [c for c in node.children if c.text != line and _same_slot(pattern, line, c.text)]:
            child.delete()
    if line in spec.default_on:  # turning a feature back on: the "no X" line goes away
        _remove(node, f"{spec.negation}{line}")
        if line in spec.implicit_on:
            return
    node.add_child(line, return_if_present=True)


def _negate(spec: DialectSpec, node: HConfig | HConfigChild, target: str) -> None:
    _remove(node, target)
    for undo, removes in spec.undo_aliases:
        match = undo.search(target)
        if match:
            pattern = re.compile(removes.replace("\\1", re.escape(match.group(1))))
            for child in [c for c in node.children if pattern.search(c.text)]:
                child.delete()
    if target in spec.default_on:
        node.add_child(f"{spec.negation}{target}", return_if_present=True)


def apply_script(tree: HConfig, script: Iterable[str], dialect: str) -> HConfig:
    """Apply CLI command lines to `tree` in place (text-level simulation) and return it."""
    spec = dialects()[dialect]
    stack: list[HConfig | HConfigChild] = [tree]
    for raw in _fold_banners([ln.rstrip() for ln in script]):
        line = " ".join(raw.split())
        if not line or line.startswith(spec.comment) or line in spec.enter or line in spec.save:
            continue
        if line in spec.leave or line.startswith(("commit", "save ", "copy ", "dir ", "configuration replace")):
            del stack[1:]
            continue
        if line in spec.exit_section:
            if len(stack) > 1:
                stack.pop()
            continue
        if spec.name == "ios" and line.startswith("default "):
            _remove(stack[-1], line[len("default "):])
            continue
        if line.startswith(spec.negation):
            _negate(spec, stack[-1], line[len(spec.negation):])
            continue
        if spec.name == "ios" and len(stack) > 1 and _is_section(spec, line, 0):
            del stack[1:]  # IOS opens a top-level section from any depth
        if _is_section(spec, line, len(stack) - 1):
            stack.append(stack[-1].add_child(line, return_if_present=True))
            continue
        _set(spec, stack[-1], line)
    return tree
