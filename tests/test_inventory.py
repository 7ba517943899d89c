"""The inventory: the documented example, one line with file:line per bad entry, --limit, credentials,
import from CSV/XLSX (tests/data/inventory/ files were written for these tests), and `inventory check`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from netinspect.collect.inventory import check_inventory, import_table, load_inventory, resolve_credentials, select
from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "inventory"


def test_the_example_inventory_loads_cleanly_with_inheritance():
    load = load_inventory(REPO / "inventory.example.yaml")
    assert load.errors == [] and load.warnings == []
    devices = {d.name: d for d in load.devices}
    assert len(devices) == 6
    fw = devices["HZ-FW-01"]
    assert (fw.role, fw.username, fw.password_env, fw.port) == ("firewall", "fwadmin", "FW_PASSWORD", 2222)
    assert devices["HZ-CORE-01"].tags == ["critical"] and devices["HZ-CORE-01"].groups == ["core"]
    assert devices["BR-RTR-01"].ssh_config == "~/.ssh/netinspect_config"  # from the site
    assert devices["BR-RTR-01"].secret_env == "ENABLE_SECRET"
    assert devices["BR-SW-01"].keyring == "netinspect"
    assert all(d.password is None for d in load.devices)
    assert "password" not in str(fw.public()).replace("password_env", "")


def test_each_bad_entry_gives_one_line_with_file_and_line_and_the_rest_loads():
    path = DATA / "bad.yaml"
    load = load_inventory(path)
    assert [d.name for d in load.devices] == ["GOOD-01", "UNRESOLVABLE"]
    assert load.errors == [
        f"{path}:10: device (NO-HOST) is missing host; skipped",
        f"{path}:12: device ODD-01: unknown platform 'juniper_junos' (huawei_vrp, huawei_vrp8, h3c_comware, "
        "cisco_ios, cisco_iosxe, a vendor (huawei, h3c, cisco) or auto); skipped",
        f"{path}:15: duplicate device name 'GOOD-01' (first at {path}:6); this entry is ignored",
    ]
    assert len(load.warnings) == 1 and load.warnings[0].startswith(f"{path}:18:") and "plain" in load.warnings[0]
    assert load.devices[1].platform == "h3c_comware"  # netmiko alias hp_comware accepted


def test_a_yaml_error_is_one_line_and_never_raises(tmp_path: Path):
    load = load_inventory(DATA / "broken.yaml")
    assert load.devices == [] and len(load.errors) == 1
    assert load.errors[0].startswith(f"{DATA / 'broken.yaml'}:5: YAML error")
    assert load_inventory(tmp_path / "missing.yaml").errors[0].endswith("cannot read: No such file or directory")
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    assert "devices" in load_inventory(tmp_path / "list.yaml").errors[0]


def test_check_reports_unresolvable_hosts_and_missing_credentials():
    problems = check_inventory(load_inventory(DATA / "bad.yaml"), env={})
    path = DATA / "bad.yaml"
    assert f"{path}:18: device UNRESOLVABLE: host 'no-such-device.invalid' does not resolve" in problems
    assert f"{path}:6: device GOOD-01: no password source ($NETINSPECT_TEST_PW not set)" in problems
    assert not any("GOOD-01: no password" in p for p in check_inventory(load_inventory(path),
                                                                       env={"NETINSPECT_TEST_PW": "x"}))


@pytest.mark.parametrize("limit, names", [
    (None, ["HZ-CORE-01", "HZ-ACC-01", "HZ-WLC-01", "HZ-FW-01", "BR-RTR-01", "BR-SW-01"]),
    ("HZ-*", ["HZ-CORE-01", "HZ-ACC-01", "HZ-WLC-01", "HZ-FW-01"]),
    ("firewall", ["HZ-FW-01"]),
    ("core,BR-RTR-01", ["HZ-CORE-01", "BR-RTR-01"]),
    ("floor-3", ["HZ-ACC-01"]),
    ("br01", ["BR-RTR-01", "BR-SW-01"]),
    ("hz,!HZ-FW-*", ["HZ-CORE-01", "HZ-ACC-01", "HZ-WLC-01"]),
    ("nothing-matches", []),
])
def test_limit_by_name_group_role_tag_site(limit, names):
    devices = load_inventory(REPO / "inventory.example.yaml").devices
    assert [d.name for d in select(devices, limit)] == names


def test_credentials_from_env_then_one_prompt_for_the_rest():
    devices = load_inventory(REPO / "inventory.example.yaml").devices
    prompts: list[str] = []

    def prompt(text: str) -> str:
        prompts.append(text)
        return "typed"

    env = {"NETINSPECT_PASSWORD": "from-env", "ENABLE_SECRET": "en"}
    missing = resolve_credentials(devices, ask_pass=True, prompt=prompt, env=env)
    by_name = {d.name: d for d in devices}
    assert missing == [] and len(prompts) == 1
    assert by_name["HZ-CORE-01"].password == "from-env"
    assert by_name["HZ-FW-01"].password == "typed"  # $FW_PASSWORD not set
    assert by_name["BR-RTR-01"].secret == "en"
    assert "from-env" not in repr(by_name["HZ-CORE-01"]) and "from-env" not in str(by_name["HZ-CORE-01"].public())


def test_without_ask_pass_missing_passwords_are_reported_per_device():
    devices = load_inventory(REPO / "inventory.example.yaml").devices
    missing = resolve_credentials(devices, env={})
    assert len(missing) == 6
    assert "inventory.example.yaml:" in missing[0] and "$NETINSPECT_PASSWORD is not set" in missing[0]


def test_plain_password_works_with_a_warning():
    load = load_inventory(DATA / "bad.yaml")
    device = load.devices[1]
    assert resolve_credentials([device], env={}) == [] and device.password == "plain-text-here"


def _check_imported(data: dict, problems: list[str], source: Path) -> None:
    devices = data["devices"]
    assert [d["name"] for d in devices] == ["HZ-SW-01", "HZ-SW-02", "BR-RTR-01", "BAD-01"]
    assert [d["platform"] for d in devices[:3]] == ["huawei_vrp", "h3c_comware", "cisco_ios"]
    assert devices[0]["groups"] == ["core", "hz"] and devices[0]["host"] == "10.1.1.1"
    text = yaml.safe_dump(data, allow_unicode=True)
    assert "secret123" not in text and "password:" not in text
    assert any("password column ignored" in p for p in problems)
    assert any(p.startswith(f"{source}:5: unknown platform 'Juniper'") for p in problems)


def test_import_csv_with_chinese_headers(tmp_path: Path):
    data, problems = import_table(DATA / "devices.csv")
    _check_imported(data, problems, DATA / "devices.csv")
    out = tmp_path / "inv.yaml"
    from netinspect.collect.inventory import dump_inventory

    out.write_text(dump_inventory(data), encoding="utf-8")
    load = load_inventory(out)
    assert [d.name for d in load.devices] == ["HZ-SW-01", "HZ-SW-02", "BR-RTR-01"]
    assert "unknown platform 'Juniper'" in load.errors[0]


def test_import_xlsx(tmp_path: Path):
    import csv

    from openpyxl import Workbook
    rows = list(csv.reader((DATA / "devices.csv").read_text(encoding="utf-8").splitlines()))
    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "devices.xlsx"
    book.save(path)
    data, problems = import_table(path)
    _check_imported(data, problems, path)


def test_keyring_extra_is_used_when_installed(monkeypatch):
    import sys
    import types

    fake = types.ModuleType("keyring")
    fake.get_password = lambda service, user: "from-keyring" if (service, user) == ("netinspect", "inspector") else None
    monkeypatch.setitem(sys.modules, "keyring", fake)
    device = next(d for d in load_inventory(REPO / "inventory.example.yaml").devices if d.name == "BR-SW-01")
    assert resolve_credentials([device], env={}) == [] and device.password == "from-keyring"
