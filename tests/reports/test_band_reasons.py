"""The reasons for a band as the results page and the report list them
(reports/presentation.py, band_reason_items): one sentence per reason, except that failed gates,
or law criteria at 0, with the same band cap and status share one sentence naming them all."""

from fractions import Fraction

import pytest
from django.utils import translation

from assessment.scoring import bands, vocabulary
from reports.presentation import band_reason_items, band_reason_text

AREAS = {"RIGHTS": "Rights", "GREEN": "Green"}
SCORE = bands.BandReason(kind="score", band="largely_ready", value_exact=Fraction(73), threshold=70)


def gate(code, value, status=vocabulary.ANSWERED):
    return bands.BandReason(
        kind="failed_gate",
        band="partially_ready",
        code=code,
        area=code.split("-")[0],
        value_exact=Fraction(value),
        status=status,
        lowers_band=True,
    )


def law(code, status=vocabulary.ANSWERED):
    return bands.BandReason(
        kind="law_zero",
        band="partially_ready",
        code=code,
        area=code.split("-")[0],
        value_exact=Fraction(0),
        status=status,
        lowers_band=True,
    )


def texts(reasons):
    with translation.override("en"):
        return [item["text"] for item in band_reason_items(reasons, AREAS)]


def test_a_reason_alone_reads_as_its_own_sentence():
    reasons = [SCORE, gate("RIGHTS-01", "0.5"), law("GREEN-01")]
    with translation.override("en"):
        expected = [band_reason_text(reason, AREAS) for reason in reasons]
    assert texts(reasons) == expected
    assert expected[1] == (
        "Gate criterion RIGHTS-01 (Rights) failed with a score of 0.50 (below 1), which caps the "
        "band at partially ready."
    )


def test_reasons_of_a_kind_share_one_sentence_in_order_of_their_first():
    reasons = [
        SCORE,
        gate("RIGHTS-01", 0),
        gate("RIGHTS-02", "0.5"),
        gate("GREEN-03", 0, status=vocabulary.UNANSWERED),
        gate("GREEN-04", 0, status=vocabulary.UNANSWERED),
        law("RIGHTS-01"),
        law("GREEN-01"),
        law("GREEN-05", status=vocabulary.UNANSWERED),
        law("GREEN-06", status=vocabulary.UNANSWERED),
    ]
    assert texts(reasons) == [
        "The overall score of 73.00 is at least 70: largely ready.",
        "Gate criteria RIGHTS-01 (0.00), RIGHTS-02 (0.50) failed with scores below 1, which caps "
        "the band at partially ready.",
        "Gate criteria GREEN-03, GREEN-04 are unanswered and so failed, which caps the band at "
        "partially ready.",
        "Law criteria RIGHTS-01, GREEN-01 score 0, which caps the band at partially ready.",
        "Law criteria GREEN-05, GREEN-06 are unanswered and so score 0, which caps the band at "
        "partially ready.",
    ]
    items = band_reason_items(reasons, AREAS)
    assert [item["reason"].code for item in items] == [
        None,
        "RIGHTS-01",
        "GREEN-03",
        "RIGHTS-01",
        "GREEN-05",
    ]
    assert all(item["reason"].lowers_band for item in items[1:])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Law criteria RIGHTS-01, GREEN-01 score 0, which caps the band at partially ready."),
        ("zh-hans", "法律类评估项 RIGHTS-01、GREEN-01 得 0 分，等级最高为“部分就绪”。"),
    ],
)
def test_the_shared_sentence_is_in_the_active_language(language, expected):
    with translation.override(language):
        items = band_reason_items([law("RIGHTS-01"), law("GREEN-01")], AREAS)
    assert [item["text"] for item in items] == [expected]
