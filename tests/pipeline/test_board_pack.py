"""``--pdf``: the board pack made with the report, as ``wres report`` and ``wres batch`` make it. The PDF is
part of the report's folder (made before the folder is placed, so a report asked for with a PDF is there
with it or not at all), listed in its manifest and the index, and a rerun that asks for PDFs remakes the
reports that have none. Chromium is the machine's (Debian's chromium, as CI installs it); its faults are
caused for real: a Chromium that is not there, and one that fails."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "data" / "example"


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_without_chromium_report_pdf_stops_before_any_kernel_and_says_what_to_install(tmp_path, pipe):
    out = tmp_path / "out"
    done = pipe.run_wres("report", "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024", "--out", str(out),
                         "--pdf", env=_env(WRES_CHROMIUM=str(tmp_path / "no-such-chromium")))
    assert done.returncode == 1
    assert "WRES_CHROMIUM" in done.stderr and "not a program this machine can run" in done.stderr
    assert "bug" not in done.stderr
    assert not out.exists()  # nothing was started, nothing written


def test_without_chromium_on_the_path_batch_pdf_names_the_package(tmp_path, pipe):
    env = {k: v for k, v in os.environ.items() if k != "WRES_CHROMIUM"}
    env["PATH"] = str(Path(os.__file__).parent)  # no browser here; the wres module is run by its full path
    done = pipe.run_wres("batch", "--data", str(pipe.SYNTHETIC), "--year", "2024", "--orgs", "ZS001",
                         "--out", str(tmp_path / "out"), "--no-progress", "--pdf", env=env)
    assert done.returncode == 1
    assert "apt install chromium" in done.stderr


@pytest.mark.notebook
@pytest.mark.browser
def test_report_pdf_writes_the_board_pack_into_the_report_folder(tmp_path, pipe):
    out = tmp_path / "out"
    done = pipe.run_wres("report", "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024", "--out", str(out),
                         "--pdf")
    assert done.returncode == 0, done.stderr
    folder = out / "QHG" / "2024"
    pdf = folder / "report.pdf"
    assert "report.pdf" in done.stdout
    assert 5 <= _pages(pdf) <= 40
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Bedfordshire, Luton and Milton Keynes" in first and "Page 1 of" in first
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "report.pdf" in manifest["files"]
    assert 'href="QHG/2024/report.pdf"' in (out / "index.html").read_text(encoding="utf-8")
    assert not list(folder.glob("*.partial")) and not list(out.glob(".partial*"))


@pytest.mark.notebook
@pytest.mark.browser
def test_a_rerun_with_pdf_remakes_only_the_reports_without_one(tmp_path, pipe):
    out = tmp_path / "out"
    args = ("batch", "--data", str(pipe.SYNTHETIC), "--year", "2024", "--orgs", "ZS001,ZS002", "--jobs", "2",
            "--out", str(out), "--no-progress")
    first = pipe.run_wres(*args)
    assert first.returncode == 0, first.stderr
    assert not (out / "ZS001" / "2024" / "report.pdf").exists()
    second = pipe.run_wres(*args, "--pdf")
    assert second.returncode == 0, second.stderr
    assert "2 remade" in second.stdout and "no PDF was made with it" in second.stdout
    for org in ("ZS001", "ZS002"):
        assert _pages(out / org / "2024" / "report.pdf") >= 5
    third = pipe.run_wres(*args, "--pdf")
    assert "2 up to date" in third.stdout and "remade" not in third.stdout
    (out / "ZS002" / "2024" / "report.pdf").unlink()  # a PDF deleted by hand is made again, with its report
    fourth = pipe.run_wres(*args, "--pdf")
    assert "1 up to date, 1 remade" in fourth.stdout
    assert (out / "ZS002" / "2024" / "report.pdf").is_file()


@pytest.mark.notebook
def test_a_chromium_that_fails_leaves_no_report_folder_and_a_failure_note(tmp_path, pipe):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'FATAL: cannot open display' >&2\nexit 21\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    out = tmp_path / "out"
    done = pipe.run_wres("report", "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024", "--out", str(out),
                         "--pdf", env=_env(WRES_CHROMIUM=str(fake)))
    assert done.returncode == 1
    assert "Chromium could not print report.html (exit status 21): FATAL: cannot open display" in done.stderr
    assert not (out / "QHG").exists()  # asked for with its PDF, the report is whole or absent
    note = json.loads((out / "_failed" / "QHG-2024.json").read_text(encoding="utf-8"))
    assert note["kind"] == "pdf"
    assert "QHG 2024" in (out / "index.html").read_text(encoding="utf-8")
