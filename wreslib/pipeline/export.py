"""An executed notebook as a shared page: nbconvert with wres's own template, no code, no parameters.

The export keeps only what a reader should see: display outputs of code cells (HTML made by wreslib's
templates, Markdown, images), never the code, the parameters cell, the injected parameters, streams or
errors (batch pitfall 3: papermill's ``report_mode`` only sets metadata that nbconvert ignores). The page
layout is the ``wres`` nbconvert template in ``wreslib/present/templates``, which shares its layout macros
and stylesheet with every other wres page. One self-contained file, images embedded (pitfall 7: no lab
template's 260 KB of CSS per report).

The exporter is nbconvert's ``TemplateExporter`` writing HTML, not its ``HTMLExporter``: the latter
parses every finished page again with BeautifulSoup only to add alt text to images that lack it and
keyboard focus to JupyterLab's cell wrappers, half the cost of an export. The ``wres`` template writes
alt text on every image and has no such wrappers, so its output is the page as it stands.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: Cells whose tags mark them as not part of the shared page.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove_cell"})
SHOWN_OUTPUTS = frozenset({"display_data", "execute_result"})


def _preprocessor() -> Any:
    from nbconvert.preprocessors import Preprocessor

    class Shareable(Preprocessor):  # type: ignore[misc]
        """Drop hidden cells, code, and every output that is not a display (streams, errors)."""

        def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
            kept = []
            for cell in nb.cells:
                if HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
                    continue
                if cell.cell_type == "code":
                    cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") in SHOWN_OUTPUTS]
                    if not cell.outputs:
                        continue
                    cell.source = ""
                kept.append(cell)
            nb.cells = kept
            return nb, resources

    return Shareable


def _markdown(source: str) -> str:
    """Markdown as HTML, headings without nbconvert's pilcrow anchor links."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    return MarkdownWithMath(renderer=IPythonRenderer(escape=False, anchor_link_text="")).render(source)


@cache
def exporter() -> Any:
    """The HTML exporter with the ``wres`` template (made once per process)."""
    from nbconvert.exporters import TemplateExporter

    from wreslib.present.html import FILTERS, template_root

    class PageExporter(TemplateExporter):  # type: ignore[misc]
        """A notebook as one HTML page through a template (see the module docstring)."""

        output_mimetype = "text/html"
        export_from_notebook = None

        def _file_extension_default(self) -> str:
            return ".html"

    # Only wres's own preprocessor: nbconvert's defaults do nothing here, yet the notebook is validated
    # against the schema after each of them (eleven checks of every page).
    exp = PageExporter(template_name="wres", extra_template_basedirs=[str(template_root())],
                       exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                       filters=dict(FILTERS), default_preprocessors=[])
    exp.register_preprocessor(_preprocessor(), enabled=True)
    exp.register_filter("markdown2html", _markdown)
    return exp


def export_html(nb: Any, page: dict[str, Any]) -> str:
    """A self-contained, code-free page of an executed notebook; ``page`` holds the layout's settings
    (title, running title, synthetic marker, footer lines; every value escaped by the template). The
    notebook is left as it was (the exporter works on its own copy)."""
    body, _ = exporter().from_notebook_node(nb, resources={"wres": page})
    return body
