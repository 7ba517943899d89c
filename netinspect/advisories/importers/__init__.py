"""Importers: one per file format, each `load(path) -> list[Advisory]` raising BadAdvisoryFile."""

from __future__ import annotations

from pathlib import Path

from netinspect.advisories.importers.jsonfile import read_json
from netinspect.advisories.records import Advisory, BadAdvisoryFile


def kev_catalog(path: Path) -> tuple[str, list[tuple[str, str | None]]] | None:
    """A CISA KEV catalog (``known_exploited_vulnerabilities.json``): its name and (CVE, date added)
    pairs; None for any other file."""
    if path.suffix.lower() != ".json":
        return None
    data = read_json(path)
    if not (isinstance(data, dict) and "known exploited" in str(data.get("title", "")).lower()
            and isinstance(data.get("vulnerabilities"), list)):
        return None
    entries = [(str(v["cveID"]), v.get("dateAdded")) for v in data["vulnerabilities"]
               if isinstance(v, dict) and v.get("cveID")]
    return f"{data.get('title')} {data.get('catalogVersion', '')}".strip(), entries


def detect(path: Path) -> str:
    """csaf | cve5 | bulletins, from the file's content (not its name)."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return "bulletins"
    data = read_json(path)
    if isinstance(data, dict) and isinstance(data.get("document"), dict) and "csaf_version" in data["document"]:
        return "csaf"
    if isinstance(data, dict) and data.get("dataType") == "CVE_RECORD":
        return "cve5"
    raise BadAdvisoryFile("neither CSAF (document.csaf_version) nor a CVE JSON 5 record (dataType CVE_RECORD)")


def load(path: Path) -> tuple[str, list[Advisory]]:
    """Format name and advisories of one file."""
    from netinspect.advisories.importers import bulletins, csaf, cve5

    fmt = detect(path)
    loader = {"csaf": csaf.load, "cve5": cve5.load, "bulletins": bulletins.load}[fmt]
    return fmt, loader(path)
