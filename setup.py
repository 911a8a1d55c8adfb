"""Build hook: a wheel carries the ontology and the bundled data under ``ecosysteme/_data/``.

Everything else is declared in pyproject.toml. The repository keeps a single
copy of ``ontology/`` and ``data/`` (the single source of truth); this hook
copies them into the wheel being built, where
:func:`ecosysteme.datasets.shipped` looks first. An editable install
(``pip install -e .``) gets no copy and keeps reading the checkout, so edits to
``ontology/`` or ``data/`` take effect without reinstalling.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: checkout folder -> folder under ecosysteme/_data (see ecosysteme.datasets.SHIPPED)
SHIPPED = {
    "ontology": "ontology",
    "data/territoires": "territoires",
    "data/reseau": "reseau",
    "data/exemple-epci": "exemple-epci",
}


class BuildPyWithData(build_py):
    def run(self) -> None:
        editable = getattr(self, "editable_mode", False)
        if not editable:  # build/lib is reused between builds: a module deleted since must not ship
            shutil.rmtree(Path(self.build_lib) / "ecosysteme", ignore_errors=True)
        super().run()
        if editable:
            return
        target = Path(self.build_lib) / "ecosysteme" / "_data"
        for source, name in SHIPPED.items():
            shutil.copytree(ROOT / source, target / name)


setup(cmdclass={"build_py": BuildPyWithData})
