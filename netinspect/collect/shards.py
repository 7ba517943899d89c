"""Collection beyond one machine: `--shard K/N` splits a fleet stably by device name, and merging joins
the run bundles the shards wrote into one source for one analysis and one report.

A device's shard depends only on its name (a hash), so every jump host given the same inventory and
the same N agrees on who collects which device, whatever order the inventory lists them in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from netinspect.core.raw import InputRecord, RawDevice, SourceResult

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_STATUS_RANK = {"ok": 0, "partial": 1}  # lower is better; every failure ranks after these
T = TypeVar("T")


class ShardError(ValueError):
    """A --shard value that is not K/N with 1 <= K <= N."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based K
    count: int  # N

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, name: str) -> bool:
        """Whether the device called `name` belongs to this shard (stable across runs and machines)."""
        digest = hashlib.sha256(name.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def pick(self, devices: Sequence[T], name_of: Any = lambda d: d.name) -> list[T]:
        return [d for d in devices if self.holds(name_of(d))]


def parse_shard(text: str) -> Shard:
    """`K/N` -> Shard; raises ShardError with a one-line reason."""
    match = _SHARD.match(text or "")
    if not match:
        raise ShardError(f"--shard {text!r}: expected K/N, e.g. 2/5")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise ShardError(f"--shard {text!r}: K must be between 1 and N")
    return Shard(index, count)


@dataclass
class Merged:
    """The union of several bundles' devices, and what each bundle's manifest said."""

    source: SourceResult = field(default_factory=SourceResult)
    manifests: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # one line per device found in several bundles
    secrets_kept: bool = False


def _better(new: RawDevice, old: RawDevice) -> bool:
    """Whether `new` should replace `old` for the same device name: a better status, else more outputs."""
    rank_new, rank_old = _STATUS_RANK.get(new.status, 2), _STATUS_RANK.get(old.status, 2)
    if rank_new != rank_old:
        return rank_new < rank_old
    return len(new.outputs) > len(old.outputs)


def merge_bundles(bundles: Sequence[Path]) -> Merged:
    """Read every bundle and join their devices. A device in several bundles is kept once (the best
    collection) and named in `duplicates`; a folder that is not a bundle is a rejected input."""
    from netinspect.collect.bundle import read_bundle, read_manifest

    merged = Merged()
    kept: dict[str, tuple[RawDevice, InputRecord | None, Path]] = {}
    others: list[InputRecord] = []
    for bundle in bundles:
        try:  # one bad shard is a rejected input; the others are merged
            source = read_bundle(bundle)
            if not source.devices and any(i.status == "rejected" for i in source.inputs):
                others.extend(source.inputs)
                continue
            manifest = read_manifest(bundle)
        except (OSError, ValueError, RecursionError) as exc:
            others.append(InputRecord(str(bundle), "rejected", f"not a run bundle: {type(exc).__name__}: {exc}"))
            continue
        merged.secrets_kept |= manifest.get("secrets") == "kept"
        merged.manifests.append({"bundle": str(bundle), **{k: v for k, v in manifest.items() if k != "devices"}})
        records = {i.name: i for i in source.inputs}
        for device in source.devices:
            previous = kept.get(device.name)
            if previous is None or _better(device, previous[0]):
                kept[device.name] = (device, records.pop(device.name, None), bundle)
            else:
                records.pop(device.name, None)
            if previous is not None:
                merged.duplicates.append(f"{device.name}: in {previous[2]} and {bundle}; "
                                         f"kept the collection from {kept[device.name][2]}")
        others.extend(records.values())  # inventory problems and other non-device inputs of this bundle
    merged.source.devices = [device for device, _, _ in kept.values()]
    merged.source.inputs = [record for _, record, _ in kept.values() if record is not None] + others
    return merged
