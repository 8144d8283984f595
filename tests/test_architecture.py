"""The layout shows the architecture: each module imports only from the layers below it, never a private
name of another module, and no module imports itself in a circle (what ``../shared/tools/house-check``
checks, held here as a test so a change that breaks it fails at once)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "wreslib"

#: The layers, lowest first. A module may import from its own layer's modules and from any layer below.
LAYERS: list[tuple[str, ...]] = [
    ("wreslib.errors", "wreslib.version", "wreslib.lru"),
    ("wreslib.options", "wreslib.resources"),
    ("wreslib.data",),
    ("wreslib.stats",),
    ("wreslib.measures",),
    ("wreslib.benchmark",),
    ("wreslib.export", "wreslib.audit"),
    ("wreslib.present",),
    ("wreslib.products",),
    ("wreslib.pipeline",),
    ("wreslib.cli",),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    for i, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    return None


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken, line) for every wreslib import in a file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wreslib") and not node.level:
            found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("wreslib")]
    return found


def sources() -> list[Path]:
    return list(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    unplaced = [module_name(p) for p in sources() if module_name(p) != "wreslib" and layer_of(module_name(p)) is None]
    assert unplaced == []


def test_modules_import_only_from_their_layer_and_below():
    wrong = []
    for path in sources():
        me = module_name(path)
        mine = layer_of(me)
        if mine is None:
            continue
        for target, names, line in imports(path):
            full = [f"{target}.{n}" for n in names] or [target]
            for item in full:
                theirs = layer_of(item) if layer_of(item) is not None else layer_of(target)
                if theirs is not None and theirs > mine:
                    wrong.append(f"{me}:{line} imports {item} from a higher layer")
    assert wrong == []


def test_no_private_name_is_taken_from_another_module():
    taken = []
    for path in sources():
        me = module_name(path)
        for target, names, line in imports(path):
            for name in names:
                if name.startswith("_") and not name.startswith("__") and target != me:
                    taken.append(f"{me}:{line} takes {name} from {target}")
    assert taken == []


def test_no_import_circles_between_modules():
    graph: dict[str, set[str]] = {}
    known = {module_name(p) for p in sources()}
    for path in sources():
        me = module_name(path)
        edges = set()
        for target, names, _ in imports(path):
            for candidate in [f"{target}.{n}" for n in names] + [target]:
                if candidate in known and candidate != me and not me.startswith(candidate + "."):
                    edges.add(candidate)
                    break
        graph[me] = edges
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif not state.get(nxt):
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if not state.get(node):
            visit(node, [])
    assert circles == []


def test_html_is_made_by_templates_not_strings():
    # A tag written in a Python string outside the templates is a second home for markup: only the kit's
    # Markup.format glue for links is allowed, in the products' sections.
    offenders = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                for match in ("<table", "<div", "<section", "<html", "<ul", "<h2", "<td", "<li"):
                    if match in node.value:
                        offenders.append(f"{module_name(path)}:{node.lineno} writes {match}")
    assert offenders == []
