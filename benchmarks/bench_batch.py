"""Per-report cost of `wres batch --jobs 2` against the hand loop an analyst writes, in the same run.

Hand loop, per organisation: `papermill notebooks/wres_report.ipynb OUT.ipynb -p ...` then
`jupyter nbconvert --to html --no-input OUT.ipynb` (two CLI processes and a kernel per report).
Target: at least 5x faster per report; aim for 10x. Prints both figures and the ratio.

Each side runs as an analyst would run it: the batch over the whole national demo dataset (42 ICBs, so
its one-off start-up is shared as in real use), the hand loop over the first few organisations (its
cost per report is the same for every organisation, and 42 would take several minutes). Both are
measured in the same run, one after the other, on an otherwise idle machine.
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
    parser.add_argument("--batch-orgs", type=int, default=42, help="organisations in the batch (default 42)")
    parser.add_argument("--hand-orgs", type=int, default=6, help="organisations in the hand loop (default 6)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    batch_orgs = [f"ZS{i:03d}" for i in range(1, args.batch_orgs + 1)]
    hand_orgs = batch_orgs[: args.hand_orgs]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "hand").mkdir()
        ours = batch(batch_orgs, tmp_path / "batch", args.jobs)
        hand = hand_loop(hand_orgs, tmp_path / "hand")
    per_hand, per_ours = hand / len(hand_orgs), ours / len(batch_orgs)
    ratio = per_hand / per_ours
    print(f"hand loop (papermill CLI + nbconvert CLI), {len(hand_orgs):2d} reports: {hand:6.1f} s, "
          f"{per_hand:5.2f} s/report")
    print(f"wres batch --jobs {args.jobs},                  {len(batch_orgs):2d} reports: {ours:6.1f} s, "
          f"{per_ours:5.2f} s/report")
    print(f"ratio: {ratio:.1f}x faster per report (target {TARGET:.0f}x, aim 10x) -> "
          f"{'met' if ratio >= TARGET else 'MISSED'}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
