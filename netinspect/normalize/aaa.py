"""AAA servers (RADIUS / TACACS+ / HWTACACS) and their state -> ``Device.aaa_servers``.

Cisco IOS / IOS-XE ``show aaa servers`` prints one block per server (``RADIUS: id 1, priority 1, host
10.1.1.1, ...`` then ``State: current UP|DEAD, ...``); the block is read line by line.
H3C Comware ``display radius scheme`` / ``display hwtacacs scheme`` print per scheme a block per server role
(``Primary authentication server:`` then ``IP : a.b.c.d  Port: 1812 [State: Active]`` and ``State: Block``).
Huawei ``display radius-server configuration`` prints ``Authentication Server 1 : ip Port:1812 Weight:80 [UP]``
(older releases ``Primary-authentication-server : ip:port:...`` with no state), ``display hwtacacs-server
template`` ``Primary-authentication-server : ip:49 Vrf:- ... Status:UP`` (``Status:-``: not printed); NE routers
``Template Name : tac`` then ``Primary Authentication Server : ip-port:vpn`` (no state printed; the ``Current ...``
lines repeat the servers in use).
A server whose state the device does not print keeps state "" and alive None: configured, state unknown.
State words are data (data/state_words.yaml, aaa_server_states).
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from netinspect.core.model import AaaServer, Device
from netinspect.core.paths import DATA_DIR
from netinspect.normalize.registry import Parsed, ParseFailure, handles

_CISCO = ("cisco_ios", "cisco_iosxe")
_CISCO_HEAD = re.compile(r"^\s*(RADIUS|TACACS\+?):\s+id\s+\d+,\s*priority\s+\d+,\s*host\s+([^,\s]+)", re.I)
_CISCO_STATE = re.compile(r"^\s*State:\s+current\s+(\w+)", re.I)


@cache
def _aaa_states() -> dict[str, list[str]]:
    """The AAA server state words (data/state_words.yaml, aaa_server_states) in lower case."""
    words = yaml.safe_load((DATA_DIR / "state_words.yaml").read_text(encoding="utf-8"))["aaa_server_states"]
    return {k: [str(w).lower() for w in v] for k, v in words.items()}


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
            current.alive = _state_word(state.group(1))[1]
            current.evidence += " | " + line.strip()
    if servers and servers[-1].state == "?":  # every block prints its State line: the last one was cut off
        parsed.cut = f"output cut short: server {servers.pop().host} without its State line"
    if not servers and re.search(r"\b(RADIUS|TACACS)\S*:\s+id\b", parsed.text, re.I):
        raise ParseFailure(parsed.cut or "a server block was not understood")
    device.aaa_servers = servers
    device.sources["aaa_servers"] = parsed.command


# ---- Huawei VRP and H3C Comware -----------------------------------------------------------------

_HUAWEI = ("huawei_vrp", "huawei_vrp8")
_H3C = "h3c_comware"
_UNSET = {"", "-", "0.0.0.0", "::", "not configured", "n/a"}
# H3C: a server block's head ("Primary authentication server:", "Second Acct Server:", ...), then its IP line,
# which carries "State:" on some releases; others print "State:" on a line of its own.
_H3C_HEAD = re.compile(r"^\s*(Primary|Secondary|Second)\s+(auth\w*|author\w*|acc\w*|acct)\s+server\s*:\s*$", re.I)
_H3C_IP = re.compile(r"^\s*IP(?:v6)?\s*:\s*(\S+(?: \S+)?)\s+Port\s*:\s*(\d+)(?:\s+State\s*:\s*(\S(?:.*\S)?))?\s*$", re.I)
_H3C_STATE = re.compile(r"^\s*State\s*:\s*(\S(?:.*\S)?)\s*$", re.I)
_H3C_SCHEME = re.compile(r"^\s*(?:RADIUS scheme name|HWTACACS Scheme Name|SchemeName)\s*:\s*(\S+)", re.I)
# Huawei RADIUS: "Authentication Server 1 :  10.7.66.66  Port:1812  Weight:80  [UP]" (VRP 5 S-series, VRP 8),
# "Authentication-server:  IP:192.168.1.87 Port:1812 Weight[0] [DOWN]" (NE, server groups),
# "Primary-authentication-server :  10.1.1.1:1812:LoopBack0:-" (older releases: no state printed)
_HW_RADIUS = re.compile(r"^\s*(Authentication|Accounting)[- ]+Server(?:\s+(\d+))?\s*:\s*(?:IP:)?(\S+?)\s+Port:\s*(\d+)"
                        r"(?:.*?\[\s*([A-Za-z][\w-]*)\s*\])?", re.I)
_HW_OLD = re.compile(r"^\s*(Primary|Secondary|Third|Fourth)-(authentication|accounting|authorization)(?:-ipv6)?-server"
                     r"\s*:\s*([0-9A-Fa-f.:]+?|-)[:-](\d+)(?::|\s|$)(?:.*?\bStatus:\s*(\S+))?", re.I)
# NE routers' HWTACACS template: "Primary Authentication Server  :  10.10.10.2-1000:-" (address-port:vpn)
_HW_NE_TAC = re.compile(r"^\s*(Primary|Secondary)\s+(Authentication|Authorization|Accounting|Common)\s+Server\s*:"
                        r"\s*([0-9A-Fa-f.:]+?)-(\d+)(?::|\s|$)(?:.*?\bStatus:\s*(\S+))?", re.I)


def _state_word(word: str | None) -> tuple[str, bool | None]:
    """(state as printed, alive) for a printed state word; ("", None) when the device printed none."""
    if word is None or word.strip() in ("", "-"):
        return "", None
    words = _aaa_states()
    key = word.strip().lower()
    base = key.split("(")[0].strip()
    if key in words["alive"] or base in words["alive"]:
        return word.strip(), True
    if key in words["dead"] or base in words["dead"]:
        return word.strip(), False
    return word.strip(), None


def _replace(device: Device, protocol: str, servers: list[AaaServer], command: str) -> None:
    """The servers of one protocol from this command; those of other protocols (another command) stay."""
    kept = [s for s in device.aaa_servers or [] if s.protocol != protocol]
    device.aaa_servers = kept + servers
    device.sources["aaa_servers"] = command


def _add(servers: list[AaaServer], server: AaaServer) -> None:
    """One entry per protocol, role and host (a scheme that repeats a server adds nothing)."""
    if server.host.lower() in _UNSET:
        return
    if any(s.host == server.host and s.role == server.role and s.protocol == server.protocol for s in servers):
        return
    servers.append(server)


def _h3c_role(order: str, kind: str) -> str:
    order = "primary" if order.lower() == "primary" else "secondary"
    kind = kind.lower()
    what = "authorization" if kind.startswith("author") else "accounting" if kind.startswith("ac") else "authentication"
    return f"{order} {what}"


def _h3c_servers(parsed: Parsed, protocol: str) -> list[AaaServer]:
    servers: list[AaaServer] = []
    role: str | None = None
    scheme = ""
    current: AaaServer | None = None
    for line in parsed.lines():
        named = _H3C_SCHEME.match(line)
        if named:
            scheme, role, current = named.group(1), None, None
            continue
        head = _H3C_HEAD.match(line)
        if head:
            role, current = _h3c_role(head.group(1), head.group(2)), None
            continue
        ip = _H3C_IP.match(line)
        if ip and role is not None:
            state, alive = _state_word(ip.group(3))
            current = AaaServer(protocol, ip.group(1), state, alive, role=f"{scheme} {role}".strip(),
                                evidence=line.strip())
            _add(servers, current)
            continue
        state_line = _H3C_STATE.match(line)
        if state_line and current is not None and not current.state:
            current.state, current.alive = _state_word(state_line.group(1))
            current.evidence += " | " + line.strip()
    return servers


def _h3c_check(parsed: Parsed, servers: list[AaaServer]) -> None:
    if not servers and re.search(r"^\s*IP(?:v6)?\s*:\s*\d", parsed.text, re.M):
        raise ParseFailure("a server line was not understood")


@handles(_H3C, "display radius scheme", textfsm=False)
def h3c_radius_scheme(device: Device, parsed: Parsed) -> None:
    servers = _h3c_servers(parsed, "radius")
    _h3c_check(parsed, servers)
    _replace(device, "radius", servers, parsed.command)


@handles(_H3C, "display hwtacacs scheme", textfsm=False)
def h3c_hwtacacs_scheme(device: Device, parsed: Parsed) -> None:
    servers = _h3c_servers(parsed, "hwtacacs")
    _h3c_check(parsed, servers)
    _replace(device, "hwtacacs", servers, parsed.command)


def _huawei_servers(parsed: Parsed, protocol: str) -> list[AaaServer]:
    servers: list[AaaServer] = []
    template = ""
    for line in parsed.lines():
        named = re.match(r"^\s*(?:Server-template-name|Server-group-name|HWTACACS-server template name|Template Name)"
                         r"\s*:\s*(\S+)", line, re.I)
        if named:
            template = named.group(1)
            continue
        new = _HW_RADIUS.match(line) if protocol == "radius" else None
        if new:
            state, alive = _state_word(new.group(5))
            role = f"{new.group(1).lower()} {new.group(2) or ''}".strip()
            _add(servers, AaaServer(protocol, new.group(3), state, alive, role=f"{template} {role}".strip(),
                                    evidence=line.strip()))
            continue
        old = _HW_OLD.match(line) or _HW_NE_TAC.match(line)
        if old:
            state, alive = _state_word(old.group(5))
            role = f"{old.group(1).lower()} {old.group(2).lower()}"
            _add(servers, AaaServer(protocol, old.group(3), state, alive, role=f"{template} {role}".strip(),
                                    evidence=line.strip()))
    return servers


def _read_huawei(device: Device, parsed: Parsed, protocol: str, server_line: str) -> None:
    """The servers of one Huawei AAA output; a line shaped like a server that was not read is a parse error."""
    servers = _huawei_servers(parsed, protocol)
    if not servers and re.search(server_line, parsed.text, re.I):
        raise ParseFailure("a server line was not understood")
    _replace(device, protocol, servers, parsed.command)


@handles(_HUAWEI, "display radius-server configuration", textfsm=False)
def huawei_radius_configuration(device: Device, parsed: Parsed) -> None:
    _read_huawei(device, parsed, "radius", r"Server(?: \d+)?\s*:\s+(?:IP:)?[1-9]\d*\.\d")


@handles(_HUAWEI, "display hwtacacs-server template", textfsm=False)
def huawei_hwtacacs_template(device: Device, parsed: Parsed) -> None:
    _read_huawei(device, parsed, "hwtacacs", r"[- ]server\s*:\s*[1-9]\d*\.\d+\.\d+\.\d+[:-]\d+")
