"""Firewall depth (issue 17, item 4): signature databases, the security policy and IPsec tunnels.

* Signature databases -> ``Device.signatures``. Huawei USG (VRP) ``display version ips-sdb`` / ``av-sdb`` /
  ``sa-sdb`` print key/value blocks per list (``... Update Information List:``), the ``Current Version:``
  block holding ``Signature Database Version``, ``Update Time`` and ``Issue Time of the Update File``;
  H3C SecPath (Comware 7) ``display ips signature library`` / ``display anti-virus signature library``
  print one row per copy (``Current``, ``Last``, ``Factory``) with the version and its release time.
  Every output line is read with ``str.partition`` and short anchored patterns (linear on long lines).
* Security policy -> ``Device.security_rules``, read from the running configuration: USG
  ``security-policy`` / ``rule name X`` blocks, Comware ``security-policy ip`` / ``rule N name X`` blocks.
* IPsec tunnels -> ``Device.vpn_tunnels``: each IPsec policy of the running configuration that names its
  peer (isakmp or manual; templates answer any peer and are not judged), up when ``display ipsec sa brief``
  prints an SA with that peer's address (``Device.ipsec_sa_peers``), else configured but down.

The database kinds each command reports are data (``data/checks/firewall.yaml``), not code.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

import yaml

from netinspect.core.model import Device, SecurityRule, SignatureDb, VpnTunnel
from netinspect.core.paths import DATA_DIR
from netinspect.normalize.registry import Parsed, ParseFailure, finishes, handles

_VRP = ("huawei_vrp",)
_COMWARE = ("h3c_comware",)
_YMD = re.compile(r"(?<!\d)(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?!\d)")
_MDY = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_MON = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(\d{1,2})\b[^\n]{0,12}?\b(\d{4})\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NO_VERSION = {"", "-", "--", "n/a", "na", "none", "null", "0", "not loaded"}


@cache
def firewall_data() -> dict[str, Any]:
    """data/checks/firewall.yaml: the database kind of each signature command and the key words read."""
    return yaml.safe_load((DATA_DIR / "checks" / "firewall.yaml").read_text(encoding="utf-8"))


def parse_day(text: str) -> date | None:
    """The first date in `text`: 2024/03/15, 2024-03-15, 03/15/2024 or 'Mar 15 10:00:00 2024'; None else."""
    m = _YMD.search(text)
    if m:
        return _day(int(m[1]), int(m[2]), int(m[3]))
    m = _MDY.search(text)
    if m:
        return _day(int(m[3]), int(m[1]), int(m[2]))
    m = _MON.search(text)
    if m:
        return _day(int(m[3]), _MONTHS.index(m[1].lower()) + 1, int(m[2]))
    return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _version(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if value.lower() in _NO_VERSION else value


def _kind(os_key: str, command: str) -> str:
    return str(firewall_data()["signature_commands"][os_key][command])


def _add_signatures(device: Device, found: list[SignatureDb], command: str) -> None:
    """Several commands feed the group: each adds its databases (a kind read twice keeps the first)."""
    have = {s.kind for s in device.signatures or []}
    device.signatures = (device.signatures or []) + [s for s in found if s.kind not in have]
    for db in found:
        device.sources.setdefault(f"signatures.{db.kind}", command)


# --- Huawei USG: display version ips-sdb | av-sdb | sa-sdb ---------------------------------------------

def vrp_signature_blocks(text: str) -> list[dict[str, str]]:
    """The ``Current Version:`` key/value block of each signature-database list (engine lists skipped)."""
    words = firewall_data()["vrp_keys"]
    blocks: list[dict[str, str]] = []
    in_sdb = current = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.endswith("Information List:"):
            in_sdb = "engine" not in stripped.lower()
            current = False
            continue
        if stripped.endswith(":") and stripped[:-1].strip().lower() in words["sections"]:
            current = stripped.lower().startswith("current")
            if current and in_sdb:
                blocks.append({"_evidence": ""})
            continue
        if not (in_sdb and current and blocks):
            continue
        key, sep, value = stripped.partition(":")
        if sep and key.strip().lower() in words["fields"]:
            blocks[-1][words["fields"][key.strip().lower()]] = value.strip()
            blocks[-1]["_evidence"] += ("\n" if blocks[-1]["_evidence"] else "") + stripped
    return blocks


def _vrp_signatures(device: Device, parsed: Parsed) -> None:
    blocks = vrp_signature_blocks(parsed.text)
    if not blocks:
        raise ParseFailure("no 'Current Version:' block with a signature database version")
    kind = _kind("huawei_vrp", parsed.command)
    block = blocks[0]
    if "version" not in block:
        raise ParseFailure("no 'Signature Database Version' line in the current version block")
    found = SignatureDb(kind, _version(block.get("version")), released=parse_day(block.get("released", "")),
                        updated=parse_day(block.get("updated", "")), evidence=block["_evidence"].splitlines())
    _add_signatures(device, [found], parsed.command)


for _command in ("display version ips-sdb", "display version av-sdb", "display version sa-sdb"):
    handles(_VRP, _command, textfsm=False)(_vrp_signatures)


# --- H3C SecPath: display ips signature library | display anti-virus signature library ----------------

def comware_library_rows(text: str) -> dict[str, tuple[str, str]]:
    """Copy (current, last, factory) -> (version, the rest of its row: the release time and the size)."""
    rows: dict[str, tuple[str, str]] = {}
    copies = firewall_data()["comware_copies"]
    for line in text.splitlines():
        parts = line.split(None, 2)
        if len(parts) >= 2 and parts[0].lower() in copies:
            rows.setdefault(parts[0].lower(), (parts[1], parts[2] if len(parts) > 2 else ""))
    return rows


def _comware_signatures(device: Device, parsed: Parsed) -> None:
    rows = comware_library_rows(parsed.text)
    if "current" not in rows:
        raise ParseFailure("no 'Current' row with the signature library version")
    version, rest = rows["current"]
    line = next((x.strip() for x in parsed.lines() if x.strip().lower().startswith("current")), "")
    found = SignatureDb(_kind("h3c_comware", parsed.command), _version(version), released=parse_day(rest),
                        evidence=[line])
    _add_signatures(device, [found], parsed.command)


for _command in ("display ips signature library", "display anti-virus signature library"):
    handles(_COMWARE, _command, textfsm=False)(_comware_signatures)


# --- security policy from the running configuration --------------------------------------------------

def _blocks(config: str, head: str) -> list[str]:
    """The lines of each top-level section named `head` (up to the next top-level line)."""
    lines, out, inside = config.splitlines(), [], False
    for line in lines:
        if not line.strip() or line.startswith("#"):
            inside = False if line.startswith("#") else inside
            continue
        if not line[0].isspace():
            inside = line.strip() == head
            continue
        if inside:
            out.append(line)
    return out


def security_rules_from_config(config: str, dialect: str) -> list[SecurityRule] | None:
    """The rules of the configuration's security policy; None when it has no security-policy section."""
    words = firewall_data()["policy"][dialect]
    if not any(line.strip() == words["section"] for line in config.splitlines() if line and not line[0].isspace()):
        return None
    rules: list[SecurityRule] = []
    for line in _blocks(config, words["section"]):
        text = line.strip()
        first, _, rest = text.partition(" ")
        if first == "rule" and line.startswith(" ") and not line.startswith("  "):
            name = f" {rest}".split(" name ", 1)[-1].strip()
            rules.append(SecurityRule(name=name, action=None, evidence=[text]))
            continue
        if not rules:
            continue
        rule = rules[-1]
        rule.evidence.append(text)
        if text in words["disable"]:
            rule.enabled = False
        elif first == "action":
            rule.action = rest.strip()
        elif any(text.startswith(p) for p in words["source"]):
            rule.sources.append(text)
        elif any(text.startswith(p) for p in words["destination"]):
            rule.destinations.append(text)
        elif any(text.startswith(p) for p in words["service"]):
            rule.services.append(text)
    return rules


@finishes(_VRP + _COMWARE)
def security_policy(device: Device) -> None:
    """Security rules from the running configuration (USG ``security-policy``, Comware ``security-policy ip``)."""
    if not device.running_config:
        return
    dialect = "huawei_vrp" if device.identity.os in _VRP else "h3c_comware"
    rules = security_rules_from_config(device.running_config, dialect)
    if rules is None and dialect == "h3c_comware":
        return  # older SecPath releases filter with object-policy / zone-pair, not read: no verdict
    # a USG without a security-policy section has no rule (only the default action)
    device.security_rules = rules or []
    device.sources.setdefault("security_rules", device.sources.get("running_config", "display current-configuration"))


def permits_anything(rule: SecurityRule, dialect: str) -> bool:
    """A rule that permits any source address, any destination address and any service."""
    permit = firewall_data()["policy"][dialect]["permit"]
    return bool(rule.enabled and (rule.action or "").split(" ")[0] in permit
                and not rule.sources and not rule.destinations and not rule.services)


# --- IPsec tunnels: the configured policies against display ipsec sa brief ---------------------------

_IPV4 = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")


def _sections(config: str, head: str) -> dict[str, list[str]]:
    """Top-level sections whose line starts with `head` + blank: their line -> their indented lines."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in config.splitlines():
        if line and not line[0].isspace():
            current = line.strip() if line.startswith(head + " ") else None
            if current is not None:
                out[current] = []
        elif current is not None and line.strip() and not line.startswith("#"):
            out[current].append(line.strip())
    return out


def _remote(lines: list[str], words: list[str]) -> str | None:
    for text in lines:
        if any(text.startswith(w + " ") for w in words):
            m = _IPV4.search(text)
            if m:
                return m.group(1)
    return None


def ipsec_policies_from_config(config: str, dialect: str) -> dict[str, str | None]:
    """'NAME SEQ' of each IPsec policy with a fixed peer mode -> its peer address (None: not printed)."""
    words = firewall_data()["ipsec"][dialect]
    peers: dict[str, str | None] = {}
    if words["peer_block"]:
        for head, lines in _sections(config, words["peer_block"]).items():
            peers[head.split()[len(words["peer_block"].split())]] = _remote(lines, words["remote"])
    policies: dict[str, str | None] = {}
    for head, lines in _sections(config, words["policy"]).items():
        parts = head.split()
        if len(parts) < 5 or parts[4] not in words["modes"]:
            continue  # a policy template or a policy line without a mode: no fixed peer
        peer = _remote(lines, words["remote"])
        ref = next((t.split()[1] for t in lines if t.split()[0] in words["peer_ref"] and len(t.split()) > 1), None)
        policies[f"{parts[2]} {parts[3]}"] = peer or (peers.get(ref) if ref else None)
    return policies


def _ipsec_sa_brief(device: Device, parsed: Parsed) -> None:
    addresses = sorted({m.group(1) for line in parsed.lines() for m in _IPV4.finditer(line)})
    if not addresses and re.search(r"\bESP\b|\bAH\b", parsed.text):
        raise ParseFailure("SA rows without an address")
    device.ipsec_sa_peers = addresses
    device.sources["vpn_tunnels"] = parsed.command


handles(_VRP + _COMWARE, "display ipsec sa brief", textfsm=False)(_ipsec_sa_brief)


@finishes(_VRP + _COMWARE)
def ipsec_tunnels(device: Device) -> None:
    """One tunnel per configured IPsec policy with a fixed peer: up when an SA with that peer is printed."""
    if device.ipsec_sa_peers is None or not device.running_config:
        return
    dialect = "huawei_vrp" if device.identity.os in _VRP else "h3c_comware"
    with_sa = set(device.ipsec_sa_peers)
    device.vpn_tunnels = [
        VpnTunnel(name=name, peer=peer, up=(peer in with_sa) if peer else None,
                  evidence=[f"ipsec policy {name}" + (f" -> {peer}" if peer else "")])
        for name, peer in ipsec_policies_from_config(device.running_config, dialect).items()]
