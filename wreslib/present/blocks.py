"""What a report shows, as objects a notebook displays: prose, headings, tables, charts, sections.

A notebook cell that returns a :class:`Section` shows each of its blocks as its own output: headings and
sentences as Markdown (with an HTML rendering made from wres's templates, which the shared page uses),
tables as pandas ``Styler`` objects, charts as images. An analyst can take any block out and restyle it;
the shared HTML is made from exactly the same objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from wreslib.present import html

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def markdown_text(text: object) -> str:
    """Plain text made safe for Markdown (its special characters escaped).

    Examples
    --------
    >>> markdown_text("a_b <c> *d*")
    'a\\\\_b \\\\<c\\\\> \\\\*d\\\\*'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(Markup(text).striptags() if isinstance(text, Markup) else text))


def plain(text: object) -> str:
    """The visible text of a sentence (markup removed)."""
    return Markup(text).striptags() if isinstance(text, Markup) else str(text)


class Block:
    """One displayed thing: it renders as HTML for the page and says what text a reader sees."""

    def html(self) -> Markup:
        raise NotImplementedError

    def text(self) -> str:
        return Markup(self.html()).striptags()

    def _repr_html_(self) -> str:
        return str(self.html())


@dataclass(frozen=True)
class Heading(Block):
    """A section or subsection heading with its anchor."""

    text_: str
    anchor: str
    level: int = 2

    def html(self) -> Markup:
        return html.render("heading.html.j2", level=self.level, anchor=self.anchor, text=self.text_)

    def text(self) -> str:
        return self.text_

    def _repr_markdown_(self) -> str:
        return f"{'#' * self.level} {markdown_text(self.text_)}"


@dataclass(frozen=True)
class Prose(Block):
    """Paragraphs of sentences (plain text, escaped when rendered; ``Markup`` kept as made)."""

    paragraphs: tuple[object, ...]
    css: str | None = None

    def html(self) -> Markup:
        return html.render("prose.html.j2", paragraphs=self.paragraphs, css=self.css)

    def text(self) -> str:
        return "\n\n".join(plain(p) for p in self.paragraphs)

    def _repr_markdown_(self) -> str:
        return "\n\n".join(markdown_text(p) for p in self.paragraphs)


@dataclass(frozen=True)
class Items(Block):
    """A list of sentences (bulleted, or numbered with ``ordered``)."""

    items: tuple[object, ...]
    css: str | None = None
    ordered: bool = False

    def html(self) -> Markup:
        return html.render("list.html.j2", tag="ol" if self.ordered else "ul", items=self.items, css=self.css)

    def text(self) -> str:
        return "\n".join(plain(i) for i in self.items)

    def _repr_markdown_(self) -> str:
        marker = "1." if self.ordered else "-"
        return "\n".join(f"{marker} {markdown_text(i)}" for i in self.items)


@dataclass(frozen=True)
class Fragment(Block):
    """Markup made by a template of the kit (a rating badge, a call-out, the organisation's own words)."""

    markup: Markup
    markdown: str = ""

    def html(self) -> Markup:
        return self.markup

    def _repr_markdown_(self) -> str:
        return self.markdown or markdown_text(self.text())


@dataclass(frozen=True)
class TableBlock(Block):
    """A table: a pandas ``Styler`` (``styler``) over a frame of display strings (``frame``).

    On a page the table sits in a box that scrolls sideways on its own when the screen is narrower than
    the table (a phone), so the page never does; the box can take the keyboard's focus to scroll, and is
    named by the table's caption (WCAG 2.2: 1.4.10 reflow, 2.1.1 keyboard).
    """

    styler: Any
    frame: Any
    caption: str = ""

    def html(self) -> Markup:
        return html.render("table.html.j2", table=Markup(self.styler.to_html()), caption=self.caption)

    def text(self) -> str:
        return Markup(self.html()).striptags()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display({"text/html": str(self.html()), "text/plain": self.frame.to_string(index=False)}, raw=True)


@dataclass(frozen=True)
class Section:
    """A section of a page: its blocks in order. In a notebook each block is its own output."""

    anchor: str
    title: str
    blocks: tuple[Any, ...] = field(default=())

    def html(self) -> Markup:
        # The blocks one after another, exactly as the notebook's outputs come out in the shared page.
        return Markup("\n").join(Markup(b.html()) for b in self.blocks)

    def text(self) -> str:
        return "\n\n".join(b.text() for b in self.blocks)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for block in self.blocks:
            display(block)

    def __iter__(self) -> Iterable[Any]:
        return iter(self.blocks)


def section(anchor: str, title: str, blocks: Sequence[Any], *, level: int = 2) -> Section:
    """A section that opens with its heading."""
    return Section(anchor, title, (Heading(title, anchor, level), *[b for b in blocks if b is not None]))
