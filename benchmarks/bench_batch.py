"""Per-report cost of `wres batch --jobs 2` against the hand loop an analyst writes, in the same run.

Hand loop, per organisation: `papermill notebooks/wres_report.ipynb OUT.ipynb -p ...` then
`jupyter nbconvert --to html --no-input OUT.ipynb` (two CLI processes and a kernel per report).
Target: at least 5x faster per report; aim for 10x. Prints both figures and the ratio.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DATA = ROOT / "data" / "synthetic"
TARGET = 5.0


def hand_loop(orgs: list[str], out: Path) -> float:
    start = time.perf_counter()
    for org in orgs:
        nb = out / f"{org}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(ROOT / "notebooks" / "wres_report.ipynb"), str(nb),
                        "-k", "python3", "-p", "org_code", org, "-p", "year", "2024", "-p", "data_dir", str(DATA),
                        "--no-progress-bar"], check=True, capture_output=True, cwd=ROOT)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
                       check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def batch(orgs: list[str], out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "wres"), "batch", "--data", str(DATA), "--year", "2024", "--orgs", ",".join(orgs),
                    "--jobs", str(jobs), "--out", str(out), "--no-progress"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=8, help="organisations per side (default 8)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    orgs = [f"ZS{i:03d}" for i in range(1, args.orgs + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "hand").mkdir()
        ours = batch(orgs, tmp_path / "batch", args.jobs)
        hand = hand_loop(orgs, tmp_path / "hand")
    per_hand, per_ours = hand / len(orgs), ours / len(orgs)
    ratio = per_hand / per_ours
    print(f"hand loop (papermill CLI + nbconvert CLI), {len(orgs)} reports: {hand:6.1f} s, {per_hand:5.2f} s/report")
    print(f"wres batch --jobs {args.jobs}, {len(orgs)} reports:                 {ours:6.1f} s, {per_ours:5.2f} s/report")
    print(f"ratio: {ratio:.1f}x faster per report (target {TARGET:.0f}x, aim 10x) -> "
          f"{'met' if ratio >= TARGET else 'MISSED'}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
