"""CSAF 2.0 / 2.1 JSON as vendors publish it (Cisco, Fortinet, Palo Alto, Siemens, Huawei, coordinators).

Every product-tree shape the standard allows is read:

- branches down to ``product_version`` / ``service_pack`` / ``patch_level`` (Cisco: ``product_family``
  ``IOS`` > ``product_version`` ``15.2E`` train > ``service_pack`` ``15.2(7)E4``);
- ``product_version_range`` with ``vers:`` (Palo Alto ``vers:generic/PAN-OS<10.2.5``) or a vendor range
  (Fortinet ``>=7.4.0|<=7.4.3``, ``7.6 all versions``), see ``ranges.py``;
- a leaf that is a product without a version (``product_family`` ``Cisco IOS XR Software``): every version
  of it is named, so a device running it is at most "possibly affected" (``no_versions``);
- ``full_product_names`` (a CPE 2.3 gives the version) and ``relationships`` (``default_component_of``,
  ``installed_on``, ...): the new product id takes the component's product and versions;
- ``product_status``: known_affected / first_affected / last_affected, fixed / first_fixed,
  known_not_affected, recommended (a fixed version), under_investigation ("possibly affected").

Products of an OS we do not assess (versions.OS_SCHEMES) are left out; an advisory left with nothing
we assess is kept with ``skip_reason`` (stored, listed, never matched). A malformed document raises
BadAdvisoryFile with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from netinspect.advisories.catalog import model_os, os_of_product, score_vector, vendor_of, vendor_severity
from netinspect.advisories.importers.jsonfile import read_json
from netinspect.advisories.ranges import RangeError, Span, parse_range
from netinspect.advisories.records import Advisory, Affected, BadAdvisoryFile
from netinspect.advisories.versions import OS_SCHEMES, try_parse

_STATUS = {"known_affected": "affected", "first_affected": "first_affected", "last_affected": "last_affected",
           "fixed": "fixed", "first_fixed": "fixed", "recommended": "fixed",
           "known_not_affected": "not_affected", "under_investigation": "under_investigation"}
_VERSION_CATS = ("product_version", "service_pack", "patch_level")
_NAME_CATS = ("product_family", "product_name", "product")  # "product": Fortinet's (non-standard) level
_QUIET = ("architecture", "language", "host_name", "legacy", "specification")


@dataclass(frozen=True)
class Leaf:
    """What one product id stands for: vendor, product name and its version(s)."""

    vendor: str | None
    product: str | None
    version: str | None = None
    spans: tuple[Span, ...] = ()
    problem: str | None = None  # why its versions are not usable

    @property
    def unversioned(self) -> bool:
        return self.version is None and not self.spans and self.problem is None


def _strip(name: str, product: str | None) -> str:
    """``FortiOS 6.4.0`` / ``FortiAnalyzer/6.0.2`` under product FortiOS -> ``6.4.0``."""
    name = name.strip()
    if product and name.lower().startswith(product.lower()):
        return name[len(product):].lstrip(" /").strip() or name
    return name


def _leaf(path: list[tuple[str, str]]) -> Leaf:
    vendor = next((n for c, n in path if c == "vendor"), None)
    product = next((n for c, n in reversed(path) if c in _NAME_CATS), None)
    ranged = next((n for c, n in reversed(path) if c == "product_version_range"), None)
    version = next((n for c, n in reversed(path) if c in _VERSION_CATS), None)
    if product is None:
        product = next((n for c, n in path if c not in ("vendor", *_QUIET, *_VERSION_CATS,
                                                        "product_version_range")), None)
    if ranged is None and version and version.strip().lower().startswith("vers:"):
        ranged, version = version, None  # a vers: range filed as product_version (CISA does this)
    if ranged is not None:
        try:
            return Leaf(vendor, product, spans=tuple(parse_range(ranged, product)))
        except RangeError as exc:
            return Leaf(vendor, product, problem=f"{product}: {exc}")
    if version is not None:
        return Leaf(vendor, product, version=_strip(version, product))
    return Leaf(vendor, product)


def _walk(branches: object, path: list[tuple[str, str]], out: dict[str, list[Leaf]]) -> None:
    if not isinstance(branches, list):
        raise BadAdvisoryFile("product_tree: branches is not a list")
    for branch in branches:
        if not isinstance(branch, dict) or "category" not in branch or "name" not in branch:
            raise BadAdvisoryFile("product_tree: a branch without category and name")
        here = [*path, (str(branch["category"]), str(branch["name"]))]
        if "branches" in branch:
            _walk(branch["branches"], here, out)
        if isinstance(branch.get("product"), dict) and branch["product"].get("product_id"):
            out.setdefault(str(branch["product"]["product_id"]), []).append(_leaf(here))
        elif "branches" not in branch:
            raise BadAdvisoryFile(f"product_tree: branch {branch['name']!r} has neither branches nor product")


_CPE = re.compile(r"cpe:2\.3:[aho]:([^:]+):([^:]+):([^:]+)")


def _full_name(fpn: dict) -> Leaf:
    """A ``full_product_name``: a CPE 2.3 gives vendor, product and version; else the name alone."""
    cpe = ((fpn.get("product_identification_helper") or {}).get("cpe") or "").strip()
    m = _CPE.match(cpe)
    if m and m.group(3) not in ("*", "-"):
        return Leaf(m.group(1).replace("_", " "), m.group(2).replace("_", " "), version=m.group(3))
    name = str(fpn.get("name") or "").strip()
    m = re.fullmatch(r"(.+?)\s+v?(\d[\w.()\-]*)", name)  # "FortiOS 7.4.3": the product, then its version
    if m and (os_id := os_of_product(m.group(1))) in OS_SCHEMES and try_parse(OS_SCHEMES[os_id], m.group(2)):
        return Leaf(None, m.group(1), version=m.group(2))
    return Leaf(None, name)


def _relationships(rels: list, leaves: dict[str, list[Leaf]]) -> None:
    """``C = A <category> B``: C takes A's product and versions (B's when A is no OS we know)."""
    for rel in rels:
        if not isinstance(rel, dict) or not isinstance(rel.get("full_product_name"), dict):
            raise BadAdvisoryFile("product_tree: a relationship without full_product_name")
        pid = rel["full_product_name"].get("product_id")
        first = leaves.get(rel.get("product_reference"), [])
        second = leaves.get(rel.get("relates_to_product_reference"), [])
        known = [lf for lf in first if os_of_product(lf.product)] or [lf for lf in second if os_of_product(lf.product)]
        chosen = known or first or [_full_name(rel["full_product_name"])]
        if pid:
            leaves.setdefault(str(pid), []).extend(chosen)


def product_leaves(tree: dict) -> dict[str, list[Leaf]]:
    """Product id -> the leaves it stands for (Palo Alto gives one id to two ranges)."""
    leaves: dict[str, list[Leaf]] = {}
    _walk(tree.get("branches") or [], [], leaves)
    for fpn in tree.get("full_product_names") or []:
        if isinstance(fpn, dict) and fpn.get("product_id"):
            leaves.setdefault(str(fpn["product_id"]), []).append(_full_name(fpn))
    _relationships(tree.get("relationships") or [], leaves)
    return leaves


def _target(leaf: Leaf, publisher: str) -> tuple[str, str, str] | None:
    """(vendor, os, product/model) for a leaf we assess, else None."""
    vendor = vendor_of(leaf.vendor) or publisher
    os_id = os_of_product(leaf.product)
    if os_id is not None:
        return (vendor, os_id, "*") if os_id in OS_SCHEMES else None
    os_id = model_os(vendor)  # Huawei / H3C name hardware models, versions in the OS's scheme
    if not os_id or not leaf.product:
        return None
    texts = [leaf.version] if leaf.version else [t for s in leaf.spans for t in (s.start, s.end, s.exact) if t]
    if texts and not any(try_parse(OS_SCHEMES[os_id], t) for t in texts):
        return None  # a Huawei phone or cloud service: not a VRP / Comware version
    return vendor, os_id, leaf.product


def _rows(leaf: Leaf, status: str, several: bool, target: tuple[str, str, str]) -> list[Affected]:
    vendor, os_id, product = target
    base = Affected(vendor, os_id, product, "affected")
    if leaf.version is not None:
        if status == "first_affected":
            return [replace(base, start=leaf.version)]
        if status == "last_affected":
            return [replace(base, end=leaf.version, end_inclusive=True)]
        return [replace(base, status=status, version=leaf.version)]
    if leaf.unversioned:
        return [replace(base, uncertain="no_versions")] if status.endswith("affected") and status != "not_affected" else []
    rows = []
    for span in leaf.spans:
        lower_only = span.start is not None and span.end is None and span.exact is None and not span.every
        if status == "fixed":  # ">= 11.0.2" fixed: the first fixed version
            if lower_only:
                rows.append(replace(base, status="fixed", version=span.start))
            elif span.exact:
                rows.append(replace(base, status="fixed", version=span.exact))
            continue
        if several and lower_only and status != "not_affected":
            continue  # Palo Alto: "<x" (affected) and ">=x" (fixed) share one product id
        kind = "not_affected" if status == "not_affected" else "affected"
        if span.exact:
            rows.append(replace(base, status=kind, version=span.exact))
        else:
            rows.append(replace(base, status=kind, start=span.start, end=span.end, end_inclusive=span.end_inclusive))
    return rows


def _score(vuln: dict) -> tuple[float | None, str | None]:
    best: tuple[float | None, str | None] = (None, None)
    for score in vuln.get("scores") or vuln.get("metrics") or []:
        content = score.get("content", score)  # CSAF 2.1 puts the vectors under "content"
        for key in ("cvss_v4", "cvss_v3", "cvss_v2"):
            block = content.get(key)
            if not isinstance(block, dict):
                continue
            vector, value = block.get("vectorString"), block.get("baseScore")
            value = float(value) if value is not None else (score_vector(vector) if vector else None)
            if value is not None and (best[0] is None or value > best[0]):
                best = (value, vector)
    return best


def _notes(doc: dict, *titles: str) -> str | None:
    for note in doc.get("notes") or []:
        if (note.get("title") or "").lower() in titles:
            return note.get("text")
    return None


def _remediations(vuln: dict, advisory: Advisory) -> None:
    for rem in vuln.get("remediations") or []:
        text = " ".join(filter(None, [(rem.get("details") or "").strip(), rem.get("url")]))
        if rem.get("category") in ("workaround", "mitigation") and text and not advisory.workaround:
            advisory.workaround = text
        elif rem.get("category") == "vendor_fix" and text and text not in (advisory.remediation or ""):
            advisory.remediation = "\n".join(filter(None, [advisory.remediation, text]))


def _header(data: dict, path: Path) -> Advisory:
    doc = data.get("document")
    tracking = doc.get("tracking") if isinstance(doc, dict) else None
    if not isinstance(tracking, dict) or not tracking.get("id"):
        raise BadAdvisoryFile("CSAF document without document.tracking.id")
    publisher = vendor_of((doc.get("publisher") or {}).get("name")) or "other"
    refs = [r for r in doc.get("references") or [] if isinstance(r, dict) and r.get("url")]
    url = next((r["url"] for r in refs if r.get("category", "self") == "self"), None) or (refs[0]["url"] if refs else None)
    severity = (doc.get("aggregate_severity") or {}).get("text")
    return Advisory(id=str(tracking["id"]), vendor=publisher, title=doc.get("title"), source_format="csaf",
                    published=(tracking.get("initial_release_date") or "")[:10] or None, url=url,
                    workaround=_notes(doc, "workarounds"), vendor_severity=vendor_severity(severity))


def _drop_unversioned(rows: list[Affected]) -> list[Affected]:
    """A product named without versions adds nothing where the same OS also has versioned entries."""
    versioned = {r.os for r in rows if r.status == "affected" and not r.uncertain}
    return [r for r in rows if not (r.uncertain == "no_versions" and r.os in versioned)]


def load(path: Path) -> list[Advisory]:
    return from_data(read_json(path), path)


def from_data(data: dict, path: Path) -> list[Advisory]:
    """The advisory of a CSAF document (or of a CVRF one converted to the same shape, see cvrf.py)."""
    if not isinstance(data, dict):
        raise BadAdvisoryFile("CSAF document is not a JSON object")
    advisory = _header(data, path)
    tree = data.get("product_tree") or {}
    if not isinstance(tree, dict):
        raise BadAdvisoryFile("product_tree is not an object")
    leaves = product_leaves(tree)
    vulns = data.get("vulnerabilities") or []
    if not isinstance(vulns, list) or not all(isinstance(v, dict) for v in vulns):
        raise BadAdvisoryFile("vulnerabilities is not a list of objects")
    rows: list[Affected] = []
    ignored: dict[str, None] = {}
    for vuln in vulns:
        if vuln.get("cve") and vuln["cve"] not in advisory.cves:
            advisory.cves.append(vuln["cve"])
        score, vector = _score(vuln)
        if score is not None and (advisory.cvss is None or score > advisory.cvss):
            advisory.cvss, advisory.cvss_vector = score, vector
        _remediations(vuln, advisory)
        for key, status in _STATUS.items():
            for pid in (vuln.get("product_status") or {}).get(key) or []:
                found = leaves.get(pid, [])
                for leaf in found:
                    target = _target(leaf, advisory.vendor)
                    if target is None:
                        ignored[leaf.product or pid] = None
                    elif leaf.problem:
                        advisory.notes.append(leaf.problem)
                        if status.endswith("affected") and status != "not_affected":
                            vendor, os_id, product = target
                            rows.append(Affected(vendor, os_id, product, "affected", uncertain="range_unreadable"))
                    elif status == "under_investigation":  # the vendor does not know yet: "possibly"
                        rows.extend(replace(r, uncertain=r.uncertain or "under_investigation")
                                    for r in _rows(leaf, "affected", len(found) > 1, target))
                    else:
                        rows.extend(_rows(leaf, status, len(found) > 1, target))
    seen: set[tuple] = set()
    for row in _drop_unversioned(rows):
        ident = (row.os, row.product, row.status, row.version, row.start, row.end, row.end_inclusive, row.uncertain)
        if ident not in seen:
            seen.add(ident)
            advisory.affected.append(row)
    advisory.affected.sort(key=lambda a: (a.os, a.product, a.status, a.version or "", a.start or "", a.end or ""))
    advisory.notes = sorted(set(advisory.notes))
    if ignored and advisory.affected:
        advisory.notes.append("not assessed: " + ", ".join(n[:60] for n in list(ignored)[:5])
                              + (" ..." if len(ignored) > 5 else ""))
    if not any(a.status == "affected" for a in advisory.affected):
        advisory.affected, advisory.notes = [], [n for n in advisory.notes if not n.startswith("not assessed")]
        names = ", ".join(n[:60] for n in list(ignored)[:5]) + (" ..." if len(ignored) > 5 else "")
        category = (data.get("document") or {}).get("category")
        advisory.skip_reason = (f"no product we assess ({names})" if ignored
                                else f"no vulnerabilities in the document ({category})" if not vulns
                                else "no affected product version" + (f" ({advisory.notes[0]})" if advisory.notes else ""))
    return [advisory]
