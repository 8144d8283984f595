"""AfC band and staff-group parsing, spans and the published ranges."""

import pytest

from wreslib.data.bands import band_span, parse_band, parse_staff_group, published_range, sort_key


@pytest.mark.parametrize(("text", "band"), [
    ("Band 5", "Band 5"), (" band 5 ", "Band 5"), ("BAND 8A", "Band 8a"), ("Band 8d", "Band 8d"),
    ("vsm", "VSM"), ("Under Band 1", "Under Band 1"), ("consultant", "Consultant"),
    ("Trainee grade", "Trainee grade"), ("not recorded", "Not recorded"),
    ("Band 1-7", "Band 1-7"), ("Band 1 - 7", "Band 1-7"), ("Bands 1 to 7", "Band 1-7"), ("band 8a-vsm", "Band 8a-VSM"),
    ("Band 8a – Band 9", "Band 8a-9"), ("Band 5-7", "Band 5-7"),
])
def test_bands_as_analysts_write_them(text, band):
    assert parse_band(text) == band


@pytest.mark.parametrize("text", ["Band 10", "Band 8e", "Band 0", "Band 7-1", "8a", "Grade 5", "", "Band 5-5"])
def test_unrecognised_bands_give_none(text):
    assert parse_band(text) is None


def test_spans_follow_the_afc_scale():
    # Under Band 1 = 0, Band 1..7 = 1..7, 8a..8d = 8..11, Band 9 = 12, VSM = 13 (counted by hand).
    assert band_span("Under Band 1") == (0, 0)
    assert band_span("Band 7") == (7, 7)
    assert band_span("Band 8a-VSM") == (8, 13)
    assert band_span("Band 1-7") == (1, 7)
    assert band_span("Not recorded") is None


@pytest.mark.parametrize(("band", "rng"), [
    ("Band 2", "Band 1-7"), ("Under Band 1", "Band 1-7"), ("Band 8c", "Band 8a-VSM"), ("VSM", "Band 8a-VSM"),
    ("Band 1-7", "Band 1-7"), ("Band 8a-9", "Band 8a-VSM"), ("Band 5-8a", None), ("Consultant", None),
])
def test_published_range_of_a_band(band, rng):
    assert published_range(band) == rng


def test_sort_order_is_the_pay_scale():
    bands = ["VSM", "Consultant", "Band 2", "Band 8a", "Not recorded", "Band 1-7"]
    assert sorted(bands, key=sort_key) == ["Band 1-7", "Band 2", "Band 8a", "VSM", "Consultant", "Not recorded"]


@pytest.mark.parametrize(("text", "group"), [
    ("Non-Clinical", "non-clinical"), ("non clinical", "non-clinical"), ("CLINICAL", "clinical"),
    ("Medical and Dental", "medical"), ("other", "other"), ("nurse", None), ("", None),
])
def test_staff_groups(text, group):
    assert parse_staff_group(text) == group
