"""What importers produce and the store keeps: advisories and the products/versions they concern."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass
class Affected:
    """One product (model or product line, or ``*`` for any) and the versions an advisory names.

    ``status``: affected | fixed | not_affected. A range has ``version`` None and ``start``/``end``
    (``end`` exclusive unless ``end_inclusive``); an affected row with neither names every version of
    the product (certain for ``vers:all/*``, "possibly" with ``uncertain="no_versions"`` when the
    record names the product without versions, as Cisco's ``product_family`` leaves do). ``uncertain`` is a reason code (data/i18n/versions.yaml ``reason.*``) when the
    record leaves open which versions belong to which product: the match is then "possibly affected".
    """

    vendor: str
    os: str  # huawei_vrp | h3c_comware | cisco_ios | cisco_iosxe | fortios | ...
    product: str  # model / product line as the advisory names it, "*" for any model of the OS
    status: str = "affected"
    version: str | None = None
    start: str | None = None
    end: str | None = None
    end_inclusive: bool = False
    uncertain: str | None = None


@dataclass
class Advisory:
    id: str
    vendor: str
    title: str | None = None
    kind: str = "security"  # security | bug | lifecycle
    cves: list[str] = field(default_factory=list)
    cvss: float | None = None
    cvss_vector: str | None = None
    published: str | None = None
    url: str | None = None
    workaround: str | None = None
    remediation: str | None = None
    end_of_sale: str | None = None
    end_of_support: str | None = None
    source_format: str = ""
    affected: list[Affected] = field(default_factory=list)
    vendor_severity: str | None = None  # the publisher's own rating (critical/high/medium/low), used when unscored
    skip_reason: str | None = None  # set when nothing in it concerns an OS we assess: stored, never matched
    notes: list[str] = field(default_factory=list)  # entries left out on import, with the reason
    kev: str | None = None  # known exploited (CISA KEV): the date added, as the record carries it

    def digest(self) -> str:
        """Content hash: a re-import of the same content leaves the store as it was."""
        data = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()


class BadAdvisoryFile(ValueError):
    """A file an importer cannot use, with the reason; the file is reported and skipped."""
