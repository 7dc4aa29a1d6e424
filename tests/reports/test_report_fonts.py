"""The report font (reports/fonts.py): which characters it keeps, and the build command's
files, named as our own and holding those characters. The PDF side (the Chinese report uses
it, and a character it lacks comes from Noto) is in tests/reports/test_report_chinese.py."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from reports import fonts


def test_the_report_font_keeps_gb2312_latin_punctuation_and_our_own_texts():
    kept = fonts.kept_characters(["矿业权䶮 x"])
    assert len(fonts.gb2312_characters()) > 6763  # the hanzi and the symbols
    for char in "矿业权绿色准格尔露天煤矿、。「」（）—…·→≥×éü①■℃":
        assert char in kept
    assert "䶮" in kept  # from the texts passed: outside GB 2312
    assert "\n" not in fonts.kept_characters(["a\nb"])


def test_the_project_texts_are_the_translations_and_the_bundled_criteria():
    texts = " ".join(fonts.project_texts(Path(settings.BASE_DIR)))
    assert "整改行动计划" in texts  # a translation ("Action plan")
    assert "矿产资源法" in texts  # the bundled catalogue


def test_build_font_cuts_noto_down_and_names_it_mineready_sans(tmp_path):
    source = fonts.find_source("Regular")
    assert source is not None, "fonts-noto-cjk is installed by make setup"
    output = tmp_path / "small.ttf"
    fonts.build_font(source, output, "Regular", set("矿业权 MineReady"))
    font = TTFont(output)
    assert font["name"].getDebugName(1) == "MineReady Sans"
    assert font["name"].getDebugName(6) == "MineReadySans-Regular"
    cmap = font.getBestCmap()
    assert {chr(code) for code in cmap} >= set("矿业权MineReady")
    assert "绿" not in {chr(code) for code in cmap}
    assert output.stat().st_size < 200_000  # from a 19 MB collection


def assert_same_glyphs(font, source, chars):
    """Each character's glyph in ``font`` has the advance and, within a thousandth of an em,
    the bounds of its glyph in the ``source`` face."""
    original = TTFont(source.path, fontNumber=source.index, lazy=True)
    original_glyphs = original.getGlyphSet()
    for char in chars:
        glyph_name = font.getBestCmap()[ord(char)]
        original_name = original.getBestCmap()[ord(char)]
        assert font["hmtx"][glyph_name][0] == original["hmtx"][original_name][0], char
        pen = BoundsPen(original_glyphs)
        original_glyphs[original_name].draw(pen)
        glyph = font["glyf"][glyph_name]
        actual = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
        assert all(abs(a - e) <= 2 for a, e in zip(actual, pen.bounds, strict=True)), char


def test_the_report_font_has_truetype_outlines_common_glyphs_first_and_no_vertical_metrics(
    tmp_path,
):
    """WeasyPrint measures and subsets TrueType glyphs with less work than CFF ones, and a
    subset that keeps glyph ids stops at the last glyph used: the build converts Noto's
    outlines and puts the glyphs of common characters first, keeping every glyph's shape."""
    source = fonts.find_source("Bold")
    output = tmp_path / "small.ttf"
    fonts.build_font(source, output, "Bold", set("矿业A"), common="业A")
    font = TTFont(output)
    assert "glyf" in font and "CFF " not in font
    assert not {"vhea", "vmtx", "VORG"} & set(font.keys())
    cmap = font.getBestCmap()
    assert [font.getGlyphID(cmap[ord(char)]) for char in "业A"] == [1, 2]
    assert_same_glyphs(font, source, "矿业A")


def test_common_characters_are_ascii_then_our_texts_by_frequency_then_common_hanzi():
    common = fonts.common_characters(["矿矿业 x", "矿"])
    assert common.startswith(' !"#')
    after_ascii = common[95:]
    assert after_ascii.startswith("矿业")  # 矿 three times, 业 once; ASCII already placed
    assert len(common) == len(set(common))
    assert "座" in common and "啊" in common  # GB 2312 level 1
    assert len(fonts.gb2312_common_hanzi()) == 3755


def test_the_build_command_keeps_existing_files(tmp_path, capsys):
    for file_name, _source_style, _style in fonts.WEIGHTS:
        (tmp_path / file_name).write_bytes(b"already built")
    call_command("build_report_fonts", output=str(tmp_path))
    out = capsys.readouterr().out
    assert out.count("kept ") == len(fonts.WEIGHTS)
    assert (tmp_path / fonts.WEIGHTS[0][0]).read_bytes() == b"already built"


def test_the_build_command_removes_the_files_of_an_earlier_build(tmp_path, capsys):
    for file_name, _source_style, _style in fonts.WEIGHTS:
        (tmp_path / file_name).write_bytes(b"already built")
    (tmp_path / "mineready-sans-regular.otf").write_bytes(b"the CFF font of before")
    (tmp_path / "someone-elses.otf").write_bytes(b"not ours")
    call_command("build_report_fonts", output=str(tmp_path))
    assert "removed " in capsys.readouterr().out
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [*(weight[0] for weight in fonts.WEIGHTS), "someone-elses.otf"]
    )


@pytest.mark.parametrize("file_name", [weight[0] for weight in fonts.WEIGHTS])
def test_make_setup_built_the_report_font(file_name):
    path = Path(settings.BASE_DIR) / "static" / "fonts" / file_name
    assert path.exists(), "run `make setup` (manage.py build_report_fonts)"
    font = TTFont(path, lazy=True)
    assert font["name"].getDebugName(1) == "MineReady Sans"
    cmap = font.getBestCmap()
    assert len(cmap) > 8000
    assert "glyf" in font
    assert font.getGlyphID(cmap[ord("A")]) < 100
    assert font.getGlyphID(cmap[ord("矿")]) < 1000  # in our criteria: before the common hanzi
    style = "Bold" if "bold" in file_name else "Regular"
    assert_same_glyphs(font, fonts.find_source(style), "A矿业权绿座啊é①")
