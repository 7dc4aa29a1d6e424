"""The group matrix of a firm: every site against every area, coloured by band, with its
overall score, band, stage, scale, last submission and open and overdue actions, filtered and
sorted as asked; and the criteria failing at the most sites (assessment/scoring/group.py).

Built from the firm's portfolio (stored results of each site's latest submitted assessment)
and one query for the action counts: the same number of queries for 5 or 200 sites.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessment.models import Criterion, Firm, Site
from assessment.plans import PlanCounts, counts_by_site
from assessment.portfolio import Portfolio, PortfolioSite, firm_portfolio
from assessment.results import AssessmentResults
from assessment.scoring.bands import band_for_score
from assessment.scoring.group import GroupGap, top_gaps_of_keys
from assessment.scoring.vocabulary import BANDS
from reports.presentation import BAND_CLASSES, band_label, score_text

NOT_ASSESSED = "none"  # the band filter's value for sites without a submitted assessment
SORTS = ("name", "overall", "band", "province", "submitted", "overdue")
TOP_GAPS = 10


@dataclass(frozen=True)
class Column:
    code: str
    name: str


@dataclass(frozen=True)
class Cell:
    """An area's score at a site (None: not applicable, or every criterion N/A) and its band."""

    score: float | None
    band: str | None


@dataclass(frozen=True)
class MatrixRow:
    site: Site
    results: AssessmentResults | None
    cells: tuple[Cell, ...]
    actions: PlanCounts

    @property
    def overall(self) -> float | None:
        return None if self.results is None else self.results.score.overall

    @property
    def band(self) -> str | None:
        return None if self.results is None else self.results.score.band

    @property
    def submitted_at(self) -> datetime | None:
        return None if self.results is None else self.results.assessment.submitted_at

    @property
    def green_ready(self) -> bool | None:
        return None if self.results is None else self.results.green_mine_ready


@dataclass(frozen=True)
class Matrix:
    columns: tuple[Column, ...]
    rows: tuple[MatrixRow, ...]
    top_gaps: tuple[GroupGap, ...]
    area_names: Mapping[str, str]
    gap_texts: Mapping[str, str]  # the top gaps' requirements, by code
    total_sites: int  # before filters
    portfolio: Portfolio  # the firm's, unfiltered

    def rows_html(self) -> list[SafeString]:
        """Each row as the page prints it (see RowWriter)."""
        write = RowWriter()
        return [write(row) for row in self.rows]

    def top_gap_rows(self) -> list[tuple[GroupGap, str, str]]:
        """Each top gap with its area's name and its requirement."""
        return [
            (gap, self.area_names.get(gap.area, gap.area), self.gap_texts.get(gap.code, ""))
            for gap in self.top_gaps
        ]


def _url_of(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many objects: reversed once (about 0.1 ms a call)."""
    marker = "2147483647"
    prefix, _marker, suffix = reverse(name, args=[int(marker)]).partition(marker)
    return lambda pk: f"{prefix}{pk}{suffix}"


class RowWriter:
    """The matrix page's rows, built in Python with what every row shares read once (labels,
    URLs, dates): 200 rows through the template's tags and filters took about 40 % of the
    page's time."""

    def __init__(self) -> None:
        self.separator = pgettext("list separator", ", ")
        self.not_assessed = _("not assessed")
        self.stages = {value: str(label) for value, label in Site.Stage.choices}
        self.scales = {value: str(label) for value, label in Site.Scale.choices}
        self.site_url = _url_of("assessment:site_detail")
        self.results_url = _url_of("reports:results")
        self.dates: dict[date, str] = {}
        self.scores: dict[float | None, str] = {}
        self.bands: dict[str, tuple[str, str]] = {}

    def date_text(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        day = timezone.localdate(moment)
        if day not in self.dates:
            self.dates[day] = formats.date_format(day, "DATE_FORMAT")
        return self.dates[day]

    def cell_html(self, cell: Cell) -> str:
        """An area's cell: its score, coloured by its band, which screen readers read out.
        Made of a text per score and a start and end per band, each made once per page."""
        if cell.score not in self.scores:
            self.scores[cell.score] = conditional_escape(score_text(cell.score))
        if cell.band is None:
            return f'<td class="text-end matrix-cell" data-band="">{self.scores[cell.score]}</td>'
        if cell.band not in self.bands:
            self.bands[cell.band] = (
                format_html(
                    '<td class="text-end matrix-cell table-{}" data-band="{}">',
                    BAND_CLASSES.get(cell.band, "secondary"),
                    cell.band,
                ),
                format_html(
                    '<span class="visually-hidden"> ({})</span></td>', band_label(cell.band)
                ),
            )
        start, end = self.bands[cell.band]
        return f"{start}{self.scores[cell.score]}{end}"

    def __call__(self, row: MatrixRow) -> SafeString:
        site = row.site
        minerals = self.separator.join(site.mineral_labels)
        if row.results is None:
            score = format_html(
                '<td class="text-end text-body-secondary">—</td>'
                '<td class="text-body-secondary small">{}</td>',
                self.not_assessed,
            )
        else:
            score = format_html(
                '<td class="text-end site-score"><a href="{}">{}</a></td>'
                '<td><span class="badge text-bg-{}">{}</span></td>',
                self.results_url(row.results.assessment.pk),
                score_text(row.overall),
                BAND_CLASSES.get(row.band or "", "secondary"),
                band_label(row.band),
            )
        overdue = " text-danger fw-semibold" if row.actions.overdue else ""
        return format_html(
            '<tr class="matrix-site" data-site="{}"><th scope="row"><a href="{}">{}</a>'
            '<div class="small text-body-secondary fw-normal">{}{}</div></th>{}{}'
            '<td>{}</td><td>{}</td><td>{}</td><td class="text-end">{}</td>'
            '<td class="text-end{}">{}</td></tr>',
            site.pk,
            self.site_url(site.pk),
            site.name,
            site.province_label,
            f" · {minerals}" if minerals else "",
            score,
            mark_safe("".join(map(self.cell_html, row.cells))),  # escaped piece by piece
            self.stages.get(site.stage, site.stage),
            self.scales.get(site.scale, site.scale) or "—",
            self.date_text(row.submitted_at),
            row.actions.to_do,
            overdue,
            row.actions.overdue,
        )


def _columns(sites: list[PortfolioSite]) -> list[Column]:
    """The areas of the sites' results by code, in framework order (the first name met)."""
    found: dict[str, tuple[int, str]] = {}
    for row in sites:
        for area in row.results.areas if row.results else ():
            if area.code not in found:  # a translated name costs a lookup: read it once
                found[area.code] = (area.order, area.name)
    return [Column(code, name) for code, (_o, name) in sorted(found.items(), key=_column_key)]


def _column_key(item: tuple[str, tuple[int, str]]) -> tuple[int, str]:
    return item[1][0], item[0]


def _cells(results: AssessmentResults | None, columns: list[Column]) -> tuple[Cell, ...]:
    areas = {area.code: area for area in results.score.areas} if results else {}
    cells = []
    for column in columns:
        area = areas.get(column.code)
        if area is None or area.score_exact is None:
            cells.append(Cell(None, None))
        else:
            # The band of the score floored to two places is that of the exact score (the
            # thresholds are whole numbers), and floats compare far faster than fractions.
            score = area.score
            cells.append(Cell(score, band_for_score(score)))
    return tuple(cells)


def _keeps(row: PortfolioSite, values: Mapping[str, str]) -> bool:
    site = row.site
    band = row.results.score.band if row.results else None
    return (
        (not values.get("province") or site.province == values["province"])
        and (not values.get("mineral") or values["mineral"] in site.minerals)
        and (not values.get("scale") or site.scale == values["scale"])
        and (not values.get("stage") or site.stage == values["stage"])
        and (not values.get("band") or (band or NOT_ASSESSED) == values["band"])
    )


def _sort_key(sort: str):
    unscored = len(BANDS)

    def key(row: MatrixRow) -> tuple:
        name = (row.site.name.casefold(), row.site.pk)
        if sort == "overall":
            return (row.overall is None, -(row.overall or 0), *name)
        if sort == "band":
            return (BANDS.index(row.band) if row.band else unscored, *name)
        if sort == "province":
            return (row.site.province_label, *name)
        if sort == "submitted":
            stamp = row.submitted_at.timestamp() if row.submitted_at else 0
            return (row.submitted_at is None, -stamp, *name)
        if sort == "overdue":
            return (-row.actions.overdue, -row.actions.to_do, *name)
        return name

    return key


def group_matrix(
    firm: Firm, values: Mapping[str, str], *, today: date, portfolio: Portfolio | None = None
) -> Matrix:
    """The firm's matrix with the filters and sort in ``values`` (MatrixFilterForm's).
    ``portfolio``: the firm's, when the caller has read it already (on ``today``)."""
    if portfolio is None:
        portfolio = firm_portfolio(firm, today=today)
    counts = counts_by_site(firm.pk, today)
    kept = [row for row in portfolio.sites if _keeps(row, values)]
    columns = _columns(list(portfolio.sites))
    none = PlanCounts(0, 0, 0)
    rows = [
        MatrixRow(
            site=row.site,
            results=row.results,
            cells=_cells(row.results, columns),
            actions=counts.get(row.site.pk, none),
        )
        for row in kept
    ]
    sort = values.get("sort") or "name"
    rows.sort(key=_sort_key(sort if sort in SORTS else "name"))
    top = top_gaps_of_keys((row.results.gap_keys() for row in kept if row.results), limit=TOP_GAPS)
    versions = {row.results.assessment.version_id for row in kept if row.results}
    texts = {
        criterion.code: criterion.text
        for criterion in Criterion.objects.filter(
            version_id__in=versions, code__in=[gap.code for gap in top]
        ).order_by("version_id")
    }
    return Matrix(
        columns=tuple(columns),
        rows=tuple(rows),
        top_gaps=tuple(top),
        area_names={column.code: column.name for column in columns},
        gap_texts=texts,
        total_sites=len(portfolio.sites),
        portfolio=portfolio,
    )
