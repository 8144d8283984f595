"""Project hygiene: dependency lists agree, the import stays light, notebooks are committed clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_deps() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {re.split(r"[<>=!~ ]", d, maxsplit=1)[0].lower(): d.replace(" ", "").lower() for d in deps}


def _environment_deps() -> dict[str, str]:
    deps = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+.*)$", line)
        if m and not m.group(1).startswith(("python", "pip")):
            spec = m.group(1).split("#")[0].strip().replace(" ", "").lower()
            deps[re.split(r"[<>=!~]", spec, maxsplit=1)[0]] = spec
    return deps


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    assert _environment_deps() == _pyproject_deps()


def test_import_wreslib_loads_no_heavy_module():
    code = ("import sys, wreslib; heavy = ('scipy', 'matplotlib', 'papermill', 'nbconvert', 'pandas'); "
            "print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_reading_and_indicator_modules_import_without_scipy_or_matplotlib():
    code = ("import sys, wreslib.data.read, wreslib.legacy.measures.indicators, wreslib.legacy.export, wreslib.cli; "
            "print([m for m in ('scipy', 'matplotlib', 'papermill', 'nbconvert') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_notebooks_are_committed_without_outputs():
    for nb_path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = json.loads(nb_path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, nb_path.name


def test_makefile_has_the_documented_targets_with_help():
    text = (ROOT / "Makefile").read_text()
    for target in ("report", "test", "lab", "lint", "bench"):
        assert re.search(rf"^{target}:.*## \S", text, re.M), target


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_outputs_are_ignored_by_git():
    ignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "outputs/*" in ignore and "!outputs/README.md" in ignore


def test_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make report" in readme and "make test" in readme
