"""AAA servers (RADIUS / TACACS+) and their state -> ``Device.aaa_servers``.

Cisco IOS / IOS-XE ``show aaa servers`` prints one block per server (``RADIUS: id 1, priority 1, host
10.1.1.1, ...`` then ``State: current UP|DEAD, ...``); the block is read line by line.
"""

from __future__ import annotations

import re

from netinspect.core.model import AaaServer, Device
from netinspect.normalize.registry import Parsed, ParseFailure, handles

_CISCO = ("cisco_ios", "cisco_iosxe")
_CISCO_HEAD = re.compile(r"^\s*(RADIUS|TACACS\+?):\s+id\s+\d+,\s*priority\s+\d+,\s*host\s+([^,\s]+)", re.I)
_CISCO_STATE = re.compile(r"^\s*State:\s+current\s+(\w+)", re.I)
_ALIVE = {"up": True, "dead": False, "down": False}


@handles(_CISCO, "show aaa servers", textfsm=False)
def cisco_aaa_servers(device: Device, parsed: Parsed) -> None:
    servers: list[AaaServer] = []
    current: AaaServer | None = None
    for line in parsed.lines():
        head = _CISCO_HEAD.match(line)
        if head:
            protocol = "radius" if head.group(1).upper() == "RADIUS" else "tacacs"
            current = AaaServer(protocol, head.group(2), "?", None, evidence=line.strip())
            servers.append(current)
            continue
        state = _CISCO_STATE.match(line)
        if state and current is not None and current.state == "?":
            current.state = state.group(1).upper()
            current.alive = _ALIVE.get(state.group(1).lower())
            current.evidence += " | " + line.strip()
    if not servers and re.search(r"\b(RADIUS|TACACS)\S*:\s+id\b", parsed.text, re.I):
        raise ParseFailure("a server block was not understood")
    device.aaa_servers = servers
    device.sources["aaa_servers"] = parsed.command
