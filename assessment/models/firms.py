"""Firms (the tenants), their members and their mine sites."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.applicability import mineral_names
from assessment.language import current_language
from assessment.limits import NAME_MAX_LENGTH
from assessment.minerals import is_strategic, scale_band
from assessment.models.fields import person_field
from assessment.provinces import province_name


class Firm(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("firm")
        verbose_name_plural = _("firms")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        EDITOR = "editor", _("editor")
        VIEWER = "viewer", _("viewer")

    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("firm")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["firm", "user__username"]
        constraints = [models.UniqueConstraint(fields=["firm", "user"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.firm} ({self.role})"

    @property
    def can_write(self) -> bool:
        return self.role in (self.Role.OWNER, self.Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class Site(models.Model):
    class Method(models.TextChoices):
        OPEN_PIT = "open_pit", _("open-pit")
        UNDERGROUND = "underground", _("underground")
        BOTH = "both", _("open-pit and underground")
        WELLS = "wells", _("wells (oil, gas, coalbed methane)")
        BRINE = "brine", _("brine (salt lake, underground brine)")
        IN_SITU_LEACHING = "in_situ_leaching", _("in-situ leaching")
        NONE = "none", _("none (exploration)")

    class Stage(models.TextChoices):
        EXPLORATION = "exploration", _("exploration")
        CONSTRUCTION = "construction", _("construction")
        PRODUCTION = "production", _("production")
        CLOSURE = "closure", _("closure")

    class Scale(models.TextChoices):
        LARGE = "large", _("large")
        MEDIUM = "medium", _("medium")
        SMALL = "small", _("small")

    class ScaleSource(models.TextChoices):
        ENTERED = "entered", _("entered")
        DERIVED = "derived", _("derived from mineral, method and capacity")

    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="sites", verbose_name=_("firm")
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    province = models.CharField(_("province"), max_length=100)
    minerals = models.JSONField(_("minerals"), default=list)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.PRODUCTION
    )
    method = models.CharField(_("mining method"), max_length=16, choices=Method.choices)
    annual_capacity = models.DecimalField(
        _("annual capacity"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In the unit of the national scale table (usually 10⁴ t/yr)."),
    )
    # Empty for an exploration project: the national table classifies mines, not projects.
    scale = models.CharField(
        _("production scale"), max_length=10, choices=Scale.choices, blank=True
    )
    scale_source = models.CharField(
        _("scale source"), max_length=10, choices=ScaleSource.choices, default=ScaleSource.ENTERED
    )
    licensed_producing = models.BooleanField(_("licensed and producing"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["firm", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    @property
    def strategic(self) -> bool:
        return is_strategic(self.minerals)

    @property
    def province_label(self) -> str:
        """The province's name in the active language."""
        return province_name(self.province, current_language())

    @property
    def mineral_labels(self) -> list[str]:
        """The minerals' names in the active language, primary mineral first."""
        return mineral_names(self.minerals, current_language())

    @property
    def scale_row_unconfirmed(self) -> bool:
        """A derived scale read from a row of the national table that is not confirmed."""
        if self.scale_source != self.ScaleSource.DERIVED or not self.primary_mineral:
            return False
        band = scale_band(self.primary_mineral, self.method)
        return band is not None and not band.verified

    @property
    def primary_mineral(self) -> str | None:
        return self.minerals[0] if self.minerals else None


class Invitation(models.Model):
    """An owner's offer of a role in the firm to an email address.

    Nobody becomes a member until the person who reads that address opens the signed link it was
    sent and accepts, signed in to an account whose email is verified (or creating one there).
    """

    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("firm")
    )
    email = models.EmailField(_("email"))  # stored lower-case
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices)
    invited_by = person_field(_("invited by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = person_field(_("accepted by"), blank=True)

    class Meta:
        ordering = ["firm", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="unique_open_invitation",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.firm} ({self.role})"
