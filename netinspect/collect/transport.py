"""What both SSH transports (netmiko threads, asyncssh) share: one device's preparation, its session
attempts and how they end, the retry rule, and its final record. Public names: each transport imports them.

A wrong password is never retried (AAA servers lock accounts); a timeout is retried once; a dropped
session keeps the outputs that came before.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from netinspect.collect.hostkeys import KnownHosts
from netinspect.collect.inventory import InventoryDevice
from netinspect.collect.readonly import ExtraCommands, command_set
from netinspect.core.raw import CommandOutput, InputRecord, RawDevice
from netinspect.normalize import infer_role, normalize
from netinspect.parse.detect import dialect, os_from_version
from netinspect.platforms import Platform, all_platforms, get_platform

LOGIN_FACTOR = 3  # login (banner, auth, prompt, paging setup) may take this many connect timeouts
LOGIN_SLOTS = 32  # SSH handshakes at once (asyncssh transport); a handshake's clock starts in its slot
LOGOUT = {"huawei": "quit", "h3c": "quit", "cisco": "exit"}
TRANSPORTS = ("auto", "netmiko", "asyncssh")
# The platforms the asyncssh transport serves by default ("auto"): those whose outputs it is tested to give
# byte for byte as the netmiko transport does (tests/test_ssh_transports.py, the demo fleet). Any other
# platform, or a run with one, goes over netmiko (its drivers know each platform's prompts and quirks).
ASYNCSSH_PLATFORMS = frozenset({"huawei_vrp", "h3c_comware", "cisco_ios", "cisco_iosxe"})


def resolve_transport(transport: str, platforms: Iterable[str | None]) -> str:
    """The transport a run uses: `auto` is asyncssh when it serves every device's platform, else netmiko."""
    if transport not in TRANSPORTS:
        raise ValueError(f"unknown transport {transport!r}; choose from {', '.join(TRANSPORTS)}")
    if transport != "auto":
        return transport
    return "asyncssh" if all(get_os(p) in ASYNCSSH_PLATFORMS for p in platforms) else "netmiko"


def get_os(platform: str | None) -> str | None:
    """The platform id of an inventory's platform name (aliases resolved), or None."""
    found = get_platform(platform) if platform else None
    return found.os if found else None


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


def prepare_device(device: InventoryDevice, opts: CollectOptions) -> tuple[RawDevice, Plan | None]:
    """The device's empty record and its command plan; plan None when it cannot be collected (unknown
    platform, no password, a host that does not resolve: the record says why)."""
    auto = device.platform == AUTO
    platform = None if auto else get_platform(device.platform)
    raw = RawDevice(name=device.name, os=platform.os if platform else None, host=device.host,
                    role=device.role, source=f"{getattr(device, 'transport', 'ssh')}://{device.host}:{device.port}")
    if platform is None and not auto:
        raw.status, raw.message = "error", f"unknown platform {device.platform!r}"
        return raw, None
    if not device.password:
        from netinspect.collect.inventory import KEYRING_MISSING, keyring_installed

        raw.status, raw.message = "error", (KEYRING_MISSING if device.keyring and not keyring_installed() else
                                            "no password (set the password_env variable or use --ask-pass)")
        return raw, None
    if device.ssh_config and not Path(device.ssh_config).expanduser().is_file():
        raw.status, raw.message = "error", (f"ssh_config file {device.ssh_config!r} not found; not connected "
                                            f"(its jump host would be bypassed) ({device.where})")
        return raw, None
    problem = port_open_error(device.host, device.port, opts.connect_timeout)
    if problem:
        raw.status, raw.message = "unreachable", f"{problem} ({device.where})"
        return raw, None
    return raw, Plan.start(device, platform, opts)


def settle_device(raw: RawDevice, plan: Plan, attempts: Sequence[Attempt]) -> RawDevice:
    """The record of one or two sessions (a retry after a timeout): outputs in command order, status,
    and what the plan learnt (the OS the device printed, commands not sent)."""
    attempt = attempts[-1]
    first_failure = attempts[0].message if len(attempts) > 1 else None
    if plan.platform is not None and raw.os is None:
        raw.os = plan.platform.os
    probes = [c for c, o in attempt.outputs.items() if c not in plan.commands and o.status == "unsupported"
              and c in dialect().version_commands]  # `auto`: the other family's version command
    for command in [*plan.commands, *(c for c in attempt.outputs if c not in plan.commands and c not in probes)]:
        if command in attempt.outputs:
            raw.add(attempt.outputs[command])
    raw.status, raw.message = attempt.status, attempt.message
    if first_failure and attempt.status == "ok":
        raw.message = f"first session failed ({first_failure}); succeeded on retry"
    elif first_failure:
        raw.message = f"{attempt.message} (after one retry)"
    if raw.status == "ok" and any(o.status == "error" for o in raw.outputs.values()):
        raw.status = "partial"
    if plan.platform is None and not plan.notes:
        plan.notes.append("platform auto: no version output told the OS")
    if plan.notes:
        raw.message = "; ".join([*plan.notes, *([raw.message] if raw.message else [])])
    if plan.platform is None and raw.status in ("ok", "partial"):
        raw.status = "error"
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


# ---- the command set follows what the device says it is (issue 20 item 3) ----

AUTO = "auto"  # inventory `platform: auto`: the OS comes from the device's version output


_HA_PROMPT = re.compile(r"^(?:HRP_[MS]|RBM_[PS])[<\[]")


def probe_setup() -> list[str]:
    """`auto`: the paging-off command of every vendor, sent before the version output is asked for (a
    paged version output would stop at its first page); the other vendors' answer with an error reply."""
    return list(dict.fromkeys(p.setup[0] for p in all_platforms().values() if p.setup))


@dataclass
class Plan:
    """One device's platform and commands, revised once: after its version output. The OS is what the
    device printed (a `huawei_vrp` entry printing VRP 8 gets VRP 8's commands); role commands (firewall,
    wireless controller) go only to devices of that role or whose model is of it. Every device is asked
    every command of its set: a same-model device with other software may answer what another rejected."""

    declared: str  # the inventory's platform (an OS id or `auto`)
    role: str | None
    extra: ExtraCommands | None
    platform: Platform | None = None  # None until an `auto` device said what it is
    commands: list[str] = field(default_factory=list)
    model: str | None = None
    decided: bool = False
    notes: list[str] = field(default_factory=list)
    shown_role: str | None = None  # the role the device's own prompt shows (HRP_M<FW>: a firewall pair)

    @classmethod
    def start(cls, device: InventoryDevice, platform: Platform | None, opts: CollectOptions) -> Plan:
        plan = cls(device.platform, device.role, opts.extra_commands, platform)
        if platform is None:  # auto: ask what it is in the words of each vendor family
            plan.commands = list(dict.fromkeys(dialect().version_commands))
        else:
            plan.commands = plan._commands_of(platform)
        return plan

    def note_prompt(self, prompt: str) -> None:
        """The prompt after login: HRP_M/HRP_S/RBM_P/RBM_S before it is a firewall of an HA pair."""
        if self.role is None and _HA_PROMPT.match(prompt.strip()):
            self.shown_role = "firewall"
            if self.platform is not None and not self.decided:
                self.commands = self._commands_of(self.platform)

    def _commands_of(self, platform: Platform) -> list[str]:
        role = self.role or self.shown_role or (infer_role(self.model) if self.model else None)
        keep = [c.command for c in platform.commands if c.role is None or c.role == role]
        return list(command_set_of(platform, keep, self.extra))

    def next_command(self, attempt: Attempt, tried: set[str]) -> str | None:
        """The next command this session still has to run (each tried at most once per session)."""
        for command in still_to_run(self.commands, attempt):
            if command not in tried:
                return command
        return None

    def error_reply(self, text: str) -> str | None:
        """The error line of a reply: the platform's wording, or any platform's while it is not known."""
        if self.platform is not None:
            return self.platform.is_error_reply(text)
        return next((e for p in all_platforms().values() if (e := p.is_error_reply(text))), None)

    def learn(self, command: str, output: CommandOutput) -> Platform | None:
        """After each output: on the version output decide the OS and model; returns the new platform when
        the session has to switch to it (its setup commands to send), else None."""
        if self.decided or command not in dialect().version_commands or output.status != "ok":
            return None
        self.decided = True
        printed = os_from_version(output.text)
        self.model = _model_of(printed or (self.platform.os if self.platform else None), command, output.text)
        before = self.platform
        if printed is None:
            if before is None:
                self.notes.append(f"platform auto: '{command}' does not name an OS netinspect knows")
            self.commands = [c for c in self.commands if c not in dialect().version_commands or c == command] \
                if before is None else self._commands_of(before)
            return None
        new = get_platform(printed)
        self.platform = new
        if before is None:
            self.notes.append(f"platform auto: the device printed {printed} ('{command}')")
        elif new is not None and new.os != before.os:
            self.notes.append(f"the inventory says {self.declared}, the device printed {printed} ('{command}'): "
                              f"collected with {printed}'s commands")
        done = [c for c in self.commands if c == command]
        self.commands = done + [c for c in self._commands_of(new) if c not in done] if new else self.commands
        return new if new is not None and (before is None or new.os != before.os) else None


def command_set_of(platform: Platform, commands: Sequence[str], extra: ExtraCommands | None) -> tuple[str, ...]:
    """`commands` of `platform` plus the user's extra ones for it, each checked read-only."""
    full = command_set(platform, extra)
    base = {c.command for c in platform.commands}
    return tuple(c for c in full if c in commands or c not in base)


def _model_of(os_id: str | None, command: str, text: str) -> str | None:
    """The model the version output names (through the normal parser), or None."""
    if os_id is None:
        return None
    raw = RawDevice(name="version", os=os_id)
    raw.add(CommandOutput(command, text))
    device, _ = normalize(raw)
    return device.identity.model
