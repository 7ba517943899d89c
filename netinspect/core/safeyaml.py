"""Users' YAML files read safely: PyYAML's safe loader, no alias bomb, no deep nesting, no impossible date.

Anchors and aliases are useful in inventories (``<<: *defaults``), but nine levels of nine aliases
expand to a billion nodes ("billion laughs") and a self-referencing alias never ends. The document is
composed first and its size with every alias expanded is counted (each node once); a document over
:data:`MAX_NODES` or with a cycle is refused with a YAMLError before anything is built from it.

A document nested deeper than :data:`MAX_DEPTH` (``[[[[...`` thousands of levels: PyYAML and json recurse)
is refused the same way, and a date that does not exist (``date: 2026-13-40``) is a YAMLError naming the
field and the line instead of a ValueError from deep inside the loader (issue 24). :func:`load_json`
applies the depth limit to JSON files.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from yaml.constructor import ConstructorError

MAX_NODES = 1_000_000
MAX_DEPTH = 100  # levels of nesting; real inventories, site files and advisories use under 15


class TooDeep(yaml.YAMLError):
    """The document is nested deeper than MAX_DEPTH."""


class AliasBomb(yaml.YAMLError):
    """The document would expand to too many nodes, or refers to itself."""


def expanded_size(root: yaml.Node, limit: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> int:
    """Nodes of the document once every alias is expanded; AliasBomb over `limit` or on a cycle, TooDeep
    when nested deeper than `max_depth`."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: yaml.Node, depth: int = 0) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise AliasBomb("an alias refers to a node that contains it (a cycle)")
        if depth > max_depth:
            raise TooDeep(f"nested more than {max_depth} levels deep (line {node.start_mark.line + 1})")
        visiting.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        visiting.discard(key)
        if total > limit:
            raise AliasBomb(f"more than {limit} values once aliases are expanded (an alias bomb?)")
        sizes[key] = total
        return total

    return size(root)


def _field_names(root: yaml.Node) -> dict[int, str]:
    """For each value node of a mapping, the key it is the value of (to name a bad field)."""
    names: dict[int, str] = {}
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    names[id(v)] = str(k.value)
                stack += [k, v]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return names


def _checked(loader: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """`loader` whose timestamps that are no real date (2026-13-40) raise a ConstructorError naming the field."""

    class Checked(loader):  # type: ignore[valid-type, misc]
        field_names: dict[int, str] = {}

        def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except (ValueError, OverflowError) as exc:
                field = self.field_names.get(id(node), "a value")
                raise ConstructorError(None, None, f"{field}: {node.value!r} is not a real date ({exc})",
                                       node.start_mark) from None

    Checked.add_constructor("tag:yaml.org,2002:timestamp", Checked.construct_yaml_timestamp)
    return Checked


def load(text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    """Like yaml.safe_load (one document), with `loader` (a SafeLoader subclass), refusing alias bombs,
    documents nested deeper than MAX_DEPTH and impossible dates (YAMLError naming field and line)."""
    instance = _checked(loader)(text)
    try:
        try:
            node = instance.get_single_node()
        except RecursionError:
            raise TooDeep(f"nested more than {MAX_DEPTH} levels deep") from None
        if node is None:
            return None
        expanded_size(node)
        instance.field_names = _field_names(node)
        return instance.construct_document(node)
    finally:
        instance.dispose()


def load_json(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """json.loads, refusing documents nested deeper than `max_depth` with a one-line ValueError."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(f"JSON nested more than {max_depth} levels deep") from None
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:  # iterative: the check itself cannot recurse too deep
        node, depth = stack.pop()
        if depth > max_depth:
            raise ValueError(f"JSON nested more than {max_depth} levels deep")
        if isinstance(node, dict):
            stack += [(v, depth + 1) for v in node.values()]
        elif isinstance(node, list):
            stack += [(v, depth + 1) for v in node]
    return value
