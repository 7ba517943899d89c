"""Issue 9: hostile input loses no run, keeps no secret, stalls nothing. One regression test per defect,
plus the fault barrier per device and the exit codes 0/1/2/3."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

import netinspect.pipeline as pipeline
from netinspect.cli.app import app, main
from netinspect.collect.bundle import write_bundle
from netinspect.core.raw import CommandOutput, RawDevice, SourceResult

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
HUAWEI = FLEET / "huawei_s5735_access.log"
H3C = FLEET / "h3c_s6850_core.log"
runner = CliRunner()


def results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def by_name(out: Path) -> dict[str, dict]:
    return {d["name"]: d for d in results(out)["devices"]}


def huawei_raw(name: str) -> RawDevice:
    from netinspect.sources import load
    source, _ = load(logs=[HUAWEI], ssh_options={})
    raw = source.devices[0]
    raw.name = name
    return raw


def bundle_of(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "bundle"
    write_bundle(folder, SourceResult(devices=[huawei_raw(n) for n in names]))
    return folder


# ---- 1. a run lost by one input ----

def test_duplicate_config_line_does_not_lose_the_run(tmp_path: Path) -> None:
    text = HUAWEI.read_text(encoding="utf-8").replace(
        " port link-type access\n", " port link-type access\n port link-type access\n", 1)
    assert text.count(" port link-type access\n port link-type access\n") == 1
    (tmp_path / "dup.log").write_text(text, encoding="utf-8")
    for command in ("inspect", "harden"):
        result = runner.invoke(app, [command, "--logs", str(tmp_path / "dup.log"), "--out", str(tmp_path / command)])
        assert result.exit_code in (0, 1), result.output
        device = results(tmp_path / command)["devices"][0]
        assert not [r for r in device["results"] if r["check"] == "analysis"]
        assert any(r["category"] == "hardening" for r in device["results"])


def test_malformed_advisory_file_does_not_abort_the_import(tmp_path: Path) -> None:
    folder = tmp_path / "adv"
    folder.mkdir()
    csaf = {"document": {"csaf_version": "2.0", "category": "csaf_security_advisory", "tracking": {"id": "X-1"},
                         "title": "t", "publisher": {"name": "p"}}, "product_tree": {"branches": []}}
    (folder / "a-ints.json").write_text(json.dumps({**csaf, "vulnerabilities": [1]}), encoding="utf-8")
    (folder / "b-types.json").write_text(json.dumps({**csaf, "product_tree": 5, "vulnerabilities": "x"}),
                                         encoding="utf-8")
    (folder / "c-deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "d-bomb.yaml").write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(7)),
        encoding="utf-8")
    good = Path(__file__).parent / "advisories_corpus" / "csaf" / "cisco" / "cisco-sa-snmp-dos-sdxnSUcW.json"
    (folder / "e-good.json").write_bytes(good.read_bytes())
    result = runner.invoke(app, ["advisories", "import", str(folder), "--advisories", str(tmp_path / "a.db"), "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    for name in ("a-ints.json", "b-types.json", "c-deep.json", "d-bomb.yaml"):
        assert name in result.output
    assert "Traceback" not in result.output
    assert "imported" in [line.split()[0] for line in result.output.splitlines() if "e-good.json" in line]


def test_control_characters_and_formula_names_do_not_crash_or_become_formulas(tmp_path: Path) -> None:
    name = "=HYPERLINK(\"http://x\")\x1b[H"
    raw = huawei_raw(name)
    raw.outputs["display version"].text += "\x1b[H\x07 garbage\n"
    write_bundle(tmp_path / "bundle", SourceResult(devices=[raw]))
    result = runner.invoke(app, ["inspect", "--bundle", str(tmp_path / "bundle"), "--out", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    book = openpyxl.load_workbook(tmp_path / "out" / "inspection-report.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in cells)


def test_long_chinese_device_name_keeps_the_bundle_and_manifest(tmp_path: Path) -> None:
    name = "杭州数据中心核心交换机" * 3  # 33 characters: escaped, far over 255 bytes
    folder = bundle_of(tmp_path, [name, "SW1", "sw1"])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = [c["file"] for d in manifest["devices"] for c in d["commands"]]
    assert all((folder / f).is_file() for f in files)
    assert all(len(part.encode()) <= 255 for f in files for part in Path(f).parts)
    assert len({Path(f).parts[1].casefold() for f in files}) == 3


def test_scalar_tags_and_groups_in_inventory_are_not_a_type_error(tmp_path: Path) -> None:
    from netinspect.collect.inventory import load_inventory
    path = tmp_path / "inv.yaml"
    path.write_text("devices:\n  - {name: a, host: 10.0.0.1, platform: huawei_vrp, tags: 5, groups: 5}\n",
                    encoding="utf-8")
    load = load_inventory(path)
    assert load.devices[0].tags == ["5"] and load.devices[0].groups == ["5"]


def test_inventory_import_of_broken_xlsx_big_csv_field_and_missing_folder(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    result = runner.invoke(app, ["inventory", "import", str(broken)])
    assert result.exit_code == 2 and "broken.xlsx" in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    big = tmp_path / "big.csv"
    big.write_text("name,host,platform,description\nSW1,10.0.0.1,huawei_vrp," + "x" * 200_000 + "\n",
                   encoding="utf-8")
    out = tmp_path / "missing" / "folder" / "inv.yaml"
    result = runner.invoke(app, ["inventory", "import", str(big), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["devices"][0]["name"] == "SW1"


# ---- 2. exit codes: 0, 1, 2, 3 ----

def _main(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> int:
    monkeypatch.setattr(sys, "argv", ["netinspect", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    return int(stop.value.code or 0)


def test_exit_codes_0_1_2_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("NETINSPECT_LOG_DIR", str(tmp_path / "logs"))
    logs = ["--logs", str(HUAWEI), "--format", "json", "--quiet"]
    assert _main(monkeypatch, ["inspect", *logs, "--out", str(tmp_path / "a"), "--fail-on", "critical",
                               "--no-hardening"]) == 0
    assert _main(monkeypatch, ["inspect", *logs, "--out", str(tmp_path / "b"), "--fail-on", "low"]) == 1
    assert _main(monkeypatch, ["inspect", "--logs", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "c")]) == 2

    def crash(*args: object, **kwargs: object) -> int:
        raise RuntimeError("planted bug")

    monkeypatch.setattr("netinspect.workflow.inspect_source", crash)
    monkeypatch.setattr("netinspect.cli.app.inspect_source", crash)
    capsys.readouterr()
    assert _main(monkeypatch, ["inspect", *logs, "--out", str(tmp_path / "d")]) == 3
    err = capsys.readouterr().err
    assert "内部错误" in err and "planted bug" in err and "Traceback" not in err
    written = list((tmp_path / "logs").glob("netinspect-crash-*.log"))
    assert len(written) == 1 and str(written[0]) in " ".join(err.split())
    assert "RuntimeError: planted bug" in written[0].read_text(encoding="utf-8")


def test_exit_codes_are_documented_in_help_and_readme() -> None:
    result = runner.invoke(app, ["inspect", "--help"])
    assert "3 internal error" in " ".join(result.output.split())
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "| 3 |" in readme


# ---- the fault barrier per device ----

def _boom_for(name: str, real):  # noqa: ANN001, ANN202
    def wrapped(raw: RawDevice):  # noqa: ANN202
        if raw.name == name:
            raise KeyError("planted parser bug")
        return real(raw)
    return wrapped


def test_parser_crash_in_one_device_gives_it_an_error_and_reports_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "normalize", _boom_for("HZ-CORE-S6850", pipeline.normalize))
    out = tmp_path / "out"
    result = runner.invoke(app, ["inspect", "--logs", str(HUAWEI), "--logs", str(H3C), "--out", str(out),
                                 "--lang", "en"])
    assert result.exit_code == 3, result.output
    devices = by_name(out)
    broken = devices["HZ-CORE-S6850"]["results"]
    assert [(r["check"], r["status"]) for r in broken] == [("analysis", "error")]
    assert "KeyError" in broken[0]["message"] and "normalize" in broken[0]["message"]
    assert any(r["check"] == "health.cpu" for r in devices["HZ-ACC-S5735-01"]["results"])
    assert (out / "errors.log").is_file() and "planted parser bug" in (out / "errors.log").read_text()
    assert "errors.log" in " ".join(result.output.split())
    assert (out / "inspection-report.html").is_file() and (out / "inspection-report.xlsx").is_file()


def test_check_suite_crash_in_one_device_is_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import netinspect.checks.health_suite as health
    real = health.run

    def run(devices, ctx):  # noqa: ANN001, ANN202
        if any(d.name == "HZ-CORE-S6850" for d in devices):
            raise ZeroDivisionError("planted check bug")
        real(devices, ctx)

    monkeypatch.setattr(health, "run", run)
    out = tmp_path / "out"
    result = runner.invoke(app, ["inspect", "--logs", str(HUAWEI), "--logs", str(H3C), "--out", str(out)])
    assert result.exit_code == 3, result.output
    devices = by_name(out)
    errors = [r for r in devices["HZ-CORE-S6850"]["results"] if r["check"] == "analysis"]
    assert len(errors) == 1 and errors[0]["fault"] == {"stage": "health", "internal": True}
    assert any(r["check"] == "health.cpu" for r in devices["HZ-ACC-S5735-01"]["results"])
    assert any(r["category"] == "hardening" for r in devices["HZ-ACC-S5735-01"]["results"])


def test_renderer_crash_on_one_device_is_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import netinspect.report.inspection as inspection
    real = inspection.build_view

    def build_view(run, *args):  # noqa: ANN001, ANN002, ANN202
        if any(d.name == "HZ-CORE-S6850" and any(r.check == "health.cpu" for r in d.results) for d in run.devices):
            raise ValueError("planted renderer bug")
        return real(run, *args)

    monkeypatch.setattr(inspection, "build_view", build_view)
    out = tmp_path / "out"
    result = runner.invoke(app, ["inspect", "--logs", str(HUAWEI), "--logs", str(H3C), "--out", str(out)])
    assert result.exit_code == 3, result.output
    devices = by_name(out)
    assert [r["fault"]["stage"] for r in devices["HZ-CORE-S6850"]["results"]] == ["report"]
    assert any(r["check"] == "health.cpu" for r in devices["HZ-ACC-S5735-01"]["results"])
    assert (out / "inspection-report.md").is_file()


def test_device_over_its_time_budget_gets_an_error_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.normalize

    def slow(raw: RawDevice):  # noqa: ANN202
        if raw.name == "HZ-CORE-S6850":
            while True:
                time.sleep(0.01)
        return real(raw)

    monkeypatch.setattr(pipeline, "normalize", slow)
    monkeypatch.setattr(pipeline, "DEVICE_SECONDS", 0.5)
    out = tmp_path / "out"
    result = runner.invoke(app, ["inspect", "--logs", str(HUAWEI), "--logs", str(H3C), "--out", str(out),
                                 "--lang", "en", "--fail-on", "critical"])
    assert result.exit_code == 1, result.output  # not analysed: a problem, not a bug
    broken = by_name(out)["HZ-CORE-S6850"]["results"]
    assert broken[0]["status"] == "error" and "analysis stopped: time budget (0.5 s" in broken[0]["message"]
    assert broken[0]["fault"]["internal"] is False
    assert not (out / "errors.log").exists()


def test_device_over_its_size_budget_gets_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "DEVICE_MAX_CHARS", 1000)
    device, outcomes, fault = pipeline.normalize_guarded(huawei_raw("big"))
    assert fault is not None and "over the limit of 1000" in fault.reason and not fault.internal


# ---- 3./4./5. secrets, stalls, silently wrong ----

def test_configuration_over_the_cap_is_refused_not_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import netinspect.sources.configs as configs
    monkeypatch.setattr(configs, "MAX_BYTES", 1000)
    path = tmp_path / "big.cfg"
    path.write_text("sysname BIG\n#\nuser-interface vty 0 4\n" + "#\n" * 2000, encoding="utf-8")
    device, record = configs.read_config(path)
    assert device is None and record.status == "rejected" and "over the limit" in record.message


def test_missing_ssh_config_fails_the_device_instead_of_bypassing_the_jump_host(tmp_path: Path) -> None:
    from netinspect.collect.inventory import InventoryDevice
    from netinspect.collect.ssh import collect_device
    device = InventoryDevice(name="R1", host="10.255.255.1", platform="cisco_ios", password="x",
                             ssh_config=str(tmp_path / "no-such-config"))
    raw = collect_device(device, None)  # type: ignore[arg-type]  # returns before any connection
    assert raw.status == "error" and "ssh_config" in raw.message and "bypassed" in raw.message


def test_port_out_of_range_fails_inventory_check(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text("devices:\n  - {name: a, host: 10.0.0.1, platform: huawei_vrp, port: 99999}\n"
                    "  - {name: b, host: 10.0.0.2, platform: huawei_vrp, port: true}\n", encoding="utf-8")
    result = runner.invoke(app, ["inventory", "check", str(path), "--no-resolve", "--lang", "en"])
    assert result.exit_code == 1 and "99999" in result.output and "0 usable device(s)" in result.output


def test_keyboard_interactive_only_server_is_not_reported_as_auth_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    import paramiko
    from netmiko.exceptions import NetmikoAuthenticationException

    import netinspect.collect.ssh as ssh
    from netinspect.collect.inventory import InventoryDevice
    from netinspect.collect.transport import Plan
    from netinspect.platforms import get_platform

    def connect(*args: object) -> None:
        try:
            raise paramiko.BadAuthenticationType("Bad authentication type", ["keyboard-interactive"])
        except paramiko.BadAuthenticationType as exc:
            raise NetmikoAuthenticationException("Authentication to device failed.") from exc

    monkeypatch.setattr(ssh, "_connect", connect)
    device = InventoryDevice(name="R1", host="10.0.0.1", platform="cisco_ios", password="x", username="u")
    plan = Plan(device.platform, None, None, get_platform("cisco_ios"))
    attempt = ssh._attempt(device, plan, {}, None)  # type: ignore[arg-type]
    assert attempt.status == "error" and "keyboard-interactive" in attempt.message
    assert "no password was tried" in attempt.message


def test_hardening_scripts_of_colliding_and_reserved_names_are_distinct(tmp_path: Path) -> None:
    names = ["SW:1", "SW/1", "SW_1", "CON", "NUL", "核心" * 80]
    folder = bundle_of(tmp_path, names)
    result = runner.invoke(app, ["harden", "--bundle", str(folder), "--out", str(tmp_path / "out"), "--format", "md"])
    assert result.exit_code in (0, 1), result.output
    fixes = sorted(p.name for p in (tmp_path / "out").glob("*.fix.txt"))
    assert len(fixes) == len(names) and len({f.casefold() for f in fixes}) == len(names)
    assert not [f for f in fixes if f.split(".")[0].upper() in ("CON", "NUL")]
    assert all(len(f.encode()) <= 255 for f in fixes)


def test_allowlist_refuses_diagnostic_information_to_a_file(tmp_path: Path) -> None:
    from netinspect.collect.readonly import CommandSetError, load_command_file, refusal
    assert refusal("display diagnostic-information flash:/diag.txt")
    assert refusal("display diag diag.txt")
    assert refusal("display diagnostic-information") is None
    path = tmp_path / "extra.yaml"
    path.write_text("huawei_vrp: ['display diagnostic-information flash:/d.txt']\n", encoding="utf-8")
    with pytest.raises(CommandSetError):
        load_command_file(path)


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    from netinspect.collect.inventory import load_inventory
    from netinspect.core.options import OptionError, read_yaml
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb + "devices: *i\n", encoding="utf-8")
    start = time.perf_counter()
    load = load_inventory(path)
    assert load.devices == [] and "alias" in load.errors[0]
    with pytest.raises(OptionError, match="alias"):
        read_yaml(path)
    (tmp_path / "cycle.yaml").write_text("a: &a [*a]\n", encoding="utf-8")
    with pytest.raises(OptionError):
        read_yaml(tmp_path / "cycle.yaml")
    assert time.perf_counter() - start < 30  # generous: it took minutes


def test_repeated_command_keeps_earlier_outputs_without_copying() -> None:
    raw = RawDevice(name="r")
    for i in range(5):
        raw.add(CommandOutput("display version", text=f"v{i}"))
    assert raw.outputs["display version"].earlier == ["v0", "v1", "v2", "v3"]


def test_secrets_in_config_saved_evidence_are_redacted(tmp_path: Path) -> None:
    text = HUAWEI.read_text(encoding="utf-8").replace(
        "<HZ-ACC-S5735-01>display current-configuration\n",
        "<HZ-ACC-S5735-01>display current-configuration\n ip ospf authentication-key TOPSECRET1\n"
        " radius-server shared-key cipher TOPSECRET2\n", 1)
    (tmp_path / "s.log").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["inspect", "--logs", str(tmp_path / "s.log"), "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.iterdir() if p.suffix != ".xlsx")
    assert "TOPSECRET" not in written + result.output


def test_cursor_forward_runs_do_not_amplify_a_line() -> None:
    from netinspect.sources.logs import CURSOR_MARGIN, clean_line
    lines = clean_line("ab" + "\x1b[800C" * 10_000 + "cd")
    assert len("".join(lines)) <= CURSOR_MARGIN + 2 and "".join(lines).endswith("cd")
    assert clean_line("ab\x1b[3Ccd") == ["ab   cd"]


# ---------------------------------------------------------------- issue 24: bundle paths, bad shards


def _bundle_with(tmp_path: Path, name: str, file: str) -> Path:
    """A real bundle whose first command's file is replaced by `file` in the manifest."""
    folder = tmp_path / name
    write_bundle(folder, SourceResult(devices=[huawei_raw(f"SW-{name}")]))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["devices"][0]["commands"][0]["file"] = file
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.mark.parametrize("file", ["/etc/passwd", "../../../../../../etc/passwd", "raw/../../outside.txt",
                                  "raw/link.txt", "raw/linkdir/x.txt", "C:\\Windows\\win.ini", 42])
def test_merge_never_reads_a_file_outside_the_bundle(tmp_path: Path, file: object) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("root:TOPSECRET-OUTSIDE:0:0\n", encoding="utf-8")
    folder = _bundle_with(tmp_path, "b", file)  # type: ignore[arg-type]
    (folder / "raw" / "link.txt").symlink_to(secret)
    (folder / "raw" / "linkdir").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "x.txt").write_text("TOPSECRET-OUTSIDE\n", encoding="utf-8")
    result = runner.invoke(app, ["merge", str(folder), "-o", str(tmp_path / "m"), "-f", "json", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "m").rglob("*")
                      if p.is_file())
    assert "TOPSECRET" not in written and "root:" not in written
    device = by_name(tmp_path / "m")["SW-b"]
    assert device["collection"]["status"] == "partial", device["collection"]


def test_one_bad_shard_does_not_abort_merge(tmp_path: Path) -> None:
    good = _bundle_with(tmp_path, "good", "raw/SW-good/display_version.txt")
    good_manifest = json.loads((good / "manifest.json").read_text(encoding="utf-8"))
    good_manifest["devices"][0]["commands"][0]["file"] = json.loads(
        json.dumps(good_manifest["devices"][0]["commands"][1]["file"]))  # a real file again
    (good / "manifest.json").write_text(json.dumps(good_manifest), encoding="utf-8")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text('{"devices": [{"no-name": 1}, 7, {"name": "X", "commands": [{}]}]}',
                                          encoding="utf-8")
    deep = tmp_path / "deep"
    deep.mkdir()
    (deep / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = runner.invoke(app, ["merge", str(good), str(broken), str(deep), "-o", str(tmp_path / "m"), "-f", "json",
                                 "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    assert "SW-good" in by_name(tmp_path / "m")
    assert "broken" in result.output and "deep" in result.output


# ---------------------------------------------------------------- issue 24: deep nesting, impossible dates


@pytest.mark.parametrize("text", ["devices: " + "[" * 5000 + "]" * 5000 + "\n",
                                  "a:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(3000))])
def test_deeply_nested_yaml_is_a_yaml_error(text: str) -> None:
    from netinspect.core import safeyaml

    with pytest.raises(yaml.YAMLError, match="nested more than"):
        safeyaml.load(text)


def test_deeply_nested_json_is_a_value_error() -> None:
    from netinspect.core import safeyaml

    for text in ("[" * 100_000 + "]" * 100_000, "[" * 500 + "]" * 500):
        with pytest.raises(ValueError, match="nested more than"):
            safeyaml.load_json(text)
    assert safeyaml.load_json('{"a": [1, {"b": "[[[["}]}') == {"a": [1, {"b": "[[[["}]}


@pytest.mark.parametrize("value", ["2026-13-40", "2026-02-30", "2026-00-10"])
def test_impossible_date_in_a_site_file_is_one_line_naming_file_and_field(tmp_path: Path, value: str) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(f"customer: ACME\nsite: HQ\ndate: {value}\n", encoding="utf-8")
    result = runner.invoke(app, ["inspect", "--logs", str(H3C), "--site", str(site), "-o", str(tmp_path / "o"),
                                 "-f", "md", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "site.yaml:3" in result.output and "date" in result.output and value in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


@pytest.mark.parametrize("name, text", [
    ("deep.yaml", "format: netinspect-bulletins/1\nbulletins: " + "[" * 3000 + "]" * 3000 + "\n"),
    ("date.yaml", "format: netinspect-bulletins/1\nbulletins:\n  - id: X-1\n    published: 2026-13-40\n"),
    ("deep.json", "[" * 100_000 + "]" * 100_000),
])
def test_bad_advisory_files_are_rejected_by_name(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["advisories", "import", str(path), "--advisories", str(tmp_path / "a.sqlite"),
                                 "--lang", "en"])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    errors = [ln for ln in result.output.splitlines() if name in ln]
    assert len(errors) == 1 and "1 rejected" in result.output, result.output


@pytest.mark.parametrize("text", ["devices: " + "[" * 5000 + "]" * 5000 + "\n",
                                  "devices:\n  - {name: a, host: 10.0.0.1, platform: huawei_vrp, bought: 2026-13-40}\n"])
def test_bad_inventory_files_are_reported_not_crashed(tmp_path: Path, text: str) -> None:
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["inventory", "check", str(path), "--lang", "en"])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "inventory.yaml" in result.output


# ---------------------------------------------------------------- issue 24: long inputs in linear time


def test_long_hostile_logs_take_no_longer_than_an_ordinary_log_of_their_size() -> None:
    """The hostile buffers of issue 24 against an ordinary session log of the same size (the same real
    buffer lines repeated): each within 4x its time per MB (before: minutes for the repeated words)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_long_logs import case, seconds

    seconds(case("buffer", 10))  # templates compiled once
    ordinary = case("buffer", 6000)
    per_mb = seconds(ordinary) / (len(ordinary) / 1e6)
    for kind, n in (("word:IRF", 40_000), ("word:fan", 40_000), ("word:CPU usage", 40_000),
                    ("word:interface HundredGigE1/0/53", 40_000), ("blank-lines-first", 20_000),
                    ("blank-between", 6000)):
        text = case(kind, n)
        took = seconds(text)
        assert took / (len(text) / 1e6) < 4 * per_mb + 0.5, (kind, took, per_mb)


def test_repeated_log_message_is_judged_once_and_reported_with_its_count() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_long_logs import case

    from netinspect.pipeline import AnalysisContext, analyse
    from netinspect.sources.logs import read_logs

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.log"
        path.write_text(case("word:fan", 40_000), encoding="utf-8")
        run = analyse(read_logs([path]), "logs", AnalysisContext(lang="en"), ["health"])
    result = next(r for r in run.devices[0].results if r.check == "health.logs")
    assert result.status == "fail" and result.severity == "medium"  # level 3; "fan" without a fault word
    assert len(result.evidence) == 1 and result.evidence[0].endswith("(×10)")


def test_a_check_over_the_budget_stops_the_device_and_keeps_what_was_judged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: the per-check `except Exception` no longer swallows the time budget (the device then ran
    on unbounded); the device is reported "analysis stopped: time budget" with the results judged before."""
    from netinspect.checks.health import CHECKS

    real = CHECKS["health.logs"]

    def looping(device, t, env):  # noqa: ANN001, ANN202
        if device.name == "HZ-CORE-S6850":
            while True:
                time.sleep(0.01)
        return real(device, t, env)

    monkeypatch.setitem(CHECKS, "health.logs", looping)
    monkeypatch.setattr(pipeline, "DEVICE_SECONDS", 1.0)
    out = tmp_path / "out"
    start = time.perf_counter()
    result = runner.invoke(app, ["inspect", "--logs", str(HUAWEI), "--logs", str(H3C), "--out", str(out),
                                 "--lang", "en", "--fail-on", "critical", "--no-hardening"])
    assert time.perf_counter() - start < 60
    assert result.exit_code == 1, result.output
    stopped = by_name(out)["HZ-CORE-S6850"]["results"]
    budget = [r for r in stopped if r["check"] == "analysis"]
    assert len(budget) == 1 and "analysis stopped: time budget (1 s" in budget[0]["message"], budget
    judged = [r for r in stopped if r["check"] != "analysis"]
    assert judged and f"{len(judged)} result(s) judged" in budget[0]["message"]
    assert all(r["check"] != "health.logs" for r in judged)
    other = by_name(out)["HZ-ACC-S5735"]["results"] if "HZ-ACC-S5735" in by_name(out) else None
    assert other is None or all(r["check"] != "analysis" for r in other)


# ---------------------------------------------------------------- issue 24: output folder


def test_output_folder_that_is_a_file_is_a_usage_error_before_the_analysis(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("analysed before the output folder was checked")

    monkeypatch.setattr("netinspect.workflow.analyse", never)
    existing = tmp_path / "report.txt"
    existing.write_text("mine\n", encoding="utf-8")
    for out, words in ((existing, "existing file"), (existing / "sub", "cannot create")):
        result = runner.invoke(app, ["inspect", "--logs", str(H3C), "--out", str(out), "--lang", "en"])
        assert result.exit_code == 2, result.output
        assert words in result.output and len(result.output.strip().splitlines()) == 1, result.output
    assert existing.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = runner.invoke(app, ["inspect", "--logs", str(H3C), "--out", str(out), "--lang", "en"])
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2 and "not writable" in result.output, result.output


def test_output_folder_marked_incomplete_until_the_run_finishes(tmp_path: Path) -> None:
    """SIGKILL in the middle leaves the marker; a rerun into the same folder works and removes it."""
    import signal
    import subprocess

    from netinspect.workflow import INCOMPLETE
    big = tmp_path / "big.log"
    big.write_text(H3C.read_text(encoding="utf-8") * 40, encoding="utf-8")  # a few seconds of analysis
    out = tmp_path / "out"
    args = [sys.executable, "-c", "import sys; from netinspect.cli.app import main; sys.exit(main())", "inspect", "--logs", str(big), "--out", str(out), "--lang", "en",
            "-f", "json", "--no-history"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (out / INCOMPLETE).exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert (out / INCOMPLETE).exists()
    assert not (out / "results.json").exists()
    done = subprocess.run(args, capture_output=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    assert (out / "results.json").is_file() and not (out / INCOMPLETE).exists()


def test_merged_bundle_manifest_says_complete(tmp_path: Path) -> None:
    from netinspect.collect.bundle import read_manifest
    from netinspect.workflow import INCOMPLETE, prepare_outdir

    folder = tmp_path / "b"
    prepare_outdir(folder, "en")
    write_bundle(folder, SourceResult(devices=[huawei_raw("SW-1")]))
    assert read_manifest(folder)["status"] == "incomplete" and (folder / INCOMPLETE).exists()
    result = runner.invoke(app, ["merge", str(folder), "-o", str(tmp_path / "m"), "-f", "json", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    assert read_manifest(tmp_path / "m")["status"] == "complete" and not (tmp_path / "m" / INCOMPLETE).exists()


def _own_words(source: str) -> list[str]:
    """The literal words of a regex source (escapes dropped): what a line repeating them is made of."""
    import re
    return re.findall(r"[A-Za-z][A-Za-z_-]{1,}", re.sub(r"\\.|\(\?P?<\w+>|\[[^\]]*\]", " ", source))[:6]


def test_data_patterns_stay_linear_on_lines_repeating_their_own_words() -> None:
    """Issue 24: `fan.*(fail|...)` took minutes on `fan fan fan ...`. Every regex of data/*.yaml (secret
    forms, log patterns, prompts, paging) is tried on 40,000-character lines made of its own words repeated
    (all of them, with and without blanks, and each of its first three alone)."""
    from netinspect.checks.health import log_patterns
    from tests.adversarial import _data_patterns
    from tests.test_regex_adversarial import _searched

    patterns = list(_data_patterns())
    patterns += [(f"log_patterns.yaml: {name}", part) for name, (_, pattern) in log_patterns()[0].items()
                 for alternative in pattern.alternatives
                 for part in getattr(alternative, "parts", (alternative,))]
    assert any(o.startswith("redaction.yaml") for o, _ in patterns) and len(patterns) > 100
    slow = []
    for origin, pattern in patterns:
        words = _own_words(pattern.pattern)
        if not words:
            continue
        for unit in (" ".join(words) + " ", "".join(words) + " ", *(w + " " for w in words[:3])):
            line = unit * (40_000 // len(unit))  # all its words, or one alone (fan fan fan: no tail ever)
            # as the code uses them: searched (secret forms, log patterns, paging), matched at the start
            # (prompts, login markers), or whole (i18n message patterns, against our own one-line messages)
            use = (pattern.search if _searched(origin) or origin.startswith("log_patterns") else
                   pattern.fullmatch if origin.startswith("i18n") else pattern.match)
            start = time.perf_counter()
            use(line)
            took = time.perf_counter() - start
            if took > 0.5:
                slow.append(f"{took:.2f}s {origin}")
    assert slow == []


def test_bulletin_import_goes_on_past_a_bad_bulletin_and_counts_it(tmp_path: Path) -> None:
    source = (Path(__file__).parent / "data" / "advisories" / "bulletins.yaml").read_text(encoding="utf-8")
    bad = source.replace("  - id: TEST-H3C-0002\n", "  - id: TEST-BAD\n    vendor: h3c\n    title: bad\n    products: 7\n"
                         "  - id: TEST-NOVENDOR\n    title: no vendor\n  - id: TEST-H3C-0002\n", 1)
    path = tmp_path / "bulletins.yaml"
    path.write_text(bad, encoding="utf-8")
    result = runner.invoke(app, ["advisories", "import", str(path), "--advisories", str(tmp_path / "a.sqlite"),
                                 "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "TEST-H3C-0001" in result.output and "TEST-H3C-0002" in result.output, result.output
    assert "2 of" in result.output and "bulletin(s) rejected" in result.output and "missing vendor" in result.output


def test_full_disk_while_writing_reports_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from netinspect.workflow import INCOMPLETE

    def full(run, outdir, formats, **kwargs):  # noqa: ANN001, ANN003, ANN202
        raise OSError(errno.ENOSPC, "No space left on device", str(outdir / "results.json"))

    monkeypatch.setattr("netinspect.workflow.write_reports", full)
    out = tmp_path / "out"
    result = runner.invoke(app, ["inspect", "--logs", str(H3C), "--out", str(out), "--lang", "en", "--no-history"])
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output and "results.json" in result.output
    assert len([ln for ln in result.output.splitlines() if "error" in ln.lower()]) == 1, result.output
    assert (out / INCOMPLETE).exists()
