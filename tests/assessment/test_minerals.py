"""The national production-scale table (国土资发〔2004〕208号) as minerals.py holds it."""

import pytest

from assessment.minerals import derive_scale, scale_band


@pytest.mark.parametrize("mineral", ["chromium", "titanium", "vanadium"])
@pytest.mark.parametrize(
    ("capacity", "scale"),
    [(20, "large"), (10, "large"), (7, "medium"), (5, "medium"), (4, "small")],
)
def test_chromium_titanium_and_vanadium_have_their_own_row(mineral, capacity, scale):
    assert derive_scale(mineral, "underground", capacity) == scale
    assert scale_band(mineral, "underground").verified


def test_rock_gold_is_a_confirmed_row():
    band = scale_band("gold", "underground")
    assert (band.large, band.medium, band.verified) == (15, 6, True)
    assert derive_scale("gold", "underground", 10) == "medium"


@pytest.mark.parametrize("mineral", ["rare_earths", "lithium", "niobium_tantalum", "zirconium"])
def test_rare_earths_and_rare_metals_share_a_confirmed_row(mineral):
    band = scale_band(mineral, "open_pit")
    assert (band.large, band.medium, band.verified) == (100, 30, True)


@pytest.mark.parametrize("mineral", ["iron", "silver", "manganese"])
def test_rows_not_legible_in_the_copy_read_are_marked_unconfirmed(mineral):
    assert scale_band(mineral, "open_pit").verified is False
