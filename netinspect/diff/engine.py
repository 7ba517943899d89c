"""Match devices across two snapshots and list every difference with its severity."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.core.results import SEVERITY_RANK
from netinspect.diff.snapshot import DeviceSnapshot, Fact


@cache
def settings() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "diff.yaml").read_text(encoding="utf-8"))


@dataclass
class Difference:
    device: str
    kind: str  # a key of data/diff.yaml kinds
    item: str  # what changed: interface name, "bgp 10.0.0.1", prefix, config line ...
    before: Any = None
    after: Any = None
    severity: str = "info"
    evidence: list[str] = field(default_factory=list)
    expected: bool = False
    note: str | None = None  # the expectation's note when expected

    def to_json(self) -> dict[str, Any]:
        return {"device": self.device, "kind": self.kind, "item": self.item, "before": self.before,
                "after": self.after, "severity": self.severity, "expected": self.expected,
                "evidence": self.evidence, "note": self.note}


@dataclass
class DevicePair:
    name: str
    before: DeviceSnapshot | None
    after: DeviceSnapshot | None
    matched_by: str | None = None  # serial | hostname | name


def _keys(s: DeviceSnapshot) -> list[tuple[str, str]]:
    keys = [("serial", s.serial.lower())] if s.serial else []
    if s.hostname:
        keys.append(("hostname", s.hostname.lower()))
    keys.append(("name", s.name.lower()))
    return keys


def match_devices(before: list[DeviceSnapshot], after: list[DeviceSnapshot]) -> list[DevicePair]:
    """Same device by serial, then hostname, then inventory name."""
    pairs: list[DevicePair] = []
    left = list(after)
    for b in before:
        found = None
        for how in ("serial", "hostname", "name"):
            key = dict(_keys(b)).get(how)
            found = next((a for a in left if key and dict(_keys(a)).get(how) == key), None)
            if found:
                left.remove(found)
                pairs.append(DevicePair(b.name, b, found, how))
                break
        if found is None:
            pairs.append(DevicePair(b.name, b, None))
    pairs += [DevicePair(a.name, None, a) for a in left]
    return pairs


def severity_of(kind: str) -> str:
    return settings()["kinds"][kind]


def _diff(device: str, kind: str, item: str, before: Any, after: Any, *evidence: str,
          severity: str | None = None) -> Difference:
    return Difference(device, kind, item, before, after, severity or severity_of(kind),
                      [e for e in evidence if e])


def _compare_keyed(name: str, b: dict[str, Fact], a: dict[str, Fact], lost: str, new: str,
                   changed: str | None) -> list[Difference]:
    out = []
    for key, fact in b.items():
        if key not in a:
            out.append(_diff(name, lost, key, fact.value, None, fact.evidence))
        elif changed and a[key].value != fact.value:
            out.append(_diff(name, changed, key, fact.value, a[key].value, fact.evidence, a[key].evidence))
    out += [_diff(name, new, key, None, fact.value, fact.evidence) for key, fact in a.items() if key not in b]
    return out


def _interfaces(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    out = []
    for key, fact in b.items():
        now = a.get(key)
        if now is None:
            out.append(_diff(name, "interface_missing", key, fact.value, None, fact.evidence))
        elif fact.value == "up" and now.value != "up":
            out.append(_diff(name, "interface_down", key, fact.value, now.value, fact.evidence, now.evidence))
        elif fact.value != "up" and now.value == "up":
            out.append(_diff(name, "interface_up", key, fact.value, now.value, now.evidence))
    return out


def _peers(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    out = []
    for key, fact in b.items():
        now = a.get(key)
        was_up = fact.value["up"] is True
        if now is None:
            if was_up:
                out.append(_diff(name, "peer_lost", key, fact.value["state"], None, fact.evidence))
        elif was_up and now.value["up"] is not True:
            out.append(_diff(name, "peer_down", key, fact.value["state"], now.value["state"], fact.evidence,
                             now.evidence))
        elif not was_up and now.value["up"] is True:
            out.append(_diff(name, "peer_up", key, fact.value["state"], now.value["state"], now.evidence))
    out += [_diff(name, "peer_new", key, None, f.value["state"], f.evidence) for key, f in a.items() if key not in b]
    return out


def _counts(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    out = []
    for key, fact in b.items():
        if key not in a:
            continue
        tol = settings()["tolerance"].get(key, {"percent": 0, "min": 1})
        drop = fact.value - a[key].value
        if drop >= tol["min"] and drop > fact.value * tol["percent"] / 100:
            out.append(_diff(name, "count_drop", key, fact.value, a[key].value))
    return out


def _problems(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    out = []
    floor = severity_of("problem_new")
    for check, fact in a.items():
        if check not in b:
            sev = max(fact.value["severity"], floor, key=SEVERITY_RANK.__getitem__)
            out.append(_diff(name, "problem_new", check, None, fact.value["title"], fact.evidence, severity=sev))
    out += [_diff(name, "problem_resolved", check, f.value["title"], None, f.evidence)
            for check, f in b.items() if check not in a]
    return out


def _config(name: str, b: list[str], a: list[str]) -> list[Difference]:
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=b, b=a, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            out += [_diff(name, "config_removed", line, line, None) for line in b[i1:i2]]
        if tag in ("insert", "replace"):
            out += [_diff(name, "config_added", line, None, line) for line in a[j1:j2]]
    return out


_ASPECTS = {
    "interfaces": _interfaces,
    "routes": lambda n, b, a: _compare_keyed(n, b, a, "route_lost", "route_new", None),
    "neighbors": lambda n, b, a: _compare_keyed(n, b, a, "neighbor_lost", "neighbor_new", "neighbor_changed"),
    "peers": _peers,
    "roles": lambda n, b, a: _compare_keyed(n, b, a, "role_lost", "role_new", "role_changed"),
    "counts": _counts,
    "alarms": lambda n, b, a: [d for d in _compare_keyed(n, b, a, "alarm_new", "alarm_new", None)
                               if d.after is not None],
    "logs": lambda n, b, a: [d for d in _compare_keyed(n, b, a, "log_new", "log_new", None) if d.after is not None],
}


def compare_pair(pair: DevicePair) -> list[Difference]:
    if pair.after is None:
        return [_diff(pair.name, "device_missing", pair.name, "present", None)]
    if pair.before is None:
        return [_diff(pair.name, "device_new", pair.name, None, "present")]
    b, a = pair.before, pair.after
    out: list[Difference] = []
    for aspect, compare in _ASPECTS.items():
        if aspect in b.facts and aspect not in a.facts:
            out.append(_diff(pair.name, "not_compared", aspect, "collected", "not collected"))
        elif aspect in b.facts:
            out += compare(pair.name, b.facts[aspect], a.facts[aspect])
    out += _problems(pair.name, b.problems, a.problems)
    if b.config is not None and a.config is not None:
        out += _config(pair.name, b.config, a.config)
    elif b.config is not None:
        out.append(_diff(pair.name, "not_compared", "config", "collected", "not collected"))
    return out


def compare(before: list[DeviceSnapshot], after: list[DeviceSnapshot]) -> tuple[list[DevicePair], list[Difference]]:
    pairs = match_devices(before, after)
    return pairs, [d for pair in pairs for d in compare_pair(pair)]
