"""Find text of the wrong language in what a run prints and writes (issue 10 item 6: one language a run).

A zh run may show English only as device output (quoted evidence, command outputs, alarm texts) and as
identifiers (check ids, command lines, host and interface names, paths, versions, models, units). The scan
removes those and reports every remaining run of two or more English words. An en run may show Chinese
only in device output (Chinese device configs and logs exist).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

# Identifier-like words written in ordinary letters; each is a name, not a sentence. Keep it short.
ALLOWED_WORDS = {
    # vendors, products and operating systems
    "Cisco": "vendor", "Huawei": "vendor", "Comware": "OS name", "Catalyst": "product family",
    "netinspect": "this tool's name", "Oxidized": "tool name", "Excel": "product name",
    "Markdown": "file format", "SQLite": "file format",
    # protocol and interface names that are written in mixed case by the vendors themselves
    "Telnet": "protocol name", "Console": "port name (the console line)",
    "syslog": "protocol name", "scheme": "H3C keyword (authentication-mode scheme)",
    "up": "interface/protocol state as the devices print it", "down": "interface/protocol state",
}

# Spreadsheet columns that hold device output or commands (they are quoted, not translated).
CODE_COLUMNS = {
    "证据", "Evidence", "检查命令", "Command", "Commands", "当前配置", "Current configuration",
    "加固命令", "Fix commands", "回退命令", "Rollback commands", "验证命令", "Verification commands",
    "命令", "Commands to run",
}

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPLIT = re.compile(rf"[{CJK}]+|\t|\|| ; | \| |; |, | \(|\)|\n|\r")
FIELD = "\0field:"  # marks a run that is quoted device text when the device output shows it as one field
_TOKEN_EDGE = ".,;:!?()[]{}\"'`*<>…"
_COMMAND_LINE = re.compile(
    r"(?:python -m netinspect\.cli|netinspect)(?:\s+(?:inspect|collect|merge|demo|lab|inventory|harden|diff|change"
    r"|history|commands|guide|versions|advisories)\b)[^\n，。；）|]*")
_DEVICE_COMMAND = re.compile(  # a device command named in a sentence: "display reboot-info / show version"
    rf"\b(?:display|show|dis)\s+[a-z][^{CJK}\n|]*(?:\|\s*(?:include|begin|exclude|section)\s+[^{CJK}\n]*)?")
_SHELL = re.compile(r"\b(?:xdg-open|open|start|ssh -p)\s+\S+(?:\s+\S+@\S+)?")
_URL = re.compile(r"\b(?:https?|file)://\S+")
_CHINESE = re.compile(r"[\u4e00-\u9fff]+")


def _wordy(token: str) -> bool:
    """A plain English word: letters only, at least one lower-case letter, not an allowed identifier."""
    word = token.strip(_TOKEN_EDGE)
    if word.endswith("(s"):
        word = word[:-2]
    return (len(word) >= 2 and word.isascii() and word.isalpha() and any(c.islower() for c in word)
            and word not in ALLOWED_WORDS)


def normalize(text: str) -> str:
    return " ".join(text.split())


def phrases(text: str) -> list[str]:
    """The segments of `text` that hold two or more consecutive English words."""
    return [segment for segment, _ in phrase_runs(text)]


def phrase_runs(text: str) -> list[tuple[str, list[list[str]]]]:
    """Each segment with two or more consecutive English words, and those runs with the token either side."""
    for pattern in (_URL, _COMMAND_LINE, _DEVICE_COMMAND, _SHELL):
        text = pattern.sub("\n", text)
    found = []
    for segment in _SPLIT.split(text):
        tokens = segment.split()
        runs, start = [], None
        for i, token in enumerate([*tokens, ""]):
            if token and _wordy(token):
                start = i if start is None else start
                continue
            if start is not None and i - start >= 2:
                left = [" ".join(tokens[start - 1:i])] if start > 0 else []
                right = [" ".join(tokens[start:i + 1])] if i < len(tokens) else []
                runs.append(left + right + [FIELD + " ".join(tokens[start:i])])
            start = None
        if runs:
            found.append((normalize(segment).strip(" :：,;"), runs))
    return found


def chinese(text: str) -> list[str]:
    """Runs of Chinese characters in `text`."""
    return _CHINESE.findall(text)


class Corpus:
    """Device output a run was given: a segment found in it verbatim is quoted device text."""

    def __init__(self, paths: Iterable[Path]) -> None:
        parts, raw = [], []
        for path in paths:
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            files = [f for f in files if f.exists()]
            for file in files:
                text = file.read_bytes().decode("utf-8", errors="replace")
                raw.append(text)
                parts.append(normalize(text).replace('"', ""))
        self.text = "\n".join(parts)
        self.raw = "\n".join(raw)

    def field(self, words: str) -> bool:
        """`words` are one field of device output: quoted, or set off by two spaces, a tab or a line edge."""
        edge_l, edge_r = r'(?:^|\s\s|\t|"|: )', r'(?:$|\s\s|\t|"|,)'
        return re.search(edge_l + re.escape(words.strip(_TOKEN_EDGE)) + edge_r, self.raw, re.M) is not None

    def _variant(self, text: str) -> bool:
        if text.startswith(FIELD):
            return self.field(text[len(FIELD):])
        return text.replace('"', "").strip(" .:：,;") in self.text

    def quoted(self, segment: str, runs: list[list[str]] | None = None) -> bool:
        """The segment is in the device output, or each English run of it is, with the token before or after."""
        segment = normalize(segment).replace('"', "").strip(" .:：,;()（）")
        if segment and segment in self.text:
            return True
        return bool(runs) and all(any(self._variant(v) for v in variants) for variants in runs)


def markdown_text(text: str) -> str:
    """Markdown without code blocks and code spans (commands, evidence)."""
    text = re.sub(r"```.*?```", "\n", text, flags=re.S)
    return re.sub(r"`[^`\n]*`", "\n", text)


def html_text(text: str) -> str:
    """The visible text of an HTML page without <pre>/<code> (commands, evidence), scripts and styles."""
    text = re.sub(r"<(pre|code|script|style)\b.*?</\1>", "\n", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", "\n", text)
    return html.unescape(text)


def xlsx_text(path: Path) -> str:
    """Every cell's text, except columns whose header says they hold device output or commands."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(sheet.title)
        skip: set[int] = set()
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            cells = ["" if value is None else str(value) for value in row]
            if number == 0:
                skip = {i for i, c in enumerate(cells) if c in CODE_COLUMNS}
            lines.extend(c for i, c in enumerate(cells) if i not in skip and c)
    workbook.close()
    return "\n".join(lines)


def report_text(path: Path) -> str | None:
    """The scannable text of one written report file, None for files that are data, not prose."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        return markdown_text(path.read_text(encoding="utf-8"))
    if suffix == ".html":
        return html_text(path.read_text(encoding="utf-8"))
    if suffix == ".xlsx":
        return xlsx_text(path)
    return None
