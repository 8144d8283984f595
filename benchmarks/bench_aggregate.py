"""`wres aggregate` at the scale of the NHS in England, against a plain `pandas.read_csv` of the same file.

Generates (deterministically, in a temporary folder) a 1.5-million-row, 250-organisation ESR-style extract
with the columns analysts have: org_code, year, staff_id, staff_group and band written in mixed case with
stray spaces, ethnic_category as a mix of NHS codes, ESR two-character sub-codes (CA, PD, ...), Z, 99 and
blanks, a bank column, and two columns that are not used (gender, fte). About 0.5% of rows repeat a staff
member (a second assignment) and 8% are bank.

Then, each in a fresh Python process so that peak memory is that process's own, alternating, three times:
  (a) `pandas.read_csv(FILE)` with no options;
  (b) `aggregate_records(FILE)` and `write_workforce(result, DIR)`.
Wall time is measured inside the child around the call (imports excluded on both sides); peak memory is the
child's high-water mark (VmHWM from /proc/self/status, else ru_maxrss).

Targets: (b) within 2.0x the wall time of (a) (median of 3), and (b)'s peak RSS under 1.5 GiB.
Prints the figures and "met" or "MISSED"; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIME_TARGET = 2.0
MEMORY_TARGET = 1.5 * 1024**3

_PEAK = """
def _peak():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
"""

CHILD = {
    "read_csv": _PEAK + """
import json, sys, time
import pandas
start = time.perf_counter()
frame = pandas.read_csv(sys.argv[1])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak": _peak(), "rows": len(frame)}))
""",
    "aggregate": _PEAK + """
import json, sys, time
import pandas
from wreslib.data.aggregate import aggregate_records, write_workforce
start = time.perf_counter()
result = aggregate_records(sys.argv[1])
write_workforce(result, sys.argv[2])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak": _peak(), "rows": result.rows_read, "counted": result.rows_counted,
                  "bank": result.bank_excluded, "repeats": result.duplicates_dropped,
                  "cells": len(result.workforce)}))
""",
}


def generate(path: Path, rows: int, orgs: int, years: list[int], seed: int = 2024) -> None:
    """Write a deterministic ESR-style extract of about ``rows`` rows for ``orgs`` organisations."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    letters = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ"))
    codes: list[str] = []
    while len(codes) < orgs:  # ODS-style trust codes: R plus two letters or digits, unique
        code = "R" + "".join(rng.choice(np.concatenate([letters, np.array(list("0123456789"))]), 2))
        if code not in codes:
            codes.append(code)
    # Organisation sizes vary like trusts do (a few large teaching trusts, many mid-sized ones).
    weights = rng.lognormal(0.0, 0.6, orgs)
    repeats = round(rows * 0.005)  # second assignments, part of the total
    per_year = (rows - repeats) // len(years)
    org_of = np.sort(rng.choice(orgs, size=per_year, p=weights / weights.sum()))
    people = rng.permutation(np.arange(10_000_000, 10_000_000 + 4 * per_year))[:per_year].astype(np.int64)
    newcomers = rng.permutation(np.arange(60_000_000, 60_000_000 + 4 * per_year))
    frames = []
    for k, year in enumerate(years):
        ids = people.copy()
        if k:  # about one in ten staff differs from one year to the next
            leave = rng.random(per_year) < 0.10
            ids[leave] = newcomers[k * per_year:(k + 1) * per_year][leave]
        frames.append((np.full(per_year, year), org_of, ids))
    year_col = np.concatenate([f[0] for f in frames])
    org_idx = np.concatenate([f[1] for f in frames])
    staff = np.concatenate([f[2] for f in frames])
    n = len(staff)
    # A second assignment for 0.5% of staff: the same person again, in the same organisation and year.
    again = rng.choice(n, size=rows - n, replace=False)
    order = np.sort(np.concatenate([np.arange(n), again]))
    year_col, org_idx, staff = year_col[order], org_idx[order], staff[order]
    n = len(staff)

    staff_groups = np.array(["Non-clinical", "non clinical", "Clinical", " clinical ", "CLINICAL",
                             "Medical and Dental", "medical", "Other"])
    sg_p = np.array([0.2, 0.1, 0.3, 0.05, 0.05, 0.1, 0.05, 0.15])
    band_values = np.array(["Band 2", "band 2", "Band 3", "Band 4", "Band 5", " band 5", "BAND 6", "Band 6",
                            "Band 7", "Band 8a", "band 8A ", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM",
                            "Under Band 1", "Band 1", "Consultant", "Trainee grade", "Non-consultant career grade",
                            "Other medical", "Not recorded"])
    band_p = rng.dirichlet(np.full(len(band_values), 2.0))
    ethnic_values = np.array(["A", "B", "C", "CA", "CK", "D", "E", "F", "G", "H", "J", "K", "L", "LH", "M", "N",
                              "P", "PD", "R", "S", "Z", "99", "", "a"])
    ethnic_p = rng.dirichlet(np.full(len(ethnic_values), 2.0))
    table = pa.table({
        "org_code": np.array(codes)[org_idx],
        "year": year_col,
        "staff_id": staff,
        "staff_group": staff_groups[rng.choice(len(staff_groups), n, p=sg_p)],
        "band": band_values[rng.choice(len(band_values), n, p=band_p)],
        "ethnic_category": ethnic_values[rng.choice(len(ethnic_values), n, p=ethnic_p)],
        "bank": np.where(rng.random(n) < 0.08, "Y", "N"),
        "gender": np.where(rng.random(n) < 0.77, "F", "M"),
        "fte": np.round(rng.choice([1.0, 0.8, 0.6, 0.5, 0.4], n), 2),
    })
    with path.open("wb") as handle:
        handle.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, handle, write_options=pacsv.WriteOptions(include_header=False, quoting_style="none"))


def run(which: str, path: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD[which], str(path), str(out)], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_500_000, help="rows in the extract (default 1.5 million)")
    parser.add_argument("--orgs", type=int, default=250, help="organisations (default 250)")
    parser.add_argument("--years", default="2023,2024", help="comma-separated WRES years (default 2023,2024)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side (default 3; median)")
    args = parser.parse_args()
    years = [int(y) for y in args.years.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "esr_extract.csv"
        start = time.perf_counter()
        generate(path, args.rows, args.orgs, years)
        size = path.stat().st_size
        print(f"extract: {args.rows:,} rows, {args.orgs} organisations, years {args.years}, "
              f"{size / 1e6:.0f} MB (made in {time.perf_counter() - start:.1f} s)")
        # One untimed run of each, so both find the file and the libraries in the page cache.
        run("read_csv", path, Path(tmp) / "out")
        run("aggregate", path, Path(tmp) / "out")
        plain, ours = [], []
        for _ in range(args.runs):  # alternate, so that a busy moment on the machine hits both sides
            plain.append(run("read_csv", path, Path(tmp) / "out"))
            ours.append(run("aggregate", path, Path(tmp) / "out"))

    a = statistics.median(r["seconds"] for r in plain)
    b = statistics.median(r["seconds"] for r in ours)
    peak = max(r["peak"] for r in ours)
    ratio = b / a
    last = ours[-1]
    print(f"aggregate: {last['rows']:,} rows read, {last['counted']:,} counted, {last['bank']:,} bank excluded, "
          f"{last['repeats']:,} repeats dropped, {last['cells']:,} rows in workforce.csv")
    def runs(results: list[dict]) -> str:
        return ", ".join(f"{r['seconds']:.3f}" for r in results)

    plain_peak = max(r["peak"] for r in plain)
    print(f"(a) pandas.read_csv(FILE):               {a:6.3f} s  (runs: {runs(plain)}); "
          f"peak RSS {plain_peak / 2**20:5.0f} MiB")
    print(f"(b) aggregate_records + write_workforce: {b:6.3f} s  (runs: {runs(ours)}); "
          f"peak RSS {peak / 2**20:5.0f} MiB")
    time_ok = ratio <= TIME_TARGET
    memory_ok = peak < MEMORY_TARGET
    print(f"time ratio b/a: {ratio:.2f} (target <= {TIME_TARGET:.1f}) -> {'met' if time_ok else 'MISSED'}")
    print(f"peak RSS of b: {peak / 2**30:.2f} GiB (target < 1.5 GiB) -> {'met' if memory_ok else 'MISSED'}")
    return 0 if time_ok and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())
