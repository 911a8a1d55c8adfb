"""``ecosysteme diff --magasin M --depuis VERSION``: two published versions compare as their two source folders."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ecosysteme.stores.rdfstore import RdfStore
from tests.diff.versions import copy_example, edit


def run(*args):
    return subprocess.run([sys.executable, "-m", "ecosysteme", *map(str, args)], capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The two versions of the example, published one after the other into one store (dataset ``exemple``).

    Both folders are named ``exemple`` (the dataset's name, which the report shows), in two parent folders.
    """
    base = tmp_path_factory.mktemp("magasin")
    old = copy_example(base / "2020" / "exemple")
    new = edit(copy_example(base / "2021" / "exemple"))
    store = base / "magasin"
    names = []
    for folder in (old, new):
        result = run("magasin", "charger", folder, "-m", store, "-q")
        assert result.returncode == 0, result.stderr
        with RdfStore.open(store) as db:
            names.append(db.version)
    return store, names, (old, new)


def diff_json(tmp_path, *args) -> dict:
    out = tmp_path / f"diff{len(list(tmp_path.iterdir()))}.json"
    result = run("diff", *args, "--format", "json", "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_store_versions_diff_as_their_folders(published, tmp_path):
    store, (v1, v2), (old, new) = published
    expected = diff_json(tmp_path, old, new)
    assert expected["acteurs"]["retires"] == ["plomberie-brunet"]  # the edits are really there
    assert expected["ancien"] == expected["nouveau"] == "exemple"
    assert diff_json(tmp_path, "--magasin", store, "--depuis", v1) == expected  # NOUVEAU: the current version
    assert diff_json(tmp_path, "--magasin", store, "--depuis", v1, v2) == expected  # NOUVEAU: a version by name
    assert diff_json(tmp_path, "--magasin", store, "--depuis", v1, new) == expected  # NOUVEAU: a folder
    back = diff_json(tmp_path, "--magasin", store, "--depuis", v2, old)
    assert back["acteurs"]["ajoutes"] == expected["acteurs"]["retires"]


def test_markdown_report_names_the_same_changes(published):
    store, (v1, _v2), (old, new) = published
    from_store = run("diff", "--magasin", store, "--depuis", v1, "--sans-trous", "-q")
    from_folders = run("diff", old, new, "--sans-trous", "-q")
    assert from_store.returncode == 0, from_store.stderr
    assert from_store.stdout == from_folders.stdout


def test_french_errors(published, tmp_path):
    store, (v1, _v2), (old, new) = published
    result = run("diff", "--magasin", store, "--depuis", "v999999", "--sans-trous")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "pas de version « v999999 »" in result.stderr and v1 in result.stderr
    result = run("diff", "--magasin", store, "--depuis", v1, "--jeu", "autre", "--sans-trous")
    assert result.returncode == 2 and "ne garde pas les tableaux du jeu « autre »" in result.stderr
    result = run("diff", "--magasin", store, "--sans-trous")
    assert result.returncode == 2 and "--magasin et --depuis vont ensemble" in result.stderr
    result = run("diff", old, "--sans-trous")
    assert result.returncode == 2 and "donnez deux versions à comparer" in result.stderr
    result = run("diff", "--magasin", store, "--depuis", v1, old, new)
    assert result.returncode == 2 and "au plus un argument" in result.stderr
