"""Run bundles: RUN_DIR/raw/<device>/<command>.txt plus manifest.json, written and read back.

``netinspect inspect --bundle RUN_DIR`` re-analyses a bundle with today's checks and thresholds.
Secrets in stored configurations are redacted unless the caller asks to keep them.
"""

from __future__ import annotations

import getpass
import json
import re
import socket
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


def write_bundle(run_dir: Path, source: SourceResult, *, manifest_extra: dict[str, Any] | None = None,
                 keep_secrets: bool = False) -> None:
    """Write raw outputs and manifest.json into `run_dir` (created if needed).

    Configuration outputs are redacted with :func:`netinspect.core.redact.redact` unless `keep_secrets`.
    `manifest_extra` (when, inventory entries without secrets, options...) is merged into the manifest.
    """
    raw_dir = run_dir / "raw"
    raw_dir.mkdir(parents=True, exist_ok=True)
    devices = []
    used: set[str] = set()
    for device in source.devices:
        folder = safe_name(device.name)
        while folder.casefold() in used:  # case-insensitive file systems (Windows, macOS)
            folder += "_"
        used.add(folder.casefold())
        (raw_dir / folder).mkdir(exist_ok=True)
        commands = []
        for command, output in device.outputs.items():
            file = f"raw/{folder}/{safe_name(command)}.txt"
            text = output.text if keep_secrets else redact(output.text)  # logs carry typed passwords too
            (run_dir / file).write_text(text, encoding="utf-8", newline="")
            commands.append({"command": redact(command), "file": file, "status": output.status,
                             "seconds": output.seconds, "message": redact(output.message or "") or None,
                             "typed": redact(output.typed or "") or None})
        devices.append({"name": device.name, "os": device.os, "hostname": device.hostname, "host": device.host,
                        "role": device.role, "status": device.status, "message": redact(device.message or "") or None,
                        "source": device.source, "commands": commands})
    manifest = {
        "format": BUNDLE_FORMAT, "tool": {"name": "netinspect", "version": __version__}, "by": _who(),
        "secrets": "kept" if keep_secrets else "redacted",
        # incomplete while the run that writes this folder goes on (its marker file is there); complete after
        "status": "incomplete" if (run_dir / INCOMPLETE).exists() else "complete",
        **(manifest_extra or {}),
        "inputs": [{"name": i.name, "status": i.status, "message": redact(i.message or "") or None}
                   for i in source.inputs],
        "devices": devices,
    }
    (run_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


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
