"""The device simulator: many SSH devices (asyncssh) on 127.0.0.1 ports, from one process.

Each device shows its real prompt, echoes what is typed, accepts the paging/setup commands, resolves
abbreviations against its platform's vocabulary, answers unknown commands with the vendor's own error
reply, and can be told to misbehave (see ``netinspect.lab.fleet.FAULTS``)::

    with serve_fleet(load_fleet().devices, latency_ms=20) as endpoints:   # {name: port}
        ...
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import asyncssh
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from netinspect.core.paths import DATA_DIR
from netinspect.lab.fleet import SimDevice
from netinspect.platforms import get_platform

LOOPBACK = "127.0.0.1"
PRIVILEGED_ONLY = ("show running-config", "show startup-config")


class _QuietClosedSend(logging.Filter):
    """asyncio warns each time a simulated device writes to a client that already hung up."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("socket.send() raised exception")


logging.getLogger("asyncio").addFilter(_QuietClosedSend())


@cache
def _dialects() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((DATA_DIR / "lab.yaml").read_text(encoding="utf-8"))["vendors"]


@cache
def host_key(name: str, changed: bool = False) -> asyncssh.SSHKey:
    """The device's Ed25519 host key, derived from its name: stable across restarts of the lab."""
    seed = hashlib.sha256(f"netinspect-lab:{name}:{'changed' if changed else 'stable'}".encode()).digest()
    pem = Ed25519PrivateKey.from_private_bytes(seed).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())
    return asyncssh.import_private_key(pem)


def public_key_line(name: str, changed: bool = False) -> str:
    """`ssh-ed25519 AAAA...` of the device's host key (for known_hosts files in tests)."""
    return host_key(name, changed).export_public_key().decode().strip()


# ---- the CLI of one device ----

def _split_pipe(line: str) -> tuple[str, str | None, str | None]:
    command, _, pipe = line.partition("|")
    if not pipe.strip():
        return command.strip(), None, None
    verb, _, arg = pipe.strip().partition(" ")
    return command.strip(), verb.lower(), arg.strip()


def _filter(text: str, verb: str | None, arg: str | None) -> str:
    if not verb or verb in ("no-more",) or not arg:
        return text
    lines = text.splitlines()
    try:
        pattern = re.compile(arg)
    except re.error:
        pattern = re.compile(re.escape(arg))
    if verb.startswith("i"):
        lines = [ln for ln in lines if pattern.search(ln)]
    elif verb.startswith("e"):
        lines = [ln for ln in lines if not pattern.search(ln)]
    elif verb.startswith("b"):
        start = next((i for i, ln in enumerate(lines) if pattern.search(ln)), len(lines))
        lines = lines[start:]
    return "\n".join(lines)


def resolve(typed: str, vocabulary: Sequence[str]) -> tuple[str | None, int, str]:
    """Expand an abbreviated command word by word: (full command | None, bad word index, reason)."""
    words = typed.lower().split()
    candidates = [c for c in vocabulary if len(c.split()) == len(words)]
    for index, word in enumerate(words):
        exact = [c for c in candidates if c.lower().split()[index] == word]
        prefixed = exact or [c for c in candidates if c.lower().split()[index].startswith(word)]
        keywords = {c.lower().split()[index] for c in prefixed}
        if not prefixed:
            return None, index, "unknown"
        if len(keywords) > 1:
            return None, index, "ambiguous"
        candidates = prefixed
    return (candidates[0], 0, "") if candidates else (None, 0, "unknown")


@dataclass
class _Cli:
    """Per-session CLI state of one simulated device."""

    device: SimDevice
    view: str = "user"
    commands_done: int = 0
    session: int = 1  # number of this session on the device (hang_after only hangs the first)

    def __post_init__(self) -> None:
        platform = get_platform(self.device.os)
        assert platform is not None, self.device.os
        self.platform = platform
        self.dialect = _dialects()[platform.vendor]
        if platform.vendor == "cisco" and not self.device.enable_secret:
            self.view = "privileged"
        replies = self.dialect["replies"]
        self.vocabulary = tuple(dict.fromkeys([*self.device.outputs, *platform.vocabulary, *platform.setup,
                                               *replies, *self.dialect["enter_system"],
                                               *self.dialect["leave_system"], *self.dialect["logout"],
                                               "enable"]))

    @property
    def prompt(self) -> str:
        prompts = self.dialect["prompts"]
        return prompts[self.view].format(prefix=self.device.prompt_prefix, host=self.device.host)

    def error(self, typed: str, index: int, kind: str) -> str:
        words = typed.split()
        column = len(self.prompt) + len(" ".join(words[:index])) + (1 if index else 0)
        message = self.dialect["errors"][kind].format(typed=typed)
        return " " * column + "^\n" + message

    def answer(self, line: str) -> tuple[str | None, str]:
        """(output text or None to close the session, action) for one typed line."""
        typed, verb, arg = _split_pipe(line)
        if not typed:
            return "", "empty"
        full, index, kind = resolve(typed, self.vocabulary)
        if full is None:
            return self.error(typed, index, kind), "error"
        if full in self.dialect["logout"] and self.view in ("user", "privileged"):
            return None, "logout"
        if full == "enable" and self.platform.vendor == "cisco":
            return "", "enable" if self.view == "user" else "empty"
        if full in self.dialect["enter_system"]:
            self.view = "system"
            return self.dialect["replies"].get(full, ""), "setup"
        if full in self.dialect["leave_system"]:
            if self.view == "system":
                self.view = "privileged" if self.platform.vendor == "cisco" else "user"
            return "", "setup"
        if full in self.dialect["replies"] or full in self.platform.setup:
            return self.dialect["replies"].get(full, ""), "setup"
        if self.view == "user" and self.platform.vendor == "cisco" and full.startswith(PRIVILEGED_ONLY):
            return self.error(typed, 1, "unknown"), "error"  # IOS user EXEC has no show running-config
        if full in self.device.outputs:
            self.commands_done += 1
            return _filter(self.device.outputs[full], verb, arg), "output"
        return self.error(typed, len(typed.split()) - 1, "unknown"), "error"


# ---- asyncssh glue ----

class _Server(asyncssh.SSHServer):
    def __init__(self, device: SimDevice, lab: _Lab) -> None:
        self.device, self.lab = device, lab

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.lab.connections.add(conn)
        self.conn = conn

    def connection_lost(self, exc: Exception | None) -> None:
        self.lab.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        self.device.record.logins += 1
        if "wrong_password" in self.device.faults:
            return False
        return username == self.device.username and password == self.device.password


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


async def _write_output(process: asyncssh.SSHServerProcess, cli: _Cli, text: str, action: str) -> bool:
    """Write a command's reply; False when a fault ended the session."""
    faults = cli.device.faults
    if action == "output" and "drop_after" in faults and cli.commands_done > int(faults["drop_after"]):
        process.stdout.write(_crlf(text[: len(text) // 2]))
        await asyncio.sleep(0.05)
        process.channel.get_connection().abort()
        return False
    if (action == "output" and "hang_after" in faults and cli.session == 1
            and cli.commands_done > int(faults["hang_after"])):
        await asyncio.Event().wait()  # never answers; ends when the client gives up
    body = _crlf(text)
    process.stdout.write(("\r\n" + body if body else "") + "\r\n" + cli.prompt)
    return True


async def _secret_prompt(process: asyncssh.SSHServerProcess, cli: _Cli) -> None:
    process.stdout.write("\r\nPassword: ")
    line = await _read_line(process, echo=False)
    cli.device.record.received.append(line or "")
    if line is not None and line == cli.device.enable_secret:
        cli.view = "privileged"
        process.stdout.write("\r\n" + cli.prompt)
    else:
        process.stdout.write("\r\n% Access denied\r\n\r\n" + cli.prompt)


async def _read_line(process: asyncssh.SSHServerProcess, echo: bool = True) -> str | None:
    """One line typed by the client, echoed as it arrives; None at end of input."""
    buffer = getattr(process, "_lab_buffer", "")
    while True:
        for i, ch in enumerate(buffer):
            if ch in "\r\n":
                line, rest = buffer[:i], buffer[i + 1:]
                if ch == "\r" and rest.startswith("\n"):
                    rest = rest[1:]
                process._lab_buffer = rest  # type: ignore[attr-defined]
                return line
        try:
            data = await process.stdin.read(4096)
        except (asyncssh.BreakReceived, asyncssh.TerminalSizeChanged):
            continue
        if not data:
            return None
        if echo:
            process.stdout.write(data.replace("\r", "").replace("\n", ""))
        buffer += data
        process._lab_buffer = buffer  # type: ignore[attr-defined]


async def _session(process: asyncssh.SSHServerProcess, device: SimDevice) -> None:
    cli = _Cli(device)
    device.record.sessions += 1
    cli.session = device.record.sessions
    try:
        if "no_answer" in device.faults:
            await asyncio.Event().wait()
        banner = cli.dialect.get("banner") or ""
        process.stdout.write(("\r\n" + _crlf(banner) + "\r\n" if banner else "") + "\r\n" + cli.prompt)
        while True:
            line = await _read_line(process)
            if line is None:
                break
            device.record.received.append(line)
            text, action = cli.answer(line)
            if text is None:
                process.stdout.write("\r\n")
                break
            if action != "empty" and device.latency_ms:
                await asyncio.sleep(device.latency_ms / 1000)
            if action == "enable":
                await _secret_prompt(process, cli)
                continue
            if not await _write_output(process, cli, text, action):
                return
    except (asyncssh.Error, OSError, ConnectionError):
        return
    process.exit(0)


@dataclass
class _Lab:
    loop: asyncio.AbstractEventLoop
    connections: set[Any]
    servers: list[Any]


async def _start(lab: _Lab, devices: Sequence[SimDevice], host: str) -> dict[str, int]:
    endpoints: dict[str, int] = {}
    for device in devices:
        key = host_key(device.name, changed="changed_host_key" in device.faults)

        def factory(process: asyncssh.SSHServerProcess, device: SimDevice = device) -> Any:
            return _session(process, device)

        server = await asyncssh.create_server(
            lambda device=device: _Server(device, lab), host, device.port, server_host_keys=[key],
            process_factory=factory, line_editor=False, encoding="utf-8", keepalive_interval=0,
            login_timeout=30, reuse_address=True)
        lab.servers.append(server)
        endpoints[device.name] = server.sockets[0].getsockname()[1]
    return endpoints


async def _stop(lab: _Lab) -> None:
    for server in lab.servers:
        server.close()
    for conn in list(lab.connections):
        conn.abort()
    for server in lab.servers:
        await server.wait_closed()
    pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


@contextmanager
def serve_fleet(devices: Sequence[SimDevice], *, latency_ms: float | None = None,
                host: str = LOOPBACK) -> Iterator[dict[str, int]]:
    """Serve every device on its own port of `host` (loopback) from a background thread.

    Yields {device name: port}; ports of 0 are chosen by the system. `latency_ms` overrides every
    device's own latency. The servers and their sessions stop when the block ends.
    """
    if latency_ms is not None:
        devices = [_with_latency(d, latency_ms) for d in devices]
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="netinspect-lab", daemon=True)
    thread.start()
    lab = _Lab(loop, set(), [])
    try:
        endpoints = asyncio.run_coroutine_threadsafe(_start(lab, devices, host), loop).result(timeout=120)
        yield endpoints
    finally:
        try:
            asyncio.run_coroutine_threadsafe(_stop(lab), loop).result(timeout=15)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=15)
            loop.close()


def _with_latency(device: SimDevice, latency_ms: float) -> SimDevice:
    from dataclasses import replace

    return replace(device, latency_ms=latency_ms)


async def serve_forever(devices: Sequence[SimDevice], host: str = LOOPBACK,
                        ready: Any = None) -> None:
    """Serve in the current event loop until cancelled (`netinspect lab serve`)."""
    lab = _Lab(asyncio.get_running_loop(), set(), [])
    endpoints = await _start(lab, devices, host)
    if ready is not None:
        ready(endpoints)
    try:
        await asyncio.Event().wait()
    finally:
        await _stop(lab)
