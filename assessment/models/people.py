"""Per-user preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    # The address the person proved to own (by a link sent to it); the account's email counts
    # for invitations only while it equals this one.
    verified_email = models.EmailField(_("verified email"), blank=True)
    reminders = models.BooleanField(
        _("daily reminder email"),
        default=True,
        help_text=_(
            "A morning email on days when an action of yours is due within 7 days or overdue, "
            "or a document of your sites expires within 30 days."
        ),
    )
    # The private part of the person's calendar feed URL; empty until they ask for the feed.
    calendar_token = models.CharField(_("calendar token"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)


class ReminderSent(models.Model):
    """The day's reminder digest went to this person: send_reminders sends one a day at most."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
