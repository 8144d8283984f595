"""The report notebook: its parameters cell, the parameter files, and end-to-end execution by papermill."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "wres_report.ipynb"


def _notebook() -> dict:
    return json.loads(NOTEBOOK.read_text())


def test_first_code_cell_is_tagged_parameters_with_typed_commented_defaults():
    first = next(c for c in _notebook()["cells"] if c["cell_type"] == "code")
    assert "parameters" in first["metadata"]["tags"]
    lines = [ln for ln in "".join(first["source"]).splitlines() if ln.strip()]
    for name in ("org_code", "year", "data_dir", "bme_label", "suppress_below"):
        assert any(re.match(rf"^{name}: \w+ = .+  # \S", ln) for ln in lines), name


def test_notebook_defines_no_formula_and_types_no_number():
    # Library first: code cells only call wreslib. No arithmetic, no numeric literal outside the parameters.
    cells = [c for c in _notebook()["cells"] if c["cell_type"] == "code"][1:]
    for cell in cells:
        source = "".join(cell["source"])
        for line in source.splitlines():
            if line.startswith(("from wreslib", "import wreslib")):
                continue
            code = re.sub(r"indicator_section\(ctx, [1-9]\)", "", line)
            assert not re.search(r"[-+*/]\s*\d|\d\s*[-+*/]|\bsum\(|\bmean\(|/", code), line
            assert not re.search(r"\b\d+(\.\d+)?\b", code), line


def test_parameters_match_papermill_inspection():
    import papermill

    params = papermill.inspect_notebook(str(NOTEBOOK))
    assert {"org_code", "year", "data_dir", "bme_label", "suppress_below", "trend_years"} <= set(params)
    assert params["year"]["inferred_type_name"] == "int"
    assert params["org_code"]["default"] == '"QHG"'


@pytest.mark.parametrize("path", sorted((ROOT / "parameters").glob("*.yaml")), ids=lambda p: p.name)
def test_parameter_files_name_only_notebook_parameters(path):
    import papermill

    known = papermill.inspect_notebook(str(NOTEBOOK))
    values = yaml.safe_load(path.read_text())
    assert set(values) <= set(known), f"{path.name}: unknown {set(values) - set(known)}"
    for name, value in values.items():
        expected = known[name]["inferred_type_name"]
        assert type(value).__name__ == expected, f"{path.name}: {name} should be {expected}"


@pytest.mark.slow
def test_notebook_runs_unchanged_from_the_notebooks_folder(tmp_path):
    # As in JupyterLab: working folder notebooks/, no parameters given, defaults run on the example.
    import papermill

    out = tmp_path / "run.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(ROOT / "notebooks"),
                               progress_bar=False, execution_timeout=300)
    nb = json.loads(out.read_text())
    html = "".join(o.get("data", {}).get("text/html", "") if isinstance(o.get("data", {}).get("text/html", ""), str)
                   else "".join(o["data"]["text/html"]) for c in nb["cells"] for o in c.get("outputs", []))
    assert "Workforce Race Equality Standard report 2024" in html
    assert "Indicator 9" in html
