"""Scoring results for people, in the active language: band names, answer statuses, the reasons
for a band as sentences, numbers as people read them, and the charts of a result.

Pages, the PDF report and commands use these, so a band or a reason reads the same everywhere.
Scores (0..100 scores, a criterion's s, their changes) always read with two decimals, cut, never
rounded up: a shown 85.00 always means the exact score reached 85 (``score_text``). Other numbers
(priorities, weighted sums) are printed as the scoring rules give them, trailing zeros dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.language import current_language
from assessment.limits import NAME_MAX_LENGTH
from assessment.results import AssessmentResults
from assessment.scoring.bands import BandReason
from assessment.scoring.vocabulary import ANSWERED, NA, UNANSWERED
from reports import charts

BAND_LABELS: Mapping[str, Promise] = {
    "ready": gettext_lazy("ready"),
    "largely_ready": gettext_lazy("largely ready"),
    "partially_ready": gettext_lazy("partially ready"),
    "not_ready": gettext_lazy("not ready"),
}

# The colour of each band on pages (Bootstrap's contextual colours); charts.py has the SVG's.
BAND_CLASSES: Mapping[str, str] = {
    "ready": "success",
    "largely_ready": "primary",
    "partially_ready": "warning",
    "not_ready": "danger",
}

STATUS_LABELS: Mapping[str, Promise] = {
    ANSWERED: gettext_lazy("answered"),
    UNANSWERED: gettext_lazy("unanswered"),
    NA: gettext_lazy("N/A"),
}


def band_label(band: str | None) -> str:
    if band is None:
        return _("no score")
    return str(BAND_LABELS.get(band, band))


def status_label(status: str | None) -> str:
    if status is None:
        return _("not assessed")
    return str(STATUS_LABELS.get(status, status))


def decimal_of(value: float | int | Decimal) -> Decimal:
    """The decimal a floored float stands for (its shortest repr), trailing zeros dropped."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if number == 0:
        return Decimal(0)  # no "-0", no "0E-4"
    number = number.normalize()
    exponent = number.as_tuple().exponent
    return number.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else number


def number_text(value: float | int | Decimal | None) -> str:
    """72.5 -> "72.5", 100.0 -> "100", 0.3333 -> "0.3333"; None -> "—"."""
    if value is None:
        return "—"
    return number_format(decimal_of(value), use_l10n=True)


SCORE_DECIMALS = Decimal("0.01")


def score_text(value: float | int | Decimal | None, *, signed: bool = False) -> str:
    """A score with exactly two decimals, cut towards zero (never rounded up): 72.5 -> "72.50",
    100 -> "100.00", 0.3333 -> "0.33"; None -> "—". ``signed`` adds "+" to positive changes."""
    if value is None:
        return "—"
    number = decimal_of(value).quantize(SCORE_DECIMALS, rounding=ROUND_DOWN)
    if number == 0:
        number = Decimal("0.00")  # no "-0.00" for a change cut to nothing
    text = number_format(number, decimal_pos=2, use_l10n=True)
    return f"+{text}" if signed and number > 0 else text


def percent_text(share: float | None) -> str:
    """A share in 0..1 as a number of percent: 0.75 -> "75", 0.3333 -> "33.33"."""
    if share is None:
        return "—"
    return number_text(decimal_of(share) * 100)


def band_reason_text(reason: BandReason, area_names: Mapping[str, str]) -> str:
    """One reason for the band as a sentence, e.g. "Gate criterion RIGHTS-01 is not fully met
    (score 0.5), which caps the band at partially ready."."""
    band = band_label(reason.band)
    area = area_names.get(reason.area or "", reason.area or "")
    values = {
        "band": band,
        "code": reason.code,
        "area": area,
        "score": score_text(reason.value),
        "threshold": reason.threshold,
    }
    if reason.kind == "score":
        if reason.band == "not_ready":
            return _("The overall score of %(score)s is below 50: %(band)s.") % values
        return _("The overall score of %(score)s is at least %(threshold)s: %(band)s.") % values
    if reason.kind == "failed_gate":
        if reason.status == UNANSWERED:
            return (
                _(
                    "Gate criterion %(code)s (%(area)s) is unanswered and so failed, which caps "
                    "the band at %(band)s."
                )
                % values
            )
        return (
            _(
                "Gate criterion %(code)s (%(area)s) failed with a score of %(score)s (below 1), "
                "which caps the band at %(band)s."
            )
            % values
        )
    if reason.kind == "law_zero":
        if reason.status == UNANSWERED:
            return (
                _(
                    "Law criterion %(code)s (%(area)s) is unanswered and so scores 0, which caps "
                    "the band at %(band)s."
                )
                % values
            )
        return (
            _("Law criterion %(code)s (%(area)s) scores 0, which caps the band at %(band)s.")
            % values
        )
    if reason.kind == "area_below_60":
        return (
            _(
                "Area %(area)s scores %(score)s, below %(threshold)s, which caps the band at "
                "%(band)s."
            )
            % values
        )
    if reason.kind == "no_score":
        return _("Every applicable criterion is N/A, so there is no score and no band.")
    return reason.kind


ELLIPSIS = "…"


def shortened(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its start and "…" in ``limit``
    characters (just "…" for a limit of 0: something was there)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def name_text(name: str) -> str:
    """A firm's or site's name as reports print it: names stored before the length limit
    existed may be longer, and are shortened."""
    return shortened(name, NAME_MAX_LENGTH)


def list_text(items: Sequence[str]) -> str:
    """Items in a run of text: "A, B, C"; in Chinese "A、B、C"."""
    separator = "、" if current_language() == "zh-hans" else ", "
    return separator.join(items)


# Reasons of these kinds that share a band cap and a status read as one sentence.
GROUPED_REASONS = ("failed_gate", "law_zero")


def band_reason_items(reasons: Sequence[BandReason], area_names: Mapping[str, str]) -> list[dict]:
    """The reasons for the band as the results page and the report list them: one sentence
    per reason, except that failed gates, or law criteria at 0, with the same band cap and
    status share one sentence naming every criterion ("Gate criteria A (0), B (0.5) failed
    ..."), so that a large assessment's summary stays short. Each item has the ``text`` and
    the first ``reason`` of its sentence (its kind, band and whether it lowers the band)."""
    groups: dict[tuple, list[BandReason]] = {}
    for position, reason in enumerate(reasons):
        if reason.kind in GROUPED_REASONS:
            key = (reason.kind, reason.status == UNANSWERED, reason.band)
        else:
            key = (position,)  # a sentence of its own
        groups.setdefault(key, []).append(reason)
    items = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            text = band_reason_text(first, area_names)
        else:
            text = _grouped_reason_text(group)
        items.append({"reason": first, "text": text})
    return items


def _grouped_reason_text(group: Sequence[BandReason]) -> str:
    first = group[0]
    unanswered = first.status == UNANSWERED
    values = {"band": band_label(first.band)}
    if first.kind == "failed_gate" and not unanswered:
        values["codes"] = list_text([f"{r.code} ({score_text(r.value)})" for r in group])
        return (
            _(
                "Gate criteria %(codes)s failed with scores below 1, which caps the band at "
                "%(band)s."
            )
            % values
        )
    values["codes"] = list_text([r.code or "" for r in group])
    if first.kind == "failed_gate":
        return (
            _(
                "Gate criteria %(codes)s are unanswered and so failed, which caps the band at "
                "%(band)s."
            )
            % values
        )
    if unanswered:
        return (
            _(
                "Law criteria %(codes)s are unanswered and so score 0, which caps the band at "
                "%(band)s."
            )
            % values
        )
    return _("Law criteria %(codes)s score 0, which caps the band at %(band)s.") % values


def area_chart(results: AssessmentResults, *, id_prefix: str = "area-chart") -> str:
    """The area scores of a result as an SVG bar chart (markup, already escaped)."""
    names = results.area_names
    return charts.area_bar_chart(
        [
            charts.Bar(
                label=names.get(area.code, area.code),
                value=area.score,
                value_text=score_text(area.score) if area.score is not None else _("no score"),
            )
            for area in results.score.areas
        ],
        title=_("Area scores"),
        description=_(
            "Score of each area from 0 to 100; dashed lines mark 60 (below it an area caps the "
            "band at largely ready) and 85 (ready)."
        ),
        id_prefix=id_prefix,
        css_class="img-fluid",
    )


def overall_gauge(
    results: AssessmentResults, *, caption: str | None = None, id_prefix: str = "overall-gauge"
) -> str:
    """The overall score of a result as an SVG gauge in the colour of its band (markup, already
    escaped). The caption under the number is the band unless another one is given."""
    score = results.score
    return charts.score_gauge(
        score.overall,
        value_text=score_text(score.overall),
        caption=band_label(score.band) if caption is None else caption,
        title=_("Overall score"),
        band=score.band,
        description=_("Overall score %(score)s out of 100; band: %(band)s.")
        % {"score": score_text(score.overall), "band": band_label(score.band)},
        id_prefix=id_prefix,
        css_class="img-fluid",
    )
