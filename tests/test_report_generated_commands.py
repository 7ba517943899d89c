"""What we generate is never redacted: every rule's fix, rollback and verify commands for every dialect, on
the bad and the good configuration of each (tests/data/harden), hold no ``<redacted>`` and every
placeholder they hold is listed (placeholders to fill or secrets to type at change time)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netinspect.core.redact import MASK
from netinspect.harden.configtree import parse_config
from netinspect.harden.engine import evaluate
from netinspect.harden.fixes import render_fix
from netinspect.harden.rules import load_rules

DATA = Path(__file__).parent / "data" / "harden"
CONFIGS = {"vrp": ["vrp5_bad.cfg", "vrp8_bad.cfg", "vrp5_good.cfg"], "comware5": ["comware5_bad.cfg", "comware5_good.cfg"],
           "comware7": ["comware7_bad.cfg", "comware7_good.cfg"], "ios": ["ios_bad.cfg", "ios_good.cfg"]}
PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*>")


def _fixes(dialect: str):
    rules, errors = load_rules()
    assert not errors
    for name in CONFIGS[dialect]:
        tree = parse_config((DATA / name).read_text(encoding="utf-8"), dialect)
        for rule in rules:
            if dialect not in rule.platforms:
                continue
            finding = evaluate(rule, dialect, tree, {})
            if finding.status == "fail":  # the bad configurations fail nearly every rule
                yield name, rule, render_fix(rule, dialect, finding, tree, {})


@pytest.mark.parametrize("dialect", sorted(CONFIGS))
def test_every_fix_unredacted_and_placeholders_listed(dialect: str) -> None:
    rendered = 0
    for name, rule, fix in _fixes(dialect):
        lines = fix.commands + fix.rollback + fix.verify
        assert not any(MASK in line for line in lines), (name, rule.id, lines)
        listed = set(fix.placeholders) | set(fix.secrets)
        used = {p for line in lines for p in PLACEHOLDER.findall(line)}
        assert used <= listed, (name, rule.id, used - listed)
        rendered += bool(fix.commands)
    assert rendered > 20


def test_huawei_password_policy_comes_out_as_written() -> None:
    rules = {r.id: r for r in load_rules()[0]}
    tree = parse_config((DATA / "vrp5_bad.cfg").read_text(encoding="utf-8"), "vrp")
    fix = render_fix(rules["harden.password_policy"], "vrp", evaluate(rules["harden.password_policy"], "vrp", tree),
                     tree, {})
    assert "  password history record number 5" in fix.commands
    assert "  password expire 90" in fix.commands


@pytest.mark.parametrize("line, fix, rollback, placeholders", [
    ("snmp-server community public RW 5", ["no snmp-server community public"], ["snmp-server community public RW 5"],
     []),
    ("snmp-server community Xq9-secret RW", ["no snmp-server community <COMMUNITY_NAME>"],
     ["snmp-server community <COMMUNITY_NAME> RW"], ["<COMMUNITY_NAME>"]),
    ("snmp-server community <redacted> RW", ["no snmp-server community <COMMUNITY_NAME>"],
     ["snmp-server community <COMMUNITY_NAME> RW"], ["<COMMUNITY_NAME>"]),
])
def test_cisco_community_once_and_secret_kept_out(line: str, fix: list[str], rollback: list[str],
                                                  placeholders: list[str]) -> None:
    rules = {r.id: r for r in load_rules()[0]}
    rule = rules["harden.snmp_community"]
    tree = parse_config(f"hostname R1\n!\n{line}\n!\nend\n", "ios")
    got = render_fix(rule, "ios", evaluate(rule, "ios", tree), tree, {})
    assert got.commands == fix
    assert got.rollback == rollback
    assert got.placeholders == placeholders
    assert "Xq9-secret" not in "\n".join(got.commands + got.rollback + got.verify)


def test_through_the_pipeline_nothing_generated_is_redacted() -> None:
    """The pipeline's last redaction guard leaves the remediation and the titles as generated."""
    from netinspect.checks.context import AnalysisContext
    from netinspect.pipeline import analyse
    from netinspect.sources.configs import read_configs

    run = analyse(read_configs(DATA), "logs", AnalysisContext(lang="en"), ["hardening"])
    rems = [(d.name, r) for d in run.devices for r in d.results if r.remediation is not None]
    assert len(rems) > 50
    for name, r in rems:
        lines = r.remediation.commands + r.remediation.rollback + r.remediation.verify
        assert not any(MASK in line for line in lines), (name, r.check, lines)
        assert MASK not in r.title
    vrp = [r for name, r in rems if name.startswith("HW") or "vrp" in name.lower()]
    assert any("  password history record number 5" in r.remediation.commands for r in vrp)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_harden_output_holds_no_redacted(tmp_path: Path, lang: str) -> None:
    """What `harden` writes from the bad configurations: the scripts hold no <redacted>; in the plan only
    the evidence (the device's own lines) is redacted, never a title, a criterion or a command."""
    import json

    from typer.testing import CliRunner

    from netinspect.cli.app import app

    out = tmp_path / "h"
    result = CliRunner().invoke(app, ["harden", "--configs", str(DATA), "--out", str(out), "--format", "md,json",
                                      "--lang", lang, "-q"])
    assert result.exit_code in (0, 1), result.output
    scripts = list(out.glob("*.txt"))
    assert len(scripts) >= 8
    for path in scripts:
        assert MASK not in path.read_text(encoding="utf-8"), path.name
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for device in data["devices"]:
        for r in device["results"]:
            generated = [r["title"], str(r["expected"] or ""), *((r["remediation"] or {}).get("commands") or []),
                         *((r["remediation"] or {}).get("rollback") or []), *((r["remediation"] or {}).get("verify") or [])]
            assert not any(MASK in text for text in generated), (device["name"], r["check"])
    plan = (out / "hardening-plan.md").read_text(encoding="utf-8")
    evidence = {line for d in data["devices"] for r in d["results"] for line in r["evidence"] if MASK in line}
    for line in plan.splitlines():
        if MASK in line:
            assert any(e.split(" > ")[-1] in line for e in evidence), line
