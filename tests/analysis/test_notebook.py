"""The secretariat's notebook runs from top to bottom in a real kernel."""

from __future__ import annotations

from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "secretariat.ipynb"


def test_secretariat_notebook_executes():
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "Réseau : 90 acteurs, 74 programmes" in text
    assert "ROC AUC" in text and "Adamic-Adar seul" in text
    assert "trous.html" in text and "trous.csv" in text
