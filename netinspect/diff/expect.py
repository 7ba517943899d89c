"""Intended differences (`--expect expected.yaml`): matched against what happened.

```yaml
expected:
  - device: HZ-CORE-*            # inventory name, hostname or serial; a glob; omitted: any device
    kind: interface_down         # a difference kind (docs/diff.md)
    item: "WGE1/0/3"             # a glob on the item; omitted: any
    note: CR-118 uplink moved    # shown in the report
```
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from netinspect.core.options import OptionError, read_yaml
from netinspect.diff.engine import DevicePair, Difference, settings


class ExpectError(Exception):
    """The expectations file is unusable; the message names the file and the entry."""


@dataclass
class Expectation:
    device: str = "*"
    kind: str = "*"
    item: str = "*"
    note: str | None = None
    severity: str | None = None

    def matches(self, diff: Difference, names: set[str]) -> bool:
        return (fnmatchcase(diff.kind, self.kind) and fnmatchcase(diff.item.lower(), self.item.lower())
                and any(fnmatchcase(n.lower(), self.device.lower()) for n in names))

    def text(self) -> str:
        return f"{self.kind} {self.item}" + (f" ({self.note})" if self.note else "")


def load_expectations(path: Path) -> list[Expectation]:
    try:
        data = read_yaml(path) or {}
    except OptionError as exc:
        raise ExpectError(str(exc)) from exc
    entries = data.get("expected") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ExpectError(f"{path}: expected a list under `expected:`")
    kinds = set(settings()["kinds"])
    out = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ExpectError(f"{path}: expected[{i}]: a mapping with device, kind, item")
        kind = str(entry.get("kind", "*"))
        if "*" not in kind and kind not in kinds:
            raise ExpectError(f"{path}: expected[{i}]: unknown kind {kind!r} (known: {', '.join(sorted(kinds))})")
        out.append(Expectation(str(entry.get("device", "*")), kind, str(entry.get("item", "*")),
                               entry.get("note"), entry.get("severity")))
    return out


def _names(pair: DevicePair) -> set[str]:
    names = {pair.name}
    for snap in (pair.before, pair.after):
        if snap is not None:
            names |= {n for n in (snap.name, snap.hostname, snap.serial) if n}
    return names


def apply(expectations: list[Expectation], pairs: list[DevicePair], diffs: list[Difference]) -> list[Difference]:
    """Mark expected differences; return the expectations that matched nothing as `expected_missing`."""
    names = {p.name: _names(p) for p in pairs}
    used = [False] * len(expectations)
    for diff in diffs:
        for i, exp in enumerate(expectations):
            if exp.matches(diff, names.get(diff.device, {diff.device})):
                diff.expected, diff.note, used[i] = True, exp.note, True
                break
    missing = []
    for exp, hit in zip(expectations, used):
        if not hit:
            missing.append(Difference(exp.device, "expected_missing", exp.text(), None, None,
                                      exp.severity or settings()["kinds"]["expected_missing"], note=exp.note))
    return missing
