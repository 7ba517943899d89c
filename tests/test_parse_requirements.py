"""Every parser declares what an ok parse must find (data/parse_requirements.yaml), in terms of the model."""

from __future__ import annotations

import dataclasses

from netinspect.core.model import Device
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.normalize import _REGISTRY, _load_vendor_modules, normalize
from netinspect.normalize.requirements import _load, requirement
from netinspect.parse.engine import first_unknown_line
from netinspect.platforms import all_platforms


def test_every_parsed_command_of_every_command_set_declares_its_values():
    _load_vendor_modules()
    undeclared = [(os_id, c.command) for os_id, p in all_platforms().items() for c in p.commands
                  if (os_id, c.command) in _REGISTRY and requirement(os_id, c.command) is None]
    assert not undeclared


def test_declarations_name_real_groups_and_fields():
    device_fields = {f.name for f in dataclasses.fields(Device)}
    for (os_id, command), req in _load().items():
        for group, fields in req.groups:
            assert group in device_fields, (os_id, command, group)
            value = getattr(Device(name="x"), group)
            if fields and value is not None and not isinstance(value, list):  # a dict group: identity
                known = {f.name for f in dataclasses.fields(value)}
                assert set(fields) <= known, (os_id, command, group, fields)
        assert set(req.may_be_empty) <= {g for g, _ in req.groups}, (os_id, command)


def test_first_unknown_line_skips_lines_the_template_knows():
    text = "CPU Usage Stat. Cycle: 60 (Second)\nsomething new here\nCPU Usage            : 8% Max: 83%\n"
    assert first_unknown_line(("huawei_vrp",), "display cpu-usage", text) == (2, "something new here")


def test_a_failed_requirement_puts_the_group_back_as_it_was():
    """display esn filled the serial; a display version without its model line fails and leaves no partial
    facts, except the version its line printed (issue 20: a cut version output keeps the version)."""
    raw = RawDevice(name="dut", os="huawei_vrp")
    raw.add(CommandOutput("display esn", "ESN of slot 0: 2102351931P0J3000481\n"))
    raw.add(CommandOutput("display version", "VRP (R) software, Version 5.170 (S5700 V200R010C00SPC600)\n"))
    device, outcomes = normalize(raw)
    assert outcomes["display esn"].status == "ok"
    assert outcomes["display version"].status == "parse_error"
    assert "no model" in outcomes["display version"].message
    assert device.identity.serial == "2102351931P0J3000481" and device.identity.model is None
    assert device.identity.version == "V200R010C00SPC600" and device.identity.os_version == "5.170"
