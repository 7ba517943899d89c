"""The real-output corpus (tests/corpus): load cases, run them through the pipeline, compare expectations.

One case is one published output (``<family>/<command dir>/<stem>.txt``) with the values a person read
off it (``<stem>.yaml``). :func:`run_case` feeds the text through the normal pipeline (a RawDevice with
that one command, then normalize) and compares every expected value with the device model:

* a list group matches when every expected item matches a distinct actual item on the fields given
  (strings exact, numbers within 0.01); ``count`` must equal the number of actual items; ``[]`` means
  collected and empty;
* a dict group (identity, ntp, stack, config, ha, sessions) matches on the fields given; a list inside
  it (``stack.members``) follows the list rules;
* a top-level scalar (``stack_configured: false``) or ``null`` must equal the model's value.

Used by ``tests/test_corpus.py`` and ``benchmarks/parse_coverage.py`` (the format is in
``tests/corpus/README.md``).
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from netinspect.core.model import Device
from netinspect.core.raw import CommandOutput, RawDevice
from netinspect.normalize import normalize
from netinspect.platforms import get_platform

TOLERANCE = 0.01
ACCEPTED_STATUSES = ("ok",)  # an output with no readable fact (`expect: {}`) may also be "unsupported"


@dataclass
class Case:
    """One corpus output and its expected values."""

    txt: Path
    family: str
    platform: str
    command: str
    expect: dict[str, object]
    note: str | None = None
    status: str | None = None  # the parse status a person expects, when not "ok"
    known_issue: str | None = None  # why the output does not parse yet (the test is an expected failure)
    device_os: str | None = None  # the OS the device ran when its own lines show another than the folder's

    @property
    def id(self) -> str:
        return f"{self.family}/{self.txt.parent.name}/{self.txt.stem}"


@dataclass
class Outcome:
    """What the pipeline made of one case."""

    case: Case
    status: str
    message: str | None
    expected: int = 0  # number of expected values
    matched: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status_ok and not self.mismatches

    @property
    def status_ok(self) -> bool:
        if self.case.status:
            return self.status == self.case.status
        if not self.case.expect:
            return self.status in ("ok", "unsupported")
        return self.status in ACCEPTED_STATUSES

    def explain(self) -> str:
        """A readable account of what went wrong (for the test failure and the benchmark)."""
        lines = [f"{self.case.id}: status {self.status}" + (f" ({self.message})" if self.message else "")]
        lines += [f"  - {m}" for m in self.mismatches]
        return "\n".join(lines)


def discover(root: Path) -> list[Case]:
    """Every ``*.txt`` under `root` that has its ``.yaml`` (the others are listed by :func:`orphans`)."""
    cases = []
    for txt in sorted(root.glob("*/*/*.txt")):
        if not txt.with_suffix(".yaml").is_file():
            continue
        spec = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        cases.append(Case(txt=txt, family=txt.parent.parent.name, platform=str(spec["platform"]),
                          command=str(spec["command"]), expect=spec.get("expect") or {}, note=spec.get("note"),
                          status=spec.get("status"), known_issue=spec.get("known_issue"),
                          device_os=spec.get("device_os")))
    return cases


def orphans(root: Path) -> list[str]:
    """Corpus files missing their partner: a .txt without .yaml or SOURCES.tsv row, a .yaml without .txt."""
    listed = set(source_rows(root))
    problems = []
    for txt in sorted(root.glob("*/*/*.txt")):
        rel = txt.relative_to(root).as_posix()
        if not txt.with_suffix(".yaml").is_file():
            problems.append(f"{rel}: no .yaml")
        if rel not in listed:
            problems.append(f"{rel}: no SOURCES.tsv row")
    for spec in sorted(root.glob("*/*/*.yaml")):
        if not spec.with_suffix(".txt").is_file():
            problems.append(f"{spec.relative_to(root).as_posix()}: no .txt")
    for rel in sorted(listed):
        if not (root / rel).is_file():
            problems.append(f"SOURCES.tsv row {rel}: no such file")
    return problems


def source_rows(root: Path) -> dict[str, list[str]]:
    """SOURCES.tsv rows keyed by path (the header row is skipped)."""
    path = root / "SOURCES.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and row[0] and row[0] != "path"]
    return {row[0]: row[1:] for row in rows}


def read_output(path: Path) -> str:
    """The output as a source would hand it over: UTF-8 (bad bytes replaced), line ends without CR."""
    return path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")


def parse_case(case: Case) -> tuple[Device, str, str | None]:
    """Run the pipeline on one case: the device model, the command's parse status and message."""
    text = read_output(case.txt)
    raw = RawDevice(name=case.txt.stem, os=case.platform, source=str(case.txt))
    platform = get_platform(case.platform)
    error = platform.is_error_reply(text) if platform else None
    raw.add(CommandOutput(case.command, text, status="unsupported" if error else "ok", message=error))
    device, outcomes = normalize(raw)
    outcome = outcomes[case.command]
    return device, outcome.status, outcome.message


def run_case(case: Case) -> Outcome:
    """Parse one case and compare every expected value."""
    try:
        device, status, message = parse_case(case)
    except Exception as exc:  # noqa: BLE001 - a crash is an outcome to report, not to propagate
        return Outcome(case, "crash", f"{type(exc).__name__}: {exc}", expected=count_values(case.expect),
                       mismatches=["the pipeline raised"])
    outcome = Outcome(case, status, message)
    for group, expected in case.expect.items():
        if not hasattr(device, group):
            outcome.expected += count_values(expected)
            outcome.mismatches.append(f"{group}: not a fact group of the device model")
            continue
        total, problems = compare(group, expected, getattr(device, group))
        outcome.expected += total
        outcome.matched += total - len(problems)
        outcome.mismatches += problems
    return outcome


def count_values(expected: object) -> int:
    """Number of individual expected values (a field, a count, an empty list or a null is one)."""
    if isinstance(expected, dict):
        return sum(count_values(v) for v in expected.values()) or 1
    if isinstance(expected, list):
        return sum(count_values(v) for v in expected) or 1
    return 1


def compare(path: str, expected: object, actual: object) -> tuple[int, list[str]]:
    """(number of expected values, the ones that do not match, each as a message)."""
    if isinstance(expected, list) and expected and not any(isinstance(e, (dict, list)) for e in expected):
        return _compare_scalars(path, expected, actual)  # values in order (lanes of an optic)
    if isinstance(expected, dict) and isinstance(actual, dict):  # a mapping of the model (Transceiver.metrics)
        actual = _Fields(actual)
    if isinstance(expected, list) or (isinstance(expected, dict) and _is_list_spec(expected) and
                                      (actual is None or isinstance(actual, list))):
        return _compare_list(path, expected, actual)
    if isinstance(expected, dict):
        if actual is None:
            return count_values(expected), [f"{path}: not found (None)"]
        total, problems = 0, []
        for key, value in expected.items():
            if not hasattr(actual, key):
                total += count_values(value)
                problems.append(f"{path}.{key}: no such field")
                continue
            sub_total, sub_problems = compare(f"{path}.{key}", value, getattr(actual, key))
            total, problems = total + sub_total, problems + sub_problems
        return total, problems
    return 1, ([] if scalar_matches(expected, actual) else [f"{path}: expected {expected!r}, got {actual!r}"])


class _Fields:
    """A dict read as an object with attributes (so that `compare` walks it like a dataclass)."""

    def __init__(self, mapping: dict) -> None:
        self.__dict__.update({str(k): v for k, v in mapping.items()})


def _compare_scalars(path: str, expected: list, actual: object) -> tuple[int, list[str]]:
    if not isinstance(actual, list) or len(actual) != len(expected) or not all(
            scalar_matches(e, a) for e, a in zip(expected, actual)):
        return 1, [f"{path}: expected {expected!r}, got {actual!r}"]
    return 1, []


def _is_list_spec(expected: dict) -> bool:
    return bool(expected) and set(expected) <= {"count", "items"}


def _compare_list(path: str, expected: object, actual: object) -> tuple[int, list[str]]:
    spec = expected if isinstance(expected, dict) else {"items": expected}
    items: list = spec.get("items") or []
    total = count_values(items) if items else (1 if "items" in spec or not spec else 0)
    total += 1 if "count" in spec else 0
    if actual is None:
        return total, [f"{path}: not found (None)"]
    if not isinstance(actual, list):
        return total, [f"{path}: expected a list, got {type(actual).__name__}"]
    problems = []
    if "count" in spec and spec["count"] != len(actual):
        problems.append(f"{path}: expected {spec['count']} items, got {len(actual)}")
    if "items" in spec and not items and actual:
        problems.append(f"{path}: expected none, got {len(actual)}")
    assignment = _match_items(items, actual)
    for index, item in enumerate(items):
        if assignment[index] is None:
            problems.append(f"{path}: no item matches {item} (closest: {_closest(item, actual)})")
    return total, problems


def _item_matches(expected: dict, actual: object) -> bool:
    return all(hasattr(actual, k) and not compare("", v, getattr(actual, k))[1] for k, v in expected.items())


def _match_items(items: list, actual: list) -> list[int | None]:
    """Each expected item to a distinct actual item (bipartite matching by augmenting paths)."""
    options = [[j for j, a in enumerate(actual) if _item_matches(item, a)] for item in items]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(items)):
        place(i, set())
    result: list[int | None] = [None] * len(items)
    for j, i in owner.items():
        result[i] = j
    return result


def _closest(expected: dict, actual: list) -> str:
    """The actual item agreeing on most fields, shown on the expected fields only."""
    if not actual:
        return "none"

    def score(item: object) -> int:
        return sum(1 for k, v in expected.items() if hasattr(item, k) and not compare("", v, getattr(item, k))[1])

    best = max(actual, key=score)
    if not dataclasses.is_dataclass(best):
        return repr(best)
    return "{" + ", ".join(f"{k}: {getattr(best, k, '?')!r}" for k in expected) + "}"


def scalar_matches(expected: object, actual: object) -> bool:
    """Strings exact, numbers within TOLERANCE, dates by value or ISO text, bools and None exact."""
    if expected is None or isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual or expected == actual and type(expected) is type(actual)
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(float(expected) - float(actual)) <= TOLERANCE
    if isinstance(expected, date) or isinstance(actual, date):
        return str(expected) == str(actual)
    if isinstance(expected, str):
        return isinstance(actual, str) and expected == actual
    return expected == actual


# ---- identity without the version output (issue 20) ----

# The OS id each corpus family was published as (the folder, not the yaml's `platform`, which is the
# command set the output is analysed with).
FAMILY_OS = {"huawei_vrp5": "huawei_vrp", "huawei_ac": "huawei_vrp", "huawei_usg": "huawei_vrp",
             "huawei_vrp8": "huawei_vrp8", "h3c_comware5": "h3c_comware", "h3c_comware7": "h3c_comware",
             "cisco_ios": "cisco_ios", "cisco_iosxe": "cisco_iosxe", "cisco_asa": "cisco_asa"}
PROMPT_STYLE = {"cisco_ios": "cisco", "cisco_iosxe": "cisco", "cisco_asa": "cisco"}  # the others print <HOST>


@dataclass
class IdentityFigures:
    """How the OS comes out with the version outputs removed: per unit (one output or one device)."""

    units: int = 0
    right: int = 0  # the shapes decided the OS, and it is the right one
    assumed: int = 0  # the shapes told the vendor only; the release family was assumed and said so
    unknown: int = 0  # nothing to go on (the outputs exist on several vendors)
    wrong: list[str] = field(default_factory=list)  # the shapes decided a wrong OS

    def line(self, what: str) -> str:
        return (f"{what}: {self.units} tried, {self.right} right, {self.assumed} vendor only (release assumed), "
                f"{self.unknown} not told, {len(self.wrong)} wrong")


def identity_without_version(cases: list[Case], per_device: bool) -> IdentityFigures:
    """Remove every version output, then recognise the OS from the other outputs alone (shapes, prompt
    style), per output or per device (the cases of one family sharing a file stem)."""
    from netinspect.parse.detect import device_votes, dialect, guess_os

    groups: dict[tuple[str, str], list[Case]] = {}
    for case in cases:
        if case.command in dialect().version_commands:
            continue
        key = (case.family, case.txt.stem if per_device else case.id)
        groups.setdefault(key, []).append(case)
    figures = IdentityFigures()
    for (family, name), members in sorted(groups.items()):
        truth = members[0].device_os or FAMILY_OS[family]
        found = device_votes((c.command, read_output(c.txt)) for c in members)
        os_id, how = guess_os({PROMPT_STYLE.get(truth, "angle")}, Counter(), found)
        figures.units += 1
        if os_id is None or "output shapes" not in how:
            figures.unknown += 1
        elif "assumed" in how:
            figures.assumed += 1
        elif os_id == truth:
            figures.right += 1
        else:
            figures.wrong.append(f"{family}/{name}: {os_id} ({how})")
    return figures


# ---- mutations: cut, reshaped and re-cased outputs are never read as other values (issue 20) ----

MUTATIONS = ("cut", "header_removed", "shifted", "tabs", "crlf", "trailing_prompt", "page_break", "upper",
             "lower")
CUTS_PER_OUTPUT = 3  # of the cuts at every tenth line: the first, the middle and the last (deterministic)
_IGNORED_FIELDS = {"evidence", "line", "raw", "text"}


_HEADER = re.compile(r"^(?![^\n]*[\d:])\s*[A-Za-z][\w/().%-]*(?:\s+[A-Za-z(][\w/().%-]*){2,}\s*$")


def mutants(text: str, prompt: str = "<HOST>") -> list[tuple[str, str]]:
    """(mutation, mutated text) for one output: cut at every tenth line (a deterministic sample of
    CUTS_PER_OUTPUT), the first column-header line removed (three or more words, no digit), every line
    shifted by a space, runs of blanks as tabs, CRLF line ends, a trailing prompt, a page break in the
    middle, upper and lower case."""
    lines = text.split("\n")
    cuts = list(range(10, len(lines), 10))
    if len(cuts) > CUTS_PER_OUTPUT:
        cuts = [cuts[0], cuts[len(cuts) // 2], cuts[-1]]
    found = [(f"cut@{k}", "\n".join(lines[:k])) for k in cuts]
    header = next((i for i, line in enumerate(lines) if _HEADER.match(line) and not line.rstrip().endswith(":")),
                  None)
    if header is not None:
        found.append(("header_removed", "\n".join(lines[:header] + lines[header + 1:])))
    middle = len(lines) // 2
    found += [
        ("shifted", "\n".join(" " + line if line.strip() else line for line in lines)),
        ("tabs", re.sub(r"(?<=\S) {2,}(?=\S)", "\t", text)),
        ("crlf", text.replace("\n", "\r\n")),
        ("trailing_prompt", text.rstrip("\n") + "\n" + prompt),
        ("page_break", "\n".join(lines[:middle] + ["  ---- More ----"] + lines[middle:])),
        ("upper", text.upper()),
        ("lower", text.lower()),
    ]
    return found


@dataclass
class MutationFigures:
    """Outcomes of the mutants: same values, rows lost, declared errors, and wrong values (must be none)."""

    tried: int = 0
    right: int = 0  # ok, and every value the original gave (case aside for re-cased text)
    partial: int = 0  # ok or partial, fewer rows or values than the original, none of them different
    error: int = 0  # parse_error / unsupported: the output is declared not understood
    extra: int = 0  # ok, nothing different, and a value where the original's parse had none
    declared_partial: int = 0  # of the partial ones: the parse itself said "partial" (the output shows its cut)
    wrong: list[str] = field(default_factory=list)  # a value the original did not give
    by_mutation: dict[str, Counter[str]] = field(default_factory=dict)

    def table(self) -> list[str]:
        """Per mutation kind: mutants tried, right, partial, declared errors, extra (a value the original's
        parse lacked, none different) and wrong; the totals last."""
        columns = ("tried", "right", "partial", "error", "extra", "wrong")
        lines = [f"{'kind':16} " + " ".join(f"{c:>7}" for c in columns)]
        totals = Counter[str]()
        for kind in MUTATIONS:
            counts = self.by_mutation.get(kind, Counter())
            row = dict(zip(columns, [sum(counts.values())] + [counts.get(k, 0) for k in columns[1:]]))
            totals.update(row)
            lines.append(f"{kind:16} " + " ".join(f"{row[c]:>7}" for c in columns))
        lines.append(f"{'all':16} " + " ".join(f"{totals[c]:>7}" for c in columns))
        return lines

    def line(self) -> str:
        return (f"mutants: {self.tried} tried, {self.right} right, {self.partial} partial (rows or values "
                f"lost, none different; {self.declared_partial} of them declared partial by the parse), "
                f"{self.error} declared errors (parse_error), {self.extra} with a value "
                f"the original's parse lacked, {len(self.wrong)} wrong")


class _Map(tuple):
    """The comparable form of a mapping or a dataclass: its (key, value) pairs, sorted. A mutant's mapping
    with fewer keys or fields (the rest equal) has lost values, not changed them (see _map_verdict)."""


def _comparable(value: object, fold: bool) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _Map(sorted((k, _comparable(v, fold)) for k, v in vars(value).items() if k not in _IGNORED_FIELDS))
    if isinstance(value, list):
        return tuple(_comparable(v, fold) for v in value)
    if isinstance(value, dict):
        return _Map(sorted((str(k), _comparable(v, fold)) for k, v in value.items()))
    if isinstance(value, str):
        return " ".join(value.lower().split()) if fold else " ".join(value.split())
    if isinstance(value, float):
        return round(value, 2)
    return value


def _fields(value: object, fold: bool) -> dict[str, object]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _comparable(v, fold) for k, v in vars(value).items() if k not in _IGNORED_FIELDS}
    return {"": _comparable(value, fold)}


_EMPTY = (None, (), "")


def _item_verdict(original: dict[str, object], mutant: dict[str, object]) -> str | None:
    """'right' (every field equal), 'partial' (some absent in the mutant, none different), None otherwise."""
    verdict = "right"
    for key, value in original.items():
        new = mutant.get(key)
        if new == value:
            continue
        if new in _EMPTY or new is False and value is True:
            verdict = "partial"
            continue
        if value in _EMPTY or value is False and new is True:  # read where the original read nothing
            verdict = "extra" if verdict == "right" else verdict
            continue
        if (type(value) is tuple and type(new) is tuple and len(new) < len(value)
                and value[:len(new)] == new):  # the first lanes of an optic's readings: the rest cut off
            verdict = "partial"
            continue
        if isinstance(value, _Map) and isinstance(new, _Map):  # a mapping (an optic's metrics) with fewer keys
            sub = _item_verdict(dict(value), dict(new))
            if sub is not None and set(dict(new)) <= set(dict(value)):
                verdict = sub if sub != "right" and verdict != "partial" else verdict
                continue
        return None
    return verdict


def _judge_group(original: object, mutant: object, fold: bool) -> str:
    """'right', 'partial' (less, nothing different) or 'wrong: ...' for one fact group."""
    if isinstance(original, list) or isinstance(mutant, list):
        pool = [_fields(i, fold) for i in original or []]
        verdict = "right"
        for item in mutant or []:
            fields = _fields(item, fold)
            ranked = [(v, i) for i, o in enumerate(pool) if (v := _item_verdict(o, fields)) is not None]
            if not ranked:
                return f"wrong: {item!r} is not among the original's items"
            best = min(ranked, key=lambda pair: ("right", "extra", "partial").index(pair[0]))
            verdict = best[0] if best[0] != "right" and verdict != "partial" else verdict
            pool.pop(best[1])
        return "partial" if pool else verdict
    if dataclasses.is_dataclass(original) and dataclasses.is_dataclass(mutant):
        verdict = "right"
        for key, value in vars(original).items():
            if key in _IGNORED_FIELDS:
                continue
            sub = _judge_group(value, getattr(mutant, key, None), fold)
            if sub.startswith("wrong"):
                return f"wrong: {key}: {sub[7:]}"
            verdict = sub if sub != "right" and verdict != "partial" else verdict
        return verdict
    left, right = _comparable(original, fold), _comparable(mutant, fold)
    if left == right:
        return "right"
    if right in _EMPTY or right == {}:
        return "partial"
    if left in _EMPTY or left == {}:
        return "extra"
    return f"wrong: {mutant!r} where the original gave {original!r}"


def _parse_text(case: Case, text: str) -> tuple[Device, str, str | None]:
    raw = RawDevice(name=case.txt.stem, os=case.platform, source=str(case.txt))
    platform = get_platform(case.platform)
    error = platform.is_error_reply(text) if platform else None
    raw.add(CommandOutput(case.command, text, status="unsupported" if error else "ok", message=error))
    device, outcomes = normalize(raw)
    return device, outcomes[case.command].status, outcomes[case.command].message


def mutation_outcomes(cases: list[Case]) -> MutationFigures:
    """Every mutant of every case whose original passes, judged against the original's own parse."""
    figures = MutationFigures()
    for case in cases:
        original_text = read_output(case.txt)
        original, status, _ = _parse_text(case, original_text)
        if status not in ("ok", "partial") or not case.expect:
            continue
        groups = [g for g in case.expect if hasattr(original, g)]
        prompt = "HOST#" if case.platform.startswith("cisco") else "<HOST>"
        for name, text in mutants(original_text, prompt):
            kind = name.split("@")[0]
            verdict = _judge_mutant(case, original, groups, text, fold=kind in ("upper", "lower"))
            figures.tried += 1
            if verdict == "partial (declared)":
                verdict = "partial"
                figures.declared_partial += 1
            figures.by_mutation.setdefault(kind, Counter())[verdict.split(":")[0]] += 1
            if verdict.startswith("wrong"):
                figures.wrong.append(f"{case.id} [{name}]: {verdict}")
            else:
                setattr(figures, verdict, getattr(figures, verdict) + 1)
    return figures


def _judge_mutant(case: Case, original: Device, groups: list[str], text: str, fold: bool) -> str:
    try:
        device, status, _ = _parse_text(case, text)
    except Exception as exc:  # noqa: BLE001 - a crash is a finding, reported as wrong
        return f"wrong: the pipeline raised {type(exc).__name__}: {exc}"
    version = original.identity.version
    survived = "identity" in groups and version and version.lower() in text.lower()
    if status not in ("ok", "partial"):
        if survived and (device.identity.version or "").lower() != version.lower():
            return f"wrong: parse_error lost the version {version!r} although its line survived"
        return "error"
    verdicts = [_judge_group(getattr(original, g), getattr(device, g), fold) for g in groups]
    wrong = [v for v in verdicts if v.startswith("wrong")]
    if wrong:
        return wrong[0]
    if survived and (device.identity.version or "").lower() != version.lower():
        return f"wrong: the version line survived but the version is {device.identity.version!r}"
    if status == "partial":  # the output says it was cut short (its values, judged above, are the original's)
        return "partial (declared)"
    return "partial" if "partial" in verdicts else "extra" if "extra" in verdicts else "right"
