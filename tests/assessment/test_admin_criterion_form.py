"""The admin edits a draft criterion's answer parameters and applicability with form fields
(numbers, choices, check boxes, one option a line), not raw JSON; the criterion's own validation
judges them and each problem is shown once, by its field."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db


def change_url(criterion) -> str:
    return reverse("admin:assessment_criterion_change", args=[criterion.pk])


def loaded(admin_client, criterion) -> dict:
    response = admin_client.get(change_url(criterion))
    assert response.status_code == 200
    return admin_form_data(response)


def errors_of(html: str) -> dict[str, list[str]]:
    """The error messages the page shows, by the id of their list."""
    found = {}
    for match in re.finditer(
        r'<ul class="errorlist[^"]*"(?: id="([^"]*)")?>(.*?)</ul>', html, re.S
    ):
        found[match.group(1) or "form"] = re.findall(r"<li>(.*?)</li>", match.group(2))
    return found


def test_a_percent_target_is_edited_with_number_and_choice_fields(admin_client, draft_version):
    criterion = draft_version.criteria.get(code="GREEN-01")  # percent, target 90
    data = loaded(admin_client, criterion)
    assert (data["target"], data["direction"]) == (90, "at_least")
    assert "parameters" not in data

    data |= {"target": "80", "direction": "at_most", "zero_at": "100", "minimum": "0"}
    data |= {"unit": "text", "unit_en": "days", "unit_zh_hans": "天", "whole": "on"}
    response = admin_client.post(change_url(criterion), data)

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.parameters == {
        "target": 80, "zero_at": 100, "min": 0, "direction": "at_most", "whole": True,
        "unit": {"en": "days", "zh-hans": "天"},
    }  # fmt: skip


def test_a_number_may_take_a_unit_of_the_national_tables(admin_client, draft_version):
    criterion = draft_version.criteria.get(code="GREEN-01")
    data = loaded(admin_client, criterion) | {"answer_type": "number", "unit": "10^4 t/yr"}
    data["target"] = "2000"
    response = admin_client.post(change_url(criterion), data)
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.parameters == {"target": 2000, "direction": "at_least", "unit": "10^4 t/yr"}


def test_choice_options_are_edited_one_a_line(admin_client, draft_version):
    criterion = draft_version.criteria.get(code="RIGHTS-02")  # choice none / some / all
    data = loaded(admin_client, criterion)
    assert data["options"].splitlines()[1] == "some | 0.5 | Some | 部分"

    data["options"] = "none | 0 | None | 无\nhalf | 0.5 | Half\nall | 1 | All | 全部\n"
    response = admin_client.post(change_url(criterion), data)

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.parameters["options"][1] == {
        "value": "half", "label": {"en": "Half"}, "score": 0.5
    }  # fmt: skip
    assert [o["value"] for o in criterion.parameters["options"]] == ["none", "half", "all"]


def test_applicability_is_chosen_from_the_lists(admin_client, draft_version):
    criterion = draft_version.criteria.get(code="RIGHTS-02")
    data = loaded(admin_client, criterion)
    data |= {
        "applies_to_stages": ["production", "closure"],
        "applies_to_scales": ["large"],
        "applies_to_methods": ["underground"],
        "applies_to_minerals": ["coal", "gold"],
    }
    response = admin_client.post(change_url(criterion), data)

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.applicability["stages"] == ["production", "closure"]
    assert (criterion.applies_to_scales, criterion.applies_to_methods) == (
        ["large"],
        ["underground"],
    )
    assert criterion.applies_to_minerals == ["coal", "gold"]
    html = admin_client.get(change_url(criterion)).content.decode()
    assert 'type="checkbox" name="applies_to_stages" value="closure"' in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"weight": "9"}, "weight", "Ensure this value is less than or equal to 5."),
        ({"target": "x"}, "target", "Enter a number."),
        ({"target": "120"}, "target", "a percent target must be between 0 and 100"),
        ({"minimum": "95"}, "target", "the target must lie between min and max"),
    ],
)
def test_a_problem_is_shown_once_by_its_field_and_nothing_is_saved(
    admin_client, draft_version, change, field, message
):
    criterion = draft_version.criteria.get(code="GREEN-01")
    before = (criterion.parameters, criterion.weight)
    response = admin_client.post(change_url(criterion), loaded(admin_client, criterion) | change)

    assert response.status_code == 200
    errors = errors_of(response.content.decode())
    assert errors[f"id_{field}_error"] == [message]
    assert sum(len(messages) for key, messages in errors.items() if key != "form") == 1
    criterion.refresh_from_db()
    assert (criterion.parameters, criterion.weight) == before


def test_a_bad_option_line_says_how_to_write_one(admin_client, draft_version):
    criterion = draft_version.criteria.get(code="RIGHTS-02")
    before = criterion.parameters
    data = loaded(admin_client, criterion) | {"options": "none | 0 | None\nall"}
    response = admin_client.post(change_url(criterion), data)

    assert response.status_code == 200
    errors = errors_of(response.content.decode())
    assert len(errors["id_options_error"]) == 1
    assert "value | score | English label | Chinese label" in errors["id_options_error"][0]
    criterion.refresh_from_db()
    assert criterion.parameters == before


def test_a_published_criterion_shows_its_parameters_read_only(admin_client, imported_version):
    criterion = imported_version.criteria.get(code="GREEN-01")
    response = admin_client.get(change_url(criterion))
    assert response.status_code == 200
    assert "&quot;target&quot;: 90" in response.content.decode()
    assert 'name="target"' not in response.content.decode()
