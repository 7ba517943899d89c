"""Spanning-tree instances (root bridge, topology changes) -> ``Device.stp``.

Cisco IOS / IOS-XE ``show spanning-tree detail`` prints, per VLAN (PVST) or MST instance, the bridge
identifier, "We are the root" or the current root, and "Number of topology changes N last change
occurred T ago"; the port blocks under it are skipped here (port roles come from ``show spanning-tree``).
"""

from __future__ import annotations

import re

from netinspect.core.model import Device, StpInstance
from netinspect.normalize.registry import Parsed, ParseFailure, handles
from netinspect.normalize.state import duration_seconds

_CISCO = ("cisco_ios", "cisco_iosxe")
_HEAD = re.compile(r"^\s*(?P<inst>VLAN\d+|MST\d+)\s+is executing the \S+ compatible Spanning Tree protocol", re.I)
_BRIDGE = re.compile(r"^\s*Bridge Identifier has priority (?P<prio>\d+), sysid (?P<sysid>\d+), address (?P<mac>\S+)")
_ROOT = re.compile(r"^\s*Current root has priority (?P<prio>\d+), address (?P<mac>\S+)")
_CHANGES = re.compile(r"^\s*Number of topology changes (?P<n>\d+) last change occurred (?P<ago>\S+) ago")


@handles(_CISCO, "show spanning-tree detail", textfsm=False)
def cisco_stp_detail(device: Device, parsed: Parsed) -> None:
    instances: list[StpInstance] = []
    current: StpInstance | None = None
    bridge: tuple[int, str] | None = None  # this switch's identifier: the root once "We are the root" follows
    for line in parsed.lines():
        head = _HEAD.match(line)
        if head:
            current = StpInstance(head.group("inst").upper(), None, None, False, evidence=[line.strip()])
            instances.append(current)
            bridge = None
            continue
        if current is None:
            continue
        if (m := _BRIDGE.match(line)) and bridge is None:
            bridge = (int(m.group("prio")) + int(m.group("sysid")), m.group("mac"))
        elif "We are the root of the spanning tree" in line:
            current.is_root = True
            if bridge is not None and current.root_priority is None:
                current.root_priority, current.root_address = bridge
            current.evidence.append(line.strip())
        elif m := _ROOT.match(line):
            current.root_priority, current.root_address, current.is_root = int(m.group("prio")), m.group("mac"), False
            current.evidence.append(line.strip())
        elif m := _CHANGES.match(line):
            current.topology_changes = int(m.group("n"))
            current.last_change_seconds = duration_seconds(m.group("ago"))
            current.evidence.append(line.strip())
    if instances and instances[-1].root_address is None and not instances[-1].is_root:
        # every instance names its root ("We are the root" or "Current root"): the last one was cut off
        parsed.cut = f"output cut short: {instances[-1].instance} without its root"
    if not instances and re.search(r"Spanning Tree protocol", parsed.text):
        raise ParseFailure("an instance header was not understood")
    device.stp = instances
    device.sources["stp"] = parsed.command
