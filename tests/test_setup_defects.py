"""Set-up defects of issue 10: blank spreadsheet rows, the device-type column, a keyring: reference without
the keyring package, and the results schema shipped in the package."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.collect.inventory import (
    InventoryDevice,
    InventoryLoad,
    check_inventory,
    import_table,
    load_inventory,
    resolve_credentials,
)

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"
SHIPPED = REPO / "netinspect" / "data" / "results.schema.json"
SHARED = Path(os.environ.get("NETINSPECT_SAMPLES", REPO.parent / "shared" / "samples")).parent / "contracts" \
    / "results.schema.json"

SHEET = ("设备名称,管理IP,厂商,设备类型,密码\n"
         "SW1,10.0.0.1,华为,核心交换机,x\n"
         ",,,,\n"
         " , , ,,\n"
         "FW1,10.0.0.2,h3c,防火墙,\n"
         ",,,,secret-only\n"
         "R1,10.0.0.3,cisco,Router,\n"
         "AC1,10.0.0.4,huawei,AC,\n"
         "X1,10.0.0.5,huawei,blender,\n")


def test_import_skips_blank_rows_and_says_how_many(tmp_path: Path) -> None:
    sheet = tmp_path / "devices.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    data, problems = import_table(sheet)
    assert {} not in data["devices"] and [d["name"] for d in data["devices"]] == ["SW1", "FW1", "R1", "AC1", "X1"]
    assert f"{sheet}: 3 blank row(s) skipped" in problems
    assert any(p.startswith(f"{sheet}:9: unknown device type 'blender'") for p in problems)  # real line numbers
    result = CliRunner().invoke(app, ["inventory", "import", str(sheet), "--lang", "en"])
    assert "{}" not in result.stdout and "''" not in result.stdout and "3 blank row(s) skipped" in result.stderr
    assert "secret-only" not in result.output


def test_import_maps_the_device_type_column_to_role(tmp_path: Path) -> None:
    sheet = tmp_path / "devices.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    devices = {d["name"]: d for d in import_table(sheet)[0]["devices"]}
    assert {n: d.get("role") for n, d in devices.items()} == {
        "SW1": "switch", "FW1": "firewall", "R1": "router", "AC1": "wlan_controller", "X1": None}
    assert [devices[n]["platform"] for n in ("SW1", "FW1", "R1")] == ["huawei_vrp", "h3c_comware", "cisco_ios"]
    for header in ("type", "Device Type", "device_type"):
        sheet.write_text(f"name,host,platform,{header}\nA,10.0.0.9,huawei,switch\n", encoding="utf-8")
        assert import_table(sheet)[0]["devices"][0]["role"] == "switch", header
    sheet.write_text("name,host,type\nA,10.0.0.9,Huawei\n", encoding="utf-8")  # a vendor in the type column
    entry = import_table(sheet)[0]["devices"][0]
    assert entry["platform"] == "huawei_vrp" and "role" not in entry
    out = tmp_path / "inv.yaml"
    sheet.write_text(SHEET, encoding="utf-8")
    assert CliRunner().invoke(app, ["inventory", "import", str(sheet), "-o", str(out)]).exit_code == 0
    assert {d.name: d.role for d in load_inventory(out).devices}["FW1"] == "firewall"


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # `import keyring` raises ImportError


def test_keyring_reference_without_the_package_is_an_error_and_no_credentials(tmp_path: Path, no_keyring) -> None:
    inv = tmp_path / "inv.yaml"
    inv.write_text("devices:\n  - {name: SW1, host: 127.0.0.1, platform: huawei_vrp, username: u, keyring: netinspect}\n"
                   "  - {name: SW2, host: 127.0.0.1, platform: huawei_vrp, username: u, password_env: PW}\n",
                   encoding="utf-8")
    problems = check_inventory(load_inventory(inv), resolve=False, env={"PW": "x"})
    assert problems == [f"{inv}:2: device SW1: keyring: reference needs the keyring package, which is not installed "
                        "(pip install 'netinspect[keyring]')"]
    device = InventoryDevice(name="SW1", host="h", platform="huawei_vrp", username="u", keyring="netinspect")
    lines = resolve_credentials([device], env={})
    assert device.password is None and len(lines) == 1
    assert "SW1" in lines[0] and "netinspect[keyring]" in lines[0] and "\n" not in lines[0]
    result = CliRunner().invoke(app, ["inventory", "check", str(inv), "--no-resolve", "--lang", "en"], env={"PW": "x"})
    assert result.exit_code == 1 and "1 problem(s)" in result.stdout


def test_keyring_reference_with_the_package_still_counts() -> None:
    pytest.importorskip("keyring")
    device = InventoryDevice(name="SW1", host="h", platform="huawei_vrp", username="u", keyring="netinspect",
                             file="inv.yaml", line=2)
    assert check_inventory(InventoryLoad(devices=[device]), resolve=False, env={}) == []


def _sub_schema(shared: object, shipped: object, where: str = "$") -> None:
    """Every keyword of the shared contract is in the shipped schema unchanged (dicts may only grow)."""
    if isinstance(shared, dict):
        assert isinstance(shipped, dict), where
        for key, value in shared.items():
            if key == "description":
                continue
            assert key in shipped, f"{where}.{key}"
            _sub_schema(value, shipped[key], f"{where}.{key}")
    else:
        assert shared == shipped, where


def test_the_results_schema_ships_in_the_package_and_extends_the_contract(tmp_path: Path, monkeypatch) -> None:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    if SHARED.is_file():  # the shipped copy accepts what the shared contract accepts, and only adds fields
        shared = json.loads(SHARED.read_text(encoding="utf-8"))
        _sub_schema(shared, schema)
        assert "additionalProperties" not in json.dumps(schema)
    monkeypatch.setenv("NETINSPECT_HISTORY", str(tmp_path / "h.sqlite"))
    out = tmp_path / "out"
    CliRunner().invoke(app, ["inspect", "--logs", str(FLEET), "-o", str(out), "-f", "json", "--lang", "en"])
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    from netinspect.core.barrier import Fault
    from netinspect.pipeline import fault_result

    data["devices"][0]["results"].append(fault_result(Fault(stage="normalize", reason="boom", internal=True),
                                                      "en").to_json())
    data["devices"][0]["inventory_mismatch"] = [{"field": "model", "inventory": "S5700", "device": "S5735"}]
    jsonschema.validate(data, schema)
    bad = json.loads(json.dumps(data))
    bad["devices"][0]["results"][-1]["fault"] = {"stage": "normalize"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    bad["devices"][0]["results"][-1]["fault"] = {"stage": "normalize", "internal": True}
    bad["devices"][0]["inventory_mismatch"] = [{"field": "model"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_schema_command_prints_the_shipped_schema_or_its_path() -> None:
    runner = CliRunner()
    assert json.loads(runner.invoke(app, ["schema"]).stdout) == json.loads(SHIPPED.read_text(encoding="utf-8"))
    path = Path(runner.invoke(app, ["schema", "--path"]).stdout.strip())
    assert path.resolve() == SHIPPED.resolve()
    assert "netinspect schema" in (REPO / "README.md").read_text(encoding="utf-8")


def test_collection_names_the_missing_keyring_package_as_an_error(tmp_path: Path, no_keyring) -> None:
    from rich.console import Console

    from netinspect.collect.inventory import KEYRING_MISSING
    from netinspect.collect.ssh import collect_inventory
    from netinspect.core.messages import localize

    inv = tmp_path / "inv.yaml"
    inv.write_text("devices:\n  - {name: SW1, host: 127.0.0.1, port: 1, platform: huawei_vrp, username: u, "
                   "keyring: netinspect}\n", encoding="utf-8")
    console = Console(record=True, width=300, force_terminal=True)
    source = collect_inventory(inv, console=console, progress=False)
    assert source.devices[0].status == "error" and source.devices[0].message == KEYRING_MISSING
    text = console.export_text(styles=True)
    assert "SW1" in text and "netinspect[keyring]" in text and "\x1b[31m" in text  # red: an error line
    assert "keyring 包" in localize(KEYRING_MISSING, "zh")
    inv.write_text("devices:\n  - {name: SW1, host: 127.0.0.1, platform: huawei_vrp, username: u, keyring: k}\n",
                   encoding="utf-8")
    check = CliRunner().invoke(app, ["inventory", "check", str(inv), "--no-resolve"])
    assert "pip install 'netinspect[keyring]'" in check.stdout  # not eaten as markup


@pytest.mark.parametrize("lang, expected", [("en", "rule, reason and until are required"),
                                            ("zh", "rule、reason 和 until 均为必填")])
def test_a_broken_waivers_file_is_bad_usage_not_an_internal_error(tmp_path: Path, lang: str, expected: str) -> None:
    """`inspect --waivers` with a waiver missing its fields: one line naming the file, exit 2, no crash log."""
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - {bad: 1}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["inspect", "--logs", str(FLEET), "-o", str(out), "-f", "json",
                                      "--waivers", str(waivers), "--lang", lang])
    assert result.exit_code == 2, result.output
    error_lines = [ln for ln in result.output.splitlines() if str(waivers) in ln]
    assert len(error_lines) == 1 and expected in error_lines[0]
    assert "internal error" not in result.output and "内部错误" not in result.output
    assert not (out / "results.json").exists()
