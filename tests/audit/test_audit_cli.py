"""``wres audit``: exit statuses 0 (all agree), 3 (some disagree), 2 (bad input, named) and 1 (a bug), the JSON,
and ``--extract``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wreslib.cli import main

EXAMPLE = Path(__file__).parents[2] / "data" / "example"
REPORT = Path("/work/shared/reference/blmk-wres-report-2024.txt")


def run(capsys, *argv):
    status = main(["audit", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_the_example_disagrees_so_the_exit_status_is_3(capsys):
    status, out, _err = run(capsys, "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024")
    assert status == 3
    assert "FIGURES THAT DISAGREE WITH THE COUNTS" in out and "were 89 instead of 99" in out


def test_json_is_the_contract_s_object(capsys):
    status, out, _err = run(capsys, "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024", "--json")
    data = json.loads(out)
    assert status == 3 and data["org_code"] == "QHG" and data["year"] == 2024
    assert {"indicator", "measure", "published", "recomputed", "verdict", "diagnosis"} <= set(data["claims"][0])


def test_figures_that_all_agree_exit_0(capsys, make_data, tmp_path):
    figures = tmp_path / "elsewhere.csv"
    figures.write_text("org_code,year,indicator,measure,value\nAAA,2024,1,bme_pct,20%\n", encoding="utf-8")
    status, out, _err = run(capsys, "--data", str(make_data()), "--org", "AAA", "--year", "2024",
                            "--published", str(figures))
    assert status == 0 and "1 published figure (2024): 1 agree" in out


def test_a_bad_published_figure_exits_2_naming_file_row_column_and_value(capsys, make_data):
    folder = make_data(published="org_code,year,indicator,measure,value\nAAA,2024,4,relative_likelihood,about 0.5\n")
    status, _out, err = run(capsys, "--data", str(folder), "--org", "AAA", "--year", "2024")
    assert status == 2
    assert "published.csv, row 2, column 'value', value 'about 0.5': expected the figure as printed" in err


def test_missing_options_exit_2(capsys):
    status, _out, err = run(capsys, "--data", str(EXAMPLE), "--org", "QHG")
    assert status == 2 and "needs --year" in err


def test_a_bug_exits_1_and_says_it_is_not_the_data(capsys, monkeypatch):
    import wreslib.audit.audit as module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "audit", broken)
    status, _out, err = run(capsys, "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024")
    assert status == 1 and "This is a bug in wres, not a problem with your data" in err


@pytest.mark.skipif(not REPORT.is_file(), reason="the published report's text is not on this machine")
def test_extract_writes_a_draft_and_says_how_many_figures(capsys, tmp_path):
    out_file = tmp_path / "draft.csv"
    status, out, err = run(capsys, "--extract", str(REPORT), "--org", "QHG", "--out", str(out_file))
    assert status == 0 and out_file.is_file()
    rows = out_file.read_text(encoding="utf-8").splitlines()
    assert f"{len(rows) - 1} figures drafted" in out
    assert err.startswith("DRAFT:")
    assert all(",QHG," in f",{r}" or r.startswith("QHG,") for r in rows[1:])


def test_extract_of_a_missing_report_exits_2(capsys, tmp_path):
    status, _out, err = run(capsys, "--extract", str(tmp_path / "nowhere.pdf"))
    assert status == 2 and "does not exist" in err
