"""The real-output corpus (tests/corpus, issue 8): every published output parses with the values a person read.

One test per output file (the id names it), one that the corpus is complete (every .txt has its .yaml and
a SOURCES.tsv row), and the aggregate bar of the issue: at least 98 % of outputs parse with all their
expected values. A file marked ``known_issue:`` is an expected failure (strict: remove the mark once it
passes) and still counts against the aggregate.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import pytest

from netinspect.normalize.corpus import Case, discover, orphans, run_case

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = discover(CORPUS)
BAR = 0.98


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.known_issue)] if case.known_issue else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_corpus_output(case: Case) -> None:
    outcome = run_case(case)
    assert outcome.passed, outcome.explain()


def test_corpus_is_complete() -> None:
    assert CASES, "tests/corpus holds no output"
    problems = orphans(CORPUS)
    assert not problems, "\n".join(problems)


def test_corpus_sources_name_each_output_once() -> None:
    """SOURCES.tsv: one row per output (two rows for one path means one of two outputs lost its record)."""
    paths = [line.split("\t", 1)[0] for line in (CORPUS / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    twice = sorted({p for p in paths if paths.count(p) > 1})
    assert not twice, f"SOURCES.tsv rows naming the same output: {twice}"


def test_corpus_expectations_are_real() -> None:
    """Every output with facts to read declares some; a file without any says why in `note`."""
    silent = [c.id for c in CASES if not c.expect and not c.note]
    assert not silent, f"expect: {{}} without a note: {silent}"


def _text_key(txt: Path) -> str:
    """The output as a person sees it: line ends, trailing blanks and blank edge lines do not count."""
    lines = [line.rstrip() for line in txt.read_bytes().replace(b"\r\n", b"\n").split(b"\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def test_corpus_has_no_duplicate_outputs() -> None:
    """One published output counts once, even when a source ships it under two names."""
    seen: dict[str, list[str]] = defaultdict(list)
    for txt in sorted(CORPUS.rglob("*.txt")):
        seen[_text_key(txt)].append(str(txt.relative_to(CORPUS)))
    dupes = [names for names in seen.values() if len(names) > 1]
    assert not dupes, "the same output twice in the corpus:\n" + "\n".join(" = ".join(d) for d in dupes)


def test_corpus_aggregate_bar() -> None:
    outcomes = [run_case(c) for c in CASES]
    passed = sum(1 for o in outcomes if o.passed)
    failed = [o.explain() for o in outcomes if not o.passed]
    assert passed >= BAR * len(outcomes), (
        f"{passed}/{len(outcomes)} corpus outputs parse with all expected values (bar {BAR:.0%}):\n"
        + "\n".join(failed[:40]))
