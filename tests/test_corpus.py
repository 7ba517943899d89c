"""The real-output corpus (tests/corpus, issue 8): every published output parses with the values a person read.

One test per output file (the id names it), one that the corpus is complete (every .txt has its .yaml and
a SOURCES.tsv row), and the aggregate bar of the issue: at least 98 % of outputs parse with all their
expected values. A file marked ``known_issue:`` is an expected failure (strict: remove the mark once it
passes) and still counts against the aggregate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netinspect.corpus import Case, discover, orphans, run_case

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


def test_corpus_expectations_are_real() -> None:
    """Every output with facts to read declares some; a file without any says why in `note`."""
    silent = [c.id for c in CASES if not c.expect and not c.note]
    assert not silent, f"expect: {{}} without a note: {silent}"


def test_corpus_aggregate_bar() -> None:
    outcomes = [run_case(c) for c in CASES]
    passed = sum(1 for o in outcomes if o.passed)
    failed = [o.explain() for o in outcomes if not o.passed]
    assert passed >= BAR * len(outcomes), (
        f"{passed}/{len(outcomes)} corpus outputs parse with all expected values (bar {BAR:.0%}):\n"
        + "\n".join(failed[:40]))
