"""`manage.py score ASSESSMENT_ID [--json]`: the same numbers as the results page, in the schema
the README documents."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.helpers import submit_on

pytestmark = pytest.mark.django_db

METADATA_KEYS = {
    "assessment_id",
    "site",
    "firm",
    "framework",
    "version",
    "state",
    "submitted_at",
    "scored_on",
}
SCORE_KEYS = {
    "overall",
    "band",
    "score_band",
    "band_reasons",
    "completion",
    "counts",
    "areas",
    "gaps",
    "failed_gates",
    "law_zero",
}


def score_json(assessment_id: int) -> dict:
    out = StringIO()
    call_command("score", str(assessment_id), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_its_json_equals_the_numbers_of_the_results_page(login, owner, worked_assessment):
    response = login(owner).get(reverse("reports:results", args=[worked_assessment.pk]))
    assert response.status_code == 200
    page_score = response.context["score"]
    printed = score_json(worked_assessment.pk)
    assert {key: printed[key] for key in SCORE_KEYS} == page_score.to_dict()
    assert printed["overall"] == 58.92 == page_score.overall
    assert [area["score"] for area in printed["areas"]] == [50, 65.62]
    assert [gap["code"] for gap in printed["gaps"]] == [
        row.gap.code for row in response.context["gap_rows"]
    ]
    assert printed["scored_on"] == response.context["results"].scored_on.isoformat()


def test_its_json_has_the_documented_schema(owner, worked_assessment):
    printed = score_json(worked_assessment.pk)
    assert set(printed) == METADATA_KEYS | SCORE_KEYS
    assert printed["assessment_id"] == worked_assessment.pk
    assert printed["site"] == {"id": worked_assessment.site_id, "name": "Erlian open-pit coal mine"}
    assert (printed["framework"], printed["version"], printed["state"]) == (
        "test-fw",
        "1.0",
        "draft",
    )
    assert printed["submitted_at"] is None
    assert set(printed["counts"]) == {
        "applicable", "answered", "na", "unanswered", "unsupported", "to_confirm",
    }  # fmt: skip
    assert set(printed["areas"][0]) == {
        "code",
        "score",
        "weight_total",
        "weighted_sum",
        "contributions",
    }
    assert set(printed["areas"][0]["contributions"][0]) == {
        "code",
        "weight",
        "score",
        "weighted",
        "status",
        "unsupported",
    }
    assert set(printed["gaps"][0]) == {
        "code",
        "area",
        "score",
        "weight",
        "force",
        "gate",
        "deadline",
        "force_factor",
        "urgency",
        "priority",
        "status",
        "unsupported",
    }
    assert printed["gaps"][1]["deadline"] == "2028-12-31"  # GREEN-01
    assert set(printed["band_reasons"][0]) == {
        "kind",
        "band",
        "code",
        "area",
        "value",
        "threshold",
        "status",
        "lowers_band",
    }


def test_it_scores_a_submitted_assessment_on_its_submission_date(owner, worked_assessment):
    submit_on(worked_assessment, owner, date(2028, 6, 1))
    printed = score_json(worked_assessment.pk)
    assert printed["state"] == "submitted"
    assert printed["scored_on"] == "2028-06-01"
    assert printed["gaps"][0]["code"] == "GREEN-01"
    assert printed["gaps"][0]["priority"] == 6.75


def test_it_prints_chinese_names_unescaped(owner, site, worked_assessment):
    site.name = "二连露天煤矿"
    site.save()
    out = StringIO()
    call_command("score", str(worked_assessment.pk), "--json", stdout=out)
    assert '"name": "二连露天煤矿"' in out.getvalue()


def test_without_json_it_prints_a_summary(worked_assessment):
    out = StringIO()
    call_command("score", str(worked_assessment.pk), stdout=out)
    text = out.getvalue()
    assert f"Assessment {worked_assessment.pk}: Erlian open-pit coal mine" in text
    assert "Overall: 58.92 (partially ready)" in text
    assert "Completion: 100 % (4 of 4 answered, 0 N/A, 1 unsupported)" in text
    assert "RIGHTS-01 (Rights) failed with a score of 0.5" in text
    lines = text.splitlines()
    gaps = lines[lines.index("Gaps in priority order (4):") + 1 :]
    assert [line.split()[0] for line in gaps] == ["RIGHTS-01", "GREEN-01", "RIGHTS-02", "GREEN-02"]


def test_an_unknown_id_is_an_error(db):
    with pytest.raises(CommandError, match="no assessment with id 4242"):
        call_command("score", "4242", "--json")
