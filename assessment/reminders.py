"""The daily reminder digest: for each person, their actions due within 7 days or overdue, the
documents of their firms' sites expiring within 30 days, and for owners the firm's overdue
actions; in the person's language, once a day at most (ReminderSent), never to someone who
turned it off on their settings page."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.action_rules import ACTIVE
from assessment.models import Action, Document, Membership, Profile, ReminderSent

logger = logging.getLogger(__name__)
ACTIONS_WITHIN_DAYS = 7
DOCUMENTS_WITHIN_DAYS = 30


@dataclass
class Digest:
    user: object
    language: str
    due: list[Action] = field(default_factory=list)
    expiring: list[Document] = field(default_factory=list)
    firm_overdue: list[Action] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.due or self.expiring or self.firm_overdue)


def digests(today: date) -> list[Digest]:
    """Every person's digest of the day that has something in it (five queries)."""
    people = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .distinct()
    }
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=people)}
    result: dict[int, Digest] = {}
    for pk, user in people.items():
        profile = profiles.get(pk)
        if profile is not None and not profile.reminders:
            continue
        language = (profile.language if profile else "") or settings.LANGUAGE_CODE
        result[pk] = Digest(user=user, language=language)
    roles: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for user_id, firm_id, role in Membership.objects.filter(user_id__in=result).values_list(
        "user_id", "firm_id", "role"
    ):
        roles[user_id].append((firm_id, role))
    soon = today + timedelta(days=ACTIONS_WITHIN_DAYS)
    overdue_by_firm: dict[int, list[Action]] = defaultdict(list)
    for action in (
        Action.objects.filter(status__in=ACTIVE, due_on__lte=soon)
        .select_related("site", "owner")
        .order_by("due_on", "pk")
    ):
        firm_id = action.site.firm_id
        if action.owner_id in result and any(f == firm_id for f, _r in roles[action.owner_id]):
            result[action.owner_id].due.append(action)
        if action.due_on < today:
            overdue_by_firm[action.site.firm_id].append(action)
    expiring_by_firm: dict[int, list[Document]] = defaultdict(list)
    for document in (
        Document.objects.filter(
            valid_until__gte=today, valid_until__lte=today + timedelta(days=DOCUMENTS_WITHIN_DAYS)
        )
        .select_related("site")
        .order_by("valid_until", "pk")
    ):
        expiring_by_firm[document.site.firm_id].append(document)
    for user_id, digest in result.items():
        for firm_id, role in roles[user_id]:
            membership = Membership(role=role)
            if membership.can_write:
                digest.expiring += expiring_by_firm[firm_id]
            if membership.is_owner:
                digest.firm_overdue += [
                    a for a in overdue_by_firm[firm_id] if a.owner_id != user_id
                ]
    return [digest for digest in result.values() if digest]


def _action_line(action: Action, today: date) -> str:
    values = {"title": action.title, "site": action.site.name, "due": date_format(action.due_on)}
    if action.due_on < today:
        return _("- %(title)s (%(site)s): overdue since %(due)s") % values
    return _("- %(title)s (%(site)s): due %(due)s") % values


def digest_message(digest: Digest, today: date, site_url: str) -> tuple[str, str]:
    """The digest's subject and body, in the person's language."""
    with translation.override(digest.language):
        lines = [
            _("Good morning. What needs you at MineReady today, %(date)s:")
            % {"date": date_format(today)}
        ]
        if digest.due:
            lines += ["", _("Your actions due within 7 days or overdue:")]
            lines += [_action_line(action, today) for action in digest.due]
        if digest.expiring:
            lines += ["", _("Documents expiring within 30 days:")]
            lines += [
                _("- %(document)s (%(site)s): last valid day %(date)s")
                % {
                    "document": document,
                    "site": document.site.name,
                    "date": date_format(document.valid_until),
                }
                for document in digest.expiring
            ]
        if digest.firm_overdue:
            lines += ["", _("Overdue actions of your firm:")]
            lines += [
                _action_line(action, today)
                + (f" · {action.owner.get_username()}" if action.owner else "")
                for action in digest.firm_overdue
            ]
        lines += [
            "",
            _("Your actions: %(link)s") % {"link": site_url + reverse("assessment:dashboard")},
            _("Turn these emails off on your settings page: %(link)s")
            % {"link": site_url + reverse("assessment:account_settings")},
        ]
        count = len(digest.due) + len(digest.expiring) + len(digest.firm_overdue)
        subject = ngettext(
            "MineReady: %(n)d item needs you", "MineReady: %(n)d items need you", count
        ) % {"n": count}
    return subject, "\n".join(lines)


def send_reminders(today: date, *, dry_run: bool = False) -> list[tuple[Digest, str]]:
    """Send the day's digests not sent yet (idempotent per day); `dry_run` sends and records
    nothing. Returns each digest with what happened to it: sent, already_sent, would_send,
    failed."""
    outcome = []
    site_url = settings.SITE_URL.rstrip("/")
    for digest in digests(today):
        if ReminderSent.objects.filter(user=digest.user, day=today).exists():
            outcome.append((digest, "already_sent"))
            continue
        if dry_run:
            outcome.append((digest, "would_send"))
            continue
        subject, body = digest_message(digest, today, site_url)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=digest.user, day=today)
                send_mail(subject, body, None, [digest.user.email])
        except IntegrityError:  # another run sent it meanwhile
            outcome.append((digest, "already_sent"))
        except Exception:
            logger.exception("could not send the reminder digest to user %s", digest.user.pk)
            outcome.append((digest, "failed"))
        else:
            outcome.append((digest, "sent"))
    return outcome
