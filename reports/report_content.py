"""What the gap report says, as plain rows for its template, from the assessment's results
(assessment/results.py) and the firm's portfolio. Call ``report_content`` inside
``translation.override(language)``: labels, criteria texts and dates follow the active language.

Typed text is bounded so no assessment makes a report long: each comment, justification and
file name up to its field's limit, and REPORT_FREE_TEXT_MAX_CHARS of such text in all; what is
cut ends in "…" and the appendix says where the full text is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, pgettext

from assessment.answer_text import answer_text
from assessment.applicability import mineral_names
from assessment.language import current_language
from assessment.limits import COMMENT_MAX_LENGTH, JUSTIFICATION_MAX_LENGTH, NAME_MAX_LENGTH
from assessment.minerals import is_strategic
from assessment.models import (
    Action,
    Answer,
    Area,
    Assessment,
    Criterion,
    DocumentLink,
    Evidence,
    Site,
)
from assessment.provinces import province_name
from assessment.results import (
    AssessmentResults,
    Portfolio,
    assessment_results,
    firm_portfolio,
    scoring_date,
)
from assessment.scoring.breakdown import AreaScore, AssessmentScore, Contribution
from assessment.scoring.gaps import Gap
from assessment.scoring.green_mine import GREEN_MINE_DEADLINE, ScaleProgress
from assessment.support import document_counts
from reports import presentation
from reports.models import display_report_id

TOP_GAPS = 5
SCALE_LABELS = {"large": gettext_lazy("large mines"), "medium": gettext_lazy("medium mines")}


@dataclass(frozen=True)
class ActionLine:
    """An action on a gap as the report lists it."""

    title: str
    owner: str
    due: date | None
    status: str


def action_lines(assessment: Assessment, codes: Sequence[str]) -> dict[str, list[ActionLine]]:
    """The site's actions on these criteria (not dropped), by code: for a submitted assessment as
    they were when it was submitted (its issued reports keep the plan of that day), for a draft as
    they are now. Two queries."""
    if assessment.state != Assessment.State.DRAFT and assessment.submitted_at is not None:
        source = Action.history.as_of(assessment.submitted_at)
    else:
        source = Action.objects.all()
    actions = list(
        source.filter(site_id=assessment.site_id, criterion_code__in=codes)
        .exclude(status=Action.State.DROPPED)
        .order_by("criterion_code", "due_on", "pk")
    )
    owners = {
        user.pk: user.get_full_name() or user.username
        for user in get_user_model().objects.filter(pk__in={a.owner_id for a in actions})
    }
    labels = dict(Action.State.choices)
    lines: dict[str, list[ActionLine]] = defaultdict(list)
    for action in actions:
        lines[action.criterion_code].append(
            ActionLine(
                title=action.title,
                owner=owners.get(action.owner_id, ""),
                due=action.due_on,
                status=str(labels.get(action.status, action.status)),
            )
        )
    return lines


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
    actions: tuple[ActionLine, ...] = ()

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
class AppendixRow:
    code: str
    criterion: Criterion
    answer: Answer
    answer_text: str
    contribution: Contribution
    evidence: tuple[str, ...]  # file names as shown (FreeTextBudget)
    gap_rank: int | None  # the gap's number where its requirement is printed in full
    comment: str = ""  # as shown
    na_justification: str = ""  # as shown; only for an answer that is N/A
    more_files: int = 0  # evidence files not named, the report's free text being used up


FILE_NAME_MAX_LENGTH = Evidence._meta.get_field("original_name").max_length


@dataclass
class FreeTextBudget:
    """The characters of typed text a report may still show, and whether it has cut any."""

    left: int
    cut: bool = False

    def take(self, text: str, limit: int) -> str:
        """``text`` as the report shows it: at most ``limit`` characters and what is left."""
        room = max(min(limit, self.left), 0)
        if len(text) > room:
            self.cut = True
        self.left -= min(len(text), room)
        return presentation.shortened(text, room)

    def names(self, names: Sequence[str], limit: int) -> tuple[tuple[str, ...], int]:
        """The names shown, and how many are not (once the budget is used up)."""
        shown = []
        for name in names:
            if self.left <= 0:
                self.cut = True
                break
            shown.append(self.take(name, limit))
        return tuple(shown), len(names) - len(shown)


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
    appendix: list[AppendixRow]
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


def _appendix(
    results: AssessmentResults,
    evidence: Mapping[int, Sequence[str]],
    gap_ranks: Mapping[str, int],
    budget: FreeTextBudget,
) -> list[AppendixRow]:
    """Every answer in questionnaire order; a gap's row points to its area's section."""
    rows = []
    for area in results.score.areas:
        for contribution in area.contributions:
            answer = results.answers[contribution.code]
            justification = answer.na_justification if answer.is_na else ""
            justification = budget.take(justification, JUSTIFICATION_MAX_LENGTH)
            comment = budget.take(answer.comment, COMMENT_MAX_LENGTH)
            names, more_files = budget.names(evidence.get(answer.pk, ()), FILE_NAME_MAX_LENGTH)
            rows.append(
                AppendixRow(
                    code=contribution.code,
                    criterion=results.criteria[contribution.code],
                    answer=answer,
                    answer_text=answer_text(answer.criterion, answer.value, is_na=answer.is_na),
                    contribution=contribution,
                    evidence=names,
                    gap_rank=gap_ranks.get(contribution.code),
                    comment=comment,
                    na_justification=justification,
                    more_files=more_files,
                )
            )
    return rows


def shortened_note(*, issued: bool) -> str:
    """What the appendix says when the report shortened a text: the limits and where the full
    texts are (an issued report also in its answers.json attachment)."""
    values = {
        name: number_format(limit, force_grouping=True)
        for name, limit in (
            ("comment", COMMENT_MAX_LENGTH),
            ("justification", JUSTIFICATION_MAX_LENGTH),
            ("total", settings.REPORT_FREE_TEXT_MAX_CHARS),
        )
    }
    if issued:
        return (
            gettext(
                "Texts ending in “…” are shortened: this report shows at most %(comment)s "
                "characters of a comment, %(justification)s of an N/A justification and "
                "%(total)s of such texts in all. The full texts are in the questionnaire and "
                "in the answers.json file attached to this PDF."
            )
            % values
        )
    return (
        gettext(
            "Texts ending in “…” are shortened: this report shows at most %(comment)s "
            "characters of a comment, %(justification)s of an N/A justification and %(total)s "
            "of such texts in all. The full texts are in the questionnaire."
        )
        % values
    )


def evidence_names(assessment: Assessment) -> dict[int, list[str]]:
    """What supports each answer: its register documents that count on the scoring date, then
    its files in upload order (two queries)."""
    names: dict[int, list[str]] = defaultdict(list)
    counting = document_counts(scoring_date(assessment))
    for link in (
        DocumentLink.objects.filter(counting, answer__assessment=assessment)
        .select_related("document")
        .order_by("linked_at", "pk")
    ):
        names[link.answer_id].append(str(link.document))
    for answer_id, name in (
        Evidence.objects.filter(answer__assessment=assessment)
        .order_by("uploaded_at", "pk")
        .values_list("answer_id", "original_name")
    ):
        names[answer_id].append(name)
    return names


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
    planned = action_lines(assessment, [row.gap.code for row in gap_rows])
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
    budget = FreeTextBudget(settings.REPORT_FREE_TEXT_MAX_CHARS)
    appendix = _appendix(
        results, evidence_names(assessment), {item.code: item.rank for item in gap_items}, budget
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
        shortened_note=shortened_note(issued=bool(report_id)) if budget.cut or long_name else "",
    )
