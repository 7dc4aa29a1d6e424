"""The criteria catalogue: frameworks, their versions, areas and criteria.

A version is a draft (editable), published (frozen forever) or retired (frozen, no longer
offered for new assessments). Freezing is enforced here, in the model layer, so that the admin,
commands and any other caller are all refused the same way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.applicability import applicability_problems
from assessment.limits import LEGAL_ARTICLE_MAX_LENGTH, LEGAL_DOCUMENT_MAX_LENGTH
from assessment.scoring.criteria import parameter_problems


class FrozenVersionError(ValidationError):
    """A write to a published or retired framework version."""

    def __init__(self, version: FrameworkVersion | None = None) -> None:
        label = f"{version.framework.code} {version.version}" if version else ""
        super().__init__(
            _("Version %(label)s is %(status)s and cannot be changed; clone it into a new draft.")
            % {"label": label, "status": version.get_status_display() if version else ""},
            code="frozen",
        )


class Framework(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class VersionQuerySet(models.QuerySet):
    def published(self) -> VersionQuerySet:
        return self.filter(status=FrameworkVersion.Status.PUBLISHED)

    def newest_first(self) -> VersionQuerySet:
        return self.order_by("-published_at", "-pk")


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        RETIRED = "retired", _("retired")

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="versions", verbose_name=_("framework")
    )
    version = models.CharField(_("version"), max_length=32)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cloned_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clones",
        verbose_name=_("cloned from"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["framework__code", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "version"], name="unique_version_label")
        ]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")

    def __str__(self) -> str:
        return f"{self.framework.code} {self.version} ({self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        stored = self.stored_status()
        if stored and stored != self.Status.DRAFT:
            # The only change a frozen version accepts is published -> retired.
            retiring = stored == self.Status.PUBLISHED and self.status == self.Status.RETIRED
            if not retiring or kwargs.get("update_fields") not in (["status"], ("status",)):
                raise FrozenVersionError(self)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_status() not in (None, self.Status.DRAFT):
            raise FrozenVersionError(self)
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return FrameworkVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()


class FrozenGuardQuerySet(models.QuerySet):
    """Bulk writes are refused when they would touch a frozen version."""

    version_path = "version"

    def _touches_frozen(self) -> bool:
        return self.exclude(
            **{f"{self.version_path}__status": FrameworkVersion.Status.DRAFT}
        ).exists()

    def update(self, **kwargs) -> int:
        if self._touches_frozen():
            raise FrozenVersionError()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_frozen():
            raise FrozenVersionError()
        return super().delete()


class VersionChildModel(models.Model):
    """An area or criterion: part of a version, writable only while the version is a draft."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_if_frozen(self) -> None:
        version = FrameworkVersion.objects.filter(pk=self.version_id).only("status").first()
        if version is not None and version.is_frozen:
            raise FrozenVersionError(self.version)


class Area(VersionChildModel):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="areas", verbose_name=_("version")
    )
    code = models.CharField(_("code"), max_length=32)
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    objects = FrozenGuardQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_area_code")]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Criterion(VersionChildModel):
    class AnswerType(models.TextChoices):
        YES_NO = "yes_no", _("yes / no")
        YES_PARTIAL_NO = "yes_partial_no", _("yes / partial / no")
        MATURITY = "maturity", _("maturity level 0–4")
        PERCENT = "percent", _("percent")
        NUMBER = "number", _("number")
        CHOICE = "choice", _("choice")

    class Force(models.TextChoices):
        LAW = "law", _("law")
        STANDARD = "standard", _("standard")
        POLICY = "policy", _("policy")
        PRACTICE = "practice", _("practice")

    version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("version"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("area")
    )
    code = models.CharField(_("code"), max_length=32)
    revision = models.PositiveSmallIntegerField(
        _("question revision"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Raise it when the question's meaning changes: an assessment moving to this version "
            "then asks it again instead of carrying the earlier answer over."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("requirement"))
    guidance = models.TextField(_("guidance"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=20, choices=AnswerType.choices)
    parameters = models.JSONField(_("answer parameters"), default=dict, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    force = models.CharField(_("legal force"), max_length=16, choices=Force.choices)
    gate = models.BooleanField(_("gate (knock-out item)"), default=False)
    allows_na = models.BooleanField(_("allows N/A"), default=False)
    evidence_expected = models.BooleanField(_("evidence expected"), default=False)
    evidence = models.TextField(_("expected evidence"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    legal_document = models.CharField(
        _("legal document"), max_length=LEGAL_DOCUMENT_MAX_LENGTH, blank=True
    )
    legal_article = models.CharField(_("article"), max_length=LEGAL_ARTICLE_MAX_LENGTH, blank=True)
    applies_to_stages = models.JSONField(_("applies to stages"), default=list, blank=True)
    applies_to_scales = models.JSONField(_("applies to scales"), default=list, blank=True)
    applies_to_methods = models.JSONField(_("applies to mining methods"), default=list, blank=True)
    applies_to_minerals = models.JSONField(_("applies to minerals"), default=list, blank=True)
    strategic_only = models.BooleanField(_("strategic-mineral sites only"), default=False)
    licensed_producing_only = models.BooleanField(
        _("licensed-and-producing sites only"), default=False
    )
    remediation = models.TextField(_("remediation advice"), blank=True)

    objects = FrozenGuardQuerySet.as_manager()

    class Meta:
        ordering = ["version", "area__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_criterion_code")
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.code

    @property
    def applicability(self) -> dict:
        return {
            "stages": list(self.applies_to_stages or []),
            "scales": list(self.applies_to_scales or []),
            "methods": list(self.applies_to_methods or []),
            "minerals": list(self.applies_to_minerals or []),
            "strategic_only": self.strategic_only,
            "licensed_producing_only": self.licensed_producing_only,
        }

    def clean(self) -> None:
        super().clean()
        # The weight's bounds are its field's validators (full_clean runs them): checking them
        # here again would say the same error twice.
        problems = parameter_problems(self.answer_type, self.parameters) + applicability_problems(
            self.applicability
        )
        if self.area_id and self.version_id and self.area.version_id != self.version_id:
            problems.append(("area", str(_("The area belongs to another version."))))
        if problems:
            errors: dict[str, list[ValidationError]] = {}
            for field, message in problems:
                # params keep which part of the field a problem is about, so that a form with a
                # field for each part (the admin's) shows it there.
                error = ValidationError(
                    "%(field)s: %(message)s",
                    code="invalid",
                    params={"field": field, "message": message},
                )
                errors.setdefault(_model_field_of(field), []).append(error)
            raise ValidationError(errors)


def _model_field_of(problem_field: str) -> str:
    """The model field a library problem ("parameters.target", "applicability.scales") is about."""
    head, _dot, rest = problem_field.partition(".")
    if head == "applicability":
        key = rest or "scales"
        return key if key.endswith("_only") else f"applies_to_{key}"
    return head
