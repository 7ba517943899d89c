"""Session logs as input: the terminal logs field engineers saved (contracts/transcripts.md).

Four stages, each testable alone:

1. ``iter_text_lines`` streams a file: per-file encoding (UTF-8, UTF-8/16 with BOM, GB18030, else
   UTF-8 with replacement), split into physical lines, never the whole file in memory.
2. ``clean_line`` removes paging prompts with their erase codes, renders backspaces and cursor moves,
   strips other ANSI escapes, stray carriage returns and trailing blanks.
3. ``split_session`` / ``iter_segments`` cut clean lines into segments at prompts: a pure function.
   The first segment is the preamble (lines before the first prompt, host None); every other line lands
   in exactly one segment, except terminal-program lines (``is_terminal_line``).
4. ``read_logs`` groups segments per hostname across files, detects each device's OS, expands
   abbreviated commands with that OS's vocabulary, and records the fate of every input.
"""

from __future__ import annotations

import codecs
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from netinspect.core.raw import CommandOutput, InputRecord, RawDevice, SourceResult
from netinspect.core.redact import redact_line
from netinspect.parse.detect import (
    Fingerprint,
    dialect,
    guess_os,
    is_version_command,
    os_from_version,
    output_votes,
    reply_hints,
    second_opinion,
)
from netinspect.platforms import Platform, all_platforms, get_platform
from netinspect.platforms.abbrev import expand

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
CHUNK = 1 << 20
PREVIEW = 8192  # bytes looked at to tell text from binary
TIMESTAMP_WINDOW = 64  # first non-blank lines looked at to decide whether lines carry timestamps
TRUNCATED = "output truncated"


class RejectedInput(Exception):
    """A file that cannot be read as a session log; the message is the one-line reason."""


# ---------------------------------------------------------------- 1. bytes -> physical lines


@dataclass
class DecodeInfo:
    """How a file was decoded."""

    encoding: str = "utf-8"
    replaced: int = 0  # characters that could not be decoded (U+FFFD)


def binary_reason(head: bytes) -> str | None:
    """Why the first bytes of a file look binary, or None when they look like text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "binary file (NUL bytes), not a text session log"
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\n\r\x08\x0c\x1b\x07")
    if head and controls / len(head) > 0.1:
        return f"binary file ({controls * 100 // len(head)}% control bytes), not a text session log"
    return None


def _start_encoding(first: bytes) -> tuple[str, bytes]:
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", first
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", first
    return "utf-8", first


def iter_text(stream: BinaryIO, info: DecodeInfo) -> Iterator[str]:
    """Decoded text of `stream` chunk by chunk: UTF-8 (BOM aware), else GB18030, else UTF-8 replacing.

    The switch to GB18030 happens at the first undecodable chunk when everything before was ASCII
    (so nothing already returned changes meaning); otherwise undecodable bytes are replaced and counted.
    """
    chunk = stream.read(CHUNK)
    encoding, chunk = _start_encoding(chunk)
    info.encoding = encoding
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    ascii_so_far = True
    while chunk:
        pending = decoder.getstate()[0]
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError:
            decoder, text = _fallback(pending + chunk, info, ascii_so_far)
        ascii_so_far = ascii_so_far and chunk.isascii()
        yield text
        chunk = stream.read(CHUNK)
    try:
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        tail = "\ufffd"
        info.replaced += 1
    if tail:
        yield tail


def _fallback(data: bytes, info: DecodeInfo, ascii_so_far: bool) -> tuple[codecs.IncrementalDecoder, str]:
    if ascii_so_far and info.encoding in ("utf-8", "utf-8-sig"):
        decoder = codecs.getincrementaldecoder("gb18030")("strict")
        try:
            text = decoder.decode(data)
            info.encoding = "gb18030"
            return decoder, text
        except UnicodeDecodeError:
            pass
    if info.encoding == "gb18030":
        replacing = codecs.getincrementaldecoder("gb18030")("replace")
    else:
        info.encoding = "utf-8"
        replacing = codecs.getincrementaldecoder("utf-8")("replace")
    text = replacing.decode(data)
    info.replaced += text.count("\ufffd")
    return replacing, text


def iter_physical_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines split at "\\n" only (carriage returns are handled by `clean_line`)."""
    carry = ""
    for text in chunks:
        parts = (carry + text).split("\n")
        carry = parts.pop()
        yield from parts
    if carry:
        yield carry


# ---------------------------------------------------------------- 2. physical line -> clean lines

_ERASE = re.compile(r"[\x08\r]|\x1b\[")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TOKEN = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z@])|\x1b[()][A-Za-z0-9]|\x1b[=>78c]|\x08|[\x00-\x07\x0b-\x1f\x7f]")


CURSOR_MARGIN = 1024  # columns: the right margin of the widest terminal a log was written on (issue 9)


def _render(text: str) -> str:
    """What a terminal shows for `text`: backspaces and cursor moves applied, other escapes dropped."""
    buf: list[str] = []
    cursor = 0

    def write(s: str) -> None:  # overwrite from the cursor, then append the rest: one slice, not a char loop
        nonlocal cursor
        if not s:
            return
        if cursor > len(buf):
            buf.extend(" " * (cursor - len(buf)))
        buf[cursor:cursor + len(s)] = s
        cursor += len(s)

    pos = 0
    for m in _TOKEN.finditer(text):
        write(text[pos:m.start()])
        pos = m.end()
        token, final = m.group(0), m.group(2)
        count = int(m.group(1)) if m.group(1) and m.group(1).isdigit() else 1
        if token == "\x08" or final == "D":
            cursor = max(0, cursor - (1 if token == "\x08" else count))
        elif final == "C":  # a terminal's cursor stops at its right margin: ESC[800C x 100k is not 80M blanks
            cursor = min(cursor + count, max(len(buf), CURSOR_MARGIN))
        elif final == "K" and m.group(1) in ("", "0"):
            del buf[cursor:]
    write(text[pos:])
    return "".join(buf)


def clean_line(raw: str) -> list[str]:
    """The display lines of one physical line: [] when it held only a paging prompt that was not erased.

    Paging prompts (``  ---- More ----`` + ``ESC[42D``, `` --More-- `` + backspaces) are removed with
    the codes that erase them, so the output either side joins up; a carriage return inside a line
    starts a new line (so nothing is overwritten and lost); each line loses trailing blanks.
    """
    line = raw
    bare_prompt = False  # a paging prompt that was not erased: the output resumes on the next line
    if "More" in line:
        removed = [m.group(0) for m in dialect().paging.finditer(line)]
        if removed:
            line = dialect().paging.sub("", line)
            bare_prompt = not any(_ERASE.search(r) for r in removed)
    line = line.strip("\r")
    pieces = line.split("\r") if "\r" in line else [line]
    out = [(_render(p) if _CONTROL.search(p) else p).rstrip() for p in pieces]
    if bare_prompt and not any(out):
        return []
    return out


def is_terminal_line(line: str) -> bool:
    """A line the terminal program wrote (PuTTY/Xshell/MobaXterm banners), not the device."""
    return dialect().terminal_line.match(line) is not None


def strip_timestamps(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Remove per-line terminal timestamps when most of the first lines carry one."""
    stamp = dialect().line_timestamp
    head: list[tuple[int, str]] = []
    filled: list[str] = []  # the non-blank lines of head, counted as they come (linear in blank runs)
    iterator = iter(lines)
    for item in iterator:
        head.append(item)
        if item[1].strip():
            filled.append(item[1])
            if len(filled) >= TIMESTAMP_WINDOW:
                break
    strip = bool(filled) and sum(1 for t in filled if stamp.match(t)) * 5 >= len(filled) * 3
    if not strip:
        yield from head
        yield from iterator
        return
    for number, text in head:
        yield number, stamp.sub("", text, count=1)
    for number, text in iterator:
        yield number, stamp.sub("", text, count=1)


def clean_lines(physical: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number in the file, clean line) for every display line."""
    return strip_timestamps(_numbered_clean(physical))


def _numbered_clean(physical: Iterable[str]) -> Iterator[tuple[int, str]]:
    control = _CONTROL.search  # also finds "\r"
    for n, raw in enumerate(physical, 1):
        if "More" not in raw and control(raw) is None:  # most lines: what clean_line makes of them, directly
            yield n, raw.rstrip()
        else:
            for piece in clean_line(raw):
                yield n, piece


# ---------------------------------------------------------------- 3. clean lines -> segments


@dataclass
class Segment:
    """One command and its output, or the preamble (host None) before the first prompt."""

    host: str | None
    typed: str = ""  # what followed the prompt, stripped ("" for an empty prompt)
    prompt_line: str = ""  # the whole line the prompt was on ("" for the preamble)
    style: str = ""  # angle | bracket | cisco | vrp8 | hrp | rbm
    line: int = 0  # line of the prompt in the file (0 for the preamble)
    lines: list[str] = field(default_factory=list)
    closed: bool = False  # True when another prompt followed: the output is complete

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Prompt:
    host: str
    typed: str
    style: str


def plausible_hostname(name: str) -> bool:
    d = dialect()
    return bool(d.hostname.match(name)) and not any(p.search(name) for p in d.not_hostnames)


def looks_like_command(typed: str) -> bool:
    """`typed` starts with a command word (or a unique-enough prefix of one)."""
    words = typed.split()
    if not words:
        return False
    word = words[0].lower()
    known = dialect().command_words
    return word in known or (len(word) >= 2 and any(w.startswith(word) for w in known))


def _host_without_view(inner: str) -> str:
    for pattern in dialect().view_suffix:
        m = pattern.search(inner)
        if m and m.start() > 0:
            return inner[:m.start()]
    return inner


class PromptMatcher:
    """Decides which lines are prompts, remembering the hosts of the log so far.

    Once a host is known, a prompt must carry it (``[HOST-view]`` included), or be a new host that is
    followed by a command, or come right after a hop (telnet/ssh) or a login exchange.
    """

    def __init__(self) -> None:
        self.current: str | None = None
        self.seen: set[str] = set()
        self.hop = False
        self._prompts = dialect().prompts
        self._login = dialect().login_markers.match

    def match(self, line: str) -> Prompt | None:
        if not line or line[0] in " \t":
            return None
        for pattern in self._prompts:
            m = pattern.regex.match(line)
            if m:
                break
        else:
            return None
        groups = m.groupdict()
        typed = (groups.get("typed") or "").strip()
        style = _flavour(pattern.style, groups.get("prefix"), groups.get("mode"))
        inner = groups["inner"]
        if pattern.style == "bracket":
            host = self._bracket_host(inner, typed)
        else:
            host = inner
        if host is None or not plausible_hostname(host) or not self._accept(host, typed, pattern.style):
            return None
        self.current, self.hop = host, False
        self.seen.add(host)
        if any(p.search(typed) for p in dialect().hop_commands):
            self.hop = True
        return Prompt(host, typed, style)

    def note_output(self, line: str) -> None:
        """Watch output for a login to another device."""
        if not self.hop and len(line) < 120 and self._login(line):
            self.hop = True

    def _bracket_host(self, inner: str, typed: str) -> str | None:
        for host in sorted(self.seen, key=len, reverse=True):
            if inner == host or inner.startswith(host + "-"):
                return host
        return _host_without_view(inner) if looks_like_command(typed) else None

    def _accept(self, host: str, typed: str, style: str) -> bool:
        if host == self.current or looks_like_command(typed):
            return True
        if style == "bracket" or typed:
            return host in self.seen and not typed
        return self.current is None or self.hop or host in self.seen


def _flavour(style: str, prefix: str | None, mode: str | None) -> str:
    if mode:
        return "vrp8"
    if prefix:
        return "hrp" if prefix.startswith("HRP") else "rbm"
    return style


def iter_segments(lines: Iterable[str] | Iterable[tuple[int, str]]) -> Iterator[Segment]:
    """Segments of a session, lazily: the preamble first, then one per prompt line.

    `lines` are clean lines, or (line number, clean line) pairs. Terminal-program lines are dropped;
    every other line is either a prompt line (a segment's ``prompt_line``) or in exactly one
    segment's ``lines``. The last segment has ``closed=False`` (no prompt followed it).
    """
    matcher = PromptMatcher()
    current = Segment(host=None)
    terminal_line = dialect().terminal_line.match  # is_terminal_line, looked up once
    for number, line in _numbered(lines):
        if terminal_line(line) is not None:
            continue
        prompt = matcher.match(line)
        if prompt is None:
            current.lines.append(line)
            if current.host is not None:
                matcher.note_output(line)
            continue
        current.closed = True
        yield current
        current = Segment(prompt.host, prompt.typed, line, prompt.style, number)
    yield current


def _numbered(lines: Iterable[str] | Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        return
    if isinstance(first, str):
        yield 1, first
        yield from enumerate(iterator, 2)
    else:
        yield first
        yield from iterator


def split_session(lines: Iterable[str]) -> list[Segment]:
    """All segments of a session (see `iter_segments`); the first is the preamble."""
    return list(iter_segments(lines))


# ---------------------------------------------------------------- 4. segments -> devices


@dataclass
class _Pending:
    typed: str
    text: str
    line: int
    source: str
    truncated: bool = False


@dataclass
class _DeviceLog:
    """One hostname's segments, gathered over all files until its OS is known."""

    name: str
    sources: list[str] = field(default_factory=list)
    styles: set[str] = field(default_factory=set)
    hints: Counter[str] = field(default_factory=Counter)
    shapes: list[Fingerprint] = field(default_factory=list)  # output shapes seen (data/fingerprints.yaml)
    version_os: str | None = None
    pending: list[_Pending] = field(default_factory=list)


@dataclass
class _FileLog:
    name: str
    hosts: list[str] = field(default_factory=list)
    commands: int = 0
    truncated: str | None = None
    decode: DecodeInfo = field(default_factory=DecodeInfo)


PARALLEL_FROM = 64  # files; below this, starting worker processes costs more than reading them here


def read_logs(paths: Sequence[Path], *, max_bytes: int | None = None, jobs: int | None = None) -> SourceResult:
    """Devices from session-log files and folders; every file given or found is in ``inputs``.

    Folders are walked recursively (sorted, hidden entries skipped). The same hostname in several
    files is one device. Never raises for bad input: each bad file is ``rejected`` with its reason.
    Many files are read and split in worker processes (`jobs`, default: the cores); the result is the
    same as reading them one after the other.
    """
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    rejected: dict[str, str] = {}
    order: list[str] = []
    found = [(name, path, limit) for name, path in _discover(paths, rejected, order)]
    devices: dict[str, _DeviceLog] = {}
    files: list[_FileLog] = []
    for name, outcome, file_devices in _read_all(found, jobs):
        if isinstance(outcome, str):
            rejected[name] = outcome
        else:
            files.append(outcome)
        for part in file_devices.values():
            _merge_device(devices, part)
    raws = {name: _build_device(log) for name, log in devices.items() if log.pending}
    by_name = {f.name: f for f in files}
    inputs = [InputRecord(n, "rejected", rejected[n]) if n in rejected else _input_record(by_name[n], raws)
              for n in order]
    return SourceResult(devices=list(raws.values()), inputs=inputs)


_FileOutcome = tuple[str, "_FileLog | str", dict[str, "_DeviceLog"]]


def _read_one(item: tuple[str, Path, int]) -> _FileOutcome:
    """One file on its own: its log (or why it was rejected) and the devices seen in it."""
    name, path, limit = item
    devices: dict[str, _DeviceLog] = {}
    try:
        return name, _read_file(name, path, limit, devices), devices
    except RejectedInput as exc:
        return name, str(exc), devices


def _read_all(found: list[tuple[str, Path, int]], jobs: int | None) -> list[_FileOutcome]:
    """_read_one over every file, in file order; in worker processes when there are many files."""
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs <= 1 or len(found) < PARALLEL_FROM:
        return [_read_one(item) for item in found]
    from netinspect.core.runtime import worker_pool

    with worker_pool(jobs) as pool:
        return list(pool.map(_read_one, found, chunksize=max(1, len(found) // (jobs * 8))))


def _merge_device(devices: dict[str, _DeviceLog], part: _DeviceLog) -> None:
    """Add what one file showed of a device to what earlier files showed (file order kept)."""
    known = devices.get(part.name)
    if known is None:
        devices[part.name] = part
        return
    known.sources += [s for s in part.sources if s not in known.sources]
    known.styles |= part.styles
    known.hints += part.hints
    known.shapes += part.shapes
    known.version_os = known.version_os or part.version_os
    known.pending += part.pending


def _discover(paths: Sequence[Path], rejected: dict[str, str], order: list[str]) -> Iterator[tuple[str, Path]]:
    """(input name, path) of every file to read, each once; problems with the paths go to `rejected`."""
    done: set[Path] = set()
    for given in paths:
        given = Path(given)
        if given.is_dir():
            found = list(_walk(given))
            if not found:
                order.append(str(given))
                rejected[str(given)] = "folder holds no log files"
            for path in found:
                if path.resolve() not in done:
                    done.add(path.resolve())
                    order.append(str(path))
                    yield str(path), path
        elif given.is_file():
            if given.resolve() not in done:
                done.add(given.resolve())
                order.append(str(given))
                yield str(given), given
        else:
            order.append(str(given))
            rejected[str(given)] = "not found" if not given.exists() else "not a regular file or folder"


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root) / name


def _read_file(name: str, path: Path, limit: int, devices: dict[str, _DeviceLog]) -> _FileLog:
    try:
        size = path.stat().st_size
        if size == 0:
            raise RejectedInput("empty file")
        if size > limit:
            raise RejectedInput(f"file is {_mb(size)}, above the {_mb(limit)} limit (max_bytes); not read")
        with path.open("rb") as stream:
            reason = binary_reason(stream.read(PREVIEW))
            if reason:
                raise RejectedInput(reason)
            stream.seek(0)
            return _split_file(name, stream, devices)
    except OSError as exc:
        raise RejectedInput(f"cannot read: {exc.strerror or exc}") from exc


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _split_file(name: str, stream: BinaryIO, devices: dict[str, _DeviceLog]) -> _FileLog:
    log = _FileLog(name)
    last: tuple[Segment, _Pending] | None = None
    for segment in iter_segments(clean_lines(iter_physical_lines(iter_text(stream, log.decode)))):
        if segment.host is None:
            continue
        device = devices.setdefault(segment.host, _DeviceLog(segment.host))
        device.styles.add(segment.style)
        if not segment.typed:
            continue
        pending = _record(device, segment, name)
        log.commands += 1
        if segment.host not in log.hosts:
            log.hosts.append(segment.host)
        if name not in device.sources:
            device.sources.append(name)
        last = (segment, pending)
    if log.commands == 0:
        raise RejectedInput("not a device session: no device prompt followed by a command found")
    if last and not last[0].closed and not _is_exit(last[0].typed):
        last[1].truncated = True
        log.truncated = f"{last[0].host}: output of '{last[0].typed}' truncated (line {last[0].line})"
    return log


def _record(device: _DeviceLog, segment: Segment, source: str) -> _Pending:
    text = segment.text
    device.hints += reply_hints(segment.lines)
    device.shapes += output_votes(segment.typed, text)  # the OS without a version output, or a second opinion
    if device.version_os is None and is_version_command(segment.typed):
        device.version_os = os_from_version(text)
    pending = _Pending(segment.typed, text, segment.line, source)
    device.pending.append(pending)
    return pending


def _is_exit(typed: str) -> bool:
    return any(p.match(typed.strip()) for p in dialect().exit_commands)


def _build_device(log: _DeviceLog) -> RawDevice:
    os_id, how = log.version_os, None
    if os_id is None:
        os_id, how = guess_os(log.styles, log.hints, log.shapes)
        if os_id == "cisco_ios" and "output shapes" not in how:
            how += "; IOS assumed, IOS-XE cannot be told apart without show version"
    opinion = second_opinion(os_id, log.shapes) if log.version_os else None
    platform = get_platform(os_id) if os_id else None
    raw = RawDevice(name=log.name, hostname=log.name, os=os_id, source=log.sources[0] if log.sources else None)
    quality: dict[str, int] = {}
    for pending in log.pending:
        _add(raw, _output(pending, platform), quality)
    notes = []
    if platform is None:
        raw.status = "error"
        notes.append(f"unknown platform: {how}")
    elif how:
        notes.append(f"platform {how}")
    if opinion:
        notes.append(opinion)
    truncated = [o for o in raw.outputs.values() if o.message and TRUNCATED in o.message]
    if truncated and raw.status == "ok":
        raw.status = "partial"
    notes += [f"'{o.command}' {TRUNCATED} (line {o.line})" for o in truncated]
    if len(log.sources) > 1:
        notes.append(f"merged from {len(log.sources)} files: {', '.join(log.sources)}")
    raw.message = "; ".join(notes) or None
    return raw


def split_pipe(typed: str) -> tuple[str, str | None]:
    """('display current-configuration', '| include snmp') from a typed command with a pipe."""
    if "|" not in typed:
        return typed.strip(), None
    base, _, rest = typed.partition("|")
    return base.strip(), "| " + rest.strip()


def _output(pending: _Pending, platform: Platform | None) -> CommandOutput:
    base, pipe = split_pipe(pending.typed)
    command = expand(base, platform.vocabulary) if platform else " ".join(base.split())
    command, typed = redact_line(command), redact_line(pending.typed)
    out = CommandOutput(command=command, text=pending.text, typed=typed if typed != command else None,
                        line=pending.line)
    notes = []
    error = _error_reply(pending.text, platform)
    if error:
        out.status = "unsupported"
        notes.append(error)
    if pending.truncated:
        notes.append(TRUNCATED)
    if pipe:
        whole = any(p.match(pipe[1:].strip()) for p in dialect().whole_output_pipes)
        notes.append(f"typed with '{pipe}'" if whole else f"filtered with '{pipe}': not the whole output")
    out.message = "; ".join(notes) or None
    return out


def _error_reply(text: str, platform: Platform | None) -> str | None:
    if platform is not None:
        return platform.is_error_reply(text)
    for candidate in all_platforms().values():
        error = candidate.is_error_reply(text)
        if error:
            return error
    return None


def _quality(out: CommandOutput) -> int:
    """Which of two outputs of one command to keep: whole > filtered or truncated > empty > error."""
    if out.status != "ok":
        return 0
    if not out.text.strip():
        return 1
    if out.message and (TRUNCATED in out.message or "filtered" in out.message):
        return 2
    return 3


def _add(raw: RawDevice, out: CommandOutput, quality: dict[str, int]) -> None:
    """Later output wins unless it is worse than the kept one (then it is kept as evidence only)."""
    q = _quality(out)
    kept = raw.outputs.get(out.command)
    if kept is not None and q < quality[out.command]:
        if out.status == "ok":
            kept.earlier.append(out.text)
        return
    raw.add(out)
    quality[out.command] = q


def _input_record(log: _FileLog, raws: dict[str, RawDevice]) -> InputRecord:
    unknown = [h for h in log.hosts if raws[h].os is None]
    known = [h for h in log.hosts if raws[h].os is not None]
    problems = []
    if unknown:
        problems.append(f"unknown platform for {', '.join(unknown)} (no display/show version output, "
                        "and prompts and replies do not tell the vendor)")
    if log.truncated:
        problems.append(log.truncated)
    if log.decode.replaced:
        problems.append(f"{log.decode.replaced} undecodable characters replaced ({log.decode.encoding})")
    summary = f"{len(log.hosts)} device(s): {', '.join(log.hosts)}; {log.commands} commands"
    if log.decode.encoding != "utf-8":
        summary += f"; {log.decode.encoding}"
    if not known:
        return InputRecord(log.name, "rejected", "; ".join(problems))
    if problems:
        return InputRecord(log.name, "partial", "; ".join(problems) + f" ({summary})")
    return InputRecord(log.name, "ok", summary)
