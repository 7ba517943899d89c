"""Simulated devices and fleets: from session logs (files or a folder) or from a fleet YAML.

A fleet YAML::

    defaults: {username: admin, password: admin, latency_ms: 20}
    devices:
      - name: FW-01
        log: huawei_usg6555e.log     # relative to the fleet file; `hostname:` picks one of several
        port: 10022                  # omitted or 0: any free port
        latency_ms: 50
        faults: [wrong_password]     # wrong_password: every password is refused
                                     # no_answer: the shell opens but never prints anything
                                     # changed_host_key: a host key other than its stable one
                                     # {drop_after: N}: drops the connection halfway through output N+1
                                     # {hang_after: N}: the first session stops answering after N commands
        outputs:                     # add or replace outputs: command -> text file (relative to the fleet file)
          display bgp peer: before/bgp.txt
        edits:                       # change outputs in place (a change window on a simulated device)
          - {command: display interface brief, find: "WGE1/0/3  UP", replace: "WGE1/0/3  DOWN"}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from netinspect.core.paths import PACKAGE_DIR
from netinspect.core.raw import RawDevice
from netinspect.platforms import get_platform

FLEET_DIR = PACKAGE_DIR / "lab" / "fleet"
FAULTS = ("wrong_password", "no_answer", "changed_host_key", "drop_after", "hang_after")
_PREFIX = re.compile(r"^\s*(HRP_[MS]|RBM_[PS])[<\[]")


@dataclass
class SimRecord:
    """What a simulated device saw: shared by the copies serve_fleet makes (tests read it)."""

    logins: int = 0  # password attempts
    sessions: int = 0  # shells opened
    received: list[str] = field(default_factory=list)  # every line typed, in order


@dataclass
class SimDevice:
    """One simulated device: what it answers and how it misbehaves."""

    name: str
    os: str  # platform id (data/platforms.yaml)
    outputs: dict[str, str]  # full command -> output text
    hostname: str | None = None
    prompt_prefix: str = ""  # HRP_M, RBM_P ... before <HOST>
    username: str = "admin"
    password: str = "admin"
    enable_secret: str | None = None  # Cisco: start in user EXEC (>) and ask for it after `enable`
    port: int = 0
    latency_ms: float = 0.0
    faults: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    record: SimRecord = field(default_factory=SimRecord, repr=False)

    @property
    def host(self) -> str:
        return self.hostname or self.name


@dataclass
class FleetLoad:
    devices: list[SimDevice] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_faults(value: Any) -> dict[str, Any]:
    """`[wrong_password, {drop_after: 3}]` or `{hang_after: 2}` -> {name: parameter}; unknown names raise."""
    items = value if isinstance(value, list) else [value] if value else []
    faults: dict[str, Any] = {}
    for item in items:
        pairs = item.items() if isinstance(item, dict) else [(item, True)]
        for name, param in pairs:
            if name not in FAULTS:
                raise ValueError(f"unknown fault {name!r} (known: {', '.join(FAULTS)})")
            faults[name] = param
    return faults


def prompt_prefix(text: str, hostname: str) -> str:
    """The HRP_M/RBM_P-style prefix the device's prompt carries in a log, or ''."""
    for line in text.splitlines():
        m = _PREFIX.match(line)
        if m and line[m.end():].startswith(hostname):
            return m.group(1)
    return ""


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def from_raw(raw: RawDevice, log_text: str = "") -> SimDevice | None:
    """A simulated device playing back what a source read; None when its platform is unknown."""
    if raw.os is None or get_platform(raw.os) is None:
        return None
    hostname = raw.hostname or raw.name
    outputs = {cmd: out.text for cmd, out in raw.outputs.items() if out.status == "ok"}
    return SimDevice(name=raw.name, os=raw.os, hostname=hostname, outputs=outputs,
                     prompt_prefix=prompt_prefix(log_text, hostname), source=raw.source)


def _log_text(raw: RawDevice, paths: Sequence[Path]) -> str:
    candidates = [Path(raw.source)] if raw.source else []
    candidates += [p / raw.source for p in paths if raw.source and p.is_dir()]
    candidates += [p for p in paths if p.is_file() and raw.source and p.name == Path(raw.source).name]
    for path in candidates:
        if path.is_file():
            return _read_text(path)
    return ""


NOT_LOGS = (".md", ".yaml", ".yml", ".json", ".tsv")


def _log_files(paths: Sequence[Path]) -> list[Path]:
    """Files given, plus the files of folders given except notes and data (README, SOURCES-*.md ...)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() not in NOT_LOGS
                            and not p.name.startswith("."))
        else:
            files.append(path)
    return files


def from_logs(paths: Sequence[Path]) -> FleetLoad:
    """One simulated device per device found in the session logs (netinspect.sources.logs)."""
    from netinspect.sources.logs import read_logs

    paths = _log_files(paths)
    source = read_logs(list(paths))
    load = FleetLoad(problems=[f"{i.name}: {i.message}" for i in source.inputs if i.status == "rejected"])
    for raw in source.devices:
        device = from_raw(raw, _log_text(raw, paths))
        if device is None:
            load.problems.append(f"{raw.source or raw.name}: {raw.name}: unknown platform, not simulated")
        else:
            load.devices.append(device)
    return load


def _from_yaml(path: Path) -> FleetLoad:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    defaults = data.get("defaults") or {}
    load = FleetLoad()
    cache: dict[Path, FleetLoad] = {}
    for index, entry in enumerate(data.get("devices") or [], 1):
        spec = {**defaults, **(entry or {})}
        where = f"{path}: devices[{index}]"
        if "log" not in spec:
            load.problems.append(f"{where}: no `log:`")
            continue
        log = (path.parent / spec["log"]).resolve()
        if log not in cache:
            cache[log] = from_logs([log])
            load.problems.extend(cache[log].problems)
        played = [d for d in cache[log].devices if spec.get("hostname") in (None, d.hostname, d.name)]
        if not played:
            load.problems.append(f"{where}: no device {spec.get('hostname') or ''} in {spec['log']}")
            continue
        try:
            faults = parse_faults(spec.get("faults"))
        except ValueError as exc:
            load.problems.append(f"{where}: {exc}")
            continue
        base = played[0]
        try:
            outputs = _changed_outputs(base.outputs, spec, path.parent)
        except ValueError as exc:
            load.problems.append(f"{where}: {exc}")
            continue
        load.devices.append(replace(
            base, record=SimRecord(), name=str(spec.get("name", base.name)), outputs=outputs,
            hostname=str(spec.get("prompt_hostname", base.hostname)),
            username=str(spec.get("username", base.username)), password=str(spec.get("password", base.password)),
            enable_secret=spec.get("enable_secret"), port=int(spec.get("port", 0) or 0),
            latency_ms=float(spec.get("latency_ms", 0) or 0), faults=faults,
            prompt_prefix=str(spec.get("prompt_prefix", base.prompt_prefix))))
    return load


def _changed_outputs(outputs: dict[str, str], spec: dict[str, Any], folder: Path) -> dict[str, str]:
    """The device's outputs with `outputs:` files added and `edits:` applied (each `find` must occur)."""
    changed = dict(outputs)
    for command, file in (spec.get("outputs") or {}).items():
        try:
            changed[" ".join(str(command).split())] = _read_text(folder / str(file))
        except OSError as exc:
            raise ValueError(f"outputs: {command}: cannot read {file}: {exc.strerror or exc}") from exc
    for i, edit in enumerate(spec.get("edits") or [], 1):
        command = " ".join(str(edit.get("command", "")).split())
        find, new = str(edit.get("find", "")), str(edit.get("replace", ""))
        if command not in changed or not find or find not in changed[command]:
            raise ValueError(f"edits[{i}]: {find!r} not found in the output of {command!r}")
        changed[command] = changed[command].replace(find, new, int(edit.get("count", 0)) or -1)
    return changed


def load_fleet(paths: Sequence[Path] | Path | None = None) -> FleetLoad:
    """A fleet from a fleet YAML, session-log files or folders; the built-in demo fleet by default."""
    if paths is None:
        paths = [FLEET_DIR]
    if isinstance(paths, Path):
        paths = [paths]
    paths = list(paths)
    if len(paths) == 1 and paths[0].suffix in (".yaml", ".yml") and paths[0].is_file():
        return _from_yaml(paths[0])
    return from_logs(paths)
