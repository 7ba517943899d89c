"""Plain configuration files, one per device, as Oxidized or RANCID keep them (``--configs DIR``).

The platform comes from the content (or ``platform=``); the configuration becomes the output of that
platform's running-config command, so netinspect.normalize fills ``device.running_config``.
"""

from __future__ import annotations

import re
from pathlib import Path

from netinspect.core.raw import CommandOutput, InputRecord, RawDevice, SourceResult
from netinspect.parse.detect import detect_os
from netinspect.platforms import get_platform

RUNNING_CONFIG = {"huawei_vrp": "display current-configuration", "huawei_vrp8": "display current-configuration",
                  "h3c_comware": "display current-configuration", "cisco_ios": "show running-config",
                  "cisco_iosxe": "show running-config"}
_SKIP = re.compile(r"^\.|~$|\.(?:bak|swp|orig|gz|zip)$")
_HOSTNAME = re.compile(r"^\s*(?:sysname|hostname)\s+(\S+)", re.M)
MAX_BYTES = 20 * 1024 * 1024


def _files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _SKIP.search(p.name)
                  and ".git" not in p.relative_to(folder).parts)


class TooLarge(Exception):
    """A configuration over MAX_BYTES: not cut (what follows the cut would pass unseen) but refused."""


def _read(path: Path) -> str | None:
    if path.stat().st_size > MAX_BYTES:
        raise TooLarge(f"{path.stat().st_size} bytes, over the limit of {MAX_BYTES}; not analysed (a cut "
                       "configuration would pass what was cut)")
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def read_config(path: Path, platform: str | None = None) -> tuple[RawDevice | None, InputRecord]:
    """One configuration file as a RawDevice, with the fate of the file."""
    try:
        text = _read(path)
    except OSError as exc:
        return None, InputRecord(str(path), "rejected", f"cannot read: {exc.strerror or exc}")
    except TooLarge as exc:
        return None, InputRecord(str(path), "rejected", str(exc))
    if text is None:
        return None, InputRecord(str(path), "rejected", "binary file, not a configuration")
    given = get_platform(platform) if platform else None
    if platform and given is None:
        return None, InputRecord(str(path), "rejected", f"unknown platform {platform!r}")
    os_id = given.os if given else detect_os(text)
    if os_id is None:
        return None, InputRecord(str(path), "rejected", "not a Huawei, H3C or Cisco configuration")
    match = _HOSTNAME.search(text)
    device = RawDevice(name=match.group(1) if match else path.stem, os=os_id,
                       hostname=match.group(1) if match else None, source=str(path))
    device.add(CommandOutput(command=RUNNING_CONFIG[os_id], text=text, line=1))
    return device, InputRecord(str(path), "ok", f"{os_id} configuration")


def read_configs(folder: str | Path, platform: str | None = None) -> SourceResult:
    """Every configuration file in `folder` (recursively; a single file also works)."""
    result = SourceResult()
    root = Path(folder)
    if not root.exists():
        result.inputs.append(InputRecord(str(root), "rejected", "no such file or folder"))
        return result
    names: dict[str, int] = {}
    for path in _files(root):
        device, record = read_config(path, platform)
        result.inputs.append(record)
        if device is None:
            continue
        names[device.name] = names.get(device.name, 0) + 1
        if names[device.name] > 1:  # two files with the same hostname: keep both, apart
            device.name = f"{device.name}-{path.stem}"
        result.devices.append(device)
    return result
