"""The organisation report's content, rendered in-process (no kernel): page one, each fact once, the
organisation's own words, indicator 1 by staff group, escaping, the display label, and length."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

from wreslib.products import report

ROOT = Path(__file__).parents[3]
EXAMPLE = ROOT / "data" / "example"
SYNTHETIC = ROOT / "data" / "synthetic"
PUBLISHED_WORDS = 4267  # the published BLMK report's visible words (issue 14)


@pytest.fixture(scope="module")
def example():
    return report.build(EXAMPLE, "QHG", 2024)


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def test_page_one_is_the_summary(example):
    order = [s.anchor for s in example.sections()]
    assert order[:3] == ["title", "summary", "introduction"]
    summary = example.summary().text()
    assert "Of the nine indicators in 2024, three red (indicators 2, 7 and 8)" in summary
    assert "Headlines" in summary and "What changed" in summary and "Top actions" in summary


def test_headlines_are_plain_counts(example):
    text = example.summary().text()
    # The published report's own count: 9 of 95 BME applicants appointed, against 30 of 92 White.
    assert "9 of 95 BME applicants were appointed from shortlisting, against 30 of 92 White applicants." in text
    assert "25.0% of 48 BME respondents" in text


def test_caveat_that_changes_the_reading_is_on_page_one(example):
    text = example.summary().text()
    assert "ethnicity is unknown for 96 of 283 shortlisted applicants (33.9%)" in text.lower()


def test_what_changed_says_whether_more_than_chance(example):
    text = example.summary().text()
    assert "No indicator changed by more than chance would give since 2022 (7 changes tested" in text


def test_main_body_is_no_longer_than_the_published_report(example):
    assert words(example.main_text()) <= PUBLISHED_WORDS


def test_no_long_sentence_appears_more_than_twice(example):
    counted = collections.Counter(s for s in sentences(example.main_text()) if len(s.split()) >= 8)
    assert [s for s, n in counted.items() if n > 2] == []


def test_the_action_plan_appears_once_and_sections_link_to_it(example):
    page = example.page()
    text = example.main_text()
    line = "Implement Equality representatives in Interview panel"
    assert text.count(line) == 2  # once in the plan, once among page one's top actions
    assert 'Actions for this indicator: I2.1, I2.2, I2.3' in example.indicator(2).text()
    assert 'href="#action-plan"' in page and 'id="action-plan"' in page


def test_a_shared_outcome_is_said_once_under_its_theme(example):
    text = example.action_plan().text()
    assert text.count("Equity in likelihood of appointment") == 1


def test_the_organisations_own_words_are_shown_and_marked(example):
    section = example.indicator(2)
    assert "The organisation's comment" in section.text()
    assert "This is a negative increase from 2023." in section.text()
    assert '<blockquote class="voice">' in str(section.html())


def test_predecessor_and_contributors_are_shown(example):
    assert "Figures for 2022 are those of BLMK CCG." in example.title().text()
    assert "Contributors: Chief People Officer" in example.conclusion().text()


def test_indicator_1_rates_each_staff_group(example):
    text = example.indicator(1).text()
    assert "Non-clinical staff: White staff were 1.05 times as likely as BME staff" in text
    assert "Clinical staff: White staff were 0.76 times as likely as BME staff" in text
    groups = {g.staff_group: g.rating.rag for g in example.ctx.current.workforce.groups}
    assert groups == {"non-clinical": "green", "clinical": "amber"}


def test_glossary_defines_the_terms_a_board_meets(example):
    text = example.glossary().text()
    for term in ("Relative likelihood", "Confidence interval", "Percentage points", "four-fifths rule"):
        assert term in text


def test_appendix_holds_provenance_and_the_generated_rule(example):
    text = example.appendix().text()
    assert example.ctx.provenance.data_checksum in text
    assert "wreslib 0." in text and "pandas" in text
    assert "Green: from 0.80 to 1.25 inclusive" in text
    assert "Every test behind the report" in text


def test_a_shared_page_names_no_folder_of_the_machine(example):
    page = example.page()
    assert str(EXAMPLE) not in page and "/home/" not in page and "/work/" not in page


def test_global_majority_label_replaces_bme_everywhere_but_the_organisations_own_words():
    r = report.build(EXAMPLE, "QHG", 2024, bme_label="Global Majority")
    # The organisation's own words (comments, action plan lines, outcomes) stay as written.
    own = re.compile(r'<blockquote class="voice".*?</blockquote>|<table[^>]*class="data actions".*?</table>'
                     r'|<(ul|div) class="[^"]*own-words[^"]*">.*?</\1>', re.S)
    page = own.sub("", r.page())
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)[^>]*>.*?</\1>", "", page, flags=re.S))
    visible = re.sub(r"data:image/svg\+xml;base64,\S+", "", visible)
    assert "Global Majority" in visible
    assert re.findall(r"\bBME\b", visible) == []


def test_text_from_data_is_escaped():
    r = report.build(SYNTHETIC, "ZS009", 2024)
    page = r.page()
    assert "<Angle>" not in page and "&lt;Angle&gt;" in page
    assert "<b>bold?</b>" not in page and "&lt;b&gt;bold?&lt;/b&gt;" in page


def test_synthetic_organisations_carry_the_marker():
    page = report.build(SYNTHETIC, "ZS001", 2024).page()
    assert 'class="synthetic-marker"' in page and "Synthetic data." in page


def test_a_zero_in_one_group_is_reported_not_dropped(org_folder, builders):
    org = builders.Organisation(workforce={2024: {("clinical", "Band 5"): (288, 96, 0)}},
                                disciplinary={2024: (0, 4, 0)})
    r = report.build(org_folder(org), "AAA", 2024)
    text = r.indicator(3).text()
    assert "no upper limit" in text and "at least 3.14 times" in text
    assert r.ctx.current.ratings[3] == "red"
    assert "indicator 3" in r.summary().text()


def test_a_missing_table_is_said_in_words(org_folder, builders):
    r = report.build(org_folder(builders.Organisation()), "AAA", 2024)
    assert "There is no data for indicator 2 in 2024: there is no recruitment.csv in the data." in \
        r.indicator(2).text()
