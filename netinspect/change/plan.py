"""Change plans: a Markdown/text file or a YAML file with the commands per device (docs/change.md).

Markdown: `## <section>` headings (overview, network analysis, steps, emergency, rollback, service test,
in Chinese or English), under steps/rollback/pre-check/post-check one `### DEVICE (platform)` per
device, its commands in ``` fences (or, without fences, every non-empty line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netinspect.core.options import OptionError, read_yaml
from netinspect.core.paths import DATA_DIR
from netinspect.platforms import get_platform

COMMAND_SECTIONS = ("steps", "rollback", "analysis", "service_test")


class PlanError(Exception):
    """The plan cannot be read: the message names the file (and line) and the reason."""


@dataclass
class PlanDevice:
    name: str
    platform: str | None = None  # an OS id of data/platforms.yaml
    steps: list[str] = field(default_factory=list)
    rollback: list[str] | None = None  # None: no rollback given for this device
    precheck: list[str] = field(default_factory=list)
    postcheck: list[str] = field(default_factory=list)
    management: dict[str, str] = field(default_factory=dict)  # interface, vlan, acl

    @property
    def vendor(self) -> str | None:
        platform = get_platform(self.platform) if self.platform else None
        return platform.vendor if platform else None


@dataclass
class Plan:
    path: Path
    title: str = ""
    sections: dict[str, str] = field(default_factory=dict)  # section -> its text (non-command sections)
    devices: list[PlanDevice] = field(default_factory=list)


@cache
def _section_words() -> dict[str, list[str]]:
    return yaml.safe_load((DATA_DIR / "change" / "sections.yaml").read_text(encoding="utf-8"))["sections"]


def section_of(heading: str) -> str | None:
    text = heading.strip().lower()
    text = re.sub(r"^[\d.、\s]+", "", text)
    for name, words in _section_words().items():
        if any(text.startswith(w) or w in text.split("/")[0] for w in words):
            return name
    for name, words in _section_words().items():
        if any(w in text for w in words):
            return name
    return None


_DEVICE = re.compile(r"^###\s+(?P<name>[^\s(（]+)\s*(?:[(（](?P<platform>[^)）]+)[)）])?")
_MGMT = re.compile(r"^\s*(?:management|管理)\s*[:：]\s*(?P<rest>.+)$", re.IGNORECASE)


def _device(plan: Plan, name: str, platform: str | None) -> PlanDevice:
    for d in plan.devices:
        if d.name == name:
            if platform and not d.platform:
                d.platform = platform
            return d
    d = PlanDevice(name, platform)
    plan.devices.append(d)
    return d


def _add(device: PlanDevice, section: str, lines: list[str]) -> None:
    if section == "steps":
        device.steps += lines
    elif section == "rollback":
        device.rollback = (device.rollback or []) + lines
    elif section == "analysis":
        device.precheck += lines
    elif section == "service_test":
        device.postcheck += lines


def _management(device: PlanDevice, text: str) -> None:
    for part in re.split(r"[,，;；]", text):
        if "=" in part or ":" in part:
            key, _, value = part.replace("=", ":").partition(":")
            device.management[key.strip().lower()] = value.strip()


def read_markdown(path: Path, text: str) -> Plan:
    plan = Plan(path)
    section: str | None = None
    device: PlanDevice | None = None
    fenced, block, has_fences = False, [], False

    def flush() -> None:
        nonlocal block
        if device is not None and section in COMMAND_SECTIONS and block:
            _add(device, section, block)
        block = []

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.lstrip().startswith("```"):
            if fenced:
                flush()
            fenced, has_fences = not fenced, True
            continue
        if fenced:
            if line.strip() and not line.strip().startswith(("#", "!")):  # separators and comments
                block.append(line.strip())
            continue
        if line.startswith("# ") and not plan.title:
            plan.title = line[2:].strip()
        elif line.startswith("## "):
            flush()
            section, device = section_of(line[3:]), None
            if section:
                plan.sections.setdefault(section, "")
        elif line.startswith("### ") and section in COMMAND_SECTIONS:
            flush()
            m = _DEVICE.match(line)
            if m:
                device = _device(plan, m.group("name"), (m.group("platform") or "").strip() or None)
        elif (m := _MGMT.match(line)) and device is not None:
            _management(device, m.group("rest"))
        elif section and section not in COMMAND_SECTIONS or device is None:
            if section:
                plan.sections[section] += line + "\n"
        elif line.strip() and not has_fences and not line.lstrip().startswith(("-", "*", ">")):
            block.append(line.strip())
    flush()
    return plan


def read_yaml_plan(path: Path, data: Any) -> Plan:
    if not isinstance(data, dict) or not isinstance(data.get("devices"), list):
        raise PlanError(f"{path}: a YAML plan needs `devices:` (a list)")
    plan = Plan(path, str(data.get("title", "")))
    for key in ("overview", "analysis", "emergency"):
        if data.get(key):
            plan.sections[key] = str(data[key])
    for i, entry in enumerate(data["devices"], 1):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise PlanError(f"{path}: devices[{i}]: needs at least `name:`")
        d = PlanDevice(str(entry["name"]), entry.get("platform"))
        d.steps = [str(c).strip() for c in entry.get("steps") or [] if str(c).strip()]
        d.rollback = None if entry.get("rollback") is None else [str(c).strip() for c in entry["rollback"] if str(c).strip()]
        d.precheck = [str(c).strip() for c in entry.get("precheck") or []]
        d.postcheck = [str(c).strip() for c in entry.get("postcheck") or []]
        d.management = {str(k): str(v) for k, v in (entry.get("management") or {}).items()}
        plan.devices.append(d)
    for key, name in (("steps", "steps"), ("rollback", "rollback"), ("precheck", "analysis"),
                      ("postcheck", "service_test")):
        if any(getattr(d, key) for d in plan.devices):
            plan.sections.setdefault(name, "")
    return plan


def read_plan(path: Path) -> Plan:
    if not path.is_file():
        raise PlanError(f"{path}: no such file")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            return read_yaml_plan(path, read_yaml(path))
        except OptionError as exc:
            raise PlanError(str(exc)) from exc
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("gb18030", errors="replace")
    plan = read_markdown(path, text)
    if not plan.devices:
        raise PlanError(f"{path}: no device found: give each device a `### NAME (platform)` heading under the steps")
    return plan
