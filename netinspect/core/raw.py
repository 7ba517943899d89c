"""Raw outputs per device and command: what every source (ssh, logs, bundle) hands to parsing.

A source never interprets output; it only records what was typed, what came back and how the
collection went. Everything after this point works on these objects alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

CommandStatus = Literal["ok", "unsupported", "parse_error", "error", "missing"]
CollectionStatus = Literal["ok", "partial", "unreachable", "auth_failed", "timeout", "error"]
InputStatus = Literal["ok", "partial", "rejected"]


@dataclass
class CommandOutput:
    """One command as run on a device and the text it printed."""

    command: str  # the full command, abbreviations expanded
    text: str = ""
    status: CommandStatus = "ok"
    typed: str | None = None  # what the engineer typed, when it differs from `command`
    message: str | None = None
    seconds: float | None = None
    line: int | None = None  # line of the command in its source file (session logs)
    earlier: list[str] = field(default_factory=list)  # outputs of the same command typed before

    @property
    def filtered(self) -> bool:
        """True when the output went through a pipe (`| include ...`): not the whole output."""
        return bool(self.message and "filtered with" in self.message)


@dataclass
class RawDevice:
    """Everything one source gathered about one device."""

    name: str
    os: str | None = None  # huawei_vrp | huawei_vrp8 | h3c_comware | cisco_ios | cisco_iosxe
    hostname: str | None = None
    host: str | None = None
    role: str | None = None  # from the inventory; otherwise inferred from the model later
    status: CollectionStatus = "ok"
    message: str | None = None
    source: str | None = None  # file or address it came from
    outputs: dict[str, CommandOutput] = field(default_factory=dict)  # keyed by full command

    def add(self, output: CommandOutput) -> None:
        """Record an output; a later run of the same command wins, the earlier is kept as evidence."""
        previous = self.outputs.get(output.command)
        if previous is not None and previous.status == "ok":
            output.earlier, previous.earlier = previous.earlier, []  # moved, not copied: linear in repeats
            output.earlier.append(previous.text)
        self.outputs[output.command] = output

    def text(self, command: str) -> str | None:
        """Output of a successfully run command, or None."""
        out = self.outputs.get(command)
        return out.text if out is not None and out.status == "ok" else None


@dataclass
class InputRecord:
    """What became of one input the run was given (a file, a device): results.json run.inputs."""

    name: str
    status: InputStatus
    message: str | None = None


@dataclass
class SourceResult:
    """What a source returns: the devices it read and the fate of every input."""

    devices: list[RawDevice] = field(default_factory=list)
    inputs: list[InputRecord] = field(default_factory=list)
    # Session logs not read yet: pipeline.analyse reads and judges them in worker processes without
    # holding their text here (large fleets); `devices` and `inputs` are then filled by the analysis.
    log_paths: list[Path] = field(default_factory=list)
    collected: str | None = None  # when the outputs were collected, where the source records it (bundle)
