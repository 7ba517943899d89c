"""Importers: one per file format, each `load(path) -> list[Advisory]` raising BadAdvisoryFile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def _looks_like(data: Any) -> str:
    """What a JSON file that is no advisory format we read seems to be, for the rejection line."""
    if isinstance(data, dict):
        if data.get("data_type") == "CVE" or "CVE_data_meta" in data:
            return "a CVE JSON 4 record (convert it to CVE JSON 5, or take the record from cvelistV5)"
        if "document" in data:
            return "CSAF-like, but document.csaf_version is missing"
        if "cveMetadata" in data:
            return "CVE JSON 5-like, but dataType is not CVE_RECORD"
        if "vulnerabilities" in data:
            return "a vulnerability list of an unknown format"
    return "an unknown JSON document"


def detect(path: Path) -> str:
    """csaf | cve5 | cvrf | bulletins, from the file's content (not its name)."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return "bulletins"
    head = path.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "cvrf"
    data = read_json(path)
    if isinstance(data, dict) and isinstance(data.get("document"), dict) and "csaf_version" in data["document"]:
        return "csaf"
    if isinstance(data, dict) and data.get("dataType") == "CVE_RECORD":
        return "cve5"
    raise BadAdvisoryFile("neither CSAF (document.csaf_version) nor a CVE JSON 5 record (dataType CVE_RECORD); "
                          f"looks like {_looks_like(data)}")


def load(path: Path) -> tuple[str, list[Advisory]]:
    """Format name and advisories of one file."""
    from netinspect.advisories.importers import bulletins, csaf, cve5, cvrf

    fmt = detect(path)
    loader = {"csaf": csaf.load, "cve5": cve5.load, "bulletins": bulletins.load, "cvrf": cvrf.load}[fmt]
    return fmt, loader(path)
