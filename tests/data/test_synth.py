"""Tests for wreslib.data.synth, the synthetic national dataset.

Expected values are independent of the generator: the national figures of ``wres-method.md``
(BME share of the workforce 24-29%, indicator 2 about 1.5-1.6), the data contract's rules, and
ratios worked out here from the written counts by hand.
"""

from __future__ import annotations

import re
from pathlib import Path
from statistics import median

import pytest

from wreslib.data import synth
from wreslib.data.contract import ORG_CODE_PATTERN, TABLES

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "data" / "synthetic"
YEARS = (2022, 2023, 2024)
REGIONS = {"East of England", "London", "Midlands", "North East and Yorkshire", "North West", "South East",
           "South West"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    synth.write(folder, seed=2024)
    return folder


@pytest.fixture(scope="module")
def tables():
    return synth.generate(seed=2024)


@pytest.fixture(scope="module")
def data(written: Path):
    from wreslib.data.read import read_data

    return read_data(written)


def _rows(tables, name: str) -> list[dict]:
    return tables[name].to_dict("records")


# --- determinism ---------------------------------------------------------------------------------

def test_same_seed_writes_identical_bytes(written: Path, tmp_path: Path) -> None:
    again = synth.write(tmp_path / "again", seed=2024)
    assert [p.name for p in again] == [spec.file for spec in TABLES.values() if spec.in_synthetic]
    for path in again:
        assert path.read_bytes() == (written / path.name).read_bytes(), path.name


def test_different_seed_gives_different_data(tables) -> None:
    other = synth.generate(seed=2025)
    assert not other["workforce"].equals(tables["workforce"])
    assert not other["recruitment"].equals(tables["recruitment"])
    assert list(other["organisations"]["org_code"]) == list(tables["organisations"]["org_code"])


def test_committed_folder_equals_generated_output(written: Path) -> None:
    committed = sorted(p.name for p in COMMITTED.glob("*.csv"))
    assert committed == sorted(spec.file for spec in TABLES.values() if spec.in_synthetic)
    for name in committed:
        assert (COMMITTED / name).read_bytes() == (written / name).read_bytes(), (
            f"data/synthetic/{name} differs from generate(seed=2024): regenerate it with wres synth --seed 2024, "
            "never edit it by hand")
    assert (COMMITTED / "README.md").is_file()


def test_csv_format_is_utf8_with_unix_line_endings_and_contract_columns(written: Path) -> None:
    for spec in (s for s in TABLES.values() if s.in_synthetic):
        raw = (written / spec.file).read_bytes()
        assert b"\r" not in raw
        text = raw.decode("utf-8")
        assert text.splitlines()[0] == ",".join(spec.columns)
        assert text.endswith("\n")


@pytest.mark.parametrize("kwargs", [{"seed": -1}, {"n_orgs": 3}, {"n_orgs": 1000}, {"years": (2022, 2024)}])
def test_bad_arguments_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        synth.generate(**kwargs)


# --- the contract ------------------------------------------------------------------------------

def test_written_folder_reads_with_no_faults_or_warnings(data) -> None:
    assert data.faults == ()
    assert data.warnings == ()
    assert set(data.tables) == {name for name, spec in TABLES.items() if spec.in_synthetic}


def test_organisations_are_fictional_icbs_in_every_region(data) -> None:
    orgs = data.tables["organisations"]
    assert len(orgs) >= 42
    assert orgs["synthetic"].map(lambda v: v is True).all()
    assert all(code.startswith("ZS") and ORG_CODE_PATTERN.match(code) for code in orgs["org_code"])
    assert all(name.endswith("(synthetic)") for name in orgs["org_name"])
    assert orgs["org_name"].is_unique
    assert set(orgs["org_type"]) == {"ICB"}
    per_region = orgs["region"].value_counts()
    assert set(per_region.index) == REGIONS
    assert per_region.min() >= 5 and per_region.max() <= 7


def test_every_organisation_has_workforce_rows_for_each_year(data) -> None:
    for code in data.org_codes:
        assert data.years(code) == list(YEARS), code


def test_counts_respect_their_limits(tables) -> None:
    for row in _rows(tables, "recruitment"):
        assert 0 <= row["appointed"] <= row["shortlisted"]
    for row in _rows(tables, "board"):
        assert 0 <= row["executive"] <= row["voting"]
    for row in _rows(tables, "disciplinary"):
        assert 0 <= row["entered"] <= 6


# --- plausible distributions (checked by hand from the counts) ------------------------------------------

def _totals(tables, name: str, value: str) -> dict[tuple[str, int], dict[str, int]]:
    out: dict[tuple[str, int], dict[str, int]] = {}
    for row in _rows(tables, name):
        cell = out.setdefault((row["org_code"], row["year"]), {"White": 0, "BME": 0, "Unknown": 0})
        cell[row["ethnicity"]] += row[value]
    return out


def test_national_bme_share_of_the_workforce_is_plausible(tables) -> None:
    staff = _totals(tables, "workforce", "headcount")
    bme = sum(c["BME"] for c in staff.values())
    everyone = sum(sum(c.values()) for c in staff.values())
    assert 0.15 <= bme / everyone <= 0.40
    unknown = sum(c["Unknown"] for c in staff.values())
    assert 0.01 <= unknown / everyone <= 0.08
    orgs = {r["org_code"]: r["region"] for r in _rows(tables, "organisations")}

    def share(code: str) -> float:
        c = staff[(code, 2022)]
        return c["BME"] / sum(c.values())

    # The shares drawn for the first year: London 35-55%, elsewhere 8-30% (whole people aside).
    london = [share(code) for code, region in orgs.items() if region == "London"]
    elsewhere = [share(code) for code, region in orgs.items() if region != "London"]
    assert min(london) >= 0.34 and max(london) <= 0.56
    assert min(elsewhere) >= 0.07 and max(elsewhere) <= 0.31
    # ... and the national share rises year by year, as it has (24.2% in 2022, 26.4% in 2023).
    by_year = [sum(c["BME"] for (_, y), c in staff.items() if y == year)
               / sum(sum(c.values()) for (_, y), c in staff.items() if y == year) for year in YEARS]
    assert by_year == sorted(by_year)


def test_bme_share_falls_from_lower_to_senior_bands(tables) -> None:
    by_band: dict[str, list[int]] = {}
    for row in _rows(tables, "workforce"):
        cell = by_band.setdefault(row["band"], [0, 0])
        cell[0] += row["headcount"] if row["ethnicity"] == "BME" else 0
        cell[1] += row["headcount"]
    assert by_band["Band 3"][0] / by_band["Band 3"][1] > by_band["Band 8c"][0] / by_band["Band 8c"][1]
    assert by_band["Band 8c"][0] / by_band["Band 8c"][1] > by_band["VSM"][0] / by_band["VSM"][1]


def test_headcounts_are_icb_sized_and_drift_smoothly(tables) -> None:
    staff = _totals(tables, "workforce", "headcount")
    totals = {key: sum(c.values()) for key, c in staff.items()}
    codes = sorted({code for code, _ in totals})
    first = [totals[(code, 2022)] for code in codes]
    assert 250 <= median(first) <= 900
    assert sum(60 <= n <= 150 for n in first) >= 2
    for code in codes:
        for year in (2023, 2024):
            before, after = totals[(code, year - 1)], totals[(code, year)]
            assert abs(after - before) <= 0.05 * before + 1, (code, year, before, after)


def test_median_appointment_likelihood_is_near_the_national_figure(tables) -> None:
    ratios = []
    for c in _recruitment_by_group(tables).values():
        (wa, ws), (ba, bs) = c["White"], c["BME"]
        if ws and bs and ba:
            ratios.append((wa / ws) / (ba / bs))
    assert 1.1 <= median(ratios) <= 2.2
    assert any(r < 0.8 for r in ratios) and any(r > 3 for r in ratios)


def _recruitment_by_group(tables) -> dict[tuple[str, int], dict[str, tuple[int, int]]]:
    out: dict[tuple[str, int], dict[str, tuple[int, int]]] = {}
    for r in _rows(tables, "recruitment"):
        out.setdefault((r["org_code"], r["year"]), {})[r["ethnicity"]] = (r["appointed"], r["shortlisted"])
    return out


def test_recruitment_has_unknown_rows_and_shortlists_sized_to_the_workforce(tables) -> None:
    recruitment = _recruitment_by_group(tables)
    staff = _totals(tables, "workforce", "headcount")
    for key, groups in recruitment.items():
        assert set(groups) == {"White", "BME", "Unknown"}
        shortlisted = sum(s for _, s in groups.values())
        assert 0.25 * sum(staff[key].values()) <= shortlisted <= 1.05 * sum(staff[key].values()) + 8, key


def test_survey_percentages_come_from_whole_counts_and_sit_near_the_national_levels(tables) -> None:
    pooled: dict[tuple[int, str], list[int]] = {}
    for r in _rows(tables, "survey"):
        n, pct = r["respondents"], r["percent"]
        k = round(pct * n / 100)
        assert round(100 * k / n, 1) == pytest.approx(pct), r
        cell = pooled.setdefault((r["indicator"], r["ethnicity"]), [0, 0])
        cell[0] += k
        cell[1] += n
    national = {(5, "White"): 8, (5, "BME"): 7, (6, "White"): 15, (6, "BME"): 21,
                (7, "White"): 54, (7, "BME"): 37, (8, "White"): 5, (8, "BME"): 14}
    for key, level in national.items():
        yes, n = pooled[key]
        assert 100 * yes / n == pytest.approx(level, abs=4), key


def test_benchmark_is_the_pool_of_the_organisations_own_counts(tables) -> None:
    pooled: dict[tuple[int, int, str], list[int]] = {}
    for r in _rows(tables, "survey"):
        cell = pooled.setdefault((r["survey_year"], r["indicator"], r["ethnicity"]), [0, 0])
        cell[0] += round(r["percent"] * r["respondents"] / 100)
        cell[1] += r["respondents"]
    bench = _rows(tables, "survey_benchmarks")
    assert {r["benchmark"] for r in bench} == {"National average for ICBs (synthetic)"}
    assert sorted({r["survey_year"] for r in bench}) == [2021, 2022, 2023]
    assert len(bench) == len(pooled) == 3 * 4 * 2
    for r in bench:
        yes, n = pooled[(r["survey_year"], r["indicator"], r["ethnicity"])]
        assert r["percent"] == pytest.approx(100 * yes / n, abs=0.006)


def test_board_sizes_and_bme_share(tables) -> None:
    voting = _totals(tables, "board", "voting")
    executive = _totals(tables, "board", "executive")
    shares = []
    for key, c in voting.items():
        assert 10 <= sum(c.values()) <= 16, key
        assert 5 <= sum(executive[key].values()) <= 8, key
        shares.append(c["BME"] / sum(c.values()))
    assert 0.10 <= sum(shares) / len(shares) <= 0.25
    assert sum(s == 0 for s in shares) >= 2


def test_training_and_disciplinary_are_small_counts_near_parity(tables) -> None:
    staff = _totals(tables, "workforce", "headcount")
    training = _totals(tables, "training", "accessed")
    ratios = [(t["White"] / staff[k]["White"]) / (t["BME"] / staff[k]["BME"]) for k, t in training.items() if t["BME"]]
    assert 0.9 <= median(ratios) <= 1.3
    disciplinary = _totals(tables, "disciplinary", "entered")
    both_zero = {code for (code, _), c in disciplinary.items() if c["White"] == 0 and c["BME"] == 0}
    assert len(both_zero) >= 3


def test_population_and_actions(tables) -> None:
    areas: dict[str, int] = {}
    for r in _rows(tables, "population"):
        areas[r["org_code"]] = areas.get(r["org_code"], 0) + 1
        assert r["source"] == "synthetic" and 0 <= r["bme_pct"] <= 100
    assert set(areas.values()) <= {1, 2, 3, 4}
    actions: dict[str, int] = {}
    for r in _rows(tables, "actions"):
        actions[r["org_code"]] = actions.get(r["org_code"], 0) + 1
        assert r["year"] == 2024 and r["status"] in ("completed", "in progress", "planned")
    assert len(actions) == len(tables["organisations"]) and set(actions.values()) <= {2, 3, 4}


def test_both_band_shapes_are_present(tables) -> None:
    bands_of: dict[str, set[str]] = {}
    for r in _rows(tables, "workforce"):
        bands_of.setdefault(r["org_code"], set()).add(r["band"])
    ranged = {code for code, b in bands_of.items() if b <= {"Band 1-7", "Band 8a-VSM"}}
    single = {code for code, b in bands_of.items() if not b & {"Band 1-7", "Band 8a-VSM"}}
    assert len(ranged) >= 3 and len(single) >= 35 and ranged | single == set(bands_of)


# --- the deliberate edge cases (README.md lists them) ------------------------------------------------

def test_an_org_appoints_no_bme_applicant_in_a_year(tables) -> None:
    groups = _recruitment_by_group(tables)[("ZS005", 2023)]
    assert groups["BME"][0] == 0 and groups["BME"][1] > 0 and groups["White"][0] > 0


def test_an_org_has_no_recruitment_rows_in_one_year(tables) -> None:
    years = {year for code, year in _recruitment_by_group(tables) if code == "ZS006"}
    assert years == {2023, 2024}


def test_small_orgs_have_bme_survey_groups_under_11(tables) -> None:
    small = {r["org_code"] for r in _rows(tables, "survey") if r["ethnicity"] == "BME" and r["respondents"] < 11}
    assert {"ZS004", "ZS007"} <= small


def test_an_org_has_no_bme_board_members(tables) -> None:
    zero = [c["BME"] for (code, _), c in _totals(tables, "board", "voting").items() if code == "ZS008"]
    assert zero == [0, 0, 0]


def test_an_org_name_and_action_need_html_escaping(tables) -> None:
    name = next(r["org_name"] for r in _rows(tables, "organisations") if r["org_code"] == "ZS009")
    assert re.search(r"&.*<.*>", name)
    texts = [r["text"] for r in _rows(tables, "actions") if r["org_code"] == "ZS009"]
    assert any("<b>" in t and "&" in t and '"' in t for t in texts)


def test_an_org_has_nobody_entering_the_disciplinary_process(tables) -> None:
    counts = [c for (code, _), c in _totals(tables, "disciplinary", "entered").items() if code == "ZS010"]
    assert len(counts) == 3 and all(sum(c.values()) == 0 for c in counts)


def test_edge_cases_give_the_statuses_downstream_expects(data) -> None:
    from wreslib.measures.compute import compute_indicators

    # No BME applicant appointed: the relative likelihood is unbounded, rated like any other result.
    appointed = compute_indicators(data, "ZS005", 2023).result(2)
    assert appointed.status == "ok" and appointed.likelihood.unbounded
    assert compute_indicators(data, "ZS006", 2022).result(2).status == "no_data"
    assert compute_indicators(data, "ZS010", 2024).result(3).status == "not_calculable"
    board = compute_indicators(data, "ZS008", 2024).board
    assert board.voting.status == "ok" and board.voting.board.bme == 0
    assert compute_indicators(data, "ZS003", 2024).result(1).status == "ok"


# --- the optional tables: commentary, report_info, benchmarks ------------------------------------------

def test_an_org_has_an_action_serving_several_indicators(data) -> None:
    indicators = list(data.table("actions", "ZS002")["indicator"])
    assert (1, 2, 4, 7) in indicators
    assert all(len(i) == 1 for code, i in zip(data.tables["actions"]["org_code"], data.tables["actions"]["indicator"],
                                              strict=True) if code != "ZS002")


def test_every_org_has_an_introduction_a_predecessor_and_an_approval(tables) -> None:
    codes = set(tables["organisations"]["org_code"])
    introductions = {r["org_code"] for r in _rows(tables, "commentary") if r["section"] == "introduction"}
    assert introductions == codes
    info = {(r["org_code"], r["year"], r["field"]) for r in _rows(tables, "report_info")}
    assert info == {(c, 2022, "predecessor") for c in codes} | {(c, 2024, "approved_by") for c in codes}
    assert all(r["value"].endswith("CCG (synthetic)") for r in _rows(tables, "report_info")
               if r["field"] == "predecessor")


def test_an_org_commentary_needs_html_escaping(tables) -> None:
    texts = [r["text"] for r in _rows(tables, "commentary") if r["org_code"] == "ZS009"]
    assert any("<i>" in t and "&" in t and '"' in t for t in texts)


def test_national_benchmarks_pool_every_organisations_counts(tables) -> None:
    bench = {(r["year"], r["indicator"], r["measure"]): r["value"] for r in _rows(tables, "benchmarks")}
    assert set(bench) == {(y, i, m) for y in YEARS for i, m in ((2, "relative_likelihood"), (3, "relative_likelihood"),
                                                                 (4, "relative_likelihood"), (9, "board_bme_pct"))}
    recruitment = [r for r in _rows(tables, "recruitment") if r["year"] == 2023]

    def total(rows: list[dict], group: str, column: str) -> int:
        return sum(r[column] for r in rows if r["ethnicity"] == group)

    # Indicator 2, 2023: White appointed / White shortlisted over BME appointed / BME shortlisted, all pooled.
    white = total(recruitment, "White", "appointed") / total(recruitment, "White", "shortlisted")
    bme = total(recruitment, "BME", "appointed") / total(recruitment, "BME", "shortlisted")
    assert bench[(2023, 2, "relative_likelihood")] == pytest.approx(white / bme, abs=0.005)
    # Indicator 9, 2024: BME voting members over all voting members, pooled.
    board = [r for r in _rows(tables, "board") if r["year"] == 2024]
    voting = sum(r["voting"] for r in board)
    assert bench[(2024, 9, "board_bme_pct")] == pytest.approx(100 * total(board, "BME", "voting") / voting, abs=0.005)
    # Within the national range the README quotes (1.5-1.6 nationally; the synthetic median is near 1.4).
    assert 1.0 < bench[(2023, 2, "relative_likelihood")] < 2.0
