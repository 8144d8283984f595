"""Shared fixtures: the bundled example and a factory of small data folders for bad-input tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests run the same examples on every machine (no flaky CI) and never fail on a slow, shared
# machine's timing: a test's own settings can still ask for more examples.
settings.register_profile("wres", deadline=None, derandomize=True)
settings.load_profile("wres")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "example"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_data():
    from wreslib.data.read import read_data

    return read_data(EXAMPLE)


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the example folder, for tests that break one file."""
    target = tmp_path / "data"
    shutil.copytree(EXAMPLE, target)
    return target


MINIMAL_ORGS = "org_code,org_name,org_type,region\nAAA,Alpha ICB,ICB,London\nBBB,Beta ICB,ICB,London\n"
MINIMAL_WORKFORCE = (
    "org_code,year,staff_group,band,ethnicity,headcount\n"
    "AAA,2024,non-clinical,Band 5,White,80\n"
    "AAA,2024,non-clinical,Band 5,BME,20\n"
    "BBB,2024,clinical,Band 6,White,50\n"
    "BBB,2024,clinical,Band 6,BME,50\n"
)


@pytest.fixture
def make_data(tmp_path: Path):
    """Write a data folder from {table: csv text}; organisations and workforce default to two clean orgs."""

    def make(**tables: str) -> Path:
        folder = tmp_path / "d"
        folder.mkdir(exist_ok=True)
        tables.setdefault("organisations", MINIMAL_ORGS)
        tables.setdefault("workforce", MINIMAL_WORKFORCE)
        for name, text in tables.items():
            if text is None:
                continue
            path = folder / f"{name}.csv"
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return folder

    return make


@pytest.fixture(scope="session")
def rendered_example(tmp_path_factory) -> Path:
    """The example report rendered once per test session by `render_report` (papermill + nbconvert)."""
    from wreslib.legacy.report.runner import render_report

    out = tmp_path_factory.mktemp("reports")
    render_report(EXAMPLE, "QHG", 2024, out)
    return out / "QHG" / "2024"
