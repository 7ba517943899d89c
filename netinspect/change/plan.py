"""Change plans as engineers write them: Markdown, plain text with numbered headings (一、二、 or 1. 2.),
Word .docx, or YAML, with the commands per device (docs/change.md).

Every form is first laid out as Markdown (`## <section>`, `### DEVICE (platform)`), then read one way:
section headings by meaning (data/change/sections.yaml), under steps/rollback/pre-check/post-check one
`### DEVICE (platform)` (or `设备：NAME`) per device, its commands in ``` fences or, without fences, the
lines that read as commands (prose is skipped). A heading that names no known section is kept in
`Plan.unknown_headings` for the review to warn about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netinspect.core.options import OptionError, read_yaml
from netinspect.core.paths import DATA_DIR
from netinspect.platforms import get_platform

COMMAND_SECTIONS = ("steps", "rollback", "analysis", "service_test")


class PlanError(Exception):
    """The plan cannot be read: the message names the file (and line) and the reason."""


@dataclass
class PlanDevice:
    name: str
    platform: str | None = None  # an OS id of data/platforms.yaml
    steps: list[str] = field(default_factory=list)
    rollback: list[str] | None = None  # None: no rollback given for this device
    precheck: list[str] = field(default_factory=list)
    postcheck: list[str] = field(default_factory=list)
    management: dict[str, str] = field(default_factory=dict)  # interface, vlan, acl
    step_blocks: list[list[str]] = field(default_factory=list)  # the steps as the plan groups them
    platform_source: str = "tag"  # tag | inventory | dialect | default: where `platform` comes from

    @property
    def vendor(self) -> str | None:
        platform = get_platform(self.platform) if self.platform else None
        return platform.vendor if platform else None


@dataclass
class Plan:
    path: Path
    title: str = ""
    sections: dict[str, str] = field(default_factory=dict)  # section -> its text (non-command sections)
    devices: list[PlanDevice] = field(default_factory=list)
    unknown_headings: list[str] = field(default_factory=list)  # section headings of no known meaning
    form: str = "markdown"  # markdown | text | docx | yaml


@cache
def _sections_data() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "change" / "sections.yaml").read_text(encoding="utf-8"))


def _section_words() -> dict[str, list[str]]:
    return _sections_data()["sections"]


_NUMBERING = re.compile(r"^(?:[\d.、．\s]+|[一二三四五六七八九十]+\s*[、.．]\s*|[（(][一二三四五六七八九十\d]+[)）]\s*|"
                        r"(?:第[一二三四五六七八九十\d]+[部分章节步]\s*[、:：]?\s*))")


def section_of(heading: str) -> str | None:
    """The section a heading means (data/change/sections.yaml): equal to a word, else starting with one,
    else containing one; numbering (一、 1. （一） 第一部分) and trailing colons are ignored."""
    text = _NUMBERING.sub("", heading.strip().lower()).strip().rstrip(":：").strip()
    words = _section_words()
    for test in (lambda w: text == w, lambda w: text.startswith(w) or w in text.split("/")[0],
                 lambda w: w in text):
        for name, names in words.items():
            if any(test(w) for w in names):
                return name
    return None


_DEVICE = re.compile(r"^###\s+(?:(?:设备|device)\s*[:：]?\s*)?(?P<name>[A-Za-z0-9][\w.\-/]*)\s*"
                     r"(?:[(（](?P<platform>[^)）]+)[)）])?\s*$", re.IGNORECASE)
_MGMT = re.compile(r"^\s*(?:management|管理)\s*[:：]\s*(?P<rest>.+)$", re.IGNORECASE)


def _device(plan: Plan, name: str, platform: str | None) -> PlanDevice:
    for d in plan.devices:
        if d.name == name:
            if platform and not d.platform:
                d.platform = platform
            return d
    d = PlanDevice(name, platform)
    plan.devices.append(d)
    return d


def _add(device: PlanDevice, section: str, lines: list[str]) -> None:
    if section == "steps":
        device.steps += lines
    elif section == "rollback":
        device.rollback = (device.rollback or []) + lines
    elif section == "analysis":
        device.precheck += lines
    elif section == "service_test":
        device.postcheck += lines


def _management(device: PlanDevice, text: str) -> None:
    for part in re.split(r"[,，;；]", text):
        if "=" in part or ":" in part:
            key, _, value = part.replace("=", ":").partition(":")
            device.management[key.strip().lower()] = value.strip()


_COMMAND = re.compile(r"^[A-Za-z][\x20-\x7e]*$")  # configuration / display commands are ASCII and start with a letter
_STEP_NUMBER = re.compile(r"^(?:\d+[.)、．]\s+|[(（]\d+[)）]\s*|step\s*\d+[:：.]\s*|步骤\s*\d+\s*[:：、]\s*)", re.IGNORECASE)


def command_line(line: str) -> str | None:
    """The command a plan line holds (numbering removed), or None when it is prose."""
    text = _STEP_NUMBER.sub("", line.strip()).strip()
    if not text or not _COMMAND.match(text):
        return None
    if text.endswith((".", ":")) and " " in text and not re.search(r"\d\.$", text):
        return None  # an English sentence, not a command
    return text


def read_markdown(path: Path, text: str) -> Plan:
    plan = Plan(path)
    section: str | None = None
    device: PlanDevice | None = None
    fenced, block, has_fences = False, [], False

    def flush() -> None:
        nonlocal block
        if device is not None and section in COMMAND_SECTIONS and block:
            _add(device, section, block)
            if section == "steps":
                device.step_blocks.append(list(block))
        block = []

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.lstrip().startswith("```"):
            if fenced:
                flush()
            fenced, has_fences = not fenced, True
            continue
        if fenced:
            if line.strip() and not line.strip().startswith(("#", "!")):  # separators and comments
                block.append(line.strip())
            continue
        if line.startswith("# ") and not plan.title:
            plan.title = line[2:].strip()
        elif line.startswith("## "):
            flush()
            section, device = section_of(line[3:]), None
            if section:
                plan.sections.setdefault(section, "")
            elif line[3:].strip():
                plan.unknown_headings.append(_NUMBERING.sub("", line[3:].strip()).strip() or line[3:].strip())
        elif line.startswith("### ") and section in COMMAND_SECTIONS and (m := _DEVICE.match(line)):
            flush()
            device = _device(plan, m.group("name"), (m.group("platform") or "").strip() or None)
        elif line.startswith("###"):
            flush()  # a sub-heading of the section (a step's title): a new block, same device
        elif (m := _MGMT.match(line)) and device is not None:
            _management(device, m.group("rest"))
        elif section and section not in COMMAND_SECTIONS or device is None:
            if section:
                plan.sections[section] += line + "\n"
        elif not has_fences and not line.lstrip().startswith(("-", "*", ">")):
            command = command_line(line)
            if command:
                block.append(command)
            elif not line.strip() and block and section == "steps":
                flush()  # a blank line ends a step written without fences
    flush()
    return plan


# ---- plain text and Word: laid out as Markdown first -----------------------------------------------

_ZH_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+[部分章节])\s*(?P<t>\S.*)$")
_AR_HEADING = re.compile(r"^\s*(?P<n>\d+)\s*[、.．]\s*(?P<t>\S.*)$")
_SUB_HEADING = re.compile(r"^\s*(?:\d+\.\d+(?:\.\d+)*\s*[、.．]?|[（(][一二三四五六七八九十\d]+[)）])\s*(?P<t>\S.*)$")
_DEVICE_LINE = re.compile(r"^\s*(?:设备|设备名称|device)\s*[:：]\s*(?P<t>\S.*)$", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _heading_text(text: str) -> bool:
    """A numbered line that is a heading, not a numbered command: short, and Chinese or a known section."""
    text = text.strip().rstrip(":：")
    return len(text) <= 40 and (bool(_CJK.search(text)) or section_of(text) is not None) and not command_line(text)


def text_as_markdown(text: str, markdown: bool = False) -> str:
    """Plain text with numbered headings as Markdown: `一、概述` (always a heading), `1. 概述` (a heading when
    it names a known section; a numbered line of prose stays prose), `2.1 SW1 (h3c_comware)` and
    `设备：SW1` (a device). In a Markdown file (`markdown`) only the device lines are converted."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or line.startswith("#"):
            out.append(line)
            continue
        if (m := _DEVICE_LINE.match(line)):
            out.append(f"### {m['t'].strip()}")
        elif markdown:
            out.append(line)
        elif (m := _ZH_HEADING.match(line)) and _heading_text(m["t"]):
            out.append(f"## {m['t'].strip()}")
        elif (m := _SUB_HEADING.match(line)) and _DEVICE.match(f"### {m['t'].strip()}"):
            out.append(f"### {m['t'].strip()}")
        elif (m := _AR_HEADING.match(line)) and section_of(m["t"].strip().rstrip(":：")) is not None \
                and _heading_text(m["t"]):
            out.append(f"## {m['t'].strip()}")
        else:
            out.append(line)
    return "\n".join(out)


def docx_text(path: Path) -> str:
    """A Word plan as text: Heading 1/2/3 paragraphs as ## / ### / ####, the rest as lines, table rows
    as tab-separated lines; numbered headings written as plain paragraphs are found by text_as_markdown."""
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise PlanError(f"{path}: reading .docx needs python-docx ({exc})") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds for a damaged file
        raise PlanError(f"{path}: not a readable Word document ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = docx.text.paragraph.Paragraph(block, document)
            style = (para.style.name if para.style is not None else "") or ""
            level = re.match(r"(?i)heading\s*(\d)", style)
            if style.lower() == "title":
                lines.append(f"# {para.text.strip()}")
            elif level:
                lines.append(f"{'#' * (int(level.group(1)) + 1)} {para.text.strip()}")
            else:
                lines.append(para.text)
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            lines += ["\t".join(cell.text.strip() for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def read_yaml_plan(path: Path, data: Any) -> Plan:
    if not isinstance(data, dict) or not isinstance(data.get("devices"), list):
        raise PlanError(f"{path}: a YAML plan needs `devices:` (a list)")
    plan = Plan(path, str(data.get("title", "")))
    for key in ("overview", "analysis", "emergency"):
        if data.get(key):
            plan.sections[key] = str(data[key])
    for i, entry in enumerate(data["devices"], 1):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise PlanError(f"{path}: devices[{i}]: needs at least `name:`")
        d = PlanDevice(str(entry["name"]), entry.get("platform"))
        d.steps = [str(c).strip() for c in entry.get("steps") or [] if str(c).strip()]
        d.rollback = None if entry.get("rollback") is None else [str(c).strip() for c in entry["rollback"] if str(c).strip()]
        d.precheck = [str(c).strip() for c in entry.get("precheck") or []]
        d.postcheck = [str(c).strip() for c in entry.get("postcheck") or []]
        d.management = {str(k): str(v) for k, v in (entry.get("management") or {}).items()}
        plan.devices.append(d)
    for key, name in (("steps", "steps"), ("rollback", "rollback"), ("precheck", "analysis"),
                      ("postcheck", "service_test")):
        if any(getattr(d, key) for d in plan.devices):
            plan.sections.setdefault(name, "")
    return plan


def read_plan(path: Path) -> Plan:
    if not path.is_file():
        raise PlanError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        try:
            plan = read_yaml_plan(path, read_yaml(path))
        except OptionError as exc:
            raise PlanError(str(exc)) from exc
        plan.form = "yaml"
        return plan
    if suffix == ".docx":
        text, form = text_as_markdown(docx_text(path)), "docx"
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_bytes().decode("gb18030", errors="replace")
        form = "markdown" if re.search(r"(?m)^##\s", text) else "text"
        text = text_as_markdown(text, markdown=form == "markdown")
    plan = read_markdown(path, text)
    plan.form = form
    if not plan.devices:
        raise PlanError(f"{path}: no device found: give each device a `### NAME (platform)` heading (or a line "
                        f"`设备：NAME (platform)`) under the steps")
    return plan
