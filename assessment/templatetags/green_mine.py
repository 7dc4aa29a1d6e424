"""The green-mine rules as the scoring package states them, for the texts of pages and the PDF."""

from django import template

from assessment.scoring import green_mine

register = template.Library()


@register.simple_tag
def green_mine_rules() -> dict:
    """Use as {% green_mine_rules as rules %}; targets are shares (print them with |percent)."""
    return {
        "ready_at": green_mine.GREEN_READY_AT,
        "deadline": green_mine.GREEN_MINE_DEADLINE,
        "large_target": float(green_mine.GREEN_MINE_TARGETS["large"]),
        "medium_target": float(green_mine.GREEN_MINE_TARGETS["medium"]),
    }
