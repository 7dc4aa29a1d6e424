"""The daily reminder digest: a person's actions due within 7 days or overdue, their sites'
documents expiring within 30 days, and for owners the firm's overdue actions; in their language,
once a day, not to someone who turned it off; the private calendar feed of their due dates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessment import actions
from assessment.models import Profile
from tests.helpers import add_document

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def plan(assessment, owner, editor, viewer, site):
    for person in (owner, editor, viewer):
        person.email = f"{person.username}@example.com"
        person.save()
    rights = assessment.answers.get(criterion__code="RIGHTS-01").criterion
    made = {}
    for name, who, days in [
        ("Overdue of the editor", editor, -2),
        ("Due in 5 days", editor, 5),
        ("Due in 20 days", editor, 20),
        ("Nobody's, overdue", None, -1),
    ]:
        made[name] = actions.action_create(
            assessment=assessment,
            criterion=rights,
            user=owner,
            priority=3,
            title=name,
            owner=who,
            due_on=TODAY + dt.timedelta(days=days),
        )
    add_document(site, owner, title="Water permit", valid_until=TODAY + dt.timedelta(days=25))
    return made


def run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_each_person_gets_what_needs_them(plan, editor, owner):
    run()
    by_person = {message.to[0]: message for message in mail.outbox}

    editors = by_person["editor@example.com"].body
    assert "Overdue of the editor" in editors and "overdue since" in editors
    assert "Due in 5 days" in editors and "Due in 20 days" not in editors
    assert "Water permit" in editors
    owners = by_person["owner@example.com"].body
    assert "Overdue actions of your firm:" in owners
    assert "Nobody's, overdue" in owners and "Overdue of the editor" in owners
    assert "viewer@example.com" not in by_person  # nothing of theirs, and viewers get no documents
    assert by_person["editor@example.com"].subject == "MineReady: 3 items need you"


def test_it_sends_once_a_day(plan):
    first, second = run(), run()
    assert len(mail.outbox) == 2
    assert "2 sent" in first and "0 sent" in second and "already_sent editor" in second


def test_a_dry_run_prints_and_sends_nothing(plan):
    out = run("--dry-run")
    assert "would_send editor editor@example.com actions=2 documents=1" in out
    assert "Overdue of the editor" in out
    assert mail.outbox == []
    run()
    assert len(mail.outbox) == 2  # the dry run recorded nothing


def test_the_digest_is_in_the_persons_language(plan, editor):
    Profile.objects.update_or_create(user=editor, defaults={"language": "zh-hans"})
    run()
    body = next(m.body for m in mail.outbox if m.to == ["editor@example.com"])
    assert "您" in body or "整改" in body
    assert "Your actions due within 7 days" not in body


def test_someone_who_turned_it_off_gets_nothing(login, plan, editor):
    login(editor).post(reverse("assessment:account_settings"), {})  # the box unticked
    assert Profile.objects.get(user=editor).reminders is False
    run()
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


class TestCalendar:
    def link(self, client) -> str:
        client.post(reverse("assessment:account_settings"), {"calendar": "1"})
        return client.get(reverse("assessment:account_settings")).context["feed_url"]

    def test_the_feed_holds_the_persons_due_dates(self, client, login, editor, plan):
        url = self.link(login(editor))
        client.logout()
        feed = client.get(url)
        assert feed["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(feed.content).walk("VEVENT")
        assert sorted(str(e["summary"]).split(" (")[0] for e in events) == [
            "Due in 20 days",
            "Due in 5 days",
            "Overdue of the editor",
        ]
        assert {e.decoded("dtstart") for e in events} >= {TODAY + dt.timedelta(days=5)}

    def test_a_new_link_retires_the_old_one_and_guesses_find_nothing(
        self, client, login, editor, plan
    ):
        signed_in = login(editor)
        old = self.link(signed_in)
        new = self.link(signed_in)
        client.logout()
        assert old != new
        assert client.get(old).status_code == 404
        assert client.get(new).status_code == 200
        assert client.get(reverse("assessment:calendar", args=["x" * 40])).status_code == 404
        assert client.get(reverse("assessment:calendar", args=["short"])).status_code == 404
