"""Live collection on one asyncio loop (asyncssh): the transport for large fleets.

Same interface and behaviour as the netmiko transport (:mod:`netinspect.collect.ssh`): the same command
set and paging setup, every write through the read-only :class:`ChannelGuard`, the run's known hosts
with accept-new, a wrong password never retried and a timeout retried once, the same statuses and
messages, and the outputs as netmiko's ``send_command`` returns them (line feeds normalised, the echoed
command and the trailing prompt removed). One session costs a coroutine, not a thread, and asyncssh's
packet handling is much lighter than paramiko's, so one core keeps hundreds of sessions busy.
"""

from __future__ import annotations

import asyncio
import re
import socket
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path

with warnings.catch_warnings():  # cryptography's "DSA is deprecated" while asyncssh loads: not ours to show
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncssh
import paramiko

from netinspect.collect.hostkeys import KnownHosts, changed_key_message, host_id
from netinspect.collect.inventory import InventoryDevice
from netinspect.collect.progress import progress_for
from netinspect.collect.readonly import ChannelGuard, NotReadOnly
from netinspect.collect.transport import (
    LOGIN_FACTOR,
    LOGIN_SLOTS,
    LOGOUT,
    Attempt,
    CollectOptions,
    Plan,
    SessionDropped,
    SessionTimeout,
    input_record,
    prepare_device,
    probe_setup,
    session_stopped,
    settle_device,
)
from netinspect.core.raw import CommandOutput, RawDevice, SourceResult
from netinspect.platforms import Platform

# Ciphers: AES-GCM and AES-CTR first (AES instructions on both ends: cheaper than chacha20-poly1305, which
# asyncssh would pick), then asyncssh's other defaults, then what paramiko (the netmiko transport) also offers
# for old devices: CBC ciphers and SHA-1 key exchanges. Only those this asyncssh build knows are offered.
_PREFER_CIPHERS = ("aes128-gcm@openssh.com", "aes128-ctr", "aes256-gcm@openssh.com", "aes256-ctr")
_LEGACY_CIPHERS = ("aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc")
_LEGACY_KEX = ("diffie-hellman-group-exchange-sha1", "diffie-hellman-group1-sha1")


@cache
def _algorithms() -> dict[str, list[str]]:
    """encryption_algs and kex_algs for asyncssh.connect: preferred first, legacy last (see above)."""
    from asyncssh.encryption import get_default_encryption_algs, get_encryption_algs
    from asyncssh.kex import get_default_kex_algs, get_kex_algs

    def order(prefer: tuple[str, ...], defaults: list[bytes], known: list[bytes], legacy: tuple[str, ...]) -> list[str]:
        names = [a.decode() for a in defaults]
        have = {a.decode() for a in known}
        out = [a for a in prefer if a in have] + names + [a for a in legacy if a in have]
        return list(dict.fromkeys(out))

    return {"encryption_algs": order(_PREFER_CIPHERS, get_default_encryption_algs(), get_encryption_algs(),
                                     _LEGACY_CIPHERS),
            "kex_algs": order((), get_default_kex_algs(), get_kex_algs(), _LEGACY_KEX)}


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_READ = 65536


class _HostKeys(asyncssh.SSHClient):
    """Accept-new against the run's known hosts (the same file and rules as the netmiko transport)."""

    def __init__(self, known: KnownHosts | None, name: str) -> None:
        self.known, self.name = known, name
        self.changed: paramiko.BadHostKeyException | None = None

    def validate_host_public_key(self, host: str, addr: str, port: int, key: asyncssh.SSHKey) -> bool:
        if self.known is None:
            return True
        keytype, b64 = key.export_public_key("openssh").decode().split()[:2]
        offered = paramiko.hostkeys.HostKeyEntry.from_line(f"{self.name} {keytype} {b64}").key
        try:
            self.known.add(self.name, keytype, offered)
        except paramiko.BadHostKeyException as exc:
            self.changed = exc
            return False
        return True


_BLANKS = frozenset(b" \t\r\n\f\v")  # what `\s` matches in bytes: a prompt may be followed by these


def _end_of_text(buffer: bytearray) -> int:
    """Where the text ends once trailing blanks are left out (looks only at the tail)."""
    end = len(buffer)
    while end and buffer[end - 1] in _BLANKS:
        end -= 1
    return end


def _ends_in_a_prompt(buffer: bytearray) -> bool:
    """True when the last text of `buffer` ends like a CLI prompt (``<HOST>``, ``[HOST]``, ``HOST#``)."""
    end = _end_of_text(buffer)
    return bool(end) and buffer[end - 1] in b">#]"


class _Session:
    """One interactive shell: reads until the prompt, writes through the read-only guard.

    Reads append to one buffer and only its tail is looked at for the prompt (no copy of the buffer and no
    search over it per chunk); one deadline per command, not one timer per read.
    """

    def __init__(self, process: asyncssh.SSHClientProcess, guard: ChannelGuard) -> None:
        self.process, self.guard = process, guard
        self.prompt: bytes = b""
        self.base = ""

    def write(self, line: str) -> None:
        self.guard.check(line)
        self.process.stdin.write((line + "\n").encode())

    def at_prompt(self, buffer: bytearray) -> bool:
        """True when `buffer` ends in the session's prompt on a line of its own (then blanks)."""
        end, prompt = _end_of_text(buffer), self.prompt
        start = end - len(prompt)
        return start >= 0 and buffer.endswith(prompt, 0, end) and (start == 0 or buffer[start - 1] in b"\r\n")

    async def read_until(self, done: Callable[[bytearray], bool], seconds: float, what: str) -> bytearray:
        buffer = bytearray()
        read = self.process.stdout.read
        try:
            async with asyncio.timeout(seconds):
                while not done(buffer):
                    try:
                        chunk = await read(_READ)
                    except (asyncssh.ConnectionLost, asyncssh.DisconnectError, ConnectionResetError):
                        chunk = b""  # the device closed the session: as netmiko's transport says it
                    except (asyncssh.Error, OSError) as exc:
                        raise SessionDropped(f"connection lost {what}: {exc}") from exc
                    if not chunk:
                        raise SessionDropped(f"connection closed by the device {what}")
                    buffer += chunk
        except TimeoutError:
            raise SessionTimeout(f"no answer {what}") from None
        return buffer

    async def find_prompt(self, seconds: float) -> str:
        data = await self.read_until(_ends_in_a_prompt, seconds, "while logging in")
        last = _ANSI.sub("", data.decode("utf-8", "replace")).replace("\r", "\n").split("\n")[-1].strip()
        self.base = last
        self.prompt = last.encode()
        return last

    async def run(self, command: str, seconds: float) -> str:
        """The command's output as netmiko's send_command returns it."""
        assert self.prompt
        self.write(command)
        data = await self.read_until(self.at_prompt, seconds, f"to {command!r} within {seconds:g} s")
        text = data.decode("utf-8", "replace")
        if "\x1b" in text:
            text = _ANSI.sub("", text)
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if lines and lines[-1].strip() == self.base:
            lines = lines[:-1]
        return "\n".join(lines[1:])  # the first line is the echoed command


async def _login(device: InventoryDevice, platform: Platform | None, opts: CollectOptions, client: _HostKeys,
                 guard: ChannelGuard, gate: asyncio.Semaphore) -> tuple[asyncssh.SSHClientConnection, _Session]:
    """Connect, log in, find the prompt, send the paging setup (and enable).

    At most LOGIN_SLOTS SSH handshakes run at once and a handshake's time limit starts when it gets its slot:
    hundreds of sessions starting together would otherwise queue for this machine's CPU and time out
    against the clock of a device that answered in time (issue 22: timeouts retried at 600 devices).
    """
    login = LOGIN_FACTOR * opts.connect_timeout
    async with gate:
        conn, _ = await asyncio.wait_for(asyncssh.create_connection(
            lambda: client, device.host, device.port, username=device.username or "",
            password=device.password or "", known_hosts=lambda *_: ([], [], []), client_keys=None,
            agent_path=None, preferred_auth="password,keyboard-interactive",
            connect_timeout=opts.connect_timeout, login_timeout=2 * opts.connect_timeout,
            config=[str(device.ssh_config)] if device.ssh_config else None, **_algorithms()), login + 1)
    try:
        process = await asyncio.wait_for(
            conn.create_process(term_type="vt100", term_size=(511, 24), encoding=None), login)
        session = _Session(process, guard)
        await session.find_prompt(login)
        if platform is not None:
            await _prepare(session, device, platform, guard, opts)
        else:
            for command in probe_setup():
                await session.run(command, opts.command_timeout)
    except BaseException:
        conn.close()
        raise
    return conn, session


async def _prepare(session: _Session, device: InventoryDevice, platform: Platform, guard: ChannelGuard,
                   opts: CollectOptions) -> None:
    """The platform's paging setup and Cisco enable; again when the device turns out to be another OS."""
    for command in platform.setup:
        if " ".join(command.lower().split()) not in guard.sent:
            await session.run(command, opts.command_timeout)
    if platform.vendor == "cisco" and device.secret and session.base.endswith(">"):
        session.write("enable")
        await session.read_until(lambda b: b"assword" in b, opts.command_timeout, "to enable")
        guard.allow_secret_once(device.secret)
        session.write(device.secret)
        await session.find_prompt(opts.command_timeout)


async def _attempt(device: InventoryDevice, plan: Plan, done: dict[str, CommandOutput], opts: CollectOptions,
                   known: KnownHosts | None, gate: asyncio.Semaphore) -> Attempt:
    """One session: connect and run the commands not yet done (the netmiko transport's rules)."""
    attempt = Attempt(outputs=dict(done))
    guard = ChannelGuard()
    where = f"{device.host}:{device.port}"
    client = _HostKeys(known, host_id(device.host, device.port))
    try:
        conn, session = await _login(device, plan.platform, opts, client, guard, gate)
        plan.note_prompt(session.base)
    except asyncssh.PermissionDenied:
        return Attempt(status="auth_failed", message=f"authentication failed for user {device.username!r} "
                                                      "(not retried, to avoid locking the account)")
    except asyncssh.HostKeyNotVerifiable as exc:
        changed = client.changed
        message = changed_key_message(changed, opts.known_hosts) if changed else f"host key not accepted: {exc}"
        return Attempt(status="error", message=message)
    except NotReadOnly as exc:
        return Attempt(status="error", message=f"stopped before sending a non-read-only command: {exc}")
    except (SessionTimeout, asyncio.TimeoutError) as exc:
        return Attempt(status="timeout", retry=True, message=f"{where}: {exc or 'no answer while logging in'}")
    except SessionDropped as exc:
        return Attempt(status="error", message=f"{where}: {exc} while logging in")
    except ConnectionRefusedError as exc:
        return Attempt(status="unreachable", message=f"cannot connect to {where}: {exc.strerror or exc}")
    except (socket.timeout, TimeoutError):
        return Attempt(status="unreachable", retry=True, message=f"no TCP answer from {where}")
    except (asyncssh.Error, OSError, ValueError) as exc:
        return Attempt(status="unreachable" if isinstance(exc, OSError) else "error",
                        message=f"{type(exc).__name__}: {exc}")
    tried: set[str] = set()
    try:
        while (command := plan.next_command(attempt, tried)) is not None:
            tried.add(command)
            output = await _run(session, plan, command, opts)
            attempt.outputs[command] = output
            switched = plan.learn(command, output)
            if switched is not None:
                await _prepare(session, device, switched, guard, opts)
    except (SessionTimeout, SessionDropped, NotReadOnly) as exc:
        session_stopped(attempt, exc)
    finally:
        _close(conn, session, plan.platform)
    return attempt


async def _run(session: _Session, plan: Plan, command: str, opts: CollectOptions) -> CommandOutput:
    started = time.monotonic()
    text = await session.run(command, opts.command_timeout)
    seconds = round(time.monotonic() - started, 3)
    error = plan.error_reply(text)
    if error:
        return CommandOutput(command, text, status="unsupported", message=error, seconds=seconds)
    return CommandOutput(command, text, seconds=seconds)


def _close(conn: asyncssh.SSHClientConnection, session: _Session, platform: Platform | None) -> None:
    try:
        session.process.stdin.write((LOGOUT.get(platform.vendor if platform else "", "exit") + "\n").encode())
    except Exception:  # noqa: BLE001 (closing anyway)
        pass
    conn.close()


async def _collect_device(device: InventoryDevice, opts: CollectOptions, known: KnownHosts | None,
                          logins: asyncio.Semaphore) -> RawDevice:
    raw, plan = prepare_device(device, opts)
    if plan is None:
        return raw
    attempts: list[Attempt] = []
    for _ in (1, 2):
        done = attempts[-1].outputs if attempts else {}
        attempts.append(await _attempt(device, plan, done, opts, known, logins))
        if not attempts[-1].retry:
            break
    return settle_device(raw, plan, attempts)


async def _collect_all(devices: Sequence[InventoryDevice], opts: CollectOptions, workers: int,
                       progress: bool | None, on_device: Callable[[RawDevice], None] | None) -> dict[str, RawDevice]:
    known = opts.known
    gate = asyncio.Semaphore(max(1, workers))
    logins = asyncio.Semaphore(LOGIN_SLOTS)
    results: dict[str, RawDevice] = {}

    async def one(device: InventoryDevice) -> tuple[InventoryDevice, RawDevice, float]:
        async with gate:
            started = time.monotonic()
            try:
                raw = await _collect_device(device, opts, known, logins)
            except Exception as exc:  # noqa: BLE001 (a bug in one device's collection must not stop the run)
                raw = RawDevice(name=device.name, os=device.platform, host=device.host, role=device.role,
                                status="error", message=f"internal error: {type(exc).__name__}: {exc}")
            return device, raw, time.monotonic() - started

    with progress_for(len(devices), progress) as reporter:
        for finished in asyncio.as_completed([one(d) for d in devices]):
            device, raw, seconds = await finished
            results[device.name] = raw
            reporter.update(raw, seconds)
            if on_device is not None:
                on_device(raw)
    return results


def collect_async(devices: Sequence[InventoryDevice], *, workers: int = 16, connect_timeout: float = 10.0,
                  command_timeout: float = 60.0, known_hosts: Path | None = None, host_key_check: bool = True,
                  extra_commands: Mapping[str, tuple[str, ...]] | None = None, progress: bool | None = None,
                  redact_configs: bool = True, on_device: Callable[[RawDevice], None] | None = None) -> SourceResult:
    """:func:`netinspect.collect.ssh.collect` on asyncssh: `workers` sessions at once on one event loop."""
    if host_key_check and known_hosts is None:
        from netinspect.collect.hostkeys import default_known_hosts

        known_hosts = default_known_hosts()
    known = KnownHosts(known_hosts) if host_key_check and known_hosts is not None else None
    opts = CollectOptions(connect_timeout, command_timeout, known_hosts, host_key_check, extra_commands, redact_configs,
                    known)
    results = asyncio.run(_collect_all(devices, opts, workers, progress, on_device))
    ordered = [results[d.name] for d in devices]
    return SourceResult(devices=ordered, inputs=[input_record(r) for r in ordered])

