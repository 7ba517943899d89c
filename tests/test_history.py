"""Inspection history: two inspections a quarter apart, the "since the last inspection" part, `netinspect history`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from netinspect.cli.app import app
from netinspect.history.store import HistoryStore
from netinspect.lab.fleet import FLEET_DIR
from netinspect.sources.logs import read_logs
from netinspect.workflow import InspectOptions, inspect_source

LOG = FLEET_DIR / "h3c_s6850_core.log"


def inspect(log_text: str, tmp: Path, name: str, started: str, store: Path, lang: str) -> Path:
    log = tmp / f"{name}.log"
    log.write_text(log_text, encoding="utf-8")
    out = tmp / name
    inspect_source(read_logs([log]), "logs", InspectOptions(out=out, formats=["html", "md"], lang=lang, quiet=True,
                                                            history=store), started=started)
    return out


# The core runs OSPF and eBGP without authentication (issue 23): 11 of its security baseline items are the
# access/control-plane/routing hardening items.
def two_quarters(tmp_path: Path, lang: str) -> tuple[Path, Path]:
    original = LOG.read_text(encoding="utf-8")
    # Q3: CPU high (a problem then), no CRC errors; Q4: the fleet's own log (CRC errors on WGE1/0/3, CPU 7%)
    q3 = (original.replace("       7% in last 5 minutes", "      91% in last 5 minutes", 1)
          .replace("Input:  1873 input errors", "Input:  0 input errors", 1).replace("        1873 CRC", "        0 CRC", 1))
    store = tmp_path / "history.sqlite"
    inspect(q3, tmp_path, "q3", "2026-08-28T10:00:00+08:00", store, lang)
    return inspect(original, tmp_path, "q4", "2026-11-28T10:00:00+08:00", store, lang), store


def test_second_inspection_a_quarter_later_says_what_is_new_resolved_and_persisting_en(tmp_path):
    out, store = two_quarters(tmp_path, "en")
    md = (out / "inspection-report.md").read_text(encoding="utf-8")
    part = md[md.index("## Since the last inspection"):]
    part = part[:part.index("\n## ", 5)]
    assert ("Last inspection: 2026-08-28 (1 recorded for this customer and site). Health: 1 new problem(s), "
            "1 resolved, 2 persisting.") in part  # the OSPF neighbour persists; the IRF log line is the stack problem's evidence
    assert "Security baseline: 0 new item(s), 0 fixed, 21 still open." in part
    assert part.index("### Health changes") < part.index("### Security baseline changes")
    row = next(line for line in part.splitlines() if line.startswith("| HZ-CORE-S6850"))
    cells = [c.strip() for c in row.split("|")[1:-1]]
    assert cells[1] == "Interfaces and errors: Twenty-FiveGigE1/0/3"  # keyed by check and object
    assert "CPU" in cells[2]
    # trends only where a metric moved: the problem count did not
    assert "CPU (%): 91 → 7" in cells[4] and "Problems:" not in cells[4]
    assert "Interface errors (increase per day): 20.4" in cells[4]  # 0 -> 1873 CRC+input errors in 92 days
    html = (out / "inspection-report.html").read_text(encoding="utf-8")
    assert '<section id="history">' in html and html.count("<polyline") == 2
    assert len(HistoryStore(store).runs()) == 2


def test_second_inspection_in_chinese(tmp_path):
    out, _ = two_quarters(tmp_path, "zh")
    md = (out / "inspection-report.md").read_text(encoding="utf-8")
    assert "## 与上次巡检对比" in md
    assert "上次巡检：2026-08-28（本客户本站点共记录 1 次）。运行状态：新增问题 1 项，已解决 1 项，持续存在 2 项。" in md
    assert "安全基线：新增 0 项，已整改 0 项，仍未整改 21 项。" in md
    assert "CPU 利用率（%）: 91 → 7" in md


def test_first_inspection_has_no_history_part_and_history_can_be_switched_off(tmp_path):
    store = tmp_path / "h.sqlite"
    out = inspect(LOG.read_text(encoding="utf-8"), tmp_path, "first", "2026-08-28T10:00:00+08:00", store, "en")
    assert "Since the last inspection" not in (out / "inspection-report.md").read_text(encoding="utf-8")
    log = tmp_path / "first.log"
    inspect_source(read_logs([log]), "logs", InspectOptions(out=tmp_path / "off", formats=["md"], quiet=True,
                                                            history=store, record_history=False))
    assert len(HistoryStore(store).runs()) == 1
    assert "Since the last inspection" not in (tmp_path / "off" / "inspection-report.md").read_text(encoding="utf-8")


def test_default_store_is_in_the_user_data_folder(tmp_path, monkeypatch):
    from netinspect.history.store import default_path

    assert default_path().name == "history.sqlite" and "netinspect" in str(default_path())
    monkeypatch.setenv("NETINSPECT_HISTORY", str(tmp_path / "team.sqlite"))
    assert default_path() == tmp_path / "team.sqlite"


def test_history_cli_list_show_trend(tmp_path):
    _, store = two_quarters(tmp_path, "en")
    runner = CliRunner()
    listed = runner.invoke(app, ["history", "list", "--history", str(store), "--lang", "en"])
    assert listed.exit_code == 0 and "2026-08-28" in listed.output and "2026-11-28" in listed.output
    shown = runner.invoke(app, ["history", "show", "1", "--history", str(store), "--lang", "en"])
    assert shown.exit_code == 0 and "health.cpu" in shown.output
    trend = runner.invoke(app, ["history", "trend", "210235A2CRH21B000107", "--history", str(store), "--lang", "en"])
    assert trend.exit_code == 0 and "91" in trend.output and "7" in trend.output
    missing = runner.invoke(app, ["history", "trend", "NOPE", "--history", str(store), "--lang", "en"])
    assert missing.exit_code == 1 and "No device NOPE" in missing.output
    empty = runner.invoke(app, ["history", "list", "--history", str(tmp_path / "none.sqlite")])
    assert empty.exit_code == 1


def test_a_devices_rows_are_found_by_index_as_by_scanning_every_row():
    """Rows are matched by serial, else hostname, else name (same_device); the index finds the same rows."""
    from itertools import product

    from netinspect.core.model import Device
    from netinspect.core.raw import RawDevice
    from netinspect.core.results import DeviceResult
    from netinspect.history.compare import RowIndex, same_device
    from netinspect.history.store import DeviceRow

    values = {"serial": [None, "", "SN1", "sn1", "SN2"], "hostname": [None, "core", "CORE", "edge"],
              "name": ["core", "edge", "x"]}
    rows = [DeviceRow(run=i, started=f"2026-01-{i % 28 + 1:02d}", name=n, hostname=h, serial=s, model=None,
                      status="ok", metrics={}, problems={})
            for i, (s, h, n) in enumerate(product(values["serial"], values["hostname"], values["name"]))]
    index = RowIndex(rows)
    for serial, hostname, name in product(values["serial"], values["hostname"], values["name"]):
        device = Device(name=name)
        device.identity.serial, device.identity.hostname = serial, hostname
        d = DeviceResult(raw=RawDevice(name=name), device=device)
        assert index.history_of(d) == [r for r in rows if same_device(r, serial, hostname, name)], (serial, hostname)


def _inspect_site(tmp: Path, name: str, log: Path, customer: str, site: str, day: str, store: Path,
                  lang: str = "en", cpu: str | None = None) -> str:
    """One inspection of `customer`/`site` dated by its site file; returns the report's Markdown."""
    text = log.read_text(encoding="utf-8")
    if cpu:
        text = text.replace("       7% in last 5 minutes", f"      {cpu}% in last 5 minutes", 1)
    path = tmp / f"{name}.log"
    path.write_text(text, encoding="utf-8")
    site_file = tmp / f"{name}.site.yaml"
    site_file.write_text(f"customer: {customer}\nsite: {site}\ndate: {day}\nengineer: Li\n", encoding="utf-8")
    inspect_source(read_logs([path]), "logs", InspectOptions(out=tmp / name, formats=["md"], lang=lang, quiet=True,
                                                             history=store, site_file=site_file))
    return (tmp / name / "inspection-report.md").read_text(encoding="utf-8")


def _since(md: str) -> str:
    if "## Since the last inspection" not in md:
        return ""
    part = md[md.index("## Since the last inspection"):]
    return part[:part.index("\n## ", 5)]


def test_two_customers_inspected_alternately_each_compare_with_their_own_last_inspection(tmp_path):
    store = tmp_path / "team.sqlite"
    core, access = LOG, FLEET_DIR / "cisco_c2960x_access.log"
    assert "Since" not in _inspect_site(tmp_path, "a1", core, "Alpha Bank", "HQ", "2026-06-02", store, cpu="91")
    assert "Since" not in _inspect_site(tmp_path, "b1", access, "Beta Mfg", "Plant 1", "2026-06-09", store)
    a2 = _since(_inspect_site(tmp_path, "a2", core, "Alpha Bank", "HQ", "2026-09-01", store))
    b2 = _since(_inspect_site(tmp_path, "b2", access, "Beta Mfg", "Plant 1", "2026-09-08", store))
    assert "Last inspection: 2026-06-02 (1 recorded for this customer and site)" in a2
    assert "Last inspection: 2026-06-09 (1 recorded for this customer and site)" in b2
    assert "not in the last inspection" not in a2 + b2
    assert "CPU utilisation" in a2  # resolved since June: its own June run, not the other customer's
    assert "HZ-CORE" not in b2 and "2026-06-02" not in b2
    # an older inspection analysed last does not become "the last inspection" of the later ones
    march = _since(_inspect_site(tmp_path, "a0", core, "Alpha Bank", "HQ", "2026-03-03", store))
    assert march == ""  # nothing of Alpha Bank HQ before March
    a3 = _since(_inspect_site(tmp_path, "a3", core, "Alpha Bank", "HQ", "2026-12-01", store))
    assert "Last inspection: 2026-09-01 (3 recorded for this customer and site)" in a3
    runs = HistoryStore(store).runs(customer="alpha bank")
    assert [r["started"][:10] for r in runs] == ["2026-03-03", "2026-06-02", "2026-09-01", "2026-12-01"]
    assert {r["inspected_how"] for r in runs} == {"site"}
    listed = CliRunner().invoke(app, ["history", "list", "--history", str(store), "--site", "Plant 1", "--lang", "en"])
    assert listed.exit_code == 0 and "Beta Mfg" in listed.output and "Alpha" not in listed.output


def test_titles_are_rendered_in_the_language_asked_not_the_run_language(tmp_path):
    store = tmp_path / "h.sqlite"
    _inspect_site(tmp_path, "z", LOG, "Alpha Bank", "HQ", "2026-06-02", store, lang="zh", cpu="91")
    shown = CliRunner().invoke(app, ["history", "show", "--history", str(store), "--lang", "en"])
    assert shown.exit_code == 0 and "CPU utilisation" in shown.output and "Interfaces and errors" in shown.output
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in shown.output.split("Alpha Bank HQ")[1])


def test_problems_are_keyed_by_check_and_object(tmp_path):
    from netinspect.history.compare import _changes

    before = {"health.fan|1 FAN3": ("high", "health")}
    now = {"health.fan|1 FAN2": ("high", "health")}
    changes = _changes(now, before, True, "en")["health"]
    assert changes == {"new": ["Fans: 1 FAN2"], "resolved": ["Fans: 1 FAN3"], "persisting": []}


def test_counters_are_increases_per_day_and_a_reset_is_not_a_value():
    from netinspect.history.compare import per_day

    assert per_day([("2026-03-01", 100.0), ("2026-03-11", 300.0), ("2026-03-21", 50.0), ("2026-03-31", 150.0)]) == [
        ("2026-03-11", 20.0), ("2026-03-21", None), ("2026-03-31", 10.0)]


def test_a_failed_fan_is_keyed_by_its_slot_and_id_from_the_real_output():
    """The object of a fan problem comes from the device model (public VRP output, tests/corpus)."""
    from netinspect.checks.objects import problem_keys
    from netinspect.core.raw import CommandOutput, RawDevice
    from netinspect.core.results import CheckResult, DeviceResult
    from netinspect.normalize import normalize

    text = (Path(__file__).parent / "corpus" / "huawei_vrp5" / "display_fan" / "elinpf_plugin_fan_abnormal.txt").read_text()
    raw = RawDevice(name="sw", os="huawei_vrp")
    raw.outputs["display fan"] = CommandOutput("display fan", text)
    device, outcomes = normalize(raw)
    d = DeviceResult(raw, device, outcomes)
    d.results.append(CheckResult("health.fan", "health", "fail", "high", "fan 1 abnormal"))
    assert [(k.text(), r.check) for k, r in problem_keys(d)] == [("health.fan|0 1", "health.fan")]
