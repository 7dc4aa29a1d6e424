"""What the gap report says, as plain rows for its template, from the assessment's results
(assessment/results.py) and the firm's portfolio (assessment/portfolio.py). Call
``report_content`` inside ``translation.override(language)``: labels, criteria texts and dates
follow the active language. The appendix and its bound on typed text: reports/report_appendix.py."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, pgettext

from assessment.answer_text import answer_text
from assessment.applicability import mineral_names
from assessment.language import current_language
from assessment.limits import NAME_MAX_LENGTH
from assessment.minerals import is_strategic
from assessment.models import (
    Area,
    Assessment,
    Criterion,
    Site,
)
from assessment.portfolio import Portfolio, firm_portfolio
from assessment.provinces import province_name
from assessment.results import AssessmentResults, assessment_results
from assessment.scoring.breakdown import AreaScore, AssessmentScore
from assessment.scoring.gaps import Gap
from assessment.scoring.green_mine import GREEN_MINE_DEADLINE, ScaleProgress
from reports import presentation, report_actions, report_appendix
from reports.models import display_report_id

TOP_GAPS = 5
SCALE_LABELS = {"large": gettext_lazy("large mines"), "medium": gettext_lazy("medium mines")}


@dataclass(frozen=True)
class GapItem:
    """A gap with what a reader needs to act on it: its rank in the whole report (1 = most
    urgent), the criterion's texts and the current answer as the questionnaire shows it."""

    rank: int
    gap: Gap
    criterion: Criterion
    area: Area
    answer: str
    legal_reference: str
    actions: tuple[report_actions.ActionLine, ...] = ()

    @property
    def code(self) -> str:
        return self.gap.code


@dataclass(frozen=True)
class AreaSection:
    area: Area
    score: AreaScore
    gaps: tuple[GapItem, ...]
    criteria: int  # applicable criteria of the area
    counted: int  # of which not N/A


@dataclass(frozen=True)
class DeadlineItem:
    """One date of the timeline: criteria due then, and whether any of them is still a gap."""

    day: date
    days_left: int  # from the scoring date; negative once passed
    criteria: tuple[str, ...]
    open_gaps: tuple[str, ...]
    green_mine_target: bool = False

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def days_passed(self) -> int:
        return -self.days_left


@dataclass(frozen=True)
class ScaleRow:
    label: str
    progress: ScaleProgress


@dataclass
class ReportContent:
    """The template's context (see templates/reports/pdf/report.html)."""

    assessment: Assessment
    site: Site
    results: AssessmentResults
    language: str
    language_name: str
    report_id: str | None  # shown grouped; None for a preview that was not issued
    generated_at: datetime
    profile: list[tuple[str, str]]
    band_reasons: list[dict[str, Any]]
    gap_items: list[GapItem]
    law_gaps: int
    area_sections: list[AreaSection]
    deadlines: list[DeadlineItem]
    portfolio: Portfolio
    scale_rows: list[ScaleRow]
    appendix: list[report_appendix.AppendixRow]
    area_chart: SafeString
    gauge: SafeString
    stylesheet_url: str
    shortened_note: str = ""  # where to read texts the report shortened; "" if none was

    @property
    def top_gaps(self) -> list[GapItem]:
        return self.gap_items[:TOP_GAPS]

    @property
    def score(self) -> AssessmentScore:
        return self.results.score

    @property
    def framework(self):
        return self.assessment.version.framework

    def as_context(self) -> dict[str, Any]:
        context = {name: getattr(self, name) for name in self.__dataclass_fields__}
        context.update(
            report=self,
            score=self.score,
            top_gaps=self.top_gaps,
            framework=self.framework,
            version=self.assessment.version,
            green_mine_deadline=GREEN_MINE_DEADLINE,
            page_label=page_label(),
        )
        return context


def page_label() -> tuple[str, str, str]:
    """The footer's "page X of Y" as the texts around the two numbers (CSS counters)."""
    text = gettext("page %(page)s of %(pages)s")
    before, _page, rest = text.partition("%(page)s")
    between, _pages, after = rest.partition("%(pages)s")
    return before, between, after


def legal_reference(criterion: Criterion) -> str:
    """The document and article, as the questionnaire writes them in the active language."""
    document, article = criterion.legal_document, criterion.legal_article
    if document and article:
        return pgettext("legal reference", "%(document)s, %(article)s") % {
            "document": document,
            "article": article,
        }
    return document or article


def _label(choices: type, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _profile_rows(assessment: Assessment, language: str) -> list[tuple[str, str]]:
    """The site's profile as it was when the assessment started (it decided which criteria
    apply), and the site's province as it is."""
    site, profile = assessment.site, assessment.profile or {}
    minerals = list(profile.get("minerals", site.minerals))
    stage = profile.get("stage", "production")  # snapshots from before stages
    method = profile.get("method", site.method)
    scale = profile.get("scale", site.scale)
    licensed = profile.get("licensed_producing", site.licensed_producing)
    yes, no = gettext("Yes"), gettext("No")
    return [
        (gettext("Province"), province_name(site.province, language)),
        (gettext("Minerals"), presentation.list_text(mineral_names(minerals, language))),
        (gettext("Stage"), _label(Site.Stage, stage)),
        (gettext("Mining method"), _label(Site.Method, method)),
        (gettext("Production scale"), _label(Site.Scale, scale) if scale else "—"),
        (gettext("Licensed and producing"), yes if licensed else no),
        (gettext("Strategic mineral"), yes if is_strategic(minerals) else no),
    ]


def _deadlines(results: AssessmentResults) -> list[DeadlineItem]:
    """Every deadline of a counted criterion, and the green-mine target, by date."""
    due: dict[date, list[str]] = defaultdict(list)
    for area in results.score.areas:
        for contribution in area.contributions:
            criterion = results.criteria[contribution.code]
            if contribution.counted and criterion.deadline is not None:
                due[criterion.deadline].append(contribution.code)
    gaps = {gap.code for gap in results.score.gaps}
    days = set(due) | {GREEN_MINE_DEADLINE}
    return [
        DeadlineItem(
            day=day,
            days_left=(day - results.scored_on).days,
            criteria=tuple(sorted(due.get(day, []))),
            open_gaps=tuple(sorted(code for code in due.get(day, []) if code in gaps)),
            green_mine_target=day == GREEN_MINE_DEADLINE,
        )
        for day in sorted(days)
    ]


def report_content(
    assessment: Assessment,
    *,
    report_id: str | None = None,
    stylesheet_url: str = "",
    results: AssessmentResults | None = None,
) -> ReportContent:
    """Everything the report shows, in the active language."""
    language = current_language()
    results = results if results is not None else assessment_results(assessment)
    score = results.score
    area_names = results.area_names
    gap_rows = results.gap_rows()
    planned = report_actions.action_lines(assessment, [row.gap.code for row in gap_rows])
    gap_items = [
        GapItem(
            rank=rank,
            gap=row.gap,
            criterion=row.criterion,
            area=row.area,
            answer=answer_text(
                row.criterion,
                results.answers[row.gap.code].value,
                is_na=results.answers[row.gap.code].is_na,
            ),
            legal_reference=legal_reference(row.criterion),
            actions=tuple(planned.get(row.gap.code, ())),
        )
        for rank, row in enumerate(gap_rows, start=1)
    ]
    gaps_by_area: dict[str, list[GapItem]] = defaultdict(list)
    for item in gap_items:
        gaps_by_area[item.gap.area].append(item)
    area_sections = [
        AreaSection(
            area=row.area,
            score=row.score,
            gaps=tuple(gaps_by_area.get(row.area.code, ())),
            criteria=len(row.contributions),
            counted=sum(item.contribution.counted for item in row.contributions),
        )
        for row in results.area_rows()
    ]
    portfolio = firm_portfolio(
        assessment.site.firm, today=results.scored_on, known={assessment.pk: results}
    )
    budget = report_appendix.FreeTextBudget(settings.REPORT_FREE_TEXT_MAX_CHARS)
    appendix = report_appendix.appendix_rows(
        results,
        report_appendix.evidence_names(assessment),
        {item.code: item.rank for item in gap_items},
        budget,
    )
    long_name = any(
        len(name) > NAME_MAX_LENGTH for name in (assessment.site.name, assessment.site.firm.name)
    )
    languages = dict(settings.LANGUAGES)
    return ReportContent(
        assessment=assessment,
        site=assessment.site,
        results=results,
        language=language,
        language_name=str(languages.get(language, language)),
        report_id=display_report_id(report_id) if report_id else None,
        generated_at=timezone.localtime(),
        profile=_profile_rows(assessment, language),
        band_reasons=presentation.band_reason_items(score.band_reasons, area_names),
        gap_items=gap_items,
        law_gaps=sum(item.gap.force == Criterion.Force.LAW for item in gap_items),
        area_sections=area_sections,
        deadlines=_deadlines(results),
        portfolio=portfolio,
        scale_rows=[
            ScaleRow(str(SCALE_LABELS[scale]), progress)
            for scale, progress in (
                ("large", portfolio.green_mine.large),
                ("medium", portfolio.green_mine.medium),
            )
        ],
        appendix=appendix,
        # Our own markup: every text in it is escaped by reports/charts.py.
        area_chart=mark_safe(presentation.area_chart(results, id_prefix="report-area-chart")),
        gauge=mark_safe(
            presentation.overall_gauge(
                results, caption=gettext("out of 100"), id_prefix="report-gauge"
            )
        ),
        stylesheet_url=stylesheet_url,
        shortened_note=report_appendix.shortened_note(issued=bool(report_id))
        if budget.cut or long_name
        else "",
    )
