"""Read-only, always: the allowlist, users' command files refused at load time, the channel guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from netinspect.collect.readonly import (
    ChannelGuard,
    CommandSetError,
    NotReadOnly,
    command_set,
    is_read_only,
    load_command_file,
)
from netinspect.platforms import all_platforms, get_platform


@pytest.mark.parametrize("command", [
    "display version", "display current-configuration", "show running-config", "show interfaces status",
    "dir", "dir flash:", "get system status", "screen-length 0 temporary", "screen-length disable",
    "terminal length 0", "terminal width 511", "quit", "exit", "enable", "",
    "display current-configuration | include snmp", "show logging | include %LINK",
])
def test_read_only_commands_pass(command):
    assert is_read_only(command)


@pytest.mark.parametrize("command", [
    "reboot", "reload", "save", "save force", "system-view", "configure terminal", "undo ssh server enable",
    "reset saved-configuration", "delete flash:/vrpcfg.zip", "copy running-config startup-config",
    "write memory", "dis ver", "sh run", "show running-config | redirect flash:run.txt",
    "show tech | tee flash:x", "display current-configuration > flash:/a.cfg", "show version; reload",
    "show version\x1b[A",
])
def test_anything_else_is_refused(command):
    assert not is_read_only(command)


def test_every_built_in_command_set_is_read_only():
    for platform in all_platforms().values():
        assert command_set(platform), platform.os
        assert all(is_read_only(c) for c in command_set(platform)), platform.os
        assert all(is_read_only(c) for c in platform.setup), platform.os


def test_user_command_file_adds_commands_per_platform_vendor_and_all(tmp_path: Path):
    path = tmp_path / "extra.yaml"
    path.write_text("commands:\n  huawei: [display lldp neighbor brief]\n  cisco_ios: [show cdp neighbors]\n"
                    "  all: [display clock]\n", encoding="utf-8")
    extra = load_command_file(path)
    assert "display lldp neighbor brief" in extra["huawei_vrp"] and "display lldp neighbor brief" in extra["huawei_vrp8"]
    assert extra["cisco_ios"] == ("show cdp neighbors", "display clock")
    vrp = command_set(get_platform("huawei_vrp"), extra)
    assert vrp[-2:] == ("display lldp neighbor brief", "display clock")
    assert vrp[0] == "display version"


@pytest.mark.parametrize("body, line, words", [
    ("huawei:\n  - display version\n  - reboot\n", 3, "not read-only"),
    ("cisco:\n  - show version\n  - show run | redirect flash:x\n", 3, "redirection"),
    ("juniper:\n  - show version\n", 1, "unknown platform"),
    ("huawei: [display version\n", 2, "YAML error"),
    ("huawei: display version\n", 1, "expected a list"),
])
def test_a_bad_command_file_is_refused_with_file_and_line(tmp_path: Path, body, line, words):
    path = tmp_path / "extra.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CommandSetError) as info:
        load_command_file(path)
    assert str(info.value).startswith(f"{path}:{line}:") and words in str(info.value)


def test_channel_guard_checks_every_line_and_lets_the_enable_secret_through_once():
    guard = ChannelGuard()
    guard.check("display version\n")
    guard.check("\n")
    with pytest.raises(NotReadOnly):
        guard.check("display version\nreboot\n")
    guard.allow_secret_once("S3cret!")
    guard.check("S3cret!\n")
    with pytest.raises(NotReadOnly):
        guard.check("S3cret!\n")
    assert guard.sent == ["display version", "display version"]
