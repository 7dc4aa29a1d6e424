"""Hostile input: random and malformed values posted to the autosave, the site form and the
member form never cause a server error and never leave invalid data behind; names and comments
with HTML or script are shown as text; odd evidence file names are refused or made safe."""

from __future__ import annotations

import string
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.minerals import MINERALS
from assessment.models import Answer, Evidence, Membership, Site
from assessment.provinces import PROVINCES
from assessment.workflow import AnswerError, answer_save, clean_answer_value

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SCRIPT = "<script>alert(1)</script>"
NASTY = [
    "",
    " ",
    "\x00",
    "yes\x00",
    "\x00\x01\x1b[31m\x7f",
    "\u202eevil",
    "１２",
    "٣",
    "1e999999",
    "-1e999999",
    "1e-400",
    "-0",
    "NaN",
    "-Infinity",
    "0x10",
    "1_000",
    "  YES ",
    "Partial",
    "4.0",
    "-1",
    "101",
    "100.0000000000001",
    SCRIPT,
    "' OR 1=1 --",
    "../../etc/passwd",
    "{{ 7*7 }}",
    "9" * 5000,
    "x" * 100_000,
    "矿" * 1000,
]
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
values = st.one_of(text, st.lists(text, min_size=0, max_size=3))  # lists: repeated fields


def post(client, url: str, data: dict, **extra):
    """A POST that may carry anything a browser could send, repeated fields included."""
    return client.post(url, {key: value for key, value in data.items()}, **extra)


# --- autosave -----------------------------------------------------------------------------------


def answer_is_valid(answer: Answer) -> bool:
    criterion = answer.criterion
    if answer.value is not None:
        try:
            if clean_answer_value(criterion, answer.value) != answer.value:
                return False
        except AnswerError:
            return False
    if answer.is_na and not (criterion.allows_na and answer.na_justification.strip()):
        return False
    texts = (answer.comment, answer.na_justification)
    return not any("\x00" in value for value in texts)


def stored(answer: Answer) -> tuple:
    answer.refresh_from_db()
    return (answer.value, answer.is_na, answer.na_justification, answer.comment)


def test_random_autosaves_never_fail_and_never_store_an_invalid_answer(login, editor, assessment):
    client = login(editor)
    answers = list(assessment.answers.select_related("criterion").order_by("pk"))

    @EXAMPLES
    @given(
        index=st.integers(0, len(answers) - 1),
        value=values,
        comment=values,
        is_na=st.one_of(st.none(), values),
        justification=values,
        htmx=st.booleans(),
    )
    def autosave(index, value, comment, is_na, justification, htmx):
        answer = answers[index]
        before = stored(answer)
        prefix = f"c{answer.criterion_id}-"
        data = {f"{prefix}value": value, f"{prefix}comment": comment}
        if is_na is not None:
            data[f"{prefix}is_na"] = is_na
            data[f"{prefix}na_justification"] = justification
        url = reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
        response = post(client, url, data, **(HTMX if htmx else {}))
        assert response.status_code in (200, 302, 400)
        after = stored(answer)
        assert answer_is_valid(answer), after
        if response.status_code == 400:
            assert after == before  # refused: nothing changed

    autosave()


def test_a_request_too_large_to_read_is_refused_with_413(login, editor, assessment):
    """More in tests/project/test_request_size.py."""
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
    response = login(editor).post(
        url, {f"c{answer.criterion_id}-comment": "x" * (3 * 1024 * 1024)}, **HTMX
    )
    assert response.status_code == 413
    answer.refresh_from_db()
    assert answer.comment == ""


def test_a_body_that_is_not_utf8_is_not_a_server_error(login, editor, assessment):
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
    body = f"c{answer.criterion_id}-value=%FF%FEyes&c{answer.criterion_id}-comment=%C0%80"
    response = login(editor).post(
        url, body, content_type="application/x-www-form-urlencoded", **HTMX
    )
    assert response.status_code in (200, 400)
    answer.refresh_from_db()
    assert answer_is_valid(Answer.objects.select_related("criterion").get(pk=answer.pk))


def test_the_workflow_refuses_values_of_every_python_type(editor, assessment):
    answer = assessment.answers.select_related("criterion").get(criterion__code="GREEN-01")
    for value in (["50"], {"v": 1}, object(), b"50", float("nan"), True, 10**400, "1e5"):
        with pytest.raises(ValidationError):
            answer_save(answer=answer, user=editor, value=value)
    answer.refresh_from_db()
    assert answer.value is None


# --- site form ----------------------------------------------------------------------------------

site_values = {
    "name": st.one_of(text, st.just("Heidaigou coal mine")),
    "province": st.one_of(text, st.sampled_from(sorted(PROVINCES))),
    "primary_mineral": st.one_of(text, st.sampled_from(sorted(MINERALS))),
    "other_minerals": st.one_of(values, st.lists(st.sampled_from(sorted(MINERALS)), max_size=3)),
    "stage": st.one_of(text, st.sampled_from(Site.Stage.values)),
    "method": st.one_of(text, st.sampled_from(Site.Method.values)),
    "annual_capacity": st.one_of(text, st.sampled_from(["600", "0.5", "-3", "1e12", "12.3456"])),
    "scale": st.one_of(text, st.sampled_from(["", *Site.Scale.values])),
    "licensed_producing": st.one_of(st.none(), text),
}


def site_is_valid(site: Site) -> bool:
    try:
        site.full_clean()
    except ValidationError:
        return False
    return (
        bool(site.name.strip())
        and "\x00" not in site.name
        and site.province in PROVINCES
        and bool(site.minerals)
        and all(code in MINERALS for code in site.minerals)
        and len(set(site.minerals)) == len(site.minerals)
        and (site.annual_capacity is None or site.annual_capacity >= Decimal(0))
    )


def test_random_site_forms_never_fail_and_never_store_an_invalid_site(login, owner, firm):
    client = login(owner)
    url = reverse("assessment:site_create", args=[firm.pk])

    @EXAMPLES
    @given(st.fixed_dictionaries({}, optional=site_values))
    def create(data):
        count = Site.objects.count()
        fields = {key: value for key, value in data.items() if value is not None}
        response = post(client, url, fields)
        assert response.status_code in (200, 302)
        assert Site.objects.count() == count + (response.status_code == 302)
        if response.status_code == 302:
            assert site_is_valid(Site.objects.latest("pk"))

    create()
    assert all(site_is_valid(site) for site in Site.objects.all())


# --- member form --------------------------------------------------------------------------------

emails = st.one_of(
    text,
    st.emails(),
    st.sampled_from(
        [
            "new.person@example.com",
            "NEW.PERSON@EXAMPLE.COM",
            "owner@example.com",
            "a@b",
            "x@" + "y" * 300 + ".com",
            "person@例子.中国",
            "<script>@example.com",
            "person@example.com\x00",
            "person@example.com\nBcc: victim@example.com",
        ]
    ),
)


def test_random_member_forms_never_fail_and_never_store_an_invalid_member(login, owner, firm):
    client = login(owner)
    url = reverse("assessment:member_add", args=[firm.pk])

    @EXAMPLES
    @given(email=st.one_of(emails, st.lists(emails, max_size=2)), role=values)
    def add(email, role):
        count = Membership.objects.count()
        response = post(client, url, {"email": email, "role": role})
        assert response.status_code in (200, 302)
        assert Membership.objects.count() == count + (response.status_code == 302)

    add()
    for membership in Membership.objects.select_related("user"):
        assert membership.role in Membership.Role.values
        validate_email(membership.user.email)
        assert "\n" not in membership.user.email and "\x00" not in membership.user.username


# --- HTML and script are shown as text ----------------------------------------------------------


def test_html_in_names_and_comments_is_shown_as_text(login, owner, firm, assessment):
    firm.name = f"Firm {SCRIPT}"
    firm.save()
    site = assessment.site
    site.name = f"Site {SCRIPT}"
    site.save()
    answer = assessment.answers.select_related("criterion").get(criterion__code="RIGHTS-01")
    answer_save(answer=answer, user=owner, value="yes", comment=f"Comment {SCRIPT}")
    owner.username = f"owner{SCRIPT}"  # shown in the menu and in the history
    owner.save()
    client = login(owner)
    pages = [
        reverse("assessment:dashboard"),
        reverse("assessment:firm_detail", args=[firm.pk]),
        reverse("assessment:site_detail", args=[site.pk]),
        reverse("assessment:site_edit", args=[site.pk]),
        reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"]),
        reverse("assessment:review", args=[assessment.pk]),
        reverse("assessment:answer_history", args=[assessment.pk, answer.criterion_id]),
    ]
    for url in pages:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert SCRIPT not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


# --- evidence file names ------------------------------------------------------------------------


def upload(client, assessment, name: str, content: bytes = PDF):
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, **HTMX)


@pytest.mark.parametrize(
    "name",
    [
        "permit\x00.pdf",
        "permit.pdf\x00.exe",
        "..\\..\\windows\\permit.pdf",
        "/etc/permit.pdf",
        "permit\u202efdp.pdf",
        "per\nmit\r.pdf",
        f"{SCRIPT}.pdf",
        "许可证" * 100 + ".pdf",
        "p" * 1000 + ".pdf",
    ],
)
def test_odd_file_names_are_stored_safely_or_refused(login, editor, assessment, name):
    response = upload(login(editor), assessment, name)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert SCRIPT not in page
    for evidence in Evidence.objects.all():
        shown = evidence.original_name
        assert shown and len(shown) <= 200
        assert all(ch.isprintable() for ch in shown)
        assert "/" not in shown and "\\" not in shown and ".." not in shown
        assert shown.endswith(".pdf")
        assert evidence.file.name.startswith(f"evidence/{assessment.pk}/")
        assert set(evidence.file.name.rsplit("/", 1)[1]) <= set(string.hexdigits + ".pdf")


def test_a_long_file_name_keeps_its_extension(login, editor, assessment):
    response = upload(login(editor), assessment, "inspection-report-" * 30 + ".pdf")
    assert response.status_code == 200
    assert Evidence.objects.get().original_name.endswith(".pdf")
