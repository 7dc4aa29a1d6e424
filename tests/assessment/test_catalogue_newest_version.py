"""The newest bundled catalogue version in use: a new assessment starts on it, and a site moving
to it from the version before carries every answer over (2026.3 rewords, it asks nothing again)."""

import pytest
from django.urls import reverse

from assessment.answer_text import value_choices
from assessment.submission import assessment_submit
from assessment.workflow import answer_save, assessment_start

pytestmark = pytest.mark.django_db


def test_the_start_page_proposes_the_newest_bundled_version(login, owner, site, bundled_versions):
    response = login(owner).get(reverse("assessment:assessment_start", args=[site.pk]))

    assert response.status_code == 200
    proposed = response.context["form"].initial["version"]
    assert (proposed, proposed.version) == (bundled_versions[-1], "2026.3")


def test_moving_from_2026_2_to_2026_3_carries_every_answer_over(owner, site, bundled_versions):
    previous, newest = bundled_versions[-2:]
    first = assessment_start(site=site, version=previous, user=owner)
    for answer in first.answers.select_related("criterion"):
        choices = value_choices(answer.criterion)
        value = choices[0][0] if choices else "50"
        answer_save(answer=answer, user=owner, value=value, comment="seen")
    assessment_submit(assessment=first, user=owner)

    second = assessment_start(site=site, version=newest, user=owner, carry_over=True)

    answers = second.answers.select_related("criterion")
    assert answers.count() == first.answers.count() > 50
    assert not answers.filter(question_changed=True).exists()
    assert not answers.filter(carried_over=False).exists()
    earlier = dict(first.answers.values_list("criterion__code", "value"))
    assert {a.criterion.code: a.value for a in answers} == earlier
    safety_02 = answers.get(criterion__code="SAFETY-02")
    assert safety_02.criterion.version == newest
    assert safety_02.criterion.text_zh_hans.endswith("是否均已整改消除？")
