"""Safe file names for files named after device input (device names, commands).

A name from a device may hold characters no file system takes (``/``, ``:``), be a reserved name on
Windows (``CON``, ``NUL``, ``COM1`` ...), be longer than a file system allows (255 bytes; escaped
Chinese names grow threefold), or differ from another name only in what was replaced. Every name is
made safe here, and :class:`UniqueNames` makes the names of one folder unique (case-insensitively).
"""

from __future__ import annotations

import hashlib
import re

_UNSAFE = re.compile(r"[^\w.\-]+")
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\.|$)", re.IGNORECASE)
MAX_BYTES = 120  # a name's stem; suffixes (.fix.txt) and the folder path still fit under 255


def bounded(stem: str, original: str) -> str:
    """`stem` not a reserved Windows name and at most MAX_BYTES (cut, plus a hash of `original`)."""
    if _RESERVED.match(stem):
        stem = "_" + stem
    if len(stem.encode("utf-8")) > MAX_BYTES:
        digest = hashlib.sha1(original.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        cut = stem.encode("utf-8")[:MAX_BYTES - 11].decode("utf-8", "ignore")
        stem = f"{cut}-{digest}"
    return stem


def safe_stem(name: str, fallback: str = "device") -> str:
    """`name` as a safe stem: unsafe runs to '_', no leading/trailing dots, not reserved, at most MAX_BYTES."""
    return bounded(_UNSAFE.sub("_", name).strip("._ ") or fallback, name)


class UniqueNames:
    """Hands out safe stems unique within one folder: ``SW_1``, ``SW_1-2``, ``SW_1-3`` ..."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def take(self, name: str, fallback: str = "device") -> str:
        stem = safe_stem(name, fallback)
        candidate, n = stem, 1
        while candidate.casefold() in self._used:
            n += 1
            candidate = f"{stem}-{n}"
        self._used.add(candidate.casefold())
        return candidate
