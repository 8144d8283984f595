"""NHS ethnic category coding (NHS Data Dictionary) and the WRES grouping."""

import pytest

from wreslib.data.ethnicity import BME, UNKNOWN, WHITE, ethnic_group, group_values


@pytest.mark.parametrize("code", list("ABC"))
def test_white_codes(code):
    assert ethnic_group(code) == WHITE


@pytest.mark.parametrize("code", list("DEFGHJKLMNPRS"))
def test_bme_codes(code):
    assert ethnic_group(code) == BME


@pytest.mark.parametrize("value", ["Z", "99", "", "  ", None, "not stated", "Not Known"])
def test_not_stated_and_not_known_are_unknown(value):
    assert ethnic_group(value) == UNKNOWN


@pytest.mark.parametrize(("value", "group"), [
    ("CA", WHITE), ("ca", WHITE), ("A1", WHITE), ("PD", BME), ("LH", BME), ("SC", BME), ("ZZ", UNKNOWN),
])
def test_esr_subcodes_roll_up_by_first_character(value, group):
    assert ethnic_group(value) == group


@pytest.mark.parametrize(("value", "group"), [
    (" white ", WHITE), ("WHITE", WHITE), ("bme", BME), ("Global Majority", BME), ("BAME", BME),
    ("unknown", UNKNOWN),
])
def test_group_labels_are_case_insensitive_and_trimmed(value, group):
    assert ethnic_group(value) == group


@pytest.mark.parametrize("value", ["I", "O", "Q", "T", "X", "9", "98", "100", "ABC", "Whyte", "Asian", "-", "A-"])
def test_unrecognised_values_give_none(value):
    # I, O, Q, T are not Data Dictionary codes; "Asian" is a description, not a code or a WRES group.
    assert ethnic_group(value) is None


def test_group_values_maps_in_order():
    assert group_values(["A", "N", "99", "x", "A"]) == [WHITE, BME, UNKNOWN, None, WHITE]
