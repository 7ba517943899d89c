"""Vendor version strings parsed and ordered the way the vendors mean them.

A version belongs to a *scheme* (vrp, comware, ios, iosxe, dotted) and a *train* inside it: VRP
``V200R019`` (product version + release), Comware release family ``67`` (of ``Release 6728P22``), IOS
``15.2E``, IOS-XE ``17.9`` or ``3.6E``, dotted ``7.4``. Versions order only within one scheme and train;
comparing across trains raises :class:`Incomparable`. Text that does not parse raises
:class:`VersionError`; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

SCHEMES = ("vrp", "comware", "ios", "iosxe", "dotted", "panos")


class VersionError(ValueError):
    """A version string that does not parse in the scheme asked for."""


class Incomparable(TypeError):
    """Two versions of different schemes or trains: their order means nothing."""


@total_ordering
@dataclass(frozen=True)
class Version:
    """One parsed version: scheme, train and an ordering key valid within the train."""

    scheme: str
    train: str
    key: tuple
    text: str  # canonical form

    def __str__(self) -> str:
        return self.text

    def comparable(self, other: Version) -> bool:
        return self.scheme == other.scheme and self.train == other.train

    def _check(self, other: object) -> Version:
        if not isinstance(other, Version):
            return NotImplemented  # type: ignore[return-value]
        if not self.comparable(other):
            raise Incomparable(f"{self} ({self.scheme} {self.train}) vs {other} ({other.scheme} {other.train})")
        return other

    def __lt__(self, other: object) -> bool:
        return self.key < self._check(other).key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and (self.scheme, self.train, self.key) == (
            other.scheme, other.train, other.key)

    def __hash__(self) -> int:
        return hash((self.scheme, self.train, self.key))

    def same_line(self, other: Version) -> bool:
        """Whether a fix in ``other`` carries forward to ``self``: the same train, and for PAN-OS the same
        maintenance release (a hotfix ``10.2.5-h6`` fixes 10.2.5 hotfixes, not 10.2.6)."""
        if not self.comparable(other):
            return False
        return self.scheme != "panos" or self.key[:1] == other.key[:1]

    def sort_key(self) -> tuple:
        """A key for sorting mixed lists deterministically (groups by scheme and train)."""
        return (self.scheme, self.train, self.key)


# ---- Huawei VRP: V200R019C10SPC500, hot patch V200R019SPH029 ------------------------------------

_VRP = re.compile(r"V(\d{3})R(\d{3})(?:C(\d{2}))?(?:SPC(\d{3}))?(?:B(\d{3}))?", re.I)
_VRP_PATCH = re.compile(r"V(\d{3})R(\d{3})(?:C(\d{2}))?SPH(\d{3})", re.I)


def parse_vrp(text: str) -> Version:
    """``V200R019C10SPC500`` (C and SPC optional). Train: ``V200R019``."""
    m = _VRP.fullmatch(text.strip())
    if not m or (m.group(3) is None and m.group(4) is not None):
        raise VersionError(f"not a VRP product version: {text!r}")
    v, r, c, spc, b = m.groups()
    canon = f"V{v}R{r}" + (f"C{c}" if c else "") + (f"SPC{spc}" if spc else "") + (f"B{b}" if b else "")
    # a C-level version (V200R019C10) sorts before its service packs
    key = (int(c) if c else -1, int(spc) if spc else -1, int(b) if b else -1)
    return Version("vrp", f"V{v}R{r}", key, canon)


def parse_vrp_patch(text: str) -> Version:
    """Hot patch ``V200R019SPH029``: numbered per release, a separate part of the version."""
    m = _VRP_PATCH.fullmatch(text.strip())
    if not m:
        raise VersionError(f"not a VRP hot patch: {text!r}")
    v, r, c, sph = m.groups()
    canon = f"V{v}R{r}" + (f"C{c}" if c else "") + f"SPH{sph}"
    return Version("vrp-patch", f"V{v}R{r}", (int(sph),), canon)


# ---- H3C Comware: Version 7.1.070, Release 6728P22 -----------------------------------------------

_CMW_PLATFORM = re.compile(r"(?:Version\s+)?(\d+\.\d+(?:\.\d+)?)(?:P\d+)?(?:-\w+)?", re.I)
_CMW_RELEASE = re.compile(
    r"(?:(Release|Feature|ESS|R|F|E)\s*)?(\d{4})((?:[PLH]\d{2,3})*)(-[A-Z0-9]+)?", re.I)
_CMW_KINDS = {"r": "Release", "release": "Release", "f": "Feature", "feature": "Feature",
              "e": "ESS", "ess": "ESS"}


def parse_comware(text: str) -> Version:
    """``Release 6728P22`` / ``R6728P22`` / ``Feature 2427`` / ``Release 2418P06H04``, optionally after
    ``Version 7.1.070,``. Train: the release family (first two digits), e.g. ``R67``."""
    rest = text.strip()
    m = re.match(r"(?:Version\s+)?(\d+\.\d+(?:\.\d+)?)(?:P\d+)?(?:-\w+)?\s*,?\s*", rest, re.I)
    if m and re.search(r"\d{4}", rest[m.end():]):
        rest = rest[m.end():]
    m = _CMW_RELEASE.fullmatch(rest.strip())
    if not m:
        raise VersionError(f"not a Comware release: {text!r}")
    kind = _CMW_KINDS[(m.group(1) or "Release").lower()]
    number, tail, region = m.group(2), m.group(3).upper(), (m.group(4) or "").upper()
    parts = dict.fromkeys("PLH", -1)
    for letter, num in re.findall(r"([PLH])(\d+)", tail):
        if parts[letter] != -1:
            raise VersionError(f"repeated {letter} in Comware release: {text!r}")
        parts[letter] = int(num)
    canon = f"{kind} {number}{tail}{region}"
    train = f"{kind[0]}{number[:2]}"
    return Version("comware", train, (int(number), parts["P"], parts["L"], parts["H"]), canon)


def comware_platform(text: str) -> str | None:
    """The Comware platform version (``7.1.070``) in a version string, if any."""
    m = re.search(r"Version\s+(\d+\.\d+(?:\.\d+)?)", text, re.I)
    return m.group(1) if m else None


# ---- Cisco IOS: 15.2(7)E4, 15.2(4)E10a, 12.2(55)SE7, 15.0(2a)SE9 ---------------------------------

_IOS = re.compile(r"(\d+)\.(\d+)\((\d+)([a-z]?)\)([A-Z]*)(\d*)([a-z]?)")


def parse_ios(text: str) -> Version:
    """Train is ``major.minor`` + train letters (``15.2E``); order by maintenance, then rebuild."""
    m = _IOS.fullmatch(text.strip())
    if not m:
        raise VersionError(f"not a Cisco IOS version: {text!r}")
    major, minor, maint, mletter, train, rebuild, rletter = m.groups()
    if not train and (rebuild or rletter):
        raise VersionError(f"not a Cisco IOS version: {text!r}")
    canon = f"{int(major)}.{int(minor)}({int(maint)}{mletter}){train}{rebuild}{rletter}"
    key = (int(maint), mletter, int(rebuild) if rebuild else -1, rletter)
    return Version("ios", f"{int(major)}.{int(minor)}{train}", key, canon)


# ---- Cisco IOS-XE: 17.9.4a, 16.12.10, 03.06.05E, 3.6.0aE, 16.8.1s --------------------------------

_XE = re.compile(r"0*(\d+)\.0*(\d+)\.0*(\d+)([a-z]*)(\d*)\.?([A-Z]*)")


def parse_iosxe(text: str) -> Version:
    """Train: ``17.9`` for 16.x/17.x, ``3.6E`` for 3.x (the letters name the train); ``16.12.1z1`` rebuilds."""
    m = _XE.fullmatch(text.strip())
    if not m:
        raise VersionError(f"not a Cisco IOS-XE version: {text!r}")
    major, minor, maint, letters, rebuild, train = m.groups()
    if (int(major) >= 16 and train) or (rebuild and not letters):
        raise VersionError(f"not a Cisco IOS-XE version: {text!r}")
    canon = f"{int(major)}.{int(minor)}.{int(maint)}{letters}{rebuild}{train}"
    key = (int(maint), letters, int(rebuild) if rebuild else -1)
    return Version("iosxe", f"{int(major)}.{int(minor)}{train}", key, canon)


# ---- plain dotted (FortiOS 7.4.8 and the like) ---------------------------------------------------

_DOTTED = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def parse_dotted(text: str) -> Version:
    m = _DOTTED.fullmatch(text.strip())
    if not m:
        raise VersionError(f"not a dotted version: {text!r}")
    nums = [int(x) for x in m.groups() if x is not None]
    return Version("dotted", f"{nums[0]}.{nums[1]}", tuple(nums[2:]), ".".join(map(str, nums)))


# ---- PAN-OS: 10.1.14-h11 (hotfix), 11.0.2; "10.2" names the whole train --------------------------

_PANOS = re.compile(r"(\d+)\.(\d+)(?:\.(\d+)(?:-h(\d+))?)?")


def parse_panos(text: str) -> Version:
    """Train ``10.1``; ``10.1.14`` < ``10.1.14-h1`` < ``10.1.15``."""
    m = _PANOS.fullmatch(text.strip())
    if not m:
        raise VersionError(f"not a PAN-OS version: {text!r}")
    major, minor, maint, hotfix = m.groups()
    train = f"{int(major)}.{int(minor)}"
    if maint is None:
        return Version("panos", train, (), train)
    canon = f"{train}.{int(maint)}" + (f"-h{int(hotfix)}" if hotfix else "")
    return Version("panos", train, (int(maint), int(hotfix or 0)), canon)


CISCO_BUG = re.compile(r"CSC[a-z]{2}\d{5}", re.I)  # a Cisco bug ID: names the SMU/APSP that fixes it


def cisco_bug_ids(text: str | None) -> set[str]:
    """The Cisco bug IDs in a text (an SMU file name: cat9k_iosxe.17.09.04.CSCwh87343.SPA.smu.bin)."""
    return {m.upper() for m in CISCO_BUG.findall(text or "")}


PARSERS = {"vrp": parse_vrp, "comware": parse_comware, "ios": parse_ios, "iosxe": parse_iosxe,
           "dotted": parse_dotted, "panos": parse_panos}

# OS id (platforms.yaml, advisory os) -> scheme
OS_SCHEMES = {"huawei_vrp": "vrp", "huawei_vrp8": "vrp", "h3c_comware": "comware", "cisco_ios": "ios",
              "cisco_iosxe": "iosxe", "fortios": "dotted", "panos": "panos"}


def parse(scheme: str, text: str) -> Version:
    """Parse `text` in `scheme`; IOS-XE devices that print an IOS-style 15.x version get the IOS scheme."""
    if scheme not in PARSERS:
        raise VersionError(f"unknown version scheme {scheme!r}")
    if scheme == "iosxe" and "(" in text:
        return parse_ios(text)
    return PARSERS[scheme](text)


def try_parse(scheme: str, text: str) -> Version | None:
    try:
        return parse(scheme, text)
    except VersionError:
        return None


def device_version(os_id: str | None, version: str | None) -> Version:
    """The comparable product version of a device from its identity facts.

    VRP: the product version in ``(S7700 V200R010C00SPC600)``, never the platform ``5.170``.
    Comware: the release after ``Version 7.1.070,``.
    """
    scheme = OS_SCHEMES.get(os_id or "")
    if scheme is None:
        raise VersionError(f"no version scheme for OS {os_id!r}")
    if not version:
        raise VersionError("no version reported")
    text = version.strip()
    if scheme == "vrp":
        m = _VRP.search(text)
        if not m:
            raise VersionError(f"no VRP product version (VxxxRxxx) in {version!r}")
        text = m.group(0)
    elif scheme == "comware":
        m = re.search(r"(?:Release|Feature|ESS)\s+\d{4}\S*", text, re.I)
        text = m.group(0).rstrip(",") if m else text
    return parse(scheme, text)
