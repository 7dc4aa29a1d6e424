"""reports/charts.py: SVG that parses as XML, one bar per area, marker lines at 60 and 85, texts
escaped, Chinese labels kept, and an accessible title and description."""

import xml.etree.ElementTree as ET

import pytest

from reports.charts import (
    BAND_COLOURS,
    FONT_FAMILY,
    Bar,
    Series,
    area_bar_chart,
    line_chart,
    score_gauge,
)

SVG = "{http://www.w3.org/2000/svg}"
BARS = [
    Bar("矿业权与合法经营", 72.5, "72.5"),
    Bar("Reserves", 100, "100"),
    Bar("Green <script>alert(1)</script> & co", 40, "40"),
    Bar("Smart mining", None, "no score"),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_the_bar_chart_is_well_formed_svg_with_one_bar_per_area():
    root = parse(area_bar_chart(BARS, title="Area scores", description="From 0 to 100."))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 640 {26 + 32 * 4 + 26}"
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]
    assert len(bars) == 4


def test_bar_lengths_follow_the_scores_on_a_0_to_100_scale():
    root = parse(area_bar_chart(BARS, title="t"))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    tracks = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == "track"]
    assert widths == pytest.approx([tracks[0] * 0.725, tracks[0], tracks[0] * 0.4, 0], abs=0.01)


def test_it_draws_marker_lines_at_60_and_85():
    root = parse(area_bar_chart(BARS, title="t"))
    markers = [g for g in root.iter(f"{SVG}g") if g.get("class") == "marker"]
    assert [g.find(f"{SVG}text").text for g in markers] == ["60", "85"]
    track = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "track")
    left, width = float(track.get("x")), float(track.get("width"))
    xs = [float(g.find(f"{SVG}line").get("x1")) for g in markers]
    assert xs == pytest.approx([left + width * 0.6, left + width * 0.85], abs=0.01)


def test_it_escapes_a_script_in_a_label():
    svg = area_bar_chart(BARS, title="<b>title</b>", description="a & b")
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    root = parse(svg)
    assert not list(root.iter(f"{SVG}script"))
    assert root.find(f"{SVG}title").text == "<b>title</b>"
    tooltips = [
        g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "chart-row"
    ]
    assert "Green <script>alert(1)</script> & co: 40" in tooltips


def test_it_has_an_accessible_title_and_a_description_with_every_value():
    root = parse(area_bar_chart(BARS, title="Area scores", description="From 0 to 100."))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "area-chart-title area-chart-desc"
    assert root.find(f"{SVG}title").get("id") == "area-chart-title"
    description = root.find(f"{SVG}desc").text
    assert description.startswith("From 0 to 100. 矿业权与合法经营: 72.5; Reserves: 100")
    assert description.endswith("Smart mining: no score")


def test_chinese_labels_are_kept_in_a_font_that_covers_them():
    root = parse(area_bar_chart(BARS, title="领域得分"))
    assert "Noto Sans CJK SC" in root.get("font-family") == FONT_FAMILY
    assert "矿业权与合法经营" in [t.text for t in root.iter(f"{SVG}text")]


def test_a_long_label_is_shortened_but_kept_whole_in_its_tooltip():
    long = "Green mining, ecological restoration and land reclamation of the site"
    root = parse(area_bar_chart([Bar(long, 50, "50")], title="t"))
    label = next(t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end")
    assert label.text.endswith("…") and len(label.text) < len(long)
    row = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-row")
    assert row.find(f"{SVG}title").text == f"{long}: 50"


def test_it_uses_no_inline_style_and_no_script():
    svg = area_bar_chart(BARS, title="t") + score_gauge(
        58.92, value_text="58.92", caption="partially ready", title="t"
    )
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg


def test_the_gauge_is_well_formed_and_escapes_its_texts():
    root = parse(
        score_gauge(58.92, value_text="58.92", caption="<部分就绪>", title="Overall & more")
    )
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["58.92", "<部分就绪>"]
    assert root.find(f"{SVG}title").text == "Overall & more"
    assert [p.get("class") for p in root.iter(f"{SVG}path")] == ["track", "value"]


def test_the_gauge_of_no_score_draws_no_value_arc():
    root = parse(score_gauge(None, value_text="—", caption="no score", title="t"))
    assert [p.get("class") for p in root.iter(f"{SVG}path")] == ["track"]


def test_the_gauge_takes_the_colour_of_the_band_after_caps():
    # 76.22 alone is "largely ready" (blue); a failed gate caps it at "partially ready".
    capped = parse(
        score_gauge(76.22, value_text="76.22", caption="c", title="t", band="partially_ready")
    )
    alone = parse(score_gauge(76.22, value_text="76.22", caption="c", title="t"))
    value_arc = f"{SVG}path[@class='value']"
    assert capped.find(value_arc).get("stroke") == BAND_COLOURS["partially_ready"]
    assert alone.find(value_arc).get("stroke") == BAND_COLOURS["largely_ready"]


# --- line_chart: scores over time -------------------------------------------------------------

LINES = [
    Series("Overall <b>", [50.0, None, 75.5], ["50", "—", "75.5"]),
    Series("绿色矿山", [20.0, 40.0, 60.0], ["20", "40", "60"]),
]


def test_the_line_chart_is_well_formed_with_a_line_per_series():
    svg = line_chart(LINES, ["Q1", "Q2", "Q3"], title="Over time", description="Quarter ends.")
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    # A missing value leaves its point out: two dots for the first series, three for the second.
    assert len(list(root.iter(f"{SVG}circle"))) == 5
    assert "<b>" not in svg and "Overall &lt;b&gt;" in svg
    assert "绿色矿山" in svg


def test_line_heights_follow_the_values_on_a_0_to_100_scale():
    root = parse(line_chart([Series("a", [0, 100], ["0", "100"])], ["x", "y"], title="t"))
    ys = [float(c.get("cy")) for c in root.iter(f"{SVG}circle")]
    assert ys[0] - ys[1] == pytest.approx(220)


def test_the_line_chart_tells_every_value_in_its_description():
    root = parse(line_chart(LINES, ["Q1", "Q2", "Q3"], title="t", description="Lead."))
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("Lead. Overall <b>: Q1 50, Q2 —, Q3 75.5; 绿色矿山: Q1 20")


def test_a_single_point_is_a_dot_in_the_middle():
    root = parse(line_chart([Series("a", [80], ["80"])], ["Q1"], title="t"))
    assert not list(root.iter(f"{SVG}polyline"))
    assert float(next(root.iter(f"{SVG}circle")).get("cx")) == pytest.approx((36 + 624) / 2)
