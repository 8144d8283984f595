"""Tables for reports: a frame of display strings as an accessible, escaped pandas ``Styler``.

Every value has already been formatted (:mod:`wreslib.present.fmt`) and passed disclosure control
(:class:`wreslib.present.disclosure.Disclosure`); this module only lays it out. Text is HTML-escaped
(cells, column labels and the caption), the first column reads as the row's label, and the output is
deterministic (the same table gives the same bytes), so a report made twice from the same data is the
same file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from markupsafe import escape

from wreslib.present.blocks import TableBlock


def table(rows: Sequence[Sequence[object]], columns: Sequence[str], caption: str, *,
          text_columns: Sequence[int] = (0,), css: str = "data", keys: Sequence[Sequence[str]] | None = None,
          markup_columns: Sequence[int] = ()) -> TableBlock:
    """A table block from rows of display values.

    Parameters
    ----------
    rows, columns : the cells and the column headings (plain text; escaped here).
    caption : what the table shows (plain text; escaped here).
    text_columns : columns of words, aligned left (numbers align right).
    css : class of the table element.
    keys : optional disclosure keys of the cells, as CSS classes (lets a test find what each cell is).
    markup_columns : columns whose cells are markup made by a kit template (a rating badge), kept as made.

    Examples
    --------
    >>> t = table([["White", "30"], ["<b>BME</b>", "9"]], ["Group", "Appointed"], "Appointed & shortlisted")
    >>> html = str(t.html())
    >>> "&lt;b&gt;BME&lt;/b&gt;" in html and "Appointed &amp; shortlisted" in html and "<b>" not in html
    True
    """
    import pandas as pd

    frame = pd.DataFrame([list(r) for r in rows], columns=list(columns), dtype="object")
    classes = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for i in text_columns:
        classes.iloc[:, i] = "text"
    if keys is not None:
        for r, row in enumerate(keys):
            for c, key in enumerate(row):
                if key:
                    classes.iat[r, c] = (classes.iat[r, c] + f" k-{key}").strip()
    # A stable id from the table's content: two tables of one page never share it, and a page made twice
    # from the same figures is the same file.
    digest = hashlib.sha1(repr((list(columns), caption, [list(map(str, r)) for r in rows])).encode()).hexdigest()[:10]
    escaped = [c for i, c in enumerate(frame.columns) if i not in markup_columns]
    styler = (frame.style.hide(axis="index")
              .format(escape="html", subset=escaped, na_rep="")
              .format(lambda v: "" if v is None else str(v), subset=[frame.columns[i] for i in markup_columns])
              .format_index(escape="html", axis=1)
              .set_caption(str(escape(caption)))
              .set_table_attributes(f'class="{css}"')
              .set_td_classes(classes))
    styler.set_uuid(f"w{digest}")
    styler.cell_ids = False
    return TableBlock(styler, frame, caption)


def column_of(block: TableBlock, name: str) -> list[Any]:
    """The display values of one column (what a reader sees there)."""
    return list(block.frame[name])
