"""The import rules of the layout (docs/architecture.md), read from the source with `ast`.

- `xinyong/records` (the domain) and `xinyong/search_index` import neither Flask nor the web
  packages (`xinyong.site`, `xinyong.widgets`, `xinyong.web`): rules and writes are callable from
  the CLI, tests and workers without an app.
- `xinyong/web` (plumbing shared by the site and the widget) and `xinyong/widgets` import no
  `xinyong.site`: the site registers the widget, never the other way round.
- No folder holds more than 16 modules side by side (a newcomer reads a folder at a glance).

Imports inside functions and under `if TYPE_CHECKING:` count too: a lazy import is still an import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xinyong"
WEB = (
    "flask",
    "flask_limiter",
    "flask_wtf",
    "werkzeug.routing",
    "werkzeug.exceptions",
    "xinyong.site",
    "xinyong.widgets",
    "xinyong.web",
)
RULES = {
    "records": WEB,
    "search_index": WEB,
    "web": ("xinyong.site", "xinyong.widgets"),
    "widgets": ("xinyong.site",),
}
MAX_MODULES = 16


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _forbidden(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_imports_only_what_its_layer_may(package: str) -> None:
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
        for path in sorted((PACKAGE / package).rglob("*.py"))
        for line, name in _imports(path)
        if _forbidden(name, RULES[package])
    ]
    assert wrong == []


@pytest.mark.parametrize("package", ["records", "search_index"])
def test_domain_reads_no_environment(package: str) -> None:
    """Settings arrive as arguments (xinyong/settings.py reads XINYONG_* once), never from os.environ."""
    reads = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in sorted((PACKAGE / package).rglob("*.py"))
        if "migrations" not in path.parts
        for node in ast.walk(ast.parse(path.read_bytes()))
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
    ]
    assert reads == []


def test_no_relative_imports() -> None:
    """Absolute imports only, so a moved module is found by its dotted name wherever it is used."""
    relative = [
        str(path.relative_to(PACKAGE.parent))
        for path in sorted(PACKAGE.rglob("*.py"))
        if any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(ast.parse(path.read_bytes())))
    ]
    assert relative == []


def test_no_folder_holds_more_than_16_modules() -> None:
    crowded = {}
    for folder in [PACKAGE, *(p for p in PACKAGE.rglob("*") if p.is_dir())]:
        if "__pycache__" in folder.parts or "migrations" in folder.parts:
            continue  # Alembic's versions/ grows by one file per schema change, by design
        modules = [p for p in folder.glob("*.py")]
        if len(modules) > MAX_MODULES:
            crowded[str(folder.relative_to(PACKAGE.parent))] = len(modules)
    assert crowded == {}


def test_the_rules_see_the_imports_they_forbid(tmp_path: Path) -> None:
    """The reader finds every form of import (so an empty result above means something)."""
    source = tmp_path / "m.py"
    source.write_text(
        "import flask\nfrom xinyong.site import create_app\n"
        "def f():\n    from xinyong.widgets.views import blueprint\n",
        encoding="utf-8",
    )
    names = [name for _line, name in _imports(source)]
    assert [n for n in names if _forbidden(n, WEB)] == [
        "flask",
        "xinyong.site",
        "xinyong.site.create_app",
        "xinyong.widgets.views",
        "xinyong.widgets.views.blueprint",
    ]
