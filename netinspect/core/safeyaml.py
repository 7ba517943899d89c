"""Users' YAML files read safely: PyYAML's safe loader, and no alias bomb.

Anchors and aliases are useful in inventories (``<<: *defaults``), but nine levels of nine aliases
expand to a billion nodes ("billion laughs") and a self-referencing alias never ends. The document is
composed first and its size with every alias expanded is counted (each node once); a document over
:data:`MAX_NODES` or with a cycle is refused with a YAMLError before anything is built from it.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_NODES = 1_000_000


class AliasBomb(yaml.YAMLError):
    """The document would expand to too many nodes, or refers to itself."""


def expanded_size(root: yaml.Node, limit: int = MAX_NODES) -> int:
    """Nodes of the document once every alias is expanded; AliasBomb over `limit` or on a cycle."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise AliasBomb("an alias refers to a node that contains it (a cycle)")
        visiting.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        visiting.discard(key)
        if total > limit:
            raise AliasBomb(f"more than {limit} values once aliases are expanded (an alias bomb?)")
        sizes[key] = total
        return total

    return size(root)


def load(text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    """Like yaml.safe_load (one document), with `loader` (a SafeLoader subclass), refusing alias bombs."""
    instance = loader(text)
    try:
        node = instance.get_single_node()
        if node is None:
            return None
        expanded_size(node)
        return instance.construct_document(node)
    finally:
        instance.dispose()
