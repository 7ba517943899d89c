"""CVE JSON 5 records (cvelistV5, vendors' own feeds) as CNAs write them.

- ``versions[]``: ``version`` with ``status`` affected / unaffected, ``lessThan`` / ``lessThanOrEqual``
  ranges (``version`` ``0`` or ``*`` = from the start), ``changes`` (``at`` a version the status becomes
  unaffected: a fixed version; Palo Alto lists one per hotfix line), ``versionType`` (``git`` is left out),
  ``10.0.*`` and ``9.0 All`` (the whole train);
- ``defaultStatus: affected``: every version not listed otherwise;
- ``cpes`` give exact versions when a record lists no versions (``cpe:2.3:o:paloaltonetworks:pan-os:10.1.14:h10``);
- Huawei's style: several products in one string (``S12700,S5700``, ``NIP6800;USG9500``) and comma-joined
  version lists, sometimes with the product inside the list (``S12700 V200R008C00, S5700 V200R007C00``);
- a product named without a version (``n/a``, or Cisco's ``Cisco IOS and IOS XE`` as the version):
  "possibly affected" (``no_versions``).

A record that names nothing we assess (another vendor, a product without a version scheme here, a
REJECTED record) is kept with ``skip_reason``; a record that is not a CVE record raises BadAdvisoryFile.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from pathlib import Path

from netinspect.advisories.catalog import model_os, os_of_product, score_vector, vendor_of
from netinspect.advisories.importers.jsonfile import read_json
from netinspect.advisories.ranges import RangeError, parse_range
from netinspect.advisories.records import Advisory, Affected, BadAdvisoryFile
from netinspect.advisories.versions import OS_SCHEMES, try_parse

_NA = {"", "n/a", "na", "-", "*", "unspecified", "unknown", "all", "see references"}
_STATUS = {"affected": "affected", "unaffected": "not_affected", "unknown": "unknown"}
_VRP_LIKE = re.compile(r"V\d{3}R\d{3}", re.I)  # a Huawei product version, even with a suffix (C16PWE)
_TRAIN_ALL = re.compile(r"^(.+?)(?:\.\*|\s+all(?:\s+versions?)?)$", re.I)


def _products(name: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]|\s+and\s+", name) if p.strip().lower() not in _NA]


def _split_versions(text: str, products: list[str]) -> list[tuple[str | None, str]]:
    """(product or None, version) from a comma-joined list; "S5700 V200R007C00" switches product."""
    out: list[tuple[str | None, str]] = []
    current: str | None = None
    for token in (t.strip() for t in text.split(",")):
        if not token:
            continue
        for product in sorted(products, key=len, reverse=True):
            if token.lower().startswith(product.lower() + " "):
                current, token = product, token[len(product):].strip()
                break
        parts = token.split()
        if len(parts) > 1 and all(_VRP_LIKE.match(p) for p in parts):  # "V200R008C20 V200R008C30"
            out += [(current, p) for p in parts]
        else:
            out.append((current, token))
    return out


def _targets(entry: dict, vendor: str) -> list[tuple[str, str]]:
    """(os, product) pairs the entry names: an OS (product "*") or hardware models of a model vendor."""
    names = _products(str(entry.get("product") or ""))
    by_os = [(os_of_product(n), "*") for n in names if os_of_product(n)]
    if by_os:
        return list(dict.fromkeys(by_os))
    os_id = model_os(vendor)
    return [(os_id, n) for n in names] if os_id else []


_OPEN_START = {"0", "*", "", "n/a", "na", "-", "0.0", "unspecified", "unknown", "all", "none"}


def _open_start(text: str) -> bool:
    """``unspecified`` / ``0`` / ``*`` / ``n/a`` before a ``lessThan``: from the first version on."""
    return text.strip().lower() in _OPEN_START


def _sorted_changes(item: dict, scheme: str) -> list[tuple[str, str]] | None:
    """(at, affected|not_affected) in version order; None when a change does not parse or two trains mix."""
    out = []
    for change in item.get("changes") or []:
        if not isinstance(change, dict) or not change.get("at"):
            continue
        raw = str(change.get("status", ""))
        status = "affected" if raw == "unknown" else _STATUS.get(raw)
        parsed = try_parse(scheme, str(change["at"]))
        if status is None or parsed is None:
            return None
        out.append((parsed, str(change["at"]), status))
    if any(not a[0].comparable(b[0]) for a, b in zip(out, out[1:])):
        return None
    return [(text, status) for _, text, status in sorted(out, key=lambda c: c[0].key)]


def _segments(item: dict, base: dict, status: str, start: str | None, end: str | None,
              inclusive: bool) -> list[Affected] | None:
    """CVE 5 ``changes`` read as the schema means them: from ``version`` the status is ``status``, at each
    change it becomes the change's status, up to ``lessThan``. None when the changes cannot be ordered."""
    changes = _sorted_changes(item, OS_SCHEMES[base["os"]])
    if changes is None:
        return None
    rows, lower, current = [], start, status
    for at, new in changes:
        rows.append(Affected(**base, status=current, start=lower, end=at))
        lower, current = at, new
    rows.append(Affected(**base, status=current, start=lower, end=end, end_inclusive=inclusive))
    return [r for r in rows if r.status == "affected" or r.start or r.end]


def _range_rows(item: dict, base: dict, status: str) -> list[Affected]:
    end = item.get("lessThan") or item.get("lessThanOrEqual")
    start = str(item.get("version", "")).strip()
    start = None if _open_start(start) else start
    changes = [c for c in item.get("changes") or [] if isinstance(c, dict) and c.get("at")]
    fixes = [str(c["at"]) for c in changes if c.get("status") == "unaffected"]
    scheme = OS_SCHEMES[base["os"]]
    inclusive = bool(item.get("lessThanOrEqual")) and not item.get("lessThan")
    if end and str(end).strip().endswith("*"):
        end = None  # "7.0*" / "*": to the end of the train
    back = any(c.get("status") == "affected" for c in changes)
    if back and (status == "not_affected" or scheme != "panos"):
        rows = _segments(item, base, status, start, str(end) if end else None, inclusive)
        if rows is not None:
            return rows
        return [Affected(**base, status="affected", start=start, uncertain="range_unreadable")]
    parsed_end = try_parse(scheme, str(end)) if end else None
    later = [f for f in fixes if (v := try_parse(scheme, f)) and parsed_end and v.comparable(parsed_end) and v > parsed_end]
    if later:  # Palo Alto: the hotfix lines fixed after lessThan; the last change ends the range
        end, inclusive = max(later, key=lambda f: try_parse(scheme, f).key), False
    rows = [Affected(**base, status=status, start=start, end=str(end) if end else None, end_inclusive=inclusive)]
    if status == "affected":
        rows += [Affected(**base, status="fixed", version=f) for f in fixes]
    return rows


def _version_rows(item: dict, base: dict, status: str, products: list[str], uncertain: str | None,
                  index_product: str | None) -> list[Affected]:
    text = str(item.get("version", "")).strip()
    if text.lower().startswith("vers:") or _OPERATOR.match(text):
        return _spans_rows(text, base, status)
    m = _TRAIN_ALL.match(text)
    if m and m.group(1).lower() not in _NA:
        return [Affected(**base, status=status, start=m.group(1))]
    rows = []
    for named, version in _split_versions(text, products):
        product = named or index_product or base["product"]
        rows.append(Affected(**{**base, "product": product}, status=status, version=version,
                             uncertain=None if named else uncertain))
    return rows


_OPERATOR = re.compile(r"^\s*(<=|>=|<|>|=)\s*\S")


def _spans_rows(text: str, base: dict, status: str) -> list[Affected]:
    """A ``vers:`` range or ``< 7.4.3`` / ``>=1.0|<2.0`` written in ``version``; one we cannot read is
    kept as "range unreadable" (possibly affected), never dropped."""
    try:
        spans = parse_range(text)
    except RangeError:
        return [Affected(**base, status="affected", uncertain="range_unreadable", start=None)] \
            if status == "affected" else []
    rows = []
    for span in spans:
        if span.exact:
            rows.append(Affected(**base, status=status, version=span.exact))
        elif span.every:
            rows.append(Affected(**base, status=status))
        else:
            rows.append(Affected(**base, status=status, start=span.start, end=span.end,
                                 end_inclusive=span.end_inclusive))
    return [r for r in rows if r.status == "affected" or r.version or r.start or r.end]


def _cpe_versions(entry: dict, os_id: str) -> list[str]:
    out = []
    for cpe in entry.get("cpes") or []:
        parts = str(cpe).split(":")
        if len(parts) > 6 and os_of_product(parts[4].replace("_", " ")) == os_id and parts[5] not in ("*", "-"):
            update = parts[6] if parts[6] not in ("*", "-", "") else None
            out.append(parts[5] + (f"-{update}" if update else ""))
    return out


def _in_every_line(named: list[dict], products: list[str]) -> set[str]:
    """Versions every version line lists: whichever product a line belongs to, they are affected for all
    (``NIP6800;Secospace USG6600;USG9500`` with two lines that both list ``V500R005C00SPC100``)."""
    lines = [{v for _, v in _split_versions(str(item.get("version", "")), products)} for item in named
             if not (item.get("lessThan") or item.get("lessThanOrEqual")) and item.get("status", "affected") == "affected"]
    if len(lines) != len(named) or len(lines) < 2:
        return set()
    return set.intersection(*lines)


def _item_rows(item: dict, base: dict, status: str, products: list[str], index: int, named: list,
               aligned: bool, product: str) -> list[Affected]:
    """The rows of one ``versions[]`` item for one product."""
    if item.get("lessThan") or item.get("lessThanOrEqual"):
        return _range_rows(item, base, status)
    if product == "*" or len(products) == 1 or len(named) == 1:
        uncertain, own = None, None
    elif aligned:
        uncertain, own = "order_assumed", products[index]
    else:
        uncertain, own = "unaligned", None
    if own is not None and own != product:
        return []  # aligned lists: this version line belongs to another product
    return _version_rows(item, base, status, products, uncertain, None)


def _entry_rows(entry: dict, vendor: str) -> list[Affected]:
    rows: list[Affected] = []
    targets = _targets(entry, vendor)
    products = [p for _, p in targets if p != "*"]
    versions = [v for v in entry.get("versions") or [] if isinstance(v, dict) and v.get("versionType") != "git"]
    for os_id, product in targets:
        if os_id not in OS_SCHEMES:
            continue
        base = {"vendor": vendor, "os": os_id, "product": product}
        named = [v for v in versions if any(c.isdigit() for c in str(v.get("version", "")))
                 or v.get("lessThan") or v.get("lessThanOrEqual")]
        aligned = len(products) > 1 and len(named) == len(products)
        common = _in_every_line(named, products) if len(products) > 1 and not aligned else set()
        for index, item in enumerate(named):
            status = _STATUS.get(str(item.get("status", "affected")))
            if status is None:
                continue
            if status == "unknown":  # the CNA does not know: "possibly affected"
                rows += [replace(r, uncertain=r.uncertain or "status_unknown") if r.status == "affected" else r
                         for r in _item_rows(item, base, "affected", products, index, named, aligned, product)]
                continue
            rows += [replace(r, uncertain=None) if r.uncertain == "unaligned" and r.version in common else r
                     for r in _item_rows(item, base, status, products, index, named, aligned, product)]
        if not named:
            cpes = _cpe_versions(entry, os_id)
            rows += [Affected(**base, status="affected", version=v) for v in cpes]
            if not cpes and entry.get("defaultStatus") != "unaffected":
                rows.append(Affected(**base, status="affected", uncertain="no_versions"))
        elif entry.get("defaultStatus") == "affected":
            rows.append(Affected(**base, status="affected"))  # every version not listed as unaffected
    return rows


def _looks_like(os_id: str, text: str) -> bool:
    """A version of the OS's family with a suffix the parser does not order (``V200R006C16PWE``):
    kept for exact matching."""
    return os_id.startswith("huawei") and bool(_VRP_LIKE.match(text.strip()))


def _usable(rows: list[Affected]) -> tuple[list[Affected], list[str]]:
    """Rows without duplicates; a model's version that does not parse in its OS's scheme is left out
    (a Huawei phone or cloud service named like a model), with a note."""
    out, notes, seen = [], [], set()
    for row in rows:
        key = (row.os, row.product, row.status, row.version, row.start, row.end, row.end_inclusive, row.uncertain)
        if key in seen:
            continue
        seen.add(key)
        texts = [t for t in (row.version, row.start, row.end) if t]
        readable = all(try_parse(OS_SCHEMES[row.os], t) or _looks_like(row.os, t) for t in texts)
        if row.product == "*" and not readable and row.uncertain is None and (row.start or row.end):
            if row.status == "affected":
                out.append(replace(row, uncertain="range_unreadable"))
            notes.append(f"{row.os}: unreadable range {' / '.join(texts)}")
            continue
        if row.product != "*" and texts and not all(try_parse(OS_SCHEMES[row.os], t) or _looks_like(row.os, t)
                                                     for t in texts):
            notes.append(f"{row.product}: {' / '.join(texts)} is not a {row.os} version")
            continue
        out.append(row)
    return out, sorted(set(notes))


_TRUNCATED = re.compile(r"\s*\.\.\.\s*\[truncated\*?\]\s*$", re.I)


def _legacy_versions(record: dict, product: str) -> list[str]:
    """The ``version_value`` strings of a product in the record's ``x_legacyV4Record`` (CVE JSON 4)."""
    legacy = ((record.get("containers") or {}).get("cna") or {}).get("x_legacyV4Record") or {}
    vendors = (((legacy.get("affects") or {}).get("vendor") or {}).get("vendor_data")) or []
    for vendor in vendors if isinstance(vendors, list) else []:
        for item in ((vendor or {}).get("product") or {}).get("product_data") or []:
            if isinstance(item, dict) and str(item.get("product_name", "")).strip() == product.strip():
                return [str(v.get("version_value", "")) for v in (item.get("version") or {}).get("version_data") or []
                        if isinstance(v, dict)]
    return []


def _cut_products(text: str, products: list[str]) -> list[str]:
    """Products of the entry the kept part of a cut list does not reach: the one being listed at the
    cut (its list is partial) and every one after it."""
    seen = [p for p in products if re.search(rf"(^|,\s*){re.escape(p)}\s", text)]
    if not seen:
        return products
    last = max(seen, key=lambda p: [m.start() for m in re.finditer(rf"(^|,\s*){re.escape(p)}\s", text)][-1])
    return products[products.index(last):] if last in products else products


def complete_truncated(record: dict) -> tuple[list[str], dict[int, list[str]]]:
    """Versions cut by the CVE 4 -> 5 conversion (``...[truncated*]``) replaced by the complete list of
    the record's legacy part when it has one. Returns notes, and per entry index the products whose
    versions are still cut (then "possibly affected")."""
    notes: list[str] = []
    cut: dict[int, list[str]] = {}
    for n, entry in enumerate(((record.get("containers") or {}).get("cna") or {}).get("affected") or []):
        if not isinstance(entry, dict):
            continue
        for item in entry.get("versions") or []:
            text = str(item.get("version", "")) if isinstance(item, dict) else ""
            if not _TRUNCATED.search(text):
                continue
            full = [v for v in _legacy_versions(record, str(entry.get("product", ""))) if v.strip()]
            if full and not any(_TRUNCATED.search(v) for v in full):
                item["version"] = ", ".join(full)
                notes.append(f"{entry.get('product', '?')[:60]}: version list completed from the legacy record "
                             "(x_legacyV4Record)")
                continue
            kept = _TRUNCATED.sub("", text)
            kept = kept.rsplit(",", 1)[0] if "," in kept else ""  # the last token is cut in the middle
            item["version"] = kept
            names = _cut_products(kept, _products(str(entry.get("product", ""))))
            cut[n] = names
            notes.append(f"{entry.get('product', '?')[:60]}: version list truncated in the record and in its "
                         f"legacy part, possibly affected: {', '.join(names)}")
    return notes, cut


def _metrics(record: dict) -> tuple[float | None, str | None]:
    containers = record.get("containers", {})
    blocks = [containers.get("cna", {})] + list(containers.get("adp", []) or [])
    best: tuple[float | None, str | None] = (None, None)
    for block in blocks:
        for metric in block.get("metrics", []) or []:
            for key in ("cvssV4_0", "cvssV3_1", "cvssV3_0", "cvssV2_0"):
                m = metric.get(key)
                if not isinstance(m, dict):
                    continue
                score = m.get("baseScore")
                score = float(score) if score is not None else score_vector(m.get("vectorString", ""))
                if score is not None and (best[0] is None or score > best[0]):
                    best = (score, m.get("vectorString"))
    return best


def kev_date(record: dict) -> str | None:
    """The CISA KEV date an ADP container (CISA-ADP) records: ``metrics[].other`` of type ``kev``."""
    for block in (record.get("containers") or {}).get("adp") or []:
        for metric in (block or {}).get("metrics") or [] if isinstance(block, dict) else []:
            other = metric.get("other") if isinstance(metric, dict) else None
            if isinstance(other, dict) and other.get("type") == "kev":
                content = other.get("content") or {}
                return str(content.get("dateAdded") or "yes") if isinstance(content, dict) else "yes"
    return None


def _title(cna: dict) -> str | None:
    if cna.get("title"):
        return cna["title"]
    text = next((d["value"] for d in cna.get("descriptions", []) if d.get("lang", "en").startswith("en")), "")
    first = re.split(r"(?<=\.)\s", text.strip(), maxsplit=1)[0]
    return first[:200] or None


def load(path: Path) -> list[Advisory]:
    record = read_json(path)
    meta = record.get("cveMetadata")
    if not isinstance(meta, dict) or not meta.get("cveId"):
        raise BadAdvisoryFile("CVE record without cveMetadata.cveId")
    cve_id = str(meta["cveId"])
    cna = (record.get("containers") or {}).get("cna")
    if not isinstance(cna, dict):
        raise BadAdvisoryFile(f"{cve_id}: no containers.cna")
    affected = cna.get("affected") or []
    if not isinstance(affected, list) or not all(isinstance(e, dict) for e in affected):
        raise BadAdvisoryFile(f"{cve_id}: containers.cna.affected is not a list of objects")
    fallback_vendor = vendor_of(meta.get("assignerShortName")) or "other"
    found: list[Affected] = []
    ignored: list[str] = []
    record = copy.deepcopy(record)
    truncation_notes, cut = complete_truncated(record)
    affected = record["containers"]["cna"].get("affected") or []
    for n, entry in enumerate(affected):
        vendor = vendor_of(entry.get("vendor")) or fallback_vendor
        rows_here = _entry_rows(entry, vendor)
        os_id = model_os(vendor)
        if n in cut and os_id:
            rows_here += [Affected(vendor, os_id, name, "affected", uncertain="truncated") for name in cut[n]]
        found += rows_here
        if not rows_here and str(entry.get("product") or "").strip().lower() not in _NA:
            ignored.append(str(entry.get("product"))[:60])
    rows, notes = _usable(found)
    notes = truncation_notes + notes
    if ignored and any(r.status == "affected" for r in rows):
        notes.append("not assessed: " + ", ".join(dict.fromkeys(ignored)))
    score, vector = _metrics(record)
    refs = [r for r in cna.get("references", []) or [] if isinstance(r, dict) and r.get("url")]
    advisory = Advisory(
        id=cve_id, vendor=rows[0].vendor if rows else fallback_vendor, title=_title(cna), cves=[cve_id],
        cvss=score, cvss_vector=vector, published=(cna.get("datePublic") or meta.get("datePublished") or "")[:10] or None,
        url=refs[0]["url"] if refs else None, source_format="cve5", affected=rows, notes=notes,
        kev=kev_date(record))
    if meta.get("state") == "REJECTED":
        advisory.affected, advisory.skip_reason = [], "a REJECTED CVE record"
    elif not any(r.status == "affected" for r in rows):
        names = list(dict.fromkeys(f"{e.get('vendor') or '?'} {e.get('product') or '?'}" for e in affected
                                   if str(e.get("product") or "").strip().lower() not in _NA))
        advisory.affected = []
        advisory.skip_reason = (f"no product we assess ({', '.join(n[:60] for n in names[:5])}"
                                f"{' ...' if len(names) > 5 else ''})" if names
                                else "the record names no product (n/a)")
    return [advisory]
