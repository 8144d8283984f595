"""When a made report is up to date, so that a batch run again remakes only what changed.

A report uses only its own organisation's rows (and the shared tables it reads), so it is up to date
while all of these are unchanged:

- **its data**: ``Dataset.org_checksum(org_code)``, the fingerprint of every row the organisation uses;
  edits to other organisations' rows leave it alone;
- **its parameters**: organisation, year, the report options (``ReportOptions.as_parameters()``) and how
  the page names the data;
- **the software that shaped it**: wreslib and the libraries that compute, draw or lay out a report
  (``wreslib.version.software()``), and the report notebook itself (its checksum).

The render job records these in the report's ``manifest.json`` under ``"build"`` (:func:`build_record`);
:func:`stale_reason` compares a made report's record with what it would be now and says why it is out of
date, or returns None. Computing an organisation's checksum reads all its rows, so a batch first compares
the whole data's checksum (of every file's bytes): a report made from byte-identical data needs no
organisation checksum at all. Checksums computed for one version of the data are kept in
``OUT/.wres/org-checksums.json`` (:class:`ChecksumCache`), so a rerun after one organisation's rows
changed computes every other organisation's fingerprint once, not on every run.

A rerun with nothing to do need not read the data at all: each finished batch records the fingerprint of
the data's files (:func:`data_fingerprint`: every file's name and bytes) and the checksum of the data it
read (:class:`LastBatch`); while the files are byte for byte the same, that checksum still holds, and the
batch can tell from the manifests alone that every report is up to date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wreslib.pipeline.output import STATE_DIR, write_text
from wreslib.pipeline.pdf import REPORT_PDF
from wreslib.version import VERSION, software

#: Where the render job records what shaped a report, in its manifest.json.
BUILD_KEY = "build"
CHECKSUM_CACHE = "org-checksums.json"
LAST_BATCH = "last-batch.json"


def file_checksum(path: str | Path) -> str:
    """``sha256:`` and the hex digest of a file's bytes (the report notebook's, for the build record).

    Examples
    --------
    >>> from wreslib.resources import notebook
    >>> file_checksum(notebook()).startswith("sha256:")
    True
    """
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class BuildRecord:
    """What shaped one report: its organisation's data, its parameters, the software and the notebook."""

    org_checksum: str | None
    parameters: dict[str, Any]
    notebook: str
    software: dict[str, str] = field(default_factory=software)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def report_parameters(org_code: str, year: int, options: Mapping[str, Any], data_label: str) -> dict[str, Any]:
    """The parameters that shape a report's content (not where its files are on this machine).

    Examples
    --------
    >>> report_parameters("QHG", 2024, {"bme_label": "BME"}, "data/example")
    {'org_code': 'QHG', 'year': 2024, 'bme_label': 'BME', 'data_label': 'data/example'}
    """
    return {"org_code": org_code, "year": int(year), **dict(options), "data_label": data_label}


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """A report folder's manifest, or None when it has none or it cannot be read."""
    try:
        doc = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def stale_reason(folder: Path, wanted: BuildRecord, data_checksum: str,
                 org_checksum: Callable[[], str], pdf: bool = False) -> str | None:
    """Why the report in ``folder`` must be made again, or None when it is up to date (with its PDF, when
    ``pdf`` asks for one).

    ``org_checksum`` is called only when the report was made from data whose bytes differ from the
    current data's (``data_checksum``).
    """
    manifest = read_manifest(folder)
    if manifest is None:
        return "not made yet"
    missing = [name for name in manifest.get("files", ()) if not (folder / name).is_file()]
    if missing or not manifest.get("files"):
        return f"files missing ({', '.join(missing) or 'manifest lists none'})"
    made = manifest.get(BUILD_KEY)
    if not isinstance(made, dict):
        return "made by an earlier wres that recorded no build"
    if made.get("parameters") != wanted.parameters:
        return "its parameters changed"
    if made.get("software") != wanted.software:
        changed = sorted(k for k in {**made.get("software", {}), **wanted.software}
                         if made.get("software", {}).get(k) != wanted.software.get(k))
        return f"the software changed ({', '.join(changed)})"
    if made.get("notebook") != wanted.notebook:
        return "the report notebook changed"
    same_bytes = (manifest.get("provenance") or {}).get("data_checksum") == data_checksum
    if not same_bytes and made.get("org_checksum") != org_checksum():
        return "its organisation's data changed"
    if pdf and not (folder / REPORT_PDF).is_file():
        return "no PDF was made with it"
    return None


def data_fingerprint(path: str | Path) -> str:
    """``sha256:`` of the names and bytes of every file directly in a data folder (or of a workbook's bytes).

    Over-inclusive on purpose (a file wreslib ignores still counts): two folders with the same
    fingerprint hold the same data, whatever the reader makes of it.

    Examples
    --------
    >>> from wreslib.resources import example_data
    >>> data_fingerprint(example_data()) == data_fingerprint(example_data())
    True
    """
    target = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in target.iterdir() if p.is_file()) if target.is_dir() else [target]
    for file in files:
        digest.update(file.name.encode("utf-8") + b"\0" + file.read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


class LastBatch:
    """What the last finished batch into a folder read: the data's fingerprint and checksum, the year and
    the organisations it covered (``OUT/.wres/last-batch.json``; deleting it costs only time)."""

    def __init__(self, out: Path) -> None:
        self.path = out / STATE_DIR / LAST_BATCH
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            self.doc = doc if isinstance(doc, dict) and doc.get("wreslib") == VERSION else {}
        except (OSError, ValueError):
            self.doc = {}

    def data_checksum(self, fingerprint: str, year: int) -> str | None:
        """The checksum of the data read last time, if the files are the same and the year too."""
        if self.doc.get("fingerprint") == fingerprint and self.doc.get("year") == int(year):
            return self.doc.get("data_checksum")
        return None

    @property
    def codes(self) -> list[str]:
        return list(self.doc.get("codes", []))

    def save(self, fingerprint: str, year: int, data_checksum: str, codes: Iterable[str]) -> None:
        """Record a finished batch; ``codes`` are every organisation of the data."""
        doc = {"wreslib": VERSION, "fingerprint": fingerprint, "year": int(year), "data_checksum": data_checksum,
               "codes": list(codes)}
        self.path.parent.mkdir(exist_ok=True)
        write_text(self.path, json.dumps(doc, indent=0))


class ChecksumCache:
    """Organisation checksums of one version of the data, kept in ``OUT/.wres/org-checksums.json``.

    ``compute`` makes a missing one (``Dataset.org_checksum``); without it, a missing one is a KeyError.
    The file is a cache: deleting it costs only time. It holds the checksums of one data checksum (and
    wreslib version) at a time.
    """

    def __init__(self, out: Path, data_checksum: str, compute: Callable[[str], str] | None = None) -> None:
        self.path = out / STATE_DIR / CHECKSUM_CACHE
        self.compute = compute
        self.key = {"data_checksum": data_checksum, "wreslib": VERSION}
        self.values: dict[str, str] = {}
        self.changed = False
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            if {k: doc.get(k) for k in self.key} == self.key:
                self.values = dict(doc.get("org_checksums", {}))
        except (OSError, ValueError, AttributeError):
            pass

    def get(self, org_code: str) -> str:
        if org_code not in self.values:
            if self.compute is None:
                raise KeyError(org_code)
            self.values[org_code] = self.compute(org_code)
            self.changed = True
        return self.values[org_code]

    def remember(self, pairs: Iterable[tuple[str, str | None]]) -> None:
        """Add checksums computed elsewhere (by the kernels that made reports from this data)."""
        for code, checksum in pairs:
            if checksum and self.values.get(code) != checksum:
                self.values[code] = checksum
                self.changed = True

    def save(self) -> None:
        if self.changed:
            self.path.parent.mkdir(exist_ok=True)
            write_text(self.path, json.dumps({**self.key, "org_checksums": self.values}, indent=0, sort_keys=True))
            self.changed = False
