"""The wreslib version and the versions of the libraries that shape its figures, for provenance.

A published figure is traced back by the data checksum, the parameters and the software that made it:
wreslib itself and the libraries whose behaviour can change a number, a chart or the page (pandas, numpy,
scipy, statsmodels, matplotlib, papermill, nbconvert, Jinja2). Reports and tables record both.

This module imports nothing heavy: versions are read from the installed packages' metadata.
"""

from __future__ import annotations

from functools import cache

#: The wreslib version (also ``wreslib.__version__``); setuptools reads it from here.
VERSION = "0.2.0"

#: Libraries whose versions a report records: they compute, draw or lay out what a reader sees.
SHAPING_LIBRARIES: tuple[str, ...] = (
    "numpy", "pandas", "scipy", "statsmodels", "matplotlib", "papermill", "nbconvert", "jinja2",
)


@cache
def dependency_versions() -> dict[str, str]:
    """The installed version of each library in ``SHAPING_LIBRARIES`` ("not installed" when absent).

    Examples
    --------
    >>> versions = dependency_versions()
    >>> sorted(versions) == sorted(SHAPING_LIBRARIES) and versions["pandas"][0].isdigit()
    True
    """
    from importlib import metadata

    found = {}
    for name in SHAPING_LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def software() -> dict[str, str]:
    """wreslib's version and the shaping libraries' versions, as one mapping (what provenance records).

    Examples
    --------
    >>> software()["wreslib"] == VERSION
    True
    """
    return {"wreslib": VERSION, **dependency_versions()}
