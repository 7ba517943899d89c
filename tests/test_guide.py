"""`netinspect guide`: the daily maintenance guide lists only checks of the catalog and commands of the
platform's set, for each model of the fleet, in zh and en, as HTML, Markdown and PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.checks.catalog import load_catalog
from netinspect.cli.app import app
from netinspect.core.i18n import labels
from netinspect.guide.build import INTERVALS, guide_data, view
from netinspect.guide.fleet import FleetModel
from netinspect.platforms import OS_IDS, get_platform

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"
runner = CliRunner()
ROLES = (None, "switch", "router", "firewall", "wlan_controller")


def _all_models() -> list[FleetModel]:
    return [FleetModel(os_id, "X", role, ["d"]) for os_id in OS_IDS for role in ROLES]


def test_data_names_only_catalog_checks_and_real_subcommands() -> None:
    catalog, data = load_catalog("health"), guide_data()
    listed = [c for name in INTERVALS for c in data["intervals"].get(name, [])]
    assert set(listed) <= set(catalog) and len(listed) == len(set(listed))
    assert set(c for c in catalog if load_catalog("health")[c].facts) == set(listed)  # every check has an interval
    assert all(e["check"] in catalog for e in data["monitoring"])
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    for tasks in data["tasks"].values():
        assert all(task["command"] in commands for task in tasks)


def test_monitoring_keywords_match_the_log_patterns_of_health_logs() -> None:
    from netinspect.checks.health import log_patterns

    by_name = {name: pattern for name, (_, pattern) in log_patterns()[0].items()}
    for event in guide_data()["monitoring"]:
        if "log_pattern" in event:
            regex = by_name[event["log_pattern"]]
            assert event["keywords"] and all(regex.search(k) for k in event["keywords"]), event["id"]
        assert set(event.get("traps") or {}) <= {"huawei", "h3c", "cisco", "any"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_check_listed_is_in_the_catalog_and_every_command_in_the_platform_set(lang: str) -> None:
    catalog = load_catalog("health")
    titles = {s.text("title", lang): s for s in catalog.values()}
    data = view(_all_models(), lang, {}, {}, "2026-11-30", "MG-1")
    assert len(data["models"]) == len(OS_IDS) * len(ROLES)
    for model in data["models"]:
        platform = get_platform(model["os"])
        command_set = {c.command for c in platform.commands}
        for interval in model["intervals"]:
            for row in interval["checks"]:
                assert row["id"] in catalog and row["title"] in titles
                assert row["commands"] and set(row["commands"]) <= command_set, (model["os"], row)
        for event in model["monitoring"]:
            assert event["check"] in titles


def test_role_bound_checks_only_for_their_role() -> None:
    data = view([FleetModel("huawei_vrp", "S5735", "switch", ["a"]), FleetModel("huawei_vrp", "USG", "firewall", ["b"])],
                "en", {}, {}, "2026-11-30", "MG-1")
    ids = [{row["id"] for iv in m["intervals"] for row in iv["checks"]} for m in data["models"]]
    assert "health.ha" not in ids[0] and "health.sessions" not in ids[0]
    assert {"health.ha", "health.sessions"} <= ids[1]
    # Cisco has no HA/session command in its set: the guide does not ask for those checks there
    cisco = view([FleetModel("cisco_ios", "ASA", "firewall", ["c"])], "en", {}, {}, "2026-11-30", "MG-1")
    assert "health.ha" not in {row["id"] for iv in cisco["models"][0]["intervals"] for row in iv["checks"]}


def test_thresholds_follow_the_user_config() -> None:
    config = {"checks": {"health.cpu": {"medium": 70, "high": 85}}, "roles": {}, "devices": {}}
    data = view([FleetModel("h3c_comware", "S6850", "switch", ["a"])], "en", {}, config, "2026-11-30", "MG-1")
    cpu = next(r for iv in data["models"][0]["intervals"] for r in iv["checks"] if r["id"] == "health.cpu")
    assert "70" in cpu["normal"] and cpu["threshold"] == "Medium ≥ 70%; High ≥ 85%"


def test_every_threshold_key_has_a_wording() -> None:
    for lang in ("zh", "en"):
        t = labels(lang, "common", "guide")
        for spec in load_catalog("health").values():
            for key in spec.thresholds:
                assert f"severity.{key}" in t or f"threshold.{key}" in t, key


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fleet")
    for name in ("h3c_s6850_core.log", "huawei_usg6555e.log", "cisco_c9300_dist.log"):
        shutil.copy(FLEET / name, folder / name)
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_guide_from_logs_html_md(logs: Path, tmp_path: Path, lang: str) -> None:
    result = runner.invoke(app, ["guide", "--logs", str(logs), "-o", str(tmp_path), "-f", "html,md", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[-3:] == [str(tmp_path), str(tmp_path / "maintenance-guide.html"),
                                          str(tmp_path / "maintenance-guide.md")]  # folder, then its files
    md = (tmp_path / "maintenance-guide.md").read_text(encoding="utf-8")
    for text in ("S6850-56HF", "USG6555E", "C9300-48P", "display hrp state", "show processes cpu"):
        assert text in md
    assert ("日常维护指导书" in md) == (lang == "zh") and ("Daily maintenance guide" in md) == (lang == "en")
    assert "display hrp state" not in md.split("## C9300-48P")[1].split("\n## ")[0]  # no firewall check on a switch


def test_guide_from_inventory_and_quiet(tmp_path: Path) -> None:
    inv = tmp_path / "inv.yaml"
    inv.write_text("devices:\n  - {name: fw1, host: 10.0.0.1, platform: h3c_comware, role: firewall}\n"
                   "  - {name: sw1, host: 10.0.0.2, platform: cisco_ios}\n", encoding="utf-8")
    result = runner.invoke(app, ["guide", "-i", str(inv), "-o", str(tmp_path / "g"), "-f", "md", "-q", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "g")
    md = (tmp_path / "g" / "maintenance-guide.md").read_text(encoding="utf-8")
    assert "display session statistics" in md and "show version" in md


def test_guide_usage_errors_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["guide", "--lang", "en"])
    assert result.exit_code == 2 and "exactly one of" in result.stderr and "Traceback" not in result.stderr
    result = runner.invoke(app, ["guide", "-i", str(tmp_path / "none.yaml"), "--lang", "zh"])
    assert result.exit_code == 2 and "错误" in result.stderr


def test_guide_pdf_zh(logs: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # pragma: no cover
        pytest.skip(f"WeasyPrint unavailable: {exc}")
    result = runner.invoke(app, ["guide", "--logs", str(logs), "-o", str(tmp_path), "-f", "pdf", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "maintenance-guide.pdf")
    text = "".join(p.extract_text() for p in reader.pages)
    assert "日常维护指导书" in text and "S6850-56HF" in text and "维护记录表" in text
    assert "第 2 页" in text
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
