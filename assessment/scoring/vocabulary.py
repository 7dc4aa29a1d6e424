"""The words of the scoring rules (DESIGN.md "Criteria carry"): each list written once here.

The models' TextChoices hold the same values with labels
(tests/assessment/test_scoring_vocabulary.py).
"""

from __future__ import annotations

from typing import Final

ANSWER_TYPES: Final = ("yes_no", "yes_partial_no", "maturity", "percent", "number", "choice")
FORCES: Final = ("law", "standard", "policy", "practice")
DIRECTIONS: Final = ("at_least", "at_most")
AT_LEAST, AT_MOST = DIRECTIONS
SITE_SCALES: Final = ("large", "medium", "small")
# A site's stage in the life of a mine (DESIGN.md "The compliance cycle").
SITE_STAGES: Final = ("exploration", "construction", "production", "closure")
# Units of measure of the national scale tables (annual capacity), which a numeric criterion
# may name as its ``unit`` instead of a label in each language: answers then read in the
# unit people use in each language ("2,000万吨/年", "20 Mt/yr"; assessment/answer_text.py).
MEASURE_UNITS: Final = ("10^4 t/yr", "10^8 m3/yr", "10^4 m3/yr")

# The values of the yes/no answer types, best first.
YES_NO: Final = ("yes", "no")
YES_PARTIAL_NO: Final = ("yes", "partial", "no")
MATURITY_LEVELS: Final = 4  # 0 not established .. 4 continually improving (answer_text.py)

# Answer statuses. N/A counts as answered for completion but drops out of every score.
ANSWERED: Final = "answered"
UNANSWERED: Final = "unanswered"
NA: Final = "na"

# Best first. A band's lower bound is inclusive; "not_ready" is everything below 50.
BANDS: Final = ("ready", "largely_ready", "partially_ready", "not_ready")
