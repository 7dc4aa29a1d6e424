"""Writes to assessments: start (one draft per site, with carry-over), delete a draft, answer,
attach and remove evidence. Submitting is in submission.py.

Each function is keyword-only and does its whole write in one transaction. The model layer
takes the assessment's row lock first and refuses writes to a submitted assessment; these
functions add the rules of the questionnaire (what a value may be, N/A needs a justification,
whose change wins when two people edit one answer).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from assessment import answer_text, register
from assessment.applicability import NotApplicable, SiteProfile, not_applicable_reason
from assessment.models import (
    Answer,
    Assessment,
    Criterion,
    DocumentLink,
    Evidence,
    FrameworkVersion,
    Site,
)
from assessment.models.assessments import AnswerChangedError
from assessment.overview import latest_assessments, open_draft
from assessment.results import criterion_spec
from assessment.scoring.answers import InvalidAnswer, check_bounds, validate_value
from assessment.stored_files import save_with_file
from assessment.uploads import CheckedUpload

UNCHANGED = object()
DRAFT_EXISTS = gettext_lazy(
    "This site already has a draft: continue it, or delete it to start again."
)


def split_by_applicability(
    criteria: list[Criterion], profile: SiteProfile
) -> tuple[list[Criterion], list[tuple[Criterion, NotApplicable]]]:
    applicable, not_applicable = [], []
    for criterion in criteria:
        reason = not_applicable_reason(criterion.applicability, profile)
        if reason is None:
            applicable.append(criterion)
        else:
            not_applicable.append((criterion, reason))
    return applicable, not_applicable


def site_profile_snapshot(site: Site) -> dict:
    return {
        "stage": site.stage,
        "scale": site.scale,
        "method": site.method,
        "minerals": list(site.minerals),
        "licensed_producing": site.licensed_producing,
    }


def latest_submitted(site: Site) -> Assessment | None:
    return latest_assessments(site, submitted=True).first()


def assessment_start(
    *, site: Site, version: FrameworkVersion, user, carry_over: bool = False
) -> Assessment:
    """A new draft with one empty answer per applicable criterion (optionally carried over)."""
    if version.status != FrameworkVersion.Status.PUBLISHED:
        raise ValidationError(
            _("Assessments use a published framework version."), code="not_published"
        )
    with transaction.atomic():
        Site.objects.select_for_update().filter(pk=site.pk).first()  # one start at a time
        if open_draft(site) is not None:
            raise ValidationError(DRAFT_EXISTS, code="draft_exists")
        assessment = Assessment.objects.create(
            site=site, version=version, profile=site_profile_snapshot(site), created_by=user
        )
        criteria = list(version.criteria.select_related("area"))
        applicable, _skipped = split_by_applicability(criteria, assessment.site_profile())
        previous = latest_submitted(site) if carry_over else None
        carried = _carried_answers(assessment, previous, applicable) if previous else {}
        if previous is not None:
            assessment.carried_from = previous
            assessment.save(update_fields=["carried_from"])
        # With their first history rows, so that an answer's history starts at the start.
        bulk_create_with_history(
            [
                carried.get(criterion.code) or Answer(assessment=assessment, criterion=criterion)
                for criterion in applicable
            ],
            Answer,
            default_user=user,
        )
        if previous is not None:
            _carry_evidence(assessment, previous, carried, user)
    return assessment


def _carry_evidence(
    assessment: Assessment, previous: Assessment, carried: dict[str, Answer], user
) -> None:
    """The evidence files of each answer carried over with its value come along (the same
    stored file), and its register documents still in force: an unchanged answer whose support
    is still valid scores as before."""
    kept = [code for code, answer in carried.items() if answer.carried_over]
    new_answers = dict(
        assessment.answers.filter(criterion__code__in=kept).values_list("criterion__code", "pk")
    )
    copies = [
        Evidence(
            answer_id=new_answers[item.answer.criterion.code],
            file=item.file.name,
            original_name=item.original_name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=item.uploaded_by,
        )
        for item in Evidence.objects.filter(
            answer__assessment=previous, answer__criterion__code__in=kept
        ).select_related("answer__criterion")
    ]
    bulk_create_with_history(copies, Evidence, default_user=user)
    by_previous_answer = {
        pk: Answer(pk=new_answers[code])
        for pk, code in previous.answers.filter(criterion__code__in=kept).values_list(
            "pk", "criterion__code"
        )
    }
    register.links_carry(by_previous_answer, user, timezone.localdate())


def _delete_files_no_longer_named(names: list[str]) -> None:
    """Delete stored evidence files that no evidence row names any more (a carried-over file is
    shared by the assessments that carried it)."""
    still_named = set(Evidence.objects.filter(file__in=names).values_list("file", flat=True))
    storage = Evidence._meta.get_field("file").storage
    for name in set(names) - still_named:
        storage.delete(name)


def assessment_delete(*, assessment: Assessment, user) -> None:
    """Delete a draft with its answers and evidence, each leaving a history row that says who
    deleted it and when. Refused (and nothing removed) once the assessment is submitted."""
    with transaction.atomic():
        evidence = list(Evidence.objects.filter(answer__assessment=assessment))
        links = list(DocumentLink.objects.filter(answer__assessment=assessment))
        answers = list(Answer.objects.filter(assessment=assessment))
        for row in [*evidence, *links, *answers, assessment]:
            row._history_user = user
            row.delete()
        names = [item.file.name for item in evidence]
        transaction.on_commit(lambda: _delete_files_no_longer_named(names))


def _question_changed(old: Criterion, new: Criterion) -> bool:
    """The catalogue revised the question's meaning, or its answer type changed."""
    if old.pk == new.pk:
        return False
    return old.revision != new.revision or old.answer_type != new.answer_type


def _carried_answers(
    assessment: Assessment, previous: Assessment, applicable: list[Criterion]
) -> dict[str, Answer]:
    """Answers of the previous assessment that still fit the criterion with the same code.

    Where the catalogue revised the question (its revision), or its answer type or options
    changed, only the comment comes over and the answer is marked "question changed".
    """
    by_code = {c.code: c for c in applicable}
    carried = {}
    for old in previous.answers.select_related("criterion"):
        criterion = by_code.get(old.criterion.code)
        if criterion is None:
            continue
        changed = _question_changed(old.criterion, criterion)
        value = None
        if not changed and old.value is not None and not old.is_na:
            try:
                value = _stored(
                    validate_value(criterion_spec(criterion, with_area=False), old.value)
                )
            except InvalidAnswer:  # the options or the scale changed: ask again
                changed = True
        if changed and (old.is_answered or old.comment):
            carried[criterion.code] = Answer(
                assessment=assessment,
                criterion=criterion,
                comment=old.comment,
                question_changed=True,
            )
        elif old.is_answered and (criterion.allows_na or not old.is_na):
            carried[criterion.code] = Answer(
                assessment=assessment,
                criterion=criterion,
                value=value,
                is_na=old.is_na,
                na_justification=old.na_justification,
                comment=old.comment,
                carried_over=True,
            )
    return carried


def _stored(value: object) -> object:
    """Values as JSON keeps them: numbers as their exact decimal string."""
    if value is None or isinstance(value, str | int) and not isinstance(value, bool):
        return value
    return format(value, "f")


class AnswerError(ValidationError):
    pass


def clean_answer_value(criterion: Criterion, raw: object) -> object:
    """The stored form of a user's value, or AnswerError with a translated message."""
    spec = criterion_spec(criterion, with_area=False)
    try:
        value = validate_value(spec, raw)
        numeric = (Criterion.AnswerType.PERCENT, Criterion.AnswerType.NUMBER)
        if value is not None and criterion.answer_type in numeric:
            check_bounds(spec, value, raw)
    except InvalidAnswer as error:
        raise AnswerError(_answer_message(error), code=error.reason) from error
    return _stored(value)


def _answer_message(error: InvalidAnswer) -> str:
    low, high = (None if b is None else answer_text.number_text(b) for b in error.bounds)
    if error.reason == "out_of_range" and low is not None and high is not None:
        return _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}
    if error.reason == "out_of_range" and low is not None:
        return _("Enter a number of at least %(low)s.") % {"low": low}
    if error.reason == "out_of_range" and high is not None:
        return _("Enter a number of at most %(high)s.") % {"high": high}
    reason = error.reason
    return {
        "unknown_value": _("Choose one of the offered answers."),
        "unknown_option": _("Choose one of the offered options."),
        "not_a_number": _("Enter a number."),
        "not_finite": _("Enter a finite number."),
        "not_an_integer": _("Choose a whole maturity level from 0 to 4."),
        "not_whole": _("Enter a whole number."),
        "out_of_range": _("The value is out of range."),
    }.get(reason, _("This answer is not valid."))


ANSWER_PARTS = ("value", "is_na", "na_justification", "comment")


class AnswerConflict(ValidationError):
    """The person changed parts of an answer that someone else changed differently since the
    person's form was loaded. Nothing was saved. `answer` is the stored answer (its version is
    the one to send to keep the person's text), `mine` the person's cleaned parts, `parts` the
    conflicting ones and `changed` all the parts the person changed."""

    def __init__(
        self, *, answer: Answer, parts: list[str], changed: list[str], mine: dict[str, object]
    ) -> None:
        super().__init__(
            _("Someone else changed this answer since you opened it."),
            code="conflict",
        )
        self.answer = answer
        self.parts = parts
        self.changed = changed
        self.mine = mine


def answer_parts(answer: Answer) -> dict[str, object]:
    return {name: getattr(answer, name) for name in ANSWER_PARTS}


def merge_answer_parts(
    base: dict[str, object] | None, stored: dict[str, object], mine: dict[str, object]
) -> tuple[dict[str, object], list[str]]:
    """Which of the person's parts to write, and which conflict, from the answer they loaded
    (`base`, None when unknown), the stored one, and theirs: a part they left as loaded keeps
    the stored value; a part they changed is written unless someone else changed it too."""
    changes, conflicts = {}, []
    for name, value in mine.items():
        if value == stored[name] or base is not None and value == base[name]:
            continue
        if base is not None and stored[name] == base[name]:
            changes[name] = value
        else:
            conflicts.append(name)
    return changes, conflicts


def answer_as_loaded(answer: Answer, version: int) -> dict[str, object] | None:
    """The parts of `answer` as they were at `version`, from its history."""
    return (
        answer.history.filter(version=version)
        .order_by("-history_date", "-history_id")
        .values(*ANSWER_PARTS)
        .first()
    )


def answer_save(
    *,
    answer: Answer,
    user,
    value: object = UNCHANGED,
    is_na: bool | None = None,
    na_justification: str | None = None,
    comment: str | None = None,
    confirm: bool = False,
    loaded_version: int | None = None,
) -> Answer:
    """Change the parts of an answer that are given. Any change or a confirm ends "carried over".

    `loaded_version` is the answer's version when the person's form was loaded. If the stored
    answer has changed since, only the parts the person changed are written, and a part that
    someone else changed too is refused (AnswerConflict, nothing written); without it the given
    parts are written as given. A save that changes nothing is still written (and kept in the
    history, as a save or a confirm of what is there).

    Answer.save takes the assessment's row lock, refuses a submitted assessment, writes the
    history row in the same transaction, and refuses a save from a version that is no longer
    stored: the answer is then read again and merged again.
    """
    criterion = answer.criterion
    mine: dict[str, object] = {}
    if value is not UNCHANGED:
        mine["value"] = clean_answer_value(criterion, value)
    if is_na is not None:
        if is_na and not criterion.allows_na:
            raise AnswerError(_("This criterion cannot be marked N/A."), code="na_not_allowed")
        mine["is_na"] = is_na
    if na_justification is not None:
        mine["na_justification"] = na_justification.strip()
    if comment is not None:
        mine["comment"] = comment.strip()
    for _attempt in range(3):
        stored = answer_parts(answer)
        if loaded_version is None or loaded_version == answer.version:
            base = stored
        else:
            base = answer_as_loaded(answer, loaded_version)
        changes, conflicts = merge_answer_parts(base, stored, mine)
        if conflicts:
            loaded = base if base is not None else stored
            changed = [name for name, part in mine.items() if part != loaded[name]]
            raise AnswerConflict(answer=answer, parts=conflicts, changed=changed, mine=mine)
        for name, part in changes.items():
            setattr(answer, name, part)
        if answer.is_na and not answer.na_justification:
            raise AnswerError(_("Say why this criterion does not apply."), code="na_justification")
        answer.carried_over = False
        if answer.value is not None or answer.is_na:
            answer.question_changed = False
        answer.updated_by = user
        try:
            answer.save()
        except AnswerChangedError:
            # Written by someone else after this answer was read: read it again and merge.
            answer.refresh_from_db(
                fields=[
                    *ANSWER_PARTS,
                    "carried_over",
                    "question_changed",
                    "version",
                    "updated_by",
                    "updated_at",
                ]
            )
            continue
        return answer
    raise AnswerChangedError()


def evidence_attach(
    *, answer: Answer, user, upload: UploadedFile, checked: CheckedUpload | None = None
) -> Evidence:
    """Store an evidence file under a generated name, after checking its content (unless the
    caller's form already did: `checked`)."""
    with transaction.atomic():
        return save_with_file(Evidence(answer=answer, uploaded_by=user), upload, checked)


def evidence_remove(*, evidence: Evidence) -> None:
    with transaction.atomic():
        evidence.delete()  # refused (and nothing removed) when the assessment is locked
        name = evidence.file.name
        transaction.on_commit(lambda: _delete_files_no_longer_named([name]))
