"""Results stored at submission: stored in the submit's transaction, equal to live scoring,
read by every reader (page, portfolio, dashboard, `score --json`), checked by
`manage.py rescore_stored`, and scored live where nothing is stored."""

from datetime import date
from fractions import Fraction
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from assessment import submission
from assessment.models import Assessment, StoredResults
from assessment.portfolio import firm_portfolio
from assessment.results import assessment_results
from assessment.scoring.answers import AnswerInput
from assessment.scoring.breakdown import score_assessment
from assessment.scoring.criteria import CriterionSpec
from assessment.scoring.document import (
    RULES_VERSION,
    document_differences,
    score_document,
    score_from_document,
)
from tests.helpers import (
    GREEN_READY,
    TODAY,
    WORKED_ANSWERS,
    answer_all,
    bulk_sites,
    bulk_submitted,
)

pytestmark = pytest.mark.django_db


def rescore(*args: str) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("rescore_stored", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


def tamper(assessment: Assessment, overall: Fraction, *, summary: bool = True) -> None:
    """Change the stored overall score (in the document, and in its summary unless told)."""
    stored = StoredResults.objects.get(assessment=assessment)
    stored.document["overall_exact"] = f"{overall.numerator}/{overall.denominator}"
    if summary:
        stored.summary["overall_exact"] = stored.document["overall_exact"]
    stored.save()


def test_submitting_stores_the_results(owner, assessment, freeze_today):
    answer_all(assessment, owner, WORKED_ANSWERS)
    submission.assessment_submit(assessment=assessment, user=owner)
    stored = StoredResults.objects.get(assessment=assessment)
    assert stored.rules_version == RULES_VERSION
    assert stored.document["overall_exact"] == "825/14"
    assert stored.document["band"] == "partially_ready"
    assert stored.document["green_mine_ready"] is False
    assert [area["code"] for area in stored.document["areas"]] == ["RIGHTS", "GREEN"]
    assert stored.summary["gap_priorities"][0][3] == stored.document["gaps"][0]["priority_exact"]


def test_a_submit_that_cannot_store_its_results_submits_nothing(
    owner, assessment, freeze_today, monkeypatch
):
    answer_all(assessment, owner, WORKED_ANSWERS)

    def broken(*, assessment):
        raise ValidationError("no")

    monkeypatch.setattr(submission, "results_store", broken)
    with pytest.raises(ValidationError):
        submission.assessment_submit(assessment=assessment, user=owner)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT
    assert not StoredResults.objects.exists()


def test_a_draft_stores_nothing_and_is_scored_live(owner, worked_assessment):
    results = assessment_results(worked_assessment)
    assert not results.stored
    assert not StoredResults.objects.exists()
    assert results.score.overall == 58.92


def test_the_stored_results_equal_the_live_score(submitted_assessment):
    stored = assessment_results(submitted_assessment)
    live = assessment_results(submitted_assessment, live=True)
    assert stored.stored and not live.stored
    assert stored.score == live.score
    assert stored.scored_on == live.scored_on == TODAY


def test_a_document_reads_back_as_the_same_breakdown(owner, assessment, freeze_today):
    # N/A, unanswered, an unsupported claim and a deadline: every kind of field has a value.
    answer_all(assessment, owner, {"RIGHTS-01": "yes", "GREEN-01": "45"}, na=["GREEN-02"])
    score = assessment_results(assessment).score
    assert score.counts.na == score.counts.unanswered == score.counts.unsupported == 1
    document = score_document(score, scored_on=TODAY)
    assert score_from_document(document) == score
    assert document_differences(document, document) == []


def test_no_score_reads_back_too():
    spec = CriterionSpec("A-01", "A", 3, "law", True, "yes_no", {})
    score = score_assessment([spec], {"A-01": AnswerInput(is_na=True)}, today=TODAY)
    assert score.overall is None
    assert score_from_document(score_document(score, scored_on=TODAY)) == score


def test_the_results_page_reads_the_stored_results(login, owner, submitted_assessment):
    tamper(submitted_assessment, Fraction(9000, 100))
    response = login(owner).get(reverse("reports:results", args=[submitted_assessment.pk]))
    assert response.status_code == 200
    assert response.context["score"].overall == 90
    assert response.context["results"].stored


def test_the_portfolio_and_dashboard_read_the_stored_results(
    login, owner, submitted_assessment, firm
):
    tamper(submitted_assessment, Fraction(4321, 100))
    client = login(owner)
    portfolio = client.get(reverse("reports:portfolio", args=[firm.pk]))
    assert portfolio.status_code == 200
    assert "43.21" in portfolio.content.decode()
    dashboard = client.get(reverse("assessment:dashboard"))
    assert dashboard.status_code == 200
    assert "43.21" in dashboard.content.decode()


def test_score_json_reads_the_stored_results(submitted_assessment):
    tamper(submitted_assessment, Fraction(1234, 100))
    out = StringIO()
    call_command("score", str(submitted_assessment.pk), "--json", stdout=out)
    assert '"overall": 12.34' in out.getvalue()


def test_the_portfolio_reads_no_answers_of_stored_results(
    firm, imported_version, django_assert_num_queries
):
    """Sites, their latest assessments with stored results, and the versions' areas."""
    sites = bulk_sites(firm, 30)
    bulk_submitted(sites, imported_version, lambda site: GREEN_READY, store=True)
    with django_assert_num_queries(3):
        portfolio = firm_portfolio(firm, today=date(2026, 3, 1))
    assert all(row.results.stored for row in portfolio.sites)
    assert portfolio.green_mine.large.ready == 30


def test_readers_score_live_when_nothing_is_stored(login, owner, submitted_assessment, firm):
    StoredResults.objects.all().delete()
    response = login(owner).get(reverse("reports:results", args=[submitted_assessment.pk]))
    assert response.status_code == 200
    assert not response.context["results"].stored
    assert response.context["score"].overall == 58.92
    row = firm_portfolio(firm).sites[0]
    assert not row.results.stored and row.results.score.overall == 58.92


def test_the_command_finds_no_difference(submitted_assessment):
    out, code = rescore()
    assert code == 0
    assert out.splitlines()[-1] == "1 assessments, 0 differences"


def test_the_command_reports_a_tampered_document(submitted_assessment):
    tamper(submitted_assessment, Fraction(90))
    out, code = rescore()
    assert code == 1
    name = f"{submitted_assessment.pk} {submitted_assessment.site.name}"
    assert f"differs {name}: overall_exact: '90/1' != '825/14'" in out
    assert f"differs {name}: summary overall_exact: '90/1' != '825/14'" in out
    assert out.splitlines()[-1] == "1 assessments, 2 differences"


def test_the_command_reports_a_summary_that_left_its_document(submitted_assessment):
    stored = StoredResults.objects.get(assessment=submitted_assessment)
    stored.summary["gap_priorities"] = stored.summary["gap_priorities"][1:]
    stored.save()
    out, code = rescore()
    assert code == 1
    assert "summary gap_priorities: " in out


def test_the_summary_is_the_document_without_contributions_and_full_gaps(submitted_assessment):
    stored = StoredResults.objects.get(assessment=submitted_assessment)
    assert stored.summary["overall_exact"] == stored.document["overall_exact"]
    assert all(area["contributions"] == [] for area in stored.summary["areas"])
    assert stored.summary["gaps"] == [] == stored.summary["band_reasons"]
    assert stored.document["band_reasons"]
    assert [row[0] for row in stored.summary["gap_priorities"]] == [
        gap["code"] for gap in stored.document["gaps"]
    ]


def test_the_command_lists_and_stores_missing_results(submitted_assessment):
    StoredResults.objects.all().delete()
    out, code = rescore()
    assert code == 0
    assert f"missing {submitted_assessment.pk} " in out
    assert not StoredResults.objects.exists()
    out, code = rescore("--store-missing")
    assert code == 0
    assert f"stored {submitted_assessment.pk} " in out
    stored = StoredResults.objects.get()
    assert stored.assessment_id == submitted_assessment.pk
    assert assessment_results(submitted_assessment).score == (
        assessment_results(submitted_assessment, live=True).score
    )
    out, code = rescore()
    assert (code, out) == (0, "1 assessments, 0 differences\n")


def test_a_failed_green_gate_leaves_a_site_not_ready_on_pages_of_many_sites(
    firm, owner, tmp_path, freeze_today
):
    """A summary keeps no criteria: the readiness it carries (scored from the whole results)
    is what pages of many sites show, not one worked out again from the area's score alone."""
    from assessment import workflow
    from tests.helpers import criterion_data, import_library, library_data, write_library

    data = library_data()
    data["criteria"].append(criterion_data("GREEN-03", "GREEN", gate=True, weight=1))
    version = import_library(write_library(tmp_path / "gated.yaml", data))
    (mine,) = bulk_sites(firm, 1)
    assessment = workflow.assessment_start(site=mine, version=version, user=owner)
    answers = {"RIGHTS-01": "no", "RIGHTS-02": "none", "GREEN-01": "95", "GREEN-02": 4}
    answer_all(assessment, owner, answers | {"GREEN-03": "no"})
    submission.assessment_submit(assessment=assessment, user=owner)

    whole = assessment_results(assessment)
    assert whole.score.area("GREEN").score >= 85 and "GREEN-03" in whole.score.failed_gates
    assert whole.green_mine_ready is False
    assert firm_portfolio(firm).sites[0].green_ready is False
