"""Read one side of a diff: a run bundle, a session-log folder or file, or a results.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from netinspect.checks.context import AnalysisContext
from netinspect.core.raw import SourceResult
from netinspect.core.results import Run
from netinspect.diff.snapshot import DeviceSnapshot, from_device_result, from_results_json
from netinspect.pipeline import analyse
from netinspect.sources.when import collection_time


class LoadError(Exception):
    """One side cannot be read: the message names the path and the reason."""


@dataclass
class Side:
    path: Path
    kind: str  # bundle | logs | results
    devices: list[DeviceSnapshot] = field(default_factory=list)
    started: str | None = None  # when this side was collected (not when it was analysed)
    started_how: str = "unknown"  # bundle | device_clock | file_name | file_time | unknown
    run: Run | None = None
    problems: list[str] = field(default_factory=list)  # inputs that were rejected or partial


def _results_file(path: Path) -> Path | None:
    if path.is_file() and path.suffix == ".json":
        return path
    if path.is_dir() and not (path / "manifest.json").exists() and (path / "results.json").is_file():
        return path / "results.json"
    return None


def load_side(path: Path, lang: str = "en", log_severity: int = 4) -> Side:
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    results = _results_file(path)
    if results is not None:
        try:
            return Side(path, "results", from_results_json(results))
        except (ValueError, KeyError, TypeError) as exc:
            raise LoadError(f"{results}: not a netinspect results.json ({exc})") from exc
    source: SourceResult
    manifest = None
    if path.is_dir() and (path / "manifest.json").exists():
        from netinspect.collect.bundle import read_bundle, read_manifest
        source, kind = read_bundle(path), "bundle"
        try:
            manifest = read_manifest(path)
        except (OSError, ValueError):
            manifest = None
    else:
        from netinspect.sources.logs import read_logs
        source, kind = read_logs([path]), "logs"
    if not source.devices:
        reasons = "; ".join(f"{i.name}: {i.message}" for i in source.inputs if i.message) or "no device found"
        raise LoadError(f"{path}: no usable device ({reasons})")
    collected, how = collection_time(source.devices, manifest)
    run = analyse(source, kind, AnalysisContext(lang=lang), ["health"])
    side = Side(path, kind, [from_device_result(d, log_severity) for d in run.devices], collected, how, run)
    side.problems = [f"{i.name}: {i.status}: {i.message}" for i in source.inputs if i.status != "ok"]
    return side
