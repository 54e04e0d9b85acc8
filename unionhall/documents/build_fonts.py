"""Cut the PDF fonts from Noto Sans SC (the npm package @expo-google-fonts/noto-sans-sc, pinned in
package-lock.json). Run by `make assets`: `python -m unionhall.documents.build_fonts SOURCE_DIR TARGET_DIR`.

Why cut: WeasyPrint subsets every embedded font when it writes a PDF, and without HarfBuzz's subsetter
(libharfbuzz-subset, not on a fresh machine) it does so with fontTools, whose cost grows with the font's
glyph count: the full 30,000-glyph font took about a second per print, a GB 2312 cut about 0.15 s. So:

- `NotoSansSC-Regular.ttf`, `NotoSansSC-Bold.ttf`: Latin, punctuation, full-width forms and GB 2312's 6,763
  characters — what nearly every form, list and name uses;
- `NotoSansSC-Ext.ttf` (regular only): every other CJK character of the font, named second in the base
  template's font list, so a rare character in a name still prints and only such a document pays for it.

Layout tables and hinting are dropped (WeasyPrint drops GSUB/GPOS from embedded fonts anyway).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCES = {"Regular": "400Regular/NotoSansSC_400Regular.ttf", "Bold": "700Bold/NotoSansSC_700Bold.ttf"}
BASIC = [
    *range(0x20, 0x7F),  # ASCII
    *range(0xA0, 0x100),  # Latin-1 (¥, ·, ×)
    *range(0x2000, 0x2070),  # general punctuation (— … ‰)
    *range(0x2100, 0x2150),  # letterlike (℃ №)
    *range(0x2160, 0x2180),  # Roman numerals
    *range(0x2460, 0x2500),  # enclosed numbers ①
    *range(0x25A0, 0x2600),  # shapes □ ■ ○
    *range(0x3000, 0x3040),  # CJK punctuation 、。「」
    *range(0xFF00, 0xFFF0),  # full-width forms （），：
]
CJK_RANGES = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0)]


def _in_gb2312(cp: int) -> bool:
    try:
        chr(cp).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def common_set() -> set[int]:
    return set(BASIC) | {cp for lo, hi in CJK_RANGES for cp in range(lo, hi) if _in_gb2312(cp)}


def _cut(source: Path, target: Path, unicodes: set[int]) -> None:
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "DSIG"]
    options.name_IDs = ["*"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    if target.name.endswith("-Ext.ttf"):
        _rename(font, "Noto Sans SC Ext")
    font.save(target)


def _rename(font: TTFont, family: str) -> None:
    """The extension font gets a family name of its own, so fontconfig never takes it for the common cut."""
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")


def build(source_dir: Path, target_dir: Path) -> list[Path]:
    target_dir.mkdir(parents=True, exist_ok=True)
    common = common_set()
    written = []
    for weight, relative in SOURCES.items():
        target = target_dir / f"NotoSansSC-{weight}.ttf"
        _cut(source_dir / relative, target, common)
        written.append(target)
    every = {cp for lo, hi in CJK_RANGES for cp in range(lo, hi)}
    ext = target_dir / "NotoSansSC-Ext.ttf"
    _cut(source_dir / SOURCES["Regular"], ext, every - common)
    written.append(ext)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"{path} {path.stat().st_size // 1024} KB")
