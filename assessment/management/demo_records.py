"""The demo's register documents and action plan (seed_demo), and the small PDFs it uploads."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessment import actions, register
from assessment.models import Assessment, Document, Site
from assessment.results import assessment_results

# The register documents of a submitted demo site: (area they support, kind, title, number,
# issuer, days from today to its last valid day). The permit expires within 90 days.
DEMO_DOCUMENTS = [
    ("RIGHTS", "permit", "Mining permit", "C1500002011061120114035",
     "Department of Natural Resources", 75),
    ("SAFETY", "licence", "Safety production licence", "(NM)FM-AX-2024-0117",
     "Emergency Management Department", 800),
]  # fmt: skip


def demo_register(site: Site, user) -> dict[str, Document]:
    """The site's register documents by the area they support (created once)."""
    today = timezone.localdate()
    documents = {}
    for area, kind, title, number, issuer, days in DEMO_DOCUMENTS:
        document = site.documents.filter(title=title).first() or register.document_add(
            site=site,
            user=user,
            uploads=[(SimpleUploadedFile(f"{kind}.pdf", tiny_pdf(f"{title} {number}")), None)],
            kind=kind,
            title=title,
            number=number,
            issuer=issuer,
            issued_on=today - dt.timedelta(days=3 * 365),
            valid_until=today + dt.timedelta(days=days),
        )
        documents[area] = document
    return documents


# The demo plan of a submitted site, for its gaps in priority order: (status, days from today to
# the due date or None, a note). Two overdue, one due soon, one done and one verified with the
# register's permit as proof, the rest open.
DEMO_PLAN = [
    ("open", -20, ""),
    ("in_progress", -5, "Survey ordered; the contractor starts next week."),
    ("in_progress", 20, "Draft plan with the safety department for review."),
    ("done", -40, "Done: the updated register entry is attached."),
    ("verified", -60, "Checked against the original certificate."),
    ("open", 75, ""),
    ("open", None, ""),
]


DEMO_STEPS = {
    "open": [],
    "in_progress": ["in_progress"],
    "done": ["done"],
    "verified": ["done", "verified"],
}


def demo_plan(assessment: Assessment, owner) -> None:
    today = timezone.localdate()
    permit = assessment.site.documents.filter(kind=Document.Kind.PERMIT).first()
    rows = assessment_results(assessment).gap_rows()
    for row, (status, days, note) in zip(rows, DEMO_PLAN, strict=False):
        action = actions.action_create(
            assessment=assessment,
            criterion=row.criterion,
            user=owner,
            priority=row.gap.priority,
            title=actions.default_title(row.criterion),
            description=row.criterion.remediation,
            owner=owner,
            due_on=None if days is None else today + dt.timedelta(days=days),
        )
        for step in DEMO_STEPS[status]:
            actions.action_update(action=action, user=owner, is_owner=True, status=step)
        if status in ("done", "verified") and permit is not None:
            action.documents.set([permit])
        if note:
            actions.note_add(action=action, user=owner, text=note)


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF showing one line of ASCII text, with a correct cross-reference table."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "").replace("(", "[")
    safe = safe.replace(")", "]")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
