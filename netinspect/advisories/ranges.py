"""Version ranges as advisories write them: purl-spec ``vers:`` ranges and vendors' own range strings.

``vers:generic/>=1.0|<2.0``, ``vers:semver/<1.4.2``, ``vers:all/*``, Palo Alto's
``vers:generic/PAN-OS<10.2.5`` (the product name inside the constraint), Fortinet's
``>=7.4.0|<=7.4.3`` and ``7.6 all versions``, ``<=2025.2_Build_8154``, ``<= 1.4``.

The result is a list of :class:`Span` (a lower and/or upper bound, or one exact version, or every
version). Versions stay text: they are compared later in the OS's own scheme (``versions.py``),
where a bound in another train says nothing. A range we cannot read raises :class:`RangeError`.

A small parser rather than the ``univers`` package: the comparisons that matter here are vendor
schemes (VRP, Comware, IOS, IOS-XE, PAN-OS hotfixes) that ``univers`` does not know, so only the
``vers:`` syntax is needed, and that is a few lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class RangeError(ValueError):
    """A range string we do not understand (the entry is left out with this reason)."""


@dataclass(frozen=True)
class Span:
    """``start`` (inclusive) .. ``end`` (exclusive unless ``end_inclusive``); ``exact``; or ``every``."""

    start: str | None = None
    end: str | None = None
    end_inclusive: bool = False
    exact: str | None = None
    every: bool = False


_OP = re.compile(r"^\s*(>=|<=|!=|<|>|=)?\s*(.*?)\s*$")
_ALL = re.compile(r"^(?:(.+?)\s+)?all(?:\s+versions?)?$", re.I)


def _strip_product(text: str, product: str | None) -> str:
    """``PAN-OS<10.2.5`` / ``FortiOS/ 7.6 all versions`` -> the range part."""
    text = text.strip()
    if product:
        for sep in ("/", ""):
            head = product + sep
            if text.lower().startswith(head.lower()):
                return text[len(head):].strip()
    return text


def _constraints(body: str, product: str | None) -> list[tuple[str, str]]:
    out = []
    for part in body.split("|"):
        part = _strip_product(part, product)
        if not part:
            continue
        op, value = _OP.match(part).groups()
        if not value:
            raise RangeError(f"empty version in range part {part!r}")
        out.append((op or "=", value))
    return out


def _spans(constraints: list[tuple[str, str]]) -> list[Span]:
    """Pair lower bounds with the upper bound that follows them (vers: lists are sorted)."""
    spans: list[Span] = []
    lower: str | None = None
    for op, value in constraints:
        if value == "*":
            return [Span(every=True)]
        if op == ">=":
            if lower is not None:
                spans.append(Span(start=lower))
            lower = value
        elif op in ("<", "<="):
            spans.append(Span(start=lower, end=value, end_inclusive=op == "<="))
            lower = None
        elif op == "=":
            if lower is not None:
                spans.append(Span(start=lower))
                lower = None
            m = _ALL.match(value)
            spans.append(Span(start=m.group(1), every=m.group(1) is None) if m else Span(exact=value))
        else:  # ">" and "!=": an exclusive lower bound or a hole cannot be kept exactly
            raise RangeError(f"comparator {op!r} not supported in {op}{value}")
    if lower is not None:
        spans.append(Span(start=lower))
    return spans


def parse_range(text: str, product: str | None = None) -> list[Span]:
    """The spans a range string covers; ``product`` is the product name a vendor may repeat inside it."""
    raw = (text or "").strip()
    if not raw:
        raise RangeError("empty range")
    m = re.fullmatch(r"vers:([\w.+-]+)/(.*)", raw, re.S)
    body = m.group(2) if m else _strip_product(raw, product)
    body = body.strip()
    if not body:
        raise RangeError(f"empty range {raw!r}")
    spans = _spans(_constraints(body, product))
    if not spans:
        raise RangeError(f"no version in range {raw!r}")
    return spans
