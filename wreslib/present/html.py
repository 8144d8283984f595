"""HTML from templates: the Jinja2 environment of wres pages (autoescaped) and its template folders.

Every page and fragment is a template under ``wreslib/present/templates``: ``wres/`` holds the page
layout and the stylesheet (also the nbconvert template that turns an executed notebook into a page),
``parts/`` the fragments (prose, figures, ratings, lists). Text from data reaches HTML only through a
template, where autoescaping applies; markupsafe's ``Markup`` marks what a template already made.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

__all__ = ["FILTERS", "Markup", "css_string", "environment", "escape", "page", "render", "stylesheet",
           "template_root"]


def template_root() -> Path:
    """The folder holding the templates (package data; works from a wheel as from a checkout)."""
    return Path(str(resources.files("wreslib.present") / "templates"))


def css_string(text: object) -> Markup:
    """Text as the inside of a double-quoted CSS string (for the running title of printed pages).

    Every character but letters, digits, spaces and a few safe marks becomes a CSS escape, so nothing from
    data can end the string, the rule or the ``<style>`` element. Each escape ends with the one space
    CSS reads as part of it, so a space after it in the text is kept.

    Examples
    --------
    >>> print(str(css_string('WRES 2024 · "A&B" </style>')) + "|")
    WRES 2024 \\b7  \\22 A\\26 B\\22  \\3c /style\\3e |
    """
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:;()-_/")
    return Markup("".join(c if c in safe else f"\\{ord(c):x} " for c in str(text)))


#: Filters every wres template may use (registered in wreslib's environment and in the nbconvert exporter).
FILTERS = {"css_string": css_string}


@cache
def environment() -> Any:
    """The Jinja2 environment of wres's own pages and fragments (autoescaped, strict about undefined names)."""
    import jinja2

    root = template_root()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(root / "wres"), str(root / "parts"), str(root)]),
        autoescape=jinja2.select_autoescape(["html", "j2", "html.j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def render(template: str, **context: Any) -> Markup:
    """Render a template to safe markup.

    Examples
    --------
    >>> print(render("prose.html.j2", paragraphs=["A & <b>B</b>"], css=None))
    <div class="prose">
    <p>A &amp; &lt;b&gt;B&lt;/b&gt;</p>
    </div>
    """
    return Markup(environment().get_template(template).render(**context).strip())


def page(settings: dict[str, Any], sections: Iterable[Any]) -> str:
    """A whole page rendered in-process: the layout of ``page.html.j2`` (the one the notebook export uses)
    around the sections' markup, one after another; ``settings`` are the layout's (title, running title,
    synthetic marker, footer lines)."""
    layout = environment().get_template("page.html.j2").module
    body = Markup("\n").join(section.html() for section in sections)
    return str(layout.head(settings)) + "\n" + str(body) + "\n" + str(layout.foot(settings))


def stylesheet() -> str:
    """The one stylesheet of every page."""
    return (template_root() / "wres" / "style.css").read_text(encoding="utf-8")
