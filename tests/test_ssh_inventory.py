"""`inspect -i` / `collect -i` from an inventory file against the simulator: --limit, password_env,
extra read-only command files (and the refusal of a non-read-only one), the run bundle, the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from netinspect.collect.ssh import collect_inventory
from netinspect.core.errors import UsageError
from netinspect.lab.server import serve_fleet
from tests.test_ssh_collect import sample_device


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    devices = [sample_device("HZ-SW-01", "huawei_vrp", "huawei_vrp5"),
               sample_device("HZ-SW-02", "h3c_comware", "h3c_comware7"),
               sample_device("BR-RTR-01", "cisco_ios", "cisco_ios")]
    devices[0].outputs["display lldp neighbor brief"] = "Local Intf  Neighbor Dev  Neighbor Intf  Exptime(s)"
    folder = tmp_path_factory.mktemp("inv")
    with serve_fleet(devices) as endpoints:
        inventory = folder / "inventory.yaml"
        inventory.write_text(
            "defaults: {username: admin, password_env: LAB_PW}\ndevices:\n"
            + "".join(f"  - {{name: {d.name}, host: 127.0.0.1, port: {endpoints[d.name]}, platform: {d.os}, "
                      f"groups: [{'hz' if d.name.startswith('HZ') else 'br'}]}}\n" for d in devices)
            + "  - {name: BROKEN, host: 127.0.0.1, platform: junos}\n", encoding="utf-8")
        yield devices, inventory, folder


def test_collect_inventory_with_limit_extra_commands_and_bundle(lab, monkeypatch, tmp_path):
    devices, inventory, folder = lab
    monkeypatch.setenv("LAB_PW", "admin")
    extra = folder / "extra.yaml"
    extra.write_text("huawei: [display lldp neighbor brief]\n", encoding="utf-8")
    source = collect_inventory(inventory, limit="hz", command_files=[extra], host_key_check=False,
                               connect_timeout=5, command_timeout=10, progress=False, run_dir=tmp_path / "run")
    names = [d.name for d in source.devices]
    assert names == ["HZ-SW-01", "HZ-SW-02"]
    assert all(d.status == "ok" for d in source.devices)
    assert source.devices[0].outputs["display lldp neighbor brief"].status == "ok"
    assert "display lldp neighbor brief" not in source.devices[1].outputs  # huawei only
    assert any("junos" in (i.message or "") and i.status == "rejected" for i in source.inputs)
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in manifest["inventory"]] == names
    assert "admin" not in json.dumps(manifest["inventory"]).replace('"username": "admin"', "")
    assert manifest["limit"] == "hz"


def test_a_non_read_only_command_file_stops_before_connecting(lab, monkeypatch):
    devices, inventory, folder = lab
    monkeypatch.setenv("LAB_PW", "admin")
    bad = folder / "bad.yaml"
    bad.write_text("cisco:\n  - show version\n  - reload\n", encoding="utf-8")
    before = [d.record.sessions for d in devices]
    with pytest.raises(UsageError, match=r"bad.yaml:3: refused 'reload'"):
        collect_inventory(inventory, command_files=[bad], host_key_check=False, progress=False)
    assert [d.record.sessions for d in devices] == before


def test_collect_cli_writes_a_bundle_and_reports_missing_passwords(lab, monkeypatch, tmp_path):
    from netinspect.cli.app import app

    devices, inventory, _ = lab
    monkeypatch.delenv("LAB_PW", raising=False)
    runner = CliRunner()
    result = runner.invoke(app, ["collect", "-i", str(inventory), "--limit", "BR-*", "--out", str(tmp_path / "a"),
                                 "--no-host-key-check"])
    assert result.exit_code == 1  # no password: the device is not collected
    monkeypatch.setenv("LAB_PW", "admin")
    result = runner.invoke(app, ["collect", "-i", str(inventory), "--limit", "BR-*", "--out", str(tmp_path / "b"),
                                 "--no-host-key-check", "--connect-timeout", "5"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["devices"][0]["name"] == "BR-RTR-01" and manifest["devices"][0]["status"] == "ok"


def test_inspect_inventory_end_to_end_writes_bundle_and_reports(lab, monkeypatch, tmp_path):
    """`netinspect inspect -i`: collect over SSH, analyse, results.json (source ssh), reports and the bundle
    in one folder; `inspect --bundle` on that folder gives the same verdicts."""
    from netinspect.cli.app import app

    devices, inventory, folder = lab
    monkeypatch.setenv("LAB_PW", "admin")
    out = tmp_path / "run"
    runner = CliRunner()
    result = runner.invoke(app, ["inspect", "-i", str(inventory), "--limit", "hz", "--out", str(out),
                                 "--no-host-key-check", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["run"]["source"] == "ssh"
    assert [d["name"] for d in data["devices"]] == ["HZ-SW-01", "HZ-SW-02"]
    assert all(d["collection"]["status"] == "ok" for d in data["devices"])
    assert all(d["model"] and d["version"] for d in data["devices"])
    assert (out / "manifest.json").is_file() and (out / "inspection-report.html").is_file()
    again = runner.invoke(app, ["inspect", "--bundle", str(out), "--out", str(tmp_path / "again"), "--lang", "en"])
    assert again.exit_code == result.exit_code, again.output
    redo = json.loads((tmp_path / "again" / "results.json").read_text(encoding="utf-8"))
    # community names are redacted in the bundle: that one rule cannot pass there (see test_demo)
    verdicts = lambda d: sorted((x["name"], r["check"], r["status"]) for x in d["devices"]  # noqa: E731
                                for r in x["results"] if r["check"] != "harden.snmp_community")
    assert verdicts(redo) == verdicts(data)
