"""The layout of the offline questionnaire (one sheet per area, one row per criterion), which the
export writes and the import reads: its columns and their headers in both languages, where the
rows start, the hidden sheet that names the assessment, and the checksums of the hidden ids."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("en", "zh-hans")
FORMAT = "mineready-questionnaire-1"
META_SHEET = "MineReady"  # very hidden: format, assessment id, language, signature
LISTS_SHEET = "Lists"  # hidden: the answers each dropdown offers
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    width: int
    hidden: bool = False
    editable: bool = False


COLUMNS = (
    Column("criterion", _("Criterion id"), 10, hidden=True),
    Column("version", _("Answer version"), 10, hidden=True),
    Column("checksum", _("Checksum"), 10, hidden=True),
    Column("code", _("Code"), 12),
    Column("question", _("Question"), 50),
    Column("guidance", _("Guidance"), 40),
    Column("legal_reference", _("Legal reference"), 28),
    Column("allowed", _("Valid answers"), 24),
    Column("answer", _("Answer"), 20, editable=True),
    Column("is_na", _("N/A"), 8, editable=True),
    Column("na_justification", _("Why it does not apply"), 30, editable=True),
    Column("comment", _("Comment"), 40, editable=True),
)
COLUMN_NUMBER = {column.key: index for index, column in enumerate(COLUMNS, start=1)}
# The columns an import reads; the others are there for the person.
READ_COLUMNS = ("criterion", "version", "checksum", "code", "answer", "is_na")
READ_COLUMNS += ("na_justification", "comment")


def headers(language: str) -> list[str]:
    with translation.override(language):
        return [str(column.header) for column in COLUMNS]


def header_keys() -> dict[str, str]:
    """Each column's header in either language (as compared: case and spaces ignored) -> key."""
    return {
        folded(text): column.key
        for language in LANGUAGES
        for column, text in zip(COLUMNS, headers(language), strict=True)
    }


def column_label(key: str) -> str:
    """A column's header in the active language (for messages)."""
    return str(COLUMNS[COLUMN_NUMBER[key] - 1].header)


def folded(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def row_checksum(assessment_id: int, criterion_id: int, version: int) -> str:
    """What the hidden checksum cell holds: ids edited in the file no longer match it."""
    value = f"{assessment_id}:{criterion_id}:{version}"
    return salted_hmac("exchange.questionnaire.row", value, algorithm="sha256").hexdigest()[:20]


def file_signature(assessment_id: int) -> str:
    return salted_hmac(
        "exchange.questionnaire.file", str(assessment_id), algorithm="sha256"
    ).hexdigest()[:20]


def checksum_matches(expected: str, given: object) -> bool:
    return isinstance(given, str) and constant_time_compare(expected, given)
