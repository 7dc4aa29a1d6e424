"""Starting an assessment: applicable criteria, reasons for the others, carry-over."""

import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment, Site
from assessment.submission import assessment_submit
from assessment.workflow import answer_save, assessment_start
from tests.helpers import SiteFactory, import_library, library_data, write_library

pytestmark = pytest.mark.django_db


def test_an_owner_starts_an_assessment(login, owner, site, imported_version):
    response = login(owner).post(
        reverse("assessment:assessment_start", args=[site.pk]), {"version": imported_version.pk}
    )
    assessment = Assessment.objects.get(site=site)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:assessment", args=[assessment.pk])
    assert assessment.state == "draft"
    assert assessment.profile == {
        "stage": "production",
        "scale": "large",
        "method": "open_pit",
        "minerals": ["coal"],
        "licensed_producing": True,
    }
    codes = sorted(assessment.answers.values_list("criterion__code", flat=True))
    assert codes == ["GREEN-01", "GREEN-02", "RIGHTS-01", "RIGHTS-02"]
    assert not assessment.answers.filter(value__isnull=False).exists()


def test_the_start_page_offers_published_versions(
    login, owner, site, imported_version, draft_version
):
    response = login(owner).get(reverse("assessment:assessment_start", args=[site.pk]))
    assert response.status_code == 200
    choices = [str(v) for v, _label in response.context["form"].fields["version"].choices]
    assert str(imported_version.pk) in choices
    assert str(draft_version.pk) not in choices


def test_a_draft_version_cannot_be_started(login, owner, site, draft_version):
    response = login(owner).post(
        reverse("assessment:assessment_start", args=[site.pk]), {"version": draft_version.pk}
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_criteria_that_do_not_apply_are_shown_collapsed_with_the_reason(
    login, owner, firm, imported_version
):
    quarry = SiteFactory(
        firm=firm,
        name="Quarry",
        minerals=["limestone"],
        scale=Site.Scale.SMALL,
        licensed_producing=False,
    )
    assessment = assessment_start(site=quarry, version=imported_version, user=owner)
    assert not assessment.answers.filter(criterion__code="GREEN-01").exists()
    response = login(owner).get(reverse("assessment:questionnaire", args=[assessment.pk, "GREEN"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "1 criterion does not apply to this site" in content
    assert "Applies only to large, medium mines." in content


def test_answers_are_carried_over_from_the_latest_submitted_assessment(
    login, owner, site, imported_version
):
    first = assessment_start(site=site, version=imported_version, user=owner)
    values = {"RIGHTS-01": "yes", "RIGHTS-02": "some", "GREEN-01": "80", "GREEN-02": 3}
    for answer in first.answers.select_related("criterion"):
        answer_save(answer=answer, user=owner, value=values[answer.criterion.code], comment="ok")
    assessment_submit(assessment=first, user=owner)

    response = login(owner).post(
        reverse("assessment:assessment_start", args=[site.pk]),
        {"version": imported_version.pk, "carry_over": "on"},
    )
    assert response.status_code == 302
    second = Assessment.objects.exclude(pk=first.pk).get()
    assert second.carried_from == first
    carried = {a.criterion.code: a for a in second.answers.select_related("criterion")}
    assert {code: a.value for code, a in carried.items()} == {
        "RIGHTS-01": "yes",
        "RIGHTS-02": "some",
        "GREEN-01": "80",
        "GREEN-02": 3,
    }
    assert all(a.carried_over and a.comment == "ok" for a in carried.values())
    page = login(owner).get(reverse("assessment:questionnaire", args=[second.pk, "RIGHTS"]))
    assert b"carried over" in page.content


def test_confirming_a_carried_over_answer_clears_the_mark(login, owner, site, imported_version):
    first = assessment_start(site=site, version=imported_version, user=owner)
    for answer in first.answers.select_related("criterion"):
        value = {"yes_no": "yes", "choice": "all", "percent": "95", "maturity": 4}
        answer_save(answer=answer, user=owner, value=value[answer.criterion.answer_type])
    assessment_submit(assessment=first, user=owner)
    second = assessment_start(site=site, version=imported_version, user=owner, carry_over=True)
    answer = second.answers.get(criterion__code="RIGHTS-01")
    response = login(owner).post(
        reverse("assessment:answer_save", args=[second.pk, answer.criterion_id]),
        {f"c{answer.criterion_id}-value": "yes", "confirm": "1"},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.value, answer.carried_over) == ("yes", False)
    assert Answer.objects.filter(assessment=second, carried_over=True).count() == 3


def test_without_carry_over_nothing_is_copied(owner, site, imported_version):
    first = assessment_start(site=site, version=imported_version, user=owner)
    for answer in first.answers.select_related("criterion"):
        value = {"yes_no": "yes", "choice": "all", "percent": "95", "maturity": 4}
        answer_save(answer=answer, user=owner, value=value[answer.criterion.answer_type])
    assessment_submit(assessment=first, user=owner)
    second = assessment_start(site=site, version=imported_version, user=owner)
    assert not second.answers.filter(value__isnull=False).exists()
    assert second.carried_from is None


def test_moving_to_a_new_version_asks_again_where_the_question_was_revised(
    login, owner, site, imported_version, tmp_path
):
    first = assessment_start(site=site, version=imported_version, user=owner)
    for answer in first.answers.select_related("criterion"):
        value = {"yes_no": "yes", "choice": "all", "percent": "95", "maturity": 4}
        answer_save(
            answer=answer, user=owner, value=value[answer.criterion.answer_type], comment="seen"
        )
    assessment_submit(assessment=first, user=owner)
    data = library_data(version="1.1")
    revised = next(c for c in data["criteria"] if c["code"] == "RIGHTS-02")
    revised["text"] = {"en": "A different duty?", "zh-hans": "另一项义务？"}
    revised["revision"] = 2
    reworded = next(c for c in data["criteria"] if c["code"] == "RIGHTS-01")
    reworded["text"] = {
        "en": "The same duty, better worded?",
        "zh-hans": "同一项义务，表述更准确？",
    }
    newer = import_library(write_library(tmp_path / "newer.yaml", data))

    second = assessment_start(site=site, version=newer, user=owner, carry_over=True)

    answers = {a.criterion.code: a for a in second.answers.select_related("criterion")}
    changed = answers["RIGHTS-02"]
    assert (changed.value, changed.carried_over, changed.question_changed) == (None, False, True)
    assert changed.comment == "seen" and not changed.is_answered
    kept = answers["RIGHTS-01"]  # reworded without a new revision: the answer still holds
    assert (kept.value, kept.carried_over, kept.question_changed) == ("yes", True, False)
    page = login(owner).get(reverse("assessment:questionnaire", args=[second.pk, "RIGHTS"]))
    assert "question changed – answer again" in page.content.decode()

    answer_save(answer=changed, user=owner, value="all")
    changed.refresh_from_db()
    assert not changed.question_changed


def test_a_draft_on_an_older_version_is_told_that_a_newer_one_is_published(
    login, owner, site, imported_version, tmp_path
):
    older_draft = assessment_start(site=site, version=imported_version, user=owner)
    url = reverse("assessment:questionnaire", args=[older_draft.pk, "RIGHTS"])
    assert 'id="newer-version"' not in login(owner).get(url).content.decode()

    import_library(write_library(tmp_path / "newer.yaml", library_data(version="1.1")))

    page = login(owner).get(url).content.decode()
    assert 'id="newer-version"' in page
    assert "A newer version of the catalogue, 1.1, is published. This draft stays on 1.0." in page
