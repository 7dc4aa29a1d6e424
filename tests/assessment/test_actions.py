"""Actions from gaps: created prefilled from the criterion, in one step for a whole plan,
changed by status moves with history, listed in plans people can filter, on the dashboard and
beside each gap of the results page; `manage.py actions` prints them."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from assessment import actions, submission
from assessment.models import Action
from tests.helpers import FULL_ANSWERS, TODAY, SiteFactory, add_document, answer_all

pytestmark = pytest.mark.django_db  # worked_assessment freezes the date at TODAY


def criterion(assessment, code):
    return assessment.answers.get(criterion__code=code).criterion


@pytest.fixture
def action(worked_assessment, owner, editor):
    return actions.action_create(
        assessment=worked_assessment,
        criterion=criterion(worked_assessment, "RIGHTS-01"),
        user=owner,
        priority=4.5,
        title="Register the mining right",
        owner=editor,
        due_on=TODAY - dt.timedelta(days=3),
    )


class TestCreate:
    def url(self, assessment, code):
        return reverse(
            "assessment:action_new", args=[assessment.pk, criterion(assessment, code).pk]
        )

    def test_the_form_is_prefilled_from_the_criterion(self, login, editor, worked_assessment):
        page = login(editor).get(self.url(worked_assessment, "GREEN-01"))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Fix GREEN-01" in text  # the remediation advice
        assert 'value="2028-12-31"' in text  # the criterion's deadline
        assert "priority 4.5" in text

    def test_posting_creates_the_action_with_the_gaps_priority(
        self, login, editor, worked_assessment
    ):
        response = login(editor).post(
            self.url(worked_assessment, "GREEN-01"),
            {"title": "Raise reclamation", "owner": editor.pk, "due_on": "2027-06-30"},
        )
        action = Action.objects.get()
        assert response["Location"] == reverse("assessment:action_detail", args=[action.pk])
        assert (action.criterion_code, str(action.priority)) == ("GREEN-01", "4.50")
        assert action.site == worked_assessment.site and action.history.get().history_user == editor

    def test_a_question_that_is_no_gap_gets_priority_0(self, login, owner, worked_assessment):
        answer_all(worked_assessment, owner, FULL_ANSWERS)
        client = login(owner)
        page = client.get(self.url(worked_assessment, "GREEN-02"))
        assert "which is not a gap now" in page.content.decode()
        client.post(self.url(worked_assessment, "GREEN-02"), {"title": "Keep it", "owner": ""})
        assert str(Action.objects.get().priority) == "0.00"

    def test_the_owner_must_be_a_member_of_the_firm(self, worked_assessment, owner, outsider):
        with pytest.raises(ValidationError):
            actions.action_create(
                assessment=worked_assessment,
                criterion=criterion(worked_assessment, "GREEN-01"),
                user=owner,
                priority=1,
                title="X",
                owner=outsider,
            )

    def test_viewers_cannot_and_outsiders_see_nothing(
        self, login, viewer, outsider, worked_assessment
    ):
        url = self.url(worked_assessment, "GREEN-01")
        assert login(viewer).get(url).status_code == 403
        assert login(outsider).get(url).status_code == 404


def test_a_plan_for_every_gap_above_a_priority_in_one_step(login, editor, worked_assessment):
    client = login(editor)
    url = reverse("assessment:actions_from_gaps", args=[worked_assessment.pk])
    first = client.post(url, {"min_priority": "3"}, follow=True)
    again = client.post(url, {"min_priority": "0"}, follow=True)

    codes = sorted(Action.objects.values_list("criterion_code", flat=True))
    assert codes == ["GREEN-01", "GREEN-02", "RIGHTS-01", "RIGHTS-02"]
    assert "Created 3 actions for the gaps of priority 3 or more." in first.content.decode()
    assert "Created 1 action for the gaps of priority 0 or more." in again.content.decode()
    assert set(Action.objects.values_list("owner", flat=True)) == {editor.pk}


class TestChange:
    def post(self, client, action, **fields):
        data = {
            "title": action.title,
            "description": action.description,
            "owner": action.owner_id or "",
            "due_on": action.due_on.isoformat() if action.due_on else "",
            "status": action.status,
            "drop_reason": "",
            "documents": [d.pk for d in action.documents.all()],  # as the form shows them ticked
        }
        data.update(fields)
        return client.post(reverse("assessment:action_detail", args=[action.pk]), data)

    def test_an_editor_marks_it_done_with_a_document_and_an_owner_verifies(
        self, login, editor, owner, action, site
    ):
        permit = add_document(site, owner)
        assert (
            self.post(login(editor), action, status="done", documents=[permit.pk]).status_code
            == 302
        )
        refused = self.post(login(editor), Action.objects.get(), status="verified")
        assert "Only the firm&#x27;s owners verify" in refused.content.decode()
        assert self.post(login(owner), Action.objects.get(), status="verified").status_code == 302

        action.refresh_from_db()
        assert action.status == "verified" and list(action.documents.all()) == [permit]
        changes = [(r.status, r.history_user) for r in action.history.order_by("history_date")]
        assert changes == [("open", owner), ("done", editor), ("verified", owner)]

    def test_dropping_asks_why(self, login, editor, action):
        refused = self.post(login(editor), action, status="dropped")
        assert (
            refused.status_code == 400
            and "Say why the action is dropped." in refused.content.decode()
        )
        self.post(login(editor), action, status="dropped", drop_reason="Covered by ENV-01.")
        action.refresh_from_db()
        assert (action.status, action.drop_reason) == ("dropped", "Covered by ENV-01.")

    def test_a_document_of_another_site_is_refused(self, action, editor, owner, firm):
        elsewhere = add_document(SiteFactory(firm=firm, name="Other"), owner)
        with pytest.raises(ValidationError):
            actions.action_update(action=action, user=editor, is_owner=False, documents=[elsewhere])

    def test_progress_notes_say_who_and_when(self, login, editor, action):
        login(editor).post(
            reverse("assessment:action_detail", args=[action.pk]),
            {"note": "1", "text": "Survey ordered."},
        )
        note = action.notes.get()
        assert (note.text, note.author) == ("Survey ordered.", editor)

    def test_viewers_read_but_do_not_change(self, login, viewer, action):
        client = login(viewer)
        assert client.get(reverse("assessment:action_detail", args=[action.pk])).status_code == 200
        assert self.post(client, action, status="done").status_code == 403

    def test_another_firms_action_answers_404(self, login, outsider, action):
        url = reverse("assessment:action_detail", args=[action.pk])
        assert login(outsider).get(url).status_code == 404


class TestPlans:
    @pytest.fixture
    def spread(self, worked_assessment, owner, editor):
        made = {}
        for code, who, days, status in [
            ("RIGHTS-01", editor, -3, "open"),
            ("RIGHTS-02", owner, 10, "in_progress"),
            ("GREEN-01", None, 60, "open"),
            ("GREEN-02", editor, -30, "done"),
        ]:
            made[code] = actions.action_create(
                assessment=worked_assessment,
                criterion=criterion(worked_assessment, code),
                user=owner,
                priority={"RIGHTS-01": 4.5, "RIGHTS-02": 3, "GREEN-01": 4.5, "GREEN-02": 2.5}[code],
                title=f"Close {code}",
                owner=who,
                due_on=TODAY + dt.timedelta(days=days),
            )
            Action.objects.filter(pk=made[code].pk).update(status=status)
        return made

    def codes(self, client, url, **query):
        page = client.get(url, query)
        return [a.criterion_code for a in page.context["page"].object_list]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({}, ["RIGHTS-01", "RIGHTS-02", "GREEN-01"]),  # to do, by due date
            ({"status": "all"}, ["GREEN-02", "RIGHTS-01", "RIGHTS-02", "GREEN-01"]),
            ({"due": "overdue"}, ["RIGHTS-01"]),
            ({"due": "30"}, ["RIGHTS-02"]),
            ({"due": "90"}, ["RIGHTS-02", "GREEN-01"]),
            ({"owner": "none"}, ["GREEN-01"]),
            ({"area": "GREEN"}, ["GREEN-01"]),
            ({"sort": "priority"}, ["RIGHTS-01", "GREEN-01", "RIGHTS-02"]),
        ],
    )
    def test_the_site_plan_filters_and_sorts(self, login, owner, site, spread, query, expected):
        url = reverse("assessment:site_plan", args=[site.pk])
        assert self.codes(login(owner), url, **query) == expected

    def test_my_actions_are_on_the_dashboard_overdue_marked(self, login, editor, spread):
        page = login(editor).get(reverse("assessment:dashboard")).content.decode()
        mine = page[page.index('id="my-actions"') :]
        assert "Close RIGHTS-01" in mine and "overdue" in mine
        assert "Close GREEN-02" not in mine  # done
        assert "Close RIGHTS-02" not in mine  # the owner's

    def test_the_firm_plan_lists_every_site_and_stays_within_the_firm(
        self, login, owner, outsider, firm, spread
    ):
        url = reverse("assessment:firm_plan", args=[firm.pk])
        assert len(self.codes(login(owner), url, status="all")) == 4
        assert login(outsider).get(url).status_code == 404

    def test_each_gap_on_the_results_page_shows_its_action(
        self, login, owner, worked_assessment, spread
    ):
        Action.objects.filter(criterion_code="GREEN-01").delete()
        page = login(owner).get(reverse("reports:results", args=[worked_assessment.pk]))
        text = page.content.decode()
        row = text[text.index('<tr class="gap" data-code="RIGHTS-01"') :]
        assert "editor" in row[: row.index("</tr>")] and "overdue" in row[: row.index("</tr>")]
        green = text[text.index('<tr class="gap" data-code="GREEN-01"') :]
        assert "Create action" in green[: green.index("</tr>")]

    def test_manage_actions_prints_the_gaps_actions_and_the_uncovered_gaps(
        self, worked_assessment, spread
    ):
        Action.objects.filter(criterion_code="GREEN-01").update(status="dropped")
        out = io.StringIO()
        call_command("actions", str(worked_assessment.pk), "--json", stdout=out)
        data = json.loads(out.getvalue())
        assert [(a["code"], a["status"], a["owner"]) for a in data["actions"]] == [
            ("RIGHTS-01", "open", "editor"),
            ("GREEN-01", "dropped", None),
            ("RIGHTS-02", "in_progress", "owner"),
            ("GREEN-02", "done", "editor"),
        ]
        assert data["actions"][0]["due"] == (TODAY - dt.timedelta(days=3)).isoformat()
        assert data["gaps_without_action"] == [{"code": "GREEN-01", "priority": 4.5}]


def test_the_firm_plan_of_2000_actions_is_paginated_in_a_fixed_number_of_queries(
    login, owner, firm, worked_assessment, django_assert_max_num_queries
):
    rights = criterion(worked_assessment, "RIGHTS-01")
    sites = [SiteFactory(firm=firm, name=f"Mine {n}") for n in range(20)]
    Action.objects.bulk_create(
        Action(
            site=sites[n % 20],
            criterion=rights,
            criterion_code=rights.code,
            title=f"Action {n}",
            owner=owner,
            due_on=TODAY + dt.timedelta(days=n % 400 - 200),
            priority=n % 9,
        )
        for n in range(2000)
    )
    client = login(owner)
    url = reverse("assessment:firm_plan", args=[firm.pk])
    with django_assert_max_num_queries(8):
        page = client.get(url, {"page": "3"})
    assert page.context["page"].paginator.count == 2000
    assert len(page.context["page"].object_list) == 50


def test_the_next_assessment_shows_the_actions_and_their_proof_on_the_question(
    login, owner, editor, site, worked_assessment, start, action
):
    permit = add_document(site, owner)
    actions.action_update(action=action, user=editor, is_owner=False, status="done")
    action.documents.set([permit])
    submission.assessment_submit(assessment=worked_assessment, user=owner)
    following = start(site, carry_over=True)
    client = login(editor)

    page = client.get(reverse("assessment:questionnaire", args=[following.pk, "RIGHTS"]))
    text = page.content.decode()
    card = text[text.index(f'id="c{action.criterion_id}"') :]
    assert "Register the mining right" in card[: card.index("</article>")]
    assert "Link as evidence" in card[: card.index("</article>")]

    answer = following.answers.get(criterion__code="RIGHTS-01")
    client.post(
        reverse("assessment:document_link", args=[following.pk, answer.criterion_id]),
        {"document": permit.pk},
    )
    assert answer.document_links.get().document == permit


def test_the_plan_downloads_as_excel_with_the_pages_filters(login, owner, firm, action):
    import io

    from openpyxl import load_workbook

    actions.action_update(action=action, user=owner, is_owner=True, title='=HYPERLINK("x")')
    url = reverse("assessment:firm_plan", args=[firm.pk])
    response = login(owner).get(url, {"format": "xlsx", "due": "overdue"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Code", "Action", "Site")
    assert len(rows) == 2 and rows[1][0] == "RIGHTS-01"
    assert rows[1][1] == '=HYPERLINK("x")' and sheet["B2"].data_type == "s"  # text, no formula
    assert rows[1][-1] == "yes"
    empty = load_workbook(
        io.BytesIO(login(owner).get(url, {"format": "xlsx", "due": "30"}).content)
    )
    assert len(list(empty.active.values)) == 1  # the header only


class TestReviewFindings:
    def test_a_verified_action_changes_only_by_an_owner(self, owner, editor, action):
        actions.action_update(action=action, user=editor, is_owner=False, status="done")
        actions.action_update(action=action, user=owner, is_owner=True, status="verified")
        with pytest.raises(ValidationError) as refused:
            actions.action_update(action=action, user=editor, is_owner=False, title="Changed")
        assert refused.value.message_dict["status"] == [
            "Only the firm's owners verify a done action, or change or reopen a verified one."
        ]
        action.refresh_from_db()
        assert (action.title, action.status) == ("Register the mining right", "verified")

    def test_a_removed_member_leaves_their_actions_to_nobody(
        self, login, owner, editor, firm, action
    ):
        membership = firm.memberships.get(user=editor)
        login(owner).post(reverse("assessment:member_remove", args=[firm.pk, membership.pk]))
        action.refresh_from_db()
        assert action.owner is None
        assert action.history.first().history_user == owner

    def test_viewers_cannot_own_actions(self, worked_assessment, owner, viewer):
        with pytest.raises(ValidationError):
            actions.action_create(
                assessment=worked_assessment,
                criterion=criterion(worked_assessment, "GREEN-01"),
                user=owner,
                priority=1,
                title="X",
                owner=viewer,
            )

    @pytest.mark.parametrize("value", ["nan", "inf", "-1", "three"])
    def test_a_plan_needs_a_real_priority(self, login, editor, worked_assessment, value):
        url = reverse("assessment:actions_from_gaps", args=[worked_assessment.pk])
        page = login(editor).post(url, {"min_priority": value}, follow=True)
        assert "Enter a priority, such as 3." in page.content.decode()
        assert not Action.objects.exists()

    def test_control_characters_do_not_break_the_excel_file(self, login, owner, firm, action):
        import io

        from openpyxl import load_workbook

        Action.objects.filter(pk=action.pk).update(title="Fix\x0bit")
        response = login(owner).get(
            reverse("assessment:firm_plan", args=[firm.pk]), {"format": "xlsx"}
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert list(sheet.values)[1][1] == "Fixit"
