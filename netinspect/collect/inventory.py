"""The inventory file (shared/contracts/inventory.md) plus groups, sites and tags; credentials.

Loading never raises for bad content: every problem is one line naming file and line, and the good
entries are still returned. Precedence of settings: defaults < site < groups (in order) < device.
"""

from __future__ import annotations

import csv
import fnmatch
import getpass
import os
import socket
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netinspect.core import safeyaml
from netinspect.core.paths import DATA_DIR
from netinspect.platforms import get_platform

ROLES = ("switch", "router", "firewall", "wlan_controller", "other")
SETTINGS = ("username", "password_env", "password", "secret_env", "keyring", "port", "platform", "role",
            "ssh_config", "tags", "transport")
TRANSPORTS = ("ssh", "telnet")  # telnet: for devices that allow nothing else (clear text; harden.telnet fails it)
DEFAULT_PORTS = {"ssh": 22, "telnet": 23}
DEVICE_KEYS = (*SETTINGS, "name", "host", "groups", "site", "description")


@dataclass
class InventoryDevice:
    name: str
    host: str
    platform: str  # OS id (data/platforms.yaml), aliases resolved
    role: str | None = None
    port: int = 22
    username: str | None = None
    password_env: str | None = None
    secret_env: str | None = None
    keyring: str | None = None  # keyring service name, when the password is in the system keyring
    groups: list[str] = field(default_factory=list)
    site: str | None = None
    tags: list[str] = field(default_factory=list)
    ssh_config: str | None = None  # ssh config file: ProxyJump / ProxyCommand for jump hosts
    description: str | None = None
    transport: str = "ssh"  # ssh | telnet
    file: str | None = None
    line: int | None = None
    password: str | None = field(default=None, repr=False)  # resolved secret, never serialized
    secret: str | None = field(default=None, repr=False)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file and self.line else self.file or self.name

    def public(self) -> dict[str, Any]:
        """The entry without secrets (run manifests, reports)."""
        return {k: v for k, v in {
            "name": self.name, "host": self.host, "port": self.port, "platform": self.platform,
            "role": self.role, "username": self.username, "password_env": self.password_env,
            "secret_env": self.secret_env, "keyring": self.keyring, "groups": self.groups, "site": self.site,
            "tags": self.tags, "ssh_config": self.ssh_config, "description": self.description,
            "transport": self.transport if self.transport != "ssh" else None,
        }.items() if v not in (None, [], "")}


@dataclass
class InventoryLoad:
    devices: list[InventoryDevice] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _LineLoader(yaml.SafeLoader):
    """Safe loader that records the line of every mapping under the key `__line__`."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and not isinstance(v, (dict, list))]
    return [str(value)]  # `tags: 5`: one tag, not a TypeError


def _section(data: dict[str, Any], key: str, where: str, errors: list[str]) -> dict[str, dict[str, Any]]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        errors.append(f"{where}: `{key}` must be a mapping")
        return {}
    return {str(k): (v if isinstance(v, dict) else {}) for k, v in value.items() if k != "__line__"}


def load_inventory(path: Path) -> InventoryLoad:
    """Devices of an inventory file and one line per problem (file:line); never raises for content."""
    load = InventoryLoad()
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8-sig"), _LineLoader)
    except OSError as exc:
        load.errors.append(f"{path}: cannot read: {exc.strerror or exc}")
        return load
    except UnicodeDecodeError:
        load.errors.append(f"{path}: not UTF-8 text")
        return load
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        load.errors.append(f"{where}: YAML error: {getattr(exc, 'problem', None) or exc}")
        return load
    if not isinstance(data, dict) or not isinstance(data.get("devices"), list):
        load.errors.append(f"{path}:1: expected a mapping with a `devices:` list")
        return load
    defaults = data.get("defaults") or {}
    groups = _section(data, "groups", f"{path}", load.errors)
    sites = _section(data, "sites", f"{path}", load.errors)
    seen: dict[str, str] = {}
    for entry in data["devices"]:
        device = _device(path, entry, defaults if isinstance(defaults, dict) else {}, groups, sites, load)
        if device is None:
            continue
        if device.name in seen:
            load.errors.append(f"{device.where}: duplicate device name {device.name!r} "
                               f"(first at {seen[device.name]}); this entry is ignored")
            continue
        seen[device.name] = device.where
        load.devices.append(device)
    return load


def _device(path: Path, entry: Any, defaults: dict[str, Any], groups: dict[str, dict[str, Any]],
            sites: dict[str, dict[str, Any]], load: InventoryLoad) -> InventoryDevice | None:
    if not isinstance(entry, dict):
        load.errors.append(f"{path}: a device entry is not a mapping: {entry!r}")
        return None
    line = entry.get("__line__")
    where = f"{path}:{line}"
    merged: dict[str, Any] = {k: v for k, v in defaults.items() if k != "__line__"}
    site = entry.get("site")
    if site is not None and str(site) not in sites and sites:
        load.warnings.append(f"{where}: site {site!r} is not under `sites:`")
    merged.update({k: v for k, v in sites.get(str(site), {}).items() if k in SETTINGS})
    for group in _as_list(entry.get("groups")):
        if groups and group not in groups:
            load.warnings.append(f"{where}: group {group!r} is not under `groups:`")
        tags = _as_list(merged.get("tags")) + _as_list(groups.get(group, {}).get("tags"))
        merged.update({k: v for k, v in groups.get(group, {}).items() if k in SETTINGS})
        merged["tags"] = tags
    tags = _as_list(merged.get("tags")) + _as_list(entry.get("tags"))
    merged.update({k: v for k, v in entry.items() if k != "__line__"})
    merged["tags"] = list(dict.fromkeys(tags))
    unknown = sorted(set(entry) - set(DEVICE_KEYS) - {"__line__"})
    if unknown:
        load.warnings.append(f"{where}: unknown key(s) {', '.join(map(str, unknown))} ignored")
    missing = [k for k in ("name", "host", "platform") if not merged.get(k)]
    label = f" ({merged['name']})" if merged.get("name") else ""
    if missing:
        load.errors.append(f"{where}: device{label} is missing {', '.join(missing)}; skipped")
        return None
    auto = str(merged["platform"]).strip().lower() == "auto"  # the OS from the device's version output
    platform = None if auto else get_platform(str(merged["platform"]))
    if platform is None and not auto:
        load.errors.append(f"{where}: device {merged['name']}: unknown platform {merged['platform']!r} "
                           "(huawei_vrp, huawei_vrp8, h3c_comware, cisco_ios, cisco_iosxe, a vendor "
                           "(huawei, h3c, cisco) or auto); skipped")
        return None
    role = merged.get("role")
    if role is not None and role not in ROLES:
        load.warnings.append(f"{where}: device {merged['name']}: unknown role {role!r} ({', '.join(ROLES)})")
        role = None
    transport = str(merged.get("transport") or "ssh").lower()
    if transport not in TRANSPORTS:
        load.errors.append(f"{where}: device {merged['name']}: transport {merged.get('transport')!r} is not "
                           f"one of {', '.join(TRANSPORTS)}; skipped")
        return None
    try:
        port = int(merged.get("port", DEFAULT_PORTS[transport]))
        if isinstance(merged.get("port"), bool) or not 1 <= port <= 65535:
            raise ValueError(port)
    except (TypeError, ValueError):
        load.errors.append(f"{where}: device {merged['name']}: port {merged.get('port')!r} is not a TCP port "
                           "(1-65535); skipped")
        return None
    ssh_config = _str(merged.get("ssh_config"))
    # a missing ssh_config file fails the device when it is collected (sources/ssh.py), not here: the
    # inventory may be checked on another machine than the one that collects
    if merged.get("password"):
        load.warnings.append(f"{where}: device {merged['name']}: plain `password:` in the inventory; "
                             "prefer password_env, --ask-pass or the keyring")
    keyring = merged.get("keyring")
    return InventoryDevice(
        name=str(merged["name"]), host=str(merged["host"]), platform=platform.os if platform else "auto", role=role,
        port=port,
        username=_str(merged.get("username")), password_env=_str(merged.get("password_env")),
        secret_env=_str(merged.get("secret_env")),
        keyring=("netinspect" if keyring is True else _str(keyring) if keyring else None),
        groups=_as_list(entry.get("groups")), site=_str(site), tags=merged["tags"],
        ssh_config=ssh_config, description=_str(merged.get("description")), transport=transport,
        file=str(path), line=line, password=_str(merged.get("password")))


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


# ---- --limit ----

def _matches(device: InventoryDevice, term: str) -> bool:
    return (fnmatch.fnmatchcase(device.name, term) or term in device.groups or term == device.role
            or term in device.tags or term == device.site or term == device.platform)


def select(devices: Sequence[InventoryDevice], limit: str | None) -> list[InventoryDevice]:
    """Devices matching `--limit`: comma-separated name globs, groups, roles, tags, sites or platforms;
    a term starting with `!` excludes. No limit: all devices."""
    if not limit or not limit.strip():
        return list(devices)
    terms = [t.strip() for t in limit.split(",") if t.strip()]
    include = [t for t in terms if not t.startswith("!")]
    exclude = [t[1:] for t in terms if t.startswith("!")]
    return [d for d in devices
            if (not include or any(_matches(d, t) for t in include)) and not any(_matches(d, t) for t in exclude)]


# ---- credentials ----

KEYRING_MISSING = "keyring: reference needs the keyring package, which is not installed (pip install 'netinspect[keyring]')"


def keyring_installed() -> bool:
    """True when the optional keyring package (netinspect[keyring]) can be imported."""
    try:
        import keyring  # noqa: F401 - optional extra: pip install netinspect[keyring]
    except ImportError:
        return False
    return True


def _keyring_password(service: str, username: str | None) -> str | None:
    try:
        import keyring  # optional extra: pip install netinspect[keyring]
    except ImportError:
        return None
    try:
        return keyring.get_password(service, username or "")
    except Exception:  # noqa: BLE001 (any keyring backend failure means: not found there)
        return None


def resolve_credentials(devices: Iterable[InventoryDevice], *, ask_pass: bool = False,
                        prompt: Callable[[str], str] = getpass.getpass,
                        env: Mapping[str, str] | None = None) -> list[str]:
    """Fill in each device's password (and enable secret): environment variable, keyring, plain
    `password:`, then one `--ask-pass` prompt shared by all devices still without one.
    Returns one line per device left without a password."""
    env = os.environ if env is None else env
    waiting: list[InventoryDevice] = []
    for device in devices:
        if device.secret_env:
            device.secret = env.get(device.secret_env) or device.secret
        if device.password_env and env.get(device.password_env):
            device.password = env[device.password_env]
        elif device.keyring:
            device.password = _keyring_password(device.keyring, device.username) or device.password
        if not device.password:
            waiting.append(device)
    if waiting and ask_pass:
        typed = prompt(f"SSH password for {len(waiting)} device(s) without one: ")
        for device in waiting:
            device.password = typed
        waiting = []
    return [f"{d.where}: device {d.name}: {KEYRING_MISSING}" if d.keyring and not keyring_installed() else
            f"{d.where}: device {d.name}: no password "
            f"({'$' + d.password_env + ' is not set' if d.password_env else 'no password_env'}); "
            "set it, use --ask-pass or the keyring" for d in waiting]


# ---- checks ----

def resolves(host: str) -> bool:
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError, OSError):
        return False
    return True


def check_inventory(load: InventoryLoad, *, resolve: bool = True,
                    env: Mapping[str, str] | None = None) -> list[str]:
    """`netinspect inventory check`: load problems, unresolvable hosts, missing credentials."""
    env = os.environ if env is None else env
    problems = [*load.errors, *load.warnings]
    for device in load.devices:
        if resolve and not resolves(device.host):
            problems.append(f"{device.where}: device {device.name}: host {device.host!r} does not resolve")
        has_secret = device.password or (device.password_env and env.get(device.password_env))
        if not device.username:
            problems.append(f"{device.where}: device {device.name}: no username")
        if not has_secret and device.keyring and not keyring_installed():
            problems.append(f"{device.where}: device {device.name}: {KEYRING_MISSING}")
        elif not has_secret and not device.keyring:
            problems.append(f"{device.where}: device {device.name}: no password source "
                            f"({'$' + device.password_env + ' not set' if device.password_env else 'no password_env'})")
    return problems


# ---- import from a spreadsheet ----

@cache
def _columns() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "inventory-columns.yaml").read_text(encoding="utf-8"))


def _norm(header: Any) -> str:
    return str(header or "").strip().lower().replace(" ", "").replace("_", "").replace("-", "")


def _rows(path: Path) -> list[list[Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("latin-1")
    csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))  # a long notes cell is not an error
    return [list(r) for r in csv.reader(text.splitlines())]


def _platform_word(value: str) -> str | None:
    platform = get_platform(value)
    if platform is not None:
        return platform.os
    word = value.strip().lower()
    best: tuple[int, str] | None = None  # the longest word found wins: "cisco ios-xe" is IOS-XE, not IOS
    for os_id, words in _columns()["platform_words"].items():
        if word in words:
            return os_id
        for w in words:
            if len(w) > 3 and w in word and (best is None or len(w) > best[0]):
                best = (len(w), os_id)
    return best[1] if best else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _role_word(value: str) -> str | None:
    """'交换机', 'Core switch', 'FW' ... -> a role of ROLES (data/inventory-columns.yaml role_words)."""
    word = _norm(value)
    for role, words in _columns()["role_words"].items():
        normalized = [_norm(w) for w in words]
        if word in normalized or any(len(w) > 2 and w in word for w in normalized):
            return role
    return None


def _device_type(entry: dict[str, Any], where: str, problems: list[str]) -> None:
    """The device-type column gives the role; a vendor word there gives the platform when none is set."""
    value = str(entry.pop("role"))
    role = _role_word(value)
    if role is not None:
        entry["role"] = role
    elif _platform_word(value) is not None:
        entry.setdefault("platform", value)
    else:
        problems.append(f"{where}: unknown device type {value!r}; role left out "
                        f"(use one of {', '.join(ROLES)})")


def import_table(path: Path) -> tuple[dict[str, Any], list[str]]:
    """An inventory mapping from a spreadsheet (xlsx or csv) and one line per problem; blank rows (and rows
    with nothing but ignored columns) are skipped and counted."""
    rows = list(enumerate(_rows(path), start=1))
    while rows and all(_blank(c) for c in rows[0][1]):
        rows.pop(0)  # blank lines above the header
    if not rows:
        return {"devices": []}, [f"{path}: no rows"]
    spec = _columns()
    lookup = {_norm(alias): key for key, aliases in spec["columns"].items() for alias in aliases}
    secret = {_norm(c) for c in spec["secret_columns"]}
    header = [_norm(h) for h in rows[0][1]]
    keys = [lookup.get(h) for h in header]
    problems = []
    if any(h in secret for h in header):
        problems.append(f"{path}: password column ignored: credentials do not go into the inventory "
                        "(use password_env, --ask-pass or the keyring)")
    devices, blank = [], 0
    for number, row in rows[1:]:
        entry: dict[str, Any] = {}
        for key, value in zip(keys, row, strict=False):
            if key and not _blank(value):
                entry[key] = str(value).strip() if not isinstance(value, int) else value
        if not entry:
            blank += 1
            continue
        if "role" in entry:
            _device_type(entry, f"{path}:{number}", problems)
        if "platform" in entry:
            os_id = _platform_word(str(entry["platform"]))
            if os_id is None:
                problems.append(f"{path}:{number}: unknown platform {entry['platform']!r}; kept as is")
            else:
                entry["platform"] = os_id
        for key in ("groups", "tags"):
            if key in entry:
                entry[key] = _as_list(entry[key])
        if "port" in entry:
            try:
                entry["port"] = int(entry["port"])
            except ValueError:
                problems.append(f"{path}:{number}: port {entry['port']!r} is not a number")
        missing = [k for k in ("name", "host", "platform") if k not in entry]
        if missing:
            problems.append(f"{path}:{number}: missing {', '.join(missing)}")
        devices.append(entry)
    if blank:
        problems.append(f"{path}: {blank} blank row(s) skipped")
    return {"defaults": {"username": "inspector", "password_env": "NETINSPECT_PASSWORD", "port": 22},
            "devices": devices}, problems


def dump_inventory(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)
