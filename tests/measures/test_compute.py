"""The family of tests, Holm's adjustment and the typed read-back (wreslib.measures.compute)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wreslib.data.read import read_data
from wreslib.errors import DataError, NotInDataError
from wreslib.measures.compute import compute, compute_indicators, indicator_set

EXAMPLE = Path(__file__).parents[2] / "data" / "example"
SYNTHETIC = Path(__file__).parents[2] / "data" / "synthetic"


@pytest.fixture(scope="module")
def example():
    return compute_indicators(read_data(EXAMPLE), "QHG", 2024)


def test_the_years_family_is_named_and_counted(example):
    keys = sorted(t.key for t in example.tests)
    # Two staff groups (1), indicators 2 and 4 (3 is 0 ÷ 0), four survey gaps, eight survey changes, the board.
    assert keys == sorted(["1:non-clinical", "1:clinical", "2", "4", "5:gap", "6:gap", "7:gap", "8:gap",
                           *[f"{n}:{g}_change" for n in (5, 6, 7, 8) for g in ("bme", "white")], "9:voting"])


def test_holm_adjustment_worked_by_hand_for_the_example(example):
    p = np.array([t.p_value for t in example.tests])
    order = np.argsort(p)
    m = len(p)
    expected = np.maximum.accumulate(np.minimum(1, (m - np.arange(m)) * p[order]))
    adjusted = np.array([t.p_adjusted for t in example.tests])[order]
    assert adjusted == pytest.approx(expected)


def test_rating_uses_the_adjusted_p_value(example):
    r4 = example.likelihood(4)
    assert r4.likelihood.p_value < 0.05 < r4.likelihood.p_adjusted
    assert r4.rating.rule == "above_not_significant"


def test_vectorised_computation_equals_one_organisation_at_a_time():
    data = read_data(SYNTHETIC)
    comp = compute(data, years=[2024])
    for code in data.org_codes[:6]:
        alone = compute_indicators(data, code, 2024, trend_years=1)
        together = indicator_set(comp, code, 2024)
        assert together.ratings == alone.ratings
        assert together.likelihood(2) == alone.likelihood(2)
        assert together.surveys == alone.surveys
        assert together.tests == alone.tests


def test_an_organisation_not_in_the_data_is_named(example):
    with pytest.raises(NotInDataError, match="'ZZZ' is not in the data"):
        compute_indicators(EXAMPLE, "ZZZ", 2024)


def test_a_year_not_in_the_data_names_the_years_present():
    with pytest.raises(NotInDataError, match="2022, 2023, 2024"):
        compute_indicators(EXAMPLE, "QHG", 2019)


def test_a_year_that_is_not_a_number_is_refused():
    with pytest.raises(DataError, match="whole number"):
        compute_indicators(EXAMPLE, "QHG", "2024")


def test_an_organisations_part_of_a_prepared_computation_is_its_own_computation():
    # What a batch kernel does (compute everyone, lay out the tidy table once, take each organisation's
    # part) must give exactly what computing that organisation alone gives.
    import pandas as pd

    from wreslib.measures.tidy import table_of

    data = read_data(SYNTHETIC)
    every = compute(data, None, [2023, 2024]).prepare()
    whole = table_of(every)
    whole.loc[:, "value"] = -1.0  # the caller's copy: the kept table is not changed
    for code in ("ZS003", "ZS041"):
        part, alone = every.only([code]), compute(data.select([code]), [code], [2023, 2024])
        pd.testing.assert_frame_equal(table_of(part), table_of(alone))
        for year in (2023, 2024):
            assert indicator_set(part, code, year) == indicator_set(alone, code, year)
