"""Live collection adapts to what the device prints (issue 20 item 3), over the lab simulator.

A CloudEngine entered as `huawei_vrp` (the word most inventories use) prints VRP 8 in `display version`:
it must get VRP 8's commands (`display device power`, `display device temperature all`), have its power
and temperature judged, and the report must say the inventory was wrong. `platform: auto` must identify
every device of the built-in lab fleet. Outputs are real (tests/corpus, netinspect/lab/fleet).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netinspect.checks.context import AnalysisContext
from netinspect.collect.inventory import InventoryDevice
from netinspect.collect.ssh import collect
from netinspect.lab.fleet import SimDevice, load_fleet
from netinspect.lab.server import serve_fleet
from netinspect.normalize.corpus import read_output
from netinspect.pipeline import analyse
from netinspect.platforms import get_platform

CORPUS = Path(__file__).resolve().parent / "corpus" / "huawei_vrp8"
CE = {"display version": "display_version/napalm-ce_CE6850-48S6Q-HI.txt",
      "display device power": "display_device_power/napalm-ce_CE6850.txt",
      "display device temperature all": "display_device_temperature_all/napalm-ce_CE6850.txt",
      "display device fan": "display_device_fan/napalm-ce_CE6850.txt",
      "display cpu-usage": "display_cpu-usage/napalm-ce_CE6850.txt"}


def _commands(os_id: str) -> set[str]:
    return {spec.command for spec in get_platform(os_id).commands}


def _inventory(devices: list[SimDevice], endpoints: dict[str, int], platform: str | None = None,
               ) -> list[InventoryDevice]:
    return [InventoryDevice(d.name, "127.0.0.1", platform or d.os, port=endpoints[d.name], username=d.username,
                            password=d.password, secret=d.enable_secret) for d in devices]


@pytest.mark.parametrize("transport", ["netmiko", "asyncssh"])
def test_vrp8_entered_as_huawei_vrp_gets_vrp8_commands_and_its_power_judged(tmp_path: Path, transport: str):
    sim = SimDevice("CE-01", "huawei_vrp8", {c: read_output(CORPUS / f) for c, f in CE.items()})
    with serve_fleet([sim]) as endpoints:
        for word in ("huawei_vrp", "huawei"):  # the OS id most inventories use, and the vendor alone
            sim.record.received.clear()
            source = collect(_inventory([sim], endpoints, word), workers=1, connect_timeout=5,
                             command_timeout=10, known_hosts=tmp_path / "kh", progress=False, transport=transport)
            raw = source.devices[0]
            typed = [line for line in sim.record.received if line.strip()]
            assert "display device power" in typed and "display device temperature all" in typed, typed
            # VRP 5's own commands are not sent (`display ntp-service status` is in both sets: NetEngine keeps it)
            assert "display temperature all" not in typed, typed
            vrp5_only = _commands("huawei_vrp") - _commands("huawei_vrp8")
            assert vrp5_only and not vrp5_only & set(typed), sorted(vrp5_only & set(typed))
            assert raw.outputs["display device power"].status == "ok"
            assert f"the inventory says {word}, the device printed huawei_vrp8" in (raw.message or "")
            run = analyse(source, "ssh", AnalysisContext(lang="en"), ["health"])
            device = run.devices[0]
            assert device.device.identity.os == "huawei_vrp8"
            assert device.device.identity.declared == {"os": "huawei_vrp"}
            statuses = {r.check: r.status for r in device.results}
            assert statuses["health.power"] in ("pass", "fail"), statuses
            assert statuses["health.temperature"] in ("pass", "fail"), statuses
            assert device.device.power and device.device.temperatures


def test_no_role_commands_to_a_switch_and_every_command_asked_of_each_device(tmp_path: Path):
    """Two CE6850s: neither gets firewall/AC commands; each is asked every command of its set."""
    outputs = {c: read_output(CORPUS / f) for c, f in CE.items()}
    sims = [SimDevice("CE-A", "huawei_vrp8", dict(outputs)), SimDevice("CE-B", "huawei_vrp8", dict(outputs))]
    with serve_fleet(sims) as endpoints:
        source = collect(_inventory(sims, endpoints), workers=1, connect_timeout=5, command_timeout=10,
                         known_hosts=tmp_path / "kh", progress=False)
    first, second = source.devices
    sent = [[line for line in s.record.received if line.strip()] for s in sims]
    assert not {"display hrp state", "display ap all", "display firewall session table"} & set(sent[0] + sent[1])
    assert first.outputs["display esn"].status == "unsupported" and "display esn" in sent[0]
    # a command one device rejected is still asked of the next device of its model (other software may answer)
    assert "display esn" in sent[1] and second.outputs["display esn"].status == "unsupported"


@pytest.mark.parametrize("transport", ["netmiko", "asyncssh"])
def test_platform_auto_identifies_every_lab_device(tmp_path: Path, transport: str):
    fleet = load_fleet()
    assert fleet.devices and not fleet.problems
    with serve_fleet(fleet.devices) as endpoints:
        source = collect(_inventory(fleet.devices, endpoints, "auto"), workers=4, connect_timeout=5,
                         command_timeout=10, known_hosts=tmp_path / "kh", progress=False, transport=transport)
    for sim, raw in zip(fleet.devices, source.devices, strict=True):
        assert raw.os == sim.os, (sim.name, raw.message)
        assert raw.status == "ok", (sim.name, raw.status, raw.message)
        assert f"platform auto: the device printed {sim.os}" in (raw.message or ""), raw.message
        version = "show version" if sim.os.startswith("cisco") else "display version"
        assert raw.outputs[version].status == "ok"
        other = "display version" if version == "show version" else "show version"
        assert other not in raw.outputs  # the other family's question is not kept as an output


def test_auto_turns_paging_off_in_every_vendor_s_words_before_asking(tmp_path: Path):
    fleet = load_fleet()
    sim = next(d for d in fleet.devices if d.os == "h3c_comware")
    with serve_fleet([sim]) as endpoints:
        source = collect(_inventory([sim], endpoints, "auto"), workers=1, connect_timeout=5, command_timeout=10,
                         known_hosts=tmp_path / "kh", progress=False)
    typed = [line for line in sim.record.received if line.strip()]
    assert typed.index("screen-length disable") < typed.index("display version")
    assert "screen-length 0 temporary" in typed and "terminal length 0" in typed
    assert source.devices[0].os == "h3c_comware" and "screen-length disable" not in source.devices[0].outputs


def test_an_ha_prompt_shows_a_firewall_and_gets_its_commands(tmp_path: Path):
    """No role in the inventory, a model name that says nothing, but the HRP_M prompt of an HA pair: the
    firewall commands are sent (issue 20: role commands to devices whose outputs show the role)."""
    text = read_output(CORPUS.parent / "huawei_vrp5/display_version/elinpf_AR2200_console.txt")
    sim = SimDevice("FW-A", "huawei_vrp", {"display version": text, "display hrp state": "Role: active"},
                    prompt_prefix="HRP_M")
    plain = SimDevice("RT-B", "huawei_vrp", {"display version": text})
    with serve_fleet([sim, plain]) as endpoints:
        collect(_inventory([sim, plain], endpoints), workers=1, connect_timeout=5, command_timeout=10,
                known_hosts=tmp_path / "kh", progress=False)
    assert "display hrp state" in sim.record.received
    assert "display hrp state" not in plain.record.received
