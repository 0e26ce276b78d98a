"""The layers' import rules (docs/architecture.md), read from the source of every app.

Every import counts, at the top of a module or inside a function, and so does a URL
configuration included by name (`include("app.urls")`): a dependency hidden in a string is
still one. No exception is listed.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern

ROOT = Path(__file__).resolve().parent.parent

#: What each app must never import.
FORBIDDEN = {
    # The domains import no surface and no publisher: they expose services and selectors.
    "accreditation": {"reviewers", "desk", "portal", "cms", "registry_export", "demo"},
    "reviewers": {"desk", "portal", "cms", "registry_export", "demo"},
    # The publishers read the core's published items and events, never each other or the
    # reviewers' internals.
    "cms": {"registry_export", "reviewers", "desk", "portal", "demo"},
    "registry_export": {"cms", "reviewers", "desk", "portal", "demo"},
    # A surface composes the domains; it never reaches into the demo or another surface.
    "desk": {"portal", "demo"},
    "portal": {"desk", "demo"},
    # Nothing the product runs imports the demo.
    "accounts": {"demo"},
    "config": {"demo"},
    "outbox": {"demo"},
}


def _package(path, root):
    """The dotted parts of the package `path` is in (itself, for an __init__.py)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1]


def imported_apps(path, root=ROOT):
    """The top-level packages `path` imports, by import statement or by `include("...")`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level:
            # "from . import x" inside a/b/c.py is a.b; "from .. import x" is a.
            package = _package(path, root)
            found.add((package[: len(package) - node.level + 1] or [node.module])[0])
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module.split(".")[0])
        elif _is_include(node):
            found.add(node.args[0].value.split(".")[0])
    return found


def _is_include(node):
    """`include("app.urls")` or `path.include(...)`: a URL configuration named by a string."""
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "include"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def breaks():
    """{(module, forbidden app it imports)} over every app's Python files."""
    found = set()
    for app, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            module = path.relative_to(ROOT).as_posix()
            found |= {(module, other) for other in imported_apps(path) & forbidden}
    return found


def test_the_layers_import_only_what_their_rules_allow():
    assert breaks() == set()


def test_the_reader_sees_relative_imports_functions_and_url_includes(tmp_path):
    package = tmp_path / "accreditation" / "views"
    package.mkdir(parents=True)
    module = package / "page.py"
    module.write_text(
        "from .. import selectors\n"
        "from . import helpers\n"
        "def view():\n"
        "    from reviewers import blind\n"
        "urlpatterns = [path('x/', include('cms.urls'))]\n"
    )
    assert imported_apps(module, root=tmp_path) == {"accreditation", "reviewers", "cms"}


@pytest.mark.parametrize("surface", ["desk", "portal"])
def test_each_surface_lists_its_own_pages(surface):
    """A surface's urls.py names every page under its namespace itself, and each is one of its
    own views: no domain keeps a desk or portal page, and none is included from elsewhere."""
    urls = importlib.import_module(f"{surface}.urls")
    elsewhere = {
        str(pattern.pattern): getattr(pattern, "callback", None) and pattern.callback.__module__
        for pattern in urls.urlpatterns
        if not isinstance(pattern, URLPattern)
        or not pattern.callback.__module__.startswith(f"{surface}.views.")
    }
    assert elsewhere == {}
