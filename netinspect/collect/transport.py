"""What both SSH transports (netmiko threads, asyncssh) share: one device's preparation, its session
attempts and how they end, the retry rule, and its final record. Public names: each transport imports them.

A wrong password is never retried (AAA servers lock accounts); a timeout is retried once; a dropped
session keeps the outputs that came before.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from netinspect.collect.hostkeys import KnownHosts
from netinspect.collect.inventory import InventoryDevice
from netinspect.collect.readonly import ExtraCommands, command_set
from netinspect.core.raw import CommandOutput, InputRecord, RawDevice
from netinspect.platforms import Platform, get_platform

LOGIN_FACTOR = 3  # login (banner, auth, prompt, paging setup) may take this many connect timeouts
LOGOUT = {"huawei": "quit", "h3c": "quit", "cisco": "exit"}


class SessionTimeout(Exception):
    """The device stopped answering (connect, login or a command)."""


class SessionDropped(Exception):
    """The device closed the connection."""


@dataclass
class Attempt:
    outputs: dict[str, CommandOutput] = field(default_factory=dict)
    status: str = "ok"
    message: str | None = None
    retry: bool = False


def port_open_error(host: str, port: int, timeout: float) -> str | None:
    """Why a TCP connection to host:port fails fast (DNS, refused), or None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return f"host {host!r} does not resolve ({exc})"
    del infos, timeout
    return None


def still_to_run(commands: Sequence[str], attempt: Attempt) -> Iterator[str]:
    """The commands a (retried) session still has to run: those without an output, or whose output failed
    (checked as each is reached, so a command listed twice runs once)."""
    return (c for c in commands if c not in attempt.outputs or attempt.outputs[c].status == "error")


def session_stopped(attempt: Attempt, exc: Exception) -> None:
    """How a session that stopped part-way ends (both transports): a timeout is retried, a dropped
    connection keeps what came before, a non-read-only command stops the device."""
    if isinstance(exc, SessionTimeout):
        attempt.status, attempt.message, attempt.retry = "timeout", str(exc), True
    elif isinstance(exc, SessionDropped):
        attempt.status, attempt.message = ("partial" if attempt.outputs else "error"), str(exc)
    else:
        attempt.status, attempt.message = "error", f"stopped before sending a non-read-only command: {exc}"


def prepare_device(device: InventoryDevice, opts: CollectOptions) -> tuple[RawDevice, Platform | None, tuple[str, ...]]:
    """The device's empty record, platform and commands; platform None when it cannot be collected
    (unknown platform, no password, a host that does not resolve: the record says why)."""
    platform = get_platform(device.platform)
    raw = RawDevice(name=device.name, os=platform.os if platform else None, host=device.host,
                    role=device.role, source=f"ssh://{device.host}:{device.port}")
    if platform is None:
        raw.status, raw.message = "error", f"unknown platform {device.platform!r}"
        return raw, None, ()
    if not device.password:
        from netinspect.collect.inventory import KEYRING_MISSING, keyring_installed

        raw.status, raw.message = "error", (KEYRING_MISSING if device.keyring and not keyring_installed() else
                                            "no password (set the password_env variable or use --ask-pass)")
        return raw, None, ()
    if device.ssh_config and not Path(device.ssh_config).expanduser().is_file():
        raw.status, raw.message = "error", (f"ssh_config file {device.ssh_config!r} not found; not connected "
                                            f"(its jump host would be bypassed) ({device.where})")
        return raw, None, ()
    problem = port_open_error(device.host, device.port, opts.connect_timeout)
    if problem:
        raw.status, raw.message = "unreachable", f"{problem} ({device.where})"
        return raw, None, ()
    return raw, platform, command_set(platform, opts.extra_commands)


def settle_device(raw: RawDevice, commands: Sequence[str], attempts: Sequence[Attempt]) -> RawDevice:
    """The record of one or two sessions (a retry after a timeout): outputs in command order, status."""
    attempt = attempts[-1]
    first_failure = attempts[0].message if len(attempts) > 1 else None
    for command in commands:
        if command in attempt.outputs:
            raw.add(attempt.outputs[command])
    raw.status, raw.message = attempt.status, attempt.message
    if first_failure and attempt.status == "ok":
        raw.message = f"first session failed ({first_failure}); succeeded on retry"
    elif first_failure:
        raw.message = f"{attempt.message} (after one retry)"
    if raw.status == "ok" and any(o.status == "error" for o in raw.outputs.values()):
        raw.status = "partial"
    return raw


@dataclass
class CollectOptions:
    connect_timeout: float
    command_timeout: float
    known_hosts: Path | None
    host_key_check: bool
    extra_commands: ExtraCommands | None
    redact_configs: bool
    known: KnownHosts | None = None  # the known-hosts file, read once for the run


def input_record(raw: RawDevice) -> InputRecord:
    status = {"ok": "ok", "partial": "partial"}.get(raw.status, "rejected")
    return InputRecord(name=raw.name, status=status, message=raw.message)  # type: ignore[arg-type]
