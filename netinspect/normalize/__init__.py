"""Turn a device's raw outputs into the normalized device model.

Each vendor module registers handlers with :func:`handles`. A handler receives the device being
built and the parsed output of one command and fills in fact groups. The framework runs TextFSM
for it, records per-command parse status, and never lets one bad output stop the others.
"""

from __future__ import annotations

import pickle
import re
from functools import cache

import yaml

from netinspect.core.model import Device
from netinspect.core.paths import DATA_DIR
from netinspect.core.raw import RawDevice
from netinspect.core.results import CommandParse
from netinspect.normalize.registry import _FINISHERS, _REGISTRY, Parsed, ParseFailure, _Registration
from netinspect.normalize.requirements import Requirement, cut_short, missing, requirement
from netinspect.parse.engine import ParseResult, first_line_note, parse_output
from netinspect.platforms import get_platform


@cache
def _load_vendor_modules() -> None:
    """Import the vendor modules so their handlers register (once)."""
    from netinspect.normalize import (  # noqa: F401
        aaa,
        asa,
        cisco,
        common,
        firewall,
        h3c,
        huawei,
        optics,
        patches,
        state,
        stp,
        tables,
        wireless,
    )


def handler_for(os_id: str, command: str) -> _Registration | None:
    _load_vendor_modules()
    return _REGISTRY.get((os_id, command))


def normalize(raw: RawDevice) -> tuple[Device, dict[str, CommandParse]]:
    """Build the device model from raw outputs; return it with the parse outcome per command.

    The OS is the one the device printed in its version output (IOS vs IOS-XE, VRP 5 vs 8), whatever
    the inventory said; a disagreement is kept in ``identity.declared`` for the report.
    """
    _load_vendor_modules()
    device = Device(name=raw.name, collection=raw.status, collection_message=raw.message)
    device.identity.hostname = raw.hostname
    device.identity.role = raw.role
    os_id = printed_os(raw) or raw.os
    if raw.os and os_id != raw.os:
        device.identity.declared["os"] = raw.os
    device.identity.os = os_id
    platform = get_platform(os_id) if os_id else None
    if platform is not None:
        device.identity.vendor = platform.vendor
    outcomes: dict[str, CommandParse] = {}
    for command, output in raw.outputs.items():
        if output.status != "ok":
            outcomes[command] = CommandParse(output.status, output.message)
            continue
        if output.filtered:
            outcomes[command] = CommandParse("ok", f"{output.message}; a filtered output is not judged")
            continue
        handler_os = os_id if (os_id or "", command) in _REGISTRY or not raw.os else raw.os
        handler_platform = get_platform(handler_os) if handler_os else None
        outcomes[command] = _run_handler(device, handler_os, handler_platform.textfsm_platforms
                                         if handler_platform else (), command, output.text)
    _finish(device)
    return device, outcomes


def printed_os(raw: RawDevice) -> str | None:
    """The OS id the device's own version output names (display/show version), or None."""
    from netinspect.parse.detect import dialect, os_from_version

    for command in dialect().version_commands:
        text = raw.text(command)
        if text:
            found = os_from_version(text)
            if found:
                return found
    return None


def _run_handler(device: Device, os_id: str | None, tfsm_platforms: tuple[str, ...], command: str,
                 text: str) -> CommandParse:
    registration = _REGISTRY.get((os_id or "", command))
    if registration is None:
        return CommandParse("ok", "collected; no check reads it")
    text = clean_output(text)
    parsed = Parsed(os=os_id or "", command=command, text=text)
    if registration.textfsm:
        result: ParseResult = parse_output(tfsm_platforms, command, text)
        if not result.ok:
            return CommandParse("parse_error", result.message)
        parsed.rows, parsed.template = result.rows, result.template
    req = requirement(os_id or "", command)
    saved = _snapshot(device, req)
    try:
        registration.handler(device, parsed)
        problem = missing(device, req) if req is not None else None
    except ParseFailure as exc:
        problem = str(exc)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        problem = f"unexpected output shape: {type(exc).__name__}: {exc}"
    if problem is None:
        cut = parsed.cut or (cut_short(text, device, req) if req is not None else None)
        return CommandParse("partial", cut) if cut else CommandParse("ok", None)
    kept = {(g, f): getattr(getattr(device, g), f, None) for g, f in req.keep} if req is not None else {}
    _restore(device, saved)
    for (group, name), value in kept.items():  # a version line that survived a cut (issue 20)
        if value is not None:
            setattr(getattr(device, group), name, value)
    where = first_line_note(tfsm_platforms, command, text) if registration.textfsm else ""
    return CommandParse("parse_error", f"{problem}{where}")


# A prompt left at the end of an output (a capture that kept it): <HOST>, [HOST], [~HOST], HOST#, HOST>
_TRAILING_PROMPT = re.compile(r"\n(?:(?:HRP_[MS]|RBM_[PS])?<[^\s<>]+>|(?:HRP_[MS]|RBM_[PS])?\[[~*]?[^\s\[\]]+\]|"
                              r"[A-Za-z0-9][\w.\-/:]*(?:\([\w.\-/:]+\))?[#>])[ \t]*\n*\Z")


def clean_output(text: str) -> str:
    """The output as the parsers expect it: CRLF as LF, tabs as blanks (tab stops of 8), a prompt left
    at its end removed."""
    text = text.replace("\r\n", "\n")
    if "\t" in text:
        text = "\n".join(line.expandtabs(8) for line in text.split("\n"))
    return _TRAILING_PROMPT.sub("\n", text)


def _snapshot(device: Device, req: Requirement | None) -> dict[str, object]:
    """Copies of the fact groups a parser feeds, to put back when its parse fails (no partial facts)."""
    groups = req.fed if req is not None else ()
    # a pickle round trip is a deep copy (shared references kept), several times faster than deepcopy
    return {group: pickle.loads(pickle.dumps(getattr(device, group), pickle.HIGHEST_PROTOCOL))
            for group in groups if hasattr(device, group)}


def _restore(device: Device, saved: dict[str, object]) -> None:
    for group, value in saved.items():
        setattr(device, group, value)


@cache
def _role_patterns() -> list[tuple[re.Pattern[str], str]]:
    data = yaml.safe_load((DATA_DIR / "roles.yaml").read_text(encoding="utf-8"))
    return [(re.compile(item["model"], re.IGNORECASE), item["role"]) for item in data["roles"]]


def infer_role(model: str | None) -> str | None:
    """Role from the model name (data/roles.yaml), or None when no pattern matches."""
    if not model:
        return None
    for pattern, role in _role_patterns():
        if pattern.search(model):
            return role
    return None


def _finish(device: Device) -> None:
    """Facts derived from several commands."""
    from netinspect.normalize.common import compare_configs

    for finisher in _FINISHERS.get(device.identity.os or "", []):
        finisher(device)
    if device.identity.role is None:
        device.identity.role = infer_role(device.identity.model)
    compare_configs(device)
