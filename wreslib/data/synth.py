"""The synthetic national dataset: fictional ICBs for demonstrations, batch runs and tests.

Every organisation, name, code and figure made here is invented. Codes are ``ZS001`` … (Z-prefixed,
"S" for synthetic), which no real ODS code uses; names are made-up places, each ending in
"(synthetic)"; every organisation is marked ``synthetic=true``. The distributions follow the national
figures in ``wres-method.md`` so that the reports look like real ones: ICBs of a few hundred staff, a
BME share of about a quarter (more in London), White applicants about 1.5 times as likely to be
appointed from shortlisting as BME applicants, and NHS Staff Survey levels near the national picture
for ICBs.

The same seed gives byte-identical files. Each organisation and table draws from its own stream,
``numpy.random.default_rng((seed, organisation, table))``, so an organisation's figures do not depend
on how many organisations are asked for.

The optional tables are filled too: an introduction in each organisation's ``commentary`` saying the
data is synthetic, a predecessor CCG for the first year and an approver in ``report_info``, and national
figures in ``benchmarks`` pooled over the organisations (as the survey benchmark is).

A few edge cases are placed on purpose, at fixed organisations whatever the seed, so that every batch
exercises them; ``EDGE_CASES`` lists them and ``data/synthetic/README.md`` describes them.

References
----------
NHS England, Workforce Race Equality Standard data reports (national indicator 2: 1.54 in 2022,
1.59 in 2023; indicator 3: 1.14 in 2022, 1.03 in 2023; BME share of the workforce 24.2% in 2022,
26.4% in 2023; BME board members 16.5% in 2024), as summarised in ``wres-method.md``.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.data.contract import TABLES
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

log = logging.getLogger(__name__)

DEFAULT_SEED = 2024
DEFAULT_N_ORGS = 42
DEFAULT_YEARS: tuple[int, ...] = (2022, 2023, 2024)
#: Codes are ZS + three digits, so at most 999 organisations; the edge cases sit in the first ten.
MIN_ORGS, MAX_ORGS = 10, 999

BENCHMARK = "National average for ICBs (synthetic)"
SOURCE = "synthetic"
#: The published-figures table (benchmarks): pooled over the synthetic organisations, like BENCHMARK.
NATIONAL = "National figures (synthetic)"
NATIONAL_SOURCE = "synthetic: pooled over the synthetic organisations"
#: The commentary every synthetic organisation gives for its introduction.
INTRODUCTION_TEXT = ("This report uses synthetic data, made up for demonstrations: its organisation, staff and "
                     "figures are fictional.")

#: NHS England's seven regions; organisation i (from 0) is in region i mod 7, so 42 gives 6 each.
REGIONS: tuple[str, ...] = (
    "East of England", "London", "Midlands", "North East and Yorkshire", "North West", "South East", "South West",
)
#: Mean BME share of an ICB's workforce by region outside London (London draws from 35-55%). With
#: London's six, the national mean comes to about 25%, near the 24.2-26.4% of 2022-2023.
REGION_BME_SHARE: dict[str, float] = {
    "East of England": 0.25, "Midlands": 0.27, "North East and Yorkshire": 0.18,
    "North West": 0.23, "South East": 0.22, "South West": 0.14,
}
LONDON_BME_RANGE = (0.35, 0.55)
OTHER_BME_RANGE = (0.08, 0.30)

#: Single AfC bands an ICB employs, and how a typical ICB spreads its staff over them (mostly
#: commissioning and corporate roles at bands 7 to 8b).
SINGLE_BANDS: tuple[str, ...] = (
    "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM",
)
BAND_WEIGHTS: dict[str, tuple[float, ...]] = {
    "non-clinical": (0.01, 0.05, 0.09, 0.08, 0.10, 0.16, 0.16, 0.12, 0.09, 0.07, 0.03, 0.04),
    "clinical": (0.00, 0.01, 0.02, 0.04, 0.08, 0.18, 0.24, 0.18, 0.12, 0.07, 0.03, 0.03),
}
#: BME share of each band relative to the organisation's overall share: higher in the lower bands,
#: lower in the senior ones, the gradient every WRES report shows.
BME_GRADIENT: tuple[float, ...] = (1.4, 1.4, 1.3, 1.25, 1.15, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45)
#: Share of staff in the clinical staff group (the rest are non-clinical).
CLINICAL_SHARE_RANGE = (0.15, 0.35)
UNKNOWN_SHARE_RANGE = (0.01, 0.08)
#: Largest year-on-year relative change in an organisation's total headcount.
MAX_DRIFT = 0.05
#: Yearly staff turnover: leavers are replaced by joiners drawn from the organisation's current mix,
#: so cells change smoothly from year to year instead of being drawn afresh.
TURNOVER_RANGE = (0.12, 0.20)
#: Joiners are BME 1.25 times as often as the organisation's first-year mix, so the BME share creeps
#: up, as it has nationally (24.2% in 2022, 26.4% in 2023, 28.6% in 2024).
JOINER_BME_LIFT = 1.25

#: Indicator 2: White/BME relative likelihood of appointment, lognormal around the national 1.5-1.6.
APPOINTMENT_RL_MEDIAN, APPOINTMENT_RL_SD_LOG = 1.55, 0.4
#: Indicator 3: BME/White relative likelihood of entering the formal disciplinary process (1.03-1.14).
DISCIPLINARY_RL_MEDIAN, DISCIPLINARY_RL_SD_LOG = 1.05, 0.3
DISCIPLINARY_MAX = 6
#: Indicator 4: White/BME relative likelihood of accessing non-mandatory training.
TRAINING_RL_MEDIAN, TRAINING_RL_SD_LOG = 1.1, 0.15

#: Indicators 5-8: percent answering yes, near the national average for ICBs in the 2023 survey
#: (7.66/6.25, 15.5/20.9, 53.7/36.5, 5.08/14.5 for White/BME, as the BLMK report quotes it).
SURVEY_LEVELS: dict[tuple[int, str], float] = {
    (5, WHITE): 8.0, (5, BME): 7.0,
    (6, WHITE): 15.0, (6, BME): 21.0,
    (7, WHITE): 54.0, (7, BME): 37.0,
    (8, WHITE): 5.0, (8, BME): 14.0,
}
RESPONSE_RATE_RANGE = (0.5, 0.7)
#: Board: voting members, executive members (a subset), and the mean BME share of board members.
BOARD_SIZE_RANGE, EXECUTIVE_SIZE_RANGE = (10, 16), (5, 8)
BOARD_BME_MEAN, BOARD_BME_SD = 0.17, 0.08

# --- the deliberate edge cases (fixed organisations, whatever the seed) ------------------------------

#: Published band ranges (Band 1-7, Band 8a-VSM) instead of single bands.
BAND_RANGE_ORGS: tuple[str, ...] = ("ZS003", "ZS016", "ZS029", "ZS040")
#: Small ICBs (60-150 staff).
SMALL_ORGS: tuple[str, ...] = ("ZS004", "ZS007", "ZS023")
#: Small ICBs with a low BME share whose BME survey groups are under 11 respondents in every survey year.
SMALL_SURVEY_BME_ORGS: tuple[str, ...] = ("ZS004", "ZS007")
#: No BME applicant appointed, in the middle year (2023 by default), though BME applicants were shortlisted.
ZERO_BME_APPOINTED_ORG = "ZS005"
#: No recruitment rows at all in the first year (2022 by default).
NO_RECRUITMENT_ORG = "ZS006"
#: No BME board members in any year.
ZERO_BOARD_BME_ORG = "ZS008"
#: Name and one action line that need HTML escaping.
ESCAPE_ORG = "ZS009"
ESCAPE_ORG_NAME = "NHS Ampersand & <Angle> Quay Integrated Care Board (synthetic)"
ESCAPE_ACTION_TEXT = 'Check that reports escape <b>bold?</b> & "quotes" in action text as written'
#: Nobody entering the formal disciplinary process in any year (so indicator 3 is not calculable).
ZERO_DISCIPLINARY_ORG = "ZS010"
#: One action line that serves several indicators (a report shows it under each of them).
SHARED_ACTION_ORG = "ZS002"
SHARED_ACTION: tuple[tuple[int, ...], str] = (
    (1, 2, 4, 7), "Run a talent programme with fair access to development at every band",
)
#: A commentary paragraph of the escaping organisation that needs HTML escaping too.
ESCAPE_COMMENTARY_TEXT = 'Our own words, shown as written: <i>not markup</i> & "quotes" stay as typed'

EDGE_CASES: dict[str, str] = {
    ZERO_BME_APPOINTED_ORG: "0 BME applicants appointed in the middle year (indicator 2 not calculable)",
    NO_RECRUITMENT_ORG: "no recruitment rows in the first year (indicator 2 no_data)",
    **{code: "BME survey respondents under 11 in every survey year (suppressed size)" for code in
       SMALL_SURVEY_BME_ORGS},
    ZERO_BOARD_BME_ORG: "no BME board members in any year",
    ESCAPE_ORG: "organisation name, one action line and one commentary paragraph hold & < > \" (HTML escaping)",
    SHARED_ACTION_ORG: "one action line serves indicators 1, 2, 4 and 7 (shown under each)",
    ZERO_DISCIPLINARY_ORG: "0 entering the disciplinary process in every group and year (indicator 3 not calculable)",
}

#: Invented place names (none is meant to be a real place; any likeness is accidental).
PLACE_NAMES: tuple[str, ...] = (
    "Quillhaven", "Emberwick", "Tansymere", "Marrowdene", "Cinderhurst", "Brambleholt", "Thistlecombe",
    "Junipermoor", "Saffronstead", "Kestrelmoor", "Lanternford", "Pewterhurst", "Amberwold", "Fennelstead",
    "Sorrelmere", "Tallowdene", "Wickerholt", "Mistlecombe", "Larkspur Heath", "Gorsemantle", "Hazelbright",
    "Briarwyn", "Foxgloveton", "Teasel Bay", "Mallowmere", "Wrenhallow", "Stonecrop Vale", "Dunnockbridge",
    "Sedgewhistle", "Lindenharrow", "Glimmerdale", "Corvidmoor", "Merrowind", "Wrenfield", "Pebblewick",
    "Inkwell Cross", "Candlewharf", "Tinderholt", "Lichenford", "Ottermere", "Nutmeg Hythe", "Cobaltbridge",
    "Ferrowick", "Gleamhurst", "Oakentide", "Rookharrow", "Starlingford", "Plovermead", "Curlewstead",
    "Sandpiper Reach", "Wagtail Cross", "Bittern Vale", "Nightjar Heath", "Siskinwell", "Linnetmoor",
    "Fieldfare Quay", "Redpoll Down", "Whinchat Edge", "Mothlingham", "Lacewick", "Beetlemoor", "Clovermantle",
    "Watercress Fold", "Rushlight Vale", "Tapestry Moor", "Spindlewick", "Bobbinford", "Shuttlecombe",
    "Loomstead", "Thimblemere", "Pinafore Cross", "Quiltmoor", "Buttonhythe", "Ribbonwold", "Kettlewharf",
    "Jugglestone", "Chalkwhistle", "Flintmantle", "Slatehaven", "Quartzmoor", "Garnetford", "Opalcombe",
    "Agatewick", "Beryldene", "Topazmere", "Jaspermoor", "Cindermarsh", "Velvetdale",
)

#: Generic, plainly fictional action-plan lines, each with the indicator it serves.
ACTION_LINES: tuple[tuple[int, str], ...] = (
    (1, "Refresh ethnicity self-recording in the staff record so fewer staff are unknown"),
    (1, "Run reciprocal mentoring for band 6 to 8a staff"),
    (2, "Add an independent panel member to interviews for band 8a and above"),
    (2, "Publish anonymised shortlisting guidance for recruiting managers"),
    (3, "Review every formal disciplinary case with a just-culture checklist before investigation"),
    (4, "Track access to non-mandatory training by ethnicity each quarter"),
    (4, "Ring-fence development funding for staff at bands 5 to 7"),
    (5, "Hold staff network listening sessions on abuse from the public"),
    (6, "Train line managers in responding to reports of bullying"),
    (7, "Open a talent pool with career conversations for staff at bands 5 to 7"),
    (8, "Launch an anonymous route to report discrimination"),
    (9, "Agree a board development session on race equality"),
    (9, "Invite a staff network chair to board meetings as an observer"),
)
ACTION_STATUSES: tuple[str, ...] = ("completed", "in progress", "planned")

# Stream numbers for default_rng((seed, organisation, stream)).
_NAMES, _WORKFORCE, _RECRUITMENT, _DISCIPLINARY, _TRAINING, _SURVEY, _BOARD, _POPULATION, _ACTIONS = range(9)
_ETHNICITIES: tuple[str, ...] = (WHITE, BME, UNKNOWN)


def _rng(seed: int, org_index: int, stream: int) -> np.random.Generator:
    import numpy as np

    return np.random.default_rng((seed, org_index, stream))


def _check(seed: int, n_orgs: int, years: tuple[int, ...]) -> tuple[int, ...]:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a whole number 0 or more, not {seed!r}")
    if isinstance(n_orgs, bool) or not isinstance(n_orgs, int) or not MIN_ORGS <= n_orgs <= MAX_ORGS:
        raise ValueError(f"n_orgs must be a whole number from {MIN_ORGS} (the edge cases sit in the first ten) "
                         f"to {MAX_ORGS}, not {n_orgs!r}")
    ordered = tuple(sorted({int(y) for y in years}))
    if not ordered or ordered != tuple(range(ordered[0], ordered[-1] + 1)):
        raise ValueError(f"years must be consecutive WRES years such as (2022, 2023, 2024), not {years!r}")
    return ordered


def _code(i: int) -> str:
    return f"ZS{i + 1:03d}"


def _names(seed: int, n_orgs: int) -> list[tuple[str, list[str]]]:
    """Organisation name and its two places, per organisation; the pool is shuffled by the seed."""
    pool = [PLACE_NAMES[i] for i in _rng(seed, 0, _NAMES).permutation(len(PLACE_NAMES))]
    out = []
    for i in range(n_orgs):
        if _code(i) == ESCAPE_ORG:
            out.append((ESCAPE_ORG_NAME, ["Ampersand", "Angle Quay"]))
            continue
        if 2 * i + 1 < len(pool):
            places = [pool[2 * i], pool[2 * i + 1]]
        else:  # more organisations than invented names: numbered areas
            places = [f"Synthetic Area {2 * i + 1:04d}", f"Synthetic Area {2 * i + 2:04d}"]
        out.append((f"NHS {places[0]} and {places[1]} Integrated Care Board (synthetic)", places))
    return out


def _drift(rng: np.random.Generator, trend: float, sd: float) -> float:
    """A year-on-year multiplier near ``1 + trend``, never further than MAX_DRIFT from 1."""
    return float(min(1 + MAX_DRIFT, max(1 - MAX_DRIFT, math.exp(rng.normal(trend, sd)))))


def _apportion(total: int, shares: np.ndarray) -> list[int]:
    """Whole numbers in proportion to ``shares`` that add up to ``total`` (largest remainders)."""
    exact = [total * float(share) / float(shares.sum()) for share in shares]
    whole = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (whole[i] - exact[i], i))
    for i in by_remainder[: total - sum(whole)]:
        whole[i] += 1
    return whole


class _Org:
    """One synthetic organisation's parameters and its workforce by group, year by year."""

    def __init__(self, seed: int, index: int, name: str, places: list[str], years: tuple[int, ...]) -> None:
        import numpy as np

        rng = _rng(seed, index, _WORKFORCE)
        self.index, self.code, self.name, self.places = index, _code(index), name, places
        self.region = REGIONS[index % len(REGIONS)]
        headcount = float(rng.uniform(60, 150) if self.code in SMALL_ORGS else rng.uniform(250, 900))
        if self.code in SMALL_SURVEY_BME_ORGS:
            bme = float(rng.uniform(0.08, 0.10))
        elif self.region == "London":
            bme = float(rng.uniform(*LONDON_BME_RANGE))
        else:
            bme = float(np.clip(rng.normal(REGION_BME_SHARE[self.region], 0.04), *OTHER_BME_RANGE))
        self.bme_share = bme
        unknown = float(rng.uniform(*UNKNOWN_SHARE_RANGE))
        clinical = float(rng.uniform(*CLINICAL_SHARE_RANGE))
        self.ranges = self.code in BAND_RANGE_ORGS
        weights = {g: rng.dirichlet(np.array(w) * 60 + 0.05) for g, w in BAND_WEIGHTS.items()}
        gradient = np.array(BME_GRADIENT)
        turnover = float(rng.uniform(*TURNOVER_RANGE))

        def mix(bme_share: float) -> tuple[list[tuple[str, str, str]], np.ndarray]:
            """Cells (staff group, band, ethnicity) and the share of staff expected in each."""
            groups = {"non-clinical": 1 - clinical, "clinical": clinical}
            mean_gradient = sum(share * float(weights[g] @ gradient) for g, share in groups.items())
            probs, cells = [], []
            for g, share in groups.items():
                for b, band in enumerate(SINGLE_BANDS):
                    p_bme = min(0.9 - unknown, bme_share * gradient[b] / mean_gradient)
                    for ethnicity, p in zip(_ETHNICITIES, (1 - p_bme - unknown, p_bme, unknown), strict=True):
                        probs.append(share * weights[g][b] * p)
                        cells.append((g, band, ethnicity))
            return cells, np.array(probs) / sum(probs)

        self.workforce: list[tuple[int, str, str, str, int]] = []
        #: (year) -> {White, BME, Unknown} headcount
        self.totals: dict[int, dict[str, int]] = {}
        counts = None
        for k, year in enumerate(years):
            if k:
                headcount *= _drift(rng, 0.01, 0.025)
                unknown *= _drift(rng, -0.01, 0.03)
                clinical *= _drift(rng, 0.0, 0.02)
            total = round(headcount)
            if counts is None:
                # First year: the organisation's White/BME/Unknown totals as its shares say, then each
                # group spread over staff groups and bands at random.
                cells, probs = mix(bme)
                by_ethnicity = probs.reshape(-1, len(_ETHNICITIES))
                group_totals = _apportion(total, by_ethnicity.sum(axis=0))
                counts = np.column_stack([
                    rng.multinomial(n, column / column.sum()) for n, column in zip(group_totals, by_ethnicity.T,
                                                                                  strict=True)
                ]).ravel()
            else:
                stay = round(min(total, int(counts.sum())) * (1 - turnover))
                cells, probs = mix(bme * JOINER_BME_LIFT)
                counts = rng.multivariate_hypergeometric(counts, stay) + rng.multinomial(total - stay, probs)
            table: dict[tuple[str, str], dict[str, int]] = {}
            for (g, band, ethnicity), n in zip(cells, counts, strict=True):
                if self.ranges:
                    band = "Band 1-7" if SINGLE_BANDS.index(band) <= SINGLE_BANDS.index("Band 7") else "Band 8a-VSM"
                cell = table.setdefault((g, band), dict.fromkeys(_ETHNICITIES, 0))
                cell[ethnicity] += int(n)
            totals = dict.fromkeys(_ETHNICITIES, 0)
            for (g, band), cell in table.items():
                if sum(cell.values()) == 0:
                    continue  # the organisation has nobody at this band this year
                for ethnicity in _ETHNICITIES:
                    self.workforce.append((year, g, band, ethnicity, cell[ethnicity]))
                    totals[ethnicity] += cell[ethnicity]
            self.totals[year] = totals


def _recruitment(seed: int, org: _Org, years: tuple[int, ...]) -> list[tuple[Any, ...]]:
    import numpy as np

    rng = _rng(seed, org.index, _RECRUITMENT)
    rows = []
    for k, year in enumerate(years):
        staff = org.totals[year]
        total = sum(staff.values())
        shortlisted_total = max(10, round(total * rng.uniform(0.3, 1.0)))
        unknown = rng.uniform(0.02, 0.08)
        # BME applicants are a larger share of the shortlist than of the staff, as nationally.
        known_bme = float(np.clip(staff[BME] / max(1, total) * rng.uniform(1.3, 2.0), 0.05, 0.75))
        short = rng.multinomial(shortlisted_total, [(1 - unknown) * (1 - known_bme), (1 - unknown) * known_bme,
                                                    unknown])
        p_white = rng.uniform(0.15, 0.35)
        ratio = math.exp(rng.normal(math.log(APPOINTMENT_RL_MEDIAN), APPOINTMENT_RL_SD_LOG))
        p_bme = min(0.95, p_white / ratio)
        p_unknown = min(0.95, (p_white + p_bme) / 2 * rng.uniform(0.8, 1.2))
        appointed = [int(rng.binomial(int(n), p)) for n, p in zip(short, (p_white, p_bme, p_unknown), strict=True)]
        if org.code == NO_RECRUITMENT_ORG and k == 0:
            continue
        if org.code == ZERO_BME_APPOINTED_ORG and k == len(years) // 2:
            short[1] = max(int(short[1]), 8)
            appointed[1] = 0
        for ethnicity, s, a in zip(_ETHNICITIES, short, appointed, strict=True):
            rows.append((org.code, year, ethnicity, int(s), a))
    return rows


def _disciplinary(seed: int, org: _Org, years: tuple[int, ...]) -> list[tuple[Any, ...]]:
    rng = _rng(seed, org.index, _DISCIPLINARY)
    rate = rng.uniform(0.004, 0.01)  # entering the formal process, per member of staff per year
    ratio = math.exp(rng.normal(math.log(DISCIPLINARY_RL_MEDIAN), DISCIPLINARY_RL_SD_LOG))
    rows = []
    for year in years:
        staff = org.totals[year]
        for ethnicity, factor in zip(_ETHNICITIES, (1.0, ratio, 1.0), strict=True):
            entered = min(DISCIPLINARY_MAX, staff[ethnicity], int(rng.poisson(rate * factor * staff[ethnicity])))
            if org.code == ZERO_DISCIPLINARY_ORG:
                entered = 0
            rows.append((org.code, year, ethnicity, entered))
    return rows


def _training(seed: int, org: _Org, years: tuple[int, ...]) -> list[tuple[Any, ...]]:
    rng = _rng(seed, org.index, _TRAINING)
    rows = []
    for year in years:
        staff = org.totals[year]
        p_white = rng.uniform(0.15, 0.5)
        ratio = math.exp(rng.normal(math.log(TRAINING_RL_MEDIAN), TRAINING_RL_SD_LOG))
        probs = (p_white, min(0.95, p_white / ratio), p_white * rng.uniform(0.6, 1.0))
        for ethnicity, p in zip(_ETHNICITIES, probs, strict=True):
            rows.append((org.code, year, ethnicity, int(rng.binomial(staff[ethnicity], p))))
    return rows


def _survey(seed: int, org: _Org, years: tuple[int, ...]) -> list[tuple[Any, ...]]:
    """Survey rows with the hidden yes-count last (dropped before output, pooled for the benchmark)."""
    rng = _rng(seed, org.index, _SURVEY)
    # The organisation's own lean on each question, stable across years.
    effect = {key: rng.normal(0, 0.25) for key in SURVEY_LEVELS}
    rows = []
    for survey_year in range(years[0] - 1, years[-1]):
        # The survey runs in the autumn; the nearest snapshot gives the staff who could answer.
        staff = org.totals[min(years, key=lambda y: abs(y - survey_year))]
        rate = rng.uniform(*RESPONSE_RATE_RANGE)
        base = {g: round(staff[g] * rate) for g in (WHITE, BME)}
        for indicator in (5, 6, 7, 8):
            for group in (WHITE, BME):
                n = min(staff[group], max(1, base[group] - int(rng.integers(0, 4))))
                if org.code in SMALL_SURVEY_BME_ORGS and group == BME:
                    n = min(n, 10)
                level = SURVEY_LEVELS[(indicator, group)] / 100
                logit = math.log(level / (1 - level)) + effect[(indicator, group)] + rng.normal(0, 0.08)
                yes = int(rng.binomial(n, 1 / (1 + math.exp(-logit)))) if n else 0
                if n == 0:
                    continue  # no staff in this group: the survey has no row for it
                rows.append((org.code, survey_year, indicator, group, n, round(100 * yes / n, 1), yes))
    return rows


def _board(seed: int, org: _Org, years: tuple[int, ...]) -> list[tuple[Any, ...]]:
    import numpy as np

    rng = _rng(seed, org.index, _BOARD)
    p_bme = 0.0 if org.code == ZERO_BOARD_BME_ORG else float(np.clip(rng.normal(BOARD_BME_MEAN, BOARD_BME_SD), 0, 0.4))
    probs = [1 - p_bme - 0.04, p_bme, 0.04]

    def member() -> str:
        return _ETHNICITIES[int(rng.choice(3, p=probs))]

    size = int(rng.integers(BOARD_SIZE_RANGE[0], BOARD_SIZE_RANGE[1] + 1))
    executives = int(rng.integers(EXECUTIVE_SIZE_RANGE[0], EXECUTIVE_SIZE_RANGE[1] + 1))
    # Executives first, then the non-executive voting members.
    board = [member() for _ in range(size)]
    rows = []
    for k, year in enumerate(years):
        if k:
            for seat in rng.choice(len(board), size=int(rng.integers(0, 4)), replace=False):
                board[int(seat)] = member()
            change = int(rng.integers(-1, 2))
            if change > 0 and len(board) < BOARD_SIZE_RANGE[1]:
                board.append(member())
            elif change < 0 and len(board) > BOARD_SIZE_RANGE[0]:
                board.pop()
        for ethnicity in _ETHNICITIES:
            rows.append((org.code, year, ethnicity, board.count(ethnicity), board[:executives].count(ethnicity)))
    return rows


def _population(seed: int, org: _Org) -> list[tuple[Any, ...]]:
    rng = _rng(seed, org.index, _POPULATION)
    a, b = org.places
    n_areas = int(rng.integers(1, 5))
    areas = {1: [f"{a} and {b}"], 2: [a, b], 3: [a, b, f"North {a}"], 4: [a, b, f"North {a}", f"South {b}"]}[n_areas]
    rows = []
    for area in areas:
        pct = round(min(80.0, max(1.0, 100 * org.bme_share * rng.uniform(0.6, 1.4))), 1)
        rows.append((org.code, area, pct, SOURCE))
    return rows


def _actions(seed: int, org: _Org, year: int) -> list[tuple[Any, ...]]:
    rng = _rng(seed, org.index, _ACTIONS)
    chosen = sorted(int(i) for i in rng.choice(len(ACTION_LINES), size=int(rng.integers(2, 5)), replace=False))
    rows = []
    for k, i in enumerate(chosen):
        indicator, text = ACTION_LINES[i]
        written: int | str = indicator
        if org.code == ESCAPE_ORG and k == 0:
            text = ESCAPE_ACTION_TEXT
        if org.code == SHARED_ACTION_ORG and k == 0:
            written, text = ";".join(str(n) for n in SHARED_ACTION[0]), SHARED_ACTION[1]
        status = ACTION_STATUSES[int(rng.integers(0, 3))]
        # action_id, then theme, outcome, review, owner and due, which the generic lines leave blank.
        rows.append((org.code, year, written, status, text, f"A{k + 1}", None, None, None, None, None))
    return rows


def _commentary(org: _Org, years: tuple[int, ...]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = [(org.code, years[-1], "introduction", INTRODUCTION_TEXT)]
    if org.code == ESCAPE_ORG:
        rows.append((org.code, years[-1], "conclusion", ESCAPE_COMMENTARY_TEXT))
    return rows


def _report_info(org: _Org, years: tuple[int, ...]) -> list[tuple[Any, ...]]:
    # ICBs took over from CCGs on 1 July 2022, so a first year of 2022 holds a CCG's figures.
    predecessor = f"NHS {org.places[0]} and {org.places[1]} CCG (synthetic)"
    return [(org.code, years[0], "predecessor", predecessor),
            (org.code, years[-1], "approved_by", "Board (synthetic)")]


def _national(rows: dict[str, list[tuple[Any, ...]]], years: tuple[int, ...]) -> list[tuple[Any, ...]]:
    """Published-style national figures pooled over every organisation: indicators 2, 3, 4 and 9 by year."""
    def pooled(table: str, column: int) -> dict[tuple[int, str], int]:
        sums: dict[tuple[int, str], int] = {}
        for row in rows[table]:
            key = (row[1], row[-2] if table == "workforce" else row[2])
            sums[key] = sums.get(key, 0) + row[column]
        return sums

    staff = pooled("workforce", -1)
    short, appointed = pooled("recruitment", 3), pooled("recruitment", 4)
    entered, accessed, voting = pooled("disciplinary", 3), pooled("training", 3), pooled("board", 3)

    def rate(counts: dict[tuple[int, str], int], base: dict[tuple[int, str], int], year: int, group: str) -> float:
        return counts.get((year, group), 0) / base[(year, group)]

    out = []
    for year in years:
        figures = {
            2: rate(appointed, short, year, WHITE) / rate(appointed, short, year, BME),
            3: rate(entered, staff, year, BME) / rate(entered, staff, year, WHITE),
            4: rate(accessed, staff, year, WHITE) / rate(accessed, staff, year, BME),
        }
        for indicator, value in figures.items():
            out.append((NATIONAL, year, indicator, "relative_likelihood", round(value, 2), NATIONAL_SOURCE))
        board = sum(voting.get((year, g), 0) for g in _ETHNICITIES)
        out.append((NATIONAL, year, 9, "board_bme_pct", round(100 * voting.get((year, BME), 0) / board, 2),
                    NATIONAL_SOURCE))
    return out


def generate(
    seed: int = DEFAULT_SEED, n_orgs: int = DEFAULT_N_ORGS, years: tuple[int, ...] = DEFAULT_YEARS
) -> dict[str, pd.DataFrame]:
    """Make the synthetic national dataset: every table of the data contract, for fictional ICBs.

    Parameters
    ----------
    seed : int, default 2024
        Seed of numpy's ``default_rng``; the same seed always gives the same tables.
    n_orgs : int, default 42
        Number of organisations (10 to 999), coded ``ZS001`` onwards.
    years : tuple of int, default (2022, 2023, 2024)
        Consecutive WRES years; the survey covers the year before each (2021-2023 by default).

    Returns
    -------
    dict of str to pandas.DataFrame
        One frame per table that ``wres synth`` writes (every table of ``wreslib.data.contract.TABLES``
        but the published figures, which only ``wres audit`` reads), keyed and ordered as there, with the
        columns in contract order.

    Raises
    ------
    ValueError
        If the seed is negative, ``n_orgs`` is out of range or the years are not consecutive.

    References
    ----------
    National WRES figures as summarised in ``wres-method.md``; NHS England, WRES technical guidance.

    Examples
    --------
    >>> tables = generate(seed=7, n_orgs=10)
    >>> list(tables) == [name for name, spec in TABLES.items() if spec.in_synthetic]
    True
    >>> orgs = tables["organisations"]
    >>> orgs["org_code"].iloc[0], orgs["org_code"].iloc[-1], set(orgs["synthetic"])
    ('ZS001', 'ZS010', {'true'})
    """
    import pandas as pd

    years = _check(seed, n_orgs, years)
    names = _names(seed, n_orgs)
    orgs = [_Org(seed, i, name, places, years) for i, (name, places) in enumerate(names)]

    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    for org in orgs:
        rows["organisations"].append((org.code, org.name, "ICB", org.region, BENCHMARK, "true"))
        rows["workforce"] += [(org.code, *row) for row in org.workforce]
        rows["recruitment"] += _recruitment(seed, org, years)
        rows["disciplinary"] += _disciplinary(seed, org, years)
        rows["training"] += _training(seed, org, years)
        rows["survey"] += _survey(seed, org, years)
        rows["board"] += _board(seed, org, years)
        rows["population"] += _population(seed, org)
        rows["actions"] += _actions(seed, org, years[-1])
        rows["commentary"] += _commentary(org, years)
        rows["report_info"] += _report_info(org, years)

    # The benchmark pools the organisations' own yes-counts and respondents.
    pooled: dict[tuple[int, int, str], list[int]] = {}
    for _, survey_year, indicator, group, n, _, yes in rows["survey"]:
        total = pooled.setdefault((survey_year, indicator, group), [0, 0])
        total[0] += yes
        total[1] += n
    rows["survey_benchmarks"] = [
        (BENCHMARK, survey_year, indicator, group, round(100 * yes / n, 2))
        for (survey_year, indicator, group), (yes, n) in sorted(
            pooled.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] != WHITE))
    ]
    rows["survey"] = [row[:-1] for row in rows["survey"]]
    rows["benchmarks"] = _national(rows, years)

    log.debug("generated %d synthetic organisations for %s (seed %d)", n_orgs, years, seed)
    return {name: pd.DataFrame(rows[name], columns=list(spec.columns)) for name, spec in TABLES.items()
            if spec.in_synthetic}


def write(out_dir: str | Path, seed: int = DEFAULT_SEED, n_orgs: int = DEFAULT_N_ORGS) -> list[Path]:
    """Write the synthetic dataset as one CSV per table (UTF-8, header row, ``\\n`` line endings).

    The folder is made if it does not exist; existing table files in it are replaced. The same seed
    gives byte-identical files. ``wres synth`` calls this.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write into.
    seed : int, default 2024
        Seed of numpy's ``default_rng``.
    n_orgs : int, default 42
        Number of organisations (10 to 999).

    Returns
    -------
    list of Path
        The files written, in contract order (``organisations.csv`` first).

    Raises
    ------
    ValueError
        As ``generate``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [path.name for path in write(folder, seed=7, n_orgs=10)][:3]
    ['organisations.csv', 'workforce.csv', 'recruitment.csv']
    """
    tables = generate(seed=seed, n_orgs=n_orgs)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in tables.items():
        path = folder / TABLES[name].file
        frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        paths.append(path)
    log.info("wrote %d synthetic tables to %s", len(paths), folder)
    return paths


_DEMO: list[Path] = []


def demo_folder() -> Path:
    """The synthetic demo's folder: the checkout's ``data/synthetic`` (what ``wres synth`` wrote with the
    default seed), or, in an installed wreslib without the checkout, the same files written once per
    process to a temporary folder.

    Examples
    --------
    >>> (demo_folder() / "organisations.csv").is_file()
    True
    """
    import tempfile

    import wreslib

    checkout = Path(wreslib.__file__).resolve().parent.parent / "data" / "synthetic"
    if (checkout / "organisations.csv").is_file():
        return checkout
    if not _DEMO:
        folder = Path(tempfile.mkdtemp(prefix="wres-synthetic-"))
        write(folder)
        _DEMO.append(folder)
    return _DEMO[0]
