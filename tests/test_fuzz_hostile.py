"""Issue 9: fuzzing the whole `inspect --logs` path, the configuration reader, the inventory loader and the
advisory importers. No exception escapes; every run ends in results.json. Bounded example counts keep it
to seconds in CI."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netinspect.core.errors import EXIT_INTERNAL
from netinspect.workflow import InspectOptions, inspect_source

FLEET = Path(__file__).resolve().parent.parent / "netinspect" / "lab" / "fleet"
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Lines of real sessions (prompts, commands, outputs) mixed with hostile ones.
REAL = [line for name in ("huawei_s5735_access.log", "h3c_s6850_core.log", "cisco_c9300_dist.log")
        for line in (FLEET / name).read_text(encoding="utf-8").splitlines()[:400:3]]
HOSTILE = ["\x1b[H\x1b[2J", "\x1b[800C", " " * 5000 + "uptime is", "HUAWEI" + " " * 3000 + "S5735 uptime is 1 day",
           "  ---- More ----" + " " * 3000, "\x00\x01\x02", "<" * 500, "#" * 500, "port link-type access",
           "interface GigabitEthernet0/0/1", " port link-type access", "<SW1>display version", "R1#show version",
           "<核心交换机" * 20 + ">display version", "=cmd|' /C calc'!A0", "local-user a password cipher S3CR3T",
           "\ud7ff\ue000\ufffd", "\r\r\r", "\x08" * 200]
line = st.one_of(st.sampled_from(REAL), st.sampled_from(HOSTILE), st.text(max_size=80))


@FUZZ
@given(st.lists(line, min_size=1, max_size=120), st.sampled_from(["utf-8", "gb18030"]))
def test_inspect_logs_path_never_raises_and_never_loses_the_run(lines: list[str], encoding: str) -> None:
    from rich.console import Console

    from netinspect.sources.logs import read_logs
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "fuzz.log"
        log.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
        source = read_logs([log])
        assert source.inputs
        out = Path(tmp) / "out"
        console = Console(file=open(Path(tmp) / "terminal.txt", "w", encoding="utf-8"))  # noqa: SIM115
        code = inspect_source(source, "logs", InspectOptions(out=out, formats=["json", "md"], lang="en",
                                                             quiet=False), console)
        console.file.close()
        if source.devices:
            assert code != EXIT_INTERNAL, (out / "errors.log").read_text(encoding="utf-8")
            data = json.loads((out / "results.json").read_text(encoding="utf-8"))
            assert len(data["devices"]) == len(source.devices)
        else:
            assert code == 2


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(REAL), st.sampled_from(HOSTILE), st.text(max_size=60)), max_size=80),
       st.sampled_from(["sysname SW1\n#\nuser-interface vty 0 4\n", "hostname R1\n!\ninterface Gi0/1\nend\n", ""]))
def test_config_reader_and_hardening_never_raise(lines: list[str], head: str) -> None:
    from netinspect.harden.suite import audit_config
    from netinspect.sources.configs import read_config
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.cfg"
        path.write_text(head + "\n".join(lines), encoding="utf-8", errors="replace")
        device, record = read_config(path)
        assert record.status in ("ok", "partial", "rejected")
        if device is not None:
            text = next(iter(device.outputs.values())).text
            audit_config(text, device.os, _rules(), lang="en")


def _rules():  # noqa: ANN202
    from netinspect.harden.rules import load_rules
    return load_rules(None)[0]


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=20),
                    st.floats(allow_nan=True))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=20)
device_entry = st.fixed_dictionaries({}, optional={k: values for k in (
    "name", "host", "platform", "port", "tags", "groups", "site", "role", "username", "ssh_config", "keyring")})


@FUZZ
@given(st.one_of(
    st.fixed_dictionaries({"devices": st.lists(st.one_of(device_entry, values), max_size=5)},
                          optional={"defaults": values, "groups": values, "sites": values}),
    values))
def test_inventory_loader_never_raises(data: object) -> None:
    from netinspect.collect.inventory import check_inventory, load_inventory
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inv.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        load = load_inventory(path)
        check_inventory(load, resolve=False)


@FUZZ
@given(st.text(max_size=400))
def test_inventory_loader_never_raises_on_any_text(text: str) -> None:
    from netinspect.collect.inventory import load_inventory
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inv.yaml"
        path.write_text(text, encoding="utf-8", errors="replace")
        load_inventory(path)


csaf_like = st.fixed_dictionaries(
    {"document": st.one_of(values, st.fixed_dictionaries(
        {"csaf_version": st.just("2.0")},
        optional={"tracking": values, "title": values, "publisher": values, "category": values,
                  "references": values, "aggregate_severity": values}))},
    optional={"product_tree": values, "vulnerabilities": st.one_of(values, st.lists(values, max_size=3))})
cve_like = st.fixed_dictionaries({"dataType": st.just("CVE_RECORD")},
                                 optional={"cveMetadata": values, "containers": values, "dataVersion": values})


@FUZZ
@given(st.one_of(csaf_like, cve_like, values), st.sampled_from([".json", ".yaml"]))
def test_advisory_importers_never_raise(data: object, suffix: str) -> None:
    from netinspect.advisories.store import Store
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"adv{suffix}"
        text = json.dumps(data, default=str) if suffix == ".json" else yaml.safe_dump(data, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        with Store(Path(tmp) / "a.db") as store:
            outcome = store.import_file(path)
        assert outcome.status in ("imported", "unchanged", "rejected", "skipped")


# ---------------------------------------------------------------- issue 24: diff, change plans, advisories, inventories

BUDGET = 30.0  # seconds per fuzzed run: far above what a linear run takes on these small inputs
REPO = Path(__file__).resolve().parent.parent


def _cli(args: list[str]) -> int:
    """Run the CLI; no exception other than SystemExit, no internal error (3), within BUDGET."""
    import time

    from typer.testing import CliRunner

    from netinspect.cli.app import app
    start = time.perf_counter()
    result = CliRunner().invoke(app, args)
    assert time.perf_counter() - start < BUDGET, args
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    return result.exit_code


def _mutate(doc: object, picks: list[int], replacements: list[object]) -> object:
    """`doc` with the values at some places (picked by index among all places) replaced."""
    places: list[tuple[object, object]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in items:
            places.append((node, key))
            stack.append(value)
    for pick, value in zip(picks, replacements):
        if places:
            parent, key = places[pick % len(places)]
            parent[key] = value  # type: ignore[index]
    return doc


results_device = st.fixed_dictionaries({"name": st.one_of(st.text(max_size=12), values)}, optional={
    "hostname": values, "serial": values, "os": values,
    "results": st.lists(st.one_of(values, st.fixed_dictionaries(
        {"check": st.one_of(st.text(max_size=12), values), "status": st.sampled_from(["fail", "pass", "x"])},
        optional={"severity": values, "title": values, "message": values})), max_size=4)})


@FUZZ
@given(st.one_of(st.fixed_dictionaries({"devices": st.lists(st.one_of(results_device, values), max_size=4)}), values),
       st.lists(st.one_of(st.sampled_from(REAL), st.sampled_from(HOSTILE)), max_size=60))
def test_diff_of_fuzzed_snapshots_never_raises(before: object, lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        side = Path(tmp) / "before"
        side.mkdir()
        (side / "results.json").write_text(json.dumps(before, default=str), encoding="utf-8")
        after = Path(tmp) / "after.log"
        after.write_text("\n".join(lines), encoding="utf-8")
        _cli(["diff", str(side), str(after), "--out", str(Path(tmp) / "out"), "--lang", "en", "-f", "json,md"])


plan_line = st.one_of(st.sampled_from(REAL), st.sampled_from(HOSTILE), st.text(max_size=60),
                      st.sampled_from(["```", "## Steps", "## Rollback", "### SW1 (huawei_vrp)", "### R1 (cisco_ios)",
                                       "## Pre-check", "# plan", "undo snmp-agent community read cipher X", "save",
                                       "reboot", "interface MEth0/0/1", " shutdown", "### [[[ (", "```\n```"]))


@FUZZ
@given(st.lists(plan_line, max_size=60), st.sampled_from([".md", ".txt", ".yaml"]))
def test_change_check_of_fuzzed_plans_never_raises(lines: list[str], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / f"plan{suffix}"
        plan.write_text("\n".join(lines), encoding="utf-8", errors="replace")
        _cli(["change", "check", str(plan), "--out", str(Path(tmp) / "out"), "--lang", "en"])


ADVISORY_SAMPLES = sorted((REPO / "tests" / "advisories_corpus").rglob("*.json"))[:12]


@FUZZ
@given(st.sampled_from(ADVISORY_SAMPLES or [REPO / "pyproject.toml"]), st.lists(st.integers(0, 10**6), max_size=6),
       st.lists(values, min_size=6, max_size=6))
def test_mutated_real_advisories_never_raise(sample: Path, picks: list[int], replacements: list[object]) -> None:
    """Real CSAF / CVE JSON 5 files (tests/advisories_corpus) with values replaced anywhere in their tree."""
    from netinspect.advisories.store import Store
    try:
        doc = json.loads(sample.read_text(encoding="utf-8"))
    except ValueError:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "adv.json"
        path.write_text(json.dumps(_mutate(doc, picks, replacements), default=str), encoding="utf-8")
        with Store(Path(tmp) / "a.db") as store:
            outcome = store.import_file(path)
        assert outcome.status in ("imported", "unchanged", "rejected", "skipped")


csv_cell = st.one_of(st.text(max_size=20), st.sampled_from(["华为", "华三", "Cisco", "switch", "10.1.1.1", "", "=1+1",
                                                           "\"", ",", "\n", "2026-13-40", "[" * 50]))


@FUZZ
@given(st.lists(st.lists(csv_cell, min_size=0, max_size=8), max_size=12))
def test_inventory_import_of_fuzzed_tables_never_raises(rows: list[list[str]]) -> None:
    import csv
    header = "设备名称,管理IP,厂商,角色,分组,密码".split(",")
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "devices.csv"
        with table.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
        _cli(["inventory", "import", str(table), "--out", str(Path(tmp) / "inv.yaml"), "--lang", "en"])


CVRF_SAMPLES = sorted((REPO / "tests" / "advisories_corpus").rglob("*.xml"))


@FUZZ
@given(st.sampled_from(CVRF_SAMPLES or [REPO / "pyproject.toml"]), st.lists(st.integers(0, 10**7), max_size=4),
       st.lists(st.sampled_from(["", "<", ">", "</Vulnerability>", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "\x00",
                                 "<ProductID>" * 50, "]]>", "<?xml version='1.0'?>", "é", "<a>" * 2000]),
                min_size=4, max_size=4))
def test_mutated_real_cvrf_never_raises(sample: Path, cuts: list[int], inserts: list[str]) -> None:
    """Real CVRF 1.1/1.2 files (tests/advisories_corpus/cvrf) cut and spliced at random places."""
    from netinspect.advisories.store import Store
    text = sample.read_text(encoding="utf-8", errors="replace")
    for cut, insert in zip(cuts, inserts):
        at = cut % (len(text) + 1)
        text = text[:at] + insert + text[at + (cut % 7):]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "adv.xml"
        path.write_text(text, encoding="utf-8")
        with Store(Path(tmp) / "a.db") as store:
            outcome = store.import_file(path)
        assert outcome.status in ("imported", "unchanged", "rejected", "skipped")


@FUZZ
@given(st.lists(plan_line, max_size=40))
def test_change_check_of_fuzzed_word_plans_never_raises(lines: list[str]) -> None:
    """The same fuzzed plans as Word documents (one paragraph per line; headings where a line is one)."""
    import docx
    with tempfile.TemporaryDirectory() as tmp:
        document = docx.Document()
        for text in lines:
            clean = "".join(c for c in text if c.isprintable() or c in "\t")  # XML 1.0 characters only
            if clean.startswith("#"):
                document.add_heading(clean.lstrip("# "), level=min(clean.count("#", 0, 3), 3) or 1)
            else:
                document.add_paragraph(clean)
        plan = Path(tmp) / "plan.docx"
        document.save(str(plan))
        _cli(["change", "check", str(plan), "--out", str(Path(tmp) / "out"), "--lang", "en"])
