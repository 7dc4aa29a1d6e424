"""The report's own font, "MineReady Sans": Noto Sans CJK SC (Debian's fonts-noto-cjk) cut down to
the characters reports use (GB 2312, Latin, punctuation, our translations and criteria), with
TrueType outlines and common glyphs first, because WeasyPrint reads and subsets the whole font
for every PDF (docs/performance.md says how much that saves). A character outside it comes from
the installed Noto Sans CJK SC, which the print stylesheet names next.

`manage.py build_report_fonts` (run by `make setup`) writes the files into static/fonts/; without
them reports still render, with the installed font.
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FAMILY = "MineReady Sans"
SOURCE_FAMILY = "Noto Sans CJK SC"
FILE_PREFIX = "mineready-sans-"
# (file name in static/fonts, weight as fontconfig names its style, name-table style)
WEIGHTS = (
    (f"{FILE_PREFIX}regular.ttf", "Regular", "Regular"),
    (f"{FILE_PREFIX}bold.ttf", "Bold", "Bold"),
)

_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1 and Latin Extended-A/B (names, pinyin with tone marks)
    (0x02C6, 0x02DD),  # spacing modifiers (ˇ ˉ ˊ ˋ)
    (0x0391, 0x03C9),  # Greek (GB 2312 has it)
    (0x0401, 0x0451),  # Cyrillic (GB 2312 has it)
    (0x2000, 0x206F),  # general punctuation: dashes, quotes, bullet, ellipsis, per mille
    (0x20AC, 0x20AC),  # euro
    (0x2100, 0x215F),  # letterlike symbols and number forms (℃, №, ™)
    (0x2160, 0x217F),  # Roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≥ ≤ × − ≈)
    (0x2460, 0x24FF),  # enclosed numbers (①)
    (0x2500, 0x25FF),  # box drawing and geometric shapes (■ ● ▲)
    (0x2600, 0x26FF),  # symbols (★ ☆)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。「」〔〕)
    (0x3200, 0x32FF),  # enclosed CJK (㈠)
    (0x3300, 0x33FF),  # CJK compatibility (㎡ ㎏)
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFFEF),  # full-width forms
)


def _gb2312_rows(rows: Iterable[int]) -> str:
    """The characters GB 2312 defines in ``rows`` (lead bytes), in its order."""
    characters = []
    for row in rows:
        for cell in range(0xA1, 0xFF):
            try:
                characters.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:  # a cell GB 2312 leaves empty
                continue
    return "".join(characters)


def gb2312_characters() -> set[str]:
    """Every character of GB 2312: its symbols (rows 1-9) and its 6,763 hanzi (rows 16-87)."""
    return set(_gb2312_rows((*range(0xA1, 0xAA), *range(0xB0, 0xF8))))


def gb2312_common_hanzi() -> str:
    """GB 2312's level-1 hanzi: the 3,755 most common (rows 16-55), in its (pinyin) order."""
    return _gb2312_rows(range(0xB0, 0xD8))


def common_characters(texts: Iterable[str] = ()) -> str:
    """The characters whose glyphs the report font puts first: ASCII, every printable
    character of ``texts`` (most frequent first), then GB 2312's common hanzi."""
    counts: dict[str, int] = {}
    for text in texts:
        for char in text:
            if char.isprintable():
                counts[char] = counts.get(char, 0) + 1
    ordered = "".join(chr(code) for code in range(0x20, 0x7F))
    ordered += "".join(sorted(counts, key=lambda char: (-counts[char], char)))
    return "".join(dict.fromkeys(ordered + gb2312_common_hanzi()))


def kept_characters(texts: Iterable[str] = ()) -> set[str]:
    """The characters the report font keeps: the ranges above, GB 2312, and every character
    of ``texts`` (our translations and criteria) other than controls."""
    characters = gb2312_characters()
    for first, last in _RANGES:
        characters.update(chr(code) for code in range(first, last + 1))
    for text in texts:
        characters.update(char for char in text if char.isprintable())
    return characters


@dataclass(frozen=True)
class SourceFace:
    path: Path
    index: int  # the face's number in a font collection (.ttc)


def find_source(style: str) -> SourceFace | None:
    """Where fontconfig has Noto Sans CJK SC in ``style`` (None when it is not installed)."""
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{file}\n%{index}\n%{family}", f"{SOURCE_FAMILY}:style={style}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    if len(found) < 3 or SOURCE_FAMILY not in found[2].split(","):
        return None
    return SourceFace(path=Path(found[0]), index=int(found[1] or 0))


def build_font(
    source: SourceFace, output: Path, style: str, characters: set[str], common: str = ""
) -> None:
    """Write ``source`` cut down to ``characters`` (with every OpenType feature kept) as a
    TrueType-flavoured OpenType font named FAMILY ``style``, with the glyphs of ``common``
    characters first, in that order."""
    from fontTools import subset

    # fontTools reports every table it touches and every requested character the source
    # lacks (Noto has no glyph for some symbols of the ranges above): not worth printing.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    options = subset.Options()
    options.font_number = source.index
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = True
    font = subset.load_font(str(source.path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(char) for char in characters})
    subsetter.subset(font)
    _rename(font, style)
    if "CFF " in font:
        to_truetype_outlines(font)
    for tag in ("vhea", "vmtx"):  # vertical writing only
        if tag in font:
            del font[tag]
    put_first(font, common)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial")
    subset.save_font(font, str(partial), options)
    partial.replace(output)


# How far a converted quadratic curve may stray from the cubic one, in font units (1/1000 em).
CURVE_TOLERANCE = 1.0


def to_truetype_outlines(font) -> None:
    """Replace the CFF outlines of ``font`` (a fontTools TTFont) by TrueType ones: each cubic
    curve becomes quadratic ones within CURVE_TOLERANCE; advances and layout tables stay as
    they are. (fontTools' own recipe, Snippets/otf2ttf.py.)"""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, CURVE_TOLERANCE, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:  # vertical origins of CFF fonts; TrueType takes them from vmtx
        del font["VORG"]
    metrics = font["hmtx"].metrics
    for name in order:
        glyphs[name].recalcBounds(glyf)
        metrics[name] = (metrics[name][0], getattr(glyphs[name], "xMin", 0))
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)  # no hinting programs, no composite glyphs
    post = font["post"]
    post.formatType = 3.0  # no glyph names: a PDF does not need them
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True  # maxp's and head's point counts and bounds, when saved


def put_first(font, characters: str) -> None:
    """Reorder the glyphs of ``font`` (a fontTools TTFont): .notdef, then the glyphs of
    ``characters`` in their order, then the others as they were. fontTools renumbers every
    table that refers to glyphs (cmap, layout tables)."""
    from fontTools.ttLib.reorderGlyphs import reorderGlyphs

    order = font.getGlyphOrder()
    cmap = font.getBestCmap()
    first = {order[0]: None}
    for char in characters:
        name = cmap.get(ord(char))
        if name is not None:
            first.setdefault(name)
    new_order = [*first, *(name for name in order if name not in first)]
    if new_order != order:
        reorderGlyphs(font, new_order)


def _rename(font, style: str) -> None:
    """Name the cut-down font as our own (a modified version keeps the OFL, changes the name)."""
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    names = {1: FAMILY, 2: style, 3: f"{postscript};{SOURCE_FAMILY}", 4: f"{FAMILY} {style}"}
    names |= {6: postscript, 16: FAMILY, 17: style}
    table = font["name"]
    table.names = [record for record in table.names if record.nameID not in names]
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key, value in (("FullName", f"{FAMILY} {style}"), ("FamilyName", FAMILY)):
            if hasattr(top, key):
                setattr(top, key, value)


def project_texts(base_dir: Path) -> list[str]:
    """Texts whose every character the font must have: our Chinese translations and the
    bundled criteria libraries."""
    files = [*base_dir.glob("locale/*/LC_MESSAGES/*.po"), *base_dir.glob("fixtures/**/*.yaml")]
    return [re.sub(r"\s+", " ", path.read_text(encoding="utf-8")) for path in sorted(files)]
