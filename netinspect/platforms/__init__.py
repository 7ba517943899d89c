"""Per-OS knowledge, read from ``data/platforms.yaml``: command sets, drivers, error replies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import yaml

from netinspect.core.paths import DATA_DIR

OS_IDS = ("huawei_vrp", "huawei_vrp8", "h3c_comware", "cisco_ios", "cisco_iosxe", "cisco_asa")


@dataclass(frozen=True)
class CommandSpec:
    command: str
    facts: tuple[str, ...] = ()
    optional: bool = False
    role: str | None = None  # firewall | wlan_controller: sent live only to devices of that role


@dataclass(frozen=True)
class Platform:
    os: str
    title: str
    vendor: str
    textfsm_platforms: tuple[str, ...]
    netmiko: str
    aliases: tuple[str, ...]
    setup: tuple[str, ...]
    errors: tuple[re.Pattern[str], ...]
    commands: tuple[CommandSpec, ...]
    session_commands: tuple[str, ...] = field(default=())

    def is_error_reply(self, text: str) -> str | None:
        """The device's error line if `text` is an error reply to a command, else None."""
        for line in text.splitlines()[:6]:
            stripped = line.strip()
            if any(p.search(stripped) for p in self.errors):
                return stripped
        return None

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """Every full command known for this OS, for resolving abbreviations."""
        return tuple(dict.fromkeys([c.command for c in self.commands] + list(self.session_commands)
                                   + list(snapshot_commands().get(self.os, ()))
                                   + list(snapshot_forms().get(self.os, ()))))


@cache
def _load() -> dict[str, Platform]:
    data = yaml.safe_load((DATA_DIR / "platforms.yaml").read_text(encoding="utf-8"))
    session = data.get("session_commands", {})
    platforms = {}
    for os_id, spec in data["platforms"].items():
        platforms[os_id] = Platform(
            os=os_id,
            title=spec["title"],
            vendor=spec["vendor"],
            textfsm_platforms=tuple(spec["textfsm_platforms"]),
            netmiko=spec["netmiko"],
            aliases=tuple(spec.get("aliases", [])),
            setup=tuple(spec.get("setup", [])),
            errors=tuple(re.compile(p) for p in spec.get("errors", [])),
            commands=tuple(CommandSpec(c["command"], tuple(c.get("facts", [])), bool(c.get("optional")),
                                       c.get("role")) for c in spec["commands"]),
            session_commands=tuple(session.get(spec["vendor"], [])),
        )
    return platforms


@cache
def snapshot_commands() -> dict[str, tuple[str, ...]]:
    """The state-snapshot command set per OS (data/snapshot.yaml), for `collect --snapshot` and `diff`."""
    data = yaml.safe_load((DATA_DIR / "snapshot.yaml").read_text(encoding="utf-8"))
    return {os_id: tuple(cmds) for os_id, cmds in data["commands"].items()}


@cache
def snapshot_forms() -> dict[str, tuple[str, ...]]:
    """Other typed forms of the snapshot facts per OS (data/snapshot.yaml `forms`): parsed, never collected."""
    data = yaml.safe_load((DATA_DIR / "snapshot.yaml").read_text(encoding="utf-8"))
    return {os_id: tuple(cmds) for os_id, cmds in (data.get("forms") or {}).items()}


def all_platforms() -> dict[str, Platform]:
    return dict(_load())


def get_platform(name: str) -> Platform | None:
    """Platform by OS id or alias (netmiko device_type names are accepted), else None."""
    platforms = _load()
    key = name.strip().lower()
    if key in platforms:
        return platforms[key]
    for platform in platforms.values():
        if key in platform.aliases or key == platform.netmiko:
            return platform
    return None
