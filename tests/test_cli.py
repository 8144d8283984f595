"""The `wres` command: JSON contract, exit statuses, and clear messages for bad input (no tracebacks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wreslib.cli import main

ROOT = Path(__file__).resolve().parents[1]



def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_indicators_json_is_strict_and_follows_the_contract(capsys, example_dir):
    code, out, err = run(capsys, "indicators", "--data", str(example_dir), "--org", "QHG", "--year", "2024", "--json")
    assert code == 0, err
    doc = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-strict JSON constant {c}"))
    assert (doc["org_code"], doc["year"]) == ("QHG", 2024)
    assert set(doc["indicators"]) == {str(n) for n in range(1, 10)}
    i2 = doc["indicators"]["2"]
    for key in ("status", "reason", "relative_likelihood", "ci_low", "ci_high", "p_value", "significant",
                "within_non_adverse_range"):
        assert key in i2
    assert (i2["status"], i2["relative_likelihood"], i2["significant"]) == ("ok", pytest.approx(3.44, abs=0.005), True)
    # The score interval and test (statsmodels' confint_proportions_2indep(..., method="score") agrees).
    assert (i2["ci_low"], i2["ci_high"]) == (pytest.approx(1.7729, abs=1e-4), pytest.approx(6.8366, abs=1e-4))
    assert i2["p_adjusted"] >= i2["p_value"] and i2["method"].startswith("score")
    assert doc["tests"]["year"]["size"] == len(doc["tests"]["year"]["tests"]) > 10
    i3 = doc["indicators"]["3"]
    assert i3["status"] == "not_calculable" and i3["relative_likelihood"] is None
    i5 = doc["indicators"]["5"]
    assert (i5["white_pct"], i5["bme_pct"], i5["gap_pp"]) == (7.05, 2.17, -4.88)
    v = doc["indicators"]["9"]["voting"]
    # The data contract's own example: 15.38, 24.0, -8.62.
    assert (round(v["board_bme_pct"], 2), v["workforce_bme_pct"], round(v["difference_pp"], 2)) == (15.38, 24.0, -8.62)
    assert doc["indicators"]["9"]["executive"]["status"] == "no_data"
    assert isinstance(doc["warnings"], list) and doc["warnings"]
    assert doc["provenance"]["data_checksum"].startswith("sha256:")


def test_indicators_plain_summary(capsys, example_dir):
    code, out, _ = run(capsys, "indicators", "--data", str(example_dir), "--org", "QHG", "--year", "2024")
    assert code == 0
    assert "Appointment from shortlisting" in out
    assert "3.44" in out and "1.77 to 6.84" in out and "red" in out


def test_validate_clean(capsys, example_dir):
    code, out, _ = run(capsys, "validate", "--data", str(example_dir))
    assert code == 0
    assert "clean" in out


def test_validate_json_lists_faults(capsys, make_data):
    folder = make_data(training="org_code,year,ethnicity,accessed\nAAA,2024,White,-1\n")
    code, out, _ = run(capsys, "validate", "--data", str(folder), "--json")
    assert code == 2
    doc = json.loads(out)
    assert doc["clean"] is False and doc["failed_orgs"] == ["AAA"]
    assert doc["faults"][0] | {"message": None} == {
        "file": "training.csv", "row": 2, "column": "accessed", "value": "-1", "org_code": "AAA", "message": None}


# --- at least 12 distinct bad inputs, each with exit 2 and a message naming what to fix ---------------

BAD_CASES = {
    "negative headcount": (
        {"workforce": "org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,clinical,Band 5,White,-4\n"},
        "workforce.csv, row 2, column 'headcount', value '-4': expected a whole number 0 or more"),
    "unknown ethnicity code": (
        {"workforce": "org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,clinical,Band 5,Q,4\n"},
        "workforce.csv, row 2, column 'ethnicity', value 'Q': expected White, BME or Unknown"),
    "unknown band": (
        {"workforce": "org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,clinical,Band 12,A,4\n"},
        "column 'band', value 'Band 12': expected an AfC band"),
    "unknown staff group": (
        {"workforce": "org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,nursing,Band 5,A,4\n"},
        "column 'staff_group', value 'nursing': expected one of non-clinical, clinical"),
    "financial year instead of WRES year": (
        {"workforce": "org_code,year,staff_group,band,ethnicity,headcount\nAAA,2023/24,clinical,Band 5,A,4\n"},
        "value '2023/24': expected a single year"),
    "appointed above shortlisted": (
        {"recruitment": "org_code,year,ethnicity,shortlisted,appointed\nAAA,2024,White,3,9\n"},
        "recruitment.csv, row 2, column 'appointed', value '9': more applicants appointed (9) than shortlisted (3)"),
    "missing column": (
        {"training": "org_code,year,ethnicity\nAAA,2024,White\n"},
        "training.csv, row 1: the required column 'accessed' is missing"),
    "empty file": ({"disciplinary": ""}, "disciplinary.csv: the file is empty"),
    "duplicate row": (
        {"training": "org_code,year,ethnicity,accessed\nAAA,2024,White,3\nAAA,2024,White,3\n"},
        "training.csv, row 3: this row repeats the key of row 2"),
    "organisation not listed": (
        {"board": "org_code,year,ethnicity,voting,executive\nXYZ,2024,White,3,1\n"},
        "board.csv, row 2, column 'org_code', value 'XYZ': organisation 'XYZ' is not listed in organisations.csv"),
    "percent above 100": (
        {"survey": "org_code,survey_year,indicator,ethnicity,respondents,percent\nAAA,2023,5,White,20,140\n"},
        "survey.csv, row 2, column 'percent', value '140': expected a percentage from 0 to 100"),
    "survey indicator out of range": (
        {"survey": "org_code,survey_year,indicator,ethnicity,respondents,percent\nAAA,2023,4,White,20,40\n"},
        "column 'indicator', value '4': expected a survey indicator number: 5, 6, 7 or 8"),
    "text in a count": (
        {"training": "org_code,year,ethnicity,accessed\nAAA,2024,White,twelve\n"},
        "training.csv, row 2, column 'accessed', value 'twelve': expected a whole number"),
    "bad org type": (
        {"organisations": "org_code,org_name,org_type,region\nAAA,Alpha,CCG,London\nBBB,Beta,ICB,London\n"},
        "organisations.csv, row 2, column 'org_type', value 'CCG': expected ICB, Trust or Other"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_input_gives_exit_2_and_names_the_fault(capsys, make_data, case):
    tables, expected = BAD_CASES[case]
    folder = make_data(**tables)
    org = "XYZ" if case == "organisation not listed" else "AAA"
    code, out, err = run(capsys, "indicators", "--data", str(folder), "--org", org, "--year", "2024", "--json")
    assert code == 2
    assert out == ""
    assert expected in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "validate", "--data", str(folder))
    assert code == 2 and expected in err


def test_fault_in_another_organisation_does_not_stop_this_one(capsys, make_data):
    folder = make_data(training="org_code,year,ethnicity,accessed\nBBB,2024,White,-1\n")
    code, out, _ = run(capsys, "indicators", "--data", str(folder), "--org", "AAA", "--year", "2024", "--json")
    assert code == 0 and json.loads(out)["org_code"] == "AAA"


@pytest.mark.parametrize(("args", "expected"), [
    (["--org", "XYZ", "--year", "2024"], "organisation 'XYZ' is not in the data; the organisations present are QHG"),
    (["--org", "QHG", "--year", "2019"], "no workforce rows for QHG in 2019; the years present for QHG are 2022"),
    (["--org", "QHG", "--year", "twenty"], "'twenty' is not a year"),
    (["--org", "QHG", "--year", "1999"], "1999 is outside 2010-2100"),
])
def test_organisation_or_year_not_in_data(capsys, example_dir, args, expected):
    code, out, err = run(capsys, "indicators", "--data", str(example_dir), *args, "--json")
    assert code == 2 and out == ""
    assert expected in err


def test_missing_data_folder(capsys, tmp_path):
    code, _, err = run(capsys, "indicators", "--data", str(tmp_path / "none"), "--org", "QHG", "--year", "2024")
    assert code == 2
    assert "this data folder does not exist" in err


def test_no_command_prints_help_and_exits_2(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "indicators" in err


def test_a_bug_exits_1_without_a_traceback(capsys, example_dir, monkeypatch):
    import wreslib.measures.likelihood as ind

    def boom(*a, **k):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(ind, "frame", boom)
    monkeypatch.delenv("WRES_DEBUG", raising=False)
    code, _, err = run(capsys, "indicators", "--data", str(example_dir), "--org", "QHG", "--year", "2024")
    assert code == 1
    assert "internal error" in err and "not a problem with your data" in err
    assert "Traceback" not in err


def test_console_script_runs_as_a_process(example_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "wreslib.cli", "indicators", "--data", str(example_dir), "--org", "QHG",
         "--year", "2024", "--json"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["indicators"]["2"]["status"] == "ok"


# --- the other commands: what they write and how they refuse bad input ------------------------------

def test_template_writes_a_workbook_and_refuses_another_suffix(capsys, tmp_path):
    code, out, _ = run(capsys, "template", "--out", str(tmp_path / "data.xlsx"))
    assert code == 0 and (tmp_path / "data.xlsx").exists() and "template written" in out
    code, _, err = run(capsys, "template", "--out", str(tmp_path / "data.csv"))
    assert code == 2 and "--out must name an .xlsx workbook" in err


def test_aggregate_counts_an_extract_and_names_bad_values(capsys, tmp_path):
    records = tmp_path / "esr.csv"
    records.write_text("org_code,year,staff_id,staff_group,band,ethnic_category\n"
                       "AAA,2024,1001,Non-clinical,Band 5,A\nAAA,2024,1002,Non-clinical,Band 5,PD\n"
                       "AAA,2024,1003,Non-clinical,band 5 ,a\n")
    code, out, err = run(capsys, "aggregate", "--records", str(records), "--out", str(tmp_path / "d"))
    assert code == 0, err
    text = (tmp_path / "d" / "workforce.csv").read_text()
    # By hand: two White (A, a) and one BME (PD) in non-clinical Band 5; no staff id in the output.
    assert "AAA,2024,non-clinical,Band 5,White,2" in text and "AAA,2024,non-clinical,Band 5,BME,1" in text
    assert "1001" not in text and "1001" not in out
    records.write_text("org_code,year,staff_id,staff_group,band,ethnic_category\nAAA,2024,1001,clinical,Band 5,Q\n")
    code, _, err = run(capsys, "aggregate", "--records", str(records), "--out", str(tmp_path / "d2"))
    assert code == 2 and "column 'ethnic_category'" in err and "'Q'" in err and "1001" not in err


def test_aggregate_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "aggregate", "--records", str(tmp_path / "none.csv"), "--out", str(tmp_path))
    assert code == 2 and "none.csv" in err


def test_benchmark_refuses_a_year_not_in_the_data(capsys, tmp_path):
    code, _, err = run(capsys, "benchmark", "--data", str(ROOT / "data" / "synthetic"), "--year", "2019",
                       "--out", str(tmp_path))
    assert code == 2 and "2019" in err


def test_synth_refuses_too_few_organisations(capsys, tmp_path):
    code, _, err = run(capsys, "synth", "--out", str(tmp_path), "--orgs", "3")
    assert code == 2 and "wres synth" in err


def test_indicators_for_every_organisation_as_csv_and_json(capsys, tmp_path):
    data = ROOT / "data" / "synthetic"
    code, out, err = run(capsys, "indicators", "--data", str(data), "--year", "2024", "--format", "csv")
    assert code == 0, err
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("org_code,org_name,region,org_type,year,indicator,measure,value,unit")
    assert {line.split(",")[0] for line in lines[1:]} >= {"ZS001", "ZS042"}
    code, out, _ = run(capsys, "indicators", "--data", str(data), "--year", "2024", "--format", "json")
    records = json.loads(out)
    assert code == 0 and {r["org_code"] for r in records} >= {"ZS001", "ZS042"}
    two = next(r for r in records if r["org_code"] == "ZS001" and r["indicator"] == 2)
    code, out, _ = run(capsys, "indicators", "--data", str(data), "--org", "ZS001", "--year", "2024", "--json")
    assert two["value"] == json.loads(out)["indicators"]["2"]["relative_likelihood"]


def test_a_bad_report_option_names_the_option(capsys, tmp_path):
    code, _, err = run(capsys, "report", "--data", str(ROOT / "data" / "example"), "--org", "QHG", "--year", "2024",
                       "--out", str(tmp_path), "--suppress-below", "0")
    assert code == 2 and "suppress_below (--suppress-below)" in err and "'0'" in err
