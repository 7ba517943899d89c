"""The TextFSM engine: one index over ntc-templates and netinspect's own `parsers/`.

Our own index is consulted first, so a template in `parsers/` replaces an ntc-templates one for the
same platform and command. Compiled templates are cached for the life of the process.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import warnings
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import textfsm

from netinspect.core.paths import parsers_dir
from netinspect.parse.fastfsm import FastTextFSM


@dataclass(frozen=True)
class IndexEntry:
    templates: tuple[Path, ...]
    platform: re.Pattern[str]
    command: re.Pattern[str]
    origin: str  # "netinspect" | "ntc-templates"


@dataclass
class ParseResult:
    status: str  # ok | parse_error | no_template
    rows: list[dict[str, object]] = field(default_factory=list)
    template: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


_COMPLETION = re.compile(r"(\w+)\[\[(.*?)\]\]")


def _expand_completion(command: str) -> str:
    """ntc-templates `sh[[ow]]` notation to a regex: `sh(o(w)?)?`."""

    def repl(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        opt = "".join(f"({re.escape(ch)}" for ch in tail) + ")?" * len(tail)
        return head + opt

    return _COMPLETION.sub(repl, command)


def _read_index(index_file: Path, origin: str) -> list[IndexEntry]:
    entries: list[IndexEntry] = []
    lines = [ln for ln in index_file.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    for row in csv.reader(lines[1:], skipinitialspace=True):  # first line is the header
        if len(row) < 4:
            continue
        templates = tuple(index_file.parent / name.strip() for name in row[0].split(":"))
        with warnings.catch_warnings():  # some ntc-templates regexes trip re's FutureWarning
            warnings.simplefilter("ignore", FutureWarning)
            command = re.compile(rf"^(?:{_expand_completion(','.join(row[3:]).strip())})\s*$")
        entries.append(IndexEntry(templates=templates, platform=re.compile(rf"^(?:{row[2].strip()})$"),
                                  command=command, origin=origin))
    return entries


@cache
def index() -> tuple[IndexEntry, ...]:
    """Our templates first, then ntc-templates'."""
    entries: list[IndexEntry] = []
    ours = parsers_dir() / "index"
    if ours.is_file():
        entries += _read_index(ours, "netinspect")
    try:
        import ntc_templates
        ntc_index = Path(ntc_templates.__file__).parent / "templates" / "index"
        entries += _read_index(ntc_index, "ntc-templates")
    except ImportError:  # pragma: no cover - ntc-templates is a core dependency
        pass
    return tuple(entries)


def find_template(platforms: tuple[str, ...] | list[str], command: str) -> IndexEntry | None:
    """The first index entry for any of `platforms` (in order) whose command regex matches."""
    return _find_template(tuple(platforms), " ".join(command.split()))


@lru_cache(maxsize=4096)
def _find_template(platforms: tuple[str, ...], command: str) -> IndexEntry | None:
    for platform in platforms:
        for entry in index():
            if entry.platform.match(platform) and entry.command.match(command):
                return entry
    return None


FAST = True  # FastTextFSM (same results, fewer steps); False: TextFSM itself (tests compare the two)


class _CompiledTemplate:
    """A compiled TextFSM template; parsing is serialized because a TextFSM object holds state."""

    def __init__(self, path: Path) -> None:
        with path.open(encoding="utf-8") as handle:
            self.fsm = FastTextFSM(handle) if FAST else textfsm.TextFSM(handle)
        self.lock = threading.Lock()

    def patterns(self) -> list[re.Pattern[str]]:
        """The regexes of every rule in every state, except catch-alls (`^.`, `^.*`) and Error rules."""
        found = []
        for rules in self.fsm.states.values():
            for rule in rules:
                if rule.line_op == "Error" or rule.regex_obj is None:
                    continue
                regex = rule.regex_obj.regex if hasattr(rule.regex_obj, "regex") else re.compile(rule.regex)
                if not regex.match(_UNLIKELY):
                    found.append(regex)
        return found

    def parse(self, text: str) -> list[dict[str, object]]:
        with self.lock:
            self.fsm.Reset()
            rows = self.fsm.ParseText(text)
            header = [h.lower() for h in self.fsm.header]
        return [dict(zip(header, row)) for row in rows]


_UNLIKELY = "\x00 qzx unlikely \x00"  # a line only a catch-all rule matches


@cache
def compiled(path: Path) -> _CompiledTemplate:
    return _CompiledTemplate(path)


MAX_BLANKS = 64  # a longer run of blanks is shortened to this before TextFSM
MAX_LINE = 8192  # characters of one line TextFSM sees
_LONG_BLANKS = re.compile(r"[ \t]{%d,}" % (MAX_BLANKS + 1))


def tame(text: str) -> str:
    """Text as TextFSM sees it: runs of blanks over MAX_BLANKS shortened, lines cut at MAX_LINE.

    Templates (ntc-templates' among them) have rules that backtrack on long runs of blanks; no real
    output needs more than a screen's width of them, and no real line is longer than MAX_LINE (issue 9).
    """
    text = _LONG_BLANKS.sub(lambda m: m.group(0)[:MAX_BLANKS], text)
    # a line of splitlines() is part of a line between newlines: no long one of those, no long line
    if len(text) > MAX_LINE and max(map(len, text.split("\n"))) > MAX_LINE \
            and any(len(line) > MAX_LINE for line in text.splitlines()):
        text = "\n".join(line[:MAX_LINE] for line in text.splitlines())
    return text


def parse_output(platforms: tuple[str, ...] | list[str], command: str, text: str) -> ParseResult:
    """Parse one command's output. Never raises for bad output: the reason goes in the result."""
    text = tame(text)
    entry = find_template(platforms, command)
    if entry is None:
        return ParseResult("no_template", message=f"no TextFSM template for '{command}' on {'/'.join(platforms)}")
    name = entry.templates[0].name
    rows: list[dict[str, object]] = []
    try:
        for template in entry.templates:
            rows += compiled(template).parse(text)
    except textfsm.TextFSMError as exc:
        detail = str(exc).splitlines()[0][:200]
        return ParseResult("parse_error", template=name,
                           message=f"output does not match template {name}: {detail}{first_line_note(platforms, command, text)}")
    except (OSError, textfsm.TextFSMTemplateError) as exc:
        return ParseResult("parse_error", template=name, message=f"template {name} unusable: {exc}")
    if not rows and text.strip():
        return ParseResult("parse_error", template=name,
                           message=f"no line matched template {name}{first_line_note(platforms, command, text)}")
    return ParseResult("ok", rows=rows, template=name)


def unknown_lines(platforms: tuple[str, ...] | list[str], command: str, text: str) -> list[tuple[int, str]]:
    """Every non-blank line of `text` that no rule of the command's template(s) matches: (number, line).

    Empty when every line is matched by some rule, or when there is no template. A rule matching the line
    in another state than the one the parser was in still counts as understood (a good approximation).
    """
    entry = find_template(platforms, command)
    if entry is None:
        return []
    try:
        patterns = [p for template in entry.templates for p in compiled(template).patterns()]
    except (OSError, textfsm.TextFSMTemplateError):
        return []
    return [(number, line) for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not any(p.match(line) for p in patterns)]


def first_unknown_line(platforms: tuple[str, ...] | list[str], command: str, text: str) -> tuple[int, str] | None:
    """The first line no rule of the command's template(s) matches (see :func:`unknown_lines`), or None."""
    lines = unknown_lines(platforms, command, text)
    return lines[0] if lines else None


def first_line_note(platforms: tuple[str, ...] | list[str], command: str, text: str) -> str:
    """'; first line not understood (line N): ...' or '' (for parse_error messages)."""
    unknown = first_unknown_line(platforms, command, text)
    return f"; first line not understood (line {unknown[0]}): '{unknown[1].strip()[:120]}'" if unknown else ""


def load_text_template(text: str) -> textfsm.TextFSM:
    """Compile a template from text (for tests of templates)."""
    return textfsm.TextFSM(io.StringIO(text))
