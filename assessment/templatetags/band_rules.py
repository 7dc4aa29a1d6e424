"""The readiness bands as the scoring package states them, for the texts of pages and the PDF."""

from django import template

from assessment.scoring import bands

register = template.Library()


@register.simple_tag
def band_rules() -> dict:
    """Use as {% band_rules as rules %}: the lower bound of each band and the area cap."""
    bounds = {band: threshold for threshold, band in bands.BAND_THRESHOLDS}
    return {
        "ready_at": bounds["ready"],
        "largely_ready_at": bounds["largely_ready"],
        "partially_ready_at": bounds["partially_ready"],
        "area_cap_below": bands.AREA_CAP_BELOW,
    }
