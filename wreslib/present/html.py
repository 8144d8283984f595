"""HTML from templates: the Jinja2 environment of wres pages (autoescaped) and its template folders.

Every page and fragment is a template under ``wreslib/present/templates``: ``wres/`` holds the page
layout and the stylesheet (also the nbconvert template that turns an executed notebook into a page),
``parts/`` the fragments (prose, figures, ratings, lists). Text from data reaches HTML only through a
template, where autoescaping applies; markupsafe's ``Markup`` marks what a template already made.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

__all__ = ["Markup", "environment", "escape", "render", "stylesheet", "template_root"]


def template_root() -> Path:
    """The folder holding the templates (package data; works from a wheel as from a checkout)."""
    return Path(str(resources.files("wreslib.present") / "templates"))


@cache
def environment() -> Any:
    """The Jinja2 environment of wres's own pages and fragments (autoescaped, strict about undefined names)."""
    import jinja2

    root = template_root()
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(root / "wres"), str(root / "parts"), str(root)]),
        autoescape=jinja2.select_autoescape(["html", "j2", "html.j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


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


def stylesheet() -> str:
    """The one stylesheet of every page."""
    return (template_root() / "wres" / "style.css").read_text(encoding="utf-8")
