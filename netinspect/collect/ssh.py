"""Live collection over SSH with netmiko: a bounded worker pool, read-only commands only.

Every line written to a device channel passes :class:`netinspect.collect.readonly.ChannelGuard` first.
A wrong password is never retried (AAA servers lock accounts); a timeout is retried once.

netmiko tuning (measured against ``netinspect.lab``; kept safe for real devices):
- ``fast_cli=True, global_delay_factor=1``: netmiko 4 reads until a pattern, so speed comes from pattern
  reads, not from shrinking the few fixed login delays real devices need (e.g. Huawei's 0.3 s);
- the prompt is found once after login and every command reads until that exact prompt at the end of the
  output (``expect_string``): netmiko's default re-finds the prompt before each command, one extra round
  trip per command (measured 80 -> 36 ms per command at 5 ms latency), and the bare base prompt
  (`HOST`) would also match the hostname inside ``display current-configuration``;
- ``read_timeout=command_timeout`` per command, ``conn_timeout=connect_timeout`` for TCP,
  ``banner_timeout`` and ``auth_timeout`` = 2 x connect_timeout (slow AAA servers answer late), and the
  whole login bounded by 3 x connect_timeout (:class:`_Watch`);
- the logout is a single ``quit``/``exit`` then closing the transport: netmiko's own ``disconnect()``
  first probes for config mode with a 2 s delay-based read (measured), which we never need.
"""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import paramiko
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException, ReadException, ReadTimeout

from netinspect.collect.hostkeys import AcceptNewPolicy, KnownHosts, changed_key_message
from netinspect.collect.inventory import InventoryDevice
from netinspect.collect.progress import progress_for
from netinspect.collect.readonly import ChannelGuard, NotReadOnly
from netinspect.collect.transport import (
    LOGIN_FACTOR,
    LOGOUT,
    Attempt,
    CollectOptions,
    Plan,
    SessionDropped,
    SessionTimeout,
    input_record,
    prepare_device,
    probe_setup,
    resolve_transport,
    session_stopped,
    settle_device,
)
from netinspect.core.raw import CommandOutput, InputRecord, RawDevice, SourceResult
from netinspect.platforms import Platform

DEFAULT_WORKERS = 16
logging.getLogger("paramiko").addHandler(logging.NullHandler())  # no "socket.send() raised" noise on stderr
CONFIG_FACTS = {"running_config", "config"}
GENERIC_DRIVER = "generic"  # `platform: auto`: a plain shell until the version output tells the OS


def _guarded(conn: Any, guard: ChannelGuard) -> None:
    """Route every write of this connection through the read-only guard."""
    write = conn.write_channel

    def write_channel(out_data: str) -> None:
        guard.check(out_data)
        write(out_data)

    conn.write_channel = write_channel


@dataclass
class _Watch:
    """Deadline of the current phase; checked whenever a read of the channel returns nothing.

    netmiko's reads neither notice a closed channel nor stop before their own (long, fixed) timeouts
    during login, so a silent or vanished device would hold a worker for minutes without this.
    """

    deadline: float = 0.0
    what: str = ""

    def start(self, seconds: float, what: str) -> None:
        self.deadline, self.what = time.monotonic() + seconds, what

    def check(self, conn: Any) -> None:
        channel = conn.remote_conn
        if channel is not None and (getattr(channel, "closed", False) or getattr(channel, "eof_received", False)
                                    or getattr(channel, "eof", False)):  # eof: a Telnet connection's end
            raise SessionDropped(f"connection closed by the device {self.what}")
        if self.deadline and time.monotonic() > self.deadline:
            raise SessionTimeout(f"no answer {self.what}")


def _watched(conn: Any, watch: _Watch) -> None:
    read = conn.read_channel

    def read_channel() -> str:
        data = read()
        if not data:
            watch.check(conn)
        return data

    conn.read_channel = read_channel


def device_type(device: InventoryDevice, platform: Platform | None) -> str:
    """The netmiko driver: the platform's (the generic one while the platform is detected), or its Telnet
    twin (huawei_telnet, hp_comware_telnet, cisco_ios_telnet, cisco_xe_telnet) for `transport: telnet`."""
    base = platform.netmiko if platform else GENERIC_DRIVER
    if device.transport != "telnet":
        return base
    from netmiko.ssh_dispatcher import CLASS_MAPPER

    name = f"{base}_telnet"
    if name not in CLASS_MAPPER:
        raise ValueError(f"no Telnet driver for platform {platform.os if platform else 'auto'} ({name})")
    return name


def _connect(device: InventoryDevice, platform: Platform | None, guard: ChannelGuard, opts: CollectOptions,
             watch: _Watch) -> Any:
    params: dict[str, Any] = {
        "device_type": device_type(device, platform), "host": device.host, "port": device.port,
        "username": device.username or "", "password": device.password or "", "secret": device.secret or "",
        "fast_cli": True, "conn_timeout": opts.connect_timeout, "banner_timeout": 2 * opts.connect_timeout,
        "auth_timeout": 2 * opts.connect_timeout, "read_timeout_override": None,
        "auto_connect": False, "allow_agent": False, "use_keys": False, "system_host_keys": False,
        "alt_host_keys": False, "ssh_config_file": device.ssh_config,
    }
    conn = ConnectHandler(**params)
    if device.transport == "telnet":  # no host key (Telnet authenticates nothing; the report marks it),
        guard.allow_login_once(device.username or "", device.password or "")  # and the login goes in band
    elif opts.host_key_check and opts.known is not None:
        conn.key_policy = AcceptNewPolicy(opts.known)
        _shared_host_keys(conn, opts.known)
    else:
        conn.key_policy = paramiko.AutoAddPolicy()
    _guarded(conn, guard)
    _watched(conn, watch)
    login = LOGIN_FACTOR * opts.connect_timeout
    watch.start(login, f"while logging in (within {login:g} s)")
    conn._open()  # connect, login, session preparation (netmiko sends the paging/width setup)
    if platform is not None:
        _prepare(conn, device, platform, guard, opts)
    else:
        for command in probe_setup():
            conn.send_command_timing(command, read_timeout=opts.command_timeout)
        conn.netinspect_raw_prompt = _whole_prompt(conn, opts)
        conn.netinspect_prompt = rf"(?:^|[\r\n]){re.escape(conn.netinspect_raw_prompt)}\s*$"
    return conn


def _prepare(conn: Any, device: InventoryDevice, platform: Platform, guard: ChannelGuard,
             opts: CollectOptions) -> None:
    """The platform's session setup (paging) the driver did not already send, enable on Cisco, the prompt.
    Also run when the device turns out to be another OS than the inventory said (or `auto`)."""
    for command in platform.setup:  # whatever setup the driver did not already send
        if " ".join(command.lower().split()) not in guard.sent:
            conn.send_command_timing(command, read_timeout=opts.command_timeout)
    if platform.vendor == "cisco" and device.secret and conn.find_prompt().endswith(">"):
        guard.allow_secret_once(device.secret)
        if conn.device_type == GENERIC_DRIVER:  # `auto`: the plain driver knows no Cisco enable
            conn.enable(cmd="enable", check_state=False)
            conn.set_base_prompt(pri_prompt_terminator="#", alt_prompt_terminator=">")
        else:
            conn.enable()
    conn.netinspect_raw_prompt = _whole_prompt(conn, opts)
    conn.netinspect_prompt = rf"(?:^|[\r\n]){re.escape(conn.netinspect_raw_prompt)}\s*$"


_PROMPT_LINE = r"[\r\n][^\r\n]*[>\]#]\s*$"  # a whole line ending like a prompt, at the end of the output


def _whole_prompt(conn: Any, opts: CollectOptions) -> str:
    """The prompt: the last line after an Enter, read until that line is whole (it ends in >, ] or #).

    netmiko's find_prompt() takes whatever one read returns a quarter of a second after the Enter: under
    load that can be part of the prompt, which no output then ends with, so every command of the session
    waited its full timeout and the session was retried (issue 22: H3C devices at 600 devices / 200 workers).
    """
    conn.clear_buffer()
    conn.write_channel(conn.RETURN)
    text = conn.read_until_pattern(pattern=_PROMPT_LINE, read_timeout=opts.command_timeout)
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    return lines[-1]


def _shared_host_keys(conn: Any, known: KnownHosts) -> None:
    """Give the connection's SSH client the run's known hosts (read once), not a fresh load of the file."""
    build = conn._build_ssh_client

    def build_ssh_client() -> paramiko.SSHClient:
        client = build()
        client._host_keys = known
        return client

    conn._build_ssh_client = build_ssh_client


def _close(conn: Any, platform: Platform | None) -> None:
    try:
        if _alive(conn):
            conn.write_channel(LOGOUT.get(platform.vendor if platform else "", "exit") + conn.RETURN)
    except Exception:  # noqa: BLE001 (closing anyway)
        pass
    try:
        if getattr(conn, "protocol", "ssh") == "telnet":
            conn.remote_conn.close()
        else:
            conn.paramiko_cleanup()
    except Exception:  # noqa: BLE001
        pass


def _alive(conn: Any) -> bool:
    if getattr(conn, "protocol", "ssh") == "telnet":
        return conn.remote_conn is not None and getattr(conn.remote_conn, "sock", None) is not None
    transport = conn.remote_conn.get_transport() if conn.remote_conn is not None else None
    return bool(transport and transport.is_active() and not conn.remote_conn.closed)


def _run_command(conn: Any, plan: Plan, command: str, opts: CollectOptions,
                 watch: _Watch) -> CommandOutput:
    started = time.monotonic()
    watch.start(opts.command_timeout + 1, f"during {command!r}")
    try:
        text = conn.send_command(command, expect_string=conn.netinspect_prompt, read_timeout=opts.command_timeout,
                                 strip_prompt=True, strip_command=True)
    except SessionTimeout as exc:
        raise SessionTimeout(f"no answer to {command!r} within {opts.command_timeout:g} s") from exc
    except ReadTimeout as exc:
        if not _alive(conn):
            raise SessionDropped(f"connection closed by the device during {command!r}") from exc
        raise SessionTimeout(f"no answer to {command!r} within {opts.command_timeout:g} s") from exc
    except (OSError, EOFError, ReadException) as exc:
        raise SessionDropped(f"connection lost during {command!r}: {exc}") from exc
    seconds = round(time.monotonic() - started, 3)
    error = plan.error_reply(text)
    if error:
        return CommandOutput(command, text, status="unsupported", message=error, seconds=seconds)
    # Secrets stay in memory for the checks (a community named "public" must be seen to be judged);
    # they are redacted where output is stored: the run bundle (write_bundle) and evidence lines.
    return CommandOutput(command, text, seconds=seconds)


def _connect_failure(exc: Exception, device: InventoryDevice, known_hosts: Path | None) -> Attempt:
    """TCP refused/unreachable -> unreachable (a TCP timeout is retried); later silence -> timeout."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, paramiko.BadHostKeyException):
        return Attempt(status="error", message=changed_key_message(cause, known_hosts))
    where = f"{device.host}:{device.port}"
    if isinstance(cause, (socket.timeout, TimeoutError)):
        return Attempt(status="unreachable", retry=True, message=f"no TCP answer from {where}")
    if isinstance(cause, OSError):
        return Attempt(status="unreachable", message=f"cannot connect to {where}: {cause.strerror or cause}")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Attempt(status="timeout", retry=True, message=f"{where} stopped answering during login: {first}")


def _method_refused(exc: BaseException) -> str | None:
    """When the server refused password authentication itself (e.g. keyboard-interactive only), why: no
    password was checked, so this is not "authentication failed"."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, paramiko.BadAuthenticationType):
            offered = ", ".join(getattr(cause, "allowed_types", []) or []) or "none"
            return (f"the server does not accept password authentication (it offers: {offered}); "
                    "no password was tried")
        cause = cause.__cause__ or cause.__context__
    return None


def _attempt(device: InventoryDevice, plan: Plan, done: dict[str, CommandOutput], opts: CollectOptions) -> Attempt:
    """One session: connect and run the commands not yet done (the plan may change after the version)."""
    attempt = Attempt(outputs=dict(done))
    guard, watch = ChannelGuard(), _Watch()
    try:
        conn = _connect(device, plan.platform, guard, opts, watch)
        plan.note_prompt(getattr(conn, "netinspect_raw_prompt", ""))
    except SessionTimeout as exc:
        return Attempt(status="timeout", retry=True, message=f"{device.host}:{device.port}: {exc}")
    except SessionDropped as exc:
        return Attempt(status="error", message=f"{device.host}:{device.port}: {exc} while logging in")
    except NetmikoAuthenticationException as exc:
        refused = _method_refused(exc)
        if refused is not None:
            return Attempt(status="error", message=refused)
        return Attempt(status="auth_failed", message=f"authentication failed for user {device.username!r} "
                                                     "(not retried, to avoid locking the account)")
    except paramiko.BadHostKeyException as exc:
        return Attempt(status="error", message=changed_key_message(exc, opts.known_hosts))
    except NotReadOnly as exc:
        return Attempt(status="error", message=f"stopped before sending a non-read-only command: {exc}")
    except (NetmikoTimeoutException, ReadTimeout, socket.timeout, TimeoutError) as exc:
        return _connect_failure(exc, device, opts.known_hosts)
    except (paramiko.SSHException, OSError, EOFError, ValueError) as exc:
        return Attempt(status="unreachable" if isinstance(exc, OSError) else "error",
                        message=f"{type(exc).__name__}: {exc}")
    tried: set[str] = set()
    try:
        while (command := plan.next_command(attempt, tried)) is not None:
            tried.add(command)
            output = _run_command(conn, plan, command, opts, watch)
            attempt.outputs[command] = output
            switched = plan.learn(command, output)
            if switched is not None:
                _prepare(conn, device, switched, guard, opts)
    except (SessionTimeout, SessionDropped, NotReadOnly) as exc:
        session_stopped(attempt, exc)
    except (ReadTimeout, OSError, EOFError, ReadException) as exc:  # while switching the session setup
        session_stopped(attempt, SessionDropped(f"connection lost while preparing the session: {exc}"))
    finally:
        _close(conn, plan.platform)
    return attempt


def collect_device(device: InventoryDevice, opts: CollectOptions) -> RawDevice:
    """Collect one device; never raises."""
    raw, plan = prepare_device(device, opts)
    if plan is None:
        return raw
    attempts: list[Attempt] = []
    for _ in (1, 2):
        attempts.append(_attempt(device, plan, attempts[-1].outputs if attempts else {}, opts))
        if not attempts[-1].retry:
            break
    return settle_device(raw, plan, attempts)


def collect(devices: Sequence[InventoryDevice], *, workers: int = DEFAULT_WORKERS, connect_timeout: float = 10.0,
            command_timeout: float = 60.0, known_hosts: Path | None = None, host_key_check: bool = True,
            extra_commands: Mapping[str, tuple[str, ...]] | None = None, progress: bool | None = None,
            redact_configs: bool = True,
            on_device: Callable[[RawDevice], None] | None = None, transport: str = "auto") -> SourceResult:
    """Collect every device with a pool of `workers`; one device's failure never stops the others.

    Devices come back in inventory order, each with a collection status (ok | partial | unreachable |
    auth_failed | timeout | error) and message; `inputs` has one record per device. `transport` is
    netmiko (threads), asyncssh (one event loop: less CPU per session) or auto (the default: asyncssh when
    it serves every device's platform, see :func:`netinspect.collect.transport.resolve_transport`).
    """
    transport = resolve_transport(transport, (d.platform for d in devices))
    if transport == "asyncssh" and any(d.transport == "telnet" for d in devices):
        return _split_telnet(devices, workers=workers, connect_timeout=connect_timeout,
                             command_timeout=command_timeout, known_hosts=known_hosts, host_key_check=host_key_check,
                             extra_commands=extra_commands, progress=progress, redact_configs=redact_configs,
                             on_device=on_device)
    if transport == "asyncssh":
        from netinspect.collect.ssh_async import collect_async

        return collect_async(devices, workers=workers, connect_timeout=connect_timeout,
                             command_timeout=command_timeout, known_hosts=known_hosts, host_key_check=host_key_check,
                             extra_commands=extra_commands, progress=progress, redact_configs=redact_configs,
                             on_device=on_device)
    if host_key_check and known_hosts is None:
        from netinspect.collect.hostkeys import default_known_hosts

        known_hosts = default_known_hosts()
    known = KnownHosts(known_hosts) if host_key_check and known_hosts is not None else None
    opts = CollectOptions(connect_timeout, command_timeout, known_hosts, host_key_check, extra_commands, redact_configs,
                    known)
    results: dict[str, RawDevice] = {}
    with progress_for(len(devices), progress) as reporter, \
            ThreadPoolExecutor(max_workers=max(1, min(workers, len(devices) or 1)),
                               thread_name_prefix="collect") as pool:
        futures = {pool.submit(_timed, d, opts): d for d in devices}
        for future in as_completed(futures):
            device = futures[future]
            try:
                raw, seconds = future.result()
            except Exception as exc:  # noqa: BLE001 (a bug in one device's collection must not stop the run)
                raw, seconds = RawDevice(name=device.name, os=device.platform, host=device.host, role=device.role,
                                         status="error", message=f"internal error: {type(exc).__name__}: {exc}"), 0.0
            results[device.name] = raw
            reporter.update(raw, seconds)
            if on_device is not None:
                on_device(raw)
    ordered = [results[d.name] for d in devices]
    return SourceResult(devices=ordered, inputs=[input_record(r) for r in ordered])


def _split_telnet(devices: Sequence[InventoryDevice], **options: Any) -> SourceResult:
    """asyncssh speaks SSH only: Telnet devices go through netmiko, the others through asyncssh; the
    results come back in inventory order."""
    telnet = [d for d in devices if d.transport == "telnet"]
    ssh = [d for d in devices if d.transport != "telnet"]
    parts = [collect(telnet, transport="netmiko", **options)]
    if ssh:
        parts.append(collect(ssh, transport="asyncssh", **options))
    by_name = {r.name: r for part in parts for r in part.devices}
    ordered = [by_name[d.name] for d in devices if d.name in by_name]
    return SourceResult(devices=ordered, inputs=[input_record(r) for r in ordered])


def _timed(device: InventoryDevice, opts: CollectOptions) -> tuple[RawDevice, float]:
    started = time.monotonic()
    raw = collect_device(device, opts)
    return raw, time.monotonic() - started


def collect_inventory(inventory: Path, *, limit: str | None = None, workers: int | None = None,
                      ask_pass: bool = False, connect_timeout: float = 10.0, command_timeout: float = 60.0,
                      known_hosts: Path | None = None, host_key_check: bool = True,
                      command_files: Sequence[Path] = (), progress: bool | None = None,
                      redact_configs: bool = True, run_dir: Path | None = None,
                      console: Any = None, shard: str | None = None, transport: str = "auto",
                      on_device: Callable[[RawDevice], None] | None = None,
                      on_start: Callable[[int], None] | None = None) -> SourceResult:
    """`inspect -i` / `collect -i`: load the inventory, select `--limit`, resolve credentials, collect.

    `on_start` is told how many devices are about to be collected; `on_device` (see `collect`) gets each.
    Inventory problems are printed one line each and the rest runs; raises core.errors.UsageError when no
    device is left. With `shard` ("K/N") only this shard's devices are collected (see netinspect.collect.shards);
    a shard may be empty. With `run_dir`, the run bundle (raw outputs + manifest) is written there.
    """

    from netinspect.collect.inventory import load_inventory, resolve_credentials, select
    from netinspect.collect.readonly import CommandSetError, load_command_files
    from netinspect.core import terminal
    from netinspect.core.errors import UsageError
    from netinspect.core.messages import line as term_line
    from netinspect.core.messages import terminal_language

    lang = terminal_language()
    console = console or terminal.stderr()
    load = load_inventory(inventory)
    for line in load.errors:
        console.print(term_line(lang, "inventory", line, "red"), highlight=False)
    for line in load.warnings:
        console.print(term_line(lang, "inventory", line), highlight=False)
    chosen = select(load.devices, limit)
    if not chosen:
        raise UsageError(f"{inventory}: no device to collect" + (f" matches --limit {limit!r}" if limit else ""))
    sharding: dict[str, Any] = {}
    if shard:
        from netinspect.collect.shards import ShardError, parse_shard

        try:
            part = parse_shard(shard)
        except ShardError as exc:
            raise UsageError(str(exc)) from exc
        sharding = {"shard": str(part), "shard_of_devices": len(chosen)}
        chosen = part.pick(chosen)
        console.print(f"shard {part}: {len(chosen)} of {sharding['shard_of_devices']} device(s)", highlight=False)
    try:
        extra = load_command_files(command_files)
    except CommandSetError as exc:
        raise UsageError(str(exc)) from exc
    for line in resolve_credentials(chosen, ask_pass=ask_pass):
        colour = "red" if "netinspect[keyring]" in line else "yellow"  # a keyring: reference that cannot work
        console.print(term_line(lang, "credentials", line, colour), highlight=False)
    started = _now()
    if on_start is not None:
        on_start(len(chosen))
    transport = resolve_transport(transport, (d.platform for d in chosen))  # the manifest says which
    writer = None
    if run_dir is not None:  # each device's outputs are written as it finishes: no tail after the last one
        from netinspect.collect.bundle import BundleWriter

        writer = BundleWriter(run_dir, keep_secrets=not redact_configs, names=[d.name for d in chosen],
                              process=transport == "netmiko")  # threads: the writer's own process
    source = collect(chosen, workers=workers or DEFAULT_WORKERS, connect_timeout=connect_timeout,
                     command_timeout=command_timeout, known_hosts=known_hosts, host_key_check=host_key_check,
                     extra_commands=extra, progress=progress, redact_configs=redact_configs, transport=transport,
                     on_device=_both(writer.add if writer is not None else None, on_device))
    for line in load.errors:
        source.inputs.append(InputRecord(line.split(": ", 1)[0], "rejected", line.split(": ", 1)[-1]))
    if writer is not None:
        writer.finish(source, manifest_for(started, chosen, inventory_file=inventory, limit=limit,
                                           extra_commands=extra, transport=transport, **sharding))
    return source


def _both(first: Callable[[RawDevice], None] | None,
          second: Callable[[RawDevice], None] | None) -> Callable[[RawDevice], None] | None:
    """One on_device callback calling `first` then `second` (either may be None)."""
    if first is None or second is None:
        return first or second

    def call(raw: RawDevice) -> None:
        first(raw)
        second(raw)

    return call


def _now() -> str:
    from netinspect.core.runtime import now_iso

    return now_iso()


def manifest_for(started: str, devices: Sequence[InventoryDevice], **extra: Any) -> dict[str, Any]:
    """The manifest fields of a live run: when, inventory entries without secrets, options."""
    return {"started": started, "finished": _now(), "source": "ssh",
            "inventory": [d.public() for d in devices],
            **{k: (str(v) if isinstance(v, Path) else v) for k, v in extra.items()}}
