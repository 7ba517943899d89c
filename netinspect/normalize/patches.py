"""Installed patches into the device identity (``Identity.patch``): Huawei ``display patch-information``
(the running patch package), IOS-XE ``show install summary`` (an activated SMU or APSP package).
Comware prints its patch in ``display version``, read with the version (normalize/h3c.py)."""

from __future__ import annotations

import re

from netinspect.core.model import Device
from netinspect.normalize.registry import Parsed, ParseFailure, handles

_VRP = ("huawei_vrp", "huawei_vrp8")
_INSTALL_ROW = re.compile(r"^(?P<type>IMG|SMU|APSP|APDP|ROLLBACK)\s+(?P<state>[A-Z])\s+(?P<name>\S+)")


@handles(_VRP, "display patch-information")
def vrp_patch_information(device: Device, parsed: Parsed) -> None:
    running = [r for r in parsed.rows if str(r.get("state", "")).lower() in ("running", "active")]
    if not parsed.rows and "Patch Package" in parsed.text:
        raise ParseFailure("a patch package block was not understood")
    if running:
        device.identity.patch = str(running[0]["version"]) or device.identity.patch
        device.identity.evidence.append(f"Patch Package Version :{running[0]['version']}")
    device.sources.setdefault("identity", parsed.command)


@handles("cisco_iosxe", "show install summary", textfsm=False)
def iosxe_install_summary(device: Device, parsed: Parsed) -> None:
    rows = [m for line in parsed.lines() if (m := _INSTALL_ROW.match(line.strip()))]
    if not rows and "Filename/Version" in parsed.text:
        raise ParseFailure("no package row under 'Filename/Version'")
    patches = [m for m in rows if m.group("type") in ("SMU", "APSP", "APDP") and m.group("state") in ("C", "U")]
    if patches:
        device.identity.patch = patches[0].group("name")
        device.identity.evidence.append(patches[0].group(0))
    device.sources.setdefault("identity", parsed.command)
