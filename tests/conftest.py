"""Shared fixtures: the bundled example and a factory of small data folders for bad-input tests; and a
watchdog that stops a test that hangs, showing what it was waiting for."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests run the same examples on every machine (no flaky CI) and never fail on a slow, shared
# machine's timing: a test's own settings can still ask for more examples.
settings.register_profile("wres", deadline=None, derandomize=True)
settings.load_profile("wres")

# The tests run as from a terminal, where Ctrl-C is Python's KeyboardInterrupt, also when the run itself was
# started as a shell's background job (which inherits SIGINT ignored; Python then keeps it ignored, and so
# would every wres process a test starts).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

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
    """The example report rendered once per test session by the pipeline (papermill + nbconvert)."""
    from wreslib.pipeline.render import render_report

    out = tmp_path_factory.mktemp("reports")
    render_report(EXAMPLE, "QHG", 2024, out)
    return out / "QHG" / "2024"


class Organisation:
    """One organisation's counts for a hand-made or generated data folder (see ``write_folder``)."""

    def __init__(self, code: str = "AAA", name: str = "Alpha ICB", region: str = "London", *, years=(2024,),
                 workforce=None, recruitment=None, disciplinary=None, training=None, survey=None, board=None,
                 synthetic: bool = False) -> None:
        self.code, self.name, self.region, self.years, self.synthetic = code, name, region, tuple(years), synthetic
        # {year: {(staff_group, band): (white, bme, unknown)}}
        self.workforce = workforce or {y: {("clinical", "Band 5"): (80, 20, 0)} for y in self.years}
        self.recruitment = recruitment or {}  # {year: ((w_short, w_app), (b_short, b_app), (u_short, u_app))}
        self.disciplinary = disciplinary or {}  # {year: (white, bme, unknown)}
        self.training = training or {}  # {year: (white, bme, unknown or None)}
        self.survey = survey or {}  # {survey_year: {indicator: ((w_resp, w_yes), (b_resp, b_yes))}}
        self.board = board or {}  # {year: (white, bme, unknown)}


def write_folder(folder: Path, organisations: list[Organisation]) -> Path:
    """Write a data folder holding the given organisations (only the tables some organisation has)."""
    folder.mkdir(parents=True, exist_ok=True)
    groups = ("White", "BME", "Unknown")
    tables: dict[str, list[str]] = {
        "organisations": ["org_code,org_name,org_type,region,synthetic"],
        "workforce": ["org_code,year,staff_group,band,ethnicity,headcount"],
    }
    for org in organisations:
        tables["organisations"].append(f'{org.code},"{org.name}",ICB,{org.region},{str(org.synthetic).lower()}')
        for year, cells in org.workforce.items():
            for (staff_group, band), counts in cells.items():
                for group, n in zip(groups, counts, strict=True):
                    tables["workforce"].append(f"{org.code},{year},{staff_group},{band},{group},{n}")
        for year, pairs in org.recruitment.items():
            tables.setdefault("recruitment", ["org_code,year,ethnicity,shortlisted,appointed"])
            for group, (short, appointed) in zip(groups, pairs, strict=True):
                tables["recruitment"].append(f"{org.code},{year},{group},{short},{appointed}")
        for name, column, source in (("disciplinary", "entered", org.disciplinary),
                                     ("training", "accessed", org.training)):
            for year, counts in source.items():
                tables.setdefault(name, [f"org_code,year,ethnicity,{column}"])
                for group, n in zip(groups, counts, strict=True):
                    if n is not None:
                        tables[name].append(f"{org.code},{year},{group},{n}")
        for survey_year, indicators in org.survey.items():
            tables.setdefault("survey", ["org_code,survey_year,indicator,ethnicity,respondents,yes"])
            for number, ((w_n, w_yes), (b_n, b_yes)) in indicators.items():
                tables["survey"].append(f"{org.code},{survey_year},{number},White,{w_n},{w_yes}")
                tables["survey"].append(f"{org.code},{survey_year},{number},BME,{b_n},{b_yes}")
        for year, counts in org.board.items():
            tables.setdefault("board", ["org_code,year,ethnicity,voting,executive"])
            for group, n in zip(groups, counts, strict=True):
                tables["board"].append(f"{org.code},{year},{group},{n},")
    for name, lines in tables.items():
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def org_folder(tmp_path: Path):
    """Write a data folder from ``Organisation`` objects: ``org_folder(Organisation(...), ...)``."""

    def make(*organisations: Organisation, name: str = "orgs") -> Path:
        return write_folder(tmp_path / name, list(organisations))

    return make


def random_organisation(rng, code: str, years=(2022, 2023, 2024), small: bool = False) -> Organisation:
    """An organisation with random counts (``small``: groups of a handful, to exercise small-number rules)."""
    import numpy as np

    top = 12 if small else 400

    def n(low: int = 0, high: int = top) -> int:
        return int(rng.integers(low, max(high, low + 1) + 1))

    workforce, recruitment, disciplinary, training, board = {}, {}, {}, {}, {}
    survey = {}
    for year in years:
        cells = {}
        for staff_group in ("non-clinical", "clinical"):
            for band in ("Band 1-7", "Band 8a-VSM"):
                cells[(staff_group, band)] = (n(1), n(0), n(0, top // 10 + 1))
        if rng.random() < 0.3:
            cells[("medical", "Consultant")] = (n(0, 30), n(0, 30), n(0, 3))
            cells[("medical", "Trainee grade")] = (n(0, 30), n(0, 30), n(0, 3))
        workforce[year] = cells
        white = sum(c[0] for c in cells.values())
        bme = sum(c[1] for c in cells.values())
        unknown = sum(c[2] for c in cells.values())
        shortlisted = (n(0, 3 * top), n(0, 3 * top), n(0, top))
        recruitment[year] = tuple((s, int(rng.integers(0, s + 1))) for s in shortlisted)
        disciplinary[year] = (int(rng.integers(0, min(white, 6) + 1)), int(rng.integers(0, min(bme, 6) + 1)),
                              int(rng.integers(0, min(unknown, 2) + 1)))
        training[year] = (int(rng.integers(0, white + 1)), int(rng.integers(0, bme + 1)),
                          None if rng.random() < 0.5 else int(rng.integers(0, unknown + 1)))
        members = n(4, 16)
        b = int(rng.integers(0, members + 1))
        u = int(rng.integers(0, members - b + 1)) if rng.random() < 0.3 else 0
        board[year] = (members - b - u, b, u)
        indicators = {}
        for number in (5, 6, 7, 8):
            w_n, b_n = n(5, 3 * top), n(3, 2 * top)
            indicators[number] = ((w_n, int(rng.integers(0, w_n + 1))), (b_n, int(rng.integers(0, b_n + 1))))
        survey[year - 1] = indicators
    del np
    return Organisation(code, f"Organisation {code}", ("London", "North West", "East of England")[
        int(rng.integers(0, 3))], years=years, workforce=workforce, recruitment=recruitment,
        disciplinary=disciplinary, training=training, survey=survey, board=board)


@pytest.fixture(scope="session")
def builders():
    """The shared builders for test modules: ``Organisation``, ``write_folder``, ``random_organisation``."""
    from types import SimpleNamespace

    return SimpleNamespace(Organisation=Organisation, write_folder=write_folder,
                           random_organisation=random_organisation)


# --- the watchdog ---------------------------------------------------------------------------------------------
#: A test running longer than this many seconds is stopped: the processes it started are listed with their
#: Python stacks (py-spy), then killed, and the test fails, so that a hang costs one test and says where it
#: hung instead of running the CI job out of time. The slowest test takes about two minutes on two cores;
#: WRES_TEST_BUDGET_S sets another budget.
TEST_BUDGET_S = float(os.environ.get("WRES_TEST_BUDGET_S", "600"))
#: After this many stopped tests the run ends: the machine itself is then what needs looking at.
STOPPED_TESTS_MAX = 3
_stopped: list[str] = []
#: The Python stacks shown at most for one stopped test (each costs py-spy up to 30 s).
STACKS_MAX = 8
#: Every process a test starts (workers, kernels, Chromium) inherits this variable, so that the watchdog
#: finds them also when their parent has gone.
MARK = "WRES_TEST_SESSION"
os.environ[MARK] = str(os.getpid())


def _started_here(began: float) -> list:
    import psutil

    me = psutil.Process()
    found = {p.pid: p for p in me.children(recursive=True)}
    for p in psutil.process_iter(["create_time"]):
        try:
            if p.pid != me.pid and p.pid not in found and p.info["create_time"] >= began - 1 \
                    and p.environ().get(MARK) == os.environ[MARK]:
                found[p.pid] = p
        except psutil.Error:
            continue
    return sorted(found.values(), key=lambda p: p.pid)


def _python_stack(pid: int) -> str:
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        return "    (py-spy is not installed: no stack)"
    try:
        done = subprocess.run([spy, "dump", "--pid", str(pid)], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "    (py-spy did not answer within 30 s)"
    return "\n".join("    " + line for line in (done.stdout or done.stderr).strip().splitlines()[:60])


def _what_was_running(began: float) -> str:
    import psutil

    lines = []
    stacks = 0
    for p in _started_here(began):
        try:
            command = " ".join(p.cmdline())[:240]
            lines.append(f"process {p.pid} (parent {p.ppid()}, {p.status()}, "
                         f"{time.time() - p.create_time():.0f} s old): {command}")
            if "python" in p.name().lower() and stacks < STACKS_MAX:
                stacks += 1
                lines.append(_python_stack(p.pid))
        except psutil.Error:
            continue
    return "\n".join(lines) or "no process of its own"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Stop a test (its set-up, call and tear-down) that runs past :data:`TEST_BUDGET_S` (see there)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    began = time.time()

    def expired(signum, frame):
        import psutil

        report = _what_was_running(began)
        for p in _started_here(began):
            with suppress(psutil.Error):
                p.kill()
        _stopped.append(item.nodeid)
        message = (f"{item.nodeid} ran longer than {TEST_BUDGET_S:.0f} s and was stopped. What it had "
                   f"started, and where each Python process was:\n{report}")
        if len(_stopped) >= STOPPED_TESTS_MAX:
            pytest.exit(f"{len(_stopped)} tests ran out of time ({', '.join(_stopped)}); the last one:\n{message}",
                        returncode=1)
        pytest.fail(message)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})  # in case whatever started the run blocked it
    signal.setitimer(signal.ITIMER_REAL, TEST_BUDGET_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
