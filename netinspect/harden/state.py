"""Hardening checks that need the collected device state as well as the configuration.

``down_ports``: user ports left enabled while unused - a physical port of the interface set
``idle_candidates`` (data/harden/roles.yaml: not shut down, no description, not aggregated) whose link
was down when the device was read. How long it has been down is not in the collected output, so the
evidence says "down at collection time". Without interface state (configuration files only) the rule
gives insufficient data, never a pass.
"""

from __future__ import annotations

from typing import Any

from hier_config import HConfig

from netinspect.harden.engine import Finding, Target
from netinspect.harden.roles import select

NO_STATE = "interface state not collected (configuration only)"


def down_ports(tree: HConfig, dialect: str, interfaces: list[Any] | None) -> Finding:
    """Ports with no description, not shut down, whose link was down when the device was read."""
    if not interfaces:
        return Finding("insufficient_data", note=NO_STATE, missing=[NO_STATE])
    state = {i.name: i.link for i in interfaces}
    idle = [s for s in select(tree, dialect, "idle_candidates") if state.get(s.text.split(" ", 1)[1]) == "down"]
    if not idle:
        return Finding("pass")
    return Finding("fail", evidence=[f"{s.text} (link down at collection time, no description)" for s in idle],
                   targets=[Target(s.text, [c.text for c in s.children]) for s in idle])


STATE = {"down_ports": down_ports}
