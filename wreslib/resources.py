"""Files that ship with wreslib: the report and benchmark notebooks, and the bundled example data.

The notebooks live at the top of the repository (``notebooks/``, where analysts look for them) and are
mapped into the package as ``wreslib.notebooks`` when it is built, so an installed wheel carries them and
finds them beside its modules. An editable install (``pip install -e .``, what ``make setup``
does) maps only the ``wreslib`` folder, so there the checkout's own ``notebooks/`` is used: the same files,
never a second copy.
"""

from __future__ import annotations

from pathlib import Path

import wreslib

REPORT_NOTEBOOK = "wres_report.ipynb"
BENCHMARK_NOTEBOOK = "wres_benchmark.ipynb"
EXPLORE_NOTEBOOK = "explore.ipynb"


def notebooks_folder() -> Path:
    """The folder holding the notebooks, from the installed package or, in an editable install, the checkout."""
    package = Path(wreslib.__file__).resolve().parent
    for folder in (package / "notebooks", package.parent / "notebooks"):
        if (folder / REPORT_NOTEBOOK).is_file():
            return folder
    raise FileNotFoundError("the wres notebooks are missing from this installation; reinstall wreslib")


def notebook(name: str = REPORT_NOTEBOOK) -> Path:
    """The path of one of the shipped notebooks.

    Examples
    --------
    >>> notebook().name
    'wres_report.ipynb'
    """
    path = notebooks_folder() / name
    if not path.is_file():
        raise FileNotFoundError(f"the notebook {name} is missing from this installation; reinstall wreslib")
    return path


def example_data() -> Path:
    """The bundled example (the QHG report of 2024): the checkout's ``data/example`` or the installed copy."""
    package = Path(wreslib.__file__).resolve().parent
    installed = package / "example_data"
    return installed if (installed / "workforce.csv").is_file() else package.parent / "data" / "example"


def data_path(given: str | Path) -> Path:
    """A data folder or workbook as a notebook's parameter names it.

    A path that exists from here is used as it is. The notebooks' default, ``data/example``, also works from
    ``notebooks/`` (JupyterLab opens them there) and from an installed wreslib (the bundled example).
    """
    path = Path(given)
    if path.exists() or path.is_absolute():
        return path
    parent = Path("..") / path
    if parent.exists():
        return parent
    if path.as_posix().rstrip("/") == "data/example":
        return example_data()
    return path
