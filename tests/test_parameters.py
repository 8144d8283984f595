"""The run configurations in parameters/ name only parameters the notebooks have, with values of the
declared types (papermill itself only warns about an unknown name, and runs on)."""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "parameters").glob("*.yaml"))
TYPES = {"str": str, "int": int, "list": list, "bool": bool, "float": float}


def notebook_for(path: Path) -> Path:
    name = "wres_benchmark.ipynb" if "benchmark" in path.name else "wres_report.ipynb"
    return ROOT / "notebooks" / name


def test_there_are_run_configurations():
    assert FILES


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_key_is_a_parameter_of_the_notebook_with_its_type(path):
    declared = papermill.inspect_notebook(str(notebook_for(path)))
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = sorted(set(values) - set(declared))
    assert unknown == [], f"{path.name}: not parameters of {notebook_for(path).name}: {unknown}"
    for key, value in values.items():
        expected = TYPES.get(declared[key]["inferred_type_name"])
        if expected is not None:
            assert isinstance(value, expected), f"{path.name}: {key} should be {expected.__name__}, not {value!r}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_data_each_names_exists(path):
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (ROOT / values.get("data_dir", "data/example")).exists()
