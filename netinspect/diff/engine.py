"""Match devices across two snapshots and list every difference with its severity."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.core.redact import redact_line
from netinspect.core.results import SEVERITY_RANK
from netinspect.diff.snapshot import DeviceSnapshot, Fact

_OVERRIDE: dict[str, Any] = {}


@cache
def _defaults() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "diff.yaml").read_text(encoding="utf-8"))


def settings() -> dict[str, Any]:
    """data/diff.yaml with the user's `--config` file laid over it (mappings merged key by key)."""
    if not _OVERRIDE:
        return _defaults()
    merged = dict(_defaults())
    for key, value in _OVERRIDE.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


class ConfigError(Exception):
    """The `--config` file is unusable; the message names the file and the key."""


def use_config(data: dict[str, Any] | None, path: str = "--config") -> None:
    """Lay a user's tolerances / severities over the defaults (None: back to the defaults)."""
    _OVERRIDE.clear()
    if not data:
        return
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a mapping of diff.yaml keys (tolerance:, kinds:, ...)")
    known = _defaults()
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(sorted(known))})")
        if key == "kinds":
            for kind, sev in (value or {}).items():
                if kind not in known["kinds"] or sev not in SEVERITY_RANK:
                    raise ConfigError(f"{path}: kinds.{kind}: {sev!r} (a known kind and a severity)")
        if key == "tolerance":
            for name, tol in (value or {}).items():
                if not isinstance(tol, dict) or not set(tol) <= {"percent", "min"}:
                    raise ConfigError(f"{path}: tolerance.{name}: a mapping with percent and min")
                value[name] = {**known["tolerance"].get(name, {"percent": 0, "min": 1}), **tol}
    _OVERRIDE.update(data)


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
    members: list[str] = field(default_factory=list)  # a grouped finding: the items of one cause
    cause: str | None = None  # what groups it (next hop, configuration section); None: not groupable

    def to_json(self) -> dict[str, Any]:
        return {"device": self.device, "kind": self.kind, "item": self.item, "before": self.before,
                "after": self.after, "severity": self.severity, "expected": self.expected,
                "evidence": self.evidence, "note": self.note, "members": self.members}


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
    return Difference(device, kind, redact_line(item), _safe(before), _safe(after), severity or severity_of(kind),
                      [redact_line(e) for e in evidence if e])


def _safe(value: Any) -> Any:
    """Device text as it may be shown: secrets masked (netinspect.redact)."""
    return redact_line(value) if isinstance(value, str) else value


def _label(key: str, fact: Fact) -> str:
    return fact.label or key


def _compare_keyed(name: str, b: dict[str, Fact], a: dict[str, Fact], lost: str, new: str,
                   changed: str | None) -> list[Difference]:
    out = []
    for key, fact in b.items():
        if key not in a:
            out.append(_diff(name, lost, _label(key, fact), fact.value, None, fact.evidence))
        elif changed and a[key].value != fact.value:
            out.append(_diff(name, changed, _label(key, fact), fact.value, a[key].value, fact.evidence,
                             a[key].evidence))
    out += [_diff(name, new, _label(key, fact), None, fact.value, fact.evidence)
            for key, fact in a.items() if key not in b]
    return out


def _interfaces(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    out = []
    for key, fact in b.items():
        now = a.get(key)
        item = _label(key, fact)
        if now is None:
            out.append(_diff(name, "interface_missing", item, fact.value, None, fact.evidence))
        elif fact.value == "up" and now.value != "up":
            out.append(_diff(name, "interface_down", item, fact.value, now.value, fact.evidence, now.evidence))
        elif fact.value != "up" and now.value == "up":
            out.append(_diff(name, "interface_up", item, fact.value, now.value, now.evidence))
    return out


def _drop(kind: str, before: int | None, after: int | None) -> bool:
    """A drop beyond the tolerance `kind` (more than `percent` and at least `min`)."""
    if before is None or after is None:
        return False
    tol = settings()["tolerance"].get(kind, {"percent": 0, "min": 1})
    drop = before - after
    return drop >= tol["min"] and drop > before * tol["percent"] / 100


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
        elif was_up and _drop("bgp_prefixes", fact.value.get("prefixes"), now.value.get("prefixes")):
            out.append(_diff(name, "bgp_prefixes_drop", key, fact.value["prefixes"], now.value["prefixes"],
                             fact.evidence, now.evidence))
    out += [_diff(name, "peer_new", key, None, f.value["state"], f.evidence) for key, f in a.items() if key not in b]
    return out


def _routes(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    """Prefixes lost (grouped later by the next hops they used), next hops changed, ECMP paths fewer."""
    out = []
    for prefix, fact in b.items():
        hops = fact.value["nexthops"]
        now = a.get(prefix)
        if now is None:
            d = _diff(name, "route_lost", prefix, f"{fact.value['protocol']} via {', '.join(hops)}", None,
                      fact.evidence)
            d.cause = ", ".join(hops)
            out.append(d)
            continue
        after = now.value["nexthops"]
        if _drop("ecmp_paths", len(hops), len(after)):
            out.append(_diff(name, "ecmp_reduced", prefix, f"{len(hops)}: {', '.join(hops)}",
                             f"{len(after)}: {', '.join(after)}", fact.evidence, now.evidence))
        elif hops != after and len(hops) == len(after):
            d = _diff(name, "nexthop_changed", prefix, ", ".join(hops), ", ".join(after), fact.evidence,
                      now.evidence)
            d.cause = f"{', '.join(hops)} -> {', '.join(after)}"
            out.append(d)
    for prefix, fact in a.items():
        if prefix not in b:
            d = _diff(name, "route_new", prefix, None, f"{fact.value['protocol']} via {', '.join(fact.value['nexthops'])}",
                      fact.evidence)
            d.cause = ", ".join(fact.value["nexthops"])
            out.append(d)
    return out


def _stp_roots(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    out = []
    for key, fact in b.items():
        now = a.get(key)
        if now is None:
            continue
        if now.value["bridge"] != fact.value["bridge"]:
            out.append(_diff(name, "stp_root_changed", key, fact.value["bridge"], now.value["bridge"],
                             fact.evidence, now.evidence))
        if now.value["port"] != fact.value["port"] and (now.value["port"] or fact.value["port"]):
            out.append(_diff(name, "stp_root_port_changed", key, fact.value["port"] or "-",
                             now.value["port"] or "-", fact.evidence, now.evidence))
    return out


def _mac_ports(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    """A port that lost most of its learnt MACs, whatever the size of the whole table."""
    out = []
    for key, fact in b.items():
        now = a[key].value if key in a else 0
        if _drop("mac_port", fact.value, now):
            out.append(_diff(name, "mac_port_drop", _label(key, fact), fact.value, now))
    return out


def _counts(name: str, b: dict[str, Fact], a: dict[str, Fact]) -> list[Difference]:
    return [_diff(name, "count_drop", key, fact.value, a[key].value)
            for key, fact in b.items() if key in a and _drop(key, fact.value, a[key].value)]


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


def _section(line: str) -> str:
    return line.split(" > ", 1)[0] if " > " in line else line


def _config(name: str, b: list[str], a: list[str]) -> list[Difference]:
    """Configuration lines removed / added, with list lines compared by their members (vlan batch ...)."""
    b_lines, b_lists = split_lists(b)
    a_lines, a_lists = split_lists(a)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=b_lines, b=a_lines, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            out += [_diff(name, "config_removed", line, line, None) for line in b_lines[i1:i2]]
        if tag in ("insert", "replace"):
            out += [_diff(name, "config_added", line, None, line) for line in a_lines[j1:j2]]
    for key in dict.fromkeys([*b_lists, *a_lists]):
        before, after = b_lists.get(key, set()), a_lists.get(key, set())
        out += [_diff(name, "config_removed", f"{key} {v}", f"{key} {v}", None) for v in sorted(before - after)]
        out += [_diff(name, "config_added", f"{key} {v}", None, f"{key} {v}") for v in sorted(after - before)]
    for d in out:
        d.cause = _section(d.item) if " > " in d.item else None
    return out


@cache
def _list_patterns() -> list[re.Pattern[str]]:
    return [re.compile(rf"^(?P<head>{p})\s+(?P<rest>[\d ,\-to]+)$", re.IGNORECASE) for p in settings()["list_lines"]]


def _members(rest: str) -> set[int]:
    """"10 20 to 30" / "10,20-30" -> {10, 20, 21, ..., 30}."""
    out: set[int] = set()
    words = re.sub(r"\s*-\s*", " to ", rest.replace(",", " ")).split()
    i = 0
    while i < len(words):
        if i + 2 < len(words) and words[i + 1] == "to" and words[i].isdigit() and words[i + 2].isdigit():
            out.update(range(int(words[i]), int(words[i + 2]) + 1))
            i += 3
        else:
            if words[i].isdigit():
                out.add(int(words[i]))
            i += 1
    return out


def split_lists(lines: list[str]) -> tuple[list[str], dict[str, set[int]]]:
    """Plain lines, and list lines as {"<section> > <head>": members} (a list repeated is one list)."""
    plain, lists = [], {}
    for line in lines:
        section, sep, body = line.rpartition(" > ")
        for pattern in _list_patterns():
            m = pattern.match(body)
            if m:
                key = f"{section}{sep}{' '.join(m.group('head').split())}"
                lists.setdefault(key, set()).update(_members(m.group("rest")))
                break
        else:
            plain.append(line)
    return plain, lists


_ASPECTS = {
    "interfaces": _interfaces,
    "routes": _routes,
    "neighbors": lambda n, b, a: _compare_keyed(n, b, a, "neighbor_lost", "neighbor_new", "neighbor_changed"),
    "peers": _peers,
    "roles": lambda n, b, a: _compare_keyed(n, b, a, "role_lost", "role_new", "role_changed"),
    "stp_roots": _stp_roots,
    "counts": _counts,
    "mac_ports": _mac_ports,
    "alarms": lambda n, b, a: [d for d in _compare_keyed(n, b, a, "alarm_new", "alarm_new", None)
                               if d.after is not None],
    "logs": lambda n, b, a: [d for d in _compare_keyed(n, b, a, "log_new", "log_new", None) if d.after is not None],
}


def _side(snap: DeviceSnapshot, aspect: str, other: DeviceSnapshot) -> str:
    """How one side has an aspect: its command, or why not (not collected, or collected and not read)."""
    if aspect in snap.facts:
        return snap.commands.get(aspect) or "collected"
    command = other.commands.get(aspect, "")
    if command in snap.unread:
        return f"{command}: not read ({snap.unread[command]})"
    return "not collected"


def not_compared(pair: DevicePair) -> list[Difference]:
    """Each aspect one side has and the other has not: named, info, never a loss or a gain."""
    b, a = pair.before, pair.after
    assert b is not None and a is not None
    out = []
    for aspect in dict.fromkeys([*b.facts, *a.facts]):
        if (aspect in b.facts) != (aspect in a.facts):
            out.append(_diff(pair.name, "not_compared", aspect, _side(b, aspect, a), _side(a, aspect, b)))
    return out


def compare_pair(pair: DevicePair) -> list[Difference]:
    if pair.after is None:
        return [_diff(pair.name, "device_missing", pair.name, "present", None)]
    if pair.before is None:
        return [_diff(pair.name, "device_new", pair.name, None, "present")]
    b, a = pair.before, pair.after
    out = not_compared(pair)
    for aspect, facts in b.facts.items():
        if aspect in a.facts:
            out += _ASPECTS[aspect.split(".")[0]](pair.name, facts, a.facts[aspect])
    out += _problems(pair.name, b.problems, a.problems)
    if b.config is not None and a.config is not None:
        out += _config(pair.name, b.config, a.config)
    elif (b.config is None) != (a.config is None):
        out.append(_diff(pair.name, "not_compared", "config", "collected" if b.config is not None else "not collected",
                         "collected" if a.config is not None else "not collected"))
    return out


def compare(before: list[DeviceSnapshot], after: list[DeviceSnapshot]) -> tuple[list[DevicePair], list[Difference]]:
    pairs = match_devices(before, after)
    return pairs, [d for pair in pairs for d in compare_pair(pair)]


def group(diffs: list[Difference]) -> list[Difference]:
    """One finding per cause: differences of one device, kind, cause and expectation become one, with
    the items as members (53 routes lost via one next hop = one finding listing the 53 prefixes)."""
    least = int(settings().get("group_from", 2))
    buckets: dict[tuple[str, str, str, bool], list[Difference]] = {}
    for d in diffs:
        if d.cause is not None:
            buckets.setdefault((d.device, d.kind, d.cause, d.expected), []).append(d)
    out, done = [], set()
    for d in diffs:
        key = (d.device, d.kind, d.cause or "", d.expected)
        members = buckets.get(key) if d.cause is not None else None
        if not members or len(members) < least:
            out.append(d)
            continue
        if key in done:
            continue
        done.add(key)
        first = members[0]
        sev = max((m.severity for m in members), key=SEVERITY_RANK.__getitem__)
        item = f"via {d.cause}" if d.kind.startswith("route_") else (d.cause or first.item)
        merged = Difference(d.device, d.kind, item, None, None, sev,
                            [e for m in members[:4] for e in m.evidence][:4], d.expected,
                            "; ".join(dict.fromkeys(m.note for m in members if m.note)) or None,
                            [m.item.removeprefix(f"{d.cause} > ") for m in members], d.cause)
        merged.before = len(members) if d.kind in ("route_lost", "config_removed") else None
        merged.after = len(members) if merged.before is None else None
        out.append(merged)
    return out
