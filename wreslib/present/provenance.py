"""Where a page's figures came from: enough to trace a published figure back and make it again.

Every report, benchmark page and table states the checksum of the input data, the software that made it
(wreslib and the libraries that shape figures and pages) and its parameters. A shared page names the
data by checksum and by a path relative to where the command ran, never by the machine's own folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wreslib.version import software


def data_name(path: str | Path, *, start: str | Path | None = None) -> str:
    """How a shared page names the data: relative to ``start`` (the working folder) when inside it, else
    only the folder or file name, so that no machine's folders (``/home/…``) reach a shared file.

    Examples
    --------
    >>> data_name("/srv/team/wres/data/example", start="/srv/team/wres")
    'data/example'
    >>> data_name("/home/someone/private/data/example", start="/srv/team/wres")
    'example'
    """
    target = Path(path).resolve() if Path(path).exists() else Path(os.path.abspath(path))
    base = Path(start).resolve() if start is not None and Path(start).exists() else Path(
        os.path.abspath(start or os.getcwd()))
    try:
        return target.relative_to(base).as_posix() or "."
    except ValueError:
        return target.name


@dataclass(frozen=True)
class Provenance:
    """The checksum of the input data (and of one organisation's own rows), software and parameters."""

    data_checksum: str
    data_name: str
    parameters: dict[str, Any]
    org_checksum: str | None = None
    software: dict[str, str] = field(default_factory=software)

    def lines(self) -> list[str]:
        """Short lines for a page footer."""
        versions = ", ".join(f"{k} {v}" for k, v in self.software.items())
        parameters = ", ".join(f"{k}={v}" for k, v in sorted(self.parameters.items()))
        return [f"Data {self.data_name}, checksum {self.data_checksum}",
                f"Made with {versions}", f"Parameters: {parameters}"]

    def as_dict(self) -> dict[str, Any]:
        return {"data_checksum": self.data_checksum, "org_checksum": self.org_checksum, "data": self.data_name,
                "software": dict(self.software), "parameters": dict(self.parameters)}
