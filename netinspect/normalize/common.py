"""Handlers that work the same on every vendor: running and saved configuration."""

from __future__ import annotations

import re

from netinspect.core.model import ConfigState, Device
from netinspect.core.redact import redact_line
from netinspect.normalize.registry import Parsed, ParseFailure, handles

_ALL = ("huawei_vrp", "huawei_vrp8", "h3c_comware", "cisco_ios", "cisco_iosxe")
_HUAWEI_H3C = ("huawei_vrp", "huawei_vrp8", "h3c_comware")
_CISCO = ("cisco_ios", "cisco_iosxe")

# Lines that differ between running and saved text without being a configuration change.
_VOLATILE = re.compile(
    r"^(?:!|#|Building configuration|Current configuration\s*:|Using \d+ out of|"
    r"ntp clock-period|Info:|Warning:|!Software Version|!Last configuration|!Time:|"
    r"! Last configuration change|! NVRAM config last updated|\s*return\s*$|end\s*$)",
)
_NO_SAVED = re.compile(
    r"(startup-config is not present|There is no (?:correct )?configuration file|"
    r"The config file does not exist|No saved configuration|%\s*Non-volatile configuration memory is not present|"
    r"configuration file does not exist)",
    re.IGNORECASE,
)
_HOSTNAME = re.compile(r"^\s*(?:sysname|hostname)\s+(\S+)", re.MULTILINE)


def _looks_like_config(text: str) -> bool:
    return bool(re.search(r"^\s*(?:sysname|hostname|interface|version|#|!)", text, re.MULTILINE))


@handles(_HUAWEI_H3C, "display current-configuration", textfsm=False)
@handles(_CISCO, "show running-config", textfsm=False)
def running_config(device: Device, parsed: Parsed) -> None:
    if not _looks_like_config(parsed.text):
        raise ParseFailure("output is not a configuration")
    device.running_config = parsed.text
    device.sources["running_config"] = parsed.command
    match = _HOSTNAME.search(parsed.text)
    if match and not device.identity.hostname:
        device.identity.hostname = match.group(1)


@handles(_HUAWEI_H3C, "display saved-configuration", textfsm=False)
@handles(_CISCO, "show startup-config", textfsm=False)
def saved_config(device: Device, parsed: Parsed) -> None:
    if _NO_SAVED.search(parsed.text):
        device.saved_config = ""
        device.sources["saved_config"] = parsed.command
        return
    if not _looks_like_config(parsed.text):
        raise ParseFailure("output is not a configuration")
    device.saved_config = parsed.text
    device.sources["saved_config"] = parsed.command


def _config_lines(text: str) -> list[str]:
    return [ln.rstrip() for ln in text.splitlines() if ln.strip() and not _VOLATILE.match(ln.strip())]


def compare_configs(device: Device) -> None:
    """Set ``device.config`` when both running and saved configuration were collected."""
    if device.running_config is None or device.saved_config is None:
        return
    device.sources["config"] = f"{device.sources.get('running_config')} / {device.sources.get('saved_config')}"
    if device.saved_config == "":
        device.config = ConfigState(saved=False, detail="no saved configuration", evidence=[])
        return
    running, saved = _config_lines(device.running_config), _config_lines(device.saved_config)
    if running == saved:
        device.config = ConfigState(saved=True)
        return
    saved_set, running_set = set(saved), set(running)
    added = [f"+ {redact_line(ln)}" for ln in running if ln not in saved_set]
    removed = [f"- {redact_line(ln)}" for ln in saved if ln not in running_set]
    diff = added + removed or ["(same lines, different order)"]
    device.config = ConfigState(saved=False, detail=f"{len(added)} line(s) only in running, "
                                f"{len(removed)} only in saved", evidence=diff[:20])
