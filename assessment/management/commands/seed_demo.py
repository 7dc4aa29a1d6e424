"""Demo data: two firms with owner logins, six sites and assessments in every state.

Idempotent: objects are looked up by their demo names first, so a second run creates nothing
and prints the same lines. Each assessment is only filled in when it is created; a site that
already has assessments is left as it is. The demo password is set again on every run, so the
printed login always works.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from assessment import register
from assessment.email_verification import mark_verified
from assessment.management.demo_records import demo_plan, demo_register, tiny_pdf
from assessment.members import firm_create
from assessment.minerals import derive_scale
from assessment.models import (
    Answer,
    Assessment,
    Firm,
    FrameworkVersion,
    Membership,
    Site,
)
from assessment.submission import assessment_submit
from assessment.workflow import answer_save, assessment_start, evidence_attach

SUBMITTED, HALF_DONE, STARTED = "submitted", "half_done", "started"
# Submitted on the oldest published catalogue version, then a draft on the newest carried over
# from it: what moving to a new catalogue version looks like, with the questions whose meaning
# changed since (a raised revision) asked again.
MOVED_FORWARD = "moved_forward"
# Submitted, then the next cycle's draft carried over from it and left unchanged (it scores the
# same: `score` gives the same overall for both).
NEXT_CYCLE = "next_cycle"


@dataclass(frozen=True)
class DemoSite:
    name: str
    province: str
    minerals: list[str]
    method: str
    capacity: int | None
    licensed_producing: bool
    assessment: str | None  # SUBMITTED, HALF_DONE, STARTED, MOVED_FORWARD, NEXT_CYCLE or None
    stage: str = Site.Stage.PRODUCTION


@dataclass(frozen=True)
class DemoFirm:
    name: str
    username: str
    sites: list[DemoSite] = field(default_factory=list)


DEMO_FIRMS = [
    DemoFirm(
        "Huabei Mining Group",
        "demo-owner",
        [
            DemoSite(
                "Zhungeer open-pit coal mine", "NM", ["coal"], "open_pit", 600, True, NEXT_CYCLE
            ),
            DemoSite("Zhaoyuan gold mine", "SD", ["gold"], "underground", 10, True, HALF_DONE),
            DemoSite("Huzhou limestone quarry", "ZJ", ["limestone"], "open_pit", 30, False, None),
            DemoSite(
                "Datong underground coal mine",
                "SX",
                ["coal"],
                "underground",
                300,
                True,
                MOVED_FORWARD,
            ),
            DemoSite(
                "Hami copper exploration project",
                "XJ",
                ["copper"],
                "none",
                None,
                False,
                STARTED,
                stage=Site.Stage.EXPLORATION,
            ),
        ],
    ),
    DemoFirm(
        "Xinan Rare Earths",
        "demo-other",
        [DemoSite("Ganzhou rare-earth mine", "JX", ["rare_earths"], "open_pit", 20, True, STARTED)],
    ),
]

GOOD_COMMENTS = [
    "Checked by the compliance officer against the original documents, March 2026.",
    "Confirmed in the 2025 annual inspection; no findings.",
    "Kept in the document register (ref. HB-COMP-2026-014).",
]
WEAK_COMMENTS = [
    "Known gap: remediation plan drafted, budget approval pending.",
    "Partly in place at the main pit only; the waste dump area is not covered yet.",
    "Records incomplete for 2024; the survey team is reconstructing them.",
]
NA_JUSTIFICATION = "Does not arise at this site: no such facility or activity on the licence area."


class Command(BaseCommand):
    help = "Create (once) demo firms, owner logins, sites and assessments; print them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--framework",
            default="cn-mining-2026",
            help="code of the framework to assess against (its newest published version)",
        )
        parser.add_argument("--password", default="mineready-demo", help="the demo logins'")
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even when DEBUG is off (the demo password is public)",
        )

    def handle(self, *args, framework: str, password: str, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            self.stdout.write(
                _(
                    "seed_demo skipped: DEBUG is off and demo logins have a public password "
                    "(pass --force to seed anyway)"
                )
            )
            return
        versions = list(
            FrameworkVersion.objects.published().filter(framework__code=framework).newest_first()
        )
        if not versions:
            raise CommandError(
                _(
                    "no published version of framework '%(code)s': import it first, e.g. "
                    "manage.py import_framework fixtures/frameworks/*.yaml"
                )
                % {"code": framework}
            )
        lines: list[str] = []
        with transaction.atomic():
            for demo in DEMO_FIRMS:
                lines.extend(self.seed_firm(demo, versions, password))
        for line in lines:
            self.stdout.write(line)

    def seed_firm(
        self, demo: DemoFirm, versions: list[FrameworkVersion], password: str
    ) -> list[str]:
        """versions: the published versions, newest first (the oldest last)."""
        owner = demo_user(demo.username, password)
        firm = Firm.objects.filter(name=demo.name, memberships__user=owner).first()
        if firm is None:
            firm = firm_create(name=demo.name, owner=owner)
        Membership.objects.filter(firm=firm, user=owner).update(role=Membership.Role.OWNER)
        lines = [f"login {owner.username} {password} {firm.name}"]
        for demo_site in demo.sites:
            site = firm.sites.filter(name=demo_site.name).first() or create_site(firm, demo_site)
            assessments = list(site.assessments.order_by("pk"))
            if not assessments and demo_site.assessment in (MOVED_FORWARD, NEXT_CYCLE):
                moving = demo_site.assessment == MOVED_FORWARD
                earlier = fill_assessment(site, versions[-1 if moving else 0], owner, SUBMITTED)
                later = assessment_start(
                    site=site, version=versions[0], user=owner, carry_over=True
                )
                assessments = [earlier, later]
            elif not assessments and demo_site.assessment is not None:
                assessments = [fill_assessment(site, versions[0], owner, demo_site.assessment)]
            submitted = [a for a in assessments if a.state == Assessment.State.SUBMITTED]
            if submitted and not site.actions.exists():
                demo_plan(submitted[-1], owner)
            if not assessments:
                lines.append(f"site {site.pk} {site.name} not_started")
            lines.extend(assessment_line(a) for a in assessments)
        return lines


def assessment_line(assessment: Assessment) -> str:
    line = f"assessment {assessment.pk} {assessment.site.name} {assessment.state}"
    if assessment.carried_from_id and assessment.state == Assessment.State.DRAFT:
        line += f" carried-from {assessment.carried_from_id}"
    return line


def demo_user(username: str, password: str):
    users = get_user_model()._default_manager
    user = users.filter(username=username).first()
    if user is None:
        user = users.create_user(username=username, email=f"{username}@example.com")
    user.is_active = True
    user.set_password(password)
    user.save()
    mark_verified(user, user.email)  # demo addresses read no mail
    return user


def create_site(firm: Firm, demo: DemoSite) -> Site:
    scale = ""
    if demo.capacity is not None:
        scale = derive_scale(demo.minerals[0], demo.method, demo.capacity)
        assert scale is not None, demo  # every demo mine is in the national table
    return Site.objects.create(
        firm=firm,
        name=demo.name,
        stage=demo.stage,
        province=demo.province,
        minerals=demo.minerals,
        method=demo.method,
        annual_capacity=None if demo.capacity is None else Decimal(demo.capacity),
        scale=scale,
        scale_source=Site.ScaleSource.DERIVED if scale else Site.ScaleSource.ENTERED,
        licensed_producing=demo.licensed_producing,
    )


def fill_assessment(site: Site, version: FrameworkVersion, user, plan: str) -> Assessment:
    assessment = assessment_start(site=site, version=version, user=user)
    answers = list(
        assessment.answers.select_related("criterion__area").order_by(
            "criterion__area__order", "criterion__order", "criterion__code"
        )
    )
    count = {SUBMITTED: len(answers), HALF_DONE: len(answers) // 2, STARTED: 5}[plan]
    documents = demo_register(site, user) if plan == SUBMITTED else {}
    for index, answer in enumerate(answers[:count]):
        fill_answer(answer, index, user, attach=plan == SUBMITTED, documents=documents)
    if plan == SUBMITTED:
        assessment = assessment_submit(assessment=assessment, user=user)
    return assessment


def fill_answer(answer: Answer, index: int, user, attach: bool, documents: dict) -> None:
    """A realistic answer: mostly good, every fourth weak, some N/A; comments and files."""
    criterion = answer.criterion
    if criterion.allows_na and index % 3 == 2:
        answer_save(answer=answer, user=user, is_na=True, na_justification=NA_JUSTIFICATION)
        return
    weak = index % 4 == 1
    comments = WEAK_COMMENTS if weak else GOOD_COMMENTS
    comment = comments[index % len(comments)] if weak or index % 5 == 0 else ""
    answer_save(answer=answer, user=user, value=demo_value(criterion, weak, index), comment=comment)
    # Evidence on most answers that expect it; a few good claims stay unsupported, as in life.
    if attach and criterion.evidence_expected and index % 7 != 3:
        document = documents.get(criterion.area.code)
        if document is not None:
            register.document_link(answer=answer, document=document, user=user)
        else:
            evidence_attach(answer=answer, user=user, upload=evidence_file(answer, index))


def demo_value(criterion, weak: bool, index: int) -> str:
    kind = criterion.answer_type
    if kind == "yes_no":
        return "no" if weak else "yes"
    if kind == "yes_partial_no":
        return ("no" if index % 8 == 1 else "partial") if weak else "yes"
    if kind == "maturity":
        return "1" if weak else ("4" if index % 3 == 0 else "3")
    if kind in ("percent", "number"):
        params = criterion.parameters
        target = Fraction(str(params["target"]))
        at_least = params.get("direction", "at_least") == "at_least"
        default_zero = Fraction(0) if at_least else 2 * target
        zero_at = default_zero
        if params.get("zero_at") is not None:
            zero_at = Fraction(str(params["zero_at"]))
        value = (target + zero_at) / 2 if weak else target
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    if kind == "choice":
        options = sorted(criterion.parameters["options"], key=lambda o: Fraction(str(o["score"])))
        best, second = options[-1], options[-2] if len(options) > 1 else options[0]
        return second["value"] if weak else best["value"]
    raise ValueError(f"{criterion.code}: unknown answer type {kind!r}")


def evidence_file(answer: Answer, index: int) -> SimpleUploadedFile:
    code = answer.criterion.code
    site = answer.assessment.site.name
    kind = index % 3
    if kind == 0:
        text = (
            f"Inspection record for {code}\nSite: {site}\nInspected: 2026-03-12\n"
            "Inspector: compliance office\nResult: requirement met; documents on file.\n"
        )
        return SimpleUploadedFile(f"{code.lower()}-inspection.txt", text.encode(), "text/plain")
    if kind == 1:
        seed = zlib.crc32(code.encode())
        rows = "".join(f"2025-{month:02d},{(seed >> month) % 40 + 60}\n" for month in range(1, 13))
        data = ("month,value\n" + rows).encode()
        return SimpleUploadedFile(f"{code.lower()}-monthly.csv", data, "text/csv")
    return SimpleUploadedFile(
        f"{code.lower()}-certificate.pdf",
        tiny_pdf(f"MineReady demo evidence {code} - {site}"),
        "application/pdf",
    )
