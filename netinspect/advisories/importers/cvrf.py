"""CVRF 1.1 / 1.2 XML (ICASI / OASIS), the format Cisco and Huawei published before CSAF.

The document is read into the CSAF shape and goes through the CSAF importer, so the product tree
(``Branch`` Type Vendor > Product Family > Product Name > Product Version > ``FullProductName``,
top-level ``FullProductName`` with a CPE, ``Relationship``) and the product statuses (Known Affected,
First Affected, Last Affected, Fixed, First Fixed, Recommended, Known Not Affected, Under Investigation)
mean what they mean there. Scores: CVRF 1.1 ``ScoreSet`` (CVSS v2), 1.2 ``ScoreSetV2`` / ``ScoreSetV3``.
Remediations of type Workaround / Mitigation / Vendor Fix.

XML with a DOCTYPE (entity declarations) is refused: advisories do not need one and it is the way
entity-expansion attacks come in.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from netinspect.advisories.importers import csaf
from netinspect.advisories.records import Advisory, BadAdvisoryFile

_BRANCH_TYPES = {"vendor": "vendor", "product family": "product_family", "product name": "product_name",
                 "product version": "product_version", "service pack": "service_pack", "patch level": "patch_level",
                 "architecture": "architecture", "language": "language", "legacy": "legacy",
                 "specification": "specification", "host name": "host_name", "realm": "product_name",
                 "resource": "product_name"}
_STATUS_TYPES = {"known affected": "known_affected", "first affected": "first_affected",
                 "last affected": "last_affected", "fixed": "fixed", "first fixed": "first_fixed",
                 "recommended": "recommended", "known not affected": "known_not_affected",
                 "under investigation": "under_investigation"}
_REMEDIATIONS = {"workaround": "workaround", "mitigation": "mitigation", "vendor fix": "vendor_fix",
                 "none available": "none_available", "will not fix": "no_fix_planned"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: ET.Element | None, name: str) -> ET.Element | None:
    return None if el is None else next((c for c in el if _local(c.tag) == name), None)


def _children(el: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if el is None else [c for c in el if _local(c.tag) == name]


def _text(el: ET.Element | None) -> str:
    return " ".join((el.text or "").split()) if el is not None else ""


def read_xml(path: Path) -> ET.Element:
    raw = path.read_bytes()
    if re.search(rb"<!DOCTYPE|<!ENTITY", raw[:4096], re.I):
        raise BadAdvisoryFile("XML with a DOCTYPE / entity declarations is not read")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        raise BadAdvisoryFile(f"not well-formed XML: {exc}") from exc


def _product(fpn: ET.Element) -> dict[str, Any]:
    out: dict[str, Any] = {"product_id": fpn.get("ProductID") or "", "name": _text(fpn)}
    if fpn.get("CPE"):
        out["product_identification_helper"] = {"cpe": fpn.get("CPE")}
    return out


def _branches(el: ET.Element) -> list[dict[str, Any]]:
    out = []
    for branch in _children(el, "Branch"):
        item: dict[str, Any] = {"category": _BRANCH_TYPES.get((branch.get("Type") or "").lower(), "product_name"),
                                "name": branch.get("Name") or ""}
        fpn = _child(branch, "FullProductName")
        if fpn is not None:
            item["product"] = _product(fpn)
        if _children(branch, "Branch"):
            item["branches"] = _branches(branch)
        if "product" not in item and "branches" not in item:
            raise BadAdvisoryFile(f"ProductTree: Branch {item['name']!r} has neither Branch nor FullProductName")
        out.append(item)
    return out


def _tree(root: ET.Element) -> dict[str, Any]:
    tree = _child(root, "ProductTree")
    if tree is None:
        return {}
    rels = []
    for rel in _children(tree, "Relationship"):
        fpn = _child(rel, "FullProductName")
        rels.append({"product_reference": rel.get("ProductReference"), "category": rel.get("RelationType"),
                     "relates_to_product_reference": rel.get("RelatesToProductReference"),
                     "full_product_name": _product(fpn) if fpn is not None else {}})
    return {"branches": _branches(tree), "full_product_names": [_product(f) for f in _children(tree, "FullProductName")],
            "relationships": rels}


def _scores(vuln: ET.Element) -> list[dict[str, Any]]:
    out = []
    for sets in _children(vuln, "CVSSScoreSets"):
        for score in sets:
            name = _local(score.tag)
            v3 = name == "ScoreSetV3"
            base = _text(_child(score, "BaseScoreV3" if v3 else "BaseScoreV2" if name == "ScoreSetV2" else "BaseScore"))
            vector = _text(_child(score, "VectorV3" if v3 else "VectorV2" if name == "ScoreSetV2" else "Vector"))
            block = {"baseScore": float(base) if re.fullmatch(r"\d+(\.\d+)?", base) else None,
                     "vectorString": vector or None}
            if v3 and vector and not vector.startswith("CVSS:"):
                block["vectorString"] = "CVSS:3.0/" + vector
            out.append({"cvss_v3" if v3 else "cvss_v2": block})
    return out


def _vulnerability(vuln: ET.Element) -> dict[str, Any]:
    status: dict[str, list[str]] = {}
    for st in _children(_child(vuln, "ProductStatuses"), "Status"):
        key = _STATUS_TYPES.get((st.get("Type") or "").lower())
        if key:
            status.setdefault(key, []).extend(_text(p) for p in _children(st, "ProductID"))
    rems = []
    for rem in _children(_child(vuln, "Remediations"), "Remediation"):
        rems.append({"category": _REMEDIATIONS.get((rem.get("Type") or "").lower(), "other"),
                     "details": _text(_child(rem, "Description")), "url": _text(_child(rem, "URL")) or None})
    out: dict[str, Any] = {"product_status": status, "scores": _scores(vuln), "remediations": rems}
    if _text(_child(vuln, "CVE")):
        out["cve"] = _text(_child(vuln, "CVE"))
    return out


def _publisher(root: ET.Element) -> str:
    """CVRF names no publisher: the first vendor branch, else the issuing authority's text."""
    tree = _child(root, "ProductTree")
    vendor = next((b.get("Name") for b in _children(tree, "Branch") if (b.get("Type") or "").lower() == "vendor"), None)
    pub = _child(root, "DocumentPublisher")
    return vendor or _text(_child(pub, "IssuingAuthority")) or _text(_child(pub, "ContactDetails"))


def to_csaf(root: ET.Element) -> dict[str, Any]:
    """The CVRF document in the CSAF JSON shape the CSAF importer reads."""
    if _local(root.tag) != "cvrfdoc":
        raise BadAdvisoryFile(f"XML, but not CVRF (root element <{_local(root.tag)}>, not <cvrfdoc>)")
    tracking = _child(root, "DocumentTracking")
    ident = _text(_child(_child(tracking, "Identification"), "ID"))
    if not ident:
        raise BadAdvisoryFile("CVRF document without DocumentTracking/Identification/ID")
    refs = [{"url": _text(_child(r, "URL")), "category": "self" if (r.get("Type") or "").lower() == "self" else "external"}
            for r in _children(_child(root, "DocumentReferences"), "Reference") if _text(_child(r, "URL"))]
    notes = [{"title": n.get("Title") or n.get("Type") or "", "text": _text(n)}
             for n in _children(_child(root, "DocumentNotes"), "Note")]
    version = "1.2" if "csaf-cvrf/v1.2" in root.tag or "oasis" in root.tag else "1.1"
    return {"document": {"category": "cvrf", "csaf_version": f"cvrf-{version}", "title": _text(_child(root, "DocumentTitle")),
                         "publisher": {"name": _publisher(root)}, "references": refs, "notes": notes,
                         "tracking": {"id": ident, "initial_release_date": _text(_child(tracking, "InitialReleaseDate"))}},
            "product_tree": _tree(root),
            "vulnerabilities": [_vulnerability(v) for v in _children(root, "Vulnerability")]}


def load(path: Path) -> list[Advisory]:
    advisories = csaf.from_data(to_csaf(read_xml(path)), path)
    for adv in advisories:
        adv.source_format = "cvrf"
    return advisories
