"""The import layers of the package, checked from the source (no import is executed).

The order of the rooms is written once, in pyproject.toml ``[tool.netinspect.layers]``: top to bottom, a
module may import modules of its own room and of rooms in lower layers; rooms on one layer (``a | b``) are
independent of each other. Every import counts, at module level or inside a function.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported netinspect module
    line: int


def layer_order(pyproject: Path = REPO / "pyproject.toml") -> list[list[str]]:
    """Rooms per layer, top first."""
    order = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["netinspect"]["layers"]["order"]
    return [[room.strip() for room in layer.split("|")] for layer in order]


def modules(package: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module of `package` (a folder with __init__.py)."""
    found = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(package: Path) -> Iterator[Import]:
    """Every import of a module of the package by another, resolved to the imported module."""
    known = modules(package)
    root = package.name
    for name, path in known.items():
        seen: set[tuple[str, int]] = set()
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _targets(node, name, is_package, known):
                if target.split(".")[0] != root:
                    continue
                while target not in known and "." in target:  # `from a.b import name`: the module a.b
                    target = target.rsplit(".", 1)[0]
                if target in known and target != name and (target, node.lineno) not in seen:
                    seen.add((target, node.lineno))
                    yield Import(name, target, node.lineno)


def _targets(node: ast.AST, module: str, is_package: bool, known: dict[str, Path]) -> list[str]:
    """The modules an import statement names: `from pkg import sub` is the module pkg.sub, not pkg."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        parent = module.split(".")[: len(module.split(".")) - (0 if is_package else 1) - (node.level - 1)]
        base = ".".join(parent + ([node.module] if node.module else []))
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]


def room(module: str) -> str:
    """netinspect.collect.ssh -> collect; the package's own __init__ -> '' (the bottom: its version)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(package: Path, order: list[list[str]]) -> tuple[list[str], list[str]]:
    """(upward or sideways imports, modules in no room), each as a readable line."""
    rank = {name: i for i, layer in enumerate(order) for name in layer}
    bad, homeless = [], set()
    for imp in imports(package):
        src, dst = room(imp.module), room(imp.target)
        for r in (src, dst):
            if r and r not in rank:
                homeless.add(r)
        if not src or not dst or src == dst or src not in rank or dst not in rank:
            continue
        if rank[dst] < rank[src]:
            bad.append(f"{imp.module}:{imp.line} imports {imp.target} (room {dst} is above {src})")
        elif rank[dst] == rank[src]:
            bad.append(f"{imp.module}:{imp.line} imports {imp.target} (rooms {src} and {dst} are independent)")
    return bad, sorted(homeless)


def cycles(package: Path) -> list[list[str]]:
    """Import circles between modules (strongly connected components of more than one module)."""
    graph: dict[str, set[str]] = {}
    for imp in imports(package):
        graph.setdefault(imp.module, set()).add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


if __name__ == "__main__":  # python tests/layers.py: the counts, and each finding
    package = REPO / "netinspect"
    bad, homeless = violations(package, layer_order())
    circles = cycles(package)
    print(*bad, sep="\n")
    for circle in circles:
        print("circle:", " -> ".join(circle))
    print(f"upward or sideways imports: {len(bad)}; circles: {len(circles)}; modules in no room: {homeless}")
