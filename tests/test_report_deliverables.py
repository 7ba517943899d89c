"""The inspection report as a customer reads it (issue 10): what comes first, baseline findings with
evidence, fix and plan item, evidence without internal names, cover, contents and sign-off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netinspect.checks.context import AnalysisContext
from netinspect.harden.plan import plan_steps
from netinspect.harden.report import view as plan_view
from netinspect.pipeline import analyse
from netinspect.report.inspection import build_view
from netinspect.report.jinja import render
from netinspect.sources.logs import read_logs
from tests.test_normalize_huawei import fleet

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
HARDWARE = ("health.power", "health.fan", "health.stack", "health.cpu")


@pytest.fixture(scope="module")
def runs():
    source = read_logs(sorted(FLEET.glob("*.log")))
    return {lang: analyse(source, "logs", AnalysisContext(lang=lang, site={"customer": "某某银行", "engineer": "张工"}),
                          ["health", "hardening"]) for lang in ("zh", "en")}


def test_device_problems_come_first_in_conclusion_and_risks(runs):
    run = runs["zh"]
    view = build_view(run, plan_steps)
    priority = next(line for line in view["conclusion"] if line.startswith("建议优先处理"))
    titles = {r.check: r.title for _, r in run.failed_results()}
    for check in HARDWARE:
        assert titles[check] in priority, (check, priority)
    baseline_titles = {r.title for _, r in run.failed_results() if r.category == "hardening"}
    first_device = max(priority.index(titles[c]) for c in HARDWARE)
    assert all(priority.find(t) == -1 or priority.find(t) > first_device for t in baseline_titles), priority
    categories = [r["category"] == "hardening" for r in view["risks"]]
    assert categories == sorted(categories), "a baseline item is listed before a device problem"


def test_baseline_findings_are_a_table_pointing_to_the_plan(runs):
    """Baseline items: one row each (device, item, severity, the hardening plan's item number); the fix
    commands are in the hardening plan, not repeated in the inspection report."""
    run = runs["zh"]
    view = build_view(run, plan_steps)
    assert len(view["baseline"]) == sum(1 for _, r in run.failed_results() if r.category == "hardening") > 0
    plan_items = {(i["device"], i["check"]): i["no"] for i in plan_view(run)["items"]}
    for row in view["baseline"]:
        assert row["plan_no"] == plan_items[(row["device"], row["check"])]
        assert row["plan_ref"] == f"见《网络加固方案》第 {row['plan_no']} 项（{row['check']}）"
    html = render("inspection/report.html.j2", **build_view(run, plan_steps, "full"))
    assert 'id="baseline"' in html and "整改命令" not in html
    first = view["baseline"][0]
    assert f"<td>{first['device']}</td><td>{first['title']}</td>" in html
    assert not any("\n".join(row["fix"][:2]) in html for row in view["baseline"] if len(row["fix"]) > 1)


def test_baseline_findings_in_summary_are_counted_per_device(runs):
    """--detail summary (the default): one row per device (findings by severity, the device's items in the
    hardening plan); the item-by-item list is in the XLSX sheet and the full report, which the text names."""
    run = runs["zh"]
    view = build_view(run, plan_steps)
    failed = [(d.name, r) for d in run.devices for r in d.results if r.is_problem and r.category == "hardening"]
    rows = {row["device"]: row for row in view["baseline_devices"]}
    assert set(rows) == {name for name, _ in failed} and sum(r["total"] for r in rows.values()) == len(failed)
    plan_items = {}
    for item in plan_view(run)["items"]:
        plan_items.setdefault(item["device"], []).append(item["no"])
    for name, row in rows.items():
        assert row["total"] == sum(row["by_severity"].values())
        assert row["by_severity"]["high"] == sum(1 for n, r in failed if n == name and r.severity == "high")
        first, last = min(plan_items[name]), max(plan_items[name])
        assert row["plan_items"] == (f"{first}–{last}" if last > first else str(first))
    html = render("inspection/report.html.j2", **view)
    assert "基线不符合项”工作表" in html and "--detail full" in html
    first = view["baseline"][0]
    assert f"<td>{first['device']}</td><td>{first['title']}</td>" not in html  # no item-by-item rows


def test_baseline_advice_is_advice_not_risk(runs):
    for lang, word in (("zh", "见《网络加固方案》"), ("en", "hardening plan")):
        run = runs[lang]
        risks = {r.check: r.extra["harden"]["risk"] for _, r in run.failed_results() if r.category == "hardening"}
        rows = [r for r in build_view(run, plan_steps)["risks"] if r["category"] == "hardening"]
        assert rows
        for row in rows:
            assert risks[row["check"]] not in row["advice"]
            assert word in row["advice"]


def test_evidence_a_customer_can_read(runs):
    run = runs["zh"]
    results = {(d.name, r.check): r for d in run.devices for r in d.results}
    assert results[("FW-01", "health.cpu")].message == "CPU 利用率过高：92%"
    assert results[("BJ-DIST-01", "health.memory")].message == "内存利用率过高：84%"
    memory = results[("BJ-DIST-01", "health.memory")].evidence[0]
    assert "Total(b)" in memory.splitlines()[0] and "Processor" in memory.splitlines()[1]
    for d in run.devices:
        for r in d.results:
            for line in r.evidence:
                assert not re.search(r"data/\w+\.yaml", line), (d.name, r.check, line)


def test_alarms_with_one_id_keep_their_own_lines():
    dev, _ = fleet("huawei_ac6605.log")
    evidence = [a.evidence for a in dev.alarms]
    assert len(evidence) == 2 and len(set(evidence)) == 2
    assert "HZ-3F-AP06" in evidence[0] and "HZ-4F-AP08" in evidence[1]


def test_html_has_cover_contents_and_signoff(runs):
    for lang, words in (("zh", ("目录", "签字确认", "客户代表", "某某银行")),
                        ("en", ("Contents", "Sign-off", "Customer representative"))):
        html = render("inspection/report.html.j2", **build_view(runs[lang], plan_steps))
        for anchor in ('id="cover"', 'id="toc"', 'id="signoff"', 'href="#problems"'):
            assert anchor in html
        for word in words:
            assert word in html


def _hex(colour: str) -> tuple[float, float, float]:
    colour = colour.strip().lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _contrast(fg: str, bg: str) -> float:
    def lum(c: str) -> float:
        r, g, b = (x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in _hex(c))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _label_colours(html: str) -> dict[str, dict[str, str]]:
    """Class -> {color, background} from every <style> of a page, later rules winning (as in a browser)."""
    css = "\n".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    colours: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for sel in selectors.split(","):
            sel = sel.strip()
            if re.fullmatch(r"\.[\w-]+", sel):
                for prop, value in re.findall(r"(color|background)\s*:\s*(#[0-9a-fA-F]{3,6})", body):
                    colours.setdefault(sel[1:], {})[prop] = value
    return colours


def test_severity_labels_readable(runs):
    """WCAG AA (4.5:1) for every severity/status label in the three reports; the plan's were white on pale."""
    run = runs["zh"]
    pages = {"plan": render("harden/plan.html.j2", **plan_view(run)),
             "inspection": render("inspection/report.html.j2", **build_view(run, plan_steps))}
    for name, html in pages.items():
        colours = _label_colours(html)
        used = set(re.findall(r'class="(?:sev|st|cs) ((?:sev|st|cs)-[\w-]+)"', html))
        assert used, name
        for cls in used:
            fg = colours.get(cls, {}).get("color", "#1f2933")
            bg = colours.get(cls, {}).get("background", "#ffffff")
            assert _contrast(fg, bg) >= 4.5, (name, cls, fg, bg, round(_contrast(fg, bg), 2))


def test_contents_list_the_comparison_with_the_last_inspection(tmp_path: Path):
    from tests.test_history import two_quarters

    out, _ = two_quarters(tmp_path, "zh")
    html = (out / "inspection-report.html").read_text(encoding="utf-8")
    toc = html.split('id="toc"')[1].split("</nav>")[0]
    assert toc.index('href="#summary"') < toc.index('href="#history"') < toc.index('href="#problems"')


def test_spare_parts_summary_and_full_list(runs, tmp_path):
    """The spare parts: counted by part number with the resources in every report; the item-by-item list
    (slot, serial) is the annex of --detail full (after the sign-off) and a sheet of the XLSX, which the
    summary report names; the MD report says the same."""
    from openpyxl import load_workbook

    from netinspect.report.xlsx import write_inspection_xlsx

    run = runs["zh"]
    summary, full = build_view(run, plan_steps), build_view(run, plan_steps, "full")
    spares = list(summary["spares"])
    assert spares and sum(p["count"] for p in summary["parts"]) == len(spares)
    chassis = {(r["part"]) for r in spares if r["kind"] == "机框"}
    assert {p["part"] for p in summary["parts"] if p["kind"] == "机框"} == chassis
    html = render("inspection/report.html.j2", **summary)
    md = render("inspection/report.md.j2", **summary)
    for text in (html, md):
        assert "备件型号汇总" in text and "“备件清单”工作表" in text and "--detail full" in text
        assert "附：备件清单" not in text.replace("附录“附：备件清单”", "")  # named, not included
        boards = [r["serial"] for r in spares if r["kind"] != "机框" and r["serial"]]
        start = text.index('<h3 id="parts">' if text is html else "### 备件型号汇总")
        part = text[start:text.index("七、结论", start)]
        assert "C9300-NM-8X" in part
        assert boards and not [serial for serial in boards if serial in part]  # counted, not item by item
    assert 'href="#spares"' not in html and 'href="#parts"' in html
    assert len(summary["radios"]) and "“无线射频”工作表" in html and 'id="radios"' not in html  # the AP radios too
    html, md = render("inspection/report.html.j2", **full), render("inspection/report.md.j2", **full)
    assert html.index('id="signoff"') < html.index('<section id="spares">') and 'href="#spares"' in html
    assert "## 附：备件清单" in md and all(r["serial"] in html for r in spares if r["serial"])
    assert html.index('<section id="spares">') < html.index('<section id="radios">') and "## 附：无线射频摘要" in md
    path = write_inspection_xlsx(summary, tmp_path / "r.xlsx")
    sheets = load_workbook(path).sheetnames
    assert "备件清单" in sheets and "基线不符合项" in sheets
    book = load_workbook(path)
    assert book["备件清单"].max_row == len(spares) + 1
    assert book["基线不符合项"].max_row == len(summary["baseline"]) + 1
