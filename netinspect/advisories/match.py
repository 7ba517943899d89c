"""Matching one device's model and version against the store.

Exact affected versions first (a VRP C-level entry such as ``V200R010C00`` covers its service packs);
ranges only within the device's own train; a model matched only by product series, or a record that
leaves open which versions belong to which product, gives "possibly affected" with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netinspect.advisories.catalog import family_of, os_family
from netinspect.advisories.records import Advisory, Affected
from netinspect.advisories.store import Store
from netinspect.advisories.versions import (
    CISCO_BUG,
    OS_SCHEMES,
    Incomparable,
    Version,
    VersionError,
    cisco_bug_ids,
    device_version,
    parse,
    parse_vrp_patch,
)


@dataclass
class Finding:
    advisory: Advisory
    certain: bool
    reasons: list[dict[str, str]] = field(default_factory=list)  # why only "possibly affected": {code, ...}
    matched: list[str] = field(default_factory=list)  # the advisory's entries that matched
    fixed_in: list[Version] = field(default_factory=list)  # fixed versions in the device's train
    via: list[dict[str, str]] = field(default_factory=list)  # {product, family}: a family name matched the model


@dataclass
class Assessment:
    os: str | None
    model: str | None
    version_text: str | None
    version: Version | None = None
    problem: dict[str, str] | None = None  # {code, ...}: unparsable version / no advisory data
    checked: int = 0  # advisories that concern the device's OS and model
    findings: list[Finding] = field(default_factory=list)
    lifecycle: list[Advisory] = field(default_factory=list)


def _norm(name: str) -> str:
    name = re.sub(r"^((huawei|quidway|h3c|hpe?|cisco|secospace|hisecengine)\s+)+", "", name.strip(), flags=re.I)
    name = re.sub(r"cloudengine\s*", "CE", name, flags=re.I)
    return re.sub(r"[\s_]", "", name).upper()


def model_match(product: str, model: str | None, line: str | None = None) -> str | None:
    """exact | family | series | None. ``S7700`` names the S7700 line (S7706 reporting ``(S7700 ...)``);
    a family of data/advisories/families.yaml (``Secospace USG6600`` lists ``USG6650``) is certain too;
    ``S5700`` vs an ``S5720-..`` device is the same series, but not certain."""
    if product == "*":
        return "exact"
    p = _norm(product)
    for candidate in filter(None, (line, model)):
        c = _norm(candidate)
        if c == p or c.startswith(p + "-"):
            return "exact"
    if family_of(product, model):
        return "family"
    if model:
        m = re.match(r"([A-Z]+)(\d+)(\d{2})", _norm(model))  # S5720 -> S 57 20, S12708 -> S 127 08
        s = re.fullmatch(r"([A-Z]+)(\d+)00", p)
        if m and s and m.group(1, 2) == s.group(1, 2):
            return "series"
    return None


def _parse(scheme: str, text: str) -> Version | None:
    try:
        return parse(scheme, text)
    except VersionError:
        return None


def _covers(entry: Version, device: Version) -> bool:
    """An exact entry that names the device's version; a VRP C-level entry covers its service packs."""
    if not entry.comparable(device):
        return False
    if entry == device:
        return True
    if entry.scheme == "comware":  # Release 2418P06 names its hotfix builds (2418P06H04) too
        return entry.key[3] == -1 and device.key[3] >= 0 and entry.key[:3] == device.key[:3]
    return entry.scheme == "vrp" and entry.key[1] == -1 and entry.key[0] == device.key[0]


def _hotfix_base(v: Version) -> tuple | None:
    """A Comware hotfix build's release (number, P, L), None for a release without H."""
    return v.key[:3] if v.scheme == "comware" and v.key[3] >= 0 else None


def _named_hotfixes(rows: list[Affected], device: Version) -> list[Version]:
    """Fixed Comware hotfixes the advisory names for the device's release."""
    out = []
    for row in rows:
        v = _parse(device.scheme, row.version) if row.status == "fixed" and row.version else None
        if v is not None and v.comparable(device) and _hotfix_base(v) == device.key[:3]:
            out.append(v)
    return out


UNREADABLE = "unreadable"
_QUALIFIED = re.compile(r"earlier|before|prior|later|above|below|through|until|and\s+up|[<>~]|\bto\b", re.I)


def _in_range(row: Affected, scheme: str, device: Version) -> bool | str:
    """Inside the row's range, in the device's own train; a bound that does not parse: UNREADABLE."""
    start = _parse(scheme, row.start) if row.start else None
    end = _parse(scheme, row.end) if row.end else None
    if (row.start and start is None) or (row.end and end is None):
        return UNREADABLE
    try:
        if start is not None and device < start:
            return False
        if end is not None:
            return device <= end if row.end_inclusive else device < end
        return start is not None
    except Incomparable:
        return False  # a range in another train says nothing about this device


def _hit(row: Affected, scheme: str, device: Version, text: str) -> bool | str:
    """Whether one row names the device's version (a row without versions names every version);
    UNREADABLE when its versions cannot be read (``V200R008C00 and earlier``, a bound that does not parse)."""
    if row.uncertain == "range_unreadable":
        return UNREADABLE
    if row.version:
        entry = _parse(scheme, row.version)
        if entry:
            return _covers(entry, device)
        if row.version.strip().lower() == text.strip().lower():
            return True
        return UNREADABLE if _QUALIFIED.search(row.version) else False
    if row.start or row.end:
        return _in_range(row, scheme, device)
    return True


def _fixed_below(rows: list[Affected], scheme: str, device: Version) -> bool:
    """A fixed version at or below the device's in the same line: a range hit is fixed already."""
    for row in rows:
        if row.status == "fixed" and row.version:
            v = _parse(scheme, row.version)
            if v is not None and v.same_line(device) and v <= device:
                return True
    return False


def _not_affected(rows: list[Affected], scheme: str, device: Version, text: str) -> bool:
    """An explicit "fixed" or "not affected" entry for this exact version, or a not-affected range."""
    for row in rows:
        if row.status == "fixed" and row.version:
            v = _parse(scheme, row.version)
            if v is not None and v.comparable(device) and v == device:
                return True
        if row.status == "not_affected" and (row.version or row.start or row.end) \
                and _hit(row, scheme, device, text) is True:
            return True
    return False


def _fixed(rows: list[Affected], scheme: str, device: Version) -> list[Version]:
    found = set()
    for row in rows:
        if row.status in ("fixed", "not_affected") and row.version:
            v = _parse(scheme, row.version)
            if v is not None and v.comparable(device) and v > device:
                found.add(v)
        if row.status == "affected" and row.end and not row.end_inclusive:
            v = _parse(scheme, row.end)
            if v is not None and v.comparable(device) and v > device:
                found.add(v)
    return sorted(found, key=Version.sort_key)


def _smu_named(rows: list[Affected], patch: str | None) -> bool:
    """An IOS-XE SMU/APSP whose file name carries a bug ID the advisory names as its fix."""
    named = {r.version.upper() for r in rows if r.status == "fixed" and r.version and CISCO_BUG.fullmatch(r.version)}
    return bool(named & cisco_bug_ids(patch))


def _patched(rows: list[Affected], patch: str | None) -> bool:
    """A VRP hot patch at or above a fixed patch the bulletin names for the same release, or an IOS-XE
    SMU the advisory names by its bug ID."""
    if not patch:
        return False
    if _smu_named(rows, patch):
        return True
    try:
        installed = parse_vrp_patch(patch)
    except VersionError:
        return False
    for row in rows:
        if row.status == "fixed" and row.version and "SPH" in row.version.upper():
            try:
                fixed = parse_vrp_patch(row.version)
                if fixed.comparable(installed) and installed >= fixed:
                    return True
            except (VersionError, Incomparable):
                continue
    return False


def _row_reasons(row: Affected, hit: bool | str, how: str) -> list[dict[str, str]]:
    """Why a matching row makes the device only "possibly affected" (empty: certain)."""
    product = row.product if row.product != "*" else row.os
    reasons = []
    if hit == UNREADABLE:
        reasons.append({"code": "range_unreadable", "product": product})
    if how == "series":
        reasons.append({"code": "series", "product": row.product})
    if row.uncertain and row.uncertain != "range_unreadable":
        reasons.append({"code": row.uncertain, "product": product})
    return reasons


def _range_text(row: Affected) -> str:
    """A range as read: ``17.9.1 .. < 17.9.4a`` (the end is the fix, not affected), ``.. <= X`` when inclusive."""
    if not (row.start or row.end):
        return "*"
    end = f"{'<=' if row.end_inclusive else '<'} {row.end}" if row.end else ""
    return f">= {row.start}" if not row.end else (f"{row.start} .. {end}" if row.start else end)


def _evaluate(adv: Advisory, rows: list[Affected], how: dict[int, str], device: Version, text: str,
              patch: str | None, model: str | None = None) -> Finding | None:
    scheme = device.scheme
    matched, reasons, certain_hit, via = [], [], False, []
    fixed_below = _fixed_below(rows, scheme, device)
    for n, row in enumerate(rows):
        hit = _hit(row, scheme, device, text) if row.status == "affected" else False
        if not hit:
            continue
        if not row.version and (row.start or row.end) and fixed_below:
            continue  # a range whose fix in this line is at or below the device's version
        matched.append(row.version or _range_text(row))
        row_reasons = _row_reasons(row, hit, how[n])
        if how[n] == "family":
            via.append({"product": row.product, "family": family_of(row.product, model) or row.product})
        certain_hit = certain_hit or not row_reasons
        reasons += row_reasons
    if not matched or _not_affected(rows, scheme, device, text) or _patched(rows, patch):
        return None
    if _hotfix_base(device) is not None:
        named = _named_hotfixes(rows, device)
        if any(v <= device for v in named):
            return None  # the named fixing hotfix (or a later one) is installed
        exact = any(r.version and (v := _parse(scheme, r.version)) is not None and v == device
                    for r in rows if r.status == "affected")
        if not named and not exact:  # a hotfix build the advisory does not mention
            reasons.append({"code": "hotfix", "patch": str(device)})
    fixed = _fixed(rows, scheme, device)
    if patch and scheme == "vrp" and not any("SPH" in (r.version or "").upper() for r in rows):
        reasons.append({"code": "patch", "patch": patch})
    if patch and scheme == "iosxe":  # an SMU/APSP the advisory does not name: it may or may not fix it
        reasons.append({"code": "smu", "patch": patch})
    if certain_hit:  # one entry names the exact model and version: the others' doubts do not matter
        reasons = [r for r in reasons if r["code"] in ("patch", "hotfix", "smu")]
    unique = [dict(t) for t in sorted({tuple(sorted(r.items())) for r in reasons})]
    via = [dict(t) for t in sorted({tuple(sorted(v.items())) for v in via})]
    return Finding(adv, not unique, unique, matched, fixed, via)


def _unversioned_only(rows: list[Affected]) -> bool:
    affected = [r for r in rows if r.status == "affected"]
    return bool(affected) and all(r.uncertain == "no_versions" for r in affected)


def _precise_cves(advisories: list[Advisory], family: str) -> set[str]:
    """CVEs that an advisory with versions covers for this OS (a record naming the product without
    versions adds nothing for them)."""
    return {cve for adv in advisories if not _unversioned_only([r for r in adv.affected if r.os == family])
            for cve in adv.cves}


def with_hotfix(device: Version, patch: str | None) -> Version:
    """A Comware device whose installed patch is a hotfix of its release (``6728P22H05`` on Release
    6728P22) is assessed at that hotfix build."""
    if device.scheme != "comware" or not patch:
        return device
    hotfix = _parse("comware", patch.strip())
    if hotfix is None or not hotfix.comparable(device) or hotfix.key[:3] != device.key[:3] \
            or hotfix.key[3] <= device.key[3]:
        return device
    return hotfix


def assess(store: Store, os_id: str | None, model: str | None, version: str | None,
           patch: str | None = None, line: str | None = None) -> Assessment:
    """Every advisory in the store that applies to this device."""
    result = Assessment(os_id, model, version)
    family = os_family(os_id)
    if family is None or os_id not in OS_SCHEMES:
        result.problem = {"code": "os_unknown", "os": os_id or "?"}
        return result
    try:
        result.version = with_hotfix(device_version(os_id, version), patch)
    except VersionError:
        result.problem = {"code": "version", "version": version or "?"}
        return result
    advisories = store.for_os(family)
    if not advisories:
        result.problem = {"code": "no_data_os", "os": family, "model": model or "?"}
        return result
    precise = _precise_cves(advisories, family)
    for adv in advisories:
        rows = [r for r in adv.affected if r.os == family]
        if adv.cves and _unversioned_only(rows) and set(adv.cves) <= precise:
            continue
        how = {n: model_match(r.product, model, line) for n, r in enumerate(rows)}
        rows_here = [r for n, r in enumerate(rows) if how[n]]
        if not rows_here:
            continue
        result.checked += 1
        how_here = {i: how[n] for i, n in enumerate(n for n, r in enumerate(rows) if how[n])}
        if adv.kind == "lifecycle":
            result.lifecycle.append(adv)
            continue
        finding = _evaluate(adv, rows_here, how_here, result.version, version or "", patch, model)
        if finding is not None:
            result.findings.append(finding)
    if result.checked == 0:
        result.problem = {"code": "no_data_model", "model": model or "?", "os": family}
    return result
