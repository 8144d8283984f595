"""The benchmark notebook: a parameters cell papermill understands, one cell per section, committed clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

NOTEBOOK = Path(__file__).parents[3] / "notebooks" / "wres_benchmark.ipynb"
PARAMETERS = {"year": ("int", "2024"), "data_dir": ("str", '"data/synthetic"'), "group_by": ("str", '"region"'),
              "region": ("str", '""'), "bme_label": ("str", '"BME"'), "suppress_below": ("int", "5"),
              "trend_years": ("int", "3"), "data_label": ("str", '""'), "tables_dir": ("str", '""')}


def cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_the_parameters_cell_is_what_papermill_reads():
    import papermill

    found = papermill.inspect_notebook(str(NOTEBOOK))
    assert {k: (v["inferred_type_name"], v["default"]) for k, v in found.items()} == PARAMETERS
    first = next(c for c in cells() if c["cell_type"] == "code")
    assert first["metadata"]["tags"] == ["parameters"]
    for line in "".join(first["source"]).splitlines():
        assert re.match(r"^\w+: (int|str) = .+  # \S", line), line


def test_one_cell_per_section_with_stable_ids():
    ids = [c["id"] for c in cells()]
    assert ids == ["analyst-note", "parameters", "build", "contents", "summary",
                   *(f"indicator-{n}" for n in range(1, 10)), "rankings", "organisations", "published", "appendix",
                   "tables"]
    for cell in cells()[3:-1]:
        source = "".join(cell["source"])
        assert re.fullmatch(r"b\.\w+\(\d?\)", source), source  # the notebook computes nothing itself


def test_the_last_cell_writes_the_tables_and_is_not_shown():
    last = cells()[-1]
    assert last["metadata"]["tags"] == ["remove_cell"]
    assert "b.write_tables(tables_dir)" in "".join(last["source"])
    assert cells()[0]["metadata"]["tags"] == ["remove_cell"]


def test_the_notebook_is_committed_without_outputs():
    for cell in cells():
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
