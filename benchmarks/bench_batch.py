"""Per-report cost of `wres batch --jobs 2` against the hand loop an analyst writes, in the same run.

Hand loop, per organisation, two organisations at a time (two loops side by side, as many workers as the
batch):
    papermill notebooks/wres_report.ipynb OUT.ipynb -k python3 -p org_code X -p year 2024 -p data_dir DATA
    jupyter nbconvert --to html --no-input OUT.ipynb
Target: the batch at least 10x cheaper per report than the hand loop, for 6 organisations and for the
42-ICB national demo; both sides run over the same organisations, one after the other, on the same machine.

Then the reruns of the 42-ICB batch: nothing changed (everything up to date), one organisation's rows
changed (one report remade), and --force (every report remade).

``--scale N`` instead measures memory: one batch of N fictional ICBs (``wres synth --orgs N``), sampling
the resident memory (RSS) of every process of the batch (the supervisor, each worker, each kernel) four
times a second, and reports the peak of each and of the whole batch. ``--hand-sample K`` times the hand
loop over the first K organisations only and takes its per-report cost for the rest (quicker, less exact).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DATA = ROOT / "data" / "synthetic"
TARGET = 10.0


def hand_one(org: str, out: Path, data: Path) -> None:
    nb = out / f"{org}.ipynb"
    subprocess.run([str(BIN / "papermill"), str(ROOT / "notebooks" / "wres_report.ipynb"), str(nb), "-k", "python3",
                    "-p", "org_code", org, "-p", "year", "2024", "-p", "data_dir", str(data), "--no-progress-bar"],
                   check=True, capture_output=True, cwd=ROOT)
    subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb)],
                   check=True, capture_output=True, cwd=ROOT)


def hand_loop(orgs: list[str], out: Path, data: Path = DATA, jobs: int = 2) -> float:
    """The hand loop, ``jobs`` loops side by side (organisation i goes to loop i mod jobs)."""
    out.mkdir(parents=True, exist_ok=True)
    errors: list[BaseException] = []

    def loop(mine: list[str]) -> None:
        try:
            for org in mine:
                hand_one(org, out, data)
        except BaseException as exc:  # reported after the join
            errors.append(exc)

    start = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(orgs[i::jobs],)) for i in range(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def batch(orgs: list[str] | None, out: Path, jobs: int, data: Path = DATA, *extra: str) -> tuple[float, str]:
    command = [str(BIN / "wres"), "batch", "--data", str(data), "--year", "2024", "--jobs", str(jobs), "--out",
               str(out), "--no-progress", *extra]
    if orgs:
        command[4:4] = ["--orgs", ",".join(orgs)]
    start = time.perf_counter()
    proc = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, proc.stdout.strip().splitlines()[0]


def ratio_line(n: int, hand: float, ours: float, jobs: int, hand_n: int | None = None) -> float:
    per_hand, per_ours = hand / (hand_n or n), ours / n
    ratio = per_hand / per_ours
    sampled = f" (first {hand_n})" if hand_n and hand_n != n else ""
    print(f"{n:3d} organisations: hand loop{sampled} {per_hand:6.2f} s/report, wres batch --jobs {jobs} "
          f"{per_ours:5.2f} s/report ({ours:5.1f} s in all): {ratio:5.1f}x "
          f"({'met' if ratio >= TARGET else 'MISSED'}, target {TARGET:.0f}x)")
    return ratio


def edit_one_org(data: Path, org: str) -> None:
    """Change one 2024 workforce count of one organisation."""
    path = data / "workforce.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[header.index("org_code")] == org and cells[header.index("year")] == "2024":
            cells[header.index("headcount")] = str(int(cells[header.index("headcount")]) + 1)
            lines[i] = ",".join(cells)
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def ratios(args: argparse.Namespace) -> int:
    codes = [f"ZS{i:03d}" for i in range(1, 43)]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for n in args.sizes:
            orgs = codes[:n]
            ours, _ = batch(orgs, tmp_path / f"batch-{n}", args.jobs)
            hand_n = min(n, args.hand_sample) if args.hand_sample else n
            hand = hand_loop(orgs[:hand_n], tmp_path / f"hand-{n}", jobs=args.jobs)
            ok &= ratio_line(n, hand, ours, args.jobs, hand_n) >= TARGET
        data = tmp_path / "data"
        shutil.copytree(DATA, data)
        out = tmp_path / "reruns"
        first, said = batch(None, out, args.jobs, data)
        print(f"reruns of the 42-ICB batch (first run {first:.1f} s: {said})")
        took, said = batch(None, out, args.jobs, data)
        print(f"  nothing changed:           {took:5.1f} s  {said}")
        edit_one_org(data, "ZS017")
        took, said = batch(None, out, args.jobs, data)
        print(f"  one organisation changed:  {took:5.1f} s  {said}")
        took, said = batch(None, out, args.jobs, data, "--force")
        print(f"  --force:                   {took:5.1f} s  {said}")
    return 0 if ok else 1


def _sample(root_pid: int, peaks: dict[str, float], timeline: list[tuple[float, dict[str, float]]],
            stop: threading.Event) -> None:
    """Every quarter second: the largest RSS of each kind of process of the batch, and their sum (GiB)."""
    import psutil

    root = psutil.Process(root_pid)
    start = time.perf_counter()
    while not stop.is_set():
        try:
            family = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        now: dict[str, float] = {}
        for p in family:
            try:
                rss = p.memory_info().rss / 2**30
                cmd = " ".join(p.cmdline())
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            kind = "batch (supervisor)" if p.pid == root_pid else "kernel" if "ipykernel" in cmd else "worker"
            now[kind] = max(now.get(kind, 0.0), rss)
            now["whole batch (sum)"] = now.get("whole batch (sum)", 0.0) + rss
        for kind, gib in now.items():
            peaks[kind] = max(peaks.get(kind, 0.0), gib)
        timeline.append((time.perf_counter() - start, now))
        stop.wait(0.25)


def scale(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        data = tmp_path / "data"
        subprocess.run([str(BIN / "wres"), "synth", "--orgs", str(args.scale), "--out", str(data)], check=True,
                       capture_output=True)
        command = [str(BIN / "wres"), "batch", "--data", str(data), "--year", "2024", "--jobs", str(args.jobs),
                   "--out", str(tmp_path / "out"), "--no-progress"]
        peaks: dict[str, float] = {}
        timeline: list[tuple[float, dict[str, float]]] = []
        stop = threading.Event()
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sampler = threading.Thread(target=_sample, args=(proc.pid, peaks, timeline, stop))
        sampler.start()
        out, err = proc.communicate()
        stop.set()
        sampler.join()
        took = time.perf_counter() - start
        index = (tmp_path / "out" / "index.html").stat().st_size / 1024
        made = len(list((tmp_path / "out").glob("*/2024/manifest.json")))
    print(f"{args.scale} organisations, --jobs {args.jobs}: exit {proc.returncode}, {made} reports in {took:.0f} s "
          f"({took / max(made, 1):.2f} s/report); index.html {index:.0f} KiB")
    print(out.strip() or err.strip()[-2000:])
    for kind, gib in sorted(peaks.items()):
        print(f"  peak RSS, {kind:20s} {gib:5.2f} GiB")
    # Flat memory: the largest RSS of each kind within each tenth of the run.
    tenths = [[now for t, now in timeline if i * took / 10 <= t < (i + 1) * took / 10] for i in range(10)]
    for kind in ("worker", "kernel", "whole batch (sum)"):
        series = [max((now.get(kind, 0.0) for now in part), default=0.0) for part in tenths]
        print(f"  RSS of the largest {kind:17s} by tenth of the run: " + " ".join(f"{g:.2f}" for g in series))
    return proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 42], help="batch sizes to compare (default 6 42)")
    parser.add_argument("--jobs", type=int, default=2, help="workers, and hand loops side by side (default 2)")
    parser.add_argument("--hand-sample", type=int, default=0,
                        help="time the hand loop over this many organisations only (default: all)")
    parser.add_argument("--scale", type=int, default=0, help="measure memory over one batch of this many ICBs")
    args = parser.parse_args()
    return scale(args) if args.scale else ratios(args)


if __name__ == "__main__":
    sys.exit(main())
