"""The board pack: a report printed to A4 by headless Chromium, checked page by page with poppler's
pdfinfo, pdftotext, pdftoppm and pdfimages (Debian's poppler-utils), as a reader would see it."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import numpy as np
import pytest

from wreslib.pipeline.pdf import PdfError, print_pdf
from wreslib.products import report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[2]
A4_POINTS = (595.28, 841.89)  # 210 mm x 297 mm at 72 points to the inch


def poppler(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)), re.M).group(1))


def page_text(pdf: Path, n: int) -> str:
    return poppler("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack")
    out = {}
    for name, data, code in (("example", "example", "QHG"), ("synthetic", "synthetic", "ZS001")):
        page = folder / f"{name}.html"
        built = report.build(ROOT / "data" / data, code, 2024)
        page.write_text(built.page(), encoding="utf-8")
        out[name] = (print_pdf(page, folder / f"{name}.pdf"), built)
    return out


def test_every_page_is_a4(printed):
    pdf, _ = printed["example"]
    n = page_count(pdf)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", poppler("pdfinfo", "-f", "1", "-l", str(n),
                                                                               str(pdf)))
    assert len(sizes) == n
    for width, height in sizes:
        assert abs(float(width) - A4_POINTS[0]) < 1 and abs(float(height) - A4_POINTS[1]) < 1


def test_the_page_count_is_that_of_a_board_paper(printed):
    # The published BLMK report runs to 17 pages of A4; ours carries more (tests, appendix) but stays
    # within twice that, and is more than a summary.
    pdf, _ = printed["example"]
    assert 8 <= page_count(pdf) <= 34


def test_every_page_has_the_running_title_and_its_number(printed):
    pdf, built = printed["example"]
    n = page_count(pdf)
    name = built.ctx.current.org_name
    for i in range(1, n + 1):
        text = re.sub(r"\s+", " ", page_text(pdf, i))
        assert f"WRES {built.ctx.year}" in text and name in text, f"page {i} has no running title"
        assert f"Page {i} of {n}" in text, f"page {i} has no page number"
        assert "file://" not in text and "/tmp/" not in text, f"page {i} prints a local path"


def test_the_synthetic_marker_is_on_every_page_of_a_synthetic_report(printed):
    pdf, _ = printed["synthetic"]
    for i in range(1, page_count(pdf) + 1):
        assert "Synthetic data" in page_text(pdf, i), f"page {i} has no synthetic-data marker"
    real, _ = printed["example"]
    assert "Synthetic data" not in page_text(real, 1)


def test_no_page_is_blank(printed, tmp_path):
    for name in ("example", "synthetic"):
        pdf, _ = printed[name]
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(tmp_path / name)], check=True)
        images = sorted(tmp_path.glob(f"{name}-*.pgm"))
        assert len(images) == page_count(pdf)
        for image in images:
            pixels = read_pgm(image)
            body = pixels[int(pixels.shape[0] * 0.08): int(pixels.shape[0] * 0.92)]  # not the running title
            ink = float((body < 200).mean())
            assert ink > 0.01, f"{image.name}: the body of the page is blank ({ink:.2%} ink)"


def test_charts_print_as_vectors_not_pictures(printed):
    # Sharp at any print size: the SVG charts reach the PDF as vector drawings, so the PDF holds no images.
    pdf, _ = printed["example"]
    listing = poppler("pdfimages", "-list", str(pdf)).strip().splitlines()
    assert len(listing) == 2, "\n".join(listing)  # the header lines only


def test_no_heading_is_left_at_the_foot_of_a_page(printed):
    pdf, built = printed["example"]
    headings = {re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h[234][^>]*>(.*?)</h[234]>", built.page(), re.S)}
    for i in range(1, page_count(pdf) + 1):
        lines = [line.strip() for line in page_text(pdf, i).splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("Page ")]
        assert body[-1] not in headings, f"page {i} ends with the heading {body[-1]!r}"


def test_a_collapsed_part_prints_open(tmp_path):
    from wreslib.present import html

    layout = html.environment().get_template("page.html.j2").module
    settings = {"title": "Collapsed", "running": "Collapsed", "synthetic": False, "footer": [], "lang": "en-GB"}
    page = tmp_path / "collapsed.html"
    page.write_text(str(layout.head(settings)) + "<details><summary>All organisations</summary>"
                    "<p>Hidden until opened on screen</p></details>" + str(layout.foot(settings)), encoding="utf-8")
    pdf = print_pdf(page, tmp_path / "collapsed.pdf")
    assert "Hidden until opened on screen" in page_text(pdf, 1)


def test_a_running_title_from_data_cannot_break_out_of_the_print_rules(tmp_path):
    from wreslib.present import html

    layout = html.environment().get_template("page.html.j2").module
    hostile = 'Trust "}</style><script>alert(1)</script> \\ @page'
    settings = {"title": hostile, "running": hostile, "synthetic": False, "footer": [], "lang": "en-GB"}
    text = str(layout.head(settings)) + "<p>Body</p>" + str(layout.foot(settings))
    assert "<script>" not in text
    page = tmp_path / "hostile.html"
    page.write_text(text, encoding="utf-8")
    printed_text = re.sub(r"\s+", " ", page_text(print_pdf(page, tmp_path / "hostile.pdf"), 1))
    assert 'Trust "}</style><script>alert(1)</script> \\ @page' in printed_text


# Faults, caused for real.

def test_without_chromium_the_error_says_what_to_install(tmp_path, monkeypatch):
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setenv("WRES_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(PdfError, match="WRES_CHROMIUM is set to"):
        print_pdf(page, tmp_path / "p.pdf")
    monkeypatch.delenv("WRES_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser anywhere on the PATH
    with pytest.raises(PdfError, match="apt install chromium"):
        print_pdf(page, tmp_path / "p.pdf")
    assert not (tmp_path / "p.pdf").exists()


def test_a_folder_that_cannot_be_written_is_named(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    blocker = tmp_path / "reports"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(PdfError, match="Cannot write the PDF in the folder 'reports'"):
        print_pdf(page, blocker / "p.pdf")
    if os.geteuid() != 0:  # permissions do not stop root
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            with pytest.raises(PdfError, match="Cannot write the PDF in the folder 'locked'"):
                print_pdf(page, locked / "p.pdf")
        finally:
            locked.chmod(stat.S_IRWXU)


def test_a_browser_that_is_killed_leaves_no_pdf_and_says_so(tmp_path, monkeypatch):
    # A real process killed by SIGKILL while printing, standing in for Chromium.
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'renderer crashed' >&2\nkill -9 $$\n", encoding="utf-8")
    fake.chmod(0o755)
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setenv("WRES_CHROMIUM", str(fake))
    with pytest.raises(PdfError, match=r"Chromium could not print p.html \(exit status -9\): renderer crashed"):
        print_pdf(page, tmp_path / "p.pdf")
    assert [p.name for p in tmp_path.iterdir() if p.suffix in {".pdf", ".partial"}] == []


def test_a_browser_past_its_time_is_stopped_with_its_children(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    marker = tmp_path / "child.pid"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {marker}\nsleep 300\n", encoding="utf-8")
    fake.chmod(0o755)
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setenv("WRES_CHROMIUM", str(fake))
    with pytest.raises(PdfError, match="did not finish printing within 1 second and was stopped"):
        print_pdf(page, tmp_path / "p.pdf", timeout=1)
    child = int(marker.read_text())
    assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]
    assert not (tmp_path / "p.pdf").exists()


def read_pgm(path: Path) -> np.ndarray:
    """A binary PGM (P5) as an array: the format pdftoppm -gray writes."""
    data = path.read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(data[pos + 1: pos + 1 + width * height], dtype=np.uint8).reshape(height, width)


@pytest.fixture(autouse=True, scope="module")
def _needs_poppler():
    for tool in ("pdfinfo", "pdftotext", "pdftoppm", "pdfimages"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install Debian's poppler-utils (.ci/run does)")


def test_a_temporary_folder_too_deep_for_chromiums_socket_still_prints(tmp_path, monkeypatch):
    # Chromium makes a Unix socket in TMPDIR; a path past ~107 bytes fails it at start. The printer must
    # start it with a temporary folder short enough.
    deep = tmp_path / ("t" * 60) / ("u" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(deep))
    monkeypatch.setattr("tempfile.tempdir", str(deep))
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html lang='en'><title>t</title><p>Printed from a deep TMPDIR.</p></html>",
                    encoding="utf-8")
    pdf = print_pdf(page, tmp_path / "page.pdf")
    assert "Printed from a deep TMPDIR." in poppler("pdftotext", str(pdf), "-")
