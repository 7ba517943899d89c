"""Build netinspect/data/fonts/NotoSansSC-netinspect.woff2: the CJK font every PDF embeds.

Source: Noto Sans CJK SC Regular (SIL OFL 1.1) from the NotoSansCJK-Regular.ttc of the noto-cjk project
(Debian package fonts-noto-cjk). Kept: Latin, punctuation, box drawing, CJK symbols, full-width forms,
all 6,763 GB2312 hanzi, and every character in netinspect's data files and templates.

    python scripts/subset_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "netinspect" / "data" / "fonts" / "NotoSansSC-netinspect.woff2"
RANGES = [(0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x2100, 0x2200), (0x2460, 0x2600), (0x3000, 0x3040),
          (0xFF00, 0xFFF0)]


def gb2312() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def project_chars() -> set[str]:
    chars: set[str] = set()
    for folder, pattern in ((REPO / "netinspect" / "data", "*.yaml"), (REPO / "templates", "*.j2")):
        for path in folder.rglob(pattern):
            chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def main(ttc: str) -> None:
    font = next(f for f in TTCollection(ttc).fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    text = {chr(c) for lo, hi in RANGES for c in range(lo, hi)} | gb2312() | project_chars()
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.drop_tables += ["vhea", "vmtx", "VORG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(text)))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(str(OUT))
    print(f"{OUT}: {len(text)} characters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
