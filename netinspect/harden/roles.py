"""Device roles and interface sets for the hardening rules (data/harden/roles.yaml).

A rule lists the roles it applies to; a device's roles are its inventory role (mapped) and what its
configuration shows (user access ports, routed VLAN interfaces with trunks, routing protocols, security
zones, wireless controller configuration). A selector (``in: "@access_ports"``) is a named set of
interface sections a check looks in.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from hier_config import HConfig
from hier_config.child import HConfigChild

from netinspect.core.paths import DATA_DIR

ROLES_FILE = DATA_DIR / "harden" / "roles.yaml"


@dataclass(frozen=True)
class Selector:
    header: re.Pattern[str]
    having: tuple[re.Pattern[str], ...]  # any of these
    lacking: tuple[re.Pattern[str], ...]
    requires: tuple[re.Pattern[str], ...] = ()  # each of these


@dataclass(frozen=True)
class DeviceRoles:
    """The roles of one device and why (for the "not applicable" reason)."""

    roles: frozenset[str]
    why: dict[str, str]  # role -> why the device has it, in the report language
    declared: str | None = None  # the inventory role


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))


def role_names() -> dict[str, dict[str, str]]:
    """Role id -> {zh, en} name."""
    return dict(_data()["roles"])


def _family(dialect: str) -> str:
    return "comware" if dialect.startswith("comware") else dialect


@cache
def _selector(name: str, dialect: str) -> Selector | None:
    spec = _data()["selectors"].get(name, {})
    spec = spec.get(dialect) or spec.get(_family(dialect))
    if not spec:
        return None
    return Selector(re.compile(spec["header"]), tuple(re.compile(p) for p in spec.get("having", [])),
                    tuple(re.compile(p) for p in spec.get("lacking", [])),
                    tuple(re.compile(p) for p in spec.get("requires", [])))


def selector_names() -> set[str]:
    return set(_data()["selectors"]) | set(_data().get("computed_selectors", []))


_IP = re.compile(r"^ip address (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+|\d+)")
_NET = re.compile(r"^network (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)")
_OSPF = re.compile(r"^(?:ospf(?: \d+)?|router ospf \d+)(?:\s|$)")
# OSPF enabled in interface view: VRP `ospf enable 1 area 0`, Comware 7 `ospf 1 area 0.0.0.0`, IOS `ip ospf 1 area 0`
_ON_IF = re.compile(r"^(?:ospf enable \d+ area |ospf \d+ area |ip ospf \d+ area )")
_SILENT = re.compile(r"^(?:silent-interface|passive-interface) (\S+(?: \S+)?)$")


def _wildcard_match(address: str, network: str, wildcard: str) -> bool:
    to_int = lambda a: int(ipaddress.IPv4Address(a))  # noqa: E731
    return (to_int(address) & ~to_int(wildcard) & 0xFFFFFFFF) == (to_int(network) & ~to_int(wildcard) & 0xFFFFFFFF)


def _ospf_interfaces(tree: HConfig) -> list[HConfigChild]:
    """Interfaces OSPF runs on: a `network` statement covers their address or the interface enables OSPF."""
    networks, silent, active = [], set(), set()
    for process in (c for c in tree.children if _OSPF.search(c.text)):
        for line in (c for c, _ in _walk(process)):
            if (m := _NET.search(line.text)):
                networks.append((m.group(1), m.group(2)))
            if (m := _SILENT.search(line.text)):
                silent.add(m.group(1).replace(" ", ""))
            if line.text.startswith("no passive-interface "):
                active.add(line.text.split(" ", 2)[2].replace(" ", ""))
    out = []
    for section in tree.children:
        loopback = re.match(r"interface (?:LoopBack|Loopback|NULL|Null)", section.text)
        if not section.text.startswith("interface ") or loopback:
            continue
        name = section.text.split(" ", 1)[1].replace(" ", "")
        passive = name in silent or (bool(silent & {"default", "all"}) and name not in active)
        if passive or any(c.text == "shutdown" for c in section.children):
            continue
        addresses = [m.group(1) for c in section.children if (m := _IP.search(c.text))]
        enabled = any(_ON_IF.search(c.text) for c in section.children)
        if enabled or any(_wildcard_match(a, n, w) for a in addresses for n, w in networks):
            out.append(section)
    return out


def _prefix_length(mask: str) -> int:
    return ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen if "." in mask else int(mask)


def _ospf_user_interfaces(tree: HConfig) -> list[HConfigChild]:
    """OSPF interfaces on a subnet with room for hosts: not a /30, /31 or /32 point-to-point link."""
    return [s for s in _ospf_interfaces(tree)
            if any(_prefix_length(m.group(2)) <= 29 for c in s.children if (m := _IP.search(c.text)))]


def _walk(node: HConfigChild) -> list[tuple[HConfigChild, int]]:
    out = []
    for child in node.children:
        out.append((child, 0))
        out.extend(_walk(child))
    return out


def select(tree: HConfig, dialect: str, name: str) -> list[HConfigChild]:
    """The root sections of the named interface set (empty when the dialect has no such set)."""
    if name == "ospf_interfaces":
        return _ospf_interfaces(tree)
    if name == "ospf_user_interfaces":
        return _ospf_user_interfaces(tree)
    spec = _selector(name, dialect)
    if spec is None:
        return []
    out = []
    for section in tree.children:
        if not spec.header.search(section.text):
            continue
        texts = [c.text for c in section.children]
        if spec.having and not any(p.search(t) for p in spec.having for t in texts):
            continue
        if any(p.search(t) for p in spec.lacking for t in texts):
            continue
        if not all(any(p.search(t) for t in texts) for p in spec.requires):
            continue
        out.append(section)
    return out


def _detected(tree: HConfig, dialect: str, spec: dict[str, Any]) -> bool:
    if "root" in spec:
        return any(re.search(spec["root"], c.text) for c in tree.children)
    if "selector" in spec:
        return bool(select(tree, dialect, spec["selector"]))
    if "section" in spec:
        found = sum(1 for s in tree.children if re.search(spec["section"], s.text)
                    and any(re.search(spec["child"], c.text) for c in s.children)) >= spec.get("min_count", 1)
        return found and (not spec.get("and_selector") or bool(select(tree, dialect, spec["and_selector"])))
    return False


def device_roles(tree: HConfig, dialect: str, declared: str | None, lang: str) -> DeviceRoles:
    """Roles from the inventory role and the configuration, each with why (in `lang`)."""
    data = _data()
    why: dict[str, str] = {}
    for role in data["inventory"].get(declared or "", []):
        why[role] = "inventory" if lang == "en" else "资产清单"
    for role, specs in data["detect"].items():
        for spec in specs:
            if role not in why and _detected(tree, dialect, spec):
                why[role] = spec["why"][lang]
    return DeviceRoles(frozenset(why), why, declared)


def not_applicable_reason(rule_roles: tuple[str, ...], found: DeviceRoles, lang: str) -> str | None:
    """None when the rule applies; else why not (the rule's roles and the device's)."""
    if not rule_roles or found.roles & set(rule_roles):
        return None
    names = role_names()
    wanted = ("、" if lang == "zh" else ", ").join(names[r][lang] for r in rule_roles)
    if found.roles:
        have = "; ".join(f"{names[r][lang]} ({found.why[r]})" for r in sorted(found.roles))
    else:
        have = "未识别出角色" if lang == "zh" else "no role shown by the configuration or the inventory"
    if lang == "zh":
        return f"不适用：规则适用于 {wanted}；本设备：{have}"
    return f"not applicable: the rule is for {wanted}; this device: {have}"
