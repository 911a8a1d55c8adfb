"""Run notebooks of ``notebooks/`` top to bottom and save them with their outputs.

    python scripts/run_notebooks.py chercheur.ipynb

The saved outputs are what a reader sees on GitHub or in JupyterLab before
running anything; ``tests/server/test_notebook.py`` re-runs the researcher's
notebook and checks that its saved text outputs are still the ones it prints
(server port and temporary paths aside). Run from the repository, with the
project's venv (``.venv/bin/python scripts/run_notebooks.py …``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from ecosysteme.fs import atomic_write

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run_and_save(name: str) -> Path:
    """Execute ``notebooks/<name>`` in a fresh kernel and write it back with its outputs (atomically)."""
    path = NOTEBOOKS / name
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="carnet-") as tmp:
        os.environ["ECOSYSTEME_SORTIES"] = tmp
        for variable in ("ECOSYSTEME_MAGASIN", "ECOSYSTEME_SPARQL"):
            os.environ.pop(variable, None)
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for cell in nb.cells if cell.cell_type == "code"
              for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        raise SystemExit(f"{name} : une cellule a échoué : {errors[0].get('ename')} {errors[0].get('evalue')}")
    with atomic_write(path) as out:
        nbformat.write(nb, out)
    return path


if __name__ == "__main__":
    for name in sys.argv[1:] or ["chercheur.ipynb"]:
        print(f"carnet enregistré avec ses sorties : {run_and_save(name)}")
