"""End to end over real SSH on loopback: the simulator plays devices built from the real samples in
shared/samples, netinspect collects them with netmiko, and the facts and verdicts must equal those of the
same outputs read directly (so SSH collection loses nothing), for every platform of issue 3."""

from __future__ import annotations

import time

import pytest

from netinspect.checks.context import AnalysisContext
from netinspect.collect.inventory import InventoryDevice
from netinspect.collect.readonly import is_read_only
from netinspect.collect.ssh import collect
from netinspect.core.raw import CommandOutput, RawDevice, SourceResult
from netinspect.lab.fleet import SimDevice
from netinspect.lab.server import serve_fleet
from netinspect.normalize import infer_role, normalize
from netinspect.pipeline import analyse
from netinspect.platforms import get_platform
from tests.conftest import HAVE_SAMPLES, SAMPLES

# (device name, platform id, samples folder, prompt prefix, enable secret)
PLATFORMS = [
    ("HW-S5700", "huawei_vrp", "huawei_vrp5", "", None),
    ("HW-AC", "huawei_vrp", "huawei_ac", "", None),
    ("HW-USG", "huawei_vrp", "huawei_vrp5", "HRP_M", None),
    ("HW-NE40E", "huawei_vrp8", "huawei_vrp8", "", None),
    ("H3C-CW5", "h3c_comware", "h3c_comware5", "", None),
    ("H3C-CW7", "h3c_comware", "h3c_comware7", "", None),
    ("C2960", "cisco_ios", "cisco_ios", "", "en-secret"),
    ("C9300", "cisco_iosxe", "cisco_iosxe", "", None),
]


def sample_outputs(folder: str) -> dict[str, str]:
    """First sample of each command in a shared/samples/<vendor_os> folder: {full command: text}; without
    the shared samples, the outputs of the demo fleet's device of that platform (in the repository)."""
    if not HAVE_SAMPLES:
        return fleet_outputs(next(os_id for _, os_id, f, _, _ in PLATFORMS if f == folder))
    outputs = {}
    for command_dir in sorted((SAMPLES / folder).iterdir()):
        files = sorted(command_dir.glob("*.txt"))
        if files:
            text = files[0].read_bytes().decode("utf-8", errors="replace")
            outputs[command_dir.name.replace("_", " ")] = text.replace("\r\n", "\n")
    return outputs


def fleet_outputs(os_id: str) -> dict[str, str]:
    """The outputs of the first demo fleet device (netinspect/lab/fleet) of platform `os_id`."""
    from netinspect.lab.fleet import FLEET_DIR, load_fleet

    devices = [d for d in load_fleet([FLEET_DIR]).devices if d.os == os_id]
    if not devices:
        pytest.skip(f"no demo fleet device of {os_id} and no shared samples")
    return dict(devices[0].outputs)


def sample_device(name: str, os_id: str, folder: str, prefix: str = "", secret: str | None = None,
                  **kwargs: object) -> SimDevice:
    return SimDevice(name=name, os=os_id, outputs=sample_outputs(folder), prompt_prefix=prefix,
                     enable_secret=secret, **kwargs)  # type: ignore[arg-type]


# The roles an inventory gives devices whose samples carry no version output naming the model: role
# commands (display ap all, display hrp state) go only to devices of that role (issue 20).
ROLES = {"HW-AC": "wlan_controller", "HW-USG": "firewall"}


def inventory_for(devices: list[SimDevice], endpoints: dict[str, int]) -> list[InventoryDevice]:
    return [InventoryDevice(d.name, "127.0.0.1", d.os, port=endpoints[d.name], username=d.username,
                            password=d.password, secret=d.enable_secret, role=ROLES.get(d.name)) for d in devices]


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[SimDevice], SourceResult, float]:
    if not HAVE_SAMPLES:
        pytest.skip("shared samples not present")
    devices = [sample_device(*spec) for spec in PLATFORMS]
    devices[6].outputs["show running-config"] = "hostname C2960\n!\nservice password-encryption\n!\nend"
    known_hosts = tmp_path_factory.mktemp("ssh") / "known_hosts"
    with serve_fleet(devices, latency_ms=2) as endpoints:
        started = time.monotonic()
        source = collect(inventory_for(devices, endpoints), workers=8, connect_timeout=5, command_timeout=10,
                         known_hosts=known_hosts, progress=False, redact_configs=False)
        elapsed = time.monotonic() - started
    return devices, source, elapsed


def test_every_platform_collects_ok_in_bounded_time(collected):
    devices, source, elapsed = collected
    assert [d.name for d in source.devices] == [d.name for d in devices]
    assert {d.name: d.status for d in source.devices} == {d.name: "ok" for d in devices}
    assert all(i.status == "ok" for i in source.inputs)
    assert elapsed < 30


def test_outputs_are_the_device_text_and_absent_commands_are_unsupported(collected):
    devices, source, _ = collected
    for sim, raw in zip(devices, source.devices, strict=True):
        platform = get_platform(sim.os)
        role = ROLES.get(sim.name) or infer_role(normalize(raw)[0].identity.model)  # role commands: that role only
        assert list(raw.outputs) == [c.command for c in platform.commands  # keyed by full command, in order
                                     if c.role is None or c.role == role], sim.name
        for command, output in raw.outputs.items():
            assert output.seconds is not None and output.seconds >= 0
            if command in sim.outputs:
                assert output.status == "ok", (sim.name, command, output.message)
                assert _lines(output.text) == _lines(sim.outputs[command]), (sim.name, command)
            else:  # the simulator answers with the vendor's error reply (or another device of the model did)
                assert output.status == "unsupported", (sim.name, command)
                assert platform.is_error_reply(output.text) == output.message


def test_only_read_only_lines_reach_the_device_and_setup_is_not_stored(collected):
    devices, source, _ = collected
    for sim, raw in zip(devices, source.devices, strict=True):
        typed = [line for line in sim.record.received if line.strip()]
        secret = [sim.enable_secret] if sim.enable_secret else []
        assert all(is_read_only(line) for line in typed if line not in secret), typed
        platform = get_platform(sim.os)
        for setup in platform.setup:
            assert setup in typed, (sim.name, setup)
            assert setup not in raw.outputs
        assert sim.record.logins == 1 and sim.record.sessions == 1


def test_cisco_enable_secret_reaches_privileged_exec(collected):
    devices, source, _ = collected
    sim = next(d for d in devices if d.enable_secret)
    assert "enable" in sim.record.received and sim.enable_secret in sim.record.received
    raw = next(r for r in source.devices if r.name == sim.name)
    assert sim.record.received.index("enable") < sim.record.received.index("show version")
    assert raw.outputs["show version"].status == "ok"
    assert raw.outputs["show running-config"].status != "unsupported"  # user EXEC would refuse it


def _direct(sim: SimDevice, collected_raw: RawDevice) -> RawDevice:
    raw = RawDevice(name=sim.name, os=sim.os, host=collected_raw.host, source=collected_raw.source,
                    role=collected_raw.role)
    for command, output in collected_raw.outputs.items():
        if command in sim.outputs:
            raw.add(CommandOutput(command, sim.outputs[command]))
        else:
            raw.add(CommandOutput(command, output.text, status=output.status, message=output.message))
    return raw


def test_facts_and_verdicts_equal_those_of_the_samples_read_directly(collected):
    devices, source, _ = collected
    over_ssh = analyse(source, "ssh", AnalysisContext(lang="en"), ["health"])
    direct = analyse(SourceResult([_direct(s, r) for s, r in zip(devices, source.devices, strict=True)]),
                     "logs", AnalysisContext(lang="en"), ["health"])
    for ssh_dev, ref in zip(over_ssh.devices, direct.devices, strict=True):
        assert ssh_dev.device.identity == ref.device.identity, ssh_dev.name
        assert ssh_dev.device.cpu == ref.device.cpu and ssh_dev.device.fans == ref.device.fans, ssh_dev.name
        assert [(r.check, r.status, r.severity) for r in ssh_dev.results] == \
               [(r.check, r.status, r.severity) for r in ref.results], ssh_dev.name
        assert ssh_dev.results, ssh_dev.name
    # and the facts are really there, not None on both sides
    by_name = {d.name: d.device for d in over_ssh.devices}
    assert by_name["C2960"].identity.version and by_name["C9300"].identity.version
    assert by_name["H3C-CW7"].identity.version and by_name["HW-NE40E"].identity.version
    assert by_name["HW-AC"].access_points, "display ap all over SSH gives access points"


def test_normalize_over_ssh_has_no_parse_error_the_samples_do_not_have(collected):
    devices, source, _ = collected
    for sim, raw in zip(devices, source.devices, strict=True):
        _, over_ssh = normalize(raw)
        _, direct = normalize(_direct(sim, raw))
        assert {c: p.status for c, p in over_ssh.items()} == {c: p.status for c, p in direct.items()}, sim.name
