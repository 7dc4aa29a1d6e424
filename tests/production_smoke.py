"""The production smoke test's client: one person's whole path through a running MineReady,
over HTTP only, as a browser would go (forms read from the pages, CSRF tokens included).

.ci/smoke starts the server (gunicorn, DEBUG off) and the task worker, then runs

    python -m tests.production_smoke --base-url http://127.0.0.1:PORT --mail-dir DIR

which signs up, confirms the address through the emailed link, creates a site, starts an
assessment, answers every criterion by autosave, attaches and downloads one evidence file,
submits, waits for both issued reports, downloads them and verifies each at /verify/. It prints
one line per step and exits non-zero with the step's name on any 5xx answer or missing step.
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_string, policy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

LANGUAGES = ("en", "zh-hans")
REQUEST_SECONDS = 60  # one request (gunicorn's own timeout is as long)
SERVER_START_SECONDS = 30
MAIL_SECONDS = 15
REPORTS_SECONDS = 120
# The smallest PDF libmagic names application/pdf: evidence the upload check accepts.
EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SmokeFailure(Exception):
    """A step did not happen as it should; the message says which and why."""


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # what the browser would send
    radios: dict[str, list[str]] = field(default_factory=dict)  # name: values, in page order
    selects: dict[str, list[str]] = field(default_factory=dict)  # name: option values
    types: dict[str, str] = field(default_factory=dict)  # name: input type (text, number, ...)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    def value(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def data(self) -> dict[str, list[str]]:
        """The fields as httpx sends them (a name may repeat: checkboxes)."""
        data: dict[str, list[str]] = {}
        for key, value in self.fields:
            data.setdefault(key, []).append(value)
        return data

    def set(self, name: str, value: str) -> None:
        self.fields = [(key, v) for key, v in self.fields if key != name] + [(name, value)]


class FormParser(HTMLParser):
    """Every <form> of a page with the values a browser would submit as the page stands."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(
                a.get("action", ""),
                a.get("method", "get").lower(),
                a.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            form.types.setdefault(name, kind)
            if kind == "radio":
                form.radios.setdefault(name, []).append(a.get("value", "on"))
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind == "submit":
                form.buttons.append((name, a.get("value", "")))
            elif kind != "file":
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
            form.selects[name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form.selects[self._select].append(value)
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                form.fields.append((self._select, value))
                self._select_chosen = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # a browser drops one newline right after <textarea> (Django's widget writes one)
            text = "".join(self._text)
            self._form.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields.append((self._select, self._select_first))
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def links_of(html: str) -> list[str]:
    return re.findall(r'<a\b[^>]*\bhref="([^"]+)"', html)


class Smoke:
    def __init__(
        self,
        base_url: str,
        mail_dir: Path,
        say: Callable[[str], None] = print,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.mail_dir = mail_dir
        self.say = say
        self.step = "start"
        self.client = httpx.Client(
            base_url=self.base_url,
            timeout=REQUEST_SECONDS,
            follow_redirects=False,
            event_hooks={"response": [self._refuse_server_errors]},
            transport=transport,
        )

    def _refuse_server_errors(self, response: httpx.Response) -> None:
        if response.status_code >= 500:
            raise SmokeFailure(
                f"{response.request.method} {response.request.url.path} answered "
                f"{response.status_code}"
            )

    # -- HTTP helpers ---------------------------------------------------------------------

    def get(self, path: str, expect: int = 200, **kwargs) -> httpx.Response:
        response = self.client.get(path, **kwargs)
        self._expect(response, expect)
        return response

    def post(self, path: str, expect: int = 302, **kwargs) -> httpx.Response:
        response = self.client.post(path, **kwargs)
        self._expect(response, expect)
        return response

    def _expect(self, response: httpx.Response, expect: int) -> None:
        if response.status_code != expect:
            raise SmokeFailure(
                f"{response.request.method} {response.request.url.path} answered "
                f"{response.status_code}, not {expect}: {page_text(response.text)[:300]}"
            )

    def submit(
        self, page: httpx.Response, form: Form, expect: int = 302, **kwargs
    ) -> httpx.Response:
        action = urljoin(str(page.url), form.action) if form.action else str(page.url)
        return self.post(path_of(action), expect=expect, data=form.data(), **kwargs)

    def form(self, page: httpx.Response, action_pattern: str) -> Form:
        """The page's one form whose action matches; its method must be POST."""
        found = [
            f
            for f in forms_of(page.text)
            if re.search(action_pattern, urljoin(str(page.url), f.action or str(page.url)))
        ]
        if len(found) != 1:
            raise SmokeFailure(f"{page.url.path}: {len(found)} forms match {action_pattern!r}")
        return found[0]

    def done(self, message: str) -> None:
        self.say(f"ok   {self.step}: {message}")

    # -- the path -------------------------------------------------------------------------

    def run(self) -> None:
        self.step = "server answers"
        self.wait_for_server()
        self.step = "sign up"
        firm_id = self.sign_up()
        self.step = "confirm the email address"
        self.confirm_email()
        self.step = "create a site"
        site_id = self.create_site(firm_id)
        self.step = "start an assessment"
        assessment_id = self.start_assessment(site_id)
        self.step = "answer every criterion"
        criterion_ids = self.answer_everything(assessment_id)
        self.step = "evidence upload and download"
        self.evidence(assessment_id, criterion_ids[0])
        self.step = "submit"
        self.submit_assessment(assessment_id)
        self.step = "issued reports"
        report_ids = self.wait_for_reports(assessment_id)
        for language in LANGUAGES:
            self.step = f"download the {language} report"
            pdf = self.download_report(assessment_id, language)
            self.step = f"verify the {language} report"
            self.verify(report_ids[language], pdf)

    def wait_for_server(self) -> None:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                self.get("/accounts/login/")
                break
            except httpx.TransportError as error:
                if time.monotonic() > deadline:
                    raise SmokeFailure(f"no answer from {self.base_url}: {error}") from error
                time.sleep(0.2)
        self.done(f"{self.base_url}/accounts/login/ answers 200")

    def sign_up(self) -> int:
        page = self.get("/accounts/signup/")
        form = self.form(page, r"/accounts/signup/$")
        suffix = secrets.token_hex(4)
        password = secrets.token_urlsafe(18)
        self.email = f"smoke-{suffix}@mineready.example"
        for name, value in {
            "username": f"smoke-{suffix}",
            "email": self.email,
            "password1": password,
            "password2": password,
            "firm_name": f"Smoke Mining {suffix}",
        }.items():
            form.set(name, value)
        response = self.submit(page, form)
        firm_id = int(match(r"/firms/(\d+)/$", response.headers["location"], "firm page"))
        self.done(f"{self.email}, firm {firm_id}")
        return firm_id

    def confirm_email(self) -> None:
        link = self.wait_for_mail_link(r"https?://[^\s]+/accounts/verify/[^\s/]+/")
        path = path_of(link)
        page = self.get(path)
        form = self.form(page, re.escape(path) + "$")
        self.submit(page, form)
        dashboard = self.get("/")
        if 'id="email-unverified"' in dashboard.text:
            raise SmokeFailure("the dashboard still asks to confirm the address")
        self.done(f"{path[:40]}… confirmed; the dashboard no longer asks for it")

    def wait_for_mail_link(self, pattern: str) -> str:
        deadline = time.monotonic() + MAIL_SECONDS
        while time.monotonic() < deadline:
            for body in mail_bodies(self.mail_dir, self.email):
                found = re.search(pattern, body)
                if found:
                    return found.group(0)
            time.sleep(0.2)
        raise SmokeFailure(
            f"no email to {self.email} with a link like {pattern} in {self.mail_dir}"
        )

    def create_site(self, firm_id: int) -> int:
        page = self.get(f"/firms/{firm_id}/sites/new/")
        form = self.form(page, rf"/firms/{firm_id}/sites/new/$")
        fill_site_form(form)
        response = self.submit(page, form)
        site_id = int(match(r"/sites/(\d+)/$", response.headers["location"], "site page"))
        self.done(f"site {site_id} ({form.value('name')})")
        return site_id

    def start_assessment(self, site_id: int) -> int:
        page = self.get(f"/sites/{site_id}/assessments/new/")
        form = self.form(page, rf"/sites/{site_id}/assessments/new/$")
        response = self.submit(page, form)
        location = response.headers["location"]
        assessment_id = int(match(r"/assessments/(\d+)/$", location, "assessment"))
        self.done(f"assessment {assessment_id}")
        return assessment_id

    def answer_everything(self, assessment_id: int) -> list[int]:
        first = self.get(f"/assessments/{assessment_id}/", expect=302).headers["location"]
        area_paths = [path_of(first)]
        area_pattern = rf"^/assessments/{assessment_id}/areas/[^/]+/$"
        answered: list[int] = []
        index = 0
        while index < len(area_paths):
            page = self.get(area_paths[index])
            for link in links_of(page.text):
                path = path_of(urljoin(str(page.url), link))
                if re.match(area_pattern, path) and path not in area_paths:
                    area_paths.append(path)
            for form in forms_of(page.text):
                criterion = re.search(
                    rf"/assessments/{assessment_id}/criteria/(\d+)/answer/$", form.action
                )
                if criterion:
                    self.autosave(page, form, first_choice_answer(form))
                    answered.append(int(criterion.group(1)))
            index += 1
        if not answered:
            raise SmokeFailure("the questionnaire shows no answer form")
        self.done(f"{len(answered)} answers autosaved in {len(area_paths)} areas")
        return answered

    def autosave(self, page: httpx.Response, form: Form, value: str) -> None:
        """As the page's htmx autosave: exactly the form's fields, the answer set."""
        name = next(key for key in form.types if key.endswith("-value"))
        form.set(name, value)
        response = self.submit(page, form, expect=200, headers={"HX-Request": "true"})
        if not re.search(r'class="save-state saved"', response.text):
            raise SmokeFailure(f"{form.action}: not saved: {page_text(response.text)[:300]}")

    def evidence(self, assessment_id: int, criterion_id: int) -> None:
        upload = f"/assessments/{assessment_id}/criteria/{criterion_id}/evidence/"
        page = self.get(f"/assessments/{assessment_id}/", expect=302)
        page = self.get(path_of(page.headers["location"]))
        form = self.form(page, re.escape(upload) + "$")
        self.submit(
            page, form, files={"file": ("smoke-evidence.pdf", EVIDENCE_PDF, "application/pdf")}
        )
        page = self.get(path_of(page.url.path))
        downloads = sorted({int(n) for n in re.findall(r'href="/evidence/(\d+)/"', page.text)})
        if not downloads:
            raise SmokeFailure("the uploaded file is not listed on the questionnaire")
        content = self.get(f"/evidence/{downloads[-1]}/").content
        if content != EVIDENCE_PDF:
            raise SmokeFailure(f"/evidence/{downloads[-1]}/ is not the file uploaded")
        self.done(f"evidence {downloads[-1]} ({len(content)} bytes) back byte for byte")

    def submit_assessment(self, assessment_id: int) -> None:
        review = self.get(f"/assessments/{assessment_id}/review/")
        if f"/assessments/{assessment_id}/submit/" not in review.text:
            raise SmokeFailure("the review page does not offer to submit")
        page = self.get(f"/assessments/{assessment_id}/submit/")  # says what will be locked
        form = self.form(page, rf"/assessments/{assessment_id}/submit/$")
        self.submit(page, form)
        review = self.get(f"/assessments/{assessment_id}/review/")
        if f"/assessments/{assessment_id}/submit/" in review.text:
            raise SmokeFailure("the review page still offers to submit")
        self.done(f"assessment {assessment_id} submitted and locked")

    def wait_for_reports(self, assessment_id: int) -> dict[str, str]:
        started = time.monotonic()
        while True:
            page = self.get(f"/assessments/{assessment_id}/results/")
            states = issued_states(page.text)
            failed = [language for language, (state, _id) in states.items() if state == "failed"]
            if failed:
                raise SmokeFailure(f"issuing failed for {', '.join(failed)}")
            ids = {
                lang: report_id for lang, (state, report_id) in states.items() if state == "ready"
            }
            if set(ids) == set(LANGUAGES):
                break
            if time.monotonic() - started > REPORTS_SECONDS:
                raise SmokeFailure(
                    f"reports not issued within {REPORTS_SECONDS} s: {states or 'none listed'} "
                    "(is the task worker running?)"
                )
            time.sleep(1)
        self.done(
            ", ".join(f"{lang} {ids[lang]}" for lang in LANGUAGES)
            + f" ready after {time.monotonic() - started:.0f} s"
        )
        return ids

    def download_report(self, assessment_id: int, language: str) -> bytes:
        response = self.get(f"/assessments/{assessment_id}/report/{language}.pdf")
        pdf = response.content
        if not pdf.startswith(b"%PDF-"):
            raise SmokeFailure(f"the {language} report is not a PDF: {pdf[:20]!r}")
        self.done(f"{len(pdf)} bytes, {response.headers.get('content-disposition', '')}")
        return pdf

    def verify(self, report_id: str, pdf: bytes) -> None:
        page = self.get("/verify/")
        form = self.form(page, r"/verify/$")
        form.set("report_id", report_id)
        response = self.submit(
            page, form, expect=200, files={"pdf": ("report.pdf", pdf, "application/pdf")}
        )
        verdict = re.search(r'id="verification"[^>]*>(.*?)</div>', response.text, re.S)
        if verdict is None or "This file is the report that was issued." not in verdict.group(1):
            found = page_text(verdict.group(1)) if verdict else "no verdict"
            raise SmokeFailure(f"/verify/ does not confirm report {report_id}: {found}")
        self.done(f"/verify/ says report {report_id} is the file issued")


def fill_site_form(form: Form) -> None:
    """Fill every empty field the way a person would: a name, the first choice of each list,
    a capacity, an explicit scale (so that no derivation rule can refuse the site)."""
    for name, kind in form.types.items():
        if form.value(name) or kind in ("hidden", "checkbox", "radio", "submit"):
            continue
        form.set(name, "Smoke test mine" if name == "name" else "50")
    for name, options in form.selects.items():
        chosen = [value for value in options if value]
        if chosen and not form.value(name):
            form.set(name, chosen[-1] if name == "scale" else chosen[0])


def first_choice_answer(form: Form) -> str:
    """An answer every criterion accepts: its first choice, or a number."""
    name = next((key for key in form.types if key.endswith("-value")), None)
    if name is None:
        raise SmokeFailure(f"{form.action}: the answer form has no value field")
    choices = form.radios.get(name)
    return choices[0] if choices else "50"


def issued_states(html: str) -> dict[str, tuple[str, str]]:
    """Per report language on the results page: ready (with its id), pending or failed."""
    states = {}
    for language, item in re.findall(
        r'<li[^>]*data-language="([^"]+)"[^>]*>(.*?)</li>', html, re.S
    ):
        ready = re.search(r"report id ([0-9A-Z-]+)", item)
        if ready:
            states[language] = ("ready", ready.group(1))
        elif "issuing failed" in item:
            states[language] = ("failed", "")
        elif "being issued" in item:
            states[language] = ("pending", "")
    return states


def mail_bodies(mail_dir: Path, recipient: str) -> list[str]:
    """The text of every email to `recipient` in the file mailer's folder (several messages
    per file, each followed by a line of dashes)."""
    bodies = []
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.is_dir() else []:
        for raw in path.read_text(encoding="utf-8", errors="replace").split("-" * 79):
            if not raw.strip():
                continue
            message = message_from_string(raw.strip("\n"), policy=policy.default)
            if recipient in str(message.get("To", "")):
                part = message.get_body(preferencelist=("plain",))
                bodies.append(part.get_content() if part is not None else raw)
    return bodies


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def match(pattern: str, text: str, what: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        raise SmokeFailure(f"expected a redirect to the {what}, got {text!r}")
    return found.group(1)


def page_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="production_smoke", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--mail-dir", required=True, type=Path, help="the file mailer's folder")
    arguments = parser.parse_args(argv)
    smoke = Smoke(arguments.base_url, arguments.mail_dir)
    try:
        smoke.run()
    except (SmokeFailure, httpx.HTTPError) as error:
        print(f"FAIL {smoke.step}: {error}", file=sys.stderr)
        return 1
    print("ok   production smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
