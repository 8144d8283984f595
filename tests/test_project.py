"""Project hygiene: dependency lists agree, the package installs and runs from a wheel, the import stays
light, notebooks are committed clean, the Makefile and CI do what the README says."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib  # the standard library from Python 3.11, which pyproject.toml requires
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0].lower()


def _pyproject_deps() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(d): d.split(";")[0].replace(" ", "").lower() for d in deps}


def _environment_deps() -> dict[str, str]:
    deps = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^  - ([A-Za-z0-9_.\-]+.*)$", line)
        if m and not m.group(1).startswith(("python", "pip")):
            spec = m.group(1).split("#")[0].strip().replace(" ", "").lower()
            deps[_name(spec)] = spec
    return deps


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    assert _environment_deps() == _pyproject_deps()


def test_the_lock_file_pins_every_dependency():
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[name.lower().replace("_", "-")] = version
    for name in _pyproject_deps():
        assert name.replace("_", "-") in pinned, f"{name} is not pinned in constraints.txt"


def test_every_package_folder_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "wreslib").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_import_wreslib_loads_no_heavy_module():
    code = ("import sys, wreslib; heavy = ('scipy', 'matplotlib', 'papermill', 'nbconvert', 'pandas', 'numpy'); "
            "print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_reading_and_the_cli_import_without_scipy_or_matplotlib():
    code = ("import sys, wreslib.data.read, wreslib.cli, wreslib.options; "
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
    for target in ("report", "test", "check", "lab", "lint", "bench", "setup", "clean"):
        assert re.search(rf"^{target}:.*## \S", text, re.M), target


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_outputs_are_ignored_by_git():
    ignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "outputs/*" in ignore and "!outputs/README.md" in ignore


def test_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"^make \w+", quick, re.M) == ["make report", "make test"]


@pytest.mark.notebook
def test_a_wheel_installed_in_a_fresh_venv_runs_from_any_folder(tmp_path):
    # Build the wheel from the repository, install it with its pinned dependencies in a fresh venv (pip's
    # cache makes this quick after make setup), then run the commands from a folder outside the checkout.
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(wheel_dir.glob("wreslib-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-c", str(ROOT / "constraints.txt"), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = subprocess.run([str(python), "-c", "import wreslib, wreslib.resources as r; print(wreslib.__file__); "
                            "print(r.notebook()); print(r.example_data())"], cwd=elsewhere, capture_output=True,
                           text=True, check=True).stdout.splitlines()
    assert all(str(venv) in line for line in probe), probe  # the installed copy, not the checkout
    wres = venv / "bin" / "wres"
    data = ROOT / "data" / "synthetic"
    run = [str(wres), "report", "--data", str(ROOT / "data" / "example"), "--org", "QHG", "--year", "2024", "--out",
           str(elsewhere / "out")]
    assert subprocess.run(run, cwd=elsewhere, capture_output=True, text=True).returncode == 0
    assert (elsewhere / "out" / "QHG" / "2024" / "report.html").exists()
    batch = [str(wres), "batch", "--data", str(data), "--year", "2024", "--orgs", "ZS001,ZS002", "--jobs", "1",
             "--no-progress", "--out", str(elsewhere / "out")]
    assert subprocess.run(batch, cwd=elsewhere, capture_output=True, text=True).returncode == 0
    bench = [str(wres), "benchmark", "--data", str(data), "--year", "2024", "--out", str(elsewhere / "out")]
    done = subprocess.run(bench, cwd=elsewhere, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_python_version_required_is_the_one_the_lock_file_needs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"  # pandas 3 and numpy 2.4, pinned in constraints.txt
    assert "python>=3.11" in (ROOT / "environment.yml").read_text()
