"""The library as a notebook user meets it: a cheap import, one Ecosystem object, one error tree."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ("pandas", "numpy", "networkx", "rdflib", "pyoxigraph", "sklearn", "scipy", "matplotlib", "neo4j")


def test_importing_the_package_loads_no_heavy_library():
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import ecosysteme, ecosysteme.cli"],
                         capture_output=True, text=True, check=True).stderr
    loaded = {line.rsplit("|", 1)[1].strip() for line in out.splitlines() if "|" in line}
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "ecosysteme.errors" in loaded  # the probe reads what it should


def test_lazy_names_resolve_to_the_real_functions():
    import ecosysteme
    from ecosysteme.io import load

    assert ecosysteme.load is load
    assert ecosysteme.analysis.__name__ == "ecosysteme.analysis"


def test_every_exception_class_lives_in_errors_py():
    """User-facing exceptions are defined once, in errors.py (private control-flow ones aside)."""
    elsewhere = []
    for path in (ROOT / "src" / "ecosysteme").rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_") and any(
                    (isinstance(b, ast.Name) and (b.id.endswith(("Error", "Exception")) or b.id == "KeyError"))
                    for b in node.bases):
                elsewhere.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert not elsewhere, elsewhere
