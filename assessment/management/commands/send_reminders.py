"""`manage.py send_reminders [--dry-run]`: the day's reminder digests (assessment/reminders.py),
once a day per person; --dry-run prints what would be sent and sends nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from assessment.reminders import digest_message, send_reminders


class Command(BaseCommand):
    help = "Send the day's reminder digests (once a day per person)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="print, send nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        today = timezone.localdate()
        outcome = send_reminders(today, dry_run=dry_run)
        for digest, status in outcome:
            user = digest.user
            self.stdout.write(
                f"{status} {user.get_username()} {user.email} actions={len(digest.due)} "
                f"documents={len(digest.expiring)} firm_overdue={len(digest.firm_overdue)}"
            )
            if dry_run:
                subject, body = digest_message(digest, today, settings.SITE_URL.rstrip("/"))
                self.stdout.write(f"  {subject}")
                self.stdout.write("\n".join(f"  {line}" for line in body.splitlines()))
        sent = sum(status == "sent" for _digest, status in outcome)
        self.stdout.write(f"{sent} sent, {len(outcome) - sent} not sent ({today.isoformat()})")
