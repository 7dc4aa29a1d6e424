from django.urls import path

import assessment.converters  # noqa: F401  (registers the `id` converter)
from assessment.views import (
    accounts,
    actions,
    dashboard,
    documents,
    evidence,
    firms,
    history,
    invitations,
    questionnaire,
    review,
    settings_page,
    sites,
    start,
)

app_name = "assessment"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/settings/", settings_page.account_settings, name="account_settings"),
    path("calendar/<str:token>.ics", settings_page.calendar, name="calendar"),
    path("accounts/verify/resend/", accounts.email_verify_resend, name="email_verify_resend"),
    path("accounts/verify/<str:token>/", accounts.email_verify, name="email_verify"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("firms/<id:firm_id>/", firms.firm_detail, name="firm_detail"),
    path("firms/<id:firm_id>/members/add/", firms.member_add, name="member_add"),
    path(
        "firms/<id:firm_id>/members/<id:membership_id>/role/",
        firms.member_role,
        name="member_role",
    ),
    path(
        "firms/<id:firm_id>/members/<id:membership_id>/remove/",
        firms.member_remove,
        name="member_remove",
    ),
    path(
        "firms/<id:firm_id>/invitations/<id:invitation_id>/cancel/",
        firms.invitation_remove,
        name="invitation_remove",
    ),
    path("firms/<id:firm_id>/sites/new/", sites.site_create, name="site_create"),
    path("sites/<id:site_id>/", sites.site_detail, name="site_detail"),
    path("sites/<id:site_id>/edit/", sites.site_edit, name="site_edit"),
    path("sites/<id:site_id>/assessments/new/", start.assessment_start, name="assessment_start"),
    path("assessments/<id:assessment_id>/", questionnaire.assessment_detail, name="assessment"),
    path(
        "assessments/<id:assessment_id>/delete/", start.assessment_delete, name="assessment_delete"
    ),
    path(
        "assessments/<id:assessment_id>/areas/<str:area_code>/",
        questionnaire.questionnaire,
        name="questionnaire",
    ),
    path(
        "assessments/<id:assessment_id>/areas/<str:area_code>/confirm/",
        questionnaire.confirm_area,
        name="confirm_area",
    ),
    path(
        "assessments/<id:assessment_id>/criteria/<id:criterion_id>/answer/",
        questionnaire.answer_save,
        name="answer_save",
    ),
    path(
        "assessments/<id:assessment_id>/criteria/<id:criterion_id>/evidence/",
        evidence.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<id:evidence_id>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<id:evidence_id>/delete/", evidence.evidence_delete, name="evidence_delete"),
    path(
        "assessments/<id:assessment_id>/criteria/<id:criterion_id>/documents/",
        evidence.document_link,
        name="document_link",
    ),
    path("document-links/<id:link_id>/delete/", evidence.document_unlink, name="document_unlink"),
    path("sites/<id:site_id>/documents/", documents.document_register, name="document_register"),
    path("documents/<id:document_id>/", documents.document_detail, name="document_detail"),
    path("documents/<id:document_id>/edit/", documents.document_edit, name="document_edit"),
    path(
        "documents/<id:document_id>/files/", documents.document_files_add, name="document_files_add"
    ),
    path("documents/<id:document_id>/delete/", documents.document_delete, name="document_delete"),
    path("document-files/<id:file_id>/", documents.document_file_download, name="document_file"),
    path(
        "document-files/<id:file_id>/delete/",
        documents.document_file_remove,
        name="document_file_remove",
    ),
    path(
        "assessments/<id:assessment_id>/criteria/<id:criterion_id>/actions/new/",
        actions.action_new,
        name="action_new",
    ),
    path(
        "assessments/<id:assessment_id>/actions/from-gaps/",
        actions.actions_from_gaps,
        name="actions_from_gaps",
    ),
    path("actions/<id:action_id>/", actions.action_detail, name="action_detail"),
    path("sites/<id:site_id>/actions/", actions.site_plan, name="site_plan"),
    path("firms/<id:firm_id>/actions/", actions.firm_plan, name="firm_plan"),
    path("assessments/<id:assessment_id>/review/", review.review, name="review"),
    path("assessments/<id:assessment_id>/submit/", review.submit, name="submit"),
    path(
        "assessments/<id:assessment_id>/approval/request/",
        review.approval_request,
        name="approval_request",
    ),
    path(
        "assessments/<id:assessment_id>/approval/return/",
        review.approval_return,
        name="approval_return",
    ),
    path(
        "assessments/<id:assessment_id>/criteria/<id:criterion_id>/history/",
        history.answer_history,
        name="answer_history",
    ),
]
