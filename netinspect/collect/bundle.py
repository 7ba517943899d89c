"""Run bundles: RUN_DIR/raw/<device>/<command>.txt plus manifest.json, written and read back.

``netinspect inspect --bundle RUN_DIR`` re-analyses a bundle with today's checks and thresholds.
Secrets in stored configurations are redacted unless the caller asks to keep them.
"""

from __future__ import annotations

import getpass
import json
import queue
import re
import socket
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from netinspect import __version__
from netinspect.core import safeyaml
from netinspect.core.filenames import bounded
from netinspect.core.raw import CommandOutput, InputRecord, RawDevice, SourceResult
from netinspect.core.redact import redact
from netinspect.platforms import get_platform

MANIFEST = "manifest.json"
INCOMPLETE = ".netinspect-incomplete"  # the marker of netinspect.workflow.prepare_outdir
BUNDLE_FORMAT = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]|^\.")


def safe_name(text: str) -> str:
    """A file-system-safe name: spaces to '_', other unsafe characters %-escaped (stable); a reserved
    Windows name gets a '_' prefix, and a long one is cut and made unique by a hash (255-byte limit)."""
    name = _UNSAFE.sub(lambda m: "_" if m.group() == " " else "".join(f"%{b:02X}" for b in m.group().encode()),
                       text) or "_"
    return bounded(name, text)


def _config_commands(os_id: str | None) -> set[str]:
    platform = get_platform(os_id) if os_id else None
    if platform is None:
        return set()
    return {c.command for c in platform.commands if {"running_config", "config"} & set(c.facts)}


def _who() -> str:
    try:
        return f"{getpass.getuser()}@{socket.gethostname()}"
    except Exception:  # noqa: BLE001 (no user name in some containers)
        return socket.gethostname()


class BundleWriter:
    """A run bundle written as the run goes: each device's outputs, redacted, as soon as the device is
    :meth:`add`-ed (in a thread of its own, so collection never waits for the disk or the redaction),
    the manifest by :meth:`finish`. The bundle is the same as :func:`write_bundle` writes.
    """

    def __init__(self, run_dir: Path, *, keep_secrets: bool = False, names: Sequence[str] = (),
                 process: bool = False) -> None:
        self.run_dir, self.keep_secrets = run_dir, keep_secrets
        # process=True: redact and write in a process of its own (the netmiko transport): in a thread it shares
        # the interpreter lock with hundreds of session threads and fell behind them (8.1 s tail at 600/200,
        # 1.1 s in a process); beside the one asyncssh loop a thread keeps up (0.3-0.4 s tail at 600/200)
        self._pool = _writer_process() if process else None
        self._pending: dict[str, tuple[RawDevice, Any]] = {}
        (run_dir / "raw").mkdir(parents=True, exist_ok=True)
        self._folders: dict[str, str] = {}
        self._used: set[str] = set()
        for name in names:  # folders fixed in inventory order, whatever order devices finish in
            self._folder(name)
        self._written: dict[str, tuple[RawDevice, dict[str, Any]]] = {}
        self._error: BaseException | None = None
        self._queue: queue.SimpleQueue[RawDevice | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="bundle", daemon=True)
        self._thread.start()

    def add(self, device: RawDevice) -> None:
        """Queue one finished device: its files are written by the writer's process or thread."""
        if self._pool is not None:
            future = self._pool.submit(_device_files, self.run_dir, self._folder(device.name), device,
                                       self.keep_secrets)
            self._pending[device.name] = (device, future)
        else:
            self._queue.put(device)

    def finish(self, source: SourceResult, manifest_extra: dict[str, Any] | None = None) -> None:
        """Wait for the queued devices, write those never added, then manifest.json (inventory order)."""
        self._queue.put(None)
        self._thread.join()
        if self._pool is not None:
            try:
                for name, (device, future) in self._pending.items():
                    self._written[name] = (device, future.result())
            finally:
                self._pool.shutdown()
        if self._error is not None:
            raise self._error
        devices = []
        for device in source.devices:
            done = self._written.get(device.name)
            devices.append(done[1] if done is not None and done[0] is device else self._write_device(device))
        manifest = {
            "format": BUNDLE_FORMAT, "tool": {"name": "netinspect", "version": __version__}, "by": _who(),
            "secrets": "kept" if self.keep_secrets else "redacted",
            # incomplete while the run that writes this folder goes on (its marker file is there); complete after
            "status": "incomplete" if (self.run_dir / INCOMPLETE).exists() else "complete",
            **(manifest_extra or {}),
            "inputs": [{"name": i.name, "status": i.status, "message": redact(i.message or "") or None}
                       for i in source.inputs],
            "devices": devices,
        }
        (self.run_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")

    def _work(self) -> None:
        while (device := self._queue.get()) is not None:
            if self._error is not None:
                continue
            try:
                self._written[device.name] = (device, self._write_device(device))
            except BaseException as exc:  # noqa: BLE001 (raised by finish(), in the caller's thread)
                self._error = exc

    def _folder(self, name: str) -> str:
        if name not in self._folders:
            folder = safe_name(name)
            while folder.casefold() in self._used:  # case-insensitive file systems (Windows, macOS)
                folder += "_"
            self._used.add(folder.casefold())
            self._folders[name] = folder
        return self._folders[name]

    def _write_device(self, device: RawDevice) -> dict[str, Any]:
        return _device_files(self.run_dir, self._folder(device.name), device, self.keep_secrets)


def _writer_process() -> Any:
    """A one-process pool for BundleWriter (forkserver on Linux, spawn elsewhere), or None if none starts."""
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("forkserver" if sys.platform == "linux" else "spawn")
        pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        pool.submit(int)  # starts it now, while the sessions log in
        return pool
    except (OSError, ValueError, ImportError):  # no process can be started here: the thread writes
        return None


def _device_files(run_dir: Path, folder: str, device: RawDevice, keep_secrets: bool) -> dict[str, Any]:
    """Write one device's outputs (redacted unless `keep_secrets`) under raw/`folder`; its manifest entry."""
    (run_dir / "raw" / folder).mkdir(exist_ok=True)
    commands = []
    for command, output in device.outputs.items():
        file = f"raw/{folder}/{safe_name(command)}.txt"
        text = output.text if keep_secrets else redact(output.text)  # logs carry typed passwords too
        with open(run_dir / file, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        commands.append({"command": redact(command), "file": file, "status": output.status,
                         "seconds": output.seconds, "message": redact(output.message or "") or None,
                         "typed": redact(output.typed or "") or None})
    return {"name": device.name, "os": device.os, "hostname": device.hostname, "host": device.host,
            "role": device.role, "status": device.status, "message": redact(device.message or "") or None,
            "source": device.source, "commands": commands}


def write_bundle(run_dir: Path, source: SourceResult, *, manifest_extra: dict[str, Any] | None = None,
                 keep_secrets: bool = False) -> None:
    """Write raw outputs and manifest.json into `run_dir` (created if needed).

    Configuration outputs are redacted with :func:`netinspect.core.redact.redact` unless `keep_secrets`.
    `manifest_extra` (when, inventory entries without secrets, options...) is merged into the manifest.
    """
    writer = BundleWriter(run_dir, keep_secrets=keep_secrets, names=[d.name for d in source.devices])
    writer.finish(source, manifest_extra)


def mark_complete(run_dir: Path) -> None:
    """The manifest of `run_dir` says its run finished (status: complete)."""
    manifest = read_manifest(run_dir)
    if isinstance(manifest, dict) and manifest.get("status") != "complete":
        manifest["status"] = "complete"
        (run_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def read_manifest(run_dir: Path) -> dict[str, Any]:
    return safeyaml.load_json((run_dir / MANIFEST).read_text(encoding="utf-8"))  # depth-limited


class UnsafePath(ValueError):
    """A manifest names a file outside the bundle (absolute, '..', a symbolic link)."""


def inside(run_dir: Path, name: object) -> Path:
    """The bundle file `name` (a relative path in the manifest) under `run_dir`; UnsafePath when it is
    absolute, climbs with '..', passes through a symbolic link or resolves outside the bundle."""
    if not isinstance(name, str) or not name or "\0" in name:
        raise UnsafePath(f"{name!r}: not a file name")
    relative = Path(name.replace("\\", "/"))
    if relative.is_absolute() or name.startswith(("/", "\\")) or relative.drive or ".." in relative.parts:
        raise UnsafePath(f"{name}: outside the bundle (absolute path or '..')")
    path, root = run_dir, run_dir.resolve()
    for part in relative.parts:
        path = path / part
        if path.is_symlink():
            raise UnsafePath(f"{name}: a symbolic link (refused)")
    if not path.resolve().is_relative_to(root):
        raise UnsafePath(f"{name}: outside the bundle")
    return path


def read_bundle(run_dir: Path) -> SourceResult:
    """The SourceResult a bundle was written from. A missing or unreadable manifest gives no devices and
    one rejected input; a missing raw file makes that command `missing` and the device `partial`; a file
    named outside the bundle (absolute, '..', a link) is never read: the command is `missing` with the
    reason; a malformed device entry is a rejected input and the others are read."""
    try:
        manifest = read_manifest(run_dir)
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError, RecursionError) as exc:
        reason = "no manifest.json" if isinstance(exc, FileNotFoundError) else f"unreadable manifest.json: {exc}"
        return SourceResult(inputs=[InputRecord(str(run_dir), "rejected", f"not a run bundle: {reason}")])
    started = manifest.get("started")
    result = SourceResult(collected=started if isinstance(started, str) else None)
    bad: list[InputRecord] = []
    entries = manifest.get("devices", [])
    for number, entry in enumerate(entries if isinstance(entries, list) else [], 1):
        try:
            result.devices.append(_device(run_dir, entry))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            bad.append(InputRecord(f"{run_dir}: device {number}", "rejected",
                                   f"malformed device entry in manifest.json: {type(exc).__name__}: {exc}"))
    recorded = {i["name"]: i for i in manifest.get("inputs", []) if isinstance(i, dict) and "name" in i}
    for device in result.devices:
        old = recorded.get(device.name, {})
        status = "ok" if device.status == "ok" else "partial" if device.status == "partial" else "rejected"
        result.inputs.append(InputRecord(device.name, old.get("status", status) if status == "ok" else status,
                                         device.message or old.get("message")))
    result.inputs += bad
    return result


def _device(run_dir: Path, entry: dict[str, Any]) -> RawDevice:
    device = RawDevice(name=str(entry["name"]), os=entry.get("os"), hostname=entry.get("hostname"),
                       host=entry.get("host"), role=entry.get("role"), status=entry.get("status", "ok"),
                       message=entry.get("message"), source=entry.get("source"))
    for item in entry.get("commands", []):
        output = CommandOutput(str(item["command"]), status=item.get("status", "ok"), typed=item.get("typed"),
                               message=item.get("message"), seconds=item.get("seconds"))
        try:
            output.text = inside(run_dir, item["file"]).read_bytes().decode("utf-8")  # exact: no newline translation
        except (OSError, UnicodeDecodeError, UnsafePath) as exc:
            reason = str(exc) if isinstance(exc, UnsafePath) else f"{item['file']}: {exc}"
            output.status, output.message = "missing", reason
            if device.status == "ok":
                device.status, device.message = "partial", f"raw file not read from the bundle: {reason}"
        device.outputs[output.command] = output
    return device
