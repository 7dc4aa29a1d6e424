"""A site's evidence register: documents uploaded once with their validity, linked to answers
of this and later assessments, counted as support while in force, kept as counted at
submission, carried over while still valid, listed when they expire within 90 days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessment import register, submission, workflow
from assessment.models import AssessmentLockedError, Document, DocumentFile, DocumentLink
from assessment.results import assessment_results
from assessment.scoring.comparison import compare_scores
from tests.helpers import FULL_ANSWERS, PDF, SiteFactory, add_document, answer_all

pytestmark = pytest.mark.django_db
# Submitting dates the assessment now, so these tests live in the real today.
TODAY = timezone.localdate()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def permit(site, owner):
    return add_document(site, owner, valid_until=TODAY + dt.timedelta(days=30))


def rights_01(assessment):
    return assessment.answers.select_related("criterion").get(criterion__code="RIGHTS-01")


def overall(assessment, today=None):
    return assessment_results(assessment, today=today).score


def test_a_linked_document_in_force_supports_the_answer(assessment, owner, permit):
    answer_all(assessment, owner, FULL_ANSWERS)
    assert overall(assessment).counts.unsupported == 1

    register.document_link(answer=rights_01(assessment), document=permit, user=owner)

    assert overall(assessment).counts.unsupported == 0
    assert overall(assessment).overall_exact == 100


def test_it_stops_counting_on_the_day_after_its_last_valid_day(assessment, owner, permit):
    answer_all(assessment, owner, FULL_ANSWERS)
    register.document_link(answer=rights_01(assessment), document=permit, user=owner)
    last_day = permit.valid_until

    assert overall(assessment, today=last_day).counts.unsupported == 0
    assert overall(assessment, today=last_day + dt.timedelta(days=1)).counts.unsupported == 1


def test_the_questionnaire_says_an_expired_document_no_longer_counts(
    login, assessment, owner, site
):
    expired = add_document(site, owner, title="Old permit", valid_until=TODAY - dt.timedelta(1))
    answer_all(assessment, owner, {"RIGHTS-01": "yes"})
    register.document_link(answer=rights_01(assessment), document=expired, user=owner)

    page = login(owner).get(reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"]))

    text = page.content.decode()
    assert "Old permit" in text and "no longer counts" in text
    assert 'id="support-' in text and ">unsupported<" in text


def test_submission_keeps_the_documents_it_relies_on_as_they_were(assessment, owner, permit):
    answer_all(assessment, owner, FULL_ANSWERS)
    register.document_link(answer=rights_01(assessment), document=permit, user=owner)
    submission.assessment_submit(assessment=assessment, user=owner)

    for change in (
        lambda: register.document_update(document=permit, user=owner, valid_until=TODAY),
        lambda: register.files_add(
            document=permit, user=owner, uploads=[(SimpleUploadedFile("x.pdf", PDF), None)]
        ),
        lambda: register.file_remove(file=permit.files.get(), user=owner),
        lambda: register.document_delete(document=permit, user=owner),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        assert refused.value.code == "relied_on"

    permit.refresh_from_db()
    assert permit.valid_until == TODAY + dt.timedelta(days=30) and permit.files.count() == 1
    assert DocumentLink.objects.get().counted is True
    assert overall(assessment).overall_exact == 100


def test_a_document_without_a_file_does_not_count(assessment, owner, site):
    paper_only = add_document(site, owner, files=())
    answer_all(assessment, owner, FULL_ANSWERS)
    register.document_link(answer=rights_01(assessment), document=paper_only, user=owner)

    assert overall(assessment).counts.unsupported == 1
    submission.assessment_submit(assessment=assessment, user=owner)
    assert DocumentLink.objects.get().counted is False


def test_links_of_a_submitted_assessment_are_locked(assessment, owner, permit, site):
    answer_all(assessment, owner, FULL_ANSWERS)
    link = register.document_link(answer=rights_01(assessment), document=permit, user=owner)
    submission.assessment_submit(assessment=assessment, user=owner)
    other = add_document(site, owner, title="Survey")

    with pytest.raises(AssessmentLockedError):
        register.document_link(answer=rights_01(assessment), document=other, user=owner)
    with pytest.raises(AssessmentLockedError):
        register.document_unlink(link=link, user=owner)


class TestCarryOver:
    @pytest.fixture
    def first(self, assessment, owner, permit, site):
        answer_all(assessment, owner, FULL_ANSWERS)
        register.document_link(answer=rights_01(assessment), document=permit, user=owner)
        return submission.assessment_submit(assessment=assessment, user=owner)

    def start(self, site, owner, version):
        return workflow.assessment_start(site=site, version=version, user=owner, carry_over=True)

    def test_documents_still_in_force_come_along_and_the_score_is_unchanged(
        self, first, site, owner, imported_version, permit
    ):
        second = self.start(site, owner, imported_version)

        assert list(rights_01(second).document_links.values_list("document", flat=True)) == [
            permit.pk
        ]
        before, after = overall(first), overall(second)
        assert after.overall_exact == before.overall_exact == 100
        comparison = compare_scores(before, after)
        assert comparison.regressed == () and comparison.gaps_opened == ()

    def test_an_expired_document_is_not_carried(
        self, first, site, owner, imported_version, permit, freeze_today
    ):
        freeze_today(permit.valid_until + dt.timedelta(days=1))  # the next cycle starts later
        second = self.start(site, owner, imported_version)

        assert not DocumentLink.objects.filter(answer__assessment=second).exists()
        assert overall(second).counts.unsupported == 1


class TestRegisterPage:
    def url(self, site):
        return reverse("assessment:document_register", args=[site.pk])

    def test_a_document_is_added_with_several_files_at_once(self, login, editor, site):
        response = login(editor).post(
            self.url(site),
            {
                "new-kind": "licence",
                "new-title": "Safety production licence",
                "new-number": "(蒙)FM安许证字〔2024〕001",
                "new-issuer": "内蒙古自治区应急管理厅",
                "new-valid_until": "2027-03-31",
                "new-files": [
                    SimpleUploadedFile("licence.pdf", PDF),
                    SimpleUploadedFile("licence-annex.pdf", PDF),
                ],
            },
        )

        document = Document.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("assessment:document_detail", args=[document.pk])
        assert (document.kind, document.valid_until) == ("licence", dt.date(2027, 3, 31))
        assert sorted(document.files.values_list("original_name", flat=True)) == [
            "licence-annex.pdf",
            "licence.pdf",
        ]
        assert document.history.get().history_user == editor

    def test_a_refused_file_is_named_and_nothing_is_stored(self, login, editor, site, tmp_path):
        response = login(editor).post(
            self.url(site),
            {
                "new-kind": "permit",
                "new-title": "Mining permit",
                "new-files": [
                    SimpleUploadedFile("permit.pdf", PDF),
                    SimpleUploadedFile("scan.pdf", EXE),
                ],
            },
        )

        text = response.content.decode()
        assert response.status_code == 400
        assert "scan.pdf: This file is not a real .pdf file" in text
        assert "application/" not in text  # no MIME type jargon
        assert 'value="Mining permit"' in text  # what was typed is kept
        assert not Document.objects.exists() and not DocumentFile.objects.exists()
        assert not list(tmp_path.rglob("*.pdf"))

    def test_an_end_before_the_start_is_refused_with_a_message(self, login, editor, site):
        response = login(editor).post(
            self.url(site),
            {
                "new-kind": "permit",
                "new-title": "Mining permit",
                "new-valid_from": "2027-01-01",
                "new-valid_until": "2026-01-01",
            },
        )
        assert response.status_code == 400
        assert "The end of validity comes before its start." in response.content.decode()
        assert not Document.objects.exists()

    def test_a_viewer_reads_the_register_but_cannot_add(self, login, viewer, site, permit):
        client = login(viewer)
        page = client.get(self.url(site))
        assert page.status_code == 200 and "Mining permit" in page.content.decode()
        assert "Add a document" not in page.content.decode()
        refused = client.post(self.url(site), {"new-kind": "permit", "new-title": "X"})
        assert refused.status_code == 403
        assert Document.objects.count() == 1


class TestExpiring:
    def test_documents_ending_within_90_days_are_listed_on_the_site_and_dashboard(
        self, login, owner, site
    ):
        add_document(site, owner, title="Ends in 90 days", valid_until=TODAY + dt.timedelta(90))
        add_document(site, owner, title="Ends in 91 days", valid_until=TODAY + dt.timedelta(91))
        add_document(site, owner, title="Ended yesterday", valid_until=TODAY - dt.timedelta(1))
        client = login(owner)

        for url in (
            reverse("assessment:site_detail", args=[site.pk]),
            reverse("assessment:dashboard"),
        ):
            text = client.get(url).content.decode()
            listed = text[text.index('id="expiring-documents"') :]
            assert "Ends in 90 days" in listed
            assert "Ends in 91 days" not in listed and "Ended yesterday" not in listed

    def test_another_firms_expiring_documents_are_not_shown(self, login, owner, outsider, site):
        add_document(site, owner, title="Ends soon", valid_until=TODAY + dt.timedelta(10))
        text = login(outsider).get(reverse("assessment:dashboard")).content.decode()
        assert "Ends soon" not in text


class TestLinking:
    def link(self, client, assessment, answer, document):
        url = reverse("assessment:document_link", args=[assessment.pk, answer.criterion_id])
        return client.post(url, {"document": document.pk}, HTTP_HX_REQUEST="true")

    def test_linking_updates_the_unsupported_badge_at_once(
        self, login, editor, owner, assessment, permit
    ):
        answer_all(assessment, owner, {"RIGHTS-01": "yes"})
        answer = rights_01(assessment)

        fragment = self.link(login(editor), assessment, answer, permit).content.decode()

        assert "Mining permit" in fragment
        badge = fragment[fragment.index(f'id="support-{answer.criterion_id}"') :]
        assert 'hx-swap-oob="true"' in badge.split(">", 1)[0]
        assert "unsupported" not in badge.split("</span>", 1)[0]
        assert DocumentLink.objects.get().linked_by == editor

    def test_linking_twice_changes_nothing(self, login, editor, assessment, permit):
        answer = rights_01(assessment)
        client = login(editor)
        self.link(client, assessment, answer, permit)
        self.link(client, assessment, answer, permit)
        assert DocumentLink.objects.count() == 1

    def test_a_document_of_another_site_cannot_be_linked(
        self, login, editor, owner, assessment, firm
    ):
        elsewhere = add_document(SiteFactory(firm=firm, name="Other"), owner)
        response = self.link(login(editor), assessment, rights_01(assessment), elsewhere)
        assert response.status_code == 400
        assert "Choose a document of this site." in response.content.decode()
        assert not DocumentLink.objects.exists()
        with pytest.raises(ValidationError):
            register.document_link(answer=rights_01(assessment), document=elsewhere, user=owner)

    def test_unlinking_keeps_the_document(self, login, editor, assessment, permit, owner):
        link = register.document_link(answer=rights_01(assessment), document=permit, user=owner)
        response = login(editor).post(reverse("assessment:document_unlink", args=[link.pk]))
        assert response.status_code == 302
        assert not DocumentLink.objects.exists() and Document.objects.filter(pk=permit.pk).exists()
        assert link.history.first().history_type == "-"


class TestDocumentPage:
    def test_it_shows_files_links_and_history(self, login, owner, editor, assessment, permit):
        register.document_link(answer=rights_01(assessment), document=permit, user=owner)
        register.document_update(document=permit, user=editor, number="C-2026-001")
        text = (
            login(owner)
            .get(reverse("assessment:document_detail", args=[permit.pk]))
            .content.decode()
        )
        assert "permit.pdf" in text and "RIGHTS-01" in text
        assert "Document added" in text and "Changed: number" in text
        assert "File added: permit.pdf" in text

    def test_a_file_is_downloaded_only_by_members(self, login, owner, outsider, permit):
        file = permit.files.get()
        url = reverse("assessment:document_file", args=[file.pk])
        response = login(owner).get(url)
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert login(outsider).get(url).status_code == 404

    def test_a_document_a_submitted_assessment_relies_on_is_kept(
        self, login, owner, assessment, permit
    ):
        answer_all(assessment, owner, FULL_ANSWERS)
        register.document_link(answer=rights_01(assessment), document=permit, user=owner)
        submission.assessment_submit(assessment=assessment, user=owner)
        client = login(owner)

        client.post(reverse("assessment:document_delete", args=[permit.pk]))
        client.post(reverse("assessment:document_file_remove", args=[permit.files.get().pk]))
        edit = client.post(
            reverse("assessment:document_edit", args=[permit.pk]),
            {"kind": "permit", "title": "Renamed"},
            follow=True,
        )
        assert "Add a renewed or corrected document as a new one." in edit.content.decode()
        permit.refresh_from_db()
        assert permit.title == "Mining permit"

        assert Document.objects.filter(pk=permit.pk).exists()
        assert permit.files.count() == 1

    def test_deleting_a_document_unlinks_it_from_drafts_and_keeps_history(
        self, login, owner, assessment, permit, django_capture_on_commit_callbacks
    ):
        register.document_link(answer=rights_01(assessment), document=permit, user=owner)
        stored = permit.files.get().file
        with django_capture_on_commit_callbacks(execute=True):
            response = login(owner).post(reverse("assessment:document_delete", args=[permit.pk]))

        assert response.status_code == 302
        assert not Document.objects.exists() and not DocumentLink.objects.exists()
        assert not stored.storage.exists(stored.name)
        assert Document.history.filter(history_type="-").get().history_user == owner

    def test_more_files_are_added_to_a_document(self, login, editor, permit):
        response = login(editor).post(
            reverse("assessment:document_files_add", args=[permit.pk]),
            {"files": [SimpleUploadedFile("renewal.pdf", PDF)]},
        )
        assert response.status_code == 302
        assert permit.files.count() == 2


def test_one_upload_is_bounded_in_files_and_bytes(login, editor, site, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client = login(editor)
    url = reverse("assessment:document_register", args=[site.pk])
    big = PDF + b"%" * 900
    too_much = client.post(
        url,
        {
            "new-kind": "report",
            "new-title": "Survey",
            "new-files": [SimpleUploadedFile(f"part{n}.pdf", big) for n in range(4)],
        },
    )
    too_many = client.post(
        url,
        {
            "new-kind": "report",
            "new-title": "Survey",
            "new-files": [SimpleUploadedFile(f"p{n}.pdf", PDF) for n in range(11)],
        },
    )
    assert too_much.status_code == too_many.status_code == 400
    assert "Upload at most 3.0\xa0KB at once; send the other files" in too_much.content.decode()
    assert "Upload at most 10 files at once." in too_many.content.decode()
    assert not Document.objects.exists()
