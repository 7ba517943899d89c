"""Issue 10 item 6, one language a run: every user command run in zh as a user would, and everything it prints
(stdout and stderr) and writes (HTML, Markdown, XLSX) scanned for English phrases outside device output and
identifiers (tests/langscan.py says what is removed and why); the en runs scanned for Chinese the same way.
PDF files are not scanned: they are printed from the same HTML templates that are scanned."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netinspect.cli.app import app
from tests import langscan
from tests.conftest import SAMPLES

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "netinspect" / "lab" / "fleet"
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = REPO / "examples"


@dataclass
class Run:
    name: str
    args: list[str]
    output: str = ""
    data_stdout: bool = False  # stdout is a data file (an inventory YAML), not prose
    exit_code: int = 0
    reports: dict[str, str] = field(default_factory=dict)


def sample_logs(folder: Path) -> Path:
    """One session log per sample device (shared/samples), so every real output goes through inspect."""
    folder.mkdir()
    devices: dict[tuple[str, str], list[tuple[str, Path]]] = {}
    for path in sorted(SAMPLES.glob("*/*/*.txt")):
        platform, command = path.parent.parent.name, path.parent.name.replace("_", " ")
        if platform == "advisories":
            continue
        device = "".join(c if c.isalnum() or c == "-" else "-" for c in path.stem.split("_", 1)[-1])[:30]
        devices.setdefault((platform, device), []).append((command, path))
    versions = {platform: next(p for c, p in cmds if c.endswith("version")) for (platform, _), cmds in devices.items()
                if any(c.endswith("version") for c, _ in cmds)}
    for (platform, device), commands in devices.items():
        if not any(c.endswith("version") for c, _ in commands) and platform in versions:
            commands = [("show version" if platform.startswith("cisco") else "display version", versions[platform]),
                        *commands]
        prompt = f"{device}#" if platform.startswith("cisco") else f"<{device}>"
        text = "".join(f"{prompt}{command}\n{path.read_bytes().decode('utf-8', 'replace').rstrip()}\n"
                       for command, path in commands)
        (folder / f"{platform}-{device}.log").write_text(text + prompt + "\n", encoding="utf-8")
    return folder


def scenarios(base: Path, lang: str) -> list[Run]:
    """The commands a user runs, with their normal and their expected-error paths."""
    out = base / "out"
    runs = [
        Run("demo", ["demo", "-o", str(out / "demo"), "--latency", "0"]),
        Run("inspect fleet logs", ["inspect", "--logs", str(FLEET), "-o", str(out / "fleet")]),
        Run("inspect bundle", ["inspect", "--bundle", str(out / "demo"), "-o", str(out / "rebundle"), "-q"]),
        Run("merge", ["merge", str(out / "demo"), str(out / "demo"), "-o", str(out / "merged")]),
        Run("harden configs", ["harden", "--configs", str(base / "configs"), "--site", str(base / "site.yaml"),
                               "-o", str(out / "harden")]),
        Run("harden logs", ["harden", "--logs", str(FLEET), "-o", str(out / "harden-logs")]),
        Run("versions", ["versions", "--logs", str(FLEET), "--advisories", str(base / "adv.sqlite"),
                         "-o", str(out / "versions")]),
        Run("guide", ["guide", "--logs", str(FLEET), "-o", str(out / "guide")]),
        Run("commands", ["commands", "huawei_vrp"]),
        Run("commands sheet", ["commands", "cisco_iosxe", "-f", "html", "-o", str(out / "commands")]),
        Run("change check", ["change", "check", str(EXAMPLES / "change" / "plan-bad.md"), "--logs", str(FLEET),
                             "-o", str(out / "change")]),
        Run("history list", ["history", "list"]),
        Run("history show", ["history", "show"]),
        Run("history trend", ["history", "trend", "BJ-ACC-01"]),
        # expected failures
        Run("inspect missing file", ["inspect", "--logs", str(base / "missing.log"), "-o", str(out / "e1")]),
        Run("inspect no source", ["inspect", "-o", str(out / "e2")]),
        Run("inspect not a log", ["inspect", "--logs", str(base / "notes.txt"), "-o", str(out / "e3")]),
        Run("inspect bad inventory", ["inspect", "-i", str(DATA / "inventory" / "broken.yaml"), "-o", str(out / "e4")]),
        Run("commands unknown platform", ["commands", "junos"]),
        Run("guide missing inventory", ["guide", "-i", str(base / "none.yaml"), "-o", str(out / "e5")]),
        Run("diff missing", ["diff", str(base / "nothing"), str(out / "demo"), "-o", str(out / "e6")]),
        Run("harden no config", ["harden", "--configs", str(base / "notes.txt"), "-o", str(out / "e7")]),
        Run("versions no store", ["versions", "--logs", str(FLEET), "--advisories", str(base / "none.sqlite"),
                                  "-o", str(out / "e8")]),
        Run("history unknown device", ["history", "trend", "NO-SUCH-DEVICE"]),
        Run("advisories import", ["advisories", "import", "--advisories", str(base / "adv2.sqlite"),
                                  str(DATA / "advisories")]),
        Run("advisories list", ["advisories", "list", "--advisories", str(base / "adv2.sqlite")]),
        Run("advisories stats", ["advisories", "stats", "--advisories", str(base / "adv2.sqlite")]),
        Run("advisories no store", ["advisories", "list", "--advisories", str(base / "none.sqlite")]),
        Run("inventory check", ["inventory", "check", str(DATA / "inventory" / "bad.yaml"), "--no-resolve"]),
        Run("inventory check broken", ["inventory", "check", str(DATA / "inventory" / "broken.yaml"), "--no-resolve"]),
        Run("inventory import", ["inventory", "import", str(DATA / "inventory" / "devices.csv")], data_stdout=True),
        Run("inventory import missing", ["inventory", "import", str(base / "none.csv")]),
        Run("change missing plan", ["change", "check", str(base / "none.md"), "-o", str(out / "e9")]),
        Run("merge not a bundle", ["merge", str(base / "configs"), "-o", str(out / "e10")]),
        Run("collect bad inventory", ["collect", "-i", str(DATA / "inventory" / "broken.yaml"), "-o", str(out / "e16")]),
        Run("demo bad format", ["demo", "-f", "doc", "-o", str(out / "e17")]),
        Run("inspect bad format", ["inspect", "--logs", str(FLEET), "-f", "html,doc", "-o", str(out / "e11")]),
        Run("inspect bad fail-on", ["inspect", "--logs", str(FLEET), "--fail-on", "worst", "-o", str(out / "e12")]),
        Run("merge bad format", ["merge", str(out / "demo"), "-f", "doc", "-o", str(out / "e13")]),
        Run("harden bad format", ["harden", "--logs", str(FLEET), "-f", "doc", "-o", str(out / "e14")]),
        Run("diff bad format", ["diff", str(out / "demo"), str(out / "demo"), "-f", "doc", "-o", str(out / "e15")]),
    ]
    if SAMPLES.is_dir():
        runs.insert(2, Run("inspect samples", ["inspect", "--logs", str(base / "samples"), "-o", str(out / "samples")]))
    for run in runs:
        if run.name.startswith(("demo", "inspect", "merge", "harden", "versions", "guide", "commands", "change",
                                "history", "diff", "advisories", "inventory", "collect")):
            run.args.append(f"--lang={lang}")
    return runs


def prepare(base: Path) -> list[Path]:
    """Inputs of the scenarios; returns the device output among them (the corpus of quoted text)."""
    configs = base / "configs"
    configs.mkdir()
    for path in (DATA / "harden").glob("*.cfg"):
        shutil.copy(path, configs / path.name)
    (base / "notes.txt").write_text("nothing to see here\n", encoding="utf-8")
    (base / "site.yaml").write_text("customer: Example\nmgmt_networks: [10.10.10.0/24]\n", encoding="utf-8")
    corpus = [FLEET, configs, base / "notes.txt", EXAMPLES / "change", SAMPLES / "advisories", DATA / "advisories",
              DATA / "inventory"]
    if SAMPLES.is_dir():
        corpus.append(sample_logs(base / "samples"))
        adv = [str(p) for p in (SAMPLES / "advisories").rglob("*.json")]
        result = CliRunner().invoke(app, ["advisories", "import", "--advisories", str(base / "adv.sqlite"), *adv])
        assert result.exit_code in (0, 1), result.output
    return corpus


def execute(base: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Run], langscan.Corpus]:
    monkeypatch.setenv("NETINSPECT_HISTORY", str(base / "history.sqlite"))
    monkeypatch.setenv("COLUMNS", "200")
    corpus_paths = prepare(base)
    runs = scenarios(base, lang)
    runner = CliRunner()
    for run in runs:
        before = set((base / "out").rglob("*")) if (base / "out").exists() else set()
        result = runner.invoke(app, run.args)
        assert result.exit_code in (0, 1, 2), (run.name, result.output, result.exception)
        run.output, run.exit_code = (result.stderr if run.data_stdout else result.output), result.exit_code
        for path in sorted(set((base / "out").rglob("*")) - before if (base / "out").exists() else ()):
            text = langscan.report_text(path) if path.is_file() and "raw" not in path.parts else None
            if text is not None:
                run.reports[str(path.relative_to(base))] = text
    corpus_paths += [p for p in (base / "out").rglob("raw") if p.is_dir()]
    return runs, langscan.Corpus(corpus_paths)


def findings(runs: list[Run], corpus: langscan.Corpus) -> list[str]:
    found = []
    for run in runs:
        for where, text in [("terminal", run.output), *run.reports.items()]:
            for segment, words in langscan.phrase_runs(text):
                if not corpus.quoted(segment, words):
                    found.append(f"{run.name} | {where} | {segment}")
    return sorted(set(found))


@pytest.fixture(scope="module")
def zh_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Run], langscan.Corpus]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return execute(tmp_path_factory.mktemp("zh"), "zh", monkeypatch)


@pytest.fixture(scope="module")
def en_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Run], langscan.Corpus]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return execute(tmp_path_factory.mktemp("en"), "en", monkeypatch)


def test_scan_sees_what_it_must() -> None:
    """The scanner itself: English phrases are found, identifiers and quoted device text are not."""
    assert langscan.phrases("当前配置未保存：1 line(s) only in running, 0 only in saved") == [
        "only in running", "0 only in saved"]
    assert langscan.phrases("input errors 1523；半双工") == ["input errors 1523"]
    assert langscan.phrases("error: 文件不存在") == []  # a single word is caught by the prefix test below
    assert langscan.phrases("GigabitEthernet1/0/1（CRC 3）；见 netinspect inspect --bundle /tmp/x；VTY 与 Console") == []
    corpus = langscan.Corpus([FLEET])
    assert corpus.quoted("The fan module failed. (EntityPhysicalIndex=16842753, EntPhysicalName=FAN 0/2, "
                         "EntityTrapFaultID=137472)")
    assert not corpus.quoted("1 line(s) only in running")


def test_zh_run_has_no_english_sentence(zh_runs: tuple[list[Run], langscan.Corpus]) -> None:
    runs, corpus = zh_runs
    found = findings(runs, corpus)
    assert not found, f"{len(found)} English phrase(s) in zh runs:\n" + "\n".join(found)


def test_zh_run_prefixes_are_chinese(zh_runs: tuple[list[Run], langscan.Corpus]) -> None:
    runs, _ = zh_runs
    bad = [f"{run.name}: {line}" for run in runs for line in run.output.splitlines()
           if line.split(":")[0].strip().lower() in {"error", "warning", "internal error", "rejected", "partial",
                                                     "input", "import", "fleet", "duplicate", "inventory"}]
    assert not bad, "\n".join(bad)


def test_en_run_has_no_chinese(en_runs: tuple[list[Run], langscan.Corpus]) -> None:
    runs, corpus = en_runs
    found = []
    for run in runs:
        for where, text in [("terminal", run.output), *run.reports.items()]:
            for line in text.splitlines():
                if any(not corpus.quoted(part) for part in langscan.chinese(line)):
                    found.append(f"{run.name} | {where} | {langscan.normalize(line)[:160]}")
    found = sorted(set(found))
    assert not found, f"{len(found)} line(s) with Chinese in en runs:\n" + "\n".join(found)


def test_progress_bar_and_lines_speak_the_run_language() -> None:
    """The SSH progress bar's words, an error line's prefix and a normalizer's detail follow the language."""
    from rich.progress import TextColumn

    from netinspect.collect.progress import BarProgress as _Bar
    from netinspect.core.messages import line, localize, set_terminal_language

    set_terminal_language("zh")
    words = [c.text_format for c in _Bar(3).progress.columns if isinstance(c, TextColumn)]
    assert words == ["采集", "失败 {task.fields[failed]}"]
    set_terminal_language("en")
    assert [c.text_format for c in _Bar(3).progress.columns if isinstance(c, TextColumn)][0] == "collect"
    set_terminal_language("zh")
    assert line("zh", "error", "/x: no such file or folder") == "[red]错误：[/]/x：文件或文件夹不存在"
    assert line("en", "error", "/x: no such file or folder") == "[red]error: [/]/x: no such file or folder"
    assert localize("1 line(s) only in running, 0 only in saved", "zh") == "仅在运行配置中 1 行，仅在已保存配置中 0 行"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_advisories_stats_speaks_the_run_language(tmp_path: Path, lang: str) -> None:
    """`advisories stats`: the header row in the run's language (the data cells are vendor and OS ids, the
    filter values of `advisories list`), the import time as the locale writes it, never a raw ISO stamp."""
    store = str(tmp_path / "adv.sqlite")
    imported = CliRunner().invoke(app, ["advisories", "import", "--advisories", store, str(DATA / "advisories")])
    assert imported.exit_code in (0, 1), imported.output  # 1: the folder holds a bulletin to reject
    result = CliRunner().invoke(app, ["advisories", "stats", "--advisories", store, "--lang", lang])
    assert result.exit_code == 0, result.output
    header, *rows, last = result.output.splitlines()
    cells = header.split("\t")
    assert len(cells) == 7 and rows and all(len(r.split("\t")) == 7 for r in rows)
    if lang == "zh":
        assert cells[:3] == ["厂商", "操作系统", "公告数"]
        assert not [c for c in cells if langscan.phrases(c) or c.replace("CVSS", "").isascii()], cells
        assert all("年" in r.split("\t")[-1] for r in rows) and "已跳过" in last
    else:
        assert cells[0] == "vendor" and not langscan.chinese(result.output)
    assert not any("T0" in r.split("\t")[-1] or "+00:00" == r[-6:] for r in rows)  # no 2026-12-07T06:01:36+00:00
