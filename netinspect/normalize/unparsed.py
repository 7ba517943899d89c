"""`inspect --export-unparsed DIR`: every output not understood, redacted, as a tests/corpus entry.

Each output whose parse failed (parse_error) is written in the corpus layout (tests/corpus/README.md)::

    DIR/<family>/<command dir>/export_<model>_<n>.txt    the output, redacted
    DIR/<family>/<command dir>/export_<model>_<n>.yaml   platform, command, model, version, expect: {} to fill in
    DIR/SOURCES.tsv                                       one row per output (licence to be given by the sender)

Redaction: secrets (data/redaction.yaml) become ``<redacted>``; IPv4 and IPv6 addresses, the device's host
names and serial numbers are replaced consistently across the whole export (the same address is the same
placeholder everywhere, so a table still reads as the device printed it). Masks and wildcards stay.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from netinspect.core.redact import redact
from netinspect.core.results import DeviceResult, not_understood

_IPV4 = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:])((?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{0,4}|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4})"
                   r"(?![\w:])")
# serial numbers as devices print them: ESN, DEVICE_SERIAL_NUMBER, Processor board ID, SN:, Serial number
_SERIAL = re.compile(r"(?im)(ESN of [^:\n]+:\s*|DEVICE_SERIAL_NUMBER\s*:\s*|Processor board ID\s+|\bSN:\s*|"
                     r"[Ss]erial [Nn]umber\s*:\s*|Equipment Serial Number\s*:\s*|BarCode=)([A-Za-z0-9][\w-]{5,})")
_KEEP_V4 = ("0.0.0.0", "255.255.255.255", "127.0.0.1")
FAMILY = {"huawei_vrp": "huawei_vrp5", "huawei_vrp8": "huawei_vrp8", "cisco_ios": "cisco_ios",
          "cisco_iosxe": "cisco_iosxe", "cisco_asa": "cisco_asa"}


class Pseudonyms:
    """Consistent placeholders for one export: address -> 192.0.2.N / 2001:db8::N, host -> HOST-N, serial."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    def _name(self, kind: str, value: str, form: str) -> str:
        if value not in self.seen:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.seen[value] = form.format(n=self.counts[kind])
        return self.seen[value]

    def text(self, text: str, hosts: Iterable[str]) -> str:
        """`text` with secrets redacted and addresses, the given host names and serials replaced."""
        text = redact(text)
        text = _SERIAL.sub(lambda m: m.group(1) + self._name("serial", m.group(2), "SERIAL{n:04d}"), text)
        text = _IPV4.sub(self._v4, text)
        text = _IPV6.sub(self._v6, text)
        for host in sorted({h for h in hosts if h and len(h) > 1}, key=len, reverse=True):
            text = re.sub(rf"(?<![\w-]){re.escape(host)}(?![\w-])", self._name("host", host, "HOST-{n}"), text)
        return text

    def _v4(self, match: re.Match[str]) -> str:
        value = match.group(1)
        try:
            address = ipaddress.IPv4Address(value)
        except ValueError:
            return value
        if value in _KEEP_V4 or value.startswith("255.") or str(address).startswith("0."):
            return value  # masks and wildcards tell nothing about the network
        return self._name("v4", value, "192.0.2.{n}") if self.counts.get("v4", 0) < 254 else \
            self._name("v4", value, "198.51.100.{n}")

    def _v6(self, match: re.Match[str]) -> str:
        value = match.group(1)
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return value  # a MAC address or a time of day, not an address
        return self._name("v6", value, "2001:db8::{n:x}")


def family_of(os_id: str | None, version: str | None) -> str:
    """The corpus folder of an OS (Comware 5 and 7 apart by the version)."""
    if os_id == "h3c_comware":
        return "h3c_comware7" if (version or "").startswith("7") else "h3c_comware5"
    return FAMILY.get(os_id or "", os_id or "unknown")


def _safe(value: str) -> str:
    return re.sub(r"[^\w.-]+", "-", value).strip("-") or "unknown"


def export_unparsed(devices: Iterable[DeviceResult], folder: Path) -> list[Path]:
    """Write every output not understood as a corpus entry under `folder`; -> the .txt files written.
    An output whose text the run no longer holds (a large log folder read in worker processes) is skipped."""
    names = Pseudonyms()
    written: list[Path] = []
    rows: list[str] = []
    for d in devices:
        ident = d.device.identity
        hosts = [d.name, d.raw.hostname or "", ident.hostname or "", d.raw.host or ""]
        for entry in not_understood(d):
            output = d.raw.outputs.get(entry["command"])
            if output is None or not output.text.strip():
                continue
            where = folder / family_of(ident.os, ident.os_version or ident.version) / _safe(
                entry["command"].replace(" ", "_"))
            where.mkdir(parents=True, exist_ok=True)
            stem = _next_stem(where, f"export_{_safe(ident.model or 'unknown-model')}")
            txt = where / f"{stem}.txt"
            txt.write_text(names.text(output.text, hosts), encoding="utf-8")
            spec = {"platform": ident.os, "command": entry["command"], "model": ident.model,
                    "version": ident.version, "expect": {},
                    "note": "exported by netinspect inspect --export-unparsed: fill in `expect` with the values "
                            "a person reads off the text (tests/corpus/README.md), then drop this note",
                    "not_understood": names.text(entry["first_line"] or entry["reason"] or "", hosts)}
            txt.with_suffix(".yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
            rows.append("\t".join([txt.relative_to(folder).as_posix(), "user export", "", "", "to be given", ""]))
            written.append(txt)
    if rows:
        sources = folder / "SOURCES.tsv"
        head = "" if sources.is_file() else "path\tsource\tpath in source\tcommit or date\tlicence\tnotes\n"
        with sources.open("a", encoding="utf-8") as handle:
            handle.write(head + "\n".join(rows) + "\n")
    return written


def _next_stem(where: Path, base: str) -> str:
    n = 1
    while (where / f"{base}_{n}.txt").exists():
        n += 1
    return f"{base}_{n}"
