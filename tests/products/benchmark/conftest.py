"""Benchmark pages built once per session, in-process (no kernel): the demo's national page, London's own page,
the demo with another display label, and a 250-organisation synthetic set (``wres synth --orgs 250``)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[3]
SYNTHETIC = ROOT / "data" / "synthetic"


@pytest.fixture(scope="session")
def demo_data():
    from wreslib.data.read import read_data

    return read_data(SYNTHETIC)


@pytest.fixture(scope="session")
def demo_page(demo_data):
    from wreslib.products import benchmark

    return benchmark.build(demo_data, 2024, data_label="data/synthetic")


@pytest.fixture(scope="session")
def demo_html(demo_page) -> str:
    return demo_page.page()


@pytest.fixture(scope="session")
def london_page(demo_data):
    from wreslib.products import benchmark

    return benchmark.build(demo_data, 2024, region="London", data_label="data/synthetic")


@pytest.fixture(scope="session")
def london_html(london_page) -> str:
    return london_page.page()


@pytest.fixture(scope="session")
def synth_250(tmp_path_factory) -> Path:
    """250 fictional ICBs, written by the command line as an analyst would."""
    from wreslib.cli import main

    folder = tmp_path_factory.mktemp("synth250")
    assert main(["synth", "--orgs", "250", "--out", str(folder)]) == 0
    return folder


@pytest.fixture(scope="session")
def raw():
    """The demo's own CSV files read with the csv module only, for hand calculations independent of wreslib."""

    def rows(name: str) -> list[dict[str, str]]:
        with open(SYNTHETIC / f"{name}.csv", encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return rows


@pytest.fixture(scope="session")
def recruitment(raw):
    """{year: {org_code: {"White": (appointed, shortlisted), "BME": (…)}}} from recruitment.csv by hand."""
    out: dict = defaultdict(lambda: defaultdict(dict))
    for r in raw("recruitment"):
        if r["ethnicity"] in ("White", "BME"):
            out[int(r["year"])][r["org_code"]][r["ethnicity"]] = (int(r["appointed"]), int(r["shortlisted"]))
    return out


@pytest.fixture(scope="session")
def regions(raw) -> dict[str, str]:
    return {r["org_code"]: r["region"] for r in raw("organisations")}
