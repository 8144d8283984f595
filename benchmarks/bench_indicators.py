"""Computing the indicators of many organisations: the tidy table against reading, and against wreslib 0.1.

Two targets, each measured in fresh Python processes (imports excluded, the data read before the clock
starts where reading is not what is timed), three runs alternating, medians reported:

1. **The tidy table at national scale** (issue 10): ``wreslib.indicator_table`` for 250 organisations over
   three years (``wres synth --orgs 250``, written to a temporary folder) in at most 3x the time
   ``wreslib.read_data`` takes for the same folder.
2. **The statistics cost little** (issue 9): the whole synthetic demo's indicators (42 organisations x 3
   years, every test, interval, Holm adjustment and rating) in well under a second more than wreslib 0.1
   took for the same work (``compute_indicators`` per organisation and year). Target: at most 0.5 s more.
   The 0.1 code is taken from git (commit ``BASELINE``) into a temporary folder; without git history the
   comparison is skipped and said so. Both read the demo's indicator tables only (0.1 predates the optional
   tables added since, which do not enter the indicators).

Prints the figures and "met" or "MISSED"; exits 1 when a target is missed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "8d48cc7"  # wreslib 0.1.0, before the package redesign
RUNS = 3
TABLE_RATIO_TARGET = 3.0
EXTRA_SECONDS_TARGET = 0.5

READ = """
import json, sys, time
from wreslib.data.read import read_data
t = time.perf_counter(); read_data(sys.argv[1]); print(json.dumps(time.perf_counter() - t))
"""
TABLE = """
import json, sys, time
from wreslib.data.read import read_data
from wreslib.measures.tidy import indicator_table
data = read_data(sys.argv[1])
t = time.perf_counter(); table = indicator_table(data); print(json.dumps(time.perf_counter() - t))
"""
NEW_ALL = """
import json, sys, time
from wreslib.data.read import read_data
from wreslib.measures.compute import compute, indicator_set
data = read_data(sys.argv[1])
t = time.perf_counter()
comp = compute(data)
sets = [indicator_set(comp, code, year, None) for code in data.org_codes for year in data.years(code)]
print(json.dumps(time.perf_counter() - t))
"""
OLD_ALL = """
import json, sys, time
from wreslib.data.read import read_data
from wreslib.measures.indicators import compute_indicators
data = read_data(sys.argv[1])
t = time.perf_counter()
sets = [compute_indicators(data, code, year) for code in data.org_codes for year in data.years(code)]
print(json.dumps(time.perf_counter() - t))
"""


def child(code: str, folder: Path, path: Path | None = None) -> float:
    env = None
    if path is not None:
        import os

        env = {**os.environ, "PYTHONPATH": str(path)}
    out = subprocess.run([sys.executable, "-c", code, str(folder)], check=True, capture_output=True, text=True,
                         env=env, cwd=str(path or ROOT))
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def baseline_tree(work: Path) -> Path | None:
    """wreslib 0.1 from git, or None without the history."""
    target = work / "baseline"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BASELINE, "wreslib"], capture_output=True)
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def main() -> int:
    from wreslib.data.synth import write

    ok = True
    with tempfile.TemporaryDirectory(prefix="wres-bench-") as tmp:
        work = Path(tmp)
        national = work / "national"
        write(national, n_orgs=250)
        reads, tables = [], []
        for _ in range(RUNS):
            reads.append(child(READ, national))
            tables.append(child(TABLE, national))
        r, t = statistics.median(reads), statistics.median(tables)
        met = t <= TABLE_RATIO_TARGET * r
        ok &= met
        print(f"read_data, 250 organisations x 3 years        median {r:6.2f} s over {RUNS} runs")
        print(f"indicator_table, the same                      median {t:6.2f} s  ratio {t / r:.2f}x "
              f"(target <= {TABLE_RATIO_TARGET:.1f}x): {'met' if met else 'MISSED'}")

        # The demo's indicator tables only: the optional tables wreslib 0.1 did not know (actions with several
        # indicators, commentary, report_info, benchmarks) do not enter the indicators, and 0.1 would refuse some.
        demo = work / "demo"
        demo.mkdir()
        for name in ("organisations", "workforce", "recruitment", "disciplinary", "training", "survey",
                     "survey_benchmarks", "board", "population"):
            source = ROOT / "data" / "synthetic" / f"{name}.csv"
            if source.exists():
                (demo / source.name).write_bytes(source.read_bytes())
        old_tree = baseline_tree(work)
        news = [child(NEW_ALL, demo) for _ in range(RUNS)]
        n = statistics.median(news)
        if old_tree is None:
            print(f"every indicator set of the demo, wreslib 0.2    median {n:6.2f} s (no git history: the 0.1 "
                  "comparison is skipped)")
        else:
            olds = [child(OLD_ALL, demo, old_tree) for _ in range(RUNS)]
            o = statistics.median(olds)
            met = n - o <= EXTRA_SECONDS_TARGET
            ok &= met
            print(f"every indicator set of the demo, wreslib 0.1    median {o:6.2f} s over {RUNS} runs")
            print(f"every indicator set of the demo, wreslib 0.2    median {n:6.2f} s  ratio {n / o:.2f}x, "
                  f"{n - o:+.2f} s (target <= +{EXTRA_SECONDS_TARGET:.1f} s): {'met' if met else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
