"""The redaction pre-filter (issue 22): a line without any secret keyword is skipped, and skipping never
changes the result. The keywords are read from the secret forms' own regexes (data/redaction.yaml)."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netinspect.core import redact as r

FLEET = Path(__file__).resolve().parents[1] / "netinspect" / "lab" / "fleet"


def _full(text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as m:
        m.setattr(r, "FAST", False)
        return r._redact(text)


def test_every_form_has_keywords() -> None:
    words = r.keywords()
    assert words is not None, "a secret form without a required word: the pre-filter is off (slow)"
    assert "password" in words and "key" in words
    assert all(w == w.lower() and len(w) >= 3 for w in words)


@pytest.mark.parametrize("pattern, words", [
    (r"\bsnmp-server\s+community\s+(?P<secret>\S+)", {"snmp-server"}),
    (r"(?:password|secret)\s+(?P<secret>\S+)", {"password", "secret"}),
    (r"^\s*(?:\d+\s+)?key\s+(?P<secret>\S+)", {"key"}),
    (r"(?:a|\d)\s+(?P<secret>\S+)", None),  # one branch has no literal: no required word
    (r"\S+\s+(?P<secret>\S+)", None),
])
def test_required_words_of_a_regex(pattern: str, words: set[str] | None) -> None:
    parsed = list(r._sre_parse.parse(pattern, re.IGNORECASE))
    assert r._required(parsed) == words


def test_a_form_without_a_word_turns_the_filter_off(monkeypatch: pytest.MonkeyPatch) -> None:
    form = r.SecretForm("any", (), re.compile(r"(?P<secret>\d{6})", re.I), ())
    monkeypatch.setattr(r, "forms", lambda: (form,))
    r.keywords.cache_clear()
    try:
        assert r.keywords() is None
        assert r._no_keyword("interface 123456") is False
    finally:
        r.keywords.cache_clear()


@pytest.mark.parametrize("form", r.forms(), ids=lambda f: f.id)
def test_every_example_passes_the_filter(form: r.SecretForm) -> None:
    for example in form.examples:
        for line in (example.replace("{S}", "Zq9xS3cr3t"), example.upper().replace("{S}", "Zq9xS3cr3t")):
            assert not r._no_keyword(line), (form.id, line)
            assert "Zq9xS3cr3t" not in r.redact_line(line), (form.id, line)


def test_same_result_on_real_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(FLEET.glob("*.log"))]
    assert texts
    for text in texts:
        assert r._redact(text) == _full(text, monkeypatch)


def test_non_ascii_lines_are_never_skipped() -> None:
    # re's IGNORECASE matches the Kelvin sign and the long s to k and s; str.lower() does not fold them
    assert not r._no_keyword("\u212aey 7 ABC")
    assert r.redact_line(" pa\u017f\u017fword 7 Zq9xS3cr3t") == r._redact(" pa\u017f\u017fword 7 Zq9xS3cr3t")


_WORDS = [w for f in r.forms() for e in f.examples for w in e.replace("{S}", "Zq9x").split()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(alphabet=" \t-_%:=\"'AbKkSs019\u212a\u017f", max_size=8)),
                max_size=12))
def test_fast_equals_full_on_generated_lines(parts: list[str]) -> None:
    line = " ".join(parts)
    fast = r.redact_line(line)
    r.FAST = False
    try:
        assert fast == r.redact_line(line)
    finally:
        r.FAST = True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.lists(st.sampled_from(_WORDS + ["x", "", "  "]), max_size=6),
                          st.sampled_from(["\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", ""])),
                max_size=10))
def test_whole_texts_same_as_line_by_line(lines: list[tuple[list[str], str]]) -> None:
    text = "".join(" ".join(words) + end for words, end in lines)
    fast = r._redact(text)
    r.FAST = False
    try:
        assert fast == r._redact(text)
    finally:
        r.FAST = True
