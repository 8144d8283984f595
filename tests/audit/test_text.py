"""wreslib.audit.text: the plain text and Markdown of an audit, and the example README's audit section,
which must be the audit's own output (so that it cannot go stale)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wreslib.audit.audit import audit
from wreslib.audit.text import findings, format_markdown, format_text, summary_line

README = Path(__file__).parents[2] / "data" / "example" / "README.md"
BEGIN, END = "<!-- wres audit: begin -->", "<!-- wres audit: end -->"


@pytest.fixture(scope="module")
def result(example_data):
    return audit(example_data, "QHG", 2024)


def readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(BEGIN) + r"\n(.*)" + re.escape(END), text, re.DOTALL)
    assert found, f"{README} lacks the {BEGIN} … {END} section"
    return found.group(1)


def test_the_example_readme_lists_exactly_what_the_audit_finds(result):
    expected = format_markdown(result)
    assert readme_section() == expected, (
        "data/example/README.md's audit section differs from the audit: replace what lies between the markers "
        "with the output of: wres audit --data data/example --org QHG --year 2024 --markdown")


def test_the_text_names_every_disagreeing_figure_once_with_its_diagnoses(result):
    text = format_text(result)
    assert summary_line(result) in text
    assert text.count("Indicator 4, relative_likelihood, 2023: published 0.52") == 1
    assert "were 89 instead of 99" in text
    assert "the band tables add up to 397 staff" in text
    disagree = findings(result, "disagrees")
    assert f"FIGURES THAT DISAGREE WITH THE COUNTS ({len(disagree)})" in text


def test_the_summary_counts_agree_disagree_and_cannot_check(result):
    n = len(result.claims)
    line = summary_line(result)
    assert line.startswith(f"{n} published figures (2022-2024): ")
    assert sum(result.count(v) for v in ("agrees", "disagrees", "cannot_check")) == n
