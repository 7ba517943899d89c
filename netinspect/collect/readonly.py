"""Read-only, always: the command allowlist and the command sets sent to devices.

The allowlist is data (``data/readonly.yaml``). It is enforced twice: when a command set is loaded
(a user's extra commands file asking for anything else is refused with file:line) and right before
every write to an SSH channel (:class:`ChannelGuard`, used by ``netinspect.collect.ssh``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netinspect.core.paths import DATA_DIR
from netinspect.platforms import Platform, all_platforms, get_platform


class NotReadOnly(Exception):
    """A command outside the read-only allowlist was about to be sent or loaded."""


class CommandSetError(Exception):
    """A user's command-set file cannot be used; the message names file and line."""


@dataclass(frozen=True)
class _Allowlist:
    verbs: frozenset[str]
    exact: frozenset[str]
    forbidden: tuple[re.Pattern[str], ...]
    writes: tuple[re.Pattern[str], ...] = ()


def _canon(command: str) -> str:
    return " ".join(command.split()).lower()


@cache
def _allowlist() -> _Allowlist:
    data = yaml.safe_load((DATA_DIR / "readonly.yaml").read_text(encoding="utf-8"))
    return _Allowlist(
        verbs=frozenset(v.lower() for v in data["verbs"]),
        exact=frozenset(_canon(c) for c in [*data["setup"], *data["session"]]),
        forbidden=tuple(re.compile(p, re.IGNORECASE) for p in data["forbidden"]),
        writes=tuple(re.compile(p) for p in data.get("writes", [])),
    )


def refusal(command: str) -> str | None:
    """Why `command` may not be sent to a device, or None when it is read-only."""
    allow = _allowlist()
    if any(p.search(command) for p in allow.forbidden):
        return f"refused {command!r}: redirection, several commands or control characters on one line"
    canon = _canon(command)
    if not canon:
        return None  # a bare Enter
    if canon in allow.exact:
        return None
    if any(p.search(canon) for p in allow.writes):
        return f"refused {command!r}: this form writes to the device (a file or its storage)"
    verb = canon.split()[0]
    if verb in allow.verbs:
        return None
    return (f"refused {command!r}: not read-only (allowed: commands starting with "
            f"{', '.join(sorted(allow.verbs))}, and the session setup commands); type full commands, not abbreviations")


def is_read_only(command: str) -> bool:
    return refusal(command) is None


def assert_read_only(command: str) -> None:
    """Raise :class:`NotReadOnly` unless `command` is on the allowlist."""
    reason = refusal(command)
    if reason is not None:
        raise NotReadOnly(reason)


@dataclass
class ChannelGuard:
    """Checks every line written to a device channel; the lowest layer before the socket.

    ``allow_secret_once`` lets the enable secret through exactly once, right after ``enable``;
    ``allow_login_once`` lets a Telnet login (user name, then password: over SSH they never reach the
    channel) through once each, in that order, before anything else is sent.
    """

    sent: list[str] = field(default_factory=list)
    _secret: str | None = None
    _login: list[str] = field(default_factory=list)

    def allow_secret_once(self, secret: str) -> None:
        self._secret = secret

    def allow_login_once(self, *lines: str) -> None:
        self._login = [line for line in lines if line]

    def check(self, data: str) -> None:
        for line in re.split(r"[\r\n]", data):
            if self._secret is not None and line == self._secret:
                self._secret = None
                continue
            if self._login and line == self._login[0] and not self.sent:
                self._login.pop(0)
                continue
            assert_read_only(line)
            if line.strip():
                self.sent.append(_canon(line))


# ---- command sets ----

ExtraCommands = Mapping[str, tuple[str, ...]]  # os id -> extra commands


def base_commands(platform: Platform) -> tuple[str, ...]:
    """The platform's inspection commands (data/platforms.yaml), checked against the allowlist."""
    for command in platform.commands:
        assert_read_only(command.command)
    return tuple(c.command for c in platform.commands)


def command_set(platform: Platform, extra: ExtraCommands | None = None) -> tuple[str, ...]:
    """Base commands then the user's extra ones for this OS, without duplicates."""
    added = (extra or {}).get(platform.os, ())
    for command in added:
        assert_read_only(command)
    return tuple(dict.fromkeys([*base_commands(platform), *added]))


def _targets(key: str) -> list[str] | None:
    """OS ids a key of a command file names: `all`, a vendor (huawei/h3c/cisco), or a platform/alias."""
    platforms = all_platforms()
    if key == "all":
        return list(platforms)
    by_vendor = [p.os for p in platforms.values() if p.vendor == key]
    if by_vendor:
        return by_vendor
    platform = get_platform(key)
    return [platform.os] if platform else None


def _line_of(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def load_command_file(path: Path) -> dict[str, tuple[str, ...]]:
    """A user's extra commands, `{platform|vendor|all: [command, ...]}` (optionally under `commands:`).

    Raises :class:`CommandSetError` naming file and line for a YAML error, an unknown platform, or any
    command that is not read-only: nothing of a refused file is used.
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandSetError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CommandSetError(f"{where}: YAML error: {getattr(exc, 'problem', exc)}") from exc
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "commands" and isinstance(value, yaml.MappingNode):
                root = value
                break
    if not isinstance(root, yaml.MappingNode):
        raise CommandSetError(f"{path}:{_line_of(root)}: expected a mapping of platform -> list of commands")
    result: dict[str, list[str]] = {}
    for key, value in root.value:
        targets = _targets(str(key.value).strip().lower())
        if targets is None:
            raise CommandSetError(f"{path}:{_line_of(key)}: unknown platform {key.value!r}")
        if not isinstance(value, yaml.SequenceNode):
            raise CommandSetError(f"{path}:{_line_of(value)}: {key.value}: expected a list of commands")
        for item in value.value:
            command = " ".join(str(getattr(item, "value", "")).split())
            reason = refusal(command) if isinstance(item, yaml.ScalarNode) and command else "not a command"
            if reason:
                raise CommandSetError(f"{path}:{_line_of(item)}: {reason}")
            for os_id in targets:
                result.setdefault(os_id, []).append(command)
    return {os_id: tuple(dict.fromkeys(cmds)) for os_id, cmds in result.items()}


def merge_extra(*sets: ExtraCommands | None) -> dict[str, tuple[str, ...]]:
    merged: dict[str, list[str]] = {}
    for extra in sets:
        for os_id, commands in (extra or {}).items():
            merged.setdefault(os_id, []).extend(commands)
    return {k: tuple(dict.fromkeys(v)) for k, v in merged.items()}


def load_command_files(paths: Iterable[Path]) -> dict[str, tuple[str, ...]]:
    return merge_extra(*(load_command_file(p) for p in paths))


def describe(extra: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}: {len(v)}" for k, v in sorted(extra.items()))
