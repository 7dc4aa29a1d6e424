"""Every page of the product answers in English and in Simplified Chinese: the Chinese page has
its Chinese title and none of the English strings of our templates.

The language is chosen with the switcher (set_language), while the browser asks for the other
one: the choice wins. Every named URL of the product is either requested here or listed in
NOT_PAGES with the reason, so a new page cannot be left out unnoticed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessment import actions, workflow
from assessment.email_verification import verification_link
from assessment.invitations import invitation_link
from assessment.models import Action, Invitation
from tests.helpers import FULL_ANSWERS, Product, SiteFactory, add_document, use_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]

# On every page.
BASE_ENGLISH = ("Skip to content",)
SIGNED_IN_ENGLISH = ("Dashboard", "Sign out")
SIGNED_OUT_ENGLISH = ("Sign in",)

# Named URLs that are not pages a person opens: actions (POST, then a redirect to a page
# requested here) and file downloads.
NOT_PAGES = {
    "set_language": "POST (the language switcher), then the page it came from",
    "logout": "POST, then the sign-in page",
    "assessment:member_add": "POST (an invitation), then the firm page",
    "assessment:invitation_remove": "POST, then the firm page",
    "assessment:email_verify_resend": "POST, then the dashboard",
    "assessment:member_role": "POST, then the firm page",
    "assessment:member_remove": "POST, then the firm page",
    "assessment:answer_save": "POST (autosave), then a fragment of the questionnaire",
    "assessment:confirm_area": "POST, then the questionnaire of the area",
    "assessment:evidence_upload": "POST, then a fragment of the questionnaire",
    "assessment:evidence_delete": "POST, then a fragment of the questionnaire",
    "assessment:evidence_download": "the uploaded file itself",
    "assessment:approval_request": "POST, then the review page",
    "assessment:document_link": "POST, then a fragment of the questionnaire",
    "assessment:actions_from_gaps": "POST, then the site's action plan",
    "assessment:document_unlink": "POST, then a fragment of the questionnaire",
    "assessment:document_files_add": "POST, then the document's page",
    "assessment:document_file_remove": "POST, then the document's page",
    "assessment:document_file": "the uploaded file itself",
    "assessment:calendar": "an iCalendar file for calendar apps",
    "assessment:approval_return": "POST, then the review page",
    "reports:report_pdf": "the PDF file (its HTML is report_preview)",
    "reports:group_report_pdf": "the PDF file (tests/reports/test_group_report.py reads its text)",
}


@dataclass(frozen=True)
class Page:
    name: str  # the URL name, plus a variant after a space ("signup another firm")
    url: Callable[[Product, str], str]  # (data, language) -> URL
    user: str | None  # an attribute of Product, or None for a signed-out visitor
    zh_title: str  # in the <title> or a heading of the Chinese page
    en_title: str  # the same on the English page
    english: tuple[str, ...] = ()  # strings of our templates that must not stay English
    status: int = 200
    follow: bool = False
    layout: str = "base"  # "base" (templates/base.html), "admin" or "report" (their own)
    prepare: Callable[[object, Product], None] | None = field(default=None, compare=False)


def _reset_link(data: Product, language: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(data.owner.pk))
    token = default_token_generator.make_token(data.owner)
    return reverse("password_reset_confirm", args=[uid, token])


def _site_without_draft(data: Product) -> int:
    """A second site of the firm: the first has a draft, and a site has one open draft at most."""
    return SiteFactory(firm=data.firm, name="Second mine").pk


def _complete_draft(data: Product) -> int:
    """The product's draft with every answer given and confirmed: ready to submit."""
    for answer in data.draft.answers.select_related("criterion"):
        if not answer.is_answered or answer.carried_over:
            value = FULL_ANSWERS[answer.criterion.code]
            workflow.answer_save(answer=answer, user=data.owner, value=value)
    return data.draft.pk


def _document(data: Product) -> int:
    document = data.site.documents.first() or add_document(
        data.site, data.owner, valid_until=timezone.localdate() + dt.timedelta(days=30)
    )
    return document.pk


def _gap_criterion(data: Product) -> int:
    return data.submitted.answers.get(criterion__code="RIGHTS-02").criterion_id


def _action(data: Product) -> int:
    action = Action.objects.filter(site=data.site).first() or actions.action_create(
        assessment=data.submitted,
        criterion=data.submitted.answers.get(criterion__code="RIGHTS-02").criterion,
        user=data.owner,
        priority=3,
        title="Obtain the approvals",
        owner=data.owner,
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    return action.pk


def _invitation(data: Product) -> Invitation:
    invitation, _created = Invitation.objects.get_or_create(
        firm=data.firm, email="new@example.com", defaults={"role": "editor"}
    )
    return invitation


def _invitation_link(data: Product, language: str) -> str:
    return urlparse(invitation_link(_invitation(data), lambda path: path)).path


def _verification_link(data: Product, language: str) -> str:
    return urlparse(verification_link(data.owner, lambda path: path)).path


def _lock_out(client, data: Product) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": "owner", "password": "wrong"})


PAGES = [
    Page(
        "assessment:dashboard",
        lambda p, language: reverse("assessment:dashboard"),
        "owner",
        "工作台",
        "Dashboard",
        ("Portfolio and green-mine readiness", "Latest assessment", "Change your password"),
    ),
    Page(
        "assessment:firm_detail",
        lambda p, language: reverse("assessment:firm_detail", args=[p.firm.pk]),
        "owner",
        "成员",
        "Members",
        (
            "Members",
            "Invite a member",
            "Invitations not yet accepted",
            "Cancel invitation",
            "Licensed and producing",
            "Remove",
        ),
        prepare=lambda client, p: _invitation(p),
    ),
    Page(
        "assessment:site_create",
        lambda p, language: reverse("assessment:site_create", args=[p.firm.pk]),
        "owner",
        "添加矿山",
        "Add a site",
        ("Add a site", "Production scale", "Primary mineral", "Cancel", "Inner Mongolia"),
    ),
    Page(
        "assessment:site_detail",
        lambda p, language: reverse("assessment:site_detail", args=[p.site.pk]),
        "owner",
        "矿山概况",
        "Profile",
        ("Profile", "Start a new assessment", "Annual capacity", "Mining method", "submitted"),
    ),
    Page(
        "assessment:site_edit",
        lambda p, language: reverse("assessment:site_edit", args=[p.site.pk]),
        "owner",
        "编辑",
        "Edit",
        ("Production scale", "Primary mineral", "Cancel", "Save"),
    ),
    Page(
        "assessment:assessment_start",
        lambda p, language: reverse("assessment:assessment_start", args=[_site_without_draft(p)]),
        "owner",
        "开始评估",
        "Start an assessment",
        ("Start an assessment", "Framework version", "Carry answers over"),
    ),
    Page(
        "assessment:submit",
        lambda p, language: reverse("assessment:submit", args=[_complete_draft(p)]),
        "owner",
        "提交此评估",
        "Submit this assessment?",
        ("Submit and lock", "Back to the review", "can no longer be changed"),
    ),
    Page(
        "assessment:assessment_delete",
        lambda p, language: reverse("assessment:assessment_delete", args=[p.draft.pk]),
        "owner",
        "删除此草稿",
        "Delete this draft?",
        ("Delete the draft", "Keep it", "will be deleted"),
    ),
    Page(
        "assessment:document_register",
        lambda p, language: reverse("assessment:document_register", args=[p.site.pk]),
        "owner",
        "证明材料台账",
        "Evidence register",
        ("Add a document", "Documents expiring within 90 days", "Linked answers", "Valid until"),
        prepare=lambda client, p: _document(p),
    ),
    Page(
        "assessment:document_detail",
        lambda p, language: reverse("assessment:document_detail", args=[_document(p)]),
        "owner",
        "所支持的回答",
        "Supports",
        ("Upload files", "Not linked to any answer yet", "Document added", "Issuer"),
    ),
    Page(
        "assessment:document_edit",
        lambda p, language: reverse("assessment:document_edit", args=[_document(p)]),
        "owner",
        "编辑",
        "Edit",
        ("Valid until", "Issue date", "Cancel", "Save"),
    ),
    Page(
        "assessment:document_delete",
        lambda p, language: reverse("assessment:document_delete", args=[_document(p)]),
        "owner",
        "删除此文件",
        "Delete this document?",
        ("Delete the document", "Keep it", "will be deleted"),
    ),
    Page(
        "assessment:action_new",
        lambda p, language: reverse(
            "assessment:action_new", args=[p.submitted.pk, _gap_criterion(p)]
        ),
        "owner",
        "新建整改事项",
        "New action",
        ("Create the action", "Owner", "Due date", "Cancel"),
    ),
    Page(
        "assessment:action_detail",
        lambda p, language: reverse("assessment:action_detail", args=[_action(p)]),
        "owner",
        "进展记录",
        "Progress notes",
        ("Progress notes", "Change the action", "overdue", "Add the note"),
    ),
    Page(
        "assessment:site_plan",
        lambda p, language: reverse("assessment:site_plan", args=[p.site.pk]),
        "owner",
        "整改行动计划",
        "Action plan",
        ("The firm's whole plan", "overdue", "Priority", "Show"),
        prepare=lambda client, p: _action(p),
    ),
    Page(
        "assessment:firm_plan",
        lambda p, language: reverse("assessment:firm_plan", args=[p.firm.pk]),
        "owner",
        "整改行动计划",
        "Action plan",
        ("overdue", "Priority", "Show", "every area"),
        prepare=lambda client, p: _action(p),
    ),
    Page(
        "assessment:account_settings",
        lambda p, language: reverse("assessment:account_settings"),
        "owner",
        "您的设置",
        "Your settings",
        ("Reminder email", "Calendar of your due dates", "Make my calendar link", "Save"),
    ),
    Page(
        "assessment:assessment",
        lambda p, language: reverse("assessment:assessment", args=[p.draft.pk]),
        "owner",
        "问卷",
        "Questionnaire",
        ("Questionnaire", "Review and submit"),
        follow=True,
    ),
    Page(
        "assessment:questionnaire",
        lambda p, language: reverse("assessment:questionnaire", args=[p.draft.pk, "GREEN"]),
        "owner",
        "问卷",
        "Questionnaire",
        (
            "Questionnaire",
            "Review and submit",
            "Provisional results",
            "Guidance and legal reference",
            "Attach file",
            "Not applicable to this site",
            "optimised",
            "weight",
        ),
    ),
    Page(
        "assessment:review",
        lambda p, language: reverse("assessment:review", args=[p.draft.pk]),
        "owner",
        "复核",
        "Review",
        ("Review", "Incomplete", "Unsupported claims", "Back to the questionnaire"),
    ),
    Page(
        "reports:results",
        lambda p, language: reverse("reports:results", args=[p.submitted.pk]),
        "owner",
        "评估结果",
        "Results",
        (
            "Results",
            "Overall score",
            "Why this band",
            "Gaps by priority",
            "Area scores",
            "partially ready",
            "unsupported",
            "law",
        ),
    ),
    Page(
        "reports:portfolio",
        lambda p, language: reverse("reports:portfolio", args=[p.firm.pk]),
        "owner",
        "矿山总览",
        "Portfolio",
        ("Portfolio", "Green-mine readiness", "Latest submitted assessment", "days left"),
    ),
    Page(
        "reports:group_matrix",
        lambda p, language: reverse("reports:group_matrix", args=[p.firm.pk]),
        "owner",
        "集团矩阵",
        "Group matrix",
        ("Group matrix", "Sites and areas", "Group-wide top gaps", "Overdue actions"),
    ),
    Page(
        "reports:site_trend",
        lambda p, language: reverse("reports:site_trend", args=[p.site.pk]),
        "owner",
        "历次评估得分",
        "Scores over time",
        ("Scores over time", "Overall score", "Submitted"),
    ),
    Page(
        "reports:compare",
        lambda p, language: reverse("reports:compare", args=[p.submitted.pk, p.draft.pk]),
        "owner",
        "对比",
        "Compare",
        ("Compare", "Scores", "Improved", "Regressed", "Gaps closed", "Gaps opened"),
    ),
    Page(
        "assessment:answer_history",
        lambda p, language: reverse(
            "assessment:answer_history",
            args=[p.draft.pk, p.draft.answers.get(criterion__code="RIGHTS-02").criterion_id],
        ),
        "owner",
        "修改记录",
        "History",
        ("History", "Questionnaire", "Changed", "Answer"),
    ),
    Page(
        "login",
        lambda p, language: reverse("login"),
        None,
        "登录",
        "Sign in",
        ("Forgot your password?", "Username", "Password", "New to MineReady?"),
    ),
    Page(
        "login lockout",
        lambda p, language: reverse("login"),
        None,
        "登录尝试次数过多",
        "Too many sign-in attempts",
        ("Too many sign-in attempts", "Try again in"),
        status=429,
        prepare=_lock_out,
    ),
    Page(
        "assessment:signup",
        lambda p, language: reverse("assessment:signup"),
        None,
        "创建账户",
        "Create an account",
        ("Create an account", "Firm name", "Already have an account?", "Password confirmation"),
    ),
    Page(
        "assessment:signup another firm",
        lambda p, language: reverse("assessment:signup"),
        "owner",
        "创建企业",
        "Create a firm",
        ("Create a firm", "Firm name", "Create firm"),
    ),
    Page(
        "assessment:email_verify",
        _verification_link,
        None,
        "确认您的电子邮箱地址",
        "Confirm your email address",
        ("Confirm your email address", "is the address of the MineReady account"),
    ),
    Page(
        "assessment:invitation_accept",
        _invitation_link,
        None,
        "邀请",
        "Invitation",
        ("You are invited to", "Or create an account", "Create account and accept"),
    ),
    Page(
        "password_change",
        lambda p, language: reverse("password_change"),
        "owner",
        "修改密码",
        "Change your password",
        ("Change password", "Old password", "New password"),
    ),
    Page(
        "password_change_done",
        lambda p, language: reverse("password_change_done"),
        "owner",
        "密码已修改",
        "Password changed",
        ("Your password was changed.", "Back to the dashboard"),
    ),
    Page(
        "password_reset",
        lambda p, language: reverse("password_reset"),
        None,
        "重置密码",
        "Reset your password",
        ("Reset your password", "Send the link"),
    ),
    Page(
        "password_reset_done",
        lambda p, language: reverse("password_reset_done"),
        None,
        "请查收邮件",
        "Check your email",
        ("Check your email", "Back to sign in"),
    ),
    Page(
        "password_reset_confirm",
        _reset_link,
        None,
        "设置密码",
        "Choose a password",
        ("Choose a password", "Set password", "New password"),
        follow=True,
    ),
    Page(
        "password_reset_confirm expired",
        lambda p, language: reverse("password_reset_confirm", args=["MQ", "set-password-expired"]),
        None,
        "此链接已失效",
        "This link no longer works",
        ("This link no longer works", "Reset your password"),
    ),
    Page(
        "password_reset_complete",
        lambda p, language: reverse("password_reset_complete"),
        None,
        "密码已设置",
        "Password set",
        ("Password set", "You can sign in now."),
    ),
    Page(
        "admin:index",
        lambda p, language: reverse("admin:index"),
        "admin",
        "站点管理",
        "Site administration",
        ("Site administration", "Frameworks", "Framework versions", "Firms"),
        layout="admin",
    ),
    Page(
        "reports:report_preview",
        lambda p, language: reverse("reports:report_preview", args=[p.submitted.pk, language]),
        "owner",
        "合规差距报告",
        "Compliance gap report",
        ("Compliance gap report", "Executive summary", "Action plan", "Methodology", "Firm"),
        layout="report",
    ),
    Page(
        "reports:verify_report",
        lambda p, language: reverse("reports:verify_report"),
        None,
        "验证报告",
        "Verify a report",
        ("Verify a report", "Report id", "The PDF file (optional)"),
    ),
    Page(
        "reports:verify_report unknown id",
        lambda p, language: reverse("reports:verify_report") + "?report_id=ABCDEFGHJKMNPQRS",
        None,
        "验证报告",
        "Verify a report",
        ("No report with this id was issued.", "A report id has"),
    ),
    Page(
        "page not found",
        lambda p, language: reverse("assessment:site_detail", args=[p.site.pk + 1000]),
        "owner",
        "找不到页面",
        "Page not found",
        ("Page not found", "Back to the dashboard"),
        status=404,
    ),
    Page(
        "permission denied",
        lambda p, language: reverse("assessment:site_edit", args=[p.site.pk]),
        "viewer",
        "无权执行此操作",
        "Not allowed",
        ("Not allowed", "Viewers cannot change anything."),
        status=403,
    ),
]
LANGUAGES = {"en": "zh-hans", "zh-hans": "en"}  # language -> the browser's (the other one)


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes (not scripts or styles) and the attributes
    that are read out or shown; the <title> and headings separately."""

    SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-saving", "data-error"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._hidden = 0
        self._heading = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        if tag in ("title", "h1", "h2"):
            self._heading += 1
        for name, value in attrs:
            if value and (name in self.SHOWN_ATTRIBUTES or name.startswith("data-offline")):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1
        if tag in ("title", "h1", "h2"):
            self._heading -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)
            if self._heading:
                self.headings.append(data)


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    return parser


def english_left(text: str, strings: tuple[str, ...]) -> list[str]:
    return [s for s in strings if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)]


def url_names(patterns, namespace: str = "") -> set[str]:
    """Every URL name of the product as reverse() takes it (our apps' with their namespace);
    the admin's own pages are left to Django (its index is requested here)."""
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def open_page(client, data: Product, page: Page, language: str):
    user = getattr(data, page.user) if page.user else None
    if user is not None:
        client.force_login(user)
    use_language(client, language)
    if page.prepare:
        page.prepare(client, data)
    browser = {"HTTP_ACCEPT_LANGUAGE": LANGUAGES[language]}
    if page.prepare is _lock_out:
        return client.post(reverse("login"), {"username": "owner", "password": "x"}, **browser)
    return client.get(page.url(data, language), follow=page.follow, **browser)


def test_every_page_of_the_product_is_checked():
    names = url_names(get_resolver().url_patterns)
    assert {"assessment:dashboard", "reports:results", "login", "set_language"} <= names
    checked = {page.name.split(" ")[0] for page in PAGES}
    assert sorted(names - checked - set(NOT_PAGES)) == []
    assert sorted(set(NOT_PAGES) - names) == []  # no stale entries


@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_the_chinese_page_is_in_chinese(client, product, spec):
    response = open_page(client, product, spec, "zh-hans")

    assert response.status_code == spec.status
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html.lower()
    visible = read(html)
    text = " ".join(visible.parts)
    assert spec.zh_title in " ".join(visible.headings)
    signed_in = spec.user is not None and spec.prepare is None
    common = BASE_ENGLISH + (SIGNED_IN_ENGLISH if signed_in else SIGNED_OUT_ENGLISH)
    if spec.layout != "base":
        common = ()
    assert english_left(text, common + spec.english) == []


@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_the_english_page_is_in_english(client, product, spec):
    response = open_page(client, product, spec, "en")

    assert response.status_code == spec.status
    html = response.content.decode()
    assert '<html lang="en"' in html.lower()
    visible = read(html)
    assert spec.en_title in " ".join(visible.headings)
    assert spec.zh_title not in " ".join(visible.parts)
