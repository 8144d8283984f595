"""Import cost of wreslib against pandas (issue: `import wreslib` <= 1.2x `import pandas`).

Each command runs in a fresh interpreter, alternating, so both see the same machine state; the
median of the runs is compared. Prints the figures and the ratio; exits 1 if the target is missed.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15
TARGET = 1.2
HEAVY = ("scipy", "matplotlib", "papermill", "nbconvert")


def _time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> int:
    _time("import pandas, wreslib")  # warm the file cache once
    base, ours, entry = [], [], []
    for _ in range(RUNS):
        base.append(_time("import pandas"))
        ours.append(_time("import wreslib"))
        entry.append(_time("import wreslib.measures.compute, wreslib.data.read"))
    leaked = subprocess.run(
        [sys.executable, "-c", f"import sys, wreslib; print([m for m in {HEAVY!r} if m in sys.modules])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    b, o, e = statistics.median(base), statistics.median(ours), statistics.median(entry)
    print(f"python -c 'import pandas'                       median {b * 1000:7.1f} ms over {RUNS} runs")
    print(f"python -c 'import wreslib'                      median {o * 1000:7.1f} ms  ratio {o / b:.2f}x")
    print(f"python -c 'import wreslib indicators + reading' median {e * 1000:7.1f} ms  ratio {e / b:.2f}x")
    print(f"heavy modules loaded by 'import wreslib': {leaked}")
    ok = o / b <= TARGET and leaked == "[]"
    print(f"target: import wreslib <= {TARGET}x import pandas -> {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
