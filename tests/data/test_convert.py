"""Cell converters (wreslib.data.convert): each value typed, or refused with what is expected."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wreslib.data.contract import BENCHMARK_MEASURES, COMMENTARY_SECTIONS, REPORT_FIELDS
from wreslib.data.convert import (
    BadValue,
    converter,
    keep_text,
    parse_action_indicators,
    parse_indicator,
    parse_measure,
    parse_nonblank,
    parse_number,
    parse_report_field,
    parse_section,
)

# --- published figures: a number that may be negative ------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1.59", 1.59),
    ("-8.62", -8.62),
    ("\u22128.62", -8.62),  # the minus sign reports print
    ("\u20138.6", -8.6),  # an en dash typed for a minus
    ("-8.6pp", -8.6),
    ("-8.6 pp", -8.6),
    ("25%", 25.0),
    ("+4.25", 4.25),
    (" 0 ", 0.0),
    ("1,234.5", 1234.5),
])
def test_a_published_figure_may_be_negative_and_carry_a_unit(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "n/a", "-", "1.2.3", "nan", "inf", "1e3", "about 2", "2x"])
def test_a_published_figure_that_is_not_a_number_is_refused(text):
    with pytest.raises(BadValue, match=r"^expected a number such as 1.59, 25.5 or -8.6"):
        parse_number(text)


def test_benchmark_value_and_report_info_value_are_different_converters():
    assert converter("benchmarks", "value")("-1") == -1.0
    assert converter("report_info", "value")(" BLMK CCG ") == "BLMK CCG"
    with pytest.raises(BadValue, match="expected some text; the cell is blank"):
        converter("report_info", "value")("  ")


# --- indicators ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1;2;4;7", (1, 2, 4, 7)),
    ("1, 2, 4 and 7", (1, 2, 4, 7)),  # as the BLMK report prints it
    ("5,6 and 8", (5, 6, 8)),
    ("5 6 8", (5, 6, 8)),
    ("8;5", (5, 8)),
    ("4;4", (4,)),
    (" 9 ", (9,)),
    ("", ()),
    ("   ", ()),
])
def test_an_action_may_list_several_indicators(text, expected):
    assert parse_action_indicators(text) == expected


@pytest.mark.parametrize("text", ["0", "10", "1;10", "1;x", "12", "1-2", ";", "and", "Indicator 1", "1.0"])
def test_an_action_indicator_outside_1_to_9_is_refused(text):
    with pytest.raises(BadValue) as bad:
        parse_action_indicators(text)
    assert str(bad.value) == ("expected indicator numbers from 1 to 9, several separated by ; or , (such as "
                              "1;2;4;7), or blank for an action that serves the whole plan")


@given(st.sets(st.integers(1, 9), min_size=1), st.sampled_from([";", ",", " ", ", ", " ; "]))
def test_any_list_of_indicators_reads_back_in_order(numbers, separator):
    written = separator.join(str(n) for n in sorted(numbers, reverse=True))
    assert parse_action_indicators(written) == tuple(sorted(numbers))


def test_a_benchmark_indicator_is_one_number_from_1_to_9():
    assert [parse_indicator(str(i)) for i in range(1, 10)] == list(range(1, 10))
    for text in ("0", "10", "1;2", ""):
        with pytest.raises(BadValue, match="expected a WRES indicator number from 1 to 9"):
            parse_indicator(text)


# --- closed lists: sections, fields, and measure names ---------------------------------------------------

def test_every_section_and_field_is_read_as_written_in_any_case():
    assert [parse_section(s.upper()) for s in COMMENTARY_SECTIONS] == list(COMMENTARY_SECTIONS)
    assert [parse_report_field(f" {f.title()} ") for f in REPORT_FIELDS] == list(REPORT_FIELDS)
    assert parse_section("Indicator 9") == "indicator_9"
    assert parse_section("indicator-3") == "indicator_3"
    assert parse_report_field("Approval date") == "approval_date"


@pytest.mark.parametrize("text", ["summary", "indicator_10", "indicator_0", "indicator", "", "intro"])
def test_an_unknown_section_is_refused(text):
    with pytest.raises(BadValue) as bad:
        parse_section(text)
    assert str(bad.value) == "expected a report section: introduction, indicator_1 to indicator_9, or conclusion"


@pytest.mark.parametrize("text", ["approver", "date", "", "notes"])
def test_an_unknown_report_field_is_refused(text):
    with pytest.raises(BadValue) as bad:
        parse_report_field(text)
    assert str(bad.value) == "expected one of predecessor, approved_by, approval_date, contributors, board_ask"


def test_measure_names_are_lower_case_identifiers():
    assert [parse_measure(m) for m in BENCHMARK_MEASURES] == list(BENCHMARK_MEASURES)
    assert parse_measure("Relative likelihood") == "relative_likelihood"
    assert parse_measure("BME-pct") == "bme_pct"
    assert parse_measure("appointed_rate_2") == "appointed_rate_2"
    for text in ("", "2nd_measure", "bme %", "gap(pp)"):
        with pytest.raises(BadValue, match="expected the name of a measure"):
            parse_measure(text)


# --- free text ----------------------------------------------------------------------------------------

def test_free_text_is_kept_as_written_apart_from_surrounding_spaces():
    paragraph = 'Our  words,\nover two lines & "quoted" <b>'
    assert parse_nonblank(f"  {paragraph} \n") == paragraph
    assert keep_text("  ") == ""


def test_the_action_plan_columns_allow_a_blank_cell():
    for column in ("action_id", "theme", "outcome", "review", "owner", "due"):
        convert = converter("actions", column)
        assert convert("") == "" and convert("  ") == ""
        assert convert(" Quarterly ") == "Quarterly"
