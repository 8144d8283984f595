"""A wres page printed to an A4 PDF by headless Chromium: the board pack.

The page carries its own print rules (``wreslib/present/templates/wres/style.css`` and the ``@page`` rules
of ``page.html.j2``): A4 with margins, a running title at the top of every page, "Synthetic data" beside it
on every page of a synthetic report, "Page n of N" at the foot, no table row or figure split across pages,
headings kept with what follows, and every collapsed part opened. Charts are SVG, so they print as
vectors, sharp at any size. Chromium's own header and footer (which would print the file's local path and
the date) are switched off.

Chromium is found as ``$WRES_CHROMIUM``, else ``chromium``, ``chromium-browser``, ``google-chrome`` or
``google-chrome-stable`` on the PATH (Debian: ``apt install chromium``). It runs with a fresh profile in a
temporary folder, never touches the network (the page is self-contained), and is stopped after
``timeout`` seconds. It runs in its sandbox when it can; where the machine cannot give it one (as root, or
in a container without user namespaces) it runs without, which is safe for a page wres made itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from wreslib.errors import ReportError
from wreslib.pipeline.kernel import SHORT_TEMP, socket_fits, stop_process_group

#: Names tried on the PATH, in order, when ``$WRES_CHROMIUM`` is not set.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: The file names of the printed report and benchmark page, beside their HTML.
REPORT_PDF, BENCHMARK_PDF = "report.pdf", "benchmark.pdf"
#: Seconds a page may take to print before Chromium is stopped.
TIMEOUT = 120.0
#: Where in the temporary folder Chromium puts its socket (the folder's six random letters included).
CHROMIUM_SOCKET = ".org.chromium.Chromium.XXXXXX/SingletonSocket"
NO_SANDBOX_SIGNS = ("No usable sandbox", "sandbox", "Running as root without --no-sandbox")


class PdfError(ReportError):
    """The PDF could not be made (no Chromium, Chromium failed or timed out, or the file cannot be written)."""


def find_chromium() -> str:
    """The Chromium to print with, or a :class:`PdfError` saying how to get one."""
    given = os.environ.get("WRES_CHROMIUM")
    if given:
        found = shutil.which(given)
        if found is None:
            raise PdfError(f"WRES_CHROMIUM is set to {given!r}, which is not a program this machine can run. "
                           "Set it to Chromium's path, or unset it to use chromium from the PATH.")
        return found
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("A PDF needs Chromium, which is not installed: install it (Debian or Ubuntu: "
                   "sudo apt install chromium) or set WRES_CHROMIUM to its path.")


def _command(browser: str, page: Path, target: Path, profile: str, *, sandbox: bool) -> list[str]:
    command = [browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
               "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
               f"--user-data-dir={profile}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
               "--virtual-time-budget=5000", f"--print-to-pdf={target}"]
    if not sandbox:
        command.append("--no-sandbox")
    return [*command, page.resolve().as_uri()]


def chromium_environment() -> dict[str, str]:
    """The environment to start Chromium in: this one, with TMPDIR moved to the system's root temporary
    folder when the one set is too deep for the Unix socket Chromium makes in it (``SingletonSocket``, in a
    ``.org.chromium.Chromium.XXXXXX`` folder); Chromium then fails at start ("zygote … Broken pipe")."""
    env = dict(os.environ)
    if not socket_fits(os.path.join(tempfile.gettempdir(), CHROMIUM_SOCKET)):
        env["TMPDIR"] = SHORT_TEMP
    return env


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run Chromium in its own process group, so that stopping it stops its helper processes too."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               text=True, start_new_session=True, env=chromium_environment())
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _stop(process)
        seconds = f"{timeout:g} second" + ("" if timeout == 1 else "s")
        raise PdfError(f"Chromium did not finish printing within {seconds} and was stopped. Run "
                       "again; if it keeps happening, the machine may be short of memory.") from exc
    except BaseException:
        _stop(process)
        raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _stop(process: subprocess.Popen[str]) -> None:
    stop_process_group(process.pid)
    process.communicate()


def print_pdf(page: str | Path, target: str | Path, *, timeout: float = TIMEOUT) -> Path:
    """Print the HTML file ``page`` to the A4 PDF ``target`` (written whole or not at all).

    Raises :class:`PdfError` naming the cause: no Chromium, a page that does not exist, a folder that
    cannot be written, Chromium failing (its last message is quoted) or running past ``timeout``.
    """
    page, target = Path(page), Path(target)
    if not page.is_file():
        raise PdfError(f"The page to print does not exist: {page.name}.")
    browser = find_chromium()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".pdf.partial", dir=target.parent)[1])
    except OSError as exc:
        raise PdfError(f"Cannot write the PDF in the folder {target.parent.name!r}: {exc.strerror}. Choose "
                       "a folder you can write to (--out).") from exc
    try:
        with tempfile.TemporaryDirectory(prefix="wres-chromium-") as profile:
            sandbox = os.geteuid() != 0 if hasattr(os, "geteuid") else True
            done = _run(_command(browser, page, partial, profile, sandbox=sandbox), timeout)
            if done.returncode != 0 and sandbox and any(s in done.stderr for s in NO_SANDBOX_SIGNS):
                done = _run(_command(browser, page, partial, profile, sandbox=False), timeout)
        if done.returncode != 0 or partial.stat().st_size == 0:
            last = [line for line in done.stderr.splitlines() if line.strip()][-1:] or ["no message"]
            raise PdfError(f"Chromium could not print {page.name} (exit status {done.returncode}): {last[0]}")
        os.replace(partial, target)
        return target
    finally:
        partial.unlink(missing_ok=True)
