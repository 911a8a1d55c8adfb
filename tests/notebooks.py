"""Run a notebook of ``notebooks/`` top to bottom in a real kernel (the venv's python3)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


def run_notebook(name: str, cwd: Path | None = None) -> tuple[list, str]:
    """Execute ``notebooks/<name>``; fail on any error output; return (outputs, printed text)."""
    import nbformat
    from nbclient import NotebookClient

    path = NOTEBOOKS / name
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd or path.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")  # as printed
    return outputs, text
