"""Charts drawn on the server as SVG strings: area scores as horizontal bars, and the overall
score as a half-circle gauge.

Pure (no Django): callers pass the texts, already translated and formatted, and get markup that
they can inline in a page or a PDF. No script and no CSS: colours and fonts are presentation
attributes, which a strict Content-Security-Policy allows. Every text is escaped here.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from assessment.scoring.bands import AREA_CAP_BELOW, BAND_THRESHOLDS, band_for_score

FONT_FAMILY = (
    "'MineReady Sans', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', "
    "'Microsoft YaHei', sans-serif"
)
BAND_COLOURS = {
    "ready": "#198754",
    "largely_ready": "#0d6efd",
    "partially_ready": "#fd7e14",
    "not_ready": "#dc3545",
}
TEXT_COLOUR = "#212529"
MUTED_COLOUR = "#6c757d"
TRACK_COLOUR = "#e9ecef"
MARKER_COLOUR = "#495057"
# The band thresholds a reader compares areas against: "ready" and the area cap.
READY_AT = BAND_THRESHOLDS[0][0]
DEFAULT_MARKERS = ((AREA_CAP_BELOW, str(AREA_CAP_BELOW)), (READY_AT, str(READY_AT)))

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 64
ROW_HEIGHT = 32
BAR_HEIGHT = 18
TOP = 26
BOTTOM = 26
FONT_SIZE = 13


@dataclass(frozen=True)
class Bar:
    """One bar: ``value`` on the 0..100 scale (None: no score, drawn empty) and the text shown
    beside it (the number as the page prints it, or e.g. "no score")."""

    label: str
    value: float | None
    value_text: str


def _n(number: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _text_width(text: str, font_size: float) -> float:
    """Rough width of text: wide (CJK) characters take a full em, others about half."""
    return sum(
        font_size if unicodedata.east_asian_width(char) in "WF" else font_size * 0.54
        for char in text
    )


def _fit(text: str, width: float, font_size: float) -> str:
    """The text, cut with "…" so that it fits ``width``."""
    if _text_width(text, font_size) <= width:
        return text
    kept = ""
    for char in text:
        if _text_width(kept + char + "…", font_size) > width:
            break
        kept += char
    return kept.rstrip() + "…"


def _colour(value: float | None, band: str | None = None) -> str:
    if band is not None:
        return BAND_COLOURS.get(band, MUTED_COLOUR)
    return MUTED_COLOUR if value is None else BAND_COLOURS[band_for_score(value)]


def _clamped(value: float | None) -> float:
    return 0.0 if value is None else min(max(value, 0.0), 100.0)


def _svg_open(
    width: float, height: float, id_prefix: str, title: str, description: str, css_class: str
) -> list[str]:
    class_attr = f' class="{_attr(css_class)}"' if css_class else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" '
        f'aria-labelledby="{_attr(id_prefix)}-title {_attr(id_prefix)}-desc"{class_attr} '
        f'font-family="{_attr(FONT_FAMILY)}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{_attr(id_prefix)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(id_prefix)}-desc">{escape(description)}</desc>',
    ]


def area_bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str = "",
    id_prefix: str = "area-chart",
    css_class: str = "",
    markers: Sequence[tuple[float, str]] = DEFAULT_MARKERS,
) -> str:
    """A horizontal bar chart on a 0..100 scale, one bar per item, with dashed marker lines
    (by default at the area cap and at "ready"). The description read by screen readers ends
    with every label and its value, so the chart says as much without being seen."""
    plot_left = LABEL_WIDTH + 10
    plot_width = WIDTH - plot_left - VALUE_WIDTH
    height = TOP + ROW_HEIGHT * max(len(bars), 1) + BOTTOM
    plot_bottom = height - BOTTOM

    def x_of(value: float) -> float:
        return plot_left + plot_width * _clamped(value) / 100

    values = "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    full_description = " ".join(part for part in (description, values) if part)
    parts = _svg_open(WIDTH, height, id_prefix, title, full_description, css_class)

    for tick in (0, 50, 100):
        x = _n(x_of(tick))
        parts.append(
            f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{_n(plot_bottom)}" '
            f'stroke="{TRACK_COLOUR}" stroke-width="1"/>'
            f'<text x="{x}" y="{_n(plot_bottom + 17)}" text-anchor="middle" '
            f'font-size="11" fill="{MUTED_COLOUR}">{tick}</text>'
        )

    for index, bar in enumerate(bars):
        y = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        text_y = _n(y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35)
        label = _fit(bar.label, LABEL_WIDTH, FONT_SIZE)
        bar_width = x_of(bar.value or 0) - plot_left
        parts.append(
            f'<g class="chart-row"><title>{escape(bar.label)}: {escape(bar.value_text)}</title>'
            f'<text x="{LABEL_WIDTH}" y="{text_y}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="track" x="{_n(plot_left)}" y="{_n(y)}" width="{_n(plot_width)}" '
            f'height="{BAR_HEIGHT}" fill="{TRACK_COLOUR}" fill-opacity="0.5"/>'
            f'<rect class="bar" x="{_n(plot_left)}" y="{_n(y)}" width="{_n(bar_width)}" '
            f'height="{BAR_HEIGHT}" fill="{_colour(bar.value)}"/>'
            f'<text class="value" x="{_n(plot_left + plot_width + 8)}" y="{text_y}" '
            f'fill="{TEXT_COLOUR if bar.value is not None else MUTED_COLOUR}">'
            f"{escape(bar.value_text)}</text></g>"
        )

    for value, label in markers:
        x = _n(x_of(value))
        parts.append(
            f'<g class="marker"><line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{_n(plot_bottom)}" '
            f'stroke="{MARKER_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{x}" y="{TOP - 10}" text-anchor="middle" font-size="11" '
            f'fill="{MARKER_COLOUR}">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def score_gauge(
    value: float | None,
    *,
    value_text: str,
    caption: str,
    title: str,
    band: str | None = None,
    description: str = "",
    id_prefix: str = "score-gauge",
    css_class: str = "",
) -> str:
    """A half-circle gauge of a 0..100 score with a tick at each band bound,
    the value in the middle and a caption (e.g. the band) below it; the description read by
    screen readers defaults to the value and the caption. The arc takes the colour
    of ``band`` when given (a band after caps can be lower than the score's), else of the
    score's own band."""
    width, height = 220, 140
    cx, cy, radius, stroke = 110, 110, 84, 18

    def point(share: float) -> tuple[str, str]:
        angle = math.pi * (1 - share)
        return _n(cx + radius * math.cos(angle)), _n(cy - radius * math.sin(angle))

    def arc(share: float, colour: str, css: str) -> str:
        x0, y0 = point(0)
        x1, y1 = point(share)
        return (
            f'<path class="{css}" d="M {x0} {y0} A {radius} {radius} 0 0 1 {x1} {y1}" '
            f'fill="none" stroke="{colour}" stroke-width="{stroke}"/>'
        )

    full_description = description or f"{value_text} {caption}".strip()
    parts = _svg_open(width, height, id_prefix, title, full_description, css_class)
    parts.append(arc(1, TRACK_COLOUR, "track"))
    share = _clamped(value) / 100
    if share > 0:
        parts.append(arc(share, _colour(value, band), "value"))
    for bound, _band in BAND_THRESHOLDS:
        angle = math.pi * (1 - bound / 100)
        inner, outer = radius - stroke / 2 - 2, radius + stroke / 2 + 2
        parts.append(
            f'<line class="tick" x1="{_n(cx + inner * math.cos(angle))}" '
            f'y1="{_n(cy - inner * math.sin(angle))}" x2="{_n(cx + outer * math.cos(angle))}" '
            f'y2="{_n(cy - outer * math.sin(angle))}" stroke="{MARKER_COLOUR}" stroke-width="1.5"/>'
        )
    parts.append(
        f'<text x="{cx}" y="{cy - 14}" text-anchor="middle" font-size="30" '
        f'font-weight="bold">{escape(value_text)}</text>'
        f'<text x="{cx}" y="{cy + 20}" text-anchor="middle" font-size="14" '
        f'fill="{MUTED_COLOUR}">{escape(caption)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


# Lines of a trend chart after the first (drawn dark and thicker): distinct, colour-blind-safe.
SERIES_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
LINE_HEIGHT = 220
LEGEND_ROW = 20


@dataclass(frozen=True)
class Series:
    """One line: a value (0..100, None: no value then, a gap in the line) per point in time,
    and the texts a reader is told for each."""

    label: str
    values: Sequence[float | None]
    value_texts: Sequence[str]


def line_chart(
    series: Sequence[Series],
    x_labels: Sequence[str],
    *,
    title: str,
    description: str = "",
    id_prefix: str = "trend-chart",
    css_class: str = "",
    markers: Sequence[tuple[float, str]] = DEFAULT_MARKERS,
) -> str:
    """Lines over time on a 0..100 scale, one per series (the first dark and thick: the main
    one), a dot at each value, the times below, a legend under the plot and dashed markers.
    The description ends with every series' values, so it says as much without being seen."""
    plot_left, plot_right = 36, WIDTH - 16
    legend_top = TOP + LINE_HEIGHT + BOTTOM + 18
    height = legend_top + LEGEND_ROW * math.ceil(max(len(series), 1) / 2) + 6
    plot_bottom = TOP + LINE_HEIGHT
    step = (plot_right - plot_left) / max(len(x_labels) - 1, 1)

    def x_of(index: int) -> float:
        return plot_left + (step * index if len(x_labels) > 1 else (plot_right - plot_left) / 2)

    def y_of(value: float) -> float:
        return plot_bottom - LINE_HEIGHT * _clamped(value) / 100

    told = "; ".join(
        f"{line.label}: "
        + ", ".join(f"{x} {text}" for x, text in zip(x_labels, line.value_texts, strict=True))
        for line in series
    )
    full_description = " ".join(part for part in (description, told) if part)
    parts = _svg_open(WIDTH, height, id_prefix, title, full_description, css_class)
    for tick in (0, 50, 100):
        y = _n(y_of(tick))
        parts.append(
            f'<line x1="{plot_left}" y1="{y}" x2="{plot_right}" y2="{y}" '
            f'stroke="{TRACK_COLOUR}" stroke-width="1"/>'
            f'<text x="{plot_left - 6}" y="{_n(y_of(tick) + 4)}" text-anchor="end" '
            f'font-size="11" fill="{MUTED_COLOUR}">{tick}</text>'
        )
    for value, label in markers:
        y = _n(y_of(value))
        parts.append(
            f'<g class="marker"><line x1="{plot_left}" y1="{y}" x2="{plot_right}" y2="{y}" '
            f'stroke="{MARKER_COLOUR}" stroke-width="1" stroke-dasharray="4 3"/>'
            f'<text x="{plot_right}" y="{_n(y_of(value) - 4)}" text-anchor="end" font-size="10" '
            f'fill="{MARKER_COLOUR}">{escape(label)}</text></g>'
        )
    every = max(1, math.ceil(len(x_labels) * 70 / (plot_right - plot_left)))
    for index, label in enumerate(x_labels):
        if index % every == 0 or index == len(x_labels) - 1:
            parts.append(
                f'<text x="{_n(x_of(index))}" y="{_n(plot_bottom + 17)}" text-anchor="middle" '
                f'font-size="11" fill="{MUTED_COLOUR}">{escape(_fit(label, 90, 11))}</text>'
            )
    for number, line in enumerate(series):
        colour = TEXT_COLOUR if number == 0 else SERIES_COLOURS[(number - 1) % 7]
        width = 3 if number == 0 else 1.5
        points = [(x_of(i), y_of(v)) for i, v in enumerate(line.values) if v is not None]
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        parts.append(f'<g class="series"><title>{escape(line.label)}</title>')
        if len(points) > 1:
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"/>'
            )
        parts += [
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{width + 1}" fill="{colour}"/>'
            for x, y in points
        ]
        column, row = number % 2, number // 2
        lx, ly = plot_left + column * (WIDTH / 2 - 20), legend_top + row * LEGEND_ROW
        parts.append(
            f'<line x1="{_n(lx)}" y1="{_n(ly - 4)}" x2="{_n(lx + 18)}" y2="{_n(ly - 4)}" '
            f'stroke="{colour}" stroke-width="{width}"/>'
            f'<text x="{_n(lx + 24)}" y="{_n(ly)}" font-size="12">'
            f"{escape(_fit(line.label, WIDTH / 2 - 60, 12))}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
