"""Apps depend on each other in one direction, the direction the data flows.

    osc4you.lib  ←  projects  ←  contributors  ←  camps  ←  community  ←  osc4you (the shell)

A module may import from its own layer and the layers to its left, never from one to its
right, not even inside a function: where a lower step must start a higher one, it goes
through the pipeline higher apps register with. ``KNOWN`` lists the imports that still go
the wrong way, each with what takes it out; the list only shrinks.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Module prefixes, most specific first, and their layer.
LAYERS = [
    ("osc4you.lib", 0),
    ("projects", 1),
    ("contributors", 2),
    ("camps", 3),
    ("community", 4),
    ("osc4you", 5),
]

# Wrong-way imports left, as "importing module -> imported module": none since camps moved.
KNOWN: set[str] = set()


def layer_of(module: str) -> int | None:
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return None


def module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module the file imports, wherever the import statement stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def wrong_way_imports() -> set[str]:
    found = set()
    for package in ("osc4you", "projects", "contributors", "camps", "community"):
        for path in sorted((ROOT / package).rglob("*.py")) if (ROOT / package).exists() else []:
            if "migrations" in path.parts:
                continue
            importer = module_of(path)
            own = layer_of(importer)
            for imported in imports_of(path):
                layer = layer_of(imported)
                if own is not None and layer is not None and layer > own:
                    found.add(f"{importer} -> {imported}")
    return found


def test_it_finds_an_import_against_the_flow(tmp_path, monkeypatch):
    assert layer_of("projects.sync.git") < layer_of("contributors.models")
    assert layer_of("camps.figures") > layer_of("contributors.models")
    assert layer_of("osc4you.lib.cells") < layer_of("projects") < layer_of("osc4you.urls")
    module = tmp_path / "lower.py"
    module.write_text("def later():\n    from community import figures\n")
    assert imports_of(module) == {"community"}


def test_no_app_imports_a_higher_one():
    found = wrong_way_imports()
    assert found - KNOWN == set(), "imports against the flow (see this test's docstring)"


def test_the_known_exceptions_are_still_there():
    """A wrong-way import taken out must leave KNOWN too, so the list only shrinks."""
    assert KNOWN - wrong_way_imports() == set()
