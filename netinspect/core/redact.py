"""Remove secrets from configuration, output and log text before it is stored, logged or reported.

The secret forms live in ``data/redaction.yaml`` (a table per platform, with examples): each names the
secret part ``secret``, which becomes ``<redacted>``. Log lines that carry a typed command (Huawei
CMDRECORD, H3C SHELL_CMD, Cisco CFGLOG_LOGGEDCMD) have that command redacted as a line of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import yaml

try:  # the regex parser of the standard library (re._parser from Python 3.11, sre_parse before)
    from re import _constants as _C
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from netinspect.core.paths import DATA_DIR

MASK = "<redacted>"
_REPEATS = tuple(getattr(_C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_C, n))
_KEEP = re.compile(r"<[A-Za-z0-9_\-]+>")  # placeholders (<ADMIN_PASSWORD>) and <redacted> stay


@dataclass(frozen=True)
class SecretForm:
    id: str
    platforms: tuple[str, ...]
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    embedded: bool = False  # a log line carrying a typed command (group `cmd`)
    command: str = ""  # the command or log message the secret comes from
    mask: str = "full"  # full: <redacted>; initial: first character kept, the rest one '*' each


@cache
def forms() -> tuple[SecretForm, ...]:
    """Every secret form of data/redaction.yaml, configuration forms first, then embedded commands."""
    data = yaml.safe_load((DATA_DIR / "redaction.yaml").read_text(encoding="utf-8"))
    out = []
    for key, embedded in (("forms", False), ("embedded", True)):
        for item in data.get(key, []):
            out.append(SecretForm(item["id"], tuple(item.get("platforms", [])),
                                  re.compile(item["pattern"], re.IGNORECASE), tuple(item.get("examples", [])),
                                  embedded, item.get("command", ""), item.get("mask", "full")))
    return tuple(out)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """The configuration-line patterns (group `secret`), each with whether its mask keeps the initial."""
    return tuple((f.pattern, f.mask == "initial") for f in forms() if not f.embedded)


def _secret_group(match: re.Match[str]) -> tuple[int, int]:
    """The span of the group `secret` (or of `secret2`, `secret3`... that took part in the match)."""
    for name, value in match.groupdict().items():
        if value is not None and name.startswith("secret"):
            return match.span(name)
    return (0, 0)


# True: short texts redacted once per process, and lines without any secret keyword skipped by one cheap
# test (same results); False: every text, every line, every form (tests compare the two).
FAST = True


@cache
def keywords() -> tuple[str, ...] | None:
    """Lower-case words of which every match of every secret form contains one (``password``, ``key``,
    ``snmp-server``...), read from the forms' regexes themselves; None when some form has none.

    An ASCII line that contains none of them (compared in lower case) matches no form: it has no secret.
    Derived, not listed, so a form added to data/redaction.yaml is covered without touching this.
    """
    found: set[str] = set()
    for form in forms():
        try:
            words = _required(list(_sre_parse.parse(form.pattern.pattern, form.pattern.flags)))
        except Exception:  # noqa: BLE001 (a regex this reader does not know: no pre-filter, still complete)
            return None
        if not words or not all(w.isascii() for w in words):
            return None
        found |= words
    return tuple(sorted(w for w in found if not any(o != w and o in w for o in found)))


def _required(items: list[Any]) -> set[str] | None:
    """Strings of which every match of the parsed regex sequence `items` contains one (None: unknown).

    Consecutive literals must appear together; a group or a repeat of at least one must match its
    content; an alternation contains one of its branches' strings. Of the candidates, the longest wins.
    """
    best: set[str] | None = None
    run: list[str] = []

    def keep(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or (min(map(len, candidate)), -len(candidate))
                          > (min(map(len, best)), -len(best))):
            best = candidate

    for op, av in items + [(None, None)]:
        if op is _C.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            keep({"".join(run)})
            run = []
        if op is _C.SUBPATTERN:
            keep(_required(list(av[-1])))
        elif op is _C.BRANCH:
            branches = [_required(list(b)) for b in av[1]]
            if all(branches):
                keep(set().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            keep(_required(list(av[2])))
    return best


def _no_keyword(text: str) -> bool:
    """True when `text` certainly holds no secret: ASCII without any of :func:`keywords`."""
    words = keywords()
    if words is None or not text.isascii():
        return False
    low = text.lower()
    return not any(w in low for w in words)


Span = tuple[int, int, bool]  # start, end, keep the initial


def _secret_spans(line: str) -> list[Span]:
    spans = []
    for pattern, initial in _patterns():
        for match in pattern.finditer(line):
            start, end = _secret_group(match)
            if start < end and not _KEEP.fullmatch(line[start:end]):
                spans.append((start, end, initial))
    return spans


def _spans(line: str) -> list[Span]:
    """Secret spans of a line: embedded commands redacted on their own, the rest of the line as a whole."""
    inner: list[Span] = []
    regions: list[tuple[int, int]] = []
    for form in forms():
        if not form.embedded:
            continue
        for match in form.pattern.finditer(line):
            start, end = match.span("cmd")
            regions.append((start, end))
            inner += [(start + a, start + b, i) for a, b, i in _secret_spans(line[start:end])]
    outer = [(a, b, i) for a, b, i in _secret_spans(line) if not any(s <= a < e for s, e in regions)]
    return sorted(inner + outer)


def _mask(secret: str, initial: bool) -> str:
    """<redacted>, or the first character and one '*' per other character (a failed-login user name)."""
    return secret[0] + "*" * (len(secret) - 1) if initial and secret else MASK


def redact_line(line: str) -> str:
    """The line with every secret replaced by ``<redacted>``.

    Every pattern is matched against the original line and the secret spans are merged, so one
    secret is masked once and a keyword is never mistaken for a secret after an earlier pass.
    """
    if FAST and _no_keyword(line):
        return line
    spans = _spans(line)
    if not spans:
        return line
    merged: list[list[Any]] = []
    for start, end, initial in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] = merged[-1][2] and initial  # a full mask wins over an initial one
        else:
            merged.append([start, end, initial])
    out, last = [], 0
    for start, end, initial in merged:
        out += [line[last:start], _mask(line[start:end], initial)]
        last = end
    return "".join(out) + line[last:]


CACHED_CHARS = 1024  # texts up to this long are redacted once per process (titles, advice, evidence repeat)


def redact(text: str) -> str:
    """Every line of `text` redacted; line endings kept."""
    if not text:
        return text
    if FAST and len(text) <= CACHED_CHARS:
        return _redact_cached(text)
    return _redact(text)


@lru_cache(maxsize=8192)  # at most ~16 MB of texts per process
def _redact_cached(text: str) -> str:
    return _redact(text)


def _redact(text: str) -> str:
    if FAST and text.isascii() and (words := keywords()) is not None:
        return _redact_ascii(text, words)
    return "".join(redact_line(line) for line in text.splitlines(keepends=True))


_BREAKS = "\n\r\v\f\x1c\x1d\x1e"  # where str.splitlines ends a line of ASCII text ("\r\n" is one end)
_LINE_END = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e]")


def _redact_ascii(text: str, words: tuple[str, ...]) -> str:
    """:func:`_redact` of ASCII text, visiting only the lines where some keyword occurs (found with one
    str.find pass per keyword over the lower-cased text); every other line is copied as it is."""
    low = text.lower()
    hits: set[int] = set()
    for word in words:
        at = low.find(word)
        while at != -1:
            hits.add(at)
            at = low.find(word, at + 1)
    if not hits:
        return text
    out: list[str] = []
    done = 0  # text[:done] is handled; `done` is always the start of a line
    for at in sorted(hits):
        if at < done:
            continue  # another keyword of a line already redacted
        start = max(done, max(text.rfind(c, done, at) for c in _BREAKS) + 1)
        found = _LINE_END.search(text, at)
        end = found.end() if found else len(text)
        out += [text[done:start], redact_line(text[start:end])]
        done = end
    out.append(text[done:])
    return "".join(out)


def redact_value(value: Any) -> Any:
    """Strings anywhere in a JSON-like value (str, list, tuple, dict values) redacted."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(redact_value(v) for v in value)
    if isinstance(value, dict):
        return {k: redact_value(v) for k, v in value.items()}
    return value
