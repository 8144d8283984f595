"""Typed results of an audit: small frozen dataclasses; the JSON and the text are made at the edge.

An audit holds one :class:`Claim` per published figure (what was printed, what the counts give, the
verdict and, for a figure that disagrees, the :class:`Diagnosis` of each single slip that reproduces it)
and one :class:`Check` per test of the published figures against each other (bands against totals,
percentages against counts, a sentence's direction against its numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AGREES",
    "CANNOT_CHECK",
    "CONSISTENT",
    "DIAGNOSIS_KINDS",
    "DISAGREES",
    "EXIT_ALL_AGREE",
    "EXIT_SOME_DISAGREE",
    "INCONSISTENT",
    "VERDICTS",
    "AuditResult",
    "Check",
    "Claim",
    "Diagnosis",
    "Input",
]

AGREES, DISAGREES, CANNOT_CHECK = "agrees", "disagrees", "cannot_check"
VERDICTS: tuple[str, ...] = (AGREES, DISAGREES, CANNOT_CHECK)
CONSISTENT, INCONSISTENT = "consistent", "inconsistent"
#: Exit statuses of ``wres audit`` (data contract): 0 every figure agrees, 3 some disagree.
EXIT_ALL_AGREE, EXIT_SOME_DISAGREE = 0, 3

#: Every kind of single slip the diagnosis searches, in the order diagnoses are listed, with what it means.
DIAGNOSIS_KINDS: dict[str, str] = {
    "groups_swapped": "the figure of another ethnic group (White and BME swapped, or a gap taken White minus BME)",
    "ratio_inverted": "the relative likelihood the other way round (1 divided by it)",
    "reversed": "a difference taken the other way round (workforce minus board, earlier minus later)",
    "percent_for_ratio": "a ratio printed as a percentage (0.81 printed as 81%)",
    "denominator_with_unknown": "a group's rate worked over everyone (unknown ethnicity included) instead of the "
                                "group's own total",
    "denominator_without_unknown": "a share that leaves out staff of unknown ethnicity, where WRES counts them",
    "other_count": "one count replaced by another from the same tables: a neighbouring year's, another "
                   "group's or another table's",
    "digit_dropped": "one count with a digit dropped (99 typed as 9)",
    "digit_added": "one count with a digit added (99 typed as 909)",
    "digit_changed": "one count with one digit changed (99 typed as 89)",
    "digits_transposed": "one count with two neighbouring digits swapped (309 typed as 390)",
    "rounded_intermediates": "worked from rounded figures: the report's own printed percentages, percentages "
                             "rounded or truncated first, or the figure rounded in two steps",
    "unexplained": "no single slip reproduces the figure",
}


@dataclass(frozen=True)
class Input:
    """One count (or figure) a recomputed value comes from: what it is, its value, and where it is."""

    label: str
    value: float
    where: str


@dataclass(frozen=True)
class Diagnosis:
    """A single slip that reproduces a published figure exactly at its printed precision.

    ``count`` names the count the slip concerns (None when the slip is in the method, such as an
    inverted ratio), ``value`` is the value it would have had, ``actual`` its value in the data, ``source``
    says where that value comes from (``training.csv, row 5``, ``one digit changed``), and ``reproduces``
    is what the slip gives, printed as the report printed the figure; ``match`` whether that is by rounding
    or truncation. ``corroborated_by`` lists other printed figures the same slip reproduces (the printed
    26.97% beside a ratio of 0.52 that both come from 89 BME staff). ``sentence`` says it all in words.
    """

    kind: str
    sentence: str
    reproduces: str | None = None
    count: str | None = None
    value: float | None = None
    actual: float | None = None
    source: str | None = None
    match: str | None = None
    corroborated_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """One published figure checked against the organisation's own counts.

    ``published`` is the text as printed; ``recomputed`` the value the counts give (None when it cannot
    be computed) and ``recomputed_printed`` that value printed as the figure was (same decimals and
    unit). ``precision`` is the number of decimals printed; ``rounding`` says how the recomputed value
    gives the printed one (``rounded``, ``truncated``, ``rounded or truncated``) when it agrees.
    ``verdict`` is ``agrees``, ``disagrees`` or ``cannot_check``, with ``reason`` in words. ``inputs`` are
    the counts the value comes from; ``diagnoses`` the single slips that reproduce a figure that disagrees;
    ``notes`` remarks that do not change the verdict (a difference of percentages printed with "%").
    """

    indicator: int
    measure: str
    year: int
    published: str
    verdict: str
    source: str = ""
    row: int | None = None
    group: str | None = None
    staff_group: str | None = None
    band: str | None = None
    recomputed: float | None = None
    recomputed_printed: str | None = None
    precision: int | None = None
    unit: str = ""
    rounding: str | None = None
    reason: str | None = None
    formula: str | None = None
    inputs: tuple[Input, ...] = ()
    diagnoses: tuple[Diagnosis, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """The claim as an analyst finds it: indicator, measure, year, cell and source."""
        cell = ", ".join(x for x in (self.staff_group, self.band) if x)
        return (f"indicator {self.indicator} {self.measure} {self.year}" + (f" ({cell})" if cell else "")
                + (f", {self.source}" if self.source else ""))


@dataclass(frozen=True)
class Check:
    """One test of published figures against each other (no counts of the data are used).

    ``kind``: ``parts_and_total``, ``bands_and_total``, ``shares_sum``, ``share_and_counts``,
    ``survey_share_and_respondents``, ``difference_and_parts``, ``ratio_and_rates``,
    ``direction_and_numbers`` or ``same_figure``. ``figures`` lists the published figures used, each as
    its text and where it appears.
    """

    kind: str
    indicator: int
    year: int
    verdict: str
    sentence: str
    figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditResult:
    """The audit of one organisation's published figures: every claim and every consistency check.

    ``year`` is the report's year; claims may concern any year the report prints (``years``).
    """

    org_code: str
    org_name: str
    year: int
    published_file: str
    claims: tuple[Claim, ...]
    checks: tuple[Check, ...] = ()
    data_checksum: str = ""
    wreslib_version: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({c.year for c in self.claims}))

    def count(self, verdict: str) -> int:
        """How many claims have this verdict."""
        return sum(1 for c in self.claims if c.verdict == verdict)

    @property
    def disagreeing(self) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.verdict == DISAGREES)

    @property
    def inconsistent(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.verdict == INCONSISTENT)

    @property
    def exit_status(self) -> int:
        """3 when any figure disagrees with the counts or with another published figure, else 0."""
        return EXIT_SOME_DISAGREE if self.disagreeing or self.inconsistent else EXIT_ALL_AGREE
