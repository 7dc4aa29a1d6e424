"""The smoke test's client (tests/production_smoke.py) reads forms and emails as a browser and a
mail reader would, and fails on a server error. The whole run is `make smoke` (.ci/smoke)."""

import httpx
import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend

from tests.production_smoke import Smoke, SmokeFailure, forms_of, issued_states, mail_bodies

PAGE = """
<form method="post" action="/sites/1/edit/">
  <input type="hidden" name="csrfmiddlewaretoken" value="token">
  <input type="text" name="name" value="Mine &amp; mill">
  <input type="radio" name="c1-value" value="yes">
  <input type="radio" name="c1-value" value="no" checked>
  <input type="checkbox" name="is_na">
  <input type="checkbox" name="minerals" value="coal" checked>
  <input type="checkbox" name="minerals" value="gold" checked>
  <select name="province">
    <option value="">---</option><option value="SX" selected>Shanxi</option>
  </select>
  <select name="method">
    <option value="open_pit">open pit</option><option value="under">under</option>
  </select>
  <textarea name="comment">
Two lines,
as typed</textarea>
  <input type="text" name="locked" value="x" disabled>
  <input type="file" name="file">
  <button type="submit" name="confirm" value="1">Confirm</button>
</form>
<form action="/verify/"><input name="report_id"></form>
"""


def test_a_form_carries_what_a_browser_would_send():
    edit, verify = forms_of(PAGE)

    assert (edit.action, edit.method, verify.method) == ("/sites/1/edit/", "post", "get")
    assert edit.fields == [
        ("csrfmiddlewaretoken", "token"),
        ("name", "Mine & mill"),
        ("c1-value", "no"),
        ("minerals", "coal"),
        ("minerals", "gold"),
        ("province", "SX"),
        ("method", "open_pit"),  # no option selected: the first
        ("comment", "Two lines,\nas typed"),
    ]
    assert edit.data()["minerals"] == ["coal", "gold"]
    assert edit.radios == {"c1-value": ["yes", "no"]}
    assert edit.buttons == [("confirm", "1")]
    assert verify.fields == [("report_id", "")]


def test_a_server_error_fails_the_step_that_met_it(tmp_path):
    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/accounts/signup/":
            return httpx.Response(500, text="Server Error")
        return httpx.Response(200, text="<html></html>")

    lines = []
    smoke = Smoke("http://127.0.0.1:1", tmp_path, lines.append, httpx.MockTransport(server))

    with pytest.raises(SmokeFailure, match="GET /accounts/signup/ answered 500"):
        smoke.run()
    assert smoke.step == "sign up"
    assert lines == ["ok   server answers: http://127.0.0.1:1/accounts/login/ answers 200"]


def test_a_missing_redirect_fails_too(tmp_path):
    form = '<form method="post" action="/accounts/signup/"><input name="username"></form>'
    smoke = Smoke(
        "http://127.0.0.1:1",
        tmp_path,
        lambda line: None,
        httpx.MockTransport(lambda request: httpx.Response(200, text=form)),
    )

    with pytest.raises(SmokeFailure, match="POST /accounts/signup/ answered 200, not 302"):
        smoke.run()


def test_emails_are_read_from_the_file_mailer_folder_decoded(tmp_path):
    link = "http://127.0.0.1:8000/accounts/verify/" + "a" * 120 + "/"
    EmailBackend(file_path=tmp_path).send_messages(
        [
            EmailMessage("Confirm", f"确认你的地址:\n{link}\n", None, ["ana@firm.example"]),
            EmailMessage("Other", "not for Ana", None, ["bo@firm.example"]),
        ]
    )

    [body] = mail_bodies(tmp_path, "ana@firm.example")

    assert link in body  # quoted-printable soft line breaks undone
    assert mail_bodies(tmp_path / "missing", "ana@firm.example") == []


def test_report_states_are_read_from_the_results_page():
    html = """
    <li data-language="en">English: <span class="badge">issued · report id ABCD-EFGH</span></li>
    <li data-language="zh-hans">中文: <span class="badge">being issued</span></li>
    """
    assert issued_states(html) == {"en": ("ready", "ABCD-EFGH"), "zh-hans": ("pending", "")}
    failed = '<li data-language="en"><span>issuing failed</span></li>'
    assert issued_states(failed) == {"en": ("failed", "")}
